//! Votes: counted once per member and idea, within the contest's budget (the domain's rule, applied
//! while the member's count is locked), with vote milestones announced once. The writing is in
//! `vote_batch` (many members' votes in one transaction); here are the types and the reads.

use ideaforge_domain::contest::{VoteBudget, VoteThreshold};
use ideaforge_domain::idea::Stage;
use ideaforge_domain::notification::Notice;
use ideaforge_domain::{ContestId, IdeaId, UserId};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
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
pub(super) async fn announce_milestone(
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

/// What a vote on an idea needs to know of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VoteTarget {
    /// Its contest, if any.
    pub contest: Option<ContestId>,
    /// Its stage.
    pub stage: Stage,
    /// Whether the voter wrote or co-wrote it.
    pub by_voter: bool,
}

impl Store {
    /// What a vote by `voter` on `idea` needs to know of the idea, in one read (a vote does not
    /// need its text).
    pub async fn vote_target(&self, idea: IdeaId, voter: UserId) -> Result<Option<VoteTarget>, StoreError> {
        let theirs = Query::select()
            .expr(Expr::val(1))
            .from(idea_authors::Entity)
            .and_where(Expr::col((idea_authors::Entity, idea_authors::Column::IdeaId)).eq(idea.get()))
            .and_where(Expr::col((idea_authors::Entity, idea_authors::Column::UserId)).eq(voter.get()))
            .to_owned();
        let row: Option<(Option<i64>, String, bool)> = ideas::Entity::find_by_id(idea.get())
            .select_only()
            .column(ideas::Column::ContestId)
            .column(ideas::Column::Stage)
            .column_as(Expr::exists(theirs), "by_voter")
            .into_tuple()
            .one(&self.read)
            .await?;
        row.map(|(contest, stage, by_voter)| {
            Ok(VoteTarget {
                contest: contest.map(ContestId::new),
                stage: stage.parse().map_err(super::corrupt("idea stage"))?,
                by_voter,
            })
        })
        .transpose()
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
