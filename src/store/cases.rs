//! Citizens, intake cases and their steps.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::Value;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::access::Viewer;
use super::citizens::{citizen_for_contact, write_circumstances};
use super::conflict::{Found, Record, conflict};
use super::deadlines::DueScope;
use super::engine::{Db, Params, Row, ToValue};
use super::{Result, Store, StoreError, now_stamp};
use crate::domain::cpr::Cpr;
use crate::domain::intake::{Case, Identity, NewContact, Progress, Reasoned, Step, apply_step, case_problem};

/// One recorded step of a case: the history the detail view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEvent {
    pub id: i64,
    pub case_id: i64,
    /// `registered`, or a step kind's id.
    pub kind: String,
    pub on: NaiveDate,
    pub reason: Option<String>,
    pub wanted: Option<bool>,
    pub actor: String,
    pub recorded_at: String,
    /// An `undone` event: the step event it takes back.
    pub undoes: Option<i64>,
    /// A `reassigned` event: the counsellor the case was handed to.
    pub counsellor: Option<String>,
}

/// The stable text id of a serde enum value (`own_use`, `in_person`, ...):
/// the same ids the export format uses, so there is one spelling.
pub(crate) fn enum_id<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => unreachable!("not a unit enum: {other:?}"),
    }
}

pub(crate) fn parse_enum<T: DeserializeOwned>(id: &str) -> Result<T> {
    // Read in place: no `String` and JSON value made for each of the
    // export's million stored names.
    T::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(id))
        .map_err(|_| StoreError::Corrupt(format!("ukendt værdi '{id}'")))
}

pub(crate) const DATE: &str = "%Y-%m-%d";
pub(crate) const DATE_TIME: &str = "%Y-%m-%dT%H:%M:%S";

pub(crate) fn date_text(d: Option<NaiveDate>) -> Option<String> {
    d.map(super::children::day_text)
}

pub(crate) fn parse_date(text: Option<String>) -> Result<Option<NaiveDate>> {
    text.as_deref().map(parse_day).transpose()
}

/// A stored day (`YYYY-MM-DD`). The stored form is read by hand first:
/// chrono's general parser walks its format items for every date, and
/// `due` reads some 60,000 dates on a large centre. Anything else goes
/// to chrono, so what is accepted and refused is unchanged.
pub(crate) fn parse_day(text: &str) -> Result<NaiveDate> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    let stored = (b.len() == 10 && b[4] == b'-' && b[7] == b'-')
        .then(|| NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?))
        .flatten();
    stored
        .or_else(|| NaiveDate::parse_from_str(text, DATE).ok())
        .ok_or_else(|| StoreError::Corrupt(format!("dato '{text}'")))
}

const CASE_COLUMNS: &str = "c.id, c.citizen_id, c.kind, c.channel, c.contact_at, p.name, p.cpr, p.pseudonym,
    p.home_municipality, c.counsellor, c.children, c.parental_consent, c.note, c.referred_young,
    c.visitation_on, c.consent_on, c.doctor_offered_on, c.doctor_wanted, c.doctor_held_on,
    c.free_choice_on, c.free_choice_reason, c.special_on, c.special_reason,
    c.treatment_started_on, c.closed_on, c.closed_reason,
    (SELECT string_agg(substance, ',') FROM case_substances s WHERE s.case_id = c.id), c.closing_reason";

/// A case row as stored, read by name; turned into a [`Case`] outside the
/// row callback so that a bad value becomes a clear error.
struct RawCase {
    id: i64,
    citizen_id: i64,
    kind: String,
    channel: String,
    contact_at: String,
    name: Option<String>,
    cpr: Option<String>,
    pseudonym: Option<String>,
    home_municipality: String,
    counsellor: String,
    children: String,
    parental_consent: Option<bool>,
    note: String,
    referred_young: bool,
    visitation_on: Option<String>,
    consent_on: Option<String>,
    doctor_offered_on: Option<String>,
    doctor_wanted: Option<bool>,
    doctor_held_on: Option<String>,
    free_choice: (Option<String>, Option<String>),
    special: (Option<String>, Option<String>),
    treatment_started_on: Option<String>,
    closed: (Option<String>, Option<String>),
    substances: Option<String>,
    closing_reason: Option<String>,
}

