//! Account use cases on both engines, with a clock the tests move.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use ideaforge_domain::{Email, Invalid, NewUser, TokenName};
use ideaforge_store::Store;
use ideaforge_store::testing::{Engine, TestDb};
use time::{Duration, macros::datetime};

use crate::{App, AppConfig, ChangePasswordError, ManualClock, RegisterError, SignInError};

ideaforge_store::on_both_engines!(
    sessions_expire_when_idle,
    wrong_password_and_unknown_email_look_the_same,
    sign_in_is_rate_limited_per_email,
    a_targeted_lockout_never_keeps_the_member_out,
    duplicate_registration_names_the_email_field,
    password_change_checks_the_current_password_and_ends_other_sessions,
    tokens_authenticate_until_revoked,
);

const IP: Option<IpAddr> = Some(IpAddr::V4(Ipv4Addr::LOCALHOST));

async fn app(engine: Engine) -> (TestDb, App, ManualClock) {
    let db = TestDb::new(engine).await;
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let clock = ManualClock::new(datetime!(2026-11-24 12:00 UTC));
    let app = App::new(store, Arc::new(clock.clone()), &AppConfig::default());
    (db, app, clock)
}

fn ada() -> NewUser {
    NewUser::parse("ada@example.com", "Ada", "correct horse battery").expect("valid")
}

fn email(raw: &str) -> Email {
    Email::parse(raw).expect("email")
}

async fn sessions_expire_when_idle(engine: Engine) {
    let (_db, app, clock) = app(engine).await;
    let signed = app.register(ada(), IP).await.expect("register");
    let cookie = signed.session.expose().to_owned();
    assert_eq!(app.session_user(&cookie).await.expect("ok").map(|u| u.id), Some(signed.user.id));
    clock.advance(Duration::days(6));
    assert!(app.session_user(&cookie).await.expect("ok").is_some(), "used within the idle limit");
    clock.advance(Duration::days(7));
    assert!(app.session_user(&cookie).await.expect("ok").is_none(), "idle for a week");
    assert_eq!(app.store().count_sessions(signed.user.id).await.expect("count"), 0, "expired session deleted");
    assert!(app.session_user("ifs_forged").await.expect("ok").is_none());
}

async fn wrong_password_and_unknown_email_look_the_same(engine: Engine) {
    let (_db, app, _) = app(engine).await;
    app.register(ada(), IP).await.expect("register");
    let wrong = app.sign_in(&email("ada@example.com"), "not the password", IP, None).await;
    let unknown = app.sign_in(&email("nobody@example.com"), "correct horse battery", IP, None).await;
    assert!(matches!(wrong, Err(SignInError::BadCredentials)));
    assert!(matches!(unknown, Err(SignInError::BadCredentials)));
    let ok = app.sign_in(&email("ADA@example.com"), "correct horse battery", IP, None).await.expect("sign in");
    assert_eq!(ok.user.display_name.as_str(), "Ada");
}

async fn sign_in_is_rate_limited_per_email(engine: Engine) {
    let (_db, app, clock) = app(engine).await;
    app.register(ada(), IP).await.expect("register");
    for _ in 0..5 {
        let attempt = app.sign_in(&email("ada@example.com"), "wrong password", IP, None).await;
        assert!(matches!(attempt, Err(SignInError::BadCredentials)));
    }
    let limited = app.sign_in(&email("ada@example.com"), "correct horse battery", IP, None).await;
    let Err(SignInError::TooManyAttempts(retry)) = limited else { panic!("expected a limit, got {limited:?}") };
    assert_eq!(retry.after_secs, 900);
    clock.advance(Duration::minutes(15));
    assert!(app.sign_in(&email("ada@example.com"), "correct horse battery", IP, None).await.is_ok());
}

