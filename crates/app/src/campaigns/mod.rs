//! Funding campaigns as people use them: an organization's managers create one (for a selected
//! idea of their contest, or standalone), submit it, a moderator from outside approves it, they
//! launch it; members pledge (authorised on a card through the sandbox processor, never charged
//! before settlement), change and withdraw their pledges. The domain decides each step under the
//! campaign's lock; this module reads, checks who is asking and talks to the processor.

mod community;
mod edit;
mod sandbox;
mod settle;

pub use community::{CampaignLists, IdeaFunding};
use ideaforge_domain::campaign::{
    Actor, CampaignInput, CampaignRefused, CampaignStatus, CampaignTerms, FundingRules, Move, PledgeRefused,
    ProviderKind, Reader, ReceiptRefused, available_moves, check_receipt, decide, editable, plan_cancel, plan_pledge,
};
use ideaforge_domain::contest::BasisPoints;
use ideaforge_domain::idea::Stage;
use ideaforge_domain::money::{Currency, MAX_MINOR, Money, positive_amount};
use ideaforge_domain::org::OrgRole;
use ideaforge_domain::org::OrgSlug;
use ideaforge_domain::{CampaignId, FieldErrors, IdeaId, Invalid, PledgeId, Role, TierId, User};
use ideaforge_store::{BackerPledge, CampaignRecord, PledgeDay, PledgeRequest, StoreError, UpdateRecord};
pub use sandbox::{Card, SANDBOX_FEE, Sandbox};
pub use settle::SettleReport;
use time::Duration;

use crate::payments::{Charge, PaymentError, PaymentMethod};
use crate::{App, Internal};

/// Funding campaigns' settings (`[funding]`).
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(default)]
pub struct FundingConfig {
    /// The shortest run after launch, in seconds (default a day).
    pub min_duration_secs: u32,
    /// The longest run after launch, in seconds (default 60 days).
    pub max_duration_secs: u32,
    /// How long a failed capture is retried before the pledge is dropped, in seconds (7 days).
    pub grace_secs: u32,
    /// The platform's fee on collected money, in basis points (500 = 5 %).
    pub fee_bp: u16,
    /// How often each node's settlement job looks for work, in milliseconds.
    pub settle_poll_ms: u64,
    /// How long a node holds the pledges it claimed for capture before another node may take them
    /// over (after a crash), in seconds.
    pub capture_lease_secs: u32,
}

impl Default for FundingConfig {
    fn default() -> Self {
        Self {
            min_duration_secs: 86_400,
            max_duration_secs: 5_184_000,
            grace_secs: 604_800,
            fee_bp: 500,
            settle_poll_ms: 1_000,
            capture_lease_secs: 300,
        }
    }
}

impl FundingConfig {
    /// The rules the domain applies.
    pub fn rules(&self) -> FundingRules {
        FundingRules {
            min_duration: Duration::seconds(i64::from(self.min_duration_secs)),
            max_duration: Duration::seconds(i64::from(self.max_duration_secs)),
            grace: Duration::seconds(i64::from(self.grace_secs)),
            fee: BasisPoints::of(self.fee_bp),
        }
    }
}

/// Why something about a campaign was refused.
#[derive(Debug, thiserror::Error)]
pub enum CampaignsError {
    /// Fields were refused.
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// No such campaign, or not visible to this member.
    #[error("not found")]
    NotFound,
    /// Visible, but this member may not do that.
    #[error("not allowed")]
    Forbidden,
    /// A rule refused it in the current state; the code names it.
    #[error("refused: {0}")]
    Refused(&'static str),
    /// Something broke.
    #[error(transparent)]
    Internal(#[from] Internal),
}

impl From<StoreError> for CampaignsError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict => Self::Refused("conflict"),
            other => Self::Internal(other.into()),
        }
    }
}

impl From<CampaignRefused> for CampaignsError {
    fn from(refused: CampaignRefused) -> Self {
        match refused {
            CampaignRefused::Forbidden => Self::Forbidden,
            CampaignRefused::WrongStatus => Self::Refused("wrong_status"),
            CampaignRefused::Locked => Self::Refused("terms_locked"),
            CampaignRefused::DeadlineOutOfRange => Self::Refused("deadline_out_of_range"),
            CampaignRefused::PledgesExist => Self::Refused("pledges_exist"),
            CampaignRefused::DeadlinePassed => Self::Refused("deadline_passed"),
        }
    }
}

