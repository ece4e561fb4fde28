//! Grupper: the group list (today's sessions first, the anonymous group
//! apart), one group, a session's roll call, the MOVE courses and one
//! course, and the gift-card ledger.
//!
//! One file per screen holds that screen's state, its keys, its forms
//! (opened and submitted) and its drawing. This file holds the pane: the
//! stack of screens opened over the list, what the shell asks of a pane,
//! and the dispatch to the screen on top. A screen answers a key with a
//! [`Step`] and the pane carries it out, so no screen reaches into
//! another's state.
//!
//! Every form goes the same way (`forms`): its fields are named by the
//! domain's field enums, the domain checks the draft and its problems go
//! to their fields in Danish, the draft kept; only a clean
//! draft reaches the store, which checks again in its transaction. A
//! refusal by the rules goes to a field too; any other store failure is a
//! failed save, said whole, never a field's.

mod common;
mod course;
mod courses;
mod forms;
mod group;
mod keys;
mod ledger;
mod list;
mod roll_call;
#[cfg(test)]
mod tests;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Clear;

pub use course::{CourseForm, CourseState};
pub use courses::CourseList;
pub use group::{GroupForm, GroupState};
pub use ledger::{LedgerForm, LedgerState};
pub use list::GroupList;
pub use roll_call::{RollCallState, RollRow};

use crate::app::form::Form;
use crate::app::form_host::{self, ActiveForm, FormEvent};
use crate::app::pane::Screen;
use crate::app::{Action, Pane, Shell, StatusKind};
pub use crate::store::CardSummary;
use crate::text;
use crate::ui::Theme;
use forms::Made;

/// Which screen is on top: what the keys and the drawing follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupsScreen {
    List,
    Group,
    RollCall,
    Courses,
    Course,
    Ledger,
}

/// A screen opened over the group list, with what it shows. The group
/// list and the course list are the pane's own rather than a screen's:
/// the card figures over the list are summed from the courses.
#[derive(Debug, Clone)]
pub enum GroupsView {
    Group(GroupState),
    RollCall(RollCallState),
    Courses,
    Course(CourseState),
    Ledger(LedgerState),
}

impl GroupsView {
    pub fn screen(&self) -> GroupsScreen {
        match self {
            GroupsView::Group(_) => GroupsScreen::Group,
            GroupsView::RollCall(_) => GroupsScreen::RollCall,
            GroupsView::Courses => GroupsScreen::Courses,
            GroupsView::Course(_) => GroupsScreen::Course,
            GroupsView::Ledger(_) => GroupsScreen::Ledger,
        }
    }
}

/// The pane: the lists, the screens opened over them, and the open form.
#[derive(Debug, Default)]
pub struct GroupsPane {
    pub list: GroupList,
    pub courses: CourseList,
    pub cards: CardSummary,
    /// Screens opened over the list; the last is on screen.
    pub stack: Vec<GroupsView>,
    pub form: Option<ActiveForm<GroupsForm>>,
}

/// Grupper's forms, by the screen each is opened on and submitted against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupsForm {
    NewGroup,
    Group(GroupForm),
    NewMoveCourse,
    Course(CourseForm),
    Ledger(LedgerForm),
}

/// What a key on a screen asks of the pane.
enum Step {
    /// Nothing beyond what the screen did to itself.
    Stay,
    /// Open a screen on top (boxed: a screen's state is large, and most
    /// steps are `Stay`).
    Open(Box<GroupsView>),
    /// Close the screen: back to the one under it, read again. The message,
    /// if any, is said once it is.
    Back(Option<String>),
    /// Open a form over the screen.
    Form(Form, GroupsForm),
}

impl Step {
    fn open(view: GroupsView) -> Step {
        Step::Open(Box::new(view))
    }
}

impl GroupsPane {
    /// The screen on top.
    pub fn top(&self) -> GroupsScreen {
        self.stack.last().map_or(GroupsScreen::List, GroupsView::screen)
    }

    /// The roll call on screen, if one is.
    pub fn roll_call(&self) -> Option<&RollCallState> {
        match self.stack.last() {
            Some(GroupsView::RollCall(roll)) => Some(roll),
            _ => None,
        }
    }

    /// A roll call with unsaved marks is on screen.
    pub fn roll_call_dirty(&self) -> bool {
        self.roll_call().is_some_and(RollCallState::is_dirty)
    }

