//! Account e-mail through the real SMTP server: registration sends a confirmation link (and
//! notification mail waits for it), and a forgotten password is reset by a link that works once.

use super::*;

on_both_engines!(
    registration_sends_a_confirmation_link_and_notification_mail_waits_for_it,
    a_forgotten_password_is_reset_by_a_link_that_works_once,
);

/// The first link in a message's text that starts with `prefix`.
fn link_in(message: &str, prefix: &str) -> String {
    let text = body(message);
    assert!(text.contains(prefix), "a link starting {prefix} in {text}");
    let start = text.find(prefix).expect("found");
    text[start..].split(|c: char| c.is_whitespace() || c == '"' || c == '<').next().unwrap_or_default().to_owned()
}

/// A link's query parameters.
fn query_of(link: &str) -> Vec<(String, String)> {
    let query = link.split_once('?').map(|(_, q)| q).unwrap_or_default();
    query.split('&').filter_map(|pair| pair.split_once('=')).map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
}

/// A link with its signature's last character changed.
fn forged(link: &str) -> String {
    let mut forged = link.to_owned();
    let last = forged.pop().expect("a character");
    forged.push(if last == '0' { '1' } else { '0' });
    forged
}

async fn status_of(visitor: &Visitor, link: &str) -> (StatusCode, String) {
    let response = visitor.client.get(link).send().await.expect("GET");
    let status = response.status();
    (status, response.text().await.expect("body"))
}

