//! Citizens: one person, one identity. A registration finds a known citizen
//! again by CPR number or pseudonym and never changes them; a correction of
//! name, CPR number, home municipality, citizenship or gender is its own
//! audited action (`change_citizen`), done from one of the citizen's cases.
//! Beside them, the contact's family situation and main source of income
//! (`case_circumstances`), which the yearly report counts.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::cases::{case_on, enum_id, parse_date, parse_enum};
use super::conflict::{Conflict, Found, Opened, Record, conflict, unchanged_since};
use super::{Result, Store, StoreError};
use crate::domain::cpr::Cpr;
use crate::domain::intake::{Circumstances, Citizen, CitizenChoice, CitizenDetails, ContactKind, Identity, Progress};

/// A known citizen as the new-contact form shows them before asking
/// whether it is the same person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownCitizen {
    pub citizen: Citizen,
    /// Every case of the citizen, oldest first.
    pub cases: Vec<KnownCase>,
}

/// One case of a known citizen: its number always, its details only when
/// the user may open it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownCase {
    pub id: i64,
    pub details: Option<KnownCaseDetails>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownCaseDetails {
    pub kind: ContactKind,
    pub contact_on: NaiveDate,
    pub progress: Progress,
    /// The day the course was ended in Planer, if it was.
    pub course_ended_on: Option<NaiveDate>,
    pub counsellor: String,
}

const CITIZEN_COLUMNS: &str = "id, name, cpr, pseudonym, home_municipality, citizenship, gender";

type RawCitizen = (i64, Option<String>, Option<String>, Option<String>, String, Option<String>, Option<String>);

fn to_citizen((id, name, cpr, pseudonym, home, citizenship, gender): RawCitizen) -> Result<Citizen> {
    let identity = match (name, pseudonym) {
        (Some(name), None) => Identity::Named {
            name,
            cpr: cpr
                .map(|c| Cpr::parse(&c).map(|(cpr, _)| cpr).map_err(|_| StoreError::Corrupt("CPR-nummer".into())))
                .transpose()?,
        },
        (None, Some(pseudonym)) => Identity::Anonymous { pseudonym },
        _ => return Err(StoreError::Corrupt("borger uden navn eller pseudonym".into())),
    };
    Ok(Citizen {
        id,
        identity,
        home_municipality: home,
        details: CitizenDetails {
            citizenship: citizenship.as_deref().map(parse_enum).transpose()?,
            gender: gender.as_deref().map(parse_enum).transpose()?,
        },
    })
}

pub(super) fn citizens_where(conn: &Connection, condition: &str, param: &dyn rusqlite::ToSql) -> Result<Vec<Citizen>> {
    let sql = format!("SELECT {CITIZEN_COLUMNS} FROM citizens {condition}");
    let rows = conn
        .prepare_cached(&sql)?
        .query_map([param], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))?
        .collect::<rusqlite::Result<Vec<RawCitizen>>>()?;
    rows.into_iter().map(to_citizen).collect()
}

fn citizen_on(conn: &Connection, id: i64) -> Result<Option<Citizen>> {
    Ok(citizens_where(conn, "WHERE id = ?1", &id)?.pop())
}

/// The citizen a typed identity belongs to: the holder of the CPR number,
/// or the first citizen with the pseudonym. A name without CPR number
/// identifies nobody (two people may share a name).
pub(crate) fn matching_on(conn: &Connection, identity: &Identity) -> Result<Option<Citizen>> {
    Ok(match identity {
        Identity::Named { cpr: Some(cpr), .. } => citizens_where(conn, "WHERE cpr = ?1", &cpr.full())?.pop(),
        Identity::Named { cpr: None, .. } => None,
        Identity::Anonymous { pseudonym } => {
            citizens_where(conn, "WHERE pseudonym = ?1 ORDER BY id LIMIT 1", pseudonym)?.pop()
        }
    })
}

