//! The home page: what Ideaforge is and how to start.

use maud::{Markup, html};

use ideaforge_domain::contest::Contest;

use crate::components::cards::contest_card;
use crate::components::{Chrome, layout};

/// The home page.
pub fn page(chrome: &Chrome<'_>, contests: &[Contest]) -> Markup {
    let tr = chrome.tr;
    let models = [
        ("home-contests-title", "home-contests-body", "contests"),
        ("home-challenges-title", "home-challenges-body", "challenges"),
        ("home-campaigns-title", "home-campaigns-body", "campaigns"),
    ];
    layout(
        chrome,
        &tr.t("site-name"),
        html! {
            section.hero {
                hgroup {
                    h1 { (tr.t("home-title")) }
                    p { (tr.t("site-tagline")) }
                }
                p.lead { (tr.t("home-lead")) }
                @if let Some(user) = chrome.user {
                    p { (tr.t_with("home-welcome", &[("name", user.display_name.as_str())])) }
                } @else {
                    div.actions {
                        a role="button" href="/register" { (tr.t("home-cta-register")) }
                        a.secondary role="button" href="/signin" { (tr.t("home-cta-sign-in")) }
                    }
                }
            }
            @if !contests.is_empty() {
                section.open-contests {
                    h2 { (tr.t("home-open-contests")) }
                    @for contest in contests { (contest_card(tr, contest)) }
                    p { a href="/contests" { (tr.t("home-all-contests")) } }
                }
            }
            section.models.grid {
                @for (title, body, class) in models {
                    article class=(class) {
                        header { h2 { (tr.t(title)) } }
                        p { (tr.t(body)) }
                    }
                }
            }
            section.record {
                h2 { (tr.t("home-record-title")) }
                p { (tr.t("home-record-body")) }
            }
        },
    )
}
