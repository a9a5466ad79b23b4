//! Administration (admins only): finding members, suspending and reinstating them, changing their
//! role, managed categories, and the audit log of every admin and moderator action, on pages and
//! through the API.

pub mod api;
pub mod categories;
pub mod html;
mod views;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::routes::Pages;
use crate::state::AppState;

/// The pages.
pub fn pages() -> Pages {
    Pages::new()
        .get("/admin/users", html::show_members)
        .get("/admin/users/{id}", html::show_member)
        .post("/admin/users/{id}/suspend", html::suspend_member)
        .post("/admin/users/{id}/reinstate", html::reinstate_member)
        .post("/admin/users/{id}/role", html::change_role)
        .get("/admin/audit", html::show_audit)
        .get("/admin/categories", categories::show_categories)
        .post("/admin/categories", categories::create_category)
        .post("/admin/categories/{slug}/rename", categories::rename_category)
        .post("/admin/categories/{slug}/retire", categories::retire_category)
        .post("/admin/categories/{slug}/restore", categories::restore_category)
}

/// The JSON API, mounted under `/api/v1`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::find_members))
        .routes(routes!(api::show_member))
        .routes(routes!(api::suspend_member, api::reinstate_member))
        .routes(routes!(api::change_role))
        .routes(routes!(api::audit_log))
        .routes(routes!(categories::offered_categories))
        .routes(routes!(categories::all_categories, categories::create_category_api))
        .routes(routes!(categories::rename_category_api))
        .routes(routes!(categories::retire_category_api, categories::restore_category_api))
}

/// A `before` cursor as typed: a positive entry id, or none (the newest page).
fn before(raw: &str) -> Result<Option<i64>, ideaforge_domain::Invalid> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse::<i64>().ok().filter(|id| *id > 0).map(Some).ok_or(ideaforge_domain::Invalid::Malformed)
}
