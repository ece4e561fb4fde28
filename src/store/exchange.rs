//! The import/export format: one JSON document holding everything the
//! database holds, versioned. Documented in `sample-data/FORMAT.md`.
//!
//! Export, import into an empty database, export again: identical files,
//! because ids are kept and every list is written in id order. The audit
//! trail is not exported: it belongs to the file it was written in, and the
//! import itself is audited in the new file.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::cases::{enum_id, insert_case, parse_enum};
use super::gift_cards::entry_kind;
use super::{Centre, Result, Store, StoreError};
use crate::domain::cpr::Cpr;
use crate::domain::group::Ore;
use crate::domain::group::groups::{GroupKind, MAX_NAME, WEEKDAYS, parse_weekday_id, weekday_id};
use crate::domain::group::ledger::{Ledger, LedgerEntry, LedgerError};
use crate::domain::group::move_cards::Attendance;
use crate::domain::intake::{
    Case, Channel, ChildrenAnswer, ContactKind, Identity, Progress, Reasoned, StepKind, Substance,
};

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
    // The Grupper pane. Optional, so a file from before them still reads.
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupRecord {
    pub id: i64,
    pub name: String,
    pub kind: GroupKind,
    /// `monday` ... `sunday`.
    pub weekday: String,
    /// `HH:MM`.
    pub time: String,
    pub place: String,
    pub counsellors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberRecord {
    pub id: i64,
    pub group_id: i64,
    pub case_id: i64,
    pub joined_on: NaiveDate,
    #[serde(default)]
    pub left_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MovedRecord {
    pub from: NaiveDate,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSessionRecord {
    pub id: i64,
    pub group_id: i64,
    pub on: NaiveDate,
    pub time: String,
    pub place: String,
    #[serde(default)]
    pub cancelled: Option<Reasoned>,
    #[serde(default)]
    pub moved: Option<MovedRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseRecord {
    pub id: i64,
    pub case_id: i64,
    pub screening_on: NaiveDate,
    #[serde(default)]
    pub follow_up_from: Option<NaiveDate>,
    #[serde(default)]
    pub ended: Option<Reasoned>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttendanceRecord {
    pub id: i64,
    pub case_id: i64,
    /// A group session's roll call line ...
    #[serde(default)]
    pub session_id: Option<i64>,
    /// ... or an individual session on a MOVE course, on `on`.
    #[serde(default)]
    pub course_id: Option<i64>,
    #[serde(default)]
    pub on: Option<NaiveDate>,
    pub status: Attendance,
    pub actor: String,
    pub recorded_at: String,
}

/// The kinds of gift-card ledger entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerKind {
    Received,
    HandedOut,
    Voided,
    Lost,
    Correction,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerRecord {
    pub id: i64,
    pub serial: String,
    /// Whole øre.
    pub value: i64,
    pub on: NaiveDate,
    pub actor: String,
    pub kind: LedgerKind,
    #[serde(default)]
    pub case_id: Option<i64>,
    #[serde(default)]
    pub attendance_id: Option<i64>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub corrects_entry: Option<i64>,
    pub recorded_at: String,
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

/// Checks what the types cannot: references, identities and dates. Returns
/// each citizen's identity, by id, ready for the cases.
fn check(file: &ExportFile) -> Result<HashMap<i64, (Identity, String)>> {
    file.centre.load_profile().map_err(|e| bad("centre.profile".into(), format!("profilen kan ikke bruges: {e}")))?;
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
        if !is_recorded_at(&e.recorded_at) {
            return Err(bad(at("recorded_at"), RECORDED_AT_EXPECTED));
        }
    }
    check_groups(file)?;
    Ok(citizens)
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

/// Where a ledger refusal belongs in a ledger record.
fn ledger_field(e: &LedgerError) -> &'static str {
    match e {
        LedgerError::EmptySerial | LedgerError::AlreadyReceived { .. } | LedgerError::NotOnHand { .. } => "serial",
        LedgerError::MissingActor => "actor",
        LedgerError::MissingCitizen => "case_id",
        LedgerError::MissingReason => "reason",
        LedgerError::NonPositiveValue { .. } | LedgerError::EntryMismatch { .. } => "value",
        LedgerError::UnknownEntry { .. }
        | LedgerError::CannotCorrectCorrection { .. }
        | LedgerError::AlreadyCorrected { .. }
        | LedgerError::EntryNotCurrent { .. } => "corrects_entry",
        LedgerError::SessionAlreadyHasCard { .. } => "attendance_id",
        LedgerError::DateBeforeEarlierEntry { .. } => "on",
        LedgerError::IdNotIncreasing { .. } | LedgerError::IdsExhausted => "id",
        LedgerError::InvalidRange { .. } | LedgerError::RangeTooLarge { .. } => "serial",
    }
}

/// Checks the Grupper pane's records: references, the §101a rule, dates,
/// and the gift-card ledger replayed entry by entry exactly as the program
/// would have accepted it.
fn check_groups(file: &ExportFile) -> Result<()> {
    let cases: HashMap<i64, (ContactKind, NaiveDate)> =
        file.cases.iter().map(|c| (c.id, (c.kind, c.contact_at.date()))).collect();

    let mut groups: HashMap<i64, GroupKind> = HashMap::new();
    let mut names = HashSet::new();
    for (i, g) in file.groups.iter().enumerate() {
        let at = |field: &str| format!("groups[{i}].{field}");
        if g.id <= 0 || groups.contains_key(&g.id) {
            return Err(bad(at("id"), format!("id {} er ikke positivt og entydigt", g.id)));
        }
        not_blank(&g.name, at("name"))?;
        if g.name.chars().count() > MAX_NAME {
            return Err(bad(at("name"), format!("højst {MAX_NAME} tegn")));
        }
        if !names.insert(g.name.trim().to_lowercase()) {
            return Err(bad(at("name"), "to grupper med samme navn"));
        }
        if parse_weekday_id(&g.weekday).is_none() {
            let known: Vec<&str> = WEEKDAYS.iter().map(|d| weekday_id(*d)).collect();
            return Err(bad(at("weekday"), format!("ukendt ugedag '{}' (kendte: {})", g.weekday, known.join(", "))));
        }
        if !is_clock(&g.time) {
            return Err(bad(at("time"), "forventede et klokkeslæt som 10:00"));
        }
        not_blank(&g.place, at("place"))?;
        if g.counsellors.is_empty() || g.counsellors.iter().any(|c| c.trim().is_empty() || c.contains(',')) {
            return Err(bad(at("counsellors"), "mindst én rådgiver, hver et brugernavn uden komma"));
        }
        groups.insert(g.id, g.kind);
    }

    let mut member_ids = HashSet::new();
    // (group, case) -> the spans (joined, left) of its memberships.
    type Spans = Vec<(NaiveDate, Option<NaiveDate>)>;
    let mut memberships: HashMap<(i64, i64), Spans> = HashMap::new();
    for (i, m) in file.group_members.iter().enumerate() {
        let at = |field: &str| format!("group_members[{i}].{field}");
        unique_id(&mut member_ids, m.id, at("id"))?;
        let kind = *groups
            .get(&m.group_id)
            .ok_or_else(|| bad(at("group_id"), format!("gruppe {} findes ikke i filen", m.group_id)))?;
        let (case_kind, contact) = *cases
            .get(&m.case_id)
            .ok_or_else(|| bad(at("case_id"), format!("sag {} findes ikke i filen", m.case_id)))?;
        if !case_kind.can_start_treatment() {
            return Err(bad(at("case_id"), "pårørende og samarbejdspartnere er ikke med i grupper"));
        }
        if kind.is_anonymous() != (case_kind == ContactKind::Anonymous) {
            return Err(bad(
                at("case_id"),
                "den anonyme gruppe (§101a) har kun anonyme sager, og anonyme sager kun den",
            ));
        }
        if m.joined_on < contact {
            return Err(bad(at("joined_on"), "ligger før sagens første henvendelse"));
        }
        if m.left_on.is_some_and(|left| left < m.joined_on) {
            return Err(bad(at("left_on"), "ligger før indmeldelsen"));
        }
        let spans = memberships.entry((m.group_id, m.case_id)).or_default();
        let overlaps = |(joined, left): &(NaiveDate, Option<NaiveDate>)| {
            m.joined_on <= left.unwrap_or(NaiveDate::MAX) && *joined <= m.left_on.unwrap_or(NaiveDate::MAX)
        };
        if spans.iter().any(overlaps) {
            return Err(bad(at("case_id"), "sagen er allerede medlem af gruppen i perioden"));
        }
        spans.push((m.joined_on, m.left_on));
    }

    let mut sessions: HashMap<i64, (i64, NaiveDate, bool)> = HashMap::new();
    let mut session_days = HashSet::new();
    for (i, s) in file.group_sessions.iter().enumerate() {
        let at = |field: &str| format!("group_sessions[{i}].{field}");
        if s.id <= 0 || sessions.contains_key(&s.id) {
            return Err(bad(at("id"), format!("id {} er ikke positivt og entydigt", s.id)));
        }
        if !groups.contains_key(&s.group_id) {
            return Err(bad(at("group_id"), format!("gruppe {} findes ikke i filen", s.group_id)));
        }
        if !session_days.insert((s.group_id, s.on)) {
            return Err(bad(at("on"), "gruppen har allerede en mødegang den dag"));
        }
        if !is_clock(&s.time) {
            return Err(bad(at("time"), "forventede et klokkeslæt som 10:00"));
        }
        not_blank(&s.place, at("place"))?;
        if let Some(c) = &s.cancelled {
            not_blank(&c.reason, at("cancelled.reason"))?;
        }
        if let Some(m) = &s.moved {
            not_blank(&m.reason, at("moved.reason"))?;
        }
        sessions.insert(s.id, (s.group_id, s.on, s.cancelled.is_some()));
    }

    let mut courses: HashMap<i64, (i64, NaiveDate)> = HashMap::new();
    let mut open_course = HashSet::new();
    for (i, c) in file.move_courses.iter().enumerate() {
        let at = |field: &str| format!("move_courses[{i}].{field}");
        if c.id <= 0 || courses.contains_key(&c.id) {
            return Err(bad(at("id"), format!("id {} er ikke positivt og entydigt", c.id)));
        }
        let (kind, contact) = *cases
            .get(&c.case_id)
            .ok_or_else(|| bad(at("case_id"), format!("sag {} findes ikke i filen", c.case_id)))?;
        if kind == ContactKind::Anonymous || !kind.can_start_treatment() {
            return Err(bad(at("case_id"), "MOVE-forløb og gavekort hører til borgerens egen §101-behandling"));
        }
        if c.screening_on < contact {
            return Err(bad(at("screening_on"), "ligger før sagens første henvendelse"));
        }
        if c.follow_up_from.is_some_and(|f| f < c.screening_on) {
            return Err(bad(at("follow_up_from"), "ligger før screeningen"));
        }
        if let Some(e) = &c.ended {
            if e.on < c.screening_on {
                return Err(bad(at("ended.on"), "ligger før screeningen"));
            }
            not_blank(&e.reason, at("ended.reason"))?;
        } else if !open_course.insert(c.case_id) {
            return Err(bad(at("case_id"), "sagen har allerede et åbent MOVE-forløb"));
        }
        courses.insert(c.id, (c.case_id, c.screening_on));
    }

    let mut attendance_ids = HashSet::new();
    let mut marked = HashSet::new();
    for (i, a) in file.attendances.iter().enumerate() {
        let at = |field: &str| format!("attendances[{i}].{field}");
        unique_id(&mut attendance_ids, a.id, at("id"))?;
        if !cases.contains_key(&a.case_id) {
            return Err(bad(at("case_id"), format!("sag {} findes ikke i filen", a.case_id)));
        }
        match (a.session_id, a.course_id, a.on) {
            (Some(session_id), None, None) => {
                let (group_id, on, cancelled) = *sessions
                    .get(&session_id)
                    .ok_or_else(|| bad(at("session_id"), format!("mødegang {session_id} findes ikke i filen")))?;
                if cancelled {
                    return Err(bad(at("session_id"), "mødegangen er aflyst"));
                }
                let member = memberships
                    .get(&(group_id, a.case_id))
                    .is_some_and(|spans| spans.iter().any(|(j, l)| *j <= on && l.is_none_or(|l| on <= l)));
                if !member {
                    return Err(bad(at("case_id"), "sagen er ikke medlem af gruppen den dag"));
                }
                if !marked.insert((session_id, a.case_id)) {
                    return Err(bad(at("case_id"), "sagen har allerede en markering ved mødegangen"));
                }
            }
            (None, Some(course_id), Some(on)) => {
                let (case_id, screening) = *courses
                    .get(&course_id)
                    .ok_or_else(|| bad(at("course_id"), format!("MOVE-forløb {course_id} findes ikke i filen")))?;
                if case_id != a.case_id {
                    return Err(bad(at("course_id"), "forløbet hører til en anden sag"));
                }
                if on < screening {
                    return Err(bad(at("on"), "ligger før forløbets screening"));
                }
            }
            (None, Some(_), None) => return Err(bad(at("on"), "en individuel session har en dato")),
            (Some(_), _, Some(_)) => return Err(bad(at("on"), "en gruppemødegang har sin egen dato")),
            _ => {
                return Err(bad(at("session_id"), "enten session_id eller course_id (med on), ikke begge eller ingen"));
            }
        }
        not_blank(&a.actor, at("actor"))?;
        if !is_recorded_at(&a.recorded_at) {
            return Err(bad(at("recorded_at"), RECORDED_AT_EXPECTED));
        }
    }

    let mut entries = Vec::new();
    for (i, e) in file.gift_card_ledger.iter().enumerate() {
        let at = |field: &str| format!("gift_card_ledger[{i}].{field}");
        if e.id <= 0 {
            return Err(bad(at("id"), format!("id {} er ikke positivt", e.id)));
        }
        let kind_name = enum_id(&e.kind);
        let fields: [(&str, bool, bool); 4] = [
            // (field, present, allowed for this kind)
            ("case_id", e.case_id.is_some(), e.kind == LedgerKind::HandedOut),
            ("attendance_id", e.attendance_id.is_some(), e.kind == LedgerKind::HandedOut),
            (
                "reason",
                e.reason.is_some(),
                matches!(e.kind, LedgerKind::Voided | LedgerKind::Lost | LedgerKind::Correction),
            ),
            ("corrects_entry", e.corrects_entry.is_some(), e.kind == LedgerKind::Correction),
        ];
        for (field, present, allowed) in fields {
            if present && !allowed {
                return Err(bad(at(field), format!("hører ikke til en post af typen {kind_name}")));
            }
        }
        if let Some(case_id) = e.case_id
            && !cases.contains_key(&case_id)
        {
            return Err(bad(at("case_id"), format!("sag {case_id} findes ikke i filen")));
        }
        if let Some(attendance_id) = e.attendance_id
            && !attendance_ids.contains(&attendance_id)
        {
            return Err(bad(at("attendance_id"), format!("fremmøde {attendance_id} findes ikke i filen")));
        }
        let kind = entry_kind(
            &kind_name,
            e.case_id,
            e.attendance_id,
            e.reason.clone(),
            e.corrects_entry.map(|c| c.max(0) as u64),
        )
        .ok_or_else(|| {
            let missing = match e.kind {
                LedgerKind::HandedOut => "case_id",
                LedgerKind::Correction if e.corrects_entry.is_none() => "corrects_entry",
                _ => "reason",
            };
            bad(at(missing), "mangler")
        })?;
        if !is_recorded_at(&e.recorded_at) {
            return Err(bad(at("recorded_at"), RECORDED_AT_EXPECTED));
        }
        entries.push(LedgerEntry {
            id: e.id as u64,
            serial: e.serial.clone(),
            value: Ore(e.value),
            date: e.on,
            actor: e.actor.clone(),
            kind,
        });
    }
    Ledger::from_entries(entries).map_err(|r| {
        bad(
            format!("gift_card_ledger[{}].{}", r.index, ledger_field(&r.error)),
            format!("gavekortregnskabet afviser posten: {}", crate::ui::text::ledger_error(&r.error)),
        )
    })?;
    Ok(())
}

impl Store {
    /// Everything the database holds, in the export format. Audited.
    pub fn export(&mut self) -> Result<ExportFile> {
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
        let groups = self.export_groups()?;
        let detail = format!("{} sager", cases.len());
        self.record_read("export", "database", None, &detail)?;
        Ok(ExportFile {
            format: FORMAT_NAME.into(),
            version: FORMAT_VERSION,
            sample_today: None,
            centre,
            citizens,
            cases,
            case_events,
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
        let citizens = check(file)?;
        let occupied: i64 = self.conn().query_row(
            "SELECT (SELECT count(*) FROM citizens) + (SELECT count(*) FROM cases)
                + (SELECT count(*) FROM treatment_groups) + (SELECT count(*) FROM gift_card_ledger)",
            [],
            |r| r.get(0),
        )?;
        if occupied > 0 {
            return Err(bad("databasen".into(), "importen kræver en tom database; der ligger allerede sager i den"));
        }
        let detail = format!(
            "{} borgere, {} sager, {} hændelser",
            file.citizens.len(),
            file.cases.len(),
            file.case_events.len()
        );
        self.write("import", "database", |tx| {
            let c = &file.centre;
            tx.execute(
                "UPDATE centre SET name = ?1, municipality = ?2, profile_id = ?3, profile_path = ?4 WHERE id = 1",
                params![c.name, c.municipality, c.profile, c.profile_path],
            )?;
            for r in &file.citizens {
                tx.execute(
                    "INSERT INTO citizens (id, name, cpr, pseudonym, home_municipality) VALUES (?1, ?2, ?3, ?4, ?5)",
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
                tx.execute(
                    "INSERT INTO case_events (id, case_id, kind, on_date, reason, wanted, actor, recorded_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
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
            import_groups(tx, file)?;
            Ok(((), None, detail))
        })
    }
}

/// The Grupper pane's records as the export writes them.
struct GroupsExport {
    groups: Vec<GroupRecord>,
    group_members: Vec<MemberRecord>,
    group_sessions: Vec<GroupSessionRecord>,
    move_courses: Vec<CourseRecord>,
    attendances: Vec<AttendanceRecord>,
    gift_card_ledger: Vec<LedgerRecord>,
}

fn date_of(text: String) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(&text, super::cases::DATE).map_err(|_| StoreError::Corrupt(format!("dato '{text}'")))
}

fn opt_date(text: Option<String>) -> Result<Option<NaiveDate>> {
    text.map(date_of).transpose()
}

impl Store {
    fn export_groups(&self) -> Result<GroupsExport> {
        let conn = self.conn();
        let groups = {
            let mut stmt = conn.prepare(
                "SELECT id, name, kind, weekday, time, place, counsellors FROM treatment_groups ORDER BY id",
            )?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get::<_, String>(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get::<_, String>(6)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<(i64, String, String, String, String, String, String)>>>()?;
            rows.into_iter()
                .map(|(id, name, kind, weekday, time, place, counsellors)| {
                    Ok(GroupRecord {
                        id,
                        name,
                        kind: parse_enum(&kind)?,
                        weekday,
                        time,
                        place,
                        counsellors: counsellors.split(',').filter(|c| !c.is_empty()).map(str::to_string).collect(),
                    })
                })
                .collect::<Result<Vec<_>>>()?
        };
        let group_members = {
            let mut stmt =
                conn.prepare("SELECT id, group_id, case_id, joined_on, left_on FROM group_members ORDER BY id")?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
                .collect::<rusqlite::Result<Vec<(i64, i64, i64, String, Option<String>)>>>()?;
            rows.into_iter()
                .map(|(id, group_id, case_id, joined, left)| {
                    Ok(MemberRecord { id, group_id, case_id, joined_on: date_of(joined)?, left_on: opt_date(left)? })
                })
                .collect::<Result<Vec<_>>>()?
        };
        let group_sessions = {
            let mut stmt = conn.prepare(
                "SELECT id, group_id, on_date, time, place, cancelled_on, cancelled_reason, moved_from, moved_reason
                 FROM group_sessions ORDER BY id",
            )?;
            type Raw =
                (i64, i64, String, String, String, Option<String>, Option<String>, Option<String>, Option<String>);
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<Raw>>>()?;
            rows.into_iter()
                .map(|(id, group_id, on, time, place, c_on, c_reason, m_from, m_reason)| {
                    Ok(GroupSessionRecord {
                        id,
                        group_id,
                        on: date_of(on)?,
                        time,
                        place,
                        cancelled: opt_date(c_on)?.map(|on| Reasoned { on, reason: c_reason.unwrap_or_default() }),
                        moved: opt_date(m_from)?.map(|from| MovedRecord { from, reason: m_reason.unwrap_or_default() }),
                    })
                })
                .collect::<Result<Vec<_>>>()?
        };
        let move_courses = {
            let mut stmt = conn.prepare(
                "SELECT id, case_id, screening_on, follow_up_from, ended_on, ended_reason FROM move_courses ORDER BY id",
            )?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
                .collect::<rusqlite::Result<Vec<(i64, i64, String, Option<String>, Option<String>, Option<String>)>>>(
                )?;
            rows.into_iter()
                .map(|(id, case_id, screening, follow_up, ended_on, ended_reason)| {
                    Ok(CourseRecord {
                        id,
                        case_id,
                        screening_on: date_of(screening)?,
                        follow_up_from: opt_date(follow_up)?,
                        ended: opt_date(ended_on)?.map(|on| Reasoned { on, reason: ended_reason.unwrap_or_default() }),
                    })
                })
                .collect::<Result<Vec<_>>>()?
        };
        let attendances = {
            let mut stmt = conn.prepare(
                "SELECT id, case_id, session_id, course_id, on_date, status, actor, recorded_at FROM attendances ORDER BY id",
            )?;
            type Raw = (i64, i64, Option<i64>, Option<i64>, Option<String>, String, String, String);
            let rows = stmt
                .query_map([], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
                })?
                .collect::<rusqlite::Result<Vec<Raw>>>()?;
            rows.into_iter()
                .map(|(id, case_id, session_id, course_id, on, status, actor, recorded_at)| {
                    Ok(AttendanceRecord {
                        id,
                        case_id,
                        session_id,
                        course_id,
                        on: opt_date(on)?,
                        status: parse_enum(&status)?,
                        actor,
                        recorded_at,
                    })
                })
                .collect::<Result<Vec<_>>>()?
        };
        let gift_card_ledger = {
            let mut stmt = conn.prepare(
                "SELECT id, serial, value, on_date, actor, kind, case_id, attendance_id, reason, corrects_entry, recorded_at
                 FROM gift_card_ledger ORDER BY id",
            )?;
            type Raw = (
                i64,
                String,
                i64,
                String,
                String,
                String,
                Option<i64>,
                Option<i64>,
                Option<String>,
                Option<i64>,
                String,
            );
            let rows = stmt
                .query_map([], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                        r.get(10)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<Raw>>>()?;
            rows.into_iter()
                .map(
                    |(
                        id,
                        serial,
                        value,
                        on,
                        actor,
                        kind,
                        case_id,
                        attendance_id,
                        reason,
                        corrects_entry,
                        recorded_at,
                    )| {
                        Ok(LedgerRecord {
                            id,
                            serial,
                            value,
                            on: date_of(on)?,
                            actor,
                            kind: parse_enum(&kind)?,
                            case_id,
                            attendance_id,
                            reason,
                            corrects_entry,
                            recorded_at,
                        })
                    },
                )
                .collect::<Result<Vec<_>>>()?
        };
        Ok(GroupsExport { groups, group_members, group_sessions, move_courses, attendances, gift_card_ledger })
    }
}

/// Writes the Grupper pane's records with their ids. `check` has accepted them.
fn import_groups(tx: &rusqlite::Transaction<'_>, file: &ExportFile) -> Result<()> {
    let d = |on: &NaiveDate| on.format(super::cases::DATE).to_string();
    for g in &file.groups {
        tx.execute(
            "INSERT INTO treatment_groups (id, name, kind, weekday, time, place, counsellors)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![g.id, g.name, enum_id(&g.kind), g.weekday, g.time, g.place, g.counsellors.join(",")],
        )?;
    }
    for m in &file.group_members {
        tx.execute(
            "INSERT INTO group_members (id, group_id, case_id, joined_on, left_on) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![m.id, m.group_id, m.case_id, d(&m.joined_on), m.left_on.as_ref().map(d)],
        )?;
    }
    for s in &file.group_sessions {
        tx.execute(
            "INSERT INTO group_sessions
                (id, group_id, on_date, time, place, cancelled_on, cancelled_reason, moved_from, moved_reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                s.id,
                s.group_id,
                d(&s.on),
                s.time,
                s.place,
                s.cancelled.as_ref().map(|c| d(&c.on)),
                s.cancelled.as_ref().map(|c| c.reason.clone()),
                s.moved.as_ref().map(|m| d(&m.from)),
                s.moved.as_ref().map(|m| m.reason.clone()),
            ],
        )?;
    }
    for c in &file.move_courses {
        tx.execute(
            "INSERT INTO move_courses (id, case_id, screening_on, follow_up_from, ended_on, ended_reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                c.id,
                c.case_id,
                d(&c.screening_on),
                c.follow_up_from.as_ref().map(d),
                c.ended.as_ref().map(|e| d(&e.on)),
                c.ended.as_ref().map(|e| e.reason.clone()),
            ],
        )?;
    }
    for a in &file.attendances {
        tx.execute(
            "INSERT INTO attendances (id, case_id, session_id, course_id, on_date, status, actor, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                a.id,
                a.case_id,
                a.session_id,
                a.course_id,
                a.on.as_ref().map(d),
                enum_id(&a.status),
                a.actor,
                a.recorded_at
            ],
        )?;
    }
    for e in &file.gift_card_ledger {
        tx.execute(
            "INSERT INTO gift_card_ledger
                (id, serial, value, on_date, actor, kind, case_id, attendance_id, reason, corrects_entry, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
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
            ],
        )?;
    }
    Ok(())
}

/// Writes the file as pretty JSON with a final newline.
pub fn to_text(file: &ExportFile) -> String {
    let mut text = serde_json::to_string_pretty(file).expect("export records always serialise");
    text.push('\n');
    text
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
        parse(include_str!("../../tests/valid_imports/minimal.json")).unwrap()
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
