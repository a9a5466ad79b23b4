//! The IP register's JSON API: verifying the chain, records and the content check, influence
//! shares and royalties.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ideaforge_app::{RecordView, RoyaltyReport};
use ideaforge_domain::ip::{RecordKind, Subject};
use ideaforge_domain::money::Money;
use ideaforge_domain::{FieldErrors, IdeaId};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use super::handlers::CheckBody;
use crate::components::time::rfc3339;
use crate::components::wire::{self, MoneySchema};
use crate::error::WebError;
use crate::extract::{ApiJson, Path};
use crate::session::{SignedIn, Viewer};
use crate::state::AppState;

/// A register record: its fields, the parties as the viewer may see them, and its hashes.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = IpRecord)]
pub struct RecordOut {
    seq: i64,
    #[schema(schema_with = wire::record_kind)]
    kind: RecordKind,
    /// What the record is about (`idea:7`, `solution:3`).
    #[schema(value_type = String)]
    subject: Subject,
    parties: Vec<PartyOut>,
    terms: String,
    content_sha256: String,
    prev_hash: String,
    hash: String,
    #[schema(format = DateTime)]
    recorded_at: String,
}

/// A party a record names (`user:5`), with a name when the viewer may know it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartyOut {
    #[serde(rename = "ref")]
    reference: String,
    name: Option<String>,
}

/// Records about a subject.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordsOut {
    records: Vec<RecordOut>,
}

/// The chain's verification.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerifyOut {
    ok: bool,
    records: usize,
    first_broken: Option<BrokenOut>,
}

/// The first record that breaks the chain, and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct BrokenOut {
    seq: i64,
    reason: String,
}

/// Whether a text is the one a record hashed.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckOut {
    matches: bool,
    sha256: String,
}

/// `GET /api/v1/ip/verify`: recomputes the chain.
#[utoipa::path(
    get,
    path = "/ip/verify",
    tag = "ip",
    summary = "Recompute the register's hash chain",
    responses((status = 200, description = "The result", body = VerifyOut)),
)]
pub async fn verify_chain(State(state): State<AppState>) -> Result<Json<VerifyOut>, WebError> {
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
#[utoipa::path(
    get,
    path = "/ip/records",
    tag = "ip",
    summary = "Records about one subject, oldest first",
    params(("subject" = String, Query, description = "What the records are about, e.g. `idea:7`")),
    responses((status = 200, description = "Records", body = RecordsOut)),
)]
pub async fn list_records(
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
#[utoipa::path(
    get,
    path = "/ip/records/{seq}",
    tag = "ip",
    summary = "One record",
    params(("seq" = i64, Path)),
    responses((status = 200, description = "The record", body = RecordOut)),
)]
pub async fn show_record(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(seq): Path<i64>,
) -> Result<Json<RecordOut>, WebError> {
    let view = state.app.ip_record(viewer.user.as_ref(), seq).await?;
    Ok(Json(RecordOut::from(&view)))
}

/// `POST /api/v1/ip/records/{seq}/check`
#[utoipa::path(
    post,
    path = "/ip/records/{seq}/check",
    tag = "ip",
    summary = "Check a text against a record's content hash (nothing is stored; line endings are normalised and surrounding blank space ignored)",
    params(("seq" = i64, Path)),
    request_body = CheckBody,
    responses((status = 200, description = "The answer", body = CheckOut)),
)]
pub async fn check_record(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(seq): Path<i64>,
    ApiJson(body): ApiJson<CheckBody>,
) -> Result<Json<CheckOut>, WebError> {
    let (matches, sha256) = state.app.check_ip_content(viewer.user.as_ref(), seq, &body.text).await?;
    Ok(Json(CheckOut { matches, sha256 }))
}

/// One share in the API.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ShareBody {
    /// The contributor's e-mail address or id.
    user: String,
    role: String,
    #[schema(minimum = 1, maximum = 10000)]
    bp: i64,
}

