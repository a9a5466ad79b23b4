//! What every visit costs and shows: pages, CSS and scripts travel compressed (brotli or gzip, as
//! the browser asks), an uncached page with its CSS and scripts is under 50 KB that way, and
//! `/favicon.ico` is served; public pages carry a description and Open Graph tags whose picture is
//! served, so a shared link shows a title and an image. On SQLite and PostgreSQL, with the seeded
//! world's content.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use ideaforge_tests::{Engine, TestApp, new_client, on_both_engines, world};

on_both_engines!(
    pages_travel_compressed_and_the_favicon_is_served,
    shared_links_show_a_title_a_description_and_a_picture
);

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

/// The `content` of the first `<meta>` whose `key` attribute is `name` (maud writes attributes in a
/// fixed order, with `&amp;`-escaped values).
fn meta(html: &str, key: &str, name: &str) -> Option<String> {
    let needle = format!("<meta {key}=\"{name}\" content=\"");
    let start = html.find(&needle)? + needle.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].replace("&amp;", "&"))
}

async fn shared_links_show_a_title_a_description_and_a_picture(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let world = world::seed(&app).await;
    let client = new_client();
    let id = |name: &str| world.objects[name]["id"].clone();
    // The page's own title and the first words of its text; the site's description on the home page.
    let pages = [
        ("/".to_owned(), "Ideaforge", "Idea contests, bounty challenges"),
        (format!("/contests/{}", id("contest.open")), "Kitchens closing in 10 days", "Ideas"),
        (
            format!("/challenges/{}", id("challenge.open")),
            "A compostable capsule (open)",
            "A coffee capsule that composts",
        ),
    ];
    for (path, title, description) in &pages {
        let html = client.get(app.url(path)).send().await.expect("page").text().await.expect("html");
        let said = meta(&html, "name", "description").unwrap_or_default();
        assert!(said.starts_with(description), "{path}: the description is {said:?}");
        assert_eq!(meta(&html, "property", "og:description"), Some(said), "{path}");
        assert_eq!(meta(&html, "property", "og:title").as_deref(), Some(*title), "{path}");
        assert_eq!(meta(&html, "property", "og:url"), Some(app.url(path)), "{path}: its own address, absolute");
        let image = meta(&html, "property", "og:image").unwrap_or_default();
        assert!(image.starts_with(&app.url("/static/og.png")), "{path}: an absolute picture: {image:?}");
        let picture = client.get(&image).send().await.expect("picture");
        assert_eq!(picture.status(), 200);
        assert_eq!(picture.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("image/png"));
        assert!(picture.bytes().await.expect("body").starts_with(b"\x89PNG"), "a PNG");
    }
    app.stop().await;
}
