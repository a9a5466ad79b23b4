//! The JSON API for challenges, solutions, judging, awards, escrow and payouts.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ideaforge_app::ChallengeAction;
use ideaforge_app::{ChallengeCard, ChallengeListFilter, ChallengesError, MoneyInput};
use ideaforge_domain::challenge::{ChallengeInput, NewChallenge, Status};
use ideaforge_domain::money::Money;
use ideaforge_domain::{ChallengeId, FieldErrors, Invalid, QuestionId, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use super::bodies::{CardOut, PageBody};
use crate::components::wire::{self, MoneyBody, MoneySchema};
use crate::error::WebError;
use crate::extract::{ApiJson, OptionalJson, Path};
use crate::forms::parse_time;
use crate::session::{SignedIn, Viewer};
use crate::state::AppState;

impl From<ChallengesError> for WebError {
    fn from(e: ChallengesError) -> Self {
        match e {
            ChallengesError::Invalid(fields) => Self::Invalid(fields),
            ChallengesError::NotFound => Self::NotFound,
            ChallengesError::Forbidden => Self::Forbidden,
            ChallengesError::Refused(refusal) => Self::Refused(refusal.code()),
            ChallengesError::TooMany(retry) => Self::TooManyRequests(retry),
            ChallengesError::Internal(e) => Self::Internal(e),
        }
    }
}

/// A list of challenges.
#[derive(Debug, Serialize, ToSchema)]
pub struct CardsOut {
    challenges: Vec<CardOut>,
}

impl CardsOut {
    fn new(cards: &[ChallengeCard]) -> Self {
        Self { challenges: cards.iter().map(CardOut::from).collect() }
    }
}

/// Escrow just recorded (or recorded before under the same reference).
#[derive(Debug, Serialize, ToSchema)]
pub struct EscrowOut {
    transaction_id: String,
    /// False when this reference was recorded before and nothing changed.
    recorded: bool,
    #[schema(value_type = MoneySchema)]
    escrow: Money,
    #[schema(schema_with = wire::challenge_status)]
    status: Status,
}

/// A payout just recorded (or recorded before under the same reference).
#[derive(Debug, Serialize, ToSchema)]
pub struct PayoutOut {
    transaction_id: String,
    /// False when this reference was recorded before and nothing changed.
    recorded: bool,
}

/// A challenge ended, and what went back to its seeker.
#[derive(Debug, Serialize, ToSchema)]
pub struct EndedOut {
    #[schema(schema_with = wire::challenge_status)]
    status: Status,
    #[schema(value_type = MoneySchema)]
    refund: Money,
}

/// `POST /api/v1/challenges/{id}/close` and `/cancel` body (optional).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct EndBody {
    /// The public reason, required of an administrator ending a challenge without its awards
    /// (shown on its page and sent to every solver).
    reason: String,
}

/// A question just asked.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionCreated {
    #[schema(value_type = String)]
    id: QuestionId,
}

/// What the platform owes the caller, per currency.
#[derive(Debug, Serialize, ToSchema)]
pub struct BalanceOut {
    #[schema(value_type = Vec<MoneySchema>)]
    payable: Vec<Money>,
}

fn amount_minor(field: &'static str, body: &MoneyBody, errors: &mut FieldErrors) -> Option<i64> {
    wire::amount_minor(field, body.amount_minor.as_ref(), errors)
}

/// `POST /api/v1/challenges` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CreateChallenge {
    org: String,
    title: String,
    public_statement: String,
    confidential_details: String,
    #[serde(rename = "type")]
    kind: String,
    difficulty: String,
    category: String,
    #[schema(value_type = MoneySchema)]
    award: MoneyBody,
    award_split_bp: Vec<i64>,
    submission_deadline: String,
    ip_terms: String,
    anonymous: bool,
    criteria: Vec<CriterionBody>,
    /// The language its title and statement are written in (`en`, `it`, `ko`, `es`, `fr`, `de`,
    /// `pt`, `ja`, `zh`); empty or absent to detect it from the public text.
    #[schema(example = "it")]
    language: String,
}

/// One criterion of a new challenge.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct CriterionBody {
    name: String,
    weight: i64,
}

