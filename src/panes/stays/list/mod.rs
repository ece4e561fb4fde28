//! The list of stays, the pane's base screen: a summary line, then each
//! stay on two rows so everything fits 80 columns. The first row says who,
//! where, how far and what needs acting on; the second, under the citizen,
//! the dates and the money. Both rows are laid out by column specs, so a
//! wide terminal gives the names their room and a narrow one cuts a name
//! before the markers.
//!
//! The list's state (the stays and the cursor) lives in the pane; this file
//! draws it. The new stay's form is beside it.

pub mod new_stay;

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{StayLine, StaysPane};
use crate::app::Shell;
use crate::domain::dates::format_date_dk;
use crate::domain::stay::overview::StayFlag;
use crate::domain::stay::{CostBreakdown, CostError, EndKind, StayStatus};
use crate::text::stays as words;
use crate::ui::widgets::{Column, TableCell, column_widths, fit_width};
use crate::ui::{Theme, styled};

/// The pointer in front of the selected stay; other stays get as many spaces.
const POINTER: &str = "› ";
const POINTER_WIDTH: u16 = 2;

/// A stay's first row. The markers matter most and are cut last; then
/// the case and the citizen, who the row is about; the provider, also in
/// the open stay, gives way first.
const FIRST_ROW: [Column; 5] = [
    Column::new(words::STAY_COL_CASE, 4, 5).priority(8),
    Column::new(words::STAY_COL_CITIZEN, 16, 24).priority(7),
    Column::new(words::STAY_COL_PROVIDER, 14, 30).priority(3),
    Column::fixed(words::STAY_COL_STATUS, 10).priority(6),
    Column::new(words::STAY_COL_FLAGS, 25, 42).priority(9).fill(),
];

/// A stay's second row, under the citizen: the dates, then the money; the
/// cost to the end is what a counsellor is asked about most.
const SECOND_ROW: [Column; 6] = [
    Column::fixed(words::STAY_COL_START, 10).priority(8),
    Column::fixed(words::STAY_COL_PLANNED_END, 10).priority(5),
    // A date and "!" for an interrupted stay.
    Column::fixed(words::STAY_COL_END, 11).priority(6),
    Column::fixed(words::STAY_COL_DAYS, 4).priority(4).right(),
    Column::fixed(words::STAY_COL_SO_FAR, 13).priority(7).right(),
    Column::fixed(words::STAY_COL_COMMITTED, 13).priority(9).right(),
];

/// Screen rows a stay takes.
const ROWS_PER_STAY: usize = 2;

/// The stays one page shows when the shell's list area has `list_rows`
/// rows: the area assumes one row of column titles, the list has two.
pub fn stays_per_page(list_rows: usize) -> usize {
    (list_rows.saturating_sub(1) / ROWS_PER_STAY).max(1)
}

/// The widths of both rows' columns in `width` columns, and how far the
/// second row is indented (under the citizen).
struct RowWidths {
    first: Vec<u16>,
    indent: usize,
    second: Vec<u16>,
}

impl RowWidths {
    fn new(width: u16) -> RowWidths {
        let first = column_widths(&FIRST_ROW, width.saturating_sub(POINTER_WIDTH));
        let case = first[0];
        let indent = POINTER_WIDTH + if case > 0 { case + 1 } else { 0 };
        let second = column_widths(&SECOND_ROW, width.saturating_sub(indent));
        RowWidths { first, indent: usize::from(indent), second }
    }
}

pub fn draw(frame: &mut Frame, area: Rect, pane: &StaysPane, sh: &Shell, theme: &Theme) {
    let block = Block::default().borders(Borders::ALL).title(format!(" {} · {} ", words::STAYS_TITLE, sh.centre.name));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [header, titles, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(2), Constraint::Min(1)]).areas(inner);
    frame.render_widget(Paragraph::new(summary(pane, sh, theme, inner.width as usize)), header);
    let layout = RowWidths::new(inner.width);
    let bold = theme.bold();
    let first_titles = FIRST_ROW.iter().map(|c| TableCell::from(c.title)).collect();
    let second_titles = SECOND_ROW.iter().map(|c| TableCell::from(c.title)).collect();
    let mut first = vec![Span::styled(" ".repeat(POINTER.width()), bold)];
    first.extend(laid_out(&FIRST_ROW, &layout.first, first_titles, bold));
    let mut second = vec![Span::styled(" ".repeat(layout.indent), bold)];
    second.extend(laid_out(&SECOND_ROW, &layout.second, second_titles, bold));
    frame.render_widget(Paragraph::new(vec![Line::from(first), Line::from(second)]), titles);

    if pane.lines.is_empty() {
        frame.render_widget(Paragraph::new(styled(words::STAYS_EMPTY, theme.dim())), body);
        return;
    }
    // Only the stays in view are laid out.
    let per_page = (usize::from(body.height) / ROWS_PER_STAY).max(1);
    let selected = pane.cursor.selection(pane.lines.len());
    let rows: Vec<Line> = pane
        .cursor
        .window(pane.lines.len(), per_page)
        .flat_map(|i| stay_rows(&pane.lines[i], Some(i) == selected, &layout, theme))
        .collect();
    frame.render_widget(Paragraph::new(rows), body);
}

