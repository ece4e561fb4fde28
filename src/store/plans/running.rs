//! What still runs when a course ends (the case's MOVE course, group
//! memberships, residential stay), and the ending that ends or keeps each
//! as the counsellor said: one transaction, one audit row, all or nothing.

use chrono::NaiveDate;

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
            for item in running_on(tx, case_id)? {
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
    tx: &Db<'_>,
    key: RunningKey,
    kind: crate::domain::stay::EndKind,
    on: NaiveDate,
    running: &EndRunning<'_>,
    actor: &str,
) -> Result<String> {
    Ok(match key {
        RunningKey::MoveCourse(id) => {
            let ended = Reasoned { on, reason: running.move_reason.to_string() };
            end_move_course_in(tx, id, &ended, running.settings)?;
            format!("move_course {id}")
        }
        RunningKey::Membership(id) => {
            end_membership_in(tx, id, on)?;
            format!("group_member {id}")
        }
        RunningKey::Stay(id) => {
            let step = StayStep::End(StayEnding { on, kind, reported_on: None });
            stay_step_in(tx, id, &step, actor)?;
            format!("stay {id} {}", crate::store::cases::enum_id(&kind))
        }
    })
}

#[cfg(test)]
mod on_engines {
    use chrono::{NaiveTime, Weekday};

    use super::*;
    use crate::domain::group::groups::{Group, GroupKind, Schedule};
    use crate::domain::group::move_cards::MoveCardSettings;
    use crate::store::engine::both::{Place, a_case, on_both_engines, plan, whole_table_reads};
    use crate::store::groups::{add_member_in, insert_group};
    use crate::store::move_courses::open_course_in;

    on_both_engines!(what_still_runs_is_listed_alike, the_running_lists_read_an_index);

    fn on(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).unwrap()
    }

    fn group(db: &Db<'_>, name: &str, kind: GroupKind) -> i64 {
        let schedule = Schedule {
            weekday: Weekday::Wed,
            time: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
            place: "Salen".into(),
            counsellors: vec!["anna".into()],
        };
        insert_group(db, &Group { id: 0, name: name.into(), kind, schedule }).unwrap()
    }

    /// A stay of `case` at `provider`, started on `started_on` (or not yet).
    fn stay(db: &Db<'_>, case: i64, provider: i64, started_on: Option<&str>) -> i64 {
        db.query_row(
            "INSERT INTO stays (case_id, provider_id, planned_start, planned_end, recommended_on, recommended_by,
                 recommendation, decision, decided_on, decided_by, started_on)
             VALUES (?1, ?2, '2026-03-02', '2026-05-29', '2026-02-20', 'anna', 'døgn', 'approved', '2026-02-25',
                 'leder', ?3)
             RETURNING id",
            &[&case, &provider, &started_on],
            |r| r.get(0),
        )
        .unwrap()
    }

    fn what_still_runs_is_listed_alike(place: &Place) {
        let db = place.open();
        let case = a_case(&db, "anna");
        let other = a_case(&db, "bo");
        let ended = open_course_in(&db, case, on(1, 5)).unwrap();
        let off = MoveCardSettings::disabled();
        end_move_course_in(&db, ended, &Reasoned { on: on(2, 1), reason: "afbrudt".into() }, &off).unwrap();
        let course = open_course_in(&db, case, on(2, 16)).unwrap();
        open_course_in(&db, other, on(2, 16)).unwrap();
        let (move_group, aftercare) =
            (group(&db, "MOVE onsdag", GroupKind::Move), group(&db, "Efterværn", GroupKind::Aftercare));
        let left = add_member_in(&db, aftercare, case, on(1, 7)).unwrap();
        end_membership_in(&db, left, on(2, 1)).unwrap();
        let in_move = add_member_in(&db, move_group, case, on(2, 18)).unwrap();
        let in_aftercare = add_member_in(&db, aftercare, case, on(3, 4)).unwrap();
        add_member_in(&db, aftercare, other, on(3, 4)).unwrap();
        let provider: i64 = db
            .query_row(
                "INSERT INTO providers (name, tilbudsportalen_id, contact, bill_intake_day, bill_discharge_day)
                 VALUES ('Bostedet ''Lyng''', 'TP-1', 'kontor@lyng.dk', 1, 1) RETURNING id",
                &[],
                |r| r.get(0),
            )
            .unwrap();
        let started = stay(&db, case, provider, Some("2026-03-02"));
        stay(&db, case, provider, None);
        stay(&db, other, provider, Some("2026-03-02"));

        let running = running_on(&db, case).unwrap();
        assert_eq!(
            running,
            [
                Running::MoveCourse { id: course, screening_on: on(2, 16) },
                Running::Membership {
                    member_id: in_move,
                    group_id: move_group,
                    group: "MOVE onsdag".into(),
                    joined_on: on(2, 18)
                },
                Running::Membership {
                    member_id: in_aftercare,
                    group_id: aftercare,
                    group: "Efterværn".into(),
                    joined_on: on(3, 4)
                },
                Running::Stay {
                    id: started,
                    provider: "Bostedet 'Lyng'".into(),
                    started_on: on(3, 2),
                    planned_end: on(5, 29)
                },
            ]
        );
        // Ended as the ending's own steps end them, they run no more.
        end_move_course_in(&db, course, &Reasoned { on: on(3, 20), reason: "afsluttet".into() }, &off).unwrap();
        end_membership_in(&db, in_move, on(3, 20)).unwrap();
        assert_eq!(running_on(&db, case).unwrap(), [running[2].clone(), running[3].clone()]);
        assert_eq!(running_on(&db, a_case(&db, "cai")).unwrap(), []);
    }

    fn the_running_lists_read_an_index(place: &Place) {
        let db = place.open();
        for sql in [MEMBERSHIPS, STAYS] {
            let steps = plan(&db, sql, &[&1i64]);
            assert!(whole_table_reads(&steps).is_empty(), "{sql}\nreads a whole table: {steps:?}");
        }
    }
}
