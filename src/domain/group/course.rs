//! One citizen's MOVE course (domain.md 3): the screening, the main phase of
//! 12-14 weekly sessions (group and/or individual) and the 6-month
//! follow-up phase, with the gift cards each session earned, the cards
//! handed out for them, and what a counsellor must still do about them.
//!
//! The rule itself is [`super::move_cards::assess`] and the books are
//! [`super::ledger::Ledger`]; this module only puts one course's sessions in
//! front of both and reads the answer row by row.

use chrono::NaiveDate;

use super::Ore;
use super::groups::{GroupProblem, parse_case_number, parse_day, reason};
use super::ledger::{Ledger, LedgerEntry, LedgerEntryKind, check_hand_outs};
use super::move_cards::{Attendance, MoveCardSettings, Phase, SessionOutcome, SessionRecord, assess};
use crate::domain::dates;
use crate::domain::intake::{Case, ContactKind, Reasoned};

/// MOVE's follow-up phase lasts 6 months (domain.md 3: national MOVE and
/// Randers alike, so not a profile setting). Shown, never enforced.
pub const FOLLOW_UP_MONTHS: u32 = 6;

/// How the ledger names the citizen a card went to: the case number, the
/// same reference `due` uses, never a name.
pub fn citizen_ref(case_id: i64) -> String {
    case_id.to_string()
}

/// The MOVE course of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveCourse {
    pub id: i64,
    pub case_id: i64,
    /// The screening conversation that opened the course.
    pub screening_on: NaiveDate,
    /// From this day on, sessions belong to the follow-up phase.
    pub follow_up_from: Option<NaiveDate>,
    pub ended: Option<Reasoned>,
}

impl MoveCourse {
    pub fn phase_on(&self, day: NaiveDate) -> Phase {
        match self.follow_up_from {
            Some(from) if day >= from => Phase::FollowUp,
            _ => Phase::Main,
        }
    }

    /// Whether a session on `day` belongs to the course: from the screening
    /// to the end, both included.
    pub fn covers(&self, day: NaiveDate) -> bool {
        day >= self.screening_on && self.ended.as_ref().is_none_or(|e| day <= e.on)
    }

    /// The planned end of the follow-up phase.
    pub fn follow_up_until(&self) -> Option<NaiveDate> {
        self.follow_up_from.map(|from| dates::add_months(from, FOLLOW_UP_MONTHS))
    }

    pub fn is_open(&self) -> bool {
        self.ended.is_none()
    }
}

/// Where a course session took place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SessionSource {
    /// A session of a MOVE group, registered at its roll call.
    Group { group_id: i64, session_id: i64 },
    /// A treatment conversation recorded on the course itself.
    Individual,
}

/// One session of a course, as the store holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseSession {
    /// The stored attendance. `None` for a planned group session without a
    /// roll call, and for a mark being previewed before it is saved.
    pub attendance_id: Option<i64>,
    pub date: NaiveDate,
    pub source: SessionSource,
    /// `None`: not yet held.
    pub attendance: Option<Attendance>,
}

/// What a session's card needs from a counsellor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardStatus {
    /// The session earns no card and has none.
    NoCard,
    /// Earned, and the card is handed out to this case.
    HandedOut,
    /// Earned, and no card handed out yet: on `due`.
    NotHandedOut,
    /// A card is handed out for this session, but the session does not (any
    /// longer) earn it, or the card is recorded to another case: on `due`
    /// until a counsellor resolves it. Never removed silently.
    ToResolve,
}

/// One row of the course's card view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardRow {
    pub session: CourseSession,
    pub phase: Phase,
    pub outcome: SessionOutcome,
    /// The hand-out in force for this session, if any.
    pub hand_out: Option<LedgerEntry>,
    pub status: CardStatus,
}

/// A course's sessions measured against the rule and the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseCards {
    /// The course's sessions in date order (equal dates keep their order).
    pub rows: Vec<CardRow>,
    /// Whether the profile's gift-card rule is in force at all.
    pub in_force: bool,
    pub cards_earned: u32,
    /// Hand-outs in force to this case for this course's sessions.
    pub handed_out: u32,
    /// What the rest of the window could still earn; none once the course
    /// has ended.
    pub cards_still_possible: u32,
    pub money_earned: Ore,
    pub window_places_used: u32,
    /// Hand-outs to this case that name no session of this course (a card
    /// the citizen kept although it was not earned, or one recorded without
    /// a session): shown, not flagged.
    pub unmatched: Vec<LedgerEntry>,
}

