//! A contest's vote threshold as managers and members meet it, on both engines: set in the form (and
//! refused with the field named when out of range), shown on the contest's page and in its API body;
//! the vote that reaches it shortlists the idea, whose timeline says the community moved it, and its
//! author is told in words that name the threshold.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;
use tower::ServiceExt;

use super::site;
use ideaforge_store::testing::Engine;

ideaforge_store::on_both_engines!(the_vote_that_reaches_the_threshold_shortlists_the_idea,);

async fn the_vote_that_reaches_the_threshold_shortlists_the_idea(engine: Engine) {
    let site = site(engine).await;
    site.post("/orgs", &site.owner, json!({"name": "Acme", "slug": "acme"})).await;
    let form = |shortlist_at: &str| {
        format!(
            "title=Kitchens&brief=Cooking%2C+easier&category=kitchen&submission_closes_at=2026-12-10T09%3A00\
             &voting_closes_at=2026-12-20T09%3A00&vote_budget=&shortlist_at={shortlist_at}\
             &influence_pool_bp=500&ip_terms=Licence"
        )
    };
    let before = site.app.store().row_counts().await.expect("counts");
    let (status, page) = site.form("/orgs/acme/contests", &site.owner, &form("0")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains(r#"name="shortlist_at" value="0""#) && page.contains(r#"aria-invalid="true""#),
        "kept, marked"
    );
    assert!(page.contains(r#"shortlist_at-help">This must be between 1 and 1,000,000."#), "named: {page}");
    assert_eq!(site.app.store().row_counts().await.expect("counts"), before, "nothing stored");
    let request = Request::post("/orgs/acme/contests")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::AUTHORIZATION, format!("Bearer {}", site.owner))
        .body(Body::from(form("2")))
        .expect("request");
    let created = site.router.clone().oneshot(request).await.expect("answered");
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let location = created.headers()[header::LOCATION].to_str().expect("location").to_owned();
    let contest = location.trim_start_matches("/contests/").to_owned();
    site.post(&format!("/contests/{contest}/approve"), &site.moderator, json!({})).await;
    let (_, body) = site.json(Method::GET, &format!("/api/v1/contests/{contest}"), &site.fan, None).await;
    assert_eq!(body["shortlist_at"], 2);
    let (_, page) = site.call(Method::GET, &format!("/contests/{contest}"), &site.fan, None).await;
    assert!(page.contains("Shortlisted by votes") && page.contains("at 2 votes"), "the contest says so");

    let idea = json!({"contest_id": contest, "title": "Kettle that knows", "summary": "A kettle.",
        "body": "It whistles.", "category": "kitchen"});
    let idea = site.post("/ideas", &site.inventor, idea).await["id"].as_str().expect("idea").to_owned();
    let vote = format!("/api/v1/ideas/{idea}/vote");
    assert_eq!(site.json(Method::PUT, &vote, &site.fan, None).await.0, StatusCode::OK);
    let (_, one) = site.json(Method::GET, &format!("/api/v1/ideas/{idea}"), &site.fan, None).await;
    assert_eq!(one["stage"], "submitted", "one vote short");
    let (status, page) = site.form(&format!("/ideas/{idea}/vote"), &site.solver, "on=1").await;
    assert!(status == StatusCode::SEE_OTHER || status == StatusCode::OK, "{status}: {page}");
    let (_, two) = site.json(Method::GET, &format!("/api/v1/ideas/{idea}"), &site.fan, None).await;
    assert_eq!(two["stage"], "shortlisted", "the second vote reached the threshold");
    // Withdrawn and cast again: the idea stays where it is and moves no second time.
    assert_eq!(site.json(Method::DELETE, &vote, &site.fan, None).await.0, StatusCode::OK);
    assert_eq!(site.json(Method::PUT, &vote, &site.fan, None).await.0, StatusCode::OK);
    let (_, page) = site.call(Method::GET, &format!("/ideas/{idea}"), &site.fan, None).await;
    let moved = "the community: it reached 2 votes, the contest's threshold";
    assert_eq!(page.matches(moved).count(), 1, "one move on the timeline, by the community");

    let (_, heard) = site.json(Method::GET, "/api/v1/me/notifications", &site.inventor, None).await;
    let lines: Vec<String> = heard["notifications"]
        .as_array()
        .expect("notifications")
        .iter()
        .filter_map(|n| n["line"].as_str().map(str::to_owned))
        .filter(|line| line.contains("shortlisted"))
        .collect();
    assert_eq!(lines, vec!["moved from submitted to shortlisted: it reached 2 votes, the contest's threshold."]);
}
