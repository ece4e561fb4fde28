//! The import/export format: one JSON document holding everything the
//! database holds, versioned. Documented in `sample-data/FORMAT.md`.
//!
//! Export, import into an empty database, export again: identical files,
//! because ids are kept and every list is written in id order. The audit
//! trail is not exported: it belongs to the file it was written in, and the
//! import itself is audited in the new file.

mod case_facts;
mod check;
#[cfg(test)]
mod check_in_parts;
mod compact;
mod complaints;
mod conversations;
mod corrections;
mod export;
mod groups;
mod ids;
mod import;
#[cfg(test)]
mod import_on_engines;
mod lengths;
mod lists;
// Taken by the checks and the reader of a file a part at a time, which come next.
mod notifications;
#[allow(dead_code)]
mod part;
mod plans;
mod problem;
mod stays;
pub(crate) mod stream;
mod write;

use chrono::{NaiveDate, NaiveDateTime};
pub use problem::{FileRecord, ImportProblem};
use serde::{Deserialize, Serialize};

use super::cases::{enum_id, parse_enum};
use super::children::{day_text, insert_child};
use super::notifications::insert_notification;
use super::stays::{insert_price_on, insert_provider_on, insert_stay_on, load_events, load_prices, load_providers};
use super::{Centre, Result, Store, StoreError};
use crate::domain::cpr::Cpr;
use crate::domain::intake::{
    Case, Channel, ChildrenAnswer, Citizenship, ClosingReason, ContactKind, FamilySituation, Gender, Identity,
    IncomeSource, Progress, Reasoned, StepKind, Substance,
};
use crate::domain::stay::Price;
#[doc(hidden)]
use check::{RECORDED_AT_EXPECTED, check_recorded_at, is_clock, is_recorded_at, not_blank, unique_id};
pub use complaints::{ComplaintRecord, ForwardedRecord, ReassessedRecord, ResultRecord};
pub use conversations::ConversationRecord;
pub use groups::{
    AttendanceRecord, CourseRecord, GroupRecord, GroupSessionRecord, LedgerKind, LedgerRecord, MemberRecord,
    MovedRecord,
};
pub(crate) use import::{PieceChecks, Step};
pub use notifications::{
    ChildRecord, ConsiderationRecord, EndedRecord, InformedRecord, NotificationRecord, NotificationUpdateRecord,
    SentRecord, StepRecord,
};
pub use part::Counts;
pub(crate) use part::{Chunk, List};
pub use plans::{AttemptRecord, CallRecord, EndingRecord, PlanVersionRecord};
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
    /// Counted conversations (anonymous, advisory, relatives') on the cases.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conversations: Vec<ConversationRecord>,
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
    /// Complaints about decisions with their steps. Left out when there
    /// are none, so files from before complaints read and write as they were.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub complaints: Vec<ComplaintRecord>,
}

