//! Residential stays: providers and their prices, the stays, their steps
//! and the own payment told to the citizen.
//!
//! This file reads the stays and records their steps; the providers and
//! their prices are in `providers`, the rows a stay is written to in
//! `write`.

#[cfg(test)]
mod on_engines;
mod providers;
#[cfg(test)]
mod tests;
mod write;

use std::collections::HashMap;

use chrono::NaiveDate;

use super::case_find::{allowed_sql, citizens_for, names_table};
use super::cases::{enum_id, parse_day, parse_enum};
use super::conflict::{Found, Opened, Record, conflict, unchanged_since};
use super::deadlines::DueScope;
use super::engine::{self, Db, Params, Row, ToValue, ValueRef};
use super::{CaseAction, Result, Store, StoreError};
use crate::domain::dates;
use crate::domain::money::Ore;
use crate::domain::stay::{
    Decision, EndKind, Ending, NewStayProblem, OwnPaymentInput, OwnPaymentSettings, Recommendation, Stay, StayStep,
    StayStepKind, ToldOwnPayment, apply_stay_step, check_stay_step, overlapping_stay, own_payment,
};
pub(crate) use providers::{insert_price_on, insert_provider_on, load_prices, load_providers, providers_of};
pub(crate) use write::insert_stay_on;
use write::{insert_event, write_own_payment, write_state};

/// How long an ended or refused stay stays in the pane's list.
pub const RECENT_DAYS: i64 = 90;

/// A stay with what its list line needs from its case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StayRow {
    pub stay: Stay,
    /// The citizen's name, or the pseudonym: never the CPR number.
    pub citizen: String,
    /// The case's counsellor.
    pub counsellor: String,
}

/// Who a stay's list line names: its case's citizen and counsellor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StayPeople {
    /// The citizen's name, or the pseudonym: never the CPR number.
    pub citizen: String,
    pub counsellor: String,
}

/// One recorded step of a stay: the history the detail view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StayEvent {
    pub id: i64,
    pub stay_id: i64,
    /// `recommended`, `own_payment`, or a step kind's id.
    pub kind: String,
    pub on: NaiveDate,
    /// Approval: who decided; refusal: who and why; own payment: the
    /// monthly amount in øre.
    pub detail: Option<String>,
    pub actor: String,
    pub recorded_at: String,
}

use super::children::day_text as date_text;

fn opt_date(d: Option<NaiveDate>) -> Option<String> {
    d.map(date_text)
}

/// A day column as read in a row callback: none, the day, or why the
/// stored text is not one (named to the caller outside the callback).
/// Read in place, without a `String` of each date.
type ReadDay = Option<Result<NaiveDate>>;

fn read_day(r: &Row<'_>, column: usize) -> engine::Result<ReadDay> {
    match r.value(column)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(text) => Ok(Some(parse_day(text))),
        other => Err(engine::Error::Type { column, wanted: engine::Kind::Text, found: other.kind() }),
    }
}

/// A stay's own columns and its services: the days first (read in place),
/// then the texts; see [`read_stay`].
macro_rules! own_stay_columns {
    () => {
        "s.id, s.case_id, s.provider_id, s.planned_start, s.planned_end, s.recommended_on,
    s.decided_on, s.started_on, s.midway_status_on, s.ended_on, s.interruption_reported_on, s.final_status_on,
    s.aftercare_started_on, s.recommended_by, s.recommendation, s.decision, s.decided_by, s.decision_note,
    s.end_kind, (SELECT string_agg(service, ',') FROM stay_services v WHERE v.stay_id = s.id)"
    };
}

/// A stay with its own payment, its citizen and its case's counsellor,
/// from [`STAY_FROM`].
const STAY_COLUMNS: &str = concat!(
    own_stay_columns!(),
    ", o.monthly_income, o.keeps_own_home, o.food_per_day, o.lodging_per_day, o.days_in_month,
    o.amount_kept_per_month, o.per_month, o.per_day, o.told_on,
    coalesce(p.name, p.pseudonym, ''), c.counsellor"
);

/// [`STAY_COLUMNS`] of the stays table alone: the own payment, the citizen
/// and the counsellor left empty in their places, read by the same
/// [`read_stay`]. What the cost of a stay needs: joining each stay's case,
/// citizen and own payment reads pages scattered over a large file.
const BARE_STAY_COLUMNS: &str =
    concat!(own_stay_columns!(), ", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '', ''");

