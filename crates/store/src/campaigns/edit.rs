//! Changing a campaign's terms as the domain decides under its lock: its texts, goal, deadline and
//! provider, its status (a campaign in review goes back to draft) and its tiers (changed in place,
//! added, removed) in one transaction.

use ideaforge_domain::campaign::{Campaign, EditPlan, NewTier, Tier};
use ideaforge_domain::{CampaignId, TierId, UserId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait,
};
use time::OffsetDateTime;

use super::{lock_campaign, tiers_of, to_campaign};
use crate::entity::{campaign_tiers, campaigns};
use crate::events::{Event, append};
use crate::{Store, StoreError};

/// A tier's row at `position` of campaign `campaign` (a new one when `id` is `None`).
pub(super) fn tier_row(
    campaign: i64,
    id: Option<TierId>,
    position: usize,
    tier: &NewTier,
) -> campaign_tiers::ActiveModel {
    let count = |n: Option<u32>| n.and_then(|n| i32::try_from(n).ok());
    campaign_tiers::ActiveModel {
        id: id.map_or(NotSet, |id| Set(id.get())),
        campaign_id: Set(campaign),
        position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
        title: Set(tier.title.as_str().to_owned()),
        description: Set(tier.description.as_str().to_owned()),
        minimum_minor: Set(tier.minimum.minor()),
        quantity: Set(count(tier.limit)),
        per_backer_limit: Set(count(tier.per_backer_limit)),
        estimated_delivery: Set(tier.estimated_delivery.to_string()),
        taken: if id.is_some() { NotSet } else { Set(0) },
    }
}

impl Store {
    /// Changes a campaign's terms as the domain decides under its lock: `decide` gets the campaign
    /// and its tiers as they stand and returns the plan (or a refusal, and nothing changes). A tier
    /// removed or lowered below what it has sold by a concurrent pledge is a `Conflict`.
    pub async fn edit_campaign<E: From<StoreError>>(
        &self,
        id: CampaignId,
        actor: UserId,
        now: OffsetDateTime,
        decide: impl FnOnce(&Campaign, &[Tier]) -> Result<EditPlan, E>,
    ) -> Result<Campaign, E> {
        let txn = self.write.begin().await.map_err(StoreError::from)?;
        let row = lock_campaign(&txn, self.backend, id).await?.ok_or(StoreError::Conflict)?;
        let before = to_campaign(&row)?;
        let current = tiers_of(&txn, &row).await?;
        let plan = decide(&before, &current)?;
        let after = &plan.campaign;
        campaigns::ActiveModel {
            id: Set(row.id),
            title: Set(plan.title.as_str().to_owned()),
            story: Set(plan.story.as_str().to_owned()),
            goal_minor: Set(after.goal.minor()),
            currency: Set(after.goal.currency().code().to_owned()),
            deadline: Set(after.deadline),
            provider: Set(after.provider.as_str().to_owned()),
            status: Set(after.status.as_str().to_owned()),
            approved_by: Set(after.approved_by.map(UserId::get)),
            ..Default::default()
        }
        .update(&txn)
        .await
        .map_err(StoreError::from)?;
        for removed in &plan.removed {
            let gone = campaign_tiers::Entity::delete_many()
                .filter(campaign_tiers::Column::Id.eq(removed.get()))
                .filter(campaign_tiers::Column::CampaignId.eq(row.id))
                .filter(campaign_tiers::Column::Taken.eq(0))
                .exec(&txn)
                .await
                .map_err(StoreError::from)?;
            if gone.rows_affected != 1 {
                return Err(StoreError::Conflict.into());
            }
        }
        for (position, tier) in plan.tiers.iter().enumerate() {
            let model = tier_row(row.id, tier.id, position, &tier.terms);
            match tier.id {
                Some(tier_id) => {
                    // Never below what is sold (the domain checked it; this guards the row).
                    let limit = tier.terms.limit.map(i64::from);
                    let mut update = campaign_tiers::Entity::update_many()
                        .set(model)
                        .filter(campaign_tiers::Column::CampaignId.eq(row.id))
                        .filter(campaign_tiers::Column::Id.eq(tier_id.get()));
                    if let Some(limit) = limit {
                        update = update.filter(campaign_tiers::Column::Taken.lte(limit));
                    }
                    if update.exec(&txn).await.map_err(StoreError::from)?.rows_affected != 1 {
                        return Err(StoreError::Conflict.into());
                    }
                }
                None => {
                    model.insert(&txn).await.map_err(StoreError::from)?;
                }
            }
        }
        append(&txn, Event::CampaignEdited { campaign: id }, Some(actor), now).await.map_err(StoreError::from)?;
        txn.commit().await.map_err(StoreError::from)?;
        Ok(plan.campaign)
    }
}