fn read_row(r: &Row<'_>) -> super::engine::Result<RawCase> {
    Ok(RawCase {
        id: r.get(0)?,
        citizen_id: r.get(1)?,
        kind: r.get(2)?,
        channel: r.get(3)?,
        contact_at: r.get(4)?,
        name: r.get(5)?,
        cpr: r.get(6)?,
        pseudonym: r.get(7)?,
        home_municipality: r.get(8)?,
        counsellor: r.get(9)?,
        children: r.get(10)?,
        parental_consent: r.get(11)?,
        note: r.get(12)?,
        referred_young: r.get(13)?,
        visitation_on: r.get(14)?,
        consent_on: r.get(15)?,
        doctor_offered_on: r.get(16)?,
        doctor_wanted: r.get(17)?,
        doctor_held_on: r.get(18)?,
        free_choice: (r.get(19)?, r.get(20)?),
        special: (r.get(21)?, r.get(22)?),
        treatment_started_on: r.get(23)?,
        closed: (r.get(24)?, r.get(25)?),
        substances: r.get(26)?,
        closing_reason: r.get(27)?,
    })
}

fn reasoned((on, reason): (Option<String>, Option<String>)) -> Result<Option<Reasoned>> {
    Ok(parse_date(on)?.map(|on| Reasoned { on, reason: reason.unwrap_or_default() }))
}

fn to_case(raw: RawCase) -> Result<Case> {
    let identity = match (raw.name, raw.pseudonym) {
        (Some(name), None) => Identity::Named {
            name,
            cpr: raw
                .cpr
                .map(|c| Cpr::parse(&c).map(|(cpr, _)| cpr).map_err(|_| StoreError::Corrupt("CPR-nummer".into())))
                .transpose()?,
        },
        (None, Some(pseudonym)) => Identity::Anonymous { pseudonym },
        _ => {
            return Err(StoreError::Corrupt("borger uden navn eller pseudonym".into()));
        }
    };
    let mut substances = match raw.substances {
        Some(list) => list.split(',').map(parse_enum).collect::<Result<Vec<_>>>()?,
        None => Vec::new(),
    };
    substances.sort();
    Ok(Case {
        id: raw.id,
        citizen_id: raw.citizen_id,
        kind: parse_enum(&raw.kind)?,
        channel: parse_enum(&raw.channel)?,
        contact_at: NaiveDateTime::parse_from_str(&raw.contact_at, DATE_TIME)
            .map_err(|_| StoreError::Corrupt(format!("tidspunkt '{}'", raw.contact_at)))?,
        identity,
        home_municipality: raw.home_municipality,
        counsellor: raw.counsellor,
        substances,
        children: parse_enum(&raw.children)?,
        parental_consent: raw.parental_consent,
        note: raw.note,
        referred_young: raw.referred_young,
        progress: Progress {
            visitation_on: parse_date(raw.visitation_on)?,
            consent_on: parse_date(raw.consent_on)?,
            doctor_offered_on: parse_date(raw.doctor_offered_on)?,
            doctor_wanted: raw.doctor_wanted,
            doctor_held_on: parse_date(raw.doctor_held_on)?,
            free_choice: reasoned(raw.free_choice)?,
            special_assessment: reasoned(raw.special)?,
            treatment_started_on: parse_date(raw.treatment_started_on)?,
            closed: reasoned(raw.closed)?,
            closing_reason: raw.closing_reason.as_deref().map(parse_enum).transpose()?,
        },
    })
}

const INTAKE_OPEN: &str = "WHERE c.treatment_started_on IS NULL AND c.closed_on IS NULL ORDER BY c.contact_at";
const INTAKE_OPEN_MINE: &str =
    "WHERE c.treatment_started_on IS NULL AND c.closed_on IS NULL AND c.counsellor = ?1 ORDER BY c.contact_at";
/// The condition is the partial index `cases_due`'s, word for word, so
/// SQLite reads the index rather than every case.
const DUE_CANDIDATES: &str = "WHERE c.closed_on IS NULL AND (c.treatment_started_on IS NULL
    OR (c.doctor_held_on IS NULL AND (c.doctor_offered_on IS NULL OR c.doctor_wanted = 1)))
    ORDER BY c.id";