/// [`STAY_COLUMNS`] without the case and the citizen: the citizen and the
/// counsellor left empty, from the stays and their own payments
/// ([`OWN_PAYMENT_FROM`]), both tables of a few pages. What a list's order
/// and flags need of every stay; the names are read for the stays shown
/// ([`Store::stay_people`]).
const UNNAMED_STAY_COLUMNS: &str = concat!(
    own_stay_columns!(),
    ", o.monthly_income, o.keeps_own_home, o.food_per_day, o.lodging_per_day, o.days_in_month,
    o.amount_kept_per_month, o.per_month, o.per_day, o.told_on, '', ''"
);

const OWN_PAYMENT_FROM: &str = "FROM stays s LEFT JOIN stay_own_payments o ON o.stay_id = s.id";

const STAY_FROM: &str = "FROM stays s JOIN cases c ON c.id = s.case_id JOIN citizens p ON p.id = c.citizen_id
    LEFT JOIN stay_own_payments o ON o.stay_id = s.id";

/// A stay row as stored, turned into a [`Stay`] outside the row callback so
/// that a bad value becomes a clear error.
struct RawStay {
    ints: [i64; 3],
    days: [ReadDay; DAY_COUNT],
    texts: [Option<String>; TEXT_COUNT],
    payment: Option<RawPayment>,
    citizen: String,
    counsellor: String,
}

/// How many of [`STAY_COLUMNS`] are days (from the fourth) and texts
/// (after the days).
const DAY_COUNT: usize = 10;
const TEXT_COUNT: usize = 7;

/// The own payment's columns: income, keeps own home, food, lodging, days,
/// amount kept, per month, per day, told on.
type RawPayment = (i64, bool, i64, i64, u32, i64, i64, i64, ReadDay);

fn read_stay(r: &Row<'_>) -> engine::Result<RawStay> {
    let mut days: [ReadDay; DAY_COUNT] = Default::default();
    for (i, d) in days.iter_mut().enumerate() {
        *d = read_day(r, 3 + i)?;
    }
    let mut texts: [Option<String>; TEXT_COUNT] = Default::default();
    for (i, t) in texts.iter_mut().enumerate() {
        *t = r.get(3 + DAY_COUNT + i)?;
    }
    let income: Option<i64> = r.get(20)?;
    let payment = match income {
        Some(income) => Some((
            income,
            r.get(21)?,
            r.get(22)?,
            r.get(23)?,
            r.get(24)?,
            r.get(25)?,
            r.get(26)?,
            r.get(27)?,
            read_day(r, 28)?,
        )),
        None => None,
    };
    Ok(RawStay {
        ints: [r.get(0)?, r.get(1)?, r.get(2)?],
        days,
        texts,
        payment,
        citizen: r.get(29)?,
        counsellor: r.get(30)?,
    })
}

