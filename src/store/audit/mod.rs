//! The audit trail: who read or wrote what, when, and what every write
//! changed. Each row carries the hash of the row before it; since schema
//! version 7 also its own id and the rows it changed ([`capture`]), each
//! with the hash of the data row after the change. So an edited, removed,
//! inserted or reordered audit row breaks the chain, a cut tail leaves a
//! gap in the ids (AUTOINCREMENT: ids are never reused) or misses an
//! anchor ([`anchor`]), and a data row changed behind the program's back
//! no longer has the hash the trail recorded for it ([`check`]).
//!
//! Rows written before version 7 keep their hash as it was (scheme 1: no
//! id, no changes); the migration to 7 adds one "baseline" row holding the
//! hash of every data row, so `check` works on old files too.

pub mod anchor;
mod block;
#[cfg(test)]
mod block_tests;
pub(crate) mod capture;
mod check;
mod history;
pub(crate) mod seam;
#[cfg(test)]
mod tests;

use std::time::{Duration, Instant};

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use super::batch::BatchInsert;
use super::deadlines::MarksSuspended;
use super::engine;
use super::{Result, Store, StoreError, now_stamp};
pub use anchor::{Anchor, AnchorUse};
pub use capture::{Change, ChangeKind};
pub use check::{CheckReport, DataProblem};
pub use history::{HistoryEntry, HistoryKind};

/// The hash the first row chains to.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash scheme of rows written before schema version 7.
const SCHEME_PLAIN: i64 = 1;
/// The hash scheme that covers the row's id and its changes.
const SCHEME_CHANGES: i64 = 2;

/// How long a look at a record waits for its audit row to be written
/// while colleagues write (an import of a large file holds the write lock
/// for seconds): far past the busy timeout of one try.
pub(crate) const READ_AUDIT_WAIT: Duration = Duration::from_secs(120);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub detail: String,
}

/// Where the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditProblem {
    /// The row's own content (or the changes under it) does not match its
    /// hash: it was edited.
    Altered { id: i64 },
    /// The row does not chain to the one before it: a row was removed or inserted.
    Unlinked { id: i64 },
    /// Ids are missing between two rows: rows were removed (ids are never
    /// reused, and a write that fails leaves none unused).
    Gap { after: i64, next: i64 },
    /// Change rows whose audit row is gone.
    StrayChanges { audit_id: i64 },
    /// An anchored row is gone: the trail was cut back (`last` is the last
    /// id left) or the row removed.
    AnchorMissing { anchor: Anchor, last: i64 },
    /// An anchored row no longer has the anchored hash: the chain was
    /// written anew (recomputed) up to or past it.
    AnchorRewritten { anchor: Anchor },
    /// The rows up to an anchored one are not as many as anchored.
    AnchorCount { anchor: Anchor, count: i64 },
}

/// The last row of the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditHead {
    /// The last id; 0 when the trail is empty.
    pub id: i64,
    /// How many rows the trail holds.
    pub count: i64,
    pub hash: String,
}

fn hash_parts(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for part in parts {
        h.update(part.as_bytes());
        // A separator that cannot be confused with content of either side.
        h.update([0u8]);
    }
    capture::hex(&h.finalize())
}

/// Scheme 1: rows written before schema version 7.
fn plain_hash(
    prev: &str,
    at: &str,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    detail: &str,
) -> String {
    hash_parts(&[prev, at, actor, action, entity, &entity_id.map(|i| i.to_string()).unwrap_or_default(), detail])
}

/// The digest of an audit row's changes, all in hand (the tests' way).
#[cfg(test)]
fn changes_digest<'a>(changes: impl IntoIterator<Item = &'a Change>) -> String {
    let mut digest = ChangesDigest::default();
    for c in changes {
        digest.add(c);
    }
    digest.finish()
}

/// The digest of an audit row's changes, in their order, taken one change
/// at a time, so a write of millions of rows need not hold them all: each
/// field ends with a 0 byte, each change with a 1; an absent value (1) and
/// an empty one (2, then nothing) differ.
#[derive(Default)]
struct ChangesDigest {
    hash: Sha256,
    seq: usize,
}

