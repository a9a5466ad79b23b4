//! The main flow in Korean and in Italian, in Chromium: a visitor picks the language with the
//! footer's switcher, registers, submits an idea, votes, comments, accepts a challenge's agreement
//! and submits a solution. Every page on the way is read for English: no text of the English
//! catalog may show (its messages split at their variables; what the other language writes the
//! same, like "Ideaforge", does not count), and money is written the language's way.
#![expect(clippy::expect_used, clippy::panic, reason = "a failed step fails the test")]

use std::collections::BTreeMap;
use std::time::Duration;

use fantoccini::Locator;
use ideaforge_tests::world::{self, World};
use ideaforge_tests::{Browser, Engine, PASSWORD, TestApp, eventually};

/// A catalog's single-line messages by id (selectors and their variants are left out).
fn catalog(tag: &str) -> BTreeMap<String, String> {
    let path = format!("{}/../locales/{tag}.ftl", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("catalog");
    text.lines()
        .filter(|line| !line.starts_with(['#', ' ']))
        .filter_map(|line| line.split_once(" = "))
        .map(|(id, value)| (id.to_owned(), value.to_owned()))
        .collect()
}

/// The English texts no page in `tag` may show: each message's literal runs between variables,
/// of two words and eight letters or more, unless the other catalog's message has them too.
fn english_texts(tag: &str) -> Vec<(String, String)> {
    let (english, other) = (catalog("en"), catalog(tag));
    let mut texts = Vec::new();
    for (id, value) in english {
        let theirs = other.get(&id).cloned().unwrap_or_default();
        for run in value.split('{').map(|part| part.rsplit('}').next().unwrap_or(part)) {
            let run = run.trim().trim_end_matches([':', '.', ',']).trim();
            if run.split_whitespace().count() >= 2 && run.len() >= 8 && !theirs.contains(run) {
                texts.push((id.clone(), run.to_owned()));
            }
        }
    }
    texts
}

struct Walk<'a> {
    app: &'a TestApp,
    browser: Browser,
    english: Vec<(String, String)>,
    pages: usize,
    found: Vec<String>,
}

impl Walk<'_> {
    /// Reads the page as shown for English texts.
    async fn read(&mut self, step: &str) {
        let text = self.browser.client.execute("return document.body.innerText;", vec![]).await.expect("text");
        let text = text.as_str().unwrap_or_default().to_owned();
        self.pages += 1;
        for (id, english) in &self.english {
            if text.contains(english.as_str()) {
                self.found.push(format!("{step}: {english:?} ({id})"));
            }
        }
    }

    async fn goto(&mut self, path: &str, step: &str) {
        self.browser.client.goto(&self.app.url(path)).await.expect("page");
        self.read(step).await;
    }

    async fn wait_for(&self, css: &str) {
        let c = &self.browser.client;
        let shown = eventually(Duration::from_secs(10), || async { c.find(Locator::Css(css)).await.is_ok() }).await;
        if !shown {
            let text = c.execute("return document.body.innerText;", vec![]).await.expect("text");
            let url = c.current_url().await.map(|u| u.to_string()).unwrap_or_default();
            panic!("{css} does not show on {url}:\n{}", text.as_str().unwrap_or_default());
        }
    }
}

fn id(world: &World, name: &str) -> String {
    world.objects[name]["id"].clone()
}

