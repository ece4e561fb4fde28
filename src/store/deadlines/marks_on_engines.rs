//! A bulk write's suspended marks on both engines: the marking triggers of
//! the tables named are taken away inside the write's transaction, those
//! of other tables go on marking, and the resume marks every case and puts
//! the triggers back; a rollback puts them back too.

use super::MarksSuspended;
use crate::store::engine::both::{Place, a_case, on_both_engines};
use crate::store::engine::{Db, Intent};

on_both_engines!(a_bulk_write_suspends_the_marks_of_its_tables_and_marks_every_case_after, a_rollback_keeps_the_marks);

/// The marked cases, in order.
fn marked(db: &Db<'_>) -> Vec<i64> {
    db.query_map("SELECT case_id FROM deadlines_dirty ORDER BY case_id", &[], |r| r.get(0)).unwrap()
}

fn end_course(db: &Db<'_>, case: i64) {
    db.execute(
        "INSERT INTO course_endings (case_id, ended_on, reason, follow_up_declined, note, actor, recorded_at)
         VALUES (?1, '2026-02-10', 'completed', 0, '', 'anna', '2026-02-10T10:00:00Z')",
        &[&case],
    )
    .unwrap();
}

fn a_bulk_write_suspends_the_marks_of_its_tables_and_marks_every_case_after(place: &Place) {
    let db = place.open();
    let first = a_case(&db, "anna");
    assert_eq!(marked(&db), [first], "a new case marks itself");
    db.execute("DELETE FROM deadlines_dirty", &[]).unwrap();

    let tx = db.transaction(Intent::Write).unwrap();
    let marks = MarksSuspended::on(&tx, &["course_endings", "plan_versions"]).unwrap();
    assert_eq!(marks.put_back.len(), 6, "insert, update and delete of each table");
    end_course(&tx, first);
    assert_eq!(marked(&tx), Vec::<i64>::new(), "the ending's trigger is suspended");
    let second = a_case(&tx, "bo");
    assert_eq!(marked(&tx), [second], "the cases' triggers were not named");
    marks.resume(&tx).unwrap();
    assert_eq!(marked(&tx), [first, second], "every case is marked at the end");
    tx.commit().unwrap();

    db.execute("DELETE FROM deadlines_dirty", &[]).unwrap();
    end_course(&db, second);
    assert_eq!(marked(&db), [second], "the ending's trigger is back");
    let nothing = MarksSuspended::on(&db, &["no_such_table"]).unwrap();
    assert!(nothing.put_back.is_empty());
}

fn a_rollback_keeps_the_marks(place: &Place) {
    let db = place.open();
    let case = a_case(&db, "anna");
    db.execute("DELETE FROM deadlines_dirty", &[]).unwrap();
    {
        let tx = db.transaction(Intent::Write).unwrap();
        let _marks = MarksSuspended::on(&tx, &["course_endings"]).unwrap();
        end_course(&tx, case);
        assert_eq!(marked(&tx), Vec::<i64>::new());
        // Dropped without a commit: rolled back, the triggers with it.
    }
    end_course(&db, case);
    assert_eq!(marked(&db), [case], "the rollback put the trigger back");
}