impl CourseCards {
    pub fn rows_with(&self, status: CardStatus) -> impl Iterator<Item = (usize, &CardRow)> {
        self.rows.iter().enumerate().filter(move |(_, r)| r.status == status)
    }

    pub fn not_handed_out(&self) -> usize {
        self.rows_with(CardStatus::NotHandedOut).count()
    }

    pub fn to_resolve(&self) -> usize {
        self.rows_with(CardStatus::ToResolve).count()
    }

    /// Nothing for a counsellor to do about the cards.
    pub fn is_settled(&self) -> bool {
        self.not_handed_out() == 0 && self.to_resolve() == 0
    }

    /// The row of a stored attendance.
    pub fn row_of(&self, attendance_id: i64) -> Option<&CardRow> {
        self.rows.iter().find(|r| r.session.attendance_id == Some(attendance_id))
    }
}

fn in_force(settings: &MoveCardSettings) -> bool {
    settings.enabled && settings.validate().is_ok()
}

/// Applies the rule to the sessions the course covers and compares the
/// result with the ledger. `sessions` may come in any order and may include
/// sessions outside the course (they are left out).
pub fn course_cards(
    course: &MoveCourse,
    sessions: &[CourseSession],
    ledger: &Ledger,
    settings: &MoveCardSettings,
) -> CourseCards {
    let mut covered: Vec<CourseSession> = sessions.iter().filter(|s| course.covers(s.date)).cloned().collect();
    covered.sort_by_key(|s| s.date);
    let records: Vec<SessionRecord> = covered
        .iter()
        .map(|s| SessionRecord { date: s.date, phase: course.phase_on(s.date), attendance: s.attendance })
        .collect();
    let assessment = assess(&records, settings);
    // Sessions not stored yet get ids no hand-out can name: stored ids are
    // positive (the store's row ids; import checks them).
    let mut fresh = 0i64;
    let ids: Vec<i64> = covered
        .iter()
        .map(|s| {
            s.attendance_id.unwrap_or_else(|| {
                fresh -= 1;
                fresh
            })
        })
        .collect();
    let me = citizen_ref(course.case_id);
    let check = check_hand_outs(ledger, &me, &ids, &assessment).unwrap_or_default();
    let flagged: Vec<u64> =
        check.handed_out_not_earned.iter().chain(&check.handed_to_another_citizen).map(|e| e.id).collect();
    let on = in_force(settings);

    let rows: Vec<CardRow> = covered
        .into_iter()
        .zip(&ids)
        .zip(&assessment.outcomes)
        .map(|((session, id), outcome)| {
            let hand_out = (*id > 0).then(|| ledger.handed_out_for_session(*id).cloned()).flatten();
            let status = match &hand_out {
                _ if !on => {
                    if hand_out.is_some() {
                        CardStatus::HandedOut
                    } else {
                        CardStatus::NoCard
                    }
                }
                Some(entry) if flagged.contains(&entry.id) => CardStatus::ToResolve,
                Some(_) => CardStatus::HandedOut,
                None if outcome.earned() => CardStatus::NotHandedOut,
                None => CardStatus::NoCard,
            };
            CardRow { phase: course.phase_on(session.date), session, outcome: *outcome, hand_out, status }
        })
        .collect();
    let handed_out = rows
        .iter()
        .filter(|r| {
            r.hand_out.as_ref().is_some_and(
                |e| matches!(&e.kind, LedgerEntryKind::HandedOut { citizen_ref, .. } if *citizen_ref == me),
            )
        })
        .count() as u32;
    CourseCards {
        rows,
        in_force: on,
        cards_earned: assessment.cards_earned,
        handed_out,
        // An ended course holds no more sessions, so no more cards.
        cards_still_possible: if course.ended.is_some() { 0 } else { assessment.cards_still_possible },
        money_earned: assessment.money_earned,
        window_places_used: assessment.window_places_used,
        unmatched: check.unmatched_for_citizen.into_iter().cloned().collect(),
    }
}

// ---------------------------------------------------------------------------
// What a counsellor records on a course
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CourseField {
    Case,
    Date,
    Attendance,
    Reason,
    Serial,
    Choice,
}

