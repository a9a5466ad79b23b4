//! `cargo run --release -p ideaforge-tests --bin bench_export`: a contest's ideas exported by its
//! manager over HTTP (`/api/v1/contests/{id}/ideas.csv` and `.jsonl`) from the real router, at
//! 100,000 ideas and at a tenth of that, on SQLite and PostgreSQL, with this process's resident
//! memory (RSS, sampled every 2 ms from `/proc/self/status`) before and at its peak during each
//! export. A streamed export holds one batch at a time, so its peak growth stays the same when the
//! contest has ten times the ideas; a buffered one would grow with them.
//!
//! The sizes are measured in interleaved rounds (small, large, small, large …) and the table gives
//! medians with their spread, without a warm-up; the verdict compares the highest growth of each
//! size. The client reads the body chunk by chunk and keeps none of it.
//!
//! Options: `--ideas N` (default 100000), `--rounds R` (default 5), `--sqlite-only`.
#![expect(clippy::expect_used, clippy::panic, reason = "a benchmark that cannot set up has nothing to report")]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ideaforge_app::{App, AppConfig, Store, SystemClock};
use ideaforge_domain::contest::{ContestInput, NewContest};
use ideaforge_domain::{ContestId, NewUser, Role, TokenName, User};
use ideaforge_store::testing::{Engine, TestDb};
use ideaforge_tests::load::Spread;
use ideaforge_web::{AppState, WebConfig};

struct Options {
    ideas: u64,
    rounds: u64,
    sqlite_only: bool,
}

fn options() -> Options {
    let mut options = Options { ideas: 100_000, rounds: 5, sqlite_only: false };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().and_then(|v| v.parse::<u64>().ok()).expect("a number after the option");
        match arg.as_str() {
            "--ideas" => options.ideas = value().max(10),
            "--rounds" => options.rounds = value().max(1),
            "--sqlite-only" => options.sqlite_only = true,
            other => panic!("unknown option {other}"),
        }
    }
    options
}

