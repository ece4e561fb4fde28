//! Presentation mode, for a projector: the last keys pressed on a strip at
//! the bottom, so the room sees what the trainer typed, and no CPR number
//! anywhere on screen (not even the birth date of a masked one).

use std::collections::VecDeque;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::keymap::Key;
use crate::theme::Theme;

/// How many keys the strip remembers.
const KEPT: usize = 12;

/// The last keys pressed, oldest first, by the names the screen uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyStrip {
    keys: VecDeque<String>,
}

impl KeyStrip {
    pub fn push(&mut self, key: Key) {
        if self.keys.len() == KEPT {
            self.keys.pop_front();
        }
        self.keys.push_back(shown(&key.to_string()));
    }

    /// The keys as the strip shows them, oldest first.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.keys.iter().map(String::as_str)
    }
}

/// A key as the room reads it: arrows as arrows, the rest by its Danish
/// name (`enter`, `mellemrum`, `ctrl-s`).
fn shown(spec: &str) -> String {
    match spec {
        "down" => "↓".to_string(),
        "up" => "↑".to_string(),
        "left" => "←".to_string(),
        "right" => "→".to_string(),
        other => crate::text::keys::key_name(other),
    }
}

/// The strip: "Taster:" and the newest keys that fit, newest last.
pub fn draw_strip(frame: &mut Frame, area: Rect, strip: &KeyStrip, theme: &Theme) {
    let label = crate::text::tour::KEYS_PRESSED;
    let room = (area.width as usize).saturating_sub(label.chars().count() + 1);
    let mut shown: Vec<&str> = Vec::new();
    let mut width = 0;
    for name in strip.names().collect::<Vec<_>>().into_iter().rev() {
        let w = name.chars().count() + 2;
        if width + w > room {
            break;
        }
        width += w;
        shown.push(name);
    }
    let mut spans = vec![Span::styled(label, theme.bold())];
    for name in shown.into_iter().rev() {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(format!("[{name}]"), theme.accent()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Overwrites every CPR-like number in `area` with X: a run of six or more
/// digits, and a dash and four digits or X after it. Done on the drawn
/// screen, so no view can show one by mistake (a masked CPR's birth date,
/// a number typed into a form).
pub fn mask_cpr(buffer: &mut Buffer, area: Rect) {
    let area = area.intersection(buffer.area);
    for y in area.top()..area.bottom() {
        let row: Vec<String> = (area.left()..area.right()).map(|x| buffer[(x, y)].symbol().to_string()).collect();
        for (start, end) in cpr_runs(&row) {
            for i in start..end {
                if row[i] != "-" {
                    buffer[(area.left() + i as u16, y)].set_symbol("X");
                }
            }
        }
    }
}

/// The cells of `row` (one symbol a cell) that make up CPR-like numbers, as
/// ranges of cells.
fn cpr_runs(row: &[String]) -> Vec<(usize, usize)> {
    let digit = |i: usize| row.get(i).is_some_and(|s| s.len() == 1 && s.as_bytes()[0].is_ascii_digit());
    let mut runs = Vec::new();
    let mut i = 0;
    while i < row.len() {
        if !digit(i) {
            i += 1;
            continue;
        }
        let start = i;
        while digit(i) {
            i += 1;
        }
        if i - start < 6 {
            continue;
        }
        // The control digits after a dash: digits, or the X of a masked one.
        if row.get(i).is_some_and(|s| s == "-") {
            let mut j = i + 1;
            while j < row.len() && j <= i + 4 && (digit(j) || row[j] == "X") {
                j += 1;
            }
            if j > i + 1 {
                i = j;
            }
        }
        runs.push((start, i));
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> String {
        let mut buffer = Buffer::with_lines([text]);
        let area = buffer.area;
        mask_cpr(&mut buffer, area);
        (0..area.width).map(|x| buffer[(x, 0)].symbol().to_string()).collect()
    }

    #[test]
    fn every_cpr_like_number_is_masked_whole_and_nothing_else() {
        assert_eq!(masked("CPR 010135-XXXX  (c: vis)"), "CPR XXXXXX-XXXX  (c: vis)");
        assert_eq!(masked("CPR 010135-1234 x"), "CPR XXXXXX-XXXX x");
        assert_eq!(masked("[0101351234]"), "[XXXXXXXXXX]");
        assert_eq!(
            masked("Sag 12 · 10.03.2026 · 1.234,50 kr · tlf 12345"),
            "Sag 12 · 10.03.2026 · 1.234,50 kr · tlf 12345"
        );
        assert_eq!(masked("010135- og 0101351"), "XXXXXX- og XXXXXXX");
    }

    #[test]
    fn the_strip_keeps_the_last_keys_by_their_names() {
        let mut strip = KeyStrip::default();
        for spec in ["j", "down", "enter", "ctrl-s", "space"] {
            strip.push(Key::parse(spec).unwrap());
        }
        assert_eq!(strip.names().collect::<Vec<_>>(), ["j", "↓", "enter", "ctrl-s", "mellemrum"]);
        for _ in 0..20 {
            strip.push(Key::parse("k").unwrap());
        }
        assert_eq!(strip.names().count(), KEPT);
    }
}
