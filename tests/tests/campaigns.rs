//! Funding campaigns against the real server, on SQLite and PostgreSQL: fifty members pledging at
//! once over HTTP for the last ten slots of a reward get exactly ten, and one member sending the
//! same pledge twice at once has one pledge; and in Chromium, a campaign for a selected idea from
//! its draft to its settlement, with the ledger matching its page to the cent.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use ideaforge_domain::Role;
use ideaforge_tests::{Api, Browser, Engine, TestApp, eventually, new_client, on_both_engines};
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

on_both_engines!(a_campaign_for_a_selected_idea_from_draft_to_settlement_in_chromium);

/// The text of the element with this test id, read from the page source.
async fn testid_text(browser: &Browser, testid: &str) -> String {
    let css = format!("[data-testid={testid}]");
    let element = browser.client.find(fantoccini::Locator::Css(&css)).await;
    assert!(element.is_ok(), "{testid} is on the page");
    element.expect("element").text().await.expect("text")
}

/// An amount in US dollars as the page shows it (`US$1,234.50`, `US$95.00`), in cents.
fn minor(shown: &str) -> i64 {
    let number = shown.trim().strip_prefix("US$").expect("an amount in US$").replace(',', "");
    match number.split_once('.') {
        Some((whole, cents)) => whole.parse::<i64>().expect("a number") * 100 + cents.parse::<i64>().expect("cents"),
        None => number.parse::<i64>().expect("a number") * 100,
    }
}

async fn pledge_in_browser(browser: &Browser, page: &str, amount: &str, card: &str) {
    browser.client.goto(page).await.expect("campaign");
    browser.fill("#field-amount", amount).await;
    browser.fill("#field-card", card).await;
    browser.click("[data-testid=t-pledge-form] button[type=submit]").await;
    assert!(browser.page_contains("Your pledge is authorised.").await, "pledged {amount}");
}

