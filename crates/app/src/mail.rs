//! Notifications and e-mail: the mailer that delivers the outbox (claims, retries with backoff,
//! gives up after a limit), signed one-click unsubscribe links, and the in-app list.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use hmac::{Hmac, Mac};
use ideaforge_domain::notification::{AccountMail, Delivery, NotificationKind, backoff};
use ideaforge_domain::{User, UserId};
use ideaforge_mail::{
    Catalog, CommentMail, DigestGroup, DigestSection, Email, MailConfig, Transport, render_comment, render_digest,
    render_notice,
};
use ideaforge_store::{NotificationRow, OutboxItem};
use sha2::Sha256;
use time::Duration;
use tokio::sync::watch;

use crate::{App, IdeasError, Internal};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

/// A digest's payload: the notifications it gathers, in order (grouped and worded when it is
/// written, in the recipient's language).
fn digest_payload(rows: &[NotificationRow]) -> serde_json::Value {
    let entries: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| {
            let payload: serde_json::Value = serde_json::from_str(&row.payload).unwrap_or_default();
            serde_json::json!({"kind": row.kind, "subject": row.subject, "payload": payload})
        })
        .collect();
    let kind = rows.first().map(|r| r.kind.clone()).unwrap_or_default();
    serde_json::json!({"kind": kind, "entries": entries})
}

fn text_of(payload: &serde_json::Value, key: &str) -> String {
    payload.get(key).and_then(|v| v.as_str()).unwrap_or_default().to_owned()
}

/// What a notification says, in a catalog's language: who did it (if a person) and what happened.
/// Rows written before their payload carried the parts fall back to the stored English line.
fn describe(tr: &Catalog, kind: NotificationKind, payload: &serde_json::Value, in_digest: bool) -> (String, String) {
    let text = |key: &str| text_of(payload, key);
    let or_line = |parts: &[&str], sentence: String| {
        if parts.iter().all(|p| payload.get(*p).is_some()) { sentence } else { text("line") }
    };
    match kind {
        NotificationKind::CommentOnYourIdea => (text("commenter"), text("excerpt")),
        NotificationKind::NewIdeaInFollowedContest => {
            (String::new(), or_line(&["idea_title"], tr.t("new-idea-line", &[("idea", &text("idea_title"))])))
        }
        NotificationKind::VoteMilestone => {
            let votes = payload.get("votes").and_then(serde_json::Value::as_i64).unwrap_or_default().to_string();
            (String::new(), or_line(&["votes"], tr.t("vote-milestone-line", &[("votes", &votes)])))
        }
        NotificationKind::ReplyToYourComment if in_digest => {
            (text("commenter"), tr.t("digest-replied", &[("excerpt", &text("excerpt"))]))
        }
        NotificationKind::ReplyToYourComment => {
            (String::new(), tr.t("reply-line", &[("who", &text("commenter")), ("excerpt", &text("excerpt"))]))
        }
        NotificationKind::StageChanged => {
            let from = tr.t(&format!("stage-{}", text("from")), &[]);
            let to = tr.t(&format!("stage-{}", text("to")), &[]);
            let line = tr.t("stage-line", &[("from", &from), ("to", &to), ("reason", &text("reason"))]);
            (String::new(), or_line(&["from", "to"], line))
        }
        NotificationKind::QuestionAnswered => {
            let mine = payload.get("mine").and_then(serde_json::Value::as_bool).unwrap_or(true);
            (String::new(), tr.t(if mine { "question-answered-line" } else { "question-answered-other-line" }, &[]))
        }
        NotificationKind::Awarded => {
            let line = tr.t("awarded-line", &[("solution", &text("solution")), ("amount", &text("amount"))]);
            (String::new(), or_line(&["solution", "amount"], line))
        }
        NotificationKind::ChallengeEnded => {
            let status = tr.t(&format!("status-{}", text("status")), &[]);
            (String::new(), or_line(&["status"], tr.t("challenge-ended-line", &[("status", &status)])))
        }
        NotificationKind::EscrowFunded => {
            (String::new(), or_line(&["amount"], tr.t("escrow-funded-line", &[("amount", &text("amount"))])))
        }
    }
}

