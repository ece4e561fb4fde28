//! The pane at the app level: a real `App` on an in-memory store with the
//! demo centre imported, keys in through `App::update` and
//! `App::handle_key`, the pane's state, the screen and the database out.

mod forms;
mod lists;
mod navigation;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use super::{NotesPane, NotesScreen};
use crate::app::form::FieldName;
use crate::app::{Action, App, keymap};
use crate::store::{Store, exchange};
use crate::ui::{CHROME_ROWS, Theme};

const SAMPLE: &str = include_str!("../../../../sample-data/centre.json");

/// The demo centre on its own day, as `user`, on the Underretninger pane,
/// with the shell told the screen is 80×24 (as the event loop would).
fn app_as(user: &str) -> App {
    let mut store = Store::open_in_memory(user).unwrap();
    store.import(&exchange::parse(SAMPLE).unwrap()).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 3, 17).unwrap();
    let mut app = App::new(store, today, keymap::load(None).0).unwrap();
    resize(&mut app, 80, 24);
    app.update(Action::PaneNotifications);
    assert!(app.showing::<NotesPane>());
    app
}

/// What the event loop does on a resize.
fn resize(app: &mut App, width: u16, height: u16) {
    app.shell.list_rows = height.saturating_sub(CHROME_ROWS) as usize;
    app.shell.screen_cols = width;
}

fn pane(app: &App) -> &NotesPane {
    app.pane_of::<NotesPane>().unwrap()
}

fn top(app: &App) -> Option<&NotesScreen> {
    pane(app).top()
}

/// What the stack shows, bottom to top: `N5` a notification, `F10` a case's children.
fn stack(app: &App) -> Vec<String> {
    pane(app)
        .stack
        .iter()
        .map(|s| match s {
            NotesScreen::Notification(v) => format!("N{}", v.notification.id),
            NotesScreen::Family(v) => format!("F{}", v.case.id),
        })
        .collect()
}

/// Typed characters, as the terminal sends them.
fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn render(app: &App, width: u16, height: u16, theme: Theme) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| crate::ui::draw(f, app, &theme)).unwrap();
    terminal.backend().buffer().clone()
}

fn text_of(buffer: &Buffer) -> String {
    let area = buffer.area;
    (0..area.height)
        .map(|y| (0..area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>().trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The screen at 80×24 without colour.
fn screen(app: &App) -> String {
    text_of(&render(app, 80, 24, Theme::plain()))
}

/// Selects the board's line of a notification, or of a case's children.
fn select_line(app: &mut App, case_id: i64, notification: Option<i64>) {
    let at = pane(app)
        .entries
        .iter()
        .position(|e| e.case_id == case_id && e.notification().map(|n| n.id) == notification)
        .unwrap_or_else(|| panic!("no line for case {case_id} {notification:?}"));
    app.update(Action::Top);
    for _ in 0..at {
        app.update(Action::Down);
    }
    assert_eq!(pane(app).cursor.selected(), at);
}

/// Opens a notification from the board.
fn open_notification(app: &mut App, case_id: i64, id: i64) {
    select_line(app, case_id, Some(id));
    app.update(Action::OpenCase);
    assert_eq!(stack(app).last(), Some(&format!("N{id}")), "{}", screen(app));
}

/// Opens a case's children through the find-case form.
fn open_family(app: &mut App, case_id: i64) {
    app.update(Action::Search);
    type_text(app, &case_id.to_string());
    app.update(Action::Submit);
    assert_eq!(stack(app).last(), Some(&format!("F{case_id}")), "{}", screen(app));
}

/// The error at a field of the open form.
fn error_at(app: &App, field: impl FieldName) -> Option<String> {
    app.form().and_then(|f| f.field(field)).and_then(|f| f.error.clone())
}

/// Moves the open form's focus to `field`.
fn focus(app: &mut App, field: impl FieldName) {
    for _ in 0..app.form().unwrap().fields.len() {
        if app.form().unwrap().focused().is_some_and(|f| f.id.is(field)) {
            return;
        }
        app.update(Action::NextField);
    }
    panic!("no field {field:?}");
}

/// Asserts the open form was refused at its fields: the banner says so,
/// the draft is kept.
#[track_caller]
fn assert_refused(app: &App) {
    let form = app.form().expect("the form stays open");
    assert_eq!(form.banner.as_deref(), Some(crate::text::NOT_SAVED_FIX_FIELDS));
    assert!(form.has_errors());
}
