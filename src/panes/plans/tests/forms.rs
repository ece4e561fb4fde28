//! Every form of the pane through the keys: a draft that saves (checked in
//! the database through the store), and one that is refused, which keeps
//! the draft and writes nothing. A database failure is the banner's, never
//! a field's.

use chrono::NaiveDate;
use crossterm::event::KeyCode;

use super::{clear_field, demo, focus, keys, open_plan, pane, press, select, selected_name};
use crate::app::form::FieldName;
use crate::app::{App, StatusKind};
use crate::domain::plan::{CallField, CallOutcome, DischargeReason, EndingField, PlanField, PlanFlag};
use crate::panes::plans::{AsOfField, CallFormField, PlanFormField, RunningField};
use crate::text;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%d.%m.%Y").unwrap()
}

#[track_caller]
fn error_at(app: &App, id: impl FieldName) -> Option<String> {
    app.form().expect("the form is open").field(id).unwrap().error.clone()
}

#[track_caller]
fn status(app: &App) -> (StatusKind, String) {
    let s = app.shell.status.clone().expect("a status");
    (s.kind, s.text)
}

/// The form refused the draft at its fields and kept it.
#[track_caller]
fn refused(app: &App) {
    let form = app.form().expect("the form stays open");
    assert_eq!(form.banner.as_deref(), Some(text::NOT_SAVED_FIX_FIELDS));
    assert_eq!(status(app), (StatusKind::Error, text::NOT_SAVED_FIX_FIELDS.to_string()));
}

#[test]
fn a_new_plan_is_saved_with_the_line_break_of_a_pasted_text() {
    let mut app = demo(10);
    select(&mut app, "Emil Hedegaard");
    keys(&mut app, "n");
    assert!(app.form().unwrap().title.starts_with("Ny behandlingsplan · sag 17"));
    focus(&mut app, PlanField::Goal(0));
    keys(&mut app, "Stoffrihed");
    focus(&mut app, PlanFormField::GoalStatus(0));
    press(&mut app, KeyCode::Right); // I gang
    focus(&mut app, PlanField::Services);
    app.handle_paste("Ugentlige samtaler\nog gruppeforløb");
    assert!(app.form().unwrap().text(PlanField::Services).contains('\n'), "the note keeps the line break");
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none(), "{:?}", app.form());
    let v = app.shell.store.latest_plan_version(17).unwrap().expect("the plan is stored");
    assert_eq!((v.version, v.actor.as_str(), v.goals.len()), (1, "anna", 1));
    assert_eq!(v.goals[0].text, "Stoffrihed");
    assert_eq!(v.services, "Ugentlige samtaler\nog gruppeforløb");
    assert_eq!(v.next_revision_on, day("17.09.2026"), "the profile's limit, 6 months");
    assert!(status(&app).1.starts_with("Sag 17: behandlingsplanen er oprettet."), "{:?}", status(&app));
    // The board is read again, the selection on the course, its plan there.
    assert_eq!(selected_name(&app).as_deref(), Some("Emil Hedegaard"));
    assert!(!pane(&app).selected_entry().unwrap().flags.iter().any(|f| matches!(f, PlanFlag::NoPlan { .. })));
}

#[test]
fn a_new_plan_without_its_main_goal_is_refused_at_the_goal_and_nothing_is_written() {
    let mut app = demo(10);
    select(&mut app, "Emil Hedegaard");
    keys(&mut app, "n");
    focus(&mut app, PlanField::Services);
    keys(&mut app, "Samtaler");
    press(&mut app, KeyCode::Enter);
    refused(&app);
    assert_eq!(error_at(&app, PlanField::Goal(0)).as_deref(), Some("Skal udfyldes."));
    assert!(app.form().unwrap().focused().unwrap().id.is(PlanField::Goal(0)), "the focus is at the error");
    assert_eq!(app.form().unwrap().text(PlanField::Services), "Samtaler");
    assert!(app.shell.store.latest_plan_version(17).unwrap().is_none());
}

#[test]
fn a_revision_adds_a_version_and_keeps_the_first() {
    let mut app = demo(10);
    select(&mut app, "Dorthe Juhl");
    keys(&mut app, "r");
    assert!(app.form().unwrap().title.starts_with("Revision af planen · sag 9"));
    focus(&mut app, PlanField::Changes);
    keys(&mut app, "Delmål om bolig");
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none());
    let versions = app.shell.store.plan_versions(9).unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!((versions[1].version, versions[1].changes.as_str()), (2, "Delmål om bolig"));
    assert_eq!(versions[0].effective_on, day("05.01.2026"));
    assert!(status(&app).1.starts_with("Sag 9: planen er revideret (version 2)."));
}

