//! Search: keeping the index in step with the event log, rebuilding it, and querying it.
//!
//! The index is a projection of the database. [`App::run_search_indexer`] owns it: it opens the
//! folder (rebuilding from the database when the folder is new, corrupt, of another schema version
//! or ahead of the database), then applies new events in batches a few times a second. If the folder
//! disappears while the server runs, it builds a fresh one while searches keep using the old one,
//! then swaps. Every other page works whatever state the index is in.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use ideaforge_domain::search::{SearchKind, SearchQuery, SearchSort};
use ideaforge_domain::{CampaignId, ChallengeId, FieldErrors, IdeaId};
use ideaforge_search::{Doc, Filters, Kind, Request, Sort};
use ideaforge_store::{SearchableCampaign, SearchableChallenge, SearchableIdea};
use tokio::sync::watch;

pub use ideaforge_search::{FacetCounts, Facets, Hit, Kind as HitKind, Results as SearchResults, SearchIndex};

use crate::{App, Internal};

/// Results on one page of a search.
pub const SEARCH_PAGE_SIZE: usize = 20;
/// Ideas read from the database per batch when rebuilding.
const REBUILD_BATCH: u64 = 5_000;
/// Events applied per index commit.
const EVENT_BATCH: u64 = 2_000;
/// The name of the file whose absence means the index folder was removed.
const INDEX_META: &str = "meta.json";

/// Why a search has no results to show.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The parameters could not be understood (`q` empty or too long, an unknown sort, …); any
    /// words are a query.
    #[error("invalid search")]
    Invalid(FieldErrors),
    /// The index is being built for the first time; other pages work meanwhile.
    #[error("the search index is being built")]
    Unavailable,
    /// Something broke inside.
    #[error(transparent)]
    Internal(#[from] Internal),
}

/// A page of search results.
#[derive(Clone, Debug)]
pub struct SearchPage {
    /// The matches, their total and facet counts.
    pub results: SearchResults,
    /// This page, from 1.
    pub page: u32,
    /// Whether there is a next page.
    pub more: bool,
}

/// The index searches use now; replaced when the indexer rebuilds it.
#[derive(Debug, Default)]
pub(crate) struct LiveIndex(RwLock<Option<Arc<SearchIndex>>>);

impl LiveIndex {
    fn get(&self) -> Option<Arc<SearchIndex>> {
        self.0.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    fn set(&self, index: Arc<SearchIndex>) {
        *self.0.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(index);
    }
}

fn to_doc(idea: SearchableIdea) -> Doc {
    Doc {
        kind: Kind::Idea,
        id: idea.id.get(),
        title: idea.title,
        summary: idea.summary,
        body: idea.body,
        tags: idea.tags,
        category: idea.category,
        stage: idea.stage,
        contest: idea.contest.map(|c| c.get()),
        votes: idea.votes,
        created_at: idea.created_at.unix_timestamp(),
        language: idea.language,
    }
}

/// A challenge's document: its title and public statement only.
fn challenge_doc(challenge: SearchableChallenge) -> Doc {
    Doc {
        kind: Kind::Challenge,
        id: challenge.id.get(),
        title: challenge.title,
        summary: String::new(),
        body: challenge.statement,
        tags: Vec::new(),
        category: challenge.category,
        stage: challenge.status,
        contest: None,
        votes: 0,
        created_at: challenge.created_at.unix_timestamp(),
        language: challenge.language,
    }
}

/// A campaign's document: its title and story (public once launched).
fn campaign_doc(campaign: SearchableCampaign) -> Doc {
    Doc {
        kind: Kind::Campaign,
        id: campaign.id.get(),
        title: campaign.title,
        summary: String::new(),
        body: campaign.story,
        tags: Vec::new(),
        category: "funding".to_owned(),
        stage: campaign.status,
        contest: None,
        votes: 0,
        created_at: campaign.created_at.unix_timestamp(),
        language: None,
    }
}

fn request(query: &SearchQuery) -> Request {
    let page = usize::try_from(query.page).unwrap_or(1).saturating_sub(1);
    Request {
        text: query.text.as_str().to_owned(),
        terms: query.terms.clone(),
        filters: Filters {
            kind: query.kind.map(|k| match k {
                SearchKind::Idea => Kind::Idea,
                SearchKind::Challenge => Kind::Challenge,
                SearchKind::Campaign => Kind::Campaign,
            }),
            category: query.category.as_ref().map(|c| c.as_str().to_owned()),
            stage: query.stage.map(|s| s.as_str().to_owned()),
            tag: query.tag.as_ref().map(|t| t.as_str().to_owned()),
            contest: None,
        },
        sort: match query.sort {
            SearchSort::Relevance => Sort::Relevance,
            SearchSort::Top => Sort::Top,
            SearchSort::New => Sort::New,
        },
        offset: page.saturating_mul(SEARCH_PAGE_SIZE),
        limit: SEARCH_PAGE_SIZE,
    }
}

/// Runs blocking index work off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ideaforge_search::SearchError> + Send + 'static,
) -> Result<T, Internal> {
    tokio::task::spawn_blocking(work).await.map_err(Internal::new)?.map_err(Internal::new)
}

