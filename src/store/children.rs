//! A case's children, the considerations of them, and the family list the
//! Underretninger pane and `due` read.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::access::Viewer;
use super::cases::{DATE, case_on, enum_id, parse_date, parse_enum};
use super::conflict::{Found, Opened, Record, conflict, unchanged_since};
use super::deadlines::DueScope;
use super::engine::{Db, Params, Row, ToValue};
use super::{Result, Store, StoreError, now_stamp};
use crate::domain::due::DueKind;
use crate::domain::intake::{Case, ChildrenAnswer, Reasoned};
use crate::domain::notification::{
    Child, Consideration, Ended, FamilyCase, NewChild, NewConsideration, Stamp, answer_after, noted_on,
};
use crate::domain::policy::Profile;

pub(crate) const CHILD_COLUMNS: &str =
    "id, case_id, birth_year, relation, noted_on, ended_on, ended_reason, ended_by, ended_at, actor, recorded_at, name";

type RawChild = (
    i64,
    i64,
    i32,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
    Option<String>,
);

fn read_child(r: &Row<'_>) -> super::engine::Result<RawChild> {
    r.columns()
}

fn to_child(raw: RawChild) -> Result<Child> {
    let (
        id,
        case_id,
        birth_year,
        relation,
        noted_on,
        ended_on,
        ended_reason,
        ended_by,
        ended_at,
        actor,
        recorded_at,
        name,
    ) = raw;
    let ended = parse_date(ended_on)?.map(|on| Ended {
        on,
        reason: ended_reason.unwrap_or_default(),
        stamp: Stamp { by: ended_by.unwrap_or_default(), at: ended_at.unwrap_or_default() },
    });
    Ok(Child {
        id,
        case_id,
        name: name.unwrap_or_default(),
        birth_year,
        relation: parse_enum(&relation)?,
        noted_on: day(noted_on)?,
        ended,
        stamp: Stamp { by: actor, at: recorded_at },
    })
}

pub(crate) fn day(text: String) -> Result<NaiveDate> {
    parse_date(Some(text))?.ok_or_else(|| StoreError::Corrupt("dato mangler".into()))
}

/// A day as the store writes it, `2026-03-17`. chrono's `format` reads its
/// pattern anew for every day, and an import writes a million of them; a
/// year outside 0-9999 (which chrono writes with a sign) is left to it.
pub(crate) fn day_text(d: NaiveDate) -> String {
    match DayText::of(d) {
        Some(text) => text.as_str().to_owned(),
        None => d.format(DATE).to_string(),
    }
}

/// [`day_text`]'s digits on the stack, for a writer of millions of days
/// (the export) that needs no `String` of each; `None` for a year outside
/// 0-9999.
pub(crate) struct DayText([u8; 10]);

