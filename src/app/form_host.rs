//! The form host: an open form with what submitting it does, and the one way
//! a refused or failed save is shown (at the fields, in the banner and on the
//! status line, the draft kept, nothing written).

use super::form::{FieldName, Form};
use super::{Shell, StatusKind};
use crate::text;

/// An open form and what submitting it does; `P` is the pane's own list of
/// forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveForm<P> {
    pub form: Form,
    pub purpose: P,
    /// The draft whose warnings the user has seen: Enter again saves it.
    pub warned: Option<Vec<String>>,
}

impl<P> ActiveForm<P> {
    pub fn new(form: Form, purpose: P) -> ActiveForm<P> {
        ActiveForm { form, purpose, warned: None }
    }
}

/// The draft has problems at its fields: each is shown at its field, the
/// draft is kept, nothing is written.
pub fn refuse_fields<N: FieldName>(
    form: &mut Form,
    shell: &mut Shell,
    problems: impl IntoIterator<Item = (N, String)>,
) {
    for (field, message) in problems {
        form.set_error(field, message);
    }
    form.banner = Some(text::NOT_SAVED_FIX_FIELDS.into());
    shell.set_status(StatusKind::Error, text::NOT_SAVED_FIX_FIELDS);
}

/// The save failed for a reason that is not a field's (the database, or a
/// colleague's change): said in the banner and the status line, draft kept.
pub fn save_failed(form: &mut Form, shell: &mut Shell, why: impl std::fmt::Display) {
    let message = format!("{} {why}", text::SAVE_FAILED);
    form.banner = Some(message.clone());
    shell.set_status(StatusKind::Error, message);
}

/// A whole-form message (not a field's) with the draft kept.
pub fn fail(form: &mut Form, shell: &mut Shell, message: String) {
    form.banner = Some(message.clone());
    shell.set_status(StatusKind::Error, message);
}

/// Whether the user has seen what this draft would save: the first Enter
/// shows `message` in the banner and returns false; Enter again on the
/// unchanged draft returns true. A changed draft is shown again.
pub fn confirmed<P>(active: &mut ActiveForm<P>, message: &str) -> bool {
    let print = fingerprint(&active.form);
    if active.warned.as_ref() == Some(&print) {
        return true;
    }
    active.form.banner = Some(format!("{message} {}", text::ENTER_AGAIN_TO_SAVE));
    active.warned = Some(print);
    false
}

/// The form's current values, to tell whether the draft changed.
pub fn fingerprint(form: &Form) -> Vec<String> {
    form.fields.iter().map(|f| format!("{:?}", f.value)).collect()
}

/// The form was closed without saving.
pub fn cancelled(shell: &mut Shell) {
    shell.set_status(StatusKind::Info, text::FORM_CANCELLED);
}

/// What a key did to an open form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent<P> {
    /// Enter: the pane checks and saves the draft.
    Submit(P),
    /// A field changed: the pane may show or hide fields that depend on it.
    Edited(P),
    /// Esc: the form is closed, nothing saved.
    Cancelled,
}

/// Applies a key to the open form in `slot`: Esc closes it, Enter asks the
/// pane to submit, anything else edits the draft. `None` when no form is open.
pub fn handle<P: Copy>(
    slot: &mut Option<ActiveForm<P>>,
    action: super::Action,
    shell: &mut Shell,
) -> Option<FormEvent<P>> {
    let active = slot.as_mut()?;
    match action {
        super::Action::Cancel => {
            *slot = None;
            cancelled(shell);
            Some(FormEvent::Cancelled)
        }
        super::Action::Submit => Some(FormEvent::Submit(active.purpose)),
        other => {
            active.form.edit(other);
            Some(FormEvent::Edited(active.purpose))
        }
    }
}
