//! Complaints about decisions: registering one, its steps (re-assessment,
//! forwarding to Ankestyrelsen, Ankestyrelsen's result), and the lists the
//! Klager screen, `due`, a case's life and the yearly report read. Each
//! action is one audited transaction that checks the rule again against
//! the complaint as it stands in it.

use chrono::NaiveDate;

use super::access::{Viewer, is_anonymous};
use super::cases::{case_on, enum_id, parse_date, parse_enum};
use super::children::{day, day_text};
use super::conflict::{Found, Opened, Record, conflict, unchanged_since};
use super::deadlines::DueScope;
use super::engine::{Db, Params, Row};
use super::{Result, Store, StoreError, now_stamp};
use crate::domain::complaint::{
    Complaint, ComplaintProblem, Decision, Forwarded, NewComplaint, Reassessed, Resulted, Stamp, Step, apply_step,
    check_step, forwarding_deadline,
};
use crate::domain::intake::Case;

const COLUMNS: &str = "id, case_id, decision, decided_on, told_on, received_on, how, helper,
    registered_by, registered_at,
    reassessed_on, reassessment, reassessed_by, reassessed_at,
    forwarded_on, late_reason, forwarded_by, forwarded_at,
    result_on, result, result_by, result_at";

/// The open complaints' condition, word for word the partial index
/// `complaints_open`'s, so SQLite reads that index.
const OPEN: &str = "result_on IS NULL AND (reassessment IS NULL OR reassessment = 'upheld')";

type Text = Option<String>;

/// A row as stored, turned into the domain's type outside the row callback
/// so that a bad value becomes a clear error.
struct Raw {
    id: i64,
    case_id: i64,
    decision: String,
    decided_on: String,
    told_on: String,
    received_on: String,
    how: String,
    helper: String,
    registered: (String, String),
    reassessed: (Text, Text, Text, Text),
    forwarded: (Text, Text, Text, Text),
    result: (Text, Text, Text, Text),
}

fn read(r: &Row<'_>) -> super::engine::Result<Raw> {
    Ok(Raw {
        id: r.get(0)?,
        case_id: r.get(1)?,
        decision: r.get(2)?,
        decided_on: r.get(3)?,
        told_on: r.get(4)?,
        received_on: r.get(5)?,
        how: r.get(6)?,
        helper: r.get(7)?,
        registered: (r.get(8)?, r.get(9)?),
        reassessed: (r.get(10)?, r.get(11)?, r.get(12)?, r.get(13)?),
        forwarded: (r.get(14)?, r.get(15)?, r.get(16)?, r.get(17)?),
        result: (r.get(18)?, r.get(19)?, r.get(20)?, r.get(21)?),
    })
}

fn stamp(by: Text, at: Text) -> Stamp {
    Stamp { by: by.unwrap_or_default(), at: at.unwrap_or_default() }
}

fn to_complaint(raw: Raw) -> Result<Complaint> {
    let id = raw.id;
    let corrupt = |what: &str| StoreError::Corrupt(format!("klage {id}: {what}"));
    let (on, outcome, by, at) = raw.reassessed;
    let reassessed = match (parse_date(on)?, outcome) {
        (None, None) => None,
        (Some(on), Some(outcome)) => Some(Reassessed { on, outcome: parse_enum(&outcome)?, stamp: stamp(by, at) }),
        _ => return Err(corrupt("genvurdering")),
    };
    let (on, late_reason, by, at) = raw.forwarded;
    let forwarded = parse_date(on)?.map(|on| Forwarded { on, late_reason, stamp: stamp(by, at) });
    let (on, result, by, at) = raw.result;
    let result = match (parse_date(on)?, result) {
        (None, None) => None,
        (Some(on), Some(result)) => Some(Resulted { on, result: parse_enum(&result)?, stamp: stamp(by, at) }),
        _ => return Err(corrupt("afgørelse")),
    };
    Ok(Complaint {
        id,
        case_id: raw.case_id,
        decision: Decision { what: raw.decision, decided_on: day(raw.decided_on)?, told_on: day(raw.told_on)? },
        received_on: day(raw.received_on)?,
        how: parse_enum(&raw.how)?,
        helper: raw.helper,
        registered: Stamp { by: raw.registered.0, at: raw.registered.1 },
        reassessed,
        forwarded,
        result,
    })
}

