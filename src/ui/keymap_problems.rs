//! The problems of the user's keymap file, listed at start over the foot
//! of the pane (the rows at the top stay in view): every one, with its file
//! and line, wrapped, never cut at the screen's edge. The first key takes
//! the list away (see `App::handle_key`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::widgets::wrap;
use super::{Theme, styled};
use crate::text::keys as text;

/// Draws `problems` (if any) at the foot of `area`, at most two thirds of it.
pub fn draw(frame: &mut Frame, area: Rect, problems: &[String], theme: &Theme) {
    if problems.is_empty() || area.height < 4 || area.width < 10 {
        return;
    }
    let inner_width = usize::from(area.width - 2);
    let room = usize::from(area.height * 2 / 3).saturating_sub(2).max(1);
    let mut lines: Vec<Line> = Vec::new();
    for (i, problem) in problems.iter().enumerate() {
        // Each problem a block: its rows after the first indented.
        let rows = wrap(problem, inner_width.saturating_sub(2).max(1));
        let left = problems.len() - i;
        // A row stays free for saying how many more there are.
        if lines.len() + rows.len() + usize::from(left > 1) > room {
            lines.push(Line::from(styled(text::more_problems(left), theme.dim())));
            break;
        }
        for (j, row) in rows.into_iter().enumerate() {
            let lead = if j == 0 { "• " } else { "  " };
            lines.push(Line::from(styled(format!("{lead}{row}"), theme.text())));
        }
    }
    let height = lines.len() as u16 + 2;
    let rect = Rect { y: area.bottom() - height, height, ..area };
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", text::PROBLEMS_TITLE))
        .border_style(theme.danger());
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
