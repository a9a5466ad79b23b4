//! A real person's path through the site in headless Chromium: register, sign out, sign in, see
//! their name. Runs on SQLite and PostgreSQL.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use std::time::Duration;

use fantoccini::Locator;
use ideaforge_tests::{Browser, Engine, PASSWORD, TestApp, eventually, on_both_engines};

on_both_engines!(register_sign_out_and_sign_in_in_chromium);

async fn text_of(browser: &Browser, css: &str) -> Option<String> {
    let element = browser.client.find(Locator::Css(css)).await.ok()?;
    element.text().await.ok()
}

async fn wait_for_text(browser: &Browser, css: &str, expected: &str) -> bool {
    eventually(Duration::from_secs(10), || async { text_of(browser, css).await.as_deref() == Some(expected) }).await
}

/// Waits until the first element matching `css` contains `part` in its text.
async fn wait_for_text_containing(browser: &Browser, css: &str, part: &str) -> bool {
    eventually(Duration::from_secs(10), || async { text_of(browser, css).await.is_some_and(|t| t.contains(part)) })
        .await
}

async fn fill(browser: &Browser, css: &str, value: &str) {
    let field = browser.client.find(Locator::Css(css)).await.expect("field");
    field.send_keys(value).await.expect("typing");
}

/// Chooses the option with `value` in the menu matching `css`.
async fn choose(browser: &Browser, css: &str, value: &str) {
    let menu = browser.client.find(Locator::Css(css)).await.expect("menu");
    menu.select_by_value(value).await.expect("choosing");
}

async fn register_sign_out_and_sign_in_in_chromium(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let browser = Browser::start().await;
    let c = &browser.client;

    c.goto(&app.url("/")).await.expect("home");
    c.find(Locator::LinkText("Create a free account")).await.expect("call to action").click().await.expect("click");
    fill(&browser, "#field-email", "grace@example.com").await;
    fill(&browser, "#field-display_name", "Grace Hopper").await;
    fill(&browser, "#field-password", PASSWORD).await;
    c.find(Locator::Css("main form button[type=submit]")).await.expect("submit").click().await.expect("click");
    assert!(wait_for_text(&browser, "[data-testid=signed-in-as]", "Grace Hopper").await, "signed in after registering");
    assert!(wait_for_text(&browser, ".flash", "Welcome to Ideaforge! Your account is ready.").await);

    c.find(Locator::Css(".account-menu summary")).await.expect("account menu").click().await.expect("click");
    c.find(Locator::Css(".account-menu form button")).await.expect("sign out").click().await.expect("click");
    assert!(wait_for_text(&browser, ".flash", "You are signed out.").await);
    assert!(c.find(Locator::Css("[data-testid=signed-in-as]")).await.is_err());

    c.find(Locator::LinkText("Sign in")).await.expect("sign-in link").click().await.expect("click");
    fill(&browser, "#field-email", "grace@example.com").await;
    fill(&browser, "#field-password", "not my password").await;
    c.find(Locator::Css("main form button[type=submit]")).await.expect("submit").click().await.expect("click");
    assert!(wait_for_text(&browser, ".form-errors", "The e-mail address or password is incorrect.").await);

    fill(&browser, "#field-password", PASSWORD).await;
    c.find(Locator::Css("main form button[type=submit]")).await.expect("submit").click().await.expect("click");
    assert!(wait_for_text(&browser, "[data-testid=signed-in-as]", "Grace Hopper").await, "signed in again");

    c.find(Locator::Css("[data-testid=signed-in-as]")).await.expect("account menu").click().await.expect("click");
    c.find(Locator::LinkText("Your account")).await.expect("account link").click().await.expect("click");
    assert!(wait_for_text(&browser, "#profile-name", "Grace Hopper").await, "the account page shows the name");
    browser.close().await;
    app.stop().await;
}

on_both_engines!(a_contest_from_brief_to_selection_in_chromium);

