//! Backups of an SQLite database: an online, consistent copy (`VACUUM INTO`, which reads one
//! snapshot while the site keeps serving), which can carry the files kept beside the database (the
//! mail secret, uploaded pictures) in a table of its own, and taking them out again on restore.
//! PostgreSQL is backed up with `pg_dump` (see the README).

use std::path::Path;

use sea_orm::{ConnectionTrait, DbBackend, Statement};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, Row, SqliteConnection};

use crate::{Backend, Store, StoreError};

/// The table a backup keeps its files in (written out in each statement below).
const FILES: &str = "ideaforge_backup_files";

impl Store {
    /// Writes a consistent copy of the whole database to `target` (a new file) while the site keeps
    /// serving. SQLite only.
    pub async fn backup_into(&self, target: &Path) -> Result<(), StoreError> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::SqliteOnly);
        }
        let path = target.to_string_lossy().into_owned();
        let copy = Statement::from_sql_and_values(DbBackend::Sqlite, "VACUUM INTO ?", [path.into()]);
        self.write.execute_raw(copy).await?;
        Ok(())
    }
}

async fn open(file: &Path) -> Result<SqliteConnection, StoreError> {
    Ok(SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(file)).await?)
}

/// Adds files (by relative name) to a backup written by [`Store::backup_into`].
pub async fn pack_files(backup: &Path, files: &[(String, Vec<u8>)]) -> Result<(), StoreError> {
    let mut conn = open(backup).await?;
    sqlx::query("CREATE TABLE ideaforge_backup_files (name TEXT PRIMARY KEY, content BLOB NOT NULL)")
        .execute(&mut conn)
        .await?;
    let mut txn = conn.begin().await?;
    for (name, content) in files {
        sqlx::query("INSERT INTO ideaforge_backup_files (name, content) VALUES (?, ?)")
            .bind(name)
            .bind(content)
            .execute(&mut *txn)
            .await?;
    }
    txn.commit().await?;
    conn.close().await?;
    Ok(())
}

/// Takes the files out of a backup (and their table with them), leaving the database as it was
/// when it was copied. A backup without files gives none.
pub async fn unpack_files(backup: &Path) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
    let mut conn = open(backup).await?;
    let present = sqlx::query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?")
        .bind(FILES)
        .fetch_optional(&mut conn)
        .await?
        .is_some();
    if !present {
        conn.close().await?;
        return Ok(Vec::new());
    }
    let rows =
        sqlx::query("SELECT name, content FROM ideaforge_backup_files ORDER BY name").fetch_all(&mut conn).await?;
    let files = rows
        .iter()
        .map(|row| Ok((row.try_get::<String, _>("name")?, row.try_get::<Vec<u8>, _>("content")?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    sqlx::query("DROP TABLE ideaforge_backup_files").execute(&mut conn).await?;
    sqlx::query("VACUUM").execute(&mut conn).await?;
    conn.close().await?;
    Ok(files)
}
