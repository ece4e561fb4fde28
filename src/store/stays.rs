//! Residential stays: providers and their prices, the stays, their steps
//! and the own payment told to the citizen.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::cases::{DATE, enum_id, parse_enum};
use super::{Result, Store, StoreError, now_stamp};
use crate::domain::dates;
use crate::domain::money::Ore;
use crate::domain::stay::{
    ContractTerms, Decision, EarlyEndFee, EndKind, Ending, OwnPaymentInput, OwnPaymentSettings, Price, Provider,
    Recommendation, Stay, StayStep, StayStepKind, ToldOwnPayment, apply_stay_step, check_stay_step, own_payment,
};

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

fn date_text(d: NaiveDate) -> String {
    d.format(DATE).to_string()
}

fn opt_date(d: Option<NaiveDate>) -> Option<String> {
    d.map(date_text)
}

fn parse_date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, DATE).map_err(|_| StoreError::Corrupt(format!("dato '{text}'")))
}

fn parse_opt_date(text: Option<String>) -> Result<Option<NaiveDate>> {
    text.as_deref().map(parse_date).transpose()
}

// ---------------------------------------------------------------------------
// Providers
// ---------------------------------------------------------------------------

fn read_provider(r: &Row<'_>) -> rusqlite::Result<Provider> {
    let fee: Option<i64> = r.get(6)?;
    let within: Option<u32> = r.get(7)?;
    Ok(Provider {
        id: r.get(0)?,
        name: r.get(1)?,
        tilbudsportalen_id: r.get(2)?,
        contact: r.get(3)?,
        terms: ContractTerms {
            bill_intake_day: r.get(4)?,
            bill_discharge_day: r.get(5)?,
            early_end_fee: match (fee, within) {
                (Some(fee), Some(within_days)) => Some(EarlyEndFee { within_days, fee: Ore(fee) }),
                _ => None,
            },
        },
        food_per_day: r.get::<_, Option<i64>>(8)?.map(Ore),
        lodging_per_day: r.get::<_, Option<i64>>(9)?.map(Ore),
        prices: Vec::new(),
    })
}

/// Every provider with its prices, in id order.
pub(crate) fn load_providers(conn: &Connection) -> Result<Vec<Provider>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, tilbudsportalen_id, contact, bill_intake_day, bill_discharge_day, early_end_fee,
            early_end_within_days, food_per_day, lodging_per_day FROM providers ORDER BY id",
    )?;
    let mut providers = stmt.query_map([], read_provider)?.collect::<rusqlite::Result<Vec<_>>>()?;
    for (provider_id, price) in load_prices(conn)? {
        if let Some(p) = providers.iter_mut().find(|p| p.id == provider_id) {
            p.prices.push(price.1);
        }
    }
    Ok(providers)
}

/// Every price with its id, in id order: `(provider, (id, price))`.
pub(crate) fn load_prices(conn: &Connection) -> Result<Vec<(i64, (i64, Price))>> {
    let mut stmt = conn
        .prepare_cached("SELECT id, provider_id, service, unit, amount, valid_from FROM provider_prices ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get(4)?,
                r.get::<_, String>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, provider_id, service, unit, amount, valid_from)| {
            Ok((
                provider_id,
                (
                    id,
                    Price {
                        service: parse_enum(&service)?,
                        unit: parse_enum(&unit)?,
                        amount: Ore(amount),
                        valid_from: parse_date(&valid_from)?,
                    },
                ),
            ))
        })
        .collect()
}

