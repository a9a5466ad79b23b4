//! Bounty challenges: drafting, review, escrow, agreements, solutions, judging, awards, questions
//! and payouts.

pub mod api;
pub mod bodies;
pub mod desks;
pub mod exports;
pub mod html;
pub mod sealed;
pub mod solutions;
pub mod solutions_api;
pub mod views;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::routes::Pages;
use crate::state::AppState;

/// The pages (HTML forms and views).
pub fn pages() -> Pages {
    Pages::new()
        .post("/orgs/{slug}/challenges", html::create_challenge)
        .get("/orgs/{slug}/challenges/new", html::show_new_challenge)
        .get("/challenges", html::list_challenges)
        .get("/challenges/{id}", html::show_challenge)
        .get("/challenges/{id}/edit", html::show_edit_challenge)
        .post("/challenges/{id}/edit", html::edit_challenge)
        .post("/challenges/{id}/submit", html::submit_challenge)
        .post("/challenges/{id}/approve", html::approve_challenge)
        .post("/challenges/{id}/close", html::close_challenge)
        .post("/challenges/{id}/cancel", html::cancel_challenge)
        .post("/challenges/{id}/escrow", html::record_escrow)
        .get("/challenges/{id}/agreement", solutions::show_agreement)
        .post("/challenges/{id}/agreement", solutions::accept_agreement)
        .post("/challenges/{id}/solutions", solutions::submit_solution)
        .get("/challenges/{id}/solutions/new", solutions::show_new_solution)
        .get("/challenges/{id}/board", solutions::show_board)
        .post("/challenges/{id}/awards", solutions::award_solution)
        .post("/challenges/{id}/questions", html::ask_question)
        .post("/questions/{id}/answer", html::answer_question)
        .get("/solutions/{id}", solutions::show_solution)
        .post("/solutions/{id}", solutions::revise_solution)
        .get("/solutions/{id}/edit", solutions::show_edit_solution)
        .post("/solutions/{id}/scores", solutions::score_solution)
        .post("/solutions/{id}/open", sealed::open_solution)
        .get("/seeker", html::show_dashboard)
        .get("/me/solutions", solutions::show_my_solutions)
        .get("/admin/money", html::show_admin_money)
        .post("/admin/payouts", html::record_payout)
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
        .routes(routes!(exports::scores_csv))
        .routes(routes!(exports::ledger_csv))
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
