//! `ideaforge backup FILE` and `ideaforge restore FILE` for the embedded SQLite database: one file
//! holding a consistent copy of the database (taken while the site serves) and the files kept
//! beside it (the mail secret that signs links, uploaded pictures). A restore fills an empty data
//! directory, then checks the IP register's chain and the ledger's invariants; the search index
//! rebuilds itself when the server starts. PostgreSQL is backed up with `pg_dump` (README).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use ideaforge_app::backup::{pack_files, unpack_files};
use ideaforge_app::{App, SystemClock};
use indicatif::ProgressBar;

use ideaforge_app::Store;

use crate::{Config, open_store};

/// Creates an empty file only its owner may read and write.
fn owner_only(path: &Path) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).with_context(|| format!("cannot create {}", path.display()))?;
    Ok(())
}

/// What a backup holds.
#[derive(Debug)]
pub struct BackupReport {
    /// The backup file's size in bytes.
    pub bytes: u64,
    /// The files carried beside the database.
    pub files: usize,
}

/// What a restore found.
#[derive(Debug)]
pub struct RestoreReport {
    /// Records in the IP register (all verified).
    pub records: usize,
    /// Ledger entries (all balanced).
    pub entries: usize,
    /// Files put back beside the database.
    pub files: usize,
}

/// The SQLite database file the configuration uses.
fn database_file(config: &Config) -> anyhow::Result<PathBuf> {
    match config.database.url.as_deref() {
        None => Ok(config.data_dir.join("ideaforge.db")),
        Some(url) if url.starts_with("sqlite:") => {
            let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
            Ok(PathBuf::from(path.split('?').next().unwrap_or(path)))
        }
        Some(_) => bail!(
            "the database is PostgreSQL: back it up with pg_dump and restore it with pg_restore \
             (keep the data directory's mail-secret and pictures too; see the README's Backups)"
        ),
    }
}

/// The files beside the database a backup carries, by name relative to the data directory.
fn side_files(data_dir: &Path) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    let secret = data_dir.join("mail-secret");
    if secret.exists() {
        files.push(("mail-secret".to_owned(), std::fs::read(&secret)?));
    }
    let pictures = data_dir.join("pictures");
    if pictures.is_dir() {
        for entry in std::fs::read_dir(&pictures)? {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                let name = entry.file_name().to_string_lossy().into_owned();
                files.push((format!("pictures/{name}"), std::fs::read(entry.path())?));
            }
        }
    }
    Ok(files)
}

/// Where a carried file goes back, refusing any name a backup could not have written.
fn side_path(data_dir: &Path, name: &str) -> anyhow::Result<PathBuf> {
    let plain = |part: &str| !part.is_empty() && !part.starts_with('.') && !part.contains(['/', '\\']);
    match name.split_once('/') {
        None if name == "mail-secret" => Ok(data_dir.join(name)),
        Some(("pictures", file)) if plain(file) => Ok(data_dir.join("pictures").join(file)),
        _ => bail!("the backup holds a file it should not: {name}"),
    }
}

/// Copies the database to `target` while the site keeps serving, with the files beside it. The bar
/// follows the copy's size against the database's.
pub async fn backup(config: &Config, target: &Path, bar: &ProgressBar) -> anyhow::Result<BackupReport> {
    let source = database_file(config)?;
    if !source.exists() {
        bail!("there is no database at {} (is --data-dir right?)", source.display());
    }
    let partial = target.with_extension("partial");
    for file in [target, partial.as_path()] {
        if file.exists() {
            bail!("{} exists already: choose a new file", file.display());
        }
    }
    // The copy holds password hashes and secrets: only its owner may read it. (VACUUM INTO
    // writes into an empty file.)
    owner_only(&partial)?;
    let written = write_backup(config, &source, &partial, bar).await;
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    let files = written?;
    std::fs::rename(&partial, target)?;
    let bytes = std::fs::metadata(target)?.len();
    bar.set_length(bytes);
    bar.set_position(bytes);
    Ok(BackupReport { bytes, files })
}