/// Parses a challenge body, naming every refused field (`org` only when `needs_org`).
fn parse_body(body: &CreateChallenge, now: OffsetDateTime, needs_org: bool) -> Result<NewChallenge, WebError> {
    let mut errors = FieldErrors::new();
    let deadline = errors.check("submission_deadline", parse_time(&body.submission_deadline)).flatten();
    let award_minor = amount_minor("award", &body.award, &mut errors);
    let criteria: Vec<(String, i64)> = body.criteria.iter().map(|c| (c.name.clone(), c.weight)).collect();
    let input = ChallengeInput {
        title: &body.title,
        public_statement: &body.public_statement,
        confidential_details: &body.confidential_details,
        kind: &body.kind,
        difficulty: &body.difficulty,
        category: &body.category,
        award_minor,
        currency: &body.award.currency,
        split: &body.award_split_bp,
        deadline,
        criteria: &criteria,
        ip_terms: &body.ip_terms,
        anonymous: body.anonymous,
        language: &body.language,
    };
    let parsed = NewChallenge::parse(&input, now);
    if needs_org && body.org.trim().is_empty() {
        errors.add("org", Invalid::Required);
    }
    match parsed {
        Ok(new) if errors.is_empty() => Ok(new),
        Ok(_) => Err(WebError::Invalid(errors)),
        Err(more) => {
            // A field already refused by the edge keeps its first reason.
            for (field, why) in more.iter() {
                if errors.get(field).is_none() {
                    errors.add(field, why);
                }
            }
            Err(WebError::Invalid(errors))
        }
    }
}

/// `POST /api/v1/challenges`
#[utoipa::path(
    post,
    path = "/challenges",
    tag = "challenges",
    summary = "Draft a challenge (organization managers)",
    request_body = CreateChallenge,
    responses((status = 201, description = "Created (draft)", body = PageBody)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn create_challenge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ApiJson(body): ApiJson<CreateChallenge>,
) -> Result<Response, WebError> {
    let new = parse_body(&body, state.app.now(), true)?;
    let id = state.app.create_challenge(&user, body.org.trim(), &new).await?;
    let page = state.app.challenge_page(Some(&user), id).await?;
    Ok((StatusCode::CREATED, Json(PageBody::from(&page))).into_response())
}

/// `PUT /api/v1/challenges/{id}`: replaces a draft's content (managers; drafts only).
#[utoipa::path(
    put,
    path = "/challenges/{id}",
    tag = "challenges",
    summary = "Replace a draft's content (seeker managers; drafts only — 409 wrong_status afterwards)",
    params(("id" = String, Path)),
    request_body = CreateChallenge,
    responses((status = 200, description = "Saved", body = PageBody)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn edit_challenge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    ApiJson(body): ApiJson<CreateChallenge>,
) -> Result<Json<PageBody>, WebError> {
    state.app.check_challenge_action(&user, id, ChallengeAction::EditDraft).await?;
    let new = parse_body(&body, state.app.now(), false)?;
    state.app.edit_challenge(&user, id, &new).await?;
    show_after(&state, &user, id).await
}

/// `GET /api/v1/challenges` query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListChallenges {
    status: String,
    category: String,
    #[serde(rename = "type")]
    kind: String,
}

/// Parses the list filters, naming refused ones.
pub(crate) fn list_filter(status: &str, category: &str, kind: &str) -> Result<ChallengeListFilter, WebError> {
    let mut errors = FieldErrors::new();
    let status = if status.trim().is_empty() { None } else { errors.check("status", status.parse()) };
    let kind = if kind.trim().is_empty() { None } else { errors.check("type", kind.parse()) };
    if !errors.is_empty() {
        return Err(WebError::Invalid(errors));
    }
    let category = Some(category.trim().to_owned()).filter(|c| !c.is_empty());
    Ok(ChallengeListFilter { status, category, kind })
}

/// `GET /api/v1/challenges`
#[utoipa::path(
    get,
    path = "/challenges",
    tag = "challenges",
    summary = "Public challenges, newest first",
    params(
        ("status" = Option<String>, Query, description = "Only this status"),
        ("category" = Option<String>, Query, description = "Only this category"),
        ("type" = Option<String>, Query, description = "Only this type"),
    ),
    responses((status = 200, description = "Challenges", body = CardsOut)),
)]
pub async fn list_challenges(
    State(state): State<AppState>,
    Query(query): Query<ListChallenges>,
) -> Result<Json<CardsOut>, WebError> {
    let filter = list_filter(&query.status, &query.category, &query.kind)?;
    let cards = state.app.list_challenges(&filter).await?;
    Ok(Json(CardsOut::new(&cards)))
}

