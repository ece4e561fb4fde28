//! The open follow-up calls after ended courses, the most overdue first:
//! a list opened over the board. Its keys, and its drawing under the
//! pane's frame.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::PlansPane;
use super::board::urgency;
use crate::app::{Action, Shell, StatusKind};
use crate::domain::dates::format_date_dk;
use crate::domain::plan::CallEntry;
use crate::text;
use crate::ui::widgets::{Column, DataTable, TableCell};
use crate::ui::{Theme, styled};

/// At 80 columns every column keeps its minimum and the markers get the
/// rest, room for "OVERSKREDET, 1 forsøg" and the start of the ending.
/// Wider, they grow first (to 56: at 120 columns "OVERSKREDET, 2 forsøg,
/// afsl. 30.06.2025: Færdigbehandlet" is whole), then a name to 22 and a
/// counsellor to 10, and the markers take what is left.
const COLUMNS: [Column; 7] = [
    Column::new(text::intake::COL_CASE, 5, 6).priority(7),
    Column::new(text::intake::COL_NAME, 14, 22).priority(6),
    Column::new(text::intake::COL_COUNSELLOR, 8, 10).priority(1),
    Column::fixed(text::plans::COL_CALL, 6).priority(3),
    Column::fixed(text::intake::COL_DEADLINE, 10).priority(5),
    Column::fixed(text::intake::COL_DAYS, 4).priority(5).right(),
    Column::new(text::intake::COL_FLAGS, 23, 56).priority(9).fill(),
];

impl PlansPane {
    /// A key on the call list (the list keys and the search are the pane's).
    pub(super) fn update_calls(&mut self, action: Action, sh: &mut Shell) {
        match action {
            // Back to the board under it.
            Action::ToggleFollowUps => {
                self.stack.pop();
            }
            Action::OpenPlan => match self.calls.selected().map(|c| c.course.case.id) {
                Some(id) => self.open_plan(sh, id),
                None => sh.set_status(StatusKind::Warning, text::SELECT_CASE_FIRST),
            },
            Action::RecordCall => match self.calls.selected().map(|c| c.course.call.id) {
                Some(id) => self.open_call_form(sh, id),
                None => sh.set_status(StatusKind::Warning, text::plans::NO_CALL_SELECTED),
            },
            _ => {}
        }
    }
}

/// The summary line, the column titles and the rows in view.
pub(super) fn draw(frame: &mut Frame, area: Rect, pane: &PlansPane, sh: &Shell, theme: &Theme) {
    let [header, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let calls = pane.calls.all();
    let overdue = calls.iter().filter(|c| c.deadline.overdue()).count();
    let today = calls.iter().filter(|c| c.deadline.days_left == 0).count();
    let summary = Line::from(vec![
        Span::raw(format!("{} · {} åbne opkald · ", format_date_dk(sh.today), calls.len())),
        styled(format!("{overdue} overskredet"), if overdue > 0 { theme.danger() } else { theme.text() }),
        Span::raw(format!(" · {today} i dag")),
    ]);
    frame.render_widget(Paragraph::new(summary), header);

    let empty = if calls.is_empty() { text::plans::CALLS_EMPTY } else { text::intake::QUEUE_NO_MATCH };
    DataTable::new(&COLUMNS)
        .header_style(theme.bold())
        .selected_style(theme.selected())
        .empty(empty, theme.dim())
        .render(frame, list, pane.calls.cursor(), pane.calls.len(), |i| row(pane.calls.shown(i), theme));
}

fn row(c: &CallEntry, theme: &Theme) -> Vec<TableCell> {
    let case = &c.course.case;
    let style = urgency(c.deadline.days_left, theme);
    let mut markers: Vec<String> = c.flags.iter().map(|f| text::plans::call_flag(*f)).collect();
    markers.push(format!(
        "afsl. {}: {}",
        format_date_dk(c.course.ending.ended_on),
        text::plans::discharge_reason(c.course.ending.reason)
    ));
    vec![
        TableCell::from(case.id.to_string()),
        TableCell::from(case.identity.display_name()),
        TableCell::from(case.counsellor.as_str()),
        TableCell::from(text::plans::months(c.course.call.months)),
        TableCell::new(format_date_dk(c.deadline.due), style),
        TableCell::new(c.deadline.days_left.to_string(), style),
        TableCell::new(markers.join(", "), style),
    ]
}
