//! The import/export format: one JSON document holding everything the
//! database holds, versioned. Documented in `sample-data/FORMAT.md`.
//!
//! Export, import into an empty database, export again: identical files,
//! because ids are kept and every list is written in id order. The audit
//! trail is not exported: it belongs to the file it was written in, and the
//! import itself is audited in the new file.

mod groups;
mod notifications;
mod plans;
mod stays;

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::cases::{enum_id, insert_case, parse_enum};
use super::children::{day_text, insert_child};
use super::notifications::insert_notification;
use super::plans::{insert_attempt, insert_ending, insert_version};
use super::stays::{insert_price, insert_provider, insert_stay, load_events, load_prices, load_providers};
use super::{Centre, Result, Store, StoreError};
use crate::domain::cpr::Cpr;
use crate::domain::intake::{
    Case, Channel, ChildrenAnswer, ContactKind, Identity, Progress, Reasoned, StepKind, Substance,
};
use crate::domain::plan::{Ending, NewAttempt};
use crate::domain::stay::Price;
pub use groups::{
    AttendanceRecord, CourseRecord, GroupRecord, GroupSessionRecord, LedgerKind, LedgerRecord, MemberRecord,
    MovedRecord,
};
use groups::{check_groups, import_groups};
pub use notifications::{
    ChildRecord, ConsiderationRecord, EndedRecord, InformedRecord, NotificationRecord, NotificationUpdateRecord,
    SentRecord, StepRecord,
};
use plans::check_plans;
pub use plans::{AttemptRecord, CallRecord, EndingRecord, PlanVersionRecord};
use stays::check_stays;
pub use stays::{ExpenseRecord, OwnPaymentRecord, PriceRecord, ProviderRecord, StayEventRecord, StayRecord};

pub const FORMAT_NAME: &str = "sagsbord";
pub const FORMAT_VERSION: u32 = 1;

/// How an event's `recorded_at` is written: UTC, to the second.
const RECORDED_AT: &str = "%Y-%m-%dT%H:%M:%SZ";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportFile {
    pub format: String,
    pub version: u32,
    /// Only in sample files: the day the demo treats as today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_today: Option<NaiveDate>,
    pub centre: Centre,
    pub citizens: Vec<CitizenRecord>,
    pub cases: Vec<CaseRecord>,
    pub case_events: Vec<EventRecord>,
    /// Treatment plans: every version, each with its goals.
    #[serde(default)]
    pub plan_versions: Vec<PlanVersionRecord>,
    #[serde(default)]
    pub course_endings: Vec<EndingRecord>,
    #[serde(default)]
    pub follow_up_calls: Vec<CallRecord>,
    #[serde(default)]
    pub follow_up_attempts: Vec<AttemptRecord>,
    /// Children of the cases and the underretninger about them.
    #[serde(default)]
    pub children: Vec<ChildRecord>,
    #[serde(default)]
    pub child_considerations: Vec<ConsiderationRecord>,
    #[serde(default)]
    pub notifications: Vec<NotificationRecord>,
    #[serde(default)]
    pub notification_updates: Vec<NotificationUpdateRecord>,
    /// Residential stays: the providers and their prices, the stays and
    /// the recorded steps of each.
    #[serde(default)]
    pub providers: Vec<ProviderRecord>,
    #[serde(default)]
    pub provider_prices: Vec<PriceRecord>,
    #[serde(default)]
    pub stays: Vec<StayRecord>,
    #[serde(default)]
    pub stay_events: Vec<StayEventRecord>,
    /// Groups: their members and sessions, attendance, MOVE courses and
    /// the gift-card ledger.
    #[serde(default)]
    pub groups: Vec<GroupRecord>,
    #[serde(default)]
    pub group_members: Vec<MemberRecord>,
    #[serde(default)]
    pub group_sessions: Vec<GroupSessionRecord>,
    #[serde(default)]
    pub move_courses: Vec<CourseRecord>,
    #[serde(default)]
    pub attendances: Vec<AttendanceRecord>,
    #[serde(default)]
    pub gift_card_ledger: Vec<LedgerRecord>,
}

