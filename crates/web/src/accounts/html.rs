//! Registration, sign-in, sign-out and the account page, as HTML forms that work without
//! JavaScript.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use ideaforge_app::{ChangePasswordError, LinkError, RegisterError, ResetError, SignInError, SignedLink};
use ideaforge_domain::{Email, FieldErrors, Invalid, NewUser, NextPath, TokenId, TokenName};
use serde::Deserialize;

use super::views::{AccountView, LinkFields, RegisterValues};
use crate::components::Chrome;
use crate::error::WebError;
use crate::extract::{ClientIp, HtmlForm, Path};
use crate::forms::{redirect_with_flash, unprocessable};
use crate::session::{
    PageCtx, SignedIn, append_cookie, clear_session_cookie, flash_cookie, language_cookie, session_cookie,
};
use crate::state::AppState;

/// The registration form as posted.
#[derive(Debug, Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
}

/// The sign-in form as posted.
#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Where to go after signing in.
#[derive(Debug, Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

/// The password change form as posted.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

/// The token form as posted.
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    scope: String,
    /// Days until it expires; empty: until revoked.
    #[serde(default)]
    expires_in_days: String,
    /// The member's password, asked again.
    #[serde(default)]
    password: String,
}

/// Only a same-site path by the domain's strict grammar ([`NextPath`]), so that `next` cannot send
/// a member to another site; anything else goes home.
fn local_path(next: &str) -> NextPath {
    NextPath::or_home(next)
}

fn signed_in_redirect(state: &AppState, to: &str, secret: &str, flash: &str) -> Response {
    let max_age = state.app.session_policy().absolute.whole_seconds();
    let mut response = Redirect::to(to).into_response();
    append_cookie(&mut response, &session_cookie(secret, max_age, state.config.is_https()));
    append_cookie(&mut response, &flash_cookie(flash));
    response
}

/// `GET /register`
pub async fn show_register(State(state): State<AppState>, ctx: PageCtx) -> Response {
    if ctx.user.is_some() {
        return Redirect::to("/").into_response();
    }
    let providers = state.app.providers();
    super::views::register(&Chrome::from(&ctx), &providers, &RegisterValues::default(), &FieldErrors::new())
        .into_response()
}

/// `POST /register`
pub async fn register(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientIp(ip): ClientIp,
    headers: axum::http::HeaderMap,
    HtmlForm(form): HtmlForm<RegisterForm>,
) -> Result<Response, WebError> {
    let language = crate::session::asked_language(&headers);
    let refused = |errors: &FieldErrors| {
        let values = RegisterValues { email: &form.email, display_name: &form.display_name };
        let providers = state.app.providers();
        unprocessable(super::views::register(&Chrome::from(&ctx), &providers, &values, errors))
    };
    let mut new = match NewUser::parse(&form.email, &form.display_name, &form.password) {
        Ok(new) => new,
        Err(errors) => return Ok(refused(&errors)),
    };
    new.language = language;
    match state.app.register(new, ip).await {
        Ok(signed) => Ok(signed_in_redirect(&state, "/", signed.session.expose(), "flash-registered")),
        Err(RegisterError::Invalid(errors)) => Ok(refused(&errors)),
        Err(RegisterError::TooManyAttempts(retry)) => Err(WebError::TooManyRequests(retry)),
        Err(RegisterError::Internal(e)) => Err(e.into()),
    }
}

/// `GET /signin`
pub async fn show_sign_in(State(state): State<AppState>, ctx: PageCtx, Query(query): Query<NextQuery>) -> Response {
    if ctx.user.is_some() {
        return Redirect::to(local_path(&query.next).as_str()).into_response();
    }
    let next = local_path(&query.next);
    let providers = state.app.providers();
    super::views::sign_in(&Chrome::from(&ctx), &providers, "", next.as_str(), None, &FieldErrors::new()).into_response()
}

