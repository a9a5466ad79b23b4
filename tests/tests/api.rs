//! The JSON API's account and token endpoints, on SQLite and PostgreSQL.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use ideaforge_tests::{Engine, PASSWORD, TestApp, new_client, on_both_engines};
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_engines!(
    register_issue_token_and_read_me,
    bad_bodies_get_contract_errors_and_store_nothing,
    token_errors_do_not_reveal_which_part_was_wrong,
    revoked_tokens_are_refused,
    session_cookies_also_authenticate_the_api,
);

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.expect("JSON body")
}

async fn post_json(app: &TestApp, path: &str, body: Value) -> reqwest::Response {
    new_client().post(app.url(path)).json(&body).send().await.expect("POST")
}

async fn register_issue_token_and_read_me(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let created = post_json(
        &app,
        "/api/v1/users",
        json!({"email": "ada@example.com", "password": PASSWORD, "display_name": "Ada"}),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let user = json_of(created).await;
    assert_eq!(user["email"], "ada@example.com");
    assert_eq!(user["role"], "member");
    assert!(user["id"].is_string(), "ids are strings: {user}");
    assert!(user.get("password_hash").is_none());

    let issued =
        post_json(&app, "/api/v1/tokens", json!({"email": "ada@example.com", "password": PASSWORD, "name": "ci"}))
            .await;
    assert_eq!(issued.status(), StatusCode::CREATED);
    let token = json_of(issued).await;
    let secret = token["token"].as_str().expect("secret").to_owned();

    let me = new_client().get(app.url("/api/v1/me")).bearer_auth(&secret).send().await.expect("GET");
    assert_eq!(me.status(), StatusCode::OK);
    let me = json_of(me).await;
    assert_eq!(me["id"], user["id"]);
    assert_eq!(me["display_name"], "Ada");

    let list = new_client().get(app.url("/api/v1/tokens")).bearer_auth(&secret).send().await.expect("GET");
    let list = json_of(list).await;
    assert_eq!(list["tokens"][0]["name"], "ci");
    assert!(list["tokens"][0].get("token").is_none(), "secrets are shown only once");

    let anonymous = new_client().get(app.url("/api/v1/me")).send().await.expect("GET");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json_of(anonymous).await["error"]["code"], "unauthorized");
    let spec = json_of(new_client().get(app.url("/api/v1/openapi.json")).send().await.expect("GET")).await;
    assert_eq!(spec["openapi"], "3.1.0");
    for (path, method) in [
        ("/tokens", "post"),
        ("/orgs", "post"),
        ("/contests", "post"),
        ("/contests/{id}/approve", "post"),
        ("/ideas", "get"),
        ("/ideas/{id}/vote", "put"),
        ("/ideas/{id}/vote", "delete"),
        ("/ideas/{id}/comments", "post"),
        ("/ideas/{id}/stage", "post"),
        ("/challenges", "post"),
        ("/challenges/{id}/escrow", "post"),
        ("/challenges/{id}/agreement", "post"),
        ("/challenges/{id}/solutions", "post"),
        ("/solutions/{id}", "put"),
        ("/solutions/{id}/scores", "post"),
        ("/challenges/{id}/awards", "post"),
        ("/me/balance", "get"),
        ("/payouts", "post"),
        ("/ip/verify", "get"),
        ("/ip/records", "get"),
        ("/ideas/{id}/shares", "put"),
        ("/ideas/{id}/royalties", "post"),
        ("/campaigns", "post"),
        ("/campaigns/{id}/submit", "post"),
        ("/campaigns/{id}/approve", "post"),
        ("/campaigns/{id}/launch", "post"),
        ("/campaigns/{id}", "get"),
        ("/campaigns/{id}/pledge", "put"),
        ("/campaigns/{id}/pledge", "delete"),
        ("/me/pledges", "get"),
        ("/campaigns/{id}/updates", "post"),
        ("/campaigns/{id}/backers.csv", "get"),
        ("/ideas/{id}/interest", "post"),
    ] {
        assert!(spec["paths"][path][method].is_object(), "{method} {path} is documented");
    }
}

