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
