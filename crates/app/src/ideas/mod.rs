//! Organizations, contests, ideas, votes, comments, stages and follows: the Quirky half.

use ideaforge_domain::comment::Comment;
use ideaforge_domain::contest::Contest;
use ideaforge_domain::idea::{
    Idea, IdeaContent, IdeaFilter, IdeaListPage, IdeaSort, ListAt, MoveRefused, Mover, MovingIdea, Reason, Revision,
    Stage, StageChange, StageError, plan_move,
};
use ideaforge_domain::subject::Subject;
use ideaforge_domain::vote::{VoteContext, VoteRefused, check_vote};
use ideaforge_domain::{ContestId, Email, FieldErrors, IdeaId, Invalid, User};
use ideaforge_store::{StoreError, VoteChange, VoteScope, VoteTally};

use crate::{App, Internal};

/// Why an action on contests, ideas or comments was refused.
#[derive(Debug, thiserror::Error)]
pub enum IdeasError {
    /// Fields were refused.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// No such thing, or not visible to this member.
    #[error("not found")]
    NotFound,
    /// Visible, but this member may not do that.
    #[error("not allowed")]
    Forbidden,
    /// The stage workflow does not allow the move.
    #[error(transparent)]
    Stage(#[from] StageError),
    /// The vote rules refuse the vote.
    #[error(transparent)]
    Vote(#[from] VoteRefused),
    /// The contest no longer takes ideas.
    #[error("submissions have closed")]
    SubmissionsClosed,
    /// The idea is not at a stage that allows this (shares before selection, revenue before launch).
    #[error("the idea is not at a stage that allows this")]
    WrongStage,
    /// The comment can no longer be edited.
    #[error("the edit window has closed")]
    EditWindowClosed,
    /// Someone changed it at the same moment; reload and try again.
    #[error("changed concurrently")]
    Conflict,
    /// The member posted too much in a short time.
    #[error("too many posts; try again later")]
    TooMany(crate::Retry),
    /// Only a member with a confirmed e-mail address may do that (flag).
    #[error("confirm your e-mail address first")]
    Unconfirmed,
    /// The royalty rules refuse it (shares fixed, self-credit, a receipt that does not match).
    #[error(transparent)]
    Royalty(ideaforge_domain::royalty::RoyaltyRefused),
    /// Something broke.
    #[error(transparent)]
    Internal(#[from] Internal),
}

impl From<MoveRefused> for IdeasError {
    fn from(refused: MoveRefused) -> Self {
        match refused {
            MoveRefused::Stage(e) => Self::Stage(e),
            other @ MoveRefused::NoAuthors => Self::Internal(Internal::new(other)),
        }
    }
}

impl From<StoreError> for IdeasError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict => Self::Conflict,
            other => Self::Internal(other.into()),
        }
    }
}

pub(crate) fn invalid(field: &'static str, why: Invalid) -> IdeasError {
    let mut errors = FieldErrors::new();
    errors.add(field, why);
    IdeasError::Invalid(errors)
}

/// Contests change rarely and every contest and idea page reads one: each node keeps them for a
/// few seconds. A change made on this node (an approval) clears its entry at once; other nodes see
/// it within the time to live.
#[derive(Debug, Default)]
pub(crate) struct ContestCache(std::sync::Mutex<std::collections::HashMap<ContestId, (std::time::Instant, Contest)>>);

impl ContestCache {
    const TTL: std::time::Duration = std::time::Duration::from_secs(5);
    const MAX: usize = 1_000;

    fn get(&self, id: ContestId) -> Option<Contest> {
        let map = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        map.get(&id).filter(|(at, _)| at.elapsed() < Self::TTL).map(|(_, c)| c.clone())
    }

    fn put(&self, contest: &Contest) {
        let mut map = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() >= Self::MAX {
            map.clear();
        }
        map.insert(contest.id, (std::time::Instant::now(), contest.clone()));
    }

    fn forget(&self, id: ContestId) {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&id);
    }
}

/// A page of an idea list as the store returned it.
type ListPage = std::sync::Arc<IdeaListPage>;

/// Pages of idea lists, kept briefly. Each contest (and the open ideas, under `None`) has a
/// generation that every write changing its lists bumps, so this node never serves a list older
/// than its own last write; the time to live bounds staleness from other nodes.
#[derive(Debug)]
pub(crate) struct ListCache {
    ttl: std::time::Duration,
    state: std::sync::Mutex<ListCacheState>,
}

