//! The canary crawl on SQLite and PostgreSQL: the seeded world (`ideaforge_tests::world`) carries a
//! unique canary string in every confidential field; a password reset and a registration add the
//! links mailed for them. Then, as each kind of person, the crawl reads every page reachable by
//! links and GET forms from the home page and from every readable route of `tests/authz.table`,
//! the search and similar-ideas pages and API asked for every canary, every e-mail the real SMTP
//! server received (against its recipient), the server's log output at its default filter and
//! every file of the search index. A canary seen by someone who may not see it is a leak; the
//! target is none. Every response is also checked for the security headers, `no-store` on private
//! answers, cookie attributes and internal error text.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use std::collections::{BTreeSet, VecDeque};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use ideaforge_tests::authz::{fill, rows};
use ideaforge_tests::hostile::form_encode;
use ideaforge_tests::smtp::{self, SmtpServer};
use ideaforge_tests::world::{self, Canary, PRINCIPALS, World, mail_reader};
use ideaforge_tests::{Engine, TestApp, eventually, new_client, on_both_engines, summary};

on_both_engines!(no_canary_reaches_anyone_who_may_not_see_it);

/// Pages one principal's crawl reads at most (the world has a few dozen objects).
const MAX_PAGES: usize = 600;

/// The server's log output, captured from the start of the test binary.
fn logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&buffer);
        let dir = tempfile::tempdir().expect("dir");
        let filter = ideaforge_server::Config::defaults(dir.path()).expect("defaults").log.filter;
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_writer(move || LogWriter(Arc::clone(&sink)))
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("one subscriber");
        buffer
    })
    .clone()
}

struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What the crawl counted.
#[derive(Debug, Default)]
struct Tally {
    responses: usize,
    mails: usize,
    log_lines: usize,
    index_bytes: usize,
    leaks: Vec<String>,
    header_faults: Vec<String>,
}

impl Tally {
    fn look(&mut self, canaries: &[Canary], reader: &str, text: &str, place: &str) {
        for canary in canaries {
            if !canary.readers.iter().any(|r| r == reader) && text.contains(&canary.text) {
                self.leaks.push(format!("{place} shows {} to {reader}", canary.text));
            }
        }
    }

    /// A mail may also hold what is its recipient's alone (their links, their address).
    fn look_mail(&mut self, canaries: &[Canary], reader: &str, text: &str, place: &str) {
        let own = mail_reader(reader);
        for canary in canaries {
            let allowed = canary.readers.iter().any(|r| *r == reader || *r == own);
            if !allowed && text.contains(&canary.text) {
                self.leaks.push(format!("{place} shows {}", canary.text));
            }
        }
    }
}

