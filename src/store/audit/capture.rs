//! What a write changed, caught by the file's own machinery rather than
//! told by each store function.
//!
//! Every data table (every table of the file but the audit trail's own)
//! gets three TEMP triggers on the store's connection: after each insert,
//! update and delete they put the table, the row's key and (update,
//! delete) the old row as JSON into a TEMP staging table. When the action
//! ends, [`take`] reads each touched row as it stands and turns the staged
//! rows into one [`Change`] per row, before against after (an update keeps
//! only the columns it changed), and empties the staging table;
//! `audit::append` writes them, in the same transaction, as `audit_change`
//! rows under the action's audit row.
//!
//! Why TEMP triggers on the connection, not triggers stored in the file nor
//! SQLite's session extension:
//! - A trigger stored in the file fires for every writer, `sqlite3` too:
//!   a change made behind sagsbord's back would be staged and then folded
//!   into the next counsellor's audit row, as if they had made it. TEMP
//!   triggers fire only on sagsbord's own connection, so such a change is
//!   caught by `sagsbord check` instead (its row no longer has the hash the
//!   trail recorded).
//! - They are generated from the schema as it is (`pragma table_info`) at
//!   every open, so a table or column a later migration adds is covered
//!   without anyone remembering to; nothing stale is left in the file.
//! - The session extension would need rusqlite's `session` feature (SQLite
//!   built with SQLITE_ENABLE_SESSION), gives only the changed columns of
//!   an update (so the hash of the row after it would need another read),
//!   and has no counterpart elsewhere; row triggers carry over to a later
//!   PostgreSQL store as they are.
//!
//! The hash of a row ([`row_hash`]) is taken over its non-NULL columns by
//! name, each value tagged with its SQLite type, as read from the table
//! (never through JSON): a column a migration adds (NULL in the rows
//! already there) leaves every row's hash as it was, while a value changed,
//! or stored as another type, changes it.

use std::collections::HashMap;

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::super::{Result, StoreError};

/// The audit trail's own tables: never captured, never checked as data.
pub(crate) const AUDIT_TABLES: [&str; 2] = ["audit", "audit_change"];

/// Tables derived from the data (`store::deadlines`): recomputed from the
/// rules, never captured, and held by `sagsbord check` against the rules
/// rather than against the trail.
pub(crate) const DERIVED_TABLES: [&str; 2] = ["deadlines", "deadlines_dirty"];

/// One table whose rows are the centre's data.
#[derive(Debug, Clone)]
pub(crate) struct DataTable {
    pub name: String,
    pub columns: Vec<String>,
    /// The primary key's columns, in key order; `rowid` when it has none.
    pub key: Vec<String>,
}

/// How a row was changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Insert,
    Update,
    Delete,
    /// The row as it stood when the trail began to cover the data (the
    /// migration that brought this trail): its hash only.
    Baseline,
}

impl ChangeKind {
    pub(crate) fn id(self) -> &'static str {
        match self {
            ChangeKind::Insert => "insert",
            ChangeKind::Update => "update",
            ChangeKind::Delete => "delete",
            ChangeKind::Baseline => "baseline",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<ChangeKind> {
        Some(match s {
            "insert" => ChangeKind::Insert,
            "update" => ChangeKind::Update,
            "delete" => ChangeKind::Delete,
            "baseline" => ChangeKind::Baseline,
            _ => return None,
        })
    }
}

/// One row changed by an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub table: String,
    /// The row's key as a JSON array, e.g. `[12]` or `[3,"cannabis"]`.
    pub key: String,
    pub kind: ChangeKind,
    /// Before: the whole row (delete), or the changed columns (update).
    pub old: Option<String>,
    /// After: the whole row (insert), or the changed columns (update).
    pub new: Option<String>,
    /// The hash of the whole row after the change; `None` once deleted.
    pub row_hash: Option<String>,
}

impl Change {
    /// A row as it stood when the trail began (or was taken up by a new
    /// engine): its hash only, the data being in the table.
    pub(crate) fn baseline(table: &str, key: String, row_hash: String) -> Change {
        Change {
            table: table.to_string(),
            key,
            kind: ChangeKind::Baseline,
            old: None,
            new: None,
            row_hash: Some(row_hash),
        }
    }
}

