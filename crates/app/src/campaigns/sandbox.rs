//! The sandbox card processor: a simulated processor for demos and tests with a persistent record
//! of its own (the store's `sandbox_charges`), answering like a real processor's manual-capture
//! flow: authorise at pledge time, capture at settlement, void when nobody pays, refund what was
//! captured. Each operation is idempotent by key: the same key answers with its first outcome and
//! records nothing new.
//!
//! Test cards: `4242 4242 4242 4242` succeeds; `4000 0000 0000 0002` is authorised but declines at
//! capture; `4000 0000 0000 9995` is refused at authorisation. Any other number with a valid check
//! digit behaves like the first. Only a card's last four digits are ever stored.

use ideaforge_domain::Invalid;
use ideaforge_domain::campaign::ProcessorFee;
use ideaforge_domain::challenge::sha256_hex;
use ideaforge_domain::contest::BasisPoints;
use ideaforge_domain::money::Money;
use ideaforge_store::{SandboxCharge, Store};
use time::OffsetDateTime;

use crate::payments::{Answer, Charge, PaymentError, PaymentMethod, PaymentProvider};

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

    pub(crate) fn last4(&self) -> String {
        self.0[self.0.len() - 4..].to_owned()
    }
}

/// The last four digits an authorisation's reference carries.
fn last4(authorisation: &str) -> &str {
    authorisation.split('_').nth(1).unwrap_or_default()
}

fn record(key: &str, operation: &str, authorisation: &str, amount: Money, approved: bool) -> SandboxCharge {
    SandboxCharge {
        key: key.to_owned(),
        operation: operation.to_owned(),
        authorisation: authorisation.to_owned(),
        card_last4: last4(authorisation).to_owned(),
        amount,
        outcome: if approved { "approved" } else { "declined" }.to_owned(),
    }
}

/// What the sandbox processor charges: 2.9 % and 0.30 per charge.
pub const SANDBOX_FEE: ProcessorFee = ProcessorFee { share: BasisPoints::of(290), fixed_minor: 30 };

/// The sandbox processor over the store's record.
#[derive(Clone, Debug)]
pub struct Sandbox {
    store: Store,
}

impl Sandbox {
    /// The sandbox recording in `store`.
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// Records `charge` once (by its key) and answers with its first outcome.
    async fn answer(&self, charge: SandboxCharge, now: OffsetDateTime) -> Result<SandboxCharge, PaymentError> {
        let first = self.store.sandbox_record(&charge, now).await?;
        if first.outcome == "approved" { Ok(first) } else { Err(PaymentError::Declined) }
    }
}

impl PaymentProvider for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    fn fee(&self) -> ProcessorFee {
        SANDBOX_FEE
    }

    fn authorise<'a>(
        &'a self,
        key: &'a str,
        method: &'a PaymentMethod,
        amount: Money,
        now: OffsetDateTime,
    ) -> Answer<'a, String> {
        Box::pin(async move {
            let PaymentMethod::Card(card) = method else { return Err(PaymentError::Unsupported) };
            let authorisation = format!("sbx_{}_{}", card.last4(), &sha256_hex(key)[..24]);
            let approved = card.0 != "4000000000009995";
            Ok(self.answer(record(key, "authorise", &authorisation, amount, approved), now).await?.authorisation)
        })
    }

    fn capture<'a>(&'a self, charges: &'a [Charge], now: OffsetDateTime) -> Answer<'a, Vec<bool>> {
        Box::pin(async move {
            let records: Vec<SandboxCharge> = charges
                .iter()
                .map(|c| record(&c.key, "capture", &c.authorisation, c.amount, last4(&c.authorisation) != "0002"))
                .collect();
            let answered = self.store.sandbox_record_many(&records, now).await?;
            Ok(answered.iter().map(|first| first.outcome == "approved").collect())
        })
    }

    fn void<'a>(&'a self, charge: &'a Charge, now: OffsetDateTime) -> Answer<'a, ()> {
        Box::pin(async move {
            self.answer(record(&charge.key, "void", &charge.authorisation, charge.amount, true), now).await.map(|_| ())
        })
    }

    fn refund<'a>(&'a self, charge: &'a Charge, now: OffsetDateTime) -> Answer<'a, ()> {
        Box::pin(async move {
            // Approved only within what was captured on the authorisation and not refunded yet.
            let history = self.store.sandbox_charges(&charge.authorisation).await?;
            let total = |operation: &str| -> i64 {
                history
                    .iter()
                    .filter(|c| c.operation == operation && c.outcome == "approved" && c.key != charge.key)
                    .map(|c| c.amount.minor())
                    .sum()
            };
            let approved = charge.amount.minor() <= total("capture") - total("refund");
            self.answer(record(&charge.key, "refund", &charge.authorisation, charge.amount, approved), now)
                .await
                .map(|_| ())
        })
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
