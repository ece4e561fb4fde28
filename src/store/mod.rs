//! The store: one SQLite file, and the only way anything is written to it.
//!
//! A [`Store`] knows who acts. Every write goes through [`Store::write`],
//! which runs the change and its audit row in one transaction; every look
//! at a single record is audited too. Nothing else in the program opens the
//! database.

pub mod access;
mod audit;
mod backup;
mod batch;
#[cfg(test)]
pub(crate) mod both_centres;
mod case_edits;
mod case_find;
#[cfg(test)]
mod case_find_on_centres;
mod case_life;
mod cases;
mod centre;
mod children;
mod citizens;
mod complaints;
#[cfg(test)]
mod concurrency_tests;
mod conflict;
#[cfg(test)]
mod conflict_tests;
mod conversations;
mod deadlines;
mod due;
pub mod engine;
mod events;
pub mod exchange;
pub mod files;
mod gift_cards;
mod groups;
mod intake_queue;
mod move_courses;
mod move_verdicts;
mod municipality;
mod notifications;
mod plans;
mod report;
mod report_goals;
mod schema;
mod server;
pub mod shared;
#[cfg(test)]
mod statement_count_tests;
#[cfg(test)]
pub(crate) mod statements;
mod stays;
pub(crate) mod users;

use std::fs::{self, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::domain::group::groups::GroupProblem;
use crate::domain::group::ledger::LedgerError;
use crate::domain::policy::ProfileError;

pub use access::{Actor, CaseAction, CentreAction, Refusal, Role, Scope, Viewer};
pub use audit::{
    Anchor, AnchorUse, AuditEntry, AuditHead, AuditProblem, Change, ChangeKind, CheckReport, DataProblem, HistoryEntry,
    HistoryKind,
};
pub use backup::BackupDone;
pub use case_edits::{EVENT_CONSENT_GIVEN, EVENT_EDITED, EVENT_REASSIGNED, EVENT_UNDONE, recorded_steps};
pub use case_find::{FIND_LIMIT, FindResult, FoundCase};
pub use case_life::{CaseLife, MembershipLine, MoveLine, PlanLine};
pub use cases::CaseEvent;
pub use centre::{Centre, CentreTextProblem, centre_text_problem};
pub use citizens::{KnownCase, KnownCaseDetails, KnownCitizen};
pub use conflict::{Conflict, FieldChange, Found, LastChange, Opened, Record};
pub use conversations::HeldConversation;
pub use deadlines::{DeadlineDifference, Progress};
pub use due::DueCount;
pub use files::FileProblem;
pub use gift_cards::CardSummary;
pub use groups::{GroupDetail, GroupLine, MarkCounts, MemberLine, RollCallData, RollCallSaved, SessionLine};
pub use intake_queue::{QueueKey, QueueLine, QueuePages, QueueSummary};
pub use move_courses::{MoveCourseData, MoveCourseLine};
pub use municipality::Municipality;
pub use plans::{BoardKey, BoardLine, BoardPages, BoardSummary, EndRunning, ended_window_start};
pub use schema::{CURRENT_VERSION, MigrationOutcome, migrate_postgres, postgres_roles};
pub use shared::current_user;
pub use stays::{RECENT_DAYS, StayEvent, StayPeople, StayRow, stay_step_id};
pub use users::{NewUser, User};

/// Why the store could not do what was asked. The store names the problem;
/// `text::store` says it in Danish.
#[derive(Debug)]
pub enum StoreError {
    Sqlite(rusqlite::Error),
    /// The engine seam's own errors, and PostgreSQL's (SQLite's stay
    /// [`StoreError::Sqlite`], whichever way they came).
    Engine(engine::Error),
    /// What only a SQLite file has (its online backup, its pragmas), asked
    /// of a centre on a PostgreSQL server.
    FileOnly,
    /// The PostgreSQL database has no centre of this name (and this
    /// opening may not create one).
    NoCentre {
        centre: String,
    },
    /// The municipality's report was asked by a login outside its
    /// central team (`role`).
    NotCentralTeam {
        login: String,
        role: String,
    },
    /// The database holds no centre to report on.
    NoCentres,
    /// A centre of the municipality's database that the central team may
    /// not read: its roles were never set up.
    CentreNotGiven {
        centre: String,
    },
    /// The server let the program in again as another person than the
    /// one it opened the centre as.
    ReconnectedAsOther {
        was: String,
        now: String,
    },
    /// A centre of the municipality's database is at another version of
    /// the schema than the program's: migrated by an older or newer one.
    CentreAtVersion {
        centre: String,
        version: usize,
        program: usize,
    },
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
    /// Someone else changed the record since it was read (the form was
    /// opened): nothing written; the conflict says what and who.
    Changed(Box<Conflict>),
    /// An import file that cannot be taken; `at` names the record and field.
    Import {
        at: String,
        problem: exchange::ImportProblem,
    },
    /// No database file at `path` (and this opening may not create one).
    Missing {
        path: PathBuf,
    },
    /// The folder a new database would go in does not exist.
    NoFolder {
        path: PathBuf,
    },
    /// The file at `path` is not a sagsbord database; nothing was written to it.
    NotSagsbord {
        path: PathBuf,
        why: NotSagsbord,
    },
    /// Others than the owner (and the group of a shared folder) can read
    /// the database, or write in its folder: `paths` get `fix`.
    Exposed {
        paths: Vec<PathBuf>,
        fix: Exposure,
    },
    /// The database is open read-only; nothing was written.
    ReadOnly,
    /// A user who may only read the file cannot read it either: its folder
    /// does not let SQLite create the log and shared memory beside it.
    NoSharedMemory {
        folder: PathBuf,
    },
    /// The file is at an older schema version, and a read-only opening
    /// cannot bring it up to date.
    NeedsUpgrade {
        file: usize,
        program: usize,
    },
    /// A file outside the database (an export, a backup) that cannot be
    /// written there, or a copy that did not check out.
    File {
        path: PathBuf,
        problem: FileProblem,
    },
    /// A backup copy that SQLite's integrity check does not pass.
    BadCopy(String),
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
    /// A complaint the rules refuse, checked again inside the write's
    /// transaction (a §101a case cannot appeal).
    Complaint(crate::domain::complaint::ComplaintProblem),
    /// The centre's policy profile cannot be used.
    Profile(ProfileError),
    /// The real uid has no user name (no passwd entry): no one to record
    /// as acting.
    NoUser {
        uid: u32,
    },
    /// The person's role does not allow it (or they are not a user of
    /// this centre's sagsbord): nothing shown, nothing written.
    Refused(Refusal),
    /// A `user` command the user list does not allow (a name that is no
    /// Unix user name, one added twice, the last one who manages users
    /// disabled): `text::access` says it.
    Users(UserProblem),
    /// The colleague a case would be handed to cannot take it (named).
    Receiver(crate::domain::access::ReceiverProblem, String),
    /// The step cannot be undone (checked again inside the write).
    Undo(crate::domain::intake::UndoProblem),
}

/// Why a change of the user list or of a case's sharing was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserProblem {
    BadName,
    Exists(String),
    NoSuchUser(String),
    AlreadyShared {
        case: i64,
        user: String,
    },
    NotShared {
        case: i64,
        user: String,
    },
    /// The case is already the one it would be shared with's own.
    ShareWithCounsellor {
        case: i64,
        user: String,
    },
    /// Disabling them, or taking their role, would leave nobody active
    /// who manages users.
    LastManager,
    /// On a PostgreSQL server: no login role of that name (the IT
    /// department creates logins).
    NoLogin(String),
    /// On a PostgreSQL server: the role `who` may not give (or take) the
    /// membership of `group`.
    MayNotGrant {
        who: String,
        group: String,
    },
    /// On a PostgreSQL server: the login is still a member of `group`
    /// after the membership was taken (granted by someone else).
    StillMember {
        login: String,
        group: String,
    },
    /// On a PostgreSQL server: no centre is set up yet, so the database
    /// has no central team's role.
    NoCentralTeam,
}

