//! Challenges, agreements, solutions, scores, awards and questions. Every money movement posts to
//! the ledger in the same database transaction as the state change it belongs to.

use ideaforge_domain::challenge::{
    Acceptance, Award, AwardPlan, AwardRefused, AwardSplit, Challenge, ChallengeTitle, ConfidentialDetails, Criteria,
    EndPlan, NewChallenge, PublicStatement, QaText, Question, Refused, Score, Scorecard, Solution, SolutionBody,
    SolutionTitle, Status, agreement_record, challenge_ref, solution_authored,
};
use ideaforge_domain::contest::{BasisPoints, parse_category};
use ideaforge_domain::ledger::{Account, Transaction};
use ideaforge_domain::money::{Currency, Money};
use ideaforge_domain::{ChallengeId, OrgId, QuestionId, SolutionId, UserId};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr, TransactionTrait,
};
use time::OffsetDateTime;

use crate::contests::to_org;
use crate::entity::{
    challenge_agreements, challenge_awards, challenge_questions, challenges, organizations, solution_revisions,
    solution_scores, solutions, users,
};
use crate::events::{Event, append};
use crate::ip::append_ip;
use crate::ledger::{PostError, Posting, balance_within, post_within};
use crate::notifications::notify_all;
use crate::{Backend, Store, StoreError};
use ideaforge_domain::notification::{ChallengeRef, Notice};

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
    let event =
        Event::ChallengeStatusChanged { challenge: id, from: current.as_str().to_owned(), to: to.as_str().to_owned() };
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

    /// Records money received into a challenge's escrow (once per key) and opens the challenge if
    /// that completes its funding. The challenge row is locked first and must still be in review
    /// or open (`None` otherwise): money never lands in a challenge that is closing. Returns the
    /// ledger transaction and whether it was new.
    pub async fn fund_challenge(
        &self,
        id: ChallengeId,
        amount: Money,
        posting: &Posting<'_>,
        now: OffsetDateTime,
    ) -> Result<Option<(i64, bool)>, PostError> {
        if let Some(existing) = self.posted(posting.key).await? {
            return Ok(Some((existing, false)));
        }
        let transaction = Transaction::fund_escrow(id, amount)?;
        let txn = self.write.begin().await?;
        let Some(challenge) = load_locked(&txn, self.backend, id).await? else { return Ok(None) };
        if challenge.takes_escrow().is_err() {
            txn.rollback().await?;
            return Ok(None);
        }
        let Some(transaction_id) = post_within(&txn, self.backend, posting, &transaction, now).await? else {
            txn.rollback().await?;
            let existing = self.posted(posting.key).await?.ok_or(StoreError::Conflict)?;
            return Ok(Some((existing, false)));
        };
        append(&txn, Event::EscrowFunded { challenge: id, transaction: transaction_id }, posting.actor, now).await?;
        let notice = Notice::EscrowFunded { challenge: challenge_ref(&challenge), amount };
        notify_all(&txn, &[challenge.created_by], None, &notice, now).await?;
        if let Some(actor) = posting.actor {
            open_if_ready(&txn, self.backend, id, actor, now).await?;
        }
        txn.commit().await?;
        Ok(Some((transaction_id, true)))
    }

    /// What a challenge's escrow holds.
    pub async fn escrow_balance(&self, id: ChallengeId, currency: Currency) -> Result<Money, StoreError> {
        Ok(Money::new(self.balance(&Account::escrow(id, currency)).await?, currency))
    }

    /// Ends a challenge as the domain decides under the challenge's lock: `decide` gets the
    /// challenge, what its escrow holds and who submitted solutions, and returns the plan (or a
    /// refusal, and nothing changes). The status move, the notices and the refund of whatever the
    /// escrow holds commit together. Returns the refund.
    pub async fn end_challenge<E: From<PostError> + From<Refused>>(
        &self,
        id: ChallengeId,
        actor: UserId,
        now: OffsetDateTime,
        decide: impl FnOnce(&Challenge, Money, &[UserId]) -> Result<EndPlan, E>,
    ) -> Result<Money, E> {
        let txn = self.write.begin().await.map_err(PostError::from)?;
        let Some(challenge) = load_locked(&txn, self.backend, id).await.map_err(PostError::from)? else {
            return Err(Refused::Hidden.into());
        };
        let held = held_within(&txn, &challenge).await.map_err(PostError::from)?;
        let solvers: Vec<UserId> = solutions::Entity::find()
            .filter(solutions::Column::ChallengeId.eq(id.get()))
            .all(&txn)
            .await
            .map_err(PostError::from)?
            .into_iter()
            .map(|s| UserId::new(s.author_id))
            .collect();
        let plan = match decide(&challenge, held, &solvers) {
            Ok(plan) => plan,
            Err(refused) => {
                txn.rollback().await.map_err(PostError::from)?;
                return Err(refused);
            }
        };
        self.apply_end(&txn, &plan, id, actor, now).await?;
        txn.commit().await.map_err(PostError::from)?;
        Ok(plan.refund)
    }

    async fn apply_end(
        &self,
        txn: &DatabaseTransaction,
        plan: &EndPlan,
        id: ChallengeId,
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<(), PostError> {
        if move_status(txn, self.backend, id, &[plan.from], plan.to, actor, now).await?.is_none() {
            return Err(StoreError::Conflict.into());
        }
        notify_all(txn, &plan.notify, None, &plan.notice, now).await?;
        if let Some((transaction, key)) = &plan.refund_transaction {
            let posting = Posting {
                key,
                kind: "refund",
                memo: "unused escrow returned to the seeker",
                reference: None,
                actor: Some(actor),
            };
            let Some(transaction_id) = post_within(txn, self.backend, &posting, transaction, now).await? else {
                return Err(StoreError::Conflict.into());
            };
            append(txn, Event::EscrowRefunded { challenge: id, transaction: transaction_id }, Some(actor), now).await?;
        }
        Ok(())
    }

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

    /// Awards a solution as the domain decides under the challenge's lock: `decide` gets the
    /// challenge and the awards already made and returns the plan (or a refusal, and nothing
    /// changes). The ledger transaction, the award row, the IP record, the status and the notice
    /// commit together; a second award of one solution posts nothing.
    pub async fn award<E: From<PostError> + From<Refused>>(
        &self,
        id: ChallengeId,
        actor: UserId,
        now: OffsetDateTime,
        decide: impl FnOnce(&Challenge, &[Award]) -> Result<AwardPlan, E>,
    ) -> Result<Award, E> {
        let txn = self.write.begin().await.map_err(PostError::from)?;
        let Some(challenge) = load_locked(&txn, self.backend, id).await.map_err(PostError::from)? else {
            return Err(Refused::Hidden.into());
        };
        let made = challenge_awards::Entity::find()
            .filter(challenge_awards::Column::ChallengeId.eq(id.get()))
            .all(&txn)
            .await
            .map_err(PostError::from)?
            .into_iter()
            .map(to_award)
            .collect::<Result<Vec<_>, _>>()
            .map_err(PostError::from)?;
        let plan = match decide(&challenge, &made) {
            Ok(plan) => plan,
            Err(refused) => {
                txn.rollback().await.map_err(PostError::from)?;
                return Err(refused);
            }
        };
        match self.apply_award(&txn, &plan, actor, now).await {
            Ok(Some(row)) => {
                txn.commit().await.map_err(PostError::from)?;
                Ok(to_award(row).map_err(PostError::from)?)
            }
            Ok(None) => {
                txn.rollback().await.map_err(PostError::from)?;
                Err(Refused::Award(AwardRefused::AlreadyAwarded).into())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Writes an award plan; `None` when the solution was awarded meanwhile.
    async fn apply_award(
        &self,
        txn: &DatabaseTransaction,
        plan: &AwardPlan,
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<Option<challenge_awards::Model>, PostError> {
        let award = &plan.award;
        let posting =
            Posting { key: &plan.key, kind: "award", memo: "challenge award", reference: None, actor: Some(actor) };
        let Some(transaction_id) = post_within(txn, self.backend, &posting, &plan.transaction, now).await? else {
            return Ok(None);
        };
        let inserted = challenge_awards::ActiveModel {
            id: NotSet,
            challenge_id: Set(award.challenge.get()),
            solution_id: Set(award.solution.get()),
            solver_id: Set(award.solver.get()),
            share_bp: Set(i32::from(award.share.get())),
            amount_minor: Set(award.amount.minor()),
            fee_minor: Set(award.fee.minor()),
            currency: Set(award.amount.currency().code().to_owned()),
            ip_terms: Set(award.ip_terms.as_str().to_owned()),
            transaction_id: Set(transaction_id),
            awarded_by: Set(actor.get()),
            awarded_at: Set(now),
        }
        .insert(txn)
        .await;
        let row = match inserted {
            Ok(row) => row,
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        if let Some(record) = &plan.record {
            append_ip(txn, self.backend, record.clone(), now).await?;
        }
        if let Some(next) = plan.next {
            challenges::Entity::update_many()
                .col_expr(challenges::Column::Status, Expr::value(next.as_str()))
                .filter(challenges::Column::Id.eq(award.challenge.get()))
                .exec(txn)
                .await?;
        }
        let event = Event::SolutionAwarded {
            challenge: award.challenge,
            solution: award.solution,
            transaction: transaction_id,
        };
        append(txn, event, Some(actor), now).await?;
        notify_all(txn, &[award.solver], None, &plan.notice, now).await?;
        Ok(Some(row))
    }

    /// The awards made on a challenge, first first.
    pub async fn awards(&self, challenge: ChallengeId) -> Result<Vec<Award>, StoreError> {
        challenge_awards::Entity::find()
            .filter(challenge_awards::Column::ChallengeId.eq(challenge.get()))
            .order_by_asc(challenge_awards::Column::Id)
            .all(&self.read)
            .await?
            .into_iter()
            .map(to_award)
            .collect()
    }

    /// Asks a public question on a challenge.
    pub async fn ask_question(
        &self,
        challenge: ChallengeId,
        asker: UserId,
        body: &QaText,
        now: OffsetDateTime,
    ) -> Result<QuestionId, StoreError> {
        let txn = self.write.begin().await?;
        let model = challenge_questions::ActiveModel {
            id: NotSet,
            challenge_id: Set(challenge.get()),
            asker_id: Set(asker.get()),
            body: Set(body.as_str().to_owned()),
            answer: Set(None),
            answered_by: Set(None),
            asked_at: Set(now),
            answered_at: Set(None),
        }
        .insert(&txn)
        .await?;
        let id = QuestionId::new(model.id);
        append(&txn, Event::QuestionAsked { challenge, question: id }, Some(asker), now).await?;
        txn.commit().await?;
        Ok(id)
    }

    /// The question with this id and its challenge.
    pub async fn question(&self, id: QuestionId) -> Result<Option<Question>, StoreError> {
        let found =
            challenge_questions::Entity::find_by_id(id.get()).find_also_related(users::Entity).one(&self.read).await?;
        found.map(|(model, user)| to_question(model, user.map(|u| u.display_name).unwrap_or_default())).transpose()
    }

    /// Answers (or re-answers) a question.
    pub async fn answer_question(
        &self,
        question: &Question,
        answer: &QaText,
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        challenge_questions::Entity::update_many()
            .col_expr(challenge_questions::Column::Answer, Expr::value(answer.as_str()))
            .col_expr(challenge_questions::Column::AnsweredBy, Expr::value(actor.get()))
            .col_expr(challenge_questions::Column::AnsweredAt, Expr::value(now))
            .filter(challenge_questions::Column::Id.eq(question.id.get()))
            .exec(&txn)
            .await?;
        let event = Event::QuestionAnswered { challenge: question.challenge, question: question.id };
        append(&txn, event, Some(actor), now).await?;
        let title: Option<String> = challenges::Entity::find_by_id(question.challenge.get())
            .select_only()
            .column(challenges::Column::Title)
            .into_tuple()
            .one(&txn)
            .await?;
        let challenge = ChallengeRef { id: question.challenge, title: title.unwrap_or_default() };
        let notice = Notice::QuestionAnswered { challenge: challenge.clone(), question: question.id, mine: true };
        notify_all(&txn, &[question.asker], Some(actor), &notice, now).await?;
        // Everyone else who entered (accepted the agreement) hears of the answer too: public
        // answers can change every solution.
        let entrants: Vec<UserId> = challenge_agreements::Entity::find()
            .filter(challenge_agreements::Column::ChallengeId.eq(question.challenge.get()))
            .filter(challenge_agreements::Column::UserId.ne(question.asker.get()))
            .all(&txn)
            .await?
            .into_iter()
            .map(|row| UserId::new(row.user_id))
            .collect();
        let notice = Notice::QuestionAnswered { challenge, question: question.id, mine: false };
        notify_all(&txn, &entrants, Some(actor), &notice, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// A challenge's questions, oldest first.
    pub async fn questions(&self, challenge: ChallengeId) -> Result<Vec<Question>, StoreError> {
        challenge_questions::Entity::find()
            .filter(challenge_questions::Column::ChallengeId.eq(challenge.get()))
            .find_also_related(users::Entity)
            .order_by_asc(challenge_questions::Column::Id)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|(model, user)| to_question(model, user.map(|u| u.display_name).unwrap_or_default()))
            .collect()
    }

    /// Records money paid out to a member from their payable balance (once per key).
    pub async fn record_payout(
        &self,
        user: UserId,
        amount: Money,
        posting: &Posting<'_>,
        now: OffsetDateTime,
    ) -> Result<(i64, bool), PostError> {
        if let Some(existing) = self.posted(posting.key).await? {
            return Ok((existing, false));
        }
        let transaction = Transaction::payout(user, amount)?;
        let txn = self.write.begin().await?;
        let Some(transaction_id) = post_within(&txn, self.backend, posting, &transaction, now).await? else {
            txn.rollback().await?;
            let existing = self.posted(posting.key).await?.ok_or(StoreError::Conflict)?;
            return Ok((existing, false));
        };
        append(&txn, Event::PayoutRecorded { user, transaction: transaction_id }, posting.actor, now).await?;
        txn.commit().await?;
        Ok((transaction_id, true))
    }

    /// A member's payable balances, one per currency they were ever paid in.
    pub async fn payable_balances(&self, user: UserId) -> Result<Vec<Money>, StoreError> {
        let mut out = Vec::new();
        for code in self.account_currencies(ideaforge_domain::ledger::AccountKind::Payable, user.get()).await? {
            let currency = Currency::parse(&code).map_err(corrupt("ledger currency"))?;
            out.push(Money::new(self.balance(&Account::payable(user, currency)).await?, currency));
        }
        Ok(out)
    }
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

fn to_question(model: challenge_questions::Model, asker_name: String) -> Result<Question, StoreError> {
    Ok(Question {
        id: QuestionId::new(model.id),
        challenge: ChallengeId::new(model.challenge_id),
        asker: UserId::new(model.asker_id),
        asker_name,
        body: QaText::parse(&model.body).map_err(corrupt("question"))?,
        answer: model.answer.as_deref().map(QaText::parse).transpose().map_err(corrupt("answer"))?,
        asked_at: model.asked_at,
        answered_at: model.answered_at,
    })
}
