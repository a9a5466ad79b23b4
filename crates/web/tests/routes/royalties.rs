//! Royalty amounts stay within what the ledger holds, over the routes (on both engines): a receipt
//! that would take a contributor's balance past the ledger's range is refused with a clear error,
//! over the API and the pages, and nothing is stored.

use axum::http::{Method, StatusCode};
use ideaforge_domain::ledger::{IdempotencyKey, MAX_BALANCE, Transaction};
use ideaforge_domain::money::{Currency, Money};
use ideaforge_store::Posting;
use ideaforge_store::testing::Engine;
use serde_json::json;
use time::Duration;

use super::{NOW, site};

ideaforge_store::on_both_engines!(a_receipt_that_would_overflow_a_balance_is_refused_and_stores_nothing);

async fn a_receipt_that_would_overflow_a_balance_is_refused_and_stores_nothing(engine: Engine) {
    let site = site(engine).await;
    let (_, idea) = site.contest_with_ideas().await;
    site.clock.advance(Duration::days(21));
    for stage in ["selected", "in_development", "launched"] {
        site.post(&format!("/ideas/{idea}/stage"), &site.owner, json!({"to": stage, "reason": "On its way"})).await;
    }
    let revenue = json!({"period": "2027-Q1", "revenue": {"amount_minor": 100_000, "currency": "EUR"}});
    let recorded = site.post(&format!("/ideas/{idea}/royalties"), &site.owner, revenue).await;
    let statement = recorded["statement_id"].as_i64().expect("a statement");
    // The inventor's balance already sits at the top of what the ledger holds.
    let eur = Currency::parse("EUR").expect("EUR");
    let (_, me) = site.json(Method::GET, "/api/v1/me", &site.inventor, None).await;
    let inventor = ideaforge_domain::UserId::new(me["id"].as_str().expect("id").parse().expect("number"));
    let top = Transaction::royalty(&[(inventor, Money::new(MAX_BALANCE, eur))]).expect("valid");
    let key = IdempotencyKey::parse("test:top-of-the-ledger").expect("key");
    let posting = Posting { key: &key, kind: "test", memo: "", reference: None, actor: None };
    site.app.store().post(&posting, &top, NOW).await.expect("posted");

    let receipt = json!({"amount": recorded["pool"], "reference": "SEPA-2027-42"});
    let path = format!("/api/v1/royalty-statements/{statement}/receipt");
    let (status, refused) = site.json(Method::POST, &path, &site.admin, Some(receipt)).await;
    assert_eq!((status, refused["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("balance_out_of_range")));
    let pool = recorded["pool"]["amount_minor"].as_i64().expect("pool");
    let form = format!("amount={}.{:02}&currency=EUR&reference=SEPA-2027-42", pool / 100, pool % 100);
    let (status, page) = site.form(&format!("/royalty-statements/{statement}/receipt"), &site.admin, &form).await;
    assert_eq!(status, StatusCode::CONFLICT, "the page says why, no 500");
    assert!(page.contains("past what the ledger can hold"), "a clear message");
    let (_, listed) =
        site.json(Method::GET, &format!("/api/v1/ideas/{idea}/royalty-statements"), &site.owner, None).await;
    assert!(listed["statements"][0]["received_at"].is_null(), "still owed: nothing was stored");
    let (_, balance) = site.json(Method::GET, "/api/v1/me/balance", &site.inventor, None).await;
    assert_eq!(balance["payable"][0]["amount_minor"], MAX_BALANCE, "unchanged");
}