/// What a file that is not a sagsbord database is instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotSagsbord {
    /// A folder, a device, a pipe: not a regular file.
    NotAFile,
    /// An empty file, or an SQLite file with nothing in it.
    Empty,
    /// Not an SQLite file at all.
    NotSqlite,
    /// Another application's SQLite file (its own tables, or its own
    /// application id in the header).
    OtherApplication,
    /// Numbered like a sagsbord database but without sagsbord's tables.
    MissingTables,
}

/// How to make an exposed database private again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exposure {
    /// Files to set to this mode (0600, or 0660 in a group-shared folder).
    FileMode(u32),
    /// A folder to take the world's write bit from (`chmod o-w`).
    Folder,
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

/// How many ids one bulk query names (or rows one page reads): well under
/// SQLite's limit of parameters, and enough that thousands of records take
/// a few queries.
pub(crate) const BULK: usize = 500;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e)
    }
}

impl From<engine::Error> for StoreError {
    fn from(e: engine::Error) -> Self {
        match e {
            engine::Error::Sqlite(e) => StoreError::Sqlite(e),
            engine::Error::Store(e) => *e,
            other => StoreError::Engine(other),
        }
    }
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        StoreError::Io(e)
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// The database file and who is using it.
pub struct Store {
    /// The centre's data: a SQLite file, or a centre's schema on a
    /// PostgreSQL server ([`engine`]).
    link: engine::Link,
    actor: String,
    path: Option<PathBuf>,
    /// Where the data is, for another connection (None in memory).
    place: Option<Place>,
    read_only: bool,
    /// The machine's superuser asked for the `user` commands
    /// ([`Store::claim_root`]): they may always manage the users.
    root: bool,
    /// Where a long recompute of the deadlines reports its progress.
    progress: Option<deadlines::Progress>,
    /// Whether the audit's capture triggers are set up on the connection:
    /// at the first write, not at open, so a command that only reads
    /// (`due`, the report, an export) never pays for them.
    capturing: bool,
    /// On a server, once the workbench listens for commits
    /// ([`Store::listen_for_changes`]): the last stamp taken, good until
    /// the server tells of a commit.
    heard_stamp: Option<std::cell::Cell<Option<DataStamp>>>,
}

/// Where a centre's data is: a file, or a centre on a PostgreSQL server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    File(PathBuf),
    Server { config: String, centre: String },
}

