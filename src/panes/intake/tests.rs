//! Indtag at the app level: keys in, state and database out.

use chrono::NaiveDate;

use super::*;
use crate::app::{App, keymap};
use crate::store::{Store, exchange};
use crate::ui::Theme;

/// An app on `n` open own-use cases, first contacts on 1, 2, ... March
/// (then 1, 2, ... again), named "Borger i".
fn app_with_cases(n: usize) -> App {
    app_with_named(&(1..=n).map(|i| format!("Borger {i}")).collect::<Vec<_>>(), "")
}

/// An app on one open case per name, each with `note`.
fn app_with_named(names: &[String], note: &str) -> App {
    let citizens: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, name)| format!(r#"{{"id":{},"name":"{name}","home_municipality":"Faxe"}}"#, i + 1))
        .collect();
    let cases: Vec<String> = (1..=names.len())
        .map(|i| {
            let day = (i - 1) % 9 + 1;
            format!(
                r#"{{"id":{i},"citizen_id":{i},"kind":"own_use","channel":"phone","contact_at":"2026-03-0{day}T09:00:00","counsellor":"anna","children":"no_children","note":"{note}"}}"#
            )
        })
        .collect();
    let text = format!(
        r#"{{"format":"sagsbord","version":1,"centre":{{"name":"T","municipality":"Faxe","profile":"national"}},"citizens":[{}],"cases":[{}],"case_events":[]}}"#,
        citizens.join(","),
        cases.join(",")
    );
    let mut store = Store::open_in_memory("anna").unwrap();
    store.import(&exchange::parse(&text).unwrap()).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
    App::new(store, today, keymap::load(None).0).unwrap()
}

fn pane(app: &App) -> &IntakePane {
    app.pane_of::<IntakePane>().unwrap()
}

#[test]
fn starting_treatment_on_the_last_line_of_the_queue_keeps_a_valid_selection() {
    let mut app = app_with_cases(2);
    app.update(Action::Down);
    let second = pane(&app).queue.selected_entry().unwrap().case.id;
    app.update(Action::StepStartTreatment);
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{:?}", app.shell.status);
    let left: Vec<i64> = pane(&app).queue.shown_entries().map(|e| e.case.id).collect();
    assert_eq!(left.len(), 1);
    assert!(!left.contains(&second));
    assert_eq!(pane(&app).queue.len(), 1);
    assert_eq!(pane(&app).queue.selected_entry().unwrap().case.id, left[0]);
}

/// The workbench loads the queue before it knows the terminal's height:
/// the first frame's height reads the lines the taller view shows.
#[test]
fn a_taller_view_reads_the_lines_it_shows() {
    let mut app = app_with_cases(30);
    assert_eq!(pane(&app).queue.shown_entries().count(), 10);
    app.update(Action::Down);
    app.set_list_rows(24);
    assert_eq!(pane(&app).queue.len(), 30);
    assert_eq!(pane(&app).queue.shown_entries().count(), 24);
    let second = pane(&app).queue.shown_entries().nth(1).map(|e| e.case.id);
    assert_eq!(pane(&app).queue.selected_entry().map(|e| e.case.id), second, "the selection stays");
    let s = screen(&app, 100, 30).join("\n");
    let shown = pane(&app).queue.shown_entries().take(20).all(|e| s.contains(&format!(" {} ", e.case.id)));
    assert!(shown, "{s}");
}

#[test]
fn starting_treatment_of_the_only_case_from_the_case_view_empties_the_queue() {
    let mut app = app_with_cases(1);
    app.update(Action::OpenCase);
    app.update(Action::StepStartTreatment);
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{:?}", app.shell.status);
    assert!(pane(&app).queue.is_empty());
    assert!(pane(&app).queue.selected_entry().is_none());
    let view = pane(&app).case().expect("the case view stays open");
    assert!(view.case.progress.treatment_started_on.is_some());
}

/// The screen as rows of text, drawn as the terminal would.
fn screen(app: &App, width: u16, height: u16) -> Vec<String> {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| crate::ui::draw(f, app, &Theme::plain())).unwrap();
    let buffer = terminal.backend().buffer();
    (0..height).map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect()).collect()
}

#[test]
fn moving_up_from_the_bottom_of_a_long_queue_moves_the_selection_not_the_list() {
    let mut app = app_with_cases(40);
    app.shell.list_rows = 10;
    app.update(Action::Bottom);
    let bottom = screen(&app, 80, 17);
    let first_shown = bottom.iter().find(|r| r.contains("Borger")).cloned().unwrap();
    app.update(Action::Up);
    app.update(Action::Up);
    let after = screen(&app, 80, 17);
    // The same first row: the list stayed, the pointer moved up two rows.
    assert_eq!(after.iter().find(|r| r.contains("Borger")).cloned().unwrap(), first_shown, "{after:#?}");
    let pointer = |rows: &[String]| rows.iter().position(|r| r.contains('›')).unwrap();
    assert_eq!(pointer(&after) + 2, pointer(&bottom), "{after:#?}");
}

