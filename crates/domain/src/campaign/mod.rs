//! Funding campaigns (the Kickstarter third): an organization's all-or-nothing campaign, usually for
//! an idea its contest selected. Its terms (goal, deadline, reward tiers, fee), its lifecycle
//! `draft → in_review → live → succeeded | failed` (or `cancelled`), who may do what, and what is
//! locked once it is live. Pledges are in `pledge.rs`, settlement and its money in `settlement.rs`.

use time::{Duration, OffsetDateTime};

use crate::contest::BasisPoints;
use crate::invalid::{FieldErrors, Invalid};
use crate::money::{Currency, Money, positive_amount};
use crate::org::OrgRole;
use crate::text::{line_type, markdown_type, name_enum};
use crate::{CampaignId, IdeaId, OrgId, UserId};

mod community;
mod edit;
mod pledge;
mod settlement;
mod tiers;

pub use community::{Audience, NewUpdate, Reader, UpdateBody, UpdateTitle, parse_interest, takes_interest};
pub use edit::{EditPlan, EditRefused, EditedTier, editable, plan_edit};
pub use pledge::{Pledge, PledgePlan, PledgeRefused, PledgeStatus, TierStock, plan_cancel, plan_pledge};
pub use settlement::{
    CaptureFailure, Fees, NO_PROCESSOR_FEE, Outcome, ProcessorFee, ReceiptRefused, capture_transaction, check_receipt,
    next_after_failed_capture, outcome, proceeds_transaction, split_capture,
};
pub use tiers::{MAX_LIMIT, NewTier, Tier, TierDescription, TierInput, TierTitle, YearMonth, check_tier_change};

line_type!(
    /// A campaign's title.
    CampaignTitle,
    120
);

markdown_type!(
    /// A campaign's story (Markdown).
    CampaignStory,
    50_000
);

name_enum!(
    /// Where a campaign is in its life.
    CampaignStatus {
        /// Being written by its organization.
        Draft => "draft",
        /// Submitted: waiting for a moderator's approval, then for its launch.
        InReview => "in_review",
        /// Public and taking pledges until its deadline.
        Live => "live",
        /// The goal was reached by the deadline: pledges are captured.
        Succeeded => "succeeded",
        /// The goal was not reached: every authorisation is voided, nobody pays.
        Failed => "failed",
        /// Withdrawn before its deadline: every pledge is released.
        Cancelled => "cancelled",
    }
);

name_enum!(
    /// How backers pay.
    ProviderKind {
        /// A simulated card processor for demos and tests.
        Sandbox => "sandbox",
        /// Bank transfer: at success each backer is asked to pay; an admin records receipts.
        Manual => "manual",
    }
);

/// The platform's rules for campaigns, from configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FundingRules {
    /// The shortest a campaign may run after launch.
    pub min_duration: Duration,
    /// The longest a campaign may run after launch.
    pub max_duration: Duration,
    /// How long a failed capture is retried before the pledge is dropped.
    pub grace: Duration,
    /// The platform's fee on collected money.
    pub fee: BasisPoints,
}

impl Default for FundingRules {
    fn default() -> Self {
        Self {
            min_duration: Duration::days(1),
            max_duration: Duration::days(60),
            grace: Duration::days(7),
            fee: BasisPoints::of(500),
        }
    }
}

impl FundingRules {
    /// Whether a campaign launched at `launch` may end at `deadline`.
    pub fn check_deadline(&self, launch: OffsetDateTime, deadline: OffsetDateTime) -> Result<(), Invalid> {
        let run = deadline - launch;
        if run < self.min_duration || run > self.max_duration {
            let days = |d: Duration| d.whole_days().max(0);
            return Err(Invalid::OutOfRange { min: days(self.min_duration), max: days(self.max_duration) });
        }
        Ok(())
    }
}

/// A campaign's terms as parsed from a form or JSON body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignTerms {
    /// The title.
    pub title: CampaignTitle,
    /// The story.
    pub story: CampaignStory,
    /// The goal: reached by the deadline, every pledge is captured.
    pub goal: Money,
    /// When pledging ends and the campaign settles.
    pub deadline: OffsetDateTime,
    /// How backers pay.
    pub provider: ProviderKind,
    /// The reward tiers.
    pub tiers: Vec<NewTier>,
}

