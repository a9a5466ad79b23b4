//! Money: integer minor units with an ISO 4217 currency. Never a float; arithmetic is checked and
//! refuses to mix currencies.

use std::fmt;

use crate::invalid::Invalid;

/// An ISO 4217 currency Ideaforge accepts, with its number of decimal places.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency {
    code: [u8; 3],
    exponent: u8,
}

/// The accepted currencies and their decimal places (ISO 4217).
const CURRENCIES: &[(&str, u8)] = &[
    ("AUD", 2),
    ("BRL", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CNY", 2),
    ("DKK", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("INR", 2),
    ("JPY", 0),
    ("KRW", 0),
    ("NOK", 2),
    ("PLN", 2),
    ("SEK", 2),
    ("USD", 2),
];

impl Currency {
    /// Parses a code such as `USD` or `krw` (case does not matter).
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let code = raw.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(Invalid::Required);
        }
        CURRENCIES
            .iter()
            .find(|(known, _)| *known == code)
            .and_then(|(known, exponent)| {
                let bytes: [u8; 3] = known.as_bytes().try_into().ok()?;
                Some(Self { code: bytes, exponent: *exponent })
            })
            .ok_or(Invalid::Unknown)
    }

    /// The three-letter code.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.code).unwrap_or("XXX")
    }

    /// Decimal places of the minor unit (2 for USD cents, 0 for JPY and KRW).
    pub fn exponent(&self) -> u8 {
        self.exponent
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why money arithmetic was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The amounts are in different currencies.
    #[error("currencies differ: {0} and {1}")]
    CurrencyMismatch(Currency, Currency),
    /// The result does not fit.
    #[error("amount overflows")]
    Overflow,
}

/// An amount of money: minor units (cents) and a currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

/// The largest amount accepted from people: 10^15 minor units (ten trillion dollars), far below
/// `i64::MAX`, so that sums of many amounts cannot overflow.
pub const MAX_MINOR: i64 = 1_000_000_000_000_000;

impl Money {
    /// An amount in minor units.
    pub const fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    /// Nothing, in `currency`.
    pub const fn zero(currency: Currency) -> Self {
        Self { minor: 0, currency }
    }

    /// Parses a positive amount as people write it (`1500`, `1500.5`, `1500.50`) in `currency`:
    /// no sign, no more decimals than the currency has, at most [`MAX_MINOR`] minor units.
    pub fn parse(raw: &str, currency: Currency) -> Result<Self, Invalid> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(Invalid::Required);
        }
        let (whole, fraction) = match text.split_once('.') {
            Some((whole, fraction)) => (whole, fraction),
            None => (text, ""),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(fraction) || (text.contains('.') && fraction.is_empty()) {
            return Err(Invalid::Malformed);
        }
        let exponent = usize::from(currency.exponent());
        if fraction.len() > exponent {
            return Err(Invalid::Malformed);
        }
        let range = Invalid::OutOfRange { min: 1, max: MAX_MINOR };
        let scale = 10_i128.pow(u32::from(currency.exponent()));
        let whole: i128 = whole.parse().map_err(|_| range)?;
        let padded = format!("{fraction:0<exponent$}");
        let fraction: i128 = if padded.is_empty() { 0 } else { padded.parse().map_err(|_| Invalid::Malformed)? };
        let minor = whole.checked_mul(scale).and_then(|w| w.checked_add(fraction)).ok_or(range)?;
        if !(1..=i128::from(MAX_MINOR)).contains(&minor) {
            return Err(range);
        }
        Ok(Self { minor: i64::try_from(minor).map_err(|_| range)?, currency })
    }

    /// Minor units (may be negative in ledger entries).
    pub const fn minor(&self) -> i64 {
        self.minor
    }

    /// The currency.
    pub const fn currency(&self) -> Currency {
        self.currency
    }

    /// Whether it is below zero.
    pub const fn is_negative(&self) -> bool {
        self.minor < 0
    }

    fn same(&self, other: &Self) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch(self.currency, other.currency))
        }
    }

    /// `self + other`, refusing other currencies and overflow.
    pub fn checked_add(self, other: Self) -> Result<Self, MoneyError> {
        self.same(&other)?;
        let minor = self.minor.checked_add(other.minor).ok_or(MoneyError::Overflow)?;
        Ok(Self { minor, currency: self.currency })
    }

    /// `self - other`, refusing other currencies and overflow.
    pub fn checked_sub(self, other: Self) -> Result<Self, MoneyError> {
        self.same(&other)?;
        let minor = self.minor.checked_sub(other.minor).ok_or(MoneyError::Overflow)?;
        Ok(Self { minor, currency: self.currency })
    }

    /// The opposite amount.
    pub fn checked_neg(self) -> Result<Self, MoneyError> {
        Ok(Self { minor: self.minor.checked_neg().ok_or(MoneyError::Overflow)?, currency: self.currency })
    }

    /// `bp` basis points of this amount, rounded half up to the minor unit (a 10 % fee is 1,000 bp).
    pub fn basis_points(self, bp: u32) -> Result<Self, MoneyError> {
        let product = i128::from(self.minor) * i128::from(bp);
        let rounded = if product >= 0 { (product + 5_000) / 10_000 } else { (product - 5_000) / 10_000 };
        Ok(Self { minor: i64::try_from(rounded).map_err(|_| MoneyError::Overflow)?, currency: self.currency })
    }
}

