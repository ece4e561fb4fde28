//! The roll call of one group session: every member on a line, one mark
//! each (attended, cancelled with notice, no-show), saved together. For a
//! MOVE group each line says at once what its mark means for the member's
//! gift cards, and a card earned on the line can be handed out there.

use std::collections::HashSet;

use super::course::{CardStatus, CourseCards, CourseSession, MoveCourse, SessionSource, check_serial, course_cards};
use super::groups::{GroupProblem, GroupSession};
use super::ledger::Ledger;
use super::move_cards::{Attendance, MoveCardSettings, SessionOutcome};
use chrono::NaiveDate;

/// One member as the roll call needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollMember {
    pub case_id: i64,
    /// The attendance already stored for this session (an earlier save).
    pub stored: Option<(i64, Attendance)>,
    /// The member's MOVE course covering the session's date, with the
    /// course's sessions other than this one. `None`: not a MOVE group, or
    /// no course: the line has no card question.
    pub course: Option<(MoveCourse, Vec<CourseSession>)>,
}

/// What a line's mark means for the member's cards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineCard {
    /// No MOVE course behind the line.
    NoCourse,
    /// The session earns no card, and why (the rule's own label).
    NoCard(SessionOutcome),
    /// The mark earns card number `card_number`: its serial can be typed.
    Earned { card_number: u32 },
    /// Earned, and the card is already handed out.
    HandedOut { card_number: u32, serial: String },
    /// A card was handed out for this session, which the mark does not earn:
    /// saving flags it for a counsellor to resolve.
    ToResolve { serial: String },
}

/// A line's verdict, as marked now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinePreview {
    pub card: LineCard,
    /// Hand-outs for *other* sessions of the course that this mark would
    /// newly flag for resolution (a changed mark can break a later pair).
    pub newly_flagged: usize,
}

impl LinePreview {
    pub fn earns_unpaid_card(&self) -> bool {
        matches!(self.card, LineCard::Earned { .. })
    }
}

fn with_mark(
    member: &RollMember,
    session: &GroupSession,
    mark: Option<Attendance>,
    ledger: &Ledger,
    settings: &MoveCardSettings,
) -> Option<CourseCards> {
    let (course, others) = member.course.as_ref()?;
    let mut sessions = others.clone();
    sessions.push(CourseSession {
        attendance_id: member.stored.map(|(id, _)| id),
        date: session.date,
        source: SessionSource::Group { group_id: session.group_id, session_id: session.id },
        attendance: mark,
    });
    Some(course_cards(course, &sessions, ledger, settings))
}

fn this_row(cards: &CourseCards, session: &GroupSession) -> Option<usize> {
    cards
        .rows
        .iter()
        .position(|r| matches!(r.session.source, SessionSource::Group { session_id, .. } if session_id == session.id))
}

fn flagged_elsewhere(cards: &CourseCards, here: Option<usize>) -> usize {
    cards.rows_with(CardStatus::ToResolve).filter(|(i, _)| Some(*i) != here).count()
}

/// What marking `mark` on `member`'s line would mean.
pub fn preview(
    member: &RollMember,
    session: &GroupSession,
    mark: Option<Attendance>,
    ledger: &Ledger,
    settings: &MoveCardSettings,
) -> LinePreview {
    let Some(after) = with_mark(member, session, mark, ledger, settings) else {
        return LinePreview { card: LineCard::NoCourse, newly_flagged: 0 };
    };
    let before = with_mark(member, session, member.stored.map(|(_, a)| a), ledger, settings);
    let here = this_row(&after, session);
    let Some(row) = here.map(|i| &after.rows[i]) else {
        // The course does not cover the session's date.
        return LinePreview { card: LineCard::NoCourse, newly_flagged: 0 };
    };
    let serial = || row.hand_out.as_ref().map(|e| e.serial.clone()).unwrap_or_default();
    let card = match (row.status, row.outcome.card_number()) {
        (CardStatus::NotHandedOut, Some(n)) => LineCard::Earned { card_number: n },
        (CardStatus::HandedOut, Some(n)) => LineCard::HandedOut { card_number: n, serial: serial() },
        (CardStatus::ToResolve, _) => LineCard::ToResolve { serial: serial() },
        _ => LineCard::NoCard(row.outcome),
    };
    let was = before.as_ref().map_or(0, |b| flagged_elsewhere(b, this_row(b, session)));
    LinePreview { card, newly_flagged: flagged_elsewhere(&after, here).saturating_sub(was) }
}

