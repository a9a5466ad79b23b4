//! `cargo run --release -p ideaforge-tests --bin bench_search`: search at 100,000 generated ideas
//! (English, Korean and Italian), in one run:
//!
//! - the index build (`reindex`) from SQLite and from PostgreSQL, and the index's size;
//! - query latency (p50/p99, one at a time) and queries/s (both cores) for the tantivy index, as
//!   the site runs it (top 20 with total, facet counts and highlighted snippets), and for
//!   PostgreSQL full-text search as Fider and Decidim do it (a weighted `tsvector` column, a GIN
//!   index, `websearch_to_tsquery`, `ORDER BY ts_rank … LIMIT 20`, no total, no facets), over the
//!   same corpus and the same queries;
//! - `/search` over HTTP: requests/s with 32 connections, client and server on the same two cores;
//! - what each choice of analysis costs (English stemming only; with each idea's language detected
//!   and stemmed in it; with Korean particles removed from queries): build time, index size and
//!   queries/s at the same 100,000 ideas, and what it buys: the relevance set's MRR and nDCG@10.
//!
//! The index and PostgreSQL are measured in interleaved rounds (tantivy, PostgreSQL, tantivy …)
//! and the ratio is taken within each round: the table gives medians and the ratio's spread.
//!
//! Options: `--ideas N` (default 100000), `--rounds R` (default 5), `--seconds S` per measurement
//! (default 2), `--tantivy-only` (the index alone, for profiling).
#![expect(clippy::expect_used, clippy::panic, reason = "a benchmark that cannot set up has nothing to report")]

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ideaforge_app::{App, AppConfig, SearchIndex, Store, SystemClock};
use ideaforge_domain::NewUser;
use ideaforge_domain::search::{SearchParams, SearchQuery};
use ideaforge_search::{Analysis, Request, relevance};
use ideaforge_store::testing::{Engine, TestDb};
use ideaforge_tests::load::{Measured, Spread, measure_all, summarize};
use ideaforge_web::{AppState, WebConfig};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement, Value};

/// What people type: single words, several words, phrases, exclusions, Korean and Italian.
const QUERIES: [&str; 16] = [
    "kettle",
    "quiet blender",
    "solar lamp camping",
    "\"spice rack\"",
    "washable -toaster",
    "insulated lunch box",
    "coffee grinder students",
    "repairable fan",
    "stackable bread box",
    "wireless water filter",
    "compact cutting board balconies",
    "modular drying rack",
    "recycled toaster",
    "foldable kettle night shifts",
    "주방",
    "pieghevole cucine",
];

struct Options {
    ideas: u64,
    rounds: u64,
    seconds: u64,
    tantivy_only: bool,
}

fn options() -> Options {
    let mut options = Options { ideas: 100_000, rounds: 5, seconds: 2, tantivy_only: false };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().and_then(|v| v.parse::<u64>().ok()).expect("a number after the option");
        match arg.as_str() {
            "--ideas" => options.ideas = value(),
            "--rounds" => options.rounds = value().max(1),
            "--seconds" => options.seconds = value(),
            "--tantivy-only" => options.tantivy_only = true,
            other => panic!("unknown option {other}"),
        }
    }
    options
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .expect("read index dir")
        .map(|entry| {
            let entry = entry.expect("entry");
            let meta = entry.metadata().expect("metadata");
            if meta.is_dir() { dir_size(&entry.path()) } else { meta.len() }
        })
        .sum()
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// A store with `ideas` generated open ideas, and the time the index took to build from it.
async fn corpus(db: &TestDb, ideas: u64, index_dir: &Path) -> (Arc<App>, Duration, u64) {
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let app = Arc::new(App::new(store, Arc::new(SystemClock), &AppConfig::default()));
    let user = app
        .create_user(&NewUser::parse("bench@example.com", "Bench", "correct horse battery").expect("valid"))
        .await
        .expect("user");
    let generated = ideaforge_server::demo::generate(ideas).expect("generate");
    app.import_ideas(&user, None, &generated).await.expect("import");
    let index = Arc::new(SearchIndex::open(index_dir).expect("index"));
    let started = Instant::now();
    let built = app.rebuild_search_index(&index, |_, _| {}).await.expect("rebuild");
    let took = started.elapsed();
    assert_eq!(built, ideas);
    app.attach_search_index(Arc::clone(&index));
    INDEX.set(index).ok();
    (app, took, dir_size(index_dir))
}

/// The first index built, for `--tantivy-only`'s per-query breakdown.
static INDEX: std::sync::OnceLock<Arc<SearchIndex>> = std::sync::OnceLock::new();

fn parsed(q: &str) -> SearchQuery {
    SearchQuery::parse(&SearchParams { q: Some(q), ..SearchParams::default() }).expect("valid query")
}

