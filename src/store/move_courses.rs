//! MOVE courses on file: the course, the sessions that count for it (group
//! attendance at MOVE groups and individual sessions), corrections of
//! attendance, and the cards handed out or resolved from the course view.

use std::collections::HashMap;

use super::cases::{DATE, case_on, date_text, enum_id, parse_date, parse_enum};
use super::conflict::{Opened, card_refusal};
use super::deadlines::DueScope;
use super::engine::{Db, Params};
use super::gift_cards::{apply_in, load_ledger};
use super::groups::{group_on, kind_id, update_mark};
use super::{CaseAction, Result, Store, StoreError, now_stamp};
use crate::domain::group::course::{
    CardStatus, CourseCards, CourseSession, MoveCourse, ResolutionPlan, SessionSource, check_row_hand_out, course_cards,
};
use crate::domain::group::groups::{GroupKind, GroupProblem};
use crate::domain::group::ledger::Ledger;
use crate::domain::group::move_cards::{Attendance, MoveCardSettings};
use crate::domain::group::stock::StockOp;
use crate::domain::intake::{Case, ContactKind, Reasoned};
use chrono::NaiveDate;

/// One line of the course list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveCourseLine {
    pub course: MoveCourse,
    /// The case's display name (never a CPR number).
    pub name: String,
    pub counsellor: String,
    pub cards: CourseCards,
}

/// One course with everything its view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveCourseData {
    pub course: MoveCourse,
    pub case: Case,
    pub sessions: Vec<CourseSession>,
    /// Names of the groups the sessions belong to.
    pub group_names: HashMap<i64, String>,
}

const COURSE_COLUMNS: &str = "id, case_id, screening_on, follow_up_from, ended_on, ended_reason";

type RawCourse = (i64, i64, String, Option<String>, Option<String>, Option<String>);

fn to_course(raw: RawCourse) -> Result<MoveCourse> {
    let (id, case_id, screening, follow_up, ended_on, ended_reason) = raw;
    Ok(MoveCourse {
        id,
        case_id,
        screening_on: parse_date(Some(screening))?.unwrap_or_default(),
        follow_up_from: parse_date(follow_up)?,
        ended: parse_date(ended_on)?.map(|on| Reasoned { on, reason: ended_reason.unwrap_or_default() }),
    })
}

fn query_courses(db: &Db<'_>, condition: &str, params: Params<'_>) -> Result<Vec<MoveCourse>> {
    let sql = format!("SELECT {COURSE_COLUMNS} FROM move_courses {condition}");
    let rows: Vec<RawCourse> = db.query_map(&sql, params, |r| r.columns())?;
    rows.into_iter().map(to_course).collect()
}

/// Every course on file, by number.
pub(crate) fn all_courses(db: &Db<'_>) -> Result<Vec<MoveCourse>> {
    query_courses(db, "ORDER BY id", &[])
}

/// [`Store::due_move_courses`] on any connection.
pub(crate) fn due_move_courses_on(
    db: &Db<'_>,
    settings: &MoveCardSettings,
    scope: DueScope,
) -> Result<Vec<(MoveCourse, String, Vec<CourseSession>)>> {
    let mut out = Vec::new();
    if !settings.enabled {
        return Ok(out);
    }
    let courses = due_courses(db, scope)?;
    let counsellors = move_counsellors(db)?;
    let sessions = every_course_sessions(db, &courses)?;
    for (course, sessions) in courses.into_iter().zip(sessions) {
        let counsellor = counsellors
            .get(&course.case_id)
            .cloned()
            .ok_or(StoreError::NotFound { what: "sag", id: course.case_id })?;
        out.push((course, counsellor, sessions));
    }
    Ok(out)
}

/// The courses `due` reads (of the cases in `scope`), by case and number.
pub(crate) fn due_courses(db: &Db<'_>, scope: DueScope) -> Result<Vec<MoveCourse>> {
    query_courses(db, &scope.narrow("WHERE TRUE ORDER BY case_id, id", "case_id"), &[])
}

/// A case's courses, oldest first.
pub(crate) fn courses_of(db: &Db<'_>, case_id: i64) -> Result<Vec<MoveCourse>> {
    query_courses(db, "WHERE case_id = ?1 ORDER BY id", &[&case_id])
}

pub(crate) fn course_on(db: &Db<'_>, id: i64) -> Result<MoveCourse> {
    query_courses(db, "WHERE id = ?1", &[&id])?.pop().ok_or(StoreError::NotFound { what: "MOVE-forløb", id })
}

/// The counsellor of every case with a MOVE course, by case.
pub(crate) fn move_counsellors(db: &Db<'_>) -> Result<HashMap<i64, String>> {
    let rows: Vec<(i64, String)> = db.query_map(MOVE_COUNSELLORS, &[], |r| r.columns())?;
    Ok(rows.into_iter().collect())
}

/// The counsellor of every case with a MOVE course.
const MOVE_COUNSELLORS: &str =
    "SELECT c.id, c.counsellor FROM cases c WHERE c.id IN (SELECT case_id FROM move_courses)";

