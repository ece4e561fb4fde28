//! Courses: the board's lines with their plan, ending and re-enrolment,
//! and a course ended with its follow-up calls scheduled.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::versions::latest_versions_of;
use super::{
    ACTIVE, ACTIVE_MINE, BULK, ENDED, ENDED_MINE, ENDING_COLUMNS, ENDINGS_SINCE, day_text, read_ending, to_ending,
};
use crate::domain::dates;
use crate::domain::intake::{Case, Progress, Reasoned};
use crate::domain::plan::{
    Course, CourseCall, Ending, FollowUpCall, NewEnding, PlanVersion, RE_ENROLMENT_MONTHS, ReEnrolment, ScheduledCall,
    re_enrolment,
};
use crate::store::access::Viewer;
use crate::store::cases::{case_on, enum_id, insert_event, write_progress_change};
use crate::store::conflict::{Found, Record, conflict};
use crate::store::deadlines::DueScope;
use crate::store::engine::{Db, Row, ToValue};
use crate::store::{Result, Store, StoreError, now_stamp};

/// The ending of a course, if it has one.
pub(crate) fn course_ending_on(db: &Db<'_>, case_id: i64) -> Result<Option<Ending>> {
    let sql = format!("SELECT {ENDING_COLUMNS} FROM course_endings e WHERE e.case_id = ?1");
    db.query_opt(&sql, &[&case_id], read_ending)?.map(to_ending).transpose()
}

/// The endings of the courses of `ids` that have ended, by case number,
/// a batch of cases a query.
pub(crate) fn endings_by_case_on(db: &Db<'_>, ids: &[i64]) -> Result<Vec<Ending>> {
    let mut endings = Vec::new();
    for chunk in ids.chunks(BULK) {
        let marks = vec!["?"; chunk.len()].join(",");
        let sql =
            format!("SELECT {ENDING_COLUMNS} FROM course_endings e WHERE e.case_id IN ({marks}) ORDER BY e.case_id");
        let params: Vec<&dyn ToValue> = chunk.iter().map(|id| id as &dyn ToValue).collect();
        for raw in db.query_map(&sql, &params, read_ending)? {
            endings.push(to_ending(raw)?);
        }
    }
    Ok(endings)
}

/// The endings of the courses that ended on or after `since`, by citizen
/// (of `citizens` only, when given): what a re-enrolment looks back to.
pub(super) fn endings_by_citizen_on(
    db: &Db<'_>,
    since: NaiveDate,
    citizens: Option<&[i64]>,
) -> Result<HashMap<i64, Vec<Ending>>> {
    let since = day_text(since);
    let rows = match citizens {
        None => db.query_map(ENDINGS_SINCE, &[&since], citizen_ending)?,
        Some(citizens) => {
            let marks = vec!["?"; citizens.len()].join(",");
            let sql = ENDINGS_SINCE.replacen(
                "e.ended_on >= ?1",
                &format!("c.citizen_id IN ({marks}) AND e.ended_on >= ?"),
                1,
            );
            let mut params: Vec<&dyn ToValue> = citizens.iter().map(|c| c as &dyn ToValue).collect();
            params.push(&since);
            db.query_map(&sql, &params, citizen_ending)?
        }
    };
    by_citizen(rows)
}

/// The courses of a page of the board, `cases` (a screen's worth): as
/// [`Store::courses_of`], the endings read for these citizens only.
pub(super) fn page_courses_on(db: &Db<'_>, cases: Vec<Case>) -> Result<Vec<Course>> {
    let Some(since) = re_enrolment_since(&cases) else { return Ok(Vec::new()) };
    let citizens: Vec<i64> = cases.iter().map(|c| c.citizen_id).collect();
    let endings = endings_by_citizen_on(db, since, Some(&citizens))?;
    courses_with_on(db, cases, &endings)
}