async fn sign_in_as(browser: &Browser, app: &TestApp, email: &str) {
    let c = &browser.client;
    c.goto(&app.url("/signin")).await.expect("sign-in page");
    fill(browser, "#field-email", email).await;
    fill(browser, "#field-password", PASSWORD).await;
    c.find(Locator::Css("main form button[type=submit]")).await.expect("submit").click().await.expect("click");
    assert!(
        eventually(Duration::from_secs(10), || async {
            c.find(Locator::Css("[data-testid=signed-in-as]")).await.is_ok()
        })
        .await,
        "{email} signed in"
    );
}

async fn sign_out(browser: &Browser) {
    let c = &browser.client;
    c.find(Locator::Css(".account-menu summary")).await.expect("account menu").click().await.expect("click");
    c.find(Locator::Css(".account-menu form button")).await.expect("sign out").click().await.expect("click");
    assert!(wait_for_text(browser, ".flash", "You are signed out.").await);
}

async fn submit(browser: &Browser) {
    let button = browser.client.find(Locator::Css("main form button[type=submit]")).await.expect("submit");
    button.click().await.expect("click");
}

async fn a_contest_from_brief_to_selection_in_chromium(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    for (email, name, role) in [
        ("manager@example.com", "Morgan Manager", ideaforge_domain::Role::Member),
        ("moderator@example.com", "Mo Moderator", ideaforge_domain::Role::Moderator),
        ("inventor@example.com", "Ines Inventor", ideaforge_domain::Role::Member),
        ("ada@example.com", "Ada", ideaforge_domain::Role::Member),
        ("bob@example.com", "Bob", ideaforge_domain::Role::Member),
    ] {
        app.member(email, name, role).await;
    }
    let browser = Browser::start().await;
    let c = &browser.client;

    // The manager creates an organization and a contest.
    sign_in_as(&browser, &app, "manager@example.com").await;
    c.goto(&app.url("/orgs/new")).await.expect("new org");
    fill(&browser, "#field-name", "Acme Appliances").await;
    fill(&browser, "#field-slug", "acme").await;
    submit(&browser).await;
    assert!(wait_for_text(&browser, "h1", "Acme Appliances").await);
    c.find(Locator::LinkText("Start a contest")).await.expect("new contest link").click().await.expect("click");
    fill(&browser, "#field-title", "Quiet kitchens").await;
    fill(&browser, "#field-brief", "Ideas for *quieter* appliances").await;
    choose(&browser, "#field-category", "kitchen").await;
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let now = time::OffsetDateTime::now_utc();
    for (field, days) in [("submission_closes_at", 7), ("voting_closes_at", 14)] {
        let value = (now + time::Duration::days(days)).format(format).expect("format");
        // datetime-local inputs take their value most reliably from script.
        c.execute(&format!("document.getElementById('field-{field}').value = '{value}';"), vec![])
            .await
            .expect("set date");
    }
    fill(&browser, "#field-ip_terms", "Licence on selection.").await;
    submit(&browser).await;
    assert!(wait_for_text(&browser, "h1", "Quiet kitchens").await);
    let contest_url = c.current_url().await.expect("url").to_string();
    assert!(c.find(Locator::Css(".notice")).await.is_ok(), "pending notice shown");
    sign_out(&browser).await;

    // A moderator approves it.
    sign_in_as(&browser, &app, "moderator@example.com").await;
    c.goto(&contest_url).await.expect("contest");
    c.find(Locator::Css("#approve-contest")).await.expect("approve button").click().await.expect("click");
    assert!(wait_for_text(&browser, ".flash", "The contest is approved and public.").await);
    sign_out(&browser).await;

    // An inventor submits an idea.
    sign_in_as(&browser, &app, "inventor@example.com").await;
    c.goto(&contest_url).await.expect("contest");
    c.find(Locator::LinkText("Submit an idea")).await.expect("submit link").click().await.expect("click");
    fill(&browser, "#field-title", "Silent blender").await;
    fill(&browser, "#field-summary", "A blender you can use at night").await;
    fill(&browser, "#field-body", "Uses a **brushless** motor.").await;
    fill(&browser, "#field-tags", "quiet, blender").await;
    submit(&browser).await;
    assert!(wait_for_text(&browser, ".flash", "Your idea was submitted.").await);
    let idea_url = c.current_url().await.expect("url").to_string();
    sign_out(&browser).await;

    // Two members vote (htmx swaps the button in place) and comment.
    for (email, expected, comment) in [("ada@example.com", "1", "Love it"), ("bob@example.com", "2", "Me too")] {
        sign_in_as(&browser, &app, email).await;
        c.goto(&idea_url).await.expect("idea");
        c.find(Locator::Css("form.vote button")).await.expect("vote button").click().await.expect("click");
        assert!(wait_for_text(&browser, "[data-testid=votes]", expected).await, "{email}'s vote counted");
        assert!(c.find(Locator::Css("form.vote button.voted")).await.is_ok(), "the button shows the vote");
        fill(&browser, "#field-body", comment).await;
        c.find(Locator::Css("#new-comment button")).await.expect("post").click().await.expect("click");
        assert!(
            eventually(Duration::from_secs(10), || async { c.source().await.is_ok_and(|html| html.contains(comment)) })
                .await
        );
        sign_out(&browser).await;
    }

    // Another member starts a similar idea: the possible duplicate appears while she types (htmx,
    // debounced); then she finds it through the search box.
    sign_in_as(&browser, &app, "ada@example.com").await;
    c.goto(&app.url("/ideas/new")).await.expect("new idea");
    fill(&browser, "#field-title", "A quieter blender for nights").await;
    assert!(wait_for_text(&browser, "#similar-ideas li a", "Silent blender").await, "the similar idea is shown");
    c.goto(&app.url("/search")).await.expect("search page");
    fill(&browser, "#search-q", "blender").await;
    c.find(Locator::Css("form[role=search] button")).await.expect("search button").click().await.expect("click");
    assert!(wait_for_text(&browser, "[data-testid=hit] h3 a", "Silent blender").await, "found by search");
    sign_out(&browser).await;

    // The manager shortlists, then selects it.
    sign_in_as(&browser, &app, "manager@example.com").await;
    for (stage, label, reason) in
        [("shortlisted", "Shortlisted", "Loved by the community"), ("selected", "Selected", "Going into production")]
    {
        c.goto(&idea_url).await.expect("idea");
        c.find(Locator::Css(&format!("#move-to option[value={stage}]")))
            .await
            .expect("stage option")
            .click()
            .await
            .expect("pick");
        fill(&browser, "#move-reason", reason).await;
        c.find(Locator::Css("#manage button")).await.expect("move").click().await.expect("click");
        assert!(wait_for_text(&browser, "#stage", label).await, "now {label}");
        let timeline = c.find(Locator::Css("#timeline")).await.expect("timeline").text().await.expect("text");
        assert!(timeline.contains(reason), "{timeline}");
    }
    assert!(wait_for_text(&browser, "[data-testid=votes]", "2").await);
    browser.close().await;
    app.stop().await;
}