impl DayText {
    pub(crate) fn of(d: NaiveDate) -> Option<DayText> {
        use chrono::Datelike;
        let year = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
        let mut text = *b"0000-00-00";
        for (at, width, mut n) in [(0, 4, year), (5, 2, d.month()), (8, 2, d.day())] {
            for digit in text[at..at + width].iter_mut().rev() {
                *digit = b'0' + (n % 10) as u8;
                n /= 10;
            }
        }
        Some(DayText(text))
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII digits and dashes are ever written.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

pub(super) fn query_children_on(db: &Db<'_>, condition: &str, params: Params<'_>) -> Result<Vec<Child>> {
    let sql = format!("SELECT {CHILD_COLUMNS} FROM children {condition}");
    db.query_map(&sql, params, read_child)?.into_iter().map(to_child).collect()
}

/// One child, read on any connection (a transaction too).
fn child_on(db: &Db<'_>, id: i64) -> Result<Child> {
    query_children_on(db, "WHERE id = ?1", &[&id])?.pop().ok_or(StoreError::NotFound { what: "barn", id })
}

pub(super) fn considerations_where(db: &Db<'_>, condition: &str, params: Params<'_>) -> Result<Vec<Consideration>> {
    let sql = format!("SELECT id, case_id, on_date, note, actor, recorded_at FROM child_considerations {condition}");
    let rows = db.query_map(&sql, params, |r| {
        Ok((r.get(0)?, r.get(1)?, r.get::<String>(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
    })?;
    rows.into_iter()
        .map(|(id, case_id, on, note, by, at)| {
            Ok(Consideration { id, case_id, on: day(on)?, note, stamp: Stamp { by, at } })
        })
        .collect()
}

/// Inserts a new child of case `case_id`, noted on `noted_on`; its id.
fn insert_new_child(db: &Db<'_>, case_id: i64, child: &NewChild, noted_on: NaiveDate, actor: &str) -> Result<i64> {
    Ok(db.query_row(
        "INSERT INTO children (case_id, birth_year, relation, noted_on, actor, recorded_at, name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        &[
            &case_id,
            &child.birth_year,
            &enum_id(&child.relation),
            &day_text(noted_on),
            &actor,
            &now_stamp(),
            &name_value(&child.name),
        ],
        |r| r.get(0),
    )?)
}

fn update_child(db: &Db<'_>, child_id: i64, change: &NewChild) -> Result<()> {
    db.execute(
        "UPDATE children SET birth_year = ?1, relation = ?2, name = ?3 WHERE id = ?4",
        &[&change.birth_year, &enum_id(&change.relation), &name_value(&change.name), &child_id],
    )?;
    Ok(())
}

fn write_child_ended(db: &Db<'_>, child_id: i64, end: &Reasoned, actor: &str) -> Result<()> {
    db.execute(
        "UPDATE children SET ended_on = ?1, ended_reason = ?2, ended_by = ?3, ended_at = ?4 WHERE id = ?5",
        &[&day_text(end.on), &end.reason, &actor, &now_stamp(), &child_id],
    )?;
    Ok(())
}

/// Inserts a consideration of case `case_id`'s children; its id.
fn insert_consideration(db: &Db<'_>, case_id: i64, c: &NewConsideration, actor: &str) -> Result<i64> {
    Ok(db.query_row(
        "INSERT INTO child_considerations (case_id, on_date, note, actor, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        &[&case_id, &day_text(c.on), &c.note, &actor, &now_stamp()],
        |r| r.get(0),
    )?)
}

/// The cases with their children and the dates of their latest
/// consideration and notification: a few queries for the whole list (500
/// cases at a time) rather than three for every case, for the list and
/// `due` read all of it.
fn families_on(db: &Db<'_>, cases: Vec<Case>) -> Result<Vec<FamilyCase>> {
    let ids: Vec<i64> = cases.iter().map(|c| c.id).collect();
    let mut children: HashMap<i64, Vec<Child>> = HashMap::new();
    let mut last_consideration = HashMap::new();
    let mut last_notification = HashMap::new();
    for chunk in ids.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(",");
        let params: Vec<&dyn ToValue> = chunk.iter().map(|id| id as &dyn ToValue).collect();
        for child in query_children_on(db, &format!("WHERE case_id IN ({marks}) ORDER BY id"), &params)? {
            children.entry(child.case_id).or_default().push(child);
        }
        latest_dates(
            db,
            &format!(
                "SELECT case_id, max(on_date) FROM child_considerations WHERE case_id IN ({marks}) GROUP BY case_id"
            ),
            &params,
            &mut last_consideration,
        )?;
        latest_dates(
            db,
            &format!("SELECT case_id, max(drafted_on) FROM notifications WHERE case_id IN ({marks}) GROUP BY case_id"),
            &params,
            &mut last_notification,
        )?;
    }
    Ok(cases
        .into_iter()
        .map(|case| FamilyCase {
            children: children.remove(&case.id).unwrap_or_default(),
            last_consideration: last_consideration.remove(&case.id),
            last_notification: last_notification.remove(&case.id),
            case,
        })
        .collect())
}

/// Reads `(case_id, date)` rows into `into`.
fn latest_dates(db: &Db<'_>, sql: &str, case_ids: Params<'_>, into: &mut HashMap<i64, NaiveDate>) -> Result<()> {
    let rows: Vec<(i64, Option<String>)> = db.query_map(sql, case_ids, |r| Ok((r.get(0)?, r.get(1)?)))?;
    for (case_id, text) in rows {
        if let Some(on) = parse_date(text)? {
            into.insert(case_id, on);
        }
    }
    Ok(())
}

/// One case with its children and the dates of its latest consideration
/// and notification.
fn family_of_on(db: &Db<'_>, case: Case) -> Result<FamilyCase> {
    let children = query_children_on(db, "WHERE case_id = ?1 ORDER BY id", &[&case.id])?;
    let last = |sql: &str| -> Result<Option<NaiveDate>> {
        let text: Option<String> = db.query_row(sql, &[&case.id], |r| r.get(0))?;
        parse_date(text)
    };
    let last_consideration = last("SELECT max(on_date) FROM child_considerations WHERE case_id = ?1")?;
    let last_notification = last("SELECT max(drafted_on) FROM notifications WHERE case_id = ?1")?;
    Ok(FamilyCase { case, children, last_consideration, last_notification })
}

/// The case as it stands in the transaction, refused if a colleague has
/// closed it since the form was checked (the domain's rule: a closed case
/// takes no more children, answers or considerations).
fn open_case(tx: &Db<'_>, case_id: i64) -> Result<Case> {
    let case = case_on(tx, case_id)?.ok_or(StoreError::NotFound { what: "sag", id: case_id })?;
    match &case.progress.closed {
        Some(closed) => Err(conflict(tx, Record::Case(case_id), Found::CaseClosed { on: closed.on }, None)),
        None => Ok(case),
    }
}

impl Store {
    pub(super) fn query_children(&self, condition: &str, params: Params<'_>) -> Result<Vec<Child>> {
        query_children_on(&self.db(), condition, params)
    }

    /// A case's children, ended ones included, in the order they were recorded.
    pub fn children_of(&self, case_id: i64) -> Result<Vec<Child>> {
        self.query_children("WHERE case_id = ?1 ORDER BY id", &[&case_id])
    }

    pub(crate) fn load_child(&self, id: i64) -> Result<Child> {
        child_on(&self.db(), id)
    }

    /// Every child, in id order (for export).
    pub fn all_children(&self) -> Result<Vec<Child>> {
        self.query_children("ORDER BY id", &[])
    }

    /// A case's considerations, oldest first.
    pub fn considerations_of(&self, case_id: i64) -> Result<Vec<Consideration>> {
        self.query_considerations("WHERE case_id = ?1 ORDER BY on_date, id", &[&case_id])
    }

    /// Every consideration, in id order (for export).
    pub fn all_considerations(&self) -> Result<Vec<Consideration>> {
        self.query_considerations("ORDER BY id", &[])
    }

    fn query_considerations(&self, condition: &str, params: Params<'_>) -> Result<Vec<Consideration>> {
        considerations_where(&self.db(), condition, params)
    }

    /// Records a checked child on a case on `today`. A child born (not
    /// expected) makes the case one with children, in the same transaction.
    /// The case and its children are read inside the transaction: a case a
    /// colleague closed meanwhile takes no child, and the day the centre
    /// learned of the child (`noted_on`) is the domain's answer for the case
    /// as it stands.
    pub fn add_child(&mut self, case_id: i64, child: &NewChild, today: NaiveDate) -> Result<Child> {
        let actor = self.actor().to_string();
        let id = self.write("add_child", "case", |db| {
            let case = open_case(db, case_id)?;
            let current = query_children_on(db, "WHERE case_id = ?1 AND ended_on IS NULL", &[&case_id])?;
            let noted_on = noted_on(&case, &current, child.relation, today);
            let id = insert_new_child(db, case_id, child, noted_on, &actor)?;
            set_answer(db, case_id, answer_after(&case, child.relation))?;
            Ok((id, Some(case_id), format!("barn {id}: {} {}", child.birth_year, enum_id(&child.relation))))
        })?;
        self.load_child(id)
    }

    /// Changes a child's relation or year (an expected child is born, a
    /// child moves out). The old values are kept in the audit trail. A
    /// child a colleague changed or ended since the form was `opened` is
    /// refused: the form would write over their change.
    pub fn change_child(&mut self, child_id: i64, change: &NewChild, opened: Opened) -> Result<Child> {
        self.write("change_child", "case", |db| {
            let old = child_on(db, child_id)?;
            let record = Record::Child { id: child_id, case_id: old.case_id };
            if old.ended.is_some() {
                return Err(conflict(db, record, Found::ChildEnded, Some(opened)));
            }
            unchanged_since(db, record, opened)?;
            let case = open_case(db, old.case_id)?;
            update_child(db, child_id, change)?;
            set_answer(db, old.case_id, answer_after(&case, change.relation))?;
            let detail = format!(
                "barn {child_id}: {} {} -> {} {}",
                old.birth_year,
                enum_id(&old.relation),
                change.birth_year,
                enum_id(&change.relation)
            );
            Ok(((), Some(old.case_id), detail))
        })?;
        self.load_child(child_id)
    }

    /// Ends a child's record with the date and reason; the record stays.
    pub fn end_child(&mut self, child_id: i64, end: &Reasoned) -> Result<Child> {
        let actor = self.actor().to_string();
        self.write("end_child", "case", |db| {
            let old = child_on(db, child_id)?;
            if old.ended.is_some() {
                let record = Record::Child { id: child_id, case_id: old.case_id };
                return Err(conflict(db, record, Found::ChildEnded, None));
            }
            write_child_ended(db, child_id, end, &actor)?;
            Ok(((), Some(old.case_id), format!("barn {child_id}")))
        })?;
        self.load_child(child_id)
    }

    /// The children question answered after intake (checked by the domain;
    /// a case closed meanwhile is refused).
    pub fn answer_children_question(&mut self, case_id: i64, answer: ChildrenAnswer) -> Result<Case> {
        self.write("answer_children", "case", |tx| {
            open_case(tx, case_id)?;
            set_answer(tx, case_id, Some(answer))?;
            Ok(((), Some(case_id), enum_id(&answer)))
        })?;
        self.load_case(case_id)
    }

    /// Records a checked consideration of a case's children (a case closed
    /// meanwhile is refused).
    pub fn record_consideration(&mut self, case_id: i64, c: &NewConsideration) -> Result<Consideration> {
        let actor = self.actor().to_string();
        let id = self.write("record_consideration", "case", |tx| {
            open_case(tx, case_id)?;
            let id = insert_consideration(tx, case_id, c, &actor)?;
            Ok((id, Some(case_id), format!("overvejelse {id}")))
        })?;
        self.query_considerations("WHERE id = ?1", &[&id])?
            .pop()
            .ok_or(StoreError::NotFound { what: "overvejelse", id })
    }

    /// The open cases the viewer sees that may need their children question
    /// or a consideration: those not answered "no children", and those with
    /// a current child record. Reads the partial indexes
    /// `cases_children_open` and `children_current`.
    pub fn family_cases(&self, viewer: &Viewer) -> Result<Vec<FamilyCase>> {
        let cases = match viewer.counsellor() {
            Some(who) => self.query_cases(&family_condition(true), &[&who])?,
            None => self.query_cases(&family_condition(false), &[])?,
        };
        self.families(cases.into_iter().filter_map(|c| viewer.shown(c)).collect())
    }

    /// The family cases with a line on the Underretninger board on `today`:
    /// a children question never asked, or a consideration due. The stored
    /// deadlines name them (the index `deadlines_kind`), so the board reads
    /// a few hundred cases rather than every open case with a child; the
    /// board's lines are then made from them by the rules as before. While
    /// the stored deadlines are not the rules' (a case marked, another
    /// profile), [`Store::family_cases`] is read instead.
    pub fn board_family_cases(&self, viewer: &Viewer, profile: &Profile, today: NaiveDate) -> Result<Vec<FamilyCase>> {
        if !self.deadlines_follow(profile)? {
            return self.family_cases(viewer);
        }
        let who = viewer.counsellor().unwrap_or_default();
        let today = day_text(today);
        let (question, consideration) = (DueKind::ChildrenQuestion.id(), DueKind::ChildrenConsideration.id());
        let params: [&dyn ToValue; 4] = [&who, &today, &question, &consideration];
        let cases = self.query_cases(&board_family_condition(viewer.counsellor().is_some()), &params)?;
        self.families(cases.into_iter().filter_map(|c| viewer.shown(c)).collect())
    }

    /// [`Store::family_cases`] of every case: for `due`, which says per
    /// case what the caller may see.
    pub(crate) fn all_family_cases(&self, scope: DueScope) -> Result<Vec<FamilyCase>> {
        self.families(self.query_cases(&scope.narrow(&family_condition(false), "c.id"), &[])?)
    }

    fn families(&self, cases: Vec<Case>) -> Result<Vec<FamilyCase>> {
        families_on(&self.db(), cases)
    }

    /// One case with its children and the dates of its latest consideration
    /// and notification.
    pub fn family_of(&self, case: Case) -> Result<FamilyCase> {
        family_of_on(&self.db(), case)
    }
}

/// The cases of the family list (for `query_cases`), with `?1` the
/// counsellor when `own`.
fn family_condition(own: bool) -> String {
    let own = if own { "AND c.counsellor = ?1" } else { "" };
    let (not_asked, has) = (enum_id(&ChildrenAnswer::NotAsked), enum_id(&ChildrenAnswer::HasChildren));
    format!(
        "WHERE c.id IN (
            SELECT id FROM cases WHERE closed_on IS NULL AND children IN ('{not_asked}', '{has}')
            UNION SELECT case_id FROM children WHERE ended_on IS NULL)
         AND c.closed_on IS NULL {own} ORDER BY c.id"
    )
}

/// The open cases (of `?1` when `own`) with a children question (`?3`)
/// stored, or a consideration (`?4`) stored as due by `?2` and holding on
/// that day.
fn board_family_condition(own: bool) -> String {
    let own = if own { "AND c.counsellor = ?1" } else { "" };
    format!(
        "WHERE c.id IN (
            SELECT case_id FROM deadlines WHERE kind = ?3
            UNION SELECT case_id FROM deadlines WHERE kind = ?4 AND due <= ?2
                AND (valid_from IS NULL OR valid_from <= ?2) AND (valid_until IS NULL OR valid_until > ?2))
         AND c.closed_on IS NULL {own} ORDER BY c.id"
    )
}

/// The queries this module runs, for the test that checks their plans.
#[cfg(test)]
pub(crate) fn queries() -> Vec<String> {
    let cases =
        |condition: String| format!("SELECT c.id FROM cases c JOIN citizens p ON p.id = c.citizen_id {condition}");
    vec![
        cases(family_condition(false)),
        cases(family_condition(true)),
        cases(board_family_condition(false)),
        cases(board_family_condition(true)),
        format!("SELECT {CHILD_COLUMNS} FROM children WHERE case_id = ?1 ORDER BY id"),
        "SELECT id, on_date FROM child_considerations WHERE case_id = ?1 ORDER BY on_date, id".into(),
        "SELECT max(on_date) FROM child_considerations WHERE case_id = ?1".into(),
        "SELECT max(drafted_on) FROM notifications WHERE case_id = ?1".into(),
        // The family list's bulk reads, with two ids standing for a chunk.
        format!("SELECT {CHILD_COLUMNS} FROM children WHERE case_id IN (?1, ?2) ORDER BY id"),
        "SELECT case_id, max(on_date) FROM child_considerations WHERE case_id IN (?1, ?2) GROUP BY case_id".into(),
        "SELECT case_id, max(drafted_on) FROM notifications WHERE case_id IN (?1, ?2) GROUP BY case_id".into(),
    ]
}

/// Inserts a child as read from a file, ids kept.
pub(crate) fn insert_child(db: &Db<'_>, c: &Child) -> Result<()> {
    let e = c.ended.as_ref();
    db.execute(
        "INSERT INTO children (id, case_id, birth_year, relation, noted_on, ended_on, ended_reason, ended_by,
            ended_at, actor, recorded_at, name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        &[
            &c.id,
            &c.case_id,
            &c.birth_year,
            &enum_id(&c.relation),
            &day_text(c.noted_on),
            &e.map(|e| day_text(e.on)),
            &e.map(|e| &e.reason),
            &e.map(|e| &e.stamp.by),
            &e.map(|e| &e.stamp.at),
            &c.stamp.by,
            &c.stamp.at,
            &name_value(&c.name),
        ],
    )?;
    Ok(())
}

/// A child's name as stored: NULL when none was given.
fn name_value(name: &str) -> Option<&str> {
    (!name.is_empty()).then_some(name)
}

fn set_answer(db: &Db<'_>, case_id: i64, answer: Option<ChildrenAnswer>) -> Result<()> {
    if let Some(answer) = answer {
        db.execute("UPDATE cases SET children = ?1 WHERE id = ?2", &[&enum_id(&answer), &case_id])?;
    }
    Ok(())
}

#[cfg(test)]
mod day_text_tests {
    use super::*;

