//! Funding campaigns in the database: a campaign with its tiers, its lifecycle moves and pledges,
//! each decided by the domain under the campaign's lock (PostgreSQL `FOR UPDATE`; SQLite's one
//! writer), so that a tier's slots and the campaign's totals are exact under any concurrency.

use ideaforge_domain::campaign::{
    Campaign, CampaignStatus, CampaignTerms, NewTier, Pledge, PledgePlan, PledgeStatus, Tier, TierDescription,
    TierTitle, YearMonth,
};
use ideaforge_domain::contest::BasisPoints;
use ideaforge_domain::money::{Currency, Money};
use ideaforge_domain::notification::{CampaignRef, Notice};
use ideaforge_domain::{CampaignId, IdeaId, OrgId, PledgeId, TierId, UserId};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use time::OffsetDateTime;

use crate::entity::{campaign_tiers, campaigns, pledges, users};
use crate::events::{Event, append};
use crate::notifications::notify_within;
use crate::{Backend, Store, StoreError};

mod community;
mod edit;
mod sandbox;
#[cfg(any(test, feature = "testing"))]
mod seed;
mod settlement;
#[cfg(test)]
mod tests;
mod transfers;

pub(crate) use community::interested_in;
pub use community::{BackerRow, CampaignCard, CampaignScope, PledgeDay, UpdateRecord};
pub use sandbox::SandboxCharge;
pub use settlement::{CampaignMoney, DueCapture, Payout};

/// A campaign as its pages show it: the domain's campaign, its texts, totals and tiers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignRecord {
    /// The campaign.
    pub campaign: Campaign,
    /// Its title.
    pub title: String,
    /// Its story (Markdown).
    pub story: String,
    /// The sum of its active pledges.
    pub pledged: Money,
    /// How many active pledges it has.
    pub backers: u32,
    /// Its tiers, in order.
    pub tiers: Vec<Tier>,
    /// Who created it.
    pub created_by: UserId,
}

/// What a backer asks for: their pledge's tier, whether they are listed by name, and the payment
/// provider's authorisation that backs it.
#[derive(Clone, Copy, Debug)]
pub struct PledgeRequest<'a> {
    /// The backer.
    pub backer: UserId,
    /// The chosen tier, if any.
    pub tier: Option<TierId>,
    /// Whether the public backer list shows them as anonymous.
    pub anonymous: bool,
    /// The provider's reference for the authorisation (never a card number).
    pub authorisation: &'a str,
}

/// A pledge as its backer sees it in their list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackerPledge {
    /// The campaign.
    pub campaign: CampaignId,
    /// Its title.
    pub title: String,
    /// The pledge.
    pub pledge: Pledge,
    /// Whether the backer is listed as anonymous.
    pub anonymous: bool,
}

fn corrupt(what: &'static str) -> impl Fn(ideaforge_domain::Invalid) -> StoreError {
    move |_| StoreError::Corrupt { what }
}

fn to_campaign(row: &campaigns::Model) -> Result<Campaign, StoreError> {
    let currency = Currency::parse(&row.currency).map_err(corrupt("campaign currency"))?;
    Ok(Campaign {
        id: CampaignId::new(row.id),
        org: OrgId::new(row.org_id),
        idea: row.idea_id.map(IdeaId::new),
        goal: Money::new(row.goal_minor, currency),
        deadline: row.deadline,
        fee: BasisPoints::new(i64::from(row.fee_bp)).map_err(corrupt("campaign fee"))?,
        provider: row.provider.parse().map_err(corrupt("campaign provider"))?,
        status: row.status.parse().map_err(corrupt("campaign status"))?,
        approved_by: row.approved_by.map(UserId::new),
        launched_at: row.launched_at,
    })
}

