//! The providers screen: the table, then the selected provider's contact,
//! terms, figures and prices.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{ProvidersView, body_rows};
use crate::app::Shell;
use crate::domain::stay::{Provider, Service};
use crate::panes::stays::StaysPane;
use crate::text::stays as words;
use crate::ui::widgets::{Column, DataTable, TableCell, fit_width, wrap};
use crate::ui::{Theme, styled};

/// A provider's row: its name matters most; the price of a service other
/// than treatment and stay gives way early, and the contact, which the
/// selected provider's lines under the table show in full, first.
const COLUMNS: [Column; 5] = [
    Column::new(words::PROVIDER_COL_NAME, 16, 36).priority(9),
    Column::new(words::PROVIDER_COL_TREATMENT, 13, 14).priority(7).right(),
    Column::new(words::PROVIDER_COL_STAY, 13, 14).priority(6).right(),
    Column::new(words::PROVIDER_COL_OTHER, 13, 14).priority(2).right(),
    Column::new(words::PROVIDER_COL_CONTACT, 20, 40).priority(1).fill(),
];

/// Where the sub-lines of the selected provider start.
const INDENT: &str = "    ";

pub fn draw(frame: &mut Frame, area: Rect, pane: &StaysPane, view: &ProvidersView, sh: &Shell, theme: &Theme) {
    let block = Block::default().borders(Borders::ALL).title(format!(" {} ", words::PROVIDERS_TITLE));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let len = pane.providers.len();
    if len == 0 {
        frame.render_widget(Paragraph::new(styled(words::PROVIDERS_EMPTY, theme.dim())), inner);
        return;
    }
    let rows = body_rows(usize::from(inner.height), len) as u16;
    let [table, _, selected] =
        Layout::vertical([Constraint::Length(rows + 1), Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    DataTable::new(&COLUMNS).header_style(theme.bold()).selected_style(theme.selected()).render(
        frame,
        table,
        &view.cursor,
        len,
        |i| provider_cells(&pane.providers[i], sh),
    );
    if let Some(i) = view.cursor.selection(len) {
        let lines = provider_lines(&pane.providers[i], sh, usize::from(inner.width), theme);
        frame.render_widget(Paragraph::new(lines), selected);
    }
}

fn provider_cells(p: &Provider, sh: &Shell) -> Vec<TableCell> {
    let price_today = |service| {
        let price = p.price_on(service, sh.today);
        TableCell::from(price.map_or_else(|| words::NO_FIGURE.to_string(), words::price_short))
    };
    vec![
        TableCell::from(p.name.as_str()),
        price_today(Service::Treatment),
        price_today(Service::Stay),
        price_today(Service::Other),
        TableCell::from(p.contact.as_str()),
    ]
}

/// The selected provider in full: name, Tilbudsportalen and contact; the
/// terms; food and lodging; every price, the ones in force marked.
fn provider_lines(p: &Provider, sh: &Shell, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let head = words::provider_head(p);
    let mut lines: Vec<Line<'static>> =
        wrap(&head, width).into_iter().map(|row| Line::from(styled(row, theme.bold()))).collect();
    let room = width.saturating_sub(INDENT.len());
    for row in wrap(&words::terms(p), room) {
        lines.push(Line::from(format!("{INDENT}{row}")));
    }
    let figures = words::food_and_lodging(p.food_per_day, p.lodging_per_day);
    lines.push(Line::from(styled(fit_width(&format!("{INDENT}{figures}"), width), theme.dim())));
    let mut prices = p.prices.clone();
    prices.sort_by_key(|x| (x.service, x.valid_from));
    if prices.is_empty() {
        lines.push(Line::from(styled(format!("{INDENT}{}", words::NO_PRICES_YET), theme.warning())));
    }
    for price in prices {
        let in_force = p.price_on(price.service, sh.today) == Some(&price);
        let line = format!("{INDENT}{}", words::price_since(&price, in_force));
        lines.push(Line::from(fit_width(&line, width)));
    }
    lines
}
