//! The yearly report's statements on both engines: a small centre written
//! through the store's own writers reports the same figures on SQLite and
//! on PostgreSQL, the period's cases are the same, the year's goals read
//! back in their order and are refused alike, and every query of the
//! report is planned on an index.

use chrono::NaiveDate;

use super::*;
use crate::domain::complaint::{Complaint, ComplaintHow, Decision, Stamp};
use crate::domain::intake::test_support::case_on;
use crate::domain::intake::{Case, Circumstances, CitizenDetails, Citizenship, FamilySituation, Gender, Identity};
use crate::domain::intake::{IncomeSource, Reasoned};
use crate::domain::notification::{Child, ChildRelation};
use crate::domain::report::{self, GoalDraft, YearGoal};
use crate::store::StoreError;
use crate::store::cases::insert_case;
use crate::store::children::insert_child;
use crate::store::citizens::{insert_citizen, write_circumstances};
use crate::store::complaints::insert_complaint;
use crate::store::engine::ToValue;
use crate::store::engine::both::{Place, on_both_engines, plan, whole_table_reads};
use crate::store::report_goals::{YEAR_GOALS, insert_goal, update_goal};

on_both_engines!(
    the_period_touches_the_same_cases,
    the_years_goals_read_back_in_order_and_are_refused_alike,
    every_query_of_the_report_reads_an_index,
);

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const AT: &str = "2026-03-17T10:00:00Z";

pub(crate) fn today() -> NaiveDate {
    day(2026, 3, 17)
}

pub(crate) fn profile() -> Profile {
    Profile::built_in(crate::generate::PROFILE).unwrap()
}

/// A citizen with the facts the report's citizenship and sex sections
/// count; its id.
fn citizen(db: &Db<'_>, name: &str, citizenship: Citizenship, gender: Gender) -> i64 {
    let identity = Identity::Named { name: name.into(), cpr: None };
    let details = CitizenDetails { citizenship: Some(citizenship), gender: Some(gender) };
    insert_citizen(db, &identity, "Randers", &details).unwrap()
}

/// A case of `citizen_id` from a contact on `contact` (YYYY-MM-DD), as
/// `progress` leaves it; its number, the engine's next.
fn case(db: &Db<'_>, citizen_id: i64, contact: &str, progress: impl FnOnce(&mut Case)) -> i64 {
    let mut case = case_on(contact);
    case.id = 0;
    case.citizen_id = citizen_id;
    progress(&mut case);
    insert_case(db, &case).unwrap()
}

/// The cases of [`small_centre`], by what the period 2025 makes of them.
pub(crate) struct Cases {
    completed: i64,
    in_treatment: i64,
    closed_before_treatment: i64,
    free_choice: i64,
    re_enrolled: i64,
    started_after: i64,
    before_the_period: i64,
}

