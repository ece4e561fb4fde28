//! The checks of the Grupper pane's records before an import.

use crate::store::exchange::{FileRecord, ImportProblem};
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::{AttendanceRecord, CourseRecord, GroupRecord, GroupSessionRecord, LedgerKind, LedgerRecord, MemberRecord};
use crate::domain::group::groups::{GroupKind, MAX_NAME, WEEKDAYS, parse_weekday_id, weekday_id};
use crate::domain::group::ledger::{Ledger, LedgerEntry, LedgerError};
use crate::domain::intake::ContactKind;
use crate::domain::money::Ore;
use crate::store::Result;
use crate::store::cases::enum_id;
use crate::store::exchange::case_facts::Cases;
use crate::store::exchange::{RECORDED_AT_EXPECTED, bad, is_clock, is_recorded_at, not_blank, unique_id};
use crate::store::gift_cards::entry_kind;

/// Where a ledger refusal belongs in a ledger record.
pub(super) fn ledger_field(e: &LedgerError) -> &'static str {
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
#[derive(Default)]
pub(in crate::store::exchange) struct GroupChecks {
    groups: HashMap<i64, GroupKind>,
    names: HashSet<String>,
    member_ids: HashSet<i64>,
    /// (group, case) -> the spans (joined, left) of its memberships.
    memberships: HashMap<(i64, i64), Spans>,
    /// Per session: its group, day and whether it was cancelled.
    sessions: HashMap<i64, (i64, NaiveDate, bool)>,
    session_days: HashSet<(i64, NaiveDate)>,
    /// Per MOVE course: its case and screening day.
    courses: HashMap<i64, (i64, NaiveDate)>,
    open_course: HashSet<i64>,
    attendance_ids: HashSet<i64>,
    marked: HashSet<(i64, i64)>,
    /// The ledger's entries, checked together when the list has ended (a
    /// few per gift card).
    entries: Vec<LedgerEntry>,
}

type Spans = Vec<(NaiveDate, Option<NaiveDate>)>;

/// A case's kind and first contact's day, as the groups' checks read it.
fn case_of(cases: &Cases, id: i64) -> Option<(ContactKind, NaiveDate)> {
    cases.kind_and_contact(id)
}

