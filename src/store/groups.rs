//! Groups on file: the groups, their sessions and members, and the roll
//! call that records a session's attendance (with its gift cards) in one
//! transaction.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};

use super::cases::{DATE, case_on, date_text, enum_id, parse_date, parse_enum};
use super::conflict::{Opened, Record, card_refusal, unchanged_since};
use super::engine::{self, Db, Row};
use super::gift_cards::{apply_in, load_ledger};
use super::move_courses::{course_sessions, courses_of};
use super::{Result, Store, StoreError, Viewer, now_stamp};
use crate::domain::dates;
use crate::domain::group::course::{SessionSource, check_row_hand_out, course_cards};
use crate::domain::group::groups::{
    Group, GroupKind, GroupProblem, GroupSession, Member, Moved, Schedule, SessionMove, membership_problem,
    parse_weekday_id, weekday_id,
};
use crate::domain::group::move_cards::{Attendance, MoveCardSettings};
use crate::domain::group::roll_call::{RollEntry, RollMember, check_roll_call, preview};
use crate::domain::group::stock::StockOp;
use crate::domain::intake::Reasoned;

/// How many members got each mark at a session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MarkCounts {
    pub attended: u32,
    pub cancelled: u32,
    pub no_show: u32,
}

impl MarkCounts {
    pub fn total(&self) -> u32 {
        self.attended + self.cancelled + self.no_show
    }

    /// Attendance is recorded: the roll call was saved.
    pub fn is_held(&self) -> bool {
        self.total() > 0
    }
}

/// A session with its roll call's counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionLine {
    pub session: GroupSession,
    pub marks: MarkCounts,
}

/// One line of the group list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupLine {
    pub group: Group,
    /// Members on the day asked for.
    pub members: usize,
    /// The group's (not cancelled) session on that day, if it meets.
    pub today: Option<SessionLine>,
    /// The next session after that day.
    pub next: Option<GroupSession>,
}

/// A member with what a list may show: the name, or for §101a only the
/// pseudonym ([`crate::domain::intake::Identity::display_name`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberLine {
    pub member: Member,
    pub name: String,
    pub counsellor: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupDetail {
    pub group: Group,
    /// Current members first, each part by name.
    pub members: Vec<MemberLine>,
    /// Every session, by date.
    pub sessions: Vec<SessionLine>,
}

/// A session's roll call as it stands: every member on a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollCallData {
    pub group: Group,
    pub session: GroupSession,
    /// By name.
    pub lines: Vec<(RollMember, String)>,
}

/// What a saved roll call changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollCallSaved {
    pub marked: usize,
    /// Stored marks that were changed (corrections).
    pub changed: usize,
    pub handed_out: Vec<String>,
}

const GROUP_COLUMNS: &str = "id, name, kind, weekday, time, place, counsellors";
const SESSION_COLUMNS: &str =
    "id, group_id, on_date, time, place, cancelled_on, cancelled_reason, moved_from, moved_reason";

pub(crate) const TIME: &str = "%H:%M";

// The list queries, named so a test can read their query plans.
/// A session's marks (index `attendances_session`).
pub(crate) const MARKS: &str = "SELECT status, count(*) FROM attendances WHERE session_id = ?1 GROUP BY status";
/// A group's memberships (index `group_members_group`).
pub(crate) const MEMBERS: &str =
    "SELECT id, group_id, case_id, joined_on, left_on FROM group_members WHERE group_id = ?1 ORDER BY id";
pub(crate) fn parse_time(text: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(text, TIME).map_err(|_| StoreError::Corrupt(format!("klokkeslæt '{text}'")))
}

fn day(text: String) -> Result<NaiveDate> {
    parse_date(Some(text))?.ok_or_else(|| StoreError::Corrupt("dato".into()))
}

/// Whether the schema refused a write: a key, a reference or a CHECK
/// (SQLite's constraint failure, PostgreSQL's class 23).
pub(crate) fn refused_by_schema(e: &engine::Error) -> bool {
    match e {
        engine::Error::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => {
            f.code == rusqlite::ErrorCode::ConstraintViolation
        }
        engine::Error::Postgres(e) => e.code().is_some_and(|state| state.code().starts_with("23")),
        _ => false,
    }
}

/// `e` as the store says it, or `problem` when the schema refused the write.
fn or_refused(e: engine::Error, problem: GroupProblem) -> StoreError {
    if refused_by_schema(&e) { StoreError::Group(problem) } else { e.into() }
}

type RawGroup = (i64, String, String, String, String, String, String);

fn read_group(r: &Row<'_>) -> engine::Result<RawGroup> {
    r.columns()
}

fn to_group(raw: RawGroup) -> Result<Group> {
    let (id, name, kind, weekday, time, place, counsellors) = raw;
    Ok(Group {
        id,
        name,
        kind: parse_enum(&kind)?,
        schedule: Schedule {
            weekday: parse_weekday_id(&weekday).ok_or_else(|| StoreError::Corrupt(format!("ugedag '{weekday}'")))?,
            time: parse_time(&time)?,
            place,
            counsellors: counsellors.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect(),
        },
    })
}

type RawSession = (i64, i64, String, String, String, Option<String>, Option<String>, Option<String>, Option<String>);

fn read_session(r: &Row<'_>) -> engine::Result<RawSession> {
    r.columns()
}

fn to_session(raw: RawSession) -> Result<GroupSession> {
    let (id, group_id, on, time, place, cancelled_on, cancelled_reason, moved_from, moved_reason) = raw;
    Ok(GroupSession {
        id,
        group_id,
        date: day(on)?,
        time: parse_time(&time)?,
        place,
        cancelled: parse_date(cancelled_on)?.map(|on| Reasoned { on, reason: cancelled_reason.unwrap_or_default() }),
        moved: parse_date(moved_from)?.map(|from| Moved { from, reason: moved_reason.unwrap_or_default() }),
    })
}