impl ChangesDigest {
    fn add(&mut self, c: &Change) {
        self.add_parts(&c.table, &c.key, c.kind, c.old.as_deref(), c.new.as_deref(), c.row_hash.as_deref());
    }

    /// [`ChangesDigest::add`] of a change not built: a bulk write's
    /// millions of inserts are hashed as they are read.
    fn add_parts(
        &mut self,
        table: &str,
        key: &str,
        kind: ChangeKind,
        old: Option<&str>,
        new: Option<&str>,
        row_hash: Option<&str>,
    ) {
        fn field(h: &mut Sha256, parts: &[&str]) {
            for p in parts {
                h.update(p.as_bytes());
            }
            h.update([0u8]);
        }
        fn mark(text: Option<&str>) -> [&str; 2] {
            match text {
                None => ["\u{1}", ""],
                Some(t) => ["\u{2}", t],
            }
        }
        let h = &mut self.hash;
        h.update(capture::Decimal::new(self.seq as i64).as_bytes());
        h.update([0u8]);
        field(h, &[table]);
        field(h, &[key]);
        field(h, &[kind.id()]);
        field(h, &mark(old));
        field(h, &mark(new));
        field(h, &mark(row_hash));
        h.update([1u8]);
        self.seq += 1;
    }

    fn finish(self) -> String {
        capture::hex(&self.hash.finalize())
    }
}

/// Scheme 2: the id and the changes are in the hash too.
#[allow(clippy::too_many_arguments)]
fn change_hash(
    id: i64,
    prev: &str,
    at: &str,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    detail: &str,
    digest: &str,
) -> String {
    hash_parts(&[
        "2",
        &id.to_string(),
        prev,
        at,
        actor,
        action,
        entity,
        &entity_id.map(|i| i.to_string()).unwrap_or_default(),
        detail,
        digest,
    ])
}

/// Appends the action's audit row with every change the transaction has
/// made so far (the capture's staging table, emptied).
pub(super) fn append(
    tx: &Connection,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    detail: &str,
) -> Result<()> {
    let changes = capture::take(tx, capture::Keep::Values)?;
    append_with(tx, actor, action, entity, entity_id, detail, changes)
}

impl Store {
    /// [`Store::write`] for an action that inserts a great many rows (an
    /// import): each inserted row is recorded by its key and hash only,
    /// not its values, which are the imported file's. Updates and deletes
    /// are recorded with before and after as always; and as every later
    /// change records what it changed from, each row's content as it was
    /// imported can still be read back from the row and the trail.
    pub(crate) fn write_bulk<T>(
        &mut self,
        action: &str,
        entity: &str,
        f: impl FnOnce(&engine::Db<'_>) -> Result<(T, Option<i64>, String)>,
    ) -> Result<T> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        self.capture_writes()?;
        if self.conn().is_err() {
            return self.write_bulk_on_server(action, entity, f);
        }
        let (actor, root) = (self.actor.clone(), self.root);
        let written = (|| {
            // Unchecked: the deadlines' recompute reads through `self` inside it.
            let tx = Transaction::new_unchecked(self.conn()?, rusqlite::TransactionBehavior::Immediate)?;
            let db = engine::Db::borrowing(&tx);
            // The tables empty before the action are read back whole at its
            // end rather than captured row by row (see suspend_empty).
            let fresh = capture::suspend_empty(&tx)?;
            let empty: Vec<&str> = fresh.iter().map(|t| t.name.as_str()).collect();
            let marks = MarksSuspended::on(&db, &empty)?;
            let (value, entity_id, detail) = f(&db)?;
            marks.resume(&db)?;
            capture::resume(&tx, &fresh)?;
            // The deadlines of every case the bulk write touched (an import:
            // all of them), in its transaction.
            self.recompute_dirty_deadlines()?;
            super::access::check(&db, &actor, root, action, entity, entity_id, true)?;
            let staged = capture::take(&tx, capture::Keep::InsertedHashes)?;
            append_streamed(&tx, &actor, action, entity, entity_id, &detail, staged, &fresh)?;
            drop(db);
            tx.commit()?;
            Ok(value)
        })();
        if written.is_err() {
            // The rollback took the dropped triggers back; set up anew all
            // the same, so no write after a failed one goes uncaptured.
            capture::install(self.conn()?)?;
        }
        written
    }

