//! A campaign's page and its pledge form: a member pledges (or changes their pledge) with a card,
//! or withdraws it; a refused field re-renders the page with the reason (422).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use ideaforge_app::{CampaignsError, PledgeInput};
use ideaforge_domain::money::Money;
use ideaforge_domain::{CampaignId, FieldErrors, Invalid, TierId};
use serde::Deserialize;

use crate::components::Chrome;
use crate::error::WebError;
use crate::extract::{HtmlForm, Path};
use crate::forms::{redirect_with_flash, unprocessable};
use crate::session::{PageCtx, SignedIn};
use crate::state::AppState;

/// `GET /campaigns`
pub async fn list_campaigns(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let lists = state.app.campaign_lists(ctx.user.as_ref()).await?;
    Ok(super::list::campaign_list(&Chrome::from(&ctx), &lists).into_response())
}

/// `GET /campaigns/{id}`
pub async fn show_campaign(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<CampaignId>,
) -> Result<Response, WebError> {
    let view = state.app.campaign_page(ctx.user.as_ref(), id).await?;
    Ok(super::views::campaign_page(&Chrome::from(&ctx), &view, &FieldErrors::new()).into_response())
}

/// The pledge form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PledgeForm {
    amount: String,
    tier_id: String,
    quantity: String,
    anonymous: String,
    card: String,
}

/// `POST /campaigns/{id}/pledge`
pub async fn pledge(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<CampaignId>,
    HtmlForm(form): HtmlForm<PledgeForm>,
) -> Result<Response, WebError> {
    let view = state.app.campaign_page(Some(&user), id).await?;
    let currency = view.record.campaign.goal.currency();
    let mut errors = FieldErrors::new();
    let amount = errors.check("amount", Money::parse(&form.amount, currency));
    let tier = match form.tier_id.trim() {
        "" => None,
        raw => errors.check("tier_id", raw.parse::<TierId>().map_err(|_| Invalid::Unknown)),
    };
    let quantity = errors.check("quantity", crate::forms::parse_optional_number(&form.quantity)).flatten();
    let result = match amount.filter(|_| errors.is_empty()) {
        Some(amount) => {
            let input = PledgeInput {
                amount_minor: Some(amount.minor()),
                currency: currency.code(),
                tier,
                quantity,
                anonymous: !form.anonymous.is_empty(),
                card: &form.card,
            };
            state.app.pledge(&user, id, input).await.map(|_| ())
        }
        None => Err(CampaignsError::Invalid(errors)),
    };
    match result {
        Ok(()) => Ok(redirect_with_flash(&format!("/campaigns/{id}"), "flash-pledged")),
        Err(CampaignsError::Invalid(errors)) => {
            Ok(unprocessable(super::views::campaign_page(&Chrome::from(&ctx), &view, &errors)))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /campaigns/{id}/pledge/withdraw`
pub async fn withdraw(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<CampaignId>,
) -> Result<Response, WebError> {
    state.app.cancel_pledge(&user, id).await?;
    Ok(redirect_with_flash(&format!("/campaigns/{id}"), "flash-pledge-withdrawn"))
}