/// A serial typed on a line: the line must earn a card without one, and
/// the card must be on hand, of the rule's value, and not typed on another
/// line of the same roll call.
pub fn check_line_serial(
    preview: &LinePreview,
    serial: &str,
    other_lines: &[&str],
    ledger: &Ledger,
    settings: &MoveCardSettings,
) -> Result<String, GroupProblem> {
    match &preview.card {
        LineCard::Earned { .. } => {}
        LineCard::HandedOut { serial, .. } | LineCard::ToResolve { serial } => {
            return Err(GroupProblem::AlreadyHandedOut { serial: serial.clone() });
        }
        LineCard::NoCourse | LineCard::NoCard(_) => return Err(GroupProblem::NotEarned),
    }
    let serial = check_serial(ledger, serial, settings)?;
    if other_lines.iter().any(|s| s.trim() == serial) {
        return Err(GroupProblem::SerialTwice);
    }
    Ok(serial)
}

/// A roll call's problems: at a line (`Some(index)`) or on the whole.
pub type RollProblems = Vec<(Option<usize>, GroupProblem)>;

/// One line as it will be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollEntry {
    pub case_id: i64,
    pub mark: Option<Attendance>,
    /// The serial of the card handed out on this line.
    pub serial: Option<String>,
}

/// A whole roll call, checked: every member marked, the session held (not
/// cancelled, not ahead), and each typed card valid for its line. Problems
/// name the line (`Some(index)`) or the whole roll call (`None`). Returns
/// the cards to hand out as (case, serial).
pub fn check_roll_call(
    session: &GroupSession,
    today: NaiveDate,
    entries: &[RollEntry],
    previews: &[LinePreview],
    ledger: &Ledger,
    settings: &MoveCardSettings,
) -> Result<Vec<(i64, String)>, RollProblems> {
    let mut problems = Vec::new();
    if session.is_cancelled() {
        problems.push((None, GroupProblem::SessionCancelled));
    } else if session.date > today {
        problems.push((None, GroupProblem::InFuture));
    }
    let mut seen = HashSet::new();
    let mut hand_outs = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        if entry.mark.is_none() {
            problems.push((Some(i), GroupProblem::Unmarked));
        }
        let Some(serial) = &entry.serial else { continue };
        let Some(preview) = previews.get(i) else { continue };
        match check_line_serial(preview, serial, &[], ledger, settings) {
            Ok(s) if !seen.insert(s.clone()) => problems.push((Some(i), GroupProblem::SerialTwice)),
            Ok(s) => hand_outs.push((entry.case_id, s)),
            Err(p) => problems.push((Some(i), p)),
        }
    }
    if problems.is_empty() { Ok(hand_outs) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates;
    use crate::domain::group::Ore;
    use crate::domain::intake::Reasoned;
    use crate::domain::intake::test_support::date;
    use Attendance::{Attended as A, Cancelled as C, NoShow as N};
    use chrono::NaiveTime;

    fn session(id: i64, on: NaiveDate) -> GroupSession {
        GroupSession {
            id,
            group_id: 1,
            date: on,
            time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            place: "Lokale 2".into(),
            cancelled: None,
            moved: None,
        }
    }

    /// A member whose course has weekly sessions 1..=n before session n+1
    /// (attendance ids 100 + k), with the pattern's marks.
    fn member(pattern: &str, stored: Option<(i64, Attendance)>) -> RollMember {
        let others = pattern
            .chars()
            .enumerate()
            .map(|(k, ch)| CourseSession {
                attendance_id: Some(101 + k as i64),
                date: dates::add_days(date("2026-01-06"), 7 * k as i64),
                source: SessionSource::Group { group_id: 1, session_id: 1 + k as i64 },
                attendance: Some(match ch {
                    'A' => A,
                    'C' => C,
                    _ => N,
                }),
            })
            .collect();
        let course =
            MoveCourse { id: 1, case_id: 4, screening_on: date("2026-01-05"), follow_up_from: None, ended: None };
        RollMember { case_id: 4, stored, course: Some((course, others)) }
    }

    fn next_session(pattern: &str) -> GroupSession {
        let k = pattern.len() as i64;
        session(1 + k, dates::add_days(date("2026-01-06"), 7 * k))
    }

    fn stock() -> Ledger {
        let mut l = Ledger::new();
        l.receive_range("MOVE-", "0001", "0010", Ore::from_kr(200), date("2026-01-01"), "lene").unwrap();
        l
    }

    #[test]
    fn the_line_says_at_once_whether_the_mark_earns_a_card() {
        let s = MoveCardSettings::randers();
        let l = stock();
        let m = member("AAA", None);
        let here = next_session("AAA");
        assert_eq!(preview(&m, &here, Some(A), &l, &s).card, LineCard::Earned { card_number: 2 });
        assert_eq!(preview(&m, &here, Some(C), &l, &s).card, LineCard::NoCard(SessionOutcome::NotCounted));
        assert_eq!(preview(&m, &here, Some(N), &l, &s).card, LineCard::NoCard(SessionOutcome::NoShow));
        assert_eq!(preview(&m, &here, None, &l, &s).card, LineCard::NoCard(SessionOutcome::NotYetHeld));
        // The worked example: A N A A earns at the 4th.
        let m = member("ANA", None);
        assert_eq!(preview(&m, &next_session("ANA"), Some(A), &l, &s).card, LineCard::Earned { card_number: 1 });
        // No course: no card question.
        let none = RollMember { case_id: 9, stored: None, course: None };
        assert_eq!(preview(&none, &here, Some(A), &l, &s).card, LineCard::NoCourse);
    }

    #[test]
    fn changing_a_saved_mark_shows_the_card_that_would_need_resolving() {
        let s = MoveCardSettings::randers();
        let mut l = stock();
        let here = next_session("A");
        // Saved as attended (attendance 900), card handed out for it.
        l.hand_out("MOVE-0001", "4", Some(900), date("2026-01-13"), "anna").unwrap();
        let m = member("A", Some((900, A)));
        assert_eq!(
            preview(&m, &here, Some(A), &l, &s).card,
            LineCard::HandedOut { card_number: 1, serial: "MOVE-0001".into() }
        );
        assert_eq!(preview(&m, &here, Some(N), &l, &s).card, LineCard::ToResolve { serial: "MOVE-0001".into() });
    }

    #[test]
    fn a_changed_mark_that_breaks_a_later_pair_is_counted() {
        let s = MoveCardSettings::randers();
        let mut l = stock();
        // A A A A with cards at 2 and 4 handed out; the roll call of session
        // 1 is opened again and its mark changed.
        let mut m = member("AAAA", None);
        let (course, mut others) = m.course.take().unwrap();
        let this = others.remove(0); // re-mark session 1 (attendance 101)
        l.hand_out("MOVE-0001", "4", Some(102), date("2026-01-13"), "anna").unwrap();
        l.hand_out("MOVE-0002", "4", Some(104), date("2026-01-27"), "anna").unwrap();
        let m = RollMember { case_id: 4, stored: Some((101, A)), course: Some((course, others)) };
        let here = session(1, this.date);
        let p = preview(&m, &here, Some(N), &l, &s);
        // N A A A: card 1 at session 3, none at 2 or 4: both hand-outs flagged.
        assert_eq!(p.card, LineCard::NoCard(SessionOutcome::NoShow));
        assert_eq!(p.newly_flagged, 2);
        assert_eq!(preview(&m, &here, Some(A), &l, &s).newly_flagged, 0);
    }

    #[test]
    fn a_roll_call_is_saved_whole_or_not_at_all() {
        let s = MoveCardSettings::randers();
        let l = stock();
        let today = date("2026-03-17");
        let here = next_session("AAA");
        let m = member("AAA", None);
        let earned = preview(&m, &here, Some(A), &l, &s);
        let waiting = preview(&member("AA", None), &here, Some(A), &l, &s);
        let entries = vec![
            RollEntry { case_id: 4, mark: Some(A), serial: Some("MOVE-0003".into()) },
            RollEntry { case_id: 5, mark: Some(C), serial: None },
        ];
        assert_eq!(
            check_roll_call(&here, today, &entries, &[earned.clone(), waiting.clone()], &l, &s),
            Ok(vec![(4, "MOVE-0003".to_string())])
        );
        let bad = vec![
            RollEntry { case_id: 4, mark: Some(A), serial: Some("MOVE-0003".into()) },
            RollEntry { case_id: 5, mark: None, serial: Some("MOVE-0004".into()) },
        ];
        assert_eq!(
            check_roll_call(&here, today, &bad, &[earned.clone(), waiting.clone()], &l, &s).unwrap_err(),
            vec![(Some(1), GroupProblem::Unmarked), (Some(1), GroupProblem::NotEarned)]
        );
        let twice = vec![
            RollEntry { case_id: 4, mark: Some(A), serial: Some("MOVE-0003".into()) },
            RollEntry { case_id: 6, mark: Some(A), serial: Some("MOVE-0003".into()) },
        ];
        assert_eq!(
            check_roll_call(&here, today, &twice, &[earned.clone(), earned.clone()], &l, &s).unwrap_err(),
            vec![(Some(1), GroupProblem::SerialTwice)]
        );
        let ahead = session(9, date("2026-03-24"));
        assert_eq!(
            check_roll_call(&ahead, today, &entries[1..], std::slice::from_ref(&waiting), &l, &s).unwrap_err(),
            vec![(None, GroupProblem::InFuture)]
        );
        let mut cancelled = here.clone();
        cancelled.cancelled = Some(Reasoned { on: today, reason: "x".into() });
        assert_eq!(
            check_roll_call(&cancelled, today, &entries[1..], &[waiting], &l, &s).unwrap_err(),
            vec![(None, GroupProblem::SessionCancelled)]
        );
        assert_eq!(check_line_serial(&earned, "MOVE-0003", &["MOVE-0003"], &l, &s), Err(GroupProblem::SerialTwice));
    }
}
