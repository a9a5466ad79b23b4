//! Authentication building blocks: password hashing, secret tokens, cross-site request checks,
//! sign-in rate limiting, and signing in with outside identity providers (OpenID Connect, GitHub).
//! No storage and no HTTP framework: `app` combines these with the store.

pub mod csrf;
pub mod oidc;
pub mod password;
pub mod rate_limit;
pub mod token;

pub use csrf::{CrossSite, check_same_origin};
pub use password::{HashError, PasswordHasher};
pub use rate_limit::{RateLimiter, Retry};
pub use token::{Secret, hash_secret};