/// A case's attendance at MOVE group sessions (index `attendances_case`).
pub(crate) const GROUP_ATTENDANCE: &str = "SELECT a.id, s.on_date, s.group_id, s.id, a.status FROM attendances a
     JOIN group_sessions s ON s.id = a.session_id
     JOIN treatment_groups g ON g.id = s.group_id
     WHERE a.case_id = ?1 AND a.session_id IS NOT NULL AND g.kind = ?2 AND s.cancelled_on IS NULL";
/// A course's individual sessions (partial index `attendances_course`).
pub(crate) const INDIVIDUAL: &str = "SELECT id, on_date, status FROM attendances WHERE course_id = ?1";
/// The MOVE sessions of a case's groups it has no mark at yet (indexes
/// `group_members_case`, the sessions' UNIQUE index and `attendances_session`).
pub(crate) const PLANNED: &str = "SELECT s.id, s.group_id, s.on_date FROM group_sessions s
     JOIN treatment_groups g ON g.id = s.group_id AND g.kind = ?2
     JOIN group_members m ON m.group_id = s.group_id AND m.case_id = ?1
     WHERE s.cancelled_on IS NULL AND s.on_date >= m.joined_on
       AND (m.left_on IS NULL OR s.on_date <= m.left_on)
       AND NOT EXISTS (SELECT 1 FROM attendances a WHERE a.session_id = s.id AND a.case_id = ?1)
     ORDER BY m.id, s.on_date";

/// [`GROUP_ATTENDANCE`] for every case with a MOVE course, with the case.
pub(crate) const EVERY_GROUP_ATTENDANCE: &str = "SELECT a.case_id, a.id, s.on_date, s.group_id, s.id, a.status
     FROM attendances a
     JOIN group_sessions s ON s.id = a.session_id
     JOIN treatment_groups g ON g.id = s.group_id
     WHERE a.case_id IN (SELECT case_id FROM move_courses)
       AND a.session_id IS NOT NULL AND g.kind = ?1 AND s.cancelled_on IS NULL";
/// [`INDIVIDUAL`] for every course, with the course.
pub(crate) const EVERY_INDIVIDUAL: &str =
    "SELECT course_id, id, on_date, status FROM attendances WHERE course_id IS NOT NULL";
/// [`PLANNED`] for every case with a MOVE course, with the case, in the
/// same order.
pub(crate) const EVERY_PLANNED: &str = "SELECT m.case_id, s.id, s.group_id, s.on_date FROM group_members m
     JOIN treatment_groups g ON g.id = m.group_id AND g.kind = ?1
     JOIN group_sessions s ON s.group_id = m.group_id
     WHERE m.case_id IN (SELECT case_id FROM move_courses)
       AND s.cancelled_on IS NULL AND s.on_date >= m.joined_on
       AND (m.left_on IS NULL OR s.on_date <= m.left_on)
       AND NOT EXISTS (SELECT 1 FROM attendances a WHERE a.session_id = s.id AND a.case_id = m.case_id)
     ORDER BY m.case_id, m.id, s.on_date";

/// [`course_sessions`] of each of `courses` (in their order): three
/// queries for every course on file, not three a course.
pub(crate) fn every_course_sessions(db: &Db<'_>, courses: &[MoveCourse]) -> Result<Vec<Vec<CourseSession>>> {
    let move_kind = kind_id(GroupKind::Move);
    let mut group: HashMap<i64, Vec<CourseSession>> = HashMap::new();
    {
        let rows: Vec<(i64, i64, String, i64, i64, String)> =
            db.query_map(EVERY_GROUP_ATTENDANCE, &[&move_kind], |r| r.columns())?;
        for (case_id, id, on, group_id, session_id, status) in rows {
            group.entry(case_id).or_default().push(CourseSession {
                attendance_id: Some(id),
                date: parse_date(Some(on))?.unwrap_or_default(),
                source: SessionSource::Group { group_id, session_id },
                attendance: Some(parse_enum(&status)?),
            });
        }
    }
    let mut individual: HashMap<i64, Vec<CourseSession>> = HashMap::new();
    {
        let rows: Vec<(i64, i64, String, String)> = db.query_map(EVERY_INDIVIDUAL, &[], |r| r.columns())?;
        for (course_id, id, on, status) in rows {
            individual.entry(course_id).or_default().push(CourseSession {
                attendance_id: Some(id),
                date: parse_date(Some(on))?.unwrap_or_default(),
                source: SessionSource::Individual,
                attendance: Some(parse_enum(&status)?),
            });
        }
    }
    let mut planned: HashMap<i64, Vec<CourseSession>> = HashMap::new();
    {
        let rows: Vec<(i64, i64, i64, String)> = db.query_map(EVERY_PLANNED, &[&move_kind], |r| r.columns())?;
        for (case_id, session_id, group_id, on) in rows {
            planned.entry(case_id).or_default().push(CourseSession {
                attendance_id: None,
                date: parse_date(Some(on))?.unwrap_or_default(),
                source: SessionSource::Group { group_id, session_id },
                attendance: None,
            });
        }
    }
    Ok(courses
        .iter()
        .map(|course| {
            let none = Vec::new();
            let mut out: Vec<CourseSession> = [
                group.get(&course.case_id).unwrap_or(&none),
                individual.get(&course.id).unwrap_or(&none),
                planned.get(&course.case_id).unwrap_or(&none),
            ]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
            // As `course_sessions` orders them.
            out.sort_by_key(|s| (s.date, s.attendance_id));
            out
        })
        .collect())
}

