//! The import's writer: each part of each list, once its checks have
//! passed, into the database, a batch of rows to each statement; what the
//! checks can only give once the whole file is read (children and
//! notifications, complaints), after the last part.

use rusqlite::types::Value;

use super::check::{Finished, Passed};
use super::groups::import as groups;
use super::part::Part;
use super::*;
use crate::store::batch::BatchInsert;
use crate::store::cases::{case_columns, case_row};
use crate::store::engine::Db;

/// Writes the parts as they come. Each list refers only to lists before
/// it, so every row goes in after the rows it refers to.
pub(super) struct Writer<'a, 'c> {
    db: &'a Db<'c>,
    /// The gift-card ledger is checked whole, once its list has ended (an
    /// entry may correct any other): it is written after its checks, so a
    /// problem in it is named by them rather than by the database.
    ledger: Vec<LedgerRecord>,
}

impl<'a, 'c> Writer<'a, 'c> {
    pub(super) fn new(db: &'a Db<'c>) -> Writer<'a, 'c> {
        Writer { db, ledger: Vec::new() }
    }

    /// Writes one part that has passed its checks.
    pub(super) fn write(&mut self, part: Part<'_>, passed: Passed) -> Result<()> {
        let db = self.db;
        match part {
            Part::Citizens(records) => citizens(db, records),
            Part::Cases(records) => cases(db, records, &passed.cases),
            Part::CaseEvents(records) => case_events(db, records),
            Part::PlanVersions(records) => plan_versions(db, records),
            Part::CourseEndings(records) => course_endings(db, records),
            Part::FollowUpCalls(records) => follow_up_calls(db, records),
            Part::FollowUpAttempts(records) => follow_up_attempts(db, records),
            // Written whole after the last part, as the checks built them.
            Part::Children(_) | Part::Notifications(_) | Part::NotificationUpdates(_) | Part::Complaints(_) => Ok(()),
            Part::ChildConsiderations(records) => child_considerations(db, records),
            Part::Conversations(records) => super::conversations::import_conversations(db, records),
            Part::Providers(records) => {
                records.iter().try_for_each(|p| insert_provider_on(db, &p.to_provider()).map(drop))
            }
            Part::ProviderPrices(records) => records.iter().try_for_each(|p| {
                let price = Price { service: p.service, unit: p.unit, amount: p.amount, valid_from: p.valid_from };
                insert_price_on(db, Some(p.id), p.provider_id, &price)
            }),
            Part::Stays(records) => records.iter().try_for_each(|s| insert_stay_on(db, &s.to_stay()).map(drop)),
            Part::StayEvents(records) => stay_events(db, records),
            Part::Groups(records) => groups::groups(db, records),
            Part::GroupMembers(records) => groups::members(db, records),
            Part::GroupSessions(records) => groups::sessions(db, records),
            Part::MoveCourses(records) => groups::courses(db, records),
            Part::Attendances(records) => groups::attendances(db, records),
            Part::GiftCardLedger(records) => {
                self.ledger.extend_from_slice(records);
                Ok(())
            }
        }
    }

    /// Writes what waited for the whole file: the days the calls were
    /// done, the ledger, the centre, the children and notifications, the
    /// complaints.
    pub(super) fn finish(self, finished: Finished) -> Result<()> {
        let Writer { db, ledger } = self;
        // A call is done on the day of its last attempt that reached the
        // citizen, as each such attempt sets it when recorded; only the
        // attempts, after the calls, tell it.
        db.execute(
            "UPDATE follow_up_calls SET done_on = (
                 SELECT a.on_date FROM follow_up_attempts a WHERE a.call_id = follow_up_calls.id AND a.reached = 1
                 ORDER BY a.id DESC LIMIT 1)
             WHERE id IN (SELECT call_id FROM follow_up_attempts WHERE reached = 1)",
            &[],
        )?;
        groups::ledger(db, &ledger)?;
        let c = &finished.centre;
        db.execute(
            "UPDATE centre SET name = ?1, municipality = ?2, profile_id = ?3, profile_path = ?4, profile_toml = ?5
             WHERE id = 1",
            &[&c.name, &c.municipality, &c.profile, &c.profile_path, &c.profile_toml],
        )?;
        for child in &finished.family.children {
            insert_child(db, child)?;
        }
        for n in &finished.family.notifications {
            insert_notification(db, n)?;
        }
        for c in &finished.complaints {
            crate::store::complaints::insert_complaint(db, c)?;
        }
        Ok(())
    }
}

fn citizens(db: &Db<'_>, records: &[CitizenRecord]) -> Result<()> {
    BatchInsert::insert_all(
        db,
        "citizens",
        &["id", "name", "cpr", "pseudonym", "home_municipality", "citizenship", "gender"],
        records.iter().map(|r| {
            [
                r.id.into(),
                r.name.clone().into(),
                r.cpr.as_ref().and_then(|c| Cpr::parse(c).ok()).map(|(c, _)| c.full()).into(),
                r.pseudonym.clone().into(),
                r.home_municipality.clone().into(),
                r.citizenship.as_ref().map(enum_id).into(),
                r.gender.as_ref().map(enum_id).into(),
            ]
        }),
    )
}