/// Whether `citizen` is who `identity` names: the same CPR number, or the
/// same pseudonym.
fn names(citizen: &Citizen, identity: &Identity) -> bool {
    match (&citizen.identity, identity) {
        (Identity::Named { cpr: Some(a), .. }, Identity::Named { cpr: Some(b), .. }) => a == b,
        (Identity::Anonymous { pseudonym: a }, Identity::Anonymous { pseudonym: b }) => a == b,
        _ => false,
    }
}

fn case_ids_of(conn: &Connection, citizen_id: i64) -> Result<Vec<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM cases WHERE citizen_id = ?1 ORDER BY id")?
        .query_map([citizen_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?)
}

/// The citizen a registration's case belongs to, inside its transaction.
/// A new citizen is inserted only while nobody holds the CPR number or
/// pseudonym (else a conflict naming the case that registered them
/// meanwhile); a known one is only read, never written.
pub(crate) fn citizen_for_contact(
    tx: &Transaction<'_>,
    choice: CitizenChoice,
    identity: &Identity,
    home: &str,
    details: &CitizenDetails,
) -> Result<i64> {
    match choice {
        CitizenChoice::Known { id } => match citizen_on(tx, id)? {
            Some(citizen) if names(&citizen, identity) => Ok(id),
            // The citizen's CPR number or pseudonym was corrected since the
            // form showed them: the counsellor must look again.
            _ => Err(conflict(tx, Record::Citizen(id), Found::Edited, None)),
        },
        CitizenChoice::New => {
            if let Some(known) = matching_on(tx, identity)? {
                let record = match case_ids_of(tx, known.id)?.last() {
                    Some(case) => Record::Case(*case),
                    None => Record::Citizen(known.id),
                };
                return Err(conflict(tx, record, Found::CitizenRegistered { citizen: known.id }, None));
            }
            let (name, cpr, pseudonym) = match identity {
                Identity::Named { name, cpr } => (Some(name.as_str()), cpr.as_ref().map(Cpr::full), None),
                Identity::Anonymous { pseudonym } => (None, None, Some(pseudonym.as_str())),
            };
            tx.prepare_cached(
                "INSERT INTO citizens (name, cpr, pseudonym, home_municipality, citizenship, gender)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                name,
                cpr,
                pseudonym,
                home,
                details.citizenship.as_ref().map(enum_id),
                details.gender.filter(|_| identity.cpr().is_none()).as_ref().map(enum_id),
            ])?;
            Ok(tx.last_insert_rowid())
        }
    }
}

/// Writes a case's circumstances: a row only when something is known.
pub(crate) fn write_circumstances(tx: &Transaction<'_>, case_id: i64, c: &Circumstances) -> Result<()> {
    let exists: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM case_circumstances WHERE case_id = ?1)")?
        .query_row([case_id], |r| r.get(0))?;
    let (family, income) = (c.family.as_ref().map(enum_id), c.income.as_ref().map(enum_id));
    if exists {
        tx.prepare_cached("UPDATE case_circumstances SET family = ?2, income = ?3 WHERE case_id = ?1")?
            .execute(params![case_id, family, income])?;
    } else if family.is_some() || income.is_some() {
        tx.prepare_cached("INSERT INTO case_circumstances (case_id, family, income) VALUES (?1, ?2, ?3)")?
            .execute(params![case_id, family, income])?;
    }
    Ok(())
}

