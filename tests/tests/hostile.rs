//! Hostile input on SQLite and PostgreSQL: every field of every API body, every query and path
//! parameter of the OpenAPI document, and every field of every HTML form the seeded world's pages
//! show, each with at least forty hostile values (`ideaforge_tests::hostile`), sent as a person the
//! authorization table lets through, so the values reach the parsers. No answer may be a 5xx, and
//! an answer that refuses (4xx) must leave every table's row count as it was.
#![expect(clippy::expect_used, reason = "a failed step fails the test")]

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use ideaforge_domain::notification::NotificationKind;

use ideaforge_tests::authz::{Row, fill, rows};
use ideaforge_tests::hostile::{form_encode, json_values, path_segments, texts};
use ideaforge_tests::world::{self, PRINCIPALS, World};
use ideaforge_tests::{Engine, TestApp, eventually, new_client, on_both_engines, smtp, summary};
use ideaforge_web::routes::Route;
use reqwest::Method;
use serde_json::{Map, Value, json};

on_both_engines!(hostile_input_gets_a_clear_refusal_and_stores_nothing);

/// Who sends a route's hostile requests: the first of these the table lets through.
const SENDERS: [&str; 8] = ["manager", "owner", "admin", "judge", "solver", "author", "member", "moderator"];

struct Attack<'a> {
    app: &'a TestApp,
    world: &'a World,
    client: reqwest::Client,
    counts: BTreeMap<String, i64>,
    tried: BTreeMap<String, usize>,
    faults: Vec<String>,
}

impl Attack<'_> {
    /// Sends one request; a 5xx, or a refusal that changed a row count, is a fault.
    async fn send(&mut self, route: &str, who: &str, method: &Method, path: &str, body: Option<(&str, Vec<u8>)>) {
        let mut request =
            self.client.request(method.clone(), self.app.url(path)).header("sec-fetch-site", "same-origin");
        let token = self.world.token(who);
        if !token.is_empty() {
            request = request.bearer_auth(token);
        }
        if let Some((kind, bytes)) = body {
            request = request.header("content-type", kind).body(bytes);
        }
        let short = path.chars().take(120).collect::<String>();
        let status = match request.send().await {
            Ok(response) => response.status(),
            Err(e) => {
                let kind = if e.is_builder() { "unsendable" } else { "no answer" };
                self.faults.push(format!("{route} as {who}: {kind} for {method} {short}"));
                return;
            }
        };
        *self.tried.entry(route.to_owned()).or_default() += 1;
        let counts = self.app.app.store().row_counts().await.expect("row counts");
        if status.is_server_error() {
            self.faults.push(format!("{route} as {who}: {status} for {method} {short}"));
        } else if status.is_client_error() && counts != self.counts {
            let changed: Vec<&String> =
                counts.iter().filter(|(t, n)| self.counts.get(*t) != Some(n)).map(|(t, _)| t).collect();
            self.faults.push(format!("{route} as {who}: {status} but stored rows in {changed:?} ({method} {short})"));
        }
        self.counts = counts;
    }
}

fn sender(row: &Row) -> &'static str {
    let column = |p: &str| PRINCIPALS.iter().position(|q| *q == p).expect("principal");
    let through = |code: u16| !matches!(code, 401 | 403 | 404 | 405);
    SENDERS.into_iter().find(|p| through(row.expected[column(p)])).unwrap_or("admin")
}

/// The schema a `$ref` names, or the schema itself.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => doc.pointer(r.trim_start_matches('#')).unwrap_or(schema),
        None => schema,
    }
}

/// A plausible value for a schema, so that the other fields of a body pass and the hostile one
/// is the one parsed.
fn plausible(doc: &Value, schema: &Value) -> Value {
    let schema = resolve(doc, schema);
    if schema.get("properties").is_some_and(|p| p.get("amount_minor").is_some()) {
        return json!({"amount_minor": 100, "currency": "USD"});
    }
    if let Some(first) = ["oneOf", "anyOf", "allOf"].iter().find_map(|k| schema.get(*k)?.as_array()?.first()) {
        return plausible(doc, first);
    }
    let kind = match &schema["type"] {
        Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).find(|k| *k != "null").unwrap_or("string"),
        Value::String(kind) => kind.as_str(),
        _ => "string",
    };
    match kind {
        "object" => {
            let props = schema["properties"].as_object().cloned().unwrap_or_default();
            Value::Object(props.iter().map(|(k, s)| (k.clone(), plausible(doc, s))).collect())
        }
        "integer" | "number" => json!(1),
        "boolean" => json!(false),
        "array" => json!([]),
        _ if schema["format"] == "date-time" => json!("2031-01-01T00:00:00Z"),
        _ => match schema["enum"].as_array().and_then(|e| e.first()) {
            Some(first) => first.clone(),
            None => json!("Hostile test"),
        },
    }
}

