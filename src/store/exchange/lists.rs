//! The export's lists, each read in id order and handed on a record at a
//! time: to the file's writer as it goes (`export_to`), or collected
//! (`export`). Each table is read once, the large ones a row or a page at
//! a time, never a query per record.

use super::groups::export as group_lists;
use super::*;
use crate::store::engine::{Db, FromRow, Row, ValueRef};
use crate::store::plans::{ENDING_COLUMNS, each_plan_version_on, read_ending, to_ending};

/// Reads one list through the seam (SQLite or PostgreSQL), handing each
/// record to `f` in the file's order.
pub(super) type Each<T> = fn(&Db<'_>, &mut dyn FnMut(T) -> Result<()>) -> Result<()>;

/// Every record of a list, in memory.
pub(super) fn collect<T>(db: &Db<'_>, each: Each<T>) -> Result<Vec<T>> {
    let mut all = Vec::new();
    each(db, &mut |record| {
        all.push(record);
        Ok(())
    })?;
    Ok(all)
}

/// Runs `sql` (no parameters) and hands each row, made a record by
/// `record`, to `f`: one statement, a row in memory at a time. `f` only
/// writes: PostgreSQL's connection is busy until the last row is read.
pub(super) fn each_row<Raw: FromRow, T>(
    db: &Db<'_>,
    sql: &str,
    f: &mut dyn FnMut(T) -> Result<()>,
    record: impl Fn(Raw) -> Result<T>,
) -> Result<()> {
    Ok(db.query_each(sql, &[], |r| Ok(f(record(r.columns()?)?)?))?)
}

/// How many records of the largest lists are read at a time.
const PAGE: i64 = crate::store::BULK as i64;

/// Hands on the records `page(after)` reads, a page at a time, each page
/// the next ids after the last one's (`id` of a record).
fn paged<T>(
    f: &mut dyn FnMut(T) -> Result<()>,
    id: impl Fn(&T) -> i64,
    mut page: impl FnMut(i64) -> Result<Vec<T>>,
) -> Result<()> {
    let mut after = 0;
    loop {
        let records = page(after)?;
        let Some(last) = records.last() else { return Ok(()) };
        after = id(last);
        for r in records {
            f(r)?;
        }
    }
}

pub(super) fn citizens(db: &Db<'_>, f: &mut dyn FnMut(CitizenRecord) -> Result<()>) -> Result<()> {
    let condition = format!("WHERE id > ?1 ORDER BY id LIMIT {PAGE}");
    paged(
        f,
        |c| c.id,
        |after| {
            // The optional facts as the store reads them (one spelling of
            // the ids, shared with the forms); the identity as stored.
            let details: std::collections::HashMap<i64, _> =
                crate::store::citizens::citizens_where(db, &condition, &[&after])?
                    .into_iter()
                    .map(|c| (c.id, c.details))
                    .collect();
            let sql = format!("SELECT id, name, cpr, pseudonym, home_municipality FROM citizens {condition}");
            Ok(db.query_map(&sql, &[&after], |r| {
                let id = r.get(0)?;
                let d = details.get(&id).copied().unwrap_or_default();
                Ok(CitizenRecord {
                    id,
                    name: r.get(1)?,
                    cpr: r.get(2)?,
                    pseudonym: r.get(3)?,
                    home_municipality: r.get(4)?,
                    citizenship: d.citizenship,
                    gender: d.gender,
                })
            })?)
        },
    )
}

/// The cases with only the columns the file holds (not the citizen's
/// identity, which `citizens` writes), each with its circumstances: one
/// statement in id order, no case read whole and copied.
pub(super) fn cases(db: &Db<'_>, f: &mut dyn FnMut(CaseRecord) -> Result<()>) -> Result<()> {
    let sql =
        "SELECT c.id, c.citizen_id, c.kind, c.channel, c.contact_at, c.counsellor, c.children, c.parental_consent,
            c.note, c.referred_young, c.visitation_on, c.consent_on, c.doctor_offered_on, c.doctor_wanted,
            c.doctor_held_on, c.free_choice_on, c.free_choice_reason, c.special_on, c.special_reason,
            c.treatment_started_on, c.closed_on, c.closed_reason, c.closing_reason, k.family, k.income,
            (SELECT string_agg(substance, ',') FROM case_substances s WHERE s.case_id = c.id)
         FROM cases c LEFT JOIN case_circumstances k ON k.case_id = c.id ORDER BY c.id";
    Ok(db.query_each(sql, &[], |r| Ok(f(case_record(r)?)?))?)
}

fn case_record(r: &Row<'_>) -> Result<CaseRecord> {
    let day = |i: usize| -> Result<Option<NaiveDate>> { text(r, i)?.map(super::super::cases::parse_day).transpose() };
    let reasoned = |i: usize| -> Result<Option<Reasoned>> {
        let reason: Option<String> = r.get(i + 1)?;
        Ok(day(i)?.map(|on| Reasoned { on, reason: reason.unwrap_or_default() }))
    };
    let contact_at = text(r, 4)?.unwrap_or_default();
    let mut substances = match text(r, 25)? {
        Some(list) => list.split(',').map(parse_enum).collect::<Result<Vec<_>>>()?,
        None => Vec::new(),
    };
    substances.sort();
    Ok(CaseRecord {
        id: r.get(0)?,
        citizen_id: r.get(1)?,
        kind: parse_enum(text(r, 2)?.unwrap_or_default())?,
        channel: parse_enum(text(r, 3)?.unwrap_or_default())?,
        contact_at: NaiveDateTime::parse_from_str(contact_at, crate::store::cases::DATE_TIME)
            .map_err(|_| StoreError::Corrupt(format!("tidspunkt '{contact_at}'")))?,
        counsellor: r.get(5)?,
        substances,
        children: parse_enum(text(r, 6)?.unwrap_or_default())?,
        parental_consent: r.get(7)?,
        note: r.get(8)?,
        referred_young: r.get(9)?,
        visitation_on: day(10)?,
        consent_on: day(11)?,
        doctor_offered_on: day(12)?,
        doctor_wanted: r.get(13)?,
        doctor_held_on: day(14)?,
        free_choice: reasoned(15)?,
        special_assessment: reasoned(17)?,
        treatment_started_on: day(19)?,
        closed: reasoned(20)?,
        closing_reason: choice(r, 22)?,
        family: choice(r, 23)?,
        income: choice(r, 24)?,
    })
}

/// Column `i` as text read in place, `None` for NULL.
fn text<'r>(r: &'r Row<'_>, i: usize) -> Result<Option<&'r str>> {
    match r.value(i)? {
        ValueRef::Text(s) => Ok(Some(s)),
        ValueRef::Null => Ok(None),
        other => Err(crate::store::engine::Error::Type {
            column: i,
            wanted: crate::store::engine::Kind::Text,
            found: other.kind(),
        }
        .into()),
    }
}

/// Column `i` as one of a list of stored names, `None` for NULL.
fn choice<T: serde::de::DeserializeOwned>(r: &Row<'_>, i: usize) -> Result<Option<T>> {
    text(r, i)?.map(parse_enum).transpose()
}

pub(super) fn case_events(db: &Db<'_>, f: &mut dyn FnMut(EventRecord) -> Result<()>) -> Result<()> {
    let sql = "SELECT id, case_id, kind, on_date, reason, wanted, actor, recorded_at, undoes, counsellor
               FROM case_events ORDER BY id";
    each_row(db, sql, f, |(id, case_id, kind, on, reason, wanted, actor, recorded_at, undoes, counsellor)| {
        Ok(EventRecord { id, case_id, kind, on: date_of(on)?, reason, wanted, actor, recorded_at, undoes, counsellor })
    })
}

pub(super) fn plan_versions(db: &Db<'_>, f: &mut dyn FnMut(PlanVersionRecord) -> Result<()>) -> Result<()> {
    each_plan_version_on(db, |v| f(PlanVersionRecord::from(v)))
}

pub(super) fn course_endings(db: &Db<'_>, f: &mut dyn FnMut(EndingRecord) -> Result<()>) -> Result<()> {
    let sql = format!("SELECT {ENDING_COLUMNS} FROM course_endings e ORDER BY e.case_id");
    Ok(db.query_each(&sql, &[], |r| Ok(f(EndingRecord::from(&to_ending(read_ending(r)?)?))?))?)
}

pub(super) fn follow_up_calls(db: &Db<'_>, f: &mut dyn FnMut(CallRecord) -> Result<()>) -> Result<()> {
    let sql = "SELECT id, case_id, months, due_on FROM follow_up_calls ORDER BY id";
    each_row(db, sql, f, |(id, case_id, months, due_on)| {
        Ok(CallRecord { id, case_id, months, due_on: date_of(due_on)? })
    })
}

pub(super) fn follow_up_attempts(db: &Db<'_>, f: &mut dyn FnMut(AttemptRecord) -> Result<()>) -> Result<()> {
    let sql = "SELECT id, call_id, on_date, reached, outcome, note, actor, recorded_at
               FROM follow_up_attempts ORDER BY id";
    each_row(
        db,
        sql,
        f,
        |(id, call_id, on, reached, outcome, note, actor, recorded_at): (_, _, _, _, Option<String>, _, _, _)| {
            Ok(AttemptRecord {
                id,
                call_id,
                on: date_of(on)?,
                reached,
                outcome: outcome.as_deref().map(parse_enum).transpose()?,
                note,
                actor,
                recorded_at,
            })
        },
    )
}

pub(super) fn children(db: &Db<'_>, f: &mut dyn FnMut(ChildRecord) -> Result<()>) -> Result<()> {
    crate::store::children::query_children_on(db, "ORDER BY id", &[])?.iter().try_for_each(|c| f(ChildRecord::from(c)))
}

pub(super) fn child_considerations(db: &Db<'_>, f: &mut dyn FnMut(ConsiderationRecord) -> Result<()>) -> Result<()> {
    crate::store::children::considerations_where(db, "ORDER BY id", &[])?
        .iter()
        .try_for_each(|c| f(ConsiderationRecord::from(c)))
}

pub(super) fn conversations(db: &Db<'_>, f: &mut dyn FnMut(ConversationRecord) -> Result<()>) -> Result<()> {
    crate::store::conversations::query_on(db, "ORDER BY id", &[])?
        .iter()
        .try_for_each(|c| f(ConversationRecord::from(c)))
}

pub(super) fn notifications(db: &Db<'_>, f: &mut dyn FnMut(NotificationRecord) -> Result<()>) -> Result<()> {
    crate::store::notifications::query_notifications_on(db, "ORDER BY n.id", &[])?
        .iter()
        .try_for_each(|n| f(NotificationRecord::from(n)))
}

pub(super) fn notification_updates(
    db: &Db<'_>,
    f: &mut dyn FnMut(NotificationUpdateRecord) -> Result<()>,
) -> Result<()> {
    let notifications = crate::store::notifications::query_notifications_on(db, "ORDER BY n.id", &[])?;
    let mut updates: Vec<NotificationUpdateRecord> = notifications
        .iter()
        .flat_map(|n| n.later.iter().map(move |l| NotificationUpdateRecord::from((n, l))))
        .collect();
    updates.sort_by_key(|u| u.id);
    updates.into_iter().try_for_each(f)
}

pub(super) fn providers(db: &Db<'_>, f: &mut dyn FnMut(ProviderRecord) -> Result<()>) -> Result<()> {
    load_providers(db)?.iter().try_for_each(|p| f(ProviderRecord::from(p)))
}

pub(super) fn provider_prices(db: &Db<'_>, f: &mut dyn FnMut(PriceRecord) -> Result<()>) -> Result<()> {
    load_prices(db)?.into_iter().try_for_each(|(provider_id, (id, p))| {
        f(PriceRecord { id, provider_id, service: p.service, unit: p.unit, amount: p.amount, valid_from: p.valid_from })
    })
}

pub(super) fn stays(db: &Db<'_>, f: &mut dyn FnMut(StayRecord) -> Result<()>) -> Result<()> {
    crate::store::stays::query_stays(db, "ORDER BY s.id", &[])?.iter().try_for_each(|s| f(StayRecord::from(&s.stay)))
}

pub(super) fn stay_events(db: &Db<'_>, f: &mut dyn FnMut(StayEventRecord) -> Result<()>) -> Result<()> {
    load_events(db, None)?.into_iter().try_for_each(|e| {
        f(StayEventRecord {
            id: e.id,
            stay_id: e.stay_id,
            kind: e.kind,
            on: e.on,
            detail: e.detail,
            actor: e.actor,
            recorded_at: e.recorded_at,
        })
    })
}

pub(super) fn complaints(db: &Db<'_>, f: &mut dyn FnMut(ComplaintRecord) -> Result<()>) -> Result<()> {
    crate::store::complaints::query_on(db, "ORDER BY id", &[])?.iter().try_for_each(|c| f(ComplaintRecord::from(c)))
}

pub(super) use group_lists::{attendances, gift_card_ledger, group_members, group_sessions, groups, move_courses};
