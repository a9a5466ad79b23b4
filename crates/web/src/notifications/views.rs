//! The notification list and the unsubscribe page.

use crate::components::design::{Tone, badge, empty};
use ideaforge_app::{FailedMail, NotificationView};
use ideaforge_domain::notification::{Delivery, NotificationKind};
use maud::{Markup, html};

use crate::components::time::{relative, when};
use crate::components::{Chrome, layout};

/// The unsubscribe page: a confirmation button, or the confirmation that it is done.
pub fn unsubscribe(chrome: &Chrome<'_>, action: &str, done: bool) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("notify-unsubscribe-title");
    layout(
        chrome,
        &title,
        html! {
            article.narrow {
                h1 { (title) }
                @if done {
                    p role="status" data-testid="t-unsubscribed" { (tr.t("notify-unsubscribed")) }
                } @else {
                    p { (tr.t("notify-unsubscribe-lead")) }
                    form method="post" action=(action) {
                        button type="submit" { (tr.t("notify-unsubscribe-submit")) }
                    }
                }
            }
        },
    )
}

/// A member's notifications.
pub fn list(
    chrome: &Chrome<'_>,
    rows: &[NotificationView],
    unread: u64,
    settings: &[(NotificationKind, Delivery)],
) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("notify-title");
    layout(
        chrome,
        &title,
        html! {
            h1 { (title) }
            p data-testid="t-unread" { (tr.t_count("notify-unread", unread, &[])) }
            @if unread > 0 {
                form method="post" action="/notifications/read" {
                    button.secondary type="submit" data-testid="t-mark-read" { (tr.t("notify-mark-read")) }
                }
            }
            @if rows.is_empty() { (empty(&tr.t("notify-none"), None)) }
            ul.notifications {
                @for view in rows {
                    li class=[(!view.row.read).then_some("unread")] {
                        @if !view.row.read { (badge(Tone::Waiting, &tr.t("notify-new"))) " " }
                        a href=(view.text.path) { (view.text.title) } ": " (view.text.line)
                        " " small { (relative(tr, view.row.created_at)) }
                    }
                }
            }
            section #delivery {
                h2 { (tr.t("notify-settings")) }
                form method="post" action="/notifications/preferences" data-testid="t-delivery-form" {
                    div.grid.delivery {
                        @for (kind, delivery) in settings {
                            label {
                                (tr.t(&format!("notify-kind-{}", kind.as_str())))
                                select name=(kind.as_str()) {
                                    @for option in Delivery::ALL {
                                        option value=(option.as_str()) selected[option == delivery] { (tr.t(&format!("notify-delivery-{}", option.as_str()))) }
                                    }
                                }
                            }
                        }
                    }
                    button type="submit" { (tr.t("notify-settings-save")) }
                }
            }
        },
    )
}

/// Administrators' view of the mail the mailer gave up on (recipients masked), with a retry button.
pub fn failed_mail(chrome: &Chrome<'_>, rows: &[(FailedMail, String)]) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("mail-admin-title");
    layout(
        chrome,
        &title,
        html! {
            h1 { (title) }
            p { (tr.t("mail-admin-lead")) }
            @if rows.is_empty() {
                p #no-failed-mail { (tr.t("mail-admin-none")) }
            } @else {
                table #failed-mail {
                    thead { tr {
                        th scope="col" { "#" }
                        th scope="col" { (tr.t("mail-admin-to")) }
                        th scope="col" { (tr.t("mail-admin-kind")) }
                        th scope="col" { (tr.t("mail-admin-attempts")) }
                        th scope="col" { (tr.t("mail-admin-error")) }
                        th scope="col" { (tr.t("mail-admin-queued")) }
                        th scope="col" {}
                    } }
                    tbody {
                        @for (row, to) in rows {
                            tr {
                                td { (row.id) }
                                td { (to) }
                                td { (row.kind) }
                                td { (row.attempts) }
                                td { code { (row.last_error) } }
                                td { (when(tr, row.created_at)) }
                                td {
                                    form.inline method="post" action={ "/admin/mail/" (row.id) "/retry" } {
                                        button.secondary.outline type="submit" { (tr.t("mail-admin-retry")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}
