//! The rules that make commitments hold, each over the routes a person would use (HTML and the
//! API) on both engines: sealed solutions, published award splits, no walking away, no awards to
//! one's own people, moderators and their own organizations, private answers never cached, the
//! session cookie over https, client addresses behind a proxy and posting limits.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use ideaforge_app::{App, AppConfig, ManualClock};
use ideaforge_store::Store;
use ideaforge_store::testing::{Engine, TestDb};
use ideaforge_web::{AppState, WebConfig, router};
use serde_json::{Value, json};
use time::Duration;
use tower::ServiceExt;

use super::{NOW, at, site, site_with};

ideaforge_store::on_both_engines!(
    a_moderator_never_approves_their_own_organizations_contest,
    a_seeker_never_awards_its_own_people,
    once_solutions_arrive_only_an_administrator_ends_a_challenge_and_says_why,
    solutions_are_sealed_until_the_deadline,
    awards_follow_the_published_split,
    private_answers_are_never_cached,
    over_https_the_session_cookie_is_host_only,
    behind_a_proxy_a_client_cannot_choose_its_address,
    members_posting_too_fast_are_slowed_down,
);

/// An open challenge of Capsule Co (created, approved and funded): its id.
async fn open_challenge(site: &super::Site, title: &str, split: &[i64], ip_terms: &str) -> String {
    let challenge = json!({
        "org": "capsule", "title": title, "public_statement": "It composts in 90 days.",
        "confidential_details": "PLA-7.", "type": "ideation", "difficulty": "low", "category": "materials",
        "award": {"amount_minor": 100_000, "currency": "USD"}, "award_split_bp": split,
        "submission_deadline": at(30), "ip_terms": ip_terms, "anonymous": false,
        "criteria": [{"name": "Feasibility", "weight": 100}],
    });
    let id = site.post("/challenges", &site.owner, challenge).await["id"].as_str().expect("id").to_owned();
    site.post(&format!("/challenges/{id}/submit"), &site.owner, json!({})).await;
    site.post(&format!("/challenges/{id}/approve"), &site.moderator, json!({})).await;
    let escrow = json!({"amount": {"amount_minor": 110_000, "currency": "USD"}, "reference": format!("BANK-{title}")});
    site.post(&format!("/challenges/{id}/escrow"), &site.admin, escrow).await;
    id
}

