//! Webhooks end to end, against a real HTTP receiver on loopback: deliveries verify with the
//! Standard Webhooks reference library, are retried with the same id, survive a sender killed
//! mid-delivery as one message, reach only the organization an event belongs to, never reach a
//! private address in production, and an endpoint that keeps failing is stopped and its managers
//! told.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use std::sync::Arc;
use std::time::Duration as StdDuration;

use ideaforge_app::webhooks::sender::Sender;
use ideaforge_app::{App, AppConfig, Clock, Store, StoreConfig, WebhooksConfig};
use ideaforge_domain::Role;
use ideaforge_domain::webhook::Reach;
use ideaforge_tests::receiver::{Answer, Receiver, verify_with_reference};
use ideaforge_tests::{Api, Engine, TestApp, eventually, on_both_engines};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use time::Duration;
use time::format_description::well_known::Rfc3339;

const WAIT: StdDuration = StdDuration::from_secs(20);

/// A server whose webhooks may reach loopback (as in development), sending every 50 ms.
async fn server(engine: Engine, worker: bool) -> TestApp {
    TestApp::builder(engine)
        .configure(move |c| {
            c.webhooks.allow_local = true;
            c.webhooks.poll_ms = 50;
            c.webhooks.worker = worker;
            c.webhooks.lease_secs = 5;
        })
        .spawn()
        .await
}

fn at(app: &TestApp, days: i64) -> String {
    (app.clock.now() + Duration::days(days)).format(&Rfc3339).expect("a time")
}

async fn ok(api: &Api<'_>, method: Method, path: &str, token: &str, body: Option<Value>) -> Value {
    let (status, answer) = api.send(method.clone(), path, token, body).await;
    assert!(status.is_success(), "{method} {path}: {status} {answer}");
    answer
}

/// The people of a small site: an organization's owner, a moderator, an admin and a member.
struct People {
    owner: String,
    moderator: String,
    admin: String,
    member: String,
}

async fn people(app: &TestApp, org: &str) -> People {
    let (_, owner) = app.member(&format!("owner@{org}.example"), "Olga Owner", Role::Member).await;
    let (_, moderator) = app.member("mod@example.com", "Mo Derator", Role::Moderator).await;
    let (_, admin) = app.member("admin@example.com", "Ada Admin", Role::Admin).await;
    let (_, member) = app.member("member@example.com", "Mia Member", Role::Member).await;
    let api = Api::new(app);
    ok(&api, Method::POST, "/orgs", &owner, Some(json!({"name": "Acme", "slug": org}))).await;
    People { owner, moderator, admin, member }
}

async fn open_contest(app: &TestApp, people: &People, org: &str) -> String {
    let api = Api::new(app);
    let body = json!({"org": org, "title": "Kitchens", "brief": "Ideas", "category": "kitchen",
        "submission_closes_at": at(app, 10), "voting_closes_at": at(app, 20), "influence_pool_bp": 1000,
        "ip_terms": "Licence on selection."});
    let contest = ok(&api, Method::POST, "/contests", &people.owner, Some(body)).await;
    let id = contest["id"].as_str().expect("an id").to_owned();
    ok(&api, Method::POST, &format!("/contests/{id}/approve"), &people.moderator, Some(json!({}))).await;
    id
}

async fn submit_idea(app: &TestApp, token: &str, contest: &str, title: &str) -> String {
    let body = json!({"contest_id": contest, "title": title, "summary": "It knows when you are home",
        "body": "Pairs with your phone.", "category": "kitchen", "tags": ["kettle"]});
    let idea = ok(&Api::new(app), Method::POST, "/ideas", token, Some(body)).await;
    idea["id"].as_str().expect("an id").to_owned()
}

async fn register(app: &TestApp, token: &str, org: &str, url: &str, events: &[&str]) -> (String, String) {
    let body = json!({"url": url, "events": events});
    let created = ok(&Api::new(app), Method::POST, &format!("/orgs/{org}/webhooks"), token, Some(body)).await;
    (created["id"].as_str().expect("an id").to_owned(), created["secret"].as_str().expect("a secret").to_owned())
}

