//! Notifications, delivery preferences and the e-mail outbox. Rows are written in the caller's
//! transaction (the change and its notifications commit together); the mailer claims due outbox
//! rows under a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so several mailers never take the
//! same row; SQLite's one writer serialises claims), and a crashed mailer's lease simply expires.

use ideaforge_domain::UserId;
use ideaforge_domain::notification::{AccountMail, Delivery, Notice, NotificationKind};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use time::OffsetDateTime;

use crate::entity::{digest_state, notification_prefs, notifications, outbox, users};
use crate::{Backend, Store, StoreError};

/// An outbox row claimed for delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxItem {
    /// Its id (also the stable part of the message's Message-ID).
    pub id: i64,
    /// The recipient.
    pub user: UserId,
    /// What it is about.
    pub kind: String,
    /// The JSON the message is rendered from.
    pub payload: String,
    /// Attempts made before this one.
    pub attempts: i32,
}

/// A notification in the member's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotificationRow {
    /// Its id.
    pub id: i64,
    /// Its kind.
    pub kind: String,
    /// What it concerns (`idea:7`).
    pub subject: String,
    /// The JSON it is rendered from.
    pub payload: String,
    /// Whether it was read.
    pub read: bool,
    /// When it happened.
    pub created_at: OffsetDateTime,
}

/// A message the mailer gave up on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedMail {
    /// The outbox row.
    pub id: i64,
    /// The recipient.
    pub user: UserId,
    /// What it was about.
    pub kind: String,
    /// How many times it was tried.
    pub attempts: i32,
    /// The last error the transport reported.
    pub last_error: String,
    /// When it was queued.
    pub created_at: OffsetDateTime,
}

/// How many outbox rows are in each state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    /// Waiting (including retries).
    pub queued: u64,
    /// Delivered.
    pub sent: u64,
    /// Given up on.
    pub failed: u64,
}

/// A member's delivery choice for a kind, inside a transaction.
async fn delivery_within(
    conn: &impl ConnectionTrait,
    user: UserId,
    kind: NotificationKind,
) -> Result<Delivery, StoreError> {
    let chosen = notification_prefs::Entity::find()
        .filter(notification_prefs::Column::UserId.eq(user.get()))
        .filter(notification_prefs::Column::Kind.eq(kind.as_str()))
        .one(conn)
        .await?;
    match chosen {
        Some(row) => row.delivery.parse().map_err(|_| StoreError::Corrupt { what: "delivery" }),
        None => Ok(kind.default_delivery()),
    }
}

/// Notifies `user` inside the caller's transaction, as their preferences say: an in-app row and,
/// for instant delivery, an outbox row.
pub(crate) async fn notify_within(
    txn: &DatabaseTransaction,
    user: UserId,
    notice: &Notice,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let kind = notice.kind();
    let payload = serde_json::to_value(notice).map_err(|_| StoreError::Corrupt { what: "notice" })?;
    let delivery = delivery_within(txn, user, kind).await?;
    if delivery.in_app() {
        notifications::ActiveModel {
            id: NotSet,
            user_id: Set(user.get()),
            kind: Set(kind.as_str().to_owned()),
            subject: Set(notice.subject().to_string()),
            payload: Set(payload.to_string()),
            read_at: Set(None),
            created_at: Set(now),
        }
        .insert(txn)
        .await?;
    }
    if delivery.instant_mail() && email_verified(txn, user).await? {
        queue_within(txn, user, kind.as_str(), &payload, now).await?;
    }
    Ok(())
}

/// Whether a member proved their address (notification e-mail goes only to proven addresses).
async fn email_verified(conn: &impl ConnectionTrait, user: UserId) -> Result<bool, StoreError> {
    let verified: Option<Option<OffsetDateTime>> = users::Entity::find_by_id(user.get())
        .select_only()
        .column(users::Column::EmailVerifiedAt)
        .into_tuple()
        .one(conn)
        .await?;
    Ok(verified.flatten().is_some())
}