/// An SQL identifier, quoted.
pub(crate) fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// An SQL string literal.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The data tables of the file as it is now, by name.
pub(crate) fn data_tables(conn: &Connection) -> Result<Vec<DataTable>> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
             ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut tables = Vec::new();
    for name in
        names.into_iter().filter(|n| !AUDIT_TABLES.contains(&n.as_str()) && !DERIVED_TABLES.contains(&n.as_str()))
    {
        tables.push(data_table(conn, &name)?);
    }
    Ok(tables)
}

/// How a row's values are put in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Values {
    /// As they are: what the program writes (it never writes a BLOB). The
    /// capture's triggers use this, as they are compiled into every
    /// statement that writes the table, and every node costs at each
    /// prepare.
    Plain,
    /// A BLOB (which another program may put in any column) as tagged hex
    /// text, which JSON can hold; anything else as it is. `check` reads
    /// the rows so.
    Tagged,
}

fn value_expr(prefix: &str, column: &str, values: Values) -> String {
    let c = format!("{prefix}{}", ident(column));
    match values {
        Values::Plain => c,
        Values::Tagged => format!("iif(typeof({c}) = 'blob', 'blob:' || hex({c}), {c})"),
    }
}

/// A row as a JSON object of all its columns. SQLite takes at most 127
/// arguments to a function: a wide table is built in parts (a later part
/// leaves out its NULLs, which the hash leaves out anyway).
pub(crate) fn row_json(table: &DataTable, prefix: &str, values: Values) -> String {
    let parts: Vec<String> = table
        .columns
        .chunks(50)
        .map(|chunk| {
            let args: Vec<String> =
                chunk.iter().map(|c| format!("{}, {}", literal(c), value_expr(prefix, c, values))).collect();
            format!("json_object({})", args.join(", "))
        })
        .collect();
    parts.into_iter().reduce(|all, part| format!("json_patch({all}, {part})")).unwrap_or_else(|| "json_object()".into())
}

/// A row's key as a JSON array.
pub(crate) fn key_json(table: &DataTable, prefix: &str, values: Values) -> String {
    let parts: Vec<String> = table
        .key
        .iter()
        .map(|c| if c == "rowid" { format!("{prefix}rowid") } else { value_expr(prefix, c, values) })
        .collect();
    format!("json_array({})", parts.join(", "))
}