async fn deliveries(app: &TestApp, token: &str, org: &str, hook: &str) -> Vec<Value> {
    let log = ok(&Api::new(app), Method::GET, &format!("/orgs/{org}/webhooks/{hook}/deliveries"), token, None).await;
    log["deliveries"].as_array().expect("a list").clone()
}

async fn received(receiver: &Receiver, count: usize) -> Vec<ideaforge_tests::receiver::Received> {
    assert!(
        eventually(WAIT, || async { receiver.received().len() >= count }).await,
        "the receiver got {} of {count} requests",
        receiver.received().len()
    );
    receiver.received()
}

async fn deliveries_verify_and_retry_with_one_id(engine: Engine) {
    let app = server(engine, true).await;
    let people = people(&app, "acme").await;
    let contest = open_contest(&app, &people, "acme").await;
    let receiver = Receiver::start().await;
    let events = ["idea.submitted", "idea.stage_changed", "comment.posted"];
    let (hook, secret) = register(&app, &people.owner, "acme", &receiver.url, &events).await;
    receiver.answer_next(&[Answer::Status(500)]);

    let idea = submit_idea(&app, &people.member, &contest, "A kettle that knows").await;
    let first = received(&receiver, 1).await;
    assert!(
        eventually(WAIT, || async { deliveries(&app, &people.owner, "acme", &hook).await[0]["attempts"] == 1 }).await,
        "the failed attempt is logged"
    );
    let log = deliveries(&app, &people.owner, "acme", &hook).await;
    assert_eq!((log[0]["status"].as_str(), log[0]["response_status"].as_i64()), (Some("pending"), Some(500)));
    assert_eq!(receiver.received().len(), 1, "the retry waits for its time");
    app.clock.advance(Duration::seconds(10));
    let both = received(&receiver, 2).await;
    assert_eq!(both[0].header("webhook-id"), both[1].header("webhook-id"), "a retry is the same message");
    assert_eq!(both[0].body, both[1].body);
    assert!(both[0].header("webhook-id").starts_with("msg_"));
    let body = first[0].json();
    assert_eq!(body["type"], "idea.submitted");
    assert_eq!(
        (body["data"]["idea_id"].as_str(), body["data"]["contest_id"].as_str()),
        (Some(&*idea), Some(&*contest))
    );
    for request in &both {
        verify_with_reference(&secret, request).await.expect("the reference library accepts the signature");
    }
    assert!(verify_with_reference(&secret.replace("whsec_", "whsec_A"), &both[0]).await.is_err(), "a wrong key fails");
    assert!(
        eventually(WAIT, || async { deliveries(&app, &people.owner, "acme", &hook).await[0]["status"] == "delivered" })
            .await
    );

    // A new secret: the old one signs beside it for a day, so either verifies.
    let rotated =
        ok(&Api::new(&app), Method::POST, &format!("/orgs/acme/webhooks/{hook}/rotate"), &people.owner, None).await;
    let new_secret = rotated["secret"].as_str().expect("a secret").to_owned();
    let stage = json!({"to": "shortlisted", "reason": "Promising"});
    ok(&Api::new(&app), Method::POST, &format!("/ideas/{idea}/stage"), &people.owner, Some(stage)).await;
    let moved = received(&receiver, 3).await.pop().expect("the stage change");
    assert_eq!(moved.json()["type"], "idea.stage_changed");
    assert_eq!(
        (moved.json()["data"]["from"].as_str(), moved.json()["data"]["to"].as_str()),
        (Some("submitted"), Some("shortlisted"))
    );
    assert_eq!(moved.header("webhook-signature").split(' ').count(), 2, "both secrets sign");
    verify_with_reference(&new_secret, &moved).await.expect("the new secret verifies");
    verify_with_reference(&secret, &moved).await.expect("the old secret still verifies");
    app.stop().await;
}

