//! The end-to-end test harness: [`TestApp`] starts the real server on port 0 over a fresh database
//! (SQLite or PostgreSQL), with a clock the test can move; [`Browser`] drives headless Chromium
//! through chromedriver. Every test gets its own server, database and browser: nothing is shared.
#![expect(clippy::expect_used, clippy::panic, reason = "the harness fails the test loudly on set-up errors")]

pub mod api;
pub mod authz;
pub mod hostile;
pub mod load;
pub mod oidc;
pub mod receiver;
pub mod smtp;
pub mod summary;
pub mod world;

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ideaforge_app::{App, ManualClock};
use ideaforge_server::{Config, Running, start};
use ideaforge_store::testing::TestDb;
use tempfile::TempDir;
use time::OffsetDateTime;
use tokio::net::TcpListener;
use tokio::process::{Child, Command};

pub use api::Api;
pub use ideaforge_store::on_both_engines;
pub use ideaforge_store::testing::Engine;
pub use smtp::SmtpServer;

/// A password every test account uses.
pub const PASSWORD: &str = "correct horse battery";

/// A running Ideaforge with its own database and data directory.
#[derive(Debug)]
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// The default visitor; [`TestApp::visitor`] makes more.
    visitor: Visitor,
    /// The server's clock.
    pub clock: ManualClock,
    /// The application, for checking what was stored.
    pub app: Arc<App>,
    running: Option<Running>,
    _db: TestDb,
    _dir: TempDir,
}

/// A builder for [`TestApp`], for tests that need other settings.
pub struct TestAppBuilder {
    engine: Engine,
    tweak: Vec<Tweak>,
}

/// A change to the configuration before the server starts.
type Tweak = Box<dyn FnOnce(&mut Config) + Send>;

impl std::fmt::Debug for TestAppBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestAppBuilder").field("engine", &self.engine).field("tweaks", &self.tweak.len()).finish()
    }
}

impl TestAppBuilder {
    /// Changes the configuration before the server starts.
    pub fn configure(mut self, tweak: impl FnOnce(&mut Config) + Send + 'static) -> Self {
        self.tweak.push(Box::new(tweak));
        self
    }

    /// Starts the server.
    pub async fn spawn(self) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = TestDb::new(self.engine).await;
        let mut config = Config::defaults(dir.path()).expect("default config");
        config.database.url = Some(db.config().url.clone());
        for tweak in self.tweak {
            tweak(&mut config);
        }
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let clock = ManualClock::new(OffsetDateTime::now_utc());
        let running = start(&config, Arc::new(clock.clone()), listener).await.expect("server starts");
        let base = format!("http://{}", running.addr);
        TestApp {
            visitor: Visitor { base: base.clone(), client: new_client() },
            base,
            clock,
            app: Arc::clone(&running.app),
            running: Some(running),
            _db: db,
            _dir: dir,
        }
    }
}

/// Where screenshots are kept (`$IDEAFORGE_ARTIFACTS/screens`, else `target/artifacts/screens`).
pub fn screens_dir() -> PathBuf {
    let dir = std::env::var_os("IDEAFORGE_ARTIFACTS")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/artifacts"), PathBuf::from)
        .join("screens");
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    dir
}

/// A client with its own cookie jar that does not follow redirects.
pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("http client")
}

impl TestApp {
    /// A builder on `engine`.
    pub fn builder(engine: Engine) -> TestAppBuilder {
        TestAppBuilder { engine, tweak: Vec::new() }
    }

    /// Starts a server with the default test settings on `engine`.
    pub async fn spawn(engine: Engine) -> Self {
        Self::builder(engine).spawn().await
    }

    /// Another visitor, with its own cookie jar (a second browser or device).
    pub fn visitor(&self) -> Visitor {
        Visitor { base: self.base.clone(), client: new_client() }
    }

    /// Creates an account directly (any role) and returns it with a bearer token for the API.
    pub async fn member(
        &self,
        email: &str,
        name: &str,
        role: ideaforge_domain::Role,
    ) -> (ideaforge_domain::User, String) {
        let mut new = ideaforge_domain::NewUser::parse(email, name, PASSWORD).expect("valid member");
        new.role = role;
        new.email_verified = true;
        let user = self.app.create_user(&new).await.expect("create member");
        let token_name = ideaforge_domain::TokenName::parse("tests").expect("name");
        let (_, secret) = self.app.issue_full_token(&user, &token_name).await.expect("token");
        (user, secret.expose().to_owned())
    }

    /// Marks a member's address as confirmed, as following the link in their confirmation message
    /// does (the link itself is proven by the account tests).
    pub async fn confirm(&self, email: &str) {
        let email = ideaforge_domain::Email::parse(email).expect("an e-mail address");
        let store = self.app.store();
        let (user, _) = store.user_with_password(&email).await.expect("read").expect("a member");
        assert!(store.verify_email(user.id, &email, OffsetDateTime::now_utc()).await.expect("confirm"));
    }

    /// The database's URL (for a second application on the same database).
    pub fn database_url(&self) -> &str {
        &self._db.config().url
    }

    /// The server's data directory (its search index lives in `index/` there).
    pub fn data_dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    /// How many accounts are stored.
    pub async fn user_count(&self) -> u64 {
        self.app.store().count_users().await.expect("count users")
    }

