//! The home page.

use maud::Markup;

use crate::session::PageCtx;
use crate::views::{self, Chrome};

/// `GET /`
pub async fn show_home(ctx: PageCtx) -> Markup {
    views::home::page(&Chrome::from(&ctx))
}
