//! Undoing a step of an open case (`z` in the case): the last step that
//! stands is taken back by a correcting event with its reason, and both
//! stay in the history. A case with nothing to undo, or whose last step
//! rests on records elsewhere, is told why before any form opens.

use crate::app::form::{Field, FieldName, Form};
use crate::app::form_host::{self, ActiveForm};
use crate::app::{Shell, StatusKind};
use crate::domain::intake::{Case, UndoProblem, check_undo_reason, last_standing, undo_problem};
use crate::store::StoreError;
use crate::text;

use super::forms::IntakeForm;

/// The undo form's fields: the step taken back (one choice, shown), and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UndoField {
    Step,
    Reason,
}

impl FieldName for UndoField {}

pub(super) fn undo_form(sh: &mut Shell, case: &Case) -> Option<ActiveForm<IntakeForm>> {
    let facts = sh.store.opened().and_then(|opened| Ok((opened, sh.store.undo_facts(case.id)?)));
    let (opened, (history, course_on_record)) = match facts {
        Ok(facts) => facts,
        Err(e) => {
            sh.set_status(StatusKind::Error, e.to_string());
            return None;
        }
    };
    let Some(last) = last_standing(&history) else {
        sh.set_status(StatusKind::Warning, text::correction::undo_problem(&UndoProblem::NothingToUndo));
        return None;
    };
    if let Some(problem) = undo_problem(case, &history, last.event_id, course_on_record) {
        sh.set_status(StatusKind::Warning, text::correction::undo_problem(&problem));
        return None;
    }
    let kind = last.step.kind();
    let fields = vec![
        Field::choice(
            UndoField::Step,
            text::correction::F_STEP,
            vec![text::correction::step_to_undo(kind, last.step.date())],
            0,
        ),
        Field::text(UndoField::Reason, text::correction::F_UNDO_REASON, "").with_hint(text::correction::HINT_UNDO),
    ];
    let title = format!("{} · sag {} · {}", text::correction::UNDO_TITLE, case.id, case.identity.display_name());
    let mut form = Form::new(&title, fields);
    form.focus = 1;
    Some(ActiveForm::new(form, IntakeForm::Undo { case_id: case.id, event_id: last.event_id, kind, opened }))
}

/// Saves the correcting event; the case as stored after it.
pub(super) fn submit_undo(slot: &mut Option<ActiveForm<IntakeForm>>, sh: &mut Shell, case: &Case) -> Option<Case> {
    let active = slot.as_mut()?;
    let IntakeForm::Undo { event_id, kind, opened, .. } = active.purpose else { return None };
    let reason = active.form.text(UndoField::Reason);
    active.form.clear_errors();
    if let Err(problem) = check_undo_reason(&reason) {
        form_host::refuse_fields(&mut active.form, sh, [(UndoField::Reason, text::correction::undo_problem(&problem))]);
        return None;
    }
    match sh.store.undo_step(case.id, event_id, &reason, sh.today, opened) {
        Ok(saved) => {
            *slot = None;
            sh.set_status(StatusKind::Info, text::correction::undone(saved.id, kind));
            Some(saved)
        }
        Err(StoreError::Undo(problem)) => {
            form_host::fail(&mut active.form, sh, text::correction::undo_problem(&problem));
            None
        }
        Err(e) => {
            form_host::save_failed(&mut active.form, sh, e);
            None
        }
    }
}
