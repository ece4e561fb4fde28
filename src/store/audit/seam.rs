//! The audit trail through the engine seam ([`Db`]): the capture, the
//! append of an action's audit row and the walk of the chain and the data,
//! on SQLite and on PostgreSQL alike, so a centre's trail verifies the same
//! on both.
//!
//! On SQLite the capture is the connection's TEMP triggers
//! ([`capture::install`]). PostgreSQL has no TEMP triggers: every data
//! table of the centre's schema has one row trigger, `audit_capture`
//! (`postgres_capture.sql`), which stages into the session's own temporary
//! table `audit_staging` when the session has one, and does nothing
//! otherwise. So, as on SQLite, only the program's own connections stage
//! what they change, and a change made with psql is found by the check.
//! The function and the triggers are created at a connection's set-up
//! when missing (a table a later migration adds is covered as on SQLite).
//!
//! What is staged is read back alike: keys and rows in SQLite's JSON (keys
//! as `[12]`, a deleted row's columns in the table's order), each touched
//! row read as it stands from its table and hashed by its values, which
//! the two schemas store alike (dates as text, money as BIGINT, yes/no as
//! 0/1). The audit row's id, which its hash covers, comes after every id
//! ever used: SQLite's AUTOINCREMENT, PostgreSQL's identity sequence (moved
//! along as each row is written).
//!
//! A store on SQLite still appends through the rusqlite functions beside
//! this module (`Store::transact`, `write_bulk`), which its bulk write's
//! streaming relies on; a store on PostgreSQL appends, verifies and checks
//! through these.

use std::collections::{BTreeSet, HashMap};

use rusqlite::types::{Value as SqlValue, ValueRef as SqlValueRef};
use serde_json::{Map, Value};

use super::block;
use super::capture::{self, AUDIT_TABLES, Change, ChangeKind, DataTable, Keep, RowHash, ident};
use super::{
    AuditProblem, ChangesDigest, DataProblem, GENESIS, SCHEME_CHANGES, SCHEME_PLAIN, StoredChange, change_hash,
    plain_hash,
};
use crate::store::batch::BatchInsert;
use crate::store::engine::{Db, Engine, Params, Row, ValueRef};
use crate::store::{Result, StoreError, now_stamp};

/// PostgreSQL's capture function ([`install`] creates it when missing).
pub(crate) const POSTGRES_CAPTURE: &str = include_str!("postgres_capture.sql");

/// Tables of a centre's PostgreSQL schema that are not its data: besides
/// the trail's own and the derived ones, the schema's version (SQLite's
/// `user_version`).
const POSTGRES_NOT_DATA: [&str; 1] = ["schema_version"];

/// The data tables of the centre as its schema stands, by name.
pub(crate) fn data_tables(db: &Db<'_>) -> Result<Vec<DataTable>> {
    if let Some(conn) = db.as_sqlite() {
        return capture::data_tables(conn);
    }
    let names: Vec<String> = db.query_map(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY c.relname",
        &[],
        |r| r.get(0),
    )?;
    names
        .into_iter()
        .filter(|n| {
            let n = n.as_str();
            !AUDIT_TABLES.contains(&n) && !capture::DERIVED_TABLES.contains(&n) && !POSTGRES_NOT_DATA.contains(&n)
        })
        .map(|name| data_table(db, &name))
        .collect()
}

/// One data table, by name: its columns in order and its key.
fn data_table(db: &Db<'_>, name: &str) -> Result<DataTable> {
    if let Some(conn) = db.as_sqlite() {
        return capture::data_table(conn, name);
    }
    let columns: Vec<String> = db.query_map(
        "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relname = ?1 AND a.attnum > 0 AND NOT a.attisdropped
         ORDER BY a.attnum",
        &[&name],
        |r| r.get(0),
    )?;
    let key: Vec<String> = db.query_map(
        "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey)
         WHERE n.nspname = current_schema() AND c.relname = ?1 AND i.indisprimary
         ORDER BY array_position(CAST(i.indkey AS int2[]), a.attnum)",
        &[&name],
        |r| r.get(0),
    )?;
    if key.is_empty() {
        // SQLite keys such a table by its rowid; PostgreSQL has none.
        return Err(StoreError::Corrupt(format!("tabellen {name} har ingen primærnøgle")));
    }
    Ok(DataTable { name: name.to_string(), columns, key })
}