impl ExportFile {
    /// Gives back what each list took beyond its records while it was read
    /// (a list grows by doubling): an import holds the parsed file while it
    /// checks and writes it, so this slack would count in its peak.
    fn shrink_to_fit(&mut self) {
        self.citizens.shrink_to_fit();
        self.cases.shrink_to_fit();
        self.case_events.shrink_to_fit();
        self.plan_versions.shrink_to_fit();
        self.course_endings.shrink_to_fit();
        self.follow_up_calls.shrink_to_fit();
        self.follow_up_attempts.shrink_to_fit();
        self.children.shrink_to_fit();
        self.child_considerations.shrink_to_fit();
        self.conversations.shrink_to_fit();
        self.notifications.shrink_to_fit();
        self.notification_updates.shrink_to_fit();
        self.providers.shrink_to_fit();
        self.provider_prices.shrink_to_fit();
        self.stays.shrink_to_fit();
        self.stay_events.shrink_to_fit();
        self.groups.shrink_to_fit();
        self.group_members.shrink_to_fit();
        self.group_sessions.shrink_to_fit();
        self.move_courses.shrink_to_fit();
        self.attendances.shrink_to_fit();
        self.gift_card_ledger.shrink_to_fit();
        self.complaints.shrink_to_fit();
    }

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
            conversations: Vec::new(),
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
            complaints: Vec::new(),
        }
    }
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
    /// Optional, left out when not known (so older files read and write
    /// as they were).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizenship: Option<Citizenship>,
    /// Only for a citizen without CPR number: the number says it otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
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
    #[serde(serialize_with = "crate::store::exchange::export::some_day")]
    pub visitation_on: Option<NaiveDate>,
    #[serde(default)]
    #[serde(serialize_with = "crate::store::exchange::export::some_day")]
    pub consent_on: Option<NaiveDate>,
    #[serde(default)]
    #[serde(serialize_with = "crate::store::exchange::export::some_day")]
    pub doctor_offered_on: Option<NaiveDate>,
    #[serde(default)]
    pub doctor_wanted: Option<bool>,
    #[serde(default)]
    #[serde(serialize_with = "crate::store::exchange::export::some_day")]
    pub doctor_held_on: Option<NaiveDate>,
    #[serde(default)]
    pub free_choice: Option<Reasoned>,
    #[serde(default)]
    pub special_assessment: Option<Reasoned>,
    #[serde(default)]
    #[serde(serialize_with = "crate::store::exchange::export::some_day")]
    pub treatment_started_on: Option<NaiveDate>,
    #[serde(default)]
    pub closed: Option<Reasoned>,
    /// Why the contact was closed, from the list. Left out when there is
    /// none, so files from before the list read and write as they were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closing_reason: Option<ClosingReason>,
    /// The contact's family situation and main source of income; left out
    /// when not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<FamilySituation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income: Option<IncomeSource>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRecord {
    pub id: i64,
    pub case_id: i64,
    /// `registered`, or a step kind (`book_visitation`, `start_treatment`, ...).
    pub kind: String,
    #[serde(serialize_with = "crate::store::exchange::export::day")]
    pub on: NaiveDate,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub wanted: Option<bool>,
    pub actor: String,
    pub recorded_at: String,
    /// `undone` only: the step event it takes back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<i64>,
    /// `reassigned` only: the counsellor the case was handed to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counsellor: Option<String>,
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
            closing_reason: p.closing_reason,
            family: None,
            income: None,
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
                closing_reason: self.closing_reason,
            },
        }
    }
}

fn bad(at: String, problem: impl Into<ImportProblem>) -> StoreError {
    StoreError::Import { at, problem: problem.into() }
}

/// Reads an export file's text, naming the record and field of the first
/// problem (`cases[3].kind: ...`).
pub fn parse(text: &str) -> Result<ExportFile> {
    // Read untracked first, as most files are good (see parse_reader_untracked).
    let de = &mut serde_json::Deserializer::from_str(text);
    match ExportFile::deserialize(de) {
        Ok(file) => checked_format(Ok(file)),
        Err(_) => checked_format(tracked(&mut serde_json::Deserializer::from_str(text))),
    }
}

/// [`parse`] as the text is read, a buffer at a time: a large file is
/// never held whole in memory beside what it holds.
pub fn parse_reader(reader: impl std::io::Read) -> Result<ExportFile> {
    checked_format(tracked(&mut serde_json::Deserializer::from_reader(buffered(reader))))
}

/// [`parse_reader`] without following the path to every value, which
/// takes a quarter of the parse of a large file (a key copied for each
/// field): a problem is named only by its message, placed in `filen`. A
/// caller that can read the file again gives it to [`parse_reader`] to
/// name the record and field.
pub fn parse_reader_untracked(reader: impl std::io::Read) -> Result<ExportFile> {
    let de = &mut serde_json::Deserializer::from_reader(buffered(reader));
    checked_format(ExportFile::deserialize(de).map_err(|e| (String::new(), e)))
}

fn buffered<R: std::io::Read>(reader: R) -> std::io::BufReader<R> {
    std::io::BufReader::with_capacity(1 << 16, reader)
}

/// The file, or where (the path to the value) and why it could not be read.
fn tracked<'de, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
) -> std::result::Result<ExportFile, (String, serde_json::Error)> {
    serde_path_to_error::deserialize(de).map_err(|e| (e.path().to_string(), e.into_inner()))
}

/// A parsed file, or where and why it could not be read; then its format
/// and version checked.
fn checked_format(parsed: std::result::Result<ExportFile, (String, serde_json::Error)>) -> Result<ExportFile> {
    let mut file = parsed.map_err(|(path, e)| {
        let message = e.to_string();
        // The parser quotes what it could not read (an unknown kind of
        // 100 MB): the message says where and what, not all of it.
        bad(error_at(&path, &message), crate::domain::input::cut(&message, MAX_MESSAGE).into_owned())
    })?;
    if file.format != FORMAT_NAME {
        return Err(bad("format".into(), format!("forventede \"{FORMAT_NAME}\"")));
    }
    if file.version != FORMAT_VERSION {
        return Err(bad("version".into(), ImportProblem::UnknownVersion { file: file.version, known: FORMAT_VERSION }));
    }
    file.shrink_to_fit();
    Ok(file)
}