/// Queues one message for `user` in the caller's transaction, due at once.
pub(crate) async fn queue_within(
    conn: &impl ConnectionTrait,
    user: UserId,
    kind: &str,
    payload: &serde_json::Value,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    outbox::ActiveModel {
        id: NotSet,
        user_id: Set(user.get()),
        kind: Set(kind.to_owned()),
        payload: Set(payload.to_string()),
        status: Set("queued".to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Notifies each of `users` once (leaving out `except`, the member who caused it), inside the
/// caller's transaction, as each one's preferences say: in bulk (a campaign's outcome reaches
/// every backer), a few statements per thousand members. The stored payload is the typed notice;
/// it is worded when it is shown.
pub(crate) async fn notify_all(
    txn: &DatabaseTransaction,
    users: &[UserId],
    except: Option<UserId>,
    notice: &Notice,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    let mut seen = std::collections::HashSet::with_capacity(users.len());
    let unique: Vec<i64> = users.iter().filter(|u| Some(**u) != except && seen.insert(**u)).map(|u| u.get()).collect();
    let kind = notice.kind();
    let payload = serde_json::to_value(notice).map_err(|_| StoreError::Corrupt { what: "notice" })?;
    let text = payload.to_string();
    for chunk in unique.chunks(1_000) {
        let chosen: std::collections::HashMap<i64, String> = notification_prefs::Entity::find()
            .select_only()
            .column(notification_prefs::Column::UserId)
            .column(notification_prefs::Column::Delivery)
            .filter(notification_prefs::Column::UserId.is_in(chunk.iter().copied()))
            .filter(notification_prefs::Column::Kind.eq(kind.as_str()))
            .into_tuple()
            .all(txn)
            .await?
            .into_iter()
            .collect();
        let verified: std::collections::HashSet<i64> = users::Entity::find()
            .select_only()
            .column(users::Column::Id)
            .filter(users::Column::Id.is_in(chunk.iter().copied()))
            .filter(users::Column::EmailVerifiedAt.is_not_null())
            // A suspended member gets no mail from the site.
            .filter(users::Column::SuspendedAt.is_null())
            .into_tuple::<i64>()
            .all(txn)
            .await?
            .into_iter()
            .collect();
        let mut in_app = Vec::new();
        let mut mail = Vec::new();
        for user in chunk {
            let delivery = match chosen.get(user) {
                Some(name) => name.parse().map_err(|_| StoreError::Corrupt { what: "delivery" })?,
                None => kind.default_delivery(),
            };
            if delivery.in_app() {
                in_app.push(notifications::ActiveModel {
                    id: NotSet,
                    user_id: Set(*user),
                    kind: Set(kind.as_str().to_owned()),
                    subject: Set(notice.subject().to_string()),
                    payload: Set(text.clone()),
                    read_at: Set(None),
                    created_at: Set(now),
                });
            }
            if delivery.instant_mail() && verified.contains(user) {
                mail.push(outbox::ActiveModel {
                    id: NotSet,
                    user_id: Set(*user),
                    kind: Set(kind.as_str().to_owned()),
                    payload: Set(text.clone()),
                    status: Set("queued".to_owned()),
                    attempts: Set(0),
                    next_attempt_at: Set(now),
                    claimed_until: Set(None),
                    last_error: Set(None),
                    created_at: Set(now),
                    sent_at: Set(None),
                });
            }
        }
        if !in_app.is_empty() {
            notifications::Entity::insert_many(in_app).exec_without_returning(txn).await?;
        }
        if !mail.is_empty() {
            outbox::Entity::insert_many(mail).exec_without_returning(txn).await?;
        }
    }
    Ok(())
}

impl Store {
    /// Claims up to `limit` due outbox rows until `lease_until`; rows claimed by another mailer
    /// whose lease has not expired are skipped.
    pub async fn claim_outbox(
        &self,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u64,
    ) -> Result<Vec<OutboxItem>, StoreError> {
        let txn = self.write.begin().await?;
        let mut due = outbox::Entity::find()
            .filter(outbox::Column::Status.eq("queued"))
            .filter(outbox::Column::NextAttemptAt.lte(now))
            .filter(outbox::Column::ClaimedUntil.is_null().or(outbox::Column::ClaimedUntil.lt(now)))
            .order_by_asc(outbox::Column::Id)
            .limit(limit);
        if self.backend == Backend::Postgres {
            due = due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        let rows = due.all(&txn).await?;
        if rows.is_empty() {
            txn.commit().await?;
            return Ok(Vec::new());
        }
        outbox::Entity::update_many()
            .col_expr(outbox::Column::ClaimedUntil, Expr::value(lease_until))
            .filter(outbox::Column::Id.is_in(rows.iter().map(|r| r.id)))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(rows
            .into_iter()
            .map(|r| OutboxItem {
                id: r.id,
                user: UserId::new(r.user_id),
                kind: r.kind,
                payload: r.payload,
                attempts: r.attempts,
            })
            .collect())
    }

    /// Extends this mailer's claim on a row from `held_until` to `until`, just before sending it.
    /// False when the row is no longer this mailer's (its lease ran out and another mailer claimed
    /// it, or it was delivered): the caller must not send it.
    pub async fn renew_claim(
        &self,
        id: i64,
        held_until: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let renewed = outbox::Entity::update_many()
            .col_expr(outbox::Column::ClaimedUntil, Expr::value(until))
            .filter(outbox::Column::Id.eq(id))
            .filter(outbox::Column::Status.eq("queued"))
            .filter(outbox::Column::ClaimedUntil.eq(held_until))
            .exec(&self.write)
            .await?;
        Ok(renewed.rows_affected == 1)
    }

    /// Marks a row delivered.
    pub async fn outbox_sent(&self, id: i64, now: OffsetDateTime) -> Result<(), StoreError> {
        outbox::Entity::update_many()
            .col_expr(outbox::Column::Status, Expr::value("sent"))
            .col_expr(outbox::Column::SentAt, Expr::value(now))
            .col_expr(outbox::Column::ClaimedUntil, Expr::value(Option::<OffsetDateTime>::None))
            .filter(outbox::Column::Id.eq(id))
            .exec(&self.write)
            .await?;
        Ok(())
    }

    /// Records a failed attempt: retried at `retry_at`, or given up on (`failed`) when `None`. The
    /// last error is kept for admins.
    pub async fn outbox_attempt_failed(
        &self,
        id: i64,
        attempts: i32,
        error: &str,
        retry_at: Option<OffsetDateTime>,
    ) -> Result<(), StoreError> {
        let mut update = outbox::Entity::update_many()
            .col_expr(outbox::Column::Attempts, Expr::value(attempts))
            .col_expr(outbox::Column::LastError, Expr::value(error.chars().take(1_000).collect::<String>()))
            .col_expr(outbox::Column::ClaimedUntil, Expr::value(Option::<OffsetDateTime>::None));
        update = match retry_at {
            Some(at) => update.col_expr(outbox::Column::NextAttemptAt, Expr::value(at)),
            None => update.col_expr(outbox::Column::Status, Expr::value("failed")),
        };
        update.filter(outbox::Column::Id.eq(id)).exec(&self.write).await?;
        Ok(())
    }

    /// Queues an account message (verification, password reset) for a member, due at once.
    pub async fn queue_account_mail(
        &self,
        user: UserId,
        kind: AccountMail,
        payload: &serde_json::Value,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        queue_within(&self.write, user, kind.as_str(), payload, now).await
    }

    /// The messages the mailer gave up on, newest first, for administrators.
    pub async fn failed_mail(&self, limit: u64) -> Result<Vec<FailedMail>, StoreError> {
        Ok(outbox::Entity::find()
            .filter(outbox::Column::Status.eq("failed"))
            .order_by_desc(outbox::Column::Id)
            .limit(limit)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|row| FailedMail {
                id: row.id,
                user: UserId::new(row.user_id),
                kind: row.kind,
                attempts: row.attempts,
                last_error: row.last_error.unwrap_or_default(),
                created_at: row.created_at,
            })
            .collect())
    }

    /// Puts a failed message back in the queue with a fresh count of attempts; false if there was
    /// no such failed message.
    pub async fn retry_mail(&self, id: i64, by: UserId, now: OffsetDateTime) -> Result<bool, StoreError> {
        let txn = self.write.begin().await?;
        let Some(row) = outbox::Entity::find_by_id(id).one(&txn).await? else { return Ok(false) };
        let done = outbox::Entity::update_many()
            .col_expr(outbox::Column::Status, Expr::value("queued"))
            .col_expr(outbox::Column::Attempts, Expr::value(0))
            .col_expr(outbox::Column::NextAttemptAt, Expr::value(now))
            .col_expr(outbox::Column::ClaimedUntil, Expr::value(Option::<OffsetDateTime>::None))
            .filter(outbox::Column::Id.eq(id))
            .filter(outbox::Column::Status.eq("failed"))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if done {
            let event = crate::events::Event::MailRetried { user: UserId::new(row.user_id), mail: id };
            crate::events::append(&txn, event, Some(by), now).await?;
        }
        txn.commit().await?;
        Ok(done)
    }

    /// How many outbox rows are queued, sent and failed.
    pub async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        let count =
            |status: &'static str| outbox::Entity::find().filter(outbox::Column::Status.eq(status)).count(&self.read);
        Ok(OutboxCounts { queued: count("queued").await?, sent: count("sent").await?, failed: count("failed").await? })
    }

    /// A member's latest notifications.
    pub async fn notifications_of(&self, user: UserId, limit: u64) -> Result<Vec<NotificationRow>, StoreError> {
        Ok(notifications::Entity::find()
            .filter(notifications::Column::UserId.eq(user.get()))
            .order_by_desc(notifications::Column::Id)
            .limit(limit)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|n| NotificationRow {
                id: n.id,
                kind: n.kind,
                subject: n.subject,
                payload: n.payload,
                read: n.read_at.is_some(),
                created_at: n.created_at,
            })
            .collect())
    }

    /// How many of a member's notifications are unread.
    pub async fn unread_notifications(&self, user: UserId) -> Result<u64, StoreError> {
        Ok(notifications::Entity::find()
            .filter(notifications::Column::UserId.eq(user.get()))
            .filter(notifications::Column::ReadAt.is_null())
            .count(&self.read)
            .await?)
    }

    /// Marks all of a member's notifications read.
    pub async fn mark_notifications_read(&self, user: UserId, now: OffsetDateTime) -> Result<(), StoreError> {
        notifications::Entity::update_many()
            .col_expr(notifications::Column::ReadAt, Expr::value(now))
            .filter(notifications::Column::UserId.eq(user.get()))
            .filter(notifications::Column::ReadAt.is_null())
            .exec(&self.write)
            .await?;
        Ok(())
    }

    /// Sets a member's delivery for a kind.
    pub async fn set_delivery(
        &self,
        user: UserId,
        kind: NotificationKind,
        delivery: Delivery,
    ) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        let updated = notification_prefs::Entity::update_many()
            .col_expr(notification_prefs::Column::Delivery, Expr::value(delivery.as_str()))
            .filter(notification_prefs::Column::UserId.eq(user.get()))
            .filter(notification_prefs::Column::Kind.eq(kind.as_str()))
            .exec(&txn)
            .await?;
        if updated.rows_affected == 0 {
            notification_prefs::ActiveModel {
                id: NotSet,
                user_id: Set(user.get()),
                kind: Set(kind.as_str().to_owned()),
                delivery: Set(delivery.as_str().to_owned()),
            }
            .insert(&txn)
            .await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// A member's delivery for a kind (their choice or the default).
    pub async fn delivery(&self, user: UserId, kind: NotificationKind) -> Result<Delivery, StoreError> {
        delivery_within(&self.read, user, kind).await
    }
}

impl Store {
    /// Members who chose `delivery` (a digest) for at least one kind, with those kinds.
    pub async fn digest_subscribers(&self, delivery: Delivery) -> Result<Vec<(UserId, Vec<String>)>, StoreError> {
        let rows = notification_prefs::Entity::find()
            .filter(notification_prefs::Column::Delivery.eq(delivery.as_str()))
            .order_by_asc(notification_prefs::Column::UserId)
            .all(&self.read)
            .await?;
        let mut out: Vec<(UserId, Vec<String>)> = Vec::new();
        for row in rows {
            match out.last_mut() {
                Some((user, kinds)) if user.get() == row.user_id => kinds.push(row.kind),
                _ => out.push((UserId::new(row.user_id), vec![row.kind])),
            }
        }
        Ok(out)
    }

    /// Queues one digest for a member if anything of `kinds` happened since their last one (never
    /// an empty digest), covering until `now`; the digest and its bookkeeping commit together.
    /// `render` turns the notifications into the outbox payload. Returns whether one was queued.
    pub async fn queue_digest(
        &self,
        user: UserId,
        period: Delivery,
        kinds: &[String],
        since_default: OffsetDateTime,
        now: OffsetDateTime,
        render: impl FnOnce(&[NotificationRow]) -> serde_json::Value,
    ) -> Result<bool, StoreError> {
        let txn = self.write.begin().await?;
        let state = digest_state::Entity::find()
            .filter(digest_state::Column::UserId.eq(user.get()))
            .filter(digest_state::Column::Period.eq(period.as_str()))
            .one(&txn)
            .await?;
        let since = state.as_ref().map_or(since_default, |s| s.covered_until);
        let rows: Vec<NotificationRow> = notifications::Entity::find()
            .filter(notifications::Column::UserId.eq(user.get()))
            .filter(notifications::Column::Kind.is_in(kinds.iter().cloned()))
            .filter(notifications::Column::CreatedAt.gt(since))
            .filter(notifications::Column::CreatedAt.lte(now))
            .order_by_asc(notifications::Column::Id)
            .all(&txn)
            .await?
            .into_iter()
            .map(|n| NotificationRow {
                id: n.id,
                kind: n.kind,
                subject: n.subject,
                payload: n.payload,
                read: n.read_at.is_some(),
                created_at: n.created_at,
            })
            .collect();
        match state {
            Some(state) => {
                digest_state::Entity::update_many()
                    .col_expr(digest_state::Column::CoveredUntil, Expr::value(now))
                    .filter(digest_state::Column::Id.eq(state.id))
                    .exec(&txn)
                    .await?;
            }
            None => {
                digest_state::ActiveModel {
                    id: NotSet,
                    user_id: Set(user.get()),
                    period: Set(period.as_str().to_owned()),
                    covered_until: Set(now),
                }
                .insert(&txn)
                .await?;
            }
        }
        let queued = !rows.is_empty() && email_verified(&txn, user).await?;
        if queued {
            queue_within(&txn, user, &format!("digest_{}", period.as_str()), &render(&rows), now).await?;
        }
        txn.commit().await?;
        Ok(queued)
    }

    /// When a member's digest of `period` last covered up to (if ever).
    pub async fn digest_covered_until(
        &self,
        user: UserId,
        period: Delivery,
    ) -> Result<Option<OffsetDateTime>, StoreError> {
        Ok(digest_state::Entity::find()
            .filter(digest_state::Column::UserId.eq(user.get()))
            .filter(digest_state::Column::Period.eq(period.as_str()))
            .one(&self.read)
            .await?
            .map(|s| s.covered_until))
    }
}