/// Sets up the capture on a connection, after the migrations: the staging
/// table, emptied, and (PostgreSQL) the capture function and a trigger on
/// each data table that lacks one.
pub(crate) fn install(db: &Db<'_>) -> Result<()> {
    if let Some(conn) = db.as_sqlite() {
        return capture::install(conn);
    }
    db.execute_batch(
        "SET client_min_messages = warning;
         CREATE TEMP TABLE IF NOT EXISTS audit_staging (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tbl TEXT NOT NULL,
            old_key TEXT,
            new_key TEXT,
            old TEXT
         );
         RESET client_min_messages;
         DELETE FROM pg_temp.audit_staging;",
    )?;
    let missing = |db: &Db<'_>| -> Result<(bool, Vec<DataTable>)> {
        let present: bool = db.query_row("SELECT to_regprocedure('audit_capture()') IS NOT NULL", &[], |r| r.get(0))?;
        let triggered: BTreeSet<String> = db
            .query_map(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = current_schema() AND t.tgname = 'audit_capture'",
                &[],
                |r| r.get(0),
            )?
            .into_iter()
            .collect();
        let tables = data_tables(db)?.into_iter().filter(|t| !triggered.contains(&t.name)).collect();
        Ok((!present, tables))
    };
    if let (false, tables) = missing(db)?
        && tables.is_empty()
    {
        return Ok(());
    }
    // Created after every other writer of the centre, and asked again
    // inside: two programs setting up at once create each thing once.
    let tx = db.transaction(crate::store::engine::Intent::Write)?;
    let (function, tables) = missing(&tx)?;
    let mut sql = String::new();
    if function {
        sql.push_str(POSTGRES_CAPTURE);
    }
    for t in &tables {
        let keys: Vec<String> = t.key.iter().map(|k| format!("'{}'", k.replace('\'', "''"))).collect();
        sql.push_str(&format!(
            ";\nCREATE TRIGGER audit_capture AFTER INSERT OR UPDATE OR DELETE ON {} FOR EACH ROW EXECUTE FUNCTION audit_capture({})",
            ident(&t.name),
            keys.join(", ")
        ));
    }
    tx.execute_batch(&sql)?;
    tx.commit()?;
    Ok(())
}

/// A value of the seam as rusqlite's (the hash and the JSON of a row are
/// taken over those).
fn owned(value: ValueRef<'_>) -> SqlValue {
    match value {
        ValueRef::Null => SqlValue::Null,
        ValueRef::Integer(i) => SqlValue::Integer(i),
        ValueRef::Real(r) => SqlValue::Real(r),
        ValueRef::Text(t) => SqlValue::Text(t.to_string()),
        ValueRef::Blob(b) => SqlValue::Blob(b.to_vec()),
    }
}

