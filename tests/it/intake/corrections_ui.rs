//! Correcting a case from the open case in Indtag, on ratatui's TestBackend
//! through the real keymap: `r` the case's own fields (consent given
//! later), `o` a handover, `z` a step undone, and a step pressed twice.
//! Keys in, the database out; a refusal keeps the draft and writes nothing.

use std::path::Path;

use crossterm::event::KeyCode;

use sagsbord::app::App;
use sagsbord::app::keymap::Keymap;
use sagsbord::domain::intake::{Case, ContactInput, ContactKind, StepInput, StepKind, parse_step, validate_contact};
use sagsbord::domain::policy::Profile;
use sagsbord::store::{Centre, NewUser, Role, Store};

use crate::common::screen::{day, intake, keys, press, screen};
use crate::common::{contact_input, fresh};

const TODAY: &str = "2026-03-17";

/// The workbench of `who` on the file at `path` (a Randers centre).
fn workbench(path: &Path, who: &str) -> App {
    App::new(Store::open(path, who).unwrap(), day(TODAY), Keymap::built_in()).unwrap()
}

/// A file made by anna (its team leader) with the counsellor bo, and one
/// case of anna's from `input`.
fn centre_with(input: ContactInput) -> (tempfile::TempDir, std::path::PathBuf, Case) {
    let (dir, path, mut store) = fresh("anna");
    store
        .set_centre(&Centre {
            name: "Rusmiddelcenter Randers".into(),
            municipality: "Randers".into(),
            profile: "randers".into(),
            profile_path: None,
            profile_toml: None,
        })
        .unwrap();
    store
        .add_user(&NewUser {
            name: "bo".into(),
            full_name: "Bo Bosen".into(),
            role: Role::Counsellor,
            anonymous_team: false,
        })
        .unwrap();
    let profile = Profile::built_in("randers").unwrap();
    let contact = validate_contact(&input, &profile.intake, "Randers", day(TODAY)).unwrap();
    let id = store.register_contact(&contact).unwrap();
    let case = store.find_case(id).unwrap().unwrap();
    (dir, path, case)
}

fn young_without_consent() -> ContactInput {
    let mut input = contact_input();
    input.kind = ContactKind::Young;
    input.name = "Ung Prøvesen".into();
    input.cpr = "100310-4008".into(); // 16 on the contact day (invented)
    input.parental_consent = Some(false);
    input
}

fn record(path: &Path, who: &str, case_id: i64, kind: StepKind, on: &str) {
    let mut store = Store::open(path, who).unwrap();
    let case = store.find_case(case_id).unwrap().unwrap();
    let input = StepInput { kind, date: on.into(), reason: String::new(), wanted: true, closing_reason: None };
    store.record_step(case_id, &parse_step(&input, &case, day(TODAY)).unwrap()).unwrap();
}

fn clear_field(app: &mut App, chars: usize) {
    for _ in 0..chars {
        press(app, KeyCode::Backspace);
    }
}

#[test]
fn v_on_a_case_already_in_assessment_is_refused_with_the_reason_and_writes_nothing() {
    let (_dir, path, case) = centre_with(contact_input());
    record(&path, "anna", case.id, StepKind::StartAssessment, "16.03.2026");
    let mut app = workbench(&path, "anna");
    let before = app.shell.store.case_events(case.id).unwrap().len();
    keys(&mut app, "v");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Udredningen er allerede startet den 16.03.2026"), "{s}");
    assert!(app.form().is_some(), "the draft is kept");
    assert_eq!(app.shell.store.case_events(case.id).unwrap().len(), before);
    assert_eq!(app.shell.store.find_case(case.id).unwrap().unwrap().progress.visitation_on, None);
}

