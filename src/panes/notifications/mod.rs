//! Underretninger: what is pending under the duty to notify (the board),
//! one notification with its whole history, and a case's children, with
//! the forms that record each step.
//!
//! One navigation model: the board is the pane's base and lives in the
//! pane; every screen opened over it is pushed on `stack`, and Close pops
//! it, so a notification opened from a case's children closes back to the
//! children. Opening a screen that is already on the stack goes back to it
//! rather than stacking a second copy, so the stack never grows in a loop
//! (a notification → its case's children → the same notification).

mod board;
mod family;
mod forms;
mod keys;
mod notification;
mod view;

#[cfg(test)]
mod tests;

use ratatui::Frame;
use ratatui::layout::Rect;

pub use family::FamilyView;
pub use forms::NotesForm;
pub use notification::NotificationView;

use crate::app::form::Form;
use crate::app::form_host::ActiveForm;
use crate::app::pane::Screen;
use crate::app::{Action, Pane, Shell, StatusKind};
use crate::domain::notification::BoardEntry;
use crate::store::StoreError;
use crate::text;
use crate::ui::Theme;
use crate::ui::widgets::ListCursor;

/// The pane: the board, the screens opened over it, the open form.
#[derive(Debug, Default)]
pub struct NotesPane {
    /// The board's lines, oldest deadline first.
    pub entries: Vec<BoardEntry>,
    /// The board's selection and scroll.
    pub cursor: ListCursor,
    pub only_mine: bool,
    /// Show receipt-confirmed and discarded notifications too.
    pub show_finished: bool,
    /// The screens opened over the board, the one on show last.
    pub stack: Vec<NotesScreen>,
    pub form: Option<ActiveForm<NotesForm>>,
    /// The child ids behind the options of an open draft form's children
    /// field (the purpose must be `Copy`, so they are kept here).
    draft_children: Vec<i64>,
}

/// A screen opened over the board, with its state.
// A few at most are open at once; boxing would save nothing worth it.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum NotesScreen {
    Notification(NotificationView),
    Family(FamilyView),
}

/// A screen to open, by what it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Notification(i64),
    Family { case_id: i64 },
}

impl NotesScreen {
    fn target(&self) -> Target {
        match self {
            NotesScreen::Notification(v) => Target::Notification(v.notification.id),
            NotesScreen::Family(v) => Target::Family { case_id: v.case.id },
        }
    }
}

impl NotesPane {
    /// The screen on show over the board, if any.
    pub fn top(&self) -> Option<&NotesScreen> {
        self.stack.last()
    }

    /// Opens a screen over the one on show; the look is recorded in the
    /// audit trail. A screen already on the stack is gone back to (and
    /// loaded afresh) instead. A failed load says so and changes nothing.
    fn open(&mut self, sh: &mut Shell, target: Target) {
        if let Err(e) = self.open_screen(sh, target) {
            sh.set_status(StatusKind::Error, format!("{} {e}", text::notifications::NOTES_OPEN_FAILED));
        }
    }

    /// [`NotesPane::open`], with a failed load returned.
    fn open_screen(&mut self, sh: &mut Shell, target: Target) -> Result<(), StoreError> {
        let mut screen = match target {
            Target::Notification(id) => NotesScreen::Notification(NotificationView::load(sh, id, true)?),
            Target::Family { case_id } => NotesScreen::Family(FamilyView::load(sh, case_id, true)?),
        };
        if let Some(at) = self.stack.iter().position(|s| s.target() == target) {
            // Back to it: where the user was in it is kept.
            keep_place(&self.stack[at], &mut screen);
            self.stack.truncate(at);
        }
        self.stack.push(screen);
        Ok(())
    }

    /// Closes the screen on show; the one under it (or the board) shows
    /// the stored state again.
    fn close(&mut self, sh: &mut Shell) {
        self.stack.pop();
        if let Err(e) = self.refresh(sh) {
            sh.set_status(StatusKind::Error, format!("{} {e}", text::notifications::NOTES_LOAD_FAILED));
        }
    }

