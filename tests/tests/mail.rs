//! E-mail through a real SMTP server on loopback (aiosmtpd with its Maildir handler), on SQLite and
//! PostgreSQL: a comment reaches the idea's author with a working one-click unsubscribe link, and
//! mail queued during an SMTP outage and a mailer crash arrives exactly once afterwards.
//! The account-link tests are in `mail/account_links.rs`, sharing this file's helpers.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use ideaforge_app::{App, MailConfig, MailTransport, Store};
use ideaforge_domain::Role;
use ideaforge_tests::smtp::{body, decoded_header, header, test_config};
use ideaforge_tests::{Api, Engine, PASSWORD, SmtpServer, TestApp, Visitor, eventually, new_client, on_both_engines};
use reqwest::StatusCode;
use serde_json::json;

#[path = "mail/account_links.rs"]
mod account_links;

on_both_engines!(
    a_comment_on_your_idea_reaches_you_with_a_working_unsubscribe_link,
    mail_queued_during_an_outage_and_a_crash_arrives_exactly_once,
    a_daily_digest_collects_a_days_comments_into_one_message,
    replies_and_stage_changes_reach_the_people_concerned,
    mail_given_up_on_is_shown_to_admins_who_can_queue_it_again,
    the_tenth_vote_is_announced_once,
    followers_of_a_contest_hear_of_its_new_ideas,
);

async fn app_with_smtp(engine: Engine, port: u16, worker: bool) -> TestApp {
    TestApp::builder(engine).configure(move |config| config.mail = test_config(port, worker)).spawn().await
}

/// An approved contest, "Kitchens of tomorrow", of a new organization; its id.
async fn kitchens_contest(app: &TestApp, api: &Api<'_>) -> String {
    let (_, manager) = app.member("manager@acme.example", "Manager", Role::Member).await;
    let (_, moderator) = app.member("mod@example.com", "Moderator", Role::Moderator).await;
    assert_eq!(api.post("/orgs", &manager, json!({"name": "Acme", "slug": "acme"})).await.0, StatusCode::CREATED);
    let day = |n: i64| {
        (time::OffsetDateTime::now_utc() + time::Duration::days(n))
            .format(&time::format_description::well_known::Rfc3339)
            .expect("format")
    };
    let contest = json!({"org": "acme", "title": "Kitchens of tomorrow", "brief": "Ideas", "category": "kitchen",
                         "submission_closes_at": day(10), "voting_closes_at": day(20), "influence_pool_bp": 1000,
                         "ip_terms": "Exclusive licence on selection; reverts if abandoned."});
    let (status, contest) = api.post("/contests", &manager, contest).await;
    assert_eq!(status, StatusCode::CREATED, "{contest}");
    let contest_id = contest["id"].as_str().expect("id").to_owned();
    assert_eq!(api.post(&format!("/contests/{contest_id}/approve"), &moderator, json!({})).await.0, StatusCode::OK);
    contest_id
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

    assert!(eventually(Duration::from_secs(30), || async { !smtp.messages().is_empty() }).await, "the mail arrives");
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1, "exactly one message: {messages:?}");
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
    // One member posts 200 comments to fill the outbox: above the per-member posting limit.
    let port = smtp.port;
    let app = TestApp::builder(engine)
        .configure(move |config| {
            config.mail = test_config(port, false);
            config.community.posts_per_window = 1_000;
        })
        .spawn()
        .await;
    let api = Api::new(&app);
    let (_, inventor) = app.member("ines@example.com", "Ines Inventor", Role::Member).await;
    let (_, bob) = app.member("bob@example.com", "Bob", Role::Member).await;
    let idea = idea_by(&api, &inventor).await;
    for i in 0..200 {
        let comment = json!({"body": format!("Comment number {i}")});
        assert_eq!(api.post(&format!("/ideas/{idea}/comments"), &bob, comment).await.0, StatusCode::CREATED);
    }
    let config = test_config(smtp.port, false);
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
    let contest_id = kitchens_contest(&app, &api).await;
    let kettle = {
        let idea = json!({"contest_id": contest_id, "title": "Kettle that knows", "summary": "Boils when you are near",
                          "body": "Pairs with your phone.", "category": "kitchen", "tags": []});
        let (status, idea) = api.post("/ideas", &inventor, idea).await;
        assert_eq!(status, StatusCode::CREATED, "{idea}");
        idea["id"].as_str().expect("id").to_owned()
    };
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
    // Grouped by contest, then idea: the contest's section holds the kettle and its two comments;
    // the toaster, in no contest, has a section of its own.
    let text = body(&digest);
    let contest_at = text.find("== Kitchens of tomorrow").expect("a section for the contest");
    let outside_at = text.find("== Ideas outside contests").expect("a section for ideas outside contests");
    let (kettle_at, toaster_at) =
        (text.find("Kettle that knows").expect("kettle"), text.find("Toaster that listens").expect("toaster"));
    let (whistle_at, blue_at) = (text.find("Make it whistle").expect("c1"), text.find("And blue").expect("c2"));
    assert!(contest_at < kettle_at && kettle_at < whistle_at && whistle_at < blue_at && blue_at < outside_at, "{text}");
    assert!(outside_at < toaster_at, "{text}");
    assert!(text.contains(&format!("/contests/{contest_id}")), "the section links the contest: {text}");
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

