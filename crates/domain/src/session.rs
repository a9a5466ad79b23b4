//! When a signed-in session stops being valid.

use time::{Duration, OffsetDateTime};

/// How long sessions live: an idle limit since the last request and an absolute limit since sign-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused for this long ends.
    pub idle: Duration,
    /// A session ends this long after sign-in, however busy.
    pub absolute: Duration,
    /// `last_seen` is written at most this often, to keep reads from turning into writes.
    pub touch_every: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self { idle: Duration::days(7), absolute: Duration::days(30), touch_every: Duration::minutes(5) }
    }
}

impl SessionPolicy {
    /// Whether a session created at `created` and last used at `last_seen` is still valid at `now`.
    pub fn is_valid(&self, created: OffsetDateTime, last_seen: OffsetDateTime, now: OffsetDateTime) -> bool {
        now < created + self.absolute && now < last_seen + self.idle
    }

    /// Whether `last_seen` is stale enough to be written again.
    pub fn needs_touch(&self, last_seen: OffsetDateTime, now: OffsetDateTime) -> bool {
        now - last_seen >= self.touch_every
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn idle_and_absolute_limits() {
        let policy = SessionPolicy::default();
        let t0 = datetime!(2026-01-01 0:00 UTC);
        assert!(policy.is_valid(t0, t0, t0 + Duration::days(6)));
        assert!(!policy.is_valid(t0, t0, t0 + Duration::days(7)));
        let busy = t0 + Duration::days(29);
        assert!(policy.is_valid(t0, busy, busy + Duration::hours(23)));
        assert!(!policy.is_valid(t0, busy, t0 + Duration::days(30)));
    }

    #[test]
    fn touch_is_throttled() {
        let policy = SessionPolicy::default();
        let t0 = datetime!(2026-01-01 0:00 UTC);
        assert!(!policy.needs_touch(t0, t0 + Duration::minutes(4)));
        assert!(policy.needs_touch(t0, t0 + Duration::minutes(5)));
    }
}

/// Where a member goes after signing in: a path on this site, by a strict grammar. A single `/`,
/// then only unreserved and path characters (`A–Z a–z 0–9 - . _ ~ ! $ & ' ( ) * + , ; = : @ / ? #`)
/// and `%XX` escapes; never a second leading slash, a backslash, a control character, a space,
/// anything outside ASCII (it arrives escaped), or an escape that decodes to a slash, a backslash,
/// a control character or another `%`. Anything else is not a `NextPath`, and the member goes home instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextPath(String);

/// The longest `next` kept.
const MAX_NEXT: usize = 2_000;

impl NextPath {
    /// The path, if `raw` is one.
    pub fn parse(raw: &str) -> Option<Self> {
        let bytes = raw.as_bytes();
        if bytes.len() > MAX_NEXT || bytes.first() != Some(&b'/') || matches!(bytes.get(1), Some(b'/' | b'\\')) {
            return None;
        }
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'%' {
                let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok())?;
                let decoded = u8::from_str_radix(hex, 16).ok()?;
                if matches!(decoded, b'/' | b'\\' | b'%') || decoded.is_ascii_control() {
                    return None;
                }
                i += 3;
                continue;
            }
            let allowed = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?#".contains(&b);
            if !allowed {
                return None;
            }
            i += 1;
        }
        Some(Self(raw.to_owned()))
    }

    /// The path, or the home page when `raw` is not one.
    pub fn or_home(raw: &str) -> Self {
        Self::parse(raw).unwrap_or_else(|| Self("/".to_owned()))
    }

    /// The path.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod next_tests {
    use super::NextPath;

    #[test]
    fn local_paths_are_kept() {
        for path in
            ["/", "/account", "/ideas/7", "/contests/3?sort=new&page=2", "/ideas/7#comments", "/search?q=%EC%9A%B0"]
        {
            assert_eq!(NextPath::parse(path).map(|p| p.as_str().to_owned()), Some(path.to_owned()), "{path}");
        }
        assert_eq!(NextPath::or_home("/account").as_str(), "/account");
        assert_eq!(NextPath::or_home("/search?q=kettle%20lid").as_str(), "/search?q=kettle%20lid");
    }

    /// Known open-redirect payloads (from public lists of bypasses): each one goes home.
    #[test]
    fn open_redirect_payloads_go_home() {
        let payloads = [
            "//evil.example",
            "///evil.example",
            "////evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "\\\\evil.example",
            "https://evil.example",
            "http:evil.example",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "evil.example",
            "@evil.example",
            "/%2F%2Fevil.example",
            "/%2f%2fevil.example",
            "/%5Cevil.example",
            "/%5cevil.example",
            "/%09/evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/%0D%0ALocation:%20https://evil.example",
            "/%00/evil.example",
            "/%252F%252Fevil.example",
            "/ /evil.example",
            "/%7F/evil.example",
            "/\u{3002}evil.example",
            "/\u{ff0f}\u{ff0f}evil.example",
            "/<script>alert(1)</script>",
            "/\"onmouseover=alert(1)",
            "/%",
            "/%zz",
            "",
            " /account",
            "/account\u{0}",
        ];
        assert!(payloads.len() >= 30);
        for payload in payloads {
            assert_eq!(NextPath::or_home(payload).as_str(), "/", "{payload:?}");
        }
    }
}
