//! Search and similar ideas, as pages, htmx fragments and JSON.

pub mod handlers;
pub mod views;

use axum::Router;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// The pages (HTML forms and views).
pub fn pages() -> Router<AppState> {
    Router::new().route("/ideas/similar", get(handlers::show_similar)).route("/search", get(handlers::show_search))
}

/// The JSON API, mounted under `/api/v1`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(handlers::api_similar)).routes(routes!(handlers::api_search))
}
