//! The complaint forms: a new complaint on a case, and a step on one
//! (re-assessment, forwarding with the late reason when it is late,
//! Ankestyrelsen's result). A step's form takes the store's mark when it
//! opens, so a colleague's step meanwhile is refused by name, the draft
//! kept.

use super::super::forms::PlansForm;
use crate::app::form::{Field, FieldName, Form};
use crate::app::form_host::{self, ActiveForm};
use crate::app::{Shell, StatusKind};
use crate::domain::complaint::{
    AppealResult, ComplaintField, ComplaintHow, NewComplaintInput, Reassessment, State, Step, StepInput, StepKind,
    parse_new, parse_step,
};
use crate::domain::dates::format_date_dk;
use crate::domain::intake::Case;
use crate::store::Opened;
use crate::store::access::is_anonymous;
use crate::text;
use crate::text::complaints as words;

impl FieldName for ComplaintField {}

/// Options of a choice with "(vælg)" first: nothing is chosen beforehand.
fn options<T: Copy>(all: &[T], word: fn(T) -> &'static str) -> Vec<String> {
    std::iter::once(words::CHOOSE.to_string()).chain(all.iter().map(|v| word(*v).to_string())).collect()
}

/// The value chosen, `None` while "(vælg)" is.
fn chosen<T: Copy>(form: &Form, field: ComplaintField, all: &[T]) -> Option<T> {
    form.choice(field).checked_sub(1).and_then(|i| all.get(i).copied())
}

/// The form for a new complaint on `case`. A §101a case is refused before
/// it opens, with the reason.
pub(in crate::panes::plans) fn open_new(case: &Case, sh: &mut Shell) -> Option<ActiveForm<PlansForm>> {
    if is_anonymous(case) {
        sh.set_status(StatusKind::Warning, words::problem(&crate::domain::complaint::ComplaintProblem::Anonymous));
        return None;
    }
    let today = format_date_dk(sh.today);
    let fields = vec![
        Field::choice(
            ComplaintField::About,
            words::F_ABOUT,
            vec![words::ABOUT_DECISION.into(), words::ABOUT_HEALTH_CARE.into()],
            0,
        ),
        Field::text(ComplaintField::Decision, words::F_DECISION, ""),
        Field::text(ComplaintField::DecidedOn, words::F_DECIDED_ON, "").with_hint(text::intake::HINT_DATE),
        Field::text(ComplaintField::ToldOn, words::F_TOLD_ON, "").with_hint(text::intake::HINT_DATE),
        Field::text(ComplaintField::ReceivedOn, words::F_RECEIVED_ON, &today).with_hint(text::intake::HINT_DATE),
        Field::choice(ComplaintField::How, words::F_HOW, options(&ComplaintHow::ALL, words::how), 0),
        Field::text(ComplaintField::Helper, words::F_HELPER, ""),
    ];
    let mut form = Form::new(&words::register_title(case.id, case.identity.display_name()), fields);
    form.banner = Some(words::register_banner(sh.profile.complaint.deadline_weeks));
    Some(ActiveForm::new(form, PlansForm::NewComplaint { case_id: case.id }))
}

/// Checks the new complaint and registers it. Returns the status line's
/// message once saved; otherwise the form says why, the draft kept.
pub(in crate::panes::plans) fn submit_new(form: &mut Form, case_id: i64, sh: &mut Shell) -> Option<String> {
    form.clear_errors();
    let case = match sh.store.load_case(case_id) {
        Ok(case) => case,
        Err(e) => {
            form_host::save_failed(form, sh, e);
            return None;
        }
    };
    let (what, decided, told, received, helper) = (
        form.text(ComplaintField::Decision),
        form.text(ComplaintField::DecidedOn),
        form.text(ComplaintField::ToldOn),
        form.text(ComplaintField::ReceivedOn),
        form.text(ComplaintField::Helper),
    );
    let input = NewComplaintInput {
        health_care: form.choice(ComplaintField::About) == 1,
        what: &what,
        decided_on: &decided,
        told_on: &told,
        received_on: &received,
        how: chosen(form, ComplaintField::How, &ComplaintHow::ALL),
        helper: &helper,
    };
    let new = match parse_new(&input, is_anonymous(&case), sh.today) {
        Ok(new) => new,
        Err(problems) => {
            let problems = problems.iter().map(|(field, p)| (*field, words::problem(p)));
            form_host::refuse_fields(form, sh, problems);
            return None;
        }
    };
    match sh.store.register_complaint(case_id, &new) {
        Ok(c) => Some(words::registered(&c)),
        Err(e) => {
            form_host::save_failed(form, sh, e);
            None
        }
    }
}

