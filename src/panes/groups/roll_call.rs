//! A session's roll call: each member marked attended, cancelled or
//! no-show, the card a mark earns shown at once, and the serial of the card
//! handed out typed on its line. Nothing is written until Enter saves the
//! whole roll call, marks and cards, in one transaction.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::common::{
    across, frame_block, head_and_table, inner, list_rows, move_cursor, not_loaded, open_failed, table, warn,
};
use super::{GroupsView, Step};
use crate::app::list_cursor::ListCursor;
use crate::app::{Action, Shell, StatusKind};
use crate::domain::dates::{format_date_dk, format_time};
use crate::domain::group::groups::{GroupKind, GroupProblem};
use crate::domain::group::ledger::Ledger;
use crate::domain::group::move_cards::Attendance;
use crate::domain::group::roll_call::{LineCard, LinePreview, RollEntry, check_line_serial, check_roll_call, preview};
use crate::store::{Opened, RollCallData};
use crate::text;
use crate::ui::widgets::{Column, TableCell};
use crate::ui::{Theme, styled};

#[derive(Debug, Clone)]
pub struct RollCallState {
    pub data: RollCallData,
    pub marks: Vec<Option<Attendance>>,
    /// The serial typed and accepted on each line.
    pub serials: Vec<Option<String>>,
    pub previews: Vec<LinePreview>,
    /// A problem on each line, in Danish.
    pub errors: Vec<Option<String>>,
    /// On the rows on screen ([`RollCallState::screen_rows`]): a member's
    /// line, and under a line with a problem, the problem.
    pub cursor: ListCursor,
    /// The serial being typed on the selected line.
    pub editing: Option<String>,
    /// The ledger as it was when the roll call opened, for the checks
    /// while typing (the save checks the file again).
    pub ledger: Ledger,
    pub banner: Option<String>,
    /// The trail's mark when the roll call was read: a colleague's roll
    /// call saved after it is not written over.
    pub opened: Opened,
}

/// A row of the roll call on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollRow {
    /// The line of member `i`.
    Line(usize),
    /// The problem under member `i`'s line.
    Problem(usize),
}

impl RollCallState {
    /// Whether anything differs from what is stored.
    pub fn is_dirty(&self) -> bool {
        self.serials.iter().any(Option::is_some)
            || self.data.lines.iter().zip(&self.marks).any(|((m, _), mark)| m.stored.map(|(_, a)| a) != *mark)
    }

    pub fn marked(&self) -> usize {
        self.marks.iter().filter(|m| m.is_some()).count()
    }

    /// The rows on screen: each member's line, and the problem under it.
    pub fn screen_rows(&self) -> Vec<RollRow> {
        let mut rows = Vec::with_capacity(self.errors.len());
        for (i, error) in self.errors.iter().enumerate() {
            rows.push(RollRow::Line(i));
            if error.is_some() {
                rows.push(RollRow::Problem(i));
            }
        }
        rows
    }

    /// The member whose line is selected (the cursor never rests on a
    /// problem).
    pub fn selected(&self) -> usize {
        let rows = self.screen_rows();
        match self.cursor.selection(rows.len()).map(|at| rows[at]) {
            Some(RollRow::Line(i) | RollRow::Problem(i)) => i,
            None => 0,
        }
    }

    /// Puts the cursor on member `i`'s line, with its problem in view under
    /// it; after the problems changed, on the line it was on.
    fn select(&mut self, i: usize, rows: usize) {
        let screen = self.screen_rows();
        let Some(at) = screen.iter().position(|r| *r == RollRow::Line(i)) else { return };
        if self.errors[i].is_some() {
            self.cursor.select(at + 1, screen.len(), rows);
        }
        self.cursor.select(at, screen.len(), rows);
    }
}