impl Place {
    /// Another connection to the same data, only to read: a background
    /// computation's, beside the workbench's own.
    pub fn open_read_only(&self, actor: &str) -> Result<Store> {
        match self {
            Place::File(path) => Store::open_with(path, actor, Opening::READ_ONLY),
            Place::Server { config, centre } => Store::open_postgres(config, centre, Opening::READ_ONLY),
        }
    }
}

/// Where the data stands: when it is the same as at a pane's last load,
/// the pane's rows are still right and need not be read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataStamp {
    /// `PRAGMA data_version`: moves with every commit of another
    /// connection, a colleague's look at a list too. Unchanged, nothing
    /// can have changed but our own writes; cheap to ask every second.
    pub others: i64,
    /// The last action that changed data, anyone's, ours too: every change
    /// sagsbord makes is recorded in `audit_change` under its action's
    /// audit row, and a look (a record or list seen) records none. So a
    /// colleague's looks do not make every screen read its rows again.
    pub changed: i64,
    /// `PRAGMA schema_version`: a table changed under the program (a
    /// migration, or a test that takes one away) changes what can be read.
    pub schema: i64,
}

impl DataStamp {
    /// Whether the data is as it was at `earlier`: only looks, if
    /// anything, were committed since.
    pub fn same_data(&self, earlier: &DataStamp) -> bool {
        self.changed == earlier.changed && self.schema == earlier.schema
    }
}

/// How a database file may be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opening {
    /// A missing file may be created and set up.
    pub create: bool,
    /// A missing folder may be created too (the platform's data folder).
    pub create_folder: bool,
    /// Opened read-only, whatever the file's permissions allow.
    pub read_only: bool,
}

impl Opening {
    /// An existing database, to read and write.
    pub const EXISTING: Opening = Opening { create: false, create_folder: false, read_only: false };
    /// An existing database, only to read.
    pub const READ_ONLY: Opening = Opening { create: false, create_folder: false, read_only: true };
    /// An existing database, or a new one in an existing folder.
    pub const CREATE: Opening = Opening { create: true, create_folder: false, read_only: false };
}

/// How long a write waits for a colleague's write to finish.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How many compiled statements a connection keeps. rusqlite's default,
/// 16, is fewer than one visit to every pane uses, so each pane switch
/// compiled its statements again (an eighth of a switch's time at 100,000
/// cases); a few hundred hold every list's, at some kilobytes each.
const STATEMENT_CACHE: usize = 256;

/// The first bytes of every SQLite file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The header's application id (offset 68) that sagsbord gives a new file:
/// "SAGS". Files from before it have 0.
pub const APPLICATION_ID: i32 = 0x5341_4753;