type ListKey = (IdeaFilter, IdeaSort, ListAt);

#[derive(Debug, Default)]
struct ListCacheState {
    generations: std::collections::HashMap<Option<ContestId>, u64>,
    pages: std::collections::HashMap<ListKey, (std::time::Instant, u64, ListPage)>,
}

impl ListCache {
    const MAX: usize = 10_000;

    pub(crate) fn new(ttl: std::time::Duration) -> Self {
        Self { ttl, state: std::sync::Mutex::default() }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ListCacheState> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The cached page and the generation a fresh read would be stored under.
    fn get(&self, key: &ListKey) -> (Option<ListPage>, u64) {
        let state = self.lock();
        let generation = state.generations.get(&key.0.contest).copied().unwrap_or(0);
        let hit = state
            .pages
            .get(key)
            .filter(|(at, page_generation, _)| *page_generation == generation && at.elapsed() < self.ttl)
            .map(|(_, _, page)| page.clone());
        (hit, generation)
    }

    fn put(&self, key: ListKey, generation: u64, page: ListPage) {
        if self.ttl.is_zero() {
            return;
        }
        let mut state = self.lock();
        if state.pages.len() >= Self::MAX {
            state.pages.clear();
        }
        // A write that happened while this page was read has bumped the generation: keep it out.
        if state.generations.get(&key.0.contest).copied().unwrap_or(0) == generation {
            state.pages.insert(key, (std::time::Instant::now(), generation, page));
        }
    }

    /// Marks every cached list of a contest (or of open ideas) as stale.
    fn changed(&self, contest: Option<ContestId>) {
        let mut state = self.lock();
        *state.generations.entry(contest).or_insert(0) += 1;
    }
}

/// An idea's page.
#[derive(Debug)]
pub struct IdeaPage {
    /// The idea.
    pub idea: Idea,
    /// Its contest.
    pub contest: Option<Contest>,
    /// Its comments (hidden ones only for moderators; deleted ones as placeholders).
    pub comments: Vec<Comment>,
    /// Its stage moves.
    pub timeline: Vec<StageChange>,
    /// Whether the viewer voted on it.
    pub voted: bool,
    /// Why the signed-in viewer may not vote (or withdraw a vote) now, as the domain decides: their
    /// own idea, voting closed, not confirmed…; `None` when they may, or when signed out.
    pub vote_refused: Option<VoteRefused>,
    /// Whether the viewer follows it.
    pub following: bool,
    /// Whether the viewer may move its stage.
    pub can_manage: bool,
    /// Other ideas like it (possible duplicates).
    pub similar: Vec<crate::Hit>,
    /// Its owners, licensees, shares and register history.
    pub rights: crate::IdeaRights,
    /// Its campaigns, the interest registered and whether a campaign may be started.
    pub funding: crate::IdeaFunding,
}

impl App {
    /// Lists ideas (open ideas when the filter names no contest).
    pub async fn list_ideas(
        &self,
        viewer: Option<&User>,
        filter: &IdeaFilter,
        sort: IdeaSort,
        at: ListAt,
    ) -> Result<IdeaListPage, IdeasError> {
        if let Some(contest) = filter.contest {
            self.visible_contest(viewer, contest).await?;
        }
        Ok(IdeaListPage::clone(&*self.cached_list(filter, sort, at).await?))
    }

    async fn cached_list(&self, filter: &IdeaFilter, sort: IdeaSort, at: ListAt) -> Result<ListPage, IdeasError> {
        // Page 1 by number is the first page: one cache entry, one query shape.
        let at = if at == ListAt::Page(1) || at == ListAt::Page(0) { ListAt::First } else { at };
        let key = (filter.clone(), sort, at);
        let (hit, generation) = self.list_cache.get(&key);
        if let Some(page) = hit {
            return Ok(page);
        }
        let fresh: ListPage = std::sync::Arc::new(self.store.list_ideas(filter, sort, at).await?);
        self.list_cache.put(key, generation, fresh.clone());
        Ok(fresh)
    }