/// Opens the roll call of a session that has been held or is held today.
pub(super) fn open(sh: &mut Shell, session_id: i64) -> Step {
    let loaded = sh.store.opened().and_then(|opened| Ok((sh.store.roll_call(session_id)?, sh.store.ledger()?, opened)));
    let (data, ledger, opened) = match loaded {
        Ok(loaded) => loaded,
        Err(e) => return open_failed(sh, not_loaded(text::groups::ROLL_NOT_LOADED, e)),
    };
    let session = &data.session;
    if session.is_cancelled() {
        return warn(sh, &text::groups::group_problem(&GroupProblem::SessionCancelled));
    }
    if session.date > sh.today {
        return warn(sh, &text::groups::group_problem(&GroupProblem::InFuture));
    }
    let marks: Vec<Option<Attendance>> = data.lines.iter().map(|(m, _)| m.stored.map(|(_, a)| a)).collect();
    let previews = data
        .lines
        .iter()
        .zip(&marks)
        .map(|((m, _), mark)| preview(m, session, *mark, &ledger, &sh.profile.move_cards))
        .collect();
    let n = data.lines.len();
    Step::open(GroupsView::RollCall(RollCallState {
        data,
        marks,
        serials: vec![None; n],
        previews,
        errors: vec![None; n],
        cursor: ListCursor::new(),
        editing: None,
        ledger,
        banner: None,
        opened,
    }))
}

pub(super) fn update(roll: &mut RollCallState, sh: &mut Shell, action: Action) -> Step {
    if roll.editing.is_some() {
        update_serial(roll, sh, action);
        return Step::Stay;
    }
    let screen = roll.screen_rows();
    let problem = |row: usize| matches!(screen[row], RollRow::Problem(_));
    if move_cursor(&mut roll.cursor, action, screen.len(), rows(sh), problem) {
        return Step::Stay;
    }
    match action {
        Action::MarkAttended => mark(roll, sh, Attendance::Attended),
        Action::MarkCancelled => mark(roll, sh, Attendance::Cancelled),
        Action::MarkNoShow => mark(roll, sh, Attendance::NoShow),
        Action::EnterSerial => start_serial(roll, sh),
        Action::Submit => return save(roll, sh),
        Action::Cancel | Action::Close => {
            return Step::Back(roll.is_dirty().then(|| text::groups::ROLL_DISCARDED.to_string()));
        }
        _ => {}
    }
    Step::Stay
}

/// Marks the selected line and moves on to the next.
fn mark(roll: &mut RollCallState, sh: &mut Shell, mark: Attendance) {
    let i = roll.selected();
    let Some((member, _)) = roll.data.lines.get(i) else { return };
    roll.marks[i] = Some(mark);
    roll.previews[i] = preview(member, &roll.data.session, Some(mark), &roll.ledger, &sh.profile.move_cards);
    roll.errors[i] = None;
    // A serial typed for a card the new mark no longer earns goes.
    let dropped = roll.serials[i].is_some() && !roll.previews[i].earns_unpaid_card();
    if dropped {
        roll.serials[i] = None;
    }
    roll.select(if i + 1 < roll.marks.len() { i + 1 } else { i }, rows(sh));
    if dropped {
        sh.set_status(StatusKind::Warning, text::groups::SERIAL_DROPPED);
    } else {
        sh.status = None;
    }
}

fn start_serial(roll: &mut RollCallState, sh: &mut Shell) {
    let i = roll.selected();
    match roll.previews.get(i).map(|p| &p.card) {
        Some(LineCard::Earned { .. }) => roll.editing = Some(roll.serials[i].clone().unwrap_or_default()),
        Some(LineCard::HandedOut { serial, .. }) | Some(LineCard::ToResolve { serial }) => {
            let message = text::groups::group_problem(&GroupProblem::AlreadyHandedOut { serial: serial.clone() });
            sh.set_status(StatusKind::Warning, message);
        }
        _ => sh.set_status(StatusKind::Warning, text::groups::group_problem(&GroupProblem::NotEarned)),
    }
}

/// A key while a serial is typed on the selected line: Enter checks it
/// against the stock and the other lines, Esc drops it.
fn update_serial(roll: &mut RollCallState, sh: &mut Shell, action: Action) {
    let i = roll.selected();
    match action {
        Action::Cancel => roll.editing = None,
        Action::Backspace => {
            if let Some(s) = &mut roll.editing {
                s.pop();
            }
        }
        Action::Submit => {
            let typed = roll.editing.clone().unwrap_or_default();
            let others: Vec<&str> =
                roll.serials.iter().enumerate().filter(|(j, _)| *j != i).filter_map(|(_, s)| s.as_deref()).collect();
            match check_line_serial(&roll.previews[i], &typed, &others, &roll.ledger, &sh.profile.move_cards) {
                Ok(serial) => {
                    roll.serials[i] = Some(serial);
                    roll.errors[i] = None;
                    roll.editing = None;
                    sh.status = None;
                }
                Err(p) => {
                    let message = text::groups::group_problem(&p);
                    roll.errors[i] = Some(message.clone());
                    sh.set_status(StatusKind::Error, message);
                }
            }
            roll.select(i, rows(sh));
        }
        _ => {}
    }
}

