//! Ending a course whose case still has a MOVE course, a group and a
//! residential stay running (Rikke Lauritsen, case 4): the form asks about
//! each, chooses nothing for the counsellor, and ends what was chosen.

use chrono::NaiveDate;
use crossterm::event::KeyCode;

use super::{demo, focus, keys, press, screen, select};
use crate::app::App;
use crate::domain::plan::{EndingField, Running, RunningKey};
use crate::domain::stay::StayStatus;
use crate::panes::plans::RunningField;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%d.%m.%Y").unwrap()
}

/// Rikke Lauritsen's ending form, open.
fn rikkes_ending() -> App {
    let mut app = demo(20);
    select(&mut app, "Rikke Lauritsen");
    keys(&mut app, "e");
    app
}

/// Chooses the `n`th answer of a question (0 is "choose").
fn answer(app: &mut App, question: usize, n: usize) {
    focus(app, RunningField(question));
    for _ in 0..n {
        press(app, KeyCode::Right);
    }
}

#[test]
fn the_form_asks_about_the_move_course_the_group_and_the_stay_with_nothing_chosen() {
    let app = rikkes_ending();
    let s = screen(&app, 110);
    for asked in ["MOVE-forløb", "Gruppe: MOVE tirsdag", "Døgnophold 4"] {
        assert!(super::line_with(&s, asked).contains("– vælg: afslut eller behold –"), "{asked}:\n{s}");
    }
    // The stay's details and what the answers do are under its question.
    let form = app.form().unwrap();
    let stay = form.field(RunningField(2)).unwrap();
    assert!(stay.hint.as_deref().unwrap().starts_with("Døgncenter Fjordly, 05.01.2026–13.03.2026"), "{stay:?}");
    let crate::app::form::FieldValue::Choice { options, .. } = &stay.value else { panic!("a choice") };
    assert_eq!(options[1..], ["Afslut som planlagt", "Afbryd (uplanlagt)", "Behold"]);
}

#[test]
fn saving_without_answers_is_refused_at_each_question_and_writes_nothing() {
    let mut app = rikkes_ending();
    answer(&mut app, 1, 2); // the group: Behold
    press(&mut app, KeyCode::Enter);
    let form = app.form().expect("the draft is kept");
    let error = |i| form.field(RunningField(i)).unwrap().error.clone();
    assert_eq!(error(0).as_deref(), Some("Vælg, om det skal afsluttes eller fortsætte."));
    assert_eq!(error(1), None, "answered");
    assert!(error(2).is_some());
    assert!(app.shell.store.course_ending(4).unwrap().is_none());
    assert_eq!(app.shell.store.still_running(4).unwrap().len(), 3);
}

#[test]
fn an_item_begun_after_the_ending_date_cannot_be_ended_on_it() {
    let mut app = rikkes_ending();
    focus(&mut app, EndingField::Date);
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    keys(&mut app, "31.12.2025");
    answer(&mut app, 0, 2);
    answer(&mut app, 1, 2);
    answer(&mut app, 2, 1); // the stay, started 5 January: Afslut
    press(&mut app, KeyCode::Enter);
    let error = app.form().unwrap().field(RunningField(2)).unwrap().error.clone();
    assert_eq!(
        error.as_deref(),
        Some("Begyndte 05.01.2026, efter slutdatoen: kan ikke afsluttes på den; vælg Behold.")
    );
    assert!(app.shell.store.course_ending(4).unwrap().is_none());
}

#[test]
fn the_stay_and_the_group_end_with_the_course_and_the_move_course_runs_on() {
    let mut app = rikkes_ending();
    answer(&mut app, 0, 2); // MOVE: Behold
    answer(&mut app, 1, 1); // the group: Afslut
    answer(&mut app, 2, 2); // the stay: Afbryd
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none(), "{}", screen(&app, 110));
    let said = app.shell.status.clone().unwrap().text;
    assert!(said.ends_with("Også afsluttet: en gruppe, døgnophold 4 (afbrudt)."), "{said}");
    let store = &app.shell.store;
    assert_eq!(store.course_ending(4).unwrap().unwrap().ended_on, day("17.03.2026"));
    let running: Vec<RunningKey> = store.still_running(4).unwrap().iter().map(Running::key).collect();
    assert_eq!(running, [RunningKey::MoveCourse(1)]);
    let stay = store.case_stays(4).unwrap().into_iter().find(|s| s.id == 4).unwrap();
    assert_eq!((stay.status(), stay.end()), (StayStatus::Interrupted, day("17.03.2026")));
}
