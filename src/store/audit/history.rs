//! A case's history as the trail holds it, for `sagsbord audit show --case
//! N`: who looked at it and who changed what of it.
//!
//! A row belongs to the case when it is the case, its citizen, or points
//! by a foreign key at a row that belongs to it (a plan version by its
//! case, a plan goal by its version, and so on), as the schema says; rows
//! deleted since are found through the trail's own record of them.
//!
//! The same on a file and on a centre of a PostgreSQL server, through the
//! engine seam: only where the schema's foreign keys are read do the two
//! differ ([`foreign_keys`]).

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::capture::{self, Change, ChangeKind};
use super::{Result, Store, StoreError, seam};
use crate::store::engine::{Db, Engine};

/// Whether an audit row is a look or a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryKind {
    Looked,
    Changed,
}

/// One audit row of a case's history, with the changes of it that concern the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub detail: String,
    pub kind: HistoryKind,
    pub changes: Vec<Change>,
}

/// A foreign key: this table's `column` points at `parent`'s key.
struct ForeignKey {
    column: String,
    parent: String,
}

/// The table an audit row's entity names.
fn entity_table(entity: &str) -> Option<&'static str> {
    Some(match entity {
        "case" => "cases",
        "notification" => "notifications",
        "stay" => "stays",
        "move_course" => "move_courses",
        "attendance" => "attendances",
        "complaint" => "complaints",
        _ => return None,
    })
}

/// A single-value key as the capture writes it (`[12]`).
fn key_of(value: &Value) -> String {
    Value::Array(vec![value.clone()]).to_string()
}

struct Belonging {
    rows: HashSet<(String, String)>,
    keys: HashMap<String, Vec<ForeignKey>>,
}

impl Belonging {
    fn contains(&self, table: &str, key: &str) -> bool {
        self.rows.contains(&(table.to_string(), key.to_string()))
    }

    /// Whether a change's row belongs to the case, by its key or by what
    /// it points at; a row that does is remembered, so its own children
    /// are found too.
    fn claims(&mut self, c: &Change) -> bool {
        if self.contains(&c.table, &c.key) {
            return true;
        }
        let Some(keys) = self.keys.get(&c.table) else { return false };
        let mut belongs = false;
        for json in [&c.old, &c.new].into_iter().flatten() {
            let Ok(Value::Object(row)) = serde_json::from_str::<Value>(json) else { continue };
            for fk in keys {
                if let Some(v) = row.get(&fk.column).filter(|v| !v.is_null())
                    && self.rows.contains(&(fk.parent.clone(), key_of(v)))
                {
                    belongs = true;
                }
            }
        }
        if belongs {
            self.rows.insert((c.table.clone(), c.key.clone()));
        }
        belongs
    }
}

/// The foreign keys of the data tables, by table: a key of several
/// columns as one per column, as SQLite's `pragma_foreign_key_list` tells
/// them.
fn foreign_keys(db: &Db<'_>, tables: &[capture::DataTable]) -> Result<HashMap<String, Vec<ForeignKey>>> {
    let fk = |r: &crate::store::engine::Row<'_>| -> crate::store::engine::Result<(String, ForeignKey)> {
        Ok((r.get(0)?, ForeignKey { column: r.get(1)?, parent: r.get(2)? }))
    };
    let found = match db.engine() {
        Engine::Sqlite => {
            let mut found = Vec::new();
            for t in tables {
                found.extend(db.query_map(
                    "SELECT ?1, \"from\", \"table\" FROM pragma_foreign_key_list(?1)",
                    &[&t.name],
                    fk,
                )?);
            }
            found
        }
        Engine::Postgres => db.query_map(
            "SELECT c.relname, a.attname, p.relname FROM pg_constraint k
             JOIN pg_class c ON c.oid = k.conrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             JOIN pg_class p ON p.oid = k.confrelid
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (k.conkey)
             WHERE k.contype = 'f' AND n.nspname = current_schema()
             ORDER BY c.relname, k.conname, array_position(CAST(k.conkey AS int2[]), a.attnum)",
            &[],
            fk,
        )?,
    };
    let data: HashSet<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    let mut keys: HashMap<String, Vec<ForeignKey>> = HashMap::new();
    for (table, fk) in found.into_iter().filter(|(t, _)| data.contains(t.as_str())) {
        keys.entry(table).or_default().push(fk);
    }
    Ok(keys)
}