/// A small centre, written the same way on either engine: a course
/// started and completed in 2025 with its follow-up calls (one reached),
/// a course in treatment since 2024, a contact closed before treatment
/// with a complaint, a free choice, the completed citizen's new contact,
/// a course started after the period, a contact closed long before it,
/// the circumstances and a child of one case, and the year's goals.
pub(crate) fn small_centre(db: &Db<'_>) -> Cases {
    let ida = citizen(db, "Ida Prøvesen", Citizenship::Danish, Gender::Female);
    let ole = citizen(db, "Ole Øster", Citizenship::Other, Gender::Male);
    let mia = citizen(db, "Mia Åby", Citizenship::Danish, Gender::Female);
    let bo = citizen(db, "Bo Bæk", Citizenship::Danish, Gender::Male);
    let completed = case(db, ida, "2025-01-10", |c| {
        c.progress.consent_on = Some(day(2025, 1, 15));
        c.progress.treatment_started_on = Some(day(2025, 2, 1));
        c.progress.closed = Some(Reasoned { on: day(2025, 9, 30), reason: "Færdigbehandlet".into() });
    });
    let in_treatment = case(db, ole, "2024-11-01", |c| {
        c.progress.consent_on = Some(day(2024, 11, 5));
        c.progress.treatment_started_on = Some(day(2024, 12, 1));
    });
    let closed_before_treatment = case(db, mia, "2025-05-01", |c| {
        c.progress.closed = Some(Reasoned { on: day(2025, 6, 1), reason: "Ønskede ikke behandling".into() });
    });
    let free_choice = case(db, bo, "2025-03-01", |c| {
        c.progress.free_choice = Some(Reasoned { on: day(2025, 3, 5), reason: "Frit valg: Bostedet".into() });
    });
    let re_enrolled = case(db, ida, "2025-11-01", |_| {});
    let started_after = case(db, bo, "2025-12-20", |c| {
        c.progress.consent_on = Some(day(2025, 12, 22));
        c.progress.treatment_started_on = Some(day(2026, 1, 10));
    });
    let before_the_period = case(db, mia, "2023-01-05", |c| {
        c.progress.closed = Some(Reasoned { on: day(2023, 2, 1), reason: "Flyttet".into() });
    });

    // The plans' writers are their family's own (`plans`): the ending and
    // its calls are written as they write them.
    db.execute(
        "INSERT INTO course_endings (case_id, ended_on, reason, follow_up_declined, note, actor, recorded_at)
         VALUES (?1, '2025-09-30', 'completed', 0, 'godt forløb', 'anna', ?2)",
        &[&completed, &AT],
    )
    .unwrap();
    for (months, due) in [(1i64, "2025-10-30"), (6, "2026-03-30")] {
        db.execute(
            "INSERT INTO follow_up_calls (case_id, months, due_on) VALUES (?1, ?2, ?3)",
            &[&completed, &months, &due],
        )
        .unwrap();
    }
    db.execute(
        "INSERT INTO follow_up_attempts (call_id, on_date, reached, outcome, note, actor, recorded_at)
         SELECT id, '2025-10-31', 1, 'drug_free', 'har det godt', 'anna', ?2 FROM follow_up_calls
         WHERE case_id = ?1 AND months = 1",
        &[&completed, &AT],
    )
    .unwrap();
    insert_complaint(
        db,
        &Complaint {
            id: 0,
            case_id: closed_before_treatment,
            decision: Decision {
                what: "afslag på døgnbehandling".into(),
                decided_on: day(2025, 6, 1),
                told_on: day(2025, 6, 2),
            },
            received_on: day(2025, 6, 15),
            how: ComplaintHow::Written,
            helper: String::new(),
            registered: Stamp { by: "anna".into(), at: AT.into() },
            reassessed: None,
            forwarded: None,
            result: None,
        },
    )
    .unwrap();
    write_circumstances(
        db,
        in_treatment,
        &Circumstances { family: Some(FamilySituation::Single), income: Some(IncomeSource::Wages) },
    )
    .unwrap();
    insert_child(
        db,
        &Child {
            id: 1,
            case_id: in_treatment,
            name: "Lis".into(),
            birth_year: 2015,
            relation: ChildRelation::LivesAtHome,
            noted_on: day(2024, 11, 1),
            ended: None,
            stamp: Stamp { by: "anna".into(), at: AT.into() },
        },
    )
    .unwrap();
    insert_goal(db, 2025, &GoalDraft::new("Synlighed i lokalavisen", "Annonceret to gange").unwrap()).unwrap();
    insert_goal(db, 2026, &GoalDraft::new("Nye tilbud", "").unwrap()).unwrap();
    Cases {
        completed,
        in_treatment,
        closed_before_treatment,
        free_choice,
        re_enrolled,
        started_after,
        before_the_period,
    }
}

/// The centre's report of 2025 is the same on both engines, counts
/// something in it, and is the report of its whole input on each.
#[test]
fn a_small_centres_report_is_the_same_on_both_engines() {
    let (profile, period) = (profile(), Period::year(2025).unwrap());
    let reports: Vec<Report> = [Place::sqlite(), Place::postgres()]
        .iter()
        .map(|place| {
            let db = place.open();
            small_centre(&db);
            let report = report_on(&db, &profile, period, today()).unwrap();
            let input = report_input_on(&db, &profile, period, today()).unwrap();
            assert_eq!(report::build(&input, &profile, period, today()), report, "{:?}", db.engine());
            report
        })
        .collect();
    let [sqlite, postgres] = &reports[..] else { unreachable!() };
    assert_eq!(sqlite, postgres);
    let counted: i64 = sqlite.sections.iter().flat_map(|s| &s.rows).map(|r| r.count as i64).sum();
    assert!(counted > 10, "the report counts the centre's cases: {sqlite:#?}");
    assert_eq!(sqlite.goals.len(), 1, "the year's own goal");
    assert!(sqlite.cases.len() >= 5, "{:?}", sqlite.cases.keys());
}

