//! The home page: the front door. What is open now, with awards, counts and time left; for a member,
//! a short dashboard; then what Ideaforge is.

use ideaforge_app::{CampaignCard, ChallengeCard, Dashboard};
use ideaforge_domain::contest::Contest;
use ideaforge_domain::idea::IdeaCard;
use maud::{Markup, html};

use crate::components::cards::{campaign_card, challenge_card, contest_card, stage_badge};
use crate::components::design::{empty, progress};
use crate::components::time::relative;
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
    /// The latest ideas companies chose.
    pub chosen: Vec<IdeaCard>,
    /// The member's own part, when signed in.
    pub dashboard: Option<Dashboard>,
}

/// A member's own part of the front door: their ideas and stages, votes left, the latest news.
fn dashboard(tr: &Tr, dash: &Dashboard) -> Markup {
    html! {
        div.grid.dashboard-parts {
            section data-testid="my-ideas" {
                h2 { (tr.t("home-my-ideas")) }
                @if dash.ideas.is_empty() {
                    (empty(&tr.t("home-my-ideas-none"), None))
                } @else {
                    ul { @for card in &dash.ideas { li { a href={ "/ideas/" (card.id) } { (card.title) } " " (stage_badge(tr, card.stage)) } } }
                    p { a href="/me/ideas" { (tr.t("home-all-my-ideas")) } }
                }
            }
            @if !dash.votes.is_empty() {
                section data-testid="my-votes" {
                    h2 { (tr.t("home-my-votes")) }
                    @for votes in &dash.votes {
                        p {
                            a href={ "/contests/" (votes.contest) } { (votes.title) }
                            @let text = tr.t_with("contest-votes-used", &[("used", &votes.used.to_string()), ("budget", &votes.budget.to_string())]);
                            (progress(&votes.title, u64::from(votes.used), u64::from(votes.budget), &text))
                        }
                    }
                }
            }
            section data-testid="my-news" {
                h2 { (tr.t("home-my-news")) }
                @if dash.activity.is_empty() {
                    (empty(&tr.t("notify-none"), None))
                } @else {
                    ul {
                        @for view in &dash.activity {
                            li { a href=(view.text.path) { (view.text.title) } ": " (view.text.line) " " small { (relative(tr, view.row.created_at)) } }
                        }
                    }
                    p { a href="/notifications" { (tr.t("home-all-news")) } }
                }
            }
        }
    }
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
        &Meta { path: "/".to_owned(), ..Meta::default() },
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
                        @if let Some(dash) = &front.dashboard { (dashboard(tr, dash)) }
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
                (!front.challenges.is_empty()).then(|| html! { @for card in &front.challenges { (challenge_card(chrome, card)) } })))
            (open_now(tr, ["home-open-contests", "home-no-contests", "home-all-contests"], "/contests",
                (!front.contests.is_empty()).then(|| html! { @for contest in &front.contests { (contest_card(chrome, contest)) } })))
            (open_now(tr, ["home-live-campaigns", "home-no-campaigns", "home-all-campaigns"], "/campaigns",
                (!front.campaigns.is_empty()).then(|| html! { ul { @for card in &front.campaigns { (campaign_card(tr, card)) } } })))
            @if !front.chosen.is_empty() {
                section.open-now data-testid="chosen-ideas" {
                    h2 { (tr.t("home-chosen-ideas")) }
                    ul {
                        @for card in &front.chosen {
                            li { a href={ "/ideas/" (card.id) } { (card.title) } " " (stage_badge(tr, card.stage)) " " small { (card.author_name) } }
                        }
                    }
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
