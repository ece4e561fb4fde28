//! `sagsbord check`: every data row held against the last hash the trail
//! recorded for it. A row whose hash differs was changed behind the
//! program's back; a row no audit row accounts for was added; a row the
//! trail last recorded as there, and that is gone, was deleted. The file's
//! triggers are held against those its schema version creates: the
//! protections of the audit rows, the gift-card ledger and the sent
//! notifications can be dropped by anyone with `sqlite3`, and that is told
//! too.

use std::collections::{BTreeMap, HashMap};

use rusqlite::Connection;

use super::capture::{self, ChangeKind, RowHash};
use super::{Anchor, AuditProblem, Result, Store};

/// Something about the data that the trail does not account for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataProblem {
    /// The row's content is not what the trail last recorded (in audit row `audit_id`).
    Changed { table: String, key: String, audit_id: i64 },
    /// No audit row accounts for the row.
    Added { table: String, key: String },
    /// The trail last recorded the row (in audit row `audit_id`), and it is gone.
    Deleted { table: String, key: String, audit_id: i64 },
    /// A trigger the schema creates is missing.
    TriggerMissing { name: String },
    /// A trigger the schema creates says something else.
    TriggerChanged { name: String },
    /// A trigger the schema does not create.
    TriggerAdded { name: String },
    /// A guard still there but switched off (PostgreSQL's DISABLE TRIGGER).
    TriggerDisabled { name: String },
}

/// What `check` found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CheckReport {
    /// The chain's own problems, and those against the anchors.
    pub chain: Vec<AuditProblem>,
    pub data: Vec<DataProblem>,
    /// How many data rows and tables were checked.
    pub rows: usize,
    pub tables: usize,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.chain.is_empty() && self.data.is_empty()
    }
}

impl Store {
    /// Checks the chain (against `anchors` too), every data row against
    /// the trail and the file's triggers against the schema's.
    pub fn check(&self, anchors: &[Anchor]) -> Result<CheckReport> {
        let chain = self.verify_audit_against(anchors)?;
        let Ok(conn) = self.conn() else {
            let db = self.db();
            let (mut data, rows, tables) = super::seam::check_data(&db)?;
            data.extend(check_postgres_triggers(&db)?);
            return Ok(CheckReport { chain, data, rows, tables });
        };
        let (mut data, rows, tables) = check_data(conn)?;
        data.extend(check_triggers(conn)?);
        Ok(CheckReport { chain, data, rows, tables })
    }
}

/// A row: its table and key.
type RowId = (String, String);

/// What the trail last recorded of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    /// There, with this hash.
    Hash(RowHash),
    /// There, with a hash that is not one (an edited trail): no row has it.
    Unreadable,
    /// Deleted.
    Gone,
}

/// Per table, per key, what the trail last recorded and in which audit
/// row. At 100,000 cases the trail names 1.7 million rows: a table's name
/// is held once, a hash as its 32 bytes.
type Recorded = HashMap<String, HashMap<String, (Last, i64)>>;

/// The last state the trail recorded for each row. A change row that does
/// not read (a tampered block) records nothing: the chain finds its audit
/// row altered.
fn recorded(conn: &Connection) -> Result<Recorded> {
    let mut last: Recorded = HashMap::new();
    let mut stmt =
        conn.prepare(&format!("SELECT {} FROM audit_change ORDER BY audit_id, seq", super::CHANGE_COLUMNS))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let stored = super::stored_change(r)?;
        let audit_id = stored.audit_id;
        for c in stored.changes().into_iter().flatten() {
            let state = match (c.kind, &c.row_hash) {
                (ChangeKind::Delete, _) | (_, None) => Last::Gone,
                (_, Some(hash)) => capture::unhex(hash).map_or(Last::Unreadable, Last::Hash),
            };
            last.entry(c.table).or_default().insert(c.key, (state, audit_id));
        }
    }
    Ok(last)
}

