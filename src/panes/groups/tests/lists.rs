//! Every list of the pane drawn through `ui::draw` on ratatui's
//! TestBackend, without colour (as under NO_COLOR), at the size the shell
//! measured, as the event loop measures it: moving up from the bottom row
//! moves the pointer and leaves the rows where they are; a long name is
//! whole on a wide screen; at 80 columns the markers are whole and a long
//! name gives way first.
//!
//! The crowded centre is the small one with 30 more cases in "MOVE mandag",
//! each on a MOVE course, 30 more groups, 20 more weeks of sessions and 30
//! more cards, and Ida and one group by long names.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use serde_json::{Value, json};

use super::{Centre, TODAY, day};
use crate::app::Action;
use crate::domain::group::groups::plan_sessions;
use crate::domain::group::stock::parse_receipt;
use crate::panes::groups::{GroupsPane, GroupsView};
use crate::ui::{self, CHROME_ROWS, Theme};

/// 30 characters: longer than the 16 or 20 a column used to cut it at.
const LONG_CITIZEN: &str = "Ida Marie Søndergaard-Prøvesen";
const LONG_GROUP: &str = "Aftengruppe for tilbagefaldsforebyggelse";

fn crowded() -> Centre {
    let mut file: Value = serde_json::from_str(include_str!("centre.json")).unwrap();
    file["citizens"][0]["name"] = json!(LONG_CITIZEN);
    let case = file["cases"][0].clone();
    for id in 10..40 {
        let push = |file: &mut Value, list: &str, value: Value| file[list].as_array_mut().unwrap().push(value);
        let citizen = json!({
            "id": id, "name": format!("Borger {id}"), "cpr": null, "pseudonym": null, "home_municipality": "Randers"
        });
        push(&mut file, "citizens", citizen);
        let mut case = case.clone();
        case["id"] = json!(id);
        case["citizen_id"] = json!(id);
        push(&mut file, "cases", case);
        let member = json!({ "id": id, "group_id": 1, "case_id": id, "joined_on": "2026-02-02", "left_on": null });
        push(&mut file, "group_members", member);
        let course =
            json!({ "id": id, "case_id": id, "screening_on": "2026-02-05", "follow_up_from": null, "ended": null });
        push(&mut file, "move_courses", course);
        let name = if id == 10 { LONG_GROUP.to_string() } else { format!("Gruppe {id}") };
        let group = json!({
            "id": id, "name": name, "kind": "other", "weekday": "tuesday", "time": "10:00",
            "place": "Lokale 1", "counsellors": ["anna"]
        });
        push(&mut file, "groups", group);
    }
    let mut c = Centre::of(&file.to_string());
    let today = day(TODAY);
    let group = c.store().group_detail(1).unwrap().group;
    let taken = c.store().session_dates(1).unwrap();
    let planned = plan_sessions(&group, "30.03.2026", "20", &taken, today).unwrap();
    c.store().plan_sessions(1, &planned).unwrap();
    let ledger = c.store().ledger().unwrap();
    let (op, on) = parse_receipt(&ledger, "MOVE-0011", "40", "200", TODAY, today).unwrap();
    c.store().record_stock(&op, on).unwrap();
    // Grupper read again, on the group list.
    c.press(Action::PaneIntake);
    c.press(Action::PaneGroups);
    assert_eq!(c.pane().list.lines.len(), 32, "{:?}", c.app.shell.status);
    c
}

impl Centre {
    fn pane_mut(&mut self) -> &mut GroupsPane {
        let current = self.app.current;
        self.app.panes[current].as_mut().as_any_mut().downcast_mut().expect("the Grupper pane")
    }

