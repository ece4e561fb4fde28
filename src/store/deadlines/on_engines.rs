//! The stored deadlines and `due`'s reads of them on both engines: every
//! column written and read back alike, the schema's refusals and marks,
//! `due`'s lists and counts alike for the same small centre, and their
//! queries on indexes.

use chrono::NaiveDate;

use super::check::{anonymity_out_of_step_sql, mark_every_case};
use super::{Stored, deadlines_dirty_on, stored_deadlines_on, write_rows};

use crate::domain::deadlines::OpenDeadline;
use crate::domain::due::{self, DueKind};
use crate::store::due::{DueCount, counts_sql, due_condition, due_counts_on, stored_due_on};
use crate::store::engine::Db;
use crate::store::engine::both::{Place, a_case, on_both_engines, plan, whole_table_reads};
use crate::store::{Actor, CaseAction, Role, Store, Viewer};

on_both_engines!(
    every_column_reads_back_as_written,
    the_schema_refuses_a_second_deadline_of_the_same_number,
    writes_mark_their_cases_and_a_repair_marks_every_case_once,
    the_anonymity_is_stored_and_checked_against_the_case,
    due_lists_and_counts_the_same_deadlines_for_each_viewer,
    dues_queries_read_indexes,
);

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn deadline(case: i64, kind: DueKind, due: Option<&str>) -> OpenDeadline {
    OpenDeadline {
        case,
        kind,
        due: due.map(date),
        from: None,
        until: None,
        counsellor: "anna".into(),
        rule: "regel".into(),
        setting: "indstilling".into(),
        profile: "profil".into(),
        follow_up_months: None,
        clock_started: None,
    }
}

/// A case's stored deadlines in list order.
fn stored_of(db: &Db<'_>, case: i64) -> Vec<Stored> {
    stored_deadlines_on(db, "WHERE d.case_id = ?1 ORDER BY d.seq", &[&case]).unwrap()
}

fn every_column_reads_back_as_written(place: &Place) {
    let db = place.open();
    let case = a_case(&db, "anna");
    let every = OpenDeadline {
        from: Some(date("2026-01-01")),
        until: Some(date("2026-07-01")),
        follow_up_months: Some(3),
        clock_started: Some(date("2026-01-05")),
        counsellor: "Åse Ørsted".into(),
        ..deadline(case, DueKind::FollowUpCall, Some("2026-04-05"))
    };
    // A flag due every day is stored with the date '' and read back as none.
    let flag = deadline(case, DueKind::ChildrenQuestion, None);
    let written = vec![every, flag, deadline(case, DueKind::TreatmentPlan, Some("2026-03-10"))];
    write_rows(&db, &written).unwrap();
    let read = stored_of(&db, case);
    assert_eq!(read.iter().map(|s| s.seq).collect::<Vec<_>>(), vec![0, 1, 2]);
    assert_eq!(read.into_iter().map(|s| s.deadline).collect::<Vec<_>>(), written);
    let due: String = db.query_row("SELECT due FROM deadlines WHERE seq = 1", &[], |r| r.get(0)).unwrap();
    assert_eq!(due, "");
    // A kind the program does not know is told, not read as another.
    db.execute("UPDATE deadlines SET kind = 'ukendt' WHERE seq = 2", &[]).unwrap();
    let err = stored_deadlines_on(&db, "ORDER BY d.case_id, d.seq", &[]).unwrap_err();
    assert!(matches!(err, crate::store::StoreError::Corrupt(_)), "{err:?}");
}

fn the_schema_refuses_a_second_deadline_of_the_same_number(place: &Place) {
    let db = place.open();
    let case = a_case(&db, "anna");
    write_rows(&db, &[deadline(case, DueKind::Doctor, Some("2026-03-01"))]).unwrap();
    // write_rows numbers each call's deadlines from 0: the second is refused.
    let again = write_rows(&db, &[deadline(case, DueKind::Guarantee, Some("2026-03-02"))]);
    assert!(again.is_err(), "a second deadline 0 of the case was written");
    let refused = db.execute(
        "INSERT INTO deadlines (case_id, seq, kind, due, counsellor, rule, setting, profile)
         VALUES (?1, 5, NULL, '2026-03-01', 'anna', 'r', 's', 'p')",
        &[&case],
    );
    assert!(refused.is_err(), "a deadline without a kind was written");
    assert_eq!(stored_of(&db, case).len(), 1);
}

