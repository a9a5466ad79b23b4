//! The administration API (admins, with an `admin` token or a session): members, their suspension
//! and role, and the audit log.

use axum::Json;
use axum::extract::{Query, State};
use ideaforge_app::{AuditEntry, MemberRecord};
use ideaforge_domain::{FieldErrors, User, UserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::components::wire;
use crate::error::WebError;
use crate::extract::{ApiJson, Path};
use crate::session::SignedIn;
use crate::state::AppState;

/// A member as admins see them (with their address).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Member)]
pub struct MemberBody {
    id: String,
    email: String,
    display_name: String,
    #[schema(schema_with = wire::role)]
    role: &'static str,
    suspended: bool,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    /// Set while suspended.
    suspension: Option<SuspensionBody>,
}

/// Why and when a member was suspended, and by whom.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = MemberSuspension)]
pub struct SuspensionBody {
    reason: String,
    by: String,
    #[serde(with = "time::serde::rfc3339")]
    at: OffsetDateTime,
}

impl MemberBody {
    fn of(user: &User) -> Self {
        Self {
            id: user.id.to_string(),
            email: user.email.as_str().to_owned(),
            display_name: user.display_name.as_str().to_owned(),
            role: user.role.as_str(),
            suspended: user.suspended,
            created_at: user.created_at,
            suspension: None,
        }
    }
}

impl From<&MemberRecord> for MemberBody {
    fn from(record: &MemberRecord) -> Self {
        let suspension =
            record.suspension.as_ref().map(|s| SuspensionBody { reason: s.reason.clone(), by: s.by.clone(), at: s.at });
        Self { suspension, ..Self::of(&record.user) }
    }
}

/// Members found.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberList {
    users: Vec<MemberBody>,
}

/// `GET /api/v1/admin/users` query.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct FindQuery {
    /// Part of an address or name; empty lists the newest members.
    q: String,
}

/// `GET /api/v1/admin/users`
#[utoipa::path(
    get,
    path = "/admin/users",
    tag = "admin",
    summary = "Find members by part of their address or name, newest first, 50 at most (admins)",
    params(("q" = Option<String>, Query, description = "Part of an address or name")),
    responses((status = 200, description = "Members", body = MemberList)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn find_members(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(query): Query<FindQuery>,
) -> Result<Json<MemberList>, WebError> {
    let users = state.app.find_members(&user, &query.q).await?;
    Ok(Json(MemberList { users: users.iter().map(MemberBody::of).collect() }))
}

/// `GET /api/v1/admin/users/{id}`
#[utoipa::path(
    get,
    path = "/admin/users/{id}",
    tag = "admin",
    summary = "One member, with their suspension (admins)",
    params(("id" = String, Path)),
    responses((status = 200, description = "The member", body = MemberBody)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn show_member(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<UserId>,
) -> Result<Json<MemberBody>, WebError> {
    Ok(Json(MemberBody::from(&state.app.member_record(&user, id).await?)))
}

/// `POST /api/v1/admin/users/{id}/suspension` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct SuspendBody {
    /// Why (1 to 500 characters), kept in the audit log.
    reason: String,
}

/// `POST /api/v1/admin/users/{id}/suspension`
#[utoipa::path(
    post,
    path = "/admin/users/{id}/suspension",
    tag = "admin",
    summary = "Suspend a member: they cannot sign in, and every session and token of theirs ends now (admins; not oneself)",
    params(("id" = String, Path)),
    request_body = SuspendBody,
    responses((status = 200, description = "The member, suspended", body = MemberBody)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn suspend_member(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<UserId>,
    ApiJson(body): ApiJson<SuspendBody>,
) -> Result<Json<MemberBody>, WebError> {
    state.app.suspend_member(&user, id, &body.reason).await?;
    Ok(Json(MemberBody::from(&state.app.member_record(&user, id).await?)))
}

/// `DELETE /api/v1/admin/users/{id}/suspension`
#[utoipa::path(
    delete,
    path = "/admin/users/{id}/suspension",
    tag = "admin",
    summary = "Lift a member's suspension: they may sign in again (admins; not oneself)",
    params(("id" = String, Path)),
    responses((status = 200, description = "The member", body = MemberBody)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn reinstate_member(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<UserId>,
) -> Result<Json<MemberBody>, WebError> {
    state.app.reinstate_member(&user, id).await?;
    Ok(Json(MemberBody::from(&state.app.member_record(&user, id).await?)))
}

/// `PUT /api/v1/admin/users/{id}/role` body.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RoleBody {
    #[schema(schema_with = wire::role)]
    role: String,
}

/// `PUT /api/v1/admin/users/{id}/role`
#[utoipa::path(
    put,
    path = "/admin/users/{id}/role",
    tag = "admin",
    summary = "Change a member's platform role (admins; not one's own)",
    params(("id" = String, Path)),
    request_body = RoleBody,
    responses((status = 200, description = "The member", body = MemberBody)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn change_role(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(id): Path<UserId>,
    ApiJson(body): ApiJson<RoleBody>,
) -> Result<Json<MemberBody>, WebError> {
    state.app.change_role(&user, id, &body.role).await?;
    Ok(Json(MemberBody::from(&state.app.member_record(&user, id).await?)))
}

/// One audit log entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditBody {
    id: String,
    /// What was done: the recorded event's kind (`user_suspended`, `contest_approved` …).
    action: String,
    /// What it was done to (`user:7`, `contest:3` …).
    subject: String,
    /// Who did it (null when no person did).
    actor: Option<String>,
    /// Why, where the action takes a reason.
    reason: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    at: OffsetDateTime,
}

impl From<&AuditEntry> for AuditBody {
    fn from(e: &AuditEntry) -> Self {
        Self {
            id: e.id.to_string(),
            action: e.kind.clone(),
            subject: e.subject.clone(),
            actor: e.actor.clone(),
            reason: e.reason.clone(),
            at: e.at,
        }
    }
}

/// A page of the audit log.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditList {
    entries: Vec<AuditBody>,
    /// Pass as `before` for the next (older) page; null on the last page.
    next_before: Option<String>,
}

/// `GET /api/v1/admin/audit` query.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AuditQuery {
    before: String,
}

/// `GET /api/v1/admin/audit`
#[utoipa::path(
    get,
    path = "/admin/audit",
    tag = "admin",
    summary = "The audit log: every admin and moderator action, newest first, 50 a page (admins)",
    params(("before" = Option<String>, Query, description = "Only entries older than this one")),
    responses((status = 200, description = "Entries", body = AuditList)),
    security(("bearer" = []), ("session" = [])),
)]
pub async fn audit_log(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(query): Query<AuditQuery>,
) -> Result<Json<AuditList>, WebError> {
    let mut errors = FieldErrors::new();
    let before = errors.check("before", super::before(&query.before));
    let Some(before) = before else { return Err(WebError::Invalid(errors)) };
    let entries = state.app.audit_log(&user, before).await?;
    let next_before = (entries.len() as u64 == ideaforge_app::admin::PAGE)
        .then(|| entries.last().map(|e| e.id.to_string()))
        .flatten();
    Ok(Json(AuditList { entries: entries.iter().map(AuditBody::from).collect(), next_before }))
}
