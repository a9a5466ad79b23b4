//! `cargo run --release -p ideaforge-tests --bin bench`: the contest page's requests/s and p99 at
//! 100,000 ideas, next to a trivial maud page served by the same server, on SQLite and PostgreSQL.
//! The contest page is measured twice: as served (with the per-node idea-list cache) and with that
//! cache off, so that both the design and the database path it spares are on record.
//!
//! The three are measured in interleaved rounds (trivial, cache off, as served; again …), and each
//! ratio is taken within its round: the table gives the medians and the ratio's spread.
//!
//! Deep pages (100 and the last, 5,000 at 100,000 ideas) are measured with the list cache off
//! against page 1 with it off: reached by position, as the "next" links do, and by number (an
//! offset), as before keyset pagination.
//!
//! Options: `--ideas N` (default 100000), `--rounds R` (default 5), `--seconds S` per measurement
//! (default 2), `--connections C` (default 32), `--sqlite-only`. The load generator runs in this
//! process on the same two cores, so both pages pay the same client cost.
#![expect(clippy::expect_used, clippy::panic, reason = "a benchmark that cannot set up has nothing to report")]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::routing::get;
use ideaforge_app::{App, AppConfig, Store, SystemClock};
use ideaforge_domain::contest::{ContestInput, NewContest};
use ideaforge_domain::idea::{IdeaFilter, IdeaSort, ListAt};
use ideaforge_domain::{ContestId, NewUser, Role};
use ideaforge_store::testing::{Engine, TestDb};
use ideaforge_tests::load::{Measured, Spread, measure};
use ideaforge_web::{AppState, WebConfig};
use maud::html;

struct Options {
    ideas: u64,
    rounds: u64,
    seconds: u64,
    connections: usize,
    sqlite_only: bool,
    pool: u32,
}

fn options() -> Options {
    let mut options = Options { ideas: 100_000, rounds: 5, seconds: 2, connections: 32, sqlite_only: false, pool: 4 };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().and_then(|v| v.parse::<u64>().ok()).expect("a number after the option");
        match arg.as_str() {
            "--ideas" => options.ideas = value(),
            "--rounds" => options.rounds = value().max(1),
            "--seconds" => options.seconds = value(),
            "--connections" => options.connections = usize::try_from(value()).expect("fits"),
            "--sqlite-only" => options.sqlite_only = true,
            "--pool" => options.pool = u32::try_from(value()).expect("fits"),
            other => panic!("unknown option {other}"),
        }
    }
    options
}

async fn serve(app: Arc<App>, with_trivial: bool) -> (String, tokio::task::JoinHandle<()>) {
    let mut router = ideaforge_web::router(AppState::new(app, WebConfig::default()));
    if with_trivial {
        router = router.merge(axum::Router::new().route(
            "/bench/trivial",
            get(|| async {
                html! { (maud::DOCTYPE) html { head { title { "Trivial" } } body { h1 { "Hello, Ideaforge" } } } }
            }),
        ));
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.expect("serve");
    });
    (format!("http://{addr}"), server)
}

/// Each page's rounds.
struct Rounds {
    trivial: Vec<Measured>,
    uncached: Vec<Measured>,
    page: Vec<Measured>,
    /// Deep pages with the list cache off: (label, rounds).
    deep: Vec<(String, Vec<Measured>)>,
}

/// The link a reader reaches page `n` by, clicking "next" from page 1: the position after the
/// previous page's last idea (read here once by number).
async fn deep_link(app: &App, contest: ContestId, n: u64) -> String {
    let filter = IdeaFilter { contest: Some(contest), ..IdeaFilter::default() };
    let before = app.list_ideas(None, &filter, IdeaSort::Top, ListAt::Page(n - 1)).await.expect("page before");
    let cursor = before.next(IdeaSort::Top).expect("a page follows");
    format!("/contests/{contest}?sort=top&page={n}&after={cursor}")
}

