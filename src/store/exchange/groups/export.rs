//! The Grupper pane's records read from the database for an export, each
//! list a row at a time in id order (see `exchange::lists`).

use super::{AttendanceRecord, CourseRecord, GroupRecord, GroupSessionRecord, LedgerRecord, MemberRecord, MovedRecord};
use crate::domain::intake::Reasoned;
use crate::store::Result;
use crate::store::cases::parse_enum;
use crate::store::engine::Db;
use crate::store::exchange::lists::each_row;
use crate::store::exchange::{date_of, opt_date};

type Out<'a, T> = &'a mut dyn FnMut(T) -> Result<()>;

pub(in crate::store::exchange) fn groups(db: &Db<'_>, f: Out<GroupRecord>) -> Result<()> {
    let sql = "SELECT id, name, kind, weekday, time, place, counsellors FROM treatment_groups ORDER BY id";
    each_row(db, sql, f, |(id, name, kind, weekday, time, place, counsellors): (_, _, String, _, _, _, String)| {
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
}

pub(in crate::store::exchange) fn group_members(db: &Db<'_>, f: Out<MemberRecord>) -> Result<()> {
    let sql = "SELECT id, group_id, case_id, joined_on, left_on FROM group_members ORDER BY id";
    each_row(db, sql, f, |(id, group_id, case_id, joined, left)| {
        Ok(MemberRecord { id, group_id, case_id, joined_on: date_of(joined)?, left_on: opt_date(left)? })
    })
}

pub(in crate::store::exchange) fn group_sessions(db: &Db<'_>, f: Out<GroupSessionRecord>) -> Result<()> {
    let sql = "SELECT id, group_id, on_date, time, place, cancelled_on, cancelled_reason, moved_from, moved_reason
               FROM group_sessions ORDER BY id";
    each_row(
        db,
        sql,
        f,
        |(id, group_id, on, time, place, c_on, c_reason, m_from, m_reason): (
            _,
            _,
            _,
            _,
            _,
            _,
            Option<String>,
            _,
            Option<String>,
        )| {
            Ok(GroupSessionRecord {
                id,
                group_id,
                on: date_of(on)?,
                time,
                place,
                cancelled: opt_date(c_on)?.map(|on| Reasoned { on, reason: c_reason.unwrap_or_default() }),
                moved: opt_date(m_from)?.map(|from| MovedRecord { from, reason: m_reason.unwrap_or_default() }),
            })
        },
    )
}

pub(in crate::store::exchange) fn move_courses(db: &Db<'_>, f: Out<CourseRecord>) -> Result<()> {
    let sql = "SELECT id, case_id, screening_on, follow_up_from, ended_on, ended_reason FROM move_courses ORDER BY id";
    each_row(
        db,
        sql,
        f,
        |(id, case_id, screening, follow_up, ended_on, ended_reason): (_, _, _, _, _, Option<String>)| {
            Ok(CourseRecord {
                id,
                case_id,
                screening_on: date_of(screening)?,
                follow_up_from: opt_date(follow_up)?,
                ended: opt_date(ended_on)?.map(|on| Reasoned { on, reason: ended_reason.unwrap_or_default() }),
            })
        },
    )
}

pub(in crate::store::exchange) fn attendances(db: &Db<'_>, f: Out<AttendanceRecord>) -> Result<()> {
    let sql =
        "SELECT id, case_id, session_id, course_id, on_date, status, actor, recorded_at FROM attendances ORDER BY id";
    each_row(
        db,
        sql,
        f,
        |(id, case_id, session_id, course_id, on, status, actor, recorded_at): (_, _, _, _, _, String, _, _)| {
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
        },
    )
}

pub(in crate::store::exchange) fn gift_card_ledger(db: &Db<'_>, f: Out<LedgerRecord>) -> Result<()> {
    let sql = "SELECT id, serial, value, on_date, actor, kind, case_id, attendance_id, reason, corrects_entry,
                  recorded_at
               FROM gift_card_ledger ORDER BY id";
    each_row(
        db,
        sql,
        f,
        |(id, serial, value, on, actor, kind, case_id, attendance_id, reason, corrects_entry, recorded_at): (
            _,
            _,
            _,
            _,
            _,
            String,
            _,
            _,
            _,
            _,
            _,
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
}