#[test]
fn consent_given_later_is_recorded_with_its_day_and_then_treatment_starts() {
    let (_dir, path, case) = centre_with(young_without_consent());
    let mut app = workbench(&path, "anna");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "b");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Under 18: behandling kræver forældrenes samtykke."));
    press(&mut app, KeyCode::Esc);
    // r: the consent is the first field; "Ja" is one to the left of "Nej".
    keys(&mut app, "r");
    assert!(screen(&app).contains("Ret sagen · sag"), "{}", screen(&app));
    press(&mut app, KeyCode::Left);
    assert!(screen(&app).contains("Samtykke givet den"), "the day is asked once consent is chosen");
    press(&mut app, KeyCode::Tab);
    clear_field(&mut app, 10);
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Skriv den dag, forældrene gav samtykke."), "{s}");
    assert_eq!(app.shell.store.find_case(case.id).unwrap().unwrap().parental_consent, Some(false), "nothing written");
    keys(&mut app, "16.03.2026");
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none(), "{}", screen(&app));
    let s = screen(&app);
    assert!(s.contains("Forældresamtykke: Ja, forældrene samtykker"), "{s}");
    assert!(s.contains("16.03.2026  Forældresamtykke givet"), "{s}");
    // The rule that waited for the consent now lets treatment start.
    keys(&mut app, "b");
    press(&mut app, KeyCode::Enter);
    let started = intake(&app).case().unwrap().case.clone();
    assert_eq!(started.progress.treatment_started_on, Some(day(TODAY)));
}

#[test]
fn an_edit_saved_over_a_colleagues_step_keeps_the_draft_and_names_them() {
    let (_dir, path, case) = centre_with(contact_input());
    // Shared with bo, who books the visitation while anna's form is open.
    Store::open(&path, "anna").unwrap().share_case(case.id, "bo").unwrap();
    let mut app = workbench(&path, "anna");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "r");
    // To the note, the last field, and add to it.
    press(&mut app, KeyCode::BackTab);
    keys(&mut app, " Rettet.");
    record(&path, "bo", case.id, StepKind::BookVisitation, "18.03.2026");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("ændret imens af bo"), "{s}");
    let form = app.form().expect("the draft is kept");
    assert!(form.fields.iter().any(|f| format!("{:?}", f.value).contains("Rettet.")));
    assert_eq!(app.shell.store.find_case(case.id).unwrap().unwrap().note, case.note);
}

#[test]
fn a_wrong_step_is_undone_with_a_reason_and_both_stay_in_the_history() {
    let (_dir, path, case) = centre_with(contact_input());
    record(&path, "anna", case.id, StepKind::BookVisitation, "17.03.2030");
    let mut app = workbench(&path, "anna");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "z");
    assert!(screen(&app).contains("Visitationssamtale booket 17.03.2030"), "{}", screen(&app));
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains("Skriv hvorfor trinnet fortrydes."));
    assert_eq!(app.shell.store.case_events(case.id).unwrap().len(), 2, "nothing written");
    keys(&mut app, "Tastefejl i året");
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Visitationssamtale booket [fortrudt]"), "{s}");
    assert!(s.contains("FORTRUDT: Visitationssamtale booket 17.03.2030: Tastefejl i året"), "{s}");
    assert_eq!(intake(&app).case().unwrap().case.progress.visitation_on, None);
    // Nothing stands now: told so, no form.
    keys(&mut app, "z");
    assert!(app.form().is_none());
    assert!(screen(&app).contains("Sagen har intet trin at fortryde."));
}

#[test]
fn a_case_is_handed_to_a_colleague_and_the_history_shows_it() {
    let (_dir, path, case) = centre_with(contact_input());
    let mut app = workbench(&path, "anna");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "o");
    assert!(screen(&app).contains("bo (Bo Bosen)"), "{}", screen(&app));
    press(&mut app, KeyCode::Enter);
    let s = screen(&app);
    assert!(s.contains("Overdraget til bo"), "{s}");
    assert!(s.contains("rådgiver bo"), "{s}");
    assert_eq!(app.shell.store.find_case(case.id).unwrap().unwrap().counsellor, "bo");
}
