//! Drawing the find: the search line over the cases found, or the open
//! case's whole life. Reads the state, changes nothing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::Find;
use crate::app::Shell;
use crate::text;
use crate::text::find as words;
use crate::ui::widgets::{Column, DataTable, TableCell, scroll_view};
use crate::ui::{Theme, styled};

const COLUMNS: [Column; 5] = [
    Column::fixed(words::COL_CASE, 6).priority(5).right(),
    Column::new(words::COL_NAME, 12, 32).priority(4).fill(),
    Column::fixed(words::COL_CPR, 13).priority(3),
    Column::new(words::COL_STATE, 16, 16).priority(2),
    Column::new(words::COL_COUNSELLOR, 8, 16).priority(1),
];

/// Draws the find over `area` (the pane's place on the screen).
pub fn draw(frame: &mut Frame, area: Rect, find: &Find, shell: &Shell, theme: &Theme) {
    if let Some(life) = &find.life {
        let block = Block::default().borders(Borders::ALL).title(life.title());
        scroll_view(frame, area, block, life.lines(shell, theme), &life.scroll);
        return;
    }
    frame.render_widget(Clear, area);
    let block = Block::default().borders(Borders::ALL).title(format!(" {} ", words::TITLE));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [prompt, how, list, foot] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(3), Constraint::Min(1), Constraint::Length(1)])
            .areas(inner);
    let typed = Line::from(vec![styled(words::PROMPT, theme.bold()), styled(format!("{}▏", find.query), theme.text())]);
    frame.render_widget(Paragraph::new(typed), prompt);
    let hint = format!("{} {}", words::HOW, words::CPR_ONLY_OPENABLE);
    frame.render_widget(Paragraph::new(styled(hint, theme.dim())).wrap(Wrap { trim: true }), how);
    let empty = match (&find.error, find.parsed().is_empty()) {
        (Some(e), _) => format!("{} {e}", words::SEARCH_FAILED),
        (None, true) => words::TYPE_MORE.to_string(),
        (None, false) => words::NOTHING_FOUND.to_string(),
    };
    let cases = &find.found.cases;
    let table =
        DataTable::new(&COLUMNS).header_style(theme.bold()).selected_style(theme.selected()).empty(empty, theme.dim());
    table.render(frame, list, &find.cursor, cases.len(), |i| {
        let found = &cases[i];
        let c = &found.case;
        let cpr = match (found.opens, c.identity.cpr()) {
            (false, _) => words::NOT_OPENABLE.to_string(),
            (true, cpr) => cpr.map(|cpr| cpr.masked()).unwrap_or_default(),
        };
        let state = words::state(c).to_string();
        let style = if found.opens { theme.text() } else { theme.dim() };
        let name = c.identity.display_name().to_string();
        vec![
            TableCell::new(c.id.to_string(), style),
            TableCell::new(text::cli::printable(&name).into_owned(), style),
            TableCell::new(cpr, style),
            TableCell::new(state, style),
            TableCell::new(text::cli::printable(&c.counsellor).into_owned(), style),
        ]
    });
    let footer = if find.found.more {
        words::more_than_shown()
    } else if cases.is_empty() {
        String::new()
    } else {
        words::found(cases.len())
    };
    frame.render_widget(Paragraph::new(styled(footer, theme.dim())), foot);
}
