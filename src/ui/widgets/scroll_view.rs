//! A long view (an open case, a stay, a plan) in a bordered box, wrapped at
//! the box's width and scrolled by a [`Scroll`], with a mark in the border
//! when there is more above or below.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::app::scroll::Scroll;
use crate::text;

/// Draws `lines` in `block` over `area`, scrolled to `scroll`.
pub fn scroll_view(frame: &mut Frame, area: Rect, block: Block<'_>, lines: Vec<Line<'_>>, scroll: &Scroll) {
    frame.render_widget(Clear, area);
    let inner = block.inner(area);
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let total = paragraph.line_count(inner.width);
    let top = scroll.top(total, usize::from(inner.height));
    let (above, below) = scroll.more();
    let mut block = block;
    if above {
        block = block.title_top(Line::from(format!(" {} ", text::MORE_ABOVE)).right_aligned());
    }
    if below {
        block = block.title_bottom(Line::from(format!(" {} ", text::MORE_BELOW)).right_aligned());
    }
    frame.render_widget(block, area);
    let top = u16::try_from(top).unwrap_or(u16::MAX);
    frame.render_widget(paragraph.scroll((top, 0)), inner);
}
