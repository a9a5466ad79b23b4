//! The funding part of an idea's page: its campaigns, the form where members say they would back
//! it (interest, never money) and, for its contest's managers, the demand registered and a link to
//! start a campaign.

use axum::extract::State;
use axum::response::Response;
use ideaforge_app::{CampaignsError, IdeaFunding};
use ideaforge_domain::money::{Currency, Money};
use ideaforge_domain::{FieldErrors, IdeaId};
use maud::{Markup, html};
use serde::Deserialize;

use crate::components::cards::campaign_card as card;
use crate::components::money;
use crate::components::{CURRENCIES, Chrome, Field, form_errors, select};
use crate::error::WebError;
use crate::extract::{HtmlForm, Path};
use crate::forms::{redirect_with_flash, unprocessable};
use crate::session::{PageCtx, SignedIn};
use crate::state::AppState;

/// The funding section of an idea's page (nothing when there is nothing to show).
pub fn funding_section(chrome: &Chrome<'_>, idea: IdeaId, funding: &IdeaFunding, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    if funding.campaigns.is_empty() && !funding.takes_interest && funding.may_start.is_none() {
        return html! {};
    }
    let currencies: Vec<(&str, String)> = CURRENCIES.iter().map(|c| (*c, (*c).to_owned())).collect();
    let chosen = funding.my_interest.map_or_else(|| "USD".to_owned(), |m| m.currency().code().to_owned());
    let typed = funding.my_interest.map(|m| m.decimal()).unwrap_or_default();
    html! {
        section #funding {
            h2 { (tr.t("funding-title")) }
            @if !funding.campaigns.is_empty() {
                ul { @for c in &funding.campaigns { (card(tr, c)) } }
            }
            @if let Some(org) = &funding.may_start {
                p { a role="button" href={ "/orgs/" (org) "/campaigns/new?idea=" (idea) } data-testid="t-start-campaign" { (tr.t("funding-start")) } }
            }
            @if let Some(demand) = &funding.demand {
                p data-testid="t-demand" {
                    @if demand.is_empty() {
                        (tr.t("funding-no-demand"))
                    } @else {
                        (tr.t("funding-demand")) " "
                        @for (i, (total, members)) in demand.iter().enumerate() {
                            @if i > 0 { "; " }
                            (tr.t_with("funding-demand-line", &[("amount", &money(tr, total)), ("count", &members.to_string())]))
                        }
                    }
                }
            }
            @if funding.takes_interest {
                @if chrome.user.is_some() {
                    @if let Some(mine) = funding.my_interest {
                        p data-testid="t-my-interest" { (tr.t_with("funding-my-interest", &[("amount", &money(tr, &mine))])) }
                    }
                    (form_errors(tr, errors))
                    form method="post" action={ "/ideas/" (idea) "/interest" } novalidate {
                        p { small { (tr.t("funding-interest-hint")) } }
                        div.grid {
                            (Field::new(tr, "amount", "funding-interest-amount", "text", errors).max(24)
                                .value(&typed))
                            (select(tr, "currency", "challenge-field-currency", &currencies, &chosen, errors))
                        }
                        button type="submit" data-testid="t-interest-submit" { (tr.t("funding-interest-submit")) }
                    }
                    @if funding.my_interest.is_some() {
                        form.inline method="post" action={ "/ideas/" (idea) "/interest" } {
                            input type="hidden" name="withdraw" value="1";
                            button.secondary.outline type="submit" { (tr.t("funding-interest-withdraw")) }
                        }
                    }
                } @else {
                    p { a href={ "/signin?next=/ideas/" (idea) } { (tr.t("funding-sign-in")) } }
                }
            }
        }
    }
}

/// The interest form on an idea's page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InterestForm {
    amount: String,
    currency: String,
    withdraw: String,
}

/// `POST /ideas/{id}/interest`
pub async fn register_interest(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
    HtmlForm(form): HtmlForm<InterestForm>,
) -> Result<Response, WebError> {
    let result = if form.withdraw.is_empty() {
        let mut errors = FieldErrors::new();
        let minor = match Currency::parse(&form.currency) {
            Ok(c) => errors.check("amount", Money::parse(&form.amount, c)).map(|m| m.minor()),
            Err(_) => None,
        };
        match minor {
            None if !errors.is_empty() => Err(CampaignsError::Invalid(errors)),
            minor => state.app.set_interest(&user, id, Some((minor, &form.currency))).await,
        }
    } else {
        state.app.set_interest(&user, id, None).await
    };
    match result {
        Ok(_) => Ok(redirect_with_flash(&format!("/ideas/{id}#funding"), "flash-interest-saved")),
        Err(CampaignsError::Invalid(errors)) => {
            let page = state.app.idea_page(Some(&user), id).await?;
            Ok(unprocessable(super::views::idea_page(&Chrome::from(&ctx), &page, &errors)))
        }
        Err(e) => Err(e.into()),
    }
}
