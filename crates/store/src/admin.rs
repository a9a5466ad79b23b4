//! Administration: finding members, suspending and reinstating them, changing their role, and the
//! audit log (the recorded events only admins and moderators cause, with who, what, when and why).

use ideaforge_domain::admin::{AUDITED_KINDS, SuspensionReason};
use ideaforge_domain::{Role, User, UserId};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};
use time::OffsetDateTime;

use crate::accounts::{revoke_tokens, to_user};
use crate::entity::{events, sessions, users};
use crate::events::{Event, append};
use crate::{Store, StoreError};

/// A member's suspension, as admins see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suspension {
    /// When.
    pub at: OffsetDateTime,
    /// The admin who did it (their display name).
    pub by: String,
    /// Why.
    pub reason: String,
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    /// Its place in the event log (pages go back with `before`).
    pub id: i64,
    /// What was done (the event's kind, e.g. `user_suspended`).
    pub kind: String,
    /// What it was done to (e.g. `user:7`, `contest:3`).
    pub subject: String,
    /// Who did it (display name), if a person did.
    pub actor: Option<String>,
    /// The reason given, where the action takes one.
    pub reason: Option<String>,
    /// When.
    pub at: OffsetDateTime,
}

/// `text` as a LIKE pattern matching it anywhere, its own `%`, `_` and `\` taken literally.
fn contains_pattern(text: &str) -> LikeExpr {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    LikeExpr::new(pattern).escape('\\')
}

impl Store {
    /// Members whose address or name contains `query` (any case), newest first; all members when
    /// the query is empty.
    pub async fn find_users(&self, query: &str, limit: u64) -> Result<Vec<User>, StoreError> {
        let mut find = users::Entity::find().order_by_desc(users::Column::Id).limit(limit);
        let query = query.trim();
        if !query.is_empty() {
            find = find.filter(
                Condition::any()
                    .add(Expr::expr(Func::lower(Expr::col(users::Column::Email))).like(contains_pattern(query)))
                    .add(Expr::expr(Func::lower(Expr::col(users::Column::DisplayName))).like(contains_pattern(query))),
            );
        }
        find.all(&self.read).await?.into_iter().map(to_user).collect()
    }

    /// A member with their suspension, if suspended, from one read of their row.
    pub async fn member(&self, user: UserId) -> Result<Option<(User, Option<Suspension>)>, StoreError> {
        let Some(row) = users::Entity::find_by_id(user.get()).one(&self.read).await? else { return Ok(None) };
        let suspension = match row.suspended_at {
            Some(at) => {
                let by = match row.suspended_by {
                    Some(by) => users::Entity::find_by_id(by).one(&self.read).await?.map(|u| u.display_name),
                    None => None,
                };
                let reason = row.suspended_reason.clone().unwrap_or_default();
                Some(Suspension { at, by: by.unwrap_or_default(), reason })
            }
            None => None,
        };
        Ok(Some((to_user(row)?, suspension)))
    }

    /// Suspends a member: recorded with who and why, and every session and token of theirs ends in
    /// the same transaction. False when they were already suspended (nothing changes).
    pub async fn suspend_user(
        &self,
        user: UserId,
        by: UserId,
        reason: &SuspensionReason,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let txn = self.write.begin().await?;
        let changed = users::Entity::update_many()
            .col_expr(users::Column::SuspendedAt, Expr::value(now))
            .col_expr(users::Column::SuspendedBy, Expr::value(by.get()))
            .col_expr(users::Column::SuspendedReason, Expr::value(reason.as_str()))
            .col_expr(users::Column::UpdatedAt, Expr::value(now))
            .filter(users::Column::Id.eq(user.get()))
            .filter(users::Column::SuspendedAt.is_null())
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if changed {
            sessions::Entity::delete_many().filter(sessions::Column::UserId.eq(user.get())).exec(&txn).await?;
            revoke_tokens(&txn, user, now).await?;
            append(&txn, Event::UserSuspended { user, reason: reason.as_str().to_owned() }, Some(by), now).await?;
        }
        txn.commit().await?;
        Ok(changed)
    }

    /// Lifts a member's suspension (they sign in again; their old sessions and tokens stay ended).
    /// False when they were not suspended.
    pub async fn reinstate_user(&self, user: UserId, by: UserId, now: OffsetDateTime) -> Result<bool, StoreError> {
        let txn = self.write.begin().await?;
        let changed = users::Entity::update_many()
            .col_expr(users::Column::SuspendedAt, Expr::value(Option::<OffsetDateTime>::None))
            .col_expr(users::Column::SuspendedBy, Expr::value(Option::<i64>::None))
            .col_expr(users::Column::SuspendedReason, Expr::value(Option::<String>::None))
            .col_expr(users::Column::UpdatedAt, Expr::value(now))
            .filter(users::Column::Id.eq(user.get()))
            .filter(users::Column::SuspendedAt.is_not_null())
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if changed {
            append(&txn, Event::UserReinstated { user }, Some(by), now).await?;
        }
        txn.commit().await?;
        Ok(changed)
    }

