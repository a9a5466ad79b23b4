//! Stage moves (compare-and-set on the current stage, with the register records the domain decides
//! and the notices), merging duplicates, and the stage history.

use ideaforge_domain::challenge::sha256_hex;
use ideaforge_domain::contest::VoteThreshold;
use ideaforge_domain::idea::{
    MovePlan, MovedBy, MovingIdea, Reason, SelectingContest, Stage, StageChange, plan_shortlist_by_votes,
};
use ideaforge_domain::ip::{Subject, idea_text};
use ideaforge_domain::notification::IdeaRef;
use ideaforge_domain::{ContestId, IdeaId, OrgId, UserId};
use sea_orm::sea_query::{Expr, LockType, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use time::OffsetDateTime;

use super::{corrupt, follow_in, idea_ref, names, recount};
use crate::entity::{contests, follows, idea_authors, ideas, stage_changes, votes};
use crate::events::{Event, append};
use crate::ip::append_ip;
use crate::{Store, StoreError};

/// An idea loaded for a stage move (on PostgreSQL its row locked until the transaction ends;
/// SQLite's one writer already serialises writes).
struct Loaded {
    idea: IdeaRef,
    stage: Stage,
    authors: Vec<UserId>,
    followers: Vec<UserId>,
    content_sha256: String,
    contest: Option<contests::Model>,
    shares_set: bool,
}

impl Loaded {
    /// The idea as the domain's move planning sees it.
    fn moving(&self) -> MovingIdea<'_> {
        MovingIdea {
            idea: self.idea.clone(),
            stage: self.stage,
            authors: &self.authors,
            followers: &self.followers,
            content_sha256: &self.content_sha256,
            contest: self.contest.as_ref().map(|c| SelectingContest {
                id: ContestId::new(c.id),
                org: OrgId::new(c.org_id),
                ip_terms: &c.ip_terms,
            }),
            shares_set: self.shares_set,
        }
    }
}

async fn load_moving(
    txn: &DatabaseTransaction,
    backend: crate::Backend,
    id: IdeaId,
) -> Result<Option<Loaded>, StoreError> {
    let mut query = ideas::Entity::find_by_id(id.get());
    if backend == crate::Backend::Postgres {
        // FOR NO KEY UPDATE: moves and vote counts on the idea take turns, while members' new vote
        // rows (whose foreign key holds a KEY SHARE lock on the idea) are not blocked. FOR UPDATE
        // would deadlock with a vote waiting to count after inserting its row.
        query = query.lock(LockType::NoKeyUpdate);
    }
    let Some(idea) = query.one(txn).await? else { return Ok(None) };
    let stage = idea.stage.parse().map_err(corrupt("idea stage"))?;
    let authors = idea_authors::Entity::find()
        .filter(idea_authors::Column::IdeaId.eq(id.get()))
        .order_by_asc(idea_authors::Column::Id)
        .all(txn)
        .await?
        .into_iter()
        .map(|a| UserId::new(a.user_id))
        .collect();
    let followers = follows::Entity::find()
        .filter(follows::Column::Subject.eq(Subject::Idea(id).to_string()))
        .order_by_asc(follows::Column::UserId)
        .all(txn)
        .await?
        .into_iter()
        .map(|f| UserId::new(f.user_id))
        .collect();
    let contest = match idea.contest_id {
        Some(contest) => Some(contests::Entity::find_by_id(contest).one(txn).await?.ok_or(StoreError::Conflict)?),
        None => None,
    };
    Ok(Some(Loaded {
        idea: idea_ref(txn, &idea).await?,
        stage,
        authors,
        followers,
        content_sha256: sha256_hex(&idea_text(&idea.title, &idea.summary, &idea.body)),
        contest,
        shares_set: crate::ip::shares_within(txn, id).await?.is_some(),
    }))
}

