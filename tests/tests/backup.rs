//! `ideaforge backup` and `restore` on the embedded SQLite database: a backup taken while members
//! keep writing restores into an empty data directory with its mail secret and pictures, the IP
//! register verifies, the ledger balances, and a server started on it finds the ideas by search.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ideaforge_app::ManualClock;
use ideaforge_server::backup::{backup, restore};
use ideaforge_server::{Config, start};
use ideaforge_tests::{Engine, TestApp, eventually, new_client};
use indicatif::ProgressBar;
use tokio::net::TcpListener;

#[tokio::test]
async fn a_backup_taken_while_serving_restores_whole() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    ideaforge_server::demo::load(&app.app, 0).await.expect("the demo loads");
    let picture = app.data_dir().join("pictures").join("0123abcd-logo.png");
    std::fs::create_dir_all(picture.parent().expect("a folder")).expect("pictures folder");
    std::fs::write(&picture, b"\x89PNG not really").expect("a picture");
    let mut config = Config::defaults(app.data_dir()).expect("defaults");
    config.database.url = Some(app.database_url().to_owned());

    // Members keep registering while the copy is taken.
    let writing = Arc::new(AtomicBool::new(true));
    let writer = {
        let (app, writing) = (Arc::clone(&app.app), Arc::clone(&writing));
        tokio::spawn(async move {
            let mut n = 0;
            while writing.load(Ordering::Relaxed) {
                let new =
                    ideaforge_domain::NewUser::parse(&format!("w{n}@example.com"), "Writer", "correct horse battery")
                        .expect("a member");
                app.create_user(&new).await.expect("registered while the backup runs");
                n += 1;
            }
            n
        })
    };
    let folder = tempfile::tempdir().expect("a folder");
    let file = folder.path().join("ideaforge.backup");
    let report = backup(&config, &file, &ProgressBar::hidden()).await.expect("the backup");
    writing.store(false, Ordering::Relaxed);
    assert!(writer.await.expect("the writer") > 0, "members wrote during the backup");
    assert_eq!(report.files, 2, "the mail secret and the picture");
    assert!(backup(&config, &file, &ProgressBar::hidden()).await.is_err(), "an existing file is never overwritten");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("the backup").permissions().mode();
        assert_eq!(mode & 0o077, 0, "only its owner reads a backup: {mode:o}");
    }
    let nowhere = tempfile::tempdir().expect("an empty folder");
    let wrong = Config::defaults(nowhere.path()).expect("defaults");
    let refused = backup(&wrong, &folder.path().join("empty.backup"), &ProgressBar::hidden()).await;
    assert!(refused.is_err_and(|e| e.to_string().contains("no database")), "a wrong --data-dir backs up nothing");
    assert!(!nowhere.path().join("ideaforge.db").exists(), "and creates nothing");

    let restored = tempfile::tempdir().expect("a new data directory");
    let fresh = Config::defaults(restored.path()).expect("defaults");
    let report = restore(&fresh, &file, &ProgressBar::hidden()).await.expect("the restore verifies");
    assert!(report.records > 0 && report.entries > 0, "{report:?}");
    assert_eq!(report.files, 2);
    let same =
        |name: &str| std::fs::read(app.data_dir().join(name)).ok() == std::fs::read(restored.path().join(name)).ok();
    assert!(same("mail-secret") && same("pictures/0123abcd-logo.png"), "the files beside the database come back");
    assert!(restore(&fresh, &file, &ProgressBar::hidden()).await.is_err(), "only into an empty data directory");

    // A server on the restored directory rebuilds its search index by itself.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let clock = ManualClock::new(time::OffsetDateTime::now_utc());
    let running = start(&fresh, Arc::new(clock), listener).await.expect("the restored site starts");
    let url = format!("http://{}/api/v1/search?q=%22when%20you%20come%20home%22", running.addr);
    let client = new_client();
    let found = || async {
        let answer = client.get(&url).send().await.expect("search").text().await.unwrap_or_default();
        answer.contains("Kettle that starts when you come home")
    };
    assert!(eventually(Duration::from_secs(30), found).await, "the restored ideas are found");
    running.stop().await.expect("clean shutdown");

    // PostgreSQL is backed up with pg_dump.
    let mut postgres = Config::defaults(folder.path()).expect("defaults");
    postgres.database.url = Some("postgres://postgres@127.0.0.1/ideaforge".to_owned());
    let refused = backup(&postgres, &folder.path().join("pg.backup"), &ProgressBar::hidden()).await;
    assert!(refused.is_err_and(|e| e.to_string().contains("pg_dump")));
    app.stop().await;
}
