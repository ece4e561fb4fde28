//! One citizen, one identity, in Indtag: the new contact's optional facts
//! and its "same person?" step, and the correction of a case's citizen
//! with the contact's circumstances (`i` on an open case).
//!
//! A new contact whose CPR number (or pseudonym) a known citizen holds is
//! not saved until the counsellor has seen who it is, with their cases as
//! far as the access rule shows them, and answered: the same person (the
//! case joins the citizen, who is not changed) or not (the number is
//! refused at its field). The store is told the answer and checks it again.

use crate::app::form::FieldName;
use crate::app::form::{Field, FieldValue, Form};
use crate::app::form_host::{self, ActiveForm};
use crate::app::{Shell, StatusKind};
use crate::domain::cpr::Cpr;
use crate::domain::intake::{
    Case, Circumstances, Citizen, CitizenChoice, CitizenDetails, Citizenship, ContactField, FamilySituation, Gender,
    Identity, IdentityField, IdentityInput, IdentityProblem, IncomeSource, NewContact, validate_identity,
};
use crate::store::KnownCitizen;
use crate::text;
use crate::text::citizens as words;

use super::forms::IntakeForm;

impl FieldName for IdentityField {}

/// The fields of the case's circumstances form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CircumstancesField {
    Family,
    Income,
}

impl FieldName for CircumstancesField {}

/// An optional choice: "Ikke oplyst" first, then the values.
fn optional<T: Copy + PartialEq>(
    id: impl FieldName,
    label: &str,
    all: &[T],
    word: fn(T) -> &'static str,
    now: Option<T>,
) -> Field {
    let options = std::iter::once(text::intake::NOT_GIVEN.to_string()).chain(all.iter().map(|v| word(*v).to_string()));
    let index = now.and_then(|v| all.iter().position(|a| *a == v)).map_or(0, |i| i + 1);
    Field::choice(id, label, options.collect(), index)
}

/// The value an optional choice names, `None` for "Ikke oplyst".
fn chosen<T: Copy>(form: &Form, id: impl FieldName, all: &[T]) -> Option<T> {
    form.choice(id).checked_sub(1).and_then(|i| all.get(i).copied())
}

fn set_choice(form: &mut Form, id: impl FieldName, to: usize) {
    if let Some(FieldValue::Choice { index, .. }) = form.field_mut(id).map(|f| &mut f.value) {
        *index = to;
    }
}

/// The new-contact form's own fields: the "same person?" answer after the
/// pseudonym (hidden until a known citizen is found), the optional facts
/// at the end.
pub(super) fn add_contact_fields(fields: &mut Vec<Field>) {
    use ContactField as F;
    let same = Field::choice(F::SamePerson, words::F_SAME_PERSON, words::SAME_OPTIONS.map(String::from).to_vec(), 0);
    let at = fields.iter().position(|f| f.id.is(F::Pseudonym)).map_or(fields.len(), |i| i + 1);
    fields.insert(at, same);
    fields.extend([
        optional(F::Citizenship, words::F_CITIZENSHIP, &Citizenship::ALL, text::intake::citizenship, None),
        optional(F::Gender, words::F_GENDER, &Gender::ALL, text::intake::gender, None),
        optional(F::Family, words::F_FAMILY, &FamilySituation::ALL, text::intake::family, None),
        optional(F::Income, words::F_INCOME, &IncomeSource::ALL, text::intake::income, None),
    ]);
}

/// The contact form hides its answer until there is a question.
pub(super) fn hide_same_person(form: &mut Form) {
    form.set_hidden(ContactField::SamePerson, true);
}

/// The optional facts typed on the contact form, added to the checked
/// contact; a gender beside a CPR number is refused at its field.
pub(super) fn with_facts(
    active: &mut ActiveForm<IntakeForm>,
    sh: &mut Shell,
    contact: NewContact,
) -> Option<NewContact> {
    use ContactField as F;
    let form = &active.form;
    let details = CitizenDetails {
        citizenship: chosen(form, F::Citizenship, &Citizenship::ALL),
        gender: chosen(form, F::Gender, &Gender::ALL),
    };
    let circumstances = Circumstances {
        family: chosen(form, F::Family, &FamilySituation::ALL),
        income: chosen(form, F::Income, &IncomeSource::ALL),
    };
    match contact.with_facts(details, circumstances) {
        Ok(contact) => Some(contact),
        Err((field, problem)) => {
            active.warned = None;
            form_host::refuse_fields(&mut active.form, sh, [(field, text::intake::contact_problem(&problem))]);
            None
        }
    }
}

