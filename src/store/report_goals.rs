//! The year's goals and their status: kept per year, written one audited
//! action at a time, read with the report.
//!
//! Who may write them: a team leader. Roles have not landed yet, so every
//! user may; the role check goes in [`Store::save_year_goal`], before the
//! write.

use super::engine::{Db, ToValue};
use super::{CentreAction, Result, Store, StoreError};
use crate::domain::report::{GoalDraft, YearGoal};

/// The goals of the years `?1` to `?2`, in the order they were written
/// (the index `report_goals_year`).
pub(super) const YEAR_GOALS: &str =
    "SELECT id, year, goal, status FROM report_goals WHERE year BETWEEN ?1 AND ?2 ORDER BY year, id";

/// The goals of the years `from` to `to`, in the order they were written.
pub(crate) fn year_goals_on(db: &Db<'_>, from: i32, to: i32) -> Result<Vec<YearGoal>> {
    Ok(db.query_map(YEAR_GOALS, &[&from, &to], |r| {
        Ok(YearGoal { id: r.get(0)?, year: r.get(1)?, goal: r.get(2)?, status: r.get(3)? })
    })?)
}

/// Adds a goal of `year`; its id, the engine's next.
pub(super) fn insert_goal(db: &Db<'_>, year: i32, draft: &GoalDraft) -> Result<i64> {
    Ok(db.query_row(
        "INSERT INTO report_goals (year, goal, status) VALUES (?1, ?2, ?3) RETURNING id",
        &[&year, &draft.goal(), &draft.status()],
        |r| r.get(0),
    )?)
}

/// Changes goal `id` of `year`; a goal that is gone, or of another year,
/// is [`StoreError::NotFound`].
pub(super) fn update_goal(db: &Db<'_>, id: i64, year: i32, draft: &GoalDraft) -> Result<()> {
    let params: [&dyn ToValue; 4] = [&draft.goal(), &draft.status(), &id, &year];
    let changed = db.execute("UPDATE report_goals SET goal = ?1, status = ?2 WHERE id = ?3 AND year = ?4", &params)?;
    if changed == 0 {
        return Err(StoreError::NotFound { what: "mål", id });
    }
    Ok(())
}

impl Store {
    /// The goals of the years `from` to `to`, in the order they were written.
    pub fn year_goals(&self, from: i32, to: i32) -> Result<Vec<YearGoal>> {
        self.may(CentreAction::Report)?;
        year_goals_on(&self.db(), from, to)
    }

    /// Saves a goal of `year`: a new one (`id` none) or a change to one of
    /// that year. A goal that is gone is an error. Returns the goal's id.
    pub fn save_year_goal(&mut self, id: Option<i64>, year: i32, draft: &GoalDraft) -> Result<i64> {
        // Only a team leader: checked with the write, inside its
        // transaction (`access::need`, entity `report_goal`).
        let detail = format!("{year}");
        match id {
            None => self.write("add_year_goal", "report_goal", |tx| {
                let id = insert_goal(tx, year, draft)?;
                Ok((id, Some(id), detail))
            }),
            Some(id) => self.write("update_year_goal", "report_goal", |tx| {
                update_goal(tx, id, year, draft)?;
                Ok((id, Some(id), detail))
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(goal: &str, status: &str) -> GoalDraft {
        GoalDraft::new(goal, status).unwrap()
    }

    #[test]
    fn goals_are_kept_per_year_edited_in_place_and_audited() {
        let mut store = Store::open_in_memory("tove").unwrap();
        let a = store.save_year_goal(None, 2025, &draft("Synlighed", "")).unwrap();
        store.save_year_goal(None, 2026, &draft("Nye tilbud", "")).unwrap();
        store.save_year_goal(Some(a), 2025, &draft("Synlighed i lokalavisen", "Annonceret to gange")).unwrap();
        let goals = store.year_goals(2025, 2025).unwrap();
        assert_eq!(
            goals,
            vec![YearGoal {
                id: a,
                year: 2025,
                goal: "Synlighed i lokalavisen".into(),
                status: "Annonceret to gange".into()
            }]
        );
        assert_eq!(store.year_goals(2025, 2026).unwrap().len(), 2);
        // A goal of another year is not changed; nothing is written.
        assert!(matches!(
            store.save_year_goal(Some(a), 2026, &draft("x", "")),
            Err(StoreError::NotFound { what: "mål", .. })
        ));
        assert_eq!(store.year_goals(2025, 2026).unwrap().len(), 2);
        let actions: Vec<String> = store
            .sqlite()
            .prepare("SELECT action FROM audit WHERE entity = 'report_goal' ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(actions, ["add_year_goal", "add_year_goal", "update_year_goal"]);
    }
}
