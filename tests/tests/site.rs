//! What every visit costs and shows: pages, CSS and scripts travel compressed (brotli or gzip, as
//! the browser asks), an uncached page with its CSS and scripts is under 50 KB that way, and
//! `/favicon.ico` is served. On SQLite and PostgreSQL, with the seeded world's content.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use ideaforge_tests::{Engine, TestApp, new_client, on_both_engines, world};

on_both_engines!(pages_travel_compressed_and_the_favicon_is_served);

/// The `/static/…` files a page links (stylesheets and scripts).
fn assets_of(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attribute in ["href=\"/static/", "src=\"/static/"] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            let start = at + attribute.len() - "/static/".len();
            let end = rest[start..].find('"').map_or(rest.len(), |e| start + e);
            let url = rest[start..end].replace("&amp;", "&");
            if url.contains(".css") || url.contains(".js") {
                out.push(url);
            }
            rest = &rest[end..];
        }
    }
    out
}

async fn pages_travel_compressed_and_the_favicon_is_served(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    world::seed(&app).await;
    let client = new_client();

    let icon = client.get(app.url("/favicon.ico")).send().await.expect("favicon");
    assert_eq!(icon.status(), 200);
    assert_eq!(icon.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("image/x-icon"));
    let bytes = icon.bytes().await.expect("body");
    assert!(bytes.starts_with(&[0, 0, 1, 0]), "an ICO file");

    for path in ["/", "/contests", "/challenges", "/ideas"] {
        let plain = client.get(app.url(path)).send().await.expect("page");
        assert_eq!(plain.status(), 200, "{path}");
        assert!(plain.headers().get("content-encoding").is_none(), "{path}: not compressed when not asked");
        let html = plain.text().await.expect("html");
        let assets = assets_of(&html);
        assert!(assets.len() >= 4, "{path} links its CSS and scripts: {assets:?}");
        for encoding in ["br", "gzip"] {
            let mut total = 0;
            let mut urls = vec![path.to_owned()];
            urls.extend(assets.iter().cloned());
            for url in &urls {
                let response = client.get(app.url(url)).header("accept-encoding", encoding).send().await.expect("get");
                assert_eq!(response.status(), 200, "{url}");
                let sent = response.headers().get("content-encoding").and_then(|v| v.to_str().ok()).map(str::to_owned);
                assert_eq!(sent.as_deref(), Some(encoding), "{url} travels as {encoding}");
                total += response.bytes().await.expect("body").len();
            }
            println!("{path}: page, CSS and scripts as {encoding}: {total} bytes ({} before)", html.len());
            assert!(total < 50 * 1024, "{path} as {encoding}: {total} bytes, over 50 KB");
        }
    }
    app.stop().await;
}
