//! The step forms of an open notification: the citizen informed (or not,
//! with the reason), sent, the receipt, later information from the
//! municipality, and discarding a draft.

use super::super::NotesPane;
use super::super::forms::{NotesForm, Refusal, Saved};
use crate::app::Shell;
use crate::app::form::{Field, FieldName, Form};
use crate::domain::dates;
use crate::domain::notification::{
    InformHow, SendHow, TransitionField, TransitionInput, TransitionKind, parse_transition,
};
use crate::text;

/// How the citizen was told, or how the notification was sent: a choice
/// the domain takes as a value, so it never refuses it at a field.
#[derive(Debug, Clone, Copy)]
pub(crate) struct How;

impl FieldName for How {}

impl NotesPane {
    pub(crate) fn open_step_form(&mut self, sh: &Shell, id: i64, kind: TransitionKind) {
        let mut form = build(kind, id, sh.today);
        sync(&mut form);
        self.open_form(form, NotesForm::Step { id, kind });
    }
}

fn build(kind: TransitionKind, id: i64, today: chrono::NaiveDate) -> Form {
    let mut fields = Vec::new();
    if kind == TransitionKind::Inform {
        fields.push(Field::choice(
            TransitionField::Told,
            text::notifications::F_TOLD,
            vec![text::notifications::TOLD_YES.into(), text::notifications::TOLD_NO.into()],
            0,
        ));
    }
    fields.push(
        Field::text(
            TransitionField::Date,
            text::notifications::transition_date_label(kind),
            &dates::format_date_dk(today),
        )
        .with_hint(text::intake::HINT_DATE),
    );
    match kind {
        TransitionKind::Inform => {
            fields.push(Field::choice(
                How,
                text::notifications::F_HOW,
                InformHow::ALL.map(|h| text::notifications::inform_how(h).to_string()).to_vec(),
                0,
            ));
            fields.push(
                Field::text(TransitionField::Text, text::notifications::F_NOT_TOLD_REASON, "")
                    .with_hint(text::notifications::HINT_NOT_TOLD),
            );
        }
        TransitionKind::Send => fields.push(Field::choice(
            How,
            text::notifications::F_HOW_SENT,
            SendHow::ALL.map(|h| text::notifications::send_how(h).to_string()).to_vec(),
            0,
        )),
        TransitionKind::Receipt => {}
        TransitionKind::LaterInfo => fields.push(
            Field::text(TransitionField::Text, text::notifications::F_LATER_TEXT, "")
                .with_hint(text::notifications::HINT_LATER),
        ),
        TransitionKind::Discard => fields.push(Field::text(TransitionField::Text, text::intake::F_REASON, "")),
    }
    Form::new(&format!("{} · underretning {id}", text::notifications::transition_title(kind)), fields)
}

/// The reason for not telling the citizen is asked only when the citizen
/// was not told; how the citizen was told only when told.
pub(crate) fn sync(form: &mut Form) {
    if form.field(TransitionField::Told).is_none() {
        return;
    }
    let told = form.choice(TransitionField::Told) == 0;
    form.set_hidden(How, !told);
    form.set_hidden(TransitionField::Text, told);
}

/// Checks the step against the notification as stored and records it.
pub(crate) fn submit(
    form: &Form,
    sh: &mut Shell,
    id: i64,
    kind: TransitionKind,
) -> Result<Saved, Refusal<TransitionField>> {
    let n = sh.store.notification(id).map_err(Refusal::Store)?;
    let how = form.choice(How);
    let input = TransitionInput {
        kind,
        date: form.text(TransitionField::Date),
        told: form.choice(TransitionField::Told) == 0,
        inform_how: InformHow::ALL[how.min(InformHow::ALL.len() - 1)],
        send_how: SendHow::ALL[how.min(SendHow::ALL.len() - 1)],
        text: form.text(TransitionField::Text),
    };
    let step = parse_transition(&input, &n, sh.today).map_err(|problems| {
        Refusal::Fields(problems.iter().map(|(f, p)| (*f, text::notifications::transition_problem(p))).collect())
    })?;
    sh.store.record_transition(id, &step).map_err(Refusal::Store)?;
    Ok(Saved::Refresh { message: text::notifications::transition_saved(kind, id) })
}
