//! Sign-in with an OpenID Connect provider, against a real one on loopback (npm `oidc-provider`),
//! over HTTP following its login and consent forms, on SQLite and PostgreSQL: first sign-in makes
//! an account, later ones sign into it; an address that has a password account is not taken over
//! (the member links instead); and every failure — a cancelled consent, a forged or replayed
//! `state`, a replayed code, a wrong nonce, issuer or audience, a bad signature — ends on a clear
//! page with no session and no account.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use ideaforge_app::{ProviderConfig, ProviderKind};
use ideaforge_domain::Role;
use ideaforge_tests::oidc::{CLIENT_ID, CLIENT_SECRET, Consent, OidcProvider, reserve_port, sign_in_at_provider};
use std::time::Duration;

use fantoccini::Locator;
use ideaforge_tests::{Browser, Engine, PASSWORD, TestApp, Visitor, eventually, on_both_engines, set_cookie};
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_engines!(
    a_first_sign_in_makes_an_account_and_later_ones_sign_into_it,
    failures_end_on_a_clear_page_with_no_session_and_no_account,
    forged_id_tokens_are_refused,
    an_address_with_a_password_account_is_not_taken_over_and_is_linked_instead,
    signing_in_with_a_provider_in_chromium,
    github_signs_in_with_the_primary_verified_address,
);

const SESSION: &str = "ideaforge_session";

fn provider(id: &str, port: u16) -> ProviderConfig {
    ProviderConfig {
        id: id.to_owned(),
        name: format!("Test IdP {id}"),
        kind: ProviderKind::Oidc,
        issuer: OidcProvider::issuer_on(port),
        client_id: CLIENT_ID.to_owned(),
        client_secret: CLIENT_SECRET.to_owned(),
        ..ProviderConfig::default()
    }
}

/// An app with the given providers (id, port), and the providers started with their forgeries.
async fn app_with(engine: Engine, providers: &[(&str, Option<Value>)]) -> (TestApp, Vec<OidcProvider>) {
    let ports: Vec<u16> = providers.iter().map(|_| reserve_port()).collect();
    let configs: Vec<ProviderConfig> =
        providers.iter().zip(&ports).map(|((id, _), port)| provider(id, *port)).collect();
    let app = TestApp::builder(engine).configure(move |config| config.auth.providers = configs).spawn().await;
    let mut started = Vec::new();
    for ((id, forge), port) in providers.iter().zip(ports) {
        let callback = format!("{}/auth/{id}/callback", app.base);
        started.push(OidcProvider::start(port, &callback, forge.clone()).await);
    }
    (app, started)
}

/// Presses the sign-in button for `provider` and follows the provider's forms as `login`; returns
/// the callback URL the provider sends the browser to (not yet opened).
async fn through_provider(
    app: &TestApp,
    visitor: &Visitor,
    provider: &str,
    issuer: &str,
    login: &str,
    consent: Consent,
) -> String {
    let start = visitor.get(&format!("/auth/{provider}/start")).await;
    assert_eq!(start.status(), StatusCode::SEE_OTHER);
    assert!(set_cookie(&start, "ideaforge_login").is_some(), "the sign-in is bound to this browser");
    let url = start.headers()["location"].to_str().expect("location").to_owned();
    assert!(url.starts_with(issuer) && url.contains("code_challenge_method=S256") && url.contains("nonce="), "{url}");
    sign_in_at_provider(visitor, &url, issuer, &app.base, login, consent).await
}

/// Opens a callback URL; returns the status, the page and whether a session cookie was set.
async fn open(visitor: &Visitor, url: &str) -> (StatusCode, String, bool) {
    let response = visitor.client.get(url).send().await.expect("callback");
    let session = set_cookie(&response, SESSION).is_some_and(|c| !c.starts_with(&format!("{SESSION}=;")));
    let status = response.status();
    (status, response.text().await.expect("body"), session)
}

