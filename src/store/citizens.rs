//! Citizens: one person, one identity. A registration finds a known citizen
//! again by CPR number or pseudonym and never changes them; a correction of
//! name, CPR number, home municipality, citizenship or gender is its own
//! audited action (`change_citizen`), done from one of the citizen's cases.
//! Beside them, the contact's family situation and main source of income
//! (`case_circumstances`), which the yearly report counts.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::cases::{case_on, enum_id, parse_date, parse_enum};
use super::conflict::{Conflict, Found, Opened, Record, conflict, unchanged_since};
use super::engine::{Db, Params, Row, ToValue};
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

fn raw_citizen(r: &Row<'_>) -> super::engine::Result<RawCitizen> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
}

pub(super) fn citizens_where(db: &Db<'_>, condition: &str, params: Params<'_>) -> Result<Vec<Citizen>> {
    let sql = format!("SELECT {CITIZEN_COLUMNS} FROM citizens {condition}");
    db.query_map(&sql, params, raw_citizen)?.into_iter().map(to_citizen).collect()
}

fn citizen_on(db: &Db<'_>, id: i64) -> Result<Option<Citizen>> {
    Ok(citizens_where(db, "WHERE id = ?1", &[&id])?.pop())
}

/// The citizen holding CPR number `cpr`, if anybody does.
fn cpr_holder_on(db: &Db<'_>, cpr: &Cpr) -> Result<Option<Citizen>> {
    Ok(citizens_where(db, "WHERE cpr = ?1", &[&cpr.full()])?.pop())
}

