//! The notification list and the one-click unsubscribe link (RFC 8058), which needs no sign-in.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ideaforge_domain::notification::{Delivery, NotificationKind, StoredNotice};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::components::Chrome;
use crate::components::time::rfc3339;
use crate::components::wire;
use crate::error::WebError;
use crate::extract::{ApiJson, HtmlForm, Path};
use crate::session::{PageCtx, SignedIn};
use crate::state::AppState;

/// The signed link's parameters.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UnsubscribeQuery {
    u: String,
    k: String,
    t: String,
}

/// `GET /unsubscribe`: a confirmation button (mail scanners follow links; only a POST unsubscribes).
pub async fn show_unsubscribe(ctx: PageCtx, Query(query): Query<UnsubscribeQuery>) -> Response {
    let action = format!(
        "/unsubscribe?u={}&k={}&t={}",
        crate::forms::url_encode(&query.u),
        crate::forms::url_encode(&query.k),
        crate::forms::url_encode(&query.t)
    );
    super::views::unsubscribe(&Chrome::from(&ctx), &action, false).into_response()
}

/// `POST /unsubscribe`: one click, from the page or straight from the mail client
/// (`List-Unsubscribe=One-Click`).
pub async fn unsubscribe(
    State(state): State<AppState>,
    ctx: PageCtx,
    Query(query): Query<UnsubscribeQuery>,
) -> Result<Response, WebError> {
    state.app.unsubscribe(&query.u, &query.k, &query.t).await?;
    Ok(super::views::unsubscribe(&Chrome::from(&ctx), "", true).into_response())
}

/// `GET /notifications`
pub async fn show_notifications(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
) -> Result<Response, WebError> {
    let (rows, unread) = state.app.notifications(&user).await?;
    let settings = state.app.delivery_settings(&user).await?;
    Ok(super::views::list(&Chrome::from(&ctx), &rows, unread, &settings).into_response())
}

/// `POST /notifications/read`: marks them all read (reading the list never does).
pub async fn mark_read(State(state): State<AppState>, SignedIn(user): SignedIn) -> Result<Response, WebError> {
    state.app.mark_notifications_read(&user).await?;
    Ok(crate::forms::redirect_with_flash("/notifications", "flash-notifications-read"))
}

/// A delivery choice.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct DeliveryForm {
    kind: String,
    delivery: String,
}

/// The preferences form: each kind's name with how to be told of it.
#[derive(Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct DeliveryChoices(BTreeMap<String, String>);

/// `POST /notifications/preferences`: one form, one choice per kind (`kind=delivery`).
pub async fn set_delivery(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    HtmlForm(form): HtmlForm<DeliveryChoices>,
) -> Result<Response, WebError> {
    let choices: Vec<(String, String)> = form.0.into_iter().collect();
    state.app.set_deliveries(&user, &choices).await?;
    Ok(crate::forms::redirect_with_flash("/notifications", "flash-delivery-saved"))
}

/// A member's notifications, the unread count and their delivery choices.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationsOut {
    unread: u64,
    notifications: Vec<NotificationOut>,
    #[schema(schema_with = wire::delivery_map)]
    delivery: BTreeMap<&'static str, Delivery>,
}

/// One notification: what happened (typed, as stored) and it worded in the member's language.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationOut {
    id: String,
    kind: String,
    subject: String,
    title: String,
    line: String,
    path: String,
    /// What happened, as stored: `notice` names it, the other fields are its facts.
    #[schema(value_type = Object)]
    data: StoredNotice,
    read: bool,
    #[schema(format = DateTime)]
    created_at: String,
}

/// A member's delivery choice for every kind.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryOut {
    #[schema(schema_with = wire::delivery_map)]
    delivery: BTreeMap<&'static str, Delivery>,
}

fn delivery_map(settings: &[(NotificationKind, Delivery)]) -> BTreeMap<&'static str, Delivery> {
    settings.iter().map(|(kind, delivery)| (kind.as_str(), *delivery)).collect()
}

/// `GET /api/v1/me/notifications`: the latest notifications, the unread count and the settings.
#[utoipa::path(
    get,
    path = "/me/notifications",
    tag = "notifications",
    summary = "The caller's latest notifications, unread count and delivery settings (reading marks nothing read)",
    responses((status = 200, description = "Notifications", body = NotificationsOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn api_notifications(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Json<NotificationsOut>, WebError> {
    let (rows, unread) = state.app.notifications(&user).await?;
    let settings = state.app.delivery_settings(&user).await?;
    let notifications = rows
        .into_iter()
        .map(|v| NotificationOut {
            id: v.row.id.to_string(),
            kind: v.row.kind,
            subject: v.row.subject,
            title: v.text.title,
            line: v.text.line,
            path: v.text.path,
            data: v.notice,
            read: v.row.read,
            created_at: rfc3339(v.row.created_at),
        })
        .collect();
    Ok(Json(NotificationsOut { unread, notifications, delivery: delivery_map(&settings) }))
}

/// `POST /api/v1/me/notifications/read`
#[utoipa::path(
    post,
    path = "/me/notifications/read",
    tag = "notifications",
    summary = "Mark every notification of the caller read",
    responses((status = 204, description = "Marked")),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn api_mark_read(State(state): State<AppState>, SignedIn(user): SignedIn) -> Result<StatusCode, WebError> {
    state.app.mark_notifications_read(&user).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /api/v1/me/notifications` body: `{"kind": "comment_on_your_idea", "delivery": "daily"}`.
#[utoipa::path(
    put,
    path = "/me/notifications",
    tag = "notifications",
    summary = "Set how the caller hears about a kind of notification",
    request_body = DeliveryForm,
    responses((status = 200, description = "The settings", body = DeliveryOut)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn api_set_delivery(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ApiJson(body): ApiJson<DeliveryForm>,
) -> Result<Json<DeliveryOut>, WebError> {
    state.app.set_delivery(&user, &body.kind, &body.delivery).await?;
    let settings = state.app.delivery_settings(&user).await?;
    Ok(Json(DeliveryOut { delivery: delivery_map(&settings) }))
}

/// `GET /admin/mail`: the mail the mailer gave up on (administrators).
pub async fn show_failed_mail(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
) -> Result<Response, WebError> {
    let rows = state.app.failed_mail(&user).await?;
    Ok(super::views::failed_mail(&Chrome::from(&ctx), &rows).into_response())
}

/// `POST /admin/mail/{id}/retry`: queues a failed message again.
pub async fn retry_mail(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    state.app.retry_mail(&user, id).await?;
    Ok(crate::forms::redirect_with_flash("/admin/mail", "flash-mail-retried"))
}