/// Money as the API contract and stored payloads spell it: `{"amount_minor": 150000, "currency": "USD"}`.
#[derive(serde::Serialize, serde::Deserialize)]
struct MoneyWire {
    amount_minor: i64,
    currency: String,
}

impl serde::Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        MoneyWire { amount_minor: self.minor, currency: self.currency.code().to_owned() }.serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let wire = MoneyWire::deserialize(d)?;
        let currency = Currency::parse(&wire.currency).map_err(|_| {
            serde::de::Error::invalid_value(serde::de::Unexpected::Str(&wire.currency), &"an ISO 4217 currency")
        })?;
        Ok(Self { minor: wire.amount_minor, currency })
    }
}

impl Money {
    /// The amount as a decimal in major units, without the currency: `1500.00`, `-3` (KRW).
    pub fn decimal(&self) -> String {
        let exponent = u32::from(self.currency.exponent());
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        if exponent == 0 {
            return format!("{sign}{abs}");
        }
        let scale = 10_u64.pow(exponent);
        let width = exponent as usize;
        format!("{sign}{}.{:0width$}", abs / scale, abs % scale)
    }
}

/// A positive amount from raw fields: `minor` is required and must lie in `1..=MAX_MINOR`. With no
/// known currency there is nothing to build (`Ok(None)`; the currency's own field names that).
pub fn positive_amount(minor: Option<i64>, currency: Option<Currency>) -> Result<Option<Money>, Invalid> {
    match (minor, currency) {
        (None, _) => Err(Invalid::Required),
        (Some(minor), Some(c)) if (1..=MAX_MINOR).contains(&minor) => Ok(Some(Money::new(minor, c))),
        (Some(_), Some(_)) => Err(Invalid::OutOfRange { min: 1, max: MAX_MINOR }),
        (Some(_), None) => Ok(None),
    }
}

impl fmt::Display for Money {
    /// `1500.00 USD`, `-3 KRW`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.decimal(), self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn usd() -> Currency {
        Currency::parse("USD").expect("known")
    }

    #[test]
    fn currencies_are_known_codes() {
        assert_eq!(Currency::parse(" eur ").map(|c| c.code().to_owned()), Ok("EUR".to_owned()));
        assert_eq!(Currency::parse("KRW").map(|c| c.exponent()), Ok(0));
        assert_eq!(Currency::parse("XYZ"), Err(Invalid::Unknown));
        assert_eq!(Currency::parse(""), Err(Invalid::Required));
        assert_eq!(Currency::parse("US"), Err(Invalid::Unknown));
    }

    #[test]
    fn amounts_parse_as_people_write_them() {
        let usd = usd();
        assert_eq!(Money::parse("1500", usd).map(|m| m.minor()), Ok(150_000));
        assert_eq!(Money::parse("1500.5", usd).map(|m| m.minor()), Ok(150_050));
        assert_eq!(Money::parse("0.01", usd).map(|m| m.minor()), Ok(1));
        for bad in ["-5", "1.234", "1e3", "1,000", "abc", ".5", "5.", "+5", " 1 000"] {
            assert!(Money::parse(bad, usd).is_err(), "{bad}");
        }
        assert!(matches!(Money::parse("0", usd), Err(Invalid::OutOfRange { .. })));
        assert!(matches!(Money::parse("99999999999999999999999", usd), Err(Invalid::OutOfRange { .. })));
        assert!(matches!(Money::parse("10000000000000.01", usd), Err(Invalid::OutOfRange { .. })));
        let krw = Currency::parse("KRW").expect("known");
        assert_eq!(Money::parse("5000", krw).map(|m| m.minor()), Ok(5_000));
        assert!(Money::parse("5000.5", krw).is_err(), "won have no minor unit");
    }

    #[test]
    fn arithmetic_refuses_mixed_currencies_and_overflow() {
        let usd = usd();
        let eur = Currency::parse("EUR").expect("known");
        let a = Money::new(100, usd);
        assert_eq!(a.checked_add(Money::new(5, usd)), Ok(Money::new(105, usd)));
        assert_eq!(a.checked_add(Money::new(5, eur)), Err(MoneyError::CurrencyMismatch(usd, eur)));
        assert_eq!(Money::new(i64::MAX, usd).checked_add(Money::new(1, usd)), Err(MoneyError::Overflow));
        assert_eq!(Money::new(i64::MIN, usd).checked_neg(), Err(MoneyError::Overflow));
        assert_eq!(Money::new(150_000, usd).basis_points(1_000), Ok(Money::new(15_000, usd)));
        assert_eq!(Money::new(5, usd).basis_points(1_000), Ok(Money::new(1, usd)), "0.5 cent rounds up");
        assert_eq!(Money::new(150_050, usd).to_string(), "1500.50 USD");
        assert_eq!(Money::new(-3, Currency::parse("KRW").expect("known")).to_string(), "-3 KRW");
    }

    proptest! {
        #[test]
        fn display_and_parse_round_trip(minor in 1..=MAX_MINOR) {
            let money = Money::new(minor, usd());
            let shown = money.to_string();
            let number = shown.trim_end_matches(" USD");
            prop_assert_eq!(Money::parse(number, usd()), Ok(money));
        }

        #[test]
        fn a_fee_never_exceeds_the_amount(minor in 0..=MAX_MINOR, bp in 0_u32..=10_000) {
            let fee = Money::new(minor, usd()).basis_points(bp).expect("fits");
            prop_assert!(fee.minor() >= 0 && fee.minor() <= minor);
        }
    }
}
