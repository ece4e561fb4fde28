//! What the pane reads from the store: both lists, and an opened plan.
//! A read that fails is said on the status line (or returned for the caller
//! to say with what it was doing); what was shown stays as it was.

use super::board_source::BoardSource;
use super::plan_view::PlanView;
use super::{PaneScreen, PlansPane};
use crate::app::{Action, Shell, StatusKind};
use crate::domain::plan::build_call_list;
use crate::store::{StoreError, ended_window_start};
use crate::text;

impl PlansPane {
    /// Reads both lists again, keeping each selection on its row: the
    /// board's page and summary, the call list while it is open. Fails
    /// with the words for the status line; the lists are then as they were.
    pub(super) fn reload_lists(&mut self, sh: &Shell) -> Result<(), String> {
        let failed = |e: StoreError| text::plans::lists_failed(&e);
        let viewer = sh.store.viewer(self.only_mine).map_err(failed)?;
        self.summary = sh.store.board_summary(&viewer, sh.today).map_err(failed)?;
        self.viewer = Some(viewer);
        self.reload_board(sh).map_err(failed)?;
        if self.on_calls() {
            self.reload_calls(sh)?;
        }
        self.reload_complaints(sh)
    }

    /// Reads the open follow-up calls, keeping the selection on its call.
    pub(super) fn reload_calls(&mut self, sh: &Shell) -> Result<(), String> {
        let calls = sh
            .store
            .viewer(self.only_mine)
            .and_then(|filter| sh.store.open_course_calls(&filter))
            .map_err(|e| text::plans::lists_failed(&e))?;
        self.calls.replace(build_call_list(calls, sh.today), &self.search, sh.list_rows);
        Ok(())
    }

    /// The board's pages as the pane asks for them: its order, search,
    /// "only mine" and ended courses. `None` before the first reload.
    fn board_source<'a>(&self, sh: &'a Shell) -> Option<BoardSource<'a>> {
        let ended = self.show_ended.then(|| ended_window_start(sh.today));
        let viewer = self.viewer.as_ref()?;
        Some(BoardSource {
            pages: sh.store.board_pages(viewer, &self.search, self.sort, ended),
            policy: &sh.profile.plan,
            today: sh.today,
        })
    }

    /// Reads the board's page again (a change, a new search or order),
    /// keeping the selection on its case while the board holds it.
    pub(super) fn reload_board(&mut self, sh: &Shell) -> Result<(), StoreError> {
        match self.board_source(sh) {
            Some(source) => self.board.reload(&source, sh.list_rows),
            None => Ok(()),
        }
    }

    /// The board read again after the search changed, or why it could not
    /// be on the status line. A typed character reads the results from
    /// their top (`typed`), cheap at every keystroke; a cleared search
    /// finds the selected case again on the whole board.
    pub(super) fn search_board(&mut self, sh: &mut Shell, typed: bool) {
        let read = match self.board_source(sh) {
            Some(source) if typed => self.board.restart(&source, sh.list_rows),
            Some(source) => self.board.reload(&source, sh.list_rows),
            None => Ok(()),
        };
        if let Err(e) = read {
            sh.set_status(StatusKind::Error, text::plans::lists_failed(&e));
        }
    }

    /// A list key on the board; the rows that come into view are read.
    /// Returns whether the action was a list key.
    pub(super) fn navigate_board(&mut self, action: Action, sh: &mut Shell) -> bool {
        let moved = match self.board_source(sh) {
            Some(source) => self.board.navigate(action, &source, sh.list_rows),
            None => return false,
        };
        match moved {
            Ok(moved) => moved,
            Err(e) => {
                sh.set_status(StatusKind::Error, text::plans::lists_failed(&e));
                true
            }
        }
    }

    /// Selects the case's line on the board, if the board holds it.
    pub(super) fn select_on_board(&mut self, sh: &mut Shell, case_id: i64) {
        let selected = match self.board_source(sh) {
            Some(source) => self.board.select_id(case_id, &source, sh.list_rows),
            None => return,
        };
        if let Err(e) = selected {
            sh.set_status(StatusKind::Error, text::plans::lists_failed(&e));
        }
    }

    /// Reads the lists again after a toggle and says its new state, or why
    /// the lists could not be read.
    pub(super) fn reload_saying(&mut self, sh: &mut Shell, what: &str) {
        match self.reload_lists(sh) {
            Ok(()) => sh.set_status(StatusKind::Info, what),
            Err(failed) => sh.set_status(StatusKind::Error, failed),
        }
    }

    /// Reads an open plan of the case again after a change, without a new
    /// audit row: the look was recorded when it was opened.
    pub(super) fn refresh_plan(&mut self, sh: &Shell, case_id: i64) -> Result<(), String> {
        for screen in &mut self.stack {
            if let PaneScreen::Plan(view) = screen
                && view.case_id() == case_id
            {
                let (course, versions, calls) = sh
                    .store
                    .course(case_id)
                    .and_then(|c| Ok((c, sh.store.plan_versions(case_id)?, sh.store.course_calls(case_id)?)))
                    .map_err(|e| text::plans::plan_reload_failed(&e))?;
                view.replace(course, versions, calls);
            }
        }
        Ok(())
    }

    /// Opens the case's plan over the list on screen (the look is audited).
    pub(super) fn open_plan(&mut self, sh: &mut Shell, case_id: i64) {
        match sh.store.view_plan(case_id) {
            Ok((course, versions, calls)) => {
                self.stack.push(PaneScreen::Plan(Box::new(PlanView::new(course, versions, calls))))
            }
            Err(e) => sh.set_status(StatusKind::Error, text::plans::plan_open_failed(&e)),
        }
    }
}