async fn a_campaign_for_a_selected_idea_from_draft_to_settlement_in_chromium(engine: Engine) {
    use ideaforge_domain::ledger::{Account, check_invariants};
    let app = TestApp::spawn(engine).await;
    let api = Api::new(&app);
    let (_, manager) = app.member("manager@acme.example", "Morgan Manager", Role::Member).await;
    let (_, moderator) = app.member("mod@example.com", "Mo Moderator", Role::Moderator).await;
    let (inventor_user, inventor) = app.member("ines@example.com", "Ines Inventor", Role::Member).await;
    app.member("ada@example.com", "Ada", Role::Member).await;
    let (bob_user, bob) = app.member("bob@example.com", "Bob", Role::Member).await;
    app.member("cy@example.com", "Cy", Role::Member).await;
    assert_eq!(api.post("/orgs", &manager, json!({"name": "Acme", "slug": "acme"})).await.0, StatusCode::CREATED);
    let at = |days: i64| (OffsetDateTime::now_utc() + Duration::days(days)).format(&Rfc3339).expect("format");
    let contest = json!({"org": "acme", "title": "Kitchens", "brief": "Ideas", "category": "kitchen",
        "submission_closes_at": at(10), "voting_closes_at": at(20), "influence_pool_bp": 1000,
        "ip_terms": "Licence on selection."});
    let (_, contest) = api.post("/contests", &manager, contest).await;
    let contest = contest["id"].as_str().expect("contest").to_owned();
    api.post(&format!("/contests/{contest}/approve"), &moderator, json!({})).await;
    let idea = json!({"contest_id": contest, "title": "Kettle that knows", "summary": "Boils when near",
                      "body": "Pairs with your phone.", "category": "kitchen"});
    let (status, idea) = api.post("/ideas", &inventor, idea).await;
    assert_eq!(status, StatusCode::CREATED, "{idea}");
    let idea = idea["id"].as_str().expect("idea").to_owned();
    for to in ["shortlisted", "selected"] {
        let (status, body) =
            api.post(&format!("/ideas/{idea}/stage"), &manager, json!({"to": to, "reason": "Yes"})).await;
        assert_eq!(status, StatusCode::OK, "{to}: {body}");
    }
    let browser = Browser::start().await;
    let c = &browser.client;

    // The manager starts a campaign from the idea's page and submits it for review.
    browser.sign_in(&app, "manager@acme.example").await;
    c.goto(&app.url(&format!("/ideas/{idea}"))).await.expect("idea");
    browser.click("[data-testid=t-start-campaign]").await;
    browser.fill("#field-title", "Kettle that knows").await;
    browser.fill("#field-story", "It boils when you are *near*.").await;
    browser.fill("#field-goal", "100").await;
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let deadline = (OffsetDateTime::now_utc() + Duration::days(30)).format(format).expect("format");
    c.execute(&format!("document.getElementById('field-deadline').value = '{deadline}';"), vec![]).await.expect("date");
    browser.fill("input[name=tier1_title]", "Kettle").await;
    browser.fill("input[name=tier1_minimum]", "20").await;
    browser.fill("input[name=tier1_limit]", "10").await;
    browser.fill("textarea[name=tier1_description]", "One kettle, signed.").await;
    c.execute("document.querySelector('input[name=tier1_delivery]').value = '2027-11';", vec![]).await.expect("month");
    browser.click("[data-testid=t-campaign-create]").await;
    let created = browser.page_contains("The campaign is a draft.").await;
    let source = c.source().await.unwrap_or_default();
    let errors: Vec<&str> =
        source.match_indices("field-error").map(|(at, _)| &source[at..(at + 200).min(source.len())]).collect();
    assert!(created, "the draft was created: {errors:?}");
    let page = c.current_url().await.expect("url").to_string();
    browser.click("[data-testid=t-campaign-submit]").await;
    assert!(browser.page_contains("Submitted: a moderator will review it.").await);
    browser.sign_out().await;

    // An outside moderator approves it; the manager launches it.
    browser.sign_in(&app, "mod@example.com").await;
    c.goto(&app.url("/campaigns")).await.expect("campaigns");
    c.goto(&page).await.expect("campaign");
    browser.click("[data-testid=t-campaign-approve]").await;
    assert!(browser.page_contains("Approved: its organization can launch it.").await);
    browser.sign_out().await;
    browser.sign_in(&app, "manager@acme.example").await;
    c.goto(&page).await.expect("campaign");
    browser.click("[data-testid=t-campaign-launch]").await;
    assert!(browser.page_contains("The campaign is live.").await);
    // The deadline reads in the reader's own time, to the second, its UTC form kept as the title.
    let shown = c
        .execute("const t = document.querySelector('time[data-local]'); return [t.textContent, t.title];", vec![])
        .await
        .expect("script");
    let (local, utc) = (shown[0].as_str().unwrap_or(""), shown[1].as_str().unwrap_or(""));
    assert!(utc.ends_with(" UTC") && local != utc && local.contains(':'), "{local:?} / {utc:?}");
    browser.sign_out().await;

    // Three backers: Ada pledges then changes her pledge; Bob's card will decline at capture; Cy
    // withdraws and pledges again.
    browser.sign_in(&app, "ada@example.com").await;
    pledge_in_browser(&browser, &page, "60", "4242 4242 4242 4242").await;
    pledge_in_browser(&browser, &page, "70", "4242 4242 4242 4242").await;
    assert!(testid_text(&browser, "t-campaign-mine").await.contains("US$70.00"));
    browser.sign_out().await;
    browser.sign_in(&app, "bob@example.com").await;
    pledge_in_browser(&browser, &page, "30", "4000 0000 0000 0002").await;
    browser.sign_out().await;
    browser.sign_in(&app, "cy@example.com").await;
    pledge_in_browser(&browser, &page, "20", "4242424242424242").await;
    browser.click("#pledge form[action$=withdraw] button").await;
    assert!(browser.page_contains("Your pledge was withdrawn").await);
    pledge_in_browser(&browser, &page, "25", "4242424242424242").await;
    assert!(testid_text(&browser, "t-campaign-pledged").await.starts_with("US$125.00 "));
    browser.sign_out().await;

    // The deadline passes: the settlement job captures; Bob's card declines and is retried, then
    // dropped after the grace period.
    app.clock.advance(Duration::days(31));
    let settled = eventually(std::time::Duration::from_secs(20), || async {
        c.goto(&page).await.is_ok() && c.source().await.is_ok_and(|s| s.contains("t-campaign-collected"))
    })
    .await;
    assert!(settled, "the campaign settled");
    assert_eq!(testid_text(&browser, "t-campaign-status").await, "Succeeded");
    let bob_errored = eventually(std::time::Duration::from_secs(20), || async {
        let (_, pledges) = api.get("/me/pledges", &bob).await;
        pledges["pledges"][0]["status"] == "errored"
    })
    .await;
    assert!(bob_errored, "the declined capture is errored, not dropped yet");
    let store = app.app.store();
    let bobs_pledge = store.pledges_of(bob_user.id).await.expect("pledges")[0].pledge.id;
    let authorisation = store.pledge_authorisation(bobs_pledge).await.expect("read").expect("authorised");
    let captures = || async {
        let record = store.sandbox_charges(&authorisation).await.expect("record");
        record.iter().filter(|c| c.operation == "capture").count()
    };
    app.clock.advance(Duration::hours(2));
    assert!(eventually(std::time::Duration::from_secs(20), || async { captures().await >= 2 }).await, "retried");
    app.clock.advance(Duration::days(8));
    let dropped = eventually(std::time::Duration::from_secs(20), || async {
        c.goto(&page).await.is_ok() && text_is(&browser, "t-campaign-dropped", "US$30.00").await
    })
    .await;
    assert!(dropped, "Bob's pledge dropped after the grace period");

    // The page matches the ledger to the cent, and every transaction balances.
    let collected = minor(&testid_text(&browser, "t-campaign-collected").await);
    let processor = minor(&testid_text(&browser, "t-campaign-processor-fees").await);
    let platform = minor(&testid_text(&browser, "t-campaign-platform-fees").await);
    let net = minor(&testid_text(&browser, "t-campaign-net").await);
    assert_eq!(collected, 9_500, "Ada's 70 and Cy's 25");
    assert_eq!(collected, processor + platform + net);
    let usd = ideaforge_domain::money::Currency::parse("USD").expect("USD");
    check_invariants(&store.ledger_entries().await.expect("entries")).expect("balanced");
    assert_eq!(store.balance(&Account::processor_fees(usd)).await.expect("fees"), processor);
    assert_eq!(store.balance(&Account::platform_revenue(usd)).await.expect("fees"), platform);
    let acme = ideaforge_domain::org::OrgSlug::parse("acme").expect("slug");
    let org = store.org_by_slug(&acme).await.expect("read").expect("org").id;
    let owner = store.balance(&Account::org_payable(org, usd)).await.expect("org");
    let credited = store.balance(&Account::payable(inventor_user.id, usd)).await.expect("inventor");
    assert!(credited > 0, "the idea's inventor is credited through the influence pool");
    assert_eq!(owner + credited, net, "collected = fees + owner payable + influence credits");
    browser.close().await;
    app.stop().await;
}

