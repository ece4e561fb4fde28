//! A session's roll call: each member marked attended, cancelled or
//! no-show, the card a mark earns shown at once, and the serial of the card
//! handed out typed on its line. Nothing is written until Enter saves the
//! whole roll call, marks and cards, in one transaction.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::common::{base, frame_block, move_selection, not_loaded, offset, open_failed, pointer, warn};
use super::{GroupsView, Step};
use crate::app::{Action, Shell, StatusKind};
use crate::domain::dates::{format_date_dk, format_time};
use crate::domain::group::groups::GroupProblem;
use crate::domain::group::ledger::Ledger;
use crate::domain::group::move_cards::Attendance;
use crate::domain::group::roll_call::{LineCard, LinePreview, RollEntry, check_line_serial, check_roll_call, preview};
use crate::store::RollCallData;
use crate::text;
use crate::ui::{Theme, fit, styled};

#[derive(Debug, Clone)]
pub struct RollCallState {
    pub data: RollCallData,
    pub marks: Vec<Option<Attendance>>,
    /// The serial typed and accepted on each line.
    pub serials: Vec<Option<String>>,
    pub previews: Vec<LinePreview>,
    /// A problem on each line, in Danish.
    pub errors: Vec<Option<String>>,
    pub selected: usize,
    /// The serial being typed on the selected line.
    pub editing: Option<String>,
    /// The ledger as it was when the roll call opened, for the checks
    /// while typing (the save checks the file again).
    pub ledger: Ledger,
    pub banner: Option<String>,
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
}

/// Opens the roll call of a session that has been held or is held today.
pub(super) fn open(sh: &mut Shell, session_id: i64) -> Step {
    let loaded = sh.store.roll_call(session_id).and_then(|data| Ok((data, sh.store.ledger()?)));
    let (data, ledger) = match loaded {
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
        selected: 0,
        editing: None,
        ledger,
        banner: None,
    }))
}

pub(super) fn update(roll: &mut RollCallState, sh: &mut Shell, action: Action) -> Step {
    if roll.editing.is_some() {
        update_serial(roll, sh, action);
        return Step::Stay;
    }
    if move_selection(&mut roll.selected, roll.marks.len(), action, sh) {
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
    let i = roll.selected;
    let Some((member, _)) = roll.data.lines.get(i) else { return };
    roll.marks[i] = Some(mark);
    roll.previews[i] = preview(member, &roll.data.session, Some(mark), &roll.ledger, &sh.profile.move_cards);
    roll.errors[i] = None;
    // A serial typed for a card the new mark no longer earns goes.
    let dropped = roll.serials[i].is_some() && !roll.previews[i].earns_unpaid_card();
    if dropped {
        roll.serials[i] = None;
    }
    if i + 1 < roll.marks.len() {
        roll.selected = i + 1;
    }
    if dropped {
        sh.set_status(StatusKind::Warning, text::groups::SERIAL_DROPPED);
    } else {
        sh.status = None;
    }
}

fn start_serial(roll: &mut RollCallState, sh: &mut Shell) {
    let i = roll.selected;
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
    let i = roll.selected;
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
        if let Some(first) = problems.iter().find_map(|(l, _)| *l) {
            roll.selected = first;
        }
        let message = if whole.is_empty() { text::groups::ROLL_NOT_SAVED.to_string() } else { whole.join(" ") };
        roll.banner = Some(message.clone());
        sh.set_status(StatusKind::Error, message);
        return Step::Stay;
    }
    match sh.store.save_roll_call(roll.data.session.id, &entries, sh.today, &sh.profile.move_cards) {
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

const W_NAME: usize = 20;
const W_CASE: usize = 5;
const W_MARK: usize = 10;

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
    let [header, columns, list] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(1)]).areas(inner);
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
    // §101a: pseudonyms only, so not even the case number on the line.
    let anonymous = g.kind.is_anonymous();
    let case_col = if anonymous { String::new() } else { format!("{:<W_CASE$} ", text::intake::COL_CASE) };
    let card_col = if g.kind.counts_for_move() { text::groups::COL_MOVE } else { "" };
    let titles =
        format!("  {:<W_NAME$} {case_col}{:<W_MARK$} {card_col}", text::groups::COL_MEMBER, text::groups::COL_MARK);
    frame.render_widget(Paragraph::new(styled(titles, theme.bold())), columns);
    if roll.data.lines.is_empty() {
        frame.render_widget(Paragraph::new(styled(text::groups::ROLL_EMPTY, theme.dim())), list);
        return;
    }
    // Each member is one row, plus a row under it for its problem.
    let mut rows: Vec<(usize, bool)> = Vec::new();
    for i in 0..roll.data.lines.len() {
        rows.push((i, false));
        if roll.errors[i].is_some() {
            rows.push((i, true));
        }
    }
    let at = rows.iter().position(|r| *r == (roll.selected, false)).unwrap_or(0);
    let height = list.height as usize;
    let card_width =
        (list.width as usize).saturating_sub(2 + W_NAME + 1 + W_MARK + 1 + if anonymous { 0 } else { W_CASE + 1 });
    let lines: Vec<Line> = rows
        .iter()
        .skip(offset(at + usize::from(roll.errors[roll.selected].is_some()), height))
        .take(height)
        .map(|&(i, error_row)| {
            if error_row {
                let e = roll.errors[i].clone().unwrap_or_default();
                return Line::from(styled(format!("    ! {e}"), theme.danger()));
            }
            let selected = i == roll.selected;
            let b = base(selected, theme);
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
            let case = if anonymous { String::new() } else { format!("{:<W_CASE$} ", member.case_id) };
            let (card, card_style) = line_card(roll, i, selected, sh, theme);
            Line::from(vec![
                styled(format!("{}{:<W_NAME$} {case}", pointer(selected), fit(name, W_NAME)), b),
                styled(format!("{mark_text:<W_MARK$} "), b.patch(mark_style)),
                styled(fit(&card, card_width), b.patch(card_style)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

/// The MOVE column of a roll-call line: the card the mark earns (and its
/// serial), or why the session earns none.
fn line_card(roll: &RollCallState, i: usize, selected: bool, sh: &Shell, theme: &Theme) -> (String, Style) {
    let settings = &sh.profile.move_cards;
    let p = &roll.previews[i];
    let mut extra = String::new();
    if p.newly_flagged > 0 {
        extra = format!(" · {} ANDET KORT AFKLARES", p.newly_flagged);
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
            _ => (format!("KORT {card_number} OPTJENT · s: serienr."), theme.warning()),
        },
        LineCard::HandedOut { card_number, serial } => {
            (format!("kort {card_number} udleveret: {serial}"), theme.good())
        }
        LineCard::ToResolve { serial } => (format!("IKKE OPTJENT: {serial} AFKLARES"), theme.danger()),
    };
    (format!("{s}{extra}"), style)
}
