//! E-mail: messages rendered as HTML and plain text, and the transports that deliver them — SMTP
//! (plain, STARTTLS or TLS, with credentials) for production, `.eml` files in a folder for the
//! embedded default. The outbox and the mailer that drives these live in `app`.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use maud::{DOCTYPE, html};

mod catalog;
pub mod notice;
pub use catalog::Catalog;

/// How to reach the SMTP server.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tls {
    /// No encryption (a relay on localhost, tests).
    #[default]
    None,
    /// Plain connection upgraded with STARTTLS (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

/// Where mail goes.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TransportKind {
    /// `.eml` files in a folder.
    Files,
    /// An SMTP server.
    Smtp,
}

/// Mail settings.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(default)]
pub struct MailConfig {
    /// `files` (default) or `smtp`.
    pub transport: TransportKind,
    /// The sender, as `Name <address>`.
    pub from: String,
    /// The folder for `files` (default `<data-dir>/mail`).
    pub dir: Option<PathBuf>,
    /// SMTP host.
    pub smtp_host: String,
    /// SMTP port.
    pub smtp_port: u16,
    /// SMTP encryption.
    pub smtp_tls: Tls,
    /// SMTP user name, if the server wants credentials.
    pub smtp_username: Option<String>,
    /// SMTP password.
    pub smtp_password: Option<String>,
    /// Seconds before an SMTP conversation is abandoned.
    pub smtp_timeout_secs: u64,
    /// Whether this node runs the mailer (several may: they never send one row twice).
    pub worker: bool,
    /// How often the mailer looks for due mail, in milliseconds.
    pub poll_ms: u64,
    /// Attempts before a message is marked failed.
    pub max_attempts: u32,
    /// The first retry's delay, in milliseconds; each later one doubles, up to `retry_cap_ms`.
    pub retry_base_ms: u64,
    /// The longest delay between attempts, in milliseconds.
    pub retry_cap_ms: u64,
    /// How long a claimed message stays reserved for its mailer, in seconds (a mailer that dies
    /// mid-way releases its claims when this runs out).
    pub lease_secs: u64,
    /// The key signing unsubscribe links (default: a random key kept in `<data-dir>/mail-secret`).
    pub secret: Option<String>,
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            transport: TransportKind::Files,
            from: "Ideaforge <noreply@ideaforge.localhost>".to_owned(),
            dir: None,
            smtp_host: "localhost".to_owned(),
            smtp_port: 25,
            smtp_tls: Tls::None,
            smtp_username: None,
            smtp_password: None,
            smtp_timeout_secs: 20,
            worker: true,
            poll_ms: 500,
            max_attempts: 10,
            retry_base_ms: 5_000,
            retry_cap_ms: 3_600_000,
            lease_secs: 120,
            secret: None,
        }
    }
}

/// Why mail could not be built or sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// An address does not parse.
    #[error("invalid address: {0}")]
    Address(String),
    /// The message could not be built.
    #[error("cannot build the message: {0}")]
    Build(String),
    /// The transport failed (the server is down, refused, timed out, …).
    #[error("delivery failed: {0}")]
    Send(String),
}

/// A message ready to send.
#[derive(Clone, Debug)]
pub struct Email {
    /// The recipient's address.
    pub to: String,
    /// The recipient's name.
    pub to_name: String,
    /// The subject.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML body.
    pub html: String,
    /// A stable id (`outbox-17@host`): a retried message keeps it, so receivers can spot a repeat.
    pub message_id: String,
    /// The one-click unsubscribe address (RFC 8058), if the message is a notification.
    pub unsubscribe_url: Option<String>,
}

/// `List-Unsubscribe: <https://…>`
#[derive(Clone, Debug)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.trim_matches(|c| c == '<' || c == '>').to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click`
#[derive(Clone, Debug)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