pub(crate) fn group_on(db: &Db<'_>, id: i64) -> Result<Group> {
    let sql = format!("SELECT {GROUP_COLUMNS} FROM treatment_groups WHERE id = ?1");
    let raw = db.query_opt(&sql, &[&id], read_group)?.ok_or(StoreError::NotFound { what: "gruppe", id })?;
    to_group(raw)
}

pub(crate) fn session_on(db: &Db<'_>, id: i64) -> Result<GroupSession> {
    let sql = format!("SELECT {SESSION_COLUMNS} FROM group_sessions WHERE id = ?1");
    let raw = db.query_opt(&sql, &[&id], read_session)?.ok_or(StoreError::NotFound { what: "mødegang", id })?;
    to_session(raw)
}

fn marks_on(db: &Db<'_>, session_id: i64) -> Result<MarkCounts> {
    let rows: Vec<(String, u32)> = db.query_map(MARKS, &[&session_id], |r| r.columns())?;
    let mut counts = MarkCounts::default();
    for (status, n) in rows {
        match parse_enum::<Attendance>(&status)? {
            Attendance::Attended => counts.attended = n,
            Attendance::Cancelled => counts.cancelled = n,
            Attendance::NoShow => counts.no_show = n,
        }
    }
    Ok(counts)
}

fn members_on(db: &Db<'_>, group_id: i64) -> Result<Vec<Member>> {
    let rows: Vec<(i64, i64, i64, String, Option<String>)> = db.query_map(MEMBERS, &[&group_id], |r| r.columns())?;
    rows.into_iter()
        .map(|(id, group_id, case_id, joined, left)| {
            Ok(Member { id, group_id, case_id, joined_on: day(joined)?, left_on: parse_date(left)? })
        })
        .collect()
}

fn sessions_of(db: &Db<'_>, group_id: i64) -> Result<Vec<GroupSession>> {
    let sql = format!("SELECT {SESSION_COLUMNS} FROM group_sessions WHERE group_id = ?1 ORDER BY on_date");
    db.query_map(&sql, &[&group_id], read_session)?.into_iter().map(to_session).collect()
}

/// The group list in one statement: each group with its members on the
/// day (`?1`), its (not cancelled) session that day with the marks of its
/// roll call (`?2`-`?4` the three marks), and the id of its next session
/// after the day. Each group's figures are probes of the indexes that
/// lead with the group (`group_members_on`, the UNIQUE (group_id,
/// on_date)) or the session (`attendances_session`): a few rows a group,
/// one round trip to the server for them all instead of two or three a
/// group.
pub(crate) const LIST: &str = "SELECT g.id, g.name, g.kind, g.weekday, g.time, g.place, g.counsellors,
    (SELECT count(*) FROM group_members WHERE group_id = g.id AND left_on IS NULL AND joined_on <= ?1)
    + (SELECT count(*) FROM group_members WHERE group_id = g.id AND left_on >= ?1 AND joined_on <= ?1),
    (SELECT id FROM group_sessions WHERE group_id = g.id AND on_date > ?1 AND cancelled_on IS NULL
        ORDER BY on_date LIMIT 1),
    t.id, t.group_id, t.on_date, t.time, t.place, t.cancelled_on, t.cancelled_reason, t.moved_from, t.moved_reason,
    (SELECT count(*) FROM attendances WHERE session_id = t.id AND status = ?2),
    (SELECT count(*) FROM attendances WHERE session_id = t.id AND status = ?3),
    (SELECT count(*) FROM attendances WHERE session_id = t.id AND status = ?4)
    FROM treatment_groups g
    LEFT JOIN group_sessions t ON t.group_id = g.id AND t.on_date = ?1 AND t.cancelled_on IS NULL
    ORDER BY g.name";

/// Where [`LIST`]'s session of the day starts, and its marks.
const TODAY_AT: usize = 9;
const MARKS_AT: usize = TODAY_AT + 9;

/// The session of the day of a [`LIST`] row, if the group meets that day.
fn today_of(r: &Row<'_>) -> engine::Result<Option<(RawSession, [u32; 3])>> {
    let Some(id) = r.get::<Option<i64>>(TODAY_AT)? else { return Ok(None) };
    let at = |n| r.get::<Option<String>>(TODAY_AT + n);
    let raw = (
        id,
        r.get(TODAY_AT + 1)?,
        r.get(TODAY_AT + 2)?,
        r.get(TODAY_AT + 3)?,
        r.get(TODAY_AT + 4)?,
        at(5)?,
        at(6)?,
        at(7)?,
        at(8)?,
    );
    Ok(Some((raw, [r.get(MARKS_AT)?, r.get(MARKS_AT + 1)?, r.get(MARKS_AT + 2)?])))
}

type RawLine = (RawGroup, i64, Option<i64>, Option<(RawSession, [u32; 3])>);

/// Sessions by id, a batch of ids a statement.
fn sessions_by_id(db: &Db<'_>, ids: &[i64]) -> Result<BTreeMap<i64, GroupSession>> {
    let mut sessions = BTreeMap::new();
    for chunk in ids.chunks(super::BULK) {
        let marks = vec!["?"; chunk.len()].join(",");
        let params: Vec<&dyn engine::ToValue> = chunk.iter().map(|id| id as &dyn engine::ToValue).collect();
        let sql = format!("SELECT {SESSION_COLUMNS} FROM group_sessions WHERE id IN ({marks})");
        for raw in db.query_map(&sql, &params, read_session)? {
            let session = to_session(raw)?;
            sessions.insert(session.id, session);
        }
    }
    Ok(sessions)
}

