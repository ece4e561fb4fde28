//! The find-case form: a case number, to open the children of a case that
//! is not on the board (nothing is due on it yet).

use super::super::forms::{NotesForm, Refusal, Saved};
use super::super::{NotesPane, Target};
use crate::app::Shell;
use crate::app::form::{Field, FieldName, Form};
use crate::text;

/// The form's one field; the domain has no check of its own for it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum FindCaseField {
    Number,
}

impl FieldName for FindCaseField {}

impl NotesPane {
    pub(crate) fn open_find_case_form(&mut self) {
        let form = Form::new(
            text::notifications::FIND_CASE_TITLE,
            vec![
                Field::text(FindCaseField::Number, text::notifications::F_CASE_NUMBER, "")
                    .with_hint(text::notifications::HINT_CASE_NUMBER),
            ],
        );
        self.open_form(form, NotesForm::FindCase);
    }
}

/// The case typed, if it exists: its children open next.
pub(crate) fn submit(form: &Form, sh: &Shell) -> Result<Saved, Refusal<FindCaseField>> {
    let typed = form.text(FindCaseField::Number);
    let number = typed.trim().trim_start_matches('#');
    let refused = |message: String| Refusal::Fields(vec![(FindCaseField::Number, message)]);
    let Ok(id) = number.parse::<i64>() else {
        return Err(refused(text::notifications::NOT_A_CASE_NUMBER.into()));
    };
    match sh.store.find_case(id) {
        Ok(Some(_)) => Ok(Saved::Open { target: Target::Family { case_id: id }, message: None }),
        Ok(None) => Err(refused(text::notifications::no_such_case(id))),
        Err(e) => Err(Refusal::Unread(e)),
    }
}
