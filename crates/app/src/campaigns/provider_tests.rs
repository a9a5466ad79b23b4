//! The built-in payment providers through the `PaymentProvider` trait on both engines: every
//! operation idempotent by key, the sandbox's test cards, refunds only of money captured, and the
//! manual provider collecting only what an admin recorded.

use ideaforge_domain::money::{Currency, Money};
use ideaforge_store::Store;
use ideaforge_store::testing::{Engine, TestDb};

use super::tests::NOW;
use super::{Card, Sandbox};
use crate::payments::{Charge, ManualProvider, PaymentError, PaymentMethod, PaymentProvider};

ideaforge_store::on_both_engines!(
    the_sandbox_authorises_captures_voids_and_refunds_once_per_key,
    the_manual_provider_takes_bank_transfers_only_and_collects_what_was_recorded,
);

fn usd(minor: i64) -> Money {
    Money::new(minor, Currency::parse("USD").expect("USD"))
}

fn card(number: &str) -> PaymentMethod {
    PaymentMethod::Card(Card::parse(number).expect("card"))
}

fn charge(key: &str, authorisation: &str, minor: i64) -> Charge {
    Charge { key: key.to_owned(), authorisation: authorisation.to_owned(), amount: usd(minor) }
}

async fn store(engine: Engine) -> (TestDb, Store) {
    let db = TestDb::new(engine).await;
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    (db, store)
}

async fn the_sandbox_authorises_captures_voids_and_refunds_once_per_key(engine: Engine) {
    let (_db, store) = store(engine).await;
    let sandbox = Sandbox::new(store.clone());
    let good = sandbox.authorise("a1", &card("4242 4242 4242 4242"), usd(5_000), NOW).await.expect("authorised");
    let again = sandbox.authorise("a1", &card("4242 4242 4242 4242"), usd(5_000), NOW).await.expect("same answer");
    assert_eq!(good, again, "the same key, the same authorisation");
    assert!(good.starts_with("sbx_4242_") && !good.contains("42424242"), "no card number in it: {good}");
    let refused = sandbox.authorise("a2", &card("4000 0000 0000 9995"), usd(5_000), NOW).await;
    assert!(matches!(refused, Err(PaymentError::Declined)), "{refused:?}");
    let bank = sandbox.authorise("a3", &PaymentMethod::BankTransfer, usd(5_000), NOW).await;
    assert!(matches!(bank, Err(PaymentError::Unsupported)), "{bank:?}");
    let declining = sandbox.authorise("a4", &card("4000 0000 0000 0002"), usd(5_000), NOW).await.expect("authorised");

    // A refund before any capture is declined; captures answer per card, once per key.
    let early = sandbox.refund(&charge("r0", &good, 1_000), NOW).await;
    assert!(matches!(early, Err(PaymentError::Declined)), "nothing captured yet: {early:?}");
    let charges = [charge("c1", &good, 5_000), charge("c2", &declining, 5_000)];
    assert_eq!(sandbox.capture(&charges, NOW).await.expect("answered"), vec![true, false]);
    assert_eq!(sandbox.capture(&charges, NOW).await.expect("answered"), vec![true, false], "the same answers");
    let captures = |history: &[ideaforge_store::SandboxCharge]| {
        history.iter().filter(|c| c.operation == "capture" && c.outcome == "approved").count()
    };
    assert_eq!(captures(&store.sandbox_charges(&good).await.expect("record")), 1, "captured exactly once");

    // Refunds: within what was captured, each key once.
    sandbox.refund(&charge("r1", &good, 3_000), NOW).await.expect("refunded");
    sandbox.refund(&charge("r1", &good, 3_000), NOW).await.expect("the same refund");
    let over = sandbox.refund(&charge("r2", &good, 2_500), NOW).await;
    assert!(matches!(over, Err(PaymentError::Declined)), "only 20.00 is left: {over:?}");
    sandbox.refund(&charge("r3", &good, 2_000), NOW).await.expect("the rest");
    let history = store.sandbox_charges(&good).await.expect("record");
    let ops: Vec<&str> = history.iter().map(|c| c.operation.as_str()).collect();
    assert_eq!(ops, ["authorise", "refund", "capture", "refund", "refund", "refund"]);
    sandbox.void(&charge("v1", &declining, 5_000), NOW).await.expect("voided");
    sandbox.void(&charge("v1", &declining, 5_000), NOW).await.expect("voided once");
    let voids = store.sandbox_charges(&declining).await.expect("record");
    assert_eq!(voids.iter().filter(|c| c.operation == "void").count(), 1);
}

async fn the_manual_provider_takes_bank_transfers_only_and_collects_what_was_recorded(engine: Engine) {
    let (_db, store) = store(engine).await;
    let manual = ManualProvider::new(store);
    let first = manual.authorise("p1", &PaymentMethod::BankTransfer, usd(5_000), NOW).await.expect("promised");
    let second = manual.authorise("p2", &PaymentMethod::BankTransfer, usd(5_000), NOW).await.expect("promised");
    assert!(first.starts_with("man_") && first != second, "one reference per pledge: {first} {second}");
    assert_eq!(manual.authorise("p1", &PaymentMethod::BankTransfer, usd(5_000), NOW).await.expect("again"), first);
    let by_card = manual.authorise("p3", &card("4242 4242 4242 4242"), usd(5_000), NOW).await;
    assert!(matches!(by_card, Err(PaymentError::Unsupported)), "{by_card:?}");
    let charges = [charge("c1", &first, 5_000), charge("c2", &second, 5_000)];
    assert_eq!(manual.capture(&charges, NOW).await.expect("answered"), vec![false, false], "nothing received yet");
    assert_eq!(manual.fee().fixed_minor, 0, "no processor fee on a bank transfer");
    let refund = manual.refund(&charge("r1", &first, 5_000), NOW).await;
    assert!(matches!(refund, Err(PaymentError::Unsupported)), "an admin pays it back by bank: {refund:?}");
}