async fn anonymous_challenges_tell_only_their_own_organization(engine: Engine) {
    let app = server(engine, true).await;
    let people = people(&app, "hidden").await;
    let (_, rival) = app.member("rival@example.com", "Rita Rival", Role::Member).await;
    let (_, solver) = app.member("solver@example.com", "Sol Ver", Role::Member).await;
    let api = Api::new(&app);
    ok(&api, Method::POST, "/orgs", &rival, Some(json!({"name": "Rival", "slug": "rival"}))).await;
    let (ours, theirs) = (Receiver::start().await, Receiver::start().await);
    let all: Vec<&str> = ideaforge_domain::webhook::WebhookEvent::ALL.iter().map(|e| e.as_str()).collect();
    let (hook, _) = register(&app, &people.owner, "hidden", &ours.url, &all).await;
    let (rival_hook, _) = register(&app, &rival, "rival", &theirs.url, &all).await;

    let challenge = json!({"org": "hidden", "title": "A compostable capsule", "anonymous": true,
        "public_statement": "A coffee capsule that composts in a garden heap within 90 days.",
        "confidential_details": "Our polymer is PLA-7.", "type": "reduction_to_practice", "difficulty": "high",
        "category": "materials", "award": {"amount_minor": 100_000, "currency": "USD"}, "award_split_bp": [10_000],
        "submission_deadline": at(&app, 30), "ip_terms": "assign",
        "criteria": [{"name": "Feasibility", "weight": 60}, {"name": "Cost", "weight": 40}]});
    let created = ok(&api, Method::POST, "/challenges", &people.owner, Some(challenge)).await;
    let id = created["id"].as_str().expect("an id").to_owned();
    ok(&api, Method::POST, &format!("/challenges/{id}/submit"), &people.owner, None).await;
    ok(&api, Method::POST, &format!("/challenges/{id}/approve"), &people.moderator, None).await;
    let funds = json!({"amount": {"amount_minor": 110_000, "currency": "USD"}, "reference": "WIRE-1"});
    ok(&api, Method::POST, &format!("/challenges/{id}/escrow"), &people.admin, Some(funds)).await;
    let agreement = ok(&api, Method::GET, &format!("/challenges/{id}/agreement"), &solver, None).await;
    let read = json!({"agreement_sha256": agreement["sha256"]});
    ok(&api, Method::POST, &format!("/challenges/{id}/agreement"), &solver, Some(read)).await;
    ok(&api, Method::POST, &format!("/challenges/{id}/questions"), &solver, Some(json!({"body": "Glass?"}))).await;
    let secret_text = "canary-solution-body-1d7e";
    let solution = json!({"title": "Mycelium shell", "body": secret_text});
    let solved = ok(&api, Method::POST, &format!("/challenges/{id}/solutions"), &solver, Some(solution)).await;

    let got = received(&ours, 2).await;
    let mut kinds: Vec<String> = got.iter().map(|r| r.json()["type"].as_str().unwrap_or_default().to_owned()).collect();
    kinds.sort();
    assert_eq!(kinds, ["challenge.question_asked", "solution.submitted"]);
    let announced = got.iter().map(|r| r.json()).find(|b| b["type"] == "solution.submitted").expect("announced");
    assert_eq!(announced["data"], json!({"challenge_id": id, "solution_id": solved["id"]}), "its id, nothing more");
    assert!(got.iter().all(|r| !r.body.contains(secret_text) && !r.body.contains("Mycelium")));
    // Give the other organization's endpoint every chance to hear something it must not.
    tokio::time::sleep(StdDuration::from_millis(500)).await;
    assert!(theirs.received().is_empty(), "another organization heard of the anonymous challenge");
    assert!(deliveries(&app, &rival, "rival", &rival_hook).await.is_empty());
    assert_eq!(deliveries(&app, &people.owner, "hidden", &hook).await.len(), 2);
    // And the rival cannot read the seeker's endpoint or its log.
    let (status, _) = api.get(&format!("/orgs/hidden/webhooks/{hook}/deliveries"), &rival).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    app.stop().await;
}