impl From<PledgeRefused> for CampaignsError {
    fn from(refused: PledgeRefused) -> Self {
        let field = |field: &'static str, why: Invalid| {
            let mut errors = FieldErrors::new();
            errors.add(field, why);
            Self::Invalid(errors)
        };
        match refused {
            PledgeRefused::NotLive => Self::Refused("not_live"),
            PledgeRefused::DeadlinePassed => Self::Refused("deadline_passed"),
            PledgeRefused::OwnCampaign => Self::Refused("own_campaign"),
            PledgeRefused::SoldOut => Self::Refused("sold_out"),
            PledgeRefused::NoPledge => Self::Refused("no_pledge"),
            PledgeRefused::CurrencyMismatch => field("amount", Invalid::Mismatch),
            PledgeRefused::BelowMinimum => field("amount", Invalid::OutOfRange { min: 1, max: MAX_MINOR }),
            PledgeRefused::UnknownTier => field("tier_id", Invalid::Unknown),
            PledgeRefused::Quantity { most } => field("quantity", Invalid::OutOfRange { min: 1, max: i64::from(most) }),
        }
    }
}

impl From<PaymentError> for CampaignsError {
    fn from(e: PaymentError) -> Self {
        match e {
            PaymentError::Declined => invalid("card", Invalid::Mismatch),
            PaymentError::Unsupported => invalid("card", Invalid::Unknown),
            PaymentError::Store(e) => e.into(),
        }
    }
}

/// A campaign as one viewer may see it.
#[derive(Clone, Debug)]
pub struct CampaignView {
    /// The campaign, its texts, totals and tiers.
    pub record: CampaignRecord,
    /// The public backer list: names, or `None` for the anonymous; never amounts.
    pub backers: Vec<Option<String>>,
    /// The viewer's own active pledge, if any.
    pub mine: Option<BackerPledge>,
    /// Whether the viewer manages it (its organization's managers).
    pub manages: bool,
    /// What settlement collected, dropped and took in fees.
    pub money: ideaforge_store::CampaignMoney,
    /// The lifecycle moves the viewer may make now (the page's buttons).
    pub moves: Vec<Move>,
    /// Whether the viewer may change its terms now (its managers, before launch or while live).
    pub editable: bool,
    /// How the viewer stands to it (reading and commenting on updates).
    pub reader: Reader,
    /// The updates the viewer may read, newest first.
    pub updates: Vec<UpdateRecord>,
    /// Pledges by day, for its managers (empty for everyone else).
    pub days: Vec<PledgeDay>,
    /// Bank transfers awaited (pledge, backer's name, amount, asked for since), for admins.
    pub awaited: Vec<(PledgeId, String, Money, Option<time::OffsetDateTime>)>,
}

/// A pledge as asked for: the raw fields.
#[derive(Clone, Copy, Debug, Default)]
pub struct PledgeInput<'a> {
    /// The amount in minor units.
    pub amount_minor: Option<i64>,
    /// Its currency code.
    pub currency: &'a str,
    /// The reward tier, if any.
    pub tier: Option<TierId>,
    /// How many of the tier's reward (none: one).
    pub quantity: Option<i64>,
    /// Whether the public backer list shows the backer as anonymous.
    pub anonymous: bool,
    /// The card number (sandbox campaigns).
    pub card: &'a str,
}

impl App {
    fn funding_rules(&self) -> FundingRules {
        self.funding.rules()
    }

    /// Who the viewer is to a campaign's organization.
    async fn campaign_actor(&self, user: &User, record: &CampaignRecord) -> Result<Actor, CampaignsError> {
        let role = self.store.org_role(record.campaign.org, user.id).await?;
        Ok(Actor { user: user.id, role, moderator: user.role.can_moderate(), admin: user.role == Role::Admin })
    }

