//! Times as forms and JSON send them.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

/// Text that is not a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Malformed;

/// A time from a form or JSON: RFC 3339, or a `datetime-local` value (`YYYY-MM-DDTHH:MM[:SS]`)
/// read as UTC. Empty means not given.
pub fn parse_time(raw: &str) -> Result<Option<OffsetDateTime>, Malformed> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    if let Ok(at) = OffsetDateTime::parse(raw, &Rfc3339) {
        return Ok(Some(at));
    }
    let minutes = format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let seconds = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    PrimitiveDateTime::parse(raw, minutes)
        .or_else(|_| PrimitiveDateTime::parse(raw, seconds))
        .map(|at| Some(at.assume_utc()))
        .map_err(|_| Malformed)
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::{Malformed, parse_time};

    #[test]
    fn times() {
        assert_eq!(parse_time(""), Ok(None));
        assert_eq!(parse_time("2030-01-02T03:04"), Ok(Some(datetime!(2030-01-02 03:04 UTC))));
        assert_eq!(parse_time("2030-01-02T03:04:05+02:00"), Ok(Some(datetime!(2030-01-02 01:04:05 UTC))));
        assert_eq!(parse_time("next week"), Err(Malformed));
    }
}
