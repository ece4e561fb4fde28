//! The format's records of treatment plans, course endings and the
//! follow-up calls, with their checks.

use super::problem::{FileRecord, ImportProblem};
use super::{bad, is_recorded_at};
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::case_facts::Cases;
use super::ids::Ids;
use crate::domain::dates::format_date_dk;
use crate::domain::plan::{
    ActionPlanDecision, CallAttempt, CallField, CallInput, CallOutcome, DischargeReason, Ending, EndingField,
    EndingInput, FollowUpCall, Goal, GoalArea, GoalInput, PlanField, PlanInput, PlanVersion, parse_attempt,
    parse_ending, scheduled_calls, validate_plan, version::MAX_GOALS,
};
use crate::domain::policy::Profile;
use crate::store::Result;
use crate::text::exchange as exchange_text;
use crate::text::plans as text;

/// One version of a plan (version 1 is the first plan, then one per revision).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanVersionRecord {
    pub id: i64,
    pub case_id: i64,
    pub version: u32,
    #[serde(serialize_with = "crate::store::exchange::export::day")]
    pub effective_on: NaiveDate,
    #[serde(serialize_with = "crate::store::exchange::export::day")]
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
    #[serde(serialize_with = "crate::store::exchange::export::day")]
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
    #[serde(serialize_with = "crate::store::exchange::export::day")]
    pub due_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttemptRecord {
    pub id: i64,
    pub call_id: i64,
    #[serde(serialize_with = "crate::store::exchange::export::day")]
    pub on: NaiveDate,
    pub reached: bool,
    #[serde(default)]
    pub outcome: Option<CallOutcome>,
    #[serde(default)]
    pub note: String,
    pub actor: String,
    pub recorded_at: String,
}

impl AttemptRecord {
    /// The attempt as the call form's rule reads a call's earlier ones
    /// (`parse_attempt`: their days and whether the citizen was reached),
    /// without its note and stamp.
    fn as_later_checks_read_it(&self) -> EarlierAttempt {
        EarlierAttempt { id: self.id, on: self.on, reached: self.reached, outcome: self.outcome }
    }
}

/// An attempt as the later attempts' checks read it, in 16 bytes: a whole
/// [`CallAttempt`] is some 100 even with its texts empty, and a large
/// file's calls held 22 MiB of them in their lists (each grown to room for
/// four) besides 11 MiB for the calls.
#[derive(Clone, Copy)]
struct EarlierAttempt {
    id: i64,
    on: NaiveDate,
    reached: bool,
    outcome: Option<CallOutcome>,
}

/// The call `call_id` with its earlier attempts as the call form's rule
/// takes them, their texts empty (which costs no allocation).
fn call_as_tried(call_id: i64, ended_on: NaiveDate, earlier: &[EarlierAttempt]) -> FollowUpCall {
    let attempts = earlier
        .iter()
        .map(|a| CallAttempt {
            id: a.id,
            call_id,
            on: a.on,
            reached: a.reached,
            outcome: a.outcome,
            note: String::new(),
            actor: String::new(),
            recorded_at: String::new(),
        })
        .collect();
    FollowUpCall { id: call_id, case_id: 0, months: 0, due_on: ended_on, attempts }
}