/// Tables every sagsbord database has had since its first version.
const FIRST_TABLES: [&str; 5] = ["centre", "citizens", "cases", "case_events", "audit"];

impl Store {
    /// Opens (creating and migrating when missing) the database at `path`,
    /// creating its folder too: the library's and the tests' way in. The
    /// command line says per command which [`Opening`] it needs.
    pub fn open(path: &Path, actor: &str) -> Result<Store> {
        Store::open_with(path, actor, Opening { create: true, create_folder: true, read_only: false })
    }

    /// Opens the database at `path` as `how` allows. Before anything is
    /// written, the file must be private (no bits for the world on it or
    /// its write-ahead log, and a folder the world cannot write in) and a
    /// sagsbord database. A new file is
    /// readable by its owner only, or by owner and group when its folder is
    /// shared with a group (the folder's setgid bit). A file this user
    /// cannot write is opened read-only ([`Store::is_read_only`]).
    pub fn open_with(path: &Path, actor: &str, how: Opening) -> Result<Store> {
        let folder = files::folder_of(path);
        if !folder.exists() {
            if !how.create {
                return Err(StoreError::Missing { path: path.to_path_buf() });
            }
            if !how.create_folder {
                return Err(StoreError::NoFolder { path: folder.to_path_buf() });
            }
            fs::create_dir_all(folder)?;
            fs::set_permissions(folder, fs::Permissions::from_mode(0o700))?;
        }
        // A folder others may write in lets them replace the database or
        // plant its log beside it. (One they may only list shows names, not
        // contents: the file's own mode guards those, and SQLite gives its
        // log and shared memory the file's mode.)
        let folder_mode = fs::metadata(folder)?.permissions().mode();
        if folder_mode & 0o002 != 0 {
            return Err(StoreError::Exposed { paths: vec![folder.to_path_buf()], fix: Exposure::Folder });
        }
        let group_shared = folder_mode & 0o2000 != 0;
        match fs::metadata(path) {
            Ok(meta) if !meta.is_file() => {
                return Err(StoreError::NotSagsbord { path: path.to_path_buf(), why: NotSagsbord::NotAFile });
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && how.create && !how.read_only => {
                create_private_file(path, group_shared)?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::Missing { path: path.to_path_buf() });
            }
            Err(e) => return Err(e.into()),
        }
        let blank = identify_file(path)?;
        if blank && !how.create {
            return Err(StoreError::NotSagsbord { path: path.to_path_buf(), why: NotSagsbord::Empty });
        }
        let mut flags = OpenFlags::SQLITE_OPEN_NO_MUTEX;
        // The file exists by now: SQLite never creates one here.
        flags |= if how.read_only { OpenFlags::SQLITE_OPEN_READ_ONLY } else { OpenFlags::SQLITE_OPEN_READ_WRITE };
        let conn = Connection::open_with_flags(path, flags)?;
        Store::setup(conn, actor, Some((path.to_path_buf(), group_shared)), how)
    }

    /// A database in memory, for tests and throw-away demos.
    pub fn open_in_memory(actor: &str) -> Result<Store> {
        Store::setup(Connection::open_in_memory()?, actor, None, Opening::CREATE)
    }

