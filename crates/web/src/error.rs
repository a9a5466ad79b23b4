//! The web layer's one error type.
//!
//! Handlers and extractors return [`WebError`]. Its `IntoResponse` only sets the status and attaches
//! a [`Failure`] to the response; `failures::render_failures` then writes the body: the JSON error
//! object of the API contract under `/api/`, an HTML page (in the request's locale) everywhere else.
//! Internal errors are logged once, here, and show the client nothing of their cause.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ideaforge_app::{CampaignsError, IdeasError, Internal, Retry};
use ideaforge_domain::FieldErrors;
use ideaforge_domain::idea::StageError;
use ideaforge_domain::ledger::LedgerError;
use ideaforge_domain::royalty::RoyaltyRefused;
use ideaforge_domain::vote::VoteRefused;

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
    /// The API token's scope does not allow the request (a `read` token writing).
    #[error("the token's scope does not allow this")]
    InsufficientScope,
    /// The password was right, but an admin suspended the account.
    #[error("the account is suspended")]
    Suspended,
    /// Something broke inside.
    #[error("internal error: {0}")]
    Internal(#[from] Internal),
}

impl From<CampaignsError> for WebError {
    fn from(e: CampaignsError) -> Self {
        match e {
            CampaignsError::Invalid(fields) => Self::Invalid(fields),
            CampaignsError::NotFound => Self::NotFound,
            CampaignsError::Forbidden => Self::Forbidden,
            CampaignsError::Refused(code) => Self::Refused(code),
            CampaignsError::Internal(e) => Self::Internal(e),
        }
    }
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
            IdeasError::Vote(VoteRefused::Unconfirmed) | IdeasError::Unconfirmed => Self::Refused("email_unconfirmed"),
            IdeasError::SubmissionsClosed => Self::Refused("submissions_closed"),
            IdeasError::EditWindowClosed => Self::Refused("edit_window_closed"),
            IdeasError::WrongStage => Self::Refused("wrong_stage"),
            IdeasError::Conflict => Self::Refused("conflict"),
            IdeasError::TooMany(retry) => Self::TooManyRequests(retry),
            IdeasError::Royalty(refused) => match refused {
                RoyaltyRefused::SharesFixed => Self::Refused("shares_fixed"),
                RoyaltyRefused::SelfCredit => Self::Refused("self_credit"),
                RoyaltyRefused::AlreadyReceived => Self::Refused("already_received"),
                RoyaltyRefused::NothingOwed => Self::Refused("nothing_owed"),
                RoyaltyRefused::Ledger(LedgerError::BalanceOutOfRange) => Self::Refused("balance_out_of_range"),
                RoyaltyRefused::NotSelected | RoyaltyRefused::NotLaunched => Self::Refused("wrong_stage"),
                other => Self::Internal(Internal::new(other)),
            },
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
            Self::InsufficientScope => (StatusCode::FORBIDDEN, "insufficient_scope"),
            Self::Suspended => (StatusCode::FORBIDDEN, "suspended"),
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