#[test]
fn a_revision_before_the_named_date_keeps_that_date_and_one_after_it_starts_from_the_limit() {
    let mut app = demo(10);
    // Nikolaj's plan names 26.03.2026; revising it on 17.03 keeps that date.
    select(&mut app, "Nikolaj Busk");
    keys(&mut app, "r");
    assert_eq!(app.form().unwrap().text(PlanField::NextRevision), "26.03.2026");
    focus(&mut app, PlanField::Changes);
    keys(&mut app, "Nyt delmål om arbejde");
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none(), "{:?}", app.form());
    let v = app.shell.store.latest_plan_version(12).unwrap().unwrap();
    assert_eq!((v.version, v.next_revision_on), (2, day("26.03.2026")));
    // Dorthe's named date (10.03) is past: the revision starts from the limit.
    select(&mut app, "Dorthe Juhl");
    keys(&mut app, "r");
    assert_eq!(app.form().unwrap().text(PlanField::NextRevision), "17.09.2026");
}

#[test]
fn a_revision_opened_before_a_colleagues_revision_is_not_saved_over_it_and_the_draft_is_kept() {
    // The centre on a file, so a colleague's program can write beside ours.
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("centre.db");
    let sample = crate::store::exchange::parse(include_str!("../../../../sample-data/centre.json")).unwrap();
    crate::store::Store::open(&path, "anna").unwrap().import(&sample).unwrap();
    let store = crate::store::Store::open(&path, "anna").unwrap();
    let mut app = App::new(store, sample.sample_today.unwrap(), crate::app::keymap::Keymap::built_in()).unwrap();
    app.shell.list_rows = 10;
    press(&mut app, KeyCode::Char('2'));
    select(&mut app, "Dorthe Juhl");
    keys(&mut app, "r");
    focus(&mut app, PlanField::Changes);
    keys(&mut app, "Delmål om bolig");

    // Meanwhile bo revises the same plan from his own screen.
    let mut bo = crate::store::users::open_as(&path, "anna", "bo", crate::store::Role::TeamLeader);
    let course = bo.course(9).unwrap();
    let latest = course.latest.clone().unwrap();
    let input = crate::domain::plan::PlanInput {
        date: "17.03.2026".into(),
        goals: latest
            .goals
            .iter()
            .map(|g| crate::domain::plan::GoalInput { area: g.area, text: g.text.clone(), status: g.status })
            .collect(),
        services: latest.services.clone(),
        methods: latest.methods.clone(),
        partners: latest.partners.clone(),
        action_plan: latest.action_plan,
        citizen_took_part: true,
        changes: "Misbrugsbehandling udvidet med gruppe".into(),
        next_revision: "17.06.2026".into(),
    };
    let profile = bo.profile().unwrap();
    let version = crate::domain::plan::validate_plan(
        &input,
        &course.case,
        Some(&latest),
        &profile.plan,
        sample.sample_today.unwrap(),
    )
    .unwrap();
    bo.add_plan_version(9, &version).unwrap();

    press(&mut app, KeyCode::Enter);
    // Not saved over bo's version: the draft stays, and says who did what.
    let form = app.form().expect("the draft is kept");
    assert_eq!(form.text(PlanField::Changes), "Delmål om bolig");
    let (kind, said) = status(&app);
    assert_eq!(kind, StatusKind::Error);
    assert!(said.contains("bo reviderede planen imens (version 2") && said.contains("gruppe"), "{said}");
    let versions = app.shell.store.plan_versions(9).unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1].actor, "bo");
}

#[test]
fn a_revision_without_what_changed_is_refused_and_nothing_is_written() {
    let mut app = demo(10);
    select(&mut app, "Dorthe Juhl");
    keys(&mut app, "r");
    focus(&mut app, PlanField::Methods);
    clear_field(&mut app);
    keys(&mut app, "Motiverende samtale");
    press(&mut app, KeyCode::Enter);
    refused(&app);
    assert_eq!(error_at(&app, PlanField::Changes).as_deref(), Some("Skal udfyldes."));
    assert_eq!(app.form().unwrap().text(PlanField::Methods), "Motiverende samtale");
    assert_eq!(app.shell.store.plan_versions(9).unwrap().len(), 1);
}