impl App {
    /// Searches public ideas (and challenges' public statements, and campaigns once live).
    pub fn search(&self, query: &SearchQuery) -> Result<SearchPage, SearchError> {
        let index = self.search_index.get().ok_or(SearchError::Unavailable)?;
        let request = request(query);
        let results = index.find(&request).map_err(|e| SearchError::Internal(Internal::new(e)))?;
        let more = request.offset + results.hits.len() < results.total;
        Ok(SearchPage { results, page: query.page, more })
    }

    /// Ideas like a title and summary someone is typing (or an idea's own, with its tags, leaving
    /// it out), to catch duplicates before they are submitted. Empty while the index is being built.
    pub fn similar_ideas(&self, title: &str, summary: &str, except: Option<IdeaId>, limit: usize) -> Vec<Hit> {
        let Some(index) = self.search_index.get() else { return Vec::new() };
        let title = title.chars().take(ideaforge_domain::idea::IdeaTitle::MAX);
        let summary = summary.chars().take(ideaforge_domain::idea::Summary::MAX + 300);
        let text: String = title.chain(std::iter::once(' ')).chain(summary).collect();
        match index.similar(&text, except.map(|id| (Kind::Idea, id.get())), limit) {
            Ok(hits) => hits,
            Err(error) => {
                tracing::warn!(%error, "similar ideas failed");
                Vec::new()
            }
        }
    }

    /// Makes `index` the one searches use (tests and the indexer).
    pub fn attach_search_index(&self, index: Arc<SearchIndex>) {
        self.search_index.set(index);
    }