/// The group list's lines (see [`Store::group_list`]): [`LIST`], and the
/// groups' next sessions by their ids.
fn group_list_on(db: &Db<'_>, today: NaiveDate) -> Result<Vec<GroupLine>> {
    let day = today.format(DATE).to_string();
    let [attended, cancelled, no_show] =
        [Attendance::Attended, Attendance::Cancelled, Attendance::NoShow].map(|a| enum_id(&a));
    let rows: Vec<RawLine> = db.query_map(LIST, &[&day, &attended, &cancelled, &no_show], |r| {
        Ok((
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?),
            r.get(7)?,
            r.get(8)?,
            today_of(r)?,
        ))
    })?;
    let next_ids: Vec<i64> = rows.iter().filter_map(|row| row.2).collect();
    let mut next = if next_ids.is_empty() { BTreeMap::new() } else { sessions_by_id(db, &next_ids)? };
    let mut lines = Vec::with_capacity(rows.len());
    for (group, members, next_id, today) in rows {
        let today = match today {
            Some((raw, [attended, cancelled, no_show])) => {
                Some(SessionLine { session: to_session(raw)?, marks: MarkCounts { attended, cancelled, no_show } })
            }
            None => None,
        };
        let next = match next_id {
            Some(id) => Some(next.remove(&id).ok_or(StoreError::NotFound { what: "mødegang", id })?),
            None => None,
        };
        lines.push(GroupLine { group: to_group(group)?, members: members as usize, today, next });
    }
    Ok(lines)
}

pub(crate) fn insert_group(db: &Db<'_>, group: &Group) -> Result<i64> {
    db.query_row(
        "INSERT INTO treatment_groups (name, kind, weekday, time, place, counsellors)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        &[
            &group.name,
            &enum_id(&group.kind),
            &weekday_id(group.schedule.weekday),
            &group.schedule.time.format(TIME).to_string(),
            &group.schedule.place,
            &group.schedule.counsellors.join(","),
        ],
        |r| r.get(0),
    )
    .map_err(|e| or_refused(e, GroupProblem::NameTaken))
}

/// Writes a session of `group` on `date`, at the group's time and place;
/// its id. A second session of the group on the day is refused.
pub(crate) fn insert_session(db: &Db<'_>, group: &Group, date: NaiveDate) -> Result<i64> {
    db.query_row(
        "INSERT INTO group_sessions (group_id, on_date, time, place) VALUES (?1, ?2, ?3, ?4) RETURNING id",
        &[
            &group.id,
            &date.format(DATE).to_string(),
            &group.schedule.time.format(TIME).to_string(),
            &group.schedule.place,
        ],
        |r| r.get(0),
    )
    .map_err(|e| or_refused(e, GroupProblem::SessionOnDate { date }))
}

/// A session that is neither cancelled nor held yet.
fn check_open_session(db: &Db<'_>, session_id: i64) -> Result<GroupSession> {
    let session = session_on(db, session_id)?;
    if session.is_cancelled() {
        return Err(StoreError::Group(GroupProblem::SessionCancelled));
    }
    if marks_on(db, session_id)?.is_held() {
        return Err(StoreError::Group(GroupProblem::SessionHeld));
    }
    Ok(session)
}

pub(crate) fn cancel_session_in(db: &Db<'_>, session_id: i64, cancelled: &Reasoned) -> Result<()> {
    check_open_session(db, session_id)?;
    db.execute(
        "UPDATE group_sessions SET cancelled_on = ?1, cancelled_reason = ?2 WHERE id = ?3",
        &[&cancelled.on.format(DATE).to_string(), &cancelled.reason, &session_id],
    )?;
    Ok(())
}

/// Moves an open session; the session as it was.
fn move_session_in(db: &Db<'_>, session_id: i64, to: &SessionMove) -> Result<GroupSession> {
    let before = check_open_session(db, session_id)?;
    db.execute(
        "UPDATE group_sessions SET on_date = ?1, time = ?2, moved_from = ?3, moved_reason = ?4 WHERE id = ?5",
        &[
            &to.date.format(DATE).to_string(),
            &to.time.format(TIME).to_string(),
            &to.moved.from.format(DATE).to_string(),
            &to.moved.reason,
            &session_id,
        ],
    )
    .map_err(|e| or_refused(e, GroupProblem::SessionOnDate { date: to.date }))?;
    Ok(before)
}

/// A case joins a group, checked again on the case and the group as they
/// stand on `db`; the membership's id.
pub(crate) fn add_member_in(db: &Db<'_>, group_id: i64, case_id: i64, joined_on: NaiveDate) -> Result<i64> {
    let group = group_on(db, group_id)?;
    let case = case_on(db, case_id)?.ok_or(StoreError::Group(GroupProblem::NoSuchCase))?;
    if let Some(problem) = membership_problem(group.kind, &case) {
        return Err(StoreError::Group(problem));
    }
    if members_on(db, group_id)?.iter().any(|m| m.case_id == case_id && m.left_on.is_none()) {
        return Err(StoreError::Group(GroupProblem::AlreadyMember));
    }
    Ok(db.query_row(
        "INSERT INTO group_members (group_id, case_id, joined_on) VALUES (?1, ?2, ?3) RETURNING id",
        &[&group_id, &case_id, &joined_on.format(DATE).to_string()],
        |r| r.get(0),
    )?)
}