fn writes_mark_their_cases_and_a_repair_marks_every_case_once(place: &Place) {
    let db = place.open();
    let first = a_case(&db, "anna");
    // The case written marks itself (the schema's trigger).
    assert!(deadlines_dirty_on(&db).unwrap());
    db.execute("DELETE FROM deadlines_dirty", &[]).unwrap();
    assert!(!deadlines_dirty_on(&db).unwrap());
    db.execute("UPDATE cases SET note = 'ændret' WHERE id = ?1", &[&first]).unwrap();
    let marked: Vec<i64> = db.query_map("SELECT case_id FROM deadlines_dirty", &[], |r| r.get(0)).unwrap();
    assert_eq!(marked, vec![first]);
    let second = a_case(&db, "bo");
    write_rows(&db, &[deadline(second, DueKind::Doctor, Some("2026-03-01"))]).unwrap();
    // The deadlines themselves mark nothing.
    let marked: Vec<i64> =
        db.query_map("SELECT case_id FROM deadlines_dirty ORDER BY case_id", &[], |r| r.get(0)).unwrap();
    assert_eq!(marked, vec![first, second]);
    db.execute("DELETE FROM deadlines_dirty WHERE case_id = ?1", &[&second]).unwrap();
    // The repair: every deadline away, every case marked, each once.
    assert_eq!(mark_every_case(&db).unwrap(), 1, "the one case not marked yet");
    assert_eq!(mark_every_case(&db).unwrap(), 0);
    let marked: Vec<i64> =
        db.query_map("SELECT case_id FROM deadlines_dirty ORDER BY case_id", &[], |r| r.get(0)).unwrap();
    assert_eq!(marked, vec![first, second]);
    assert!(stored_of(&db, second).is_empty());
}

fn the_anonymity_is_stored_and_checked_against_the_case(place: &Place) {
    let db = place.open();
    let case = a_case(&db, "anna");
    let out_of_step =
        |db: &Db<'_>| -> Vec<i64> { db.query_map(&anonymity_out_of_step_sql(), &[], |r| r.get(0)).unwrap() };
    write_rows(&db, &[deadline(case, DueKind::Doctor, Some("2026-03-01"))]).unwrap();
    let anonymous =
        |db: &Db<'_>| -> i64 { db.query_row("SELECT anonymous FROM deadlines", &[], |r| r.get(0)).unwrap() };
    assert_eq!(anonymous(&db), 0);
    assert!(out_of_step(&db).is_empty());
    // The citizen takes a pseudonym: the stored deadline is out of step.
    db.execute(
        "UPDATE citizens SET name = NULL, pseudonym = 'Fugl' WHERE id = (SELECT citizen_id FROM cases WHERE id = ?1)",
        &[&case],
    )
    .unwrap();
    assert_eq!(out_of_step(&db), vec![case]);
    db.execute("DELETE FROM deadlines", &[]).unwrap();
    write_rows(&db, &[deadline(case, DueKind::Doctor, Some("2026-03-01"))]).unwrap();
    assert_eq!(anonymous(&db), 1);
    assert!(out_of_step(&db).is_empty());
}

/// A viewer of `role` named `user`.
fn viewer(user: &str, role: Role) -> Viewer {
    let mut viewer = Store::open_in_memory(user).unwrap().viewer(false).unwrap();
    viewer.actor = Actor::User { role, anonymous_team: false };
    viewer.demo = false;
    viewer
}

/// A small centre: anna's case, a case of bo's shared with her, and one of
/// bo's alone, with deadlines overdue, soon, every day, out of range and
/// no longer holding on 2026-03-17. The cases' ids: anna's, shared, bo's.
fn small_centre(db: &Db<'_>) -> [i64; 3] {
    for user in ["anna", "bo"] {
        db.execute(
            "INSERT INTO users (name, role, added_by, added_at) VALUES (?1, 'counsellor', 'test', '2026-03-01T09:00:00Z')",
            &[&user],
        )
        .unwrap();
    }
    let (own, shared, other) = (a_case(db, "anna"), a_case(db, "bo"), a_case(db, "bo"));
    db.execute(
        "INSERT INTO case_shares (case_id, user_name, shared_by, shared_at) VALUES (?1, 'anna', 'bo', '2026-03-03T09:00:00Z')",
        &[&shared],
    )
    .unwrap();
    let bo = |d: OpenDeadline| OpenDeadline { counsellor: "bo".into(), ..d };
    let ended = OpenDeadline {
        from: Some(date("2026-01-01")),
        until: Some(date("2026-03-15")),
        ..bo(deadline(shared, DueKind::ChildrenConsideration, Some("2026-03-01")))
    };
    let not_yet =
        OpenDeadline { from: Some(date("2026-03-18")), ..bo(deadline(other, DueKind::Guarantee, Some("2026-03-05"))) };
    write_rows(
        db,
        &[
            deadline(own, DueKind::TreatmentPlan, Some("2026-03-10")),
            deadline(own, DueKind::FollowUpCall, Some("2026-03-17")),
            deadline(own, DueKind::ChildrenQuestion, None),
            bo(deadline(shared, DueKind::Guarantee, Some("2026-03-25"))),
            ended,
            bo(deadline(other, DueKind::Doctor, Some("2026-03-12"))),
            bo(deadline(other, DueKind::PlanRevision, Some("2026-05-01"))),
            not_yet,
        ],
    )
    .unwrap();
    db.execute("DELETE FROM deadlines_dirty", &[]).unwrap();
    [own, shared, other]
}