impl GroupChecks {
    /// A part of `groups`; `first` is its first record's index.
    pub(in crate::store::exchange) fn take_groups(&mut self, records: &[GroupRecord], first: usize) -> Result<()> {
        let Self { groups, names, .. } = self;
        for (i, g) in (first..).zip(records) {
            let at = |field: &str| format!("groups[{i}].{field}");
            if g.id <= 0 || groups.contains_key(&g.id) {
                return Err(bad(at("id"), ImportProblem::IdNotUnique { id: g.id }));
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
                return Err(bad(
                    at("weekday"),
                    format!("ukendt ugedag '{}' (kendte: {})", g.weekday, known.join(", ")),
                ));
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
        Ok(())
    }

    /// A part of `group_members`; `first` is its first record's index.
    pub(in crate::store::exchange) fn take_members(
        &mut self,
        records: &[MemberRecord],
        first: usize,
        cases: &Cases,
    ) -> Result<()> {
        let Self { groups, member_ids, memberships, .. } = self;
        for (i, m) in (first..).zip(records) {
            let at = |field: &str| format!("group_members[{i}].{field}");
            unique_id(member_ids, m.id, at("id"))?;
            let kind = *groups.get(&m.group_id).ok_or_else(|| {
                bad(at("group_id"), ImportProblem::NotInFile { what: FileRecord::Group, id: m.group_id })
            })?;
            let (case_kind, contact) = case_of(cases, m.case_id).ok_or_else(|| {
                bad(at("case_id"), ImportProblem::NotInFile { what: FileRecord::Case, id: m.case_id })
            })?;
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
        Ok(())
    }

    /// A part of `group_sessions`; `first` is its first record's index.
    pub(in crate::store::exchange) fn take_sessions(
        &mut self,
        records: &[GroupSessionRecord],
        first: usize,
    ) -> Result<()> {
        let Self { groups, sessions, session_days, .. } = self;
        for (i, s) in (first..).zip(records) {
            let at = |field: &str| format!("group_sessions[{i}].{field}");
            if s.id <= 0 || sessions.contains_key(&s.id) {
                return Err(bad(at("id"), ImportProblem::IdNotUnique { id: s.id }));
            }
            if !groups.contains_key(&s.group_id) {
                return Err(bad(at("group_id"), ImportProblem::NotInFile { what: FileRecord::Group, id: s.group_id }));
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
        Ok(())
    }

    /// A part of `move_courses`; `first` is its first record's index.
    pub(in crate::store::exchange) fn take_courses(
        &mut self,
        records: &[CourseRecord],
        first: usize,
        cases: &Cases,
    ) -> Result<()> {
        let Self { courses, open_course, .. } = self;
        for (i, c) in (first..).zip(records) {
            let at = |field: &str| format!("move_courses[{i}].{field}");
            if c.id <= 0 || courses.contains_key(&c.id) {
                return Err(bad(at("id"), ImportProblem::IdNotUnique { id: c.id }));
            }
            let (kind, contact) = case_of(cases, c.case_id).ok_or_else(|| {
                bad(at("case_id"), ImportProblem::NotInFile { what: FileRecord::Case, id: c.case_id })
            })?;
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
        Ok(())
    }

    /// A part of `attendances`; `first` is its first record's index.
    pub(in crate::store::exchange) fn take_attendances(
        &mut self,
        records: &[AttendanceRecord],
        first: usize,
        cases: &Cases,
    ) -> Result<()> {
        let Self { memberships, sessions, courses, attendance_ids, marked, .. } = self;
        for (i, a) in (first..).zip(records) {
            let at = |field: &str| format!("attendances[{i}].{field}");
            unique_id(attendance_ids, a.id, at("id"))?;
            if !cases.contains_key(&a.case_id) {
                return Err(bad(at("case_id"), ImportProblem::NotInFile { what: FileRecord::Case, id: a.case_id }));
            }
            match (a.session_id, a.course_id, a.on) {
                (Some(session_id), None, None) => {
                    let (group_id, on, cancelled) = *sessions.get(&session_id).ok_or_else(|| {
                        bad(at("session_id"), ImportProblem::NotInFile { what: FileRecord::Session, id: session_id })
                    })?;
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
                    let (case_id, screening) = *courses.get(&course_id).ok_or_else(|| {
                        bad(at("course_id"), ImportProblem::NotInFile { what: FileRecord::MoveCourse, id: course_id })
                    })?;
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
                    return Err(bad(
                        at("session_id"),
                        "enten session_id eller course_id (med on), ikke begge eller ingen",
                    ));
                }
            }
            not_blank(&a.actor, at("actor"))?;
            if !is_recorded_at(&a.recorded_at) {
                return Err(bad(at("recorded_at"), RECORDED_AT_EXPECTED));
            }
        }

        Ok(())
    }

    /// A part of `gift_card_ledger`; `first` is its first record's index.
    pub(in crate::store::exchange) fn take_ledger(
        &mut self,
        records: &[LedgerRecord],
        first: usize,
        cases: &Cases,
    ) -> Result<()> {
        let Self { attendance_ids, entries, .. } = self;
        for (i, e) in (first..).zip(records) {
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
                return Err(bad(at("case_id"), ImportProblem::NotInFile { what: FileRecord::Case, id: case_id }));
            }
            if let Some(attendance_id) = e.attendance_id
                && !attendance_ids.contains(&attendance_id)
            {
                return Err(bad(
                    at("attendance_id"),
                    ImportProblem::NotInFile { what: FileRecord::Attendance, id: attendance_id },
                ));
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
                bad(at(missing), ImportProblem::Missing)
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
        Ok(())
    }

    /// Once `attendances` has ended: what only the attendances' checks
    /// read is let go, some 8 MiB for a large file, before the ledger's
    /// replay (the ledger reads the attendances' ids and its own entries).
    pub(in crate::store::exchange) fn end_attendances(&mut self) {
        let Self {
            groups, names, member_ids, memberships, sessions, session_days, courses, open_course, marked, ..
        } = self;
        *groups = HashMap::new();
        *names = HashSet::new();
        *member_ids = HashSet::new();
        *memberships = HashMap::new();
        *sessions = HashMap::new();
        *session_days = HashSet::new();
        *courses = HashMap::new();
        *open_course = HashSet::new();
        *marked = HashSet::new();
    }

    /// Once `gift_card_ledger` has ended: the ledger as a whole, as the
    /// store keeps it.
    pub(in crate::store::exchange) fn end_ledger(&mut self) -> Result<()> {
        Ledger::from_entries(std::mem::take(&mut self.entries)).map_err(|r| {
            crate::store::StoreError::ImportLedger {
                at: format!("gift_card_ledger[{}].{}", r.index, ledger_field(&r.error)),
                error: r.error,
            }
        })?;
        Ok(())
    }
}