/// Writes a member's mark at a session; its id.
pub(crate) fn insert_mark(
    db: &Db<'_>,
    case_id: i64,
    session_id: i64,
    status: &str,
    actor: &str,
    stamp: &str,
) -> Result<i64> {
    Ok(db.query_row(
        "INSERT INTO attendances (case_id, session_id, status, actor, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        &[&case_id, &session_id, &status, &actor, &stamp],
        |r| r.get(0),
    )?)
}

/// Changes a stored mark (a correction: who and when are the change's).
pub(crate) fn update_mark(db: &Db<'_>, id: i64, status: &str, actor: &str, stamp: &str) -> Result<()> {
    db.execute(
        "UPDATE attendances SET status = ?1, actor = ?2, recorded_at = ?3 WHERE id = ?4",
        &[&status, &actor, &stamp, &id],
    )?;
    Ok(())
}

/// Who is on a session's roll call, with what is stored and the MOVE
/// course behind each line. Read on any connection, so the save checks
/// exactly what it writes against.
fn roll_members(
    db: &Db<'_>,
    group: &Group,
    session: &GroupSession,
    viewer: &Viewer,
) -> Result<Vec<(RollMember, String)>> {
    let mut stored: BTreeMap<i64, (i64, Attendance)> = BTreeMap::new();
    let rows: Vec<(i64, i64, String)> =
        db.query_map("SELECT id, case_id, status FROM attendances WHERE session_id = ?1", &[&session.id], |r| {
            r.columns()
        })?;
    for (id, case_id, status) in rows {
        stored.insert(case_id, (id, parse_enum(&status)?));
    }
    let mut cases: Vec<i64> =
        members_on(db, group.id)?.iter().filter(|m| m.active_on(session.date)).map(|m| m.case_id).collect();
    // A stored mark keeps its line even if the membership changed since.
    cases.extend(stored.keys().copied());
    cases.sort_unstable();
    cases.dedup();
    let mut lines = Vec::new();
    for case_id in cases {
        let case = case_on(db, case_id)?.ok_or(StoreError::NotFound { what: "sag", id: case_id })?;
        let course = if group.kind.counts_for_move() {
            match courses_of(db, case_id)?.into_iter().find(|c| c.covers(session.date)) {
                Some(course) => {
                    let others = course_sessions(db, &course)?
                        .into_iter()
                        .filter(|s| !matches!(s.source, SessionSource::Group { session_id, .. } if session_id == session.id))
                        .collect();
                    Some((course, others))
                }
                None => None,
            }
        } else {
            None
        };
        let member = RollMember { case_id, stored: stored.get(&case_id).copied(), course };
        lines.push((member, viewer.name_of(&case)));
    }
    lines.sort_by(|a, b| a.1.to_lowercase().cmp(&b.1.to_lowercase()).then(a.0.case_id.cmp(&b.0.case_id)));
    Ok(lines)
}

impl Store {
    /// Every group with its members and sessions around `today`: the
    /// group list. The caller orders it (today's sessions first).
    pub fn group_list(&self, today: NaiveDate) -> Result<Vec<GroupLine>> {
        group_list_on(&self.db(), today)
    }

    /// One group: members (with the names a list may show) and sessions.
    pub fn group_detail(&self, id: i64) -> Result<GroupDetail> {
        let db = self.db();
        let group = group_on(&db, id)?;
        let viewer = self.viewer(false)?;
        let mut members = Vec::new();
        let listed = members_on(&db, id)?;
        // The members' cases in a few batched queries, not one a member.
        let cases = self.case_map(listed.iter().map(|m| m.case_id))?;
        for m in listed {
            let case = &cases[&m.case_id];
            members.push(MemberLine { member: m, name: viewer.name_of(case), counsellor: case.counsellor.clone() });
        }
        members.sort_by(|a, b| {
            (a.member.left_on.is_some(), a.name.to_lowercase())
                .cmp(&(b.member.left_on.is_some(), b.name.to_lowercase()))
        });
        let mut sessions = Vec::new();
        for s in sessions_of(&db, id)? {
            sessions.push(SessionLine { marks: marks_on(&db, s.id)?, session: s });
        }
        Ok(GroupDetail { group, members, sessions })
    }

    /// A group's memberships, for the member forms' checks.
    pub fn group_members(&self, group_id: i64) -> Result<Vec<Member>> {
        members_on(&self.db(), group_id)
    }

    pub fn create_group(&mut self, group: &Group) -> Result<i64> {
        self.write("create_group", "group", |tx| {
            let id = insert_group(tx, group)?;
            Ok((id, Some(id), enum_id(&group.kind)))
        })
    }

    /// Adds sessions on the given dates, at the group's time and place.
    pub fn plan_sessions(&mut self, group_id: i64, dates: &[NaiveDate]) -> Result<usize> {
        let detail = match (dates.first(), dates.last()) {
            (Some(a), Some(b)) => format!("{} mødegange {} til {}", dates.len(), a.format(DATE), b.format(DATE)),
            _ => String::new(),
        };
        self.write("plan_sessions", "group", |db| {
            let group = group_on(db, group_id)?;
            for d in dates {
                insert_session(db, &group, *d)?;
            }
            Ok((dates.len(), Some(group_id), detail))
        })
    }

    /// The dates a group already meets on (cancelled sessions included).
    pub fn session_dates(&self, group_id: i64) -> Result<Vec<NaiveDate>> {
        Ok(sessions_of(&self.db(), group_id)?.into_iter().map(|s| s.date).collect())
    }

    pub fn session(&self, id: i64) -> Result<GroupSession> {
        session_on(&self.db(), id)
    }

