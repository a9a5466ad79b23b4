//! A campaign's page: its story, goal and progress, time left, reward tiers with what remains, the
//! public backer list (names, never amounts) and, once settled, what was collected.

use ideaforge_app::CampaignView;
use ideaforge_domain::FieldErrors;
use ideaforge_domain::campaign::CampaignStatus;
use maud::{Markup, html};

use crate::components::time::when;
use crate::components::{Chrome, Field, form_errors, layout};
use crate::markdown;

/// The campaign's page, with the pledge form's refused fields (if any).
pub fn campaign_page(chrome: &Chrome<'_>, view: &CampaignView, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let record = &view.record;
    let c = &record.campaign;
    let percent = if c.goal.minor() > 0 { record.pledged.minor().saturating_mul(100) / c.goal.minor() } else { 0 };
    layout(
        chrome,
        &record.title,
        html! {
            article.campaign {
                h1 { (record.title) }
                p { span.badge data-testid="t-campaign-status" { (tr.t(&format!("campaign-status-{}", c.status.as_str()))) } }
                dl.terms {
                    dt { (tr.t("campaign-goal")) } dd data-testid="t-campaign-goal" { (c.goal.to_string()) }
                    dt { (tr.t("campaign-pledged")) }
                    dd data-testid="t-campaign-pledged" { (record.pledged.to_string()) " (" (percent) " %)" }
                    dt { (tr.t("campaign-backers")) } dd { (record.backers) }
                    dt { (tr.t("campaign-deadline")) } dd { (when(c.deadline)) }
                    @if matches!(c.status, CampaignStatus::Succeeded) {
                        dt { (tr.t("campaign-collected")) } dd data-testid="t-campaign-collected" { (view.money.collected.to_string()) }
                        dt { (tr.t("campaign-dropped")) } dd { (view.money.dropped.to_string()) }
                    }
                }
                progress value=(percent.min(100)) max="100" aria-label=(tr.t("campaign-pledged")) {}
                p { small { (tr.t("campaign-all-or-nothing")) } }
                section.story { (markdown::render(&record.story)) }
                @if !record.tiers.is_empty() {
                    h2 { (tr.t("campaign-tiers")) }
                    ul data-testid="t-campaign-tiers" {
                        @for tier in &record.tiers {
                            li {
                                strong { (tier.terms.title.as_str()) } " · " (tier.terms.minimum.to_string())
                                @if let Some(left) = tier.remaining() { " · " (tr.t_with("campaign-tier-left", &[("count", &left.to_string())])) }
                                br;
                                small { (tr.t("campaign-tier-delivery")) " " (tier.terms.estimated_delivery.to_string()) }
                            }
                        }
                    }
                }
                h2 { (tr.t("campaign-backer-list")) }
                @if view.backers.is_empty() {
                    p { (tr.t("campaign-no-backers")) }
                } @else {
                    ul data-testid="t-campaign-backers" {
                        @for name in &view.backers {
                            li { (name.clone().unwrap_or_else(|| tr.t("campaign-anonymous"))) }
                        }
                    }
                }
                @if let Some(mine) = &view.mine {
                    p data-testid="t-campaign-mine" { (tr.t("campaign-your-pledge")) " " strong { (mine.pledge.amount.to_string()) } }
                }
                @if c.status == CampaignStatus::Live {
                    (pledge_form(chrome, view, errors))
                }
            }
        },
    )
}

/// The pledge form for a signed-in member outside the organization (a sign-in link for visitors).
fn pledge_form(chrome: &Chrome<'_>, view: &CampaignView, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let id = view.record.campaign.id;
    let Some(_) = chrome.user else {
        return html! { p { a href={ "/signin?next=/campaigns/" (id) } { (tr.t("campaign-sign-in-to-pledge")) } } };
    };
    if view.manages {
        return html! {};
    }
    html! {
        section #pledge {
            h2 { (tr.t(if view.mine.is_some() { "campaign-change-pledge" } else { "campaign-pledge" })) }
            (form_errors(tr, errors))
            form method="post" action={ "/campaigns/" (id) "/pledge" } data-testid="t-pledge-form" novalidate {
                (Field::new(tr, "amount", "campaign-field-amount", "text", errors).max(24)
                    .hint(tr.t_with("campaign-field-amount-hint", &[("currency", view.record.campaign.goal.currency().code())])))
                @if !view.record.tiers.is_empty() {
                    label for="pledge-tier" { (tr.t("campaign-field-tier")) }
                    select #pledge-tier name="tier_id" {
                        option value="" { (tr.t("campaign-no-reward")) }
                        @for tier in &view.record.tiers {
                            @let sold_out = tier.remaining() == Some(0);
                            option value=(tier.id) disabled[sold_out] {
                                (tier.terms.title.as_str()) " · " (tier.terms.minimum.to_string())
                            }
                        }
                    }
                }
                (Field::new(tr, "card", "campaign-field-card", "text", errors).max(23).autocomplete("cc-number")
                    .hint(tr.t("campaign-field-card-hint")))
                label { input type="checkbox" name="anonymous" value="on"; " " (tr.t("campaign-field-anonymous")) }
                button type="submit" { (tr.t("campaign-pledge-submit")) }
            }
            @if view.mine.is_some() {
                form method="post" action={ "/campaigns/" (id) "/pledge/withdraw" } {
                    button.secondary.outline type="submit" { (tr.t("campaign-withdraw")) }
                }
            }
        }
    }
}