/// Every session that can count for `course`: the case's attendance at
/// sessions of MOVE groups (not cancelled), the individual sessions on the
/// course, and the MOVE sessions ahead of the case's groups (not yet held).
/// Which of them the course covers is the domain's to say (by date).
pub(crate) fn course_sessions(db: &Db<'_>, course: &MoveCourse) -> Result<Vec<CourseSession>> {
    let mut out = Vec::new();
    let move_kind = kind_id(GroupKind::Move);
    {
        let rows: Vec<(i64, String, i64, i64, String)> =
            db.query_map(GROUP_ATTENDANCE, &[&course.case_id, &move_kind], |r| r.columns())?;
        for (id, on, group_id, session_id, status) in rows {
            out.push(CourseSession {
                attendance_id: Some(id),
                date: parse_date(Some(on))?.unwrap_or_default(),
                source: SessionSource::Group { group_id, session_id },
                attendance: Some(parse_enum(&status)?),
            });
        }
    }
    {
        let rows: Vec<(i64, String, String)> = db.query_map(INDIVIDUAL, &[&course.id], |r| r.columns())?;
        for (id, on, status) in rows {
            out.push(CourseSession {
                attendance_id: Some(id),
                date: parse_date(Some(on))?.unwrap_or_default(),
                source: SessionSource::Individual,
                attendance: Some(parse_enum(&status)?),
            });
        }
    }
    {
        let rows: Vec<(i64, i64, String)> = db.query_map(PLANNED, &[&course.case_id, &move_kind], |r| r.columns())?;
        for (session_id, group_id, on) in rows {
            out.push(CourseSession {
                attendance_id: None,
                date: parse_date(Some(on))?.unwrap_or_default(),
                source: SessionSource::Group { group_id, session_id },
                attendance: None,
            });
        }
    }
    out.sort_by_key(|s| (s.date, s.attendance_id));
    Ok(out)
}

fn cards_in(db: &Db<'_>, course: &MoveCourse, ledger: &Ledger, settings: &MoveCardSettings) -> Result<CourseCards> {
    Ok(course_cards(course, &course_sessions(db, course)?, ledger, settings))
}

/// Opens a MOVE course for a case at its screening, checked on the case as
/// it stands on `db`: not anonymous, no course open. The course's id.
pub(crate) fn open_course_in(db: &Db<'_>, case_id: i64, screening_on: NaiveDate) -> Result<i64> {
    let case = case_on(db, case_id)?.ok_or(StoreError::Group(GroupProblem::NoSuchCase))?;
    if case.kind == ContactKind::Anonymous {
        return Err(StoreError::Group(GroupProblem::AnonymousNoGiftCards));
    }
    if courses_of(db, case_id)?.iter().any(MoveCourse::is_open) {
        return Err(StoreError::Group(GroupProblem::CourseAlreadyOpen));
    }
    Ok(db.query_row(
        "INSERT INTO move_courses (case_id, screening_on) VALUES (?1, ?2) RETURNING id",
        &[&case_id, &screening_on.format(DATE).to_string()],
        |r| r.get(0),
    )?)
}

/// Records an individual session on a course that has not ended; its id.
pub(crate) fn record_individual_in(
    db: &Db<'_>,
    course_id: i64,
    on: NaiveDate,
    attendance: Attendance,
    actor: &str,
    recorded_at: &str,
) -> Result<i64> {
    let course = course_on(db, course_id)?;
    if course.ended.is_some() {
        return Err(StoreError::Group(GroupProblem::CourseEnded));
    }
    Ok(db.query_row(
        "INSERT INTO attendances (case_id, course_id, on_date, status, actor, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        &[&course.case_id, &course_id, &on.format(DATE).to_string(), &enum_id(&attendance), &actor, &recorded_at],
        |r| r.get(0),
    )?)
}

/// Starts a course's follow-up from `from`: refused when it has started,
/// or when a card was earned on or after that day.
pub(crate) fn start_follow_up_in(
    db: &Db<'_>,
    course_id: i64,
    from: NaiveDate,
    settings: &MoveCardSettings,
) -> Result<()> {
    let course = course_on(db, course_id)?;
    if let Some(on) = course.follow_up_from {
        return Err(StoreError::Group(GroupProblem::FollowUpStarted { on }));
    }
    let cards = cards_in(db, &course, &load_ledger(db)?, settings)?;
    if let Some(row) = cards.rows.iter().find(|r| r.session.date >= from && r.outcome.earned()) {
        return Err(StoreError::Group(GroupProblem::CardsAfter { date: row.session.date }));
    }
    db.execute(
        "UPDATE move_courses SET follow_up_from = ?1 WHERE id = ?2",
        &[&from.format(DATE).to_string(), &course_id],
    )?;
    Ok(())
}