fn to_tier(row: &campaign_tiers::Model, currency: Currency) -> Result<Tier, StoreError> {
    let count = |n: Option<i32>| n.and_then(|n| u32::try_from(n).ok());
    let terms = NewTier {
        title: TierTitle::parse(&row.title).map_err(corrupt("tier title"))?,
        description: TierDescription::parse(&row.description).map_err(corrupt("tier description"))?,
        minimum: Money::new(row.minimum_minor, currency),
        limit: count(row.quantity),
        per_backer_limit: count(row.per_backer_limit),
        estimated_delivery: YearMonth::parse(&row.estimated_delivery).map_err(corrupt("tier delivery"))?,
    };
    Ok(Tier { id: TierId::new(row.id), terms, taken: u32::try_from(row.taken).unwrap_or(0) })
}

fn to_pledge(row: &pledges::Model, currency: Currency) -> Result<Pledge, StoreError> {
    Ok(Pledge {
        id: PledgeId::new(row.id),
        backer: UserId::new(row.backer_id),
        amount: Money::new(row.amount_minor, currency),
        tier: row.tier_id.map(TierId::new),
        quantity: u32::try_from(row.quantity).unwrap_or(1),
        status: row.status.parse().map_err(corrupt("pledge status"))?,
    })
}

/// How a notice names a campaign.
pub(crate) fn campaign_ref(row: &campaigns::Model) -> CampaignRef {
    CampaignRef { id: CampaignId::new(row.id), title: row.title.clone() }
}

/// A campaign's row, locked until the transaction ends (PostgreSQL).
async fn lock_campaign(
    txn: &DatabaseTransaction,
    backend: Backend,
    id: CampaignId,
) -> Result<Option<campaigns::Model>, StoreError> {
    let mut query = campaigns::Entity::find_by_id(id.get());
    if backend == Backend::Postgres {
        query = query.lock_exclusive();
    }
    Ok(query.one(txn).await?)
}

/// A campaign's row locked (as [`lock_campaign`]), the campaign, and the backer's pledge row to it.
async fn lock_with_pledge(
    txn: &DatabaseTransaction,
    backend: Backend,
    id: CampaignId,
    backer: UserId,
) -> Result<(campaigns::Model, Campaign, Option<pledges::Model>), StoreError> {
    let row = lock_campaign(txn, backend, id).await?.ok_or(StoreError::Conflict)?;
    let campaign = to_campaign(&row)?;
    let pledge = pledge_row(txn, id, backer).await?;
    Ok((row, campaign, pledge))
}

async fn pledge_row(
    conn: &impl sea_orm::ConnectionTrait,
    id: CampaignId,
    backer: UserId,
) -> Result<Option<pledges::Model>, StoreError> {
    Ok(pledges::Entity::find()
        .filter(pledges::Column::CampaignId.eq(id.get()))
        .filter(pledges::Column::BackerId.eq(backer.get()))
        .one(conn)
        .await?)
}

async fn tiers_of(conn: &impl sea_orm::ConnectionTrait, row: &campaigns::Model) -> Result<Vec<Tier>, StoreError> {
    let currency = Currency::parse(&row.currency).map_err(corrupt("campaign currency"))?;
    campaign_tiers::Entity::find()
        .filter(campaign_tiers::Column::CampaignId.eq(row.id))
        .order_by_asc(campaign_tiers::Column::Position)
        .all(conn)
        .await?
        .iter()
        .map(|t| to_tier(t, currency))
        .collect()
}

/// Gives back or takes `count` slots of a tier; taking refuses (`Conflict`) when fewer are left,
/// a guard under the campaign's lock that the domain already checked.
async fn move_slots(txn: &DatabaseTransaction, (tier, count): (TierId, u32), take: bool) -> Result<(), StoreError> {
    let n = i32::try_from(count).map_err(|_| StoreError::Conflict)?;
    let taken = || Expr::col(campaign_tiers::Column::Taken);
    let mut update = campaign_tiers::Entity::update_many().filter(campaign_tiers::Column::Id.eq(tier.get()));
    if take {
        update = update.col_expr(campaign_tiers::Column::Taken, taken().add(n)).filter(
            campaign_tiers::Column::Quantity
                .is_null()
                .or(taken().add(n).lte(Expr::col(campaign_tiers::Column::Quantity))),
        );
    } else {
        update = update.col_expr(campaign_tiers::Column::Taken, taken().sub(n)).filter(taken().gte(n));
    }
    if update.exec(txn).await?.rows_affected == 1 { Ok(()) } else { Err(StoreError::Conflict) }
}

