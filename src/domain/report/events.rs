//! The treatment events per citizen for the national register
//! (Stofmisbrugsdatabasen, domain.md 7.8): the request (anmodning, the
//! first contact), the start of treatment (iværksættelse, and the
//! enrolment with the provider, tilbudsindskrivning, which is the same day
//! when the centre is the provider), the end with its status
//! (afslutningsstatus) and the follow-up calls with their outcome.
//!
//! The register merges a person's requests into one contact course when 10
//! days or fewer lie between the end of one course and the next request;
//! each event carries its contact course's number, counted per citizen
//! over their whole history so that a month's file numbers a course as the
//! year's file does.

use chrono::NaiveDate;

use super::Period;
use crate::domain::dates;

/// At most this many days between one end and the next request: the same
/// contact course (domain.md 7.8).
pub const MERGE_GAP_DAYS: i64 = 10;

/// One case of a citizen the register counts (a named adult or young
/// person about their own use, with a CPR number), as the store loads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEvents {
    pub case: i64,
    pub citizen: i64,
    pub cpr: String,
    pub counsellor: String,
    /// The first contact.
    pub request: NaiveDate,
    pub treatment_start: Option<NaiveDate>,
    pub end: Option<End>,
    /// Every attempt at a follow-up call after the end, oldest first.
    pub calls: Vec<CallEvent>,
}

/// How a case ended, with the stored reason id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// A course in treatment ended: the discharge reason (afslutningsstatus).
    Discharged { on: NaiveDate, reason: String },
    /// The contact was closed before treatment started: the closing reason,
    /// none for a contact closed before the list of reasons existed.
    ClosedBeforeTreatment { on: NaiveDate, reason: Option<String> },
}

impl End {
    pub fn on(&self) -> NaiveDate {
        match self {
            End::Discharged { on, .. } | End::ClosedBeforeTreatment { on, .. } => *on,
        }
    }
}

/// One attempt at a follow-up call: reached with an outcome id, or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallEvent {
    pub months: u32,
    pub on: NaiveDate,
    pub outcome: Option<String>,
}

/// What happened, as the file's `event` column says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EventKind {
    Request,
    TreatmentStart,
    End,
    ContactClosed,
    FollowUpCall,
}

impl EventKind {
    pub fn id(self) -> &'static str {
        match self {
            EventKind::Request => "request",
            EventKind::TreatmentStart => "treatment_start",
            EventKind::End => "end",
            EventKind::ContactClosed => "contact_closed",
            EventKind::FollowUpCall => "follow_up_call",
        }
    }
}

/// One line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub cpr: String,
    pub citizen: i64,
    /// The citizen's contact course, 1 for the first, after merging.
    pub contact_course: u32,
    pub case: i64,
    pub event: EventKind,
    pub date: NaiveDate,
    /// The discharge or closing reason id; empty otherwise.
    pub reason: String,
    /// A follow-up call: 1 or 6 months after the end.
    pub months: Option<u32>,
    /// A follow-up call: the outcome id, or `not_reached`.
    pub outcome: String,
    pub counsellor: String,
}

/// The contact course of each case, per citizen: a case whose request
/// comes at most [`MERGE_GAP_DAYS`] after the end of the citizen's
/// previous course (or while it is still open) belongs to that course.
/// Returned in the order of `cases`.
pub fn contact_courses(cases: &[CaseEvents]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..cases.len()).collect();
    order.sort_by_key(|&i| (cases[i].citizen, cases[i].request, cases[i].case));
    let mut numbers = vec![0; cases.len()];
    // Per citizen: the course number so far and the latest end of it
    // (None while a case of it is open).
    let mut current: Option<(i64, u32, Option<NaiveDate>)> = None;
    for i in order {
        let c = &cases[i];
        let end = c.end.as_ref().map(End::on);
        current = Some(match current {
            Some((citizen, n, last_end)) if citizen == c.citizen => {
                let merges = match last_end {
                    None => true,
                    Some(last) => dates::days_between(last, c.request) <= MERGE_GAP_DAYS,
                };
                if merges {
                    // The course ends when its last case ends.
                    let end = match (last_end, end) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        _ => None,
                    };
                    (citizen, n, end)
                } else {
                    (citizen, n + 1, end)
                }
            }
            _ => (c.citizen, 1, end),
        });
        numbers[i] = current.map_or(1, |(_, n, _)| n);
    }
    numbers
}

