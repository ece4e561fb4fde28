//! Døgn: residential stays. The list of stays is the pane's base; a stay,
//! the totals or the providers are opened over it as screens on a stack,
//! each carrying its own state, and Esc closes the one on top. This file
//! holds the pane, its screens and where a key goes; each screen and each
//! form is a file of its own (see `forms`).

mod data;
mod forms;
mod keys;
mod list;
mod providers;
mod stay;
mod totals;

#[cfg(test)]
mod tests;

use ratatui::Frame;
use ratatui::layout::Rect;

pub use data::StayLine;
pub use forms::StaysForm;
pub use providers::ProvidersView;
pub use stay::StayDetail;

use crate::app::form::Form;
use crate::app::form_host::ActiveForm;
use crate::app::list_cursor::ListCursor;
use crate::app::pane::Screen;
use crate::app::scroll::Scroll;
use crate::app::{Action, Pane, Shell, StatusKind};
use crate::domain::stay::{Provider, StayTotals};
use crate::text;
use crate::ui::Theme;

/// A screen opened over the list of stays, with its state.
#[derive(Debug, Clone)]
pub enum StaysScreen {
    /// One stay: its cost line by line, its own payment, its history.
    Detail(Box<StayDetail>),
    /// The cost per month, year and provider, and the forecast.
    Totals { scroll: Scroll },
    /// The providers and their prices.
    Providers(ProvidersView),
}

/// The pane: the stays and the providers as loaded, the list's cursor, the
/// screens opened over the list and the open form.
#[derive(Debug, Default)]
pub struct StaysPane {
    /// The stays, what needs acting on first.
    pub lines: Vec<StayLine>,
    pub cursor: ListCursor,
    pub providers: Vec<Provider>,
    pub totals: Option<StayTotals>,
    /// The screens over the list, the one on show last.
    pub stack: Vec<StaysScreen>,
    pub form: Option<ActiveForm<StaysForm>>,
}

impl StaysPane {
    pub fn selected_line(&self) -> Option<&StayLine> {
        self.cursor.selection(self.lines.len()).map(|i| &self.lines[i])
    }

    /// The screen on show over the list, if any.
    pub fn top(&self) -> Option<&StaysScreen> {
        self.stack.last()
    }

    /// The stay open on top, if that is what is shown.
    pub fn detail(&self) -> Option<&StayDetail> {
        match self.stack.last() {
            Some(StaysScreen::Detail(detail)) => Some(detail.as_ref()),
            _ => None,
        }
    }

    /// The provider selected on the providers screen, when it is on show.
    pub fn selected_provider(&self) -> Option<&Provider> {
        match self.stack.last() {
            Some(StaysScreen::Providers(view)) => {
                view.cursor.selection(self.providers.len()).map(|i| &self.providers[i])
            }
            _ => None,
        }
    }

    pub fn provider(&self, id: i64) -> Option<&Provider> {
        self.providers.iter().find(|p| p.id == id)
    }

    /// The stay the step keys act on: the open stay, else the list's
    /// selection; none on the other screens.
    fn target_stay(&self) -> Option<&StayLine> {
        match self.stack.last() {
            None => self.selected_line(),
            Some(StaysScreen::Detail(detail)) => Some(&detail.line),
            Some(_) => None,
        }
    }

    /// Stay `id` as last loaded: an open stay's view, else the list's.
    fn stay_line(&self, id: i64) -> Option<&StayLine> {
        let open = self.stack.iter().rev().find_map(|screen| match screen {
            StaysScreen::Detail(detail) if detail.stay_id() == id => Some(&detail.line),
            _ => None,
        });
        open.or_else(|| self.lines.iter().find(|l| l.row.stay.id == id))
    }

    /// A key on the screen on show (no form open).
    fn update_screen(&mut self, action: Action, sh: &mut Shell) {
        if action == Action::Close {
            self.stack.pop();
            return;
        }
        if self.move_on_screen(action, sh) {
            return;
        }
        match self.stack.last() {
            None | Some(StaysScreen::Detail(_)) => self.stays_action(action, sh),
            Some(StaysScreen::Providers(_)) => providers::update(self, action, sh),
            Some(StaysScreen::Totals { .. }) => {}
        }
    }