/// The rows that belong to case `case_id` as the centre holds them now.
fn belonging_now(db: &Db<'_>, case_id: i64) -> Result<Belonging> {
    let tables = seam::data_tables(db)?;
    let keys = foreign_keys(db, &tables)?;
    let mut rows = HashSet::new();
    rows.insert(("cases".to_string(), key_of(&Value::from(case_id))));
    let citizen: Option<Option<i64>> =
        db.query_opt("SELECT citizen_id FROM cases WHERE id = ?1", &[&case_id], |r| r.get(0))?;
    if let Some(citizen) = citizen.flatten() {
        rows.insert(("citizens".to_string(), key_of(&Value::from(citizen))));
    }
    // Down the foreign keys from the case until nothing new is found.
    let mut frontier: Vec<(String, String)> = rows.iter().filter(|(t, _)| t == "cases").cloned().collect();
    while let Some((parent, key)) = frontier.pop() {
        let Ok(values) = seam::key_values(&key) else { continue };
        let [value] = values.as_slice() else { continue };
        for t in &tables {
            for fk in keys.get(&t.name).into_iter().flatten().filter(|fk| fk.parent == parent) {
                let columns: Vec<String> = t.key.iter().map(|c| capture::ident(c)).collect();
                let sql = format!(
                    "SELECT {} FROM {} WHERE {} = ?1",
                    columns.join(", "),
                    capture::ident(&t.name),
                    capture::ident(&fk.column)
                );
                let found = db.query_map(&sql, &[value], |r| seam::row_key(r, t.key.len()))?;
                for child in found {
                    if rows.insert((t.name.clone(), child.clone())) {
                        frontier.push((t.name.clone(), child));
                    }
                }
            }
        }
    }
    Ok(Belonging { rows, keys })
}

impl Store {
    /// The history of case `case_id` for the person asking: a look at the
    /// case, recorded as such. A case that neither exists nor ever did is
    /// not found.
    pub fn view_case_history(&mut self, case_id: i64) -> Result<Vec<HistoryEntry>> {
        let history = self.case_history(case_id)?;
        if history.is_empty() && self.find_case(case_id)?.is_none() {
            return Err(StoreError::NotFound { what: "sag", id: case_id });
        }
        self.record_read("audit_show", "case", Some(case_id), "")?;
        Ok(history)
    }

    /// Who looked at case `case_id` and who changed what of it, oldest
    /// first (the baseline left out). Not itself recorded: the caller
    /// records the look.
    pub fn case_history(&self, case_id: i64) -> Result<Vec<HistoryEntry>> {
        let db = self.db();
        let mut belonging = belonging_now(&db, case_id)?;
        // The trail's own record first: a row deleted since, and the
        // children of such a row, are found only there.
        db.query_each(
            &format!(
                "SELECT {} FROM audit_change WHERE op <> 'baseline' ORDER BY audit_id, seq",
                super::CHANGE_COLUMNS
            ),
            &[],
            |r| {
                for c in seam::stored(r, r.get(0)?, 1)?.read()? {
                    belonging.claims(&c);
                }
                Ok(())
            },
        )?;
        // Then each audit row with its changes, in one stream (a
        // PostgreSQL client runs one statement at a time).
        let mut entries: Vec<HistoryEntry> = Vec::new();
        let mut open: Option<HistoryEntry> = None;
        let mut keep = |entry: HistoryEntry, belonging: &Belonging| {
            let named = match (entity_table(&entry.entity), entry.entity_id) {
                (Some(table), Some(eid)) => belonging.contains(table, &key_of(&Value::from(eid))),
                _ => false,
            };
            if named || !entry.changes.is_empty() {
                entries.push(entry);
            }
        };
        db.query_each(HISTORY_STREAM, &[], |r| {
            let id: i64 = r.get(0)?;
            if r.get::<i64>(1)? == -1 {
                if let Some(done) = open.take() {
                    keep(done, &belonging);
                }
                open = Some(HistoryEntry {
                    id,
                    at: r.get(2)?,
                    actor: r.get(3)?,
                    action: r.get(4)?,
                    entity: r.get(5)?,
                    entity_id: r.get(6)?,
                    detail: r.get(7)?,
                    kind: HistoryKind::Looked,
                    changes: Vec::new(),
                });
                return Ok(());
            }
            // Changes of the baseline, or of no audit row, are no one's.
            let Some(entry) = open.as_mut().filter(|e| e.id == id) else { return Ok(()) };
            entry.kind = HistoryKind::Changed;
            let changes = seam::stored(r, id, 8)?.read()?;
            entry.changes.extend(changes.into_iter().filter(|c| c.kind != ChangeKind::Baseline && belonging.claims(c)));
            Ok(())
        })?;
        if let Some(done) = open.take() {
            keep(done, &belonging);
        }
        Ok(entries)
    }
}

/// The audit rows but the baseline and their change rows in one stream,
/// by audit id, each audit row before its changes (seq -1).
const HISTORY_STREAM: &str = "SELECT id, -1, at, actor, action, entity, entity_id, detail,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM audit WHERE action <> 'baseline'
    UNION ALL
    SELECT audit_id, seq, NULL, NULL, NULL, NULL, NULL, NULL,
        tbl, row_key, op, old, new, row_hash, hashes FROM audit_change WHERE op <> 'baseline'
    ORDER BY 1, 2";

#[cfg(test)]
#[path = "history_tests.rs"]
mod tests;
