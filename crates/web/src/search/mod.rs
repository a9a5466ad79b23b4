//! Search and similar ideas, as pages, htmx fragments and JSON.

pub mod handlers;
pub mod views;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;

/// The pages (HTML forms and views).
pub fn pages() -> Router<AppState> {
    Router::new().route("/ideas/similar", get(handlers::show_similar)).route("/search", get(handlers::show_search))
}

/// The JSON API, mounted under `/api/v1`.
pub fn api() -> Router<AppState> {
    Router::new().route("/ideas/similar", get(handlers::api_similar)).route("/search", get(handlers::api_search))
}
