//! Funding campaigns: the JSON API (creating, moving, reading a campaign; pledging, changing and
//! withdrawing a pledge; one's own pledges) and a campaign's page with its pledge form. A form to
//! create campaigns comes with the rest of the campaign work.

pub mod api;
pub mod html;
pub mod views;

use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// The pages.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/campaigns/{id}", get(html::show_campaign))
        .route("/campaigns/{id}/pledge", post(html::pledge))
        .route("/campaigns/{id}/pledge/withdraw", post(html::withdraw))
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
