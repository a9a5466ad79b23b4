//! Notifications: the list, delivery choices, one-click unsubscribe, and the admins' view of
//! undelivered mail.

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
        .route("/notifications", get(handlers::show_notifications))
        .route("/notifications/preferences", post(handlers::set_delivery))
        .route("/notifications/read", post(handlers::mark_read))
        .route("/unsubscribe", get(handlers::show_unsubscribe).post(handlers::unsubscribe))
        .route("/admin/mail", get(handlers::show_failed_mail))
        .route("/admin/mail/{id}/retry", post(handlers::retry_mail))
}

/// The JSON API, mounted under `/api/v1`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(handlers::api_notifications, handlers::api_set_delivery))
        .routes(routes!(handlers::api_mark_read))
}