fn due_lists_and_counts_the_same_deadlines_for_each_viewer(place: &Place) {
    let db = place.open();
    let [own, shared, other] = small_centre(&db);
    let today = date("2026-03-17");
    let listed = |viewer: &Viewer| -> Vec<(i64, DueKind)> {
        let mut rows: Vec<(i64, DueKind)> = stored_due_on(&db, viewer, today, due::horizon(today, 30), false)
            .unwrap()
            .into_iter()
            .map(|s| (s.deadline.case, s.deadline.kind))
            .collect();
        rows.sort();
        rows
    };
    let count = |overdue, soon| DueCount { overdue, soon };
    let leader = viewer("lene", Role::TeamLeader);
    let mut everything = vec![
        (own, DueKind::TreatmentPlan),
        (own, DueKind::FollowUpCall),
        (own, DueKind::ChildrenQuestion),
        (shared, DueKind::Guarantee),
        (other, DueKind::Doctor),
    ];
    everything.sort();
    assert_eq!(listed(&leader), everything);
    let counts = due_counts_on(&db, &leader, today, 30).unwrap();
    let want = [
        (DueKind::TreatmentPlan, count(1, 0)),
        (DueKind::FollowUpCall, count(0, 1)),
        (DueKind::ChildrenQuestion, count(0, 1)),
        (DueKind::Guarantee, count(0, 1)),
        (DueKind::Doctor, count(1, 0)),
    ];
    assert_eq!(counts, want.into_iter().collect());
    // Within no days: the overdue and today's (and the flag, due every day).
    let today_only = due_counts_on(&db, &leader, today, 0).unwrap();
    let want = [
        (DueKind::TreatmentPlan, count(1, 0)),
        (DueKind::FollowUpCall, count(0, 1)),
        (DueKind::ChildrenQuestion, count(0, 1)),
        (DueKind::Doctor, count(1, 0)),
    ];
    assert_eq!(today_only, want.into_iter().collect());
    // A counsellor: her own case and the one shared with her.
    let anna = viewer("anna", Role::Counsellor);
    let hers: Vec<_> = everything.iter().copied().filter(|(case, _)| *case != other).collect();
    assert_eq!(listed(&anna), hers);
    let counts = due_counts_on(&db, &anna, today, 30).unwrap();
    let want = [
        (DueKind::TreatmentPlan, count(1, 0)),
        (DueKind::FollowUpCall, count(0, 1)),
        (DueKind::ChildrenQuestion, count(0, 1)),
        (DueKind::Guarantee, count(0, 1)),
    ];
    assert_eq!(counts, want.into_iter().collect());
    // A marked case is left out of the stored list (`due` computes it).
    db.execute("INSERT INTO deadlines_dirty (case_id) VALUES (?1)", &[&own]).unwrap();
    let unmarked: Vec<i64> = stored_due_on(&db, &leader, today, due::horizon(today, 30), true)
        .unwrap()
        .into_iter()
        .map(|s| s.deadline.case)
        .collect();
    assert!(!unmarked.is_empty() && !unmarked.contains(&own), "{unmarked:?}");
}

fn dues_queries_read_indexes(place: &Place) {
    let db = place.open();
    small_centre(&db);
    let params: [&dyn crate::store::engine::ToValue; 3] = [&"2026-04-16", &"anna", &"2026-03-17"];
    for viewer in [viewer("lene", Role::TeamLeader), viewer("anna", Role::Counsellor)] {
        let allowed = crate::store::case_find::allowed_sql(&viewer, CaseAction::Read);
        let list = format!("SELECT {} FROM deadlines d {}", super::COLUMNS, due_condition(&allowed, true));
        for sql in [list, counts_sql(&viewer)] {
            let steps = plan(&db, &sql, &params);
            // SQLite reads the counts' subquery (`counted`) as it is made.
            let tables: Vec<String> = steps.iter().filter(|s| !s.contains("SCAN counted")).cloned().collect();
            assert!(whole_table_reads(&tables).is_empty(), "{sql}\n{steps:#?}");
            // The deadlines by one of their indexes: a range of the due date
            // (or of a counsellor's), or a case's by its key.
            let on_deadlines =
                ["deadlines_by_due", "deadlines_by_counsellor", "deadlines_pkey", "autoindex_deadlines_1"];
            assert!(steps.iter().any(|s| on_deadlines.iter().any(|i| s.contains(i))), "{sql}\n{steps:#?}");
        }
    }
    // The whole centre's list and counts: a range of the due date.
    let leader = viewer("lene", Role::TeamLeader);
    let allowed = crate::store::case_find::allowed_sql(&leader, CaseAction::Read);
    let list = format!("SELECT {} FROM deadlines d {}", super::COLUMNS, due_condition(&allowed, false));
    for sql in [list, counts_sql(&leader)] {
        let steps = plan(&db, &sql, &params);
        assert!(steps.iter().any(|s| s.contains("deadlines_by_due")), "{sql}\n{steps:#?}");
    }
}
