//! Every page as people see it, in headless Chromium: each HTML page of the authorization table's
//! anonymous and confirmed-member columns (ids from the seeded world), signed out and signed in, at
//! 1,280 px and at 375 px, must not scroll sideways (WCAG 1.4.10, Reflow) and must have no
//! violation axe-core finds at WCAG 2.2 AA (axe-core from npm, `tests/axe`, injected into each
//! page); the menus work at 375 px without JavaScript; screenshots of the main pages are saved as
//! artifacts. The main pages pass axe-core again in the dark colour scheme, and refused forms in
//! both schemes, with focus on their error summary. The main pages lead with what a visitor needs:
//! a contest and a challenge with their award or pool, the time left and a phase stepper before
//! anything else, exactly one primary action, money and dates as people write them. Pages do not
//! depend on the engine, so this runs on SQLite.
#![expect(clippy::expect_used, clippy::panic, reason = "a failed step fails the test")]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use fantoccini::Locator;
use ideaforge_tests::authz::{fill, rows};
use ideaforge_tests::world::{self, PRINCIPALS, World, address};
use ideaforge_tests::{Browser, Engine, TestApp, eventually};

/// Routes that answer something other than a page (health, metrics, files, and the similar ideas
/// htmx puts into the new-idea form).
const NOT_PAGES: [&str; 11] = [
    "/healthz",
    "/readyz",
    "/metrics",
    "/favicon.ico",
    "/static/{name}",
    "/pictures/{name}",
    "/ideas/similar",
    // Atom feeds, for feed readers (parsed by the feeds' own route test).
    "/contests.atom",
    "/contests/{id}/ideas.atom",
    "/challenges.atom",
    "/ideas/{id}/stages.atom",
];

/// The widths checked: a desktop and a phone.
const WIDTHS: [u32; 2] = [1280, 375];

/// Pages whose screenshots are kept, by the path's start.
const SCREENSHOTS: [(&str, &str); 6] = [
    ("/", "home"),
    ("/contests/", "contest"),
    ("/ideas/", "idea"),
    ("/challenges/", "challenge"),
    ("/search?", "search"),
    ("/campaigns/", "campaign"),
];

/// The HTML pages `principal` may open (status 200 in its column), with their ids filled in.
fn pages_of(world: &World, principal: &str) -> BTreeSet<String> {
    let column = PRINCIPALS.iter().position(|p| *p == principal).expect("principal");
    let mut pages: BTreeSet<String> = rows()
        .iter()
        .filter(|r| r.method == "GET" && !r.path.starts_with("/api/") && !NOT_PAGES.contains(&r.path.as_str()))
        .filter(|r| r.expected[column] == 200)
        .map(|r| fill(world, r))
        .collect();
    pages.insert("/search?q=kettle".to_owned());
    pages
}

/// What scrolls sideways on the current page: the page's width, the viewport's, and up to three
/// elements that stick out (for the failure message).
const OVERFLOW: &str = r"
    const width = window.innerWidth;
    const wide = [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > width + 1)
        .slice(0, 3)
        .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.')
            + ' (' + Math.round(e.getBoundingClientRect().right) + ' px)');
    return [document.documentElement.scrollWidth, width, wide.join(', ')];
";

/// axe-core's source (`npm ci --prefix tests/axe`, which the test command runs).
fn axe_source() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("axe/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; install it with `npm ci --prefix tests/axe`", path.display()))
}

/// Runs axe-core at WCAG 2.2 AA on the current page: each violation as `rule (impact): targets`.
const AXE_RUN: &str = r"
    const done = arguments[arguments.length - 1];
    const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
    axe.run(document, { runOnly: { type: 'tag', values: tags } })
        .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): '
            + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))
        .catch(e => done(['axe failed: ' + e]));
";

async fn axe_violations(browser: &Browser, axe: &str) -> Vec<String> {
    let c = &browser.client;
    c.execute(axe, Vec::new()).await.expect("inject axe-core");
    let found = c.execute_async(AXE_RUN, Vec::new()).await.expect("axe runs");
    found.as_array().map(|v| v.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect()).unwrap_or_default()
}