impl Store {
    /// Creates a campaign (a draft) with its tiers, for `org` and optionally a selected `idea`.
    pub async fn create_campaign(
        &self,
        org: OrgId,
        idea: Option<IdeaId>,
        terms: &CampaignTerms,
        fee: BasisPoints,
        actor: UserId,
        now: OffsetDateTime,
    ) -> Result<CampaignId, StoreError> {
        let txn = self.write.begin().await?;
        let row = campaigns::ActiveModel {
            id: NotSet,
            org_id: Set(org.get()),
            idea_id: Set(idea.map(IdeaId::get)),
            title: Set(terms.title.as_str().to_owned()),
            story: Set(terms.story.as_str().to_owned()),
            goal_minor: Set(terms.goal.minor()),
            currency: Set(terms.goal.currency().code().to_owned()),
            deadline: Set(terms.deadline),
            fee_bp: Set(i32::from(fee.get())),
            provider: Set(terms.provider.as_str().to_owned()),
            status: Set(CampaignStatus::Draft.as_str().to_owned()),
            approved_by: Set(None),
            launched_at: Set(None),
            pledged_minor: Set(0),
            backers: Set(0),
            created_by: Set(actor.get()),
            created_at: Set(now),
            settled_at: Set(None),
            paid_out_at: Set(None),
        }
        .insert(&txn)
        .await?;
        for (position, tier) in terms.tiers.iter().enumerate() {
            edit::tier_row(row.id, None, position, tier).insert(&txn).await?;
        }
        let id = CampaignId::new(row.id);
        append(&txn, Event::CampaignCreated { campaign: id, org }, Some(actor), now).await?;
        txn.commit().await?;
        Ok(id)
    }

    /// A campaign with its texts, totals and tiers.
    pub async fn campaign(&self, id: CampaignId) -> Result<Option<CampaignRecord>, StoreError> {
        let Some(row) = campaigns::Entity::find_by_id(id.get()).one(&self.read).await? else { return Ok(None) };
        let campaign = to_campaign(&row)?;
        Ok(Some(CampaignRecord {
            pledged: Money::new(row.pledged_minor, campaign.goal.currency()),
            backers: u32::try_from(row.backers).unwrap_or(0),
            tiers: tiers_of(&self.read, &row).await?,
            title: row.title,
            story: row.story,
            created_by: UserId::new(row.created_by),
            campaign,
        }))
    }