pub(super) fn query_cases_on(db: &Db<'_>, condition: &str, params: Params<'_>) -> Result<Vec<Case>> {
    let sql = format!("SELECT {CASE_COLUMNS} FROM cases c JOIN citizens p ON p.id = c.citizen_id {condition}");
    db.query_map(&sql, params, read_row)?.into_iter().map(to_case).collect()
}

/// [`Store::cases_by_id`] on any connection.
pub(super) fn cases_by_id_on(db: &Db<'_>, ids: &[i64]) -> Result<Vec<Case>> {
    let mut cases = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(super::BULK) {
        let marks = vec!["?"; chunk.len()].join(",");
        let params: Vec<&dyn ToValue> = chunk.iter().map(|id| id as &dyn ToValue).collect();
        cases.extend(query_cases_on(db, &format!("WHERE c.id IN ({marks}) ORDER BY c.id"), &params)?);
    }
    Ok(cases)
}

/// One case by number, read on any connection (a transaction too), so a
/// write can check the case as it stands inside its own transaction.
pub(crate) fn case_on(db: &Db<'_>, id: i64) -> Result<Option<Case>> {
    Ok(query_cases_on(db, "WHERE c.id = ?1", &[&id])?.pop())
}

impl Store {
    pub(super) fn query_cases(&self, condition: &str, params: Params<'_>) -> Result<Vec<Case>> {
        query_cases_on(&self.db(), condition, params)
    }

    /// Cases whose treatment has not started and that are not closed: the
    /// intake queue's material, as far as `viewer` may see it. Uses the
    /// partial index `cases_intake_open`.
    pub fn intake_open_cases(&self, viewer: &Viewer) -> Result<Vec<Case>> {
        let cases = match viewer.counsellor() {
            Some(who) => self.query_cases(INTAKE_OPEN_MINE, &[&who])?,
            None => self.query_cases(INTAKE_OPEN, &[])?,
        };
        Ok(cases.into_iter().filter_map(|c| viewer.shown(c)).collect())
    }

    /// Cases that may have something due: open intake cases, and started
    /// cases whose doctor's consultation is not yet done.
    pub(crate) fn due_candidate_cases(&self, scope: DueScope) -> Result<Vec<Case>> {
        self.query_cases(&scope.narrow(DUE_CANDIDATES, "c.id"), &[])
    }

    /// Every case, in case-number order (for export and reports).
    pub fn all_cases(&self) -> Result<Vec<Case>> {
        self.query_cases("ORDER BY c.id", &[])
    }

    /// Looks a case up by number to check a form against it; not a look at
    /// the record, so not audited. `None` when there is no such case.
    pub fn find_case(&self, id: i64) -> Result<Option<Case>> {
        Ok(self.query_cases("WHERE c.id = ?1", &[&id])?.pop())
    }

    /// One case, not audited: for lists, forms and checks. A person looking
    /// at a case goes through [`Store::view_case`].
    /// Cases by number, in number order, through the primary key a batch
    /// at a time: a few queries for a whole list, never one a case. Numbers
    /// with no case are left out.
    pub(crate) fn cases_by_id(&self, ids: &[i64]) -> Result<Vec<Case>> {
        cases_by_id_on(&self.db(), ids)
    }

    /// [`Store::cases_by_id`] by number, for merging with other rows; each
    /// of `ids` must be a case (else the first missing is `NotFound`, as
    /// [`Store::load_case`] says it).
    pub(crate) fn case_map(&self, ids: impl IntoIterator<Item = i64>) -> Result<HashMap<i64, Case>> {
        let mut ids: Vec<i64> = ids.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        let cases: HashMap<i64, Case> = self.cases_by_id(&ids)?.into_iter().map(|c| (c.id, c)).collect();
        match ids.iter().find(|id| !cases.contains_key(id)) {
            Some(&id) => Err(StoreError::NotFound { what: "sag", id }),
            None => Ok(cases),
        }
    }

    pub(crate) fn load_case(&self, id: i64) -> Result<Case> {
        self.query_cases("WHERE c.id = ?1", &[&id])?.pop().ok_or(StoreError::NotFound { what: "sag", id })
    }

