//! The home page.

use axum::extract::State;
use maud::Markup;

use crate::components::Chrome;
use crate::error::WebError;
use crate::session::PageCtx;
use crate::state::AppState;

/// `GET /`
pub async fn show_home(State(state): State<AppState>, ctx: PageCtx) -> Result<Markup, WebError> {
    let contests = state.app.public_contests(6).await?;
    Ok(super::views::page(&Chrome::from(&ctx), &contests))
}
