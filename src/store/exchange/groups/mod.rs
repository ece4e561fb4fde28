//! The format's records of groups, sessions, attendance, MOVE courses and
//! the gift-card ledger. Their checks are in `check`, their export in
//! `export` and their import in `import`.

mod check;
pub(super) mod export;
pub(super) mod import;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::group::groups::GroupKind;
use crate::domain::group::move_cards::Attendance;
use crate::domain::intake::Reasoned;

pub(super) use check::GroupChecks;

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
    #[serde(serialize_with = "crate::store::exchange::export::day")]
    pub joined_on: NaiveDate,
    #[serde(default)]
    #[serde(serialize_with = "crate::store::exchange::export::some_day")]
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
    #[serde(serialize_with = "crate::store::exchange::export::day")]
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
    #[serde(serialize_with = "crate::store::exchange::export::some_day")]
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
    #[serde(serialize_with = "crate::store::exchange::export::day")]
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