    /// Opens one case to look at it: recorded in the audit trail.
    pub fn view_case(&mut self, id: i64) -> Result<Case> {
        let case = self.load_case(id)?;
        self.record_read("view", "case", Some(id), "")?;
        Ok(case)
    }

    /// Shows a case's CPR number in full: recorded in the audit trail.
    pub fn reveal_cpr(&mut self, case_id: i64) -> Result<Option<String>> {
        let case = self.load_case(case_id)?;
        self.record_read("reveal_cpr", "case", Some(case_id), "")?;
        Ok(case.identity.cpr().map(Cpr::full))
    }

    /// The recorded steps of a case, oldest first.
    pub fn case_events(&self, case_id: i64) -> Result<Vec<CaseEvent>> {
        case_events_on(&self.db(), case_id)
    }

    /// Registers a validated contact: the case, its first event and its
    /// circumstances, in one transaction, for a new citizen or the known
    /// one the counsellor confirmed (`contact.citizen`). A registration
    /// never changes a citizen: see `citizens::citizen_for_contact`.
    /// Returns the case number.
    pub fn register_contact(&mut self, contact: &NewContact) -> Result<i64> {
        let actor = self.actor().to_string();
        self.write("register_contact", "case", |db| {
            let case = &contact.case;
            let citizen_id =
                citizen_for_contact(db, contact.citizen, &case.identity, &case.home_municipality, &contact.details)?;
            let case_id = insert_case(db, &Case { id: 0, citizen_id, ..case.clone() })?;
            write_circumstances(db, case_id, &contact.circumstances)?;
            insert_event(db, case_id, "registered", case.contact_at.date(), None, None, &actor)?;
            Ok((case_id, Some(case_id), enum_id(&case.kind)))
        })
    }

    /// Records a checked step on a case, with who and when, in one
    /// transaction. The case is read inside that transaction and the step
    /// checked again against it (the domain's [`case_problem`]): a step a
    /// colleague's step or closing has since ruled out is refused with
    /// [`Found::IntakeStep`]. Only the columns the step changes are written,
    /// so two counsellors saving different steps at once keep both.
    pub fn record_step(&mut self, case_id: i64, step: &Step) -> Result<Case> {
        let actor = self.actor().to_string();
        let kind = step.kind();
        self.write("record_step", "case", |db| {
            let stored = case_on(db, case_id)?.ok_or(StoreError::NotFound { what: "sag", id: case_id })?;
            if let Some(problem) = case_problem(kind, &stored) {
                return Err(conflict(db, Record::Case(case_id), Found::IntakeStep(problem), None));
            }
            let mut case = stored.clone();
            apply_step(&mut case, step);
            write_progress_change(db, case_id, &stored.progress, &case.progress)?;
            insert_event(db, case_id, &enum_id(&kind), step.date(), step.reason(), step.wanted(), &actor)?;
            Ok((case, Some(case_id), enum_id(&kind)))
        })
    }
}

/// The recorded steps of a case, oldest first, read on any connection (a
/// transaction too).
pub(crate) fn case_events_on(db: &Db<'_>, case_id: i64) -> Result<Vec<CaseEvent>> {
    let rows = db.query_map(
        "SELECT id, case_id, kind, on_date, reason, wanted, actor, recorded_at, undoes, counsellor
         FROM case_events WHERE case_id = ?1 ORDER BY id",
        &[&case_id],
        |r| {
            Ok((
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get::<String>(3)?, r.get(4)?),
                (r.get::<Option<i64>>(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?),
            ))
        },
    )?;
    rows.into_iter()
        .map(|((id, case_id, kind, on, reason), (wanted, actor, recorded_at, undoes, counsellor))| {
            Ok(CaseEvent {
                id,
                case_id,
                kind,
                on: parse_date(Some(on))?.unwrap_or_default(),
                reason,
                wanted: wanted.map(|w| w != 0),
                actor,
                recorded_at,
                undoes,
                counsellor,
            })
        })
        .collect()
}

