//! The Døgn pane at the app level: a real `App` on an in-memory store with
//! the demo centre imported, keys in through `App::update` and
//! `App::handle_key`, the pane's state, the screen and the database out.

mod forms;
mod navigation;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use super::StaysPane;
use crate::app::form::{FieldName, Form};
use crate::app::keymap::Keymap;
use crate::app::{Action, App};
use crate::store::{Store, exchange};
use crate::ui::{self, CHROME_ROWS, Theme};

const SAMPLE: &str = include_str!("../../../../sample-data/centre.json");

/// The demo centre on the sample's day, in the Døgn pane, on an 80×24
/// terminal.
fn sample_app() -> App {
    sample_app_in(80, 24)
}

/// The demo centre on the sample's day, in the Døgn pane, loaded on a
/// terminal of `width`×`height`.
fn sample_app_in(width: u16, height: u16) -> App {
    let file = exchange::parse(SAMPLE).expect("the sample parses");
    let mut store = Store::open_in_memory("dennis").unwrap();
    store.import(&file).unwrap();
    let mut app = App::new(store, file.sample_today.unwrap(), Keymap::built_in()).unwrap();
    resize(&mut app, width, height);
    app.update(Action::PaneStays);
    assert_eq!(app.pane().title(), "Døgn");
    app
}

fn pane(app: &App) -> &StaysPane {
    app.pane_of().expect("the Døgn pane")
}

/// What the terminal tells the shell on a resize.
fn resize(app: &mut App, width: u16, height: u16) {
    app.shell.list_rows = height.saturating_sub(CHROME_ROWS) as usize;
    app.shell.screen_cols = width;
}

fn render(app: &App, width: u16, height: u16, theme: Theme) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| ui::draw(f, app, &theme)).unwrap();
    terminal.backend().buffer().clone()
}

fn text_of(buffer: &Buffer) -> String {
    let area = buffer.area;
    (0..area.height)
        .map(|y| (0..area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>().trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The screen as the shell's size says, without colour.
fn screen(app: &App) -> String {
    let height = app.shell.list_rows as u16 + CHROME_ROWS;
    text_of(&render(app, app.shell.screen_cols, height, Theme::plain()))
}

/// Each character as a key press, through the keymap.
fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

/// Actions one after the other.
fn run(app: &mut App, actions: &[Action]) {
    for action in actions {
        app.update(*action);
    }
}

/// Moves the list's selection to the stay of `case`.
fn select_case(app: &mut App, case: i64) {
    app.update(Action::Top);
    for _ in 0..pane(app).lines.len() {
        if pane(app).selected_line().is_some_and(|l| l.row.stay.case_id == case) {
            return;
        }
        app.update(Action::Down);
    }
    panic!("no stay for case {case} in the list");
}

fn form(app: &App) -> &Form {
    app.form().expect("a form is open")
}

/// Focuses the field `name` of the open form (Tab until it has focus).
fn focus(app: &mut App, name: impl FieldName) {
    for _ in 0..form(app).fields.len() {
        if form(app).focused().is_some_and(|f| f.id.is(name)) {
            return;
        }
        app.update(Action::NextField);
    }
    panic!("no field {name:?} to focus");
}

/// Replaces the text of the field `name`.
fn fill(app: &mut App, name: impl FieldName, text: &str) {
    focus(app, name);
    app.update(Action::End);
    for _ in 0..form(app).text(name).chars().count() {
        app.update(Action::Backspace);
    }
    type_text(app, text);
    assert_eq!(form(app).text(name), text);
}

fn error_at(app: &App, name: impl FieldName) -> Option<String> {
    form(app).field(name).and_then(|f| f.error.clone())
}

fn status(app: &App) -> String {
    app.shell.status.as_ref().map(|s| s.text.clone()).unwrap_or_default()
}

/// Makes every write to the database fail, as a full disk or a read-only
/// file would; reads still work.
fn refuse_writes(app: &mut App) {
    app.shell.store.sqlite().execute_batch("PRAGMA query_only = ON").unwrap();
}
