//! The language people write in, recorded with what they write, on both engines: an idea's author
//! chooses it in the form or over the API, or leaves it to be detected; a comment's is detected; a
//! seeker chooses a challenge's; the pages mark each text with its `lang` and the API says it, and
//! a language that is not one refuses the form with its field named and stores nothing.

use axum::http::{Method, StatusCode};
use serde_json::json;

use super::{at, site};
use ideaforge_store::testing::Engine;

ideaforge_store::on_both_engines!(ideas_comments_and_challenges_record_the_language_they_are_written_in,);

/// The `lang` nearest before the first `marker` in `html` (the element holding it, or its parent).
fn lang_of<'a>(html: &'a str, marker: &str) -> Option<&'a str> {
    let before = &html[..html.find(marker)?];
    let lang = before.rfind(" lang=\"")? + " lang=\"".len();
    let end = before[lang..].find('"')?;
    Some(&before[lang..lang + end])
}

async fn ideas_comments_and_challenges_record_the_language_they_are_written_in(engine: Engine) {
    let site = site(engine).await;

    // A form's choice is recorded and shown; an unknown language refuses the form and stores nothing.
    let form = "title=Ombrelli&summary=Per+tutti&body=Ok&category=outdoors&tags=";
    let (status, page) = site.form("/ideas", &site.inventor, &format!("{form}&language=tlh")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(r#"id="field-language""#) && page.contains(r#"aria-invalid="true""#), "{page}");
    let (_, mine) = site.json(Method::GET, "/api/v1/ideas", &site.inventor, None).await;
    assert_eq!(mine["ideas"].as_array().map(Vec::len), Some(0), "nothing stored: {mine}");
    let (status, _) = site.form("/ideas", &site.inventor, &format!("{form}&language=it")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, list) = site.json(Method::GET, "/api/v1/ideas", "", None).await;
    let chosen = list["ideas"][0]["id"].as_str().expect("idea").to_owned();
    assert_eq!(list["ideas"][0]["language"], "it", "a short text keeps the language its author chose");

    // Over the API: chosen, or detected from the words when left out.
    let korean = json!({"title": "지하철역 자전거 보관함", "summary": "비와 도난 걱정 없는 역 앞 자전거 보관함을 만들어요.",
        "body": "교통카드로 여는 잠금식 보관함을 모든 지하철역에 설치합니다.", "category": "mobility"});
    let detected = site.post("/ideas", &site.fan, korean).await;
    assert_eq!(detected["language"], "ko", "{detected}");
    let (status, refused) = site
        .json(
            Method::POST,
            "/api/v1/ideas",
            &site.fan,
            Some(json!({"title": "X", "summary": "Y", "body": "Z",
            "category": "kitchen", "language": "english"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused["error"]["fields"]["language"].is_object(), "{refused}");

    // The pages mark the text with it; a comment's language is detected when it is posted.
    let (_, page) = site.call(Method::GET, &format!("/ideas/{chosen}"), "", None).await;
    assert_eq!(lang_of(&page, ">Ombrelli<"), Some("it"), "the idea's title");
    let comment = "Questa idea mi piace moltissimo, soprattutto per le giornate di pioggia in città.";
    site.post(&format!("/ideas/{chosen}/comments"), &site.fan, json!({"body": comment})).await;
    let (_, page) = site.call(Method::GET, &format!("/ideas/{chosen}"), "", None).await;
    assert_eq!(lang_of(&page, "Questa idea mi piace"), Some("it"), "the comment");
    let (_, list) = site.call(Method::GET, "/ideas", "", None).await;
    let id = detected["id"].as_str().expect("id");
    assert_eq!(lang_of(&list, &format!(r#"href="/ideas/{id}""#)), Some("ko"), "the card's title");

    // A seeker chooses the challenge's language; the API and the page say it.
    site.post("/orgs", &site.owner, json!({"name": "Acme", "slug": "acme"})).await;
    let challenge = site
        .post(
            "/challenges",
            &site.owner,
            json!({"org": "acme", "title": "Capsule", "public_statement": "Compost.", "confidential_details": "PLA.",
                "type": "ideation", "difficulty": "low", "category": "materials",
                "award": {"amount_minor": 100_000, "currency": "EUR"}, "award_split_bp": [10_000],
                "submission_deadline": at(30), "ip_terms": "assign", "anonymous": false,
                "criteria": [{"name": "Feasibility", "weight": 1}], "language": "it"}),
        )
        .await;
    assert_eq!(challenge["language"], "it", "{challenge}");
    let (_, page) = site
        .call(Method::GET, &format!("/challenges/{}", challenge["id"].as_str().expect("id")), &site.owner, None)
        .await;
    assert_eq!(lang_of(&page, ">Capsule<"), Some("it"), "the challenge's title");
}