async fn text_is(browser: &Browser, testid: &str, expected: &str) -> bool {
    let css = format!("[data-testid={testid}]");
    match browser.client.find(fantoccini::Locator::Css(&css)).await {
        Ok(element) => element.text().await.is_ok_and(|t| t == expected),
        Err(_) => false,
    }
}

on_both_engines!(the_demo_holds_a_live_campaign_and_a_settled_one);

async fn the_demo_holds_a_live_campaign_and_a_settled_one(engine: Engine) {
    use ideaforge_domain::ledger::check_invariants;
    // The demo plays its finished campaign on a clock of its own; the server's settlement job
    // waits (as `serve --demo` loads the demo before starting it).
    let app = TestApp::builder(engine).configure(|c| c.funding.settle_poll_ms = 3_600_000).spawn().await;
    ideaforge_server::demo::load(&app.app, 0).await.expect("the demo loads");
    ideaforge_server::demo::load(&app.app, 0).await.expect("and loads again, adding nothing");
    let api = Api::new(&app);
    let (_, listed) = api.get("/campaigns", "").await;
    let campaigns = listed["campaigns"].as_array().expect("campaigns");
    let statuses: Vec<&str> = campaigns.iter().filter_map(|c| c["status"].as_str()).collect();
    assert_eq!(statuses, vec!["live", "succeeded"], "{listed}");
    let (_, live) = api.get(&format!("/campaigns/{}", campaigns[0]["id"].as_str().expect("id")), "").await;
    assert!(live["idea_id"].is_string() && live["backers"] == 3, "{live}");
    let (_, done) = api.get(&format!("/campaigns/{}", campaigns[1]["id"].as_str().expect("id")), "").await;
    assert_eq!(done["collected"]["amount_minor"], 165_000, "{done}");
    assert_eq!(done["dropped"]["amount_minor"], 10_000, "the declined card was dropped after the grace period");
    check_invariants(&app.app.store().ledger_entries().await.expect("entries")).expect("balanced");

    // Search finds live and finished campaigns (kind `campaign`), never drafts.
    let found = eventually(std::time::Duration::from_secs(20), || async {
        let (_, results) = api.get("/search?q=repair+caf%C3%A9&kind=campaign", "").await;
        results["hits"][0]["url"] == format!("/campaigns/{}", campaigns[1]["id"].as_str().unwrap_or_default())
    })
    .await;
    assert!(found, "the finished campaign is found by its title");
    let (_, cargo) = api.get("/search?q=bici+cargo&kind=campaign", "").await;
    assert_eq!(cargo["hits"][0]["kind"], "campaign", "{cargo}");
    app.stop().await;
}
