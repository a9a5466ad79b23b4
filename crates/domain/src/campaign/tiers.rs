//! Reward tiers: what a backer gets for pledging at least a tier's minimum, how many there are,
//! and what may change once a campaign is live (a limit only rises; a tier with backers is never
//! removed or made dearer).

use time::Month;

use crate::invalid::Invalid;
use crate::money::{Currency, MAX_MINOR, Money};
use crate::text::{line_type, markdown_type};

line_type!(
    /// A tier's title.
    TierTitle,
    120
);

markdown_type!(
    /// What a tier's backers get (Markdown).
    TierDescription,
    5_000
);

/// A calendar month (`2027-03`): when a reward is expected to ship.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    year: i32,
    month: Month,
}

impl YearMonth {
    /// Parses `YYYY-MM` (years 2000 to 2999).
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(Invalid::Required);
        }
        let (year, month) = raw.split_once('-').ok_or(Invalid::Malformed)?;
        if year.len() != 4 || month.len() != 2 || !(year.bytes().chain(month.bytes()).all(|b| b.is_ascii_digit())) {
            return Err(Invalid::Malformed);
        }
        let year: i32 = year.parse().map_err(|_| Invalid::Malformed)?;
        let month: u8 = month.parse().map_err(|_| Invalid::Malformed)?;
        if !(2000..=2999).contains(&year) {
            return Err(Invalid::Malformed);
        }
        let month = Month::try_from(month).map_err(|_| Invalid::Malformed)?;
        Ok(Self { year, month })
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, u8::from(self.month))
    }
}

/// The raw fields of a tier.
#[derive(Clone, Debug, Default)]
pub struct TierInput<'a> {
    /// Title text.
    pub title: &'a str,
    /// Description text.
    pub description: &'a str,
    /// The minimum pledge in minor units.
    pub minimum_minor: Option<i64>,
    /// How many there are, if limited.
    pub limit: Option<i64>,
    /// How many one backer may take, if limited.
    pub per_backer_limit: Option<i64>,
    /// `YYYY-MM`.
    pub estimated_delivery: &'a str,
}

/// A tier as parsed, before it has an id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewTier {
    /// The title.
    pub title: TierTitle,
    /// What backers get.
    pub description: TierDescription,
    /// The least a pledge for it may be, in the campaign's currency.
    pub minimum: Money,
    /// How many there are (none: unlimited).
    pub limit: Option<u32>,
    /// How many one backer may take in their pledge (none: one).
    pub per_backer_limit: Option<u32>,
    /// When it is expected to ship.
    pub estimated_delivery: YearMonth,
}

/// The most units a limited tier may have.
pub const MAX_LIMIT: i64 = 1_000_000;

fn count(raw: Option<i64>) -> Result<Option<u32>, Invalid> {
    raw.map(|n| {
        u32::try_from(n)
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(&i64::from(*n)))
            .ok_or(Invalid::OutOfRange { min: 1, max: MAX_LIMIT })
    })
    .transpose()
}

impl NewTier {
    /// Parses a tier in the campaign's `currency` (`None` when the campaign's own currency was
    /// refused: the tier is refused too).
    pub fn parse(raw: &TierInput<'_>, currency: Option<Currency>) -> Result<Self, Invalid> {
        let title = TierTitle::parse(raw.title)?;
        let description = TierDescription::parse(raw.description)?;
        let currency = currency.ok_or(Invalid::Mismatch)?;
        let minimum = match raw.minimum_minor {
            None => return Err(Invalid::Required),
            Some(minor) if (1..=MAX_MINOR).contains(&minor) => Money::new(minor, currency),
            Some(_) => return Err(Invalid::OutOfRange { min: 1, max: MAX_MINOR }),
        };
        let limit = count(raw.limit)?;
        let per_backer_limit = count(raw.per_backer_limit)?;
        if let (Some(limit), Some(per_backer)) = (limit, per_backer_limit)
            && per_backer > limit
        {
            return Err(Invalid::Mismatch);
        }
        let estimated_delivery = YearMonth::parse(raw.estimated_delivery)?;
        Ok(Self { title, description, minimum, limit, per_backer_limit, estimated_delivery })
    }
}

/// A tier as stored, with what it has sold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tier {
    /// Its id.
    pub id: crate::TierId,
    /// Its terms.
    pub terms: NewTier,
    /// How many of it live pledges hold.
    pub taken: u32,
}

impl Tier {
    /// How many are left (`None`: unlimited).
    pub fn remaining(&self) -> Option<u32> {
        self.terms.limit.map(|limit| limit.saturating_sub(self.taken))
    }
}

/// Whether a live campaign's tier may change from `before` to `after` (`None`: removed). Before a
/// campaign is live anything goes; once live a limit only rises (or is lifted) and never below what
/// is taken, and a tier with backers is never removed or made dearer.
pub fn check_tier_change(live: bool, before: &Tier, after: Option<&NewTier>) -> Result<(), Invalid> {
    if !live {
        return Ok(());
    }
    let Some(after) = after else {
        return if before.taken == 0 { Ok(()) } else { Err(Invalid::Taken) };
    };
    if after.minimum.currency() != before.terms.minimum.currency() {
        return Err(Invalid::Mismatch);
    }
    if before.taken > 0 && after.minimum.minor() > before.terms.minimum.minor() {
        return Err(Invalid::Taken);
    }
    match (before.terms.limit, after.limit) {
        (Some(old), Some(new)) if new < old => Err(Invalid::OutOfRange { min: i64::from(old), max: MAX_LIMIT }),
        (None, Some(_)) => Err(Invalid::Mismatch),
        _ => Ok(()),
    }
}