    pub fn cancel_session(&mut self, session_id: i64, cancelled: &Reasoned) -> Result<()> {
        self.write("cancel_session", "group_session", |tx| {
            cancel_session_in(tx, session_id, cancelled)?;
            Ok(((), Some(session_id), cancelled.reason.clone()))
        })
    }

    pub fn move_session(&mut self, session_id: i64, to: &SessionMove) -> Result<()> {
        self.write("move_session", "group_session", |tx| {
            let before = move_session_in(tx, session_id, to)?;
            let detail = format!("{} -> {}: {}", before.date.format(DATE), to.date.format(DATE), to.moved.reason);
            Ok(((), Some(session_id), detail))
        })
    }

    /// A case joins a group. The §101a rule is checked again on the case as
    /// it stands in the transaction.
    pub fn add_member(&mut self, group_id: i64, case_id: i64, joined_on: NaiveDate) -> Result<i64> {
        self.write("add_member", "group", |tx| {
            let id = add_member_in(tx, group_id, case_id, joined_on)?;
            Ok((id, Some(group_id), format!("sag {case_id}")))
        })
    }

    pub fn end_membership(&mut self, member_id: i64, left_on: NaiveDate) -> Result<()> {
        self.write("remove_member", "group", |tx| {
            let (group_id, case_id) = end_membership_in(tx, member_id, left_on)?;
            Ok(((), Some(group_id), format!("sag {case_id}")))
        })
    }

    /// A session's roll call as it stands.
    pub fn roll_call(&self, session_id: i64) -> Result<RollCallData> {
        let db = self.db();
        let session = session_on(&db, session_id)?;
        let group = group_on(&db, session.group_id)?;
        let lines = roll_members(&db, &group, &session, &self.viewer(false)?)?;
        Ok(RollCallData { group, session, lines })
    }

    /// Saves a roll call: every mark and every card handed out on it, in one
    /// transaction, after checking the whole of it again against what the
    /// file holds inside that transaction. Changed marks are corrections:
    /// the audit row says so, and a card they no longer earn is flagged by
    /// the course, never removed. A colleague's roll call (or cancelling,
    /// or moving) of the session after `opened`, the roll call's mark, and
    /// a card they took out of stock meanwhile are a [`Conflict`]: the
    /// roll call would write over what the screen did not show.
    pub fn save_roll_call(
        &mut self,
        session_id: i64,
        entries: &[RollEntry],
        today: NaiveDate,
        settings: &MoveCardSettings,
        opened: Opened,
    ) -> Result<RollCallSaved> {
        let actor = self.actor().to_string();
        let viewer = self.viewer(false)?;
        self.write("roll_call", "group_session", |db| {
            unchanged_since(db, Record::Session(session_id), opened)?;
            let session = session_on(db, session_id)?;
            let group = group_on(db, session.group_id)?;
            let lines = roll_members(db, &group, &session, &viewer)?;
            let mut expected: Vec<i64> = lines.iter().map(|(m, _)| m.case_id).collect();
            let mut given: Vec<i64> = entries.iter().map(|e| e.case_id).collect();
            expected.sort_unstable();
            given.sort_unstable();
            if expected != given {
                // A member added or removed by a colleague since it opened.
                unchanged_since(db, Record::Members(group.id), opened)?;
                return Err(StoreError::Group(GroupProblem::NotMember));
            }
            let mut ledger = load_ledger(db)?;
            let members: Vec<&RollMember> = entries
                .iter()
                .map(|e| lines.iter().map(|(m, _)| m).find(|m| m.case_id == e.case_id))
                .collect::<Option<_>>()
                .ok_or(StoreError::Group(GroupProblem::NotMember))?;
            let previews: Vec<_> =
                entries.iter().zip(&members).map(|(e, m)| preview(m, &session, e.mark, &ledger, settings)).collect();
            let hand_outs =
                check_roll_call(&session, today, entries, &previews, &ledger, settings).map_err(|problems| {
                    card_refusal(
                        db,
                        &ledger,
                        problems.into_iter().next().map_or(GroupProblem::Unmarked, |(_, p)| p),
                        opened,
                    )
                })?;

            let stamp = now_stamp();
            let mut changed = Vec::new();
            let mut attendance_of = BTreeMap::new();
            for (entry, member) in entries.iter().zip(&members) {
                let Some(mark) = entry.mark else { continue };
                let status = enum_id(&mark);
                match member.stored {
                    Some((id, was)) => {
                        if was != mark {
                            update_mark(db, id, &status, &actor, &stamp)?;
                            changed.push(format!("sag {}: {} -> {status}", entry.case_id, enum_id(&was)));
                        }
                        attendance_of.insert(entry.case_id, id);
                    }
                    None => {
                        let id = insert_mark(db, entry.case_id, session_id, &status, &actor, &stamp)?;
                        attendance_of.insert(entry.case_id, id);
                    }
                }
            }
            let mut serials = Vec::new();
            for (case_id, serial) in &hand_outs {
                let attendance_id = attendance_of[case_id];
                let course = courses_of(db, *case_id)?
                    .into_iter()
                    .find(|c| c.covers(session.date))
                    .ok_or(StoreError::Group(GroupProblem::NotEarned))?;
                let cards = course_cards(&course, &course_sessions(db, &course)?, &ledger, settings);
                let row = cards.row_of(attendance_id).ok_or(StoreError::Group(GroupProblem::NotEarned))?;
                let serial = check_row_hand_out(row, serial, &ledger, settings).map_err(|p| {
                    card_refusal(db, &ledger, p.into_iter().next().map_or(GroupProblem::NotEarned, |(_, p)| p), opened)
                })?;
                let op =
                    StockOp::HandOut { serial: serial.clone(), case_id: *case_id, attendance_id: Some(attendance_id) };
                apply_in(db, &mut ledger, &op, today, &actor)?;
                serials.push(serial);
            }
            let mut detail =
                format!("{} {}: {} markeringer", group.name, dates::format_date_dk(session.date), entries.len());
            if !changed.is_empty() {
                detail.push_str(&format!("; rettet: {}", changed.join(", ")));
            }
            if !serials.is_empty() {
                detail.push_str(&format!("; gavekort: {}", serials.join(", ")));
            }
            let saved = RollCallSaved { marked: entries.len(), changed: changed.len(), handed_out: serials };
            Ok((saved, Some(session_id), detail))
        })
    }
}