impl From<PlanVersion> for PlanVersionRecord {
    fn from(v: PlanVersion) -> Self {
        PlanVersionRecord {
            id: v.id,
            case_id: v.case_id,
            version: v.version,
            effective_on: v.effective_on,
            next_revision_on: v.next_revision_on,
            goals: v.goals,
            services: v.services,
            methods: v.methods,
            partners: v.partners,
            action_plan: v.action_plan,
            citizen_took_part: v.citizen_took_part,
            changes: v.changes,
            actor: v.actor,
            recorded_at: v.recorded_at,
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

/// Checks the plans, endings and calls against the cases: references,
/// numbering and stamps here, and then each version and ending replayed
/// through the very checks of the plan and ending forms (`validate_plan`,
/// `parse_ending`) against the file's own profile, as the case stood on the
/// record's date: so a file cannot hold a plan or an ending the forms would
/// refuse. An ending must come with exactly the follow-up calls the form
/// schedules for it (`scheduled_calls`). `cases` are the file's cases by id.
#[derive(Default)]
pub(super) struct PlanChecks {
    version_ids: Ids,
    /// Per case: the latest version seen, in file order, as the later
    /// checks read it (its number, dates and decision; no texts).
    latest: HashMap<i64, LatestPlan>,
    /// Per case: the day its course ended.
    ended: HashMap<i64, NaiveDate>,
    /// The calls the endings schedule: (case, months) to (due, ending's index).
    scheduled: HashMap<(i64, u32), (NaiveDate, usize)>,
    /// Per call: the day its course ended.
    calls: HashMap<i64, NaiveDate>,
    call_months: HashSet<(i64, u32)>,
    attempt_ids: Ids,
    /// Per call: its earlier attempts, as the call form's rule reads them.
    tried: HashMap<i64, Vec<EarlierAttempt>>,
}

impl PlanChecks {
    /// A part of `plan_versions`; `first` is its first record's index.
    pub(super) fn take_versions(
        &mut self,
        records: &[PlanVersionRecord],
        first: usize,
        cases: &Cases,
        profile: &Profile,
    ) -> Result<()> {
        let Self { version_ids, latest, .. } = self;
        for (i, v) in (first..).zip(records) {
            let at = |field: &str| format!("plan_versions[{i}].{field}");
            if v.id <= 0 || !version_ids.insert(v.id) {
                return Err(bad(at("id"), ImportProblem::IdNotUnique { id: v.id }));
            }
            let case = cases.get(&v.case_id).ok_or_else(|| {
                bad(at("case_id"), ImportProblem::NotInFile { what: FileRecord::Case, id: v.case_id })
            })?;
            let start = case
                .progress
                .treatment_started_on
                .ok_or_else(|| bad(at("case_id"), "sagens behandling er ikke startet"))?;
            let previous = latest.get(&v.case_id).map(|p| p.version_of(v.case_id));
            let (number, previous_on) = previous.as_ref().map_or((0, start), |p| (p.version, p.effective_on));
            if v.version != number + 1 {
                return Err(bad(at("version"), format!("forventede version {} for sag {}", number + 1, v.case_id)));
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
                return Err(bad(at(&format!("goals[{j}].text")), ImportProblem::Missing));
            }
            if v.actor.trim().is_empty() {
                return Err(bad(at("actor"), ImportProblem::Missing));
            }
            if !is_recorded_at(&v.recorded_at) {
                return Err(bad(at("recorded_at"), super::RECORDED_AT_EXPECTED));
            }
            // The plan form, on the version's own day, for the case as it stood
            // then (a course closed later was open): a copy only for such a
            // case, not for each of a large file's versions.
            let then = match &case.progress.closed {
                Some(closed) if closed.on >= v.effective_on => {
                    let mut open = case.clone();
                    open.progress.closed = None;
                    std::borrow::Cow::Owned(open)
                }
                _ => std::borrow::Cow::Borrowed(&case),
            };
            if let Err(problems) = validate_plan(&v.as_typed(), &then, previous.as_ref(), &profile.plan, v.effective_on)
                && let Some((field, problem)) = problems.first()
            {
                return Err(bad(at(&plan_field(*field)), text::import_plan_problem(problem)));
            }
            latest.insert(v.case_id, v.as_later_checks_read_it());
        }
        Ok(())
    }

    /// A part of `course_endings`; `first` is its first record's index.
    pub(super) fn take_endings(
        &mut self,
        records: &[EndingRecord],
        first: usize,
        cases: &Cases,
        profile: &Profile,
    ) -> Result<()> {
        let Self { latest, ended, scheduled, .. } = self;
        for (i, e) in (first..).zip(records) {
            let at = |field: &str| format!("course_endings[{i}].{field}");
            let case = cases.get(&e.case_id).ok_or_else(|| {
                bad(at("case_id"), ImportProblem::NotInFile { what: FileRecord::Case, id: e.case_id })
            })?;
            if ended.contains_key(&e.case_id) {
                return Err(bad(at("case_id"), format!("sag {} er afsluttet to gange", e.case_id)));
            }
            let start = case
                .progress
                .treatment_started_on
                .ok_or_else(|| bad(at("case_id"), "sagens behandling er ikke startet"))?;
            let last_plan = latest.get(&e.case_id).map_or(start, |v| v.effective_on);
            if e.ended_on < last_plan {
                return Err(bad(at("ended_on"), "ligger før behandlingsstart eller før planens seneste version"));
            }
            if case.progress.closed.as_ref().map(|c| c.on) != Some(e.ended_on) {
                return Err(bad(at("ended_on"), "sagens closed.on skal være afslutningsdatoen"));
            }
            if e.actor.trim().is_empty() {
                return Err(bad(at("actor"), ImportProblem::Missing));
            }
            if !is_recorded_at(&e.recorded_at) {
                return Err(bad(at("recorded_at"), super::RECORDED_AT_EXPECTED));
            }
            // The ending form on the day of the end, the course still open.
            let mut then = case.clone();
            then.progress.closed = None;
            let input = EndingInput {
                date: format_date_dk(e.ended_on),
                reason: e.reason,
                follow_up_declined: e.follow_up_declined,
                note: e.note.clone(),
            };
            let plan = latest.get(&e.case_id).map(|p| p.version_of(e.case_id));
            let ending =
                parse_ending(&input, &then, plan.as_ref(), e.ended_on).map_err(|problems| match problems.first() {
                    Some((field, problem)) => bad(at(ending_field(*field)), text::import_ending_problem(problem)),
                    None => bad(at("ended_on"), "afslutningen kan ikke registreres"),
                })?;
            for call in scheduled_calls(&ending, &profile.follow_up) {
                scheduled.insert((e.case_id, call.months), (call.due_on, i));
            }
            ended.insert(e.case_id, e.ended_on);
        }
        Ok(())
    }

    /// A part of `follow_up_calls`; `first` is its first record's index.
    pub(super) fn take_calls(&mut self, records: &[CallRecord], first: usize) -> Result<()> {
        let Self { ended, scheduled, calls, call_months, .. } = self;
        for (i, c) in (first..).zip(records) {
            let at = |field: &str| format!("follow_up_calls[{i}].{field}");
            if c.id <= 0 || calls.contains_key(&c.id) {
                return Err(bad(at("id"), ImportProblem::IdNotUnique { id: c.id }));
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
            match scheduled.get(&(c.case_id, c.months)) {
                None => {
                    return Err(bad(
                        at("months"),
                        format!(
                            "afslutningen af sag {} planlægger intet opfølgningsopkald efter {} md. (profil)",
                            c.case_id, c.months
                        ),
                    ));
                }
                Some((due_on, _)) if *due_on != c.due_on => {
                    return Err(bad(at("due_on"), format!("opkaldet skal ligge {} (profil)", format_date_dk(*due_on))));
                }
                Some(_) => {}
            }
            calls.insert(c.id, ended_on);
        }
        Ok(())
    }

    /// Once `follow_up_calls` has ended: every call the endings schedule is
    /// in the file (the first missing, in the order of the endings).
    pub(super) fn end_calls(&mut self) -> Result<()> {
        let Self { scheduled, call_months, .. } = self;
        let mut missing: Vec<_> =
            scheduled.iter().filter(|((case_id, months), _)| !call_months.contains(&(*case_id, *months))).collect();
        missing.sort_by_key(|((_, months), (_, i))| (*i, *months));
        if let Some(((case_id, months), (due_on, i))) = missing.first() {
            return Err(bad(
                format!("course_endings[{i}].reason"),
                format!(
                    "afslutningsårsagen udløser et opfølgningsopkald efter {months} md. ({}), men filen har intet \
                 sådant opkald for sag {case_id} (follow_up_calls)",
                    format_date_dk(*due_on)
                ),
            ));
        }
        // The endings' work is done: what they scheduled, and the plans before them.
        *scheduled = HashMap::new();
        self.latest = HashMap::new();
        Ok(())
    }

    /// A part of `follow_up_attempts`; `first` is its first record's index:
    /// each attempt replayed through the call form's rule (`parse_attempt`)
    /// as of its own day, against the call's earlier attempts in the file.
    pub(super) fn take_attempts(&mut self, records: &[AttemptRecord], first: usize) -> Result<()> {
        let Self { calls, attempt_ids, tried, .. } = self;
        for (i, a) in (first..).zip(records) {
            let at = |field: &str| format!("follow_up_attempts[{i}].{field}");
            if a.id <= 0 || !attempt_ids.insert(a.id) {
                return Err(bad(at("id"), ImportProblem::IdNotUnique { id: a.id }));
            }
            let ended_on = *calls.get(&a.call_id).ok_or_else(|| {
                bad(at("call_id"), ImportProblem::NotInFile { what: FileRecord::Call, id: a.call_id })
            })?;
            if a.actor.trim().is_empty() {
                return Err(bad(at("actor"), ImportProblem::Missing));
            }
            if !is_recorded_at(&a.recorded_at) {
                return Err(bad(at("recorded_at"), super::RECORDED_AT_EXPECTED));
            }
            let earlier = tried.entry(a.call_id).or_default();
            let call = call_as_tried(a.call_id, ended_on, earlier);
            let input =
                CallInput { date: format_date_dk(a.on), reached: a.reached, outcome: a.outcome, note: a.note.clone() };
            parse_attempt(&input, &call, ended_on, a.on).map_err(|problems| match problems.first() {
                Some((field, problem)) => bad(at(call_field(*field)), exchange_text::import_call_problem(problem)),
                None => bad(at("on"), "forsøget kan ikke registreres"),
            })?;
            // Room for one more only: a call has one or two attempts.
            earlier.reserve_exact(1);
            earlier.push(a.as_later_checks_read_it());
        }
        Ok(())
    }
}

impl PlanVersionRecord {
    /// The version as the plan form would have had it typed.
    fn as_typed(&self) -> PlanInput {
        PlanInput {
            date: format_date_dk(self.effective_on),
            goals: self
                .goals
                .iter()
                .map(|g| GoalInput { area: g.area, text: g.text.clone(), status: g.status })
                .collect(),
            services: self.services.clone(),
            methods: self.methods.clone(),
            partners: self.partners.clone(),
            action_plan: self.action_plan,
            next_revision: format_date_dk(self.next_revision_on),
            citizen_took_part: self.citizen_took_part,
            changes: self.changes.clone(),
        }
    }

    /// The version as the next version's and the ending's checks read it
    /// (`validate_plan`, `parse_ending`: its number, dates and action plan
    /// decision): without its goals and texts, which a large file would
    /// otherwise keep for every case.
    fn as_later_checks_read_it(&self) -> LatestPlan {
        LatestPlan {
            id: self.id,
            version: self.version,
            effective_on: self.effective_on,
            next_revision_on: self.next_revision_on,
            action_plan: self.action_plan,
            citizen_took_part: self.citizen_took_part,
        }
    }
}

/// A case's latest plan version as the later checks read it, in 32 bytes:
/// a whole [`PlanVersion`] is some 200 even with its texts empty, and the
/// map of a large file's cases held 27 MiB of them (41 MiB as it grew).
#[derive(Clone, Copy)]
struct LatestPlan {
    id: i64,
    version: u32,
    effective_on: NaiveDate,
    next_revision_on: NaiveDate,
    action_plan: ActionPlanDecision,
    citizen_took_part: bool,
}

impl LatestPlan {
    /// The version of `case_id` as the domain's rules take it: its texts
    /// empty (which costs no allocation).
    fn version_of(&self, case_id: i64) -> PlanVersion {
        PlanVersion {
            id: self.id,
            case_id,
            version: self.version,
            effective_on: self.effective_on,
            next_revision_on: self.next_revision_on,
            goals: Vec::new(),
            services: String::new(),
            methods: String::new(),
            partners: String::new(),
            action_plan: self.action_plan,
            citizen_took_part: self.citizen_took_part,
            changes: String::new(),
            actor: String::new(),
            recorded_at: String::new(),
        }
    }
}

/// The record's field a plan form's field is kept in.
fn plan_field(field: PlanField) -> String {
    match field {
        PlanField::Date => "effective_on".into(),
        PlanField::Goal(j) => format!("goals[{j}].text"),
        PlanField::Services => "services".into(),
        PlanField::Methods => "methods".into(),
        PlanField::Partners => "partners".into(),
        PlanField::ActionPlan => "action_plan".into(),
        PlanField::NextRevision => "next_revision_on".into(),
        PlanField::Changes => "changes".into(),
    }
}

fn call_field(field: CallField) -> &'static str {
    match field {
        CallField::Date => "on",
        CallField::Outcome => "outcome",
        CallField::Note => "note",
    }
}

fn ending_field(field: EndingField) -> &'static str {
    match field {
        EndingField::Date => "ended_on",
        EndingField::Reason => "reason",
        EndingField::Declined => "follow_up_declined",
        EndingField::Note => "note",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The size the import's peak was measured with; a new field grows it
    /// on purpose, not unseen.
    #[test]
    fn a_cases_latest_plan_is_held_in_32_bytes() {
        assert!(std::mem::size_of::<LatestPlan>() <= 32, "{}", std::mem::size_of::<LatestPlan>());
    }

    #[test]
    fn an_earlier_attempt_is_held_in_16_bytes() {
        assert!(std::mem::size_of::<EarlierAttempt>() <= 16, "{}", std::mem::size_of::<EarlierAttempt>());
    }
}
