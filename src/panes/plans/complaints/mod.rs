//! Klager: the open complaints about decisions (domain.md 7.7), a list
//! opened over the board (`K`), the soonest forwarding deadline first, with
//! markers for a deadline passed or near and for a late complaint. A
//! complaint is registered on the board's selected case (`N`); its steps
//! (re-assessment, forwarding, Ankestyrelsen's result) are forms on the
//! list's selected complaint. The pane's stack holds the list's state.

pub(super) mod form;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::board::urgency;
use super::{PaneScreen, PlansPane};
use crate::app::{Action, Shell, StatusKind};
use crate::domain::complaint::{Complaint, StepKind, Urgency, sort_open};
use crate::domain::dates::{days_between, format_date_dk};
use crate::domain::intake::Case;
use crate::text;
use crate::ui::Theme;
use crate::ui::widgets::{Column, DataTable, ListCursor, TableCell};

/// One open complaint with its case as the viewer's list may show it.
#[derive(Debug, Clone)]
pub struct ComplaintEntry {
    pub case: Case,
    pub complaint: Complaint,
}

/// The list as loaded and its cursor.
#[derive(Debug, Clone, Default)]
pub struct ComplaintList {
    pub rows: Vec<ComplaintEntry>,
    pub cursor: ListCursor,
}

impl ComplaintList {
    pub fn selected(&self) -> Option<&ComplaintEntry> {
        self.cursor.selection(self.rows.len()).and_then(|i| self.rows.get(i))
    }

    /// Puts the rows in the list's order, keeping the selection on its
    /// complaint when it is still there.
    fn replace(&mut self, mut rows: Vec<ComplaintEntry>, view_rows: usize) {
        let kept = self.selected().map(|e| e.complaint.id);
        let mut complaints: Vec<Complaint> = rows.iter().map(|e| e.complaint.clone()).collect();
        sort_open(&mut complaints);
        let order: Vec<i64> = complaints.iter().map(|c| c.id).collect();
        rows.sort_by_key(|e| order.iter().position(|id| *id == e.complaint.id));
        self.rows = rows;
        match kept.and_then(|id| self.rows.iter().position(|e| e.complaint.id == id)) {
            Some(i) => self.cursor.select(i, self.rows.len(), view_rows),
            None => self.cursor.clamp(self.rows.len(), view_rows),
        }
    }
}

/// At 80 columns every column keeps its minimum and the markers with the
/// state get the rest (26: "OVERSKREDET, FOR SENT, genvurderes" is cut,
/// the markers first); narrower, the counsellor and the day received go
/// first. Wider, the markers grow first, then the name.
const COLUMNS: [Column; 7] = [
    Column::new(text::intake::COL_CASE, 4, 6).priority(7),
    Column::new(text::intake::COL_NAME, 10, 22).priority(6),
    Column::new(text::intake::COL_COUNSELLOR, 6, 10).priority(1),
    Column::fixed(text::complaints::COL_RECEIVED, 10).priority(2),
    Column::fixed(text::complaints::COL_FORWARD_BY, 10).priority(5),
    Column::fixed(text::intake::COL_DAYS, 4).priority(5).right(),
    Column::new(text::complaints::COL_STATE, 20, 50).priority(9).fill(),
];

impl PlansPane {
    /// The complaint list on screen, if it is.
    fn complaints_mut(&mut self) -> Option<&mut ComplaintList> {
        match self.stack.last_mut() {
            Some(PaneScreen::Complaints(list)) => Some(list),
            _ => None,
        }
    }

    /// Opens the complaint list over the board.
    pub(super) fn show_complaints(&mut self, sh: &mut Shell) {
        self.stack.push(PaneScreen::Complaints(ComplaintList::default()));
        if let Err(failed) = self.reload_complaints(sh) {
            sh.set_status(StatusKind::Error, failed);
        }
    }

    /// Reads the open complaints again, when their list is open.
    pub(super) fn reload_complaints(&mut self, sh: &Shell) -> Result<(), String> {
        let only_mine = self.only_mine;
        let Some(list) = self.stack.iter_mut().find_map(|s| match s {
            PaneScreen::Complaints(list) => Some(list),
            _ => None,
        }) else {
            return Ok(());
        };
        let rows = sh
            .store
            .viewer(only_mine)
            .and_then(|viewer| sh.store.open_complaints(&viewer))
            .map_err(|e| text::complaints::load_failed(&e))?;
        let rows = rows.into_iter().map(|(case, complaint)| ComplaintEntry { case, complaint }).collect();
        list.replace(rows, sh.list_rows);
        Ok(())
    }

