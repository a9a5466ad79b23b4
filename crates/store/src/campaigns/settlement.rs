//! Settling campaigns in the database: the outcome decided once under the campaign's lock, each
//! pledge's capture claimed under a lease (`SKIP LOCKED` on PostgreSQL) so that any number of nodes
//! settle each pledge once, every capture posted to the ledger under the pledge's own key, failed
//! captures scheduled for a retry or dropped, and the proceeds paid out once nothing is left to settle.

use ideaforge_domain::campaign::{Campaign, CaptureFailure, Fees, Outcome, PledgeStatus};
use ideaforge_domain::ledger::{Account, IdempotencyKey, Transaction};
use ideaforge_domain::money::Money;
use ideaforge_domain::notification::Notice;
use ideaforge_domain::royalty::{Earning, StatementPlan};
use ideaforge_domain::{CampaignId, PledgeId, UserId};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use time::OffsetDateTime;

use super::{campaign_ref, lock_campaign, to_campaign};
use crate::entity::{campaigns, pledges, royalty_statements};
use crate::events::{Event, append};
use crate::ledger::{PostError, Posting, balance_within, post_many_within, post_within};
use crate::notifications::{notify_all, notify_within};
use crate::royalties::{Loaded, insert_statement, load_earning};
use crate::{Backend, Store, StoreError};

/// A pledge claimed for a capture attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueCapture {
    /// The pledge.
    pub pledge: PledgeId,
    /// Its campaign.
    pub campaign: Campaign,
    /// What was pledged.
    pub amount: Money,
    /// The provider's authorisation.
    pub authorisation: String,
    /// Failed attempts so far.
    pub attempts: u32,
    /// When the first attempt failed, if one did.
    pub first_failed_at: Option<OffsetDateTime>,
}

/// How a campaign's escrow is paid out: the transaction, and the idea's contributors' statement
/// when they share in the proceeds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payout {
    /// Escrow out to the organization and the contributors.
    pub transaction: Transaction,
    /// The contributors' royalties from the proceeds, recorded as received.
    pub statement: Option<StatementPlan>,
}

/// One pledge status's sums: the status, then pledged, processor fees, platform fees and net.
type StatusSums = (String, Option<i64>, Option<i64>, Option<i64>, Option<i64>);

/// What a campaign's settlement amounts to, from its pledges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CampaignMoney {
    /// What was charged.
    pub collected: Money,
    /// What was pledged but never charged (dropped after the grace period).
    pub dropped: Money,
    /// The processor's fees.
    pub processor_fees: Money,
    /// The platform's fees.
    pub platform_fees: Money,
    /// What is left for the organization (and the idea's contributors).
    pub net: Money,
}

/// Marks pledges captured with their fees and ledger transactions, in one statement for the whole
/// batch (a round trip per pledge dominated settlement on PostgreSQL).
async fn mark_captured(
    txn: &sea_orm::DatabaseTransaction,
    captured: &[(PledgeId, &Fees, i64)],
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    use sea_orm::{ConnectionTrait, Statement, Value};
    if captured.is_empty() {
        return Ok(());
    }
    let backend = txn.get_database_backend();
    let mut values: Vec<Value> = Vec::with_capacity(captured.len() * 5 + 2);
    let param = |value: Value, values: &mut Vec<Value>| {
        values.push(value);
        match backend {
            sea_orm::DbBackend::Postgres => format!("${}", values.len()),
            _ => "?".to_owned(),
        }
    };
    // Parameters in the order they appear (SQLite's `?` are positional).
    let rows: Vec<String> = captured
        .iter()
        .map(|(pledge, fees, transaction)| {
            let cells = [pledge.get(), fees.processor.minor(), fees.platform.minor(), fees.net.minor(), *transaction]
                .map(|n| param(n.into(), &mut values));
            format!("({})", cells.join(", "))
        })
        .collect();
    let status = param(PledgeStatus::Captured.as_str().into(), &mut values);
    let at = param(now.into(), &mut values);
    let sql = format!(
        "WITH v(id, processor, platform, net, tx) AS (VALUES {}) \
         UPDATE pledges SET status = {status}, processor_fee_minor = v.processor, platform_fee_minor = v.platform, \
         net_minor = v.net, transaction_id = v.tx, retry_at = NULL, claimed_until = NULL, updated_at = {at} \
         FROM v WHERE pledges.id = v.id",
        rows.join(", ")
    );
    let done = txn.execute_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    if done.rows_affected() == captured.len() as u64 { Ok(()) } else { Err(StoreError::Conflict) }
}

