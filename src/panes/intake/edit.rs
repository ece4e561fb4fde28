//! Correcting an open case's own fields (`r` in the case): parental
//! consent given later with its day, substances, note, children, channel,
//! kind and the contact's date and time. Checked by the new contact's own
//! rules (the domain's `validate_edit`), saved over nobody's change since
//! the form opened.

use crate::app::form::{Field, FieldName, FieldValue, Form};
use crate::app::form_host::{self, ActiveForm};
use crate::app::{Shell, StatusKind};
use crate::domain::dates;
use crate::domain::intake::{
    Case, CaseEditInput, Channel, ChildrenAnswer, ContactKind, EditField, Substance, validate_edit,
};
use crate::text;

use super::forms::{CONSENT_OPTIONS, IntakeForm};

impl FieldName for EditField {}

fn index_of<T: PartialEq>(all: &[T], value: &T) -> usize {
    all.iter().position(|v| v == value).unwrap_or(0)
}

/// The edit form over `case` as it stands, marked with the moment it opened.
pub(super) fn edit_form(sh: &mut Shell, case: &Case) -> Option<ActiveForm<IntakeForm>> {
    let opened = match sh.store.opened() {
        Ok(opened) => opened,
        Err(e) => {
            sh.set_status(StatusKind::Error, e.to_string());
            return None;
        }
    };
    use EditField as F;
    let input = CaseEditInput::of(case);
    let mut substances = Field::multi(
        F::Substances,
        text::intake::F_SUBSTANCES,
        Substance::ALL.map(|s| text::intake::substance(s).into()).to_vec(),
    )
    .with_hint(text::intake::HINT_MULTI);
    if let FieldValue::Multi { chosen, .. } = &mut substances.value {
        for (i, s) in Substance::ALL.iter().enumerate() {
            chosen[i] = case.substances.contains(s);
        }
    }
    // Consent first: given later, it is what this form is opened for most.
    let fields = vec![
        Field::choice(
            F::ParentalConsent,
            text::intake::F_CONSENT,
            CONSENT_OPTIONS.map(|c| text::intake::consent(c).into()).to_vec(),
            index_of(&CONSENT_OPTIONS, &case.parental_consent),
        ),
        Field::text(F::ConsentOn, text::correction::F_CONSENT_ON, &dates::format_date_dk(sh.today))
            .with_hint(text::intake::HINT_DATE),
        Field::choice(
            F::Kind,
            text::intake::F_KIND,
            ContactKind::ALL.map(|k| text::intake::contact_kind(k).into()).to_vec(),
            index_of(&ContactKind::ALL, &case.kind),
        ),
        Field::choice(
            F::Channel,
            text::intake::F_CHANNEL,
            Channel::ALL.map(|c| text::intake::channel(c).into()).to_vec(),
            index_of(&Channel::ALL, &case.channel),
        ),
        Field::text(F::Date, text::intake::F_DATE, &input.date).with_hint(text::intake::HINT_DATE),
        Field::text(F::Time, text::intake::F_TIME, &input.time).with_hint(text::intake::HINT_TIME),
        substances,
        Field::choice(
            F::Children,
            text::intake::F_CHILDREN,
            ChildrenAnswer::ALL.map(|c| text::intake::children(c).into()).to_vec(),
            index_of(&ChildrenAnswer::ALL, &case.children),
        ),
        Field::note(F::Note, text::intake::F_NOTE, &case.note),
    ];
    let title = format!("{} · sag {} · {}", text::correction::EDIT_TITLE, case.id, case.identity.display_name());
    let mut form = Form::new(&title, fields);
    let consent_given = case.parental_consent == Some(true);
    sync_edit(&mut form, consent_given);
    Some(ActiveForm::new(form, IntakeForm::EditCase { case_id: case.id, opened, consent_given }))
}

fn chosen_kind(form: &Form) -> ContactKind {
    ContactKind::ALL[form.choice(EditField::Kind).min(ContactKind::ALL.len() - 1)]
}

fn chosen_consent(form: &Form) -> Option<bool> {
    CONSENT_OPTIONS[form.choice(EditField::ParentalConsent).min(CONSENT_OPTIONS.len() - 1)]
}

/// Only young people are asked about consent, and its day only when it is
/// given now (`consent_given`: it was given before).
pub(super) fn sync_edit(form: &mut Form, consent_given: bool) {
    let young = chosen_kind(form) == ContactKind::Young;
    form.set_hidden(EditField::ParentalConsent, !young);
    let given_now = young && !consent_given && chosen_consent(form) == Some(true);
    form.set_hidden(EditField::ConsentOn, !given_now);
}

/// Checks the draft against `case` as loaded and saves it; the case as
/// stored after the save, or `None` (the problems or the refusal are on
/// the form, or nothing changed and the form is closed).
pub(super) fn submit_edit(slot: &mut Option<ActiveForm<IntakeForm>>, sh: &mut Shell, case: &Case) -> Option<Case> {
    let active = slot.as_mut()?;
    let IntakeForm::EditCase { opened, .. } = active.purpose else { return None };
    use EditField as F;
    let form = &mut active.form;
    let input = CaseEditInput {
        kind: chosen_kind(form),
        channel: Channel::ALL[form.choice(F::Channel).min(Channel::ALL.len() - 1)],
        date: form.text(F::Date),
        time: form.text(F::Time),
        substances: form.chosen(F::Substances).into_iter().filter_map(|i| Substance::ALL.get(i).copied()).collect(),
        children: ChildrenAnswer::ALL[form.choice(F::Children).min(ChildrenAnswer::ALL.len() - 1)],
        parental_consent: chosen_consent(form),
        consent_on: form.text(F::ConsentOn),
        note: form.text(F::Note),
    };
    form.clear_errors();
    let edit = match validate_edit(case, &input, &sh.profile.intake, &sh.centre.municipality, sh.today) {
        Ok(edit) => edit,
        Err(problems) => {
            active.warned = None;
            let problems = problems.iter().map(|(f, p)| (*f, text::correction::edit_problem(p)));
            form_host::refuse_fields(form, sh, problems);
            return None;
        }
    };
    if edit.changed.is_empty() {
        *slot = None;
        sh.set_status(StatusKind::Info, text::correction::NOTHING_CHANGED);
        return None;
    }
    let warnings: Vec<String> = edit.warnings.iter().map(text::intake::contact_warning).collect();
    if !warnings.is_empty() && !form_host::confirmed(active, &warnings.join(" ")) {
        sh.set_status(StatusKind::Warning, warnings.join(" "));
        return None;
    }
    match sh.store.edit_case(&edit, sh.today, opened) {
        Ok(saved) => {
            *slot = None;
            sh.set_status(StatusKind::Info, text::correction::edited(saved.id, edit.moves_the_clock()));
            Some(saved)
        }
        Err(e) => {
            form_host::save_failed(&mut active.form, sh, e);
            None
        }
    }
}