/// Inserts a case with its substances and progress; a case id of 0 takes
/// the next free number (the engine's: the id is left out of the INSERT).
/// Returns the case number.
pub(crate) fn insert_case(db: &Db<'_>, case: &Case) -> Result<i64> {
    // One INSERT with the progress in it, its text made once (with the id
    // and without), so the engine's statement cache finds it again.
    static SQL: std::sync::OnceLock<[String; 2]> = std::sync::OnceLock::new();
    let [with_id, new_id] = SQL.get_or_init(|| {
        let insert = |columns: &[&str]| {
            let values = (1..=columns.len()).map(|i| format!("?{i}")).collect::<Vec<_>>();
            format!("INSERT INTO cases ({}) VALUES ({}) RETURNING id", columns.join(", "), values.join(", "))
        };
        let columns = case_columns();
        [insert(&columns), insert(&columns[1..])]
    });
    let (sql, skip) = if case.id == 0 { (new_id, 1) } else { (with_id, 0) };
    let row: Vec<Value> = case_row(case).skip(skip).collect();
    let params: Vec<&dyn ToValue> = row.iter().map(|v| v as &dyn ToValue).collect();
    let id: i64 = db.query_row(sql, &params, |r| r.get(0))?;
    for s in &case.substances {
        db.execute("INSERT INTO case_substances (case_id, substance) VALUES (?1, ?2)", &[&id, &enum_id(s)])?;
    }
    Ok(id)
}

/// The columns of a case's row, in the order of [`case_row`].
pub(crate) fn case_columns() -> Vec<&'static str> {
    ["id", "citizen_id", "kind", "channel", "contact_at", "counsellor", "children"]
        .into_iter()
        .chain(["parental_consent", "note", "referred_young"])
        .chain(progress_columns(&Progress::default()).map(|(name, _)| name))
        .collect()
}

/// A case's row as [`insert_case`] writes it (an import writes many at
/// once), its values in the order of [`case_columns`]; without an id for
/// a new case.
pub(crate) fn case_row(case: &Case) -> impl Iterator<Item = Value> + use<> {
    let values = [
        Value::from((case.id != 0).then_some(case.id)),
        Value::from(case.citizen_id),
        Value::from(enum_id(&case.kind)),
        Value::from(enum_id(&case.channel)),
        Value::from(case.contact_at.format(DATE_TIME).to_string()),
        Value::from(case.counsellor.clone()),
        Value::from(enum_id(&case.children)),
        Value::from(case.parental_consent),
        Value::from(case.note.clone()),
        Value::from(case.referred_young),
    ];
    values.into_iter().chain(progress_columns(&case.progress).map(|(_, v)| v))
}

pub(crate) fn insert_event(
    db: &Db<'_>,
    case_id: i64,
    kind: &str,
    on: NaiveDate,
    reason: Option<&str>,
    wanted: Option<bool>,
    actor: &str,
) -> Result<()> {
    db.execute(
        "INSERT INTO case_events (case_id, kind, on_date, reason, wanted, actor, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        &[&case_id, &kind, &super::children::day_text(on), &reason, &wanted, &actor, &now_stamp()],
    )?;
    Ok(())
}

/// A case's progress as its stored columns, always in this order.
fn progress_columns(p: &Progress) -> [(&'static str, Value); 13] {
    let day = |d: Option<NaiveDate>| Value::from(date_text(d));
    let on = |r: &Option<Reasoned>| day(r.as_ref().map(|r| r.on));
    let why = |r: &Option<Reasoned>| Value::from(r.as_ref().map(|r| r.reason.clone()));
    [
        ("visitation_on", day(p.visitation_on)),
        ("consent_on", day(p.consent_on)),
        ("doctor_offered_on", day(p.doctor_offered_on)),
        ("doctor_wanted", Value::from(p.doctor_wanted)),
        ("doctor_held_on", day(p.doctor_held_on)),
        ("free_choice_on", on(&p.free_choice)),
        ("free_choice_reason", why(&p.free_choice)),
        ("special_on", on(&p.special_assessment)),
        ("special_reason", why(&p.special_assessment)),
        ("treatment_started_on", day(p.treatment_started_on)),
        ("closed_on", on(&p.closed)),
        ("closed_reason", why(&p.closed)),
        ("closing_reason", Value::from(p.closing_reason.as_ref().map(enum_id))),
    ]
}

/// Sets the given columns of one case (names from [`progress_columns`]).
pub(crate) fn update_columns(db: &Db<'_>, case_id: i64, columns: Vec<(&'static str, Value)>) -> Result<()> {
    if columns.is_empty() {
        return Ok(());
    }
    let set: Vec<String> = columns.iter().enumerate().map(|(i, (name, _))| format!("{name} = ?{}", i + 1)).collect();
    let sql = format!("UPDATE cases SET {} WHERE id = ?{}", set.join(", "), columns.len() + 1);
    let id = Value::from(case_id);
    let params: Vec<&dyn ToValue> =
        columns.iter().map(|(_, v)| v as &dyn ToValue).chain([&id as &dyn ToValue]).collect();
    db.execute(&sql, &params)?;
    Ok(())
}