/// Masks every address inside a text (an SMTP server's error often quotes the recipient).
pub fn mask_addresses(text: &str) -> String {
    let is_address_char = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '+' | '-' | '@');
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.contains('@') {
            out.push_str(&mask(word))
        } else {
            out.push_str(word)
        }
        word.clear();
    };
    for c in text.chars() {
        if is_address_char(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Masks an address for logs: `a***@example.com`.
pub fn mask(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "***".to_owned(),
    }
}

impl App {
    fn mac(&self, user: UserId, kind: NotificationKind) -> Option<Hmac<Sha256>> {
        let mut mac = self.mail_mac.clone()?;
        mac.update(format!("unsubscribe:{user}:{}", kind.as_str()).as_bytes());
        Some(mac)
    }

    /// The one-click unsubscribe link for a member and a kind (signed; needs no sign-in).
    pub fn unsubscribe_url(&self, user: UserId, kind: NotificationKind) -> String {
        let token = self.mac(user, kind).map(|mac| hex(&mac.finalize().into_bytes())).unwrap_or_default();
        format!("{}/unsubscribe?u={user}&k={}&t={token}", self.base_url(), kind.as_str())
    }

    /// Turns off e-mail and in-app notifications of a kind for the member the signed link names.
    pub async fn unsubscribe(&self, user: &str, kind: &str, token: &str) -> Result<NotificationKind, IdeasError> {
        let user: UserId = user.parse().map_err(|_| IdeasError::NotFound)?;
        let kind: NotificationKind = kind.parse().map_err(|_| IdeasError::NotFound)?;
        let token = unhex(token).ok_or(IdeasError::NotFound)?;
        let mac = self.mac(user, kind).ok_or(IdeasError::NotFound)?;
        mac.verify_slice(&token).map_err(|_| IdeasError::NotFound)?;
        self.store.set_delivery(user, kind, Delivery::Off).await?;
        Ok(kind)
    }

    /// The public address links in e-mail start with.
    pub fn base_url(&self) -> String {
        self.base_url.get().cloned().unwrap_or_else(|| "http://localhost:3000".to_owned())
    }

    /// Sets the public address links in e-mail start with (once, when the server knows it).
    pub fn set_base_url(&self, url: &str) {
        let _ = self.base_url.set(url.trim_end_matches('/').to_owned());
    }

    /// Writes an outbox row's message for its recipient, in their language.
    async fn compose(&self, item: &OutboxItem, user: &User) -> Result<Email, String> {
        if let Ok(kind) = item.kind.parse::<AccountMail>() {
            return self.compose_account_mail(item, user, kind).await;
        }
        let payload: serde_json::Value = serde_json::from_str(&item.payload).map_err(|e| e.to_string())?;
        let tr = Catalog::of(user.language);
        if let Some(period) = item.kind.strip_prefix("digest_") {
            return Ok(self.render_digest(tr, item, user, period, &payload));
        }
        let kind: NotificationKind = item.kind.parse().map_err(|_| format!("unknown kind {}", item.kind))?;
        let unsubscribe = self.unsubscribe_url(user.id, kind);
        let text = |key: &str| text_of(&payload, key);
        let (subject, body_text, html) = match kind {
            NotificationKind::CommentOnYourIdea => {
                let idea_url =
                    format!("{}/ideas/{}", self.base_url(), payload.get("idea").and_then(|v| v.as_i64()).unwrap_or(0));
                render_comment(
                    tr,
                    &CommentMail {
                        recipient: user.display_name.as_str(),
                        commenter: &text("commenter"),
                        idea_title: &text("idea_title"),
                        excerpt: &text("excerpt"),
                        idea_url: &idea_url,
                        unsubscribe_url: &unsubscribe,
                    },
                )
            }
            NotificationKind::ReplyToYourComment => {
                let idea_url =
                    format!("{}/ideas/{}", self.base_url(), payload.get("idea").and_then(|v| v.as_i64()).unwrap_or(0));
                let (_, line) = describe(tr, kind, &payload, false);
                render_notice(tr, user.display_name.as_str(), &text("idea_title"), &line, &idea_url, &unsubscribe)
            }
            _ => {
                let url = format!("{}{}", self.base_url(), text("path"));
                let (_, line) = describe(tr, kind, &payload, false);
                render_notice(tr, user.display_name.as_str(), &text("title"), &line, &url, &unsubscribe)
            }
        };
        Ok(self.email(item, user, (subject, body_text, html), Some(unsubscribe)))
    }

    /// A digest grouped by contest, then by idea (challenges in a section of their own).
    fn render_digest(
        &self,
        tr: &Catalog,
        item: &OutboxItem,
        user: &User,
        period: &str,
        payload: &serde_json::Value,
    ) -> Email {
        let kind = payload
            .get("kind")
            .and_then(|k| k.as_str())
            .and_then(|k| k.parse::<NotificationKind>().ok())
            .unwrap_or(NotificationKind::CommentOnYourIdea);
        let unsubscribe = self.unsubscribe_url(user.id, kind);
        let base = self.base_url();
        let mut sections: Vec<(String, DigestSection)> = Vec::new();
        for entry in payload.get("entries").and_then(|e| e.as_array()).map(Vec::as_slice).unwrap_or_default() {
            let Some(kind) = entry.get("kind").and_then(|k| k.as_str()).and_then(|k| k.parse().ok()) else {
                continue;
            };
            let subject = text_of(entry, "subject");
            let empty = serde_json::Value::Null;
            let data = entry.get("payload").unwrap_or(&empty);
            let (key, section_title, section_url) = match data.get("contest").and_then(|c| c.as_i64()) {
                Some(contest) => (
                    format!("contest:{contest}"),
                    text_of(data, "contest_title"),
                    Some(format!("{base}/contests/{contest}")),
                ),
                None if subject.starts_with("idea:") => ("ideas".to_owned(), tr.t("digest-no-contest", &[]), None),
                None => ("challenges".to_owned(), tr.t("digest-challenges", &[]), None),
            };
            let position = match sections.iter().position(|(k, _)| *k == key) {
                Some(position) => position,
                None => {
                    sections.push((key, DigestSection { title: section_title, url: section_url, groups: Vec::new() }));
                    sections.len() - 1
                }
            };
            let Some((_, section)) = sections.get_mut(position) else { continue };
            let title =
                Some(text_of(data, "idea_title")).filter(|t| !t.is_empty()).unwrap_or_else(|| text_of(data, "title"));
            let url = format!("{base}/{}", subject.replace(':', "s/"));
            let line = describe(tr, kind, data, true);
            match section.groups.iter_mut().find(|g| g.url == url) {
                Some(group) => group.entries.push(line),
                None => section.groups.push(DigestGroup { title, url, entries: vec![line] }),
            }
        }
        let sections: Vec<DigestSection> = sections.into_iter().map(|(_, s)| s).collect();
        let (subject, text, html) = render_digest(tr, user.display_name.as_str(), period, &sections, &unsubscribe);
        self.email(item, user, (subject, text, html), Some(unsubscribe))
    }

    /// An outbox row's message to its recipient: the rendered subject, text and HTML, and the
    /// row's stable Message-ID.
    pub(crate) fn email(
        &self,
        item: &OutboxItem,
        user: &User,
        (subject, text, html): (String, String, String),
        unsubscribe_url: Option<String>,
    ) -> Email {
        Email {
            to: user.email.as_str().to_owned(),
            to_name: user.display_name.as_str().to_owned(),
            subject,
            text,
            html,
            message_id: format!("outbox-{}@{}", item.id, self.mail.domain()),
            unsubscribe_url,
        }
    }

    /// Queues the daily and weekly digests that are due: one message per member and period with
    /// everything since their previous digest, grouped by contest and idea; nothing when nothing happened. A
    /// member's first run only marks where their digests start; only proven addresses get one.
    /// Returns how many were queued.
    pub async fn send_digests(&self) -> Result<usize, Internal> {
        let now = self.clock.now();
        let mut queued = 0;
        for (period, length) in [(Delivery::Daily, Duration::days(1)), (Delivery::Weekly, Duration::weeks(1))] {
            for (user, kinds) in self.store.digest_subscribers(period).await? {
                if let Some(last) = self.store.digest_covered_until(user, period).await?
                    && now - last < length
                {
                    continue;
                }
                let render = |rows: &[NotificationRow]| digest_payload(rows);
                queued += usize::from(self.store.queue_digest(user, period, &kinds, now, now, render).await?);
            }
        }
        Ok(queued)
    }

    /// Delivers the outbox rows that are due, once: claims a batch under a lease, sends each, and
    /// records the outcome (sent; retry later with backoff; or failed after the last attempt).
    /// Returns how many were sent.
    pub async fn deliver_due(&self, transport: &Transport, config: &MailConfig) -> Result<usize, Internal> {
        let now = self.clock.now();
        let lease = now + Duration::seconds(i64::try_from(config.lease_secs).unwrap_or(120));
        let claimed = self.store.claim_outbox(now, lease, 50).await?;
        let mut sent = 0;
        for item in claimed {
            let user = self.store.user(item.user).await?;
            let outcome = match &user {
                Some(user) => match self.compose(&item, user).await {
                    Ok(email) => transport.send(&email, &config.from).await.map_err(|e| e.to_string()),
                    Err(e) => Err(e),
                },
                None => Err("the recipient's account is gone".to_owned()),
            };
            match outcome {
                Ok(()) => {
                    self.store.outbox_sent(item.id, self.clock.now()).await?;
                    sent += 1;
                }
                Err(error) => {
                    let error = mask_addresses(&error);
                    let attempts = item.attempts.saturating_add(1);
                    let give_up = u32::try_from(attempts).unwrap_or(u32::MAX) >= config.max_attempts || user.is_none();
                    let wait = backoff(
                        u32::try_from(attempts).unwrap_or(1),
                        Duration::milliseconds(i64::try_from(config.retry_base_ms).unwrap_or(5_000)),
                        Duration::milliseconds(i64::try_from(config.retry_cap_ms).unwrap_or(3_600_000)),
                    );
                    let retry_at = (!give_up).then(|| self.clock.now() + wait);
                    let to = user.as_ref().map(|u| mask(u.email.as_str())).unwrap_or_default();
                    tracing::warn!(outbox = item.id, to, attempts, %error, gave_up = give_up, "mail not delivered");
                    self.store.outbox_attempt_failed(item.id, attempts, &error, retry_at).await?;
                }
            }
        }
        Ok(sent)
    }

    /// Runs the mailer until `stop` turns true: delivers due mail every `poll_ms`.
    pub async fn run_mailer(
        self: Arc<Self>,
        transport: Transport,
        config: MailConfig,
        mut stop: watch::Receiver<bool>,
    ) {
        let poll = StdDuration::from_millis(config.poll_ms.max(10));
        while !*stop.borrow() {
            let pause = match self.deliver_due(&transport, &config).await {
                Ok(n) if n > 0 => StdDuration::ZERO,
                Ok(_) => poll,
                Err(error) => {
                    tracing::error!(%error, "the mailer failed; retrying");
                    StdDuration::from_secs(1)
                }
            };
            if !pause.is_zero() {
                let _ = tokio::time::timeout(pause, stop.changed()).await;
            }
        }
    }

    /// A member's latest notifications (marking them read) and how many were unread.
    pub async fn notifications(&self, actor: &User) -> Result<(Vec<NotificationRow>, u64), IdeasError> {
        let unread = self.store.unread_notifications(actor.id).await?;
        let rows = self.store.notifications_of(actor.id, 100).await?;
        self.store.mark_notifications_read(actor.id, self.clock.now()).await?;
        Ok((rows, unread))
    }

    /// A member's delivery for every kind.
    pub async fn delivery_settings(&self, actor: &User) -> Result<Vec<(NotificationKind, Delivery)>, IdeasError> {
        let mut out = Vec::new();
        for kind in NotificationKind::ALL {
            out.push((*kind, self.store.delivery(actor.id, *kind).await?));
        }
        Ok(out)
    }

    /// Sets a member's delivery for a kind.
    pub async fn set_delivery(&self, actor: &User, kind: &str, delivery: &str) -> Result<(), IdeasError> {
        let mut errors = ideaforge_domain::FieldErrors::new();
        let kind = errors.check("kind", kind.parse::<NotificationKind>());
        let delivery = errors.check("delivery", delivery.parse::<Delivery>());
        let (Some(kind), Some(delivery)) = (kind, delivery) else { return Err(IdeasError::Invalid(errors)) };
        Ok(self.store.set_delivery(actor.id, kind, delivery).await?)
    }

    /// The messages the mailer gave up on (administrators only).
    pub async fn failed_mail(&self, actor: &User) -> Result<Vec<(ideaforge_store::FailedMail, String)>, IdeasError> {
        if actor.role != ideaforge_domain::Role::Admin {
            return Err(IdeasError::Forbidden);
        }
        let mut out = Vec::new();
        for row in self.store.failed_mail(200).await? {
            let to = self.store.user(row.user).await?.map(|u| mask(u.email.as_str())).unwrap_or_default();
            out.push((row, to));
        }
        Ok(out)
    }

    /// Puts a failed message back in the queue (administrators only).
    pub async fn retry_mail(&self, actor: &User, id: i64) -> Result<(), IdeasError> {
        if actor.role != ideaforge_domain::Role::Admin {
            return Err(IdeasError::Forbidden);
        }
        if self.store.retry_mail(id, self.clock.now()).await? { Ok(()) } else { Err(IdeasError::NotFound) }
    }

    /// How many notifications a member has not read.
    pub async fn unread_notifications(&self, actor: &User) -> Result<u64, IdeasError> {
        Ok(self.store.unread_notifications(actor.id).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_in_errors_are_masked() {
        let error = "permanent error (550): <ines@example.com>: mailbox unavailable; cc bob.b@x.org";
        assert_eq!(
            mask_addresses(error),
            "permanent error (550): <i***@example.com>: mailbox unavailable; cc b***@x.org"
        );
        assert_eq!(mask_addresses("connection refused"), "connection refused");
    }
}
