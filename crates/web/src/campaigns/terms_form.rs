//! A campaign's terms as a page: the form for a new one (for a selected idea or standalone) and
//! the same form to change one (its managers: anything before launch; once live its title, story
//! and rewards, the locked terms shown as text). Rewards are rows `tier{n}_…`; a changed campaign's
//! rows carry their tier's id, and a row emptied removes its reward.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use ideaforge_app::{CampaignView, CampaignsError};
use ideaforge_domain::campaign::{CampaignInput, CampaignStatus, MAX_TIERS, TierInput};
use ideaforge_domain::money::{Currency, Money};
use ideaforge_domain::{CampaignId, FieldErrors, IdeaId, Invalid, TierId};
use maud::{Markup, html};
use serde::Deserialize;

use crate::components::{CURRENCIES, Chrome, Field, TextArea, form_errors, layout, select};
use crate::error::WebError;
use crate::extract::{HtmlForm, Path};
use crate::forms::{parse_optional_number, parse_time_in, redirect_with_flash, unprocessable};
use crate::i18n::Tr;
use crate::session::{PageCtx, SignedIn};
use crate::state::AppState;

/// How many reward rows a new campaign's form offers (the API takes up to the domain's limit); a
/// changed campaign's form offers one more than it has, at least as many.
const FORM_TIERS: usize = 3;

/// The raw fields of the campaign form (tiers are `tier{n}_title` and so on).
type CampaignForm = HashMap<String, String>;

fn field<'a>(form: &'a CampaignForm, name: &str) -> &'a str {
    form.get(name).map_or("", String::as_str)
}

/// Where the form is sent and what it may change.
enum Target<'a> {
    /// A new campaign of the organization.
    New { slug: &'a str },
    /// A campaign's change; `locked` once live (goal, currency, deadline and provider shown as text).
    Edit { view: &'a CampaignView, locked: bool },
}

/// The form's fields read: the domain's raw input lives in `tiers`, borrowed from the form.
struct Read<'a> {
    deadline: Option<time::OffsetDateTime>,
    goal_minor: Option<i64>,
    tiers: Vec<TierInput<'a>>,
    ids: Vec<Option<TierId>>,
}

/// Reads the goal, deadline and filled reward rows, naming what could not be read.
fn read<'a>(form: &'a CampaignForm, tr: &Tr, errors: &mut FieldErrors) -> Read<'a> {
    let deadline = errors.check("deadline", parse_time_in(field(form, "deadline"), tr)).flatten();
    let currency = Currency::parse(field(form, "currency")).ok();
    let money = |raw: &str, name: &'static str, errors: &mut FieldErrors| match (currency, raw.trim()) {
        (_, "") | (None, _) => None,
        (Some(c), raw) => errors.check(name, Money::parse(raw, c)).map(|m| m.minor()),
    };
    let goal_minor = money(field(form, "goal"), "goal", errors);
    let (mut tiers, mut ids) = (Vec::new(), Vec::new());
    for n in 1..=MAX_TIERS {
        let name = |f: &str| format!("tier{n}_{f}");
        let filled = ["title", "description", "minimum", "limit", "per_backer", "delivery"]
            .iter()
            .any(|f| !field(form, &name(f)).trim().is_empty());
        if !filled {
            continue;
        }
        ids.push(match field(form, &name("id")).trim() {
            "" => None,
            raw => errors.check("tiers", raw.parse::<TierId>().map_err(|_| Invalid::Unknown)),
        });
        let minimum_minor = money(field(form, &name("minimum")), "tiers", errors);
        tiers.push(TierInput {
            title: form.get(&name("title")).map_or("", String::as_str),
            description: form.get(&name("description")).map_or("", String::as_str),
            minimum_minor: minimum_minor.or(Some(0)),
            limit: errors.check("tiers", parse_optional_number(field(form, &name("limit")))).flatten(),
            per_backer_limit: errors.check("tiers", parse_optional_number(field(form, &name("per_backer")))).flatten(),
            estimated_delivery: form.get(&name("delivery")).map_or("", |s| s.trim()),
        });
    }
    Read { deadline, goal_minor, tiers, ids }
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
    Ok(campaign_form(&Chrome::from(&ctx), &Target::New { slug: &slug }, &form, &FieldErrors::new()).into_response())
}

