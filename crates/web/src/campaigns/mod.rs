//! Funding campaigns: the JSON API (creating, moving, reading a campaign; pledging, changing and
//! withdrawing a pledge; one's own pledges) and a campaign's read-only page. Forms to create and
//! pledge come with the rest of the campaign work.

pub mod api;
pub mod views;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ideaforge_domain::CampaignId;

use crate::components::Chrome;
use crate::error::WebError;
use crate::extract::Path;
use crate::session::PageCtx;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// The pages.
pub fn pages() -> Router<AppState> {
    Router::new().route("/campaigns/{id}", get(show_campaign))
}

/// `GET /campaigns/{id}`
async fn show_campaign(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<CampaignId>,
) -> Result<Response, WebError> {
    let view = state.app.campaign_page(ctx.user.as_ref(), id).await?;
    Ok(views::campaign_page(&Chrome::from(&ctx), &view).into_response())
}

/// The JSON API, mounted under `/api/v1`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::create_campaign))
        .routes(routes!(api::show_campaign))
        .routes(routes!(api::submit_campaign))
        .routes(routes!(api::approve_campaign))
        .routes(routes!(api::launch_campaign))
        .routes(routes!(api::cancel_campaign))
        .routes(routes!(api::pledge, api::withdraw_pledge))
        .routes(routes!(api::my_pledges))
}
