//! The IP register's pages: record pages with the content check, influence shares and revenue
//! forms, and royalty statements.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use ideaforge_app::IdeasError;
use ideaforge_domain::money::{Currency, Money};
use ideaforge_domain::{FieldErrors, IdeaId, Invalid};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::components::Chrome;
use crate::error::WebError;
use crate::extract::{HtmlForm, Path};
use crate::forms::{redirect_with_flash, unprocessable};
use crate::session::{PageCtx, SignedIn};
use crate::state::AppState;

/// A text to check against a record.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CheckBody {
    pub(crate) text: String,
}

/// `GET /ip/records/{seq}`
pub async fn show_record(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(seq): Path<i64>,
) -> Result<Response, WebError> {
    let view = state.app.ip_record(ctx.user.as_ref(), seq).await?;
    Ok(super::views::record_page(&Chrome::from(&ctx), &view, None, "").into_response())
}

/// `POST /ip/records/{seq}/check`: the same page with the answer (nothing is stored).
pub async fn check_record(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(seq): Path<i64>,
    HtmlForm(form): HtmlForm<CheckBody>,
) -> Result<Response, WebError> {
    let view = state.app.ip_record(ctx.user.as_ref(), seq).await?;
    let (matches, hash) = state.app.check_ip_content(ctx.user.as_ref(), seq, &form.text).await?;
    Ok(super::views::record_page(&Chrome::from(&ctx), &view, Some((matches, &hash)), &form.text).into_response())
}

/// `GET /me/royalties`
pub async fn show_royalties(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
) -> Result<Response, WebError> {
    let lines = state.app.royalty_statement(&user).await?;
    Ok(super::views::royalties(&Chrome::from(&ctx), &lines).into_response())
}

/// The shares form: one `e-mail: role: per cent` per line.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SharesForm {
    shares: String,
}

fn parse_share_lines(raw: &str) -> Result<Vec<(String, String, i64)>, Invalid> {
    raw.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut parts = line.split(':').map(str::trim);
            let (Some(who), Some(role), Some(percent), None) = (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(Invalid::Malformed);
            };
            Ok((who.to_owned(), role.to_owned(), crate::forms::parse_percent(percent)?))
        })
        .collect()
}

async fn idea_with_errors(
    state: &AppState,
    ctx: &PageCtx,
    id: IdeaId,
    errors: &FieldErrors,
) -> Result<Response, WebError> {
    let page = state.app.idea_page(ctx.user.as_ref(), id).await?;
    let body = crate::ideas::views::idea_page(&Chrome::from(ctx), &page, errors);
    Ok(unprocessable(body))
}

/// `POST /ideas/{id}/shares`
pub async fn set_shares(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
    HtmlForm(form): HtmlForm<SharesForm>,
) -> Result<Response, WebError> {
    let result = match parse_share_lines(&form.shares) {
        Ok(raw) => state.app.set_influence_shares(&user, id, &raw).await,
        Err(why) => {
            let mut errors = FieldErrors::new();
            errors.add("shares", why);
            Err(IdeasError::Invalid(errors))
        }
    };
    match result {
        Ok(()) => Ok(redirect_with_flash(&format!("/ideas/{id}#rights"), "flash-shares-set")),
        Err(IdeasError::Invalid(errors)) => idea_with_errors(&state, &ctx, id, &errors).await,
        Err(e) => Err(e.into()),
    }
}

/// The revenue form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RevenueForm {
    period: String,
    revenue: String,
    currency: String,
}

/// `POST /ideas/{id}/royalties`
pub async fn record_revenue(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
    HtmlForm(form): HtmlForm<RevenueForm>,
) -> Result<Response, WebError> {
    state.app.check_revenue_recorder(&user, id).await?;
    let mut errors = FieldErrors::new();
    let minor = errors
        .check("currency", Currency::parse(&form.currency))
        .and_then(|c| errors.check("revenue", Money::parse(&form.revenue, c)))
        .map(|m| m.minor());
    let result = if errors.is_empty() {
        state.app.record_revenue(&user, id, &form.period, minor, &form.currency).await.map(|_| ())
    } else {
        Err(IdeasError::Invalid(errors))
    };
    match result {
        Ok(()) => Ok(redirect_with_flash(&format!("/ideas/{id}#rights"), "flash-revenue-recorded")),
        Err(IdeasError::Invalid(errors)) => idea_with_errors(&state, &ctx, id, &errors).await,
        Err(e) => Err(e.into()),
    }
}

/// The form recording money received for a statement.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReceiptForm {
    amount: String,
    currency: String,
    reference: String,
}

/// `POST /royalty-statements/{id}/receipt` (admins): the money owed on a statement was received;
/// the contributors' royalties are credited.
pub async fn record_receipt(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(statement): Path<i64>,
    HtmlForm(form): HtmlForm<ReceiptForm>,
) -> Result<Response, WebError> {
    state.app.check_royalty_receipts(&user)?;
    let idea = state.app.royalty_statement_idea(statement).await?;
    let mut errors = FieldErrors::new();
    let minor = errors
        .check("currency", Currency::parse(&form.currency))
        .and_then(|c| errors.check("amount", Money::parse(&form.amount, c)))
        .map(|m| m.minor());
    let result = if errors.is_empty() {
        state.app.record_royalty_receipt(&user, statement, minor, &form.currency, &form.reference).await.map(|_| ())
    } else {
        Err(IdeasError::Invalid(errors))
    };
    match result {
        Ok(()) => Ok(redirect_with_flash(&format!("/ideas/{idea}#rights"), "flash-royalty-received")),
        Err(IdeasError::Invalid(errors)) => idea_with_errors(&state, &ctx, idea, &errors).await,
        Err(e) => Err(e.into()),
    }
}