/// Loads the idea, asks `decide` for the plan and applies it inside the caller's transaction.
async fn decide_and_move<E: From<StoreError>>(
    txn: &DatabaseTransaction,
    backend: crate::Backend,
    id: IdeaId,
    actor: UserId,
    reason: &Reason,
    now: OffsetDateTime,
    decide: impl FnOnce(&MovingIdea<'_>) -> Result<MovePlan, E>,
) -> Result<MovePlan, E> {
    let loaded = load_moving(txn, backend, id).await?.ok_or(StoreError::Conflict)?;
    let moving = loaded.moving();
    let plan = decide(&moving)?;
    apply_move(txn, backend, id, &plan, By::Member(actor, reason), now).await?;
    Ok(plan)
}

/// Who a stage move is recorded as made by.
#[derive(Clone, Copy)]
enum By<'a> {
    /// A person, for their reason.
    Member(UserId, &'a Reason),
    /// The community, whose votes reached the contest's threshold.
    Votes(VoteThreshold),
}

/// Shortlists an idea whose votes reached its contest's threshold, inside the vote's transaction
/// (which holds the idea's row): the domain plans it from the idea as it stands, so it happens once,
/// however many votes arrive together. Nothing happens when it is not due.
pub(crate) async fn shortlist_if_due(
    txn: &DatabaseTransaction,
    backend: crate::Backend,
    id: IdeaId,
    votes: i64,
    threshold: VoteThreshold,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let loaded = load_moving(txn, backend, id).await?.ok_or(StoreError::Conflict)?;
    let moving = loaded.moving();
    match plan_shortlist_by_votes(&moving, votes, threshold) {
        Some(plan) => apply_move(txn, backend, id, &plan, By::Votes(threshold), now).await,
        None => Ok(()),
    }
}

/// Writes a planned move: the stage (compare-and-set on the stage it was planned from), its
/// history row, the register records, the notices and the event.
async fn apply_move(
    txn: &DatabaseTransaction,
    backend: crate::Backend,
    id: IdeaId,
    plan: &MovePlan,
    by: By<'_>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let (actor, reason, by_votes) = match by {
        By::Member(actor, reason) => (Some(actor), reason.as_str(), None),
        By::Votes(threshold) => (None, "", Some(i64::from(threshold.get()))),
    };
    let updated = ideas::Entity::update_many()
        .col_expr(ideas::Column::Stage, Expr::value(plan.to.as_str()))
        .col_expr(ideas::Column::UpdatedAt, Expr::value(now))
        .filter(ideas::Column::Id.eq(id.get()))
        .filter(ideas::Column::Stage.eq(plan.from.as_str()))
        .exec(txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(StoreError::Conflict);
    }
    stage_changes::ActiveModel {
        id: NotSet,
        idea_id: Set(id.get()),
        from_stage: Set(plan.from.as_str().to_owned()),
        to_stage: Set(plan.to.as_str().to_owned()),
        actor_id: Set(actor.map(UserId::get)),
        reason: Set(reason.to_owned()),
        created_at: Set(now),
        by_votes: Set(by_votes),
    }
    .insert(txn)
    .await?;
    for record in &plan.records {
        append_ip(txn, backend, record.clone(), now).await?;
    }
    crate::notifications::notify_all(txn, &plan.told, None, &plan.notice, now).await?;
    append(txn, Event::StageChanged { idea: id, from: plan.from, to: plan.to }, actor, now).await?;
    Ok(())
}