fn refused_for(page: &str, reason: &str) -> bool {
    page.contains(&format!(r#"data-reason="{reason}""#))
}

async fn a_first_sign_in_makes_an_account_and_later_ones_sign_into_it(engine: Engine) {
    let (app, providers) = app_with(engine, &[("test", None)]).await;
    let issuer = providers[0].issuer.clone();
    let browser = app.visitor();
    let sign_in = browser.get("/signin").await.text().await.expect("page");
    assert!(sign_in.contains(r#"href="/auth/test/start""#) && sign_in.contains("Sign in with Test IdP test"));

    let before = app.user_count().await;
    let callback = through_provider(&app, &browser, "test", &issuer, "ada", Consent::Approve).await;
    assert!(callback.contains("state=") && callback.contains("code="), "{callback}");
    let response = browser.client.get(&callback).send().await.expect("callback");
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", response.text().await.unwrap_or_default());
    assert_eq!(response.headers()["location"], "/");
    assert!(set_cookie(&response, SESSION).is_some());
    assert_eq!(app.user_count().await, before + 1, "the first sign-in made an account");
    let home = browser.get("/").await.text().await.expect("page");
    assert!(home.contains("Ada Lovelace"), "signed in as Ada: {home}");
    let account = browser.get("/account").await.text().await.expect("page");
    assert!(account.contains(r#"id="email-verified""#), "the provider vouched for the address");
    assert!(account.contains(r#"data-identity="test""#), "the identity is listed: {account}");
    let ada = app.app.store().identity_owner(&issuer, "ada-sub-1").await.expect("lookup").expect("linked");
    assert_eq!(ada.email.as_str(), "ada@example.com");

    // The only way into this account cannot be unlinked; there is no password to sign in with.
    let identity = app.app.store().identities(ada.id).await.expect("identities")[0].id;
    let unlink = browser.post_form(&format!("/account/identities/{identity}/unlink"), &[]).await;
    assert_eq!(unlink.status(), StatusCode::CONFLICT);
    let stranger = app.visitor();
    assert_eq!(stranger.sign_in("ada@example.com", "").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(stranger.sign_in("ada@example.com", PASSWORD).await.status(), StatusCode::UNAUTHORIZED);

    // Signing out and in again with the provider reaches the same account.
    assert_eq!(browser.post_form("/signout", &[]).await.status(), StatusCode::SEE_OTHER);
    let callback = through_provider(&app, &browser, "test", &issuer, "ada", Consent::Approve).await;
    let (status, _, session) = open(&browser, &callback).await;
    assert_eq!((status, session), (StatusCode::SEE_OTHER, true));
    assert_eq!(app.user_count().await, before + 1, "no second account");
    assert!(browser.get("/").await.text().await.expect("page").contains("Ada Lovelace"));

    // A name with markup is stored as text and shown escaped.
    let other = app.visitor();
    let callback = through_provider(&app, &other, "test", &issuer, "bea", Consent::Approve).await;
    assert_eq!(open(&other, &callback).await.0, StatusCode::SEE_OTHER);
    let page = other.get("/").await.text().await.expect("page");
    assert!(page.contains("Bea &lt;b&gt;Bold&lt;/b&gt;") && !page.contains("<b>Bold</b>"), "{page}");
    app.stop().await;
    for provider in providers {
        provider.stop().await;
    }
}

async fn failures_end_on_a_clear_page_with_no_session_and_no_account(engine: Engine) {
    let (app, providers) = app_with(engine, &[("test", None)]).await;
    let issuer = providers[0].issuer.clone();
    let users = app.user_count().await;

    // Cancelled at the consent page.
    let browser = app.visitor();
    let callback = through_provider(&app, &browser, "test", &issuer, "ada", Consent::Cancel).await;
    assert!(callback.contains("error=access_denied"), "{callback}");
    let (status, page, session) = open(&browser, &callback).await;
    assert_eq!((status, session), (StatusCode::BAD_REQUEST, false));
    assert!(refused_for(&page, "external-cancelled"), "{page}");

    // The provider reports an error (its own trouble, not a cancel).
    let unlucky = app.visitor();
    let start = unlucky.get("/auth/test/start").await;
    let url = start.headers()["location"].to_str().expect("location").to_owned();
    let state = url.split("state=").nth(1).expect("state").split('&').next().expect("state").to_owned();
    let said = format!("{}/auth/test/callback?state={state}&error=temporarily_unavailable", app.base);
    let (status, page, session) = open(&unlucky, &said).await;
    assert_eq!((status, session), (StatusCode::BAD_REQUEST, false));
    assert!(refused_for(&page, "external-provider-error"), "{page}");

    // A forged state, even with this browser's cookie.
    let forged = app.visitor();
    let start = forged.get("/auth/test/start").await;
    assert_eq!(start.status(), StatusCode::SEE_OTHER);
    let (status, page, session) = open(&forged, &format!("{}/auth/test/callback?state=forged&code=x", app.base)).await;
    assert_eq!((status, session), (StatusCode::BAD_REQUEST, false));
    assert!(refused_for(&page, "external-bad-state"), "{page}");
    let (_, page, _) = open(&forged, &format!("{}/auth/test/callback?code=x", app.base)).await;
    assert!(refused_for(&page, "external-bad-state"), "no state at all: {page}");

    // A good callback opened in another browser (no binding cookie) is refused and spends it.
    let victim = app.visitor();
    let callback = through_provider(&app, &victim, "test", &issuer, "ada", Consent::Approve).await;
    let attacker = app.visitor();
    let (status, page, session) = open(&attacker, &callback).await;
    assert_eq!((status, session), (StatusCode::BAD_REQUEST, false));
    assert!(refused_for(&page, "external-bad-state"), "{page}");
    let (status, page, session) = open(&victim, &callback).await;
    assert_eq!((status, session), (StatusCode::BAD_REQUEST, false), "the state was spent");
    assert!(refused_for(&page, "external-bad-state"), "{page}");
    assert_eq!(app.user_count().await, users, "no account from any of these");

    // A completed sign-in's callback replayed: the state is spent.
    let first = app.visitor();
    let callback = through_provider(&app, &first, "test", &issuer, "ada", Consent::Approve).await;
    assert_eq!(open(&first, &callback).await.0, StatusCode::SEE_OTHER);
    let users = app.user_count().await;
    let (status, page, session) = open(&first, &callback).await;
    assert_eq!((status, session), (StatusCode::BAD_REQUEST, false));
    assert!(refused_for(&page, "external-bad-state"), "{page}");

    // A used code replayed with a fresh, valid state of this browser: the provider refuses it.
    let code = callback.split("code=").nth(1).expect("code").split('&').next().expect("code").to_owned();
    let replay = app.visitor();
    let start = replay.get("/auth/test/start").await;
    let url = start.headers()["location"].to_str().expect("location").to_owned();
    let state = url.split("state=").nth(1).expect("state").split('&').next().expect("state").to_owned();
    let (status, page, session) =
        open(&replay, &format!("{}/auth/test/callback?state={state}&code={code}", app.base)).await;
    assert_eq!((status, session), (StatusCode::BAD_REQUEST, false));
    assert!(refused_for(&page, "external-code-refused"), "{page}");

    // An unverified address cannot make an account.
    let eve = app.visitor();
    let callback = through_provider(&app, &eve, "test", &issuer, "eve", Consent::Approve).await;
    let (status, page, session) = open(&eve, &callback).await;
    assert_eq!((status, session), (StatusCode::BAD_REQUEST, false));
    assert!(refused_for(&page, "external-no-email"), "{page}");
    assert_eq!(app.user_count().await, users, "no account from any failure");
    assert_eq!(app.visitor().get("/auth/nobody/callback?state=x").await.status(), StatusCode::NOT_FOUND);
    app.stop().await;
    for provider in providers {
        provider.stop().await;
    }
}

async fn forged_id_tokens_are_refused(engine: Engine) {
    let cases = [
        ("nonce", json!({"nonce": "not-the-one-we-sent"}), "external-token-mismatch"),
        ("iss", json!({"iss": "http://evil.example"}), "external-token-mismatch"),
        ("aud", json!({"aud": "someone-else"}), "external-token-mismatch"),
        ("key", json!({"sign_with_other_key": true}), "external-token-invalid"),
    ];
    let providers: Vec<(&str, Option<Value>)> = cases.iter().map(|(id, forge, _)| (*id, Some(forge.clone()))).collect();
    let (app, started) = app_with(engine, &providers).await;
    let users = app.user_count().await;
    for ((id, _, reason), provider) in cases.iter().zip(&started) {
        let browser = app.visitor();
        let callback = through_provider(&app, &browser, id, &provider.issuer, "ada", Consent::Approve).await;
        let (status, page, session) = open(&browser, &callback).await;
        assert_eq!((status, session), (StatusCode::BAD_REQUEST, false), "{id}: {page}");
        assert!(refused_for(&page, reason), "{id}: {page}");
        assert_eq!(browser.get("/account").await.status(), StatusCode::SEE_OTHER, "{id}: not signed in");
    }
    assert_eq!(app.user_count().await, users, "no account from a forged token");
    app.stop().await;
    for provider in started {
        provider.stop().await;
    }
}

async fn an_address_with_a_password_account_is_not_taken_over_and_is_linked_instead(engine: Engine) {
    let (app, providers) = app_with(engine, &[("test", None)]).await;
    let issuer = providers[0].issuer.clone();
    let (ada, _) = app.member("ada@example.com", "Ada Password", Role::Member).await;
    let users = app.user_count().await;

    let browser = app.visitor();
    let callback = through_provider(&app, &browser, "test", &issuer, "ada", Consent::Approve).await;
    let (status, page, session) = open(&browser, &callback).await;
    assert_eq!((status, session), (StatusCode::BAD_REQUEST, false));
    assert!(refused_for(&page, "external-email-taken"), "{page}");
    assert_eq!(app.user_count().await, users);
    assert_eq!(app.app.store().session_count(ada.id).await.expect("sessions"), 0, "no session for Ada");
    assert!(app.app.store().identities(ada.id).await.expect("identities").is_empty(), "nothing linked");

    // Ada signs in with her password and links the provider from her account page.
    assert_eq!(browser.sign_in("ada@example.com", PASSWORD).await.status(), StatusCode::SEE_OTHER);
    let account = browser.get("/account").await.text().await.expect("page");
    let href = account.split(r#"href="/account/identities/test/link?t="#).nth(1).expect("a link to link the provider");
    let token = href.split('"').next().expect("token").to_owned();
    let forged = browser.get("/account/identities/test/link?t=0000").await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN, "another site cannot start linking");
    let link = browser.get(&format!("/account/identities/test/link?t={token}")).await;
    assert_eq!(link.status(), StatusCode::SEE_OTHER);
    let url = link.headers()["location"].to_str().expect("location").to_owned();
    let callback = sign_in_at_provider(&browser, &url, &issuer, &app.base, "ada", Consent::Approve).await;
    let linked = browser.client.get(&callback).send().await.expect("callback");
    assert_eq!(linked.status(), StatusCode::SEE_OTHER);
    assert_eq!(linked.headers()["location"], "/account");
    assert_eq!(app.app.store().identities(ada.id).await.expect("identities").len(), 1);

    // Now the provider signs her into her own account.
    assert_eq!(browser.post_form("/signout", &[]).await.status(), StatusCode::SEE_OTHER);
    let callback = through_provider(&app, &browser, "test", &issuer, "ada", Consent::Approve).await;
    assert_eq!(open(&browser, &callback).await.0, StatusCode::SEE_OTHER);
    assert!(browser.get("/").await.text().await.expect("page").contains("Ada Password"));
    assert_eq!(app.user_count().await, users, "still one account");

    // Someone who registered an address but has not confirmed it cannot link a provider to it.
    let carl = app.visitor();
    assert_eq!(carl.register("carl@example.com", "Carl").await.status(), StatusCode::SEE_OTHER);
    let account = carl.get("/account").await.text().await.expect("page");
    let href = account.split(r#"href="/account/identities/test/link?t="#).nth(1).expect("link");
    let token = href.split('"').next().expect("token").to_owned();
    let (status, page, _) = open(&carl, &format!("{}/account/identities/test/link?t={token}", app.base)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(refused_for(&page, "external-unverified"), "{page}");

    // Had he attached a way in anyway (a token, a linked identity), the owner's password reset
    // takes the address back without them.
    let store = app.app.store();
    let carl_user = store
        .user_with_password(&ideaforge_domain::Email::parse("carl@example.com").expect("email"))
        .await
        .expect("lookup")
        .expect("account")
        .0;
    let name = ideaforge_domain::TokenName::parse("script").expect("name");
    let token = app.app.issue_full_token(&carl_user, &name).await.expect("token").1.expose().to_owned();
    let identity =
        ideaforge_store::ExternalIdentity { provider: "test", issuer: "http://elsewhere", subject: "x", email: None };
    store.link_identity(carl_user.id, &identity, app.app.now()).await.expect("link");
    let hash = store.password_hash(carl_user.id).await.expect("hash").expect("hash");
    assert!(store.reset_password(carl_user.id, &hash, "$argon2id$new", app.app.now()).await.expect("reset"));
    assert!(store.identities(carl_user.id).await.expect("identities").is_empty(), "the linked sign-in is gone");
    assert!(app.app.token_user(&token).await.expect("lookup").is_none(), "the token is revoked");

    // She has a password too, so she may unlink the provider.
    let identity = app.app.store().identities(ada.id).await.expect("identities")[0].id;
    let unlink = browser.post_form(&format!("/account/identities/{identity}/unlink"), &[]).await;
    assert_eq!(unlink.status(), StatusCode::SEE_OTHER);
    assert!(app.app.store().identities(ada.id).await.expect("identities").is_empty());
    app.stop().await;
    for provider in providers {
        provider.stop().await;
    }
}

async fn click(browser: &Browser, css: &str) {
    let c = &browser.client;
    assert!(eventually(Duration::from_secs(15), || async { c.find(Locator::Css(css)).await.is_ok() }).await, "{css}");
    c.find(Locator::Css(css)).await.expect("element").click().await.expect("click");
}

async fn type_into(browser: &Browser, css: &str, text: &str) {
    let c = &browser.client;
    assert!(eventually(Duration::from_secs(15), || async { c.find(Locator::Css(css)).await.is_ok() }).await, "{css}");
    c.find(Locator::Css(css)).await.expect("field").send_keys(text).await.expect("typing");
}

async fn signing_in_with_a_provider_in_chromium(engine: Engine) {
    let (app, providers) = app_with(engine, &[("test", None)]).await;
    let browser = Browser::start().await;
    let c = &browser.client;
    c.goto(&app.url("/signin")).await.expect("sign-in page");
    click(&browser, "a[data-provider=test]").await;

    // The provider's own login page: a wrong password first, then the right one; then consent.
    type_into(&browser, "input[name=login]", "ada").await;
    type_into(&browser, "input[name=password]", "wrong").await;
    click(&browser, "#submit").await;
    assert!(eventually(Duration::from_secs(15), || async { c.find(Locator::Css("#error")).await.is_ok() }).await);
    type_into(&browser, "input[name=password]", "pw").await;
    click(&browser, "#submit").await;
    click(&browser, "#approve").await;

    let signed_in = eventually(Duration::from_secs(15), || async {
        let element = c.find(Locator::Css("[data-testid=signed-in-as]")).await;
        match element {
            Ok(element) => element.text().await.is_ok_and(|t| t == "Ada Lovelace"),
            Err(_) => false,
        }
    })
    .await;
    assert!(signed_in, "back on Ideaforge, signed in: {:?}", c.current_url().await);
    assert!(c.current_url().await.expect("url").as_str().starts_with(&app.base));
    let flash = c.find(Locator::Css(".flash")).await.expect("flash").text().await.expect("text");
    assert_eq!(flash, "Welcome to Ideaforge! Your account is ready.");
    browser.close().await;
    app.stop().await;
    for provider in providers {
        provider.stop().await;
    }
}

/// A stand-in for GitHub's token endpoint and user API (GitHub itself cannot be reached from
/// tests): it answers as GitHub documents, including errors as `200` with an `error` field.
async fn fake_github() -> (String, tokio::task::JoinHandle<()>) {
    use axum::routing::{get, post};
    use axum::{Form, Json, Router, http::HeaderMap};
    use std::collections::HashMap;

    async fn token(Form(form): Form<HashMap<String, String>>) -> Json<Value> {
        let good = form.get("code").map(String::as_str) == Some("good-code")
            && form.get("client_secret").map(String::as_str) == Some(CLIENT_SECRET)
            && form.get("code_verifier").is_some_and(|v| v.len() >= 43);
        Json(if good {
            json!({"access_token": "gho_test", "token_type": "bearer", "scope": "read:user,user:email"})
        } else {
            json!({"error": "bad_verification_code", "error_description": "The code passed is incorrect or expired."})
        })
    }
    fn authorized(headers: &HeaderMap) -> bool {
        headers.get("authorization").is_some_and(|v| v == "Bearer gho_test") && headers.contains_key("user-agent")
    }
    async fn user(headers: HeaderMap) -> Result<Json<Value>, StatusCode> {
        if !authorized(&headers) {
            return Err(StatusCode::UNAUTHORIZED);
        }
        Ok(Json(json!({"id": 4242, "login": "octo", "name": "Octo Cat"})))
    }
    async fn emails(headers: HeaderMap) -> Result<Json<Value>, StatusCode> {
        if !authorized(&headers) {
            return Err(StatusCode::UNAUTHORIZED);
        }
        Ok(Json(json!([
            {"email": "old@example.com", "primary": false, "verified": true},
            {"email": "octo@example.com", "primary": true, "verified": true},
        ])))
    }
    let router = Router::new()
        .route("/login/oauth/access_token", post(token))
        .route("/user", get(user))
        .route("/user/emails", get(emails));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    (base, server)
}

async fn github_signs_in_with_the_primary_verified_address(engine: Engine) {
    let (github, server) = fake_github().await;
    let config = ProviderConfig {
        id: "github".to_owned(),
        name: "GitHub".to_owned(),
        kind: ProviderKind::Github,
        client_id: CLIENT_ID.to_owned(),
        client_secret: CLIENT_SECRET.to_owned(),
        github_urls: Some(ideaforge_app::GithubUrls {
            authorize: format!("{github}/login/oauth/authorize"),
            token: format!("{github}/login/oauth/access_token"),
            api: github.clone(),
        }),
        ..ProviderConfig::default()
    };
    let app = TestApp::builder(engine).configure(move |c| c.auth.providers = vec![config]).spawn().await;
    let users = app.user_count().await;
    let start_at = |browser: &Visitor| {
        let browser = browser.clone();
        async move {
            let start = browser.get("/auth/github/start").await;
            assert_eq!(start.status(), StatusCode::SEE_OTHER);
            let url = start.headers()["location"].to_str().expect("location").to_owned();
            assert!(
                url.contains("code_challenge_method=S256") && url.contains("scope=read%3Auser+user%3Aemail"),
                "{url}"
            );
            url.split("state=").nth(1).expect("state").split('&').next().expect("state").to_owned()
        }
    };

    // GitHub refuses a bad code: a clear page, no session, no account.
    let browser = app.visitor();
    let state = start_at(&browser).await;
    let (status, page, session) =
        open(&browser, &format!("{}/auth/github/callback?state={state}&code=bad-code", app.base)).await;
    assert_eq!((status, session), (StatusCode::BAD_REQUEST, false));
    assert!(refused_for(&page, "external-code-refused"), "{page}");
    assert_eq!(app.user_count().await, users);

    // A good code: an account with the primary verified address, keyed by GitHub's numeric id.
    let state = start_at(&browser).await;
    let (status, _, session) =
        open(&browser, &format!("{}/auth/github/callback?state={state}&code=good-code", app.base)).await;
    assert_eq!((status, session), (StatusCode::SEE_OTHER, true));
    // The stand-in's origin is the issuer (GitHub Enterprise's ids are another namespace than github.com's).
    let octo = app.app.store().identity_owner(&github, "4242").await.expect("lookup").expect("linked");
    assert_eq!((octo.email.as_str(), octo.display_name.as_str()), ("octo@example.com", "Octo Cat"));
    assert!(octo.email_verified);
    assert!(browser.get("/").await.text().await.expect("page").contains("Octo Cat"));
    app.stop().await;
    server.abort();
}
