//! Notifications: the list, delivery choices, one-click unsubscribe, and the admins' view of
//! undelivered mail.

pub mod handlers;
pub mod views;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::routes::Pages;
use crate::state::AppState;

/// The pages (HTML forms and views).
pub fn pages() -> Pages {
    Pages::new()
        .get("/notifications", handlers::show_notifications)
        .post("/notifications/preferences", handlers::set_delivery)
        .post("/notifications/read", handlers::mark_read)
        .get("/unsubscribe", handlers::show_unsubscribe)
        .post("/unsubscribe", handlers::unsubscribe)
        .get("/admin/mail", handlers::show_failed_mail)
        .post("/admin/mail/{id}/retry", handlers::retry_mail)
}

/// The JSON API, mounted under `/api/v1`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(handlers::api_notifications, handlers::api_set_delivery))
        .routes(routes!(handlers::api_mark_read))
}
