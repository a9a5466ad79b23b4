//! The JSON API for organizations and contests.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ideaforge_domain::contest::{Contest, ContestInput, NewContest};
use ideaforge_domain::{ContestId, FieldErrors, Invalid, OrgId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::components::time::rfc3339;
use crate::components::wire;
use crate::error::WebError;
use crate::extract::{ApiJson, Path};
use crate::forms::parse_time;
use crate::session::{SignedIn, Viewer};
use crate::state::AppState;

/// A contest as the API sends it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Contest)]
pub struct ContestBody {
    #[schema(value_type = String)]
    id: ContestId,
    org: OrgBody,
    title: String,
    brief: String,
    category: String,
    #[schema(format = DateTime)]
    submission_closes_at: String,
    #[schema(format = DateTime)]
    voting_closes_at: String,
    vote_budget: Option<u32>,
    /// The votes at which a `submitted` idea is shortlisted by itself (none: managers decide).
    shortlist_at: Option<u32>,
    influence_pool_bp: u16,
    ip_terms: String,
    #[schema(schema_with = contest_status)]
    status: &'static str,
    #[schema(format = DateTime)]
    created_at: String,
}

fn contest_status() -> utoipa::openapi::schema::Object {
    wire::names_schema(["approved", "pending_approval"])
}

/// An organization as a contest names it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgBody {
    slug: String,
    name: String,
}

/// An organization just created.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgCreated {
    #[schema(value_type = String)]
    id: OrgId,
    slug: String,
    name: String,
}

impl From<&Contest> for ContestBody {
    fn from(contest: &Contest) -> Self {
        Self {
            id: contest.id,
            org: OrgBody { slug: contest.org.slug.as_str().to_owned(), name: contest.org.name.as_str().to_owned() },
            title: contest.title.as_str().to_owned(),
            brief: contest.brief.as_str().to_owned(),
            category: contest.category.as_str().to_owned(),
            submission_closes_at: rfc3339(contest.windows.submission_closes_at),
            voting_closes_at: rfc3339(contest.windows.voting_closes_at),
            vote_budget: contest.vote_budget.map(|b| b.get()),
            shortlist_at: contest.shortlist_at.map(|t| t.get()),
            influence_pool_bp: contest.influence_pool.get(),
            ip_terms: contest.ip_terms.as_str().to_owned(),
            status: if contest.is_public() { "approved" } else { "pending_approval" },
            created_at: rfc3339(contest.created_at),
        }
    }
}

/// `POST /api/v1/orgs` body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateOrg {
    #[serde(default)]
    name: String,
    #[serde(default)]
    slug: String,
}

/// `POST /api/v1/orgs`
#[utoipa::path(
    post,
    path = "/orgs",
    tag = "contests",
    summary = "Create an organization (the caller becomes its owner)",
    request_body = CreateOrg,
    responses((status = 201, description = "Created", body = OrgCreated)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn create_org(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ApiJson(body): ApiJson<CreateOrg>,
) -> Result<Response, WebError> {
    let org = state.app.create_org(&user, &body.slug, &body.name).await?;
    let body = OrgCreated { id: org.id, slug: org.slug.as_str().to_owned(), name: org.name.as_str().to_owned() };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `POST /api/v1/orgs/{slug}/members` body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SetMember {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

/// `POST /api/v1/orgs/{slug}/members`
#[utoipa::path(
    post,
    path = "/orgs/{slug}/members",
    tag = "contests",
    summary = "Add an existing member by e-mail, or change a member's role (owners)",
    params(("slug" = String, Path)),
    request_body = SetMember,
    responses((status = 204, description = "Saved")),
    security(("bearer" = []), ("session" = [])),
)]
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
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CreateContest {
    org: String,
    title: String,
    brief: String,
    category: String,
    #[schema(format = DateTime)]
    submission_closes_at: String,
    #[schema(format = DateTime)]
    voting_closes_at: String,
    vote_budget: Option<i64>,
    /// The votes at which a `submitted` idea is shortlisted by itself, 1 to 1,000,000 (omit: never).
    shortlist_at: Option<i64>,
    influence_pool_bp: Option<i64>,
    ip_terms: String,
}

/// `POST /api/v1/contests`
#[utoipa::path(
    post,
    path = "/contests",
    tag = "contests",
    summary = "Create a contest (organization managers); it awaits a moderator's approval",
    request_body = CreateContest,
    responses((status = 201, description = "Created", body = ContestBody)),
    security(("bearer" = []), ("session" = [])),
)]
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
        shortlist_at: body.shortlist_at,
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
    Ok((StatusCode::CREATED, Json(ContestBody::from(&contest))).into_response())
}

/// `GET /api/v1/contests/{id}`
#[utoipa::path(
    get,
    path = "/contests/{id}",
    tag = "contests",
    summary = "A contest (pending ones only for their organization and moderators)",
    params(("id" = String, Path)),
    responses((status = 200, description = "The contest", body = ContestBody)),
)]
pub async fn show_contest(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<ContestId>,
) -> Result<Json<ContestBody>, WebError> {
    let contest = state.app.visible_contest(viewer.user.as_ref(), id).await?;
    Ok(Json(ContestBody::from(&contest)))
}

/// `POST /api/v1/contests/{id}/approve`
#[utoipa::path(
    post,
    path = "/contests/{id}/approve",
    tag = "contests",
    summary = "Approve a contest (moderators)",
    params(("id" = String, Path)),
    responses((status = 200, description = "Approved", body = ContestBody)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn approve_contest(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ContestId>,
) -> Result<Json<ContestBody>, WebError> {
    state.app.approve_contest(&user, id).await?;
    let contest = state.app.visible_contest(Some(&user), id).await?;
    Ok(Json(ContestBody::from(&contest)))
}
