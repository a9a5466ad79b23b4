//! The IP register: record pages with the content check, the chain's verification, influence
//! shares, revenue and royalty statements.

pub mod api;
pub mod handlers;
pub mod views;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::routes::Pages;
use crate::state::AppState;

/// The pages (HTML forms and views).
pub fn pages() -> Pages {
    Pages::new()
        .get("/ip/records/{seq}", handlers::show_record)
        .post("/ip/records/{seq}/check", handlers::check_record)
        .post("/ideas/{id}/shares", handlers::set_shares)
        .post("/ideas/{id}/royalties", handlers::record_revenue)
        .post("/royalty-statements/{id}/receipt", handlers::record_receipt)
        .get("/me/royalties", handlers::show_royalties)
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