async fn a_moderator_never_approves_their_own_organizations_contest(engine: Engine) {
    let site = site(engine).await;
    site.post("/orgs", &site.owner, json!({"name": "Acme", "slug": "acme"})).await;
    let member = json!({"email": "mod@example.com", "role": "judge"});
    let (status, _) = site.json(Method::POST, "/api/v1/orgs/acme/members", &site.owner, Some(member)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let contest = json!({
        "org": "acme", "title": "Quiet kitchens", "brief": "Less noise.", "category": "kitchen",
        "submission_closes_at": at(10), "voting_closes_at": at(20), "influence_pool_bp": 1000,
        "ip_terms": "Licence on selection.",
    });
    let id = site.post("/contests", &site.owner, contest).await["id"].as_str().expect("id").to_owned();
    let approve = format!("/api/v1/contests/{id}/approve");
    let (status, refused) = site.json(Method::POST, &approve, &site.moderator, None).await;
    assert_eq!((status, refused["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
    let (_, page) = site.call(Method::GET, &format!("/contests/{id}"), &site.moderator, None).await;
    assert!(page.contains("contest-pending") || page.contains("Quiet kitchens"), "the page shows");
    assert!(!page.contains("approve-contest"), "no approve button for the organization's own moderator");
    let (_, page) = site.call(Method::GET, &format!("/contests/{id}"), &site.admin, None).await;
    assert!(page.contains("approve-contest"), "an outside moderator is offered the button");
    let (status, _) = site.json(Method::POST, &approve, &site.admin, None).await;
    assert_eq!(status, StatusCode::OK);
}

async fn a_seeker_never_awards_its_own_people(engine: Engine) {
    let site = site(engine).await;
    site.post("/orgs", &site.owner, json!({"name": "Capsule Co", "slug": "capsule"})).await;
    let id = open_challenge(&site, "A compostable capsule", &[10_000], "assign").await;
    site.post(&format!("/challenges/{id}/agreement"), &site.solver, json!({})).await;
    let solution = json!({"title": "Mycelium", "body": "Grown, not moulded."});
    let solution = site.post(&format!("/challenges/{id}/solutions"), &site.solver, solution).await["id"]
        .as_str()
        .expect("solution id")
        .to_owned();
    // The solver joins the seeker organization before the award: the seeker cannot pay its own.
    let member = json!({"email": "solver@example.com", "role": "judge"});
    let (status, _) = site.json(Method::POST, "/api/v1/orgs/capsule/members", &site.owner, Some(member)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    site.clock.advance(Duration::days(31));
    let award = json!({"solution_id": solution, "place": 1});
    let (status, refused) =
        site.json(Method::POST, &format!("/api/v1/challenges/{id}/awards"), &site.owner, Some(award)).await;
    assert_eq!((status, refused["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("seeker_member")), "{refused}");
    let (_, board) = site.call(Method::GET, &format!("/challenges/{id}/board"), &site.owner, None).await;
    assert!(board.contains("ch-award-insider") && !board.contains("ch-award-form"), "the board offers no award");
    let (_, balance) = site.json(Method::GET, "/api/v1/me/balance", &site.solver, None).await;
    assert_eq!(balance["payable"], json!([]), "nothing was paid");
}

async fn once_solutions_arrive_only_an_administrator_ends_a_challenge_and_says_why(engine: Engine) {
    let site = site(engine).await;
    site.post("/orgs", &site.owner, json!({"name": "Capsule Co", "slug": "capsule"})).await;
    let open = |title: &'static str| open_challenge(&site, title, &[10_000], "assign");
    // Before any solution the seeker may still walk away.
    let quiet = open("Quiet").await;
    let (status, _) = site.json(Method::POST, &format!("/api/v1/challenges/{quiet}/cancel"), &site.owner, None).await;
    assert_eq!(status, StatusCode::OK);
    // Once a solution arrives it may not, over the API or the page.
    let id = open("Busy").await;
    site.post(&format!("/challenges/{id}/agreement"), &site.solver, json!({})).await;
    let solution = json!({"title": "Mycelium", "body": "Grown, not moulded."});
    site.post(&format!("/challenges/{id}/solutions"), &site.solver, solution).await;
    let cancel = format!("/api/v1/challenges/{id}/cancel");
    let (status, refused) = site.json(Method::POST, &cancel, &site.owner, None).await;
    assert_eq!((status, refused["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("solutions_arrived")));
    let (_, page) = site.call(Method::GET, &format!("/challenges/{id}"), &site.owner, None).await;
    assert!(!page.contains("ch-cancel-challenge"), "the seeker is offered no cancel");
    // An administrator may end it, with a public reason shown on the page and told to every solver.
    let (_, page) = site.call(Method::GET, &format!("/challenges/{id}"), &site.admin, None).await;
    assert!(page.contains("ch-cancel-challenge-form"), "the administrator is asked for a reason");
    let (status, missing) = site.json(Method::POST, &cancel, &site.admin, Some(json!({}))).await;
    assert_eq!(
        (status, missing["error"]["fields"]["reason"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("required"))
    );
    let why = json!({"reason": "The seeker's funds were withdrawn."});
    let (status, ended) = site.json(Method::POST, &cancel, &site.admin, Some(why)).await;
    assert_eq!((status, ended["status"].as_str()), (StatusCode::OK, Some("cancelled")), "{ended}");
    let (_, public) = site.json(Method::GET, &format!("/api/v1/challenges/{id}"), "", None).await;
    assert_eq!(public["end_reason"], "The seeker's funds were withdrawn.");
    let (_, page) = site.call(Method::GET, &format!("/challenges/{id}"), "", None).await;
    assert!(page.contains("ch-end-reason") && page.contains("funds were withdrawn"), "the page says why");
    let (_, heard) = site.json(Method::GET, "/api/v1/me/notifications", &site.solver, None).await;
    let line = heard["notifications"][0]["line"].as_str().unwrap_or_default().to_owned();
    assert!(line.contains("funds were withdrawn"), "the solver is told why: {line}");
}

async fn solutions_are_sealed_until_the_deadline(engine: Engine) {
    let site = site(engine).await;
    site.post("/orgs", &site.owner, json!({"name": "Capsule Co", "slug": "capsule"})).await;
    let judge = json!({"email": "fan@example.com", "role": "judge"});
    let (status, _) = site.json(Method::POST, "/api/v1/orgs/capsule/members", &site.owner, Some(judge)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let id = open_challenge(&site, "A compostable capsule", &[10_000], "assign").await;
    site.post(&format!("/challenges/{id}/agreement"), &site.solver, json!({})).await;
    let solution = json!({"title": "Mycelium shell", "body": "Grown from spores."});
    let sid = site.post(&format!("/challenges/{id}/solutions"), &site.solver, solution).await["id"]
        .as_str()
        .expect("solution id")
        .to_owned();
    let api_solution = format!("/api/v1/solutions/{sid}");
    // Before the deadline the seeker's owner and judge see how many arrived, and nothing of them.
    for (who, token) in [("owner", &site.owner), ("judge", &site.fan)] {
        for path in [
            api_solution.clone(),
            format!("/api/v1/challenges/{id}/board"),
            format!("/api/v1/challenges/{id}/solutions"),
        ] {
            let (status, body) = site.json(Method::GET, &path, token, None).await;
            assert_eq!(
                (status, body["error"]["code"].as_str()),
                (StatusCode::CONFLICT, Some("sealed")),
                "{who} {path}"
            );
        }
        let (status, page) = site.call(Method::GET, &format!("/solutions/{sid}"), token, None).await;
        assert_eq!(status, StatusCode::CONFLICT, "{who}");
        assert!(page.contains("ch-solution-sealed") && !page.contains("Mycelium"), "{who}: {page}");
        let (_, seen) = site.json(Method::GET, &format!("/api/v1/challenges/{id}"), token, None).await;
        assert_eq!(seen["solutions"], 1, "{who} sees the count");
        let (_, page) = site.call(Method::GET, &format!("/challenges/{id}"), token, None).await;
        assert!(page.contains("ch-solution-count") && !page.contains("Mycelium"), "{who}");
    }
    let (_, public) = site.json(Method::GET, &format!("/api/v1/challenges/{id}"), "", None).await;
    assert!(public.get("solutions").is_none(), "outsiders are not given the count");
    // An administrator opens it only with a stated reason, which the solver then sees.
    let (status, sealed) = site.json(Method::GET, &api_solution, &site.admin, None).await;
    assert_eq!((status, sealed["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("sealed")));
    let (_, page) = site.call(Method::GET, &format!("/solutions/{sid}"), &site.admin, None).await;
    assert!(page.contains("ch-open-sealed"), "the administrator is offered the reasoned opening");
    let open = format!("{api_solution}/open");
    let (status, _) = site.json(Method::POST, &open, &site.admin, Some(json!({"reason": " "}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = site.json(Method::POST, &open, &site.owner, Some(json!({"reason": "Curious."}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only administrators open a sealed solution");
    let why = json!({"reason": "A dispute about who wrote it."});
    let (status, opened) = site.json(Method::POST, &open, &site.admin, Some(why)).await;
    assert_eq!((status, opened["title"].as_str()), (StatusCode::OK, Some("Mycelium shell")));
    let (status, _) = site.json(Method::GET, &api_solution, &site.owner, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "the opening is the administrator's alone");
    let (_, mine) = site.json(Method::GET, &api_solution, &site.solver, None).await;
    assert_eq!(mine["openings"][0]["reason"], "A dispute about who wrote it.");
    let (_, page) = site.call(Method::GET, &format!("/solutions/{sid}"), &site.solver, None).await;
    assert!(page.contains("ch-solution-openings") && page.contains("A dispute about who wrote it."));
    // After the deadline the seeker's people read it as before.
    site.clock.advance(Duration::days(31));
    let (status, read) = site.json(Method::GET, &api_solution, &site.owner, None).await;
    assert_eq!((status, read["title"].as_str()), (StatusCode::OK, Some("Mycelium shell")));
    let (status, _) = site.json(Method::GET, &format!("/api/v1/challenges/{id}/board"), &site.fan, None).await;
    assert_eq!(status, StatusCode::OK);
}

async fn awards_follow_the_published_split(engine: Engine) {
    let site = site(engine).await;
    site.post("/orgs", &site.owner, json!({"name": "Capsule Co", "slug": "capsule"})).await;
    let id = open_challenge(&site, "A compostable capsule", &[6_000, 4_000], "solver_keeps").await;
    let mut solutions = Vec::new();
    for (token, title) in [(&site.solver, "Mycelium"), (&site.inventor, "Paper")] {
        site.post(&format!("/challenges/{id}/agreement"), token, json!({})).await;
        let body = json!({"title": title, "body": "How it works."});
        let solution = site.post(&format!("/challenges/{id}/solutions"), token, body).await;
        solutions.push(solution["id"].as_str().expect("id").to_owned());
    }
    site.clock.advance(Duration::days(31));
    let awards = format!("/api/v1/challenges/{id}/awards");
    let first = json!({"solution_id": solutions[0], "place": 1});
    let (status, award) = site.json(Method::POST, &awards, &site.owner, Some(first)).await;
    assert_eq!(
        (status, award["place"].as_u64(), award["share_bp"].as_u64()),
        (StatusCode::CREATED, Some(1), Some(6_000))
    );
    assert_eq!(award["amount"]["amount_minor"], 60_000, "exactly the first place's published share");
    // A partial award cannot be closed to take the rest of the pool back.
    let (_, judging) = site.json(Method::GET, &format!("/api/v1/challenges/{id}"), "", None).await;
    assert_eq!(judging["status"], "judging", "a place is still open");
    let close = format!("/api/v1/challenges/{id}/close");
    let (status, refused) = site.json(Method::POST, &close, &site.owner, None).await;
    assert_eq!((status, refused["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("no_awards")));
    let (_, board) = site.call(Method::GET, &format!("/challenges/{id}/board"), &site.owner, None).await;
    assert!(board.contains("Place 2 (40") && !board.contains("Place 1 ("), "the board offers only the open place");
    let second = json!({"solution_id": solutions[1], "place": 2});
    let (status, award) = site.json(Method::POST, &awards, &site.owner, Some(second)).await;
    assert_eq!((status, award["amount"]["amount_minor"].as_i64()), (StatusCode::CREATED, Some(40_000)));
    let (_, awarded) = site.json(Method::GET, &format!("/api/v1/challenges/{id}"), "", None).await;
    assert_eq!(awarded["status"], "awarded", "every place filled");
    let (status, closed) = site.json(Method::POST, &close, &site.owner, None).await;
    assert_eq!((status, closed["refund"]["amount_minor"].as_i64()), (StatusCode::OK, Some(0)), "{closed}");
}

/// Every answer to a signed-in member is private: crawling every page reachable by links from the
/// home page, and every documented API read, each carries `Cache-Control: no-store`.
async fn private_answers_are_never_cached(engine: Engine) {
    let site = site(engine).await;
    let (contest, idea) = site.contest_with_ideas().await;
    let (_, _, _) = site.get_cached("/", "").await;
    let (_, public_cache, _) = site.get_cached(&format!("/contests/{contest}"), "").await;
    assert!(!public_cache.contains("no-store"), "a public page for a visitor may be cached");
    let mut queue = vec!["/".to_owned(), "/account".to_owned(), "/notifications".to_owned()];
    let mut seen = BTreeSet::new();
    while let Some(path) = queue.pop() {
        if !seen.insert(path.clone()) || seen.len() > 80 {
            continue;
        }
        let (status, cache, body) = site.get_cached(&path, &site.inventor).await;
        assert_eq!(cache, "no-store", "GET {path} ({status}) as a member");
        for link in body.split("href=\"").skip(1).filter_map(|rest| rest.split('"').next()) {
            let link = link.split('#').next().unwrap_or_default().replace("&amp;", "&");
            let crawlable = link.starts_with('/') && !link.starts_with("//") && !link.starts_with("/static/");
            if crawlable && !seen.contains(&link) {
                queue.push(link);
            }
        }
    }
    assert!(seen.len() >= 15, "the crawl reached the site: {seen:?}");
    let document: Value = serde_json::to_value(ideaforge_web::site::openapi::document()).expect("document");
    for (path, item) in document["paths"].as_object().expect("paths") {
        if item.get("get").is_none() {
            continue;
        }
        let path = path.replace("{id}", &idea).replace("{seq}", "1");
        let (status, cache, _) = site.get_cached(&format!("/api/v1{path}"), &site.inventor).await;
        assert_eq!(cache, "no-store", "GET /api/v1{path} ({status}) with a token");
    }
}

/// Served over https, the session cookie is `__Host-` prefixed (Secure, whole site, this host
/// only), it is the one read back, and HSTS covers subdomains.
async fn over_https_the_session_cookie_is_host_only(engine: Engine) {
    let site = site(engine).await;
    let config = WebConfig { public_url: Some("https://ideas.example".to_owned()), ..WebConfig::default() };
    let router = router(AppState::new(Arc::clone(&site.app), config));
    let form = "email=hosted%40example.com&display_name=Hosted&password=correct+horse+battery";
    let request = Request::builder()
        .method(Method::POST)
        .uri("/register")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .expect("request");
    let registered = router.clone().oneshot(request).await.expect("answered");
    let hsts = registered.headers().get(header::STRICT_TRANSPORT_SECURITY).and_then(|v| v.to_str().ok());
    assert_eq!(hsts, Some("max-age=31536000; includeSubDomains"));
    let cookie = registered
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.contains("ideaforge_session="))
        .expect("a session cookie")
        .to_owned();
    assert!(
        cookie.starts_with("__Host-ideaforge_session=") && cookie.contains("; Secure") && cookie.contains("Path=/")
    );
    assert!(!cookie.contains("Domain="), "{cookie}");
    let pair = cookie.split(';').next().expect("pair").to_owned();
    let account = |cookie: String| {
        let router = router.clone();
        async move {
            let request =
                Request::builder().uri("/account").header(header::COOKIE, cookie).body(Body::empty()).expect("request");
            router.oneshot(request).await.expect("answered").status()
        }
    };
    assert_eq!(account(pair.clone()).await, StatusCode::OK, "the __Host- cookie signs in");
    let plain = pair.replacen("__Host-", "", 1);
    assert_eq!(account(plain).await, StatusCode::SEE_OTHER, "the unprefixed name is not read over https");
}

/// Behind a trusted proxy the client is the right-most untrusted `X-Forwarded-For` address: a
/// client that sends its own header (a new address each time) is still limited as itself, and
/// another client behind the same proxy is not.
async fn behind_a_proxy_a_client_cannot_choose_its_address(engine: Engine) {
    let db = TestDb::new(engine).await;
    let store = Store::connect(db.config()).await.expect("connect");
    store.migrate().await.expect("migrate");
    let mut config = AppConfig::default();
    config.auth.register_per_ip = 2;
    let app = Arc::new(App::new(store, Arc::new(ManualClock::new(NOW)), &config));
    let web = WebConfig { trusted_proxies: vec!["127.0.0.1".to_owned()], ..WebConfig::default() };
    let router = router(AppState::new(app, web));
    let register = |n: usize, forwarded: String| {
        let router = router.clone();
        async move {
            let body =
                json!({"email": format!("m{n}@example.com"), "password": "correct horse battery", "display_name": "M"});
            let mut request = Request::builder()
                .method(Method::POST)
                .uri("/api/v1/users")
                .header(header::CONTENT_TYPE, "application/json")
                .header("x-forwarded-for", forwarded)
                .body(Body::from(body.to_string()))
                .expect("request");
            let proxy: std::net::SocketAddr = "127.0.0.1:40000".parse().expect("addr");
            request.extensions_mut().insert(axum::extract::ConnectInfo(proxy));
            router.oneshot(request).await.expect("answered").status()
        }
    };
    for n in 0..2 {
        assert_eq!(register(n, format!("6.6.6.{n}, 203.0.113.9")).await, StatusCode::CREATED);
    }
    assert_eq!(
        register(2, "6.6.6.99, 203.0.113.9".to_owned()).await,
        StatusCode::TOO_MANY_REQUESTS,
        "spoofing changes nothing"
    );
    assert_eq!(register(3, "203.0.113.10".to_owned()).await, StatusCode::CREATED, "another client is not locked out");
}

/// Per-member limits on posting: past the limit a member gets 429 with `Retry-After` (and nothing
/// is stored); other members are unaffected, and the window passes.
async fn members_posting_too_fast_are_slowed_down(engine: Engine) {
    let mut config = AppConfig::default();
    config.community.posts_per_window = 3;
    let site = site_with(engine, &config).await;
    let (_, idea) = site.contest_with_ideas().await;
    let comments = format!("/api/v1/ideas/{idea}/comments");
    // The fan commented once while the world was set up.
    for n in 0..2 {
        let (status, _) =
            site.json(Method::POST, &comments, &site.fan, Some(json!({"body": format!("More {n}")}))).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let request = Request::builder()
        .method(Method::POST)
        .uri(&comments)
        .header(header::AUTHORIZATION, format!("Bearer {}", site.fan))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"body": "One too many"}).to_string()))
        .expect("request");
    let refused = site.router.clone().oneshot(request).await.expect("answered");
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key(header::RETRY_AFTER), "says when to try again");
    let (_, listed) = site.json(Method::GET, &format!("/api/v1/ideas/{idea}"), "", None).await;
    let page = site.call(Method::GET, &format!("/ideas/{idea}"), "", None).await.1;
    assert!(!page.contains("One too many"), "nothing stored: {listed}");
    let (status, _) = site.json(Method::POST, &comments, &site.inventor, Some(json!({"body": "Mine"}))).await;
    assert_eq!(status, StatusCode::CREATED, "another member is unaffected");
    site.clock.advance(Duration::minutes(11));
    let (status, _) = site.json(Method::POST, &comments, &site.fan, Some(json!({"body": "Later"}))).await;
    assert_eq!(status, StatusCode::CREATED, "the window passes");
}
