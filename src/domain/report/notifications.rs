//! Underretninger sent in the period and how soon the municipality
//! confirmed their receipt (due within 6 working days, Barnets Lov §136).

use chrono::NaiveDate;

use super::{Note, Period, Row, RowKey, Section, SectionKind};
use crate::domain::dates;
use crate::domain::notification::{Notification, RECEIPT_WORKING_DAYS};

pub(super) fn section(notifications: &[Notification], period: Period, today: NaiveDate) -> Section {
    let sent: Vec<(&Notification, NaiveDate)> = notifications
        .iter()
        .filter_map(|n| n.sent.as_ref().map(|s| (n, s.on)))
        .filter(|(_, on)| period.contains(*on))
        .collect();
    let (mut in_time, mut late, mut missing, mut waits) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (n, sent_on) in &sent {
        let due = dates::add_working_days(*sent_on, RECEIPT_WORKING_DAYS);
        match &n.receipt {
            Some(r) => {
                waits.push(dates::working_days_between(*sent_on, r.on));
                if r.on <= due { in_time.push(n.case_id) } else { late.push(n.case_id) }
            }
            // Not yet due is neither late nor missing; it waits.
            None if due < today => missing.push(n.case_id),
            None => {}
        }
    }
    let mut section = Section::new(
        SectionKind::Notifications,
        vec![
            Row::of(RowKey::NotificationsSent, sent.iter().map(|(n, _)| n.case_id).collect()),
            Row::of(RowKey::ReceiptInTime, in_time),
            Row::of(RowKey::ReceiptLate, late),
            Row::of(RowKey::ReceiptMissing, missing),
        ],
    );
    if let Some(waits) = Waits::of(waits) {
        section.notes.push(Note::ReceiptWorkingDays(waits));
    }
    section
}

/// The working days from sent to receipt of every receipt confirmed: kept
/// whole, not as its median, so that two centres' waits can be joined
/// into the municipality's median.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waits(Vec<i64>);

impl Waits {
    /// The waits, or none when no receipt was confirmed.
    pub fn of(mut days: Vec<i64>) -> Option<Waits> {
        days.sort_unstable();
        (!days.is_empty()).then_some(Waits(days))
    }

    /// The middle wait (the upper of the two middle ones of an even count).
    pub fn median(&self) -> i64 {
        self.0[self.0.len() / 2]
    }

    pub fn longest(&self) -> i64 {
        self.0[self.0.len() - 1]
    }

    pub fn join(&mut self, other: &Waits) {
        self.0.extend_from_slice(&other.0);
        self.0.sort_unstable();
    }
}
