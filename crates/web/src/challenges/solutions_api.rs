//! The JSON API for solving and judging: agreements, solutions, scores, the board and awards.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ideaforge_app::{Board, SolutionView};
use ideaforge_domain::challenge::Status;
use ideaforge_domain::{ChallengeId, FieldErrors, Invalid, SolutionId};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::api::AwardOut;
use crate::components::time::rfc3339;
use crate::error::WebError;
use crate::extract::{ApiJson, Path};
use crate::session::{SignedIn, Viewer};
use crate::state::AppState;

/// A solution, for its author and the seeker's people.
#[derive(Debug, Serialize)]
pub struct SolutionOut {
    id: SolutionId,
    challenge_id: ChallengeId,
    author: String,
    title: String,
    body: String,
    revision: i32,
    revisions: Vec<RevisionOut>,
    locked: bool,
    award: Option<AwardOut>,
    created_at: String,
    updated_at: String,
}

/// One of a solution's revisions.
#[derive(Debug, Serialize)]
pub struct RevisionOut {
    revision: i32,
    title: String,
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
            created_at: rfc3339(s.created_at),
            updated_at: rfc3339(s.updated_at),
        }
    }
}

/// The judging board, best first.
#[derive(Debug, Serialize)]
pub struct BoardOut {
    challenge_id: ChallengeId,
    unawarded_bp: u16,
    solutions: Vec<BoardRowOut>,
}

/// A solution on the board: its weighted score on a 0–10 scale, if scored.
#[derive(Debug, Serialize)]
pub struct BoardRowOut {
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

/// `GET /api/v1/challenges/{id}/agreement`
pub async fn show_agreement(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
) -> Result<Json<Value>, WebError> {
    let (view, text, hash) = state.app.agreement(&user, id).await?;
    Ok(Json(json!({
        "text": text,
        "sha256": hash,
        "accepted_at": view.access.accepted.as_ref().map(|a| rfc3339(a.accepted_at)),
        "accepted_sha256": view.access.accepted.as_ref().map(|a| a.agreement_sha256.clone()),
    })))
}

/// `POST /api/v1/challenges/{id}/agreement` body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AcceptAgreement {
    agreement_sha256: Option<String>,
}

/// `POST /api/v1/challenges/{id}/agreement`
pub async fn accept_agreement(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    body: axum::body::Bytes,
) -> Result<Json<Value>, WebError> {
    // The body is optional: `{"agreement_sha256": "…"}` proves which text the solver read.
    let read = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        serde_json::from_slice::<AcceptAgreement>(&body)
            .map_err(|_| WebError::BadRequest("invalid_json"))?
            .agreement_sha256
    };
    let acceptance = state.app.accept_agreement(&user, id, read.as_deref()).await?;
    Ok(Json(json!({"accepted_at": rfc3339(acceptance.accepted_at), "agreement_sha256": acceptance.agreement_sha256})))
}

/// A solution's fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SolutionBodyJson {
    title: String,
    body: String,
}

/// `POST /api/v1/challenges/{id}/solutions`
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
pub async fn list_solutions(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
) -> Result<Json<BoardOut>, WebError> {
    let board = state.app.judging_board(&user, id).await?;
    Ok(Json(BoardOut::from(&board)))
}

/// `GET /api/v1/solutions/{id}`
pub async fn show_solution(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<SolutionId>,
) -> Result<Json<SolutionOut>, WebError> {
    let view = state.app.solution_view(viewer.user.as_ref(), id).await?;
    Ok(Json(SolutionOut::from(&view)))
}

/// `PUT /api/v1/solutions/{id}`
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
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ScoresBody {
    scores: Vec<ScoreBody>,
}

/// One score.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ScoreBody {
    criterion: String,
    score: i64,
}

/// `POST /api/v1/solutions/{id}/scores`
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
pub async fn show_board(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
) -> Result<Json<BoardOut>, WebError> {
    let board = state.app.judging_board(&user, id).await?;
    Ok(Json(BoardOut::from(&board)))
}

/// `POST /api/v1/challenges/{id}/awards` body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AwardBody {
    solution_id: String,
    share_bp: Option<Value>,
}

/// `POST /api/v1/challenges/{id}/awards`
pub async fn award_solution(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ChallengeId>,
    ApiJson(body): ApiJson<AwardBody>,
) -> Result<Response, WebError> {
    let mut errors = FieldErrors::new();
    let solution: Option<SolutionId> =
        errors.check("solution_id", body.solution_id.trim().parse().map_err(|_| Invalid::Unknown));
    let share = match &body.share_bp {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => match n.as_i64() {
            Some(bp) => Some(bp),
            None => {
                errors.add("share_bp", Invalid::OutOfRange { min: 1, max: 10_000 });
                None
            }
        },
        Some(_) => {
            errors.add("share_bp", Invalid::Malformed);
            None
        }
    };
    let Some(solution) = solution.filter(|_| errors.is_empty()) else {
        return Err(WebError::Invalid(errors));
    };
    let award = state.app.award_solution(&user, id, solution, share).await?;
    Ok((StatusCode::CREATED, Json(AwardOut::new(&award, true))).into_response())
}

/// `GET /api/v1/me/solutions`
pub async fn my_solutions(State(state): State<AppState>, SignedIn(user): SignedIn) -> Result<Json<Value>, WebError> {
    let mine = state.app.my_solutions(&user).await?;
    let list: Vec<Value> = mine
        .iter()
        .map(|(s, c)| {
            json!({
                "id": s.id.to_string(),
                "title": s.title.as_str(),
                "revision": s.revision,
                "challenge": {"id": c.id.to_string(), "title": c.title, "status": c.status.as_str()},
                "updated_at": rfc3339(s.updated_at),
            })
        })
        .collect();
    Ok(Json(json!({"solutions": list})))
}