/// A stay from its row and, when it has an own payment, its fixed expenses
/// in their order.
fn to_row(raw: RawStay, fixed_expenses: Vec<(String, Ore)>) -> Result<StayRow> {
    let [id, case_id, provider_id] = raw.ints;
    let [
        planned_start,
        planned_end,
        recommended_on,
        decided_on,
        started_on,
        midway,
        ended_on,
        reported_on,
        final_status_on,
        aftercare,
    ] = raw.days;
    let [recommended_by, recommendation, decision, decided_by, decision_note, end_kind, services] = raw.texts;
    let required = |d: ReadDay, what: &str| d.ok_or_else(|| StoreError::Corrupt(format!("ophold {id}: {what}")))?;
    let decision = match (decision.as_deref(), decided_on.transpose()?) {
        (None, None) => None,
        (Some(kind), Some(on)) => Some(Decision {
            approved: kind == "approved",
            on,
            by: decided_by.unwrap_or_default(),
            note: decision_note.unwrap_or_default(),
        }),
        _ => return Err(StoreError::Corrupt(format!("ophold {id}: afgørelse"))),
    };
    let ended = match (ended_on.transpose()?, end_kind) {
        (None, None) => None,
        (Some(on), Some(kind)) => {
            Some(Ending { on, kind: parse_enum::<EndKind>(&kind)?, reported_on: reported_on.transpose()? })
        }
        _ => return Err(StoreError::Corrupt(format!("ophold {id}: afslutning"))),
    };
    let mut services = match services {
        Some(list) => list.split(',').map(parse_enum).collect::<Result<Vec<_>>>()?,
        None => Vec::new(),
    };
    services.sort();
    let own_payment = match raw.payment {
        None => None,
        Some((income, keeps_own_home, food, lodging, days, kept, per_month, per_day, told_on)) => {
            let input = OwnPaymentInput {
                monthly_income: Ore(income),
                fixed_expenses,
                keeps_own_home,
                food_per_day: Ore(food),
                lodging_per_day: Ore(lodging),
                days_in_month: days,
            };
            let settings = OwnPaymentSettings { amount_kept_per_month: Ore(kept) };
            // The lines are the calculation again from the stored figures;
            // it must give what the citizen was told.
            let result = own_payment(&input, &settings)
                .map_err(|e| StoreError::Corrupt(format!("ophold {id}: egenbetaling {e:?}")))?;
            if (result.per_month, result.per_day) != (Ore(per_month), Ore(per_day)) {
                return Err(StoreError::Corrupt(format!("ophold {id}: egenbetalingen regner ikke til det oplyste")));
            }
            Some(ToldOwnPayment { input, settings, result, told_on: told_on.transpose()? })
        }
    };
    Ok(StayRow {
        stay: Stay {
            id,
            case_id,
            provider_id,
            services,
            planned_start: required(planned_start, "planlagt start")?,
            planned_end: required(planned_end, "planlagt slut")?,
            recommendation: Recommendation {
                on: required(recommended_on, "indstillet")?,
                by: recommended_by.unwrap_or_default(),
                text: recommendation.unwrap_or_default(),
            },
            decision,
            started_on: started_on.transpose()?,
            midway_status_on: midway.transpose()?,
            ended,
            final_status_on: final_status_on.transpose()?,
            aftercare_started_on: aftercare.transpose()?,
            own_payment,
        },
        citizen: raw.citizen,
        counsellor: raw.counsellor,
    })
}

/// The fixed expenses of the own payments of `stay_ids`, each stay's in
/// their order: a few batched reads of the primary key for a whole list,
/// not one a stay (the Døgn pane reads hundreds of stays).
fn expenses_of(db: &Db<'_>, stay_ids: &[i64]) -> Result<HashMap<i64, Vec<(String, Ore)>>> {
    let mut expenses: HashMap<i64, Vec<(String, Ore)>> = HashMap::new();
    for chunk in stay_ids.chunks(super::BULK) {
        let marks = vec!["?"; chunk.len()].join(",");
        let params: Vec<&dyn ToValue> = chunk.iter().map(|id| id as &dyn ToValue).collect();
        db.query_each(&expenses_sql(&marks), &params, |r| {
            let (stay_id, name, amount): (i64, String, i64) = r.columns()?;
            expenses.entry(stay_id).or_default().push((name, Ore(amount)));
            Ok(())
        })?;
    }
    Ok(expenses)
}

/// The expenses of the stays whose ids are `marks`, on the primary key.
fn expenses_sql(marks: &str) -> String {
    format!(
        "SELECT stay_id, name, amount FROM stay_own_payment_expenses WHERE stay_id IN ({marks})
         ORDER BY stay_id, position"
    )
}

pub(super) fn query_stays(db: &Db<'_>, condition: &str, params: Params<'_>) -> Result<Vec<StayRow>> {
    read_stays(db, &format!("SELECT {STAY_COLUMNS} {STAY_FROM} {condition}"), params)
}

/// The stays of `condition` as [`query_stays`] reads them, but without
/// their own payments, citizens and counsellors ([`BARE_STAY_COLUMNS`]).
fn query_bare_stays(db: &Db<'_>, condition: &str, params: Params<'_>) -> Result<Vec<Stay>> {
    let rows = read_stays(db, &format!("SELECT {BARE_STAY_COLUMNS} FROM stays s {condition}"), params)?;
    Ok(rows.into_iter().map(|r| r.stay).collect())
}

/// The stays `sql` reads, then their own payments' expenses: a second
/// statement once the stays are read, never while (PostgreSQL sends one
/// statement at a time).
fn read_stays(db: &Db<'_>, sql: &str, params: Params<'_>) -> Result<Vec<StayRow>> {
    let rows = db.query_map(sql, params, read_stay)?;
    let paying: Vec<i64> = rows.iter().filter(|raw| raw.payment.is_some()).map(|raw| raw.ints[0]).collect();
    let mut expenses = expenses_of(db, &paying)?;
    rows.into_iter()
        .map(|raw| {
            let fixed = expenses.remove(&raw.ints[0]).unwrap_or_default();
            to_row(raw, fixed)
        })
        .collect()
}