impl ExportFile {
    /// A file of the current format holding only the centre: the start of
    /// a file written by another system, a test or a benchmark.
    pub fn empty(centre: Centre) -> ExportFile {
        ExportFile {
            format: FORMAT_NAME.into(),
            version: FORMAT_VERSION,
            sample_today: None,
            centre,
            citizens: Vec::new(),
            cases: Vec::new(),
            case_events: Vec::new(),
            plan_versions: Vec::new(),
            course_endings: Vec::new(),
            follow_up_calls: Vec::new(),
            follow_up_attempts: Vec::new(),
            children: Vec::new(),
            child_considerations: Vec::new(),
            notifications: Vec::new(),
            notification_updates: Vec::new(),
            providers: Vec::new(),
            provider_prices: Vec::new(),
            stays: Vec::new(),
            stay_events: Vec::new(),
            groups: Vec::new(),
            group_members: Vec::new(),
            group_sessions: Vec::new(),
            move_courses: Vec::new(),
            attendances: Vec::new(),
            gift_card_ledger: Vec::new(),
        }
    }
}

/// A stored time stamp: UTC to the second, `2026-03-17T09:30:00Z`.
fn is_utc_stamp(s: &str) -> bool {
    s.len() == 20 && NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%SZ").is_ok()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CitizenRecord {
    pub id: i64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub cpr: Option<String>,
    #[serde(default)]
    pub pseudonym: Option<String>,
    pub home_municipality: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseRecord {
    pub id: i64,
    pub citizen_id: i64,
    pub kind: ContactKind,
    pub channel: Channel,
    pub contact_at: NaiveDateTime,
    pub counsellor: String,
    #[serde(default)]
    pub substances: Vec<Substance>,
    pub children: ChildrenAnswer,
    #[serde(default)]
    pub parental_consent: Option<bool>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub referred_young: bool,
    #[serde(default)]
    pub visitation_on: Option<NaiveDate>,
    #[serde(default)]
    pub consent_on: Option<NaiveDate>,
    #[serde(default)]
    pub doctor_offered_on: Option<NaiveDate>,
    #[serde(default)]
    pub doctor_wanted: Option<bool>,
    #[serde(default)]
    pub doctor_held_on: Option<NaiveDate>,
    #[serde(default)]
    pub free_choice: Option<Reasoned>,
    #[serde(default)]
    pub special_assessment: Option<Reasoned>,
    #[serde(default)]
    pub treatment_started_on: Option<NaiveDate>,
    #[serde(default)]
    pub closed: Option<Reasoned>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRecord {
    pub id: i64,
    pub case_id: i64,
    /// `registered`, or a step kind (`book_visitation`, `start_treatment`, ...).
    pub kind: String,
    pub on: NaiveDate,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub wanted: Option<bool>,
    pub actor: String,
    pub recorded_at: String,
}

impl From<&Case> for CaseRecord {
    fn from(c: &Case) -> Self {
        let p = &c.progress;
        CaseRecord {
            id: c.id,
            citizen_id: c.citizen_id,
            kind: c.kind,
            channel: c.channel,
            contact_at: c.contact_at,
            counsellor: c.counsellor.clone(),
            substances: c.substances.clone(),
            children: c.children,
            parental_consent: c.parental_consent,
            note: c.note.clone(),
            referred_young: c.referred_young,
            visitation_on: p.visitation_on,
            consent_on: p.consent_on,
            doctor_offered_on: p.doctor_offered_on,
            doctor_wanted: p.doctor_wanted,
            doctor_held_on: p.doctor_held_on,
            free_choice: p.free_choice.clone(),
            special_assessment: p.special_assessment.clone(),
            treatment_started_on: p.treatment_started_on,
            closed: p.closed.clone(),
        }
    }
}

impl CaseRecord {
    fn into_case(self, identity: Identity, home_municipality: String) -> Case {
        Case {
            id: self.id,
            citizen_id: self.citizen_id,
            kind: self.kind,
            channel: self.channel,
            contact_at: self.contact_at,
            identity,
            home_municipality,
            counsellor: self.counsellor,
            substances: self.substances,
            children: self.children,
            parental_consent: self.parental_consent,
            note: self.note,
            referred_young: self.referred_young,
            progress: Progress {
                visitation_on: self.visitation_on,
                consent_on: self.consent_on,
                doctor_offered_on: self.doctor_offered_on,
                doctor_wanted: self.doctor_wanted,
                doctor_held_on: self.doctor_held_on,
                free_choice: self.free_choice,
                special_assessment: self.special_assessment,
                treatment_started_on: self.treatment_started_on,
                closed: self.closed,
            },
        }
    }
}

fn bad(at: String, message: impl Into<String>) -> StoreError {
    StoreError::Import { at, message: message.into() }
}

/// Reads an export file's text, naming the record and field of the first
/// problem (`cases[3].kind: ...`).
pub fn parse(text: &str) -> Result<ExportFile> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let file: ExportFile = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        bad(error_at(&path, &message), message)
    })?;
    if file.format != FORMAT_NAME {
        return Err(bad("format".into(), format!("forventede \"{FORMAT_NAME}\"")));
    }
    if file.version != FORMAT_VERSION {
        return Err(bad(
            "version".into(),
            format!("formatversion {} kendes ikke (denne sagsbord læser {FORMAT_VERSION})", file.version),
        ));
    }
    Ok(file)
}

