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
    waits.sort_unstable();
    if let (Some(median), Some(longest)) = (waits.get(waits.len() / 2), waits.last()) {
        section.notes.push(Note::ReceiptWorkingDays { median: *median, longest: *longest });
    }
    section
}
