//! Static files embedded in the binary and served with long cache lifetimes.
//!
//! Pages link each file with `?v=<content hash>`, so a new build busts caches while browsers may
//! keep any one version for a year.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::error::WebError;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
    version: String,
}

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    let files: [(&str, &str, &[u8]); 7] = [
        ("pico.min.css", "text/css; charset=utf-8", include_bytes!("../../../static/vendor/pico-2.1.1.min.css")),
        ("htmx.min.js", "text/javascript; charset=utf-8", include_bytes!("../../../static/vendor/htmx-2.0.11.min.js")),
        ("app.css", "text/css; charset=utf-8", include_bytes!("../../../static/app.css")),
        ("app.js", "text/javascript; charset=utf-8", include_bytes!("../../../static/app.js")),
        ("logo.svg", "image/svg+xml", include_bytes!("../../../static/logo.svg")),
        ("favicon.ico", "image/x-icon", include_bytes!("../../../static/favicon.ico")),
        ("og.png", "image/png", include_bytes!("../../../static/og.png")),
    ];
    files
        .into_iter()
        .map(|(name, content_type, body)| {
            let digest = Sha256::digest(body);
            let version = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
            Asset { name, content_type, body, version }
        })
        .collect()
});

/// The URL of an embedded file, with its version for cache busting.
pub fn url(name: &str) -> String {
    let version = ASSETS.iter().find(|a| a.name == name).map_or("0", |a| a.version.as_str());
    format!("/static/{name}?v={version}")
}

/// An embedded file with its type and how long it may be cached.
fn respond(name: &str, cache: &'static str) -> Result<Response, WebError> {
    let asset = ASSETS.iter().find(|a| a.name == name).ok_or(WebError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        asset.body,
    )
        .into_response())
}

/// `GET /static/{name}`
pub async fn serve_asset(Path(name): Path<String>) -> Result<Response, WebError> {
    respond(&name, "public, max-age=31536000, immutable")
}

/// `GET /favicon.ico`: browsers ask for it on a first visit whatever the page links; cached for a
/// day, since its address cannot carry a version.
pub async fn serve_favicon() -> Result<Response, WebError> {
    respond("favicon.ico", "public, max-age=86400")
}