/// Corrects a recorded attendance to `new`; what it was. The same mark
/// again is refused.
pub(crate) fn correct_attendance_in(
    db: &Db<'_>,
    attendance_id: i64,
    new: Attendance,
    actor: &str,
    recorded_at: &str,
) -> Result<String> {
    let was: String = db
        .query_opt("SELECT status FROM attendances WHERE id = ?1", &[&attendance_id], |r| r.get(0))?
        .ok_or(StoreError::NotFound { what: "fremmøde", id: attendance_id })?;
    let status = enum_id(&new);
    if was == status {
        return Err(StoreError::Group(GroupProblem::SameAttendance));
    }
    update_mark(db, attendance_id, &status, actor, recorded_at)?;
    Ok(was)
}

impl Store {
    /// Every MOVE course with its cards: open courses first, then by name.
    pub fn move_course_list(&self, settings: &MoveCardSettings) -> Result<Vec<MoveCourseLine>> {
        let db = self.db();
        let ledger = load_ledger(&db)?;
        let viewer = self.viewer(false)?;
        let mut lines = Vec::new();
        let courses = all_courses(&db)?;
        // Cases and sessions for every course at once, merged by number.
        let cases = self.case_map(courses.iter().map(|c| c.case_id))?;
        let sessions = every_course_sessions(&db, &courses)?;
        for (course, sessions) in courses.into_iter().zip(sessions) {
            let case = &cases[&course.case_id];
            // A course is its case's: listed only to those who may list it.
            if viewer.may(case, CaseAction::List).is_err() {
                continue;
            }
            let cards = course_cards(&course, &sessions, &ledger, settings);
            lines.push(MoveCourseLine {
                name: case.identity.display_name().to_string(),
                counsellor: case.counsellor.clone(),
                course,
                cards,
            });
        }
        lines.sort_by(|a, b| {
            (a.course.ended.is_some(), a.name.to_lowercase()).cmp(&(b.course.ended.is_some(), b.name.to_lowercase()))
        });
        Ok(lines)
    }

    /// The courses with their case's counsellor and sessions: `due`'s
    /// material. Ended courses too: a card owed or to resolve stays due
    /// after the course ended, until it is handed out or resolved. None
    /// when the profile gives no gift cards, as nothing of them can be due.
    pub(crate) fn due_move_courses(
        &self,
        settings: &MoveCardSettings,
        scope: DueScope,
    ) -> Result<Vec<(MoveCourse, String, Vec<CourseSession>)>> {
        due_move_courses_on(&self.db(), settings, scope)
    }

    /// A case's open course, if it has one.
    pub fn open_move_course_of(&self, case_id: i64) -> Result<Option<MoveCourse>> {
        Ok(courses_of(&self.db(), case_id)?.into_iter().find(MoveCourse::is_open))
    }

    /// Opens one course to look at it: recorded in the audit trail, like
    /// opening a case, because it shows one citizen's attendance.
    pub fn view_move_course(&mut self, id: i64) -> Result<MoveCourseData> {
        let data = self.move_course_data(id)?;
        self.record_read("view", "move_course", Some(id), "")?;
        Ok(data)
    }

    /// One course's data without auditing a look: for reading the view
    /// again after a write on it (the look itself was audited when the
    /// view opened, by [`Store::view_course`]).
    pub fn move_course_data(&self, id: i64) -> Result<MoveCourseData> {
        let db = self.db();
        let course = course_on(&db, id)?;
        let case = case_on(&db, course.case_id)?.ok_or(StoreError::NotFound { what: "sag", id: course.case_id })?;
        let sessions = course_sessions(&db, &course)?;
        let mut group_names = HashMap::new();
        for s in &sessions {
            if let SessionSource::Group { group_id, .. } = s.source
                && !group_names.contains_key(&group_id)
            {
                group_names.insert(group_id, group_on(&db, group_id)?.name);
            }
        }
        Ok(MoveCourseData { course, case, sessions, group_names })
    }

    /// Starts a MOVE course for a case at its screening.
    pub fn open_move_course(&mut self, case_id: i64, screening_on: NaiveDate) -> Result<i64> {
        self.write("open_course", "move_course", |tx| {
            let id = open_course_in(tx, case_id, screening_on)?;
            Ok((id, Some(id), format!("sag {case_id}")))
        })
    }

    /// Records an individual session (a treatment conversation) on a course.
    pub fn record_individual_session(&mut self, course_id: i64, on: NaiveDate, attendance: Attendance) -> Result<i64> {
        let actor = self.actor().to_string();
        self.write("record_individual_session", "move_course", |tx| {
            let id = record_individual_in(tx, course_id, on, attendance, &actor, &now_stamp())?;
            Ok((id, Some(course_id), format!("{} {}", on.format(DATE), enum_id(&attendance))))
        })
    }

    pub fn start_move_follow_up(&mut self, course_id: i64, from: NaiveDate, settings: &MoveCardSettings) -> Result<()> {
        self.write("start_follow_up", "move_course", |tx| {
            start_follow_up_in(tx, course_id, from, settings)?;
            Ok(((), Some(course_id), from.format(DATE).to_string()))
        })
    }

    pub fn end_move_course(&mut self, course_id: i64, ended: &Reasoned, settings: &MoveCardSettings) -> Result<()> {
        self.write("end_course", "move_course", |tx| {
            end_move_course_in(tx, course_id, ended, settings)?;
            Ok(((), Some(course_id), ended.reason.clone()))
        })
    }