/// The body with `field` as raw JSON text `raw`, and once with the key twice.
fn body_with(base: &Map<String, Value>, field: &str, raw: &str, twice: bool) -> Vec<u8> {
    let mut parts: Vec<String> = base
        .iter()
        .filter(|(k, _)| twice || k.as_str() != field)
        .map(|(k, v)| format!("{}: {v}", Value::String(k.clone())))
        .collect();
    parts.push(format!("{}: {raw}", Value::String(field.to_owned())));
    format!("{{{}}}", parts.join(", ")).into_bytes()
}

async fn hostile_input_gets_a_clear_refusal_and_stores_nothing(engine: Engine) {
    let app = TestApp::builder(engine).configure(|c| c.funding.settle_poll_ms = 3_600_000).spawn().await;
    let world = world::seed(&app).await;
    let doc = serde_json::to_value(ideaforge_web::site::openapi::document()).expect("document");
    let counts = app.app.store().row_counts().await.expect("counts");
    let mut attack =
        Attack { app: &app, world: &world, client: new_client(), counts, tried: BTreeMap::new(), faults: Vec::new() };
    let routes = ideaforge_web::all_routes();
    let mut done = BTreeSet::new();
    let mut forms = Vec::new();
    for row in rows() {
        if !done.insert((row.method.clone(), row.path.clone())) || row.path.starts_with("/static/") {
            continue;
        }
        let who = sender(&row);
        let route = format!("{} {}", row.method, row.path);
        let method: Method = row.method.parse().expect("method");
        let path = fill(&world, &row);
        let empty = (!matches!(method, Method::GET | Method::DELETE)).then(|| ("application/json", b"{}".to_vec()));
        // Path parameters.
        for value in path_params(&world, &row) {
            for segment in path_segments() {
                let attacked = path.replacen(&format!("/{value}"), &format!("/{segment}"), 1);
                attack.send(&route, who, &method, &attacked, empty.clone()).await;
            }
        }
        let Some(api) = row.path.strip_prefix("/api/v1") else {
            if row.method == "GET" {
                // Signed in and not: the sign-in and registration forms are shown only to visitors.
                forms.extend(forms_on(&attack, &routes, who, &path).await);
                forms.extend(forms_on(&attack, &routes, "anonymous", &path).await);
            }
            continue;
        };
        let operation = &doc["paths"][api][row.method.to_lowercase()];
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            let parameter = resolve(&doc, parameter);
            if parameter["in"] == "query" {
                let name = parameter["name"].as_str().expect("name");
                // URLs longer than this are refused before any server (the bodies carry a mebibyte).
                for text in texts().into_iter().filter(|t| t.len() <= 20_001) {
                    let attacked = format!("{path}?{name}={}", form_encode(&text));
                    attack.send(&route, who, &method, &attacked, None).await;
                }
            }
        }
        let schema = &operation["requestBody"]["content"]["application/json"]["schema"];
        let Value::Object(base) = plausible(&doc, schema) else { continue };
        for field in base.keys() {
            for (i, raw) in json_values().iter().enumerate() {
                let body = body_with(&base, field, raw, i == 0);
                attack.send(&route, who, &method, &path, Some(("application/json", body))).await;
            }
        }
    }
    // One of each: a route with the same fields is attacked once.
    forms.sort();
    let mut kinds = BTreeSet::new();
    forms.retain(|(route, _, _, fields)| {
        let names: Vec<String> = fields.iter().map(|(n, _)| n.clone()).collect();
        kinds.insert((route.clone(), names))
    });
    // Query parameters no form or link of the world shows: the one-time links, the return address,
    // the open ideas' list and the similar-ideas fragment the idea form asks for as one types.
    let known = [
        ("/password/reset", "u", "anonymous"),
        ("/password/reset", "e", "anonymous"),
        ("/password/reset", "t", "anonymous"),
        ("/verify-email", "u", "anonymous"),
        ("/verify-email", "e", "anonymous"),
        ("/verify-email", "t", "anonymous"),
        ("/unsubscribe", "u", "anonymous"),
        ("/unsubscribe", "k", "anonymous"),
        ("/unsubscribe", "t", "anonymous"),
        ("/signin", "next", "anonymous"),
        ("/ideas", "contest", "member"),
        ("/ideas", "page", "member"),
        ("/ideas/new", "contest", "member"),
        ("/ideas/similar", "title", "member"),
        ("/ideas/similar", "summary", "member"),
        ("/ideas/similar", "except", "member"),
    ];
    for (path, name, who) in known {
        forms.push((format!("GET {path}"), who, path.to_owned(), vec![(name.to_owned(), String::new())]));
    }
    // The forms behind good one-time links: a password reset link mailed to a member, whose form
    // carries the link's fields beside the new password.
    let (reset, unsubscribe) = one_time_links(&app, &world).await;
    let reset_form = forms_on(&attack, &routes, "anonymous", &reset).await;
    assert!(reset_form.iter().any(|(route, ..)| route == "POST /password/reset"), "the reset form is shown");
    forms.extend(reset_form);
    for (route, who, action, fields) in forms {
        let method: Method = route.split(' ').next().unwrap_or("POST").parse().expect("method");
        for (i, (name, _)) in fields.iter().enumerate() {
            let mut values = texts();
            values.push("\u{fffd}invalid".to_owned());
            for (n, value) in values.iter().enumerate() {
                let mut body: Vec<u8> = Vec::new();
                for (j, (other, default)) in fields.iter().enumerate() {
                    let text = if i == j { value } else { default };
                    body.extend(format!("{}={}&", form_encode(other), form_encode(text)).into_bytes());
                }
                if n + 1 == values.len() {
                    // Invalid UTF-8 as the field's value.
                    body.extend(format!("{}=%FF%FE%C0%AF", form_encode(name)).into_bytes());
                }
                if method == Method::GET {
                    if body.len() <= 20_001 {
                        let query = String::from_utf8_lossy(&body).into_owned();
                        attack.send(&route, who, &method, &format!("{action}?{query}"), None).await;
                    }
                } else {
                    let form = Some(("application/x-www-form-urlencoded", body));
                    attack.send(&route, who, &method, &action, form).await;
                }
            }
        }
    }

    // The unsubscribe link's POST reads its query: each parameter hostile, the others good.
    let good = ["u", "k", "t"]
        .map(|n| (n, smtp::query_param(&unsubscribe, n).filter(|v| !v.is_empty()).expect("a signed link")));
    for (name, _) in &good {
        for text in texts().into_iter().filter(|t| t.len() <= 20_001) {
            let query: Vec<String> = good
                .iter()
                .map(|(n, v)| format!("{n}={}", if n == name { form_encode(&text) } else { v.clone() }))
                .collect();
            let form = Some(("application/x-www-form-urlencoded", Vec::new()));
            attack
                .send(
                    "POST /unsubscribe",
                    "anonymous",
                    &Method::POST,
                    &format!("/unsubscribe?{}", query.join("&")),
                    form,
                )
                .await;
        }
    }

    let untried: Vec<String> =
        routes.iter().map(|r| format!("{} {}", r.method, r.path)).filter(|r| !attack.tried.contains_key(r)).collect();
    println!("routes that take no input here: {untried:?}");
    let fewest = attack.tried.values().min().copied().unwrap_or(0);
    let total: usize = attack.tried.values().sum();
    summary::record(
        "hostile inputs",
        engine,
        &format!(
            "{total} requests to {} routes (at least {fewest} each): {} faults (5xx or stored)",
            attack.tried.len(),
            attack.faults.len()
        ),
    );
    assert!(attack.faults.is_empty(), "{} faults:\n{}", attack.faults.len(), attack.faults.join("\n"));
    app.stop().await;
}