async fn run(engine: Engine, options: &Options) -> (Rounds, Duration) {
    let db = TestDb::new(engine).await;
    let mut config = db.config().clone();
    config.max_connections = options.pool;
    let store = Store::connect(&config).await.expect("connect");
    store.migrate().await.expect("migrate");
    let mut uncached = AppConfig::default();
    uncached.cache.idea_lists_ms = 0;
    let cold = Arc::new(App::new(store.clone(), Arc::new(SystemClock), &uncached));
    let app = Arc::new(App::new(store, Arc::new(SystemClock), &AppConfig::default()));
    let owner = NewUser::parse("bench@example.com", "Bench", "correct horse battery").expect("valid");
    let user = app.create_user(&owner).await.expect("user");
    app.create_org(&user, "bench", "Bench Org").await.expect("org");
    // Nobody approves their own organization's contest: an outside moderator does.
    let mut moderator = NewUser::parse("mod@example.com", "Moderator", "correct horse battery").expect("valid");
    moderator.role = Role::Moderator;
    let moderator = app.create_user(&moderator).await.expect("moderator");
    let now = app.now();
    let input = ContestInput {
        title: "Benchmark contest",
        brief: "Many ideas.",
        category: "kitchen",
        submission_closes_at: Some(now + time::Duration::days(30)),
        voting_closes_at: Some(now + time::Duration::days(40)),
        vote_budget: Some(10),
        shortlist_at: None,
        influence_pool_bp: Some(500),
        ip_terms: "Terms.",
    };
    let contest =
        app.create_contest(&user, "bench", &NewContest::parse(&input, now).expect("contest")).await.expect("contest");
    app.approve_contest(&moderator, contest).await.expect("approve");
    let started = Instant::now();
    let ideas = ideaforge_server::demo::generate(options.ideas).expect("generate");
    app.import_ideas(&user, Some(contest), &ideas).await.expect("import");
    let import = started.elapsed();

    let (base, server) = serve(Arc::clone(&app), true).await;
    let (cold_base, cold_server) = serve(cold, false).await;
    let mut rounds = Rounds { trivial: Vec::new(), uncached: Vec::new(), page: Vec::new(), deep: Vec::new() };
    let last = options.ideas.div_ceil(ideaforge_store::PAGE_SIZE);
    let mut deep = Vec::new();
    let mut depths = vec![100, last];
    depths.dedup();
    for n in depths.into_iter().filter(|&n| n > 1 && n <= last) {
        deep.push((format!("page {n} by position (\"next\" links)"), deep_link(&app, contest, n).await));
    }
    if last > 1 {
        deep.push((format!("page {last} by number (offset)"), format!("/contests/{contest}?sort=top&page={last}")));
    }
    rounds.deep = deep.iter().map(|(label, _)| (label.clone(), Vec::new())).collect();
    let (seconds, connections) = (options.seconds, options.connections);
    for _ in 0..options.rounds {
        rounds.trivial.push(measure(&format!("{base}/bench/trivial"), seconds, connections, "Hello").await);
        let uncached = format!("{cold_base}/contests/{contest}");
        rounds.uncached.push(measure(&uncached, seconds, connections, "Benchmark contest").await);
        let page = format!("{base}/contests/{contest}");
        rounds.page.push(measure(&page, seconds, connections, "Benchmark contest").await);
        for ((_, link), (_, measured)) in deep.iter().zip(rounds.deep.iter_mut()) {
            measured.push(measure(&format!("{cold_base}{link}"), seconds, connections, "Benchmark contest").await);
        }
    }
    server.abort();
    cold_server.abort();
    (rounds, import)
}

fn median(rounds: &[Measured], value: impl Fn(&Measured) -> f64) -> f64 {
    Spread::of(&rounds.iter().map(value).collect::<Vec<_>>()).median
}

#[tokio::main]
async fn main() {
    let options = options();
    let engines: &[Engine] = if options.sqlite_only { &[Engine::Sqlite] } else { &[Engine::Sqlite, Engine::Postgres] };
    println!(
        "Contest page (20 idea cards, top sort) at {} ideas vs a trivial maud page; {} connections, {} interleaved rounds of {} s each, same process and cores.\n",
        options.ideas, options.connections, options.rounds, options.seconds
    );
    println!("| engine | page | requests/s (median) | p50 ms | p99 ms | contest page / trivial: median (min–max) |");
    println!("|---|---|---:|---:|---:|---:|");
    for engine in engines {
        let (rounds, import) = run(*engine, &options).await;
        let row = |label: &str, measured: &[Measured], ratio: String| {
            println!(
                "| {engine} | {label} | {:.0} | {:.2} | {:.2} | {ratio} |",
                median(measured, |m| m.rps),
                median(measured, |m| m.p50_ms),
                median(measured, |m| m.p99_ms)
            );
        };
        row("trivial maud page", &rounds.trivial, String::new());
        for (label, measured) in
            [("/contests/{id}, list cache off", &rounds.uncached), ("/contests/{id}, as served", &rounds.page)]
        {
            let ratios: Vec<f64> = measured.iter().zip(&rounds.trivial).map(|(m, t)| m.rps / t.rps * 100.0).collect();
            let ratio = Spread::of(&ratios);
            let verdict = if ratio.median >= 25.0 { "✓" } else { "✗" };
            row(
                label,
                measured,
                format!("{:.0} % ({:.0}–{:.0} %) (target ≥ 25 %) {verdict}", ratio.median, ratio.min, ratio.max),
            );
        }
        // Deep pages against page 1, both with the list cache off, within each round.
        for (label, measured) in &rounds.deep {
            let ratios: Vec<f64> = measured.iter().zip(&rounds.uncached).map(|(m, p)| m.rps / p.rps * 100.0).collect();
            let ratio = Spread::of(&ratios);
            let verdict = if ratio.median >= 50.0 { "✓" } else { "✗" };
            row(
                &format!("/contests/{{id}}, {label}, list cache off"),
                measured,
                format!(
                    "{:.0} % of page 1 ({:.0}–{:.0} %) (target ≥ 50 %: within 2×) {verdict}",
                    ratio.median, ratio.min, ratio.max
                ),
            );
        }
        eprintln!("{engine}: imported {} ideas in {:.1} s", options.ideas, import.as_secs_f64());
    }
}
