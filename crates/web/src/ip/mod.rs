//! The IP register: record pages with the content check, the chain's verification, influence
//! shares, revenue and royalty statements.

pub mod handlers;
pub mod views;

use axum::Router;
use axum::routing::{get, post, put};

use crate::state::AppState;

/// The pages (HTML forms and views).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/ip/records/{seq}", get(handlers::show_record))
        .route("/ip/records/{seq}/check", post(handlers::check_record))
        .route("/ideas/{id}/shares", post(handlers::set_shares))
        .route("/ideas/{id}/royalties", post(handlers::record_revenue))
        .route("/me/royalties", get(handlers::show_royalties))
}

/// The JSON API, mounted under `/api/v1`.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/ip/verify", get(handlers::api_verify))
        .route("/ip/records", get(handlers::api_records))
        .route("/ip/records/{seq}", get(handlers::api_record))
        .route("/ip/records/{seq}/check", post(handlers::api_check))
        .route("/ideas/{id}/shares", put(handlers::api_set_shares))
        .route("/ideas/{id}/royalties", post(handlers::api_record_revenue))
        .route("/me/royalties", get(handlers::api_royalties))
}
