//! Planer's forms: which are open, and what is done with a draft. Each form
//! is built, kept in step with its own fields and submitted by the module
//! beside the screens it opens on (`plan_form`, `ending_form`, `call_form`,
//! `as_of_form`); here the pane opens it on the course or call in question,
//! routes its keys, and reads the lists and the plan again once it saved.

use super::{PaneScreen, PlansPane, as_of_form, call_form, ending_form, plan_form};
use crate::app::form_host::{self, FormEvent};
use crate::app::{Action, Shell, StatusKind};
use crate::domain::plan::Course;
use crate::store::Opened;
use crate::text;

/// The forms and what each is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlansForm {
    /// The first plan of a course; `areas` says what each goal slot is.
    NewPlan {
        case_id: i64,
        areas: plan_form::GoalSlots,
    },
    /// A revision of the version the form was opened on (`based_on`): if
    /// a colleague revises the plan meanwhile, this draft is not saved over
    /// their version.
    RevisePlan {
        case_id: i64,
        areas: plan_form::GoalSlots,
        based_on: u32,
    },
    /// The ending; `opened` is when the form read what still runs on the
    /// case, so an item begun since is not ended or kept unasked.
    EndCourse {
        case_id: i64,
        opened: Opened,
    },
    RecordCall {
        call_id: i64,
        case_id: i64,
    },
    /// Show an opened plan as it stood on a date (nothing is written).
    PlanAsOf {
        case_id: i64,
    },
    /// A new complaint about a decision on a case.
    NewComplaint {
        case_id: i64,
    },
    /// A step on a complaint, against the complaint as it stood when the
    /// form was `opened`.
    ComplaintStep {
        id: i64,
        kind: crate::domain::complaint::StepKind,
        opened: crate::store::Opened,
    },
}

impl PlansPane {
    /// The course a form is about: the open plan's, else the board's
    /// selected line (the call list's forms are about a call).
    fn target_course(&self) -> Option<Course> {
        match self.stack.last() {
            Some(PaneScreen::Plan(view)) => Some(view.course.clone()),
            Some(PaneScreen::Calls | PaneScreen::Complaints(_)) => None,
            None => self.selected_entry().map(|e| e.course.clone()),
        }
    }

    /// The form for a new plan (`revise` false) or a revision.
    pub(super) fn open_plan_form(&mut self, sh: &mut Shell, revise: bool) {
        match self.target_course() {
            Some(course) => self.form = plan_form::open(&course, revise, sh),
            None => sh.set_status(StatusKind::Warning, text::SELECT_CASE_FIRST),
        }
    }

    pub(super) fn open_ending_form(&mut self, sh: &mut Shell) {
        match self.target_course() {
            Some(course) => self.form = ending_form::open(&course, sh),
            None => sh.set_status(StatusKind::Warning, text::SELECT_CASE_FIRST),
        }
    }

    pub(super) fn open_call_form(&mut self, sh: &mut Shell, call_id: i64) {
        self.form = call_form::open(call_id, sh);
    }

    pub(super) fn open_as_of_form(&mut self, sh: &Shell) {
        if let Some(PaneScreen::Plan(view)) = self.stack.last() {
            self.form = Some(as_of_form::open(view, sh.today));
        }
    }

    /// A key while a form is open.
    pub(super) fn update_form(&mut self, action: Action, sh: &mut Shell) {
        match form_host::handle(&mut self.form, action, sh) {
            Some(FormEvent::Submit(purpose)) => self.submit(purpose, sh),
            Some(FormEvent::Edited(purpose)) => {
                let Some(active) = &mut self.form else { return };
                match purpose {
                    PlansForm::EndCourse { .. } => ending_form::sync(&mut active.form, sh),
                    PlansForm::RecordCall { .. } => call_form::sync(&mut active.form),
                    _ => {}
                }
            }
            Some(FormEvent::Cancelled) | None => {}
        }
    }

    fn submit(&mut self, purpose: PlansForm, sh: &mut Shell) {
        let Some(active) = &mut self.form else { return };
        let form = &mut active.form;
        match purpose {
            PlansForm::NewPlan { case_id, areas } | PlansForm::RevisePlan { case_id, areas, .. } => {
                let based_on = match purpose {
                    PlansForm::RevisePlan { based_on, .. } => Some(based_on),
                    _ => None,
                };
                if let Some(message) = plan_form::submit(form, case_id, &areas, based_on, sh) {
                    self.saved(sh, case_id, message);
                    self.select_on_board(sh, case_id);
                }
            }
            PlansForm::EndCourse { case_id, opened } => {
                if let Some(message) = ending_form::submit(form, case_id, opened, sh) {
                    self.saved(sh, case_id, message);
                }
            }
            PlansForm::RecordCall { call_id, case_id } => {
                if let Some(message) = call_form::submit(form, call_id, sh) {
                    self.saved(sh, case_id, message);
                }
            }
            PlansForm::NewComplaint { case_id } => {
                if let Some(message) = super::complaints::form::submit_new(form, case_id, sh) {
                    self.saved(sh, case_id, message);
                }
            }
            PlansForm::ComplaintStep { id, kind, opened } => {
                if let Some(message) = super::complaints::form::submit_step(form, id, kind, opened, sh) {
                    self.complaint_saved(sh, message);
                }
            }
            PlansForm::PlanAsOf { case_id } => {
                if let Some(on) = as_of_form::submit(form, sh) {
                    self.form = None;
                    if let Some(view) = self.plan_mut().filter(|v| v.case_id() == case_id) {
                        view.show_as_of(on);
                        let message = match view.shown_version(on) {
                            Some(v) => text::plans::as_of_shown(on, v),
                            None => text::plans::no_plan_on(on),
                        };
                        sh.set_status(StatusKind::Info, message);
                    }
                }
            }
        }
    }

    /// A form saved: it closes, the lists and the open plan are read again,
    /// and the status line says what was saved, and what could not be read
    /// again after it.
    fn saved(&mut self, sh: &mut Shell, case_id: i64, message: String) {
        self.form = None;
        let failures: Vec<String> =
            [self.reload_lists(sh), self.refresh_plan(sh, case_id)].into_iter().filter_map(Result::err).collect();
        if failures.is_empty() {
            sh.set_status(StatusKind::Info, message);
        } else {
            sh.set_status(StatusKind::Error, format!("{message} {}", failures.join(" ")));
        }
    }
}
