//! The page shown for every failure (404, 401, 403, 413, 429, 500, …).

use axum::http::StatusCode;
use ideaforge_domain::User;
use maud::{Markup, html};

use super::{Chrome, layout};
use crate::i18n::Tr;

/// An error page with the status and a message from the catalog.
pub fn page(tr: &Tr, user: Option<&User>, status: StatusCode, message: &str) -> Markup {
    let chrome = Chrome { tr, user, flash: None };
    let title = tr.t("error-title");
    layout(
        &chrome,
        &title,
        html! {
            article.error-page {
                header { h1 { (status.as_u16()) " · " (title) } }
                p #error-message { (message) }
                footer { a href="/" { (tr.t("error-back-home")) } }
            }
        },
    )
}
