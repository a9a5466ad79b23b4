//! Votes: counted once per member and idea, within the contest's budget (the domain's rule, applied
//! while the member's count is locked), with vote milestones announced once.

use ideaforge_domain::contest::{VoteBudget, VoteThreshold};
use ideaforge_domain::idea::{Stage, due_for_shortlist};
use ideaforge_domain::notification::{Notice, vote_milestone};
use ideaforge_domain::vote::{trending_score, within_budget};
use ideaforge_domain::{ContestId, IdeaId, UserId};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
    TransactionTrait,
};
use time::OffsetDateTime;

use super::idea_ref;
use crate::entity::{idea_authors, ideas, vote_budgets, votes};
use crate::events::{Event, append};
use crate::{Store, StoreError};

/// A vote's outcome: the idea's count after it, and whether the member's vote is now on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VoteTally {
    /// The stored count.
    pub votes: i64,
    /// Whether the member now has a vote on the idea.
    pub voted: bool,
}

/// The contest a vote counts in: against its budget, towards its threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VoteScope {
    /// The contest.
    pub contest: ContestId,
    /// Votes per member, if limited.
    pub budget: Option<VoteBudget>,
    /// The votes at which an idea is shortlisted by itself, if set.
    pub shortlist_at: Option<VoteThreshold>,
}

/// Tells an idea's authors that it reached `milestone` votes, once per milestone (a vote withdrawn
/// and cast again does not announce it twice), inside the vote's transaction.
async fn announce_milestone(
    txn: &DatabaseTransaction,
    idea: IdeaId,
    milestone: i64,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let first_time = ideas::Entity::update_many()
        .col_expr(ideas::Column::VotesMilestone, Expr::value(milestone))
        .filter(ideas::Column::Id.eq(idea.get()))
        .filter(ideas::Column::VotesMilestone.lt(milestone))
        .exec(txn)
        .await?;
    if first_time.rows_affected != 1 {
        return Ok(());
    }
    append(txn, Event::VoteMilestoneReached { idea, votes: milestone }, None, now).await?;
    let row = ideas::Entity::find_by_id(idea.get()).one(txn).await?.ok_or(StoreError::Conflict)?;
    let idea = idea_ref(txn, &row).await?;
    let authors: Vec<UserId> = idea_authors::Entity::find()
        .filter(idea_authors::Column::IdeaId.eq(idea.id.get()))
        .all(txn)
        .await?
        .into_iter()
        .map(|a| UserId::new(a.user_id))
        .collect();
    let notice = Notice::VoteMilestone { idea, votes: milestone };
    crate::notifications::notify_all(txn, &authors, None, &notice, now).await
}

/// Changes an idea's count by `by` (on PostgreSQL the update holds its row until the vote commits,
/// so votes on one idea take turns) and returns the idea as it now stands.
async fn bump(txn: &DatabaseTransaction, idea: i64, by: i64) -> Result<ideas::Model, StoreError> {
    ideas::Entity::update_many()
        .col_expr(ideas::Column::VotesCount, Expr::col(ideas::Column::VotesCount).add(by))
        .filter(ideas::Column::Id.eq(idea))
        .exec(txn)
        .await?;
    let model = ideas::Entity::find_by_id(idea).one(txn).await?.ok_or(StoreError::Conflict)?;
    ideas::Entity::update_many()
        .col_expr(ideas::Column::Trending, Expr::value(trending_score(model.votes_count, model.created_at)))
        .filter(ideas::Column::Id.eq(idea))
        .exec(txn)
        .await?;
    Ok(model)
}

