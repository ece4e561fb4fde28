//! Planer: the board of courses in treatment with their plans' deadlines,
//! the follow-up calls after ended courses, one plan opened over either,
//! and the forms for a plan, a revision, an ending and a call.
//!
//! The board is the pane's base list. Every other screen is opened over it
//! on a stack ([`PaneScreen`]): the call list over the board, a plan over
//! the board or the call list. The top of the stack gets the keys, names
//! the keys live ([`Pane::screen`]) and is drawn; closing it (Esc on a plan,
//! `f` on the call list) shows the screen under it as it was left.
//!
//! Each screen has its file (`board`, `calls`, `plan_view` with
//! `plan_draw`), each form too (`plan_form`, `ending_form`, `call_form`,
//! `as_of_form`, opened and routed by `forms`); `load` reads the store.
//! This file holds the pane and the routing of a key to the screen on top.

mod as_of_form;
mod board;
mod board_source;
mod call_form;
mod calls;
mod complaints;
mod draw;
mod ending_form;
mod forms;
mod keys;
mod list;
mod load;
mod plan_draw;
mod plan_form;
mod plan_view;
#[cfg(test)]
mod tests;

use ratatui::Frame;
use ratatui::layout::Rect;

pub use as_of_form::AsOfField;
pub use board_source::BoardRow;
pub use call_form::CallFormField;
pub use ending_form::RunningField;
pub use forms::PlansForm;
pub use list::{Row, SearchList};
pub use plan_form::{GoalSlots, PlanFormField};
pub use plan_view::PlanView;

use crate::app::form::Form;
use crate::app::form_host::ActiveForm;
use crate::app::page::Window;
use crate::app::pane::{SEARCH, Screen, search_key};
use crate::app::{Action, Pane, Shell, StatusKind};
use crate::domain::plan::{BoardSort, CallEntry, PlanEntry};
use crate::store::{BoardSummary, Viewer};
use crate::text;
use crate::ui::Theme;

/// A screen opened over the board.
#[derive(Debug, Clone)]
pub enum PaneScreen {
    /// The open follow-up calls (their list is the pane's: the board counts
    /// the calls due).
    Calls,
    /// One plan, over the board or the call list.
    Plan(Box<PlanView>),
    /// The open complaints about decisions (Klager).
    Complaints(complaints::ComplaintList),
}

/// The pane: its two lists as loaded, what limits them, the screens opened
/// over the board and the open form.
#[derive(Debug, Default)]
pub struct PlansPane {
    /// The courses in treatment, the pane's base list: the screen's worth
    /// held, read a page at a time in the board's order (`board_source`).
    pub board: Window<BoardRow>,
    /// The board's summary line, counted in SQL.
    pub summary: BoardSummary,
    /// Who reads the board, as read at the last reload.
    viewer: Option<Viewer>,
    pub sort: BoardSort,
    /// Also the courses ended within the last 12 months.
    pub show_ended: bool,
    /// The open follow-up calls, the most overdue first: read when the
    /// list is opened (the board's summary counts the calls due in SQL).
    pub calls: SearchList<CallEntry>,
    pub only_mine: bool,
    /// One search for both lists: a name or a case number.
    pub search: String,
    pub searching: bool,
    /// The screens opened over the board; the last is on screen.
    pub stack: Vec<PaneScreen>,
    pub form: Option<ActiveForm<PlansForm>>,
}

impl PlansPane {
    pub fn selected_entry(&self) -> Option<&PlanEntry> {
        self.board.selected().map(|row| &row.entry)
    }

    pub fn selected_call(&self) -> Option<&CallEntry> {
        self.calls.selected()
    }

    /// The plan on screen, if one is.
    pub fn plan(&self) -> Option<&PlanView> {
        match self.stack.last() {
            Some(PaneScreen::Plan(view)) => Some(view),
            _ => None,
        }
    }

    fn plan_mut(&mut self) -> Option<&mut PlanView> {
        match self.stack.last_mut() {
            Some(PaneScreen::Plan(view)) => Some(view),
            _ => None,
        }
    }

    /// Whether the call list is the list on screen (under a plan or not).
    pub fn on_calls(&self) -> bool {
        self.stack.iter().any(|s| matches!(s, PaneScreen::Calls))
    }

    /// A changed search applied to both lists: `typed` while it is being
    /// typed, else cleared.
    fn refilter(&mut self, sh: &mut Shell, typed: bool) {
        self.search_board(sh, typed);
        self.calls.refilter(&self.search, sh.list_rows);
    }

