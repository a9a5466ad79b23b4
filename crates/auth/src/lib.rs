//! Authentication building blocks: password hashing, secret tokens, cross-site request checks and
//! sign-in rate limiting. No storage and no HTTP framework: `app` combines these with the store.

pub mod csrf;
pub mod password;
pub mod rate_limit;
pub mod token;

pub use csrf::{CrossSite, check_same_origin};
pub use password::{HashError, PasswordHasher};
pub use rate_limit::{RateLimiter, Retry};
pub use token::{Secret, hash_secret};