    /// Changes a member's platform role. False when it was already that role.
    pub async fn set_role(
        &self,
        user: UserId,
        role: Role,
        by: UserId,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let txn = self.write.begin().await?;
        let changed = users::Entity::update_many()
            .col_expr(users::Column::Role, Expr::value(role.as_str()))
            .col_expr(users::Column::UpdatedAt, Expr::value(now))
            .filter(users::Column::Id.eq(user.get()))
            .filter(users::Column::Role.ne(role.as_str()))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if changed {
            append(&txn, Event::RoleChanged { user, role: role.as_str().to_owned() }, Some(by), now).await?;
        }
        txn.commit().await?;
        Ok(changed)
    }

    /// The audit log, newest first, `limit` entries before the entry `before` (or the newest).
    pub async fn audit_log(&self, before: Option<i64>, limit: u64) -> Result<Vec<AuditEntry>, StoreError> {
        let mut find = events::Entity::find()
            .filter(events::Column::Kind.is_in(AUDITED_KINDS.iter().copied()))
            .filter(events::Column::ActorId.is_not_null())
            .order_by_desc(events::Column::Id)
            .limit(limit);
        if let Some(before) = before {
            find = find.filter(events::Column::Id.lt(before));
        }
        let rows = find.all(&self.read).await?;
        let actors: Vec<i64> = rows.iter().filter_map(|r| r.actor_id).collect();
        let names = crate::ideas::names(&self.read, &actors).await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let payload: serde_json::Value = serde_json::from_str(&row.payload).unwrap_or_default();
                AuditEntry {
                    id: row.id,
                    reason: payload.get("reason").and_then(|r| r.as_str()).map(str::to_owned),
                    actor: row.actor_id.and_then(|a| names.get(&a).cloned()),
                    kind: row.kind,
                    subject: row.subject,
                    at: row.created_at,
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use ideaforge_domain::admin::SuspensionReason;
    use ideaforge_domain::{Role, TokenName};
    use time::macros::datetime;

    use crate::testing::{Engine, TestDb};
    use crate::tests::add_user;
    use crate::{NewSession, NewToken, Store};

    crate::on_both_engines!(suspension_ends_sessions_and_tokens_and_the_audit_log_keeps_who_and_why);

    async fn suspension_ends_sessions_and_tokens_and_the_audit_log_keeps_who_and_why(engine: Engine) {
        let now = datetime!(2026-12-07 12:00 UTC);
        let db = TestDb::new(engine).await;
        let store = Store::connect(db.config()).await.expect("connect");
        store.migrate().await.expect("migrate");
        let admin = add_user(&store, "admin@example.com").await;
        let member = add_user(&store, "mallory_100%@example.com").await;
        store.create_session(NewSession { user: member.id, token_hash: "s1", replaces: None }, now).await.expect("s");
        let name = TokenName::parse("cli").expect("name");
        let token = NewToken { name: &name, scope: ideaforge_domain::token::TokenScope::Write, expires_at: None };
        store.create_token(member.id, token, "t1", now).await.expect("token");

        let reason = SuspensionReason::parse("Spam").expect("reason");
        assert!(store.suspend_user(member.id, admin.id, &reason, now).await.expect("suspend"));
        assert!(!store.suspend_user(member.id, admin.id, &reason, now).await.expect("again"), "once");
        assert!(store.session("s1").await.expect("session").is_none(), "the session ended");
        assert!(store.token_owner("t1").await.expect("token").is_none(), "the token was revoked");
        assert!(store.user(member.id).await.expect("user").expect("member").suspended);
        let (_, suspension) = store.member(member.id).await.expect("read").expect("member");
        let suspension = suspension.expect("suspended");
        assert_eq!((suspension.by.as_str(), suspension.reason.as_str()), ("Ada Lovelace", "Spam"));

        assert!(store.set_role(member.id, Role::Moderator, admin.id, now).await.expect("role"));
        assert!(!store.set_role(member.id, Role::Moderator, admin.id, now).await.expect("same"), "unchanged");
        assert!(store.reinstate_user(member.id, admin.id, now).await.expect("reinstate"));
        assert!(!store.user(member.id).await.expect("user").expect("member").suspended);

        let log = store.audit_log(None, 10).await.expect("audit");
        let kinds: Vec<&str> = log.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["user_reinstated", "role_changed", "user_suspended"], "registrations are not audited");
        assert_eq!((log[2].actor.as_deref(), log[2].reason.as_deref()), (Some("Ada Lovelace"), Some("Spam")));
        assert_eq!(store.audit_log(Some(log[1].id), 10).await.expect("older").len(), 1);

        let found = |q: &'static str| {
            let store = store.clone();
            async move { store.find_users(q, 10).await.expect("find").len() }
        };
        assert_eq!(found("MALLORY").await, 1, "any case");
        assert_eq!(found("_100%").await, 1, "% and _ as typed");
        assert_eq!(found("%").await, 1, "a literal %, not everyone");
        assert_eq!(found("").await, 2, "everyone");
    }
}
