//! The JSON API for challenges, solutions, judging, awards, escrow and payouts.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ideaforge_app::{ChallengeCard, ChallengeListFilter, ChallengePage, ChallengeView, ChallengesError, MoneyInput};
use ideaforge_domain::challenge::{
    Award, ChallengeInput, ChallengeIpTerms, ChallengeKind, Difficulty, NewChallenge, Question, Status,
};
use ideaforge_domain::money::Money;
use ideaforge_domain::{ChallengeId, FieldErrors, Invalid, QuestionId, SolutionId, UserId};
use serde::{Deserialize, Serialize};
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

/// A challenge as one viewer may see it: the confidential details and the escrow are left out
/// unless the viewer may read them.
#[derive(Debug, Serialize)]
pub struct ChallengeBody {
    id: ChallengeId,
    title: String,
    public_statement: String,
    #[serde(rename = "type")]
    kind: ChallengeKind,
    difficulty: Difficulty,
    category: String,
    award: Money,
    award_split_bp: Vec<u16>,
    submission_deadline: String,
    criteria: Vec<CriterionOut>,
    ip_terms: ChallengeIpTerms,
    anonymous: bool,
    seeker: Option<SeekerBody>,
    status: Status,
    approved: bool,
    fee: Money,
    required_escrow: Money,
    opened_at: Option<String>,
    my_solution_id: Option<SolutionId>,
    agreement_accepted_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    confidential_details: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    escrow: Option<Money>,
}

/// A judging criterion.
#[derive(Debug, Serialize)]
pub struct CriterionOut {
    name: String,
    weight: u8,
}

/// The seeker, for those who may know it.
#[derive(Debug, Serialize)]
pub struct SeekerBody {
    slug: String,
    name: String,
}

impl From<&ChallengeView> for ChallengeBody {
    fn from(c: &ChallengeView) -> Self {
        Self {
            id: c.id,
            title: c.title.clone(),
            public_statement: c.statement.as_str().to_owned(),
            kind: c.kind,
            difficulty: c.difficulty,
            category: c.category.as_str().to_owned(),
            award: c.award,
            award_split_bp: c.split.iter().map(|b| b.get()).collect(),
            submission_deadline: rfc3339(c.deadline),
            criteria: c
                .criteria
                .as_slice()
                .iter()
                .map(|k| CriterionOut { name: k.name.as_str().to_owned(), weight: k.weight })
                .collect(),
            ip_terms: c.ip_terms,
            anonymous: c.anonymous,
            seeker: c
                .seeker
                .as_ref()
                .map(|o| SeekerBody { slug: o.slug.as_str().to_owned(), name: o.name.as_str().to_owned() }),
            status: c.status,
            approved: c.approved,
            fee: c.fee,
            required_escrow: c.required_escrow,
            opened_at: c.opened_at.map(rfc3339),
            my_solution_id: c.my_solution,
            agreement_accepted_at: c.access.accepted.as_ref().map(|a| rfc3339(a.accepted_at)),
            confidential_details: c.details.as_ref().map(|d| d.as_str().to_owned()),
            escrow: c.escrow,
        }
    }
}

/// A public question and its answer.
#[derive(Debug, Serialize)]
pub struct QuestionOut {
    id: QuestionId,
    asker: String,
    body: String,
    answer: Option<String>,
    asked_at: String,
    answered_at: Option<String>,
}

impl From<&Question> for QuestionOut {
    fn from(q: &Question) -> Self {
        Self {
            id: q.id,
            asker: q.asker_name.clone(),
            body: q.body.as_str().to_owned(),
            answer: q.answer.as_ref().map(|a| a.as_str().to_owned()),
            asked_at: rfc3339(q.asked_at),
            answered_at: q.answered_at.map(rfc3339),
        }
    }
}

/// An award; which solution it went to and the fee on it only for the seeker's people and admins.
#[derive(Debug, Serialize)]
pub struct AwardOut {
    share_bp: u16,
    amount: Money,
    ip_terms: ChallengeIpTerms,
    awarded_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    solution_id: Option<SolutionId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fee: Option<Money>,
}

impl AwardOut {
    pub(super) fn new(a: &Award, insider: bool) -> Self {
        Self {
            share_bp: a.share.get(),
            amount: a.amount,
            ip_terms: a.ip_terms,
            awarded_at: rfc3339(a.awarded_at),
            solution_id: insider.then_some(a.solution),
            fee: insider.then_some(a.fee),
        }
    }
}

/// A challenge's page: the challenge, its questions and its awards.
#[derive(Debug, Serialize)]
pub struct PageBody {
    #[serde(flatten)]
    challenge: ChallengeBody,
    questions: Vec<QuestionOut>,
    awards: Vec<AwardOut>,
}

impl From<&ChallengePage> for PageBody {
    fn from(page: &ChallengePage) -> Self {
        let insider = page.challenge.access.is_insider();
        Self {
            challenge: ChallengeBody::from(&page.challenge),
            questions: page.questions.iter().map(QuestionOut::from).collect(),
            awards: page.awards.iter().map(|a| AwardOut::new(a, insider)).collect(),
        }
    }
}

/// A challenge in a list; the escrow only on the seeker's and admins' lists.
#[derive(Debug, Serialize)]
pub struct CardOut {
    id: ChallengeId,
    title: String,
    #[serde(rename = "type")]
    kind: ChallengeKind,
    difficulty: Difficulty,
    category: String,
    award: Money,
    submission_deadline: String,
    status: Status,
    seeker: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    escrow: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    required_escrow: Option<Money>,
}

impl From<&ChallengeCard> for CardOut {
    fn from(c: &ChallengeCard) -> Self {
        Self {
            id: c.id,
            title: c.title.clone(),
            kind: c.kind,
            difficulty: c.difficulty,
            category: c.category.clone(),
            award: c.award,
            submission_deadline: rfc3339(c.deadline),
            status: c.status,
            seeker: c.seeker.clone(),
            escrow: c.escrow,
            required_escrow: c.escrow.map(|_| c.required_escrow),
        }
    }
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
    Ok((StatusCode::CREATED, Json(PageBody::from(&page))).into_response())
}

/// `PUT /api/v1/challenges/{id}`: replaces a draft's content (managers; drafts only).
pub async fn edit_challenge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    ApiJson(body): ApiJson<CreateChallenge>,
) -> Result<Json<PageBody>, WebError> {
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
    Ok(Json(json!({"challenges": cards.iter().map(CardOut::from).collect::<Vec<_>>()})))
}

/// `GET /api/v1/challenges/{id}`
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
pub async fn submit_challenge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
) -> Result<Json<PageBody>, WebError> {
    state.app.submit_challenge(&user, id).await?;
    show_after(&state, &user, id).await
}

/// `POST /api/v1/challenges/{id}/approve`
pub async fn approve_challenge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
) -> Result<Json<PageBody>, WebError> {
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
) -> Result<Json<PageBody>, WebError> {
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
    Ok(Json(json!({"challenges": cards.iter().map(CardOut::from).collect::<Vec<_>>()})))
}
