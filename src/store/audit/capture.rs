//! What a write changed, caught by the file's own machinery rather than
//! told by each store function.
//!
//! Every data table (every table of the file but the audit trail's own)
//! gets three TEMP triggers on the store's connection: after each insert,
//! update and delete they put the table, the row's key and the old and new
//! row as JSON into a TEMP staging table. [`take`] turns the staged rows
//! into [`Change`]s (an update keeps only the columns it changed) and
//! empties the staging table; `audit::append` writes them, in the same
//! transaction, as `audit_change` rows under the action's audit row.
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
//! name, each value tagged with its SQLite type: a column a migration adds
//! (NULL in the rows already there) leaves every row's hash as it was,
//! while a value changed, or stored as another type, changes it.

use rusqlite::{Connection, Transaction};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::super::{Result, StoreError};

/// The audit trail's own tables: never captured, never checked as data.
pub(crate) const AUDIT_TABLES: [&str; 2] = ["audit", "audit_change"];

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
    for name in names.into_iter().filter(|n| !AUDIT_TABLES.contains(&n.as_str())) {
        let mut columns = Vec::new();
        let mut key: Vec<(i64, String)> = Vec::new();
        let mut stmt = conn.prepare("SELECT name, pk FROM pragma_table_info(?1, 'main') ORDER BY cid")?;
        let mut rows = stmt.query([&name])?;
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
        tables.push(DataTable { name, columns, key });
    }
    Ok(tables)
}

/// One column's value as JSON can hold it: a BLOB (no column has one, but
/// another program may put one anywhere) as tagged hex text.
fn value_expr(prefix: &str, column: &str) -> String {
    let c = format!("{prefix}{}", ident(column));
    format!("iif(typeof({c}) = 'blob', 'blob:' || hex({c}), {c})")
}

/// A row as a JSON object of all its columns. SQLite takes at most 127
/// arguments to a function: a wide table is built in parts (a later part
/// leaves out its NULLs, which the hash leaves out anyway).
pub(crate) fn row_json(table: &DataTable, prefix: &str) -> String {
    let parts: Vec<String> = table
        .columns
        .chunks(50)
        .map(|chunk| {
            let args: Vec<String> =
                chunk.iter().map(|c| format!("{}, {}", literal(c), value_expr(prefix, c))).collect();
            format!("json_object({})", args.join(", "))
        })
        .collect();
    parts.into_iter().reduce(|all, part| format!("json_patch({all}, {part})")).unwrap_or_else(|| "json_object()".into())
}

/// A row's key as a JSON array.
pub(crate) fn key_json(table: &DataTable, prefix: &str) -> String {
    let parts: Vec<String> = table
        .key
        .iter()
        .map(|c| if c == "rowid" { format!("{prefix}rowid") } else { value_expr(prefix, c) })
        .collect();
    format!("json_array({})", parts.join(", "))
}

