//! Organizations and idea contests: creating them, their pages and lists, approval and moderation.

pub mod api;
pub mod html;
pub mod views;

use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// The pages (HTML forms and views).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/orgs", post(html::create_org))
        .route("/orgs/new", get(html::show_new_org))
        .route("/orgs/{slug}", get(html::show_org))
        .route("/orgs/{slug}/members", post(html::set_org_member))
        .route("/orgs/{slug}/contests", post(html::create_contest))
        .route("/orgs/{slug}/contests/new", get(html::show_new_contest))
        .route("/contests", get(html::list_contests))
        .route("/contests/{id}", get(html::show_contest))
        .route("/contests/{id}/approve", post(html::approve_contest))
        .route("/contests/{id}/follow", post(html::follow_contest))
        .route("/moderation", get(html::show_moderation))
}

/// The JSON API, mounted under `/api/v1`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::create_org))
        .routes(routes!(api::set_org_member))
        .routes(routes!(api::create_contest))
        .routes(routes!(api::show_contest))
        .routes(routes!(api::approve_contest))
}
