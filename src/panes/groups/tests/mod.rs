//! Grupper's forms at the app level: a real `App` on a database file that
//! holds a small centre (`centre.json`), keys in through the real keymap,
//! the pane's state and the database (read through the store) out.
//!
//! Every form has its happy path, which writes what it should, and a
//! refusal, which keeps the draft and writes nothing. "Nothing written" is
//! told by the audit trail: every write adds a row to it in the write's own
//! transaction. `failures` breaks the database under the app and checks
//! that a failing store is never shown as a problem with the draft.
//! `lists` draws every list of the pane on ratatui's TestBackend: how it
//! moves, and what of it each width shows.
//!
//! The centre's day is Monday 16 March 2026. "MOVE mandag" (group 1) meets
//! Mondays at 10 with cases 1 (Ida) and 2 (Ole), each on a MOVE course;
//! "Anonym gruppe" (group 2) meets at 18 with the §101a case 3; case 4 is
//! a relative's, case 5 (Bo) a treatment case in no group and no course.
//! Cards MOVE-0001 to 0010 were received; 0001 to 0003 are handed out.

mod course_forms;
mod failures;
mod group_forms;
mod ledger_forms;
mod lists;

use std::path::PathBuf;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use rusqlite::Connection;
use tempfile::TempDir;

use super::{CourseState, GroupState, GroupsPane, GroupsView, LedgerState};
use crate::app::form::{FieldName, FieldValue, Form};
use crate::app::keymap::{self, KeyCodeId};
use crate::app::{Action, App, StatusKind};
use crate::domain::group::course::CardRow;
use crate::store::{Store, exchange};
use crate::text;

/// A date as the forms take it.
fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%d.%m.%Y").unwrap()
}

const TODAY: &str = "16.03.2026";

/// The centre on a database file, with the app on it.
struct Centre {
    _dir: TempDir,
    path: PathBuf,
    app: App,
}

impl Centre {
    /// Grupper on screen, on the group list.
    fn new() -> Centre {
        let centre = Centre::of(include_str!("centre.json"));
        assert_eq!(centre.pane().list.lines.len(), 2, "{:?}", centre.app.shell.status);
        centre
    }

    /// The centre an export file `json` holds, Grupper on screen.
    fn of(json: &str) -> Centre {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("sagsbord.db");
        let mut store = Store::open(&path, "anna").unwrap();
        store.import(&exchange::parse(json).unwrap()).unwrap();
        let app = App::new(store, day(TODAY), keymap::load(None).0).unwrap();
        let mut centre = Centre { _dir: dir, path, app };
        centre.press(Action::PaneGroups);
        centre
    }

    /// A second connection to the file, as another program would open it.
    fn sql(&self) -> Connection {
        Connection::open(&self.path).unwrap()
    }

    /// Rows in the audit trail: every write adds one.
    fn writes(&self) -> i64 {
        self.sql().query_row("SELECT count(*) FROM audit", [], |r| r.get(0)).unwrap()
    }

    fn store(&mut self) -> &mut Store {
        &mut self.app.shell.store
    }

    fn pane(&self) -> &GroupsPane {
        self.app.pane_of::<GroupsPane>().expect("the Grupper pane")
    }

    fn group(&self) -> &GroupState {
        match self.pane().stack.last() {
            Some(GroupsView::Group(state)) => state,
            other => panic!("no group on screen: {other:?}"),
        }
    }

    fn course(&self) -> &CourseState {
        match self.pane().stack.last() {
            Some(GroupsView::Course(state)) => state,
            other => panic!("no course on screen: {other:?}"),
        }
    }

    fn ledger(&self) -> &LedgerState {
        match self.pane().stack.last() {
            Some(GroupsView::Ledger(state)) => state,
            other => panic!("no ledger on screen: {other:?}"),
        }
    }

    fn form(&self) -> &Form {
        self.app.form().expect("a form is open")
    }

    fn status(&self) -> (StatusKind, String) {
        let status = self.app.shell.status.as_ref().expect("a status line");
        (status.kind, status.text.clone())
    }

