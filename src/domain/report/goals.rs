//! The year's goals and their status (the last table of Faxe's annual
//! report): written by a team leader in words, kept per year, printed with
//! the figures.

/// One goal of a year, with what has come of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearGoal {
    pub id: i64,
    pub year: i32,
    pub goal: String,
    pub status: String,
}

/// A goal's field that is not as it must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalField {
    Goal,
    Status,
}

/// Why a draft cannot be saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalProblem {
    /// A goal must say something.
    Empty,
    /// Longer than a table cell of the report can hold.
    TooLong { limit: usize },
}

/// How many characters a goal or a status may hold.
pub const GOAL_LIMIT: usize = 2000;

/// A goal as it may be saved; made only by [`GoalDraft::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalDraft {
    goal: String,
    status: String,
}

impl GoalDraft {
    /// The draft as it is saved: trimmed, the goal required, the status
    /// (what has come of it) may wait; both within [`GOAL_LIMIT`].
    pub fn new(goal: &str, status: &str) -> Result<GoalDraft, Vec<(GoalField, GoalProblem)>> {
        validate(goal, status).map(|(goal, status)| GoalDraft { goal, status })
    }

    pub fn goal(&self) -> &str {
        &self.goal
    }

    pub fn status(&self) -> &str {
        &self.status
    }
}

fn validate(goal: &str, status: &str) -> Result<(String, String), Vec<(GoalField, GoalProblem)>> {
    let (goal, status) = (goal.trim(), status.trim());
    let mut problems = Vec::new();
    if goal.is_empty() {
        problems.push((GoalField::Goal, GoalProblem::Empty));
    }
    for (field, value) in [(GoalField::Goal, goal), (GoalField::Status, status)] {
        if value.chars().count() > GOAL_LIMIT {
            problems.push((field, GoalProblem::TooLong { limit: GOAL_LIMIT }));
        }
    }
    if problems.is_empty() { Ok((goal.to_string(), status.to_string())) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_goal_must_say_something_and_fit() {
        assert_eq!(validate("  Synlighed \n", ""), Ok(("Synlighed".into(), String::new())));
        assert_eq!(validate(" ", "i gang"), Err(vec![(GoalField::Goal, GoalProblem::Empty)]));
        let long = "x".repeat(GOAL_LIMIT + 1);
        assert_eq!(validate("mål", &long), Err(vec![(GoalField::Status, GoalProblem::TooLong { limit: GOAL_LIMIT })]));
        assert!(validate(&"æ".repeat(GOAL_LIMIT), "").is_ok());
    }
}
