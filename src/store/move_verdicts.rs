//! A case's MOVE courses measured against the gift-card rule, as the
//! Grupper course screen measures them (`course_cards`), for `sagsbord
//! move`: one audited look at the case, refused before anything is read
//! when the user may not read it.

use crate::domain::group::course::{CourseCards, course_cards};
use crate::domain::group::move_cards::MoveCardSettings;
use crate::store::move_courses::courses_of;
use crate::store::{MoveCourseData, Result, Store};

impl Store {
    /// Every MOVE course of the case, oldest first, each with its sessions
    /// measured against `settings` and the ledger. Recorded in the audit
    /// trail as a look at the case (`view_move_cards`).
    pub fn view_move_cards(
        &mut self,
        case_id: i64,
        settings: &MoveCardSettings,
    ) -> Result<Vec<(MoveCourseData, CourseCards)>> {
        self.record_read("view_move_cards", "case", Some(case_id), "")?;
        let ledger = self.ledger()?;
        let mut out = Vec::new();
        for course in courses_of(&self.db(), case_id)? {
            let data = self.move_course_data(course.id)?;
            let cards = course_cards(&data.course, &data.sessions, &ledger, settings);
            out.push((data, cards));
        }
        Ok(out)
    }
}
