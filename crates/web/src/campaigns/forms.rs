//! The pages that start and run a campaign: the form for a new one (for a selected idea or
//! standalone, with up to three reward tiers), the lifecycle buttons, updates and comments.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use ideaforge_app::CampaignsError;
use ideaforge_domain::campaign::{CampaignInput, Move, TierInput};
use ideaforge_domain::money::{Currency, Money};
use ideaforge_domain::{CampaignId, FieldErrors, IdeaId, Invalid};
use maud::{Markup, html};
use serde::Deserialize;

use crate::components::{CURRENCIES, Chrome, Field, TextArea, form_errors, layout, select};
use crate::error::WebError;
use crate::extract::{HtmlForm, Path};
use crate::forms::{parse_optional_number, parse_time, redirect_with_flash, unprocessable};
use crate::session::{PageCtx, SignedIn};
use crate::state::AppState;

/// How many reward tiers the form offers (the API takes up to the domain's limit).
const FORM_TIERS: usize = 3;

/// The raw fields of the new-campaign form (tiers are `tier{n}_title` and so on).
type CampaignForm = HashMap<String, String>;

fn field<'a>(form: &'a CampaignForm, name: &str) -> &'a str {
    form.get(name).map_or("", String::as_str)
}

/// `GET /orgs/{slug}/campaigns/new` query: the idea it funds, if any.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewQuery {
    idea: String,
}

/// `GET /orgs/{slug}/campaigns/new`
pub async fn show_new_campaign(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    Query(query): Query<NewQuery>,
) -> Result<Response, WebError> {
    let page = state.app.org_page(Some(&user), &slug).await?;
    if !page.viewer_role.is_some_and(|r| r.can_manage()) {
        return Err(WebError::Forbidden);
    }
    let mut form = CampaignForm::new();
    form.insert("idea_id".to_owned(), query.idea.trim().to_owned());
    form.insert("currency".to_owned(), "USD".to_owned());
    form.insert("provider".to_owned(), "sandbox".to_owned());
    Ok(new_campaign(&Chrome::from(&ctx), &slug, &form, &FieldErrors::new()).into_response())
}

/// `POST /orgs/{slug}/campaigns`
pub async fn create_campaign(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    HtmlForm(form): HtmlForm<CampaignForm>,
) -> Result<Response, WebError> {
    let refused = |errors: FieldErrors| Ok(unprocessable(new_campaign(&Chrome::from(&ctx), &slug, &form, &errors)));
    let mut errors = FieldErrors::new();
    let deadline = errors.check("deadline", parse_time(field(&form, "deadline"))).flatten();
    let currency = Currency::parse(field(&form, "currency")).ok();
    let money = |name: &'static str, errors: &mut FieldErrors| -> Option<i64> {
        let raw = field(&form, name);
        match currency {
            Some(c) if !raw.trim().is_empty() => errors.check(name, Money::parse(raw, c)).map(|m| m.minor()),
            _ if raw.trim().is_empty() => None,
            _ => None,
        }
    };
    let goal_minor = money("goal", &mut errors);
    let idea = match field(&form, "idea_id").trim() {
        "" => None,
        raw => errors.check("idea_id", raw.parse::<IdeaId>().map_err(|_| Invalid::Unknown)),
    };
    let names: Vec<[String; 5]> = (1..=FORM_TIERS)
        .map(|n| ["title", "description", "minimum", "limit", "delivery"].map(|f| format!("tier{n}_{f}")))
        .collect();
    let mut tiers = Vec::new();
    for [title, description, minimum, limit, delivery] in &names {
        let filled = [title, description, minimum, limit, delivery].iter().any(|n| !field(&form, n).trim().is_empty());
        if !filled {
            continue;
        }
        let minimum_minor = match (currency, field(&form, minimum).trim()) {
            (_, "") => None,
            (Some(c), raw) => errors.check("tiers", Money::parse(raw, c)).map(|m| m.minor()),
            (None, _) => None,
        };
        tiers.push(TierInput {
            title: field(&form, title),
            description: field(&form, description),
            minimum_minor: minimum_minor.or(Some(0)),
            limit: errors.check("tiers", parse_optional_number(field(&form, limit))).flatten(),
            per_backer_limit: None,
            estimated_delivery: field(&form, delivery).trim(),
        });
    }
    let input = CampaignInput {
        title: field(&form, "title"),
        story: field(&form, "story"),
        goal_minor,
        currency: field(&form, "currency"),
        deadline,
        provider: field(&form, "provider"),
        tiers: &tiers,
    };
    if !errors.is_empty() {
        // Name the remaining fields' problems too, in one answer.
        if let Err(more) = state.app.check_campaign(&input) {
            for (name, why) in more.iter() {
                if errors.get(name).is_none() {
                    errors.add(name, why);
                }
            }
        }
        return refused(errors);
    }
    match state.app.create_campaign(&user, &slug, idea, &input).await {
        Ok(id) => Ok(redirect_with_flash(&format!("/campaigns/{id}"), "flash-campaign-created")),
        Err(CampaignsError::Invalid(errors)) => refused(errors),
        Err(e) => Err(e.into()),
    }
}

