//! The gift-card ledger: every entry, append-only, and the reconciliation
//! per card value. Its forms record cards received, voided or lost, and
//! correct an entry (the correction is a new entry; the entry stays).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::common::{base, frame_block, move_selection, not_loaded, offset, open_failed, pointer, warn};
use super::forms::{Made, Saved, Submitted, at_fields, refused_at};
use super::{CardSummary, GroupsForm, GroupsView, Step};
use crate::app::form::{Field, FieldId, Form};
use crate::app::{Action, Shell};
use crate::domain::dates::format_date_dk;
use crate::domain::group::Ore;
use crate::domain::group::ledger::{Ledger, LedgerEntry, LedgerEntryKind, Reconciliation};
use crate::domain::group::stock::{Removal, StockField, StockOp, parse_correction, parse_receipt, parse_removal};
use crate::text;
use crate::ui::{Theme, fit, styled};

#[derive(Debug, Clone)]
pub struct LedgerState {
    /// The ledger as read with the view, for the forms' checks (the store
    /// checks the file again when it writes).
    pub ledger: Ledger,
    pub reconciliation: Vec<Reconciliation>,
    /// Position in the ledger's entries.
    pub selected: usize,
}

impl LedgerState {
    /// The view of `ledger`; without a selection, on the newest entry.
    fn new(ledger: Ledger, selected: Option<usize>) -> LedgerState {
        let last = ledger.len().saturating_sub(1);
        let reconciliation = ledger.reconciliation();
        LedgerState { reconciliation, selected: selected.unwrap_or(last).min(last), ledger }
    }

    /// Reads the ledger again, keeping the selected entry, or selecting the
    /// last entry a form just added.
    pub(super) fn reload(&mut self, sh: &Shell, made: Option<Made>) -> Result<(), String> {
        let ledger = sh.store.ledger().map_err(|e| not_loaded(text::groups::LEDGER_NOT_LOADED, e))?;
        let selected = match made {
            Some(Made::LedgerEntry(id)) => ledger.entries().iter().position(|e| e.id == id),
            _ => Some(self.selected),
        };
        *self = LedgerState::new(ledger, selected);
        Ok(())
    }
}

pub(super) fn open(sh: &mut Shell) -> Step {
    match sh.store.ledger() {
        Ok(ledger) => Step::open(GroupsView::Ledger(LedgerState::new(ledger, None))),
        Err(e) => open_failed(sh, not_loaded(text::groups::LEDGER_NOT_LOADED, e)),
    }
}

/// The forms of the ledger view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerForm {
    ReceiveCards,
    RemoveCard { kind: Removal },
    CorrectEntry { entry: u64 },
}

pub(super) fn update(state: &mut LedgerState, sh: &mut Shell, action: Action) -> Step {
    if move_selection(&mut state.selected, state.ledger.len(), action, sh) {
        return Step::Stay;
    }
    match action {
        Action::Close => Step::Back(None),
        Action::ReceiveCards => receive_form(sh),
        Action::VoidCard => removal_form(sh, Removal::Void),
        Action::LoseCard => removal_form(sh, Removal::Lose),
        Action::CorrectEntry => match state.ledger.entries().get(state.selected) {
            Some(entry) => correction_form(entry, sh),
            None => warn(sh, text::groups::SELECT_ROW_FIRST),
        },
        _ => Step::Stay,
    }
}

// ---- the forms: opening ------------------------------------------------------

fn form(title: &str, fields: Vec<Field>, purpose: LedgerForm) -> Step {
    Step::Form(Form::new(title, fields), GroupsForm::Ledger(purpose))
}

fn date_field(sh: &Shell) -> Field {
    Field::text("date", text::intake::F_DATE, &format_date_dk(sh.today)).with_hint(text::intake::HINT_DATE)
}

fn receive_form(sh: &Shell) -> Step {
    let value = sh.profile.move_cards.card_value.format_number_dk();
    let fields = vec![
        Field::text("serial", text::groups::F_SERIAL_FROM, ""),
        Field::text("to", text::groups::F_SERIAL_TO, "").with_hint(text::groups::HINT_SERIAL_TO),
        Field::text("value", text::groups::F_VALUE, &value),
        date_field(sh),
    ];
    form(text::groups::RECEIVE_TITLE, fields, LedgerForm::ReceiveCards)
}

