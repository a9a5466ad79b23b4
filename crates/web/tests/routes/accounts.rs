//! Accounts as their owners use them, on both engines: API tokens with a scope (`read` only reads,
//! `write` acts as a member, only `admin` carries staff powers), an expiry after which the token is
//! dead, the password asked again before the account page issues one; and votes and flags that
//! count only from confirmed addresses.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::json;
use time::Duration;
use tower::ServiceExt;

use super::{NOW, site};
use ideaforge_store::testing::Engine;

ideaforge_store::on_both_engines!(
    a_token_does_what_its_scope_allows_until_it_expires,
    the_account_page_asks_for_the_password_before_issuing_a_token,
    votes_and_flags_count_only_from_confirmed_addresses,
    pages_speak_the_language_the_browser_asks_for,
    the_language_switcher_remembers_a_visitors_and_a_members_choice,
    members_see_and_enter_times_in_their_own_time_zone,
);

async fn a_token_does_what_its_scope_allows_until_it_expires(engine: Engine) {
    let site = site(engine).await;
    let issue = |email: &str, scope: serde_json::Value, days: serde_json::Value| {
        json!({"email": email, "password": "correct horse battery", "name": "script", "scope": scope,
               "expires_in_days": days})
    };
    let (status, read) =
        site.json(Method::POST, "/api/v1/tokens", "", Some(issue("ines@example.com", json!("read"), json!(30)))).await;
    assert_eq!(status, StatusCode::CREATED, "{read}");
    assert_eq!(read["scope"], "read");
    let expires = (NOW + Duration::days(30)).format(&time::format_description::well_known::Rfc3339).expect("format");
    assert_eq!(read["expires_at"], expires.as_str());
    let reader = read["token"].as_str().expect("secret").to_owned();

    // A read token reads, and nothing it sends changes anything, over the API or the pages.
    assert_eq!(site.json(Method::GET, "/api/v1/me", &reader, None).await.0, StatusCode::OK);
    let org = json!({"name": "Reader Inc", "slug": "reader"});
    let (status, refused) = site.json(Method::POST, "/api/v1/orgs", &reader, Some(org)).await;
    assert_eq!((status, refused["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("insufficient_scope")));
    let (status, _) = site.form("/orgs", &reader, "name=Reader+Inc&slug=reader").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the pages too");
    assert_eq!(site.call(Method::GET, "/orgs/reader", &site.owner, None).await.0, StatusCode::NOT_FOUND);

    // Scopes and lifetimes are checked, and a member has no staff powers to grant.
    for (scope, days, field) in [
        (json!("admin"), json!(null), "scope"),
        (json!("root"), json!(null), "scope"),
        (json!("write"), json!(0), "expires_in_days"),
        (json!("write"), json!(366), "expires_in_days"),
    ] {
        let (status, error) =
            site.json(Method::POST, "/api/v1/tokens", "", Some(issue("ines@example.com", scope, days))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
        assert!(error["error"]["fields"][field].is_object(), "{error}");
    }

    // An admin's write token acts as a member; staff routes need an admin token.
    let (status, write) = site
        .json(Method::POST, "/api/v1/tokens", "", Some(issue("admin@example.com", json!("write"), json!(null))))
        .await;
    assert_eq!((status, write["expires_at"].is_null()), (StatusCode::CREATED, true), "{write}");
    let writer = write["token"].as_str().expect("secret").to_owned();
    assert_eq!(site.json(Method::GET, "/api/v1/admin/escrow", &writer, None).await.0, StatusCode::FORBIDDEN);
    assert_eq!(site.json(Method::GET, "/api/v1/admin/escrow", &site.admin, None).await.0, StatusCode::OK);
    let (status, admin) =
        site.json(Method::POST, "/api/v1/tokens", "", Some(issue("admin@example.com", json!("admin"), json!(7)))).await;
    assert_eq!(status, StatusCode::CREATED, "{admin}");
    let staff = admin["token"].as_str().expect("secret").to_owned();
    assert_eq!(site.json(Method::GET, "/api/v1/admin/escrow", &staff, None).await.0, StatusCode::OK);

    // At its expiry a token is dead; one without an expiry lives on.
    site.clock.advance(Duration::days(30));
    assert_eq!(site.json(Method::GET, "/api/v1/me", &reader, None).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(site.json(Method::GET, "/api/v1/admin/escrow", &staff, None).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(site.json(Method::GET, "/api/v1/me", &writer, None).await.0, StatusCode::OK);
}

async fn the_account_page_asks_for_the_password_before_issuing_a_token(engine: Engine) {
    let site = site(engine).await;
    let (status, page) = site.form("/account/tokens", &site.inventor, "name=laptop&scope=read").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("field-password") && !page.contains("ifp_"), "asked for the password, nothing issued");
    let (status, page) = site.form("/account/tokens", &site.inventor, "name=laptop&scope=read&password=guess").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!page.contains("ifp_"), "a wrong password issues nothing");
    let body = "name=laptop&scope=read&expires_in_days=90&password=correct+horse+battery";
    let (status, page) = site.form("/account/tokens", &site.inventor, body).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("ifp_"), "the new secret is shown once");
    let (_, list) = site.json(Method::GET, "/api/v1/tokens", &site.inventor, None).await;
    let laptop = list["tokens"].as_array().expect("tokens").iter().find(|t| t["name"] == "laptop").cloned();
    let laptop = laptop.expect("issued");
    assert_eq!(laptop["scope"], "read");
    assert!(laptop["expires_at"].is_string(), "{laptop}");
}

async fn votes_and_flags_count_only_from_confirmed_addresses(engine: Engine) {
    let site = site(engine).await;
    let (_, idea) = site.contest_with_ideas().await;
    let new = ideaforge_domain::NewUser::parse("new@example.com", "Newcomer", "correct horse battery").expect("valid");
    let newcomer = site.app.create_user(&new).await.expect("user");
    let name = ideaforge_domain::TokenName::parse("new").expect("name");
    let token = site.app.issue_full_token(&newcomer, &name).await.expect("token").1.expose().to_owned();
    let vote = format!("/api/v1/ideas/{idea}/vote");
    let (status, refused) = site.json(Method::PUT, &vote, &token, None).await;
    assert_eq!((status, refused["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("email_unconfirmed")));
    assert!(refused["error"]["message"].as_str().is_some_and(|m| m.contains("Confirm your e-mail address")));
    let (status, page) = site.form(&format!("/ideas/{idea}/vote"), &token, "on=1").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("Confirm your e-mail address first"), "the page asks to confirm");
    let (_, shown) = site.json(Method::GET, &format!("/api/v1/ideas/{idea}"), "", None).await;
    assert_eq!(shown["votes"], 1, "only the confirmed fan's vote counts");
    let (_, page) = site.call(Method::GET, &format!("/ideas/{idea}"), &token, None).await;
    let comment =
        page.split("/comments/").nth(1).and_then(|rest| rest.split('/').next()).expect("a comment").to_owned();
    let (status, page) = site.form(&format!("/comments/{comment}/flag"), &token, "").await;
    assert_eq!(status, StatusCode::CONFLICT, "no flags from unconfirmed addresses");
    assert!(page.contains("Confirm your e-mail address first"));
    // Once the address is confirmed, the same member counts.
    let email = ideaforge_domain::Email::parse("new@example.com").expect("email");
    assert!(site.app.store().verify_email(newcomer.id, &email, NOW).await.expect("confirm"));
    assert_eq!(site.json(Method::PUT, &vote, &token, None).await.0, StatusCode::OK);
    let (status, _) = site.form(&format!("/comments/{comment}/flag"), &token, "").await;
    assert!(status.is_redirection(), "{status}");
}

/// A visitor's page in the language their browser asks for (Korean, Italian, else English), with
/// `<html lang>` saying which, plural forms by the language's rules, and error pages alike.
async fn pages_speak_the_language_the_browser_asks_for(engine: Engine) {
    let site = site(engine).await;
    let page = |path: &'static str, accept: &'static str| {
        let router = site.router.clone();
        async move {
            let request =
                Request::get(path).header(header::ACCEPT_LANGUAGE, accept).body(Body::empty()).expect("request");
            let response = router.oneshot(request).await.expect("answered");
            let status = response.status();
            let bytes = response.into_body().collect().await.expect("body").to_bytes();
            (status, String::from_utf8(bytes.to_vec()).expect("UTF-8"))
        }
    };
    let (status, korean) = page("/", "ko-KR,ko;q=0.9,en;q=0.5").await;
    assert_eq!(status, StatusCode::OK);
    assert!(korean.contains(r#"<html lang="ko""#), "{korean}");
    assert!(korean.contains("로그인") && korean.contains("무료로 가입하기"), "{korean}");
    assert!(!korean.contains(">Sign in<"), "no English for a Korean reader");
    let (_, italian) = page("/", "it-CH, fr;q=0.8").await;
    assert!(italian.contains(r#"<html lang="it""#) && italian.contains("Accedi"), "{italian}");
    let (_, english) = page("/", "fr, de;q=0.8").await;
    assert!(english.contains(r#"<html lang="en""#) && english.contains("Sign in"), "English otherwise");
    let (status, missing) = page("/no/such/page", "ko").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(missing.contains(r#"<html lang="ko""#), "error pages too: {missing}");

    // Every public page names its address in each language (hreflang), and such an address speaks
    // its language whatever the browser asks, and names itself as the page's canonical address.
    let alternate = |html: &str, tag: &str| {
        html.split("<link ").find(|l| l.contains(&format!(r#"hreflang="{tag}""#))).map(str::to_owned)
    };
    let canonical = |html: &str| html.split("<link ").find(|l| l.starts_with(r#"rel="canonical""#)).map(str::to_owned);
    for tag in ["en", "it", "ko"] {
        let link = alternate(&english, tag).expect("an alternate per language");
        assert!(link.contains(&format!(r#"/?lang={tag}""#)), "{link}");
    }
    assert!(alternate(&english, "x-default").is_some_and(|l| l.contains(r#"/""#)), "and the default");
    assert!(canonical(&english).is_some_and(|l| l.contains(r#"/""#) && !l.contains("lang=")), "{english}");
    let (status, linked) = page("/?lang=ko", "it-CH, fr;q=0.8").await;
    assert_eq!(status, StatusCode::OK);
    assert!(linked.contains(r#"<html lang="ko""#) && linked.contains("로그인"), "the address outranks the browser");
    assert!(canonical(&linked).is_some_and(|l| l.contains(r#"/?lang=ko""#)), "{linked}");
    let (_, unknown) = page("/?lang=tlh", "it").await;
    assert!(unknown.contains(r#"<html lang="it""#), "an unknown language in the address is ignored");
    assert!(canonical(&unknown).is_some_and(|l| !l.contains("lang=")), "and names no address: {unknown}");
    let (_, upper) = page("/?lang=KO", "it").await;
    assert!(upper.contains(r#"<html lang="ko""#), "a tag in capitals is the same tag");
}

/// The footer's switcher (a plain form): a visitor's choice is a cookie that outranks the browser's
/// language; a member's becomes their account's language for pages and mail, wherever they sign in.
async fn the_language_switcher_remembers_a_visitors_and_a_members_choice(engine: Engine) {
    let site = site(engine).await;
    let send = |request: Request<Body>| {
        let router = site.router.clone();
        async move {
            let response = router.oneshot(request).await.expect("answered");
            let status = response.status();
            let headers = response.headers().clone();
            let bytes = response.into_body().collect().await.expect("body").to_bytes();
            (status, headers, String::from_utf8(bytes.to_vec()).expect("UTF-8"))
        }
    };
    let switch = |body: &str, token: &str| {
        let mut request = Request::post("/language").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if !token.is_empty() {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        request.body(Body::from(body.to_owned())).expect("request")
    };
    // Every page offers it, with the page's own path to come back to and the current language chosen.
    let (_, headers, page) = send(Request::get("/contests?sort=new").body(Body::empty()).expect("request")).await;
    assert!(
        page.contains(r#"action="/language""#) && page.contains(r#"name="next" value="/contests?sort=new""#),
        "{page}"
    );
    assert!(page.contains(r#"<option value="en" lang="en" selected>English</option>"#), "{page}");
    assert!(headers.get_all(header::VARY).iter().any(|v| v.to_str().unwrap_or_default().contains("accept-language")));

    let (status, headers, _) = send(switch("language=ko&next=%2Fcontests%3Fsort%3Dnew", "")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/contests?sort=new");
    let cookie = headers[header::SET_COOKIE].to_str().expect("cookie").to_owned();
    assert!(cookie.starts_with("ideaforge_lang=ko;") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    let chosen = Request::get("/").header(header::COOKIE, "ideaforge_lang=ko").header(header::ACCEPT_LANGUAGE, "it");
    let (_, _, korean) = send(chosen.body(Body::empty()).expect("request")).await;
    assert!(
        korean.contains(r#"<html lang="ko""#) && korean.contains(r#"value="ko" lang="ko" selected"#),
        "the cookie wins"
    );
    // Somewhere else, or a language there is no catalog for: home, and a clear refusal.
    let (_, headers, _) = send(switch("language=it&next=%2F%2Fevil.example", "")).await;
    assert_eq!(headers[header::LOCATION], "/");
    // Back from a page asked for in one language, the switcher's choice is not outranked by it.
    let (_, headers, _) = send(switch("language=it&next=%2Fcontests%3Flang%3Dko%26sort%3Dnew", "")).await;
    assert_eq!(headers[header::LOCATION], "/contests?sort=new");
    let (status, _, refused) = send(switch("language=fr&next=%2F", "")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.contains("language"), "{refused}");
    // Failure pages follow the choice too.
    let missing = Request::get("/ideas/999999").header(header::COOKIE, "ideaforge_lang=it");
    let (status, _, missing) =
        send(missing.header(header::ACCEPT_LANGUAGE, "ko").body(Body::empty()).expect("request")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(missing.contains(r#"<html lang="it""#), "a 404 in the chosen language: {missing}");

    // A member's choice is their account's: their pages and mail, without the cookie.
    let (status, _, _) = send(switch("language=it&next=%2F", &site.fan)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, me) = site.json(Method::GET, "/api/v1/me", &site.fan, None).await;
    assert_eq!(me["language"], "it");
    let mine = Request::get("/").header(header::AUTHORIZATION, format!("Bearer {}", site.fan));
    let (_, _, italian) = send(mine.header(header::ACCEPT_LANGUAGE, "ko").body(Body::empty()).expect("request")).await;
    assert!(italian.contains(r#"<html lang="it""#), "the account's language wins over the browser's");

    // Someone who chose a language before registering keeps it for their account.
    let request = Request::post("/register")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, "ideaforge_lang=ko")
        .header(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9")
        .body(Body::from("email=newcomer%40example.com&display_name=Newcomer&password=correct+horse+battery"))
        .expect("request");
    let (status, headers, body) = send(request).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let session = headers[header::SET_COOKIE].to_str().expect("cookie").split(';').next().expect("pair").to_owned();
    let home = Request::get("/").header(header::COOKIE, session).body(Body::empty()).expect("request");
    let (_, _, page) = send(home).await;
    assert!(page.contains(r#"<html lang="ko""#), "the new account speaks Korean without the cookie");
}

/// A member's time zone: their pages show times in it (an Italian in Rome and a Korean in Seoul see
/// the same deadline as the same instant in their own local times), and their forms read the
/// times they type in it; a zone the database does not know is refused and stores nothing.
async fn members_see_and_enter_times_in_their_own_time_zone(engine: Engine) {
    let site = site(engine).await;
    let (contest, _) = site.contest_with_ideas().await;
    let (status, _) = site.form("/account/time-zone", &site.fan, "time_zone=Mars%2FOlympus_Mons").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "an unknown zone");
    let (_, me) = site.call(Method::GET, "/account", &site.fan, None).await;
    assert!(me.contains(r#"<option value="" selected>"#) && me.contains("data-browser-zone"), "none chosen yet");
    // An Italian in Rome and a Korean in Seoul.
    for (token, zone, language) in [(&site.fan, "Europe%2FRome", "it"), (&site.inventor, "Asia%2FSeoul", "ko")] {
        let (status, _) = site.form("/account/time-zone", token, &format!("time_zone={zone}")).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _) = site.form("/language", token, &format!("language={language}&next=%2F")).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    let (_, me) = site.call(Method::GET, "/account", &site.fan, None).await;
    assert!(me.contains(r#"<option value="Europe/Rome" selected>"#), "the choice is shown");

    // Ideas are taken until NOW + 10 days, 2026-12-04 12:00 UTC.
    let page = format!("/contests/{contest}");
    let (_, rome) = site.call(Method::GET, &page, &site.fan, None).await;
    let (_, seoul) = site.call(Method::GET, &page, &site.inventor, None).await;
    let (_, anonymous) = site.call(Method::GET, &page, "", None).await;
    // Each in their own language's words and clock (ICU4X), in their own zone, named.
    assert!(
        rome.contains("4 dicembre 2026 alle ore 13:00 CET") && rome.contains(r#"data-zone="Europe/Rome""#),
        "{rome}"
    );
    assert!(seoul.contains("2026년 12월 4일 오후 9:00 KST") && seoul.contains(r#"data-zone="Asia/Seoul""#), "{seoul}");
    assert!(anonymous.contains("4 December 2026 at 12:00\u{202f}pm UTC") && !anonymous.contains("data-zone"), "UTC");
    let instant = r#"datetime="2026-12-04T12:00:00Z""#;
    assert!(rome.contains(instant) && seoul.contains(instant), "the same instant for both");

    // A manager in Seoul types local times; they are kept as the instants they mean.
    let (status, _) = site.form("/account/time-zone", &site.owner, "time_zone=Asia%2FSeoul").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, form) = site.call(Method::GET, "/orgs/acme/contests/new", &site.owner, None).await;
    assert!(form.contains("In Asia/Seoul time."), "the form says which zone it means");
    let body = "title=Seoul+kitchens&brief=Cooking+in+small+flats&category=kitchen\
                &submission_closes_at=2026-12-10T09%3A00&voting_closes_at=2026-12-20T09%3A00\
                &vote_budget=3&influence_pool_bp=500&ip_terms=Licence";
    let request = Request::post("/orgs/acme/contests")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::AUTHORIZATION, format!("Bearer {}", site.owner))
        .body(Body::from(body.replace(' ', "")))
        .expect("request");
    let created = site.router.clone().oneshot(request).await.expect("answered");
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let location = created.headers()[header::LOCATION].to_str().expect("location").to_owned();
    let id = location.trim_start_matches("/contests/");
    let (_, seoul_contest) = site.json(Method::GET, &format!("/api/v1/contests/{id}"), &site.owner, None).await;
    assert_eq!(seoul_contest["submission_closes_at"], "2026-12-10T00:00:00Z", "09:00 in Seoul");
    assert_eq!(seoul_contest["voting_closes_at"], "2026-12-20T00:00:00Z");
}