    /// Applies the events the index has not seen yet, at most `batch` of them, and commits the
    /// index with the last one as its cursor. Returns how many events were applied; replaying an
    /// event is harmless because documents are upserted by key.
    pub async fn index_events(&self, index: &Arc<SearchIndex>, batch: u64) -> Result<usize, Internal> {
        let cursor = index.cursor().map_err(Internal::new)?.unwrap_or(0);
        let events = self.store.events_after(i64::try_from(cursor).unwrap_or(i64::MAX), batch).await?;
        let Some(last) = events.last().map(|e| e.id) else {
            return Ok(0);
        };
        let mut ideas: Vec<IdeaId> =
            events.iter().filter_map(|e| e.subject.strip_prefix("idea:")).filter_map(|id| id.parse().ok()).collect();
        ideas.sort();
        ideas.dedup();
        let found = self.store.searchable_ideas(&ideas).await?;
        // Merged or vanished ideas leave the index: searching finds a merge's target only.
        let gone: Vec<IdeaId> = ideas.into_iter().filter(|id| !found.iter().any(|i| i.id == *id)).collect();
        let mut docs: Vec<Doc> = found.into_iter().map(to_doc).collect();
        let mut challenges: Vec<ChallengeId> = events
            .iter()
            .filter_map(|e| e.subject.strip_prefix("challenge:"))
            .filter_map(|id| id.parse().ok())
            .collect();
        challenges.sort();
        challenges.dedup();
        // Only challenges that have opened are public; drafts and those in review stay out.
        let public = self.store.searchable_challenges(Some(&challenges)).await?;
        let hidden: Vec<ChallengeId> =
            challenges.into_iter().filter(|id| !public.iter().any(|c| c.id == *id)).collect();
        docs.extend(public.into_iter().map(challenge_doc));
        let mut campaigns: Vec<CampaignId> = events
            .iter()
            .filter_map(|e| e.subject.strip_prefix("campaign:"))
            .filter_map(|id| id.parse().ok())
            .collect();
        campaigns.sort();
        campaigns.dedup();
        // Campaigns are public once live; drafts, reviews and cancelled ones stay out.
        let shown = self.store.searchable_campaigns(Some(&campaigns)).await?;
        let withdrawn: Vec<CampaignId> =
            campaigns.into_iter().filter(|id| !shown.iter().any(|c| c.id == *id)).collect();
        docs.extend(shown.into_iter().map(campaign_doc));
        let index = Arc::clone(index);
        blocking(move || {
            for id in gone {
                index.remove(Kind::Idea, id.get());
            }
            for id in hidden {
                index.remove(Kind::Challenge, id.get());
            }
            for id in withdrawn {
                index.remove(Kind::Campaign, id.get());
            }
            index.upsert(&docs)?;
            index.commit(u64::try_from(last).unwrap_or(0))
        })
        .await?;
        Ok(events.len())
    }

