//! One plan opened over a list: every version, the calls after the end,
//! which version is shown (today's, the one in force on a date asked for,
//! or one chosen with the arrows), and how far the view is scrolled; and
//! its keys: moving about it is the view's own, closing it and opening its
//! forms the pane's. It is drawn by `plan_draw`.

use chrono::NaiveDate;

use super::PlansPane;
use crate::app::scroll::Scroll;
use crate::app::{Action, Shell, StatusKind};
use crate::domain::plan::{Course, FollowUpCall, PlanVersion, version_on};
use crate::text;

#[derive(Debug, Clone)]
pub struct PlanView {
    pub course: Course,
    /// Oldest first.
    pub versions: Vec<PlanVersion>,
    pub calls: Vec<FollowUpCall>,
    /// A version chosen with the arrow keys (an index into `versions`).
    pub pinned: Option<usize>,
    /// The date asked for with `d`: the version in force then is shown.
    pub as_of: Option<NaiveDate>,
    pub history: bool,
    pub scroll: Scroll,
}

impl PlanView {
    pub fn new(course: Course, versions: Vec<PlanVersion>, calls: Vec<FollowUpCall>) -> PlanView {
        PlanView { course, versions, calls, pinned: None, as_of: None, history: false, scroll: Scroll::default() }
    }

    pub fn case_id(&self) -> i64 {
        self.course.case.id
    }

    /// The index of the version on screen: the pinned one, else the one in
    /// force on the date asked for, else the one in force today.
    pub fn shown_index(&self, today: NaiveDate) -> Option<usize> {
        if let Some(i) = self.pinned.filter(|i| *i < self.versions.len()) {
            return Some(i);
        }
        let on = self.as_of.unwrap_or(today);
        let v = version_on(&self.versions, on)?;
        self.versions.iter().position(|x| x.id == v.id)
    }

    pub fn shown_version(&self, today: NaiveDate) -> Option<&PlanVersion> {
        self.shown_index(today).map(|i| &self.versions[i])
    }

    /// The first open call of the course, by months after the end.
    pub fn next_open_call(&self) -> Option<&FollowUpCall> {
        self.calls.iter().find(|c| c.is_open())
    }

    /// The plan as it stood on `on`, from the top of the view.
    pub fn show_as_of(&mut self, on: NaiveDate) {
        self.as_of = Some(on);
        self.pinned = None;
        self.scroll = Scroll::default();
    }

    /// The course, its versions and calls as stored now (after a change),
    /// showing today's version again.
    pub fn replace(&mut self, course: Course, versions: Vec<PlanVersion>, calls: Vec<FollowUpCall>) {
        self.course = course;
        self.versions = versions;
        self.calls = calls;
        self.pinned = None;
        self.as_of = None;
    }

    /// A key that only moves about the view: scrolling (`page` rows a
    /// page), the versions, the history. Returns whether it was one.
    pub fn navigate(&mut self, action: Action, today: NaiveDate, page: usize) -> bool {
        match action {
            Action::ToggleHistory => self.history = !self.history,
            Action::PlanToday => {
                self.pinned = None;
                self.as_of = None;
                self.scroll = Scroll::default();
            }
            Action::PrevVersion | Action::NextVersion => {
                let Some(last) = self.versions.len().checked_sub(1) else {
                    return true;
                };
                let current = self.shown_index(today).unwrap_or(0);
                let next =
                    if action == Action::PrevVersion { current.saturating_sub(1) } else { (current + 1).min(last) };
                self.pinned = Some(next);
                self.as_of = None;
                self.scroll = Scroll::default();
            }
            other => return self.scroll.apply(other, page),
        }
        true
    }
}

impl PlansPane {
    /// A key on an opened plan: moving about it is the view's; closing it
    /// and its forms are the pane's.
    pub(super) fn update_plan(&mut self, action: Action, sh: &mut Shell) {
        // The view has the list's rows and the summary's and titles' two.
        let page = sh.list_rows + 2;
        let Some(view) = self.plan_mut() else { return };
        if view.navigate(action, sh.today, page) {
            return;
        }
        match action {
            Action::Close => {
                self.stack.pop();
            }
            Action::RecordCall => match view.next_open_call().map(|c| c.id) {
                Some(id) => self.open_call_form(sh, id),
                None => sh.set_status(StatusKind::Info, text::plans::NO_OPEN_CALL),
            },
            Action::PlanAsOf => self.open_as_of_form(sh),
            Action::NewPlan => self.open_plan_form(sh, false),
            Action::RevisePlan => self.open_plan_form(sh, true),
            Action::EndCourse => self.open_ending_form(sh),
            _ => {}
        }
    }
}
