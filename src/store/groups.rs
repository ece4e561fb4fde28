//! Groups on file: the groups, their sessions and members, and the roll
//! call that records a session's attendance (with its gift cards) in one
//! transaction.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::cases::{DATE, case_on, date_text, enum_id, parse_date, parse_enum};
use super::conflict::{Opened, Record, card_refusal, unchanged_since};
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
/// A group's members on a day (`?2`): those who have not left and those
/// who leave on or after it, each a range of the covering index
/// `group_members_on`, not every membership the group ever had.
pub(crate) const MEMBER_COUNT: &str = "SELECT
    (SELECT count(*) FROM group_members WHERE group_id = ?1 AND left_on IS NULL AND joined_on <= ?2)
    + (SELECT count(*) FROM group_members WHERE group_id = ?1 AND left_on >= ?2 AND joined_on <= ?2)";
/// A group's next sessions from a day on (the UNIQUE (group_id, on_date) index).
pub(crate) const UPCOMING: &str =
    "WHERE group_id = ?1 AND on_date >= ?2 AND cancelled_on IS NULL ORDER BY on_date LIMIT 2";

pub(crate) fn parse_time(text: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(text, TIME).map_err(|_| StoreError::Corrupt(format!("klokkeslæt '{text}'")))
}

fn day(text: String) -> Result<NaiveDate> {
    parse_date(Some(text))?.ok_or_else(|| StoreError::Corrupt("dato".into()))
}

fn read_group(r: &Row<'_>) -> rusqlite::Result<(i64, String, String, String, String, String, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
}

fn to_group(raw: (i64, String, String, String, String, String, String)) -> Result<Group> {
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

fn read_session(r: &Row<'_>) -> rusqlite::Result<RawSession> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?))
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

pub(crate) fn group_on(conn: &Connection, id: i64) -> Result<Group> {
    let raw = conn
        .query_row(&format!("SELECT {GROUP_COLUMNS} FROM treatment_groups WHERE id = ?1"), [id], read_group)
        .optional()?
        .ok_or(StoreError::NotFound { what: "gruppe", id })?;
    to_group(raw)
}

pub(crate) fn session_on(conn: &Connection, id: i64) -> Result<GroupSession> {
    let raw = conn
        .query_row(&format!("SELECT {SESSION_COLUMNS} FROM group_sessions WHERE id = ?1"), [id], read_session)
        .optional()?
        .ok_or(StoreError::NotFound { what: "mødegang", id })?;
    to_session(raw)
}

fn marks_on(conn: &Connection, session_id: i64) -> Result<MarkCounts> {
    let mut stmt = conn.prepare_cached(MARKS)?;
    let mut counts = MarkCounts::default();
    let rows = stmt.query_map([session_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?;
    for row in rows {
        let (status, n) = row?;
        match parse_enum::<Attendance>(&status)? {
            Attendance::Attended => counts.attended = n,
            Attendance::Cancelled => counts.cancelled = n,
            Attendance::NoShow => counts.no_show = n,
        }
    }
    Ok(counts)
}

fn members_on(conn: &Connection, group_id: i64) -> Result<Vec<Member>> {
    let mut stmt = conn.prepare_cached(MEMBERS)?;
    let rows = stmt
        .query_map([group_id], |r| r.try_into())?
        .collect::<rusqlite::Result<Vec<(i64, i64, i64, String, Option<String>)>>>()?;
    rows.into_iter()
        .map(|(id, group_id, case_id, joined, left)| {
            Ok(Member { id, group_id, case_id, joined_on: day(joined)?, left_on: parse_date(left)? })
        })
        .collect()
}

fn sessions_of(conn: &Connection, group_id: i64) -> Result<Vec<GroupSession>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SESSION_COLUMNS} FROM group_sessions WHERE group_id = ?1 ORDER BY on_date"
    ))?;
    let rows = stmt.query_map([group_id], read_session)?.collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(to_session).collect()
}