/// Sets up the capture on a connection: the staging table and the
/// triggers on every data table as the schema stands. Run after the
/// migrations, and again whenever the schema may have changed.
///
/// The triggers are kept small, since SQLite compiles a table's triggers
/// into every statement that writes it: an insert stages only the new
/// row's key (the row is read once, as it stands, when the action ends);
/// an update or delete the old row, which is gone by then.
pub(crate) fn install(conn: &Connection) -> Result<()> {
    // A REPLACE that removes a conflicting row fires its DELETE triggers
    // only with recursive triggers on; the program uses no REPLACE, and
    // no other trigger of the file writes anything, but a removed row must
    // never go unrecorded.
    conn.pragma_update(None, "recursive_triggers", true)?;
    // The staging table, and the statement journal every statement that
    // fires a trigger keeps, in memory rather than in temporary files:
    // the latter halved the speed of an import.
    conn.pragma_update(None, "temp_store", "memory")?;
    let mut sql = String::from(
        "CREATE TEMP TABLE IF NOT EXISTS audit_staging (
            seq INTEGER PRIMARY KEY,
            tbl TEXT NOT NULL,
            old_key TEXT,
            new_key TEXT,
            old TEXT
        );
        DELETE FROM temp.audit_staging;\n",
    );
    let existing: Vec<String> = conn
        .prepare("SELECT name FROM temp.sqlite_master WHERE type = 'trigger' AND name LIKE 'audit\\_capture\\_%' ESCAPE '\\'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in existing {
        sql.push_str(&format!("DROP TRIGGER temp.{};\n", ident(&name)));
    }
    for t in data_tables(conn)? {
        sql.push_str(&triggers(&t));
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

/// The three capture triggers of one table.
fn triggers(t: &DataTable) -> String {
    let on = format!("main.{}", ident(&t.name));
    let name = literal(&t.name);
    let trigger = |what: &str| ident(&format!("audit_capture_{what}_{}", t.name));
    format!(
        "CREATE TEMP TRIGGER {} AFTER INSERT ON {on} BEGIN
            INSERT INTO temp.audit_staging (tbl, new_key) VALUES ({name}, {});
         END;
         CREATE TEMP TRIGGER {} AFTER UPDATE ON {on} BEGIN
            INSERT INTO temp.audit_staging (tbl, old_key, new_key, old) VALUES ({name}, {}, {}, {});
         END;
         CREATE TEMP TRIGGER {} AFTER DELETE ON {on} BEGIN
            INSERT INTO temp.audit_staging (tbl, old_key, old) VALUES ({name}, {}, {});
         END;\n",
        trigger("insert"),
        key_json(t, "NEW.", Values::Plain),
        trigger("update"),
        key_json(t, "OLD.", Values::Plain),
        key_json(t, "NEW.", Values::Plain),
        row_json(t, "OLD.", Values::Plain),
        trigger("delete"),
        key_json(t, "OLD.", Values::Plain),
        row_json(t, "OLD.", Values::Plain),
    )
}

/// Stops the capture on every data table that is empty as the
/// transaction stands, and returns those tables: every row they hold when
/// the action ends is one it inserted, so the action records them from the
/// tables themselves ([`each_row_hash`]) instead of staging each row as
/// it is written (an import's millions of rows: a staged key, a read back
/// by key and a change held in memory each). [`resume`] puts the triggers
/// back in the same transaction; a rollback takes the drop back with it.
pub(crate) fn suspend_empty(tx: &Transaction<'_>) -> Result<Vec<DataTable>> {
    let mut empty = Vec::new();
    let mut sql = String::new();
    for t in data_tables(tx)? {
        let any: bool =
            tx.query_row(&format!("SELECT EXISTS (SELECT 1 FROM main.{})", ident(&t.name)), [], |r| r.get(0))?;
        if !any {
            for what in ["insert", "update", "delete"] {
                sql.push_str(&format!("DROP TRIGGER temp.{};\n", ident(&format!("audit_capture_{what}_{}", t.name))));
            }
            empty.push(t);
        }
    }
    tx.execute_batch(&sql)?;
    Ok(empty)
}

/// Puts back the triggers [`suspend_empty`] took away.
pub(crate) fn resume(tx: &Transaction<'_>, tables: &[DataTable]) -> Result<()> {
    let sql: String = tables.iter().map(triggers).collect();
    tx.execute_batch(&sql)?;
    Ok(())
}

/// How much of a change is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keep {
    /// Before and after: the whole row inserted or deleted, the changed
    /// columns of an update.
    Values,
    /// An inserted row's key and hash only (an import: the rows are the
    /// file's, and keeping each twice would double the database); updates
    /// and deletes as with `Values`.
    InsertedHashes,
}

/// The net change of each row the transaction touched, in the order first
/// touched: how it stood before the action (from the first trigger that
/// saw it) against how it stands now. A row inserted and changed again is
/// one insert; inserted and deleted, nothing; changed to what it was,
/// nothing. The staging table is left empty.
pub(crate) fn take(tx: &Connection, keep: Keep) -> Result<Vec<Change>> {
    let mut touched = Touched::default();
    {
        let mut stmt = tx.prepare_cached("SELECT tbl, old_key, new_key, old FROM temp.audit_staging ORDER BY seq")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let table: String = r.get(0)?;
            touched.stage(&table, r.get(1)?, r.get(2)?, r.get(3)?)?;
        }
    }
    tx.execute("DELETE FROM temp.audit_staging", [])?;
    // Each table, with its query for a row by its key, made once.
    let mut tables: HashMap<String, (DataTable, String)> = HashMap::new();
    let mut changes = Vec::new();
    for (table, key, was) in touched.rows() {
        if !tables.contains_key(&table) {
            let t = data_table(tx, &table)?;
            let query = row_query(&t);
            tables.insert(table.clone(), (t, query));
        }
        let (t, query) = &tables[&table];
        let now: Option<Vec<SqlValue>> = tx
            .prepare_cached(query)?
            .query_row([&key], |r| (0..t.columns.len()).map(|i| r.get::<_, SqlValue>(i)).collect())
            .optional()?;
        changes.extend(net_change(table, key, was, now, &t.columns, keep)?);
    }
    Ok(changes)
}

