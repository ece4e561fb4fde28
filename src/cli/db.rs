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
#[derive(Clone)]
pub struct DbPath {
    pub path: PathBuf,
    pub named: bool,
    /// The centre's own database: the one `$SAGSBORD_DB` or the platform's
    /// default names, whether or not `--db` names it too. Another file
    /// given with `--db` is a copy, for training or tests.
    pub real: bool,
    /// A centre on a PostgreSQL server instead of a file: the server's
    /// connection string (a `postgresql://` URL, given where a file would
    /// be) and the centre's name in it.
    pub server: Option<Server>,
}

#[derive(Debug, Clone)]
pub struct Server {
    pub config: String,
    pub centre: String,
}

/// Whether `--db` or `$SAGSBORD_DB` names a PostgreSQL server.
fn is_server(path: &Path) -> bool {
    path.to_str().is_some_and(|p| p.starts_with("postgresql://") || p.starts_with("postgres://"))
}

/// The server and the centre in it, when the database named is a server:
/// the centre is `--centre`, else `$SAGSBORD_CENTRE`.
fn server_of(cli: &Cli, path: &Path) -> Result<Option<Server>, Failure> {
    if !is_server(path) {
        return Ok(None);
    }
    let centre = cli
        .centre
        .clone()
        .or_else(|| std::env::var("SAGSBORD_CENTRE").ok())
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(|| Failure::Usage(text::NO_CENTRE_ON_SERVER.to_string()))?;
    Ok(Some(Server { config: path.to_string_lossy().into_owned(), centre }))
}

pub fn path(cli: &Cli) -> Result<DbPath, Failure> {
    if let Some(record) = &cli.shared {
        return shared_path(cli, record);
    }
    let configured = configured();
    match &cli.db {
        Some(path) => {
            let real = configured.as_ref().is_some_and(|(real, _)| same_file(path, real));
            Ok(DbPath { path: path.clone(), named: true, real, server: server_of(cli, path)? })
        }
        None => {
            let (path, named) = configured.ok_or_else(|| Failure::Error(text::NO_DATA_FOLDER.to_string()))?;
            let server = server_of(cli, &path)?;
            Ok(DbPath { path, named, real: true, server })
        }
    }
}

/// The server `--db` (or `$SAGSBORD_DB`) names, for what is the whole
/// database's rather than one centre's (`central`, `report --municipality`): no `--centre` needed.
/// None for a file, and on the shared machine.
pub fn server_config(cli: &Cli) -> Option<String> {
    if cli.shared.is_some() {
        return None;
    }
    let path = cli.db.clone().or_else(|| configured().map(|(path, _)| path))?;
    is_server(&path).then(|| path.to_string_lossy().into_owned())
}

/// Another place than the command's database, named on its command line
/// (`migrate --to`): a file, or a server whose centre is `--centre`.
pub fn other(cli: &Cli, path: &Path) -> Result<DbPath, Failure> {
    let real = configured().is_some_and(|(real, _)| same_file(path, &real));
    Ok(DbPath { path: path.to_path_buf(), named: true, real, server: server_of(cli, path)? })
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
    Ok(DbPath { path: record.database.clone(), named: true, real: true, server: None })
}

/// Opens the database at `db` as `how` allows, as the real user; on the
/// shared server with the group, which is taken away again at once (the
/// store keeps the files it opened).
pub fn open(db: &DbPath, how: Opening) -> Result<Store, Failure> {
    if let Some(server) = &db.server {
        // Who acts is the role the server lets in, not the Unix user.
        return Ok(Store::open_postgres(&server.config, &server.centre, how)?);
    }
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
