//! What of a citizen's case still runs when its course ends (issue 10,
//! finding 10): a MOVE course, group memberships, a residential stay. The
//! ending asks about each, and the counsellor ends it on the ending date or
//! keeps it. Nothing is ended unasked: every item needs an answer.

use chrono::NaiveDate;

use crate::domain::stay::EndKind;

/// One thing of the case that runs on when the course ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Running {
    /// A MOVE course not ended.
    MoveCourse { id: i64, screening_on: NaiveDate },
    /// A membership of a group the case has not left.
    Membership { member_id: i64, group_id: i64, group: String, joined_on: NaiveDate },
    /// A residential stay started and not ended.
    Stay { id: i64, provider: String, started_on: NaiveDate, planned_end: NaiveDate },
}

/// Which record an item is, whatever its details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunningKey {
    MoveCourse(i64),
    Membership(i64),
    Stay(i64),
}

impl Running {
    pub fn key(&self) -> RunningKey {
        match self {
            Running::MoveCourse { id, .. } => RunningKey::MoveCourse(*id),
            Running::Membership { member_id, .. } => RunningKey::Membership(*member_id),
            Running::Stay { id, .. } => RunningKey::Stay(*id),
        }
    }

    /// The day the item began: it cannot end before it.
    pub fn began_on(&self) -> NaiveDate {
        match self {
            Running::MoveCourse { screening_on, .. } => *screening_on,
            Running::Membership { joined_on, .. } => *joined_on,
            Running::Stay { started_on, .. } => *started_on,
        }
    }

    /// The answers the question about this item offers, in order.
    pub fn answers(&self) -> &'static [Answer] {
        match self {
            Running::Stay { .. } => &[Answer::End(EndKind::Planned), Answer::End(EndKind::Interrupted), Answer::Keep],
            _ => &[Answer::End(EndKind::Planned), Answer::Keep],
        }
    }
}

/// What the counsellor said about one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// It runs on.
    Keep,
    /// It ends on the course's ending date. The kind matters only for a
    /// stay (the Døgn pane's planned or interrupted ending); anything else
    /// simply ends.
    End(EndKind),
}

/// Why the answers cannot be saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunningProblem {
    /// The item was not answered.
    NotAnswered,
    /// It began after the ending date, so it cannot end on it.
    BeganAfter { on: NaiveDate },
    /// An answer the item does not offer (an interrupted MOVE course).
    NotOffered,
}

/// Each item's answer, by its record.
pub type Answered = Vec<(RunningKey, Answer)>;

/// Each unanswerable item's problem, by its place in the list.
pub type RunningProblems = Vec<(usize, RunningProblem)>;

/// Checks the answers (`None`: not answered) against the items, in the
/// same order, for an ending on `ended_on`. Returns the answer per item,
/// or each item's problem by its index.
pub fn check_answers(
    running: &[Running],
    answers: &[Option<Answer>],
    ended_on: NaiveDate,
) -> Result<Answered, RunningProblems> {
    let mut problems = Vec::new();
    let mut checked = Vec::new();
    for (i, item) in running.iter().enumerate() {
        match answers.get(i).copied().flatten() {
            None => problems.push((i, RunningProblem::NotAnswered)),
            Some(answer) if !item.answers().contains(&answer) => problems.push((i, RunningProblem::NotOffered)),
            Some(Answer::End(_)) if item.began_on() > ended_on => {
                problems.push((i, RunningProblem::BeganAfter { on: item.began_on() }))
            }
            Some(answer) => checked.push((item.key(), answer)),
        }
    }
    if problems.is_empty() { Ok(checked) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn three() -> Vec<Running> {
        vec![
            Running::MoveCourse { id: 1, screening_on: d("2026-01-05") },
            Running::Membership { member_id: 2, group_id: 7, group: "MOVE tirsdag".into(), joined_on: d("2026-01-06") },
            Running::Stay {
                id: 3,
                provider: "Lyngbakken".into(),
                started_on: d("2026-03-17"),
                planned_end: d("2026-05-16"),
            },
        ]
    }

    #[test]
    fn every_item_needs_an_answer_and_nothing_is_kept_or_ended_unasked() {
        let got = check_answers(&three(), &[Some(Answer::Keep), None, None], d("2026-03-17")).unwrap_err();
        assert_eq!(got, vec![(1, RunningProblem::NotAnswered), (2, RunningProblem::NotAnswered)]);
        // Fewer answers than items: the missing ones are unanswered.
        let got = check_answers(&three(), &[], d("2026-03-17")).unwrap_err();
        assert_eq!(got.len(), 3);
    }

    #[test]
    fn answers_are_returned_by_record() {
        let answers =
            [Some(Answer::End(EndKind::Planned)), Some(Answer::Keep), Some(Answer::End(EndKind::Interrupted))];
        let got = check_answers(&three(), &answers, d("2026-03-17")).unwrap();
        assert_eq!(
            got,
            vec![
                (RunningKey::MoveCourse(1), Answer::End(EndKind::Planned)),
                (RunningKey::Membership(2), Answer::Keep),
                (RunningKey::Stay(3), Answer::End(EndKind::Interrupted)),
            ]
        );
    }

    #[test]
    fn an_item_begun_after_the_ending_date_can_be_kept_but_not_ended_on_it() {
        // The stay started on 17 March; the course ends the day before.
        let ended_on = d("2026-03-16");
        let end_all = [Some(Answer::End(EndKind::Planned)); 3];
        let got = check_answers(&three(), &end_all, ended_on).unwrap_err();
        assert_eq!(got, vec![(2, RunningProblem::BeganAfter { on: d("2026-03-17") })]);
        let keep_stay = [Some(Answer::End(EndKind::Planned)), Some(Answer::End(EndKind::Planned)), Some(Answer::Keep)];
        assert!(check_answers(&three(), &keep_stay, ended_on).is_ok());
        // Ending on the day it began is allowed.
        assert!(check_answers(&three(), &end_all, d("2026-03-17")).is_ok());
    }

    #[test]
    fn only_a_stay_can_be_interrupted() {
        let answers = [Some(Answer::End(EndKind::Interrupted)), Some(Answer::Keep), Some(Answer::Keep)];
        let got = check_answers(&three(), &answers, d("2026-03-17")).unwrap_err();
        assert_eq!(got, vec![(0, RunningProblem::NotOffered)]);
    }
}