/// `POST /signin`
pub async fn sign_in(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientIp(ip): ClientIp,
    HtmlForm(form): HtmlForm<SignInForm>,
) -> Result<Response, WebError> {
    let next = local_path(&form.next);
    let next = next.as_str();
    let page = |failed: Option<(StatusCode, &'static str)>, errors: &FieldErrors| {
        let providers = state.app.providers();
        let message = failed.map(|(_, key)| key);
        let body = super::views::sign_in(&Chrome::from(&ctx), &providers, &form.email, next, message, errors);
        let status = failed.map_or(StatusCode::UNPROCESSABLE_ENTITY, |(status, _)| status);
        (status, body).into_response()
    };
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(&form.email));
    if form.password.is_empty() {
        errors.add("password", Invalid::Required);
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return Ok(page(None, &errors));
    };
    match state.app.sign_in(&email, &form.password, ip, ctx.session.as_deref()).await {
        Ok(signed) => Ok(signed_in_redirect(&state, next, signed.session.expose(), "flash-signed-in")),
        Err(SignInError::BadCredentials) => {
            Ok(page(Some((StatusCode::UNAUTHORIZED, "sign-in-failed")), &FieldErrors::new()))
        }
        Err(SignInError::Suspended) => {
            Ok(page(Some((StatusCode::FORBIDDEN, "sign-in-suspended")), &FieldErrors::new()))
        }
        Err(SignInError::TooManyAttempts(retry)) => Err(WebError::TooManyRequests(retry)),
        Err(SignInError::Internal(e)) => Err(e.into()),
    }
}

/// `POST /signout`
pub async fn sign_out(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let session = ctx.session.ok_or(WebError::Unauthorized)?;
    state.app.sign_out(&session).await?;
    let mut response = redirect_with_flash("/", "flash-signed-out");
    append_cookie(&mut response, &clear_session_cookie(state.config.is_https()));
    Ok(response)
}

/// What the account page shows besides what it loads: errors of a refused form, a new token.
#[derive(Debug, Default)]
struct AccountExtras<'a> {
    password_errors: FieldErrors,
    token_errors: FieldErrors,
    new_token: Option<(&'a str, &'a str)>,
}

/// The account page with the member's tokens and identities and the configured providers.
async fn account_page(
    state: &AppState,
    ctx: &PageCtx,
    user: &ideaforge_domain::User,
    status: StatusCode,
    extras: AccountExtras<'_>,
) -> Result<Response, WebError> {
    let tokens = state.app.tokens(user).await?;
    let identities = state.app.identities(user).await?;
    let session = ctx.session.as_deref().unwrap_or_default();
    let providers: Vec<_> = state
        .app
        .providers()
        .into_iter()
        .map(|p| {
            let href = format!("/account/identities/{}/link?t={}", p.id, super::external::link_token(session, &p.id));
            (p, href)
        })
        .collect();
    let view = AccountView {
        time_zones: ideaforge_app::App::time_zones(),
        tokens: &tokens,
        identities: &identities,
        providers: &providers,
        password_errors: extras.password_errors,
        token_errors: extras.token_errors,
        new_token: extras.new_token,
    };
    Ok((status, super::views::account(&Chrome::from(ctx), user, &view)).into_response())
}

/// `GET /account`
pub async fn show_account(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
) -> Result<Response, WebError> {
    account_page(&state, &ctx, &user, StatusCode::OK, AccountExtras::default()).await
}

/// `POST /account/password`
pub async fn change_password(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    HtmlForm(form): HtmlForm<PasswordForm>,
) -> Result<Response, WebError> {
    // A browser session, not an API token: an account made with a provider sets its first
    // password here without a current one.
    if ctx.session.is_none() {
        return Err(WebError::Forbidden);
    }
    let outcome =
        state.app.change_password(&user, &form.current_password, &form.new_password, ctx.session.as_deref()).await;
    match outcome {
        Ok(()) => Ok(redirect_with_flash("/account", "flash-password-changed")),
        Err(ChangePasswordError::Invalid(errors)) => {
            let extras = AccountExtras { password_errors: errors, ..AccountExtras::default() };
            account_page(&state, &ctx, &user, StatusCode::UNPROCESSABLE_ENTITY, extras).await
        }
        Err(ChangePasswordError::Internal(e)) => Err(e.into()),
    }
}