/// Who is on a session's roll call, with what is stored and the MOVE
/// course behind each line. Read on any connection, so the save checks
/// exactly what it writes against.
fn roll_members(
    conn: &Connection,
    group: &Group,
    session: &GroupSession,
    viewer: &Viewer,
) -> Result<Vec<(RollMember, String)>> {
    let mut stored: BTreeMap<i64, (i64, Attendance)> = BTreeMap::new();
    {
        let mut stmt = conn.prepare_cached("SELECT id, case_id, status FROM attendances WHERE session_id = ?1")?;
        let rows = stmt
            .query_map([session.id], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?)))?
            .collect::<rusqlite::Result<Vec<(i64, i64, String)>>>()?;
        for (id, case_id, status) in rows {
            stored.insert(case_id, (id, parse_enum(&status)?));
        }
    }
    let mut cases: Vec<i64> =
        members_on(conn, group.id)?.iter().filter(|m| m.active_on(session.date)).map(|m| m.case_id).collect();
    // A stored mark keeps its line even if the membership changed since.
    cases.extend(stored.keys().copied());
    cases.sort_unstable();
    cases.dedup();
    let mut lines = Vec::new();
    for case_id in cases {
        let case = case_on(&super::engine::Db::borrowing(conn), case_id)?
            .ok_or(StoreError::NotFound { what: "sag", id: case_id })?;
        let course = if group.kind.counts_for_move() {
            match courses_of(conn, case_id)?.into_iter().find(|c| c.covers(session.date)) {
                Some(course) => {
                    let others = course_sessions(conn, &course)?
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
        let conn = self.conn();
        let groups = {
            let mut stmt =
                conn.prepare_cached(&format!("SELECT {GROUP_COLUMNS} FROM treatment_groups ORDER BY name"))?;
            stmt.query_map([], read_group)?.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let on = today.format(DATE).to_string();
        let mut lines = Vec::new();
        for raw in groups {
            let group = to_group(raw)?;
            let members: i64 = conn.prepare_cached(MEMBER_COUNT)?.query_row(params![group.id, on], |r| r.get(0))?;
            let mut upcoming = {
                let mut stmt =
                    conn.prepare_cached(&format!("SELECT {SESSION_COLUMNS} FROM group_sessions {UPCOMING}"))?;
                let rows =
                    stmt.query_map(params![group.id, on], read_session)?.collect::<rusqlite::Result<Vec<_>>>()?;
                rows.into_iter().map(to_session).collect::<Result<Vec<_>>>()?
            }
            .into_iter();
            let mut first = upcoming.next();
            let today_line = match first.take_if(|s| s.date == today) {
                Some(session) => Some(SessionLine { marks: marks_on(conn, session.id)?, session }),
                None => None,
            };
            let next = first.or_else(|| upcoming.next());
            lines.push(GroupLine { group, members: members as usize, today: today_line, next });
        }
        Ok(lines)
    }

    /// One group: members (with the names a list may show) and sessions.
    pub fn group_detail(&self, id: i64) -> Result<GroupDetail> {
        let conn = self.conn();
        let group = group_on(conn, id)?;
        let viewer = self.viewer(false)?;
        let mut members = Vec::new();
        let listed = members_on(conn, id)?;
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
        for s in sessions_of(conn, id)? {
            sessions.push(SessionLine { marks: marks_on(conn, s.id)?, session: s });
        }
        Ok(GroupDetail { group, members, sessions })
    }

    /// A group's memberships, for the member forms' checks.
    pub fn group_members(&self, group_id: i64) -> Result<Vec<Member>> {
        members_on(self.conn(), group_id)
    }

    pub fn create_group(&mut self, group: &Group) -> Result<i64> {
        self.write("create_group", "group", |tx| {
            tx.execute(
                "INSERT INTO treatment_groups (name, kind, weekday, time, place, counsellors)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    group.name,
                    enum_id(&group.kind),
                    weekday_id(group.schedule.weekday),
                    group.schedule.time.format(TIME).to_string(),
                    group.schedule.place,
                    group.schedule.counsellors.join(","),
                ],
            )
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                    StoreError::Group(GroupProblem::NameTaken)
                }
                e => e.into(),
            })?;
            let id = tx.last_insert_rowid();
            Ok((id, Some(id), enum_id(&group.kind)))
        })
    }

    /// Adds sessions on the given dates, at the group's time and place.
    pub fn plan_sessions(&mut self, group_id: i64, dates: &[NaiveDate]) -> Result<usize> {
        let detail = match (dates.first(), dates.last()) {
            (Some(a), Some(b)) => format!("{} mødegange {} til {}", dates.len(), a.format(DATE), b.format(DATE)),
            _ => String::new(),
        };
        self.write("plan_sessions", "group", |tx| {
            let group = group_on(tx, group_id)?;
            for d in dates {
                tx.execute(
                    "INSERT INTO group_sessions (group_id, on_date, time, place) VALUES (?1, ?2, ?3, ?4)",
                    params![
                        group_id,
                        d.format(DATE).to_string(),
                        group.schedule.time.format(TIME).to_string(),
                        group.schedule.place
                    ],
                )
                .map_err(|e| match e {
                    rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                        StoreError::Group(GroupProblem::SessionOnDate { date: *d })
                    }
                    e => e.into(),
                })?;
            }
            Ok((dates.len(), Some(group_id), detail))
        })
    }

    /// The dates a group already meets on (cancelled sessions included).
    pub fn session_dates(&self, group_id: i64) -> Result<Vec<NaiveDate>> {
        Ok(sessions_of(self.conn(), group_id)?.into_iter().map(|s| s.date).collect())
    }

    pub fn session(&self, id: i64) -> Result<GroupSession> {
        session_on(self.conn(), id)
    }

    fn check_open_session(tx: &Transaction<'_>, session_id: i64) -> Result<GroupSession> {
        let session = session_on(tx, session_id)?;
        if session.is_cancelled() {
            return Err(StoreError::Group(GroupProblem::SessionCancelled));
        }
        if marks_on(tx, session_id)?.is_held() {
            return Err(StoreError::Group(GroupProblem::SessionHeld));
        }
        Ok(session)
    }

    pub fn cancel_session(&mut self, session_id: i64, cancelled: &Reasoned) -> Result<()> {
        self.write("cancel_session", "group_session", |tx| {
            Self::check_open_session(tx, session_id)?;
            tx.execute(
                "UPDATE group_sessions SET cancelled_on = ?1, cancelled_reason = ?2 WHERE id = ?3",
                params![cancelled.on.format(DATE).to_string(), cancelled.reason, session_id],
            )?;
            Ok(((), Some(session_id), cancelled.reason.clone()))
        })
    }

    pub fn move_session(&mut self, session_id: i64, to: &SessionMove) -> Result<()> {
        self.write("move_session", "group_session", |tx| {
            let before = Self::check_open_session(tx, session_id)?;
            tx.execute(
                "UPDATE group_sessions SET on_date = ?1, time = ?2, moved_from = ?3, moved_reason = ?4 WHERE id = ?5",
                params![
                    to.date.format(DATE).to_string(),
                    to.time.format(TIME).to_string(),
                    to.moved.from.format(DATE).to_string(),
                    to.moved.reason,
                    session_id
                ],
            )
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                    StoreError::Group(GroupProblem::SessionOnDate { date: to.date })
                }
                e => e.into(),
            })?;
            let detail = format!("{} -> {}: {}", before.date.format(DATE), to.date.format(DATE), to.moved.reason);
            Ok(((), Some(session_id), detail))
        })
    }

    /// A case joins a group. The §101a rule is checked again on the case as
    /// it stands in the transaction.
    pub fn add_member(&mut self, group_id: i64, case_id: i64, joined_on: NaiveDate) -> Result<i64> {
        self.write("add_member", "group", |tx| {
            let group = group_on(tx, group_id)?;
            let case = case_on(&super::engine::Db::borrowing(tx), case_id)?
                .ok_or(StoreError::Group(GroupProblem::NoSuchCase))?;
            if let Some(problem) = membership_problem(group.kind, &case) {
                return Err(StoreError::Group(problem));
            }
            if members_on(tx, group_id)?.iter().any(|m| m.case_id == case_id && m.left_on.is_none()) {
                return Err(StoreError::Group(GroupProblem::AlreadyMember));
            }
            tx.execute(
                "INSERT INTO group_members (group_id, case_id, joined_on) VALUES (?1, ?2, ?3)",
                params![group_id, case_id, joined_on.format(DATE).to_string()],
            )?;
            Ok((tx.last_insert_rowid(), Some(group_id), format!("sag {case_id}")))
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
        let conn = self.conn();
        let session = session_on(conn, session_id)?;
        let group = group_on(conn, session.group_id)?;
        let lines = roll_members(conn, &group, &session, &self.viewer(false)?)?;
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
        self.write("roll_call", "group_session", |tx| {
            unchanged_since(tx, Record::Session(session_id), opened)?;
            let session = session_on(tx, session_id)?;
            let group = group_on(tx, session.group_id)?;
            let lines = roll_members(tx, &group, &session, &viewer)?;
            let mut expected: Vec<i64> = lines.iter().map(|(m, _)| m.case_id).collect();
            let mut given: Vec<i64> = entries.iter().map(|e| e.case_id).collect();
            expected.sort_unstable();
            given.sort_unstable();
            if expected != given {
                // A member added or removed by a colleague since it opened.
                unchanged_since(tx, Record::Members(group.id), opened)?;
                return Err(StoreError::Group(GroupProblem::NotMember));
            }
            let mut ledger = load_ledger(&super::engine::Db::borrowing(tx))?;
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
                        tx,
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
                            tx.execute(
                                "UPDATE attendances SET status = ?1, actor = ?2, recorded_at = ?3 WHERE id = ?4",
                                params![status, actor, stamp, id],
                            )?;
                            changed.push(format!("sag {}: {} -> {status}", entry.case_id, enum_id(&was)));
                        }
                        attendance_of.insert(entry.case_id, id);
                    }
                    None => {
                        tx.execute(
                            "INSERT INTO attendances (case_id, session_id, status, actor, recorded_at)
                             VALUES (?1, ?2, ?3, ?4, ?5)",
                            params![entry.case_id, session_id, status, actor, stamp],
                        )?;
                        attendance_of.insert(entry.case_id, tx.last_insert_rowid());
                    }
                }
            }
            let mut serials = Vec::new();
            for (case_id, serial) in &hand_outs {
                let attendance_id = attendance_of[case_id];
                let course = courses_of(tx, *case_id)?
                    .into_iter()
                    .find(|c| c.covers(session.date))
                    .ok_or(StoreError::Group(GroupProblem::NotEarned))?;
                let cards = course_cards(&course, &course_sessions(tx, &course)?, &ledger, settings);
                let row = cards.row_of(attendance_id).ok_or(StoreError::Group(GroupProblem::NotEarned))?;
                let serial = check_row_hand_out(row, serial, &ledger, settings).map_err(|p| {
                    card_refusal(tx, &ledger, p.into_iter().next().map_or(GroupProblem::NotEarned, |(_, p)| p), opened)
                })?;
                let op =
                    StockOp::HandOut { serial: serial.clone(), case_id: *case_id, attendance_id: Some(attendance_id) };
                apply_in(&super::engine::Db::borrowing(tx), &mut ledger, &op, today, &actor)?;
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
pub(crate) fn end_membership_in(tx: &Transaction<'_>, member_id: i64, left_on: NaiveDate) -> Result<(i64, i64)> {
    let (group_id, case_id): (i64, i64) = tx
        .query_row("SELECT group_id, case_id FROM group_members WHERE id = ?1 AND left_on IS NULL", [member_id], |r| {
            r.try_into()
        })
        .optional()?
        .ok_or(StoreError::Group(GroupProblem::NotMember))?;
    tx.execute("UPDATE group_members SET left_on = ?1 WHERE id = ?2", params![date_text(Some(left_on)), member_id])?;
    Ok((group_id, case_id))
}