/// Visits every page at every width; returns each failure as a line.
async fn check_pages(browser: &Browser, app: &TestApp, pages: &BTreeSet<String>, who: &str) -> Vec<String> {
    let c = &browser.client;
    let axe = axe_source();
    let mut failures = Vec::new();
    for width in WIDTHS {
        c.set_window_size(width, 900).await.expect("window size");
        for page in pages {
            c.goto(&app.url(page)).await.expect("page");
            let answer = c.execute(OVERFLOW, Vec::new()).await.expect("script");
            let values = answer.as_array().cloned().unwrap_or_default();
            let scroll = values.first().and_then(serde_json::Value::as_u64).unwrap_or(u64::MAX);
            let inner = values.get(1).and_then(serde_json::Value::as_u64).unwrap_or(0);
            assert_eq!(inner, u64::from(width), "{page}: the viewport is {inner} px wide, not {width}");
            if scroll > inner {
                let culprits = values.get(2).and_then(serde_json::Value::as_str).unwrap_or_default();
                failures.push(format!("{who} {page} at {width} px: {scroll} px wide ({culprits})"));
            }
            for violation in axe_violations(browser, &axe).await {
                failures.push(format!("{who} {page} at {width} px: {violation}"));
            }
            if let Some((_, name)) =
                SCREENSHOTS.iter().find(|(start, _)| if *start == "/" { page == "/" } else { page.starts_with(start) })
            {
                let png = c.screenshot().await.expect("screenshot");
                std::fs::write(ideaforge_tests::screens_dir().join(format!("{name}-{who}-{width}.png")), png)
                    .expect("save screenshot");
            }
        }
    }
    failures
}

async fn displayed(browser: &Browser, css: &str) -> bool {
    match browser.client.find(Locator::Css(css)).await {
        Ok(element) => element.is_displayed().await.unwrap_or(false),
        Err(_) => false,
    }
}

async fn url_ends_with(browser: &Browser, path: &str) -> bool {
    eventually(Duration::from_secs(10), || async { browser.client.current_url().await.is_ok_and(|u| u.path() == path) })
        .await
}

#[tokio::test]
async fn every_page_fits_a_phone_and_a_desktop_meets_wcag_aa_and_its_menus_work() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let world = world::seed(&app).await;
    let browser = Browser::start().await;
    let c = &browser.client;

    let anonymous = pages_of(&world, "anonymous");
    let member = pages_of(&world, "member");
    assert!(anonymous.len() >= 20 && member.len() >= 27, "{} and {} pages", anonymous.len(), member.len());
    let mut failures = check_pages(&browser, &app, &anonymous, "signed-out").await;

    // On a phone the areas are in the menu, a <details> that opens without JavaScript.
    c.set_window_size(375, 900).await.expect("window size");
    c.goto(&app.url("/")).await.expect("home");
    assert!(!displayed(&browser, ".nav-primary a[href='/contests']").await, "the wide navigation is folded away");
    assert!(displayed(&browser, "nav a[href='/signin']").await, "sign in stays in view");
    browser.click(".nav-menu summary").await;
    assert!(displayed(&browser, ".nav-menu a[href='/contests']").await, "the menu shows the areas");
    browser.click(".nav-menu a[href='/contests']").await;
    assert!(url_ends_with(&browser, "/contests").await, "the menu's link leads to the contests");

    failures.extend(refused_forms(&browser, &app, "signed-out").await);
    browser.sign_in(&app, &address("member")).await;
    failures.extend(check_pages(&browser, &app, &member, "signed-in").await);
    failures.extend(refused_forms(&browser, &app, "signed-in").await);

    // The account menu holds the member's own pages and signing out.
    c.set_window_size(375, 900).await.expect("window size");
    c.goto(&app.url("/contests")).await.expect("contests");
    assert!(displayed(&browser, "[data-testid=signed-in-as]").await, "the member's name is in view");
    assert!(!displayed(&browser, ".account-menu a[href='/account']").await, "the account menu starts closed");
    browser.click(".account-menu summary").await;
    browser.click(".account-menu a[href='/account']").await;
    assert!(url_ends_with(&browser, "/account").await, "the account menu leads to the account page");
    browser.sign_out().await;

    browser.close().await;
    app.stop().await;
    assert!(failures.is_empty(), "pages scroll sideways or fail WCAG 2.2 AA:\n{}", failures.join("\n"));
}