    #[test]
    fn a_day_is_written_as_chrono_writes_it() {
        let days = [(2026, 3, 17), (2024, 2, 29), (999, 12, 31), (0, 1, 1), (9999, 12, 31), (10_000, 1, 1), (-1, 6, 5)];
        for (y, m, d) in days {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(day_text(day), day.format(DATE).to_string(), "{y}-{m}-{d}");
        }
    }
}

/// The family's statements on both engines.
#[cfg(test)]
mod on_engines {
    use super::*;
    use crate::domain::intake::test_support::date;
    use crate::domain::notification::ChildRelation;
    use crate::store::cases::query_cases_on;
    use crate::store::engine::both::{Place, a_case, on_both_engines};

    on_both_engines!(
        a_child_is_added_changed_and_ended_alike,
        a_child_from_a_file_keeps_its_number_once,
        considerations_and_the_latest_dates_read_alike,
        the_family_list_reads_its_cases,
    );

    fn child(relation: ChildRelation, birth_year: i32, name: &str) -> NewChild {
        NewChild { relation, birth_year, name: name.into(), answer_after: None }
    }

    fn a_child_is_added_changed_and_ended_alike(place: &Place) {
        let db = place.open();
        let case = a_case(&db, "anna");
        let first =
            insert_new_child(&db, case, &child(ChildRelation::LivesAtHome, 2015, "Åse"), date("2026-03-03"), "anna")
                .unwrap();
        let second =
            insert_new_child(&db, case, &child(ChildRelation::ExpectedByCitizen, 2026, ""), date("2026-03-04"), "bo")
                .unwrap();
        let read = child_on(&db, first).unwrap();
        assert_eq!(
            (read.case_id, read.birth_year, read.relation, read.name.as_str(), read.noted_on, read.stamp.by.as_str()),
            (case, 2015, ChildRelation::LivesAtHome, "Åse", date("2026-03-03"), "anna")
        );
        assert!(read.ended.is_none() && read.stamp.at.starts_with("20"), "{read:?}");
        assert_eq!(child_on(&db, second).unwrap().name, "", "no name is stored as none");

        update_child(&db, second, &child(ChildRelation::LivesAtHome, 2026, "Bo")).unwrap();
        let born = child_on(&db, second).unwrap();
        assert_eq!((born.relation, born.name.as_str()), (ChildRelation::LivesAtHome, "Bo"));
        write_child_ended(&db, first, &Reasoned { on: date("2026-03-10"), reason: "Flyttet".into() }, "cai").unwrap();
        let ended = child_on(&db, first).unwrap().ended.expect("the child's record is ended");
        assert_eq!((ended.on, ended.reason.as_str(), ended.stamp.by.as_str()), (date("2026-03-10"), "Flyttet", "cai"));
        let current = query_children_on(&db, "WHERE case_id = ?1 AND ended_on IS NULL", &[&case]).unwrap();
        assert_eq!(current.iter().map(|c| c.id).collect::<Vec<_>>(), [second]);
        let all = query_children_on(&db, "WHERE case_id = ?1 ORDER BY id", &[&case]).unwrap();
        assert_eq!(all.iter().map(|c| c.id).collect::<Vec<_>>(), [first, second]);
        assert!(matches!(child_on(&db, second + 100), Err(StoreError::NotFound { .. })));

        set_answer(&db, case, Some(ChildrenAnswer::HasChildren)).unwrap();
        set_answer(&db, case, None).unwrap();
        let answered = query_cases_on(&db, "WHERE c.id = ?1", &[&case]).unwrap();
        assert_eq!(answered[0].children, ChildrenAnswer::HasChildren, "no answer leaves the one stored");
    }

