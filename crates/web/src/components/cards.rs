//! Cards and badges that several areas' pages show: ideas, contests, challenges, campaigns, stages
//! and statuses.

use ideaforge_app::{CampaignCard, ChallengeCard};
use ideaforge_domain::IdeaId;
use ideaforge_domain::campaign::CampaignStatus;
use ideaforge_domain::challenge::Status;
use ideaforge_domain::contest::Contest;
use ideaforge_domain::idea::{IdeaCard, Stage};
use maud::{Markup, html};

use super::Chrome;
use super::design::{Tone, badge};
use super::money;
use super::time::relative;
use crate::i18n::Tr;

/// The name of a stage in the reader's language.
pub fn stage_label(tr: &Tr, stage: Stage) -> String {
    tr.t(&format!("stage-{}", stage.as_str()))
}

/// A stage as a badge: selected and launched ideas in the good tone, ideas waiting on a decision
/// in the waiting tone, those that ended otherwise muted.
pub fn stage_badge(tr: &Tr, stage: Stage) -> Markup {
    let tone = match stage {
        Stage::Submitted => Tone::Open,
        Stage::Shortlisted | Stage::InDevelopment => Tone::Waiting,
        Stage::Selected | Stage::Launched => Tone::Good,
        Stage::Rejected | Stage::Withdrawn | Stage::Abandoned | Stage::Duplicate => Tone::Ended,
    };
    badge(tone, &stage_label(tr, stage))
}

/// The vote count with its button; htmx swaps this whole form after a vote. Its accessible name
/// says what it does, for which idea, and the count ("Vote for ‹title›, 3 votes"); the region around
/// it announces the new count.
pub fn vote_widget(tr: &Tr, idea: IdeaId, title: &str, votes: i64, voted: bool, signed_in: bool) -> Markup {
    let action = format!("/ideas/{idea}/vote");
    let label = |key: &str| tr.t_count(key, votes.unsigned_abs(), &[("title", title)]);
    html! {
        @if signed_in {
            form.vote method="post" action=(action) hx-post=(action) hx-target="this" hx-swap="outerHTML" {
                input type="hidden" name="on" value=(if voted { "0" } else { "1" });
                input type="hidden" name="back" value={ "/ideas/" (idea) };
                button type="submit" class=(if voted { "voted" } else { "outline" }) aria-pressed=(voted)
                    aria-label=(label(if voted { "vote-withdraw-named" } else { "vote-cast-named" }))
                    title=(tr.t(if voted { "vote-withdraw" } else { "vote-cast" })) {
                    span aria-hidden="true" { "▲ " } span.votes data-testid="votes" { (votes) }
                }
            }
        } @else {
            a.vote href={ "/signin?next=/ideas/" (idea) } aria-label=(label("vote-sign-in-named"))
                title=(tr.t("vote-sign-in")) {
                span aria-hidden="true" { "▲ " } span.votes data-testid="votes" { (votes) }
            }
        }
    }
}

/// The vote count without a button, for a member who may not vote on this idea now, with the
/// reason beside it (their own idea, voting closed…).
pub fn vote_count(tr: &Tr, votes: i64, reason: &str) -> Markup {
    let count = tr.t_count("vote-count", votes.unsigned_abs(), &[]);
    html! {
        p.vote.vote-static data-testid="votes-only" {
            span aria-hidden="true" { "▲ " span.votes data-testid="votes" { (votes) } }
            span.visually-hidden { (count) }
            small.vote-reason { (reason) }
        }
    }
}

/// An idea in a list; on the reader's `own` idea, its count and why there is no button.
pub fn idea_card(chrome: &Chrome<'_>, card: &IdeaCard, voted: bool, signed_in: bool, own: bool) -> Markup {
    let tr = chrome.tr;
    html! {
        article.idea-card {
            div.vote-slot aria-live="polite" {
                @if own && signed_in {
                    (vote_count(tr, card.votes, &tr.t("error-own_idea")))
                } @else {
                    (vote_widget(tr, card.id, &card.title, card.votes, voted, signed_in))
                }
            }
            // The recorded language; the detector's reading for ideas written before it was recorded.
            @let lang = card.language.map(|l| l.as_str())
                .or_else(|| ideaforge_app::language_tag(&format!("{} {}", card.title, card.summary)));
            div {
                h3 lang=[lang] { a href={ "/ideas/" (card.id) } { (card.title) } }
                p lang=[lang] { (card.summary) }
                small { (card.author_name) " · " (chrome.category(&card.category)) " · " (stage_badge(tr, card.stage)) }
            }
        }
    }
}

