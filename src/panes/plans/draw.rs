//! The Planer pane: the courses in treatment with their plans' deadlines,
//! overdue first, or the list of follow-up calls after ended courses.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{PlansMode, PlansPane};
use crate::app::Shell;
use crate::domain::dates::format_date_dk;
use crate::domain::plan::{BoardSort, CallEntry, PlanEntry, PlanFlag};
use crate::text;
use crate::ui::{Theme, fit, styled};

const W_CASE: usize = 5;
const W_NAME: usize = 15;
const W_COUNSELLOR: usize = 8;
const W_DATE: usize = 10;
const W_DAYS: usize = 5;
const W_CALL: usize = 6;

pub(super) fn draw(frame: &mut Frame, area: Rect, pane: &PlansPane, sh: &Shell, theme: &Theme) {
    let view = pane;
    let pane_title = match view.mode {
        PlansMode::Board => text::plans::PLANS_TITLE,
        PlansMode::Calls => text::plans::CALLS_TITLE,
    };
    let mut title = vec![Span::raw(format!(" {pane_title} · {} ", sh.centre.name))];
    if view.only_mine {
        title.push(styled("[kun mine] ", theme.accent()));
    }
    if view.mode == PlansMode::Board {
        if view.sort != BoardSort::Urgency {
            title.push(styled(format!("[sorteret: {}] ", text::plans::board_sort(view.sort)), theme.accent()));
        }
        if view.show_ended {
            title.push(styled("[+afsluttede] ", theme.accent()));
        }
    }
    if view.searching || !view.search.is_empty() {
        let cursor = if view.searching { "▏" } else { "" };
        title.push(styled(format!("[{}{}{cursor}] ", text::intake::SEARCH_PROMPT, view.search), theme.accent()));
    }
    let block = Block::default().borders(Borders::ALL).title(Line::from(title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [header, columns, list] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    match view.mode {
        PlansMode::Board => draw_board(frame, header, columns, list, pane, theme),
        PlansMode::Calls => draw_calls(frame, header, columns, list, pane, sh, theme),
    }
}

/// The rows to build: only those that fit, with the selection in view.
fn window(selected: usize, rows: usize) -> usize {
    selected.saturating_sub(rows.saturating_sub(1))
}

fn urgency(days_left: i64, theme: &Theme) -> Style {
    match days_left {
        d if d < 0 => theme.danger(),
        0..=14 => theme.warning(),
        _ => theme.text(),
    }
}

fn draw_board(frame: &mut Frame, header: Rect, columns: Rect, list: Rect, pane: &PlansPane, theme: &Theme) {
    let view = pane;
    let active: Vec<&PlanEntry> = view.entries.iter().filter(|e| e.course.ending.is_none()).collect();
    let overdue = active.iter().filter(|e| e.deadlines.any_overdue()).count();
    let no_plan = active.iter().filter(|e| e.flags.contains(&PlanFlag::NoPlan)).count();
    let calls = view.calls_due(0);
    let summary = Line::from(vec![
        Span::raw(format!("{} i behandling · ", active.len())),
        styled(format!("{overdue} overskredet"), if overdue > 0 { theme.danger() } else { theme.text() }),
        Span::raw(format!(" · {no_plan} uden plan · ")),
        styled(format!("{calls} opkald forfaldne"), if calls > 0 { theme.warning() } else { theme.text() }),
    ]);
    frame.render_widget(Paragraph::new(summary), header);

    let flags_width =
        (list.width as usize).saturating_sub(2 + W_CASE + W_NAME + W_COUNSELLOR + 2 * W_DATE + W_DAYS + 6);
    let titles = format!(
        "  {:<W_CASE$} {:<W_NAME$} {:<W_COUNSELLOR$} {:<W_DATE$} {:<W_DATE$} {:>W_DAYS$} {}",
        text::intake::COL_CASE,
        text::intake::COL_NAME,
        text::intake::COL_COUNSELLOR,
        text::plans::COL_START,
        text::plans::COL_NEXT_REVISION,
        text::intake::COL_DAYS,
        text::intake::COL_FLAGS
    );
    frame.render_widget(Paragraph::new(Line::from(styled(titles, theme.bold()))), columns);

    if view.shown.is_empty() {
        let empty = if view.entries.is_empty() { text::plans::PLANS_EMPTY } else { text::intake::QUEUE_NO_MATCH };
        frame.render_widget(Paragraph::new(styled(empty, theme.dim())), list);
        return;
    }
    let rows = list.height as usize;
    let lines: Vec<Line> = view
        .shown_entries()
        .enumerate()
        .skip(window(view.selected, rows))
        .take(rows)
        .map(|(i, e)| board_row(e, i == view.selected, flags_width, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

fn board_row(e: &PlanEntry, selected: bool, flags_width: usize, theme: &Theme) -> Line<'static> {
    let case = &e.course.case;
    let base = if selected { theme.selected() } else { Style::default() };
    let pointer = if selected { "› " } else { "  " };
    let start = case.progress.treatment_started_on.map(format_date_dk).unwrap_or_default();
    let (next, days, next_style) = match (&e.course.ending, e.deadlines.revision) {
        // An ended course shows its end date here, marked AFSLUTTET.
        (Some(ending), _) => (format_date_dk(ending.ended_on), String::new(), theme.dim()),
        (None, Some(r)) => (format_date_dk(r.due), r.days_left.to_string(), urgency(r.days_left, theme)),
        (None, None) => ("–".to_string(), String::new(), theme.text()),
    };
    let markers: Vec<String> = e.flags.iter().map(|f| text::plans::plan_flag(*f, e)).collect();
    let marker_style = if e.deadlines.any_overdue() || e.flags.contains(&PlanFlag::NoPlan) {
        theme.danger()
    } else if e.course.ending.is_some() {
        theme.dim()
    } else {
        theme.warning()
    };
    Line::from(vec![
        styled(
            format!(
                "{pointer}{:<W_CASE$} {:<W_NAME$} {:<W_COUNSELLOR$} {start:<W_DATE$} ",
                case.id,
                fit(case.identity.display_name(), W_NAME),
                fit(&case.counsellor, W_COUNSELLOR)
            ),
            base,
        ),
        styled(format!("{next:<W_DATE$} {days:>W_DAYS$} "), base.patch(next_style)),
        styled(fit(&markers.join(", "), flags_width), base.patch(marker_style)),
    ])
}

/// The call list's name column: narrower than the board's, so the
/// markers keep room for "OVERSKREDET, 1 forsøg" at 80 columns.
const W_CALL_NAME: usize = W_NAME - 1;

fn draw_calls(frame: &mut Frame, header: Rect, columns: Rect, list: Rect, pane: &PlansPane, sh: &Shell, theme: &Theme) {
    let view = pane;
    let overdue = view.calls.iter().filter(|c| c.deadline.overdue()).count();
    let today = view.calls.iter().filter(|c| c.deadline.days_left == 0).count();
    let summary = Line::from(vec![
        Span::raw(format!("{} · {} åbne opkald · ", format_date_dk(sh.today), view.calls.len())),
        styled(format!("{overdue} overskredet"), if overdue > 0 { theme.danger() } else { theme.text() }),
        Span::raw(format!(" · {today} i dag")),
    ]);
    frame.render_widget(Paragraph::new(summary), header);
    let flags_width =
        (list.width as usize).saturating_sub(2 + W_CASE + W_CALL_NAME + W_COUNSELLOR + W_CALL + W_DATE + W_DAYS + 6);
    let titles = format!(
        "  {:<W_CASE$} {:<W_CALL_NAME$} {:<W_COUNSELLOR$} {:<W_CALL$} {:<W_DATE$} {:>W_DAYS$} {}",
        text::intake::COL_CASE,
        text::intake::COL_NAME,
        text::intake::COL_COUNSELLOR,
        text::plans::COL_CALL,
        text::intake::COL_DEADLINE,
        text::intake::COL_DAYS,
        text::intake::COL_FLAGS
    );
    frame.render_widget(Paragraph::new(Line::from(styled(titles, theme.bold()))), columns);
    if view.calls_shown.is_empty() {
        let empty = if view.calls.is_empty() { text::plans::CALLS_EMPTY } else { text::intake::QUEUE_NO_MATCH };
        frame.render_widget(Paragraph::new(styled(empty, theme.dim())), list);
        return;
    }
    let rows = list.height as usize;
    let lines: Vec<Line> = view
        .shown_calls()
        .enumerate()
        .skip(window(view.calls_selected, rows))
        .take(rows)
        .map(|(i, c)| call_row(c, i == view.calls_selected, flags_width, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

fn call_row(c: &CallEntry, selected: bool, flags_width: usize, theme: &Theme) -> Line<'static> {
    let case = &c.course.case;
    let base = if selected { theme.selected() } else { Style::default() };
    let pointer = if selected { "› " } else { "  " };
    let style = urgency(c.deadline.days_left, theme);
    let mut markers: Vec<String> = c.flags.iter().map(|f| text::plans::call_flag(*f)).collect();
    markers.push(format!(
        "afsl. {}: {}",
        format_date_dk(c.course.ending.ended_on),
        text::plans::discharge_reason(c.course.ending.reason)
    ));
    Line::from(vec![
        styled(
            format!(
                "{pointer}{:<W_CASE$} {:<W_CALL_NAME$} {:<W_COUNSELLOR$} {:<W_CALL$} ",
                case.id,
                fit(case.identity.display_name(), W_CALL_NAME),
                fit(&case.counsellor, W_COUNSELLOR),
                text::plans::months(c.course.call.months)
            ),
            base,
        ),
        styled(
            format!("{:<W_DATE$} {:>W_DAYS$} ", format_date_dk(c.deadline.due), c.deadline.days_left),
            base.patch(style),
        ),
        styled(fit(&markers.join(", "), flags_width), base.patch(style)),
    ])
}
