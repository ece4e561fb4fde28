//! One notification open: its content, its history with who and when, and
//! what it waits for. Its steps are recorded through forms from here; the
//! text scrolls when it is longer than the screen.

pub(crate) mod draft;
mod draw;
pub(crate) mod step;

pub(super) use draft::DraftOf;
pub(super) use draw::draw;

use super::{NotesPane, NotesScreen, Target};
use crate::app::scroll::Scroll;
use crate::app::{Action, Shell};
use crate::domain::intake::Case;
use crate::domain::notification::{Child, Notification, TransitionKind};
use crate::store::StoreError;

/// One notification open.
#[derive(Debug, Clone)]
pub struct NotificationView {
    pub case: Case,
    pub notification: Notification,
    /// The case's children, to say which the notification concerns.
    pub children: Vec<Child>,
    /// The notifications that correct this one.
    pub corrections: Vec<i64>,
    pub scroll: Scroll,
}

impl NotificationView {
    /// Loads a notification; `audited` records the look in the audit trail
    /// (a user opening it, not the screen showing it again after a write).
    pub(crate) fn load(sh: &mut Shell, id: i64, audited: bool) -> Result<NotificationView, StoreError> {
        let notification = if audited { sh.store.view_notification(id)? } else { sh.store.notification(id)? };
        let case_id = notification.case_id;
        Ok(NotificationView {
            case: sh.store.load_case(case_id)?,
            children: sh.store.children_of(case_id)?,
            corrections: sh.store.corrections_of(id)?,
            notification,
            scroll: Scroll::default(),
        })
    }
}

impl NotesPane {
    pub(super) fn update_notification(&mut self, sh: &mut Shell, action: Action) {
        let Some(NotesScreen::Notification(view)) = self.stack.last_mut() else { return };
        if view.scroll.apply(action, sh.list_rows) {
            return;
        }
        let (id, case_id) = (view.notification.id, view.case.id);
        match action {
            Action::Close => self.close(sh),
            Action::NotifyInform => self.open_step_form(sh, id, TransitionKind::Inform),
            Action::NotifySend => self.open_step_form(sh, id, TransitionKind::Send),
            Action::NotifyReceipt => self.open_step_form(sh, id, TransitionKind::Receipt),
            Action::NotifyLaterInfo => self.open_step_form(sh, id, TransitionKind::LaterInfo),
            Action::NotifyDiscard => self.open_step_form(sh, id, TransitionKind::Discard),
            Action::NotifyEdit => self.open_draft_form(sh, case_id, DraftOf::Edit(id)),
            Action::NotifyCorrect => self.open_draft_form(sh, case_id, DraftOf::Correction(id)),
            Action::OpenFamily => self.open(sh, Target::Family { case_id }),
            _ => {}
        }
    }
}
