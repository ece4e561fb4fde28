//! Plans, endings and follow-up calls in the store, on real SQLite files:
//! versions kept and read as of a date, an ending that schedules its calls
//! and closes the case, attempts, re-enrolment, `due`, the audit trail and
//! the import/export round trip.

use std::path::PathBuf;

use chrono::NaiveDate;
use rusqlite::Connection;
use sagsbord::domain::due::DueKind;
use sagsbord::domain::intake::{
    Channel, ChildrenAnswer, ContactInput, ContactKind, StepInput, StepKind, Substance, parse_step, validate_contact,
};
use sagsbord::domain::plan::{
    ActionPlanDecision, CallInput, CallOutcome, DischargeReason, EndingInput, GoalArea, GoalInput, GoalStatus,
    PlanInput, parse_attempt, parse_ending, scheduled_calls, validate_plan, version_on,
};
use sagsbord::domain::policy::Profile;
use sagsbord::store::exchange::{self, ExportFile};
use sagsbord::store::{Centre, Role, Store, StoreError};
use tempfile::TempDir;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Invented CPR numbers.
const CPR_A: &str = "150390-1230";
const CPR_B: &str = "020285-1231";

fn fresh(actor: &str, profile: &str) -> (TempDir, PathBuf, Store) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("sagsbord.db");
    let mut store = Store::open(&path, actor).unwrap();
    store
        .set_centre(&Centre {
            name: "Rusmiddelcenter".into(),
            municipality: "Randers".into(),
            profile: profile.into(),
            profile_path: None,
            profile_toml: None,
        })
        .unwrap();
    (dir, path, store)
}

/// Registers a contact on `contact` and, when `start` is given, starts treatment then.
fn case(store: &mut Store, cpr: &str, contact: &str, start: Option<&str>) -> i64 {
    let profile = Profile::national();
    let input = ContactInput {
        kind: ContactKind::OwnUse,
        channel: Channel::Phone,
        date: contact.into(),
        time: "09:00".into(),
        name: "Test Borger".into(),
        cpr: cpr.into(),
        pseudonym: String::new(),
        home_municipality: "Randers".into(),
        counsellor: "anna".into(),
        substances: vec![Substance::Cannabis],
        children: ChildrenAnswer::NoChildren,
        parental_consent: None,
        note: String::new(),
    };
    let today = sagsbord::domain::dates::parse_date_dk(start.unwrap_or(contact)).unwrap();
    let contact = validate_contact(&input, &profile.intake, "Randers", today).unwrap();
    let contact = crate::common::joined(store, contact);
    let id = store.register_contact(&contact).unwrap();
    if let Some(start) = start {
        let case = store.view_case(id).unwrap();
        let step = parse_step(
            &StepInput {
                kind: StepKind::StartTreatment,
                date: start.into(),
                reason: String::new(),
                wanted: false,
                closing_reason: None,
            },
            &case,
            today,
        )
        .unwrap();
        store.record_step(id, &step).unwrap();
    }
    id
}

fn plan_input(on: &str, next: &str, changes: &str) -> PlanInput {
    PlanInput {
        date: on.into(),
        goals: vec![
            GoalInput { area: GoalArea::Main, text: "Stoffrihed".into(), status: GoalStatus::InProgress },
            GoalInput { area: GoalArea::EducationEmployment, text: "Job".into(), status: GoalStatus::NotStarted },
        ],
        services: "Samtaler".into(),
        methods: "MI".into(),
        partners: "Jobcenter".into(),
        action_plan: ActionPlanDecision::Undecided,
        next_revision: next.into(),
        citizen_took_part: true,
        changes: changes.into(),
    }
}

fn add_plan(store: &mut Store, id: i64, input: &PlanInput, today: &str) {
    let course = store.course(id).unwrap();
    let policy = store.centre().unwrap().load_profile().unwrap().plan;
    let v = validate_plan(input, &course.case, course.latest.as_ref(), &policy, date(today)).unwrap();
    store.add_plan_version(id, &v).unwrap();
}

