//! Notifications and e-mail: the mailer that delivers the outbox (claims, retries with backoff,
//! gives up after a limit), signed one-click unsubscribe links, and the in-app list.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use hmac::{Hmac, Mac};
use ideaforge_domain::ip::Subject;
use ideaforge_domain::notification::{
    AccountMail, Delivery, LegacyNotice, Notice, NotificationKind, StoredNotice, backoff,
};
use ideaforge_domain::{User, UserId};
use ideaforge_mail::notice::{Channel, NoticeText, word};
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

/// One notification a digest gathers.
#[derive(serde::Serialize, serde::Deserialize)]
struct DigestEntry {
    kind: NotificationKind,
    subject: String,
    payload: StoredNotice,
}

/// A digest's outbox payload: the notifications it gathers, in order (grouped and worded when it
/// is written, in the recipient's language). `kind` picks the unsubscribe link.
#[derive(serde::Serialize, serde::Deserialize)]
struct DigestPayload {
    kind: Option<NotificationKind>,
    entries: Vec<DigestEntry>,
}

fn digest_payload(rows: &[NotificationRow]) -> serde_json::Value {
    let entries = rows
        .iter()
        .filter_map(|row| {
            Some(DigestEntry {
                kind: row.kind.parse().ok()?,
                subject: row.subject.clone(),
                payload: stored_notice(&row.payload),
            })
        })
        .collect::<Vec<_>>();
    let payload = DigestPayload { kind: entries.first().map(|e| e.kind), entries };
    serde_json::to_value(payload).unwrap_or_default()
}

/// A stored notification payload, typed or from before notices were typed.
pub(crate) fn stored_notice(payload: &str) -> StoredNotice {
    serde_json::from_str(payload).unwrap_or_else(|_| StoredNotice::Legacy(LegacyNotice::default()))
}

