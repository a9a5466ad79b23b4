//! Organizations and idea contests: creating them, their pages and lists, approval and moderation.

pub mod api;
pub mod export;
pub mod html;
pub mod pictures;
pub mod views;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::routes::Pages;
use crate::state::AppState;

/// The pages (HTML forms and views).
pub fn pages() -> Pages {
    Pages::new()
        .post("/orgs", html::create_org)
        .get("/orgs/new", html::show_new_org)
        .get("/orgs/{slug}", html::show_org)
        .post("/orgs/{slug}/members", html::set_org_member)
        .post("/orgs/{slug}/contests", html::create_contest)
        .get("/orgs/{slug}/contests/new", html::show_new_contest)
        .get("/contests", html::list_contests)
        .get("/contests/{id}", html::show_contest)
        .post("/contests/{id}/approve", html::approve_contest)
        .post("/contests/{id}/follow", html::follow_contest)
        .post_upload("/orgs/{slug}/picture", pictures::upload_org_logo, pictures::UPLOAD_LIMIT)
        .post_upload("/contests/{id}/picture", pictures::upload_contest_cover, pictures::UPLOAD_LIMIT)
        .get("/pictures/{name}", pictures::serve_picture)
        .get("/moderation", html::show_moderation)
}

/// The JSON API, mounted under `/api/v1`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::create_org))
        .routes(routes!(api::set_org_member))
        .routes(routes!(api::create_contest))
        .routes(routes!(api::show_contest))
        .routes(routes!(api::approve_contest))
        .routes(routes!(export::ideas_csv))
        .routes(routes!(export::ideas_jsonl))
}
