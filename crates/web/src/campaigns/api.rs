//! The JSON API for funding campaigns and pledges.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ideaforge_app::{BackerPledge, CampaignView, PledgeInput};
use ideaforge_domain::campaign::{
    CampaignInput, CampaignStatus, MAX_LIMIT, Move, PledgeStatus, ProviderKind, TierInput,
};
use ideaforge_domain::money::Money;
use ideaforge_domain::{CampaignId, FieldErrors, IdeaId, Invalid, PledgeId, TierId};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::components::time::rfc3339;
use crate::components::wire::{self, MoneyBody, MoneySchema};
use crate::error::WebError;
use crate::extract::{ApiJson, Path};
use crate::forms::parse_time;
use crate::session::{SignedIn, Viewer};
use crate::state::AppState;

/// `POST /api/v1/campaigns` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CreateCampaign {
    /// The organization's short name.
    org: String,
    /// A selected (or in development) idea of the organization's contest, if the campaign funds one.
    #[schema(value_type = Option<String>)]
    idea_id: Option<String>,
    title: String,
    /// Markdown.
    story: String,
    #[schema(value_type = MoneySchema)]
    goal: MoneyBody,
    /// RFC 3339; between `funding.min_duration_secs` and `funding.max_duration_secs` after launch.
    deadline: String,
    #[schema(schema_with = wire::campaign_provider)]
    provider: String,
    tiers: Vec<TierBody>,
}

/// A reward tier of a new or changed campaign.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct TierBody {
    /// When changing a campaign: the id of the tier this changes (leave out for a new tier; a tier
    /// left out of a change is removed). Refused on a new campaign.
    #[schema(value_type = Option<String>)]
    id: Option<String>,
    title: String,
    description: String,
    #[schema(value_type = MoneySchema)]
    minimum: MoneyBody,
    /// How many there are (null: unlimited).
    #[schema(value_type = Option<i64>)]
    limit: Option<serde_json::Value>,
    /// How many one backer may take in their pledge (default one).
    #[schema(value_type = Option<i64>)]
    per_backer_limit: Option<serde_json::Value>,
    /// `YYYY-MM`.
    estimated_delivery: String,
}

/// A campaign just created.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    #[schema(value_type = String)]
    id: CampaignId,
    #[schema(schema_with = wire::campaign_status)]
    status: CampaignStatus,
}

/// A campaign as anyone who may see it reads it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Campaign)]
pub struct CampaignOut {
    #[schema(value_type = String)]
    id: CampaignId,
    #[schema(value_type = Option<String>)]
    idea_id: Option<IdeaId>,
    title: String,
    story: String,
    #[schema(schema_with = wire::campaign_status)]
    status: CampaignStatus,
    #[schema(schema_with = wire::campaign_provider)]
    provider: ProviderKind,
    #[schema(value_type = MoneySchema)]
    goal: Money,
    /// The sum of active pledges (authorised, not charged).
    #[schema(value_type = MoneySchema)]
    pledged: Money,
    /// How many backers have an active pledge.
    backers: u32,
    /// What settlement charged.
    #[schema(value_type = MoneySchema)]
    collected: Money,
    /// What was pledged but never charged (dropped after the grace period).
    #[schema(value_type = MoneySchema)]
    dropped: Money,
    /// The payment processor's and the platform's fees on what was charged.
    #[schema(value_type = MoneySchema)]
    fees: Money,
    #[schema(format = DateTime)]
    deadline: String,
    #[schema(format = DateTime)]
    launched_at: Option<String>,
    /// The platform's fee in basis points, fixed at launch.
    fee_bp: u16,
    tiers: Vec<TierOut>,
    /// The public backer list: names, null for those who chose to be anonymous; never amounts.
    backer_names: Vec<Option<String>>,
    /// The caller's own active pledge, if any.
    my_pledge: Option<PledgeOut>,
}

/// A reward tier with what is left.
#[derive(Debug, Serialize, ToSchema)]
pub struct TierOut {
    #[schema(value_type = String)]
    id: TierId,
    title: String,
    description: String,
    #[schema(value_type = MoneySchema)]
    minimum: Money,
    limit: Option<u32>,
    /// How many one backer may take in their pledge; null means one.
    per_backer_limit: Option<u32>,
    /// How many are left; null when unlimited.
    remaining: Option<u32>,
    estimated_delivery: String,
}

/// A pledge.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Pledge)]
pub struct PledgeOut {
    #[schema(value_type = String)]
    id: PledgeId,
    #[schema(value_type = String)]
    campaign_id: CampaignId,
    campaign_title: String,
    #[schema(value_type = MoneySchema)]
    amount: Money,
    #[schema(value_type = Option<String>)]
    tier_id: Option<TierId>,
    /// How many of the tier's reward.
    quantity: u32,
    anonymous: bool,
    #[schema(schema_with = wire::pledge_status)]
    status: PledgeStatus,
}

