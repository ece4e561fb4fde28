//! Drawing. Every function here reads the app's state and changes nothing.

mod first_run;
mod form;
mod help;
mod keymap_problems;

pub(crate) use help::{grouped as key_rows, layer_title};

pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::app::{App, StatusKind};
use crate::domain::dates::format_date_dk;
use crate::text;
/// The theme lives below both app and ui (a pane names it in its draw).
pub use crate::theme::Theme;

/// Rows the chrome takes around a pane's list (tab bar, status, key line,
/// the pane's border, header and column titles).
pub const CHROME_ROWS: u16 = 7;

/// The chrome's rows with the app's banner, if it has one.
pub fn chrome_rows(app: &App) -> u16 {
    CHROME_ROWS + u16::from(app.banner.is_some()) + u16::from(app.present)
}

pub fn draw(frame: &mut Frame, app: &App, theme: &Theme) {
    draw_in(frame, frame.area(), app, theme);
}

/// Draws the app in `area` (a guided tour keeps rows below it for its
/// caption). In presentation mode: the high-contrast look, the keys just
/// pressed on the last row, and no CPR number anywhere on screen.
pub fn draw_in(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    if !app.present {
        draw_screen(frame, area, app, theme);
        return;
    }
    let theme = theme.high_contrast();
    let [screen, strip] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    draw_screen(frame, screen, app, &theme);
    crate::app::present::draw_strip(frame, strip, &app.pressed, &theme);
    crate::app::present::mask_cpr(frame.buffer_mut(), area);
}

fn draw_screen(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut area = area;
    if let Some(banner) = &app.banner {
        let [top, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        frame.render_widget(Paragraph::new(Line::from(Span::styled(banner.as_str(), theme.warning()))), top);
        area = rest;
    }
    if let Some((title, lines)) = &app.shut_out {
        draw_shut_out(frame, area, title, lines, theme);
        return;
    }
    if let Some(form) = &app.setup {
        first_run::draw(frame, area, app, form, theme);
        return;
    }
    // The help is a page of its own below the banner: its border says how
    // to close it, so the tabs, status and key lines give it their rows
    // (every key of the fullest screen fits at 80×24 that way).
    if app.help {
        help::draw(frame, area, app, theme);
        return;
    }
    let [tabs, main, status, keys] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(3), Constraint::Length(1), Constraint::Length(1)])
            .areas(area);
    draw_tabs(frame, tabs, app, theme);
    app.pane().draw(frame, main, &app.shell, theme);
    if let Some(form) = app.form() {
        form::draw(frame, main, form, theme);
    }
    if let Some(find) = &app.find {
        crate::app::find::draw(frame, main, find, &app.shell, theme);
    }
    if let Some(palette) = &app.palette {
        crate::app::palette::draw(frame, main, palette, theme);
    }
    keymap_problems::draw(frame, main, &app.keymap_problems, theme);
    draw_status(frame, status, app, theme);
    draw_keys(frame, keys, app, theme);
}

/// The one screen of a person who sees no case.
fn draw_shut_out(frame: &mut Frame, area: Rect, title: &str, lines: &[String], theme: &Theme) {
    let text: Vec<Line> = lines.iter().map(|l| Line::from(Span::styled(l.as_str(), theme.text()))).collect();
    let block = ratatui::widgets::Block::default().borders(ratatui::widgets::Borders::ALL).title(title);
    frame.render_widget(Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: false }).block(block), area);
}

/// The tab bar: each pane's number and name, and beside it how many of
/// its deadlines are due (`app::due_badges`) when any are. On a screen too
/// narrow for the counts, the names alone.
fn draw_tabs(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let with_counts = tab_spans(app, theme, true);
    let width: usize = with_counts.iter().map(|s| s.width()).sum();
    let spans = if width <= area.width as usize { with_counts } else { tab_spans(app, theme, false) };
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn tab_spans<'a>(app: &App, theme: &Theme, counts: bool) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    for (i, pane) in app.panes.iter().enumerate() {
        let label = format!("{} {}", i + 1, pane.title());
        let active = i == app.current;
        if active {
            spans.push(Span::styled(format!("[{label}]"), theme.tab_active()));
        } else {
            spans.push(Span::styled(format!(" {label}"), theme.text()));
        }
        if let Some(due) = app.badges.due(pane.due_kinds()).filter(|d| counts && *d > 0) {
            spans.push(Span::styled(format!(" {due}"), theme.warning()));
        }
        // The same gaps as the names alone have: one after the active tab's
        // bracket, two after another's name.
        spans.push(Span::raw(if active { " " } else { "  " }));
    }
    spans
}