/// The stored id of a group kind (for queries that filter on it).
pub(crate) fn kind_id(kind: GroupKind) -> String {
    enum_id(&kind)
}

/// Ends a membership inside the caller's transaction: refused when the
/// member has left already. Returns the group and the case. Ending a
/// course in treatment ends the case's memberships the same way.
pub(crate) fn end_membership_in(db: &Db<'_>, member_id: i64, left_on: NaiveDate) -> Result<(i64, i64)> {
    let (group_id, case_id): (i64, i64) = db
        .query_opt(
            "SELECT group_id, case_id FROM group_members WHERE id = ?1 AND left_on IS NULL",
            &[&member_id],
            |r| r.columns(),
        )?
        .ok_or(StoreError::Group(GroupProblem::NotMember))?;
    db.execute("UPDATE group_members SET left_on = ?1 WHERE id = ?2", &[&date_text(Some(left_on)), &member_id])?;
    Ok((group_id, case_id))
}

#[cfg(test)]
mod on_engines {
    use chrono::Weekday;

    use super::*;
    use crate::store::engine::both::{Place, a_case, on_both_engines, plan, whole_table_reads};

    on_both_engines!(
        a_group_and_its_sessions_read_back_as_written,
        a_session_is_cancelled_or_moved_only_while_open,
        members_and_marks_read_back_as_written,
        the_group_list_counts_members_and_finds_the_sessions,
        every_list_reads_an_index
    );

