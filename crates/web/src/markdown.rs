//! Member Markdown as page markup: rendered and sanitised by `ideaforge_text::markdown` (raw HTML
//! shown as text, only safe link schemes, images as links), which the fuzz target and a property
//! test hold to its allowlist.

use maud::{Markup, PreEscaped};

/// Renders Markdown to sanitised HTML.
pub fn render(source: &str) -> Markup {
    PreEscaped(ideaforge_text::markdown::render(source))
}