    /// A key on the complaint list.
    pub(super) fn update_complaints(&mut self, action: Action, sh: &mut Shell) {
        let rows = sh.list_rows;
        let Some(list) = self.complaints_mut() else { return };
        if list.cursor.apply(action, list.rows.len(), rows) {
            return;
        }
        let selected = list.selected().map(|e| e.complaint.id);
        let step = match action {
            Action::ShowComplaints | Action::Close => {
                self.stack.pop();
                return;
            }
            Action::ToggleMine => {
                self.only_mine = !self.only_mine;
                let what = if self.only_mine { text::ONLY_MINE } else { text::ALL_CASES };
                self.reload_saying(sh, what);
                return;
            }
            Action::ComplaintReassess => StepKind::Reassess,
            Action::ComplaintForward => StepKind::Forward,
            Action::ComplaintResult => StepKind::Result,
            _ => return,
        };
        match selected {
            Some(id) => self.form = form::open_step(id, step, sh),
            None => sh.set_status(StatusKind::Warning, text::complaints::NO_COMPLAINT_SELECTED),
        }
    }

    /// A step saved: the form closes, the lists are read again.
    pub(super) fn complaint_saved(&mut self, sh: &mut Shell, message: String) {
        self.form = None;
        match self.reload_lists(sh) {
            Ok(()) => sh.set_status(StatusKind::Info, message),
            Err(failed) => sh.set_status(StatusKind::Error, format!("{message} {failed}")),
        }
    }

    /// The form for a new complaint on the board's selected case.
    pub(super) fn open_complaint_form(&mut self, sh: &mut Shell) {
        match self.selected_entry().map(|e| e.course.case.clone()) {
            Some(case) => self.form = form::open_new(&case, sh),
            None => sh.set_status(StatusKind::Warning, text::SELECT_CASE_FIRST),
        }
    }
}

/// The list in its frame: a summary line, the column titles and the rows.
pub(super) fn draw(frame: &mut Frame, area: Rect, list: &ComplaintList, pane: &PlansPane, sh: &Shell, theme: &Theme) {
    let mut title = format!(" {} · {} ", text::complaints::TITLE, sh.centre.name);
    if pane.only_mine {
        title.push_str("[kun mine] ");
    }
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [header, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let to_forward = list.rows.iter().filter(|e| e.complaint.awaits_forwarding()).count();
    let overdue = list.rows.iter().filter(|e| e.complaint.urgency(sh.today) == Urgency::Overdue).count();
    let style = if overdue > 0 { theme.danger() } else { theme.text() };
    let summary = text::complaints::summary(list.rows.len(), to_forward, overdue);
    frame.render_widget(Paragraph::new(Line::styled(summary, style)), header);
    let weeks = sh.profile.complaint.deadline_weeks;
    DataTable::new(&COLUMNS)
        .header_style(theme.bold())
        .selected_style(theme.selected())
        .empty(text::complaints::EMPTY, theme.dim())
        .render(frame, table, &list.cursor, list.rows.len(), |i| row(&list.rows[i], sh, weeks, theme));
}

fn row(e: &ComplaintEntry, sh: &Shell, weeks: u32, theme: &Theme) -> Vec<TableCell> {
    let c = &e.complaint;
    let urgent = c.urgency(sh.today);
    let (forward_by, days, style) = if c.awaits_forwarding() {
        let left = days_between(sh.today, c.forwarding_deadline());
        (format_date_dk(c.forwarding_deadline()), left.to_string(), urgency(left, theme))
    } else {
        ("–".to_string(), String::new(), theme.dim())
    };
    let markers = text::complaints::markers(c, urgent, weeks);
    let marker_style = match urgent {
        Urgency::Overdue => theme.danger(),
        Urgency::Soon => theme.warning(),
        _ if c.is_late(weeks) => theme.warning(),
        _ => theme.text(),
    };
    vec![
        TableCell::from(e.case.id.to_string()),
        TableCell::from(e.case.identity.display_name()),
        TableCell::from(e.case.counsellor.as_str()),
        TableCell::from(format_date_dk(c.received_on)),
        TableCell::new(forward_by, style),
        TableCell::new(days, style),
        TableCell::new(markers, marker_style),
    ]
}
