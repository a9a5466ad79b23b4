//! Managed categories on both engines, as admins and managers meet them: an admin creates one on
//! the page (bad input and a slug in use refused with the field named, storing nothing), renames
//! it (pages show the new name, links keep the slug), retires it through the API (it is offered no
//! more: a new contest under it is refused, an idea filed under it keeps it when edited) and
//! offers it again; only admins reach any of it; the audit log lists every change with who did it.

use axum::http::{Method, StatusCode};
use serde_json::json;

use super::{Site, at, site};
use ideaforge_store::testing::Engine;

ideaforge_store::on_both_engines!(admins_create_rename_retire_and_restore_categories_and_forms_follow,);

fn contest(category: &str) -> serde_json::Value {
    json!({
        "org": "acme", "title": "Gardens", "brief": "Greener balconies.", "category": category,
        "submission_closes_at": at(10), "voting_closes_at": at(20), "influence_pool_bp": 500, "ip_terms": "Licence.",
    })
}

async fn create_contest(site: &Site, category: &str) -> (StatusCode, serde_json::Value) {
    site.json(Method::POST, "/api/v1/contests", &site.owner, Some(contest(category))).await
}

async fn admins_create_rename_retire_and_restore_categories_and_forms_follow(engine: Engine) {
    let site = site(engine).await;
    let (_, idea) = site.contest_with_ideas().await;

    // The starters are there; the page links every category's forms.
    let (status, page) = site.call(Method::GET, "/admin/categories", &site.admin, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"action="/admin/categories/kitchen/rename""#) && page.contains("<code>general</code>"));

    // Bad input and a slug in use are refused with the field named, and store nothing.
    let before = site.app.store().row_counts().await.expect("counts");
    let (status, page) = site.form("/admin/categories", &site.admin, "slug=Garden+Tools%21&name=").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(r#"id="field-slug""#) && page.contains(r#"aria-invalid="true""#), "{page}");
    assert!(page.contains("This field is required."), "the name too");
    let (status, page) = site.form("/admin/categories", &site.admin, "slug=kitchen&name=Cooking").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("already in use"), "{page}");
    let (status, page) = site.form("/admin/categories/kitchen/rename", &site.admin, "name=+").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(r#"id="rename-kitchen""#) && page.contains(r#"aria-invalid="true""#), "{page}");
    let (status, body) =
        site.json(Method::POST, "/api/v1/admin/categories", &site.admin, Some(json!({"slug": "x"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["error"]["fields"]["slug"].is_object() && body["error"]["fields"]["name"].is_object(), "{body}");
    assert_eq!(site.app.store().row_counts().await.expect("counts"), before, "nothing stored");

    // Only admins.
    for token in [&site.moderator, &site.owner, &site.fan] {
        assert_eq!(site.call(Method::GET, "/admin/categories", token, None).await.0, StatusCode::FORBIDDEN);
        let (status, _) = site.form("/admin/categories", token, "slug=garden-tools&name=Garden").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = site.call(Method::POST, "/api/v1/admin/categories/kitchen/retirement", token, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    assert_eq!(
        site.call(Method::POST, "/admin/categories/no-such/retire", &site.admin, None).await.0,
        StatusCode::NOT_FOUND
    );

    // Created on the page: the forms offer it by name, and a contest may be filed under it.
    let (status, _) = site.form("/admin/categories", &site.admin, "slug=garden-tools&name=Garden+tools").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = site.call(Method::GET, "/orgs/acme/contests/new", &site.owner, None).await;
    assert!(page.contains(r#"<option value="garden-tools">Garden tools</option>"#), "{page}");
    let (status, body) = create_contest(&site, "no-such-category").await;
    assert_eq!(
        (status, body["error"]["fields"]["category"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown"))
    );
    let (status, created) = create_contest(&site, "garden-tools").await;
    assert_eq!(status, StatusCode::CREATED, "{created}");

    // Renamed: pages show the new name; the slug, in links and the API, stays.
    let (status, _) = site.form("/admin/categories/kitchen/rename", &site.admin, "name=Kitchen+%26+home").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = site.call(Method::GET, &format!("/ideas/{idea}"), &site.fan, None).await;
    assert!(page.contains("Kitchen &amp; home"), "{page}");
    let (_, page) = site.call(Method::GET, "/contests", &site.fan, None).await;
    assert!(page.contains("Acme · Kitchen &amp; home ·") && !page.contains("· kitchen ·"), "the cards too: {page}");
    let (_, body) = site.json(Method::GET, &format!("/api/v1/ideas/{idea}"), &site.fan, None).await;
    assert_eq!(body["category"], "kitchen");

    // Retired through the API: offered no more, refused for new things, kept by what has it.
    let (status, _) = site.call(Method::POST, "/api/v1/admin/categories/kitchen/retirement", &site.admin, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, offered) = site.json(Method::GET, "/api/v1/categories", "", None).await;
    let offered: Vec<&str> =
        offered["categories"].as_array().expect("list").iter().filter_map(|c| c["slug"].as_str()).collect();
    assert!(offered.contains(&"garden-tools") && !offered.contains(&"kitchen"), "{offered:?}");
    let (_, all) = site.json(Method::GET, "/api/v1/admin/categories", &site.admin, None).await;
    let kitchen = all["categories"].as_array().expect("list").iter().find(|c| c["slug"] == "kitchen").cloned();
    assert!(kitchen.expect("listed")["retired_at"].is_string(), "retired, still listed for admins");
    let (status, body) = create_contest(&site, "kitchen").await;
    assert_eq!(
        (status, body["error"]["fields"]["category"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("retired"))
    );
    let (_, page) = site.call(Method::GET, &format!("/ideas/{idea}/edit"), &site.inventor, None).await;
    assert!(page.contains(r#"<option value="kitchen" selected>Kitchen &amp; home</option>"#), "kept: {page}");
    let edit = |category: &str| {
        format!(
            "title=Kettle+that+knows+more&summary=A+kettle.&body=It+whistles.&category={category}&tags=kettle&revision=1"
        )
    };
    let (status, _) = site.form(&format!("/ideas/{idea}/edit"), &site.inventor, &edit("kitchen")).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "an idea keeps its retired category");
    let (status, body) = site.json(Method::GET, "/api/v1/admin/categories", &site.admin, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) =
        site.call(Method::POST, "/api/v1/admin/categories/garden-tools/retirement", &site.admin, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, page) = site.form(&format!("/ideas/{idea}/edit"), &site.inventor, &edit("garden-tools")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "but moves to no retired one");
    assert!(page.contains("no longer offered"), "{page}");

    // An idea sent to a contest filed under a retired category may take the contest's category.
    let (status, body) = create_contest(&site, "garden-tools").await;
    assert_eq!(
        (status, body["error"]["fields"]["category"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("retired"))
    );
    let contest = created["id"].as_str().expect("the garden contest");
    site.json(Method::POST, &format!("/api/v1/contests/{contest}/approve"), &site.moderator, None).await;
    let (_, form) = site.call(Method::GET, &format!("/ideas/new?contest={contest}"), &site.inventor, None).await;
    assert!(form.contains(r#"<option value="garden-tools" selected>Garden tools</option>"#), "{form}");
    let sent = format!(
        "contest_id={contest}&title=Raised+beds&summary=For+balconies.&body=Light.&category=garden-tools&tags="
    );
    let (status, page) = site.form("/ideas", &site.inventor, &sent).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");

    // The forms answer an unknown category like any refused field, storing nothing; challenges too.
    let before = site.app.store().row_counts().await.expect("counts");
    let form = "title=Gardens&brief=Greener&category=no-such&submission_closes_at=2026-12-10T09%3A00\
                &voting_closes_at=2026-12-20T09%3A00&influence_pool_bp=500&ip_terms=Licence";
    let (status, page) = site.form("/orgs/acme/contests", &site.owner, form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Choose one of the categories on offer."), "{page}");
    let challenge = json!({
        "org": "acme", "title": "Compostable capsule", "public_statement": "A capsule.", "confidential_details": "Zeta.",
        "type": "reduction_to_practice", "difficulty": "high", "category": "garden-tools",
        "award": {"amount_minor": 100_000, "currency": "USD"}, "award_split_bp": [10_000],
        "submission_deadline": at(30), "criteria": [{"name": "Cost", "weight": 100}], "ip_terms": "assign",
    });
    let (status, body) = site.json(Method::POST, "/api/v1/challenges", &site.owner, Some(challenge)).await;
    assert_eq!(
        (status, body["error"]["fields"]["category"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("retired")),
        "{body}"
    );
    assert_eq!(site.app.store().row_counts().await.expect("counts"), before, "nothing stored");

    // Offered again.
    let (status, _) = site.call(Method::DELETE, "/api/v1/admin/categories/kitchen/retirement", &site.admin, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(create_contest(&site, "kitchen").await.0, StatusCode::CREATED);
    let (status, body) = site
        .json(Method::PATCH, "/api/v1/admin/categories/garden-tools", &site.admin, Some(json!({"name": "Gardens"})))
        .await;
    assert_eq!((status, body["name"].as_str()), (StatusCode::OK, Some("Gardens")));

    // The audit log lists each change, with who made it.
    let (_, audit) = site.json(Method::GET, "/api/v1/admin/audit", &site.admin, None).await;
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["subject"].as_str().is_some_and(|s| s.starts_with("category:")))
        .map(|e| e["action"].as_str().expect("action"))
        .collect();
    assert_eq!(
        actions,
        [
            "category_renamed",
            "category_restored",
            "category_retired",
            "category_retired",
            "category_renamed",
            "category_created"
        ]
    );
    assert_eq!(audit["entries"][0]["actor"], "Ada Admin");
    let (_, page) = site.call(Method::GET, "/admin/audit", &site.admin, None).await;
    assert!(page.contains("Renamed a category") && page.contains("Retired a category"), "{page}");
}
