//! Funding campaigns over the API on both engines: bad input refused with a clear error and nothing
//! stored; a campaign visible only once launched; pledges refused to one's own organization, in
//! another currency, below a tier's minimum, on a refused card and after the deadline.

use axum::http::{Method, StatusCode};
use ideaforge_store::testing::Engine;
use serde_json::{Value, json};
use time::Duration;

use super::{at, site};

ideaforge_store::on_both_engines!(
    bad_campaigns_and_pledges_are_refused_and_store_nothing,
    a_member_pledges_and_withdraws_on_the_campaign_page,
    a_manager_starts_and_runs_a_campaign_from_its_pages,
    a_manager_changes_the_terms_until_launch_and_the_locked_ones_stay,
);

fn campaign(goal: Value, deadline_days: i64) -> Value {
    json!({"org": "acme", "title": "Kettle that knows", "story": "It boils when you are near.", "goal": goal,
           "deadline": at(deadline_days), "provider": "sandbox",
           "tiers": [{"title": "Kettle", "description": "One kettle.", "limit": 2, "estimated_delivery": "2027-11",
                      "minimum": {"amount_minor": 5_000, "currency": "EUR"}}]})
}

async fn bad_campaigns_and_pledges_are_refused_and_store_nothing(engine: Engine) {
    let site = site(engine).await;
    site.post("/orgs", &site.owner, json!({"name": "Acme", "slug": "acme"})).await;
    let eur = |minor: Value| json!({"amount_minor": minor, "currency": "EUR"});
    let refusals = [
        (campaign(eur(json!(0)), 30), "goal"),
        (campaign(eur(json!(-5)), 30), "goal"),
        (campaign(eur(json!(1e30)), 30), "goal"),
        (campaign(eur(json!("lots")), 30), "goal"),
        (campaign(json!({"amount_minor": 500_000, "currency": "XYZ"}), 30), "currency"),
        (campaign(eur(json!(500_000)), 61), "deadline"),
        (campaign(eur(json!(500_000)), 0), "deadline"),
    ];
    for (body, field) in refusals {
        let (status, error) = site.json(Method::POST, "/api/v1/campaigns", &site.owner, Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {error}");
        assert!(error["error"]["fields"][field].is_object(), "{field}: {error}");
    }
    let mut unknown = campaign(eur(json!(500_000)), 30);
    unknown["provider"] = json!("barter");
    let (status, error) = site.json(Method::POST, "/api/v1/campaigns", &site.owner, Some(unknown)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(error["error"]["fields"]["provider"].is_object(), "{error}");
    let (status, _) = site.json(Method::POST, "/api/v1/campaigns", &site.fan, Some(campaign(eur(json!(1)), 30))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only the organization's managers");

    let created = site.post("/campaigns", &site.owner, campaign(eur(json!(500_000)), 30)).await;
    let id = created["id"].as_str().expect("id").to_owned();
    let path = |rest: &str| format!("/api/v1/campaigns/{id}{rest}");
    assert_eq!(site.json(Method::GET, &path(""), "", None).await.0, StatusCode::NOT_FOUND, "a draft is private");
    let (status, _) = site.call(Method::GET, &format!("/campaigns/{id}"), "", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "its page too");
    let card = |number: &str, minor: i64, currency: &str| json!({"amount": {"amount_minor": minor, "currency": currency}, "payment": {"card": number}});
    let (status, early) =
        site.json(Method::PUT, &path("/pledge"), &site.fan, Some(card("4242424242424242", 5_000, "EUR"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nothing to pledge to before launch: {early}");
    for (rest, token) in [("/submit", &site.owner), ("/approve", &site.moderator), ("/launch", &site.owner)] {
        assert_eq!(site.json(Method::POST, &path(rest), token, None).await.0, StatusCode::OK, "{rest}");
    }
    let (_, shown) = site.json(Method::GET, &path(""), "", None).await;
    let tier = shown["tiers"][0]["id"].clone();
    let with_tier = |mut body: Value| {
        body["tier_id"] = tier.clone();
        body
    };
    let with_quantity = |mut body: Value, quantity: Value| {
        body["quantity"] = quantity;
        body
    };
    let refused = [
        (card("4242424242424242", 5_000, "USD"), "amount", &site.fan),
        (with_tier(card("4242424242424242", 4_999, "EUR")), "amount", &site.fan),
        (card("4000000000009995", 5_000, "EUR"), "card", &site.fan),
        (card("4242424242424241", 5_000, "EUR"), "card", &site.fan),
        (card("4242424242424242", 0, "EUR"), "amount", &site.fan),
        (with_quantity(with_tier(card("4242424242424242", 10_000, "EUR")), json!(2)), "quantity", &site.fan),
        (with_quantity(with_tier(card("4242424242424242", 5_000, "EUR")), json!(0)), "quantity", &site.fan),
        (with_quantity(card("4242424242424242", 5_000, "EUR"), json!("two")), "quantity", &site.fan),
    ];
    for (body, field, token) in refused {
        let (status, error) = site.json(Method::PUT, &path("/pledge"), token, Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {error}");
        assert!(error["error"]["fields"][field].is_object(), "{field}: {error}");
    }
    let (status, own) =
        site.json(Method::PUT, &path("/pledge"), &site.owner, Some(card("4242424242424242", 5_000, "EUR"))).await;
    assert_eq!((status, own["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("own_campaign")));
    let (_, shown) = site.json(Method::GET, &path(""), "", None).await;
    assert_eq!(
        (shown["backers"].as_u64(), shown["pledged"]["amount_minor"].as_i64()),
        (Some(0), Some(0)),
        "nothing stored"
    );
    let ok = site
        .json(Method::PUT, &path("/pledge"), &site.fan, Some(with_tier(card("4242 4242 4242 4242", 5_000, "EUR"))))
        .await;
    assert_eq!(ok.0, StatusCode::OK, "{}", ok.1);
    let (_, shown) = site.json(Method::GET, &path(""), &site.fan, None).await;
    assert_eq!(shown["tiers"][0]["remaining"], 1);
    assert_eq!(shown["my_pledge"]["amount"]["amount_minor"], 5_000);
    assert_eq!(shown["backer_names"], json!(["Fabio Fan"]), "names, never amounts");
    let (status, page) = site.call(Method::GET, &format!("/campaigns/{id}"), "", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Kettle that knows") && page.contains("Fabio Fan") && page.contains("1 left"), "the page");
    assert!(!page.contains("€50.00</strong>"), "no backer's amount on the public page");
    site.clock.advance(Duration::days(31));
    let (status, late) =
        site.json(Method::PUT, &path("/pledge"), &site.inventor, Some(card("4242424242424242", 5_000, "EUR"))).await;
    assert_eq!((status, late["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("deadline_passed")));
}

async fn a_member_pledges_and_withdraws_on_the_campaign_page(engine: Engine) {
    let site = site(engine).await;
    site.post("/orgs", &site.owner, json!({"name": "Acme", "slug": "acme"})).await;
    let created =
        site.post("/campaigns", &site.owner, campaign(json!({"amount_minor": 500_000, "currency": "EUR"}), 30)).await;
    let id = created["id"].as_str().expect("id").to_owned();
    for (rest, token) in [("submit", &site.owner), ("approve", &site.moderator), ("launch", &site.owner)] {
        site.post(&format!("/campaigns/{id}/{rest}"), token, json!({})).await;
    }
    let page = format!("/campaigns/{id}");
    let (_, visitor) = site.call(Method::GET, &page, "", None).await;
    assert!(visitor.contains("Sign in to back this campaign") && !visitor.contains("t-pledge-form"));
    let (_, owner) = site.call(Method::GET, &page, &site.owner, None).await;
    assert!(!owner.contains("t-pledge-form"), "nobody backs their own organization's campaign");
    let (_, member) = site.call(Method::GET, &page, &site.inventor, None).await;
    assert!(member.contains("t-pledge-form"), "a member is offered the form");

    let pledge = format!("/campaigns/{id}/pledge");
    let (status, refused) = site.form(&pledge, &site.inventor, "amount=lots&card=4242424242424242").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a clear error on the page");
    assert!(refused.contains("t-pledge-form"), "the form again, with the reason");
    let (status, _) = site.form(&pledge, &site.inventor, "amount=12.50&card=4000000000009995").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a refused card");
    let (status, _) = site.form(&pledge, &site.inventor, "amount=12.50&card=4242+4242+4242+4242&anonymous=on").await;
    assert!(status.is_redirection(), "{status}");
    let (_, after) = site.call(Method::GET, &page, &site.inventor, None).await;
    assert!(after.contains("€12.50") && after.contains("Anonymous backer"), "the pledge, listed anonymously");
    let (status, _) = site.form(&format!("/campaigns/{id}/pledge/withdraw"), &site.inventor, "").await;
    assert!(status.is_redirection(), "{status}");
    let (_, api) = site.json(Method::GET, &format!("/api/v1/campaigns/{id}"), "", None).await;
    assert_eq!((api["backers"].as_u64(), api["pledged"]["amount_minor"].as_i64()), (Some(0), Some(0)));
}

/// The first `/campaigns/{id}` link on a page.
fn campaign_link(page: &str) -> String {
    let start = page.find("href=\"/campaigns/").expect("a campaign link") + "href=\"/campaigns/".len();
    page[start..].chars().take_while(char::is_ascii_digit).collect()
}

async fn a_manager_starts_and_runs_a_campaign_from_its_pages(engine: Engine) {
    let site = site(engine).await;
    site.post("/orgs", &site.owner, json!({"name": "Acme", "slug": "acme"})).await;
    let (status, form) = site.call(Method::GET, "/orgs/acme/campaigns/new", &site.owner, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("t-campaign-form") && form.contains("tier1_title"));
    // An organization with nothing public yet is not found by anyone outside it.
    assert_eq!(site.call(Method::GET, "/orgs/acme/campaigns/new", &site.fan, None).await.0, StatusCode::NOT_FOUND);

    // Bad input: every refused field named on the form again, nothing stored.
    let deadline = &at(30)[..16];
    let bad = format!("title=&story=Tea&goal=0&currency=EUR&deadline={deadline}&tier1_title=Kettle&tier1_minimum=lots");
    let (status, refused) = site.form("/orgs/acme/campaigns", &site.owner, &bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["field-title", "field-goal"] {
        assert!(refused.contains(&format!("id=\"{field}\"")) && refused.contains("aria-invalid"), "{field}");
    }
    assert!(refused.contains("tier1_title") && refused.contains("Kettle"), "what was typed is kept");
    let (_, list) = site.call(Method::GET, "/campaigns", &site.owner, None).await;
    assert!(!list.contains("t-campaign-card"), "nothing stored");

    let good = format!(
        "title=Kettle+that+knows&story=It+boils.&goal=5000&currency=EUR&provider=sandbox&deadline={deadline}\
         &tier1_title=Kettle&tier1_minimum=50&tier1_limit=10&tier1_delivery=2027-11&tier1_description=One+kettle."
    );
    let (status, _) = site.form("/orgs/acme/campaigns", &site.owner, &good).await;
    assert!(status.is_redirection(), "{status}");
    let (_, list) = site.call(Method::GET, "/campaigns", &site.owner, None).await;
    assert!(list.contains("id=\"preparing\""), "the draft is listed for its managers");
    let id = campaign_link(&list);
    let page = format!("/campaigns/{id}");

    // The lifecycle buttons each person may press; a moderator sees it waiting for review.
    let (_, draft) = site.call(Method::GET, &page, &site.owner, None).await;
    assert!(draft.contains("t-campaign-submit") && !draft.contains("t-campaign-launch"));
    let (status, _) = site.form(&format!("{page}/submit"), &site.owner, "").await;
    assert!(status.is_redirection(), "{status}");
    let (_, waiting) = site.call(Method::GET, "/campaigns", &site.moderator, None).await;
    assert!(waiting.contains("id=\"awaiting\"") && waiting.contains(&page));
    let (_, review) = site.call(Method::GET, &page, &site.moderator, None).await;
    assert!(review.contains("t-campaign-approve"));
    assert_eq!(site.form(&format!("{page}/approve"), &site.owner, "").await.0, StatusCode::FORBIDDEN, "not their own");
    assert!(site.form(&format!("{page}/approve"), &site.moderator, "").await.0.is_redirection());
    let (_, audit) = site.json(Method::GET, "/api/v1/admin/audit", &site.admin, None).await;
    let approval = &audit["entries"][0];
    assert_eq!(
        (approval["action"].as_str(), approval["actor"].as_str()),
        (Some("campaign_approved"), Some("Mo Moderator"))
    );
    assert!(site.form(&format!("{page}/launch"), &site.owner, "").await.0.is_redirection());
    assert_eq!(site.form(&format!("{page}/nonsense"), &site.owner, "").await.0, StatusCode::NOT_FOUND);
    let (_, live) = site.call(Method::GET, "/campaigns", "", None).await;
    assert!(live.contains(&page), "public once live");

    // A backer pledges; the owner posts a backers-only update and sees the dashboard.
    site.form(&format!("{page}/pledge"), &site.fan, "amount=60&tier_id=&card=4242424242424242").await;
    let (status, refused) = site.form(&format!("{page}/updates"), &site.owner, "title=&body=&audience=public").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("t-update-form"));
    let update = "title=Colour+vote&body=Red+or+blue%3F&audience=backers";
    assert!(site.form(&format!("{page}/updates"), &site.owner, update).await.0.is_redirection());
    let (_, visitor) = site.call(Method::GET, &page, "", None).await;
    assert!(!visitor.contains("Colour vote"), "backers only");
    let (_, backer) = site.call(Method::GET, &page, &site.fan, None).await;
    assert!(backer.contains("Colour vote") && backer.contains("/campaign-updates/"));
    let update_id: String = {
        let start = backer.find("/campaign-updates/").expect("comment form") + "/campaign-updates/".len();
        backer[start..].chars().take_while(char::is_ascii_digit).collect()
    };
    let comment = format!("/campaign-updates/{update_id}/comments");
    assert_eq!(site.form(&comment, &site.inventor, "body=Hi").await.0, StatusCode::NOT_FOUND, "not a backer");
    assert!(site.form(&comment, &site.fan, "body=Blue%21").await.0.is_redirection());
    let (_, owner) = site.call(Method::GET, &page, &site.owner, None).await;
    assert!(owner.contains("Blue!") && owner.contains("t-pledges-by-day") && owner.contains("t-backers-csv"));
    assert!(!backer.contains("t-pledges-by-day"), "the dashboard is the organization's");
    let csv = format!("/api/v1/campaigns/{id}/backers.csv");
    assert_eq!(site.call(Method::GET, &csv, &site.fan, None).await.0, StatusCode::FORBIDDEN);
    let (_, rows) = site.call(Method::GET, &csv, &site.owner, None).await;
    assert!(rows.contains("Fabio Fan,fan@example.com,,1,60.00,EUR,active"), "{rows}");
}

async fn a_manager_changes_the_terms_until_launch_and_the_locked_ones_stay(engine: Engine) {
    let site = site(engine).await;
    site.post("/orgs", &site.owner, json!({"name": "Acme", "slug": "acme"})).await;
    let eur = |minor: i64| json!({"amount_minor": minor, "currency": "EUR"});
    let created = site.post("/campaigns", &site.owner, campaign(eur(500_000), 30)).await;
    let id = created["id"].as_str().expect("id").to_owned();
    let api = format!("/api/v1/campaigns/{id}");
    let (_, shown) = site.json(Method::GET, &api, &site.owner, None).await;
    let tier = shown["tiers"][0]["id"].clone();

    // A draft: the goal and the tiers change over the API; bad input names its field.
    let mut body = campaign(eur(600_000), 20);
    body["tiers"][0]["id"] = tier.clone();
    body["tiers"][0]["limit"] = json!(3);
    let (status, changed) = site.json(Method::PUT, &api, &site.owner, Some(body.clone())).await;
    assert_eq!((status, changed["status"].as_str()), (StatusCode::OK, Some("draft")), "{changed}");
    let mut bad = body.clone();
    bad["goal"] = eur(0);
    let (status, error) = site.json(Method::PUT, &api, &site.owner, Some(bad)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert!(error["error"]["fields"]["goal"].is_object(), "{error}");
    let (status, _) = site.json(Method::PUT, &api, &site.fan, Some(body.clone())).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a draft is its organization's");
    let (_, shown) = site.json(Method::GET, &api, &site.owner, None).await;
    assert_eq!((shown["goal"]["amount_minor"].as_i64(), shown["tiers"][0]["limit"].as_u64()), (Some(600_000), Some(3)));

    // The page's form, filled with the terms, changes them too.
    let edit = format!("/campaigns/{id}/edit");
    let (status, form) = site.call(Method::GET, &edit, &site.owner, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("6000.00") && form.contains("name=\"tier1_id\""), "filled in");
    let tier_id = tier.as_str().expect("tier id");
    let fields = format!(
        "title=Kettle+that+sings&story=It+sings.&goal=7000&currency=EUR&deadline={}&provider=sandbox\
         &tier1_id={tier_id}&tier1_title=Kettle&tier1_minimum=50&tier1_limit=3&tier1_delivery=2027-11\
         &tier1_description=One+kettle.",
        at(20)
    );
    let (status, _) = site.form(&edit, &site.owner, &fields).await;
    assert!(status.is_redirection(), "{status}");
    let (status, page) = site.form(&edit, &site.owner, &fields.replace("goal=7000", "goal=nothing")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "the form again with the reason");
    assert!(page.contains("t-campaign-form"));

    for (rest, token) in [("/submit", &site.owner), ("/approve", &site.moderator), ("/launch", &site.owner)] {
        assert_eq!(site.json(Method::POST, &format!("{api}{rest}"), token, None).await.0, StatusCode::OK, "{rest}");
    }
    let (_, shown) = site.json(Method::GET, &api, "", None).await;
    assert_eq!(
        (shown["title"].as_str(), shown["goal"]["amount_minor"].as_i64()),
        (Some("Kettle that sings"), Some(700_000))
    );

    // Live: the goal and the deadline are locked (a clear refusal, nothing stored); texts and a
    // larger limit are not.
    let mut live = body.clone();
    live["goal"] = eur(700_000);
    live["deadline"] = shown["deadline"].clone();
    let mut goal = live.clone();
    goal["goal"] = eur(1);
    let (status, error) = site.json(Method::PUT, &api, &site.owner, Some(goal)).await;
    assert_eq!((status, error["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("terms_locked")), "{error}");
    let mut later = live.clone();
    later["deadline"] = json!(at(40));
    let (status, error) = site.json(Method::PUT, &api, &site.owner, Some(later)).await;
    assert_eq!((status, error["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("terms_locked")), "{error}");
    live["title"] = json!("Kettle that sings louder");
    live["tiers"][0]["limit"] = json!(5);
    live["tiers"][0]["per_backer_limit"] = json!(2);
    let (status, changed) = site.json(Method::PUT, &api, &site.owner, Some(live)).await;
    assert_eq!((status, changed["status"].as_str()), (StatusCode::OK, Some("live")), "{changed}");
    let (_, shown) = site.json(Method::GET, &api, "", None).await;
    assert_eq!(
        (shown["title"].as_str(), shown["tiers"][0]["limit"].as_u64()),
        (Some("Kettle that sings louder"), Some(5))
    );
    assert_eq!(shown["goal"]["amount_minor"].as_i64(), Some(700_000), "the goal stayed");
    let (_, form) = site.call(Method::GET, &edit, &site.owner, None).await;
    assert!(form.contains("t-campaign-locked") && !form.contains("name=\"goal\""), "locked terms shown as text");

    // Two of the reward in one pledge, at least its minimum for each.
    let two = json!({"amount": {"amount_minor": 10_000, "currency": "EUR"}, "tier_id": tier, "quantity": 2,
                     "payment": {"card": "4242424242424242"}});
    let (status, pledged) = site.json(Method::PUT, &format!("{api}/pledge"), &site.fan, Some(two)).await;
    assert_eq!((status, pledged["quantity"].as_u64()), (StatusCode::OK, Some(2)), "{pledged}");
    let (_, shown) = site.json(Method::GET, &api, "", None).await;
    assert_eq!(shown["tiers"][0]["remaining"].as_u64(), Some(3), "two of five taken");
    let (_, page) = site.call(Method::GET, &format!("/campaigns/{id}"), &site.inventor, None).await;
    assert!(page.contains("up to 2 per backer") && page.contains("name=\"quantity\""), "the page offers a quantity");
    let (_, csv) = site.call(Method::GET, &format!("{api}/backers.csv"), &site.owner, None).await;
    assert!(csv.contains(",Kettle,2,100.00,EUR,active"), "{csv}");
}