fn borrowed(value: ValueRef<'_>) -> SqlValueRef<'_> {
    match value {
        ValueRef::Null => SqlValueRef::Null,
        ValueRef::Integer(i) => SqlValueRef::Integer(i),
        ValueRef::Real(r) => SqlValueRef::Real(r),
        ValueRef::Text(t) => SqlValueRef::Text(t.as_bytes()),
        ValueRef::Blob(b) => SqlValueRef::Blob(b),
    }
}

/// A JSON text as SQLite writes it (no spaces); PostgreSQL's `jsonb`
/// writes `[3, "x"]`.
fn compact(json: &str) -> Result<String> {
    let value: Value = serde_json::from_str(json)
        .map_err(|_| StoreError::Corrupt(format!("en nøgle i revisionssporet er ikke JSON: {json}")))?;
    Ok(value.to_string())
}

/// A row's JSON object with its columns in the table's order, as SQLite's
/// `json_object` writes it.
fn in_column_order(columns: &[String], row: &Map<String, Value>) -> String {
    let parts: Vec<String> =
        columns.iter().filter_map(|c| row.get(c).map(|v| format!("{}:{}", Value::from(c.as_str()), v))).collect();
    format!("{{{}}}", parts.join(","))
}

/// A key (a JSON array) as the parameters of the row query.
pub(super) fn key_values(key: &str) -> Result<Vec<SqlValue>> {
    let bad = || StoreError::Corrupt(format!("en nøgle i revisionssporet læses ikke: {key}"));
    let Ok(Value::Array(parts)) = serde_json::from_str::<Value>(key) else {
        return Err(bad());
    };
    parts
        .into_iter()
        .map(|p| match p {
            Value::Number(n) => n.as_i64().map(SqlValue::Integer).ok_or_else(bad),
            Value::String(s) => Ok(SqlValue::Text(s)),
            _ => Err(bad()),
        })
        .collect()
}

/// The query for a row's columns as they stand, by its key's values.
fn row_query(table: &DataTable) -> String {
    let matches: Vec<String> =
        table.key.iter().enumerate().map(|(i, c)| format!("{} = ?{}", ident(c), i + 1)).collect();
    let columns: Vec<String> = table.columns.iter().map(|c| ident(c)).collect();
    format!("SELECT {} FROM {} WHERE {}", columns.join(", "), ident(&table.name), matches.join(" AND "))
}

/// One staged row: table, old key, new key, old row.
type Staged = (String, Option<String>, Option<String>, Option<String>);

/// The net change of each row the transaction touched, in the order first
/// touched, before and after, as `capture::take` gives it (its rules: an
/// insert changed again is one insert, an insert deleted nothing, an
/// update back to what was nothing). The staging table is left empty.
pub(crate) fn take(db: &Db<'_>) -> Result<Vec<Change>> {
    let postgres = db.engine() == Engine::Postgres;
    // Read and emptied in one statement, not a round trip to the server
    // each; RETURNING keeps no order, so the rows are put back in theirs.
    let mut numbered: Vec<(i64, Staged)> =
        db.query_map("DELETE FROM audit_staging RETURNING seq, tbl, old_key, new_key, old", &[], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        })?;
    numbered.sort_unstable_by_key(|(seq, _)| *seq);
    let staged: Vec<Staged> = numbered.into_iter().map(|(_, staged)| staged).collect();
    if staged.is_empty() {
        return Ok(Vec::new());
    }
    // Each touched table as its schema stands, read once.
    let mut tables: HashMap<String, DataTable> = HashMap::new();
    for (table, ..) in &staged {
        if !tables.contains_key(table) {
            tables.insert(table.clone(), data_table(db, table)?);
        }
    }
    let mut touched = capture::Touched::default();
    for (table, old_key, new_key, old) in staged {
        let (old_key, new_key) = match postgres {
            true => (old_key.as_deref().map(compact).transpose()?, new_key.as_deref().map(compact).transpose()?),
            false => (old_key, new_key),
        };
        let old = match (postgres, old) {
            (true, Some(old)) => {
                let columns = &tables.get(&table).ok_or_else(|| unknown(&table))?.columns;
                Some(in_column_order(columns, &capture::object(&old)?))
            }
            (_, old) => old,
        };
        touched.stage(&table, old_key, new_key, old)?;
    }
    let mut changes = Vec::new();
    for (table, key, was) in touched.rows() {
        let t = tables.get(&table).ok_or_else(|| unknown(&table))?;
        let params = key_values(&key)?;
        let refs: Vec<&dyn crate::store::engine::ToValue> =
            params.iter().map(|p| p as &dyn crate::store::engine::ToValue).collect();
        let now: Option<Vec<SqlValue>> =
            db.query_opt(&row_query(t), &refs, |r| (0..t.columns.len()).map(|i| Ok(owned(r.value(i)?))).collect())?;
        changes.extend(capture::net_change(table, key, was, now, &t.columns, Keep::Values)?);
    }
    Ok(changes)
}

fn unknown(table: &str) -> StoreError {
    StoreError::Corrupt(format!("revisionssporet kender ikke tabellen {table}"))
}

/// The id the next audit row takes and the hash it chains to: past every
/// id ever given (SQLite's AUTOINCREMENT; PostgreSQL's identity sequence,
/// which [`append`] moves along), not only those left.
fn next_row(db: &Db<'_>) -> Result<(i64, String)> {
    // The last hash and the next id in one statement: on the server each
    // is a round trip, and every write and look appends a row.
    let sql = match db.engine() {
        Engine::Sqlite => {
            "SELECT (SELECT hash FROM audit ORDER BY id DESC LIMIT 1),
                    max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit'), 0),
                        coalesce((SELECT max(id) FROM audit), 0)) + 1"
        }
        Engine::Postgres => {
            "SELECT (SELECT hash FROM audit ORDER BY id DESC LIMIT 1),
                    greatest(coalesce(pg_sequence_last_value(pg_get_serial_sequence('audit', 'id')), 0),
                        coalesce((SELECT max(id) FROM audit), 0)) + 1"
        }
    };
    let (prev, id): (Option<String>, i64) = db.query_row(sql, &[], |r| r.columns())?;
    Ok((id, prev.unwrap_or_else(|| GENESIS.to_string())))
}