/// The form for a step on complaint `id`, as stored now; `None`, said on
/// the status line, when it cannot be read or the step does not fit.
pub(in crate::panes::plans) fn open_step(id: i64, kind: StepKind, sh: &mut Shell) -> Option<ActiveForm<PlansForm>> {
    let loaded = sh.store.opened().and_then(|opened| Ok((opened, sh.store.view_complaint(id)?)));
    let (opened, c) = match loaded {
        Ok(loaded) => loaded,
        Err(e) => {
            sh.set_status(StatusKind::Error, words::load_failed(&e));
            return None;
        }
    };
    let fits = matches!(
        (kind, c.state()),
        (StepKind::Reassess, State::Received)
            | (StepKind::Forward, State::Upheld)
            | (StepKind::Result, State::Forwarded)
    );
    if !fits {
        sh.set_status(StatusKind::Warning, words::no_step(kind, &c));
        return None;
    }
    let weeks = sh.profile.complaint.deadline_weeks;
    let mut fields = vec![
        Field::text(ComplaintField::Date, words::F_DATE, &format_date_dk(sh.today)).with_hint(text::intake::HINT_DATE),
    ];
    match kind {
        StepKind::Reassess => fields.push(Field::choice(
            ComplaintField::Reassessment,
            words::F_REASSESSMENT,
            options(&Reassessment::ALL, words::reassessment),
            0,
        )),
        StepKind::Result => fields.push(Field::choice(
            ComplaintField::Result,
            words::F_RESULT,
            options(&AppealResult::ALL, words::result),
            0,
        )),
        // Only a late complaint asks why it goes anyway.
        StepKind::Forward if c.is_late(weeks) => {
            fields.push(Field::note(ComplaintField::LateReason, words::F_LATE_REASON, ""))
        }
        StepKind::Forward => {}
    }
    let mut form = Form::new(&words::step_title(kind, &c), fields);
    if kind == StepKind::Forward && c.is_late(weeks) {
        form.banner = Some(words::late_banner(&c, weeks));
    }
    Some(ActiveForm::new(form, PlansForm::ComplaintStep { id, kind, opened }))
}

/// Checks the step against the complaint as stored now and records it,
/// refused when a colleague changed the complaint since `opened`.
pub(in crate::panes::plans) fn submit_step(
    form: &mut Form,
    id: i64,
    kind: StepKind,
    opened: Opened,
    sh: &mut Shell,
) -> Option<String> {
    form.clear_errors();
    let c = match sh.store.complaint(id) {
        Ok(c) => c,
        Err(e) => {
            form_host::save_failed(form, sh, e);
            return None;
        }
    };
    let (date, reason) = (form.text(ComplaintField::Date), form.text(ComplaintField::LateReason));
    let input = StepInput {
        kind,
        date: &date,
        reassessment: chosen(form, ComplaintField::Reassessment, &Reassessment::ALL),
        result: chosen(form, ComplaintField::Result, &AppealResult::ALL),
        late_reason: &reason,
    };
    let weeks = sh.profile.complaint.deadline_weeks;
    // A colleague's step since the form opened is the store's to name:
    // the domain checks only what was typed against what the form showed.
    let step = match parse_step(&input, &c, weeks, sh.today) {
        Ok(step) => step,
        Err(problems) if c.state() == state_before(kind) => {
            let problems = problems.iter().map(|(field, p)| (*field, words::problem(p)));
            form_host::refuse_fields(form, sh, problems);
            return None;
        }
        // The complaint moved on since the form opened: the store's
        // refusal names who did it and when (the values typed do not
        // matter to that refusal).
        Err(_) => {
            let on = crate::domain::dates::parse_date_dk(&date).unwrap_or(sh.today);
            match kind {
                StepKind::Reassess => Step::Reassess { on, outcome: Reassessment::Upheld },
                StepKind::Forward => Step::Forward { on, late_reason: None },
                StepKind::Result => Step::Result { on, result: AppealResult::Upheld },
            }
        }
    };
    match sh.store.record_complaint_step(id, &step, weeks, opened) {
        Ok(c) => Some(words::step_saved(kind, &c)),
        Err(e) => {
            form_host::save_failed(form, sh, e);
            None
        }
    }
}

/// Where a complaint stands when `kind` may follow.
fn state_before(kind: StepKind) -> State {
    match kind {
        StepKind::Reassess => State::Received,
        StepKind::Forward => State::Upheld,
        StepKind::Result => State::Forwarded,
    }
}