/// The events dated in `period`, by citizen, date, case and kind.
pub fn rows(cases: &[CaseEvents], period: Period) -> Vec<EventRow> {
    let numbers = contact_courses(cases);
    let mut rows = Vec::new();
    for (c, &course) in cases.iter().zip(&numbers) {
        let row = |event, date, reason: &str, months, outcome: &str| EventRow {
            cpr: c.cpr.clone(),
            citizen: c.citizen,
            contact_course: course,
            case: c.case,
            event,
            date,
            reason: reason.to_string(),
            months,
            outcome: outcome.to_string(),
            counsellor: c.counsellor.clone(),
        };
        let mut all = vec![row(EventKind::Request, c.request, "", None, "")];
        if let Some(on) = c.treatment_start {
            all.push(row(EventKind::TreatmentStart, on, "", None, ""));
        }
        match &c.end {
            Some(End::Discharged { on, reason }) => all.push(row(EventKind::End, *on, reason, None, "")),
            Some(End::ClosedBeforeTreatment { on, reason }) => {
                all.push(row(EventKind::ContactClosed, *on, reason.as_deref().unwrap_or(""), None, ""))
            }
            None => {}
        }
        for call in &c.calls {
            let outcome = call.outcome.as_deref().unwrap_or(NOT_REACHED);
            all.push(row(EventKind::FollowUpCall, call.on, "", Some(call.months), outcome));
        }
        rows.extend(all.into_iter().filter(|r| r.date >= period.from && r.date <= period.to));
    }
    rows.sort_by_key(|r| (r.citizen, r.date, r.case, r.event));
    rows
}

/// The outcome of an attempt that did not reach the citizen.
pub const NOT_REACHED: &str = "not_reached";

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn case(case: i64, citizen: i64, request: &str, end: Option<&str>) -> CaseEvents {
        CaseEvents {
            case,
            citizen,
            cpr: format!("01017{citizen}-1234"),
            counsellor: "anna".into(),
            request: d(request),
            treatment_start: None,
            end: end.map(|e| End::ClosedBeforeTreatment { on: d(e), reason: None }),
            calls: vec![],
        }
    }

    /// 10 days between an end and the next request: one course; 11: two.
    #[test]
    fn requests_merge_at_ten_days_and_not_at_eleven() {
        let ten = [case(1, 1, "2026-01-05", Some("2026-02-01")), case(2, 1, "2026-02-11", None)];
        assert_eq!(contact_courses(&ten), [1, 1]);
        let eleven = [case(1, 1, "2026-01-05", Some("2026-02-01")), case(2, 1, "2026-02-12", None)];
        assert_eq!(contact_courses(&eleven), [1, 2]);
        // The same day, and a request while the earlier case is still open.
        let same = [case(1, 1, "2026-01-05", Some("2026-02-01")), case(2, 1, "2026-02-01", None)];
        assert_eq!(contact_courses(&same), [1, 1]);
        let open = [case(1, 1, "2026-01-05", None), case(2, 1, "2026-03-01", Some("2026-03-02"))];
        assert_eq!(contact_courses(&open), [1, 1]);
    }

    /// The gap counts from the latest end of the merged course, and each
    /// citizen counts on their own, whatever order the cases come in.
    #[test]
    fn courses_are_counted_per_citizen_from_the_latest_end() {
        let cases = [
            case(3, 1, "2026-02-20", Some("2026-05-01")),
            case(1, 1, "2026-01-05", Some("2026-02-15")),
            case(4, 1, "2026-05-11", None),
            case(2, 2, "2026-01-06", Some("2026-01-07")),
            case(5, 2, "2026-01-30", None),
        ];
        // Citizen 1: 15 Feb → 20 Feb (5 days), 1 May → 11 May (10): one course.
        // Citizen 2: 7 Jan → 30 Jan (23 days): two.
        assert_eq!(contact_courses(&cases), [1, 1, 1, 1, 2]);
    }

    #[test]
    fn only_events_in_the_period_are_rows_and_each_says_its_kind() {
        let mut c = case(7, 3, "2025-12-20", None);
        c.treatment_start = Some(d("2026-01-02"));
        c.end = Some(End::Discharged { on: d("2026-03-31"), reason: "completed".into() });
        c.calls = vec![
            CallEvent { months: 1, on: d("2026-04-28"), outcome: None },
            CallEvent { months: 1, on: d("2026-04-30"), outcome: Some("reduced".into()) },
        ];
        let period = Period::range(d("2026-01-01"), d("2026-04-29")).unwrap();
        let got: Vec<(&str, NaiveDate, String, Option<u32>, String)> =
            rows(&[c], period).into_iter().map(|r| (r.event.id(), r.date, r.reason, r.months, r.outcome)).collect();
        let want =
            |e, day, reason: &str, months, outcome: &str| (e, d(day), reason.to_string(), months, outcome.to_string());
        assert_eq!(
            got,
            [
                want("treatment_start", "2026-01-02", "", None, ""),
                want("end", "2026-03-31", "completed", None, ""),
                want("follow_up_call", "2026-04-28", "", Some(1), "not_reached"),
            ]
        );
    }
}