/// Writes only the progress columns that differ from `stored`, the
/// progress as read in this transaction: a step touches its own columns
/// and nothing a colleague may have written.
pub(crate) fn write_progress_change(db: &Db<'_>, case_id: i64, stored: &Progress, progress: &Progress) -> Result<()> {
    let changed = progress_columns(stored)
        .into_iter()
        .zip(progress_columns(progress))
        .filter(|((_, was), (_, now))| was != now)
        .map(|(_, now)| now)
        .collect();
    update_columns(db, case_id, changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_day_is_read_as_chrono_reads_it() {
        for text in ["2026-03-17", "2024-02-29", "0999-12-31", "2026-3-7", "2026-02-30", "2026-13-01", "2026-03-1x", ""]
        {
            let chrono = NaiveDate::parse_from_str(text, DATE).ok();
            assert_eq!(parse_day(text).ok(), chrono, "{text:?}");
        }
        assert_eq!(parse_day("2026-03-17").unwrap(), NaiveDate::from_ymd_opt(2026, 3, 17).unwrap());
        assert!(matches!(parse_day("17.03.2026"), Err(StoreError::Corrupt(_))));
    }

    /// SQLite's plan for one of the case lists, as one line of text.
    fn plan(store: &Store, condition: &str) -> String {
        let sql = format!(
            "EXPLAIN QUERY PLAN SELECT {CASE_COLUMNS} FROM cases c JOIN citizens p ON p.id = c.citizen_id {condition}"
        );
        let mut stmt = store.sqlite().prepare(&sql).unwrap();
        let params = vec!["anna"; stmt.parameter_count()];
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| r.get::<_, String>(3)).unwrap();
        rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("; ")
    }

    /// Was: every cached case lookup was compiled again on its next use
    /// (SQLite expired it when rusqlite's cache cleared its bindings); the
    /// connection's query planner stability guarantee keeps it compiled.
    #[test]
    fn a_cached_lookup_is_not_compiled_again_on_each_use() {
        let mut store = Store::open_in_memory("anna").unwrap();
        let mut ids = Vec::new();
        for day in ["2026-03-10", "2026-03-11", "2026-03-12"] {
            let case = crate::domain::intake::test_support::case_on(day);
            ids.push(store.register_contact(&NewContact::new(case)).unwrap());
        }
        // The writes above may change the schema once (the deadlines'
        // recompute reads cases inside them): count from after the first read.
        let sql = format!("SELECT {CASE_COLUMNS} FROM cases c JOIN citizens p ON p.id = c.citizen_id WHERE c.id = ?1");
        let status = |what| store.sqlite().prepare_cached(&sql).unwrap().get_status(what);
        assert_eq!(store.load_case(ids[0]).unwrap().id, ids[0]);
        let (reprepared, runs) = (status(rusqlite::StatementStatus::RePrepare), status(rusqlite::StatementStatus::Run));
        for id in ids.iter().chain(&ids) {
            assert_eq!(store.load_case(*id).unwrap().id, *id);
        }
        assert_eq!(status(rusqlite::StatementStatus::RePrepare), reprepared, "compiled again on a later use");
        assert!(status(rusqlite::StatementStatus::Run) >= runs + 6, "the statement from the cache");
    }

    #[test]
    fn the_lists_read_their_partial_indexes_not_every_case() {
        let store = Store::open_in_memory("anna").unwrap();
        for (condition, index) in [
            (INTAKE_OPEN, "cases_intake_open"),
            (INTAKE_OPEN_MINE, "cases_intake_open_counsellor"),
            (DUE_CANDIDATES, "cases_due"),
        ] {
            let plan = plan(&store, condition);
            assert!(plan.contains(&format!("USING INDEX {index}")), "{condition}: {plan}");
        }
    }
}