on_both_engines!(an_anonymous_challenge_from_draft_to_award_in_chromium);

async fn click(browser: &Browser, css: &str) {
    let element = browser.client.find(Locator::Css(css)).await;
    assert!(element.is_ok(), "{css} is on the page");
    element.expect("element").click().await.expect("click");
}

async fn page_contains(browser: &Browser, text: &str) -> bool {
    eventually(Duration::from_secs(10), || async {
        browser.client.source().await.is_ok_and(|html| html.contains(text))
    })
    .await
}

async fn an_anonymous_challenge_from_draft_to_award_in_chromium(engine: Engine) {
    use ideaforge_domain::Role;
    let app = TestApp::spawn(engine).await;
    let (_, seeker) = app.member("seeker@example.com", "Sam Seeker", Role::Member).await;
    for (email, name, role) in [
        ("judge@example.com", "Jo Judge", Role::Member),
        ("moderator@example.com", "Mo Moderator", Role::Moderator),
        ("admin@example.com", "Ada Admin", Role::Admin),
        ("solver1@example.com", "Sol One", Role::Member),
        ("solver2@example.com", "Sol Two", Role::Member),
    ] {
        app.member(email, name, role).await;
    }
    let api = ideaforge_tests::Api::new(&app);
    let org = serde_json::json!({"name": "Hidden Beverages Ltd", "slug": "hidden"});
    assert_eq!(api.post("/orgs", &seeker, org).await.0, reqwest::StatusCode::CREATED);
    let judge = serde_json::json!({"email": "judge@example.com", "role": "judge"});
    assert_eq!(api.post("/orgs/hidden/members", &seeker, judge).await.0, reqwest::StatusCode::NO_CONTENT);
    let browser = Browser::start().await;
    let c = &browser.client;

    // The seeker drafts an anonymous challenge and sends it for review.
    sign_in_as(&browser, &app, "seeker@example.com").await;
    c.goto(&app.url("/seeker")).await.expect("dashboard");
    c.find(Locator::LinkText("New challenge")).await.expect("new challenge link").click().await.expect("click");
    fill(&browser, "#field-title", "A capsule that composts").await;
    fill(&browser, "#field-public_statement", "A coffee capsule that composts in a garden heap.").await;
    fill(&browser, "#field-confidential_details", "Our supplier is Zeta Polymers.").await;
    choose(&browser, "#field-category", "materials").await;
    fill(&browser, "#field-award", "15000.00").await;
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let deadline = (time::OffsetDateTime::now_utc() + time::Duration::days(30)).format(format).expect("format");
    c.execute(&format!("document.getElementById('field-submission_deadline').value = '{deadline}';"), vec![])
        .await
        .expect("set date");
    click(&browser, "input[name=anonymous]").await;
    submit(&browser).await;
    assert!(
        wait_for_text(&browser, ".flash", "Challenge saved as a draft. Send it for review when it is ready.").await
    );
    let challenge_url = c.current_url().await.expect("url").to_string();
    click(&browser, "[data-testid=ch-submit-review]").await;
    assert!(wait_for_text(&browser, ".flash", "Sent for review.").await);
    sign_out(&browser).await;

    // A moderator approves it from the queue; the seeker stays hidden from them.
    sign_in_as(&browser, &app, "moderator@example.com").await;
    c.goto(&app.url("/moderation")).await.expect("moderation");
    c.find(Locator::LinkText("A capsule that composts")).await.expect("queued").click().await.expect("click");
    assert!(wait_for_text(&browser, "[data-testid=ch-challenge-seeker]", "Anonymous seeker").await);
    click(&browser, "[data-testid=ch-approve-challenge]").await;
    assert!(wait_for_text(&browser, ".flash", "Challenge approved. It opens once its escrow is funded.").await);
    sign_out(&browser).await;

    // The admin records the wire (500.00 more than pool + fee); the challenge opens.
    sign_in_as(&browser, &app, "admin@example.com").await;
    c.goto(&challenge_url).await.expect("challenge");
    fill(&browser, "#escrow #field-amount", "17000.00").await;
    fill(&browser, "#escrow #field-reference", "WIRE 77").await;
    click(&browser, "#escrow button[type=submit]").await;
    assert!(wait_for_text(&browser, ".flash", "Funds recorded in escrow.").await);
    assert!(wait_for_text(&browser, "[data-testid=ch-challenge-status]", "Open").await);
    sign_out(&browser).await;

    // Two solvers accept the agreement, read the details and submit.
    for (email, title, body) in [
        ("solver1@example.com", "Mycelium shell", "Press mycelium at 80 degrees."),
        ("solver2@example.com", "Paper and wax", "Coat pulp with chitosan."),
    ] {
        sign_in_as(&browser, &app, email).await;
        c.goto(&challenge_url).await.expect("challenge");
        assert!(wait_for_text(&browser, "[data-testid=ch-challenge-seeker]", "Anonymous seeker").await);
        assert!(!c.source().await.expect("html").contains("Zeta Polymers"), "details hidden before the agreement");
        click(&browser, "[data-testid=ch-read-agreement]").await;
        let hash =
            c.find(Locator::Css("[data-testid=ch-agreement-hash]")).await.expect("hash").text().await.expect("t");
        assert_eq!(hash.len(), 64);
        click(&browser, "[data-testid=ch-accept-agreement]").await;
        assert!(
            wait_for_text(
                &browser,
                ".flash",
                "Agreement accepted. You can now read the details and submit a solution."
            )
            .await
        );
        assert!(page_contains(&browser, "Zeta Polymers").await, "details shown after the agreement");
        click(&browser, "[data-testid=ch-write-solution]").await;
        fill(&browser, "#field-title", title).await;
        fill(&browser, "#field-body", body).await;
        click(&browser, "[data-testid=ch-save-solution]").await;
        assert!(wait_for_text(&browser, ".flash", "Solution submitted.").await);
        assert!(!c.source().await.expect("html").contains("Hidden Beverages"), "the seeker stays anonymous");
        sign_out(&browser).await;
    }

    // The deadline passes; the judge scores both solutions on the board.
    app.clock.advance(time::Duration::days(31));
    sign_in_as(&browser, &app, "judge@example.com").await;
    let board_url = format!("{challenge_url}/board");
    for (title, scores) in [("Mycelium shell", ["9", "8", "7"]), ("Paper and wax", ["5", "6", "4"])] {
        c.goto(&board_url).await.expect("board");
        c.find(Locator::LinkText(title)).await.expect("solution link").click().await.expect("click");
        assert!(page_contains(&browser, title).await);
        for (i, score) in scores.iter().enumerate() {
            fill(&browser, &format!("input[name=score_{i}]"), score).await;
        }
        click(&browser, "[data-testid=ch-save-scores]").await;
        assert!(wait_for_text(&browser, ".flash", "Scores saved.").await);
    }
    let first = c.find(Locator::Css("[data-testid=ch-board-row] td a")).await.expect("row").text().await.expect("t");
    assert_eq!(first, "Mycelium shell", "the best score ranks first");
    sign_out(&browser).await;

    // The seeker awards the best solution 100 % and closes the challenge.
    sign_in_as(&browser, &app, "seeker@example.com").await;
    c.goto(&board_url).await.expect("board");
    click(&browser, "[data-testid=ch-award-solution]").await;
    assert!(wait_for_text(&browser, ".flash", "Award made.").await);
    c.goto(&challenge_url).await.expect("challenge");
    click(&browser, "[data-testid=ch-close-challenge]").await;
    assert!(wait_for_text(&browser, ".flash", "Challenge closed; unused escrow was refunded.").await);
    sign_out(&browser).await;

    // The winner sees their award owed; the money matches to the cent.
    sign_in_as(&browser, &app, "solver1@example.com").await;
    c.goto(&app.url("/me/solutions")).await.expect("my solutions");
    assert!(wait_for_text(&browser, "[data-testid=ch-payable]", "US$15,000.00").await);
    browser.close().await;
    let usd = ideaforge_domain::money::Currency::parse("USD").expect("usd");
    let store = app.app.store();
    let revenue = store.balance(&ideaforge_domain::ledger::Account::platform_revenue(usd)).await.expect("balance");
    assert_eq!(revenue, 150_000, "10 % of 15,000.00");
    let outside: i64 = store
        .ledger_entries()
        .await
        .expect("entries")
        .iter()
        .filter(|e| e.account == ideaforge_domain::ledger::Account::external(usd))
        .map(|e| e.amount)
        .sum();
    assert_eq!(outside, -1_650_000, "17,000.00 in, 500.00 refunded: the platform holds award + fee");
    app.stop().await;
}

