//! The IP register: record pages with the content check, the chain's verification, influence
//! shares, revenue and royalty statements.

pub mod api;
pub mod handlers;
pub mod views;

use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// The pages (HTML forms and views).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/ip/records/{seq}", get(handlers::show_record))
        .route("/ip/records/{seq}/check", post(handlers::check_record))
        .route("/ideas/{id}/shares", post(handlers::set_shares))
        .route("/ideas/{id}/royalties", post(handlers::record_revenue))
        .route("/royalty-statements/{id}/receipt", post(handlers::record_receipt))
        .route("/me/royalties", get(handlers::show_royalties))
}

/// The JSON API, mounted under `/api/v1`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::verify_chain))
        .routes(routes!(api::list_records))
        .routes(routes!(api::show_record))
        .routes(routes!(api::check_record))
        .routes(routes!(api::set_shares))
        .routes(routes!(api::record_revenue))
        .routes(routes!(api::list_statements))
        .routes(routes!(api::record_receipt))
        .routes(routes!(api::show_royalties))
}
