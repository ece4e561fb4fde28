//! `due`: what every pane has due, gathered from the file in one place.

use chrono::NaiveDate;

use super::{Result, Store, Viewer};
use crate::domain::due::{self, CourseDue, DueItem};
use crate::domain::policy::Profile;

impl Store {
    /// Everything due on or before `today + within_days` under `profile`,
    /// most overdue first. Each aggregate loads only the records that can
    /// have something due, and its domain module says what is due.
    pub fn due(&self, profile: &Profile, today: NaiveDate, within_days: u32) -> Result<Vec<DueItem>> {
        let horizon = due::horizon(today, within_days);
        let mut items = Vec::new();
        items.extend(due::intake_items(&self.due_candidate_cases()?, profile, today, horizon));
        let (courses, calls) = self.due_candidate_courses()?;
        items.extend(due::plan_items(&courses, &calls, profile, today, horizon));
        let centre = Viewer::centre();
        items.extend(due::notification_items(
            &self.board_notifications(&centre, false)?,
            &self.family_cases(&centre)?,
            profile,
            today,
            horizon,
        ));
        let stays = self.due_candidate_stays()?;
        items.extend(due::stay_items(stays.iter().map(|r| (&r.stay, r.counsellor.as_str())), profile, today, horizon));
        let move_courses = self.due_move_courses(&profile.move_cards)?;
        let ledger = self.ledger()?;
        let candidates =
            move_courses.iter().map(|(course, counsellor, sessions)| CourseDue { course, counsellor, sessions });
        items.extend(due::groups_items(candidates, &ledger, profile, today, horizon));
        due::sort(&mut items);
        Ok(items)
    }
}
