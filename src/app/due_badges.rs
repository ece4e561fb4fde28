//! The counts in the tab bar: beside each pane's name, how many of its
//! deadlines are overdue or fall due today among the cases the person may
//! open (their own and shared ones; the whole centre for a team leader).
//! Counted by SQL on the deadlines' index (`Store::due_counts`), again
//! only when the data or the day has moved since, and only when the
//! program is idle (`App::tick`), so no key waits for them.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::domain::due::DueKind;
use crate::store::{DataStamp, DueCount, Store};

/// The counts of the tab bar and where the data stood when they were made.
#[derive(Debug, Default)]
pub struct DueBadges {
    counts: BTreeMap<DueKind, DueCount>,
    counted_at: Option<(DataStamp, NaiveDate)>,
}

impl DueBadges {
    /// Counts again if the data or the day moved since the last count.
    /// Returns whether the counts changed (the tab bar is drawn again). A
    /// count that fails shows no counts rather than old ones, until the
    /// data moves again: the tab bar is a summary, and the pane on screen
    /// says what went wrong with its own reads.
    pub fn recount(&mut self, store: &Store, today: NaiveDate) -> bool {
        let Ok(stamp) = store.data_stamp() else { return false };
        if self.counted_at.is_some_and(|(s, day)| s.same_data(&stamp) && day == today) {
            return false;
        }
        self.counted_at = Some((stamp, today));
        let counts = store.due_counts(today, 0).unwrap_or_default();
        let changed = counts != self.counts;
        self.counts = counts;
        changed
    }

    /// Whether a count was made (a new session has none yet).
    pub fn counted(&self) -> bool {
        self.counted_at.is_some()
    }

    /// How many of `kinds` are overdue or due today; `None` before the
    /// first count.
    pub fn due(&self, kinds: &[DueKind]) -> Option<u32> {
        self.counted_at?;
        Some(kinds.iter().filter_map(|k| self.counts.get(k)).map(|c| c.overdue + c.soon).sum())
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::app::{App, keymap};
    use crate::domain::intake::StepKind;
    use crate::generate::{self, Shape};
    use crate::ui::Theme;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 17).unwrap()
    }

    /// A generated centre behind on its intake (the stress shape: contacts
    /// past their guarantee), opened by its creator, a team leader.
    fn workbench(dir: &tempfile::TempDir) -> App {
        let path = dir.path().join("centre.db");
        let file = generate::centre(&Shape { cases: 150, seed: 4, today: today(), stress: true }, &mut |_| {});
        Store::open(&path, "anna").unwrap().import(&file).unwrap();
        App::new(Store::open(&path, "anna").unwrap(), today(), keymap::load(None).0).unwrap()
    }

    /// The tab bar as drawn on a terminal `width` wide.
    fn tab_line(app: &App, width: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, 30)).unwrap();
        terminal.draw(|f| crate::ui::draw(f, app, &Theme::plain())).unwrap();
        let buffer = terminal.backend().buffer();
        (0..width).map(|x| buffer[(x, 0)].symbol().to_string()).collect()
    }

    /// What `due` lists as overdue or due today, per pane: the counts the
    /// tab bar must show, by another road than the counting query.
    fn listed_due(app: &App) -> Vec<u32> {
        let items = app.shell.store.due(&app.shell.profile, today(), 0).unwrap();
        app.panes
            .iter()
            .map(|p| items.iter().filter(|i| p.due_kinds().contains(&i.kind) && i.days_left <= 0).count() as u32)
            .collect()
    }

    /// The number beside each pane's name on the tab bar, 0 when none:
    /// the digits between its name and the next one's.
    fn shown(app: &App, line: &str) -> Vec<u32> {
        let names: Vec<String> =
            app.panes.iter().enumerate().map(|(i, p)| format!("{} {}", i + 1, p.title())).collect();
        let starts: Vec<usize> = names.iter().map(|n| line.find(n.as_str()).unwrap()).collect();
        (0..names.len())
            .map(|i| {
                let end = starts.get(i + 1).copied().unwrap_or(line.len());
                let between = &line[starts[i] + names[i].len()..end];
                between.chars().filter(char::is_ascii_digit).collect::<String>().parse().unwrap_or(0)
            })
            .collect()
    }

    #[test]
    fn every_kind_of_deadline_is_counted_beside_exactly_one_pane() {
        let panes = crate::panes::all();
        for kind in DueKind::ALL {
            let owners: Vec<&str> = panes.iter().filter(|p| p.due_kinds().contains(&kind)).map(|p| p.title()).collect();
            assert_eq!(owners.len(), 1, "{kind:?}: {owners:?}");
        }
    }

    #[test]
    fn the_tab_bar_counts_each_panes_deadlines_due_and_counts_again_only_after_a_change() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut app = workbench(&dir);
        // Before the first count (the first frame) the names stand alone.
        assert_eq!(shown(&app, &tab_line(&app, 120)), vec![0; app.panes.len()]);
        assert!(app.recount());
        let want = listed_due(&app);
        assert!(want.iter().filter(|n| **n > 0).count() >= 2, "a generated centre has much due: {want:?}");
        assert_eq!(shown(&app, &tab_line(&app, 120)), want);
        assert!(!app.recount(), "nothing changed: nothing counted again");

        // A contact past its guarantee starts treatment: Indtag has one less due.
        let items = app.shell.store.due(&app.shell.profile, today(), 0).unwrap();
        let case = items.iter().find(|i| i.kind == DueKind::Guarantee && i.days_left < 0).expect("one overdue").case;
        let record = app.shell.store.find_case(case).unwrap().unwrap();
        let input = crate::domain::intake::StepInput {
            kind: StepKind::StartTreatment,
            date: "17.03.2026".into(),
            reason: "Startet efter fristen".into(),
            wanted: true,
            closing_reason: None,
        };
        let step = crate::domain::intake::parse_step(&input, &record, today()).unwrap();
        app.shell.store.record_step(case, &step).unwrap();
        assert!(app.recount());
        let after = listed_due(&app);
        assert!(after[0] < want[0], "{after:?} after {want:?}");
        assert_eq!(shown(&app, &tab_line(&app, 120)), after);
    }

    #[test]
    fn a_terminal_too_narrow_for_the_counts_shows_the_names_alone() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut app = workbench(&dir);
        // Just wide enough for the names alone.
        let width = tab_line(&app, 200).trim_end().chars().count() as u16 + 1;
        app.recount();
        assert!(shown(&app, &tab_line(&app, 200)).iter().any(|n| *n > 0));
        let narrow = tab_line(&app, width);
        assert_eq!(shown(&app, &narrow), vec![0; app.panes.len()], "{narrow}");
        assert!(narrow.contains("6 Rapporter"), "{narrow}");
    }
}
