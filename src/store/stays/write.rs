//! The rows a stay is written to: the stay with its services, its state,
//! its own payment and its recorded steps.

use chrono::NaiveDate;
use rusqlite::{Transaction, params};

use super::{date_text, opt_date};
use crate::domain::stay::{Stay, ToldOwnPayment};
use crate::store::cases::enum_id;
use crate::store::{Result, now_stamp};

/// Inserts a stay with its services, state and own payment; an id of 0
/// takes the next free number. Returns the stay's number.
pub(crate) fn insert_stay(tx: &Transaction<'_>, stay: &Stay) -> Result<i64> {
    let r = &stay.recommendation;
    tx.execute(
        "INSERT INTO stays (id, case_id, provider_id, planned_start, planned_end, recommended_on, recommended_by,
            recommendation) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            (stay.id != 0).then_some(stay.id),
            stay.case_id,
            stay.provider_id,
            date_text(stay.planned_start),
            date_text(stay.planned_end),
            date_text(r.on),
            r.by,
            r.text,
        ],
    )?;
    let id = tx.last_insert_rowid();
    for s in &stay.services {
        tx.execute("INSERT INTO stay_services (stay_id, service) VALUES (?1, ?2)", params![id, enum_id(s)])?;
    }
    write_state(tx, &Stay { id, ..stay.clone() })?;
    if let Some(told) = &stay.own_payment {
        write_own_payment(tx, id, told)?;
    }
    Ok(id)
}

pub(super) fn write_state(tx: &Transaction<'_>, stay: &Stay) -> Result<()> {
    let d = stay.decision.as_ref();
    let e = stay.ended;
    tx.execute(
        "UPDATE stays SET decision = ?1, decided_on = ?2, decided_by = ?3, decision_note = ?4, started_on = ?5,
            midway_status_on = ?6, ended_on = ?7, end_kind = ?8, interruption_reported_on = ?9,
            final_status_on = ?10, aftercare_started_on = ?11 WHERE id = ?12",
        params![
            d.map(|d| if d.approved { "approved" } else { "refused" }),
            d.map(|d| date_text(d.on)),
            d.map(|d| d.by.clone()),
            d.map(|d| d.note.clone()),
            opt_date(stay.started_on),
            opt_date(stay.midway_status_on),
            e.map(|e| date_text(e.on)),
            e.map(|e| enum_id(&e.kind)),
            e.and_then(|e| e.reported_on).map(date_text),
            opt_date(stay.final_status_on),
            opt_date(stay.aftercare_started_on),
            stay.id,
        ],
    )?;
    Ok(())
}

pub(super) fn write_own_payment(tx: &Transaction<'_>, stay_id: i64, told: &ToldOwnPayment) -> Result<()> {
    let i = &told.input;
    tx.execute("DELETE FROM stay_own_payment_expenses WHERE stay_id = ?1", [stay_id])?;
    tx.execute("DELETE FROM stay_own_payments WHERE stay_id = ?1", [stay_id])?;
    tx.execute(
        "INSERT INTO stay_own_payments (stay_id, monthly_income, keeps_own_home, food_per_day, lodging_per_day,
            days_in_month, amount_kept_per_month, per_month, per_day, told_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            stay_id,
            i.monthly_income.0,
            i.keeps_own_home,
            i.food_per_day.0,
            i.lodging_per_day.0,
            i.days_in_month,
            told.settings.amount_kept_per_month.0,
            told.result.per_month.0,
            told.result.per_day.0,
            opt_date(told.told_on),
        ],
    )?;
    for (position, (name, amount)) in i.fixed_expenses.iter().enumerate() {
        tx.execute(
            "INSERT INTO stay_own_payment_expenses (stay_id, position, name, amount) VALUES (?1, ?2, ?3, ?4)",
            params![stay_id, position as i64, name, amount.0],
        )?;
    }
    Ok(())
}

pub(crate) fn insert_event(
    tx: &Transaction<'_>,
    stay_id: i64,
    kind: &str,
    on: NaiveDate,
    detail: Option<&str>,
    actor: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO stay_events (stay_id, kind, on_date, detail, actor, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![stay_id, kind, date_text(on), detail, actor, now_stamp()],
    )?;
    Ok(())
}