/// The caller's pledges.
#[derive(Debug, Serialize, ToSchema)]
pub struct PledgesOut {
    pledges: Vec<PledgeOut>,
}

impl From<&BackerPledge> for PledgeOut {
    fn from(p: &BackerPledge) -> Self {
        Self {
            id: p.pledge.id,
            campaign_id: p.campaign,
            campaign_title: p.title.clone(),
            amount: p.pledge.amount,
            tier_id: p.pledge.tier,
            quantity: p.pledge.quantity,
            anonymous: p.anonymous,
            status: p.pledge.status,
        }
    }
}

impl From<&CampaignView> for CampaignOut {
    fn from(view: &CampaignView) -> Self {
        let record = &view.record;
        let c = &record.campaign;
        let tiers = record
            .tiers
            .iter()
            .map(|t| TierOut {
                id: t.id,
                title: t.terms.title.as_str().to_owned(),
                description: t.terms.description.as_str().to_owned(),
                minimum: t.terms.minimum,
                limit: t.terms.limit,
                per_backer_limit: t.terms.per_backer_limit,
                remaining: t.remaining(),
                estimated_delivery: t.terms.estimated_delivery.to_string(),
            })
            .collect();
        Self {
            id: c.id,
            idea_id: c.idea,
            title: record.title.clone(),
            story: record.story.clone(),
            status: c.status,
            provider: c.provider,
            goal: c.goal,
            pledged: record.pledged,
            backers: record.backers,
            collected: view.money.collected,
            dropped: view.money.dropped,
            fees: Money::new(
                view.money.processor_fees.minor() + view.money.platform_fees.minor(),
                view.money.collected.currency(),
            ),
            deadline: rfc3339(c.deadline),
            launched_at: c.launched_at.map(rfc3339),
            fee_bp: c.fee.get(),
            tiers,
            backer_names: view.backers.clone(),
            my_pledge: view.mine.as_ref().map(PledgeOut::from),
        }
    }
}

/// `POST /api/v1/campaigns`
#[utoipa::path(
    post,
    path = "/campaigns",
    tag = "campaigns",
    summary = "Create a funding campaign (a draft) for an organization you manage, for a selected idea of its contest or standalone",
    request_body = CreateCampaign,
    responses((status = 201, description = "Created", body = Created)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn create_campaign(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ApiJson(body): ApiJson<CreateCampaign>,
) -> Result<Response, WebError> {
    let mut errors = FieldErrors::new();
    let idea = match body.idea_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => errors.check("idea_id", raw.parse::<IdeaId>().map_err(|_| Invalid::Unknown)),
    };
    if body.org.trim().is_empty() {
        errors.add("org", Invalid::Required);
    }
    if body.tiers.iter().any(|t| t.id.is_some()) {
        errors.add("tiers", Invalid::Unknown);
    }
    let terms = TermsBody { title: &body.title, story: &body.story, goal: &body.goal, deadline: &body.deadline };
    let read = terms.read(&body.tiers, &mut errors);
    if !errors.is_empty() {
        return Err(WebError::Invalid(errors));
    }
    let input = terms.input(&body.provider, read.deadline, read.goal_minor, &read.tiers);
    let id = state.app.create_campaign(&user, &body.org, idea, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id, status: CampaignStatus::Draft })).into_response())
}

/// What [`TermsBody::read`] could read.
struct ReadTerms<'a> {
    tiers: Vec<TierInput<'a>>,
    deadline: Option<time::OffsetDateTime>,
    goal_minor: Option<i64>,
    ids: Vec<Option<TierId>>,
}

/// The terms of a campaign's body, read into the domain's raw input.
struct TermsBody<'a> {
    title: &'a str,
    story: &'a str,
    goal: &'a MoneyBody,
    deadline: &'a str,
}