/// `PUT /api/v1/ideas/{id}/shares` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct SharesBody {
    shares: Vec<ShareBody>,
}

/// `PUT /api/v1/ideas/{id}/shares`
#[utoipa::path(
    put,
    path = "/ideas/{id}/shares",
    tag = "ip",
    summary = "Set influence shares (the contest's managers, once selected); they must total 10000 bp",
    params(("id" = String, Path)),
    request_body = SharesBody,
    responses((status = 200, description = "The shares", body = SharesOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn set_shares(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
    ApiJson(body): ApiJson<SharesBody>,
) -> Result<Json<SharesOut>, WebError> {
    let raw: Vec<(String, String, i64)> = body.shares.into_iter().map(|s| (s.user, s.role, s.bp)).collect();
    state.app.set_influence_shares(&user, id, &raw).await?;
    let rights = state.app.idea_rights(Some(&user), id).await?;
    let shares = rights.shares.into_iter().map(|(name, role, bp)| ShareOut { name, role, bp }).collect();
    Ok(Json(SharesOut { shares }))
}

/// An idea's influence shares.
#[derive(Debug, Serialize, ToSchema)]
pub struct SharesOut {
    shares: Vec<ShareOut>,
}

/// One contributor's influence share.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShareOut {
    name: String,
    role: String,
    bp: u16,
}

/// A revenue statement just recorded: what the organization owes and each contributor's part.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportOut {
    /// The statement (an admin records the money received against it).
    statement_id: i64,
    #[schema(value_type = MoneySchema)]
    pool: Money,
    parts: Vec<PartOut>,
}

/// One contributor's part of a royalty pool.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartOut {
    name: String,
    #[schema(value_type = MoneySchema)]
    amount: Money,
}

/// The caller's royalty statement.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatementOut {
    lines: Vec<StatementLineOut>,
}

/// One line of a royalty statement.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatementLineOut {
    #[schema(value_type = String)]
    idea_id: IdeaId,
    idea_title: String,
    period: String,
    #[schema(value_type = MoneySchema)]
    revenue: Money,
    role: String,
    share_bp: u16,
    #[schema(value_type = MoneySchema)]
    amount: Money,
    #[schema(format = DateTime)]
    recorded_at: String,
    /// When the money was received and the line credited; null while it is owed.
    #[schema(format = DateTime)]
    credited_at: Option<String>,
}

/// `POST /api/v1/ideas/{id}/royalties` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RevenueBody {
    period: String,
    #[schema(value_type = MoneySchema)]
    revenue: RevenueMoney,
}

/// Revenue as money.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RevenueMoney {
    amount_minor: Option<Value>,
    currency: String,
}