    /// Submits an idea, to a contest that takes ideas or as an open idea. Co-authors are named by
    /// e-mail and must be members.
    pub async fn submit_idea(
        &self,
        actor: &User,
        contest: Option<ContestId>,
        content: &IdeaContent,
        co_authors: &[String],
    ) -> Result<IdeaId, IdeasError> {
        let now = self.clock.now();
        // An idea sent to a contest may take the contest's category, even one retired since.
        let mut contest_category = None;
        if let Some(id) = contest {
            let contest = self.store.contest(id).await?.filter(Contest::is_public);
            let contest = contest.ok_or_else(|| invalid("contest_id", Invalid::Unknown))?;
            if !contest.windows.accepts_ideas(now) {
                return Err(IdeasError::SubmissionsClosed);
            }
            contest_category = Some(contest.category);
        }
        let mut authors = vec![actor.id];
        // Influence shares are split among the authors on selection: keep the list reasonable.
        if co_authors.iter().filter(|r| !r.trim().is_empty()).count() >= ideaforge_domain::ip::MAX_CONTRIBUTORS / 2 {
            return Err(invalid(
                "co_authors",
                Invalid::TooMany { max: ideaforge_domain::ip::MAX_CONTRIBUTORS / 2 - 1 },
            ));
        }
        for raw in co_authors.iter().filter(|r| !r.trim().is_empty()) {
            let email = Email::parse(raw).map_err(|why| invalid("co_authors", why))?;
            let (user, _) =
                self.store.user_with_password(&email).await?.ok_or_else(|| invalid("co_authors", Invalid::Unknown))?;
            if !authors.contains(&user.id) {
                authors.push(user.id);
            }
        }
        if let Some(why) = self.category_refusal(&content.category, contest_category.as_ref()).await? {
            return Err(invalid("category", why));
        }
        self.count_post(actor, "idea").map_err(IdeasError::TooMany)?;
        let id = self.store.create_idea(contest, &crate::written::idea(content), &authors, now).await?;
        self.list_cache.changed(contest);
        Ok(id)
    }

    /// An idea the viewer may see (ideas of pending contests only for those who see the contest).
    pub async fn visible_idea(&self, viewer: Option<&User>, id: IdeaId) -> Result<(Idea, Option<Contest>), IdeasError> {
        let idea = self.store.idea(id).await?.ok_or(IdeasError::NotFound)?;
        let contest = match idea.contest {
            Some(contest) => Some(self.visible_contest(viewer, contest).await?),
            None => None,
        };
        Ok((idea, contest))
    }

    /// An idea and its stage changes, oldest first, for whoever may see it (its feed; none of the
    /// page's other reads).
    pub async fn idea_timeline(
        &self,
        viewer: Option<&User>,
        id: IdeaId,
    ) -> Result<(Idea, Vec<StageChange>), IdeasError> {
        let (idea, _) = self.visible_idea(viewer, id).await?;
        Ok((idea, self.store.stage_history(id).await?))
    }

    /// An idea's page.
    pub async fn idea_page(&self, viewer: Option<&User>, id: IdeaId) -> Result<IdeaPage, IdeasError> {
        let (idea, contest) = self.visible_idea(viewer, id).await?;
        let moderator = viewer.is_some_and(|u| u.role.can_moderate());
        let comments = self
            .store
            .comments(id)
            .await?
            .into_iter()
            .map(|mut c| {
                if c.hidden && !moderator {
                    c.body.clear();
                }
                c
            })
            .collect();
        let timeline = self.store.stage_history(id).await?;
        let (voted, following) = match viewer {
            Some(user) => (
                !self.store.voted_on(user.id, &[id]).await?.is_empty(),
                self.store.follows(user.id, Subject::Idea(id)).await?,
            ),
            None => (false, false),
        };
        let vote_refused = viewer.and_then(|user| {
            let context = VoteContext {
                voter_confirmed: user.email_verified,
                voter_is_author: idea.is_author(user.id),
                stage: idea.stage,
                windows: contest.as_ref().map(|c| c.windows),
            };
            check_vote(&context, self.clock.now()).err()
        });
        let can_manage = self.can_manage_idea(viewer, contest.as_ref()).await?;
        let tags: Vec<&str> = idea.content.tags.as_slice().iter().map(|t| t.as_str()).collect();
        let about = format!("{} {}", idea.content.summary.as_str(), tags.join(" "));
        let similar = self.similar_ideas(idea.content.title.as_str(), &about, Some(id), 5);
        let rights = self.idea_rights(viewer, id).await?;
        let funding = self.idea_funding(viewer, id).await.map_err(|e| match e {
            crate::CampaignsError::Internal(e) => IdeasError::Internal(e),
            _ => IdeasError::NotFound,
        })?;
        Ok(IdeaPage {
            idea,
            contest,
            comments,
            timeline,
            voted,
            vote_refused,
            following,
            can_manage,
            similar,
            rights,
            funding,
        })
    }

