//! The site itself: the home page, health and readiness, and the API's OpenAPI document.

pub mod health;
pub mod home;
pub mod openapi;
pub mod views;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::routes::Pages;
use crate::state::AppState;

/// The pages (HTML forms and views).
pub fn pages() -> Pages {
    Pages::new().get("/", home::show_home).get("/healthz", health::show_health).get("/readyz", health::show_readiness)
}

/// The JSON API, mounted under `/api/v1`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(openapi::show_openapi))
}
