//! Corrections of a case after registration (issue 10): its own fields
//! edited, the case handed to another counsellor, a step undone. Each is
//! one audited write that refuses to write over a colleague's change since
//! the form opened, and each adds an event to the case's history, so the
//! history shows what was corrected, by whom and why; nothing is deleted.

use chrono::NaiveDate;
use rusqlite::types::Value;

use super::access::{actor_on, check_reassign, is_anonymous};
use super::cases::{
    CaseEvent, DATE, DATE_TIME, case_events_on, case_on, enum_id, parse_enum, update_columns, write_progress_change,
};
use super::conflict::{Opened, Record, unchanged_since};
use super::engine::Db;
use super::users::{User, remove_share};
use super::{Result, Store, StoreError, now_stamp};
use crate::domain::access::receiver_problem;
use crate::domain::intake::{
    Case, CaseEdit, RecordedStep, Step, StepKind, Substance, apply_undo, check_undo_reason, undo_problem,
};

/// An edit of the case's own fields; its reason names the fields changed
/// (`substances,note`: [`crate::domain::intake::EditField`] ids).
pub const EVENT_EDITED: &str = "edited";
/// The parents' consent given after the contact, on the event's day.
pub const EVENT_CONSENT_GIVEN: &str = "parental_consent";
/// A step taken back: `undoes` names its event, the reason says why.
pub const EVENT_UNDONE: &str = "undone";
/// The case handed to `counsellor`.
pub const EVENT_REASSIGNED: &str = "reassigned";

/// The steps of a case's history, each marked when a later event undid it.
pub fn recorded_steps(events: &[CaseEvent]) -> Vec<RecordedStep> {
    let undone: Vec<i64> = events.iter().filter(|e| e.kind == EVENT_UNDONE).filter_map(|e| e.undoes).collect();
    events
        .iter()
        .filter_map(|e| {
            let kind: StepKind = parse_enum(&e.kind).ok()?;
            Some(RecordedStep {
                event_id: e.id,
                step: Step::from_parts(kind, e.on, e.reason.clone(), e.wanted),
                undone: undone.contains(&e.id),
            })
        })
        .collect()
}

/// Whether the course has records of its own elsewhere (a plan, an ending,
/// a residential stay) that rest on its start of treatment.
fn course_on_record_on(db: &Db<'_>, case_id: i64) -> Result<bool> {
    Ok(db.query_row(
        "SELECT EXISTS (SELECT 1 FROM plan_versions WHERE case_id = ?1)
             OR EXISTS (SELECT 1 FROM course_endings WHERE case_id = ?1)
             OR EXISTS (SELECT 1 FROM stays WHERE case_id = ?1)",
        &[&case_id],
        |r| r.get(0),
    )?)
}

#[allow(clippy::too_many_arguments)]
fn insert_correction(
    db: &Db<'_>,
    case_id: i64,
    kind: &str,
    on: NaiveDate,
    reason: Option<&str>,
    undoes: Option<i64>,
    counsellor: Option<&str>,
    actor: &str,
) -> Result<()> {
    db.execute(
        "INSERT INTO case_events (case_id, kind, on_date, reason, actor, recorded_at, undoes, counsellor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        &[&case_id, &kind, &on.format(DATE).to_string(), &reason, &actor, &now_stamp(), &undoes, &counsellor],
    )?;
    Ok(())
}

fn stored_case(db: &Db<'_>, case_id: i64) -> Result<Case> {
    case_on(db, case_id)?.ok_or(StoreError::NotFound { what: "sag", id: case_id })
}

/// Writes a case's substances from `stored` to `new`: the ones gone
/// removed, the ones new added, the ones kept untouched.
fn change_substances(db: &Db<'_>, case_id: i64, stored: &[Substance], new: &[Substance]) -> Result<()> {
    for gone in stored.iter().filter(|s| !new.contains(s)) {
        db.execute("DELETE FROM case_substances WHERE case_id = ?1 AND substance = ?2", &[&case_id, &enum_id(gone)])?;
    }
    for added in new.iter().filter(|s| !stored.contains(s)) {
        db.execute("INSERT INTO case_substances (case_id, substance) VALUES (?1, ?2)", &[&case_id, &enum_id(added)])?;
    }
    Ok(())
}

/// Refused when a colleague changed the case's row or added to its
/// history (a step, an edit, a correction) since the form opened.
fn untouched(tx: &Db<'_>, case_id: i64, opened: Opened) -> Result<()> {
    unchanged_since(tx, Record::Case(case_id), opened)?;
    unchanged_since(tx, Record::CaseEvents(case_id), opened)
}

impl Store {
    /// The case's history and whether its course has records elsewhere:
    /// what the undo form checks against (not a look: the case is open).
    pub fn undo_facts(&self, case_id: i64) -> Result<(Vec<RecordedStep>, bool)> {
        let db = &self.db();
        Ok((recorded_steps(&case_events_on(db, case_id)?), course_on_record_on(db, case_id)?))
    }