impl Email {
    fn message(&self, from: &str) -> Result<Message, MailError> {
        let from: Mailbox = from.parse().map_err(|_| MailError::Address(from.to_owned()))?;
        let to = format!("{} <{}>", self.to_name.replace(['<', '>', '"'], ""), self.to);
        let to: Mailbox = to.parse().or_else(|_| self.to.parse()).map_err(|_| MailError::Address(self.to.clone()))?;
        let mut builder = Message::builder()
            .from(from)
            .to(to)
            .subject(self.subject.clone())
            .message_id(Some(format!("<{}>", self.message_id)));
        if let Some(url) = &self.unsubscribe_url {
            builder = builder.header(ListUnsubscribe(url.clone())).header(ListUnsubscribePost);
        }
        builder
            .multipart(
                MultiPart::alternative()
                    .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(self.text.clone()))
                    .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(self.html.clone())),
            )
            .map_err(|e| MailError::Build(e.to_string()))
    }
}

/// Delivers messages.
#[derive(Clone, Debug)]
pub enum Transport {
    /// Writes `<message-id>.eml` files (rewriting the same file if a message is retried).
    Files(PathBuf),
    /// Talks SMTP.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl MailConfig {
    /// The host part of the sender's address, for Message-IDs.
    pub fn domain(&self) -> &str {
        self.from.rsplit_once('@').map_or("ideaforge.localhost", |(_, d)| d.trim_end_matches('>').trim())
    }
}

impl Transport {
    /// The transport `config` describes (`data_dir` holds the default mail folder).
    pub fn new(config: &MailConfig, data_dir: &std::path::Path) -> Result<Self, MailError> {
        match config.transport {
            TransportKind::Files => Ok(Self::Files(config.dir.clone().unwrap_or_else(|| data_dir.join("mail")))),
            TransportKind::Smtp => {
                let host = config.smtp_host.as_str();
                let builder = match config.smtp_tls {
                    Tls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
                    Tls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
                        .map_err(|e| MailError::Send(e.to_string()))?,
                    Tls::Tls => {
                        AsyncSmtpTransport::<Tokio1Executor>::relay(host).map_err(|e| MailError::Send(e.to_string()))?
                    }
                };
                let mut builder =
                    builder.port(config.smtp_port).timeout(Some(Duration::from_secs(config.smtp_timeout_secs)));
                if let (Some(user), Some(password)) = (&config.smtp_username, &config.smtp_password) {
                    builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
                }
                Ok(Self::Smtp(builder.build()))
            }
        }
    }

    /// Sends one message from `from`.
    pub async fn send(&self, email: &Email, from: &str) -> Result<(), MailError> {
        let message = email.message(from)?;
        match self {
            Self::Files(dir) => {
                tokio::fs::create_dir_all(dir).await.map_err(|e| MailError::Send(e.to_string()))?;
                let name: String = email
                    .message_id
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
                    .collect();
                let path = dir.join(format!("{name}.eml"));
                tokio::fs::write(&path, message.formatted()).await.map_err(|e| MailError::Send(e.to_string()))
            }
            Self::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(|e| MailError::Send(e.to_string())),
        }
    }
}

/// What a comment notification says.
#[derive(Clone, Debug)]
pub struct CommentMail<'a> {
    /// The recipient's name.
    pub recipient: &'a str,
    /// Who commented.
    pub commenter: &'a str,
    /// The idea's title.
    pub idea_title: &'a str,
    /// The start of the comment.
    pub excerpt: &'a str,
    /// Where to read it.
    pub idea_url: &'a str,
    /// Where to stop these messages.
    pub unsubscribe_url: &'a str,
}

/// Renders a comment notification in the catalog's language: subject, plain text, HTML (every
/// user text escaped).
pub fn render_comment(tr: &Catalog, mail: &CommentMail<'_>) -> (String, String, String) {
    let names = [("who", mail.commenter), ("idea", mail.idea_title)];
    let subject = tr.t("comment-subject", &names);
    let greeting = tr.t("greeting", &[("name", mail.recipient)]);
    let intro = tr.t("comment-body", &names);
    let (action, why, stop) = (tr.t("comment-action", &[]), tr.t("why-comment", &[]), tr.t("unsubscribe", &[]));
    let text = format!(
        "{greeting}\n\n{intro}\n\n> {}\n\n{action}: {}\n\n--\n{why} {stop}: {}\n",
        mail.excerpt.replace('\n', "\n> "),
        mail.idea_url,
        mail.unsubscribe_url,
    );
    let html = html! {
        (DOCTYPE)
        html lang=(tr.lang()) {
            body {
                p { (greeting) }
                p { (intro) }
                blockquote { (mail.excerpt) }
                p { a href=(mail.idea_url) { (action) } }
                hr;
                p { small { (why) " " a href=(mail.unsubscribe_url) { (stop) } "." } }
            }
        }
    }
    .into_string();
    (subject, text, html)
}

