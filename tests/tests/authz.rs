//! The authorization matrix on SQLite and PostgreSQL: every route the router serves
//! (`ideaforge_web::all_routes`) × every kind of person, against the table in `tests/authz.table`.
//! Each principal gets its own copy of the seeded world (`ideaforge_tests::world`), so a write one
//! of them may make never changes what another sees. Reads run first, then writes in the table's
//! order; a write is sent with an empty body (`{}` to the API, an empty form to a page), so a
//! person allowed to make it gets the validation answer (422) where the write needs input, and the
//! write itself where it needs none. The test fails on any cell that differs, on any route without
//! a row and on any row without a route. `IDEAFORGE_AUTHZ_RECORD=FILE` writes the observed table
//! there instead of failing, for a person to review cell by cell before it replaces the table.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use std::collections::BTreeSet;
use std::fmt::Write as _;

use ideaforge_tests::authz::{Row, fill, rows};
use ideaforge_tests::world::{self, PRINCIPALS};
use ideaforge_tests::{Engine, TestApp, new_client, on_both_engines, summary};
use reqwest::Method;

on_both_engines!(every_route_answers_every_principal_as_the_table_says);

/// Runs every row as `principal` on a world of its own; the statuses in row order.
async fn run_as(engine: Engine, principal: &'static str, rows: &[Row]) -> Vec<u16> {
    // Thirteen servers at once: a small pool each keeps them under PostgreSQL's 100 connections.
    let app = TestApp::builder(engine)
        .configure(|c| {
            c.funding.settle_poll_ms = 3_600_000;
            c.database.max_connections = 4;
        })
        .spawn()
        .await;
    let world = world::seed(&app).await;
    let token = world.token(principal).to_owned();
    let client = new_client();
    let mut statuses = vec![0; rows.len()];
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| rows[i].method != "GET");
    for i in order {
        let row = &rows[i];
        let path = fill(&world, row);
        let method: Method = row.method.parse().expect("method");
        let mut request = client.request(method.clone(), app.url(&path)).header("sec-fetch-site", "same-origin");
        if !token.is_empty() {
            request = request.bearer_auth(&token);
        }
        if method != Method::GET && method != Method::DELETE {
            request = if path.starts_with("/api/") {
                request.header("content-type", "application/json").body("{}")
            } else {
                request.header("content-type", "application/x-www-form-urlencoded").body("")
            };
        }
        let response = request.send().await.expect("request");
        statuses[i] = response.status().as_u16();
    }
    app.stop().await;
    statuses
}

async fn every_route_answers_every_principal_as_the_table_says(engine: Engine) {
    let rows = rows();
    let listed: BTreeSet<(String, String)> = rows.iter().map(|r| (r.method.clone(), r.path.clone())).collect();
    let served: BTreeSet<(String, String)> =
        ideaforge_web::all_routes().into_iter().map(|r| (r.method.to_owned(), r.path)).collect();
    let missing: Vec<_> = served.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&served).collect();

    let mut runs = tokio::task::JoinSet::new();
    for (column, principal) in PRINCIPALS.into_iter().enumerate() {
        let rows = rows.clone();
        runs.spawn(async move { (column, run_as(engine, principal, &rows).await) });
    }
    let mut observed = vec![Vec::new(); PRINCIPALS.len()];
    while let Some(done) = runs.join_next().await {
        let (column, statuses) = done.expect("a principal's run");
        observed[column] = statuses;
    }

    let mut differences = Vec::new();
    let mut recorded = String::new();
    for (i, row) in rows.iter().enumerate() {
        let actual: Vec<u16> = observed.iter().map(|column| column[i]).collect();
        for (p, (want, got)) in row.expected.iter().zip(&actual).enumerate() {
            if want != got {
                differences.push(format!(
                    "{} {} [{}] as {}: expected {want}, got {got}",
                    row.method, row.path, row.object, PRINCIPALS[p]
                ));
            }
        }
        let cells: String = actual.iter().map(|s| format!(" {s:>4}")).collect();
        let _ = writeln!(recorded, "{:<6} {:<52} {:<28}{cells}", row.method, row.path, row.object);
    }
    let cells = rows.len() * PRINCIPALS.len();
    summary::record(
        "authorization matrix",
        engine,
        &format!(
            "{} routes in {} rows × {} principals = {cells} cells, {} differences",
            served.len(),
            rows.len(),
            PRINCIPALS.len(),
            differences.len()
        ),
    );
    if let Ok(file) = std::env::var("IDEAFORGE_AUTHZ_RECORD") {
        std::fs::write(format!("{file}.{engine:?}"), recorded).expect("write the observed table");
        return;
    }
    assert!(missing.is_empty(), "routes without a row in tests/authz.table: {missing:#?}");
    assert!(stale.is_empty(), "rows in tests/authz.table for routes the router does not serve: {stale:#?}");
    assert!(
        differences.is_empty(),
        "{} cells differ from tests/authz.table:\n{}",
        differences.len(),
        differences.join("\n")
    );
}