#[test]
fn a_database_failure_is_said_in_the_banner_not_at_a_field_and_the_draft_is_kept() {
    let mut app = demo(10);
    select(&mut app, "Dorthe Juhl");
    keys(&mut app, "r");
    focus(&mut app, PlanField::Changes);
    keys(&mut app, "Delmål om bolig");
    app.shell
        .store
        .sqlite()
        .execute_batch(
            "CREATE TEMP TRIGGER full BEFORE INSERT ON plan_versions BEGIN SELECT RAISE(ABORT, 'disken er fuld'); END",
        )
        .unwrap();
    press(&mut app, KeyCode::Enter);
    let form = app.form().expect("the form stays open");
    assert!(!form.has_errors(), "no field is blamed: {form:?}");
    let banner = form.banner.clone().unwrap();
    assert!(banner.starts_with(text::SAVE_FAILED) && banner.contains("disken er fuld"), "{banner}");
    assert_eq!(status(&app), (StatusKind::Error, banner));
    assert_eq!(form.text(PlanField::Changes), "Delmål om bolig");
    assert_eq!(app.shell.store.plan_versions(9).unwrap().len(), 1);
    // Once the database takes it, Enter saves the same draft.
    app.shell.store.sqlite().execute_batch("DROP TRIGGER full").unwrap();
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none());
    assert_eq!(app.shell.store.plan_versions(9).unwrap().len(), 2);
}

#[test]
fn ending_a_course_stores_the_ending_and_schedules_the_calls() {
    let mut app = demo(10);
    select(&mut app, "Nikolaj Busk");
    keys(&mut app, "e");
    let form = app.form().unwrap();
    assert!(form.focused().unwrap().id.is(EndingField::Reason), "the reason is the choice to make");
    assert!(!form.field(EndingField::Declined).unwrap().hidden, "Færdigbehandlet schedules calls to decline");
    // His MOVE course and group run on ("Behold"): asked in `ending_running`.
    for question in [RunningField(0), RunningField(1)] {
        focus(&mut app, question);
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Right);
    }
    focus(&mut app, EndingField::Note);
    keys(&mut app, "Godt forløb");
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none());
    let ending = app.shell.store.course_ending(12).unwrap().expect("the ending is stored");
    assert_eq!(
        (ending.reason, ending.ended_on, ending.note.as_str()),
        (DischargeReason::Completed, day("17.03.2026"), "Godt forløb")
    );
    let calls: Vec<NaiveDate> = app.shell.store.course_calls(12).unwrap().iter().map(|c| c.due_on).collect();
    assert_eq!(calls, [day("17.04.2026"), day("17.09.2026")]);
    assert_ne!(pane(&app).selected_entry().map(|e| e.course.case.id), Some(12), "off the board");
    assert!((0..pane(&app).board.len()).filter_map(|i| pane(&app).board.row(i)).all(|r| r.entry.course.case.id != 12));
}

#[test]
fn an_ending_dated_after_today_is_refused_at_the_date_and_nothing_is_written() {
    let mut app = demo(10);
    select(&mut app, "Nikolaj Busk");
    keys(&mut app, "e");
    focus(&mut app, EndingField::Date);
    clear_field(&mut app);
    keys(&mut app, "18.03.2026");
    focus(&mut app, EndingField::Note);
    keys(&mut app, "Flyttet");
    press(&mut app, KeyCode::Enter);
    refused(&app);
    assert_eq!(error_at(&app, EndingField::Date).as_deref(), Some("Datoen kan ikke ligge efter i dag."));
    assert_eq!(app.form().unwrap().text(EndingField::Note), "Flyttet");
    assert!(app.shell.store.course_ending(12).unwrap().is_none());
    assert!(app.shell.store.course_calls(12).unwrap().is_empty());
}

/// The 6-month call of Kim Abildgaard's first course: two attempts made.
fn open_kims_call(app: &mut App) {
    keys(app, "f");
    select(app, "Kim Abildgaard");
    press(app, KeyCode::Enter);
    let form = app.form().expect("the call form");
    assert!(form.title.starts_with("Opfølgningsopkald 6 mdr. · sag 46"), "{}", form.title);
    assert!(form.banner.as_deref().unwrap().starts_with("Tidligere forsøg uden svar"), "{:?}", form.banner);
}

fn kims_call(app: &App) -> crate::domain::plan::FollowUpCall {
    app.shell.store.course_calls(46).unwrap().into_iter().find(|c| c.months == 6).unwrap()
}

#[test]
fn a_call_that_reached_the_citizen_is_stored_and_leaves_the_list() {
    let mut app = demo(10);
    open_kims_call(&mut app);
    let before = kims_call(&app).attempts.len();
    focus(&mut app, CallField::Outcome);
    press(&mut app, KeyCode::Right); // Stoffri
    press(&mut app, KeyCode::Right); // Reduceret forbrug
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none(), "{:?}", app.form());
    let call = kims_call(&app);
    assert_eq!(call.attempts.len(), before + 1);
    let reached = call.reached().expect("reached");
    assert_eq!((reached.on, reached.outcome), (day("17.03.2026"), Some(CallOutcome::Reduced)));
    assert!(pane(&app).calls.shown_rows().all(|c| c.course.call.id != call.id), "off the list");
    assert!(status(&app).1.contains("gennemført: Reduceret forbrug"), "{:?}", status(&app));
}

