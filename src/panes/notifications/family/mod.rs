//! A case's children open: the children question, the latest
//! consideration and the next one due, the children as a list to act on,
//! and below them the case's notifications and considerations.
//!
//! Keys: Up and Down choose a child; PgUp, PgDn, Home and End scroll the
//! notifications and considerations below the list, which grow with the
//! years a case runs while the list of children stays short.

pub(crate) mod child;
pub(crate) mod children_answer;
pub(crate) mod consideration;
mod draw;

pub(super) use draw::draw;

use chrono::NaiveDate;

use super::notification::DraftOf;
use super::{NotesPane, NotesScreen};
use crate::app::scroll::Scroll;
use crate::app::{Action, Shell, StatusKind};
use crate::domain::intake::Case;
use crate::domain::notification::{Child, Consideration, Notification, consideration_due};
use crate::store::StoreError;
use crate::text;
use crate::ui::widgets::ListCursor;

/// A case's children, considerations and notifications open.
#[derive(Debug, Clone)]
pub struct FamilyView {
    pub case: Case,
    /// Ended ones included, as the store lists them.
    pub children: Vec<Child>,
    pub considerations: Vec<Consideration>,
    pub notifications: Vec<Notification>,
    /// The next consideration, if the case needs one.
    pub consideration_due: Option<NaiveDate>,
    /// The selected child and the list's scroll.
    pub cursor: ListCursor,
    /// The scroll of the notifications and considerations.
    pub scroll: Scroll,
}

impl FamilyView {
    /// Loads a case's children; `audited` records the look at the case in
    /// the audit trail (a user opening it, not a reload after a write).
    pub(crate) fn load(sh: &mut Shell, case_id: i64, audited: bool) -> Result<FamilyView, StoreError> {
        let case = if audited { sh.store.view_case(case_id)? } else { sh.store.load_case(case_id)? };
        let family = sh.store.family_of(case.clone())?;
        let due = consideration_due(&family, &sh.profile.notification, sh.today);
        Ok(FamilyView {
            case,
            children: family.children,
            considerations: sh.store.considerations_of(case_id)?,
            notifications: sh.store.notifications_of_case(case_id)?,
            consideration_due: due,
            cursor: ListCursor::new(),
            scroll: Scroll::default(),
        })
    }

    pub fn selected_child(&self) -> Option<&Child> {
        self.cursor.selection(self.children.len()).and_then(|i| self.children.get(i))
    }

    /// Takes the selection and scroll of the copy this one replaces; the
    /// drawing clamps both to the new lists.
    pub(super) fn keep_place(&mut self, old: &FamilyView) {
        self.cursor = old.cursor;
        self.scroll = old.scroll.clone();
    }
}

impl NotesPane {
    pub(super) fn update_family(&mut self, sh: &mut Shell, action: Action) {
        let Some(NotesScreen::Family(view)) = self.stack.last_mut() else { return };
        let measure = draw::measure(view, sh);
        let len = view.children.len();
        let rows = measure.children_rows;
        match action {
            Action::Up => view.cursor.up(len, rows),
            Action::Down => view.cursor.down(len, rows),
            Action::PageUp | Action::PageDown | Action::Top | Action::Bottom => {
                view.scroll.apply(action, measure.history_rows);
            }
            Action::Close => self.close(sh),
            Action::NewNotification => {
                let case_id = view.case.id;
                self.open_draft_form(sh, case_id, DraftOf::New);
            }
            Action::ChildAdd => {
                let case_id = view.case.id;
                self.open_child_form(sh, case_id, None);
            }
            Action::ChildChange | Action::ChildEnd => {
                let (case_id, child) = (view.case.id, view.selected_child().cloned());
                match child {
                    None => sh.set_status(StatusKind::Warning, text::notifications::SELECT_CHILD_FIRST),
                    Some(child) if action == Action::ChildChange => self.open_child_form(sh, case_id, Some(&child)),
                    Some(child) => self.open_end_child_form(sh, &child),
                }
            }
            Action::RecordConsideration => {
                let case_id = view.case.id;
                self.open_consideration_form(sh, case_id);
            }
            Action::AnswerChildren => {
                let case_id = view.case.id;
                self.open_children_answer_form(case_id);
            }
            _ => {}
        }
    }

    /// Selects a child in the case's children on show (after it is saved).
    pub(crate) fn select_child(&mut self, sh: &Shell, child_id: i64) {
        let Some(NotesScreen::Family(view)) = self.stack.last_mut() else { return };
        if let Some(at) = view.children.iter().position(|c| c.id == child_id) {
            let rows = draw::measure(view, sh).children_rows;
            view.cursor.select(at, view.children.len(), rows);
        }
    }
}