    fn a_child_from_a_file_keeps_its_number_once(place: &Place) {
        let db = place.open();
        let case = a_case(&db, "anna");
        let ended = Ended {
            on: date("2026-02-01"),
            reason: "Fyldt 18".into(),
            stamp: Stamp { by: "bo".into(), at: "2026-02-01T09:00:00".into() },
        };
        let from_file = Child {
            id: 700,
            case_id: case,
            name: "Ida".into(),
            birth_year: 2008,
            relation: ChildRelation::ContactChild,
            noted_on: date("2025-06-01"),
            ended: Some(ended),
            stamp: Stamp { by: "anna".into(), at: "2025-06-01T09:00:00".into() },
        };
        insert_child(&db, &from_file).unwrap();
        assert_eq!(child_on(&db, 700).unwrap(), from_file);
        assert!(insert_child(&db, &from_file).is_err(), "a child's number is one child's");
    }

    fn considerations_and_the_latest_dates_read_alike(place: &Place) {
        let db = place.open();
        let (case, other) = (a_case(&db, "anna"), a_case(&db, "anna"));
        let consider = |case_id, on: &str, note: &str| {
            insert_consideration(&db, case_id, &NewConsideration { on: date(on), note: note.into() }, "anna").unwrap()
        };
        let late = consider(case, "2026-03-12", "Anden");
        let early = consider(case, "2026-03-05", "Første");
        let read = considerations_where(&db, "WHERE case_id = ?1 ORDER BY on_date, id", &[&case]).unwrap();
        let seen: Vec<_> = read.iter().map(|c| (c.id, c.on, c.note.as_str(), c.stamp.by.as_str())).collect();
        assert_eq!(seen, [(early, date("2026-03-05"), "Første", "anna"), (late, date("2026-03-12"), "Anden", "anna")]);
        let kid =
            insert_new_child(&db, other, &child(ChildRelation::SharedCustody, 2019, ""), date("2026-03-06"), "anna")
                .unwrap();

        let cases = query_cases_on(&db, "WHERE c.id IN (?1, ?2) ORDER BY c.id", &[&case, &other]).unwrap();
        let families = families_on(&db, cases.clone()).unwrap();
        let seen: Vec<_> = families
            .iter()
            .map(|f| {
                (
                    f.case.id,
                    f.children.iter().map(|c| c.id).collect::<Vec<_>>(),
                    f.last_consideration,
                    f.last_notification,
                )
            })
            .collect();
        assert_eq!(seen, [(case, vec![], Some(date("2026-03-12")), None), (other, vec![kid], None, None)]);
        for (family, case) in families.into_iter().zip(cases) {
            assert_eq!(family_of_on(&db, case).unwrap(), family, "one case read as the list reads it");
        }
    }