fn check_data(conn: &Connection) -> Result<(Vec<DataProblem>, usize, usize)> {
    let mut last = recorded(conn)?;
    let tables = capture::data_tables(conn)?;
    let mut problems = Vec::new();
    let mut count = 0;
    // Rows recorded as there that no table holds now (a dropped table's too).
    let mut gone: BTreeMap<RowId, i64> = BTreeMap::new();
    let left = |table: &str, rows: HashMap<String, (Last, i64)>, gone: &mut BTreeMap<RowId, i64>| {
        for (key, (state, audit_id)) in rows {
            if state != Last::Gone {
                gone.insert((table.to_string(), key), audit_id);
            }
        }
    };
    for table in &tables {
        let mut rows = last.remove(&table.name).unwrap_or_default();
        // Each row held as it is read, never the table's all at once.
        capture::each_row_hash(conn, table, |key, hash| {
            count += 1;
            match rows.remove(key) {
                Some((Last::Hash(recorded), _)) if recorded == *hash => {}
                Some((Last::Hash(_) | Last::Unreadable, audit_id)) => {
                    problems.push(DataProblem::Changed { table: table.name.clone(), key: key.to_string(), audit_id })
                }
                Some((Last::Gone, _)) | None => {
                    problems.push(DataProblem::Added { table: table.name.clone(), key: key.to_string() })
                }
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

/// The triggers of the file against those a new file of this schema has.
/// A file's triggers by name, with their text.
fn sqlite_triggers(conn: &Connection) -> Result<BTreeMap<String, String>> {
    let mut stmt = conn.prepare("SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger'")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_default())))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The guards the program's schema has: a new file's triggers, by name.
fn expected_triggers() -> Result<BTreeMap<String, String>> {
    let mut expected_conn = Connection::open_in_memory()?;
    super::super::schema::migrate(&mut expected_conn, "check")?;
    sqlite_triggers(&expected_conn)
}

fn check_triggers(conn: &Connection) -> Result<Vec<DataProblem>> {
    let expected = expected_triggers()?;
    let mut found = sqlite_triggers(conn)?;
    let mut problems = Vec::new();
    for (name, sql) in expected {
        match found.remove(&name) {
            None => problems.push(DataProblem::TriggerMissing { name }),
            Some(s) if s != sql => problems.push(DataProblem::TriggerChanged { name }),
            Some(_) => {}
        }
    }
    problems.extend(found.into_keys().map(|name| DataProblem::TriggerAdded { name }));
    Ok(problems)
}

/// A centre's guards on PostgreSQL: every trigger of a file's schema has a
/// twin of its name there (its text is PostgreSQL's own, so only the name
/// is held to it), and each data table has the trail's capture trigger.
/// One dropped, or switched off, is named.
fn check_postgres_triggers(db: &crate::store::engine::Db<'_>) -> Result<Vec<DataProblem>> {
    let found: Vec<(String, String, bool)> = db.query_map(
        "SELECT t.tgname, c.relname, t.tgenabled <> 'D'
         FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND NOT t.tgisinternal",
        &[],
        |r| r.columns(),
    )?;
    let expected = expected_triggers()?;
    let mut problems = Vec::new();
    for name in expected.keys() {
        match found.iter().find(|(n, ..)| n == name) {
            None => problems.push(DataProblem::TriggerMissing { name: name.clone() }),
            Some((.., false)) => problems.push(DataProblem::TriggerDisabled { name: name.clone() }),
            Some(_) => {}
        }
    }
    for table in super::seam::data_tables(db)? {
        let name = format!("audit_capture ({})", table.name);
        match found.iter().find(|(n, t, _)| n == "audit_capture" && *t == table.name) {
            None => problems.push(DataProblem::TriggerMissing { name }),
            Some((.., false)) => problems.push(DataProblem::TriggerDisabled { name }),
            Some(_) => {}
        }
    }
    // Guards of the server's own (the trail in one's own name): switched
    // off is named too.
    for (name, table, enabled) in &found {
        if !enabled && name != "audit_capture" && !expected.contains_key(name) {
            problems.push(DataProblem::TriggerDisabled { name: format!("{name} ({table})") });
        }
    }
    Ok(problems)
}
