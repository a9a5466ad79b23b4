//! The domain event log: appended in the same transaction as the change it records.

use ideaforge_domain::{TokenId, UserId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, QueryOrder,
};
use time::OffsetDateTime;

use crate::entity::events;
use crate::{Store, StoreError};

/// Something that happened, as recorded in the event log.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// A member registered.
    UserRegistered {
        /// The new account.
        user: UserId,
    },
    /// A member changed their password.
    PasswordChanged {
        /// The account.
        user: UserId,
    },
    /// A member issued a personal access token.
    TokenIssued {
        /// The owner.
        user: UserId,
        /// The token.
        token: TokenId,
    },
    /// A member revoked a personal access token.
    TokenRevoked {
        /// The owner.
        user: UserId,
        /// The token.
        token: TokenId,
    },
}

impl Event {
    fn kind(&self) -> &'static str {
        match self {
            Self::UserRegistered { .. } => "user_registered",
            Self::PasswordChanged { .. } => "password_changed",
            Self::TokenIssued { .. } => "token_issued",
            Self::TokenRevoked { .. } => "token_revoked",
        }
    }

    fn subject(&self) -> String {
        match self {
            Self::UserRegistered { user } | Self::PasswordChanged { user } => format!("user:{user}"),
            Self::TokenIssued { token, .. } | Self::TokenRevoked { token, .. } => format!("token:{token}"),
        }
    }
}

/// Appends an event inside the caller's transaction.
pub(crate) async fn append<C: ConnectionTrait>(
    conn: &C,
    event: Event,
    actor: Option<UserId>,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    let payload = serde_json::to_string(&event).map_err(|e| DbErr::Custom(e.to_string()))?;
    events::ActiveModel {
        id: NotSet,
        kind: Set(event.kind().to_owned()),
        subject: Set(event.subject()),
        actor_id: Set(actor.map(UserId::get)),
        payload: Set(payload),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// One recorded event, as read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedEvent {
    /// Position in the log.
    pub id: i64,
    /// The event's kind, e.g. `user_registered`.
    pub kind: String,
    /// What it is about, e.g. `user:7`.
    pub subject: String,
}

impl Store {
    /// The most recent events, newest first.
    pub async fn recent_events(&self, limit: u64) -> Result<Vec<RecordedEvent>, StoreError> {
        use sea_orm::QuerySelect;
        Ok(events::Entity::find()
            .order_by_desc(events::Column::Id)
            .limit(limit)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|m| RecordedEvent { id: m.id, kind: m.kind, subject: m.subject })
            .collect())
    }
}
