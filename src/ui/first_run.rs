//! The first run's setup screen: what it is for on top, the form under it,
//! the message and key lines at the bottom; drawn instead of the panes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::Theme;
use crate::app::App;
use crate::app::form::Form;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, form: &Form, theme: &Theme) {
    let [intro, main, status, keys] =
        Layout::vertical([Constraint::Length(3), Constraint::Min(3), Constraint::Length(1), Constraint::Length(1)])
            .areas(area);
    let said = Line::from(Span::styled(crate::text::demo::SETUP_INTRO, theme.text()));
    frame.render_widget(Paragraph::new(said).wrap(Wrap { trim: true }), intro);
    super::form::draw(frame, main, form, theme);
    super::draw_status(frame, status, app, theme);
    super::draw_keys(frame, keys, app, theme);
}