type Problems = Vec<(CourseField, GroupProblem)>;

/// A new MOVE course: a named case in treatment (gift cards are §101
/// treatment, so never §101a), one open course a case, and a screening that
/// has happened, on or after the first contact.
pub fn check_new_course(
    case_text: &str,
    case: Option<&Case>,
    has_open_course: bool,
    screening_text: &str,
    today: NaiveDate,
) -> Result<(i64, NaiveDate), Problems> {
    let mut problems = Vec::new();
    let number = parse_case_number(case_text).map_err(|p| problems.push((CourseField::Case, p))).ok();
    let screening = parse_day(screening_text, today, false).map_err(|p| problems.push((CourseField::Date, p))).ok();
    if let Some(n) = number {
        match case.filter(|c| c.id == n) {
            None => problems.push((CourseField::Case, GroupProblem::NoSuchCase)),
            Some(c) => {
                if c.progress.closed.is_some() {
                    problems.push((CourseField::Case, GroupProblem::CaseClosed));
                } else if c.kind == ContactKind::Anonymous {
                    problems.push((CourseField::Case, GroupProblem::AnonymousNoGiftCards));
                } else if !c.kind.can_start_treatment() {
                    problems.push((CourseField::Case, GroupProblem::NotATreatmentCase));
                } else if has_open_course {
                    problems.push((CourseField::Case, GroupProblem::CourseAlreadyOpen));
                }
                if let Some(d) = screening
                    && d < c.contact_date()
                {
                    problems.push((CourseField::Date, GroupProblem::Before { earlier: c.contact_date() }));
                }
            }
        }
    }
    match (number, screening) {
        (Some(n), Some(d)) if problems.is_empty() => Ok((n, d)),
        _ => Err(problems),
    }
}

/// A date on an open course: held (not after today), not before the
/// screening.
fn course_day(course: &MoveCourse, text: &str, today: NaiveDate) -> Result<NaiveDate, GroupProblem> {
    if course.ended.is_some() {
        return Err(GroupProblem::CourseEnded);
    }
    let day = parse_day(text, today, false)?;
    if day < course.screening_on {
        return Err(GroupProblem::Before { earlier: course.screening_on });
    }
    Ok(day)
}

/// An individual session (treatment conversation) recorded on the course.
pub fn check_individual(
    course: &MoveCourse,
    date_text: &str,
    attendance: Attendance,
    sessions: &[CourseSession],
    today: NaiveDate,
) -> Result<(NaiveDate, Attendance), Problems> {
    let day = course_day(course, date_text, today).map_err(|p| vec![(CourseField::Date, p)])?;
    if sessions.iter().any(|s| s.source == SessionSource::Individual && s.date == day) {
        return Err(vec![(CourseField::Date, GroupProblem::SessionOnDate { date: day })]);
    }
    Ok((day, attendance))
}

/// The follow-up phase starts on a day. A session on or after it that earns
/// a card would lose that card, so such a day is refused: the earlier card
/// stays earned.
pub fn check_follow_up(
    course: &MoveCourse,
    date_text: &str,
    cards: &CourseCards,
    today: NaiveDate,
) -> Result<NaiveDate, Problems> {
    let fail = |p| Err(vec![(CourseField::Date, p)]);
    if let Some(on) = course.follow_up_from {
        return fail(GroupProblem::FollowUpStarted { on });
    }
    let day = match course_day(course, date_text, today) {
        Ok(d) => d,
        Err(p) => return fail(p),
    };
    if let Some(row) = cards.rows.iter().find(|r| r.session.date >= day && r.outcome.earned()) {
        return fail(GroupProblem::CardsAfter { date: row.session.date });
    }
    Ok(day)
}

/// Ending a course: every earned card handed out and every flagged hand-out
/// resolved first, so nothing owed disappears with the course.
pub fn check_end(
    course: &MoveCourse,
    date_text: &str,
    reason_text: &str,
    cards: &CourseCards,
    today: NaiveDate,
) -> Result<Reasoned, Problems> {
    let mut problems = Vec::new();
    let day = course_day(course, date_text, today).map_err(|p| problems.push((CourseField::Date, p))).ok();
    if let Some(d) = day
        && let Some(last) = cards.rows.iter().filter(|r| r.session.attendance.is_some()).map(|r| r.session.date).max()
        && d < last
    {
        problems.push((CourseField::Date, GroupProblem::Before { earlier: last }));
    }
    if course.ended.is_none() && !cards.is_settled() {
        problems.push((CourseField::Date, GroupProblem::CardsUnsettled));
    }
    let why = reason(reason_text).map_err(|p| problems.push((CourseField::Reason, p))).ok();
    match (day, why) {
        (Some(on), Some(reason)) if problems.is_empty() => Ok(Reasoned { on, reason }),
        _ => Err(problems),
    }
}