impl Store {
    /// Moves an idea's stage as the domain decides under the idea's lock: `decide` gets the idea
    /// as it stands and returns the plan (or a refusal, and nothing changes); the stage, its history,
    /// the register records, the notices and the event commit together.
    pub async fn move_stage<E: From<StoreError>>(
        &self,
        id: IdeaId,
        actor: UserId,
        reason: &Reason,
        now: OffsetDateTime,
        decide: impl FnOnce(&MovingIdea<'_>) -> Result<MovePlan, E>,
    ) -> Result<MovePlan, E> {
        let txn = self.write.begin().await.map_err(StoreError::from)?;
        let plan = decide_and_move(&txn, self.backend, id, actor, reason, now, decide).await?;
        txn.commit().await.map_err(StoreError::from)?;
        Ok(plan)
    }

    /// Merges `source` into `target`: the source becomes a duplicate, its votes (except those of
    /// members who already voted on the target, or who author it) and its followers move over, and
    /// both counts are recomputed from the votes themselves.
    /// `decide` plans the source's move to `duplicate` as [`Store::move_stage`] does.
    pub async fn merge_idea<E: From<StoreError>>(
        &self,
        source: IdeaId,
        target: IdeaId,
        actor: UserId,
        reason: &Reason,
        now: OffsetDateTime,
        decide: impl FnOnce(&MovingIdea<'_>) -> Result<MovePlan, E>,
    ) -> Result<(), E> {
        let txn = self.write.begin().await.map_err(StoreError::from)?;
        decide_and_move(&txn, self.backend, source, actor, reason, now, decide).await?;
        self.merge_votes(&txn, source, target, actor, now).await?;
        txn.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// Moves the source's votes (except those of members who already voted on the target, or who
    /// author it) and followers to the target and recounts both.
    async fn merge_votes(
        &self,
        txn: &DatabaseTransaction,
        source: IdeaId,
        target: IdeaId,
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        ideas::Entity::update_many()
            .col_expr(ideas::Column::DuplicateOf, Expr::value(target.get()))
            .filter(ideas::Column::Id.eq(source.get()))
            .exec(txn)
            .await?;
        let target_contest = ideas::Entity::find_by_id(target.get()).one(txn).await?.and_then(|m| m.contest_id);
        let target_authors: Vec<i64> = idea_authors::Entity::find()
            .filter(idea_authors::Column::IdeaId.eq(target.get()))
            .all(txn)
            .await?
            .into_iter()
            .map(|a| a.user_id)
            .collect();
        let moving = votes::Entity::find().filter(votes::Column::IdeaId.eq(source.get())).all(txn).await?;
        for vote in moving {
            if target_authors.contains(&vote.user_id) {
                continue;
            }
            let insert = Query::insert()
                .into_table(votes::Entity)
                .columns([
                    votes::Column::IdeaId,
                    votes::Column::UserId,
                    votes::Column::ContestId,
                    votes::Column::CreatedAt,
                ])
                .values_panic([target.get().into(), vote.user_id.into(), target_contest.into(), vote.created_at.into()])
                .on_conflict(
                    OnConflict::columns([votes::Column::IdeaId, votes::Column::UserId]).do_nothing().to_owned(),
                )
                .to_owned();
            txn.execute(&insert).await?;
        }
        votes::Entity::delete_many().filter(votes::Column::IdeaId.eq(source.get())).exec(txn).await?;
        let source_subject = Subject::Idea(source).to_string();
        let followers = follows::Entity::find().filter(follows::Column::Subject.eq(&source_subject)).all(txn).await?;
        for follower in followers {
            follow_in(txn, UserId::new(follower.user_id), Subject::Idea(target), now).await?;
        }
        recount(txn, source.get()).await?;
        recount(txn, target.get()).await?;
        append(txn, Event::IdeaMerged { idea: source, into: target }, Some(actor), now).await?;
        Ok(())
    }

    /// An idea's stage moves, oldest first.
    pub async fn stage_history(&self, id: IdeaId) -> Result<Vec<StageChange>, StoreError> {
        let rows = stage_changes::Entity::find()
            .filter(stage_changes::Column::IdeaId.eq(id.get()))
            .order_by_asc(stage_changes::Column::Id)
            .all(&self.read)
            .await?;
        let ids: Vec<i64> = rows.iter().filter_map(|r| r.actor_id).collect();
        let names = names(&self.read, &ids).await?;
        rows.into_iter()
            .map(|r| {
                let by = match (r.actor_id, r.by_votes) {
                    (Some(actor), _) => {
                        MovedBy::Member { name: names.get(&actor).cloned().unwrap_or_default(), reason: r.reason }
                    }
                    (None, Some(threshold)) => MovedBy::Votes { threshold },
                    (None, None) => return Err(StoreError::Corrupt { what: "stage change without a mover" }),
                };
                Ok(StageChange {
                    from: r.from_stage.parse().map_err(corrupt("stage"))?,
                    to: r.to_stage.parse().map_err(corrupt("stage"))?,
                    by,
                    at: r.created_at,
                })
            })
            .collect()
    }
}
