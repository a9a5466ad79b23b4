//! What handlers of every area share: parsing form and query values, and redirecting with a flash
//! message.

use std::str::FromStr;

use axum::response::{IntoResponse, Redirect, Response};
use ideaforge_domain::Invalid;
use serde::Deserialize;
use time::OffsetDateTime;

use crate::error::WebError;
use crate::i18n::Tr;
use crate::session::{append_cookie, flash_cookie};

/// The answer to a form that failed validation: the page re-rendered with its field messages,
/// status 422.
pub fn unprocessable(page: maud::Markup) -> Response {
    (axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

/// A redirect that shows a flash message (a catalog key) on the next page.
pub fn redirect_with_flash(to: &str, flash: &str) -> Response {
    let mut response = Redirect::to(to).into_response();
    append_cookie(&mut response, &flash_cookie(flash));
    response
}

/// A path id; anything unparsable is simply not found.
pub fn parse_id<T: FromStr>(raw: &str) -> Result<T, WebError> {
    raw.parse().map_err(|_| WebError::NotFound)
}

/// A time from a form or JSON: RFC 3339, or a `datetime-local` value read as UTC
/// (`ideaforge_text::when`). Empty means not given.
pub fn parse_time(raw: &str) -> Result<Option<OffsetDateTime>, Invalid> {
    ideaforge_text::when::parse_time(raw).map_err(|_| Invalid::Malformed)
}

/// A time from a page's form: a `datetime-local` value read in the reader's time zone (in UTC when
/// they chose none), or RFC 3339 as it says. Empty means not given.
pub fn parse_time_in(raw: &str, tr: &Tr) -> Result<Option<OffsetDateTime>, Invalid> {
    let Some(read_as_utc) = parse_time(raw)? else { return Ok(None) };
    let Some((_, zone)) = tr.zone() else { return Ok(Some(read_as_utc)) };
    let written = raw.trim();
    if OffsetDateTime::parse(written, &time::format_description::well_known::Rfc3339).is_ok() {
        return Ok(Some(read_as_utc));
    }
    let t = read_as_utc;
    let number = |n: u8| i8::try_from(n).map_err(|_| Invalid::Malformed);
    let year = i16::try_from(t.year()).map_err(|_| Invalid::Malformed)?;
    let civil = jiff::civil::DateTime::new(
        year,
        number(u8::from(t.month()))?,
        number(t.day())?,
        number(t.hour())?,
        number(t.minute())?,
        number(t.second())?,
        0,
    )
    .map_err(|_| Invalid::Malformed)?;
    let instant = zone.to_timestamp(civil).map_err(|_| Invalid::Malformed)?;
    OffsetDateTime::from_unix_timestamp(instant.as_second()).map(Some).map_err(|_| Invalid::Malformed)
}

/// A time as a `datetime-local` input shows it: `2030-01-02T03:04` in the reader's time zone (in
/// UTC when they chose none), as [`parse_time_in`] reads it back.
pub fn local_input(at: OffsetDateTime, tr: &Tr) -> String {
    let zoned = tr.in_zone(at).map(|zoned| zoned.strftime("%Y-%m-%dT%H:%M").to_string());
    zoned.unwrap_or_else(|| {
        let d = at.to_offset(time::UtcOffset::UTC);
        format!("{}T{:02}:{:02}", d.date(), d.hour(), d.minute())
    })
}

/// What a form's time fields say about their zone: the reader's, or UTC.
pub fn zone_hint(tr: &Tr) -> String {
    match tr.zone() {
        Some((name, _)) => tr.t_with("field-zone-hint", &[("zone", name)]),
        None => tr.t("field-utc-hint"),
    }
}

/// A whole number from a form; empty means not given.
pub fn parse_optional_number(raw: &str) -> Result<Option<i64>, Invalid> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse().map(Some).map_err(|_| Invalid::Malformed)
}

/// An on/off form (follow, vote).
#[derive(Debug, Deserialize)]
pub struct Toggle {
    #[serde(default)]
    pub on: String,
}

/// A share as people type it, in per cent with up to two decimals (`60`, `33.33`), in basis points.
pub fn parse_percent(raw: &str) -> Result<i64, Invalid> {
    let text = raw.trim().trim_end_matches('%').trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || fraction.len() > 2 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Invalid::Malformed);
    }
    let whole: i64 = whole.parse().map_err(|_| Invalid::Malformed)?;
    let fraction: i64 =
        if fraction.is_empty() { 0 } else { format!("{fraction:0<2}").parse().map_err(|_| Invalid::Malformed)? };
    Ok(whole * 100 + fraction)
}

/// Percent-encodes a path for use in a query string.
pub fn url_encode(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn times_and_numbers() {
        assert_eq!(parse_time("2030-01-02T03:04"), Ok(Some(datetime!(2030-01-02 03:04 UTC))));
        assert_eq!(parse_time("next week"), Err(Invalid::Malformed));
        assert_eq!(parse_optional_number(" 42 "), Ok(Some(42)));
        assert_eq!(parse_optional_number("99999999999999999999"), Err(Invalid::Malformed));
    }
}
