//! Re-enrolment: a citizen who comes back within 12 months of an ended
//! course counts against the centre's targets (domain.md 2 and 6; Randers:
//! at most 15 % of those completed re-enrolled within 12 months). The new
//! contact is a new case with a new 14-day guarantee; it is marked here.

use chrono::NaiveDate;

use super::{DischargeReason, Ending};
use crate::domain::dates;
use crate::domain::intake::{Case, ContactKind};

/// The window the monitoring counts, in calendar months after the end. The
/// same in every standard: the targets differ, the window does not.
pub const RE_ENROLMENT_MONTHS: u32 = 12;

/// A case whose first contact came within 12 months of the citizen's
/// ended course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReEnrolment {
    pub case_id: i64,
    pub contact_on: NaiveDate,
    pub previous_case_id: i64,
    pub previous_ended_on: NaiveDate,
    pub previous_reason: DischargeReason,
}

/// Whether `case` re-enrols its citizen: its first contact lies on or after
/// the end of one of `endings` (the citizen's other courses) and no later
/// than 12 calendar months after it (ended 29 February: until 28 February
/// next year). The latest such ending is named. Only the citizen's own
/// request for treatment counts, not a relative's or a professional's
/// contact.
pub fn re_enrolment<'a>(case: &Case, endings: impl IntoIterator<Item = &'a Ending>) -> Option<ReEnrolment> {
    re_enrolment_of(case.id, case.kind, case.contact_date(), endings)
}

/// [`re_enrolment`] of the case `case_id` of `kind`, first contacted on
/// `contact_on`: for a caller that keeps only those of the case.
pub fn re_enrolment_of<'a>(
    case_id: i64,
    kind: ContactKind,
    contact_on: NaiveDate,
    endings: impl IntoIterator<Item = &'a Ending>,
) -> Option<ReEnrolment> {
    if !kind.can_start_treatment() {
        return None;
    }
    endings
        .into_iter()
        .filter(|e| e.case_id != case_id)
        .filter(|e| e.ended_on <= contact_on && contact_on <= dates::add_months(e.ended_on, RE_ENROLMENT_MONTHS))
        .max_by_key(|e| (e.ended_on, e.case_id))
        .map(|e| ReEnrolment {
            case_id,
            contact_on,
            previous_case_id: e.case_id,
            previous_ended_on: e.ended_on,
            previous_reason: e.reason,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::ContactKind;
    use crate::domain::intake::test_support::case_on;
    use crate::domain::plan::test_support::{date, ending};

    fn new_case(contact: &str) -> Case {
        let mut c = case_on(contact);
        c.id = 9;
        c
    }

    #[test]
    fn a_contact_within_twelve_months_of_an_ended_course_is_a_re_enrolment() {
        let ended = ending(3, "2025-06-30", DischargeReason::Completed);
        let r = re_enrolment(&new_case("2026-03-17"), [&ended]).unwrap();
        assert_eq!(
            r,
            ReEnrolment {
                case_id: 9,
                contact_on: date("2026-03-17"),
                previous_case_id: 3,
                previous_ended_on: date("2025-06-30"),
                previous_reason: DischargeReason::Completed,
            }
        );
        // The last day of the window is in; the day after is out.
        assert!(re_enrolment(&new_case("2026-06-30"), [&ended]).is_some());
        assert!(re_enrolment(&new_case("2026-07-01"), [&ended]).is_none());
    }

    #[test]
    fn the_window_is_calendar_months_across_a_leap_day() {
        let ended = ending(3, "2028-02-29", DischargeReason::Completed);
        assert!(re_enrolment(&new_case("2029-02-28"), [&ended]).is_some());
        assert!(re_enrolment(&new_case("2029-03-01"), [&ended]).is_none());
    }

    #[test]
    fn a_contact_before_the_end_or_a_relatives_contact_is_no_re_enrolment() {
        let ended = ending(3, "2026-03-01", DischargeReason::OwnWish);
        assert!(re_enrolment(&new_case("2026-02-28"), [&ended]).is_none());
        let mut relative = new_case("2026-03-17");
        relative.kind = ContactKind::Relative;
        assert!(re_enrolment(&relative, [&ended]).is_none());
        // The case's own ending does not count.
        let own = ending(9, "2026-03-01", DischargeReason::Completed);
        assert!(re_enrolment(&new_case("2026-03-17"), [&own]).is_none());
    }

    #[test]
    fn the_latest_ended_course_is_named() {
        let older = ending(2, "2025-05-01", DischargeReason::NoShow);
        let newer = ending(3, "2025-11-01", DischargeReason::Completed);
        let r = re_enrolment(&new_case("2026-03-17"), [&newer, &older]).unwrap();
        assert_eq!((r.previous_case_id, r.previous_reason), (3, DischargeReason::Completed));
    }
}