/// The rows a transaction touched, in the order first touched, each with
/// how it stood before the action (from the first trigger that saw it;
/// `None`: it was not there). Both engines' staging is read into it.
#[derive(Default)]
pub(super) struct Touched {
    before: HashMap<(String, String), Option<String>>,
    order: Vec<(String, String)>,
}

impl Touched {
    /// One staged row of `table`: an insert has a new key only, a delete
    /// an old key and row, an update both keys and the old row.
    pub(super) fn stage(
        &mut self,
        table: &str,
        old_key: Option<String>,
        new_key: Option<String>,
        old: Option<String>,
    ) -> Result<()> {
        match (old_key, new_key) {
            (None, Some(key)) => self.touch(table, key, None),
            (Some(key), None) => self.touch(table, key, old),
            (Some(old_key), Some(new_key)) => {
                if old_key != new_key {
                    self.touch(table, new_key, None);
                }
                self.touch(table, old_key, old);
            }
            (None, None) => {
                return Err(StoreError::Corrupt(format!("en ændring af {table} uden nøgle i revisionssporet")));
            }
        }
        Ok(())
    }

    fn touch(&mut self, table: &str, key: String, was: Option<String>) {
        let row = (table.to_string(), key);
        if !self.before.contains_key(&row) {
            self.before.insert(row.clone(), was);
            self.order.push(row);
        }
    }

    /// Each touched row, in order: table, key and how it stood before.
    pub(super) fn rows(mut self) -> impl Iterator<Item = (String, String, Option<String>)> {
        self.order.into_iter().map(move |(table, key)| {
            let was = self.before.remove(&(table.clone(), key.clone())).flatten();
            (table, key, was)
        })
    }
}

/// A touched row's net change: how it stood before (`was`, its JSON)
/// against how it stands now (`now`, its values in `columns`' order).
/// `None` when there is none: inserted and deleted again, or changed to
/// what it was.
pub(super) fn net_change(
    table: String,
    key: String,
    was: Option<String>,
    now: Option<Vec<SqlValue>>,
    columns: &[String],
    keep: Keep,
) -> Result<Option<Change>> {
    Ok(Some(match (was, now) {
        (None, None) => return Ok(None),
        (None, Some(new)) => Change {
            row_hash: Some(row_hash(columns, &new)),
            new: (keep == Keep::Values).then(|| Value::Object(row_object(columns, &new)).to_string()),
            table,
            key,
            kind: ChangeKind::Insert,
            old: None,
        },
        (Some(old), None) => Change { table, key, kind: ChangeKind::Delete, old: Some(old), new: None, row_hash: None },
        (Some(old), Some(new)) => {
            let (before, after) = (object(&old)?, row_object(columns, &new));
            let mut was = Map::new();
            let mut is = Map::new();
            for column in before.keys().chain(after.keys().filter(|k| !before.contains_key(*k))) {
                let (b, a) = (before.get(column).unwrap_or(&Value::Null), after.get(column).unwrap_or(&Value::Null));
                if b != a {
                    was.insert(column.clone(), b.clone());
                    is.insert(column.clone(), a.clone());
                }
            }
            if is.is_empty() {
                return Ok(None);
            }
            Change {
                table,
                key,
                kind: ChangeKind::Update,
                row_hash: Some(row_hash(columns, &new)),
                old: Some(Value::Object(was).to_string()),
                new: Some(Value::Object(is).to_string()),
            }
        }
    }))
}

/// One data table, by name.
pub(super) fn data_table(conn: &Connection, name: &str) -> Result<DataTable> {
    let mut columns = Vec::new();
    let mut key: Vec<(i64, String)> = Vec::new();
    let mut stmt = conn.prepare_cached("SELECT name, pk FROM pragma_table_info(?1, 'main') ORDER BY cid")?;
    let mut rows = stmt.query([name])?;
    while let Some(r) = rows.next()? {
        let column: String = r.get(0)?;
        let pk: i64 = r.get(1)?;
        if pk > 0 {
            key.push((pk, column.clone()));
        }
        columns.push(column);
    }
    key.sort();
    let key = if key.is_empty() { vec!["rowid".to_string()] } else { key.into_iter().map(|(_, c)| c).collect() };
    Ok(DataTable { name: name.to_string(), columns, key })
}

