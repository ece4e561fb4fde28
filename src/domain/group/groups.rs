//! Groups, their schedule, their sessions and their members (domain.md 3).
//!
//! A group meets on a weekday at a time and place, led by named counsellors.
//! Its sessions are dated; one can be cancelled or moved, never deleted,
//! because attendance and gift cards point at them. Members are intake
//! cases: the anonymous §101a group takes anonymous cases only and every
//! other group named cases only, so §101a treatment stays apart from §101.

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use super::Ore;
use super::ledger::LedgerError;
use crate::domain::dates::{self, DateInputError};
use crate::domain::input::{self, DateProblem, TextProblem};
use crate::domain::intake::{Case, ContactKind, Reasoned};
use crate::domain::money::MoneyParseError;

pub(crate) const MAX_NAME: usize = crate::domain::limits::GROUP_NAME;
pub(crate) const MAX_REASON: usize = crate::domain::limits::GROUP_REASON;
/// More weekly sessions than a year's in one go is almost surely a typo.
pub const MAX_PLANNED: u32 = 52;

/// The kinds of group the standards name (domain.md 3), and the centre's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// The MOVE course's group sessions: the only kind that earns gift cards.
    Move,
    RelapsePrevention,
    /// Mindfulness-based relapse prevention.
    Mindfulness,
    Aftercare,
    /// Anonymous treatment under §101a: anonymous cases only, kept apart.
    Anonymous,
    /// A group the centre names itself.
    Other,
}

impl GroupKind {
    pub const ALL: [GroupKind; 6] = [
        GroupKind::Move,
        GroupKind::RelapsePrevention,
        GroupKind::Mindfulness,
        GroupKind::Aftercare,
        GroupKind::Anonymous,
        GroupKind::Other,
    ];

    /// Only MOVE sessions count for the gift-card rule (domain.md 3: "used
    /// only in MOVE courses").
    pub fn counts_for_move(self) -> bool {
        self == GroupKind::Move
    }

    pub fn is_anonymous(self) -> bool {
        self == GroupKind::Anonymous
    }
}

/// The weekdays in the order a week is read (Monday first, Danish style).
pub const WEEKDAYS: [Weekday; 7] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

/// The stable English id of a weekday, as stored and exported (`tuesday`).
pub fn weekday_id(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

pub fn parse_weekday_id(id: &str) -> Option<Weekday> {
    WEEKDAYS.into_iter().find(|d| weekday_id(*d) == id)
}

/// When and where a group meets, and who leads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub weekday: Weekday,
    pub time: NaiveTime,
    pub place: String,
    /// User names of the counsellors who lead the group.
    pub counsellors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: i64,
    pub name: String,
    pub kind: GroupKind,
    pub schedule: Schedule,
}

/// A case's membership of a group, from the day it joined to the day it left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: i64,
    pub group_id: i64,
    pub case_id: i64,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
}

impl Member {
    /// Whether the case belongs to the group on `day` (both ends included:
    /// a member who leaves today is still on today's roll call).
    pub fn active_on(&self, day: NaiveDate) -> bool {
        self.joined_on <= day && self.left_on.is_none_or(|left| day <= left)
    }
}

/// A session that was moved: from which date, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved {
    pub from: NaiveDate,
    pub reason: String,
}

/// One dated meeting of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSession {
    pub id: i64,
    pub group_id: i64,
    pub date: NaiveDate,
    pub time: NaiveTime,
    pub place: String,
    pub cancelled: Option<Reasoned>,
    pub moved: Option<Moved>,
}

impl GroupSession {
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.is_some()
    }
}

/// Where a session stands, as a list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SessionState {
    Cancelled,
    /// Roll call saved.
    Held,
    /// Today or earlier, and no roll call yet.
    RollCallMissing,
    Planned,
}

/// The state of `session` on `today`, given whether attendance is recorded.
pub fn session_state(session: &GroupSession, has_roll_call: bool, today: NaiveDate) -> SessionState {
    if session.is_cancelled() {
        SessionState::Cancelled
    } else if has_roll_call {
        SessionState::Held
    } else if session.date <= today {
        SessionState::RollCallMissing
    } else {
        SessionState::Planned
    }
}