    /// [`Store::write_bulk`] on PostgreSQL: as on SQLite, the tables empty
    /// before the write are neither captured nor marked for the deadlines
    /// row by row (their triggers disabled inside the transaction, which a
    /// rollback takes back), but read back whole at its end and recorded
    /// by key and hash ([`seam::append_bulk`]), every case marked once.
    fn write_bulk_on_server<T>(
        &self,
        action: &str,
        entity: &str,
        f: impl FnOnce(&engine::Db<'_>) -> Result<(T, Option<i64>, String)>,
    ) -> Result<T> {
        let db = self.db();
        let tx = db.transaction(engine::Intent::Write)?;
        let fresh = empty_tables(&tx)?;
        let capture = |what: &str| -> Result<()> {
            let sql: Vec<String> = (fresh.iter())
                .map(|t| format!("ALTER TABLE {} {what} TRIGGER audit_capture", capture::ident(&t.name)))
                .collect();
            Ok(tx.execute_batch(&sql.join(";\n"))?)
        };
        capture("DISABLE")?;
        let marks = MarksSuspended::on(&tx, &fresh.iter().map(|t| t.name.as_str()).collect::<Vec<_>>())?;
        let (value, entity_id, detail) = f(&tx)?;
        marks.resume(&tx)?;
        capture("ENABLE")?;
        self.recompute_dirty_deadlines()?;
        super::access::check(&tx, &self.actor, self.root, action, entity, entity_id, true)?;
        seam::append_bulk(&tx, [&self.actor, action, entity, &detail], entity_id, &fresh)?;
        tx.commit()?;
        Ok(value)
    }
}

/// The data tables that hold no row, as the transaction stands.
fn empty_tables(db: &engine::Db<'_>) -> Result<Vec<capture::DataTable>> {
    let mut empty = Vec::new();
    for t in seam::data_tables(db)? {
        let sql = format!("SELECT CASE WHEN EXISTS (SELECT 1 FROM {}) THEN 1 ELSE 0 END", capture::ident(&t.name));
        if db.query_row(&sql, &[], |r| r.get::<i64>(0))? == 0 {
            empty.push(t);
        }
    }
    Ok(empty)
}

/// Appends the action's audit row over its changes: `staged`, then (a
/// bulk write) every row of the `fresh` tables, empty before the action, as
/// an insert with its hash, stored a block of rows at a time ([`block`]);
/// each change hashed into the digest as it is read, never all held. The
/// change rows go in before the audit row whose hash covers them, so their
/// reference to it is checked at commit.
#[allow(clippy::too_many_arguments)]
fn append_streamed(
    tx: &Connection,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    detail: &str,
    staged: Vec<Change>,
    fresh: &[capture::DataTable],
) -> Result<()> {
    let (id, prev) = next_row(tx)?;
    tx.pragma_update(None, "defer_foreign_keys", true)?;
    let mut digest = ChangesDigest::default();
    let db = engine::Db::borrowing(tx);
    let mut rows = BatchInsert::new(&db, "audit_change", &CHANGE_ROW);
    for c in staged {
        let seq = digest.seq as i64;
        digest.add(&c);
        let text = |t: Option<String>| t.map_or(Value::Null, Value::Text);
        rows.push([
            Value::Integer(id),
            Value::Integer(seq),
            Value::Text(c.table),
            Value::Text(c.key),
            Value::Text(c.kind.id().to_string()),
            text(c.old),
            text(c.new),
            text(c.row_hash),
        ])?;
    }
    rows.finish()?;
    let digest = if fresh.is_empty() { digest } else { append_fresh(tx, id, digest, fresh)? };
    let at = now_stamp();
    let hash = change_hash(id, &prev, &at, actor, action, entity, entity_id, detail, &digest.finish());
    tx.prepare_cached(
        "INSERT INTO audit (id, at, actor, action, entity, entity_id, detail, prev_hash, hash, scheme)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![id, at, actor, action, entity, entity_id, detail, prev, hash, SCHEME_CHANGES])?;
    Ok(())
}

/// Appends every row of the `fresh` tables as an insert with its hash, a
/// block of rows at a time, after the changes `digest` has taken. The rows
/// are read here and hashed on a thread of their own, which sends each
/// block back to be written: the hashing is half the read-back's work,
/// and a bulk write (an import) reads back millions of rows.
fn append_fresh(
    tx: &Connection,
    id: i64,
    digest: ChangesDigest,
    fresh: &[capture::DataTable],
) -> Result<ChangesDigest> {
    // A bulk write's blocks are thousands: a batch of them to each INSERT.
    let db = engine::Db::borrowing(tx);
    let mut blocks = BatchInsert::new(&db, "audit_change", &block::COLUMNS);
    let (send_rows, rows) = std::sync::mpsc::sync_channel::<block::Rows>(4);
    let (send_block, hashed) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        let hashing = scope.spawn(move || block::hash_rows(digest, id, rows, send_block));
        let read = (|| {
            for table in fresh {
                let mut part = block::Rows::of(&table.name);
                capture::each_row_hash_input(tx, table, |key, input| {
                    part.push(key, input);
                    if part.is_full() {
                        // The hashing stops only when this thread stops sending.
                        let _ = send_rows.send(std::mem::replace(&mut part, block::Rows::of(&table.name)));
                        hashed.try_iter().try_for_each(|row| blocks.push(row))?;
                    }
                    Ok(())
                })?;
                let _ = send_rows.send(part);
            }
            Ok(())
        })();
        drop(send_rows);
        // Every block the hashing sends, to its end.
        let written = hashed.iter().try_for_each(|row| blocks.push(row));
        let digest = hashing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        read.and(written)?;
        blocks.finish()?;
        Ok(digest)
    })
}