/// Whether `known` is the citizen `identity` names (the draft's CPR number
/// or pseudonym unchanged since they were shown).
fn still_names(known: &KnownCitizen, identity: &Identity) -> bool {
    match (&known.citizen.identity, identity) {
        (Identity::Named { cpr: Some(a), .. }, Identity::Named { cpr: Some(b), .. }) => a == b,
        (Identity::Anonymous { pseudonym: a }, Identity::Anonymous { pseudonym: b }) => a == b,
        _ => false,
    }
}

/// Whom the contact is registered to: a new citizen when nobody holds the
/// CPR number or pseudonym, else the counsellor's answer to "same
/// person?". `None`: the form shows the question, or the refusal, and waits.
/// `shown` is the known citizen the form shows (kept by the pane, so a look
/// is recorded once per citizen, not at every Enter).
pub(super) fn decide_citizen(
    active: &mut ActiveForm<IntakeForm>,
    sh: &mut Shell,
    shown: &mut Option<KnownCitizen>,
    contact: NewContact,
) -> Option<NewContact> {
    let identity = &contact.case.identity;
    let searchable = matches!(identity, Identity::Named { cpr: Some(_), .. } | Identity::Anonymous { .. });
    let known = match shown.as_ref().filter(|k| still_names(k, identity)) {
        Some(k) => Some(k.clone()),
        None if searchable => match sh.store.known_citizen(identity) {
            Ok(k) => k,
            Err(e) => {
                form_host::save_failed(&mut active.form, sh, e);
                return None;
            }
        },
        None => None,
    };
    let form = &mut active.form;
    let Some(known) = known else {
        *shown = None;
        hide_same_person(form);
        return Some(contact);
    };
    let first_time = shown.as_ref().map(|k| k.citizen.id) != Some(known.citizen.id);
    *shown = Some(known.clone());
    form.banner = Some(words::known_banner(&known, identity, &contact.case.home_municipality));
    let anonymous = matches!(identity, Identity::Anonymous { .. });
    let ask = |form: &mut Form, sh: &mut Shell| {
        form.set_error(ContactField::SamePerson, words::ANSWER_SAME_PERSON.into());
        sh.set_status(StatusKind::Warning, words::ANSWER_SAME_PERSON);
    };
    if first_time {
        form.set_hidden(ContactField::SamePerson, false);
        set_choice(form, ContactField::SamePerson, 0);
        if let Some(i) = form.fields.iter().position(|f| f.id.is(ContactField::SamePerson)) {
            form.focus = i;
        }
        ask(form, sh);
        return None;
    }
    match form.choice(ContactField::SamePerson) {
        1 => Some(NewContact { citizen: CitizenChoice::Known { id: known.citizen.id }, ..contact }),
        2 => {
            let field = if anonymous { ContactField::Pseudonym } else { ContactField::Cpr };
            form.set_error(field, words::not_same_person(anonymous).into());
            if let Some(i) = form.fields.iter().position(|f| f.id.is(field)) {
                form.focus = i;
            }
            sh.set_status(StatusKind::Error, words::not_same_person(anonymous));
            None
        }
        _ => {
            ask(form, sh);
            None
        }
    }
}

/// Whether the case joined a known citizen whose name or home differ from
/// what was typed: then the status says they were kept.
pub(super) fn kept_as_is(contact: &NewContact, shown: Option<&KnownCitizen>) -> bool {
    matches!(contact.citizen, CitizenChoice::Known { .. })
        && shown.is_some_and(|k| {
            k.citizen.identity.display_name() != contact.case.identity.display_name()
                || k.citizen.home_municipality != contact.case.home_municipality
        })
}