/// The raw fields of a campaign.
#[derive(Clone, Debug, Default)]
pub struct CampaignInput<'a> {
    /// Title text.
    pub title: &'a str,
    /// Story text.
    pub story: &'a str,
    /// The goal in minor units.
    pub goal_minor: Option<i64>,
    /// The goal's currency code.
    pub currency: &'a str,
    /// The deadline, parsed by the caller (`None` when missing or malformed).
    pub deadline: Option<OffsetDateTime>,
    /// The provider's name.
    pub provider: &'a str,
    /// The tiers' raw fields.
    pub tiers: &'a [TierInput<'a>],
}

/// The most reward tiers a campaign may have.
pub const MAX_TIERS: usize = 30;

impl CampaignTerms {
    /// Parses a campaign's terms at `now`, naming every refused field. The deadline must leave the
    /// shortest run after a launch now and lie within the longest (it is checked again at launch).
    pub fn parse(input: &CampaignInput<'_>, rules: &FundingRules, now: OffsetDateTime) -> Result<Self, FieldErrors> {
        Self::parse_keeping(input, rules, now, None)
    }

    /// Parses changed terms: as [`CampaignTerms::parse`], except that a deadline equal to `kept`
    /// (the campaign's current one) is taken as it is, since it was checked when it was set and is
    /// checked again at launch; whether it may change at all is [`plan_edit`]'s decision.
    pub fn parse_keeping(
        input: &CampaignInput<'_>,
        rules: &FundingRules,
        now: OffsetDateTime,
        kept: Option<OffsetDateTime>,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors.check("title", CampaignTitle::parse(input.title));
        let story = errors.check("story", CampaignStory::parse(input.story));
        let currency = errors.check("currency", Currency::parse(input.currency));
        let goal = errors.check("goal", positive_amount(input.goal_minor, currency)).flatten();
        let deadline = match input.deadline {
            None => {
                errors.add("deadline", Invalid::Required);
                None
            }
            Some(at) if Some(at) == kept => Some(at),
            Some(at) => errors.check("deadline", rules.check_deadline(now, at).map(|()| at)),
        };
        let provider = errors.check("provider", input.provider.parse::<ProviderKind>());
        let mut tiers = Vec::with_capacity(input.tiers.len());
        if input.tiers.len() > MAX_TIERS {
            errors.add("tiers", Invalid::TooMany { max: MAX_TIERS });
        }
        for raw in input.tiers.iter().take(MAX_TIERS) {
            match NewTier::parse(raw, currency) {
                Ok(tier) => tiers.push(tier),
                Err(why) => errors.add("tiers", why),
            }
        }
        match (title, story, goal, deadline, provider) {
            (Some(title), Some(story), Some(goal), Some(deadline), Some(provider)) if errors.is_empty() => {
                Ok(Self { title, story, goal, deadline, provider, tiers })
            }
            _ => Err(errors),
        }
    }
}

/// A campaign as loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Campaign {
    /// Its id.
    pub id: CampaignId,
    /// The organization running it.
    pub org: OrgId,
    /// The selected idea it funds, if any.
    pub idea: Option<IdeaId>,
    /// The goal.
    pub goal: Money,
    /// When pledging ends.
    pub deadline: OffsetDateTime,
    /// The platform's fee, fixed when it went live.
    pub fee: BasisPoints,
    /// How backers pay.
    pub provider: ProviderKind,
    /// Where it stands.
    pub status: CampaignStatus,
    /// The moderator who approved it, once approved.
    pub approved_by: Option<UserId>,
    /// When it went live.
    pub launched_at: Option<OffsetDateTime>,
}

impl Campaign {
    /// Whether pledges are taken at `now`.
    pub fn takes_pledges(&self, now: OffsetDateTime) -> bool {
        self.status == CampaignStatus::Live && now < self.deadline
    }

    /// Whether it is public (live or finished, not cancelled before launch).
    pub fn is_public(&self) -> bool {
        self.launched_at.is_some()
    }
}

/// Who is acting on a campaign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The member.
    pub user: UserId,
    /// Their role in the campaign's organization, if any.
    pub role: Option<OrgRole>,
    /// Whether they moderate.
    pub moderator: bool,
    /// Whether they administer the platform.
    pub admin: bool,
}

impl Actor {
    /// Whether they manage the campaign's organization.
    pub fn manages(self) -> bool {
        self.role.is_some_and(OrgRole::can_manage)
    }
}

