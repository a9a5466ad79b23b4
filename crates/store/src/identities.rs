//! Identities at outside providers (OpenID Connect issuers, GitHub) and the sign-ins under way.
//! An identity is keyed by its issuer and subject; a sign-in under way is a single-use row keyed
//! by the hash of its `state`, claimed by deleting it.

use ideaforge_domain::{DisplayName, Email, Language, Role, User, UserId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use time::OffsetDateTime;

use crate::entity::{external_logins, identities, sessions, users};
use crate::events::{Event, append};
use crate::{Store, StoreError};

/// A sign-in under way, as stored when it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingLogin {
    /// Which configured provider.
    pub provider: String,
    /// SHA-256 of the cookie that binds it to the browser that started it.
    pub browser_hash: String,
    /// The nonce the ID token must carry.
    pub nonce: String,
    /// The PKCE verifier for the code exchange.
    pub pkce_verifier: String,
    /// Set when a signed-in member is linking a provider to their account.
    pub link_user: Option<UserId>,
    /// When it started.
    pub created_at: OffsetDateTime,
}

/// An identity linked to an account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedIdentity {
    /// Its id.
    pub id: i64,
    /// The configured provider's id.
    pub provider: String,
    /// The issuer.
    pub issuer: String,
    /// The subject at the issuer.
    pub subject: String,
    /// The address the provider gave, if any.
    pub email: Option<String>,
    /// When it was linked.
    pub created_at: OffsetDateTime,
}

/// Who an outside provider says the person is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExternalIdentity<'a> {
    /// The configured provider's id.
    pub provider: &'a str,
    /// The issuer.
    pub issuer: &'a str,
    /// The subject at the issuer.
    pub subject: &'a str,
    /// The (verified) address the provider gave, if any.
    pub email: Option<&'a Email>,
}

/// Why linking an identity was refused.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// The identity belongs to another account.
    #[error("this identity is linked to another account")]
    TakenByOther,
    /// The address belongs to an account already (sign in and link instead).
    #[error("an account has this address")]
    EmailTaken,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sea_orm::DbErr> for LinkError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Store(e.into())
    }
}

fn to_identity(model: identities::Model) -> LinkedIdentity {
    LinkedIdentity {
        id: model.id,
        provider: model.provider,
        issuer: model.issuer,
        subject: model.subject,
        email: model.email,
        created_at: model.created_at,
    }
}

impl Store {
    /// Records a sign-in that is starting, forgetting those that started before `stale_before`.
    pub async fn start_external_login(
        &self,
        state_hash: &str,
        login: &PendingLogin,
        stale_before: OffsetDateTime,
    ) -> Result<(), StoreError> {
        external_logins::Entity::delete_many()
            .filter(external_logins::Column::CreatedAt.lt(stale_before))
            .exec(&self.write)
            .await?;
        external_logins::ActiveModel {
            state_hash: Set(state_hash.to_owned()),
            provider: Set(login.provider.clone()),
            browser_hash: Set(login.browser_hash.clone()),
            nonce: Set(login.nonce.clone()),
            pkce_verifier: Set(login.pkce_verifier.clone()),
            link_user_id: Set(login.link_user.map(UserId::get)),
            created_at: Set(login.created_at),
        }
        .insert(&self.write)
        .await?;
        Ok(())
    }

    /// Claims a sign-in under way by its state: the row is deleted, so a replayed `state` finds
    /// nothing. Also forgets sign-ins that started before `stale_before`.
    pub async fn claim_external_login(
        &self,
        state_hash: &str,
        stale_before: OffsetDateTime,
    ) -> Result<Option<PendingLogin>, StoreError> {
        let txn = self.write.begin().await?;
        let found = external_logins::Entity::find_by_id(state_hash.to_owned()).one(&txn).await?;
        let claimed = match found {
            Some(row) => {
                let deleted = external_logins::Entity::delete_many()
                    .filter(external_logins::Column::StateHash.eq(state_hash))
                    .exec(&txn)
                    .await?;
                (deleted.rows_affected == 1).then(|| PendingLogin {
                    provider: row.provider,
                    browser_hash: row.browser_hash,
                    nonce: row.nonce,
                    pkce_verifier: row.pkce_verifier,
                    link_user: row.link_user_id.map(UserId::new),
                    created_at: row.created_at,
                })
            }
            None => None,
        };
        external_logins::Entity::delete_many()
            .filter(external_logins::Column::CreatedAt.lt(stale_before))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(claimed)
    }

    /// The account an identity is linked to.
    pub async fn identity_owner(&self, issuer: &str, subject: &str) -> Result<Option<User>, StoreError> {
        let Some(identity) = identities::Entity::find()
            .filter(identities::Column::Issuer.eq(issuer))
            .filter(identities::Column::Subject.eq(subject))
            .one(&self.write)
            .await?
        else {
            return Ok(None);
        };
        self.user(UserId::new(identity.user_id)).await
    }

