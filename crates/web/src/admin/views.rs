//! The administration pages: the member search, one member (suspension and role), the audit log.

use ideaforge_app::{AuditEntry, MemberRecord};
use ideaforge_domain::admin::SuspensionReason;
use ideaforge_domain::{FieldErrors, Role, User};
use maud::{Markup, html};

use crate::components::design::{Tone, badge, empty};
use crate::components::time::when;
use crate::components::{Chrome, Field, form_errors, layout};
use crate::i18n::Tr;

fn role_label(tr: &Tr, role: Role) -> String {
    tr.t(&format!("admin-role-{}", role.as_str()))
}

fn state_badge(tr: &Tr, user: &User) -> Markup {
    if user.suspended { badge(Tone::Ended, &tr.t("admin-suspended")) } else { badge(Tone::Good, &tr.t("admin-active")) }
}

pub(super) fn admin_nav(tr: &Tr) -> Markup {
    html! {
        nav aria-label=(tr.t("admin-nav")) {
            ul {
                li { a href="/admin/users" { (tr.t("admin-members-title")) } }
                li { a href="/admin/categories" { (tr.t("admin-categories-title")) } }
                li { a href="/admin/audit" { (tr.t("admin-audit-title")) } }
                li { a href="/admin/money" { (tr.t("nav-money")) } }
                li { a href="/admin/mail" { (tr.t("nav-mail")) } }
            }
        }
    }
}

/// The member search with its results.
pub fn members(chrome: &Chrome<'_>, query: &str, found: &[User]) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("admin-members-title");
    layout(
        chrome,
        &title,
        html! {
            h1 { (title) }
            (admin_nav(tr))
            form role="search" method="get" action="/admin/users" {
                label for="member-query" { (tr.t("admin-members-find")) }
                input #member-query type="search" name="q" value=(query) maxlength="200";
                button type="submit" { (tr.t("admin-members-find-submit")) }
            }
            @if found.is_empty() {
                (empty(&tr.t("admin-members-none"), None))
            } @else {
                table {
                    thead { tr {
                        th scope="col" { (tr.t("admin-member-name")) }
                        th scope="col" { (tr.t("admin-member-email")) }
                        th scope="col" { (tr.t("admin-member-role")) }
                        th scope="col" { (tr.t("admin-member-state")) }
                        th scope="col" { (tr.t("admin-member-joined")) }
                    } }
                    tbody {
                        @for user in found {
                            tr {
                                td { a href={ "/admin/users/" (user.id) } { (user.display_name.as_str()) } }
                                td { (user.email.as_str()) }
                                td { (role_label(tr, user.role)) }
                                td { (state_badge(tr, user)) }
                                td { (when(tr, user.created_at)) }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// One member: who they are, their suspension, and the forms that change it and their role (not on
/// one's `own` account). `reason` is the reason typed when a suspension was refused.
pub fn member(chrome: &Chrome<'_>, record: &MemberRecord, own: bool, reason: &str, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let user = &record.user;
    let title = user.display_name.as_str().to_owned();
    let base = format!("/admin/users/{}", user.id);
    layout(
        chrome,
        &title,
        html! {
            hgroup {
                h1 { (title) " " (state_badge(tr, user)) }
                p { (user.email.as_str()) " · " (role_label(tr, user.role)) " · " (tr.t("admin-member-joined")) " " (when(tr, user.created_at)) }
            }
            (admin_nav(tr))
            (form_errors(tr, errors))
            @if let Some(suspension) = &record.suspension {
                section #suspension {
                    h2 { (tr.t("admin-suspension")) }
                    p role="status" {
                        (tr.t_with("admin-suspended-by", &[("admin", &suspension.by)])) " " (when(tr, suspension.at))
                    }
                    blockquote { (suspension.reason) }
                    @if !own {
                        form method="post" action={ (base) "/reinstate" } {
                            button type="submit" { (tr.t("admin-reinstate")) }
                        }
                    }
                }
            }
            @if own {
                p { (tr.t("admin-own-account")) }
            } @else {
                @if record.suspension.is_none() {
                    section #suspend {
                        h2 { (tr.t("admin-suspend-title")) }
                        p { (tr.t("admin-suspend-lead")) }
                        form method="post" action={ (base) "/suspend" } novalidate {
                            (Field::new(tr, "reason", "admin-field-reason", "text", errors).value(reason).max(SuspensionReason::MAX))
                            button.contrast type="submit" { (tr.t("admin-suspend")) }
                        }
                    }
                }
                section #role {
                    h2 { (tr.t("admin-member-role")) }
                    form method="post" action={ (base) "/role" } {
                        label for="role-choice" { (tr.t("admin-field-role")) }
                        select #role-choice name="role" {
                            @for role in Role::ALL {
                                option value=(role.as_str()) selected[*role == user.role] { (role_label(tr, *role)) }
                            }
                        }
                        button.secondary type="submit" { (tr.t("admin-role-save")) }
                    }
                }
            }
        },
    )
}

/// A page of the audit log, newest first, with a link to the older entries.
pub fn audit(chrome: &Chrome<'_>, entries: &[AuditEntry]) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("admin-audit-title");
    layout(
        chrome,
        &title,
        html! {
            h1 { (title) }
            (admin_nav(tr))
            p { (tr.t("admin-audit-lead")) }
            @if entries.is_empty() {
                (empty(&tr.t("admin-audit-none"), None))
            } @else {
                table {
                    thead { tr {
                        th scope="col" { (tr.t("admin-audit-when")) }
                        th scope="col" { (tr.t("admin-audit-who")) }
                        th scope="col" { (tr.t("admin-audit-what")) }
                        th scope="col" { (tr.t("admin-audit-subject")) }
                        th scope="col" { (tr.t("admin-audit-why")) }
                    } }
                    tbody {
                        @for entry in entries {
                            tr {
                                td { (when(tr, entry.at)) }
                                td { (entry.actor.as_deref().unwrap_or_default()) }
                                td { (tr.t(&format!("admin-action-{}", entry.kind))) }
                                td { code { (entry.subject) } }
                                td { (entry.reason.as_deref().unwrap_or_default()) }
                            }
                        }
                    }
                }
                @if entries.len() as u64 == ideaforge_app::admin::PAGE {
                    @if let Some(last) = entries.last() {
                        p { a href={ "/admin/audit?before=" (last.id) } { (tr.t("admin-audit-older")) } }
                    }
                }
            }
        },
    )
}
