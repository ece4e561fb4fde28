//! The find over every case: one key from any pane (`F`, or ctrl-f from
//! inside a form) lays it over the screen; typing searches every case in
//! every state by case number, name or pseudonym, or CPR number (whole or
//! its birth-date part); Enter opens the case's whole life; Esc goes back
//! to where the user was, the pane and its open form untouched.
//!
//! It is the shell's, not a pane: it belongs to no tab, takes no number
//! key, and must come back to whichever pane it was opened over. So the
//! [`super::App`] holds it beside the help overlay, asks it for its
//! [`Screen`] while it is open, and carries out what it asks for (close,
//! or open a part of the case in the pane that works on it).

mod draw;
mod keys;
mod life;

pub use draw::draw;
pub use life::LifeView;

use super::list_cursor::ListCursor;
use super::pane::Screen;
use super::{Action, Shell, StatusKind};
use crate::domain::find::{FindQuery, MAX_QUERY, parse_query};
use crate::store::FindResult;
use crate::text::find as text;

/// What the shell is asked to do after a key in the find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindOutcome {
    /// Stay open.
    Stay,
    /// Close the find: back to the pane under it.
    Close,
    /// Close the find and open case `case_id` in the pane `pane` (its go
    /// action): the part of the case that pane works on.
    OpenIn { pane: Action, case_id: i64 },
}

/// The find's state: the search, what it found, and the case opened from it.
#[derive(Debug, Default)]
pub struct Find {
    pub query: String,
    pub found: FindResult,
    /// Why the last search failed, if it did.
    pub error: Option<String>,
    pub cursor: ListCursor,
    /// The case opened from the list (or straight from another pane).
    pub life: Option<LifeView>,
    /// Opened on one case from another pane (a report's case): Esc on the
    /// case goes straight back there.
    direct: bool,
    /// The search's words have been typed at least once, so closing or
    /// opening records the look at the list it showed.
    searched: bool,
}

impl Find {
    /// The find with an empty search.
    pub fn new() -> Find {
        Find::default()
    }

    /// The find opened on one case's life (from a report's list of cases).
    /// `None`, with the reason on the status line, when it may not be opened.
    pub fn on_case(shell: &mut Shell, case_id: i64) -> Option<Find> {
        let life = LifeView::open(shell, case_id)?;
        Some(Find { life: Some(life), direct: true, ..Find::default() })
    }

    /// The screen whose keys are live.
    pub fn screen(&self) -> &'static Screen {
        if self.life.is_some() { &keys::LIFE } else { &keys::SEARCH }
    }

    /// Every screen of the find, for the keymap's conflict check.
    pub fn screens() -> &'static [&'static Screen] {
        keys::SCREENS
    }

    /// What the search reads the typed words as.
    pub fn parsed(&self) -> FindQuery {
        parse_query(&self.query)
    }

    /// A typed character: into the search while the list is up. Returns
    /// whether it was taken (on an open case, letters are keys).
    pub fn type_text(&mut self, c: char, shell: &mut Shell) -> bool {
        if self.life.is_some() || c.is_control() {
            return false;
        }
        if self.query.chars().count() < MAX_QUERY {
            self.query.push(c);
            self.search(shell);
        }
        true
    }

    /// Runs the search for the words typed so far. Nothing of the words
    /// is written: only the look at the list, when it is left.
    fn search(&mut self, shell: &mut Shell) {
        self.searched = true;
        self.cursor = ListCursor::default();
        let query = self.parsed();
        self.error = None;
        if query.is_empty() {
            self.found = FindResult::default();
            return;
        }
        let result = shell.store.viewer(false).and_then(|viewer| shell.store.find_cases(&query, &viewer));
        match result {
            Ok(found) => self.found = found,
            Err(e) => {
                self.found = FindResult::default();
                self.error = Some(e.to_string());
            }
        }
    }

    /// Records the look at the list of cases found: how many rows, never
    /// the words searched for.
    fn record_list(&self, shell: &mut Shell) {
        if self.searched {
            let name = crate::text::access::list_name(text::TITLE, false, true, None);
            shell.store.record_list(&name, self.found.cases.len());
        }
    }

    /// Applies one action of the find's screen.
    pub fn update(&mut self, action: Action, shell: &mut Shell) -> FindOutcome {
        if let Some(life) = &mut self.life {
            let case_id = life.life.case.id;
            match action {
                Action::Close if self.direct => return FindOutcome::Close,
                Action::Close => self.life = None,
                Action::RevealCpr => life.reveal_cpr(shell),
                Action::OpenInIntake => return FindOutcome::OpenIn { pane: Action::PaneIntake, case_id },
                Action::OpenInPlans => return FindOutcome::OpenIn { pane: Action::PanePlans, case_id },
                Action::OpenInNotifications => {
                    return FindOutcome::OpenIn { pane: Action::PaneNotifications, case_id };
                }
                // The find key again: back to the search.
                Action::FindCase => {
                    self.life = None;
                    self.direct = false;
                }
                other => {
                    life.scroll.apply(other, shell.list_rows);
                }
            }
            return FindOutcome::Stay;
        }
        let len = self.found.cases.len();
        match action {
            Action::Close | Action::Cancel => {
                self.record_list(shell);
                return FindOutcome::Close;
            }
            Action::Backspace => {
                if self.query.pop().is_some() {
                    self.search(shell);
                }
            }
            Action::OpenCase | Action::Submit => {
                let Some(found) = self.cursor.selection(len).and_then(|i| self.found.cases.get(i)) else {
                    return FindOutcome::Stay;
                };
                self.record_list(shell);
                self.searched = false;
                if !found.opens {
                    // The store refuses it too; say why without trying.
                    let why = shell.store.may_case(found.case.id, crate::store::CaseAction::Read);
                    if let Err(e) = why {
                        shell.set_status(StatusKind::Warning, format!("{} {e}", text::NOT_OPENED));
                        return FindOutcome::Stay;
                    }
                }
                self.life = LifeView::open(shell, found.case.id);
            }
            other => {
                self.cursor.apply(other, len, shell.list_rows);
            }
        }
        FindOutcome::Stay
    }
}
