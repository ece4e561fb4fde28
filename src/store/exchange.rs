//! The import/export format: one JSON document holding everything the
//! database holds, versioned. Documented in `sample-data/FORMAT.md`.
//!
//! Export, import into an empty database, export again: identical files,
//! because ids are kept and every list is written in id order. The audit
//! trail is not exported: it belongs to the file it was written in, and the
//! import itself is audited in the new file.

mod notifications;

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::cases::{enum_id, insert_case, parse_enum};
use super::children::{day_text, insert_child};
use super::gift_cards::entry_kind;
use super::notifications::insert_notification;
use super::plans::{insert_attempt, insert_ending, insert_version};
use super::stays::{insert_price, insert_provider, insert_stay, load_events, load_prices, load_providers};
use super::{Centre, Result, Store, StoreError};
use crate::domain::cpr::Cpr;
use crate::domain::group::groups::{GroupKind, MAX_NAME, WEEKDAYS, parse_weekday_id, weekday_id};
use crate::domain::group::ledger::{Ledger, LedgerEntry, LedgerError};
use crate::domain::group::move_cards::Attendance;
use crate::domain::intake::{
    Case, Channel, ChildrenAnswer, ContactKind, Identity, Progress, Reasoned, StepKind, Substance,
};
use crate::domain::money::Ore;
use crate::domain::plan::{
    ActionPlanDecision, CallOutcome, DischargeReason, Ending, Goal, GoalArea, NewAttempt, NewVersion, PlanVersion,
    version::MAX_GOALS,
};
use crate::domain::stay::{
    ContractTerms, Decision, EarlyEndFee, EndKind, Ending as StayEnding, OwnPaymentInput, OwnPaymentSettings, Price,
    PriceUnit, Provider, Recommendation, Service, Stay, StayStepKind, ToldOwnPayment, own_payment,
};
pub use notifications::{
    ChildRecord, ConsiderationRecord, EndedRecord, InformedRecord, NotificationRecord, NotificationUpdateRecord,
    SentRecord, StepRecord,
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

/// One version of a plan (version 1 is the first plan, then one per revision).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanVersionRecord {
    pub id: i64,
    pub case_id: i64,
    pub version: u32,
    pub effective_on: NaiveDate,
    pub next_revision_on: NaiveDate,
    pub goals: Vec<Goal>,
    #[serde(default)]
    pub services: String,
    #[serde(default)]
    pub methods: String,
    #[serde(default)]
    pub partners: String,
    pub action_plan: ActionPlanDecision,
    pub citizen_took_part: bool,
    #[serde(default)]
    pub changes: String,
    pub actor: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndingRecord {
    pub case_id: i64,
    pub ended_on: NaiveDate,
    pub reason: DischargeReason,
    #[serde(default)]
    pub follow_up_declined: bool,
    #[serde(default)]
    pub note: String,
    pub actor: String,
    pub recorded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallRecord {
    pub id: i64,
    pub case_id: i64,
    /// Months after the end.
    pub months: u32,
    pub due_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttemptRecord {
    pub id: i64,
    pub call_id: i64,
    pub on: NaiveDate,
    pub reached: bool,
    #[serde(default)]
    pub outcome: Option<CallOutcome>,
    #[serde(default)]
    pub note: String,
    pub actor: String,
    pub recorded_at: String,
}

impl From<&PlanVersion> for PlanVersionRecord {
    fn from(v: &PlanVersion) -> Self {
        PlanVersionRecord {
            id: v.id,
            case_id: v.case_id,
            version: v.version,
            effective_on: v.effective_on,
            next_revision_on: v.next_revision_on,
            goals: v.goals.clone(),
            services: v.services.clone(),
            methods: v.methods.clone(),
            partners: v.partners.clone(),
            action_plan: v.action_plan,
            citizen_took_part: v.citizen_took_part,
            changes: v.changes.clone(),
            actor: v.actor.clone(),
            recorded_at: v.recorded_at.clone(),
        }
    }
}

impl From<&Ending> for EndingRecord {
    fn from(e: &Ending) -> Self {
        EndingRecord {
            case_id: e.case_id,
            ended_on: e.ended_on,
            reason: e.reason,
            follow_up_declined: e.follow_up_declined,
            note: e.note.clone(),
            actor: e.actor.clone(),
            recorded_at: e.recorded_at.clone(),
        }
    }
}

/// A stored time stamp: UTC to the second, `2026-03-17T09:30:00Z`.
fn is_utc_stamp(s: &str) -> bool {
    s.len() == 20 && NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%SZ").is_ok()
}

/// Checks the plans, endings and calls against the cases: references,
/// numbering and dates. `cases` are the file's cases by id.
fn check_plans(file: &ExportFile, cases: &HashMap<i64, &CaseRecord>) -> Result<()> {
    let stamp = "forventede UTC-tid som 2026-03-17T09:30:00Z";
    let mut version_ids = HashSet::new();
    // Per case: the versions seen, in file order, with their dates.
    let mut latest: HashMap<i64, (u32, NaiveDate)> = HashMap::new();
    for (i, v) in file.plan_versions.iter().enumerate() {
        let at = |field: &str| format!("plan_versions[{i}].{field}");
        if v.id <= 0 || !version_ids.insert(v.id) {
            return Err(bad(at("id"), format!("id {} er ikke positivt og entydigt", v.id)));
        }
        let case = cases
            .get(&v.case_id)
            .ok_or_else(|| bad(at("case_id"), format!("sag {} findes ikke i filen", v.case_id)))?;
        let start = case.treatment_started_on.ok_or_else(|| bad(at("case_id"), "sagens behandling er ikke startet"))?;
        let (previous, previous_on) = latest.get(&v.case_id).copied().unwrap_or((0, start));
        if v.version != previous + 1 {
            return Err(bad(at("version"), format!("forventede version {} for sag {}", previous + 1, v.case_id)));
        }
        if v.effective_on < previous_on {
            return Err(bad(at("effective_on"), "ligger før behandlingsstart eller før den forrige version"));
        }
        if v.next_revision_on <= v.effective_on {
            return Err(bad(at("next_revision_on"), "skal ligge efter planens dato"));
        }
        if v.goals.len() > MAX_GOALS {
            return Err(bad(at("goals"), format!("højst {MAX_GOALS} mål")));
        }
        if v.goals.iter().filter(|g| g.area == GoalArea::Main).count() != 1 {
            return Err(bad(at("goals"), "præcis ét hovedmål (area \"main\")"));
        }
        if let Some(j) = v.goals.iter().position(|g| g.text.trim().is_empty()) {
            return Err(bad(at(&format!("goals[{j}].text")), "mangler"));
        }
        if v.actor.trim().is_empty() {
            return Err(bad(at("actor"), "mangler"));
        }
        if !is_utc_stamp(&v.recorded_at) {
            return Err(bad(at("recorded_at"), stamp));
        }
        latest.insert(v.case_id, (v.version, v.effective_on));
    }
    let mut ended: HashMap<i64, NaiveDate> = HashMap::new();
    for (i, e) in file.course_endings.iter().enumerate() {
        let at = |field: &str| format!("course_endings[{i}].{field}");
        let case = cases
            .get(&e.case_id)
            .ok_or_else(|| bad(at("case_id"), format!("sag {} findes ikke i filen", e.case_id)))?;
        if ended.contains_key(&e.case_id) {
            return Err(bad(at("case_id"), format!("sag {} er afsluttet to gange", e.case_id)));
        }
        let start = case.treatment_started_on.ok_or_else(|| bad(at("case_id"), "sagens behandling er ikke startet"))?;
        let last_plan = latest.get(&e.case_id).map_or(start, |(_, on)| *on);
        if e.ended_on < last_plan {
            return Err(bad(at("ended_on"), "ligger før behandlingsstart eller før planens seneste version"));
        }
        if case.closed.as_ref().map(|c| c.on) != Some(e.ended_on) {
            return Err(bad(at("ended_on"), "sagens closed.on skal være afslutningsdatoen"));
        }
        if e.actor.trim().is_empty() {
            return Err(bad(at("actor"), "mangler"));
        }
        if !is_utc_stamp(&e.recorded_at) {
            return Err(bad(at("recorded_at"), stamp));
        }
        ended.insert(e.case_id, e.ended_on);
    }
    let mut calls: HashMap<i64, NaiveDate> = HashMap::new();
    let mut call_months = HashSet::new();
    for (i, c) in file.follow_up_calls.iter().enumerate() {
        let at = |field: &str| format!("follow_up_calls[{i}].{field}");
        if c.id <= 0 || calls.contains_key(&c.id) {
            return Err(bad(at("id"), format!("id {} er ikke positivt og entydigt", c.id)));
        }
        let ended_on = *ended
            .get(&c.case_id)
            .ok_or_else(|| bad(at("case_id"), format!("sag {} har ingen afslutning", c.case_id)))?;
        if c.months == 0 || !call_months.insert((c.case_id, c.months)) {
            return Err(bad(at("months"), "skal være positivt og kun én gang pr. sag"));
        }
        if c.due_on < ended_on {
            return Err(bad(at("due_on"), "ligger før forløbets afslutning"));
        }
        calls.insert(c.id, ended_on);
    }
    let mut attempt_ids = HashSet::new();
    let mut reached = HashSet::new();
    let mut last_try: HashMap<i64, NaiveDate> = HashMap::new();
    for (i, a) in file.follow_up_attempts.iter().enumerate() {
        let at = |field: &str| format!("follow_up_attempts[{i}].{field}");
        if a.id <= 0 || !attempt_ids.insert(a.id) {
            return Err(bad(at("id"), format!("id {} er ikke positivt og entydigt", a.id)));
        }
        let ended_on = *calls
            .get(&a.call_id)
            .ok_or_else(|| bad(at("call_id"), format!("opkald {} findes ikke i filen", a.call_id)))?;
        if a.on < ended_on || last_try.get(&a.call_id).is_some_and(|last| a.on < *last) {
            return Err(bad(at("on"), "ligger før afslutningen eller før et tidligere forsøg"));
        }
        if reached.contains(&a.call_id) {
            return Err(bad(at("call_id"), "opkaldet er allerede gennemført"));
        }
        if a.reached != a.outcome.is_some() {
            return Err(bad(at("outcome"), "et resultat, netop når borgeren blev truffet"));
        }
        if a.actor.trim().is_empty() {
            return Err(bad(at("actor"), "mangler"));
        }
        if !is_utc_stamp(&a.recorded_at) {
            return Err(bad(at("recorded_at"), stamp));
        }
        if a.reached {
            reached.insert(a.call_id);
        }
        last_try.insert(a.call_id, a.on);
    }
    Ok(())
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderRecord {
    pub id: i64,
    pub name: String,
    #[serde(default)]
    pub tilbudsportalen_id: String,
    #[serde(default)]
    pub contact: String,
    pub bill_intake_day: bool,
    pub bill_discharge_day: bool,
    #[serde(default)]
    pub early_end_fee: Option<EarlyEndFee>,
    #[serde(default)]
    pub food_per_day: Option<Ore>,
    #[serde(default)]
    pub lodging_per_day: Option<Ore>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceRecord {
    pub id: i64,
    pub provider_id: i64,
    pub service: Service,
    pub unit: PriceUnit,
    pub amount: Ore,
    pub valid_from: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StayRecord {
    pub id: i64,
    pub case_id: i64,
    pub provider_id: i64,
    pub services: Vec<Service>,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    pub recommended: Recommendation,
    #[serde(default)]
    pub decision: Option<Decision>,
    #[serde(default)]
    pub started_on: Option<NaiveDate>,
    #[serde(default)]
    pub midway_status_on: Option<NaiveDate>,
    #[serde(default)]
    pub ended: Option<StayEnding>,
    #[serde(default)]
    pub final_status_on: Option<NaiveDate>,
    #[serde(default)]
    pub aftercare_started_on: Option<NaiveDate>,
    #[serde(default)]
    pub own_payment: Option<OwnPaymentRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnPaymentRecord {
    pub monthly_income: Ore,
    #[serde(default)]
    pub fixed_expenses: Vec<ExpenseRecord>,
    pub keeps_own_home: bool,
    pub food_per_day: Ore,
    pub lodging_per_day: Ore,
    pub days_in_month: u32,
    pub amount_kept_per_month: Ore,
    pub per_month: Ore,
    pub per_day: Ore,
    #[serde(default)]
    pub told_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpenseRecord {
    pub name: String,
    pub amount: Ore,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StayEventRecord {
    pub id: i64,
    pub stay_id: i64,
    /// `recommended`, `own_payment`, or a stay step kind (`approve`, `end`, ...).
    pub kind: String,
    pub on: NaiveDate,
    #[serde(default)]
    pub detail: Option<String>,
    pub actor: String,
    pub recorded_at: String,
}

impl From<&Provider> for ProviderRecord {
    fn from(p: &Provider) -> Self {
        ProviderRecord {
            id: p.id,
            name: p.name.clone(),
            tilbudsportalen_id: p.tilbudsportalen_id.clone(),
            contact: p.contact.clone(),
            bill_intake_day: p.terms.bill_intake_day,
            bill_discharge_day: p.terms.bill_discharge_day,
            early_end_fee: p.terms.early_end_fee,
            food_per_day: p.food_per_day,
            lodging_per_day: p.lodging_per_day,
        }
    }
}

impl ProviderRecord {
    fn to_provider(&self) -> Provider {
        Provider {
            id: self.id,
            name: self.name.clone(),
            tilbudsportalen_id: self.tilbudsportalen_id.clone(),
            contact: self.contact.clone(),
            terms: ContractTerms {
                bill_intake_day: self.bill_intake_day,
                bill_discharge_day: self.bill_discharge_day,
                early_end_fee: self.early_end_fee,
            },
            food_per_day: self.food_per_day,
            lodging_per_day: self.lodging_per_day,
            prices: Vec::new(),
        }
    }
}

impl From<&Stay> for StayRecord {
    fn from(s: &Stay) -> Self {
        StayRecord {
            id: s.id,
            case_id: s.case_id,
            provider_id: s.provider_id,
            services: s.services.clone(),
            planned_start: s.planned_start,
            planned_end: s.planned_end,
            recommended: s.recommendation.clone(),
            decision: s.decision.clone(),
            started_on: s.started_on,
            midway_status_on: s.midway_status_on,
            ended: s.ended,
            final_status_on: s.final_status_on,
            aftercare_started_on: s.aftercare_started_on,
            own_payment: s.own_payment.as_ref().map(|t| OwnPaymentRecord {
                monthly_income: t.input.monthly_income,
                fixed_expenses: t
                    .input
                    .fixed_expenses
                    .iter()
                    .map(|(name, amount)| ExpenseRecord { name: name.clone(), amount: *amount })
                    .collect(),
                keeps_own_home: t.input.keeps_own_home,
                food_per_day: t.input.food_per_day,
                lodging_per_day: t.input.lodging_per_day,
                days_in_month: t.input.days_in_month,
                amount_kept_per_month: t.settings.amount_kept_per_month,
                per_month: t.result.per_month,
                per_day: t.result.per_day,
                told_on: t.told_on,
            }),
        }
    }
}

impl OwnPaymentRecord {
    /// The calculation again from the figures; `None` when they do not
    /// calculate (checked on import before anything is written).
    fn to_told(&self) -> Option<ToldOwnPayment> {
        let input = OwnPaymentInput {
            monthly_income: self.monthly_income,
            fixed_expenses: self.fixed_expenses.iter().map(|e| (e.name.clone(), e.amount)).collect(),
            keeps_own_home: self.keeps_own_home,
            food_per_day: self.food_per_day,
            lodging_per_day: self.lodging_per_day,
            days_in_month: self.days_in_month,
        };
        let settings = OwnPaymentSettings { amount_kept_per_month: self.amount_kept_per_month };
        let result = own_payment(&input, &settings).ok()?;
        Some(ToldOwnPayment { input, settings, result, told_on: self.told_on })
    }
}

impl StayRecord {
    fn to_stay(&self) -> Stay {
        Stay {
            id: self.id,
            case_id: self.case_id,
            provider_id: self.provider_id,
            services: self.services.clone(),
            planned_start: self.planned_start,
            planned_end: self.planned_end,
            recommendation: self.recommended.clone(),
            decision: self.decision.clone(),
            started_on: self.started_on,
            midway_status_on: self.midway_status_on,
            ended: self.ended,
            final_status_on: self.final_status_on,
            aftercare_started_on: self.aftercare_started_on,
            own_payment: self.own_payment.as_ref().and_then(OwnPaymentRecord::to_told),
        }
    }
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

/// Each citizen's identity and home municipality, by citizen id.
type Identities = HashMap<i64, (Identity, String)>;

/// Checks what the types cannot: references, identities and dates. Returns
/// each citizen's identity, by id, ready for the cases, and the children and
/// notifications ready to insert.
fn check(file: &ExportFile) -> Result<(Identities, notifications::Checked)> {
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

fn check_recorded_at(at: String, recorded_at: &str) -> Result<()> {
    if recorded_at.len() != 20 || NaiveDateTime::parse_from_str(recorded_at, RECORDED_AT).is_err() {
        return Err(bad(at, "forventede UTC-tid som 2026-03-17T09:30:00Z"));
    }
    Ok(())
}

/// Providers, prices, stays and their events: references, amounts, and a
/// stay's dates in the order its life runs. `case_ids` holds each case's
/// first contact.
fn check_stays(file: &ExportFile, case_ids: &HashMap<i64, NaiveDate>) -> Result<()> {
    let mut provider_ids = HashSet::new();
    for (i, p) in file.providers.iter().enumerate() {
        let at = |field: &str| format!("providers[{i}].{field}");
        if p.id <= 0 || !provider_ids.insert(p.id) {
            return Err(bad(at("id"), format!("id {} er ikke positivt og entydigt", p.id)));
        }
        if p.name.trim().is_empty() {
            return Err(bad(at("name"), "mangler"));
        }
        if let Some(fee) = p.early_end_fee {
            if fee.fee.is_negative() {
                return Err(bad(at("early_end_fee.fee"), "må ikke være negativt"));
            }
            if fee.within_days == 0 {
                return Err(bad(at("early_end_fee.within_days"), "skal være mindst 1 dag"));
            }
        }
        for (field, amount) in [("food_per_day", p.food_per_day), ("lodging_per_day", p.lodging_per_day)] {
            if amount.is_some_and(Ore::is_negative) {
                return Err(bad(at(field), "må ikke være negativt"));
            }
        }
    }
    let mut price_ids = HashSet::new();
    let mut price_days = HashSet::new();
    for (i, p) in file.provider_prices.iter().enumerate() {
        let at = |field: &str| format!("provider_prices[{i}].{field}");
        if p.id <= 0 || !price_ids.insert(p.id) {
            return Err(bad(at("id"), format!("id {} er ikke positivt og entydigt", p.id)));
        }
        if !provider_ids.contains(&p.provider_id) {
            return Err(bad(at("provider_id"), format!("leverandør {} findes ikke i filen", p.provider_id)));
        }
        if p.amount.is_negative() {
            return Err(bad(at("amount"), "må ikke være negativt"));
        }
        if !price_days.insert((p.provider_id, p.service, p.valid_from)) {
            return Err(bad(at("valid_from"), "leverandøren har allerede en pris for ydelsen fra den dag"));
        }
    }
    let mut stays = HashMap::new();
    for (i, s) in file.stays.iter().enumerate() {
        let at = |field: &str| format!("stays[{i}].{field}");
        if s.id <= 0 || stays.contains_key(&s.id) {
            return Err(bad(at("id"), format!("id {} er ikke positivt og entydigt", s.id)));
        }
        let contact = case_ids
            .get(&s.case_id)
            .ok_or_else(|| bad(at("case_id"), format!("sag {} findes ikke i filen", s.case_id)))?;
        // Relatives, professionals and §101a anonymous (group) treatment
        // are not referred to residential treatment.
        if file.cases.iter().any(|c| c.id == s.case_id && !matches!(c.kind, ContactKind::OwnUse | ContactKind::Young)) {
            return Err(bad(at("case_id"), "døgnophold hører til en borgers eget forløb (eget forbrug eller ung)"));
        }
        if !provider_ids.contains(&s.provider_id) {
            return Err(bad(at("provider_id"), format!("leverandør {} findes ikke i filen", s.provider_id)));
        }
        if s.services.is_empty() {
            return Err(bad(at("services"), "mindst én ydelse"));
        }
        if s.services.iter().enumerate().any(|(j, v)| s.services[..j].contains(v)) {
            return Err(bad(at("services"), "en ydelse står to gange"));
        }
        if s.planned_end < s.planned_start {
            return Err(bad(at("planned_end"), "ligger før planlagt start"));
        }
        let r = &s.recommended;
        if r.on < *contact {
            return Err(bad(at("recommended.on"), "ligger før sagens første henvendelse"));
        }
        if r.by.trim().is_empty() {
            return Err(bad(at("recommended.by"), "mangler"));
        }
        if r.text.trim().is_empty() {
            return Err(bad(at("recommended.text"), "mangler"));
        }
        // Each date of the stay's life, not before the one it follows.
        let order = |field: &str, on: Option<NaiveDate>, after: Option<(&str, NaiveDate)>| -> Result<()> {
            match (on, after) {
                (Some(_), None) => Err(bad(at(field), "kræver det foregående trin")),
                (Some(on), Some((what, earlier))) if on < earlier => Err(bad(at(field), format!("ligger før {what}"))),
                _ => Ok(()),
            }
        };
        let decided = s.decision.as_ref().map(|d| d.on);
        order("decision.on", decided, Some(("indstillingen", r.on)))?;
        if let Some(d) = &s.decision
            && d.by.trim().is_empty()
        {
            return Err(bad(at("decision.by"), "mangler"));
        }
        let approved = s.decision.as_ref().filter(|d| d.approved).map(|d| ("bevillingen", d.on));
        if s.started_on.is_some() && approved.is_none() {
            return Err(bad(at("started_on"), "et ophold starter kun efter en bevilling"));
        }
        order("started_on", s.started_on, approved)?;
        let started = s.started_on.map(|d| ("starten", d));
        order("midway_status_on", s.midway_status_on, started)?;
        order("ended.on", s.ended.map(|e| e.on), started)?;
        let ended = s.ended.map(|e| ("slutningen", e.on));
        if let Some(e) = s.ended
            && e.reported_on.is_some()
            && e.kind != EndKind::Interrupted
        {
            return Err(bad(at("ended.reported_on"), "kun ved afbrudt ophold"));
        }
        order("ended.reported_on", s.ended.and_then(|e| e.reported_on), ended)?;
        order("final_status_on", s.final_status_on, ended)?;
        order("aftercare_started_on", s.aftercare_started_on, ended)?;
        if let Some(o) = &s.own_payment {
            let at = |field: &str| format!("stays[{i}].own_payment.{field}");
            if !(28..=31).contains(&o.days_in_month) {
                return Err(bad(at("days_in_month"), "skal være 28-31"));
            }
            for (j, e) in o.fixed_expenses.iter().enumerate() {
                if e.name.trim().is_empty() {
                    return Err(bad(at(&format!("fixed_expenses[{j}].name")), "mangler"));
                }
            }
            match o.to_told() {
                None => return Err(bad(at("monthly_income"), "tallene kan ikke regnes (negative eller for store)")),
                Some(t) if t.result.per_month != o.per_month => {
                    return Err(bad(at("per_month"), format!("beregningen giver {} øre", t.result.per_month.0)));
                }
                Some(t) if t.result.per_day != o.per_day => {
                    return Err(bad(at("per_day"), format!("beregningen giver {} øre", t.result.per_day.0)));
                }
                Some(_) => {}
            }
        }
        stays.insert(s.id, r.on);
    }
    let mut event_ids = HashSet::new();
    for (i, e) in file.stay_events.iter().enumerate() {
        let at = |field: &str| format!("stay_events[{i}].{field}");
        if e.id <= 0 || !event_ids.insert(e.id) {
            return Err(bad(at("id"), format!("id {} er ikke positivt og entydigt", e.id)));
        }
        let recommended = stays
            .get(&e.stay_id)
            .ok_or_else(|| bad(at("stay_id"), format!("ophold {} findes ikke i filen", e.stay_id)))?;
        if e.on < *recommended {
            return Err(bad(at("on"), "ligger før indstillingen"));
        }
        if !matches!(e.kind.as_str(), "recommended" | "own_payment") && parse_enum::<StayStepKind>(&e.kind).is_err() {
            return Err(bad(at("kind"), format!("ukendt hændelse '{}'", e.kind)));
        }
        if e.actor.trim().is_empty() {
            return Err(bad(at("actor"), "mangler"));
        }
        check_recorded_at(at("recorded_at"), &e.recorded_at)?;
    }
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
        let detail = format!(
            "{} sager, {} underretninger, {} døgnophold, {} grupper, {} gavekortposter",
            cases.len(),
            notifications.len(),
            stays.len(),
            groups.groups.len(),
            groups.gift_card_ledger.len()
        );
        self.record_read("export", "database", None, &detail)?;
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
        let occupied: i64 = self.conn().query_row(
            "SELECT (SELECT count(*) FROM citizens) + (SELECT count(*) FROM cases) + (SELECT count(*) FROM providers)
                + (SELECT count(*) FROM treatment_groups) + (SELECT count(*) FROM gift_card_ledger)",
            [],
            |r| r.get(0),
        )?;
        if occupied > 0 {
            return Err(bad("databasen".into(), "importen kræver en tom database; der ligger allerede sager i den"));
        }
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
            for v in &file.plan_versions {
                let new = NewVersion {
                    version: v.version,
                    effective_on: v.effective_on,
                    next_revision_on: v.next_revision_on,
                    goals: v.goals.clone(),
                    services: v.services.clone(),
                    methods: v.methods.clone(),
                    partners: v.partners.clone(),
                    action_plan: v.action_plan,
                    citizen_took_part: v.citizen_took_part,
                    changes: v.changes.clone(),
                };
                insert_version(tx, v.case_id, &new, &v.actor, &v.recorded_at, Some(v.id))?;
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
                .query_map([], |r| r.try_into())?
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
            let rows = stmt.query_map([], |r| r.try_into())?.collect::<rusqlite::Result<Vec<Raw>>>()?;
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
                .query_map([], |r| r.try_into())?
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
            let rows = stmt.query_map([], |r| r.try_into())?.collect::<rusqlite::Result<Vec<Raw>>>()?;
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
            let rows = stmt.query_map([], |r| r.try_into())?.collect::<rusqlite::Result<Vec<Raw>>>()?;
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
