//! The administration pages' handlers (admins only; the use cases refuse everyone else).

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use ideaforge_app::IdeasError;
use ideaforge_domain::{FieldErrors, UserId};
use serde::Deserialize;

use crate::components::Chrome;
use crate::error::WebError;
use crate::extract::{HtmlForm, Path};
use crate::forms::{redirect_with_flash, unprocessable};
use crate::session::{PageCtx, SignedIn};
use crate::state::AppState;

/// The member search's query string.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FindQuery {
    q: String,
}

/// `GET /admin/users`
pub async fn show_members(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Query(query): Query<FindQuery>,
) -> Result<Response, WebError> {
    let members = state.app.find_members(&user, &query.q).await?;
    Ok(super::views::members(&Chrome::from(&ctx), &query.q, &members).into_response())
}

/// `GET /admin/users/{id}`
pub async fn show_member(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<UserId>,
) -> Result<Response, WebError> {
    let record = state.app.member_record(&user, id).await?;
    let own = record.user.id == user.id;
    Ok(super::views::member(&Chrome::from(&ctx), &record, own, "", &FieldErrors::new()).into_response())
}

/// The suspension form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SuspendForm {
    reason: String,
}

/// `POST /admin/users/{id}/suspend`
pub async fn suspend_member(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<UserId>,
    HtmlForm(form): HtmlForm<SuspendForm>,
) -> Result<Response, WebError> {
    match state.app.suspend_member(&user, id, &form.reason).await {
        Ok(()) => Ok(redirect_with_flash(&format!("/admin/users/{id}"), "flash-member-suspended")),
        Err(IdeasError::Invalid(errors)) => {
            let record = state.app.member_record(&user, id).await?;
            Ok(unprocessable(super::views::member(&Chrome::from(&ctx), &record, false, &form.reason, &errors)))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /admin/users/{id}/reinstate`
pub async fn reinstate_member(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<UserId>,
) -> Result<Response, WebError> {
    state.app.reinstate_member(&user, id).await?;
    Ok(redirect_with_flash(&format!("/admin/users/{id}"), "flash-member-reinstated"))
}

/// The role form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RoleForm {
    role: String,
}

/// `POST /admin/users/{id}/role`
pub async fn change_role(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Path(id): Path<UserId>,
    HtmlForm(form): HtmlForm<RoleForm>,
) -> Result<Response, WebError> {
    match state.app.change_role(&user, id, &form.role).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/admin/users/{id}"), "flash-role-changed")),
        Err(IdeasError::Invalid(errors)) => {
            let record = state.app.member_record(&user, id).await?;
            Ok(unprocessable(super::views::member(&Chrome::from(&ctx), &record, false, "", &errors)))
        }
        Err(e) => Err(e.into()),
    }
}

/// The audit page's query string.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    before: String,
}

/// `GET /admin/audit`
pub async fn show_audit(
    State(state): State<AppState>,
    ctx: PageCtx,
    SignedIn(user): SignedIn,
    Query(query): Query<AuditQuery>,
) -> Result<Response, WebError> {
    // A `before` that is not an entry id pages from the newest.
    let before = super::before(&query.before).ok().flatten();
    let entries = state.app.audit_log(&user, before).await?;
    Ok(super::views::audit(&Chrome::from(&ctx), &entries).into_response())
}
