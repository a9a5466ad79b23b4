//! An organization's webhooks: its owners and managers register endpoints, read their delivery
//! log, send a delivery again and rotate secrets, on pages and through the API.

pub mod api;
pub mod html;
mod views;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::routes::Pages;
use crate::state::AppState;

/// The pages.
pub fn pages() -> Pages {
    Pages::new()
        .get("/orgs/{slug}/webhooks", html::show_webhooks)
        .post("/orgs/{slug}/webhooks", html::create_webhook)
        .get("/orgs/{slug}/webhooks/{id}", html::show_webhook)
        .post("/orgs/{slug}/webhooks/{id}", html::update_webhook)
        .post("/orgs/{slug}/webhooks/{id}/rotate", html::rotate_secret)
        .post("/orgs/{slug}/webhooks/{id}/delete", html::delete_webhook)
        .post("/orgs/{slug}/webhooks/{id}/deliveries/{delivery}/resend", html::resend_delivery)
}

/// The JSON API, mounted under `/api/v1`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::list_webhooks, api::create_webhook))
        .routes(routes!(api::show_webhook, api::update_webhook, api::delete_webhook))
        .routes(routes!(api::rotate_secret))
        .routes(routes!(api::list_deliveries))
        .routes(routes!(api::resend_delivery))
}
