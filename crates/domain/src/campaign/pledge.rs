//! Pledges: one per backer per campaign, holding a payment authorisation rather than money,
//! editable and cancellable while the campaign is live, never by the campaign's own organization.
//! A limited tier's slots are taken and released by these decisions, under the tier's lock, so a
//! tier never sells more than it has.

use time::OffsetDateTime;

use super::{Campaign, Tier};
use crate::money::Money;
use crate::text::name_enum;
use crate::{PledgeId, TierId, UserId};

name_enum!(
    /// Where a pledge stands.
    PledgeStatus {
        /// Authorised and counting toward the goal.
        Active => "active",
        /// Withdrawn by the backer (or released when the campaign was cancelled).
        Cancelled => "cancelled",
        /// Charged at settlement: the backer paid.
        Captured => "captured",
        /// The charge failed at settlement; retried during the grace period.
        Errored => "errored",
        /// Never charged: the grace period ended without a successful charge.
        Dropped => "dropped",
        /// The campaign failed: the authorisation was voided and nobody paid.
        Voided => "voided",
    }
);

impl PledgeStatus {
    /// Whether the pledge backs its campaign: counting toward the goal, charged, or being retried.
    pub fn backs(self) -> bool {
        matches!(self, Self::Active | Self::Captured | Self::Errored)
    }
}

/// A pledge as loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pledge {
    /// Its id.
    pub id: PledgeId,
    /// The backer.
    pub backer: UserId,
    /// What they pledged.
    pub amount: Money,
    /// Their reward tier, if any.
    pub tier: Option<TierId>,
    /// How many of the tier's reward it holds (1 without a tier).
    pub quantity: u32,
    /// Where it stands.
    pub status: PledgeStatus,
}

/// A tier as a pledge sees it under its lock: its minimum and what is left.
pub type TierStock<'a> = &'a Tier;

/// Why a pledge (or its change or withdrawal) was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PledgeRefused {
    /// The campaign is not live.
    #[error("the campaign is not taking pledges")]
    NotLive,
    /// The deadline has passed.
    #[error("the campaign's deadline has passed")]
    DeadlinePassed,
    /// Nobody backs their own organization's campaign.
    #[error("you cannot back your own organization's campaign")]
    OwnCampaign,
    /// The amount is not in the campaign's currency.
    #[error("pledges are in the campaign's currency")]
    CurrencyMismatch,
    /// The amount is below the tier's minimum (times the quantity).
    #[error("the amount is below the tier's minimum")]
    BelowMinimum,
    /// More of a reward than one backer may take (one without a per-backer limit), or none.
    #[error("you can take 1 to {most} of this reward")]
    Quantity {
        /// The most one backer may take.
        most: u32,
    },
    /// The tier has no slot left.
    #[error("this reward is sold out")]
    SoldOut,
    /// The tier is not one of this campaign's.
    #[error("no such reward")]
    UnknownTier,
    /// There is no live pledge to change or withdraw.
    #[error("you have no pledge here")]
    NoPledge,
}

/// A pledge decided: its amount, tier and quantity, and the tier slots it takes and gives back
/// (given back first, so a change of quantity in the same tier nets out).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PledgePlan {
    /// The amount.
    pub amount: Money,
    /// The tier.
    pub tier: Option<TierId>,
    /// How many of its reward.
    pub quantity: u32,
    /// This many slots of this tier are taken.
    pub take: Option<(TierId, u32)>,
    /// This many slots of this tier are given back.
    pub release: Option<(TierId, u32)>,
    /// Whether it is a new pledge (otherwise the backer's live pledge changes).
    pub new: bool,
}

fn check_open(campaign: &Campaign, now: OffsetDateTime) -> Result<(), PledgeRefused> {
    if campaign.status != super::CampaignStatus::Live {
        return Err(PledgeRefused::NotLive);
    }
    if now >= campaign.deadline {
        return Err(PledgeRefused::DeadlinePassed);
    }
    Ok(())
}

/// Decides a backer's pledge of `amount` for `quantity` of `tier`'s reward (or no reward and a
/// quantity of one) at `now`: `existing` is their live pledge, if any (it changes instead of a second one),
/// `backer_in_org` whether they belong to the campaign's organization, `tier` the chosen tier as
/// loaded under its lock. A backer takes at most the tier's per-backer limit (one without one),
/// pledges at least its minimum for each, and never more than is left.
pub fn plan_pledge(
    campaign: &Campaign,
    existing: Option<&Pledge>,
    backer_in_org: bool,
    amount: Money,
    tier: Option<TierStock<'_>>,
    quantity: u32,
    now: OffsetDateTime,
) -> Result<PledgePlan, PledgeRefused> {
    check_open(campaign, now)?;
    if backer_in_org {
        return Err(PledgeRefused::OwnCampaign);
    }
    if amount.currency() != campaign.goal.currency() {
        return Err(PledgeRefused::CurrencyMismatch);
    }
    if amount.minor() < 1 {
        return Err(PledgeRefused::BelowMinimum);
    }
    let held = existing.filter(|p| p.status == PledgeStatus::Active).and_then(|p| p.tier.map(|t| (t, p.quantity)));
    let most = tier.map_or(1, |t| t.terms.per_backer_limit.unwrap_or(1));
    if quantity == 0 || quantity > most {
        return Err(PledgeRefused::Quantity { most });
    }
    let chosen = tier.map(|t| (t.id, quantity));
    if let Some(tier) = tier {
        if amount.currency() != tier.terms.minimum.currency() {
            return Err(PledgeRefused::CurrencyMismatch);
        }
        if i128::from(amount.minor()) < i128::from(tier.terms.minimum.minor()) * i128::from(quantity) {
            return Err(PledgeRefused::BelowMinimum);
        }
        // One's own slots in this tier count as free for the change.
        let own = held.filter(|(t, _)| *t == tier.id).map_or(0, |(_, n)| n);
        if tier.remaining().is_some_and(|left| left.saturating_add(own) < quantity) {
            return Err(PledgeRefused::SoldOut);
        }
    }
    let (take, release) = if held == chosen { (None, None) } else { (chosen, held) };
    let new = existing.is_none_or(|p| p.status != PledgeStatus::Active);
    Ok(PledgePlan { amount, tier: chosen.map(|(t, _)| t), quantity, take, release, new })
}

/// Decides withdrawing a backer's live pledge at `now`: the tier slots it held, if any, are given
/// back.
pub fn plan_cancel(
    campaign: &Campaign,
    existing: Option<&Pledge>,
    now: OffsetDateTime,
) -> Result<Option<(TierId, u32)>, PledgeRefused> {
    check_open(campaign, now)?;
    let pledge = existing.filter(|p| p.status == PledgeStatus::Active).ok_or(PledgeRefused::NoPledge)?;
    Ok(pledge.tier.map(|t| (t, pledge.quantity)))
}
