//! Search as people use it: ideas in English, Korean and Italian found by queries in their own
//! language, over the page and the API; filters, sorts and facets; clear refusals for bad queries;
//! similar ideas while typing; and an index folder removed while the server runs. SQLite and
//! PostgreSQL.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use std::time::Duration;

use ideaforge_domain::Role;
use ideaforge_tests::{Engine, TestApp, eventually, new_client, on_both_engines};
use reqwest::StatusCode;
use serde_json::{Value, json};

on_both_engines!(
    ideas_are_found_by_queries_in_their_own_language,
    bad_queries_get_clear_answers_never_a_500,
    people_find_what_they_mean,
    removing_the_index_folder_rebuilds_it_while_pages_stay_up,
    challenges_are_found_by_their_statement_never_by_their_secrets,
);

const ENGLISH: (&str, &str, &str, &str) = (
    "A kettle that starts boiling when you leave the office",
    "Your tea water is ready the moment you walk in",
    "The kettle pairs with your phone and starts heating when you are ten minutes from home. <script>alert('x')</script>",
    "kitchen-gadgets",
);
const KOREAN: (&str, &str, &str, &str) = (
    "지하철역 자전거 보관함",
    "비와 도난 걱정 없이 역 앞에 자전거를 맡기세요",
    "교통카드로 여는 잠금식 보관함을 모든 지하철역 출구에 설치합니다. 자전거 통근자가 크게 늘어납니다.",
    "mobility",
);
const ITALIAN: (&str, &str, &str, &str) = (
    "Macchina per il caffè che si pulisce da sola",
    "Niente più calcare né filtri sporchi",
    "Dopo ogni caffè la macchina risciacqua il circuito con acqua calda e segnala quando serve la decalcificazione.",
    "kitchen-gadgets",
);

/// A running app whose admin has added the category the English and Italian ideas are filed under.
async fn spawn(engine: Engine) -> TestApp {
    let app = TestApp::spawn(engine).await;
    let (admin, _) = app.member("categories@example.com", "Category Admin", Role::Admin).await;
    app.app.create_category(&admin, "kitchen-gadgets", "Kitchen gadgets").await.expect("category");
    app
}

async fn submit(
    app: &TestApp,
    token: &str,
    (title, summary, body, category): (&str, &str, &str, &str),
    tags: &[&str],
) -> String {
    let response = new_client()
        .post(app.url("/api/v1/ideas"))
        .bearer_auth(token)
        .json(&json!({"title": title, "summary": summary, "body": body, "category": category, "tags": tags}))
        .send()
        .await
        .expect("submit");
    assert_eq!(response.status(), StatusCode::CREATED);
    let idea: Value = response.json().await.expect("json");
    idea["id"].as_str().expect("id").to_owned()
}

