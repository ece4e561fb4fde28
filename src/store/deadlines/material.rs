//! What the rules of `due` are asked about: the records that can have
//! something due, of the whole centre or of the marked cases, and the two
//! ways of asking: on a day ([`rule_items`], the reference) and without
//! one ([`open_deadlines`], what is stored).

use chrono::NaiveDate;

use super::{DueScope, Progress};
use crate::domain::complaint::Complaint;
use crate::domain::deadlines::{ANY_DAY, NO_HORIZON, OpenDeadline, consideration_deadlines, without_the_day};
use crate::domain::due::{self, CourseDue, DueItem};
use crate::domain::group::course::{CourseSession, MoveCourse};
use crate::domain::group::ledger::Ledger;
use crate::domain::intake::Case;
use crate::domain::notification::{FamilyCase, Notification};
use crate::domain::plan::{Course, CourseCall};
use crate::domain::policy::Profile;
use crate::store::{Result, StayRow, Store};

/// The loading steps, for a progress report.
pub(super) const STEPS: usize = 8;

/// Every record `due`'s rules look at, for the cases of one [`DueScope`].
pub(crate) struct Material {
    cases: Vec<Case>,
    courses: Vec<Course>,
    calls: Vec<CourseCall>,
    notifications: Vec<(Case, Notification)>,
    family: Vec<FamilyCase>,
    stays: Vec<StayRow>,
    move_courses: Vec<(MoveCourse, String, Vec<CourseSession>)>,
    ledger: Ledger,
    complaints: Vec<(Case, Complaint)>,
}

impl Store {
    /// Loads the material of `scope`'s cases, reporting each step to
    /// `progress` when given.
    pub(crate) fn due_material(
        &self,
        scope: DueScope,
        profile: &Profile,
        progress: Option<Progress>,
    ) -> Result<Material> {
        let step = |done: usize| {
            if let Some(report) = progress {
                report(done, STEPS);
            }
        };
        step(0);
        let cases = self.due_candidate_cases(scope)?;
        step(1);
        let (courses, calls) = self.due_candidate_courses(scope)?;
        step(2);
        let notifications = self.due_notifications(scope)?;
        step(3);
        let family = self.all_family_cases(scope)?;
        step(4);
        let stays = self.due_candidate_stays(scope)?;
        step(5);
        let move_courses = self.due_move_courses(&profile.move_cards, scope)?;
        step(6);
        // The whole ledger only when a course can use it.
        let ledger = if move_courses.is_empty() { Ledger::new() } else { self.ledger()? };
        step(7);
        let complaints = self.open_complaints_in(scope)?;
        Ok(Material { cases, courses, calls, notifications, family, stays, move_courses, ledger, complaints })
    }

    /// Everything due in the whole centre on `today` up to `horizon`,
    /// computed from the records by the rules: what `due` listed before the
    /// deadlines were stored, and the reference `sagsbord check` holds the
    /// stored ones against.
    pub(crate) fn rule_items(&self, profile: &Profile, today: NaiveDate, horizon: NaiveDate) -> Result<Vec<DueItem>> {
        let material = self.due_material(DueScope::Centre, profile, None)?;
        let mut items = rule_items(&material, profile, today, horizon);
        due::sort(&mut items);
        Ok(items)
    }
}

/// Each pane's items of `m` on `today` up to `horizon`, pane by pane, each
/// pane's sorted (the caller sorts the whole).
pub(crate) fn rule_items(m: &Material, profile: &Profile, today: NaiveDate, horizon: NaiveDate) -> Vec<DueItem> {
    let mut items = Vec::new();
    items.extend(due::intake_items(&m.cases, profile, today, horizon));
    items.extend(due::plan_items(&m.courses, &m.calls, profile, today, horizon));
    items.extend(due::notification_items(&m.notifications, &m.family, profile, today, horizon));
    items.extend(due::stay_items(m.stays.iter().map(|r| (&r.stay, r.counsellor.as_str())), profile, today, horizon));
    let candidates =
        m.move_courses.iter().map(|(course, counsellor, sessions)| CourseDue { course, counsellor, sessions });
    items.extend(due::groups_items(candidates, &m.ledger, profile, today, horizon));
    items.extend(due::complaint_items(&m.complaints, profile, today, horizon));
    items
}

/// The open deadlines of `m`, without the day: the rules asked on
/// [`ANY_DAY`] with no horizon, and the children's consideration for each
/// stretch of days it holds on. Each case's in the order `due` lists
/// them when their dates are equal (the panes' order, then each pane's).
pub(crate) fn open_deadlines(m: &Material, profile: &Profile) -> Vec<OpenDeadline> {
    let mut out = without_the_day(due::intake_items(&m.cases, profile, ANY_DAY, NO_HORIZON));
    out.extend(without_the_day(due::plan_items(&m.courses, &m.calls, profile, ANY_DAY, NO_HORIZON)));
    // The children's question here; their consideration for each stretch.
    out.extend(without_the_day(due::notification_items(&m.notifications, &m.family, profile, ANY_DAY, NO_HORIZON)));
    out.extend(m.family.iter().flat_map(|fc| consideration_deadlines(fc, profile)));
    let stays = m.stays.iter().map(|r| (&r.stay, r.counsellor.as_str()));
    out.extend(without_the_day(due::stay_items(stays, profile, ANY_DAY, NO_HORIZON)));
    let candidates =
        m.move_courses.iter().map(|(course, counsellor, sessions)| CourseDue { course, counsellor, sessions });
    out.extend(without_the_day(due::groups_items(candidates, &m.ledger, profile, ANY_DAY, NO_HORIZON)));
    out.extend(without_the_day(due::complaint_items(&m.complaints, profile, ANY_DAY, NO_HORIZON)));
    out
}
