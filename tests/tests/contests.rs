//! Contests, ideas, votes, comments and stages over the JSON API and the HTML forms, on SQLite and
//! PostgreSQL.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use ideaforge_domain::Role;
use ideaforge_tests::{Api, Engine, TestApp, new_client, on_both_engines};
use reqwest::StatusCode;
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

on_both_engines!(
    the_contest_flow_over_the_api,
    two_hundred_concurrent_votes_from_a_hundred_members_count_once_each,
    a_budget_holds_under_concurrent_votes,
    bad_contest_and_idea_input_is_refused_and_stores_nothing,
    the_contest_flow_through_the_html_forms,
);

fn at(days: i64) -> String {
    (OffsetDateTime::now_utc() + Duration::days(days)).format(&Rfc3339).expect("format")
}

fn contest_body(budget: Option<i64>) -> Value {
    json!({
        "org": "acme",
        "title": "The kitchen of 2030",
        "brief": "What would make cooking **easier**?",
        "category": "kitchen",
        "submission_closes_at": at(10),
        "voting_closes_at": at(20),
        "vote_budget": budget,
        "influence_pool_bp": 1000,
        "ip_terms": "Licence on selection; reverts if abandoned.",
    })
}

fn idea_body(contest: &str, title: &str) -> Value {
    json!({
        "contest_id": contest,
        "title": title,
        "summary": "A kettle that knows when you are home",
        "body": "It starts boiling when your phone is near.",
        "category": "kitchen",
        "tags": ["kettle", "smart-home"],
    })
}

/// An approved contest run by `acme`, with its manager's and moderator's tokens.
async fn approved_contest(api: &Api<'_>, budget: Option<i64>) -> (String, String, String) {
    let (_, manager) = api.app.member("manager@example.com", "Manager", Role::Member).await;
    let (_, moderator) = api.app.member("moderator@example.com", "Moderator", Role::Moderator).await;
    let (status, _) = api.post("/orgs", &manager, json!({"name": "Acme Appliances", "slug": "acme"})).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, contest) = api.post("/contests", &manager, contest_body(budget)).await;
    assert_eq!(status, StatusCode::CREATED, "{contest}");
    let id = contest["id"].as_str().expect("id").to_owned();
    let (status, approved) = api.post(&format!("/contests/{id}/approve"), &moderator, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(approved["status"], "approved");
    (id, manager, moderator)
}