    /// The screen of a terminal of `width` × `height`, one string a row,
    /// drawn without colour; the shell measures the terminal first, as the
    /// event loop does.
    fn screen_at(&mut self, width: u16, height: u16) -> Vec<String> {
        self.app.shell.list_rows = usize::from(height.saturating_sub(CHROME_ROWS));
        self.app.shell.screen_cols = width;
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|frame| ui::draw(frame, &self.app, &Theme::plain())).unwrap();
        let buffer = terminal.backend().buffer();
        for cell in &buffer.content {
            assert!(cell.fg == Color::Reset && cell.bg == Color::Reset, "a colour under NO_COLOR: {cell:?}");
        }
        (0..height).map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect()).collect()
    }

    /// Up from the bottom row of the list on screen: the pointer moves up
    /// and every row stays where it was. `first` is on the list's first
    /// row, which the bottom of the list is too far from to show.
    fn up_from_the_bottom_keeps_the_list(&mut self, first: &str) {
        self.press(Action::Bottom);
        let before = self.screen_at(80, 24);
        assert!(
            !before.iter().any(|l| l.contains(first)),
            "the list is longer than the screen:\n{}",
            before.join("\n")
        );
        self.press(Action::Up);
        let after = self.screen_at(80, 24);
        let (from, before_rows) = pointer(&before);
        let (to, after_rows) = pointer(&after);
        assert!(to < from, "the pointer moves up, from row {from} to {to}:\n{}", after.join("\n"));
        assert_eq!(after_rows, before_rows, "the rows stay where they were");
        // Up again, and once more: the pointer goes on up, the rows stay.
        self.press(Action::Up);
        self.press(Action::Up);
        let again = self.screen_at(80, 24);
        let (higher, again_rows) = pointer(&again);
        assert!(higher < to, "{}", again.join("\n"));
        assert_eq!(again_rows, before_rows);
    }
}

/// The screen row of the pointer, and the screen without it.
fn pointer(screen: &[String]) -> (usize, Vec<String>) {
    let at = screen
        .iter()
        .position(|l| l.chars().nth(1) == Some('›'))
        .unwrap_or_else(|| panic!("no pointer:\n{}", screen.join("\n")));
    let rows = screen.iter().map(|l| l.replacen('›', " ", 1)).collect();
    (at, rows)
}

/// The row of `screen` that holds `needle`.
fn row<'a>(screen: &'a [String], needle: &str) -> &'a str {
    screen.iter().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("no {needle:?} in:\n{}", screen.join("\n")))
}

#[test]
fn the_group_list_moves_up_from_the_bottom_in_place_and_over_the_line_that_keeps_the_anonymous_group_apart() {
    let mut c = crowded();
    c.up_from_the_bottom_keeps_the_list("MOVE mandag");
    // The bottom is the anonymous group; up passes the line over it.
    c.press(Action::Bottom);
    let s = c.screen_at(80, 24);
    let (at, _) = pointer(&s);
    assert!(s[at].contains("Anonym gruppe") && s[at - 1].contains("holdes adskilt"), "{}", s.join("\n"));
    c.press(Action::Up);
    let s = c.screen_at(80, 24);
    let (up, _) = pointer(&s);
    assert_eq!(up, at - 2, "{}", s.join("\n"));
    assert!(c.pane().list.selected_line().is_some_and(|l| !l.group.kind.is_anonymous()));
    // And down again onto it.
    c.press(Action::Down);
    assert_eq!(c.pane().list.selected_line().unwrap().group.name, "Anonym gruppe");
}

#[test]
fn a_groups_sessions_move_up_from_the_bottom_in_place() {
    let mut c = crowded();
    c.press(Action::Open);
    assert!(c.group().detail.sessions.len() > 20);
    c.up_from_the_bottom_keeps_the_list("09.02.2026");
}

#[test]
fn the_roll_call_moves_up_from_the_bottom_in_place() {
    let mut c = crowded();
    c.press(Action::RollCall);
    assert!(c.pane().roll_call().is_some_and(|r| r.data.lines.len() == 32));
    c.up_from_the_bottom_keeps_the_list("Borger 10 ");
}

#[test]
fn the_course_list_moves_up_from_the_bottom_in_place() {
    let mut c = crowded();
    c.press(Action::ShowCourses);
    c.up_from_the_bottom_keeps_the_list("Borger 10 ");
}

#[test]
fn a_courses_sessions_move_up_from_the_bottom_in_place() {
    let mut c = crowded();
    c.open_course_of(2);
    assert!(c.course().cards.rows.len() > 20);
    c.up_from_the_bottom_keeps_the_list("09.02.2026");
}

#[test]
fn the_ledger_moves_up_from_the_bottom_in_place() {
    let mut c = crowded();
    c.press(Action::ShowLedger);
    c.up_from_the_bottom_keeps_the_list("01.02.2026");
}