/// A good password reset link (asked for as a visitor and read from the mailed message) and a
/// good unsubscribe link, both for the world's other solver, who sends no hostile request (a reset
/// that succeeds ends their sessions).
async fn one_time_links(app: &TestApp, world: &World) -> (String, String) {
    let who = "other_solver";
    let address = world::address(who);
    let status = app.visitor().post_form("/password/forgot", &[("email", address.as_str())]).await.status();
    assert!(status.is_success() || status.is_redirection(), "forgot: {status}");
    let folder = app.data_dir().join("mail");
    let mailed = || {
        let files = std::fs::read_dir(&folder).into_iter().flatten().flatten();
        files
            .filter_map(|f| std::fs::read_to_string(f.path()).ok())
            .filter(|m| smtp::header(m, "To").is_some_and(|to| to.contains(&address)))
            .find_map(|m| smtp::link(&smtp::body(&m), "/password/reset"))
    };
    assert!(eventually(Duration::from_secs(30), || async { mailed().is_some() }).await, "the reset link is mailed");
    let reset = mailed().expect("reset link");
    let me: Value = app
        .visitor()
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(world.token(who))
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("me");
    let id = me["id"].to_string().trim_matches('"').parse().expect("user id");
    let unsubscribe = app.app.unsubscribe_url(id, NotificationKind::CommentOnYourIdea);
    let local = unsubscribe.find("/unsubscribe").map(|at| unsubscribe[at..].to_owned()).expect("local path");
    (reset, local)
}

