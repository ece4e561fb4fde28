//! The format's records of groups, sessions, attendance, MOVE courses and
//! the gift-card ledger, with their checks, export and import.

use super::{ExportFile, RECORDED_AT_EXPECTED, bad, date_of, is_clock, is_recorded_at, not_blank, opt_date, unique_id};
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::domain::group::groups::{GroupKind, MAX_NAME, WEEKDAYS, parse_weekday_id, weekday_id};
use crate::domain::group::ledger::{Ledger, LedgerEntry, LedgerError};
use crate::domain::group::move_cards::Attendance;
use crate::domain::intake::{ContactKind, Reasoned};
use crate::domain::money::Ore;
use crate::store::cases::{enum_id, parse_enum};
use crate::store::gift_cards::entry_kind;
use crate::store::{Result, Store};

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
pub(super) fn check_groups(file: &ExportFile) -> Result<()> {
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
    Ledger::from_entries(entries).map_err(|r| crate::store::StoreError::ImportLedger {
        at: format!("gift_card_ledger[{}].{}", r.index, ledger_field(&r.error)),
        error: r.error,
    })?;
    Ok(())
}

/// The Grupper pane's records as the export writes them.
pub(super) struct GroupsExport {
    pub groups: Vec<GroupRecord>,
    pub group_members: Vec<MemberRecord>,
    pub group_sessions: Vec<GroupSessionRecord>,
    pub move_courses: Vec<CourseRecord>,
    pub attendances: Vec<AttendanceRecord>,
    pub gift_card_ledger: Vec<LedgerRecord>,
}

impl Store {
    pub(super) fn export_groups(&self) -> Result<GroupsExport> {
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
pub(super) fn import_groups(tx: &rusqlite::Transaction<'_>, file: &ExportFile) -> Result<()> {
    let d = |on: &NaiveDate| on.format(crate::store::cases::DATE).to_string();
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
