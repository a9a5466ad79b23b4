//! Settlement exactly once, as operators run it: two `ideaforge serve` processes on one PostgreSQL
//! database settle a campaign of 1,000 pledges while one of them is killed with SIGKILL in the
//! middle (leaving its claimed pledges behind) and started again. The sandbox processor's own
//! record shows every pledge captured exactly once, and the ledger balances.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use ideaforge_app::{App, AppConfig, ManualClock, PledgeInput};
use ideaforge_domain::campaign::{CampaignInput, Move};
use ideaforge_domain::ledger::{Account, check_invariants};
use ideaforge_domain::{CampaignId, DisplayName, Email, Role, User};
use ideaforge_store::testing::{Engine, TestDb};
use ideaforge_store::{NewUserRecord, Store};
use time::OffsetDateTime;
use tokio::process::Command;

mod common;
use common::{announced_address, ideaforge};

const PLEDGES: usize = 1_000;
const EACH_MINOR: i64 = 500;

/// `ideaforge serve` as one settlement node: PostgreSQL, a quick poll and a short lease.
fn settlement_node(dir: &Path, database: &str) -> Command {
    let mut command = ideaforge(dir);
    command
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir", "state"])
        .env("IDEAFORGE_DATABASE_URL", database)
        .env("IDEAFORGE__FUNDING__SETTLE_POLL_MS", "50")
        .env("IDEAFORGE__FUNDING__CAPTURE_LEASE_SECS", "3")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    command
}

async fn member(store: &Store, email: &str, role: Role, now: OffsetDateTime) -> User {
    let (email, name) = (Email::parse(email).expect("email"), DisplayName::parse("Backer").expect("name"));
    let record = NewUserRecord {
        email: &email,
        display_name: &name,
        password_hash: "",
        role,
        language: None,
        email_verified: true,
    };
    store.create_user(record, now).await.expect("member")
}

/// A sandbox campaign of Acme that ended an hour ago with `PLEDGES` pledges of 5.00 USD, made
/// through the application's rules on a clock set in the past.
async fn ended_campaign(store: &Store) -> CampaignId {
    let now = OffsetDateTime::now_utc();
    let clock = ManualClock::new(now - time::Duration::hours(3));
    let mut config = AppConfig::default();
    config.funding.min_duration_secs = 60;
    let app = App::new(store.clone(), Arc::new(clock.clone()), &config);
    let manager = member(store, "manager@acme.example", Role::Member, now).await;
    let moderator = member(store, "mod@example.com", Role::Moderator, now).await;
    app.create_org(&manager, "acme", "Acme").await.expect("org");
    let input = CampaignInput {
        title: "Kettle that knows",
        story: "It boils when you are near.",
        goal_minor: Some(100_000),
        currency: "USD",
        deadline: Some(now - time::Duration::hours(1)),
        provider: "sandbox",
        tiers: &[],
    };
    let id = app.create_campaign(&manager, "acme", None, &input).await.expect("campaign");
    for (who, mv) in [(&manager, Move::Submit), (&moderator, Move::Approve), (&manager, Move::Launch)] {
        app.move_campaign(who, id, mv).await.expect("moved");
    }
    for n in 0..PLEDGES {
        let backer = member(store, &format!("backer{n}@example.com"), Role::Member, now).await;
        let pledge = PledgeInput {
            amount_minor: Some(EACH_MINOR),
            currency: "USD",
            tier: None,
            quantity: None,
            anonymous: false,
            card: "4242 4242 4242 4242",
        };
        app.pledge(&backer, id, pledge).await.expect("pledged");
    }
    id
}

/// How many pledges were captured so far.
async fn captured(store: &Store, id: CampaignId) -> i64 {
    let usd = ideaforge_domain::money::Currency::parse("USD").expect("USD");
    store.campaign_money(id, usd).await.expect("money").collected.minor() / EACH_MINOR
}

#[tokio::test]
async fn two_nodes_settle_a_thousand_pledges_exactly_once_across_a_sigkill() {
    let db = TestDb::new(Engine::Postgres).await;
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let id = ended_campaign(&store).await;
    assert_eq!(captured(&store, id).await, 0);

    let (dir_a, dir_b) = (tempfile::tempdir().expect("dir"), tempfile::tempdir().expect("dir"));
    let url = db.config().url.clone();
    let mut node_a = settlement_node(dir_a.path(), &url).spawn().expect("node A");
    let mut node_b = settlement_node(dir_b.path(), &url).spawn().expect("node B");
    let (_, _stdout_a) = announced_address(&mut node_a).await;
    let (_, _stdout_b) = announced_address(&mut node_b).await;

    // Node A dies as soon as settlement is under way.
    let started = tokio::time::timeout(Duration::from_secs(60), async {
        while captured(&store, id).await == 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
    assert!(started.is_ok(), "settlement starts");
    node_a.start_kill().expect("SIGKILL");
    let _ = node_a.wait().await;
    let at_kill = captured(&store, id).await;
    assert!(at_kill < PLEDGES as i64, "killed in the middle of settlement ({at_kill} captured)");
    let mut node_a = settlement_node(dir_a.path(), &url).spawn().expect("node A again");
    let (_, _stdout_a) = announced_address(&mut node_a).await;

    let done = tokio::time::timeout(Duration::from_secs(180), async {
        loop {
            let record = store.campaign(id).await.expect("campaign").expect("exists");
            let paid = store.balance(&Account::campaign_escrow(id, record.campaign.goal.currency())).await;
            if captured(&store, id).await == PLEDGES as i64 && paid.expect("escrow") == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    assert!(done.is_ok(), "every pledge captured and paid out ({} captured)", captured(&store, id).await);

    // The processor's own record: one approved capture per pledge, never two.
    let mut charges = 0;
    for n in 0..PLEDGES {
        let email = Email::parse(&format!("backer{n}@example.com")).expect("email");
        let (backer, _) = store.user_with_password(&email).await.expect("read").expect("backer");
        let pledge = store.pledge_of(id, backer.id).await.expect("read").expect("pledge");
        let authorisation = store.pledge_authorisation(pledge.pledge.id).await.expect("read").expect("authorised");
        let record = store.sandbox_charges(&authorisation).await.expect("record");
        let captures: Vec<_> = record.iter().filter(|c| c.operation == "capture").collect();
        assert_eq!(captures.len(), 1, "pledge {n} captured exactly once: {record:?}");
        assert_eq!(captures[0].outcome, "approved");
        charges += 1;
    }
    assert_eq!(charges, PLEDGES);
    check_invariants(&store.ledger_entries().await.expect("entries")).expect("every transaction balances");
    for mut node in [node_a, node_b] {
        let _ = node.start_kill();
        let _ = node.wait().await;
    }
}
