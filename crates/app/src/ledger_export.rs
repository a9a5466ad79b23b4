//! The ledger taken out by administrators, batch by batch, so that the web can stream it whatever
//! its size.

use ideaforge_domain::{Role, User};
use ideaforge_store::{LedgerLine, Store};

use crate::App;
use crate::challenges::ChallengesError;

/// An export of the ledger under way: each call gives the next entries, in id order.
#[derive(Debug)]
pub struct LedgerExport {
    store: Store,
    after: i64,
    done: bool,
}

impl LedgerExport {
    /// Entries per batch.
    pub const BATCH: u64 = 1_000;

    /// The next batch, or `None` once every entry was given.
    pub async fn next_batch(&mut self) -> Result<Option<Vec<LedgerLine>>, ChallengesError> {
        if self.done {
            return Ok(None);
        }
        let batch = self.store.ledger_lines_after(self.after, Self::BATCH).await?;
        self.done = (batch.len() as u64) < Self::BATCH;
        match batch.last() {
            Some(last) => {
                self.after = last.entry;
                Ok(Some(batch))
            }
            None => Ok(None),
        }
    }
}

impl App {
    /// Starts an export of every ledger entry with its transaction (administrators only).
    pub async fn export_ledger(&self, actor: &User) -> Result<LedgerExport, ChallengesError> {
        if actor.role != Role::Admin {
            return Err(ChallengesError::Forbidden);
        }
        Ok(LedgerExport { store: self.store.clone(), after: 0, done: false })
    }
}
