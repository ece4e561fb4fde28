//! The gift-card ledger: every entry, append-only, and the reconciliation
//! per card value. Its forms record cards received, voided or lost, and
//! correct an entry (the correction is a new entry; the entry stays).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::common::{frame_block, inner, list_rows, not_loaded, open_failed, table, warn};
use super::forms::{Made, Saved, Submitted, at_fields, refused_at, settle};
use super::{CardSummary, GroupsForm, GroupsView, Step};
use crate::app::form::{Field, Form};
use crate::app::form_host::{self, ActiveForm};
use crate::app::list_cursor::ListCursor;
use crate::app::{Action, Shell, StatusKind};
use crate::domain::dates::format_date_dk;
use crate::domain::group::Ore;
use crate::domain::group::ledger::{Ledger, LedgerEntry, LedgerEntryKind, Reconciliation};
use crate::domain::group::stock::{Removal, StockField, StockOp, parse_correction, parse_receipt, parse_removal};
use crate::store::Opened;
use crate::text;
use crate::ui::widgets::table::POINTER;
use crate::ui::widgets::{Column, TableCell, column_widths, fit_width};
use crate::ui::{Theme, styled};

#[derive(Debug, Clone)]
pub struct LedgerState {
    /// The ledger as read with the view, for the forms' checks (the store
    /// checks the file again when it writes).
    pub ledger: Ledger,
    pub reconciliation: Vec<Reconciliation>,
    /// On the ledger's entries.
    pub cursor: ListCursor,
    /// The trail's mark when the ledger was read: a card or an entry a
    /// colleague changes after it is refused naming them.
    pub opened: Opened,
}

impl LedgerState {
    /// The view of `ledger`, on the newest entry.
    fn new(ledger: Ledger, opened: Opened, sh: &Shell) -> LedgerState {
        let reconciliation = ledger.reconciliation();
        let mut state = LedgerState { ledger, reconciliation, cursor: ListCursor::new(), opened };
        state.cursor.end(state.ledger.len(), rows(&state, sh));
        state
    }

    /// Reads the ledger again, keeping the selected entry, or selecting the
    /// last entry a form just added.
    pub(super) fn reload(&mut self, sh: &Shell, made: Option<Made>) -> Result<(), String> {
        let read = sh.store.opened().and_then(|opened| Ok((sh.store.ledger()?, opened)));
        let (ledger, opened) = read.map_err(|e| not_loaded(text::groups::LEDGER_NOT_LOADED, e))?;
        self.opened = opened;
        let cursor = self.cursor;
        self.reconciliation = ledger.reconciliation();
        self.ledger = ledger;
        self.cursor = cursor;
        let (len, rows) = (self.ledger.len(), rows(self, sh));
        match made {
            Some(Made::LedgerEntry(id)) => match self.ledger.entries().iter().position(|e| e.id == id) {
                Some(at) => self.cursor.select(at, len, rows),
                None => self.cursor.clamp(len, rows),
            },
            _ => self.cursor.clamp(len, rows),
        }
        Ok(())
    }

    pub fn selected_entry(&self) -> Option<&LedgerEntry> {
        self.cursor.selection(self.ledger.len()).map(|i| &self.ledger.entries()[i])
    }
}

