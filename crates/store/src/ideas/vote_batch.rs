//! Writing votes, many members' at once: one transaction (one commit, one disk flush) for a batch of
//! changes, each with the outcome it would have alone.
//!
//! The batch reads the counts of the ideas it touches once, in id order (on PostgreSQL locking their
//! rows until it commits, so that votes on one idea from other nodes take turns and two batches
//! cannot wait on each other), counts each change against them, and writes each idea's count and
//! trending score once at the end, with the batch's events in one insert. Per change it writes only
//! the vote row and the member's budget. A milestone or a shortlisting by votes first writes what the
//! batch has counted so far, so that what they read and record follows the votes before them.

use std::collections::{BTreeSet, HashMap};

use ideaforge_domain::idea::{Stage, due_for_shortlist};
use ideaforge_domain::notification::vote_milestone;
use ideaforge_domain::vote::{trending_score, within_budget};
use ideaforge_domain::{ContestId, IdeaId, UserId};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use time::OffsetDateTime;

use super::voting::{VoteScope, VoteTally, announce_milestone};
use crate::entity::{ideas, vote_budgets, votes};
use crate::events::{Event, append_many};
use crate::{Backend, Store, StoreError};

/// One change to a member's vote, for [`Store::apply_votes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoteChange {
    /// Casts the member's vote (counted against the contest's budget, if any).
    Cast {
        /// The idea.
        idea: IdeaId,
        /// The voter.
        user: UserId,
        /// The contest it counts in.
        scope: Option<VoteScope>,
    },
    /// Withdraws it (and gives the budget back).
    Withdraw {
        /// The idea.
        idea: IdeaId,
        /// The voter.
        user: UserId,
        /// The idea's contest.
        contest: Option<ContestId>,
    },
}

impl VoteChange {
    fn idea(self) -> IdeaId {
        match self {
            Self::Cast { idea, .. } | Self::Withdraw { idea, .. } => idea,
        }
    }
}

/// An idea's count as the batch has it.
struct Counted {
    votes: i64,
    created_at: OffsetDateTime,
    stage: Stage,
    /// Whether the stored count is behind.
    changed: bool,
}

/// A transaction's changes as they go.
struct Batch<'a> {
    txn: &'a DatabaseTransaction,
    backend: Backend,
    now: OffsetDateTime,
    counts: HashMap<IdeaId, Counted>,
    events: Vec<(Event, Option<UserId>)>,
}

impl<'a> Batch<'a> {
    /// Reads (and on PostgreSQL locks, in id order) the ideas the changes touch.
    async fn begin(
        txn: &'a DatabaseTransaction,
        backend: Backend,
        changes: &[VoteChange],
        now: OffsetDateTime,
    ) -> Result<Self, StoreError> {
        let ids: BTreeSet<i64> = changes.iter().map(|c| c.idea().get()).collect();
        let mut query = ideas::Entity::find()
            .select_only()
            .columns([ideas::Column::Id, ideas::Column::VotesCount, ideas::Column::CreatedAt, ideas::Column::Stage])
            .filter(ideas::Column::Id.is_in(ids))
            .order_by_asc(ideas::Column::Id);
        if backend == Backend::Postgres {
            query = query.lock_exclusive();
        }
        let rows: Vec<(i64, i64, OffsetDateTime, String)> = query.into_tuple().all(txn).await?;
        let mut counts = HashMap::with_capacity(rows.len());
        for (id, votes, created_at, stage) in rows {
            let stage = stage.parse().map_err(super::corrupt("idea stage"))?;
            counts.insert(IdeaId::new(id), Counted { votes, created_at, stage, changed: false });
        }
        Ok(Self { txn, backend, now, counts, events: Vec::new() })
    }

    fn counted(&mut self, idea: IdeaId) -> Result<&mut Counted, StoreError> {
        // An idea that does not exist: its change fails (alone, when the batch is retried).
        self.counts.get_mut(&idea).ok_or(StoreError::Conflict)
    }