/// Sets up the capture on a connection: the staging table and the
/// triggers on every data table as the schema stands. Run after the
/// migrations, and again whenever the schema may have changed.
pub(crate) fn install(conn: &Connection) -> Result<()> {
    // A REPLACE that removes a conflicting row fires its DELETE triggers
    // only with recursive triggers on; the program uses no REPLACE, and
    // no other trigger of the file writes anything, but a removed row must
    // never go unrecorded.
    conn.pragma_update(None, "recursive_triggers", true)?;
    let mut sql = String::from(
        "CREATE TEMP TABLE IF NOT EXISTS audit_staging (
            seq INTEGER PRIMARY KEY,
            tbl TEXT NOT NULL,
            old_key TEXT,
            new_key TEXT,
            old TEXT,
            new TEXT
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
        let on = format!("main.{}", ident(&t.name));
        let name = literal(&t.name);
        let trigger = |what: &str| ident(&format!("audit_capture_{what}_{}", t.name));
        sql.push_str(&format!(
            "CREATE TEMP TRIGGER {} AFTER INSERT ON {on} BEGIN
                INSERT INTO temp.audit_staging (tbl, new_key, new) VALUES ({name}, {}, {});
             END;
             CREATE TEMP TRIGGER {} AFTER UPDATE ON {on} BEGIN
                INSERT INTO temp.audit_staging (tbl, old_key, new_key, old, new)
                VALUES ({name}, {}, {}, {}, {});
             END;
             CREATE TEMP TRIGGER {} AFTER DELETE ON {on} BEGIN
                INSERT INTO temp.audit_staging (tbl, old_key, old) VALUES ({name}, {}, {});
             END;\n",
            trigger("insert"),
            key_json(&t, "NEW."),
            row_json(&t, "NEW."),
            trigger("update"),
            key_json(&t, "OLD."),
            key_json(&t, "NEW."),
            row_json(&t, "OLD."),
            row_json(&t, "NEW."),
            trigger("delete"),
            key_json(&t, "OLD."),
            row_json(&t, "OLD."),
        ));
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

/// The changes staged in this transaction, oldest first; the staging table
/// is left empty. An update that changed nothing is left out; one that
/// changed the key is a delete of the old row and an insert of the new.
pub(crate) fn take(tx: &Transaction<'_>) -> Result<Vec<Change>> {
    let mut changes = Vec::new();
    {
        let mut stmt =
            tx.prepare_cached("SELECT tbl, old_key, new_key, old, new FROM temp.audit_staging ORDER BY seq")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let table: String = r.get(0)?;
            let (old_key, new_key): (Option<String>, Option<String>) = (r.get(1)?, r.get(2)?);
            let (old, new): (Option<String>, Option<String>) = (r.get(3)?, r.get(4)?);
            let delete = |key: String, old: String| Change {
                table: table.clone(),
                key,
                kind: ChangeKind::Delete,
                old: Some(old),
                new: None,
                row_hash: None,
            };
            let insert = |key: String, new: String| -> Result<Change> {
                Ok(Change {
                    table: table.clone(),
                    key,
                    kind: ChangeKind::Insert,
                    row_hash: Some(row_hash(&new)?),
                    old: None,
                    new: Some(new),
                })
            };
            match (old_key, new_key, old, new) {
                (None, Some(key), None, Some(new)) => changes.push(insert(key, new)?),
                (Some(key), None, Some(old), None) => changes.push(delete(key, old)),
                (Some(old_key), Some(new_key), Some(old), Some(new)) if old_key != new_key => {
                    changes.push(delete(old_key, old));
                    changes.push(insert(new_key, new)?);
                }
                (Some(key), Some(_), Some(old), Some(new)) => {
                    let (before, after) = (object(&old)?, object(&new)?);
                    let mut was = Map::new();
                    let mut is = Map::new();
                    for column in before.keys().chain(after.keys().filter(|k| !before.contains_key(*k))) {
                        let (b, a) =
                            (before.get(column).unwrap_or(&Value::Null), after.get(column).unwrap_or(&Value::Null));
                        if b != a {
                            was.insert(column.clone(), b.clone());
                            is.insert(column.clone(), a.clone());
                        }
                    }
                    if is.is_empty() {
                        continue;
                    }
                    changes.push(Change {
                        table: table.clone(),
                        key,
                        kind: ChangeKind::Update,
                        row_hash: Some(row_hash(&new)?),
                        old: Some(Value::Object(was).to_string()),
                        new: Some(Value::Object(is).to_string()),
                    });
                }
                _ => return Err(StoreError::Corrupt(format!("ufuldstændig ændring af {table} i revisionssporet"))),
            }
        }
    }
    tx.execute("DELETE FROM temp.audit_staging", [])?;
    Ok(changes)
}

/// Whether anything is staged (a write on this connection outside
/// `Store::write` would leave something).
#[cfg(test)]
pub(crate) fn staged(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM temp.audit_staging", [], |r| r.get(0))?)
}

fn object(json: &str) -> Result<Map<String, Value>> {
    match serde_json::from_str(json) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(StoreError::Corrupt(format!("en række i revisionssporet er ikke et JSON-objekt: {json}"))),
    }
}

/// The hash of a row given as a JSON object of its columns: its non-NULL
/// columns by name, each value with its type.
pub(crate) fn row_hash(json: &str) -> Result<String> {
    let row = object(json)?;
    let mut columns: Vec<(&String, &Value)> = row.iter().filter(|(_, v)| !v.is_null()).collect();
    columns.sort_by(|a, b| a.0.cmp(b.0));
    let mut h = Sha256::new();
    for (name, value) in columns {
        h.update(name.as_bytes());
        h.update([0u8]);
        match value {
            Value::String(s) => {
                h.update(b"t");
                h.update(s.as_bytes());
            }
            Value::Number(n) if n.is_i64() || n.is_u64() => {
                h.update(b"i");
                h.update(n.to_string().as_bytes());
            }
            Value::Number(n) => {
                h.update(b"r");
                h.update(n.to_string().as_bytes());
            }
            other => {
                h.update(b"j");
                h.update(other.to_string().as_bytes());
            }
        }
        h.update([0u8]);
    }
    Ok(hex(&h.finalize()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every row of a table as (key, JSON), in key order.
pub(crate) fn rows_of(conn: &Connection, table: &DataTable) -> Result<Vec<(String, String)>> {
    let sql = format!(
        "SELECT {}, {} FROM main.{}",
        key_json(table, ""),
        row_json(table, ""),
        ident(&table.name)
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The baseline: every data row as it stands, as a change that carries its
/// hash only (the data is in the file already; the trail need not hold a
/// second copy).
pub(crate) fn baseline(conn: &Connection) -> Result<Vec<Change>> {
    let mut changes = Vec::new();
    for table in data_tables(conn)? {
        for (key, json) in rows_of(conn, &table)? {
            changes.push(Change {
                table: table.name.clone(),
                key,
                kind: ChangeKind::Baseline,
                old: None,
                new: None,
                row_hash: Some(row_hash(&json)?),
            });
        }
    }
    Ok(changes)
}
