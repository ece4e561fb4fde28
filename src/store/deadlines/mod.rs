//! Deadlines as data: every case's open deadlines in one indexed table,
//! `deadlines`, so that `due` and the pane counts are range scans on the
//! due date however long the history (issue 13).
//!
//! How the table stays true, and why this way:
//! - The file marks what moved. Triggers stored in the file (migration 17)
//!   put the id of every case whose records are inserted, changed or
//!   deleted into `deadlines_dirty`, whoever writes: every store function,
//!   the import, `generate --db`, even `sqlite3`. No write path has to
//!   remember the deadlines, so none can forget them.
//! - The writer recomputes before it commits. [`Store::write`] (and the
//!   bulk write of an import) calls [`Store::recompute_dirty_deadlines`]
//!   inside its transaction, after the change and before the audit row:
//!   the marked cases' deadlines are computed from the fresh records and
//!   replace the stored ones, and the marks are cleared. The change and its
//!   deadlines commit together or not at all.
//! - The rules are asked once. A case's deadlines come from the same
//!   functions of `domain::due` as always, on the same material (the
//!   loaders below, narrowed by [`DueScope`] to the marked cases);
//!   `domain::deadlines` keeps them without the day. The whole centre
//!   computed the same way ([`DueScope::Centre`], [`Store::rule_items`]) is
//!   the reference `sagsbord check` holds the table against.
//! - A mark left by another writer (`sqlite3`, a failed recompute) is never
//!   read stale: `due` computes the marked cases from the rules as it reads.
//!
//! The two tables are derived data: the audit trail leaves them out
//! (`audit::capture::DERIVED_TABLES`), so an action's audit row holds only
//! what the person changed.

mod check;
#[cfg(test)]
mod marks_on_engines;
pub(crate) mod material;
#[cfg(test)]
mod on_engines;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;

pub use check::DeadlineDifference;

use super::audit::capture::ident;
use super::case_find::anonymous_sql;
use super::cases::parse_day;
use super::children::day_text;
use super::engine::{Db, Engine, Params, Row, ToValue, ValueRef};
use super::{Result, Store};
use crate::domain::deadlines::OpenDeadline;
use crate::domain::due::DueKind;
use crate::domain::policy::Profile;

/// Which cases a loader of `due`'s material reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DueScope {
    /// Every case of the centre.
    Centre,
    /// The cases marked in `deadlines_dirty`.
    Dirty,
}

impl DueScope {
    /// `condition` (a `WHERE …` clause whose terms are joined by AND)
    /// narrowed to the scope's cases, `column` holding the case id. The
    /// centre's condition is left as it is, so its query plan is too.
    pub(crate) fn narrow(self, condition: &str, column: &str) -> String {
        match self {
            DueScope::Centre => condition.to_string(),
            DueScope::Dirty => condition.replacen(
                "WHERE ",
                &format!("WHERE {column} IN (SELECT case_id FROM deadlines_dirty) AND "),
                1,
            ),
        }
    }
}

/// The columns a stored deadline is read with.
pub(crate) const COLUMNS: &str =
    "d.case_id, d.seq, d.kind, d.due, d.valid_from, d.valid_until, d.counsellor, d.rule, d.setting, d.profile,
     d.follow_up_months, d.clock_started";

/// Above this many marked cases a recompute reports its progress.
const PROGRESS_FROM: usize = 5_000;

/// How a long recompute tells its progress: steps done of all.
pub type Progress = fn(done: usize, of: usize);

/// A stored deadline with its order among its case's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stored {
    pub seq: i64,
    pub deadline: OpenDeadline,
}

/// The marking triggers on tables empty as a bulk write begins, taken
/// away for the write and put back by [`MarksSuspended::resume`].
///
/// Why: an import inserts every row of those tables, and each row's
/// trigger marks its case, which the cases' own rows mark anyway; a
/// session's trigger even marks every member of its group, once per
/// session (4.6 s of an import at 100,000 cases, against 0.1 s for the
/// rows themselves). Instead every case is marked once when the rows are
/// in. Taken away inside the write's transaction: no other connection
/// sees the triggers gone, and a rollback (or a killed process) takes the
/// change back with it. SQLite's are dropped and put back from their own
/// text, so `sagsbord check` finds them as the schema made them;
/// PostgreSQL's are disabled on their table and enabled again (the
/// `ALTER TABLE` waits for the table's other writers and holds them off
/// until the commit, which a centre's bulk write does anyway).
pub(crate) struct MarksSuspended {
    /// The statements that put each trigger taken away back.
    put_back: Vec<String>,
}

/// SQLite's marking triggers: name, table and `CREATE TRIGGER` text.
const SQLITE_MARKING: &str = "SELECT name, tbl_name, sql FROM main.sqlite_master
    WHERE type = 'trigger' AND sql LIKE '%INTO deadlines_dirty%' ORDER BY name";
