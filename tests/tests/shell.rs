//! The web shell: security headers, health, metrics, assets and error pages.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use ideaforge_tests::{Engine, TestApp, new_client, on_both_engines};
use reqwest::StatusCode;

on_both_engines!(
    every_response_carries_security_headers_and_a_request_id,
    health_readiness_and_metrics,
    error_pages_are_rendered
);

async fn every_response_carries_security_headers_and_a_request_id(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    for path in ["/", "/signin", "/nowhere", "/api/v1/me", "/static/app.css"] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().expect("ascii");
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "strict-origin-when-cross-origin", "{path}");
        assert!(headers.contains_key("x-request-id"), "{path}");
    }
    let given = new_client().get(app.url("/")).header("x-request-id", "abc-123").send().await.expect("GET");
    assert_eq!(given.headers()["x-request-id"], "abc-123", "a caller's request id is kept");
}

async fn health_readiness_and_metrics(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(ready.text().await.expect("body"), "ready");
    app.get("/nowhere").await;
    let metrics = app.get("/metrics").await.text().await.expect("body");
    assert!(metrics.contains("ideaforge_http_requests_total{status=\"4xx\"} 1"), "{metrics}");
    assert!(metrics.contains("ideaforge_http_request_duration_seconds_count"));

    let css = app.get("/static/app.css").await;
    assert_eq!(css.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert!(css.headers()["content-type"].to_str().expect("ascii").starts_with("text/css"));
    let home = app.get("/").await.text().await.expect("body");
    for asset in ["/static/pico.min.css?v=", "/static/htmx.min.js?v=", "/static/app.css?v="] {
        assert!(home.contains(asset), "{asset} is linked");
    }
    assert!(app.get("/static/htmx.min.js").await.text().await.expect("body").contains("htmx"));
    app.stop().await;
}

async fn error_pages_are_rendered(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let missing = app.get("/no/such/page").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.headers()["content-type"].to_str().expect("ascii").starts_with("text/html"));
    let page = missing.text().await.expect("body");
    assert!(page.contains("404") && page.contains("There is nothing here."), "{page}");
    assert!(page.contains(r#"<html lang="en">"#));
    let wrong_method = new_client().put(app.url("/register")).send().await.expect("PUT");
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(wrong_method.text().await.expect("body").contains("That method is not allowed here."));
}