/// Renders a short notice (a stage change, an answer, an award …) in the catalog's language:
/// subject, plain text, HTML.
pub fn render_notice(
    tr: &Catalog,
    recipient: &str,
    title: &str,
    line: &str,
    url: &str,
    unsubscribe_url: &str,
) -> (String, String, String) {
    let subject: String = format!("{title}: {line}").chars().take(150).collect();
    let greeting = tr.t("greeting", &[("name", recipient)]);
    let stop = tr.t("unsubscribe", &[]);
    let text = format!("{greeting}\n\n{title}\n{line}\n\n{url}\n\n--\n{stop}: {unsubscribe_url}\n");
    let html = html! {
        (DOCTYPE)
        html lang=(tr.lang()) {
            body {
                p { (greeting) }
                p { a href=(url) { strong { (title) } } }
                p { (line) }
                hr;
                p { small { a href=(unsubscribe_url) { (stop) } "." } }
            }
        }
    }
    .into_string();
    (subject, text, html)
}

/// Which account message to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountMessage {
    /// Prove the address.
    VerifyEmail,
    /// Choose a new password.
    PasswordReset,
}

/// Renders an account message (address verification, password reset) with its signed link:
/// subject, plain text, HTML. No unsubscribe link: the member asked for it.
pub fn render_account(tr: &Catalog, recipient: &str, message: AccountMessage, url: &str) -> (String, String, String) {
    let prefix = match message {
        AccountMessage::VerifyEmail => "verify",
        AccountMessage::PasswordReset => "reset",
    };
    let key = |suffix: &str| tr.t(&format!("{prefix}-{suffix}"), &[]);
    let (subject, body, action, ignore) = (key("subject"), key("body"), key("action"), key("ignore"));
    let greeting = tr.t("greeting", &[("name", recipient)]);
    let text = format!("{greeting}\n\n{body}\n\n{url}\n\n{ignore}\n");
    let html = html! {
        (DOCTYPE)
        html lang=(tr.lang()) {
            body {
                p { (greeting) }
                p { (body) }
                p { a href=(url) { (action) } }
                p { small { (ignore) } }
            }
        }
    }
    .into_string();
    (subject, text, html)
}

/// One idea's (or challenge's) entries in a digest.
#[derive(Clone, Debug)]
pub struct DigestGroup {
    /// The idea's title.
    pub title: String,
    /// Where to read it.
    pub url: String,
    /// What happened: who, and the start of what they wrote.
    pub entries: Vec<(String, String)>,
}

/// A digest's section: one contest and its ideas (or the ideas outside contests, or challenges).
#[derive(Clone, Debug)]
pub struct DigestSection {
    /// The contest's title (or the section's name).
    pub title: String,
    /// The contest's page, if the section is a contest.
    pub url: Option<String>,
    /// Its ideas, in order.
    pub groups: Vec<DigestGroup>,
}

