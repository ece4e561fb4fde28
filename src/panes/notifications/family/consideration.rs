//! The consideration form: the day the case's children were considered,
//! and a note of what was weighed and the outcome.

use super::super::NotesPane;
use super::super::forms::{NotesForm, Refusal, Saved};
use crate::app::Shell;
use crate::app::form::{Field, Form};
use crate::domain::dates;
use crate::domain::notification::{ConsiderationField, ConsiderationInput, validate_consideration};
use crate::text;

impl NotesPane {
    pub(crate) fn open_consideration_form(&mut self, sh: &Shell, case_id: i64) {
        let form = Form::new(
            &format!("{} · sag {case_id}", text::notifications::CONSIDERATION_TITLE),
            vec![
                Field::text(ConsiderationField::Date, text::intake::F_DATE, &dates::format_date_dk(sh.today))
                    .with_hint(text::intake::HINT_DATE),
                Field::note(ConsiderationField::Note, text::notifications::F_CONSIDERATION_NOTE, "")
                    .with_hint(text::notifications::HINT_CONSIDERATION),
            ],
        );
        self.open_form(form, NotesForm::Consideration { case_id });
    }
}

pub(crate) fn submit(form: &Form, sh: &mut Shell, case_id: i64) -> Result<Saved, Refusal<ConsiderationField>> {
    let case = sh.store.load_case(case_id).map_err(Refusal::Store)?;
    let input =
        ConsiderationInput { date: form.text(ConsiderationField::Date), note: form.text(ConsiderationField::Note) };
    let consideration = validate_consideration(&input, &case, sh.today).map_err(|problems| {
        Refusal::Fields(problems.iter().map(|(f, p)| (*f, text::notifications::child_problem(p))).collect())
    })?;
    sh.store.record_consideration(case_id, &consideration).map_err(Refusal::Store)?;
    Ok(Saved::Refresh { message: text::notifications::consideration_saved(case_id) })
}
