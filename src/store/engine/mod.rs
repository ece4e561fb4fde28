//! The seam between the store and its database engine: SQLite (one file,
//! a small centre's own server) or PostgreSQL (a municipality's server
//! with several centres).
//!
//! # How the SQL of the two is kept from drifting
//! - **One text per statement.** The store writes each statement once, in
//!   the part of SQL both engines read alike: standard joins and
//!   subqueries, `CASE`, `coalesce`, `INSERT … ON CONFLICT … DO NOTHING`,
//!   `RETURNING`, window functions, partial indexes, `CAST(… AS BIGINT)`
//!   where PostgreSQL would otherwise widen a sum to NUMERIC. Its
//!   parameters are SQLite's `?1`; [`dialect`] writes them as PostgreSQL's
//!   `$1`, once per statement text, cached with the prepared statement.
//! - **One kind of value.** Every value the store keeps is one of SQLite's
//!   five storage classes ([`ValueRef`]): dates as `YYYY-MM-DD` text, money
//!   as whole øre, yes/no as 0/1. PostgreSQL's columns are BIGINT, TEXT,
//!   DOUBLE PRECISION and BYTEA to match, and its booleans (a comparison
//!   in a select list) read as 0/1. So a row reads back the same from
//!   either engine, and the domain never sees which one it came from.
//! - **Per engine only where the engines differ in kind:** the schema's
//!   triggers and the functions they call, and what the connection itself
//!   is asked (SQLite's pragmas, PostgreSQL's `search_path`). Those live
//!   beside each other, one numbered list of migrations for both.
//! - **One test suite, run on both.** The store's tests take the engine as
//!   a parameter; a statement only one engine reads fails on the other.
//!
//! # Moving a family of the store onto the seam
//! The store moves one family (a file of `src/store`) at a time: its
//! functions take a [`Db`] instead of a rusqlite connection, and code that
//! still holds one calls them through [`Db::borrowing`]. What changes in
//! the family's SQL, so both engines read it alike:
//! - `last_insert_rowid()` becomes `INSERT … RETURNING id`.
//! - A new row's id is left out of the INSERT, never given as NULL (only
//!   SQLite takes NULL for "a new id"); an id from a file is given.
//! - A sum of BIGINTs is `CAST(sum(…) AS BIGINT)` (PostgreSQL widens it to
//!   NUMERIC); a count of matches is `sum(CASE WHEN … THEN 1 ELSE 0 END)`.
//! - A parameter is used where its type follows from a column or a
//!   `CAST`, never alone (`SELECT ?1` has no type on PostgreSQL).
//! - `INSERT OR IGNORE` is `INSERT … ON CONFLICT DO NOTHING`; `ifnull`
//!   is `coalesce`; `group_concat(x, ',')` is `string_agg(x, ',')`, which
//!   both engines know (the bundled SQLite since 3.44).
//! - A row written with an id of its own (a file's) leaves PostgreSQL's
//!   identity behind it: whatever writes such rows then moves every
//!   identity past them (`move_identities_past_ids()` in the schema).
//! - A query whose rows are being read does not run another statement on
//!   the same connection (PostgreSQL sends one at a time: [`Error::Busy`]).
//! - A statement tuned to SQLite's planner keeps its hints: `INDEXED BY`,
//!   `NOT INDEXED` and `CROSS JOIN … ON` are SQLite's alone, and the seam
//!   leaves them out of PostgreSQL's text (`CROSS JOIN` read as `JOIN`),
//!   where the planner finds the index by itself; the family's both-engine
//!   test shows which index it reads there. Still one text per statement.
//! - A family that numbers its parameters alike across its statements
//!   (the board's `?1`–`?7`) may leave some out of a statement: bind them
//!   all up to the largest the text names ([`parameter_count`]); the seam
//!   sends the ones left out to PostgreSQL as NULL, declared TEXT.
//!
//! Why not a query builder (sea-query and the like): the store's queries
//! are hand-tuned to their indexes (keyset pages, partial indexes,
//! covering reads), checked by EXPLAIN tests, and a builder would put a
//! second language between a reader and the SQL the engine plans. Why the
//! synchronous `postgres` crate: the TUI's loop, the CLI and the report's
//! worker thread are synchronous, as rusqlite is; an async driver would
//! need a runtime for nothing.
//!
//! # One writer at a time, on both engines
//! A write transaction on SQLite takes the file's write lock when it
//! begins (`BEGIN IMMEDIATE`): everything it reads is what it writes over,
//! which every rule that rechecks the fresh record relies on. On
//! PostgreSQL the same holds per centre: a write transaction begins by
//! taking the centre's transaction-scoped advisory lock, so writers to a
//! centre follow one another and each of its statements (READ COMMITTED)
//! reads every write committed before it. Readers never wait on either.