/// The citizen a typed identity belongs to: the holder of the CPR number,
/// or the first citizen with the pseudonym. A name without CPR number
/// identifies nobody (two people may share a name).
pub(crate) fn matching_on(db: &Db<'_>, identity: &Identity) -> Result<Option<Citizen>> {
    Ok(match identity {
        Identity::Named { cpr: Some(cpr), .. } => cpr_holder_on(db, cpr)?,
        Identity::Named { cpr: None, .. } => None,
        Identity::Anonymous { pseudonym } => {
            citizens_where(db, "WHERE pseudonym = ?1 ORDER BY id LIMIT 1", &[pseudonym])?.pop()
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

fn case_ids_of(db: &Db<'_>, citizen_id: i64) -> Result<Vec<i64>> {
    Ok(db.query_map("SELECT id FROM cases WHERE citizen_id = ?1 ORDER BY id", &[&citizen_id], |r| r.get(0))?)
}

/// A citizen's identity as its columns: name, CPR number, pseudonym.
fn identity_columns(identity: &Identity) -> (Option<&str>, Option<String>, Option<&str>) {
    match identity {
        Identity::Named { name, cpr } => (Some(name.as_str()), cpr.as_ref().map(Cpr::full), None),
        Identity::Anonymous { pseudonym } => (None, None, Some(pseudonym.as_str())),
    }
}

/// A citizen's optional facts as their columns: citizenship, and gender
/// only without a CPR number (which says it).
fn detail_columns(identity: &Identity, details: &CitizenDetails) -> (Option<String>, Option<String>) {
    (
        details.citizenship.as_ref().map(enum_id),
        details.gender.filter(|_| identity.cpr().is_none()).as_ref().map(enum_id),
    )
}

/// Inserts a new citizen; their id, the engine's.
pub(super) fn insert_citizen(db: &Db<'_>, identity: &Identity, home: &str, details: &CitizenDetails) -> Result<i64> {
    let (name, cpr, pseudonym) = identity_columns(identity);
    let (citizenship, gender) = detail_columns(identity, details);
    Ok(db.query_row(
        "INSERT INTO citizens (name, cpr, pseudonym, home_municipality, citizenship, gender)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        &[&name, &cpr, &pseudonym, &home, &citizenship, &gender],
        |r| r.get(0),
    )?)
}

/// Writes citizen `changed.id`'s identity, home municipality and facts.
fn update_citizen(db: &Db<'_>, changed: &Citizen) -> Result<()> {
    let (name, cpr, pseudonym) = identity_columns(&changed.identity);
    let (citizenship, gender) = detail_columns(&changed.identity, &changed.details);
    db.execute(
        "UPDATE citizens SET name = ?2, cpr = ?3, pseudonym = ?4, home_municipality = ?5,
            citizenship = ?6, gender = ?7 WHERE id = ?1",
        &[&changed.id, &name, &cpr, &pseudonym, &changed.home_municipality, &citizenship, &gender],
    )?;
    Ok(())
}

/// The citizen a registration's case belongs to, inside its transaction.
/// A new citizen is inserted only while nobody holds the CPR number or
/// pseudonym (else a conflict naming the case that registered them
/// meanwhile); a known one is only read, never written.
pub(crate) fn citizen_for_contact(
    db: &Db<'_>,
    choice: CitizenChoice,
    identity: &Identity,
    home: &str,
    details: &CitizenDetails,
) -> Result<i64> {
    match choice {
        CitizenChoice::Known { id } => match citizen_on(db, id)? {
            Some(citizen) if names(&citizen, identity) => Ok(id),
            // The citizen's CPR number or pseudonym was corrected since the
            // form showed them: the counsellor must look again.
            _ => Err(conflict(db, Record::Citizen(id), Found::Edited, None)),
        },
        CitizenChoice::New => {
            if let Some(known) = matching_on(db, identity)? {
                let record = match case_ids_of(db, known.id)?.last() {
                    Some(case) => Record::Case(*case),
                    None => Record::Citizen(known.id),
                };
                return Err(conflict(db, record, Found::CitizenRegistered { citizen: known.id }, None));
            }
            insert_citizen(db, identity, home, details)
        }
    }
}

/// Writes a case's circumstances: a row only when something is known.
pub(crate) fn write_circumstances(db: &Db<'_>, case_id: i64, c: &Circumstances) -> Result<()> {
    let exists: bool =
        db.query_row("SELECT EXISTS (SELECT 1 FROM case_circumstances WHERE case_id = ?1)", &[&case_id], |r| r.get(0))?;
    let (family, income) = (c.family.as_ref().map(enum_id), c.income.as_ref().map(enum_id));
    if exists {
        db.execute(
            "UPDATE case_circumstances SET family = ?2, income = ?3 WHERE case_id = ?1",
            &[&case_id, &family, &income],
        )?;
    } else if family.is_some() || income.is_some() {
        db.execute(
            "INSERT INTO case_circumstances (case_id, family, income) VALUES (?1, ?2, ?3)",
            &[&case_id, &family, &income],
        )?;
    }
    Ok(())
}

pub(super) fn circumstances_where(
    db: &Db<'_>,
    condition: &str,
    params: Params<'_>,
) -> Result<BTreeMap<i64, Circumstances>> {
    let sql = format!("SELECT case_id, family, income FROM case_circumstances {condition}");
    let rows: Vec<(i64, Option<String>, Option<String>)> =
        db.query_map(&sql, params, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
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
        let Some(citizen) = matching_on(&self.db(), identity)? else { return Ok(None) };
        let viewer = self.viewer(false)?;
        let mut cases = Vec::new();
        for id in case_ids_of(&self.db(), citizen.id)? {
            let case = self.load_case(id)?;
            let details = if viewer.opens(&case) {
                let ended: Option<String> =
                    self.db()
                        .query_opt("SELECT ended_on FROM course_endings WHERE case_id = ?1", &[&id], |r| r.get(0))?;
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
        citizen_on(&self.db(), case.citizen_id)?.ok_or(StoreError::NotFound { what: "borger", id: case.citizen_id })
    }

    /// How many cases citizen `id` has: what a correction of them touches.
    pub fn cases_of_citizen(&self, id: i64) -> Result<usize> {
        Ok(case_ids_of(&self.db(), id)?.len())
    }

    /// The citizen holding `cpr`, other than `except`: a correction may
    /// not give one person's number to another.
    pub fn cpr_holder(&self, cpr: &Cpr, except: i64) -> Result<Option<i64>> {
        Ok(cpr_holder_on(&self.db(), cpr)?.map(|c| c.id).filter(|id| *id != except))
    }

    /// Every citizen, in id order (export, report).
    pub fn all_citizens(&self) -> Result<Vec<Citizen>> {
        citizens_where(&self.db(), "ORDER BY id", &[])
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
        self.write("change_citizen", "case", |db| {
            let case = case_on(db, case_id)?.ok_or(StoreError::NotFound { what: "sag", id: case_id })?;
            if case.citizen_id != changed.id {
                return Err(conflict(db, Record::Case(case_id), Found::Edited, Some(opened)));
            }
            unchanged_since(db, Record::Citizen(changed.id), opened)?;
            unchanged_since(db, Record::Circumstances { case_id }, opened)?;
            write_circumstances(db, case_id, circumstances)?;
            let stored = citizen_on(db, changed.id)?.ok_or(StoreError::NotFound { what: "borger", id: changed.id })?;
            if stored == *changed {
                return Ok((case_ids_of(db, changed.id)?.len(), Some(case_id), format!("citizen {}", changed.id)));
            }
            if let Some(cpr) = changed.identity.cpr()
                && let Some(other) = cpr_holder_on(db, cpr)?
                && other.id != changed.id
            {
                let found = Found::CprTaken { citizen: other.id };
                return Err(StoreError::Changed(Box::new(Conflict {
                    record: Record::Citizen(other.id),
                    found,
                    change: None,
                })));
            }
            update_citizen(db, changed)?;
            let touched = case_ids_of(db, changed.id)?.len();
            Ok((touched, Some(case_id), format!("citizen {}", changed.id)))
        })
    }

    /// A case's family situation and main source of income (nothing known:
    /// the default).
    pub fn circumstances(&self, case_id: i64) -> Result<Circumstances> {
        Ok(circumstances_where(&self.db(), "WHERE case_id = ?1", &[&case_id])?.remove(&case_id).unwrap_or_default())
    }

    /// Every case's circumstances that are known, by case number.
    pub fn all_circumstances(&self) -> Result<BTreeMap<i64, Circumstances>> {
        circumstances_where(&self.db(), "ORDER BY case_id", &[])
    }
}

/// The optional facts and the children of the report's cases: what its
/// citizenship, family and sex sections read.
pub(super) fn report_facts_on(
    db: &Db<'_>,
    ids: &[i64],
) -> Result<(BTreeMap<i64, crate::domain::report::CaseFacts>, Vec<crate::domain::notification::Child>)> {
    let mut facts = BTreeMap::new();
    let mut children = Vec::new();
    // A batch of cases at a time, three queries a batch (not a case):
    // the report reads every case the period touches.
    for chunk in ids.chunks(super::BULK) {
        let marks = vec!["?"; chunk.len()].join(",");
        let ids: Vec<&dyn ToValue> = chunk.iter().map(|id| id as &dyn ToValue).collect();
        let mut circumstances = circumstances_where(db, &format!("WHERE case_id IN ({marks})"), &ids)?;
        let rows: Vec<(i64, Option<String>, Option<String>)> = db.query_map(
            &format!(
                "SELECT c.id, p.citizenship, p.gender FROM cases c JOIN citizens p ON p.id = c.citizen_id
                     WHERE c.id IN ({marks})"
            ),
            &ids,
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
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
        children.extend(super::children::query_children_on(
            db,
            &format!("WHERE case_id IN ({marks}) ORDER BY case_id, id"),
            &ids,
        )?);
    }
    Ok((facts, children))
}

/// The family's statements on both engines.
#[cfg(test)]
mod on_engines {
    use super::*;
    use crate::domain::intake::test_support::case_on as a_contact;
    use crate::domain::intake::{Case, Citizenship, FamilySituation, Gender, IncomeSource};
    use crate::store::cases::insert_case;
    use crate::store::engine::both::{Place, on_both_engines};

    on_both_engines!(a_citizen_is_written_found_and_corrected_alike, a_citizens_cases_and_circumstances_read_alike,);

    fn cpr(text: &str) -> Cpr {
        Cpr::parse(text).unwrap().0
    }

    fn named(name: &str, cpr_text: Option<&str>) -> Identity {
        Identity::Named { name: name.into(), cpr: cpr_text.map(cpr) }
    }

    fn anonymous(pseudonym: &str) -> Identity {
        Identity::Anonymous { pseudonym: pseudonym.into() }
    }

    fn a_citizen_is_written_found_and_corrected_alike(place: &Place) {
        let db = place.open();
        let every = CitizenDetails { citizenship: Some(Citizenship::Other), gender: Some(Gender::Female) };
        let soren = named("Søren Ærø", Some("010190-1235"));
        let id = insert_citizen(&db, &soren, "Rødovre", &every).unwrap();
        let read = citizen_on(&db, id).unwrap().expect("the citizen is there");
        // A CPR number says the gender: it is not stored beside it.
        let without_gender = CitizenDetails { gender: None, ..every };
        let expected =
            Citizen { id, identity: soren.clone(), home_municipality: "Rødovre".into(), details: without_gender };
        assert_eq!(read, expected);
        assert_eq!(matching_on(&db, &named("Anden", Some("010190-1235"))).unwrap(), Some(expected.clone()));
        assert_eq!(matching_on(&db, &named("Søren Ærø", None)).unwrap(), None, "a name alone identifies nobody");
        assert!(insert_citizen(&db, &soren, "Herlev", &every).is_err(), "a CPR number is one citizen's");

        let ravn = insert_citizen(&db, &anonymous("Ravn"), "Herlev", &every).unwrap();
        let again = insert_citizen(&db, &anonymous("Ravn"), "Herlev", &CitizenDetails::default()).unwrap();
        let found = matching_on(&db, &anonymous("Ravn")).unwrap().expect("the pseudonym is known");
        assert_eq!((found.id, found.details), (ravn, every), "the first with the pseudonym, gender kept");
        assert_eq!(citizen_on(&db, again).unwrap().unwrap().details, CitizenDetails::default());
        assert_eq!(citizen_on(&db, again + 100).unwrap(), None);

        let corrected = Citizen {
            identity: named("Søren Ærø Hansen", Some("020290-2346")),
            home_municipality: "Albertslund".into(),
            details: CitizenDetails { citizenship: Some(Citizenship::Danish), gender: None },
            ..expected
        };
        update_citizen(&db, &corrected).unwrap();
        assert_eq!(citizen_on(&db, id).unwrap().as_ref(), Some(&corrected));
        assert_eq!(cpr_holder_on(&db, &cpr("020290-2346")).unwrap().map(|c| c.id), Some(id));
        assert_eq!(cpr_holder_on(&db, &cpr("010190-1235")).unwrap(), None, "the old number is free");
        let taken = Citizen { id: ravn, identity: named("Ravn", Some("020290-2346")), ..corrected.clone() };
        assert!(update_citizen(&db, &taken).is_err(), "another's CPR number is refused by its unique key");
        let all: Vec<i64> = citizens_where(&db, "ORDER BY id", &[]).unwrap().iter().map(|c| c.id).collect();
        assert!(all.ends_with(&[id, ravn, again]), "{all:?}");
    }

    fn a_citizens_cases_and_circumstances_read_alike(place: &Place) {
        let db = place.open();
        let who = insert_citizen(&db, &named("Ida Prøvesen", None), "Rødovre", &CitizenDetails::default()).unwrap();
        let other = insert_citizen(&db, &anonymous("Ravn"), "Rødovre", &CitizenDetails::default()).unwrap();
        let case_of = |citizen_id| insert_case(&db, &Case { id: 0, citizen_id, ..a_contact("2026-03-02") }).unwrap();
        let (first, _, second) = (case_of(who), case_of(other), case_of(who));
        assert_eq!(case_ids_of(&db, who).unwrap(), [first, second]);
        assert!(case_ids_of(&db, other + 100).unwrap().is_empty());

        write_circumstances(&db, first, &Circumstances::default()).unwrap();
        assert!(circumstances_where(&db, "ORDER BY case_id", &[]).unwrap().is_empty(), "nothing known, no row");
        let known = Circumstances { family: Some(FamilySituation::WithPartner), income: Some(IncomeSource::Wages) };
        write_circumstances(&db, second, &known).unwrap();
        write_circumstances(&db, first, &Circumstances { income: None, ..known }).unwrap();
        let income_only = Circumstances { family: None, income: Some(IncomeSource::SicknessBenefit) };
        write_circumstances(&db, second, &income_only).unwrap();
        let all = circumstances_where(&db, "ORDER BY case_id", &[]).unwrap();
        let expected = [(first, Circumstances { income: None, ..known }), (second, income_only)];
        assert_eq!(all.into_iter().collect::<Vec<_>>(), expected);
        let one = circumstances_where(&db, "WHERE case_id = ?1", &[&second]).unwrap();
        assert_eq!(one.into_iter().collect::<Vec<_>>(), [(second, income_only)]);
        write_circumstances(&db, second, &Circumstances::default()).unwrap();
        let cleared = circumstances_where(&db, "WHERE case_id = ?1", &[&second]).unwrap();
        assert_eq!(cleared.get(&second), Some(&Circumstances::default()), "a known row is cleared, not removed");
    }
}