/// Latency one query at a time, then queries/s from one thread per core.
fn tantivy(app: &Arc<App>, seconds: u64) -> (Measured, f64) {
    let queries: Vec<SearchQuery> = QUERIES.iter().map(|q| parsed(q)).collect();
    let mut latencies = Vec::new();
    let started = Instant::now();
    for _ in 0..50 {
        for query in &queries {
            let sent = Instant::now();
            let page = app.search(query).expect("search");
            std::hint::black_box(page);
            latencies.push(sent.elapsed());
        }
    }
    let latency = summarize(latencies, started.elapsed());
    let app = Arc::clone(app);
    (latency, per_second(seconds, move |i| std::hint::black_box(app.search(&queries[i % queries.len()]).is_ok())))
}

/// Calls of `work(i)` per second, `i` counting up, from one thread per core for `seconds`.
fn per_second(seconds: u64, work: impl Fn(usize) -> bool + Send + Sync + 'static) -> f64 {
    let work = Arc::new(work);
    let done = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let threads: Vec<_> = (0..2)
        .map(|t| {
            let (work, done) = (Arc::clone(&work), Arc::clone(&done));
            std::thread::spawn(move || {
                let mut i = t;
                while Instant::now() < deadline {
                    assert!(work(i), "search");
                    done.fetch_add(1, Ordering::Relaxed);
                    i += 1;
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("thread");
    }
    done.load(Ordering::Relaxed) as f64 / seconds as f64
}

const PG_SEARCH: &str = "SELECT id, title, ts_rank(tsv, q) AS rank FROM ideas, websearch_to_tsquery('english', $1) q \
                         WHERE tsv @@ q ORDER BY rank DESC LIMIT 20";

async fn pg_query(db: &DatabaseConnection, q: &str) -> usize {
    let statement = Statement::from_sql_and_values(db.get_database_backend(), PG_SEARCH, [Value::from(q)]);
    db.query_all_raw(statement).await.expect("pg search").len()
}

/// Builds the tsvector column and GIN index; returns the build time and their size.
async fn pg_fts_build(db: &DatabaseConnection) -> (Duration, u64) {
    let started = Instant::now();
    for sql in [
        "ALTER TABLE ideas ADD COLUMN tsv tsvector GENERATED ALWAYS AS (\
         setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', summary), 'B') || \
         setweight(to_tsvector('english', body), 'C')) STORED",
        "CREATE INDEX ideas_tsv ON ideas USING GIN (tsv)",
        "ANALYZE ideas",
    ] {
        db.execute_unprepared(sql).await.expect("build full-text search");
    }
    let took = started.elapsed();
    let size = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT (pg_relation_size('ideas_tsv') + (SELECT sum(pg_column_size(tsv)) FROM ideas))::bigint AS bytes",
        ))
        .await
        .expect("size")
        .and_then(|row| row.try_get::<i64>("", "bytes").ok())
        .unwrap_or_default();
    (took, u64::try_from(size).unwrap_or_default())
}

async fn pg_fts(db: &DatabaseConnection, seconds: u64) -> (Measured, f64) {
    let mut latencies = Vec::new();
    let started = Instant::now();
    for _ in 0..10 {
        for q in QUERIES {
            let sent = Instant::now();
            std::hint::black_box(pg_query(db, q).await);
            latencies.push(sent.elapsed());
        }
    }
    let latency = summarize(latencies, started.elapsed());
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = tokio::task::JoinSet::new();
    for t in 0..4 {
        let db = db.clone();
        tasks.spawn(async move {
            let mut done = 0_u64;
            let mut i = t;
            while Instant::now() < deadline {
                std::hint::black_box(pg_query(&db, QUERIES[i % QUERIES.len()]).await);
                done += 1;
                i += 1;
            }
            done
        });
    }
    let mut done = 0;
    while let Some(count) = tasks.join_next().await {
        done += count.expect("task");
    }
    (latency, done as f64 / seconds as f64)
}

/// The analyses compared, from the old one to the current one.
const ANALYSES: [(&str, Analysis); 3] = [
    ("English stemming for every idea (before)", Analysis { languages: false, korean_endings: false }),
    ("+ each idea's language detected and stemmed", Analysis { languages: true, korean_endings: false }),
    ("+ Korean particles and endings removed from queries (now)", Analysis { languages: true, korean_endings: true }),
];

/// One analysis at 100,000 ideas: its index, build time and size.
struct Built {
    index: Arc<SearchIndex>,
    build: Duration,
    size: u64,
    _dir: tempfile::TempDir,
}

async fn build_with(app: &Arc<App>, analysis: Analysis) -> Built {
    let dir = tempfile::tempdir().expect("dir");
    let index = Arc::new(SearchIndex::open_with(dir.path(), analysis).expect("index"));
    let started = Instant::now();
    app.rebuild_search_index(&index, |_, _| {}).await.expect("rebuild");
    let build = started.elapsed();
    let size = dir_size(dir.path());
    Built { index, build, size, _dir: dir }
}

/// Queries/s of an index alone (top 20, total, facets, snippets), from one thread per core.
fn index_qps(index: &Arc<SearchIndex>, seconds: u64) -> f64 {
    let index = Arc::clone(index);
    let requests: Vec<Request> = QUERIES.iter().map(|q| Request::new(q, 20)).collect();
    per_second(seconds, move |i| std::hint::black_box(index.find(&requests[i % requests.len()]).is_ok()))
}

/// The relevance set scored under an analysis: overall and per language (MRR, nDCG@10).
fn relevance_of(analysis: Analysis) -> Vec<(String, f64, f64, usize)> {
    let index = relevance::index(analysis, &[]).expect("relevance index");
    let scored = relevance::score(&index).expect("score");
    let mut out = Vec::new();
    for lang in ["all", "en", "ko", "it"] {
        let (mrr, ndcg, n) = relevance::means(scored.iter().filter(|s| lang == "all" || s.judged.lang == lang));
        out.push((lang.to_owned(), mrr, ndcg, n));
    }
    out
}

/// What each analysis costs and buys, its queries/s measured in interleaved rounds.
async fn analysis_costs(app: &Arc<App>, rounds: u64, seconds: u64) {
    let mut built = Vec::new();
    for (_, analysis) in ANALYSES {
        built.push(build_with(app, analysis).await);
    }
    let mut qps: Vec<Vec<f64>> = vec![Vec::new(); built.len()];
    for _ in 0..rounds {
        for (i, b) in built.iter().enumerate() {
            qps[i].push(index_qps(&b.index, seconds));
        }
    }
    println!(
        "\nWhat the analysis costs and buys (same 100000 ideas; queries/s: median of {rounds} interleaved rounds):\n"
    );
    println!("| analysis | build | size | queries/s (min–max) | MRR | nDCG@10 | MRR en / ko / it |");
    println!("|---|---:|---:|---:|---:|---:|---|");
    for (((name, analysis), b), q) in ANALYSES.iter().zip(&built).zip(&qps) {
        let spread = Spread::of(q);
        let scores = relevance_of(*analysis);
        let per: Vec<String> = scores.iter().skip(1).map(|(_, mrr, _, _)| format!("{mrr:.3}")).collect();
        println!(
            "| {name} | {:.1} s | {:.1} MiB | {:.0} ({:.0}–{:.0}) | {:.3} | {:.3} | {} |",
            b.build.as_secs_f64(),
            mib(b.size),
            spread.median,
            spread.min,
            spread.max,
            scores[0].1,
            scores[0].2,
            per.join(" / ")
        );
    }
}

/// The relevance line printed beside the speed table.
fn relevance_line() -> String {
    let scores = relevance_of(Analysis::default());
    let (_, mrr, ndcg, n) = &scores[0];
    let per: Vec<String> =
        scores.iter().skip(1).map(|(lang, mrr, ndcg, n)| format!("{lang} {mrr:.3} / {ndcg:.3} ({n})")).collect();
    let each = scores.iter().skip(1).all(|(_, mrr, _, _)| *mrr >= 0.85);
    format!(
        "Relevance set ({n} judged queries, 78 ideas): MRR {mrr:.3}, nDCG@10 {ndcg:.3} (targets ≥ 0.9, ≥ 0.85) {}; \
         per language MRR / nDCG@10: {} (target MRR ≥ 0.85 each) {}",
        if *mrr >= 0.9 && *ndcg >= 0.85 { "✓" } else { "✗" },
        per.join(", "),
        if each { "✓" } else { "✗" }
    )
}

async fn http(app: Arc<App>, seconds: u64) -> Measured {
    let router = ideaforge_web::router(AppState::new(app, WebConfig::default()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await.expect("serve");
    });
    let urls: Vec<String> = QUERIES
        .iter()
        .map(|q| {
            let encoded: String = q
                .bytes()
                .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
                .collect();
            format!("http://{addr}/search?q={encoded}")
        })
        .collect();
    let measured = measure_all(&urls, seconds, 32, "search-summary").await;
    server.abort();
    measured
}

#[tokio::main]
async fn main() {
    let options = options();
    let n = options.ideas;

    let sqlite = TestDb::new(Engine::Sqlite).await;
    let sqlite_dir = tempfile::tempdir().expect("dir");
    let (app, sqlite_build, size) = corpus(&sqlite, n, sqlite_dir.path()).await;
    if options.tantivy_only {
        // For profiling the index alone: no PostgreSQL, no HTTP; the mean time of each query first.
        for q in QUERIES {
            let query = parsed(q);
            let started = Instant::now();
            let mut total = 0;
            for _ in 0..200 {
                total = app.search(&query).expect("search").results.total;
            }
            let full = started.elapsed().as_secs_f64() * 1000.0 / 200.0;
            // The same search for one hit: what the other 19 hits' text and snippets cost.
            let index = INDEX.get().expect("index");
            let one = Request::new(q, 1);
            let started = Instant::now();
            for _ in 0..200 {
                std::hint::black_box(index.find(&one).expect("search"));
            }
            let single = started.elapsed().as_secs_f64() * 1000.0 / 200.0;
            println!("{full:>8.3} ms  ({single:.3} ms with one hit)  {total:>6} matches  {q}");
        }
        let (latency, qps) = tantivy(&app, options.seconds);
        println!(
            "tantivy at {n} ideas: built in {:.1} s, {:.1} MiB, p50 {:.3} ms, p99 {:.3} ms, {qps:.0} queries/s",
            sqlite_build.as_secs_f64(),
            mib(size),
            latency.p50_ms,
            latency.p99_ms
        );
        return;
    }
    let postgres = TestDb::new(Engine::Postgres).await;
    let pg_dir = tempfile::tempdir().expect("dir");
    let (pg_app, pg_build, _) = corpus(&postgres, n, pg_dir.path()).await;
    drop(pg_app);
    let pg = Database::connect(postgres.config().url.as_str()).await.expect("connect");
    let (fts_build, fts_size) = pg_fts_build(&pg).await;

    let (mut t_rounds, mut p_rounds) = (Vec::new(), Vec::new());
    for _ in 0..options.rounds {
        t_rounds.push(tantivy(&app, options.seconds));
        p_rounds.push(pg_fts(&pg, options.seconds).await);
    }
    let median = |rounds: &[(Measured, f64)], value: &dyn Fn(&(Measured, f64)) -> f64| {
        Spread::of(&rounds.iter().map(value).collect::<Vec<_>>()).median
    };
    let (t_p50, t_p99, t_qps) =
        (median(&t_rounds, &|r| r.0.p50_ms), median(&t_rounds, &|r| r.0.p99_ms), median(&t_rounds, &|r| r.1));
    let (p_p50, p_p99, p_qps) =
        (median(&p_rounds, &|r| r.0.p50_ms), median(&p_rounds, &|r| r.0.p99_ms), median(&p_rounds, &|r| r.1));
    let ratio = Spread::of(&t_rounds.iter().zip(&p_rounds).map(|(t, p)| t.1 / p.1).collect::<Vec<_>>());
    let korean = QUERIES[14];
    let tantivy_korean = app.search(&parsed(korean)).expect("search").results.total;
    let pg_korean = pg_query(&pg, korean).await;
    let served = http(Arc::clone(&app), options.seconds).await;

    println!(
        "Search at {n} generated ideas (English, Korean, Italian), {} queries, 2 cores, {} interleaved rounds of {} s.\n",
        QUERIES.len(),
        options.rounds,
        options.seconds
    );
    println!("| | build | size | p50 ms | p99 ms | queries/s (median) |");
    println!("|---|---:|---:|---:|---:|---:|");
    println!(
        "| tantivy index (top 20 + total + facets + snippets) | {:.1} s from SQLite, {:.1} s from PostgreSQL (target < 15 s) {} | {:.1} MiB | {:.3} | {:.3} | {:.0} |",
        sqlite_build.as_secs_f64(),
        pg_build.as_secs_f64(),
        if sqlite_build.max(pg_build) < Duration::from_secs(15) { "✓" } else { "✗" },
        mib(size),
        t_p50,
        t_p99,
        t_qps
    );
    println!(
        "| PostgreSQL tsvector + GIN + ts_rank (top 20 only) | {:.1} s | {:.1} MiB | {:.3} | {:.3} | {:.0} |",
        fts_build.as_secs_f64(),
        mib(fts_size),
        p_p50,
        p_p99,
        p_qps
    );
    println!(
        "\ntantivy / PostgreSQL queries/s, per round: median {:.1}× (min {:.1}×, max {:.1}×) (target ≥ 20×) {}",
        ratio.median,
        ratio.min,
        ratio.max,
        if ratio.median >= 20.0 { "✓" } else { "✗" }
    );
    println!(
        "Korean query {korean:?}: tantivy finds {tantivy_korean}, PostgreSQL ('english' configuration) finds {pg_korean}."
    );
    println!(
        "/search over HTTP, 32 connections: {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms (target ≥ 2,000/s) {}",
        served.rps,
        served.p50_ms,
        served.p99_ms,
        if served.rps >= 2000.0 { "✓" } else { "✗" }
    );
    println!("{}", relevance_line());
    analysis_costs(&app, options.rounds, options.seconds).await;
}
