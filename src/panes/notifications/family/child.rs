//! The child forms of a case's children: a child (or a pregnancy) added,
//! a child changed (born, moved), and a child's record ended with a reason.

use super::super::NotesPane;
use super::super::forms::{NotesForm, Refusal, Saved};
use crate::app::form::{Field, Form};
use crate::app::{Shell, StatusKind};
use crate::domain::dates;
use crate::domain::notification::{
    Child, ChildField, ChildInput, ChildProblem, ChildRelation, EndChildInput, validate_child, validate_child_change,
    validate_end_child,
};
use crate::store::Opened;
use crate::text;

impl NotesPane {
    /// The form to add a child to the case, or to change `child`. A change
    /// is filled from the child as stored now, and carries the trail's mark
    /// of that moment: a colleague's later change is not written over.
    pub(crate) fn open_child_form(&mut self, sh: &mut Shell, case_id: i64, child: Option<&Child>) {
        let fresh = match child.map(|c| sh.store.opened().and_then(|opened| Ok((opened, sh.store.load_child(c.id)?)))) {
            Some(Err(e)) => {
                return sh.set_status(StatusKind::Error, format!("{} {e}", text::notifications::NOTES_OPEN_FAILED));
            }
            Some(Ok(loaded)) => Some(loaded),
            None => None,
        };
        let child = fresh.as_ref().map(|(_, c)| c);
        let relation = child.map_or(ChildRelation::LivesAtHome, |c| c.relation);
        let year = child.map(|c| c.birth_year.to_string()).unwrap_or_default();
        let name = child.map(|c| c.name.clone()).unwrap_or_default();
        let fields = vec![
            Field::choice(
                ChildField::Relation,
                text::notifications::F_RELATION,
                ChildRelation::ALL.map(|r| text::notifications::relation(r).to_string()).to_vec(),
                ChildRelation::ALL.iter().position(|r| *r == relation).unwrap_or(0),
            ),
            Field::text(ChildField::Year, text::notifications::F_BIRTH_YEAR, &year)
                .with_hint(text::notifications::HINT_BIRTH_YEAR),
            Field::text(ChildField::Name, text::notifications::F_CHILD_NAME, &name)
                .with_hint(text::notifications::HINT_CHILD_NAME),
        ];
        let (title, purpose) = match child {
            Some(c) => (
                format!("{} · {}", text::notifications::CHANGE_CHILD_TITLE, text::notifications::child_label(c)),
                NotesForm::ChangeChild { child_id: c.id, opened: fresh.as_ref().map_or_else(Opened::default, |f| f.0) },
            ),
            None => {
                (format!("{} · sag {case_id}", text::notifications::ADD_CHILD_TITLE), NotesForm::AddChild { case_id })
            }
        };
        self.open_form(Form::new(&title, fields), purpose);
    }

    pub(crate) fn open_end_child_form(&mut self, sh: &Shell, child: &Child) {
        let form = Form::new(
            &format!("{} · {}", text::notifications::END_CHILD_TITLE, text::notifications::child_label(child)),
            vec![
                Field::text(ChildField::Date, text::intake::F_DATE, &dates::format_date_dk(sh.today))
                    .with_hint(text::intake::HINT_DATE),
                Field::text(ChildField::Reason, text::intake::F_REASON, "")
                    .with_hint(text::notifications::HINT_END_CHILD),
            ],
        );
        self.open_form(form, NotesForm::EndChild { child_id: child.id });
    }
}

fn input(form: &Form) -> ChildInput {
    ChildInput {
        relation: ChildRelation::ALL[form.choice(ChildField::Relation).min(ChildRelation::ALL.len() - 1)],
        year: form.text(ChildField::Year),
        name: form.text(ChildField::Name),
    }
}

fn refused(problems: Vec<(ChildField, ChildProblem)>) -> Refusal<ChildField> {
    Refusal::Fields(problems.iter().map(|(f, p)| (*f, text::notifications::child_problem(p))).collect())
}

pub(crate) fn submit_new(form: &Form, sh: &mut Shell, case_id: i64) -> Result<Saved, Refusal<ChildField>> {
    let case = sh.store.load_case(case_id).map_err(Refusal::Store)?;
    let new = validate_child(&input(form), &case, sh.today).map_err(refused)?;
    let saved = sh.store.add_child(case_id, &new, sh.today).map_err(Refusal::Store)?;
    Ok(Saved::Child { child_id: saved.id, message: text::notifications::child_saved(&saved) })
}

pub(crate) fn submit_change(
    form: &Form,
    sh: &mut Shell,
    child_id: i64,
    opened: Opened,
) -> Result<Saved, Refusal<ChildField>> {
    let old = sh.store.load_child(child_id).map_err(Refusal::Store)?;
    let case = sh.store.load_case(old.case_id).map_err(Refusal::Store)?;
    let new = validate_child_change(&input(form), &old, &case, sh.today).map_err(refused)?;
    let saved = sh.store.change_child(child_id, &new, opened).map_err(Refusal::Store)?;
    Ok(Saved::Child { child_id: saved.id, message: text::notifications::child_saved(&saved) })
}

pub(crate) fn submit_end(form: &Form, sh: &mut Shell, child_id: i64) -> Result<Saved, Refusal<ChildField>> {
    let child = sh.store.load_child(child_id).map_err(Refusal::Store)?;
    let input = EndChildInput { date: form.text(ChildField::Date), reason: form.text(ChildField::Reason) };
    let end = validate_end_child(&input, &child, sh.today).map_err(refused)?;
    let saved = sh.store.end_child(child_id, &end).map_err(Refusal::Store)?;
    Ok(Saved::Refresh { message: text::notifications::child_ended(&saved) })
}
