//! A challenge's agreements, solutions with their revisions, and judges' scores.

use ideaforge_domain::challenge::{
    Acceptance, OpeningReason, Score, Scorecard, Solution, SolutionBody, SolutionTitle, agreement_record,
    solution_authored,
};
use ideaforge_domain::{ChallengeId, SolutionId, UserId};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, SqlErr, TransactionTrait,
};
use time::OffsetDateTime;

use super::{corrupt, to_solution};
use crate::entity::{
    challenge_agreements, challenges, solution_openings, solution_revisions, solution_scores, solutions, users,
};
use crate::events::{Event, append};
use crate::ip::append_ip;
use crate::{Store, StoreError};

/// A solution's earlier text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SolutionRevision {
    /// Its number.
    pub revision: i32,
    /// The title then.
    pub title: String,
    /// The text then.
    pub body: String,
    /// When it was written.
    pub created_at: OffsetDateTime,
}

/// An administrator's opening of a sealed solution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SolutionOpening {
    /// Who opened it.
    pub admin: UserId,
    /// Why, as they said.
    pub reason: String,
    /// When.
    pub opened_at: OffsetDateTime,
}

/// One judge's score on one criterion of one solution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredScore {
    /// The solution.
    pub solution: SolutionId,
    /// The judge.
    pub judge: UserId,
    /// The criterion's index.
    pub criterion: usize,
    /// The score.
    pub score: Score,
}

fn revision_row(
    id: SolutionId,
    revision: i32,
    title: &SolutionTitle,
    body: &SolutionBody,
    now: OffsetDateTime,
) -> solution_revisions::ActiveModel {
    solution_revisions::ActiveModel {
        id: NotSet,
        solution_id: Set(id.get()),
        revision: Set(revision),
        title: Set(title.as_str().to_owned()),
        body: Set(body.as_str().to_owned()),
        created_at: Set(now),
    }
}

impl Store {
    /// Records a member's acceptance of a challenge's agreement (the first one stands).
    pub async fn accept_agreement(
        &self,
        challenge: ChallengeId,
        user: UserId,
        agreement_sha256: &str,
        now: OffsetDateTime,
    ) -> Result<Acceptance, StoreError> {
        let txn = self.write.begin().await?;
        let insert = sea_orm::sea_query::Query::insert()
            .into_table(challenge_agreements::Entity)
            .columns([
                challenge_agreements::Column::ChallengeId,
                challenge_agreements::Column::UserId,
                challenge_agreements::Column::AgreementSha256,
                challenge_agreements::Column::AcceptedAt,
            ])
            .values_panic([challenge.get().into(), user.get().into(), agreement_sha256.into(), now.into()])
            .on_conflict(
                OnConflict::columns([challenge_agreements::Column::ChallengeId, challenge_agreements::Column::UserId])
                    .do_nothing()
                    .to_owned(),
            )
            .to_owned();
        let inserted = txn.execute(&insert).await?.rows_affected();
        if inserted == 1 {
            append_ip(&txn, self.backend, agreement_record(challenge, user, agreement_sha256), now).await?;
            append(&txn, Event::AgreementAccepted { challenge, user }, Some(user), now).await?;
        }
        let row = challenge_agreements::Entity::find()
            .filter(challenge_agreements::Column::ChallengeId.eq(challenge.get()))
            .filter(challenge_agreements::Column::UserId.eq(user.get()))
            .one(&txn)
            .await?
            .ok_or(StoreError::Conflict)?;
        txn.commit().await?;
        Ok(Acceptance { accepted_at: row.accepted_at, agreement_sha256: row.agreement_sha256 })
    }

    /// A member's acceptance of a challenge's agreement, if any.
    pub async fn acceptance(&self, challenge: ChallengeId, user: UserId) -> Result<Option<Acceptance>, StoreError> {
        Ok(challenge_agreements::Entity::find()
            .filter(challenge_agreements::Column::ChallengeId.eq(challenge.get()))
            .filter(challenge_agreements::Column::UserId.eq(user.get()))
            .one(&self.read)
            .await?
            .map(|row| Acceptance { accepted_at: row.accepted_at, agreement_sha256: row.agreement_sha256 }))
    }