/// Appends the action's audit row with every change the transaction has
/// made so far (the staging table, emptied), in the transaction `db` is in.
pub(crate) fn append(
    db: &Db<'_>,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    detail: &str,
) -> Result<i64> {
    let changes = take(db)?;
    append_with(db, actor, action, entity, entity_id, detail, changes)
}

/// Appends an audit row over `changes`.
fn append_with(
    db: &Db<'_>,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    detail: &str,
    changes: Vec<Change>,
) -> Result<i64> {
    append_over(db, [actor, action, entity, detail], entity_id, changes, &[])
}

/// [`append`] for a bulk write (an import) on PostgreSQL: the staged
/// changes, then every row of the `fresh` tables, empty before the write
/// and not captured, as an insert by its key and hash, a block of rows to
/// each change row (`audit::block`), as SQLite records them. Each row is
/// read and hashed once, with its table: not staged, read back by its key
/// and held with its values, which an import's millions of rows would
/// make hours and gigabytes.
pub(crate) fn append_bulk(
    db: &Db<'_>,
    [actor, action, entity, detail]: [&str; 4],
    entity_id: Option<i64>,
    fresh: &[DataTable],
) -> Result<i64> {
    let changes = take(db)?;
    append_over(db, [actor, action, entity, detail], entity_id, changes, fresh)
}

/// Appends an audit row over `changes` and the rows of `fresh`. The blocks
/// are held until the audit row is in (their reference to it is checked as
/// each is written, and its hash covers them): a key and 32 bytes a row.
fn append_over(
    db: &Db<'_>,
    [actor, action, entity, detail]: [&str; 4],
    entity_id: Option<i64>,
    changes: Vec<Change>,
    fresh: &[DataTable],
) -> Result<i64> {
    let (id, prev) = next_row(db)?;
    let mut digest = ChangesDigest::default();
    for c in &changes {
        digest.add(c);
    }
    let mut blocks = Vec::new();
    let mut filling = block::Filling::new(id);
    for table in fresh {
        each_row_hash(db, table, |key, hash| {
            blocks.extend(filling.add(&mut digest, &table.name, &key, hash));
            Ok(())
        })?;
    }
    blocks.extend(filling.finish());
    let at = now_stamp();
    let hash = change_hash(id, &prev, &at, actor, action, entity, entity_id, detail, &digest.finish());
    let insert = "INSERT INTO audit (id, at, actor, action, entity, entity_id, detail, prev_hash, hash, scheme)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
    let row: Params<'_> = &[&id, &at, &actor, &action, &entity, &entity_id, &detail, &prev, &hash, &SCHEME_CHANGES];
    match db.engine() {
        Engine::Sqlite => drop(db.execute(insert, row)?),
        // The identity remembers the id, as SQLite's sqlite_sequence does:
        // a trail cut back (TRUNCATE passes by the row triggers) leaves a
        // gap. Moved by the insert itself, not a round trip of its own.
        Engine::Postgres => drop(db.query_row(
            &format!("{insert} RETURNING setval(pg_get_serial_sequence('audit', 'id'), id)"),
            row,
            |r| r.get::<i64>(0),
        )?),
    }
    for (seq, c) in changes.iter().enumerate() {
        db.execute(
            "INSERT INTO audit_change (audit_id, seq, tbl, row_key, op, old, new, row_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            &[&id, &(seq as i64), &c.table, &c.key, &c.kind.id(), &c.old, &c.new, &c.row_hash],
        )?;
    }
    BatchInsert::insert_all(db, "audit_change", &block::COLUMNS, blocks)?;
    Ok(id)
}

/// The audit rows and the change rows in one stream, by audit id, each
/// audit row before its changes (seq -1): one query, which PostgreSQL needs
/// (one statement at a time), read as it comes.
const STREAM: &str = "SELECT id, -1, at, actor, action, entity, entity_id, detail, prev_hash, hash, scheme,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM audit
    UNION ALL
    SELECT audit_id, seq, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
        tbl, row_key, op, old, new, row_hash, hashes FROM audit_change
    ORDER BY 1, 2";

