//! Bank transfers (the `manual` provider) in the database: the receipts an admin records, the
//! transfers still awaited, and which authorisations have their money (a capture's answer).

use ideaforge_domain::campaign::{Campaign, PledgeStatus};
use ideaforge_domain::money::Money;
use ideaforge_domain::{CampaignId, PledgeId, UserId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use time::OffsetDateTime;

use super::to_campaign;
use crate::entity::{campaigns, pledges};
use crate::events::{Event, append};
use crate::{Backend, Store, StoreError};

impl Store {
    /// Which of these bank-transfer authorisations have a transfer recorded as received (the manual
    /// provider's answer to a capture).
    pub async fn transfers_received(
        &self,
        authorisations: &[&str],
    ) -> Result<std::collections::HashSet<String>, StoreError> {
        if authorisations.is_empty() {
            return Ok(std::collections::HashSet::new());
        }
        Ok(pledges::Entity::find()
            .select_only()
            .column(pledges::Column::Authorisation)
            .filter(pledges::Column::Authorisation.is_in(authorisations.iter().copied()))
            .filter(pledges::Column::ReceiptReference.is_not_null())
            .into_tuple::<String>()
            .all(&self.read)
            .await?
            .into_iter()
            .collect())
    }

    /// Records the bank transfer received for a pledge as the domain decides under the pledge's
    /// lock (`decide` gets the campaign, the pledge and whether a receipt exists): the reference,
    /// who recorded it, and the pledge due for capture now. Refused decisions change nothing.
    pub async fn record_pledge_receipt<E: From<StoreError>>(
        &self,
        pledge: PledgeId,
        reference: &str,
        by: UserId,
        now: OffsetDateTime,
        decide: impl FnOnce(&Campaign, &ideaforge_domain::campaign::Pledge, bool) -> Result<(), E>,
    ) -> Result<CampaignId, E> {
        let txn = self.write.begin().await.map_err(StoreError::from)?;
        let mut query = pledges::Entity::find_by_id(pledge.get());
        if self.backend == Backend::Postgres {
            query = query.lock_exclusive();
        }
        let row = query.one(&txn).await.map_err(StoreError::from)?.ok_or(StoreError::Conflict)?;
        let campaign_row = campaigns::Entity::find_by_id(row.campaign_id)
            .one(&txn)
            .await
            .map_err(StoreError::from)?
            .ok_or(StoreError::Conflict)?;
        let campaign = to_campaign(&campaign_row)?;
        let current = super::to_pledge(&row, campaign.goal.currency())?;
        decide(&campaign, &current, row.receipt_reference.is_some())?;
        pledges::ActiveModel {
            id: Set(row.id),
            receipt_reference: Set(Some(reference.to_owned())),
            receipt_by: Set(Some(by.get())),
            receipt_at: Set(Some(now)),
            retry_at: Set(Some(now)),
            claimed_until: Set(None),
            updated_at: Set(now),
            ..Default::default()
        }
        .update(&txn)
        .await
        .map_err(StoreError::from)?;
        append(&txn, Event::PledgeReceiptRecorded { campaign: campaign.id, pledge }, Some(by), now)
            .await
            .map_err(StoreError::from)?;
        txn.commit().await.map_err(StoreError::from)?;
        Ok(campaign.id)
    }

    /// A bank-transfer campaign's pledges whose money is awaited: the pledge, the backer's name,
    /// the amount and when it was first asked for.
    pub async fn awaited_transfers(
        &self,
        id: CampaignId,
    ) -> Result<Vec<(PledgeId, String, Money, Option<OffsetDateTime>)>, StoreError> {
        let Some(campaign) = campaigns::Entity::find_by_id(id.get()).one(&self.read).await? else {
            return Ok(Vec::new());
        };
        let currency = ideaforge_domain::money::Currency::parse(&campaign.currency)
            .map_err(|_| StoreError::Corrupt { what: "campaign currency" })?;
        let rows: Vec<(i64, String, i64, Option<OffsetDateTime>)> = pledges::Entity::find()
            .select_only()
            .column(pledges::Column::Id)
            .column(crate::entity::users::Column::DisplayName)
            .column(pledges::Column::AmountMinor)
            .column(pledges::Column::FirstFailedAt)
            .inner_join(crate::entity::users::Entity)
            .filter(pledges::Column::CampaignId.eq(id.get()))
            .filter(pledges::Column::Status.eq(PledgeStatus::Errored.as_str()))
            .filter(pledges::Column::ReceiptReference.is_null())
            .order_by_asc(pledges::Column::Id)
            .into_tuple()
            .all(&self.read)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(pledge, name, minor, first)| (PledgeId::new(pledge), name, Money::new(minor, currency), first))
            .collect())
    }
}
