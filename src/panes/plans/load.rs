//! What the pane reads from the store: both lists, and an opened plan.
//! A read that fails is said on the status line (or returned for the caller
//! to say with what it was doing); what was shown stays as it was.

use super::plan_view::PlanView;
use super::{PaneScreen, PlansPane};
use crate::app::{Shell, StatusKind};
use crate::domain::plan::{build_board, build_call_list};
use crate::store::ended_window_start;
use crate::text;

impl PlansPane {
    /// Reads both lists again, keeping each selection on its row. Fails
    /// with the words for the status line; the lists are then as they were.
    pub(super) fn reload_lists(&mut self, sh: &Shell) -> Result<(), String> {
        let loaded = sh.store.viewer(self.only_mine).and_then(|filter| {
            let mut courses = sh.store.active_courses(&filter)?;
            if self.show_ended {
                courses.extend(sh.store.ended_courses(ended_window_start(sh.today), &filter)?);
            }
            Ok((courses, sh.store.open_course_calls(&filter)?))
        });
        let (courses, calls) = loaded.map_err(|e| text::plans::lists_failed(&e))?;
        self.board.replace(build_board(courses, &sh.profile.plan, sh.today, self.sort), &self.search, sh.list_rows);
        self.calls.replace(build_call_list(calls, sh.today), &self.search, sh.list_rows);
        self.reload_complaints(sh)
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
