//! Search: the page, the JSON API, and the "similar ideas" hint while typing a new idea.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ideaforge_app::{FacetCounts, Hit, SEARCH_PAGE_SIZE, SearchError, SearchPage};
use ideaforge_domain::IdeaId;
use ideaforge_domain::search::{SearchParams, SearchQuery};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

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
            Ok((query, page)) => (StatusCode::OK, SearchOutcome::Results(Box::new((query, page)))),
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

/// One search result.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SearchHit)]
pub struct HitOut {
    /// `idea` or `challenge`.
    kind: &'static str,
    id: String,
    /// The result's page on the site.
    url: String,
    title: String,
    /// The matching passage, with the matched words in `<b>`; the only markup is `<b>`.
    snippet_html: String,
    category: String,
    /// An idea's stage (empty for a challenge).
    stage: String,
    votes: i64,
    #[schema(format = DateTime)]
    created_at: String,
    score: f32,
}

impl From<&Hit> for HitOut {
    fn from(hit: &Hit) -> Self {
        Self {
            kind: hit.kind.as_str(),
            id: hit.id.to_string(),
            url: format!("/{}s/{}", hit.kind.as_str(), hit.id),
            title: hit.title.clone(),
            snippet_html: hit.snippet_html.clone(),
            category: hit.category.clone(),
            stage: hit.stage.clone(),
            votes: hit.votes,
            created_at: rfc3339(hit.created_at),
            score: hit.score,
        }
    }
}

/// How many matches have one value of a facet.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountOut {
    value: String,
    count: u64,
}

fn counts(counts: &FacetCounts) -> Vec<CountOut> {
    counts.iter().map(|(value, count)| CountOut { value: value.clone(), count: *count }).collect()
}

/// Facet counts over all matches (not only this page).
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetsOut {
    kind: Vec<CountOut>,
    category: Vec<CountOut>,
    stage: Vec<CountOut>,
    tag: Vec<CountOut>,
}

/// Words the index does not know, and the search with the nearest ones it does.
#[derive(Debug, Serialize, ToSchema)]
pub struct DidYouMeanOut {
    /// The text with each unknown word corrected.
    text: String,
    /// Whether these results are the corrected search's (the text as typed found nothing).
    applied: bool,
}

/// A page of search results.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SearchResults)]
pub struct ResultsOut {
    query: String,
    sort: &'static str,
    page: u32,
    per_page: usize,
    /// Every match, over all pages.
    total: usize,
    /// How many matches (the first, by relevance) have every word; the others have most of them.
    all_words: usize,
    /// A correction of unknown words, when the words as typed found little.
    did_you_mean: Option<DidYouMeanOut>,
    /// Whether a next page exists.
    more: bool,
    hits: Vec<HitOut>,
    facets: FacetsOut,
}

/// Ideas like the one being written.
#[derive(Debug, Serialize, ToSchema)]
pub struct SimilarOut {
    hits: Vec<HitOut>,
}

/// `GET /api/v1/search`
#[utoipa::path(
    get,
    path = "/search",
    tag = "search",
    summary = "Search public ideas: every word first, then most of them; \"phrases\" keep order, -word excludes, a OR b, tag:/stage:/category:/kind: filter; any text is a query, in any language",
    params(
        ("q" = String, Query, description = "The words (1 to 200 characters; any printable text is a query)"),
        ("kind" = Option<String>, Query, description = "idea, challenge or campaign"),
        ("category" = Option<String>, Query, description = "Only this category"),
        ("stage" = Option<String>, Query, description = "Only this stage"),
        ("tag" = Option<String>, Query, description = "Only this tag"),
        ("sort" = Option<String>, Query, description = "relevance (default), top or new"),
        ("page" = Option<u32>, Query, description = "1 to 250; 20 results a page"),
    ),
    responses((status = 200, description = "A page of results with facet counts over all matches", body = ResultsOut)),
)]
pub async fn api_search(
    State(state): State<AppState>,
    Query(args): Query<SearchArgs>,
) -> Result<Json<ResultsOut>, WebError> {
    let (query, page) = run(&state, &args).map_err(|e| match e {
        SearchError::Invalid(errors) => WebError::Invalid(errors),
        SearchError::Unavailable => WebError::Unavailable("search_unavailable"),
        SearchError::Internal(e) => WebError::Internal(e),
    })?;
    let results = &page.results;
    Ok(Json(ResultsOut {
        query: query.text.as_str().to_owned(),
        sort: query.sort.as_str(),
        page: page.page,
        per_page: SEARCH_PAGE_SIZE,
        total: results.total,
        all_words: results.all_words,
        did_you_mean: results.correction.as_ref().map(|c| DidYouMeanOut { text: c.text.clone(), applied: c.applied }),
        more: page.more,
        hits: results.hits.iter().map(HitOut::from).collect(),
        facets: FacetsOut {
            kind: counts(&results.facets.kind),
            category: counts(&results.facets.category),
            stage: counts(&results.facets.stage),
            tag: counts(&results.facets.tag),
        },
    }))
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
#[utoipa::path(
    get,
    path = "/ideas/similar",
    tag = "search",
    summary = "Ideas like a title (and summary) being written, to avoid duplicates",
    params(
        ("title" = Option<String>, Query, description = "The title so far"),
        ("summary" = Option<String>, Query, description = "The summary so far"),
        ("except" = Option<String>, Query, description = "An idea id to leave out"),
    ),
    responses((status = 200, description = "Up to 5 similar ideas, best first", body = SimilarOut)),
)]
pub async fn api_similar(
    State(state): State<AppState>,
    Query(args): Query<SimilarArgs>,
) -> Result<Json<SimilarOut>, WebError> {
    let hits = similar(&state, &args)?;
    Ok(Json(SimilarOut { hits: hits.iter().map(HitOut::from).collect() }))
}
