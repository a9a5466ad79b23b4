//! Changing a campaign's terms. Before launch anything may change; a campaign in review goes back to
//! a draft, its approval withdrawn, since a moderator approved the terms as they were. Once live
//! only its title, story and tiers change: goal, currency, deadline and how backers pay are locked;
//! a tier's limit only rises and a tier with backers is never removed or made dearer. After the
//! deadline, or once finished or cancelled, nothing changes.

use time::OffsetDateTime;

use super::{
    Actor, Campaign, CampaignRefused, CampaignStatus, CampaignStory, CampaignTerms, CampaignTitle, NewTier, Tier,
    check_terms_change, check_tier_change,
};
use crate::TierId;
use crate::invalid::Invalid;

/// A tier of changed terms: an existing one (its id) or a new one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditedTier {
    /// The tier it changes, or `None` for a new tier.
    pub id: Option<TierId>,
    /// Its terms after the change.
    pub terms: NewTier,
}

/// A change decided: the campaign after it, its texts and tiers in their new order, and the tiers
/// removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditPlan {
    /// The campaign after the change (goal, deadline, provider, status, approval).
    pub campaign: Campaign,
    /// The title.
    pub title: CampaignTitle,
    /// The story.
    pub story: CampaignStory,
    /// Every tier it keeps or adds, in order.
    pub tiers: Vec<EditedTier>,
    /// The tiers it removes.
    pub removed: Vec<TierId>,
}

/// Why a change was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditRefused {
    /// The campaign's state or the actor refuses it.
    #[error(transparent)]
    Campaign(#[from] CampaignRefused),
    /// A tier's change is refused (its position among the tiers given, and why).
    #[error("tier {index}: {why}")]
    Tier {
        /// The tier's position in the change (for a removed tier, after the last one given).
        index: usize,
        /// Why.
        why: Invalid,
    },
}

/// Whether `campaign`'s terms may change at `now` (by its managers): before launch, or while live
/// until the deadline (then only its texts and tiers).
pub fn editable(campaign: &Campaign, now: OffsetDateTime) -> Result<(), CampaignRefused> {
    match campaign.status {
        CampaignStatus::Draft | CampaignStatus::InReview => Ok(()),
        CampaignStatus::Live if now < campaign.deadline => Ok(()),
        CampaignStatus::Live => Err(CampaignRefused::DeadlinePassed),
        _ => Err(CampaignRefused::WrongStatus),
    }
}

/// Decides changing `campaign` (with its `current` tiers, as loaded under its lock) to `terms`, the
/// tiers of which are matched with `ids` (`None` for a new tier), by `actor` at `now`.
pub fn plan_edit(
    campaign: &Campaign,
    current: &[Tier],
    actor: Actor,
    terms: &CampaignTerms,
    ids: &[Option<TierId>],
    now: OffsetDateTime,
) -> Result<EditPlan, EditRefused> {
    if !actor.manages() {
        return Err(CampaignRefused::Forbidden.into());
    }
    editable(campaign, now)?;
    let live = campaign.status == CampaignStatus::Live;
    if live {
        check_terms_change(campaign, terms.goal, terms.deadline)?;
        if terms.provider != campaign.provider {
            return Err(CampaignRefused::Locked.into());
        }
    }
    let mut tiers = Vec::with_capacity(terms.tiers.len());
    for (index, tier) in terms.tiers.iter().enumerate() {
        let id = ids.get(index).copied().flatten();
        if let Some(id) = id {
            let refuse = |why| EditRefused::Tier { index, why };
            if ids[..index].contains(&Some(id)) {
                return Err(refuse(Invalid::Taken));
            }
            let before = current.iter().find(|t| t.id == id).ok_or(refuse(Invalid::Unknown))?;
            check_tier_change(live, before, Some(tier)).map_err(refuse)?;
        }
        tiers.push(EditedTier { id, terms: tier.clone() });
    }
    let mut removed = Vec::new();
    for before in current.iter().filter(|t| !ids.contains(&Some(t.id))) {
        check_tier_change(live, before, None).map_err(|why| EditRefused::Tier { index: terms.tiers.len(), why })?;
        removed.push(before.id);
    }
    let mut next = campaign.clone();
    next.goal = terms.goal;
    next.deadline = terms.deadline;
    next.provider = terms.provider;
    if campaign.status == CampaignStatus::InReview {
        next.status = CampaignStatus::Draft;
        next.approved_by = None;
    }
    Ok(EditPlan { campaign: next, title: terms.title.clone(), story: terms.story.clone(), tiers, removed })
}
