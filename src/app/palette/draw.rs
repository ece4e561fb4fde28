//! Drawing the palette: the search line over the actions that match it,
//! each with its keys and the part of the screen it belongs to. Reads the
//! state, changes nothing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::Palette;
use crate::text::keys::key_name;
use crate::text::palette as words;
use crate::ui::{Theme, centered, fit, layer_title, styled};

/// The box's width when there is room: the longest description with its
/// keys and its layer's title beside it.
const WIDTH: u16 = 76;
/// Rows of actions shown at most, when the screen is tall.
const ROWS: u16 = 16;
/// The keys' column: "ctrl-f / F" and the like.
const KEYS_WIDTH: usize = 14;
/// The layer's column.
const LAYER_WIDTH: usize = 16;

/// Draws the palette over `area` (the pane's place on the screen).
pub fn draw(frame: &mut Frame, area: Rect, palette: &Palette, theme: &Theme) {
    // Nearly as big as the pane: take all of it, so borders never double.
    let fill = |room: u16, wanted: u16| if wanted.saturating_add(8) > room { room } else { wanted };
    let rect = centered(area, fill(area.width, WIDTH), fill(area.height, ROWS + 5));
    frame.render_widget(Clear, rect);
    let block = Block::default().borders(Borders::ALL).title(format!(" {} ", words::TITLE));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [prompt, how, list, foot] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)])
            .areas(inner);
    let typed =
        Line::from(vec![styled(words::PROMPT, theme.bold()), styled(format!("{}▏", palette.query), theme.text())]);
    frame.render_widget(Paragraph::new(typed), prompt);
    frame.render_widget(Paragraph::new(styled(fit(words::HOW, usize::from(how.width)), theme.dim())), how);

    let width = usize::from(list.width);
    let rows = usize::from(list.height);
    // The chosen row stays in view: the list scrolls by whole pages.
    let first = palette.chosen / rows.max(1) * rows.max(1);
    let desc_width = width.saturating_sub(KEYS_WIDTH + LAYER_WIDTH + 3);
    let mut lines: Vec<Line> = Vec::new();
    for (row, &i) in palette.shown.iter().enumerate().skip(first).take(rows) {
        let entry = &palette.entries[i];
        let keys: Vec<String> = entry.keys.iter().map(|k| key_name(&k.to_string())).collect();
        let keys = fit(&keys.join(" / "), KEYS_WIDTH);
        let desc = fit(&entry.desc, desc_width);
        let layer = fit(layer_title(entry.layer), LAYER_WIDTH);
        let style = if row == palette.chosen { theme.selected() } else { theme.text() };
        let marker = if row == palette.chosen { "›" } else { " " };
        lines.push(Line::from(vec![
            Span::styled(format!("{marker}{desc}{:pad$} ", "", pad = desc_width.saturating_sub(desc.width())), style),
            styled(format!("{keys:KEYS_WIDTH$} "), theme.accent()),
            styled(layer, theme.dim()),
        ]));
    }
    if lines.is_empty() {
        lines.push(Line::from(styled(words::NOTHING_FOUND, theme.dim())));
    }
    frame.render_widget(Paragraph::new(lines), list);
    frame.render_widget(
        Paragraph::new(styled(words::shown(palette.shown.len(), palette.entries.len()), theme.dim())),
        foot,
    );
}
