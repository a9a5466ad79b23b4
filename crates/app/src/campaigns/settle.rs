//! The settlement job: one pass decides the outcome of every live campaign past its deadline,
//! captures every pledge due (each under a lease, so any number of nodes can run it), schedules a
//! failed capture for a retry or drops it after the grace period, and pays out each succeeded
//! campaign once nothing is left to settle. Every step is idempotent: a pass cut short by a crash
//! is finished by the next one.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use ideaforge_domain::campaign::{
    ProviderKind, capture_transaction, next_after_failed_capture, outcome, proceeds_transaction, split_capture,
};
use ideaforge_domain::royalty::plan_campaign_statement;
use ideaforge_store::{Payout, PostError};
use time::Duration;
use tokio::sync::watch;

use super::{CampaignsError, void};
use crate::payments::Charge;
use crate::{App, Internal};

/// How many pledges a node claims, sends to the processor and records at once.
const CAPTURE_BATCH: u64 = 500;

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SettleReport {
    /// Campaigns whose outcome was decided.
    pub decided: u32,
    /// Pledges charged.
    pub captured: u32,
    /// Capture attempts that failed (retried later, or dropped).
    pub failed: u32,
    /// Campaigns paid out.
    pub paid_out: u32,
}

impl From<PostError> for CampaignsError {
    fn from(e: PostError) -> Self {
        match e {
            PostError::Store(e) => e.into(),
            PostError::Refused(refused) => Self::Internal(Internal::new(refused)),
        }
    }
}

impl App {
    /// One pass of the settlement job.
    pub async fn settle_campaigns(&self) -> Result<SettleReport, CampaignsError> {
        let now = self.clock.now();
        let rules = self.funding.rules();
        let lease = Duration::seconds(i64::from(self.funding.capture_lease_secs.max(1)));
        let mut report = SettleReport::default();
        for id in self.store.campaigns_to_settle(now).await? {
            let mut kind = ProviderKind::Sandbox;
            let decided = self
                .store
                .settle_outcome(id, now, |campaign, pledged| {
                    kind = campaign.provider;
                    outcome(campaign, pledged, now)
                })
                .await?;
            if let Some((_, voided)) = decided {
                report.decided += 1;
                let provider = self.payments(kind);
                for (authorisation, amount) in voided {
                    provider.void(&void(authorisation, amount), now).await?;
                }
            }
        }
        let mut after = None;
        loop {
            let due = self.store.claim_captures(now, now + lease, CAPTURE_BATCH, after).await?;
            let Some(last) = due.last() else { break };
            after = Some(last.pledge);
            // Each provider gets its pledges of the batch together, one key per attempt (a pass cut
            // short re-sends the same attempt, which the provider answers once). Cards are charged;
            // a bank transfer is collected once an admin recorded it, otherwise still awaited.
            let mut approved = vec![false; due.len()];
            for kind in [ProviderKind::Sandbox, ProviderKind::Manual] {
                let positions: Vec<usize> = (0..due.len()).filter(|i| due[*i].campaign.provider == kind).collect();
                if positions.is_empty() {
                    continue;
                }
                let charges: Vec<Charge> = positions
                    .iter()
                    .map(|i| {
                        let item = &due[*i];
                        Charge {
                            key: format!("capture:{}:{}", item.pledge, item.attempts),
                            authorisation: item.authorisation.clone(),
                            amount: item.amount,
                        }
                    })
                    .collect();
                let answers = self.payments(kind).capture(&charges, now).await?;
                for (i, answer) in positions.into_iter().zip(answers) {
                    approved[i] = answer;
                }
            }
            let mut captured = Vec::new();
            for (item, approved) in due.iter().zip(approved) {
                if approved {
                    let fee = self.payments(item.campaign.provider).fee();
                    let fees = split_capture(item.amount, fee, item.campaign.fee).map_err(Internal::new)?;
                    let transaction = capture_transaction(&item.campaign, &fees).map_err(Internal::new)?;
                    captured.push((item.pledge, fees, transaction));
                } else {
                    let first = item.first_failed_at.unwrap_or(now);
                    let next = next_after_failed_capture(first, item.attempts + 1, now, rules.grace);
                    let pay_by = (item.campaign.provider == ProviderKind::Manual).then_some(first + rules.grace);
                    self.store.record_capture_failure(item.pledge, next, pay_by, now).await?;
                    report.failed += 1;
                }
            }
            report.captured += self.store.record_captures(&captured, now).await?;
        }
        for id in self.store.campaigns_to_pay_out().await? {
            // A campaign for an idea pays its contributors their influence shares of the proceeds,
            // at the contest's influence pool.
            let pool_bp = match self.store.campaign(id).await?.and_then(|r| r.campaign.idea) {
                Some(idea) => match self.store.idea(idea).await?.and_then(|i| i.contest) {
                    Some(contest) => self.store.contest(contest).await?.map(|c| c.influence_pool),
                    None => None,
                },
                None => None,
            };
            let paid = self
                .store
                .pay_out_campaign(id, now, |campaign, held, earning| {
                    if held.minor() == 0 {
                        return Ok::<_, CampaignsError>(None);
                    }
                    let statement = match (earning, pool_bp) {
                        (Some(earning), Some(pool_bp)) => {
                            plan_campaign_statement(earning, held, pool_bp).map_err(Internal::new)?
                        }
                        _ => None,
                    };
                    let parts: Vec<_> =
                        statement.iter().flat_map(|s| s.lines.iter().map(|l| (l.user, l.amount))).collect();
                    let transaction =
                        proceeds_transaction(campaign, campaign.org, held, &parts).map_err(Internal::new)?;
                    Ok(Some(Payout { transaction, statement }))
                })
                .await?;
            if paid {
                report.paid_out += 1;
            }
        }
        Ok(report)
    }

    /// Runs the settlement job every `poll` until `stop` turns true.
    pub async fn run_settlement(self: Arc<Self>, poll: StdDuration, mut stop: watch::Receiver<bool>) {
        while !*stop.borrow() {
            if let Err(error) = self.settle_campaigns().await {
                tracing::error!(%error, "settling campaigns failed; retrying");
            }
            let _ = tokio::time::timeout(poll, stop.changed()).await;
        }
    }
}
