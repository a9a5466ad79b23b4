//! Search: the page, the JSON API, and the "similar ideas" hint while typing a new idea.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ideaforge_app::{FacetCounts, Hit, SEARCH_PAGE_SIZE, SearchError, SearchPage};
use ideaforge_domain::IdeaId;
use ideaforge_domain::search::{SearchParams, SearchQuery};
use serde::Deserialize;
use serde_json::{Value, json};
use time::OffsetDateTime;

use super::views::{SearchOutcome, SearchView};
use crate::components::Chrome;
use crate::error::WebError;
use crate::forms::parse_id;
use crate::session::PageCtx;
use crate::state::AppState;

/// `?q=&kind=&category=&stage=&tag=&sort=&page=` as given.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchArgs {
    q: Option<String>,
    kind: Option<String>,
    category: Option<String>,
    stage: Option<String>,
    tag: Option<String>,
    sort: Option<String>,
    page: Option<String>,
}

impl SearchArgs {
    fn params(&self) -> SearchParams<'_> {
        SearchParams {
            q: self.q.as_deref(),
            kind: self.kind.as_deref(),
            category: self.category.as_deref(),
            stage: self.stage.as_deref(),
            tag: self.tag.as_deref(),
            sort: self.sort.as_deref(),
            page: self.page.as_deref(),
        }
    }
}

fn run(state: &AppState, args: &SearchArgs) -> Result<(SearchQuery, SearchPage), SearchError> {
    let query = SearchQuery::parse(&args.params()).map_err(SearchError::Invalid)?;
    let page = state.app.search(&query)?;
    Ok((query, page))
}

/// `GET /search`
pub async fn show_search(State(state): State<AppState>, ctx: PageCtx, Query(args): Query<SearchArgs>) -> Response {
    let chrome = Chrome::from(&ctx);
    let (status, outcome) = if args.q.is_none() {
        (StatusCode::OK, SearchOutcome::Form)
    } else {
        match run(&state, &args) {
            Ok((query, page)) => (StatusCode::OK, SearchOutcome::Results(query, page)),
            Err(SearchError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, SearchOutcome::Invalid(errors)),
            Err(SearchError::Unavailable) => (StatusCode::SERVICE_UNAVAILABLE, SearchOutcome::Unavailable),
            Err(SearchError::Internal(e)) => return WebError::Internal(e).into_response(),
        }
    };
    let view = SearchView { q: args.q.as_deref().unwrap_or_default(), sort: args.sort.as_deref(), outcome };
    (status, super::views::page(&chrome, &view)).into_response()
}

fn rfc3339(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|at| at.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

fn hit_json(hit: &Hit) -> Value {
    json!({
        "kind": hit.kind.as_str(),
        "id": hit.id.to_string(),
        "url": format!("/{}s/{}", hit.kind.as_str(), hit.id),
        "title": hit.title,
        "snippet_html": hit.snippet_html,
        "category": hit.category,
        "stage": hit.stage,
        "votes": hit.votes,
        "created_at": rfc3339(hit.created_at),
        "score": hit.score,
    })
}

fn counts_json(counts: &FacetCounts) -> Value {
    counts.iter().map(|(value, count)| json!({"value": value, "count": count})).collect()
}

/// `GET /api/v1/search`
pub async fn api_search(State(state): State<AppState>, Query(args): Query<SearchArgs>) -> Result<Response, WebError> {
    let (query, page) = run(&state, &args).map_err(|e| match e {
        SearchError::Invalid(errors) => WebError::Invalid(errors),
        SearchError::Unavailable => WebError::Unavailable("search_unavailable"),
        SearchError::Internal(e) => WebError::Internal(e),
    })?;
    let results = &page.results;
    Ok(Json(json!({
        "query": query.text.as_str(),
        "sort": query.sort.as_str(),
        "page": page.page,
        "per_page": SEARCH_PAGE_SIZE,
        "total": results.total,
        "more": page.more,
        "hits": results.hits.iter().map(hit_json).collect::<Vec<_>>(),
        "facets": {
            "kind": counts_json(&results.facets.kind),
            "category": counts_json(&results.facets.category),
            "stage": counts_json(&results.facets.stage),
            "tag": counts_json(&results.facets.tag),
        },
    }))
    .into_response())
}

/// `?title=&summary=&except=` of the similar-ideas hint.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SimilarArgs {
    title: String,
    summary: String,
    except: String,
}

/// The most similar ideas shown.
const SIMILAR: usize = 5;

fn similar(state: &AppState, args: &SimilarArgs) -> Result<Vec<Hit>, WebError> {
    let except: Option<IdeaId> = match args.except.trim() {
        "" => None,
        raw => Some(parse_id(raw)?),
    };
    Ok(state.app.similar_ideas(&args.title, &args.summary, except, SIMILAR))
}

/// `GET /ideas/similar`: an htmx fragment listing ideas like the one being typed.
pub async fn show_similar(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(args): Query<SimilarArgs>,
) -> Result<Response, WebError> {
    let hits = similar(&state, &args)?;
    Ok(super::views::similar(&ctx.tr, &hits).into_response())
}

/// `GET /api/v1/ideas/similar`
pub async fn api_similar(State(state): State<AppState>, Query(args): Query<SimilarArgs>) -> Result<Response, WebError> {
    let hits = similar(&state, &args)?;
    Ok(Json(json!({ "hits": hits.iter().map(hit_json).collect::<Vec<_>>() })).into_response())
}
