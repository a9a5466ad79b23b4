//! The JSON API for challenges, solutions, judging, awards, escrow and payouts.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ideaforge_app::{ChallengeCard, ChallengeListFilter, ChallengePage, ChallengeView, ChallengesError, MoneyInput};
use ideaforge_domain::challenge::{Award, ChallengeInput, NewChallenge, Question};
use ideaforge_domain::{ChallengeId, FieldErrors, Invalid, QuestionId, UserId};
use serde::Deserialize;
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::components::time::rfc3339;
use crate::components::wire::money_json;
use crate::error::WebError;
use crate::extract::{ApiJson, Path};
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
            ChallengesError::Internal(e) => Self::Internal(e),
        }
    }
}

fn challenge_json(c: &ChallengeView) -> Value {
    let mut body = json!({
        "id": c.id.to_string(),
        "title": c.title,
        "public_statement": c.statement.as_str(),
        "type": c.kind.as_str(),
        "difficulty": c.difficulty.as_str(),
        "category": c.category.as_str(),
        "award": money_json(c.award),
        "award_split_bp": c.split.iter().map(|b| b.get()).collect::<Vec<_>>(),
        "submission_deadline": rfc3339(c.deadline),
        "criteria": c.criteria.as_slice().iter().map(|k| json!({"name": k.name.as_str(), "weight": k.weight})).collect::<Vec<_>>(),
        "ip_terms": c.ip_terms.as_str(),
        "anonymous": c.anonymous,
        "seeker": c.seeker.as_ref().map(|o| json!({"slug": o.slug.as_str(), "name": o.name.as_str()})),
        "status": c.status.as_str(),
        "approved": c.approved,
        "fee": money_json(c.fee),
        "required_escrow": money_json(c.required_escrow),
        "opened_at": c.opened_at.map(rfc3339),
        "my_solution_id": c.my_solution.map(|s| s.to_string()),
        "agreement_accepted_at": c.access.accepted.as_ref().map(|a| rfc3339(a.accepted_at)),
    });
    if let Some(details) = &c.details {
        body["confidential_details"] = json!(details.as_str());
    }
    if let Some(escrow) = c.escrow {
        body["escrow"] = money_json(escrow);
    }
    body
}

fn question_json(q: &Question) -> Value {
    json!({
        "id": q.id.to_string(),
        "asker": q.asker_name,
        "body": q.body.as_str(),
        "answer": q.answer.as_ref().map(|a| a.as_str()),
        "asked_at": rfc3339(q.asked_at),
        "answered_at": q.answered_at.map(rfc3339),
    })
}

pub(super) fn award_json(a: &Award, insider: bool) -> Value {
    let mut body = json!({
        "share_bp": a.share.get(),
        "amount": money_json(a.amount),
        "ip_terms": a.ip_terms.as_str(),
        "awarded_at": rfc3339(a.awarded_at),
    });
    if insider {
        body["solution_id"] = json!(a.solution.to_string());
        body["fee"] = money_json(a.fee);
    }
    body
}

fn page_json(page: &ChallengePage) -> Value {
    let insider = page.challenge.access.is_insider();
    let mut body = challenge_json(&page.challenge);
    body["questions"] = page.questions.iter().map(question_json).collect();
    body["awards"] = page.awards.iter().map(|a| award_json(a, insider)).collect();
    body
}

fn card_json(c: &ChallengeCard) -> Value {
    let mut body = json!({
        "id": c.id.to_string(),
        "title": c.title,
        "type": c.kind.as_str(),
        "difficulty": c.difficulty.as_str(),
        "category": c.category,
        "award": money_json(c.award),
        "submission_deadline": rfc3339(c.deadline),
        "status": c.status.as_str(),
        "seeker": c.seeker,
    });
    if let Some(escrow) = c.escrow {
        body["escrow"] = money_json(escrow);
        body["required_escrow"] = money_json(c.required_escrow);
    }
    body
}

/// Money as the API contract sends it: `{"amount_minor": 150000, "currency": "USD"}`. The amount
/// is read as any JSON value so that a fraction, a string or a number too large for 64 bits is a
/// field error (422), not an unreadable body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MoneyBody {
    amount_minor: Option<Value>,
    currency: String,
}

fn amount_minor(field: &'static str, body: &MoneyBody, errors: &mut FieldErrors) -> Option<i64> {
    match &body.amount_minor {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => match n.as_i64() {
            Some(minor) => Some(minor),
            None if n.is_f64() => {
                errors.add(field, Invalid::Malformed);
                None
            }
            None => {
                errors.add(field, Invalid::OutOfRange { min: 1, max: ideaforge_domain::money::MAX_MINOR });
                None
            }
        },
        Some(_) => {
            errors.add(field, Invalid::Malformed);
            None
        }
    }
}

/// `POST /api/v1/challenges` body.
#[derive(Debug, Default, Deserialize)]
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
    award: MoneyBody,
    award_split_bp: Vec<i64>,
    submission_deadline: String,
    ip_terms: String,
    anonymous: bool,
    criteria: Vec<CriterionBody>,
}

/// One criterion of a new challenge.
#[derive(Debug, Default, Deserialize)]
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
pub async fn create_challenge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ApiJson(body): ApiJson<CreateChallenge>,
) -> Result<Response, WebError> {
    let new = parse_body(&body, state.app.now(), true)?;
    let id = state.app.create_challenge(&user, body.org.trim(), &new).await?;
    let page = state.app.challenge_page(Some(&user), id).await?;
    Ok((StatusCode::CREATED, Json(page_json(&page))).into_response())
}

