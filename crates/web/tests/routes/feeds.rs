//! Atom feeds as a feed reader takes them, on both engines: each parses with a feed library
//! (`atom_syndication`), says what its page says to the same reader in the reader's language, and
//! keeps what the page keeps: a hidden contest's ideas stay hidden, an anonymous seeker stays
//! anonymous and a challenge gives its public statement, never its confidential details.

use atom_syndication::Feed;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

use super::{Site, at, site};
use ideaforge_store::testing::Engine;

ideaforge_store::on_both_engines!(feeds_follow_contests_ideas_challenges_and_stages,);

/// A feed as an anonymous reader in `language` gets it: status, content type and parsed feed.
async fn feed(site: &Site, path: &str, language: &str) -> (StatusCode, String, Option<Feed>) {
    let request = Request::get(path).header(header::ACCEPT_LANGUAGE, language).body(Body::empty()).expect("request");
    let response = site.router.clone().oneshot(request).await.expect("answered");
    let status = response.status();
    let kind = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let vary = response.headers().get_all(header::VARY).iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>();
    if status.is_success() {
        assert!(vary.iter().any(|v| v.contains("accept-language")), "a cache keeps one copy per language: {vary:?}");
    }
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    let parsed = status.is_success().then(|| Feed::read_from(&bytes[..]).expect("a valid Atom feed"));
    (status, kind, parsed)
}

fn titles(feed: &Feed) -> Vec<&str> {
    feed.entries.iter().map(|e| e.title.value.as_str()).collect()
}

async fn feeds_follow_contests_ideas_challenges_and_stages(engine: Engine) {
    let site = site(engine).await;
    let (contest, idea) = site.contest_with_ideas().await;

    // The public contests, in the reader's language, each entry an absolute link to its page.
    let (status, kind, contests) = feed(&site, "/contests.atom", "it").await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "application/atom+xml; charset=utf-8"));
    let contests = contests.expect("feed");
    assert_eq!(contests.title.value, "Concorsi pubblici su Ideaforge");
    assert_eq!(contests.lang.as_deref(), Some("it"));
    assert_eq!(titles(&contests), ["The kitchen of 2030"]);
    let entry = &contests.entries[0];
    assert!(entry.links[0].href.ends_with(&format!("/contests/{contest}")) && entry.links[0].href.starts_with("http"));
    assert_eq!(entry.authors[0].name, "Acme");
    assert!(entry.summary.as_ref().is_some_and(|s| s.value == "What would make cooking easier?"), "{entry:?}");

    // A contest's newest ideas, with their authors; markup in a title is text.
    let marked = json!({"contest_id": contest, "title": "Tea & <cakes> \"on 'time'\"\u{ffff}", "summary": "A < B",
        "body": "Body.", "category": "kitchen"});
    site.post("/ideas", &site.fan, marked).await;
    let (_, _, ideas) = feed(&site, &format!("/contests/{contest}/ideas.atom"), "en").await;
    let ideas = ideas.expect("feed");
    assert_eq!(
        titles(&ideas),
        ["Tea & <cakes> \"on 'time'\"", "Self-cleaning hob", "Kettle that knows"],
        "newest first"
    );
    assert_eq!(ideas.entries[2].authors[0].name, "Ines Inventor");

    // An idea's stage changes, with who moved it and why.
    let (_, _, stages) = feed(&site, &format!("/ideas/{idea}/stages.atom"), "en").await;
    let stages = stages.expect("feed");
    assert_eq!(titles(&stages), ["Submitted → Shortlisted"]);
    assert_eq!(stages.entries[0].summary.as_ref().map(|s| s.value.as_str()), Some("Lovely"));
    assert_eq!(stages.entries[0].authors[0].name, "Olga Owner");

    // The pages announce their feeds to feed readers.
    for (page, feed) in [
        ("/contests".to_owned(), "/contests.atom".to_owned()),
        (format!("/contests/{contest}"), format!("/contests/{contest}/ideas.atom")),
        (format!("/ideas/{idea}"), format!("/ideas/{idea}/stages.atom")),
        ("/challenges".to_owned(), "/challenges.atom".to_owned()),
    ] {
        let (_, html) = site.call(axum::http::Method::GET, &page, "", None).await;
        let announced = html.split("<link ").any(|l| l.contains("application/atom+xml") && l.contains(&*feed));
        assert!(announced, "{page} links {feed}");
    }

    // A contest waiting for approval: its feed is as hidden as its page.
    let pending = site
        .post(
            "/contests",
            &site.owner,
            json!({"org": "acme", "title": "Secret kitchens", "brief": "Not yet.", "category": "kitchen",
                "submission_closes_at": at(10), "voting_closes_at": at(20), "influence_pool_bp": 1000,
                "ip_terms": "Licence."}),
        )
        .await;
    let path = format!("/contests/{}/ideas.atom", pending["id"].as_str().expect("id"));
    assert_eq!(feed(&site, &path, "en").await.0, StatusCode::NOT_FOUND);
    assert!(!titles(&feed(&site, "/contests.atom", "en").await.2.expect("feed")).contains(&"Secret kitchens"));

    // An anonymous seeker's open challenge: the public statement, and no name.
    let challenge = site
        .post(
            "/challenges",
            &site.owner,
            json!({"org": "acme", "title": "Capsule", "public_statement": "A capsule that *composts*.",
                "confidential_details": "Our polymer is PLA-7.", "type": "ideation", "difficulty": "low",
                "category": "materials", "award": {"amount_minor": 100_000, "currency": "USD"},
                "award_split_bp": [10_000], "submission_deadline": at(30), "ip_terms": "assign",
                "anonymous": true, "criteria": [{"name": "Feasibility", "weight": 1}]}),
        )
        .await;
    let id = challenge["id"].as_str().expect("id");
    site.post(&format!("/challenges/{id}/submit"), &site.owner, json!({})).await;
    site.post(&format!("/challenges/{id}/approve"), &site.moderator, json!({})).await;
    let escrow = json!({"amount": {"amount_minor": 110_000, "currency": "USD"}, "reference": "BANK-9"});
    site.post(&format!("/challenges/{id}/escrow"), &site.admin, escrow).await;
    let (status, _, challenges) = feed(&site, "/challenges.atom", "ko").await;
    assert_eq!(status, StatusCode::OK);
    let challenges = challenges.expect("feed");
    assert_eq!(challenges.title.value, "Ideaforge 진행 중인 챌린지");
    assert_eq!(titles(&challenges), ["Capsule"]);
    let entry = &challenges.entries[0];
    assert_eq!(entry.authors[0].name, "익명 의뢰인", "the seeker stays anonymous");
    assert_eq!(entry.summary.as_ref().map(|s| s.value.as_str()), Some("A capsule that composts."));
    let (_, raw) = site.call(axum::http::Method::GET, "/challenges.atom", "", None).await;
    assert!(!raw.contains("PLA-7") && !raw.contains("Acme"), "nothing confidential: {raw}");
}