/// Whether a contest is public yet, as a badge.
pub fn contest_status(tr: &Tr, contest: &Contest) -> Markup {
    if contest.is_public() {
        badge(Tone::Good, &tr.t("contest-approved"))
    } else {
        badge(Tone::Waiting, &tr.t("contest-pending"))
    }
}

/// A contest in a list.
pub fn contest_card(chrome: &Chrome<'_>, contest: &Contest) -> Markup {
    let tr = chrome.tr;
    html! {
        article.contest-card {
            header {
                h3 { a href={ "/contests/" (contest.id) } { (contest.title.as_str()) } }
                small { (contest.org.name.as_str()) " · " (chrome.category(contest.category.as_str())) " · " (contest_status(tr, contest)) }
            }
            p { (tr.t("contest-submissions-close")) " " (relative(tr, contest.windows.submission_closes_at)) }
        }
    }
}

/// A challenge's status as a badge.
pub fn status_badge(tr: &Tr, status: Status) -> Markup {
    let tone = match status {
        Status::Draft => Tone::Neutral,
        Status::InReview | Status::Judging => Tone::Waiting,
        Status::Open => Tone::Open,
        Status::Awarded => Tone::Good,
        Status::Closed | Status::Cancelled => Tone::Ended,
    };
    html! { span data-testid="ch-challenge-status" { (badge(tone, &tr.t(&format!("challenge-status-{}", status.as_str())))) } }
}

/// A campaign's status as a badge.
pub fn campaign_badge(tr: &Tr, status: CampaignStatus) -> Markup {
    let tone = match status {
        CampaignStatus::Draft => Tone::Neutral,
        CampaignStatus::InReview => Tone::Waiting,
        CampaignStatus::Live => Tone::Open,
        CampaignStatus::Succeeded => Tone::Good,
        CampaignStatus::Failed | CampaignStatus::Cancelled => Tone::Ended,
    };
    badge(tone, &tr.t(&format!("campaign-status-{}", status.as_str())))
}

/// A challenge's seeker as shown: its name, or that it is anonymous.
pub fn seeker_name(tr: &Tr, seeker: Option<&str>) -> String {
    seeker.map_or_else(|| tr.t("challenge-anonymous-seeker"), str::to_owned)
}

/// Basis points as a percentage: `50 %`, `33.33 %`.
pub fn percent(bp: u16) -> String {
    let whole = bp / 100;
    match bp % 100 {
        0 => format!("{whole} %"),
        rest => format!("{whole}.{rest:02} %"),
    }
}

/// A challenge in a list.
pub fn challenge_card(chrome: &Chrome<'_>, card: &ChallengeCard) -> Markup {
    let tr = chrome.tr;
    html! {
        article.challenge-card data-testid="ch-challenge-card" {
            header {
                h3 { a href={ "/challenges/" (card.id) } { (card.title) } }
                small {
                    (seeker_name(tr, card.seeker.as_deref())) " · " (chrome.category(&card.category)) " · "
                    (tr.t(&format!("challenge-type-{}", card.kind.as_str()))) " · " (status_badge(tr, card.status))
                }
            }
            p {
                strong { (money(tr, &card.award)) } " · " (tr.t("challenge-deadline")) " " (relative(tr, card.deadline))
                @if let Some(escrow) = card.escrow {
                    " · " (tr.t("challenge-escrow-held")) " " span data-testid="ch-escrow-held" { (money(tr, &escrow)) }
                    " / " (money(tr, &card.required_escrow))
                }
            }
        }
    }
}

/// A one-button form that POSTs to `action`.
pub fn post_button(action: &str, label: String, class: &str, testid: &str) -> Markup {
    html! {
        form.inline method="post" action=(action) {
            button class=(class) type="submit" data-testid=(format!("ch-{testid}")) { (label) }
        }
    }
}

/// A campaign in a list: title, status, progress, backers and deadline.
pub fn campaign_card(tr: &Tr, card: &CampaignCard) -> Markup {
    let percent = if card.goal.minor() > 0 { card.pledged.minor().saturating_mul(100) / card.goal.minor() } else { 0 };
    html! {
        li data-testid="t-campaign-card" {
            a href={ "/campaigns/" (card.id) } { strong { (card.title) } }
            " · " (campaign_badge(tr, card.status))
            br;
            small {
                (money(tr, &card.pledged)) " / " (money(tr, &card.goal)) " (" (percent) " %) · "
                (tr.t_with("campaign-card-backers", &[("count", &card.backers.to_string())])) " · "
                (tr.t("campaign-deadline")) " " (relative(tr, card.deadline))
            }
        }
    }
}