    /// Links an identity to an account (refused if another account has it; linking twice to the
    /// same account is harmless).
    pub async fn link_identity(
        &self,
        user: UserId,
        identity: &ExternalIdentity<'_>,
        now: OffsetDateTime,
    ) -> Result<(), LinkError> {
        let txn = self.write.begin().await?;
        let existing = identities::Entity::find()
            .filter(identities::Column::Issuer.eq(identity.issuer))
            .filter(identities::Column::Subject.eq(identity.subject))
            .one(&txn)
            .await?;
        match existing {
            Some(row) if row.user_id == user.get() => return Ok(()),
            Some(_) => return Err(LinkError::TakenByOther),
            None => {}
        }
        insert_identity(&txn, user, identity, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Creates an account for a first sign-in with an outside provider, with the identity linked
    /// and the address counted as proven; refused if the address has an account already.
    pub async fn create_external_user(
        &self,
        identity: &ExternalIdentity<'_>,
        email: &Email,
        display_name: &DisplayName,
        language: Option<Language>,
        now: OffsetDateTime,
    ) -> Result<User, LinkError> {
        let txn = self.write.begin().await?;
        let inserted = users::ActiveModel {
            id: NotSet,
            email: Set(email.as_str().to_owned()),
            display_name: Set(display_name.as_str().to_owned()),
            // No password: only the linked identities (or a reset by e-mail) sign this account in.
            password_hash: Set(String::new()),
            role: Set(Role::Member.as_str().to_owned()),
            created_at: Set(now),
            updated_at: Set(now),
            email_verified_at: Set(Some(now)),
            locale: Set(language.map(|l| l.as_str().to_owned())),
            time_zone: Set(None),
            suspended_at: Set(None),
            suspended_by: Set(None),
            suspended_reason: Set(None),
        }
        .insert(&txn)
        .await;
        let model = match inserted {
            Ok(model) => model,
            Err(e) => {
                return Err(match crate::accounts::unique_to(e, StoreError::EmailTaken) {
                    StoreError::EmailTaken => LinkError::EmailTaken,
                    other => LinkError::Store(other),
                });
            }
        };
        let user = crate::accounts::to_user(model)?;
        append(&txn, Event::UserRegistered { user: user.id }, Some(user.id), now).await?;
        let taken = identities::Entity::find()
            .filter(identities::Column::Issuer.eq(identity.issuer))
            .filter(identities::Column::Subject.eq(identity.subject))
            .count(&txn)
            .await?;
        if taken > 0 {
            return Err(LinkError::TakenByOther);
        }
        insert_identity(&txn, user.id, identity, now).await?;
        txn.commit().await?;
        Ok(user)
    }

    /// A member's linked identities, oldest first.
    pub async fn identities(&self, user: UserId) -> Result<Vec<LinkedIdentity>, StoreError> {
        Ok(identities::Entity::find()
            .filter(identities::Column::UserId.eq(user.get()))
            .order_by_asc(identities::Column::Id)
            .all(&self.read)
            .await?
            .into_iter()
            .map(to_identity)
            .collect())
    }

    /// Unlinks one of a member's identities, unless it is their only way to sign in (no password
    /// and no other identity). Returns `Ok(None)` if there is no such identity, `Ok(Some(false))`
    /// if it is the last way in.
    pub async fn unlink_identity(
        &self,
        user: UserId,
        id: i64,
        now: OffsetDateTime,
    ) -> Result<Option<bool>, StoreError> {
        let txn = self.write.begin().await?;
        // The account's row is locked while its ways in are counted (PostgreSQL; SQLite's one
        // writer already serialises), so two unlinks at once cannot both pass the check.
        let mut account = users::Entity::find_by_id(user.get());
        if self.backend == crate::Backend::Postgres {
            account = account.lock_exclusive();
        }
        let account = account.one(&txn).await?.ok_or(StoreError::Conflict)?;
        let Some(identity) =
            identities::Entity::find_by_id(id).filter(identities::Column::UserId.eq(user.get())).one(&txn).await?
        else {
            return Ok(None);
        };
        let others = identities::Entity::find()
            .filter(identities::Column::UserId.eq(user.get()))
            .count(&txn)
            .await?
            .saturating_sub(1);
        if account.password_hash.is_empty() && others == 0 {
            return Ok(Some(false));
        }
        identities::Entity::delete_by_id(id).exec(&txn).await?;
        append(&txn, Event::IdentityUnlinked { user, provider: identity.provider }, Some(user), now).await?;
        txn.commit().await?;
        Ok(Some(true))
    }

    /// How many sessions a member has.
    pub async fn session_count(&self, user: UserId) -> Result<u64, StoreError> {
        Ok(sessions::Entity::find().filter(sessions::Column::UserId.eq(user.get())).count(&self.read).await?)
    }
}

async fn insert_identity(
    txn: &sea_orm::DatabaseTransaction,
    user: UserId,
    identity: &ExternalIdentity<'_>,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    identities::ActiveModel {
        id: NotSet,
        user_id: Set(user.get()),
        provider: Set(identity.provider.to_owned()),
        issuer: Set(identity.issuer.to_owned()),
        subject: Set(identity.subject.to_owned()),
        email: Set(identity.email.map(|e| e.as_str().to_owned())),
        created_at: Set(now),
    }
    .insert(txn)
    .await?;
    append(txn, Event::IdentityLinked { user, provider: identity.provider.to_owned() }, Some(user), now).await?;
    Ok(())
}
