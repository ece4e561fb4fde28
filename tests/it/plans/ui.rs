//! The Planer pane on ratatui's TestBackend, driven by key events through
//! the real keymap: the board, the forms for a plan, a revision, an ending
//! and a call, the opened plan as of a date, and the follow-up list.

use crossterm::event::KeyCode;
use ratatui::style::Color;

use sagsbord::app::App;
use sagsbord::app::form::FieldName;
use sagsbord::app::keymap::Keymap;
use sagsbord::domain::intake::{
    Channel, ChildrenAnswer, ContactInput, ContactKind, StepInput, StepKind, Substance, parse_step, validate_contact,
};
use sagsbord::domain::plan::{
    ActionPlanDecision, CallField, CallOutcome, DischargeReason, EndingField, EndingInput, GoalArea, GoalInput,
    GoalStatus, PlanField, PlanInput, parse_ending, scheduled_calls, validate_plan,
};
use sagsbord::domain::policy::Profile;
use sagsbord::panes::plans::{CallFormField, PlanFormField};
use sagsbord::store::{Centre, Store};
use sagsbord::ui::Theme;

use crate::common::screen::{assert_fg, assert_no_colour, day, keys, line_with, plans, press, render, screen, text_of};

const TODAY: &str = "2026-03-17";

fn register(store: &mut Store, name: &str, cpr: &str, contact: &str, start: &str, counsellor: &str) -> i64 {
    let profile = Profile::built_in("randers").unwrap();
    let input = ContactInput {
        kind: ContactKind::OwnUse,
        channel: Channel::Phone,
        date: contact.into(),
        time: "09:00".into(),
        name: name.into(),
        cpr: cpr.into(),
        pseudonym: String::new(),
        home_municipality: "Randers".into(),
        counsellor: counsellor.into(),
        substances: vec![Substance::Cannabis],
        children: ChildrenAnswer::NoChildren,
        parental_consent: None,
        note: String::new(),
    };
    let valid = validate_contact(&input, &profile.intake, "Randers", day(TODAY)).unwrap();
    let id = store.register_contact(&valid).unwrap();
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
        day(TODAY),
    )
    .unwrap();
    store.record_step(id, &step).unwrap();
    id
}

fn plan(store: &mut Store, id: i64, on: &str, next: &str) {
    let course = store.course(id).unwrap();
    let input = PlanInput {
        date: on.into(),
        goals: vec![GoalInput { area: GoalArea::Main, text: "Stoffrihed".into(), status: GoalStatus::InProgress }],
        services: "Samtaler".into(),
        methods: String::new(),
        partners: String::new(),
        action_plan: ActionPlanDecision::Undecided,
        next_revision: next.into(),
        citizen_took_part: true,
        changes: String::new(),
    };
    let profile = Profile::built_in("randers").unwrap();
    let v = validate_plan(&input, &course.case, None, &profile.plan, day(TODAY)).unwrap();
    store.add_plan_version(id, &v).unwrap();
}

/// A Randers centre on 17 March 2026: a plan in order, an overdue plan, a
/// course without a plan, and an ended course whose 1-month call is overdue.
fn app() -> App {
    let mut store = Store::open_in_memory("anna").unwrap();
    store
        .set_centre(&Centre {
            name: "Rusmiddelcenter Randers".into(),
            municipality: "Randers".into(),
            profile: "randers".into(),
            profile_path: None,
            profile_toml: None,
        })
        .unwrap();
    let ok = register(&mut store, "Asta Iorden", "150390-1230", "05.01.2026", "12.01.2026", "anna");
    plan(&mut store, ok, "14.01.2026", "14.07.2026");
    let late = register(&mut store, "Bent Olsen", "020285-1231", "05.01.2026", "12.01.2026", "bo");
    plan(&mut store, late, "12.01.2026", "01.03.2026");
    register(&mut store, "Carl Utenplan", "120588-1235", "09.03.2026", "10.03.2026", "anna");
    let ended = register(&mut store, "Dorte Holm", "010170-1234", "02.01.2026", "05.01.2026", "bo");
    plan(&mut store, ended, "05.01.2026", "05.07.2026");
    let course = store.course(ended).unwrap();
    let ending = parse_ending(
        &EndingInput {
            date: "10.02.2026".into(),
            reason: DischargeReason::Completed,
            follow_up_declined: false,
            note: String::new(),
        },
        &course.case,
        course.latest.as_ref(),
        day(TODAY),
    )
    .unwrap();
    let calls = scheduled_calls(&ending, &Profile::built_in("randers").unwrap().follow_up);
    store.end_course(ended, &ending, "Færdigbehandlet", &calls).unwrap();
    let mut app = App::new(store, day(TODAY), Keymap::built_in()).unwrap();
    press(&mut app, KeyCode::Char('2'));
    app
}

