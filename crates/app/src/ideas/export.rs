//! A contest's ideas taken out by its organization's managers, batch by batch, so that the web can
//! stream an export of any size while holding one batch.

use ideaforge_domain::{ContestId, User};
use ideaforge_store::{ExportedIdea, Store};

use super::IdeasError;
use crate::App;

/// An export under way: each call gives the next batch of ideas, in id order, until none is left.
#[derive(Debug)]
pub struct IdeaExport {
    store: Store,
    contest: ContestId,
    after: i64,
    done: bool,
}

impl IdeaExport {
    /// Ideas per batch.
    pub const BATCH: u64 = 500;

    /// The next batch, or `None` once every idea was given.
    pub async fn next_batch(&mut self) -> Result<Option<Vec<ExportedIdea>>, IdeasError> {
        if self.done {
            return Ok(None);
        }
        let batch = self.store.exported_ideas_after(self.contest, self.after, Self::BATCH).await?;
        self.done = (batch.len() as u64) < Self::BATCH;
        match batch.last() {
            Some(last) => {
                self.after = last.id.get();
                Ok(Some(batch))
            }
            None => Ok(None),
        }
    }
}

impl App {
    /// Starts an export of a contest's ideas with their votes and stages (its organization's
    /// managers only; asked before anything is read).
    pub async fn export_contest_ideas(&self, actor: &User, id: ContestId) -> Result<IdeaExport, IdeasError> {
        self.check_contest_manager(actor, id).await?;
        Ok(IdeaExport { store: self.store.clone(), contest: id, after: 0, done: false })
    }
}