    fn the_family_list_reads_its_cases(place: &Place) {
        let db = place.open();
        let case_with = |counsellor, answer: ChildrenAnswer| {
            let id = a_case(&db, counsellor);
            set_answer(&db, id, Some(answer)).unwrap();
            id
        };
        let not_asked = case_with("anna", ChildrenAnswer::NotAsked);
        let has = case_with("bo", ChildrenAnswer::HasChildren);
        let none = case_with("anna", ChildrenAnswer::NoChildren);
        let none_but_child = case_with("anna", ChildrenAnswer::NoChildren);
        insert_new_child(&db, none_but_child, &child(ChildRelation::LivesAtHome, 2020, ""), date("2026-03-03"), "anna")
            .unwrap();
        let closed = case_with("anna", ChildrenAnswer::HasChildren);
        db.execute("UPDATE cases SET closed_on = '2026-03-09', closed_reason = 'Slut' WHERE id = ?1", &[&closed])
            .unwrap();
        let listed = |own: bool, params: Params<'_>| -> Vec<i64> {
            query_cases_on(&db, &family_condition(own), params).unwrap().iter().map(|c| c.id).collect()
        };
        assert_eq!(listed(false, &[]), [not_asked, has, none_but_child]);
        assert_eq!(listed(true, &[&"anna"]), [not_asked, none_but_child]);
        assert!(!listed(false, &[]).contains(&none));
    }
}
