//! The API contract: the OpenAPI document is generated from the router, and every answer the route
//! tests receive is validated against it (`check`, called by `Site::call`). One tour drives every
//! documented operation to a success, so each operation's documented body is proven by a real one.
#![expect(clippy::panic, reason = "a failed check fails the test")]

use std::sync::OnceLock;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use time::Duration;

use super::{at, site};
use ideaforge_store::testing::Engine;

ideaforge_store::on_both_engines!(every_operation_answers_as_documented);

fn document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(|| serde_json::to_value(ideaforge_web::site::openapi::document()).expect("the document"))
}

/// The documented path a request path takes; literal segments win over parameters
/// (`/ideas/similar` over `/ideas/{id}`).
fn template(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').collect();
    document()["paths"]
        .as_object()?
        .keys()
        .filter_map(|template| {
            let parts: Vec<&str> = template.split('/').collect();
            if parts.len() != segments.len() {
                return None;
            }
            let mut literal = 0;
            for (part, segment) in parts.iter().zip(&segments) {
                if part.starts_with('{') {
                    continue;
                }
                if part != segment {
                    return None;
                }
                literal += 1;
            }
            Some((literal, template.clone()))
        })
        .max()
        .map(|(_, template)| template)
}

/// Checks one answer of the API against the document: its operation is documented and its body
/// validates against the schema documented for its status (or the `default` error). Returns the
/// operation when the answer was a success.
pub fn check(method: &Method, path: &str, status: StatusCode, body: &str) -> Option<(String, String)> {
    let path = path.split('?').next().unwrap_or_default().strip_prefix("/api/v1")?;
    let template = template(path).unwrap_or_else(|| panic!("{method} {path} is not in the OpenAPI document"));
    let verb = method.as_str().to_lowercase();
    let operation = &document()["paths"][&template][&verb];
    if status == StatusCode::METHOD_NOT_ALLOWED && operation.is_null() {
        return None;
    }
    assert!(operation.is_object(), "{method} {template} is not in the OpenAPI document");
    let responses = &operation["responses"];
    let mut response = responses
        .get(status.as_str())
        .or_else(|| responses.get("default"))
        .unwrap_or_else(|| panic!("{method} {template} does not document {status}"));
    if let Some(reference) = response["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap_or_default();
        response = &document()["components"]["responses"][name];
    }
    match &response["content"] {
        Value::Null => assert!(body.is_empty(), "{method} {template} {status} documents no body but sent {body}"),
        content => {
            if let Some(schema) = content["application/json"].get("schema") {
                let mut root = schema.clone();
                root["components"] = document()["components"].clone();
                let validator = jsonschema::draft202012::new(&root).expect("a valid schema");
                let instance: Value =
                    serde_json::from_str(body).unwrap_or_else(|_| panic!("{method} {template}: JSON"));
                let errors: Vec<String> =
                    validator.iter_errors(&instance).map(|e| format!("{e} at {}", e.instance_path())).collect();
                assert!(
                    errors.is_empty(),
                    "{method} {template} {status} differs from the document: {errors:?}\n{body}"
                );
            }
        }
    }
    status.is_success().then_some((verb, template))
}

/// The check can fail: an answer that is not what its operation documents is refused.
#[test]
#[should_panic(expected = "differs from the document")]
fn an_answer_unlike_its_document_is_refused() {
    check(&Method::GET, "/api/v1/me", StatusCode::OK, r#"{"id": 7, "email": "ada@example.com"}"#);
}

/// Each area's `api()` mounts its routes only through `routes!`, which documents them: a plain
/// `.route(` would serve an undocumented operation.
#[test]
fn every_api_route_is_mounted_through_the_document() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut areas = 0;
    for entry in std::fs::read_dir(&src).expect("src") {
        let routes = entry.expect("entry").path().join("mod.rs");
        let Ok(text) = std::fs::read_to_string(&routes) else { continue };
        let Some(start) = text.find("pub fn api()") else { continue };
        let body = &text[start..text[start..].find("\n}\n").map_or(text.len(), |end| start + end)];
        assert!(!body.contains(".route("), "{} mounts an API route without documenting it", routes.display());
        assert!(body.contains("routes!("), "{} documents its routes", routes.display());
        areas += 1;
    }
    assert!(areas >= 8, "every area's API was read");
    let operations: usize = document()["paths"]
        .as_object()
        .expect("paths")
        .values()
        .map(|item| {
            item.as_object()
                .map_or(0, |ops| ops.keys().filter(|k| ["get", "post", "put", "delete"].contains(&k.as_str())).count())
        })
        .sum();
    assert!(operations >= 50, "the document holds every operation ({operations})");
}

