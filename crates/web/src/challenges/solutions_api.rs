//! The JSON API for solving and judging: agreements, solutions, scores, the board and awards.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ideaforge_app::ChallengeAction;
use ideaforge_app::{Board, SolutionView};
use ideaforge_domain::challenge::Status;
use ideaforge_domain::{ChallengeId, FieldErrors, Invalid, SolutionId};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use super::bodies::AwardOut;
use crate::components::time::rfc3339;
use crate::components::wire;
use crate::error::WebError;
use crate::extract::{ApiJson, OptionalJson, Path};
use crate::session::{SignedIn, Viewer};
use crate::state::AppState;

/// A solution, for its author and the seeker's people.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Solution)]
pub struct SolutionOut {
    #[schema(value_type = String)]
    id: SolutionId,
    #[schema(value_type = String)]
    challenge_id: ChallengeId,
    author: String,
    title: String,
    body: String,
    revision: i32,
    revisions: Vec<RevisionOut>,
    locked: bool,
    award: Option<AwardOut>,
    /// Each time an administrator opened it while it was sealed, and why (its author sees them).
    openings: Vec<OpeningOut>,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
    updated_at: String,
}

/// An administrator's opening of a sealed solution.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpeningOut {
    reason: String,
    #[schema(format = DateTime)]
    opened_at: String,
}

/// One of a solution's revisions.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionOut {
    revision: i32,
    title: String,
    #[schema(format = DateTime)]
    created_at: String,
}

impl From<&SolutionView> for SolutionOut {
    fn from(v: &SolutionView) -> Self {
        let s = &v.solution;
        Self {
            id: s.id,
            challenge_id: s.challenge,
            author: s.author_name.clone(),
            title: s.title.as_str().to_owned(),
            body: s.body.as_str().to_owned(),
            revision: s.revision,
            revisions: v
                .revisions
                .iter()
                .map(|r| RevisionOut {
                    revision: r.revision,
                    title: r.title.clone(),
                    created_at: rfc3339(r.created_at),
                })
                .collect(),
            locked: v.challenge.status != Status::Open,
            award: v.award.as_ref().map(|a| AwardOut::new(a, true)),
            openings: v
                .openings
                .iter()
                .map(|o| OpeningOut { reason: o.reason.clone(), opened_at: rfc3339(o.opened_at) })
                .collect(),
            created_at: rfc3339(s.created_at),
            updated_at: rfc3339(s.updated_at),
        }
    }
}

/// The judging board, best first.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Board)]
pub struct BoardOut {
    #[schema(value_type = String)]
    challenge_id: ChallengeId,
    unawarded_bp: u16,
    solutions: Vec<BoardRowOut>,
}

/// A solution on the board: its weighted score on a 0–10 scale, if scored.
#[derive(Debug, Serialize, ToSchema)]
pub struct BoardRowOut {
    #[schema(value_type = String)]
    id: SolutionId,
    title: String,
    author: String,
    weighted_total: Option<f64>,
    judges: usize,
    award: Option<AwardOut>,
}

impl From<&Board> for BoardOut {
    fn from(b: &Board) -> Self {
        Self {
            challenge_id: b.challenge.id,
            unawarded_bp: b.unawarded_bp,
            solutions: b
                .rows
                .iter()
                .map(|r| BoardRowOut {
                    id: r.solution.id,
                    title: r.solution.title.as_str().to_owned(),
                    author: r.solution.author_name.clone(),
                    weighted_total: r.total.map(|t| f64::from(t) / 1000.0),
                    judges: r.judges,
                    award: r.award.as_ref().map(|a| AwardOut::new(a, true)),
                })
                .collect(),
        }
    }
}

/// `GET /api/v1/challenges/{id}/agreement?language=` query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AgreementQuery {
    language: String,
}