/// The cases as the store writes them (`cases`, built by the checks in
/// the records' order) with their substances and circumstances.
fn cases(db: &Db<'_>, records: &[CaseRecord], cases: &[Case]) -> Result<()> {
    debug_assert_eq!(records.len(), cases.len(), "the checks hand back each case of the part");
    BatchInsert::insert_all(db, "cases", &case_columns(), cases.iter().map(case_row))?;
    BatchInsert::insert_all(
        db,
        "case_substances",
        &["case_id", "substance"],
        records.iter().flat_map(|r| r.substances.iter().map(|s| [r.id.into(), enum_id(s).into()])),
    )?;
    // The table is empty: only what is known is written.
    BatchInsert::insert_all(
        db,
        "case_circumstances",
        &["case_id", "family", "income"],
        records
            .iter()
            .filter(|r| r.family.is_some() || r.income.is_some())
            .map(|r| [r.id.into(), r.family.as_ref().map(enum_id).into(), r.income.as_ref().map(enum_id).into()]),
    )
}

fn case_events(db: &Db<'_>, records: &[EventRecord]) -> Result<()> {
    BatchInsert::insert_all(
        db,
        "case_events",
        &["id", "case_id", "kind", "on_date", "reason", "wanted", "actor", "recorded_at", "undoes", "counsellor"],
        records.iter().map(|e| {
            [
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
            ]
        }),
    )
}

fn plan_versions(db: &Db<'_>, records: &[PlanVersionRecord]) -> Result<()> {
    BatchInsert::insert_all(
        db,
        "plan_versions",
        &[
            "id",
            "case_id",
            "version",
            "effective_on",
            "next_revision_on",
            "services",
            "methods",
            "partners",
            "action_plan",
            "citizen_took_part",
            "changes",
            "actor",
            "recorded_at",
        ],
        records.iter().map(|v| {
            [
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
            ]
        }),
    )?;
    BatchInsert::insert_all(
        db,
        "plan_goals",
        &["version_id", "position", "area", "text", "status"],
        records.iter().flat_map(|v| {
            v.goals.iter().zip(0i64..).map(|(g, position)| {
                [
                    v.id.into(),
                    position.into(),
                    enum_id(&g.area).into(),
                    g.text.clone().into(),
                    enum_id(&g.status).into(),
                ]
            })
        }),
    )
}

fn course_endings(db: &Db<'_>, records: &[EndingRecord]) -> Result<()> {
    BatchInsert::insert_all(
        db,
        "course_endings",
        &["case_id", "ended_on", "reason", "follow_up_declined", "note", "actor", "recorded_at"],
        records.iter().map(|e| {
            [
                e.case_id.into(),
                day_text(e.ended_on).into(),
                enum_id(&e.reason).into(),
                e.follow_up_declined.into(),
                e.note.clone().into(),
                e.actor.clone().into(),
                e.recorded_at.clone().into(),
            ]
        }),
    )
}

/// The calls, open: the attempts that reached the citizen set the day each
/// was done once they are all written (`Writer::finish`).
fn follow_up_calls(db: &Db<'_>, records: &[CallRecord]) -> Result<()> {
    BatchInsert::insert_all(
        db,
        "follow_up_calls",
        &["id", "case_id", "months", "due_on"],
        records.iter().map(|c| [c.id.into(), c.case_id.into(), c.months.into(), day_text(c.due_on).into()]),
    )
}

fn follow_up_attempts(db: &Db<'_>, records: &[AttemptRecord]) -> Result<()> {
    BatchInsert::insert_all(
        db,
        "follow_up_attempts",
        &["id", "call_id", "on_date", "reached", "outcome", "note", "actor", "recorded_at"],
        records.iter().map(|a| {
            [
                a.id.into(),
                a.call_id.into(),
                day_text(a.on).into(),
                a.reached.into(),
                a.outcome.map(|o| enum_id(&o)).into(),
                a.note.clone().into(),
                a.actor.clone().into(),
                a.recorded_at.clone().into(),
            ]
        }),
    )
}

fn child_considerations(db: &Db<'_>, records: &[ConsiderationRecord]) -> Result<()> {
    BatchInsert::insert_all(
        db,
        "child_considerations",
        &["id", "case_id", "on_date", "note", "actor", "recorded_at"],
        records.iter().map(|c| {
            [
                c.id.into(),
                c.case_id.into(),
                day_text(c.on).into(),
                c.note.clone().into(),
                c.actor.clone().into(),
                c.recorded_at.clone().into(),
            ]
        }),
    )
}

fn stay_events(db: &Db<'_>, records: &[StayEventRecord]) -> Result<()> {
    BatchInsert::insert_all(
        db,
        "stay_events",
        &["id", "stay_id", "kind", "on_date", "detail", "actor", "recorded_at"],
        records.iter().map(|e| -> [Value; 7] {
            [
                e.id.into(),
                e.stay_id.into(),
                e.kind.clone().into(),
                day_text(e.on).into(),
                e.detail.clone().into(),
                e.actor.clone().into(),
                e.recorded_at.clone().into(),
            ]
        }),
    )
}