// ---------------------------------------------------------------------------
// Text fields
// ---------------------------------------------------------------------------

/// Why a typed value is refused. Shared by every form of the Grupper pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupProblem {
    Required,
    TooLong {
        max: usize,
    },
    ControlCharacters,
    Date(DateInputError),
    Time(DateInputError),
    /// A whole number was expected.
    NotANumber,
    /// A number outside `min..=max`.
    OutOfRange {
        min: u32,
        max: u32,
    },
    /// Another group already has this name.
    NameTaken,
    /// The date lies after today, and only what happened can be recorded.
    InFuture,
    /// The date lies before an earlier date it must follow (a member's
    /// joining, a course's screening, the case's first contact, ...).
    Before {
        earlier: NaiveDate,
    },
    // Sessions.
    SessionCancelled,
    /// Attendance is recorded: a held session is neither cancelled nor moved.
    SessionHeld,
    /// The group already meets on that date.
    SessionOnDate {
        date: NaiveDate,
    },
    SameDate,
    /// No weekly date from the first date on is a working day.
    NothingToPlan,
    // Members.
    NoSuchCase,
    CaseClosed,
    /// Relatives and professionals are not treated in groups.
    NotATreatmentCase,
    /// §101a: the anonymous group takes anonymous cases only.
    AnonymousGroupNeedsAnonymousCase,
    /// §101a: an anonymous case joins the anonymous group only.
    AnonymousCaseInNamedGroup,
    AlreadyMember,
    NotMember,
    // MOVE courses.
    /// Gift cards belong to §101 treatment: no MOVE course under §101a.
    AnonymousNoGiftCards,
    CourseAlreadyOpen,
    CourseEnded,
    FollowUpStarted {
        on: NaiveDate,
    },
    /// A session on or after the date earned a card.
    CardsAfter {
        date: NaiveDate,
    },
    /// Cards earned but not handed out, or hand-outs to resolve.
    CardsUnsettled,
    SameAttendance,
    // Roll call and gift cards.
    /// A member of the roll call has no mark.
    Unmarked,
    /// The profile gives no gift cards.
    CardsDisabled,
    /// A serial number for a session that earns no card.
    NotEarned,
    AlreadyHandedOut {
        serial: String,
    },
    /// The same card typed on two lines.
    SerialTwice,
    /// A card of another value than the rule pays.
    WrongValue {
        card: Ore,
        rule: Ore,
    },
    NothingToResolve,
    /// No session of the course earns a card that has none.
    NoEarnedSessionFree,
    Money(MoneyParseError),
    /// The ledger refused the entry (domain::group::ledger).
    Ledger(LedgerError),
}

/// A one-line text, through the check every form shares (domain::input).
pub(crate) fn check_text(text: &str, required: bool, max: usize) -> Result<(), GroupProblem> {
    input::check_text(text, required, max).map(|_| ()).map_err(|p| match p {
        TextProblem::Required => GroupProblem::Required,
        TextProblem::TooLong { max } => GroupProblem::TooLong { max },
        TextProblem::ControlCharacters => GroupProblem::ControlCharacters,
    })
}

/// A typed date: present, readable, and (unless `future_ok`) not after today.
pub(crate) fn parse_day(text: &str, today: NaiveDate, future_ok: bool) -> Result<NaiveDate, GroupProblem> {
    input::check_date::<()>(text, (!future_ok).then_some(today), &[]).map_err(|p| match p {
        DateProblem::Required => GroupProblem::Required,
        DateProblem::Unreadable(e) => GroupProblem::Date(e),
        DateProblem::InFuture => GroupProblem::InFuture,
        DateProblem::Before((), earlier) => GroupProblem::Before { earlier },
    })
}

pub(crate) fn parse_clock(text: &str) -> Result<NaiveTime, GroupProblem> {
    match dates::parse_time(text) {
        Ok(t) => Ok(t),
        Err(DateInputError::Empty) => Err(GroupProblem::Required),
        Err(e) => Err(GroupProblem::Time(e)),
    }
}

pub(crate) fn reason(text: &str) -> Result<String, GroupProblem> {
    check_text(text, true, MAX_REASON)?;
    Ok(text.trim().to_string())
}