async fn bad_bodies_get_contract_errors_and_store_nothing(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let invalid =
        post_json(&app, "/api/v1/users", json!({"email": "nope", "password": "short", "display_name": "x".repeat(61)}))
            .await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error = json_of(invalid).await;
    assert_eq!(error["error"]["code"], "validation_failed");
    assert_eq!(error["error"]["fields"]["email"]["code"], "malformed");
    assert_eq!(error["error"]["fields"]["password"]["code"], "too_short");
    assert_eq!(error["error"]["fields"]["display_name"]["code"], "too_long");

    let missing = post_json(&app, "/api/v1/users", json!({})).await;
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(missing).await["error"]["fields"]["email"]["code"], "required");

    let malformed = new_client()
        .post(app.url("/api/v1/users"))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .expect("POST");
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_of(malformed).await["error"]["code"], "invalid_json");

    let not_utf8 = new_client()
        .post(app.url("/api/v1/users"))
        .header("content-type", "application/json")
        .body(b"{\"email\":\"a@b.io\",\"display_name\":\"\xff\xfe\",\"password\":\"correct horse\"}".to_vec())
        .send()
        .await
        .expect("POST");
    assert_eq!(not_utf8.status(), StatusCode::BAD_REQUEST);

    let form = new_client().post(app.url("/api/v1/users")).form(&[("email", "a@b.io")]).send().await.expect("POST");
    assert_eq!(form.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(json_of(form).await["error"]["code"], "unsupported_media_type");

    let huge = post_json(
        &app,
        "/api/v1/users",
        json!({"email": "a@b.io", "password": "x".repeat(1_100_000), "display_name": "A"}),
    )
    .await;
    assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let ok = post_json(
        &app,
        "/api/v1/users",
        json!({"email": "ada@example.com", "password": PASSWORD, "display_name": "Ada"}),
    )
    .await;
    assert_eq!(ok.status(), StatusCode::CREATED);
    let duplicate = post_json(
        &app,
        "/api/v1/users",
        json!({"email": "ADA@example.com", "password": PASSWORD, "display_name": "Ada"}),
    )
    .await;
    assert_eq!(duplicate.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(duplicate).await["error"]["fields"]["email"]["code"], "taken");
    assert_eq!(app.user_count().await, 1);

    let nowhere = new_client().get(app.url("/api/v1/nowhere")).send().await.expect("GET");
    assert_eq!(nowhere.status(), StatusCode::NOT_FOUND);
    assert_eq!(json_of(nowhere).await["error"]["code"], "not_found");
}

async fn token_errors_do_not_reveal_which_part_was_wrong(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    post_json(&app, "/api/v1/users", json!({"email": "ada@example.com", "password": PASSWORD, "display_name": "Ada"}))
        .await;
    let wrong = post_json(
        &app,
        "/api/v1/tokens",
        json!({"email": "ada@example.com", "password": "wrong password", "name": "ci"}),
    )
    .await;
    let unknown =
        post_json(&app, "/api/v1/tokens", json!({"email": "bob@example.com", "password": PASSWORD, "name": "ci"}))
            .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json_of(wrong).await, json_of(unknown).await);
    let no_name = post_json(&app, "/api/v1/tokens", json!({"email": "ada@example.com", "password": PASSWORD})).await;
    assert_eq!(no_name.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // One wrong attempt above; four more reach the limit of five per address.
    for _ in 0..4 {
        post_json(
            &app,
            "/api/v1/tokens",
            json!({"email": "ada@example.com", "password": "wrong password", "name": "ci"}),
        )
        .await;
    }
    let limited =
        post_json(&app, "/api/v1/tokens", json!({"email": "ada@example.com", "password": PASSWORD, "name": "ci"}))
            .await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers().contains_key("retry-after"));
    assert_eq!(json_of(limited).await["error"]["code"], "too_many_requests");
}

async fn revoked_tokens_are_refused(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    post_json(&app, "/api/v1/users", json!({"email": "ada@example.com", "password": PASSWORD, "display_name": "Ada"}))
        .await;
    let token = json_of(
        post_json(&app, "/api/v1/tokens", json!({"email": "ada@example.com", "password": PASSWORD, "name": "ci"}))
            .await,
    )
    .await;
    let (id, secret) = (token["id"].as_str().expect("id"), token["token"].as_str().expect("secret"));
    let client = new_client();
    let revoke =
        client.delete(app.url(&format!("/api/v1/tokens/{id}"))).bearer_auth(secret).send().await.expect("DELETE");
    assert_eq!(revoke.status(), StatusCode::NO_CONTENT);
    let me = client.get(app.url("/api/v1/me")).bearer_auth(secret).send().await.expect("GET");
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
    let garbage = client.get(app.url("/api/v1/me")).bearer_auth("ifp_not-a-token").send().await.expect("GET");
    assert_eq!(garbage.status(), StatusCode::UNAUTHORIZED);
}

async fn session_cookies_also_authenticate_the_api(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.register("ada@example.com", "Ada").await;
    let me = app.get("/api/v1/me").await;
    assert_eq!(me.status(), StatusCode::OK);
    assert_eq!(json_of(me).await["email"], "ada@example.com");
    let cross = app
        .client
        .delete(app.url("/api/v1/tokens/1"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .expect("DELETE");
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    assert_eq!(json_of(cross).await["error"]["code"], "cross_site");
}