    /// Sets a connection up: `file` is the database's path and whether its
    /// folder is group-shared, `None` in memory.
    fn setup(mut conn: Connection, actor: &str, file: Option<(PathBuf, bool)>, how: Opening) -> Result<Store> {
        let path = file.as_ref().map(|(p, _)| p.clone());
        // Several counsellors share one file: wait for a writer rather than fail.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // The query planner stability guarantee: a statement's plan never
        // depends on the values bound to it. Without it the bundled SQLite
        // (3.54) marks a parameter "re-prepare on bind" when the planner
        // peeks at its value (a `x = ?1` filter it weighs as 0/1 or not, a
        // partial index's condition, a LIKE prefix, stat4 samples), and
        // `sqlite3_clear_bindings`, which rusqlite's statement cache calls
        // whenever a statement goes back to the cache, then expires the
        // statement: every cached single-record lookup was compiled again
        // on its next use (a case by number 40 µs instead of 5 µs;
        // `benches/lookups.rs` measures it). We never run ANALYZE, bind
        // no LIKE or GLOB pattern an index could serve (the name search
        // matches anywhere in the name), and every list query
        // names its partial index's condition in literals (the EXPLAIN
        // QUERY PLAN tests hold each query to its index under this
        // setting), so the stable plan is the plan we want anyway.
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // A file from a newer program, or from another application, is
        // refused before anything is set on it: switching it to WAL would
        // already rewrite its header.
        let version = match conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)) {
            Ok(version) => version as usize,
            // A write-ahead-log file only readable here, in a folder where
            // its shared memory cannot be created.
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ReadOnly => {
                let folder = path.as_deref().map(files::folder_of).unwrap_or(Path::new("."));
                return Err(StoreError::NoSharedMemory { folder: folder.to_path_buf() });
            }
            Err(e) => return Err(e.into()),
        };
        if version > CURRENT_VERSION {
            return Err(StoreError::TooNew { file: version, program: CURRENT_VERSION });
        }
        let not_ours = |why| StoreError::NotSagsbord { path: path.clone().unwrap_or_default(), why };
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // A colleague's program may have set a new file up between the two
        // reads: its tables are then read with the version it set.
        let version = if version == 0 && !tables.is_empty() {
            conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize
        } else {
            version
        };
        if version > CURRENT_VERSION {
            return Err(StoreError::TooNew { file: version, program: CURRENT_VERSION });
        }
        if version == 0 {
            if !tables.is_empty() {
                return Err(not_ours(NotSagsbord::OtherApplication));
            }
            if !how.create {
                return Err(not_ours(NotSagsbord::Empty));
            }
        } else if !FIRST_TABLES.iter().all(|t| tables.iter().any(|have| have == t)) {
            return Err(not_ours(NotSagsbord::MissingTables));
        }
        // Only now, so that a newer or a foreign file is named as such; and
        // still before anything is written or shown.
        if let Some((path, group_shared)) = &file {
            check_private(path, *group_shared)?;
        }
        let read_only = how.read_only || conn.is_readonly(rusqlite::MAIN_DB)?;
        if read_only && version < CURRENT_VERSION {
            return Err(if version == 0 {
                not_ours(NotSagsbord::Empty)
            } else {
                StoreError::NeedsUpgrade { file: version, program: CURRENT_VERSION }
            });
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        if path.is_some() && !read_only {
            if version == 0 {
                conn.pragma_update(None, "application_id", APPLICATION_ID)?;
            }
            conn.pragma_update(None, "journal_mode", "WAL")?;
            // A saved record must survive a power cut: in WAL mode NORMAL
            // syncs only at checkpoints, so the last commits could vanish;
            // FULL syncs the log at every commit.
            conn.pragma_update(None, "synchronous", "FULL")?;
        }
        if !read_only {
            match schema::migrate(&mut conn, actor)? {
                schema::MigrationOutcome::TooNew { file, program } => {
                    return Err(StoreError::TooNew { file, program });
                }
                schema::MigrationOutcome::AtVersion { .. } => {}
            }
        }
        let mut store = Store::on_link(engine::Link::Sqlite(conn), actor.to_string(), path.map(Place::File), read_only);
        if !read_only {
            store.register_at_open(version)?;
            // A file just migrated has every case marked; another program
            // may have marked some since.
            store.recompute_marked_now()?;
        }
        Ok(store)
    }

    /// A store on a connection set up and migrated.
    fn on_link(link: engine::Link, actor: String, place: Option<Place>, read_only: bool) -> Store {
        let path = match &place {
            Some(Place::File(path)) => Some(path.clone()),
            _ => None,
        };
        Store { link, actor, path, place, read_only, root: false, progress: None, capturing: false, heard_stamp: None }
    }

    /// Where the data is, so that another connection can be opened on it
    /// (a background computation's); `None` in memory.
    pub fn place(&self) -> Option<&Place> {
        self.place.as_ref()
    }

    /// Whether nothing can be written: opened read-only, or a file this
    /// user may only read. Every write is then refused with
    /// [`StoreError::ReadOnly`], and so is every audited look at a record
    /// (the look could not be recorded).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Runs `f` in one read transaction: every query in it sees the file as
    /// it was at the first one, while others go on writing (WAL).
    pub fn read_snapshot<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        let db = self.db();
        if db.in_transaction() {
            return f(self);
        }
        let snapshot = db.transaction(engine::Intent::Read)?;
        let value = f(self)?;
        snapshot.commit()?;
        Ok(value)
    }

    /// Has the server tell the store of every commit to the centre, so
    /// that [`Store::data_stamp`] asks it only after one (the workbench's
    /// screens ask every second): PostgreSQL's LISTEN/NOTIFY. A file is
    /// asked at no cost, and nothing changes there.
    pub fn listen_for_changes(&mut self) -> Result<()> {
        if let engine::Link::Postgres(_) = &self.link {
            self.link.listen()?;
            self.heard_stamp = Some(std::cell::Cell::new(None));
        }
        Ok(())
    }

    /// A number that changes when another connection (another counsellor's
    /// sagsbord) commits: SQLite's `PRAGMA data_version`, which our own
    /// writes do not change; on PostgreSQL the trail's last row, which
    /// every commit of the program adds, ours too.
    pub fn data_version(&self) -> Result<i64> {
        match &self.link {
            engine::Link::Sqlite(conn) => {
                Ok(conn.prepare_cached("PRAGMA data_version")?.query_row([], |r| r.get(0))?)
            }
            engine::Link::Postgres(_) => {
                Ok(self.db().query_row("SELECT coalesce(max(id), 0) FROM audit", &[], |r| r.get(0))?)
            }
        }
    }

    /// Where the data stands now ([`DataStamp`]), each part a lookup: on
    /// SQLite two pragmas and the last key of `audit_change`'s primary
    /// key; on PostgreSQL one round trip to the server for all three, and
    /// none while the store listens and the server told of no commit
    /// since the last (a screen asks every second: a colleague's change
    /// shows within two).
    pub fn data_stamp(&self) -> Result<DataStamp> {
        let conn = match &self.link {
            engine::Link::Sqlite(conn) => conn,
            engine::Link::Postgres(_) => {
                // Listening: nothing committed since the last stamp, no
                // round trip.
                if let Some(heard) = &self.heard_stamp {
                    match (self.link.heard()?, heard.get()) {
                        (false, Some(stamp)) => return Ok(stamp),
                        _ => heard.set(None),
                    }
                }
                let (others, changed, schema) = self.db().query_row(
                    "SELECT (SELECT coalesce(max(id), 0) FROM audit),
                            (SELECT coalesce(max(audit_id), 0) FROM audit_change),
                            (SELECT version FROM schema_version)",
                    &[],
                    |r| r.columns(),
                )?;
                let stamp = DataStamp { others, changed, schema };
                if let Some(heard) = &self.heard_stamp {
                    heard.set(Some(stamp));
                }
                return Ok(stamp);
            }
        };
        // Compiled once: the stamp is taken at every pane switch and tick.
        let schema = conn.prepare_cached("PRAGMA schema_version")?.query_row([], |r| r.get(0))?;
        let changed = conn
            .prepare_cached("SELECT max(audit_id) FROM audit_change")?
            .query_row([], |r| r.get::<_, Option<i64>>(0))?
            .unwrap_or(0);
        Ok(DataStamp { others: self.data_version()?, changed, schema })
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn schema_version(&self) -> Result<usize> {
        let version: i64 = match &self.link {
            engine::Link::Sqlite(conn) => conn.query_row("PRAGMA user_version", [], |r| r.get(0))?,
            engine::Link::Postgres(_) => {
                self.db().query_row("SELECT version FROM schema_version", &[], |r| r.get(0))?
            }
        };
        Ok(version as usize)
    }

    /// The journal mode in use: `wal` for a file, `memory` in memory.
    pub fn journal_mode(&self) -> Result<String> {
        Ok(self.conn()?.query_row("PRAGMA journal_mode", [], |r| r.get(0))?)
    }

    /// Whether SQLite enforces the schema's foreign keys on this connection.
    pub fn foreign_keys(&self) -> Result<bool> {
        Ok(self.conn()?.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?)
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
        f: impl FnOnce(&engine::Db<'_>) -> Result<(T, Option<i64>, String)>,
    ) -> Result<T> {
        self.transact(action, entity, true, f)
    }

    /// [`Store::write`], with the access check (`checked`) or without it:
    /// a look is checked before it is recorded, and registering the
    /// creator of a new file comes before there is anyone to check.
    fn transact<T>(
        &mut self,
        action: &str,
        entity: &str,
        checked: bool,
        f: impl FnOnce(&engine::Db<'_>) -> Result<(T, Option<i64>, String)>,
    ) -> Result<T> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        self.capture_writes()?;
        // SQLite's BEGIN IMMEDIATE, PostgreSQL's lock of the centre: after
        // every other writer, so what `f` reads is what it writes over.
        let db = self.link.db();
        let tx = db.transaction(engine::Intent::Write)?;
        let (value, entity_id, detail) = f(&tx)?;
        // The deadlines the change moved, in its transaction.
        self.recompute_dirty_deadlines()?;
        if checked {
            // After the change, inside its transaction: the case and the
            // user's row as they stand now decide; a refusal rolls
            // everything back.
            access::check(&tx, &self.actor, self.root, action, entity, entity_id, true)?;
        }
        match tx.as_sqlite() {
            Some(conn) => audit::append(conn, &self.actor, action, entity, entity_id, &detail)?,
            None => audit::seam::append(&tx, &self.actor, action, entity, entity_id, &detail).map(|_| ())?,
        }
        tx.commit()?;
        Ok(value)
    }

    /// Sets up the audit's capture (`audit::capture`) before the first
    /// write of this connection: every write records what it changed. The
    /// triggers are generated from the schema as it stands, so this comes
    /// after the migrations, which are no user's action.
    fn capture_writes(&mut self) -> Result<()> {
        if !self.capturing {
            audit::seam::install(&self.db())?;
            self.capturing = true;
        }
        Ok(())
    }

    /// Records that the actor looked at a record. A look never fails
    /// because colleagues are writing: it waits its turn
    /// (`audit::READ_AUDIT_WAIT`), one busy timeout after another.
    pub(crate) fn record_read(
        &mut self,
        action: &str,
        entity: &str,
        entity_id: Option<i64>,
        detail: &str,
    ) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        // Refused before anything is shown or recorded.
        access::check(&self.db(), &self.actor, self.root, action, entity, entity_id, false)?;
        audit::waiting_turn(audit::READ_AUDIT_WAIT, || {
            self.transact(action, entity, false, |_| Ok(((), entity_id, detail.to_string())))
        })
    }

    /// The SQLite connection below, for what only a file has (its
    /// pragmas, the online backup) and for what is not yet on the seam:
    /// on PostgreSQL, [`StoreError::FileOnly`].
    pub(crate) fn conn(&self) -> Result<&Connection> {
        match &self.link {
            engine::Link::Sqlite(conn) => Ok(conn),
            engine::Link::Postgres(_) => Err(StoreError::FileOnly),
        }
    }

    /// The SQLite connection of a store the test opened on a file or in
    /// memory.
    #[cfg(test)]
    pub(crate) fn sqlite(&self) -> &Connection {
        self.conn().expect("a store on SQLite")
    }

    /// The centre's data through the engine seam (`store::engine`).
    pub(crate) fn db(&self) -> engine::Db<'_> {
        self.link.db()
    }

    /// Stops, from another thread, the statement this connection runs:
    /// for a background computation nobody waits for any longer.
    pub fn interrupt_handle(&self) -> Result<engine::Interrupt> {
        Ok(self.db().interrupt_handle()?)
    }

    /// From now on, the text of every statement this connection runs
    /// (triggers' included) is added to the list returned: for tests that
    /// count what a screen reads.
    #[cfg(test)]
    pub(crate) fn trace_statements(&mut self) -> std::sync::Arc<std::sync::Mutex<Vec<String>>> {
        use rusqlite::trace::{TraceEvent, TraceEventCodes};
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = std::sync::Arc::clone(&seen);
        let record = move |event: TraceEvent<'_>| {
            if let TraceEvent::Stmt(_, sql) = event {
                sink.lock().unwrap().push(sql.to_string());
            }
        };
        self.link
            .as_sqlite_mut()
            .expect("a store on SQLite")
            .trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(record))
            .expect("tracing starts");
        seen
    }
}