/// Where a parse error lies, as `cases[3].kind`. serde names the record
/// of a missing field but not the field, which only its message holds; a
/// place it cannot name (inside broken JSON) it marks with `?`, dropped
/// here. An error in no record is `filen`, the whole file.
fn error_at(path: &str, message: &str) -> String {
    let mut at = path.trim_end_matches(['?', '.']).to_string();
    let missing = message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next());
    if let Some(field) = missing {
        if !at.is_empty() {
            at.push('.');
        }
        at.push_str(field);
    }
    if at.is_empty() { "filen".into() } else { at }
}

/// The file's centre with its own profile in it: a file that names its
/// profile by path only (from before the profile was kept in the database)
/// has it read here, once. A relative path would mean a different file for
/// each user who imports, so only an absolute one is read.
fn own_profile_copied_in(centre: &Centre) -> Result<Centre> {
    let mut centre = centre.clone();
    if centre.profile_toml.is_none()
        && let Some(path) = centre.profile_path.clone()
    {
        let path = std::path::Path::new(&path);
        if !path.is_absolute() {
            return Err(bad("centre.profile_path".into(), "stien skal være absolut (fx /etc/sagsbord/profil.toml)"));
        }
        centre
            .use_own_file(path)
            .map_err(|e| bad("centre.profile_path".into(), format!("profilen kan ikke bruges: {e}")))?;
    }
    Ok(centre)
}

/// Each citizen's identity and home municipality, by citizen id.
type Identities = HashMap<i64, (Identity, String)>;

