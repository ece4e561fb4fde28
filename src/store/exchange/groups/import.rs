//! The Grupper pane's records written to the database by an import, a
//! part of a list at a time.

use chrono::NaiveDate;
use rusqlite::types::Value;

use super::{AttendanceRecord, CourseRecord, GroupRecord, GroupSessionRecord, LedgerRecord, MemberRecord};
use crate::store::Result;
use crate::store::batch::BatchInsert;
use crate::store::cases::enum_id;
use crate::store::children::day_text;
use crate::store::engine::Db;

// The Grupper pane's records, each list with its ids, a batch of rows to
// each statement. The checks have accepted them.

fn d(on: &NaiveDate) -> Value {
    Value::from(day_text(*on))
}

pub(in crate::store::exchange) fn groups(db: &Db<'_>, records: &[GroupRecord]) -> Result<()> {
    BatchInsert::insert_all(
        db,
        "treatment_groups",
        &["id", "name", "kind", "weekday", "time", "place", "counsellors"],
        records.iter().map(|g| {
            [
                g.id.into(),
                g.name.clone().into(),
                enum_id(&g.kind).into(),
                g.weekday.clone().into(),
                g.time.clone().into(),
                g.place.clone().into(),
                g.counsellors.join(",").into(),
            ]
        }),
    )
}

pub(in crate::store::exchange) fn sessions(db: &Db<'_>, records: &[GroupSessionRecord]) -> Result<()> {
    BatchInsert::insert_all(
        db,
        "group_sessions",
        &[
            "id",
            "group_id",
            "on_date",
            "time",
            "place",
            "cancelled_on",
            "cancelled_reason",
            "moved_from",
            "moved_reason",
        ],
        records.iter().map(|s| {
            [
                s.id.into(),
                s.group_id.into(),
                d(&s.on),
                s.time.clone().into(),
                s.place.clone().into(),
                s.cancelled.as_ref().map_or(Value::Null, |c| d(&c.on)),
                s.cancelled.as_ref().map(|c| c.reason.clone()).into(),
                s.moved.as_ref().map_or(Value::Null, |m| d(&m.from)),
                s.moved.as_ref().map(|m| m.reason.clone()).into(),
            ]
        }),
    )
}

pub(in crate::store::exchange) fn members(db: &Db<'_>, records: &[MemberRecord]) -> Result<()> {
    BatchInsert::insert_all(
        db,
        "group_members",
        &["id", "group_id", "case_id", "joined_on", "left_on"],
        records.iter().map(|m| {
            [
                m.id.into(),
                m.group_id.into(),
                m.case_id.into(),
                d(&m.joined_on),
                m.left_on.as_ref().map_or(Value::Null, d),
            ]
        }),
    )
}

pub(in crate::store::exchange) fn courses(db: &Db<'_>, records: &[CourseRecord]) -> Result<()> {
    BatchInsert::insert_all(
        db,
        "move_courses",
        &["id", "case_id", "screening_on", "follow_up_from", "ended_on", "ended_reason"],
        records.iter().map(|c| {
            [
                c.id.into(),
                c.case_id.into(),
                d(&c.screening_on),
                c.follow_up_from.as_ref().map_or(Value::Null, d),
                c.ended.as_ref().map_or(Value::Null, |e| d(&e.on)),
                c.ended.as_ref().map(|e| e.reason.clone()).into(),
            ]
        }),
    )
}

pub(in crate::store::exchange) fn attendances(db: &Db<'_>, records: &[AttendanceRecord]) -> Result<()> {
    BatchInsert::insert_all(
        db,
        "attendances",
        &["id", "case_id", "session_id", "course_id", "on_date", "status", "actor", "recorded_at"],
        records.iter().map(|a| {
            [
                a.id.into(),
                a.case_id.into(),
                a.session_id.into(),
                a.course_id.into(),
                a.on.as_ref().map_or(Value::Null, d),
                enum_id(&a.status).into(),
                a.actor.clone().into(),
                a.recorded_at.clone().into(),
            ]
        }),
    )
}

pub(in crate::store::exchange) fn ledger(db: &Db<'_>, records: &[LedgerRecord]) -> Result<()> {
    let mut ledger = BatchInsert::new(
        db,
        "gift_card_ledger",
        &[
            "id",
            "serial",
            "value",
            "on_date",
            "actor",
            "kind",
            "case_id",
            "attendance_id",
            "reason",
            "corrects_entry",
            "recorded_at",
        ],
    );
    for e in records {
        ledger.push([
            e.id.into(),
            e.serial.clone().into(),
            e.value.into(),
            d(&e.on),
            e.actor.clone().into(),
            enum_id(&e.kind).into(),
            e.case_id.into(),
            e.attendance_id.into(),
            e.reason.clone().into(),
            e.corrects_entry.into(),
            e.recorded_at.clone().into(),
        ])?;
    }
    ledger.finish()
}