/// `GET /api/v1/challenges/{id}`
#[utoipa::path(
    get,
    path = "/challenges/{id}",
    tag = "challenges",
    summary = "A challenge, as the caller may see it",
    params(("id" = String, Path)),
    responses((status = 200, description = "The challenge", body = PageBody)),
)]
pub async fn show_challenge(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<ChallengeId>,
) -> Result<Json<PageBody>, WebError> {
    let page = state.app.challenge_page(viewer.user.as_ref(), id).await?;
    Ok(Json(PageBody::from(&page)))
}

async fn show_after(
    state: &AppState,
    user: &ideaforge_domain::User,
    id: ChallengeId,
) -> Result<Json<PageBody>, WebError> {
    let page = state.app.challenge_page(Some(user), id).await?;
    Ok(Json(PageBody::from(&page)))
}

/// `POST /api/v1/challenges/{id}/submit`
#[utoipa::path(
    post,
    path = "/challenges/{id}/submit",
    tag = "challenges",
    summary = "Send a draft for review (managers)",
    params(("id" = String, Path)),
    responses((status = 200, description = "In review", body = PageBody)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn submit_challenge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
) -> Result<Json<PageBody>, WebError> {
    state.app.submit_challenge(&user, id).await?;
    show_after(&state, &user, id).await
}

/// `POST /api/v1/challenges/{id}/approve`
#[utoipa::path(
    post,
    path = "/challenges/{id}/approve",
    tag = "challenges",
    summary = "Approve a challenge in review (moderators); it opens once funded",
    params(("id" = String, Path)),
    responses((status = 200, description = "Approved", body = PageBody)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn approve_challenge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
) -> Result<Json<PageBody>, WebError> {
    state.app.approve_challenge(&user, id).await?;
    show_after(&state, &user, id).await
}

/// `POST /api/v1/challenges/{id}/escrow` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RecordEscrow {
    #[schema(value_type = MoneySchema)]
    amount: MoneyBody,
    reference: String,
}

/// `POST /api/v1/challenges/{id}/escrow` (admins): 201 when recorded now, 200 when this reference
/// was recorded before.
#[utoipa::path(
    post,
    path = "/challenges/{id}/escrow",
    tag = "challenges",
    summary = "Record money received into escrow (admins, manual provider); one reference records once",
    params(("id" = String, Path)),
    request_body = RecordEscrow,
    responses(
        (status = 201, description = "Recorded", body = EscrowOut),
        (status = 200, description = "This reference was recorded before; nothing changed", body = EscrowOut),
    ),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn record_escrow(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    ApiJson(body): ApiJson<RecordEscrow>,
) -> Result<Response, WebError> {
    let mut errors = FieldErrors::new();
    let minor = amount_minor("amount", &body.amount, &mut errors);
    if !errors.is_empty() {
        return Err(WebError::Invalid(errors));
    }
    let input = MoneyInput { amount_minor: minor, currency: &body.amount.currency };
    let funded = state.app.record_escrow(&user, id, input, &body.reference).await?;
    let status = if funded.new { StatusCode::CREATED } else { StatusCode::OK };
    let body = EscrowOut {
        transaction_id: funded.transaction.to_string(),
        recorded: funded.new,
        escrow: funded.escrow,
        status: funded.status,
    };
    Ok((status, Json(body)).into_response())
}