/// Checks what the types cannot: references, identities and dates. Returns
/// each citizen's identity, by id, ready for the cases, and the children and
/// notifications ready to insert.
fn check(file: &ExportFile) -> Result<(Identities, notifications::Checked)> {
    if file.centre.profile_toml.is_none() && file.centre.profile_path.is_some() {
        // A file from before the profile was kept in the database: its
        // path is read by the import (below), never later.
    } else {
        file.centre
            .load_profile()
            .map_err(|e| bad("centre.profile".into(), format!("profilen kan ikke bruges: {e}")))?;
    }
    let mut citizens = HashMap::new();
    let mut cprs = HashSet::new();
    for (i, c) in file.citizens.iter().enumerate() {
        let at = |field: &str| format!("citizens[{i}].{field}");
        if c.id <= 0 || citizens.contains_key(&c.id) {
            return Err(bad(at("id"), format!("id {} er ikke positivt og entydigt", c.id)));
        }
        let identity = match (&c.name, &c.pseudonym, &c.cpr) {
            (Some(name), None, cpr) if !name.trim().is_empty() => {
                let cpr = match cpr {
                    Some(text) => {
                        let (cpr, _) =
                            Cpr::parse(text).map_err(|e| bad(at("cpr"), format!("ugyldigt CPR-nummer: {e}")))?;
                        if !cprs.insert(cpr.full()) {
                            return Err(bad(at("cpr"), "CPR-nummeret står ved to borgere"));
                        }
                        Some(cpr)
                    }
                    None => None,
                };
                Identity::Named { name: name.clone(), cpr }
            }
            (None, Some(pseudonym), None) if !pseudonym.trim().is_empty() => {
                Identity::Anonymous { pseudonym: pseudonym.clone() }
            }
            (None, Some(_), Some(_)) => {
                return Err(bad(at("cpr"), "en anonym borger har intet CPR-nummer"));
            }
            _ => {
                return Err(bad(at("name"), "enten et navn eller et pseudonym, ikke begge eller ingen"));
            }
        };
        citizens.insert(c.id, (identity, c.home_municipality.clone()));
    }
    let mut case_ids = HashMap::new();
    let mut case_records = HashMap::new();
    for (i, c) in file.cases.iter().enumerate() {
        let at = |field: &str| format!("cases[{i}].{field}");
        if c.id <= 0 || case_ids.contains_key(&c.id) {
            return Err(bad(at("id"), format!("id {} er ikke positivt og entydigt", c.id)));
        }
        let (identity, _) = citizens
            .get(&c.citizen_id)
            .ok_or_else(|| bad(at("citizen_id"), format!("borger {} findes ikke i filen", c.citizen_id)))?;
        let anonymous = matches!(identity, Identity::Anonymous { .. });
        if anonymous != (c.kind == ContactKind::Anonymous) {
            return Err(bad(at("kind"), "anonyme sager hører til borgere med pseudonym, og kun dem"));
        }
        if c.counsellor.trim().is_empty() {
            return Err(bad(at("counsellor"), "mangler"));
        }
        // The store keeps one row per substance of a case.
        if c.substances.iter().enumerate().any(|(j, s)| c.substances[..j].contains(s)) {
            return Err(bad(at("substances"), "et rusmiddel står to gange"));
        }
        let contact = c.contact_at.date();
        let dated = [
            ("visitation_on", c.visitation_on),
            ("consent_on", c.consent_on),
            ("doctor_offered_on", c.doctor_offered_on),
            ("doctor_held_on", c.doctor_held_on),
            ("free_choice.on", c.free_choice.as_ref().map(|r| r.on)),
            ("special_assessment.on", c.special_assessment.as_ref().map(|r| r.on)),
            ("treatment_started_on", c.treatment_started_on),
            ("closed.on", c.closed.as_ref().map(|r| r.on)),
        ];
        for (field, on) in dated {
            if on.is_some_and(|on| on < contact) {
                return Err(bad(at(field), "ligger før første henvendelse"));
            }
        }
        case_ids.insert(c.id, contact);
        case_records.insert(c.id, c);
    }
    let mut event_ids = HashSet::new();
    for (i, e) in file.case_events.iter().enumerate() {
        let at = |field: &str| format!("case_events[{i}].{field}");
        if e.id <= 0 || !event_ids.insert(e.id) {
            return Err(bad(at("id"), format!("id {} er ikke positivt og entydigt", e.id)));
        }
        let contact = case_ids
            .get(&e.case_id)
            .ok_or_else(|| bad(at("case_id"), format!("sag {} findes ikke i filen", e.case_id)))?;
        if e.on < *contact {
            return Err(bad(at("on"), "ligger før sagens første henvendelse"));
        }
        if e.kind != "registered" && parse_enum::<StepKind>(&e.kind).is_err() {
            return Err(bad(at("kind"), format!("ukendt hændelse '{}'", e.kind)));
        }
        if e.actor.trim().is_empty() {
            return Err(bad(at("actor"), "mangler"));
        }
        if e.recorded_at.len() != 20 || NaiveDateTime::parse_from_str(&e.recorded_at, RECORDED_AT).is_err() {
            return Err(bad(at("recorded_at"), "forventede UTC-tid som 2026-03-17T09:30:00Z"));
        }
    }
    check_plans(file, &case_records)?;
    check_stays(file, &case_ids)?;
    check_groups(file)?;
    let family = notifications::check(
        &case_ids,
        &file.children,
        &file.child_considerations,
        &file.notifications,
        &file.notification_updates,
    )?;
    Ok((citizens, family))
}

