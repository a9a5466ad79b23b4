//! Downloads streamed batch by batch (exports of any size, one batch in memory at a time).

use std::future::Future;

use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::{StreamExt, stream};

/// The media type of CSV files.
pub const CSV: &str = "text/csv; charset=utf-8";

/// The media type of JSON lines files.
pub const JSON_LINES: &str = "application/x-ndjson";

/// A file to save rather than show: `body` of media type `kind`, named `name`.
pub fn attachment(kind: &str, name: &str, body: impl Into<Body>) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    ([(header::CONTENT_TYPE, kind.to_owned()), (header::CONTENT_DISPOSITION, disposition)], body.into()).into_response()
}

/// What one step of a download gives: the next text and the state to go on from, or `None` at the
/// end; `Err` (a reason for the log) when reading failed.
pub type Step<S> = Result<Option<(String, S)>, String>;

/// A body that is `head` first, then the text of each step `next` takes from `start`, until it
/// gives `None`. A failure ends the body early and is logged: a client sees a cut download, never
/// a complete-looking file. The stream is fused: a layer that asks again after the end (the
/// compression layer does) gets the end again.
pub fn streamed<S, F, Fut>(start: S, head: String, next: F) -> Body
where
    S: Send + 'static,
    F: Fn(S) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = Step<S>> + Send + 'static,
{
    Body::from_stream(
        stream::unfold(Some((start, Some(head))), move |state| {
            let next = next.clone();
            async move {
                let (state, head) = state?;
                if let Some(head) = head.filter(|h| !h.is_empty()) {
                    return Some((Ok(Bytes::from(head)), Some((state, None))));
                }
                match next(state).await {
                    Ok(Some((text, state))) => Some((Ok(Bytes::from(text)), Some((state, None)))),
                    Ok(None) => None,
                    Err(why) => {
                        tracing::error!(error = why, "a download stopped");
                        Some((Err(std::io::Error::other("the download stopped")), None))
                    }
                }
            }
        })
        .fuse(),
    )
}
