//! The treatment events for the national register (`sagsbord events`):
//! loaded in one snapshot, computed by `domain::report::events`, and the
//! look recorded in the audit trail, since the file holds CPR numbers.

use std::collections::HashMap;

use super::cases::{DATE_TIME, parse_date};
use super::plans::day;
use super::{CentreAction, Result, Store, StoreError};
use crate::domain::report::Period;
use crate::domain::report::events::{self, CallEvent, CaseEvents, End, EventRow};

/// Every case the register counts: a citizen with a CPR number, about
/// their own use (adult or young); relatives, professionals and anonymous
/// §101a cases are never reported with a person.
const REGISTER_CASES: &str = "SELECT c.id, c.citizen_id, z.cpr, c.counsellor, c.contact_at, c.treatment_started_on,
    c.closed_on, c.closing_reason, e.ended_on, e.reason
    FROM cases c JOIN citizens z ON z.id = c.citizen_id LEFT JOIN course_endings e ON e.case_id = c.id
    WHERE z.cpr IS NOT NULL AND c.kind IN ('own_use', 'young') ORDER BY c.id";

/// Every attempt at a follow-up call, oldest first per case.
const REGISTER_CALLS: &str = "SELECT f.case_id, f.months, a.on_date, a.outcome
    FROM follow_up_attempts a JOIN follow_up_calls f ON f.id = a.call_id ORDER BY f.case_id, a.on_date, a.id";

type RawCase =
    (i64, i64, String, String, String, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>);

impl Store {
    /// The events dated in `period`, per citizen. The team leader's, as the
    /// report is; the look is recorded with the period and the number of
    /// rows before anything leaves the store.
    pub fn register_events(&mut self, period: Period) -> Result<Vec<EventRow>> {
        self.may(CentreAction::Report)?;
        let cases = self.read_snapshot(Store::register_cases)?;
        let rows = events::rows(&cases, period);
        let detail = format!("{}..{} rows={}", period.from, period.to, rows.len());
        self.record_read("register_events", "report", None, &detail)?;
        Ok(rows)
    }

    fn register_cases(&self) -> Result<Vec<CaseEvents>> {
        let mut calls: HashMap<i64, Vec<CallEvent>> = HashMap::new();
        let db = self.db();
        db.query_each(REGISTER_CALLS, &[], |r| {
            let (case, months, on) = (r.get(0)?, r.get(1)?, r.get::<String>(2)?);
            calls.entry(case).or_default().push(CallEvent { months, on: day(&on)?, outcome: r.get(3)? });
            Ok(())
        })?;
        let raw: Vec<RawCase> = db.query_map(REGISTER_CASES, &[], |r| r.columns())?;
        raw.into_iter()
            .map(|(case, citizen, cpr, counsellor, contact_at, started, closed, closing, ended, reason)| {
                let request = chrono::NaiveDateTime::parse_from_str(&contact_at, DATE_TIME)
                    .map_err(|_| StoreError::Corrupt(contact_at.clone()))?
                    .date();
                let end = match (parse_date(ended)?, reason, parse_date(closed)?) {
                    (Some(on), Some(reason), _) => Some(End::Discharged { on, reason }),
                    (_, _, Some(on)) => Some(End::ClosedBeforeTreatment { on, reason: closing }),
                    _ => None,
                };
                Ok(CaseEvents {
                    case,
                    citizen,
                    cpr,
                    counsellor,
                    request,
                    treatment_start: parse_date(started)?,
                    end,
                    calls: calls.remove(&case).unwrap_or_default(),
                })
            })
            .collect()
    }
}