    /// Checks the ledger's invariants: every transaction balances, every currency sums to zero,
    /// and no account but the outside world's is negative.
    pub async fn check_ledger(&self) {
        let store = self.app.store();
        assert_eq!(store.unbalanced_transactions().await.expect("ledger"), Vec::<i64>::new(), "unbalanced");
        let entries = store.ledger_entries().await.expect("ledger entries");
        ideaforge_domain::ledger::check_invariants(&entries).expect("ledger invariants hold");
    }

    /// Checks the ledger's invariants, then stops the server gracefully and checks that it ended
    /// cleanly.
    pub async fn stop(mut self) {
        self.check_ledger().await;
        if let Some(running) = self.running.take() {
            running.stop().await.expect("clean shutdown");
        }
    }
}

impl std::ops::Deref for TestApp {
    type Target = Visitor;
    fn deref(&self) -> &Visitor {
        &self.visitor
    }
}

/// Someone using the site: a cookie jar that does not follow redirects, like a careful browser.
#[derive(Clone, Debug)]
pub struct Visitor {
    base: String,
    /// The HTTP client, for requests the helpers do not cover.
    pub client: reqwest::Client,
}

impl Visitor {
    /// The absolute URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `GET` with this visitor's cookies.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// `POST` a form as a same-origin browser would.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client.post(self.url(path)).header("sec-fetch-site", "same-origin").form(form).send().await.expect("POST")
    }

    /// Registers through the HTML form (and so signs in).
    pub async fn register(&self, email: &str, name: &str) -> reqwest::Response {
        self.post_form("/register", &[("email", email), ("display_name", name), ("password", PASSWORD)]).await
    }

    /// Signs in through the HTML form.
    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.post_form("/signin", &[("email", email), ("password", password)]).await
    }
}

/// The value of a response's `Set-Cookie` for `name`, if it sets one.
pub fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

/// Polls `check` until it returns true or `timeout` passes.
pub async fn eventually<F, Fut>(timeout: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if check().await {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Headless Chromium driven through chromedriver.
#[derive(Debug)]
pub struct Browser {
    /// The WebDriver client.
    pub client: fantoccini::Client,
    driver: Child,
    _profile: TempDir,
}

fn find_program(env: &str, candidates: &[&str]) -> PathBuf {
    if let Some(path) = std::env::var_os(env) {
        return PathBuf::from(path);
    }
    candidates
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("{} not found: install chromium and chromium-driver, or set {env}", candidates[0]))
}

impl Browser {
    /// Starts chromedriver on a free port and opens a headless Chromium session.
    pub async fn start() -> Self {
        Self::start_with(&[]).await
    }

    /// Like [`Browser::start`], with Chromium's dark colour scheme (`prefers-color-scheme: dark`).
    pub async fn start_dark() -> Self {
        Self::start_with(&["--force-dark-mode"]).await
    }

    async fn start_with(extra: &[&str]) -> Self {
        let driver_path = find_program("CHROMEDRIVER", &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]);
        let chrome_path = find_program("CHROME", &["/usr/bin/chromium", "/usr/bin/chromium-browser"]);
        let port = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
            probe.local_addr().expect("addr").port()
        };
        let driver = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("chromedriver starts");
        let status = format!("http://127.0.0.1:{port}/status");
        let probe = reqwest::Client::new();
        let up = eventually(Duration::from_secs(20), || {
            let request = probe.get(&status).send();
            async move { request.await.is_ok_and(|r| r.status().is_success()) }
        })
        .await;
        assert!(up, "chromedriver did not answer on port {port}");

        let profile = tempfile::tempdir().expect("profile dir");
        let args = [
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--window-size=1280,900".to_owned(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let args: Vec<String> = args.into_iter().chain(extra.iter().map(|a| (*a).to_owned())).collect();
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".to_owned(), serde_json::json!({ "binary": chrome_path, "args": args }));
        let client = fantoccini::ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("WebDriver session");
        Self { client, driver, _profile: profile }
    }

    /// Types `value` into the field matching `css`.
    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.client.find(fantoccini::Locator::Css(css)).await;
        assert!(field.is_ok(), "{css} is on the page");
        field.expect("field").send_keys(value).await.expect("typing");
    }

    /// Clicks the element matching `css`.
    pub async fn click(&self, css: &str) {
        let element = self.client.find(fantoccini::Locator::Css(css)).await;
        assert!(element.is_ok(), "{css} is on the page");
        element.expect("element").click().await.expect("click");
    }

    /// Whether the page's source comes to contain `text` within ten seconds.
    pub async fn page_contains(&self, text: &str) -> bool {
        eventually(Duration::from_secs(10), || async {
            self.client.source().await.is_ok_and(|html| html.contains(text))
        })
        .await
    }

    /// Signs in through the sign-in page with the test password.
    pub async fn sign_in(&self, app: &TestApp, email: &str) {
        self.client.goto(&app.url("/signin")).await.expect("sign-in page");
        self.fill("#field-email", email).await;
        self.fill("#field-password", PASSWORD).await;
        self.click("main form button[type=submit]").await;
        assert!(self.page_contains("data-testid=\"signed-in-as\"").await, "{email} signed in");
    }

    /// Signs out with the button in the account menu (opened first).
    pub async fn sign_out(&self) {
        self.click(".account-menu summary").await;
        self.click(".account-menu form button").await;
        assert!(self.page_contains("You are signed out.").await);
    }

    /// Ends the session (Chromium quits) and stops chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill().await;
    }
}
