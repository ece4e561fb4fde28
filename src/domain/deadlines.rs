//! A case's open deadlines as data: what `due` lists, without the day.
//!
//! The rules in [`super::due`] take `today`, but almost none of them
//! depend on it: the day only gives `days_left`, and a deadline's
//! existence and date come from the records alone. So a case's deadlines
//! are computed once, when its records change, by calling those same
//! functions (one source of rule texts) with [`ANY_DAY`] and an unbounded
//! horizon, and `due` turns them into items on the day it is asked
//! ([`OpenDeadline::item`]). Two rules do depend on the day, and are kept
//! so that the reader can finish them:
//! - A handed-out MOVE card no longer earned is due *today*, every day
//!   until it is resolved: stored with no date (`due: None`), the reader
//!   puts the day it is asked.
//! - The consideration of a case's children counts only the children who
//!   may be under 18 on the day; which they are changes on 1 January of the
//!   year after one turns 18 ([`adult_from`]). The consideration is
//!   computed once for every stretch of days between such changes, and
//!   each stored with the days it holds on (`from`, `until`).

use chrono::NaiveDate;

use super::due::{DueItem, DueKind, notification_items};
use super::intake::Case;
use super::notification::{FamilyCase, Notification, adult_from};
use super::policy::Profile;

/// The consideration is asked about without the case's notifications.
const NO_NOTIFICATIONS: &[(Case, Notification)] = &[];

/// The day the rules are asked on when the day makes no difference.
pub const ANY_DAY: NaiveDate = NaiveDate::MIN;

/// The horizon that keeps every deadline.
pub const NO_HORIZON: NaiveDate = NaiveDate::MAX;

/// One open deadline of a case, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDeadline {
    pub case: i64,
    pub kind: DueKind,
    /// `None`: due every day until resolved (the day asked).
    pub due: Option<NaiveDate>,
    /// The first day it holds on; `None` for always.
    pub from: Option<NaiveDate>,
    /// The first day it no longer holds on; `None` for always.
    pub until: Option<NaiveDate>,
    pub counsellor: String,
    pub rule: String,
    pub setting: String,
    pub profile: String,
    pub follow_up_months: Option<u32>,
    pub clock_started: Option<NaiveDate>,
}

impl OpenDeadline {
    /// An item computed on [`ANY_DAY`], kept without the day.
    fn from_item(item: DueItem, from: Option<NaiveDate>, until: Option<NaiveDate>) -> OpenDeadline {
        OpenDeadline {
            case: item.case,
            kind: item.kind,
            // A card to resolve is due on the day asked, whichever it is.
            due: (item.kind != DueKind::GiftCardToResolve).then_some(item.due),
            from,
            until,
            counsellor: item.counsellor,
            rule: item.rule,
            setting: item.setting,
            profile: item.profile,
            follow_up_months: item.follow_up_months,
            clock_started: item.clock_started,
        }
    }

    /// Whether it holds on `today`.
    pub fn holds_on(&self, today: NaiveDate) -> bool {
        self.from.is_none_or(|from| from <= today) && self.until.is_none_or(|until| today < until)
    }

    /// The day it is due when asked on `today`.
    pub fn due_on(&self, today: NaiveDate) -> NaiveDate {
        self.due.unwrap_or(today)
    }

    /// The item `due` lists for it on `today`.
    pub fn item(self, today: NaiveDate) -> DueItem {
        let due = self.due_on(today);
        DueItem {
            case: self.case,
            kind: self.kind,
            due,
            days_left: super::dates::days_between(today, due),
            counsellor: self.counsellor,
            rule: self.rule,
            setting: self.setting,
            profile: self.profile,
            follow_up_months: self.follow_up_months,
            clock_started: self.clock_started,
        }
    }
}