    /// Loads the screen on show and the board again, after a write or a
    /// close. Not audited: the user is still looking at what they opened.
    /// On an error the screen keeps what it showed.
    fn refresh(&mut self, sh: &mut Shell) -> Result<(), StoreError> {
        let reloaded = match self.stack.last() {
            Some(NotesScreen::Notification(v)) => {
                Some(NotificationView::load(sh, v.notification.id, false).map(NotesScreen::Notification))
            }
            Some(NotesScreen::Family(v)) => Some(FamilyView::load(sh, v.case.id, false).map(NotesScreen::Family)),
            None => None,
        };
        if let Some(reloaded) = reloaded {
            let mut screen = reloaded?;
            if let Some(top) = self.stack.last_mut() {
                keep_place(top, &mut screen);
                *top = screen;
            }
        }
        self.reload_board(sh)
    }
}

/// A screen loaded afresh keeps the selection and scroll of the copy it
/// replaces.
fn keep_place(old: &NotesScreen, new: &mut NotesScreen) {
    match (old, new) {
        (NotesScreen::Notification(old), NotesScreen::Notification(new)) => new.scroll = old.scroll.clone(),
        (NotesScreen::Family(old), NotesScreen::Family(new)) => new.keep_place(old),
        _ => {}
    }
}

impl Pane for NotesPane {
    fn title(&self) -> &'static str {
        text::notifications::PANE
    }

    fn go_action(&self) -> Action {
        Action::PaneNotifications
    }

    fn due_kinds(&self) -> &'static [crate::domain::due::DueKind] {
        use crate::domain::due::DueKind;
        &[
            DueKind::NotificationDraft,
            DueKind::NotificationReceipt,
            DueKind::ChildrenQuestion,
            DueKind::ChildrenConsideration,
        ]
    }

    fn screen(&self) -> &'static Screen {
        match self.top() {
            None => &keys::BOARD,
            Some(NotesScreen::Notification(_)) => &keys::NOTIFICATION,
            Some(NotesScreen::Family(_)) => &keys::FAMILY,
        }
    }

    fn screens(&self) -> &'static [&'static Screen] {
        keys::SCREENS
    }

    /// One table for the list, a notification and the children: the
    /// list's markers and the children's ended mark are few enough to
    /// explain together.
    fn markers(&self) -> &'static [crate::text::markers::Marker] {
        &crate::text::notifications::NOTE_MARKERS
    }

    fn update(&mut self, action: Action, sh: &mut Shell) {
        if self.form.is_some() {
            self.update_form(sh, action);
            return;
        }
        match self.top() {
            None => self.update_board(sh, action),
            Some(NotesScreen::Notification(_)) => self.update_notification(sh, action),
            Some(NotesScreen::Family(_)) => self.update_family(sh, action),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, sh: &Shell, theme: &Theme) {
        board::draw(frame, area, self, sh, theme);
        // Only the screen on top shows; it covers the ones under it.
        match self.top() {
            Some(NotesScreen::Notification(v)) => notification::draw(frame, area, v, sh, theme),
            Some(NotesScreen::Family(v)) => family::draw(frame, area, v, sh, theme),
            None => {}
        }
    }

    /// Coming on screen: the board, freshly loaded, with nothing over it.
    /// The find's case view opens the case's children and notifications.
    fn open_case(&mut self, case_id: i64, sh: &mut Shell) -> bool {
        self.open(sh, Target::Family { case_id });
        true
    }

    fn reload(&mut self, sh: &mut Shell) {
        self.stack.clear();
        if let Err(e) = self.reload_board(sh) {
            sh.set_status(StatusKind::Error, format!("{} {e}", text::notifications::NOTES_LOAD_FAILED));
        }
    }

    /// The pane opens on the board again, whether or not it is read again
    /// when it comes back (the shell reads it only if the data changed).
    fn leave(&mut self) {
        self.stack.clear();
    }

    /// Others' changes: the list again, the open notification or family
    /// left open.
    fn refresh(&mut self, sh: &mut Shell) {
        if let Err(e) = self.reload_board(sh) {
            sh.set_status(StatusKind::Error, format!("{} {e}", text::notifications::NOTES_LOAD_FAILED));
        }
    }

    fn shown_list(&self) -> Option<(String, usize)> {
        let finished = self.show_finished.then_some(text::notifications::LIST_WITH_FINISHED);
        let name = text::access::list_name(text::notifications::PANE, self.only_mine, false, finished);
        self.stack.is_empty().then_some((name, self.entries.len()))
    }

    fn form(&self) -> Option<&Form> {
        self.form.as_ref().map(|a| &a.form)
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        self.form.as_mut().map(|a| &mut a.form)
    }
}
