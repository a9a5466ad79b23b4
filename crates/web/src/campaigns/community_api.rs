//! The JSON API around campaigns: the public list, updates and comments under them, the backers'
//! CSV for the organization, and members' interest in an idea.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ideaforge_app::{CampaignCard, UpdateRecord};
use ideaforge_domain::campaign::{Audience, CampaignStatus};
use ideaforge_domain::money::Money;
use ideaforge_domain::{CampaignId, FieldErrors, IdeaId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::components::time::rfc3339;
use crate::components::wire::{self, MoneyBody, MoneySchema};
use crate::components::{csv, download};
use crate::error::WebError;
use crate::extract::{ApiJson, Path};
use crate::session::{SignedIn, Viewer};
use crate::state::AppState;

/// A campaign as lists show it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CampaignCard)]
pub struct CardOut {
    #[schema(value_type = String)]
    id: CampaignId,
    #[schema(value_type = Option<String>)]
    idea_id: Option<IdeaId>,
    title: String,
    #[schema(schema_with = wire::campaign_status)]
    status: CampaignStatus,
    #[schema(value_type = MoneySchema)]
    goal: Money,
    #[schema(value_type = MoneySchema)]
    pledged: Money,
    backers: u32,
    #[schema(format = DateTime)]
    deadline: String,
}

impl From<&CampaignCard> for CardOut {
    fn from(c: &CampaignCard) -> Self {
        Self {
            id: c.id,
            idea_id: c.idea,
            title: c.title.clone(),
            status: c.status,
            goal: c.goal,
            pledged: c.pledged,
            backers: c.backers,
            deadline: rfc3339(c.deadline),
        }
    }
}

/// Campaigns.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CampaignList)]
pub struct CardsOut {
    campaigns: Vec<CardOut>,
}

/// `GET /api/v1/campaigns`
#[utoipa::path(
    get,
    path = "/campaigns",
    tag = "campaigns",
    summary = "Launched campaigns: live ones first (by deadline), then finished ones",
    responses((status = 200, description = "Campaigns", body = CardsOut)),
)]
pub async fn list_campaigns(State(state): State<AppState>, viewer: Viewer) -> Result<Json<CardsOut>, WebError> {
    let lists = state.app.campaign_lists(viewer.user.as_ref()).await?;
    Ok(Json(CardsOut { campaigns: lists.public.iter().map(CardOut::from).collect() }))
}

/// `POST /api/v1/campaigns/{id}/updates` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
#[schema(as = CampaignUpdateBody)]
pub struct UpdateBody {
    title: String,
    /// Markdown.
    body: String,
    #[schema(schema_with = wire::update_audience)]
    audience: String,
}

/// An update with its comments.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CampaignUpdate)]
pub struct UpdateOut {
    id: String,
    title: String,
    body: String,
    #[schema(schema_with = wire::update_audience)]
    audience: Audience,
    #[schema(format = DateTime)]
    created_at: String,
    comments: Vec<UpdateCommentOut>,
}

/// A comment under an update.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = UpdateComment)]
pub struct UpdateCommentOut {
    author: String,
    body: String,
    #[schema(format = DateTime)]
    created_at: String,
}

impl From<&UpdateRecord> for UpdateOut {
    fn from(u: &UpdateRecord) -> Self {
        Self {
            id: u.id.to_string(),
            title: u.title.clone(),
            body: u.body.clone(),
            audience: u.audience,
            created_at: rfc3339(u.created_at),
            comments: u
                .comments
                .iter()
                .map(|(author, body, at)| UpdateCommentOut {
                    author: author.clone(),
                    body: body.clone(),
                    created_at: rfc3339(*at),
                })
                .collect(),
        }
    }
}

/// Updates.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CampaignUpdates)]
pub struct UpdatesOut {
    updates: Vec<UpdateOut>,
}

/// Something just created.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CreatedUpdate)]
pub struct CreatedId {
    id: String,
}

