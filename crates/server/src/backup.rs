//! `redress backup` and `redress restore` for the embedded database, and the attachments of
//! either database.
//!
//! A SQLite deployment is backed up while it serves: `VACUUM INTO` writes a consistent copy
//! of the database in one transaction, and the attachments are copied beside it (from a
//! folder or from S3). PostgreSQL is backed up with its own tools (`pg_dump -Fc`, restored
//! with `pg_restore`: deploy/README.md); `--attachments-only` then copies the attachments.
//! Attachments are written once and never changed, so copying them after the database
//! misses at most files whose rows are not in the copy.

use crate::config::Settings;
use anyhow::{Context, bail, ensure};
use redress_store::attachments::AttachmentStore;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};
use std::path::{Path, PathBuf};

/// The database file inside a backup folder.
pub const DATABASE_FILE: &str = "redress.db";
/// The attachments folder inside a backup folder.
pub const ATTACHMENTS_DIR: &str = "attachments";

/// What a backup or restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The database file written, when the database was copied.
    pub database: Option<PathBuf>,
    pub attachments: usize,
}

const PG_DUMP: &str = "PostgreSQL is backed up with `pg_dump -Fc` and restored with \
    `pg_restore` (deploy/README.md, Backups); add --attachments-only to copy the attachments";

/// Writes a backup of the database (SQLite) and the attachments into `to`, a folder that
/// must not exist yet or be empty.
pub async fn backup(
    settings: &Settings,
    db: &DatabaseConnection,
    to: &Path,
    attachments_only: bool,
) -> anyhow::Result<Report> {
    let sqlite = db.get_database_backend() == DatabaseBackend::Sqlite;
    if !attachments_only && !sqlite {
        bail!("{PG_DUMP}");
    }
    if to.exists() {
        ensure!(
            std::fs::read_dir(to)
                .with_context(|| format!("reading {}", to.display()))?
                .next()
                .is_none(),
            "{} is not empty: a backup goes into a new folder",
            to.display()
        );
    }
    // The copy holds password hashes and sealed secrets: the folder is its owner's alone.
    private_dir(to)?;
    // An absolute path: SQLite would read a relative `file:...` as a URI.
    let to = &to
        .canonicalize()
        .with_context(|| format!("resolving {}", to.display()))?;
    let mut database = None;
    if !attachments_only {
        ensure!(
            redress_store::db::pending_migrations(db).await? == 0,
            "the database is not a Redress database brought up to date by `redress migrate` \
             (is REDRESS_DATABASE_URL right?)"
        );
        let file = to.join(DATABASE_FILE);
        // VACUUM INTO writes into an empty file that exists; made first, it is the owner's.
        private_file(&file)?;
        let path = file
            .to_str()
            .with_context(|| format!("{} is not a UTF-8 path", file.display()))?;
        db.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Sqlite,
            "VACUUM INTO ?",
            [path.into()],
        ))
        .await
        .with_context(|| format!("writing the database to {}", file.display()))?;
        database = Some(file);
    }
    let from = crate::startup::attachment_store(settings)?;
    let into = AttachmentStore::local(to.join(ATTACHMENTS_DIR))?;
    let attachments = from.copy_all_to(&into).await?;
    Ok(Report {
        database,
        attachments,
    })
}

/// Restores a backup made by [`backup`] into the configured database (SQLite: the file must
/// not exist yet) and attachment store. The server must not be running.
pub async fn restore(
    settings: &Settings,
    from: &Path,
    attachments_only: bool,
) -> anyhow::Result<Report> {
    let mut database = None;
    if !attachments_only {
        let Some(target) = sqlite_file(&settings.database_url) else {
            bail!("{PG_DUMP}");
        };
        for leftover in ["", "-wal", "-shm"] {
            let path = PathBuf::from(format!("{}{leftover}", target.display()));
            ensure!(
                !path.exists(),
                "{} exists: restore into a new database file (and no -wal or -shm beside \
                 it), then point REDRESS_DATABASE_URL at it",
                path.display()
            );
        }
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        let source = from.join(DATABASE_FILE);
        private_file(&target)?;
        std::fs::copy(&source, &target)
            .with_context(|| format!("copying {} to {}", source.display(), target.display()))?;
        restrict(&target, 0o600)?;
        database = Some(target);
    }
    let backup = from.join(ATTACHMENTS_DIR);
    let attachments = if backup.exists() {
        AttachmentStore::local(&backup)?
            .copy_all_to(&crate::startup::attachment_store(settings)?)
            .await?
    } else {
        0
    };
    Ok(Report {
        database,
        attachments,
    })
}

/// Creates `dir` (and its parents) readable by its owner only.
fn private_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    restrict(dir, 0o700)
}

/// Creates an empty `file` readable and writable by its owner only.
fn private_file(file: &Path) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(file)
        .with_context(|| format!("creating {}", file.display()))?;
    Ok(())
}

fn restrict(path: &Path, mode: u32) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
            .with_context(|| format!("restricting {}", path.display()))?;
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

/// The file of a `sqlite://path?options` URL.
pub fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://")?;
    let path = rest.split('?').next().unwrap_or(rest);
    Some(PathBuf::from(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_of_a_sqlite_url() {
        assert_eq!(
            sqlite_file("sqlite://data/redress.db?mode=rwc"),
            Some(PathBuf::from("data/redress.db"))
        );
        assert_eq!(
            sqlite_file("sqlite:///srv/r.db"),
            Some(PathBuf::from("/srv/r.db"))
        );
        assert_eq!(sqlite_file("postgres://h/db"), None);
    }
}