    /// Writes the counts and events gathered so far.
    async fn flush(&mut self) -> Result<(), StoreError> {
        for (id, counted) in self.counts.iter_mut().filter(|(_, c)| c.changed) {
            ideas::Entity::update_many()
                .col_expr(ideas::Column::VotesCount, Expr::value(counted.votes))
                .col_expr(ideas::Column::Trending, Expr::value(trending_score(counted.votes, counted.created_at)))
                .filter(ideas::Column::Id.eq(id.get()))
                .exec(self.txn)
                .await?;
            counted.changed = false;
        }
        append_many(self.txn, std::mem::take(&mut self.events), self.now).await?;
        Ok(())
    }

    /// Casts a vote. A refusal (`BudgetExhausted`) takes back what it wrote, so that the others in
    /// the batch go on.
    async fn cast(&mut self, idea: IdeaId, user: UserId, scope: Option<VoteScope>) -> Result<VoteTally, StoreError> {
        let insert = Query::insert()
            .into_table(votes::Entity)
            .columns([votes::Column::IdeaId, votes::Column::UserId, votes::Column::ContestId, votes::Column::CreatedAt])
            .values_panic([
                idea.get().into(),
                user.get().into(),
                scope.map(|s| s.contest.get()).into(),
                self.now.into(),
            ])
            .on_conflict(OnConflict::columns([votes::Column::IdeaId, votes::Column::UserId]).do_nothing().to_owned())
            .to_owned();
        if self.txn.execute(&insert).await?.rows_affected() != 1 {
            return Ok(VoteTally { votes: self.counted(idea)?.votes, voted: true });
        }
        if let Some(VoteScope { contest, budget: Some(budget), .. }) = scope {
            // One statement counts the vote against the member's budget (creating the row at one)
            // and returns the count, holding the row (PostgreSQL) until the batch commits; the
            // domain's rule then judges the count before this vote.
            let row = vote_budgets::ActiveModel {
                contest_id: Set(contest.get()),
                user_id: Set(user.get()),
                used: Set(1),
                ..Default::default()
            };
            let after = vote_budgets::Entity::insert(row)
                .on_conflict(
                    OnConflict::columns([vote_budgets::Column::ContestId, vote_budgets::Column::UserId])
                        .value(
                            vote_budgets::Column::Used,
                            Expr::col((vote_budgets::Entity, vote_budgets::Column::Used)).add(1),
                        )
                        .to_owned(),
                )
                .exec_with_returning(self.txn)
                .await?
                .used;
            let before = u32::try_from(after - 1).unwrap_or(u32::MAX);
            if within_budget(Some(budget), before).is_err() {
                votes::Entity::delete_many()
                    .filter(votes::Column::IdeaId.eq(idea.get()))
                    .filter(votes::Column::UserId.eq(user.get()))
                    .exec(self.txn)
                    .await?;
                give_back(self.txn, contest, user).await?;
                return Err(StoreError::BudgetExhausted);
            }
        }
        let counted = self.counted(idea)?;
        counted.votes += 1;
        counted.changed = true;
        let (votes, stage) = (counted.votes, counted.stage);
        self.events.push((Event::VoteCast { idea, user }, Some(user)));
        if let Some(milestone) = vote_milestone(votes) {
            self.flush().await?;
            announce_milestone(self.txn, idea, milestone, self.now).await?;
        }
        if let Some(threshold) =
            scope.and_then(|s| s.shortlist_at).filter(|t| due_for_shortlist(stage, votes, Some(*t)))
        {
            self.flush().await?;
            super::stages::shortlist_if_due(self.txn, self.backend, idea, votes, threshold, self.now).await?;
            let now_at: Option<String> = ideas::Entity::find_by_id(idea.get())
                .select_only()
                .column(ideas::Column::Stage)
                .into_tuple()
                .one(self.txn)
                .await?;
            let now_at = now_at.ok_or(StoreError::Conflict)?;
            self.counted(idea)?.stage = now_at.parse().map_err(super::corrupt("idea stage"))?;
        }
        Ok(VoteTally { votes, voted: true })
    }