/// This month's and this year's cost, and how many stays run, are approved
/// and wait; the flagged count when it fits.
fn summary(pane: &StaysPane, sh: &Shell, theme: &Theme, width: usize) -> Line<'static> {
    let count = |s: StayStatus| pane.lines.iter().filter(|l| l.status == s).count();
    let flagged = pane.lines.iter().filter(|l| !l.flags.is_empty()).count();
    let mut spans = Vec::new();
    if let Some(t) = &pane.totals {
        let m = &t.months[(sh.today.month() - 1) as usize];
        spans.push(Span::raw(format!(
            "{} {} · {} {} · ",
            words::month(m.month).to_lowercase(),
            (m.realised + m.forecast).format_dk(),
            t.year,
            t.year_total().format_dk()
        )));
    }
    spans.push(Span::raw(words::stay_counts(
        count(StayStatus::Running),
        count(StayStatus::Approved),
        count(StayStatus::Recommended),
    )));
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    let marked = format!(" · {}", words::flagged_count(flagged));
    if flagged > 0 && used + marked.width() <= width {
        spans.push(styled(marked, theme.warning()));
    }
    if used > width {
        let plain: String = spans.iter().map(|s| s.content.to_string()).collect();
        return Line::from(fit_width(&plain, width));
    }
    Line::from(spans)
}

/// A stay's two rows.
fn stay_rows(l: &StayLine, selected: bool, layout: &RowWidths, theme: &Theme) -> [Line<'static>; 2] {
    let s = &l.row.stay;
    // Every stay in view has its costs (`StaysPane::name_and_cost_view`).
    let costs = l.costs.as_ref();
    let price_missing = costs.is_some_and(|c| c.committed.is_err());
    let base = if selected { theme.selected() } else { Style::default() };
    let status_style = match l.status {
        StayStatus::Interrupted => theme.warning(),
        StayStatus::Refused => theme.dim(),
        _ => theme.text(),
    };
    let mut markers: Vec<&str> = l.flags.iter().map(words::stay_flag).collect();
    if price_missing {
        markers.insert(0, words::PRICE_MISSING_MARKER);
    }
    let marker_style = if l.flags.iter().any(urgent) || price_missing { theme.danger() } else { theme.warning() };
    let mut first = vec![Span::styled(if selected { POINTER } else { "  " }, base)];
    first.extend(laid_out(
        &FIRST_ROW,
        &layout.first,
        vec![
            TableCell::from(s.case_id.to_string()),
            TableCell::from(l.row.citizen.as_str()),
            TableCell::from(l.provider.as_str()),
            TableCell::new(words::stay_status(l.status), status_style),
            TableCell::new(markers.join(", "), marker_style),
        ],
        base,
    ));

    let end = s.ended.map(|e| {
        let mark = if e.kind == EndKind::Interrupted { words::INTERRUPTED_MARK } else { "" };
        format!("{}{mark}", format_date_dk(e.on))
    });
    let none = || words::NO_FIGURE.to_string();
    let (so_far, committed) = match (l.status, costs) {
        (StayStatus::Refused, _) | (_, None) => (none(), none()),
        // Not approved: the cost to the end is an estimate.
        (StayStatus::Recommended, Some(c)) => (none(), words::estimate(&amount_or_error(&c.committed))),
        (StayStatus::Approved, Some(c)) => (none(), amount_or_error(&c.committed)),
        (_, Some(c)) => (amount_or_error(&c.so_far), amount_or_error(&c.committed)),
    };
    let days_so_far = costs.map_or(0, |c| c.days_so_far);
    let mut second = vec![Span::styled(" ".repeat(layout.indent), base)];
    second.extend(laid_out(
        &SECOND_ROW,
        &layout.second,
        vec![
            TableCell::from(format_date_dk(s.start())),
            TableCell::from(format_date_dk(s.planned_end)),
            TableCell::from(end.unwrap_or_else(none)),
            TableCell::from(if days_so_far > 0 { days_so_far.to_string() } else { none() }),
            TableCell::from(so_far),
            TableCell::from(committed),
        ],
        base,
    ));
    [Line::from(first), Line::from(second)]
}

/// Cells in the widths of their columns, cut by display width, one space
/// between; a column of width 0 is left out.
fn laid_out(columns: &[Column], widths: &[u16], cells: Vec<TableCell>, base: Style) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for ((column, width), cell) in columns.iter().zip(widths).zip(cells) {
        let width = usize::from(*width);
        if width == 0 {
            continue;
        }
        if !spans.is_empty() {
            spans.push(Span::styled(" ", base));
        }
        let text = fit_width(&cell.text, width);
        let pad = " ".repeat(width.saturating_sub(text.width()));
        let text = if column.right { format!("{pad}{text}") } else { format!("{text}{pad}") };
        spans.push(Span::styled(text, base.patch(cell.style)));
    }
    spans
}

fn amount_or_error(result: &Result<CostBreakdown, CostError>) -> String {
    match result {
        Ok(b) => words::kr(b.total),
        Err(_) => words::PRICE_ERROR_MARKER.into(),
    }
}

/// Flags that are overdue reports or decisions, shown in red; the others
/// (length, ...) in yellow.
pub fn urgent(f: &StayFlag) -> bool {
    !matches!(f, StayFlag::LongerThanUsual { .. })
}