/// Renders a digest in the catalog's language, grouped by contest and then idea: subject, plain
/// text, HTML (every user text escaped). `period` is `daily` or `weekly`.
pub fn render_digest(
    tr: &Catalog,
    recipient: &str,
    period: &str,
    sections: &[DigestSection],
    unsubscribe_url: &str,
) -> (String, String, String) {
    let count: usize = sections.iter().flat_map(|s| &s.groups).map(|g| g.entries.len()).sum();
    let period = tr.t(&format!("digest-{period}"), &[]);
    let subject = tr.t("digest-subject", &[("period", &period), ("count", &count.to_string())]);
    let greeting = tr.t("greeting", &[("name", recipient)]);
    let intro = tr.t("digest-intro", &[]);
    let stop = tr.t("unsubscribe", &[]);
    let mut text = format!("{greeting}\n\n{intro}\n");
    for section in sections {
        let link = section.url.as_deref().map(|u| format!(" ({u})")).unwrap_or_default();
        text.push_str(&format!("\n== {}{link} ==\n", section.title));
        for group in &section.groups {
            text.push_str(&format!("\n{} ({})\n", group.title, group.url));
            for (who, excerpt) in &group.entries {
                let who = if who.is_empty() { String::new() } else { format!("{who}: ") };
                text.push_str(&format!("  - {who}{}\n", excerpt.replace('\n', " ")));
            }
        }
    }
    text.push_str(&format!("\n--\n{stop}: {unsubscribe_url}\n"));
    let html = html! {
        (DOCTYPE)
        html lang=(tr.lang()) {
            body {
                p { (greeting) }
                p { (intro) }
                @for section in sections {
                    h2 { @if let Some(url) = &section.url { a href=(url) { (section.title) } } @else { (section.title) } }
                    @for group in &section.groups {
                        h3 { a href=(group.url) { (group.title) } }
                        ul { @for (who, excerpt) in &group.entries { li { @if !who.is_empty() { strong { (who) } ": " } (excerpt) } } }
                    }
                }
                hr;
                p { small { a href=(unsubscribe_url) { (stop) } "." } }
            }
        }
    }
    .into_string();
    (subject, text, html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_carry_a_stable_id_unsubscribe_headers_and_escaped_text() {
        let (subject, text, html) = render_comment(
            Catalog::of(None),
            &CommentMail {
                recipient: "Ada",
                commenter: "Bob <script>",
                idea_title: "Kettle",
                excerpt: "Nice <b>idea</b>",
                idea_url: "http://localhost/ideas/1",
                unsubscribe_url: "http://localhost/unsubscribe?t=x",
            },
        );
        assert!(html.contains("Bob &lt;script&gt;") && html.contains("Nice &lt;b&gt;idea&lt;/b&gt;"));
        assert!(text.contains("http://localhost/unsubscribe?t=x"));
        let email = Email {
            to: "ada@example.com".to_owned(),
            to_name: "Ada".to_owned(),
            subject,
            text,
            html,
            message_id: "outbox-7@ideaforge.localhost".to_owned(),
            unsubscribe_url: Some("http://localhost/unsubscribe?t=x".to_owned()),
        };
        let raw =
            String::from_utf8(email.message("Ideaforge <noreply@ideaforge.localhost>").expect("builds").formatted())
                .expect("utf-8");
        assert!(raw.contains("Message-ID: <outbox-7@ideaforge.localhost>"), "{raw}");
        assert!(raw.contains("List-Unsubscribe: <http://localhost/unsubscribe?t=x>"), "{raw}");
        assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{raw}");
    }

    #[test]
    fn messages_are_written_in_the_recipients_language() {
        let it = Catalog::of(Some(ideaforge_domain::Language::Italian));
        let (subject, text, html) = render_account(it, "Giulia", AccountMessage::PasswordReset, "http://x/reset");
        assert_eq!(subject, "Reimposta la tua password di Ideaforge");
        assert!(text.starts_with("Ciao Giulia,") && text.contains("http://x/reset"), "{text}");
        assert!(html.contains(r#"<html lang="it">"#), "{html}");
        let ko = Catalog::of(Some(ideaforge_domain::Language::Korean));
        let section = DigestSection {
            title: "주방 공모전".to_owned(),
            url: Some("http://x/contests/1".to_owned()),
            groups: vec![DigestGroup {
                title: "스마트 주전자".to_owned(),
                url: "http://x/ideas/1".to_owned(),
                entries: vec![("민지".to_owned(), "<좋아요>".to_owned())],
            }],
        };
        let (subject, text, html) = render_digest(ko, "하준", "daily", &[section], "http://x/u");
        assert_eq!(subject, "Ideaforge 일간 요약: 새 소식 1건");
        assert!(text.contains("== 주방 공모전 (http://x/contests/1) ==") && text.contains("민지: <좋아요>"), "{text}");
        assert!(html.contains("&lt;좋아요&gt;"), "{html}");
    }
}
