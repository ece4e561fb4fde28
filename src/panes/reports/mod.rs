//! Rapporter: not built yet; the pane says so.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::keymap::Layer;
use crate::app::pane::Screen;
use crate::app::{Action, Pane, Shell};
use crate::text;
use crate::ui::Theme;

const COMING: Screen = Screen::new(
    &[Layer::Global],
    &[
        (Layer::Global, Action::NextPane, "næste rude"),
        (Layer::Global, Action::Help, "hjælp"),
        (Layer::Global, Action::Quit, "afslut"),
    ],
);

#[derive(Debug, Default)]
pub struct ReportsPane;

impl Pane for ReportsPane {
    fn title(&self) -> &'static str {
        text::REPORTS_PANE
    }

    fn go_action(&self) -> Action {
        Action::PaneReports
    }

    fn screen(&self) -> &'static Screen {
        &COMING
    }

    fn screens(&self) -> &'static [&'static Screen] {
        &[&COMING]
    }

    fn update(&mut self, _action: Action, _shell: &mut Shell) {}

    fn draw(&self, frame: &mut Frame, area: Rect, _shell: &Shell, theme: &Theme) {
        let block = Block::default().borders(Borders::ALL).title(format!(" {} ", text::REPORTS_PANE));
        let body = vec![
            Line::from(Span::styled(text::COMING_LATER, theme.bold())),
            Line::from(""),
            Line::from(text::REPORTS_COMING),
        ];
        frame.render_widget(Paragraph::new(body).block(block).wrap(Wrap { trim: true }), area);
    }

    fn reload(&mut self, _shell: &mut Shell) {}
}
