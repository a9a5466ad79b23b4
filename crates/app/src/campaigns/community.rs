//! What surrounds campaigns as people use it: the lists that find them, the funding part of an
//! idea's page (its campaigns, the interest members registered, whether its managers may start
//! one), updates and backers' comments under them, and what the organization reads about its
//! backers (the CSV rows).

use ideaforge_domain::campaign::{Audience, CampaignStatus, NewUpdate, Reader, parse_interest, takes_interest};
use ideaforge_domain::comment::CommentBody;
use ideaforge_domain::idea::Stage;
use ideaforge_domain::money::Money;
use ideaforge_domain::org::OrgRole;
use ideaforge_domain::{CampaignId, FieldErrors, IdeaId, Role, User};
use ideaforge_store::{BackerRow, CampaignCard, CampaignRecord, CampaignScope};

use super::CampaignsError;
use crate::App;

/// How many campaigns a list shows.
const LIST_LIMIT: u64 = 100;

/// The campaigns page: public ones, and for those who prepare or review them, theirs.
#[derive(Clone, Debug, Default)]
pub struct CampaignLists {
    /// Launched campaigns: live first, then finished ones.
    pub public: Vec<CampaignCard>,
    /// Campaigns of the viewer's organizations that are not launched yet.
    pub preparing: Vec<CampaignCard>,
    /// Campaigns waiting for a moderator (moderators outside their organizations).
    pub awaiting_approval: Vec<CampaignCard>,
}

/// The funding part of an idea's page.
#[derive(Clone, Debug, Default)]
pub struct IdeaFunding {
    /// Its campaigns the viewer may see.
    pub campaigns: Vec<CampaignCard>,
    /// Whether members may still say they would back it.
    pub takes_interest: bool,
    /// What the viewer said they would pledge.
    pub my_interest: Option<Money>,
    /// The demand registered (per currency: sum and members), for its contest's managers.
    pub demand: Option<Vec<(Money, u32)>>,
    /// The organization (its slug) whose managers may start a campaign for it now.
    pub may_start: Option<String>,
}

impl App {
    /// The campaigns page for the viewer.
    pub async fn campaign_lists(&self, viewer: Option<&User>) -> Result<CampaignLists, CampaignsError> {
        let public = self.store.campaign_cards(&CampaignScope::Public, LIST_LIMIT).await?;
        let Some(user) = viewer else { return Ok(CampaignLists { public, ..CampaignLists::default() }) };
        let orgs = self.store.orgs_of(user.id).await?;
        let managed = orgs.iter().filter(|(_, role)| role.can_manage()).map(|(org, _)| org.id).collect::<Vec<_>>();
        let preparing = if managed.is_empty() {
            Vec::new()
        } else {
            self.store.campaign_cards(&CampaignScope::Preparing(managed), LIST_LIMIT).await?
        };
        let awaiting_approval = if user.role.can_moderate() {
            let waiting = self.store.campaign_cards(&CampaignScope::AwaitingApproval, LIST_LIMIT).await?;
            // Nobody reviews their own organization's campaign.
            waiting.into_iter().filter(|c| !orgs.iter().any(|(org, _)| org.id == c.org)).collect()
        } else {
            Vec::new()
        };
        Ok(CampaignLists { public, preparing, awaiting_approval })
    }

    /// The funding part of an idea's page (the idea is one the viewer may see).
    pub async fn idea_funding(&self, viewer: Option<&User>, idea: IdeaId) -> Result<IdeaFunding, CampaignsError> {
        let found = self.store.idea(idea).await?.ok_or(CampaignsError::NotFound)?;
        let org = match found.contest {
            Some(contest) => self.store.contest(contest).await?.map(|c| c.org),
            None => None,
        };
        let role = match (viewer, &org) {
            (Some(user), Some(org)) => self.store.org_role(org.id, user.id).await?,
            _ => None,
        };
        let manages = role.is_some_and(OrgRole::can_manage);
        let all = self.store.campaign_cards(&CampaignScope::OfIdea(idea), LIST_LIMIT).await?;
        let admin = viewer.is_some_and(|u| u.role == Role::Admin);
        let campaigns = all
            .into_iter()
            .filter(|c| {
                matches!(c.status, CampaignStatus::Live | CampaignStatus::Succeeded | CampaignStatus::Failed)
                    || role.is_some()
                    || admin
            })
            .collect();
        let my_interest = match viewer {
            Some(user) => self.store.interest_of(idea, user.id).await?,
            None => None,
        };
        let demand = if manages || admin { Some(self.store.interest_totals(idea).await?) } else { None };
        let fundable = matches!(found.stage, Stage::Selected | Stage::InDevelopment);
        let may_start = org.filter(|_| manages && fundable).map(|org| org.slug.as_str().to_owned());
        Ok(IdeaFunding { campaigns, takes_interest: takes_interest(found.stage), my_interest, demand, may_start })
    }