// ---------------------------------------------------------------------------
// A new group
// ---------------------------------------------------------------------------

/// The new-group form as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupInput {
    pub name: String,
    pub kind: GroupKind,
    pub weekday: Weekday,
    pub time: String,
    pub place: String,
    /// User names, separated by commas or spaces.
    pub counsellors: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupField {
    Name,
    Kind,
    Weekday,
    Time,
    Place,
    Counsellors,
}

/// Checks a new group. `existing_names` are the names already in use; a
/// second group of the same name would make every list ambiguous.
pub fn validate_group(input: &GroupInput, existing_names: &[&str]) -> Result<Group, Vec<(GroupField, GroupProblem)>> {
    let mut problems = Vec::new();
    let name = input.name.trim();
    match check_text(name, true, MAX_NAME) {
        Err(p) => problems.push((GroupField::Name, p)),
        Ok(()) if existing_names.iter().any(|n| n.trim().to_lowercase() == name.to_lowercase()) => {
            problems.push((GroupField::Name, GroupProblem::NameTaken))
        }
        Ok(()) => {}
    }
    let time = parse_clock(&input.time).map_err(|p| problems.push((GroupField::Time, p))).ok();
    let place = input.place.trim();
    if let Err(p) = check_text(place, true, MAX_NAME) {
        problems.push((GroupField::Place, p));
    }
    let counsellors: Vec<String> =
        input.counsellors.split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect();
    if counsellors.is_empty() {
        problems.push((GroupField::Counsellors, GroupProblem::Required));
    } else if let Some(p) = counsellors.iter().find_map(|c| check_text(c, true, MAX_NAME).err()) {
        problems.push((GroupField::Counsellors, p));
    }
    match time {
        Some(time) if problems.is_empty() => Ok(Group {
            id: 0,
            name: name.to_string(),
            kind: input.kind,
            schedule: Schedule { weekday: input.weekday, time, place: place.to_string(), counsellors },
        }),
        _ => Err(problems),
    }
}

// ---------------------------------------------------------------------------
// Planning, cancelling and moving sessions
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SessionField {
    Date,
    Count,
    Time,
    Reason,
}

/// The dates of `count` weekly sessions on the schedule's weekday, from the
/// first such day on or after `from`. A public holiday closes the centre
/// (dates::is_public_holiday), so it is skipped and the series runs a week
/// longer; a date the group already meets on is skipped the same way.
pub fn weekly_dates(weekday: Weekday, from: NaiveDate, count: u32, taken: &[NaiveDate]) -> Vec<NaiveDate> {
    let ahead = (7 + i64::from(weekday.num_days_from_monday()) - i64::from(from.weekday().num_days_from_monday())) % 7;
    let mut day = dates::add_days(from, ahead);
    let mut out = Vec::new();
    // Bounded: holidays are a handful a year, so twice the weeks is plenty.
    for _ in 0..count.saturating_mul(2).max(2) {
        if out.len() as u32 >= count {
            break;
        }
        if dates::is_public_holiday(day).is_none() && !taken.contains(&day) {
            out.push(day);
        }
        day = dates::add_days(day, 7);
    }
    out
}

/// Parses the plan-sessions form: a first date (future allowed: sessions
/// are planned ahead) and a number of weekly sessions.
pub fn plan_sessions(
    group: &Group,
    from: &str,
    count: &str,
    taken: &[NaiveDate],
    today: NaiveDate,
) -> Result<Vec<NaiveDate>, Vec<(SessionField, GroupProblem)>> {
    let mut problems = Vec::new();
    let from = parse_day(from, today, true).map_err(|p| problems.push((SessionField::Date, p))).ok();
    let count = match count.trim() {
        "" => {
            problems.push((SessionField::Count, GroupProblem::Required));
            None
        }
        text => match text.parse::<u32>() {
            Ok(n) if (1..=MAX_PLANNED).contains(&n) => Some(n),
            Ok(_) => {
                problems.push((SessionField::Count, GroupProblem::OutOfRange { min: 1, max: MAX_PLANNED }));
                None
            }
            Err(_) => {
                problems.push((SessionField::Count, GroupProblem::NotANumber));
                None
            }
        },
    };
    match (from, count) {
        (Some(from), Some(count)) if problems.is_empty() => {
            let planned = weekly_dates(group.schedule.weekday, from, count, taken);
            if planned.is_empty() { Err(vec![(SessionField::Date, GroupProblem::NothingToPlan)]) } else { Ok(planned) }
        }
        _ => Err(problems),
    }
}