/// Why a change to a campaign was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CampaignRefused {
    /// The actor may not do this.
    #[error("not allowed")]
    Forbidden,
    /// The campaign is not at a stage that allows it.
    #[error("the campaign is not at a stage where this can be done")]
    WrongStatus,
    /// The terms are locked once live (goal, deadline, currency, fee).
    #[error("the campaign's terms are locked once it is live")]
    Locked,
    /// Launching now would not leave a run within the allowed range.
    #[error("the deadline is outside the allowed run from now")]
    DeadlineOutOfRange,
    /// Pledges exist: only an administrator may cancel it now.
    #[error("pledges exist: only an administrator can cancel the campaign")]
    PledgesExist,
    /// The deadline has passed: the campaign settles instead.
    #[error("the deadline has passed")]
    DeadlinePassed,
}

/// A state change a campaign goes through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// Its organization submits it for review.
    Submit,
    /// A moderator from outside the organization approves it.
    Approve,
    /// Its organization launches it once approved: it goes live now.
    Launch,
    /// Withdrawn before the deadline: by an admin, or by its organization while no pledge exists.
    Cancel,
}

/// Decides `mv` by `actor` at `now` (`pledges`: how many live pledges it has) and returns the
/// campaign after it; nothing changes on a refusal.
pub fn decide(
    campaign: &Campaign,
    mv: Move,
    actor: Actor,
    pledges: u64,
    rules: &FundingRules,
    now: OffsetDateTime,
) -> Result<Campaign, CampaignRefused> {
    use CampaignStatus as S;
    let mut next = campaign.clone();
    match mv {
        Move::Submit => {
            if !actor.manages() {
                return Err(CampaignRefused::Forbidden);
            }
            if campaign.status != S::Draft {
                return Err(CampaignRefused::WrongStatus);
            }
            next.status = S::InReview;
        }
        Move::Approve => {
            // Nobody approves their own organization's campaign.
            if !actor.moderator || actor.role.is_some() {
                return Err(CampaignRefused::Forbidden);
            }
            if campaign.status != S::InReview || campaign.approved_by.is_some() {
                return Err(CampaignRefused::WrongStatus);
            }
            next.approved_by = Some(actor.user);
        }
        Move::Launch => {
            if !actor.manages() {
                return Err(CampaignRefused::Forbidden);
            }
            if campaign.status != S::InReview || campaign.approved_by.is_none() {
                return Err(CampaignRefused::WrongStatus);
            }
            rules.check_deadline(now, campaign.deadline).map_err(|_| CampaignRefused::DeadlineOutOfRange)?;
            next.status = S::Live;
            next.launched_at = Some(now);
            next.fee = rules.fee;
        }
        Move::Cancel => {
            if !(actor.admin || actor.manages()) {
                return Err(CampaignRefused::Forbidden);
            }
            if !matches!(campaign.status, S::Draft | S::InReview | S::Live) {
                return Err(CampaignRefused::WrongStatus);
            }
            if campaign.status == S::Live && now >= campaign.deadline {
                return Err(CampaignRefused::DeadlinePassed);
            }
            if pledges > 0 && !actor.admin {
                return Err(CampaignRefused::PledgesExist);
            }
            next.status = S::Cancelled;
        }
    }
    Ok(next)
}

/// The moves `actor` may make on `campaign` now (what a page offers as buttons): each is what
/// [`decide`] would accept.
pub fn available_moves(
    campaign: &Campaign,
    actor: Actor,
    pledges: u64,
    rules: &FundingRules,
    now: OffsetDateTime,
) -> Vec<Move> {
    [Move::Submit, Move::Approve, Move::Launch, Move::Cancel]
        .into_iter()
        .filter(|mv| decide(campaign, *mv, actor, pledges, rules, now).is_ok())
        .collect()
}

/// Whether a campaign's goal, deadline or currency may change now: only before it goes live.
pub fn check_terms_change(campaign: &Campaign, goal: Money, deadline: OffsetDateTime) -> Result<(), CampaignRefused> {
    let changed = goal != campaign.goal || deadline != campaign.deadline;
    match campaign.status {
        CampaignStatus::Draft | CampaignStatus::InReview => Ok(()),
        _ if changed => Err(CampaignRefused::Locked),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;
