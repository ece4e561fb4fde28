//! The store: one SQLite file, and the only way anything is written to it.
//!
//! A [`Store`] knows who acts. Every write goes through [`Store::write`],
//! which runs the change and its audit row in one transaction; every look
//! at a single record is audited too. Nothing else in the program opens the
//! database.

pub mod access;
mod audit;
mod cases;
mod centre;
mod children;
#[cfg(test)]
mod concurrency_tests;
mod due;
pub mod exchange;
mod gift_cards;
mod groups;
mod move_courses;
mod notifications;
mod plans;
mod schema;
mod stays;

use std::fs::{self, OpenOptions};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::domain::group::groups::GroupProblem;
use crate::domain::group::ledger::LedgerError;
use crate::domain::intake::StepProblem;
use crate::domain::policy::ProfileError;

pub use access::{Scope, Viewer};
pub use audit::{AuditEntry, AuditProblem};
pub use cases::{CaseEvent, CaseFilter};
pub use centre::Centre;
pub use groups::{GroupDetail, GroupLine, MarkCounts, MemberLine, RollCallData, RollCallSaved, SessionLine};
pub use move_courses::{MoveCourseData, MoveCourseLine};
pub use plans::ended_window_start;
pub use schema::CURRENT_VERSION;
pub use stays::{RECENT_DAYS, StayEvent, StayRow, stay_step_id};

/// Why the store could not do what was asked. The store names the problem;
/// `text::store` says it in Danish.
#[derive(Debug)]
pub enum StoreError {
    Sqlite(rusqlite::Error),
    Io(std::io::Error),
    /// The file was written by a newer sagsbord.
    TooNew {
        file: usize,
        program: usize,
    },
    NotFound {
        what: &'static str,
        id: i64,
    },
    /// Stored data that does not read back (edited by hand, or a bug).
    Corrupt(String),
    /// Someone else changed the record since it was read: nothing written.
    Changed(String),
    /// An import file that cannot be taken; `at` names the record and field.
    Import {
        at: String,
        message: String,
    },
    /// A gift-card ledger in an import file that its rules refuse; `at`
    /// names the entry and field.
    ImportLedger {
        at: String,
        error: LedgerError,
    },
    /// A Grupper-pane write the rules refuse, checked again inside the
    /// write's transaction (another counsellor may have acted since the
    /// form was checked).
    Group(GroupProblem),
    /// The centre's policy profile cannot be used.
    Profile(ProfileError),
    /// An intake step the case as stored now no longer allows (a colleague
    /// closed the case or recorded the step meanwhile), checked inside the
    /// step's transaction with the domain's rule; nothing written.
    Step(StepProblem),
}

impl StoreError {
    /// Where an import file was refused (`cases[3].kind`), if this is such
    /// a refusal.
    pub fn import_at(&self) -> Option<&str> {
        match self {
            StoreError::Import { at, .. } | StoreError::ImportLedger { at, .. } => Some(at),
            _ => None,
        }
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e)
    }
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        StoreError::Io(e)
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// The person acting: the operating-system user running the program.
pub fn current_user() -> String {
    whoami::username().unwrap_or_else(|_| "ukendt".to_string())
}

/// The database file and who is using it.
pub struct Store {
    conn: Connection,
    actor: String,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens (creating and migrating when missing) the database at `path`.
    /// A new file is readable by its owner only, or by owner and group when
    /// its folder is shared with a group (the folder's setgid bit).
    pub fn open(path: &Path, actor: &str) -> Result<Store> {
        if !path.exists() {
            create_private_file(path)?;
        }
        let conn = Connection::open(path)?;
        Store::setup(conn, actor, Some(path.to_path_buf()))
    }

    /// A database in memory, for tests and throw-away demos.
    pub fn open_in_memory(actor: &str) -> Result<Store> {
        Store::setup(Connection::open_in_memory()?, actor, None)
    }

    fn setup(mut conn: Connection, actor: &str, path: Option<PathBuf>) -> Result<Store> {
        // Several counsellors share one file: wait for a writer rather than fail.
        conn.busy_timeout(Duration::from_secs(5))?;
        // A file from a newer program is refused before anything is set on
        // it: switching it to WAL would already rewrite its header.
        let file = conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
        if file > CURRENT_VERSION {
            return Err(StoreError::TooNew { file, program: CURRENT_VERSION });
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        if path.is_some() {
            conn.pragma_update(None, "journal_mode", "WAL")?;
            // A saved record must survive a power cut: in WAL mode NORMAL
            // syncs only at checkpoints, so the last commits could vanish;
            // FULL syncs the log at every commit.
            conn.pragma_update(None, "synchronous", "FULL")?;
        }
        match schema::migrate(&mut conn)? {
            schema::MigrationOutcome::TooNew { file, program } => {
                return Err(StoreError::TooNew { file, program });
            }
            schema::MigrationOutcome::AtVersion { .. } => {}
        }
        Ok(Store { conn, actor: actor.to_string(), path })
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn schema_version(&self) -> Result<usize> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize)
    }

    /// The journal mode in use: `wal` for a file, `memory` in memory.
    pub fn journal_mode(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?)
    }

    /// Whether SQLite enforces the schema's foreign keys on this connection.
    pub fn foreign_keys(&self) -> Result<bool> {
        Ok(self.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?)
    }

    /// Runs one user action as one transaction, with its audit row. If `f`
    /// fails, nothing of it is written.
    ///
    /// The transaction takes the write lock when it begins (IMMEDIATE), and
    /// waits for it as long as the busy timeout allows: everything `f` reads
    /// is then what it writes over, with no other writer in between. (A
    /// DEFERRED transaction that reads and then writes fails at once with
    /// "database is locked" when another counsellor commits in between, the
    /// busy timeout notwithstanding.)
    pub(crate) fn write<T>(
        &mut self,
        action: &str,
        entity: &str,
        f: impl FnOnce(&Transaction<'_>) -> Result<(T, Option<i64>, String)>,
    ) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (value, entity_id, detail) = f(&tx)?;
        audit::append(&tx, &self.actor, action, entity, entity_id, &detail)?;
        tx.commit()?;
        Ok(value)
    }

    /// Records that the actor looked at a record.
    pub(crate) fn record_read(
        &mut self,
        action: &str,
        entity: &str,
        entity_id: Option<i64>,
        detail: &str,
    ) -> Result<()> {
        self.write(action, entity, |_| Ok(((), entity_id, detail.to_string())))
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

fn create_private_file(path: &Path) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if !dir.exists() {
        fs::create_dir_all(dir)?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    let group_shared = fs::metadata(dir)?.permissions().mode() & 0o2000 != 0;
    let mode = if group_shared { 0o660 } else { 0o600 };
    match OpenOptions::new().write(true).create_new(true).mode(mode).open(path) {
        Ok(_) => {}
        // A colleague's program created it a moment ago: theirs to set up.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(()),
        Err(e) => return Err(e.into()),
    }
    // The umask may have taken bits off at creation: set exactly.
    fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
    Ok(())
}

/// Now, as stored: UTC, to the second.
pub(crate) fn now_stamp() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_from_a_newer_program_is_refused_before_anything_is_written_to_it() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("newer.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE future (x INTEGER)").unwrap();
            conn.pragma_update(None, "user_version", CURRENT_VERSION as i64 + 1).unwrap();
        }
        let before = fs::read(&path).unwrap();
        assert!(matches!(Store::open(&path, "anna"), Err(StoreError::TooNew { .. })));
        assert!(fs::read(&path).unwrap() == before, "the refused file was changed");
        let journal: String =
            Connection::open(&path).unwrap().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(journal, "delete");
    }
}