pub(super) fn circumstances_where(
    conn: &Connection,
    condition: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<BTreeMap<i64, Circumstances>> {
    let sql = format!("SELECT case_id, family, income FROM case_circumstances {condition}");
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<(i64, Option<String>, Option<String>)>>>()?;
    rows.into_iter()
        .map(|(id, family, income)| {
            Ok((
                id,
                Circumstances {
                    family: family.as_deref().map(parse_enum).transpose()?,
                    income: income.as_deref().map(parse_enum).transpose()?,
                },
            ))
        })
        .collect()
}

impl Store {
    /// The known citizen `identity` names, with their cases as far as the
    /// user may see them, or `None`. Finding them shows a person's name
    /// and cases to the user, so it is recorded as a look.
    pub fn known_citizen(&mut self, identity: &Identity) -> Result<Option<KnownCitizen>> {
        let Some(citizen) = matching_on(self.conn(), identity)? else { return Ok(None) };
        let viewer = self.viewer(false)?;
        let mut cases = Vec::new();
        for id in case_ids_of(self.conn(), citizen.id)? {
            let case = self.load_case(id)?;
            let details = if viewer.opens(&case) {
                let ended: Option<String> = self
                    .conn()
                    .prepare_cached("SELECT ended_on FROM course_endings WHERE case_id = ?1")?
                    .query_row([id], |r| r.get(0))
                    .optional()?;
                Some(KnownCaseDetails {
                    kind: case.kind,
                    contact_on: case.contact_date(),
                    progress: case.progress.clone(),
                    course_ended_on: parse_date(ended)?,
                    counsellor: case.counsellor.clone(),
                })
            } else {
                None
            };
            cases.push(KnownCase { id, details });
        }
        self.record_read("known_citizen", "citizen", Some(citizen.id), "")?;
        Ok(Some(KnownCitizen { citizen, cases }))
    }

    /// The citizen of case `case_id`, for the identity form (the case is
    /// open, so no new look).
    pub fn citizen_of_case(&self, case_id: i64) -> Result<Citizen> {
        let case = self.load_case(case_id)?;
        citizen_on(self.conn(), case.citizen_id)?.ok_or(StoreError::NotFound { what: "borger", id: case.citizen_id })
    }

    /// How many cases citizen `id` has: what a correction of them touches.
    pub fn cases_of_citizen(&self, id: i64) -> Result<usize> {
        Ok(case_ids_of(self.conn(), id)?.len())
    }

    /// The citizen holding `cpr`, other than `except`: a correction may
    /// not give one person's number to another.
    pub fn cpr_holder(&self, cpr: &Cpr, except: i64) -> Result<Option<i64>> {
        Ok(citizens_where(self.conn(), "WHERE cpr = ?1", &cpr.full())?.pop().map(|c| c.id).filter(|id| *id != except))
    }

    /// Every citizen, in id order (export, report).
    pub fn all_citizens(&self) -> Result<Vec<Citizen>> {
        let sql = format!("SELECT {CITIZEN_COLUMNS} FROM citizens ORDER BY id");
        let rows = self
            .conn()
            .prepare(&sql)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))?
            .collect::<rusqlite::Result<Vec<RawCitizen>>>()?;
        rows.into_iter().map(to_citizen).collect()
    }

    /// Corrects the citizen of case `case_id` to `changed` and the case's
    /// circumstances, as one audited action of its own (every changed
    /// column before and after in the trail). The access rule is the
    /// case's (write); a change of the citizen or the circumstances since
    /// `opened` is not written over, and a CPR number another citizen holds
    /// is refused. Returns how many cases the citizen has.
    pub fn change_citizen(
        &mut self,
        case_id: i64,
        changed: &Citizen,
        circumstances: &Circumstances,
        opened: Opened,
    ) -> Result<usize> {
        self.write("change_citizen", "case", |tx| {
            let case = case_on(&super::engine::Db::borrowing(tx), case_id)?
                .ok_or(StoreError::NotFound { what: "sag", id: case_id })?;
            if case.citizen_id != changed.id {
                return Err(conflict(tx, Record::Case(case_id), Found::Edited, Some(opened)));
            }
            unchanged_since(tx, Record::Citizen(changed.id), opened)?;
            unchanged_since(tx, Record::Circumstances { case_id }, opened)?;
            write_circumstances(tx, case_id, circumstances)?;
            let stored = citizen_on(tx, changed.id)?.ok_or(StoreError::NotFound { what: "borger", id: changed.id })?;
            if stored == *changed {
                return Ok((case_ids_of(tx, changed.id)?.len(), Some(case_id), format!("citizen {}", changed.id)));
            }
            if let Some(cpr) = changed.identity.cpr()
                && let Some(other) = citizens_where(tx, "WHERE cpr = ?1", &cpr.full())?.pop()
                && other.id != changed.id
            {
                let found = Found::CprTaken { citizen: other.id };
                return Err(StoreError::Changed(Box::new(Conflict {
                    record: Record::Citizen(other.id),
                    found,
                    change: None,
                })));
            }
            let (name, cpr, pseudonym) = match &changed.identity {
                Identity::Named { name, cpr } => (Some(name.as_str()), cpr.as_ref().map(Cpr::full), None),
                Identity::Anonymous { pseudonym } => (None, None, Some(pseudonym.as_str())),
            };
            let d = &changed.details;
            tx.execute(
                "UPDATE citizens SET name = ?2, cpr = ?3, pseudonym = ?4, home_municipality = ?5,
                    citizenship = ?6, gender = ?7 WHERE id = ?1",
                params![
                    changed.id,
                    name,
                    cpr,
                    pseudonym,
                    changed.home_municipality,
                    d.citizenship.as_ref().map(enum_id),
                    d.gender.filter(|_| changed.identity.cpr().is_none()).as_ref().map(enum_id),
                ],
            )?;
            let touched = case_ids_of(tx, changed.id)?.len();
            Ok((touched, Some(case_id), format!("citizen {}", changed.id)))
        })
    }

    /// A case's family situation and main source of income (nothing known:
    /// the default).
    pub fn circumstances(&self, case_id: i64) -> Result<Circumstances> {
        Ok(circumstances_where(self.conn(), "WHERE case_id = ?1", &[&case_id])?.remove(&case_id).unwrap_or_default())
    }

    /// Every case's circumstances that are known, by case number.
    pub fn all_circumstances(&self) -> Result<BTreeMap<i64, Circumstances>> {
        circumstances_where(self.conn(), "ORDER BY case_id", &[])
    }
}