const RECORDED_AT_EXPECTED: &str = "forventede UTC-tid som 2026-03-17T09:30:00Z";

fn is_recorded_at(s: &str) -> bool {
    s.len() == 20 && NaiveDateTime::parse_from_str(s, RECORDED_AT).is_ok()
}

fn unique_id(seen: &mut HashSet<i64>, id: i64, at: String) -> Result<()> {
    if id <= 0 || !seen.insert(id) {
        return Err(bad(at, format!("id {id} er ikke positivt og entydigt")));
    }
    Ok(())
}

fn not_blank(text: &str, at: String) -> Result<()> {
    if text.trim().is_empty() { Err(bad(at, "mangler")) } else { Ok(()) }
}

/// `HH:MM`, as the store writes a time of day.
fn is_clock(s: &str) -> bool {
    s.len() == 5 && chrono::NaiveTime::parse_from_str(s, super::groups::TIME).is_ok()
}

fn check_recorded_at(at: String, recorded_at: &str) -> Result<()> {
    if recorded_at.len() != 20 || NaiveDateTime::parse_from_str(recorded_at, RECORDED_AT).is_err() {
        return Err(bad(at, "forventede UTC-tid som 2026-03-17T09:30:00Z"));
    }
    Ok(())
}

impl Store {
    /// Everything the database holds, in the export format, read in one
    /// transaction: one consistent snapshot while colleagues go on writing.
    /// Audited (after the read, before the data leaves the store).
    pub fn export(&mut self) -> Result<ExportFile> {
        let file = self.read_snapshot(Store::export_snapshot)?;
        let detail = format!(
            "{} sager, {} underretninger, {} døgnophold, {} grupper, {} gavekortposter",
            file.cases.len(),
            file.notifications.len(),
            file.stays.len(),
            file.groups.len(),
            file.gift_card_ledger.len()
        );
        self.record_read("export", "database", None, &detail)?;
        Ok(file)
    }

    /// Exports to `target`, a new private file (see [`super::files`]): the
    /// target is checked before anything is read, the snapshot streamed to
    /// a temporary file beside it, synced and put in place. Returns the
    /// number of cases.
    pub fn export_to(&mut self, target: &std::path::Path, force: bool) -> Result<usize> {
        super::files::check_target(target, force)?;
        let file = self.export()?;
        super::files::write_private(target, force, |out| write_to(&file, out))?;
        Ok(file.cases.len())
    }

