//! Fixed-window attempt counting per key (an e-mail, an IP address), in memory on each node, in a
//! bounded map: finished windows are forgotten, and when the map is full of live windows the
//! older half is dropped (a flood of new keys can shorten others' windows, never grow memory).

use std::collections::HashMap;
use std::sync::Mutex;

use time::{Duration, OffsetDateTime};

/// Too many attempts: try again after this long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retry {
    /// Whole seconds until the window resets (at least 1).
    pub after_secs: u64,
}

/// How many keys a limiter remembers at most, unless told otherwise.
pub const MAX_KEYS: usize = 100_000;

/// Allows `limit` attempts per key per `window`.
#[derive(Debug)]
pub struct RateLimiter {
    limit: u32,
    window: Duration,
    max_keys: usize,
    windows: Mutex<HashMap<String, (OffsetDateTime, u32)>>,
}

impl RateLimiter {
    /// A limiter of `limit` attempts per `window`, remembering at most [`MAX_KEYS`] keys.
    pub fn new(limit: u32, window: Duration) -> Self {
        Self::bounded(limit, window, MAX_KEYS)
    }

    /// A limiter remembering at most `max_keys` keys (at least 2).
    pub fn bounded(limit: u32, window: Duration, max_keys: usize) -> Self {
        Self { limit, window, max_keys: max_keys.max(2), windows: Mutex::new(HashMap::new()) }
    }

    /// How many keys it remembers now.
    pub fn len(&self) -> usize {
        self.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner).len()
    }

    /// Whether it remembers no key.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Makes room for `incoming` new keys: forgets finished windows, then, if still full, the older
    /// half of the live ones.
    fn make_room(&self, windows: &mut HashMap<String, (OffsetDateTime, u32)>, incoming: usize, now: OffsetDateTime) {
        if windows.len() + incoming <= self.max_keys {
            return;
        }
        windows.retain(|_, (start, _)| now < *start + self.window);
        if windows.len() + incoming <= self.max_keys {
            return;
        }
        let mut starts: Vec<OffsetDateTime> = windows.values().map(|(start, _)| *start).collect();
        let middle = starts.len() / 2;
        let (_, cut, _) = starts.select_nth_unstable(middle);
        let cut = *cut;
        windows.retain(|_, (start, _)| *start > cut);
        // Many windows may share a start: drop arbitrary ones until the new keys fit.
        let excess = (windows.len() + incoming).saturating_sub(self.max_keys);
        if excess > 0 {
            let victims: Vec<String> = windows.keys().take(excess).cloned().collect();
            for key in victims {
                windows.remove(&key);
            }
        }
    }

    /// Counts one attempt for every key; refuses when any key is over its limit.
    pub fn hit(&self, keys: &[&str], now: OffsetDateTime) -> Result<(), Retry> {
        let mut windows = self.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let incoming = keys.iter().filter(|k| !windows.contains_key(**k)).count();
        self.make_room(&mut windows, incoming, now);
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

    #[test]
    fn memory_stays_bounded_under_a_flood_of_new_keys() {
        let limiter = RateLimiter::bounded(3, Duration::minutes(15), 1_000);
        let t0 = datetime!(2026-01-01 0:00 UTC);
        for _ in 0..4 {
            let _ = limiter.hit(&["victim"], t0);
        }
        assert!(limiter.hit(&["victim"], t0).is_err());
        for n in 0..50_000_i64 {
            let key = format!("flood-{n}");
            let _ = limiter.hit(&[&key], t0 + Duration::milliseconds(n));
            assert!(limiter.len() <= 1_000, "{} keys after {n}", limiter.len());
        }
        // Finished windows are forgotten first: after the window every key starts afresh.
        assert!(limiter.hit(&["victim"], t0 + Duration::minutes(16)).is_ok());
    }
}