async fn no_canary_reaches_anyone_who_may_not_see_it(engine: Engine) {
    let logs = logs();
    let smtp = SmtpServer::start().await;
    let port = smtp.port;
    let app = TestApp::builder(engine)
        .configure(move |c| {
            c.mail = smtp::test_config(port, true);
            c.funding.settle_poll_ms = 3_600_000;
        })
        .spawn()
        .await;
    let mut world = world::seed(&app).await;
    // The links mailed to reset a password and to confirm a new address are secrets of their mail.
    let visitor = app.visitor();
    let member = world::address("member");
    let forgot = [("email", member.as_str())];
    let status = visitor.post_form("/password/forgot", &forgot).await.status();
    assert!(status.is_success() || status.is_redirection(), "forgot: {status}");
    let status = visitor.register(&world::address("newcomer"), "New Comer").await.status();
    assert!(status.is_redirection(), "register: {status}");
    // The newcomer never signs in here: their address is in their mail and on the admins' pages.
    let readers = vec![mail_reader("newcomer"), "admin".to_owned()];
    world.canaries.push(Canary { text: world::address("newcomer"), readers });
    let mailed = |m: &Vec<String>| {
        m.iter().any(|x| x.contains("/password/reset")) && m.iter().any(|x| x.contains("/verify-email"))
    };
    assert!(eventually(Duration::from_secs(30), || async { mailed(&smtp.messages()) }).await, "the links are mailed");

    let mut tally = Tally::default();
    let messages = smtp.messages();
    let mut planted = BTreeSet::new();
    for message in &messages {
        let to = smtp::header(message, "To").unwrap_or_default();
        let reader = recipient(&to);
        let body = smtp::body(message);
        for path in ["/password/reset", "/verify-email"] {
            if let Some(token) = smtp::link(&body, path).and_then(|link| smtp::query_param(&link, "t")) {
                assert!(token.len() >= 32, "a one-time link's token: {token}");
                world.canaries.push(Canary { text: token, readers: vec![mail_reader(&reader)] });
                planted.insert(path);
            }
        }
    }
    assert_eq!(planted.len(), 2, "both one-time links' tokens are canaries: {planted:?}");
    for message in &messages {
        tally.mails += 1;
        let to = smtp::header(message, "To").unwrap_or_default();
        let reader = recipient(&to);
        let subject = smtp::decoded_header(message, "Subject").unwrap_or_default();
        let text = format!("{subject}\n{}", smtp::body(message));
        tally.look_mail(&world.canaries, &reader, &text, &format!("the mail to {to}"));
    }

    for principal in PRINCIPALS {
        crawl(&app, &world, principal, &mut tally).await;
    }

    let captured = String::from_utf8_lossy(&logs.lock().expect("logs")).into_owned();
    // The access log still says which route each request took, only never the path.
    assert!(captured.contains("http.route=\"/ideas/{id}\""), "request logs name the route");
    tally.log_lines += captured.lines().count();
    for line in captured.lines() {
        tally.look(&world.canaries, "log", line, &format!("the log line {line:?}"));
    }
    let index = app.data_dir().join("index");
    for file in walk(&index) {
        let bytes = std::fs::read(&file).expect("index file");
        tally.index_bytes += bytes.len();
        let text = String::from_utf8_lossy(&bytes);
        tally.look(&world.canaries, "index", &text, &format!("index file {}", file.display()));
    }

    summary::record(
        "canary crawl",
        engine,
        &format!(
            "{} responses, {} mails, {} log lines, {} index bytes searched for {} canaries: {} leaks",
            tally.responses,
            tally.mails,
            tally.log_lines,
            tally.index_bytes,
            world.canaries.len(),
            tally.leaks.len()
        ),
    );
    summary::record(
        "headers and cookies",
        engine,
        &format!("{} responses checked: {} faults", tally.responses, tally.header_faults.len()),
    );
    assert!(tally.leaks.is_empty(), "{} leaks:\n{}", tally.leaks.len(), tally.leaks.join("\n"));
    assert!(tally.header_faults.is_empty(), "{}", tally.header_faults.join("\n"));
    app.stop().await;
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(path) = todo.pop() {
        if path.is_dir() {
            todo.extend(std::fs::read_dir(&path).expect("read dir").map(|e| e.expect("entry").path()));
        } else {
            files.push(path);
        }
    }
    files
}

/// Text that must never reach a visitor: panics, backtraces, database errors.
const INTERNAL: [&str; 8] =
    ["panicked at", "stack backtrace", "RUST_BACKTRACE", "SQLSTATE", "DbErr", "sqlx::", "sea_orm::", "src/"];

