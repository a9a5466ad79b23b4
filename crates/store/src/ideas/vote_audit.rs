//! A contest's vote counters checked against their rows (the `testing` feature: the vote
//! benchmark's check that no vote was lost or counted twice).

use std::collections::HashMap;

use ideaforge_domain::{ContestId, IdeaId, UserId};

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::entity::{ideas, vote_budgets, votes};
use crate::{Store, StoreError};

/// What [`Store::vote_audit`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VoteAudit {
    /// Vote rows per idea of the contest (ideas without votes are absent).
    pub rows: HashMap<IdeaId, i64>,
    /// Ideas whose stored count differs from their rows: (idea, stored, rows).
    pub counters_off: Vec<(IdeaId, i64, i64)>,
    /// Members whose used budget (where the contest has one) differs from their rows:
    /// (member, used, rows).
    pub budgets_off: Vec<(UserId, i64, i64)>,
}

impl Store {
    /// Checks every idea's vote counter and every member's used budget in `contest` against the
    /// vote rows.
    pub async fn vote_audit(&self, contest: ContestId) -> Result<VoteAudit, StoreError> {
        let counters: Vec<(i64, i64)> = ideas::Entity::find()
            .select_only()
            .column(ideas::Column::Id)
            .column(ideas::Column::VotesCount)
            .filter(ideas::Column::ContestId.eq(contest.get()))
            .into_tuple()
            .all(&self.read)
            .await?;
        let per_idea: Vec<(i64, i64)> = votes::Entity::find()
            .select_only()
            .column(votes::Column::IdeaId)
            .column_as(votes::Column::Id.count(), "n")
            .filter(votes::Column::ContestId.eq(contest.get()))
            .group_by(votes::Column::IdeaId)
            .into_tuple()
            .all(&self.read)
            .await?;
        let per_member: HashMap<i64, i64> = votes::Entity::find()
            .select_only()
            .column(votes::Column::UserId)
            .column_as(votes::Column::Id.count(), "n")
            .filter(votes::Column::ContestId.eq(contest.get()))
            .group_by(votes::Column::UserId)
            .into_tuple::<(i64, i64)>()
            .all(&self.read)
            .await?
            .into_iter()
            .collect();
        let budgets: Vec<(i64, i32)> = vote_budgets::Entity::find()
            .select_only()
            .column(vote_budgets::Column::UserId)
            .column(vote_budgets::Column::Used)
            .filter(vote_budgets::Column::ContestId.eq(contest.get()))
            .into_tuple()
            .all(&self.read)
            .await?;
        let rows: HashMap<IdeaId, i64> = per_idea.into_iter().map(|(idea, n)| (IdeaId::new(idea), n)).collect();
        let counters_off = counters
            .into_iter()
            .map(|(idea, stored)| (IdeaId::new(idea), stored))
            .filter_map(|(idea, stored)| {
                let counted = rows.get(&idea).copied().unwrap_or(0);
                (counted != stored).then_some((idea, stored, counted))
            })
            .collect();
        let budgets_off: Vec<(UserId, i64, i64)> = budgets
            .iter()
            .filter_map(|&(user, used)| {
                let counted = per_member.get(&user).copied().unwrap_or(0);
                (counted != i64::from(used)).then_some((UserId::new(user), i64::from(used), counted))
            })
            .collect();
        Ok(VoteAudit { rows, counters_off, budgets_off })
    }
}
