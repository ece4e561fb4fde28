//! What the two views over the board share: a text of styled lines wrapped
//! to the view's width by display width, and scrolled by the list keys.
//!
//! The text is wrapped here rather than by ratatui's `Paragraph`, so the
//! pane knows how many rows a view has and can stop scrolling at its end;
//! the same function wraps for the key handling and for the drawing, so
//! both agree on every row.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::app::{Action, Shell};
use crate::text;
use crate::ui::widgets::wrap_ranges;

/// Rows the shell takes from the screen around a pane: the tab bar, the
/// status line and the key line (`crate::ui::draw`).
const SHELL_ROWS: u16 = 3;

/// The pane's area on the last screen size, as `crate::ui::draw` gives it:
/// what the key handling measures a view in. `list_rows` is the screen's
/// height less `CHROME_ROWS`.
pub(super) fn pane_area(sh: &Shell) -> Rect {
    let height = (sh.list_rows as u16).saturating_add(crate::ui::CHROME_ROWS).saturating_sub(SHELL_ROWS);
    Rect::new(0, 0, sh.screen_cols, height)
}

/// How far a view is scrolled: the first row shown. The row is clamped to
/// the text's end when it is moved and again when it is drawn, so a view
/// that got shorter (a narrower screen, a reload) never shows empty rows
/// under its end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    top: usize,
}

impl Scroll {
    /// The first row shown of a text of `len` rows in a view of `rows`.
    pub fn top(&self, len: usize, rows: usize) -> usize {
        self.top.min(len.saturating_sub(rows.max(1)))
    }

    /// Scrolls by a list key: a row, a page, to the top or the end.
    /// Returns whether `action` was one of them.
    pub fn apply(&mut self, action: Action, len: usize, rows: usize) -> bool {
        let rows = rows.max(1);
        let last = len.saturating_sub(rows);
        let top = self.top(len, rows);
        self.top = match action {
            Action::Up => top.saturating_sub(1),
            Action::Down => (top + 1).min(last),
            Action::PageUp => top.saturating_sub(rows),
            Action::PageDown => (top + rows).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        true
    }
}

/// A line of unstyled text that may hold line breaks (a note, a
/// description): `Line::from(&str)` would drop them.
pub(super) fn text_line(text: impl Into<String>) -> Line<'static> {
    Line::from(Span::raw(text.into()))
}

/// `lines` broken into rows of at most `width` columns, at spaces where
/// possible; a line break inside a span (a note of several lines) starts a
/// new row. Each piece keeps its span's style.
pub(super) fn wrap_lines(lines: &[Line<'static>], width: usize) -> Vec<Line<'static>> {
    let mut rows = Vec::new();
    for line in lines {
        // The line as characters with their styles, split at line breaks.
        let mut part: Vec<(char, Style)> = Vec::new();
        let mut parts = Vec::new();
        for span in &line.spans {
            for c in span.content.chars() {
                if c == '\n' {
                    parts.push(std::mem::take(&mut part));
                } else {
                    part.push((c, span.style));
                }
            }
        }
        parts.push(part);
        for part in parts {
            let text: String = part.iter().map(|(c, _)| *c).collect();
            for range in wrap_ranges(&text, width) {
                let mut row = styled_row(&part[range]);
                row.style = line.style;
                rows.push(row);
            }
        }
    }
    rows
}

/// One row of styled characters as spans, spaces at its end dropped.
fn styled_row(chars: &[(char, Style)]) -> Line<'static> {
    let end = chars.iter().rposition(|(c, _)| *c != ' ').map_or(0, |i| i + 1);
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut style = None;
    for (c, s) in &chars[..end] {
        if style.is_some_and(|style| style != *s) {
            spans.push(Span::styled(std::mem::take(&mut run), style.unwrap_or_default()));
        }
        style = Some(*s);
        run.push(*c);
    }
    if let Some(style) = style {
        spans.push(Span::styled(run, style));
    }
    Line::from(spans)
}

/// What the bottom border of a view says when its text goes on past what
/// shows: more below, or (at the end) more above.
pub(super) fn more(len: usize, visible: usize, scroll: Scroll) -> Option<&'static str> {
    let top = scroll.top(len, visible);
    if top + visible < len {
        Some(text::notifications::MORE_BELOW)
    } else if top > 0 {
        Some(text::notifications::MORE_ABOVE)
    } else {
        None
    }
}

/// `block` with [`more`]'s words on its bottom border, at the right.
pub(super) fn mark_more(block: Block<'static>, more: Option<&'static str>) -> Block<'static> {
    match more {
        Some(more) => block.title_bottom(Line::from(more).right_aligned()),
        None => block,
    }
}

/// Draws the rows of a text that show in `area`, scrolled.
pub(super) fn draw_rows(frame: &mut Frame, area: Rect, rows: &[Line<'static>], scroll: Scroll) {
    let visible = area.height as usize;
    let top = scroll.top(rows.len(), visible);
    let shown: Vec<Line> = rows.iter().skip(top).take(visible).cloned().collect();
    frame.render_widget(Paragraph::new(shown), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[Line]) -> Vec<String> {
        rows.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    #[test]
    fn lines_wrap_at_spaces_keep_their_styles_and_break_at_line_breaks() {
        let bold = Style::default().add_modifier(ratatui::style::Modifier::BOLD);
        let lines = vec![
            Line::from(vec![Span::raw("Seneste overvejelse: "), Span::styled("OVERSKREDET 3 dage", bold)]),
            text_line("Beskrivelse: første linje\nanden linje"),
        ];
        let rows = wrap_lines(&lines, 24);
        assert_eq!(
            texts(&rows),
            ["Seneste overvejelse:", "OVERSKREDET 3 dage", "Beskrivelse: første", "linje", "anden linje"]
        );
        assert_eq!(rows[1].spans[0].style, bold);
        assert_eq!(rows[0].spans[0].style, Style::default());
        assert_eq!(texts(&wrap_lines(&[Line::from("")], 10)), [""]);
    }

    #[test]
    fn the_scroll_stops_at_the_end_and_a_shorter_text_clamps_it() {
        let mut s = Scroll::default();
        for _ in 0..50 {
            s.apply(Action::Down, 30, 10);
        }
        assert_eq!(s.top(30, 10), 20);
        // One key up is one row up, however often Down was pressed.
        s.apply(Action::Up, 30, 10);
        assert_eq!(s.top(30, 10), 19);
        s.apply(Action::PageUp, 30, 10);
        assert_eq!(s.top(30, 10), 9);
        s.apply(Action::Bottom, 30, 10);
        assert_eq!(s.top(30, 10), 20);
        assert_eq!(s.top(12, 10), 2, "a text that got shorter shows its last page");
        assert_eq!(s.top(5, 10), 0);
        s.apply(Action::Top, 30, 10);
        assert_eq!(s.top(30, 10), 0);
        assert!(!s.apply(Action::Close, 30, 10));
    }
}
