//! The totals: the cost per month, for the year and per provider, with the
//! forecast for the rest of the year, as computed when the stays were
//! loaded. A view of text over the list, scrolled.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders};

use super::StaysPane;
use crate::app::Shell;
use crate::app::scroll::Scroll;
use crate::domain::dates::{add_days, format_date_dk};
use crate::text;
use crate::ui::widgets::scroll_view;
use crate::ui::{Theme, fit, styled};

pub fn draw(frame: &mut Frame, area: Rect, pane: &StaysPane, scroll: &Scroll, sh: &Shell, theme: &Theme) {
    let block = Block::default().borders(Borders::ALL).title(format!(" {} ", text::stays::TOTALS_TITLE));
    scroll_view(frame, area, block, totals_lines(pane, sh, theme), scroll);
}

fn totals_lines(pane: &StaysPane, sh: &Shell, theme: &Theme) -> Vec<Line<'static>> {
    let Some(t) = &pane.totals else { return vec![Line::from(text::stays::STAYS_EMPTY)] };
    let row = |label: String, a: String, b: String, c: String| format!("{label:<20}{a:>14} {b:>14} {c:>15}");
    let mut lines = vec![
        Line::from(styled(format!("{} · opgjort {}", t.year, format_date_dk(sh.today)), theme.bold())),
        Line::from(styled(
            row("Måned".into(), "Afholdt kr".into(), "Prognose kr".into(), "I alt kr".into()),
            theme.bold(),
        )),
    ];
    for m in &t.months {
        let style = if m.month == sh.today.month() { theme.accent() } else { theme.text() };
        lines.push(Line::from(styled(
            row(
                text::stays::month(m.month).into(),
                text::stays::kr(m.realised),
                text::stays::kr(m.forecast),
                text::stays::kr(m.realised + m.forecast),
            ),
            style,
        )));
    }
    lines.push(Line::from(styled(
        row(
            format!("I alt {}", t.year),
            text::stays::kr(t.realised),
            text::stays::kr(t.forecast),
            text::stays::kr(t.year_total()),
        ),
        theme.bold(),
    )));
    lines.push(Line::from(row(
        format!("{} (hele året)", t.year - 1),
        text::stays::kr(t.last_year),
        String::new(),
        text::stays::kr(t.last_year),
    )));
    lines.push(Line::from(""));
    lines.push(Line::from(styled(
        row(format!("Pr. leverandør {}", t.year), "Afholdt kr".into(), "Prognose kr".into(), "I alt kr".into()),
        theme.bold(),
    )));
    for p in &t.providers {
        let name = pane.provider(p.provider_id).map_or_else(|| format!("#{}", p.provider_id), |p| p.name.clone());
        lines.push(Line::from(row(
            fit(&name, 19),
            text::stays::kr(p.realised),
            text::stays::kr(p.forecast),
            text::stays::kr(p.realised + p.forecast),
        )));
    }
    lines.push(Line::from(""));
    let tomorrow = add_days(sh.today, 1);
    lines.push(Line::from(format!(
        "Prognose {} – 31.12.{}: {} fra {} kørende og {} bevilgede ophold, hver til planlagt slut.",
        format_date_dk(tomorrow),
        t.year,
        t.forecast.format_dk(),
        t.forecast_running,
        t.forecast_approved
    )));
    lines.push(Line::from(styled("Indstillede ophold tæller ikke med, før de er bevilget.".to_string(), theme.dim())));
    for (id, e) in &t.failed {
        lines.push(Line::from(styled(
            format!("Ophold {id} er ikke talt med: {}", text::stays::cost_error(e)),
            theme.danger(),
        )));
    }
    lines
}