    /// The movement keys: the list's and the providers' cursors, the
    /// views' scrolling. Returns whether `action` was one.
    fn move_on_screen(&mut self, action: Action, sh: &mut Shell) -> bool {
        // A view of text has no summary or column titles: it shows the
        // list area's rows and those two.
        let view_page = sh.list_rows + 2;
        match self.stack.last_mut() {
            None => {
                let moved = self.cursor.apply(action, self.lines.len(), list::stays_per_page(sh.list_rows));
                if moved {
                    self.name_and_cost_view(sh);
                }
                moved
            }
            Some(StaysScreen::Detail(detail)) => detail.scroll.apply(action, view_page),
            Some(StaysScreen::Totals { scroll }) => scroll.apply(action, view_page),
            Some(StaysScreen::Providers(view)) => {
                let len = self.providers.len();
                view.cursor.apply(action, len, providers::table_rows(sh.list_rows, len))
            }
        }
    }

    /// The list's keys, live on the list and under an open stay.
    fn stays_action(&mut self, action: Action, sh: &mut Shell) {
        match action {
            Action::OpenStay => {
                let Some(id) = self.selected_line().map(|l| l.row.stay.id) else { return };
                if let Err(why) = stay::open(self, sh, id) {
                    sh.set_status(StatusKind::Error, why);
                }
            }
            Action::StayTotals => self.stack.push(StaysScreen::Totals { scroll: Scroll::default() }),
            Action::Providers => self.stack.push(StaysScreen::Providers(ProvidersView::default())),
            Action::NewStay => list::new_stay::open(self, sh),
            Action::OwnPayment => stay::own_payment::open(self, sh),
            other => {
                if let Some(kind) = stay::step::kind_of(other) {
                    stay::step::open(self, sh, kind);
                }
            }
        }
    }
}

impl Pane for StaysPane {
    fn title(&self) -> &'static str {
        text::stays::PANE
    }

    fn go_action(&self) -> Action {
        Action::PaneStays
    }

    fn due_kinds(&self) -> &'static [crate::domain::due::DueKind] {
        use crate::domain::due::DueKind;
        &[
            DueKind::StayApproval,
            DueKind::StayMidwayStatus,
            DueKind::StayFinalStatus,
            DueKind::StayInterruptionReport,
            DueKind::StayOwnPaymentTold,
        ]
    }

    /// The steps stay live over an open stay, so a counsellor can act on
    /// what they read.
    fn screen(&self) -> &'static Screen {
        match self.stack.last() {
            None => &keys::LIST,
            Some(StaysScreen::Detail(_)) => &keys::STAY,
            Some(StaysScreen::Totals { .. }) => &keys::TOTALS,
            Some(StaysScreen::Providers(_)) => &keys::PROVIDERS,
        }
    }

    fn screens(&self) -> &'static [&'static Screen] {
        keys::SCREENS
    }

    fn markers(&self) -> &'static [crate::text::markers::Marker] {
        match self.stack.last() {
            // A stay's view says its flags in full sentences that begin
            // with the list's markers.
            None | Some(StaysScreen::Detail(_)) => &crate::text::stays::STAY_MARKERS,
            Some(StaysScreen::Totals { .. } | StaysScreen::Providers(_)) => &[],
        }
    }

    fn update(&mut self, action: Action, sh: &mut Shell) {
        if self.form.is_some() {
            forms::update(self, action, sh);
        } else {
            self.update_screen(action, sh);
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, sh: &Shell, theme: &Theme) {
        match self.stack.last() {
            None => list::draw(frame, area, self, sh, theme),
            Some(StaysScreen::Detail(detail)) => stay::draw(frame, area, detail, sh, theme),
            Some(StaysScreen::Totals { scroll }) => totals::draw(frame, area, self, scroll, sh, theme),
            Some(StaysScreen::Providers(view)) => providers::draw(frame, area, self, view, sh, theme),
        }
    }

    fn reload(&mut self, sh: &mut Shell) {
        if let Err(why) = self.reload_stays(sh) {
            sh.set_status(StatusKind::Error, why);
        }
    }

    /// A taller view shows stays that were not in view.
    fn view_resized(&mut self, sh: &mut Shell) {
        self.name_and_cost_view(sh);
    }

    fn shown_list(&self) -> Option<(String, usize)> {
        self.stack.is_empty().then(|| (text::stays::PANE.to_string(), self.lines.len()))
    }

    fn form(&self) -> Option<&Form> {
        self.form.as_ref().map(|a| &a.form)
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        self.form.as_mut().map(|a| &mut a.form)
    }
}
