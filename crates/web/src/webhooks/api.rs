//! The JSON API of an organization's webhooks (its owners and managers): endpoints, their secrets
//! and their delivery log.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ideaforge_app::WebhookInput;
use ideaforge_domain::webhook::{Delivery, Endpoint};
use ideaforge_domain::{DeliveryId, FieldErrors, Invalid, WebhookId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::components::wire;
use crate::error::WebError;
use crate::extract::{ApiJson, Path};
use crate::session::SignedIn;
use crate::state::AppState;

/// `POST /api/v1/orgs/{slug}/webhooks` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CreateWebhook {
    /// Where deliveries go: a public `https` URL.
    url: String,
    /// What it hears.
    #[schema(schema_with = wire::webhook_events)]
    events: Vec<String>,
}

/// `PATCH /api/v1/orgs/{slug}/webhooks/{id}` body: what changes.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct UpdateWebhook {
    url: Option<String>,
    #[schema(schema_with = wire::webhook_events)]
    events: Option<Vec<String>>,
    /// Enable (also one that gave up after failing) or pause it.
    enabled: Option<bool>,
}

/// A new endpoint, with its secret (shown once; rotate it to get another).
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookCreated {
    id: String,
    /// The signing secret (`whsec_…`), for the receiver's Standard Webhooks library.
    secret: String,
}

/// An endpoint, without its secret.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Webhook)]
pub struct EndpointBody {
    id: String,
    url: String,
    #[schema(schema_with = wire::webhook_events)]
    events: Vec<&'static str>,
    enabled: bool,
    /// `failing` (it gave up after failing every attempt) or `paused` (by a manager); null while
    /// enabled.
    disabled_reason: Option<String>,
    /// Until when the secret it replaced still signs (after a rotation).
    #[serde(with = "time::serde::rfc3339::option")]
    previous_secret_until: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
}

impl From<&Endpoint> for EndpointBody {
    fn from(e: &Endpoint) -> Self {
        Self {
            id: e.id.to_string(),
            url: e.url.clone(),
            events: e.events.iter().map(|e| e.as_str()).collect(),
            enabled: e.disabled.is_none(),
            disabled_reason: e.disabled.clone(),
            previous_secret_until: e.previous.as_ref().map(|(_, until)| *until),
            created_at: e.created_at,
        }
    }
}

/// An organization's endpoints.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookList {
    webhooks: Vec<EndpointBody>,
}

/// A new secret after a rotation.
#[derive(Debug, Serialize, ToSchema)]
pub struct Rotated {
    /// The new signing secret.
    secret: String,
    /// Until when the replaced secret signs beside it.
    #[serde(with = "time::serde::rfc3339::option")]
    previous_secret_until: Option<OffsetDateTime>,
}

/// One delivery in an endpoint's log.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = WebhookDelivery)]
pub struct DeliveryBody {
    id: String,
    /// The `webhook-id` every attempt of it sends.
    message_id: String,
    #[schema(schema_with = wire::webhook_event)]
    event: String,
    #[schema(schema_with = wire::delivery_status)]
    status: &'static str,
    attempts: i32,
    /// The receiver's last status code.
    response_status: Option<i32>,
    /// How long the last attempt took.
    latency_ms: Option<i32>,
    /// Why the last attempt failed.
    error: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    /// When it is tried next, while pending.
    #[serde(with = "time::serde::rfc3339::option")]
    next_attempt_at: Option<OffsetDateTime>,
}

impl From<&Delivery> for DeliveryBody {
    fn from(d: &Delivery) -> Self {
        let pending = d.status == ideaforge_domain::webhook::DeliveryStatus::Pending;
        Self {
            id: d.id.to_string(),
            message_id: d.message_id.clone(),
            event: d.event.clone(),
            status: d.status.as_str(),
            attempts: d.attempts,
            response_status: d.last_status,
            latency_ms: d.last_latency_ms,
            error: d.last_error.clone(),
            created_at: d.created_at,
            next_attempt_at: pending.then_some(d.next_attempt_at),
        }
    }
}

/// An endpoint's deliveries, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryList {
    deliveries: Vec<DeliveryBody>,
    /// Pass as `before` for the next (older) page; null at the end.
    next_before: Option<String>,
}

/// `GET /api/v1/orgs/{slug}/webhooks/{id}/deliveries` query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DeliveriesQuery {
    before: Option<String>,
}

