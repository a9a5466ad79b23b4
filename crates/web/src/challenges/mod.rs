//! Bounty challenges: drafting, review, escrow, agreements, solutions, judging, awards, questions and payouts.

pub mod api;
pub mod html;
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
        .route("/challenges/{id}/agreement", get(html::show_agreement).post(html::accept_agreement))
        .route("/challenges/{id}/solutions", post(html::submit_solution))
        .route("/challenges/{id}/solutions/new", get(html::show_new_solution))
        .route("/challenges/{id}/board", get(html::show_board))
        .route("/challenges/{id}/awards", post(html::award_solution))
        .route("/challenges/{id}/questions", post(html::ask_question))
        .route("/questions/{id}/answer", post(html::answer_question))
        .route("/solutions/{id}", get(html::show_solution).post(html::revise_solution))
        .route("/solutions/{id}/edit", get(html::show_edit_solution))
        .route("/solutions/{id}/scores", post(html::score_solution))
        .route("/seeker", get(html::show_dashboard))
        .route("/me/solutions", get(html::show_my_solutions))
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
        .route("/challenges/{id}/agreement", get(api::show_agreement).post(api::accept_agreement))
        .route("/challenges/{id}/solutions", post(api::submit_solution).get(api::list_solutions))
        .route("/challenges/{id}/board", get(api::show_board))
        .route("/challenges/{id}/awards", post(api::award_solution))
        .route("/challenges/{id}/close", post(api::close_challenge))
        .route("/challenges/{id}/cancel", post(api::cancel_challenge))
        .route("/challenges/{id}/questions", post(api::ask_question))
        .route("/questions/{id}/answer", post(api::answer_question))
        .route("/solutions/{id}", get(api::show_solution).put(api::revise_solution))
        .route("/solutions/{id}/scores", post(api::score_solution))
        .route("/me/balance", get(api::show_balance))
        .route("/me/solutions", get(api::my_solutions))
        .route("/payouts", post(api::record_payout))
        .route("/admin/escrow", get(api::escrow_overview))
}
