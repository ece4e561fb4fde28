//! Indtag's forms: a new contact, and a step on a case. Their fields are
//! named by the domain's own field enums, so the problems the domain finds
//! go straight to their fields.

use chrono::Utc;

use crate::app::form::{Field, FieldName, Form};
use crate::app::form_host::{self, ActiveForm};
use crate::app::{Shell, StatusKind};
use crate::domain::dates;
use crate::domain::intake::{
    Case, Channel, ChildrenAnswer, ClosingReason, ContactField, ContactInput, ContactKind, NewContact, Step, StepField,
    StepInput, StepKind, Substance, parse_step, validate_contact,
};
use crate::store::Opened;
use crate::text;

use super::identity;

impl FieldName for ContactField {}
impl FieldName for StepField {}

/// Indtag's forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntakeForm {
    NewContact,
    Step {
        case_id: i64,
        kind: StepKind,
    },
    /// The citizen of the case, as read when the form opened.
    Citizen {
        case_id: i64,
        citizen_id: i64,
        opened: Opened,
    },
    /// The case's own fields corrected; `consent_given`: the parents had
    /// consented when the form opened.
    EditCase {
        case_id: i64,
        opened: Opened,
        consent_given: bool,
    },
    /// The case handed to another counsellor.
    Reassign {
        case_id: i64,
        opened: Opened,
    },
    /// Step event `event_id` (of `kind`) undone.
    Undo {
        case_id: i64,
        event_id: i64,
        kind: StepKind,
        opened: Opened,
    },
    /// A counted conversation on the open case (`conversations.rs`).
    Conversation {
        case_id: i64,
    },
}

pub(super) const CONSENT_OPTIONS: [Option<bool>; 3] = [None, Some(true), Some(false)];

pub(super) fn contact_form(sh: &Shell) -> ActiveForm<IntakeForm> {
    use ContactField as F;
    // The centre's clock, not the server's (often UTC).
    let now = dates::local_of(Utc::now()).time();
    let fields = vec![
        Field::choice(
            F::Kind,
            text::intake::F_KIND,
            ContactKind::ALL.map(|k| text::intake::contact_kind(k).into()).to_vec(),
            0,
        ),
        Field::choice(
            F::Channel,
            text::intake::F_CHANNEL,
            Channel::ALL.map(|c| text::intake::channel(c).into()).to_vec(),
            0,
        ),
        Field::text(F::Date, text::intake::F_DATE, &dates::format_date_dk(sh.today)).with_hint(text::intake::HINT_DATE),
        Field::text(F::Time, text::intake::F_TIME, &dates::format_time(now)).with_hint(text::intake::HINT_TIME),
        Field::text(F::Name, text::intake::F_NAME, ""),
        Field::text(F::Cpr, text::intake::F_CPR, "").with_hint(text::intake::HINT_CPR),
        Field::text(F::Pseudonym, text::intake::F_PSEUDONYM, "").with_hint(text::intake::HINT_PSEUDONYM),
        Field::text(F::HomeMunicipality, text::intake::F_MUNICIPALITY, &sh.centre.municipality),
        Field::text(F::Counsellor, text::intake::F_COUNSELLOR, &sh.user),
        Field::multi(
            F::Substances,
            text::intake::F_SUBSTANCES,
            Substance::ALL.map(|s| text::intake::substance(s).into()).to_vec(),
        )
        .with_hint(text::intake::HINT_MULTI),
        Field::choice(
            F::Children,
            text::intake::F_CHILDREN,
            ChildrenAnswer::ALL.map(|c| text::intake::children(c).into()).to_vec(),
            0,
        ),
        Field::choice(
            F::ParentalConsent,
            text::intake::F_CONSENT,
            CONSENT_OPTIONS.map(|c| text::intake::consent(c).into()).to_vec(),
            0,
        ),
        Field::note(F::Note, text::intake::F_NOTE, ""),
    ];
    let mut fields = fields;
    identity::add_contact_fields(&mut fields);
    let mut form = Form::new(text::intake::NEW_CONTACT_TITLE, fields);
    sync_contact(&mut form);
    identity::hide_same_person(&mut form);
    ActiveForm::new(form, IntakeForm::NewContact)
}

/// Anonymous cases hold a pseudonym instead of name and CPR; only young
/// people are asked about parental consent.
pub(super) fn sync_contact(form: &mut Form) {
    let kind = ContactKind::ALL[form.choice(ContactField::Kind).min(ContactKind::ALL.len() - 1)];
    let anonymous = kind == ContactKind::Anonymous;
    form.set_hidden(ContactField::Name, anonymous);
    form.set_hidden(ContactField::Cpr, anonymous);
    form.set_hidden(ContactField::Pseudonym, !anonymous);
    form.set_hidden(ContactField::ParentalConsent, kind != ContactKind::Young);
}