/// `POST /orgs/{slug}/campaigns`
pub async fn create_campaign(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    HtmlForm(form): HtmlForm<CampaignForm>,
) -> Result<Response, WebError> {
    let target = Target::New { slug: &slug };
    let refused = |errors: FieldErrors| Ok(unprocessable(campaign_form(&Chrome::from(&ctx), &target, &form, &errors)));
    let mut errors = FieldErrors::new();
    let read = read(&form, &ctx.tr, &mut errors);
    let idea = match field(&form, "idea_id").trim() {
        "" => None,
        raw => errors.check("idea_id", raw.parse::<IdeaId>().map_err(|_| Invalid::Unknown)),
    };
    let input = CampaignInput {
        title: field(&form, "title"),
        story: field(&form, "story"),
        goal_minor: read.goal_minor,
        currency: field(&form, "currency"),
        deadline: read.deadline,
        provider: field(&form, "provider"),
        tiers: &read.tiers,
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

/// The campaign's terms as its form shows them.
fn filled(view: &CampaignView, tr: &Tr) -> CampaignForm {
    let record = &view.record;
    let c = &record.campaign;
    let mut form = CampaignForm::new();
    form.insert("title".to_owned(), record.title.clone());
    form.insert("story".to_owned(), record.story.clone());
    form.insert("goal".to_owned(), c.goal.decimal());
    form.insert("currency".to_owned(), c.goal.currency().code().to_owned());
    form.insert("deadline".to_owned(), crate::forms::local_input(c.deadline, tr));
    form.insert("provider".to_owned(), c.provider.as_str().to_owned());
    for (i, tier) in record.tiers.iter().enumerate() {
        let n = i + 1;
        let t = &tier.terms;
        form.insert(format!("tier{n}_id"), tier.id.to_string());
        form.insert(format!("tier{n}_title"), t.title.as_str().to_owned());
        form.insert(format!("tier{n}_description"), t.description.as_str().to_owned());
        form.insert(format!("tier{n}_minimum"), t.minimum.decimal());
        form.insert(format!("tier{n}_limit"), t.limit.map(|l| l.to_string()).unwrap_or_default());
        form.insert(format!("tier{n}_per_backer"), t.per_backer_limit.map(|l| l.to_string()).unwrap_or_default());
        form.insert(format!("tier{n}_delivery"), t.estimated_delivery.to_string());
    }
    form
}

async fn editable_view(
    state: &AppState,
    user: &ideaforge_domain::User,
    id: CampaignId,
) -> Result<CampaignView, WebError> {
    let view = state.app.campaign_page(Some(user), id).await?;
    if !view.editable {
        return Err(WebError::Forbidden);
    }
    Ok(view)
}

/// `GET /campaigns/{id}/edit`
pub async fn show_edit_campaign(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<CampaignId>,
) -> Result<Response, WebError> {
    let view = editable_view(&state, &user, id).await?;
    let locked = view.record.campaign.status == CampaignStatus::Live;
    let form = filled(&view, &ctx.tr);
    Ok(campaign_form(&Chrome::from(&ctx), &Target::Edit { view: &view, locked }, &form, &FieldErrors::new())
        .into_response())
}

/// `POST /campaigns/{id}/edit`
pub async fn edit_campaign(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<CampaignId>,
    HtmlForm(mut form): HtmlForm<CampaignForm>,
) -> Result<Response, WebError> {
    let view = editable_view(&state, &user, id).await?;
    let c = &view.record.campaign;
    let locked = c.status == CampaignStatus::Live;
    let mut errors = FieldErrors::new();
    let mut read = read(&form, &ctx.tr, &mut errors);
    if locked {
        // The locked terms are not on the form: they stay as they are.
        read.goal_minor = Some(c.goal.minor());
        read.deadline = Some(c.deadline);
    }
    let (currency, provider) = if locked {
        (c.goal.currency().code().to_owned(), c.provider.as_str().to_owned())
    } else {
        (field(&form, "currency").to_owned(), field(&form, "provider").to_owned())
    };
    let input = CampaignInput {
        title: field(&form, "title"),
        story: field(&form, "story"),
        goal_minor: read.goal_minor,
        currency: &currency,
        deadline: read.deadline,
        provider: &provider,
        tiers: &read.tiers,
    };
    let result = if errors.is_empty() {
        state.app.edit_campaign(&user, id, &input, &read.ids).await
    } else {
        Err(CampaignsError::Invalid(errors))
    };
    match result {
        Ok(_) => Ok(redirect_with_flash(&format!("/campaigns/{id}"), "flash-campaign-edited")),
        Err(CampaignsError::Invalid(errors)) => {
            if locked {
                form.extend(
                    filled(&view, &ctx.tr)
                        .into_iter()
                        .filter(|(k, _)| matches!(k.as_str(), "goal" | "currency" | "deadline" | "provider")),
                );
            }
            let target = Target::Edit { view: &view, locked };
            Ok(unprocessable(campaign_form(&Chrome::from(&ctx), &target, &form, &errors)))
        }
        Err(e) => Err(e.into()),
    }
}

/// The campaign form, filled with what was typed.
fn campaign_form(chrome: &Chrome<'_>, target: &Target<'_>, form: &CampaignForm, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let (title, lead, action, submit, rows, locked, testid) = match target {
        Target::New { slug } => (
            tr.t("campaign-new-title"),
            tr.t("campaign-new-lead"),
            format!("/orgs/{slug}/campaigns"),
            tr.t("campaign-new-submit"),
            FORM_TIERS,
            false,
            "t-campaign-create",
        ),
        Target::Edit { view, locked } => (
            tr.t("campaign-edit-title"),
            tr.t(if *locked { "campaign-edit-lead-live" } else { "campaign-edit-lead" }),
            format!("/campaigns/{}/edit", view.record.campaign.id),
            tr.t("campaign-edit-submit"),
            (view.record.tiers.len() + 1).clamp(FORM_TIERS, MAX_TIERS),
            *locked,
            "t-campaign-save",
        ),
    };
    let currencies: Vec<(&str, String)> = CURRENCIES.iter().map(|c| (*c, (*c).to_owned())).collect();
    let tier = |n: usize, f: &str| field(form, &format!("tier{n}_{f}")).to_owned();
    layout(
        chrome,
        &title,
        html! {
            article {
                header { h1 { (title) } p { (lead) } }
                (form_errors(tr, errors))
                form method="post" action=(action) novalidate data-testid="t-campaign-form" {
                    @if let Target::New { .. } = target {
                        input type="hidden" name="idea_id" value=(field(form, "idea_id"));
                        @if !field(form, "idea_id").is_empty() {
                            p { (tr.t("campaign-new-for-idea")) " " a href={ "/ideas/" (field(form, "idea_id")) } { "#" (field(form, "idea_id")) } }
                        }
                    }
                    (Field::new(tr, "title", "field-title", "text", errors).value(field(form, "title")).max(120))
                    (TextArea::new(tr, "story", "campaign-field-story", errors).value(field(form, "story")).max(50_000)
                        .hint(tr.t("campaign-field-story-hint")))
                    @if locked {
                        dl data-testid="t-campaign-locked" {
                            dt { (tr.t("campaign-field-goal")) } dd { (field(form, "goal")) " " (field(form, "currency")) }
                            dt { (tr.t("campaign-field-deadline")) } dd { (field(form, "deadline")) }
                            dt { (tr.t("campaign-field-provider")) } dd { (tr.t(&format!("campaign-provider-{}", field(form, "provider")))) }
                        }
                    } @else {
                        div.grid {
                            (Field::new(tr, "goal", "campaign-field-goal", "text", errors).value(field(form, "goal")).max(24))
                            (select(tr, "currency", "challenge-field-currency", &currencies, field(form, "currency"), errors))
                        }
                        (Field::new(tr, "deadline", "campaign-field-deadline", "datetime-local", errors)
                            .value(field(form, "deadline"))
                            .hint(format!("{} {}", crate::forms::zone_hint(tr), tr.t("campaign-field-deadline-hint"))))
                        @let providers: Vec<(&str, String)> = ["sandbox", "manual"].iter().map(|p| (*p, tr.t(&format!("campaign-provider-{p}")))).collect();
                        (select(tr, "provider", "campaign-field-provider", &providers, field(form, "provider"), errors))
                        p { small { (tr.t("campaign-field-provider-hint")) } }
                    }
                    h2 { (tr.t("campaign-tiers")) }
                    p { small { (tr.t(if locked { "campaign-field-tiers-hint-live" } else { "campaign-field-tiers-hint" })) } }
                    @if let Some(why) = errors.get("tiers") {
                        p.field-error role="alert" { (crate::components::invalid_text(tr, "tiers", why)) }
                    }
                    @for n in 1..=rows {
                        fieldset {
                            legend { (tr.t_with("campaign-tier-n", &[("n", &n.to_string())])) }
                            @if !tier(n, "id").is_empty() {
                                input type="hidden" name={ "tier" (n) "_id" } value=(tier(n, "id"));
                            }
                            div.grid {
                                label { (tr.t("campaign-tier-title")) input type="text" name={ "tier" (n) "_title" } maxlength="120" value=(tier(n, "title")); }
                                label { (tr.t("campaign-tier-minimum")) input type="text" name={ "tier" (n) "_minimum" } maxlength="24" value=(tier(n, "minimum")); }
                                label { (tr.t("campaign-tier-limit")) input type="text" inputmode="numeric" name={ "tier" (n) "_limit" } maxlength="9" value=(tier(n, "limit")); }
                                label { (tr.t("campaign-tier-per-backer-field")) input type="text" inputmode="numeric" name={ "tier" (n) "_per_backer" } maxlength="9" value=(tier(n, "per_backer")); }
                                label { (tr.t("campaign-tier-delivery-field")) input type="month" name={ "tier" (n) "_delivery" } value=(tier(n, "delivery")); }
                            }
                            label { (tr.t("campaign-tier-description")) textarea name={ "tier" (n) "_description" } rows="2" maxlength="2000" { (tier(n, "description")) } }
                        }
                    }
                    button type="submit" data-testid=(testid) { (submit) }
                }
            }
        },
    )
}
