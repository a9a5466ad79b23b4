//! E-mail through a real SMTP server on loopback (aiosmtpd with its Maildir handler), on SQLite and
//! PostgreSQL: a comment reaches the idea's author with a working one-click unsubscribe link, and
//! mail queued during an SMTP outage and a mailer crash arrives exactly once afterwards.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use ideaforge_app::{App, MailConfig, MailTransport, MailTransportKind, Store};
use ideaforge_domain::Role;
use ideaforge_tests::smtp::header;
use ideaforge_tests::{Api, Engine, SmtpServer, TestApp, eventually, new_client, on_both_engines};
use reqwest::StatusCode;
use serde_json::json;

on_both_engines!(
    a_comment_on_your_idea_reaches_you_with_a_working_unsubscribe_link,
    mail_queued_during_an_outage_and_a_crash_arrives_exactly_once,
    a_daily_digest_collects_a_days_comments_into_one_message,
    replies_and_stage_changes_reach_the_people_concerned,
);

/// Mail to the test SMTP server, retried quickly.
fn smtp_config(port: u16, worker: bool) -> MailConfig {
    MailConfig {
        transport: MailTransportKind::Smtp,
        smtp_host: "127.0.0.1".to_owned(),
        smtp_port: port,
        smtp_timeout_secs: 2,
        worker,
        poll_ms: 50,
        retry_base_ms: 100,
        retry_cap_ms: 1_000,
        lease_secs: 5,
        max_attempts: 1_000,
        ..MailConfig::default()
    }
}

async fn app_with_smtp(engine: Engine, port: u16, worker: bool) -> TestApp {
    TestApp::builder(engine).configure(move |config| config.mail = smtp_config(port, worker)).spawn().await
}

async fn idea_by(api: &Api<'_>, token: &str) -> String {
    let idea = json!({"title": "Kettle that knows", "summary": "Boils when you are near", "body": "Pairs with your phone.",
                      "category": "kitchen", "tags": []});
    let (status, idea) = api.post("/ideas", token, idea).await;
    assert_eq!(status, StatusCode::CREATED, "{idea}");
    idea["id"].as_str().expect("id").to_owned()
}