/// The new-campaign form, filled with what was typed.
fn new_campaign(chrome: &Chrome<'_>, slug: &str, form: &CampaignForm, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("campaign-new-title");
    let currencies: Vec<(&str, String)> = CURRENCIES.iter().map(|c| (*c, (*c).to_owned())).collect();
    layout(
        chrome,
        &title,
        html! {
            article {
                header { h1 { (title) } p { (tr.t("campaign-new-lead")) } }
                (form_errors(tr, errors))
                form method="post" action={ "/orgs/" (slug) "/campaigns" } novalidate data-testid="t-campaign-form" {
                    input type="hidden" name="idea_id" value=(field(form, "idea_id"));
                    @if !field(form, "idea_id").is_empty() {
                        p { (tr.t("campaign-new-for-idea")) " " a href={ "/ideas/" (field(form, "idea_id")) } { "#" (field(form, "idea_id")) } }
                    }
                    (Field::new(tr, "title", "field-title", "text", errors).value(field(form, "title")).max(120))
                    (TextArea::new(tr, "story", "campaign-field-story", errors).value(field(form, "story")).max(50_000)
                        .hint(tr.t("campaign-field-story-hint")))
                    div.grid {
                        (Field::new(tr, "goal", "campaign-field-goal", "text", errors).value(field(form, "goal")).max(24))
                        (select(tr, "currency", "challenge-field-currency", &currencies, field(form, "currency"), errors))
                    }
                    (Field::new(tr, "deadline", "campaign-field-deadline", "datetime-local", errors)
                        .value(field(form, "deadline")).hint(tr.t("campaign-field-deadline-hint")))
                    @let providers: Vec<(&str, String)> = ["sandbox", "manual"].iter().map(|p| (*p, tr.t(&format!("campaign-provider-{p}")))).collect();
                    (select(tr, "provider", "campaign-field-provider", &providers, field(form, "provider"), errors))
                    p { small { (tr.t("campaign-field-provider-hint")) } }
                    h2 { (tr.t("campaign-tiers")) }
                    p { small { (tr.t("campaign-field-tiers-hint")) } }
                    @if let Some(why) = errors.get("tiers") {
                        p.field-error role="alert" { (crate::components::invalid_text(tr, "tiers", why)) }
                    }
                    @for n in 1..=FORM_TIERS {
                        fieldset {
                            legend { (tr.t_with("campaign-tier-n", &[("n", &n.to_string())])) }
                            div.grid {
                                label { (tr.t("campaign-tier-title")) input type="text" name={ "tier" (n) "_title" } maxlength="120" value=(field(form, &format!("tier{n}_title"))); }
                                label { (tr.t("campaign-tier-minimum")) input type="text" name={ "tier" (n) "_minimum" } maxlength="24" value=(field(form, &format!("tier{n}_minimum"))); }
                                label { (tr.t("campaign-tier-limit")) input type="text" inputmode="numeric" name={ "tier" (n) "_limit" } maxlength="9" value=(field(form, &format!("tier{n}_limit"))); }
                                label { (tr.t("campaign-tier-delivery-field")) input type="month" name={ "tier" (n) "_delivery" } value=(field(form, &format!("tier{n}_delivery"))); }
                            }
                            label { (tr.t("campaign-tier-description")) textarea name={ "tier" (n) "_description" } rows="2" maxlength="2000" { (field(form, &format!("tier{n}_description"))) } }
                        }
                    }
                    button type="submit" data-testid="t-campaign-create" { (tr.t("campaign-new-submit")) }
                }
            }
        },
    )
}

