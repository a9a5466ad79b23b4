//! The IP register: an idea's rights section, a record's public page with the content check, and
//! the contributor's royalty statement.

use ideaforge_app::RecordView;
use ideaforge_app::RoyaltyLine;
use maud::{Markup, html};

use crate::components::cards::percent;
use crate::components::money;
use crate::components::time::when;
use crate::components::{Chrome, layout};
use crate::ideas::rights::parties;

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
                @let subject = view.subject_title.clone().unwrap_or_else(|| r.subject.to_string());
                dd data-testid="t-ip-subject" { @if let Some(link) = subject_link { a href=(link) { (subject) } } @else { (subject) } }
                dt { (tr.t("ip-parties")) } dd { (parties(tr, view)) }
                dt { (tr.t("ip-terms")) } dd { pre { (r.terms) } }
                dt { (tr.t("ip-recorded-at")) } dd { (when(tr, r.recorded_at)) }
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
            p { (tr.t("ip-royalties-lead")) }
            @if lines.is_empty() { p { (tr.t("ip-royalties-none")) } }
            table data-testid="t-ip-royalties" {
                tbody {
                    @for line in lines {
                        tr data-testid="t-ip-royalty-line" {
                            td { a href={ "/ideas/" (line.idea) } { (line.idea_title) } }
                            td { (line.period) }
                            td { (line.role) " · " (percent(line.share.get())) }
                            td { (money(tr, &line.amount)) }
                            td {
                                @match line.credited_at {
                                    Some(at) => { (tr.t("ip-royalty-credited")) " " (when(tr, at)) }
                                    None => { (tr.t("ip-royalty-owed")) }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}