/// The id of the world's object `name`.
fn object_id(world: &World, name: &str) -> String {
    world.objects.get(name).and_then(|p| p.get("id")).cloned().unwrap_or_else(|| panic!("{name} in the world"))
}

/// Submits forms empty (signed out: registering; signed in: a new idea and a new organization) and
/// checks each refusal: focus on the error summary, no axe-core violation.
async fn refused_forms(browser: &Browser, app: &TestApp, who: &str) -> Vec<String> {
    let c = &browser.client;
    let axe = axe_source();
    let forms: &[&str] = if who == "signed-out" { &["/register"] } else { &["/ideas/new", "/orgs/new"] };
    let mut failures = Vec::new();
    for width in WIDTHS {
        c.set_window_size(width, 900).await.expect("window size");
        for form in forms {
            c.goto(&app.url(form)).await.expect("form page");
            browser.click("main form[method=post] button[type=submit]").await;
            assert!(browser.page_contains("data-error-summary").await, "{form}: the empty form is refused");
            let focused = c
                .execute(
                    "return document.activeElement && document.activeElement.hasAttribute('data-error-summary')",
                    Vec::new(),
                )
                .await
                .expect("script");
            if focused != serde_json::Value::Bool(true) {
                failures.push(format!("{who} {form} refused at {width} px: focus is not on the error summary"));
            }
            for violation in axe_violations(browser, &axe).await {
                failures.push(format!("{who} {form} refused at {width} px: {violation}"));
            }
        }
    }
    failures
}

/// What a page leads with, read in the browser: whether `first` comes before `later` in the page,
/// the primary actions in `main` (buttons not styled secondary or outline, vote buttons aside), and
/// `main`'s text.
const LEADS: &str = r"
    const [first, later] = arguments;
    const a = document.querySelector(first), b = document.querySelector(later);
    const before = !!a && !!b && !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
    const primary = [...document.querySelectorAll('main a[role=button], main button')]
        .filter(e => !e.closest('form.vote') && !e.classList.contains('secondary') && !e.classList.contains('outline'))
        .map(e => e.textContent.trim());
    return [before, primary, document.querySelector('main').innerText];
";

async fn leads(browser: &Browser, first: &str, later: &str) -> (bool, Vec<String>, String) {
    let answer = browser.client.execute(LEADS, vec![first.into(), later.into()]).await.expect("script");
    let before = answer[0].as_bool().unwrap_or(false);
    let primary = answer[1]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    (before, primary, answer[2].as_str().unwrap_or_default().to_owned())
}

/// Text that is not how people write money and dates: `15000.00 USD`, `2027-01-30T18:31:39Z`.
fn machine_text(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for pair in words.windows(2) {
        let amount = pair[0].chars().all(|c| c.is_ascii_digit() || c == '.') && pair[0].contains('.');
        let code = pair[1].len() == 3 && pair[1].chars().all(|c| c.is_ascii_uppercase());
        if amount && code {
            return Some(format!("{} {}", pair[0], pair[1]));
        }
    }
    words
        .iter()
        .find(|w| w.len() >= 16 && w.as_bytes().get(4) == Some(&b'-') && w.contains('T'))
        .map(|w| (*w).to_owned())
}