/// A lease's end in whole milliseconds, so that it reads back from either engine exactly as it
/// was written (claims are compared for equality when they are renewed).
pub(crate) fn whole_milliseconds(at: time::OffsetDateTime) -> time::OffsetDateTime {
    at - Duration::nanoseconds(i64::from(at.nanosecond() % 1_000_000))
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

/// A notification in a member's list, worded for them.
#[derive(Clone, Debug)]
pub struct NotificationView {
    /// The stored row.
    pub row: NotificationRow,
    /// What it says.
    pub notice: StoredNotice,
    /// It worded in the member's language.
    pub text: NoticeText,
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
        let tr = Catalog::of(user.language);
        if let Some(period) = item.kind.strip_prefix("digest_") {
            let payload: DigestPayload = serde_json::from_str(&item.payload).map_err(|e| e.to_string())?;
            return Ok(self.render_digest(tr, item, user, period, &payload));
        }
        let kind: NotificationKind = item.kind.parse().map_err(|_| format!("unknown kind {}", item.kind))?;
        let unsubscribe = self.unsubscribe_url(user.id, kind);
        let stored = stored_notice(&item.payload);
        let text = word(tr, &stored, Channel::Single);
        let url = format!("{}{}", self.base_url(), text.path);
        let rendered = match &stored {
            StoredNotice::Typed(Notice::CommentOnYourIdea { idea, commenter, excerpt, .. }) => render_comment(
                tr,
                &CommentMail {
                    recipient: user.display_name.as_str(),
                    commenter,
                    idea_title: &idea.title,
                    excerpt,
                    idea_url: &url,
                    unsubscribe_url: &unsubscribe,
                },
            ),
            _ => render_notice(tr, user.display_name.as_str(), &text.title, &text.line, &url, &unsubscribe),
        };
        Ok(self.email(item, user, rendered, Some(unsubscribe)))
    }

    /// A digest grouped by contest, then by idea (challenges in a section of their own).
    fn render_digest(
        &self,
        tr: &Catalog,
        item: &OutboxItem,
        user: &User,
        period: &str,
        payload: &DigestPayload,
    ) -> Email {
        let unsubscribe = self.unsubscribe_url(user.id, payload.kind.unwrap_or(NotificationKind::CommentOnYourIdea));
        let base = self.base_url();
        let mut sections: Vec<(String, DigestSection)> = Vec::new();
        for entry in &payload.entries {
            let (key, section_title, section_url) = match entry.payload.contest() {
                Some(contest) => (
                    Subject::Contest(contest.id).to_string(),
                    contest.title,
                    Some(format!("{base}/contests/{}", contest.id)),
                ),
                None if entry.subject.starts_with("idea:") => {
                    ("ideas".to_owned(), tr.t("digest-no-contest", &[]), None)
                }
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
            let text = word(tr, &entry.payload, Channel::Digest);
            let path = entry.subject.parse::<Subject>().map_or_else(|_| text.path.clone(), |s| s.path());
            let url = format!("{base}{path}");
            let line = (text.actor, text.line);
            match section.groups.iter_mut().find(|g| g.url == url) {
                Some(group) => group.entries.push(line),
                None => section.groups.push(DigestGroup { title: text.title, url, entries: vec![line] }),
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
        let lease_length = Duration::seconds(i64::try_from(config.lease_secs).unwrap_or(120));
        let lease = whole_milliseconds(now + lease_length);
        let claimed = self.store.claim_outbox(now, lease, 50).await?;
        let mut sent = 0;
        for item in claimed {
            // A batch can take longer than the lease to send: renew the claim on each row just
            // before sending it, and leave it alone if another mailer took it over meanwhile.
            let renewed = whole_milliseconds(self.clock.now() + lease_length);
            if !self.store.renew_claim(item.id, lease, renewed).await? {
                continue;
            }
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

    /// A member's latest notifications, worded in their language, and how many are unread. Reading
    /// them changes nothing; [`App::mark_notifications_read`] does.
    pub async fn notifications(&self, actor: &User) -> Result<(Vec<NotificationView>, u64), IdeasError> {
        let unread = self.store.unread_notifications(actor.id).await?;
        Ok((self.latest_notifications(actor, 100).await?, unread))
    }

    /// A member's latest `limit` notifications, worded in their language.
    pub async fn latest_notifications(&self, actor: &User, limit: u64) -> Result<Vec<NotificationView>, IdeasError> {
        let rows = self.store.notifications_of(actor.id, limit).await?;
        let tr = Catalog::of(actor.language);
        let views = rows
            .into_iter()
            .map(|row| {
                let notice = stored_notice(&row.payload);
                NotificationView { text: word(tr, &notice, Channel::Single), notice, row }
            })
            .collect();
        Ok(views)
    }

    /// Marks every notification of a member read (a POST: reading the list changes nothing).
    pub async fn mark_notifications_read(&self, actor: &User) -> Result<(), IdeasError> {
        Ok(self.store.mark_notifications_read(actor.id, self.clock.now()).await?)
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

    /// Sets how the member is told of several kinds at once (`kind` → `delivery`, as a form sends
    /// them): every pair is checked first, and one bad pair (or none at all) changes nothing.
    pub async fn set_deliveries(&self, actor: &User, choices: &[(String, String)]) -> Result<(), IdeasError> {
        let mut errors = ideaforge_domain::FieldErrors::new();
        if choices.is_empty() {
            errors.check::<()>("delivery", Err(ideaforge_domain::Invalid::Required));
        }
        let mut parsed = Vec::with_capacity(choices.len());
        for (kind, delivery) in choices {
            match kind.parse::<NotificationKind>() {
                Ok(kind) => parsed.extend(errors.check(kind.as_str(), delivery.parse::<Delivery>()).map(|d| (kind, d))),
                Err(why) => {
                    errors.check::<()>("delivery", Err(why));
                }
            }
        }
        if !errors.is_empty() {
            return Err(IdeasError::Invalid(errors));
        }
        for (kind, delivery) in parsed {
            self.store.set_delivery(actor.id, kind, delivery).await?;
        }
        Ok(())
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
        if self.store.retry_mail(id, actor.id, self.clock.now()).await? { Ok(()) } else { Err(IdeasError::NotFound) }
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