/// `POST /account/tokens`: the member gives their password again; the new secret is shown once,
/// in this response, never in a URL.
pub async fn create_token(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientIp(ip): ClientIp,
    SignedIn(user): SignedIn,
    HtmlForm(form): HtmlForm<TokenForm>,
) -> Result<Response, WebError> {
    let mut errors = FieldErrors::new();
    let name = errors.check("name", TokenName::parse(&form.name));
    let days = match form.expires_in_days.trim() {
        "" => None,
        raw => errors.check("expires_in_days", raw.parse::<i64>().map_err(|_| Invalid::Malformed)),
    };
    if form.password.is_empty() {
        errors.add("password", Invalid::Required);
    }
    let refused = |errors: FieldErrors| AccountExtras { token_errors: errors, ..AccountExtras::default() };
    let Some(name) = name.filter(|_| errors.is_empty()) else {
        return account_page(&state, &ctx, &user, StatusCode::UNPROCESSABLE_ENTITY, refused(errors)).await;
    };
    let request = match state.app.parse_token_request(&user, &name, &form.scope, days) {
        Ok(request) => request,
        Err(errors) => {
            return account_page(&state, &ctx, &user, StatusCode::UNPROCESSABLE_ENTITY, refused(errors)).await;
        }
    };
    match state.app.issue_token_for(&user, &form.password, request, ip).await {
        Ok((_, secret)) => {
            let extras =
                AccountExtras { new_token: Some((name.as_str(), secret.expose())), ..AccountExtras::default() };
            account_page(&state, &ctx, &user, StatusCode::OK, extras).await
        }
        Err(SignInError::BadCredentials) => {
            let mut errors = FieldErrors::new();
            errors.add("password", Invalid::Mismatch);
            account_page(&state, &ctx, &user, StatusCode::UNPROCESSABLE_ENTITY, refused(errors)).await
        }
        Err(SignInError::TooManyAttempts(retry)) => Err(WebError::TooManyRequests(retry)),
        Err(SignInError::Suspended) => Err(WebError::Suspended),
        Err(SignInError::Internal(e)) => Err(e.into()),
    }
}

/// `POST /account/tokens/{id}/revoke`
pub async fn revoke_token(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<TokenId>,
) -> Result<Response, WebError> {
    if state.app.revoke_token(&user, id).await? {
        Ok(redirect_with_flash("/account", "flash-token-revoked"))
    } else {
        Err(WebError::NotFound)
    }
}

/// A signed link's query (or hidden form fields).
#[derive(Debug, Default, Deserialize)]
pub struct LinkQuery {
    #[serde(default)]
    u: String,
    #[serde(default)]
    e: String,
    #[serde(default)]
    t: String,
}

impl LinkQuery {
    fn link(&self) -> SignedLink {
        SignedLink { user: self.u.clone(), expires: self.e.clone(), token: self.t.clone() }
    }

    fn fields(&self) -> LinkFields<'_> {
        LinkFields { user: &self.u, expires: &self.e, token: &self.t }
    }
}

/// The new-password form as posted.
#[derive(Debug, Deserialize)]
pub struct ResetForm {
    #[serde(flatten)]
    link: LinkQuery,
    #[serde(default)]
    password: String,
}

/// The forgotten-password form as posted.
#[derive(Debug, Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

/// The e-mail language form as posted.
#[derive(Debug, Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    language: String,
}

fn refused_link(ctx: &PageCtx, error: LinkError, retry: &str) -> Result<Response, WebError> {
    let key = match error {
        LinkError::Invalid => "link-invalid",
        LinkError::Expired => "link-expired",
        LinkError::Internal(e) => return Err(e.into()),
    };
    Ok((StatusCode::BAD_REQUEST, super::views::link_refused(&Chrome::from(ctx), key, retry)).into_response())
}

/// `GET /verify-email?u=…&e=…&t=…`: the link from the verification message (works signed in or
/// not; proving twice is harmless).
pub async fn verify_email(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<LinkQuery>,
) -> Result<Response, WebError> {
    match state.app.verify_email(&query.link()).await {
        Ok(_) => Ok(redirect_with_flash(if ctx.user.is_some() { "/account" } else { "/" }, "flash-email-verified")),
        Err(error) => refused_link(&ctx, error, "/account"),
    }
}

