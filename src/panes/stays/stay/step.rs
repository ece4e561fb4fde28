//! A step in a stay's life (approved, refused, started, mid-way status,
//! ended, interruption reported, final status, aftercare started): its
//! date, and who decided, why, or how it ended where the step asks.

use crate::app::form::{Field, FieldName, Form};
use crate::app::form_host::{self, ActiveForm};
use crate::app::{Action, Shell, StatusKind};
use crate::domain::dates;
use crate::domain::stay::{EndKind, StayStepField, StayStepInput, StayStepKind, parse_stay_step};
use crate::panes::stays::forms::{StaysForm, say_saved};
use crate::panes::stays::{StayLine, StaysPane};
use crate::text;

impl FieldName for StayStepField {}

/// The step form's field the domain's step has no name for: how the stay
/// ended (the domain takes it as a yes/no).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepChoice {
    EndKind,
}

impl FieldName for StepChoice {}

/// The step a key records, if it is a step's key.
pub fn kind_of(action: Action) -> Option<StayStepKind> {
    Some(match action {
        Action::StayApprove => StayStepKind::Approve,
        Action::StayRefuse => StayStepKind::Refuse,
        Action::StayStart => StayStepKind::Start,
        Action::StayMidwayStatus => StayStepKind::MidwayStatus,
        Action::StayEnd => StayStepKind::End,
        Action::StayInterruptionReported => StayStepKind::InterruptionReported,
        Action::StayFinalStatus => StayStepKind::FinalStatus,
        Action::StayAftercareStarted => StayStepKind::AftercareStarted,
        _ => return None,
    })
}

/// Opens the step's form for the open stay, else the list's selection.
pub fn open(pane: &mut StaysPane, sh: &mut Shell, kind: StayStepKind) {
    let Some(line) = pane.target_stay() else {
        sh.set_status(StatusKind::Warning, text::stays::SELECT_STAY_FIRST);
        return;
    };
    let purpose = StaysForm::StayStep { stay_id: line.row.stay.id, kind };
    pane.form = Some(ActiveForm::new(build(line, sh, kind), purpose));
}

fn build(line: &StayLine, sh: &Shell, kind: StayStepKind) -> Form {
    let stay = &line.row.stay;
    let title = text::stays::stay_step_form_title(kind, stay.id, &line.row.citizen);
    let mut fields = vec![
        Field::text(StayStepField::Date, text::stays::stay_step_date_label(kind), &dates::format_date_dk(sh.today))
            .with_hint(text::intake::HINT_DATE),
    ];
    if kind.asks_who() {
        let decider = text::stays::decider(sh.profile.stay.decided_by);
        fields.push(Field::text(StayStepField::By, text::stays::F_DECIDED_BY, decider));
    }
    if kind.needs_reason() {
        fields.push(Field::text(StayStepField::Reason, text::intake::F_REASON, ""));
    }
    if kind.asks_end_kind() {
        let kinds = EndKind::ALL.map(|k| text::stays::end_kind(k).to_string()).to_vec();
        fields.push(Field::choice(StepChoice::EndKind, text::stays::F_END_KIND, kinds, 0));
        fields.push(
            Field::text(StayStepField::ReportedOn, text::stays::F_REPORTED_ON, "")
                .with_hint(text::stays::HINT_REPORTED_ON),
        );
    }
    let mut form = Form::new(&title, fields);
    sync(&mut form, kind);
    form
}

fn interrupted(form: &Form) -> bool {
    EndKind::ALL.get(form.choice(StepChoice::EndKind)) == Some(&EndKind::Interrupted)
}

/// The provider's report date is asked only for an interrupted stay.
pub fn sync(form: &mut Form, kind: StayStepKind) {
    if kind == StayStepKind::End {
        let hidden = !interrupted(form);
        form.set_hidden(StayStepField::ReportedOn, hidden);
    }
}

pub fn submit(pane: &mut StaysPane, sh: &mut Shell, stay_id: i64, kind: StayStepKind) {
    let Some(stay) = pane.stay_line(stay_id).map(|l| l.row.stay.clone()) else {
        pane.form = None;
        sh.set_status(StatusKind::Error, text::stays::STAY_GONE);
        return;
    };
    let Some(active) = &mut pane.form else { return };
    let form = &mut active.form;
    form.clear_errors();
    let input = StayStepInput {
        kind: Some(kind),
        date: form.text(StayStepField::Date),
        by: form.text(StayStepField::By),
        reason: form.text(StayStepField::Reason),
        interrupted: interrupted(form),
        reported_on: form.text(StayStepField::ReportedOn),
    };
    let step = match parse_stay_step(&input, &stay, sh.today) {
        Ok(step) => step,
        Err(problems) => {
            let at_fields = problems.iter().map(|(f, p)| (*f, text::stays::stay_step_problem(p)));
            return form_host::refuse_fields(form, sh, at_fields);
        }
    };
    match sh.store.record_stay_step(stay_id, &step) {
        Ok(_) => {
            pane.form = None;
            let reloaded = pane.reload_stays(sh);
            say_saved(sh, reloaded, text::stays::stay_step_saved(kind, stay_id));
        }
        Err(e) => form_host::save_failed(form, sh, e),
    }
}
