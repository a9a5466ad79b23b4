//! The one failure a use case cannot turn into an outcome: something broke inside.

use std::fmt;

/// An unexpected failure (database down, hashing task cancelled). The web layer logs it once and
/// shows the client nothing of it.
pub struct Internal(Box<dyn std::error::Error + Send + Sync>);

impl Internal {
    /// Wraps any error.
    pub fn new(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self(Box::new(error))
    }
}

impl fmt::Debug for Internal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Internal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for Internal {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

macro_rules! internal_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Internal {
            fn from(e: $t) -> Self {
                Self::new(e)
            }
        }
    )*};
}

internal_from!(ideaforge_store::StoreError, ideaforge_auth::HashError, getrandom::Error);
