//! Bounty challenges: drafting, review, escrow, agreements, solutions, judging, awards, questions
//! and payouts.

pub mod api;
pub mod bodies;
pub mod html;
pub mod sealed;
pub mod solutions;
pub mod solutions_api;
pub mod views;

use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// The pages (HTML forms and views).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/orgs/{slug}/challenges", post(html::create_challenge))
        .route("/orgs/{slug}/challenges/new", get(html::show_new_challenge))
        .route("/challenges", get(html::list_challenges))
        .route("/challenges/{id}", get(html::show_challenge))
        .route("/challenges/{id}/edit", get(html::show_edit_challenge).post(html::edit_challenge))
        .route("/challenges/{id}/submit", post(html::submit_challenge))
        .route("/challenges/{id}/approve", post(html::approve_challenge))
        .route("/challenges/{id}/close", post(html::close_challenge))
        .route("/challenges/{id}/cancel", post(html::cancel_challenge))
        .route("/challenges/{id}/escrow", post(html::record_escrow))
        .route("/challenges/{id}/agreement", get(solutions::show_agreement).post(solutions::accept_agreement))
        .route("/challenges/{id}/solutions", post(solutions::submit_solution))
        .route("/challenges/{id}/solutions/new", get(solutions::show_new_solution))
        .route("/challenges/{id}/board", get(solutions::show_board))
        .route("/challenges/{id}/awards", post(solutions::award_solution))
        .route("/challenges/{id}/questions", post(html::ask_question))
        .route("/questions/{id}/answer", post(html::answer_question))
        .route("/solutions/{id}", get(solutions::show_solution).post(solutions::revise_solution))
        .route("/solutions/{id}/edit", get(solutions::show_edit_solution))
        .route("/solutions/{id}/scores", post(solutions::score_solution))
        .route("/solutions/{id}/open", post(sealed::open_solution))
        .route("/seeker", get(html::show_dashboard))
        .route("/me/solutions", get(solutions::show_my_solutions))
        .route("/admin/money", get(html::show_admin_money))
        .route("/admin/payouts", post(html::record_payout))
}

/// The JSON API, mounted under `/api/v1`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::create_challenge, api::list_challenges))
        .routes(routes!(api::show_challenge, api::edit_challenge))
        .routes(routes!(api::submit_challenge))
        .routes(routes!(api::approve_challenge))
        .routes(routes!(api::record_escrow))
        .routes(routes!(solutions_api::show_agreement, solutions_api::accept_agreement))
        .routes(routes!(solutions_api::submit_solution, solutions_api::list_solutions))
        .routes(routes!(solutions_api::show_board))
        .routes(routes!(solutions_api::award_solution))
        .routes(routes!(api::close_challenge))
        .routes(routes!(api::cancel_challenge))
        .routes(routes!(api::ask_question))
        .routes(routes!(api::answer_question))
        .routes(routes!(solutions_api::show_solution, solutions_api::revise_solution))
        .routes(routes!(solutions_api::score_solution))
        .routes(routes!(sealed::api_open_solution))
        .routes(routes!(api::show_balance))
        .routes(routes!(solutions_api::my_solutions))
        .routes(routes!(api::record_payout))
        .routes(routes!(api::escrow_overview))
}