async fn a_sender_killed_mid_delivery_leaves_one_message(engine: Engine) {
    let app = server(engine, false).await;
    let people = people(&app, "acme").await;
    let contest = open_contest(&app, &people, "acme").await;
    let receiver = Receiver::start().await;
    let (hook, _) = register(&app, &people.owner, "acme", &receiver.url, &["idea.submitted"]).await;
    receiver.answer_next(&[Answer::Hang]);
    submit_idea(&app, &people.member, &contest, "A kettle that knows").await;

    let config = WebhooksConfig { allow_local: true, lease_secs: 5, ..WebhooksConfig::default() };
    let sender = Arc::new(Sender::new(Reach::Local, StdDuration::from_secs(60)).expect("a client"));
    // Node A claims the delivery and dies while the receiver is still reading it.
    let node_a = {
        let (app, sender, config) = (Arc::clone(&app.app), Arc::clone(&sender), config.clone());
        tokio::spawn(async move { app.deliver_webhooks(&sender, &config).await })
    };
    received(&receiver, 1).await;
    node_a.abort();
    assert!(node_a.await.is_err_and(|e| e.is_cancelled()), "node A died mid-delivery");
    let log = deliveries(&app, &people.owner, "acme", &hook).await;
    assert_eq!((log[0]["status"].as_str(), log[0]["attempts"].as_i64()), (Some("pending"), Some(0)));

    // Node B shares the database: it leaves the delivery alone while A's lease runs, then sends it.
    let store = Store::connect(&StoreConfig { url: app.database_url().to_owned(), max_connections: 2 })
        .await
        .expect("node B connects");
    let clock: Arc<dyn Clock> = Arc::new(app.clock.clone());
    let node_b = App::new(store, clock, &AppConfig { webhooks: config.clone(), ..AppConfig::default() });
    assert_eq!(node_b.deliver_webhooks(&sender, &config).await.expect("a round"), 0, "A's lease holds");
    app.clock.advance(Duration::seconds(6));
    assert_eq!(node_b.deliver_webhooks(&sender, &config).await.expect("a round"), 1);
    let got = receiver.received();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].header("webhook-id"), got[1].header("webhook-id"), "one message, delivered at least once");
    let log = deliveries(&app, &people.owner, "acme", &hook).await;
    assert_eq!(log.len(), 1, "one delivery row for the event");
    assert_eq!((log[0]["status"].as_str(), log[0]["attempts"].as_i64()), (Some("delivered"), Some(1)));
    assert_eq!(node_b.deliver_webhooks(&sender, &config).await.expect("a round"), 0, "nothing left to send");
    node_b.store().clone().close().await.expect("node B closes");
    app.stop().await;
}