    /// Submits a solver's solution (revision 1); `Conflict` if they already submitted one.
    pub async fn submit_solution(
        &self,
        challenge: ChallengeId,
        author: UserId,
        title: &SolutionTitle,
        body: &SolutionBody,
        now: OffsetDateTime,
    ) -> Result<SolutionId, StoreError> {
        let txn = self.write.begin().await?;
        let inserted = solutions::ActiveModel {
            id: NotSet,
            challenge_id: Set(challenge.get()),
            author_id: Set(author.get()),
            title: Set(title.as_str().to_owned()),
            body: Set(body.as_str().to_owned()),
            revision: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await;
        let model = match inserted {
            Ok(model) => model,
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                txn.rollback().await?;
                return Err(StoreError::Conflict);
            }
            Err(e) => return Err(e.into()),
        };
        let id = SolutionId::new(model.id);
        // Counted in the same transaction: what the seeker sees before the deadline, and what
        // keeps it from cancelling.
        challenges::Entity::update_many()
            .col_expr(challenges::Column::Solutions, Expr::col(challenges::Column::Solutions).add(1))
            .filter(challenges::Column::Id.eq(challenge.get()))
            .exec(&txn)
            .await?;
        revision_row(id, 1, title, body, now).insert(&txn).await?;
        append_ip(&txn, self.backend, solution_authored(id, author, 1, title, body), now).await?;
        append(&txn, Event::SolutionSubmitted { challenge, solution: id }, Some(author), now).await?;
        txn.commit().await?;
        Ok(id)
    }

    /// Revises a solution, keeping the earlier text as a revision. Returns the new revision.
    pub async fn revise_solution(
        &self,
        solution: &Solution,
        title: &SolutionTitle,
        body: &SolutionBody,
        now: OffsetDateTime,
    ) -> Result<i32, StoreError> {
        let txn = self.write.begin().await?;
        let next = solution.revision + 1;
        let result = solutions::Entity::update_many()
            .col_expr(solutions::Column::Title, Expr::value(title.as_str()))
            .col_expr(solutions::Column::Body, Expr::value(body.as_str()))
            .col_expr(solutions::Column::Revision, Expr::value(next))
            .col_expr(solutions::Column::UpdatedAt, Expr::value(now))
            .filter(solutions::Column::Id.eq(solution.id.get()))
            .filter(solutions::Column::Revision.eq(solution.revision))
            .exec(&txn)
            .await?;
        if result.rows_affected != 1 {
            txn.rollback().await?;
            return Err(StoreError::Conflict);
        }
        revision_row(solution.id, next, title, body, now).insert(&txn).await?;
        append_ip(&txn, self.backend, solution_authored(solution.id, solution.author, next, title, body), now).await?;
        let event = Event::SolutionRevised { challenge: solution.challenge, solution: solution.id, revision: next };
        append(&txn, event, Some(solution.author), now).await?;
        txn.commit().await?;
        Ok(next)
    }

    /// The solution with this id.
    pub async fn solution(&self, id: SolutionId) -> Result<Option<Solution>, StoreError> {
        let found = solutions::Entity::find_by_id(id.get()).one(&self.read).await?;
        match found {
            Some(model) => {
                let name = self.display_name(UserId::new(model.author_id)).await?;
                to_solution(model, name).map(Some)
            }
            None => Ok(None),
        }
    }

    async fn display_name(&self, user: UserId) -> Result<String, StoreError> {
        Ok(users::Entity::find_by_id(user.get()).one(&self.read).await?.map(|u| u.display_name).unwrap_or_default())
    }

    /// The solutions of a challenge, oldest first.
    pub async fn challenge_solutions(&self, challenge: ChallengeId) -> Result<Vec<Solution>, StoreError> {
        let rows = solutions::Entity::find()
            .filter(solutions::Column::ChallengeId.eq(challenge.get()))
            .find_also_related(users::Entity)
            .order_by_asc(solutions::Column::Id)
            .all(&self.read)
            .await?;
        rows.into_iter()
            .map(|(model, user)| to_solution(model, user.map(|u| u.display_name).unwrap_or_default()))
            .collect()
    }

