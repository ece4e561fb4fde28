//! Treatment plans, course endings and follow-up calls.
//!
//! A plan version is inserted once and never changed (the schema refuses
//! updates), so the plan as it stood on any date can be read back. Ending a
//! course closes its case, records the discharge reason and schedules the
//! follow-up calls, all in one transaction.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, Transaction, params};

use super::cases::{CaseFilter, DATE, case_on, enum_id, insert_event, parse_enum, write_progress_change};
use super::{Result, Store, StoreError, now_stamp};
use crate::domain::dates;
use crate::domain::intake::{Case, Progress, Reasoned};
use crate::domain::plan::{
    CallAttempt, Course, CourseCall, Ending, FollowUpCall, Goal, NewAttempt, NewEnding, NewVersion, PlanVersion,
    RE_ENROLMENT_MONTHS, ReEnrolment, ScheduledCall, re_enrolment,
};

fn day(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, DATE).map_err(|_| StoreError::Corrupt(format!("dato '{text}'")))
}

fn day_text(d: NaiveDate) -> String {
    d.format(DATE).to_string()
}

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

/// How many ids one bulk query names; well under SQLite's limit of
/// parameters, and enough that a board of thousands takes a few queries.
const BULK: usize = 500;

type GoalRow = (String, String, String);

const ENDINGS_SINCE: &str = "SELECT c.citizen_id, e.case_id, e.ended_on, e.reason, e.follow_up_declined, e.note,
    e.actor, e.recorded_at FROM course_endings e JOIN cases c ON c.id = e.case_id
    WHERE e.ended_on >= ?1 ORDER BY e.ended_on, e.case_id";

const VERSION_COLUMNS: &str = "id, case_id, version, effective_on, next_revision_on, services, methods, partners,
    action_plan, citizen_took_part, changes, actor, recorded_at";

type RawVersion = (i64, i64, u32, String, String, String, String, String, String, bool, String, String, String);

fn read_version(r: &Row<'_>) -> rusqlite::Result<RawVersion> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        r.get(11)?,
        r.get(12)?,
    ))
}

const ENDING_COLUMNS: &str = "e.case_id, e.ended_on, e.reason, e.follow_up_declined, e.note, e.actor, e.recorded_at";

type RawEnding = (i64, String, String, bool, String, String, String);

fn read_ending(r: &Row<'_>) -> rusqlite::Result<RawEnding> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
}

