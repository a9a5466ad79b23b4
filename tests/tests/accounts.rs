//! Accounts through the HTML forms, over HTTP, on SQLite and PostgreSQL.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use ideaforge_tests::{Engine, PASSWORD, TestApp, new_client, on_both_engines, set_cookie};
use reqwest::StatusCode;
use time::Duration;

on_both_engines!(
    register_sign_out_and_sign_in_again,
    signing_in_rotates_the_session,
    wrong_password_and_unknown_email_get_the_same_answer,
    bad_registrations_get_422_with_field_errors_and_store_nothing,
    duplicate_email_is_refused,
    concurrent_double_submit_registers_once,
    invalid_utf8_and_oversized_bodies_are_refused,
    markup_in_a_name_is_shown_as_text,
    cross_site_posts_are_refused_and_store_nothing,
    posts_without_a_session_are_refused,
    sign_in_is_rate_limited_with_retry_after,
    password_change_signs_out_other_sessions,
    idle_sessions_expire,
    account_page_requires_sign_in_and_returns_after_it,
    tokens_can_be_created_and_revoked_in_the_browser_forms,
);

async fn body(response: reqwest::Response) -> String {
    response.text().await.expect("body")
}

async fn register_sign_out_and_sign_in_again(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let page = app.get("/register").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(body(page).await.contains(r#"name="display_name""#));

    let registered = app.register("ada@example.com", "Ada Lovelace").await;
    assert_eq!(registered.status(), StatusCode::SEE_OTHER);
    assert_eq!(registered.headers()["location"], "/");
    let cookie = set_cookie(&registered, "ideaforge_session").expect("session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http in tests: {cookie}");

    let home = body(app.get("/").await).await;
    assert!(home.contains("Ada Lovelace"), "the nav shows the account name");
    assert!(home.contains("Welcome to Ideaforge"), "the flash message is shown once");
    assert!(!body(app.get("/").await).await.contains("Welcome to Ideaforge"), "and only once");

    let out = app.post_form("/signout", &[]).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let home = body(app.get("/").await).await;
    assert!(!home.contains("Ada Lovelace") && home.contains("You are signed out."));

    let signed_in =
        app.post_form("/signin", &[("email", "ADA@example.com"), ("password", PASSWORD), ("next", "/")]).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    assert!(body(app.get("/account").await).await.contains("ada@example.com"));
    assert_eq!(app.user_count().await, 1);
    app.stop().await;
}

async fn signing_in_rotates_the_session(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let first = set_cookie(&app.register("ada@example.com", "Ada").await, "ideaforge_session").expect("cookie");
    let first_value = first.split(';').next().expect("pair").to_owned();
    let again = app.post_form("/signin", &[("email", "ada@example.com"), ("password", PASSWORD)]).await;
    let second = set_cookie(&again, "ideaforge_session").expect("a new cookie");
    assert_ne!(first_value, second.split(';').next().expect("pair"), "a new session id on sign-in");
    let replay = new_client().get(app.url("/account")).header("cookie", &first_value).send().await.expect("GET");
    assert_eq!(replay.status(), StatusCode::SEE_OTHER, "the old session no longer works");
    assert_eq!(app.get("/account").await.status(), StatusCode::OK, "the new one does");
}

async fn wrong_password_and_unknown_email_get_the_same_answer(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.register("ada@example.com", "Ada").await;
    app.post_form("/signout", &[]).await;
    let wrong = app.post_form("/signin", &[("email", "ada@example.com"), ("password", "not the password")]).await;
    let unknown = app.post_form("/signin", &[("email", "bob@example.com"), ("password", PASSWORD)]).await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    let (wrong, unknown) = (body(wrong).await, body(unknown).await);
    assert!(wrong.contains("The e-mail address or password is incorrect."));
    assert_eq!(wrong.replace("ada@example.com", "X"), unknown.replace("bob@example.com", "X"));
    assert!(
        set_cookie(
            &app.post_form("/signin", &[("email", "x@example.com"), ("password", "")]).await,
            "ideaforge_session"
        )
        .is_none()
    );
}

async fn bad_registrations_get_422_with_field_errors_and_store_nothing(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let long_name = "n".repeat(61);
    let long_email = format!("{}@example.com", "a".repeat(250));
    let cases: [(&str, &str, &str, &str); 6] = [
        ("", "", "", "This field is required."),
        ("not-an-email", "Ada", PASSWORD, "Enter an e-mail address such as name@example.com."),
        (&long_email, "Ada", PASSWORD, "This must be at most 254 characters."),
        ("ada@example.com", &long_name, PASSWORD, "This must be at most 60 characters."),
        ("ada@example.com", "Ada", "short", "This must be at least 8 characters."),
        ("ada@example.com", "Ada\u{7}", PASSWORD, "This must not contain control characters."),
    ];
    for (email, name, password, message) in cases {
        let response =
            app.post_form("/register", &[("email", email), ("display_name", name), ("password", password)]).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{email:?} {name:?}");
        assert!(set_cookie(&response, "ideaforge_session").is_none());
        let page = body(response).await;
        assert!(page.contains(message), "{message} missing for {email:?} {name:?}");
        assert!(page.contains(r#"aria-invalid="true""#));
        assert!(!page.contains(password) || password.is_empty(), "passwords are never echoed");
    }
    assert_eq!(app.user_count().await, 0);
}

async fn duplicate_email_is_refused(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.register("ada@example.com", "Ada").await;
    let other = app.visitor();
    let again = other.register("Ada@Example.com", "Someone else").await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body(again).await.contains("This is already in use."));
    assert_eq!(app.user_count().await, 1);
}

async fn concurrent_double_submit_registers_once(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let (a, b) = (app.visitor(), app.visitor());
    let (first, second) = tokio::join!(a.register("ada@example.com", "Ada"), b.register("ada@example.com", "Ada"));
    let mut statuses = [first.status(), second.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY]);
    assert_eq!(app.user_count().await, 1);
}

async fn invalid_utf8_and_oversized_bodies_are_refused(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let bad = app
        .client
        .post(app.url("/register"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("email=ada%40example.com&display_name=%FF%FE&password=correct+horse+battery")
        .send()
        .await
        .expect("POST");
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert!(body(bad).await.contains("not valid UTF-8"));
    let huge = format!("email=a%40b.io&display_name={}&password=x", "x".repeat(1_100_000));
    let big = app
        .client
        .post(app.url("/register"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(huge)
        .send()
        .await
        .expect("POST");
    assert_eq!(big.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let json =
        app.client.post(app.url("/register")).json(&serde_json::json!({"email": "a@b.io"})).send().await.expect("POST");
    assert_eq!(json.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(app.user_count().await, 0);
}

async fn markup_in_a_name_is_shown_as_text(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let registered = app.register("ada@example.com", "<script>alert(1)</script>").await;
    assert_eq!(registered.status(), StatusCode::SEE_OTHER);
    let page = body(app.get("/account").await).await;
    assert!(!page.contains("<script>alert(1)</script>"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

async fn cross_site_posts_are_refused_and_store_nothing(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let form = [("email", "ada@example.com"), ("display_name", "Ada"), ("password", PASSWORD)];
    let by_fetch_metadata = app
        .client
        .post(app.url("/register"))
        .header("sec-fetch-site", "cross-site")
        .form(&form)
        .send()
        .await
        .expect("POST");
    assert_eq!(by_fetch_metadata.status(), StatusCode::FORBIDDEN);
    assert!(body(by_fetch_metadata).await.contains("came from another site"));
    let by_origin = app
        .client
        .post(app.url("/register"))
        .header("origin", "https://evil.example")
        .form(&form)
        .send()
        .await
        .expect("POST");
    assert_eq!(by_origin.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.user_count().await, 0);

    app.register("ada@example.com", "Ada").await;
    let sign_out =
        app.client.post(app.url("/signout")).header("sec-fetch-site", "same-site").send().await.expect("POST");
    assert_eq!(sign_out.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get("/account").await.status(), StatusCode::OK, "still signed in");
}

async fn posts_without_a_session_are_refused(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let change = app.post_form("/account/password", &[("current_password", "x"), ("new_password", "yyyyyyyyyy")]).await;
    assert_eq!(change.status(), StatusCode::UNAUTHORIZED);
    assert!(body(change).await.contains("You need to sign in to do that."));
    assert_eq!(app.post_form("/signout", &[]).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.post_form("/account/tokens", &[("name", "ci")]).await.status(), StatusCode::UNAUTHORIZED);
    let forged = new_client()
        .post(app.url("/account/tokens"))
        .header("cookie", "ideaforge_session=ifs_0000")
        .form(&[("name", "ci")])
        .send()
        .await
        .expect("POST");
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
}

async fn sign_in_is_rate_limited_with_retry_after(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.register("ada@example.com", "Ada").await;
    for _ in 0..5 {
        let attempt = app.post_form("/signin", &[("email", "ada@example.com"), ("password", "wrong password")]).await;
        assert_eq!(attempt.status(), StatusCode::UNAUTHORIZED);
    }
    let limited = app.post_form("/signin", &[("email", "ada@example.com"), ("password", PASSWORD)]).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers()["retry-after"], "900");
    assert!(body(limited).await.contains("Too many attempts. Please wait 900 seconds"));
    app.clock.advance(Duration::minutes(15));
    let later = app.post_form("/signin", &[("email", "ada@example.com"), ("password", PASSWORD)]).await;
    assert_eq!(later.status(), StatusCode::SEE_OTHER);
}

async fn password_change_signs_out_other_sessions(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.register("ada@example.com", "Ada").await;
    let token = api_token(&app, PASSWORD).await;
    assert!(token_works(&app, &token).await);
    let page = body(app.get("/account").await).await;
    assert!(page.contains("revokes your API tokens"), "the page says what a change ends");
    let laptop = app.visitor();
    laptop.sign_in("ada@example.com", PASSWORD).await;
    let wrong = app
        .post_form("/account/password", &[("current_password", "nope nope"), ("new_password", "a new passphrase")])
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body(wrong).await.contains("This does not match."));
    let changed = app
        .post_form("/account/password", &[("current_password", PASSWORD), ("new_password", "a new passphrase")])
        .await;
    assert_eq!(changed.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.get("/account").await.status(), StatusCode::OK, "this session stays");
    assert_eq!(laptop.get("/account").await.status(), StatusCode::SEE_OTHER, "the other is signed out");
    assert!(!token_works(&app, &token).await, "the API token died with the old password");
    assert_eq!(laptop.sign_in("ada@example.com", PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(laptop.sign_in("ada@example.com", "a new passphrase").await.status(), StatusCode::SEE_OTHER);
}

/// A personal access token issued over the API, and whether it still lets its holder in.
async fn api_token(app: &TestApp, password: &str) -> String {
    let issued = new_client()
        .post(app.url("/api/v1/tokens"))
        .json(&serde_json::json!({"email": "ada@example.com", "password": password, "name": "cli"}))
        .send()
        .await
        .expect("POST");
    assert_eq!(issued.status(), StatusCode::CREATED);
    let issued: serde_json::Value = issued.json().await.expect("JSON");
    issued["token"].as_str().expect("secret").to_owned()
}

async fn token_works(app: &TestApp, secret: &str) -> bool {
    let me = new_client().get(app.url("/api/v1/me")).bearer_auth(secret).send().await.expect("GET");
    me.status() == StatusCode::OK
}

async fn idle_sessions_expire(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.register("ada@example.com", "Ada").await;
    app.clock.advance(Duration::days(8));
    let expired = app.get("/account").await;
    assert_eq!(expired.status(), StatusCode::SEE_OTHER);
    assert_eq!(expired.headers()["location"], "/signin?next=/account");
}

async fn account_page_requires_sign_in_and_returns_after_it(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.register("ada@example.com", "Ada").await;
    app.post_form("/signout", &[]).await;
    let redirect = app.get("/account").await;
    assert_eq!(redirect.headers()["location"], "/signin?next=/account");
    let form = body(app.get("/signin?next=/account").await).await;
    assert!(form.contains(r#"name="next" value="/account""#));
    let back =
        app.post_form("/signin", &[("email", "ada@example.com"), ("password", PASSWORD), ("next", "/account")]).await;
    assert_eq!(back.headers()["location"], "/account");
    let offsite = app
        .post_form("/signin", &[("email", "ada@example.com"), ("password", PASSWORD), ("next", "//evil.example")])
        .await;
    assert_eq!(offsite.headers()["location"], "/");
    // Signed in, `/signin?next=` follows only a same-site path by the strict grammar.
    for payload in [
        "//evil.example",
        "/%2F%2Fevil.example",
        "/\\evil.example",
        "https://evil.example",
        "/%0D%0ALocation:%20https://evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",
        "/%09/evil.example",
    ] {
        let there = app.get(&format!("/signin?next={}", ideaforge_web::forms::url_encode(payload))).await;
        assert_eq!(
            (there.status(), &there.headers()["location"]),
            (StatusCode::SEE_OTHER, &"/".parse().expect("h")),
            "{payload:?}"
        );
    }
    let kept = app.get(&format!("/signin?next={}", ideaforge_web::forms::url_encode("/search?q=kettle%20lid"))).await;
    assert_eq!(kept.headers()["location"], "/search?q=kettle%20lid");
}

async fn tokens_can_be_created_and_revoked_in_the_browser_forms(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.register("ada@example.com", "Ada").await;
    let unchecked = app.post_form("/account/tokens", &[("name", "laptop")]).await;
    assert_eq!(unchecked.status(), StatusCode::UNPROCESSABLE_ENTITY, "the password is asked again");
    let created = app.post_form("/account/tokens", &[("name", "laptop"), ("password", PASSWORD)]).await;
    assert_eq!(created.status(), StatusCode::OK);
    let page = body(created).await;
    let start = page.find("ifp_").expect("the secret is shown once");
    let secret = &page[start..start + 68];
    let me = new_client().get(app.url("/api/v1/me")).bearer_auth(secret).send().await.expect("GET");
    assert_eq!(me.status(), StatusCode::OK);
    let listed = body(app.get("/account").await).await;
    assert!(listed.contains("laptop") && !listed.contains(secret), "listed, without the secret");
    let id = app.app.tokens(&app.app.token_user(secret).await.expect("ok").expect("user").0).await.expect("list")[0].id;
    let revoked = app.post_form(&format!("/account/tokens/{id}/revoke"), &[]).await;
    assert_eq!(revoked.status(), StatusCode::SEE_OTHER);
    let me = new_client().get(app.url("/api/v1/me")).bearer_auth(secret).send().await.expect("GET");
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
    let nameless = app.post_form("/account/tokens", &[("name", ""), ("password", PASSWORD)]).await;
    assert_eq!(nameless.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.post_form("/account/tokens/999/revoke", &[]).await.status(), StatusCode::NOT_FOUND);
}