/// The id the next audit row takes and the hash it chains to.
fn next_row(tx: &Connection) -> Result<(i64, String)> {
    let prev: String = tx
        .prepare_cached("SELECT hash FROM audit ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| GENESIS.to_string());
    // The id SQLite would give (AUTOINCREMENT), taken here because the hash
    // covers it: past every id ever used, not only those left.
    let id: i64 = tx
        .prepare_cached(
            "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit'), 0),
                    coalesce((SELECT max(id) FROM audit), 0)) + 1",
        )?
        .query_row([], |r| r.get(0))?;
    Ok((id, prev))
}

fn append_with(
    tx: &Connection,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    detail: &str,
    changes: Vec<Change>,
) -> Result<()> {
    append_streamed(tx, actor, action, entity, entity_id, detail, changes, &[])
}

/// The migration that brings this trail: one row holding the hash of every
/// data row as it stands, so `check` has something to compare old files
/// with.
pub(super) fn record_baseline(tx: &Transaction<'_>, actor: &str) -> Result<()> {
    let changes = capture::baseline(tx)?;
    let tables = changes.iter().map(|c| c.table.as_str()).collect::<std::collections::BTreeSet<_>>().len();
    let detail = crate::text::audit::baseline_detail(changes.len(), tables);
    append_with(tx, actor, "baseline", "database", None, &detail, changes)
}

/// Whether an error is another writer holding the file past the busy
/// timeout.
pub(crate) fn is_busy(e: &StoreError) -> bool {
    match e {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => {
            matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        }
        StoreError::Engine(e) => e.is_busy(),
        _ => false,
    }
}