fn removal_form(sh: &Shell, kind: Removal) -> Step {
    let title = match kind {
        Removal::Void => text::groups::VOID_TITLE,
        Removal::Lose => text::groups::LOSE_TITLE,
    };
    let fields = vec![
        Field::text("serial", text::groups::F_SERIAL, ""),
        Field::text("reason", text::intake::F_REASON, ""),
        date_field(sh),
    ];
    form(title, fields, LedgerForm::RemoveCard { kind })
}

fn correction_form(entry: &LedgerEntry, sh: &Shell) -> Step {
    let title = format!(
        "{} {} · {} {}",
        text::groups::CORRECT_ENTRY_TITLE,
        entry.id,
        text::groups::ledger_kind(&entry.kind),
        entry.serial
    );
    let fields = vec![
        Field::text("reason", text::intake::F_REASON, "").with_hint(text::groups::HINT_CORRECTION),
        date_field(sh),
    ];
    form(&title, fields, LedgerForm::CorrectEntry { entry: entry.id })
}

// ---- the forms: submitting ---------------------------------------------------

pub(super) fn submit(purpose: LedgerForm, state: &LedgerState, sh: &mut Shell, form: &Form) -> Submitted {
    match purpose {
        LedgerForm::ReceiveCards => submit_receipt(state, sh, form),
        LedgerForm::RemoveCard { kind } => submit_removal(state, kind, sh, form),
        LedgerForm::CorrectEntry { entry } => submit_correction(state, entry, sh, form),
    }
}

fn submit_receipt(state: &LedgerState, sh: &mut Shell, form: &Form) -> Submitted {
    let (op, date) = parse_receipt(
        &state.ledger,
        &form.text("serial"),
        &form.text("to"),
        &form.text("value"),
        &form.text("date"),
        sh.today,
    )
    .map_err(|p| at_fields(p, stock_field_id))?;
    record(sh, &op, date, "serial")
}

fn submit_removal(state: &LedgerState, kind: Removal, sh: &mut Shell, form: &Form) -> Submitted {
    let (op, date) =
        parse_removal(&state.ledger, kind, &form.text("serial"), &form.text("reason"), &form.text("date"), sh.today)
            .map_err(|p| at_fields(p, stock_field_id))?;
    record(sh, &op, date, "serial")
}

fn submit_correction(state: &LedgerState, entry: u64, sh: &mut Shell, form: &Form) -> Submitted {
    let (op, date) = parse_correction(&state.ledger, entry, &form.text("reason"), &form.text("date"), sh.today)
        .map_err(|p| at_fields(p, stock_field_id))?;
    record(sh, &op, date, "reason")
}

/// Writes a checked stock operation and says what it added. The ledger's
/// refusal in the write (the card changed hands since the check) is shown
/// at `field`.
fn record(sh: &mut Shell, op: &StockOp, date: chrono::NaiveDate, field: FieldId) -> Submitted {
    let added = sh.store.record_stock(op, date).map_err(refused_at(field))?;
    let message = match (added.first(), added.last()) {
        (Some(a), Some(b)) if added.len() > 1 => {
            format!("{} poster: {} {} til {}.", added.len(), text::groups::ledger_kind(&a.kind), a.serial, b.serial)
        }
        (Some(a), _) => format!("Post {}: {} {}.", a.id, text::groups::ledger_kind(&a.kind), a.serial),
        _ => String::new(),
    };
    let saved = Saved::new(message);
    Ok(match added.last() {
        Some(last) => saved.made(Made::LedgerEntry(last.id)),
        None => saved,
    })
}

fn stock_field_id(f: StockField) -> FieldId {
    match f {
        StockField::Serial => "serial",
        StockField::To => "to",
        StockField::Value => "value",
        StockField::Date => "date",
        StockField::Reason => "reason",
    }
}