    /// A serial is being typed on a roll-call line.
    pub fn editing_serial(&self) -> bool {
        self.roll_call().is_some_and(|r| r.editing.is_some())
    }

    /// Carries out what a screen asked.
    fn take(&mut self, sh: &mut Shell, step: Step) {
        match step {
            Step::Stay => {}
            Step::Open(view) => {
                // The course list is read afresh when it is asked for.
                let courses = matches!(*view, GroupsView::Courses);
                self.stack.push(*view);
                if courses {
                    let reloaded = self.reload_lists(sh, None);
                    report(sh, None, reloaded);
                }
            }
            Step::Back(message) => {
                self.stack.pop();
                let reloaded = self.refresh(sh, None);
                report(sh, message, reloaded);
            }
            Step::Form(form, purpose) => self.form = Some(ActiveForm::new(form, purpose)),
        }
    }

    /// Reads again what the pane shows: the screen on top, and the lists
    /// and card figures under every screen. `made`: a record a form just
    /// made, which its screen selects.
    fn refresh(&mut self, sh: &Shell, made: Option<Made>) -> Result<(), String> {
        let top = match self.stack.last_mut() {
            Some(GroupsView::Group(state)) => state.reload(sh),
            Some(GroupsView::Course(state)) => state.reload(sh),
            Some(GroupsView::Ledger(state)) => state.reload(sh, made),
            Some(GroupsView::RollCall(_) | GroupsView::Courses) | None => Ok(()),
        };
        let lists = self.reload_lists(sh, made);
        common::both(top, lists)
    }

    /// The group list, the card figures over it, and the course list while
    /// it is open (it is read when it is opened, not with the pane: the
    /// figures are counted by the store). What cannot be read stays as it
    /// was, and the failure is returned.
    fn reload_lists(&mut self, sh: &Shell, made: Option<Made>) -> Result<(), String> {
        let groups = self.list.reload(sh, made);
        let courses = if self.stack.iter().any(|v| matches!(v, GroupsView::Courses)) {
            self.courses.reload(sh, made)
        } else {
            Ok(())
        };
        let cards = match sh.store.card_summary(&sh.profile) {
            Ok(cards) => {
                self.cards = cards;
                Ok(())
            }
            Err(e) => Err(common::not_loaded(text::groups::LEDGER_NOT_LOADED, e)),
        };
        common::both(common::both(groups, courses), cards)
    }

    /// Applies a key to the screen on top.
    fn update_screen(&mut self, sh: &mut Shell, action: Action) {
        let step = match self.stack.last_mut() {
            None => list::update(&mut self.list, sh, action),
            Some(GroupsView::Group(state)) => group::update(state, sh, action),
            Some(GroupsView::RollCall(state)) => roll_call::update(state, sh, action),
            Some(GroupsView::Courses) => courses::update(&mut self.courses, sh, action),
            Some(GroupsView::Course(state)) => course::update(state, sh, action),
            Some(GroupsView::Ledger(state)) => ledger::update(state, sh, action),
        };
        self.take(sh, step);
    }

    /// Applies a key to the open form; Enter submits it to its screen,
    /// which saves it or shows on the form why not.
    fn update_form(&mut self, sh: &mut Shell, action: Action) {
        let Some(FormEvent::Submit(purpose)) = form_host::handle(&mut self.form, action, sh) else {
            return;
        };
        let Some(active) = &mut self.form else { return };
        active.form.clear_errors();
        if let (GroupsForm::Ledger(purpose), Some(GroupsView::Ledger(state))) = (purpose, self.stack.last()) {
            // The ledger's receipt may ask to see a warning before it saves.
            if let Some(saved) = ledger::submit(purpose, state, sh, active) {
                self.saved(sh, saved);
            }
            return;
        }
        let form = &mut active.form;
        let saved = match (purpose, self.stack.last()) {
            (GroupsForm::NewGroup, None) => list::submit_new_group(&self.list, sh, form),
            (GroupsForm::Group(purpose), Some(GroupsView::Group(state))) => group::submit(purpose, state, sh, form),
            (GroupsForm::NewMoveCourse, Some(GroupsView::Courses)) => courses::submit_new_course(sh, form),
            (GroupsForm::Course(purpose), Some(GroupsView::Course(state))) => course::submit(purpose, state, sh, form),
            // A form is opened on the screen on top, and the screen cannot
            // change while the form is open.
            _ => return,
        };
        // A refused draft stays open, its problems shown on it.
        if let Some(saved) = saved {
            self.saved(sh, saved);
        }
    }

