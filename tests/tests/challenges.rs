//! Bounty challenges over the JSON API on SQLite and PostgreSQL: the whole story from an anonymous
//! seeker's draft to the refund of unused escrow, who may call what, bad input, and concurrent
//! awards. Every test ends with the ledger's invariants checked (`TestApp::stop`).
//! One file on purpose (over 600 lines): the story, the authorisation table and the bad-input
//! tests share one cast of people and one challenge set-up.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use ideaforge_app::Clock;
use ideaforge_domain::Role;
use ideaforge_tests::{Api, Engine, TestApp, on_both_engines};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use time::Duration;
use time::format_description::well_known::Rfc3339;

on_both_engines!(
    seekers_cannot_walk_away_with_the_escrow_after_reading_solutions,
    an_anonymous_challenge_from_draft_to_award_and_refund,
    every_route_answers_each_role_as_expected,
    bad_challenge_input_and_money_are_refused_with_nothing_stored,
    concurrent_awards_and_double_clicks_post_once,
);

const SEEKER_NAME: &str = "Capsule Secret Labs";
const DETAILS: &str = "Our current polymer is PLA-7 from Zeta Chemicals";
const SOLUTION_A: &str = "Use a mycelium shell pressed at 80 degrees";
const SOLUTION_B: &str = "Coat paper pulp with chitosan wax";

fn deadline(app: &TestApp, days: i64) -> String {
    (app.clock.now() + Duration::days(days)).format(&Rfc3339).expect("format")
}

fn challenge_body(app: &TestApp) -> Value {
    json!({
        "org": "capsule",
        "title": "A home-compostable coffee capsule",
        "public_statement": "We need a coffee capsule that composts in a garden heap within 90 days.",
        "confidential_details": DETAILS,
        "type": "reduction_to_practice",
        "difficulty": "high",
        "category": "materials",
        "award": {"amount_minor": 1_500_000, "currency": "USD"},
        "award_split_bp": [10_000],
        "submission_deadline": deadline(app, 30),
        "ip_terms": "assign",
        "anonymous": true,
        "criteria": [{"name": "Feasibility", "weight": 60}, {"name": "Cost", "weight": 40}],
    })
}

/// Everyone in the story, with their API tokens.
struct Cast {
    owner: String,
    manager: String,
    judge: String,
    other_manager: String,
    moderator: String,
    admin: String,
    member: String,
    solver: String,
    other_solver: String,
    solver_id: String,
}

async fn cast(app: &TestApp, api: &Api<'_>) -> Cast {
    let (_, owner) = app.member("owner@capsule.example", "Olive Owner", Role::Member).await;
    let (_, manager) = app.member("manager@capsule.example", "Manny Manager", Role::Member).await;
    let (_, judge) = app.member("judge@capsule.example", "Judy Judge", Role::Member).await;
    let (_, other_manager) = app.member("boss@rival.example", "Rita Rival", Role::Member).await;
    let (_, moderator) = app.member("mod@ideaforge.example", "Mo Moderator", Role::Moderator).await;
    let (_, admin) = app.member("admin@ideaforge.example", "Ada Admin", Role::Admin).await;
    let (_, member) = app.member("member@example.com", "Mel Member", Role::Member).await;
    let (solver_user, solver) = app.member("solver@example.com", "Sol Solver", Role::Member).await;
    let (_, other_solver) = app.member("other@example.com", "Otto Other", Role::Member).await;
    let org = json!({"name": SEEKER_NAME, "slug": "capsule"});
    assert_eq!(api.post("/orgs", &owner, org).await.0, StatusCode::CREATED);
    for (email, role) in [("manager@capsule.example", "manager"), ("judge@capsule.example", "judge")] {
        let member = json!({"email": email, "role": role});
        assert_eq!(api.post("/orgs/capsule/members", &owner, member).await.0, StatusCode::NO_CONTENT);
    }
    let rival = json!({"name": "Rival Corp", "slug": "rival"});
    assert_eq!(api.post("/orgs", &other_manager, rival).await.0, StatusCode::CREATED);
    Cast {
        owner,
        manager,
        judge,
        other_manager,
        moderator,
        admin,
        member,
        solver,
        other_solver,
        solver_id: solver_user.id.to_string(),
    }
}