pub(super) fn query_on(db: &Db<'_>, tail: &str, params: Params<'_>) -> Result<Vec<Complaint>> {
    let sql = format!("SELECT {COLUMNS} FROM complaints {tail}");
    db.query_map(&sql, params, read)?.into_iter().map(to_complaint).collect()
}

/// Complaints received from `from` to `to`, both included (the report).
pub(super) fn complaints_received_on(db: &Db<'_>, from: NaiveDate, to: NaiveDate) -> Result<Vec<Complaint>> {
    query_on(db, "WHERE received_on BETWEEN ?1 AND ?2 ORDER BY received_on, id", &[&day_text(from), &day_text(to)])
}

fn complaint_on(db: &Db<'_>, id: i64) -> Result<Complaint> {
    query_on(db, "WHERE id = ?1", &[&id])?.pop().ok_or(StoreError::NotFound { what: "klage", id })
}

impl Store {
    pub fn complaint(&self, id: i64) -> Result<Complaint> {
        complaint_on(&self.db(), id)
    }

    /// Every complaint of a case over its whole life, oldest first (for
    /// the case's life and the Klager screen's detail).
    pub fn complaints_of_case(&self, case_id: i64) -> Result<Vec<Complaint>> {
        query_on(&self.db(), "WHERE case_id = ?1 ORDER BY received_on, id", &[&case_id])
    }

    /// Every complaint, in id order (for export).
    pub fn all_complaints(&self) -> Result<Vec<Complaint>> {
        query_on(&self.db(), "ORDER BY id", &[])
    }

    /// The open complaints of the whole centre (neither changed by the
    /// centre nor decided by Ankestyrelsen), by forwarding deadline, each
    /// with its case: `due` says per case what the caller may see.
    pub(crate) fn open_complaints_of_centre(&self) -> Result<Vec<(Case, Complaint)>> {
        self.open_complaints_in(DueScope::Centre)
    }

    /// The open complaints of the cases in `scope`, each with its case.
    pub(crate) fn open_complaints_in(&self, scope: DueScope) -> Result<Vec<(Case, Complaint)>> {
        let condition = format!("WHERE {OPEN} ORDER BY forward_by, id");
        let list = query_on(&self.db(), &scope.narrow(&condition, "case_id"), &[])?;
        // Their cases in a few batched queries, not one a complaint.
        let cases = self.case_map(list.iter().map(|c| c.case_id))?;
        Ok(list.into_iter().map(|c| (cases[&c.case_id].clone(), c)).collect())
    }

    /// The open complaints the viewer sees, each with its case as their
    /// list may show it.
    pub fn open_complaints(&self, viewer: &Viewer) -> Result<Vec<(Case, Complaint)>> {
        let list = self.open_complaints_of_centre()?;
        Ok(list.into_iter().filter_map(|(case, c)| Some((viewer.shown(case)?, c))).collect())
    }

    /// Opens one complaint to look at it: recorded in the audit trail.
    pub fn view_complaint(&mut self, id: i64) -> Result<Complaint> {
        let c = self.complaint(id)?;
        self.record_read("view", "complaint", Some(id), "")?;
        Ok(c)
    }

    /// Registers a checked complaint on a case, who and when with it. A
    /// §101a case is refused again here, as it stands in the transaction.
    pub fn register_complaint(&mut self, case_id: i64, new: &NewComplaint) -> Result<Complaint> {
        let registered = Stamp { by: self.actor().to_string(), at: now_stamp() };
        let c = Complaint {
            id: 0,
            case_id,
            decision: new.decision.clone(),
            received_on: new.received_on,
            how: new.how,
            helper: new.helper.clone(),
            registered,
            reassessed: None,
            forwarded: None,
            result: None,
        };
        let id = self.write("register_complaint", "complaint", |tx| {
            let case = case_on(tx, case_id)?.ok_or(StoreError::NotFound { what: "sag", id: case_id })?;
            if is_anonymous(&case) {
                return Err(StoreError::Complaint(ComplaintProblem::Anonymous));
            }
            let id = insert_complaint(tx, &c)?;
            Ok((id, Some(id), String::new()))
        })?;
        self.complaint(id)
    }

