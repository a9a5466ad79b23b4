//! The IP register over HTML and the JSON API: verifying the chain, records and the content check,
//! influence shares and royalties.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ideaforge_app::{IdeasError, RecordView, RoyaltyReport};
use ideaforge_domain::ip::{RecordKind, Subject};
use ideaforge_domain::money::{Currency, Money};
use ideaforge_domain::{FieldErrors, IdeaId, Invalid};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::components::Chrome;
use crate::components::time::rfc3339;
use crate::components::wire::money_json;
use crate::error::WebError;
use crate::extract::{ApiJson, HtmlForm, Path};
use crate::forms::{redirect_with_flash, unprocessable};
use crate::session::{PageCtx, SignedIn, Viewer};
use crate::state::AppState;

/// A register record: its fields, the parties as the viewer may see them, and its hashes.
#[derive(Debug, Serialize)]
pub struct RecordOut {
    seq: i64,
    kind: RecordKind,
    subject: Subject,
    parties: Vec<PartyOut>,
    terms: String,
    content_sha256: String,
    prev_hash: String,
    hash: String,
    recorded_at: String,
}

/// A party a record names (`user:5`), with a name when the viewer may know it.
#[derive(Debug, Serialize)]
pub struct PartyOut {
    #[serde(rename = "ref")]
    reference: String,
    name: Option<String>,
}

impl From<&RecordView> for RecordOut {
    fn from(view: &RecordView) -> Self {
        let r = &view.record;
        Self {
            seq: r.seq,
            kind: r.kind,
            subject: r.subject,
            parties: view
                .parties
                .iter()
                .map(|p| PartyOut { reference: p.reference.clone(), name: p.name.clone() })
                .collect(),
            terms: r.terms.clone(),
            content_sha256: r.content_sha256.clone(),
            prev_hash: r.prev_hash.clone(),
            hash: r.hash.clone(),
            recorded_at: rfc3339(r.recorded_at),
        }
    }
}

/// Records about a subject.
#[derive(Debug, Serialize)]
pub struct RecordsOut {
    records: Vec<RecordOut>,
}

/// The chain's verification.
#[derive(Debug, Serialize)]
pub struct VerifyOut {
    ok: bool,
    records: usize,
    first_broken: Option<BrokenOut>,
}

/// The first record that breaks the chain, and why.
#[derive(Debug, Serialize)]
pub struct BrokenOut {
    seq: i64,
    reason: String,
}

/// Whether a text is the one a record hashed.
#[derive(Debug, Serialize)]
pub struct CheckOut {
    matches: bool,
    sha256: String,
}

/// `GET /api/v1/ip/verify`: recomputes the chain.
pub async fn api_verify(State(state): State<AppState>) -> Result<Json<VerifyOut>, WebError> {
    let report = state.app.verify_ip().await?;
    let broken = report.first_broken.map(|b| BrokenOut { seq: b.seq(), reason: b.to_string() });
    Ok(Json(VerifyOut { ok: broken.is_none(), records: report.records, first_broken: broken }))
}

/// `GET /api/v1/ip/records` query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RecordsQuery {
    subject: String,
}

/// `GET /api/v1/ip/records?subject=idea:7`
pub async fn api_records(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<RecordsQuery>,
) -> Result<Json<RecordsOut>, WebError> {
    let subject: Subject = query.subject.parse().map_err(|why| {
        let mut errors = FieldErrors::new();
        errors.add("subject", why);
        WebError::Invalid(errors)
    })?;
    let records = state.app.ip_records(viewer.user.as_ref(), subject).await?;
    Ok(Json(RecordsOut { records: records.iter().map(RecordOut::from).collect() }))
}

/// `GET /api/v1/ip/records/{seq}`
pub async fn api_record(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(seq): Path<i64>,
) -> Result<Json<RecordOut>, WebError> {
    let view = state.app.ip_record(viewer.user.as_ref(), seq).await?;
    Ok(Json(RecordOut::from(&view)))
}

/// A text to check against a record.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CheckBody {
    text: String,
}

/// `POST /api/v1/ip/records/{seq}/check`
pub async fn api_check(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(seq): Path<i64>,
    ApiJson(body): ApiJson<CheckBody>,
) -> Result<Json<CheckOut>, WebError> {
    let (matches, sha256) = state.app.check_ip_content(viewer.user.as_ref(), seq, &body.text).await?;
    Ok(Json(CheckOut { matches, sha256 }))
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

/// One share in the API.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShareBody {
    user: String,
    role: String,
    bp: i64,
}

/// `PUT /api/v1/ideas/{id}/shares` body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SharesBody {
    shares: Vec<ShareBody>,
}

/// `PUT /api/v1/ideas/{id}/shares`
pub async fn api_set_shares(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
    ApiJson(body): ApiJson<SharesBody>,
) -> Result<Json<Value>, WebError> {
    let raw: Vec<(String, String, i64)> = body.shares.into_iter().map(|s| (s.user, s.role, s.bp)).collect();
    state.app.set_influence_shares(&user, id, &raw).await?;
    let rights = state.app.idea_rights(Some(&user), id).await?;
    let shares: Vec<Value> =
        rights.shares.iter().map(|(name, role, bp)| json!({"name": name, "role": role, "bp": bp})).collect();
    Ok(Json(json!({"shares": shares})))
}

/// `POST /api/v1/ideas/{id}/royalties` body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RevenueBody {
    period: String,
    revenue: RevenueMoney,
}

/// Revenue as money.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RevenueMoney {
    amount_minor: Option<Value>,
    currency: String,
}

fn report_json(report: &RoyaltyReport) -> Value {
    json!({
        "pool": money_json(report.pool),
        "parts": report.parts.iter().map(|(name, m)| json!({"name": name, "amount": money_json(*m)})).collect::<Vec<_>>(),
    })
}

/// `POST /api/v1/ideas/{id}/royalties`
pub async fn api_record_revenue(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
    ApiJson(body): ApiJson<RevenueBody>,
) -> Result<Response, WebError> {
    let minor = match &body.revenue.amount_minor {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64(),
        Some(_) => {
            let mut errors = FieldErrors::new();
            errors.add("revenue", Invalid::Malformed);
            return Err(WebError::Invalid(errors));
        }
    };
    let report = state.app.record_revenue(&user, id, &body.period, minor, &body.revenue.currency).await?;
    Ok((StatusCode::CREATED, Json(report_json(&report))).into_response())
}

/// `GET /api/v1/me/royalties`
pub async fn api_royalties(State(state): State<AppState>, SignedIn(user): SignedIn) -> Result<Json<Value>, WebError> {
    let lines = state.app.royalty_statement(&user).await?;
    let lines: Vec<Value> = lines
        .iter()
        .map(|l| {
            json!({
                "idea_id": l.idea.to_string(), "idea_title": l.idea_title, "period": l.period,
                "revenue": money_json(l.revenue), "role": l.role, "share_bp": l.share.get(),
                "amount": money_json(l.amount), "recorded_at": rfc3339(l.recorded_at),
            })
        })
        .collect();
    Ok(Json(json!({"lines": lines})))
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