// ---- drawing -----------------------------------------------------------------

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &LedgerState, cards: CardSummary, theme: &Theme) {
    let inner = frame_block(frame, area, format!(" {} ", text::groups::LEDGER_TITLE));
    let recs = &state.reconciliation;
    let rec_rows = recs.len().max(1) as u16;
    let [rec_title, rec_area, summary, columns, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(rec_rows),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    let rec_titles = format!(
        "  {:<10} {:>9} {:>10} {:>9} {:>11} {:>9}  {}",
        text::groups::COL_VALUE,
        text::groups::COL_RECEIVED,
        text::groups::COL_HANDED_OUT,
        text::groups::COL_VOIDED,
        text::groups::COL_LOST,
        text::groups::COL_ON_HAND,
        text::groups::COL_BALANCE
    );
    frame.render_widget(Paragraph::new(styled(rec_titles, theme.bold())), rec_title);
    let rec_lines: Vec<Line> = if recs.is_empty() {
        vec![Line::from(styled(format!("  {}", text::groups::LEDGER_EMPTY), theme.dim()))]
    } else {
        recs.iter().map(|r| reconciliation_row(r, theme)).collect()
    };
    frame.render_widget(Paragraph::new(rec_lines), rec_area);
    let on_hand: i64 = recs.iter().map(|r| r.value_on_hand().ore()).sum();
    let spans = vec![
        Span::raw(format!("På lager i alt {} · ", Ore(on_hand).format_dk())),
        styled(
            format!("optjent, ikke udleveret: {}", cards.owed),
            if cards.owed > 0 { theme.warning() } else { theme.text() },
        ),
        Span::raw(" · "),
        styled(
            format!("afklares: {}", cards.to_resolve),
            if cards.to_resolve > 0 { theme.danger() } else { theme.text() },
        ),
    ];
    frame.render_widget(Paragraph::new(Line::from(spans)), summary);
    let titles = format!(
        "  {:>4} {:<10} {:<14} {:<10} {:>7} {:>4} {:<7} {}",
        text::groups::COL_NO,
        text::groups::COL_DATE,
        text::groups::COL_EVENT,
        text::groups::COL_SERIAL,
        text::groups::COL_AMOUNT,
        text::intake::COL_CASE,
        text::groups::COL_BY,
        text::groups::COL_NOTE
    );
    frame.render_widget(Paragraph::new(styled(titles, theme.bold())), columns);
    let height = list.height as usize;
    let note_width = (list.width as usize).saturating_sub(2 + 4 + 1 + 10 + 1 + 14 + 1 + 10 + 1 + 7 + 1 + 4 + 1 + 7 + 1);
    let lines: Vec<Line> = state
        .ledger
        .entries()
        .iter()
        .enumerate()
        .skip(offset(state.selected, height))
        .take(height)
        .map(|(i, e)| entry_row(state, e, i == state.selected, note_width, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

fn reconciliation_row(r: &Reconciliation, theme: &Theme) -> Line<'static> {
    let (mark, style) = if r.balances() {
        (text::groups::BALANCES, theme.good())
    } else {
        (text::groups::DOES_NOT_BALANCE, theme.danger())
    };
    Line::from(vec![
        Span::raw(format!(
            "  {:<10} {:>9} {:>10} {:>9} {:>11} {:>9}  ",
            r.value.format_dk(),
            r.received,
            r.handed_out,
            r.voided,
            r.lost,
            r.on_hand
        )),
        styled(mark, style),
    ])
}

fn entry_row(state: &LedgerState, e: &LedgerEntry, selected: bool, note_width: usize, theme: &Theme) -> Line<'static> {
    let b = base(selected, theme);
    let case = match &e.kind {
        LedgerEntryKind::HandedOut { citizen_ref, .. } => citizen_ref.as_str(),
        _ => "",
    };
    let mut note = match &e.kind {
        LedgerEntryKind::Voided { reason } | LedgerEntryKind::Lost { reason } => reason.clone(),
        LedgerEntryKind::Correction { reason, .. } => reason.clone(),
        LedgerEntryKind::HandedOut { earned_by_session: None, .. } => "uden mødegang".to_string(),
        _ => String::new(),
    };
    let corrected = state.ledger.corrected_by(e.id);
    if let Some(by) = corrected {
        note = format!("{} AF {by} {note}", text::groups::CORRECTED);
    }
    let style = if corrected.is_some() { theme.dim() } else { theme.text() };
    Line::from(styled(
        format!(
            "{}{:>4} {} {:<14} {:<10} {:>7} {:>4} {:<7} {}",
            pointer(selected),
            e.id,
            format_date_dk(e.date),
            fit(&text::groups::ledger_kind(&e.kind), 14),
            fit(&e.serial, 10),
            e.value.format_number_dk(),
            case,
            fit(&e.actor, 7),
            fit(&note, note_width)
        ),
        b.patch(style),
    ))
}
