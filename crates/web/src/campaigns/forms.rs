//! The forms that run a campaign: the lifecycle buttons, updates, comments and bank-transfer
//! receipts (its terms' form is in `terms_form.rs`).

use axum::extract::State;
use axum::response::Response;
use ideaforge_app::CampaignsError;
use ideaforge_domain::campaign::Move;
use ideaforge_domain::money::Money;
use ideaforge_domain::{CampaignId, FieldErrors};
use serde::Deserialize;

use crate::components::Chrome;
use crate::error::WebError;
use crate::extract::{HtmlForm, Path};
use crate::forms::{redirect_with_flash, unprocessable};
use crate::session::{PageCtx, SignedIn};
use crate::state::AppState;

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
