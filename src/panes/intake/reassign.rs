//! Handing an open case to another counsellor (`o` in the case): the form
//! offers the active users who may hold it (for a §101a case, the
//! anonymous team); the store checks again who may give and receive it.

use crate::app::form::{Field, FieldName, Form};
use crate::app::form_host::{self, ActiveForm};
use crate::app::{Shell, StatusKind};
use crate::domain::intake::Case;
use crate::store::access::is_anonymous;
use crate::text;

use super::forms::IntakeForm;

/// The handover form's one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReassignField {
    Receiver,
}

impl FieldName for ReassignField {}

/// The users the form offers for `case`, by name: everyone who may hold
/// it but its counsellor now.
fn receivers(sh: &Shell, case: &Case) -> crate::store::Result<Vec<(String, String)>> {
    Ok(sh
        .store
        .case_holders(is_anonymous(case))?
        .into_iter()
        .filter(|u| u.name != case.counsellor)
        .map(|u| {
            let shown = if u.full_name.is_empty() { u.name.clone() } else { format!("{} ({})", u.name, u.full_name) };
            (u.name, shown)
        })
        .collect())
}

pub(super) fn reassign_form(sh: &mut Shell, case: &Case) -> Option<ActiveForm<IntakeForm>> {
    let opened = sh.store.opened();
    let found = receivers(sh, case);
    let (opened, names) = match (opened, found) {
        (Ok(opened), Ok(names)) => (opened, names),
        (Err(e), _) | (_, Err(e)) => {
            sh.set_status(StatusKind::Error, e.to_string());
            return None;
        }
    };
    if names.is_empty() {
        sh.set_status(StatusKind::Warning, text::correction::NOBODY_TO_RECEIVE);
        return None;
    }
    let options = names.iter().map(|(_, shown)| shown.clone()).collect();
    let title = format!(
        "{} · sag {} · {} · nu {}",
        text::correction::REASSIGN_TITLE,
        case.id,
        case.identity.display_name(),
        case.counsellor
    );
    let form =
        Form::new(&title, vec![Field::choice(ReassignField::Receiver, text::correction::F_RECEIVER, options, 0)]);
    Some(ActiveForm::new(form, IntakeForm::Reassign { case_id: case.id, opened }))
}

/// Saves the handover to the chosen user; the case as stored after it.
pub(super) fn submit_reassign(slot: &mut Option<ActiveForm<IntakeForm>>, sh: &mut Shell, case: &Case) -> Option<Case> {
    let active = slot.as_mut()?;
    let IntakeForm::Reassign { opened, .. } = active.purpose else { return None };
    let names = match receivers(sh, case) {
        Ok(names) => names,
        Err(e) => {
            form_host::save_failed(&mut active.form, sh, e);
            return None;
        }
    };
    // The list as the form showed it: chosen by its words, not its place,
    // since a colleague may have added a user meanwhile.
    let shown = match &active.form.field(ReassignField::Receiver)?.value {
        crate::app::form::FieldValue::Choice { options, index } => options.get(*index).cloned(),
        _ => None,
    };
    let Some((to, _)) = names.into_iter().find(|(_, s)| Some(s) == shown.as_ref()) else {
        form_host::fail(&mut active.form, sh, text::correction::NOBODY_TO_RECEIVE.to_string());
        return None;
    };
    match sh.store.reassign_case(case.id, &to, sh.today, opened) {
        Ok(saved) => {
            *slot = None;
            sh.set_status(StatusKind::Info, text::correction::reassigned(saved.id, &to));
            Some(saved)
        }
        Err(e) => {
            form_host::save_failed(&mut active.form, sh, e);
            None
        }
    }
}
