//! `sagsbord backup`: a consistent copy of the whole database while others
//! go on working, by SQLite's online backup API, checked before it is put
//! in place.

use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::files::{self, TempFile};
use super::{CURRENT_VERSION, FIRST_TABLES, Result, Store, StoreError};

/// What a finished backup holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupDone {
    /// The copy's size in bytes.
    pub bytes: u64,
    pub cases: i64,
    /// Rows in the audit trail, so the copy can be checked against it.
    pub audit_rows: i64,
}

/// How long a backup waits for a moment when the file is not locked by a
/// checkpoint or a migration.
const BUSY_LIMIT: Duration = Duration::from_secs(30);

impl Store {
    /// Copies the database to `target` (a new file of mode 0600; an
    /// existing one only with `force`, a symbolic link never). The copy is
    /// one snapshot, taken in one step under one read transaction, so
    /// colleagues' writes meanwhile are either wholly in it or not at all;
    /// it is switched to a single file (no write-ahead log), passes
    /// `PRAGMA integrity_check`, and is recorded in the audit trail before
    /// it is put in place. A failure anywhere leaves no file behind.
    pub fn backup(&mut self, target: &Path, force: bool) -> Result<BackupDone> {
        files::check_target(target, force)?;
        let (temp, file) = TempFile::beside(target)?;
        // SQLite writes the copy by its own descriptor; closing another one
        // on the same file later would drop SQLite's locks, so this one is
        // closed first.
        drop(file);
        {
            let mut copy = Connection::open_with_flags(
                temp.path(),
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            {
                let backup = Backup::new(self.conn()?, &mut copy)?;
                let start = Instant::now();
                loop {
                    // -1: every page in one step, so one snapshot.
                    match backup.step(-1)? {
                        StepResult::Done => break,
                        StepResult::More => continue,
                        StepResult::Busy | StepResult::Locked if start.elapsed() < BUSY_LIMIT => {
                            thread::sleep(Duration::from_millis(50));
                        }
                        StepResult::Busy | StepResult::Locked => {
                            return Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                                None,
                            )));
                        }
                        _ => thread::sleep(Duration::from_millis(50)),
                    }
                }
            }
            // One self-contained file: the copy takes no write-ahead log along.
            copy.pragma_update(None, "journal_mode", "DELETE")?;
        }
        let done = check_copy(temp.path())?;
        temp.sync()?;
        let detail = format!("{} sager, {} bytes", done.cases, done.bytes);
        self.record_read("backup", "database", None, &detail)?;
        temp.place(target, force)?;
        Ok(done)
    }
}

/// Opens the copy read-only and checks it: SQLite's integrity check, this
/// program's schema version and tables.
fn check_copy(path: &Path) -> Result<BackupDone> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    let problems: Vec<String> =
        conn.prepare("PRAGMA integrity_check")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    if problems != ["ok"] {
        return Err(StoreError::BadCopy(problems.join("; ")));
    }
    let version = conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
    if version != CURRENT_VERSION {
        return Err(StoreError::BadCopy(format!("schema version {version}, expected {CURRENT_VERSION}")));
    }
    for table in FIRST_TABLES {
        let found: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", [table], |r| {
                r.get(0)
            })?;
        if found != 1 {
            return Err(StoreError::BadCopy(format!("table {table} missing")));
        }
    }
    let cases = conn.query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?;
    let audit_rows = conn.query_row("SELECT count(*) FROM audit", [], |r| r.get(0))?;
    let bytes = std::fs::metadata(path)?.len();
    Ok(BackupDone { bytes, cases, audit_rows })
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn a_backup_is_a_private_single_file_that_opens_as_the_same_database() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("sagsbord.db"), "anna").unwrap();
        let target = dir.path().join("kopi.db");
        let done = store.backup(&target, false).unwrap();
        assert_eq!(done.cases, 0);
        assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o600);
        let copy = Store::open_with(&target, "anna", super::super::Opening::READ_ONLY).unwrap();
        assert_eq!(copy.journal_mode().unwrap(), "delete");
        assert_eq!(copy.schema_version().unwrap(), CURRENT_VERSION);
        // The backup is in the source's audit trail, not in the copy's.
        let rows = |s: &Store| s.sqlite().query_row("SELECT count(*) FROM audit", [], |r| r.get::<_, i64>(0)).unwrap();
        assert_eq!(rows(&store), rows(&copy) + 1);
        // No second backup over it without force.
        assert!(matches!(store.backup(&target, false), Err(StoreError::File { .. })));
        store.backup(&target, true).unwrap();
    }
}
