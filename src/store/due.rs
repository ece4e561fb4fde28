//! `due`: what every pane has due, gathered from the file in one place.

use chrono::NaiveDate;

use std::collections::HashMap;

use super::{CaseAction, Result, Store};
use crate::domain::due::{self, CourseDue, DueItem};
use crate::domain::policy::Profile;

impl Store {
    /// Everything due on or before `today + within_days` under `profile`,
    /// most overdue first. Each aggregate loads only the records that can
    /// have something due, and its domain module says what is due. Only
    /// the cases the person asking may open are in it: a counsellor's own
    /// and shared ones, a team leader's (or a service account's with that
    /// role) the whole centre.
    pub fn due(&self, profile: &Profile, today: NaiveDate, within_days: u32) -> Result<Vec<DueItem>> {
        let viewer = self.viewer(false)?;
        let mut items = self.centre_due(profile, today, within_days)?;
        // The items' cases in a few batched queries, not one a case.
        let cases = self.case_map(items.iter().map(|i| i.case))?;
        let opens: HashMap<i64, bool> =
            cases.iter().map(|(id, case)| (*id, viewer.may(case, CaseAction::Read).is_ok())).collect();
        items.retain(|i| opens[&i.case]);
        Ok(items)
    }

    /// Everything due in the whole centre.
    fn centre_due(&self, profile: &Profile, today: NaiveDate, within_days: u32) -> Result<Vec<DueItem>> {
        let horizon = due::horizon(today, within_days);
        let mut items = Vec::new();
        items.extend(due::intake_items(&self.due_candidate_cases()?, profile, today, horizon));
        let (courses, calls) = self.due_candidate_courses()?;
        items.extend(due::plan_items(&courses, &calls, profile, today, horizon));
        items.extend(due::notification_items(
            &self.board_notifications_of(None, false)?,
            &self.all_family_cases()?,
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
        items.extend(due::complaint_items(&self.open_complaints_of_centre()?, profile, today, horizon));
        due::sort(&mut items);
        Ok(items)
    }
}
