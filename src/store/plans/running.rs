//! What still runs when a course ends (the case's MOVE course, group
//! memberships, residential stay), and the ending that ends or keeps each
//! as the counsellor said: one transaction, one audit row, all or nothing.

use chrono::NaiveDate;
use rusqlite::Transaction;

use super::courses::close_course_in;
use crate::domain::group::move_cards::MoveCardSettings;
use crate::domain::intake::Reasoned;
use crate::domain::plan::{Answer, Ending, NewEnding, Running, RunningKey, ScheduledCall};
use crate::domain::stay::{Ending as StayEnding, StayStep};
use crate::store::cases::parse_date;
use crate::store::conflict::{Found, Opened, Record, conflict};
use crate::store::engine::Db;
use crate::store::groups::end_membership_in;
use crate::store::move_courses::{courses_of, end_move_course_in};
use crate::store::stays::stay_step_in;
use crate::store::{Result, Store, StoreError};

const MEMBERSHIPS: &str = "SELECT m.id, m.group_id, g.name, m.joined_on FROM group_members m
    JOIN treatment_groups g ON g.id = m.group_id
    WHERE m.case_id = ?1 AND m.left_on IS NULL ORDER BY m.id";
const STAYS: &str = "SELECT s.id, p.name, s.started_on, s.planned_end FROM stays s
    JOIN providers p ON p.id = s.provider_id
    WHERE s.case_id = ?1 AND s.started_on IS NOT NULL AND s.ended_on IS NULL ORDER BY s.id";

/// What the ending says about the case's running items.
#[derive(Debug, Clone)]
pub struct EndRunning<'a> {
    /// Every item the form asked about, with the answer.
    pub answers: &'a [(RunningKey, Answer)],
    /// Why a MOVE course ended this way ended, in the user's words.
    pub move_reason: &'a str,
    /// The profile's card rule: a MOVE course ends only with its cards settled.
    pub settings: &'a MoveCardSettings,
    /// When the form was opened: an item that began running since was
    /// never asked about, and refuses the ending.
    pub opened: Opened,
}

/// The case's running items as they stand on `db`: the MOVE course,
/// then the memberships, then the stays.
pub(crate) fn running_on(db: &Db<'_>, case_id: i64) -> Result<Vec<Running>> {
    let mut running: Vec<Running> = courses_of(db, case_id)?
        .into_iter()
        .filter(|c| c.ended.is_none())
        .map(|c| Running::MoveCourse { id: c.id, screening_on: c.screening_on })
        .collect();
    let day = |text: String| -> Result<NaiveDate> {
        parse_date(Some(text))?.ok_or_else(|| StoreError::Corrupt("dato".into()))
    };
    let members: Vec<(i64, i64, String, String)> = db.query_map(MEMBERSHIPS, &[&case_id], |r| r.columns())?;
    for (member_id, group_id, group, joined_on) in members {
        running.push(Running::Membership { member_id, group_id, group, joined_on: day(joined_on)? });
    }
    let stays: Vec<(i64, String, String, String)> = db.query_map(STAYS, &[&case_id], |r| r.columns())?;
    for (id, provider, started_on, planned_end) in stays {
        running.push(Running::Stay { id, provider, started_on: day(started_on)?, planned_end: day(planned_end)? });
    }
    Ok(running)
}

/// The record a running item is, for a refusal naming who changed it.
fn record_of(item: &Running, case_id: i64) -> Record {
    match item {
        Running::MoveCourse { .. } => Record::Case(case_id),
        Running::Membership { group_id, .. } => Record::Members(*group_id),
        Running::Stay { id, .. } => Record::Stay(*id),
    }
}

impl Store {
    /// What of the case still runs: what ending its course asks about.
    pub fn still_running(&self, case_id: i64) -> Result<Vec<Running>> {
        running_on(&self.db(), case_id)
    }

    /// Ends a course as [`Store::end_course`] does and, in the same
    /// transaction, ends each running item the counsellor chose to end,
    /// on the ending date, by the rules of its own screen: a MOVE course
    /// with its cards settled, a membership not already left, a stay by
    /// the Døgn pane's ending step (planned or interrupted). An item
    /// running now that the form did not ask about refuses the whole
    /// ending, and so does any part that fails: nothing is written.
    pub fn end_course_with(
        &mut self,
        case_id: i64,
        ending: &NewEnding,
        closed_text: &str,
        calls: &[ScheduledCall],
        running: &EndRunning<'_>,
    ) -> Result<Ending> {
        let stored = self.ending_to_store(case_id, ending);
        self.write("end_course", "case", |tx| {
            let mut detail = close_course_in(tx, case_id, &stored, closed_text, calls)?;
            for item in running_on(&Db::borrowing(tx), case_id)? {
                if !running.answers.iter().any(|(key, _)| *key == item.key()) {
                    return Err(conflict(tx, record_of(&item, case_id), Found::Edited, Some(running.opened)));
                }
            }
            let mut ended = Vec::new();
            for (key, answer) in running.answers {
                let Answer::End(kind) = answer else { continue };
                ended.push(end_one(tx, *key, *kind, ending.ended_on, running, &stored.actor)?);
            }
            if !ended.is_empty() {
                detail.push_str(&format!("; ended {}", ended.join(", ")));
            }
            Ok((stored.clone(), Some(case_id), detail))
        })
    }
}

/// Ends one item on `on`; returns its words for the audit row's detail.
fn end_one(
    tx: &Transaction<'_>,
    key: RunningKey,
    kind: crate::domain::stay::EndKind,
    on: NaiveDate,
    running: &EndRunning<'_>,
    actor: &str,
) -> Result<String> {
    Ok(match key {
        RunningKey::MoveCourse(id) => {
            let ended = Reasoned { on, reason: running.move_reason.to_string() };
            end_move_course_in(&Db::borrowing(tx), id, &ended, running.settings)?;
            format!("move_course {id}")
        }
        RunningKey::Membership(id) => {
            end_membership_in(&Db::borrowing(tx), id, on)?;
            format!("group_member {id}")
        }
        RunningKey::Stay(id) => {
            let step = StayStep::End(StayEnding { on, kind, reported_on: None });
            stay_step_in(tx, id, &step, actor)?;
            format!("stay {id} {}", crate::store::cases::enum_id(&kind))
        }
    })
}
