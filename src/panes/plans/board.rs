//! The board, the pane's base list: the courses in treatment with their
//! plans' deadlines, overdue first, and on request the courses ended in the
//! last 12 months. Its keys, and its drawing under the pane's frame.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{PaneScreen, PlansPane};
use crate::app::{Action, Shell, StatusKind};
use crate::domain::dates::format_date_dk;
use crate::domain::plan::{PlanEntry, PlanFlag};
use crate::text;
use crate::ui::widgets::{Column, DataTable, TableCell};
use crate::ui::{Theme, styled};

/// At 80 columns every column keeps its minimum and the markers get the
/// rest (more than the 17 the fixed layout left them); narrower, the
/// counsellor and then the start date go first, the markers last. Wider,
/// the markers grow first (to 50: at 120 columns two markers of an ended
/// course, 47, are whole), then a name to 22 and a counsellor to 10, and
/// the markers take what is left.
const COLUMNS: [Column; 7] = [
    Column::new(text::intake::COL_CASE, 5, 6).priority(7),
    Column::new(text::intake::COL_NAME, 14, 22).priority(6),
    Column::new(text::intake::COL_COUNSELLOR, 8, 10).priority(1),
    Column::fixed(text::plans::COL_START, 10).priority(2),
    Column::fixed(text::plans::COL_NEXT_REVISION, 10).priority(5),
    Column::fixed(text::intake::COL_DAYS, 4).priority(5).right(),
    Column::new(text::intake::COL_FLAGS, 19, 50).priority(9).fill(),
];

impl PlansPane {
    /// A key on the board (the list keys and the search are the pane's).
    pub(super) fn update_board(&mut self, action: Action, sh: &mut Shell) {
        match action {
            Action::CycleSort => {
                self.sort = self.sort.next();
                match self.reload_board(sh) {
                    Ok(()) => sh.set_status(StatusKind::Info, text::plans::sorted_by(self.sort)),
                    Err(e) => sh.set_status(StatusKind::Error, text::plans::lists_failed(&e)),
                }
            }
            Action::ToggleEnded => {
                self.show_ended = !self.show_ended;
                let what = if self.show_ended { text::plans::SHOWING_ENDED } else { text::plans::HIDING_ENDED };
                self.reload_saying(sh, what);
            }
            Action::ToggleFollowUps => {
                self.stack.push(PaneScreen::Calls);
                if let Err(failed) = self.reload_calls(sh) {
                    sh.set_status(StatusKind::Error, failed);
                }
            }
            Action::OpenPlan => match self.selected_entry().map(|e| e.course.case.id) {
                Some(id) => self.open_plan(sh, id),
                None => sh.set_status(StatusKind::Warning, text::SELECT_CASE_FIRST),
            },
            Action::NewPlan => self.open_plan_form(sh, false),
            Action::RevisePlan => self.open_plan_form(sh, true),
            Action::EndCourse => self.open_ending_form(sh),
            Action::ShowComplaints => self.show_complaints(sh),
            Action::NewComplaint => self.open_complaint_form(sh),
            _ => {}
        }
    }
}

/// Urgency by days left, repeating the text: overdue red, soon yellow.
pub(super) fn urgency(days_left: i64, theme: &Theme) -> Style {
    match days_left {
        d if d < 0 => theme.danger(),
        0..=14 => theme.warning(),
        _ => theme.text(),
    }
}

/// The summary line, the column titles and the rows in view.
pub(super) fn draw(frame: &mut Frame, area: Rect, pane: &PlansPane, theme: &Theme) {
    let [header, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let counts = &pane.summary;
    let (overdue, calls) = (counts.overdue, counts.calls_due);
    let summary = Line::from(vec![
        Span::raw(text::plans::summary_in_treatment(counts.in_treatment)),
        styled(text::plans::summary_overdue(overdue), if overdue > 0 { theme.danger() } else { theme.text() }),
        Span::raw(text::plans::summary_no_plan(counts.no_plan)),
        styled(text::plans::summary_calls_due(calls), if calls > 0 { theme.warning() } else { theme.text() }),
    ]);
    frame.render_widget(Paragraph::new(summary), header);

    let empty = if pane.search.trim().is_empty() { text::plans::PLANS_EMPTY } else { text::intake::QUEUE_NO_MATCH };
    DataTable::new(&COLUMNS)
        .header_style(theme.bold())
        .selected_style(theme.selected())
        .empty(empty, theme.dim())
        .render(frame, list, pane.board.cursor(), pane.board.len(), |i| {
            pane.board.row(i).map(|r| row(&r.entry, theme)).unwrap_or_default()
        });
}

fn row(e: &PlanEntry, theme: &Theme) -> Vec<TableCell> {
    let case = &e.course.case;
    let start = case.progress.treatment_started_on.map(format_date_dk).unwrap_or_default();
    let (next, days, next_style) = match (&e.course.ending, e.deadlines.revision) {
        // An ended course shows its end date here, marked AFSLUTTET.
        (Some(ending), _) => (format_date_dk(ending.ended_on), String::new(), theme.dim()),
        (None, Some(r)) => (format_date_dk(r.due), r.days_left.to_string(), urgency(r.days_left, theme)),
        (None, None) => ("–".to_string(), String::new(), theme.text()),
    };
    let markers: Vec<String> = e.flags.iter().map(|f| text::plans::plan_flag(*f, e)).collect();
    let marker_style = if e.deadlines.any_overdue() || e.flags.iter().any(|f| matches!(f, PlanFlag::NoPlan { .. })) {
        theme.danger()
    } else if e.course.ending.is_some() {
        theme.dim()
    } else {
        theme.warning()
    };
    vec![
        TableCell::from(case.id.to_string()),
        TableCell::from(case.identity.display_name()),
        TableCell::from(case.counsellor.as_str()),
        TableCell::from(start),
        TableCell::new(next, next_style),
        TableCell::new(days, next_style),
        TableCell::new(markers.join(", "), marker_style),
    ]
}