fn end(store: &mut Store, id: i64, on: &str, reason: DischargeReason, declined: bool) {
    let course = store.course(id).unwrap();
    let profile = store.centre().unwrap().load_profile().unwrap();
    let input = EndingInput { date: on.into(), reason, follow_up_declined: declined, note: String::new() };
    let today = sagsbord::domain::dates::parse_date_dk(on).unwrap();
    let ending = parse_ending(&input, &course.case, course.latest.as_ref(), today).unwrap();
    let calls = scheduled_calls(&ending, &profile.follow_up);
    store.end_course(id, &ending, "Færdigbehandlet", &calls).unwrap();
}

#[test]
fn a_revision_adds_a_version_and_the_plan_reads_as_it_stood_on_any_date() {
    let (_dir, path, mut store) = fresh("anna", "randers");
    let id = case(&mut store, CPR_A, "05.01.2026", Some("12.01.2026"));
    add_plan(&mut store, id, &plan_input("14.01.2026", "14.07.2026", ""), "2026-01-14");
    let mut revision = plan_input("10.03.2026", "10.09.2026", "Delmål om bolig tilføjet");
    revision.goals.push(GoalInput { area: GoalArea::Other, text: "Egen bolig".into(), status: GoalStatus::NotStarted });
    revision.goals[0].status = GoalStatus::Achieved;
    add_plan(&mut store, id, &revision, "2026-03-10");
    drop(store);

    // Read back from the file by a colleague.
    let store = crate::common::open_as(&path, "bo", sagsbord::store::Role::TeamLeader);
    let versions = store.plan_versions(id).unwrap();
    assert_eq!(versions.iter().map(|v| v.version).collect::<Vec<_>>(), vec![1, 2]);
    let february = version_on(&versions, date("2026-02-20")).unwrap();
    assert_eq!(february.goals.len(), 2);
    assert_eq!(february.goals[0].status, GoalStatus::InProgress);
    let march = version_on(&versions, date("2026-03-10")).unwrap();
    assert_eq!(march.goals.len(), 3);
    assert_eq!(march.goals[0].status, GoalStatus::Achieved);
    assert_eq!(march.changes, "Delmål om bolig tilføjet");
    assert_eq!(march.actor, "anna");
    assert!(version_on(&versions, date("2026-01-13")).is_none());

    // The board sees the latest version and its next date.
    let courses = store.active_courses(&store.viewer(false).unwrap()).unwrap();
    assert_eq!(courses.len(), 1);
    assert_eq!(courses[0].latest.as_ref().unwrap().next_revision_on, date("2026-09-10"));
}

#[test]
fn the_file_itself_refuses_to_change_or_delete_a_plan_version() {
    let (_dir, path, mut store) = fresh("anna", "national");
    let id = case(&mut store, CPR_A, "05.01.2026", Some("12.01.2026"));
    add_plan(&mut store, id, &plan_input("14.01.2026", "14.04.2026", ""), "2026-01-14");
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let update = conn.execute("UPDATE plan_versions SET next_revision_on = '2027-01-01'", []);
    assert!(update.unwrap_err().to_string().contains("never changed"));
    assert!(conn.execute("DELETE FROM plan_goals", []).is_err());
    assert!(conn.execute("DELETE FROM plan_versions", []).is_err());
}

#[test]
fn a_stale_revision_is_refused_rather_than_written_twice() {
    let (_dir, _path, mut store) = fresh("anna", "national");
    let id = case(&mut store, CPR_A, "05.01.2026", Some("12.01.2026"));
    let course = store.course(id).unwrap();
    let policy = Profile::national().plan;
    let first =
        validate_plan(&plan_input("14.01.2026", "14.04.2026", ""), &course.case, None, &policy, date("2026-01-14"))
            .unwrap();
    store.add_plan_version(id, &first).unwrap();
    // A second counsellor's form, opened before the first plan was saved.
    assert!(matches!(store.add_plan_version(id, &first), Err(StoreError::Changed(_))));
    assert_eq!(store.plan_versions(id).unwrap().len(), 1);
}

