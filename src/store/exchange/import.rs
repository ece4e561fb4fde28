//! Import: a whole file into an empty database, all or nothing, after the
//! checks of `check.rs`.

use super::check::{CheckedFile, check};
use super::groups::import_groups;
use super::problem::ImportProblem;
use super::*;
use crate::domain::intake::Circumstances;
use crate::store::batch::BatchInsert;
use crate::store::citizens::write_circumstances;

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
        let written = self.write_all(&checked, detail);
        self.conn().pragma_update(None, "cache_size", cache)?;
        written
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
            for r in &file.cases {
                insert_case(tx, &cases[&r.id])?;
                // The table is empty: only what is known is written.
                if r.family.is_some() || r.income.is_some() {
                    write_circumstances(tx, r.id, &Circumstances { family: r.family, income: r.income })?;
                }
            }
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
            for v in &file.plan_versions {
                insert_version(tx, v.case_id, &v.to_new_version(), &v.actor, &v.recorded_at, Some(v.id))?;
            }
            for e in &file.course_endings {
                insert_ending(
                    tx,
                    &Ending {
                        case_id: e.case_id,
                        ended_on: e.ended_on,
                        reason: e.reason,
                        follow_up_declined: e.follow_up_declined,
                        note: e.note.clone(),
                        actor: e.actor.clone(),
                        recorded_at: e.recorded_at.clone(),
                    },
                )?;
            }
            BatchInsert::insert_all(
                tx,
                "follow_up_calls",
                &["id", "case_id", "months", "due_on"],
                file.follow_up_calls.iter().map(|c| [
                    c.id.into(),
                    c.case_id.into(),
                    c.months.into(),
                    day_text(c.due_on).into(),
                ]),
            )?;
            for a in &file.follow_up_attempts {
                let attempt = NewAttempt { on: a.on, reached: a.reached, outcome: a.outcome, note: a.note.clone() };
                insert_attempt(tx, Some(a.id), a.call_id, &attempt, &a.actor, &a.recorded_at)?;
            }
            for c in &family.children {
                insert_child(tx, c)?;
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
                insert_notification(tx, n)?;
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
            for c in complaints {
                crate::store::complaints::insert_complaint(tx, c)?;
            }
            Ok(((), None, detail))
        })
    }
}