/// Someone guessing a member's password from other addresses uses up their own attempts, not the
/// member's; past the account's higher ceiling the member is refused too, but a password reset
/// always works and lifts it.
async fn a_targeted_lockout_never_keeps_the_member_out(engine: Engine) {
    let db = TestDb::new(engine).await;
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let clock = ManualClock::new(datetime!(2026-11-24 12:00 UTC));
    let mut config = AppConfig::default();
    config.auth.sign_in_per_email = 3;
    config.auth.sign_in_per_account = 9;
    config.mail.secret = Some("a signing key for the test links".to_owned());
    let app = App::new(store, Arc::new(clock.clone()), &config);
    let member = app.register(ada(), IP).await.expect("register").user;
    let ada = email("ada@example.com");
    let attacker = |n: u8| Some(IpAddr::V4(Ipv4Addr::new(203, 0, 113, n)));
    for _ in 0..3 {
        assert!(matches!(app.sign_in(&ada, "guess", attacker(1), None).await, Err(SignInError::BadCredentials)));
    }
    let limited = app.sign_in(&ada, "guess", attacker(1), None).await;
    assert!(matches!(limited, Err(SignInError::TooManyAttempts(_))), "the guesser is slowed down");
    assert!(app.sign_in(&ada, "correct horse battery", IP, None).await.is_ok(), "the member is not");
    // Many addresses together reach the account's ceiling: the member is refused too ...
    for n in 2..=4 {
        for _ in 0..3 {
            let _ = app.sign_in(&ada, "guess", attacker(n), None).await;
        }
    }
    let ceiling = app.sign_in(&ada, "correct horse battery", IP, None).await;
    assert!(matches!(ceiling, Err(SignInError::TooManyAttempts(_))), "{ceiling:?}");
    // ... and the guessers cannot use up the member's resets, which always work and lift it.
    for n in 5..=9 {
        for _ in 0..5 {
            let _ = app.request_password_reset("ada@example.com", attacker(n)).await;
        }
    }
    app.request_password_reset("ada@example.com", IP).await.expect("a reset is always possible");
    let link = app.reset_link_for(member.id).await;
    app.reset_password(&link, "a brand new passphrase").await.expect("reset");
    assert!(app.sign_in(&ada, "a brand new passphrase", IP, None).await.is_ok(), "back in");
}

async fn duplicate_registration_names_the_email_field(engine: Engine) {
    let (_db, app, _) = app(engine).await;
    app.register(ada(), IP).await.expect("register");
    let again = app.register(ada(), IP).await;
    let Err(RegisterError::Invalid(errors)) = again else { panic!("expected field errors, got {again:?}") };
    assert_eq!(errors.get("email"), Some(Invalid::Taken));
    assert_eq!(app.store().count_users().await.expect("count"), 1);
}

async fn password_change_checks_the_current_password_and_ends_other_sessions(engine: Engine) {
    let (_db, app, _) = app(engine).await;
    let first = app.register(ada(), IP).await.expect("register");
    let second = app.sign_in(&email("ada@example.com"), "correct horse battery", IP, None).await.expect("second");
    let refused = app.change_password(&first.user, "wrong", "a new passphrase", Some(first.session.expose())).await;
    let Err(ChangePasswordError::Invalid(errors)) = refused else { panic!("expected field errors") };
    assert_eq!(errors.get("current_password"), Some(Invalid::Mismatch));
    app.change_password(&first.user, "correct horse battery", "a new passphrase", Some(first.session.expose()))
        .await
        .expect("change");
    assert!(app.session_user(first.session.expose()).await.expect("ok").is_some(), "current session kept");
    assert!(app.session_user(second.session.expose()).await.expect("ok").is_none(), "other session ended");
    assert!(app.sign_in(&email("ada@example.com"), "a new passphrase", IP, None).await.is_ok());
}

async fn tokens_authenticate_until_revoked(engine: Engine) {
    let (_db, app, _) = app(engine).await;
    let user = app.register(ada(), IP).await.expect("register").user;
    let name = TokenName::parse("CI").expect("name");
    let request = |owner: &ideaforge_domain::User| app.parse_token_request(owner, &name, "", None);
    let (token, secret) = app
        .issue_token_with_password(&email("ada@example.com"), "correct horse battery", request, IP)
        .await
        .expect("issue");
    assert_eq!(app.token_user(secret.expose()).await.expect("ok").map(|(u, _)| u.id), Some(user.id));
    assert_eq!(app.tokens(&user).await.expect("list").len(), 1);
    assert!(app.revoke_token(&user, token.id).await.expect("revoke"));
    assert!(app.token_user(secret.expose()).await.expect("ok").is_none());
}