async fn registration_sends_a_confirmation_link_and_notification_mail_waits_for_it(engine: Engine) {
    let smtp = SmtpServer::start().await;
    let app = app_with_smtp(engine, smtp.port, true).await;
    let api = Api::new(&app);
    let (_, bob) = app.member("bob@example.com", "Bob", Role::Member).await;

    // Giulia registers with an Italian browser: her mail is written in Italian.
    let giulia = app.visitor();
    let registered = giulia
        .client
        .post(giulia.url("/register"))
        .header("sec-fetch-site", "same-origin")
        .header("accept-language", "it-IT,it;q=0.9,en;q=0.5")
        .form(&[("email", "giulia@example.com"), ("display_name", "Giulia"), ("password", PASSWORD)])
        .send()
        .await
        .expect("register");
    assert_eq!(registered.status(), StatusCode::SEE_OTHER);
    assert!(eventually(Duration::from_secs(15), || async { smtp.messages().len() == 1 }).await, "the link arrives");
    let confirm = smtp.messages().pop().expect("one message");
    assert!(header(&confirm, "To").is_some_and(|to| to.contains("giulia@example.com")), "{confirm}");
    assert_eq!(decoded_header(&confirm, "Subject").as_deref(), Some("Conferma il tuo indirizzo e-mail per Ideaforge"));
    assert!(body(&confirm).contains("Ciao Giulia,"), "{}", body(&confirm));
    assert!(header(&confirm, "List-Unsubscribe").is_none(), "account mail has nothing to unsubscribe from");
    let link = link_in(&confirm, &format!("{}/verify-email?", app.base));

    // Until she confirms, what happens reaches her in the app only.
    let user =
        app.app.store().user_with_password(&ideaforge_domain::Email::parse("giulia@example.com").expect("email")).await;
    let user = user.expect("lookup").expect("account").0;
    assert!(!user.email_verified);
    let name = ideaforge_domain::TokenName::parse("tests").expect("name");
    let token = app.app.issue_full_token(&user, &name).await.expect("token").1.expose().to_owned();
    let (_, me) = api.get("/me", &token).await;
    assert_eq!((me["email_verified"].as_bool(), me["language"].as_str()), (Some(false), Some("it")));
    let idea = idea_by(&api, &token).await;
    let comment = json!({"body": "Could it whistle?"});
    assert_eq!(api.post(&format!("/ideas/{idea}/comments"), &bob, comment).await.0, StatusCode::CREATED);
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(smtp.messages().len(), 1, "no notification mail to an unconfirmed address");
    let home = giulia.get("/").await.text().await.expect("page");
    assert!(home.contains(r#"id="unread-count""#) && home.contains(">1</mark>"), "the navigation counts it: {home}");

    // A forged link is refused; the real one confirms the address.
    let (status, page) = status_of(&giulia, &forged(&link)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("link-refused"), "{page}");
    let confirmed = giulia.client.get(&link).send().await.expect("GET");
    assert_eq!(confirmed.status(), StatusCode::SEE_OTHER);
    assert_eq!(confirmed.headers()["location"], "/account");
    let (_, me) = api.get("/me", &token).await;
    assert_eq!(me["email_verified"], true);
    assert!(giulia.get("/account").await.text().await.expect("page").contains(r#"id="email-verified""#));
    assert_eq!(giulia.client.get(&link).send().await.expect("GET").status(), StatusCode::SEE_OTHER, "harmless twice");

    // Reading the list changes nothing (a GET never writes); marking them read clears the count.
    assert!(giulia.get("/notifications").await.text().await.expect("page").contains(r#"id="unread-count""#));
    assert!(giulia.get("/").await.text().await.expect("page").contains(r#"id="unread-count""#));
    assert_eq!(giulia.post_form("/notifications/read", &[]).await.status(), StatusCode::SEE_OTHER);
    assert!(!giulia.get("/notifications").await.text().await.expect("page").contains(r#"id="unread-count""#));
    assert!(!giulia.get("/").await.text().await.expect("page").contains(r#"id="unread-count""#));

    // Now comments reach her, in Italian; after she picks Korean, in Korean.
    let comment = json!({"body": "Blu, per favore"});
    assert_eq!(api.post(&format!("/ideas/{idea}/comments"), &bob, comment).await.0, StatusCode::CREATED);
    assert!(eventually(Duration::from_secs(15), || async { smtp.messages().len() == 2 }).await);
    let italian = smtp
        .messages()
        .into_iter()
        .find(|m| decoded_header(m, "Subject").is_some_and(|s| s.contains("ha commentato")))
        .expect("an Italian message");
    assert_eq!(decoded_header(&italian, "Subject").as_deref(), Some("Bob ha commentato “Kettle that knows”"));
    assert!(body(&italian).contains("Blu, per favore") && body(&italian).contains(r#"<html lang="it">"#));
    assert_eq!(
        giulia.post_form("/account/language", &[("language", "xx")]).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(giulia.post_form("/account/language", &[("language", "ko")]).await.status(), StatusCode::SEE_OTHER);
    let comment = json!({"body": "파란색으로 해 주세요"});
    assert_eq!(api.post(&format!("/ideas/{idea}/comments"), &bob, comment).await.0, StatusCode::CREATED);
    assert!(eventually(Duration::from_secs(15), || async { smtp.messages().len() == 3 }).await);
    let korean = smtp
        .messages()
        .into_iter()
        .find(|m| decoded_header(m, "Subject").is_some_and(|s| s.contains("댓글을 남겼습니다")))
        .expect("a Korean message");
    assert!(body(&korean).contains("Giulia님, 안녕하세요.") && body(&korean).contains("파란색으로 해 주세요"));
    // Her notification list words every notice in her language when she reads it, the Italian
    // comment's included.
    let list = giulia.get("/notifications").await.text().await.expect("page");
    assert!(list.contains("Bob님이 댓글을 남겼습니다: 파란색으로 해 주세요"), "{list}");
    assert!(list.contains("Bob님이 댓글을 남겼습니다: Blu, per favore"), "{list}");

    // Asking for another link once confirmed sends nothing.
    assert_eq!(giulia.post_form("/account/verify-email", &[]).await.status(), StatusCode::SEE_OTHER);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(smtp.messages().len(), 3);
    app.stop().await;
}

async fn a_forgotten_password_is_reset_by_a_link_that_works_once(engine: Engine) {
    let smtp = SmtpServer::start().await;
    let app = app_with_smtp(engine, smtp.port, true).await;
    app.member("ada@example.com", "Ada", Role::Member).await;
    let laptop = app.visitor();
    assert_eq!(laptop.sign_in("ada@example.com", PASSWORD).await.status(), StatusCode::SEE_OTHER);
    let issued = new_client()
        .post(app.url("/api/v1/tokens"))
        .json(&json!({"email": "ada@example.com", "password": PASSWORD, "name": "cli"}))
        .send()
        .await
        .expect("POST");
    let token = issued.json::<serde_json::Value>().await.expect("JSON")["token"].as_str().expect("secret").to_owned();
    let me =
        || async { new_client().get(app.url("/api/v1/me")).bearer_auth(&token).send().await.expect("GET").status() };
    assert_eq!(me().await, StatusCode::OK);
    let phone = app.visitor();
    let sign_in = phone.get("/signin").await.text().await.expect("page");
    assert!(sign_in.contains(r#"href="/password/forgot""#), "{sign_in}");

    // Unknown and known addresses get the same answer; only the account's owner gets mail.
    let unknown = phone.post_form("/password/forgot", &[("email", "nobody@example.com")]).await;
    assert_eq!(unknown.status(), StatusCode::OK);
    let unknown = unknown.text().await.expect("page");
    assert!(unknown.contains(r#"id="reset-sent""#), "{unknown}");
    let bad = phone.post_form("/password/forgot", &[("email", "not an address")]).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let known = phone.post_form("/password/forgot", &[("email", " ADA@example.com ")]).await;
    assert_eq!(known.status(), StatusCode::OK);
    assert!(known.text().await.expect("page").contains(r#"id="reset-sent""#));
    assert!(eventually(Duration::from_secs(15), || async { smtp.messages().len() == 1 }).await);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1, "no mail for an unknown address");
    let reset = &messages[0];
    assert!(header(reset, "To").is_some_and(|to| to.contains("ada@example.com")));
    assert_eq!(decoded_header(reset, "Subject").as_deref(), Some("Reset your Ideaforge password"));
    let link = link_in(reset, &format!("{}/password/reset?", app.base));

    // A forged link shows no form; the real one does.
    let (status, page) = status_of(&phone, &forged(&link)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    let (status, page) = status_of(&phone, &link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"name="t""#), "{page}");

    let fields = query_of(&link);
    let form = |password: &'static str| {
        let mut form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        form.push(("password", password));
        form
    };
    let short = phone.post_form("/password/reset", &form("short")).await;
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let done = phone.post_form("/password/reset", &form("a brand new passphrase")).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(done.headers()["location"], "/signin");

    // Every session ended; the old password is gone; the new one works; the link is spent.
    assert_eq!(laptop.get("/account").await.status(), StatusCode::SEE_OTHER, "the laptop was signed out");
    assert_eq!(me().await, StatusCode::UNAUTHORIZED, "the API token died with the old password");
    assert_eq!(phone.sign_in("ada@example.com", PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(phone.sign_in("ada@example.com", "a brand new passphrase").await.status(), StatusCode::SEE_OTHER);
    let again = phone.post_form("/password/reset", &form("yet another passphrase")).await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    assert!(again.text().await.expect("page").contains("link-refused"));

    // A link older than an hour has expired.
    assert_eq!(phone.post_form("/password/forgot", &[("email", "ada@example.com")]).await.status(), StatusCode::OK);
    assert!(eventually(Duration::from_secs(15), || async { smtp.messages().len() == 2 }).await);
    let second = smtp.messages().into_iter().map(|m| link_in(&m, &format!("{}/password/reset?", app.base)));
    let second = second.into_iter().find(|l| *l != link).expect("a second link");
    app.clock.advance(time::Duration::minutes(61));
    let (status, page) = status_of(&phone, &second).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("expired"), "{page}");
    app.stop().await;
}