    /// Corrects a recorded attendance. The cards follow from the rule; a
    /// handed-out card that is no longer earned is flagged, not removed.
    pub fn correct_attendance(&mut self, attendance_id: i64, new: Attendance) -> Result<()> {
        let actor = self.actor().to_string();
        self.write("correct_attendance", "attendance", |tx| {
            let was = correct_attendance_in(tx, attendance_id, new, &actor, &now_stamp())?;
            Ok(((), Some(attendance_id), format!("{was} -> {}", enum_id(&new))))
        })
    }

    /// Hands out the card an attendance of the course earned. A card a
    /// colleague took out of stock after `opened`, the course screen's
    /// mark, is a [`Conflict`] naming them.
    pub fn hand_out_card(
        &mut self,
        course_id: i64,
        attendance_id: i64,
        serial: &str,
        today: NaiveDate,
        settings: &MoveCardSettings,
        opened: Opened,
    ) -> Result<String> {
        let actor = self.actor().to_string();
        self.write("hand_out_gift_card", "move_course", |db| {
            let course = course_on(db, course_id)?;
            let mut ledger = load_ledger(db)?;
            let cards = cards_in(db, &course, &ledger, settings)?;
            let row = cards.row_of(attendance_id).ok_or(StoreError::Group(GroupProblem::NotEarned))?;
            let serial = check_row_hand_out(row, serial, &ledger, settings).map_err(|problems| {
                card_refusal(
                    db,
                    &ledger,
                    problems.into_iter().next().map_or(GroupProblem::NotEarned, |(_, p)| p),
                    opened,
                )
            })?;
            let op = StockOp::HandOut {
                serial: serial.clone(),
                case_id: course.case_id,
                attendance_id: Some(attendance_id),
            };
            apply_in(db, &mut ledger, &op, today, &actor)?;
            Ok((serial.clone(), Some(course_id), serial))
        })
    }

    /// Resolves a flagged hand-out: corrects it and, if the card stays with
    /// the citizen, records it handed out again, all in one transaction.
    pub fn resolve_card(
        &mut self,
        course_id: i64,
        plan: &ResolutionPlan,
        today: NaiveDate,
        settings: &MoveCardSettings,
    ) -> Result<()> {
        let actor = self.actor().to_string();
        self.write("resolve_gift_card", "move_course", |db| {
            let course = course_on(db, course_id)?;
            let mut ledger = load_ledger(db)?;
            let cards = cards_in(db, &course, &ledger, settings)?;
            let flagged = cards
                .rows_with(CardStatus::ToResolve)
                .any(|(_, r)| r.hand_out.as_ref().is_some_and(|e| e.id == plan.correct_entry));
            if !flagged {
                return Err(StoreError::Group(GroupProblem::NothingToResolve));
            }
            if let Some(Some(target)) = plan.hand_out_again
                && cards.row_of(target).is_none_or(|r| r.status != CardStatus::NotHandedOut)
            {
                return Err(StoreError::Group(GroupProblem::NoEarnedSessionFree));
            }
            let correction = StockOp::Correct { entry: plan.correct_entry, reason: plan.reason.clone() };
            apply_in(db, &mut ledger, &correction, today, &actor)?;
            if let Some(attendance_id) = plan.hand_out_again {
                let op = StockOp::HandOut { serial: plan.serial.clone(), case_id: course.case_id, attendance_id };
                apply_in(db, &mut ledger, &op, today, &actor)?;
            }
            Ok(((), Some(course_id), format!("{}: {}", plan.serial, plan.reason)))
        })
    }
}