fn load_stay(db: &Db<'_>, id: i64) -> Result<StayRow> {
    query_stays(db, "WHERE s.id = ?1", &[&id])?.pop().ok_or(StoreError::NotFound { what: "ophold", id })
}

/// The stays that are not over: not ended and not refused. Matches the
/// partial index `stays_open` (SQLite reads `IS DISTINCT FROM` as the
/// `IS NOT` of its index; PostgreSQL knows only the first).
const OPEN: &str = "SELECT id FROM stays WHERE ended_on IS NULL AND decision IS DISTINCT FROM 'refused'";
/// Ended stays still waiting for a report. Matches `stays_reports_due`.
const REPORTS_DUE: &str = "SELECT id FROM stays WHERE ended_on IS NOT NULL AND (final_status_on IS NULL
    OR (end_kind = 'interrupted' AND interruption_reported_on IS NULL))";

/// The pane's stays (see [`Store::pane_stays`]) of the cases `allowed`
/// lets the viewer list: the access rule is in the query, so no case is
/// read to ask it.
pub(crate) fn pane_condition(allowed: &str) -> String {
    format!(
        "WHERE s.id IN ({OPEN} UNION ALL {REPORTS_DUE}
            UNION ALL SELECT id FROM stays WHERE ended_on IS NOT NULL AND ended_on >= ?1
            UNION ALL SELECT id FROM stays WHERE decision = 'refused' AND decided_on >= ?1)
            AND ({allowed})
         ORDER BY s.planned_start, s.id"
    )
}

/// The pane's statement ([`Store::pane_stays`]) under the access rule
/// `allowed`: the case (and the citizen) joined only if the rule names them.
pub(crate) fn pane_sql(allowed: &str) -> String {
    let cases = if names_table(allowed, "c") || names_table(allowed, "p") {
        format!("JOIN cases c ON c.id = s.case_id {}", citizens_for(allowed))
    } else {
        String::new()
    };
    format!("SELECT {UNNAMED_STAY_COLUMNS} {OWN_PAYMENT_FROM} {cases} {}", pane_condition(allowed))
}

/// The names of the cases whose ids are `marks`, on the primary keys.
fn people_sql(marks: &str) -> String {
    format!(
        "SELECT c.id, coalesce(p.name, p.pseudonym, ''), c.counsellor
         FROM cases c JOIN citizens p ON p.id = c.citizen_id WHERE c.id IN ({marks})"
    )
}

/// The stays of one case, by planned start: the index `stays_case`.
const CASE_STAYS: &str = "WHERE s.case_id = ?1 ORDER BY s.planned_start, s.id";
/// The stays at one provider, by id: the index `stays_provider`.
const PROVIDER_STAYS: &str = "WHERE s.provider_id = ?1 ORDER BY s.id";

/// The pane's stays on `today` under the access rule `allowed`
/// ([`allowed_sql`]), `user` the viewer's name: bound only when the rule
/// names it (`?2`), as a statement's parameters must all be used.
fn pane_stays_on(db: &Db<'_>, allowed: &str, user: &str, today: NaiveDate) -> Result<Vec<Stay>> {
    let since = date_text(dates::add_days(today, -RECENT_DAYS));
    let mut params: Vec<&dyn ToValue> = vec![&since];
    if allowed.contains("?2") {
        params.push(&user);
    }
    let rows = read_stays(db, &pane_sql(allowed), &params)?;
    Ok(rows.into_iter().map(|r| r.stay).collect())
}

/// The citizen and counsellor of each of `case_ids`, by case, a batch of
/// cases a statement.
fn people_of(db: &Db<'_>, case_ids: &[i64]) -> Result<HashMap<i64, StayPeople>> {
    let mut people = HashMap::new();
    for chunk in case_ids.chunks(super::BULK) {
        let marks = vec!["?"; chunk.len()].join(",");
        let params: Vec<&dyn ToValue> = chunk.iter().map(|id| id as &dyn ToValue).collect();
        db.query_each(&people_sql(&marks), &params, |r| {
            let (case_id, citizen, counsellor) = r.columns()?;
            people.insert(case_id, StayPeople { citizen, counsellor });
            Ok(())
        })?;
    }
    Ok(people)
}

/// [`Store::stays_for_totals`] on any connection.
pub(crate) fn stays_for_totals_on(db: &Db<'_>, year: i32) -> Result<Vec<Stay>> {
    let since = format!("{:04}-01-01", year - 1);
    query_bare_stays(db, &totals_condition(), &[&since])
}

