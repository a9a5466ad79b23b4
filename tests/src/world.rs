//! A seeded world for the security suite: one person of each kind the access rules tell apart, and
//! one object in each state that matters (contests before and after their windows, challenges from
//! draft to awarded, sealed and opened solutions, an anonymous and a named seeker, a campaign in
//! draft and live, a royalty statement). Every confidential field carries a unique canary string,
//! listed with the people who may see it, so a crawl can count leaks.
#![expect(clippy::expect_used, reason = "a failed set-up step fails the test")]

use std::collections::BTreeMap;

use ideaforge_domain::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};
use time::Duration;
use time::format_description::well_known::Rfc3339;

use crate::{Api, PASSWORD, TestApp};

/// The kinds of people the matrix tells apart, in the table's column order.
pub const PRINCIPALS: [&str; 13] = [
    "anonymous",
    "unconfirmed",
    "member",
    "solver",
    "other_solver",
    "author",
    "judge",
    "manager",
    "owner",
    "other_manager",
    "moderator",
    "admin",
    "read_token",
];

/// The anonymous seeker's name: only its own people (and admins) may ever read it.
pub const SEEKER_NAME: &str = "Hidden Labs canary-seeker-name-5b1e";
/// The anonymous seeker's slug.
pub const SEEKER_SLUG: &str = "canary-seeker-slug-77c2";

/// A secret planted in the world, and who may see it.
#[derive(Clone, Debug)]
pub struct Canary {
    /// The text to search for.
    pub text: String,
    /// Who may see it: principals by name, and `mail:NAME` for what only mail to NAME may hold.
    pub readers: Vec<String>,
}

/// The seeded world.
#[derive(Debug, Default)]
pub struct World {
    /// Each principal's bearer token (empty for anonymous).
    pub tokens: BTreeMap<&'static str, String>,
    /// Each object's path parameters by name (`challenge.open` → `{id: "12"}`).
    pub objects: BTreeMap<String, BTreeMap<String, String>>,
    /// The secrets planted, with who may read them.
    pub canaries: Vec<Canary>,
}

impl World {
    /// The token of `principal`.
    pub fn token(&self, principal: &str) -> &str {
        self.tokens.get(principal).map_or("", String::as_str)
    }

    fn object(&mut self, name: &str, params: &[(&str, &str)]) {
        let params = params.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        self.objects.insert(name.to_owned(), params);
    }

    fn canary(&mut self, text: &str, readers: &[&str]) -> String {
        let readers = readers.iter().map(|r| (*r).to_owned()).collect();
        self.canaries.push(Canary { text: text.to_owned(), readers });
        text.to_owned()
    }
}

/// The e-mail address of the world's `name` (no address is part of another).
pub fn address(name: &str) -> String {
    format!("x-{name}@canary-mail-4d1a.example")
}

/// The reader name of mail to `name`: what only their own mail may hold.
pub fn mail_reader(name: &str) -> String {
    format!("mail:{name}")
}