    /// The active users who may hold a case (anonymous §101a or not),
    /// by name: whom the handover form offers.
    pub fn case_holders(&self, anonymous: bool) -> Result<Vec<User>> {
        Ok(self
            .users()?
            .into_iter()
            .filter(|u| {
                let actor = crate::domain::access::Actor::User { role: u.role, anonymous_team: u.anonymous_team };
                !u.disabled && receiver_problem(actor, &u.name, "", anonymous).is_none()
            })
            .collect())
    }

    /// Saves a checked edit of a case's own fields (`edit.case` is the case
    /// as it will be), with an `edited` event naming the fields, and a
    /// `parental_consent` event on the day consent was given later.
    /// Refused over a colleague's change since `opened`.
    pub fn edit_case(&mut self, edit: &CaseEdit, today: NaiveDate, opened: Opened) -> Result<Case> {
        let actor = self.actor().to_string();
        let case_id = edit.case.id;
        self.write("edit_case", "case", |db| {
            let stored = stored_case(db, case_id)?;
            untouched(db, case_id, opened)?;
            let new = &edit.case;
            let columns: [(&'static str, Value, bool); 7] = [
                ("kind", Value::from(enum_id(&new.kind)), new.kind != stored.kind),
                ("channel", Value::from(enum_id(&new.channel)), new.channel != stored.channel),
                (
                    "contact_at",
                    Value::from(new.contact_at.format(DATE_TIME).to_string()),
                    new.contact_at != stored.contact_at,
                ),
                ("children", Value::from(enum_id(&new.children)), new.children != stored.children),
                (
                    "parental_consent",
                    Value::from(new.parental_consent),
                    new.parental_consent != stored.parental_consent,
                ),
                ("note", Value::from(new.note.clone()), new.note != stored.note),
                ("referred_young", Value::from(new.referred_young), new.referred_young != stored.referred_young),
            ];
            update_columns(db, case_id, columns.into_iter().filter(|c| c.2).map(|(n, v, _)| (n, v)).collect())?;
            change_substances(db, case_id, &stored.substances, &new.substances)?;
            let fields: Vec<&str> = edit.changed.iter().map(|f| f.id()).collect();
            let fields = fields.join(",");
            insert_correction(db, case_id, EVENT_EDITED, today, Some(&fields), None, None, &actor)?;
            if let Some(on) = edit.consent_given_on {
                insert_correction(db, case_id, EVENT_CONSENT_GIVEN, on, None, None, None, &actor)?;
            }
            Ok((stored_case(db, case_id)?, Some(case_id), fields))
        })
    }

    /// Hands case `case_id` to counsellor `to`: its own counsellor or a
    /// team leader may (checked here before the change, for after it the
    /// case is the receiver's), to an active user who works cases (for a
    /// §101a case, on the anonymous team). A share with the receiver is
    /// ended: the case is theirs now. Refused over a colleague's change of
    /// the case since `opened`.
    pub fn reassign_case(&mut self, case_id: i64, to: &str, today: NaiveDate, opened: Opened) -> Result<Case> {
        let actor = self.actor().to_string();
        let to = to.trim().to_string();
        self.write("reassign_case", "case", |db| {
            let stored = stored_case(db, case_id)?;
            unchanged_since(db, Record::Case(case_id), opened)?;
            check_reassign(db, &actor, &stored)?;
            let receiver = actor_on(db, &to)?;
            if let Some(problem) = receiver_problem(receiver, &to, &stored.counsellor, is_anonymous(&stored)) {
                return Err(StoreError::Receiver(problem, to.clone()));
            }
            update_columns(db, case_id, vec![("counsellor", Value::from(to.clone()))])?;
            // The case is theirs now: a share with them ends (if there was one).
            remove_share(db, case_id, &to)?;
            insert_correction(db, case_id, EVENT_REASSIGNED, today, None, None, Some(&to), &actor)?;
            let detail = format!("{} → {to}", stored.counsellor);
            Ok((stored_case(db, case_id)?, Some(case_id), detail))
        })
    }

    /// Undoes step event `event_id` of case `case_id` by a correcting
    /// `undone` event with the reason: both stay in the history, and the
    /// case's progress is recomputed from the steps that stand (the
    /// domain's [`undo_problem`] and [`apply_undo`], checked again here
    /// against the history as it stands). Refused over a colleague's
    /// change since `opened`.
    pub fn undo_step(
        &mut self,
        case_id: i64,
        event_id: i64,
        reason: &str,
        today: NaiveDate,
        opened: Opened,
    ) -> Result<Case> {
        let actor = self.actor().to_string();
        let reason = check_undo_reason(reason).map_err(StoreError::Undo)?;
        self.write("undo_step", "case", |db| {
            let stored = stored_case(db, case_id)?;
            untouched(db, case_id, opened)?;
            let history = recorded_steps(&case_events_on(db, case_id)?);
            if let Some(problem) = undo_problem(&stored, &history, event_id, course_on_record_on(db, case_id)?) {
                return Err(StoreError::Undo(problem));
            }
            let mut case = stored.clone();
            apply_undo(&mut case, &history, event_id);
            write_progress_change(db, case_id, &stored.progress, &case.progress)?;
            insert_correction(db, case_id, EVENT_UNDONE, today, Some(&reason), Some(event_id), None, &actor)?;
            let kind = history.iter().find(|s| s.event_id == event_id).map(|s| enum_id(&s.step.kind()));
            Ok((case, Some(case_id), kind.unwrap_or_default()))
        })
    }
}

/// The family's statements on both engines.
#[cfg(test)]
mod on_engines {
    use super::*;
    use crate::domain::intake::test_support::date;
    use crate::store::cases::insert_event;
    use crate::store::engine::both::{Place, a_case, on_both_engines};

