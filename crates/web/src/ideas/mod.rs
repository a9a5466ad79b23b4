//! Ideas: submitting and editing, their pages and history, votes, comments, stage moves and
//! following; the rights and funding sections of an idea's page.

pub mod api;
pub mod funding;
pub mod html;
pub mod rights;
pub mod views;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::routes::Pages;
use crate::state::AppState;

/// The pages (HTML forms and views).
pub fn pages() -> Pages {
    Pages::new()
        .get("/ideas", html::list_open_ideas)
        .post("/ideas", html::create_idea)
        .get("/ideas/new", html::show_new_idea)
        .get("/me/ideas", html::show_my_ideas)
        .get("/ideas/{id}", html::show_idea)
        .get("/ideas/{id}/edit", html::show_edit_idea)
        .post("/ideas/{id}/edit", html::edit_idea)
        .get("/ideas/{id}/history", html::show_history)
        .post("/ideas/{id}/vote", html::vote)
        .post("/ideas/{id}/stage", html::move_stage)
        .post("/ideas/{id}/comments", html::post_comment)
        .post("/ideas/{id}/follow", html::follow_idea)
        .post("/ideas/{id}/interest", funding::register_interest)
        .post("/comments/{id}/edit", html::edit_comment)
        .post("/comments/{id}/delete", html::delete_comment)
        .post("/comments/{id}/flag", html::flag_comment)
        .post("/comments/{id}/moderate", html::moderate_comment)
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