/// `POST /campaigns/{id}/{submit|approve|launch|cancel}`
pub async fn move_campaign(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((id, action)): Path<(CampaignId, String)>,
) -> Result<Response, WebError> {
    let (mv, flash) = match action.as_str() {
        "submit" => (Move::Submit, "flash-campaign-submitted"),
        "approve" => (Move::Approve, "flash-campaign-approved"),
        "launch" => (Move::Launch, "flash-campaign-launched"),
        "cancel" => (Move::Cancel, "flash-campaign-cancelled"),
        _ => return Err(WebError::NotFound),
    };
    state.app.move_campaign(&user, id, mv).await?;
    Ok(redirect_with_flash(&format!("/campaigns/{id}"), flash))
}

/// The update form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UpdateForm {
    title: String,
    body: String,
    audience: String,
}

/// `POST /campaigns/{id}/updates`
pub async fn post_update(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<CampaignId>,
    HtmlForm(form): HtmlForm<UpdateForm>,
) -> Result<Response, WebError> {
    match state.app.post_update(&user, id, &form.title, &form.body, &form.audience).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/campaigns/{id}#updates"), "flash-update-posted")),
        Err(CampaignsError::Invalid(errors)) => {
            let view = state.app.campaign_page(Some(&user), id).await?;
            Ok(unprocessable(super::views::campaign_page(&Chrome::from(&ctx), &view, &errors)))
        }
        Err(e) => Err(e.into()),
    }
}

/// The comment form under an update.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CommentForm {
    body: String,
}

/// `POST /campaign-updates/{id}/comments`
pub async fn comment_update(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(update): Path<i64>,
    HtmlForm(form): HtmlForm<CommentForm>,
) -> Result<Response, WebError> {
    match state.app.comment_update(&user, update, &form.body).await {
        Ok(id) => Ok(redirect_with_flash(&format!("/campaigns/{id}#update-{update}"), "flash-comment-posted")),
        Err(CampaignsError::Invalid(errors)) => {
            let id = state.app.update_campaign(update).await?;
            let view = state.app.campaign_page(Some(&user), id).await?;
            Ok(unprocessable(super::views::campaign_page(&Chrome::from(&ctx), &view, &errors)))
        }
        Err(e) => Err(e.into()),
    }
}

/// The bank-transfer receipt form (admins, on a campaign's page).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReceiptForm {
    amount: String,
    reference: String,
}

/// `POST /pledges/{id}/receipt`
pub async fn record_receipt(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<ideaforge_domain::PledgeId>,
    HtmlForm(form): HtmlForm<ReceiptForm>,
) -> Result<Response, WebError> {
    let campaign = state.app.pledge_campaign(&user, id).await?;
    let view = state.app.campaign_page(Some(&user), campaign).await?;
    let currency = view.record.campaign.goal.currency();
    let mut errors = FieldErrors::new();
    let amount = errors.check("amount", Money::parse(&form.amount, currency)).map(|m| m.minor());
    let result = match amount.filter(|_| errors.is_empty()) {
        Some(minor) => state.app.record_pledge_receipt(&user, id, Some(minor), currency.code(), &form.reference).await,
        None => Err(CampaignsError::Invalid(errors)),
    };
    match result {
        Ok(campaign) => Ok(redirect_with_flash(&format!("/campaigns/{campaign}#transfers"), "flash-receipt-recorded")),
        Err(CampaignsError::Invalid(errors)) => {
            Ok(unprocessable(super::views::campaign_page(&Chrome::from(&ctx), &view, &errors)))
        }
        Err(e) => Err(e.into()),
    }
}
