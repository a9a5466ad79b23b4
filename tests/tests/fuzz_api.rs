//! Schema-driven fuzzing of the JSON API on SQLite and PostgreSQL: schemathesis (PyPI) reads the
//! OpenAPI document the server generates and sends generated requests to every operation, as an
//! administrator over a world with the demo content, with a bounded budget. No answer may be a 5xx,
//! and every documented answer must match its schema. `scripts/test` installs schemathesis (pinned)
//! and names it in `SCHEMATHESIS`; without it the test fails.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use std::time::Duration;

use ideaforge_tests::{Engine, TestApp, on_both_engines, summary};
use tokio::process::Command;

on_both_engines!(every_api_operation_survives_generated_requests);

/// Examples per operation: about 1,100 requests over the API, a few tens of seconds.
const EXAMPLES: &str = "15";

async fn every_api_operation_survives_generated_requests(engine: Engine) {
    let app = TestApp::builder(engine).configure(|c| c.funding.settle_poll_ms = 3_600_000).spawn().await;
    ideaforge_server::demo::load(&app.app, 0).await.expect("the demo loads");
    let (_, token) = app.member("fuzz-admin@example.com", "Fuzz Admin", ideaforge_domain::Role::Admin).await;
    let program = std::env::var("SCHEMATHESIS").unwrap_or_else(|_| "schemathesis".to_owned());
    let run = Command::new(&program)
        .args(["run", &format!("{}/api/v1/openapi.json", app.base)])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--checks", "not_a_server_error,response_schema_conformance"])
        .args(["--phases", "examples,fuzzing", "--max-examples", EXAMPLES])
        .args(["--seed", "20261206", "--no-color"])
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(600), run)
        .await
        .expect("schemathesis finishes within ten minutes")
        .expect("schemathesis runs (pip install schemathesis; scripts/test does)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().find(|l| l.contains(" generated, ")).unwrap_or("no summary").trim().to_owned();
    summary::record("schemathesis", engine, &line);
    assert!(
        output.status.success(),
        "schemathesis found failures:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(line.contains(" passed") && !line.contains("failed"), "{line}");
    app.stop().await;
}
