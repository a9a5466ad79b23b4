//! What every handler can reach: the application, the catalogs, the metrics and the web settings.

use std::sync::Arc;

use ideaforge_app::App;

use crate::i18n::Catalogs;
use crate::metrics::Metrics;

/// Settings owned by the web layer.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(default)]
pub struct WebConfig {
    /// The address people reach the site at, e.g. `https://ideas.example.com`. With `https`, cookies
    /// are marked Secure and HSTS is sent.
    pub public_url: Option<String>,
    /// The proxies in front of the site (addresses, or networks as `10.0.0.0/8`): when the peer is
    /// one of them, the client is the right-most `X-Forwarded-For` address that is not, so a client
    /// cannot choose its own address by sending the header. Empty: the header is ignored.
    pub trusted_proxies: Vec<String>,
    /// The largest accepted request body, in bytes.
    pub max_body_bytes: usize,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self { public_url: None, trusted_proxies: Vec::new(), max_body_bytes: 1024 * 1024 }
    }
}

impl WebConfig {
    /// Whether the site is served over https.
    pub fn is_https(&self) -> bool {
        self.public_url.as_deref().is_some_and(|u| u.starts_with("https://"))
    }
}

/// The state shared by every handler.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The use cases.
    pub app: Arc<App>,
    /// The message catalogs.
    pub catalogs: Arc<Catalogs>,
    /// Web settings.
    pub config: Arc<WebConfig>,
    /// Request counters for `/metrics`.
    pub metrics: Arc<Metrics>,
}

impl AppState {
    /// State over an application with the given web settings.
    pub fn new(app: Arc<App>, config: WebConfig) -> Self {
        Self { app, catalogs: Catalogs::embedded(), config: Arc::new(config), metrics: Arc::new(Metrics::default()) }
    }
}

impl axum::extract::FromRef<AppState> for Arc<Metrics> {
    fn from_ref(state: &AppState) -> Self {
        state.metrics.clone()
    }
}