/// PostgreSQL's: the triggers of the centre's tables whose function writes
/// the marks (name, table, and no text: they stay, disabled).
const POSTGRES_MARKING: &str = "SELECT t.tgname, c.relname, '' FROM pg_trigger t
    JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc f ON f.oid = t.tgfoid
    WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
        AND NOT t.tgisinternal AND f.prosrc LIKE '%INTO deadlines_dirty%'
    ORDER BY t.tgname";

impl MarksSuspended {
    /// Takes away the marking triggers of `tables` (a bulk write's empty ones).
    pub(crate) fn on(db: &Db<'_>, tables: &[&str]) -> Result<MarksSuspended> {
        let sql = match db.engine() {
            Engine::Sqlite => SQLITE_MARKING,
            Engine::Postgres => POSTGRES_MARKING,
        };
        let found: Vec<(String, String, String)> = db.query_map(sql, &[], |r| r.columns())?;
        let mut put_back = Vec::new();
        for (name, table, text) in found.into_iter().filter(|(_, table, _)| tables.contains(&table.as_str())) {
            let (name, table) = (ident(&name), ident(&table));
            match db.engine() {
                Engine::Sqlite => {
                    db.execute_batch(&format!("DROP TRIGGER main.{name}"))?;
                    put_back.push(text);
                }
                Engine::Postgres => {
                    db.execute_batch(&format!("ALTER TABLE {table} DISABLE TRIGGER {name}"))?;
                    put_back.push(format!("ALTER TABLE {table} ENABLE TRIGGER {name}"));
                }
            }
        }
        Ok(MarksSuspended { put_back })
    }

    /// Marks every case (a superset of what the suspended triggers would
    /// have marked: every row they watched belongs to a case) and puts the
    /// triggers back.
    pub(crate) fn resume(self, db: &Db<'_>) -> Result<()> {
        if self.put_back.is_empty() {
            return Ok(());
        }
        mark_each_case(db)?;
        db.execute_batch(&self.put_back.join(";\n"))?;
        Ok(())
    }
}

/// Marks every case for a recompute; how many were not marked already.
fn mark_each_case(db: &Db<'_>) -> Result<u64> {
    // `WHERE TRUE`: SQLite reads `ON` after a bare `FROM cases` as a join's.
    Ok(db
        .execute("INSERT INTO deadlines_dirty (case_id) SELECT id FROM cases WHERE TRUE ON CONFLICT DO NOTHING", &[])?)
}

impl Store {
    /// Whether any case is marked for a recompute.
    pub(crate) fn deadlines_dirty(&self) -> Result<bool> {
        deadlines_dirty_on(&self.db())
    }

    /// Whether the stored deadlines are the rules' under `profile`: no case
    /// is marked, and they were computed under that profile. A list that
    /// reads its lines from them falls back to the rules otherwise.
    pub(crate) fn deadlines_follow(&self, profile: &Profile) -> Result<bool> {
        Ok(!self.deadlines_dirty()? && self.centre()?.load_profile().ok().as_ref() == Some(profile))
    }

    /// Recomputes the marked cases' deadlines from their records as they
    /// stand, inside the caller's transaction, and clears the marks.
    /// Returns how many cases were recomputed. A centre whose profile does
    /// not load leaves its marks: `due` then computes those cases as it
    /// reads, and the write itself is not refused for it.
    pub(crate) fn recompute_dirty_deadlines(&self) -> Result<usize> {
        let db = self.db();
        let marked: i64 = db.query_row("SELECT count(*) FROM deadlines_dirty", &[], |r| r.get(0))?;
        if marked == 0 {
            return Ok(0);
        }
        let Ok(profile) = self.centre()?.load_profile() else { return Ok(0) };
        let progress = self.progress.filter(|_| marked as usize >= PROGRESS_FROM);
        let material = self.due_material(DueScope::Dirty, &profile, progress)?;
        let deadlines = material::open_deadlines(&material, &profile);
        db.execute("DELETE FROM deadlines WHERE case_id IN (SELECT case_id FROM deadlines_dirty)", &[])?;
        write_rows(&db, &deadlines)?;
        db.execute("DELETE FROM deadlines_dirty", &[])?;
        if let Some(report) = progress {
            report(material::STEPS, material::STEPS);
        }
        Ok(marked as usize)
    }

    /// Recomputes what is marked in a transaction of its own: after a
    /// migration marked every case, and after another program's writes.
    /// Derived data only, so no audit row.
    pub(crate) fn recompute_marked_now(&mut self) -> Result<()> {
        if self.read_only || !self.deadlines_dirty()? {
            return Ok(());
        }
        let db = self.db();
        let tx = db.transaction(crate::store::engine::Intent::Write)?;
        self.recompute_dirty_deadlines()?;
        tx.commit()?;
        Ok(())
    }

