//! The help overlay, built from the keymap's descriptions, so it always
//! shows the keys as the user has them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{Theme, styled};
use crate::app::App;
use crate::app::keymap::{Binding, Layer};
use crate::text;

/// Bindings of one layer with the keys of the same command joined: "down / j".
fn grouped(bindings: &[Binding]) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = Vec::new();
    for b in bindings {
        match rows.iter_mut().find(|(_, desc)| *desc == b.desc) {
            Some((keys, _)) => keys.push_str(&format!(" / {}", b.key)),
            None => rows.push((b.key.to_string(), b.desc.clone())),
        }
    }
    rows
}

fn layer_title(layer: Layer) -> &'static str {
    match layer {
        Layer::Global => "Overalt",
        Layer::List => "Lister",
        Layer::Intake => "Indtag",
        Layer::Case => "Åben sag",
        Layer::Plans => "Planer",
        Layer::FollowUp => "Opfølgningsopkald",
        Layer::Plan => "Åben plan",
        Layer::Notifications => "Underretninger",
        Layer::Notification => "Åben underretning",
        Layer::Family => "Sagens børn",
        Layer::Stays => "Døgn",
        Layer::StayView => "Åbent ophold / udgifter",
        Layer::Providers => "Leverandører",
        Layer::Form => "Formularer",
        Layer::Search => "Søgning",
        Layer::Help => "Hjælp",
        Layer::Groups => "Grupper",
        Layer::Group => "Gruppe",
        Layer::RollCall => "Fremmøde",
        Layer::Serial => "Serienummer",
        Layer::MoveCourses => "MOVE-forløb",
        Layer::MoveCourse => "Et MOVE-forløb",
        Layer::Ledger => "Gavekortregnskab",
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    // The layers of the mode under the help screen.
    let layers = app.mode_layers();
    let mut lines = Vec::new();
    for &layer in layers {
        if !lines.is_empty() {
            lines.push(Line::from(""));
        }
        lines.push(Line::from(styled(layer_title(layer), theme.bold())));
        for (keys, desc) in grouped(app.keymap.bindings(layer)) {
            lines.push(Line::from(format!(" {keys:<11} {desc}")));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(styled(text::HELP_CLOSE, theme.dim())));

    // On a small screen the list flows into columns rather than being cut.
    let rows = area.height.saturating_sub(2).max(1) as usize;
    let columns = lines.len().div_ceil(rows).max(1);
    let height = lines.len().div_ceil(columns) as u16 + 2;
    let rect = super::centered(area, (columns as u16) * 46, height);
    frame.render_widget(Clear, rect);
    let block = Block::default().borders(Borders::ALL).title(format!(" {} ", text::HELP_TITLE));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = inner.width / columns as u16;
    for (i, chunk) in lines.chunks(rows).enumerate() {
        let col = Rect { x: inner.x + width * i as u16, y: inner.y, width, height: inner.height };
        frame.render_widget(Paragraph::new(chunk.to_vec()), col);
    }
}