/// `POST /account/verify-email`: sends the confirmation link again.
pub async fn resend_verification(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Response, WebError> {
    match state.app.resend_verification(&user).await {
        Ok(true) => Ok(redirect_with_flash("/account", "flash-verification-sent")),
        Ok(false) => Ok(redirect_with_flash("/account", "flash-email-verified")),
        Err(ResetError::TooManyAttempts(retry)) => Err(WebError::TooManyRequests(retry)),
        Err(ResetError::Internal(e)) => Err(e.into()),
        Err(ResetError::Link(_) | ResetError::Invalid(_)) => Err(WebError::NotFound),
    }
}

/// `POST /account/language`
pub async fn set_language(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    HtmlForm(form): HtmlForm<LanguageForm>,
) -> Result<Response, WebError> {
    state.app.set_language(&user, &form.language).await?;
    Ok(redirect_with_flash("/account", "flash-language-saved"))
}

/// The footer's language switcher as posted: the language and the page to return to.
#[derive(Debug, Deserialize)]
pub struct SwitchForm {
    #[serde(default)]
    language: String,
    #[serde(default)]
    next: String,
}

/// `POST /language`: remembers the language in a cookie and, for a signed-in member, as their
/// account's language for pages and mail; then back to the page they were on.
pub async fn switch_language(
    State(state): State<AppState>,
    ctx: PageCtx,
    HtmlForm(form): HtmlForm<SwitchForm>,
) -> Result<Response, WebError> {
    let mut errors = FieldErrors::new();
    let Some(language) = errors.check("language", form.language.parse::<ideaforge_domain::Language>()) else {
        return Err(WebError::from(ideaforge_app::IdeasError::Invalid(errors)));
    };
    if let Some(user) = &ctx.user {
        state.app.set_language(user, language.as_str()).await?;
    }
    let next = crate::session::without_language(local_path(&form.next).as_str());
    let mut response = Redirect::to(&next).into_response();
    append_cookie(&mut response, &language_cookie(language.as_str(), state.config.is_https()));
    Ok(response)
}

/// The time zone form as posted.
#[derive(Debug, Deserialize)]
pub struct TimeZoneForm {
    #[serde(default)]
    time_zone: String,
}

/// `POST /account/time-zone`: the zone the member's pages show times in and their forms read them
/// in (empty: none, UTC).
pub async fn set_time_zone(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    HtmlForm(form): HtmlForm<TimeZoneForm>,
) -> Result<Response, WebError> {
    state.app.set_time_zone(&user, &form.time_zone).await?;
    Ok(redirect_with_flash("/account", "flash-zone-saved"))
}

/// `GET /password/forgot`
pub async fn show_forgot_password(ctx: PageCtx) -> Response {
    super::views::forgot_password(&Chrome::from(&ctx), "", false, &FieldErrors::new()).into_response()
}

/// `POST /password/forgot`: the same answer whether or not the address has an account.
pub async fn forgot_password(
    State(state): State<AppState>,
    ctx: PageCtx,
    ClientIp(ip): ClientIp,
    HtmlForm(form): HtmlForm<ForgotForm>,
) -> Result<Response, WebError> {
    let chrome = Chrome::from(&ctx);
    match state.app.request_password_reset(&form.email, ip).await {
        Ok(()) => Ok(super::views::forgot_password(&chrome, &form.email, true, &FieldErrors::new()).into_response()),
        Err(ResetError::Invalid(errors)) => {
            let page = super::views::forgot_password(&chrome, &form.email, false, &errors);
            Ok(unprocessable(page))
        }
        Err(ResetError::TooManyAttempts(retry)) => Err(WebError::TooManyRequests(retry)),
        Err(ResetError::Internal(e)) => Err(e.into()),
        Err(ResetError::Link(_)) => Err(WebError::NotFound),
    }
}

/// `GET /password/reset?u=…&e=…&t=…`: the new-password form, for a good link only.
pub async fn show_reset_password(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<LinkQuery>,
) -> Result<Response, WebError> {
    match state.app.check_reset_link(&query.link()).await {
        Ok(_) => {
            Ok(super::views::reset_password(&Chrome::from(&ctx), &query.fields(), &FieldErrors::new()).into_response())
        }
        Err(error) => refused_link(&ctx, error, "/password/forgot"),
    }
}

/// `POST /password/reset`: sets the new password (once per link) and sends the member to sign in.
pub async fn reset_password(
    State(state): State<AppState>,
    ctx: PageCtx,
    HtmlForm(form): HtmlForm<ResetForm>,
) -> Result<Response, WebError> {
    match state.app.reset_password(&form.link.link(), &form.password).await {
        Ok(_) => {
            let mut response = redirect_with_flash("/signin", "flash-password-reset");
            append_cookie(&mut response, &clear_session_cookie(state.config.is_https()));
            Ok(response)
        }
        Err(ResetError::Invalid(errors)) => {
            let page = super::views::reset_password(&Chrome::from(&ctx), &form.link.fields(), &errors);
            Ok(unprocessable(page))
        }
        Err(ResetError::Link(error)) => refused_link(&ctx, error, "/password/forgot"),
        Err(ResetError::TooManyAttempts(retry)) => Err(WebError::TooManyRequests(retry)),
        Err(ResetError::Internal(e)) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(local_path("/account").as_str(), "/account");
        assert_eq!(local_path("//evil.example").as_str(), "/");
        assert_eq!(local_path("https://evil.example").as_str(), "/");
        assert_eq!(local_path("/\\evil.example").as_str(), "/");
        assert_eq!(local_path("").as_str(), "/");
    }
}
