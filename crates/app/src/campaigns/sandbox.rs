//! The sandbox card processor: a simulated processor for demos and tests with a persistent record
//! of its own (the store's `sandbox_charges`), answering like a real processor's manual-capture
//! flow: authorise at pledge time, capture at settlement, void when nobody pays. Each operation is
//! idempotent by key: the same key answers with its first outcome and records nothing new.
//!
//! Test cards: `4242 4242 4242 4242` succeeds; `4000 0000 0000 0002` is authorised but declines at
//! capture; `4000 0000 0000 9995` is refused at authorisation. Any other number with a valid check
//! digit behaves like the first. Only a card's last four digits are ever stored.

use ideaforge_domain::Invalid;
use ideaforge_domain::challenge::sha256_hex;
use ideaforge_domain::money::Money;
use ideaforge_store::{SandboxCharge, Store, StoreError};
use time::OffsetDateTime;

/// A card number as typed, checked: 12 to 19 digits (spaces and dashes ignored) with a valid
/// check digit (Luhn).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card(String);

impl Card {
    /// Parses a card number.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if digits.is_empty() {
            return Err(Invalid::Required);
        }
        if !(12..=19).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Invalid::Malformed);
        }
        let sum: u32 = digits
            .bytes()
            .rev()
            .enumerate()
            .map(|(i, b)| {
                let d = u32::from(b - b'0');
                if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d }
            })
            .sum();
        if !sum.is_multiple_of(10) {
            return Err(Invalid::Malformed);
        }
        Ok(Self(digits))
    }

    /// A short digest of the number, to tell cards apart in idempotency keys without keeping it.
    pub fn fingerprint(&self) -> String {
        sha256_hex(&self.0)[..16].to_owned()
    }

    fn last4(&self) -> String {
        self.0[self.0.len() - 4..].to_owned()
    }
}

/// The card was declined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the card was declined")]
pub struct Declined;

/// The last four digits an authorisation's reference carries.
fn last4(authorisation: &str) -> &str {
    authorisation.split('_').nth(1).unwrap_or_default()
}

fn charge(key: &str, operation: &str, authorisation: &str, amount: Money, approved: bool) -> SandboxCharge {
    SandboxCharge {
        key: key.to_owned(),
        operation: operation.to_owned(),
        authorisation: authorisation.to_owned(),
        card_last4: last4(authorisation).to_owned(),
        amount,
        outcome: if approved { "approved" } else { "declined" }.to_owned(),
    }
}

/// The sandbox processor over the store's record.
#[derive(Clone, Copy, Debug)]
pub struct Sandbox<'a> {
    store: &'a Store,
}

/// What went wrong talking to the sandbox.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The card was declined.
    #[error(transparent)]
    Declined(#[from] Declined),
    /// Its record could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<'a> Sandbox<'a> {
    /// The sandbox recording in `store`.
    pub fn new(store: &'a Store) -> Self {
        Self { store }
    }

    async fn answer(&self, charge: SandboxCharge, now: OffsetDateTime) -> Result<SandboxCharge, SandboxError> {
        let first = self.store.sandbox_record(&charge, now).await?;
        if first.outcome == "approved" { Ok(first) } else { Err(Declined.into()) }
    }

    /// Authorises `amount` on `card` (the same `key`, the same answer); returns the authorisation's
    /// reference, which carries no card number.
    pub async fn authorise(
        &self,
        key: &str,
        card: &Card,
        amount: Money,
        now: OffsetDateTime,
    ) -> Result<String, SandboxError> {
        let authorisation = format!("sbx_{}_{}", card.last4(), &sha256_hex(key)[..24]);
        let approved = card.0 != "4000000000009995";
        let charge = charge(key, "authorise", &authorisation, amount, approved);
        Ok(self.answer(charge, now).await?.authorisation)
    }

    /// Captures `amount` of an authorisation (the same `key`, the same answer).
    pub async fn capture(
        &self,
        key: &str,
        authorisation: &str,
        amount: Money,
        now: OffsetDateTime,
    ) -> Result<(), SandboxError> {
        let approved = last4(authorisation) != "0002";
        self.answer(charge(key, "capture", authorisation, amount, approved), now).await.map(|_| ())
    }

    /// Captures many authorisations at once, each idempotent by its key as [`Sandbox::capture`]:
    /// for each `(key, authorisation, amount)`, whether the capture was approved.
    pub async fn capture_many(
        &self,
        captures: &[(String, String, Money)],
        now: OffsetDateTime,
    ) -> Result<Vec<bool>, SandboxError> {
        let charges: Vec<SandboxCharge> = captures
            .iter()
            .map(|(key, authorisation, amount)| {
                charge(key, "capture", authorisation, *amount, last4(authorisation) != "0002")
            })
            .collect();
        let answered = self.store.sandbox_record_many(&charges, now).await?;
        Ok(answered.iter().map(|first| first.outcome == "approved").collect())
    }

    /// Voids an authorisation: nobody will be charged.
    pub async fn void(
        &self,
        key: &str,
        authorisation: &str,
        amount: Money,
        now: OffsetDateTime,
    ) -> Result<(), SandboxError> {
        self.answer(charge(key, "void", authorisation, amount, true), now).await.map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_need_digits_and_a_valid_check_digit() {
        assert!(Card::parse("4242 4242 4242 4242").is_ok());
        assert!(Card::parse("4000-0000-0000-0002").is_ok());
        assert!(Card::parse("4000 0000 0000 9995").is_ok());
        assert_eq!(Card::parse("4242 4242 4242 4241"), Err(Invalid::Malformed), "check digit");
        assert_eq!(Card::parse("4242 abcd"), Err(Invalid::Malformed));
        assert_eq!(Card::parse(""), Err(Invalid::Required));
        assert_eq!(Card::parse("4242 4242 4242 4242").map(|c| c.last4()), Ok("4242".to_owned()));
    }
}
