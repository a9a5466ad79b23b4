//! The IP register: an idea's rights section, a record's public page with the content check, and
//! the contributor's royalty statement.

use ideaforge_app::RoyaltyLine;
use ideaforge_app::{IdeaRights, RecordView};
use ideaforge_domain::idea::Stage;
use ideaforge_domain::{FieldErrors, IdeaId};
use maud::{Markup, html};

use super::contests::when;
use super::{Chrome, Field, TextArea, form_errors, layout};
use crate::i18n::Tr;

fn percent(bp: u16) -> String {
    format!("{}.{:02} %", bp / 100, bp % 100)
}

fn parties(tr: &Tr, record: &RecordView) -> String {
    record
        .parties
        .iter()
        .map(|p| p.name.clone().unwrap_or_else(|| tr.t("challenge-anonymous-seeker")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rights section of an idea's page: owners, licensees, shares, the register history, and for
/// the contest's managers the share and revenue forms.
pub fn rights_section(tr: &Tr, idea: IdeaId, stage: Stage, rights: &IdeaRights, errors: &FieldErrors) -> Markup {
    html! {
        section #rights {
            h2 { (tr.t("ip-rights-title")) }
            p data-testid="t-ip-owners" { (tr.t("ip-owners")) " " strong { (rights.owners.join(", ")) } }
            @if !rights.licensees.is_empty() {
                p data-testid="t-ip-licensees" { (tr.t("ip-licensees")) " " strong { (rights.licensees.join(", ")) } }
            }
            @if !rights.shares.is_empty() {
                h3 { (tr.t("ip-shares")) }
                table data-testid="t-ip-shares" {
                    tbody {
                        @for (name, role, bp) in &rights.shares {
                            tr { td { (name) } td { (role) } td { (percent(*bp)) } }
                        }
                    }
                }
            }
            details {
                summary { (tr.t("ip-history")) " (" (rights.history.len()) ")" }
                ol {
                    @for view in &rights.history {
                        li {
                            a href={ "/ip/records/" (view.record.seq) } { "#" (view.record.seq) } " · "
                            (tr.t(&format!("ip-kind-{}", view.record.kind.as_str()))) " · " (parties(tr, view)) " · "
                            (when(view.record.recorded_at))
                        }
                    }
                }
            }
            @if rights.can_manage && matches!(stage, Stage::Selected | Stage::InDevelopment | Stage::Launched) {
                (form_errors(tr, errors))
                form method="post" action={ "/ideas/" (idea) "/shares" } data-testid="t-ip-shares-form" {
                    (TextArea::new(tr, "shares", "ip-shares-field", errors).max(5_000).rows(4).hint(tr.t("ip-shares-hint")))
                    button.secondary type="submit" { (tr.t("ip-shares-submit")) }
                }
            }
            @if rights.can_manage && stage == Stage::Launched {
                form method="post" action={ "/ideas/" (idea) "/royalties" } data-testid="t-ip-revenue-form" {
                    div.grid {
                        (Field::new(tr, "period", "ip-period", "text", errors).max(20).hint(tr.t("ip-period-hint")))
                        (Field::new(tr, "revenue", "ip-revenue", "text", errors).max(24))
                        (Field::new(tr, "currency", "challenge-field-currency", "text", errors).max(3).value("USD"))
                    }
                    @if let Some(pool) = rights.influence_pool {
                        p { small { (tr.t("ip-pool")) " " (percent(pool.get())) } }
                    }
                    button type="submit" { (tr.t("ip-revenue-submit")) }
                }
            }
        }
    }
}

/// A record's public page: its hashes and parties, and a form to check a text against it.
pub fn record_page(chrome: &Chrome<'_>, view: &RecordView, check: Option<(bool, &str)>, text: &str) -> Markup {
    let tr = chrome.tr;
    let r = &view.record;
    let title = format!("{} #{}", tr.t("ip-record-title"), r.seq);
    // A solution's page is private: the record names it without a link.
    let subject_link = (!matches!(r.subject, ideaforge_domain::ip::Subject::Solution(_))).then(|| r.subject.path());
    layout(
        chrome,
        &title,
        html! {
            h1 { (title) }
            dl.terms {
                dt { (tr.t("ip-kind")) } dd data-testid="t-ip-kind" { (tr.t(&format!("ip-kind-{}", r.kind.as_str()))) }
                dt { (tr.t("ip-subject")) }
                dd { @if let Some(link) = subject_link { a href=(link) { (r.subject.to_string()) } } @else { (r.subject.to_string()) } }
                dt { (tr.t("ip-parties")) } dd { (parties(tr, view)) }
                dt { (tr.t("ip-terms")) } dd { pre { (r.terms) } }
                dt { (tr.t("ip-recorded-at")) } dd { (when(r.recorded_at)) }
                dt { (tr.t("ip-content-hash")) } dd { code data-testid="t-ip-content-hash" { (r.content_sha256) } }
                dt { (tr.t("ip-prev-hash")) } dd { code { (r.prev_hash) } }
                dt { (tr.t("ip-hash")) } dd { code { (r.hash) } }
            }
            section #check {
                h2 { (tr.t("ip-check-title")) }
                p { (tr.t("ip-check-lead")) }
                @if let Some((matches, hash)) = check {
                    @if matches {
                        p.flash role="status" data-testid="t-ip-check-result" { (tr.t("ip-check-match")) }
                    } @else {
                        p.form-errors role="alert" data-testid="t-ip-check-result" { (tr.t("ip-check-differs")) " " code { (hash) } }
                    }
                }
                form method="post" action={ "/ip/records/" (r.seq) "/check" } {
                    textarea name="text" rows="8" maxlength="200000" aria-label=(tr.t("ip-check-title")) { (text) }
                    button type="submit" { (tr.t("ip-check-submit")) }
                }
            }
        },
    )
}

/// The contributor's royalty statement.
pub fn royalties(chrome: &Chrome<'_>, lines: &[RoyaltyLine]) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("ip-royalties-title");
    layout(
        chrome,
        &title,
        html! {
            h1 { (title) }
            @if lines.is_empty() { p { (tr.t("ip-royalties-none")) } }
            table data-testid="t-ip-royalties" {
                tbody {
                    @for line in lines {
                        tr data-testid="t-ip-royalty-line" {
                            td { a href={ "/ideas/" (line.idea) } { (line.idea_title) } }
                            td { (line.period) }
                            td { (line.role) " · " (percent(line.share.get())) }
                            td { (line.amount.to_string()) }
                        }
                    }
                }
            }
        },
    )
}