    /// Closes the form that saved, reads the screens again and says so.
    fn saved(&mut self, sh: &mut Shell, saved: forms::Saved) {
        self.form = None;
        let reloaded = self.refresh(sh, saved.made);
        report(sh, Some(saved.message), reloaded);
    }
}

/// Says how an action went: its message, and, if the screens could not be
/// read again after it, that too (what was saved stays saved).
fn report(sh: &mut Shell, message: Option<String>, reloaded: Result<(), String>) {
    match (message, reloaded) {
        (Some(message), Ok(())) => sh.set_status(StatusKind::Info, message),
        (None, Ok(())) => {}
        (Some(message), Err(why)) => sh.set_status(StatusKind::Error, format!("{message} {why}")),
        (None, Err(why)) => sh.set_status(StatusKind::Error, why),
    }
}

impl Pane for GroupsPane {
    fn title(&self) -> &'static str {
        text::groups::PANE
    }

    fn go_action(&self) -> Action {
        Action::PaneGroups
    }

    fn due_kinds(&self) -> &'static [crate::domain::due::DueKind] {
        use crate::domain::due::DueKind;
        &[DueKind::GiftCardNotHandedOut, DueKind::GiftCardToResolve]
    }

    fn screen(&self) -> &'static Screen {
        match self.stack.last() {
            None => &keys::LIST,
            Some(GroupsView::Group(_)) => &keys::GROUP,
            Some(GroupsView::RollCall(roll)) if roll.editing.is_some() => &keys::SERIAL,
            Some(GroupsView::RollCall(_)) => &keys::ROLL_CALL,
            Some(GroupsView::Courses) => &keys::COURSES,
            Some(GroupsView::Course(_)) => &keys::COURSE,
            Some(GroupsView::Ledger(_)) => &keys::LEDGER,
        }
    }

    fn screens(&self) -> &'static [&'static Screen] {
        keys::SCREENS
    }

    fn markers(&self) -> &'static [crate::text::markers::Marker] {
        &crate::text::groups::GROUP_MARKERS
    }

    fn update(&mut self, action: Action, sh: &mut Shell) {
        if self.form.is_some() {
            self.update_form(sh, action);
        } else {
            self.update_screen(sh, action);
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, sh: &Shell, theme: &Theme) {
        frame.render_widget(Clear, area);
        match self.stack.last() {
            None => list::draw(frame, area, &self.list, self.cards, sh, theme),
            Some(GroupsView::Group(state)) => group::draw(frame, area, state, sh, theme),
            Some(GroupsView::RollCall(state)) => roll_call::draw(frame, area, state, sh, theme),
            Some(GroupsView::Courses) => courses::draw(frame, area, &self.courses, self.cards, sh, theme),
            Some(GroupsView::Course(state)) => course::draw(frame, area, state, sh, theme),
            Some(GroupsView::Ledger(state)) => ledger::draw(frame, area, state, self.cards, theme),
        }
    }

    fn reload(&mut self, sh: &mut Shell) {
        let reloaded = self.refresh(sh, None);
        report(sh, None, reloaded);
    }

    /// Leaving the pane closes its screens: it opens on the list again.
    fn shown_list(&self) -> Option<(String, usize)> {
        match self.top() {
            GroupsScreen::List => Some((text::groups::PANE.to_string(), self.list.lines.len())),
            GroupsScreen::Courses => Some((text::groups::COURSES_LIST.to_string(), self.courses.lines.len())),
            _ => None,
        }
    }

    fn leave(&mut self) {
        self.stack.clear();
    }

    fn may_leave(&self) -> Result<(), &'static str> {
        if self.roll_call_dirty() { Err(text::groups::ROLL_UNSAVED) } else { Ok(()) }
    }

    fn form(&self) -> Option<&Form> {
        self.form.as_ref().map(|a| &a.form)
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        self.form.as_mut().map(|a| &mut a.form)
    }

    fn type_text(&mut self, c: char, _sh: &mut Shell) -> bool {
        match self.stack.last_mut() {
            Some(GroupsView::RollCall(roll)) => roll_call::type_serial(roll, c),
            _ => false,
        }
    }
}
