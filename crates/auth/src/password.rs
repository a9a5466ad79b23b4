//! argon2id password hashing at OWASP's parameters, off the async threads and bounded in concurrency.

use std::sync::Arc;

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

/// Hashing failed (never a wrong password: that is `Ok(false)`).
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// The stored hash is not a PHC string argon2 understands.
    #[error("stored password hash is malformed")]
    Malformed,
    /// argon2 itself failed.
    #[error("password hashing failed")]
    Hash,
    /// The blocking task was cancelled (shutdown).
    #[error("password hashing task ended")]
    Task,
}

/// Hashes and verifies passwords; clones share one concurrency bound.
#[derive(Clone, Debug)]
pub struct PasswordHasher {
    params: Params,
    permits: Arc<Semaphore>,
    dummy: Arc<str>,
}

impl PasswordHasher {
    /// OWASP's minimum for argon2id: 19 MiB, two passes, one lane.
    pub fn owasp() -> Self {
        Self::with_params(19 * 1024, 2, 1)
    }

    /// A hasher with explicit parameters (memory in KiB).
    pub fn with_params(m_cost: u32, t_cost: u32, p_cost: u32) -> Self {
        let params = Params::new(m_cost, t_cost, p_cost, None).unwrap_or_default();
        let dummy = argon(&params)
            .hash_password(b"timing equaliser for unknown accounts")
            .map(|h| h.to_string())
            .unwrap_or_default();
        // Each hash holds m_cost of memory: bound how many run at once to the cores we have.
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Self { params, permits: Arc::new(Semaphore::new(cores)), dummy: dummy.into() }
    }

    /// Hashes a new password into a PHC string with a fresh salt.
    pub async fn hash(&self, password: &str) -> Result<String, HashError> {
        let params = self.params.clone();
        let password = password.to_owned();
        self.run(move || {
            argon(&params).hash_password(password.as_bytes()).map(|h| h.to_string()).map_err(|_| HashError::Hash)
        })
        .await
    }

    /// Checks a password against a stored PHC string.
    pub async fn verify(&self, password: &str, stored: &str) -> Result<bool, HashError> {
        let params = self.params.clone();
        let (password, stored) = (password.to_owned(), stored.to_owned());
        self.run(move || {
            let parsed = PasswordHash::new(&stored).map_err(|_| HashError::Malformed)?;
            Ok(argon(&params).verify_password(password.as_bytes(), &parsed).is_ok())
        })
        .await
    }

    /// Spends the same time as a real verification, so that unknown accounts cannot be told apart
    /// from wrong passwords by timing.
    pub async fn verify_dummy(&self, password: &str) {
        let dummy = self.dummy.to_string();
        let _ = self.verify(password, &dummy).await;
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, HashError> + Send + 'static,
    ) -> Result<T, HashError> {
        let _permit = self.permits.acquire().await.map_err(|_| HashError::Task)?;
        tokio::task::spawn_blocking(work).await.map_err(|_| HashError::Task)?
    }
}

fn argon(params: &Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_differ_by_salt() {
        let hasher = PasswordHasher::with_params(1024, 1, 1);
        let a = hasher.hash("correct horse").await.unwrap();
        let b = hasher.hash("correct horse").await.unwrap();
        assert_ne!(a, b, "each hash has its own salt");
        assert!(a.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"));
        assert!(hasher.verify("correct horse", &a).await.unwrap());
        assert!(!hasher.verify("wrong horse", &a).await.unwrap());
        assert!(matches!(hasher.verify("x", "not a hash").await, Err(HashError::Malformed)));
    }

    #[tokio::test]
    async fn owasp_parameters_are_used() {
        let hasher = PasswordHasher::owasp();
        let hash = hasher.hash("correct horse").await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
    }
}
