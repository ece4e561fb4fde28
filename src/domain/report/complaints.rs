//! Complaints about decisions and their outcome (Faxe's annual report asks
//! for them; domain.md 7.7): the complaints received in the period, how
//! many were late, and what became of each as it stands on the day of the
//! report (re-assessed and changed, upheld, forwarded in time or late,
//! Ankestyrelsen's result).

use super::{ComplaintRow, Period, Row, RowKey, Section, SectionKind};
use crate::domain::complaint::{AppealResult, Complaint, Reassessment, State};
use crate::domain::policy::Profile;

pub(super) fn section(complaints: &[Complaint], profile: &Profile, period: Period) -> Section {
    let weeks = profile.complaint.deadline_weeks;
    let received: Vec<&Complaint> = complaints.iter().filter(|c| period.contains(c.received_on)).collect();
    let cases = |keep: &dyn Fn(&Complaint) -> bool| received.iter().filter(|c| keep(c)).map(|c| c.case_id).collect();
    let row = |key: ComplaintRow, keep: &dyn Fn(&Complaint) -> bool| Row::of(RowKey::Complaint(key), cases(keep));
    let mut rows = vec![
        row(ComplaintRow::Received, &|_| true),
        row(ComplaintRow::Late, &|c| c.is_late(weeks)),
        row(ComplaintRow::AwaitingReassessment, &|c| c.state() == State::Received),
        row(ComplaintRow::ChangedByCentre, &|c| {
            c.reassessed.as_ref().is_some_and(|r| r.outcome == Reassessment::Changed)
        }),
        row(ComplaintRow::UpheldNotForwarded, &|c| c.state() == State::Upheld),
        row(ComplaintRow::Forwarded, &|c| c.forwarded.is_some()),
        row(ComplaintRow::ForwardedAfterDeadline, &|c| {
            c.forwarded.as_ref().is_some_and(|f| f.on > c.forwarding_deadline())
        }),
        row(ComplaintRow::AwaitingResult, &|c| c.state() == State::Forwarded),
    ];
    for result in AppealResult::ALL {
        rows.push(row(ComplaintRow::Result(result), &|c| c.result.as_ref().is_some_and(|x| x.result == result)));
    }
    Section::new(SectionKind::Complaints, rows)
}
