//! Treatment plans, course endings and follow-up calls.
//!
//! A plan version is inserted once and never changed (the schema refuses
//! updates), so the plan as it stood on any date can be read back. Ending a
//! course closes its case, records the discharge reason and schedules the
//! follow-up calls, all in one transaction.
//!
//! This file holds what the others share: the dates, the queries the
//! indexes are made for and the row readers. The plan versions are in
//! `versions`, the courses and their endings in `courses`, the follow-up
//! calls in `calls`.

mod board_page;
mod board_summary;
mod calls;
mod courses;
#[cfg(test)]
mod on_engines;
mod running;
#[cfg(test)]
pub(crate) mod tests;
mod versions;

use super::Result;
use super::cases::parse_enum;
use crate::domain::plan::Ending;

pub use board_page::{BoardKey, BoardLine, BoardPages};
pub use board_summary::BoardSummary;
pub(crate) use calls::{attempts_by_call_on, calls_with};
pub use courses::ended_window_start;
pub(crate) use courses::endings_by_case_on;
pub use running::EndRunning;
pub(crate) use versions::each_plan_version_on;

pub(crate) use super::cases::parse_day as day;
use super::children::day_text;
use super::engine::Row;

/// The conditions of the board's lists; each matches its index's own
/// condition word for word, so SQLite reads the index, not every case.
const ACTIVE: &str =
    "WHERE c.treatment_started_on IS NOT NULL AND c.closed_on IS NULL ORDER BY c.treatment_started_on, c.id";
const ACTIVE_MINE: &str = "WHERE c.treatment_started_on IS NOT NULL AND c.closed_on IS NULL AND c.counsellor = ?1
    ORDER BY c.treatment_started_on, c.id";
const ENDED: &str = "JOIN course_endings e ON e.case_id = c.id WHERE e.ended_on >= ?1 ORDER BY e.ended_on DESC, c.id";
const ENDED_MINE: &str = "JOIN course_endings e ON e.case_id = c.id WHERE e.ended_on >= ?1 AND c.counsellor = ?2
    ORDER BY e.ended_on DESC, c.id";
const OPEN_CALLS: &str = "SELECT f.id, f.case_id, f.months, f.due_on FROM follow_up_calls f
    WHERE f.done_on IS NULL ORDER BY f.due_on, f.case_id, f.months";
const LATEST_VERSION: &str = "SELECT id, case_id, version, effective_on, next_revision_on, services, methods,
    partners, action_plan, citizen_took_part, changes, actor, recorded_at
    FROM plan_versions WHERE case_id = ?1 ORDER BY version DESC LIMIT 1";

use super::BULK;

type GoalRow = (String, String, String);

const ENDINGS_SINCE: &str = "SELECT c.citizen_id, e.case_id, e.ended_on, e.reason, e.follow_up_declined, e.note,
    e.actor, e.recorded_at FROM course_endings e JOIN cases c ON c.id = e.case_id
    WHERE e.ended_on >= ?1 ORDER BY e.ended_on, e.case_id";

const VERSION_COLUMNS: &str = "id, case_id, version, effective_on, next_revision_on, services, methods, partners,
    action_plan, citizen_took_part, changes, actor, recorded_at";

/// A version row: its first twelve columns (as many as a row reads as one
/// tuple), then when it was recorded.
type RawVersion = ((i64, i64, u32, String, String, String, String, String, String, bool, String, String), String);

fn read_version(r: &Row<'_>) -> super::engine::Result<RawVersion> {
    Ok((r.columns()?, r.get(12)?))
}

pub(crate) const ENDING_COLUMNS: &str =
    "e.case_id, e.ended_on, e.reason, e.follow_up_declined, e.note, e.actor, e.recorded_at";

pub(crate) type RawEnding = (i64, String, String, bool, String, String, String);

pub(crate) fn read_ending(r: &Row<'_>) -> super::engine::Result<RawEnding> {
    r.columns()
}

pub(crate) fn to_ending(
    (case_id, ended_on, reason, follow_up_declined, note, actor, recorded_at): RawEnding,
) -> Result<Ending> {
    Ok(Ending {
        case_id,
        ended_on: day(&ended_on)?,
        reason: parse_enum(&reason)?,
        follow_up_declined,
        note,
        actor,
        recorded_at,
    })
}
