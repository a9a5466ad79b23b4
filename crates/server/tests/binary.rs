//! The `ideaforge` binary as an operator runs it: migrate, create a user, serve with no
//! configuration, and stop on SIGTERM. `serve` runs on SQLite and on PostgreSQL; two `serve`
//! processes share the mail outbox on PostgreSQL.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use ideaforge_store::on_both_engines;
use ideaforge_store::testing::{Engine, TestDb};
use tokio::process::Command;

mod common;
use common::{announced_address, ideaforge};

#[tokio::test]
async fn migrate_and_create_user_from_the_command_line() {
    let dir = tempfile::tempdir().expect("dir");
    let migrate = ideaforge(dir.path()).args(["migrate", "--data-dir", "state"]).output().await.expect("run");
    assert!(migrate.status.success(), "{}", String::from_utf8_lossy(&migrate.stderr));
    assert!(dir.path().join("state/ideaforge.db").exists());

    let args = ["admin", "create-user", "--email", "root@example.com", "--password", "correct horse battery"];
    let created =
        ideaforge(dir.path()).args(args).args(["--role", "admin", "--data-dir", "state"]).output().await.expect("run");
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    assert!(String::from_utf8_lossy(&created.stdout).contains("created root@example.com (admin)"));

    let again = ideaforge(dir.path()).args(args).args(["--data-dir", "state"]).output().await.expect("run");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    let bad = ideaforge(dir.path())
        .args(["admin", "create-user", "--email", "x", "--password", "short", "--data-dir", "state"])
        .output()
        .await
        .expect("run");
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("email is not valid") && stderr.contains("password must be at least 8"), "{stderr}");

    let role = ideaforge(dir.path())
        .args(["admin", "create-user", "--email", "a@example.com", "--password", "correct horse", "--role", "root"])
        .output()
        .await
        .expect("run");
    assert!(!role.status.success());
}

on_both_engines!(serve_answers_and_stops_on_sigterm, verify_ip_names_the_first_tampered_record);

/// The demo writes register records (ideas authored, selected and licensed, shares, a challenge's
/// agreement and solution); the untouched chain verifies, and editing any row directly in the
/// database makes `verify-ip` exit 1 naming that record.
async fn verify_ip_names_the_first_tampered_record(engine: Engine) {
    let dir = tempfile::tempdir().expect("dir");
    let db = TestDb::new(engine).await;
    let run = |args: &[&str]| {
        let mut command = ideaforge(dir.path());
        command.args(args).env("IDEAFORGE_DATABASE_URL", &db.config().url);
        command.output()
    };
    let demo = run(&["demo"]).await.expect("demo");
    assert!(demo.status.success(), "{}", String::from_utf8_lossy(&demo.stderr));
    let clean = run(&["verify-ip"]).await.expect("verify-ip");
    let stdout = String::from_utf8_lossy(&clean.stdout);
    assert!(clean.status.success() && stdout.contains("the IP register verifies"), "{stdout}");

    assert_eq!(db.execute("UPDATE ip_records SET terms = 'all rights to Mallory' WHERE seq = 7").await, 1);
    let broken = run(&["verify-ip"]).await.expect("verify-ip");
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert_eq!(broken.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("record 7:"), "names the record: {stderr}");
}

