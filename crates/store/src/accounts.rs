//! Accounts, browser sessions and personal access tokens.

use ideaforge_domain::notification::AccountMail;
use ideaforge_domain::token::TokenScope;
use ideaforge_domain::{ApiToken, DisplayName, Email, Language, Role, TimeZoneName, TokenId, TokenName, User, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, SqlErr, TransactionTrait,
};
use time::OffsetDateTime;

use crate::entity::{api_tokens, sessions, users};
use crate::events::{Event, append};
use crate::{Store, StoreError};

/// A user row to insert: the password is already hashed.
#[derive(Debug)]
pub struct NewUserRecord<'a> {
    /// The sign-in address.
    pub email: &'a Email,
    /// The public name.
    pub display_name: &'a DisplayName,
    /// The argon2id PHC string.
    pub password_hash: &'a str,
    /// The platform role.
    pub role: Role,
    /// The language of their e-mail.
    pub language: Option<Language>,
    /// Whether the address is proven already; if not, a verification message is queued with the
    /// account, in the same transaction.
    pub email_verified: bool,
}

/// A session row to insert.
#[derive(Debug)]
pub struct NewSession<'a> {
    /// Whose session it is.
    pub user: UserId,
    /// SHA-256 (hex) of the cookie secret.
    pub token_hash: &'a str,
    /// The session this one replaces (rotation on sign-in), deleted in the same transaction.
    pub replaces: Option<&'a str>,
}

pub(crate) fn to_user(model: users::Model) -> Result<User, StoreError> {
    Ok(User {
        id: UserId::new(model.id),
        email: Email::parse(&model.email).map_err(|_| StoreError::Corrupt { what: "user e-mail" })?,
        display_name: DisplayName::parse(&model.display_name)
            .map_err(|_| StoreError::Corrupt { what: "display name" })?,
        role: model.role.parse().map_err(|_| StoreError::Corrupt { what: "role" })?,
        created_at: model.created_at,
        email_verified: model.email_verified_at.is_some(),
        language: model.locale.as_deref().and_then(|l| l.parse().ok()),
        time_zone: model.time_zone.as_deref().and_then(|z| TimeZoneName::parse(z).ok()),
        suspended: model.suspended_at.is_some(),
    })
}

fn to_token(model: api_tokens::Model) -> Result<ApiToken, StoreError> {
    Ok(ApiToken {
        id: TokenId::new(model.id),
        name: TokenName::parse(&model.name).map_err(|_| StoreError::Corrupt { what: "token name" })?,
        created_at: model.created_at,
        last_used_at: model.last_used_at,
        scope: model.scope.parse().map_err(|_| StoreError::Corrupt { what: "token scope" })?,
        expires_at: model.expires_at,
    })
}

/// A token to issue: its label, scope and expiry.
#[derive(Clone, Copy, Debug)]
pub struct NewToken<'a> {
    /// The owner's label.
    pub name: &'a TokenName,
    /// What it may do.
    pub scope: TokenScope,
    /// When it stops working, if ever.
    pub expires_at: Option<OffsetDateTime>,
}

pub(crate) fn unique_to(err: sea_orm::DbErr, taken: StoreError) -> StoreError {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => taken,
        _ => StoreError::Database(err),
    }
}