async fn the_contest_flow_over_the_api(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let api = Api::new(&app);
    let (_, manager) = app.member("manager@example.com", "Manager", Role::Member).await;
    let (_, moderator) = app.member("moderator@example.com", "Moderator", Role::Moderator).await;
    let (_, inventor) = app.member("inventor@example.com", "Inventor", Role::Member).await;
    let (_, ada) = app.member("ada@example.com", "Ada", Role::Member).await;
    let (_, bob) = app.member("bob@example.com", "Bob", Role::Member).await;

    assert_eq!(api.post("/orgs", &manager, json!({"name": "Acme", "slug": "acme"})).await.0, StatusCode::CREATED);
    let (status, error) = api.post("/contests", &inventor, contest_body(None)).await;
    assert_eq!((status, error["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
    let (status, contest) = api.post("/contests", &manager, contest_body(Some(3))).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(contest["status"], "pending_approval");
    let id = contest["id"].as_str().expect("id");
    let anonymous = new_client().get(app.url(&format!("/api/v1/contests/{id}"))).send().await.expect("GET");
    assert_eq!(anonymous.status(), StatusCode::NOT_FOUND, "pending contests are not public");
    assert_eq!(api.post(&format!("/contests/{id}/approve"), &inventor, json!({})).await.0, StatusCode::FORBIDDEN);
    assert_eq!(api.post(&format!("/contests/{id}/approve"), &moderator, json!({})).await.0, StatusCode::OK);

    let (status, idea) = api.post("/ideas", &inventor, idea_body(id, "Kettle that knows")).await;
    assert_eq!(status, StatusCode::CREATED, "{idea}");
    let idea_id = idea["id"].as_str().expect("id");
    assert_eq!(idea["stage"], "submitted");
    assert_eq!(idea["tags"], json!(["kettle", "smart-home"]));

    let (status, own) = api.put(&format!("/ideas/{idea_id}/vote"), &inventor).await;
    assert_eq!((status, own["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("own_idea")));
    for voter in [&ada, &bob] {
        let (status, vote) = api.put(&format!("/ideas/{idea_id}/vote"), voter).await;
        assert_eq!(status, StatusCode::OK, "{vote}");
    }
    let (_, again) = api.put(&format!("/ideas/{idea_id}/vote"), &ada).await;
    assert_eq!(again, json!({"votes": 2, "voted": true}));
    let (status, comment) =
        api.post(&format!("/ideas/{idea_id}/comments"), &bob, json!({"body": "Please make it quiet"})).await;
    assert_eq!(status, StatusCode::CREATED);
    let reply = json!({"body": "Agreed", "parent_id": comment["id"]});
    assert_eq!(api.post(&format!("/ideas/{idea_id}/comments"), &ada, reply).await.0, StatusCode::CREATED);

    let stage = |to: &str| json!({"to": to, "reason": format!("Moving to {to}")});
    let (status, refused) = api.post(&format!("/ideas/{idea_id}/stage"), &ada, stage("shortlisted")).await;
    assert_eq!((status, refused["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
    let (status, illegal) = api.post(&format!("/ideas/{idea_id}/stage"), &manager, stage("launched")).await;
    assert_eq!((status, illegal["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("illegal_transition")));
    assert_eq!(api.post(&format!("/ideas/{idea_id}/stage"), &manager, stage("shortlisted")).await.0, StatusCode::OK);
    let (status, selected) = api.post(&format!("/ideas/{idea_id}/stage"), &manager, stage("selected")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((selected["stage"].as_str(), selected["votes"].as_i64()), (Some("selected"), Some(2)));

    let (_, list) = api.get(&format!("/ideas?contest={id}&sort=top"), &ada).await;
    assert_eq!(list["ideas"][0]["id"], idea_id);
    let (_, filtered) = api.get(&format!("/ideas?contest={id}&stage=rejected"), &ada).await;
    assert_eq!(filtered["ideas"], json!([]));

    let page = app.get(&format!("/ideas/{idea_id}")).await.text().await.expect("page");
    for shown in [
        "Kettle that knows",
        "Selected",
        "Moving to shortlisted",
        "Moving to selected",
        "Please make it quiet",
        "Agreed",
    ] {
        assert!(page.contains(shown), "the idea page shows {shown:?}");
    }
}

async fn two_hundred_concurrent_votes_from_a_hundred_members_count_once_each(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let api = Api::new(&app);
    let (contest, _, _) = approved_contest(&api, None).await;
    let (_, inventor) = app.member("inventor@example.com", "Inventor", Role::Member).await;
    let (_, idea) = api.post("/ideas", &inventor, idea_body(&contest, "Popular")).await;
    let idea = idea["id"].as_str().expect("id").to_owned();
    let mut tokens = Vec::new();
    for i in 0..100 {
        tokens.push(app.member(&format!("voter{i}@example.com"), &format!("Voter {i}"), Role::Member).await.1);
    }
    let url = app.url(&format!("/api/v1/ideas/{idea}/vote"));
    let mut requests = tokio::task::JoinSet::new();
    for token in tokens.iter().chain(tokens.iter()) {
        let (client, url, token) = (new_client(), url.clone(), token.clone());
        requests.spawn(async move { client.put(url).bearer_auth(token).send().await.map(|r| r.status()) });
    }
    let mut statuses = Vec::new();
    while let Some(done) = requests.join_next().await {
        statuses.push(done.expect("task").expect("request"));
    }
    assert_eq!(statuses.len(), 200);
    assert!(statuses.iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
    let id = idea.parse().expect("id");
    assert_eq!(app.app.store().count_votes(id).await.expect("count"), 100, "exactly one vote per member");
    let (_, shown) = api.get(&format!("/ideas/{idea}"), &inventor).await;
    assert_eq!(shown["votes"], 100, "the count shown is the count stored");
}

async fn a_budget_holds_under_concurrent_votes(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let api = Api::new(&app);
    let (contest, _, _) = approved_contest(&api, Some(1)).await;
    let (_, inventor) = app.member("inventor@example.com", "Inventor", Role::Member).await;
    let mut ideas = Vec::new();
    for title in ["First", "Second", "Third", "Fourth"] {
        ideas.push(
            api.post("/ideas", &inventor, idea_body(&contest, title)).await.1["id"].as_str().expect("id").to_owned(),
        );
    }
    let (voter, token) = app.member("voter@example.com", "Voter", Role::Member).await;
    let mut requests = tokio::task::JoinSet::new();
    for idea in &ideas {
        let (client, url, token) = (new_client(), app.url(&format!("/api/v1/ideas/{idea}/vote")), token.clone());
        requests.spawn(async move { client.put(url).bearer_auth(token).send().await.map(|r| r.status()) });
    }
    let mut ok = 0;
    while let Some(done) = requests.join_next().await {
        match done.expect("task").expect("request") {
            StatusCode::OK => ok += 1,
            other => assert_eq!(other, StatusCode::CONFLICT),
        }
    }
    assert_eq!(ok, 1, "a budget of one admits one vote");
    let contest_id = contest.parse().expect("id");
    assert_eq!(app.app.store().votes_used(contest_id, voter.id).await.expect("used"), 1);
    let (status, refused) = api.put(&format!("/ideas/{}/vote", ideas[0]), &token).await;
    assert!(status == StatusCode::OK || refused["error"]["code"] == "budget_exhausted", "{refused}");
}

async fn bad_contest_and_idea_input_is_refused_and_stores_nothing(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let api = Api::new(&app);
    let (contest, manager, _) = approved_contest(&api, None).await;
    let mut past = contest_body(None);
    past["submission_closes_at"] = json!(at(-1));
    past["influence_pool_bp"] = json!(20_000);
    past["title"] = json!("x".repeat(121));
    let (status, error) = api.post("/contests", &manager, past).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["fields"]["submission_closes_at"]["code"], "in_past");
    assert_eq!(error["error"]["fields"]["influence_pool_bp"]["code"], "out_of_range");
    assert_eq!(error["error"]["fields"]["title"]["code"], "too_long");
    let mut negative = contest_body(Some(-5));
    negative["voting_closes_at"] = json!("soon");
    let (status, error) = api.post("/contests", &manager, negative).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["error"]["fields"]["vote_budget"]["code"], "out_of_range");
    assert_eq!(error["error"]["fields"]["voting_closes_at"]["code"], "malformed");

    let (_, inventor) = app.member("inventor@example.com", "Inventor", Role::Member).await;
    let mut bad = idea_body(&contest, "");
    bad["summary"] = json!("s".repeat(281));
    bad["tags"] = json!(["a", "b", "c", "d", "e", "f", "g", "h", "i"]);
    let (status, error) = api.post("/ideas", &inventor, bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["title", "summary", "tags"] {
        assert!(error["error"]["fields"][field].is_object(), "{field}: {error}");
    }
    let (status, _) = api.post("/ideas", &inventor, idea_body("999", "Nowhere")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, list) = api.get(&format!("/ideas?contest={contest}"), &inventor).await;
    assert_eq!(list["ideas"], json!([]), "nothing was stored");

    let (status, idea) = api.post("/ideas", &inventor, idea_body(&contest, "<script>alert('x')</script>")).await;
    assert_eq!(status, StatusCode::CREATED);
    let page = app.get(&format!("/ideas/{}", idea["id"].as_str().expect("id"))).await.text().await.expect("page");
    assert!(!page.contains("<script>alert"), "markup in a title is escaped");
    assert!(page.contains("&lt;script&gt;alert"));
}

async fn the_contest_flow_through_the_html_forms(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let manager = app.visitor();
    manager.register("manager@example.com", "Manager").await;
    let created = manager.post_form("/orgs", &[("name", "Acme Appliances"), ("slug", "acme")]).await;
    assert_eq!(created.headers()["location"], "/orgs/acme");
    let soon = (OffsetDateTime::now_utc() + Duration::days(7))
        .format(time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]"))
        .expect("fmt");
    let later = (OffsetDateTime::now_utc() + Duration::days(14))
        .format(time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]"))
        .expect("fmt");
    let yesterday = (OffsetDateTime::now_utc() - Duration::days(1))
        .format(time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]"))
        .expect("fmt");
    let mut form = vec![
        ("title", "Quiet kitchens"),
        ("brief", "Ideas for **quieter** appliances"),
        ("category", "kitchen"),
        ("submission_closes_at", yesterday.as_str()),
        ("voting_closes_at", later.as_str()),
        ("vote_budget", ""),
        ("influence_pool_bp", "500"),
        ("ip_terms", "Licence on selection."),
    ];
    let refused = manager.post_form("/orgs/acme/contests", &form).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.expect("page").contains("This must be in the future."));
    form[3].1 = soon.as_str();
    let contest = manager.post_form("/orgs/acme/contests", &form).await;
    assert_eq!(contest.status(), StatusCode::SEE_OTHER);
    let contest_path = contest.headers()["location"].to_str().expect("location").to_owned();

    let outsider = app.visitor();
    assert_eq!(outsider.get(&contest_path).await.status(), StatusCode::NOT_FOUND);
    let (_, _) = app.member("moderator@example.com", "Moderator", Role::Moderator).await;
    let moderator = app.visitor();
    moderator.sign_in("moderator@example.com", ideaforge_tests::PASSWORD).await;
    let queue = moderator.get("/moderation").await.text().await.expect("page");
    assert!(queue.contains("Quiet kitchens"));
    let approved = moderator.post_form(&format!("{contest_path}/approve"), &[]).await;
    assert_eq!(approved.status(), StatusCode::SEE_OTHER);
    assert_eq!(outsider.get(&contest_path).await.status(), StatusCode::OK);

    let inventor = app.visitor();
    inventor.register("inventor@example.com", "Inventor").await;
    let contest_id = contest_path.trim_start_matches("/contests/");
    let submitted = inventor
        .post_form(
            "/ideas",
            &[
                ("contest_id", contest_id),
                ("title", "Silent blender"),
                ("summary", "A blender you can use at night"),
                ("body", "Uses a *brushless* motor."),
                ("category", "kitchen"),
                ("tags", "quiet, blender"),
                ("co_authors", ""),
            ],
        )
        .await;
    assert_eq!(submitted.status(), StatusCode::SEE_OTHER);
    let idea_path = submitted.headers()["location"].to_str().expect("location").to_owned();

    for (email, name) in [("ada@example.com", "Ada"), ("bob@example.com", "Bob")] {
        let voter = app.visitor();
        voter.register(email, name).await;
        let vote = || {
            voter
                .client
                .post(app.url(&format!("{idea_path}/vote")))
                .header("hx-request", "true")
                .form(&[("on", "1"), ("back", idea_path.as_str())])
                .send()
        };
        // Votes count only from confirmed addresses: a new member is asked to confirm first.
        let early = vote().await.expect("vote");
        assert_eq!(early.status(), StatusCode::OK, "htmx gets the refusal in place of the button");
        assert!(early.text().await.expect("fragment").contains("Confirm your e-mail address first"));
        app.confirm(email).await;
        let vote = vote().await.expect("vote");
        assert_eq!(vote.status(), StatusCode::OK);
        let fragment = vote.text().await.expect("fragment");
        assert!(fragment.starts_with("<form class=\"vote\""), "{fragment}");
        let comment = voter.post_form(&format!("{idea_path}/comments"), &[("body", &format!("{name} likes it"))]).await;
        assert_eq!(comment.status(), StatusCode::SEE_OTHER);
    }
    let own = inventor
        .client
        .post(app.url(&format!("{idea_path}/vote")))
        .header("hx-request", "true")
        .form(&[("on", "1")])
        .send()
        .await
        .expect("vote");
    assert_eq!(own.status(), StatusCode::OK, "htmx gets the refusal in place of the button");
    assert!(own.text().await.expect("fragment").contains("You cannot vote on your own idea."));
    let own_plain = inventor.post_form(&format!("{idea_path}/vote"), &[("on", "1")]).await;
    assert_eq!(own_plain.status(), StatusCode::CONFLICT);
    assert!(own_plain.text().await.expect("page").contains("You cannot vote on your own idea."));
    let hijack = app.visitor();
    hijack.register("mallory@example.com", "Mallory").await;
    let edit = [
        ("revision", "1"),
        ("title", "Mine now"),
        ("summary", "s"),
        ("body", "b"),
        ("category", "kitchen"),
        ("tags", ""),
    ];
    assert_eq!(hijack.post_form(&format!("{idea_path}/edit"), &edit).await.status(), StatusCode::FORBIDDEN);
    let empty = inventor.post_form(&format!("{idea_path}/comments"), &[("body", "")]).await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);

    for (to, reason) in [("shortlisted", "Loved by the community"), ("selected", "Going into production")] {
        let moved = manager.post_form(&format!("{idea_path}/stage"), &[("to", to), ("reason", reason)]).await;
        assert_eq!(moved.status(), StatusCode::SEE_OTHER, "{to}");
    }
    let page = outsider.get(&idea_path).await.text().await.expect("page");
    for shown in [
        "Silent blender",
        "Selected",
        "Loved by the community",
        "Going into production",
        "Ada likes it",
        "Bob likes it",
        "<em>brushless</em>",
    ] {
        assert!(page.contains(shown), "{shown} is on the idea page");
    }
    assert!(page.contains(r#"data-testid="votes">2<"#), "two votes shown");
    let contest_page = outsider.get(&format!("{contest_path}?sort=top")).await.text().await.expect("page");
    assert!(contest_page.contains("Silent blender"));
    let follow = inventor.post_form(&format!("{contest_path}/follow"), &[("on", "1")]).await;
    assert_eq!(follow.status(), StatusCode::SEE_OTHER);
    let followed = inventor.get(&contest_path).await.text().await.expect("page");
    assert!(followed.contains("Unfollow"), "the contest page shows the follow");
    let inventor_id = app
        .app
        .store()
        .user_with_password(&ideaforge_domain::Email::parse("inventor@example.com").expect("email"))
        .await
        .expect("read")
        .expect("found")
        .0
        .id;
    assert!(app.app.follows_contest(inventor_id, contest_id.parse().expect("id")).await.expect("follows"));
}
