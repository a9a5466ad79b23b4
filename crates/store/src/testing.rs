//! Fresh databases for tests: a temp-file SQLite database or a new PostgreSQL database per test.
//!
//! PostgreSQL is reached at `IDEAFORGE_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`); if it does not answer, the test fails rather
//! than skipping.

use std::fmt;

use sqlx::Connection;

use crate::StoreConfig;

/// Which engine a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// A temp-file SQLite database.
    Sqlite,
    /// A new database on the PostgreSQL server.
    Postgres,
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        })
    }
}

/// A database that exists for one test and is removed when dropped.
#[derive(Debug)]
pub struct TestDb {
    config: StoreConfig,
    cleanup: Cleanup,
}

#[derive(Debug)]
enum Cleanup {
    /// Held for its `Drop`, which deletes the directory.
    Dir {
        _dir: tempfile::TempDir,
    },
    Postgres {
        admin_url: String,
        name: String,
    },
}

/// The PostgreSQL server tests create their databases on.
pub fn postgres_admin_url() -> String {
    std::env::var("IDEAFORGE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

impl TestDb {
    /// Creates an empty database on `engine` (not yet migrated).
    ///
    /// # Panics
    /// When the database cannot be created: a test without its database must fail, not skip.
    #[expect(clippy::panic, reason = "test set-up fails loudly")]
    pub async fn new(engine: Engine) -> Self {
        match engine {
            Engine::Sqlite => {
                let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
                Self { config: StoreConfig { url, max_connections: 4 }, cleanup: Cleanup::Dir { _dir: dir } }
            }
            Engine::Postgres => {
                let admin_url = postgres_admin_url();
                let name = format!("ideaforge_test_{}", uuid::Uuid::new_v4().simple());
                let mut conn = sqlx::PgConnection::connect(&admin_url)
                    .await
                    .unwrap_or_else(|e| panic!("PostgreSQL at {admin_url} is required for this test: {e}"));
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut conn)
                    .await
                    .unwrap_or_else(|e| panic!("create test database: {e}"));
                let _ = conn.close().await;
                let url = match admin_url.rsplit_once('/') {
                    Some((server, _)) => format!("{server}/{name}"),
                    None => panic!("IDEAFORGE_TEST_POSTGRES_URL must end in /database"),
                };
                Self { config: StoreConfig { url, max_connections: 4 }, cleanup: Cleanup::Postgres { admin_url, name } }
            }
        }
    }

    /// The connection settings for this database.
    pub fn config(&self) -> &StoreConfig {
        &self.config
    }

    /// Runs SQL straight on the database, bypassing every rule of the application (tests that
    /// tamper with stored rows to prove the tampering is detected). Returns the rows affected.
    ///
    /// # Panics
    /// When the statement fails.
    #[expect(clippy::panic, reason = "test set-up fails loudly")]
    pub async fn execute(&self, sql: &str) -> u64 {
        use sea_orm::ConnectionTrait;
        let store = crate::Store::connect(&self.config).await.unwrap_or_else(|e| panic!("connect: {e}"));
        let affected =
            store.write.execute_unprepared(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}")).rows_affected();
        let _ = store.close().await;
        affected
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, name } = &self.cleanup {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs inside an async test: a separate thread with its own runtime does the I/O.
            let handle = std::thread::spawn(move || {
                let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
                    return;
                };
                runtime.block_on(async move {
                    if let Ok(mut conn) = sqlx::PgConnection::connect(&admin_url).await {
                        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                        let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await;
                        let _ = conn.close().await;
                    }
                });
            });
            let _ = handle.join();
        }
    }
}

/// Turns each named `async fn(Engine)` into two tests, `NAME::sqlite` and `NAME::postgres`.
#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name($crate::testing::Engine::Sqlite).await
            }
            #[tokio::test]
            async fn postgres() {
                super::$name($crate::testing::Engine::Postgres).await
            }
        }
    )*};
}

impl crate::Store {
    /// How many rows each table holds, for tests that prove a refused request stored nothing.
    pub async fn row_counts(&self) -> Result<std::collections::BTreeMap<String, i64>, crate::StoreError> {
        use sea_orm::{ConnectionTrait, Statement};
        let backend = self.write.get_database_backend();
        let list = match self.backend {
            crate::Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            }
            crate::Backend::Postgres => "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'",
        };
        let tables = self.write.query_all_raw(Statement::from_string(backend, list)).await?;
        let names: Vec<String> =
            tables.iter().map(|row| row.try_get_by_index::<String>(0)).collect::<Result<_, _>>()?;
        if names.is_empty() {
            return Ok(std::collections::BTreeMap::new());
        }
        let sql = names
            .iter()
            .map(|name| format!("SELECT '{name}', CAST(COUNT(*) AS BIGINT) FROM \"{name}\""))
            .collect::<Vec<_>>()
            .join(" UNION ALL ");
        let rows = self.write.query_all_raw(Statement::from_string(backend, sql)).await?;
        rows.iter()
            .map(|row| Ok((row.try_get_by_index::<String>(0)?, row.try_get_by_index::<i64>(1)?)))
            .collect::<Result<_, sea_orm::DbErr>>()
            .map_err(crate::StoreError::Database)
    }
}
