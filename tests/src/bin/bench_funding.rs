//! `cargo run --release -p ideaforge-tests --bin bench_funding`: funding campaigns at scale, on
//! SQLite and PostgreSQL.
//!
//! - **Settlement**: a campaign past its deadline with 100,000 authorised sandbox pledges is
//!   settled by the settlement job's passes (decide, capture each pledge with its ledger
//!   transaction, pay out); the time from the first pass to the payout, against the 60 s target.
//! - **Pledges under load**: 32 concurrent backers pledge through the application's rules (card
//!   authorised, campaign locked, slot taken) for a reward limited to 1,000 among 4,000 backers;
//!   pledges/s, and how many slots were oversold (the target is 0).
//!
//! Options: `--pledges N` (default 100000), `--backers N` (default 4000), `--limit N` (default
//! 1000), `--tasks N` (default 32), `--sqlite-only`, `--postgres-only`. Members and the settled pledges are written in
//! bulk (`Store::seed_members`, `Store::seed_pledges`); everything measured goes through the rules.
#![expect(clippy::expect_used, clippy::panic, reason = "a benchmark that cannot set up has nothing to report")]

use std::sync::Arc;
use std::time::Instant;

use ideaforge_app::{App, AppConfig, CampaignsError, ManualClock, PledgeInput, Store};
use ideaforge_domain::campaign::{CampaignInput, Move, TierInput};
use ideaforge_domain::ledger::{Account, check_invariants};
use ideaforge_domain::{CampaignId, DisplayName, Email, Role, User};
use ideaforge_store::NewUserRecord;
use ideaforge_store::testing::{Engine, TestDb};
use time::{Duration, OffsetDateTime};

struct Options {
    pledges: usize,
    backers: usize,
    limit: u32,
    tasks: usize,
    sqlite_only: bool,
    postgres_only: bool,
}

fn options() -> Options {
    let mut options =
        Options { pledges: 100_000, backers: 4_000, limit: 1_000, tasks: 32, sqlite_only: false, postgres_only: false };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().and_then(|v| v.parse::<usize>().ok()).expect("a number after the option");
        match arg.as_str() {
            "--pledges" => options.pledges = value(),
            "--backers" => options.backers = value(),
            "--limit" => options.limit = u32::try_from(value()).expect("fits"),
            "--tasks" => options.tasks = value().max(1),
            "--sqlite-only" => options.sqlite_only = true,
            "--postgres-only" => options.postgres_only = true,
            other => panic!("unknown option {other}"),
        }
    }
    options
}

/// An application on a fresh database of `engine`, on a clock the benchmark moves.
async fn app(engine: Engine, at: OffsetDateTime) -> (TestDb, Arc<App>, ManualClock) {
    let db = TestDb::new(engine).await;
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let clock = ManualClock::new(at);
    let mut config = AppConfig::default();
    config.funding.min_duration_secs = 60;
    let app = Arc::new(App::new(store, Arc::new(clock.clone()), &config));
    (db, app, clock)
}

async fn people(app: &App, now: OffsetDateTime) -> (User, User) {
    let mut staff = Vec::new();
    for (email, role) in [("manager@acme.example", Role::Member), ("mod@example.com", Role::Moderator)] {
        let (email, name) = (Email::parse(email).expect("email"), DisplayName::parse("Staff").expect("name"));
        let record = NewUserRecord {
            email: &email,
            display_name: &name,
            password_hash: "",
            role,
            language: None,
            email_verified: true,
        };
        staff.push(app.store().create_user(record, now).await.expect("staff"));
    }
    let moderator = staff.pop().expect("moderator");
    let manager = staff.pop().expect("manager");
    app.create_org(&manager, "acme", "Acme").await.expect("org");
    (manager, moderator)
}

