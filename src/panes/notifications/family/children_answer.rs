//! The children-question form: the intake's question about children under
//! 18 answered after the fact, from the case's children.

use super::super::NotesPane;
use super::super::forms::{NotesForm, Refusal, Saved};
use crate::app::Shell;
use crate::app::form::{Field, Form};
use crate::domain::intake::ChildrenAnswer;
use crate::domain::notification::{ChildField, answer_children_question};
use crate::text;

/// The answers the form offers: once asked, a question is never unasked.
const ANSWERS: [ChildrenAnswer; 2] = [ChildrenAnswer::NoChildren, ChildrenAnswer::HasChildren];

impl NotesPane {
    pub(crate) fn open_children_answer_form(&mut self, case_id: i64) {
        let form = Form::new(
            &format!("{} · sag {case_id}", text::notifications::ANSWER_TITLE),
            vec![Field::choice(
                ChildField::Answer,
                text::intake::F_CHILDREN,
                ANSWERS.map(|a| text::intake::children(a).to_string()).to_vec(),
                1,
            )],
        );
        self.open_form(form, NotesForm::AnswerChildren { case_id });
    }
}

pub(crate) fn submit(form: &Form, sh: &mut Shell, case_id: i64) -> Result<Saved, Refusal<ChildField>> {
    let case = sh.store.load_case(case_id).map_err(Refusal::Store)?;
    let children = sh.store.children_of(case_id).map_err(Refusal::Store)?;
    let answer = ANSWERS[form.choice(ChildField::Answer).min(ANSWERS.len() - 1)];
    let answer = answer_children_question(&case, &children, answer, sh.today)
        .map_err(|(field, p)| Refusal::Fields(vec![(field, text::notifications::child_problem(&p))]))?;
    sh.store.answer_children_question(case_id, answer).map_err(Refusal::Store)?;
    Ok(Saved::Refresh { message: text::notifications::answer_saved(case_id, answer) })
}
