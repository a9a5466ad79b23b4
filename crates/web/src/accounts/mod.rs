//! Accounts: registration, sign-in and out, the account page, passwords, API tokens, address
//! confirmation and identity providers.

pub mod api;
pub mod external;
pub mod html;
pub mod views;

use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// The pages (HTML forms and views).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/register", get(html::show_register).post(html::register))
        .route("/signin", get(html::show_sign_in).post(html::sign_in))
        .route("/signout", post(html::sign_out))
        .route("/account", get(html::show_account))
        .route("/account/password", post(html::change_password))
        .route("/account/tokens", post(html::create_token))
        .route("/account/tokens/{id}/revoke", post(html::revoke_token))
        .route("/account/verify-email", post(html::resend_verification))
        .route("/account/identities/{provider}/link", get(external::start_link))
        .route("/account/identities/{id}/unlink", post(external::unlink))
        .route("/auth/{provider}/start", get(external::start))
        .route("/auth/{provider}/callback", get(external::callback))
        .route("/account/language", post(html::set_language))
        .route("/verify-email", get(html::verify_email))
        .route("/password/forgot", get(html::show_forgot_password).post(html::forgot_password))
        .route("/password/reset", get(html::show_reset_password).post(html::reset_password))
}

/// The JSON API, mounted under `/api/v1`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::create_user))
        .routes(routes!(api::create_token, api::list_tokens))
        .routes(routes!(api::revoke_token))
        .routes(routes!(api::show_me))
}