/// A correction of a recorded attendance must change it.
pub fn check_correction(stored: Attendance, new: Attendance) -> Result<Attendance, Problems> {
    if stored == new { Err(vec![(CourseField::Attendance, GroupProblem::SameAttendance)]) } else { Ok(new) }
}

/// Checks a typed serial number against the stock: the card is on hand and
/// has the value the rule pays. Returns the serial as the ledger knows it.
pub fn check_serial(ledger: &Ledger, serial: &str, settings: &MoveCardSettings) -> Result<String, GroupProblem> {
    let serial = serial.trim();
    if serial.is_empty() {
        return Err(GroupProblem::Required);
    }
    if !in_force(settings) {
        return Err(GroupProblem::CardsDisabled);
    }
    match ledger.card_state(serial) {
        super::ledger::CardState::OnHand { received_entry } => {
            let value = ledger.entry(received_entry).map_or(Ore::ZERO, |e| e.value);
            if value != settings.card_value {
                return Err(GroupProblem::WrongValue { card: value, rule: settings.card_value });
            }
            Ok(serial.to_string())
        }
        state => Err(GroupProblem::Ledger(super::ledger::LedgerError::NotOnHand { serial: serial.to_string(), state })),
    }
}

/// Handing out the card a row earned, from the course view.
pub fn check_row_hand_out(
    row: &CardRow,
    serial: &str,
    ledger: &Ledger,
    settings: &MoveCardSettings,
) -> Result<String, Problems> {
    match row.status {
        CardStatus::NotHandedOut => check_serial(ledger, serial, settings).map_err(|p| vec![(CourseField::Serial, p)]),
        CardStatus::HandedOut | CardStatus::ToResolve => {
            let serial = row.hand_out.as_ref().map(|e| e.serial.clone()).unwrap_or_default();
            Err(vec![(CourseField::Serial, GroupProblem::AlreadyHandedOut { serial })])
        }
        CardStatus::NoCard => Err(vec![(CourseField::Serial, GroupProblem::NotEarned)]),
    }
}

/// How a flagged hand-out is resolved. Each is new ledger entries, never an
/// edit: the hand-out is corrected, and if the card stays with the citizen
/// it is recorded as handed out again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resolution {
    /// The card came back: it is in stock again.
    Returned,
    /// The card belongs to another session of the course that earns a card
    /// and has none: it is moved there.
    MoveToEarned,
    /// The citizen keeps the card although no session earns it: recorded as
    /// a hand-out without a session, with the reason.
    Kept,
}

impl Resolution {
    pub const ALL: [Resolution; 3] = [Resolution::Returned, Resolution::MoveToEarned, Resolution::Kept];
}

/// A checked resolution: which entry to correct, and where the card goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolutionPlan {
    pub correct_entry: u64,
    pub serial: String,
    pub reason: String,
    /// `Some(None)`: handed out again without a session (kept);
    /// `Some(Some(id))`: handed out again for attendance `id`; `None`: back in stock.
    pub hand_out_again: Option<Option<i64>>,
}

