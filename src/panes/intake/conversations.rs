//! Indtag's counted conversations: the form that registers one on the open
//! case, and the case screen's line of counts beside the profile's limits.
//! Passing a limit warns (Enter again saves); it never refuses.

use ratatui::text::Line;

use super::IntakeScreen;
use super::forms::IntakeForm;
use crate::app::form::{Field, FieldName, Form};
use crate::app::form_host::{self, ActiveForm};
use crate::app::{Shell, StatusKind};
use crate::domain::dates;
use crate::domain::intake::{
    Case, ContactKind, Conversation, ConversationField, ConversationKind, conversation_counts, conversation_warning,
    parse_conversation,
};
use crate::text;
use crate::ui::{Theme, styled};

impl FieldName for ConversationField {}

/// A young person's case counts anonymous conversations against the young
/// limit (Rødovre's 16-17-year-olds).
fn young(case: &Case) -> bool {
    case.kind == ContactKind::Young
}

pub(super) fn form(sh: &Shell, case: &Case) -> ActiveForm<IntakeForm> {
    let fields = vec![
        Field::text(ConversationField::Date, text::conversations::F_DATE, &dates::format_date_dk(sh.today))
            .with_hint(text::intake::HINT_DATE),
        Field::choice(
            ConversationField::Kind,
            text::conversations::F_KIND,
            ConversationKind::ALL.map(|k| text::conversations::kind(k).into()).to_vec(),
            0,
        ),
    ];
    let title = format!("{} · sag {} · {}", text::conversations::FORM_TITLE, case.id, case.identity.display_name());
    ActiveForm::new(Form::new(&title, fields), IntakeForm::Conversation { case_id: case.id })
}

/// Checks the draft, warns once past the limit, then saves it as one
/// audited transaction; the open case then shows the new count.
pub(super) fn submit(
    slot: &mut Option<ActiveForm<IntakeForm>>,
    screen: Option<&mut IntakeScreen>,
    sh: &mut Shell,
    case_id: i64,
) {
    let Some(IntakeScreen::Case(view)) = screen.filter(|IntakeScreen::Case(v)| v.case.id == case_id) else {
        *slot = None;
        sh.set_status(StatusKind::Error, text::CASE_GONE);
        return;
    };
    let Some(active) = slot else { return };
    let form = &mut active.form;
    let kind = ConversationKind::ALL[form.choice(ConversationField::Kind).min(ConversationKind::ALL.len() - 1)];
    form.clear_errors();
    let conversation = match parse_conversation(&form.text(ConversationField::Date), kind, &view.case, sh.today) {
        Ok(c) => c,
        Err((field, problem)) => {
            active.warned = None;
            form_host::refuse_fields(form, sh, [(field, text::intake::step_problem(&problem))]);
            return;
        }
    };
    let held: Vec<Conversation> = view.conversations.iter().map(|c| c.conversation).collect();
    if let Some(over) = conversation_warning(&held, kind, &sh.profile.intake, young(&view.case)) {
        let warning = text::conversations::passed(&over);
        if !form_host::confirmed(active, &warning) {
            sh.set_status(StatusKind::Warning, warning);
            return;
        }
    }
    match sh.store.register_conversation(case_id, conversation) {
        Ok(_) => {
            *slot = None;
            view.reload_conversations(sh);
            sh.set_status(StatusKind::Info, text::conversations::saved(case_id, kind));
        }
        Err(e) => form_host::save_failed(&mut active.form, sh, e),
    }
}

/// "Samtaler: anonyme 2 af 3 · rådgivende 0 · pårørende 3 af 2", then a
/// warning line for each count past its limit.
pub(super) fn lines(case: &Case, held: &[Conversation], sh: &Shell, theme: &Theme) -> Vec<Line<'static>> {
    let counts = conversation_counts(held, &sh.profile.intake, young(case));
    let shown: Vec<String> = counts.iter().map(text::conversations::count).collect();
    let mut lines = vec![Line::from(format!("{}: {}", text::conversations::LINE_LABEL, shown.join(" · ")))];
    for c in counts.iter().filter(|c| c.passed()) {
        lines.push(Line::from(styled(text::conversations::passed(c), theme.warning())));
    }
    lines
}