async fn serve_answers_and_stops_on_sigterm(engine: Engine) {
    let dir = tempfile::tempdir().expect("dir");
    let db = TestDb::new(engine).await;
    let mut command = ideaforge(dir.path());
    command.args(["serve", "--addr", "127.0.0.1:0", "--demo"]).stdout(Stdio::piped()).stderr(Stdio::null());
    if engine == Engine::Postgres {
        command.env("IDEAFORGE_DATABASE_URL", &db.config().url);
    }
    let mut child = command.spawn().expect("serve starts");
    let (base, _stdout) = announced_address(&mut child).await;
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    if engine == Engine::Sqlite {
        assert!(dir.path().join("data/ideaforge.db").exists(), "SQLite in ./data by default");
    }

    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let home = client.get(format!("{base}/")).send().await.expect("GET /");
    assert_eq!(home.status(), 200);
    assert!(home.text().await.expect("body").contains("Idea contests"));
    let demo = client
        .post(format!("{base}/signin"))
        .form(&[("email", "admin@demo.ideaforge.dev"), ("password", "ideaforge-demo")])
        .send()
        .await
        .expect("POST /signin");
    assert_eq!(demo.status(), 303, "the demo admin can sign in");
    let challenges = client.get(format!("{base}/challenges")).send().await.expect("GET /challenges");
    let challenges = challenges.text().await.expect("body");
    assert!(challenges.contains("A coffee capsule that composts at home"), "the demo challenge is open");
    assert!(challenges.contains("Anonymous seeker") && !challenges.contains("Acme"), "and its seeker hidden");

    let pid = child.id().expect("pid").to_string();
    let kill = Command::new("kill").args(["-TERM", &pid]).status().await.expect("kill");
    assert!(kill.success());
    let status = tokio::time::timeout(Duration::from_secs(20), child.wait()).await.expect("exits").expect("status");
    assert!(status.success(), "graceful shutdown exits 0, got {status}");
}

#[tokio::test]
async fn reindex_rebuilds_from_the_database_and_serve_repairs_a_corrupt_index() {
    let dir = tempfile::tempdir().expect("dir");
    let demo =
        ideaforge(dir.path()).args(["demo", "--ideas", "500", "--data-dir", "state"]).output().await.expect("run");
    assert!(demo.status.success(), "{}", String::from_utf8_lossy(&demo.stderr));

    let reindex = ideaforge(dir.path()).args(["reindex", "--data-dir", "state"]).output().await.expect("run");
    assert!(reindex.status.success(), "{}", String::from_utf8_lossy(&reindex.stderr));
    let stdout = String::from_utf8_lossy(&reindex.stdout);
    assert!(stdout.starts_with("indexed 5") && stdout.contains(" ideas in "), "{stdout}");
    assert!(!String::from_utf8_lossy(&reindex.stderr).contains('\u{1b}'), "no progress bar without a terminal");
    let meta = dir.path().join("state/index/meta.json");
    assert!(meta.exists());

    // A corrupt index is rebuilt when the server starts, and search works once it is.
    std::fs::write(&meta, "{ not json").expect("corrupt the index");
    let mut child = ideaforge(dir.path())
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir", "state"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts");
    let (base, _stdout) = announced_address(&mut child).await;
    let client = reqwest::Client::new();
    let mut found = false;
    for _ in 0..100 {
        let response = client.get(format!("{base}/api/v1/search?q=kettle")).send().await.expect("search");
        if response.status() == 200 {
            let body: serde_json::Value = response.json().await.expect("json");
            found = body["total"].as_u64().is_some_and(|total| total > 0);
            break;
        }
        assert_eq!(response.status(), 503, "while the index is built, search says so");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(found, "the rebuilt index finds the demo kettle");
    child.kill().await.expect("kill");
}

/// A free loopback port.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port()
}

/// `ideaforge serve` as one mail node of several: PostgreSQL, SMTP on `smtp_port`, quick retries.
fn mail_node(dir: &Path, database: &str, smtp_port: u16) -> Command {
    let mut command = ideaforge(dir);
    command
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir", "state"])
        .env("IDEAFORGE_DATABASE_URL", database)
        .env("IDEAFORGE__MAIL__TRANSPORT", "smtp")
        .env("IDEAFORGE__MAIL__SMTP_HOST", "127.0.0.1")
        .env("IDEAFORGE__MAIL__SMTP_PORT", smtp_port.to_string())
        .env("IDEAFORGE__MAIL__SMTP_TIMEOUT_SECS", "2")
        .env("IDEAFORGE__MAIL__POLL_MS", "50")
        .env("IDEAFORGE__MAIL__RETRY_BASE_MS", "100")
        .env("IDEAFORGE__MAIL__RETRY_CAP_MS", "500")
        .env("IDEAFORGE__MAIL__LEASE_SECS", "3")
        .env("IDEAFORGE__MAIL__MAX_ATTEMPTS", "1000")
        .env("IDEAFORGE__MAIL__SECRET", "one-secret-shared-by-every-node")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    command
}