/// Runs `attempt` until it is not turned away by a busy file, or `wait`
/// has passed.
pub(crate) fn waiting_turn<T>(wait: Duration, mut attempt: impl FnMut() -> Result<T>) -> Result<T> {
    let started = Instant::now();
    loop {
        match attempt() {
            Err(e) if is_busy(&e) && started.elapsed() < wait => continue,
            other => return other,
        }
    }
}

/// The columns a change row is written in (a block: [`block::COLUMNS`]).
const CHANGE_ROW: [&str; 8] = ["audit_id", "seq", "tbl", "row_key", "op", "old", "new", "row_hash"];

/// The columns [`stored_change`] reads.
const CHANGE_COLUMNS: &str = "audit_id, tbl, row_key, op, old, new, row_hash, hashes";

/// One change row as stored: a change, or a block of inserts.
struct StoredChange {
    audit_id: i64,
    table: String,
    key: String,
    op: String,
    old: Option<String>,
    new: Option<String>,
    row_hash: Option<String>,
    hashes: Option<Vec<u8>>,
}

fn stored_change(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredChange> {
    Ok(StoredChange {
        audit_id: r.get(0)?,
        table: r.get(1)?,
        key: r.get(2)?,
        op: r.get(3)?,
        old: r.get(4)?,
        new: r.get(5)?,
        row_hash: r.get(6)?,
        hashes: r.get(7)?,
    })
}

impl StoredChange {
    /// The changes the row stands for (a block: each of its inserts), or
    /// `None` when it is neither a change nor a block that reads as one.
    fn changes(self) -> Option<Vec<Change>> {
        if self.op == block::KIND {
            return block::expand(&self.table, &self.key, self.new.as_deref(), self.hashes.as_deref());
        }
        let kind = ChangeKind::parse(&self.op)?;
        let StoredChange { table, key, old, new, row_hash, .. } = self;
        Some(vec![Change { table, key, kind, old, new, row_hash }])
    }

    /// [`StoredChange::changes`], a row that does not read being a broken trail.
    fn read(self) -> Result<Vec<Change>> {
        let (audit_id, op) = (self.audit_id, self.op.clone());
        self.changes()
            .ok_or_else(|| StoreError::Corrupt(format!("ukendt ændringsart '{op}' i revisionsrække {audit_id}")))
    }
}

impl Store {
    /// Walks the whole chain; an empty list means it is intact.
    pub fn verify_audit(&self) -> Result<Vec<AuditProblem>> {
        match self.conn() {
            Ok(conn) => verify_chain(conn),
            Err(_) => seam::verify(&self.db()),
        }
    }

    /// Walks the whole chain and holds it against anchors taken earlier.
    pub fn verify_audit_against(&self, anchors: &[Anchor]) -> Result<Vec<AuditProblem>> {
        let mut problems = self.verify_audit()?;
        if !anchors.is_empty() {
            problems.extend(anchor::hold_against(&self.db(), anchors)?);
        }
        Ok(problems)
    }

    /// The last row of the chain, for an anchor.
    pub fn audit_head(&self) -> Result<AuditHead> {
        head(&self.db())
    }

    /// The audit rows about one record, oldest first.
    pub fn audit_for(&self, entity: &str, entity_id: i64) -> Result<Vec<AuditEntry>> {
        Ok(self.db().query_map(
            &format!("SELECT {ENTRY_COLUMNS} FROM audit WHERE entity = ?1 AND entity_id = ?2 ORDER BY id"),
            &[&entity, &entity_id],
            entry,
        )?)
    }

    /// One audit row, if it is there.
    pub fn audit_row(&self, id: i64) -> Result<Option<AuditEntry>> {
        Ok(self.db().query_opt(&format!("SELECT {ENTRY_COLUMNS} FROM audit WHERE id = ?1"), &[&id], entry)?)
    }

    /// The rows one audit row records as changed, in order.
    pub fn audit_changes(&self, audit_id: i64) -> Result<Vec<Change>> {
        let stored = self.db().query_map(
            &format!("SELECT {CHANGE_COLUMNS} FROM audit_change WHERE audit_id = ?1 ORDER BY seq"),
            &[&audit_id],
            |r| seam::stored(r, audit_id, 1),
        )?;
        let mut changes = Vec::new();
        for raw in stored {
            changes.extend(raw.read()?);
        }
        Ok(changes)
    }
}

/// The columns of an [`AuditEntry`], as [`entry`] reads them.
const ENTRY_COLUMNS: &str = "id, at, actor, action, entity, entity_id, detail";

fn entry(r: &engine::Row<'_>) -> engine::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        entity: r.get(4)?,
        entity_id: r.get(5)?,
        detail: r.get(6)?,
    })
}