    /// Reports a long recompute (a new profile for a large centre) to
    /// `progress`: the command line draws it on standard error.
    pub fn report_progress(&mut self, progress: Progress) {
        self.progress = Some(progress);
    }

    /// The stored deadlines, in case and list order, `where_` narrowing
    /// them (`WHERE …` over `deadlines d`).
    #[cfg(test)]
    pub(crate) fn stored_deadlines(&self, where_: &str, params: Params<'_>) -> Result<Vec<Stored>> {
        stored_deadlines_on(&self.db(), where_, params)
    }
}

/// Whether any case is marked for a recompute.
pub(crate) fn deadlines_dirty_on(db: &Db<'_>) -> Result<bool> {
    Ok(db.query_row("SELECT EXISTS (SELECT 1 FROM deadlines_dirty)", &[], |r| r.get(0))?)
}

/// The stored deadlines, in case and list order, `where_` narrowing them
/// (`WHERE …` over `deadlines d`).
pub(crate) fn stored_deadlines_on(db: &Db<'_>, where_: &str, params: Params<'_>) -> Result<Vec<Stored>> {
    let sql = format!("SELECT {COLUMNS} FROM deadlines d {where_}");
    // Straight into one list: `due` reads some 15,000 rows.
    let mut stored = Vec::new();
    db.query_each(&sql, params, |row| {
        stored.push(read_row(row)?);
        Ok(())
    })?;
    Ok(stored)
}

/// Whether the case whose id is `case` (an SQL expression) is a §101a
/// anonymous case, as the access rule's SQL has it ([`anonymous_sql`]):
/// stored with each deadline, so a counsellor's counts need not read the
/// case. As 0/1 (a CASE, not the condition itself): PostgreSQL keeps it
/// in an integer column and compares it with one.
pub(crate) fn anonymity_of(case: &str) -> String {
    format!(
        "coalesce((SELECT CASE WHEN {} THEN 1 ELSE 0 END FROM cases c JOIN citizens p ON p.id = c.citizen_id
            WHERE c.id = {case}), 0)",
        anonymous_sql()
    )
}

/// Writes `deadlines` (each case's in list order) with their order, and
/// with their case's anonymity as it stands in the same transaction.
pub(crate) fn write_rows(db: &Db<'_>, deadlines: &[OpenDeadline]) -> Result<()> {
    let sql = format!(
        "INSERT INTO deadlines (case_id, seq, kind, due, valid_from, valid_until, counsellor, rule, setting, profile,
            follow_up_months, clock_started, anonymous)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, {})",
        anonymity_of("?1")
    );
    let mut seq: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
    for d in deadlines {
        let n = seq.entry(d.case).or_insert(0);
        let (due, from, until) = (d.due.map(day_text).unwrap_or_default(), d.from.map(day_text), d.until.map(day_text));
        let clock_started = d.clock_started.map(day_text);
        let params: [&dyn ToValue; 12] = [
            &d.case,
            &*n,
            &d.kind.id(),
            &due,
            &from,
            &until,
            &d.counsellor,
            &d.rule,
            &d.setting,
            &d.profile,
            &d.follow_up_months,
            &clock_started,
        ];
        db.execute(&sql, &params)?;
        *n += 1;
    }
    Ok(())
}

/// One stored deadline. The kind and the dates are read in place, not
/// copied into strings of their own: `due` reads some 15,000 rows.
fn read_row(r: &Row<'_>) -> super::engine::Result<Stored> {
    let text = |i: usize| -> super::engine::Result<Option<&str>> {
        match r.value(i)? {
            ValueRef::Text(t) => Ok(Some(t)),
            ValueRef::Null => Ok(None),
            other => {
                Err(super::engine::Error::Type { column: i, wanted: super::engine::Kind::Text, found: other.kind() })
            }
        }
    };
    let (case, seq): (i64, i64) = (r.get(0)?, r.get(1)?);
    let (kind, due) = (text(2)?.unwrap_or_default(), text(3)?.unwrap_or_default());
    let day = |i: usize| -> super::engine::Result<Option<NaiveDate>> { Ok(text(i)?.map(parse_day).transpose()?) };
    let (from, until, clock_started) = (day(4)?, day(5)?, day(11)?);
    let Some(kind) = DueKind::ALL.into_iter().find(|k| k.id() == kind) else {
        return Err(super::StoreError::Corrupt(format!("frist {seq} på sag {case}: {kind} {due}")).into());
    };
    // '' is a flag due every day.
    let due = if due.is_empty() { None } else { Some(parse_day(due)?) };
    let (counsellor, rule, setting, profile) = (r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?);
    let follow_up_months = r.get(10)?;
    Ok(Stored {
        seq,
        deadline: OpenDeadline {
            case,
            kind,
            due,
            from,
            until,
            counsellor,
            rule,
            setting,
            profile,
            follow_up_months,
            clock_started,
        },
    })
}
