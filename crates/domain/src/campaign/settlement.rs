//! Settlement: at the deadline a live campaign succeeds (live pledges reach the goal) or fails.
//! On success each pledge is captured once; every captured amount is posted as one balanced
//! transaction (the backer's money in, the processor's fee, the platform's fee, the rest held in the
//! campaign's escrow); a failed capture is retried for a grace period, then the pledge is dropped.
//! The campaign's escrow is finally paid to its organization and, for a selected idea, to the
//! idea's contributors through their influence shares. On failure nothing is posted.

use time::{Duration, OffsetDateTime};

use super::{Campaign, CampaignStatus, Pledge, PledgeStatus, ProviderKind};
use crate::contest::BasisPoints;
use crate::ledger::{Account, Entry, LedgerError, Transaction};
use crate::money::{Money, MoneyError};
use crate::{OrgId, UserId};

/// How a live campaign ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The live pledges reach the goal: every pledge is captured.
    Succeeded,
    /// They do not: every authorisation is voided.
    Failed,
}

impl Outcome {
    /// The status it leads to.
    pub fn status(self) -> CampaignStatus {
        match self {
            Self::Succeeded => CampaignStatus::Succeeded,
            Self::Failed => CampaignStatus::Failed,
        }
    }
}

/// How a live campaign ends at `now`, given the sum of its live pledges; `None` before its
/// deadline or when it is not live (settled already, or never launched).
pub fn outcome(campaign: &Campaign, pledged: Money, now: OffsetDateTime) -> Option<Outcome> {
    if campaign.status != CampaignStatus::Live || now < campaign.deadline {
        return None;
    }
    let reached = pledged.currency() == campaign.goal.currency() && pledged.minor() >= campaign.goal.minor();
    Some(if reached { Outcome::Succeeded } else { Outcome::Failed })
}

/// A processor's fee: a share of each charge plus a fixed part (about 3 % + 0.30 for cards).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProcessorFee {
    /// The share of the charge.
    pub share: BasisPoints,
    /// The fixed part, in the charge's minor units.
    pub fixed_minor: i64,
}

/// What one captured amount is split into; the parts sum to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fees {
    /// What was charged.
    pub captured: Money,
    /// The processor's fee (never more than what was charged).
    pub processor: Money,
    /// The platform's fee, on what was charged (never more than what is left).
    pub platform: Money,
    /// The rest, held for the campaign's organization (and the idea's contributors).
    pub net: Money,
}

/// Splits a captured amount: the processor's fee, then the platform's (`platform` of the charge, to
/// the nearest minor unit), the rest net. Fees never exceed the charge, so nothing is negative.
pub fn split_capture(captured: Money, processor: ProcessorFee, platform: BasisPoints) -> Result<Fees, MoneyError> {
    let c = captured.currency();
    let share = captured.basis_points(u32::from(processor.share.get()))?;
    let processor_minor = share.minor().saturating_add(processor.fixed_minor.max(0)).min(captured.minor());
    let processor = Money::new(processor_minor, c);
    let left = captured.checked_sub(processor)?;
    let platform = Money::new(captured.basis_points(u32::from(platform.get()))?.minor().min(left.minor()), c);
    let net = left.checked_sub(platform)?;
    Ok(Fees { captured, processor, platform, net })
}

/// The transaction of one capture: the backer's money in from outside, the processor's fee, the
/// platform's fee and the rest into the campaign's escrow.
pub fn capture_transaction(campaign: &Campaign, fees: &Fees) -> Result<Transaction, LedgerError> {
    let c = fees.captured.currency();
    let mut entries = vec![Entry { account: Account::external(c), amount: fees.captured.checked_neg()?.minor() }];
    for (account, amount) in [
        (Account::processor_fees(c), fees.processor),
        (Account::platform_revenue(c), fees.platform),
        (Account::campaign_escrow(campaign.id, c), fees.net),
    ] {
        if amount.minor() != 0 {
            entries.push(Entry { account, amount: amount.minor() });
        }
    }
    Transaction::new(entries)
}

/// The transaction paying a campaign's escrow out: the contributors' royalty parts (if it funded a
/// selected idea) and the rest to the organization's payable account.
pub fn proceeds_transaction(
    campaign: &Campaign,
    org: OrgId,
    held: Money,
    royalties: &[(UserId, Money)],
) -> Result<Transaction, LedgerError> {
    let c = held.currency();
    let mut entries =
        vec![Entry { account: Account::campaign_escrow(campaign.id, c), amount: held.checked_neg()?.minor() }];
    let mut owner = held;
    for (user, amount) in royalties.iter().filter(|(_, m)| m.minor() != 0) {
        owner = owner.checked_sub(*amount)?;
        entries.push(Entry { account: Account::payable(*user, c), amount: amount.minor() });
    }
    if owner.is_negative() {
        return Err(LedgerError::InsufficientFunds);
    }
    if owner.minor() != 0 {
        entries.push(Entry { account: Account::org_payable(org, c), amount: owner.minor() });
    }
    Transaction::new(entries)
}

/// What happens after a capture failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaptureFailure {
    /// Try again at this time (the backer is told to fix their payment).
    RetryAt(OffsetDateTime),
    /// The grace period is over: the pledge is dropped and never charged.
    Drop,
}

/// After a failed capture at `now` (the first one at `first_failed`): retry after a pause that
/// doubles from an hour up to a day, within `grace` of the first failure; then drop.
pub fn next_after_failed_capture(
    first_failed: OffsetDateTime,
    failures: u32,
    now: OffsetDateTime,
    grace: Duration,
) -> CaptureFailure {
    let ends = first_failed + grace;
    if now >= ends {
        return CaptureFailure::Drop;
    }
    let pause = Duration::hours(1i64 << failures.saturating_sub(1).min(4)).min(Duration::days(1));
    CaptureFailure::RetryAt((now + pause).min(ends))
}

/// The bank-transfer provider's processor fee: none (the bank's charges are the backer's).
pub const NO_PROCESSOR_FEE: ProcessorFee = ProcessorFee { share: BasisPoints::of(0), fixed_minor: 0 };

/// Why a bank transfer could not be recorded against a pledge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptRefused {
    /// The campaign is not paid by bank transfer, or did not succeed.
    #[error("this pledge is not waiting for a bank transfer")]
    NotAwaited,
    /// The pledge is not waiting for its money (paid, dropped, withdrawn), or its receipt was
    /// recorded before.
    #[error("this pledge is not waiting for a payment")]
    NotDue,
    /// The money received is not exactly the pledge.
    #[error("the amount received is not the amount pledged")]
    WrongAmount,
}

/// Whether `received` may be recorded as the bank transfer for `pledge` of `campaign`: a
/// bank-transfer campaign that succeeded, a pledge whose payment is awaited (errored: asked for
/// and not yet received) with no receipt yet, and exactly the amount pledged.
pub fn check_receipt(
    campaign: &Campaign,
    pledge: &Pledge,
    has_receipt: bool,
    received: Money,
) -> Result<(), ReceiptRefused> {
    if campaign.provider != ProviderKind::Manual || campaign.status != CampaignStatus::Succeeded {
        return Err(ReceiptRefused::NotAwaited);
    }
    if pledge.status != PledgeStatus::Errored || has_receipt {
        return Err(ReceiptRefused::NotDue);
    }
    if received != pledge.amount {
        return Err(ReceiptRefused::WrongAmount);
    }
    Ok(())
}