/// `POST /api/v1/campaigns/{id}/updates`
#[utoipa::path(
    post,
    path = "/campaigns/{id}/updates",
    tag = "campaigns",
    summary = "Post an update (the organization's managers, once launched): public, or for backers only; every backer is told",
    params(("id" = String, Path)),
    request_body = UpdateBody,
    responses((status = 201, description = "Posted", body = CreatedId)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn post_update(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<CampaignId>,
    ApiJson(body): ApiJson<UpdateBody>,
) -> Result<Response, WebError> {
    let update = state.app.post_update(&user, id, &body.title, &body.body, &body.audience).await?;
    Ok((StatusCode::CREATED, Json(CreatedId { id: update.to_string() })).into_response())
}

/// `GET /api/v1/campaigns/{id}/updates`
#[utoipa::path(
    get,
    path = "/campaigns/{id}/updates",
    tag = "campaigns",
    summary = "A campaign's updates you may read (backers-only ones for its backers and organization), newest first",
    params(("id" = String, Path)),
    responses((status = 200, description = "Updates", body = UpdatesOut)),
)]
pub async fn list_updates(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<CampaignId>,
) -> Result<Json<UpdatesOut>, WebError> {
    let view = state.app.campaign_page(viewer.user.as_ref(), id).await?;
    Ok(Json(UpdatesOut { updates: view.updates.iter().map(UpdateOut::from).collect() }))
}

/// `POST /api/v1/campaign-updates/{id}/comments` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
#[schema(as = UpdateCommentBody)]
pub struct CommentBody {
    body: String,
}

/// `POST /api/v1/campaign-updates/{id}/comments`
#[utoipa::path(
    post,
    path = "/campaign-updates/{id}/comments",
    tag = "campaigns",
    summary = "Comment under an update (the campaign's backers and organization)",
    params(("id" = String, Path)),
    request_body = CommentBody,
    responses((status = 201, description = "Posted")),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn comment_update(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<CommentBody>,
) -> Result<StatusCode, WebError> {
    state.app.comment_update(&user, id, &body.body).await?;
    Ok(StatusCode::CREATED)
}

/// `GET /api/v1/campaigns/{id}/backers.csv`
#[utoipa::path(
    get,
    path = "/campaigns/{id}/backers.csv",
    tag = "campaigns",
    summary = "Every pledge with the backer's name and e-mail, tier, quantity, amount and status, as CSV (the organization's managers)",
    params(("id" = String, Path)),
    responses((status = 200, description = "CSV", content_type = "text/csv")),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn backers_csv(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<CampaignId>,
) -> Result<Response, WebError> {
    let rows = state.app.backer_rows(&user, id).await?;
    let mut out = csv::row(&["name", "email", "tier", "quantity", "amount", "currency", "status"]);
    for row in &rows {
        let (amount, quantity) = (row.amount.decimal(), row.quantity.to_string());
        out.push_str(&csv::row(&[
            &row.name,
            &row.email,
            row.tier.as_deref().unwrap_or(""),
            &quantity,
            &amount,
            row.amount.currency().code(),
            row.status.as_str(),
        ]));
    }
    Ok(download::attachment(download::CSV, &format!("campaign-{id}-backers.csv"), out))
}

/// `GET /api/v1/campaigns/{id}/backers.jsonl`
#[utoipa::path(
    get,
    path = "/campaigns/{id}/backers.jsonl",
    tag = "campaigns",
    summary = "Every pledge with the backer's name and e-mail, tier, quantity, amount and status, one JSON object per line (the organization's managers)",
    params(("id" = String, Path)),
    responses((status = 200, description = "JSON lines", content_type = "application/x-ndjson")),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn backers_jsonl(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<CampaignId>,
) -> Result<Response, WebError> {
    let rows = state.app.backer_rows(&user, id).await?;
    let mut out = String::new();
    for row in &rows {
        let line = serde_json::json!({
            "name": row.name,
            "email": row.email,
            "tier": row.tier,
            "quantity": row.quantity,
            "amount": {"amount_minor": row.amount.minor(), "currency": row.amount.currency().code()},
            "status": row.status.as_str(),
        });
        out.push_str(&format!("{line}\n"));
    }
    Ok(download::attachment(download::JSON_LINES, &format!("campaign-{id}-backers.jsonl"), out))
}

/// `POST /api/v1/ideas/{id}/interest` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
#[schema(as = InterestBody)]
pub struct InterestBody {
    #[schema(value_type = MoneySchema)]
    amount: MoneyBody,
}

/// What the caller would pledge for an idea and, for its managers, the demand registered.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Interest)]
pub struct InterestOut {
    /// What the caller said they would pledge.
    #[schema(value_type = Option<MoneySchema>)]
    mine: Option<Money>,
    /// Per currency, the sum named and how many members (the idea's contest managers only).
    demand: Option<Vec<DemandOut>>,
    /// The idea's campaigns the caller may see.
    campaigns: Vec<CardOut>,
}