/// Tabs to the form field `id` (through the keymap, like a user).
fn focus(app: &mut App, id: impl FieldName) {
    for _ in 0..40 {
        if app.form().unwrap().focused().unwrap().id.is(id) {
            return;
        }
        press(app, KeyCode::Tab);
    }
    panic!("no field {id:?}");
}

fn clear_field(app: &mut App) {
    press(app, KeyCode::End);
    for _ in 0..40 {
        press(app, KeyCode::Backspace);
    }
}

fn select(app: &mut App, name: &str) {
    for _ in 0..20 {
        let current = if plans(app).on_calls() {
            plans(app).selected_call().map(|c| c.course.case.identity.display_name().to_string())
        } else {
            plans(app).selected_entry().map(|e| e.course.case.identity.display_name().to_string())
        };
        if current.as_deref() == Some(name) {
            return;
        }
        press(app, KeyCode::Char('j'));
    }
    panic!("{name} not in the list");
}

#[test]
fn the_plans_board_at_80x24_snapshot() {
    let app = app();
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn the_board_lists_courses_in_treatment_overdue_first_with_text_markers() {
    let app = app();
    let s = screen(&app);
    assert!(s.lines().next().unwrap().contains("[2 Planer]"), "{s}");
    let order: Vec<usize> = ["Bent Olsen", "Carl Utenplan", "Asta Iorden"]
        .iter()
        .map(|n| s.lines().position(|l| l.contains(n)).unwrap_or_else(|| panic!("{n}:\n{s}")))
        .collect();
    assert!(order[0] < order[1] && order[1] < order[2], "{s}");
    let bent = line_with(&s, "Bent Olsen");
    assert!(bent.contains("12.01.2026") && bent.contains("01.03.2026") && bent.contains("-16"), "{bent}");
    assert!(bent.contains("OVERSKREDET") && bent.contains(" bo "), "{bent}");
    // Carl started treatment on 10 March without a plan: overdue from the
    // start (national rule, domain.md 2).
    assert!(line_with(&s, "Carl Utenplan").contains("PLAN OVERSKREDET"), "{s}");
    assert!(line_with(&s, "Asta Iorden").contains("14.07.2026"), "{s}");
    assert!(!s.contains("Dorte Holm"), "an ended course is off the board:\n{s}");
    assert!(s.contains("3 i behandling") && s.contains("2 overskredet") && s.contains("1 uden plan"), "{s}");
    assert!(s.contains("1 opkald forfaldne"), "{s}");
}

#[test]
fn colour_repeats_the_marker_and_no_color_shows_none() {
    let app = app();
    let coloured = render(&app, 80, 24, Theme::coloured());
    assert_fg(&coloured, "Bent Olsen", "01.03.2026", Color::Red);
    assert_no_colour(&render(&app, 80, 24, Theme::plain()));
}

#[test]
fn n_creates_the_first_plan_of_a_course_without_one() {
    let mut app = app();
    select(&mut app, "Carl Utenplan");
    keys(&mut app, "n");
    let s = screen(&app);
    assert!(s.contains("Ny behandlingsplan · sag 3 · Carl Utenplan"), "{s}");
    focus(&mut app, PlanField::Goal(0));
    keys(&mut app, "Reduceret forbrug");
    focus(&mut app, PlanField::Goal(1));
    keys(&mut app, "Praktik i efteråret");
    focus(&mut app, PlanField::Services);
    keys(&mut app, "Ugentlige samtaler");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(app.form().is_none(), "{s}");
    // Randers: the next revision defaults to the limit, 6 months ahead.
    assert!(s.contains("Sag 3: behandlingsplanen er oprettet. Næste revision 17.09.2026."), "{s}");
    let carl = line_with(&s, "Carl Utenplan");
    assert!(carl.contains("17.09.2026") && !carl.contains("INGEN PLAN"), "{carl}");
    let v = app.shell.store.latest_plan_version(3).unwrap().unwrap();
    assert_eq!(v.goals.len(), 2);
    assert_eq!(v.goals[1].area, GoalArea::EducationEmployment);
    assert_eq!(v.actor, "anna");
}

#[test]
fn a_next_date_past_the_limit_is_refused_at_its_field_with_the_reason_and_nothing_is_written() {
    let mut app = app();
    select(&mut app, "Carl Utenplan");
    keys(&mut app, "n");
    focus(&mut app, PlanField::Goal(0));
    keys(&mut app, "Stoffrihed");
    focus(&mut app, PlanField::Services);
    keys(&mut app, "Samtaler");
    focus(&mut app, PlanField::NextRevision);
    clear_field(&mut app);
    keys(&mut app, "18.09.2026");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Senest 17.09.2026: hver 6. måned (profil)."), "the refusal names the limit and the rule:\n{s}");
    assert!(s.contains("18.09.2026") && s.contains("Ikke gemt"), "the draft is kept:\n{s}");
    assert!(app.shell.store.latest_plan_version(3).unwrap().is_none(), "nothing may be written");
    // Correct it in place and save.
    clear_field(&mut app);
    keys(&mut app, "17.06.2026");
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none(), "{}", screen(&app));
    assert_eq!(app.shell.store.latest_plan_version(3).unwrap().unwrap().next_revision_on, day("2026-06-17"));
}