/// Cancelling a session: it must not be held or already cancelled.
pub fn check_cancel(
    session: &GroupSession,
    has_roll_call: bool,
    reason_text: &str,
    today: NaiveDate,
) -> Result<Reasoned, Vec<(SessionField, GroupProblem)>> {
    let mut problems = Vec::new();
    if session.is_cancelled() {
        problems.push((SessionField::Date, GroupProblem::SessionCancelled));
    } else if has_roll_call {
        problems.push((SessionField::Date, GroupProblem::SessionHeld));
    }
    let why = reason(reason_text).map_err(|p| problems.push((SessionField::Reason, p))).ok();
    match why {
        Some(reason) if problems.is_empty() => Ok(Reasoned { on: today, reason }),
        _ => Err(problems),
    }
}

/// A session moved to another date (and maybe time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionMove {
    pub date: NaiveDate,
    pub time: NaiveTime,
    pub moved: Moved,
}

/// Moving a session: not held, not cancelled, to a date the group does not
/// already meet on. The first date it had is kept as `moved.from`, however
/// often it moves, so the list can say where it came from.
pub fn check_move(
    session: &GroupSession,
    has_roll_call: bool,
    date_text: &str,
    time_text: &str,
    reason_text: &str,
    other_dates: &[NaiveDate],
    today: NaiveDate,
) -> Result<SessionMove, Vec<(SessionField, GroupProblem)>> {
    let mut problems = Vec::new();
    if session.is_cancelled() {
        problems.push((SessionField::Date, GroupProblem::SessionCancelled));
    } else if has_roll_call {
        problems.push((SessionField::Date, GroupProblem::SessionHeld));
    }
    let date = match parse_day(date_text, today, true) {
        Ok(d) if d == session.date && problems.is_empty() => {
            problems.push((SessionField::Date, GroupProblem::SameDate));
            None
        }
        Ok(d) if other_dates.contains(&d) => {
            problems.push((SessionField::Date, GroupProblem::SessionOnDate { date: d }));
            None
        }
        Ok(d) => Some(d),
        Err(p) => {
            problems.push((SessionField::Date, p));
            None
        }
    };
    let time = parse_clock(time_text).map_err(|p| problems.push((SessionField::Time, p))).ok();
    let why = reason(reason_text).map_err(|p| problems.push((SessionField::Reason, p))).ok();
    match (date, time, why) {
        (Some(date), Some(time), Some(reason)) if problems.is_empty() => {
            let from = session.moved.as_ref().map_or(session.date, |m| m.from);
            Ok(SessionMove { date, time, moved: Moved { from, reason } })
        }
        _ => Err(problems),
    }
}

// ---------------------------------------------------------------------------
// Members
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MemberField {
    Case,
    Date,
}

/// Reads a case number as typed: `12`, `#12` or `sag 12`.
pub fn parse_case_number(text: &str) -> Result<i64, GroupProblem> {
    let t = text.trim();
    let t = t.strip_prefix("sag").unwrap_or(t).trim().trim_start_matches('#');
    if t.is_empty() {
        return Err(GroupProblem::Required);
    }
    t.parse::<i64>().ok().filter(|n| *n > 0).ok_or(GroupProblem::NotANumber)
}

/// Whether `case` may belong to a group of `kind` at all: open, a citizen's
/// own treatment, and anonymous exactly when the group is (§101a kept apart).
pub fn membership_problem(kind: GroupKind, case: &Case) -> Option<GroupProblem> {
    if case.progress.closed.is_some() {
        Some(GroupProblem::CaseClosed)
    } else if !case.kind.can_start_treatment() {
        Some(GroupProblem::NotATreatmentCase)
    } else if kind.is_anonymous() && case.kind != ContactKind::Anonymous {
        Some(GroupProblem::AnonymousGroupNeedsAnonymousCase)
    } else if !kind.is_anonymous() && case.kind == ContactKind::Anonymous {
        Some(GroupProblem::AnonymousCaseInNamedGroup)
    } else {
        None
    }
}