    /// Records a checked step, with who and when. The step is checked again
    /// against the complaint as stored now, and refused when a colleague
    /// changed the complaint since the form was `opened`.
    pub fn record_complaint_step(&mut self, id: i64, step: &Step, weeks: u32, opened: Opened) -> Result<Complaint> {
        let stamp = Stamp { by: self.actor().to_string(), at: now_stamp() };
        let kind = step.kind().id().to_string();
        self.write("complaint_step", "complaint", |tx| {
            let mut c = complaint_on(tx, id)?;
            if let Err(problem) = check_step(&c, step, weeks) {
                return Err(conflict(tx, Record::Complaint(id), Found::ComplaintStep(problem), Some(opened)));
            }
            unchanged_since(tx, Record::Complaint(id), opened)?;
            apply_step(&mut c, step, stamp);
            write_steps(tx, &c)?;
            Ok(((), Some(id), kind))
        })?;
        self.complaint(id)
    }
}

/// Inserts a complaint and then its steps (an id of 0 takes the next free
/// number, left to the engine): the import writes a whole one this way.
pub(crate) fn insert_complaint(db: &Db<'_>, c: &Complaint) -> Result<i64> {
    let values = (
        day_text(c.decision.decided_on),
        day_text(c.decision.told_on),
        day_text(c.received_on),
        day_text(forwarding_deadline(c.received_on)),
        enum_id(&c.how),
    );
    let (decided_on, told_on, received_on, forward_by, how) = &values;
    let params: [&dyn super::engine::ToValue; 11] = [
        &c.case_id,
        &c.decision.what,
        decided_on,
        told_on,
        received_on,
        forward_by,
        how,
        &c.helper,
        &c.registered.by,
        &c.registered.at,
        &c.id,
    ];
    let columns =
        "case_id, decision, decided_on, told_on, received_on, forward_by, how, helper, registered_by, registered_at";
    let values = "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10";
    let id: i64 = if c.id != 0 {
        db.query_row(
            &format!("INSERT INTO complaints ({columns}, id) VALUES ({values}, ?11) RETURNING id"),
            &params,
            |r| r.get(0),
        )?
    } else {
        db.query_row(
            &format!("INSERT INTO complaints ({columns}) VALUES ({values}) RETURNING id"),
            &params[..10],
            |r| r.get(0),
        )?
    };
    write_steps(db, &Complaint { id, ..c.clone() })?;
    Ok(id)
}

/// Writes the step columns (nothing for a complaint without a step).
fn write_steps(db: &Db<'_>, c: &Complaint) -> Result<()> {
    if c.reassessed.is_none() && c.forwarded.is_none() && c.result.is_none() {
        return Ok(());
    }
    let (r, f, x) = (c.reassessed.as_ref(), c.forwarded.as_ref(), c.result.as_ref());
    db.execute(
        "UPDATE complaints SET
            reassessed_on = ?1, reassessment = ?2, reassessed_by = ?3, reassessed_at = ?4,
            forwarded_on = ?5, late_reason = ?6, forwarded_by = ?7, forwarded_at = ?8,
            result_on = ?9, result = ?10, result_by = ?11, result_at = ?12
         WHERE id = ?13",
        &[
            &r.map(|r| day_text(r.on)),
            &r.map(|r| enum_id(&r.outcome)),
            &r.map(|r| &r.stamp.by),
            &r.map(|r| &r.stamp.at),
            &f.map(|f| day_text(f.on)),
            &f.and_then(|f| f.late_reason.as_ref()),
            &f.map(|f| &f.stamp.by),
            &f.map(|f| &f.stamp.at),
            &x.map(|x| day_text(x.on)),
            &x.map(|x| enum_id(&x.result)),
            &x.map(|x| &x.stamp.by),
            &x.map(|x| &x.stamp.at),
            &c.id,
        ],
    )?;
    Ok(())
}

/// The family's statements on both engines.
#[cfg(test)]
mod on_engines {
    use super::*;
    use crate::domain::complaint::{AppealResult, ComplaintHow, Reassessment};
    use crate::store::engine::both::{Place, a_case, on_both_engines, plan, whole_table_reads};

    on_both_engines!(
        a_complaint_and_its_steps_read_back_as_written,
        the_lists_filter_and_order_alike,
        every_list_but_the_exports_reads_an_index
    );