/// `PUT /api/v1/challenges/{id}`: replaces a draft's content (managers; drafts only).
pub async fn edit_challenge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    ApiJson(body): ApiJson<CreateChallenge>,
) -> Result<Json<Value>, WebError> {
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
pub async fn list_challenges(
    State(state): State<AppState>,
    Query(query): Query<ListChallenges>,
) -> Result<Json<Value>, WebError> {
    let filter = list_filter(&query.status, &query.category, &query.kind)?;
    let cards = state.app.list_challenges(&filter).await?;
    Ok(Json(json!({"challenges": cards.iter().map(card_json).collect::<Vec<_>>()})))
}

/// `GET /api/v1/challenges/{id}`
pub async fn show_challenge(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<ChallengeId>,
) -> Result<Json<Value>, WebError> {
    let page = state.app.challenge_page(viewer.user.as_ref(), id).await?;
    Ok(Json(page_json(&page)))
}

async fn show_after(state: &AppState, user: &ideaforge_domain::User, id: ChallengeId) -> Result<Json<Value>, WebError> {
    let page = state.app.challenge_page(Some(user), id).await?;
    Ok(Json(page_json(&page)))
}

/// `POST /api/v1/challenges/{id}/submit`
pub async fn submit_challenge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
) -> Result<Json<Value>, WebError> {
    state.app.submit_challenge(&user, id).await?;
    show_after(&state, &user, id).await
}

/// `POST /api/v1/challenges/{id}/approve`
pub async fn approve_challenge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
) -> Result<Json<Value>, WebError> {
    state.app.approve_challenge(&user, id).await?;
    show_after(&state, &user, id).await
}

/// `POST /api/v1/challenges/{id}/escrow` body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RecordEscrow {
    amount: MoneyBody,
    reference: String,
}

/// `POST /api/v1/challenges/{id}/escrow` (admins): 201 when recorded now, 200 when this reference
/// was recorded before.
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
    let body = json!({
        "transaction_id": funded.transaction.to_string(),
        "recorded": funded.new,
        "escrow": money_json(funded.escrow),
        "status": funded.status.as_str(),
    });
    Ok((status, Json(body)).into_response())
}

/// `POST /api/v1/challenges/{id}/close`
pub async fn close_challenge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
) -> Result<Json<Value>, WebError> {
    let refund = state.app.close_challenge(&user, id).await?;
    Ok(Json(json!({"status": "closed", "refund": money_json(refund)})))
}

/// `POST /api/v1/challenges/{id}/cancel`
pub async fn cancel_challenge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
) -> Result<Json<Value>, WebError> {
    let refund = state.app.cancel_challenge(&user, id).await?;
    Ok(Json(json!({"status": "cancelled", "refund": money_json(refund)})))
}

/// `POST /api/v1/challenges/{id}/questions` body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct QuestionBody {
    body: String,
}

/// `POST /api/v1/challenges/{id}/questions`
pub async fn ask_question(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    ApiJson(body): ApiJson<QuestionBody>,
) -> Result<Response, WebError> {
    let question = state.app.ask_question(&user, id, &body.body).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": question.to_string()}))).into_response())
}

/// `POST /api/v1/questions/{id}/answer` body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AnswerBody {
    answer: String,
}

/// `POST /api/v1/questions/{id}/answer`
pub async fn answer_question(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<QuestionId>,
    ApiJson(body): ApiJson<AnswerBody>,
) -> Result<Json<Value>, WebError> {
    let challenge = state.app.answer_question(&user, id, &body.answer).await?;
    show_after(&state, &user, challenge).await
}

/// `GET /api/v1/me/balance`
pub async fn show_balance(State(state): State<AppState>, SignedIn(user): SignedIn) -> Result<Json<Value>, WebError> {
    let balances = state.app.balances(&user).await?;
    Ok(Json(json!({"payable": balances.into_iter().map(money_json).collect::<Vec<_>>()})))
}

/// `POST /api/v1/payouts` body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PayoutBody {
    user_id: String,
    amount: MoneyBody,
    reference: String,
}

/// `POST /api/v1/payouts` (admins): 201 when recorded now, 200 when this reference was recorded
/// before.
pub async fn record_payout(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ApiJson(body): ApiJson<PayoutBody>,
) -> Result<Response, WebError> {
    let mut errors = FieldErrors::new();
    let member: Option<UserId> = errors.check("user_id", body.user_id.trim().parse().map_err(|_| Invalid::Unknown));
    let minor = amount_minor("amount", &body.amount, &mut errors);
    let Some(member) = member.filter(|_| errors.is_empty()) else {
        return Err(WebError::Invalid(errors));
    };
    let input = MoneyInput { amount_minor: minor, currency: &body.amount.currency };
    let (transaction, new) = state.app.record_payout(&user, member, input, &body.reference).await?;
    let status = if new { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(json!({"transaction_id": transaction.to_string(), "recorded": new}))).into_response())
}

/// `GET /api/v1/admin/escrow` (admins)
pub async fn escrow_overview(State(state): State<AppState>, SignedIn(user): SignedIn) -> Result<Json<Value>, WebError> {
    let cards = state.app.escrow_overview(&user).await?;
    Ok(Json(json!({"challenges": cards.iter().map(card_json).collect::<Vec<_>>()})))
}
