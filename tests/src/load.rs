//! A small HTTP load generator for the benchmarks: keeps `connections` requests in flight for a
//! few seconds and reports requests/s with latency percentiles.
#![expect(clippy::expect_used, reason = "a benchmark that cannot load has nothing to report")]

use std::time::{Duration, Instant};

/// One measurement.
#[derive(Clone, Copy, Debug)]
pub struct Measured {
    /// Requests answered.
    pub requests: u64,
    /// Requests per second.
    pub rps: f64,
    /// Median latency.
    pub p50_ms: f64,
    /// 99th percentile latency.
    pub p99_ms: f64,
}

/// The median and spread of values measured in interleaved rounds (A, B, A, B …): this machine's
/// speed moves within minutes, so a ratio is taken within each round and its rounds summarised.
#[derive(Clone, Copy, Debug)]
pub struct Spread {
    /// The median.
    pub median: f64,
    /// The lowest round.
    pub min: f64,
    /// The highest round.
    pub max: f64,
}

impl Spread {
    /// Summarises `values` (at least one).
    pub fn of(values: &[f64]) -> Self {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let median = if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0 };
        Self { median, min: sorted[0], max: sorted[n - 1] }
    }
}

/// Latency percentiles and rate over `latencies` collected in `elapsed`.
pub fn summarize(mut latencies: Vec<Duration>, elapsed: Duration) -> Measured {
    latencies.sort();
    let n = latencies.len().max(1);
    let pick = |q: f64| latencies.get(((n as f64 * q) as usize).min(n - 1)).map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    Measured {
        requests: latencies.len() as u64,
        rps: latencies.len() as f64 / elapsed.as_secs_f64(),
        p50_ms: pick(0.50),
        p99_ms: pick(0.99),
    }
}

/// Loads `urls` (taken in turn) with `connections` concurrent clients for `seconds`, after a
/// one-second warm-up; the first URL's page must contain `expect`.
pub async fn measure_all(urls: &[String], seconds: u64, connections: usize, expect: &str) -> Measured {
    let client = reqwest::Client::builder().pool_max_idle_per_host(connections).build().expect("client");
    let first = client.get(&urls[0]).send().await.expect("warm-up request").text().await.expect("body");
    assert!(first.contains(expect), "{} does not show {expect:?}", urls[0]);
    let warmup = Instant::now() + Duration::from_secs(1);
    while Instant::now() < warmup {
        let _ = client.get(&urls[0]).send().await.map(|r| r.status());
    }
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..connections {
        let (client, urls) = (client.clone(), urls.to_vec());
        tasks.spawn(async move {
            let mut latencies = Vec::new();
            let mut next = worker;
            while Instant::now() < deadline {
                let sent = Instant::now();
                let response = client.get(&urls[next % urls.len()]).send().await.expect("request");
                assert!(response.status().is_success(), "{}", response.status());
                let _ = response.bytes().await.expect("body");
                latencies.push(sent.elapsed());
                next += 1;
            }
            latencies
        });
    }
    let mut all = Vec::new();
    while let Some(done) = tasks.join_next().await {
        all.extend(done.expect("load task"));
    }
    summarize(all, started.elapsed())
}

/// [`measure_all`] on one URL.
pub async fn measure(url: &str, seconds: u64, connections: usize, expect: &str) -> Measured {
    measure_all(&[url.to_owned()], seconds, connections, expect).await
}