/// Demand in one currency.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Demand)]
pub struct DemandOut {
    #[schema(value_type = MoneySchema)]
    total: Money,
    members: u32,
}

async fn interest_out(
    state: &AppState,
    viewer: Option<&ideaforge_domain::User>,
    id: IdeaId,
) -> Result<InterestOut, WebError> {
    state.app.visible_idea(viewer, id).await?;
    let funding = state.app.idea_funding(viewer, id).await?;
    Ok(InterestOut {
        mine: funding.my_interest,
        demand: funding.demand.map(|d| d.into_iter().map(|(total, members)| DemandOut { total, members }).collect()),
        campaigns: funding.campaigns.iter().map(CardOut::from).collect(),
    })
}

/// `GET /api/v1/ideas/{id}/interest`
#[utoipa::path(
    get,
    path = "/ideas/{id}/interest",
    tag = "campaigns",
    summary = "What you would pledge for an idea, its campaigns and, for its contest's managers, the demand registered",
    params(("id" = String, Path)),
    responses((status = 200, description = "Interest", body = InterestOut)),
)]
pub async fn show_interest(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<IdeaId>,
) -> Result<Json<InterestOut>, WebError> {
    Ok(Json(interest_out(&state, viewer.user.as_ref(), id).await?))
}

/// `POST /api/v1/ideas/{id}/interest`
#[utoipa::path(
    post,
    path = "/ideas/{id}/interest",
    tag = "campaigns",
    summary = "Say you would back an idea at about this sum (never money; you are told when a campaign launches)",
    params(("id" = String, Path)),
    request_body = InterestBody,
    responses((status = 200, description = "Registered", body = InterestOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn register_interest(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
    ApiJson(body): ApiJson<InterestBody>,
) -> Result<Json<InterestOut>, WebError> {
    let mut errors = FieldErrors::new();
    let minor = wire::amount_minor("amount", body.amount.amount_minor.as_ref(), &mut errors);
    if !errors.is_empty() {
        return Err(WebError::Invalid(errors));
    }
    state.app.set_interest(&user, id, Some((minor, &body.amount.currency))).await?;
    Ok(Json(interest_out(&state, Some(&user), id).await?))
}

/// `DELETE /api/v1/ideas/{id}/interest`
#[utoipa::path(
    delete,
    path = "/ideas/{id}/interest",
    tag = "campaigns",
    summary = "Withdraw your interest in an idea",
    params(("id" = String, Path)),
    responses((status = 204, description = "Withdrawn")),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn withdraw_interest(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<IdeaId>,
) -> Result<StatusCode, WebError> {
    state.app.set_interest(&user, id, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/pledges/{id}/receipt` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
#[schema(as = PledgeReceiptBody)]
pub struct ReceiptBody {
    /// Exactly the amount pledged.
    #[schema(value_type = MoneySchema)]
    amount: MoneyBody,
    /// The bank's reference for the transfer.
    reference: String,
}

/// A bank transfer recorded.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PledgeReceipt)]
pub struct ReceiptOut {
    #[schema(value_type = String)]
    campaign_id: CampaignId,
}

/// `POST /api/v1/pledges/{id}/receipt`
#[utoipa::path(
    post,
    path = "/pledges/{id}/receipt",
    tag = "campaigns",
    summary = "Record the bank transfer received for a pledge of a successful bank-transfer campaign (admins): exactly the amount pledged, once; the pledge is captured at once",
    params(("id" = String, Path)),
    request_body = ReceiptBody,
    responses((status = 200, description = "Recorded and captured", body = ReceiptOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn record_receipt(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<ideaforge_domain::PledgeId>,
    ApiJson(body): ApiJson<ReceiptBody>,
) -> Result<Json<ReceiptOut>, WebError> {
    let mut errors = FieldErrors::new();
    let minor = wire::amount_minor("amount", body.amount.amount_minor.as_ref(), &mut errors);
    if !errors.is_empty() {
        return Err(WebError::Invalid(errors));
    }
    let campaign_id = state.app.record_pledge_receipt(&user, id, minor, &body.amount.currency, &body.reference).await?;
    Ok(Json(ReceiptOut { campaign_id }))
}
