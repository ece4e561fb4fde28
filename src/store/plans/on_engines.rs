//! The plans' statements on both engines: versions and their goals,
//! endings, follow-up calls and their attempts, each read back as written,
//! each list in its order, and each refusal the schema makes.

use chrono::NaiveDate;

use super::calls::{
    CALL_ATTEMPTS, CASE_ATTEMPTS, OPEN_CALL_ATTEMPTS, attempts_by_call_on, call_on, course_calls_on, insert_attempt,
    read_call,
};
use super::courses::{course_ending_on, endings_by_case_on, endings_by_citizen_on, insert_calls, insert_ending};
use super::versions::{insert_version, latest_version_on, latest_versions_of, versions_on};
use super::*;
use crate::domain::plan::{
    ActionPlanDecision, CallAttempt, CallOutcome, DischargeReason, Goal, GoalArea, GoalStatus, NewAttempt, NewVersion,
    PlanVersion, ScheduledCall,
};
use crate::store::StoreError;
use crate::store::engine::Db;
use crate::store::engine::both::{Place, a_case, on_both_engines, plan, whole_table_reads};

on_both_engines!(
    a_version_and_its_goals_read_back_as_written,
    an_ending_and_its_calls_read_back_as_written,
    an_attempt_that_reaches_the_citizen_closes_the_call,
    the_lists_filter_and_order_alike,
    every_list_reads_an_index
);

