//! The page shown for every failure (404, 401, 403, 413, 429, 500, …).

use axum::http::StatusCode;
use ideaforge_domain::{FieldErrors, User};
use maud::{Markup, html};

use super::{Chrome, invalid_text, layout};
use crate::i18n::Tr;

/// An error page with the status and a message from the catalog.
pub fn page(tr: &Tr, user: Option<&User>, status: StatusCode, message: &str, fields: &FieldErrors) -> Markup {
    let chrome = Chrome { tr, user, flash: None, unread: 0, origin: "", path: "/", categories: &[] };
    let title = tr.t("error-title");
    layout(
        &chrome,
        &title,
        html! {
            article.error-page {
                header { h1 { (status.as_u16()) " · " (title) } }
                p #error-message { (message) }
                @if !fields.is_empty() {
                    ul.field-errors {
                        @for (field, why) in fields.iter() {
                            li { strong { (field) } ": " (invalid_text(tr, field, why)) }
                        }
                    }
                }
                footer { a href="/" { (tr.t("error-back-home")) } }
            }
        },
    )
}