    /// A campaign the viewer may see: public once launched; before that its organization, moderators
    /// (once submitted) and admins.
    async fn visible_campaign(&self, viewer: Option<&User>, id: CampaignId) -> Result<CampaignRecord, CampaignsError> {
        let record = self.store.campaign(id).await?.ok_or(CampaignsError::NotFound)?;
        if record.campaign.is_public() {
            return Ok(record);
        }
        let Some(user) = viewer else { return Err(CampaignsError::NotFound) };
        let actor = self.campaign_actor(user, &record).await?;
        let reviewing = actor.moderator && record.campaign.status != CampaignStatus::Draft;
        if actor.role.is_some() || actor.admin || reviewing { Ok(record) } else { Err(CampaignsError::NotFound) }
    }

    /// Creates a campaign (a draft) for an organization the actor manages, for one of its contest's
    /// ideas that is selected or in development, or standalone.
    pub async fn create_campaign(
        &self,
        actor: &User,
        org: &str,
        idea: Option<IdeaId>,
        input: &CampaignInput<'_>,
    ) -> Result<CampaignId, CampaignsError> {
        let org = match OrgSlug::parse(org) {
            Ok(slug) => self.store.org_by_slug(&slug).await?,
            Err(_) => None,
        };
        let org = org.ok_or_else(|| invalid("org", Invalid::Unknown))?;
        if !self.store.org_role(org.id, actor.id).await?.is_some_and(OrgRole::can_manage) {
            return Err(CampaignsError::Forbidden);
        }
        let now = self.clock.now();
        let mut errors = FieldErrors::new();
        if let Some(idea) = idea {
            let found = self.store.idea(idea).await?;
            let contest = match found.as_ref().and_then(|i| i.contest) {
                Some(contest) => self.store.contest(contest).await?,
                None => None,
            };
            let fundable = |i: &ideaforge_domain::idea::Idea| matches!(i.stage, Stage::Selected | Stage::InDevelopment);
            match (found, contest) {
                (Some(found), Some(contest)) if contest.org.id == org.id && fundable(&found) => {}
                (Some(_), Some(contest)) if contest.org.id == org.id => errors.add("idea_id", Invalid::Mismatch),
                _ => errors.add("idea_id", Invalid::Unknown),
            }
        }
        let terms = CampaignTerms::parse(input, &self.funding_rules(), now);
        let terms = match terms {
            Ok(terms) if errors.is_empty() => terms,
            Ok(_) => return Err(CampaignsError::Invalid(errors)),
            Err(more) => {
                errors.merge(more);
                return Err(CampaignsError::Invalid(errors));
            }
        };
        Ok(self.store.create_campaign(org.id, idea, &terms, self.funding_rules().fee, actor.id, now).await?)
    }

    /// A campaign's page as the viewer may see it.
    pub async fn campaign_page(&self, viewer: Option<&User>, id: CampaignId) -> Result<CampaignView, CampaignsError> {
        let record = self.visible_campaign(viewer, id).await?;
        let backers = self.store.backer_names(id).await?;
        let (mine, manages) = match viewer {
            Some(user) => {
                let active = |p: &BackerPledge| p.pledge.status == ideaforge_domain::campaign::PledgeStatus::Active;
                let mine = self.store.pledge_of(id, user.id).await?.filter(active);
                let manages = self.campaign_actor(user, &record).await?.role.is_some_and(OrgRole::can_manage);
                (mine, manages)
            }
            None => (None, false),
        };
        let money = self.store.campaign_money(id, record.campaign.goal.currency()).await?;
        let moves = match viewer {
            Some(user) => {
                let actor = self.campaign_actor(user, &record).await?;
                let rules = self.funding_rules();
                available_moves(&record.campaign, actor, u64::from(record.backers), &rules, self.clock.now())
            }
            None => Vec::new(),
        };
        let reader = self.reader(viewer, &record).await?;
        let updates = self.store.updates(id, Self::audiences(reader)).await?;
        let days =
            if manages { self.store.pledges_by_day(id, record.campaign.goal.currency()).await? } else { Vec::new() };
        let awaited = if reader.admin && record.campaign.provider == ProviderKind::Manual {
            self.store.awaited_transfers(id).await?
        } else {
            Vec::new()
        };
        let editable = manages && editable(&record.campaign, self.clock.now()).is_ok();
        Ok(CampaignView { record, backers, mine, manages, money, moves, editable, reader, updates, days, awaited })
    }

