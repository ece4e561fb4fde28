//! The board drawn: a summary line, the law line, and the lines as a table
//! whose columns give way by priority.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::super::NotesPane;
use super::super::view::pane_area;
use crate::app::Shell;
use crate::domain::dates::format_date_dk;
use crate::domain::notification::{BoardEntry, BoardFlag, BoardItem, Informed, Notification, State};
use crate::text;
use crate::ui::widgets::{Column, DataTable, TableCell};
use crate::ui::{Theme, fit, styled};

/// Rows above the table inside the border: the summary and the law line.
const HEAD_ROWS: u16 = 2;

/// The board's columns. At 80 columns every minimum fits exactly: the name
/// keeps today's 11, and the markers get 14, so every single marker shows
/// whole ("EJ ORIENTERET") and a second one is marked by the ellipsis.
/// Narrower, the counsellor goes first and the markers last. Wider, the
/// markers grow first to hold two markers, then the case number, the
/// name to 28 and the counsellor, and the markers take what is left.
const COLUMNS: [Column; 8] = [
    Column::new(text::intake::COL_CASE, 4, 6).priority(8),
    Column::new(text::notifications::COL_NR, 3, 4).priority(6).right(),
    Column::new(text::intake::COL_NAME, 11, 28).priority(5),
    Column::fixed(text::notifications::COL_WHAT, 15).priority(7),
    Column::fixed(text::notifications::COL_DUE, 10).priority(7),
    Column::fixed(text::intake::COL_DAYS, 4).priority(7).right(),
    Column::new(text::intake::COL_COUNSELLOR, 8, 12).priority(3),
    Column::new(text::intake::COL_FLAGS, 14, 23).priority(9).fill(),
];

/// The table's rows of body on the last screen size, for the cursor's
/// moves: the pane less its border, the head rows and the column titles.
pub(in super::super) fn body_rows(sh: &Shell) -> usize {
    let area = pane_area(sh);
    let inner = Block::default().borders(Borders::ALL).inner(area);
    usize::from(inner.height.saturating_sub(HEAD_ROWS + 1))
}

pub(in super::super) fn draw(frame: &mut Frame, area: Rect, pane: &NotesPane, sh: &Shell, theme: &Theme) {
    let mut title = vec![Span::raw(format!(" {} · {} ", text::notifications::NOTES_TITLE, sh.centre.name))];
    if pane.only_mine {
        title.push(styled(text::notifications::TAG_ONLY_MINE, theme.accent()));
    }
    if pane.show_finished {
        title.push(styled(text::notifications::TAG_WITH_FINISHED, theme.accent()));
    }
    let block = Block::default().borders(Borders::ALL).title(Line::from(title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [summary_area, law, table] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    frame.render_widget(Paragraph::new(summary(pane, sh, theme)), summary_area);
    frame.render_widget(
        Paragraph::new(styled(fit(text::notifications::LAW_LINE, inner.width as usize), theme.dim())),
        law,
    );
    DataTable::new(&COLUMNS)
        .header_style(theme.bold())
        .selected_style(theme.selected())
        .empty(text::notifications::NOTES_EMPTY, theme.dim())
        .render(frame, table, &pane.cursor, pane.entries.len(), |i| row(&pane.entries[i], theme));
}

fn summary(pane: &NotesPane, sh: &Shell, theme: &Theme) -> Line<'static> {
    let entries = &pane.entries;
    let count = |f: &dyn Fn(&BoardEntry) -> bool| entries.iter().filter(|e| f(e)).count();
    let state = |e: &BoardEntry| e.notification().map(Notification::state);
    let drafts = count(&|e| matches!(state(e), Some(State::Drafted | State::Informed)));
    let waiting = count(&|e| state(e) == Some(State::Sent));
    let children = count(&|e| e.notification().is_none());
    let overdue = count(&|e| e.flags.contains(&BoardFlag::Overdue));
    Line::from(vec![
        Span::raw(format!(
            "{} · {} · ",
            format_date_dk(sh.today),
            text::notifications::board_counts(drafts, waiting, children)
        )),
        styled(text::notifications::overdue_count(overdue), if overdue > 0 { theme.danger() } else { theme.text() }),
    ])
}

/// What a line is, in the board's words.
fn what(e: &BoardEntry) -> &'static str {
    match &e.item {
        BoardItem::Notification(n) => match (n.state(), n.informed.as_ref().map(|i| &i.informed)) {
            (State::Informed, Some(Informed::NotTold { .. })) => text::notifications::WHAT_NOT_TOLD,
            (State::Informed, _) => text::notifications::WHAT_TOLD,
            (State::Sent, _) => text::notifications::WHAT_AWAITING_RECEIPT,
            (s, _) => text::notifications::state(s),
        },
        BoardItem::ChildrenQuestion => text::notifications::WHAT_CHILDREN_QUESTION,
        BoardItem::Consideration { .. } => text::notifications::WHAT_CONSIDERATION,
    }
}

/// One line's cells. The deadline's colour repeats its markers
/// (OVERSKREDET, FRIST I DAG), never says anything alone.
fn row(e: &BoardEntry, theme: &Theme) -> Vec<TableCell> {
    let urgency = match e.days_left {
        Some(d) if d < 0 => theme.danger(),
        Some(0..=1) => theme.warning(),
        _ => Style::default(),
    };
    let (due, days) = match (e.due, e.days_left) {
        (Some(due), Some(days)) => (format_date_dk(due), days.to_string()),
        _ => ("–".to_string(), String::new()),
    };
    let markers: Vec<&str> = e.flags.iter().map(|f| text::notifications::board_flag(*f)).collect();
    vec![
        TableCell::from(e.case_id.to_string()),
        TableCell::from(e.notification().map(|n| n.id.to_string()).unwrap_or_default()),
        TableCell::from(e.name.as_str()),
        TableCell::from(what(e)),
        TableCell::new(due, urgency),
        TableCell::new(days, urgency),
        TableCell::from(e.counsellor.as_str()),
        TableCell::new(markers.join(", "), urgency),
    ]
}