fn to_ending((case_id, ended_on, reason, follow_up_declined, note, actor, recorded_at): RawEnding) -> Result<Ending> {
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

impl Store {
    fn to_version(&self, raw: RawVersion) -> Result<PlanVersion> {
        let mut goals = self.goal_rows(&[raw.0])?;
        Self::version_from(raw.clone(), goals.remove(&raw.0).unwrap_or_default())
    }

    /// The goals of several versions, by version id, in their order.
    fn goal_rows(&self, version_ids: &[i64]) -> Result<HashMap<i64, Vec<GoalRow>>> {
        let mut by_version: HashMap<i64, Vec<GoalRow>> = HashMap::new();
        for chunk in version_ids.chunks(BULK) {
            let marks = vec!["?"; chunk.len()].join(",");
            let mut stmt = self.conn().prepare_cached(&format!(
                "SELECT version_id, area, text, status FROM plan_goals WHERE version_id IN ({marks})
                 ORDER BY version_id, position"
            ))?;
            let rows = stmt.query_map(rusqlite::params_from_iter(chunk), |r| {
                Ok((r.get::<_, i64>(0)?, (r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)))
            })?;
            for row in rows {
                let (version_id, goal) = row?;
                by_version.entry(version_id).or_default().push(goal);
            }
        }
        Ok(by_version)
    }

    /// The latest plan version of each of `case_ids` that has a plan, by
    /// case: a few queries for a whole board rather than two per course.
    fn latest_versions_of(&self, case_ids: &[i64]) -> Result<HashMap<i64, PlanVersion>> {
        let mut latest = HashMap::new();
        for chunk in case_ids.chunks(BULK) {
            let marks = vec!["?"; chunk.len()].join(",");
            let raws = {
                let mut stmt = self.conn().prepare_cached(&format!(
                    "SELECT {VERSION_COLUMNS} FROM plan_versions v WHERE v.case_id IN ({marks})
                     AND v.version = (SELECT max(w.version) FROM plan_versions w WHERE w.case_id = v.case_id)"
                ))?;
                stmt.query_map(rusqlite::params_from_iter(chunk), read_version)?
                    .collect::<rusqlite::Result<Vec<_>>>()?
            };
            let mut goals = self.goal_rows(&raws.iter().map(|r| r.0).collect::<Vec<_>>())?;
            for raw in raws {
                let version = Self::version_from(raw.clone(), goals.remove(&raw.0).unwrap_or_default())?;
                latest.insert(version.case_id, version);
            }
        }
        Ok(latest)
    }

    fn version_from(raw: RawVersion, goal_rows: Vec<GoalRow>) -> Result<PlanVersion> {
        let (
            id,
            case_id,
            version,
            effective_on,
            next,
            services,
            methods,
            partners,
            action_plan,
            took_part,
            changes,
            actor,
            recorded_at,
        ) = raw;
        let goals = goal_rows
            .into_iter()
            .map(|(area, text, status)| Ok(Goal { area: parse_enum(&area)?, text, status: parse_enum(&status)? }))
            .collect::<Result<Vec<_>>>()?;
        Ok(PlanVersion {
            id,
            case_id,
            version,
            effective_on: day(&effective_on)?,
            next_revision_on: day(&next)?,
            goals,
            services,
            methods,
            partners,
            action_plan: parse_enum(&action_plan)?,
            citizen_took_part: took_part,
            changes,
            actor,
            recorded_at,
        })
    }

    /// Every version of a case's plan, oldest first.
    pub fn plan_versions(&self, case_id: i64) -> Result<Vec<PlanVersion>> {
        let rows = {
            let mut stmt = self.conn().prepare_cached(&format!(
                "SELECT {VERSION_COLUMNS} FROM plan_versions WHERE case_id = ?1 ORDER BY version"
            ))?;
            stmt.query_map([case_id], read_version)?.collect::<rusqlite::Result<Vec<_>>>()?
        };
        rows.into_iter().map(|raw| self.to_version(raw)).collect()
    }

    /// The latest version of a case's plan (the highest number), if any.
    pub fn latest_plan_version(&self, case_id: i64) -> Result<Option<PlanVersion>> {
        let raw = {
            let mut stmt = self.conn().prepare_cached(LATEST_VERSION)?;
            stmt.query_row([case_id], read_version).optional()?
        };
        raw.map(|raw| self.to_version(raw)).transpose()
    }

    /// The ending of a course, if it has one.
    pub fn course_ending(&self, case_id: i64) -> Result<Option<Ending>> {
        let raw = {
            let mut stmt = self
                .conn()
                .prepare_cached(&format!("SELECT {ENDING_COLUMNS} FROM course_endings e WHERE e.case_id = ?1"))?;
            stmt.query_row([case_id], read_ending).optional()?
        };
        raw.map(to_ending).transpose()
    }

    /// The endings of every citizen's courses that ended on or after
    /// `since`, by citizen: what a re-enrolment looks back to.
    fn endings_by_citizen(&self, since: NaiveDate) -> Result<HashMap<i64, Vec<Ending>>> {
        let rows = {
            let mut stmt = self.conn().prepare_cached(ENDINGS_SINCE)?;
            stmt.query_map([day_text(since)], |r| {
                Ok((r.get::<_, i64>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
        };
        let mut by_citizen: HashMap<i64, Vec<Ending>> = HashMap::new();
        for (citizen, raw) in rows {
            by_citizen.entry(citizen).or_default().push(to_ending(raw)?);
        }
        Ok(by_citizen)
    }

    /// Cases with their plan, ending and re-enrolment: the board's lines.
    fn courses_of(&self, cases: Vec<Case>) -> Result<Vec<Course>> {
        let Some(earliest) = cases.iter().map(Case::contact_date).min() else {
            return Ok(Vec::new());
        };
        // A re-enrolment looks back 12 months from the first contact; a
        // month more keeps every month-end case in, and the domain decides.
        let since = dates::sub_months(earliest, RE_ENROLMENT_MONTHS + 1);
        let endings = self.endings_by_citizen(since)?;
        let mut latest_versions = self.latest_versions_of(&cases.iter().map(|c| c.id).collect::<Vec<_>>())?;
        let mut courses = Vec::with_capacity(cases.len());
        for case in cases {
            let latest = latest_versions.remove(&case.id);
            let citizen_endings = endings.get(&case.citizen_id).map(Vec::as_slice).unwrap_or(&[]);
            let ending = citizen_endings.iter().find(|e| e.case_id == case.id).cloned();
            let re_enrolment = re_enrolment(&case, citizen_endings);
            courses.push(Course { case, latest, ending, re_enrolment });
        }
        Ok(courses)
    }

    /// The courses in treatment: started, not closed. Uses the partial
    /// indexes `cases_in_treatment` and `cases_in_treatment_counsellor`.
    pub fn active_courses(&self, filter: &CaseFilter) -> Result<Vec<Course>> {
        let cases = match &filter.counsellor {
            Some(who) => self.query_cases(ACTIVE_MINE, &[who])?,
            None => self.query_cases(ACTIVE, &[])?,
        };
        self.courses_of(cases)
    }

    /// Courses that ended on or after `since`, most recently ended first.
    /// Uses the index `course_endings_ended`.
    pub fn ended_courses(&self, since: NaiveDate, filter: &CaseFilter) -> Result<Vec<Course>> {
        let since = day_text(since);
        let cases = match &filter.counsellor {
            Some(who) => self.query_cases(ENDED_MINE, &[&since, who])?,
            None => self.query_cases(ENDED, &[&since])?,
        };
        self.courses_of(cases)
    }

    /// One course, whatever its state.
    pub fn course(&self, case_id: i64) -> Result<Course> {
        let case = self.load_case(case_id)?;
        Ok(self.courses_of(vec![case])?.remove(0))
    }

    /// Opens a course's plan to look at it: recorded in the audit trail.
    pub fn view_plan(&mut self, case_id: i64) -> Result<(Course, Vec<PlanVersion>, Vec<FollowUpCall>)> {
        let course = self.course(case_id)?;
        let versions = self.plan_versions(case_id)?;
        let calls = self.course_calls(case_id)?;
        self.record_read("view_plan", "case", Some(case_id), "")?;
        Ok((course, versions, calls))
    }

    /// Every case that re-enrols its citizen within 12 months of an ended
    /// course, in case-number order: what the yearly report counts.
    pub fn re_enrolments(&self) -> Result<Vec<ReEnrolment>> {
        let endings = self.endings_by_citizen(NaiveDate::MIN)?;
        let mut found = Vec::new();
        let mut citizens: Vec<&i64> = endings.keys().collect();
        citizens.sort();
        for citizen in citizens {
            for case in self.query_cases("WHERE c.citizen_id = ?1 ORDER BY c.id", &[citizen])? {
                if let Some(r) = re_enrolment(&case, &endings[citizen]) {
                    found.push(r);
                }
            }
        }
        found.sort_by_key(|r| r.case_id);
        Ok(found)
    }

    /// Stores a checked plan version: the first plan or a revision. The
    /// version number must be the next one, so two counsellors revising at
    /// once cannot both write the same version, and the course must still
    /// be open as it stands in the transaction.
    pub fn add_plan_version(&mut self, case_id: i64, v: &NewVersion) -> Result<PlanVersion> {
        let actor = self.actor().to_string();
        let action = if v.version == 1 { "plan_create" } else { "plan_revise" };
        let id = self.write(action, "case", |tx| {
            let case = case_on(tx, case_id)?.ok_or(StoreError::NotFound { what: "sag", id: case_id })?;
            if let Some(closed) = &case.progress.closed {
                return Err(StoreError::Changed(format!(
                    "sag {case_id} blev afsluttet {}",
                    dates::format_date_dk(closed.on)
                )));
            }
            let latest: Option<u32> =
                tx.query_row("SELECT max(version) FROM plan_versions WHERE case_id = ?1", [case_id], |r| r.get(0))?;
            if latest.unwrap_or(0) + 1 != v.version {
                return Err(StoreError::Changed(format!(
                    "planen for sag {case_id} er ændret imens (version {} findes)",
                    latest.unwrap_or(0)
                )));
            }
            let id = insert_version(tx, case_id, v, &actor, &now_stamp(), None)?;
            Ok((id, Some(case_id), format!("version {}", v.version)))
        })?;
        self.plan_versions(case_id)?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or(StoreError::NotFound { what: "planversion", id })
    }

    /// Ends a course: the ending, the case closed with the reason's words
    /// (`closed_text`, so Indtag shows why), a `close` event, and the
    /// follow-up calls `calls` (from `plan::scheduled_calls`), in one
    /// transaction.
    pub fn end_course(
        &mut self,
        case_id: i64,
        ending: &NewEnding,
        closed_text: &str,
        calls: &[ScheduledCall],
    ) -> Result<Ending> {
        let actor = self.actor().to_string();
        let recorded_at = now_stamp();
        let stored = Ending {
            case_id,
            ended_on: ending.ended_on,
            reason: ending.reason,
            follow_up_declined: ending.follow_up_declined,
            note: ending.note.clone(),
            actor: actor.clone(),
            recorded_at: recorded_at.clone(),
        };
        self.write("end_course", "case", |tx| {
            // The case as it stands inside the transaction: a colleague may
            // have ended it, or recorded a step, since the form was checked.
            let case = case_on(tx, case_id)?.ok_or(StoreError::NotFound { what: "sag", id: case_id })?;
            if let Some(closed) = &case.progress.closed {
                return Err(StoreError::Changed(format!(
                    "sag {case_id} blev afsluttet {}",
                    dates::format_date_dk(closed.on)
                )));
            }
            let closed = Progress {
                closed: Some(Reasoned { on: ending.ended_on, reason: closed_text.to_string() }),
                ..case.progress.clone()
            };
            insert_ending(tx, &stored)?;
            write_progress_change(tx, case_id, &case.progress, &closed)?;
            insert_event(tx, case_id, "close", ending.ended_on, Some(closed_text), None, &actor)?;
            for call in calls {
                tx.execute(
                    "INSERT INTO follow_up_calls (case_id, months, due_on) VALUES (?1, ?2, ?3)",
                    params![case_id, call.months, day_text(call.due_on)],
                )?;
            }
            let detail = format!("{}; {} opfølgningsopkald", enum_id(&ending.reason), calls.len());
            Ok((stored.clone(), Some(case_id), detail))
        })
    }

    /// A course's follow-up calls with their attempts, by months.
    pub fn course_calls(&self, case_id: i64) -> Result<Vec<FollowUpCall>> {
        let rows = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT id, case_id, months, due_on FROM follow_up_calls WHERE case_id = ?1 ORDER BY months, id",
            )?;
            stmt.query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        rows.into_iter().map(|row| self.to_call(row)).collect()
    }

    fn to_call(&self, (id, case_id, months, due_on): (i64, i64, u32, String)) -> Result<FollowUpCall> {
        Ok(FollowUpCall { id, case_id, months, due_on: day(&due_on)?, attempts: self.call_attempts(id)? })
    }

    fn call_attempts(&self, call_id: i64) -> Result<Vec<CallAttempt>> {
        let rows = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT id, call_id, on_date, reached, outcome, note, actor, recorded_at
                 FROM follow_up_attempts WHERE call_id = ?1 ORDER BY id",
            )?;
            stmt.query_map([call_id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, bool>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
        };
        rows.into_iter()
            .map(|(id, call_id, on, reached, outcome, note, actor, recorded_at)| {
                Ok(CallAttempt {
                    id,
                    call_id,
                    on: day(&on)?,
                    reached,
                    outcome: outcome.as_deref().map(parse_enum).transpose()?,
                    note,
                    actor,
                    recorded_at,
                })
            })
            .collect()
    }

    /// The open follow-up calls with their courses, earliest due first.
    /// Uses the partial index `follow_up_calls_open`.
    pub fn open_course_calls(&self, filter: &CaseFilter) -> Result<Vec<CourseCall>> {
        let rows = {
            let mut stmt = self.conn().prepare_cached(OPEN_CALLS)?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        let mut out = Vec::with_capacity(rows.len());
        let mut cases: HashMap<i64, (Case, Ending)> = HashMap::new();
        for row in rows {
            let case_id = row.1;
            if let Entry::Vacant(slot) = cases.entry(case_id) {
                let case = self.load_case(case_id)?;
                let ending = self
                    .course_ending(case_id)?
                    .ok_or_else(|| StoreError::Corrupt(format!("opkald til sag {case_id} uden afslutning")))?;
                slot.insert((case, ending));
            }
            let (case, ending) = &cases[&case_id];
            if filter.counsellor.as_ref().is_some_and(|who| *who != case.counsellor) {
                continue;
            }
            out.push(CourseCall { case: case.clone(), ending: ending.clone(), call: self.to_call(row)? });
        }
        Ok(out)
    }

    /// One call with its course, for the call form.
    pub fn course_call(&self, call_id: i64) -> Result<CourseCall> {
        let row = self
            .conn()
            .query_row("SELECT id, case_id, months, due_on FROM follow_up_calls WHERE id = ?1", [call_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?))
            })
            .optional()?
            .ok_or(StoreError::NotFound { what: "opfølgningsopkald", id: call_id })?;
        let case = self.load_case(row.1)?;
        let ending = self
            .course_ending(row.1)?
            .ok_or_else(|| StoreError::Corrupt(format!("opkald {call_id} uden afslutning")))?;
        Ok(CourseCall { case, ending, call: self.to_call(row)? })
    }

    /// Records one attempt at a call; an attempt that reached the citizen
    /// closes the call. Refused if someone else closed it meanwhile.
    pub fn record_call_attempt(&mut self, call_id: i64, attempt: &NewAttempt) -> Result<FollowUpCall> {
        let actor = self.actor().to_string();
        let case_id: i64 = self
            .conn()
            .query_row("SELECT case_id FROM follow_up_calls WHERE id = ?1", [call_id], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFound { what: "opfølgningsopkald", id: call_id })?;
        self.write("follow_up_attempt", "case", |tx| {
            let done: Option<String> =
                tx.query_row("SELECT done_on FROM follow_up_calls WHERE id = ?1", [call_id], |r| r.get(0))?;
            if let Some(done) = done {
                return Err(StoreError::Corrupt(format!("opkaldet blev gennemført {done} imens")));
            }
            insert_attempt(tx, None, call_id, attempt, &actor, &now_stamp())?;
            let detail = match attempt.outcome {
                Some(outcome) => format!("opkald {call_id}: {}", enum_id(&outcome)),
                None => format!("opkald {call_id}: ikke truffet"),
            };
            Ok(((), Some(case_id), detail))
        })?;
        Ok(self.course_call(call_id)?.call)
    }

    /// Every plan version in the file, in id order (for export).
    pub(crate) fn all_plan_versions(&self) -> Result<Vec<PlanVersion>> {
        let rows = {
            let mut stmt = self.conn().prepare(&format!("SELECT {VERSION_COLUMNS} FROM plan_versions ORDER BY id"))?;
            stmt.query_map([], read_version)?.collect::<rusqlite::Result<Vec<_>>>()?
        };
        rows.into_iter().map(|raw| self.to_version(raw)).collect()
    }

    /// Every course ending, in case order (for export).
    pub(crate) fn all_endings(&self) -> Result<Vec<Ending>> {
        let rows = {
            let mut stmt =
                self.conn().prepare(&format!("SELECT {ENDING_COLUMNS} FROM course_endings e ORDER BY e.case_id"))?;
            stmt.query_map([], read_ending)?.collect::<rusqlite::Result<Vec<_>>>()?
        };
        rows.into_iter().map(to_ending).collect()
    }

    /// Every follow-up call with its attempts, in id order (for export).
    pub(crate) fn all_calls(&self) -> Result<Vec<FollowUpCall>> {
        let rows = {
            let mut stmt =
                self.conn().prepare("SELECT id, case_id, months, due_on FROM follow_up_calls ORDER BY id")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        rows.into_iter().map(|row| self.to_call(row)).collect()
    }

    /// Courses in treatment and open calls: what `due` asks the plan rules about.
    pub(crate) fn due_candidate_courses(&self) -> Result<(Vec<Course>, Vec<CourseCall>)> {
        let all = CaseFilter::default();
        Ok((self.active_courses(&all)?, self.open_course_calls(&all)?))
    }
}

/// Inserts a version and its goals; `id` keeps an imported id.
pub(crate) fn insert_version(
    tx: &Transaction<'_>,
    case_id: i64,
    v: &NewVersion,
    actor: &str,
    recorded_at: &str,
    id: Option<i64>,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO plan_versions (id, case_id, version, effective_on, next_revision_on, services, methods,
            partners, action_plan, citizen_took_part, changes, actor, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            id,
            case_id,
            v.version,
            day_text(v.effective_on),
            day_text(v.next_revision_on),
            v.services,
            v.methods,
            v.partners,
            enum_id(&v.action_plan),
            v.citizen_took_part,
            v.changes,
            actor,
            recorded_at,
        ],
    )?;
    let version_id = tx.last_insert_rowid();
    for (position, g) in v.goals.iter().enumerate() {
        tx.execute(
            "INSERT INTO plan_goals (version_id, position, area, text, status) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![version_id, position as i64, enum_id(&g.area), g.text, enum_id(&g.status)],
        )?;
    }
    Ok(version_id)
}

pub(crate) fn insert_ending(tx: &Transaction<'_>, e: &Ending) -> Result<()> {
    tx.execute(
        "INSERT INTO course_endings (case_id, ended_on, reason, follow_up_declined, note, actor, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            e.case_id,
            day_text(e.ended_on),
            enum_id(&e.reason),
            e.follow_up_declined,
            e.note,
            e.actor,
            e.recorded_at
        ],
    )?;
    Ok(())
}

/// Inserts an attempt; one that reached the citizen closes its call.
pub(crate) fn insert_attempt(
    tx: &Transaction<'_>,
    id: Option<i64>,
    call_id: i64,
    a: &NewAttempt,
    actor: &str,
    recorded_at: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO follow_up_attempts (id, call_id, on_date, reached, outcome, note, actor, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![id, call_id, day_text(a.on), a.reached, a.outcome.map(|o| enum_id(&o)), a.note, actor, recorded_at],
    )?;
    if a.reached {
        tx.execute("UPDATE follow_up_calls SET done_on = ?1 WHERE id = ?2", params![day_text(a.on), call_id])?;
    }
    Ok(())
}

/// How far back the board's "ended courses" reach: 12 calendar months.
pub fn ended_window_start(today: NaiveDate) -> NaiveDate {
    dates::sub_months(today, RE_ENROLMENT_MONTHS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SQLite's plan for a statement, as one line of text.
    fn query_plan(store: &Store, sql: &str) -> String {
        let mut stmt = store.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let params = vec!["anna"; stmt.parameter_count()];
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| r.get::<_, String>(3)).unwrap();
        rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("; ")
    }

    #[test]
    fn the_plan_lists_read_their_indexes_not_every_row() {
        let store = Store::open_in_memory("anna").unwrap();
        let cases =
            |condition: &str| format!("SELECT c.id FROM cases c JOIN citizens p ON p.id = c.citizen_id {condition}");
        for (sql, index) in [
            (cases(ACTIVE), "cases_in_treatment"),
            (cases(ACTIVE_MINE), "cases_in_treatment_counsellor"),
            (cases(ENDED), "course_endings_ended"),
            // One counsellor's ended courses: through that counsellor's cases.
            (cases(ENDED_MINE), "cases_counsellor"),
            (OPEN_CALLS.to_string(), "follow_up_calls_open"),
            (ENDINGS_SINCE.to_string(), "course_endings_ended"),
            (LATEST_VERSION.to_string(), "sqlite_autoindex_plan_versions_1"),
            ("SELECT area FROM plan_goals WHERE version_id = ?1 ORDER BY position".to_string(), "PRIMARY KEY"),
            ("SELECT id FROM follow_up_attempts WHERE call_id = ?1 ORDER BY id".to_string(), "follow_up_attempts_call"),
            (
                "SELECT id FROM follow_up_calls WHERE case_id = ?1 ORDER BY months, id".to_string(),
                "sqlite_autoindex_follow_up_calls_1",
            ),
        ] {
            let plan = query_plan(&store, &sql);
            assert!(plan.contains(index), "{sql}: {plan}");
            // A scan is only ever of a (partial) index, never of a table.
            let table_scan = plan.split("; ").any(|step| step.starts_with("SCAN") && !step.contains("USING"));
            assert!(!table_scan, "{sql}: {plan}");
        }
    }
}