on_both_engines!(rights_and_royalties_in_chromium);

async fn move_stage(browser: &Browser, stage: &str, label: &str) {
    let c = &browser.client;
    click(browser, &format!("#move-to option[value={stage}]")).await;
    fill(browser, "#move-reason", &format!("Moving to {stage}")).await;
    c.find(Locator::Css("#manage button")).await.expect("move").click().await.expect("click");
    assert!(wait_for_text(browser, "#stage", label).await, "now {label}");
}

async fn rights_and_royalties_in_chromium(engine: Engine) {
    use ideaforge_domain::Role;
    use serde_json::json;
    let app = TestApp::spawn(engine).await;
    let (_, manager) = app.member("manager@example.com", "Morgan Manager", Role::Member).await;
    let (_, moderator) = app.member("moderator@example.com", "Mo Moderator", Role::Moderator).await;
    let (_, inventor) = app.member("ines@example.com", "Ines Inventor", Role::Member).await;
    app.member("dana@example.com", "Dana Designer", Role::Member).await;
    let api = ideaforge_tests::Api::new(&app);
    assert_eq!(
        api.post("/orgs", &manager, json!({"name": "Acme", "slug": "acme"})).await.0,
        reqwest::StatusCode::CREATED
    );
    let at = |days: i64| {
        (time::OffsetDateTime::now_utc() + time::Duration::days(days))
            .format(&time::format_description::well_known::Rfc3339)
            .expect("format")
    };
    let contest = json!({"org": "acme", "title": "Kitchens", "brief": "Ideas", "category": "kitchen",
        "submission_closes_at": at(10), "voting_closes_at": at(20), "influence_pool_bp": 1000,
        "ip_terms": "Exclusive licence on selection; reverts if abandoned."});
    let (_, contest) = api.post("/contests", &manager, contest).await;
    let contest_id = contest["id"].as_str().expect("contest").to_owned();
    api.post(&format!("/contests/{contest_id}/approve"), &moderator, json!({})).await;
    let browser = Browser::start().await;
    let c = &browser.client;

    // The inventor submits an idea; the register proves its authorship.
    sign_in_as(&browser, &app, "ines@example.com").await;
    c.goto(&app.url(&format!("/contests/{contest_id}"))).await.expect("contest");
    c.find(Locator::LinkText("Submit an idea")).await.expect("submit link").click().await.expect("click");
    fill(&browser, "#field-title", "Kettle that knows").await;
    fill(&browser, "#field-summary", "Boils when you are near").await;
    fill(&browser, "#field-body", "Pairs with your phone.").await;
    submit(&browser).await;
    assert!(wait_for_text(&browser, ".flash", "Your idea was submitted.").await);
    let idea_url = c.current_url().await.expect("url").to_string();
    assert!(wait_for_text(&browser, "[data-testid=t-ip-owners] strong", "Ines Inventor").await);
    sign_out(&browser).await;

    // The manager selects it (a licence to Acme), credits a designer, launches it and records revenue.
    sign_in_as(&browser, &app, "manager@example.com").await;
    c.goto(&idea_url).await.expect("idea");
    move_stage(&browser, "shortlisted", "Shortlisted").await;
    move_stage(&browser, "selected", "Selected").await;
    assert!(wait_for_text(&browser, "[data-testid=t-ip-licensees] strong", "Acme").await, "licensed on selection");
    fill(&browser, "#field-shares", "ines@example.com: originator: 80\ndana@example.com: design: 20").await;
    click(&browser, "form[data-testid=t-ip-shares-form] button").await;
    assert!(wait_for_text(&browser, ".flash", "Influence shares saved in the IP register.").await);
    assert!(page_contains(&browser, "Dana Designer").await);
    move_stage(&browser, "in_development", "In development").await;
    move_stage(&browser, "launched", "Launched").await;
    fill(&browser, "#field-period", "2027-Q1").await;
    fill(&browser, "#field-revenue", "1000.00").await;
    click(&browser, "form[data-testid=t-ip-revenue-form] button").await;
    let owed = "Revenue recorded. The royalties are owed by the organization and are credited to the contributors when the money is received.";
    assert!(wait_for_text(&browser, ".flash", owed).await);
    assert!(wait_for_text_containing(&browser, "[data-testid=t-ip-statement]", "Owed by the organization").await);
    assert!(c.find(Locator::Css("[data-testid=t-ip-shares-fixed]")).await.is_ok(), "the shares are fixed now");
    assert!(c.find(Locator::Css("form[data-testid=t-ip-shares-form]")).await.is_err(), "no form to change them");
    sign_out(&browser).await;
    sign_in_as(&browser, &app, "ines@example.com").await;
    c.goto(&app.url("/me/royalties")).await.expect("royalties");
    assert!(wait_for_text_containing(&browser, "[data-testid=t-ip-royalty-line]", "Owed").await, "not yet credited");
    sign_out(&browser).await;

    // An admin records the money received for the statement; only then are royalties credited.
    app.member("admin@example.com", "Ada Admin", Role::Admin).await;
    sign_in_as(&browser, &app, "admin@example.com").await;
    c.goto(&idea_url).await.expect("idea");
    fill(&browser, "form[data-testid=t-ip-receipt-form] #field-amount", "100.00").await;
    fill(&browser, "form[data-testid=t-ip-receipt-form] #field-reference", "BANK-2027-0042").await;
    click(&browser, "form[data-testid=t-ip-receipt-form] button").await;
    assert!(wait_for_text(&browser, ".flash", "Money received; the contributors' royalties were credited.").await);
    assert!(wait_for_text_containing(&browser, "[data-testid=t-ip-statement]", "Received and credited").await);
    sign_out(&browser).await;

    // Each contributor sees their royalty: 10 % of 1,000.00, split 80/20.
    for (email, amount) in [("ines@example.com", "US$80.00"), ("dana@example.com", "US$20.00")] {
        sign_in_as(&browser, &app, email).await;
        c.goto(&app.url("/me/royalties")).await.expect("royalties");
        assert!(page_contains(&browser, amount).await, "{email} is credited {amount}");
        assert!(page_contains(&browser, "Kettle that knows").await);
        assert!(wait_for_text_containing(&browser, "[data-testid=t-ip-royalty-line]", "Credited").await);
        sign_out(&browser).await;
    }

    // Another idea is selected, then abandoned: its IP returns to its inventor.
    let idea = json!({"contest_id": contest_id, "title": "Toaster that listens", "summary": "Voice toaster",
        "body": "Say when.", "category": "kitchen", "tags": []});
    let (_, toaster) = api.post("/ideas", &inventor, idea).await;
    let toaster_url = app.url(&format!("/ideas/{}", toaster["id"].as_str().expect("id")));
    sign_in_as(&browser, &app, "manager@example.com").await;
    c.goto(&toaster_url).await.expect("toaster");
    for (stage, label) in [
        ("shortlisted", "Shortlisted"),
        ("selected", "Selected"),
        ("in_development", "In development"),
        ("abandoned", "Abandoned"),
    ] {
        move_stage(&browser, stage, label).await;
    }
    assert!(wait_for_text(&browser, "[data-testid=t-ip-owners] strong", "Ines Inventor").await);
    assert!(c.find(Locator::Css("[data-testid=t-ip-licensees]")).await.is_err(), "no licence after abandonment");
    browser.close().await;
    let (_, verified) = api.get("/ip/verify", "").await;
    assert_eq!(verified["ok"], true, "{verified}");
    app.stop().await;
}