async fn an_endpoint_that_keeps_failing_stops_and_its_managers_are_told(engine: Engine) {
    let app = server(engine, true).await;
    let people = people(&app, "acme").await;
    let contest = open_contest(&app, &people, "acme").await;
    let receiver = Receiver::start().await;
    receiver.answer_always(Answer::Status(503));
    let (hook, _) = register(&app, &people.owner, "acme", &receiver.url, &["idea.submitted"]).await;
    submit_idea(&app, &people.member, &contest, "A kettle that knows").await;
    let max = usize::try_from(ideaforge_domain::webhook::MAX_ATTEMPTS).expect("a count");
    for attempt in 1..=max {
        received(&receiver, attempt).await;
        let logged = || async { deliveries(&app, &people.owner, "acme", &hook).await[0]["attempts"] == attempt };
        assert!(eventually(WAIT, logged).await, "attempt {attempt} is logged");
        app.clock.advance(Duration::hours(12));
    }
    let api = Api::new(&app);
    let path = format!("/orgs/acme/webhooks/{hook}");
    let stopped = ok(&api, Method::GET, &path, &people.owner, None).await;
    assert_eq!((stopped["enabled"].as_bool(), stopped["disabled_reason"].as_str()), (Some(false), Some("failing")));
    let log = deliveries(&app, &people.owner, "acme", &hook).await;
    assert_eq!((log[0]["status"].as_str(), log[0]["response_status"].as_i64()), (Some("failed"), Some(503)));
    let heard = ok(&api, Method::GET, "/me/notifications", &people.owner, None).await;
    assert!(heard.to_string().contains("127.0.0.1"), "the managers are told: {heard}");
    assert!(!heard.to_string().contains("/hook"), "only the host, never the path that may hold a token: {heard}");

    // A stopped endpoint sends nothing, not even on request; enabled again, a delivery sent again
    // goes out.
    receiver.answer_always(Answer::Status(200));
    let delivery = log[0]["id"].as_str().expect("an id");
    let resend = format!("{path}/deliveries/{delivery}/resend");
    let (status, refused) = api.send(Method::POST, &resend, &people.owner, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    ok(&api, Method::PATCH, &path, &people.owner, Some(json!({"enabled": true}))).await;
    tokio::time::sleep(StdDuration::from_millis(300)).await;
    assert_eq!(receiver.received().len(), max, "a given-up delivery waits to be sent again");
    ok(&api, Method::POST, &resend, &people.owner, None).await;
    received(&receiver, max + 1).await;
    assert!(
        eventually(WAIT, || async { deliveries(&app, &people.owner, "acme", &hook).await[0]["status"] == "delivered" })
            .await
    );
    app.stop().await;
}

on_both_engines!(
    deliveries_verify_and_retry_with_one_id,
    anonymous_challenges_tell_only_their_own_organization,
    a_sender_killed_mid_delivery_leaves_one_message,
    an_endpoint_that_keeps_failing_stops_and_its_managers_are_told,
);

/// In production an endpoint must be a public https address: loopback, private and link-local
/// literals are refused when registered, and a name that resolves to one is refused when sent.
#[tokio::test]
async fn private_addresses_are_never_reached() {
    let app = TestApp::builder(Engine::Sqlite).configure(|c| c.webhooks.poll_ms = 50).spawn().await;
    let people = people(&app, "acme").await;
    let contest = open_contest(&app, &people, "acme").await;
    let receiver = Receiver::start().await;
    let api = Api::new(&app);
    for url in [
        receiver.url.clone(),
        format!("https://127.0.0.1:{}/hook", receiver.port),
        "https://10.0.0.7/hook".to_owned(),
        "https://[::1]/hook".to_owned(),
        "https://169.254.169.254/latest/meta-data".to_owned(),
    ] {
        let body = json!({"url": url, "events": ["idea.submitted"]});
        let (status, refused) = api.post("/orgs/acme/webhooks", &people.owner, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {refused}");
        assert_eq!(refused["error"]["fields"]["url"]["code"], "not_public", "{url}: {refused}");
    }
    assert!(api.get("/orgs/acme/webhooks", &people.owner).await.1["webhooks"].as_array().is_some_and(Vec::is_empty));
    // A name is checked when it is resolved: `localhost` is loopback.
    let url = format!("https://localhost:{}/hook", receiver.port);
    let (hook, _) = register(&app, &people.owner, "acme", &url, &["idea.submitted"]).await;
    submit_idea(&app, &people.member, &contest, "A kettle that knows").await;
    let refused = || async {
        let log = deliveries(&app, &people.owner, "acme", &hook).await;
        log.first().is_some_and(|d| d["attempts"] == 1 && d["error"].as_str().is_some_and(|e| e.contains("not public")))
    };
    assert!(eventually(WAIT, refused).await, "{:?}", deliveries(&app, &people.owner, "acme", &hook).await);
    assert!(receiver.received().is_empty(), "nothing reached the loopback receiver");
    app.stop().await;
}
