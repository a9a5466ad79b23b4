//! The challenge pages that belong to one person rather than one challenge: the seeker's dashboard,
//! the solver's solutions and balance, and the admin's escrow and payout screen.

use ideaforge_app::{ChallengeCard, ChallengeView};
use ideaforge_domain::FieldErrors;
use ideaforge_domain::challenge::Solution;
use ideaforge_domain::money::Money;
use ideaforge_domain::org::Org;
use maud::{Markup, html};

use crate::components::cards::{challenge_card, status_badge};
use crate::components::design::empty;
use crate::components::money;
use crate::components::{Chrome, Field, form_errors, layout};

/// The seeker's dashboard: each organization's challenges with escrow.
pub fn dashboard(chrome: &Chrome<'_>, orgs: &[(Org, Vec<ChallengeCard>)]) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("challenge-dashboard");
    layout(
        chrome,
        &title,
        html! {
            h1 { (title) }
            @if orgs.is_empty() { p { (tr.t("challenge-dashboard-none")) } }
            @for (org, cards) in orgs {
                section {
                    h2 { a href={ "/orgs/" (org.slug) } { (org.name.as_str()) } }
                    p { a role="button" href={ "/orgs/" (org.slug) "/challenges/new" } { (tr.t("challenge-new-title")) } }
                    @if cards.is_empty() { p { (tr.t("challenges-none")) } }
                    @for card in cards { (challenge_card(chrome, card)) }
                }
            }
        },
    )
}

/// The solver's solutions and payable balance.
pub fn my_solutions(chrome: &Chrome<'_>, solutions: &[(Solution, ChallengeView)], balances: &[Money]) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("solution-mine-title");
    layout(
        chrome,
        &title,
        html! {
            h1 { (title) }
            section {
                h2 { (tr.t("solution-balance")) }
                @if balances.is_empty() { p { (tr.t("solution-balance-none")) } }
                ul { @for m in balances { li data-testid="ch-payable" { (money(tr, m)) } } }
            }
            @if solutions.is_empty() { (empty(&tr.t("solution-mine-none"), Some(("/challenges", tr.t("solution-mine-browse"))))) }
            @for (s, c) in solutions {
                article {
                    h3 { a href={ "/solutions/" (s.id) } { (s.title.as_str()) } }
                    p { a href={ "/challenges/" (c.id) } { (c.title) } " · " (status_badge(tr, c.status)) " · " (tr.t("solution-revision")) " " (s.revision) }
                }
            }
        },
    )
}

/// The admin's escrow and payout screen.
pub fn admin_money(chrome: &Chrome<'_>, cards: &[ChallengeCard], errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("escrow-admin-title");
    layout(
        chrome,
        &title,
        html! {
            h1 { (title) }
            section {
                h2 { (tr.t("escrow-admin-challenges")) }
                @if cards.is_empty() { p { (tr.t("challenges-none")) } }
                @for card in cards { (challenge_card(chrome, card)) }
            }
            section #payout {
                h2 { (tr.t("payout-title")) }
                (form_errors(tr, errors))
                form method="post" action="/admin/payouts" novalidate data-testid="ch-payout-form" {
                    div.grid {
                        (Field::new(tr, "user_id", "payout-field-user", "text", errors).max(20))
                        (Field::new(tr, "amount", "escrow-field-amount", "text", errors).max(24))
                        (Field::new(tr, "currency", "challenge-field-currency", "text", errors).max(3).value("USD"))
                        (Field::new(tr, "reference", "escrow-field-reference", "text", errors).max(200))
                    }
                    button type="submit" { (tr.t("payout-submit")) }
                }
            }
        },
    )
}