/// `GET /api/v1/challenges/{id}/agreement`
#[utoipa::path(
    get,
    path = "/challenges/{id}/agreement",
    tag = "challenges",
    summary = "The challenge-specific agreement and its SHA-256, in English, Italian or Korean",
    params(
        ("id" = String, Path),
        ("language" = Option<String>, Query,
            description = "en, it or ko; the account's language (else English) when left out. Accepting the \
                           hash of any language's text records that text as the one read."),
    ),
    responses((status = 200, description = "Agreement", body = AgreementOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn show_agreement(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    Query(query): Query<AgreementQuery>,
) -> Result<Json<AgreementOut>, WebError> {
    let language = match query.language.trim() {
        "" => user.language.unwrap_or(ideaforge_domain::Language::English),
        raw => {
            let mut errors = FieldErrors::new();
            let parsed = errors.check("language", raw.to_ascii_lowercase().parse::<ideaforge_domain::Language>());
            parsed.ok_or(WebError::Invalid(errors))?
        }
    };
    let (view, text, sha256) = state.app.agreement(&user, id, language).await?;
    let accepted = view.access.accepted.as_ref();
    Ok(Json(AgreementOut {
        language,
        text,
        sha256,
        accepted_at: accepted.map(|a| rfc3339(a.accepted_at)),
        accepted_sha256: accepted.map(|a| a.agreement_sha256.clone()),
    }))
}

/// A challenge's agreement and, once accepted, when and which text.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementOut {
    /// The language of `text`.
    #[schema(value_type = String, example = "ko")]
    language: ideaforge_domain::Language,
    text: String,
    sha256: String,
    #[schema(format = DateTime)]
    accepted_at: Option<String>,
    accepted_sha256: Option<String>,
}

/// An acceptance just recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct AcceptanceOut {
    #[schema(format = DateTime)]
    accepted_at: String,
    agreement_sha256: String,
}

/// `POST /api/v1/challenges/{id}/agreement` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AcceptAgreement {
    agreement_sha256: Option<String>,
}

