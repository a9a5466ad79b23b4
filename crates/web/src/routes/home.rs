//! The home page.

use axum::extract::State;
use maud::Markup;

use crate::error::WebError;
use crate::session::PageCtx;
use crate::state::AppState;
use crate::views::{self, Chrome};

/// `GET /`
pub async fn show_home(State(state): State<AppState>, ctx: PageCtx) -> Result<Markup, WebError> {
    let contests = state.app.public_contests(6).await?;
    Ok(views::home::page(&Chrome::from(&ctx), &contests))
}