/// Ends a MOVE course inside the caller's transaction: refused when it has
/// ended already or a card is not settled. Ending a course in treatment
/// ends its MOVE course the same way (`store::plans`).
pub(crate) fn end_move_course_in(
    db: &Db<'_>,
    course_id: i64,
    ended: &Reasoned,
    settings: &MoveCardSettings,
) -> Result<()> {
    let course = course_on(db, course_id)?;
    if course.ended.is_some() {
        return Err(StoreError::Group(GroupProblem::CourseEnded));
    }
    if !cards_in(db, &course, &load_ledger(db)?, settings)?.is_settled() {
        return Err(StoreError::Group(GroupProblem::CardsUnsettled));
    }
    db.execute(
        "UPDATE move_courses SET ended_on = ?1, ended_reason = ?2 WHERE id = ?3",
        &[&date_text(Some(ended.on)), &ended.reason, &course_id],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::groups::{LIST, MARKS, MEMBERS};
    use super::*;

    /// SQLite's plan for a query, as one line of text.
    fn plan(store: &Store, sql: &str) -> String {
        let mut stmt = store.sqlite().prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let params = vec!["1"; stmt.parameter_count()];
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| r.get::<_, String>(3)).unwrap();
        rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("; ")
    }

    #[test]
    fn the_grupper_queries_read_their_indexes() {
        let store = Store::open_in_memory("anna").unwrap();
        let cases: [(&str, &str); 10] = [
            (MARKS, "attendances_session"),
            (MEMBERS, "group_members_group"),
            (LIST, "group_members_on"),
            (LIST, "sqlite_autoindex_group_sessions_1"),
            (LIST, "attendances_session"),
            (INDIVIDUAL, "attendances_course"),
            (GROUP_ATTENDANCE, "attendances_case"),
            (EVERY_INDIVIDUAL, "attendances_course"),
            (EVERY_GROUP_ATTENDANCE, "attendances_case"),
            (MOVE_COUNSELLORS, "move_courses_case"),
        ];
        for (sql, index) in cases {
            let plan = plan(&store, sql);
            assert!(plan.contains(&format!("INDEX {index}")), "{sql}: {plan}");
        }
        // The list's member counts read the index alone (migration 21).
        assert!(plan(&store, LIST).contains("COVERING INDEX group_members_on"));
        let ranges = plan(&store, LIST);
        assert!(ranges.contains("(group_id=? AND left_on=? AND joined_on<?)"), "{ranges}");
        assert!(ranges.contains("(group_id=? AND left_on>?)"), "{ranges}");
        for sql in [PLANNED, EVERY_PLANNED] {
            let planned = plan(&store, sql);
            assert!(planned.contains("INDEX group_members_case"), "{planned}");
            assert!(planned.contains("INDEX attendances_session"), "{planned}");
        }
        // The courses' own table is read whole (every course is listed),
        // but through its index, and no other table is.
        for sql in [EVERY_INDIVIDUAL, EVERY_GROUP_ATTENDANCE, EVERY_PLANNED, MOVE_COUNSELLORS] {
            let plan = plan(&store, sql);
            let scans = plan.split("; ").filter(|s| s.starts_with("SCAN") && !s.contains("INDEX")).count();
            assert_eq!(scans, 0, "{sql}: {plan}");
        }
    }
}

#[cfg(test)]
mod on_engines {
    use chrono::{NaiveTime, Weekday};

    use super::super::groups::{add_member_in, cancel_session_in, insert_group, insert_mark, insert_session};
    use super::*;
    use crate::domain::group::groups::{Group, Schedule};
    use crate::domain::money::Ore;
    use crate::store::engine::both::{Place, a_case, on_both_engines, plan, whole_table_reads};

    on_both_engines!(
        a_course_reads_back_as_written_and_ends_once,
        an_individual_session_reads_back_and_is_corrected,
        a_courses_sessions_read_alike_one_by_one_and_all_at_once,
        a_card_earned_holds_the_course_open_until_handed_out,
        every_list_reads_an_index
    );

