//! The notification list and the one-click unsubscribe link (RFC 8058), which needs no sign-in.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::WebError;
use crate::session::{PageCtx, SignedIn};
use crate::state::AppState;
use crate::views::{self, Chrome};

/// The signed link's parameters.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UnsubscribeQuery {
    u: String,
    k: String,
    t: String,
}

/// `GET /unsubscribe`: a confirmation button (mail scanners follow links; only a POST unsubscribes).
pub async fn show_unsubscribe(ctx: PageCtx, Query(query): Query<UnsubscribeQuery>) -> Response {
    let action = format!(
        "/unsubscribe?u={}&k={}&t={}",
        crate::error::url_encode(&query.u),
        crate::error::url_encode(&query.k),
        crate::error::url_encode(&query.t)
    );
    views::notifications::unsubscribe(&Chrome::from(&ctx), &action, false).into_response()
}

/// `POST /unsubscribe`: one click, from the page or straight from the mail client
/// (`List-Unsubscribe=One-Click`).
pub async fn unsubscribe(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<UnsubscribeQuery>,
) -> Result<Response, WebError> {
    state.app.unsubscribe(&query.u, &query.k, &query.t).await?;
    Ok(views::notifications::unsubscribe(&Chrome::from(&ctx), "", true).into_response())
}

/// `GET /notifications`
pub async fn show_notifications(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
) -> Result<Response, WebError> {
    let (rows, unread) = state.app.notifications(&user).await?;
    Ok(views::notifications::list(&Chrome::from(&ctx), &rows, unread).into_response())
}