#[test]
fn a_revision_keeps_the_old_version_which_the_plan_shows_as_of_a_date() {
    let mut app = app();
    select(&mut app, "Bent Olsen");
    keys(&mut app, "r");
    assert!(screen(&app).contains("Revision af planen · sag 2"));
    // Without saying what changed, nothing is saved.
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Skal udfyldes."), "{}", screen(&app));
    focus(&mut app, PlanFormField::GoalStatus(0));
    press(&mut app, KeyCode::Right); // I gang -> Nået
    focus(&mut app, PlanField::Changes);
    keys(&mut app, "Hovedmål nået");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Sag 2: planen er revideret (version 2). Næste revision 17.09.2026."), "{s}");
    assert!(!line_with(&s, "Bent Olsen").contains("OVERSKREDET"), "{s}");

    // Open it: today's version, then the history, then as of February.
    select(&mut app, "Bent Olsen");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("version 2/2 fra 17.03.2026 · gældende i dag"), "{s}");
    assert!(s.contains("[NÅET]") && s.contains("Ændret: Hovedmål nået"), "{s}");
    keys(&mut app, "h");
    let s = screen(&app);
    assert!(s.contains("v1  12.01.2026") && s.contains("v2  17.03.2026"), "{s}");
    keys(&mut app, "d");
    clear_field(&mut app);
    keys(&mut app, "15.02.2026");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("version 1/2 fra 12.01.2026 · planen pr. 15.02.2026"), "{s}");
    assert!(s.contains("[I GANG]") && s.contains("[ÆLDRE VERSION]"), "{s}");
    assert!(s.contains("Planen pr. 15.02.2026: version 1 fra 12.01.2026."), "{s}");
    keys(&mut app, "i");
    assert!(screen(&app).contains("· gældende i dag"));
    press(&mut app, KeyCode::Left);
    assert!(screen(&app).contains("version 1/2 fra 12.01.2026 · valgt med ←/→"), "{}", screen(&app));
    // The look at the plan is in the audit trail.
    let audit = app.shell.store.audit_for("case", 2).unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert!(actions.contains(&"plan_revise") && actions.contains(&"view_plan"), "{actions:?}");
}