fn on(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

const AT: &str = "2026-03-20T10:00:00Z";

fn new_version(version: u32) -> NewVersion {
    NewVersion {
        version,
        effective_on: on(3, version),
        next_revision_on: on(6, version),
        goals: vec![
            Goal { area: GoalArea::Main, text: "ophør med 'hash'".into(), status: GoalStatus::InProgress },
            Goal { area: GoalArea::SocialNetwork, text: "fodbold om tirsdagen".into(), status: GoalStatus::NotStarted },
        ],
        services: "samtaler".into(),
        methods: "MI, KRAP".into(),
        partners: "jobcentret".into(),
        action_plan: ActionPlanDecision::Needed,
        citizen_took_part: version == 1,
        changes: if version == 1 { String::new() } else { format!("revision {version}") },
    }
}

/// The version as it reads back: what was written, with its id and stamp.
fn as_read(id: i64, case_id: i64, v: NewVersion) -> PlanVersion {
    PlanVersion {
        id,
        case_id,
        version: v.version,
        effective_on: v.effective_on,
        next_revision_on: v.next_revision_on,
        goals: v.goals,
        services: v.services,
        methods: v.methods,
        partners: v.partners,
        action_plan: v.action_plan,
        citizen_took_part: v.citizen_took_part,
        changes: v.changes,
        actor: "anna".into(),
        recorded_at: AT.into(),
    }
}

fn ending(case_id: i64, ended_on: NaiveDate) -> Ending {
    Ending {
        case_id,
        ended_on,
        reason: DischargeReason::Completed,
        follow_up_declined: true,
        note: "afsluttet 'godt'".into(),
        actor: "bo".into(),
        recorded_at: AT.into(),
    }
}

fn citizen_of(db: &Db<'_>, case_id: i64) -> i64 {
    db.query_row("SELECT citizen_id FROM cases WHERE id = ?1", &[&case_id], |r| r.get(0)).unwrap()
}

/// A case whose course ended on `ended_on`, with calls after 1 and 6 months.
fn ended_case(db: &Db<'_>, counsellor: &str, ended_on: NaiveDate) -> i64 {
    let case = a_case(db, counsellor);
    insert_ending(db, &ending(case, ended_on)).unwrap();
    let calls =
        [6, 1].map(|months| ScheduledCall { months, due_on: crate::domain::dates::add_months(ended_on, months) });
    insert_calls(db, case, &calls).unwrap();
    case
}

fn a_version_and_its_goals_read_back_as_written(place: &Place) {
    let db = place.open();
    let case = a_case(&db, "anna");
    let first = insert_version(&db, case, &new_version(1), "anna", AT, None).unwrap();
    // One from a file keeps its own id.
    assert_eq!(insert_version(&db, case, &new_version(2), "anna", AT, Some(70)).unwrap(), 70);
    let want = vec![as_read(first, case, new_version(1)), as_read(70, case, new_version(2))];
    assert_eq!(versions_on(&db, "WHERE v.case_id = ?1 ORDER BY v.version", &[&case]).unwrap(), want);
    assert_eq!(latest_version_on(&db, case).unwrap(), Some(want[1].clone()));
    let other = a_case(&db, "bo");
    assert_eq!(latest_version_on(&db, other).unwrap(), None);
    let latest = latest_versions_of(&db, &[case, other]).unwrap();
    assert_eq!(latest.len(), 1);
    assert_eq!(latest[&case], want[1]);
    // A version number is written once; a version is never changed or removed.
    assert!(insert_version(&db, case, &new_version(2), "anna", AT, None).is_err());
    assert!(db.execute("UPDATE plan_versions SET services = 'andet' WHERE id = ?1", &[&first]).is_err());
    assert!(db.execute("DELETE FROM plan_goals WHERE version_id = ?1", &[&first]).is_err());
    assert_eq!(versions_on(&db, "WHERE v.case_id = ?1 ORDER BY v.version", &[&case]).unwrap(), want);
}

fn an_ending_and_its_calls_read_back_as_written(place: &Place) {
    let db = place.open();
    let case = ended_case(&db, "anna", on(1, 31));
    assert_eq!(course_ending_on(&db, case).unwrap(), Some(ending(case, on(1, 31))));
    assert_eq!(course_ending_on(&db, case + 1).unwrap(), None);
    assert!(insert_ending(&db, &ending(case, on(2, 1))).is_err(), "a course ends once");
    let calls = course_calls_on(&db, case).unwrap();
    let got: Vec<(i64, u32, NaiveDate, usize)> =
        calls.iter().map(|c| (c.case_id, c.months, c.due_on, c.attempts.len())).collect();
    assert_eq!(got, [(case, 1, on(2, 28), 0), (case, 6, on(7, 31), 0)], "by months, a month-end kept");
    assert_eq!(call_on(&db, calls[1].id).unwrap(), calls[1]);
    assert!(matches!(call_on(&db, calls[1].id + 10), Err(StoreError::NotFound { .. })));
    let twice = [ScheduledCall { months: 1, due_on: on(3, 1) }];
    assert!(insert_calls(&db, case, &twice).is_err(), "one call a month count");
    let no_ending = a_case(&db, "anna");
    assert!(insert_calls(&db, no_ending, &twice).is_err(), "a call follows an ending");
}

fn an_attempt_that_reaches_the_citizen_closes_the_call(place: &Place) {
    let db = place.open();
    let case = ended_case(&db, "anna", on(1, 10));
    let call = course_calls_on(&db, case).unwrap()[0].id;
    let missed = NewAttempt { on: on(2, 11), reached: false, outcome: None, note: "telefonsvarer".into() };
    insert_attempt(&db, None, call, &missed, "bo", AT).unwrap();
    assert!(call_on(&db, call).unwrap().is_open());
    let reached =
        NewAttempt { on: on(2, 12), reached: true, outcome: Some(CallOutcome::Reduced), note: "'godt'".into() };
    insert_attempt(&db, Some(90), call, &reached, "cai", AT).unwrap();
    let read = call_on(&db, call).unwrap();
    let first = read.attempts[0].id;
    let attempt = |id, a: &NewAttempt, actor: &str| CallAttempt {
        id,
        call_id: call,
        on: a.on,
        reached: a.reached,
        outcome: a.outcome,
        note: a.note.clone(),
        actor: actor.into(),
        recorded_at: AT.into(),
    };
    assert_eq!(read.attempts, [attempt(first, &missed, "bo"), attempt(90, &reached, "cai")]);
    assert!(!read.is_open());
    let done: Option<String> =
        db.query_row("SELECT done_on FROM follow_up_calls WHERE id = ?1", &[&call], |r| r.get(0)).unwrap();
    assert_eq!(done.as_deref(), Some("2026-02-12"));
    // Reached exactly when there is an outcome: the schema refuses the rest.
    let no_outcome = NewAttempt { outcome: None, ..reached.clone() };
    assert!(insert_attempt(&db, None, call, &no_outcome, "bo", AT).is_err());
    let outcome_unreached = NewAttempt { reached: false, ..reached };
    assert!(insert_attempt(&db, None, call, &outcome_unreached, "bo", AT).is_err());
    assert_eq!(call_on(&db, call).unwrap().attempts.len(), 2);
}

fn the_lists_filter_and_order_alike(place: &Place) {
    let db = place.open();
    let late = ended_case(&db, "anna", on(3, 1));
    let early = ended_case(&db, "bo", on(1, 5));
    let open = a_case(&db, "anna");
    let (early_citizen, late_citizen) = (citizen_of(&db, early), citizen_of(&db, late));
    // The endings by case, in case order, of the ended only.
    let cases: Vec<i64> = endings_by_case_on(&db, &[open, late, early]).unwrap().iter().map(|e| e.case_id).collect();
    assert!(late < early);
    assert_eq!(cases, [late, early]);
    // Since a day, by citizen, in the order they ended.
    let since = endings_by_citizen_on(&db, on(2, 1), None).unwrap();
    assert_eq!(since.keys().copied().collect::<Vec<_>>(), [late_citizen]);
    let all = endings_by_citizen_on(&db, on(1, 1), Some(&[early_citizen])).unwrap();
    assert_eq!(all.keys().copied().collect::<Vec<_>>(), [early_citizen]);
    assert_eq!(all[&early_citizen], [ending(early, on(1, 5))]);
    // The open calls by due day; the closed one leaves the list.
    let early_calls = course_calls_on(&db, early).unwrap();
    let reached = NewAttempt { on: on(2, 6), reached: true, outcome: Some(CallOutcome::DrugFree), note: String::new() };
    insert_attempt(&db, None, early_calls[0].id, &reached, "bo", AT).unwrap();
    let missed = NewAttempt { on: on(3, 2), reached: false, outcome: None, note: String::new() };
    let late_first = course_calls_on(&db, late).unwrap()[0].id;
    insert_attempt(&db, None, late_first, &missed, "anna", AT).unwrap();
    let open_calls: Vec<(i64, u32)> = db
        .query_map(OPEN_CALLS, &[], read_call)
        .unwrap()
        .into_iter()
        .map(|(_, case, months, _)| (case, months))
        .collect();
    assert_eq!(open_calls, [(late, 1), (early, 6), (late, 6)]);
    let open_attempts = attempts_by_call_on(&db, OPEN_CALL_ATTEMPTS, &[]).unwrap();
    assert_eq!(open_attempts.keys().copied().collect::<Vec<_>>(), [late_first]);
    let of_early = attempts_by_call_on(&db, CASE_ATTEMPTS, &[&early]).unwrap();
    assert_eq!(of_early.keys().copied().collect::<Vec<_>>(), [early_calls[0].id]);
    let of_call = attempts_by_call_on(&db, CALL_ATTEMPTS, &[&late_first]).unwrap();
    assert_eq!(of_call[&late_first][0].on, on(3, 2));
}

fn every_list_reads_an_index(place: &Place) {
    let db = place.open();
    let day = day_text(on(3, 1));
    let cases =
        |condition: &str| format!("SELECT c.id FROM cases c JOIN citizens p ON p.id = c.citizen_id {condition}");
    let queries: Vec<(String, Vec<&dyn crate::store::engine::ToValue>)> = vec![
        (cases(ACTIVE), vec![]),
        (cases(ACTIVE_MINE), vec![&"anna"]),
        (cases(ENDED), vec![&day]),
        (cases(ENDED_MINE), vec![&day, &"anna"]),
        (OPEN_CALLS.to_string(), vec![]),
        (ENDINGS_SINCE.to_string(), vec![&day]),
        (LATEST_VERSION.to_string(), vec![&1i64]),
        (format!("SELECT {VERSION_COLUMNS} FROM plan_versions v WHERE v.case_id = ?1 ORDER BY v.version"), vec![&1i64]),
        (
            "SELECT version_id, area, text, status FROM plan_goals WHERE version_id IN (?1, ?2)
             ORDER BY version_id, position"
                .to_string(),
            vec![&1i64, &2i64],
        ),
        (
            format!("SELECT {ENDING_COLUMNS} FROM course_endings e WHERE e.case_id IN (?1, ?2) ORDER BY e.case_id"),
            vec![&1i64, &2i64],
        ),
        ("SELECT f.id FROM follow_up_calls f WHERE f.case_id = ?1 ORDER BY f.months, f.id".to_string(), vec![&1i64]),
        (CALL_ATTEMPTS.to_string(), vec![&1i64]),
        (CASE_ATTEMPTS.to_string(), vec![&1i64]),
        (OPEN_CALL_ATTEMPTS.to_string(), vec![]),
    ];
    for (sql, params) in &queries {
        let steps = plan(&db, sql, params);
        assert!(whole_table_reads(&steps).is_empty(), "{sql}\nreads a whole table: {steps:?}");
    }
    let open = plan(&db, OPEN_CALL_ATTEMPTS, &[]);
    for index in ["follow_up_calls_open", "follow_up_attempts_call"] {
        assert!(open.iter().any(|s| s.contains(index)), "{index}: {open:?}");
    }
}
