//! The web interface: axum router, handlers, maud views, the JSON API and static assets.
//!
//! Handlers never touch the database or the index: they extract, parse into domain types, call one
//! use case in `ideaforge-app`, and answer with markup, JSON or a redirect.

pub mod assets;
pub mod error;
pub mod extract;
pub mod i18n;
pub mod markdown;
pub mod metrics;
pub mod middleware;
pub mod routes;
pub mod session;
pub mod state;
pub mod views;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{delete, get, post, put};
use tower::ServiceBuilder;
use tower_http::LatencyUnit;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use state::{AppState, WebConfig};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole site: pages, API, health and assets, with every cross-cutting layer.
pub fn router(state: AppState) -> Router {
    use routes::{
        accounts, api, api_challenges as apic, api_ideas, challenges, contests, external, health, home, ideas, ip,
        notifications, search,
    };

    let api = Router::new()
        .route("/users", post(api::create_user))
        .route("/tokens", post(api::create_token).get(api::list_tokens))
        .route("/tokens/{id}", delete(api::revoke_token))
        .route("/me", get(api::show_me))
        .route("/orgs", post(api_ideas::create_org))
        .route("/orgs/{slug}/members", post(api_ideas::set_org_member))
        .route("/contests", post(api_ideas::create_contest))
        .route("/contests/{id}", get(api_ideas::show_contest))
        .route("/contests/{id}/approve", post(api_ideas::approve_contest))
        .route("/ideas", post(api_ideas::create_idea).get(api_ideas::list_ideas))
        .route("/ideas/similar", get(search::api_similar))
        .route("/ideas/{id}", get(api_ideas::show_idea))
        .route("/ideas/{id}/vote", put(api_ideas::cast_vote).delete(api_ideas::withdraw_vote))
        .route("/ideas/{id}/comments", post(api_ideas::create_comment))
        .route("/ideas/{id}/stage", post(api_ideas::move_stage))
        .route("/challenges", post(apic::create_challenge).get(apic::list_challenges))
        .route("/challenges/{id}", get(apic::show_challenge).put(apic::edit_challenge))
        .route("/challenges/{id}/submit", post(apic::submit_challenge))
        .route("/challenges/{id}/approve", post(apic::approve_challenge))
        .route("/challenges/{id}/escrow", post(apic::record_escrow))
        .route("/challenges/{id}/agreement", get(apic::show_agreement).post(apic::accept_agreement))
        .route("/challenges/{id}/solutions", post(apic::submit_solution).get(apic::list_solutions))
        .route("/challenges/{id}/board", get(apic::show_board))
        .route("/challenges/{id}/awards", post(apic::award_solution))
        .route("/challenges/{id}/close", post(apic::close_challenge))
        .route("/challenges/{id}/cancel", post(apic::cancel_challenge))
        .route("/challenges/{id}/questions", post(apic::ask_question))
        .route("/questions/{id}/answer", post(apic::answer_question))
        .route("/solutions/{id}", get(apic::show_solution).put(apic::revise_solution))
        .route("/solutions/{id}/scores", post(apic::score_solution))
        .route("/me/balance", get(apic::show_balance))
        .route("/me/solutions", get(apic::my_solutions))
        .route("/payouts", post(apic::record_payout))
        .route("/admin/escrow", get(apic::escrow_overview))
        .route("/ip/verify", get(ip::api_verify))
        .route("/ip/records", get(ip::api_records))
        .route("/ip/records/{seq}", get(ip::api_record))
        .route("/ip/records/{seq}/check", post(ip::api_check))
        .route("/ideas/{id}/shares", put(ip::api_set_shares))
        .route("/ideas/{id}/royalties", post(ip::api_record_revenue))
        .route("/me/royalties", get(ip::api_royalties))
        .route("/me/notifications", get(notifications::api_notifications).put(notifications::api_set_delivery))
        .route("/search", get(search::api_search))
        .route("/openapi.json", get(api::show_openapi))
        .fallback(error::not_found);

    let body_limit = state.config.max_body_bytes;
    Router::new()
        .route("/", get(home::show_home))
        .route("/register", get(accounts::show_register).post(accounts::register))
        .route("/signin", get(accounts::show_sign_in).post(accounts::sign_in))
        .route("/signout", post(accounts::sign_out))
        .route("/account", get(accounts::show_account))
        .route("/account/password", post(accounts::change_password))
        .route("/account/tokens", post(accounts::create_token))
        .route("/account/tokens/{id}/revoke", post(accounts::revoke_token))
        .route("/account/verify-email", post(accounts::resend_verification))
        .route("/account/identities/{provider}/link", get(external::start_link))
        .route("/account/identities/{id}/unlink", post(external::unlink))
        .route("/auth/{provider}/start", get(external::start))
        .route("/auth/{provider}/callback", get(external::callback))
        .route("/account/language", post(accounts::set_language))
        .route("/verify-email", get(accounts::verify_email))
        .route("/password/forgot", get(accounts::show_forgot_password).post(accounts::forgot_password))
        .route("/password/reset", get(accounts::show_reset_password).post(accounts::reset_password))
        .route("/orgs", post(contests::create_org))
        .route("/orgs/new", get(contests::show_new_org))
        .route("/orgs/{slug}", get(contests::show_org))
        .route("/orgs/{slug}/members", post(contests::set_org_member))
        .route("/orgs/{slug}/contests", post(contests::create_contest))
        .route("/orgs/{slug}/contests/new", get(contests::show_new_contest))
        .route("/contests", get(contests::list_contests))
        .route("/contests/{id}", get(contests::show_contest))
        .route("/contests/{id}/approve", post(contests::approve_contest))
        .route("/contests/{id}/follow", post(contests::follow_contest))
        .route("/moderation", get(contests::show_moderation))
        .route("/orgs/{slug}/challenges", post(challenges::create_challenge))
        .route("/orgs/{slug}/challenges/new", get(challenges::show_new_challenge))
        .route("/challenges", get(challenges::list_challenges))
        .route("/challenges/{id}", get(challenges::show_challenge))
        .route("/challenges/{id}/edit", get(challenges::show_edit_challenge).post(challenges::edit_challenge))
        .route("/challenges/{id}/submit", post(challenges::submit_challenge))
        .route("/challenges/{id}/approve", post(challenges::approve_challenge))
        .route("/challenges/{id}/close", post(challenges::close_challenge))
        .route("/challenges/{id}/cancel", post(challenges::cancel_challenge))
        .route("/challenges/{id}/escrow", post(challenges::record_escrow))
        .route("/challenges/{id}/agreement", get(challenges::show_agreement).post(challenges::accept_agreement))
        .route("/challenges/{id}/solutions", post(challenges::submit_solution))
        .route("/challenges/{id}/solutions/new", get(challenges::show_new_solution))
        .route("/challenges/{id}/board", get(challenges::show_board))
        .route("/challenges/{id}/awards", post(challenges::award_solution))
        .route("/challenges/{id}/questions", post(challenges::ask_question))
        .route("/questions/{id}/answer", post(challenges::answer_question))
        .route("/solutions/{id}", get(challenges::show_solution).post(challenges::revise_solution))
        .route("/solutions/{id}/edit", get(challenges::show_edit_solution))
        .route("/solutions/{id}/scores", post(challenges::score_solution))
        .route("/seeker", get(challenges::show_dashboard))
        .route("/me/solutions", get(challenges::show_my_solutions))
        .route("/admin/money", get(challenges::show_admin_money))
        .route("/admin/mail", get(notifications::show_failed_mail))
        .route("/admin/mail/{id}/retry", post(notifications::retry_mail))
        .route("/admin/payouts", post(challenges::record_payout))
        .route("/ip/records/{seq}", get(ip::show_record))
        .route("/ip/records/{seq}/check", post(ip::check_record))
        .route("/ideas/{id}/shares", post(ip::set_shares))
        .route("/ideas/{id}/royalties", post(ip::record_revenue))
        .route("/me/royalties", get(ip::show_royalties))
        .route("/notifications", get(notifications::show_notifications))
        .route("/notifications/preferences", post(notifications::set_delivery))
        .route("/unsubscribe", get(notifications::show_unsubscribe).post(notifications::unsubscribe))
        .route("/ideas", get(ideas::list_open_ideas).post(ideas::create_idea))
        .route("/ideas/new", get(ideas::show_new_idea))
        .route("/ideas/similar", get(search::show_similar))
        .route("/search", get(search::show_search))
        .route("/ideas/{id}", get(ideas::show_idea))
        .route("/ideas/{id}/edit", get(ideas::show_edit_idea).post(ideas::edit_idea))
        .route("/ideas/{id}/history", get(ideas::show_history))
        .route("/ideas/{id}/vote", post(ideas::vote))
        .route("/ideas/{id}/stage", post(ideas::move_stage))
        .route("/ideas/{id}/comments", post(ideas::post_comment))
        .route("/ideas/{id}/follow", post(ideas::follow_idea))
        .route("/comments/{id}/edit", post(ideas::edit_comment))
        .route("/comments/{id}/delete", post(ideas::delete_comment))
        .route("/comments/{id}/flag", post(ideas::flag_comment))
        .route("/comments/{id}/moderate", post(ideas::moderate_comment))
        .route("/healthz", get(health::show_health))
        .route("/readyz", get(health::show_readiness))
        .route("/metrics", get(metrics::show_metrics))
        .route("/static/{name}", get(assets::serve_asset))
        .nest("/api/v1", api)
        .fallback(error::not_found)
        // Innermost first: the viewer is known to handlers, cross-site writes never reach them,
        // failures are rendered with the locale, and every response gets ids, headers and metrics.
        .layer(from_fn_with_state(state.clone(), session::resolve_viewer))
        .layer(from_fn(middleware::refuse_cross_site))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(CatchPanicLayer::custom(error::panicked))
        .layer(from_fn(error::render_failures))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(request_span)
                        .on_response(DefaultOnResponse::new().level(Level::INFO).latency_unit(LatencyUnit::Millis)),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(from_fn_with_state(state.clone(), metrics::track))
                .layer(from_fn_with_state(state.clone(), middleware::security_headers)),
        )
        .with_state(state)
}

/// The span every request's logs carry: method, path (never the query) and request id.
fn request_span<B>(request: &Request<B>) -> tracing::Span {
    let id = request.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("");
    tracing::info_span!("request", http.method = %request.method(), http.path = request.uri().path(), request.id = id)
}