    /// Whether the viewer moves stages: the contest's managers, moderators for open ideas, admins.
    async fn can_manage_idea(&self, viewer: Option<&User>, contest: Option<&Contest>) -> Result<bool, IdeasError> {
        let Some(user) = viewer else { return Ok(false) };
        if user.role == ideaforge_domain::Role::Admin {
            return Ok(true);
        }
        match contest {
            Some(contest) => self.manages(Some(user), contest).await,
            None => Ok(user.role.can_moderate()),
        }
    }

    /// An idea's versions, newest first.
    pub async fn idea_history(&self, viewer: Option<&User>, id: IdeaId) -> Result<(Idea, Vec<Revision>), IdeasError> {
        let (idea, _) = self.visible_idea(viewer, id).await?;
        let revisions = self.store.revisions(id).await?;
        Ok((idea, revisions))
    }

    /// The idea, if `actor` wrote it: the edit form asks before it reads the input.
    pub async fn check_idea_author(&self, actor: &User, id: IdeaId) -> Result<Idea, IdeasError> {
        let (idea, _) = self.visible_idea(Some(actor), id).await?;
        if idea.is_author(actor.id) { Ok(idea) } else { Err(IdeasError::Forbidden) }
    }

    /// Saves a new revision; authors only, and only before selection.
    pub async fn edit_idea(
        &self,
        actor: &User,
        id: IdeaId,
        content: &IdeaContent,
        expected_revision: Option<i32>,
    ) -> Result<i32, IdeasError> {
        let idea = self.check_idea_author(actor, id).await?;
        if !idea.stage.is_editable() {
            return Err(IdeasError::Stage(StageError::NotAllowed { from: idea.stage, to: idea.stage }));
        }
        let content = &crate::written::idea(content);
        if &idea.content == content {
            return Ok(idea.revision);
        }
        if let Some(why) = self.category_refusal(&content.category, Some(&idea.content.category)).await? {
            return Err(invalid("category", why));
        }
        let expected = expected_revision.unwrap_or(idea.revision);
        // The same text in another (or a newly detected) language is no new version of the idea.
        let same_words = IdeaContent { language: idea.content.language, ..content.clone() };
        if same_words == idea.content {
            self.store.set_idea_language(id, expected, content.language, actor.id, self.clock.now()).await?;
            self.list_cache.changed(idea.contest);
            return Ok(idea.revision);
        }
        let revision = self.store.edit_idea(id, expected, content, actor.id, self.clock.now()).await?;
        self.list_cache.changed(idea.contest);
        Ok(revision)
    }

    /// Moves an idea's stage (or withdraws it, for its author); `duplicate_of` names the target of a
    /// merge.
    pub async fn move_stage(
        &self,
        actor: &User,
        id: IdeaId,
        to: &str,
        reason: &str,
        duplicate_of: Option<IdeaId>,
    ) -> Result<Stage, IdeasError> {
        // Who first (its author may withdraw it, its contest's managers move it), then the fields.
        let (idea, contest) = self.visible_idea(Some(actor), id).await?;
        let author = idea.is_author(actor.id);
        let manager = self.can_manage_idea(Some(actor), contest.as_ref()).await?;
        if !author && !manager {
            return Err(IdeasError::Forbidden);
        }
        let mut errors = FieldErrors::new();
        let to = errors.check("to", to.parse::<Stage>());
        let reason = errors.check("reason", Reason::parse(reason));
        let (Some(to), Some(reason)) = (to, reason) else {
            return Err(IdeasError::Invalid(errors));
        };
        let mover = match (to == Stage::Withdrawn && author, manager) {
            (true, _) => Mover::Author,
            (false, true) => Mover::Manager,
            (false, false) => return Err(IdeasError::Forbidden),
        };
        let now = self.clock.now();
        let decide =
            |moving: &MovingIdea<'_>| plan_move(moving, to, mover, actor.id, &reason).map_err(IdeasError::from);
        if to == Stage::Duplicate {
            let target = duplicate_of.ok_or_else(|| invalid("duplicate_of", Invalid::Required))?;
            let target_idea = self.store.idea(target).await?;
            let same_place = target_idea.as_ref().is_some_and(|t| t.contest == idea.contest && t.id != idea.id);
            if !same_place || target_idea.is_some_and(|t| t.stage == Stage::Duplicate) {
                return Err(invalid("duplicate_of", Invalid::Unknown));
            }
            self.store.merge_idea(id, target, actor.id, &reason, now, decide).await?;
        } else {
            self.store.move_stage(id, actor.id, &reason, now, decide).await?;
        }
        self.list_cache.changed(idea.contest);
        Ok(to)
    }

