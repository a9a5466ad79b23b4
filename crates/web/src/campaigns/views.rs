//! A campaign's page: its story, goal and progress, time left, reward tiers with what remains, the
//! public backer list (names, never amounts) and, once settled, what was collected.

use ideaforge_app::CampaignView;
use ideaforge_domain::campaign::CampaignStatus;
use maud::{Markup, html};

use crate::components::time::when;
use crate::components::{Chrome, layout};
use crate::markdown;

/// The campaign's page.
pub fn campaign_page(chrome: &Chrome<'_>, view: &CampaignView) -> Markup {
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
                p { small { (tr.t("campaign-api-only")) } }
            }
        },
    )
}