    /// Moves a campaign as the domain decides under its lock: `decide` gets the campaign and how
    /// many active pledges it has and returns the campaign after the move (or a refusal, and
    /// nothing changes). A cancellation releases every active pledge and every tier slot. `staff`
    /// says the actor acts for the platform, not for the campaign's organization (an admin
    /// cancelling it), which the audit log lists.
    pub async fn move_campaign<E: From<StoreError>>(
        &self,
        id: CampaignId,
        actor: UserId,
        staff: bool,
        now: OffsetDateTime,
        decide: impl FnOnce(&Campaign, u64) -> Result<Campaign, E>,
    ) -> Result<Campaign, E> {
        let txn = self.write.begin().await.map_err(StoreError::from)?;
        let row = lock_campaign(&txn, self.backend, id).await?.ok_or(StoreError::Conflict)?;
        let before = to_campaign(&row)?;
        let after = decide(&before, u64::try_from(row.backers).unwrap_or(0))?;
        let mut update = campaigns::ActiveModel {
            id: Set(row.id),
            status: Set(after.status.as_str().to_owned()),
            approved_by: Set(after.approved_by.map(UserId::get)),
            launched_at: Set(after.launched_at),
            fee_bp: Set(i32::from(after.fee.get())),
            ..Default::default()
        };
        if after.status == CampaignStatus::Cancelled {
            update.pledged_minor = Set(0);
            update.backers = Set(0);
            pledges::Entity::update_many()
                .col_expr(pledges::Column::Status, Expr::value(PledgeStatus::Cancelled.as_str()))
                .col_expr(pledges::Column::UpdatedAt, Expr::value(now))
                .filter(pledges::Column::CampaignId.eq(row.id))
                .filter(pledges::Column::Status.eq(PledgeStatus::Active.as_str()))
                .exec(&txn)
                .await
                .map_err(StoreError::from)?;
            campaign_tiers::Entity::update_many()
                .col_expr(campaign_tiers::Column::Taken, Expr::value(0))
                .filter(campaign_tiers::Column::CampaignId.eq(row.id))
                .exec(&txn)
                .await
                .map_err(StoreError::from)?;
        }
        update.update(&txn).await.map_err(StoreError::from)?;
        if let (CampaignStatus::Live, Some(idea)) = (after.status, after.idea) {
            // Those who said they would back the idea hear that they now can.
            let notice = Notice::CampaignLaunched { campaign: campaign_ref(&row) };
            for member in interested_in(&txn, idea).await? {
                notify_within(&txn, member, &notice, now).await?;
            }
        }
        // An approval leaves the campaign in review, and staff cancelling it is not its organization
        // giving up: each is recorded as what it is, for the audit log.
        let event = if before.approved_by.is_none() && after.approved_by.is_some() {
            Event::CampaignApproved { campaign: id }
        } else if staff && after.status == CampaignStatus::Cancelled {
            Event::CampaignWithdrawn { campaign: id }
        } else {
            Event::CampaignMoved { campaign: id, to: after.status.as_str().to_owned() }
        };
        append(&txn, event, Some(actor), now).await.map_err(StoreError::from)?;
        txn.commit().await.map_err(StoreError::from)?;
        Ok(after)
    }

