//! Money on a challenge: escrow received (opening it when funded), awards, the refund when it ends,
//! and payouts. Each decision is the domain's, taken under the challenge's lock; the store applies
//! the plan in one transaction.

use ideaforge_domain::challenge::{Award, AwardPlan, AwardRefused, Challenge, EndPlan, Refused, challenge_ref};
use ideaforge_domain::ledger::{Account, Transaction};
use ideaforge_domain::money::{Currency, Money};
use ideaforge_domain::notification::Notice;
use ideaforge_domain::{ChallengeId, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, SqlErr, TransactionTrait,
};
use time::OffsetDateTime;

use super::{corrupt, held_within, load_locked, move_status, open_if_ready, to_award};
use crate::entity::{challenge_awards, challenges, solutions};
use crate::events::{Event, append};
use crate::ip::append_ip;
use crate::ledger::{PostError, Posting, post_within};
use crate::notifications::notify_all;
use crate::{Store, StoreError};

impl Store {
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
        if let Some(reason) = &plan.reason {
            challenges::Entity::update_many()
                .col_expr(challenges::Column::EndReason, Expr::value(reason.as_str()))
                .filter(challenges::Column::Id.eq(id.get()))
                .exec(txn)
                .await?;
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
            place: Set(i32::from(award.place)),
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
