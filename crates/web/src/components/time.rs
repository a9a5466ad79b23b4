//! Times as people read them and as the API sends them.

use maud::{Markup, html};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A time as people read it: in UTC inside a machine-readable `<time>`, which `app.js`
/// shows in the reader's own time zone, to the second (the UTC text kept as its title).
pub fn when(at: OffsetDateTime) -> Markup {
    let shown = utc_text(at);
    html! { time datetime=(rfc3339(at)) data-local { (shown) } }
}

/// The text shown without JavaScript: `2027-01-30 18:31 UTC`.
fn utc_text(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!("{} {:02}:{:02} UTC", at.date(), at.hour(), at.minute())
}

/// A time as a distance from now ("in 3 days", "2 hours ago"), for deadlines and recent events:
/// `app.js` writes the distance in the page's language and puts the exact local time in the
/// title; without JavaScript the exact UTC time shows.
pub fn relative(at: OffsetDateTime) -> Markup {
    let shown = utc_text(at);
    html! { time datetime=(rfc3339(at)) data-relative title=(shown) { (shown) } }
}

/// A time as RFC 3339, the API's format.
pub fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}