async fn walk_the_main_flow(engine: Engine, tag: &str, name: &str) {
    let app = TestApp::spawn(engine).await;
    let world = world::seed(&app).await;
    let english = english_texts(tag);
    assert!(english.len() > 500, "the English catalog's texts: {}", english.len());
    let mut walk = Walk { app: &app, browser: Browser::start().await, english, pages: 0, found: Vec::new() };

    // The footer's switcher, as a visitor uses it.
    walk.browser.client.goto(&app.url("/contests")).await.expect("contests");
    let select = walk.browser.client.find(Locator::Css("#language-switch")).await.expect("switcher");
    select.select_by_value(tag).await.expect("choose");
    walk.browser.click("form.language button").await;
    let lang = format!("<html lang=\"{tag}\"");
    assert!(walk.browser.page_contains(&lang).await, "the page is in {tag}");
    walk.read("contests").await;

    // Register (the account keeps the language) and prove the address.
    let email = format!("{tag}-walker@example.com");
    walk.goto("/register", "register").await;
    walk.browser.fill("#field-email", &email).await;
    walk.browser.fill("#field-display_name", name).await;
    walk.browser.fill("#field-password", PASSWORD).await;
    walk.browser.click("main form button[type=submit]").await;
    walk.wait_for("[data-testid=signed-in-as]").await;
    walk.read("registered").await;
    assert!(walk.browser.page_contains(&lang).await, "the new account keeps {tag}");
    app.confirm(&email).await;

    // An idea for the open contest.
    walk.goto(&format!("/contests/{}", id(&world, "contest.open")), "contest").await;
    walk.browser.click("[data-testid=take-part]").await;
    walk.wait_for("#field-title").await;
    walk.read("new idea").await;
    walk.browser.fill("#field-title", &format!("{name}: 조용한 주전자 / bollitore")).await;
    walk.browser.fill("#field-summary", "주전자 / un bollitore silenzioso").await;
    walk.browser.fill("#field-body", "밤에도 조용해요 / silenzioso anche di notte").await;
    walk.browser.click("main form button[type=submit]").await;
    walk.wait_for(".flash").await;
    walk.read("idea submitted").await;

    // A vote and a comment on someone else's idea.
    walk.goto(&format!("/ideas/{}", id(&world, "idea")), "idea").await;
    walk.browser.click("form.vote button").await;
    walk.wait_for("form.vote button.voted").await;
    walk.read("voted").await;
    walk.browser.fill("#field-body", "좋아요 / mi piace").await;
    walk.browser.click("#new-comment button").await;
    assert!(walk.browser.page_contains("좋아요 / mi piace").await, "the comment shows");
    walk.read("commented").await;

    // A challenge: the agreement, then a solution.
    let challenge = format!("/challenges/{}", id(&world, "challenge.open"));
    walk.goto(&challenge, "challenge").await;
    let award = walk.browser.client.find(Locator::Css("[data-testid=ch-challenge-award]")).await.expect("award");
    let award = award.text().await.expect("award text");
    walk.browser.click("[data-testid=ch-read-agreement]").await;
    walk.wait_for("[data-testid=ch-accept-agreement]").await;
    walk.read("agreement").await;
    walk.browser.click("[data-testid=ch-accept-agreement]").await;
    walk.wait_for(".flash").await;
    walk.read("agreement accepted").await;
    walk.browser.click("[data-testid=ch-write-solution]").await;
    walk.wait_for("#field-title").await;
    walk.read("new solution").await;
    walk.browser.fill("#field-title", "해결안 / soluzione").await;
    walk.browser.fill("#field-body", "자세한 내용 / dettagli").await;
    walk.browser.click("[data-testid=ch-save-solution]").await;
    walk.wait_for(".flash").await;
    walk.read("solution submitted").await;
    walk.goto("/me/solutions", "my solutions").await;
    walk.goto("/account", "account").await;

    // Dates the language's way: the deadline as a distance and, in its title, the exact time.
    walk.goto(&challenge, "challenge again").await;
    let script = "var t = document.querySelector('time[data-relative]'); return t ? [t.textContent, t.title] : [];";
    let deadline = walk.browser.client.execute(script, vec![]).await.expect("deadline");
    let deadline: Vec<String> = serde_json::from_value(deadline).expect("texts");
    let [distance, exact] = deadline.as_slice() else { panic!("no deadline: {deadline:?}") };
    let hangul = |s: &str| s.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c));
    let english = ["in ", " ago", "day", "week", "month", "year", "hour", "minute", "tomorrow", "next", "AM", "PM"];
    assert!(!distance.is_empty() && !english.iter().any(|w| distance.contains(w)), "{distance:?}");
    let months = ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"];
    match tag {
        "it" => assert!(months.iter().any(|m| exact.contains(&format!(" {m}"))), "{exact:?}"),
        _ => assert!(hangul(distance) && hangul(exact), "{distance:?} / {exact:?}"),
    }
    if tag == "ko" {
        // The test browser has CJK fonts: two Hangul syllables draw differently (a missing font
        // draws both as the same empty box). The page is kept as a screenshot.
        let glyphs = "var c = document.createElement('canvas'); c.width = 64; c.height = 40; \
                      var x = c.getContext('2d'); x.font = '28px ' + getComputedStyle(document.body).fontFamily; \
                      function ink(s) { x.clearRect(0, 0, 64, 40); x.fillText(s, 4, 32); return c.toDataURL(); } \
                      return ink('가') !== ink('나') && ink('가') !== ink('\u{10ffff}');";
        let drawn = walk.browser.client.execute(glyphs, vec![]).await.expect("canvas");
        assert_eq!(drawn.as_bool(), Some(true), "Hangul draws with a CJK font");
        let png = walk.browser.client.screenshot().await.expect("screenshot");
        std::fs::write(ideaforge_tests::screens_dir().join("challenge-ko.png"), png).expect("save screenshot");
    }

    // Money the language's way: Italian writes the symbol after the amount, with a decimal comma.
    let digit_last = award.trim_end().ends_with(|c: char| c.is_ascii_digit());
    match tag {
        "it" => assert!(award.contains(',') && !digit_last, "{award}"),
        _ => assert!(award.starts_with(|c: char| !c.is_ascii_digit()) && digit_last, "{award}"),
    }
    let Walk { browser, pages, found, .. } = walk;
    browser.close().await;
    println!("{tag}: {pages} pages read, {} English texts", found.len());
    assert!(found.is_empty(), "English on {tag} pages:\n{}", found.join("\n"));
    app.stop().await;
}

#[tokio::test]
async fn the_main_flow_in_korean_shows_no_english() {
    walk_the_main_flow(Engine::Sqlite, "ko", "김하늘").await;
}

#[tokio::test]
async fn the_main_flow_in_italian_shows_no_english() {
    walk_the_main_flow(Engine::Postgres, "it", "Giulia Bianchi").await;
}