    /// Moves a campaign: submit, approve (moderators from outside its organization), launch,
    /// cancel (admins; its managers while nobody has pledged).
    pub async fn move_campaign(
        &self,
        actor: &User,
        id: CampaignId,
        mv: Move,
    ) -> Result<CampaignStatus, CampaignsError> {
        let record = self.visible_campaign(Some(actor), id).await?;
        let who = self.campaign_actor(actor, &record).await?;
        let rules = self.funding_rules();
        let now = self.clock.now();
        let staff = mv == Move::Cancel && !who.manages();
        let moved = self
            .store
            .move_campaign(id, actor.id, staff, now, |campaign, pledges| {
                decide(campaign, mv, who, pledges, &rules, now).map_err(CampaignsError::from)
            })
            .await?;
        if moved.status == CampaignStatus::Cancelled {
            // Every pledge was released: nobody will be charged, so their authorisations go.
            let provider = self.payments(record.campaign.provider);
            for (authorisation, amount) in self.store.released_authorisations(id).await? {
                provider.void(&void(authorisation, amount), now).await?;
            }
        }
        Ok(moved.status)
    }

    /// Pledges to a live campaign, or changes one's pledge: the amount is authorised on the card
    /// first (nothing is charged before the campaign succeeds), then the pledge is decided under
    /// the campaign's lock; an authorisation that was not needed after all is voided.
    pub async fn pledge(
        &self,
        actor: &User,
        id: CampaignId,
        input: PledgeInput<'_>,
    ) -> Result<BackerPledge, CampaignsError> {
        let record = self.visible_campaign(Some(actor), id).await?;
        let campaign = record.campaign.clone();
        let mut errors = FieldErrors::new();
        let currency = errors.check("currency", Currency::parse(input.currency));
        let amount = errors.check("amount", positive_amount(input.amount_minor, currency)).flatten();
        let method = match campaign.provider {
            ProviderKind::Sandbox => errors.check("card", Card::parse(input.card)).map(PaymentMethod::Card),
            ProviderKind::Manual => Some(PaymentMethod::BankTransfer),
        };
        let tier = match input.tier {
            Some(tier) => match record.tiers.iter().find(|t| t.id == tier) {
                Some(found) => Some(found),
                None => {
                    errors.add("tier_id", Invalid::Unknown);
                    None
                }
            },
            None => None,
        };
        let quantity = match input.quantity {
            None => Some(1),
            Some(n) => {
                let most = ideaforge_domain::campaign::MAX_LIMIT;
                let n = u32::try_from(n).ok().filter(|n| (1..=most).contains(&i64::from(*n)));
                errors.check("quantity", n.ok_or(Invalid::OutOfRange { min: 1, max: most }))
            }
        };
        let (Some(amount), Some(method), Some(quantity), true) = (amount, method, quantity, errors.is_empty()) else {
            return Err(CampaignsError::Invalid(errors));
        };
        let in_org = self.store.org_role(campaign.org, actor.id).await?.is_some();
        let now = self.clock.now();
        // Refused before the card is touched; decided again under the lock.
        let existing = self.store.pledge_of(id, actor.id).await?;
        plan_pledge(&campaign, existing.as_ref().map(|p| &p.pledge), in_org, amount, tier, quantity, now)?;
        // The same form sent twice against the same pledge is the same authorisation.
        let before = existing.as_ref().map_or_else(
            || "new".to_owned(),
            |p| format!("{}:{}:{:?}:{}", p.pledge.status, p.pledge.amount.minor(), p.pledge.tier, p.pledge.quantity),
        );
        let payer = match &method {
            PaymentMethod::Card(card) => card.fingerprint(),
            PaymentMethod::BankTransfer => "bank".to_owned(),
        };
        let (who, minor, tier) = (actor.id, amount.minor(), input.tier);
        let key = format!("pledge:{id}:{who}:{minor}:{tier:?}x{quantity}:{payer}:{before}");
        let provider = self.payments(campaign.provider);
        let authorisation = provider.authorise(&key, &method, amount, now).await?;
        let request = PledgeRequest {
            backer: actor.id,
            tier: input.tier,
            anonymous: input.anonymous,
            authorisation: &authorisation,
        };
        let pledged = self
            .store
            .pledge(id, request, now, |campaign, existing, tier| {
                plan_pledge(campaign, existing, in_org, amount, tier, quantity, now).map_err(CampaignsError::from)
            })
            .await;
        match pledged {
            Ok(pledge) => Ok(BackerPledge { campaign: id, title: record.title, pledge, anonymous: input.anonymous }),
            Err(refused) => {
                provider.void(&void(authorisation, amount), now).await?;
                Err(refused)
            }
        }
    }

