//! Which database file a command uses, and how it may open it: only the
//! workbench (on its first run), `centre` and `import` create one; the other
//! commands need one that exists. On the shared server it is always the
//! recorded one, checked and opened with the group (`store::shared`).

use std::path::{Path, PathBuf};

use super::{Cli, Failure};
use crate::store::shared::{self, Record};
use crate::store::{Opening, Store, current_user};
use crate::text::cli as text;

/// The database file, whether the user named it (`--db` or
/// `$SAGSBORD_DB`) or it is the platform's default, and whether it is the
/// real database.
pub struct DbPath {
    pub path: PathBuf,
    pub named: bool,
    /// The centre's own database: the one `$SAGSBORD_DB` or the platform's
    /// default names, whether or not `--db` names it too. Another file
    /// given with `--db` is a copy, for training or tests.
    pub real: bool,
}

pub fn path(cli: &Cli) -> Result<DbPath, Failure> {
    if let Some(record) = &cli.shared {
        return shared_path(cli, record);
    }
    let configured = configured();
    match &cli.db {
        Some(path) => {
            let real = configured.as_ref().is_some_and(|(real, _)| same_file(path, real));
            Ok(DbPath { path: path.clone(), named: true, real })
        }
        None => {
            let (path, named) = configured.ok_or_else(|| Failure::Error(text::NO_DATA_FOLDER.to_string()))?;
            Ok(DbPath { path, named, real: true })
        }
    }
}

/// The shared server's database. Nothing the user sets may point the
/// program elsewhere: `--db` and `$SAGSBORD_DB` are refused (saying so is
/// clearer than quietly ignoring them), the data folder is not looked at.
/// The folder and the file must be as the setup left them.
fn shared_path(cli: &Cli, record: &Record) -> Result<DbPath, Failure> {
    if cli.db.is_some() {
        return Err(Failure::Usage(crate::text::shared::DB_FLAG_REFUSED.to_string()));
    }
    if std::env::var_os("SAGSBORD_DB").is_some_and(|p| !p.is_empty()) {
        return Err(Failure::Usage(crate::text::shared::DB_ENV_REFUSED.to_string()));
    }
    shared::with_group(|| shared::check(record))??;
    Ok(DbPath { path: record.database.clone(), named: true, real: true })
}

/// Opens the database at `db` as `how` allows, as the real user; on the
/// shared server with the group, which is taken away again at once (the
/// store keeps the files it opened).
pub fn open(db: &DbPath, how: Opening) -> Result<Store, Failure> {
    let user = current_user()?;
    Ok(shared::with_group(|| Store::open_with(&db.path, &user, how))??)
}

/// The real database's path: `$SAGSBORD_DB`, else the platform's data
/// folder; and whether `$SAGSBORD_DB` named it.
fn configured() -> Option<(PathBuf, bool)> {
    if let Some(path) = std::env::var_os("SAGSBORD_DB").filter(|p| !p.is_empty()) {
        return Some((PathBuf::from(path), true));
    }
    let dirs = directories::ProjectDirs::from("dk", "sagsbord", "sagsbord")?;
    Some((dirs.data_dir().join("sagsbord.db"), false))
}

/// Whether two paths name one file (by device and inode when both exist).
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => a == b,
    }
}

/// Opens an existing database (never creating one), to read and write if
/// the file allows it.
pub fn existing(cli: &Cli) -> Result<Store, Failure> {
    open(&path(cli)?, Opening::EXISTING)
}

/// Opens an existing database that the command must write to (an audited
/// export counts): a read-only one is refused at once.
pub fn writable(cli: &Cli, command: &str) -> Result<Store, Failure> {
    let store = existing(cli)?;
    must_write(&store, command)?;
    Ok(store)
}

/// Opens the database, creating it when missing: `centre` and `import`.
/// A folder is created only for the platform's default place.
pub fn creating(cli: &Cli) -> Result<Store, Failure> {
    let db = path(cli)?;
    open(&db, Opening { create: true, create_folder: !db.named, read_only: false })
}

pub fn must_write(store: &Store, command: &str) -> Result<(), Failure> {
    if store.is_read_only() {
        let path = store.path().unwrap_or(Path::new(""));
        return Err(Failure::Error(text::needs_write_access(path, command)));
    }
    Ok(())
}