fn draw_status(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let line = match &app.shell.status {
        Some(s) => {
            let (prefix, style) = match s.kind {
                StatusKind::Info => ("", theme.text()),
                StatusKind::Warning => ("ADVARSEL: ", theme.warning()),
                StatusKind::Error => ("FEJL: ", theme.danger()),
            };
            Line::from(Span::styled(format!("{prefix}{}", s.text), style))
        }
        None => Line::from(""),
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The key line: the hints of the screen on show, with the keys the keymap
/// gives them (by their Danish names), so it stays true when a user
/// rebinds a key.
fn draw_keys(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut spans: Vec<Span> = Vec::new();
    for (layer, action, label) in app.screen().hints {
        if let Some(key) = app.keymap.keys_for(*layer, *action).first() {
            if !spans.is_empty() {
                spans.push(Span::raw("  "));
            }
            let name = text::keys::key_name(&key.to_string());
            spans.push(Span::styled(name, theme.accent().add_modifier(ratatui::style::Modifier::BOLD)));
            spans.push(Span::raw(format!(" {label}")));
        }
    }
    // The keys come first: on a narrow terminal the user, then the profile
    // give way, so the key line never loses a key (q afslut at 80 columns).
    let keys_width: usize = spans.iter().map(|s| s.width()).sum();
    let date = format_date_dk(app.shell.today);
    let profile = &app.shell.profile.name;
    let right = [format!("{} · {date} · {profile}", app.shell.user), format!("{date} · {profile}"), date]
        .into_iter()
        .find(|r| keys_width + 1 + r.width() <= area.width as usize)
        .unwrap_or_default();
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(right.width() as u16 + 1)]).areas(area);
    frame.render_widget(Paragraph::new(Line::from(spans)), left_area);
    frame.render_widget(Paragraph::new(Line::from(Span::styled(right, theme.dim()))).right_aligned(), right_area);
}

/// A rectangle of at most `width` × `height` centred in `area`.
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// The first `width` characters of `s`, with an ellipsis when cut.
pub(crate) fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else if width == 0 {
        String::new()
    } else {
        let mut out: String = s.chars().take(width - 1).collect();
        out.push('…');
        out
    }
}

pub(crate) fn styled(s: impl Into<String>, style: Style) -> Span<'static> {
    Span::styled(s.into(), style)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::app::keymap;
    use crate::store::{Centre, Store};

    fn key_line(width: u16, profile: &str) -> String {
        let mut store = Store::open_in_memory("anna.jensen").unwrap();
        store
            .set_centre(&Centre {
                name: "Test".into(),
                municipality: "Faxe".into(),
                profile: profile.into(),
                profile_path: None,
                profile_toml: None,
            })
            .unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let app = App::new(store, today, keymap::load(None).0).unwrap();
        let mut terminal = Terminal::new(TestBackend::new(width, 24)).unwrap();
        terminal.draw(|f| draw(f, &app, &Theme::plain())).unwrap();
        let buffer = terminal.backend().buffer();
        (0..width).map(|x| buffer[(x, 23)].symbol().to_string()).collect()
    }

    #[test]
    fn the_key_line_keeps_every_key_on_a_narrow_terminal_and_drops_the_user_first() {
        let wide = key_line(120, "national");
        assert!(wide.contains("q afslut"), "{wide:?}");
        assert!(wide.contains("anna.jensen · 10.03.2026 · National standard"), "{wide:?}");
        let standard = key_line(80, "national");
        assert!(standard.contains("q afslut"), "{standard:?}");
        assert!(!standard.contains("anna"), "{standard:?}");
        assert!(standard.trim_end().ends_with("10.03.2026 · National standard"), "{standard:?}");
        let narrow = key_line(64, "national");
        assert!(narrow.contains("q afslut"), "{narrow:?}");
        assert!(narrow.trim_end().ends_with("10.03.2026"), "{narrow:?}");
        assert!(!narrow.contains("National"), "{narrow:?}");
    }
}