async fn mail_given_up_on_is_shown_to_admins_who_can_queue_it_again(engine: Engine) {
    let mut smtp = SmtpServer::stopped();
    let app = TestApp::builder(engine)
        .configure(move |config| config.mail = MailConfig { max_attempts: 2, ..test_config(smtp.port, true) })
        .spawn()
        .await;
    let api = Api::new(&app);
    let (_, inventor) = app.member("ines@example.com", "Ines Inventor", Role::Member).await;
    let (_, bob) = app.member("bob@example.com", "Bob", Role::Member).await;
    app.member("root@example.com", "Root", Role::Admin).await;
    let idea = idea_by(&api, &inventor).await;
    let comment = json!({"body": "Whistle?"});
    assert_eq!(api.post(&format!("/ideas/{idea}/comments"), &bob, comment).await.0, StatusCode::CREATED);
    let store = app.app.store().clone();
    assert!(
        eventually(Duration::from_secs(20), || async {
            // The mailer's clock is the test's: let the retry's backoff pass.
            app.clock.advance(time::Duration::seconds(1));
            store.outbox_counts().await.expect("counts").failed == 1
        })
        .await,
        "the mailer gives up after two attempts: {:?}",
        store.outbox_counts().await
    );

    let admin = app.visitor();
    assert_eq!(admin.sign_in("root@example.com", PASSWORD).await.status(), StatusCode::SEE_OTHER);
    let page = admin.get("/admin/mail").await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.expect("page");
    assert!(page.contains("i***@example.com") && page.contains("comment_on_your_idea"), "{page}");
    assert!(!page.contains("ines@example.com"), "recipients are masked");
    let member = app.visitor();
    assert_eq!(member.sign_in("bob@example.com", PASSWORD).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(member.get("/admin/mail").await.status(), StatusCode::FORBIDDEN);
    let id = store.failed_mail(10).await.expect("failed")[0].id;
    assert_eq!(member.post_form(&format!("/admin/mail/{id}/retry"), &[]).await.status(), StatusCode::FORBIDDEN);

    smtp.run().await;
    assert_eq!(admin.post_form(&format!("/admin/mail/{id}/retry"), &[]).await.status(), StatusCode::SEE_OTHER);
    let audit = store.audit_log(None, 10).await.expect("audit");
    assert_eq!((audit[0].kind.as_str(), audit[0].actor.as_deref()), ("mail_retried", Some("Root")), "{audit:?}");
    assert!(eventually(Duration::from_secs(15), || async { smtp.messages().len() == 1 }).await, "it arrives now");
    // The mailer records the delivery just after the server took it: wait for that, not a moment.
    let recorded = eventually(Duration::from_secs(15), || async {
        let counts = store.outbox_counts().await.expect("counts");
        (counts.sent, counts.failed) == (1, 0)
    });
    assert!(recorded.await, "sent once, nothing failed: {:?}", store.outbox_counts().await);
    assert!(admin.get("/admin/mail").await.text().await.expect("page").contains(r#"id="no-failed-mail""#));
    assert_eq!(admin.post_form(&format!("/admin/mail/{id}/retry"), &[]).await.status(), StatusCode::NOT_FOUND);
    app.stop().await;
    smtp.stop().await;
}

async fn the_tenth_vote_is_announced_once(engine: Engine) {
    let smtp = SmtpServer::start().await;
    let app = app_with_smtp(engine, smtp.port, true).await;
    let api = Api::new(&app);
    let (_, inventor) = app.member("ines@example.com", "Ines Inventor", Role::Member).await;
    let idea = idea_by(&api, &inventor).await;
    let mut voters = Vec::new();
    for i in 0..10 {
        voters.push(app.member(&format!("voter{i}@example.com"), &format!("Voter {i}"), Role::Member).await.1);
    }
    for voter in &voters[..9] {
        assert_eq!(api.put(&format!("/ideas/{idea}/vote"), voter).await.0, StatusCode::OK);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(smtp.messages().is_empty(), "nine votes are no milestone");
    assert_eq!(api.put(&format!("/ideas/{idea}/vote"), &voters[9]).await.0, StatusCode::OK);
    assert!(eventually(Duration::from_secs(15), || async { smtp.messages().len() == 1 }).await, "the tenth vote");
    let message = smtp.messages().pop().expect("one");
    assert!(header(&message, "To").is_some_and(|to| to.contains("ines@example.com")), "{message}");
    assert!(body(&message).contains("Your idea reached 10 votes."), "{}", body(&message));

    // Withdrawn and cast again, the tenth vote is not news twice.
    let path = format!("/ideas/{idea}/vote");
    let (status, _) = api.send(reqwest::Method::DELETE, &path, &voters[9], None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(api.put(&path, &voters[9]).await.0, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(smtp.messages().len(), 1, "announced once");
    app.stop().await;
}

async fn followers_of_a_contest_hear_of_its_new_ideas(engine: Engine) {
    let smtp = SmtpServer::start().await;
    let app = app_with_smtp(engine, smtp.port, true).await;
    let api = Api::new(&app);
    let contest = kitchens_contest(&app, &api).await;
    let (_, inventor) = app.member("ines@example.com", "Ines Inventor", Role::Member).await;
    let (_, fan) = app.member("fan@example.com", "Fan", Role::Member).await;
    let (_, stranger) = app.member("stranger@example.com", "Stranger", Role::Member).await;
    let browser = app.visitor();
    assert_eq!(browser.sign_in("fan@example.com", PASSWORD).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(browser.post_form(&format!("/contests/{contest}/follow"), &[]).await.status(), StatusCode::SEE_OTHER);
    let instant = json!({"kind": "new_idea_in_followed_contest", "delivery": "instant"});
    assert_eq!(api.put_json("/me/notifications", &fan, instant).await.0, StatusCode::OK);

    let idea = json!({"contest_id": contest, "title": "Herb garden drawer", "summary": "Basil under the counter",
                      "body": "Grow lights in a drawer.", "category": "kitchen", "tags": []});
    let (status, idea) = api.post("/ideas", &inventor, idea).await;
    assert_eq!(status, StatusCode::CREATED, "{idea}");
    assert!(eventually(Duration::from_secs(15), || async { smtp.messages().len() == 1 }).await, "the follower's mail");
    let message = smtp.messages().pop().expect("one");
    assert!(header(&message, "To").is_some_and(|to| to.contains("fan@example.com")), "{message}");
    assert!(body(&message).contains("New idea in a contest you follow: “Herb garden drawer”."), "{}", body(&message));
    let (_, heard) = api.get("/me/notifications", &fan).await;
    assert_eq!(heard["notifications"][0]["kind"], "new_idea_in_followed_contest", "{heard}");
    let (_, nothing) = api.get("/me/notifications", &stranger).await;
    assert_eq!(nothing["unread"], 0, "only followers hear of it: {nothing}");
    app.stop().await;
}