pub(super) fn open(sh: &mut Shell) -> Step {
    match sh.store.opened().and_then(|opened| Ok((sh.store.ledger()?, opened))) {
        Ok((ledger, opened)) => Step::open(GroupsView::Ledger(LedgerState::new(ledger, opened, sh))),
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
    if state.cursor.apply(action, state.ledger.len(), rows(state, sh)) {
        return Step::Stay;
    }
    match action {
        Action::Close => Step::Back(None),
        Action::ReceiveCards => receive_form(sh),
        Action::VoidCard => removal_form(sh, Removal::Void),
        Action::LoseCard => removal_form(sh, Removal::Lose),
        Action::CorrectEntry => match state.selected_entry() {
            Some(entry) => correction_form(&state.ledger, entry, sh),
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
    Field::text(StockField::Date, text::intake::F_DATE, &format_date_dk(sh.today)).with_hint(text::intake::HINT_DATE)
}

fn receive_form(sh: &Shell) -> Step {
    let value = sh.profile.move_cards.card_value.format_number_dk();
    let fields = vec![
        Field::text(StockField::Serial, text::groups::F_SERIAL_FROM, ""),
        Field::text(StockField::To, text::groups::F_SERIAL_TO, "").with_hint(text::groups::HINT_SERIAL_TO),
        Field::text(StockField::Value, text::groups::F_VALUE, &value),
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
        Field::text(StockField::Serial, text::groups::F_SERIAL, ""),
        Field::text(StockField::Reason, text::intake::F_REASON, ""),
        date_field(sh),
    ];
    form(title, fields, LedgerForm::RemoveCard { kind })
}

fn correction_form(ledger: &Ledger, entry: &LedgerEntry, sh: &Shell) -> Step {
    let title = format!(
        "{} {} · {} {}",
        text::groups::CORRECT_ENTRY_TITLE,
        entry.id,
        text::groups::ledger_kind(&entry.kind),
        entry.serial
    );
    let mut fields = Vec::new();
    // A card received in a range: the whole range is one correction, as it
    // was one receipt (the first option), or only this card.
    let batch: Vec<&LedgerEntry> = ledger.receipt_batch(entry.id).iter().filter_map(|id| ledger.entry(*id)).collect();
    if let (Some(first), Some(last)) = (batch.first(), batch.last())
        && batch.len() > 1
    {
        let options = vec![
            text::groups::correct_whole_receipt(&first.serial, &last.serial, batch.len()),
            text::groups::correct_only_card(&entry.serial),
        ];
        fields.push(Field::choice(StockField::Scope, text::groups::F_CORRECTION_SCOPE, options, 0));
    }
    fields.push(Field::text(StockField::Reason, text::intake::F_REASON, "").with_hint(text::groups::HINT_CORRECTION));
    fields.push(date_field(sh));
    form(&title, fields, LedgerForm::CorrectEntry { entry: entry.id })
}

// ---- the forms: submitting ---------------------------------------------------

/// Saves the form's draft, or shows on the form why not. Cards received at
/// another value than the profile's card value are shown first (a value
/// typed wrong would put money in the books that never was): Enter again
/// on the same draft saves them.
pub(super) fn submit(
    purpose: LedgerForm,
    state: &LedgerState,
    sh: &mut Shell,
    active: &mut ActiveForm<GroupsForm>,
) -> Option<Saved> {
    if purpose == LedgerForm::ReceiveCards
        && let Some(warning) = unusual_value(state, sh, &active.form)
        && !form_host::confirmed(active, &warning)
    {
        sh.set_status(StatusKind::Warning, warning);
        return None;
    }
    let form = &mut active.form;
    let submitted = match purpose {
        LedgerForm::ReceiveCards => submit_receipt(state, sh, form),
        LedgerForm::RemoveCard { kind } => submit_removal(state, kind, sh, form),
        LedgerForm::CorrectEntry { entry } => submit_correction(state, entry, sh, form),
    };
    settle(submitted, form, sh)
}

/// The warning for a receipt the ledger would take at a value other than
/// the profile's card value; `None` for the usual value, or a draft the
/// rules refuse anyway (its problems come first).
fn unusual_value(state: &LedgerState, sh: &Shell, form: &Form) -> Option<String> {
    use StockField as F;
    let (op, _) = parse_receipt(
        &state.ledger,
        &form.text(F::Serial),
        &form.text(F::To),
        &form.text(F::Value),
        &form.text(F::Date),
        sh.today,
    )
    .ok()?;
    let (value, cards) = op.received()?;
    let usual = sh.profile.move_cards.card_value;
    (value != usual).then(|| text::groups::unusual_card_value(value, usual, cards))
}

fn submit_receipt(state: &LedgerState, sh: &mut Shell, form: &Form) -> Submitted<StockField> {
    use StockField as F;
    let (op, date) = parse_receipt(
        &state.ledger,
        &form.text(F::Serial),
        &form.text(F::To),
        &form.text(F::Value),
        &form.text(F::Date),
        sh.today,
    )
    .map_err(at_fields)?;
    record(state, sh, &op, date, F::Serial)
}

fn submit_removal(state: &LedgerState, kind: Removal, sh: &mut Shell, form: &Form) -> Submitted<StockField> {
    use StockField as F;
    let (op, date) =
        parse_removal(&state.ledger, kind, &form.text(F::Serial), &form.text(F::Reason), &form.text(F::Date), sh.today)
            .map_err(at_fields)?;
    record(state, sh, &op, date, F::Serial)
}

fn submit_correction(state: &LedgerState, entry: u64, sh: &mut Shell, form: &Form) -> Submitted<StockField> {
    use StockField as F;
    // Without the choice (a single card) there is only the entry itself.
    let whole = form.field(F::Scope).is_some() && form.choice(F::Scope) == 0;
    let (op, date) =
        parse_correction(&state.ledger, entry, whole, &form.text(F::Reason), &form.text(F::Date), sh.today)
            .map_err(at_fields)?;
    record(state, sh, &op, date, F::Reason)
}

/// Writes a checked stock operation and says what it added. The ledger's
/// refusal in the write is shown at `field`; a card or an entry a colleague
/// changed since the ledger was read is a conflict naming them.
fn record(
    state: &LedgerState,
    sh: &mut Shell,
    op: &StockOp,
    date: chrono::NaiveDate,
    field: StockField,
) -> Submitted<StockField> {
    let added = sh.store.record_stock_since(op, date, state.opened).map_err(refused_at(field))?;
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

// ---- drawing -----------------------------------------------------------------

/// The reconciliation's columns, one row per card value: whether it
/// balances (STEMMER IKKE) keeps its room longest.
const RECONCILIATION: [Column; 7] = [
    Column::new(text::groups::COL_VALUE, 10, 12).priority(7),
    Column::fixed(text::groups::COL_RECEIVED, 8).priority(5).right(),
    Column::fixed(text::groups::COL_HANDED_OUT, 9).priority(5).right(),
    Column::fixed(text::groups::COL_VOIDED, 8).priority(4).right(),
    Column::fixed(text::groups::COL_LOST, 10).priority(4).right(),
    Column::fixed(text::groups::COL_ON_HAND, 8).priority(6).right(),
    Column::new(text::groups::COL_BALANCE, 12, 14).priority(9).fill(),
];

/// The entries' columns: the note, which says what corrected an entry
/// (RETTET AF), keeps its room longest.
const ENTRIES: [Column; 8] = [
    Column::new(text::groups::COL_NO, 4, 6).priority(7).right(),
    Column::fixed(text::groups::COL_DATE, 10).priority(6),
    Column::new(text::groups::COL_EVENT, 14, 16).priority(5),
    Column::new(text::groups::COL_SERIAL, 9, 14).priority(8),
    Column::new(text::groups::COL_AMOUNT, 6, 8).priority(4).right(),
    Column::new(text::intake::COL_CASE, 3, 6).priority(3).right(),
    Column::new(text::groups::COL_BY, 6, 12).priority(2),
    Column::new(text::groups::COL_NOTE, 14, 60).priority(9).fill(),
];

/// The reconciliation (its titles and a row per card value), the line of
/// totals, and the entries' table under them.
fn areas(state: &LedgerState, inner: Rect) -> [Rect; 4] {
    let rec_rows = u16::try_from(state.reconciliation.len().max(1)).unwrap_or(u16::MAX);
    Layout::vertical([Constraint::Length(1), Constraint::Length(rec_rows), Constraint::Length(1), Constraint::Min(1)])
        .areas(inner)
}

/// The entries the view shows at the shell's last screen size.
fn rows(state: &LedgerState, sh: &Shell) -> usize {
    list_rows(&ENTRIES, areas(state, inner(sh))[3])
}

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &LedgerState, cards: CardSummary, theme: &Theme) {
    let inner = frame_block(frame, area, format!(" {} ", text::groups::LEDGER_TITLE));
    let [rec_title, rec_area, summary, list] = areas(state, inner);
    let recs = &state.reconciliation;
    // Not a list to move in: laid out as the tables are, under their pointer.
    let pointer = u16::try_from(POINTER.width()).unwrap_or(0);
    let widths = column_widths(&RECONCILIATION, inner.width.saturating_sub(pointer));
    let titles = RECONCILIATION.iter().map(|c| TableCell::new(c.title, theme.bold())).collect();
    frame.render_widget(Paragraph::new(columns_line(&RECONCILIATION, &widths, titles)), rec_title);
    let rec_lines: Vec<Line> = if recs.is_empty() {
        vec![Line::from(styled(format!("  {}", text::groups::LEDGER_EMPTY), theme.dim()))]
    } else {
        recs.iter().map(|r| columns_line(&RECONCILIATION, &widths, reconciliation_row(r, theme))).collect()
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
    let entries = state.ledger.entries();
    table(&ENTRIES, text::groups::LEDGER_EMPTY, theme)
        .render(frame, list, &state.cursor, entries.len(), |i| entry_row(state, &entries[i], theme));
}

/// One line of cells at `widths` (0: a column left out), each cut to its
/// column and aligned in it, after the pointer's room.
fn columns_line(columns: &[Column], widths: &[u16], cells: Vec<TableCell>) -> Line<'static> {
    let mut spans = vec![Span::raw(" ".repeat(POINTER.width()))];
    let mut first = true;
    for ((column, width), cell) in columns.iter().zip(widths).zip(cells) {
        if *width == 0 {
            continue;
        }
        if !first {
            spans.push(Span::raw(" "));
        }
        first = false;
        let text = fit_width(&cell.text, usize::from(*width));
        let pad = " ".repeat(usize::from(*width).saturating_sub(text.width()));
        let text = if column.right { format!("{pad}{text}") } else { format!("{text}{pad}") };
        spans.push(Span::styled(text, cell.style));
    }
    Line::from(spans)
}

fn reconciliation_row(r: &Reconciliation, theme: &Theme) -> Vec<TableCell> {
    let (mark, style) = if r.balances() {
        (text::groups::BALANCES, theme.good())
    } else {
        (text::groups::DOES_NOT_BALANCE, theme.danger())
    };
    vec![
        TableCell::from(r.value.format_dk()),
        TableCell::from(r.received.to_string()),
        TableCell::from(r.handed_out.to_string()),
        TableCell::from(r.voided.to_string()),
        TableCell::from(r.lost.to_string()),
        TableCell::from(r.on_hand.to_string()),
        TableCell::new(mark, style),
    ]
}

fn entry_row(state: &LedgerState, e: &LedgerEntry, theme: &Theme) -> Vec<TableCell> {
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
    // A corrected entry stands, dimmed; the note says what corrected it.
    let style = if corrected.is_some() { theme.dim() } else { theme.text() };
    [
        e.id.to_string(),
        format_date_dk(e.date),
        text::groups::ledger_kind(&e.kind),
        e.serial.clone(),
        e.value.format_number_dk(),
        case.to_string(),
        e.actor.clone(),
        note,
    ]
    .into_iter()
    .map(|text| TableCell::new(text, style))
    .collect()
}
