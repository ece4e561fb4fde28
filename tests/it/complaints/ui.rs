//! The Klager list and the complaint forms in Planer on ratatui's
//! TestBackend, driven by keys through the real keymap: the list's order
//! and markers, a new complaint (refused at its field, a health-care
//! complaint guided, a §101a case refused), the steps with the late reason,
//! and a colleague's forwarding meanwhile refused by name, draft kept.

use crossterm::event::KeyCode;
use ratatui::style::Color;

use sagsbord::app::App;
use sagsbord::app::form::FieldName;
use sagsbord::app::keymap::Keymap;
use sagsbord::domain::complaint::{ComplaintField, State, StepKind};
use sagsbord::domain::intake::{ContactKind, StepInput, parse_step};
use sagsbord::store::{Role, Store};
use sagsbord::ui::Theme;

use super::store::{Fixture, case, complain, fixture, step};
use crate::common::open_as;
use crate::common::screen::{assert_fg, day, keys, line_with, plans, press, render, screen, text_of};

const TODAY: &str = "2026-04-10";

/// Starts treatment on a case so it is on the Planer board.
fn in_treatment(store: &mut Store, case_id: i64) {
    let c = store.view_case(case_id).unwrap();
    let s = parse_step(
        &StepInput {
            kind: sagsbord::domain::intake::StepKind::StartTreatment,
            date: "12.03.2026".into(),
            reason: String::new(),
            wanted: false,
            closing_reason: None,
        },
        &c,
        day(TODAY),
    )
    .unwrap();
    store.record_step(case_id, &s).unwrap();
}

/// A centre on 10 April 2026 with one case in treatment (1) and three open
/// complaints on it: one whose forwarding deadline passed (1), one due in
/// 3 days (2) and a late one with time left (3).
fn with_complaints() -> (Fixture, App) {
    let mut f = fixture();
    let id = case(&mut f.store, ContactKind::OwnUse, "anna");
    in_treatment(&mut f.store, id);
    complain(&mut f.store, id, "02.03.2026", "10.03.2026"); // forward by 07.04: -3
    complain(&mut f.store, id, "02.03.2026", "16.03.2026"); // forward by 13.04: 3
    complain(&mut f.store, id, "02.02.2026", "06.04.2026"); // late; forward by 04.05: 24
    let store = Store::open(&f.path, "anna").unwrap();
    let mut app = App::new(store, day(TODAY), Keymap::built_in()).unwrap();
    press(&mut app, KeyCode::Char('2'));
    (f, app)
}

fn focus(app: &mut App, id: impl FieldName) {
    for _ in 0..20 {
        if app.form().unwrap().focused().unwrap().id.is(id) {
            return;
        }
        press(app, KeyCode::Tab);
    }
    panic!("no field {id:?}");
}

#[test]
fn the_complaint_list_at_80x24_snapshot() {
    let (_f, mut app) = with_complaints();
    keys(&mut app, "K");
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn the_list_puts_the_soonest_forwarding_deadline_first_with_markers_in_words_and_colour() {
    let (_f, mut app) = with_complaints();
    keys(&mut app, "K");
    let s = screen(&app);
    assert!(s.contains("Klager over afgørelser"), "{s}");
    let rows: Vec<&str> = s.lines().filter(|l| l.contains("Ida Prøve")).collect();
    assert_eq!(rows.len(), 3, "{s}");
    assert!(rows[0].contains("07.04.2026") && rows[0].contains("-3") && rows[0].contains("OVERSKREDET"), "{s}");
    assert!(rows[1].contains("13.04.2026") && rows[1].contains("SNART"), "{s}");
    assert!(rows[2].contains("04.05.2026") && rows[2].contains("FOR SENT, genvurderes"), "{s}");
    assert!(line_with(&s, "åbne klager").contains("3 åbne klager · 3 skal videresendes · 1 overskredet"), "{s}");
    let colours = render(&app, 120, 24, Theme::coloured());
    assert_fg(&colours, "07.04.2026", "07.04.2026", Color::Red);
    assert_fg(&colours, "13.04.2026", "13.04.2026", Color::Yellow);
    // K again (or Esc) goes back to the board.
    keys(&mut app, "K");
    assert!(!screen(&app).contains("Klager over afgørelser"));
}

#[test]
fn a_complaint_is_registered_on_the_selected_case_and_a_bad_draft_is_kept_with_nothing_written() {
    let mut f = fixture();
    let id = case(&mut f.store, ContactKind::OwnUse, "anna");
    in_treatment(&mut f.store, id);
    let mut app = App::new(Store::open(&f.path, "anna").unwrap(), day(TODAY), Keymap::built_in()).unwrap();
    press(&mut app, KeyCode::Char('2'));
    keys(&mut app, "N");
    assert!(screen(&app).contains("Ny klage over en afgørelse"), "{}", screen(&app));
    // Saved without the decision: refused at its field, nothing written.
    press(&mut app, KeyCode::Enter);
    let s = text_of(&render(&app, 100, 40, Theme::plain()));
    assert!(s.contains("Skal udfyldes.") && s.contains("Vælg en mulighed."), "{s}");
    assert!(app.form().is_some(), "the draft is kept");
    assert!(app.shell.store.complaints_of_case(id).unwrap().is_empty());

    focus(&mut app, ComplaintField::Decision);
    keys(&mut app, "Afslag på døgnbehandling");
    focus(&mut app, ComplaintField::DecidedOn);
    keys(&mut app, "01.04.2026");
    focus(&mut app, ComplaintField::ToldOn);
    keys(&mut app, "02.04.2026");
    focus(&mut app, ComplaintField::How);
    press(&mut app, KeyCode::Right); // Skriftlig
    focus(&mut app, ComplaintField::Helper);
    keys(&mut app, "Bo");
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none(), "{}", screen(&app));
    let all = app.shell.store.complaints_of_case(id).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!((all[0].received_on, all[0].helper.as_str()), (day(TODAY), "Bo"));
    assert!(screen(&app).contains("Klage 1 registreret på sag 1"), "{}", screen(&app));
}

