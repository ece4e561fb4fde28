//! A long view that scrolls: its text wrapped by display width, and how far
//! it is scrolled.
//!
//! How many rows the text takes depends on the width it is wrapped at, which
//! only the drawing knows. So a key only moves the offset; the drawing
//! clamps it to the text it lays out and leaves that bound behind, so the
//! next key starts from what the screen shows (as a form keeps its
//! `view_top`). Nothing is laid out in `update` to find the bound.

use std::cell::Cell;
use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::Action;
use crate::ui::widgets::wrap_ranges;

/// How far a view is scrolled: its first row shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scroll {
    /// The first row asked for. It may lie past the end until the view is
    /// drawn (before the first drawing, or after the screen grew).
    top: usize,
    /// The last row `top` could be at when the view was last drawn; `None`
    /// before it has been. Drawing state, set only by [`Scroll::window`].
    last_top: Cell<Option<usize>>,
}

impl Scroll {
    /// The first row asked for (the drawing shows at most the last page).
    pub fn top(&self) -> usize {
        self.top
    }

    /// Back to the top (another version shown).
    pub fn reset(&mut self) {
        self.top = 0;
    }

    /// A scrolling key: a row or a page (`page` rows) up or down, or an
    /// end. Returns whether the action was one of those.
    pub fn apply(&mut self, action: Action, page: usize) -> bool {
        let last = self.last_top.get().unwrap_or(usize::MAX);
        // From where the screen is: the view may have been drawn shorter
        // than `top` asked for.
        let top = self.top.min(last);
        let page = page.max(1);
        self.top = match action {
            Action::Up => top.saturating_sub(1),
            Action::Down => top.saturating_add(1).min(last),
            Action::PageUp => top.saturating_sub(page),
            Action::PageDown => top.saturating_add(page).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        true
    }

    /// The rows of a text of `len` rows to draw in `height` rows: the
    /// offset clamped so the last page is full. Remembers the bound for the
    /// next key; changes nothing else.
    pub fn window(&self, len: usize, height: usize) -> Range<usize> {
        let last = len.saturating_sub(height);
        self.last_top.set(Some(last));
        let top = self.top.min(last);
        top..(top + height).min(len)
    }
}

/// Styled lines broken into rows of at most `width` columns, by display
/// width, at spaces where they can (as `widgets::wrap` breaks plain text);
/// every character keeps its style. A line break in a span starts a row.
pub fn wrap_lines(lines: &[Line<'_>], width: usize) -> Vec<Line<'static>> {
    let mut rows = Vec::new();
    for line in lines {
        let chars: Vec<(char, Style)> = line
            .spans
            .iter()
            .flat_map(|span| {
                let style = line.style.patch(span.style);
                span.content.chars().map(move |c| (c, style))
            })
            .collect();
        for part in chars.split(|(c, _)| *c == '\n') {
            let text: String = part.iter().map(|(c, _)| *c).collect();
            for range in wrap_ranges(&text, width) {
                rows.push(row(&part[range]));
            }
        }
    }
    rows
}

/// One row's spans: runs of the same style, the spaces at the row's end
/// dropped (they are where the row broke).
fn row(chars: &[(char, Style)]) -> Line<'static> {
    let end = chars.iter().rposition(|(c, _)| *c != ' ').map_or(0, |i| i + 1);
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_style = Style::default();
    for (i, (c, style)) in chars[..end].iter().enumerate() {
        if i > 0 && *style != run_style {
            spans.push(Span::styled(std::mem::take(&mut run), run_style));
        }
        run_style = *style;
        run.push(*c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, run_style));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use ratatui::style::{Color, Modifier};

    use super::*;

    fn plain(rows: &[Line]) -> Vec<String> {
        rows.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    #[test]
    fn lines_wrap_by_display_width_and_keep_their_styles() {
        let red = Style::default().fg(Color::Red);
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let line =
            Line::from(vec![Span::styled("Næste revision: ", bold), Span::styled("OVERSKREDET med 16 dage", red)]);
        let rows = wrap_lines(&[line, Line::from("")], 20);
        assert_eq!(plain(&rows), ["Næste revision:", "OVERSKREDET med 16", "dage", ""]);
        assert_eq!(rows[0].spans[0].style, bold);
        assert!(rows[1].spans.iter().chain(&rows[2].spans).all(|s| s.style == red), "{rows:?}");
        // A line break in a text starts a row; an indent stays.
        let rows = wrap_lines(&[Line::from(vec![Span::raw("  Hovedmål: stoffri\nog i job")])], 40);
        assert_eq!(plain(&rows), ["  Hovedmål: stoffri", "og i job"]);
    }

    #[test]
    fn the_drawing_clamps_the_offset_and_the_next_key_starts_from_the_screen() {
        let mut s = Scroll::default();
        // Before any drawing the bound is unknown: the offset is kept and
        // clamped when drawn.
        for _ in 0..30 {
            s.apply(Action::Down, 5);
        }
        assert_eq!(s.window(12, 5), 7..12);
        // The next key moves from what the screen shows: one row up.
        s.apply(Action::Up, 5);
        assert_eq!(s.top(), 6);
        assert_eq!(s.window(12, 5), 6..11);
        // Down stops at the last page; End goes there, Home to the top.
        for _ in 0..10 {
            s.apply(Action::Down, 5);
        }
        assert_eq!(s.top(), 7);
        s.apply(Action::Top, 5);
        assert_eq!(s.window(12, 5), 0..5);
        s.apply(Action::Bottom, 5);
        assert_eq!(s.window(12, 5), 7..12);
        s.apply(Action::PageUp, 5);
        assert_eq!(s.window(12, 5), 2..7);
        s.apply(Action::PageDown, 5);
        s.apply(Action::PageDown, 5);
        assert_eq!(s.window(12, 5), 7..12);
        // A taller screen shows it all, and nothing is left to scroll.
        assert_eq!(s.window(12, 20), 0..12);
        s.apply(Action::Down, 5);
        assert_eq!(s.top(), 0);
        assert!(!s.apply(Action::Close, 5));
    }
}
