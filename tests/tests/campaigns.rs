//! Funding campaigns over HTTP against the real server, on SQLite and PostgreSQL: fifty members
//! pledging at once for the last ten slots of a reward get exactly ten, and one member sending the
//! same pledge twice at once has one pledge.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use ideaforge_domain::Role;
use ideaforge_tests::{Api, Engine, TestApp, new_client, on_both_engines};
use reqwest::StatusCode;
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

on_both_engines!(fifty_pledges_for_ten_slots_over_http_sell_exactly_ten);

async fn fifty_pledges_for_ten_slots_over_http_sell_exactly_ten(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let api = Api::new(&app);
    let (_, manager) = app.member("manager@acme.example", "Manager", Role::Member).await;
    let (_, moderator) = app.member("mod@example.com", "Moderator", Role::Moderator).await;
    assert_eq!(api.post("/orgs", &manager, json!({"name": "Acme", "slug": "acme"})).await.0, StatusCode::CREATED);
    let deadline = (OffsetDateTime::now_utc() + Duration::days(30)).format(&Rfc3339).expect("format");
    let campaign = json!({"org": "acme", "title": "Kettle that knows", "story": "It boils when you are near.",
        "goal": {"amount_minor": 1_000_000, "currency": "USD"}, "deadline": deadline, "provider": "sandbox",
        "tiers": [{"title": "Early bird", "description": "One kettle.", "limit": 10, "estimated_delivery": "2027-11",
                   "minimum": {"amount_minor": 5_000, "currency": "USD"}}]});
    let (status, created) = api.post("/campaigns", &manager, campaign).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().expect("id").to_owned();
    for (step, token) in [("submit", &manager), ("approve", &moderator), ("launch", &manager)] {
        let (status, body) = api.post(&format!("/campaigns/{id}/{step}"), token, json!({})).await;
        assert_eq!(status, StatusCode::OK, "{step}: {body}");
    }
    let (_, shown) = api.get(&format!("/campaigns/{id}"), "").await;
    let tier = shown["tiers"][0]["id"].clone();
    let mut tokens = Vec::new();
    for n in 0..50 {
        tokens.push(app.member(&format!("backer{n}@example.com"), &format!("Backer {n}"), Role::Member).await.1);
    }
    // The first backer also sends their pledge twice at once.
    tokens.push(tokens[0].clone());
    let body = json!({"amount": {"amount_minor": 5_000, "currency": "USD"}, "tier_id": tier,
                      "payment": {"card": "4242 4242 4242 4242"}});
    let url = app.url(&format!("/api/v1/campaigns/{id}/pledge"));
    let mut requests = tokio::task::JoinSet::new();
    for token in tokens {
        let (client, url, body) = (new_client(), url.clone(), body.clone());
        requests.spawn(async move {
            let response = client.put(url).bearer_auth(token).json(&body).send().await.expect("request");
            let status = response.status();
            (status, response.json::<Value>().await.unwrap_or_default())
        });
    }
    let mut sold = 0;
    while let Some(done) = requests.join_next().await {
        let (status, body) = done.expect("task");
        if status == StatusCode::OK {
            sold += 1;
        } else {
            assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("sold_out")), "{body}");
        }
    }
    let (_, shown) = api.get(&format!("/campaigns/{id}"), "").await;
    assert_eq!(shown["tiers"][0]["remaining"], 0);
    let backers = shown["backers"].as_u64().expect("backers");
    assert_eq!(backers, 10, "exactly the ten slots, never eleven: {shown}");
    assert_eq!(shown["pledged"]["amount_minor"], 50_000, "each pledge counted once");
    assert!((10..=11).contains(&sold), "the double submission answers twice, as one pledge ({sold})");
}