async fn a_comment_on_your_idea_reaches_you_with_a_working_unsubscribe_link(engine: Engine) {
    let smtp = SmtpServer::start().await;
    let app = app_with_smtp(engine, smtp.port, true).await;
    let api = Api::new(&app);
    let (_, inventor) = app.member("ines@example.com", "Ines Inventor", Role::Member).await;
    let (_, bob) = app.member("bob@example.com", "Bob <Commenter>", Role::Member).await;
    let idea = idea_by(&api, &inventor).await;
    let comment = json!({"body": "Could it whistle <b>quietly</b>?"});
    assert_eq!(api.post(&format!("/ideas/{idea}/comments"), &bob, comment).await.0, StatusCode::CREATED);

    assert!(eventually(Duration::from_secs(15), || async { smtp.messages().len() == 1 }).await, "the mail arrives");
    let message = smtp.messages().pop().expect("one message");
    assert!(header(&message, "To").is_some_and(|to| to.contains("ines@example.com")), "{message}");
    assert!(header(&message, "Subject").is_some_and(|s| s.contains("commented on")), "{message}");
    assert!(header(&message, "Message-ID").is_some_and(|id| id.starts_with("<outbox-")), "{message}");
    assert_eq!(header(&message, "List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
    assert!(message.contains("Could it whistle"), "{message}");
    let unsubscribe = header(&message, "List-Unsubscribe").expect("List-Unsubscribe");
    let unsubscribe = unsubscribe.trim_matches(|c| c == '<' || c == '>').to_owned();
    assert!(unsubscribe.starts_with(&app.base), "{unsubscribe}");
    let (_, list) = api.get("/me", &inventor).await;
    assert_eq!(list["email"], "ines@example.com");
    let page = app.get("/notifications").await;
    assert_eq!(page.status(), StatusCode::SEE_OTHER, "the list needs a sign-in");

    // A forged link does nothing; the real one works with one click and no sign-in.
    let forged = new_client().post(format!("{unsubscribe}00")).send().await.expect("post");
    assert_eq!(forged.status(), StatusCode::NOT_FOUND);
    let one_click = new_client()
        .post(&unsubscribe)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("post");
    assert_eq!(one_click.status(), StatusCode::OK);
    assert!(one_click.text().await.expect("page").contains("you will not hear"));
    let again = json!({"body": "Second thought"});
    assert_eq!(api.post(&format!("/ideas/{idea}/comments"), &bob, again).await.0, StatusCode::CREATED);
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(smtp.messages().len(), 1, "unsubscribed: no more mail");
    let counts = app.app.store().outbox_counts().await.expect("counts");
    assert_eq!((counts.queued, counts.sent, counts.failed), (0, 1, 0));
    app.stop().await;
}

async fn mail_queued_during_an_outage_and_a_crash_arrives_exactly_once(engine: Engine) {
    let mut smtp = SmtpServer::stopped();
    let app = app_with_smtp(engine, smtp.port, false).await;
    let api = Api::new(&app);
    let (_, inventor) = app.member("ines@example.com", "Ines Inventor", Role::Member).await;
    let (_, bob) = app.member("bob@example.com", "Bob", Role::Member).await;
    let idea = idea_by(&api, &inventor).await;
    for i in 0..200 {
        let comment = json!({"body": format!("Comment number {i}")});
        assert_eq!(api.post(&format!("/ideas/{idea}/comments"), &bob, comment).await.0, StatusCode::CREATED);
    }
    let config = smtp_config(smtp.port, false);
    let transport = MailTransport::new(&config, app.data_dir()).expect("transport");

    // The mailer runs while SMTP is down: every attempt fails and is rescheduled.
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let crashed = tokio::spawn(Arc::clone(&app.app).run_mailer(transport.clone(), config.clone(), stopped));
    let store = app.app.store().clone();
    assert!(
        eventually(Duration::from_secs(20), || async { store.outbox_counts().await.expect("counts").queued == 200 })
            .await
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    crashed.abort();
    let _ = crashed.await;
    assert_eq!(store.outbox_counts().await.expect("counts").sent, 0, "nothing could be sent");

    // SMTP comes back; time passes beyond the crashed mailer's leases; mailers start again (two
    // on PostgreSQL, each with its own connections, as two nodes would).
    smtp.run().await;
    app.clock.advance(time::Duration::seconds(30));
    let mut mailers =
        vec![tokio::spawn(Arc::clone(&app.app).run_mailer(transport.clone(), config.clone(), stop.subscribe()))];
    if engine == Engine::Postgres {
        let other_store =
            Store::connect(&ideaforge_app::StoreConfig { url: app.database_url().to_owned(), max_connections: 4 })
                .await
                .expect("second node");
        let app_config = ideaforge_app::AppConfig { mail: config.clone(), ..Default::default() };
        let other = Arc::new(App::new(other_store, Arc::new(app.clock.clone()), &app_config));
        other.set_base_url(&app.base);
        mailers.push(tokio::spawn(other.run_mailer(transport.clone(), config.clone(), stop.subscribe())));
    }
    assert!(
        eventually(Duration::from_secs(60), || async { smtp.messages().len() >= 200 }).await,
        "all 200 arrive ({} so far)",
        smtp.messages().len()
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let messages = smtp.messages();
    let ids: HashSet<String> = messages.iter().filter_map(|m| header(m, "Message-ID")).collect();
    assert_eq!((messages.len(), ids.len()), (200, 200), "exactly once each");
    let _ = stop.send(true);
    for mailer in mailers {
        mailer.await.expect("mailer ends");
    }
    let counts = store.outbox_counts().await.expect("counts");
    assert_eq!((counts.queued, counts.sent, counts.failed), (0, 200, 0));
    app.stop().await;
    smtp.stop().await;
}

async fn a_daily_digest_collects_a_days_comments_into_one_message(engine: Engine) {
    let smtp = SmtpServer::start().await;
    let app = app_with_smtp(engine, smtp.port, true).await;
    let api = Api::new(&app);
    let (_, inventor) = app.member("ines@example.com", "Ines Inventor", Role::Member).await;
    let (_, bob) = app.member("bob@example.com", "Bob", Role::Member).await;
    let (_, cleo) = app.member("cleo@example.com", "Cleo", Role::Member).await;
    let kettle = idea_by(&api, &inventor).await;
    let toaster = {
        let idea = json!({"title": "Toaster that listens", "summary": "Voice toaster", "body": "Say when.",
                          "category": "kitchen", "tags": []});
        api.post("/ideas", &inventor, idea).await.1["id"].as_str().expect("id").to_owned()
    };
    let (status, bad) = api
        .put_json("/me/notifications", &inventor, json!({"kind": "comment_on_your_idea", "delivery": "hourly"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    let (status, set) = api
        .put_json("/me/notifications", &inventor, json!({"kind": "comment_on_your_idea", "delivery": "daily"}))
        .await;
    assert_eq!((status, set["delivery"]["comment_on_your_idea"].as_str()), (StatusCode::OK, Some("daily")));
    assert_eq!(app.app.send_digests().await.expect("digests"), 0, "the first run only marks the start");
    app.clock.advance(time::Duration::minutes(5));

    for (token, idea, body) in
        [(&bob, &kettle, "Make it whistle"), (&cleo, &kettle, "And blue"), (&bob, &toaster, "Crumb tray?")]
    {
        assert_eq!(
            api.post(&format!("/ideas/{idea}/comments"), token, json!({"body": body})).await.0,
            StatusCode::CREATED
        );
    }
    assert_eq!(app.app.send_digests().await.expect("digests"), 0, "not a day yet");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(smtp.messages().is_empty(), "no instant mail with a daily digest");
    let (_, list) = api.get("/me/notifications", &inventor).await;
    assert_eq!(list["unread"], 3, "they are in the app meanwhile");

    app.clock.advance(time::Duration::days(1));
    assert_eq!(app.app.send_digests().await.expect("digests"), 1);
    assert!(eventually(Duration::from_secs(15), || async { smtp.messages().len() == 1 }).await, "one digest arrives");
    let digest = smtp.messages().pop().expect("digest");
    assert!(header(&digest, "Subject").is_some_and(|s| s.contains("daily") && s.contains("3 updates")), "{digest}");
    for text in ["Kettle that knows", "Toaster that listens", "Make it whistle", "And blue", "Crumb tray?"] {
        assert!(digest.contains(text), "{text} in {digest}");
    }
    assert!(header(&digest, "List-Unsubscribe").is_some());
    app.clock.advance(time::Duration::days(1));
    assert_eq!(app.app.send_digests().await.expect("digests"), 0, "an empty digest is never sent");
    app.stop().await;
}

async fn replies_and_stage_changes_reach_the_people_concerned(engine: Engine) {
    let smtp = SmtpServer::start().await;
    let app = app_with_smtp(engine, smtp.port, true).await;
    let api = Api::new(&app);
    let (_, inventor) = app.member("ines@example.com", "Ines Inventor", Role::Member).await;
    let (_, bob) = app.member("bob@example.com", "Bob", Role::Member).await;
    let (_, cleo) = app.member("cleo@example.com", "Cleo", Role::Member).await;
    let (_, moderator) = app.member("mod@example.com", "Mo", Role::Moderator).await;
    let idea = idea_by(&api, &inventor).await;
    let (_, comment) = api.post(&format!("/ideas/{idea}/comments"), &bob, json!({"body": "Whistle?"})).await;
    let reply = json!({"body": "Yes, softly", "parent_id": comment["id"]});
    assert_eq!(api.post(&format!("/ideas/{idea}/comments"), &cleo, reply).await.0, StatusCode::CREATED);
    let stage = json!({"to": "shortlisted", "reason": "Lovely"});
    assert_eq!(api.post(&format!("/ideas/{idea}/stage"), &moderator, stage).await.0, StatusCode::OK);

    assert!(
        eventually(Duration::from_secs(15), || async { smtp.messages().len() == 4 }).await,
        "{}",
        smtp.messages().len()
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let messages = smtp.messages();
    let to = |who: &str| {
        messages.iter().filter(|m| header(m, "To").is_some_and(|t| t.contains(who))).cloned().collect::<Vec<_>>()
    };
    assert_eq!(to("ines@example.com").len(), 3, "two comments and the stage change");
    assert!(to("ines@example.com").iter().any(|m| m.contains("moved from submitted to shortlisted")));
    let bobs = to("bob@example.com");
    assert_eq!(bobs.len(), 1, "the reply to his comment");
    assert!(bobs[0].contains("Cleo replied to your comment"), "{}", bobs[0]);
    assert!(
        to("cleo@example.com").is_empty() && to("mod@example.com").is_empty(),
        "nobody hears about their own doing"
    );
    app.stop().await;
}