    fn every_list_but_the_exports_reads_an_index(place: &Place) {
        let db = place.open();
        let day = day_text(on(3, 1));
        let queries: [(String, Vec<&dyn crate::store::engine::ToValue>); 4] = [
            (format!("SELECT {COLUMNS} FROM complaints WHERE id = ?1"), vec![&1i64]),
            (format!("SELECT {COLUMNS} FROM complaints WHERE case_id = ?1 ORDER BY received_on, id"), vec![&1i64]),
            (
                format!(
                    "SELECT {COLUMNS} FROM complaints WHERE received_on BETWEEN ?1 AND ?2 ORDER BY received_on, id"
                ),
                vec![&day, &day],
            ),
            (format!("SELECT {COLUMNS} FROM complaints WHERE {OPEN} ORDER BY forward_by, id"), vec![]),
        ];
        for (sql, params) in &queries {
            let steps = plan(&db, sql, params);
            assert!(whole_table_reads(&steps).is_empty(), "{sql}\nreads a whole table: {steps:?}");
            if sql.contains("forward_by") {
                assert!(steps.iter().any(|s| s.contains("complaints_open")), "{steps:?}");
            }
        }
    }

    fn on(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).unwrap()
    }

    fn stamp(by: &str) -> Stamp {
        Stamp { by: by.into(), at: "2026-03-20T10:00:00Z".into() }
    }

    fn received(case_id: i64, id: i64, received_on: NaiveDate) -> Complaint {
        Complaint {
            id,
            case_id,
            decision: Decision {
                what: "afslag på døgnbehandling 'nu'".into(),
                decided_on: on(3, 2),
                told_on: on(3, 3),
            },
            received_on,
            how: ComplaintHow::Oral,
            helper: "Bo Bisidder".into(),
            registered: stamp("anna"),
            reassessed: None,
            forwarded: None,
            result: None,
        }
    }

    fn a_complaint_and_its_steps_read_back_as_written(place: &Place) {
        let db = place.open();
        let case = a_case(&db, "anna");
        // A new complaint takes the engine's next id; one from a file keeps its own.
        let new = insert_complaint(&db, &received(case, 0, on(3, 10))).unwrap();
        let mut whole = received(case, 70, on(3, 12));
        whole.reassessed = Some(Reassessed { on: on(3, 13), outcome: Reassessment::Upheld, stamp: stamp("bo") });
        whole.forwarded = Some(Forwarded { on: on(3, 14), late_reason: Some("sygdom".into()), stamp: stamp("bo") });
        whole.result = Some(Resulted { on: on(5, 1), result: AppealResult::Returned, stamp: stamp("cai") });
        assert_eq!(insert_complaint(&db, &whole).unwrap(), 70);
        assert_eq!(complaint_on(&db, 70).unwrap(), whole, "every column round-trips");
        assert_eq!(complaint_on(&db, new).unwrap(), received(case, new, on(3, 10)));
        assert!(matches!(complaint_on(&db, 71), Err(StoreError::NotFound { id: 71, .. })));
        assert!(insert_complaint(&db, &whole).is_err(), "an id is written once");
        let forward_by: String =
            db.query_row("SELECT forward_by FROM complaints WHERE id = ?1", &[&new], |r| r.get(0)).unwrap();
        assert_eq!(forward_by, day_text(forwarding_deadline(on(3, 10))));
    }

    fn the_lists_filter_and_order_alike(place: &Place) {
        let db = place.open();
        let (first, second) = (a_case(&db, "anna"), a_case(&db, "bo"));
        let open = insert_complaint(&db, &received(first, 0, on(3, 20))).unwrap();
        let earlier = insert_complaint(&db, &received(first, 0, on(3, 5))).unwrap();
        let mut changed = received(second, 0, on(3, 10));
        changed.reassessed = Some(Reassessed { on: on(3, 11), outcome: Reassessment::Changed, stamp: stamp("bo") });
        let changed = insert_complaint(&db, &changed).unwrap();
        let ids = |list: Vec<Complaint>| list.into_iter().map(|c| c.id).collect::<Vec<_>>();
        let of_first = query_on(&db, "WHERE case_id = ?1 ORDER BY received_on, id", &[&first]).unwrap();
        assert_eq!(ids(of_first), [earlier, open]);
        let in_march = query_on(
            &db,
            "WHERE received_on BETWEEN ?1 AND ?2 ORDER BY received_on, id",
            &[&day_text(on(3, 6)), &day_text(on(3, 31))],
        )
        .unwrap();
        assert_eq!(ids(in_march), [changed, open]);
        let still_open = query_on(&db, &format!("WHERE {OPEN} ORDER BY forward_by, id"), &[]).unwrap();
        assert_eq!(ids(still_open), [earlier, open], "one the centre changed is no longer open");
    }
}