#[cfg(test)]
pub(crate) mod both;
mod dialect;
mod glob;
mod postgres;
mod row;
mod sqlite;
#[doc(hidden)]
pub mod test_server;
mod value;

pub(crate) use dialect::parameter_count;
pub use postgres::Mismatch;
pub use row::{FromRow, Row};
pub use value::{Found, FromValue, Kind, ToValue, ValueRef};

use std::cell::{Cell, RefCell};

/// A connection to a centre's data, on either engine. A `Db<'c>` may
/// borrow a SQLite connection the store already holds ([`Db::borrowing`]):
/// so the store's functions move onto the seam one family at a time, each
/// called from code that still holds a rusqlite connection or transaction.
pub struct Db<'c> {
    conn: Conn<'c>,
}

enum Conn<'c> {
    Sqlite(Sqlite<'c>),
    Postgres(Pg<'c>),
}

/// A PostgreSQL client, and whether a [`Tx`] is open on it (the client
/// does not say).
pub struct PgLink<'c> {
    client: RefCell<postgres::Connection<'c>>,
    in_tx: Cell<bool>,
}

enum Pg<'c> {
    // Boxed: a PostgreSQL client is three times a SQLite connection's size.
    Owned(Box<PgLink<'c>>),
    Borrowed(&'c PgLink<'static>),
}

/// `$body` with `$link` the [`PgLink`] of `$pg`, whichever way it is held
/// (the two are of different lifetimes, so each arm has its own copy).
macro_rules! on_link {
    ($pg:expr, |$link:ident| $body:expr) => {
        match $pg {
            Pg::Owned(owned) => {
                let $link = &**owned;
                $body
            }
            Pg::Borrowed(borrowed) => {
                let $link = *borrowed;
                $body
            }
        }
    };
}

/// The connection a [`Store`](crate::store::Store) holds for its whole
/// life, lent out as a [`Db`] ([`Link::db`]). Unlike a `Db`, which may
/// borrow, it can move to another thread with its store.
pub enum Link {
    Sqlite(rusqlite::Connection),
    Postgres(Box<PgLink<'static>>),
}

impl Link {
    /// Connects to a centre's schema on a PostgreSQL server (`config`: a
    /// `postgresql://` URL or `key=value` pairs).
    pub fn postgres(config: &str, centre: &str) -> Result<Link> {
        Ok(Link::Postgres(Box::new(PgLink::new(postgres::Connection::connect(config, centre)?))))
    }

    /// Whether the server closed the connection (it restarted, or the
    /// session was ended), asking the server when `probe` (after a
    /// statement failed); a file's connection is never lost so.
    pub fn is_lost(&self, probe: bool) -> bool {
        match self {
            Link::Sqlite(_) => false,
            Link::Postgres(pg) => pg.client.try_borrow_mut().is_ok_and(|mut c| c.is_lost(probe)),
        }
    }

    /// Has the server tell this connection of every commit to the centre
    /// (PostgreSQL's LISTEN); a file has nothing to listen to.
    pub fn listen(&self) -> Result<()> {
        match self {
            Link::Sqlite(_) => Ok(()),
            Link::Postgres(pg) => pg.client()?.listen(),
        }
    }