    /// Casts (`on`) or withdraws a vote; repeating either changes nothing.
    pub async fn vote(&self, actor: &User, id: IdeaId, on: bool) -> Result<VoteTally, IdeasError> {
        // The idea as a vote needs it (one read, not the whole idea), and its contest as the
        // viewer may see it.
        let idea = self.store.vote_target(id, actor.id).await?.ok_or(IdeasError::NotFound)?;
        let contest = match idea.contest {
            Some(contest) => Some(self.visible_contest(Some(actor), contest).await?),
            None => None,
        };
        let now = self.clock.now();
        let context = VoteContext {
            voter_confirmed: actor.email_verified,
            voter_is_author: idea.by_voter,
            stage: idea.stage,
            windows: contest.as_ref().map(|c| c.windows),
        };
        check_vote(&context, now)?;
        if !on {
            let change = VoteChange::Withdraw { idea: id, user: actor.id, contest: idea.contest };
            let tally = self.vote_queue.apply(&self.store, change, now).await?;
            self.list_cache.changed(idea.contest);
            return Ok(tally);
        }
        let scope =
            contest.as_ref().map(|c| VoteScope { contest: c.id, budget: c.vote_budget, shortlist_at: c.shortlist_at });
        match self.vote_queue.apply(&self.store, VoteChange::Cast { idea: id, user: actor.id, scope }, now).await {
            Ok(tally) => {
                self.list_cache.changed(idea.contest);
                Ok(tally)
            }
            Err(StoreError::BudgetExhausted) => {
                let budget = contest.and_then(|c| c.vote_budget).map_or(0, |b| b.get());
                Err(VoteRefused::BudgetExhausted(budget).into())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The votes a member has used in a contest.
    pub async fn votes_used(&self, actor: &User, contest: ContestId) -> Result<u32, IdeasError> {
        Ok(self.store.votes_used(contest, actor.id).await?)
    }

    /// Follows or unfollows an idea.
    pub async fn follow_idea(&self, actor: &User, id: IdeaId, on: bool) -> Result<(), IdeasError> {
        self.visible_idea(Some(actor), id).await?;
        let subject = Subject::Idea(id);
        if on {
            self.store.follow(actor.id, subject, self.clock.now()).await?;
        } else {
            self.store.unfollow(actor.id, subject).await?;
        }
        Ok(())
    }

    /// Imports many ideas at once by one author (demo content and load tests; no window or
    /// category checks: the importer chooses what it files them under).
    pub async fn import_ideas(
        &self,
        author: &User,
        contest: Option<ContestId>,
        contents: &[IdeaContent],
    ) -> Result<u64, IdeasError> {
        let contents: Vec<IdeaContent> = contents.iter().map(crate::written::idea).collect();
        let imported = self.store.import_ideas(contest, author.id, &contents, self.clock.now()).await?;
        self.list_cache.changed(contest);
        Ok(imported)
    }

    /// Which of these ideas the member voted on.
    pub async fn voted_on(&self, user: &User, ideas: &[IdeaId]) -> Result<Vec<IdeaId>, IdeasError> {
        Ok(self.store.voted_on(user.id, ideas).await?)
    }

    /// Which of these ideas the member wrote or co-wrote: lists show their count, not a vote button.
    pub async fn own_among(&self, user: &User, ideas: &[IdeaId]) -> Result<Vec<IdeaId>, IdeasError> {
        Ok(self.store.authored_among(user.id, ideas).await?)
    }
}

pub use export::IdeaExport;

mod comments;
mod contests;
mod export;
mod vote_queue;

pub(crate) use vote_queue::VoteQueue;

pub use contests::{ContestPage, OrgPage};

#[cfg(test)]
mod tests;