#[test]
fn a_long_name_is_whole_at_120_columns_and_gives_way_first_at_80() {
    let mut c = crowded();
    assert!(row(&c.screen_at(120, 30), LONG_GROUP).contains("tir 10:00"));
    c.press(Action::RollCall);
    while !c.screen_at(120, 30).iter().any(|l| l.contains(&format!("› {LONG_CITIZEN}"))) {
        c.press(Action::Down);
    }
    c.press(Action::MarkAttended);
    // Ida's line: the name whole at 120 columns; at 80 the name gives way
    // and the card she earns is said whole.
    c.press(Action::Up);
    assert!(row(&c.screen_at(120, 30), LONG_CITIZEN).contains("KORT 2 OPTJENT · s: serienr."));
    let line = row(&c.screen_at(80, 24), "Ida Marie").to_string();
    assert!(!line.contains(LONG_CITIZEN) && line.contains("KORT 2 OPTJENT · s: serienr."), "{line}");
    c.press(Action::Cancel);
    c.press(Action::ShowCourses);
    c.press(Action::Bottom);
    assert!(row(&c.screen_at(120, 30), LONG_CITIZEN).contains("hovedforløb"));
}

#[test]
fn the_roll_calls_markers_are_whole_at_80_columns() {
    let mut c = crowded();
    c.press(Action::RollCall);
    while !c.screen_at(80, 24).iter().any(|l| l.contains("› Ida Marie")) {
        c.press(Action::Down);
    }
    c.press(Action::MarkAttended);
    c.press(Action::Up);
    c.press(Action::EnterSerial);
    c.type_text("MOVE-0004");
    assert!(row(&c.screen_at(80, 24), "Ida Marie").contains("KORT 2 · serienr.: MOVE-0004▏"));
    c.press(Action::Submit);
    assert!(row(&c.screen_at(80, 24), "Ida Marie").contains("KORT 2: MOVE-0004 UDLEVERES"));
    // A problem is said whole under its line, which stays selected.
    c.press(Action::Down);
    c.press(Action::Submit);
    let s = c.screen_at(80, 24);
    let (at, _) = pointer(&s);
    assert!(s[at + 1].contains("! Mangler markering (m, a eller u)."), "{}", s.join("\n"));
}

#[test]
fn the_ledgers_markers_are_whole_at_80_columns() {
    let mut c = crowded();
    c.press(Action::ShowLedger);
    c.press(Action::CorrectEntry);
    // Only the selected card of the range it was received in.
    c.choose(crate::domain::group::stock::StockField::Scope, 1);
    c.focus(crate::domain::group::stock::StockField::Reason);
    c.type_text("Kortene kom aldrig");
    c.press(Action::Submit);
    let s = c.screen_at(80, 24);
    assert!(row(&s, "rettelse af 43").contains("MOVE-0040"), "{}", s.join("\n"));
    c.press(Action::Up);
    let s = c.screen_at(80, 24);
    assert!(row(&s, "› ").contains("RETTET AF 44"), "{}", s.join("\n"));
    assert!(row(&s, "200,00 kr ").contains(" STEMMER"), "{}", s.join("\n"));
    // A value that does not balance says so whole.
    if let Some(GroupsView::Ledger(state)) = c.pane_mut().stack.last_mut() {
        state.reconciliation[0].on_hand += 1;
    }
    let s = c.screen_at(80, 24);
    assert!(row(&s, "200,00 kr ").contains(" STEMMER IKKE"), "{}", s.join("\n"));
}

/// The group list's member counts (two ranges of an index) are the
/// members each group has on the day by their own dates: on a generated
/// centre with members who left, on the day they joined and left, and
/// around them.
#[test]
fn the_group_lists_member_counts_are_the_members_on_the_day() {
    use chrono::NaiveDate;

    use crate::generate::{self, Shape};
    use crate::store::Store;
    let today = day("17.03.2026");
    let file = generate::centre(&Shape { cases: 1_500, seed: 5, today, stress: false }, &mut |_| {});
    let mut store = Store::open_in_memory("anna").unwrap();
    store.import(&file).unwrap();
    let groups = store.group_list(today).unwrap();
    let members: Vec<_> = groups.iter().flat_map(|g| store.group_members(g.group.id).unwrap()).collect();
    assert!(members.iter().any(|m| m.left_on.is_some()), "members who left");
    let mut days: Vec<NaiveDate> = vec![today];
    for m in members.iter().take(40) {
        days.push(m.joined_on);
        days.extend(m.left_on.into_iter().flat_map(|l| [l.pred_opt().unwrap(), l, l.succ_opt().unwrap()]));
    }
    let mut some = false;
    for day in days {
        for line in store.group_list(day).unwrap() {
            let on_day = members
                .iter()
                .filter(|m| m.group_id == line.group.id && m.joined_on <= day && m.left_on.is_none_or(|l| l >= day))
                .count();
            assert_eq!(line.members, on_day, "group {} on {day}", line.group.id);
            some |= on_day > 0;
        }
    }
    assert!(some, "groups with members");
}
