//! The IP register over the JSON API and the pages, on SQLite and PostgreSQL: authorship proofs,
//! a licence on selection, credited contributors (every holder told, nobody crediting themselves),
//! royalties split to the minor unit and credited only from money received, shares fixed once
//! revenue is recorded, rights that revert on abandonment, and the chain verifying throughout.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use ideaforge_domain::Role;
use ideaforge_tests::{Api, Engine, TestApp, on_both_engines};
use reqwest::StatusCode;
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

on_both_engines!(rights_from_submission_to_royalties_and_reversion);

fn at(days: i64) -> String {
    (OffsetDateTime::now_utc() + Duration::days(days)).format(&Rfc3339).expect("format")
}

async fn records(api: &Api<'_>, subject: &str) -> Vec<Value> {
    let (status, body) = api.get(&format!("/ip/records?subject={subject}"), "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["records"].as_array().cloned().unwrap_or_default()
}

fn kinds(records: &[Value]) -> Vec<&str> {
    records.iter().filter_map(|r| r["kind"].as_str()).collect()
}

async fn rights_from_submission_to_royalties_and_reversion(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let api = Api::new(&app);
    let (_, manager) = app.member("manager@acme.example", "Manager", Role::Member).await;
    let (_, moderator) = app.member("mod@example.com", "Moderator", Role::Moderator).await;
    let (_, admin) = app.member("admin@example.com", "Admin", Role::Admin).await;
    let (inventor_user, inventor) = app.member("ines@example.com", "Ines Inventor", Role::Member).await;
    let (_, coauthor) = app.member("cole@example.com", "Cole Coauthor", Role::Member).await;
    let (_, designer) = app.member("dana@example.com", "Dana Designer", Role::Member).await;
    assert_eq!(api.post("/orgs", &manager, json!({"name": "Acme", "slug": "acme"})).await.0, StatusCode::CREATED);
    let contest = json!({
        "org": "acme", "title": "Kitchens", "brief": "Ideas", "category": "kitchen",
        "submission_closes_at": at(10), "voting_closes_at": at(20), "influence_pool_bp": 1000,
        "ip_terms": "Exclusive licence on selection; reverts if abandoned.",
    });
    let (_, contest) = api.post("/contests", &manager, contest).await;
    let contest_id = contest["id"].as_str().expect("id").to_owned();
    assert_eq!(api.post(&format!("/contests/{contest_id}/approve"), &moderator, json!({})).await.0, StatusCode::OK);
    let idea = |title: &str| {
        json!({"contest_id": contest_id, "title": title, "summary": "Boils when you are near",
               "body": "Pairs with your phone.\nStarts heating ten minutes out.", "category": "kitchen",
               "tags": [], "co_authors": ["cole@example.com"]})
    };
    let (status, kettle) = api.post("/ideas", &inventor, idea("Kettle that knows")).await;
    assert_eq!(status, StatusCode::CREATED, "{kettle}");
    let kettle_id = kettle["id"].as_str().expect("id").to_owned();

    // Submission is an `authored` record whose content hash proves the exact text.
    let history = records(&api, &format!("idea:{kettle_id}")).await;
    assert_eq!(kinds(&history), vec!["authored"]);
    let seq = history[0]["seq"].as_i64().expect("seq");
    let text = "Kettle that knows\r\n\r\nBoils when you are near\r\n\r\nPairs with your phone.\r\nStarts heating ten minutes out.\r\n";
    let (_, check) = api.post(&format!("/ip/records/{seq}/check"), "", json!({"text": text})).await;
    assert_eq!(check["matches"], true, "the original text (any line endings) matches: {check}");
    let (_, forged) = api.post(&format!("/ip/records/{seq}/check"), "", json!({"text": "Kettle that guesses"})).await;
    assert_eq!(forged["matches"], false);
    let page = app.get(&format!("/ip/records/{seq}")).await.text().await.expect("page");
    assert!(page.contains(history[0]["content_sha256"].as_str().expect("hash")), "the record page shows the hash");
    let subject = format!(r#"<dd data-testid="t-ip-subject"><a href="/ideas/{kettle_id}">Kettle that knows</a></dd>"#);
    assert!(page.contains(&subject), "the record names the idea by its title: {page}");

    // Shares cannot be set before selection.
    let shares = |rows: Value| json!({"shares": rows});
    let (status, early) = api.put_json(&format!("/ideas/{kettle_id}/shares"), &manager, shares(json!([]))).await;
    assert_eq!((status, early["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("wrong_stage")), "{early}");

    // Selection licenses the organization and gives the authors equal default shares.
    let stage = |to: &str| json!({"to": to, "reason": format!("to {to}")});
    for to in ["shortlisted", "selected"] {
        assert_eq!(api.post(&format!("/ideas/{kettle_id}/stage"), &manager, stage(to)).await.0, StatusCode::OK);
    }
    let history = records(&api, &format!("idea:{kettle_id}")).await;
    assert_eq!(kinds(&history), vec!["authored", "licence_granted", "influence_shares_set"]);
    assert_eq!(history[1]["parties"][0]["name"], "Acme");
    assert!(history[2]["terms"].as_str().expect("terms").contains(" 5000"), "{}", history[2]);

    // A manager credits a designer; shares must total 100 % and only managers set them.
    let credited = json!([
        {"user": "ines@example.com", "role": "originator", "bp": 5000},
        {"user": "cole@example.com", "role": "co-author", "bp": 3000},
        {"user": "dana@example.com", "role": "design", "bp": 2000},
    ]);
    let shares_path = format!("/ideas/{kettle_id}/shares");
    let (status, _) = api.put_json(&shares_path, &inventor, shares(credited.clone())).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let short = json!([{"user": "ines@example.com", "role": "originator", "bp": 9000}]);
    let (status, refused) = api.put_json(&shares_path, &manager, shares(short)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    // A manager cannot credit themselves: the register never named them a contributor.
    let greedy = json!([
        {"user": "ines@example.com", "role": "originator", "bp": 5000},
        {"user": "manager@acme.example", "role": "marketing", "bp": 5000},
    ]);
    let (status, refused) = api.put_json(&shares_path, &manager, shares(greedy)).await;
    assert_eq!((status, refused["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("self_credit")), "{refused}");
    let (status, set) = api.put_json(&shares_path, &manager, shares(credited.clone())).await;
    assert_eq!(status, StatusCode::OK, "{set}");
    assert_eq!(set["shares"][2], json!({"name": "Dana Designer", "role": "design", "bp": 2000}));
    // Every holder is told, the new one included; the manager who made the change is not.
    for token in [&inventor, &coauthor, &designer] {
        let (_, list) = api.get("/me/notifications", token).await;
        let told = list["notifications"].as_array().expect("list").iter().any(|n| n["kind"] == "shares_changed");
        assert!(told, "{list}");
    }

    // Launch, then record revenue: 10 % of 3,333.33 is 333.33, split 50/30/20 by largest remainder.
    for to in ["in_development", "launched"] {
        assert_eq!(api.post(&format!("/ideas/{kettle_id}/stage"), &manager, stage(to)).await.0, StatusCode::OK);
    }
    let revenue =
        |period: &str, minor: Value| json!({"period": period, "revenue": {"amount_minor": minor, "currency": "USD"}});
    let (status, bad) =
        api.post(&format!("/ideas/{kettle_id}/royalties"), &manager, revenue("2027-Q1", json!(-5))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    let (status, paid) =
        api.post(&format!("/ideas/{kettle_id}/royalties"), &manager, revenue("2027-Q1", json!(333_333))).await;
    assert_eq!(status, StatusCode::CREATED, "{paid}");
    assert_eq!(paid["pool"]["amount_minor"], 33_333);
    let amounts: Vec<i64> =
        paid["parts"].as_array().expect("parts").iter().filter_map(|p| p["amount"]["amount_minor"].as_i64()).collect();
    assert_eq!(amounts, vec![16_666, 10_000, 6_667], "largest remainder: nothing created or lost");
    let (status, again) =
        api.post(&format!("/ideas/{kettle_id}/royalties"), &manager, revenue("2027-Q1", json!(1))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a period is recorded once: {again}");
    // Recorded revenue is owed, not money: nothing is credited until it is received.
    for (token, expected) in [(&inventor, 16_666), (&coauthor, 10_000), (&designer, 6_667)] {
        let (_, statement) = api.get("/me/royalties", token).await;
        assert_eq!(statement["lines"][0]["amount"]["amount_minor"], expected, "{statement}");
        assert_eq!(statement["lines"][0]["credited_at"], Value::Null, "owed: {statement}");
        let (_, balance) = api.get("/me/balance", token).await;
        assert_eq!(balance["payable"], json!([]), "no payable with nothing behind it: {balance}");
    }
    // The shares the statement was split by are fixed from now on.
    let (status, fixed) = api.put_json(&shares_path, &manager, shares(credited)).await;
    assert_eq!((status, fixed["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("shares_fixed")), "{fixed}");
    let (_, listed) = api.get(&format!("/ideas/{kettle_id}/royalty-statements"), &manager).await;
    let statement_id = paid["statement_id"].as_i64().expect("statement id");
    assert_eq!(listed["statements"][0]["id"], statement_id, "{listed}");
    assert_eq!(listed["statements"][0]["received_at"], Value::Null);
    let (status, _) = api.get(&format!("/ideas/{kettle_id}/royalty-statements"), &inventor).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "statements are for the contest's managers");
    // Only an admin records the money received, and only exactly what is owed, once.
    let receipt =
        |minor: i64| json!({"amount": {"amount_minor": minor, "currency": "USD"}, "reference": "BANK-2027-0042"});
    let receipt_path = format!("/royalty-statements/{statement_id}/receipt");
    assert_eq!(api.post(&receipt_path, &manager, receipt(33_333)).await.0, StatusCode::FORBIDDEN);
    let (status, short) = api.post(&receipt_path, &admin, receipt(33_332)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{short}");
    assert_eq!(short["error"]["fields"]["amount"]["code"], "mismatch", "{short}");
    let (status, received) = api.post(&receipt_path, &admin, receipt(33_333)).await;
    assert_eq!(status, StatusCode::CREATED, "{received}");
    let (status, twice) = api.post(&receipt_path, &admin, receipt(33_333)).await;
    assert_eq!((status, twice["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("already_received")));
    for (token, expected) in [(&inventor, 16_666), (&coauthor, 10_000), (&designer, 6_667)] {
        let (_, statement) = api.get("/me/royalties", token).await;
        assert!(statement["lines"][0]["credited_at"].is_string(), "credited: {statement}");
        let (_, balance) = api.get("/me/balance", token).await;
        assert_eq!(balance["payable"][0]["amount_minor"], expected);
        let (_, list) = api.get("/me/notifications", token).await;
        let told = list["notifications"].as_array().expect("list").iter().any(|n| n["kind"] == "royalty_credited");
        assert!(told, "{list}");
    }
    let statement = app.visitor();
    assert!(statement.sign_in("dana@example.com", ideaforge_tests::PASSWORD).await.status().is_redirection());
    let html = statement.get("/me/royalties").await.text().await.expect("page");
    assert!(html.contains("Kettle that knows") && html.contains("US$66.67"), "{html}");

    // Another idea, selected then abandoned: its rights return to its inventors.
    let (_, toaster) = api.post("/ideas", &inventor, idea("Toaster that listens")).await;
    let toaster_id = toaster["id"].as_str().expect("id").to_owned();
    for to in ["shortlisted", "selected", "in_development", "abandoned"] {
        assert_eq!(api.post(&format!("/ideas/{toaster_id}/stage"), &manager, stage(to)).await.0, StatusCode::OK);
    }
    let history = records(&api, &format!("idea:{toaster_id}")).await;
    assert_eq!(kinds(&history), vec!["authored", "licence_granted", "influence_shares_set", "reverted"]);
    let page = app.get(&format!("/ideas/{toaster_id}")).await.text().await.expect("page");
    assert!(
        page.contains("Ines Inventor, Cole Coauthor") && !page.contains("Licensed to"),
        "IP back with its inventors"
    );
    let page = app.get(&format!("/ideas/{kettle_id}")).await.text().await.expect("page");
    assert!(page.contains("Licensed to"), "the launched idea stays licensed");

    let (_, verified) = api.get("/ip/verify", "").await;
    assert_eq!(verified["ok"], true, "{verified}");
    assert_eq!(verified["records"], 8, "two ideas: authored, licence, shares (twice for the kettle), reverted");
    assert_eq!(inventor_user.display_name.as_str(), "Ines Inventor");
    app.stop().await;
}