#[test]
fn ending_a_course_closes_the_case_and_schedules_the_calls_at_once() {
    let (_dir, _path, mut store) = fresh("anna", "randers");
    let id = case(&mut store, CPR_A, "05.01.2026", Some("12.01.2026"));
    add_plan(&mut store, id, &plan_input("14.01.2026", "14.07.2026", ""), "2026-01-14");
    end(&mut store, id, "31.03.2026", DischargeReason::Completed, false);

    let calls = store.course_calls(id).unwrap();
    let dues: Vec<(u32, NaiveDate)> = calls.iter().map(|c| (c.months, c.due_on)).collect();
    assert_eq!(dues, vec![(1, date("2026-04-30")), (6, date("2026-09-30"))]);
    let case = store.course(id).unwrap().case;
    assert_eq!(case.progress.closed.as_ref().unwrap().on, date("2026-03-31"));
    assert_eq!(store.case_events(id).unwrap().last().unwrap().kind, "close");
    assert!(store.active_courses(&store.viewer(false).unwrap()).unwrap().is_empty());
    let ended = store.ended_courses(date("2025-03-31"), &store.viewer(false).unwrap()).unwrap();
    assert_eq!(ended[0].ending.as_ref().unwrap().reason, DischargeReason::Completed);

    // `due` lists the calls, and no longer the plan's revision.
    let profile = Profile::built_in("randers").unwrap();
    let due = store.due(&profile, date("2026-03-31"), 200).unwrap();
    let kinds: Vec<(DueKind, NaiveDate)> = due.iter().map(|i| (i.kind, i.due)).collect();
    assert_eq!(kinds, vec![(DueKind::FollowUpCall, date("2026-04-30")), (DueKind::FollowUpCall, date("2026-09-30"))]);
}

#[test]
fn an_ending_that_does_not_trigger_or_is_declined_schedules_nothing() {
    let (_dir, _path, mut store) = fresh("anna", "national");
    let a = case(&mut store, CPR_A, "05.01.2026", Some("12.01.2026"));
    let b = case(&mut store, CPR_B, "05.01.2026", Some("12.01.2026"));
    end(&mut store, a, "02.03.2026", DischargeReason::NoShow, false);
    end(&mut store, b, "02.03.2026", DischargeReason::Completed, true);
    assert!(store.course_calls(a).unwrap().is_empty());
    assert!(store.course_calls(b).unwrap().is_empty());
    assert!(store.course_ending(b).unwrap().unwrap().follow_up_declined);
    assert!(store.due(&Profile::national(), date("2026-03-02"), 400).unwrap().is_empty());
}