/// `GET /api/v1/orgs/{slug}/webhooks`
#[utoipa::path(
    get,
    path = "/orgs/{slug}/webhooks",
    tag = "webhooks",
    summary = "The organization's webhook endpoints (owners and managers)",
    params(("slug" = String, Path)),
    responses((status = 200, description = "Endpoints", body = WebhookList)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn list_webhooks(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
) -> Result<Json<WebhookList>, WebError> {
    let (_, endpoints) = state.app.webhooks(&user, &slug).await?;
    Ok(Json(WebhookList { webhooks: endpoints.iter().map(EndpointBody::from).collect() }))
}

/// `POST /api/v1/orgs/{slug}/webhooks`
#[utoipa::path(
    post,
    path = "/orgs/{slug}/webhooks",
    tag = "webhooks",
    summary = "Register a webhook endpoint (owners and managers); the answer holds its signing secret",
    params(("slug" = String, Path)),
    request_body = CreateWebhook,
    responses((status = 201, description = "Registered", body = WebhookCreated)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn create_webhook(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<CreateWebhook>,
) -> Result<Response, WebError> {
    let input =
        WebhookInput { url: &body.url, events: body.events.iter().map(String::as_str).collect(), enabled: true };
    let endpoint = state.app.create_webhook(&user, &slug, &input).await?;
    let created = WebhookCreated { id: endpoint.id.to_string(), secret: endpoint.secret.expose().to_owned() };
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// `GET /api/v1/orgs/{slug}/webhooks/{id}`
#[utoipa::path(
    get,
    path = "/orgs/{slug}/webhooks/{id}",
    tag = "webhooks",
    summary = "One webhook endpoint (owners and managers)",
    params(("slug" = String, Path), ("id" = String, Path)),
    responses((status = 200, description = "The endpoint", body = EndpointBody)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn show_webhook(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((slug, id)): Path<(String, WebhookId)>,
) -> Result<Json<EndpointBody>, WebError> {
    let endpoint = state.app.webhook(&user, &slug, id).await?;
    Ok(Json(EndpointBody::from(&endpoint)))
}

/// `PATCH /api/v1/orgs/{slug}/webhooks/{id}`
#[utoipa::path(
    patch,
    path = "/orgs/{slug}/webhooks/{id}",
    tag = "webhooks",
    summary = "Change a webhook endpoint's URL or events, or enable or pause it (owners and managers)",
    params(("slug" = String, Path), ("id" = String, Path)),
    request_body = UpdateWebhook,
    responses((status = 200, description = "The endpoint as changed", body = EndpointBody)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn update_webhook(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((slug, id)): Path<(String, WebhookId)>,
    ApiJson(body): ApiJson<UpdateWebhook>,
) -> Result<Json<EndpointBody>, WebError> {
    let current = state.app.webhook(&user, &slug, id).await?;
    let events: Vec<&str> = match &body.events {
        Some(events) => events.iter().map(String::as_str).collect(),
        None => current.events.iter().map(|e| e.as_str()).collect(),
    };
    let input = WebhookInput {
        url: body.url.as_deref().unwrap_or(&current.url),
        events,
        enabled: body.enabled.unwrap_or(current.disabled.is_none()),
    };
    state.app.update_webhook(&user, &slug, id, &input).await?;
    let changed = state.app.webhook(&user, &slug, id).await?;
    Ok(Json(EndpointBody::from(&changed)))
}

/// `DELETE /api/v1/orgs/{slug}/webhooks/{id}`
#[utoipa::path(
    delete,
    path = "/orgs/{slug}/webhooks/{id}",
    tag = "webhooks",
    summary = "Delete a webhook endpoint with its delivery log (owners and managers)",
    params(("slug" = String, Path), ("id" = String, Path)),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn delete_webhook(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((slug, id)): Path<(String, WebhookId)>,
) -> Result<StatusCode, WebError> {
    state.app.delete_webhook(&user, &slug, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/orgs/{slug}/webhooks/{id}/rotate`
#[utoipa::path(
    post,
    path = "/orgs/{slug}/webhooks/{id}/rotate",
    tag = "webhooks",
    summary = "Give a webhook endpoint a new signing secret; the old one signs beside it for 24 hours",
    params(("slug" = String, Path), ("id" = String, Path)),
    responses((status = 200, description = "The new secret", body = Rotated)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn rotate_secret(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((slug, id)): Path<(String, WebhookId)>,
) -> Result<Json<Rotated>, WebError> {
    let secret = state.app.rotate_webhook_secret(&user, &slug, id).await?;
    let endpoint = state.app.webhook(&user, &slug, id).await?;
    let previous_secret_until = endpoint.previous.as_ref().map(|(_, until)| *until);
    Ok(Json(Rotated { secret: secret.expose().to_owned(), previous_secret_until }))
}

/// `GET /api/v1/orgs/{slug}/webhooks/{id}/deliveries`
#[utoipa::path(
    get,
    path = "/orgs/{slug}/webhooks/{id}/deliveries",
    tag = "webhooks",
    summary = "A webhook endpoint's delivery log, newest first, 50 at a time (owners and managers)",
    params(
        ("slug" = String, Path),
        ("id" = String, Path),
        ("before" = Option<String>, Query, description = "Only deliveries older than this one"),
    ),
    responses((status = 200, description = "Deliveries", body = DeliveryList)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn list_deliveries(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((slug, id)): Path<(String, WebhookId)>,
    Query(query): Query<DeliveriesQuery>,
) -> Result<Json<DeliveryList>, WebError> {
    let before = match query.before.filter(|b| !b.trim().is_empty()) {
        Some(raw) => match raw.trim().parse::<i64>() {
            Ok(id) if id > 0 => Some(DeliveryId::new(id)),
            _ => {
                let mut errors = FieldErrors::new();
                errors.add("before", Invalid::Malformed);
                return Err(WebError::Invalid(errors));
            }
        },
        None => None,
    };
    let page = state.app.webhook_page(&user, &slug, id, before).await?;
    let next_before = (page.deliveries.len() == 50).then(|| page.deliveries.last().map(|d| d.id.to_string())).flatten();
    Ok(Json(DeliveryList { deliveries: page.deliveries.iter().map(DeliveryBody::from).collect(), next_before }))
}

/// `POST /api/v1/orgs/{slug}/webhooks/{id}/deliveries/{delivery}/resend`
#[utoipa::path(
    post,
    path = "/orgs/{slug}/webhooks/{id}/deliveries/{delivery}/resend",
    tag = "webhooks",
    summary = "Send a delivery again at once, with the same webhook-id and body (owners and managers)",
    params(("slug" = String, Path), ("id" = String, Path), ("delivery" = String, Path)),
    responses((status = 202, description = "Queued")),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn resend_delivery(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((slug, id, delivery)): Path<(String, WebhookId, DeliveryId)>,
) -> Result<StatusCode, WebError> {
    state.app.resend_webhook_delivery(&user, &slug, id, delivery).await?;
    Ok(StatusCode::ACCEPTED)
}
