//! A case's children: recording them, changing and ending them, answering
//! the intake's children question after the fact, and recording that the
//! children were considered (domain.md 5).

use chrono::{Datelike, NaiveDate};

use super::{Child, ChildRelation, InputProblem, check_day, check_note, check_text};
use crate::domain::intake::{Case, ChildrenAnswer, Reasoned};

/// The age of majority: the duty to notify concerns children under it.
const MAJORITY: i32 = 18;
/// A pregnancy lasts less than ten months, so an expected child is born
/// this year or the next.
const EXPECTED_YEARS_AHEAD: i32 = 1;
const MAX_REASON: usize = crate::domain::limits::CHILD_REASON;
const MAX_NOTE: usize = crate::domain::limits::CONSIDERATION_NOTE;

/// With only the year of birth known, a child born in `year` may still be
/// under 18 until the end of the year it turns 18. Counting it until then
/// errs on the side of the child.
pub fn possibly_under_18(year: i32, today: NaiveDate) -> bool {
    today.year() - year <= MAJORITY
}

/// The first day on which a child born in `year` is no longer possibly
/// under 18 ([`possibly_under_18`] turns false): 1 January of the year
/// after they turn 18. `None` beyond the calendar.
pub fn adult_from(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year.checked_add(MAJORITY + 1)?, 1, 1)
}

/// The child form as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildInput {
    pub relation: ChildRelation,
    pub year: String,
    /// A first name or initials, optional.
    pub name: String,
}

/// A child's first name or initials: short, never a full identity.
pub const MAX_CHILD_NAME: usize = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChildField {
    Relation,
    Year,
    Name,
    Date,
    Reason,
    Answer,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChildProblem {
    Input(InputProblem),
    /// Not a four-digit year.
    NotAYear,
    /// Born in that year, the child is 18 or more: not a child under 18.
    Adult {
        year: i32,
    },
    /// A child already born cannot be born after this year.
    BornInFuture {
        year: i32,
    },
    /// An expected child is born this year or the next.
    ExpectedOutOfRange {
        from: i32,
        to: i32,
    },
    CaseClosed,
    /// The record is ended; it is kept as it was.
    Ended {
        on: NaiveDate,
    },
    /// The form changes nothing.
    Unchanged,
    /// The date lies before the centre learned of the child.
    BeforeNoted {
        noted: NaiveDate,
    },
    /// Once asked, the question cannot become unasked.
    CannotUnask,
    /// "No children" while children under 18 are recorded on the case.
    ChildrenRecorded {
        count: usize,
    },
}

/// A child that passed its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChild {
    pub relation: ChildRelation,
    pub birth_year: i32,
    /// A first name or initials; empty when not given.
    pub name: String,
    /// The case's answer to the children question after this child: a
    /// child born and recorded means the case has children, whatever was
    /// answered at intake.
    pub answer_after: Option<ChildrenAnswer>,
}

fn year_problem(input: &ChildInput, today: NaiveDate) -> Result<i32, ChildProblem> {
    let text = input.year.trim();
    if text.is_empty() {
        return Err(ChildProblem::Input(InputProblem::Required));
    }
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ChildProblem::NotAYear);
    }
    let year: i32 = text.parse().map_err(|_| ChildProblem::NotAYear)?;
    let this_year = today.year();
    if input.relation.is_expected() {
        if !(this_year..=this_year + EXPECTED_YEARS_AHEAD).contains(&year) {
            return Err(ChildProblem::ExpectedOutOfRange { from: this_year, to: this_year + EXPECTED_YEARS_AHEAD });
        }
    } else if year > this_year {
        return Err(ChildProblem::BornInFuture { year });
    } else if !possibly_under_18(year, today) {
        return Err(ChildProblem::Adult { year });
    }
    Ok(year)
}

/// The case's new answer to the children question once a child of this
/// relation is recorded on it: a child born makes it a case with children.
/// The store asks again of the case as stored when it saves the child.
pub fn answer_after(case: &Case, relation: ChildRelation) -> Option<ChildrenAnswer> {
    (!relation.is_expected() && case.children != ChildrenAnswer::HasChildren).then_some(ChildrenAnswer::HasChildren)
}

