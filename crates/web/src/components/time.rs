//! Times as people read them and as the API sends them.

use maud::{Markup, html};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::i18n::Tr;

/// A time as people read it, inside a machine-readable `<time>`: in the reader's own time zone
/// when they chose one (`2027-01-30 19:31 CET`, the zone named in `data-zone`), else in UTC;
/// `app.js` writes it in the page's language, in that zone or else the browser's.
pub fn when(tr: &Tr, at: OffsetDateTime) -> Markup {
    let shown = text(tr, at);
    html! { time datetime=(rfc3339(at)) data-local data-zone=[tr.zone().map(|(name, _)| name)] { (shown) } }
}

/// The text shown without JavaScript: `2027-01-30 19:31 CET` in the reader's zone, or
/// `2027-01-30 18:31 UTC`.
fn text(tr: &Tr, at: OffsetDateTime) -> String {
    let zoned = tr.in_zone(at).map(|zoned| zoned.strftime("%Y-%m-%d %H:%M %Z").to_string());
    zoned.unwrap_or_else(|| {
        let at = at.to_offset(time::UtcOffset::UTC);
        format!("{} {:02}:{:02} UTC", at.date(), at.hour(), at.minute())
    })
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