    /// Registers what the actor would pledge for an idea ("I would back this at about X"; never
    /// money), or changes it; `None` withdraws it.
    pub async fn set_interest(
        &self,
        actor: &User,
        idea: IdeaId,
        amount: Option<(Option<i64>, &str)>,
    ) -> Result<Option<Money>, CampaignsError> {
        self.visible_idea(Some(actor), idea).await.map_err(|_| CampaignsError::NotFound)?;
        let found = self.store.idea(idea).await?.ok_or(CampaignsError::NotFound)?;
        let Some((minor, currency)) = amount else {
            self.store.clear_interest(idea, actor.id).await?;
            return Ok(None);
        };
        let money = parse_interest(minor, currency).map_err(CampaignsError::Invalid)?;
        if !takes_interest(found.stage) {
            return Err(CampaignsError::Refused("wrong_stage"));
        }
        self.store.set_interest(idea, actor.id, money, self.clock.now()).await?;
        Ok(Some(money))
    }

    /// How a reader stands to a campaign, for its updates.
    pub(super) async fn reader(
        &self,
        viewer: Option<&User>,
        record: &CampaignRecord,
    ) -> Result<Reader, CampaignsError> {
        let Some(user) = viewer else {
            return Ok(Reader { manages: false, member: false, backer: false, admin: false });
        };
        let role = self.store.org_role(record.campaign.org, user.id).await?;
        Ok(Reader {
            manages: role.is_some_and(OrgRole::can_manage),
            member: role.is_some(),
            backer: self.store.backs(record.campaign.id, user.id).await?,
            admin: user.role == Role::Admin,
        })
    }

    /// Posts an update to a campaign (its managers); every backer hears of it.
    pub async fn post_update(
        &self,
        actor: &User,
        id: CampaignId,
        title: &str,
        body: &str,
        audience: &str,
    ) -> Result<i64, CampaignsError> {
        let record = self.visible_campaign(Some(actor), id).await?;
        if !self.reader(Some(actor), &record).await?.may_post() {
            return Err(CampaignsError::Forbidden);
        }
        let update = NewUpdate::parse(title, body, audience).map_err(CampaignsError::Invalid)?;
        if !record.campaign.is_public() {
            return Err(CampaignsError::Refused("not_launched"));
        }
        Ok(self.store.post_update(id, actor.id, &update, self.clock.now()).await?)
    }

    /// Comments under an update: its backers and the campaign's organization.
    pub async fn comment_update(&self, actor: &User, update: i64, body: &str) -> Result<CampaignId, CampaignsError> {
        let (id, audience) = self.store.update_of(update).await?.ok_or(CampaignsError::NotFound)?;
        let record = self.visible_campaign(Some(actor), id).await?;
        let reader = self.reader(Some(actor), &record).await?;
        if !reader.may_read(audience) {
            return Err(CampaignsError::NotFound);
        }
        if !reader.may_comment() {
            return Err(CampaignsError::Forbidden);
        }
        let body = CommentBody::parse(body).map_err(|why| {
            let mut errors = FieldErrors::new();
            errors.add("body", why);
            CampaignsError::Invalid(errors)
        })?;
        self.store.comment_update(update, actor.id, &body, self.clock.now()).await?;
        Ok(id)
    }

    /// Every pledge to a campaign with the backer's name and address, for its managers' CSV.
    pub async fn backer_rows(&self, actor: &User, id: CampaignId) -> Result<Vec<BackerRow>, CampaignsError> {
        let record = self.visible_campaign(Some(actor), id).await?;
        if !self.reader(Some(actor), &record).await?.manages {
            return Err(CampaignsError::Forbidden);
        }
        Ok(self.store.backer_rows(id).await?)
    }

    /// The campaign an update belongs to.
    pub async fn update_campaign(&self, update: i64) -> Result<CampaignId, CampaignsError> {
        Ok(self.store.update_of(update).await?.ok_or(CampaignsError::NotFound)?.0)
    }

    /// Checks a campaign's terms as they would be created now, naming every refused field.
    pub fn check_campaign(&self, input: &ideaforge_domain::campaign::CampaignInput<'_>) -> Result<(), FieldErrors> {
        ideaforge_domain::campaign::CampaignTerms::parse(input, &self.funding.rules(), self.clock.now()).map(|_| ())
    }

    /// The audiences of updates a reader sees.
    pub(super) fn audiences(reader: Reader) -> &'static [Audience] {
        if reader.may_read(Audience::Backers) { &[Audience::Public, Audience::Backers] } else { &[Audience::Public] }
    }
}