/// A live sandbox campaign of Acme ending at `deadline`.
async fn live(app: &App, people: &(User, User), deadline: OffsetDateTime, tiers: &[TierInput<'_>]) -> CampaignId {
    let input = CampaignInput {
        title: "Kettle that knows",
        story: "It boils when you are near.",
        goal_minor: Some(100_000),
        currency: "USD",
        deadline: Some(deadline),
        provider: "sandbox",
        tiers,
    };
    let (manager, moderator) = people;
    let id = app.create_campaign(manager, "acme", None, &input).await.expect("campaign");
    for (who, mv) in [(manager, Move::Submit), (moderator, Move::Approve), (manager, Move::Launch)] {
        app.move_campaign(who, id, mv).await.expect("moved");
    }
    id
}

/// Settles a campaign of `n` pledges; returns the seconds from the first pass to the payout.
async fn settlement(engine: Engine, n: usize) -> f64 {
    let now = OffsetDateTime::now_utc();
    let (_db, app, clock) = app(engine, now - Duration::hours(3)).await;
    let staff = people(&app, clock_now(&clock)).await;
    let id = live(&app, &staff, now - Duration::hours(1), &[]).await;
    let backers = app.store().seed_members("backer", n, clock_now(&clock)).await.expect("backers");
    app.store().seed_pledges(id, &backers, 500, clock_now(&clock)).await.expect("pledges");
    clock.set(now);
    let started = Instant::now();
    loop {
        let report = app.settle_campaigns().await.expect("a pass");
        if report.paid_out > 0 {
            break;
        }
        assert!(report != ideaforge_app::SettleReport::default(), "settlement stalled");
    }
    let seconds = started.elapsed().as_secs_f64();
    let record = app.store().campaign(id).await.expect("read").expect("campaign");
    let usd = record.campaign.goal.currency();
    let money = app.store().campaign_money(id, usd).await.expect("money");
    assert_eq!(money.collected.minor(), 500 * i64::try_from(n).expect("fits"), "every pledge captured");
    assert_eq!(app.store().balance(&Account::campaign_escrow(id, usd)).await.expect("escrow"), 0, "paid out");
    check_invariants(&app.store().ledger_entries().await.expect("entries")).expect("balanced");
    seconds
}

fn clock_now(clock: &ManualClock) -> OffsetDateTime {
    use ideaforge_app::Clock;
    clock.now()
}

/// What the pledge load did.
struct Load {
    seconds: f64,
    accepted: usize,
    sold_out: usize,
    taken: u32,
    rows: usize,
}

async fn pledges_under_load(engine: Engine, options: &Options) -> Load {
    let now = OffsetDateTime::now_utc();
    let (_db, app, _clock) = app(engine, now).await;
    let staff = people(&app, now).await;
    let tier = TierInput {
        title: "Early bird",
        description: "One kettle.",
        minimum_minor: Some(5_000),
        limit: Some(i64::from(options.limit)),
        per_backer_limit: None,
        estimated_delivery: "2027-11",
    };
    let id = live(&app, &staff, now + Duration::days(30), &[tier]).await;
    let tier = app.store().campaign(id).await.expect("read").expect("campaign").tiers[0].id;
    let ids = app.store().seed_members("backer", options.backers, now).await.expect("backers");
    let mut backers = Vec::with_capacity(ids.len());
    for id in ids {
        backers.push(app.store().user(id).await.expect("read").expect("backer"));
    }
    let queue = Arc::new(std::sync::Mutex::new(backers));
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..options.tasks {
        let (app, queue) = (Arc::clone(&app), Arc::clone(&queue));
        tasks.spawn(async move {
            let (mut accepted, mut sold_out) = (0, 0);
            loop {
                let Some(backer) = queue.lock().expect("queue").pop() else { break };
                let pledge = PledgeInput {
                    amount_minor: Some(5_000),
                    currency: "USD",
                    tier: Some(tier),
                    quantity: None,
                    anonymous: false,
                    card: "4242 4242 4242 4242",
                };
                match app.pledge(&backer, id, pledge).await {
                    Ok(_) => accepted += 1,
                    Err(CampaignsError::Refused("sold_out")) => sold_out += 1,
                    Err(other) => panic!("pledge refused: {other}"),
                }
            }
            (accepted, sold_out)
        });
    }
    let (mut accepted, mut sold_out) = (0, 0);
    while let Some(done) = tasks.join_next().await {
        let (a, s) = done.expect("task");
        accepted += a;
        sold_out += s;
    }
    let seconds = started.elapsed().as_secs_f64();
    let record = app.store().campaign(id).await.expect("read").expect("campaign");
    let rows = app.store().backer_rows(id).await.expect("rows").iter().filter(|r| r.tier.is_some()).count();
    Load { seconds, accepted, sold_out, taken: record.tiers[0].taken, rows }
}

#[tokio::main]
async fn main() {
    let options = options();
    let engines: &[Engine] = match (options.sqlite_only, options.postgres_only) {
        (true, _) => &[Engine::Sqlite],
        (_, true) => &[Engine::Postgres],
        _ => &[Engine::Sqlite, Engine::Postgres],
    };
    println!(
        "Funding campaigns: settling {} authorised pledges (target < 60 s), and {} backers pledging through {} \
         concurrent tasks for a reward limited to {} (target: 0 oversold).\n",
        options.pledges, options.backers, options.tasks, options.limit
    );
    println!(
        "| engine | settlement of {} pledges | pledges/s | captures/s | accepted | sold out | slots taken | oversold |",
        options.pledges
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for engine in engines {
        let settle = settlement(*engine, options.pledges).await;
        let load = pledges_under_load(*engine, &options).await;
        let attempts = load.accepted + load.sold_out;
        let oversold =
            load.rows.saturating_sub(options.limit as usize) + (load.taken.saturating_sub(options.limit)) as usize;
        let verdict = if settle < 60.0 { "✓" } else { "✗" };
        let clean = if oversold == 0 && load.rows == load.taken as usize { "0 ✓" } else { "✗" };
        println!(
            "| {engine} | {settle:.1} s {verdict} | {:.0} | {:.0} | {} | {} | {} | {clean} |",
            attempts as f64 / load.seconds,
            options.pledges as f64 / settle,
            load.accepted,
            load.sold_out,
            load.taken,
        );
    }
}
