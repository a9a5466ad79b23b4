//! The sender every node runs: claims due deliveries under a lease, sends them at once, and
//! records each attempt with what the domain decides follows (delivered, retried later, or given
//! up on with the endpoint disabled and its managers told).

use std::sync::Arc;
use std::time::Duration as StdDuration;

use ideaforge_domain::webhook::{self, MAX_ATTEMPTS};
use ideaforge_store::{Attempt, AttemptNext, DueDelivery};
use time::Duration;
use tokio::sync::watch;

use super::sender::{Sender, Sent};
use super::{DISABLED_FAILING, WebhooksConfig};
use crate::mail::whole_milliseconds;
use crate::{App, Internal};

/// A number in 0..1 for spreading retries.
fn jitter() -> f64 {
    let mut byte = [0u8; 1];
    let _ = getrandom::fill(&mut byte);
    f64::from(byte[0]) / 255.0
}

/// What follows one attempt.
fn next(sent: &Sent, attempts: i32, now: time::OffsetDateTime) -> AttemptNext {
    if sent.status.is_some_and(webhook::delivered) {
        return AttemptNext::Delivered;
    }
    match webhook::retry_after(attempts, jitter()) {
        Some(wait) => AttemptNext::RetryAt(now + wait),
        None => AttemptNext::GiveUp(DISABLED_FAILING.to_owned()),
    }
}

impl App {
    /// Claims one batch of due deliveries, sends them concurrently and records every attempt.
    /// Returns how many were attempted.
    pub async fn deliver_webhooks(&self, sender: &Sender, config: &WebhooksConfig) -> Result<usize, Internal> {
        let now = self.clock.now();
        let lease = whole_milliseconds(now + Duration::seconds(i64::try_from(config.lease_secs).unwrap_or(60)));
        let claimed = self.store.claim_webhook_deliveries(now, lease, config.batch.max(1)).await?;
        let attempts = claimed.iter().map(|due| async move {
            let at = self.clock.now();
            (due, sender.send(due, at.unix_timestamp(), at).await)
        });
        let results = futures_util::future::join_all(attempts).await;
        let count = results.len();
        for (due, sent) in results {
            self.record_attempt(due, &sent).await?;
        }
        Ok(count)
    }

    async fn record_attempt(&self, due: &DueDelivery, sent: &Sent) -> Result<(), Internal> {
        let now = self.clock.now();
        let attempts = due.attempts.saturating_add(1);
        let next = next(sent, attempts, now);
        let error = match (&sent.error, sent.status) {
            (Some(error), _) => Some(error.clone()),
            (None, Some(status)) if !webhook::delivered(status) => Some(format!("HTTP {status}")),
            _ => None,
        };
        let latency_ms = i32::try_from(sent.latency.as_millis()).unwrap_or(i32::MAX);
        if next != AttemptNext::Delivered {
            // The endpoint's address is not logged: it may carry a receiver's own token.
            tracing::warn!(
                delivery = due.id.get(),
                endpoint = due.endpoint.id.get(),
                attempts,
                max = MAX_ATTEMPTS,
                status = sent.status,
                error = error.as_deref().unwrap_or_default(),
                "webhook not delivered"
            );
        }
        let attempt = Attempt { status: sent.status, latency_ms, error, next };
        self.store.record_webhook_attempt(due, &attempt, now).await?;
        Ok(())
    }

    /// Runs the sender until `stop` turns true: due deliveries at once, else a look every
    /// `poll_ms`.
    pub async fn run_webhooks(self: Arc<Self>, config: WebhooksConfig, mut stop: watch::Receiver<bool>) {
        let sender = match Sender::new(config.reach(), StdDuration::from_millis(config.timeout_ms.max(100))) {
            Ok(sender) => sender,
            Err(error) => {
                tracing::error!(%error, "no HTTP client for webhooks; none are delivered by this node");
                return;
            }
        };
        let poll = StdDuration::from_millis(config.poll_ms.max(10));
        while !*stop.borrow() {
            let pause = match self.deliver_webhooks(&sender, &config).await {
                Ok(n) if n > 0 => StdDuration::ZERO,
                Ok(_) => poll,
                Err(error) => {
                    tracing::error!(%error, "the webhook sender failed; retrying");
                    StdDuration::from_secs(1)
                }
            };
            if !pause.is_zero() {
                let _ = tokio::time::timeout(pause, stop.changed()).await;
            }
        }
    }
}
