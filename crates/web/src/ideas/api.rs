//! The JSON API for ideas, votes, comments and stages.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ideaforge_domain::idea::{Idea, IdeaCard, IdeaContent, Stage, Tags};
use ideaforge_domain::{CommentId, ContestId, FieldErrors, IdeaId, Invalid, UserId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::components::time::rfc3339;
use crate::components::wire;
use crate::contests::html::{ListQuery, list_filter};
use crate::error::WebError;
use crate::extract::{ApiJson, Path};
use crate::forms::parse_id;
use crate::session::{SignedIn, Viewer};
use crate::state::AppState;

/// An idea as the API sends it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Idea)]
pub struct IdeaBody {
    #[schema(value_type = String)]
    id: IdeaId,
    #[schema(value_type = Option<String>)]
    contest_id: Option<ContestId>,
    title: String,
    summary: String,
    body: String,
    category: String,
    tags: Vec<String>,
    #[schema(schema_with = wire::stage)]
    stage: Stage,
    votes: i64,
    revision: i32,
    authors: Vec<AuthorBody>,
    #[schema(value_type = Option<String>)]
    duplicate_of: Option<IdeaId>,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
    updated_at: String,
    /// The language it is written in (BCP 47 tag), chosen by its author or detected; absent when
    /// neither tells.
    #[schema(value_type = Option<String>, example = "ko")]
    language: Option<&'static str>,
}

/// An idea's author.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuthorBody {
    #[schema(value_type = String)]
    id: UserId,
    display_name: String,
}

impl From<&Idea> for IdeaBody {
    fn from(idea: &Idea) -> Self {
        let content = &idea.content;
        Self {
            id: idea.id,
            contest_id: idea.contest,
            title: content.title.as_str().to_owned(),
            summary: content.summary.as_str().to_owned(),
            body: content.body.as_str().to_owned(),
            category: content.category.as_str().to_owned(),
            tags: content.tags.as_slice().iter().map(|t| t.as_str().to_owned()).collect(),
            stage: idea.stage,
            votes: idea.votes,
            revision: idea.revision,
            authors: idea.authors.iter().map(|a| AuthorBody { id: a.id, display_name: a.name.clone() }).collect(),
            duplicate_of: idea.duplicate_of,
            created_at: rfc3339(idea.created_at),
            updated_at: rfc3339(idea.updated_at),
            language: content.language.map(|l| l.as_str()),
        }
    }
}

/// An idea in a list.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = IdeaCard)]
pub struct CardBody {
    #[schema(value_type = String)]
    id: IdeaId,
    title: String,
    summary: String,
    category: String,
    #[schema(schema_with = wire::stage)]
    stage: Stage,
    votes: i64,
    author: String,
    #[schema(format = DateTime)]
    created_at: String,
    /// The language it is written in (BCP 47 tag), if known.
    #[schema(value_type = Option<String>, example = "it")]
    language: Option<&'static str>,
}

impl From<&IdeaCard> for CardBody {
    fn from(card: &IdeaCard) -> Self {
        Self {
            id: card.id,
            title: card.title.clone(),
            summary: card.summary.clone(),
            category: card.category.clone(),
            stage: card.stage,
            votes: card.votes,
            author: card.author_name.clone(),
            created_at: rfc3339(card.created_at),
            language: card.language.map(|l| l.as_str()),
        }
    }
}

/// A page of ideas.
#[derive(Debug, Serialize, ToSchema)]
pub struct IdeaListBody {
    ideas: Vec<CardBody>,
    /// The page's number as asked (`page`, default 1).
    page: u64,
    /// Whether ideas follow this page.
    more: bool,
    /// Where the next page starts: pass it as `after` (with the same sort and filters).
    next: Option<String>,
    /// Where the previous page ends: pass it as `before`.
    previous: Option<String>,
}

/// A comment just posted.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentCreated {
    #[schema(value_type = String)]
    id: CommentId,
    #[schema(value_type = String)]
    idea_id: IdeaId,
}

/// `POST /api/v1/ideas` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CreateIdea {
    contest_id: Option<String>,
    title: String,
    summary: String,
    body: String,
    category: String,
    tags: Vec<String>,
    co_authors: Vec<String>,
    /// The language it is written in (`en`, `it`, `ko`, `es`, `fr`, `de`, `pt`, `ja`, `zh`);
    /// empty or absent to detect it from the text.
    #[schema(example = "ko")]
    language: String,
}

/// `POST /api/v1/ideas`
#[utoipa::path(
    post,
    path = "/ideas",
    tag = "ideas",
    summary = "Submit an idea to an open contest, or as an open idea",
    request_body = CreateIdea,
    responses((status = 201, description = "Submitted", body = IdeaBody)),
    security(("bearer" = []), ("session" = [])),
)]
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
    let content =
        match IdeaContent::parse_written(&body.title, &body.summary, &body.body, &body.category, &tags, &body.language)
        {
            Ok(content) if errors.is_empty() => content,
            Ok(_) => return Err(WebError::Invalid(errors)),
            Err(more) => {
                errors.merge(more);
                return Err(WebError::Invalid(errors));
            }
        };
    let id = state.app.submit_idea(&user, contest, &content, &body.co_authors).await?;
    let (idea, _) = state.app.visible_idea(Some(&user), id).await?;
    Ok((StatusCode::CREATED, Json(IdeaBody::from(&idea))).into_response())
}