/// `POST /api/v1/ideas/{id}/royalties`
#[utoipa::path(
    post,
    path = "/ideas/{id}/royalties",
    tag = "ip",
    summary = "Record net revenue for a launched idea and a period: the royalties (revenue × influence pool, split by shares, largest remainder) are owed by the organization and credited to contributors' payable accounts only when an admin records the money as received",
    params(("id" = String, Path)),
    request_body = RevenueBody,
    responses((status = 201, description = "Recorded (owed)", body = ReportOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn record_revenue(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
    ApiJson(body): ApiJson<RevenueBody>,
) -> Result<Response, WebError> {
    let minor = minor_units("revenue", body.revenue.amount_minor.as_ref())?;
    let report = state.app.record_revenue(&user, id, &body.period, minor, &body.revenue.currency).await?;
    Ok((StatusCode::CREATED, Json(ReportOut::from(&report))).into_response())
}

/// `GET /api/v1/me/royalties`
#[utoipa::path(
    get,
    path = "/me/royalties",
    tag = "ip",
    summary = "The caller's royalty statement",
    responses((status = 200, description = "Lines", body = StatementOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn show_royalties(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Json<StatementOut>, WebError> {
    let lines = state.app.royalty_statement(&user).await?;
    let lines = lines
        .into_iter()
        .map(|l| StatementLineOut {
            idea_id: l.idea,
            idea_title: l.idea_title,
            period: l.period,
            revenue: l.revenue,
            role: l.role,
            share_bp: l.share.get(),
            amount: l.amount,
            recorded_at: rfc3339(l.recorded_at),
            credited_at: l.credited_at.map(rfc3339),
        })
        .collect();
    Ok(Json(StatementOut { lines }))
}

/// An idea's revenue statements.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatementsOut {
    statements: Vec<StatementSummaryOut>,
}

/// A revenue statement: what is owed, and whether the money was received.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatementSummaryOut {
    id: i64,
    period: String,
    #[schema(value_type = MoneySchema)]
    revenue: Money,
    /// The royalties owed.
    #[schema(value_type = MoneySchema)]
    pool: Money,
    #[schema(format = DateTime)]
    recorded_at: String,
    /// When the money was received and the holders credited; null while owed.
    #[schema(format = DateTime)]
    received_at: Option<String>,
}

/// `GET /api/v1/ideas/{id}/royalty-statements`
#[utoipa::path(
    get,
    path = "/ideas/{id}/royalty-statements",
    tag = "ip",
    summary = "An idea's revenue statements, owed or received (the contest's managers and admins)",
    params(("id" = String, Path)),
    responses((status = 200, description = "Statements, newest first", body = StatementsOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn list_statements(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
) -> Result<Json<StatementsOut>, WebError> {
    let statements = state
        .app
        .royalty_statements(&user, id)
        .await?
        .into_iter()
        .map(|s| StatementSummaryOut {
            id: s.id,
            period: s.period,
            revenue: s.revenue,
            pool: s.pool,
            recorded_at: rfc3339(s.recorded_at),
            received_at: s.received_at.map(rfc3339),
        })
        .collect();
    Ok(Json(StatementsOut { statements }))
}

/// `POST /api/v1/royalty-statements/{id}/receipt` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReceiptBody {
    #[schema(value_type = MoneySchema)]
    amount: RevenueMoney,
    /// The payment provider's reference for the money received.
    reference: String,
}

/// A receipt recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReceiptOut {
    #[schema(value_type = String)]
    idea_id: IdeaId,
    transaction_id: i64,
}

/// `POST /api/v1/royalty-statements/{id}/receipt`
#[utoipa::path(
    post,
    path = "/royalty-statements/{id}/receipt",
    tag = "ip",
    summary = "Record the money received for a revenue statement (admins): exactly the royalties owed, once; only then are the contributors' payables credited",
    params(("id" = i64, Path)),
    request_body = ReceiptBody,
    responses((status = 201, description = "Received and credited", body = ReceiptOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn record_receipt(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(statement): Path<i64>,
    ApiJson(body): ApiJson<ReceiptBody>,
) -> Result<Response, WebError> {
    let minor = minor_units("amount", body.amount.amount_minor.as_ref())?;
    let (idea, transaction) =
        state.app.record_royalty_receipt(&user, statement, minor, &body.amount.currency, &body.reference).await?;
    Ok((StatusCode::CREATED, Json(ReceiptOut { idea_id: idea, transaction_id: transaction })).into_response())
}

/// Minor units from a JSON value, or the field's error.
fn minor_units(field: &'static str, value: Option<&Value>) -> Result<Option<i64>, WebError> {
    let mut errors = FieldErrors::new();
    let minor = wire::amount_minor(field, value, &mut errors);
    if errors.is_empty() { Ok(minor) } else { Err(WebError::Invalid(errors)) }
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

impl From<&RoyaltyReport> for ReportOut {
    fn from(report: &RoyaltyReport) -> Self {
        let parts = report.parts.iter().map(|(name, amount)| PartOut { name: name.clone(), amount: *amount }).collect();
        Self { statement_id: report.statement, pool: report.pool, parts }
    }
}