#[test]
fn ending_a_course_schedules_the_calls_and_a_reason_that_does_not_trigger_schedules_none() {
    let mut app = app();
    select(&mut app, "Asta Iorden");
    keys(&mut app, "e");
    let s = screen(&app);
    assert!(s.contains("Afslut forløbet · sag 1"), "{s}");
    assert!(s.contains("Færdigbehandlet"), "{s}");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Sag 1 afsluttet: Færdigbehandlet. Opkald 17.04.2026 og 17.09.2026."), "{s}");
    assert!(!s.contains("Asta Iorden"), "{s}");

    select(&mut app, "Carl Utenplan");
    keys(&mut app, "e");
    focus(&mut app, EndingField::Reason);
    for _ in 0..5 {
        press(&mut app, KeyCode::Right); // ... Udeblevet
    }
    let s = screen(&app);
    assert!(s.contains("Udeblevet") && s.contains("Udløser ingen opfølgningsopkald (profil)"), "{s}");
    assert!(!s.contains("Fravælger opfølgning"), "no calls, nothing to decline:\n{s}");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Sag 3 afsluttet: Udeblevet. Årsagen giver ingen opkald."), "{}", screen(&app));
    assert!(app.shell.store.course_calls(3).unwrap().is_empty());

    // The follow-up list: Dorte's overdue call first, then Asta's two.
    keys(&mut app, "f");
    let s = screen(&app);
    assert!(s.contains("Opfølgningsopkald · Rusmiddelcenter Randers"), "{s}");
    let dorte = line_with(&s, "Dorte Holm");
    assert!(dorte.contains("10.03.2026") && dorte.contains("-7") && dorte.contains("OVERSKREDET"), "{dorte}");
    let asta: Vec<&str> = s.lines().filter(|l| l.contains("Asta Iorden")).collect();
    assert_eq!(asta.len(), 2, "{s}");
    assert!(asta[0].contains("17.04.2026") && asta[1].contains("17.09.2026"), "{s}");
}

#[test]
fn a_call_not_reached_stays_open_with_its_attempts_and_a_reached_call_leaves_the_list() {
    let mut app = app();
    keys(&mut app, "f");
    select(&mut app, "Dorte Holm");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Opfølgningsopkald 1 md. · sag 4"), "{}", screen(&app));
    focus(&mut app, CallFormField::Reached);
    press(&mut app, KeyCode::Right); // Nej
    let s = screen(&app);
    assert!(!s.contains("Status hos borgeren"), "no outcome when not reached:\n{s}");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Sag 4: ikke truffet (1 forsøg). Opkaldet står stadig åbent."), "{s}");
    assert!(line_with(&s, "Dorte Holm").contains("OVERSKREDET, 1 forsøg"), "{s}");

    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Tidligere forsøg uden svar: 17.03.2026 (anna)"), "{}", screen(&app));
    focus(&mut app, CallField::Outcome);
    // No outcome is chosen beforehand: Stoffri, then Reduceret forbrug.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Sag 4: Opfølgningsopkald 1 md. gennemført: Reduceret forbrug."), "{s}");
    let dorte: Vec<&str> = s.lines().filter(|l| l.contains("Dorte Holm")).collect();
    assert_eq!(dorte.len(), 1, "only the 6-month call is left:\n{s}");
    assert!(dorte[0].contains("10.08.2026"), "{s}");

    // The plan view lists both calls and the attempt.
    select(&mut app, "Dorte Holm");
    keys(&mut app, "p");
    let s = screen(&app);
    assert!(s.contains("Forløbet afsluttet 10.02.2026: Færdigbehandlet"), "{s}");
    assert!(s.contains("GENNEMFØRT 17.03.2026 (anna): Reduceret forbrug"), "{s}");
    assert!(s.contains("forsøg 17.03.2026 (anna): ikke truffet"), "{s}");
    let call = app.shell.store.course_calls(4).unwrap().remove(0);
    assert_eq!(call.reached().unwrap().outcome, Some(CallOutcome::Reduced));
}

