//! Drawing the pane: the screen on top of the stack. A list (the board or
//! the call list) is drawn in the pane's frame, whose title says which list
//! it is and what limits it; a plan covers the list it was opened over.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::{PaneScreen, PlansPane, board, calls, complaints, plan_draw};
use crate::app::Shell;
use crate::domain::plan::BoardSort;
use crate::text;
use crate::ui::{Theme, styled};

pub(super) fn draw(frame: &mut Frame, area: Rect, pane: &PlansPane, sh: &Shell, theme: &Theme) {
    let on_calls = match pane.stack.last() {
        Some(PaneScreen::Plan(view)) => return plan_draw::draw(frame, area, view, sh, theme),
        Some(PaneScreen::Complaints(list)) => return complaints::draw(frame, area, list, pane, sh, theme),
        Some(PaneScreen::Calls) => true,
        None => false,
    };
    let block = Block::default().borders(Borders::ALL).title(title(pane, on_calls, sh, theme));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if on_calls {
        calls::draw(frame, inner, pane, sh, theme);
    } else {
        board::draw(frame, inner, pane, theme);
    }
}

/// The list's name and the centre, then what limits the list: only mine,
/// the board's sort and ended courses, the search.
fn title(pane: &PlansPane, on_calls: bool, sh: &Shell, theme: &Theme) -> Line<'static> {
    let name = if on_calls { text::plans::CALLS_TITLE } else { text::plans::PLANS_TITLE };
    let mut title = vec![Span::raw(format!(" {name} · {} ", sh.centre.name))];
    if pane.only_mine {
        title.push(styled(text::notifications::TAG_ONLY_MINE, theme.accent()));
    }
    if !on_calls {
        if pane.sort != BoardSort::Urgency {
            title.push(styled(text::plans::tag_sorted(pane.sort), theme.accent()));
        }
        if pane.show_ended {
            title.push(styled(text::plans::TAG_WITH_ENDED, theme.accent()));
        }
    }
    if pane.searching || !pane.search.is_empty() {
        let cursor = if pane.searching { "▏" } else { "" };
        title.push(styled(format!("[{}{}{cursor}] ", text::intake::SEARCH_PROMPT, pane.search), theme.accent()));
    }
    Line::from(title)
}
