//! The webhook pages' handlers: each checks that the caller manages the organization before it
//! reads the form.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use ideaforge_app::{IdeasError, WebhookInput};
use ideaforge_domain::{DeliveryId, FieldErrors, User, WebhookId};
use serde::Deserialize;

use super::views::{self, Values};
use crate::components::Chrome;
use crate::error::WebError;
use crate::extract::{HtmlForm, Path};
use crate::forms::{redirect_with_flash, unprocessable};
use crate::session::{PageCtx, SignedIn};
use crate::state::AppState;

/// The endpoint form, as sent: `url`, `events` (repeated), `enabled`.
type Pairs = Vec<(String, String)>;

fn input(pairs: &Pairs) -> WebhookInput<'_> {
    let mut input = WebhookInput::default();
    for (name, value) in pairs {
        match name.as_str() {
            "url" => input.url = value,
            "events" => input.events.push(value),
            "enabled" => input.enabled = true,
            _ => {}
        }
    }
    input
}

fn values<'a>(input: &WebhookInput<'a>) -> Values<'a> {
    Values { url: input.url, events: input.events.clone(), enabled: input.enabled }
}

/// An endpoint page's query: paging back through the delivery log.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    before: String,
}

/// `GET /orgs/{slug}/webhooks`
pub async fn show_webhooks(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (org, endpoints) = state.app.webhooks(&user, &slug).await?;
    let values = Values { events: Vec::new(), ..Values::default() };
    Ok(views::list(&Chrome::from(&ctx), &org, &endpoints, &values, &FieldErrors::new()).into_response())
}

/// `POST /orgs/{slug}/webhooks`: the new endpoint's page, with its secret shown this once.
pub async fn create_webhook(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(slug): Path<String>,
    HtmlForm(pairs): HtmlForm<Pairs>,
) -> Result<Response, WebError> {
    state.app.check_webhook_manager(&user, &slug).await?;
    let input = input(&pairs);
    match state.app.create_webhook(&user, &slug, &input).await {
        Ok(endpoint) => {
            let page = state.app.webhook_page(&user, &slug, endpoint.id, None).await?;
            let values = Values::of(&page.endpoint);
            let secret = Some(endpoint.secret.expose());
            Ok(views::endpoint(&Chrome::from(&ctx), &page, &values, &FieldErrors::new(), secret).into_response())
        }
        Err(IdeasError::Invalid(errors)) => {
            let (org, endpoints) = state.app.webhooks(&user, &slug).await?;
            Ok(unprocessable(views::list(&Chrome::from(&ctx), &org, &endpoints, &values(&input), &errors)))
        }
        Err(e) => Err(e.into()),
    }
}

async fn endpoint_page(
    state: &AppState,
    ctx: &PageCtx,
    user: &User,
    (slug, id): (&str, WebhookId),
    before: Option<DeliveryId>,
    secret: Option<&str>,
) -> Result<Response, WebError> {
    let page = state.app.webhook_page(user, slug, id, before).await?;
    let values = Values::of(&page.endpoint);
    Ok(views::endpoint(&Chrome::from(ctx), &page, &values, &FieldErrors::new(), secret).into_response())
}

/// `GET /orgs/{slug}/webhooks/{id}`
pub async fn show_webhook(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path((slug, id)): Path<(String, WebhookId)>,
    Query(query): Query<PageQuery>,
) -> Result<Response, WebError> {
    // A `before` that is not an id pages from the newest.
    let before = query.before.trim().parse::<i64>().ok().filter(|id| *id > 0).map(DeliveryId::new);
    endpoint_page(&state, &ctx, &user, (&slug, id), before, None).await
}

/// `POST /orgs/{slug}/webhooks/{id}`
pub async fn update_webhook(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path((slug, id)): Path<(String, WebhookId)>,
    HtmlForm(pairs): HtmlForm<Pairs>,
) -> Result<Response, WebError> {
    state.app.check_webhook_manager(&user, &slug).await?;
    let input = input(&pairs);
    match state.app.update_webhook(&user, &slug, id, &input).await {
        Ok(()) => Ok(redirect_with_flash(&format!("/orgs/{slug}/webhooks/{id}"), "flash-webhook-saved")),
        Err(IdeasError::Invalid(errors)) => {
            let page = state.app.webhook_page(&user, &slug, id, None).await?;
            Ok(unprocessable(views::endpoint(&Chrome::from(&ctx), &page, &values(&input), &errors, None)))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /orgs/{slug}/webhooks/{id}/rotate`: the page with the new secret shown this once.
pub async fn rotate_secret(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path((slug, id)): Path<(String, WebhookId)>,
) -> Result<Response, WebError> {
    let secret = state.app.rotate_webhook_secret(&user, &slug, id).await?;
    endpoint_page(&state, &ctx, &user, (&slug, id), None, Some(secret.expose())).await
}

/// `POST /orgs/{slug}/webhooks/{id}/delete`
pub async fn delete_webhook(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((slug, id)): Path<(String, WebhookId)>,
) -> Result<Response, WebError> {
    state.app.delete_webhook(&user, &slug, id).await?;
    Ok(redirect_with_flash(&format!("/orgs/{slug}/webhooks"), "flash-webhook-deleted"))
}

/// `POST /orgs/{slug}/webhooks/{id}/deliveries/{delivery}/resend`
pub async fn resend_delivery(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((slug, id, delivery)): Path<(String, WebhookId, DeliveryId)>,
) -> Result<Response, WebError> {
    state.app.resend_webhook_delivery(&user, &slug, id, delivery).await?;
    Ok(redirect_with_flash(&format!("/orgs/{slug}/webhooks/{id}#deliveries"), "flash-webhook-resent"))
}