#[test]
fn a_long_name_is_whole_at_120_columns_and_the_markers_keep_their_room_at_80() {
    let long = "Kristoffer Vestergaard-Holm".to_string();
    let mut app = app_with_named(std::slice::from_ref(&long), "");
    // 1 March + 14 days: overdue on 17 March, with the doctor's deadline too.
    app.shell.today = NaiveDate::from_ymd_opt(2026, 3, 17).unwrap();
    app.go(0);
    let wide = screen(&app, 120, 24);
    assert!(wide.iter().any(|r| r.contains(&long)), "{wide:#?}");
    let narrow = screen(&app, 80, 24);
    let row = narrow.iter().find(|r| r.contains("Kristoffer")).unwrap();
    assert!(row.contains("OVERSKREDET"), "{row}");
}

#[test]
fn the_case_view_scrolls_to_its_last_line_at_80x24() {
    // A note long enough to push the history below the screen.
    let note = "Borgeren fortalte om sin situation og sine planer for de kommende uger. ".repeat(30);
    let mut app = app_with_named(&["Borger Lang".to_string()], note.trim());
    app.update(Action::OpenCase);
    assert!(pane(&app).case().is_some());
    let top = screen(&app, 80, 24);
    assert!(!top.iter().any(|r| r.contains("Forløb")), "{top:#?}");
    assert!(top.iter().any(|r| r.contains("▼ mere")), "{top:#?}");
    app.update(Action::Bottom);
    let end = screen(&app, 80, 24);
    assert!(end.iter().any(|r| r.contains("Forløb")), "{end:#?}");
    assert!(end.iter().any(|r| r.contains("▲ mere")), "{end:#?}");
    // Esc closes the case; the queue is back.
    app.update(Action::Close);
    assert!(pane(&app).case().is_none());
}

#[test]
fn a_refused_contact_keeps_the_draft_and_names_the_field() {
    let mut app = app_with_cases(1);
    app.update(Action::NewContact);
    let form = app.form_mut().unwrap();
    form.focus = form.fields.iter().position(|f| f.id.is(crate::domain::intake::ContactField::Cpr)).unwrap();
    for c in "3113".chars() {
        app.handle_paste(&c.to_string());
    }
    app.update(Action::Submit);
    let form = app.form().expect("the draft stays open");
    let cpr = form.field(crate::domain::intake::ContactField::Cpr).unwrap();
    assert!(cpr.error.is_some(), "{form:#?}");
    assert_eq!(form.text(crate::domain::intake::ContactField::Cpr), "3113");
    assert_eq!(pane(&app).queue.len(), 1, "nothing written");
}

#[test]
fn a_step_a_colleague_made_impossible_is_not_saved_and_the_draft_stays() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("centre.db");
    {
        let mut app = app_with_cases(1);
        let file = app.shell.store.export().unwrap();
        let mut store = Store::open(&path, "anna").unwrap();
        store.import(&file).unwrap();
    }
    let store = Store::open(&path, "anna").unwrap();
    let mut app = App::new(store, NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(), keymap::load(None).0).unwrap();
    app.update(Action::StepBookVisitation);
    // Meanwhile a colleague closes the contact.
    let mut other = crate::store::users::open_as(&path, "anna", "bo", crate::store::Role::TeamLeader);
    let case = other.find_case(1).unwrap().unwrap();
    let close = crate::domain::intake::parse_step(
        &crate::domain::intake::StepInput {
            kind: StepKind::Close,
            date: "10.03.2026".into(),
            reason: String::new(),
            wanted: true,
            closing_reason: Some(crate::domain::intake::ClosingReason::Moved),
        },
        &case,
        NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
    )
    .unwrap();
    other.record_step(1, &close).unwrap();
    app.update(Action::Submit);
    let status = app.shell.status.clone().unwrap();
    assert_eq!(status.kind, StatusKind::Error);
    assert!(status.text.starts_with(text::SAVE_FAILED), "{status:?}");
    assert!(app.form().is_some(), "the draft stays");
    let events = other.case_events(1).unwrap();
    assert!(!events.iter().any(|e| e.kind == "book_visitation"), "{events:?}");
}

