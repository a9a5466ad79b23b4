//! The web layer's one error type and the middleware that renders it as a page or as JSON.
//!
//! Handlers and extractors return [`WebError`]. Its `IntoResponse` only sets the status and attaches
//! a [`Failure`] to the response; [`render_failures`] then writes the body: the JSON error object of
//! the API contract under `/api/`, an HTML page (in the request's locale) everywhere else. Internal
//! errors are logged once, here, and show the client nothing of their cause.

use axum::Json;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use ideaforge_app::{IdeasError, Internal, Retry};
use ideaforge_domain::FieldErrors;
use ideaforge_domain::idea::StageError;
use ideaforge_domain::vote::VoteRefused;
use serde_json::json;

use crate::i18n::{Catalogs, Tr};
use crate::session::Viewer;
use crate::views;

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// The request could not be understood; the key names the catalog message.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// No valid session or token.
    #[error("unauthorized")]
    Unauthorized,
    /// E-mail and password do not match (API token issuing).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Signed in, but not allowed.
    #[error("forbidden")]
    Forbidden,
    /// A state-changing request from another site.
    #[error("cross-site request")]
    CrossSite,
    /// No such page or record.
    #[error("not found")]
    NotFound,
    /// Wrong HTTP method for the path.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The body is larger than allowed.
    #[error("payload too large")]
    PayloadTooLarge,
    /// The body's content type is not accepted.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// Fields were refused (API; HTML forms re-render themselves).
    #[error("validation failed")]
    Invalid(FieldErrors),
    /// Rate limited.
    #[error("too many requests")]
    TooManyRequests(Retry),
    /// The domain refused the action in the current state (a closed window, an illegal stage move);
    /// the code names the catalog message.
    #[error("refused: {0}")]
    Refused(&'static str),
    /// A part of the site is not ready yet (the search index being built); the code names the
    /// catalog message.
    #[error("unavailable: {0}")]
    Unavailable(&'static str),
    /// Something broke inside.
    #[error("internal error: {0}")]
    Internal(#[from] Internal),
}

impl From<IdeasError> for WebError {
    fn from(e: IdeasError) -> Self {
        match e {
            IdeasError::Invalid(fields) => Self::Invalid(fields),
            IdeasError::NotFound => Self::NotFound,
            IdeasError::Forbidden => Self::Forbidden,
            IdeasError::Stage(StageError::NotAllowed { .. }) => Self::Refused("illegal_transition"),
            IdeasError::Stage(StageError::NotYours(_)) => Self::Forbidden,
            IdeasError::Vote(VoteRefused::OwnIdea) => Self::Refused("own_idea"),
            IdeasError::Vote(VoteRefused::VotingClosed) => Self::Refused("voting_closed"),
            IdeasError::Vote(VoteRefused::NotVotable) => Self::Refused("not_votable"),
            IdeasError::Vote(VoteRefused::BudgetExhausted(_)) => Self::Refused("budget_exhausted"),
            IdeasError::SubmissionsClosed => Self::Refused("submissions_closed"),
            IdeasError::EditWindowClosed => Self::Refused("edit_window_closed"),
            IdeasError::WrongStage => Self::Refused("wrong_stage"),
            IdeasError::Conflict => Self::Refused("conflict"),
            IdeasError::Internal(e) => Self::Internal(e),
        }
    }
}

/// What went wrong, attached to an error response for [`render_failures`] to render.
#[derive(Clone, Debug)]
pub struct Failure {
    /// The stable snake_case code of the API contract.
    pub code: &'static str,
    /// Refused fields, if any.
    pub fields: Option<FieldErrors>,
    /// Seconds to wait, for 429.
    pub retry_after: Option<u64>,
}

impl WebError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::BadRequest(code) => (StatusCode::BAD_REQUEST, code),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials"),
            Self::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            Self::CrossSite => (StatusCode::FORBIDDEN, "cross_site"),
            Self::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            Self::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            Self::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            Self::UnsupportedMediaType => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            Self::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
            Self::TooManyRequests(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"),
            Self::Refused(code) => (StatusCode::CONFLICT, code),
            Self::Unavailable(code) => (StatusCode::SERVICE_UNAVAILABLE, code),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if let Self::Internal(error) = &self {
            tracing::error!(error = %error, error.debug = ?error, "request failed");
        }
        let retry_after = match &self {
            Self::TooManyRequests(retry) => Some(retry.after_secs),
            _ => None,
        };
        let fields = match self {
            Self::Invalid(fields) => Some(fields),
            _ => None,
        };
        let failure = Failure { code, fields, retry_after };
        let mut response = status.into_response();
        if let Some(secs) = failure.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response.extensions_mut().insert(failure);
        response
    }
}

/// Renders responses that carry a [`Failure`] (and bare 404/405 from the router) as JSON or HTML.
pub async fn render_failures(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let is_get = request.method() == axum::http::Method::GET;
    let path = request.uri().path().to_owned();
    let tr =
        Catalogs::embedded().negotiate(request.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()));
    let mut response = next.run(request).await;
    let failure = match response.extensions_mut().remove::<Failure>() {
        Some(failure) => failure,
        None if response.status() == StatusCode::METHOD_NOT_ALLOWED => {
            Failure { code: "method_not_allowed", fields: None, retry_after: None }
        }
        None => return response,
    };
    let status = response.status();
    if !is_api && is_get && status == StatusCode::UNAUTHORIZED {
        let next = url_encode(&path);
        return Redirect::to(&format!("/signin?next={next}")).into_response();
    }
    let message = message(&tr, &failure);
    let mut rendered = if is_api {
        let fields = failure.fields.as_ref().map(|fields| {
            fields
                .iter()
                .map(|(name, why)| (name.to_owned(), json!({"code": why.code(), "message": why.to_string()})))
                .collect::<serde_json::Map<_, _>>()
        });
        let mut error = json!({"code": failure.code, "message": message});
        if let Some(fields) = fields {
            error["fields"] = serde_json::Value::Object(fields);
        }
        (status, Json(json!({ "error": error }))).into_response()
    } else {
        let viewer = response.extensions().get::<Viewer>().cloned().unwrap_or_default();
        let fields = failure.fields.unwrap_or_default();
        (status, views::errors::page(&tr, viewer.user.as_ref(), status, &message, &fields)).into_response()
    };
    for name in [header::RETRY_AFTER, header::SET_COOKIE] {
        for value in response.headers().get_all(&name) {
            rendered.headers_mut().append(name.clone(), value.clone());
        }
    }
    rendered
}

fn message(tr: &Tr, failure: &Failure) -> String {
    let key = format!("error-{}", failure.code);
    match failure.retry_after {
        Some(secs) => tr.t_with(&key, &[("seconds", &secs.to_string())]),
        None => tr.t(&key),
    }
}

/// Percent-encodes a path for use in a query string.
pub(crate) fn url_encode(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The router's fallback: a 404 rendered like every other failure.
pub async fn not_found() -> WebError {
    WebError::NotFound
}

/// The panic handler for `CatchPanicLayer`: a 500 rendered like every other failure.
pub fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    tracing::error!("handler panicked");
    let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    response.extensions_mut().insert(Failure { code: "internal", fields: None, retry_after: None });
    response
}
