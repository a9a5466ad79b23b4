//! A real OpenID Connect provider on loopback (npm `oidc-provider`, pinned by `tests/oidc/
//! package-lock.json`; the test command runs `npm ci` there), and a helper that drives its login
//! and consent forms over HTTP as a person would.

use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::Visitor;

/// The client id the app is registered with.
pub const CLIENT_ID: &str = "ideaforge";
/// Its secret.
pub const CLIENT_SECRET: &str = "s3cret-for-tests-only";

/// A running provider.
#[derive(Debug)]
pub struct OidcProvider {
    child: Child,
    /// Its issuer URL (`http://127.0.0.1:<port>`).
    pub issuer: String,
}

/// A free loopback port, for a provider the app must know before it starts.
pub fn reserve_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").port()
}

/// The people who can sign in at the test provider (login `ada`/`bea`/`eve`, password `pw`).
fn accounts() -> Value {
    json!([
        {"login": "ada", "password": "pw", "sub": "ada-sub-1", "email": "ada@example.com",
         "email_verified": true, "name": "Ada Lovelace"},
        {"login": "bea", "password": "pw", "sub": "bea-sub-2", "email": "bea@example.com",
         "email_verified": true, "name": "Bea <b>Bold</b>"},
        {"login": "eve", "password": "pw", "sub": "eve-sub-3", "email": "eve@example.com",
         "email_verified": false, "name": "Eve"},
    ])
}

impl OidcProvider {
    /// The issuer a provider on `port` will have.
    pub fn issuer_on(port: u16) -> String {
        format!("http://127.0.0.1:{port}")
    }

    /// Starts a provider on `port` that sends people back to `redirect_uri`; `forge` rewrites
    /// the ID token's claims (see `tests/oidc/README.md`).
    pub async fn start(port: u16, redirect_uri: &str, forge: Option<Value>) -> Self {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("oidc");
        assert!(
            dir.join("node_modules").join("oidc-provider").exists(),
            "the OpenID provider is not installed: run `npm ci --prefix tests/oidc` (scripts/test does)"
        );
        let config = json!({
            "port": port,
            "clients": [{"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uris": [redirect_uri]}],
            "accounts": accounts(),
            "forge": forge,
        });
        let mut child = Command::new("node")
            .arg(dir.join("provider.mjs"))
            .env("OIDC_CONFIG", config.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(if std::env::var_os("IDEAFORGE_TEST_VERBOSE").is_some() { Stdio::inherit() } else { Stdio::null() })
            .kill_on_drop(true)
            .spawn()
            .expect("node starts (is Node.js installed?)");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let first = tokio::time::timeout(Duration::from_secs(60), lines.next_line())
            .await
            .expect("the provider starts within a minute")
            .expect("read")
            .expect("a ready line");
        let ready: Value = serde_json::from_str(&first).expect("JSON");
        let issuer = ready["issuer"].as_str().expect("issuer").to_owned();
        assert_eq!(issuer, Self::issuer_on(port));
        Self { child, issuer }
    }

    /// Stops it.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

/// What to do on the provider's consent page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Consent {
    /// Allow.
    Approve,
    /// Cancel.
    Cancel,
}

fn action_of(page: &str, form_id: &str) -> Option<String> {
    let form = &page[page.find(&format!("id=\"{form_id}\""))?..];
    let start = form.find("action=\"")? + "action=\"".len();
    Some(form[start..].split('"').next()?.replace("&amp;", "&"))
}

/// Follows the provider from `url` (its authorization URL) as a person would: logs in as `login`
/// (password `pw`) if it asks, answers the consent page, and returns the URL it finally sends the
/// browser to on `app_base` (the callback, not yet opened).
pub async fn sign_in_at_provider(
    visitor: &Visitor,
    url: &str,
    issuer: &str,
    app_base: &str,
    login: &str,
    consent: Consent,
) -> String {
    let absolute = |location: &str| {
        if location.starts_with("http") { location.to_owned() } else { format!("{issuer}{location}") }
    };
    let mut next = url.to_owned();
    for _ in 0..20 {
        if next.starts_with(app_base) {
            return next;
        }
        let response = visitor.client.get(&next).send().await.expect("GET at the provider");
        if response.status().is_redirection() {
            next = absolute(response.headers()["location"].to_str().expect("location"));
            continue;
        }
        let page = response.text().await.expect("page");
        let posted = if let Some(action) = action_of(&page, "login-form") {
            let form = [("login", login), ("password", "pw")];
            visitor.client.post(absolute(&action)).form(&form).send().await.expect("log in")
        } else if let Some(action) =
            action_of(&page, if consent == Consent::Approve { "approve-form" } else { "cancel-form" })
        {
            visitor.client.post(absolute(&action)).form(&[("_", "")]).send().await.expect("consent")
        } else {
            panic!("an unexpected page at the provider: {page}");
        };
        assert!(posted.status().is_redirection(), "the provider's form redirects: {}", posted.status());
        next = absolute(posted.headers()["location"].to_str().expect("location"));
    }
    panic!("the provider never sent the browser back")
}