/// The query for a row's columns as they stand, found by its key (a JSON
/// array, `?1`).
fn row_query(table: &DataTable) -> String {
    let matches: Vec<String> = table
        .key
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let column = if c == "rowid" { "rowid".to_string() } else { ident(c) };
            format!("{column} = json_extract(?1, '$[{i}]')")
        })
        .collect();
    let columns: Vec<String> = table.columns.iter().map(|c| ident(c)).collect();
    format!("SELECT {} FROM main.{} WHERE {}", columns.join(", "), ident(&table.name), matches.join(" AND "))
}

pub(super) fn object(json: &str) -> Result<Map<String, Value>> {
    match serde_json::from_str(json) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(StoreError::Corrupt(format!("en række i revisionssporet er ikke et JSON-objekt: {json}"))),
    }
}

/// The hash of a row: its non-NULL columns by name, each value with its
/// SQLite type (integer, real, text, BLOB), so `1`, `1.0` and `'1'` differ.
pub(crate) fn row_hash(columns: &[String], values: &[SqlValue]) -> String {
    hash_in_order(columns, &by_name(columns), values)
}

/// The columns' positions in order of their names, the order a row's
/// hash takes them in: found once for a table's every row.
pub(super) fn by_name(columns: &[String]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..columns.len()).collect();
    order.sort_by(|&a, &b| columns[a].cmp(&columns[b]));
    order
}

/// [`row_hash`] with the columns' order by name (`by_name`) given.
fn hash_in_order(columns: &[String], order: &[usize], values: &[SqlValue]) -> String {
    hex(&hash_of(columns, order, |i| Ok(ValueRef::from(&values[i]))).expect("values in hand are always there"))
}

/// A row's hash as SHA-256 gives it; the trail writes it in hex, but in
/// a block of a bulk write's inserts as it is (`audit::block`).
pub(crate) type RowHash = [u8; 32];

/// [`row_hash`] of the values `value` gives by column: a row read from a
/// table is hashed where it lies, without a copy of each text.
pub(super) fn hash_of<'v>(
    columns: &[String],
    order: &[usize],
    value: impl Fn(usize) -> rusqlite::Result<ValueRef<'v>>,
) -> Result<RowHash> {
    let mut h = Sha256::new();
    feed_row(&mut h, columns, order, value)?;
    Ok(h.finalize().into())
}

/// Where the bytes a row's hash is taken of go: into the hash, or into a
/// buffer hashed later on another thread (a bulk write's read-back).
pub(super) trait HashInput {
    fn feed(&mut self, bytes: &[u8]);
}

impl HashInput for Sha256 {
    fn feed(&mut self, bytes: &[u8]) {
        self.update(bytes);
    }
}

