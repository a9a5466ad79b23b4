//! A contest's ideas taken out by its organization's managers: CSV for spreadsheets (formula cells
//! neutralised) and JSON lines for programs, streamed a batch at a time, so that an export of any
//! size holds one batch of ideas in memory.

use axum::body::Body;
use axum::extract::State;
use axum::response::Response;
use ideaforge_app::{ExportedIdea, IdeaExport};
use ideaforge_domain::ContestId;

use crate::components::time::rfc3339;
use crate::components::{csv, download};
use crate::error::WebError;
use crate::extract::Path;
use crate::session::SignedIn;
use crate::state::AppState;

/// The CSV's columns, in order.
const COLUMNS: [&str; 11] =
    ["id", "title", "summary", "category", "stage", "votes", "author", "tags", "language", "submitted_at", "url"];

fn csv_row(idea: &ExportedIdea, origin: &str) -> String {
    let (id, votes, tags) = (idea.id.to_string(), idea.votes.to_string(), idea.tags.join(", "));
    let (at, url) = (rfc3339(idea.created_at), format!("{origin}/ideas/{}", idea.id));
    let language = idea.language.map(|l| l.as_str()).unwrap_or_default();
    csv::row(&[
        &id,
        &idea.title,
        &idea.summary,
        &idea.category,
        &idea.stage,
        &votes,
        &idea.author,
        &tags,
        language,
        &at,
        &url,
    ])
}

fn json_line(idea: &ExportedIdea, origin: &str) -> String {
    let line = serde_json::json!({
        "id": idea.id.to_string(),
        "title": idea.title,
        "summary": idea.summary,
        "category": idea.category,
        "stage": idea.stage,
        "votes": idea.votes,
        "author": idea.author,
        "tags": idea.tags,
        "language": idea.language.map(|l| l.as_str()),
        "submitted_at": rfc3339(idea.created_at),
        "url": format!("{origin}/ideas/{}", idea.id),
    });
    format!("{line}\n")
}

/// The export as a streamed body: `head` first, then each batch as `line` writes its ideas.
fn streamed(export: IdeaExport, origin: String, head: String, line: fn(&ExportedIdea, &str) -> String) -> Body {
    download::streamed(export, head, move |mut export: IdeaExport| {
        let origin = origin.clone();
        async move {
            match export.next_batch().await {
                Ok(Some(batch)) => Ok(Some((batch.iter().map(|idea| line(idea, &origin)).collect(), export))),
                Ok(None) => Ok(None),
                Err(e) => Err(format!("idea export: {e}")),
            }
        }
    })
}

/// `GET /api/v1/contests/{id}/ideas.csv`
#[utoipa::path(
    get,
    path = "/contests/{id}/ideas.csv",
    tag = "contests",
    summary = "Every idea of a contest with its stage, votes, author and tags, as CSV (the organization's managers)",
    params(("id" = String, Path)),
    responses((status = 200, description = "CSV, streamed", content_type = "text/csv")),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn ideas_csv(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ContestId>,
) -> Result<Response, WebError> {
    let export = state.app.export_contest_ideas(&user, id).await?;
    let body = streamed(export, state.app.base_url(), csv::row(&COLUMNS), csv_row);
    Ok(download::attachment(download::CSV, &format!("contest-{id}-ideas.csv"), body))
}

/// `GET /api/v1/contests/{id}/ideas.jsonl`
#[utoipa::path(
    get,
    path = "/contests/{id}/ideas.jsonl",
    tag = "contests",
    summary = "Every idea of a contest with its stage, votes, author and tags, one JSON object per line (the organization's managers)",
    params(("id" = String, Path)),
    responses((status = 200, description = "JSON lines, streamed", content_type = "application/x-ndjson")),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn ideas_jsonl(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ContestId>,
) -> Result<Response, WebError> {
    let export = state.app.export_contest_ideas(&user, id).await?;
    let body = streamed(export, state.app.base_url(), String::new(), json_line);
    Ok(download::attachment(download::JSON_LINES, &format!("contest-{id}-ideas.jsonl"), body))
}