/// This process's resident set, in bytes.
fn rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// Samples RSS every 2 ms while it lives, keeping the highest.
struct PeakWatch {
    running: Arc<AtomicBool>,
    peak: Arc<AtomicU64>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl PeakWatch {
    fn start() -> Self {
        let running = Arc::new(AtomicBool::new(true));
        let peak = Arc::new(AtomicU64::new(rss()));
        let (r, p) = (Arc::clone(&running), Arc::clone(&peak));
        let thread = std::thread::spawn(move || {
            while r.load(Ordering::Relaxed) {
                p.fetch_max(rss(), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(2));
            }
        });
        Self { running, peak, thread: Some(thread) }
    }

    fn stop(mut self) -> u64 {
        self.running.store(false, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            thread.join().expect("sampler");
        }
        self.peak.load(Ordering::Relaxed).max(rss())
    }
}

/// One export.
#[derive(Clone, Copy)]
struct Exported {
    rows: u64,
    bytes: u64,
    seconds: f64,
    before: u64,
    peak: u64,
}

async fn contest(app: &App, owner: &User, moderator: &User, ideas: u64) -> ContestId {
    let now = app.now();
    let title = format!("Export of {ideas}");
    let input = ContestInput {
        title: &title,
        brief: "Many ideas.",
        category: "kitchen",
        submission_closes_at: Some(now + time::Duration::days(30)),
        voting_closes_at: Some(now + time::Duration::days(40)),
        vote_budget: None,
        shortlist_at: None,
        influence_pool_bp: Some(500),
        ip_terms: "Terms.",
    };
    let id =
        app.create_contest(owner, "bench", &NewContest::parse(&input, now).expect("contest")).await.expect("contest");
    app.approve_contest(moderator, id).await.expect("approve");
    let generated = ideaforge_server::demo::generate(ideas).expect("generate");
    for batch in generated.chunks(10_000) {
        app.import_ideas(owner, Some(id), batch).await.expect("import");
    }
    id
}

async fn export(client: &reqwest::Client, url: &str, token: &str) -> Exported {
    let before = rss();
    let watch = PeakWatch::start();
    let started = Instant::now();
    let mut response = client.get(url).bearer_auth(token).send().await.expect("export request");
    assert!(response.status().is_success(), "{url}: {}", response.status());
    let (mut bytes, mut newlines) = (0u64, 0u64);
    while let Some(chunk) = response.chunk().await.expect("a chunk") {
        bytes += chunk.len() as u64;
        newlines += chunk.iter().filter(|b| **b == b'\n').count() as u64;
    }
    let seconds = started.elapsed().as_secs_f64();
    let peak = watch.stop();
    let rows = if url.ends_with(".csv") { newlines.saturating_sub(1) } else { newlines };
    Exported { rows, bytes, seconds, before, peak }
}

async fn run(engine: Engine, options: &Options) -> Vec<(String, u64, Vec<Exported>)> {
    let db = TestDb::new(engine).await;
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let app = Arc::new(App::new(store, Arc::new(SystemClock), &AppConfig::default()));
    let owner = NewUser::parse("bench@example.com", "Bench", "correct horse battery").expect("valid");
    let owner = app.create_user(&owner).await.expect("owner");
    app.create_org(&owner, "bench", "Bench Org").await.expect("org");
    let mut moderator = NewUser::parse("mod@example.com", "Moderator", "correct horse battery").expect("valid");
    moderator.role = Role::Moderator;
    let moderator = app.create_user(&moderator).await.expect("moderator");
    let started = Instant::now();
    let small = (options.ideas / 10, contest(&app, &owner, &moderator, options.ideas / 10).await);
    let large = (options.ideas, contest(&app, &owner, &moderator, options.ideas).await);
    eprintln!("{engine}: seeded {} ideas in {:.1} s", small.0 + large.0, started.elapsed().as_secs_f64());
    let token = app.issue_full_token(&owner, &TokenName::parse("bench").expect("name")).await.expect("token").1;
    let token = token.expose().to_owned();

    let router = ideaforge_web::router(AppState::new(Arc::clone(&app), WebConfig::default()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let server = tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.expect("serve");
    });
    let client = reqwest::Client::new();
    let plan = [("csv", small), ("csv", large), ("jsonl", small), ("jsonl", large)];
    let mut results: Vec<(String, u64, Vec<Exported>)> =
        plan.iter().map(|(format, (ideas, _))| ((*format).to_owned(), *ideas, Vec::new())).collect();
    // No warm-up: the allocator keeps what it once held, so after a large warm-up even a buffered
    // export would show no growth. The first round runs cold, and the highest growth of each size
    // (which a buffered export would set in that round, by the size of its file) decides.
    for _ in 0..options.rounds {
        for (slot, (format, (ideas, id))) in plan.into_iter().enumerate() {
            let url = format!("{base}/api/v1/contests/{id}/ideas.{format}");
            let exported = export(&client, &url, &token).await;
            assert_eq!(exported.rows, ideas, "{url}: every idea, once");
            results[slot].2.push(exported);
        }
    }
    server.abort();
    results
}

fn mb(bytes: f64) -> f64 {
    bytes / 1_048_576.0
}

#[tokio::main]
async fn main() {
    let options = options();
    let engines: &[Engine] = if options.sqlite_only { &[Engine::Sqlite] } else { &[Engine::Sqlite, Engine::Postgres] };
    println!(
        "A contest's ideas exported over HTTP by its manager, {} interleaved rounds; RSS of this process (server and client), sampled every 2 ms.\n",
        options.rounds
    );
    println!(
        "| engine | export | ideas | MB out | seconds | rows/s | RSS before MB | peak growth MB: median (min–max) |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    for engine in engines {
        let results = run(*engine, &options).await;
        let mut growth_of = Vec::new();
        for (format, ideas, rounds) in &results {
            let growth: Vec<f64> = rounds.iter().map(|r| mb(r.peak.saturating_sub(r.before) as f64)).collect();
            let growth = Spread::of(&growth);
            let seconds = Spread::of(&rounds.iter().map(|r| r.seconds).collect::<Vec<_>>()).median;
            let bytes = Spread::of(&rounds.iter().map(|r| r.bytes as f64).collect::<Vec<_>>()).median;
            let before = Spread::of(&rounds.iter().map(|r| mb(r.before as f64)).collect::<Vec<_>>()).median;
            let rows = rounds.first().map_or(0, |r| r.rows);
            println!(
                "| {engine} | ideas.{format} | {ideas} | {:.1} | {seconds:.2} | {:.0} | {before:.0} | {:.1} ({:.1}–{:.1}) |",
                mb(bytes),
                rows as f64 / seconds,
                growth.median,
                growth.min,
                growth.max
            );
            growth_of.push((format.clone(), *ideas, growth.max));
        }
        for pair in growth_of.chunks(2) {
            if let [(format, small, at_small), (_, large, at_large)] = pair {
                let verdict =
                    if *at_large <= at_small.max(1.0) * 2.0 { "✓ bounded" } else { "✗ grows with the rows" };
                eprintln!(
                    "{engine} ideas.{format}: highest peak growth {at_small:.1} MB at {small} ideas, {at_large:.1} MB at {large} ideas: {verdict}"
                );
                println!(
                    "| {engine} | ideas.{format}: highest growth at {large} vs {small} ideas | | | | | | {at_large:.1} vs {at_small:.1} MB {verdict} |"
                );
            }
        }
    }
}