async fn api(app: &TestApp, query: &str) -> (StatusCode, Value) {
    let response = app.get(&format!("/api/v1/search?{query}")).await;
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn ids(results: &Value) -> Vec<String> {
    results["hits"]
        .as_array()
        .map(|hits| hits.iter().filter_map(|h| h["id"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// Waits (the indexer runs every 200 ms) until `q` finds `id`.
async fn found(app: &TestApp, q: &str, id: &str) -> bool {
    eventually(Duration::from_secs(10), || async {
        ids(&api(app, &format!("q={}", encode(q))).await.1).contains(&id.to_owned())
    })
    .await
}

async fn ideas_are_found_by_queries_in_their_own_language(engine: Engine) {
    let app = spawn(engine).await;
    let (_, token) = app.member("inventor@example.com", "Inventor", Role::Member).await;
    let english = submit(&app, &token, ENGLISH, &["kettle", "smart-home"]).await;
    app.clock.advance(time::Duration::minutes(1));
    let korean = submit(&app, &token, KOREAN, &["자전거"]).await;
    app.clock.advance(time::Duration::minutes(1));
    let italian = submit(&app, &token, ITALIAN, &["cucina", "kettle"]).await;

    // Each found by a query in its own language, as a person would type it.
    assert!(found(&app, "kettles boiling", &english).await, "English, stemmed");
    assert!(found(&app, "자전거 보관함", &korean).await, "Korean words");
    assert!(found(&app, "지하철", &korean).await, "a Korean word inside a longer one");
    assert!(found(&app, "caffe calcare", &italian).await, "Italian without the accent");
    assert!(found(&app, "caffè", &italian).await, "Italian with the accent");
    let (_, korean_only) = api(&app, &format!("q={}", encode("자전거"))).await;
    assert_eq!(ids(&korean_only), [korean.as_str()], "and nothing else");

    // Phrases, exclusions, filters, sorts and facets.
    let (_, phrase) = api(&app, &format!("q={}", encode("\"ten minutes from home\""))).await;
    assert_eq!(ids(&phrase), [english.as_str()]);
    let (_, out_of_order) = api(&app, &format!("q={}", encode("\"home from minutes ten\""))).await;
    assert_eq!(out_of_order["total"], 0);
    let (_, tagged) = api(&app, "q=kettle").await;
    assert_eq!(tagged["total"], 2);
    let tags = tagged["facets"]["tag"].as_array().expect("tags");
    assert!(tags.contains(&json!({"value": "kettle", "count": 2})), "{tags:?}");
    assert_eq!(tagged["facets"]["category"], json!([{"value": "kitchen-gadgets", "count": 2}]));
    assert_eq!(tagged["facets"]["kind"], json!([{"value": "idea", "count": 2}]));
    let (_, excluded) = api(&app, &format!("q={}", encode("kettle -caffè"))).await;
    assert_eq!(ids(&excluded), [english.as_str()]);
    let (_, by_tag) = api(&app, "q=kettle&tag=cucina").await;
    assert_eq!(ids(&by_tag), [italian.as_str()]);
    let (_, by_stage) = api(&app, "q=kettle&stage=selected").await;
    assert_eq!(by_stage["total"], 0);
    let (_, newest) = api(&app, "q=kettle&sort=new").await;
    assert_eq!(ids(&newest), [italian.clone(), english.clone()], "newest first");
    let (_, voter) = app.member("voter@example.com", "Voter", Role::Member).await;
    let vote = new_client()
        .put(app.url(&format!("/api/v1/ideas/{english}/vote")))
        .bearer_auth(&voter)
        .send()
        .await
        .expect("vote");
    assert!(vote.status().is_success());
    assert!(
        eventually(Duration::from_secs(10), || async {
            ids(&api(&app, "q=kettle&sort=top").await.1).first() == Some(&english)
        })
        .await,
        "the voted idea tops the list once its vote is indexed"
    );
    let (_, paged) = api(&app, "q=kettle&page=2").await;
    assert_eq!((paged["total"].as_u64(), ids(&paged).len(), paged["more"].as_bool()), (Some(2), 0, Some(false)));

    // The page: results with highlighted, escaped snippets, facets and sort links.
    let page = app.get(&format!("/search?q={}", encode("kettle phone"))).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    assert!(html.contains(ENGLISH.0) && html.contains("<b>phone</b>"), "{html}");
    assert!(!html.contains("<script>alert"), "the body's script tag is escaped in the snippet");
    assert!(html.contains("data-facet=\"tag\"") && html.contains("sort=top"));
    let korean_page = app.get(&format!("/search?q={}", encode("자전거"))).await.text().await.expect("html");
    assert!(korean_page.contains(KOREAN.0));

    // Similar ideas while typing a new one, and on an idea's page.
    let hint = app.get(&format!("/ideas/similar?title={}", encode("Electric kettle with an app"))).await;
    assert_eq!(hint.status(), StatusCode::OK);
    let hint = hint.text().await.expect("html");
    assert!(hint.contains(&format!("/ideas/{english}")), "{hint}");
    let none =
        app.get(&format!("/ideas/similar?title={}", encode("Underwater drone"))).await.text().await.expect("html");
    assert!(!none.contains("<li>"), "nothing alike, nothing shown: {none}");
    let similar: Value = app
        .get(&format!("/api/v1/ideas/similar?title={}&except={english}", encode("kettle")))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(ids(&similar), [italian.as_str()], "the idea itself is left out");
    let idea_page = app.get(&format!("/ideas/{italian}")).await.text().await.expect("html");
    assert!(idea_page.contains("id=\"similar\"") && idea_page.contains(&format!("/ideas/{english}")), "{idea_page}");
    app.stop().await;
}

/// What people type that looks like syntax: every printable query up to the limit answers 200 on
/// the page and the API (an operator-like and punctuation-heavy corpus); only an empty, overlong or
/// control-character query, or a bad parameter, is refused with field errors.
const ODD_QUERIES: &[&str] = &[
    "foo(",
    "a:b",
    "AND",
    "OR",
    "NOT",
    "vote > 1",
    "<script>alert(1)</script> 냄비",
    "title:kettle",
    "nosuchfield:kettle",
    "\"unbalanced",
    "\"",
    "\"\"",
    "kettle AND",
    "AND kettle",
    "kettle OR",
    "OR OR OR",
    "(kettle",
    "kettle)",
    "((()))",
    "title:",
    ":",
    "::",
    "*",
    "kettle*",
    "?",
    "ket?le",
    "~",
    "kettle~2",
    "\"a b\"~3",
    "^",
    "kettle^5",
    "[1 TO 5]",
    "{a TO b}",
    "-",
    "--",
    "-kettle",
    "- -",
    "+kettle",
    "+",
    "!",
    "!!!",
    "&&",
    "||",
    "kettle && phone",
    "a || b",
    "\\",
    "/",
    "/regex/",
    "%",
    "%%",
    "100%",
    "$",
    "#kitchen",
    "@user",
    "'",
    "''",
    "`",
    "kettle;DROP TABLE ideas",
    "' OR '1'='1",
    "1=1",
    "<>",
    "<<>>",
    "&lt;",
    "&amp;",
    "é",
    "ﬁ",
    "\u{200b}",
    "\u{202e}kettle",
    "kettle\u{feff}",
    "tag:",
    "tag:@@",
    "stage:nope",
    "kind:idea",
    "category:kitchen-gadgets kettle",
    "😀",
    "𝕜𝕖𝕥𝕥𝕝𝕖",
    "ケトル",
    "水壶",
    "주전자?",
    "caffè?",
    "kettle, phone.",
    "kettle... phone!!!",
    "ke-tt-le",
    "_",
    "__init__",
    "0",
    "-1",
    "1e9",
];

async fn bad_queries_get_clear_answers_never_a_500(engine: Engine) {
    let app = spawn(engine).await;
    let (_, token) = app.member("inventor@example.com", "Inventor", Role::Member).await;
    let english = submit(&app, &token, ENGLISH, &[]).await;
    assert!(found(&app, "kettle", &english).await);

    let long = "k".repeat(201);
    let cases: [(&str, &str, &str); 7] = [
        ("", "q", "required"),
        ("q=", "q", "required"),
        ("q=%20%20", "q", "required"),
        (&format!("q={long}"), "q", "too_long"),
        ("q=a%00b", "q", "control_characters"),
        ("q=kettle&page=0", "page", "out_of_range"),
        ("q=kettle&sort=random", "sort", "unknown"),
    ];
    for (query, field, code) in cases {
        let (status, body) = api(&app, query).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        assert_eq!(body["error"]["code"], "validation_failed", "{query}");
        assert_eq!(body["error"]["fields"][field]["code"], code, "{query}: {body}");
        let page = app.get(&format!("/search?{query}")).await;
        if query.is_empty() {
            assert_eq!(page.status(), StatusCode::OK, "no query yet: the empty form");
        } else {
            assert_eq!(page.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
            let html = page.text().await.expect("html");
            assert!(html.contains("role=\"alert\""), "{query}: {html}");
        }
    }
    let page = app.get("/search?q=").await.text().await.expect("html");
    assert!(page.contains("Type at least one word"), "{page}");

    // Anything printable is a query: 200, on the page and the API.
    for text in ODD_QUERIES.iter().copied().chain([&*"k".repeat(200), &*"(".repeat(200)]) {
        let query = format!("q={}", encode(text));
        let (status, body) = api(&app, &query).await;
        assert_eq!(status, StatusCode::OK, "{text:?}: {body}");
        assert_eq!(body["query"], text.trim(), "{text:?}");
        assert_eq!(app.get(&format!("/search?{query}")).await.status(), StatusCode::OK, "{text:?}");
    }
    for (text, finds) in [("title:kettle", true), ("nosuchfield:kettle", true), ("(kettle", true), ("!!!", false)] {
        let (_, body) = api(&app, &format!("q={}", encode(text))).await;
        assert_eq!(ids(&body).contains(&english), finds, "{text:?}: {body}");
    }
    // Bytes that are not UTF-8 are refused by the query string's decoder, never a 500.
    let (status, _) = api(&app, "q=%FF%FE").await;
    assert!(status == StatusCode::OK || status == StatusCode::BAD_REQUEST, "{status}");
    assert!(app.get("/search?q=%FF%FE").await.status() != StatusCode::INTERNAL_SERVER_ERROR);
    let (status, _) = api(&app, "q=kettle&page=251").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "deep pages are refused");
    app.stop().await;
}

/// Typos, particles, plurals and missing words, through the real server.
async fn people_find_what_they_mean(engine: Engine) {
    let app = spawn(engine).await;
    let (_, token) = app.member("inventor@example.com", "Inventor", Role::Member).await;
    let english = submit(&app, &token, ENGLISH, &[]).await;
    let korean = submit(&app, &token, KOREAN, &[]).await;
    let italian = submit(&app, &token, ITALIAN, &[]).await;
    assert!(found(&app, "caffè", &italian).await);

    // A typo: the corrected search's results, and "did you mean" on the page.
    let (_, typo) = api(&app, &format!("q={}", encode("ketle phone"))).await;
    assert_eq!(ids(&typo), [english.as_str()], "{typo}");
    assert_eq!(typo["did_you_mean"], json!({"text": "kettle phone", "applied": true}));
    let page = app.get(&format!("/search?q={}", encode("ketle phone"))).await.text().await.expect("html");
    assert!(page.contains("data-testid=\"did-you-mean\"") && page.contains("/search?q=kettle%20phone"), "{page}");
    // Korean particles and endings, Italian plurals and verb forms.
    for (text, id) in
        [("자전거를", &korean), ("보관함에 설치하는", &korean), ("macchine", &italian), ("pulire il caffè", &italian)]
    {
        let (_, body) = api(&app, &format!("q={}", encode(text))).await;
        assert_eq!(ids(&body).first(), Some(id), "{text}: {body}");
    }
    // Most of the words: found, and the page says not all of them matched.
    let (_, most) = api(&app, &format!("q={}", encode("kettle phone submarine"))).await;
    assert_eq!((ids(&most), most["all_words"].as_u64()), (vec![english.clone()], Some(0)), "{most}");
    let page = app.get(&format!("/search?q={}", encode("kettle phone submarine"))).await.text().await.expect("html");
    assert!(page.contains("data-testid=\"partial\""), "{page}");
    // Filters typed among the words.
    let (_, filtered) = api(&app, &format!("q={}", encode("category:mobility 자전거"))).await;
    assert_eq!(ids(&filtered), [korean.as_str()]);
    let (_, elsewhere) = api(&app, &format!("q={}", encode("category:mobility kettle"))).await;
    assert_eq!(elsewhere["total"], 0);
    app.stop().await;
}

async fn removing_the_index_folder_rebuilds_it_while_pages_stay_up(engine: Engine) {
    let app = spawn(engine).await;
    let (_, token) = app.member("inventor@example.com", "Inventor", Role::Member).await;
    let english = submit(&app, &token, ENGLISH, &[]).await;
    assert!(found(&app, "kettle", &english).await);

    let index = app.data_dir().join("index");
    assert!(index.join("meta.json").exists(), "the index lives in <data-dir>/index");
    // The server may write a file into the folder while it is being removed (as an operator's
    // `rm -r` would race it too): remove until it is gone.
    let removed =
        eventually(Duration::from_secs(10), || async { std::fs::remove_dir_all(&index).is_ok() || !index.exists() })
            .await;
    assert!(removed, "remove the index folder");
    for path in ["/", "/ideas", &format!("/ideas/{english}"), "/contests"] {
        assert_eq!(app.get(path).await.status(), StatusCode::OK, "{path} stays up");
    }
    let korean = submit(&app, &token, KOREAN, &[]).await;
    assert!(found(&app, "자전거", &korean).await, "an idea written after the removal is found");
    assert!(found(&app, "kettle", &english).await, "and one from before it");
    assert!(
        eventually(Duration::from_secs(10), || async { index.join("meta.json").exists() }).await,
        "the folder was rebuilt"
    );
    app.stop().await;
}

/// A public statement is searchable once the challenge opens; its confidential details, its
/// anonymous seeker's name and its solutions are never found, by anyone.
async fn challenges_are_found_by_their_statement_never_by_their_secrets(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let api_client = ideaforge_tests::Api::new(&app);
    let (_, seeker) = app.member("seeker@example.com", "Seeker", Role::Member).await;
    let (_, moderator) = app.member("mod@example.com", "Moderator", Role::Moderator).await;
    let (_, admin) = app.member("admin@example.com", "Admin", Role::Admin).await;
    let (_, solver) = app.member("solver@example.com", "Solver", Role::Member).await;
    let org = json!({"name": "Quokkasecret Industries", "slug": "quokka"});
    assert_eq!(api_client.post("/orgs", &seeker, org).await.0, StatusCode::CREATED);
    let deadline = (time::OffsetDateTime::now_utc() + time::Duration::days(30))
        .format(&time::format_description::well_known::Rfc3339)
        .expect("format");
    let body = |title: &str| {
        json!({
            "org": "quokka", "title": title,
            "public_statement": "We want a biodegradable drinking straw that survives hot coffee.",
            "confidential_details": "The current supplier is Zirconiumwidget Polymers.",
            "type": "ideation", "difficulty": "low", "category": "materials",
            "award": {"amount_minor": 100_000, "currency": "EUR"}, "award_split_bp": [10_000],
            "submission_deadline": deadline, "ip_terms": "licence", "anonymous": true,
            "criteria": [{"name": "Cost", "weight": 1}],
        })
    };
    let (_, open) = api_client.post("/challenges", &seeker, body("Hot-proof biodegradable straw")).await;
    let open_id = open["id"].as_str().expect("id").to_owned();
    let (_, draft) = api_client.post("/challenges", &seeker, body("Unpublished marmalade venture")).await;
    assert!(draft["id"].is_string());
    api_client.post(&format!("/challenges/{open_id}/submit"), &seeker, json!({})).await;
    api_client.post(&format!("/challenges/{open_id}/approve"), &moderator, json!({})).await;
    let wire = json!({"amount": {"amount_minor": 110_000, "currency": "EUR"}, "reference": "SEPA-1"});
    let (_, funded) = api_client.post(&format!("/challenges/{open_id}/escrow"), &admin, wire).await;
    assert_eq!(funded["status"], "open");
    api_client.post(&format!("/challenges/{open_id}/agreement"), &solver, json!({})).await;
    let solution = json!({"title": "Bamboo", "body": "Laminated bamboo with a Xylophonic resin"});
    assert_eq!(
        api_client.post(&format!("/challenges/{open_id}/solutions"), &solver, solution).await.0,
        StatusCode::CREATED
    );

    // An idea posted after everything else: once it is found, the indexer has applied every event
    // before it (events are applied in order), the solution's included.
    let sentinel = ("Lantern for night cyclists", "A lantern", "Bright and light.", "mobility");
    let sentinel = submit(&app, &solver, sentinel, &[]).await;
    assert!(found(&app, "lantern", &sentinel).await, "the index caught up");
    assert!(found(&app, "biodegradable straw", &open_id).await, "the public statement is searchable");
    let (_, hits) = api(&app, "q=straw&kind=challenge").await;
    assert_eq!(hits["hits"][0]["kind"], "challenge");
    assert_eq!(hits["hits"][0]["url"], format!("/challenges/{open_id}"));
    // Everything after the index caught up with the solution's event: secrets are not there.
    for secret in ["Zirconiumwidget", "Quokkasecret", "quokka", "Xylophonic", "marmalade"] {
        for token in ["", seeker.as_str(), admin.as_str()] {
            let (status, text) =
                api_client.send_raw(reqwest::Method::GET, &format!("/search?q={secret}"), token, None).await;
            assert_eq!(status, StatusCode::OK, "{secret}: {text}");
            let results: Value = serde_json::from_str(&text).expect("json");
            assert_eq!(results["total"], 0, "{secret} must not be found: {text}");
        }
        let page = app.get(&format!("/search?q={secret}")).await.text().await.expect("page");
        assert!(!page.contains("Hot-proof"), "{secret} found the challenge on the page");
    }
    let page = app.get("/search?q=straw").await.text().await.expect("page");
    assert!(page.contains("Hot-proof") && !page.contains("Quokkasecret") && !page.contains("Zirconiumwidget"));
    app.stop().await;
}
