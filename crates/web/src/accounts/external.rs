//! Sign-in with outside identity providers: the buttons link here, the browser goes to the
//! provider, and comes back to the callback. The `state` is bound to this browser by a short-lived
//! cookie scoped to `/auth`, so a callback opened anywhere else is refused. Starting is a plain link
//! (GET): a form would have to name every provider's origin in the CSP's `form-action`, and starting
//! a sign-in changes nothing until the same browser comes back.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use ideaforge_app::{Callback, ExternalError, ExternalOutcome, ProviderError};
use serde::Deserialize;

use crate::components::Chrome;
use crate::error::WebError;
use crate::extract::{ClientIp, Path};
use crate::forms::redirect_with_flash;
use crate::session::{PageCtx, SignedIn, append_cookie, cookie, flash_cookie, session_cookie};
use crate::state::AppState;

/// The cookie binding a sign-in to the browser that started it.
const LOGIN_COOKIE: &str = "ideaforge_login";

fn login_cookie(value: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{LOGIN_COOKIE}={value}; Path=/auth; Max-Age=600; HttpOnly; SameSite=Lax{secure}")
}

fn clear_login_cookie() -> String {
    format!("{LOGIN_COOKIE}=; Path=/auth; Max-Age=0; HttpOnly; SameSite=Lax")
}

/// What the provider sends back.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CallbackQuery {
    state: String,
    code: String,
    error: String,
}

fn started(
    state: &AppState,
    ctx: &PageCtx,
    outcome: Result<ideaforge_app::ExternalStart, ExternalError>,
) -> Result<Response, WebError> {
    match outcome {
        Ok(start) => {
            let mut response = Redirect::to(&start.url).into_response();
            append_cookie(&mut response, &login_cookie(start.browser.expose(), state.config.is_https()));
            Ok(response)
        }
        Err(error) => refused(ctx, error),
    }
}

/// The page for a failed sign-in (no session, no account).
fn refused(ctx: &PageCtx, error: ExternalError) -> Result<Response, WebError> {
    match error {
        ExternalError::UnknownProvider => Err(WebError::NotFound),
        ExternalError::Internal(e) => Err(e.into()),
        ExternalError::TooManyAttempts(retry) => Err(WebError::TooManyRequests(retry)),
        error => {
            tracing::warn!(%error, "sign-in with a provider refused");
            let status = match &error {
                ExternalError::Provider(ProviderError::Unavailable(_) | ProviderError::Config(_)) => {
                    StatusCode::BAD_GATEWAY
                }
                _ => StatusCode::BAD_REQUEST,
            };
            let page = super::views::external_refused(&Chrome::from(ctx), refusal_key(&error));
            Ok((status, page).into_response())
        }
    }
}

/// The catalog key of a failure's message.
fn refusal_key(error: &ExternalError) -> &'static str {
    match error {
        ExternalError::Cancelled => "external-cancelled",
        ExternalError::ProviderSaid(_) => "external-provider-error",
        ExternalError::BadState => "external-bad-state",
        ExternalError::Provider(ProviderError::CodeRefused(_)) => "external-code-refused",
        ExternalError::Provider(ProviderError::Nonce | ProviderError::Issuer | ProviderError::Audience) => {
            "external-token-mismatch"
        }
        ExternalError::Provider(ProviderError::Token(_)) => "external-token-invalid",
        ExternalError::Provider(ProviderError::Unavailable(_) | ProviderError::Config(_)) => "external-unavailable",
        ExternalError::NoVerifiedEmail => "external-no-email",
        ExternalError::EmailTaken => "external-email-taken",
        ExternalError::TakenByOther => "external-taken",
        ExternalError::Unverified => "external-unverified",
        ExternalError::TooManyAttempts(_) => "external-too-many",
        ExternalError::Suspended => "sign-in-suspended",
        ExternalError::UnknownProvider | ExternalError::Internal(_) => "external-unavailable",
    }
}

/// `GET /auth/{provider}/start`: from a sign-in button.
pub async fn start(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientIp(ip): ClientIp,
    Path(provider): Path<String>,
) -> Result<Response, WebError> {
    let outcome = state.app.start_external(&provider, None, ip).await;
    started(&state, &ctx, outcome)
}

/// A per-session token in the link URL, so that another site cannot send a signed-in member off to
/// link whatever account their provider has signed in.
pub fn link_token(session: &str, provider: &str) -> String {
    ideaforge_app::hash_secret(&format!("link:{provider}:{session}"))
}

/// The `t` of a link URL.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LinkQuery {
    t: String,
}

/// `GET /account/identities/{provider}/link?t=…`: a member signed in with a browser session links a
/// provider (the token comes from their account page).
pub async fn start_link(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientIp(ip): ClientIp,
    SignedIn(user): SignedIn,
    Path(provider): Path<String>,
    Query(query): Query<LinkQuery>,
) -> Result<Response, WebError> {
    let session = ctx.session.as_deref().ok_or(WebError::Forbidden)?;
    if query.t != link_token(session, &provider) {
        return Err(WebError::Forbidden);
    }
    let outcome = state.app.start_external(&provider, Some(&user), ip).await;
    started(&state, &ctx, outcome)
}

/// `GET /auth/{provider}/callback`: the provider sends the browser back here.
pub async fn callback(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(provider): Path<String>,
    headers: HeaderMap,
    Query(query): Query<CallbackQuery>,
) -> Result<Response, WebError> {
    let browser = cookie(&headers, LOGIN_COOKIE);
    let language = crate::session::asked_language(&headers);
    let callback = Callback { state: query.state, code: query.code, error: query.error };
    let current = ctx.user.as_ref().map(|u| u.id);
    let outcome =
        state.app.finish_external(&provider, &callback, browser, current, language, ctx.session.as_deref()).await;
    let mut response = match outcome {
        Ok(ExternalOutcome::SignedIn { signed, created }) => {
            let max_age = state.app.session_policy().absolute.whole_seconds();
            let mut response = Redirect::to("/").into_response();
            append_cookie(&mut response, &session_cookie(signed.session.expose(), max_age, state.config.is_https()));
            let flash = if created { "flash-registered" } else { "flash-signed-in" };
            append_cookie(&mut response, &flash_cookie(flash));
            response
        }
        Ok(ExternalOutcome::Linked(_)) => redirect_with_flash("/account", "flash-identity-linked"),
        Err(error) => refused(&ctx, error)?,
    };
    append_cookie(&mut response, &clear_login_cookie());
    Ok(response)
}

/// `POST /account/identities/{id}/unlink` (a browser session, not an API token).
pub async fn unlink(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    if ctx.session.is_none() {
        return Err(WebError::Forbidden);
    }
    state.app.unlink_identity(&user, &id).await?;
    Ok(redirect_with_flash("/account", "flash-identity-unlinked"))
}