#[test]
fn a_call_not_reached_stays_open_and_a_reached_call_records_the_outcome() {
    let (_dir, _path, mut store) = fresh("anna", "national");
    let id = case(&mut store, CPR_A, "05.01.2026", Some("12.01.2026"));
    end(&mut store, id, "02.03.2026", DischargeReason::Completed, false);
    let first = store.open_course_calls(&store.viewer(false).unwrap()).unwrap().remove(0);
    assert_eq!(first.call.months, 1);
    let input = |on: &str, outcome: Option<CallOutcome>| CallInput {
        date: on.into(),
        reached: outcome.is_some(),
        outcome,
        note: String::new(),
    };
    let missed =
        parse_attempt(&input("01.04.2026", None), &first.call, first.ending.ended_on, date("2026-04-01")).unwrap();
    let call = store.record_call_attempt(first.call.id, &missed).unwrap();
    assert!(call.is_open());
    assert_eq!(store.open_course_calls(&store.viewer(false).unwrap()).unwrap().len(), 2);
    let reached = parse_attempt(
        &input("03.04.2026", Some(CallOutcome::Reduced)),
        &call,
        first.ending.ended_on,
        date("2026-04-03"),
    )
    .unwrap();
    let call = store.record_call_attempt(call.id, &reached).unwrap();
    assert_eq!(call.attempts.len(), 2);
    assert_eq!(call.reached().unwrap().outcome, Some(CallOutcome::Reduced));
    let open = store.open_course_calls(&store.viewer(false).unwrap()).unwrap();
    assert_eq!(open.iter().map(|c| c.call.months).collect::<Vec<_>>(), vec![6]);
    // A second reached attempt is refused by the store as well: as a
    // call completed meanwhile, not as broken data.
    match store.record_call_attempt(call.id, &reached) {
        Err(e @ StoreError::Changed(_)) => {
            let said = e.to_string();
            assert!(said.contains("Opkaldet blev gennemført") && said.ends_with("Intet er gemt."), "{said}");
            assert!(!said.contains("uventede data"), "{said}");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let due = store.due(&Profile::national(), date("2026-04-03"), 0).unwrap();
    assert!(due.is_empty(), "{due:?}");
}

#[test]
fn a_new_contact_within_twelve_months_of_the_end_is_a_re_enrolment() {
    let (_dir, _path, mut store) = fresh("anna", "randers");
    let first = case(&mut store, CPR_A, "05.01.2025", Some("12.01.2025"));
    end(&mut store, first, "30.06.2025", DischargeReason::Completed, false);
    let other = case(&mut store, CPR_B, "05.01.2026", Some("12.01.2026"));
    // The same CPR number: the same citizen, a new case and a new guarantee.
    let again = case(&mut store, CPR_A, "30.06.2026", Some("01.07.2026"));
    let found = store.re_enrolments().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].case_id, found[0].previous_case_id), (again, first));
    let courses = store.active_courses(&store.viewer(false).unwrap()).unwrap();
    let marked: Vec<(i64, bool)> = courses.iter().map(|c| (c.case.id, c.re_enrolment.is_some())).collect();
    assert_eq!(marked, vec![(other, false), (again, true)]);
}

#[test]
fn my_cases_only_when_asked() {
    let (_dir, path, mut store) = fresh("anna", "national");
    case(&mut store, CPR_A, "05.01.2026", Some("12.01.2026"));
    assert_eq!(store.active_courses(&store.viewer(true).unwrap()).unwrap().len(), 1);
    let bo = crate::common::open_as(&path, "bo", Role::TeamLeader);
    assert!(bo.active_courses(&bo.viewer(true).unwrap()).unwrap().is_empty());
    assert_eq!(bo.active_courses(&bo.viewer(false).unwrap()).unwrap().len(), 1);
}

#[test]
fn every_change_and_every_look_at_a_plan_is_in_the_audit_chain() {
    let (_dir, _path, mut store) = fresh("anna", "national");
    let id = case(&mut store, CPR_A, "05.01.2026", Some("12.01.2026"));
    add_plan(&mut store, id, &plan_input("14.01.2026", "14.04.2026", ""), "2026-01-14");
    store.view_plan(id).unwrap();
    end(&mut store, id, "02.03.2026", DischargeReason::Completed, false);
    let actions: Vec<String> = store.audit_for("case", id).unwrap().into_iter().map(|a| a.action).collect();
    for wanted in ["plan_create", "view_plan", "end_course"] {
        assert!(actions.iter().any(|a| a == wanted), "{wanted} missing from {actions:?}");
    }
    assert!(store.verify_audit().unwrap().is_empty());
}

fn populated() -> (TempDir, Store) {
    let (dir, _path, mut store) = fresh("anna", "randers");
    let a = case(&mut store, CPR_A, "05.01.2026", Some("12.01.2026"));
    add_plan(&mut store, a, &plan_input("14.01.2026", "14.07.2026", ""), "2026-01-14");
    add_plan(&mut store, a, &plan_input("01.02.2026", "01.08.2026", "Nyt job"), "2026-02-01");
    end(&mut store, a, "02.03.2026", DischargeReason::Completed, false);
    let call = store.course_calls(a).unwrap().remove(0);
    let tried = parse_attempt(
        &CallInput { date: "02.04.2026".into(), reached: false, outcome: None, note: "Telefonsvarer".into() },
        &call,
        date("2026-03-02"),
        date("2026-04-02"),
    )
    .unwrap();
    store.record_call_attempt(call.id, &tried).unwrap();
    let b = case(&mut store, CPR_B, "05.02.2026", Some("10.02.2026"));
    add_plan(&mut store, b, &plan_input("10.02.2026", "10.08.2026", ""), "2026-02-10");
    (dir, store)
}