impl HashInput for Vec<u8> {
    fn feed(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// Feeds the bytes of [`row_hash`]: each non-NULL column by name, its
/// type and its value.
fn feed_row<'v>(
    into: &mut impl HashInput,
    columns: &[String],
    order: &[usize],
    value: impl Fn(usize) -> rusqlite::Result<ValueRef<'v>>,
) -> Result<()> {
    for &i in order {
        let value = value(i)?;
        if matches!(value, ValueRef::Null) {
            continue;
        }
        into.feed(columns[i].as_bytes());
        into.feed(&[0u8]);
        match value {
            ValueRef::Integer(i) => {
                into.feed(b"i");
                into.feed(Decimal::new(i).as_bytes());
            }
            ValueRef::Real(r) => {
                into.feed(b"r");
                into.feed(r.to_string().as_bytes());
            }
            ValueRef::Text(t) => {
                into.feed(b"t");
                into.feed(t);
            }
            ValueRef::Blob(b) => {
                into.feed(b"b");
                into.feed(b);
            }
            ValueRef::Null => {}
        }
        into.feed(&[0u8]);
    }
    Ok(())
}

/// A number in decimal as `to_string` writes it, on the stack: a bulk
/// write's hashes take millions of them.
pub(crate) struct Decimal {
    text: [u8; 20],
    start: usize,
}

impl Decimal {
    pub(crate) fn new(n: i64) -> Decimal {
        // i64::MIN is 19 digits and its sign.
        let mut text = [0u8; 20];
        let mut start = text.len();
        let mut rest = n.unsigned_abs();
        loop {
            start -= 1;
            text[start] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        if n < 0 {
            start -= 1;
            text[start] = b'-';
        }
        Decimal { text, start }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.text[self.start..]
    }
}

/// A row as a JSON object of its columns, as the trail keeps it (a BLOB,
/// which the program never writes, as `blob:` and its hex digits, as the
/// triggers' SQL has it).
pub(crate) fn row_object(columns: &[String], values: &[SqlValue]) -> Map<String, Value> {
    columns
        .iter()
        .zip(values)
        .map(|(name, value)| {
            let json = match value {
                SqlValue::Null => Value::Null,
                SqlValue::Integer(i) => Value::from(*i),
                SqlValue::Real(r) => serde_json::Number::from_f64(*r).map_or(Value::Null, Value::Number),
                SqlValue::Text(t) => Value::from(t.as_str()),
                SqlValue::Blob(b) => Value::from(format!("blob:{}", hex(b).to_uppercase())),
            };
            (name.clone(), json)
        })
        .collect()
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        text.push(char::from(DIGITS[usize::from(b >> 4)]));
        text.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    text
}

/// The bytes of a hash written by [`hex`]; `None` for any other text.
pub(crate) fn unhex(text: &str) -> Option<RowHash> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let text = text.as_bytes();
    if text.len() != 64 {
        return None;
    }
    let mut hash = [0u8; 32];
    for (byte, pair) in hash.iter_mut().zip(text.chunks(2)) {
        *byte = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(hash)
}

/// Every row of a table: its key (a JSON array) and its hash.
pub(crate) fn row_hashes(conn: &Connection, table: &DataTable) -> Result<Vec<(String, String)>> {
    let mut hashes = Vec::new();
    each_row_hash(conn, table, |key, hash| {
        hashes.push((key.to_string(), hex(hash)));
        Ok(())
    })?;
    Ok(hashes)
}

/// Runs `f` on every row of a table, in key order, with its key (a JSON
/// array) and its hash, one row at a time.
pub(crate) fn each_row_hash(
    conn: &Connection,
    table: &DataTable,
    mut f: impl FnMut(&str, &RowHash) -> Result<()>,
) -> Result<()> {
    let mut h = Sha256::new();
    each_row_fed(conn, table, &mut h, |key, h| f(key, &std::mem::take(h).finalize().into()))
}

/// Runs `f` on every row of a table, in key order, with its key and the
/// bytes its hash is taken of ([`sha2::Sha256::digest`] of them is its
/// [`row_hash`]): the hashing may be left to another thread.
pub(super) fn each_row_hash_input(
    conn: &Connection,
    table: &DataTable,
    mut f: impl FnMut(&str, &[u8]) -> Result<()>,
) -> Result<()> {
    let mut input = Vec::new();
    each_row_fed(conn, table, &mut input, |key, input| {
        f(key, input)?;
        input.clear();
        Ok(())
    })
}

/// Feeds each row of a table into `into`, then runs `f` with its key;
/// `f` takes what was fed (and leaves `into` empty for the next row).
fn each_row_fed<H: HashInput>(
    conn: &Connection,
    table: &DataTable,
    into: &mut H,
    mut f: impl FnMut(&str, &mut H) -> Result<()>,
) -> Result<()> {
    let columns: Vec<String> = table.columns.iter().map(|c| ident(c)).collect();
    let sql = format!(
        "SELECT {}, {} FROM main.{}",
        key_json(table, "", Values::Tagged),
        columns.join(", "),
        ident(&table.name)
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let order = by_name(&table.columns);
    while let Some(r) = rows.next()? {
        feed_row(into, &table.columns, &order, |i| r.get_ref(i + 1))?;
        f(r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?, into)?;
    }
    Ok(())
}

/// The baseline: every data row as it stands, as a change that carries its
/// hash only (the data is in the file already; the trail need not hold a
/// second copy).
pub(crate) fn baseline(conn: &Connection) -> Result<Vec<Change>> {
    let mut changes = Vec::new();
    for table in data_tables(conn)? {
        for (key, hash) in row_hashes(conn, &table)? {
            changes.push(Change::baseline(&table.name, key, hash));
        }
    }
    Ok(changes)
}