/// The day the centre learned of a child recorded on `today`. A case that
/// already answered "has children" with no born child recorded has known of
/// its children since the contact (the day their consideration counts from,
/// see `consideration_due`): writing one of them down now is not a
/// consideration and must not restart that clock. Any other child is news
/// of today. `current` are the case's current children before this one.
/// The store asks again of the case as stored when it saves the child.
pub fn noted_on(case: &Case, current: &[Child], relation: ChildRelation, today: NaiveDate) -> NaiveDate {
    let known_unrecorded = case.children == ChildrenAnswer::HasChildren
        && !relation.is_expected()
        && !current.iter().any(|c| c.is_current(today) && !c.relation.is_expected());
    if known_unrecorded { case.contact_date().min(today) } else { today }
}

/// Checks a new child of `case`.
pub fn validate_child(
    input: &ChildInput,
    case: &Case,
    today: NaiveDate,
) -> Result<NewChild, Vec<(ChildField, ChildProblem)>> {
    let mut problems = Vec::new();
    if case.progress.closed.is_some() {
        problems.push((ChildField::Relation, ChildProblem::CaseClosed));
    }
    let year = year_problem(input, today).map_err(|p| problems.push((ChildField::Year, p))).ok();
    let name = check_text(&input.name, false, MAX_CHILD_NAME)
        .map_err(|p| problems.push((ChildField::Name, ChildProblem::Input(p))))
        .ok();
    match (year, name) {
        (Some(birth_year), Some(name)) if problems.is_empty() => Ok(NewChild {
            relation: input.relation,
            birth_year,
            name,
            answer_after: answer_after(case, input.relation),
        }),
        _ => Err(problems),
    }
}

/// Checks a change of a recorded child: a new relation (an expected child
/// is born, a child moves out) or a corrected year.
pub fn validate_child_change(
    input: &ChildInput,
    child: &Child,
    case: &Case,
    today: NaiveDate,
) -> Result<NewChild, Vec<(ChildField, ChildProblem)>> {
    if let Some(ended) = &child.ended {
        return Err(vec![(ChildField::Relation, ChildProblem::Ended { on: ended.on })]);
    }
    let new = validate_child(input, case, today)?;
    if new.relation == child.relation && new.birth_year == child.birth_year && new.name == child.name {
        return Err(vec![(ChildField::Relation, ChildProblem::Unchanged)]);
    }
    Ok(new)
}

/// Ending a child's record, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndChildInput {
    pub date: String,
    pub reason: String,
}

/// Checks the end of a child's record: dated, with a reason.
pub fn validate_end_child(
    input: &EndChildInput,
    child: &Child,
    today: NaiveDate,
) -> Result<Reasoned, Vec<(ChildField, ChildProblem)>> {
    if let Some(ended) = &child.ended {
        return Err(vec![(ChildField::Date, ChildProblem::Ended { on: ended.on })]);
    }
    let mut problems = Vec::new();
    let on = match check_day(&input.date, today) {
        Ok(on) if on < child.noted_on => {
            problems.push((ChildField::Date, ChildProblem::BeforeNoted { noted: child.noted_on }));
            None
        }
        Ok(on) => Some(on),
        Err(p) => {
            problems.push((ChildField::Date, ChildProblem::Input(p)));
            None
        }
    };
    let reason = check_text(&input.reason, true, MAX_REASON)
        .map_err(|p| problems.push((ChildField::Reason, ChildProblem::Input(p))))
        .ok();
    match (on, reason) {
        (Some(on), Some(reason)) if problems.is_empty() => Ok(Reasoned { on, reason }),
        _ => Err(problems),
    }
}

/// The children question answered after intake. It moves only forward:
/// once asked it stays asked, and "no children" cannot stand beside
/// children under 18 recorded on the case.
pub fn answer_children_question(
    case: &Case,
    children: &[Child],
    answer: ChildrenAnswer,
    today: NaiveDate,
) -> Result<ChildrenAnswer, (ChildField, ChildProblem)> {
    if case.progress.closed.is_some() {
        return Err((ChildField::Answer, ChildProblem::CaseClosed));
    }
    match answer {
        ChildrenAnswer::NotAsked => Err((ChildField::Answer, ChildProblem::CannotUnask)),
        ChildrenAnswer::NoChildren => {
            let count = children.iter().filter(|c| c.is_current(today) && !c.relation.is_expected()).count();
            if count > 0 { Err((ChildField::Answer, ChildProblem::ChildrenRecorded { count })) } else { Ok(answer) }
        }
        ChildrenAnswer::HasChildren => Ok(answer),
    }
}