/// The values the world (and the row's overrides, `,action=submit`) filled in for its path
/// parameters.
fn path_params(world: &World, row: &Row) -> Vec<String> {
    let mut parts = row.object.split(',');
    let name = parts.next().unwrap_or("-");
    let mut values: Vec<String> = world.objects.get(name).map(|o| o.values().cloned().collect()).unwrap_or_default();
    values.extend(parts.filter_map(|p| p.split_once('=')).map(|(_, v)| v.to_owned()));
    values
}

/// The POST forms on a page: (route, sender, action, fields with their default values).
async fn forms_on(
    attack: &Attack<'_>,
    routes: &[Route],
    who: &'static str,
    path: &str,
) -> Vec<(String, &'static str, String, Vec<(String, String)>)> {
    let mut request = attack.client.get(attack.app.url(path));
    if !attack.world.token(who).is_empty() {
        request = request.bearer_auth(attack.world.token(who));
    }
    let html = request.send().await.expect("GET");
    let html = html.text().await.expect("page");
    let mut found = Vec::new();
    for chunk in html.split("<form").skip(1) {
        let form = chunk.split("</form>").next().unwrap_or_default();
        let head = form.split('>').next().unwrap_or_default();
        let method = if head.contains("method=\"post\"") { "POST" } else { "GET" };
        let Some(action) = attribute(head, "action") else { continue };
        let Some(route) = routes.iter().find(|r| r.method == method && matches(&r.path, &action)) else { continue };
        let mut fields = Vec::new();
        for tag in form.split('<').skip(1) {
            let name = attribute(tag, "name");
            let kind = attribute(tag, "type").unwrap_or_default();
            if let Some(name) = name.filter(|_| kind != "submit") {
                let value = if tag.starts_with("textarea") {
                    tag.split_once('>').map(|(_, t)| t.to_owned()).unwrap_or_default()
                } else {
                    attribute(tag, "value").unwrap_or_default()
                };
                if !fields.iter().any(|(n, _): &(String, String)| *n == name) {
                    fields.push((name, value.replace("&amp;", "&").replace("&quot;", "\"")));
                }
            }
        }
        if !fields.is_empty() {
            found.push((format!("{method} {}", route.path), who, action, fields));
        }
    }
    // Links with a query (a list's next page, its order, a filter) name parameters no form shows.
    for chunk in html.split("href=\"").skip(1) {
        let link = chunk.split('"').next().unwrap_or_default().replace("&amp;", "&");
        let Some((path, query)) = link.split_once('?') else { continue };
        let Some(route) = routes.iter().find(|r| r.method == "GET" && matches(&r.path, path)) else { continue };
        let fields: Vec<(String, String)> = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        if path.starts_with('/') && !fields.is_empty() {
            found.push((format!("GET {}", route.path), who, path.to_owned(), fields));
        }
    }
    found
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let marker = format!(" {name}=\"");
    let at = tag.find(&marker)? + marker.len();
    Some(tag[at..].split('"').next().unwrap_or_default().replace("&amp;", "&"))
}

/// Whether a concrete path matches a route pattern.
fn matches(pattern: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or_default();
    let (a, b): (Vec<&str>, Vec<&str>) = (pattern.split('/').collect(), path.split('/').collect());
    a.len() == b.len() && a.iter().zip(&b).all(|(p, s)| p.starts_with('{') || p == s)
}