/// The stays the totals of a year and the year before need: those not
/// ended (nor refused), and those ended since `?1`, 1 January last year.
fn totals_condition() -> String {
    format!(
        "WHERE s.id IN ({OPEN} UNION ALL SELECT id FROM stays WHERE ended_on IS NOT NULL AND ended_on >= ?1)
         ORDER BY s.id"
    )
}

/// The stays that may have something due: not over, or waiting for a
/// report, in id order.
fn due_condition() -> String {
    format!("WHERE s.id IN ({OPEN} UNION ALL {REPORTS_DUE}) ORDER BY s.id")
}

impl Store {
    /// The Døgn pane's stays on `today`: every stay not ended or refused,
    /// every ended stay still waiting for a report from its provider, and
    /// those ended or refused within [`RECENT_DAYS`]. By planned start.
    /// Only the stays of cases the person asking may list are in it (a
    /// §101a case's only for the anonymous team; none for an administrator),
    /// asked in the SQL ([`allowed_sql`]) rather than a case at a time.
    ///
    /// Read without the citizens' names and the counsellors (the case and
    /// the citizen of every stay are pages scattered over a large file):
    /// [`Store::stay_people`] reads them for the stays shown. The case is
    /// joined only when the access rule asks about it.
    pub fn pane_stays(&self, today: NaiveDate) -> Result<Vec<Stay>> {
        let viewer = self.viewer(false)?;
        pane_stays_on(&self.db(), &allowed_sql(&viewer, CaseAction::List), &viewer.user, today)
    }

    /// The citizen's name (or pseudonym) and the counsellor of each of
    /// `case_ids`, by case: a lookup of each case and citizen on their
    /// keys, for the few stays a list shows at a time.
    pub fn stay_people(&self, case_ids: &[i64]) -> Result<HashMap<i64, StayPeople>> {
        people_of(&self.db(), case_ids)
    }

    /// The stays the totals of `year` and the year before need: those not
    /// ended (nor refused), and those ended since 1 January of last year,
    /// whoever may list their cases (the totals are the centre's). Read
    /// without their own payments: the cost is the provider's prices.
    pub fn stays_for_totals(&self, year: i32) -> Result<Vec<Stay>> {
        stays_for_totals_on(&self.db(), year)
    }

    /// Stays that may have something due: not over, or waiting for a report.
    pub(crate) fn due_candidate_stays(&self, scope: DueScope) -> Result<Vec<StayRow>> {
        query_stays(&self.db(), &scope.narrow(&due_condition(), "s.case_id"), &[])
    }

    /// The stays of one case, refused ones too, by planned start. Reads the
    /// index `stays_case`.
    pub fn case_stays(&self, case_id: i64) -> Result<Vec<Stay>> {
        let rows = query_stays(&self.db(), CASE_STAYS, &[&case_id])?;
        Ok(rows.into_iter().map(|r| r.stay).collect())
    }

    /// The stays at one provider, in id order. Reads the index
    /// `stays_provider`.
    pub fn provider_stays(&self, provider_id: i64) -> Result<Vec<Stay>> {
        let rows = query_stays(&self.db(), PROVIDER_STAYS, &[&provider_id])?;
        Ok(rows.into_iter().map(|r| r.stay).collect())
    }

    /// Every stay, in id order (for export).
    pub fn all_stays(&self) -> Result<Vec<Stay>> {
        Ok(query_stays(&self.db(), "ORDER BY s.id", &[])?.into_iter().map(|r| r.stay).collect())
    }

    /// Opens one stay to look at it: recorded in the audit trail.
    pub fn view_stay(&mut self, id: i64) -> Result<StayRow> {
        let row = load_stay(&self.db(), id)?;
        self.record_read("view", "stay", Some(id), "")?;
        Ok(row)
    }

    /// The recorded steps of a stay, oldest first.
    pub fn stay_events(&self, stay_id: i64) -> Result<Vec<StayEvent>> {
        events_of(&self.db(), Some(stay_id))
    }