/// `POST /api/v1/challenges/{id}/close`
#[utoipa::path(
    post,
    path = "/challenges/{id}/close",
    tag = "challenges",
    summary = "Close after judging; unused escrow is refunded",
    params(("id" = String, Path)),
    request_body = Option<EndBody>,
    responses((status = 200, description = "Closed", body = EndedOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn close_challenge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    OptionalJson(body): OptionalJson<EndBody>,
) -> Result<Json<EndedOut>, WebError> {
    let refund = state.app.close_challenge(&user, id, &body.reason).await?;
    Ok(Json(EndedOut { status: Status::Closed, refund }))
}

/// `POST /api/v1/challenges/{id}/cancel`
#[utoipa::path(
    post,
    path = "/challenges/{id}/cancel",
    tag = "challenges",
    summary = "Cancel before any award (managers, admins); all escrow is refunded",
    params(("id" = String, Path)),
    request_body = Option<EndBody>,
    responses((status = 200, description = "Cancelled", body = EndedOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn cancel_challenge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    OptionalJson(body): OptionalJson<EndBody>,
) -> Result<Json<EndedOut>, WebError> {
    let refund = state.app.cancel_challenge(&user, id, &body.reason).await?;
    Ok(Json(EndedOut { status: Status::Cancelled, refund }))
}

/// `POST /api/v1/challenges/{id}/questions` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct QuestionBody {
    body: String,
}

/// `POST /api/v1/challenges/{id}/questions`
#[utoipa::path(
    post,
    path = "/challenges/{id}/questions",
    tag = "challenges",
    summary = "Ask a public question",
    params(("id" = String, Path)),
    request_body = QuestionBody,
    responses((status = 201, description = "Asked", body = QuestionCreated)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn ask_question(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    ApiJson(body): ApiJson<QuestionBody>,
) -> Result<Response, WebError> {
    let question = state.app.ask_question(&user, id, &body.body).await?;
    Ok((StatusCode::CREATED, Json(QuestionCreated { id: question })).into_response())
}

/// `POST /api/v1/questions/{id}/answer` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AnswerBody {
    answer: String,
}

/// `POST /api/v1/questions/{id}/answer`
#[utoipa::path(
    post,
    path = "/questions/{id}/answer",
    tag = "challenges",
    summary = "Answer a question publicly (seeker managers)",
    params(("id" = String, Path)),
    request_body = AnswerBody,
    responses((status = 200, description = "The challenge", body = PageBody)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn answer_question(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<QuestionId>,
    ApiJson(body): ApiJson<AnswerBody>,
) -> Result<Json<PageBody>, WebError> {
    let challenge = state.app.answer_question(&user, id, &body.answer).await?;
    show_after(&state, &user, challenge).await
}

/// `GET /api/v1/me/balance`
#[utoipa::path(
    get,
    path = "/me/balance",
    tag = "challenges",
    summary = "The caller's payable balances (awards and royalties not yet paid out)",
    responses((status = 200, description = "Balances", body = BalanceOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn show_balance(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Json<BalanceOut>, WebError> {
    let payable = state.app.balances(&user).await?;
    Ok(Json(BalanceOut { payable }))
}

/// `POST /api/v1/payouts` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct PayoutBody {
    user_id: String,
    #[schema(value_type = MoneySchema)]
    amount: MoneyBody,
    reference: String,
}

/// `POST /api/v1/payouts` (admins): 201 when recorded now, 200 when this reference was recorded
/// before.
#[utoipa::path(
    post,
    path = "/payouts",
    tag = "challenges",
    summary = "Record money paid out to a member (admins, manual provider); one reference records once",
    request_body = PayoutBody,
    responses(
        (status = 201, description = "Recorded", body = PayoutOut),
        (status = 200, description = "This reference was recorded before", body = PayoutOut),
    ),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn record_payout(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ApiJson(body): ApiJson<PayoutBody>,
) -> Result<Response, WebError> {
    state.app.check_payouts(&user)?;
    let mut errors = FieldErrors::new();
    let member: Option<UserId> = errors.check("user_id", body.user_id.trim().parse().map_err(|_| Invalid::Unknown));
    let minor = amount_minor("amount", &body.amount, &mut errors);
    let Some(member) = member.filter(|_| errors.is_empty()) else {
        return Err(WebError::Invalid(errors));
    };
    let input = MoneyInput { amount_minor: minor, currency: &body.amount.currency };
    let (transaction, new) = state.app.record_payout(&user, member, input, &body.reference).await?;
    let status = if new { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(PayoutOut { transaction_id: transaction.to_string(), recorded: new })).into_response())
}

/// `GET /api/v1/admin/escrow` (admins)
#[utoipa::path(
    get,
    path = "/admin/escrow",
    tag = "challenges",
    summary = "Every challenge with its escrow (admins)",
    responses((status = 200, description = "Challenges", body = CardsOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn escrow_overview(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Json<CardsOut>, WebError> {
    let cards = state.app.escrow_overview(&user).await?;
    Ok(Json(CardsOut::new(&cards)))
}
