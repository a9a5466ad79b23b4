//! Times as people read them and as the API sends them.

use maud::{Markup, html};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::i18n::Tr;

/// A time as people read it, inside a machine-readable `<time>`: in the reader's own time zone
/// when they chose one (`30 January 2027 at 7:31 pm CET`, the zone named in `data-zone`), else in UTC;
/// `app.js` writes it in the page's language, in that zone or else the browser's.
pub fn when(tr: &Tr, at: OffsetDateTime) -> Markup {
    let shown = text(tr, at);
    html! { time datetime=(rfc3339(at)) data-local data-zone=[tr.zone().map(|(name, _)| name)] { (shown) } }
}

/// The text shown without JavaScript, in the page's language by ICU4X: `30 January 2027 at 7:31 pm CET`
/// (`2027년 1월 30일 오후 7:31 KST`, `30 gennaio 2027 alle ore 19:31 CET`) in the reader's zone, else in UTC.
fn text(tr: &Tr, at: OffsetDateTime) -> String {
    let zoned = tr.in_zone(at).and_then(|zoned| {
        let offset = time::UtcOffset::from_whole_seconds(zoned.offset().seconds()).ok()?;
        Some((at.to_offset(offset), zoned.strftime("%Z").to_string()))
    });
    let (local, zone) = zoned.unwrap_or_else(|| (at.to_offset(time::UtcOffset::UTC), "UTC".to_owned()));
    let civil = time::PrimitiveDateTime::new(local.date(), local.time());
    format!("{} {zone}", ideaforge_locale::date_time_in(tr.lang(), civil))
}

/// A time as a distance from now ("in 3 days", "2 hours ago"), for deadlines and recent events:
/// `app.js` writes the distance in the page's language and puts the exact time (in the reader's
/// zone) in the title; without JavaScript the exact time shows.
pub fn relative(tr: &Tr, at: OffsetDateTime) -> Markup {
    let shown = text(tr, at);
    html! {
        time datetime=(rfc3339(at)) data-relative data-zone=[tr.zone().map(|(name, _)| name)] title=(shown) { (shown) }
    }
}

/// A time as RFC 3339, the API's format.
pub fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}