/// Checks a parsed file as the import does, without a database.
#[cfg(test)]
pub(crate) fn check_file(file: &ExportFile) -> Result<()> {
    check::check(file).map(drop)
}

/// A parse error's message is cut to this many characters.
const MAX_MESSAGE: usize = 300;

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

fn date_of(text: String) -> Result<NaiveDate> {
    super::cases::parse_day(&text)
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
    use super::check::check as check_file;
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
        match check_file(file) {
            Err(StoreError::Import { at, .. }) => at,
            other => panic!("expected an import error, got {other:?}"),
        }
    }

    #[test]
    fn an_event_dated_before_its_cases_first_contact_is_refused() {
        let mut file = minimal();
        assert!(check_file(&file).is_ok());
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
    fn the_import_gives_its_larger_cache_back() {
        let cache_of =
            |store: &Store| -> i64 { store.sqlite().query_row("PRAGMA cache_size", [], |r| r.get(0)).unwrap() };
        let mut store = Store::open_in_memory("anna").unwrap();
        let before = cache_of(&store);
        store.import(&minimal()).unwrap();
        assert_eq!(cache_of(&store), before, "the import's larger cache is for the import only");
    }

    /// A call is done on the day of the attempt that reached the citizen
    /// (the checks refuse an attempt after it), as recording the attempt
    /// leaves it; open without one.
    #[test]
    fn an_imported_call_is_done_on_the_day_of_its_attempt_that_reached() {
        let shape = crate::generate::Shape {
            cases: 300,
            seed: 7,
            today: NaiveDate::from_ymd_opt(2026, 3, 17).unwrap(),
            stress: false,
        };
        let file = crate::generate::centre(&shape, &mut |_| {});
        let mut store = Store::open_in_memory("anna").unwrap();
        store.import(&file).unwrap();
        let done: std::collections::HashMap<i64, Option<String>> = store
            .sqlite()
            .prepare("SELECT id, done_on FROM follow_up_calls")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(done.len(), file.follow_up_calls.len());
        for call in &file.follow_up_calls {
            let last = file.follow_up_attempts.iter().rfind(|a| a.call_id == call.id && a.reached).map(|a| a.on);
            assert_eq!(done[&call.id], last.map(day_text), "call {}", call.id);
        }
        assert!(done.values().any(Option::is_some) && done.values().any(Option::is_none), "both kinds of call");
    }

    #[test]
    fn broken_json_is_placed_as_near_as_it_can_be() {
        assert_eq!(refused_at("navn;cpr\n"), "filen");
        assert_eq!(refused_at(r#"{"format": "sagsbord", "version": 1, "centre": {"name": "#), "centre.name");
    }

    /// The corrections are replayed a case at a time: the problem named is
    /// still the one a replay of the whole file in id order meets first,
    /// then the handover of the case with the lowest id, whatever the
    /// cases' and the events' places in the file.
    #[test]
    fn the_corrections_of_several_cases_name_the_problem_first_in_id_order() {
        let mut file = minimal();
        // Case 2 (bo's) before case 1 (anna's) in the list.
        file.cases.swap(0, 1);
        let event = |id: i64, case_id: i64, kind: &str| EventRecord {
            id,
            case_id,
            kind: kind.into(),
            on: NaiveDate::from_ymd_opt(2026, 3, 13).unwrap(),
            ..file.case_events[0].clone()
        };
        let handed =
            |id, case_id, to: &str| EventRecord { counsellor: Some(to.into()), ..event(id, case_id, "reassigned") };
        let mut wrong = file.clone();
        // At index 3: case 2's, id 40, an undo's target on a step.
        wrong.case_events.push(EventRecord { undoes: Some(2), ..event(40, 2, "start_assessment") });
        // At index 4: case 1's, id 20, an undo without its target.
        wrong.case_events.push(EventRecord { reason: Some("Fejl".into()), ..event(20, 1, "undone") });
        wrong.case_events.push(handed(10, 2, "carl"));
        assert_eq!(checked_at(&wrong), "case_events[4].undoes");
        // Handovers only: the case with the lowest id is named, though
        // it comes second and its handover last.
        let mut handovers = file.clone();
        handovers.case_events.push(handed(10, 2, "carl"));
        handovers.case_events.push(handed(30, 1, "carl"));
        assert_eq!(checked_at(&handovers), "case_events[4].counsellor");
        // Handed to the cases' own counsellors, the file passes.
        let mut right = file.clone();
        right.case_events.push(handed(10, 2, "bo"));
        right.case_events.push(handed(30, 1, "anna"));
        assert!(check_file(&right).is_ok());
    }
}
