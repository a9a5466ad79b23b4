//! Bounty challenges: drafting, review, escrow, agreements, solutions, judging, awards, questions
//! and payouts.

pub mod api;
pub mod html;
pub mod solutions;
pub mod solutions_api;
pub mod views;

use axum::Router;
use axum::routing::{get, post};

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
        .route("/seeker", get(html::show_dashboard))
        .route("/me/solutions", get(solutions::show_my_solutions))
        .route("/admin/money", get(html::show_admin_money))
        .route("/admin/payouts", post(html::record_payout))
}

/// The JSON API, mounted under `/api/v1`.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/challenges", post(api::create_challenge).get(api::list_challenges))
        .route("/challenges/{id}", get(api::show_challenge).put(api::edit_challenge))
        .route("/challenges/{id}/submit", post(api::submit_challenge))
        .route("/challenges/{id}/approve", post(api::approve_challenge))
        .route("/challenges/{id}/escrow", post(api::record_escrow))
        .route("/challenges/{id}/agreement", get(solutions_api::show_agreement).post(solutions_api::accept_agreement))
        .route("/challenges/{id}/solutions", post(solutions_api::submit_solution).get(solutions_api::list_solutions))
        .route("/challenges/{id}/board", get(solutions_api::show_board))
        .route("/challenges/{id}/awards", post(solutions_api::award_solution))
        .route("/challenges/{id}/close", post(api::close_challenge))
        .route("/challenges/{id}/cancel", post(api::cancel_challenge))
        .route("/challenges/{id}/questions", post(api::ask_question))
        .route("/questions/{id}/answer", post(api::answer_question))
        .route("/solutions/{id}", get(solutions_api::show_solution).put(solutions_api::revise_solution))
        .route("/solutions/{id}/scores", post(solutions_api::score_solution))
        .route("/me/balance", get(api::show_balance))
        .route("/me/solutions", get(solutions_api::my_solutions))
        .route("/payouts", post(api::record_payout))
        .route("/admin/escrow", get(api::escrow_overview))
}
