//! Fixed-window attempt counting per key (an e-mail, an IP address), in memory on each node.

use std::collections::HashMap;
use std::sync::Mutex;

use time::{Duration, OffsetDateTime};

/// Too many attempts: try again after this long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retry {
    /// Whole seconds until the window resets (at least 1).
    pub after_secs: u64,
}

/// Allows `limit` attempts per key per `window`.
#[derive(Debug)]
pub struct RateLimiter {
    limit: u32,
    window: Duration,
    windows: Mutex<HashMap<String, (OffsetDateTime, u32)>>,
}

impl RateLimiter {
    /// A limiter of `limit` attempts per `window`.
    pub fn new(limit: u32, window: Duration) -> Self {
        Self { limit, window, windows: Mutex::new(HashMap::new()) }
    }

    /// Counts one attempt for every key; refuses when any key is over its limit.
    pub fn hit(&self, keys: &[&str], now: OffsetDateTime) -> Result<(), Retry> {
        let mut windows = self.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Forget finished windows so that the map stays as small as the set of active keys.
        if windows.len() > 10_000 {
            windows.retain(|_, (start, _)| now < *start + self.window);
        }
        let mut refused: Option<Retry> = None;
        for key in keys {
            let entry = windows.entry((*key).to_owned()).or_insert((now, 0));
            if now >= entry.0 + self.window {
                *entry = (now, 0);
            }
            entry.1 = entry.1.saturating_add(1);
            if entry.1 > self.limit {
                let left = (entry.0 + self.window - now).whole_seconds().max(1).unsigned_abs();
                refused = Some(Retry { after_secs: refused.map_or(left, |r| r.after_secs.max(left)) });
            }
        }
        refused.map_or(Ok(()), Err)
    }

    /// Clears a key after a success (a correct password resets the e-mail's count).
    pub fn reset(&self, key: &str) {
        self.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn refuses_after_the_limit_until_the_window_ends() {
        let limiter = RateLimiter::new(3, Duration::minutes(15));
        let t0 = datetime!(2026-01-01 0:00 UTC);
        for _ in 0..3 {
            assert!(limiter.hit(&["a"], t0).is_ok());
        }
        assert_eq!(limiter.hit(&["a"], t0 + Duration::minutes(5)), Err(Retry { after_secs: 600 }));
        assert!(limiter.hit(&["b"], t0).is_ok(), "other keys are independent");
        assert!(limiter.hit(&["a"], t0 + Duration::minutes(15)).is_ok(), "a new window starts");
        limiter.reset("a");
        assert!(limiter.hit(&["a"], t0).is_ok());
    }
}