#[test]
fn a_reached_call_has_no_outcome_until_one_is_chosen_and_may_be_not_stated() {
    let mut app = demo(10);
    open_kims_call(&mut app);
    let before = kims_call(&app).attempts.len();
    // One Enter on the fresh form records nothing: no outcome is chosen.
    press(&mut app, KeyCode::Enter);
    refused(&app);
    assert!(error_at(&app, CallField::Outcome).is_some(), "{:?}", app.form());
    assert_eq!(kims_call(&app).attempts.len(), before);
    // "Ikke oplyst" is an outcome of its own.
    focus(&mut app, CallField::Outcome);
    press(&mut app, KeyCode::End);
    assert_eq!(app.form().unwrap().choice(CallField::Outcome), CallOutcome::ALL.len());
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none(), "{:?}", app.form());
    let reached = kims_call(&app).reached().cloned().expect("reached");
    assert_eq!(reached.outcome, Some(CallOutcome::NotStated));
}

/// The 1-month call of Carsten Friis' course, which ended on 27.02.2026,
/// recorded as reached on the day of discharge: that talk was the ending,
/// not the follow-up, and is refused with why.
#[test]
fn a_one_month_call_dated_on_the_day_of_discharge_is_refused() {
    let mut app = demo(10);
    keys(&mut app, "f");
    select(&mut app, "Carsten Friis");
    press(&mut app, KeyCode::Enter);
    assert!(app.form().unwrap().title.starts_with("Opfølgningsopkald 1 md. · sag 7"), "{}", app.form().unwrap().title);
    focus(&mut app, CallField::Outcome);
    press(&mut app, KeyCode::Right);
    focus(&mut app, CallField::Date);
    clear_field(&mut app);
    keys(&mut app, "27.02.2026");
    press(&mut app, KeyCode::Enter);
    refused(&app);
    assert_eq!(
        error_at(&app, CallField::Date).as_deref(),
        Some("Et opfølgningsopkald ligger efter forløbets afslutning (27.02.2026): tidligst dagen efter.")
    );
    let calls = app.shell.store.course_calls(7).unwrap();
    assert!(calls.iter().all(|c| c.attempts.is_empty()), "nothing written");
}

#[test]
fn a_call_dated_before_the_end_is_refused_and_nothing_is_written() {
    let mut app = demo(10);
    open_kims_call(&mut app);
    let before = kims_call(&app).attempts.len();
    focus(&mut app, CallFormField::Reached);
    press(&mut app, KeyCode::Right); // Nej
    assert!(app.form().unwrap().field(CallField::Outcome).unwrap().hidden, "no outcome when not reached");
    focus(&mut app, CallField::Date);
    clear_field(&mut app);
    keys(&mut app, "01.01.2025");
    press(&mut app, KeyCode::Enter);
    refused(&app);
    let error = error_at(&app, CallField::Date).unwrap();
    assert!(error.starts_with("Et opfølgningsopkald ligger efter forløbets afslutning (30.06.2025)"), "{error}");
    assert_eq!(app.form().unwrap().text(CallField::Date), "01.01.2025");
    assert_eq!(kims_call(&app).attempts.len(), before);
}

#[test]
fn the_plan_as_of_a_date_shows_the_version_then_and_writes_nothing() {
    let mut app = demo(10);
    open_plan(&mut app, "Pia Thygesen");
    let audit = app.shell.store.audit_for("case", 5).unwrap().len();
    keys(&mut app, "d");
    focus(&mut app, AsOfField::Date);
    clear_field(&mut app);
    keys(&mut app, "01.12.2025");
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none());
    let view = pane(&app).plan().unwrap();
    assert_eq!(view.as_of, Some(day("01.12.2025")));
    assert_eq!(view.shown_version(app.shell.today).unwrap().version, 1);
    assert_eq!(status(&app).1, "Planen pr. 01.12.2025: version 1 fra 17.10.2025.");
    assert_eq!(app.shell.store.plan_versions(5).unwrap().len(), 2);
    assert_eq!(app.shell.store.audit_for("case", 5).unwrap().len(), audit, "a date is no new look");
}

#[test]
fn an_unreadable_date_for_the_plan_is_refused_at_its_field() {
    let mut app = demo(10);
    open_plan(&mut app, "Pia Thygesen");
    keys(&mut app, "d");
    clear_field(&mut app);
    keys(&mut app, "31.02.2026");
    press(&mut app, KeyCode::Enter);
    refused(&app);
    assert!(error_at(&app, AsOfField::Date).is_some());
    assert_eq!(app.form().unwrap().text(AsOfField::Date), "31.02.2026");
    assert_eq!(pane(&app).plan().unwrap().as_of, None);
}
