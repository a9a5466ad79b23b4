//! Repository tests, each on a fresh SQLite database and on a fresh PostgreSQL database.

use ideaforge_domain::token::TokenScope;
use ideaforge_domain::{DisplayName, Email, Role, TokenName};
use time::{Duration, OffsetDateTime, macros::datetime};

use crate::testing::{Engine, TestDb};
use crate::{NewSession, NewUserRecord, Store, StoreError};

const NOW: OffsetDateTime = datetime!(2026-11-24 12:00 UTC);

crate::on_both_engines!(
    created_user_reads_back,
    duplicate_email_is_refused_and_stores_nothing,
    session_rotation_replaces_the_old_session,
    password_change_ends_other_sessions,
    revoked_tokens_stop_authenticating,
    a_claim_taken_over_after_its_lease_is_not_renewed,
);

async fn store(engine: Engine) -> (TestDb, Store) {
    let db = TestDb::new(engine).await;
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    (db, store)
}

fn email(raw: &str) -> Email {
    Email::parse(raw).expect("email")
}

/// A confirmed member with this address (shared by the store's repository tests).
pub(crate) async fn add_user(store: &Store, address: &str) -> ideaforge_domain::User {
    let email = email(address);
    let name = DisplayName::parse("Ada Lovelace").expect("name");
    store
        .create_user(
            NewUserRecord {
                email: &email,
                display_name: &name,
                password_hash: "$argon2id$x",
                role: Role::Member,
                language: None,
                email_verified: true,
            },
            NOW,
        )
        .await
        .expect("create user")
}

async fn created_user_reads_back(engine: Engine) {
    let (_db, store) = store(engine).await;
    let user = add_user(&store, "ada@example.com").await;
    let again = store.user(user.id).await.expect("read").expect("found");
    assert_eq!(again, user);
    assert_eq!(again.created_at, NOW);
    let (by_email, hash) = store.user_with_password(&email("ADA@example.com")).await.expect("read").expect("found");
    assert_eq!(by_email.id, user.id);
    assert_eq!(hash, "$argon2id$x");
    let events = store.recent_events(5).await.expect("events");
    assert_eq!(events[0].kind, "user_registered");
    assert_eq!(events[0].subject, format!("user:{}", user.id));
}

async fn duplicate_email_is_refused_and_stores_nothing(engine: Engine) {
    let (_db, store) = store(engine).await;
    add_user(&store, "ada@example.com").await;
    let email = email("ada@example.com");
    let name = DisplayName::parse("Impostor").expect("name");
    let second = store
        .create_user(
            NewUserRecord {
                email: &email,
                display_name: &name,
                password_hash: "h",
                role: Role::Member,
                language: None,
                email_verified: true,
            },
            NOW,
        )
        .await;
    assert!(matches!(second, Err(StoreError::EmailTaken)), "{second:?}");
    assert_eq!(store.count_users().await.expect("count"), 1);
    assert_eq!(store.recent_events(10).await.expect("events").len(), 1, "no event for the refused insert");
}

async fn session_rotation_replaces_the_old_session(engine: Engine) {
    let (_db, store) = store(engine).await;
    let user = add_user(&store, "ada@example.com").await;
    store.create_session(NewSession { user: user.id, token_hash: "old", replaces: None }, NOW).await.expect("s1");
    let later = NOW + Duration::minutes(1);
    store
        .create_session(NewSession { user: user.id, token_hash: "new", replaces: Some("old") }, later)
        .await
        .expect("s2");
    assert!(store.session("old").await.expect("read").is_none());
    let (created, seen, owner) = store.session("new").await.expect("read").expect("found");
    assert_eq!((created, seen, owner.id), (later, later, user.id));
    store.touch_session("new", later + Duration::minutes(10)).await.expect("touch");
    let (_, seen, _) = store.session("new").await.expect("read").expect("found");
    assert_eq!(seen, later + Duration::minutes(10));
    store.delete_session("new").await.expect("delete");
    assert_eq!(store.count_sessions(user.id).await.expect("count"), 0);
}

async fn password_change_ends_other_sessions(engine: Engine) {
    let (_db, store) = store(engine).await;
    let user = add_user(&store, "ada@example.com").await;
    for hash in ["a", "b", "c"] {
        store.create_session(NewSession { user: user.id, token_hash: hash, replaces: None }, NOW).await.expect("s");
    }
    store.change_password(user.id, "$argon2id$new", Some("b"), NOW).await.expect("change");
    assert_eq!(store.count_sessions(user.id).await.expect("count"), 1);
    assert!(store.session("b").await.expect("read").is_some());
    assert_eq!(store.password_hash(user.id).await.expect("read").as_deref(), Some("$argon2id$new"));
}

async fn revoked_tokens_stop_authenticating(engine: Engine) {
    let (_db, store) = store(engine).await;
    let user = add_user(&store, "ada@example.com").await;
    let other = add_user(&store, "bob@example.com").await;
    let name = TokenName::parse("CI").expect("name");
    let expires_at = Some(NOW + Duration::days(30));
    let new = crate::NewToken { name: &name, scope: TokenScope::Read, expires_at };
    let token = store.create_token(user.id, new, "secret-hash", NOW).await.expect("token");
    let (found, owner) = store.token_owner("secret-hash").await.expect("read").expect("found");
    assert_eq!((found.id, owner.id), (token.id, user.id));
    assert_eq!((found.scope, found.expires_at), (TokenScope::Read, expires_at), "scope and expiry kept");
    assert!(!store.revoke_token(other.id, token.id, NOW).await.expect("revoke"), "only the owner revokes");
    assert!(store.revoke_token(user.id, token.id, NOW).await.expect("revoke"));
    assert!(!store.revoke_token(user.id, token.id, NOW).await.expect("revoke twice"));
    assert!(store.token_owner("secret-hash").await.expect("read").is_none());
    assert!(store.tokens(user.id).await.expect("list").is_empty());
}

async fn a_claim_taken_over_after_its_lease_is_not_renewed(engine: Engine) {
    let (_db, store) = store(engine).await;
    let user = add_user(&store, "ada@example.com").await;
    let payload = serde_json::json!({"email": "ada@example.com"});
    let kind = ideaforge_domain::notification::AccountMail::VerifyEmail;
    store.queue_account_mail(user.id, kind, &payload, NOW).await.expect("queue");
    let lease = NOW + Duration::seconds(3);
    let mine = store.claim_outbox(NOW, lease, 10).await.expect("claim");
    assert_eq!(mine.len(), 1);
    let id = mine[0].id;
    // Still this mailer's: the claim is extended before sending.
    let renewed = NOW + Duration::seconds(4);
    assert!(store.renew_claim(id, lease, renewed).await.expect("renew"));
    // The lease runs out and another mailer takes the row: the first may no longer send it.
    let later = NOW + Duration::seconds(10);
    assert_eq!(store.claim_outbox(later, later + Duration::seconds(3), 10).await.expect("claim").len(), 1);
    assert!(!store.renew_claim(id, renewed, later + Duration::seconds(5)).await.expect("renew"), "taken over");
}