impl Store {
    /// Live campaigns whose deadline has passed: the settlement job's work.
    pub async fn campaigns_to_settle(&self, now: OffsetDateTime) -> Result<Vec<CampaignId>, StoreError> {
        let ids: Vec<i64> = campaigns::Entity::find()
            .select_only()
            .column(campaigns::Column::Id)
            .filter(campaigns::Column::Status.eq("live"))
            .filter(campaigns::Column::Deadline.lte(now))
            .order_by_asc(campaigns::Column::Id)
            .into_tuple()
            .all(&self.read)
            .await?;
        Ok(ids.into_iter().map(CampaignId::new).collect())
    }

    /// Decides a campaign's outcome once, under its lock: `decide` gets the campaign and what its
    /// active pledges sum to. On success every active pledge becomes due for capture now; on
    /// failure every one is voided (returned with its authorisation, to void at the provider).
    pub async fn settle_outcome(
        &self,
        id: CampaignId,
        now: OffsetDateTime,
        decide: impl FnOnce(&Campaign, Money) -> Option<Outcome>,
    ) -> Result<Option<(Outcome, Vec<(String, Money)>)>, StoreError> {
        let txn = self.write.begin().await?;
        let Some(row) = lock_campaign(&txn, self.backend, id).await? else { return Ok(None) };
        let campaign = to_campaign(&row)?;
        let Some(outcome) = decide(&campaign, Money::new(row.pledged_minor, campaign.goal.currency())) else {
            return Ok(None);
        };
        let active = pledges::Entity::find()
            .filter(pledges::Column::CampaignId.eq(row.id))
            .filter(pledges::Column::Status.eq(PledgeStatus::Active.as_str()))
            .all(&txn)
            .await?;
        let backers: Vec<UserId> = active.iter().map(|p| UserId::new(p.backer_id)).collect();
        let mut voided = Vec::new();
        match outcome {
            Outcome::Succeeded => {
                pledges::Entity::update_many()
                    .col_expr(pledges::Column::RetryAt, Expr::value(now))
                    .filter(pledges::Column::CampaignId.eq(row.id))
                    .filter(pledges::Column::Status.eq(PledgeStatus::Active.as_str()))
                    .exec(&txn)
                    .await?;
            }
            Outcome::Failed => {
                pledges::Entity::update_many()
                    .col_expr(pledges::Column::Status, Expr::value(PledgeStatus::Voided.as_str()))
                    .col_expr(pledges::Column::UpdatedAt, Expr::value(now))
                    .filter(pledges::Column::CampaignId.eq(row.id))
                    .filter(pledges::Column::Status.eq(PledgeStatus::Active.as_str()))
                    .exec(&txn)
                    .await?;
                let currency = campaign.goal.currency();
                voided = active.into_iter().map(|p| (p.authorisation, Money::new(p.amount_minor, currency))).collect();
            }
        }
        let ended = Notice::CampaignEnded { campaign: campaign_ref(&row), succeeded: outcome == Outcome::Succeeded };
        let interested = match campaign.idea {
            Some(idea) => super::interested_in(&txn, idea).await?,
            None => Vec::new(),
        };
        // Backers, then those who only said they would back the idea; each hears once.
        let everyone: Vec<UserId> = backers.into_iter().chain(interested).collect();
        notify_all(&txn, &everyone, None, &ended, now).await?;
        campaigns::ActiveModel {
            id: Set(row.id),
            status: Set(outcome.status().as_str().to_owned()),
            settled_at: Set(Some(now)),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        append(&txn, Event::CampaignMoved { campaign: id, to: outcome.status().as_str().to_owned() }, None, now)
            .await?;
        txn.commit().await?;
        Ok(Some((outcome, voided)))
    }

    /// Claims up to `limit` pledges due for a capture attempt (of succeeded campaigns), with ids
    /// after `after`, until `lease_until`; another node skips them meanwhile, and takes them over
    /// after the lease.
    pub async fn claim_captures(
        &self,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u64,
        after: Option<PledgeId>,
    ) -> Result<Vec<DueCapture>, StoreError> {
        // Most passes find nothing: a read first, so that an idle node writes nothing.
        let any_due = pledges::Entity::find()
            .select_only()
            .column(pledges::Column::Id)
            .filter(pledges::Column::Status.is_in([PledgeStatus::Active.as_str(), PledgeStatus::Errored.as_str()]))
            .filter(pledges::Column::RetryAt.lte(now))
            .filter(pledges::Column::ClaimedUntil.is_null().or(pledges::Column::ClaimedUntil.lt(now)))
            .limit(1)
            .into_tuple::<i64>()
            .one(&self.read)
            .await?;
        if any_due.is_none() {
            return Ok(Vec::new());
        }
        let txn = self.write.begin().await?;
        let mut due = pledges::Entity::find()
            .filter(pledges::Column::Status.is_in([PledgeStatus::Active.as_str(), PledgeStatus::Errored.as_str()]))
            .filter(pledges::Column::RetryAt.lte(now))
            .filter(pledges::Column::ClaimedUntil.is_null().or(pledges::Column::ClaimedUntil.lt(now)))
            // A pass walks the pledges by id from where its last claim ended: starting over each
            // time would pass every pledge captured before (and, on PostgreSQL, their dead row
            // versions), quadratic over a large campaign.
            .filter(pledges::Column::Id.gt(after.map_or(0, PledgeId::get)))
            .order_by_asc(pledges::Column::Id)
            .limit(limit);
        if self.backend == Backend::Postgres {
            due = due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        let rows = due.all(&txn).await?;
        let mut ids: Vec<i64> = rows.iter().map(|r| r.campaign_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let found: std::collections::HashMap<i64, Campaign> = campaigns::Entity::find()
            .filter(campaigns::Column::Id.is_in(ids))
            .all(&txn)
            .await?
            .iter()
            .map(|row| to_campaign(row).map(|c| (row.id, c)))
            .collect::<Result<_, _>>()?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let Some(campaign) = found.get(&row.campaign_id).cloned() else { continue };
            out.push(DueCapture {
                pledge: PledgeId::new(row.id),
                amount: Money::new(row.amount_minor, campaign.goal.currency()),
                campaign,
                authorisation: row.authorisation.clone(),
                attempts: u32::try_from(row.attempts).unwrap_or(0),
                first_failed_at: row.first_failed_at,
            });
        }
        pledges::Entity::update_many()
            .col_expr(pledges::Column::ClaimedUntil, Expr::value(lease_until))
            .filter(pledges::Column::Id.is_in(out.iter().map(|d| d.pledge.get())))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(out)
    }

    /// Records many captures in one database transaction: each posts its transaction under the
    /// pledge's own key and marks the pledge captured with its fees (the postings in bulk, the
    /// pledges in one statement); a pledge captured before is left alone. Returns how many were new.
    pub async fn record_captures(
        &self,
        captures: &[(PledgeId, Fees, Transaction)],
        now: OffsetDateTime,
    ) -> Result<u32, PostError> {
        if captures.is_empty() {
            return Ok(0);
        }
        let txn = self.write.begin().await?;
        let mut query = pledges::Entity::find()
            .filter(pledges::Column::Id.is_in(captures.iter().map(|(p, _, _)| p.get())))
            .order_by_asc(pledges::Column::Id);
        if self.backend == Backend::Postgres {
            query = query.lock_exclusive();
        }
        let open: std::collections::HashMap<i64, pledges::Model> = query
            .all(&txn)
            .await?
            .into_iter()
            .filter(|row| row.status != PledgeStatus::Captured.as_str())
            .map(|row| (row.id, row))
            .collect();
        let todo: Vec<&(PledgeId, Fees, Transaction)> =
            captures.iter().filter(|(pledge, _, _)| open.contains_key(&pledge.get())).collect();
        let keys = todo
            .iter()
            .map(|(pledge, _, _)| IdempotencyKey::parse(&format!("capture:pledge:{pledge}")))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| StoreError::Conflict)?;
        let postings: Vec<(Posting<'_>, &Transaction)> = todo
            .iter()
            .zip(&keys)
            .map(|((_, _, transaction), key)| {
                let posting = Posting { key, kind: "capture", memo: "pledge captured", reference: None, actor: None };
                (posting, transaction)
            })
            .collect();
        let posted = post_many_within(&txn, self.backend, &postings, now).await?;
        let captured: Vec<(PledgeId, &Fees, i64)> =
            todo.iter().zip(&posted).map(|((pledge, fees, _), transaction)| (*pledge, fees, *transaction)).collect();
        mark_captured(&txn, &captured, now).await?;
        let mut events = Vec::with_capacity(todo.len());
        for (pledge, _, transaction) in &captured {
            let campaign = CampaignId::new(open.get(&pledge.get()).map_or(0, |row| row.campaign_id));
            let event = Event::PledgeCaptured { campaign, pledge: *pledge, transaction: *transaction };
            events.push(crate::events::row(&event, None, now)?);
        }
        if !events.is_empty() {
            crate::entity::events::Entity::insert_many(events).exec_without_returning(&txn).await?;
        }
        txn.commit().await?;
        Ok(u32::try_from(todo.len()).unwrap_or(u32::MAX))
    }

    /// Records a failed capture: the pledge is errored and tried again later, or dropped. For a
    /// bank transfer not received yet, `pay_by` is the last day to pay: the backer's first notice
    /// asks for the transfer instead of reporting a declined card.
    pub async fn record_capture_failure(
        &self,
        pledge: PledgeId,
        next: CaptureFailure,
        pay_by: Option<OffsetDateTime>,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let Some(row) = pledges::Entity::find_by_id(pledge.get()).one(&self.write).await? else { return Ok(()) };
        let (status, retry_at) = match next {
            CaptureFailure::RetryAt(at) => (PledgeStatus::Errored, Some(at)),
            CaptureFailure::Drop => (PledgeStatus::Dropped, None),
        };
        let txn = self.write.begin().await?;
        // Only the attempt that was read: a node that took the pledge over meanwhile (and captured
        // it, or failed it first) wins, and this failure changes nothing.
        let updated = pledges::Entity::update_many()
            .col_expr(pledges::Column::Status, Expr::value(status.as_str()))
            .col_expr(pledges::Column::Attempts, Expr::value(row.attempts + 1))
            .col_expr(pledges::Column::FirstFailedAt, Expr::value(Some(row.first_failed_at.unwrap_or(now))))
            .col_expr(pledges::Column::RetryAt, Expr::value(retry_at))
            .col_expr(pledges::Column::ClaimedUntil, Expr::value(Option::<OffsetDateTime>::None))
            .col_expr(pledges::Column::UpdatedAt, Expr::value(now))
            .filter(pledges::Column::Id.eq(row.id))
            .filter(pledges::Column::Attempts.eq(row.attempts))
            .filter(pledges::Column::Status.is_in([PledgeStatus::Active.as_str(), PledgeStatus::Errored.as_str()]))
            .exec(&txn)
            .await?;
        if updated.rows_affected == 0 {
            return Ok(());
        }
        // The backer hears of the first failure (to fix their card) and of the drop.
        if let Some(campaign) = campaigns::Entity::find_by_id(row.campaign_id).one(&txn).await? {
            let currency = ideaforge_domain::money::Currency::parse(&campaign.currency)
                .map_err(|_| StoreError::Corrupt { what: "campaign currency" })?;
            let (campaign, amount) = (campaign_ref(&campaign), Money::new(row.amount_minor, currency));
            let notice = match status {
                PledgeStatus::Dropped => Some(Notice::PledgeDropped { campaign, amount }),
                _ if row.attempts == 0 => Some(match pay_by {
                    Some(due) => Notice::PaymentDue {
                        campaign,
                        amount,
                        reference: format!("IF-PLEDGE-{}", row.id),
                        due: due.date().to_string(),
                    },
                    None => Notice::PaymentFailed { campaign, amount },
                }),
                _ => None,
            };
            if let Some(notice) = notice {
                notify_within(&txn, UserId::new(row.backer_id), &notice, now).await?;
            }
        }
        txn.commit().await?;
        Ok(())
    }

    /// Succeeded campaigns not yet paid out.
    pub async fn campaigns_to_pay_out(&self) -> Result<Vec<CampaignId>, StoreError> {
        let ids: Vec<i64> = campaigns::Entity::find()
            .select_only()
            .column(campaigns::Column::Id)
            .filter(campaigns::Column::Status.eq("succeeded"))
            .filter(campaigns::Column::PaidOutAt.is_null())
            .into_tuple()
            .all(&self.read)
            .await?;
        Ok(ids.into_iter().map(CampaignId::new).collect())
    }

    /// Pays out a succeeded campaign once none of its pledges is left to settle: `decide` gets the
    /// campaign, what its escrow holds and (for a campaign funding an idea) the idea's earnings
    /// under its lock, and returns the payout. Its transaction is posted and, when the idea's
    /// contributors share in the proceeds, their statement is recorded as received from it, all
    /// together. False while pledges are still being captured (or when it was paid out before).
    pub async fn pay_out_campaign<E: From<PostError> + From<StoreError>>(
        &self,
        id: CampaignId,
        now: OffsetDateTime,
        decide: impl FnOnce(&Campaign, Money, Option<&Earning<'_>>) -> Result<Option<Payout>, E>,
    ) -> Result<bool, E> {
        let txn = self.write.begin().await.map_err(PostError::from)?;
        let Some(row) = lock_campaign(&txn, self.backend, id).await? else { return Ok(false) };
        if row.paid_out_at.is_some() {
            return Ok(false);
        }
        let open = pledges::Entity::find()
            .filter(pledges::Column::CampaignId.eq(row.id))
            .filter(pledges::Column::Status.is_in([PledgeStatus::Active.as_str(), PledgeStatus::Errored.as_str()]))
            .count(&txn)
            .await
            .map_err(PostError::from)?;
        if open > 0 {
            return Ok(false);
        }
        let campaign = to_campaign(&row)?;
        let currency = campaign.goal.currency();
        let held = Money::new(balance_within(&txn, &Account::campaign_escrow(id, currency)).await?, currency);
        let loaded = match campaign.idea {
            Some(idea) => Some(load_earning(&txn, self.backend, idea).await?),
            None => None,
        };
        if let Some(payout) = decide(&campaign, held, loaded.as_ref().map(Loaded::earning).as_ref())? {
            let key = IdempotencyKey::parse(&format!("proceeds:campaign:{id}")).map_err(|_| StoreError::Conflict)?;
            let posting =
                Posting { key: &key, kind: "proceeds", memo: "campaign proceeds", reference: None, actor: None };
            let Some(posted) =
                post_within(&txn, self.backend, &posting, &payout.transaction, now).await.map_err(E::from)?
            else {
                return Ok(false);
            };
            if let (Some(plan), Some(idea)) = (&payout.statement, campaign.idea) {
                let period = format!("campaign-{id}");
                let actor = UserId::new(row.created_by);
                let statement = insert_statement(&txn, idea, &period, plan, actor, now).await?;
                royalty_statements::ActiveModel {
                    id: Set(statement),
                    transaction_id: Set(Some(posted)),
                    received_at: Set(Some(now)),
                    reference: Set(Some(format!("campaign:{id}"))),
                    ..Default::default()
                }
                .update(&txn)
                .await
                .map_err(PostError::from)?;
                append(&txn, Event::RoyaltyReceived { idea, statement, transaction: posted }, None, now)
                    .await
                    .map_err(PostError::from)?;
            }
        }
        campaigns::ActiveModel { id: Set(row.id), paid_out_at: Set(Some(now)), ..Default::default() }
            .update(&txn)
            .await
            .map_err(PostError::from)?;
        txn.commit().await.map_err(PostError::from)?;
        Ok(true)
    }

    /// What a campaign's settlement amounts to, summed by the database per pledge status (a page
    /// view reads a few rows, however many pledges there are).
    pub async fn campaign_money(
        &self,
        id: CampaignId,
        currency: ideaforge_domain::money::Currency,
    ) -> Result<CampaignMoney, StoreError> {
        let sum = |column: pledges::Column| Expr::expr(Func::cast_as(Func::sum(Expr::col(column)), "bigint"));
        let rows: Vec<StatusSums> = pledges::Entity::find()
            .select_only()
            .column(pledges::Column::Status)
            .column_as(sum(pledges::Column::AmountMinor), "amount")
            .column_as(sum(pledges::Column::ProcessorFeeMinor), "processor")
            .column_as(sum(pledges::Column::PlatformFeeMinor), "platform")
            .column_as(sum(pledges::Column::NetMinor), "net")
            .filter(pledges::Column::CampaignId.eq(id.get()))
            .group_by(pledges::Column::Status)
            .into_tuple()
            .all(&self.read)
            .await?;
        let money = |minor: i64| Money::new(minor, currency);
        let of_status =
            |status: PledgeStatus| rows.iter().find(|r| r.0 == status.as_str()).and_then(|r| r.1).unwrap_or(0);
        let total = |pick: fn(&StatusSums) -> Option<i64>| rows.iter().filter_map(pick).sum::<i64>();
        Ok(CampaignMoney {
            collected: money(of_status(PledgeStatus::Captured)),
            dropped: money(of_status(PledgeStatus::Dropped)),
            processor_fees: money(total(|r| r.2)),
            platform_fees: money(total(|r| r.3)),
            net: money(total(|r| r.4)),
        })
    }
}