    /// Presses the key the keymap binds to `action` on the screen now up.
    fn press(&mut self, action: Action) {
        let layers = self.app.active_layers();
        let keymap = &self.app.keymap;
        let key = layers
            .iter()
            .flat_map(|layer| keymap.keys_for(*layer, action))
            .find(|key| keymap.lookup(layers, *key) == Some(action))
            .unwrap_or_else(|| panic!("no key for {action:?} on this screen"));
        let code = match key.code {
            KeyCodeId::Char(c) => KeyCode::Char(c),
            KeyCodeId::Enter => KeyCode::Enter,
            KeyCodeId::Esc => KeyCode::Esc,
            KeyCodeId::Tab => KeyCode::Tab,
            KeyCodeId::BackTab => KeyCode::BackTab,
            KeyCodeId::Backspace => KeyCode::Backspace,
            KeyCodeId::Delete => KeyCode::Delete,
            KeyCodeId::Up => KeyCode::Up,
            KeyCodeId::Down => KeyCode::Down,
            KeyCodeId::Left => KeyCode::Left,
            KeyCodeId::Right => KeyCode::Right,
            KeyCodeId::PageUp => KeyCode::PageUp,
            KeyCodeId::PageDown => KeyCode::PageDown,
            KeyCodeId::Home => KeyCode::Home,
            KeyCodeId::End => KeyCode::End,
            KeyCodeId::F(n) => KeyCode::F(n),
        };
        let mut modifiers = KeyModifiers::NONE;
        if key.ctrl {
            modifiers |= KeyModifiers::CONTROL;
        }
        if key.alt {
            modifiers |= KeyModifiers::ALT;
        }
        self.app.handle_key(KeyEvent::new(code, modifiers));
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    /// Tabs to `field` of the open form.
    fn focus(&mut self, field: impl FieldName) {
        for _ in 0..self.form().fields.len() {
            if self.form().focused().is_some_and(|f| f.id.is(field)) {
                return;
            }
            self.press(Action::NextField);
        }
        panic!("no field {field:?} in {:?}", self.form());
    }

    /// Replaces the text of `field` with `text`, as typed.
    fn fill(&mut self, field: impl FieldName, text: &str) {
        self.focus(field);
        self.press(Action::End);
        while !self.form().text(field).is_empty() {
            self.press(Action::Backspace);
        }
        self.type_text(text);
        assert_eq!(self.form().text(field), text);
    }

    /// Picks option `index` of the choice `field`.
    fn choose(&mut self, field: impl FieldName, index: usize) {
        self.focus(field);
        for _ in 0..10 {
            if self.form().choice(field) == index {
                return;
            }
            self.press(Action::Right);
        }
        panic!("no option {index} in {field:?}");
    }

    /// Enter on the open form, which must save: the form closes, the status
    /// line says what was saved, and something was written. Returns what
    /// the status line says.
    fn saves(&mut self) -> String {
        let before = self.writes();
        self.press(Action::Submit);
        if let Some(form) = self.app.form() {
            panic!("not saved: {:?}\n{form:?}", self.app.shell.status);
        }
        let (kind, said) = self.status();
        assert_eq!(kind, StatusKind::Info, "{said}");
        assert!(self.writes() > before, "nothing written: {said}");
        said
    }

    /// Enter on the open form, which the rules must refuse at `field`: the
    /// draft is kept as typed, the banner and the status line say so, and
    /// nothing is written. Returns the field's message.
    fn refused_at(&mut self, field: impl FieldName) -> String {
        let before = self.writes();
        let draft: Vec<FieldValue> = self.form().fields.iter().map(|f| f.value.clone()).collect();
        self.press(Action::Submit);
        let form = self.app.form().expect("the form stays open");
        let kept: Vec<FieldValue> = form.fields.iter().map(|f| f.value.clone()).collect();
        assert_eq!(kept, draft, "the draft is kept");
        assert_eq!(form.banner.as_deref(), Some(text::NOT_SAVED_FIX_FIELDS));
        assert_eq!(self.status(), (StatusKind::Error, text::NOT_SAVED_FIX_FIELDS.to_string()));
        assert_eq!(self.writes(), before, "nothing written");
        let form = self.form();
        let error = form.field(field).and_then(|f| f.error.clone());
        error.unwrap_or_else(|| panic!("no problem at {field:?}: {form:?}"))
    }

    /// Opens the first group on the list, "MOVE mandag".
    fn open_move_group(&mut self) {
        self.press(Action::Open);
        assert_eq!(self.group().detail.group.name, "MOVE mandag");
    }

    /// Selects the group's session on `date`.
    fn select_session(&mut self, date: &str) {
        self.press(Action::Top);
        for _ in 0..self.group().detail.sessions.len() {
            if self.group().selected_session().is_some_and(|s| s.session.date == day(date)) {
                return;
            }
            self.press(Action::Down);
        }
        panic!("no session on {date}");
    }

    /// Opens the MOVE course of `case_id` from the course list.
    fn open_course_of(&mut self, case_id: i64) {
        self.press(Action::ShowCourses);
        self.press(Action::Top);
        while self.pane().courses.selected_line().unwrap().course.case_id != case_id {
            let at = self.pane().courses.cursor.selected();
            self.press(Action::Down);
            assert_ne!(self.pane().courses.cursor.selected(), at, "no course of case {case_id}");
        }
        self.press(Action::Open);
        assert_eq!(self.course().data.course.case_id, case_id);
    }

    /// Selects the first row of the open course that `wanted` picks.
    fn select_row(&mut self, wanted: impl Fn(&CardRow) -> bool) {
        self.press(Action::Top);
        for _ in 0..self.course().cards.rows.len() {
            if self.course().selected_row().is_some_and(&wanted) {
                return;
            }
            self.press(Action::Down);
        }
        panic!("no such row in {:?}", self.course().cards.rows);
    }
}