/// The correction of case `case`'s citizen, read now; `None` with the
/// reason in the status when it cannot be read.
pub(super) fn citizen_form(sh: &mut Shell, case: &Case) -> Option<ActiveForm<IntakeForm>> {
    use IdentityField as F;
    let read = sh.store.opened().and_then(|opened| {
        let citizen = sh.store.citizen_of_case(case.id)?;
        Ok((opened, sh.store.cases_of_citizen(citizen.id)?, citizen, sh.store.circumstances(case.id)?))
    });
    let (opened, cases, citizen, now) = match read {
        Ok(read) => read,
        Err(e) => {
            sh.set_status(StatusKind::Error, e.to_string());
            return None;
        }
    };
    let anonymous = matches!(citizen.identity, Identity::Anonymous { .. });
    let cpr = citizen.identity.cpr().map(Cpr::masked);
    let d = citizen.details;
    let mut fields = vec![
        Field::text(F::Name, words::F_NAME, if anonymous { "" } else { citizen.identity.display_name() }),
        // Never filled in: the whole number is shown only when asked for
        // (`c`, recorded); empty keeps it.
        Field::text(F::Cpr, &words::f_new_cpr(cpr.as_deref()), "").with_hint(words::HINT_NEW_CPR),
        Field::text(F::Pseudonym, words::F_PSEUDONYM, if anonymous { citizen.identity.display_name() } else { "" }),
        Field::text(F::HomeMunicipality, words::F_MUNICIPALITY, &citizen.home_municipality),
        optional(F::Citizenship, words::F_CITIZENSHIP, &Citizenship::ALL, text::intake::citizenship, d.citizenship),
        optional(F::Gender, words::F_GENDER, &Gender::ALL, text::intake::gender, d.gender),
        // The contact's own, below the citizen's.
        optional(CircumstancesField::Family, words::F_FAMILY, &FamilySituation::ALL, text::intake::family, now.family),
        optional(CircumstancesField::Income, words::F_INCOME, &IncomeSource::ALL, text::intake::income, now.income),
    ];
    for f in &mut fields {
        let hide = match () {
            _ if f.id.is(F::Name) || f.id.is(F::Cpr) => anonymous,
            _ if f.id.is(F::Pseudonym) => !anonymous,
            _ if f.id.is(F::Gender) => cpr.is_some(),
            _ => false,
        };
        f.hidden = hide;
    }
    let form = Form::new(&words::identity_title(case.id, cases), fields);
    Some(ActiveForm::new(form, IntakeForm::Citizen { case_id: case.id, citizen_id: citizen.id, opened }))
}

/// Checks and saves the correction of the citizen and the contact's
/// circumstances, in one action; `Some(cases the citizen has)` when saved.
pub(super) fn submit_citizen(
    active: &mut ActiveForm<IntakeForm>,
    sh: &mut Shell,
    case_id: i64,
    citizen_id: i64,
    opened: crate::store::Opened,
) -> Option<usize> {
    use IdentityField as F;
    let read = sh.store.citizen_of_case(case_id).and_then(|c| Ok((c, sh.store.circumstances(case_id)?)));
    let (stored, stored_circumstances) = match read {
        Ok((c, now)) if c.id == citizen_id => (c, now),
        Ok(_) => {
            form_host::fail(&mut active.form, sh, text::CASE_GONE.into());
            return None;
        }
        Err(e) => {
            form_host::save_failed(&mut active.form, sh, e);
            return None;
        }
    };
    let form = &mut active.form;
    let typed_cpr = form.text(F::Cpr);
    let input = IdentityInput {
        name: form.text(F::Name),
        // Empty keeps the number as it is.
        cpr: if typed_cpr.trim().is_empty() {
            stored.identity.cpr().map(Cpr::full).unwrap_or_default()
        } else {
            typed_cpr
        },
        pseudonym: form.text(F::Pseudonym),
        home_municipality: form.text(F::HomeMunicipality),
        citizenship: chosen(form, F::Citizenship, &Citizenship::ALL),
        gender: chosen(form, F::Gender, &Gender::ALL),
    };
    let circumstances = Circumstances {
        family: chosen(form, CircumstancesField::Family, &FamilySituation::ALL),
        income: chosen(form, CircumstancesField::Income, &IncomeSource::ALL),
    };
    form.clear_errors();
    let changed: Citizen = match validate_identity(&stored, &input) {
        Ok(changed) => changed,
        // The citizen as they are, and the circumstances changed.
        Err(problems)
            if problems == [(F::Name, IdentityProblem::NothingChanged)] && circumstances != stored_circumstances =>
        {
            stored
        }
        Err(problems) => {
            let problems = problems.iter().map(|(f, p)| (*f, words::identity_problem(p)));
            form_host::refuse_fields(form, sh, problems);
            return None;
        }
    };
    if let Some(cpr) = changed.identity.cpr() {
        match sh.store.cpr_holder(cpr, citizen_id) {
            Ok(None) => {}
            Ok(Some(_)) => {
                form_host::refuse_fields(form, sh, [(F::Cpr, words::identity_problem(&IdentityProblem::CprTaken))]);
                return None;
            }
            Err(e) => {
                form_host::save_failed(form, sh, e);
                return None;
            }
        }
    }
    match sh.store.change_citizen(case_id, &changed, &circumstances, opened) {
        Ok(cases) => Some(cases),
        Err(e) => {
            form_host::save_failed(form, sh, e);
            None
        }
    }
}