/// `GET /api/v1/ideas/{id}`
#[utoipa::path(
    get,
    path = "/ideas/{id}",
    tag = "ideas",
    summary = "An idea with its votes, stage and authors",
    params(("id" = String, Path)),
    responses((status = 200, description = "The idea", body = IdeaBody)),
)]
pub async fn show_idea(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<IdeaId>,
) -> Result<Json<IdeaBody>, WebError> {
    let (idea, _) = state.app.visible_idea(viewer.user.as_ref(), id).await?;
    Ok(Json(IdeaBody::from(&idea)))
}

/// `GET /api/v1/ideas?contest=&stage=&sort=&page=&after=&before=` query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct IdeasQuery {
    contest: String,
    #[serde(flatten)]
    list: ListQuery,
}

/// `GET /api/v1/ideas`
#[utoipa::path(
    get,
    path = "/ideas",
    tag = "ideas",
    summary = "List ideas of a contest (or open ideas without contest=)",
    params(
        ("contest" = Option<String>, Query, description = "A contest id; without it, open ideas"),
        ("stage" = Option<String>, Query, description = "Only this stage"),
        ("category" = Option<String>, Query, description = "Only this category"),
        ("tag" = Option<String>, Query, description = "Only this tag"),
        ("sort" = Option<String>, Query, description = "top (default), new or trending"),
        ("page" = Option<u32>, Query, description = "From 1 (counted from the start: use `after` for deep pages)"),
        ("after" = Option<String>, Query, description = "The page after this position (a page's `next`); as fast at any depth"),
        ("before" = Option<String>, Query, description = "The page before this position (a page's `previous`)"),
    ),
    responses((status = 200, description = "A page of 20 ideas", body = IdeaListBody)),
)]
pub async fn list_ideas(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(query): Query<IdeasQuery>,
) -> Result<Json<IdeaListBody>, WebError> {
    let (_, mut filter, sort, page, at) = list_filter(&query.list);
    filter.contest = match query.contest.as_str() {
        "" => None,
        raw => Some(parse_id(raw)?),
    };
    let list = state.app.list_ideas(viewer.user.as_ref(), &filter, sort, at).await?;
    Ok(Json(IdeaListBody {
        ideas: list.cards.iter().map(CardBody::from).collect(),
        page,
        more: list.later,
        next: list.next(sort).map(|c| c.to_string()),
        previous: list.previous(sort).map(|c| c.to_string()),
    }))
}

/// A vote's result.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Vote)]
pub struct VoteBody {
    votes: i64,
    voted: bool,
}

/// `PUT /api/v1/ideas/{id}/vote`
#[utoipa::path(
    put,
    path = "/ideas/{id}/vote",
    tag = "ideas",
    summary = "Vote (repeating changes nothing)",
    params(("id" = String, Path)),
    responses((status = 200, description = "The count", body = VoteBody)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn cast_vote(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
) -> Result<Json<VoteBody>, WebError> {
    let tally = state.app.vote(&user, id, true).await?;
    Ok(Json(VoteBody { votes: tally.votes, voted: tally.voted }))
}

/// `DELETE /api/v1/ideas/{id}/vote`
#[utoipa::path(
    delete,
    path = "/ideas/{id}/vote",
    tag = "ideas",
    summary = "Withdraw a vote",
    params(("id" = String, Path)),
    responses((status = 200, description = "The count", body = VoteBody)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn withdraw_vote(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
) -> Result<Json<VoteBody>, WebError> {
    let tally = state.app.vote(&user, id, false).await?;
    Ok(Json(VoteBody { votes: tally.votes, voted: tally.voted }))
}

/// `POST /api/v1/ideas/{id}/comments` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CreateComment {
    body: String,
    parent_id: Option<String>,
}

/// `POST /api/v1/ideas/{id}/comments`
#[utoipa::path(
    post,
    path = "/ideas/{id}/comments",
    tag = "ideas",
    summary = "Comment, or reply to a top-level comment",
    params(("id" = String, Path)),
    request_body = CreateComment,
    responses((status = 201, description = "Posted", body = CommentCreated)),
    security(("bearer" = []), ("session" = [])),
)]
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
    Ok((StatusCode::CREATED, Json(CommentCreated { id: comment, idea_id: idea })).into_response())
}

/// `POST /api/v1/ideas/{id}/stage` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct MoveStage {
    to: String,
    reason: String,
    duplicate_of: Option<String>,
}

/// `POST /api/v1/ideas/{id}/stage`
#[utoipa::path(
    post,
    path = "/ideas/{id}/stage",
    tag = "ideas",
    summary = "Move an idea's stage (managers of its contest's organization; authors may withdraw)",
    params(("id" = String, Path)),
    request_body = MoveStage,
    responses((status = 200, description = "Moved", body = IdeaBody)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn move_stage(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
    ApiJson(body): ApiJson<MoveStage>,
) -> Result<Json<IdeaBody>, WebError> {
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
    Ok(Json(IdeaBody::from(&idea)))
}
