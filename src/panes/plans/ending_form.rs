//! The ending form: the end of a course in treatment, with the discharge
//! reason that decides (by the profile) whether follow-up calls are
//! scheduled, and whether the citizen declines them. Opened on the board's
//! selected course or on an opened plan. When the case still has a MOVE
//! course, group memberships or a residential stay running, the form asks
//! about each: end it on the ending date, or keep it (`Running`).

use super::forms::PlansForm;
use crate::app::form::{Field, FieldName, Form};
use crate::app::form_host::{self, ActiveForm};
use crate::app::{Shell, StatusKind};
use crate::domain::dates;
use crate::domain::plan::{
    Answer, Course, DischargeReason, EndingField, EndingInput, Running, check_answers, parse_ending, scheduled_calls,
};
use crate::store::{EndRunning, Opened};
use crate::text;

impl FieldName for EndingField {}

/// The question about one running item, by its place in the list the
/// store gives (`Store::still_running`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunningField(pub usize);

impl FieldName for RunningField {}

/// The form for ending the course; `None`, said on the status line, when
/// it is not in treatment.
pub(super) fn open(course: &Course, sh: &mut Shell) -> Option<ActiveForm<PlansForm>> {
    let case = &course.case;
    if let Some(closed) = &case.progress.closed {
        sh.set_status(StatusKind::Warning, text::plans::course_closed(closed.on));
        return None;
    }
    if case.progress.treatment_started_on.is_none() {
        sh.set_status(StatusKind::Warning, text::plans::NOT_IN_TREATMENT);
        return None;
    }
    let running = match sh.store.still_running(case.id) {
        Ok(running) => running,
        Err(e) => {
            sh.set_status(StatusKind::Error, text::plans::course_load_failed(&e));
            return None;
        }
    };
    let opened = match sh.store.opened() {
        Ok(opened) => opened,
        Err(e) => {
            sh.set_status(StatusKind::Error, text::plans::course_load_failed(&e));
            return None;
        }
    };
    let mut fields = vec![
        Field::text(EndingField::Date, text::plans::F_ENDED_ON, &dates::format_date_dk(sh.today))
            .with_hint(text::intake::HINT_DATE),
        Field::choice(
            EndingField::Reason,
            text::plans::F_DISCHARGE_REASON,
            DischargeReason::ALL.iter().map(|r| text::plans::discharge_reason(*r).to_string()).collect(),
            0,
        ),
        Field::choice(EndingField::Declined, text::plans::F_DECLINED, vec![text::NO.into(), text::YES.into()], 0)
            .with_hint(text::plans::HINT_DECLINED),
    ];
    for (i, item) in running.iter().enumerate() {
        let question = Field::choice(RunningField(i), &text::ending::label(item), text::ending::options(item), 0);
        fields.push(question.with_hint(&text::ending::hint(item)));
    }
    fields.push(Field::note(EndingField::Note, text::intake::F_NOTE, ""));
    let title = format!("{} · sag {} · {}", text::plans::END_TITLE, case.id, case.identity.display_name());
    let mut form = Form::new(&title, fields);
    // The date is usually today; the reason is the choice to make, and
    // its hint says whether it schedules calls.
    form.focus = 1;
    sync(&mut form, sh);
    Some(ActiveForm::new(form, PlansForm::EndCourse { case_id: case.id, opened }))
}

fn reason(form: &Form) -> DischargeReason {
    DischargeReason::ALL[form.choice(EndingField::Reason).min(DischargeReason::ALL.len() - 1)]
}

/// The reason's hint says whether it schedules calls under the profile;
/// declining is only asked when there are calls to decline.
pub(super) fn sync(form: &mut Form, sh: &Shell) {
    let triggers = sh.profile.follow_up.triggers.contains(&reason(form));
    if let Some(f) = form.field_mut(EndingField::Reason) {
        f.hint = Some(text::plans::reason_hint(triggers, &sh.profile.follow_up.after_end_months));
    }
    form.set_hidden(EndingField::Declined, !triggers);
}

/// Checks the draft against the course as stored now and ends the course,
/// scheduling its calls. Returns the message for the status line once
/// saved; otherwise the form says why, the draft kept.
pub(super) fn submit(form: &mut Form, case_id: i64, opened: Opened, sh: &mut Shell) -> Option<String> {
    let course = match sh.store.course(case_id) {
        Ok(course) => course,
        Err(e) => {
            form_host::save_failed(form, sh, e);
            return None;
        }
    };
    // Ended by a colleague since the form opened: say who, not a field.
    if let Some(ended) = &course.ending {
        form_host::fail(form, sh, text::plans::ended_meanwhile(ended));
        return None;
    }
    let declined =
        form.field(EndingField::Declined).is_some_and(|f| !f.hidden) && form.choice(EndingField::Declined) == 1;
    let input = EndingInput {
        date: form.text(EndingField::Date),
        reason: reason(form),
        follow_up_declined: declined,
        note: form.text(EndingField::Note),
    };
    form.clear_errors();
    let ending = match parse_ending(&input, &course.case, course.latest.as_ref(), sh.today) {
        Ok(ending) => ending,
        Err(problems) => {
            let problems = problems.iter().map(|(field, problem)| (*field, text::plans::ending_problem(problem)));
            form_host::refuse_fields(form, sh, problems);
            return None;
        }
    };
    // The items as they run now, each with the question the form asked
    // about it; one that began since was not asked, and the store refuses
    // the ending with who started it.
    let running = match sh.store.still_running(case_id) {
        Ok(running) => running,
        Err(e) => {
            form_host::save_failed(form, sh, e);
            return None;
        }
    };
    let asked: Vec<(RunningField, Running)> =
        running.into_iter().filter_map(|item| Some((question_about(form, &item)?, item))).collect();
    let items: Vec<Running> = asked.iter().map(|(_, item)| item.clone()).collect();
    let chosen: Vec<Option<Answer>> = asked
        .iter()
        .map(|(field, item)| form.choice(*field).checked_sub(1).and_then(|a| item.answers().get(a).copied()))
        .collect();
    let answers = match check_answers(&items, &chosen, ending.ended_on) {
        Ok(answers) => answers,
        Err(problems) => {
            let problems = problems.iter().map(|(i, problem)| (asked[*i].0, text::ending::problem(problem)));
            form_host::refuse_fields(form, sh, problems);
            return None;
        }
    };
    let calls = scheduled_calls(&ending, &sh.profile.follow_up);
    let move_reason = text::ending::move_reason(case_id);
    let also = EndRunning { answers: &answers, move_reason: &move_reason, settings: &sh.profile.move_cards, opened };
    match sh.store.end_course_with(case_id, &ending, &text::plans::closed_text(&ending), &calls, &also) {
        Ok(_) => Some(format!(
            "{}{}",
            text::plans::ending_saved(case_id, &ending, &calls),
            text::ending::also_ended(&answers)
        )),
        Err(e) => {
            form_host::save_failed(form, sh, e);
            None
        }
    }
}

/// The question the form asks about `item`, found by its words (the list
/// may have changed under the form since it opened).
fn question_about(form: &Form, item: &Running) -> Option<RunningField> {
    let (label, hint) = (text::ending::label(item), text::ending::hint(item));
    (0..)
        .map(RunningField)
        .map_while(|f| Some((f, form.field(f)?)))
        .find(|(_, q)| q.label == label && q.hint.as_deref() == Some(hint.as_str()))
        .map(|(f, _)| f)
}