/// Every documented operation, driven to a success, answers with a body its document describes.
async fn every_operation_answers_as_documented(engine: Engine) {
    let site = site(engine).await;
    let ok = |(status, body): (StatusCode, Value), what: &str| -> Value {
        assert!(status.is_success(), "{what}: {status} {body}");
        body
    };
    let api = |path: &str| format!("/api/v1{path}");

    // Accounts and tokens.
    let member = json!({"email": "newcomer@example.com", "password": "correct horse battery", "display_name": "Nia"});
    ok(site.json(Method::POST, &api("/users"), "", Some(member)).await, "register");
    let login = json!({"email": "newcomer@example.com", "password": "correct horse battery", "name": "laptop"});
    let token = ok(site.json(Method::POST, &api("/tokens"), "", Some(login)).await, "token");
    let secret = token["token"].as_str().expect("secret").to_owned();
    ok(site.json(Method::GET, &api("/me"), &secret, None).await, "me");
    ok(site.json(Method::GET, &api("/tokens"), &secret, None).await, "tokens");
    let revoke = api(&format!("/tokens/{}", token["id"].as_str().expect("token id")));
    ok(site.json(Method::DELETE, &revoke, &secret, None).await, "revoke");

    // Contests, ideas, votes, comments, stages, and the organization's people.
    let (contest, idea) = site.contest_with_ideas().await;
    let judge = json!({"email": "solver@example.com", "role": "judge"});
    ok(site.json(Method::POST, &api("/orgs/acme/members"), &site.owner, Some(judge)).await, "member");
    let judge = json!({"email": "solver@example.com", "role": "manager"});
    ok(site.json(Method::POST, &api("/orgs/acme/members"), &site.owner, Some(judge)).await, "role");
    ok(site.json(Method::GET, &api(&format!("/contests/{contest}")), "", None).await, "contest");
    ok(site.json(Method::GET, &api(&format!("/contests/{contest}/ideas.csv")), &site.owner, None).await, "csv");
    ok(site.json(Method::GET, &api(&format!("/contests/{contest}/ideas.jsonl")), &site.owner, None).await, "lines");
    ok(site.json(Method::GET, &api(&format!("/ideas?contest={contest}")), "", None).await, "ideas");
    ok(site.json(Method::GET, &api(&format!("/ideas/{idea}")), "", None).await, "idea");
    ok(site.json(Method::DELETE, &api(&format!("/ideas/{idea}/vote")), &site.fan, None).await, "unvote");

    // Webhooks: an endpoint registered, its log read, a delivery sent again, paused, its secret
    // rotated, deleted.
    let hook =
        json!({"url": "https://hooks.example.com/ideaforge", "events": ["comment.posted", "idea.stage_changed"]});
    let created = ok(site.json(Method::POST, &api("/orgs/acme/webhooks"), &site.owner, Some(hook)).await, "webhook");
    let first_secret = created["secret"].as_str().expect("a secret").to_owned();
    assert!(first_secret.starts_with("whsec_"), "{created}");
    let at_hook = |rest: &str| api(&format!("/orgs/acme/webhooks/{}{rest}", created["id"].as_str().expect("id")));
    let listed = ok(site.json(Method::GET, &api("/orgs/acme/webhooks"), &site.owner, None).await, "webhooks");
    assert!(!listed.to_string().contains(&first_secret), "a list never shows a secret: {listed}");
    let said = json!({"body": "Does it whistle?"});
    ok(site.json(Method::POST, &api(&format!("/ideas/{idea}/comments")), &site.fan, Some(said)).await, "comment");
    let log = ok(site.json(Method::GET, &at_hook("/deliveries"), &site.owner, None).await, "deliveries");
    assert_eq!(log["deliveries"][0]["event"], "comment.posted", "{log}");
    assert_eq!(log["deliveries"][0]["status"], "pending", "{log}");
    let delivery = log["deliveries"][0]["id"].as_str().expect("a delivery").to_owned();
    ok(site.json(Method::POST, &at_hook(&format!("/deliveries/{delivery}/resend")), &site.owner, None).await, "again");
    let paused =
        ok(site.json(Method::PATCH, &at_hook(""), &site.owner, Some(json!({"enabled": false}))).await, "pause");
    assert_eq!((paused["enabled"].as_bool(), paused["disabled_reason"].as_str()), (Some(false), Some("paused")));
    let shown = ok(site.json(Method::GET, &at_hook(""), &site.owner, None).await, "webhook");
    assert_eq!(shown["events"], json!(["idea.stage_changed", "comment.posted"]));
    let rotated = ok(site.json(Method::POST, &at_hook("/rotate"), &site.owner, None).await, "rotate");
    assert!(
        rotated["secret"].as_str().is_some_and(|s| s != first_secret) && rotated["previous_secret_until"].is_string()
    );
    ok(site.json(Method::DELETE, &at_hook(""), &site.owner, None).await, "delete webhook");
    let interest = api(&format!("/ideas/{idea}/interest"));
    let about = json!({"amount": {"amount_minor": 7_500, "currency": "EUR"}});
    ok(site.json(Method::POST, &interest, &site.fan, Some(about)).await, "interest");
    let demand = ok(site.json(Method::GET, &interest, &site.owner, None).await, "demand");
    assert_eq!(demand["demand"][0]["members"], 1);
    ok(site.json(Method::DELETE, &interest, &site.fan, None).await, "no interest");
    site.clock.advance(Duration::days(21));
    for stage in ["selected", "in_development", "launched"] {
        let to = json!({"to": stage, "reason": "On its way"});
        ok(site.json(Method::POST, &api(&format!("/ideas/{idea}/stage")), &site.owner, Some(to)).await, stage);
    }

    // A funding campaign: created, reviewed, launched, pledged to, withdrawn from, cancelled.
    let tier = json!({"title": "Kettle", "description": "One kettle.", "limit": 100, "estimated_delivery": "2027-11",
                      "minimum": {"amount_minor": 5_000, "currency": "EUR"}});
    let campaign = json!({"org": "acme", "title": "Kettle that knows", "story": "It boils when you are near.",
                          "goal": {"amount_minor": 500_000, "currency": "EUR"}, "deadline": at(60),
                          "provider": "sandbox", "tiers": [tier]});
    let created =
        ok(site.json(Method::POST, &api("/campaigns"), &site.owner, Some(campaign.clone())).await, "campaign");
    let at_campaign = |rest: &str| api(&format!("/campaigns/{}{rest}", created["id"].as_str().expect("campaign id")));
    let mut changed = campaign;
    changed["title"] = json!("Kettle that sings");
    ok(site.json(Method::PUT, &at_campaign(""), &site.owner, Some(changed)).await, "edit campaign");
    ok(site.json(Method::POST, &at_campaign("/submit"), &site.owner, None).await, "submit campaign");
    ok(site.json(Method::POST, &at_campaign("/approve"), &site.moderator, None).await, "approve campaign");
    ok(site.json(Method::POST, &at_campaign("/launch"), &site.owner, None).await, "launch campaign");
    let shown = ok(site.json(Method::GET, &at_campaign(""), "", None).await, "show campaign");
    let pledge = json!({"amount": {"amount_minor": 5_000, "currency": "EUR"}, "tier_id": shown["tiers"][0]["id"],
                        "payment": {"card": "4242 4242 4242 4242"}});
    ok(site.json(Method::PUT, &at_campaign("/pledge"), &site.fan, Some(pledge)).await, "pledge");
    let mine = ok(site.json(Method::GET, &api("/me/pledges"), &site.fan, None).await, "pledges");
    assert_eq!(mine["pledges"][0]["status"], "active");
    let update = json!({"title": "Tooling ordered", "body": "The moulds arrive in May.", "audience": "backers"});
    let posted = ok(site.json(Method::POST, &at_campaign("/updates"), &site.owner, Some(update)).await, "update");
    let updates = ok(site.json(Method::GET, &at_campaign("/updates"), &site.fan, None).await, "updates");
    assert_eq!(updates["updates"][0]["title"], "Tooling ordered");
    let comment = api(&format!("/campaign-updates/{}/comments", posted["id"].as_str().expect("update id")));
    let (status, _) = site.call(Method::POST, &comment, &site.fan, Some(json!({"body": "Blue!"}))).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, csv) = site.call(Method::GET, &at_campaign("/backers.csv"), &site.owner, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        csv.starts_with("name,email,tier,quantity,amount,currency,status\r\n") && csv.contains("fan@example.com"),
        "{csv}"
    );
    let (status, lines) = site.call(Method::GET, &at_campaign("/backers.jsonl"), &site.owner, None).await;
    assert_eq!(status, StatusCode::OK);
    let backers: Vec<Value> = lines.lines().map(|l| serde_json::from_str(l).expect("a JSON object per line")).collect();
    assert!(backers.iter().any(|b| b["email"] == "fan@example.com" && b["amount"]["amount_minor"].is_i64()), "{lines}");
    let listed = ok(site.json(Method::GET, &api("/campaigns"), "", None).await, "campaigns");
    assert_eq!(listed["campaigns"][0]["id"], created["id"]);
    ok(site.json(Method::DELETE, &at_campaign("/pledge"), &site.fan, None).await, "withdraw");
    ok(site.json(Method::POST, &at_campaign("/cancel"), &site.admin, None).await, "cancel campaign");
    let audit = ok(site.json(Method::GET, &api("/admin/audit"), &site.admin, None).await, "audit");
    assert_eq!(
        (audit["entries"][0]["action"].as_str(), audit["entries"][0]["actor"].as_str()),
        (Some("campaign_withdrawn"), Some("Ada Admin"))
    );
    // A bank-transfer campaign: pledged without a card; its receipt is recorded once it succeeds.
    let transfer = json!({"org": "acme", "title": "Kettle by transfer", "story": "Paid by bank transfer.",
                          "goal": {"amount_minor": 5_000, "currency": "EUR"}, "deadline": at(60),
                          "provider": "manual", "tiers": []});
    let by_transfer = ok(site.json(Method::POST, &api("/campaigns"), &site.owner, Some(transfer)).await, "manual");
    let at_transfer = |rest: &str| api(&format!("/campaigns/{}{rest}", by_transfer["id"].as_str().expect("id")));
    for (step, token) in [("/submit", &site.owner), ("/approve", &site.moderator), ("/launch", &site.owner)] {
        ok(site.json(Method::POST, &at_transfer(step), token, None).await, step);
    }
    let pledged_by_transfer = json!({"amount": {"amount_minor": 5_000, "currency": "EUR"}});
    let transfer_pledge =
        ok(site.json(Method::PUT, &at_transfer("/pledge"), &site.fan, Some(pledged_by_transfer)).await, "transfer");

    // The register, shares and royalties.
    ok(site.json(Method::GET, &api("/ip/verify"), "", None).await, "verify");
    let records =
        ok(site.json(Method::GET, &api(&format!("/ip/records?subject=idea:{idea}")), "", None).await, "records");
    let seq = records["records"][0]["seq"].as_i64().expect("a record");
    ok(site.json(Method::GET, &api(&format!("/ip/records/{seq}")), "", None).await, "record");
    let text = json!({"text": "Kettle that knows"});
    ok(site.json(Method::POST, &api(&format!("/ip/records/{seq}/check")), "", Some(text)).await, "check");
    let shares = json!({"shares": [{"user": "ines@example.com", "role": "inventor", "bp": 10_000}]});
    ok(site.json(Method::PUT, &api(&format!("/ideas/{idea}/shares")), &site.owner, Some(shares)).await, "shares");
    let revenue = json!({"period": "2027-Q1", "revenue": {"amount_minor": 100_000, "currency": "EUR"}});
    let recorded = ok(
        site.json(Method::POST, &api(&format!("/ideas/{idea}/royalties")), &site.owner, Some(revenue)).await,
        "revenue",
    );
    let statement = recorded["statement_id"].as_i64().expect("a statement");
    ok(site.json(Method::GET, &api(&format!("/ideas/{idea}/royalty-statements")), &site.owner, None).await, "owed");
    let receipt = json!({"amount": recorded["pool"], "reference": "SEPA-2027-42"});
    let path = api(&format!("/royalty-statements/{statement}/receipt"));
    ok(site.json(Method::POST, &path, &site.admin, Some(receipt)).await, "receipt");
    ok(site.json(Method::GET, &api("/me/royalties"), &site.inventor, None).await, "royalties");

    // Notifications and search.
    let heard = ok(site.json(Method::GET, &api("/me/notifications"), &site.inventor, None).await, "notifications");
    let again = ok(site.json(Method::GET, &api("/me/notifications"), &site.inventor, None).await, "notifications");
    assert!(heard["unread"].as_u64() > Some(0) && again["unread"] == heard["unread"], "reading marks nothing read");
    ok(site.json(Method::POST, &api("/me/notifications/read"), &site.inventor, None).await, "mark read");
    let after = ok(site.json(Method::GET, &api("/me/notifications"), &site.inventor, None).await, "notifications");
    assert_eq!(after["unread"], 0, "a POST marks them read");
    let delivery = json!({"kind": "stage_changed", "delivery": "daily"});
    ok(site.json(Method::PUT, &api("/me/notifications"), &site.inventor, Some(delivery)).await, "delivery");
    let dir = tempfile::tempdir().expect("a folder for the index");
    let index = site.app.open_search_index(dir.path()).await.expect("index");
    site.app.attach_search_index(std::sync::Arc::clone(&index));
    site.app.index_events(&index, 10_000).await.expect("indexed");
    ok(site.json(Method::GET, &api("/search?q=kettle"), "", None).await, "search");
    ok(site.json(Method::GET, &api("/ideas/similar?title=kettle"), "", None).await, "similar");
    let (status, _) = site.call(Method::GET, &api("/openapi.json"), "", None).await;
    assert_eq!(status, StatusCode::OK, "the document");

    // A challenge from draft to payout, with a second one cancelled.
    let challenge = |title: &str| {
        json!({
            "org": "acme", "title": title, "public_statement": "A capsule that composts in a garden heap.",
            "confidential_details": "Our polymer is PLA-7.", "type": "reduction_to_practice", "difficulty": "high",
            "category": "materials", "award": {"amount_minor": 1_000_000, "currency": "USD"},
            "award_split_bp": [10_000], "submission_deadline": at(60), "ip_terms": "assign", "anonymous": false,
            "criteria": [{"name": "Feasibility", "weight": 60}, {"name": "Cost", "weight": 40}],
        })
    };
    let cancelled =
        ok(site.json(Method::POST, &api("/challenges"), &site.owner, Some(challenge("Spare"))).await, "draft");
    let cancel = api(&format!("/challenges/{}/cancel", cancelled["id"].as_str().expect("id")));
    ok(site.json(Method::POST, &cancel, &site.owner, None).await, "cancel");
    let created =
        ok(site.json(Method::POST, &api("/challenges"), &site.owner, Some(challenge("Capsule"))).await, "create");
    let id = created["id"].as_str().expect("challenge id").to_owned();
    let at_challenge = |rest: &str| api(&format!("/challenges/{id}{rest}"));
    ok(site.json(Method::PUT, &at_challenge(""), &site.owner, Some(challenge("A compostable capsule"))).await, "edit");
    ok(site.json(Method::POST, &at_challenge("/submit"), &site.owner, None).await, "submit");
    ok(site.json(Method::POST, &at_challenge("/approve"), &site.moderator, None).await, "approve");
    let escrow = json!({"amount": {"amount_minor": 1_100_000, "currency": "USD"}, "reference": "BANK-7"});
    ok(site.json(Method::POST, &at_challenge("/escrow"), &site.admin, Some(escrow)).await, "escrow");
    ok(site.json(Method::GET, &api("/challenges"), "", None).await, "list");
    ok(site.json(Method::GET, &at_challenge(""), "", None).await, "show");
    let english = ok(site.json(Method::GET, &at_challenge("/agreement"), &site.fan, None).await, "agreement");
    let korean =
        ok(site.json(Method::GET, &at_challenge("/agreement?language=ko"), &site.fan, None).await, "in Korean");
    assert_eq!((english["language"].as_str(), korean["language"].as_str()), (Some("en"), Some("ko")));
    assert!(korean["text"].as_str().is_some_and(|t| t.contains("참가 약관")), "{korean}");
    let (status, refused) = site.json(Method::GET, &at_challenge("/agreement?language=tlh"), &site.fan, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused["error"]["fields"]["language"].is_object(), "{refused}");
    let read = json!({"agreement_sha256": korean["sha256"]});
    let accepted = ok(site.json(Method::POST, &at_challenge("/agreement"), &site.fan, Some(read)).await, "accept");
    assert_eq!(accepted["agreement_sha256"], korean["sha256"], "the Korean text is recorded as the one read");
    let question = ok(
        site.json(Method::POST, &at_challenge("/questions"), &site.fan, Some(json!({"body": "Home heaps only?"})))
            .await,
        "ask",
    );
    let answer = api(&format!("/questions/{}/answer", question["id"].as_str().expect("question id")));
    ok(site.json(Method::POST, &answer, &site.owner, Some(json!({"answer": "Yes."}))).await, "answer");
    let solution = json!({"title": "Mycelium shell", "body": "Grow the shell from mycelium."});
    let solution = ok(site.json(Method::POST, &at_challenge("/solutions"), &site.fan, Some(solution)).await, "solve");
    let at_solution = api(&format!("/solutions/{}", solution["id"].as_str().expect("solution id")));
    let revised = json!({"title": "Mycelium shell", "body": "Grow the shell from mycelium, then dry it."});
    ok(site.json(Method::PUT, &at_solution, &site.fan, Some(revised)).await, "revise");
    ok(site.json(Method::GET, &at_solution, &site.fan, None).await, "solution");
    let reason = json!({"reason": "A dispute about who wrote it."});
    ok(site.json(Method::POST, &format!("{at_solution}/open"), &site.admin, Some(reason)).await, "open sealed");
    ok(site.json(Method::GET, &api("/me/solutions"), &site.fan, None).await, "mine");
    site.clock.advance(Duration::days(61));
    site.app.settle_campaigns().await.expect("the transfer campaign succeeds and asks for the money");
    let receipt = json!({"amount": {"amount_minor": 5_000, "currency": "EUR"}, "reference": "SEPA-42"});
    let pledge_id = transfer_pledge["id"].as_str().expect("pledge id");
    ok(
        site.json(Method::POST, &api(&format!("/pledges/{pledge_id}/receipt")), &site.admin, Some(receipt)).await,
        "receipt",
    );
    let (_, settled) = site.json(Method::GET, &at_transfer(""), "", None).await;
    assert_eq!(settled["collected"]["amount_minor"], 5_000, "collected once recorded: {settled}");
    ok(site.json(Method::GET, &at_challenge("/solutions"), &site.owner, None).await, "solutions");
    let scores = json!({"scores": [{"criterion": "Feasibility", "score": 8}, {"criterion": "Cost", "score": 6}]});
    ok(site.json(Method::POST, &format!("{at_solution}/scores"), &site.owner, Some(scores)).await, "score");
    ok(site.json(Method::GET, &at_challenge("/board"), &site.owner, None).await, "board");
    let (status, scores) = site.call(Method::GET, &at_challenge("/scores.csv"), &site.owner, None).await;
    assert_eq!(status, StatusCode::OK, "{scores}");
    let header = "rank,solution_id,title,author,weighted_score,judges,award_place,award_amount,currency\r\n";
    assert!(scores.starts_with(header) && scores.contains(",Mycelium shell,"), "the board as CSV: {scores}");
    let award = json!({"solution_id": solution["id"], "place": 1});
    ok(site.json(Method::POST, &at_challenge("/awards"), &site.owner, Some(award)).await, "award");
    ok(site.json(Method::POST, &at_challenge("/close"), &site.owner, None).await, "close");
    let balance = ok(site.json(Method::GET, &api("/me/balance"), &site.fan, None).await, "balance");
    let me = ok(site.json(Method::GET, &api("/me"), &site.fan, None).await, "fan");
    let payout = json!({"user_id": me["id"], "amount": balance["payable"][0], "reference": "PAY-1"});
    ok(site.json(Method::POST, &api("/payouts"), &site.admin, Some(payout)).await, "payout");
    ok(site.json(Method::GET, &api("/admin/escrow"), &site.admin, None).await, "escrow overview");
    let (status, ledger) = site.call(Method::GET, &api("/admin/ledger.csv"), &site.admin, None).await;
    assert_eq!(status, StatusCode::OK, "{ledger}");
    let lines: Vec<&str> = ledger.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "entry,transaction,kind,account,owner,amount,currency,reference,memo,posted_at");
    assert!(
        lines.iter().any(|l| l.contains(",fund_escrow,escrow,") && l.contains(",11000.00,USD,BANK-7,")),
        "{ledger}"
    );
    assert!(lines.iter().any(|l| l.contains(",payout,") && l.contains(",PAY-1,")), "{ledger}");
    let sum: i64 = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(5).expect("amount").replace('.', "").parse::<i64>().expect("minor"))
        .sum();
    assert_eq!(sum, 0, "every transaction balances, so the entries sum to nothing");

    // Administration: a member found, suspended (their token stops working at once), reinstated,
    // made a moderator; the audit log lists it with the reason.
    let found = ok(site.json(Method::GET, &api("/admin/users?q=FAN%40"), &site.admin, None).await, "find");
    let fan = found["users"][0]["id"].as_str().expect("the fan").to_owned();
    assert_eq!(found["users"].as_array().map(Vec::len), Some(1), "{found}");
    ok(site.json(Method::GET, &api(&format!("/admin/users/{fan}")), &site.admin, None).await, "member");
    let reason = json!({"reason": "Spam in every comment"});
    let path = api(&format!("/admin/users/{fan}/suspension"));
    let suspended = ok(site.json(Method::POST, &path, &site.admin, Some(reason)).await, "suspend");
    assert_eq!(
        (suspended["suspended"].as_bool(), suspended["suspension"]["by"].as_str()),
        (Some(true), Some("Ada Admin"))
    );
    assert_eq!(site.json(Method::GET, &api("/me"), &site.fan, None).await.0, StatusCode::UNAUTHORIZED, "token ended");
    ok(site.json(Method::DELETE, &path, &site.admin, None).await, "reinstate");
    let role = json!({"role": "moderator"});
    let changed =
        ok(site.json(Method::PUT, &api(&format!("/admin/users/{fan}/role")), &site.admin, Some(role)).await, "role");
    assert_eq!(changed["role"], "moderator");
    let audit = ok(site.json(Method::GET, &api("/admin/audit"), &site.admin, None).await, "audit");
    let actions: Vec<&str> =
        audit["entries"].as_array().expect("entries").iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions[..3], ["role_changed", "user_reinstated", "user_suspended"], "{audit}");
    assert_eq!(audit["entries"][2]["reason"], "Spam in every comment");

    // Categories: created, renamed, retired (offered no more) and offered again.
    let new = json!({"slug": "garden-tools", "name": "Garden tools"});
    let created = ok(site.json(Method::POST, &api("/admin/categories"), &site.admin, Some(new)).await, "category");
    assert_eq!(created["retired_at"], Value::Null);
    let name = json!({"name": "Tools for gardens"});
    let at_category = |rest: &str| api(&format!("/admin/categories/garden-tools{rest}"));
    ok(site.json(Method::PATCH, &at_category(""), &site.admin, Some(name)).await, "rename");
    ok(site.json(Method::POST, &at_category("/retirement"), &site.admin, None).await, "retire");
    let all = ok(site.json(Method::GET, &api("/admin/categories"), &site.admin, None).await, "all categories");
    assert!(all["categories"].as_array().expect("list").iter().any(|c| c["name"] == "Tools for gardens"), "{all}");
    ok(site.json(Method::DELETE, &at_category("/retirement"), &site.admin, None).await, "restore");
    let offered = ok(site.json(Method::GET, &api("/categories"), "", None).await, "offered");
    assert!(offered["categories"].as_array().expect("list").iter().any(|c| c["slug"] == "garden-tools"), "{offered}");

    let answered = site.answered.lock().expect("lock").clone();
    let missed: Vec<String> = document()["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            item.as_object().expect("a path item").keys().map(move |verb| (verb.clone(), path.clone()))
        })
        .filter(|operation| !answered.contains(operation))
        .map(|(verb, path)| format!("{verb} {path}"))
        .collect();
    assert!(missed.is_empty(), "operations the tour did not prove: {missed:?}");
}
