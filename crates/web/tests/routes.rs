//! Routes in process: the whole router (every layer) answers requests through `tower::oneshot`, on
//! a fresh database of each engine, with a fixed clock. Each area's JSON and the main part of its
//! pages are compared with the snapshots in `tests/snapshots/` (ids and times redacted), so a change
//! in what a page or a response says shows up in review. Both engines must give the same answers:
//! their tests share one snapshot per response.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use ideaforge_app::{App, AppConfig, ManualClock};
use ideaforge_domain::account::TokenName;
use ideaforge_domain::{NewUser, Role};
use ideaforge_store::Store;
use ideaforge_store::testing::{Engine, TestDb};
use ideaforge_web::{AppState, WebConfig, router};
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime, macros::datetime};
use tower::ServiceExt;

#[path = "routes/accounts.rs"]
mod accounts;
#[path = "routes/admin.rs"]
mod admin;
#[path = "routes/campaigns.rs"]
mod campaigns;
#[path = "routes/categories.rs"]
mod categories;
#[path = "routes/contract.rs"]
mod contract;
#[path = "routes/exports.rs"]
mod exports;
#[path = "routes/feeds.rs"]
mod feeds;
#[path = "routes/paging.rs"]
mod paging;
#[path = "routes/royalties.rs"]
mod royalties;
#[path = "routes/rules.rs"]
mod rules;
#[path = "routes/thresholds.rs"]
mod thresholds;
#[path = "routes/written.rs"]
mod written;

ideaforge_store::on_both_engines!(
    contests_and_ideas_answer_as_their_snapshots,
    challenges_answer_each_viewer_as_their_snapshots,
    notifications_and_errors_answer_as_their_snapshots,
    authors_see_their_count_and_members_choose_deliveries_in_one_form,
    a_members_front_door_shows_their_ideas_votes_and_news,
    managers_upload_pictures_that_are_checked_made_to_size_and_served,
);

const NOW: OffsetDateTime = datetime!(2026-11-24 12:00 UTC);

/// A site in process with its people's API tokens.
struct Site {
    _db: TestDb,
    _pictures: tempfile::TempDir,
    app: Arc<App>,
    router: Router,
    clock: ManualClock,
    owner: String,
    inventor: String,
    fan: String,
    moderator: String,
    admin: String,
    solver: String,
    /// The API operations that answered with a documented success, as `(method, path)`.
    answered: Mutex<BTreeSet<(String, String)>>,
}

async fn site(engine: Engine) -> Site {
    site_with(engine, &AppConfig::default()).await
}

async fn site_with(engine: Engine, config: &AppConfig) -> Site {
    let db = TestDb::new(engine).await;
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let clock = ManualClock::new(NOW);
    let app = Arc::new(App::new(store, Arc::new(clock.clone()), config));
    let pictures = tempfile::tempdir().expect("pictures dir");
    app.set_pictures_dir(pictures.path().to_path_buf());
    let token = |email: &'static str, name: &'static str, role: Role| {
        let app = app.clone();
        async move {
            let mut new = NewUser::parse(email, name, "correct horse battery").expect("valid user");
            new.role = role;
            new.email_verified = true;
            let user = app.create_user(&new).await.expect("user");
            let name = TokenName::parse("routes").expect("token name");
            app.issue_full_token(&user, &name).await.expect("token").1.expose().to_owned()
        }
    };
    let owner = token("owner@acme.example", "Olga Owner", Role::Member).await;
    let inventor = token("ines@example.com", "Ines Inventor", Role::Member).await;
    let fan = token("fan@example.com", "Fabio Fan", Role::Member).await;
    let moderator = token("mod@example.com", "Mo Moderator", Role::Moderator).await;
    let admin = token("admin@example.com", "Ada Admin", Role::Admin).await;
    let solver = token("solver@example.com", "Sol Solver", Role::Member).await;
    let router = router(AppState::new(Arc::clone(&app), WebConfig::default()));
    Site {
        _db: db,
        _pictures: pictures,
        app,
        router,
        clock,
        owner,
        inventor,
        fan,
        moderator,
        admin,
        solver,
        answered: Mutex::default(),
    }
}

