//! Search and similar ideas, as pages, htmx fragments and JSON.

pub mod handlers;
pub mod views;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::routes::Pages;
use crate::state::AppState;

/// The pages (HTML forms and views).
pub fn pages() -> Pages {
    Pages::new().get("/ideas/similar", handlers::show_similar).get("/search", handlers::show_search)
}

/// The JSON API, mounted under `/api/v1`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(handlers::api_similar)).routes(routes!(handlers::api_search))
}
