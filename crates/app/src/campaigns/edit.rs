//! Changing a campaign's terms: its managers change anything before launch (a campaign in review
//! goes back to draft for a new approval), and once live only its texts and tiers, as the domain's
//! `plan_edit` allows.

use ideaforge_domain::campaign::{CampaignInput, CampaignStatus, CampaignTerms, EditRefused, plan_edit};
use ideaforge_domain::{CampaignId, TierId, User};

use super::{CampaignsError, invalid};
use crate::App;

impl App {
    /// Changes a campaign's terms to `input`, whose tiers are matched with `tier_ids` (`None` for a
    /// new tier; an existing tier left out is removed). Returns the campaign's status after it.
    pub async fn edit_campaign(
        &self,
        actor: &User,
        id: CampaignId,
        input: &CampaignInput<'_>,
        tier_ids: &[Option<TierId>],
    ) -> Result<CampaignStatus, CampaignsError> {
        let record = self.visible_campaign(Some(actor), id).await?;
        let who = self.campaign_actor(actor, &record).await?;
        if !who.manages() {
            // Refused before its fields are read (decided again under the lock).
            return Err(CampaignsError::Forbidden);
        }
        let now = self.clock.now();
        let rules = self.funding_rules();
        let terms = CampaignTerms::parse_keeping(input, &rules, now, Some(record.campaign.deadline))
            .map_err(CampaignsError::Invalid)?;
        let edited = self
            .store
            .edit_campaign(id, actor.id, now, |campaign, tiers| {
                plan_edit(campaign, tiers, who, &terms, tier_ids, now).map_err(|refused| match refused {
                    EditRefused::Campaign(refused) => CampaignsError::from(refused),
                    EditRefused::Tier { why, .. } => invalid("tiers", why),
                })
            })
            .await?;
        Ok(edited.status)
    }
}