/// `POST /api/v1/challenges/{id}/agreement`
#[utoipa::path(
    post,
    path = "/challenges/{id}/agreement",
    tag = "challenges",
    summary = "Accept the agreement (records time and SHA-256); optional body proves which text was read",
    params(("id" = String, Path)),
    request_body = Option<AcceptAgreement>,
    responses((status = 200, description = "Accepted", body = AcceptanceOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn accept_agreement(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    OptionalJson(body): OptionalJson<AcceptAgreement>,
) -> Result<Json<AcceptanceOut>, WebError> {
    // The body is optional: `{"agreement_sha256": "…"}` proves which text the solver read.
    let read = body.agreement_sha256;
    let acceptance = state.app.accept_agreement(&user, id, read.as_deref()).await?;
    Ok(Json(AcceptanceOut {
        accepted_at: rfc3339(acceptance.accepted_at),
        agreement_sha256: acceptance.agreement_sha256,
    }))
}

/// A solution's fields.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct SolutionBodyJson {
    title: String,
    body: String,
}

/// `POST /api/v1/challenges/{id}/solutions`
#[utoipa::path(
    post,
    path = "/challenges/{id}/solutions",
    tag = "challenges",
    summary = "Submit a solution (solvers who accepted the agreement, before the deadline; one per solver)",
    params(("id" = String, Path)),
    request_body = SolutionBodyJson,
    responses((status = 201, description = "Submitted", body = SolutionOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn submit_solution(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    ApiJson(body): ApiJson<SolutionBodyJson>,
) -> Result<Response, WebError> {
    let id = state.app.submit_solution(&user, id, &body.title, &body.body).await?;
    let view = state.app.solution_view(Some(&user), id).await?;
    Ok((StatusCode::CREATED, Json(SolutionOut::from(&view))).into_response())
}

/// `GET /api/v1/challenges/{id}/solutions` (the seeker organization and admins)
#[utoipa::path(
    get,
    path = "/challenges/{id}/solutions",
    tag = "challenges",
    summary = "The challenge's solutions ranked (seeker organization and admins)",
    params(("id" = String, Path)),
    responses((status = 200, description = "Board", body = BoardOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn list_solutions(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
) -> Result<Json<BoardOut>, WebError> {
    let board = state.app.judging_board(&user, id).await?;
    Ok(Json(BoardOut::from(&board)))
}

/// `GET /api/v1/solutions/{id}`
#[utoipa::path(
    get,
    path = "/solutions/{id}",
    tag = "challenges",
    summary = "A solution (its author, the seeker organization, admins; 404 for anyone else)",
    params(("id" = String, Path)),
    responses((status = 200, description = "Solution", body = SolutionOut)),
)]
pub async fn show_solution(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<SolutionId>,
) -> Result<Json<SolutionOut>, WebError> {
    let view = state.app.solution_view(viewer.user.as_ref(), id).await?;
    Ok(Json(SolutionOut::from(&view)))
}

/// `PUT /api/v1/solutions/{id}`
#[utoipa::path(
    put,
    path = "/solutions/{id}",
    tag = "challenges",
    summary = "Revise one's solution before the deadline (every revision kept)",
    params(("id" = String, Path)),
    request_body = SolutionBodyJson,
    responses((status = 200, description = "Revised", body = SolutionOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn revise_solution(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<SolutionId>,
    ApiJson(body): ApiJson<SolutionBodyJson>,
) -> Result<Json<SolutionOut>, WebError> {
    state.app.revise_solution(&user, id, &body.title, &body.body).await?;
    let view = state.app.solution_view(Some(&user), id).await?;
    Ok(Json(SolutionOut::from(&view)))
}

/// `POST /api/v1/solutions/{id}/scores` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ScoresBody {
    scores: Vec<ScoreBody>,
}

/// One score.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ScoreBody {
    criterion: String,
    #[schema(minimum = 0, maximum = 10)]
    score: i64,
}

/// `POST /api/v1/solutions/{id}/scores`
#[utoipa::path(
    post,
    path = "/solutions/{id}/scores",
    tag = "challenges",
    summary = "Score every criterion 0–10 (seeker judges, managers, owners; after the deadline)",
    params(("id" = String, Path)),
    request_body = ScoresBody,
    responses((status = 204, description = "Saved")),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn score_solution(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<SolutionId>,
    ApiJson(body): ApiJson<ScoresBody>,
) -> Result<StatusCode, WebError> {
    let scores: Vec<(String, i64)> = body.scores.iter().map(|s| (s.criterion.clone(), s.score)).collect();
    state.app.score_solution(&user, id, &scores).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/challenges/{id}/board`
#[utoipa::path(
    get,
    path = "/challenges/{id}/board",
    tag = "challenges",
    summary = "The judging board (seeker organization and admins)",
    params(("id" = String, Path)),
    responses((status = 200, description = "Board", body = BoardOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn show_board(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
) -> Result<Json<BoardOut>, WebError> {
    let board = state.app.judging_board(&user, id).await?;
    Ok(Json(BoardOut::from(&board)))
}

/// `POST /api/v1/challenges/{id}/awards` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AwardBody {
    solution_id: String,
    /// The place of the published split it fills (1 = first); the award pays exactly that
    /// place's share.
    #[schema(value_type = u8, minimum = 1, maximum = 10)]
    place: Option<Value>,
}

/// `POST /api/v1/challenges/{id}/awards`
#[utoipa::path(
    post,
    path = "/challenges/{id}/awards",
    tag = "challenges",
    summary = "Award a place of the published split to a solution (managers, after the deadline), paying exactly that place's share: escrow → solver's payable and fee → platform, in one transaction; the challenge is awarded once every place is filled",
    params(("id" = String, Path)),
    request_body = AwardBody,
    responses((status = 201, description = "Awarded", body = AwardOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn award_solution(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    ApiJson(body): ApiJson<AwardBody>,
) -> Result<Response, WebError> {
    state.app.check_challenge_action(&user, id, ChallengeAction::Award).await?;
    let mut errors = FieldErrors::new();
    let solution: Option<SolutionId> =
        errors.check("solution_id", body.solution_id.trim().parse().map_err(|_| Invalid::Unknown));
    let place = match &body.place {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => match n.as_i64() {
            Some(place) => Some(place),
            None => {
                errors.add("place", Invalid::Malformed);
                None
            }
        },
        Some(_) => {
            errors.add("place", Invalid::Malformed);
            None
        }
    };
    let Some(solution) = solution.filter(|_| errors.is_empty()) else {
        return Err(WebError::Invalid(errors));
    };
    let award = state.app.award_solution(&user, id, solution, place).await?;
    Ok((StatusCode::CREATED, Json(AwardOut::new(&award, true))).into_response())
}

/// `GET /api/v1/me/solutions`
#[utoipa::path(
    get,
    path = "/me/solutions",
    tag = "challenges",
    summary = "The caller's solutions",
    responses((status = 200, description = "Solutions", body = MySolutionsOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn my_solutions(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Json<MySolutionsOut>, WebError> {
    let mine = state.app.my_solutions(&user).await?;
    let solutions = mine
        .iter()
        .map(|(s, c)| MySolutionOut {
            id: s.id,
            title: s.title.as_str().to_owned(),
            revision: s.revision,
            challenge: ChallengeRefOut { id: c.id, title: c.title.clone(), status: c.status },
            updated_at: rfc3339(s.updated_at),
        })
        .collect();
    Ok(Json(MySolutionsOut { solutions }))
}

/// The caller's solutions.
#[derive(Debug, Serialize, ToSchema)]
pub struct MySolutionsOut {
    solutions: Vec<MySolutionOut>,
}

/// One of the caller's solutions.
#[derive(Debug, Serialize, ToSchema)]
pub struct MySolutionOut {
    #[schema(value_type = String)]
    id: SolutionId,
    title: String,
    revision: i32,
    challenge: ChallengeRefOut,
    #[schema(format = DateTime)]
    updated_at: String,
}

/// The challenge a solution answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChallengeRefOut {
    #[schema(value_type = String)]
    id: ChallengeId,
    title: String,
    #[schema(schema_with = wire::challenge_status)]
    status: Status,
}
