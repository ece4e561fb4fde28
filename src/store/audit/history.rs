//! A case's history as the trail holds it, for `sagsbord audit show --case
//! N`: who looked at it and who changed what of it.
//!
//! A row belongs to the case when it is the case, its citizen, or points
//! by a foreign key at a row that belongs to it (a plan version by its
//! case, a plan goal by its version, and so on), as the schema says; rows
//! deleted since are found through the trail's own record of them.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, params};
use serde_json::Value;

use super::capture::{self, Change, ChangeKind};
use super::{Result, Store, StoreError};

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

/// The rows that belong to case `case_id` as the file holds them now.
fn belonging_now(conn: &Connection, case_id: i64) -> Result<Belonging> {
    let tables = capture::data_tables(conn)?;
    let mut keys: HashMap<String, Vec<ForeignKey>> = HashMap::new();
    for t in &tables {
        let mut stmt = conn.prepare("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?1)")?;
        let fks = stmt
            .query_map([&t.name], |r| Ok(ForeignKey { column: r.get(0)?, parent: r.get(1)? }))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if !fks.is_empty() {
            keys.insert(t.name.clone(), fks);
        }
    }
    let mut rows = HashSet::new();
    rows.insert(("cases".to_string(), key_of(&Value::from(case_id))));
    let citizen: Option<i64> =
        conn.query_row("SELECT citizen_id FROM cases WHERE id = ?1", [case_id], |r| r.get(0)).ok();
    if let Some(citizen) = citizen {
        rows.insert(("citizens".to_string(), key_of(&Value::from(citizen))));
    }
    // Down the foreign keys from the case until nothing new is found.
    let mut frontier: Vec<(String, String)> = rows.iter().filter(|(t, _)| t == "cases").cloned().collect();
    while let Some((parent, key)) = frontier.pop() {
        let Ok(Value::Array(values)) = serde_json::from_str::<Value>(&key) else { continue };
        let [value] = values.as_slice() else { continue };
        for t in &tables {
            for fk in keys.get(&t.name).into_iter().flatten().filter(|fk| fk.parent == parent) {
                let sql = format!(
                    "SELECT {} FROM main.{} WHERE {} = json_extract(?1, '$')",
                    capture::key_json(t, "", capture::Values::Tagged),
                    capture::ident(&t.name),
                    capture::ident(&fk.column)
                );
                let mut stmt = conn.prepare_cached(&sql)?;
                let found = stmt
                    .query_map(params![value.to_string()], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
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
        let conn = self.conn()?;
        let mut belonging = belonging_now(conn, case_id)?;
        // The trail's own record first: a row deleted since, and the
        // children of such a row, are found only there.
        {
            let mut stmt = conn.prepare(&format!(
                "SELECT {} FROM audit_change WHERE op <> 'baseline' ORDER BY audit_id, seq",
                super::CHANGE_COLUMNS
            ))?;
            let raw = stmt.query_map([], super::stored_change)?;
            for r in raw {
                for c in r?.read()? {
                    belonging.claims(&c);
                }
            }
        }
        let mut stmt = conn.prepare(
            "SELECT id, at, actor, action, entity, entity_id, detail,
                    EXISTS (SELECT 1 FROM audit_change c WHERE c.audit_id = audit.id)
             FROM audit WHERE action <> 'baseline' ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        let mut entries = Vec::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let entity: String = r.get(4)?;
            let entity_id: Option<i64> = r.get(5)?;
            let has_changes: bool = r.get(7)?;
            let named = match (entity_table(&entity), entity_id) {
                (Some(table), Some(eid)) => belonging.contains(table, &key_of(&Value::from(eid))),
                _ => false,
            };
            let changes: Vec<Change> = if has_changes {
                self.audit_changes(id)?
                    .into_iter()
                    .filter(|c| c.kind != ChangeKind::Baseline && belonging.claims(c))
                    .collect()
            } else {
                Vec::new()
            };
            if !named && changes.is_empty() {
                continue;
            }
            entries.push(HistoryEntry {
                id,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                entity,
                entity_id,
                detail: r.get(6)?,
                kind: if has_changes { HistoryKind::Changed } else { HistoryKind::Looked },
                changes,
            });
        }
        Ok(entries)
    }
}
