//! Drawing a form: one line a field, the error (or hint) under the field it
//! belongs to, and the banner on top.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::{Theme, styled};
use crate::app::form::{FieldValue, Form};

const LABEL_WIDTH: usize = 20;

pub fn draw(frame: &mut Frame, area: Rect, form: &Form, theme: &Theme) {
    let mut lines: Vec<Line> = Vec::new();
    let mut focus_line = 0;
    // The focused field's rows: its line, and its error or hint under it.
    let mut focus_rows = 1;
    let mut cursor: Option<(usize, u16)> = None;
    if let Some(banner) = &form.banner {
        lines.push(Line::from(styled(banner.clone(), theme.warning())));
        lines.push(Line::from(""));
    }
    let banner_lines = lines.len();
    for (i, field) in form.fields.iter().enumerate() {
        if field.hidden {
            continue;
        }
        let focused = i == form.focus;
        if focused {
            focus_line = lines.len();
        }
        let pointer = if focused { "›" } else { " " };
        let marker = if field.error.is_some() { "!" } else { " " };
        let label = format!("{pointer}{marker}{:<LABEL_WIDTH$} ", field.label);
        let value_style = if focused { theme.selected() } else { theme.text() };
        let value = match &field.value {
            FieldValue::Text { value, cursor: c } => {
                if focused {
                    let before: String = value.chars().take(*c).collect();
                    cursor = Some((lines.len(), (label.width() + before.width()) as u16));
                }
                format!("{value} ")
            }
            FieldValue::Choice { options, index } => {
                let option = options.get(*index).cloned().unwrap_or_default();
                if focused { format!("‹ {option} ›") } else { option }
            }
            FieldValue::Multi { options, chosen, cursor: c } => {
                let picked: Vec<&str> =
                    options.iter().zip(chosen).filter(|(_, on)| **on).map(|(o, _)| o.as_str()).collect();
                let picked = if picked.is_empty() { "ingen valgt".to_string() } else { picked.join(", ") };
                if focused {
                    let under = options.get(*c).cloned().unwrap_or_default();
                    let mark = if chosen.get(*c).copied().unwrap_or(false) { "x" } else { " " };
                    format!("‹[{mark}] {under}›  {picked}")
                } else {
                    picked
                }
            }
        };
        let label_style = if field.error.is_some() { theme.danger() } else { theme.bold() };
        lines.push(Line::from(vec![styled(label, label_style), styled(value, value_style)]));
        if let Some(error) = &field.error {
            lines.push(Line::from(styled(format!("   {:LABEL_WIDTH$}  ! {error}", ""), theme.danger())));
            if focused {
                focus_rows = 2;
            }
        } else if focused && let Some(hint) = &field.hint {
            lines.push(Line::from(styled(format!("   {:LABEL_WIDTH$}  {hint}", ""), theme.dim())));
            focus_rows = 2;
        }
    }

    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = super::centered(area, 78, height);
    frame.render_widget(Clear, rect);
    let block = Block::default().borders(Borders::ALL).title(format!(" {} ", form.title));
    let inner = block.inner(rect);
    // Keep the focused field (and its error or hint) in view when the form
    // is taller than the screen. A one-line field needs one row: counting
    // a hint row it does not have scrolled a one-field form off its box.
    let visible = inner.height as usize;
    let end = focus_line + focus_rows;
    let offset = if end > visible { (end - visible).max(banner_lines.min(focus_line)) } else { 0 };
    let shown: Vec<Line> = lines.into_iter().skip(offset).collect();
    frame.render_widget(Paragraph::new(shown).block(block).wrap(Wrap { trim: false }), rect);
    if let Some((line, col)) = cursor
        && line >= offset
        && ((line - offset) as u16) < inner.height
        && col < inner.width
    {
        frame.set_cursor_position(Position { x: inner.x + col, y: inner.y + (line - offset) as u16 });
    }
    let _ = Span::raw("");
}