impl Store {
    /// The optional facts and the children of the report's cases: what
    /// its citizenship, family and sex sections read.
    pub(crate) fn report_facts(
        &self,
        ids: &[i64],
    ) -> Result<(BTreeMap<i64, crate::domain::report::CaseFacts>, Vec<crate::domain::notification::Child>)> {
        let mut facts = BTreeMap::new();
        let mut children = Vec::new();
        // A batch of cases at a time, three queries a batch (not a case):
        // the report reads every case the period touches.
        for chunk in ids.chunks(super::BULK) {
            let marks = vec!["?"; chunk.len()].join(",");
            let params: Vec<&dyn rusqlite::ToSql> = chunk.iter().map(|id| id as &dyn rusqlite::ToSql).collect();
            let mut circumstances = circumstances_where(self.conn(), &format!("WHERE case_id IN ({marks})"), &params)?;
            let mut stmt = self.conn().prepare(&format!(
                "SELECT c.id, p.citizenship, p.gender FROM cases c JOIN citizens p ON p.id = c.citizen_id
                 WHERE c.id IN ({marks})"
            ))?;
            let rows = stmt
                .query_map(params.as_slice(), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<Vec<(i64, Option<String>, Option<String>)>>>()?;
            for (id, citizenship, gender) in rows {
                let details = CitizenDetails {
                    citizenship: citizenship.as_deref().map(parse_enum).transpose()?,
                    gender: gender.as_deref().map(parse_enum).transpose()?,
                };
                let circumstances = circumstances.remove(&id).unwrap_or_default();
                if details != CitizenDetails::default() || circumstances != Circumstances::default() {
                    facts.insert(id, crate::domain::report::CaseFacts { details, circumstances });
                }
            }
            children.extend(self.query_children(&format!("WHERE case_id IN ({marks}) ORDER BY case_id, id"), &params)?);
        }
        Ok((facts, children))
    }
}