/// An audit row of the stream, and what its changes add up to.
struct Open {
    id: i64,
    fields: [String; 7],
    entity_id: Option<i64>,
    scheme: i64,
    digest: ChangesDigest,
    own: usize,
    unreadable: bool,
}

/// A change row read from the row's columns `from` on (`tbl` to `hashes`).
pub(super) fn stored(r: &Row<'_>, audit_id: i64, from: usize) -> crate::store::engine::Result<StoredChange> {
    Ok(StoredChange {
        audit_id,
        table: r.get(from)?,
        key: r.get(from + 1)?,
        op: r.get(from + 2)?,
        old: r.get(from + 3)?,
        new: r.get(from + 4)?,
        row_hash: r.get(from + 5)?,
        hashes: r.get(from + 6)?,
    })
}

/// Walks the whole chain, as `Store::verify_audit` does on SQLite: the
/// same problems in the same order; an empty list means it is intact.
pub(crate) fn verify(db: &Db<'_>) -> Result<Vec<AuditProblem>> {
    let mut problems = Vec::new();
    let mut expected_prev = GENESIS.to_string();
    let mut last_id = 0;
    let mut seen_changes_scheme = false;
    let mut open: Option<Open> = None;
    // Change rows with no audit row, told with the next audit row's gap.
    let mut stray: Vec<i64> = Vec::new();
    let mut close = |row: Open, problems: &mut Vec<AuditProblem>| {
        let [at, actor, action, entity, detail, prev, hash] = &row.fields;
        let intact = match row.scheme {
            _ if row.unreadable => false,
            SCHEME_PLAIN if !seen_changes_scheme && row.own == 0 => {
                plain_hash(prev, at, actor, action, entity, row.entity_id, detail) == *hash
            }
            SCHEME_CHANGES => {
                seen_changes_scheme = true;
                change_hash(row.id, prev, at, actor, action, entity, row.entity_id, detail, &row.digest.finish())
                    == *hash
            }
            _ => false,
        };
        if !intact {
            problems.push(AuditProblem::Altered { id: row.id });
        }
    };
    let push_stray = |stray: &mut Vec<i64>, audit_id: i64| {
        if stray.last() != Some(&audit_id) {
            stray.push(audit_id);
        }
    };
    db.query_each(STREAM, &[], |r| {
        let id: i64 = r.get(0)?;
        let seq: i64 = r.get(1)?;
        if seq == -1 {
            if let Some(row) = open.take() {
                close(row, &mut problems);
            }
            if id != last_id + 1 {
                problems.push(AuditProblem::Gap { after: last_id, next: id });
            }
            problems.extend(stray.drain(..).map(|audit_id| AuditProblem::StrayChanges { audit_id }));
            let fields: [String; 7] = [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(7)?, r.get(8)?, r.get(9)?];
            if fields[5] != expected_prev {
                problems.push(AuditProblem::Unlinked { id });
            }
            expected_prev = fields[6].clone();
            last_id = id;
            open = Some(Open {
                id,
                fields,
                entity_id: r.get(6)?,
                scheme: r.get(10)?,
                digest: ChangesDigest::default(),
                own: 0,
                unreadable: false,
            });
            return Ok(());
        }
        match open.as_mut() {
            Some(row) if row.id == id => match stored(r, id, 11)?.changes() {
                Some(read) => {
                    row.own += read.len();
                    read.iter().for_each(|c| row.digest.add(c));
                }
                None => row.unreadable = true,
            },
            _ => push_stray(&mut stray, id),
        }
        Ok(())
    })?;
    if let Some(row) = open.take() {
        close(row, &mut problems);
    }
    problems.extend(stray.into_iter().map(|audit_id| AuditProblem::StrayChanges { audit_id }));
    Ok(problems)
}

/// What the trail last recorded of a row: its hash, or `None` (deleted, or
/// a hash that is not one), with the audit row.
type Last = (Option<Option<RowHash>>, i64);