/// `cases` with their latest plan version and, from `endings` (by
/// citizen), their ending and re-enrolment.
fn courses_with_on(db: &Db<'_>, cases: Vec<Case>, endings: &HashMap<i64, Vec<Ending>>) -> Result<Vec<Course>> {
    let mut latest_versions = latest_versions_of(db, &cases.iter().map(|c| c.id).collect::<Vec<_>>())?;
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

impl Store {
    /// The ending of a course, if it has one.
    pub fn course_ending(&self, case_id: i64) -> Result<Option<Ending>> {
        course_ending_on(&self.db(), case_id)
    }

    /// The endings of the courses of `ids` that have ended, by case number.
    pub(crate) fn endings_by_case(&self, ids: &[i64]) -> Result<Vec<Ending>> {
        endings_by_case_on(&self.db(), ids)
    }

    /// The endings of every citizen's courses that ended on or after
    /// `since`, by citizen: what a re-enrolment looks back to.
    fn endings_by_citizen(&self, since: NaiveDate) -> Result<HashMap<i64, Vec<Ending>>> {
        endings_by_citizen_on(&self.db(), since, None)
    }

    /// Cases with their plan, ending and re-enrolment: the board's lines.
    fn courses_of(&self, cases: Vec<Case>) -> Result<Vec<Course>> {
        let Some(since) = re_enrolment_since(&cases) else { return Ok(Vec::new()) };
        let endings = self.endings_by_citizen(since)?;
        self.courses_with(cases, &endings)
    }

    /// `cases` with their latest plan version and, from `endings` (by
    /// citizen), their ending and re-enrolment.
    fn courses_with(&self, cases: Vec<Case>, endings: &HashMap<i64, Vec<Ending>>) -> Result<Vec<Course>> {
        courses_with_on(&self.db(), cases, endings)
    }

    /// The courses in treatment: started, not closed. Uses the partial
    /// indexes `cases_in_treatment` and `cases_in_treatment_counsellor`.
    pub fn active_courses(&self, viewer: &Viewer) -> Result<Vec<Course>> {
        let cases = match viewer.counsellor() {
            Some(who) => self.query_cases(ACTIVE_MINE, &[&who])?,
            None => self.query_cases(ACTIVE, &[])?,
        };
        self.courses_of(cases.into_iter().filter_map(|c| viewer.shown(c)).collect())
    }

    /// Courses that ended on or after `since`, most recently ended first.
    /// Uses the index `course_endings_ended`.
    pub fn ended_courses(&self, since: NaiveDate, viewer: &Viewer) -> Result<Vec<Course>> {
        let since = day_text(since);
        let cases = match viewer.counsellor() {
            Some(who) => self.query_cases(ENDED_MINE, &[&since, &who])?,
            None => self.query_cases(ENDED, &[&since])?,
        };
        self.courses_of(cases.into_iter().filter_map(|c| viewer.shown(c)).collect())
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
        let stored = self.ending_to_store(case_id, ending);
        self.write("end_course", "case", |tx| {
            let detail = close_course_in(tx, case_id, &stored, closed_text, calls)?;
            Ok((stored.clone(), Some(case_id), detail))
        })
    }

    /// The ending as it is stored: by the actor, now.
    pub(super) fn ending_to_store(&self, case_id: i64, ending: &NewEnding) -> Ending {
        Ending {
            case_id,
            ended_on: ending.ended_on,
            reason: ending.reason,
            follow_up_declined: ending.follow_up_declined,
            note: ending.note.clone(),
            actor: self.actor().to_string(),
            recorded_at: now_stamp(),
        }
    }

    /// Courses in treatment and open calls: what `due` asks the plan rules about.
    pub(crate) fn due_candidate_courses(&self, scope: DueScope) -> Result<(Vec<Course>, Vec<CourseCall>)> {
        // Every case: `due` says per case what the caller may see.
        let active = self.courses_of(self.query_cases(&scope.narrow(ACTIVE, "c.id"), &[])?)?;
        Ok((active, self.open_course_calls_in(scope)?))
    }
}

/// Ends the course inside the caller's transaction: the ending, the case
/// closed with `closed_text`, a `close` event and the calls. Refused when
/// the case as it stands in the transaction is closed already. Returns the
/// audit row's detail.
pub(super) fn close_course_in(
    db: &Db<'_>,
    case_id: i64,
    stored: &Ending,
    closed_text: &str,
    calls: &[ScheduledCall],
) -> Result<String> {
    // The case as it stands inside the transaction: a colleague may
    // have ended it, or recorded a step, since the form was checked.
    let case = case_on(db, case_id)?.ok_or(StoreError::NotFound { what: "sag", id: case_id })?;
    if let Some(closed) = &case.progress.closed {
        let found = Found::CaseClosed { on: closed.on };
        return Err(conflict(db, Record::Plan { case_id }, found, None));
    }
    let closed = Progress {
        closed: Some(Reasoned { on: stored.ended_on, reason: closed_text.to_string() }),
        ..case.progress.clone()
    };
    insert_ending(db, stored)?;
    write_progress_change(db, case_id, &case.progress, &closed)?;
    insert_event(db, case_id, "close", stored.ended_on, Some(closed_text), None, &stored.actor)?;
    insert_calls(db, case_id, calls)?;
    Ok(format!("{}; {} opfølgningsopkald", enum_id(&stored.reason), calls.len()))
}

/// Inserts a course's ending.
pub(crate) fn insert_ending(db: &Db<'_>, e: &Ending) -> Result<()> {
    db.execute(
        "INSERT INTO course_endings (case_id, ended_on, reason, follow_up_declined, note, actor, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        &[
            &e.case_id,
            &day_text(e.ended_on),
            &enum_id(&e.reason),
            &e.follow_up_declined,
            &e.note,
            &e.actor,
            &e.recorded_at,
        ],
    )?;
    Ok(())
}

/// Schedules an ended course's follow-up calls (each the engine's next id).
pub(super) fn insert_calls(db: &Db<'_>, case_id: i64, calls: &[ScheduledCall]) -> Result<()> {
    for call in calls {
        db.execute(
            "INSERT INTO follow_up_calls (case_id, months, due_on) VALUES (?1, ?2, ?3)",
            &[&case_id, &call.months, &day_text(call.due_on)],
        )?;
    }
    Ok(())
}

/// How far back the endings `cases` may re-enrol after reach: 12 months
/// from the first contact, and a month more to keep every month-end case
/// in (the domain decides). `None` for no cases.
fn re_enrolment_since(cases: &[Case]) -> Option<NaiveDate> {
    let earliest = cases.iter().map(Case::contact_date).min()?;
    Some(dates::sub_months(earliest, RE_ENROLMENT_MONTHS + 1))
}

/// A row of `ENDINGS_SINCE`: the citizen and the ending.
fn citizen_ending(r: &Row<'_>) -> crate::store::engine::Result<(i64, super::RawEnding)> {
    let (citizen, case_id, ended_on, reason, declined, note, actor, recorded_at) = r.columns()?;
    Ok((citizen, (case_id, ended_on, reason, declined, note, actor, recorded_at)))
}

fn by_citizen(rows: Vec<(i64, super::RawEnding)>) -> Result<HashMap<i64, Vec<Ending>>> {
    let mut by_citizen: HashMap<i64, Vec<Ending>> = HashMap::new();
    for (citizen, raw) in rows {
        by_citizen.entry(citizen).or_default().push(to_ending(raw)?);
    }
    Ok(by_citizen)
}

/// How far back the board's "ended courses" reach: 12 calendar months.
pub fn ended_window_start(today: NaiveDate) -> NaiveDate {
    dates::sub_months(today, RE_ENROLMENT_MONTHS)
}
