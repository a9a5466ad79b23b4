//! The home page.

use axum::extract::State;
use ideaforge_app::ChallengeListFilter;
use ideaforge_domain::campaign::CampaignStatus;
use ideaforge_domain::challenge::Status;
use maud::Markup;

use crate::components::Chrome;
use crate::error::WebError;
use crate::session::PageCtx;
use crate::state::AppState;

/// How many of each kind the front door shows.
const SHOWN: usize = 3;

/// `GET /`: the front door. What is open now (contests, challenges with their awards, live
/// campaigns) with counts and time left, and for a member a short dashboard of their own.
pub async fn show_home(State(state): State<AppState>, ctx: PageCtx) -> Result<Markup, WebError> {
    let contests = state.app.public_contests(SHOWN as u64).await?;
    let public_contests = state.app.public_contest_count().await?;
    let open = ChallengeListFilter { status: Some(Status::Open), ..ChallengeListFilter::default() };
    let challenges = state.app.list_challenges(&open).await?;
    let campaigns = state.app.campaign_lists(None).await?.public;
    let dashboard = match &ctx.user {
        Some(user) => Some(state.app.dashboard(user).await?),
        None => None,
    };
    let chosen = state.app.chosen_ideas(SHOWN as u64).await?;
    let front = super::views::Front {
        open_challenges: challenges.len(),
        challenges: challenges.into_iter().take(SHOWN).collect(),
        live_campaigns: campaigns.iter().filter(|c| c.status == CampaignStatus::Live).count(),
        campaigns: campaigns.into_iter().filter(|c| c.status == CampaignStatus::Live).take(SHOWN).collect(),
        public_contests: usize::try_from(public_contests).unwrap_or(usize::MAX),
        contests,
        chosen,
        dashboard,
    };
    Ok(super::views::page(&Chrome::from(&ctx), &front))
}
