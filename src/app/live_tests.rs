//! Open screens show a colleague's change within two seconds (`App::tick`,
//! called about once a second), on a file and on a PostgreSQL server alike:
//! the store's stamp of where the data stands moves with the colleague's
//! commit, and not with a colleague's look.

use chrono::NaiveDate;

use super::{App, keymap};
use crate::domain::intake::NewContact;
use crate::domain::intake::test_support::case_on;
use crate::store::both_centres::{Centre, on_both_centres};
use crate::store::{NewUser, Role};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 17).unwrap()
}

fn queue(app: &App) -> Vec<i64> {
    let queue = &app.pane_of::<crate::panes::intake::IntakePane>().unwrap().queue;
    queue.shown_entries().map(|e| e.case.id).collect()
}

fn a_colleagues_new_contact_appears_on_the_open_queue_at_the_next_tick(centre: &Centre) {
    let mut anna = centre.open("anna");
    let bo = NewUser { name: "bo".into(), full_name: String::new(), role: Role::TeamLeader, anonymous_team: false };
    anna.add_user(&bo).unwrap();
    let mut app = App::new(anna, today(), keymap::load(None).0).unwrap();
    assert!(queue(&app).is_empty());
    assert!(!app.tick(), "nothing has changed");

    let mut bo = centre.open("bo");
    let case = bo.register_contact(&NewContact::new(case_on("2026-03-16"))).unwrap();
    assert!(app.tick(), "the colleague's commit is seen");
    assert_eq!(queue(&app), vec![case]);

    // A colleague's look is recorded in the trail, and is nothing to show.
    bo.view_case(case).unwrap();
    assert!(!app.tick(), "a look is nothing to read again");
}

on_both_centres!(a_colleagues_new_contact_appears_on_the_open_queue_at_the_next_tick);
