//! The rows a stay is written to: the stay with its services, its state,
//! its own payment and its recorded steps.

use chrono::NaiveDate;

use super::{date_text, opt_date};
use crate::domain::stay::{Stay, ToldOwnPayment};
use crate::store::cases::enum_id;
use crate::store::engine::{Db, ToValue};
use crate::store::{Result, now_stamp};

/// Inserts a stay with its services, state and own payment; an id of 0
/// takes the engine's next number (an id from a file is given). Returns
/// the stay's number.
pub(crate) fn insert_stay_on(db: &Db<'_>, stay: &Stay) -> Result<i64> {
    let r = &stay.recommendation;
    let (start, end, on) = (date_text(stay.planned_start), date_text(stay.planned_end), date_text(r.on));
    let params: [&dyn ToValue; 8] = [&stay.case_id, &stay.provider_id, &start, &end, &on, &r.by, &r.text, &stay.id];
    let columns = "case_id, provider_id, planned_start, planned_end, recommended_on, recommended_by, recommendation";
    let values = "?1, ?2, ?3, ?4, ?5, ?6, ?7";
    let id: i64 = if stay.id != 0 {
        db.query_row(&format!("INSERT INTO stays ({columns}, id) VALUES ({values}, ?8) RETURNING id"), &params, |r| {
            r.get(0)
        })?
    } else {
        db.query_row(&format!("INSERT INTO stays ({columns}) VALUES ({values}) RETURNING id"), &params[..7], |r| {
            r.get(0)
        })?
    };
    for s in &stay.services {
        db.execute("INSERT INTO stay_services (stay_id, service) VALUES (?1, ?2)", &[&id, &enum_id(s)])?;
    }
    write_state(db, &Stay { id, ..stay.clone() })?;
    if let Some(told) = &stay.own_payment {
        write_own_payment(db, id, told)?;
    }
    Ok(id)
}

pub(super) fn write_state(db: &Db<'_>, stay: &Stay) -> Result<()> {
    let d = stay.decision.as_ref();
    let e = stay.ended;
    db.execute(
        "UPDATE stays SET decision = ?1, decided_on = ?2, decided_by = ?3, decision_note = ?4, started_on = ?5,
            midway_status_on = ?6, ended_on = ?7, end_kind = ?8, interruption_reported_on = ?9,
            final_status_on = ?10, aftercare_started_on = ?11 WHERE id = ?12",
        &[
            &d.map(|d| if d.approved { "approved" } else { "refused" }),
            &d.map(|d| date_text(d.on)),
            &d.map(|d| &d.by),
            &d.map(|d| &d.note),
            &opt_date(stay.started_on),
            &opt_date(stay.midway_status_on),
            &e.map(|e| date_text(e.on)),
            &e.map(|e| enum_id(&e.kind)),
            &e.and_then(|e| e.reported_on).map(date_text),
            &opt_date(stay.final_status_on),
            &opt_date(stay.aftercare_started_on),
            &stay.id,
        ],
    )?;
    Ok(())
}

pub(super) fn write_own_payment(db: &Db<'_>, stay_id: i64, told: &ToldOwnPayment) -> Result<()> {
    let i = &told.input;
    db.execute("DELETE FROM stay_own_payment_expenses WHERE stay_id = ?1", &[&stay_id])?;
    db.execute("DELETE FROM stay_own_payments WHERE stay_id = ?1", &[&stay_id])?;
    db.execute(
        "INSERT INTO stay_own_payments (stay_id, monthly_income, keeps_own_home, food_per_day, lodging_per_day,
            days_in_month, amount_kept_per_month, per_month, per_day, told_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        &[
            &stay_id,
            &i.monthly_income.0,
            &i.keeps_own_home,
            &i.food_per_day.0,
            &i.lodging_per_day.0,
            &i.days_in_month,
            &told.settings.amount_kept_per_month.0,
            &told.result.per_month.0,
            &told.result.per_day.0,
            &opt_date(told.told_on),
        ],
    )?;
    for (position, (name, amount)) in i.fixed_expenses.iter().enumerate() {
        db.execute(
            "INSERT INTO stay_own_payment_expenses (stay_id, position, name, amount) VALUES (?1, ?2, ?3, ?4)",
            &[&stay_id, &(position as i64), name, &amount.0],
        )?;
    }
    Ok(())
}

/// Records a step of a stay; its id is the engine's next.
pub(super) fn insert_event(
    db: &Db<'_>,
    stay_id: i64,
    kind: &str,
    on: NaiveDate,
    detail: Option<&str>,
    actor: &str,
) -> Result<()> {
    db.execute(
        "INSERT INTO stay_events (stay_id, kind, on_date, detail, actor, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[&stay_id, &kind, &date_text(on), &detail, &actor, &now_stamp()],
    )?;
    Ok(())
}
