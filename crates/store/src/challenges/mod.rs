//! Challenges, agreements, solutions, scores, awards and questions. Every money movement posts to
//! the ledger in the same database transaction as the state change it belongs to.

use ideaforge_domain::challenge::{
    Award, AwardSplit, Challenge, ChallengeTitle, ConfidentialDetails, Criteria, EndReason, NewChallenge,
    PublicStatement, Solution, SolutionBody, SolutionTitle, Status,
};
use ideaforge_domain::contest::{BasisPoints, parse_category};
use ideaforge_domain::ledger::Account;
use ideaforge_domain::money::{Currency, Money};
use ideaforge_domain::{ChallengeId, OrgId, SolutionId, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use time::OffsetDateTime;

use crate::contests::to_org;
use crate::entity::{challenge_awards, challenges, organizations, solutions};
use crate::events::{Event, append};
use crate::ledger::balance_within;
use crate::{Backend, Store, StoreError};

mod money;
mod questions;
mod solving;
#[cfg(test)]
mod tests;

pub use solving::{SolutionOpening, SolutionRevision, StoredScore};

fn corrupt(what: &'static str) -> impl Fn(ideaforge_domain::Invalid) -> StoreError {
    move |_| StoreError::Corrupt { what }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredCriterion {
    name: String,
    weight: i64,
}

/// The split and the criteria as the JSON the `challenges` row stores.
fn stored_split_and_criteria(new: &NewChallenge) -> Result<(String, String), StoreError> {
    let split: Vec<u16> = new.split.as_slice().iter().map(|b| b.get()).collect();
    let criteria: Vec<StoredCriterion> = new
        .criteria
        .as_slice()
        .iter()
        .map(|c| StoredCriterion { name: c.name.as_str().to_owned(), weight: i64::from(c.weight) })
        .collect();
    let json = |v: serde_json::Result<String>| v.map_err(|_| StoreError::Corrupt { what: "challenge json" });
    Ok((json(serde_json::to_string(&split))?, json(serde_json::to_string(&criteria))?))
}

fn to_challenge(model: challenges::Model, org: organizations::Model) -> Result<Challenge, StoreError> {
    let currency = Currency::parse(&model.currency).map_err(corrupt("challenge currency"))?;
    let split: Vec<i64> =
        serde_json::from_str(&model.split_bp).map_err(|_| StoreError::Corrupt { what: "challenge split" })?;
    let criteria: Vec<StoredCriterion> =
        serde_json::from_str(&model.criteria).map_err(|_| StoreError::Corrupt { what: "challenge criteria" })?;
    let criteria: Vec<(String, i64)> = criteria.into_iter().map(|c| (c.name, c.weight)).collect();
    let terms = NewChallenge {
        title: ChallengeTitle::parse(&model.title).map_err(corrupt("challenge title"))?,
        statement: PublicStatement::parse(&model.statement).map_err(corrupt("challenge statement"))?,
        details: ConfidentialDetails::parse(&model.details).map_err(corrupt("challenge details"))?,
        kind: model.kind.parse().map_err(corrupt("challenge kind"))?,
        difficulty: model.difficulty.parse().map_err(corrupt("challenge difficulty"))?,
        category: parse_category(&model.category).map_err(corrupt("challenge category"))?,
        award: Money::new(model.award_minor, currency),
        split: AwardSplit::parse(&split).map_err(corrupt("challenge split"))?,
        deadline: model.deadline,
        criteria: Criteria::parse(&criteria).map_err(corrupt("challenge criteria"))?,
        ip_terms: model.ip_terms.parse().map_err(corrupt("challenge ip terms"))?,
        anonymous: model.anonymous,
        language: crate::stored_language(model.language.as_deref()),
    };
    Ok(Challenge {
        id: ChallengeId::new(model.id),
        org: to_org(org)?,
        terms,
        status: model.status.parse().map_err(corrupt("challenge status"))?,
        fee_bp: u16::try_from(model.fee_bp).map_err(|_| StoreError::Corrupt { what: "challenge fee" })?,
        approved_at: model.approved_at,
        opened_at: model.opened_at,
        created_by: UserId::new(model.created_by),
        created_at: model.created_at,
        solutions: u32::try_from(model.solutions).map_err(|_| StoreError::Corrupt { what: "solution count" })?,
        end_reason: model.end_reason.as_deref().map(EndReason::parse).transpose().map_err(corrupt("end reason"))?,
    })
}

fn to_solution(model: solutions::Model, author_name: String) -> Result<Solution, StoreError> {
    Ok(Solution {
        id: SolutionId::new(model.id),
        challenge: ChallengeId::new(model.challenge_id),
        author: UserId::new(model.author_id),
        author_name,
        title: SolutionTitle::parse(&model.title).map_err(corrupt("solution title"))?,
        body: SolutionBody::parse(&model.body).map_err(corrupt("solution body"))?,
        revision: model.revision,
        created_at: model.created_at,
        updated_at: model.updated_at,
    })
}

fn to_award(model: challenge_awards::Model) -> Result<Award, StoreError> {
    let currency = Currency::parse(&model.currency).map_err(corrupt("award currency"))?;
    Ok(Award {
        place: u8::try_from(model.place).map_err(|_| StoreError::Corrupt { what: "award place" })?,
        solution: SolutionId::new(model.solution_id),
        solver: UserId::new(model.solver_id),
        share: BasisPoints::new(i64::from(model.share_bp)).map_err(corrupt("award share"))?,
        amount: Money::new(model.amount_minor, currency),
        fee: Money::new(model.fee_minor, currency),
        ip_terms: model.ip_terms.parse().map_err(corrupt("award ip terms"))?,
        awarded_at: model.awarded_at,
    })
}

/// Which challenges to list.
#[derive(Clone, Copy, Debug, Default)]
pub struct ChallengeFilter {
    /// Only those of this organization.
    pub org: Option<OrgId>,
    /// Only those with this stored status.
    pub status: Option<Status>,
    /// Only those that have opened (public).
    pub public_only: bool,
}

/// Locks the challenge row until the transaction ends (PostgreSQL; SQLite's one writer already
/// serialises writes) and reads it.
async fn lock_challenge(
    txn: &DatabaseTransaction,
    backend: Backend,
    id: ChallengeId,
) -> Result<Option<challenges::Model>, StoreError> {
    let mut query = challenges::Entity::find_by_id(id.get());
    if backend == Backend::Postgres {
        query = query.lock_exclusive();
    }
    Ok(query.one(txn).await?)
}

/// Moves a challenge from one of `from` to `to` under its lock, with the event, inside the
/// caller's transaction. Returns the status it was in, or `None` (nothing changed; the caller
/// rolls back) when it was in another one.
async fn move_status(
    txn: &DatabaseTransaction,
    backend: Backend,
    id: ChallengeId,
    from: &[Status],
    to: Status,
    actor: UserId,
    now: OffsetDateTime,
) -> Result<Option<Status>, StoreError> {
    let Some(model) = lock_challenge(txn, backend, id).await? else { return Ok(None) };
    let current: Status = model.status.parse().map_err(corrupt("challenge status"))?;
    if !from.contains(&current) {
        return Ok(None);
    }
    challenges::Entity::update_many()
        .col_expr(challenges::Column::Status, Expr::value(to.as_str()))
        .filter(challenges::Column::Id.eq(id.get()))
        .exec(txn)
        .await?;
    let event = Event::ChallengeStatusChanged { challenge: id, from: current, to };
    append(txn, event, Some(actor), now).await?;
    Ok(Some(current))
}

/// Locks the challenge row (see [`lock_challenge`]) and reads the challenge with its organization.
async fn load_locked(
    txn: &DatabaseTransaction,
    backend: Backend,
    id: ChallengeId,
) -> Result<Option<Challenge>, StoreError> {
    let Some(model) = lock_challenge(txn, backend, id).await? else { return Ok(None) };
    let org = organizations::Entity::find_by_id(model.org_id)
        .one(txn)
        .await?
        .ok_or(StoreError::Corrupt { what: "challenge org" })?;
    to_challenge(model, org).map(Some)
}

/// What a challenge's escrow holds, inside the caller's transaction.
async fn held_within(txn: &DatabaseTransaction, challenge: &Challenge) -> Result<Money, StoreError> {
    let currency = challenge.terms.award.currency();
    Ok(Money::new(balance_within(txn, &Account::escrow(challenge.id, currency)).await?, currency))
}

/// Opens the challenge if the domain says its funding is complete ([`Challenge::opens_with`]).
async fn open_if_ready(
    txn: &DatabaseTransaction,
    backend: Backend,
    id: ChallengeId,
    actor: UserId,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let Some(challenge) = load_locked(txn, backend, id).await? else { return Ok(false) };
    if !challenge.opens_with(held_within(txn, &challenge).await?, now) {
        return Ok(false);
    }
    challenges::Entity::update_many()
        .col_expr(challenges::Column::Status, Expr::value(Status::Open.as_str()))
        .col_expr(challenges::Column::OpenedAt, Expr::value(now))
        .filter(challenges::Column::Id.eq(id.get()))
        .exec(txn)
        .await?;
    append(txn, Event::ChallengeOpened { challenge: id }, Some(actor), now).await?;
    Ok(true)
}

impl Store {
    /// Creates a challenge as a draft of its organization.
    pub async fn create_challenge(
        &self,
        org: OrgId,
        new: &NewChallenge,
        fee_bp: u16,
        creator: UserId,
        now: OffsetDateTime,
    ) -> Result<ChallengeId, StoreError> {
        let (split, criteria) = stored_split_and_criteria(new)?;
        let txn = self.write.begin().await?;
        let model = challenges::ActiveModel {
            id: NotSet,
            org_id: Set(org.get()),
            title: Set(new.title.as_str().to_owned()),
            statement: Set(new.statement.as_str().to_owned()),
            details: Set(new.details.as_str().to_owned()),
            kind: Set(new.kind.as_str().to_owned()),
            difficulty: Set(new.difficulty.as_str().to_owned()),
            category: Set(new.category.as_str().to_owned()),
            award_minor: Set(new.award.minor()),
            currency: Set(new.award.currency().code().to_owned()),
            split_bp: Set(split),
            criteria: Set(criteria),
            deadline: Set(new.deadline),
            ip_terms: Set(new.ip_terms.as_str().to_owned()),
            anonymous: Set(new.anonymous),
            status: Set(Status::Draft.as_str().to_owned()),
            fee_bp: Set(i32::from(fee_bp)),
            approved_at: Set(None),
            approved_by: Set(None),
            opened_at: Set(None),
            created_by: Set(creator.get()),
            created_at: Set(now),
            solutions: Set(0),
            end_reason: Set(None),
            language: Set(crate::language_tag(new.language)),
        }
        .insert(&txn)
        .await?;
        let id = ChallengeId::new(model.id);
        append(&txn, Event::ChallengeCreated { challenge: id, org }, Some(creator), now).await?;
        txn.commit().await?;
        Ok(id)
    }

    /// Replaces a draft's content; false when it is no longer a draft.
    pub async fn update_draft(
        &self,
        id: ChallengeId,
        new: &NewChallenge,
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let (split, criteria) = stored_split_and_criteria(new)?;
        let txn = self.write.begin().await?;
        let updated = challenges::Entity::update_many()
            .col_expr(challenges::Column::Title, Expr::value(new.title.as_str()))
            .col_expr(challenges::Column::Statement, Expr::value(new.statement.as_str()))
            .col_expr(challenges::Column::Details, Expr::value(new.details.as_str()))
            .col_expr(challenges::Column::Kind, Expr::value(new.kind.as_str()))
            .col_expr(challenges::Column::Difficulty, Expr::value(new.difficulty.as_str()))
            .col_expr(challenges::Column::Category, Expr::value(new.category.as_str()))
            .col_expr(challenges::Column::AwardMinor, Expr::value(new.award.minor()))
            .col_expr(challenges::Column::Currency, Expr::value(new.award.currency().code()))
            .col_expr(challenges::Column::SplitBp, Expr::value(split))
            .col_expr(challenges::Column::Criteria, Expr::value(criteria))
            .col_expr(challenges::Column::Deadline, Expr::value(new.deadline))
            .col_expr(challenges::Column::IpTerms, Expr::value(new.ip_terms.as_str()))
            .col_expr(challenges::Column::Anonymous, Expr::value(new.anonymous))
            .col_expr(challenges::Column::Language, Expr::value(crate::language_tag(new.language)))
            .filter(challenges::Column::Id.eq(id.get()))
            .filter(challenges::Column::Status.eq(Status::Draft.as_str()))
            .exec(&txn)
            .await?;
        if updated.rows_affected != 1 {
            txn.rollback().await?;
            return Ok(false);
        }
        append(&txn, Event::ChallengeEdited { challenge: id }, Some(actor), now).await?;
        txn.commit().await?;
        Ok(true)
    }

    /// The challenge with this id.
    pub async fn challenge(&self, id: ChallengeId) -> Result<Option<Challenge>, StoreError> {
        let found =
            challenges::Entity::find_by_id(id.get()).find_also_related(organizations::Entity).one(&self.read).await?;
        match found {
            Some((model, Some(org))) => to_challenge(model, org).map(Some),
            Some((_, None)) => Err(StoreError::Corrupt { what: "challenge org" }),
            None => Ok(None),
        }
    }

    /// Challenges, newest first.
    pub async fn challenges(&self, filter: ChallengeFilter, limit: u64) -> Result<Vec<Challenge>, StoreError> {
        let mut query = challenges::Entity::find()
            .find_also_related(organizations::Entity)
            .order_by_desc(challenges::Column::Id)
            .limit(limit);
        if let Some(org) = filter.org {
            query = query.filter(challenges::Column::OrgId.eq(org.get()));
        }
        if let Some(status) = filter.status {
            query = query.filter(challenges::Column::Status.eq(status.as_str()));
        }
        if filter.public_only {
            query = query.filter(challenges::Column::OpenedAt.is_not_null());
        }
        query
            .all(&self.read)
            .await?
            .into_iter()
            .map(|(model, org)| to_challenge(model, org.ok_or(StoreError::Corrupt { what: "challenge org" })?))
            .collect()
    }

    /// Moves a challenge from one of `from` to `to`; false if it was in another status.
    pub async fn set_challenge_status(
        &self,
        id: ChallengeId,
        from: &[Status],
        to: Status,
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let txn = self.write.begin().await?;
        if move_status(&txn, self.backend, id, from, to, actor, now).await?.is_none() {
            txn.rollback().await?;
            return Ok(false);
        }
        txn.commit().await?;
        Ok(true)
    }

    /// Records a moderator's approval of a challenge in review, and opens it if its escrow is
    /// already funded. False if it was not in review or was approved before.
    pub async fn approve_challenge(
        &self,
        id: ChallengeId,
        moderator: UserId,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let txn = self.write.begin().await?;
        let result = challenges::Entity::update_many()
            .col_expr(challenges::Column::ApprovedAt, Expr::value(now))
            .col_expr(challenges::Column::ApprovedBy, Expr::value(moderator.get()))
            .filter(challenges::Column::Id.eq(id.get()))
            .filter(challenges::Column::Status.eq(Status::InReview.as_str()))
            .filter(challenges::Column::ApprovedAt.is_null())
            .exec(&txn)
            .await?;
        if result.rows_affected == 1 {
            append(&txn, Event::ChallengeApproved { challenge: id }, Some(moderator), now).await?;
            open_if_ready(&txn, self.backend, id, moderator, now).await?;
        }
        txn.commit().await?;
        Ok(result.rows_affected == 1)
    }
}