pub(crate) fn insert_provider(tx: &Transaction<'_>, p: &Provider) -> Result<i64> {
    let fee = p.terms.early_end_fee;
    tx.execute(
        "INSERT INTO providers (id, name, tilbudsportalen_id, contact, bill_intake_day, bill_discharge_day,
            early_end_fee, early_end_within_days, food_per_day, lodging_per_day)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            (p.id != 0).then_some(p.id),
            p.name,
            p.tilbudsportalen_id,
            p.contact,
            p.terms.bill_intake_day,
            p.terms.bill_discharge_day,
            fee.map(|f| f.fee.0),
            fee.map(|f| f.within_days),
            p.food_per_day.map(|a| a.0),
            p.lodging_per_day.map(|a| a.0),
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn insert_price(tx: &Transaction<'_>, id: Option<i64>, provider_id: i64, price: &Price) -> Result<()> {
    tx.execute(
        "INSERT INTO provider_prices (id, provider_id, service, unit, amount, valid_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            id,
            provider_id,
            enum_id(&price.service),
            enum_id(&price.unit),
            price.amount.0,
            date_text(price.valid_from)
        ],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Stays
// ---------------------------------------------------------------------------

const STAY_COLUMNS: &str = "s.id, s.case_id, s.provider_id, s.planned_start, s.planned_end, s.recommended_on,
    s.recommended_by, s.recommendation, s.decision, s.decided_on, s.decided_by, s.decision_note, s.started_on,
    s.midway_status_on, s.ended_on, s.end_kind, s.interruption_reported_on, s.final_status_on,
    s.aftercare_started_on,
    (SELECT group_concat(service, ',') FROM stay_services v WHERE v.stay_id = s.id),
    o.monthly_income, o.keeps_own_home, o.food_per_day, o.lodging_per_day, o.days_in_month,
    o.amount_kept_per_month, o.per_month, o.per_day, o.told_on,
    coalesce(p.name, p.pseudonym, ''), c.counsellor";

const STAY_FROM: &str = "FROM stays s JOIN cases c ON c.id = s.case_id JOIN citizens p ON p.id = c.citizen_id
    LEFT JOIN stay_own_payments o ON o.stay_id = s.id";

/// A stay row as stored, turned into a [`Stay`] outside the row callback so
/// that a bad value becomes a clear error.
struct RawStay {
    ints: [i64; 3],
    texts: [Option<String>; 17],
    payment: Option<RawPayment>,
    citizen: String,
    counsellor: String,
}

/// The own payment's columns: income, keeps own home, food, lodging, days,
/// amount kept, per month, per day, told on.
type RawPayment = (i64, bool, i64, i64, u32, i64, i64, i64, Option<String>);

fn read_stay(r: &Row<'_>) -> rusqlite::Result<RawStay> {
    let mut texts: [Option<String>; 17] = Default::default();
    for (i, t) in texts.iter_mut().enumerate() {
        *t = r.get(3 + i)?;
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
            r.get(28)?,
        )),
        None => None,
    };
    Ok(RawStay { ints: [r.get(0)?, r.get(1)?, r.get(2)?], texts, payment, citizen: r.get(29)?, counsellor: r.get(30)? })
}

fn to_row(conn: &Connection, raw: RawStay) -> Result<StayRow> {
    let [id, case_id, provider_id] = raw.ints;
    let [
        planned_start,
        planned_end,
        recommended_on,
        recommended_by,
        recommendation,
        decision,
        decided_on,
        decided_by,
        decision_note,
        started_on,
        midway,
        ended_on,
        end_kind,
        reported_on,
        final_status_on,
        aftercare,
        services,
    ] = raw.texts;
    let required = |t: Option<String>, what: &str| t.ok_or_else(|| StoreError::Corrupt(format!("ophold {id}: {what}")));
    let decision = match (decision.as_deref(), parse_opt_date(decided_on)?) {
        (None, None) => None,
        (Some(kind), Some(on)) => Some(Decision {
            approved: kind == "approved",
            on,
            by: decided_by.unwrap_or_default(),
            note: decision_note.unwrap_or_default(),
        }),
        _ => return Err(StoreError::Corrupt(format!("ophold {id}: afgørelse"))),
    };
    let ended = match (parse_opt_date(ended_on)?, end_kind) {
        (None, None) => None,
        (Some(on), Some(kind)) => {
            Some(Ending { on, kind: parse_enum::<EndKind>(&kind)?, reported_on: parse_opt_date(reported_on)? })
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
                fixed_expenses: load_expenses(conn, id)?,
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
            Some(ToldOwnPayment { input, settings, result, told_on: parse_opt_date(told_on)? })
        }
    };
    Ok(StayRow {
        stay: Stay {
            id,
            case_id,
            provider_id,
            services,
            planned_start: parse_date(&required(planned_start, "planlagt start")?)?,
            planned_end: parse_date(&required(planned_end, "planlagt slut")?)?,
            recommendation: Recommendation {
                on: parse_date(&required(recommended_on, "indstillet")?)?,
                by: recommended_by.unwrap_or_default(),
                text: recommendation.unwrap_or_default(),
            },
            decision,
            started_on: parse_opt_date(started_on)?,
            midway_status_on: parse_opt_date(midway)?,
            ended,
            final_status_on: parse_opt_date(final_status_on)?,
            aftercare_started_on: parse_opt_date(aftercare)?,
            own_payment,
        },
        citizen: raw.citizen,
        counsellor: raw.counsellor,
    })
}

