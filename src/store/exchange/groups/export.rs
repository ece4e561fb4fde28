//! The Grupper pane's records read from the database for an export.

use super::{AttendanceRecord, CourseRecord, GroupRecord, GroupSessionRecord, LedgerRecord, MemberRecord, MovedRecord};
use crate::domain::intake::Reasoned;
use crate::store::cases::parse_enum;
use crate::store::exchange::{date_of, opt_date};
use crate::store::{Result, Store};

/// The Grupper pane's records as the export writes them.
pub(in crate::store::exchange) struct GroupsExport {
    pub groups: Vec<GroupRecord>,
    pub group_members: Vec<MemberRecord>,
    pub group_sessions: Vec<GroupSessionRecord>,
    pub move_courses: Vec<CourseRecord>,
    pub attendances: Vec<AttendanceRecord>,
    pub gift_card_ledger: Vec<LedgerRecord>,
}

impl Store {
    pub(in crate::store::exchange) fn export_groups(&self) -> Result<GroupsExport> {
        let conn = self.conn();
        let groups = {
            let mut stmt = conn.prepare(
                "SELECT id, name, kind, weekday, time, place, counsellors FROM treatment_groups ORDER BY id",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get::<_, String>(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get::<_, String>(6)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<(i64, String, String, String, String, String, String)>>>()?;
            rows.into_iter()
                .map(|(id, name, kind, weekday, time, place, counsellors)| {
                    Ok(GroupRecord {
                        id,
                        name,
                        kind: parse_enum(&kind)?,
                        weekday,
                        time,
                        place,
                        counsellors: counsellors.split(',').filter(|c| !c.is_empty()).map(str::to_string).collect(),
                    })
                })
                .collect::<Result<Vec<_>>>()?
        };
        let group_members = {
            let mut stmt =
                conn.prepare("SELECT id, group_id, case_id, joined_on, left_on FROM group_members ORDER BY id")?;
            let rows = stmt
                .query_map([], |r| r.try_into())?
                .collect::<rusqlite::Result<Vec<(i64, i64, i64, String, Option<String>)>>>()?;
            rows.into_iter()
                .map(|(id, group_id, case_id, joined, left)| {
                    Ok(MemberRecord { id, group_id, case_id, joined_on: date_of(joined)?, left_on: opt_date(left)? })
                })
                .collect::<Result<Vec<_>>>()?
        };
        let group_sessions = {
            let mut stmt = conn.prepare(
                "SELECT id, group_id, on_date, time, place, cancelled_on, cancelled_reason, moved_from, moved_reason
                 FROM group_sessions ORDER BY id",
            )?;
            type Raw =
                (i64, i64, String, String, String, Option<String>, Option<String>, Option<String>, Option<String>);
            let rows = stmt.query_map([], |r| r.try_into())?.collect::<rusqlite::Result<Vec<Raw>>>()?;
            rows.into_iter()
                .map(|(id, group_id, on, time, place, c_on, c_reason, m_from, m_reason)| {
                    Ok(GroupSessionRecord {
                        id,
                        group_id,
                        on: date_of(on)?,
                        time,
                        place,
                        cancelled: opt_date(c_on)?.map(|on| Reasoned { on, reason: c_reason.unwrap_or_default() }),
                        moved: opt_date(m_from)?.map(|from| MovedRecord { from, reason: m_reason.unwrap_or_default() }),
                    })
                })
                .collect::<Result<Vec<_>>>()?
        };
        let move_courses = {
            let mut stmt = conn.prepare(
                "SELECT id, case_id, screening_on, follow_up_from, ended_on, ended_reason FROM move_courses ORDER BY id",
            )?;
            let rows = stmt
                .query_map([], |r| r.try_into())?
                .collect::<rusqlite::Result<Vec<(i64, i64, String, Option<String>, Option<String>, Option<String>)>>>(
                )?;
            rows.into_iter()
                .map(|(id, case_id, screening, follow_up, ended_on, ended_reason)| {
                    Ok(CourseRecord {
                        id,
                        case_id,
                        screening_on: date_of(screening)?,
                        follow_up_from: opt_date(follow_up)?,
                        ended: opt_date(ended_on)?.map(|on| Reasoned { on, reason: ended_reason.unwrap_or_default() }),
                    })
                })
                .collect::<Result<Vec<_>>>()?
        };
        let attendances = {
            let mut stmt = conn.prepare(
                "SELECT id, case_id, session_id, course_id, on_date, status, actor, recorded_at FROM attendances ORDER BY id",
            )?;
            type Raw = (i64, i64, Option<i64>, Option<i64>, Option<String>, String, String, String);
            let rows = stmt.query_map([], |r| r.try_into())?.collect::<rusqlite::Result<Vec<Raw>>>()?;
            rows.into_iter()
                .map(|(id, case_id, session_id, course_id, on, status, actor, recorded_at)| {
                    Ok(AttendanceRecord {
                        id,
                        case_id,
                        session_id,
                        course_id,
                        on: opt_date(on)?,
                        status: parse_enum(&status)?,
                        actor,
                        recorded_at,
                    })
                })
                .collect::<Result<Vec<_>>>()?
        };
        let gift_card_ledger = {
            let mut stmt = conn.prepare(
                "SELECT id, serial, value, on_date, actor, kind, case_id, attendance_id, reason, corrects_entry, recorded_at
                 FROM gift_card_ledger ORDER BY id",
            )?;
            type Raw = (
                i64,
                String,
                i64,
                String,
                String,
                String,
                Option<i64>,
                Option<i64>,
                Option<String>,
                Option<i64>,
                String,
            );
            let rows = stmt.query_map([], |r| r.try_into())?.collect::<rusqlite::Result<Vec<Raw>>>()?;
            rows.into_iter()
                .map(
                    |(
                        id,
                        serial,
                        value,
                        on,
                        actor,
                        kind,
                        case_id,
                        attendance_id,
                        reason,
                        corrects_entry,
                        recorded_at,
                    )| {
                        Ok(LedgerRecord {
                            id,
                            serial,
                            value,
                            on: date_of(on)?,
                            actor,
                            kind: parse_enum(&kind)?,
                            case_id,
                            attendance_id,
                            reason,
                            corrects_entry,
                            recorded_at,
                        })
                    },
                )
                .collect::<Result<Vec<_>>>()?
        };
        Ok(GroupsExport { groups, group_members, group_sessions, move_courses, attendances, gift_card_ledger })
    }
}