impl<'a> TermsBody<'a> {
    /// The tiers, deadline, goal and tier ids, naming the fields that could not be read.
    fn read(&self, bodies: &'a [TierBody], errors: &mut FieldErrors) -> ReadTerms<'a> {
        let deadline = errors.check("deadline", parse_time(self.deadline)).flatten();
        let goal_minor = wire::amount_minor("goal", self.goal.amount_minor.as_ref(), errors);
        // Tiers are in the goal's currency (an unknown goal currency is the goal's own error).
        let goal_currency = ideaforge_domain::money::Currency::parse(&self.goal.currency);
        let mut tiers = Vec::with_capacity(bodies.len());
        let mut ids = Vec::with_capacity(bodies.len());
        for tier in bodies {
            if goal_currency.is_ok()
                && ideaforge_domain::money::Currency::parse(&tier.minimum.currency) != goal_currency
            {
                errors.add("tiers", Invalid::Mismatch);
            }
            ids.push(match tier.id.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(raw) => errors.check("tiers", raw.parse::<TierId>().map_err(|_| Invalid::Unknown)),
            });
            tiers.push(TierInput {
                title: &tier.title,
                description: &tier.description,
                minimum_minor: wire::amount_minor("tiers", tier.minimum.amount_minor.as_ref(), errors),
                limit: wire::whole_number("tiers", tier.limit.as_ref(), MAX_LIMIT, errors),
                per_backer_limit: wire::whole_number("tiers", tier.per_backer_limit.as_ref(), MAX_LIMIT, errors),
                estimated_delivery: &tier.estimated_delivery,
            });
        }
        ReadTerms { tiers, deadline, goal_minor, ids }
    }

    fn input(
        &self,
        provider: &'a str,
        deadline: Option<time::OffsetDateTime>,
        goal_minor: Option<i64>,
        tiers: &'a [TierInput<'a>],
    ) -> CampaignInput<'a> {
        CampaignInput {
            title: self.title,
            story: self.story,
            goal_minor,
            currency: &self.goal.currency,
            deadline,
            provider,
            tiers,
        }
    }
}

/// `PUT /api/v1/campaigns/{id}` body: the whole of its terms as they should be.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct EditCampaign {
    title: String,
    /// Markdown.
    story: String,
    /// Locked once live.
    #[schema(value_type = MoneySchema)]
    goal: MoneyBody,
    /// RFC 3339; locked once live.
    deadline: String,
    /// Locked once live.
    #[schema(schema_with = wire::campaign_provider)]
    provider: String,
    /// Every tier it should have: existing ones by `id`, new ones without; once live a tier's limit
    /// only rises, and a tier with backers is neither removed nor made dearer.
    tiers: Vec<TierBody>,
}

/// `PUT /api/v1/campaigns/{id}`
#[utoipa::path(
    put,
    path = "/campaigns/{id}",
    tag = "campaigns",
    summary = "Change a campaign's terms (its managers): anything before launch (a campaign in review goes back to draft for a new approval); once live only its title, story and tiers",
    params(("id" = String, Path)),
    request_body = EditCampaign,
    responses((status = 200, description = "Changed", body = Created)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn edit_campaign(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<CampaignId>,
    ApiJson(body): ApiJson<EditCampaign>,
) -> Result<Json<Created>, WebError> {
    let mut errors = FieldErrors::new();
    let terms = TermsBody { title: &body.title, story: &body.story, goal: &body.goal, deadline: &body.deadline };
    let read = terms.read(&body.tiers, &mut errors);
    if !errors.is_empty() {
        return Err(WebError::Invalid(errors));
    }
    let input = terms.input(&body.provider, read.deadline, read.goal_minor, &read.tiers);
    let status = state.app.edit_campaign(&user, id, &input, &read.ids).await?;
    Ok(Json(Created { id, status }))
}

/// `GET /api/v1/campaigns/{id}`
#[utoipa::path(
    get,
    path = "/campaigns/{id}",
    tag = "campaigns",
    summary = "A campaign: status, goal, pledged, collected, dropped, fees, backers, deadline, tiers with what remains, the public backer list and your pledge",
    params(("id" = String, Path)),
    responses((status = 200, description = "The campaign", body = CampaignOut)),
)]
pub async fn show_campaign(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<CampaignId>,
) -> Result<Json<CampaignOut>, WebError> {
    let view = state.app.campaign_page(viewer.user.as_ref(), id).await?;
    Ok(Json(CampaignOut::from(&view)))
}

async fn moved(
    state: &AppState,
    user: &ideaforge_domain::User,
    id: CampaignId,
    mv: Move,
) -> Result<Json<Created>, WebError> {
    let status = state.app.move_campaign(user, id, mv).await?;
    Ok(Json(Created { id, status }))
}