/// What the contact form decides: a contact to register, or nothing yet
/// (its problems or its warnings are on the form).
pub(super) fn check_contact(active: &mut ActiveForm<IntakeForm>, sh: &mut Shell) -> Option<NewContact> {
    use ContactField as F;
    let form = &mut active.form;
    let consent = CONSENT_OPTIONS[form.choice(F::ParentalConsent).min(CONSENT_OPTIONS.len() - 1)];
    let input = ContactInput {
        kind: ContactKind::ALL[form.choice(F::Kind).min(ContactKind::ALL.len() - 1)],
        channel: Channel::ALL[form.choice(F::Channel).min(Channel::ALL.len() - 1)],
        date: form.text(F::Date),
        time: form.text(F::Time),
        name: form.text(F::Name),
        cpr: form.text(F::Cpr),
        pseudonym: form.text(F::Pseudonym),
        home_municipality: form.text(F::HomeMunicipality),
        counsellor: form.text(F::Counsellor),
        substances: form.chosen(F::Substances).into_iter().filter_map(|i| Substance::ALL.get(i).copied()).collect(),
        children: ChildrenAnswer::ALL[form.choice(F::Children).min(ChildrenAnswer::ALL.len() - 1)],
        parental_consent: if form.field(F::ParentalConsent).is_some_and(|f| !f.hidden) { consent } else { None },
        note: form.text(F::Note),
    };
    form.clear_errors();
    let contact = match validate_contact(&input, &sh.profile.intake, &sh.centre.municipality, sh.today) {
        Ok(contact) => contact,
        Err(problems) => {
            active.warned = None;
            let problems = problems.iter().map(|(field, problem)| (*field, text::intake::contact_problem(problem)));
            form_host::refuse_fields(form, sh, problems);
            return None;
        }
    };
    // Warnings never block, but the counsellor sees them before saving:
    // Enter on the unchanged draft saves it.
    let serious: Vec<String> = contact
        .warnings
        .iter()
        .filter(|w| text::intake::warning_needs_confirmation(w))
        .map(text::intake::contact_warning)
        .collect();
    if !serious.is_empty() && active.warned.as_ref() != Some(&fingerprint(form)) {
        form.banner = Some(format!("{} {}", serious.join(" "), text::ENTER_AGAIN_TO_SAVE));
        active.warned = Some(fingerprint(form));
        sh.set_status(StatusKind::Warning, serious.join(" "));
        return None;
    }
    Some(contact)
}

/// The form's current values, to tell whether the user changed the draft
/// after seeing its warnings.
fn fingerprint(form: &Form) -> Vec<String> {
    form.fields.iter().map(|f| format!("{:?}", f.value)).collect()
}

pub(super) fn step_form(sh: &Shell, case: &Case, kind: StepKind) -> ActiveForm<IntakeForm> {
    let mut fields = vec![
        Field::text(StepField::Date, text::intake::step_date_label(kind), &dates::format_date_dk(sh.today))
            .with_hint(text::intake::HINT_DATE),
    ];
    if kind.needs_reason() {
        fields.push(Field::text(StepField::Reason, text::intake::F_REASON, ""));
    }
    if kind.asks_closing_reason() {
        // The first option is "choose": no reason until the counsellor picks one.
        let options = std::iter::once(text::intake::CHOOSE_CLOSING_REASON.to_string())
            .chain(ClosingReason::ALL.iter().map(|r| text::intake::closing_reason(*r).to_string()))
            .collect();
        fields.push(Field::choice(StepField::ClosingReason, text::intake::F_CLOSING_REASON, options, 0));
        fields.push(Field::text(StepField::Reason, text::intake::F_CLOSING_TEXT, ""));
    }
    if kind.asks_wanted() {
        fields.push(Field::choice(
            StepField::Wanted,
            text::intake::F_WANTED,
            vec![text::YES.into(), text::NO.into()],
            0,
        ));
    }
    let title = format!("{} · sag {} · {}", text::intake::step_title(kind), case.id, case.identity.display_name());
    let mut form = Form::new(&title, fields);
    sync_step(&mut form);
    ActiveForm::new(form, IntakeForm::Step { case_id: case.id, kind })
}

/// The closing reason chosen on a close form, `None` while it says "choose".
fn chosen_closing_reason(form: &Form) -> Option<ClosingReason> {
    form.choice(StepField::ClosingReason).checked_sub(1).and_then(|i| ClosingReason::ALL.get(i).copied())
}

/// A close form shows its text field only for "other".
pub(super) fn sync_step(form: &mut Form) {
    if form.field(StepField::ClosingReason).is_some() {
        let other = chosen_closing_reason(form).is_some_and(ClosingReason::needs_text);
        form.set_hidden(StepField::Reason, !other);
    }
}

/// The step the form describes, checked against `case` as loaded; its
/// problems go to their fields. The store checks it again against the case
/// as it stands when it is saved.
pub(super) fn check_step(form: &mut Form, sh: &mut Shell, case: &Case, kind: StepKind) -> Option<Step> {
    let input = StepInput {
        kind,
        date: form.text(StepField::Date),
        reason: form.text(StepField::Reason),
        wanted: form.choice(StepField::Wanted) == 0,
        closing_reason: chosen_closing_reason(form),
    };
    form.clear_errors();
    match parse_step(&input, case, sh.today) {
        Ok(step) => Some(step),
        Err(problems) => {
            let problems = problems.iter().map(|(field, problem)| (*field, text::intake::step_problem(problem)));
            form_host::refuse_fields(form, sh, problems);
            None
        }
    }
}