    fn on(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).unwrap()
    }

    const AT: &str = "2026-03-20T10:00:00Z";

    fn group(name: &str, kind: GroupKind) -> Group {
        Group {
            id: 0,
            name: name.into(),
            kind,
            schedule: Schedule {
                weekday: Weekday::Tue,
                time: NaiveTime::from_hms_opt(14, 30, 0).unwrap(),
                place: "Mødelokale 'Øst'".into(),
                counsellors: vec!["anna".into(), "bo".into()],
            },
        }
    }

    /// A group written and read back.
    fn written(db: &Db<'_>, name: &str, kind: GroupKind) -> Group {
        let id = insert_group(db, &group(name, kind)).unwrap();
        group_on(db, id).unwrap()
    }

    fn session(db: &Db<'_>, group: &Group, date: NaiveDate) -> GroupSession {
        let id = insert_session(db, group, date).unwrap();
        session_on(db, id).unwrap()
    }

    fn a_group_and_its_sessions_read_back_as_written(place: &Place) {
        let db = place.open();
        let id = insert_group(&db, &group("Tirsdagsgruppen", GroupKind::Mindfulness)).unwrap();
        assert_eq!(group_on(&db, id).unwrap(), Group { id, ..group("Tirsdagsgruppen", GroupKind::Mindfulness) });
        assert!(matches!(group_on(&db, id + 1), Err(StoreError::NotFound { what: "gruppe", .. })));
        // A name is the centre's once, in any case.
        let taken = insert_group(&db, &group("TIRSDAGSGRUPPEN", GroupKind::Other));
        assert!(matches!(taken, Err(StoreError::Group(GroupProblem::NameTaken))), "{taken:?}");
        let alone = Group {
            schedule: Schedule { counsellors: vec![], ..group("", GroupKind::Move).schedule },
            ..group("Alene", GroupKind::Move)
        };
        let alone_id = insert_group(&db, &alone).unwrap();
        assert_eq!(group_on(&db, alone_id).unwrap().schedule.counsellors, Vec::<String>::new());

        let g = group_on(&db, id).unwrap();
        let later = session(&db, &g, on(3, 17));
        let first = session(&db, &g, on(3, 10));
        assert_eq!(
            first,
            GroupSession {
                id: first.id,
                group_id: id,
                date: on(3, 10),
                time: g.schedule.time,
                place: g.schedule.place.clone(),
                cancelled: None,
                moved: None,
            }
        );
        assert!(matches!(session_on(&db, later.id + 10), Err(StoreError::NotFound { what: "mødegang", .. })));
        // One session a group a day; a session belongs to a group on file.
        let twice = insert_session(&db, &g, on(3, 17));
        assert!(matches!(twice, Err(StoreError::Group(GroupProblem::SessionOnDate { date })) if date == on(3, 17)));
        let nowhere = Group { id: alone_id + 100, ..g.clone() };
        assert!(insert_session(&db, &nowhere, on(3, 24)).is_err(), "a session of no group");
        // By date, whatever order they were planned in.
        assert_eq!(sessions_of(&db, id).unwrap(), [first, later]);
        assert_eq!(sessions_of(&db, alone_id).unwrap(), []);
    }

    fn a_session_is_cancelled_or_moved_only_while_open(place: &Place) {
        let db = place.open();
        let g = written(&db, "Aftengruppen", GroupKind::Aftercare);
        let [a, b, c] = [on(4, 7), on(4, 14), on(4, 21)].map(|d| session(&db, &g, d));
        let cancelled = Reasoned { on: on(4, 1), reason: "sygdom 'influenza'".into() };
        cancel_session_in(&db, a.id, &cancelled).unwrap();
        assert_eq!(session_on(&db, a.id).unwrap().cancelled, Some(cancelled.clone()));
        assert!(matches!(
            cancel_session_in(&db, a.id, &cancelled),
            Err(StoreError::Group(GroupProblem::SessionCancelled))
        ));
        let to = SessionMove {
            date: on(4, 16),
            time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            moved: Moved { from: b.date, reason: "helligdag".into() },
        };
        assert_eq!(move_session_in(&db, b.id, &to).unwrap(), b);
        let moved = session_on(&db, b.id).unwrap();
        assert_eq!((moved.date, moved.time, moved.moved.clone()), (to.date, to.time, Some(to.moved.clone())));
        // Onto a day the group meets already: refused, nothing changed.
        let onto = SessionMove { date: c.date, ..to.clone() };
        let refused = move_session_in(&db, b.id, &onto);
        assert!(matches!(refused, Err(StoreError::Group(GroupProblem::SessionOnDate { date })) if date == c.date));
        assert_eq!(session_on(&db, b.id).unwrap(), moved);
        // A held session stays where it was.
        let case = a_case(&db, "anna");
        insert_mark(&db, case, c.id, "attended", "anna", AT).unwrap();
        assert!(matches!(move_session_in(&db, c.id, &to), Err(StoreError::Group(GroupProblem::SessionHeld))));
        assert!(matches!(cancel_session_in(&db, c.id, &cancelled), Err(StoreError::Group(GroupProblem::SessionHeld))));
    }

    fn members_and_marks_read_back_as_written(place: &Place) {
        let db = place.open();
        let g = written(&db, "Tilbagefald", GroupKind::RelapsePrevention);
        let (ida, bo) = (a_case(&db, "anna"), a_case(&db, "bo"));
        let first = add_member_in(&db, g.id, ida, on(3, 2)).unwrap();
        let second = add_member_in(&db, g.id, bo, on(3, 9)).unwrap();
        assert!(matches!(add_member_in(&db, g.id, ida, on(3, 3)), Err(StoreError::Group(GroupProblem::AlreadyMember))));
        assert!(matches!(
            add_member_in(&db, g.id, bo + 50, on(3, 3)),
            Err(StoreError::Group(GroupProblem::NoSuchCase))
        ));
        let anonymous = written(&db, "Anonym", GroupKind::Anonymous);
        assert!(matches!(
            add_member_in(&db, anonymous.id, ida, on(3, 3)),
            Err(StoreError::Group(GroupProblem::AnonymousGroupNeedsAnonymousCase))
        ));
        assert_eq!(end_membership_in(&db, first, on(3, 20)).unwrap(), (g.id, ida));
        assert!(matches!(end_membership_in(&db, first, on(3, 21)), Err(StoreError::Group(GroupProblem::NotMember))));
        // Rejoined after leaving: a membership of its own.
        let again = add_member_in(&db, g.id, ida, on(4, 1)).unwrap();
        let member = |id, case_id, joined_on, left_on| Member { id, group_id: g.id, case_id, joined_on, left_on };
        assert_eq!(
            members_on(&db, g.id).unwrap(),
            [
                member(first, ida, on(3, 2), Some(on(3, 20))),
                member(second, bo, on(3, 9), None),
                member(again, ida, on(4, 1), None)
            ]
        );
        // The schema's references: a membership of a group and a case on file.
        let stray = "INSERT INTO group_members (group_id, case_id, joined_on) VALUES (?1, ?2, '2026-03-01')";
        assert!(db.execute(stray, &[&(g.id + 100), &ida]).is_err());
        assert!(db.execute(stray, &[&g.id, &(bo + 100)]).is_err());

        let s = session(&db, &g, on(3, 10));
        let marked = insert_mark(&db, ida, s.id, "attended", "anna", AT).unwrap();
        insert_mark(&db, bo, s.id, "no_show", "anna", AT).unwrap();
        assert_eq!(marks_on(&db, s.id).unwrap(), MarkCounts { attended: 1, cancelled: 0, no_show: 1 });
        assert!(insert_mark(&db, ida, s.id, "cancelled", "bo", AT).is_err(), "one mark a member a session");
        update_mark(&db, marked, "cancelled", "bo", "2026-03-21T08:00:00Z").unwrap();
        let row: (i64, i64, Option<i64>, Option<String>, String, String, String) = db
            .query_row(
                "SELECT case_id, session_id, course_id, on_date, status, actor, recorded_at FROM attendances WHERE id = ?1",
                &[&marked],
                |r| r.columns(),
            )
            .unwrap();
        assert_eq!(row, (ida, s.id, None, None, "cancelled".into(), "bo".into(), "2026-03-21T08:00:00Z".into()));
        assert_eq!(marks_on(&db, s.id).unwrap(), MarkCounts { attended: 0, cancelled: 1, no_show: 1 });
        // A mark is at a session or on a course, never both or neither.
        let loose = "INSERT INTO attendances (case_id, status, actor, recorded_at) VALUES (?1, 'attended', 'anna', ?2)";
        assert!(db.execute(loose, &[&ida, &AT]).is_err());
        let undated = "INSERT INTO attendances (case_id, session_id, on_date, status, actor, recorded_at)
                       VALUES (?1, ?2, '2026-03-10', 'attended', 'anna', ?3)";
        assert!(db.execute(undated, &[&ida, &s.id, &AT]).is_err());
    }

    fn the_group_list_counts_members_and_finds_the_sessions(place: &Place) {
        let db = place.open();
        // By name, whatever the case of its first letter.
        let later = written(&db, "morgengruppen", GroupKind::Other);
        let first = written(&db, "Aftengruppen", GroupKind::Aftercare);
        let empty = written(&db, "Ny gruppe", GroupKind::Other);
        let (ida, bo, cai) = (a_case(&db, "anna"), a_case(&db, "bo"), a_case(&db, "cai"));
        let gone = add_member_in(&db, first.id, ida, on(2, 1)).unwrap();
        end_membership_in(&db, gone, on(3, 17)).unwrap();
        add_member_in(&db, first.id, bo, on(3, 1)).unwrap();
        add_member_in(&db, first.id, cai, on(3, 18)).unwrap();
        let today = session(&db, &first, on(3, 17));
        insert_mark(&db, bo, today.id, "attended", "anna", AT).unwrap();
        insert_mark(&db, ida, today.id, "cancelled", "anna", AT).unwrap();
        let next = session(&db, &first, on(3, 24));
        session(&db, &first, on(3, 31));
        let past = session(&db, &later, on(3, 3));
        let cancelled = session(&db, &later, on(3, 19));
        cancel_session_in(&db, cancelled.id, &Reasoned { on: on(3, 1), reason: "ferie".into() }).unwrap();
        let after = session(&db, &later, on(4, 2));
        assert!(past.id < after.id);
        // Its session of the day cancelled, the next one moved onto another day.
        let moving = written(&db, "Onsdagsholdet", GroupKind::Other);
        let off = session(&db, &moving, on(3, 17));
        cancel_session_in(&db, off.id, &Reasoned { on: on(3, 10), reason: "kursus".into() }).unwrap();
        let moved = session(&db, &moving, on(3, 24));
        let to = SessionMove {
            date: on(3, 20),
            time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            moved: Moved { from: moved.date, reason: "helligdag".into() },
        };
        move_session_in(&db, moved.id, &to).unwrap();
        session(&db, &moving, on(3, 31));

        let lines = group_list_on(&db, on(3, 17)).unwrap();
        let names: Vec<&str> = lines.iter().map(|l| l.group.name.as_str()).collect();
        assert_eq!(names, ["Aftengruppen", "morgengruppen", "Ny gruppe", "Onsdagsholdet"]);
        // Ida leaves on the day and is counted; Cai joins the day after.
        assert_eq!(lines[0].members, 2);
        let marks = MarkCounts { attended: 1, cancelled: 1, no_show: 0 };
        assert_eq!(lines[0].today, Some(SessionLine { session: today, marks }));
        assert_eq!(lines[0].next, Some(next.clone()));
        // No session today; the cancelled one is passed over.
        assert_eq!((lines[1].members, lines[1].today.clone(), lines[1].next.clone()), (0, None, Some(after)));
        assert_eq!(lines[2], GroupLine { group: empty, members: 0, today: None, next: None });
        assert_eq!((lines[3].today.clone(), lines[3].next.clone()), (None, Some(session_on(&db, moved.id).unwrap())));
        // On the day of a session: it is the day's, and the next is after it.
        let on_the_day = group_list_on(&db, on(3, 24)).unwrap();
        assert_eq!(
            on_the_day[0].today.as_ref().map(|t| (t.session.id, t.marks)),
            Some((next.id, MarkCounts::default()))
        );
        assert_eq!(on_the_day[0].next.as_ref().map(|s| s.date), Some(on(3, 31)));
        assert_eq!(group_list_on(&db, on(3, 18)).unwrap()[0].members, 2, "Bo and Cai");
    }

    fn every_list_reads_an_index(place: &Place) {
        let db = place.open();
        let day = "2026-03-17";
        let queries: Vec<(String, Vec<&dyn crate::store::engine::ToValue>)> = vec![
            (MARKS.to_string(), vec![&1i64]),
            (MEMBERS.to_string(), vec![&1i64]),
            (LIST.to_string(), vec![&day, &"attended", &"cancelled", &"no_show"]),
            (format!("SELECT {SESSION_COLUMNS} FROM group_sessions WHERE id IN (?1, ?2)"), vec![&1i64, &2i64]),
            (format!("SELECT {SESSION_COLUMNS} FROM group_sessions WHERE group_id = ?1 ORDER BY on_date"), vec![&1i64]),
            (format!("SELECT {SESSION_COLUMNS} FROM group_sessions WHERE id = ?1"), vec![&1i64]),
            (format!("SELECT {GROUP_COLUMNS} FROM treatment_groups WHERE id = ?1"), vec![&1i64]),
            ("SELECT id, case_id, status FROM attendances WHERE session_id = ?1".to_string(), vec![&1i64]),
            ("SELECT group_id, case_id FROM group_members WHERE id = ?1 AND left_on IS NULL".to_string(), vec![&1i64]),
        ];
        // The indexes that serve by the group (or session) first: either
        // of a group's two may serve its members, as the planner likes.
        let named: [(&str, &[&str]); 3] = [
            (MARKS, &["attendances_session"]),
            (MEMBERS, &["group_members_group", "group_members_on"]),
            (LIST, &["group_members_on"]),
        ];
        for (sql, params) in &queries {
            let steps = plan(&db, sql, params);
            // SQLite's one row of a select without a table is no table read.
            let tables: Vec<_> = whole_table_reads(&steps).into_iter().filter(|s| *s != "SCAN CONSTANT ROW").collect();
            assert!(tables.is_empty(), "{sql}\nreads a whole table: {steps:?}");
            if let Some((_, indexes)) = named.iter().find(|(named, _)| named == sql) {
                assert!(steps.iter().any(|s| indexes.iter().any(|i| s.contains(i))), "{indexes:?}: {steps:?}");
            }
        }
    }
}