impl Store {
    /// Casts a member's vote (once: a second cast changes nothing), counting it against the
    /// contest's budget in the same transaction. `BudgetExhausted` stores nothing.
    pub async fn cast_vote(
        &self,
        idea: IdeaId,
        user: UserId,
        scope: Option<VoteScope>,
        now: OffsetDateTime,
    ) -> Result<VoteTally, StoreError> {
        let txn = self.write.begin().await?;
        let insert = Query::insert()
            .into_table(votes::Entity)
            .columns([votes::Column::IdeaId, votes::Column::UserId, votes::Column::ContestId, votes::Column::CreatedAt])
            .values_panic([idea.get().into(), user.get().into(), scope.map(|s| s.contest.get()).into(), now.into()])
            .on_conflict(OnConflict::columns([votes::Column::IdeaId, votes::Column::UserId]).do_nothing().to_owned())
            .to_owned();
        let inserted = txn.execute(&insert).await?.rows_affected() == 1;
        if !inserted {
            let votes = ideas::Entity::find_by_id(idea.get()).one(&txn).await?.map_or(0, |m| m.votes_count);
            txn.commit().await?;
            return Ok(VoteTally { votes, voted: true });
        }
        if let Some(VoteScope { contest, budget: Some(budget), .. }) = scope {
            let seed = Query::insert()
                .into_table(vote_budgets::Entity)
                .columns([vote_budgets::Column::ContestId, vote_budgets::Column::UserId, vote_budgets::Column::Used])
                .values_panic([contest.get().into(), user.get().into(), 0i32.into()])
                .on_conflict(
                    OnConflict::columns([vote_budgets::Column::ContestId, vote_budgets::Column::UserId])
                        .do_nothing()
                        .to_owned(),
                )
                .to_owned();
            txn.execute(&seed).await?;
            // The member's budget row stays locked until the vote commits (PostgreSQL; SQLite's one
            // writer already serialises votes), so the domain's rule sees the count it changes.
            let mut row = vote_budgets::Entity::find()
                .filter(vote_budgets::Column::ContestId.eq(contest.get()))
                .filter(vote_budgets::Column::UserId.eq(user.get()));
            if self.backend == crate::Backend::Postgres {
                row = row.lock_exclusive();
            }
            let used = row.one(&txn).await?.map_or(0, |r| u32::try_from(r.used).unwrap_or(u32::MAX));
            if within_budget(Some(budget), used).is_err() {
                txn.rollback().await?;
                return Err(StoreError::BudgetExhausted);
            }
            vote_budgets::Entity::update_many()
                .col_expr(vote_budgets::Column::Used, Expr::col(vote_budgets::Column::Used).add(1))
                .filter(vote_budgets::Column::ContestId.eq(contest.get()))
                .filter(vote_budgets::Column::UserId.eq(user.get()))
                .exec(&txn)
                .await?;
        }
        let counted = bump(&txn, idea.get(), 1).await?;
        let votes = counted.votes_count;
        append(&txn, Event::VoteCast { idea, user }, Some(user), now).await?;
        if let Some(milestone) = vote_milestone(votes) {
            announce_milestone(&txn, idea, milestone, now).await?;
        }
        let stage: Stage = counted.stage.parse().map_err(super::corrupt("idea stage"))?;
        if let Some(threshold) =
            scope.and_then(|s| s.shortlist_at).filter(|t| due_for_shortlist(stage, votes, Some(*t)))
        {
            super::stages::shortlist_if_due(&txn, self.backend, idea, votes, threshold, now).await?;
        }
        txn.commit().await?;
        Ok(VoteTally { votes, voted: true })
    }

    /// Withdraws a member's vote (a second withdrawal changes nothing) and returns its budget.
    pub async fn withdraw_vote(
        &self,
        idea: IdeaId,
        user: UserId,
        contest: Option<ContestId>,
        now: OffsetDateTime,
    ) -> Result<VoteTally, StoreError> {
        let txn = self.write.begin().await?;
        let deleted = votes::Entity::delete_many()
            .filter(votes::Column::IdeaId.eq(idea.get()))
            .filter(votes::Column::UserId.eq(user.get()))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if !deleted {
            let votes = ideas::Entity::find_by_id(idea.get()).one(&txn).await?.map_or(0, |m| m.votes_count);
            txn.commit().await?;
            return Ok(VoteTally { votes, voted: false });
        }
        if let Some(contest) = contest {
            vote_budgets::Entity::update_many()
                .col_expr(vote_budgets::Column::Used, Expr::col(vote_budgets::Column::Used).sub(1))
                .filter(vote_budgets::Column::ContestId.eq(contest.get()))
                .filter(vote_budgets::Column::UserId.eq(user.get()))
                .filter(vote_budgets::Column::Used.gt(0))
                .exec(&txn)
                .await?;
        }
        let votes = bump(&txn, idea.get(), -1).await?.votes_count;
        append(&txn, Event::VoteWithdrawn { idea, user }, Some(user), now).await?;
        txn.commit().await?;
        Ok(VoteTally { votes, voted: false })
    }

    /// Which of these ideas the member has voted on.
    pub async fn voted_on(&self, user: UserId, ideas: &[IdeaId]) -> Result<Vec<IdeaId>, StoreError> {
        if ideas.is_empty() {
            return Ok(Vec::new());
        }
        Ok(votes::Entity::find()
            .filter(votes::Column::UserId.eq(user.get()))
            .filter(votes::Column::IdeaId.is_in(ideas.iter().map(|i| i.get())))
            .all(&self.read)
            .await?
            .into_iter()
            .map(|v| IdeaId::new(v.idea_id))
            .collect())
    }

    /// Which of these ideas the member wrote or co-wrote (and so may not vote on).
    pub async fn authored_among(&self, user: UserId, ideas: &[IdeaId]) -> Result<Vec<IdeaId>, StoreError> {
        if ideas.is_empty() {
            return Ok(Vec::new());
        }
        Ok(idea_authors::Entity::find()
            .filter(idea_authors::Column::UserId.eq(user.get()))
            .filter(idea_authors::Column::IdeaId.is_in(ideas.iter().map(|i| i.get())))
            .all(&self.read)
            .await?
            .into_iter()
            .map(|a| IdeaId::new(a.idea_id))
            .collect())
    }

    /// How many votes a member has used in a contest.
    pub async fn votes_used(&self, contest: ContestId, user: UserId) -> Result<u32, StoreError> {
        let used = vote_budgets::Entity::find()
            .filter(vote_budgets::Column::ContestId.eq(contest.get()))
            .filter(vote_budgets::Column::UserId.eq(user.get()))
            .one(&self.read)
            .await?
            .map_or(0, |b| b.used);
        Ok(u32::try_from(used).unwrap_or(0))
    }

    /// How many vote rows an idea has (the truth its counter must match).
    pub async fn count_votes(&self, idea: IdeaId) -> Result<u64, StoreError> {
        Ok(votes::Entity::find().filter(votes::Column::IdeaId.eq(idea.get())).count(&self.read).await?)
    }
}