pub(super) fn head(db: &engine::Db<'_>) -> Result<AuditHead> {
    let (id, hash): (i64, String) = db
        .query_opt("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", &[], |r| r.columns())?
        .unwrap_or((0, GENESIS.to_string()));
    let count: i64 = db.query_row("SELECT count(*) FROM audit", &[], |r| r.get(0))?;
    Ok(AuditHead { id, count, hash })
}
fn verify_chain(conn: &Connection) -> Result<Vec<AuditProblem>> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, action, entity, entity_id, detail, prev_hash, hash, scheme FROM audit ORDER BY id",
    )?;
    let mut changes_stmt =
        conn.prepare(&format!("SELECT {CHANGE_COLUMNS} FROM audit_change ORDER BY audit_id, seq"))?;
    let mut changes = changes_stmt.query_map([], stored_change)?.peekable();
    let mut rows = stmt.query([])?;
    let mut expected_prev = GENESIS.to_string();
    let mut last_id = 0;
    let mut seen_changes_scheme = false;
    let mut problems = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let (at, actor, action, entity): (String, String, String, String) =
            (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        let entity_id: Option<i64> = r.get(5)?;
        let (detail, prev, hash): (String, String, String) = (r.get(6)?, r.get(7)?, r.get(8)?);
        let scheme: i64 = r.get(9)?;
        if id != last_id + 1 {
            problems.push(AuditProblem::Gap { after: last_id, next: id });
        }
        // This row's changes, into their digest as they are read (an
        // import's are millions); the changes of rows that are gone.
        let (mut digest, mut own, mut unreadable) = (ChangesDigest::default(), 0, false);
        while let Some(next) = changes.peek() {
            let stored = match next {
                Ok(raw) => raw.audit_id,
                Err(_) => {
                    changes.next().transpose()?;
                    continue;
                }
            };
            if stored > id {
                break;
            }
            let raw = changes.next().transpose()?.expect("peeked");
            if stored < id {
                if !matches!(problems.last(), Some(AuditProblem::StrayChanges { audit_id }) if *audit_id == stored) {
                    problems.push(AuditProblem::StrayChanges { audit_id: stored });
                }
                continue;
            }
            match raw.changes() {
                Some(read) => {
                    own += read.len();
                    read.iter().for_each(|c| digest.add(c));
                }
                None => unreadable = true,
            }
        }
        if prev != expected_prev {
            problems.push(AuditProblem::Unlinked { id });
        }
        let intact = match scheme {
            // An old-scheme row after a new one was written over.
            _ if unreadable => false,
            SCHEME_PLAIN if !seen_changes_scheme && own == 0 => {
                plain_hash(&prev, &at, &actor, &action, &entity, entity_id, &detail) == hash
            }
            SCHEME_CHANGES => {
                seen_changes_scheme = true;
                change_hash(id, &prev, &at, &actor, &action, &entity, entity_id, &detail, &digest.finish()) == hash
            }
            _ => false,
        };
        if !intact {
            problems.push(AuditProblem::Altered { id });
        }
        expected_prev = hash;
        last_id = id;
    }
    for rest in changes {
        let audit_id = rest?.audit_id;
        if !matches!(problems.last(), Some(AuditProblem::StrayChanges { audit_id: a }) if *a == audit_id) {
            problems.push(AuditProblem::StrayChanges { audit_id });
        }
    }
    Ok(problems)
}
