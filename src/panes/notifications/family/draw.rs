//! A case's children drawn over the board: the case's facts at the top,
//! the children as a table, and the notifications and considerations
//! below, scrolled when longer than the room left for them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::FamilyView;
use crate::app::Shell;
use crate::domain::dates::{days_between, format_date_dk};
use crate::domain::intake::{ChildrenAnswer, stage};
use crate::domain::notification::{Child, children_question_due, draft_due, receipt_due};
use crate::panes::notifications::view::pane_area;
use crate::text;
use crate::ui::widgets::{Column, DataTable, TableCell};
use crate::ui::{Theme, styled};

/// The children's columns: the child first; what a record's end says
/// takes the rest of the row.
const COLUMNS: [Column; 4] = [
    Column::new(text::notifications::COL_CHILD, 18, 44).priority(9),
    Column::fixed(text::notifications::COL_NOTED, 10).priority(6),
    Column::new(text::notifications::COL_BY, 4, 12).priority(4),
    Column::new(text::notifications::COL_CHILD_NOTE, 10, 40).priority(5).fill(),
];

/// Where the parts of the view go inside its border.
struct Areas {
    head: Rect,
    children: Rect,
    history: Rect,
}

/// The head as wrapped, then a blank row, the children's table (its
/// titles and at least one row, at most half the room left), a blank row,
/// and the history in the rest.
fn areas(inner: Rect, head_rows: usize, children: usize) -> Areas {
    let head = (head_rows as u16).min(inner.height);
    let left = inner.height.saturating_sub(head + 2);
    let table = (1 + children.max(1) as u16).min((left / 2).max(2));
    let [head, _, children, _, history] = Layout::vertical([
        Constraint::Length(head),
        Constraint::Length(1),
        Constraint::Length(table),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);
    Areas { head, children, history }
}

fn block(view: &FamilyView) -> Block<'static> {
    let case = &view.case;
    Block::default().borders(Borders::ALL).title(format!(
        " {} · sag {} · {} · {} ",
        text::notifications::FAMILY_TITLE,
        case.id,
        case.identity.display_name(),
        text::intake::stage(stage(case))
    ))
}

/// What the keys move in, at the last screen size.
pub(super) struct Measure {
    /// Rows of the children's table body.
    pub children_rows: usize,
    /// Rows of the history that show at once: a page.
    pub history_rows: usize,
}

/// Lines wrapped at the view's width, as the drawing shows them.
fn wrapped(lines: Vec<Line<'static>>) -> Paragraph<'static> {
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

pub(super) fn measure(view: &FamilyView, sh: &Shell) -> Measure {
    let inner = block(view).inner(pane_area(sh));
    let head = wrapped(head_lines(view, sh, &Theme::plain())).line_count(inner.width);
    let areas = areas(inner, head, view.children.len());
    Measure {
        children_rows: DataTable::new(&COLUMNS).body_rows(areas.children),
        history_rows: areas.history.height as usize,
    }
}

pub(in crate::panes::notifications) fn draw(
    frame: &mut Frame,
    area: Rect,
    view: &FamilyView,
    sh: &Shell,
    theme: &Theme,
) {
    frame.render_widget(Clear, area);
    let mut block = block(view);
    let inner = block.inner(area);
    let head = wrapped(head_lines(view, sh, theme));
    let areas = areas(inner, head.line_count(inner.width), view.children.len());
    let history = wrapped(history_lines(view, sh, theme));
    let top = view.scroll.top(history.line_count(areas.history.width), areas.history.height as usize);
    // The history scrolls inside the view: its marks go on the view's border.
    let (above, below) = view.scroll.more();
    if above {
        block = block.title_top(Line::from(format!(" {} ", text::MORE_ABOVE)).right_aligned());
    }
    if below {
        block = block.title_bottom(Line::from(format!(" {} ", text::MORE_BELOW)).right_aligned());
    }
    frame.render_widget(block, area);
    frame.render_widget(head, areas.head);
    DataTable::new(&COLUMNS)
        .header_style(theme.bold())
        .selected_style(theme.selected())
        .empty(text::notifications::CHILDREN_EMPTY, theme.dim())
        .render(frame, areas.children, &view.cursor, view.children.len(), |i| child_row(&view.children[i], sh, theme));
    frame.render_widget(history.scroll((u16::try_from(top).unwrap_or(u16::MAX), 0)), areas.history);
}

/// One child's cells. A child no longer counted is dimmed, and the row
/// says why in words: the record's end, or the age.
fn child_row(c: &Child, sh: &Shell, theme: &Theme) -> Vec<TableCell> {
    let style = if c.is_current(sh.today) { theme.text() } else { theme.dim() };
    let note = match &c.ended {
        Some(e) => e.reason.clone(),
        None if !c.is_current(sh.today) => text::notifications::CHILD_ADULT.to_string(),
        None => String::new(),
    };
    vec![
        TableCell::new(text::notifications::child_label(c), style),
        TableCell::new(format_date_dk(c.noted_on), style),
        TableCell::new(c.stamp.by.as_str(), style),
        TableCell::new(note, style),
    ]
}

/// The children question and the considerations: what is due on the case.
fn head_lines(view: &FamilyView, sh: &Shell, theme: &Theme) -> Vec<Line<'static>> {
    let case = &view.case;
    let mut question = vec![Span::raw(text::notifications::children_question_line(case.children))];
    if case.children == ChildrenAnswer::NotAsked {
        let marker = if children_question_due(case).is_some() {
            text::notifications::MARK_NOT_ASKED_DUE
        } else {
            text::notifications::MARK_NOT_ASKED
        };
        question.push(styled(marker, theme.warning()));
    }
    let last = view.considerations.last();
    let mut consider =
        vec![Span::raw(text::notifications::last_consideration(last.map(|c| (c.on, c.stamp.by.as_str()))))];
    // A drafted notification is a consideration too: say so when it is the latest.
    let drafted = view.notifications.iter().map(|n| n.drafted.on).max();
    if let Some(on) = drafted.filter(|d| last.is_none_or(|c| *d > c.on)) {
        consider.push(Span::raw(text::notifications::notification_counts(on)));
    }
    if let Some(due) = view.consideration_due {
        let days = days_between(sh.today, due);
        let style = if days < 0 { theme.danger() } else { theme.text() };
        consider.push(styled(text::notifications::next_consideration(due, days), style));
    }
    vec![Line::from(question), Line::from(consider)]
}

/// The case's notifications, then its considerations, the latest first.
fn history_lines(view: &FamilyView, sh: &Shell, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(styled(text::notifications::SECTION_NOTIFICATIONS, theme.bold()))];
    if view.notifications.is_empty() {
        lines.push(Line::from(styled(text::notifications::NOTIFICATIONS_EMPTY, theme.dim())));
    }
    for n in &view.notifications {
        let mut s = format!(
            "  {} {} · {} · {}",
            n.id,
            format_date_dk(n.drafted.on),
            text::notifications::duty_short(n.content.duty),
            text::notifications::state(n.state())
        );
        if let Some(due) = receipt_due(n).or_else(|| draft_due(n, &sh.profile.notification)) {
            s.push_str(&text::notifications::deadline_suffix(due));
        }
        lines.push(Line::from(s));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(styled(text::notifications::SECTION_CONSIDERATIONS, theme.bold())));
    if view.considerations.is_empty() {
        lines.push(Line::from(styled(text::notifications::CONSIDERATIONS_EMPTY, theme.dim())));
    }
    for c in view.considerations.iter().rev() {
        lines.push(Line::from(format!("  {} {}: {}", format_date_dk(c.on), c.stamp.by, c.note)));
    }
    lines
}
