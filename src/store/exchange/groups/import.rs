//! The Grupper pane's records written to the database by an import.

use chrono::NaiveDate;
use rusqlite::types::Value;

use crate::store::Result;
use crate::store::batch::BatchInsert;
use crate::store::cases::enum_id;
use crate::store::children::day_text;
use crate::store::exchange::ExportFile;

/// Writes the Grupper pane's records with their ids, a batch of rows to
/// each statement. `check` has accepted them.
pub(in crate::store::exchange) fn import_groups(tx: &rusqlite::Transaction<'_>, file: &ExportFile) -> Result<()> {
    let d = |on: &NaiveDate| Value::from(day_text(*on));
    BatchInsert::insert_all(
        tx,
        "treatment_groups",
        &["id", "name", "kind", "weekday", "time", "place", "counsellors"],
        file.groups.iter().map(|g| {
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
    )?;
    // The sessions before the members: a session's insert trigger marks
    // the deadlines of every member of its group for a recompute, which
    // with the members written first is some 400 members for each of
    // 16,000 sessions (4 s at 100,000 cases). The import marks every case
    // anyway, through its case's own insert.
    BatchInsert::insert_all(
        tx,
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
        file.group_sessions.iter().map(|s| {
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
    )?;
    BatchInsert::insert_all(
        tx,
        "group_members",
        &["id", "group_id", "case_id", "joined_on", "left_on"],
        file.group_members.iter().map(|m| {
            [
                m.id.into(),
                m.group_id.into(),
                m.case_id.into(),
                d(&m.joined_on),
                m.left_on.as_ref().map_or(Value::Null, d),
            ]
        }),
    )?;
    BatchInsert::insert_all(
        tx,
        "move_courses",
        &["id", "case_id", "screening_on", "follow_up_from", "ended_on", "ended_reason"],
        file.move_courses.iter().map(|c| {
            [
                c.id.into(),
                c.case_id.into(),
                d(&c.screening_on),
                c.follow_up_from.as_ref().map_or(Value::Null, d),
                c.ended.as_ref().map_or(Value::Null, |e| d(&e.on)),
                c.ended.as_ref().map(|e| e.reason.clone()).into(),
            ]
        }),
    )?;
    BatchInsert::insert_all(
        tx,
        "attendances",
        &["id", "case_id", "session_id", "course_id", "on_date", "status", "actor", "recorded_at"],
        file.attendances.iter().map(|a| {
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
    )?;
    let mut ledger = BatchInsert::new(
        tx,
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
    for e in &file.gift_card_ledger {
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