fn at(days: i64) -> String {
    (NOW + Duration::days(days)).format(&Rfc3339).expect("format")
}

impl Site {
    async fn call(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> (StatusCode, String) {
        let mut request = Request::builder().method(method.clone()).uri(path);
        if !token.is_empty() {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .expect("request"),
            None => request.body(Body::empty()).expect("request"),
        };
        let response = self.router.clone().oneshot(request).await.expect("answered");
        let status = response.status();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        let text = String::from_utf8(bytes.to_vec()).expect("UTF-8");
        // Every API answer is checked against the generated OpenAPI document.
        if let Some(operation) = contract::check(&method, path, status, &text) {
            self.answered.lock().expect("lock").insert(operation);
        }
        (status, text)
    }

    /// Posts a form (`application/x-www-form-urlencoded`) as a page would, with a bearer token.
    async fn form(&self, path: &str, token: &str, body: &str) -> (StatusCode, String) {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if !token.is_empty() {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let response = self
            .router
            .clone()
            .oneshot(request.body(Body::from(body.to_owned())).expect("request"))
            .await
            .expect("answered");
        let status = response.status();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    /// A GET's status, `Cache-Control` and body.
    async fn get_cached(&self, path: &str, token: &str) -> (StatusCode, String, String) {
        let mut request = Request::builder().method(Method::GET).uri(path);
        if !token.is_empty() {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let response =
            self.router.clone().oneshot(request.body(Body::empty()).expect("request")).await.expect("answered");
        let status = response.status();
        let cache =
            response.headers().get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        (status, cache, String::from_utf8_lossy(&bytes).into_owned())
    }

    async fn json(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> (StatusCode, Value) {
        let (status, text) = self.call(method, path, token, body).await;
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    async fn post(&self, path: &str, token: &str, body: Value) -> Value {
        let (status, value) = self.json(Method::POST, &format!("/api/v1{path}"), token, Some(body)).await;
        assert!(status.is_success(), "POST {path}: {status} {value}");
        value
    }

    /// A contest of Acme with two ideas, a vote, a comment and a stage move.
    async fn contest_with_ideas(&self) -> (String, String) {
        self.post("/orgs", &self.owner, json!({"name": "Acme", "slug": "acme"})).await;
        let contest = self
            .post(
                "/contests",
                &self.owner,
                json!({
                    "org": "acme", "title": "The kitchen of 2030", "brief": "What would make cooking **easier**?",
                    "category": "kitchen", "submission_closes_at": at(10), "voting_closes_at": at(20),
                    "vote_budget": 3, "influence_pool_bp": 1000, "ip_terms": "Licence on selection; reverts if abandoned.",
                }),
            )
            .await["id"]
            .as_str()
            .expect("contest id")
            .to_owned();
        self.post(&format!("/contests/{contest}/approve"), &self.moderator, json!({})).await;
        let idea = |title: &str| json!({"contest_id": contest, "title": title, "summary": "A kettle that knows.", "body": "It **whistles** softly.", "category": "kitchen", "tags": ["kettle", "quiet"]});
        let first = self.post("/ideas", &self.inventor, idea("Kettle that knows")).await["id"]
            .as_str()
            .expect("idea id")
            .to_owned();
        self.post("/ideas", &self.fan, idea("Self-cleaning hob")).await;
        let (status, _) = self.json(Method::PUT, &format!("/api/v1/ideas/{first}/vote"), &self.fan, None).await;
        assert_eq!(status, StatusCode::OK);
        self.post(&format!("/ideas/{first}/comments"), &self.fan, json!({"body": "Could it <b>whistle</b>?"})).await;
        self.post(&format!("/ideas/{first}/stage"), &self.owner, json!({"to": "shortlisted", "reason": "Lovely"}))
            .await;
        (contest, first)
    }
}

/// Ids and times replaced, so that a snapshot says what a response means, not when it was made.
fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, field) in map.iter_mut() {
                let is_id = key == "id" || key.ends_with("_id");
                let is_time = key.ends_with("_at") || key.ends_with("deadline") || key == "closes_at";
                match field {
                    Value::String(_) if is_id => *field = json!("[id]"),
                    Value::String(_) if is_time => *field = json!("[time]"),
                    _ => redact(field),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

fn redacted(mut value: Value) -> Value {
    redact(&mut value);
    value
}

/// The page's `<main>`, with times redacted.
fn main_of(html: &str) -> String {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>") + "</main>".len();
    let mut main = html[start..end].to_owned();
    while let Some(open) = main.find("<time datetime=\"") {
        let close = main[open..].find("</time>").expect("</time>") + open + "</time>".len();
        main.replace_range(open..close, "<time>[time]</time>");
    }
    main.replace("><", ">\n<")
}

async fn contests_and_ideas_answer_as_their_snapshots(engine: Engine) {
    let site = site(engine).await;
    let (contest, idea) = site.contest_with_ideas().await;
    let (status, body) = site.json(Method::GET, &format!("/api/v1/contests/{contest}"), "", None).await;
    assert_eq!(status, StatusCode::OK);
    insta::assert_json_snapshot!("api_contest", redacted(body));
    let (_, body) = site.json(Method::GET, &format!("/api/v1/ideas/{idea}"), "", None).await;
    insta::assert_json_snapshot!("api_idea", redacted(body));
    let (_, body) = site.json(Method::GET, &format!("/api/v1/ideas?contest={contest}&sort=top"), "", None).await;
    insta::assert_json_snapshot!("api_idea_list", redacted(body));
    let (status, page) = site.call(Method::GET, &format!("/contests/{contest}"), "", None).await;
    assert_eq!(status, StatusCode::OK);
    insta::assert_snapshot!("page_contest", main_of(&page));
    let (_, page) = site.call(Method::GET, &format!("/ideas/{idea}"), "", None).await;
    insta::assert_snapshot!("page_idea", main_of(&page));
}

async fn challenges_answer_each_viewer_as_their_snapshots(engine: Engine) {
    let site = site(engine).await;
    site.post("/orgs", &site.owner, json!({"name": "Capsule Co", "slug": "capsule"})).await;
    let challenge = site
        .post(
            "/challenges",
            &site.owner,
            json!({
                "org": "capsule", "title": "A home-compostable coffee capsule",
                "public_statement": "We need a capsule that composts in a garden heap within 90 days.",
                "confidential_details": "Our polymer is PLA-7.", "type": "reduction_to_practice", "difficulty": "high",
                "category": "materials", "award": {"amount_minor": 1_500_000, "currency": "USD"},
                "award_split_bp": [10_000], "submission_deadline": at(30), "ip_terms": "assign", "anonymous": true,
                "criteria": [{"name": "Feasibility", "weight": 60}, {"name": "Cost", "weight": 40}],
            }),
        )
        .await["id"]
        .as_str()
        .expect("challenge id")
        .to_owned();
    site.post(&format!("/challenges/{challenge}/submit"), &site.owner, json!({})).await;
    site.post(&format!("/challenges/{challenge}/approve"), &site.moderator, json!({})).await;
    let escrow = json!({"amount": {"amount_minor": 1_650_000, "currency": "USD"}, "reference": "BANK-1"});
    site.post(&format!("/challenges/{challenge}/escrow"), &site.admin, escrow).await;
    site.post(&format!("/challenges/{challenge}/agreement"), &site.solver, json!({})).await;
    let solution = json!({"title": "Mycelium shell", "body": "Grow the shell from mycelium."});
    site.post(&format!("/challenges/{challenge}/solutions"), &site.solver, solution).await;
    // Each viewer sees what the domain allows them: the public, the solver, the seeker.
    let path = format!("/api/v1/challenges/{challenge}");
    for (name, token) in [("public", ""), ("solver", site.solver.as_str()), ("seeker", site.owner.as_str())] {
        let (status, body) = site.json(Method::GET, &path, token, None).await;
        assert_eq!(status, StatusCode::OK);
        insta::assert_json_snapshot!(format!("api_challenge_{name}"), redacted(body.clone()));
        let (_, page) = site.call(Method::GET, &format!("/challenges/{challenge}"), token, None).await;
        insta::assert_snapshot!(format!("page_challenge_{name}"), main_of(&page));
        let seen = format!("{body}{page}");
        assert_eq!(seen.contains("Capsule Co"), name == "seeker", "{name} and the anonymous seeker's name");
        assert_eq!(seen.contains("PLA-7"), name != "public", "{name} and the confidential details");
    }
    // After the deadline the seeker awards the solution; the solver is told.
    site.clock.advance(Duration::days(31));
    let award = json!({"solution_id": "1", "place": 1});
    let award = site.post(&format!("/challenges/{challenge}/awards"), &site.owner, award).await;
    insta::assert_json_snapshot!("api_award", redacted(award));
    let (_, board) = site.json(Method::GET, &format!("/api/v1/challenges/{challenge}/board"), &site.owner, None).await;
    insta::assert_json_snapshot!("api_board", redacted(board));
}

async fn notifications_and_errors_answer_as_their_snapshots(engine: Engine) {
    let site = site(engine).await;
    let (_, idea) = site.contest_with_ideas().await;
    // The inventor heard of the comment and the stage move, worded in her language.
    let (_, heard) = site.json(Method::GET, "/api/v1/me/notifications", &site.inventor, None).await;
    insta::assert_json_snapshot!("api_notifications", redacted(heard));
    // Bad input and missing things answer with the contract's error body, storing nothing.
    let (status, refused) =
        site.json(Method::POST, &format!("/api/v1/ideas/{idea}/comments"), &site.fan, Some(json!({"body": ""}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    insta::assert_json_snapshot!("api_error_invalid", refused);
    let (status, missing) = site.json(Method::GET, "/api/v1/ideas/not-a-number", "", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    insta::assert_json_snapshot!("api_error_not_found", missing);
    let (status, voted) = site.json(Method::PUT, &format!("/api/v1/ideas/{idea}/vote"), &site.inventor, None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    insta::assert_json_snapshot!("api_error_own_idea", voted);
    let (status, page) = site.call(Method::GET, "/ideas/999", "", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    insta::assert_snapshot!("page_not_found", main_of(&page));
}

async fn authors_see_their_count_and_members_choose_deliveries_in_one_form(engine: Engine) {
    let site = site(engine).await;
    let (_, idea) = site.contest_with_ideas().await;
    // The domain refuses an author's vote on their own idea, so their page shows the count and why.
    let (_, own) = site.call(Method::GET, &format!("/ideas/{idea}"), &site.inventor, None).await;
    assert!(own.contains(r#"data-testid="votes-only""#) && own.contains("You cannot vote on your own idea."), "{own}");
    assert!(!own.contains(r#"<form class="vote""#), "no live vote button on one's own idea");
    let (_, theirs) = site.call(Method::GET, &format!("/ideas/{idea}"), &site.fan, None).await;
    assert!(
        theirs.contains(r#"<form class="vote""#) && theirs.contains("Withdraw your vote for Kettle that knows, 1 vote")
    );

    async fn deliveries(site: &Site) -> Value {
        let (_, body) = site.json(Method::GET, "/api/v1/me/notifications", &site.fan, None).await;
        body["delivery"].clone()
    }
    let before = deliveries(&site).await;
    for refused in ["", "comment_on_your_idea=weekly&new_idea_in_followed_contest=sometimes", "no_such_kind=daily"] {
        let (status, _) = site.form("/notifications/preferences", &site.fan, refused).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused:?} is refused");
        assert_eq!(deliveries(&site).await, before, "{refused:?} changed nothing");
    }
    let (status, _) = site
        .form("/notifications/preferences", &site.fan, "comment_on_your_idea=daily&new_idea_in_followed_contest=off")
        .await;
    assert!(status.is_redirection(), "{status}");
    let after = deliveries(&site).await;
    assert_eq!(
        (after["comment_on_your_idea"].as_str(), after["new_idea_in_followed_contest"].as_str()),
        (Some("daily"), Some("off"))
    );
    let (_, page) = site.call(Method::GET, "/notifications", &site.fan, None).await;
    assert_eq!(page.matches(r#"action="/notifications/preferences""#).count(), 1, "one form for every kind");
}

async fn a_members_front_door_shows_their_ideas_votes_and_news(engine: Engine) {
    let site = site(engine).await;
    let (contest, idea) = site.contest_with_ideas().await;
    let (_, home) = site.call(Method::GET, "/", &site.inventor, None).await;
    let mine = home.split(r#"data-testid="my-ideas""#).nth(1).expect("the member's ideas");
    assert!(mine.contains("Kettle that knows") && mine.contains("Shortlisted"), "their idea and its stage: {mine}");
    assert!(!mine.split("</section>").next().unwrap_or_default().contains("Self-cleaning hob"), "only their own ideas");
    let (_, fans) = site.call(Method::GET, "/", &site.fan, None).await;
    let votes = fans.split(r#"data-testid="my-votes""#).nth(1).expect("the member's votes");
    assert!(
        votes.contains("The kitchen of 2030") && votes.contains("1 of 3 used"),
        "votes used of the budget: {votes}"
    );
    let news = home.split(r#"data-testid="my-news""#).nth(1).expect("the member's news");
    assert!(news.contains("Kettle that knows"), "the latest notification (a comment on their idea): {news}");
    let (_, anonymous) = site.call(Method::GET, "/", "", None).await;
    assert!(!anonymous.contains("my-ideas") && !anonymous.contains("my-votes"), "no dashboard signed out");
    let (_, all) = site.call(Method::GET, "/me/ideas", &site.fan, None).await;
    let main = main_of(&all);
    assert!(main.contains("Self-cleaning hob") && !main.contains("Kettle that knows"), "their ideas only: {main}");
    assert!(main.contains(r#"data-testid="votes-only""#), "their own ideas show counts, not vote buttons");

    // A vote through htmx answers with the new button and, out of band, the votes left.
    let request = Request::builder()
        .method(Method::POST)
        .uri(format!("/ideas/{idea}/vote"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::AUTHORIZATION, format!("Bearer {}", site.fan))
        .header("hx-request", "true")
        .body(Body::from(format!("on=0&back=/contests/{contest}")))
        .expect("request");
    let response = site.router.clone().oneshot(request).await.expect("answered");
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    let fragment = String::from_utf8_lossy(&bytes);
    assert!(fragment.contains(r#"<form class="vote""#), "{fragment}");
    assert!(
        fragment.contains(r#"id="votes-left" data-testid="votes-left" hx-swap-oob="true""#)
            && fragment.contains("0 of 3 used"),
        "the votes left come out of band: {fragment}"
    );
}

/// A `multipart/form-data` body with one `picture` file, and its content type.
fn picture_form(bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "ideaforge-test-boundary";
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"picture\"; filename=\"p.png\"\r\nContent-Type: image/png\r\n\r\n"
    );
    let body = [head.as_bytes(), bytes, format!("\r\n--{boundary}--\r\n").as_bytes()].concat();
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(width, height, image::Rgb([30, 90, 200]))
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

impl Site {
    /// Uploads `bytes` as the `picture` of the form at `path`; the status, `Location` and body.
    async fn upload(&self, path: &str, token: &str, bytes: &[u8]) -> (StatusCode, String, String) {
        let (content_type, body) = picture_form(bytes);
        let request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, content_type)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::from(body))
            .expect("request");
        let response = self.router.clone().oneshot(request).await.expect("answered");
        let status = response.status();
        let location = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        (status, location, String::from_utf8_lossy(&bytes).into_owned())
    }

    /// A GET's status, headers and raw body.
    async fn fetch(&self, path: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let request = Request::builder().method(Method::GET).uri(path).body(Body::empty()).expect("request");
        let response = self.router.clone().oneshot(request).await.expect("answered");
        let (status, headers) = (response.status(), response.headers().clone());
        let bytes = response.into_body().collect().await.expect("body").to_bytes();
        (status, headers, bytes.to_vec())
    }
}

/// The name in the first `src="/pictures/…"` of a page.
fn picture_in(page: &str) -> Option<String> {
    let start = page.find(r#"src="/pictures/"#)? + r#"src="/pictures/"#.len();
    let end = page[start..].find('"')? + start;
    Some(page[start..end].to_owned())
}

async fn managers_upload_pictures_that_are_checked_made_to_size_and_served(engine: Engine) {
    let site = site(engine).await;
    let (contest, _) = site.contest_with_ideas().await;
    let cover_form = format!("/contests/{contest}/picture");

    // Only the organization's managers may; who may is asked before the upload is read.
    let (status, _, _) = site.upload(&cover_form, &site.fan, &png(800, 600)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, page) = site.call(Method::GET, &format!("/contests/{contest}"), &site.fan, None).await;
    assert!(picture_in(&page).is_none() && !page.contains("picture-form"), "no cover and no form for a fan");

    // Bad pictures are refused with the reason, and nothing is kept.
    let refusals: [(&[u8], &str); 4] = [
        (b"just some text", "This is not a PNG, JPEG or WebP picture we can read."),
        (&png(20, 20), "The picture must be between 64 and 6,000 pixels on each side."),
        (&[b"\x89PNG\r\n\x1a\n".as_slice(), &vec![0; 2 * 1024 * 1024]].concat(), "The picture must be at most 2 MB."),
        (b"", "Choose a PNG, JPEG or WebP picture to upload."),
    ];
    for (bytes, message) in refusals {
        let (status, _, body) = site.upload(&cover_form, &site.owner, bytes).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(body.contains(message), "{message}: {body}");
    }
    let (_, page) = site.call(Method::GET, &format!("/contests/{contest}"), &site.owner, None).await;
    assert!(picture_in(&page).is_none(), "nothing was kept");
    assert!(page.contains(r#"enctype="multipart/form-data""#), "the manager sees the form");

    // A good one becomes a 1,200 × 630 JPEG cover, shown on the page and as its shared picture.
    let (status, location, _) = site.upload(&cover_form, &site.owner, &png(800, 600)).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, format!("/contests/{contest}").as_str()));
    let (_, page) = site.call(Method::GET, &format!("/contests/{contest}"), "", None).await;
    let cover = picture_in(&page).expect("the cover is shown");
    assert!(cover.ends_with("-cover.jpg"), "{cover}");
    assert!(page.contains(&format!(r#"property="og:image" content="http://localhost:3000/pictures/{cover}""#)));
    let (status, headers, bytes) = site.fetch(&format!("/pictures/{cover}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()), Some("image/jpeg"));
    assert_eq!(
        headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()),
        Some("public, max-age=31536000, immutable")
    );
    let made = image::load_from_memory(&bytes).expect("a picture");
    assert_eq!((made.width(), made.height()), (1_200, 630));

    // An organization's logo: a 256 px square PNG beside its name.
    let (status, _, _) = site.upload("/orgs/acme/picture", &site.owner, &png(300, 120)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, org) = site.call(Method::GET, "/orgs/acme", "", None).await;
    let logo = picture_in(&org).expect("the logo is shown");
    let (_, _, bytes) = site.fetch(&format!("/pictures/{logo}")).await;
    let made = image::load_from_memory(&bytes).expect("a picture");
    assert_eq!((made.width(), made.height()), (256, 256));

    // Only names the site gives are looked up.
    for name in ["..%2F..%2Fetc%2Fpasswd", "0123456789abcdef0123456789abcdef-cover.jpg", "x.png"] {
        let (status, _, _) = site.fetch(&format!("/pictures/{name}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{name}");
    }
}
