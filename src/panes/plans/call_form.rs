//! The call form: one attempt at a follow-up call, reached (with where the
//! citizen stands now) or not (the call stays open). Opened on the call
//! list's selected call or on an opened plan's next open call.

use super::forms::PlansForm;
use crate::app::form::{Field, FieldName, Form};
use crate::app::form_host::{self, ActiveForm};
use crate::app::{Shell, StatusKind};
use crate::domain::dates;
use crate::domain::plan::{CallField, CallInput, CallOutcome, parse_attempt};
use crate::text;

impl FieldName for CallField {}

/// The call form's field the domain's [`CallField`] does not name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallFormField {
    /// Whether the citizen was reached; only then is there an outcome.
    Reached,
}

impl FieldName for CallFormField {}

/// The "reached" choice's options, in order.
const YES_NO: [bool; 2] = [true, false];

/// The form for an attempt at the call, as stored now; `None`, said on the
/// status line, when it cannot be read or was already made.
pub(super) fn open(call_id: i64, sh: &mut Shell) -> Option<ActiveForm<PlansForm>> {
    let course = match sh.store.course_call(call_id) {
        Ok(course) => course,
        Err(e) => {
            sh.set_status(StatusKind::Error, text::plans::call_load_failed(&e));
            return None;
        }
    };
    if let Some(done) = course.call.reached() {
        sh.set_status(StatusKind::Info, text::plans::call_done(done.on));
        return None;
    }
    let fields = vec![
        Field::text(CallField::Date, text::plans::F_CALL_DATE, &dates::format_date_dk(sh.today))
            .with_hint(text::intake::HINT_DATE),
        Field::choice(CallFormField::Reached, text::plans::F_REACHED, vec![text::YES.into(), text::NO.into()], 0),
        Field::choice(
            CallField::Outcome,
            text::plans::F_OUTCOME,
            std::iter::once(text::plans::CHOOSE_OUTCOME.to_string())
                .chain(CallOutcome::ALL.iter().map(|o| text::plans::call_outcome(*o).to_string()))
                .collect(),
            0,
        ),
        Field::note(CallField::Note, text::intake::F_NOTE, ""),
    ];
    let title = format!(
        "{} · sag {} · {}",
        text::plans::call_title(course.call.months),
        course.case.id,
        course.case.identity.display_name()
    );
    let mut form = Form::new(&title, fields);
    sync(&mut form);
    if course.call.missed() > 0 {
        form.banner = Some(text::plans::earlier_attempts(&course.call));
    }
    Some(ActiveForm::new(form, PlansForm::RecordCall { call_id, case_id: course.case.id }))
}

fn reached(form: &Form) -> bool {
    YES_NO[form.choice(CallFormField::Reached).min(1)]
}

/// Only a call that reached the citizen has an outcome.
pub(super) fn sync(form: &mut Form) {
    let hidden = !reached(form);
    form.set_hidden(CallField::Outcome, hidden);
}

/// Checks the attempt against the call as stored now (a colleague may have
/// made it meanwhile) and records it. Returns the message for the status
/// line once saved; otherwise the form says why, the draft kept.
pub(super) fn submit(form: &mut Form, call_id: i64, sh: &mut Shell) -> Option<String> {
    let course = match sh.store.course_call(call_id) {
        Ok(course) => course,
        Err(e) => {
            form_host::save_failed(form, sh, e);
            return None;
        }
    };
    let reached = reached(form);
    // The first option is "choose": no outcome until the counsellor picks one.
    let outcome = if reached {
        form.choice(CallField::Outcome).checked_sub(1).and_then(|i| CallOutcome::ALL.get(i).copied())
    } else {
        None
    };
    let input = CallInput { date: form.text(CallField::Date), reached, outcome, note: form.text(CallField::Note) };
    form.clear_errors();
    let attempt = match parse_attempt(&input, &course.call, course.ending.ended_on, sh.today) {
        Ok(attempt) => attempt,
        Err(problems) => {
            let problems = problems.iter().map(|(field, problem)| (*field, text::plans::call_problem(problem)));
            form_host::refuse_fields(form, sh, problems);
            return None;
        }
    };
    match sh.store.record_call_attempt(call_id, &attempt) {
        Ok(call) => Some(text::plans::call_saved(course.case.id, &call)),
        Err(e) => {
            form_host::save_failed(form, sh, e);
            None
        }
    }
}
