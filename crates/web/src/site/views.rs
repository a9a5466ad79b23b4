//! The home page: the front door. What is open now, with awards, counts and time left; for a member,
//! a short dashboard; then what Ideaforge is.

use ideaforge_app::{CampaignCard, ChallengeCard};
use ideaforge_domain::contest::Contest;
use maud::{Markup, html};

use crate::components::cards::{campaign_card, challenge_card, contest_card};
use crate::components::{Chrome, layout};
use crate::i18n::Tr;

/// What is open now.
#[derive(Debug)]
pub struct Front {
    /// The newest public contests.
    pub contests: Vec<Contest>,
    /// How many contests are public.
    pub public_contests: usize,
    /// A few open challenges, and how many are open.
    pub challenges: Vec<ChallengeCard>,
    /// How many challenges are open.
    pub open_challenges: usize,
    /// A few live campaigns.
    pub campaigns: Vec<CampaignCard>,
    /// How many campaigns are live.
    pub live_campaigns: usize,
}

/// A count with its label, linking to the list.
fn stat(tr: &Tr, count: usize, key: &str, href: &str) -> Markup {
    let label = tr.t_count(key, count as u64, &[]);
    html! { a.stat href=(href) { strong { (count) } " " span { (label) } } }
}

/// The home page.
pub fn page(chrome: &Chrome<'_>, front: &Front) -> Markup {
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
                @if let Some(user) = chrome.user {
                    div.dashboard data-testid="dashboard" {
                        p { (tr.t_with("home-welcome", &[("name", user.display_name.as_str())])) }
                        @if chrome.unread > 0 {
                            p { a href="/notifications" { (tr.t_count("home-unread", chrome.unread, &[])) } }
                        }
                        div.actions {
                            a role="button" href="/ideas/new" { (tr.t("home-cta-submit")) }
                            a.secondary role="button" href="/me/solutions" { (tr.t("nav-my-solutions")) }
                            a.secondary.outline role="button" href="/me/royalties" { (tr.t("nav-royalties")) }
                        }
                    }
                } @else {
                    p.lead { (tr.t("home-lead")) }
                    div.actions {
                        a role="button" href="/register" { (tr.t("home-cta-register")) }
                        a.secondary role="button" href="/signin" { (tr.t("home-cta-sign-in")) }
                    }
                }
                p.stats data-testid="front-stats" {
                    (stat(tr, front.public_contests, "home-stat-contests", "/contests"))
                    (stat(tr, front.open_challenges, "home-stat-challenges", "/challenges"))
                    (stat(tr, front.live_campaigns, "home-stat-campaigns", "/campaigns"))
                }
            }
            section.open-now {
                h2 { (tr.t("home-open-challenges")) }
                @if front.challenges.is_empty() {
                    p.empty { (tr.t("home-no-challenges")) }
                } @else {
                    @for card in &front.challenges { (challenge_card(tr, card)) }
                    p { a href="/challenges" { (tr.t("home-all-challenges")) } }
                }
            }
            section.open-now {
                h2 { (tr.t("home-open-contests")) }
                @if front.contests.is_empty() {
                    p.empty { (tr.t("home-no-contests")) }
                } @else {
                    @for contest in &front.contests { (contest_card(tr, contest)) }
                    p { a href="/contests" { (tr.t("home-all-contests")) } }
                }
            }
            section.open-now {
                h2 { (tr.t("home-live-campaigns")) }
                @if front.campaigns.is_empty() {
                    p.empty { (tr.t("home-no-campaigns")) }
                } @else {
                    ul { @for card in &front.campaigns { (campaign_card(tr, card)) } }
                    p { a href="/campaigns" { (tr.t("home-all-campaigns")) } }
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