    /// Makes or changes a backer's pledge as the domain decides under the campaign's lock: `decide`
    /// gets the campaign, the backer's pledge (any status) and the chosen tier as they stand, and
    /// returns the plan (or a refusal, and nothing changes). The pledge, the tier slots and the
    /// campaign's totals change together. `Conflict` for a tier that is not the campaign's.
    pub async fn pledge<E: From<StoreError>>(
        &self,
        id: CampaignId,
        request: PledgeRequest<'_>,
        now: OffsetDateTime,
        decide: impl FnOnce(&Campaign, Option<&Pledge>, Option<&Tier>) -> Result<PledgePlan, E>,
    ) -> Result<Pledge, E> {
        let PledgeRequest { backer, tier, anonymous, authorisation } = request;
        let txn = self.write.begin().await.map_err(StoreError::from)?;
        let (row, campaign, existing_row) = lock_with_pledge(&txn, self.backend, id, backer).await?;
        let currency = campaign.goal.currency();
        let existing = existing_row.as_ref().map(|p| to_pledge(p, currency)).transpose()?;
        let chosen = match tier {
            Some(tier) => {
                let found = tiers_of(&txn, &row).await?.into_iter().find(|t| t.id == tier);
                Some(found.ok_or(StoreError::Conflict)?)
            }
            None => None,
        };
        let plan = decide(&campaign, existing.as_ref(), chosen.as_ref())?;
        if let Some(release) = plan.release {
            move_slots(&txn, release, false).await?;
        }
        if let Some(take) = plan.take {
            move_slots(&txn, take, true).await?;
        }
        let was_active = existing.as_ref().filter(|p| p.status == PledgeStatus::Active).map_or(0, |p| p.amount.minor());
        let saved = match existing_row {
            Some(old) => pledges::ActiveModel {
                id: Set(old.id),
                amount_minor: Set(plan.amount.minor()),
                tier_id: Set(plan.tier.map(TierId::get)),
                quantity: Set(i32::try_from(plan.quantity).unwrap_or(1)),
                anonymous: Set(anonymous),
                status: Set(PledgeStatus::Active.as_str().to_owned()),
                authorisation: Set(authorisation.to_owned()),
                updated_at: Set(now),
                ..Default::default()
            }
            .update(&txn)
            .await
            .map_err(StoreError::from)?,
            None => pledges::ActiveModel {
                id: NotSet,
                campaign_id: Set(row.id),
                backer_id: Set(backer.get()),
                amount_minor: Set(plan.amount.minor()),
                tier_id: Set(plan.tier.map(TierId::get)),
                quantity: Set(i32::try_from(plan.quantity).unwrap_or(1)),
                anonymous: Set(anonymous),
                status: Set(PledgeStatus::Active.as_str().to_owned()),
                authorisation: Set(authorisation.to_owned()),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(StoreError::from)?,
        };
        campaigns::ActiveModel {
            id: Set(row.id),
            pledged_minor: Set(row.pledged_minor - was_active + plan.amount.minor()),
            backers: Set(row.backers + i32::from(plan.new)),
            ..Default::default()
        }
        .update(&txn)
        .await
        .map_err(StoreError::from)?;
        let pledge = to_pledge(&saved, currency)?;
        append(&txn, Event::Pledged { campaign: id, pledge: pledge.id }, Some(backer), now)
            .await
            .map_err(StoreError::from)?;
        if plan.new {
            let notice = Notice::PledgeReceived { campaign: campaign_ref(&row), amount: plan.amount };
            notify_within(&txn, UserId::new(row.created_by), &notice, now).await?;
        }
        txn.commit().await.map_err(StoreError::from)?;
        Ok(pledge)
    }

    /// Withdraws a backer's pledge as the domain decides under the campaign's lock: `decide` gets the
    /// campaign and the backer's pledge and returns the tier slot to give back (or a refusal).
    /// Returns the pledge withdrawn, with its provider authorisation (to void).
    pub async fn cancel_pledge<E: From<StoreError>>(
        &self,
        id: CampaignId,
        backer: UserId,
        now: OffsetDateTime,
        decide: impl FnOnce(&Campaign, Option<&Pledge>) -> Result<Option<(TierId, u32)>, E>,
    ) -> Result<(Pledge, String), E> {
        let txn = self.write.begin().await.map_err(StoreError::from)?;
        let (row, campaign, existing_row) = lock_with_pledge(&txn, self.backend, id, backer).await?;
        let currency = campaign.goal.currency();
        let existing = existing_row.as_ref().map(|p| to_pledge(p, currency)).transpose()?;
        let release = decide(&campaign, existing.as_ref())?;
        let (Some(old), Some(mut pledge)) = (existing_row, existing) else {
            return Err(StoreError::Conflict.into());
        };
        if let Some(slots) = release {
            move_slots(&txn, slots, false).await?;
        }
        pledges::ActiveModel {
            id: Set(old.id),
            status: Set(PledgeStatus::Cancelled.as_str().to_owned()),
            updated_at: Set(now),
            ..Default::default()
        }
        .update(&txn)
        .await
        .map_err(StoreError::from)?;
        campaigns::ActiveModel {
            id: Set(row.id),
            pledged_minor: Set(row.pledged_minor - old.amount_minor),
            backers: Set(row.backers - 1),
            ..Default::default()
        }
        .update(&txn)
        .await
        .map_err(StoreError::from)?;
        append(&txn, Event::PledgeCancelled { campaign: id, pledge: pledge.id }, Some(backer), now)
            .await
            .map_err(StoreError::from)?;
        txn.commit().await.map_err(StoreError::from)?;
        pledge.status = PledgeStatus::Cancelled;
        Ok((pledge, old.authorisation))
    }

    /// The authorisations of a campaign's withdrawn or released pledges, with their amounts (to void
    /// at the provider; voiding is idempotent, so ones voided before may be listed again).
    pub async fn released_authorisations(&self, id: CampaignId) -> Result<Vec<(String, Money)>, StoreError> {
        let Some(campaign) = campaigns::Entity::find_by_id(id.get()).one(&self.read).await? else {
            return Ok(Vec::new());
        };
        let currency = Currency::parse(&campaign.currency).map_err(corrupt("campaign currency"))?;
        let rows: Vec<(String, i64)> = pledges::Entity::find()
            .select_only()
            .column(pledges::Column::Authorisation)
            .column(pledges::Column::AmountMinor)
            .filter(pledges::Column::CampaignId.eq(id.get()))
            .filter(pledges::Column::Status.eq(PledgeStatus::Cancelled.as_str()))
            .into_tuple()
            .all(&self.read)
            .await?;
        Ok(rows.into_iter().map(|(authorisation, minor)| (authorisation, Money::new(minor, currency))).collect())
    }

    /// A backer's pledge to a campaign (any status), if they ever pledged.
    pub async fn pledge_of(&self, id: CampaignId, backer: UserId) -> Result<Option<BackerPledge>, StoreError> {
        let Some(row) = pledge_row(&self.read, id, backer).await? else { return Ok(None) };
        let Some(campaign) = campaigns::Entity::find_by_id(id.get()).one(&self.read).await? else { return Ok(None) };
        let currency = Currency::parse(&campaign.currency).map_err(corrupt("campaign currency"))?;
        Ok(Some(BackerPledge {
            campaign: id,
            title: campaign.title,
            pledge: to_pledge(&row, currency)?,
            anonymous: row.anonymous,
        }))
    }

    /// The campaign a pledge belongs to.
    pub async fn campaign_of_pledge(&self, pledge: PledgeId) -> Result<Option<CampaignId>, StoreError> {
        let found: Option<i64> = pledges::Entity::find_by_id(pledge.get())
            .select_only()
            .column(pledges::Column::CampaignId)
            .into_tuple()
            .one(&self.read)
            .await?;
        Ok(found.map(CampaignId::new))
    }

    /// The payment provider's authorisation behind a pledge.
    pub async fn pledge_authorisation(&self, pledge: PledgeId) -> Result<Option<String>, StoreError> {
        Ok(pledges::Entity::find_by_id(pledge.get())
            .select_only()
            .column(pledges::Column::Authorisation)
            .into_tuple()
            .one(&self.read)
            .await?)
    }

    /// A member's pledges, newest first.
    pub async fn pledges_of(&self, backer: UserId) -> Result<Vec<BackerPledge>, StoreError> {
        let rows = pledges::Entity::find()
            .filter(pledges::Column::BackerId.eq(backer.get()))
            .order_by_desc(pledges::Column::Id)
            .all(&self.read)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let Some(campaign) = campaigns::Entity::find_by_id(row.campaign_id).one(&self.read).await? else {
                continue;
            };
            let currency = Currency::parse(&campaign.currency).map_err(corrupt("campaign currency"))?;
            out.push(BackerPledge {
                campaign: CampaignId::new(campaign.id),
                title: campaign.title,
                pledge: to_pledge(&row, currency)?,
                anonymous: row.anonymous,
            });
        }
        Ok(out)
    }

    /// A campaign's backers (active, charged or being retried) for its public list: names, or `None` for those who chose to be
    /// anonymous; never amounts. Oldest first.
    pub async fn backer_names(&self, id: CampaignId) -> Result<Vec<Option<String>>, StoreError> {
        let rows: Vec<(bool, String)> = pledges::Entity::find()
            .select_only()
            .column(pledges::Column::Anonymous)
            .column(users::Column::DisplayName)
            .inner_join(users::Entity)
            .filter(pledges::Column::CampaignId.eq(id.get()))
            .filter(pledges::Column::Status.is_in([
                PledgeStatus::Active.as_str(),
                PledgeStatus::Captured.as_str(),
                PledgeStatus::Errored.as_str(),
            ]))
            .order_by_asc(pledges::Column::Id)
            .into_tuple()
            .all(&self.read)
            .await?;
        Ok(rows.into_iter().map(|(anonymous, name)| (!anonymous).then_some(name)).collect())
    }
}
