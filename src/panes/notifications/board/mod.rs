//! The board: everything waiting under the duty to notify, the oldest
//! deadline first: drafts to send, receipts to chase, children questions to
//! ask and children to consider. Its state lives in the pane itself.

mod draw;
pub(super) mod find_case;

pub(super) use draw::{body_rows, draw};

use super::{NotesPane, Target};
use crate::app::{Action, Shell, StatusKind};
use crate::domain::notification::{BoardEntry, BoardItem, build_board};
use crate::store::StoreError;
use crate::text;

/// What identifies a line across reloads: the case, the kind of line, and
/// the notification.
fn entry_key(e: &BoardEntry) -> (i64, u8, i64) {
    match &e.item {
        BoardItem::Notification(n) => (e.case_id, 0, n.id),
        BoardItem::ChildrenQuestion => (e.case_id, 1, 0),
        BoardItem::Consideration { .. } => (e.case_id, 2, 0),
    }
}

impl NotesPane {
    pub fn selected_entry(&self) -> Option<&BoardEntry> {
        self.cursor.selection(self.entries.len()).and_then(|i| self.entries.get(i))
    }

    /// Loads the board from the store, keeping the selection on the same
    /// line (or at the same place when the line left the board).
    pub(super) fn reload_board(&mut self, sh: &Shell) -> Result<(), StoreError> {
        let keep = self.selected_entry().map(entry_key);
        let viewer = sh.store.viewer(self.only_mine)?;
        let notifications = sh.store.board_notifications(&viewer, self.show_finished)?;
        let family = sh.store.board_family_cases(&viewer, &sh.profile, sh.today)?;
        self.entries = build_board(notifications, &family, &sh.profile.notification, sh.today);
        let rows = body_rows(sh);
        let at = keep.and_then(|k| self.entries.iter().position(|e| entry_key(e) == k));
        match at {
            Some(at) => self.cursor.select(at, self.entries.len(), rows),
            None => self.cursor.clamp(self.entries.len(), rows),
        }
        Ok(())
    }

    fn reload_board_or_say(&mut self, sh: &mut Shell) {
        if let Err(e) = self.reload_board(sh) {
            sh.set_status(StatusKind::Error, format!("{} {e}", text::notifications::NOTES_LOAD_FAILED));
        }
    }

    pub(super) fn update_board(&mut self, sh: &mut Shell, action: Action) {
        if self.cursor.apply(action, self.entries.len(), body_rows(sh)) {
            return;
        }
        match action {
            Action::ToggleMine => {
                self.only_mine = !self.only_mine;
                let what = if self.only_mine { text::ONLY_MINE } else { text::ALL_CASES };
                sh.set_status(StatusKind::Info, what);
                self.reload_board_or_say(sh);
            }
            Action::ToggleFinished => {
                self.show_finished = !self.show_finished;
                let what = if self.show_finished {
                    text::notifications::SHOWING_FINISHED
                } else {
                    text::notifications::SHOWING_PENDING
                };
                sh.set_status(StatusKind::Info, what);
                self.reload_board_or_say(sh);
            }
            // A notification opens itself; a line about children opens the
            // case's children.
            Action::OpenCase => match self.selected_entry().map(|e| (e.case_id, e.notification().map(|n| n.id))) {
                Some((_, Some(id))) => self.open(sh, Target::Notification(id)),
                Some((case_id, None)) => self.open(sh, Target::Family { case_id }),
                None => {}
            },
            Action::OpenFamily => match self.selected_entry().map(|e| e.case_id) {
                Some(case_id) => self.open(sh, Target::Family { case_id }),
                None => sh.set_status(StatusKind::Warning, text::SELECT_CASE_FIRST),
            },
            Action::NewNotification => match self.selected_entry().map(|e| e.case_id) {
                Some(case_id) => self.open_draft_form(sh, case_id, super::notification::DraftOf::New),
                None => sh.set_status(StatusKind::Warning, text::SELECT_CASE_FIRST),
            },
            Action::Search => self.open_find_case_form(),
            _ => {}
        }
    }
}