    /// Withdraws a vote.
    async fn withdraw(
        &mut self,
        idea: IdeaId,
        user: UserId,
        contest: Option<ContestId>,
    ) -> Result<VoteTally, StoreError> {
        let deleted = votes::Entity::delete_many()
            .filter(votes::Column::IdeaId.eq(idea.get()))
            .filter(votes::Column::UserId.eq(user.get()))
            .exec(self.txn)
            .await?
            .rows_affected
            == 1;
        if !deleted {
            return Ok(VoteTally { votes: self.counted(idea)?.votes, voted: false });
        }
        if let Some(contest) = contest {
            give_back(self.txn, contest, user).await?;
        }
        let counted = self.counted(idea)?;
        counted.votes -= 1;
        counted.changed = true;
        let votes = counted.votes;
        self.events.push((Event::VoteWithdrawn { idea, user }, Some(user)));
        Ok(VoteTally { votes, voted: false })
    }
}

/// Gives one vote of a member's budget back.
async fn give_back(txn: &DatabaseTransaction, contest: ContestId, user: UserId) -> Result<(), StoreError> {
    vote_budgets::Entity::update_many()
        .col_expr(vote_budgets::Column::Used, Expr::col(vote_budgets::Column::Used).sub(1))
        .filter(vote_budgets::Column::ContestId.eq(contest.get()))
        .filter(vote_budgets::Column::UserId.eq(user.get()))
        .filter(vote_budgets::Column::Used.gt(0))
        .exec(txn)
        .await?;
    Ok(())
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
        let change = VoteChange::Cast { idea, user, scope };
        self.apply_votes(&[change], now).await.pop().unwrap_or(Err(StoreError::Conflict))
    }

    /// Withdraws a member's vote (a second withdrawal changes nothing) and returns its budget.
    pub async fn withdraw_vote(
        &self,
        idea: IdeaId,
        user: UserId,
        contest: Option<ContestId>,
        now: OffsetDateTime,
    ) -> Result<VoteTally, StoreError> {
        let change = VoteChange::Withdraw { idea, user, contest };
        self.apply_votes(&[change], now).await.pop().unwrap_or(Err(StoreError::Conflict))
    }

    /// Applies many members' vote changes in order, in one transaction (one commit for all: a
    /// group commit), each with the same effect and outcome as [`Store::cast_vote`] or
    /// [`Store::withdraw_vote`] alone; the outcomes come back in the same order. A budget refusal
    /// refuses that change only. Should the shared transaction fail otherwise, each change is
    /// applied again in a transaction of its own, so that one change's failure is its own (vote
    /// changes are idempotent: none counts twice).
    pub async fn apply_votes(&self, changes: &[VoteChange], now: OffsetDateTime) -> Vec<Result<VoteTally, StoreError>> {
        match self.apply_votes_together(changes, now).await {
            Ok(outcomes) => outcomes,
            Err(_) if changes.len() > 1 => {
                let mut outcomes = Vec::with_capacity(changes.len());
                for change in changes {
                    outcomes.push(match self.apply_votes_together(std::slice::from_ref(change), now).await {
                        Ok(mut alone) => alone.pop().unwrap_or(Err(StoreError::Conflict)),
                        Err(error) => Err(error),
                    });
                }
                outcomes
            }
            Err(error) => vec![Err(error)],
        }
    }

    async fn apply_votes_together(
        &self,
        changes: &[VoteChange],
        now: OffsetDateTime,
    ) -> Result<Vec<Result<VoteTally, StoreError>>, StoreError> {
        let txn = self.write.begin().await?;
        let mut batch = Batch::begin(&txn, self.backend, changes, now).await?;
        let mut outcomes = Vec::with_capacity(changes.len());
        for change in changes {
            let outcome = match *change {
                VoteChange::Cast { idea, user, scope } => batch.cast(idea, user, scope).await,
                VoteChange::Withdraw { idea, user, contest } => batch.withdraw(idea, user, contest).await,
            };
            match outcome {
                Err(StoreError::BudgetExhausted) => outcomes.push(Err(StoreError::BudgetExhausted)),
                Err(error) => return Err(error),
                Ok(tally) => outcomes.push(Ok(tally)),
            }
        }
        batch.flush().await?;
        txn.commit().await?;
        Ok(outcomes)
    }
}
