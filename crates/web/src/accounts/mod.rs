//! Accounts: registration, sign-in and out, the account page, passwords, API tokens, address
//! confirmation and identity providers.

pub mod api;
pub mod external;
pub mod html;
pub mod views;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::routes::Pages;
use crate::state::AppState;

/// The pages (HTML forms and views).
pub fn pages() -> Pages {
    Pages::new()
        .get("/register", html::show_register)
        .post("/register", html::register)
        .get("/signin", html::show_sign_in)
        .post("/signin", html::sign_in)
        .post("/signout", html::sign_out)
        .get("/account", html::show_account)
        .post("/account/password", html::change_password)
        .post("/account/tokens", html::create_token)
        .post("/account/tokens/{id}/revoke", html::revoke_token)
        .post("/account/verify-email", html::resend_verification)
        .get("/account/identities/{provider}/link", external::start_link)
        .post("/account/identities/{id}/unlink", external::unlink)
        .get("/auth/{provider}/start", external::start)
        .get("/auth/{provider}/callback", external::callback)
        .post("/account/language", html::set_language)
        .post("/account/time-zone", html::set_time_zone)
        .post("/language", html::switch_language)
        .get("/verify-email", html::verify_email)
        .get("/password/forgot", html::show_forgot_password)
        .post("/password/forgot", html::forgot_password)
        .get("/password/reset", html::show_reset_password)
        .post("/password/reset", html::reset_password)
}

/// The JSON API, mounted under `/api/v1`.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::create_user))
        .routes(routes!(api::create_token, api::list_tokens))
        .routes(routes!(api::revoke_token))
        .routes(routes!(api::show_me))
}