    /// Replaces everything in `index` with what the database holds now, reading ideas in batches;
    /// `progress` hears (done, total) after each batch. The cursor is the last event before the
    /// read began, so changes made meanwhile are applied again by [`App::index_events`].
    pub async fn rebuild_search_index(
        &self,
        index: &Arc<SearchIndex>,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<u64, Internal> {
        let cursor = self.store.last_event_id().await?;
        let total = self.store.count_searchable_ideas().await?;
        let cleared = Arc::clone(index);
        blocking(move || cleared.clear()).await?;
        let mut after = 0;
        let mut done = 0;
        progress(0, total);
        loop {
            let batch = self.store.searchable_ideas_after(after, REBUILD_BATCH).await?;
            let Some(last) = batch.last() else { break };
            after = last.id.get();
            done += batch.len() as u64;
            let docs: Vec<Doc> = batch.into_iter().map(to_doc).collect();
            let target = Arc::clone(index);
            blocking(move || target.upsert(&docs)).await?;
            progress(done, total.max(done));
        }
        let mut challenges: Vec<Doc> =
            self.store.searchable_challenges(None).await?.into_iter().map(challenge_doc).collect();
        challenges.extend(self.store.searchable_campaigns(None).await?.into_iter().map(campaign_doc));
        let target = Arc::clone(index);
        blocking(move || target.upsert(&challenges)).await?;
        let committed = Arc::clone(index);
        blocking(move || {
            committed.commit(u64::try_from(cursor).unwrap_or(0))?;
            committed.compact()
        })
        .await?;
        Ok(done)
    }

    /// Opens the index in `dir` and brings it up to date, rebuilding it from the database when it
    /// is new (or was unreadable, or of another schema version) or reflects events the database
    /// does not have (a restored or replaced database).
    pub async fn open_search_index(&self, dir: &Path) -> Result<Arc<SearchIndex>, Internal> {
        let folder = dir.to_owned();
        let index = Arc::new(blocking(move || SearchIndex::open(&folder)).await?);
        let last = u64::try_from(self.store.last_event_id().await?).unwrap_or(0);
        let cursor = index.cursor().map_err(Internal::new)?;
        if cursor.is_none_or(|c| c > last) {
            tracing::info!(dir = %dir.display(), "building the search index from the database");
            let started = std::time::Instant::now();
            let ideas = self.rebuild_search_index(&index, |_, _| {}).await?;
            tracing::info!(ideas, elapsed_ms = started.elapsed().as_millis(), "search index built");
        }
        Ok(index)
    }

    /// Keeps the index in `dir` in step with the event log until `stop` turns true: opens (or
    /// rebuilds) it, attaches it for searches, then polls for events every `poll`. Failures are
    /// logged and retried; a removed folder is rebuilt while the old index keeps answering.
    pub async fn run_search_indexer(self: Arc<Self>, dir: PathBuf, poll: Duration, mut stop: watch::Receiver<bool>) {
        let mut current: Option<Arc<SearchIndex>> = None;
        let mut pause = poll;
        while !*stop.borrow() {
            if current.is_some() && !dir.join(INDEX_META).exists() {
                tracing::warn!(dir = %dir.display(), "the search index folder disappeared; rebuilding it");
                current = None;
            }
            let index = match &current {
                Some(index) => Arc::clone(index),
                None => match self.open_search_index(&dir).await {
                    Ok(index) => {
                        self.attach_search_index(Arc::clone(&index));
                        current = Some(Arc::clone(&index));
                        index
                    }
                    Err(error) => {
                        tracing::error!(%error, dir = %dir.display(), "cannot open the search index; retrying");
                        pause = Duration::from_secs(2);
                        let _ = tokio::time::timeout(pause, stop.changed()).await;
                        continue;
                    }
                },
            };
            match self.index_events(&index, EVENT_BATCH).await {
                Ok(applied) if applied as u64 == EVENT_BATCH => continue,
                Ok(_) => pause = poll,
                Err(error) => {
                    tracing::warn!(%error, "indexing events failed; retrying");
                    pause = (pause * 2).clamp(poll, Duration::from_secs(10));
                }
            }
            let _ = tokio::time::timeout(pause, stop.changed()).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use ideaforge_domain::idea::IdeaContent;
    use ideaforge_domain::search::{SearchParams, SearchQuery};
    use ideaforge_domain::{NewUser, Role};
    use ideaforge_search::SearchIndex;
    use ideaforge_store::Store;
    use ideaforge_store::testing::{Engine, TestDb};

    use super::SearchError;
    use crate::{App, AppConfig, SystemClock};

    ideaforge_store::on_both_engines!(the_indexer_follows_the_event_log, a_rebuild_reads_everything_in_batches);

    async fn app(db: &TestDb) -> App {
        let store = Store::connect(db.config()).await.expect("connect");
        store.migrate().await.expect("migrate");
        App::new(store, Arc::new(SystemClock), &AppConfig::default())
    }

    fn query(q: &str) -> SearchQuery {
        SearchQuery::parse(&SearchParams { q: Some(q), ..SearchParams::default() }).expect("valid")
    }

    async fn the_indexer_follows_the_event_log(engine: Engine) {
        let db = TestDb::new(engine).await;
        let app = app(&db).await;
        let mut new = NewUser::parse("mod@example.com", "Mod", "correct horse battery").expect("valid");
        new.role = Role::Moderator;
        let author = app.create_user(&new).await.expect("user");
        let mut voter = NewUser::parse("voter@example.com", "Voter", "correct horse battery").expect("valid");
        voter.email_verified = true;
        let voter = app.create_user(&voter).await.expect("user");
        let content = |title: &str| IdeaContent::parse(title, "Summary", "Body text", "kitchen", "").expect("valid");
        let kettle = app.submit_idea(&author, None, &content("Singing kettle"), &[]).await.expect("idea");
        let copy = app.submit_idea(&author, None, &content("Singing kettle copy"), &[]).await.expect("idea");
        let korean = app.submit_idea(&author, None, &content("조용한 주방 환풍기"), &[]).await.expect("idea");

        assert!(matches!(app.search(&query("kettle")), Err(SearchError::Unavailable)), "no index yet");
        let dir = tempfile::tempdir().expect("dir");
        let index = Arc::new(SearchIndex::open(dir.path()).expect("index"));
        app.attach_search_index(Arc::clone(&index));
        assert!(app.index_events(&index, 1_000).await.expect("index") > 0);
        assert_eq!(app.search(&query("kettle")).expect("search").results.total, 2);
        assert_eq!(app.search(&query("주방")).expect("search").results.hits[0].id, korean.get());
        assert_eq!(app.index_events(&index, 1_000).await.expect("again"), 0, "nothing new");

        app.vote(&voter, kettle, true).await.expect("vote");
        app.move_stage(&author, copy, "duplicate", "Same idea", Some(kettle)).await.expect("merge");
        app.index_events(&index, 1_000).await.expect("index");
        let results = app.search(&query("kettle")).expect("search").results;
        assert_eq!(
            results.hits.iter().map(|h| (h.id, h.votes)).collect::<Vec<_>>(),
            [(kettle.get(), 1)],
            "the duplicate left the index and the vote counts"
        );
        assert!(app.search(&query("\"kettle")).is_ok(), "an open quote is a phrase");
        assert!(app.search(&query("nosuchfield:kettle")).is_ok(), "an unknown field is words");

        // One writer per folder: let go of it as a restarted server would.
        app.attach_search_index(Arc::new(SearchIndex::in_memory().expect("index")));
        drop(index);
        let reopened = app.open_search_index(dir.path()).await.expect("reopen");
        assert_eq!(app.index_events(&reopened, 1_000).await.expect("resume"), 0, "the cursor survived the restart");
        assert_eq!(
            reopened.cursor().expect("cursor"),
            Some(u64::try_from(app.store().last_event_id().await.expect("last")).expect("positive"))
        );
        app.attach_search_index(Arc::clone(&reopened));
        let similar = app.similar_ideas("A kettle that sings", "", None, 5);
        assert_eq!(similar.first().map(|h| h.id), Some(kettle.get()));
        let similar = app.similar_ideas("A kettle that sings", "", Some(kettle), 5);
        assert!(similar.iter().all(|h| h.id != kettle.get()), "not similar to itself");
    }

    async fn a_rebuild_reads_everything_in_batches(engine: Engine) {
        let db = TestDb::new(engine).await;
        let app = app(&db).await;
        let author = app
            .create_user(&NewUser::parse("a@example.com", "Author", "correct horse battery").expect("valid"))
            .await
            .expect("user");
        let contents: Vec<IdeaContent> = (0..12_000)
            .map(|n| {
                IdeaContent::parse(&format!("Idea {n}"), "Summary", "Body", "kitchen", &format!("t{}", n % 7))
                    .expect("valid")
            })
            .collect();
        let imported = app.import_ideas(&author, None, &contents).await.expect("import");
        let dir = tempfile::tempdir().expect("dir");
        let index = Arc::new(SearchIndex::open(dir.path()).expect("index"));
        let mut reports = Vec::new();
        let built = app.rebuild_search_index(&index, |done, total| reports.push((done, total))).await.expect("rebuild");
        assert_eq!(built, imported);
        assert_eq!(index.len(), imported);
        assert_eq!(reports.first(), Some(&(0, imported)));
        assert_eq!(reports.last(), Some(&(imported, imported)));
        assert!(reports.len() >= 4, "read in batches: {reports:?}");
        let again = app.rebuild_search_index(&index, |_, _| {}).await.expect("rebuild");
        assert_eq!((again, index.len()), (imported, imported), "a rebuild replaces, never duplicates");
    }
}