/// The family's statements on both engines.
#[cfg(test)]
mod on_engines {
    use super::*;
    use crate::domain::intake::test_support::{case_on as a_contact, date};
    use crate::domain::intake::{Channel, ChildrenAnswer, ClosingReason, ContactKind, Substance};
    use crate::store::engine::both::{Place, on_both_engines};

    on_both_engines!(
        a_case_reads_back_every_column_it_was_written_with,
        a_given_case_number_is_kept_and_taken_once,
        the_case_lists_keep_their_filter_and_order,
        a_step_writes_its_columns_and_its_event,
    );

    /// A citizen as the schema takes one: named (with or without a CPR
    /// number) or anonymous. Its id.
    fn citizen(db: &Db<'_>, name: Option<&str>, cpr: Option<&str>, pseudonym: Option<&str>) -> i64 {
        db.query_row(
            "INSERT INTO citizens (name, cpr, pseudonym, home_municipality) VALUES (?1, ?2, ?3, 'Rødovre') RETURNING id",
            &[&name, &cpr, &pseudonym],
            |r| r.get(0),
        )
        .unwrap()
    }

    /// A new case of `citizen_id`'s from a contact on `contact`, for `counsellor`.
    fn new_case(citizen_id: i64, contact: &str, counsellor: &str) -> Case {
        Case {
            id: 0,
            citizen_id,
            counsellor: counsellor.into(),
            identity: Identity::Named { name: "Ida Prøvesen".into(), cpr: None },
            home_municipality: "Rødovre".into(),
            ..a_contact(contact)
        }
    }

    fn ids(cases: &[Case]) -> Vec<i64> {
        cases.iter().map(|c| c.id).collect()
    }

    fn a_case_reads_back_every_column_it_was_written_with(place: &Place) {
        let db = place.open();
        let (cpr, _) = Cpr::parse("010190-1235").unwrap();
        let named = citizen(&db, Some("Søren Ærø"), Some(&cpr.full()), None);
        let reasoned = |day, reason: &str| Some(Reasoned { on: date(day), reason: reason.into() });
        let written = Case {
            kind: ContactKind::Young,
            channel: Channel::InPerson,
            identity: Identity::Named { name: "Søren Ærø".into(), cpr: Some(cpr) },
            substances: vec![Substance::Opioids, Substance::Cannabis, Substance::Cocaine],
            children: ChildrenAnswer::HasChildren,
            parental_consent: Some(true),
            note: "Ringer selv igen \"i morgen\"".into(),
            referred_young: true,
            progress: Progress {
                visitation_on: Some(date("2026-03-03")),
                consent_on: Some(date("2026-03-04")),
                doctor_offered_on: Some(date("2026-03-05")),
                doctor_wanted: Some(false),
                doctor_held_on: Some(date("2026-03-06")),
                free_choice: reasoned("2026-03-07", "Vil hellere i Aarhus"),
                special_assessment: reasoned("2026-03-08", "Kompleks sag"),
                treatment_started_on: Some(date("2026-03-09")),
                closed: reasoned("2026-03-10", "Afsluttet"),
                closing_reason: Some(ClosingReason::NotWanted),
            },
            ..new_case(named, "2026-03-02", "anna")
        };
        let id = insert_case(&db, &written).unwrap();
        let mut read = case_on(&db, id).unwrap().expect("the case is there");
        let mut expected = Case { id, ..written };
        expected.substances.sort();
        read.substances.sort();
        assert_eq!(read, expected);

        let anonymous = citizen(&db, None, None, Some("Ravn-17"));
        let plain = Case { substances: vec![], ..new_case(anonymous, "2026-03-11", "bo") };
        let id = insert_case(&db, &plain).unwrap();
        let read = case_on(&db, id).unwrap().unwrap();
        assert_eq!(read.identity, Identity::Anonymous { pseudonym: "Ravn-17".into() });
        assert_eq!((read.substances.len(), read.parental_consent, read.progress), (0, None, Progress::default()));
        assert_eq!(case_on(&db, id + 100).unwrap(), None);
    }

