//! Keeping the search index in step with the event log, and searching it.

use ideaforge_domain::IdeaId;
use ideaforge_domain::idea::Stage;
use ideaforge_search::{Doc, Kind, SearchIndex};

use crate::{App, Internal};

impl App {
    /// Applies the events the index has not seen yet, at most `batch` of them, and commits the
    /// index with the last one as its cursor. Returns how many events were applied; replaying an
    /// event is harmless because documents are upserted by key.
    pub async fn index_events(&self, index: &SearchIndex, batch: u64) -> Result<usize, Internal> {
        let cursor = index.cursor().map_err(Internal::new)?.unwrap_or(0);
        let events = self.store.events_after(i64::try_from(cursor).unwrap_or(i64::MAX), batch).await?;
        let Some(last) = events.last().map(|e| e.id) else {
            return Ok(0);
        };
        let mut ideas: Vec<IdeaId> =
            events.iter().filter_map(|e| e.subject.strip_prefix("idea:")).filter_map(|id| id.parse().ok()).collect();
        ideas.sort();
        ideas.dedup();
        let mut docs = Vec::with_capacity(ideas.len());
        for id in ideas {
            match self.store.idea(id).await? {
                // Merged ideas live on in their target: searching finds the target only.
                Some(idea) if idea.stage != Stage::Duplicate => docs.push(Doc {
                    kind: Kind::Idea,
                    id: id.get(),
                    title: idea.content.title.as_str().to_owned(),
                    summary: idea.content.summary.as_str().to_owned(),
                    body: idea.content.body.as_str().to_owned(),
                    tags: idea.content.tags.as_slice().iter().map(|t| t.as_str().to_owned()).collect(),
                    category: idea.content.category.as_str().to_owned(),
                    stage: idea.stage.as_str().to_owned(),
                    votes: idea.votes,
                    created_at: idea.created_at.unix_timestamp(),
                }),
                _ => index.remove(Kind::Idea, id.get()),
            }
        }
        index.upsert(&docs).map_err(Internal::new)?;
        index.commit(u64::try_from(last).unwrap_or(0)).map_err(Internal::new)?;
        Ok(events.len())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use ideaforge_domain::idea::IdeaContent;
    use ideaforge_domain::{NewUser, Role};
    use ideaforge_search::SearchIndex;
    use ideaforge_store::Store;
    use ideaforge_store::testing::{Engine, TestDb};

    use crate::{App, AppConfig, SystemClock};

    ideaforge_store::on_both_engines!(the_indexer_follows_the_event_log);

    async fn the_indexer_follows_the_event_log(engine: Engine) {
        let db = TestDb::new(engine).await;
        let store = Store::connect(db.config()).await.expect("connect");
        store.migrate().await.expect("migrate");
        let app = App::new(store, Arc::new(SystemClock), &AppConfig::default());
        let mut new = NewUser::parse("mod@example.com", "Mod", "correct horse battery").expect("valid");
        new.role = Role::Moderator;
        let author = app.create_user(&new).await.expect("user");
        let voter = app
            .create_user(&NewUser::parse("voter@example.com", "Voter", "correct horse battery").expect("valid"))
            .await
            .expect("user");
        let content = |title: &str| IdeaContent::parse(title, "Summary", "Body text", "kitchen", "").expect("valid");
        let kettle = app.submit_idea(&author, None, &content("Singing kettle"), &[]).await.expect("idea");
        let copy = app.submit_idea(&author, None, &content("Singing kettle copy"), &[]).await.expect("idea");
        let korean = app.submit_idea(&author, None, &content("조용한 주방 환풍기"), &[]).await.expect("idea");

        let dir = tempfile::tempdir().expect("dir");
        let index = SearchIndex::open(dir.path()).expect("index");
        assert!(app.index_events(&index, 1_000).await.expect("index") > 0);
        assert_eq!(index.search("kettle", 0, 10).expect("search").total, 2);
        assert_eq!(index.search("주방", 0, 10).expect("search").hits[0].id, korean.get());
        assert_eq!(app.index_events(&index, 1_000).await.expect("again"), 0, "nothing new");

        app.vote(&voter, kettle, true).await.expect("vote");
        app.move_stage(&author, copy, "duplicate", "Same idea", Some(kettle)).await.expect("merge");
        app.index_events(&index, 1_000).await.expect("index");
        let results = index.search("kettle", 0, 10).expect("search");
        assert_eq!(
            results.hits.iter().map(|h| h.id).collect::<Vec<_>>(),
            [kettle.get()],
            "the duplicate left the index"
        );

        drop(index);
        let reopened = SearchIndex::open(dir.path()).expect("reopen");
        assert_eq!(app.index_events(&reopened, 1_000).await.expect("resume"), 0, "the cursor survived the restart");
        assert_eq!(
            reopened.cursor().expect("cursor"),
            Some(u64::try_from(app.store().last_event_id().await.expect("last")).expect("positive"))
        );
    }
}
