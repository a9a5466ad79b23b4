//! Administration on both engines, as admins and members meet it: a member signed in with a session
//! and a token is suspended on the page with a reason and is signed out everywhere at once (the
//! session and the token stop working, signing in again is refused with a message saying why, an
//! API token cannot be had with the password); bad input stores nothing; nobody administers their
//! own account; only admins reach any of it; the audit log lists every admin and moderator action,
//! a moderator's approval among them, with who, what, when and why.

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

use super::{Site, site};
use ideaforge_store::testing::Engine;

ideaforge_store::on_both_engines!(a_suspended_member_is_signed_out_everywhere_and_the_audit_log_says_why,);

async fn send(site: &Site, request: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let response = site.router.clone().oneshot(request).await.expect("answered");
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = response.into_body().collect().await.expect("body").to_bytes();
    (status, headers, String::from_utf8_lossy(&bytes).into_owned())
}

fn sign_in(email: &str) -> Request<Body> {
    let body = format!("email={}&password=correct+horse+battery", email.replace('@', "%40"));
    Request::post("/signin")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .expect("request")
}

async fn a_suspended_member_is_signed_out_everywhere_and_the_audit_log_says_why(engine: Engine) {
    let site = site(engine).await;
    // A moderator's approval and a moderator removing the fan's comment, for the audit log.
    let (_, idea) = site.contest_with_ideas().await;
    let (_, page) = site.call(Method::GET, &format!("/ideas/{idea}"), &site.moderator, None).await;
    let comment = page.split("/comments/").nth(1).and_then(|rest| rest.split('/').next()).expect("a comment");
    let (status, _) = site.form(&format!("/comments/{comment}/delete"), &site.moderator, "").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, headers, _) = send(&site, sign_in("fan@example.com")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let session = headers[header::SET_COOKIE].to_str().expect("cookie").split(';').next().expect("pair").to_owned();
    let with_session =
        |path: &str| Request::get(path).header(header::COOKIE, &session).body(Body::empty()).expect("request");
    assert_eq!(send(&site, with_session("/account")).await.0, StatusCode::OK, "signed in");

    // Found by part of the address, any case, on the members page; `%` is a character, not a wildcard.
    let (_, page) = site.call(Method::GET, "/admin/users?q=FAN%40EXAMPLE", &site.admin, None).await;
    assert!(page.contains("fan@example.com") && !page.contains("ines@example.com"), "{page}");
    let (_, page) = site.call(Method::GET, "/admin/users?q=%25", &site.admin, None).await;
    assert!(!page.contains("fan@example.com"), "a literal %");
    let (_, found) = site.json(Method::GET, "/api/v1/admin/users?q=fan", &site.admin, None).await;
    let fan = found["users"][0]["id"].as_str().expect("the fan").to_owned();
    let (_, page) = site.call(Method::GET, &format!("/admin/users/{fan}"), &site.admin, None).await;
    assert!(page.contains(&format!(r#"action="/admin/users/{fan}/suspend""#)), "{page}");

    // Bad input is refused with the field named, and stores nothing.
    let before = site.app.store().row_counts().await.expect("counts");
    let (status, page) = site.form(&format!("/admin/users/{fan}/suspend"), &site.admin, "reason=+++").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(r#"id="field-reason""#) && page.contains(r#"aria-invalid="true""#), "{page}");
    let (status, _) = site.form(&format!("/admin/users/{fan}/role"), &site.admin, "role=emperor").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(site.app.store().row_counts().await.expect("counts"), before, "nothing stored");

    // Only admins; never one's own account.
    for token in [&site.moderator, &site.fan, &site.owner] {
        let (status, _) = site.form(&format!("/admin/users/{fan}/suspend"), token, "reason=No").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(site.call(Method::GET, "/admin/audit", token, None).await.0, StatusCode::FORBIDDEN);
    }
    let (_, me) = site.json(Method::GET, "/api/v1/me", &site.admin, None).await;
    let own = format!("/api/v1/admin/users/{}/suspension", me["id"].as_str().expect("id"));
    let (status, _) = site.json(Method::POST, &own, &site.admin, Some(json!({"reason": "Oops"}))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not oneself");

    // Suspended: the session and the token end, signing in again is refused and says why.
    let (status, _) =
        site.form(&format!("/admin/users/{fan}/suspend"), &site.admin, "reason=Spam+in+every+comment").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, headers, _) = send(&site, with_session("/account")).await;
    let to = headers.get(header::LOCATION).and_then(|l| l.to_str().ok()).unwrap_or_default();
    assert!(status == StatusCode::SEE_OTHER && to.starts_with("/signin"), "the session ended: {status} {to}");
    assert_eq!(
        site.json(Method::GET, "/api/v1/me", &site.fan, None).await.0,
        StatusCode::UNAUTHORIZED,
        "the token ended"
    );
    let (status, _, page) = send(&site, sign_in("fan@example.com")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("This account is suspended"), "{page}");
    let (status, _, _) = send(&site, sign_in("fan@example.com")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "and again");
    let token = json!({"email": "fan@example.com", "password": "correct horse battery", "name": "back door"});
    let (status, refused) = site.json(Method::POST, "/api/v1/tokens", "", Some(token)).await;
    assert_eq!((status, refused["error"]["code"].as_str()), (StatusCode::FORBIDDEN, Some("suspended")), "{refused}");
    let (_, page) = site.call(Method::GET, &format!("/admin/users/{fan}"), &site.admin, None).await;
    assert!(page.contains("Spam in every comment") && page.contains("Suspended by Ada Admin"), "{page}");

    // Reinstated, they sign in again; made a moderator, they moderate.
    assert_eq!(site.form(&format!("/admin/users/{fan}/reinstate"), &site.admin, "").await.0, StatusCode::SEE_OTHER);
    assert_eq!(send(&site, sign_in("fan@example.com")).await.0, StatusCode::SEE_OTHER);
    assert_eq!(
        site.form(&format!("/admin/users/{fan}/role"), &site.admin, "role=moderator").await.0,
        StatusCode::SEE_OTHER
    );
    let (_, found) = site.json(Method::GET, &format!("/api/v1/admin/users/{fan}"), &site.admin, None).await;
    assert_eq!((found["role"].as_str(), found["suspended"].as_bool()), (Some("moderator"), Some(false)));

    // The audit log: each action, newest first, with who and why; the moderator's approval too.
    let (_, page) = site.call(Method::GET, "/admin/audit", &site.admin, None).await;
    for line in [
        "Changed a member&#39;s role",
        "Lifted a suspension",
        "Suspended a member",
        "Removed a comment",
        "Approved a contest",
    ] {
        assert!(page.contains(&line.replace("&#39;", "'")) || page.contains(line), "{line}: {page}");
    }
    let (_, audit) = site.json(Method::GET, "/api/v1/admin/audit", &site.admin, None).await;
    let entries = audit["entries"].as_array().expect("entries");
    let (who, what): (Vec<&str>, Vec<&str>) = entries
        .iter()
        .map(|e| (e["actor"].as_str().unwrap_or_default(), e["action"].as_str().unwrap_or_default()))
        .unzip();
    assert_eq!(what, ["role_changed", "user_reinstated", "user_suspended", "comment_removed", "contest_approved"]);
    assert_eq!(who, ["Ada Admin", "Ada Admin", "Ada Admin", "Mo Moderator", "Mo Moderator"]);
    assert_eq!(entries[2]["reason"], "Spam in every comment");
    assert_eq!(entries[2]["subject"], format!("user:{fan}"));
    let (status, _) = site.json(Method::GET, "/api/v1/admin/audit?before=soon", &site.admin, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}