    on_both_engines!(
        corrections_join_the_history_and_undo_what_they_name,
        the_substances_change_to_the_new_list,
        a_course_on_record_is_any_record_of_its_own,
    );

    fn corrections_join_the_history_and_undo_what_they_name(place: &Place) {
        let db = place.open();
        let case = a_case(&db, "anna");
        insert_event(&db, case, "book_visitation", date("2026-03-03"), None, None, "anna").unwrap();
        insert_event(&db, case, "offer_doctor", date("2026-03-04"), None, Some(true), "anna").unwrap();
        let steps = recorded_steps(&case_events_on(&db, case).unwrap());
        let (visitation, doctor) = (steps[0].event_id, steps[1].event_id);
        insert_correction(&db, case, EVENT_UNDONE, date("2026-03-05"), Some("Fejl"), Some(doctor), None, "bo").unwrap();
        insert_correction(&db, case, EVENT_REASSIGNED, date("2026-03-06"), None, None, Some("cai"), "bo").unwrap();
        let events = case_events_on(&db, case).unwrap();
        let corrections: Vec<_> = events[2..]
            .iter()
            .map(|e| (e.kind.as_str(), e.on, e.reason.as_deref(), e.undoes, e.counsellor.as_deref(), e.wanted))
            .collect();
        assert_eq!(
            corrections,
            [
                (EVENT_UNDONE, date("2026-03-05"), Some("Fejl"), Some(doctor), None, None),
                (EVENT_REASSIGNED, date("2026-03-06"), None, None, Some("cai"), None),
            ]
        );
        let steps = recorded_steps(&events);
        let marks: Vec<_> = steps.iter().map(|s| (s.event_id, s.undone)).collect();
        assert_eq!(marks, [(visitation, false), (doctor, true)]);
        assert_eq!(steps[1].step, Step::OfferDoctor { on: date("2026-03-04"), wanted: true });
        let nowhere =
            insert_correction(&db, case, EVENT_UNDONE, date("2026-03-07"), None, Some(doctor + 100), None, "bo");
        assert!(nowhere.is_err(), "an undo names an event of the history");
    }

    fn the_substances_change_to_the_new_list(place: &Place) {
        let db = place.open();
        let case = a_case(&db, "anna");
        let first = [Substance::Cannabis, Substance::Opioids];
        change_substances(&db, case, &[], &first).unwrap();
        assert_eq!(stored_case(&db, case).unwrap().substances, first);
        let then = [Substance::Opioids, Substance::Cocaine];
        change_substances(&db, case, &first, &then).unwrap();
        let mut expected = then.to_vec();
        expected.sort();
        assert_eq!(stored_case(&db, case).unwrap().substances, expected);
        assert!(change_substances(&db, case, &[], &[Substance::Cocaine]).is_err(), "a substance is named once");
        assert!(matches!(stored_case(&db, case + 100), Err(StoreError::NotFound { .. })));
    }

    fn a_course_on_record_is_any_record_of_its_own(place: &Place) {
        let db = place.open();
        let (ended, planned, neither) = (a_case(&db, "anna"), a_case(&db, "anna"), a_case(&db, "anna"));
        assert!(!course_on_record_on(&db, ended).unwrap());
        db.execute(
            "INSERT INTO course_endings (case_id, ended_on, reason, follow_up_declined, note, actor, recorded_at)
             VALUES (?1, '2026-03-10', 'completed', 0, '', 'anna', '2026-03-10T10:00:00')",
            &[&ended],
        )
        .unwrap();
        db.execute(
            "INSERT INTO plan_versions (case_id, version, effective_on, next_revision_on, services, methods,
                 partners, action_plan, citizen_took_part, changes, actor, recorded_at)
             VALUES (?1, 1, '2026-03-03', '2026-09-01', '', '', '', '', 1, '', 'anna', '2026-03-03T10:00:00')",
            &[&planned],
        )
        .unwrap();
        let on_record: Vec<bool> = [ended, planned, neither].map(|c| course_on_record_on(&db, c).unwrap()).to_vec();
        assert_eq!(on_record, [true, true, false]);
    }
}