#[test]
fn plans_endings_and_calls_survive_export_import_export_byte_for_byte() {
    let (_dir, mut store) = populated();
    let first = exchange::to_text(&store.export().unwrap());
    let parsed = exchange::parse(&first).unwrap();
    assert_eq!(parsed.plan_versions.len(), 3);
    assert_eq!(parsed.course_endings.len(), 1);
    assert_eq!(parsed.follow_up_calls.len(), 2);
    assert_eq!(parsed.follow_up_attempts.len(), 1);
    let (_dir2, _path2, mut copy) = fresh("bo", "national");
    copy.import(&parsed).unwrap();
    let second = exchange::to_text(&copy.export().unwrap());
    assert_eq!(first, second);
    // The imported file works: the open calls and the board are the same.
    assert_eq!(copy.open_course_calls(&copy.viewer(false).unwrap()).unwrap().len(), 2);
    assert_eq!(copy.active_courses(&copy.viewer(false).unwrap()).unwrap().len(), 1);
}

fn refused_at(file: &ExportFile) -> String {
    let (_dir, _path, mut store) = fresh("anna", "national");
    match store.import(file) {
        Err(StoreError::Import { at, .. }) => {
            assert!(store.all_cases().unwrap().is_empty(), "nothing may be written");
            at
        }
        other => panic!("expected an import error, got {other:?}"),
    }
}

#[test]
fn a_bad_plan_record_is_refused_at_its_record_and_field() {
    let (_dir, mut store) = populated();
    let good = store.export().unwrap();

    let mut f = good.clone();
    f.plan_versions[1].version = 3;
    assert_eq!(refused_at(&f), "plan_versions[1].version");
    let mut f = good.clone();
    f.plan_versions[0].next_revision_on = f.plan_versions[0].effective_on;
    assert_eq!(refused_at(&f), "plan_versions[0].next_revision_on");
    let mut f = good.clone();
    f.plan_versions[0].goals[0].area = GoalArea::Other;
    assert_eq!(refused_at(&f), "plan_versions[0].goals");
    let mut f = good.clone();
    f.plan_versions[2].case_id = 99;
    assert_eq!(refused_at(&f), "plan_versions[2].case_id");
    let mut f = good.clone();
    f.course_endings[0].ended_on = date("2026-03-03");
    assert_eq!(refused_at(&f), "course_endings[0].ended_on");
    let mut f = good.clone();
    f.follow_up_calls[0].case_id = 2;
    assert_eq!(refused_at(&f), "follow_up_calls[0].case_id");
    let mut f = good.clone();
    f.follow_up_attempts[0].outcome = Some(CallOutcome::DrugFree);
    assert_eq!(refused_at(&f), "follow_up_attempts[0].outcome");
    let mut f = good.clone();
    f.follow_up_attempts[0].recorded_at = "i går".into();
    assert_eq!(refused_at(&f), "follow_up_attempts[0].recorded_at");

    // A misspelt id in the text is named by the parser.
    let text = exchange::to_text(&good).replace("\"completed\"", "\"complete\"");
    match exchange::parse(&text) {
        Err(StoreError::Import { at, .. }) => assert_eq!(at, "course_endings[0].reason"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_file_without_plan_arrays_still_imports() {
    let (_dir, mut store) = populated();
    let text = exchange::to_text(&store.export().unwrap());
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let obj = json.as_object_mut().unwrap();
    for key in ["plan_versions", "course_endings", "follow_up_calls", "follow_up_attempts"] {
        obj.remove(key);
    }
    let parsed = exchange::parse(&json.to_string()).unwrap();
    assert!(parsed.plan_versions.is_empty());
}