#[tokio::test]
async fn main_pages_lead_with_what_a_visitor_needs_and_pass_axe_in_dark_mode() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let world = world::seed(&app).await;
    let browser = Browser::start_dark().await;
    let c = &browser.client;
    c.goto(&app.url("/")).await.expect("home");
    let dark =
        c.execute("return matchMedia('(prefers-color-scheme: dark)').matches", Vec::new()).await.expect("script");
    assert_eq!(dark, serde_json::Value::Bool(true), "Chromium runs in the dark colour scheme");

    let contest = format!("/contests/{}", object_id(&world, "contest.open"));
    let challenge = format!("/challenges/{}", object_id(&world, "challenge.open"));
    let idea = format!("/ideas/{}", object_id(&world, "idea"));
    let campaign = format!("/campaigns/{}", object_id(&world, "campaign.live"));
    let main: BTreeSet<String> =
        ["/", "/search?q=kettle", &contest, &challenge, &idea, &campaign, "/contests", "/challenges"]
            .into_iter()
            .map(str::to_owned)
            .collect();
    let mut failures = check_pages(&browser, &app, &main, "dark-signed-out").await;

    // Signed out, at a phone's width: the contest and the challenge lead with their facts and one action.
    c.set_window_size(375, 900).await.expect("window size");
    for (page, action) in [(&contest, "Sign in to take part"), (&challenge, "Sign in to take part")] {
        c.goto(&app.url(page)).await.expect("page");
        let (before, primary, text) = leads(&browser, "ol.stepper", "[data-testid=lead-facts]").await;
        assert!(before, "{page}: the phase stepper comes first, then the facts");
        let (before, _, _) = leads(&browser, "[data-testid=lead-facts]", "main h2").await;
        assert!(before, "{page}: the facts come before the first section");
        assert_eq!(primary, [action], "{page}: one primary action");
        assert!(displayed(&browser, "[data-testid=countdown] time[data-relative]").await, "{page}: a countdown");
        if let Some(machine) = machine_text(&text) {
            failures.push(format!("{page}: {machine:?} is not how people write it"));
        }
    }
    // The home page, an idea and search write money and dates as people do, too.
    for page in ["/", idea.as_str(), "/search?q=kettle", "/challenges"] {
        c.goto(&app.url(page)).await.expect("page");
        let (_, _, text) = leads(&browser, "main", "main").await;
        if let Some(machine) = machine_text(&text) {
            failures.push(format!("{page}: {machine:?} is not how people write it"));
        }
    }
    c.goto(&app.url(&challenge)).await.expect("challenge");
    let countdown = c.find(Locator::Css("[data-testid=countdown] time[data-relative]")).await.expect("countdown");
    let distance = countdown.text().await.expect("text");
    let ahead = ["in ", "next "].iter().any(|p| distance.starts_with(p)) || distance == "tomorrow";
    assert!(ahead && !distance.contains('-'), "a distance ahead, not a date: {distance:?}");
    let award =
        c.find(Locator::Css("[data-testid=ch-challenge-award]")).await.expect("award").text().await.expect("text");
    assert_eq!(award, "US$1,000.00", "the award as people write it");

    // Signed in: the contest's action is to submit an idea; the vote budget is a bar; the vote
    // button is named after the idea.
    browser.sign_in(&app, &address("member")).await;
    failures.extend(check_pages(&browser, &app, &main, "dark-signed-in").await);
    failures.extend(refused_forms(&browser, &app, "dark-signed-in").await);
    c.set_window_size(1280, 900).await.expect("window size");
    c.goto(&app.url(&contest)).await.expect("contest");
    let (_, primary, _) = leads(&browser, "ol.stepper", "[data-testid=lead-facts]").await;
    assert_eq!(primary, ["Submit an idea"], "a member's one primary action on an open contest");
    c.goto(&app.url(&challenge)).await.expect("challenge");
    let (_, primary, text) = leads(&browser, "ol.stepper", "[data-testid=lead-facts]").await;
    assert_eq!(primary, ["Read and accept the agreement"], "a solver's one primary action on an open challenge");
    if let Some(machine) = machine_text(&text) {
        failures.push(format!("{challenge} signed in: {machine:?} is not how people write it"));
    }
    c.goto(&app.url(&idea)).await.expect("idea");
    let title = c.find(Locator::Css("main h1")).await.expect("title").text().await.expect("text");
    let vote = c.find(Locator::Css(".vote-slot button")).await.expect("a vote button");
    let name = vote.attr("aria-label").await.expect("attribute").unwrap_or_default();
    let says = ["Vote for ", "Withdraw your vote for "].iter().any(|p| name.starts_with(p));
    assert!(
        says && name.contains(&title) && name.contains(" vote"),
        "the vote button is named for {title:?}: {name:?}"
    );

    browser.close().await;
    app.stop().await;
    assert!(failures.is_empty(), "dark mode, refused forms or the pages' lead fail:\n{}", failures.join("\n"));
}