    /// A solver's solutions, newest first.
    pub async fn solutions_by(&self, author: UserId) -> Result<Vec<Solution>, StoreError> {
        let name = self.display_name(author).await?;
        solutions::Entity::find()
            .filter(solutions::Column::AuthorId.eq(author.get()))
            .order_by_desc(solutions::Column::Id)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|model| to_solution(model, name.clone()))
            .collect()
    }

    /// Every revision of a solution, oldest first.
    pub async fn solution_revisions(&self, id: SolutionId) -> Result<Vec<SolutionRevision>, StoreError> {
        Ok(solution_revisions::Entity::find()
            .filter(solution_revisions::Column::SolutionId.eq(id.get()))
            .order_by_asc(solution_revisions::Column::Revision)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|r| SolutionRevision { revision: r.revision, title: r.title, body: r.body, created_at: r.created_at })
            .collect())
    }

    /// Records a judge's scorecard for a solution, replacing their earlier scores.
    pub async fn set_scores(
        &self,
        solution: &Solution,
        judge: UserId,
        card: &Scorecard,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        for (criterion, score) in card.as_slice() {
            let criterion = i32::try_from(*criterion).map_err(|_| StoreError::Corrupt { what: "criterion" })?;
            let upsert = sea_orm::sea_query::Query::insert()
                .into_table(solution_scores::Entity)
                .columns([
                    solution_scores::Column::SolutionId,
                    solution_scores::Column::JudgeId,
                    solution_scores::Column::Criterion,
                    solution_scores::Column::Score,
                    solution_scores::Column::ScoredAt,
                ])
                .values_panic([
                    solution.id.get().into(),
                    judge.get().into(),
                    criterion.into(),
                    i32::from(score.get()).into(),
                    now.into(),
                ])
                .on_conflict(
                    OnConflict::columns([
                        solution_scores::Column::SolutionId,
                        solution_scores::Column::JudgeId,
                        solution_scores::Column::Criterion,
                    ])
                    .update_columns([solution_scores::Column::Score, solution_scores::Column::ScoredAt])
                    .to_owned(),
                )
                .to_owned();
            txn.execute(&upsert).await?;
        }
        let event = Event::SolutionScored { challenge: solution.challenge, solution: solution.id, judge };
        append(&txn, event, Some(judge), now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Every score given on a challenge's solutions.
    pub async fn challenge_scores(&self, challenge: ChallengeId) -> Result<Vec<StoredScore>, StoreError> {
        let rows = solution_scores::Entity::find()
            .inner_join(solutions::Entity)
            .filter(solutions::Column::ChallengeId.eq(challenge.get()))
            .all(&self.read)
            .await?;
        rows.into_iter()
            .map(|r| {
                Ok(StoredScore {
                    solution: SolutionId::new(r.solution_id),
                    judge: UserId::new(r.judge_id),
                    criterion: usize::try_from(r.criterion).map_err(|_| StoreError::Corrupt { what: "criterion" })?,
                    score: Score::new(i64::from(r.score)).map_err(corrupt("score"))?,
                })
            })
            .collect()
    }

    /// Records that an administrator opened a sealed solution, and why.
    pub async fn open_solution(
        &self,
        solution: &Solution,
        admin: UserId,
        reason: &OpeningReason,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        solution_openings::ActiveModel {
            id: NotSet,
            solution_id: Set(solution.id.get()),
            admin_id: Set(admin.get()),
            reason: Set(reason.as_str().to_owned()),
            opened_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let event = Event::SolutionOpened { challenge: solution.challenge, solution: solution.id, admin };
        append(&txn, event, Some(admin), now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Every opening of a sealed solution, first first.
    pub async fn solution_openings(&self, solution: SolutionId) -> Result<Vec<SolutionOpening>, StoreError> {
        Ok(solution_openings::Entity::find()
            .filter(solution_openings::Column::SolutionId.eq(solution.get()))
            .order_by_asc(solution_openings::Column::Id)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|o| SolutionOpening { admin: UserId::new(o.admin_id), reason: o.reason, opened_at: o.opened_at })
            .collect())
    }
}