fn load_expenses(conn: &Connection, stay_id: i64) -> Result<Vec<(String, Ore)>> {
    let mut stmt =
        conn.prepare_cached("SELECT name, amount FROM stay_own_payment_expenses WHERE stay_id = ?1 ORDER BY position")?;
    let rows = stmt.query_map([stay_id], |r| Ok((r.get::<_, String>(0)?, Ore(r.get(1)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn query_stays(conn: &Connection, condition: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Vec<StayRow>> {
    let sql = format!("SELECT {STAY_COLUMNS} {STAY_FROM} {condition}");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params, read_stay)?.collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(|raw| to_row(conn, raw)).collect()
}

fn load_stay(conn: &Connection, id: i64) -> Result<StayRow> {
    query_stays(conn, "WHERE s.id = ?1", &[&id])?.pop().ok_or(StoreError::NotFound { what: "ophold", id })
}

/// The stays that are not over: not ended and not refused. Matches the
/// partial index `stays_open`.
const OPEN: &str = "SELECT id FROM stays WHERE ended_on IS NULL AND decision IS NOT 'refused'";
/// Ended stays still waiting for a report. Matches `stays_reports_due`.
const REPORTS_DUE: &str = "SELECT id FROM stays WHERE ended_on IS NOT NULL AND (final_status_on IS NULL
    OR (end_kind = 'interrupted' AND interruption_reported_on IS NULL))";

pub(crate) fn pane_condition() -> String {
    format!(
        "WHERE s.id IN ({OPEN} UNION ALL {REPORTS_DUE}
            UNION ALL SELECT id FROM stays WHERE ended_on IS NOT NULL AND ended_on >= ?1
            UNION ALL SELECT id FROM stays WHERE decision = 'refused' AND decided_on >= ?1)
         ORDER BY s.planned_start, s.id"
    )
}

impl Store {
    /// Every provider with its prices, in id order.
    pub fn providers(&self) -> Result<Vec<Provider>> {
        load_providers(self.conn())
    }

    /// Registers a checked provider; returns its number.
    pub fn add_provider(&mut self, provider: &Provider) -> Result<i64> {
        let name = provider.name.clone();
        self.write("add_provider", "provider", |tx| {
            let id = insert_provider(tx, &Provider { id: 0, ..provider.clone() })?;
            Ok((id, Some(id), name))
        })
    }

    /// Changes a provider's name, contact, terms and figures; its prices stay.
    pub fn update_provider(&mut self, id: i64, provider: &Provider) -> Result<()> {
        let name = provider.name.clone();
        self.write("update_provider", "provider", |tx| {
            let fee = provider.terms.early_end_fee;
            let changed = tx.execute(
                "UPDATE providers SET name = ?1, tilbudsportalen_id = ?2, contact = ?3, bill_intake_day = ?4,
                    bill_discharge_day = ?5, early_end_fee = ?6, early_end_within_days = ?7, food_per_day = ?8,
                    lodging_per_day = ?9 WHERE id = ?10",
                params![
                    provider.name,
                    provider.tilbudsportalen_id,
                    provider.contact,
                    provider.terms.bill_intake_day,
                    provider.terms.bill_discharge_day,
                    fee.map(|f| f.fee.0),
                    fee.map(|f| f.within_days),
                    provider.food_per_day.map(|a| a.0),
                    provider.lodging_per_day.map(|a| a.0),
                    id,
                ],
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound { what: "leverandør", id });
            }
            Ok(((), Some(id), name))
        })
    }

    /// Sets a provider's price of a service from a day; a price already set
    /// for that service and day is replaced.
    pub fn set_price(&mut self, provider_id: i64, price: &Price) -> Result<()> {
        let detail = format!(
            "{} {} {} fra {}",
            enum_id(&price.service),
            enum_id(&price.unit),
            price.amount.0,
            date_text(price.valid_from)
        );
        self.write("set_price", "provider", |tx| {
            let exists: Option<i64> =
                tx.query_row("SELECT id FROM providers WHERE id = ?1", [provider_id], |r| r.get(0)).optional()?;
            if exists.is_none() {
                return Err(StoreError::NotFound { what: "leverandør", id: provider_id });
            }
            tx.execute(
                "DELETE FROM provider_prices WHERE provider_id = ?1 AND service = ?2 AND valid_from = ?3",
                params![provider_id, enum_id(&price.service), date_text(price.valid_from)],
            )?;
            insert_price(tx, None, provider_id, price)?;
            Ok(((), Some(provider_id), detail))
        })
    }

    /// The Døgn pane's stays on `today`: every stay not ended or refused,
    /// every ended stay still waiting for a report from its provider, and
    /// those ended or refused within [`RECENT_DAYS`]. By planned start.
    pub fn pane_stays(&self, today: NaiveDate) -> Result<Vec<StayRow>> {
        let since = date_text(dates::add_days(today, -RECENT_DAYS));
        query_stays(self.conn(), &pane_condition(), &[&since])
    }

    /// The stays the totals of `year` and the year before need: those not
    /// ended (nor refused), and those ended since 1 January of last year.
    pub fn stays_for_totals(&self, year: i32) -> Result<Vec<Stay>> {
        let since = format!("{:04}-01-01", year - 1);
        let condition = format!(
            "WHERE s.id IN ({OPEN} UNION ALL SELECT id FROM stays WHERE ended_on IS NOT NULL AND ended_on >= ?1)
             ORDER BY s.id"
        );
        Ok(query_stays(self.conn(), &condition, &[&since])?.into_iter().map(|r| r.stay).collect())
    }

    /// Stays that may have something due: not over, or waiting for a report.
    pub(crate) fn due_candidate_stays(&self) -> Result<Vec<StayRow>> {
        query_stays(self.conn(), &format!("WHERE s.id IN ({OPEN} UNION ALL {REPORTS_DUE}) ORDER BY s.id"), &[])
    }

    /// Every stay, in id order (for export).
    pub fn all_stays(&self) -> Result<Vec<Stay>> {
        Ok(query_stays(self.conn(), "ORDER BY s.id", &[])?.into_iter().map(|r| r.stay).collect())
    }

    /// Opens one stay to look at it: recorded in the audit trail.
    pub fn view_stay(&mut self, id: i64) -> Result<StayRow> {
        let row = load_stay(self.conn(), id)?;
        self.record_read("view", "stay", Some(id), "")?;
        Ok(row)
    }

    /// The recorded steps of a stay, oldest first.
    pub fn stay_events(&self, stay_id: i64) -> Result<Vec<StayEvent>> {
        load_events(self.conn(), Some(stay_id))
    }

    /// Records a checked recommendation: the stay and its first event, in
    /// one transaction. Returns the stay's number.
    pub fn recommend_stay(&mut self, stay: &Stay) -> Result<i64> {
        let actor = self.actor().to_string();
        self.write("recommend_stay", "stay", |tx| {
            let id = insert_stay(tx, &Stay { id: 0, ..stay.clone() })?;
            insert_event(tx, id, "recommended", stay.recommendation.on, None, &actor)?;
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
            let mut row = load_stay(tx, stay_id)?;
            check_stay_step(step, &row.stay).map_err(|p| StoreError::Changed(format!("{p:?}")))?;
            apply_stay_step(&mut row.stay, step);
            write_state(tx, &row.stay)?;
            let detail = match step {
                StayStep::Approve { by, .. } => Some(by.clone()),
                StayStep::Refuse { by, reason, .. } => Some(format!("{by}: {reason}")),
                _ => None,
            };
            insert_event(tx, stay_id, &enum_id(&kind), step.date(), detail.as_deref(), &actor)?;
            Ok((row, Some(stay_id), enum_id(&kind)))
        })
    }

    /// Saves the own payment as calculated (and told) with the stay; a new
    /// calculation replaces the last, and the history keeps each amount.
    pub fn save_own_payment(&mut self, stay_id: i64, told: &ToldOwnPayment, today: NaiveDate) -> Result<StayRow> {
        let actor = self.actor().to_string();
        self.write("save_own_payment", "stay", |tx| {
            load_stay(tx, stay_id)?;
            write_own_payment(tx, stay_id, told)?;
            let on = told.told_on.unwrap_or(today);
            insert_event(tx, stay_id, "own_payment", on, Some(&told.result.per_month.0.to_string()), &actor)?;
            Ok((load_stay(tx, stay_id)?, Some(stay_id), String::new()))
        })
    }
}

pub(crate) fn load_events(conn: &Connection, stay_id: Option<i64>) -> Result<Vec<StayEvent>> {
    let sql = "SELECT id, stay_id, kind, on_date, detail, actor, recorded_at FROM stay_events";
    let rows = match stay_id {
        Some(id) => {
            let mut stmt = conn.prepare_cached(&format!("{sql} WHERE stay_id = ?1 ORDER BY id"))?;
            stmt.query_map([id], read_event)?.collect::<rusqlite::Result<Vec<_>>>()?
        }
        None => {
            let mut stmt = conn.prepare_cached(&format!("{sql} ORDER BY id"))?;
            stmt.query_map([], read_event)?.collect::<rusqlite::Result<Vec<_>>>()?
        }
    };
    rows.into_iter()
        .map(|(id, stay_id, kind, on, detail, actor, recorded_at)| {
            Ok(StayEvent { id, stay_id, kind, on: parse_date(&on)?, detail, actor, recorded_at })
        })
        .collect()
}

type RawEvent = (i64, i64, String, String, Option<String>, String, String);

fn read_event(r: &Row<'_>) -> rusqlite::Result<RawEvent> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
}

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

fn write_state(tx: &Transaction<'_>, stay: &Stay) -> Result<()> {
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

fn write_own_payment(tx: &Transaction<'_>, stay_id: i64, told: &ToldOwnPayment) -> Result<()> {
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

/// The id a stay step kind has in the store and in the export format.
pub fn stay_step_id(kind: StayStepKind) -> String {
    enum_id(&kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plan of a query: one line per step SQLite takes.
    fn plan(store: &Store, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Vec<String> {
        let mut stmt = store.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        stmt.query_map(params, |r| r.get::<_, String>(3)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
    }

    #[test]
    fn the_panes_and_dues_queries_use_their_indexes_and_never_scan_every_stay() {
        let store = Store::open_in_memory("anna").unwrap();
        let since = "2025-12-17";
        let queries: Vec<(String, Vec<&dyn rusqlite::ToSql>, &[&str])> = vec![
            (
                format!("SELECT {STAY_COLUMNS} {STAY_FROM} {}", pane_condition()),
                vec![&since],
                &["stays_open", "stays_reports_due", "stays_ended", "stays_refused"],
            ),
            (
                format!(
                    "SELECT {STAY_COLUMNS} {STAY_FROM} WHERE s.id IN ({OPEN} UNION ALL {REPORTS_DUE}) ORDER BY s.id"
                ),
                vec![],
                &["stays_open", "stays_reports_due"],
            ),
            (
                format!(
                    "SELECT {STAY_COLUMNS} {STAY_FROM} WHERE s.id IN ({OPEN}
                        UNION ALL SELECT id FROM stays WHERE ended_on IS NOT NULL AND ended_on >= ?1) ORDER BY s.id"
                ),
                vec![&since],
                &["stays_open", "stays_ended"],
            ),
        ];
        for (sql, params, indexes) in queries {
            let steps = plan(&store, &sql, &params);
            let text = steps.join("\n");
            for index in indexes {
                assert!(text.contains(index), "{index} not used:\n{text}");
            }
            // A scan of a partial index reads only its rows; a scan of the
            // table itself reads every stay ever recorded.
            assert!(!steps.iter().any(|s| s == "SCAN stays" || s == "SCAN s"), "a full scan of the stays:\n{text}");
        }
    }
}