#[test]
fn a_health_care_complaint_is_guided_to_the_patient_authority_and_a_101a_case_refused_with_the_reason() {
    let mut f = fixture();
    let id = case(&mut f.store, ContactKind::OwnUse, "anna");
    in_treatment(&mut f.store, id);
    let anonymous = case(&mut f.store, ContactKind::Anonymous, "anna");
    in_treatment(&mut f.store, anonymous);
    let mut app = App::new(Store::open(&f.path, "anna").unwrap(), day(TODAY), Keymap::built_in()).unwrap();
    press(&mut app, KeyCode::Char('2'));
    let select = |app: &mut App, id: i64| {
        for _ in 0..5 {
            if plans(app).selected_entry().map(|e| e.course.case.id) == Some(id) {
                return;
            }
            press(app, KeyCode::Char('j'));
        }
        panic!("case {id} not on the board");
    };
    select(&mut app, id);
    keys(&mut app, "N");
    press(&mut app, KeyCode::Right); // the doctor's or nurses' care
    press(&mut app, KeyCode::Enter);
    let s = text_of(&render(&app, 120, 40, Theme::plain()));
    assert!(s.contains("Styrelsen for Patientklager") && s.contains("2 år") && s.contains("5 år"), "{s}");
    assert!(app.form().is_some());
    assert!(app.shell.store.complaints_of_case(id).unwrap().is_empty());
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);

    select(&mut app, anonymous);
    keys(&mut app, "N");
    assert!(app.form().is_none(), "no form for a §101a case");
    assert!(screen(&app).contains("§101a"), "{}", screen(&app));
}

#[test]
fn a_late_complaint_is_reassessed_and_forwarded_only_with_its_reason() {
    let (f, mut app) = with_complaints();
    keys(&mut app, "K");
    keys(&mut app, "G"); // the late one is last
    keys(&mut app, "v");
    focus(&mut app, ComplaintField::Reassessment);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right); // Fastholdt
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none(), "{}", screen(&app));
    assert_eq!(app.shell.store.complaint(3).unwrap().state(), State::Upheld);

    keys(&mut app, "s");
    let s = text_of(&render(&app, 120, 30, Theme::plain()));
    assert!(s.contains("Klagen kom for sent (fristen var 02.03.2026)"), "{s}");
    press(&mut app, KeyCode::Enter);
    let s = text_of(&render(&app, 120, 30, Theme::plain()));
    assert!(s.contains("Klagen kom efter klagefristen (02.03.2026)"), "{s}");
    assert!(app.shell.store.complaint(3).unwrap().forwarded.is_none(), "nothing written");
    focus(&mut app, ComplaintField::LateReason);
    keys(&mut app, "Borgeren var indlagt");
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none(), "{}", screen(&app));
    let c = app.shell.store.complaint(3).unwrap();
    assert_eq!(c.forwarded.unwrap().late_reason.as_deref(), Some("Borgeren var indlagt"));
    // Forwarded, it leaves the "to forward" count.
    assert!(screen(&app).contains("3 åbne klager · 2 skal videresendes"), "{}", screen(&app));
    drop(f);
}

#[test]
fn a_forwarding_over_a_colleagues_forwarding_meanwhile_is_refused_by_name_with_the_draft_kept() {
    let (f, mut app) = with_complaints();
    // Complaint 1 is upheld; anna opens its forwarding form.
    let mut bo = open_as(&f.path, "bo", Role::TeamLeader);
    let opened = bo.opened().unwrap();
    step(&mut bo, 1, StepKind::Reassess, "11.03.2026", opened).unwrap();
    keys(&mut app, "K");
    keys(&mut app, "s");
    assert!(app.form().is_some(), "{}", screen(&app));
    // Bo forwards it meanwhile.
    let opened = bo.opened().unwrap();
    step(&mut bo, 1, StepKind::Forward, "09.04.2026", opened).unwrap();
    press(&mut app, KeyCode::Enter);
    let s = text_of(&render(&app, 160, 30, Theme::plain()));
    assert!(s.contains("af bo") && s.contains("Intet er gemt"), "{s}");
    assert!(app.form().is_some(), "the draft is kept");
    let fw = app.shell.store.complaint(1).unwrap().forwarded.unwrap();
    assert_eq!((fw.on, fw.stamp.by.as_str()), (day("2026-04-09"), "bo"));
}