    /// Whether the server told of a commit since last asked (always, for
    /// a file: it is asked instead, at no cost).
    pub fn heard(&self) -> Result<bool> {
        match self {
            Link::Sqlite(_) => Ok(true),
            Link::Postgres(pg) => pg.client()?.heard(),
        }
    }

    /// A client already connected, on the centre's schema: the opening's
    /// one connection, after it migrated the centre.
    pub fn postgres_on(client: ::postgres::Client, centre: &str) -> Result<Link> {
        Ok(Link::Postgres(Box::new(PgLink::new(postgres::Connection::on_client(client, centre)?))))
    }

    pub fn db(&self) -> Db<'_> {
        match self {
            Link::Sqlite(conn) => Db::borrowing(conn),
            Link::Postgres(link) => Db { conn: Conn::Postgres(Pg::Borrowed(link)) },
        }
    }

    /// The SQLite connection, to change how it runs (a trace of its
    /// statements).
    pub fn as_sqlite_mut(&mut self) -> Option<&mut rusqlite::Connection> {
        match self {
            Link::Sqlite(conn) => Some(conn),
            Link::Postgres(_) => None,
        }
    }
}

impl<'c> PgLink<'c> {
    fn new(client: postgres::Connection<'c>) -> PgLink<'c> {
        PgLink { client: RefCell::new(client), in_tx: Cell::new(false) }
    }

    fn client(&self) -> Result<std::cell::RefMut<'_, postgres::Connection<'c>>> {
        self.client.try_borrow_mut().map_err(|_| Error::Busy)
    }
}

enum Sqlite<'c> {
    Owned(rusqlite::Connection),
    Borrowed(&'c rusqlite::Connection),
}

impl Sqlite<'_> {
    fn get(&self) -> &rusqlite::Connection {
        match self {
            Sqlite::Owned(c) => c,
            Sqlite::Borrowed(c) => c,
        }
    }
}

/// Which engine a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Stops the statement a connection runs, from another thread
/// ([`Db::interrupt_handle`]).
pub enum Interrupt {
    Sqlite(rusqlite::InterruptHandle),
    Postgres(::postgres::CancelToken),
}

impl Interrupt {
    pub fn interrupt(&self) {
        match self {
            Interrupt::Sqlite(handle) => handle.interrupt(),
            // A cancel that does not reach the server leaves the statement
            // to finish; its result is not waited for either way.
            Interrupt::Postgres(token) => {
                let _ = token.cancel_query(::postgres::NoTls);
            }
        }
    }
}

/// What went wrong below the store.
#[derive(Debug)]
pub enum Error {
    Sqlite(rusqlite::Error),
    Postgres(::postgres::Error),
    /// A statement that must return a row returned none.
    NoRows,
    /// A row has no column `column`.
    NoColumn {
        column: usize,
    },
    /// Column `column` holds another kind of value than the one asked for.
    Type {
        column: usize,
        wanted: Kind,
        found: Kind,
    },
    /// Column `column` has a PostgreSQL type the store never uses.
    ColumnType {
        column: usize,
        name: String,
    },
    /// A query's rows were being read when the same connection was asked
    /// for another statement (PostgreSQL sends one at a time).
    Busy,
    /// A row read that failed in the store's own terms (a stored kind the
    /// program does not know): carried out of the reading unchanged.
    Store(Box<crate::store::StoreError>),
}

impl Error {
    /// Another writer held the database past the wait: SQLite's busy file,
    /// PostgreSQL's lock timeout on the centre's lock.
    pub fn is_busy(&self) -> bool {
        match self {
            Error::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => {
                matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            }
            Error::Postgres(e) => e.code() == Some(&::postgres::error::SqlState::LOCK_NOT_AVAILABLE),
            _ => false,
        }
    }
}

impl From<crate::store::StoreError> for Error {
    fn from(e: crate::store::StoreError) -> Self {
        Error::Store(Box::new(e))
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Sqlite(e)
    }
}