/// Creates an empty file only its owner (and the group of a shared folder)
/// can read, unless a colleague's program created it a moment ago.
fn create_private_file(path: &Path, group_shared: bool) -> Result<()> {
    let mode = if group_shared { 0o660 } else { 0o600 };
    match OpenOptions::new().write(true).create_new(true).mode(mode).custom_flags(libc::O_NOFOLLOW).open(path) {
        Ok(file) => {
            // The umask may have taken bits off at creation: set exactly.
            file.set_permissions(fs::Permissions::from_mode(mode))?;
            Ok(())
        }
        // A colleague's program created it a moment ago: theirs to set up.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Refuses a database file (or its write-ahead log and shared memory) with
/// any bit for the world.
fn check_private(path: &Path, group_shared: bool) -> Result<()> {
    let mut exposed = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let file = PathBuf::from(name);
        if let Ok(meta) = fs::metadata(&file)
            && meta.permissions().mode() & 0o007 != 0
        {
            exposed.push(file);
        }
    }
    if exposed.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Exposed { paths: exposed, fix: Exposure::FileMode(if group_shared { 0o660 } else { 0o600 }) })
    }
}

/// Looks at a file's first bytes before SQLite does: true for an empty file
/// (to be set up), an error for anything but an SQLite file, or for one
/// whose header names another application.
fn identify_file(path: &Path) -> Result<bool> {
    let file = OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path)?;
    if !file.metadata()?.is_file() {
        return Err(StoreError::NotSagsbord { path: path.to_path_buf(), why: NotSagsbord::NotAFile });
    }
    let mut header = Vec::with_capacity(100);
    file.take(100).read_to_end(&mut header)?;
    if header.is_empty() {
        return Ok(true);
    }
    if header.len() < 100 || &header[..16] != SQLITE_MAGIC {
        return Err(StoreError::NotSagsbord { path: path.to_path_buf(), why: NotSagsbord::NotSqlite });
    }
    let application_id = i32::from_be_bytes([header[68], header[69], header[70], header[71]]);
    if application_id != 0 && application_id != APPLICATION_ID {
        return Err(StoreError::NotSagsbord { path: path.to_path_buf(), why: NotSagsbord::OtherApplication });
    }
    Ok(false)
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

    #[test]
    fn a_snapshot_sees_one_moment_while_a_colleague_commits() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("sagsbord.db");
        let reader = Store::open(&path, "anna").unwrap();
        let writer = Connection::open(&path).unwrap();
        let count = |s: &Store| s.sqlite().query_row("SELECT count(*) FROM audit", [], |r| r.get::<_, i64>(0));
        let (first, second) = reader
            .read_snapshot(|s| {
                let first = count(s)?;
                writer
                    .execute(
                        "INSERT INTO audit (at, actor, action, entity, detail, prev_hash, hash)
                         VALUES ('x', 'bo', 'x', 'x', '', '', '')",
                        [],
                    )
                    .unwrap();
                Ok((first, count(s)?))
            })
            .unwrap();
        assert_eq!(first, second, "the snapshot saw the colleague's commit");
        assert_eq!(count(&reader).unwrap(), first + 1, "after it, the commit is seen");
    }

    #[test]
    fn a_read_only_store_refuses_every_write_and_every_audited_look() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("sagsbord.db");
        drop(Store::open(&path, "anna").unwrap());
        let before = fs::read(&path).unwrap();
        let mut store = Store::open_with(&path, "anna", Opening::READ_ONLY).unwrap();
        assert!(store.is_read_only());
        assert!(matches!(store.record_read("view", "case", Some(1), ""), Err(StoreError::ReadOnly)));
        let centre = store.centre().unwrap();
        assert!(matches!(store.set_centre(&centre), Err(StoreError::ReadOnly)));
        drop(store);
        assert!(fs::read(&path).unwrap() == before);
    }

    #[test]
    fn only_an_opening_that_may_create_makes_a_file_and_never_a_named_folder() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("sagsbord.db");
        for how in [Opening::EXISTING, Opening::READ_ONLY] {
            assert!(matches!(Store::open_with(&path, "anna", how), Err(StoreError::Missing { .. })));
        }
        assert!(!path.exists());
        let deep = dir.path().join("mangler/sagsbord.db");
        assert!(matches!(Store::open_with(&deep, "anna", Opening::CREATE), Err(StoreError::NoFolder { .. })));
        let store = Store::open_with(&path, "anna", Opening::CREATE).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        let id: i32 = store.sqlite().query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
        assert_eq!(id, APPLICATION_ID);
    }

    #[test]
    fn another_applications_header_is_refused_unread_and_unchanged() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("andet.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "application_id", 0x4750_4B47).unwrap();
            conn.execute_batch("VACUUM").unwrap();
        }
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        let before = fs::read(&path).unwrap();
        assert!(matches!(
            Store::open(&path, "anna"),
            Err(StoreError::NotSagsbord { why: NotSagsbord::OtherApplication, .. })
        ));
        assert!(fs::read(&path).unwrap() == before);
    }
}