    fn on(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).unwrap()
    }

    const AT: &str = "2026-03-20T10:00:00Z";

    fn off() -> MoveCardSettings {
        MoveCardSettings::disabled()
    }

    fn group(db: &Db<'_>, name: &str, kind: GroupKind) -> Group {
        let schedule = Schedule {
            weekday: Weekday::Tue,
            time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            place: "Salen".into(),
            counsellors: vec!["anna".into()],
        };
        let id = insert_group(db, &Group { id: 0, name: name.into(), kind, schedule }).unwrap();
        group_on(db, id).unwrap()
    }

    fn a_course_reads_back_as_written_and_ends_once(place: &Place) {
        let db = place.open();
        let (ida, bo) = (a_case(&db, "anna"), a_case(&db, "bo"));
        let first = open_course_in(&db, ida, on(2, 2)).unwrap();
        let course = MoveCourse { id: first, case_id: ida, screening_on: on(2, 2), follow_up_from: None, ended: None };
        assert_eq!(course_on(&db, first).unwrap(), course);
        assert!(matches!(course_on(&db, first + 10), Err(StoreError::NotFound { what: "MOVE-forløb", .. })));
        let twice = open_course_in(&db, ida, on(2, 3));
        assert!(matches!(twice, Err(StoreError::Group(GroupProblem::CourseAlreadyOpen))), "{twice:?}");
        let nobody = open_course_in(&db, bo + 10, on(2, 3));
        assert!(matches!(nobody, Err(StoreError::Group(GroupProblem::NoSuchCase))), "{nobody:?}");
        let of_bo = open_course_in(&db, bo, on(1, 20)).unwrap();

        start_follow_up_in(&db, first, on(5, 4), &off()).unwrap();
        let again = start_follow_up_in(&db, first, on(5, 5), &off());
        assert!(
            matches!(again, Err(StoreError::Group(GroupProblem::FollowUpStarted { on: from })) if from == on(5, 4))
        );
        let ended = Reasoned { on: on(6, 1), reason: "gennemført 'fint'".into() };
        end_move_course_in(&db, first, &ended, &off()).unwrap();
        let read = course_on(&db, first).unwrap();
        assert_eq!(read, MoveCourse { follow_up_from: Some(on(5, 4)), ended: Some(ended.clone()), ..course });
        let once = end_move_course_in(&db, first, &ended, &off());
        assert!(matches!(once, Err(StoreError::Group(GroupProblem::CourseEnded))));
        let late = record_individual_in(&db, first, on(6, 2), Attendance::Attended, "anna", AT);
        assert!(matches!(late, Err(StoreError::Group(GroupProblem::CourseEnded))));
        // A new course once the first has ended: oldest first.
        let second = open_course_in(&db, ida, on(7, 1)).unwrap();
        let ids = |courses: Vec<MoveCourse>| courses.into_iter().map(|c| c.id).collect::<Vec<_>>();
        assert_eq!(ids(courses_of(&db, ida).unwrap()), [first, second]);
        assert_eq!(ids(all_courses(&db).unwrap()), [first, of_bo, second]);
        // `due` reads every course by case, or the marked cases' only.
        assert_eq!(ids(due_courses(&db, DueScope::Centre).unwrap()), [first, second, of_bo]);
        db.execute("DELETE FROM deadlines_dirty", &[]).unwrap();
        db.execute("INSERT INTO deadlines_dirty (case_id) VALUES (?1)", &[&bo]).unwrap();
        assert_eq!(ids(due_courses(&db, DueScope::Dirty).unwrap()), [of_bo]);
        let counsellors = move_counsellors(&db).unwrap();
        assert_eq!(counsellors, HashMap::from([(ida, "anna".to_string()), (bo, "bo".to_string())]));

        // The schema's own refusals: one open course a case, of a case on file.
        let open = "INSERT INTO move_courses (case_id, screening_on) VALUES (?1, '2026-08-01')";
        assert!(db.execute(open, &[&ida]).is_err(), "a second open course");
        assert!(db.execute(open, &[&(bo + 10)]).is_err(), "a course of no case");
        assert_eq!(ids(courses_of(&db, ida).unwrap()), [first, second]);
    }

    fn an_individual_session_reads_back_and_is_corrected(place: &Place) {
        let db = place.open();
        let case = a_case(&db, "anna");
        let course = open_course_in(&db, case, on(2, 2)).unwrap();
        let id = record_individual_in(&db, course, on(2, 10), Attendance::Attended, "bo", AT).unwrap();
        let row = |db: &Db<'_>| -> (i64, Option<i64>, i64, String, String, String, String) {
            db.query_row(
                "SELECT case_id, session_id, course_id, on_date, status, actor, recorded_at FROM attendances WHERE id = ?1",
                &[&id],
                |r| r.columns(),
            )
            .unwrap()
        };
        let written = (case, None, course, "2026-02-10".into(), "attended".into(), "bo".into(), AT.to_string());
        assert_eq!(row(&db), written);
        let sessions = course_sessions(&db, &course_on(&db, course).unwrap()).unwrap();
        let individual = CourseSession {
            attendance_id: Some(id),
            date: on(2, 10),
            source: SessionSource::Individual,
            attendance: Some(Attendance::Attended),
        };
        assert_eq!(sessions, [individual]);
        assert_eq!(
            correct_attendance_in(&db, id, Attendance::NoShow, "cai", "2026-03-21T09:00:00Z").unwrap(),
            "attended"
        );
        assert_eq!(
            row(&db),
            (case, None, course, "2026-02-10".into(), "no_show".into(), "cai".into(), "2026-03-21T09:00:00Z".into())
        );
        let same = correct_attendance_in(&db, id, Attendance::NoShow, "cai", AT);
        assert!(matches!(same, Err(StoreError::Group(GroupProblem::SameAttendance))));
        let none = correct_attendance_in(&db, id + 10, Attendance::NoShow, "cai", AT);
        assert!(matches!(none, Err(StoreError::NotFound { what: "fremmøde", .. })));
        // An individual session is dated; one on no course on file is refused.
        let stray = "INSERT INTO attendances (case_id, course_id, on_date, status, actor, recorded_at)
                     VALUES (?1, ?2, '2026-02-11', 'attended', 'bo', ?3)";
        assert!(db.execute(stray, &[&case, &(course + 10), &AT]).is_err());
        let undated = "INSERT INTO attendances (case_id, course_id, status, actor, recorded_at)
                       VALUES (?1, ?2, 'attended', 'bo', ?3)";
        assert!(db.execute(undated, &[&case, &course, &AT]).is_err());
    }

    /// A MOVE group of Tuesdays in March and a group of another kind: the
    /// case's course sees its MOVE sessions only, held or ahead, never a
    /// cancelled one. The course's id.
    fn a_course_with_sessions(db: &Db<'_>, case: i64, name: &str) -> i64 {
        let course = open_course_in(db, case, on(3, 1)).unwrap();
        let g = group(db, name, GroupKind::Move);
        let other = group(db, &format!("{name} efterværn"), GroupKind::Aftercare);
        add_member_in(db, g.id, case, on(3, 1)).unwrap();
        add_member_in(db, other.id, case, on(3, 1)).unwrap();
        let [s1, s2, s3, _, _] =
            [on(3, 3), on(3, 10), on(3, 17), on(3, 24), on(3, 31)].map(|d| insert_session(db, &g, d).unwrap());
        insert_mark(db, case, s1, "attended", "anna", AT).unwrap();
        insert_mark(db, case, s2, "attended", "anna", AT).unwrap();
        cancel_session_in(db, s3, &Reasoned { on: on(3, 12), reason: "ferie".into() }).unwrap();
        let elsewhere = insert_session(db, &other, on(3, 5)).unwrap();
        insert_mark(db, case, elsewhere, "attended", "anna", AT).unwrap();
        record_individual_in(db, course, on(3, 12), Attendance::NoShow, "anna", AT).unwrap();
        course
    }

    fn a_courses_sessions_read_alike_one_by_one_and_all_at_once(place: &Place) {
        let db = place.open();
        let (ida, bo) = (a_case(&db, "anna"), a_case(&db, "bo"));
        let course = course_on(&db, a_course_with_sessions(&db, ida, "MOVE tirsdag")).unwrap();
        let of_bo = course_on(&db, open_course_in(&db, bo, on(3, 1)).unwrap()).unwrap();
        let sessions = course_sessions(&db, &course).unwrap();
        let seen: Vec<(NaiveDate, bool, Option<Attendance>)> =
            sessions.iter().map(|s| (s.date, matches!(s.source, SessionSource::Individual), s.attendance)).collect();
        assert_eq!(
            seen,
            [
                (on(3, 3), false, Some(Attendance::Attended)),
                (on(3, 10), false, Some(Attendance::Attended)),
                (on(3, 12), true, Some(Attendance::NoShow)),
                (on(3, 24), false, None),
                (on(3, 31), false, None),
            ]
        );
        assert!(sessions.iter().filter(|s| s.attendance.is_none()).all(|s| s.attendance_id.is_none()));
        assert_eq!(course_sessions(&db, &of_bo).unwrap(), []);
        let all = every_course_sessions(&db, &[of_bo.clone(), course.clone()]).unwrap();
        assert_eq!(all, [vec![], sessions]);
    }

    fn a_card_earned_holds_the_course_open_until_handed_out(place: &Place) {
        let db = place.open();
        let case = a_case(&db, "anna");
        let course_id = a_course_with_sessions(&db, case, "MOVE");
        let settings = MoveCardSettings::national();
        let course = course_on(&db, course_id).unwrap();
        let cards = cards_in(&db, &course, &load_ledger(&db).unwrap(), &settings).unwrap();
        let owed: Vec<_> = cards.rows.iter().filter(|r| r.status == CardStatus::NotHandedOut).collect();
        assert_eq!(owed.len(), 1, "two attendances earn a card: {cards:?}");
        let earned = owed[0].session.attendance_id.unwrap();
        let ended = Reasoned { on: on(3, 20), reason: "afsluttet".into() };
        let unsettled = end_move_course_in(&db, course_id, &ended, &settings);
        assert!(matches!(unsettled, Err(StoreError::Group(GroupProblem::CardsUnsettled))), "{unsettled:?}");
        let after = start_follow_up_in(&db, course_id, on(3, 1), &settings);
        assert!(matches!(after, Err(StoreError::Group(GroupProblem::CardsAfter { date })) if date == on(3, 10)));

        let mut ledger = load_ledger(&db).unwrap();
        let receive = StockOp::ReceiveOne { serial: "K-001".into(), value: Ore::from_kr(200) };
        apply_in(&db, &mut ledger, &receive, on(3, 1), "anna").unwrap();
        let op = StockOp::HandOut { serial: "K-001".into(), case_id: case, attendance_id: Some(earned) };
        apply_in(&db, &mut ledger, &op, on(3, 11), "anna").unwrap();
        assert!(cards_in(&db, &course, &load_ledger(&db).unwrap(), &settings).unwrap().is_settled());
        end_move_course_in(&db, course_id, &ended, &settings).unwrap();
        assert_eq!(course_on(&db, course_id).unwrap().ended, Some(ended));
    }

    fn every_list_reads_an_index(place: &Place) {
        let db = place.open();
        let kind = kind_id(GroupKind::Move);
        let course = |condition: &str| format!("SELECT {COURSE_COLUMNS} FROM move_courses {condition}");
        let queries: Vec<(String, Vec<&dyn crate::store::engine::ToValue>, &[&str])> = vec![
            (GROUP_ATTENDANCE.into(), vec![&1i64, &kind], &["attendances_case"]),
            (INDIVIDUAL.into(), vec![&1i64], &["attendances_course"]),
            (PLANNED.into(), vec![&1i64, &kind], &["group_members_case", "attendances_session"]),
            (EVERY_GROUP_ATTENDANCE.into(), vec![&kind], &["attendances_case"]),
            (EVERY_INDIVIDUAL.into(), vec![], &["attendances_course"]),
            (EVERY_PLANNED.into(), vec![&kind], &["attendances_session"]),
            (MOVE_COUNSELLORS.into(), vec![], &["move_courses_"]),
            (course("WHERE case_id = ?1 ORDER BY id"), vec![&1i64], &["move_courses_"]),
            (course("WHERE id = ?1"), vec![&1i64], &[]),
            ("SELECT status FROM attendances WHERE id = ?1".into(), vec![&1i64], &[]),
        ];
        for (sql, params, indexes) in &queries {
            let steps = plan(&db, sql, params);
            assert!(whole_table_reads(&steps).is_empty(), "{sql}\nreads a whole table: {steps:?}");
            // Which index PostgreSQL's planner takes among several over
            // a test's few rows is its guess at costs; SQLite's is the one
            // the query was written for.
            if db.engine() == crate::store::engine::Engine::Sqlite {
                for index in *indexes {
                    assert!(steps.iter().any(|s| s.contains(index)), "{sql}\n{index}: {steps:?}");
                }
            }
        }
    }
}