/// Typed text on a roll-call line goes into the serial being typed.
/// Returns whether a serial is being typed (and so took the key).
pub(super) fn type_serial(roll: &mut RollCallState, c: char) -> bool {
    let Some(s) = &mut roll.editing else { return false };
    if !c.is_control() && s.chars().count() < 40 {
        s.push(c);
    }
    true
}

/// Saves the roll call: the domain checks every line first, and a problem
/// stays on its line with the marks kept; the store checks again and writes
/// marks and cards in one transaction.
fn save(roll: &mut RollCallState, sh: &mut Shell) -> Step {
    let settings = &sh.profile.move_cards;
    let entries: Vec<RollEntry> = roll
        .data
        .lines
        .iter()
        .enumerate()
        .map(|(i, (m, _))| RollEntry { case_id: m.case_id, mark: roll.marks[i], serial: roll.serials[i].clone() })
        .collect();
    let at = roll.selected();
    roll.errors.iter_mut().for_each(|e| *e = None);
    roll.banner = None;
    if let Err(problems) =
        check_roll_call(&roll.data.session, sh.today, &entries, &roll.previews, &roll.ledger, settings)
    {
        let mut whole = Vec::new();
        for (line, p) in &problems {
            match line {
                Some(i) if *i < roll.errors.len() => roll.errors[*i] = Some(text::groups::group_problem(p)),
                _ => whole.push(text::groups::group_problem(p)),
            }
        }
        // The first line with a problem is selected.
        let first = problems.iter().find_map(|(l, _)| *l).filter(|l| *l < roll.errors.len());
        roll.select(first.unwrap_or(at), rows(sh));
        let message = if whole.is_empty() { text::groups::ROLL_NOT_SAVED.to_string() } else { whole.join(" ") };
        roll.banner = Some(message.clone());
        sh.set_status(StatusKind::Error, message);
        return Step::Stay;
    }
    match sh.store.save_roll_call(roll.data.session.id, &entries, sh.today, &sh.profile.move_cards, roll.opened) {
        Ok(saved) => {
            let mut message = format!("{} {} markeringer", text::groups::ROLL_SAVED, saved.marked);
            if saved.changed > 0 {
                message.push_str(&format!(", {} rettet", saved.changed));
            }
            if !saved.handed_out.is_empty() {
                message.push_str(&format!("; gavekort udleveret: {}", saved.handed_out.join(", ")));
            }
            message.push('.');
            Step::Back(Some(message))
        }
        Err(e) => {
            let message = format!("{} {e}", text::SAVE_FAILED);
            roll.banner = Some(message.clone());
            sh.set_status(StatusKind::Error, message);
            Step::Stay
        }
    }
}

// ---- drawing -----------------------------------------------------------------

/// A roll call's columns: the card a mark earns (KORT 2 OPTJENT, AFKLARES)
/// keeps its room longest. An anonymous (§101a) group's lines show the
/// pseudonym only, not even the case number; only a MOVE group's lines
/// have cards.
fn columns(kind: GroupKind) -> Vec<Column> {
    let mut columns = vec![Column::new(text::groups::COL_MEMBER, 18, 30).priority(6)];
    if !kind.is_anonymous() {
        columns.push(Column::fixed(text::intake::COL_CASE, 5).priority(5));
    }
    columns.push(Column::fixed(text::groups::COL_MARK, 10).priority(8));
    if kind.counts_for_move() {
        columns.push(Column::new(text::groups::COL_MOVE, 28, 60).priority(9).fill());
    }
    columns
}

/// The rows the roll call shows at the shell's last screen size.
fn rows(sh: &Shell) -> usize {
    list_rows(&columns(GroupKind::Move), head_and_table(inner(sh), 1)[1])
}

