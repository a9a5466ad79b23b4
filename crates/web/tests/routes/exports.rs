//! A contest's ideas taken out by its managers, on both engines: CSV that a spreadsheet opens
//! without running any cell as a formula, and JSON lines, both streamed in batches (an export of
//! more ideas than a batch holds comes out whole, each idea once); nobody else may take them.

use axum::http::{Method, StatusCode};
use ideaforge_domain::idea::IdeaContent;
use serde_json::{Value, json};

use super::site;
use ideaforge_store::testing::Engine;

ideaforge_store::on_both_engines!(managers_export_a_contests_ideas_as_csv_and_json_lines,);

async fn managers_export_a_contests_ideas_as_csv_and_json_lines(engine: Engine) {
    let site = site(engine).await;
    let (contest, idea) = site.contest_with_ideas().await;
    let formula = json!({"contest_id": contest, "title": "=HYPERLINK(\"http://evil.example\",\"win\")",
        "summary": "+1 is a summary", "body": "Body.", "category": "kitchen"});
    site.post("/ideas", &site.fan, formula).await;

    let csv = format!("/api/v1/contests/{contest}/ideas.csv");
    let (status, text) = site.call(Method::GET, &csv, &site.owner, None).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "id,title,summary,category,stage,votes,author,tags,language,submitted_at,url");
    assert_eq!(lines.len(), 4, "a header and three ideas: {text}");
    let kettle = lines.iter().find(|l| l.contains("Kettle that knows")).expect("the kettle");
    assert!(
        kettle.starts_with(&format!("{idea},Kettle that knows,")) && kettle.contains(",shortlisted,1,Ines Inventor,")
    );
    assert!(kettle.contains("\"kettle, quiet\"") && kettle.contains(&format!("/ideas/{idea}")), "{kettle}");
    let bad = lines.iter().find(|l| l.contains("HYPERLINK")).expect("the formula idea");
    assert!(bad.contains("\"'=HYPERLINK(") && bad.contains(",'+1 is a summary,"), "{bad}");

    // Compressed, as a browser asks for it, the stream ends cleanly (the compression layer asks for
    // more after the end).
    for encoding in ["gzip", "br"] {
        let request = axum::http::Request::get(&csv)
            .header(axum::http::header::AUTHORIZATION, format!("Bearer {}", site.owner))
            .header(axum::http::header::ACCEPT_ENCODING, encoding)
            .body(axum::body::Body::empty())
            .expect("request");
        let response = tower::ServiceExt::oneshot(site.router.clone(), request).await.expect("answered");
        assert_eq!(response.status(), StatusCode::OK);
        let body = http_body_util::BodyExt::collect(response.into_body()).await.expect("the whole body");
        assert!(!body.to_bytes().is_empty(), "{encoding}");
    }

    // Nobody but the organization's managers.
    for (token, status) in [("", StatusCode::UNAUTHORIZED), (site.fan.as_str(), StatusCode::FORBIDDEN)] {
        assert_eq!(site.call(Method::GET, &csv, token, None).await.0, status);
    }

    // More ideas than a batch: every one, once, in order.
    let (author, _) = site.app.token_user(&site.inventor).await.expect("lookup").expect("the inventor");
    let contents: Vec<IdeaContent> = (0..1_201)
        .map(|n| IdeaContent::parse(&format!("Imported {n}"), "Summary.", "Body.", "kitchen", "").expect("idea"))
        .collect();
    let contest_id = contest.parse().expect("contest id");
    site.app.import_ideas(&author, Some(contest_id), &contents).await.expect("import");
    let (status, lines) =
        site.call(Method::GET, &format!("/api/v1/contests/{contest}/ideas.jsonl"), &site.owner, None).await;
    assert_eq!(status, StatusCode::OK);
    let ideas: Vec<Value> = lines.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
    assert_eq!(ideas.len(), 1_204);
    let ids: Vec<i64> = ideas.iter().map(|i| i["id"].as_str().expect("id").parse().expect("number")).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "in order, each once");
    assert_eq!(ideas[0]["title"], "Kettle that knows");
    assert_eq!((ideas[0]["votes"].as_i64(), ideas[0]["stage"].as_str()), (Some(1), Some("shortlisted")));
    assert_eq!(ideas[1_203]["title"], "Imported 1200");
}