/// Checks a case joining a group on a date. `case` is what the typed
/// number found (None: no such case); `members` are the group's.
pub fn check_join(
    group: &Group,
    case_text: &str,
    case: Option<&Case>,
    date_text: &str,
    members: &[Member],
    today: NaiveDate,
) -> Result<(i64, NaiveDate), Vec<(MemberField, GroupProblem)>> {
    let mut problems = Vec::new();
    let number = parse_case_number(case_text).map_err(|p| problems.push((MemberField::Case, p))).ok();
    let date = parse_day(date_text, today, true).map_err(|p| problems.push((MemberField::Date, p))).ok();
    if let Some(number) = number {
        match case.filter(|c| c.id == number) {
            None => problems.push((MemberField::Case, GroupProblem::NoSuchCase)),
            Some(case) => {
                if let Some(p) = membership_problem(group.kind, case) {
                    problems.push((MemberField::Case, p));
                } else if members.iter().any(|m| m.case_id == number && m.left_on.is_none()) {
                    problems.push((MemberField::Case, GroupProblem::AlreadyMember));
                }
                if let Some(d) = date
                    && d < case.contact_date()
                {
                    problems.push((MemberField::Date, GroupProblem::Before { earlier: case.contact_date() }));
                }
            }
        }
    }
    match (number, date) {
        (Some(n), Some(d)) if problems.is_empty() => Ok((n, d)),
        _ => Err(problems),
    }
}

