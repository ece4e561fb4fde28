//! The Grupper pane's records written to the database by an import.

use chrono::NaiveDate;
use rusqlite::params;

use crate::store::Result;
use crate::store::cases::enum_id;
use crate::store::children::day_text;
use crate::store::exchange::ExportFile;

/// Writes the Grupper pane's records with their ids. `check` has accepted them.
pub(in crate::store::exchange) fn import_groups(tx: &rusqlite::Transaction<'_>, file: &ExportFile) -> Result<()> {
    let d = |on: &NaiveDate| day_text(*on);
    for g in &file.groups {
        tx.prepare_cached(
            "INSERT INTO treatment_groups (id, name, kind, weekday, time, place, counsellors)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            g.id,
            g.name,
            enum_id(&g.kind),
            g.weekday,
            g.time,
            g.place,
            g.counsellors.join(",")
        ])?;
    }
    for m in &file.group_members {
        tx.prepare_cached(
            "INSERT INTO group_members (id, group_id, case_id, joined_on, left_on) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![m.id, m.group_id, m.case_id, d(&m.joined_on), m.left_on.as_ref().map(d)])?;
    }
    for s in &file.group_sessions {
        tx.prepare_cached(
            "INSERT INTO group_sessions
                (id, group_id, on_date, time, place, cancelled_on, cancelled_reason, moved_from, moved_reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            s.id,
            s.group_id,
            d(&s.on),
            s.time,
            s.place,
            s.cancelled.as_ref().map(|c| d(&c.on)),
            s.cancelled.as_ref().map(|c| c.reason.clone()),
            s.moved.as_ref().map(|m| d(&m.from)),
            s.moved.as_ref().map(|m| m.reason.clone()),
        ])?;
    }
    for c in &file.move_courses {
        tx.prepare_cached(
            "INSERT INTO move_courses (id, case_id, screening_on, follow_up_from, ended_on, ended_reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            c.id,
            c.case_id,
            d(&c.screening_on),
            c.follow_up_from.as_ref().map(d),
            c.ended.as_ref().map(|e| d(&e.on)),
            c.ended.as_ref().map(|e| e.reason.clone()),
        ])?;
    }
    for a in &file.attendances {
        tx.prepare_cached(
            "INSERT INTO attendances (id, case_id, session_id, course_id, on_date, status, actor, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            a.id,
            a.case_id,
            a.session_id,
            a.course_id,
            a.on.as_ref().map(d),
            enum_id(&a.status),
            a.actor,
            a.recorded_at
        ])?;
    }
    for e in &file.gift_card_ledger {
        tx.prepare_cached(
            "INSERT INTO gift_card_ledger
                (id, serial, value, on_date, actor, kind, case_id, attendance_id, reason, corrects_entry, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            e.id,
            e.serial,
            e.value,
            d(&e.on),
            e.actor,
            enum_id(&e.kind),
            e.case_id,
            e.attendance_id,
            e.reason,
            e.corrects_entry,
            e.recorded_at
        ])?;
    }
    Ok(())
}