/// `POST /api/v1/campaigns/{id}/submit`
#[utoipa::path(
    post,
    path = "/campaigns/{id}/submit",
    tag = "campaigns",
    summary = "Submit a draft for a moderator's review (the organization's managers)",
    params(("id" = String, Path)),
    responses((status = 200, description = "In review", body = Created)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn submit_campaign(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<CampaignId>,
) -> Result<Json<Created>, WebError> {
    moved(&state, &user, id, Move::Submit).await
}

/// `POST /api/v1/campaigns/{id}/approve`
#[utoipa::path(
    post,
    path = "/campaigns/{id}/approve",
    tag = "campaigns",
    summary = "Approve a campaign in review (moderators outside its organization)",
    params(("id" = String, Path)),
    responses((status = 200, description = "Approved (still in review until launched)", body = Created)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn approve_campaign(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<CampaignId>,
) -> Result<Json<Created>, WebError> {
    moved(&state, &user, id, Move::Approve).await
}

/// `POST /api/v1/campaigns/{id}/launch`
#[utoipa::path(
    post,
    path = "/campaigns/{id}/launch",
    tag = "campaigns",
    summary = "Launch an approved campaign (the organization's managers): it goes live and its terms lock",
    params(("id" = String, Path)),
    responses((status = 200, description = "Live", body = Created)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn launch_campaign(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<CampaignId>,
) -> Result<Json<Created>, WebError> {
    moved(&state, &user, id, Move::Launch).await
}

/// `POST /api/v1/campaigns/{id}/cancel`
#[utoipa::path(
    post,
    path = "/campaigns/{id}/cancel",
    tag = "campaigns",
    summary = "Cancel a campaign before its deadline (admins; its managers only while nobody has pledged); every pledge is released",
    params(("id" = String, Path)),
    responses((status = 200, description = "Cancelled", body = Created)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn cancel_campaign(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<CampaignId>,
) -> Result<Json<Created>, WebError> {
    moved(&state, &user, id, Move::Cancel).await
}

/// `PUT /api/v1/campaigns/{id}/pledge` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct PledgeBody {
    #[schema(value_type = MoneySchema)]
    amount: MoneyBody,
    #[schema(value_type = Option<String>)]
    tier_id: Option<String>,
    /// How many of the tier's reward, up to its `per_backer_limit` (default 1); the amount must be at
    /// least its minimum for each.
    #[schema(value_type = Option<i64>)]
    quantity: Option<serde_json::Value>,
    anonymous: bool,
    payment: PaymentBody,
}

/// How the backer pays: a card, authorised now and charged only if the campaign succeeds.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct PaymentBody {
    /// A card number (sandbox: `4242 4242 4242 4242` succeeds, `4000 0000 0000 0002` declines at
    /// capture, `4000 0000 0000 9995` is refused at once). Only its last four digits are kept.
    card: String,
}

/// `PUT /api/v1/campaigns/{id}/pledge`
#[utoipa::path(
    put,
    path = "/campaigns/{id}/pledge",
    tag = "campaigns",
    summary = "Pledge to a live campaign, or change your pledge: authorised on your card, charged only if the goal is reached by the deadline",
    params(("id" = String, Path)),
    request_body = PledgeBody,
    responses((status = 200, description = "Your pledge", body = PledgeOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn pledge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<CampaignId>,
    ApiJson(body): ApiJson<PledgeBody>,
) -> Result<Json<PledgeOut>, WebError> {
    let mut errors = FieldErrors::new();
    let amount_minor = wire::amount_minor("amount", body.amount.amount_minor.as_ref(), &mut errors);
    let quantity = wire::whole_number("quantity", body.quantity.as_ref(), MAX_LIMIT, &mut errors);
    let tier = match body.tier_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => errors.check("tier_id", raw.parse::<TierId>().map_err(|_| Invalid::Unknown)),
    };
    if !errors.is_empty() {
        return Err(WebError::Invalid(errors));
    }
    let input = PledgeInput {
        amount_minor,
        currency: &body.amount.currency,
        tier,
        quantity,
        anonymous: body.anonymous,
        card: &body.payment.card,
    };
    let pledge = state.app.pledge(&user, id, input).await?;
    Ok(Json(PledgeOut::from(&pledge)))
}

/// `DELETE /api/v1/campaigns/{id}/pledge`
#[utoipa::path(
    delete,
    path = "/campaigns/{id}/pledge",
    tag = "campaigns",
    summary = "Withdraw your pledge while the campaign is live; its authorisation is voided",
    params(("id" = String, Path)),
    responses((status = 204, description = "Withdrawn")),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn withdraw_pledge(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<CampaignId>,
) -> Result<StatusCode, WebError> {
    state.app.cancel_pledge(&user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/me/pledges`
#[utoipa::path(
    get,
    path = "/me/pledges",
    tag = "campaigns",
    summary = "Your pledges, newest first",
    responses((status = 200, description = "Pledges", body = PledgesOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn my_pledges(State(state): State<AppState>, SignedIn(user): SignedIn) -> Result<Json<PledgesOut>, WebError> {
    let pledges = state.app.my_pledges(&user).await?;
    Ok(Json(PledgesOut { pledges: pledges.iter().map(PledgeOut::from).collect() }))
}