/// The open deadlines of items the rules computed on [`ANY_DAY`] up to
/// [`NO_HORIZON`]: every kind but the children's consideration, which
/// [`consideration_deadlines`] computes.
pub fn without_the_day(items: Vec<DueItem>) -> Vec<OpenDeadline> {
    items
        .into_iter()
        .filter(|i| i.kind != DueKind::ChildrenConsideration)
        .map(|i| OpenDeadline::from_item(i, None, None))
        .collect()
}

/// The consideration of `fc`'s children, for every stretch of days in
/// which the same children may be under 18: at most one deadline a
/// stretch, with the days it holds on.
pub fn consideration_deadlines(fc: &FamilyCase, profile: &Profile) -> Vec<OpenDeadline> {
    // The days on which a child stops counting, in order.
    let mut changes: Vec<NaiveDate> =
        fc.children.iter().filter(|c| c.ended.is_none()).filter_map(|c| adult_from(c.birth_year)).collect();
    changes.sort();
    changes.dedup();
    let starts = std::iter::once(None).chain(changes.iter().copied().map(Some));
    let mut out: Vec<OpenDeadline> = Vec::new();
    for (i, from) in starts.enumerate() {
        let until = changes.get(i).copied();
        let day = from.unwrap_or(ANY_DAY);
        let found = notification_items(NO_NOTIFICATIONS, std::slice::from_ref(fc), profile, day, NO_HORIZON)
            .into_iter()
            .find(|item| item.kind == DueKind::ChildrenConsideration);
        let Some(item) = found else { continue };
        let next = OpenDeadline::from_item(item, from, until);
        // The same deadline as the stretch before: one row for both.
        if let Some(last) = out.last_mut()
            && last.until == from
            && (OpenDeadline { from: last.from, until: last.until, ..next.clone() }) == *last
        {
            last.until = until;
            continue;
        }
        out.push(next);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::test_support::{case_on, date};
    use crate::domain::notification::ChildRelation;
    use crate::domain::notification::test_support::child;

    #[test]
    fn a_consideration_ends_when_the_last_child_may_be_18() {
        let mut case = case_on("2020-01-06");
        case.progress.treatment_started_on = Some(date("2020-01-13"));
        // Born 2005: possibly under 18 up to and including 2023.
        let fc = FamilyCase {
            case,
            children: vec![child(1, 1, 2005, ChildRelation::SharedCustody, "2020-01-13")],
            last_consideration: Some(date("2021-03-01")),
            last_notification: None,
        };
        let profile = Profile::national();
        let stored = consideration_deadlines(&fc, &profile);
        assert_eq!(stored.len(), 1, "{stored:?}");
        assert_eq!((stored[0].from, stored[0].until), (None, Some(date("2024-01-01"))));
        // The stored row lists exactly what the rule lists, on either side.
        for day in ["2023-12-31", "2024-01-01", "2022-06-01"] {
            let today = date(day);
            let live: Vec<DueItem> = notification_items(NO_NOTIFICATIONS, [&fc], &profile, today, NO_HORIZON)
                .into_iter()
                .filter(|i| i.kind == DueKind::ChildrenConsideration)
                .collect();
            let read: Vec<DueItem> =
                stored.iter().filter(|d| d.holds_on(today)).map(|d| d.clone().item(today)).collect();
            assert_eq!(read, live, "{day}");
        }
    }

    #[test]
    fn a_card_to_resolve_is_due_on_the_day_asked() {
        let item = DueItem {
            case: 3,
            kind: DueKind::GiftCardToResolve,
            due: ANY_DAY,
            days_left: 0,
            counsellor: "anna".into(),
            rule: "r".into(),
            setting: "s".into(),
            profile: "national".into(),
            follow_up_months: None,
            clock_started: None,
        };
        let stored = without_the_day(vec![item]);
        assert_eq!(stored[0].due, None);
        let on = stored[0].clone().item(date("2026-03-17"));
        assert_eq!((on.due, on.days_left), (date("2026-03-17"), 0));
    }
}