/// Every data row held against the last hash the trail recorded for it,
/// as `Store::check` does on SQLite (the data, not the triggers): how many
/// rows and tables were read.
pub(crate) fn check_data(db: &Db<'_>) -> Result<(Vec<DataProblem>, usize, usize)> {
    let mut last: HashMap<String, HashMap<String, Last>> = HashMap::new();
    db.query_each(
        "SELECT audit_id, tbl, row_key, op, old, new, row_hash, hashes FROM audit_change ORDER BY audit_id, seq",
        &[],
        |r| {
            let audit_id: i64 = r.get(0)?;
            for c in stored(r, audit_id, 1)?.changes().into_iter().flatten() {
                let state = match (c.kind, &c.row_hash) {
                    (ChangeKind::Delete, _) | (_, None) => None,
                    (_, Some(hash)) => Some(capture::unhex(hash)),
                };
                last.entry(c.table).or_default().insert(c.key, (state, audit_id));
            }
            Ok(())
        },
    )?;
    let tables = data_tables(db)?;
    let mut problems = Vec::new();
    let mut count = 0;
    let mut gone: std::collections::BTreeMap<(String, String), i64> = std::collections::BTreeMap::new();
    let left = |table: &str, rows: HashMap<String, Last>, gone: &mut std::collections::BTreeMap<_, _>| {
        for (key, (state, audit_id)) in rows {
            if state.is_some() {
                gone.insert((table.to_string(), key), audit_id);
            }
        }
    };
    for table in &tables {
        let mut rows = last.remove(&table.name).unwrap_or_default();
        each_row_hash(db, table, |key, hash| {
            count += 1;
            match rows.remove(&key) {
                Some((Some(Some(recorded)), _)) if recorded == *hash => {}
                Some((Some(_), audit_id)) => {
                    problems.push(DataProblem::Changed { table: table.name.clone(), key, audit_id })
                }
                Some((None, _)) | None => problems.push(DataProblem::Added { table: table.name.clone(), key }),
            }
            Ok(())
        })?;
        left(&table.name, rows, &mut gone);
    }
    for (table, rows) in last {
        left(&table, rows, &mut gone);
    }
    problems.extend(gone.into_iter().map(|((table, key), audit_id)| DataProblem::Deleted { table, key, audit_id }));
    Ok((problems, count, tables.len()))
}

/// Runs `f` on every row of a table with its key (a JSON array, as SQLite
/// writes it) and its hash, one row at a time.
fn each_row_hash(db: &Db<'_>, table: &DataTable, mut f: impl FnMut(String, &RowHash) -> Result<()>) -> Result<()> {
    let order = capture::by_name(&table.columns);
    let keys = table.key.len();
    let columns: Vec<String> = table.key.iter().chain(&table.columns).map(|c| ident(c)).collect();
    let sql = format!("SELECT {} FROM {}", columns.join(", "), ident(&table.name));
    Ok(db.query_each(&sql, &[], |r| {
        let key = row_key(r, keys)?;
        let hash = capture::hash_of(&table.columns, &order, |i| {
            r.value(i + keys).map(borrowed).map_err(|_| rusqlite::Error::InvalidColumnIndex(i + keys))
        })?;
        Ok(f(key, &hash)?)
    })?)
}

/// A row's key, its first `keys` columns, as a JSON array as SQLite's
/// capture writes it (a BLOB as tagged hex text).
pub(super) fn row_key(r: &Row<'_>, keys: usize) -> crate::store::engine::Result<String> {
    let key: Vec<Value> = (0..keys)
        .map(|i| {
            Ok(match r.value(i)? {
                ValueRef::Integer(n) => Value::from(n),
                ValueRef::Text(t) => Value::from(t),
                ValueRef::Real(x) => Value::from(x),
                ValueRef::Null => Value::Null,
                ValueRef::Blob(b) => Value::from(format!("blob:{}", capture::hex(b).to_uppercase())),
            })
        })
        .collect::<crate::store::engine::Result<_>>()?;
    Ok(Value::Array(key).to_string())
}

/// The baseline of a centre's trail: one audit row holding the hash of
/// every data row as it stands (SQLite's migration to version 7 records
/// it; a PostgreSQL centre's schema is created with rows, the centre's
/// own, which `check` would otherwise find added).
pub(crate) fn record_baseline(db: &Db<'_>, actor: &str) -> Result<i64> {
    let mut changes = Vec::new();
    let tables = data_tables(db)?;
    let mut named = 0;
    for table in &tables {
        let before = changes.len();
        each_row_hash(db, table, |key, hash| {
            changes.push(Change::baseline(&table.name, key, capture::hex(hash)));
            Ok(())
        })?;
        named += usize::from(changes.len() > before);
    }
    let detail = crate::text::audit::baseline_detail(changes.len(), named);
    append_with(db, actor, "baseline", "database", None, &detail, changes)
}

#[cfg(test)]
#[path = "seam_tests.rs"]
mod tests;
