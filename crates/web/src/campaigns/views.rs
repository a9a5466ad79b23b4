//! A campaign's page: its story, goal and progress, time left, reward tiers with what remains, the
//! public backer list (names, never amounts) and, once settled, what was collected.

use crate::components::cards::campaign_badge;
use crate::components::design::{Tone, badge};
use ideaforge_app::CampaignView;
use ideaforge_domain::FieldErrors;
use ideaforge_domain::campaign::{Audience, CampaignStatus, Move, ProviderKind};
use maud::{Markup, html};

use crate::components::money;
use crate::components::time::when;
use crate::components::{Chrome, Field, Meta, TextArea, form_errors, layout_with};
use crate::markdown;

/// The campaign's page, with the pledge form's refused fields (if any).
pub fn campaign_page(chrome: &Chrome<'_>, view: &CampaignView, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let record = &view.record;
    let c = &record.campaign;
    let percent = if c.goal.minor() > 0 { record.pledged.minor().saturating_mul(100) / c.goal.minor() } else { 0 };
    let meta = Meta::new(format!("/campaigns/{}", c.id), &ideaforge_app::plain_text(&record.story));
    layout_with(
        chrome,
        &record.title,
        &meta,
        html! {
            article.campaign {
                h1 { (record.title) }
                p { span data-testid="t-campaign-status" { (campaign_badge(tr, c.status)) } }
                dl.terms {
                    dt { (tr.t("campaign-goal")) } dd data-testid="t-campaign-goal" { (money(tr, &c.goal)) }
                    dt { (tr.t("campaign-pledged")) }
                    dd data-testid="t-campaign-pledged" { (money(tr, &record.pledged)) " (" (percent) " %)" }
                    dt { (tr.t("campaign-backers")) } dd { (record.backers) }
                    dt { (tr.t("campaign-deadline")) } dd { (when(tr, c.deadline)) }
                    @if matches!(c.status, CampaignStatus::Succeeded) {
                        dt { (tr.t("campaign-collected")) } dd data-testid="t-campaign-collected" { (money(tr, &view.money.collected)) }
                        dt { (tr.t("campaign-dropped")) } dd data-testid="t-campaign-dropped" { (money(tr, &view.money.dropped)) }
                        dt { (tr.t("campaign-processor-fees")) } dd data-testid="t-campaign-processor-fees" { (money(tr, &view.money.processor_fees)) }
                        dt { (tr.t("campaign-platform-fees")) } dd data-testid="t-campaign-platform-fees" { (money(tr, &view.money.platform_fees)) }
                        dt { (tr.t("campaign-net")) } dd data-testid="t-campaign-net" { (money(tr, &view.money.net)) }
                    }
                    @if let Some(idea) = c.idea {
                        dt { (tr.t("campaign-idea")) } dd { a href={ "/ideas/" (idea) } { "#" (idea) } " " small { (tr.t("campaign-idea-hint")) } }
                    }
                }
                (moves(chrome, view))
                progress value=(percent.min(100)) max="100" aria-label=(tr.t("campaign-pledged")) {}
                p { small { (tr.t("campaign-all-or-nothing")) } }
                section.story { (markdown::render(&record.story)) }
                @if !record.tiers.is_empty() {
                    h2 { (tr.t("campaign-tiers")) }
                    ul data-testid="t-campaign-tiers" {
                        @for tier in &record.tiers {
                            li {
                                strong { (tier.terms.title.as_str()) } " · " (money(tr, &tier.terms.minimum))
                                @if let Some(left) = tier.remaining() { " · " (tr.t_with("campaign-tier-left", &[("count", &left.to_string())])) }
                                @if let Some(most) = tier.terms.per_backer_limit.filter(|n| *n > 1) { " · " (tr.t_with("campaign-tier-per-backer", &[("count", &most.to_string())])) }
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
                    p data-testid="t-campaign-mine" { (tr.t("campaign-your-pledge")) " " strong { (money(tr, &mine.pledge.amount)) } }
                }
                @if c.status == CampaignStatus::Live {
                    (pledge_form(chrome, view, errors))
                }
                @if view.manages && c.is_public() {
                    (dashboard(chrome, view))
                }
                @if !view.awaited.is_empty() {
                    (transfers(chrome, view, errors))
                }
                (updates(chrome, view, errors))
            }
        },
    )
}

/// The lifecycle buttons the viewer may press (the domain decides which).
fn moves(chrome: &Chrome<'_>, view: &CampaignView) -> Markup {
    let tr = chrome.tr;
    let id = view.record.campaign.id;
    let c = &view.record.campaign;
    html! {
        @if c.status == CampaignStatus::InReview {
            p data-testid="t-campaign-review" {
                (tr.t(if c.approved_by.is_some() { "campaign-approved-note" } else { "campaign-in-review-note" }))
            }
        }
        @if !view.moves.is_empty() || view.editable {
            p.actions {
                @if view.editable {
                    a role="button" class="secondary" href={ "/campaigns/" (id) "/edit" } data-testid="t-campaign-edit" { (tr.t("campaign-edit")) }
                    " "
                }
                @for mv in &view.moves {
                    @let (path, label, class) = match mv {
                        Move::Submit => ("submit", "campaign-move-submit", ""),
                        Move::Approve => ("approve", "campaign-move-approve", ""),
                        Move::Launch => ("launch", "campaign-move-launch", ""),
                        Move::Cancel => ("cancel", "campaign-move-cancel", "secondary outline"),
                    };
                    form.inline method="post" action={ "/campaigns/" (id) "/" (path) } {
                        button class=(class) type="submit" data-testid={ "t-campaign-" (path) } { (tr.t(label)) }
                    }
                    " "
                }
            }
        }
    }
}

/// The organization's view of its backers: pledges by day and the CSV download.
fn dashboard(chrome: &Chrome<'_>, view: &CampaignView) -> Markup {
    let tr = chrome.tr;
    let id = view.record.campaign.id;
    html! {
        section #backers-dashboard {
            h2 { (tr.t("campaign-dashboard")) }
            @if view.days.is_empty() {
                p { (tr.t("campaign-no-backers")) }
            } @else {
                table data-testid="t-pledges-by-day" {
                    thead { tr { th scope="col" { (tr.t("campaign-day")) } th scope="col" { (tr.t("campaign-backers")) } th scope="col" { (tr.t("campaign-pledged")) } } }
                    tbody {
                        @for day in &view.days {
                            tr { td { (day.day.to_string()) } td { (day.count) } td { (money(tr, &day.amount)) } }
                        }
                    }
                }
            }
            p { a href={ "/api/v1/campaigns/" (id) "/backers.csv" } download data-testid="t-backers-csv" { (tr.t("campaign-backers-csv")) } }
        }
    }
}

/// The updates the viewer may read, their comments, and the forms to post either.
fn updates(chrome: &Chrome<'_>, view: &CampaignView, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let id = view.record.campaign.id;
    let reader = view.reader;
    if view.updates.is_empty() && !(reader.may_post() && view.record.campaign.is_public()) {
        return html! {};
    }
    html! {
        section #updates {
            h2 { (tr.t("campaign-updates")) }
            @for update in &view.updates {
                article #{ "update-" (update.id) } data-testid="t-campaign-update" {
                    header {
                        strong { (update.title) } " · " (when(tr, update.created_at))
                        @if update.audience == Audience::Backers { " · " (badge(Tone::Neutral, &tr.t("campaign-backers-only"))) }
                    }
                    (markdown::render(&update.body))
                    @for (name, body, at) in &update.comments {
                        blockquote { (body) footer { (name) " · " (when(tr, *at)) } }
                    }
                    @if reader.may_comment() {
                        form method="post" action={ "/campaign-updates/" (update.id) "/comments" } {
                            textarea name="body" rows="2" maxlength="5000" aria-label=(tr.t("campaign-comment")) required {}
                            button.secondary type="submit" { (tr.t("campaign-comment")) }
                        }
                    }
                }
            }
            @if reader.may_post() && view.record.campaign.is_public() {
                details open[errors.get("title").is_some() || errors.get("body").is_some()] {
                    summary { (tr.t("campaign-post-update")) }
                    (form_errors(tr, errors))
                    form method="post" action={ "/campaigns/" (id) "/updates" } novalidate data-testid="t-update-form" {
                        (Field::new(tr, "title", "field-title", "text", errors).max(120))
                        (TextArea::new(tr, "body", "campaign-update-body", errors).max(20_000).rows(4).hint(tr.t("field-markdown-hint")))
                        fieldset {
                            legend { (tr.t("campaign-update-audience")) }
                            label { input type="radio" name="audience" value="public" checked; " " (tr.t("campaign-audience-public")) }
                            label { input type="radio" name="audience" value="backers"; " " (tr.t("campaign-audience-backers")) }
                        }
                        button type="submit" { (tr.t("campaign-post-update")) }
                    }
                }
            }
        }
    }
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
                                (tier.terms.title.as_str()) " · " (money(tr, &tier.terms.minimum))
                            }
                        }
                    }
                    @if view.record.tiers.iter().any(|t| t.terms.per_backer_limit.is_some_and(|n| n > 1)) {
                        (Field::new(tr, "quantity", "campaign-field-quantity", "text", errors).max(7).value("1")
                            .hint(tr.t("campaign-field-quantity-hint")))
                    }
                }
                @if view.record.campaign.provider == ProviderKind::Sandbox {
                    (Field::new(tr, "card", "campaign-field-card", "text", errors).max(23).autocomplete("cc-number")
                        .hint(tr.t("campaign-field-card-hint")))
                } @else {
                    p { small data-testid="t-pay-by-transfer" { (tr.t("campaign-transfer-hint")) } }
                }
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

/// The bank transfers awaited, each with the form an admin records its receipt with.
fn transfers(chrome: &Chrome<'_>, view: &CampaignView, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    html! {
        section #transfers {
            h2 { (tr.t("campaign-transfers")) }
            (form_errors(tr, errors))
            table data-testid="t-transfers" {
                thead { tr {
                    th scope="col" { (tr.t("campaign-backers")) }
                    th scope="col" { (tr.t("campaign-field-amount")) }
                    th scope="col" { (tr.t("campaign-transfer-reference")) }
                    th scope="col" { (tr.t("campaign-transfer-record")) }
                } }
                tbody {
                    @for (pledge, name, amount, _) in &view.awaited {
                        tr {
                            td { (name) }
                            td { (money(tr, amount)) }
                            td { "IF-PLEDGE-" (pledge) }
                            td {
                                form method="post" action={ "/pledges/" (pledge) "/receipt" } {
                                    input type="hidden" name="amount" value=(amount.decimal());
                                    input type="text" name="reference" maxlength="200" required aria-label=(tr.t("campaign-field-reference"));
                                    button.secondary type="submit" { (tr.t("campaign-transfer-record")) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
