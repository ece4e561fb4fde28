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

/// Anna, the centre's first user, adds her colleague bo, a team leader.
fn add_bo(anna: &mut crate::store::Store) {
    let bo = NewUser { name: "bo".into(), full_name: String::new(), role: Role::TeamLeader, anonymous_team: false };
    anna.add_user(&bo).unwrap();
}

fn queue(app: &App) -> Vec<i64> {
    let queue = &app.pane_of::<crate::panes::intake::IntakePane>().unwrap().queue;
    queue.shown_entries().map(|e| e.case.id).collect()
}

fn a_colleagues_new_contact_appears_on_the_open_queue_at_the_next_tick(centre: &Centre) {
    let mut anna = centre.open("anna");
    add_bo(&mut anna);
    let mut app = App::new(anna, today(), keymap::load(None).0).unwrap();
    assert!(queue(&app).is_empty());
    assert!(!app.tick(), "nothing has changed");

    let mut bo = centre.open("bo");
    let case = bo.register_contact(&NewContact::new(case_on("2026-03-16"))).unwrap();
    assert!(within_two_seconds(&mut app), "the colleague's commit is seen");
    assert_eq!(queue(&app), vec![case]);

    // A colleague's look is recorded in the trail, and is nothing to show.
    bo.view_case(case).unwrap();
    assert!(!app.tick(), "a look is nothing to read again");
}

on_both_centres!(a_colleagues_new_contact_appears_on_the_open_queue_at_the_next_tick);

/// Ticks, as the workbench does while no key is pressed (here every 20
/// ms), until one reads again or two seconds have passed: the bar for a
/// colleague's change to show. A file is asked and answers at once; a
/// server tells of a commit as soon as it has sent the notification.
fn within_two_seconds(app: &mut App) -> bool {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        if app.tick() {
            return true;
        }
        if std::time::Instant::now() > until {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// On a server, an idle screen asks nothing: where the data stands is
/// asked again only after the server told of a commit (LISTEN/NOTIFY). The
/// trail taken away behind the program's back is not noticed until then,
/// and a colleague's commit still shows.
#[test]
fn an_idle_screen_on_the_server_asks_it_nothing_until_told_of_a_commit() {
    let centre = Centre::postgres();
    let mut anna = centre.open("anna");
    add_bo(&mut anna);
    let mut app = App::new(anna, today(), keymap::load(None).0).unwrap();
    let before = app.shell.store.data_stamp().unwrap();
    // Were the stamp asked of the server, it would fail now.
    centre.behind_the_programs_back("ALTER TABLE audit_change RENAME TO audit_change_away");
    for _ in 0..3 {
        assert_eq!(app.shell.store.data_stamp().unwrap(), before, "no commit told: the stamp as it was");
        assert!(!app.tick());
    }
    centre.behind_the_programs_back("ALTER TABLE audit_change_away RENAME TO audit_change");
    let mut bo = centre.open("bo");
    let case = bo.register_contact(&NewContact::new(case_on("2026-03-16"))).unwrap();
    assert!(within_two_seconds(&mut app), "the colleague's commit is told and read");
    assert_eq!(queue(&app), vec![case]);
    assert_ne!(app.shell.store.data_stamp().unwrap(), before);
}

/// The server ends the workbench's session (as a restart does): a save
/// fails, says so and writes nothing; the next tick connects again as the
/// same person, says so, and shows what stands now; saves go on, and the
/// trail is whole.
#[test]
fn a_connection_the_server_closed_is_made_again_at_the_next_tick() {
    let centre = Centre::postgres();
    let mut anna = centre.open("anna");
    add_bo(&mut anna);
    let mut colleague = centre.open("bo");
    let mut app = App::new(anna, today(), keymap::load(None).0).unwrap();
    let end_annas_session = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE usename = 'anna' AND datname = current_database() AND pid <> pg_backend_pid()";
    centre.behind_the_programs_back(end_annas_session);

    let lost = app.shell.store.register_contact(&NewContact::new(case_on("2026-03-16")));
    assert!(lost.is_err(), "the save on the closed connection fails");
    let theirs = colleague.register_contact(&NewContact::new(case_on("2026-03-15"))).unwrap();

    assert!(app.tick(), "the tick connects again and reads what stands now");
    let status = app.shell.status.clone().expect("the status line says so");
    assert_eq!((status.kind, status.text.as_str()), (super::StatusKind::Info, crate::text::RECONNECTED));
    assert_eq!(queue(&app), vec![theirs], "the colleague's contact shows; the lost save wrote nothing");
    let mine = app.shell.store.register_contact(&NewContact::new(case_on("2026-03-16"))).unwrap();
    assert_eq!(app.shell.store.verify_audit().unwrap(), vec![]);
    assert_ne!(mine, theirs);
}

/// A centre migrated by a newer program while the connection was lost is
/// not written to by this one: the loss is said on the status line, once,
/// and the server asked again at each tick.
#[test]
fn a_centre_at_another_version_after_the_loss_is_said_and_asked_again() {
    let centre = Centre::postgres();
    let mut anna = centre.open("anna");
    add_bo(&mut anna);
    let mut app = App::new(centre.open("bo"), today(), keymap::load(None).0).unwrap();
    let Some(crate::store::Place::Server { centre: name, .. }) = anna.place().cloned() else { panic!("on the server") };
    centre.behind_the_programs_back(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE usename IN ('anna', 'bo') AND datname = current_database() AND pid <> pg_backend_pid();
         UPDATE schema_version SET version = version + 1;",
    );
    assert!(anna.data_stamp().is_err());
    match anna.reconnect_if_lost() {
        Err(crate::store::StoreError::CentreAtVersion { centre, version, program }) => {
            assert_eq!((centre, version), (name, program + 1));
        }
        other => panic!("{other:?}"),
    }
    assert!(app.tick(), "the loss is said");
    let status = app.shell.status.clone().unwrap();
    assert_eq!(status.kind, super::StatusKind::Error);
    assert!(status.text.starts_with("Forbindelsen til serveren er tabt; prøver igen hvert sekund"), "{}", status.text);
    assert!(!app.tick(), "said once, not drawn again each second");
}