#[test]
fn search_mine_sort_and_ended_courses() {
    let mut app = app();
    keys(&mut app, "/bent");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Bent Olsen") && !s.contains("Asta Iorden") && s.contains("[Søg: bent]"), "{s}");
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "m");
    let s = screen(&app);
    assert!(s.contains("[kun mine]") && s.contains("Asta Iorden") && !s.contains("Bent Olsen"), "{s}");
    keys(&mut app, "m");
    keys(&mut app, "oo");
    let s = screen(&app);
    assert!(s.contains("[sorteret: navn]"), "{s}");
    let order: Vec<usize> = ["Asta Iorden", "Bent Olsen", "Carl Utenplan"]
        .iter()
        .map(|n| s.lines().position(|l| l.contains(n)).unwrap())
        .collect();
    assert!(order[0] < order[1] && order[1] < order[2], "{s}");
    keys(&mut app, "a");
    let s = screen(&app);
    assert!(s.contains("[+afsluttede]"), "{s}");
    let dorte = line_with(&s, "Dorte Holm");
    assert!(dorte.contains("10.02.2026") && dorte.contains("AFSLUTTET"), "{s}");
    assert_eq!(app.shell.store.active_courses(&app.shell.store.viewer(false).unwrap()).unwrap().len(), 3);
}

#[test]
fn help_lists_the_plans_keys_from_the_keymap() {
    let mut app = app();
    keys(&mut app, "?");
    let s = screen(&app);
    for expected in ["Ny plan (sag uden plan)", "Revidér planen", "Afslut forløbet", "Opfølgningsopkald (liste)"] {
        assert!(s.contains(expected), "{expected} missing:\n{s}");
    }
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "?");
    let s = screen(&app);
    assert!(s.contains("Vis planen pr. en dato"), "{s}");
}

#[test]
fn the_plans_screens_survive_tiny_and_large_terminals() {
    let mut app = app();
    for (w, h) in [(80, 24), (40, 10), (20, 5), (200, 60), (1, 1)] {
        render(&app, w, h, Theme::plain());
    }
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "h");
    for (w, h) in [(80, 24), (30, 8), (1, 1)] {
        render(&app, w, h, Theme::plain());
    }
    keys(&mut app, "r");
    render(&app, 30, 8, Theme::plain());
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "f");
    for (w, h) in [(80, 24), (20, 5)] {
        render(&app, w, h, Theme::plain());
    }
    assert_eq!(app.pane().title(), "Planer");
}

/// The demo centre, on its own day, through the Planer pane.
fn demo() -> App {
    let text = crate::common::sample_text();
    let sample = sagsbord::store::exchange::parse(&text).unwrap();
    let mut store = Store::open_in_memory("anna").unwrap();
    store.import(&sample).unwrap();
    let mut app = App::new(store, sample.sample_today.unwrap(), Keymap::built_in()).unwrap();
    // The list's height as a 40-row terminal gives it (the terminal sets
    // it before each drawing): the board holds that screen's lines.
    app.shell.list_rows = 30;
    press(&mut app, KeyCode::Char('2'));
    app
}

#[test]
fn the_demo_shows_the_planer_pane_in_every_state() {
    let mut app = demo();
    let s = text_of(&render(&app, 120, 40, Theme::plain()));
    for marker in ["OVERSKREDET", "REVISION I DAG", "PLAN OVERSKREDET", "UDEN BORGER", "GENINDSKREVET"] {
        assert!(s.contains(marker), "{marker} missing from the demo board:\n{s}");
    }
    assert!(s.contains("4 overskredet") && s.contains("2 uden plan"), "{s}");
    keys(&mut app, "a");
    let s = text_of(&render(&app, 120, 40, Theme::plain()));
    assert!(s.contains("AFSLUTTET: Udskrevet til andet tilbud") && s.contains("OPFØLGNING FRAVALGT"), "{s}");
    keys(&mut app, "f");
    let s = text_of(&render(&app, 120, 40, Theme::plain()));
    let kim = line_with(&s, "Kim Abildgaard");
    assert!(kim.contains("30.12.2025") && kim.contains("OVERSKREDET, 2 forsøg"), "{s}");
    assert!(s.contains("27.03.2026") && s.contains("28.05.2026"), "{s}");
    // An opened plan with a history, a revision made without the citizen.
    keys(&mut app, "f");
    select(&mut app, "Pia Thygesen");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "h");
    let s = text_of(&render(&app, 120, 40, Theme::plain()));
    assert!(s.contains("[UDEN BORGER]") && s.contains("v2  16.01.2026"), "{s}");
}
