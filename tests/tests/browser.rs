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