/// The `Message-ID` of every message in a Maildir.
fn delivered_ids(maildir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(maildir.join("new")) else { return Vec::new() };
    entries
        .flatten()
        .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
        .filter_map(|text| {
            text.lines().find(|l| l.to_ascii_lowercase().starts_with("message-id:")).map(|l| l[11..].trim().to_owned())
        })
        .collect()
}

/// Two mailer processes on one PostgreSQL database: 200 messages queue up while SMTP is down, one
/// process is killed (SIGKILL, leaving its claims behind) and started again, SMTP comes back — and
/// each message arrives exactly once.
#[tokio::test]
async fn two_mailer_processes_deliver_every_message_exactly_once() {
    use ideaforge_domain::notification::AccountMail;
    use ideaforge_domain::{DisplayName, Email, Role};

    let db = TestDb::new(Engine::Postgres).await;
    let store = ideaforge_store::Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let (email, name) = (Email::parse("ada@example.com").expect("email"), DisplayName::parse("Ada").expect("name"));
    let record = ideaforge_store::NewUserRecord {
        email: &email,
        display_name: &name,
        password_hash: "",
        role: Role::Member,
        language: None,
        email_verified: true,
    };
    let now = time::OffsetDateTime::now_utc();
    let ada = store.create_user(record, now).await.expect("user");
    let payload = serde_json::json!({"email": "ada@example.com"});
    for _ in 0..200 {
        store.queue_account_mail(ada.id, AccountMail::VerifyEmail, &payload, now).await.expect("queue");
    }

    // Both nodes start while SMTP is down: every attempt fails and is retried.
    let smtp_port = free_port();
    let (dir_a, dir_b) = (tempfile::tempdir().expect("dir"), tempfile::tempdir().expect("dir"));
    let url = db.config().url.clone();
    let mut node_a = mail_node(dir_a.path(), &url, smtp_port).spawn().expect("node A");
    let mut node_b = mail_node(dir_b.path(), &url, smtp_port).spawn().expect("node B");
    let (_, _stdout_a) = announced_address(&mut node_a).await;
    let (_, _stdout_b) = announced_address(&mut node_b).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(store.outbox_counts().await.expect("counts").sent, 0, "nothing could be sent");

    // Node A dies mid-outage; it comes back; then SMTP does.
    node_a.start_kill().expect("kill");
    let _ = node_a.wait().await;
    let mut node_a = mail_node(dir_a.path(), &url, smtp_port).spawn().expect("node A again");
    let (_, _stdout_a) = announced_address(&mut node_a).await;
    let mail_dir = tempfile::tempdir().expect("maildir");
    let maildir = mail_dir.path().join("maildir");
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let mut smtp = Command::new(&python)
        .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{smtp_port}"), "-c", "aiosmtpd.handlers.Mailbox"])
        .arg(&maildir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("aiosmtpd starts (pip install aiosmtpd; scripts/test does)");

    let arrived = tokio::time::timeout(Duration::from_secs(90), async {
        while delivered_ids(&maildir).len() < 200 {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    assert!(arrived.is_ok(), "all 200 arrive ({} so far)", delivered_ids(&maildir).len());
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let ids = delivered_ids(&maildir);
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!((ids.len(), unique.len()), (200, 200), "exactly once each");
    let counts = store.outbox_counts().await.expect("counts");
    assert_eq!((counts.queued, counts.sent, counts.failed), (0, 200, 0));
    for mut node in [node_a, node_b] {
        let _ = node.start_kill();
        let _ = node.wait().await;
    }
    let _ = smtp.kill().await;
}
