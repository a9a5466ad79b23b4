//! The JSON API for ideas, votes, comments and stages.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ideaforge_domain::idea::{Idea, IdeaCard, IdeaContent, Tags};
use ideaforge_domain::{ContestId, FieldErrors, IdeaId, Invalid};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::components::time::rfc3339;
use crate::contests::html::{ListQuery, list_filter};
use crate::error::WebError;
use crate::extract::{ApiJson, Path};
use crate::forms::parse_id;
use crate::session::{SignedIn, Viewer};
use crate::state::AppState;

fn idea_json(idea: &Idea) -> Value {
    json!({
        "id": idea.id.to_string(),
        "contest_id": idea.contest.map(|c| c.to_string()),
        "title": idea.content.title.as_str(),
        "summary": idea.content.summary.as_str(),
        "body": idea.content.body.as_str(),
        "category": idea.content.category.as_str(),
        "tags": idea.content.tags.as_slice().iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        "stage": idea.stage.as_str(),
        "votes": idea.votes,
        "revision": idea.revision,
        "authors": idea.authors.iter().map(|a| json!({"id": a.id.to_string(), "display_name": a.name})).collect::<Vec<_>>(),
        "duplicate_of": idea.duplicate_of.map(|d| d.to_string()),
        "created_at": rfc3339(idea.created_at),
        "updated_at": rfc3339(idea.updated_at),
    })
}

fn card_json(card: &IdeaCard) -> Value {
    json!({
        "id": card.id.to_string(),
        "title": card.title,
        "summary": card.summary,
        "category": card.category,
        "stage": card.stage.as_str(),
        "votes": card.votes,
        "author": card.author_name,
        "created_at": rfc3339(card.created_at),
    })
}

/// `POST /api/v1/ideas` body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CreateIdea {
    contest_id: Option<String>,
    title: String,
    summary: String,
    body: String,
    category: String,
    tags: Vec<String>,
    co_authors: Vec<String>,
}

/// `POST /api/v1/ideas`
pub async fn create_idea(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ApiJson(body): ApiJson<CreateIdea>,
) -> Result<Response, WebError> {
    let contest: Option<ContestId> = match body.contest_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(raw.parse().map_err(|_| {
            let mut errors = FieldErrors::new();
            errors.add("contest_id", Invalid::Unknown);
            WebError::Invalid(errors)
        })?),
    };
    let tags =
        Tags::from_list(&body.tags).map(|t| t.as_slice().iter().map(|s| s.as_str()).collect::<Vec<_>>().join(","));
    let mut errors = FieldErrors::new();
    let tags = errors.check("tags", tags).unwrap_or_default();
    let content = match IdeaContent::parse(&body.title, &body.summary, &body.body, &body.category, &tags) {
        Ok(content) if errors.is_empty() => content,
        Ok(_) => return Err(WebError::Invalid(errors)),
        Err(more) => {
            errors.merge(more);
            return Err(WebError::Invalid(errors));
        }
    };
    let id = state.app.submit_idea(&user, contest, &content, &body.co_authors).await?;
    let (idea, _) = state.app.visible_idea(Some(&user), id).await?;
    Ok((StatusCode::CREATED, Json(idea_json(&idea))).into_response())
}

/// `GET /api/v1/ideas/{id}`
pub async fn show_idea(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<IdeaId>,
) -> Result<Json<Value>, WebError> {
    let (idea, _) = state.app.visible_idea(viewer.user.as_ref(), id).await?;
    Ok(Json(idea_json(&idea)))
}

/// `GET /api/v1/ideas?contest=&stage=&sort=&page=` query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct IdeasQuery {
    contest: String,
    #[serde(flatten)]
    list: ListQuery,
}

/// `GET /api/v1/ideas`
pub async fn list_ideas(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<IdeasQuery>,
) -> Result<Json<Value>, WebError> {
    let (_, mut filter, sort, page) = list_filter(&query.list);
    filter.contest = match query.contest.as_str() {
        "" => None,
        raw => Some(parse_id(raw)?),
    };
    let (cards, more) = state.app.list_ideas(viewer.user.as_ref(), &filter, sort, page).await?;
    Ok(Json(json!({
        "ideas": cards.iter().map(card_json).collect::<Vec<_>>(),
        "page": page,
        "more": more,
    })))
}

/// A vote's result.
#[derive(Debug, Serialize)]
pub struct VoteBody {
    votes: i64,
    voted: bool,
}

/// `PUT /api/v1/ideas/{id}/vote`
pub async fn cast_vote(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
) -> Result<Json<VoteBody>, WebError> {
    let tally = state.app.vote(&user, id, true).await?;
    Ok(Json(VoteBody { votes: tally.votes, voted: tally.voted }))
}

/// `DELETE /api/v1/ideas/{id}/vote`
pub async fn withdraw_vote(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
) -> Result<Json<VoteBody>, WebError> {
    let tally = state.app.vote(&user, id, false).await?;
    Ok(Json(VoteBody { votes: tally.votes, voted: tally.voted }))
}

/// `POST /api/v1/ideas/{id}/comments` body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CreateComment {
    body: String,
    parent_id: Option<String>,
}

/// `POST /api/v1/ideas/{id}/comments`
pub async fn create_comment(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(idea): Path<IdeaId>,
    ApiJson(body): ApiJson<CreateComment>,
) -> Result<Response, WebError> {
    let parent = match body.parent_id.as_deref() {
        None | Some("") => None,
        Some(raw) => Some(raw.parse().map_err(|_| {
            let mut errors = FieldErrors::new();
            errors.add("parent_id", Invalid::Unknown);
            WebError::Invalid(errors)
        })?),
    };
    let comment = state.app.comment(&user, idea, parent, &body.body).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": comment.to_string(), "idea_id": idea.to_string()}))).into_response())
}

/// `POST /api/v1/ideas/{id}/stage` body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MoveStage {
    to: String,
    reason: String,
    duplicate_of: Option<String>,
}

/// `POST /api/v1/ideas/{id}/stage`
pub async fn move_stage(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
    ApiJson(body): ApiJson<MoveStage>,
) -> Result<Json<Value>, WebError> {
    let duplicate_of = match body.duplicate_of.as_deref() {
        None | Some("") => None,
        Some(raw) => Some(raw.parse().map_err(|_| {
            let mut errors = FieldErrors::new();
            errors.add("duplicate_of", Invalid::Unknown);
            WebError::Invalid(errors)
        })?),
    };
    state.app.move_stage(&user, id, &body.to, &body.reason, duplicate_of).await?;
    let (idea, _) = state.app.visible_idea(Some(&user), id).await?;
    Ok(Json(idea_json(&idea)))
}