/// Checks a member leaving a group on a date; returns the membership.
pub fn check_leave<'a>(
    case_text: &str,
    date_text: &str,
    members: &'a [Member],
    today: NaiveDate,
) -> Result<(&'a Member, NaiveDate), Vec<(MemberField, GroupProblem)>> {
    let mut problems = Vec::new();
    let number = parse_case_number(case_text).map_err(|p| problems.push((MemberField::Case, p))).ok();
    let date = parse_day(date_text, today, true).map_err(|p| problems.push((MemberField::Date, p))).ok();
    let member = number.and_then(|n| members.iter().find(|m| m.case_id == n && m.left_on.is_none()));
    if number.is_some() && member.is_none() {
        problems.push((MemberField::Case, GroupProblem::NotMember));
    }
    if let (Some(m), Some(d)) = (member, date)
        && d < m.joined_on
    {
        problems.push((MemberField::Date, GroupProblem::Before { earlier: m.joined_on }));
    }
    match (member, date) {
        (Some(m), Some(d)) if problems.is_empty() => Ok((m, d)),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::test_support::{case_on, date};

    fn group(kind: GroupKind) -> Group {
        Group {
            id: 1,
            name: "MOVE tirsdag".into(),
            kind,
            schedule: Schedule {
                weekday: Weekday::Tue,
                time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
                place: "Lokale 2".into(),
                counsellors: vec!["anna".into()],
            },
        }
    }

    fn session(on: &str) -> GroupSession {
        GroupSession {
            id: 7,
            group_id: 1,
            date: date(on),
            time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            place: "Lokale 2".into(),
            cancelled: None,
            moved: None,
        }
    }

    #[test]
    fn a_new_group_is_checked_field_by_field() {
        let input = GroupInput {
            name: " MOVE tirsdag ".into(),
            kind: GroupKind::Move,
            weekday: Weekday::Tue,
            time: "10".into(),
            place: "Lokale 2".into(),
            counsellors: "anna, bo".into(),
        };
        let g = validate_group(&input, &["Tilbagefald"]).unwrap();
        assert_eq!(g.name, "MOVE tirsdag");
        assert_eq!(g.schedule.time, NaiveTime::from_hms_opt(10, 0, 0).unwrap());
        assert_eq!(g.schedule.counsellors, vec!["anna", "bo"]);

        let bad = GroupInput {
            name: "move TIRSDAG".into(),
            time: "25:00".into(),
            place: String::new(),
            counsellors: " , ".into(),
            ..input
        };
        let problems = validate_group(&bad, &["MOVE tirsdag"]).unwrap_err();
        let fields: Vec<GroupField> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec![GroupField::Name, GroupField::Time, GroupField::Place, GroupField::Counsellors]);
        assert_eq!(problems[0].1, GroupProblem::NameTaken);
    }

    #[test]
    fn weekly_sessions_start_on_the_weekday_and_skip_public_holidays() {
        // From Wednesday 25 March 2026: Thursdays, and Maundy Thursday 2 April
        // 2026 is a holiday, so the series runs on to 16 April.
        let got = weekly_dates(Weekday::Thu, date("2026-03-25"), 3, &[]);
        assert_eq!(got, vec![date("2026-03-26"), date("2026-04-09"), date("2026-04-16")]);
        // A start on the weekday itself is the first session.
        assert_eq!(weekly_dates(Weekday::Tue, date("2026-03-17"), 1, &[]), vec![date("2026-03-17")]);
        // Dates the group already meets on are skipped.
        let got = weekly_dates(Weekday::Tue, date("2026-03-17"), 2, &[date("2026-03-17")]);
        assert_eq!(got, vec![date("2026-03-24"), date("2026-03-31")]);
        // Christmas Day 2025 is a Thursday; Boxing Day a Friday.
        let got = weekly_dates(Weekday::Fri, date("2025-12-20"), 2, &[]);
        assert_eq!(got, vec![date("2026-01-02"), date("2026-01-09")]);
    }

    #[test]
    fn planning_reads_the_first_date_and_the_count() {
        let g = group(GroupKind::Move);
        let today = date("2026-03-17");
        assert_eq!(plan_sessions(&g, "17.03.2026", "14", &[], today).unwrap().len(), 14);
        let errs = plan_sessions(&g, "31.02.2026", "0", &[], today).unwrap_err();
        assert!(matches!(errs[0], (SessionField::Date, GroupProblem::Date(_))));
        assert_eq!(errs[1], (SessionField::Count, GroupProblem::OutOfRange { min: 1, max: MAX_PLANNED }));
        let errs = plan_sessions(&g, "", "fem", &[], today).unwrap_err();
        assert_eq!(
            errs,
            vec![(SessionField::Date, GroupProblem::Required), (SessionField::Count, GroupProblem::NotANumber)]
        );
    }

    #[test]
    fn a_held_or_cancelled_session_is_neither_cancelled_nor_moved() {
        let today = date("2026-03-17");
        let s = session("2026-03-24");
        let cancelled = check_cancel(&s, false, "Sygdom", today).unwrap();
        assert_eq!(cancelled, Reasoned { on: today, reason: "Sygdom".into() });
        assert_eq!(
            check_cancel(&s, true, "x", today).unwrap_err(),
            vec![(SessionField::Date, GroupProblem::SessionHeld)]
        );
        assert_eq!(
            check_cancel(&s, false, " ", today).unwrap_err(),
            vec![(SessionField::Reason, GroupProblem::Required)]
        );
        let gone = GroupSession { cancelled: Some(cancelled), ..s.clone() };
        assert!(check_cancel(&gone, false, "x", today).is_err());
        assert!(check_move(&gone, false, "25.03.2026", "10:00", "x", &[], today).is_err());

        let m = check_move(&s, false, "25.03.2026", "9:30", "Lokalet er optaget", &[], today).unwrap();
        assert_eq!(m.date, date("2026-03-25"));
        assert_eq!(m.moved.from, date("2026-03-24"));
        // Moved again: the first date is kept.
        let again = GroupSession { date: m.date, moved: Some(m.moved.clone()), ..s.clone() };
        let m2 = check_move(&again, false, "26.03.2026", "10", "igen", &[], today).unwrap();
        assert_eq!(m2.moved.from, date("2026-03-24"));
        assert_eq!(
            check_move(&s, false, "31.03.2026", "10", "x", &[date("2026-03-31")], today).unwrap_err(),
            vec![(SessionField::Date, GroupProblem::SessionOnDate { date: date("2026-03-31") })]
        );
        assert_eq!(
            check_move(&s, false, "24.03.2026", "10", "x", &[], today).unwrap_err(),
            vec![(SessionField::Date, GroupProblem::SameDate)]
        );
    }

    #[test]
    fn the_anonymous_group_is_kept_apart() {
        let today = date("2026-03-17");
        let named = case_on("2026-03-01");
        let mut anonymous = case_on("2026-03-01");
        anonymous.id = 2;
        anonymous.kind = ContactKind::Anonymous;
        let anon_group = group(GroupKind::Anonymous);
        let move_group = group(GroupKind::Move);
        assert_eq!(
            check_join(&anon_group, "1", Some(&named), "17.03.2026", &[], today).unwrap_err(),
            vec![(MemberField::Case, GroupProblem::AnonymousGroupNeedsAnonymousCase)]
        );
        assert_eq!(
            check_join(&move_group, "2", Some(&anonymous), "17.03.2026", &[], today).unwrap_err(),
            vec![(MemberField::Case, GroupProblem::AnonymousCaseInNamedGroup)]
        );
        assert_eq!(check_join(&anon_group, "sag 2", Some(&anonymous), "17.03.2026", &[], today), Ok((2, today)));
        assert_eq!(check_join(&move_group, "#1", Some(&named), "17.03.2026", &[], today), Ok((1, today)));
    }

    #[test]
    fn joining_needs_an_open_treatment_case_once() {
        let today = date("2026-03-17");
        let g = group(GroupKind::RelapsePrevention);
        let mut relative = case_on("2026-03-01");
        relative.kind = ContactKind::Relative;
        assert_eq!(
            check_join(&g, "1", Some(&relative), "17.03.2026", &[], today).unwrap_err(),
            vec![(MemberField::Case, GroupProblem::NotATreatmentCase)]
        );
        let mut closed = case_on("2026-03-01");
        closed.progress.closed = Some(Reasoned { on: today, reason: "x".into() });
        assert_eq!(
            check_join(&g, "1", Some(&closed), "17.03.2026", &[], today).unwrap_err(),
            vec![(MemberField::Case, GroupProblem::CaseClosed)]
        );
        let case = case_on("2026-03-01");
        let member = Member { id: 1, group_id: 1, case_id: 1, joined_on: date("2026-03-02"), left_on: None };
        assert_eq!(
            check_join(&g, "1", Some(&case), "17.03.2026", std::slice::from_ref(&member), today).unwrap_err(),
            vec![(MemberField::Case, GroupProblem::AlreadyMember)]
        );
        assert_eq!(
            check_join(&g, "9", None, "17.03.2026", &[], today).unwrap_err(),
            vec![(MemberField::Case, GroupProblem::NoSuchCase)]
        );
        assert_eq!(
            check_join(&g, "1", Some(&case), "28.02.2026", &[], today).unwrap_err(),
            vec![(MemberField::Date, GroupProblem::Before { earlier: date("2026-03-01") })]
        );
        assert_eq!(
            check_join(&g, "x", Some(&case), "17.03.2026", &[], today).unwrap_err()[0].1,
            GroupProblem::NotANumber
        );

        // Leaving: not before joining; a member who left is no member.
        assert_eq!(
            check_leave("1", "01.03.2026", std::slice::from_ref(&member), today).unwrap_err(),
            vec![(MemberField::Date, GroupProblem::Before { earlier: date("2026-03-02") })]
        );
        let (m, on) = check_leave("1", "17.03.2026", std::slice::from_ref(&member), today).unwrap();
        assert_eq!((m.id, on), (1, today));
        let left = Member { left_on: Some(today), ..member };
        assert!(left.active_on(today) && !left.active_on(date("2026-03-18")) && !left.active_on(date("2026-03-01")));
        assert_eq!(
            check_leave("1", "17.03.2026", &[left], today).unwrap_err(),
            vec![(MemberField::Case, GroupProblem::NotMember)]
        );
    }

    #[test]
    fn a_session_says_where_it_stands() {
        let today = date("2026-03-17");
        assert_eq!(session_state(&session("2026-03-17"), false, today), SessionState::RollCallMissing);
        assert_eq!(session_state(&session("2026-03-17"), true, today), SessionState::Held);
        assert_eq!(session_state(&session("2026-03-18"), false, today), SessionState::Planned);
        let mut c = session("2026-03-10");
        c.cancelled = Some(Reasoned { on: today, reason: "x".into() });
        assert_eq!(session_state(&c, false, today), SessionState::Cancelled);
    }
}
