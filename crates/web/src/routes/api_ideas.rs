//! The JSON API for organizations, contests, ideas, votes, comments and stages.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ideaforge_domain::contest::{Contest, ContestInput, NewContest};
use ideaforge_domain::idea::{Idea, IdeaCard, IdeaContent, Tags};
use ideaforge_domain::{ContestId, FieldErrors, IdeaId, Invalid};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::api_challenges::rfc3339;
use super::contests::{ListQuery, list_filter};
use super::{parse_id, parse_time};
use crate::error::WebError;
use crate::extract::ApiJson;
use crate::session::{SignedIn, Viewer};
use crate::state::AppState;

fn contest_json(contest: &Contest) -> Value {
    json!({
        "id": contest.id.to_string(),
        "org": {"slug": contest.org.slug.as_str(), "name": contest.org.name.as_str()},
        "title": contest.title.as_str(),
        "brief": contest.brief.as_str(),
        "category": contest.category.as_str(),
        "submission_closes_at": rfc3339(contest.windows.submission_closes_at),
        "voting_closes_at": rfc3339(contest.windows.voting_closes_at),
        "vote_budget": contest.vote_budget.map(|b| b.get()),
        "influence_pool_bp": contest.influence_pool.get(),
        "ip_terms": contest.ip_terms.as_str(),
        "status": if contest.is_public() { "approved" } else { "pending_approval" },
        "created_at": rfc3339(contest.created_at),
    })
}

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

/// `POST /api/v1/orgs` body.
#[derive(Debug, Deserialize)]
pub struct CreateOrg {
    #[serde(default)]
    name: String,
    #[serde(default)]
    slug: String,
}

/// `POST /api/v1/orgs`
pub async fn create_org(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ApiJson(body): ApiJson<CreateOrg>,
) -> Result<Response, WebError> {
    let org = state.app.create_org(&user, &body.slug, &body.name).await?;
    let body = json!({"id": org.id.to_string(), "slug": org.slug.as_str(), "name": org.name.as_str()});
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `POST /api/v1/orgs/{slug}/members` body.
#[derive(Debug, Deserialize)]
pub struct SetMember {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

/// `POST /api/v1/orgs/{slug}/members`
pub async fn set_org_member(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<SetMember>,
) -> Result<StatusCode, WebError> {
    state.app.set_org_member(&user, &slug, &body.email, &body.role).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/contests` body.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CreateContest {
    org: String,
    title: String,
    brief: String,
    category: String,
    submission_closes_at: String,
    voting_closes_at: String,
    vote_budget: Option<i64>,
    influence_pool_bp: Option<i64>,
    ip_terms: String,
}

/// `POST /api/v1/contests`
pub async fn create_contest(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ApiJson(body): ApiJson<CreateContest>,
) -> Result<Response, WebError> {
    let mut errors = FieldErrors::new();
    let submission = errors.check("submission_closes_at", parse_time(&body.submission_closes_at));
    let voting = errors.check("voting_closes_at", parse_time(&body.voting_closes_at));
    let category = if body.category.is_empty() { "general" } else { body.category.as_str() };
    let input = ContestInput {
        title: &body.title,
        brief: &body.brief,
        category,
        submission_closes_at: submission.flatten(),
        voting_closes_at: voting.flatten(),
        vote_budget: body.vote_budget,
        influence_pool_bp: body.influence_pool_bp,
        ip_terms: &body.ip_terms,
    };
    let new = match NewContest::parse(&input, state.app.now()) {
        Ok(new) if errors.is_empty() => new,
        Ok(_) => return Err(WebError::Invalid(errors)),
        Err(more) => {
            errors.merge(more);
            return Err(WebError::Invalid(errors));
        }
    };
    if body.org.trim().is_empty() {
        errors.add("org", Invalid::Required);
        return Err(WebError::Invalid(errors));
    }
    let id = state.app.create_contest(&user, body.org.trim(), &new).await?;
    let contest = state.app.visible_contest(Some(&user), id).await?;
    Ok((StatusCode::CREATED, Json(contest_json(&contest))).into_response())
}

/// `GET /api/v1/contests/{id}`
pub async fn show_contest(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Json<Value>, WebError> {
    let contest = state.app.visible_contest(viewer.user.as_ref(), parse_id(&id)?).await?;
    Ok(Json(contest_json(&contest)))
}

/// `POST /api/v1/contests/{id}/approve`
pub async fn approve_contest(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Value>, WebError> {
    let id: ContestId = parse_id(&id)?;
    state.app.approve_contest(&user, id).await?;
    let contest = state.app.visible_contest(Some(&user), id).await?;
    Ok(Json(contest_json(&contest)))
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
    Path(id): Path<String>,
) -> Result<Json<Value>, WebError> {
    let (idea, _) = state.app.visible_idea(viewer.user.as_ref(), parse_id(&id)?).await?;
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
    Path(id): Path<String>,
) -> Result<Json<VoteBody>, WebError> {
    let tally = state.app.vote(&user, parse_id(&id)?, true).await?;
    Ok(Json(VoteBody { votes: tally.votes, voted: tally.voted }))
}

/// `DELETE /api/v1/ideas/{id}/vote`
pub async fn withdraw_vote(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<VoteBody>, WebError> {
    let tally = state.app.vote(&user, parse_id(&id)?, false).await?;
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
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CreateComment>,
) -> Result<Response, WebError> {
    let idea: IdeaId = parse_id(&id)?;
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
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MoveStage>,
) -> Result<Json<Value>, WebError> {
    let id: IdeaId = parse_id(&id)?;
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
