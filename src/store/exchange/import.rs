//! Import: a whole file into an empty database, all or nothing, after the
//! checks of `check.rs`.

use super::check::{CheckedFile, check};
use super::groups::import_groups;
use super::problem::ImportProblem;
use super::*;
use std::collections::HashMap;

use crate::store::batch::BatchInsert;
use crate::store::cases::{case_columns, case_row};

/// The page cache an import writes through, in KiB.
const IMPORT_CACHE_KIB: i64 = 32 * 1024;

impl Store {
    /// Takes a whole file into an empty database, all or nothing.
    pub fn import(&mut self, file: &ExportFile) -> Result<()> {
        self.import_checked(check(file)?)
    }

    /// Takes a file the checks have passed ([`super::check_file`]) into an
    /// empty database, all or nothing.
    pub fn import_checked(&mut self, checked: CheckedFile<'_>) -> Result<()> {
        let file = checked.file;
        let detail = format!(
            "{} borgere, {} sager, {} hændelser, {} planversioner, {} afslutninger, {} opfølgningsopkald, {} børn, {} underretninger, \
             {} leverandører, {} døgnophold",
            file.citizens.len(),
            file.cases.len(),
            file.case_events.len(),
            file.plan_versions.len(),
            file.course_endings.len(),
            file.follow_up_calls.len(),
            file.children.len(),
            file.notifications.len(),
            file.providers.len(),
            file.stays.len()
        );
        // The one long transaction writes every table's growing end and
        // indexes over and over: with SQLite's 2 MiB cache those pages go
        // out to the journal and are read back again and again.
        let cache: i64 = self.conn().query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn().pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
        let journal = self.journal_for_import();
        let written = self.write_all(&checked, detail);
        if journal {
            // Back to the log. Should a colleague's program hold the file
            // just now, the switch fails; the import stands all the same,
            // and the next program to open the file (every opening sets
            // WAL mode) switches it.
            let _ = self.conn().pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0));
        }
        self.conn().pragma_update(None, "cache_size", cache)?;
        written
    }

    /// Switches the file to a rollback journal for the import, when no one
    /// else has it open (else it stays in WAL mode, and the import only
    /// takes longer); returns whether it switched.
    ///
    /// Why: the import fills empty tables, and SQLite writes the pages
    /// past the file's end as it was straight into the file, once, with
    /// nothing to journal; in WAL mode every page goes into the log, again
    /// each time the cache spills it, and is copied into the file by the
    /// checkpoint after. All or nothing still holds: a killed import leaves
    /// a journal that the next opening rolls back, as the WAL would.
    fn journal_for_import(&self) -> bool {
        let in_wal = |mode: &str| mode.eq_ignore_ascii_case("wal");
        let now: String = self.conn().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap_or_default();
        in_wal(&now)
            && self
                .conn()
                .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))
                .is_ok_and(|mode| !in_wal(&mode))
    }

    /// Writes the checked records in one transaction, all or nothing.
    fn write_all(&mut self, checked: &CheckedFile<'_>, detail: String) -> Result<()> {
        let CheckedFile { file, cases, family, centre, complaints } = checked;
        // Every row inserted is recorded by its key and hash (see write_bulk).
        self.write_bulk("import", "database", |tx| {
            // Empty as it stands in the transaction: a colleague may have
            // registered a contact since the file was checked.
            let occupied: i64 = tx.query_row(
                "SELECT (SELECT count(*) FROM citizens) + (SELECT count(*) FROM cases) + (SELECT count(*) FROM providers)
                    + (SELECT count(*) FROM treatment_groups) + (SELECT count(*) FROM gift_card_ledger)",
                [],
                |r| r.get(0),
            )?;
            if occupied > 0 {
                return Err(bad("databasen".into(), ImportProblem::DatabaseNotEmpty));
            }
            let c = centre;
            tx.prepare_cached("UPDATE centre SET name = ?1, municipality = ?2, profile_id = ?3, profile_path = ?4, profile_toml = ?5
                 WHERE id = 1")?.execute(params![c.name, c.municipality, c.profile, c.profile_path, c.profile_toml],
            )?;
            // The largest lists go a batch of rows to a statement (see BatchInsert).
            BatchInsert::insert_all(
                tx,
                "citizens",
                &["id", "name", "cpr", "pseudonym", "home_municipality", "citizenship", "gender"],
                file.citizens.iter().map(|r| [
                    r.id.into(),
                    r.name.clone().into(),
                    r.cpr.as_ref().and_then(|c| Cpr::parse(c).ok()).map(|(c, _)| c.full()).into(),
                    r.pseudonym.clone().into(),
                    r.home_municipality.clone().into(),
                    r.citizenship.as_ref().map(enum_id).into(),
                    r.gender.as_ref().map(enum_id).into(),
                ]),
            )?;
            BatchInsert::insert_all(tx, "cases", &case_columns(), file.cases.iter().map(|r| case_row(&cases[&r.id])))?;
            BatchInsert::insert_all(
                tx,
                "case_substances",
                &["case_id", "substance"],
                file.cases.iter().flat_map(|r| r.substances.iter().map(|s| [r.id.into(), enum_id(s).into()])),
            )?;
            // The table is empty: only what is known is written.
            BatchInsert::insert_all(
                tx,
                "case_circumstances",
                &["case_id", "family", "income"],
                file.cases.iter().filter(|r| r.family.is_some() || r.income.is_some()).map(|r| {
                    [r.id.into(), r.family.as_ref().map(enum_id).into(), r.income.as_ref().map(enum_id).into()]
                }),
            )?;
            BatchInsert::insert_all(
                tx,
                "case_events",
                &["id", "case_id", "kind", "on_date", "reason", "wanted", "actor", "recorded_at", "undoes", "counsellor"],
                file.case_events.iter().map(|e| [
                    e.id.into(),
                    e.case_id.into(),
                    e.kind.clone().into(),
                    day_text(e.on).into(),
                    e.reason.clone().into(),
                    e.wanted.into(),
                    e.actor.clone().into(),
                    e.recorded_at.clone().into(),
                    e.undoes.into(),
                    e.counsellor.clone().into(),
                ]),
            )?;
            BatchInsert::insert_all(
                tx,
                "plan_versions",
                &[
                    "id", "case_id", "version", "effective_on", "next_revision_on", "services", "methods", "partners",
                    "action_plan", "citizen_took_part", "changes", "actor", "recorded_at",
                ],
                file.plan_versions.iter().map(|v| [
                    v.id.into(),
                    v.case_id.into(),
                    v.version.into(),
                    day_text(v.effective_on).into(),
                    day_text(v.next_revision_on).into(),
                    v.services.clone().into(),
                    v.methods.clone().into(),
                    v.partners.clone().into(),
                    enum_id(&v.action_plan).into(),
                    v.citizen_took_part.into(),
                    v.changes.clone().into(),
                    v.actor.clone().into(),
                    v.recorded_at.clone().into(),
                ]),
            )?;
            BatchInsert::insert_all(
                tx,
                "plan_goals",
                &["version_id", "position", "area", "text", "status"],
                file.plan_versions.iter().flat_map(|v| {
                    v.goals.iter().zip(0i64..).map(|(g, position)| [
                        v.id.into(),
                        position.into(),
                        enum_id(&g.area).into(),
                        g.text.clone().into(),
                        enum_id(&g.status).into(),
                    ])
                }),
            )?;
            BatchInsert::insert_all(
                tx,
                "course_endings",
                &["case_id", "ended_on", "reason", "follow_up_declined", "note", "actor", "recorded_at"],
                file.course_endings.iter().map(|e| [
                    e.case_id.into(),
                    day_text(e.ended_on).into(),
                    enum_id(&e.reason).into(),
                    e.follow_up_declined.into(),
                    e.note.clone().into(),
                    e.actor.clone().into(),
                    e.recorded_at.clone().into(),
                ]),
            )?;
            // A call is done on the day of its last attempt that reached the
            // citizen (as each such attempt sets it when recorded): written
            // with the call rather than updated after it.
            let done: HashMap<i64, NaiveDate> =
                file.follow_up_attempts.iter().filter(|a| a.reached).map(|a| (a.call_id, a.on)).collect();
            BatchInsert::insert_all(
                tx,
                "follow_up_calls",
                &["id", "case_id", "months", "due_on", "done_on"],
                file.follow_up_calls.iter().map(|c| [
                    c.id.into(),
                    c.case_id.into(),
                    c.months.into(),
                    day_text(c.due_on).into(),
                    done.get(&c.id).map(|on| day_text(*on)).into(),
                ]),
            )?;
            BatchInsert::insert_all(
                tx,
                "follow_up_attempts",
                &["id", "call_id", "on_date", "reached", "outcome", "note", "actor", "recorded_at"],
                file.follow_up_attempts.iter().map(|a| [
                    a.id.into(),
                    a.call_id.into(),
                    day_text(a.on).into(),
                    a.reached.into(),
                    a.outcome.map(|o| enum_id(&o)).into(),
                    a.note.clone().into(),
                    a.actor.clone().into(),
                    a.recorded_at.clone().into(),
                ]),
            )?;
            for c in &family.children {
                insert_child(&crate::store::engine::Db::borrowing(tx), c)?;
            }
            BatchInsert::insert_all(
                tx,
                "child_considerations",
                &["id", "case_id", "on_date", "note", "actor", "recorded_at"],
                file.child_considerations.iter().map(|c| [
                    c.id.into(),
                    c.case_id.into(),
                    day_text(c.on).into(),
                    c.note.clone().into(),
                    c.actor.clone().into(),
                    c.recorded_at.clone().into(),
                ]),
            )?;
            super::conversations::import_conversations(tx, &file.conversations)?;
            for n in &family.notifications {
                insert_notification(&crate::store::engine::Db::borrowing(tx), n)?;
            }
            for p in &file.providers {
                insert_provider(tx, &p.to_provider())?;
            }
            for p in &file.provider_prices {
                let price = Price { service: p.service, unit: p.unit, amount: p.amount, valid_from: p.valid_from };
                insert_price(tx, Some(p.id), p.provider_id, &price)?;
            }
            for s in &file.stays {
                insert_stay(tx, &s.to_stay())?;
            }
            BatchInsert::insert_all(
                tx,
                "stay_events",
                &["id", "stay_id", "kind", "on_date", "detail", "actor", "recorded_at"],
                file.stay_events.iter().map(|e| [
                    e.id.into(),
                    e.stay_id.into(),
                    e.kind.clone().into(),
                    day_text(e.on).into(),
                    e.detail.clone().into(),
                    e.actor.clone().into(),
                    e.recorded_at.clone().into(),
                ]),
            )?;
            import_groups(tx, file)?;
            let db = crate::store::engine::Db::borrowing(tx);
            for c in complaints {
                crate::store::complaints::insert_complaint(&db, c)?;
            }
            Ok(((), None, detail))
        })
    }
}
