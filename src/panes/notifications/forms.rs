//! The pane's forms: which one is open, the names of their fields, and the
//! one place a submitted form is settled. Each form lives beside the screen
//! it is opened from, as functions that open it, keep its fields in step
//! (where some depend on others) and submit it; submitting checks the draft
//! with the domain's rules and writes once, and says what happened as a
//! [`Saved`] or a [`Refusal`], which this file applies:
//!
//! - a refusal by the rules goes to its fields, a store error to the
//!   banner, both through `form_host`, the draft kept and nothing written;
//! - a save closes the form and shows what was saved.

use super::board::find_case::{self, FindCaseField};
use super::family::{child, children_answer, consideration};
use super::notification::{draft, step};
use super::{NotesPane, Target};
use crate::app::form::{FieldName, Form};
use crate::app::form_host::{self, ActiveForm, FormEvent};
use crate::app::{Action, Shell, StatusKind};
use crate::domain::notification::{ChildField, ConsiderationField, DraftField, TransitionField, TransitionKind};
use crate::store::{Opened, StoreError};
use crate::text;

// The domain names the fields of its checks; the forms use the same names.
impl FieldName for DraftField {}
impl FieldName for TransitionField {}
impl FieldName for ChildField {}
impl FieldName for ConsiderationField {}

/// Which form is open, and what it acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotesForm {
    /// Asks for a case number, then opens the case's children.
    FindCase,
    /// A new draft, an edit of one, or a correction of a sent notification.
    Draft {
        case_id: i64,
        of: draft::DraftOf,
        /// The trail's mark when the draft was read for the form.
        opened: Opened,
    },
    /// A step of a notification after its draft.
    Step {
        id: i64,
        kind: TransitionKind,
    },
    AddChild {
        case_id: i64,
    },
    ChangeChild {
        child_id: i64,
        /// The trail's mark when the child was read for the form.
        opened: Opened,
    },
    EndChild {
        child_id: i64,
    },
    Consideration {
        case_id: i64,
    },
    AnswerChildren {
        case_id: i64,
    },
}

/// Why a submitted form was not saved; `N` names the form's fields.
#[derive(Debug)]
pub(crate) enum Refusal<N> {
    /// The domain's rules refused the draft: each problem, in words, at
    /// its field.
    Fields(Vec<(N, String)>),
    /// The store failed, or refused a write that a colleague's change made
    /// stale.
    Store(StoreError),
    /// What the form looks up could not be read (nothing was to be saved).
    Unread(StoreError),
}

/// What to show once a form is saved, and what to say.
#[derive(Debug)]
pub(crate) enum Saved {
    /// Opens a screen over the one on show (a case found, a draft saved).
    Open { target: Target, message: Option<String> },
    /// Shows the screen on show afresh.
    Refresh { message: String },
    /// A child saved: the case's children afresh, with the child selected.
    Child { child_id: i64, message: String },
}

/// Applies a refusal to the open form through `form_host`: the draft stays
/// as typed and nothing was written.
fn refuse<N: FieldName>(form: &mut Form, sh: &mut Shell, refusal: Refusal<N>) {
    match refusal {
        Refusal::Fields(problems) => form_host::refuse_fields(form, sh, problems),
        Refusal::Store(e) => form_host::save_failed(form, sh, e),
        Refusal::Unread(e) => form_host::fail(form, sh, format!("{} {e}", text::notifications::NOTES_OPEN_FAILED)),
    }
}

/// The saved outcome, or the refusal applied.
fn settle<N: FieldName>(form: &mut Form, sh: &mut Shell, result: Result<Saved, Refusal<N>>) -> Option<Saved> {
    result.map_err(|refusal| refuse(form, sh, refusal)).ok()
}

impl NotesPane {
    pub(crate) fn open_form(&mut self, form: Form, purpose: NotesForm) {
        self.form = Some(ActiveForm::new(form, purpose));
    }

    pub(super) fn update_form(&mut self, sh: &mut Shell, action: Action) {
        match form_host::handle(&mut self.form, action, sh) {
            Some(FormEvent::Submit(purpose)) => self.submit_form(sh, purpose),
            Some(FormEvent::Edited(NotesForm::Step { .. })) => {
                if let Some(active) = &mut self.form {
                    step::sync(&mut active.form);
                }
            }
            _ => {}
        }
    }

    fn submit_form(&mut self, sh: &mut Shell, purpose: NotesForm) {
        let Some(active) = self.form.as_mut() else { return };
        let form = &mut active.form;
        form.clear_errors();
        let saved = match purpose {
            NotesForm::FindCase => {
                let result = find_case::submit(form, sh);
                settle::<FindCaseField>(form, sh, result)
            }
            NotesForm::Draft { case_id, of, opened } => {
                let result = draft::submit(form, sh, case_id, of, opened, &self.draft_children);
                settle(form, sh, result)
            }
            NotesForm::Step { id, kind } => {
                let result = step::submit(form, sh, id, kind);
                settle(form, sh, result)
            }
            NotesForm::AddChild { case_id } => {
                let result = child::submit_new(form, sh, case_id);
                settle(form, sh, result)
            }
            NotesForm::ChangeChild { child_id, opened } => {
                let result = child::submit_change(form, sh, child_id, opened);
                settle(form, sh, result)
            }
            NotesForm::EndChild { child_id } => {
                let result = child::submit_end(form, sh, child_id);
                settle(form, sh, result)
            }
            NotesForm::Consideration { case_id } => {
                let result = consideration::submit(form, sh, case_id);
                settle(form, sh, result)
            }
            NotesForm::AnswerChildren { case_id } => {
                let result = children_answer::submit(form, sh, case_id);
                settle(form, sh, result)
            }
        };
        if let Some(saved) = saved {
            self.form = None;
            self.show_saved(sh, saved);
        }
    }

    /// After a save: the screen that shows it, and the message. Should the
    /// screen fail to load, the status line says both that the save went
    /// through and that the screen could not show it.
    fn show_saved(&mut self, sh: &mut Shell, saved: Saved) {
        let (shown, message) = match saved {
            Saved::Open { target, message } => {
                (self.open_screen(sh, target).and_then(|()| self.reload_board(sh)), message)
            }
            Saved::Refresh { message } => (self.refresh(sh), Some(message)),
            Saved::Child { child_id, message } => {
                let shown = self.refresh(sh);
                if shown.is_ok() {
                    self.select_child(sh, child_id);
                }
                (shown, Some(message))
            }
        };
        match (shown, message) {
            (Ok(()), Some(message)) => sh.set_status(StatusKind::Info, message),
            (Ok(()), None) => {}
            (Err(e), message) => {
                sh.set_status(StatusKind::Error, text::notifications::saved_not_shown(message.as_deref(), e))
            }
        }
    }
}