    /// The keys both lists answer: moving, the search, "only mine".
    /// Returns whether the action was one of those.
    fn update_list(&mut self, action: Action, sh: &mut Shell) -> bool {
        let moved =
            if self.on_calls() { self.calls.navigate(action, sh.list_rows) } else { self.navigate_board(action, sh) };
        if moved {
            return true;
        }
        match action {
            Action::Search => self.searching = true,
            Action::ClearSearch => {
                self.search.clear();
                self.refilter(sh, false);
            }
            Action::ToggleMine => {
                self.only_mine = !self.only_mine;
                let what = if self.only_mine { text::ONLY_MINE } else { text::ALL_CASES };
                self.reload_saying(sh, what);
            }
            _ => return false,
        }
        true
    }
}

impl Pane for PlansPane {
    fn title(&self) -> &'static str {
        text::plans::PANE
    }

    fn go_action(&self) -> Action {
        Action::PanePlans
    }

    fn due_kinds(&self) -> &'static [crate::domain::due::DueKind] {
        use crate::domain::due::DueKind;
        &[
            DueKind::TreatmentPlan,
            DueKind::PlanRevision,
            DueKind::ActionPlanDecision,
            DueKind::FirstFollowUp,
            DueKind::FollowUpCall,
            DueKind::ComplaintForwarding,
        ]
    }

    fn screen(&self) -> &'static Screen {
        if self.searching {
            return &SEARCH;
        }
        match self.stack.last() {
            Some(PaneScreen::Plan(_)) => &keys::PLAN,
            Some(PaneScreen::Calls) => &keys::CALLS,
            Some(PaneScreen::Complaints(_)) => &keys::COMPLAINTS,
            None => &keys::BOARD,
        }
    }

    fn screens(&self) -> &'static [&'static Screen] {
        keys::SCREENS
    }

    fn markers(&self) -> &'static [crate::text::markers::Marker] {
        match self.stack.last() {
            Some(PaneScreen::Plan(_)) => &crate::text::plans::PLAN_MARKERS,
            Some(PaneScreen::Calls) => &crate::text::plans::CALL_MARKERS,
            Some(PaneScreen::Complaints(_)) => &crate::text::complaints::COMPLAINT_MARKERS,
            None => &crate::text::plans::BOARD_MARKERS,
        }
    }

    fn update(&mut self, action: Action, sh: &mut Shell) {
        if self.form.is_some() {
            self.update_form(action, sh);
        } else if self.searching {
            if search_key(action, &mut self.search, &mut self.searching) {
                self.refilter(sh, true);
            }
        } else {
            match self.stack.last() {
                Some(PaneScreen::Plan(_)) => self.update_plan(action, sh),
                Some(PaneScreen::Complaints(_)) => self.update_complaints(action, sh),
                Some(PaneScreen::Calls) => {
                    if !self.update_list(action, sh) {
                        self.update_calls(action, sh);
                    }
                }
                None => {
                    if !self.update_list(action, sh) {
                        self.update_board(action, sh);
                    }
                }
            }
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, sh: &Shell, theme: &Theme) {
        draw::draw(frame, area, self, sh, theme);
    }

    /// The find's case view opens the case's plan here.
    fn open_case(&mut self, case_id: i64, sh: &mut Shell) -> bool {
        self.open_plan(sh, case_id);
        true
    }

    fn reload(&mut self, sh: &mut Shell) {
        if let Err(failed) = self.reload_lists(sh) {
            sh.set_status(StatusKind::Error, failed);
        }
    }

    /// The board holds about a screen of rows: a taller view reads those
    /// it now shows, rather than leave the new rows blank.
    fn view_resized(&mut self, sh: &mut Shell) {
        if let Err(e) = self.reload_board(sh) {
            sh.set_status(StatusKind::Error, text::plans::lists_failed(&e));
        }
    }

    /// A plan is closed when the pane is left; the call list stays, as the
    /// list the user was working in.
    fn shown_list(&self) -> Option<(String, usize)> {
        let searched = !self.search.trim().is_empty();
        let ended = self.show_ended.then_some(text::plans::LIST_WITH_ENDED);
        match self.stack.last() {
            None => {
                Some((text::access::list_name(text::plans::PANE, self.only_mine, searched, ended), self.board.len()))
            }
            Some(PaneScreen::Calls) => Some((
                text::access::list_name(text::plans::CALLS_LIST, self.only_mine, searched, None),
                self.calls.len(),
            )),
            Some(PaneScreen::Plan(_)) => None,
            Some(PaneScreen::Complaints(list)) => {
                Some((text::access::list_name(text::complaints::LIST, self.only_mine, false, None), list.rows.len()))
            }
        }
    }

    fn leave(&mut self) {
        self.stack.retain(|s| matches!(s, PaneScreen::Calls | PaneScreen::Complaints(_)));
    }

    fn form(&self) -> Option<&Form> {
        self.form.as_ref().map(|a| &a.form)
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        self.form.as_mut().map(|a| &mut a.form)
    }

    fn type_text(&mut self, c: char, sh: &mut Shell) -> bool {
        if !self.searching {
            return false;
        }
        self.search.push(c);
        self.refilter(sh, true);
        true
    }
}
