//! The home page: the front door. What is open now, with awards, counts and time left; for a member,
//! a short dashboard; then what Ideaforge is.

use ideaforge_app::{CampaignCard, ChallengeCard};
use ideaforge_domain::contest::Contest;
use maud::{Markup, html};

use crate::components::cards::{campaign_card, challenge_card, contest_card};
use crate::components::{Chrome, Meta, layout_with};
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

/// One "open now" section: its heading, the cards (or, with none, what to expect) and a link to
/// the whole list. `keys`: heading, empty state, link text.
fn open_now(tr: &Tr, keys: [&str; 3], href: &str, cards: Option<Markup>) -> Markup {
    let [heading, empty, all] = keys;
    html! {
        section.open-now {
            h2 { (tr.t(heading)) }
            @if let Some(cards) = cards {
                (cards)
                p { a href=(href) { (tr.t(all)) } }
            } @else {
                p.empty { (tr.t(empty)) }
            }
        }
    }
}

/// The home page.
pub fn page(chrome: &Chrome<'_>, front: &Front) -> Markup {
    let tr = chrome.tr;
    let models = [
        ("home-contests-title", "home-contests-body", "contests"),
        ("home-challenges-title", "home-challenges-body", "challenges"),
        ("home-campaigns-title", "home-campaigns-body", "campaigns"),
    ];
    layout_with(
        chrome,
        &tr.t("site-name"),
        &Meta { path: "/".to_owned(), description: String::new() },
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
            (open_now(tr, ["home-open-challenges", "home-no-challenges", "home-all-challenges"], "/challenges",
                (!front.challenges.is_empty()).then(|| html! { @for card in &front.challenges { (challenge_card(tr, card)) } })))
            (open_now(tr, ["home-open-contests", "home-no-contests", "home-all-contests"], "/contests",
                (!front.contests.is_empty()).then(|| html! { @for contest in &front.contests { (contest_card(tr, contest)) } })))
            (open_now(tr, ["home-live-campaigns", "home-no-campaigns", "home-all-campaigns"], "/campaigns",
                (!front.campaigns.is_empty()).then(|| html! { ul { @for card in &front.campaigns { (campaign_card(tr, card)) } } })))
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