    /// Withdraws one's pledge while the campaign is live; its authorisation is voided.
    pub async fn cancel_pledge(&self, actor: &User, id: CampaignId) -> Result<(), CampaignsError> {
        let record = self.visible_campaign(Some(actor), id).await?;
        let now = self.clock.now();
        let (pledge, authorisation) = self
            .store
            .cancel_pledge(id, actor.id, now, |campaign, existing| {
                plan_cancel(campaign, existing, now).map_err(CampaignsError::from)
            })
            .await?;
        self.payments(record.campaign.provider).void(&void(authorisation, pledge.amount), now).await?;
        Ok(())
    }

    /// Records the bank transfer received for a pledge of a successful bank-transfer campaign (admins):
    /// exactly the amount pledged, with the payment's reference, once. The pledge is captured at
    /// once (its ledger transaction posted) and the campaign paid out when nothing else is due.
    pub async fn record_pledge_receipt(
        &self,
        admin: &User,
        pledge: PledgeId,
        amount_minor: Option<i64>,
        currency: &str,
        reference: &str,
    ) -> Result<CampaignId, CampaignsError> {
        if admin.role != Role::Admin {
            return Err(CampaignsError::Forbidden);
        }
        let mut errors = FieldErrors::new();
        let reference = errors.check("reference", ideaforge_domain::challenge::PaymentReference::parse(reference));
        let currency = errors.check("currency", Currency::parse(currency));
        let received = errors.check("amount", positive_amount(amount_minor, currency)).flatten();
        let (Some(received), Some(reference)) = (received, reference) else {
            return Err(CampaignsError::Invalid(errors));
        };
        let now = self.clock.now();
        let id = self
            .store
            .record_pledge_receipt(pledge, reference.as_str(), admin.id, now, |campaign, current, has_receipt| {
                check_receipt(campaign, current, has_receipt, received).map_err(|refused| match refused {
                    ReceiptRefused::WrongAmount => invalid("amount", Invalid::Mismatch),
                    ReceiptRefused::NotDue => CampaignsError::Refused("not_due"),
                    ReceiptRefused::NotAwaited => CampaignsError::Refused("not_awaited"),
                })
            })
            .await?;
        self.settle_campaigns().await?;
        Ok(id)
    }

    /// The campaign a pledge belongs to, for admins recording its bank transfer.
    pub async fn pledge_campaign(&self, admin: &User, pledge: PledgeId) -> Result<CampaignId, CampaignsError> {
        if admin.role != Role::Admin {
            return Err(CampaignsError::Forbidden);
        }
        self.store.campaign_of_pledge(pledge).await?.ok_or(CampaignsError::NotFound)
    }

    /// The member's pledges, newest first.
    pub async fn my_pledges(&self, actor: &User) -> Result<Vec<BackerPledge>, CampaignsError> {
        Ok(self.store.pledges_of(actor.id).await?)
    }
}

/// Voiding an authorisation: one key per authorisation, so voiding it again changes nothing.
pub(super) fn void(authorisation: String, amount: Money) -> Charge {
    Charge { key: format!("void:{authorisation}"), authorisation, amount }
}

fn invalid(field: &'static str, why: Invalid) -> CampaignsError {
    let mut errors = FieldErrors::new();
    errors.add(field, why);
    CampaignsError::Invalid(errors)
}

#[cfg(test)]
mod edit_tests;
#[cfg(test)]
mod provider_tests;
#[cfg(test)]
mod tests;