    /// The export's reads; run inside [`Store::read_snapshot`].
    fn export_snapshot(&self) -> Result<ExportFile> {
        let centre = self.centre()?;
        let citizens = {
            let mut stmt =
                self.conn().prepare("SELECT id, name, cpr, pseudonym, home_municipality FROM citizens ORDER BY id")?;
            stmt.query_map([], |r| {
                Ok(CitizenRecord {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    cpr: r.get(2)?,
                    pseudonym: r.get(3)?,
                    home_municipality: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
        };
        let cases: Vec<CaseRecord> = self.all_cases()?.iter().map(CaseRecord::from).collect();
        let mut case_events = Vec::new();
        {
            let mut stmt = self.conn().prepare(
                "SELECT id, case_id, kind, on_date, reason, wanted, actor, recorded_at FROM case_events ORDER BY id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let on: String = r.get(3)?;
                case_events.push(EventRecord {
                    id: r.get(0)?,
                    case_id: r.get(1)?,
                    kind: r.get(2)?,
                    on: NaiveDate::parse_from_str(&on, super::cases::DATE)
                        .map_err(|_| StoreError::Corrupt(format!("dato '{on}'")))?,
                    reason: r.get(4)?,
                    wanted: r.get(5)?,
                    actor: r.get(6)?,
                    recorded_at: r.get(7)?,
                });
            }
        }
        let plan_versions = self.all_plan_versions()?.iter().map(PlanVersionRecord::from).collect();
        let course_endings = self.all_endings()?.iter().map(EndingRecord::from).collect();
        let calls = self.all_calls()?;
        let follow_up_calls = calls
            .iter()
            .map(|c| CallRecord { id: c.id, case_id: c.case_id, months: c.months, due_on: c.due_on })
            .collect();
        let mut follow_up_attempts: Vec<AttemptRecord> = calls
            .iter()
            .flat_map(|c| &c.attempts)
            .map(|a| AttemptRecord {
                id: a.id,
                call_id: a.call_id,
                on: a.on,
                reached: a.reached,
                outcome: a.outcome,
                note: a.note.clone(),
                actor: a.actor.clone(),
                recorded_at: a.recorded_at.clone(),
            })
            .collect();
        follow_up_attempts.sort_by_key(|a| a.id);
        let (children, child_considerations, notifications, notification_updates) =
            notifications::records(&self.all_children()?, &self.all_considerations()?, &self.all_notifications()?);
        let providers: Vec<ProviderRecord> = load_providers(self.conn())?.iter().map(ProviderRecord::from).collect();
        let provider_prices: Vec<PriceRecord> = load_prices(self.conn())?
            .into_iter()
            .map(|(provider_id, (id, p))| PriceRecord {
                id,
                provider_id,
                service: p.service,
                unit: p.unit,
                amount: p.amount,
                valid_from: p.valid_from,
            })
            .collect();
        let stays: Vec<StayRecord> = self.all_stays()?.iter().map(StayRecord::from).collect();
        let stay_events: Vec<StayEventRecord> = load_events(self.conn(), None)?
            .into_iter()
            .map(|e| StayEventRecord {
                id: e.id,
                stay_id: e.stay_id,
                kind: e.kind,
                on: e.on,
                detail: e.detail,
                actor: e.actor,
                recorded_at: e.recorded_at,
            })
            .collect();
        let groups = self.export_groups()?;
        Ok(ExportFile {
            format: FORMAT_NAME.into(),
            version: FORMAT_VERSION,
            sample_today: None,
            centre,
            citizens,
            cases,
            case_events,
            plan_versions,
            course_endings,
            follow_up_calls,
            follow_up_attempts,
            children,
            child_considerations,
            notifications,
            notification_updates,
            providers,
            provider_prices,
            stays,
            stay_events,
            groups: groups.groups,
            group_members: groups.group_members,
            group_sessions: groups.group_sessions,
            move_courses: groups.move_courses,
            attendances: groups.attendances,
            gift_card_ledger: groups.gift_card_ledger,
        })
    }

    /// Takes a whole file into an empty database, all or nothing.
    pub fn import(&mut self, file: &ExportFile) -> Result<()> {
        let (citizens, family) = check(file)?;
        let centre = own_profile_copied_in(&file.centre)?;
        let detail = format!(
            "{} borgere, {} sager, {} hændelser, {} planversioner, {} afslutninger, {} opfølgningsopkald, {} børn, {} underretninger, \
             {} leverandører, {} døgnophold",
            file.citizens.len(),
            file.cases.len(),
            file.case_events.len(),
            file.plan_versions.len(),
            file.course_endings.len(),
            file.follow_up_calls.len(),
            file.children.len(),
            file.notifications.len(),
            file.providers.len(),
            file.stays.len()
        );
        // Every row inserted is recorded by its key and hash (see write_bulk).
        self.write_bulk("import", "database", |tx| {
            // Empty as it stands in the transaction: a colleague may have
            // registered a contact since the file was checked.
            let occupied: i64 = tx.query_row(
                "SELECT (SELECT count(*) FROM citizens) + (SELECT count(*) FROM cases) + (SELECT count(*) FROM providers)
                    + (SELECT count(*) FROM treatment_groups) + (SELECT count(*) FROM gift_card_ledger)",
                [],
                |r| r.get(0),
            )?;
            if occupied > 0 {
                return Err(bad("databasen".into(), "importen kræver en tom database; der ligger allerede sager i den"));
            }
            let c = &centre;
            tx.execute(
                "UPDATE centre SET name = ?1, municipality = ?2, profile_id = ?3, profile_path = ?4, profile_toml = ?5
                 WHERE id = 1",
                params![c.name, c.municipality, c.profile, c.profile_path, c.profile_toml],
            )?;
            // The statements run once a record are prepared once (with the
            // audit trail's triggers compiled into each, preparing costs).
            for r in &file.citizens {
                tx.prepare_cached(
                    "INSERT INTO citizens (id, name, cpr, pseudonym, home_municipality) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(
                    params![
                        r.id,
                        r.name,
                        r.cpr.as_ref().and_then(|c| Cpr::parse(c).ok()).map(|(c, _)| c.full()),
                        r.pseudonym,
                        r.home_municipality
                    ],
                )?;
            }
            for r in &file.cases {
                let (identity, home) = citizens[&r.citizen_id].clone();
                insert_case(tx, &r.clone().into_case(identity, home))?;
            }
            for e in &file.case_events {
                tx.prepare_cached(
                    "INSERT INTO case_events (id, case_id, kind, on_date, reason, wanted, actor, recorded_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(
                    params![
                        e.id,
                        e.case_id,
                        e.kind,
                        e.on.format(super::cases::DATE).to_string(),
                        e.reason,
                        e.wanted,
                        e.actor,
                        e.recorded_at
                    ],
                )?;
            }
            for v in &file.plan_versions {
                insert_version(tx, v.case_id, &v.to_new_version(), &v.actor, &v.recorded_at, Some(v.id))?;
            }
            for e in &file.course_endings {
                insert_ending(
                    tx,
                    &Ending {
                        case_id: e.case_id,
                        ended_on: e.ended_on,
                        reason: e.reason,
                        follow_up_declined: e.follow_up_declined,
                        note: e.note.clone(),
                        actor: e.actor.clone(),
                        recorded_at: e.recorded_at.clone(),
                    },
                )?;
            }
            for c in &file.follow_up_calls {
                tx.execute(
                    "INSERT INTO follow_up_calls (id, case_id, months, due_on) VALUES (?1, ?2, ?3, ?4)",
                    params![c.id, c.case_id, c.months, c.due_on.format(super::cases::DATE).to_string()],
                )?;
            }
            for a in &file.follow_up_attempts {
                let attempt = NewAttempt { on: a.on, reached: a.reached, outcome: a.outcome, note: a.note.clone() };
                insert_attempt(tx, Some(a.id), a.call_id, &attempt, &a.actor, &a.recorded_at)?;
            }
            for c in &family.children {
                insert_child(tx, c)?;
            }
            for c in &file.child_considerations {
                tx.execute(
                    "INSERT INTO child_considerations (id, case_id, on_date, note, actor, recorded_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![c.id, c.case_id, day_text(c.on), c.note, c.actor, c.recorded_at],
                )?;
            }
            for n in &family.notifications {
                insert_notification(tx, n)?;
            }
            for p in &file.providers {
                insert_provider(tx, &p.to_provider())?;
            }
            for p in &file.provider_prices {
                let price = Price { service: p.service, unit: p.unit, amount: p.amount, valid_from: p.valid_from };
                insert_price(tx, Some(p.id), p.provider_id, &price)?;
            }
            for s in &file.stays {
                insert_stay(tx, &s.to_stay())?;
            }
            for e in &file.stay_events {
                tx.execute(
                    "INSERT INTO stay_events (id, stay_id, kind, on_date, detail, actor, recorded_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        e.id,
                        e.stay_id,
                        e.kind,
                        e.on.format(super::cases::DATE).to_string(),
                        e.detail,
                        e.actor,
                        e.recorded_at
                    ],
                )?;
            }
            import_groups(tx, file)?;
            Ok(((), None, detail))
        })
    }
}

fn date_of(text: String) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(&text, super::cases::DATE).map_err(|_| StoreError::Corrupt(format!("dato '{text}'")))
}

fn opt_date(text: Option<String>) -> Result<Option<NaiveDate>> {
    text.map(date_of).transpose()
}

/// Writes the file as pretty JSON with a final newline.
pub fn to_text(file: &ExportFile) -> String {
    let mut text = serde_json::to_string_pretty(file).expect("export records always serialise");
    text.push('\n');
    text
}

/// Streams the same text as [`to_text`] into `out`.
pub fn write_to(file: &ExportFile, out: &mut impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, file).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// The id a step kind has in the store and in this format.
pub fn step_id(kind: StepKind) -> String {
    enum_id(&kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused_at(text: &str) -> String {
        match parse(text) {
            Err(StoreError::Import { at, .. }) => at,
            other => panic!("expected an import error, got {other:?}"),
        }
    }

    #[test]
    fn a_missing_field_is_named_with_its_record() {
        let case = r#"{"id": 1, "citizen_id": 1, "kind": "own_use", "channel": "phone",
            "contact_at": "2026-03-10T09:30:00", "children": "no_children"}"#;
        let text = format!(
            r#"{{"format": "sagsbord", "version": 1,
                "centre": {{"name": "C", "municipality": "Randers", "profile": "randers"}},
                "citizens": [], "cases": [{case}], "case_events": []}}"#
        );
        assert_eq!(refused_at(&text), "cases[0].counsellor");
        assert_eq!(refused_at(r#"{"format": "sagsbord", "version": 1}"#), "centre");
    }

    fn minimal() -> ExportFile {
        parse(include_str!("../../../tests/valid_imports/minimal.json")).unwrap()
    }

    fn checked_at(file: &ExportFile) -> String {
        match check(file) {
            Err(StoreError::Import { at, .. }) => at,
            other => panic!("expected an import error, got {other:?}"),
        }
    }

    #[test]
    fn an_event_dated_before_its_cases_first_contact_is_refused() {
        let mut file = minimal();
        assert!(check(&file).is_ok());
        file.case_events[1].on = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        assert_eq!(checked_at(&file), "case_events[1].on");
    }

    #[test]
    fn a_substance_listed_twice_is_refused_before_anything_is_written() {
        let mut file = minimal();
        file.cases[0].substances = vec![Substance::Cannabis, Substance::Cocaine, Substance::Cannabis];
        assert_eq!(checked_at(&file), "cases[0].substances");
    }

    #[test]
    fn recorded_at_must_be_utc_to_the_second() {
        for bad in ["i går", "2026-3-10T08:31:00Z", "2026-03-10T08:31:00", "2026-03-10 08:31:00Z", "2026-03-10T08:31Z"]
        {
            let mut file = minimal();
            file.case_events[0].recorded_at = bad.into();
            assert_eq!(checked_at(&file), "case_events[0].recorded_at", "{bad}");
        }
    }

    #[test]
    fn broken_json_is_placed_as_near_as_it_can_be() {
        assert_eq!(refused_at("navn;cpr\n"), "filen");
        assert_eq!(refused_at(r#"{"format": "sagsbord", "version": 1, "centre": {"name": "#), "centre.name");
    }
}