/// Revokes every live API token of a member: a new password (changed or reset) ends every way in
/// that the old one could have handed out.
pub(crate) async fn revoke_tokens(
    txn: &DatabaseTransaction,
    id: UserId,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    api_tokens::Entity::update_many()
        .col_expr(api_tokens::Column::RevokedAt, Expr::value(now))
        .filter(api_tokens::Column::UserId.eq(id.get()))
        .filter(api_tokens::Column::RevokedAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

impl Store {
    /// Creates an account and records `user_registered`; `EmailTaken` if the address is in use.
    pub async fn create_user(&self, new: NewUserRecord<'_>, now: OffsetDateTime) -> Result<User, StoreError> {
        let txn = self.write.begin().await?;
        let model = users::ActiveModel {
            id: NotSet,
            email: Set(new.email.as_str().to_owned()),
            display_name: Set(new.display_name.as_str().to_owned()),
            password_hash: Set(new.password_hash.to_owned()),
            role: Set(new.role.as_str().to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            email_verified_at: Set(new.email_verified.then_some(now)),
            locale: Set(new.language.map(|l| l.as_str().to_owned())),
            time_zone: Set(None),
            suspended_at: Set(None),
            suspended_by: Set(None),
            suspended_reason: Set(None),
        }
        .insert(&txn)
        .await
        .map_err(|e| unique_to(e, StoreError::EmailTaken))?;
        let user = to_user(model)?;
        append(&txn, Event::UserRegistered { user: user.id }, Some(user.id), now).await?;
        if !new.email_verified {
            let payload = serde_json::json!({ "email": user.email.as_str() });
            crate::notifications::queue_within(&txn, user.id, AccountMail::VerifyEmail.as_str(), &payload, now).await?;
        }
        txn.commit().await?;
        Ok(user)
    }

    /// The account with this id.
    pub async fn user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        users::Entity::find_by_id(id.get()).one(&self.read).await?.map(to_user).transpose()
    }

    /// The account with this address and its password hash, for sign-in.
    pub async fn user_with_password(&self, email: &Email) -> Result<Option<(User, String)>, StoreError> {
        let found = users::Entity::find().filter(users::Column::Email.eq(email.as_str())).one(&self.read).await?;
        match found {
            Some(model) => {
                let hash = model.password_hash.clone();
                Ok(Some((to_user(model)?, hash)))
            }
            None => Ok(None),
        }
    }

    /// Marks a member's address as proven, if the account still has that address. Returns whether
    /// it does (proving twice is harmless).
    pub async fn verify_email(&self, id: UserId, email: &Email, now: OffsetDateTime) -> Result<bool, StoreError> {
        let Some(model) = users::Entity::find_by_id(id.get()).one(&self.write).await? else { return Ok(false) };
        if model.email != email.as_str() {
            return Ok(false);
        }
        if model.email_verified_at.is_none() {
            users::Entity::update_many()
                .col_expr(users::Column::EmailVerifiedAt, Expr::value(now))
                .filter(users::Column::Id.eq(id.get()))
                .filter(users::Column::EmailVerifiedAt.is_null())
                .exec(&self.write)
                .await?;
        }
        Ok(true)
    }

    /// Sets the language of a member's e-mail.
    pub async fn set_language(&self, id: UserId, language: Language, now: OffsetDateTime) -> Result<(), StoreError> {
        users::Entity::update_many()
            .col_expr(users::Column::Locale, Expr::value(language.as_str()))
            .col_expr(users::Column::UpdatedAt, Expr::value(now))
            .filter(users::Column::Id.eq(id.get()))
            .exec(&self.write)
            .await?;
        Ok(())
    }

    /// Sets (or, with none, clears) the time zone a member's pages and forms use.
    pub async fn set_time_zone(
        &self,
        id: UserId,
        zone: Option<&TimeZoneName>,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        users::Entity::update_many()
            .col_expr(users::Column::TimeZone, Expr::value(zone.map(|z| z.as_str().to_owned())))
            .col_expr(users::Column::UpdatedAt, Expr::value(now))
            .filter(users::Column::Id.eq(id.get()))
            .exec(&self.write)
            .await?;
        Ok(())
    }

    /// The password hash of an account.
    pub async fn password_hash(&self, id: UserId) -> Result<Option<String>, StoreError> {
        Ok(users::Entity::find_by_id(id.get()).one(&self.read).await?.map(|m| m.password_hash))
    }

    /// How many accounts exist.
    pub async fn count_users(&self) -> Result<u64, StoreError> {
        Ok(users::Entity::find().count(&self.read).await?)
    }

    /// Replaces a password hash, ends every other session of the account and revokes its API
    /// tokens, in one transaction.
    pub async fn change_password(
        &self,
        id: UserId,
        password_hash: &str,
        keep_session: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        users::Entity::update_many()
            .col_expr(users::Column::PasswordHash, Expr::value(password_hash))
            .col_expr(users::Column::UpdatedAt, Expr::value(now))
            .filter(users::Column::Id.eq(id.get()))
            .exec(&txn)
            .await?;
        let mut others = sessions::Entity::delete_many().filter(sessions::Column::UserId.eq(id.get()));
        if let Some(keep) = keep_session {
            others = others.filter(sessions::Column::TokenHash.ne(keep));
        }
        others.exec(&txn).await?;
        revoke_tokens(&txn, id, now).await?;
        append(&txn, Event::PasswordChanged { user: id }, Some(id), now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Sets a new password if the current one is still `expected` (a reset link works once, even
    /// when it is used twice at the same moment), proves the address (the link came by e-mail),
    /// ends every session and revokes every API token; if the address was not proven before, also
    /// removes linked sign-ins. Returns whether the password changed.
    pub async fn reset_password(
        &self,
        id: UserId,
        expected: &str,
        password_hash: &str,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let txn = self.write.begin().await?;
        let changed = users::Entity::update_many()
            .col_expr(users::Column::PasswordHash, Expr::value(password_hash))
            .col_expr(users::Column::UpdatedAt, Expr::value(now))
            .filter(users::Column::Id.eq(id.get()))
            .filter(users::Column::PasswordHash.eq(expected))
            .exec(&txn)
            .await?;
        if changed.rows_affected != 1 {
            txn.rollback().await?;
            return Ok(false);
        }
        let proven_now = users::Entity::update_many()
            .col_expr(users::Column::EmailVerifiedAt, Expr::value(now))
            .filter(users::Column::Id.eq(id.get()))
            .filter(users::Column::EmailVerifiedAt.is_null())
            .exec(&txn)
            .await?;
        if proven_now.rows_affected == 1 {
            // The address was never proven: whoever registered it may not be its owner. The owner
            // takes it back without the sign-ins that person linked.
            crate::entity::identities::Entity::delete_many()
                .filter(crate::entity::identities::Column::UserId.eq(id.get()))
                .exec(&txn)
                .await?;
        }
        sessions::Entity::delete_many().filter(sessions::Column::UserId.eq(id.get())).exec(&txn).await?;
        revoke_tokens(&txn, id, now).await?;
        append(&txn, Event::PasswordChanged { user: id }, Some(id), now).await?;
        txn.commit().await?;
        Ok(true)
    }

    /// Starts a session, deleting the one it replaces in the same transaction.
    pub async fn create_session(&self, new: NewSession<'_>, now: OffsetDateTime) -> Result<(), StoreError> {
        let txn = self.write.begin().await?;
        if let Some(old) = new.replaces {
            sessions::Entity::delete_many().filter(sessions::Column::TokenHash.eq(old)).exec(&txn).await?;
        }
        sessions::ActiveModel {
            id: NotSet,
            token_hash: Set(new.token_hash.to_owned()),
            user_id: Set(new.user.get()),
            created_at: Set(now),
            last_seen_at: Set(now),
        }
        .insert(&txn)
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The session with this hash, as `(created_at, last_seen_at)`, and its member.
    pub async fn session(
        &self,
        token_hash: &str,
    ) -> Result<Option<(OffsetDateTime, OffsetDateTime, User)>, StoreError> {
        let found = sessions::Entity::find()
            .filter(sessions::Column::TokenHash.eq(token_hash))
            .find_also_related(users::Entity)
            .one(&self.read)
            .await?;
        match found {
            Some((session, Some(user))) => Ok(Some((session.created_at, session.last_seen_at, to_user(user)?))),
            _ => Ok(None),
        }
    }

    /// Records that a session was used.
    pub async fn touch_session(&self, token_hash: &str, now: OffsetDateTime) -> Result<(), StoreError> {
        sessions::Entity::update_many()
            .col_expr(sessions::Column::LastSeenAt, Expr::value(now))
            .filter(sessions::Column::TokenHash.eq(token_hash))
            .exec(&self.write)
            .await?;
        Ok(())
    }

    /// Ends a session (sign-out or expiry).
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sessions::Entity::delete_many().filter(sessions::Column::TokenHash.eq(token_hash)).exec(&self.write).await?;
        Ok(())
    }

    /// How many sessions an account has open.
    pub async fn count_sessions(&self, id: UserId) -> Result<u64, StoreError> {
        Ok(sessions::Entity::find().filter(sessions::Column::UserId.eq(id.get())).count(&self.read).await?)
    }

    /// Issues a personal access token whose secret hashes to `token_hash`.
    pub async fn create_token(
        &self,
        user: UserId,
        token: NewToken<'_>,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<ApiToken, StoreError> {
        let txn = self.write.begin().await?;
        let model = api_tokens::ActiveModel {
            id: NotSet,
            user_id: Set(user.get()),
            name: Set(token.name.as_str().to_owned()),
            token_hash: Set(token_hash.to_owned()),
            created_at: Set(now),
            last_used_at: Set(None),
            revoked_at: Set(None),
            scope: Set(token.scope.as_str().to_owned()),
            expires_at: Set(token.expires_at),
        }
        .insert(&txn)
        .await?;
        let token = to_token(model)?;
        append(&txn, Event::TokenIssued { user, token: token.id }, Some(user), now).await?;
        txn.commit().await?;
        Ok(token)
    }

    /// The token with this hash, if not revoked, and its owner (whether it has expired is the
    /// caller's question).
    pub async fn token_owner(&self, token_hash: &str) -> Result<Option<(ApiToken, User)>, StoreError> {
        let found = api_tokens::Entity::find()
            .filter(api_tokens::Column::TokenHash.eq(token_hash))
            .filter(api_tokens::Column::RevokedAt.is_null())
            .find_also_related(users::Entity)
            .one(&self.read)
            .await?;
        match found {
            Some((token, Some(user))) => Ok(Some((to_token(token)?, to_user(user)?))),
            _ => Ok(None),
        }
    }

    /// Records that a token authenticated a request.
    pub async fn touch_token(&self, id: TokenId, now: OffsetDateTime) -> Result<(), StoreError> {
        api_tokens::Entity::update_many()
            .col_expr(api_tokens::Column::LastUsedAt, Expr::value(now))
            .filter(api_tokens::Column::Id.eq(id.get()))
            .exec(&self.write)
            .await?;
        Ok(())
    }

    /// The account's tokens that were not revoked (expired ones included), newest first.
    pub async fn tokens(&self, user: UserId) -> Result<Vec<ApiToken>, StoreError> {
        api_tokens::Entity::find()
            .filter(api_tokens::Column::UserId.eq(user.get()))
            .filter(api_tokens::Column::RevokedAt.is_null())
            .order_by_desc(api_tokens::Column::Id)
            .all(&self.read)
            .await?
            .into_iter()
            .map(to_token)
            .collect()
    }

    /// Revokes one of the account's tokens; false if it has no such live token.
    pub async fn revoke_token(&self, user: UserId, id: TokenId, now: OffsetDateTime) -> Result<bool, StoreError> {
        let txn = self.write.begin().await?;
        let result = api_tokens::Entity::update_many()
            .col_expr(api_tokens::Column::RevokedAt, Expr::value(now))
            .filter(api_tokens::Column::Id.eq(id.get()))
            .filter(api_tokens::Column::UserId.eq(user.get()))
            .filter(api_tokens::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        if result.rows_affected == 1 {
            append(&txn, Event::TokenRevoked { user, token: id }, Some(user), now).await?;
        }
        txn.commit().await?;
        Ok(result.rows_affected == 1)
    }
}