    /// Records a checked recommendation: the stay and its first event, in
    /// one transaction. Returns the stay's number.
    pub fn recommend_stay(&mut self, stay: &Stay) -> Result<i64> {
        let actor = self.actor().to_string();
        self.write("recommend_stay", "stay", |db| {
            // A colleague may have recommended a stay in the same days meanwhile.
            let others = query_stays(db, "WHERE s.case_id = ?1", &[&stay.case_id])?;
            if let Some(NewStayProblem::Overlaps { stay_id, .. }) =
                overlapping_stay(stay, others.iter().map(|r| &r.stay))
            {
                return Err(conflict(db, Record::Stay(stay_id), Found::StayOverlaps { case: stay.case_id }, None));
            }
            let id = write::insert_stay_on(db, &Stay { id: 0, ..stay.clone() })?;
            insert_event(db, id, "recommended", stay.recommendation.on, None, &actor)?;
            Ok((id, Some(id), format!("sag {}", stay.case_id)))
        })
    }

    /// Records a checked step, with who and when, in one transaction. The
    /// step is checked again against the stay as stored now, so two
    /// counsellors acting at once cannot undo each other's step.
    pub fn record_stay_step(&mut self, stay_id: i64, step: &StayStep) -> Result<StayRow> {
        let actor = self.actor().to_string();
        let kind = step.kind();
        self.write("record_stay_step", "stay", |tx| {
            let row = stay_step_in(tx, stay_id, step, &actor)?;
            Ok((row, Some(stay_id), enum_id(&kind)))
        })
    }

    /// Saves the own payment as calculated (and told) with the stay; a new
    /// calculation replaces the last, and the history keeps each amount.
    /// Refused if a colleague saved one after `opened` (the form's mark):
    /// it would be replaced unseen.
    pub fn save_own_payment(
        &mut self,
        stay_id: i64,
        told: &ToldOwnPayment,
        today: NaiveDate,
        opened: Opened,
    ) -> Result<StayRow> {
        let actor = self.actor().to_string();
        self.write("save_own_payment", "stay", |db| {
            load_stay(db, stay_id)?;
            unchanged_since(db, Record::OwnPayment(stay_id), opened)?;
            write_own_payment(db, stay_id, told)?;
            let on = told.told_on.unwrap_or(today);
            insert_event(db, stay_id, "own_payment", on, Some(&told.result.per_month.0.to_string()), &actor)?;
            Ok((load_stay(db, stay_id)?, Some(stay_id), String::new()))
        })
    }
}

/// Records a step inside the caller's transaction, checked against the
/// stay as stored there, with its event. Ending a course in treatment ends
/// the case's stay through this too, so it follows the Døgn pane's rules.
pub(crate) fn stay_step_in(db: &Db<'_>, stay_id: i64, step: &StayStep, actor: &str) -> Result<StayRow> {
    let mut row = load_stay(db, stay_id)?;
    if let Err(problem) = check_stay_step(step, &row.stay) {
        return Err(conflict(db, Record::Stay(stay_id), Found::StayStep(problem), None));
    }
    apply_stay_step(&mut row.stay, step);
    write_state(db, &row.stay)?;
    let detail = match step {
        StayStep::Approve { by, .. } => Some(by.clone()),
        StayStep::Refuse { by, reason, .. } => Some(format!("{by}: {reason}")),
        _ => None,
    };
    insert_event(db, stay_id, &enum_id(&step.kind()), step.date(), detail.as_deref(), actor)?;
    Ok(row)
}

/// The recorded steps of one stay, or of every stay (for export), in id
/// order.
pub(crate) fn load_events(db: &Db<'_>, stay_id: Option<i64>) -> Result<Vec<StayEvent>> {
    events_of(db, stay_id)
}

const EVENT_COLUMNS: &str = "SELECT id, stay_id, kind, on_date, detail, actor, recorded_at FROM stay_events";

fn events_of(db: &Db<'_>, stay_id: Option<i64>) -> Result<Vec<StayEvent>> {
    let rows: Vec<RawEvent> = match stay_id {
        Some(id) => {
            db.query_map(&format!("{EVENT_COLUMNS} WHERE stay_id = ?1 ORDER BY id"), &[&id], |r| r.columns())?
        }
        None => db.query_map(&format!("{EVENT_COLUMNS} ORDER BY id"), &[], |r| r.columns())?,
    };
    rows.into_iter()
        .map(|(id, stay_id, kind, on, detail, actor, recorded_at)| {
            Ok(StayEvent { id, stay_id, kind, on: parse_day(&on)?, detail, actor, recorded_at })
        })
        .collect()
}

type RawEvent = (i64, i64, String, String, Option<String>, String, String);

/// The id a stay step kind has in the store and in the export format.
pub fn stay_step_id(kind: StayStepKind) -> String {
    enum_id(&kind)
}