/// Drafts, submits, approves and funds a challenge; returns its id.
async fn open_challenge(app: &TestApp, api: &Api<'_>, c: &Cast, escrow_minor: i64) -> String {
    let (status, created) = api.post("/challenges", &c.manager, challenge_body(app)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["status"], "draft");
    let id = created["id"].as_str().expect("id").to_owned();
    assert_eq!(api.post(&format!("/challenges/{id}/submit"), &c.manager, json!({})).await.0, StatusCode::OK);
    let (status, approved) = api.post(&format!("/challenges/{id}/approve"), &c.moderator, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{approved}");
    assert_eq!(approved["status"], "in_review", "approved but not funded yet");
    let funds =
        json!({"amount": {"amount_minor": escrow_minor, "currency": "USD"}, "reference": "WIRE 2026-11-24/001"});
    let (status, funded) = api.post(&format!("/challenges/{id}/escrow"), &c.admin, funds).await;
    assert_eq!(status, StatusCode::CREATED, "{funded}");
    assert_eq!(funded["status"], "open");
    id
}

async fn an_anonymous_challenge_from_draft_to_award_and_refund(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let api = Api::new(&app);
    let c = cast(&app, &api).await;

    let (status, created) = api.post("/challenges", &c.manager, challenge_body(&app)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().expect("id").to_owned();
    assert_eq!(created["required_escrow"], json!({"amount_minor": 1_650_000, "currency": "USD"}), "pool + 10 %");
    assert_eq!(created["seeker"]["name"], SEEKER_NAME, "the seeker sees itself");
    assert_eq!(api.get(&format!("/challenges/{id}"), "").await.0, StatusCode::NOT_FOUND, "drafts are private");
    // A draft can be edited by the seeker's managers, and only while it is a draft.
    let mut edited = challenge_body(&app);
    edited["title"] = json!("A home-compostable coffee capsule (revised)");
    let (status, _) = api.put_json(&format!("/challenges/{id}"), &c.other_manager, edited.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another organization does not even see the draft");
    let (status, _) = api.put_json(&format!("/challenges/{id}"), &c.judge, edited.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "judges see it but do not edit it");
    let (status, draft) = api.put_json(&format!("/challenges/{id}"), &c.manager, edited.clone()).await;
    assert_eq!(
        (status, draft["title"].as_str()),
        (StatusCode::OK, Some("A home-compostable coffee capsule (revised)"))
    );
    let html = app.visitor();
    assert!(html.sign_in("manager@capsule.example", ideaforge_tests::PASSWORD).await.status().is_redirection());
    let form = html.get(&format!("/challenges/{id}/edit")).await.text().await.expect("edit form");
    assert!(form.contains("(revised)") && form.contains("Feasibility: 60"), "the form shows the draft");
    assert_eq!(api.post(&format!("/challenges/{id}/submit"), &c.manager, json!({})).await.0, StatusCode::OK);
    let (status, late) = api.put_json(&format!("/challenges/{id}"), &c.manager, edited).await;
    assert_eq!((status, late["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("wrong_status")), "{late}");
    let (status, approved) = api.post(&format!("/challenges/{id}/approve"), &c.moderator, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(approved["seeker"], Value::Null, "moderators do not learn an anonymous seeker");
    assert!(approved.get("confidential_details").is_none(), "nor the details");

    // Escrow: a short payment leaves it closed; the rest (with 500.00 too much) opens it; the same
    // bank reference sent twice records once.
    let wire = |minor: i64, reference: &str| json!({"amount": {"amount_minor": minor, "currency": "USD"}, "reference": reference});
    let (status, part) = api.post(&format!("/challenges/{id}/escrow"), &c.admin, wire(1_000_000, "WIRE-1")).await;
    assert_eq!((status, part["status"].as_str()), (StatusCode::CREATED, Some("in_review")), "{part}");
    let (status, again) = api.post(&format!("/challenges/{id}/escrow"), &c.admin, wire(1_000_000, "WIRE-1")).await;
    assert_eq!((status, again["recorded"].as_bool()), (StatusCode::OK, Some(false)), "{again}");
    let (status, rest) = api.post(&format!("/challenges/{id}/escrow"), &c.admin, wire(700_000, "WIRE-2")).await;
    assert_eq!((status, rest["status"].as_str()), (StatusCode::CREATED, Some("open")), "{rest}");
    assert_eq!(rest["escrow"], json!({"amount_minor": 1_700_000, "currency": "USD"}));

    // The public sees the statement, never the seeker or the details.
    let (status, public) = api.send_raw(Method::GET, &format!("/challenges/{id}"), "", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!public.contains(SEEKER_NAME) && !public.contains(DETAILS), "{public}");
    let (_, list) = api.send_raw(Method::GET, "/challenges?status=open", "", None).await;
    assert!(list.contains(&id) && !list.contains(SEEKER_NAME), "{list}");

    // Solvers accept the agreement (time + hash), then read the details and submit.
    let (status, refused) =
        api.post(&format!("/challenges/{id}/solutions"), &c.solver, solution("A", SOLUTION_A)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the agreement comes first: {refused}");
    let (_, agreement) = api.get(&format!("/challenges/{id}/agreement"), &c.solver).await;
    let hash = agreement["sha256"].as_str().expect("hash").to_owned();
    assert_eq!(hash.len(), 64);
    let (status, wrong) =
        api.post(&format!("/challenges/{id}/agreement"), &c.solver, json!({"agreement_sha256": "00"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{wrong}");
    for token in [&c.solver, &c.other_solver] {
        let (status, accepted) =
            api.post(&format!("/challenges/{id}/agreement"), token, json!({"agreement_sha256": hash})).await;
        assert_eq!((status, accepted["agreement_sha256"].as_str()), (StatusCode::OK, Some(hash.as_str())));
    }
    let (_, seen) = api.get(&format!("/challenges/{id}"), &c.solver).await;
    assert_eq!(seen["confidential_details"], DETAILS);
    assert_eq!(seen["seeker"], Value::Null, "solvers do not learn an anonymous seeker either");
    let (status, a) = api.post(&format!("/challenges/{id}/solutions"), &c.solver, solution("A", "first draft")).await;
    assert_eq!(status, StatusCode::CREATED, "{a}");
    let a_id = a["id"].as_str().expect("id").to_owned();
    let (status, dup) = api.post(&format!("/challenges/{id}/solutions"), &c.solver, solution("A2", "again")).await;
    assert_eq!((status, dup["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("already_submitted")));
    let (status, revised) =
        api.send(Method::PUT, &format!("/solutions/{a_id}"), &c.solver, Some(solution("A", SOLUTION_A))).await;
    assert_eq!((status, revised["revision"].as_i64()), (StatusCode::OK, Some(2)), "{revised}");
    let (status, b) =
        api.post(&format!("/challenges/{id}/solutions"), &c.other_solver, solution("B", SOLUTION_B)).await;
    assert_eq!(status, StatusCode::CREATED);
    let b_id = b["id"].as_str().expect("id").to_owned();

    // Solutions are private: the other solver cannot read A.
    assert_eq!(api.get(&format!("/solutions/{a_id}"), &c.other_solver).await.0, StatusCode::NOT_FOUND);
    // Public questions: anyone signed in asks, the seeker answers for everyone.
    let (status, q) =
        api.post(&format!("/challenges/{id}/questions"), &c.member, json!({"body": "Is aluminium allowed?"})).await;
    assert_eq!(status, StatusCode::CREATED);
    let q_id = q["id"].as_str().expect("id");
    let (status, _) = api.post(&format!("/questions/{q_id}/answer"), &c.manager, json!({"answer": "No metals."})).await;
    assert_eq!(status, StatusCode::OK);
    let (_, public) = api.get(&format!("/challenges/{id}"), "").await;
    assert_eq!(public["questions"][0]["answer"], "No metals.");
    // The asker hears of the answer, and so does everyone who entered.
    for (token, line) in [
        (&c.member, "The seeker answered your question."),
        (&c.solver, "The seeker answered a question on a challenge you entered."),
        (&c.other_solver, "The seeker answered a question on a challenge you entered."),
    ] {
        let (_, heard) = api.get("/me/notifications", token).await;
        let answered = heard["notifications"]
            .as_array()
            .expect("list")
            .iter()
            .any(|n| n["kind"] == "question_answered" && n["line"] == line);
        assert!(answered, "{heard}");
    }

    // Scoring and awards wait for the deadline (the solutions are sealed until then); then
    // solutions are locked.
    let scores = |feasibility: i64, cost: i64| json!({"scores": [{"criterion": "Feasibility", "score": feasibility}, {"criterion": "Cost", "score": cost}]});
    let (status, early) = api.post(&format!("/solutions/{a_id}/scores"), &c.judge, scores(9, 8)).await;
    assert_eq!((status, early["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("sealed")));
    app.clock.advance(Duration::days(31));
    let (_, judging) = api.get(&format!("/challenges/{id}"), "").await;
    assert_eq!(judging["status"], "judging");
    let (status, late) =
        api.send(Method::PUT, &format!("/solutions/{a_id}"), &c.solver, Some(solution("A", "too late"))).await;
    assert_eq!((status, late["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("deadline_passed")));
    let (status, late) = api.post(&format!("/challenges/{id}/solutions"), &c.member, solution("C", "late")).await;
    assert!(status == StatusCode::FORBIDDEN || status == StatusCode::CONFLICT, "{status} {late}");
    assert_eq!(api.post(&format!("/solutions/{a_id}/scores"), &c.judge, scores(9, 8)).await.0, StatusCode::NO_CONTENT);
    assert_eq!(api.post(&format!("/solutions/{b_id}/scores"), &c.judge, scores(5, 6)).await.0, StatusCode::NO_CONTENT);
    assert_eq!(
        api.post(&format!("/solutions/{b_id}/scores"), &c.manager, scores(6, 6)).await.0,
        StatusCode::NO_CONTENT
    );
    let (status, board) = api.get(&format!("/challenges/{id}/board"), &c.judge).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(board["solutions"][0]["id"], a_id.as_str(), "A ranks first: {board}");
    assert_eq!(board["solutions"][0]["weighted_total"], 8.6);
    assert_eq!(board["solutions"][1]["judges"], 2);

    // The award: the full share to the solver, the fee to the platform, in one transaction.
    let award = json!({"solution_id": a_id, "place": 1});
    assert_eq!(api.post(&format!("/challenges/{id}/awards"), &c.judge, award.clone()).await.0, StatusCode::FORBIDDEN);
    let (status, awarded) = api.post(&format!("/challenges/{id}/awards"), &c.manager, award.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{awarded}");
    assert_eq!(awarded["amount"], json!({"amount_minor": 1_500_000, "currency": "USD"}));
    assert_eq!(awarded["fee"], json!({"amount_minor": 150_000, "currency": "USD"}));
    let (status, again) = api.post(&format!("/challenges/{id}/awards"), &c.manager, award).await;
    assert_eq!((status, again["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("already_awarded")));
    let more = json!({"solution_id": b_id, "place": 1});
    let (status, taken) = api.post(&format!("/challenges/{id}/awards"), &c.manager, more).await;
    assert_eq!((status, taken["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("place_taken")));
    let nowhere = json!({"solution_id": b_id, "place": 2});
    let (status, missing) = api.post(&format!("/challenges/{id}/awards"), &c.manager, nowhere).await;
    assert_eq!(
        (status, missing["error"]["fields"]["place"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("out_of_range"))
    );

    // The register: each revision authored, the assignment to the seeker on award. Only the
    // author, the seeker and admins read a solution's records; the winner sees the seeker as
    // anonymous (records name it through the challenge, so not even the hash gives it away).
    let subject = format!("/ip/records?subject=solution:{a_id}");
    for token in ["", c.member.as_str(), c.other_solver.as_str(), c.moderator.as_str()] {
        assert_eq!(api.get(&subject, token).await.0, StatusCode::NOT_FOUND, "{token}");
    }
    let (_, winner) = api.send_raw(Method::GET, &subject, &c.solver, None).await;
    let records: Value = serde_json::from_str(&winner).expect("json");
    let kinds: Vec<&str> =
        records["records"].as_array().expect("records").iter().filter_map(|r| r["kind"].as_str()).collect();
    assert_eq!(kinds, vec!["authored", "authored", "assigned"]);
    assert_eq!(records["records"][2]["parties"][0], json!({"ref": format!("seeker:{id}"), "name": null}));
    assert!(!winner.contains(SEEKER_NAME) && !winner.contains("org:"), "{winner}");
    assert!(!winner.contains(SOLUTION_A), "hashes only");
    let seq = records["records"][2]["seq"].as_i64().expect("seq");
    assert_eq!(api.get(&format!("/ip/records/{seq}"), &c.other_solver).await.0, StatusCode::NOT_FOUND);
    let (_, inside) = api.send_raw(Method::GET, &subject, &c.manager, None).await;
    assert!(inside.contains(SEEKER_NAME), "{inside}");
    let (_, outside) = api.get(&format!("/ip/records?subject=challenge:{id}"), &c.other_solver).await;
    assert_eq!(outside["records"].as_array().map(Vec::len), Some(1), "each solver sees only their own agreement");
    let (_, agreements) = api.get(&format!("/ip/records?subject=challenge:{id}"), &c.manager).await;
    assert_eq!(agreements["records"].as_array().map(Vec::len), Some(2));
    assert_eq!(agreements["records"][0]["kind"], "agreement_accepted");
    assert_eq!(agreements["records"][0]["content_sha256"], hash.as_str());

    // Closing refunds the unused escrow: 1,700,000 − 1,500,000 − 150,000 = 50,000.
    let (status, closed) = api.post(&format!("/challenges/{id}/close"), &c.owner, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    assert_eq!(closed["refund"], json!({"amount_minor": 50_000, "currency": "USD"}));
    let (_, balance) = api.get("/me/balance", &c.solver).await;
    assert_eq!(balance["payable"], json!([{"amount_minor": 1_500_000, "currency": "USD"}]));
    let (_, other) = api.get("/me/balance", &c.other_solver).await;
    assert_eq!(other["payable"], json!([]));
    let store = app.app.store();
    let usd = ideaforge_domain::money::Currency::parse("USD").expect("usd");
    let revenue = store.balance(&ideaforge_domain::ledger::Account::platform_revenue(usd)).await.expect("balance");
    assert_eq!(revenue, 150_000);
    let challenge_id = ideaforge_domain::ChallengeId::new(id.parse().expect("id"));
    assert_eq!(store.escrow_balance(challenge_id, usd).await.expect("escrow").minor(), 0);

    // The admin pays the solver out; not a cent more than they hold; one reference pays once.
    let payout = |minor: i64, reference: &str| json!({"user_id": c.solver_id, "amount": {"amount_minor": minor, "currency": "USD"}, "reference": reference});
    let (status, too_much) = api.post("/payouts", &c.admin, payout(1_500_001, "PAY-1")).await;
    assert_eq!((status, too_much["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("insufficient_funds")));
    assert_eq!(api.post("/payouts", &c.manager, payout(100, "PAY-1")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(api.post("/payouts", &c.admin, payout(1_500_000, "PAY-1")).await.0, StatusCode::CREATED);
    assert_eq!(api.post("/payouts", &c.admin, payout(1_500_000, "PAY-1")).await.0, StatusCode::OK);
    let (_, paid) = api.get("/me/balance", &c.solver).await;
    assert_eq!(paid["payable"], json!([{"amount_minor": 0, "currency": "USD"}]));
    let (_, mine) = api.get("/me/solutions", &c.solver).await;
    assert_eq!(mine["solutions"][0]["challenge"]["status"], "closed");
    app.stop().await;
}

fn solution(title: &str, body: &str) -> Value {
    json!({"title": title, "body": body})
}

async fn every_route_answers_each_role_as_expected(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let api = Api::new(&app);
    let c = cast(&app, &api).await;
    let id = open_challenge(&app, &api, &c, 1_650_000).await;
    let hash = api.get(&format!("/challenges/{id}/agreement"), &c.solver).await.1["sha256"].clone();
    for token in [&c.solver, &c.other_solver] {
        let body = json!({"agreement_sha256": hash});
        assert_eq!(api.post(&format!("/challenges/{id}/agreement"), token, body).await.0, StatusCode::OK);
    }
    let (_, a) = api.post(&format!("/challenges/{id}/solutions"), &c.solver, solution("A", SOLUTION_A)).await;
    let a_id = a["id"].as_str().expect("solution").to_owned();
    let (_, q) = api.post(&format!("/challenges/{id}/questions"), &c.member, json!({"body": "Size limits?"})).await;
    let q_id = q["id"].as_str().expect("question").to_owned();

    use StatusCode as S;
    let roles: [(&str, &str); 9] = [
        ("anonymous", ""),
        ("member", &c.member),
        ("solver", &c.solver),
        ("other solver", &c.other_solver),
        ("judge", &c.judge),
        ("manager", &c.manager),
        ("other org manager", &c.other_manager),
        ("moderator", &c.moderator),
        ("admin", &c.admin),
    ];
    // Reads while the challenge is open, one expected status per role in the order above. Before
    // the deadline solutions are sealed: the seeker's people and admins get 409 `sealed`.
    let u = S::UNAUTHORIZED;
    let sealed = S::CONFLICT;
    let reads: Vec<(String, [S; 9])> = vec![
        (format!("/challenges/{id}"), [S::OK; 9]),
        ("/challenges".to_owned(), [S::OK; 9]),
        (format!("/challenges/{id}/agreement"), [u, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK]),
        (
            format!("/solutions/{a_id}"),
            [S::NOT_FOUND, S::NOT_FOUND, S::OK, S::NOT_FOUND, sealed, sealed, S::NOT_FOUND, S::NOT_FOUND, sealed],
        ),
        (
            format!("/challenges/{id}/solutions"),
            [u, S::FORBIDDEN, S::FORBIDDEN, S::FORBIDDEN, sealed, sealed, S::FORBIDDEN, S::FORBIDDEN, sealed],
        ),
        (
            format!("/challenges/{id}/board"),
            [u, S::FORBIDDEN, S::FORBIDDEN, S::FORBIDDEN, sealed, sealed, S::FORBIDDEN, S::FORBIDDEN, sealed],
        ),
        ("/me/balance".to_owned(), [u, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK]),
        ("/me/solutions".to_owned(), [u, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK]),
        (
            "/admin/escrow".to_owned(),
            [
                u,
                S::FORBIDDEN,
                S::FORBIDDEN,
                S::FORBIDDEN,
                S::FORBIDDEN,
                S::FORBIDDEN,
                S::FORBIDDEN,
                S::FORBIDDEN,
                S::OK,
            ],
        ),
    ];
    for (path, expected) in &reads {
        for ((role, token), want) in roles.iter().zip(expected) {
            let (status, body) = api.send_raw(Method::GET, path, token, None).await;
            assert_eq!(status, *want, "GET {path} as {role}: {body}");
            let insider = matches!(*role, "judge" | "manager" | "admin");
            if !insider {
                assert!(!body.contains(SEEKER_NAME), "GET {path} as {role} names the anonymous seeker: {body}");
            }
            if !insider && *role != "solver" {
                assert!(!body.contains(SOLUTION_A), "GET {path} as {role} shows solution A: {body}");
            }
            let may_read_details = insider || matches!(*role, "solver" | "other solver");
            if !may_read_details {
                assert!(!body.contains(DETAILS), "GET {path} as {role} shows the details: {body}");
            }
        }
    }

    // The same rules on the HTML pages (bearer tokens work there too; a page that needs a
    // session sends visitors to sign in).
    let r = S::SEE_OTHER;
    let n = S::NOT_FOUND;
    let pages: Vec<(String, [S; 9])> = vec![
        (format!("/challenges/{id}"), [S::OK; 9]),
        ("/challenges".to_owned(), [S::OK; 9]),
        (format!("/challenges/{id}/agreement"), [r, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK]),
        (format!("/solutions/{a_id}"), [n, n, S::OK, n, sealed, sealed, n, n, sealed]),
        (format!("/solutions/{a_id}/edit"), [r, n, S::OK, n, n, n, n, n, n]),
        (format!("/challenges/{id}/board"), [r, f_(), f_(), f_(), sealed, sealed, f_(), f_(), sealed]),
        (format!("/challenges/{id}/solutions/new"), [r, f_(), S::OK, S::OK, f_(), f_(), f_(), f_(), f_()]),
        // Capsule runs only anonymous challenges: outside its people and admins, it is not found.
        ("/orgs/capsule/challenges/new".to_owned(), [r, n, n, n, f_(), S::OK, n, n, f_()]),
        ("/seeker".to_owned(), [r, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK]),
        ("/me/solutions".to_owned(), [r, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK, S::OK]),
        ("/admin/money".to_owned(), [r, f_(), f_(), f_(), f_(), f_(), f_(), f_(), S::OK]),
    ];
    for (path, expected) in &pages {
        for ((role, token), want) in roles.iter().zip(expected) {
            let (status, body) = api.page(path, token).await;
            assert_eq!(status, *want, "GET {path} as {role}");
            let insider = matches!(*role, "judge" | "manager" | "admin");
            if !insider {
                assert!(!body.contains(SEEKER_NAME), "GET {path} as {role} names the anonymous seeker");
            }
            if !insider && *role != "solver" {
                assert!(!body.contains(SOLUTION_A), "GET {path} as {role} shows solution A");
            }
            if !insider && !matches!(*role, "solver" | "other solver") {
                assert!(!body.contains(DETAILS), "GET {path} as {role} shows the details");
            }
        }
    }

    // Writes that must be refused for everyone but the roles allowed (the allowed calls are made
    // in the story test); refused calls change nothing.
    let f = S::FORBIDDEN;
    let money = json!({"amount": {"amount_minor": 100, "currency": "USD"}, "reference": "REF-AUTH-1"});
    let payout = json!({"user_id": "1", "amount": {"amount_minor": 100, "currency": "USD"}, "reference": "REF-AUTH-2"});
    let writes: Vec<(String, Value, [S; 9])> = vec![
        (format!("/challenges/{id}/submit"), json!({}), [u, f, f, f, f, S::CONFLICT, f, f, f]),
        (format!("/challenges/{id}/approve"), json!({}), [u, f, f, f, f, f, f, S::CONFLICT, S::CONFLICT]),
        (format!("/challenges/{id}/escrow"), money, [u, f, f, f, f, f, f, f, S::CREATED]),
        (
            format!("/challenges/{id}/awards"),
            json!({"solution_id": a_id, "place": 1}),
            [u, f, f, f, f, S::CONFLICT, f, f, f],
        ),
        (
            format!("/solutions/{a_id}/scores"),
            json!({"scores": []}),
            [
                u,
                S::NOT_FOUND,
                f,
                S::NOT_FOUND,
                S::UNPROCESSABLE_ENTITY,
                S::UNPROCESSABLE_ENTITY,
                S::NOT_FOUND,
                S::NOT_FOUND,
                f,
            ],
        ),
        (format!("/questions/{q_id}/answer"), json!({"answer": "Small."}), [u, f, f, f, f, S::OK, f, f, f]),
        (format!("/challenges/{id}/close"), json!({}), [u, f, f, f, f, S::CONFLICT, f, f, S::CONFLICT]),
        ("/payouts".to_owned(), payout, [u, f, f, f, f, f, f, f, S::CONFLICT]),
        // A solution has arrived: the seeker can no longer cancel; an administrator can, saying why.
        (
            format!("/challenges/{id}/cancel"),
            json!({"reason": "The seeker's funds were withdrawn."}),
            [u, f, f, f, f, S::CONFLICT, f, f, S::OK],
        ),
    ];
    for (path, body, expected) in &writes {
        for ((role, token), want) in roles.iter().zip(expected) {
            let (status, text) = api.send_raw(Method::POST, path, token, Some(body.clone())).await;
            assert_eq!(status, *want, "POST {path} as {role}: {text}");
            if !matches!(*role, "judge" | "manager" | "admin") {
                assert!(!text.contains(SEEKER_NAME) && !text.contains(SOLUTION_A), "POST {path} as {role}: {text}");
            }
        }
    }
    let (_, after) = api.get(&format!("/challenges/{id}"), &c.admin).await;
    assert_eq!(after["status"], "cancelled");
    assert_eq!(after["escrow"]["amount_minor"], 0, "cancelling refunded everything");
    app.stop().await;
}

fn f_() -> StatusCode {
    StatusCode::FORBIDDEN
}

async fn bad_challenge_input_and_money_are_refused_with_nothing_stored(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let api = Api::new(&app);
    let c = cast(&app, &api).await;
    let bad: Vec<(&str, Value, &str)> = vec![
        ("award", json!({"amount_minor": -100, "currency": "USD"}), "award"),
        ("award", json!({"amount_minor": 0, "currency": "USD"}), "award"),
        ("award", json!({"amount_minor": 1e30, "currency": "USD"}), "award"),
        ("award", json!({"amount_minor": 99_999_999_999_999_999_999_u128.to_string(), "currency": "USD"}), "award"),
        ("award", json!({"amount_minor": 10.5, "currency": "USD"}), "award"),
        ("award", json!({"amount_minor": 100, "currency": "XYZ"}), "currency"),
        ("award_split_bp", json!([6_000, 3_000]), "award_split_bp"),
        ("award_split_bp", json!([20_000, -10_000]), "award_split_bp"),
        ("submission_deadline", json!(deadline(&app, -1)), "submission_deadline"),
        ("submission_deadline", json!("tomorrow"), "submission_deadline"),
        ("title", json!("x".repeat(121)), "title"),
        ("title", json!("bad\u{0007}bell"), "title"),
        ("type", json!("lottery"), "type"),
        ("ip_terms", json!("whatever"), "ip_terms"),
        ("criteria", json!([]), "criteria"),
        ("criteria", json!([{"name": "Cost", "weight": 101}]), "criteria"),
        ("confidential_details", json!(""), "confidential_details"),
    ];
    for (field, value, error_field) in bad {
        let mut body = challenge_body(&app);
        body[field] = value.clone();
        let (status, error) = api.post("/challenges", &c.manager, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field} = {value}: {error}");
        assert!(error["error"]["fields"][error_field].is_object(), "{field} = {value}: {error}");
    }
    let (status, _) = api.post("/challenges", &c.member, challenge_body(&app)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only the org's managers post challenges");
    let (_, list) = api.get("/admin/escrow", &c.admin).await;
    assert_eq!(list["challenges"], json!([]), "nothing was stored");

    // Scripts are stored as text and come back escaped in pages.
    let mut body = challenge_body(&app);
    body["title"] = json!("<script>alert(1)</script> capsule");
    body["anonymous"] = json!(false);
    let (status, created) = api.post("/challenges", &c.manager, body).await;
    assert_eq!(status, StatusCode::CREATED);
    let id = created["id"].as_str().expect("id").to_owned();
    let page = app.visitor();
    let signed_in = page.sign_in("manager@capsule.example", ideaforge_tests::PASSWORD).await;
    assert!(signed_in.status().is_redirection());
    let html = page.get(&format!("/challenges/{id}")).await.text().await.expect("page");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<script>alert(1)"), "{html}");

    // The HTML form answers bad input with 422 and the field's message, storing nothing.
    let form = [
        ("title", "Capsule"),
        ("public_statement", "Statement"),
        ("confidential_details", "Details"),
        ("type", "ideation"),
        ("difficulty", "low"),
        ("category", "materials"),
        ("award", "-5"),
        ("currency", "USD"),
        ("award_split_bp", "60, 30"),
        ("submission_deadline", "2001-01-01T00:00"),
        ("criteria", "Cost: 10"),
        ("ip_terms", "assign"),
    ];
    let refused = page.post_form("/orgs/capsule/challenges", &form).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.expect("page");
    assert!(
        html.contains("The shares must add up to exactly 100 %.") && html.contains("This must be in the future."),
        "{html}"
    );
    let (_, list) = api.get("/admin/escrow", &c.admin).await;
    assert_eq!(list["challenges"].as_array().map(Vec::len), Some(1), "only the script-titled challenge");

    // Escrow: wrong currency, negative, overflowing and missing references are refused.
    assert_eq!(api.post(&format!("/challenges/{id}/submit"), &c.manager, json!({})).await.0, StatusCode::OK);
    let escrow = |amount: Value, reference: &str| json!({"amount": amount, "reference": reference});
    for (amount, reference, field) in [
        (json!({"amount_minor": 100, "currency": "EUR"}), "REF-1", "currency"),
        (json!({"amount_minor": -100, "currency": "USD"}), "REF-1", "amount"),
        (json!({"amount_minor": 1e25, "currency": "USD"}), "REF-1", "amount"),
        (json!({"amount_minor": 100, "currency": "USD"}), "", "reference"),
        (json!({"amount_minor": 100, "currency": "USD"}), "line\nbreak", "reference"),
    ] {
        let (status, error) = api.post(&format!("/challenges/{id}/escrow"), &c.admin, escrow(amount, reference)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
        assert!(error["error"]["fields"][field].is_object(), "{error}");
    }
    let (_, after) = api.get(&format!("/challenges/{id}"), &c.admin).await;
    assert_eq!(after["escrow"]["amount_minor"], 0, "nothing was posted");
    app.stop().await;
}

async fn concurrent_awards_and_double_clicks_post_once(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let api = Api::new(&app);
    let c = cast(&app, &api).await;
    let id = open_challenge(&app, &api, &c, 1_650_000).await;
    assert_eq!(api.post(&format!("/challenges/{id}/agreement"), &c.solver, json!({})).await.0, StatusCode::OK);
    // A double-clicked submit: both requests at once, one solution.
    let path = format!("/challenges/{id}/solutions");
    let submit = || api.post(&path, &c.solver, solution("A", SOLUTION_A));
    let (first, second) = tokio::join!(submit(), submit());
    let mut statuses = [first.0, second.0];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT], "{first:?} {second:?}");
    let a_id = if first.0 == StatusCode::CREATED { first.1["id"].clone() } else { second.1["id"].clone() };
    app.clock.advance(Duration::days(31));

    // Two managers award the same solution at the same moment: one award, one refusal.
    let award = json!({"solution_id": a_id, "place": 1});
    let path = format!("/challenges/{id}/awards");
    let (x, y) = tokio::join!(api.post(&path, &c.manager, award.clone()), api.post(&path, &c.owner, award.clone()));
    let mut statuses = [x.0, y.0];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT], "{x:?} {y:?}");
    let (_, balance) = api.get("/me/balance", &c.solver).await;
    assert_eq!(balance["payable"], json!([{"amount_minor": 1_500_000, "currency": "USD"}]), "posted once");
    let (_, board) = api.get(&format!("/challenges/{id}/board"), &c.manager).await;
    assert_eq!(board["unawarded_bp"], 0);
    app.check_ledger().await;

    // Ten concurrent escrow recordings of one bank reference post once.
    let cancel_me = {
        let (_, created) = api.post("/challenges", &c.manager, challenge_body(&app)).await;
        created["id"].as_str().expect("id").to_owned()
    };
    let wire = json!({"amount": {"amount_minor": 5_000, "currency": "USD"}, "reference": "WIRE-DRAFT"});
    let (status, draft) = api.post(&format!("/challenges/{cancel_me}/escrow"), &c.admin, wire).await;
    assert_eq!(
        (status, draft["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("wrong_status")),
        "drafts take no money"
    );
    assert_eq!(api.post(&format!("/challenges/{cancel_me}/submit"), &c.manager, json!({})).await.0, StatusCode::OK);
    let wire = json!({"amount": {"amount_minor": 5_000, "currency": "USD"}, "reference": "WIRE-SAME"});
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let (client, token, wire) = (ideaforge_tests::new_client(), c.admin.clone(), wire.clone());
        let url = app.url(&format!("/api/v1/challenges/{cancel_me}/escrow"));
        tasks
            .spawn(async move { client.post(url).bearer_auth(token).json(&wire).send().await.expect("send").status() });
    }
    let results = tasks.join_all().await;
    assert_eq!(results.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{results:?}");
    assert!(results.iter().all(|s| *s == StatusCode::CREATED || *s == StatusCode::OK), "{results:?}");
    let (status, cancelled) = api.post(&format!("/challenges/{cancel_me}/cancel"), &c.manager, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cancelled["refund"]["amount_minor"], 5_000);
    app.stop().await;
}

/// Once solvers' work has been read, the seeker cannot cancel, nor close without an award; an
/// administrator decides (and the refund is then the whole escrow).
async fn seekers_cannot_walk_away_with_the_escrow_after_reading_solutions(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let api = Api::new(&app);
    let c = cast(&app, &api).await;
    let id = open_challenge(&app, &api, &c, 1_650_000).await;
    assert_eq!(api.post(&format!("/challenges/{id}/agreement"), &c.solver, json!({})).await.0, StatusCode::OK);
    let (status, _) = api.post(&format!("/challenges/{id}/solutions"), &c.solver, solution("A", SOLUTION_A)).await;
    assert_eq!(status, StatusCode::CREATED);
    app.clock.advance(Duration::days(31));
    let (status, cancel) = api.post(&format!("/challenges/{id}/cancel"), &c.manager, json!({})).await;
    assert_eq!((status, cancel["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("deadline_passed")));
    let (status, close) = api.post(&format!("/challenges/{id}/close"), &c.owner, json!({})).await;
    assert_eq!((status, close["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("no_awards")));
    let (status, unreasoned) = api.post(&format!("/challenges/{id}/close"), &c.admin, json!({})).await;
    let code = unreasoned["error"]["fields"]["reason"]["code"].as_str();
    assert_eq!((status, code), (StatusCode::UNPROCESSABLE_ENTITY, Some("required")), "an unpaid ending says why");
    let why = json!({"reason": "No solution met the stated requirements."});
    let (status, closed) = api.post(&format!("/challenges/{id}/close"), &c.admin, why).await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    assert_eq!(closed["refund"]["amount_minor"], 1_650_000);
    app.stop().await;
}
