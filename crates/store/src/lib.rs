//! Storage: sea-orm entities and repositories over SQLite and PostgreSQL.
//!
//! Every write happens in one transaction together with the domain event it causes. On SQLite all
//! writes go through a single writer connection (writes queue in the application, not in SQLite's
//! busy loop) while reads use a small pool; on PostgreSQL both are one pool.

mod accounts;
mod admin;
pub mod backup;
mod campaigns;
mod categories;
mod challenges;
mod contests;
mod entity;
mod events;
mod ideas;
mod identities;
mod ip;
mod ledger;
mod ledger_lines;
mod notifications;
mod pictures;
mod royalties;
mod searchable;
mod webhooks;

use std::str::FromStr;
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, SqlxPostgresConnector, SqlxSqliteConnector};
use sea_orm_migration::MigratorTrait;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub use accounts::{NewSession, NewToken, NewUserRecord};
pub use admin::{AuditEntry, Suspension};
pub use campaigns::{
    BackerPledge, BackerRow, CampaignCard, CampaignMoney, CampaignRecord, CampaignScope, DueCapture, Payout, PledgeDay,
    PledgeRequest, SandboxCharge, UpdateRecord,
};
pub use challenges::{ChallengeFilter, SolutionOpening, SolutionRevision, StoredScore};
pub use events::{Event, RecordedEvent};
#[cfg(any(test, feature = "testing"))]
pub use ideas::VoteAudit;
pub use ideas::{ExportedIdea, PAGE_SIZE, VoteChange, VoteScope, VoteTally, VoteTarget};
pub use identities::{ExternalIdentity, LinkError as IdentityLinkError, LinkedIdentity, PendingLogin};
pub use ledger::{PostError, Posted, Posting};
pub use ledger_lines::LedgerLine;
pub use notifications::{FailedMail, NotificationRow, OutboxCounts, OutboxItem};
pub use royalties::{RoyaltyLine, Statement as RoyaltyStatement};
pub use searchable::{SearchableCampaign, SearchableChallenge, SearchableIdea};
pub use webhooks::{Attempt, AttemptNext, DueDelivery, NewWebhook};

/// Storage failures that callers may handle; anything else is `Database`.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The e-mail address belongs to another account.
    #[error("e-mail address already registered")]
    EmailTaken,
    /// The slug (of an organization or a category) is in use.
    #[error("slug already taken")]
    SlugTaken,
    /// The member has used every vote of the contest.
    #[error("vote budget exhausted")]
    BudgetExhausted,
    /// The row changed since it was read (a concurrent stage move, say).
    #[error("changed concurrently")]
    Conflict,
    /// A stored value no longer parses into its domain type.
    #[error("stored {what} is not valid")]
    Corrupt {
        /// What was being read.
        what: &'static str,
    },
    /// Only SQLite can do that (a backup: PostgreSQL has `pg_dump`).
    #[error("only an SQLite database can do that; back PostgreSQL up with pg_dump")]
    SqliteOnly,
    /// The database URL is neither `sqlite:` nor `postgres:`.
    #[error("unsupported database URL scheme (use sqlite:// or postgres://)")]
    UnsupportedUrl,
    /// The database refused or failed.
    #[error(transparent)]
    Database(#[from] DbErr),
    /// The driver failed to connect.
    #[error(transparent)]
    Connect(#[from] sqlx::Error),
}

/// Which database engine a store runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// Connection settings owned by this crate.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct StoreConfig {
    /// `sqlite://path?mode=rwc` or `postgres://user@host/db`.
    pub url: String,
    /// Pool size for reads (and for writes on PostgreSQL).
    #[serde(default = "default_pool")]
    pub max_connections: u32,
}

/// A stored content language; a tag this version does not know reads as unknown (a later version
/// may have recorded it), never as an error.
pub(crate) fn stored_language(tag: Option<&str>) -> Option<ideaforge_domain::ContentLanguage> {
    tag.and_then(|tag| tag.parse().ok())
}

/// A content language as stored.
pub(crate) fn language_tag(language: Option<ideaforge_domain::ContentLanguage>) -> Option<String> {
    language.map(|l| l.as_str().to_owned())
}

fn default_pool() -> u32 {
    8
}

/// The database, with its writer and reader connections.
#[derive(Clone, Debug)]
pub struct Store {
    write: DatabaseConnection,
    read: DatabaseConnection,
    backend: Backend,
}

impl Store {
    /// Connects to the database the URL names, creating a SQLite file if it is missing.
    pub async fn connect(config: &StoreConfig) -> Result<Self, StoreError> {
        let url = config.url.as_str();
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // Money and rights are written here: a commit must survive power loss.
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true);
            let writer = SqlitePoolOptions::new().max_connections(1).connect_with(options.clone()).await?;
            let reader =
                SqlitePoolOptions::new().max_connections(config.max_connections.max(1)).connect_with(options).await?;
            Ok(Self {
                write: SqlxSqliteConnector::from_sqlx_sqlite_pool(writer),
                read: SqlxSqliteConnector::from_sqlx_sqlite_pool(reader),
                backend: Backend::Sqlite,
            })
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = PgPoolOptions::new()
                .test_before_acquire(false)
                .max_connections(config.max_connections.max(2))
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            let db = SqlxPostgresConnector::from_sqlx_postgres_pool(pool);
            Ok(Self { write: db.clone(), read: db, backend: Backend::Postgres })
        } else {
            Err(StoreError::UnsupportedUrl)
        }
    }

    /// Which engine this store runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies every pending migration.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        ideaforge_migrations::Migrator::up(&self.write, None).await?;
        Ok(())
    }

    /// Checks that the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.read.execute_unprepared("SELECT 1").await?;
        Ok(())
    }

    /// Closes every connection, flushing SQLite's WAL.
    pub async fn close(self) -> Result<(), StoreError> {
        self.write.close().await?;
        self.read.close().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;

#[cfg(any(test, feature = "testing"))]
pub mod testing;