pub(super) fn draw(frame: &mut Frame, area: Rect, roll: &RollCallState, sh: &Shell, theme: &Theme) {
    let g = &roll.data.group;
    let se = &roll.data.session;
    let inner = frame_block(
        frame,
        area,
        format!(
            " {} · {} · {} {} kl. {} · {} ",
            text::groups::ROLL_TITLE,
            g.name,
            text::groups::weekday_short(se.date.weekday()),
            format_date_dk(se.date),
            format_time(se.time),
            se.place
        ),
    );
    let [header, list] = head_and_table(inner, 1);
    let earned = roll.previews.iter().filter(|p| matches!(p.card, LineCard::Earned { .. })).count();
    let header_line = match &roll.banner {
        Some(b) => Line::from(styled(b.clone(), theme.danger())),
        None => {
            let mut spans = vec![Span::raw(format!("{} deltagere · {} markeret", roll.marks.len(), roll.marked()))];
            if g.kind.counts_for_move() {
                spans.push(Span::raw(format!(" · {earned} kort optjent · {} på lager", roll.ledger.on_hand().len())));
            }
            if roll.is_dirty() {
                spans.push(styled(" · IKKE GEMT", theme.warning()));
            }
            Line::from(spans)
        }
    };
    frame.render_widget(Paragraph::new(header_line), header);
    let columns = columns(g.kind);
    let screen = roll.screen_rows();
    let selected = roll.selected();
    let table = table(&columns, text::groups::ROLL_EMPTY, theme);
    table.render(frame, list, &roll.cursor, screen.len(), |row| match screen[row] {
        RollRow::Line(i) => line_cells(roll, i, i == selected, sh, theme),
        RollRow::Problem(_) => Vec::new(),
    });
    // A line's problem under it, across the columns.
    for (row, r) in screen.iter().enumerate() {
        if let RollRow::Problem(i) = r {
            let e = roll.errors[*i].clone().unwrap_or_default();
            let line = Line::from(styled(format!("    ! {e}"), theme.danger()));
            across(frame, &table, list, &roll.cursor, screen.len(), row, line);
        }
    }
}

fn line_cells(roll: &RollCallState, i: usize, selected: bool, sh: &Shell, theme: &Theme) -> Vec<TableCell> {
    let g = &roll.data.group;
    let (member, name) = &roll.data.lines[i];
    let mark = roll.marks[i];
    let mark_style = match mark {
        Some(Attendance::Attended) => theme.good(),
        Some(Attendance::NoShow) => theme.danger(),
        _ => theme.text(),
    };
    let changed = member.stored.is_some_and(|(_, a)| Some(a) != mark);
    let mark_text =
        if changed { format!("{}*", text::groups::mark(mark)) } else { text::groups::mark(mark).to_string() };
    let mut cells = vec![TableCell::from(name.as_str())];
    if !g.kind.is_anonymous() {
        cells.push(TableCell::from(member.case_id.to_string()));
    }
    cells.push(TableCell::new(mark_text, mark_style));
    if g.kind.counts_for_move() {
        let (card, card_style) = line_card(roll, i, selected, sh, theme);
        cells.push(TableCell::new(card, card_style));
    }
    cells
}

/// The MOVE column of a roll-call line: the card the mark earns (and its
/// serial), or why the session earns none.
fn line_card(roll: &RollCallState, i: usize, selected: bool, sh: &Shell, theme: &Theme) -> (String, Style) {
    let settings = &sh.profile.move_cards;
    let p = &roll.previews[i];
    let mut extra = String::new();
    if p.newly_flagged > 0 {
        extra = format!(" · {} ANDET KORT {}", p.newly_flagged, text::groups::TO_RESOLVE);
    }
    let (s, style) = match &p.card {
        LineCard::NoCourse => {
            if roll.data.group.kind.counts_for_move() {
                ("intet MOVE-forløb".to_string(), theme.dim())
            } else {
                (String::new(), theme.text())
            }
        }
        // An unmarked line says nothing yet.
        LineCard::NoCard(_) if roll.marks[i].is_none() => (String::new(), theme.text()),
        LineCard::NoCard(o) => (text::groups::outcome(*o, settings), theme.dim()),
        LineCard::Earned { card_number } => match (&roll.editing, &roll.serials[i]) {
            (Some(typed), _) if selected => {
                (format!("KORT {card_number} · {}{typed}▏", text::groups::SERIAL_PROMPT), theme.accent())
            }
            (_, Some(serial)) => (format!("KORT {card_number}: {serial} UDLEVERES"), theme.good()),
            _ => (format!("KORT {card_number} {} · s: serienr.", text::groups::EARNED), theme.warning()),
        },
        LineCard::HandedOut { card_number, serial } => {
            (format!("kort {card_number} udleveret: {serial}"), theme.good())
        }
        LineCard::ToResolve { serial } => {
            (format!("IKKE OPTJENT: {serial} {}", text::groups::TO_RESOLVE), theme.danger())
        }
    };
    (format!("{s}{extra}"), style)
}