#[test]
fn a_colleagues_change_appears_on_the_open_queue_at_the_next_tick_but_never_under_a_draft() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("centre.db");
    {
        let mut app = app_with_cases(2);
        let file = app.shell.store.export().unwrap();
        Store::open(&path, "anna").unwrap().import(&file).unwrap();
    }
    let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
    let mut app = App::new(Store::open(&path, "anna").unwrap(), today, keymap::load(None).0).unwrap();
    assert_eq!(pane(&app).queue.len(), 2);
    assert!(!app.tick(), "nothing changed yet");

    // bo starts treatment for case 2 from his own sagsbord.
    let mut bo = crate::store::users::open_as(&path, "anna", "bo", crate::store::Role::TeamLeader);
    let start = |store: &mut Store, id: i64| {
        let case = store.find_case(id).unwrap().unwrap();
        let input = crate::domain::intake::StepInput {
            kind: StepKind::StartTreatment,
            date: "10.03.2026".into(),
            reason: String::new(),
            wanted: true,
            closing_reason: None,
        };
        let step = crate::domain::intake::parse_step(&input, &case, today).unwrap();
        store.record_step(id, &step).unwrap();
    };
    // Under an open draft nothing is reloaded: the draft and the list stay.
    app.update(Action::NewContact);
    start(&mut bo, 2);
    assert!(!app.tick());
    assert_eq!(pane(&app).queue.len(), 2);
    // Once the draft is closed, the next tick shows bo's change.
    app.update(Action::Cancel);
    assert!(app.tick());
    let left: Vec<i64> = pane(&app).queue.shown_entries().map(|e| e.case.id).collect();
    assert_eq!(left, vec![1]);
    // Our own writes are not others' changes.
    start(&mut app.shell.store, 1);
    assert!(!app.tick());
}

/// A visitation booked after the guarantee's deadline (first contact 1
/// March, deadline 15 March) is shown with why before Enter again saves
/// it; a date in time saves at once.
#[test]
fn a_visitation_after_the_guarantee_deadline_is_shown_first_and_saved_on_enter_again() {
    use crate::domain::intake::StepField;
    let mut app = app_with_cases(1);
    let booked = |app: &App| app.shell.store.case_events(1).unwrap().iter().any(|e| e.kind == "book_visitation");
    app.update(Action::StepBookVisitation);
    let form = app.form_mut().unwrap();
    form.field_mut(StepField::Date).unwrap().value =
        crate::app::form::FieldValue::Text { value: "20.03.2026".into(), cursor: 10 };
    app.update(Action::Submit);
    let banner = app.form().expect("the draft stays").banner.clone().unwrap_or_default();
    assert!(banner.starts_with("Visitationen ligger efter behandlingsgarantiens frist 15.03.2026:"), "{banner}");
    assert_eq!(app.shell.status.as_ref().unwrap().kind, StatusKind::Warning);
    assert!(!booked(&app), "nothing written before it was seen");
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{:?}", app.shell.status);
    assert!(booked(&app));
}

/// Rødovre's profile (up to 2 relatives' conversations) on one relative's case.
fn rodovre_app_with_a_relative() -> App {
    let text = r#"{"format":"sagsbord","version":1,"centre":{"name":"T","municipality":"Rødovre","profile":"rodovre"},
      "citizens":[{"id":1,"name":"Pia Pårørende","home_municipality":"Rødovre"}],
      "cases":[{"id":1,"citizen_id":1,"kind":"relative","channel":"phone","contact_at":"2026-03-02T09:00:00","counsellor":"anna","children":"no_children"}],
      "case_events":[]}"#;
    let mut store = Store::open_in_memory("anna").unwrap();
    store.import(&exchange::parse(text).unwrap()).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
    App::new(store, today, keymap::load(None).0).unwrap()
}

/// Opens the conversation form on the open case, as a relative's
/// conversation on `date`, and presses Enter.
fn register_relative(app: &mut App, date: &str) {
    use crate::app::form::FieldValue;
    use crate::domain::intake::ConversationField;
    app.update(Action::RegisterConversation);
    let form = app.form_mut().expect("the conversation form opens");
    form.field_mut(ConversationField::Date).unwrap().value =
        FieldValue::Text { value: date.into(), cursor: date.chars().count() };
    if let Some(FieldValue::Choice { index, .. }) = form.field_mut(ConversationField::Kind).map(|f| &mut f.value) {
        *index = 2; // pårørende
    }
    app.update(Action::Submit);
}