    fn a_given_case_number_is_kept_and_taken_once(place: &Place) {
        let db = place.open();
        let who = citizen(&db, Some("Ida Prøvesen"), None, None);
        let first = insert_case(&db, &new_case(who, "2026-03-02", "anna")).unwrap();
        let given = Case { id: first + 500, ..new_case(who, "2026-03-03", "anna") };
        assert_eq!(insert_case(&db, &given).unwrap(), first + 500);
        assert_eq!(case_on(&db, first + 500).unwrap().unwrap().contact_at.date(), date("2026-03-03"));
        assert!(insert_case(&db, &given).is_err(), "a case number is one case's");
        let before: i64 = db.query_row("SELECT count(*) FROM cases", &[], |r| r.get(0)).unwrap();
        assert_eq!(before, 2);
    }

    fn the_case_lists_keep_their_filter_and_order(place: &Place) {
        let db = place.open();
        let who = citizen(&db, Some("Ida Prøvesen"), None, None);
        let add = |contact: &str, counsellor: &str, progress: Progress| {
            insert_case(&db, &Case { progress, ..new_case(who, contact, counsellor) }).unwrap()
        };
        let started = |doctor_wanted| Progress {
            treatment_started_on: Some(date("2026-03-12")),
            doctor_offered_on: Some(date("2026-03-12")),
            doctor_wanted,
            ..Progress::default()
        };
        let late = add("2026-03-09", "anna", Progress::default());
        let early = add("2026-03-02", "bo", Progress::default());
        let middle = add("2026-03-05", "anna", Progress::default());
        let wants_doctor = add("2026-03-01", "anna", started(Some(true)));
        let declined = add("2026-03-01", "anna", started(Some(false)));
        let closed = Progress {
            closed: Some(Reasoned { on: date("2026-03-13"), reason: "Flyttet".into() }),
            ..Progress::default()
        };
        let gone = add("2026-03-03", "anna", closed);
        let read = |condition: &str, params: Params<'_>| ids(&query_cases_on(&db, condition, params).unwrap());
        assert_eq!(read(INTAKE_OPEN, &[]), [early, middle, late]);
        assert_eq!(read(INTAKE_OPEN_MINE, &[&"anna"]), [middle, late]);
        assert_eq!(read(DUE_CANDIDATES, &[]), [late, early, middle, wants_doctor]);
        assert_eq!(read("ORDER BY c.id", &[]), [late, early, middle, wants_doctor, declined, gone]);
        assert_eq!(read("WHERE c.id IN (?,?,?) ORDER BY c.id", &[&gone, &early, &(gone + 100)]), [early, gone]);
    }

    fn a_step_writes_its_columns_and_its_event(place: &Place) {
        let db = place.open();
        let who = citizen(&db, Some("Ida Prøvesen"), None, None);
        let id = insert_case(&db, &new_case(who, "2026-03-02", "anna")).unwrap();
        let stored = case_on(&db, id).unwrap().unwrap().progress;
        let offered =
            Progress { doctor_offered_on: Some(date("2026-03-04")), doctor_wanted: Some(true), ..stored.clone() };
        write_progress_change(&db, id, &stored, &offered).unwrap();
        update_columns(&db, id, vec![("counsellor", Value::from("bo".to_string()))]).unwrap();
        let read = case_on(&db, id).unwrap().unwrap();
        assert_eq!((read.progress, read.counsellor.as_str()), (offered, "bo"));
        update_columns(&db, id, vec![]).unwrap();

        insert_event(&db, id, "registered", date("2026-03-02"), None, None, "anna").unwrap();
        insert_event(&db, id, "offer_doctor", date("2026-03-04"), Some("Ønsker læge"), Some(true), "bo").unwrap();
        let events = case_events_on(&db, id).unwrap();
        let seen: Vec<_> =
            events.iter().map(|e| (e.kind.as_str(), e.on, e.reason.as_deref(), e.wanted, e.actor.as_str())).collect();
        assert_eq!(
            seen,
            [
                ("registered", date("2026-03-02"), None, None, "anna"),
                ("offer_doctor", date("2026-03-04"), Some("Ønsker læge"), Some(true), "bo"),
            ]
        );
        assert!(events.iter().all(|e| e.case_id == id && e.undoes.is_none() && e.counsellor.is_none()));
        assert!(events[0].id < events[1].id);
        assert!(case_events_on(&db, id + 1).unwrap().is_empty());
    }
}
