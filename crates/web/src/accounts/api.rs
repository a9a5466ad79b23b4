//! The JSON API under `/api/v1`: accounts and personal access tokens. Errors follow the contract
//! (`{"error": {"code", "message", "fields"}}`), rendered by `error::render_failures`.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ideaforge_app::{RegisterError, SignInError, TokenError};
use ideaforge_domain::token::TokenScope;
use ideaforge_domain::{ApiToken, Email, FieldErrors, Invalid, NewUser, TokenId, TokenName, User};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::components::wire;
use crate::error::WebError;
use crate::extract::{ApiJson, ClientIp, Path};
use crate::session::SignedIn;
use crate::state::AppState;

/// `POST /api/v1/users` body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateUser {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    display_name: String,
}

/// `POST /api/v1/tokens` body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateToken {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    name: String,
    /// `read`, `write` (the default) or `admin` (staff only).
    #[serde(default)]
    #[schema(schema_with = wire::token_scope)]
    scope: Option<String>,
    /// Days until the token expires (1–365); absent: until revoked.
    #[serde(default)]
    expires_in_days: Option<i64>,
}

/// A member as the API shows them to themselves.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = User)]
pub struct UserBody {
    id: String,
    email: String,
    display_name: String,
    #[schema(schema_with = wire::role)]
    role: &'static str,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    email_verified: bool,
    /// The member's chosen language for pages and mail, if any.
    #[schema(schema_with = wire::language)]
    language: Option<&'static str>,
}

impl From<&User> for UserBody {
    fn from(user: &User) -> Self {
        Self {
            id: user.id.to_string(),
            email: user.email.as_str().to_owned(),
            display_name: user.display_name.as_str().to_owned(),
            role: user.role.as_str(),
            created_at: user.created_at,
            email_verified: user.email_verified,
            language: user.language.map(ideaforge_domain::Language::as_str),
        }
    }
}

/// A token as listed (never its secret).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Token)]
pub struct TokenBody {
    id: String,
    name: String,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    last_used_at: Option<OffsetDateTime>,
    #[schema(schema_with = wire::token_scope)]
    scope: TokenScope,
    /// When it stops working; null: when revoked.
    #[serde(with = "time::serde::rfc3339::option")]
    expires_at: Option<OffsetDateTime>,
    /// Present only in the response that issued the token.
    #[serde(skip_serializing_if = "Option::is_none")]
    token: Option<String>,
}

/// The caller's live tokens.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenList {
    tokens: Vec<TokenBody>,
}

impl From<&ApiToken> for TokenBody {
    fn from(token: &ApiToken) -> Self {
        Self {
            id: token.id.to_string(),
            name: token.name.as_str().to_owned(),
            created_at: token.created_at,
            last_used_at: token.last_used_at,
            scope: token.scope,
            expires_at: token.expires_at,
            token: None,
        }
    }
}

/// `POST /api/v1/users`
#[utoipa::path(
    post,
    path = "/users",
    tag = "accounts",
    summary = "Register a member",
    request_body = CreateUser,
    responses((status = 201, description = "Registered", body = UserBody)),
)]
pub async fn create_user(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<CreateUser>,
) -> Result<Response, WebError> {
    let new = NewUser::parse(&body.email, &body.display_name, &body.password).map_err(WebError::Invalid)?;
    match state.app.register_account(new, ip).await {
        Ok(user) => {
            let mut response = (StatusCode::CREATED, Json(UserBody::from(&user))).into_response();
            if let Ok(location) = HeaderValue::from_str("/api/v1/me") {
                response.headers_mut().insert(header::LOCATION, location);
            }
            Ok(response)
        }
        Err(RegisterError::Invalid(errors)) => Err(WebError::Invalid(errors)),
        Err(RegisterError::TooManyAttempts(retry)) => Err(WebError::TooManyRequests(retry)),
        Err(RegisterError::Internal(e)) => Err(e.into()),
    }
}

/// `POST /api/v1/tokens`
#[utoipa::path(
    post,
    path = "/tokens",
    tag = "accounts",
    summary = "Issue a personal access token with e-mail and password: scope `read`, `write` (default) or `admin` (staff), optional expiry in days",
    request_body = CreateToken,
    responses((status = 201, description = "Issued; `token` holds the secret", body = TokenBody)),
)]
pub async fn create_token(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<CreateToken>,
) -> Result<Response, WebError> {
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(&body.email));
    let name = errors.check("name", TokenName::parse(&body.name));
    if body.password.is_empty() {
        errors.add("password", Invalid::Required);
    }
    let (Some(email), Some(name)) = (email, name) else {
        return Err(WebError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(WebError::Invalid(errors));
    }
    let scope = body.scope.as_deref().unwrap_or_default();
    let request = |user: &User| state.app.parse_token_request(user, &name, scope, body.expires_in_days);
    match state.app.issue_token_with_password(&email, &body.password, request, ip).await {
        Ok((token, secret)) => {
            let body = TokenBody { token: Some(secret.expose().to_owned()), ..TokenBody::from(&token) };
            Ok((StatusCode::CREATED, Json(body)).into_response())
        }
        Err(TokenError::Invalid(errors)) => Err(WebError::Invalid(errors)),
        Err(TokenError::SignIn(SignInError::BadCredentials)) => Err(WebError::InvalidCredentials),
        Err(TokenError::SignIn(SignInError::TooManyAttempts(retry))) => Err(WebError::TooManyRequests(retry)),
        Err(TokenError::SignIn(SignInError::Suspended)) => Err(WebError::Suspended),
        Err(TokenError::SignIn(SignInError::Internal(e))) => Err(e.into()),
    }
}

/// `GET /api/v1/me`
#[utoipa::path(
    get,
    path = "/me",
    tag = "accounts",
    summary = "The caller",
    responses((status = 200, description = "The caller", body = UserBody)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn show_me(SignedIn(user): SignedIn) -> Json<UserBody> {
    Json(UserBody::from(&user))
}

/// `GET /api/v1/tokens`
#[utoipa::path(
    get,
    path = "/tokens",
    tag = "accounts",
    summary = "List the caller's live tokens",
    responses((status = 200, description = "Tokens", body = TokenList)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn list_tokens(State(state): State<AppState>, SignedIn(user): SignedIn) -> Result<Json<TokenList>, WebError> {
    let tokens = state.app.tokens(&user).await?;
    Ok(Json(TokenList { tokens: tokens.iter().map(TokenBody::from).collect() }))
}

/// `DELETE /api/v1/tokens/{id}`
#[utoipa::path(
    delete,
    path = "/tokens/{id}",
    tag = "accounts",
    summary = "Revoke one of the caller's tokens",
    params(("id" = String, Path)),
    responses((status = 204, description = "Revoked")),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn revoke_token(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<TokenId>,
) -> Result<StatusCode, WebError> {
    if state.app.revoke_token(&user, id).await? { Ok(StatusCode::NO_CONTENT) } else { Err(WebError::NotFound) }
}