impl From<::postgres::Error> for Error {
    fn from(e: ::postgres::Error) -> Self {
        Error::Postgres(e)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// A statement's parameters, in order: `&[&case_id, &name]`.
pub type Params<'p> = &'p [&'p dyn ToValue];

/// What a transaction will do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// Reads that must see one state of the data.
    Read,
    /// Reads and writes, after every other writer of the centre.
    Write,
}

impl Db<'static> {
    /// A SQLite connection, set up by its opener.
    pub fn sqlite(conn: rusqlite::Connection) -> Db<'static> {
        Db { conn: Conn::Sqlite(Sqlite::Owned(conn)) }
    }

    /// Connects to a PostgreSQL server (`config`: a `postgresql://` URL or
    /// `key=value` pairs) and to the schema of `centre` in it.
    pub fn postgres(config: &str, centre: &str) -> Result<Db<'static>> {
        let conn = postgres::Connection::connect(config, centre)?;
        Ok(Db { conn: Conn::Postgres(Pg::Owned(Box::new(PgLink::new(conn)))) })
    }
}

impl<'c> Db<'c> {
    /// The seam over a SQLite connection (or transaction) held elsewhere.
    pub fn borrowing(conn: &'c rusqlite::Connection) -> Db<'c> {
        Db { conn: Conn::Sqlite(Sqlite::Borrowed(conn)) }
    }

    /// The seam over a PostgreSQL client held elsewhere (a migration's,
    /// inside its transaction), on the schema its search path names.
    pub fn borrowing_postgres(client: &'c mut ::postgres::Client) -> Db<'c> {
        Db { conn: Conn::Postgres(Pg::Owned(Box::new(PgLink::new(postgres::Connection::borrowing(client))))) }
    }

    /// Whether a transaction is open on the connection: one of this `Db`'s
    /// or, on SQLite, one its holder began.
    pub fn in_transaction(&self) -> bool {
        match &self.conn {
            Conn::Sqlite(c) => !c.get().is_autocommit(),
            Conn::Postgres(pg) => on_link!(pg, |link| link.in_tx.get()),
        }
    }

    /// What stops, from another thread, the statement the connection runs:
    /// for a computation nobody waits for any longer.
    pub fn interrupt_handle(&self) -> Result<Interrupt> {
        Ok(match &self.conn {
            Conn::Sqlite(c) => Interrupt::Sqlite(c.get().get_interrupt_handle()),
            Conn::Postgres(pg) => Interrupt::Postgres(on_link!(pg, |link| link.client()?.cancel_token())),
        })
    }

    fn set_in_tx(&self, open: bool) {
        if let Conn::Postgres(pg) = &self.conn {
            on_link!(pg, |link| link.in_tx.set(open))
        }
    }

    pub fn engine(&self) -> Engine {
        match self.conn {
            Conn::Sqlite(_) => Engine::Sqlite,
            Conn::Postgres(_) => Engine::Postgres,
        }
    }

    /// The SQLite connection below, for what only SQLite has (pragmas, the
    /// online backup, tracing).
    pub fn as_sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.conn {
            Conn::Sqlite(c) => Some(c.get()),
            Conn::Postgres(_) => None,
        }
    }

    /// How long a write waits for another writer before it fails: SQLite's
    /// busy timeout, PostgreSQL's lock timeout (the centre's lock is a
    /// lock like any other). Zero fails at once, on both.
    pub fn wait_for_writers(&self, wait: std::time::Duration) -> Result<()> {
        match &self.conn {
            Conn::Sqlite(c) => Ok(c.get().busy_timeout(wait)?),
            // PostgreSQL reads 0 as "wait for ever": a millisecond is at once.
            Conn::Postgres(_) => self.execute_batch(&format!("SET lock_timeout = {}", wait.as_millis().max(1))),
        }
    }

    /// Runs one statement; how many rows it changed.
    pub fn execute(&self, sql: &str, params: Params<'_>) -> Result<u64> {
        match &self.conn {
            Conn::Sqlite(c) => sqlite::execute(c.get(), sql, params),
            Conn::Postgres(pg) => on_link!(pg, |link| link.client()?.execute(sql, params)),
        }
    }

    /// Runs statements separated by `;`, without parameters: a schema.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.conn {
            Conn::Sqlite(c) => Ok(c.get().execute_batch(sql)?),
            Conn::Postgres(pg) => on_link!(pg, |link| link.client()?.execute_batch(sql)),
        }
    }

    /// Calls `each` with every row of a query, in order, as it is read.
    /// On PostgreSQL the connection is busy until the last row is read:
    /// `each` must not use it.
    pub fn query_each(
        &self,
        sql: &str,
        params: Params<'_>,
        mut each: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<()> {
        match &self.conn {
            Conn::Sqlite(c) => sqlite::query_each(c.get(), sql, params, &mut each),
            Conn::Postgres(pg) => on_link!(pg, |link| link.client()?.query_each(sql, params, &mut each)),
        }
    }

    /// Every row of a query, each made into a `T` by `f`.
    pub fn query_map<T>(
        &self,
        sql: &str,
        params: Params<'_>,
        mut f: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.query_each(sql, params, |row| {
            out.push(f(row)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row of a query, if it returns any.
    pub fn query_opt<T>(
        &self,
        sql: &str,
        params: Params<'_>,
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut f = Some(f);
        let mut first = None;
        self.query_each(sql, params, |row| {
            if let Some(f) = f.take() {
                first = Some(f(row)?);
            }
            Ok(())
        })?;
        Ok(first)
    }

    /// The first row of a query that must return one.
    pub fn query_row<T>(&self, sql: &str, params: Params<'_>, f: impl FnOnce(&Row<'_>) -> Result<T>) -> Result<T> {
        self.query_opt(sql, params, f)?.ok_or(Error::NoRows)
    }

    /// Begins a transaction; it is rolled back unless committed.
    pub fn transaction(&self, intent: Intent) -> Result<Tx<'_, 'c>> {
        let begin = match (self.engine(), intent) {
            (Engine::Sqlite, Intent::Read) => "BEGIN DEFERRED",
            (Engine::Sqlite, Intent::Write) => "BEGIN IMMEDIATE",
            (Engine::Postgres, Intent::Read) => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            (Engine::Postgres, Intent::Write) => postgres::BEGIN_WRITE,
        };
        if let Err(e) = self.execute_batch(begin) {
            // PostgreSQL's write begins, then waits for the centre's lock:
            // a wait that timed out leaves the begun transaction aborted,
            // and every later statement of the connection refused, unless
            // it is ended here.
            if self.engine() == Engine::Postgres {
                let _ = self.execute_batch("ROLLBACK");
            }
            return Err(e);
        }
        self.set_in_tx(true);
        Ok(Tx { db: self, open: true })
    }
}

/// An open transaction. Statements run on it as on its [`Db`] (it derefs
/// to it); dropped without [`Tx::commit`], it is rolled back.
pub struct Tx<'a, 'c> {
    db: &'a Db<'c>,
    open: bool,
}

impl Tx<'_, '_> {
    pub fn commit(mut self) -> Result<()> {
        self.open = false;
        self.db.set_in_tx(false);
        self.db.execute_batch("COMMIT")
    }
}

impl<'c> std::ops::Deref for Tx<'_, 'c> {
    type Target = Db<'c>;
    fn deref(&self) -> &Db<'c> {
        self.db
    }
}

impl Drop for Tx<'_, '_> {
    fn drop(&mut self) {
        if self.open {
            self.db.set_in_tx(false);
            // Nothing to tell anyone: a failed rollback leaves the
            // transaction to end with the connection, unwritten.
            let _ = self.db.execute_batch("ROLLBACK");
        }
    }
}

#[cfg(test)]
mod tests;
