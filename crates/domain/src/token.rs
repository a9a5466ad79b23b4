//! What a personal access token may do: its scope (`read`, `write`, `admin`) and how long it lives.
//! A `read` token only reads; a `write` token acts as a member; staff powers (a moderator's or an
//! admin's) travel only with an `admin` token. A token may carry an expiry, after which it is dead.

use time::{Duration, OffsetDateTime};

use crate::account::Role;
use crate::invalid::Invalid;
use crate::text::name_enum;

name_enum!(
    /// What a token is allowed to do.
    TokenScope {
        /// Read only: GET and HEAD requests.
        Read => "read",
        /// Read and write, as a member (no staff powers).
        Write => "write",
        /// Everything its owner may do, staff powers included.
        Admin => "admin",
    }
);

impl TokenScope {
    /// Whether a request may be made with this token: a `read` token makes only safe requests
    /// (those that change nothing).
    pub fn allows(self, safe_method: bool) -> bool {
        safe_method || self != Self::Read
    }

    /// The role the token acts with: its owner's for an `admin` token, a member's otherwise, so
    /// that every staff-only rule refuses a token not issued for it.
    pub fn acting_role(self, owner: Role) -> Role {
        if self == Self::Admin { owner } else { Role::Member }
    }

    /// Parses the scope a member asks for (`write` when none is given); `admin` only for staff,
    /// since a member's admin token could do nothing more than a write token.
    pub fn parse_for(raw: &str, owner: Role) -> Result<Self, Invalid> {
        let scope = if raw.trim().is_empty() { Self::Write } else { raw.parse()? };
        if scope == Self::Admin && owner == Role::Member {
            return Err(Invalid::Unknown);
        }
        Ok(scope)
    }
}

/// The longest a token may be issued for, in days.
pub const MAX_TOKEN_DAYS: i64 = 365;

/// When a token asked to live `days` days (none: until revoked) expires, issued at `now`.
pub fn token_expiry(days: Option<i64>, now: OffsetDateTime) -> Result<Option<OffsetDateTime>, Invalid> {
    match days {
        None => Ok(None),
        Some(days) if (1..=MAX_TOKEN_DAYS).contains(&days) => Ok(Some(now + Duration::days(days))),
        Some(_) => Err(Invalid::OutOfRange { min: 1, max: MAX_TOKEN_DAYS }),
    }
}

/// Whether a token with this expiry still authenticates at `now`.
pub fn token_live(expires_at: Option<OffsetDateTime>, now: OffsetDateTime) -> bool {
    expires_at.is_none_or(|at| now < at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_tokens_only_read_and_only_admin_tokens_carry_staff_powers() {
        for scope in TokenScope::ALL {
            assert!(scope.allows(true), "{scope} reads");
            assert_eq!(scope.allows(false), *scope != TokenScope::Read, "{scope} writes");
            for role in Role::ALL {
                let acting = scope.acting_role(*role);
                assert_eq!(acting, if *scope == TokenScope::Admin { *role } else { Role::Member }, "{scope} {role:?}");
            }
        }
    }

    #[test]
    fn scopes_are_parsed_for_the_owner() {
        assert_eq!(TokenScope::parse_for("", Role::Member), Ok(TokenScope::Write));
        assert_eq!(TokenScope::parse_for("read", Role::Member), Ok(TokenScope::Read));
        assert_eq!(TokenScope::parse_for("admin", Role::Member), Err(Invalid::Unknown));
        assert_eq!(TokenScope::parse_for("admin", Role::Moderator), Ok(TokenScope::Admin));
        assert_eq!(TokenScope::parse_for("root", Role::Admin), Err(Invalid::Malformed));
    }

    #[test]
    fn tokens_live_until_their_expiry() {
        let now = OffsetDateTime::UNIX_EPOCH;
        assert_eq!(token_expiry(None, now), Ok(None));
        assert_eq!(token_expiry(Some(30), now), Ok(Some(now + Duration::days(30))));
        for days in [0, -1, MAX_TOKEN_DAYS + 1] {
            assert!(token_expiry(Some(days), now).is_err(), "{days}");
        }
        let at = now + Duration::days(1);
        assert!(token_live(None, at) && token_live(Some(at), now));
        assert!(!token_live(Some(at), at), "dead at its expiry");
    }
}