/// A consideration as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsiderationInput {
    pub date: String,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConsiderationField {
    Date,
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConsideration {
    pub on: NaiveDate,
    pub note: String,
}

/// Checks a consideration of the case's children: a date between the first
/// contact and today, and a short note of the outcome (a tick in a box
/// would show nothing about the children).
pub fn validate_consideration(
    input: &ConsiderationInput,
    case: &Case,
    today: NaiveDate,
) -> Result<NewConsideration, Vec<(ConsiderationField, ChildProblem)>> {
    let mut problems = Vec::new();
    let on = match check_day(&input.date, today) {
        Ok(on) if on < case.contact_date() => {
            problems.push((ConsiderationField::Date, ChildProblem::BeforeNoted { noted: case.contact_date() }));
            None
        }
        Ok(on) => Some(on),
        Err(p) => {
            problems.push((ConsiderationField::Date, ChildProblem::Input(p)));
            None
        }
    };
    let note = check_note(&input.note, true, MAX_NOTE)
        .map_err(|p| problems.push((ConsiderationField::Note, ChildProblem::Input(p))))
        .ok();
    if case.progress.closed.is_some() {
        problems.push((ConsiderationField::Date, ChildProblem::CaseClosed));
    }
    match (on, note) {
        (Some(on), Some(note)) if problems.is_empty() => Ok(NewConsideration { on, note }),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::test_support::{case_on, date};
    use crate::domain::notification::Ended;
    use crate::domain::notification::test_support::{child, stamp};

    fn input(relation: ChildRelation, year: &str) -> ChildInput {
        ChildInput { relation, year: year.into(), name: String::new() }
    }

    #[test]
    fn a_child_under_18_is_recorded_by_year_and_makes_the_case_one_with_children() {
        let case = case_on("2026-03-01");
        let c = validate_child(&input(ChildRelation::LivesAtHome, "2015"), &case, date("2026-03-17")).unwrap();
        assert_eq!(c.birth_year, 2015);
        assert_eq!(c.answer_after, Some(ChildrenAnswer::HasChildren));
        // A pregnancy does not answer the question about children under 18.
        let e = validate_child(&input(ChildRelation::ExpectedByPartner, "2026"), &case, date("2026-03-17")).unwrap();
        assert_eq!(e.answer_after, None);
    }

    #[test]
    fn the_year_must_be_that_of_a_child_under_18() {
        let case = case_on("2026-03-01");
        let today = date("2026-03-17");
        let year = |r, y: &str| validate_child(&input(r, y), &case, today).map(|c| c.birth_year);
        // Born in 2008: 18 at some day of 2026, maybe not yet: still counted.
        assert_eq!(year(ChildRelation::LivesAtHome, "2008"), Ok(2008));
        assert_eq!(
            year(ChildRelation::LivesAtHome, "2007"),
            Err(vec![(ChildField::Year, ChildProblem::Adult { year: 2007 })])
        );
        assert_eq!(
            year(ChildRelation::ContactChild, "2027"),
            Err(vec![(ChildField::Year, ChildProblem::BornInFuture { year: 2027 })])
        );
        assert_eq!(year(ChildRelation::ExpectedByCitizen, "2027"), Ok(2027));
        assert_eq!(
            year(ChildRelation::ExpectedByCitizen, "2025"),
            Err(vec![(ChildField::Year, ChildProblem::ExpectedOutOfRange { from: 2026, to: 2027 })])
        );
        for bad in ["15", "20x5", "2015.0", "１２３４"] {
            assert_eq!(
                year(ChildRelation::LivesAtHome, bad),
                Err(vec![(ChildField::Year, ChildProblem::NotAYear)]),
                "{bad}"
            );
        }
        assert_eq!(
            year(ChildRelation::LivesAtHome, " "),
            Err(vec![(ChildField::Year, ChildProblem::Input(InputProblem::Required))])
        );
    }

    #[test]
    fn a_child_counts_until_the_end_of_the_year_it_turns_18() {
        assert!(possibly_under_18(2008, date("2026-12-31")));
        assert!(!possibly_under_18(2008, date("2027-01-01")));
        let c = child(1, 1, 2008, ChildRelation::LivesAtHome, "2026-01-05");
        assert!(c.is_current(date("2026-12-31")));
        assert!(!c.is_current(date("2027-01-01")));
        // An expected child is current until its record is changed or ended.
        let e = child(2, 1, 2026, ChildRelation::ExpectedByCitizen, "2026-01-05");
        assert!(e.is_current(date("2030-01-01")));
    }

    #[test]
    fn a_birth_is_a_change_of_relation_and_a_change_must_change_something() {
        let case = case_on("2026-03-01");
        let expected = child(1, 1, 2026, ChildRelation::ExpectedByCitizen, "2026-03-01");
        let born =
            validate_child_change(&input(ChildRelation::LivesAtHome, "2026"), &expected, &case, date("2026-09-01"))
                .unwrap();
        assert_eq!(born.relation, ChildRelation::LivesAtHome);
        assert_eq!(born.answer_after, Some(ChildrenAnswer::HasChildren));
        assert_eq!(
            validate_child_change(
                &input(ChildRelation::ExpectedByCitizen, "2026"),
                &expected,
                &case,
                date("2026-09-01")
            ),
            Err(vec![(ChildField::Relation, ChildProblem::Unchanged)])
        );
    }

    #[test]
    fn an_ended_record_is_kept_as_it_was() {
        let case = case_on("2026-03-01");
        let mut c = child(1, 1, 2015, ChildRelation::LivesAtHome, "2026-03-01");
        let end = EndChildInput { date: "28.02.2026".into(), reason: "Flyttet til sin far".into() };
        assert_eq!(
            validate_end_child(&end, &c, date("2026-03-17")),
            Err(vec![(ChildField::Date, ChildProblem::BeforeNoted { noted: date("2026-03-01") })])
        );
        let end = EndChildInput { date: "17.03.2026".into(), reason: " ".into() };
        assert_eq!(
            validate_end_child(&end, &c, date("2026-03-17")),
            Err(vec![(ChildField::Reason, ChildProblem::Input(InputProblem::Required))])
        );
        let end = EndChildInput { date: "17.03.2026".into(), reason: "Flyttet til sin far".into() };
        let r = validate_end_child(&end, &c, date("2026-03-17")).unwrap();
        c.ended = Some(Ended { on: r.on, reason: r.reason, stamp: stamp() });
        assert!(!c.is_current(date("2026-03-17")));
        assert_eq!(
            validate_end_child(&end, &c, date("2026-03-17")),
            Err(vec![(ChildField::Date, ChildProblem::Ended { on: date("2026-03-17") })])
        );
        assert_eq!(
            validate_child_change(&input(ChildRelation::ContactChild, "2015"), &c, &case, date("2026-03-17")),
            Err(vec![(ChildField::Relation, ChildProblem::Ended { on: date("2026-03-17") })])
        );
    }

    #[test]
    fn the_children_question_only_moves_forward() {
        let mut case = case_on("2026-03-01");
        case.children = ChildrenAnswer::NotAsked;
        let today = date("2026-03-17");
        assert_eq!(
            answer_children_question(&case, &[], ChildrenAnswer::NotAsked, today),
            Err((ChildField::Answer, ChildProblem::CannotUnask))
        );
        assert_eq!(
            answer_children_question(&case, &[], ChildrenAnswer::NoChildren, today),
            Ok(ChildrenAnswer::NoChildren)
        );
        let kids = [
            child(1, 1, 2015, ChildRelation::LivesAtHome, "2026-03-01"),
            child(2, 1, 2026, ChildRelation::ExpectedByCitizen, "2026-03-01"),
        ];
        assert_eq!(
            answer_children_question(&case, &kids, ChildrenAnswer::NoChildren, today),
            Err((ChildField::Answer, ChildProblem::ChildrenRecorded { count: 1 }))
        );
        // A pregnancy alone is no child under 18.
        assert!(answer_children_question(&case, &kids[1..], ChildrenAnswer::NoChildren, today).is_ok());
    }

    #[test]
    fn a_consideration_needs_a_date_in_the_case_and_a_note() {
        let case = case_on("2026-03-01");
        let today = date("2026-03-17");
        let ok = ConsiderationInput { date: "17.03.2026".into(), note: "Talt med mor; barnet trives.".into() };
        assert_eq!(validate_consideration(&ok, &case, today).unwrap().on, today);
        let bad = ConsiderationInput { date: "18.03.2026".into(), note: String::new() };
        assert_eq!(
            validate_consideration(&bad, &case, today),
            Err(vec![
                (ConsiderationField::Date, ChildProblem::Input(InputProblem::InFuture)),
                (ConsiderationField::Note, ChildProblem::Input(InputProblem::Required)),
            ])
        );
        let early = ConsiderationInput { date: "28.02.2026".into(), note: "x".into() };
        assert_eq!(
            validate_consideration(&early, &case, today),
            Err(vec![(ConsiderationField::Date, ChildProblem::BeforeNoted { noted: date("2026-03-01") })])
        );
    }
}
