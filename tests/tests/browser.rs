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

async fn fill(browser: &Browser, css: &str, value: &str) {
    let field = browser.client.find(Locator::Css(css)).await.expect("field");
    field.send_keys(value).await.expect("typing");
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

    c.find(Locator::Css("nav form button")).await.expect("sign out").click().await.expect("click");
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

    c.find(Locator::Css("[data-testid=signed-in-as]")).await.expect("account link").click().await.expect("click");
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
    c.find(Locator::Css("nav form button")).await.expect("sign out").click().await.expect("click");
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
    fill(&browser, "#field-category", "kitchen").await;
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
