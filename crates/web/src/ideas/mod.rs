//! Ideas: submitting and editing, their pages and history, votes, comments, stage moves and
//! following; the rights section of an idea's page.

pub mod api;
pub mod html;
pub mod rights;
pub mod views;

use axum::Router;
use axum::routing::{get, post, put};

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
        .route("/comments/{id}/edit", post(html::edit_comment))
        .route("/comments/{id}/delete", post(html::delete_comment))
        .route("/comments/{id}/flag", post(html::flag_comment))
        .route("/comments/{id}/moderate", post(html::moderate_comment))
}

/// The JSON API, mounted under `/api/v1`.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/ideas", post(api::create_idea).get(api::list_ideas))
        .route("/ideas/{id}", get(api::show_idea))
        .route("/ideas/{id}/vote", put(api::cast_vote).delete(api::withdraw_vote))
        .route("/ideas/{id}/comments", post(api::create_comment))
        .route("/ideas/{id}/stage", post(api::move_stage))
}