fn id(value: &Value) -> String {
    match &value["id"] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

async fn ok(api: &Api<'_>, path: &str, token: &str, body: Value) -> Value {
    let (status, answer) = api.post(path, token, body).await;
    assert!(status.is_success(), "POST {path}: {status} {answer}");
    answer
}

/// The seeker's own people, who may read everything about its challenges.
const INSIDERS: [&str; 4] = ["judge", "manager", "owner", "admin"];

/// Seeds the world on `app`: about a hundred API calls, with the clock moved past the deadlines
/// of the challenges and the contest that must be closed.
pub async fn seed(app: &TestApp) -> World {
    let api = Api::new(app);
    let mut w = World::default();
    for (name, role) in [
        ("member", Role::Member),
        ("solver", Role::Member),
        ("other_solver", Role::Member),
        ("author", Role::Member),
        ("judge", Role::Member),
        ("manager", Role::Member),
        ("owner", Role::Member),
        ("other_manager", Role::Member),
        ("moderator", Role::Moderator),
        ("admin", Role::Admin),
    ] {
        let address = address(name);
        let (user, token) = app.member(&address, &format!("The {name}"), role).await;
        w.tokens.insert(name, token);
        if name == "member" {
            w.object("user", &[("id", &user.id.to_string())]);
        }
        // An address is its owner's (and in mail to them) and the admins' (who find members by
        // it); an admin's read token is the admin's; a backer's is in the backers' list the
        // campaign's team exports.
        let mut readers = vec![name.to_owned(), mail_reader(name), "admin".to_owned()];
        match name {
            "admin" => readers.push("read_token".to_owned()),
            "member" => readers.extend(["manager".to_owned(), "owner".to_owned()]),
            _ => {}
        }
        w.canaries.push(Canary { text: address.clone(), readers });
    }
    let unconfirmed = ideaforge_domain::NewUser::parse(&address("unconfirmed"), "Una", PASSWORD).expect("valid member");
    let user = app.app.create_user(&unconfirmed).await.expect("create member");
    let name = ideaforge_domain::TokenName::parse("tests").expect("name");
    let (_, secret) = app.app.issue_full_token(&user, &name).await.expect("token");
    w.tokens.insert("unconfirmed", secret.expose().to_owned());
    w.canary(&address("unconfirmed"), &["unconfirmed", mail_reader("unconfirmed").as_str(), "admin"]);
    let read = json!({"email": address("admin"), "password": PASSWORD, "name": "read", "scope": "read"});
    let (status, read) = api.post("/tokens", "", read).await;
    assert_eq!(status, StatusCode::CREATED, "{read}");
    w.tokens.insert("read_token", read["token"].as_str().expect("secret").to_owned());
    w.tokens.insert("anonymous", String::new());
    for token in w.tokens.values().filter(|t| !t.is_empty()).cloned().collect::<Vec<_>>() {
        w.canary(&token, &[]);
    }
    let spare = json!({"email": address("member"), "password": PASSWORD, "name": "spare"});
    let (status, spare) = api.post("/tokens", "", spare).await;
    assert_eq!(status, StatusCode::CREATED, "{spare}");
    w.canary(spare["token"].as_str().expect("secret"), &[]);
    w.object("token", &[("id", &id(&spare))]);

    let tokens = w.tokens.clone();
    let t = |p: &str| tokens.get(p).cloned().unwrap_or_default();
    ok(&api, "/orgs", &t("owner"), json!({"name": "Acme Appliances", "slug": "acme"})).await;
    ok(&api, "/orgs", &t("owner"), json!({"name": SEEKER_NAME, "slug": SEEKER_SLUG})).await;
    ok(&api, "/orgs", &t("other_manager"), json!({"name": "Rival Corp", "slug": "rival"})).await;
    for org in ["acme", SEEKER_SLUG] {
        for (who, role) in [("manager", "manager"), ("judge", "judge")] {
            let body = json!({"email": address(who), "role": role});
            let (status, _) = api.post(&format!("/orgs/{org}/members"), &t("owner"), body).await;
            assert_eq!(status, StatusCode::NO_CONTENT);
        }
    }
    w.canary(SEEKER_NAME, &INSIDERS);
    w.canary(SEEKER_SLUG, &INSIDERS);
    w.object("org", &[("slug", "acme")]);
    w.object("org.seeker", &[("slug", SEEKER_SLUG)]);

    // What must be past its deadline is made first, then the clock moves three days.
    let closed = contest(app, &api, &t("manager"), &t("moderator"), 1, 2, true).await;
    let closed_idea = idea(&api, &t("author"), &closed, "A kettle from last year").await;
    let judging = challenge(app, &mut w, &api, "judging").await;
    let awarded = challenge(app, &mut w, &api, "awarded").await;
    let sealed_judging = solve(&mut w, &api, &judging, "judging", "solver").await;
    solve(&mut w, &api, &judging, "judging", "other_solver").await;
    let winner = solve(&mut w, &api, &awarded, "awarded", "solver").await;
    app.clock.advance(Duration::days(3));
    let scores = json!({"scores": [{"criterion": "Feasibility", "score": 7}, {"criterion": "Cost", "score": 3}]});
    ok(&api, &format!("/solutions/{winner}/scores"), &t("judge"), scores).await;
    ok(&api, &format!("/challenges/{awarded}/awards"), &t("manager"), json!({"solution_id": winner, "place": 1})).await;
    w.object("contest.closed", &[("id", &closed)]);
    w.object("idea.closed", &[("id", &closed_idea)]);
    w.object("challenge.judging", &[("id", &judging)]);
    w.object("challenge.awarded", &[("id", &awarded)]);
    w.object("solution.unsealed", &[("id", &sealed_judging)]);
    w.object("solution.awarded", &[("id", &winner)]);

    let open = contest(app, &api, &t("manager"), &t("moderator"), 10, 20, true).await;
    let pending = contest(app, &api, &t("manager"), &t("moderator"), 10, 20, false).await;
    let idea_id = idea(&api, &t("author"), &open, "A kettle that knows").await;
    let (status, _) = api.put(&format!("/ideas/{idea_id}/vote"), &t("member")).await;
    assert!(status.is_success(), "vote: {status}");
    let comment = ok(&api, &format!("/ideas/{idea_id}/comments"), &t("member"), json!({"body": "Quiet, please"})).await;
    let launched = idea(&api, &t("author"), &open, "A toaster that listens").await;
    for to in ["shortlisted", "selected", "in_development", "launched"] {
        ok(&api, &format!("/ideas/{launched}/stage"), &t("manager"), json!({"to": to, "reason": "Yes"})).await;
    }
    let revenue = json!({"period": "2027-Q1", "revenue": {"amount_minor": 100_000, "currency": "USD"}});
    let paid = ok(&api, &format!("/ideas/{launched}/royalties"), &t("manager"), revenue).await;
    w.object("contest.open", &[("id", &open)]);
    w.object("contest.pending", &[("id", &pending)]);
    w.object("idea", &[("id", &idea_id)]);
    w.object("idea.launched", &[("id", &launched)]);
    w.object("comment", &[("id", &id(&comment))]);
    w.object("statement", &[("id", &paid["statement_id"].to_string())]);

    let open_challenge = challenge(app, &mut w, &api, "open").await;
    let sealed = solve(&mut w, &api, &open_challenge, "open", "solver").await;
    solve(&mut w, &api, &open_challenge, "open", "other_solver").await;
    let question =
        ok(&api, &format!("/challenges/{open_challenge}/questions"), &t("member"), json!({"body": "Metal?"})).await;
    let review = draft_challenge(app, &mut w, &api, "review").await;
    ok(&api, &format!("/challenges/{review}/submit"), &t("manager"), json!({})).await;
    let draft = draft_challenge(app, &mut w, &api, "draft").await;
    w.object("challenge.open", &[("id", &open_challenge)]);
    w.object("challenge.review", &[("id", &review)]);
    w.object("challenge.draft", &[("id", &draft)]);
    w.object("solution.sealed", &[("id", &sealed)]);
    w.object("question", &[("id", &id(&question))]);

    campaigns(app, &mut w, &api).await;
    webhooks(&mut w, &api, &open_challenge).await;
    w.object("ip", &[("seq", "1")]);
    w.object("mail", &[("id", "1")]);
    w.object("identity", &[("id", "1")]);
    w.object("provider", &[("provider", "example")]);
    w.object("asset", &[("name", "app.css")]);
    // No picture is uploaded in the world: any well-formed name is simply not found.
    w.object("picture", &[("name", "0123456789abcdef0123456789abcdef-cover.jpg")]);
    w
}

fn at(app: &TestApp, days: i64) -> String {
    let now = ideaforge_app::Clock::now(&app.clock);
    (now + Duration::days(days)).format(&Rfc3339).expect("format")
}

async fn contest(
    app: &TestApp,
    api: &Api<'_>,
    manager: &str,
    moderator: &str,
    submit: i64,
    vote: i64,
    approve: bool,
) -> String {
    let body = json!({"org": "acme", "title": format!("Kitchens closing in {submit} days"), "brief": "Ideas",
        "category": "kitchen", "submission_closes_at": at(app, submit), "voting_closes_at": at(app, vote),
        "influence_pool_bp": 1000, "ip_terms": "Licence on selection."});
    let contest = id(&ok(api, "/contests", manager, body).await);
    if approve {
        ok(api, &format!("/contests/{contest}/approve"), moderator, json!({})).await;
    }
    contest
}

async fn idea(api: &Api<'_>, author: &str, contest: &str, title: &str) -> String {
    let body = json!({"contest_id": contest, "title": title, "summary": "It knows when you are home",
        "body": "Pairs with your phone.", "category": "kitchen", "tags": ["kettle"]});
    id(&ok(api, "/ideas", author, body).await)
}

async fn draft_challenge(app: &TestApp, w: &mut World, api: &Api<'_>, state: &str) -> String {
    // The judging challenge is Acme's, named; the others are the anonymous seeker's.
    let anonymous = state != "judging";
    let org = if anonymous { SEEKER_SLUG } else { "acme" };
    // Solvers who accepted the agreement read the details too; nobody else outside the seeker.
    let readers: &[&'static str] = if matches!(state, "draft" | "review") {
        &INSIDERS
    } else {
        &["solver", "other_solver", "judge", "manager", "owner", "admin"]
    };
    let details = w.canary(&format!("canary-details-{state}-e93f"), readers);
    let body = json!({"org": org, "title": format!("A compostable capsule ({state})"),
        "public_statement": "A coffee capsule that composts in a garden heap within 90 days.",
        "confidential_details": details, "type": "reduction_to_practice", "difficulty": "high",
        "category": "materials", "award": {"amount_minor": 100_000, "currency": "USD"}, "award_split_bp": [10_000],
        "submission_deadline": at(app, if matches!(state, "judging" | "awarded") { 1 } else { 30 }),
        "ip_terms": "assign", "anonymous": anonymous,
        "criteria": [{"name": "Feasibility", "weight": 60}, {"name": "Cost", "weight": 40}]});
    id(&ok(api, "/challenges", w.token("manager"), body).await)
}

/// A challenge approved, funded and open (its deadline a day away for those meant to end).
async fn challenge(app: &TestApp, w: &mut World, api: &Api<'_>, state: &str) -> String {
    let challenge = draft_challenge(app, w, api, state).await;
    ok(api, &format!("/challenges/{challenge}/submit"), w.token("manager"), json!({})).await;
    ok(api, &format!("/challenges/{challenge}/approve"), w.token("moderator"), json!({})).await;
    let funds = json!({"amount": {"amount_minor": 110_000, "currency": "USD"}, "reference": format!("WIRE-{state}")});
    ok(api, &format!("/challenges/{challenge}/escrow"), w.token("admin"), funds).await;
    challenge
}

/// `who` accepts the challenge's agreement and submits a solution; its id.
async fn solve(w: &mut World, api: &Api<'_>, challenge: &str, state: &str, who: &'static str) -> String {
    let (_, agreement) = api.get(&format!("/challenges/{challenge}/agreement"), w.token(who)).await;
    let hash = json!({"agreement_sha256": agreement["sha256"]});
    ok(api, &format!("/challenges/{challenge}/agreement"), w.token(who), hash).await;
    // Sealed solutions are the solver's alone until the deadline; then the seeker's people read them.
    let title =
        w.canary(&format!("canary-solution-title-{state}-{who}-a41c"), &[who, "judge", "manager", "owner", "admin"]);
    let body =
        w.canary(&format!("canary-solution-body-{state}-{who}-0d7b"), &[who, "judge", "manager", "owner", "admin"]);
    let token = w.token(who).to_owned();
    id(&ok(api, &format!("/challenges/{challenge}/solutions"), &token, json!({"title": title, "body": body})).await)
}

/// A campaign in draft and a live one with the member's pledge and an update.
async fn campaigns(app: &TestApp, w: &mut World, api: &Api<'_>) {
    let manager = w.token("manager").to_owned();
    let body = |title: &str| {
        json!({"org": "acme", "title": title, "story": "It toasts when you are near.",
            "goal": {"amount_minor": 1_000_000, "currency": "USD"}, "deadline": at(app, 30), "provider": "sandbox",
            "tiers": [{"title": "Early bird", "description": "One toaster.", "limit": 10,
                "estimated_delivery": "2027-11", "minimum": {"amount_minor": 5_000, "currency": "USD"}}]})
    };
    let draft = id(&ok(api, "/campaigns", &manager, body("A toaster (draft)")).await);
    let live = id(&ok(api, "/campaigns", &manager, body("A toaster (live)")).await);
    for (step, token) in [("submit", &manager), ("approve", &w.token("moderator").to_owned()), ("launch", &manager)] {
        ok(api, &format!("/campaigns/{live}/{step}"), token, json!({})).await;
    }
    let (_, shown) = api.get(&format!("/campaigns/{live}"), "").await;
    let pledge = json!({"amount": {"amount_minor": 5_000, "currency": "USD"}, "tier_id": shown["tiers"][0]["id"],
        "payment": {"card": "4242 4242 4242 4242"}});
    let (status, pledged) = api.put_json(&format!("/campaigns/{live}/pledge"), w.token("member"), pledge).await;
    assert!(status.is_success(), "{pledged}");
    let update = json!({"title": "Tooling ordered", "body": "The moulds are on their way.", "audience": "public"});
    let update = ok(api, &format!("/campaigns/{live}/updates"), &manager, update).await;
    w.object("campaign.draft", &[("id", &draft)]);
    w.object("campaign.live", &[("id", &live)]);
    w.object("pledge", &[("id", &pledged["id"].as_str().map_or_else(|| pledged["id"].to_string(), str::to_owned))]);
    w.object("update", &[("id", &id(&update))]);
}

/// The anonymous seeker's webhook endpoints (their addresses its managers' alone, never in mail;
/// their secrets nobody's once shown), and one delivery to them: a question asked on its open challenge.
async fn webhooks(w: &mut World, api: &Api<'_>, challenge: &str) {
    let readers = ["manager", "owner"];
    for name in ["seeker", "spare", "spare2"] {
        let url = w.canary(&format!("https://canary-hook-{name}-3f9a.invalid/in"), &readers);
        let events = ["challenge.question_asked", "solution.submitted", "challenge.award_made"];
        let body = json!({"url": url, "events": events});
        let created = ok(api, &format!("/orgs/{SEEKER_SLUG}/webhooks"), w.token("manager"), body).await;
        w.canary(created["secret"].as_str().expect("a secret"), &[]);
        w.object(&format!("webhook.{name}"), &[("slug", SEEKER_SLUG), ("id", &id(&created))]);
    }
    ok(api, &format!("/challenges/{challenge}/questions"), w.token("member"), json!({"body": "Glass?"})).await;
    let hook = w.objects["webhook.seeker"]["id"].clone();
    let path = format!("/orgs/{SEEKER_SLUG}/webhooks/{hook}/deliveries");
    let (status, log) = api.get(&path, w.token("manager")).await;
    assert_eq!(status, StatusCode::OK, "{log}");
    let delivery = log["deliveries"][0]["id"].as_str().expect("the question's delivery").to_owned();
    w.object("delivery.seeker", &[("slug", SEEKER_SLUG), ("id", &hook), ("delivery", &delivery)]);
}