fn the_period_touches_the_same_cases(place: &Place) {
    let db = place.open();
    let c = small_centre(&db);
    let mut touched = period_cases(&db, &profile(), Period::year(2025).unwrap()).unwrap();
    touched.sort_unstable();
    let mut want =
        vec![c.completed, c.in_treatment, c.closed_before_treatment, c.free_choice, c.re_enrolled, c.started_after];
    want.sort_unstable();
    assert_eq!(touched, want, "each case once; not {}", c.before_the_period);
    let (from, to) = (date_text(Some(day(2025, 1, 1))), date_text(Some(day(2025, 12, 31))));
    let calls = calls_due(&db, &from, &to).unwrap();
    assert_eq!(calls.len(), 1, "the call due in 2025; the one of 2026 is not");
    assert_eq!((calls[0].case_id, calls[0].months, calls[0].due_on), (c.completed, 1, day(2025, 10, 30)));
    assert_eq!(calls[0].attempts.len(), 1);
    assert!(calls[0].attempts[0].reached);
    let endings = endings_by_case_on(&db, &touched).unwrap();
    assert_eq!(endings.iter().map(|e| e.case_id).collect::<Vec<_>>(), [c.completed]);
}

fn the_years_goals_read_back_in_order_and_are_refused_alike(place: &Place) {
    let db = place.open();
    let draft = |goal: &str, status: &str| GoalDraft::new(goal, status).unwrap();
    let late = insert_goal(&db, 2026, &draft("Nye tilbud", "")).unwrap();
    let first = insert_goal(&db, 2025, &draft("Synlighed", "")).unwrap();
    let second = insert_goal(&db, 2025, &draft("Ventetid under 14 dage", "Nået i 3. kvartal")).unwrap();
    update_goal(&db, first, 2025, &draft("Synlighed i lokalavisen", "Annonceret to gange")).unwrap();
    let goal = |id, year, goal: &str, status: &str| YearGoal { id, year, goal: goal.into(), status: status.into() };
    assert_eq!(
        year_goals_on(&db, 2025, 2026).unwrap(),
        [
            goal(first, 2025, "Synlighed i lokalavisen", "Annonceret to gange"),
            goal(second, 2025, "Ventetid under 14 dage", "Nået i 3. kvartal"),
            goal(late, 2026, "Nye tilbud", ""),
        ],
        "every column, by year and then as written"
    );
    assert_eq!(year_goals_on(&db, 2024, 2024).unwrap(), []);
    // A goal of another year, or one that is not there, is not changed.
    assert!(matches!(update_goal(&db, first, 2026, &draft("x", "")), Err(StoreError::NotFound { what: "mål", .. })));
    assert!(matches!(update_goal(&db, 99, 2025, &draft("x", "")), Err(StoreError::NotFound { id: 99, .. })));
    // The schema refuses an empty goal and an id written twice.
    assert!(db.execute("INSERT INTO report_goals (year, goal, status) VALUES (2025, '', '')", &[]).is_err());
    let with_id = "INSERT INTO report_goals (id, year, goal, status) VALUES (40, 2025, 'Fra fil', '')";
    db.execute(with_id, &[]).unwrap();
    assert!(db.execute(with_id, &[]).is_err(), "an id is written once");
    assert_eq!(year_goals_on(&db, 2025, 2025).unwrap().len(), 3);
}

fn every_query_of_the_report_reads_an_index(place: &Place) {
    let db = place.open();
    let (from, to, calls_from) = ("2025-01-01", "2025-12-31", "2024-07-01");
    let (first_year, last_year) = (2025i32, 2025i32);
    let queries: [(&str, Vec<&dyn ToValue>, &[&str]); 4] = [
        (
            PERIOD_CASES,
            vec![&from, &to, &calls_from],
            &[
                "cases_treatment_started_closed",
                "cases_in_treatment",
                "course_endings_ended",
                "cases_closed_before_treatment",
                "cases_free_choice",
                "cases_citizen",
                "notifications_sent",
            ],
        ),
        (PERIOD_CALLS, vec![&from, &to], &["follow_up_calls_due"]),
        (PERIOD_ATTEMPTS, vec![&from, &to], &["follow_up_calls_due", "follow_up_attempts_call"]),
        (YEAR_GOALS, vec![&first_year, &last_year], &["report_goals_year"]),
    ];
    for (sql, params, indexes) in &queries {
        let steps = plan(&db, sql, params);
        assert!(whole_table_reads(&steps).is_empty(), "{sql}\nreads a whole table: {steps:#?}");
        for index in *indexes {
            assert!(steps.iter().any(|s| s.contains(index)), "{index} not read by {sql}: {steps:#?}");
        }
    }
}