#[test]
fn conversations_are_counted_on_the_case_and_the_one_past_the_limit_warns_before_it_is_saved() {
    let mut app = rodovre_app_with_a_relative();
    app.update(Action::OpenCase);
    let joined = |app: &App| screen(app, 80, 24).join("\n");
    assert!(joined(&app).contains("Samtaler: anonyme 0 af 3 · rådgivende 0 · pårørende 0 af 2"), "{}", joined(&app));

    register_relative(&mut app, "03.03.2026");
    assert!(app.form().is_none(), "{:?}", app.shell.status);
    register_relative(&mut app, "04.03.2026");
    assert!(app.form().is_none(), "at the limit: no warning, {:?}", app.shell.status);
    assert!(joined(&app).contains("pårørende 2 af 2"), "{}", joined(&app));
    assert!(!joined(&app).contains("Advarsel"));

    // The third passes the profile's 1-2: the warning first, nothing written.
    register_relative(&mut app, "05.03.2026");
    let banner = app.form().expect("the draft stays").banner.clone().unwrap_or_default();
    assert!(banner.contains("3 pårørende samtaler, profilen siger højst 2"), "{banner}");
    assert_eq!(app.shell.status.as_ref().unwrap().kind, StatusKind::Warning);
    assert_eq!(app.shell.store.conversations_of(1).unwrap().len(), 2);
    // Enter again on the unchanged draft saves it: a warning, not a refusal.
    app.update(Action::Submit);
    assert!(app.form().is_none(), "{:?}", app.shell.status);
    assert_eq!(app.shell.store.conversations_of(1).unwrap().len(), 3);
    let shown = joined(&app);
    assert!(shown.contains("pårørende 3 af 2"), "{shown}");
    assert!(shown.contains("Advarsel: 3 pårørende samtaler, profilen siger højst 2."), "{shown}");
}

#[test]
fn a_conversation_dated_before_the_first_contact_is_refused_at_its_field_and_the_draft_kept() {
    use crate::domain::intake::ConversationField;
    let mut app = rodovre_app_with_a_relative();
    app.update(Action::OpenCase);
    register_relative(&mut app, "01.03.2026");
    let form = app.form().expect("the draft stays");
    assert!(form.field(ConversationField::Date).unwrap().error.is_some(), "{form:#?}");
    assert_eq!(form.text(ConversationField::Date), "01.03.2026");
    assert!(app.shell.store.conversations_of(1).unwrap().is_empty(), "nothing written");
}

/// A character typed in the search reads the first screen of matches and
/// counts none of them: the screen is the same as with the count, which
/// comes when a key moves through the matches or the search is kept (the
/// audit trail's look says how many).
#[test]
fn a_search_character_shows_its_first_screen_uncounted_and_counts_when_the_matches_are_used() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut app = app_with_cases(30);
    app.shell.list_rows = 10;
    let seen = app.shell.store.trace_statements();
    let press = |app: &mut App, code: KeyCode| app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    let counts = |seen: &std::sync::Arc<std::sync::Mutex<Vec<String>>>| {
        std::mem::take(&mut *seen.lock().unwrap()).iter().filter(|s| s.contains("COUNT(")).count()
    };
    press(&mut app, KeyCode::Char('/'));
    counts(&seen);
    // "Borger" is every name: the first screen is full.
    press(&mut app, KeyCode::Char('B'));
    assert_eq!(counts(&seen), 0, "the character counts nothing");
    let first = screen(&app, 100, 17);
    assert_eq!(pane(&app).queue.len(), 10, "the first screen's lines");
    assert_eq!(pane(&app).queue.shown_entries().count(), 10);
    // Kept with Enter: counted once, for the look the audit trail records,
    // and the screen as it was.
    press(&mut app, KeyCode::Enter);
    assert_eq!(counts(&seen), 1);
    assert_eq!(pane(&app).queue.len(), 30);
    assert_eq!(pane(&app).shown_list().map(|(_, n)| n), Some(30));
    let lines = |rows: &[String]| rows.iter().filter(|r| r.contains("Borger")).cloned().collect::<Vec<_>>();
    assert_eq!(lines(&screen(&app, 100, 17)), lines(&first));
    // Esc clears the search: the whole queue's first screen, uncounted
    // until a key moves through it.
    press(&mut app, KeyCode::Char('/'));
    press(&mut app, KeyCode::Esc);
    assert_eq!((counts(&seen), pane(&app).queue.len()), (0, 10));
    app.update(Action::Bottom);
    assert_eq!(counts(&seen), 1);
    assert_eq!(pane(&app).queue.len(), 30);
    let mut fresh = app_with_cases(30);
    fresh.shell.list_rows = 10;
    fresh.update(Action::Bottom);
    let last = |app: &App| pane(app).queue.selected_entry().map(|e| e.case.id);
    assert_eq!(last(&app), last(&fresh), "the last line of the whole queue");
    // A search with fewer matches than a screen is whole without a count.
    press(&mut app, KeyCode::Char('/'));
    counts(&seen);
    press(&mut app, KeyCode::Char('3'));
    assert_eq!(counts(&seen), 0);
    let found = pane(&app).queue.shown_entries().count();
    assert!((1..10).contains(&found), "{found}");
    assert_eq!(pane(&app).queue.len(), found);
}
