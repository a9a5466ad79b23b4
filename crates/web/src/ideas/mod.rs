//! Ideas: submitting and editing, their pages and history, votes, comments, stage moves and
//! following; the rights and funding sections of an idea's page.

pub mod api;
pub mod funding;
pub mod html;
pub mod rights;
pub mod views;

use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// The pages (HTML forms and views).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/ideas", get(html::list_open_ideas).post(html::create_idea))
        .route("/ideas/new", get(html::show_new_idea))
        .route("/ideas/{id}", get(html::show_idea))
        .route("/ideas/{id}/edit", get(html::show_edit_idea).post(html::edit_idea))
        .route("/ideas/{id}/history", get(html::show_history))
        .route("/ideas/{id}/vote", post(html::vote))
        .route("/ideas/{id}/stage", post(html::move_stage))
        .route("/ideas/{id}/comments", post(html::post_comment))
        .route("/ideas/{id}/follow", post(html::follow_idea))
        .route("/ideas/{id}/interest", post(funding::register_interest))
        .route("/comments/{id}/edit", post(html::edit_comment))
        .route("/comments/{id}/delete", post(html::delete_comment))
        .route("/comments/{id}/flag", post(html::flag_comment))
        .route("/comments/{id}/moderate", post(html::moderate_comment))
}

/// The JSON API, mounted under `/api/v1`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::create_idea, api::list_ideas))
        .routes(routes!(api::show_idea))
        .routes(routes!(api::cast_vote, api::withdraw_vote))
        .routes(routes!(api::create_comment))
        .routes(routes!(api::move_stage))
}