pub fn check_resolution(
    cards: &CourseCards,
    row_index: usize,
    choice: Resolution,
    reason_text: &str,
) -> Result<ResolutionPlan, Problems> {
    let mut problems = Vec::new();
    let row = cards.rows.get(row_index);
    let entry = match row {
        Some(r) if r.status == CardStatus::ToResolve => r.hand_out.clone(),
        _ => None,
    };
    if entry.is_none() {
        problems.push((CourseField::Choice, GroupProblem::NothingToResolve));
    }
    let target = cards.rows_with(CardStatus::NotHandedOut).find_map(|(_, r)| r.session.attendance_id);
    let again = match choice {
        Resolution::Returned => None,
        Resolution::Kept => Some(None),
        Resolution::MoveToEarned => match target {
            Some(id) => Some(Some(id)),
            None => {
                problems.push((CourseField::Choice, GroupProblem::NoEarnedSessionFree));
                None
            }
        },
    };
    let why = reason(reason_text).map_err(|p| problems.push((CourseField::Reason, p))).ok();
    match (entry, why) {
        (Some(entry), Some(reason)) if problems.is_empty() => {
            Ok(ResolutionPlan { correct_entry: entry.id, serial: entry.serial, reason, hand_out_again: again })
        }
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::test_support::{case_on, date};
    use Attendance::{Attended as A, Cancelled as C, NoShow as N};

    const KR200: Ore = Ore::from_kr(200);

    fn course() -> MoveCourse {
        MoveCourse { id: 1, case_id: 4, screening_on: date("2026-01-05"), follow_up_from: None, ended: None }
    }

    /// Weekly group sessions from 6 January 2026, attendance ids 101, 102, ...
    fn sessions(pattern: &str) -> Vec<CourseSession> {
        pattern
            .chars()
            .enumerate()
            .map(|(i, ch)| CourseSession {
                attendance_id: (ch != '-').then_some(101 + i as i64),
                date: dates::add_days(date("2026-01-06"), 7 * i as i64),
                source: SessionSource::Group { group_id: 1, session_id: 1 + i as i64 },
                attendance: match ch {
                    'A' => Some(A),
                    'C' => Some(C),
                    'N' => Some(N),
                    _ => None,
                },
            })
            .collect()
    }

    fn stock(n: usize) -> Ledger {
        let mut l = Ledger::new();
        l.receive_range("MOVE-", "0001", &format!("{n:04}"), KR200, date("2026-01-01"), "lene").unwrap();
        l
    }

    fn statuses(c: &CourseCards) -> Vec<CardStatus> {
        c.rows.iter().map(|r| r.status).collect()
    }

    use CardStatus::{HandedOut as H, NoCard as X, NotHandedOut as O, ToResolve as R};

    #[test]
    fn earned_cards_are_owed_until_handed_out() {
        let mut l = stock(5);
        let s = sessions("AAAA-");
        l.hand_out("MOVE-0001", "4", Some(102), date("2026-01-13"), "anna").unwrap();
        let c = course_cards(&course(), &s, &l, &MoveCardSettings::randers());
        assert_eq!(statuses(&c), vec![X, H, X, O, X]);
        assert_eq!((c.cards_earned, c.handed_out, c.cards_still_possible), (2, 1, 5));
        assert_eq!(c.money_earned, Ore::from_kr(400));
        assert_eq!(c.rows[4].outcome, SessionOutcome::NotYetHeld);
        assert!(!c.is_settled());
    }

    #[test]
    fn a_correction_that_unearns_a_handed_out_card_flags_it_and_deletes_nothing() {
        let mut l = stock(5);
        l.hand_out("MOVE-0001", "4", Some(102), date("2026-01-13"), "anna").unwrap();
        l.hand_out("MOVE-0002", "4", Some(104), date("2026-01-27"), "anna").unwrap();
        let entries = l.len();
        // Session 2 was really a no-show: A N A A. Session 4 still earns
        // (card 1), session 2's card no longer has a reason.
        let c = course_cards(&course(), &sessions("ANAA"), &l, &MoveCardSettings::randers());
        assert_eq!(statuses(&c), vec![X, R, X, H]);
        assert_eq!(c.rows[1].hand_out.as_ref().map(|e| e.serial.as_str()), Some("MOVE-0001"));
        assert_eq!(c.to_resolve(), 1);
        assert_eq!(l.len(), entries);

        // Resolved by moving the card? No earned session is free.
        assert_eq!(
            check_resolution(&c, 1, Resolution::MoveToEarned, "x").unwrap_err(),
            vec![(CourseField::Choice, GroupProblem::NoEarnedSessionFree)]
        );
        let plan = check_resolution(&c, 1, Resolution::Returned, "Kortet kom retur").unwrap();
        assert_eq!(plan.hand_out_again, None);
        l.correct(plan.correct_entry, &plan.reason, date("2026-02-01"), "anna").unwrap();
        let c = course_cards(&course(), &sessions("ANAA"), &l, &MoveCardSettings::randers());
        assert_eq!(statuses(&c), vec![X, X, X, H]);
        assert!(c.is_settled());
        assert_eq!(l.card_state("MOVE-0001"), super::super::ledger::CardState::OnHand { received_entry: 1 });
    }

    #[test]
    fn a_flagged_card_can_move_to_the_session_that_now_earns_it() {
        let mut l = stock(5);
        l.hand_out("MOVE-0001", "4", Some(102), date("2026-01-13"), "anna").unwrap();
        // A N A A: session 2's card belongs to session 4 now.
        let c = course_cards(&course(), &sessions("ANAA"), &l, &MoveCardSettings::randers());
        assert_eq!(statuses(&c), vec![X, R, X, O]);
        let plan = check_resolution(&c, 1, Resolution::MoveToEarned, "Rettet fremmøde").unwrap();
        assert_eq!(plan.hand_out_again, Some(Some(104)));
        l.correct(plan.correct_entry, &plan.reason, date("2026-02-01"), "anna").unwrap();
        l.hand_out(&plan.serial, "4", Some(104), date("2026-02-01"), "anna").unwrap();
        let c = course_cards(&course(), &sessions("ANAA"), &l, &MoveCardSettings::randers());
        assert_eq!(statuses(&c), vec![X, X, X, H]);

        // Kept: the hand-out stands without a session, shown but not flagged.
        let mut l = stock(5);
        l.hand_out("MOVE-0001", "4", Some(102), date("2026-01-13"), "anna").unwrap();
        let c = course_cards(&course(), &sessions("AN"), &l, &MoveCardSettings::randers());
        let plan = check_resolution(&c, 1, Resolution::Kept, "Brugt inden rettelsen").unwrap();
        l.correct(plan.correct_entry, &plan.reason, date("2026-02-01"), "anna").unwrap();
        l.hand_out(&plan.serial, "4", None, date("2026-02-01"), "anna").unwrap();
        let c = course_cards(&course(), &sessions("AN"), &l, &MoveCardSettings::randers());
        assert!(c.is_settled());
        assert_eq!(c.unmatched.len(), 1);
        assert_eq!(c.handed_out, 0);
    }

    #[test]
    fn a_card_recorded_to_another_case_is_flagged() {
        let mut l = stock(2);
        l.hand_out("MOVE-0001", "9", Some(102), date("2026-01-13"), "anna").unwrap();
        let c = course_cards(&course(), &sessions("AA"), &l, &MoveCardSettings::randers());
        assert_eq!(statuses(&c), vec![X, R]);
        assert_eq!(c.handed_out, 0);
    }

    #[test]
    fn sessions_outside_the_course_are_left_out_and_the_phase_follows_the_date() {
        let mut s = sessions("AAAA");
        s[0].date = date("2026-01-01"); // before the screening
        let mut c = course();
        c.follow_up_from = Some(date("2026-01-27"));
        let cards = course_cards(&c, &s, &Ledger::new(), &MoveCardSettings::randers());
        assert_eq!(cards.rows.len(), 3);
        assert_eq!(cards.rows[2].phase, Phase::FollowUp);
        assert_eq!(cards.rows[2].outcome, SessionOutcome::FollowUpPhase);
        assert_eq!(cards.cards_earned, 1);
        assert_eq!(c.follow_up_until(), Some(date("2026-07-27")));
        c.ended = Some(Reasoned { on: date("2026-01-13"), reason: "x".into() });
        assert_eq!(course_cards(&c, &s, &Ledger::new(), &MoveCardSettings::randers()).rows.len(), 1);
    }

    #[test]
    fn an_ended_course_has_no_cards_still_possible() {
        let mut c = course();
        let open = course_cards(&c, &sessions("AA"), &Ledger::new(), &MoveCardSettings::randers());
        assert_eq!((open.cards_earned, open.cards_still_possible), (1, 6));
        c.ended = Some(Reasoned { on: date("2026-03-17"), reason: "Stoppet efter eget ønske".into() });
        let ended = course_cards(&c, &sessions("AA"), &Ledger::new(), &MoveCardSettings::randers());
        assert_eq!((ended.cards_earned, ended.cards_still_possible), (1, 0));
    }

    #[test]
    fn disabled_cards_flag_nothing() {
        let mut l = stock(1);
        l.hand_out("MOVE-0001", "4", Some(102), date("2026-01-13"), "anna").unwrap();
        let c = course_cards(&course(), &sessions("AA"), &l, &MoveCardSettings::disabled());
        assert!(!c.in_force);
        assert_eq!(statuses(&c), vec![X, H]);
        assert!(c.is_settled());
        assert_eq!(
            check_serial(&stock(1), "MOVE-0001", &MoveCardSettings::disabled()),
            Err(GroupProblem::CardsDisabled)
        );
    }

    #[test]
    fn a_serial_must_be_a_card_on_hand_of_the_rules_value() {
        let mut l = stock(2);
        l.receive("GAVE-1", Ore::from_kr(100), date("2026-01-01"), "lene").unwrap();
        l.void("MOVE-0002", "knækket", date("2026-01-02"), "lene").unwrap();
        let s = MoveCardSettings::randers();
        assert_eq!(check_serial(&l, " MOVE-0001 ", &s), Ok("MOVE-0001".into()));
        assert_eq!(check_serial(&l, "", &s), Err(GroupProblem::Required));
        assert!(matches!(
            check_serial(&l, "MOVE-0002", &s),
            Err(GroupProblem::Ledger(super::super::ledger::LedgerError::NotOnHand { .. }))
        ));
        assert!(matches!(check_serial(&l, "MOVE-9999", &s), Err(GroupProblem::Ledger(_))));
        assert_eq!(
            check_serial(&l, "GAVE-1", &s),
            Err(GroupProblem::WrongValue { card: Ore::from_kr(100), rule: KR200 })
        );
    }

    #[test]
    fn a_new_course_needs_a_named_open_case_without_an_open_course() {
        let today = date("2026-03-17");
        let case = case_on("2026-03-01");
        assert_eq!(check_new_course("1", Some(&case), false, "02.03.2026", today), Ok((1, date("2026-03-02"))));
        assert_eq!(
            check_new_course("1", Some(&case), true, "02.03.2026", today).unwrap_err(),
            vec![(CourseField::Case, GroupProblem::CourseAlreadyOpen)]
        );
        assert_eq!(
            check_new_course("1", Some(&case), false, "18.03.2026", today).unwrap_err(),
            vec![(CourseField::Date, GroupProblem::InFuture)]
        );
        assert_eq!(
            check_new_course("1", Some(&case), false, "28.02.2026", today).unwrap_err(),
            vec![(CourseField::Date, GroupProblem::Before { earlier: date("2026-03-01") })]
        );
        let mut anonymous = case.clone();
        anonymous.kind = ContactKind::Anonymous;
        assert_eq!(
            check_new_course("1", Some(&anonymous), false, "02.03.2026", today).unwrap_err(),
            vec![(CourseField::Case, GroupProblem::AnonymousNoGiftCards)]
        );
    }

    #[test]
    fn follow_up_cannot_start_before_a_session_that_earned_a_card() {
        let today = date("2026-03-17");
        let c = course();
        let cards = course_cards(&c, &sessions("AAA"), &Ledger::new(), &MoveCardSettings::randers());
        // The card was earned on 13 January.
        assert_eq!(
            check_follow_up(&c, "13.01.2026", &cards, today).unwrap_err(),
            vec![(CourseField::Date, GroupProblem::CardsAfter { date: date("2026-01-13") })]
        );
        // The waiting attendance of 20 January may become follow-up.
        assert_eq!(check_follow_up(&c, "20.01.2026", &cards, today), Ok(date("2026-01-20")));
        let started = MoveCourse { follow_up_from: Some(date("2026-01-20")), ..c.clone() };
        assert_eq!(
            check_follow_up(&started, "21.01.2026", &cards, today).unwrap_err(),
            vec![(CourseField::Date, GroupProblem::FollowUpStarted { on: date("2026-01-20") })]
        );
        assert_eq!(
            check_follow_up(&c, "04.01.2026", &cards, today).unwrap_err(),
            vec![(CourseField::Date, GroupProblem::Before { earlier: date("2026-01-05") })]
        );
    }

    #[test]
    fn a_course_ends_only_with_its_cards_settled() {
        let today = date("2026-03-17");
        let c = course();
        let owed = course_cards(&c, &sessions("AA"), &Ledger::new(), &MoveCardSettings::randers());
        assert_eq!(
            check_end(&c, "17.03.2026", "Færdig", &owed, today).unwrap_err(),
            vec![(CourseField::Date, GroupProblem::CardsUnsettled)]
        );
        let none = course_cards(&c, &sessions("AN"), &Ledger::new(), &MoveCardSettings::randers());
        assert_eq!(check_end(&c, "17.03.2026", "Færdig", &none, today).unwrap().on, today);
        assert_eq!(
            check_end(&c, "10.01.2026", "Færdig", &none, today).unwrap_err(),
            vec![(CourseField::Date, GroupProblem::Before { earlier: date("2026-01-13") })]
        );
        let ended = MoveCourse { ended: Some(Reasoned { on: today, reason: "x".into() }), ..c.clone() };
        assert_eq!(
            check_individual(&ended, "17.03.2026", A, &[], today).unwrap_err(),
            vec![(CourseField::Date, GroupProblem::CourseEnded)]
        );
    }

    use proptest::prelude::*;

    fn marks(codes: &[u8]) -> String {
        codes.iter().map(|c| ['A', 'C', 'N'][*c as usize % 3]).collect()
    }

    proptest! {
        /// After any corrections of any marks, every card handed out for a
        /// session of the course is on exactly that session's row, shown as
        /// handed out if the session earns it and flagged otherwise; every
        /// earned card is handed out or owed; and the ledger is not touched.
        #[test]
        fn every_hand_out_is_earned_or_flagged_after_any_correction(
            first in prop::collection::vec(0u8..3, 0..24),
            hand in prop::collection::vec(any::<bool>(), 24),
            second in prop::collection::vec(0u8..3, 24),
            changed in prop::collection::vec(any::<bool>(), 24),
        ) {
            let settings = MoveCardSettings::randers();
            let mut l = stock(24);
            let before = course_cards(&course(), &sessions(&marks(&first)), &l, &settings);
            for (i, row) in before.rows.iter().enumerate() {
                if row.status == CardStatus::NotHandedOut && hand[i] {
                    l.hand_out(&format!("MOVE-{:04}", i + 1), "4", row.session.attendance_id, date("2026-03-17"), "x").unwrap();
                }
            }
            let entries = l.len();
            // Correct some marks.
            let corrected: Vec<u8> = first.iter().enumerate().map(|(i, c)| if changed[i] { second[i] } else { *c }).collect();
            let after = course_cards(&course(), &sessions(&marks(&corrected)), &l, &settings);
            prop_assert_eq!(l.len(), entries);
            let mut seen = 0;
            for row in &after.rows {
                match (&row.hand_out, row.outcome.earned()) {
                    (Some(_), true) => { seen += 1; prop_assert_eq!(row.status, CardStatus::HandedOut) }
                    (Some(_), false) => { seen += 1; prop_assert_eq!(row.status, CardStatus::ToResolve) }
                    (None, true) => prop_assert_eq!(row.status, CardStatus::NotHandedOut),
                    (None, false) => prop_assert_eq!(row.status, CardStatus::NoCard),
                }
            }
            prop_assert_eq!(seen, l.active_hand_outs().len());
            prop_assert_eq!((after.not_handed_out() + after.rows_with(CardStatus::HandedOut).count()) as u32, after.cards_earned);
            prop_assert!(after.cards_earned <= settings.max_cards);
        }
    }

    #[test]
    fn individual_sessions_count_with_the_group_sessions() {
        let today = date("2026-03-17");
        let c = course();
        let mut s = sessions("A");
        let (day, att) = check_individual(&c, "08.01.2026", A, &s, today).unwrap();
        s.push(CourseSession {
            attendance_id: Some(900),
            date: day,
            source: SessionSource::Individual,
            attendance: Some(att),
        });
        let cards = course_cards(&c, &s, &Ledger::new(), &MoveCardSettings::randers());
        assert_eq!(cards.rows[1].session.source, SessionSource::Individual);
        assert_eq!(cards.rows[1].status, CardStatus::NotHandedOut);
        assert_eq!(
            check_individual(&c, "08.01.2026", N, &s, today).unwrap_err(),
            vec![(CourseField::Date, GroupProblem::SessionOnDate { date: day })]
        );
        assert_eq!(check_correction(A, A).unwrap_err()[0].1, GroupProblem::SameAttendance);
        assert_eq!(check_correction(A, N), Ok(N));
    }
}
