//! How money crosses the platform's edge: the `PaymentProvider` trait and the built-in `manual`
//! provider (bank transfers an admin records with the bank's reference). The `sandbox` card
//! processor is in `campaigns/sandbox.rs`.
//!
//! The trait follows a real processor's manual-capture flow: a payment method is authorised when a
//! backer pledges (nothing is charged), captured at settlement if the campaign succeeds, voided if
//! it does not or the pledge is withdrawn, and refunded after a capture. Every operation carries an
//! idempotency key: the same key answers with its first outcome and moves no money again, so a
//! settlement pass cut short by a crash may send any operation again.

use std::future::Future;
use std::pin::Pin;

use ideaforge_domain::Invalid;
use ideaforge_domain::campaign::{NO_PROCESSOR_FEE, ProcessorFee, ProviderKind};
use ideaforge_domain::challenge::sha256_hex;
use ideaforge_domain::money::Money;
use ideaforge_store::{Store, StoreError};
use time::OffsetDateTime;

use crate::App;
use crate::campaigns::Card;

/// A provider's answer, later.
pub type Answer<'a, T> = Pin<Box<dyn Future<Output = Result<T, PaymentError>> + Send + 'a>>;

/// How a backer pays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaymentMethod {
    /// A card, authorised now and charged at settlement.
    Card(Card),
    /// A bank transfer, asked for at settlement.
    BankTransfer,
}

/// One operation on an authorisation: its idempotency key, the provider's authorisation reference
/// and the amount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Charge {
    /// The idempotency key: the same key, the same answer, once.
    pub key: String,
    /// The authorisation it acts on, as the provider returned it.
    pub authorisation: String,
    /// How much.
    pub amount: Money,
}

/// Why a provider did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    /// The processor declined it (a card refused, a refund of money never captured).
    #[error("the payment was declined")]
    Declined,
    /// This provider does not take that payment method.
    #[error("this provider does not take that payment method")]
    Unsupported,
    /// The provider's record could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A payment provider. A production adapter (a card processor's API) implements these with the
/// processor's own idempotency keys: authorise = create a payment with manual capture, capture =
/// capture it, void = cancel it, refund = refund a captured payment.
pub trait PaymentProvider: Send + Sync + std::fmt::Debug {
    /// The provider's name, stored with each posting's memo.
    fn name(&self) -> &'static str;

    /// Checks a reference for money received or paid out (1 to 200 characters, one line).
    fn check_reference(&self, reference: &str) -> Result<String, Invalid> {
        ideaforge_domain::challenge::PaymentReference::parse(reference).map(|r| r.as_str().to_owned())
    }

    /// What the processor charges on each capture.
    fn fee(&self) -> ProcessorFee;

    /// Authorises `amount` on `method` (nothing is charged); returns the authorisation's reference,
    /// which carries no card number.
    fn authorise<'a>(
        &'a self,
        key: &'a str,
        method: &'a PaymentMethod,
        amount: Money,
        now: OffsetDateTime,
    ) -> Answer<'a, String>;

    /// Captures each charge (sent together); for each, whether the money was collected.
    fn capture<'a>(&'a self, charges: &'a [Charge], now: OffsetDateTime) -> Answer<'a, Vec<bool>>;

    /// Voids an authorisation: nobody will be charged.
    fn void<'a>(&'a self, charge: &'a Charge, now: OffsetDateTime) -> Answer<'a, ()>;

    /// Gives back captured money (at most what was captured on the authorisation).
    fn refund<'a>(&'a self, charge: &'a Charge, now: OffsetDateTime) -> Answer<'a, ()>;
}

/// The manual provider: bank transfers. Authorising keeps a promise to pay (nothing is held); a
/// capture succeeds once an admin recorded the transfer received for the pledge; voids hold
/// nothing back. It cannot refund: money goes back by a bank transfer an admin makes and records as
/// a payout, so `refund` answers `Unsupported` rather than pretending.
#[derive(Clone, Debug)]
pub struct ManualProvider {
    store: Store,
}

impl ManualProvider {
    /// The manual provider reading the receipts recorded in `store`.
    pub fn new(store: Store) -> Self {
        Self { store }
    }
}

impl PaymentProvider for ManualProvider {
    fn name(&self) -> &'static str {
        "manual"
    }

    fn fee(&self) -> ProcessorFee {
        NO_PROCESSOR_FEE
    }

    fn authorise<'a>(
        &'a self,
        key: &'a str,
        method: &'a PaymentMethod,
        _amount: Money,
        _now: OffsetDateTime,
    ) -> Answer<'a, String> {
        Box::pin(async move {
            match method {
                PaymentMethod::BankTransfer => Ok(format!("man_{}", &sha256_hex(key)[..24])),
                PaymentMethod::Card(_) => Err(PaymentError::Unsupported),
            }
        })
    }

    fn capture<'a>(&'a self, charges: &'a [Charge], _now: OffsetDateTime) -> Answer<'a, Vec<bool>> {
        Box::pin(async move {
            let authorisations: Vec<&str> = charges.iter().map(|c| c.authorisation.as_str()).collect();
            let paid = self.store.transfers_received(&authorisations).await?;
            Ok(charges.iter().map(|c| paid.contains(&c.authorisation)).collect())
        })
    }

    fn void<'a>(&'a self, _charge: &'a Charge, _now: OffsetDateTime) -> Answer<'a, ()> {
        Box::pin(async { Ok(()) })
    }

    fn refund<'a>(&'a self, _charge: &'a Charge, _now: OffsetDateTime) -> Answer<'a, ()> {
        Box::pin(async { Err(PaymentError::Unsupported) })
    }
}

impl App {
    /// The provider a campaign's backers pay through; `Manual` also records escrow and payouts.
    pub fn payments(&self, kind: ProviderKind) -> &dyn PaymentProvider {
        match kind {
            ProviderKind::Manual => &self.manual,
            ProviderKind::Sandbox => &self.sandbox,
        }
    }
}