/// Copies the database into the empty file `partial` and adds the files beside it; how many.
async fn write_backup(config: &Config, source: &Path, partial: &Path, bar: &ProgressBar) -> anyhow::Result<usize> {
    // Opened as it is, never migrated: a newer binary must not change a database a running
    // server uses.
    let store = Store::connect(&config.store()).await.context("cannot open the database")?;
    bar.set_length(std::fs::metadata(source).map(|m| m.len()).unwrap_or(0));
    let copying = {
        let (store, partial) = (store.clone(), partial.to_owned());
        tokio::spawn(async move { store.backup_into(&partial).await })
    };
    while !copying.is_finished() {
        bar.set_position(std::fs::metadata(partial).map(|m| m.len()).unwrap_or(0));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    copying.await.context("the copy stopped")?.context("the database could not be copied")?;
    store.close().await?;
    let files = side_files(&config.data_dir)?;
    pack_files(partial, &files).await.context("the files beside the database could not be added")?;
    Ok(files.len())
}

/// Restores a backup into an empty data directory, then verifies the IP register and the ledger.
pub async fn restore(config: &Config, source: &Path, bar: &ProgressBar) -> anyhow::Result<RestoreReport> {
    let database = database_file(config)?;
    let occupied = std::fs::read_dir(&config.data_dir).is_ok_and(|mut entries| entries.next().is_some());
    if occupied || database.exists() {
        bail!("{} is not empty: restore into a new data directory", config.data_dir.display());
    }
    std::fs::create_dir_all(&config.data_dir)?;
    let restored = restore_into(config, source, &database, bar).await;
    if restored.is_err() {
        // Leave the directory as empty as it was found: nothing unverified is served, and the
        // restore can be tried again.
        if let Ok(entries) = std::fs::read_dir(&config.data_dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                let _ = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
            }
        }
        if database.parent() != Some(config.data_dir.as_path()) {
            let _ = std::fs::remove_file(&database);
            let _ = std::fs::remove_file(database.with_extension("partial"));
        }
    }
    restored
}

async fn restore_into(
    config: &Config,
    source: &Path,
    database: &Path,
    bar: &ProgressBar,
) -> anyhow::Result<RestoreReport> {
    let partial = database.with_extension("partial");
    copy_with_progress(source, &partial, bar).await?;
    let files = unpack_files(&partial).await.context("this is not an Ideaforge backup")?;
    for (name, content) in &files {
        let path = side_path(&config.data_dir, name)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, content)?;
    }
    std::fs::rename(&partial, database)?;
    let app = App::new(open_store(config).await?, Arc::new(SystemClock), &config.app());
    let ip = app.verify_ip_fully().await?;
    let store = app.store();
    let unbalanced = store.unbalanced_transactions().await?;
    let entries = store.ledger_entries().await.context("the ledger's kept balances differ from its entries")?;
    let invariants = ideaforge_domain::ledger::check_invariants(&entries);
    store.clone().close().await?;
    if let Some(broken) = ip.first_broken {
        bail!("the restored IP register is broken at {broken}");
    }
    if !unbalanced.is_empty() {
        bail!("the restored ledger has unbalanced transactions: {unbalanced:?}");
    }
    invariants.map_err(|e| anyhow::anyhow!("the restored ledger breaks an invariant: {e}"))?;
    Ok(RestoreReport { records: ip.records, entries: entries.len(), files: files.len() })
}

async fn copy_with_progress(from: &Path, to: &Path, bar: &ProgressBar) -> anyhow::Result<()> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut input = tokio::fs::File::open(from).await.with_context(|| format!("cannot read {}", from.display()))?;
    bar.set_length(input.metadata().await?.len());
    let mut output = tokio::fs::File::create(to).await?;
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let read = input.read(&mut buffer).await?;
        if read == 0 {
            break;
        }
        output.write_all(&buffer[..read]).await?;
        bar.inc(read as u64);
    }
    output.sync_all().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_puts_files_back_only_where_it_took_them() {
        let dir = Path::new("/data");
        assert_eq!(side_path(dir, "mail-secret").ok(), Some(dir.join("mail-secret")));
        assert_eq!(side_path(dir, "pictures/ab12-logo.png").ok(), Some(dir.join("pictures/ab12-logo.png")));
        for bad in
            ["../etc/passwd", "pictures/../x", "pictures/.hidden", "pictures/", "other/x", "/abs", "pictures/a/b"]
        {
            assert!(side_path(dir, bad).is_err(), "{bad}");
        }
    }
}