/// Reads, as `principal`, every page and API answer reachable from the table's readable routes,
/// the home page and the search for every canary; counts leaks and header faults into `tally`.
async fn crawl(app: &TestApp, world: &World, principal: &'static str, tally: &mut Tally) {
    let token = world.token(principal).to_owned();
    let client = new_client();
    let mut queue: VecDeque<String> = VecDeque::from(["/".to_owned()]);
    for row in rows() {
        let readable = row.expected[PRINCIPALS.iter().position(|p| *p == principal).expect("principal")] == 200;
        if row.method == "GET" && readable && !row.path.starts_with("/static/") {
            queue.push_back(fill(world, &row));
        }
    }
    for canary in &world.canaries {
        let q = form_encode(&canary.text);
        queue.push_back(format!("/search?q={q}"));
        queue.push_back(format!("/api/v1/search?q={q}"));
        queue.push_back(format!("/ideas/similar?title={q}"));
        queue.push_back(format!("/api/v1/ideas/similar?title={q}"));
    }
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut read = 0;
    while let Some(path) = queue.pop_front() {
        if read >= MAX_PAGES {
            break;
        }
        read += 1;
        let mut request = client.get(app.url(&path));
        if !token.is_empty() {
            request = request.bearer_auth(&token);
        }
        let response = request.send().await.expect("GET");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        tally.responses += 1;
        // A search shows what was searched for: that echo is the searcher's own text.
        let query = path.split_once('?').map_or("", |(_, q)| q);
        let text = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .fold(text, |text, (_, value)| text.replace(&decode(value), ""));
        let shown: String = headers.iter().map(|(k, v)| format!("{k}: {}\n", v.to_str().unwrap_or(""))).collect();
        tally.look(&world.canaries, principal, &format!("{shown}\n{text}"), &format!("GET {path} ({status})"));
        check_headers(&path, principal, &headers, &text, tally);
        for link in links(&text) {
            if seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
    }
}

fn check_headers(path: &str, principal: &str, headers: &reqwest::header::HeaderMap, text: &str, tally: &mut Tally) {
    let mut fault = |what: &str| tally.header_faults.push(format!("GET {path} as {principal}: {what}"));
    for (name, value) in [("x-content-type-options", "nosniff"), ("x-frame-options", "DENY")] {
        if headers.get(name).and_then(|v| v.to_str().ok()) != Some(value) {
            fault(&format!("{name} is not {value}"));
        }
    }
    for name in ["content-security-policy", "referrer-policy"] {
        if !headers.contains_key(name) {
            fault(&format!("no {name}"));
        }
    }
    let cache = headers.get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or("");
    if principal != "anonymous" && !cache.contains("no-store") {
        fault("a private answer without Cache-Control: no-store");
    }
    for cookie in headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()) {
        if !(cookie.contains("HttpOnly") && cookie.contains("SameSite=") && cookie.contains("Path=")) {
            fault(&format!("cookie without HttpOnly, SameSite and Path: {cookie}"));
        }
    }
    for needle in INTERNAL {
        if text.contains(needle) {
            fault(&format!("internal text {needle:?} in the body"));
        }
    }
}

/// The same-site links of a page: `href`s and the actions of GET forms, without fragments.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (attribute, form_only) in [("href=\"", false), ("action=\"", true)] {
        for (at, _) in html.match_indices(attribute) {
            if form_only {
                let tag_start = html[..at].rfind('<').unwrap_or(0);
                let tag_end = html[at..].find('>').map_or(html.len(), |e| at + e);
                if !html[tag_start..tag_end].contains("method=\"get\"") {
                    continue;
                }
            }
            let rest = &html[at + attribute.len()..];
            let target = rest.split('"').next().unwrap_or_default().replace("&amp;", "&");
            let target = target.split('#').next().unwrap_or_default().to_owned();
            if target.starts_with('/') && !target.starts_with("//") && !target.starts_with("/static/") {
                found.push(target);
            }
        }
    }
    found
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match (
            bytes[i],
            bytes.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()),
        ) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The local part of a `To` header's address (`"Name" <local@domain>`).
fn recipient(to: &str) -> String {
    let address = to.rsplit('<').next().unwrap_or(to);
    let local = address.split('@').next().unwrap_or_default().trim();
    local.strip_prefix("x-").unwrap_or(local).to_owned()
}
