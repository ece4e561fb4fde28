//! Underretninger: drafts, their steps, later information, and the lists
//! the pane and `due` read. Nothing here deletes; a sent notification is
//! only ever read (the file's triggers refuse the rest too).

use std::collections::HashMap;

use super::access::Viewer;
use super::cases::{enum_id, parse_date, parse_enum};
use super::children::{day, day_text};
use super::conflict::{Found, Opened, Record, conflict, unchanged_since};
use super::deadlines::DueScope;
use super::engine::{Db, Params, Row, ToValue};
use super::{Result, Store, StoreError, now_stamp};
use crate::domain::intake::Case;
use crate::domain::notification::{
    Content, Dated, Ended, Informed, Informing, LaterInfo, NewDraft, Notification, Sending, Stamp, Transition,
    apply_transition, check_transition,
};
use chrono::NaiveDate;

const COLUMNS: &str = "n.id, n.case_id, n.corrects, n.duty, n.municipality, n.description,
    n.drafted_on, n.drafted_by, n.drafted_at,
    n.informed_on, n.informed_how, n.not_informed_reason, n.informed_by, n.informed_at,
    n.sent_on, n.sent_how, n.sent_by, n.sent_at,
    n.receipt_on, n.receipt_by, n.receipt_at,
    n.discarded_on, n.discarded_reason, n.discarded_by, n.discarded_at";

/// A notification row as stored, turned into the domain's type outside the
/// row callback so that a bad value becomes a clear error.
struct Raw {
    id: i64,
    case_id: i64,
    corrects: Option<i64>,
    duty: String,
    municipality: String,
    description: String,
    drafted: (String, String, String),
    /// on, how, reason not told, by, at.
    informed: (Text, Text, Text, Text, Text),
    /// on, how, by, at.
    sent: (Text, Text, Text, Text),
    /// on, by, at.
    receipt: (Text, Text, Text),
    /// on, reason, by, at.
    discarded: (Text, Text, Text, Text),
}

/// A column that may be NULL.
type Text = Option<String>;

fn read(r: &Row<'_>) -> super::engine::Result<Raw> {
    Ok(Raw {
        id: r.get(0)?,
        case_id: r.get(1)?,
        corrects: r.get(2)?,
        duty: r.get(3)?,
        municipality: r.get(4)?,
        description: r.get(5)?,
        drafted: (r.get(6)?, r.get(7)?, r.get(8)?),
        informed: (r.get(9)?, r.get(10)?, r.get(11)?, r.get(12)?, r.get(13)?),
        sent: (r.get(14)?, r.get(15)?, r.get(16)?, r.get(17)?),
        receipt: (r.get(18)?, r.get(19)?, r.get(20)?),
        discarded: (r.get(21)?, r.get(22)?, r.get(23)?, r.get(24)?),
    })
}

fn stamp(by: Option<String>, at: Option<String>) -> Stamp {
    Stamp { by: by.unwrap_or_default(), at: at.unwrap_or_default() }
}

fn to_notification(raw: Raw, parts: &mut HashMap<i64, Parts>) -> Result<Notification> {
    let id = raw.id;
    let (on, by, at) = raw.drafted;
    let drafted = Dated { on: day(on)?, stamp: Stamp { by, at } };
    let (on, how, reason, by, at) = raw.informed;
    let informed = match (parse_date(on)?, how, reason) {
        (None, _, _) => None,
        (Some(on), Some(how), None) => {
            Some(Informing { on, informed: Informed::Told { how: parse_enum(&how)? }, stamp: stamp(by, at) })
        }
        (Some(on), None, Some(reason)) => {
            Some(Informing { on, informed: Informed::NotTold { reason }, stamp: stamp(by, at) })
        }
        _ => return Err(StoreError::Corrupt(format!("underretning {id}: orientering"))),
    };
    let (on, how, by, at) = raw.sent;
    let sent = match (parse_date(on)?, how) {
        (None, _) => None,
        (Some(on), Some(how)) => Some(Sending { on, how: parse_enum(&how)?, stamp: stamp(by, at) }),
        (Some(_), None) => return Err(StoreError::Corrupt(format!("underretning {id}: afsendelse"))),
    };
    let (on, by, at) = raw.receipt;
    let receipt = parse_date(on)?.map(|on| Dated { on, stamp: stamp(by, at) });
    let (on, reason, by, at) = raw.discarded;
    let discarded = parse_date(on)?.map(|on| Ended { on, reason: reason.unwrap_or_default(), stamp: stamp(by, at) });

    let parts = parts.remove(&id).unwrap_or_default();
    let mut grounds = parts.grounds.iter().map(|g| parse_enum(g)).collect::<Result<Vec<_>>>()?;
    grounds.sort();
    let children = parts.children;
    let later = parts
        .later
        .into_iter()
        .map(|(id, on, text, by, at)| Ok(LaterInfo { id, on: day(on)?, text, stamp: Stamp { by, at } }))
        .collect::<Result<Vec<_>>>()?;
    Ok(Notification {
        id,
        case_id: raw.case_id,
        corrects: raw.corrects,
        content: Content {
            duty: parse_enum(&raw.duty)?,
            grounds,
            children,
            municipality: raw.municipality,
            description: raw.description,
        },
        drafted,
        informed,
        sent,
        receipt,
        discarded,
        later,
    })
}

pub(super) fn query_notifications_on(db: &Db<'_>, tail: &str, params: Params<'_>) -> Result<Vec<Notification>> {
    let sql = format!("SELECT {COLUMNS} FROM notifications n {tail}");
    let rows = db.query_map(&sql, params, read)?;
    let mut parts = parts_of(db, &rows.iter().map(|r| r.id).collect::<Vec<_>>())?;
    rows.into_iter().map(|raw| to_notification(raw, &mut parts)).collect()
}

/// A notification's grounds, children and later information as stored.
#[derive(Default)]
struct Parts {
    grounds: Vec<String>,
    children: Vec<i64>,
    later: Vec<(i64, String, String, String, String)>,
}

/// The parts of the notifications `ids`: three queries a batch of
/// notifications (each on its table's key), never three a notification.
fn parts_of(db: &Db<'_>, ids: &[i64]) -> Result<HashMap<i64, Parts>> {
    let mut parts: HashMap<i64, Parts> = HashMap::new();
    for chunk in ids.chunks(super::BULK) {
        let marks = vec!["?"; chunk.len()].join(",");
        let params: Vec<&dyn ToValue> = chunk.iter().map(|id| id as &dyn ToValue).collect();
        db.query_each(
            &format!(
                "SELECT notification_id, ground FROM notification_grounds WHERE notification_id IN ({marks})
                 ORDER BY notification_id, ground"
            ),
            &params,
            |r| {
                let (id, ground): (i64, String) = r.columns()?;
                parts.entry(id).or_default().grounds.push(ground);
                Ok(())
            },
        )?;
        db.query_each(
            &format!(
                "SELECT notification_id, child_id FROM notification_children WHERE notification_id IN ({marks})
                 ORDER BY notification_id, child_id"
            ),
            &params,
            |r| {
                let (id, child): (i64, i64) = r.columns()?;
                parts.entry(id).or_default().children.push(child);
                Ok(())
            },
        )?;
        db.query_each(
            &format!(
                "SELECT notification_id, id, on_date, text, actor, recorded_at FROM notification_updates
                 WHERE notification_id IN ({marks}) ORDER BY notification_id, id"
            ),
            &params,
            |r| {
                let (id, later_id, on, text, by, at) = r.columns()?;
                parts.entry(id).or_default().later.push((later_id, on, text, by, at));
                Ok(())
            },
        )?;
    }
    Ok(parts)
}

/// One notification, read on any connection (a transaction too), so a
/// write can check it as it stands inside its own transaction.
fn notification_on(db: &Db<'_>, id: i64) -> Result<Notification> {
    query_notifications_on(db, "WHERE n.id = ?1", &[&id])?
        .pop()
        .ok_or(StoreError::NotFound { what: "underretning", id })
}

impl Store {
    pub(super) fn query_notifications(&self, tail: &str, params: Params<'_>) -> Result<Vec<Notification>> {
        query_notifications_on(&self.db(), tail, params)
    }

    pub fn notification(&self, id: i64) -> Result<Notification> {
        notification_on(&self.db(), id)
    }

    /// Opens one notification to look at it: recorded in the audit trail.
    pub fn view_notification(&mut self, id: i64) -> Result<Notification> {
        let n = self.notification(id)?;
        self.record_read("view", "notification", Some(id), "")?;
        Ok(n)
    }

    /// A case's notifications, oldest first.
    pub fn notifications_of_case(&self, case_id: i64) -> Result<Vec<Notification>> {
        self.query_notifications("WHERE n.case_id = ?1 ORDER BY n.drafted_on, n.id", &[&case_id])
    }

    /// Every notification, in id order (for export).
    pub fn all_notifications(&self) -> Result<Vec<Notification>> {
        self.query_notifications("ORDER BY n.id", &[])
    }

    /// The notifications that correct `id`.
    pub fn corrections_of(&self, id: i64) -> Result<Vec<i64>> {
        corrections_on(&self.db(), id)
    }

    /// The notifications the viewer sees, each with its case: those still
    /// waiting for something (the partial index `notifications_open`), or
    /// with `finished` every one.
    pub fn board_notifications(&self, viewer: &Viewer, finished: bool) -> Result<Vec<(Case, Notification)>> {
        let list = self.board_notifications_of(viewer.counsellor(), finished)?;
        Ok(list.into_iter().filter_map(|(case, n)| Some((viewer.shown(case)?, n))).collect())
    }

    /// The board's notifications of `counsellor`'s cases, or of every case
    /// (the caller says per case what the viewer may see).
    pub(crate) fn board_notifications_of(
        &self,
        counsellor: Option<&str>,
        finished: bool,
    ) -> Result<Vec<(Case, Notification)>> {
        let list = match counsellor {
            Some(who) => self.query_notifications(&board_tail(true, finished), &[&who])?,
            None => self.query_notifications(&board_tail(false, finished), &[])?,
        };
        self.with_their_cases(list)
    }

    /// The open notifications of the cases in `scope`, each with its case:
    /// `due`'s material ([`Store::board_notifications_of`] of every case
    /// when the scope is the centre).
    pub(crate) fn due_notifications(&self, scope: DueScope) -> Result<Vec<(Case, Notification)>> {
        let list = self.query_notifications(&scope.narrow(&board_tail(false, false), "n.case_id"), &[])?;
        self.with_their_cases(list)
    }

    /// Each notification with its case: the cases in a few batched
    /// queries, not one a notification.
    fn with_their_cases(&self, list: Vec<Notification>) -> Result<Vec<(Case, Notification)>> {
        let cases = self.case_map(list.iter().map(|n| n.case_id))?;
        Ok(list.into_iter().map(|n| (cases[&n.case_id].clone(), n)).collect())
    }

    /// Records a checked draft on a case (a correction names the sent
    /// notification it corrects).
    pub fn draft_notification(&mut self, case_id: i64, draft: &NewDraft) -> Result<Notification> {
        self.load_case(case_id)?;
        let n = Notification {
            id: 0,
            case_id,
            corrects: draft.corrects,
            content: draft.content.clone(),
            drafted: Dated { on: draft.on, stamp: Stamp { by: self.actor().to_string(), at: now_stamp() } },
            informed: None,
            sent: None,
            receipt: None,
            discarded: None,
            later: Vec::new(),
        };
        let detail = match draft.corrects {
            Some(c) => format!("kladde, retter underretning {c}"),
            None => "kladde".to_string(),
        };
        let id = self.write("draft_notification", "notification", |tx| {
            let id = insert_notification(tx, &n)?;
            Ok((id, Some(id), detail))
        })?;
        self.notification(id)
    }

    /// Changes a draft's content; refused once it is sent or discarded,
    /// and when a colleague changed it since the form was `opened` (the
    /// edit would write over their change).
    pub fn edit_draft(&mut self, id: i64, draft: &NewDraft, opened: Opened) -> Result<Notification> {
        self.write("edit_draft", "notification", |db| {
            let current = notification_on(db, id)?;
            if current.is_sent() || current.discarded.is_some() {
                return Err(conflict(db, Record::Notification(id), Found::NotificationClosed, Some(opened)));
            }
            unchanged_since(db, Record::Notification(id), opened)?;
            write_draft(db, id, draft)?;
            Ok(((), Some(id), "kladde rettet".to_string()))
        })?;
        self.notification(id)
    }

    /// Records a checked step, with who and when. The step is checked again
    /// against the notification as stored now, so a step someone else took
    /// in the meantime is never overwritten.
    pub fn record_transition(&mut self, id: i64, t: &Transition) -> Result<Notification> {
        let stamp = Stamp { by: self.actor().to_string(), at: now_stamp() };
        let kind = t.kind().id().to_string();
        self.write("notification_step", "notification", |db| {
            let mut n = notification_on(db, id)?;
            if let Err(problem) = check_transition(t, &n) {
                return Err(conflict(db, Record::Notification(id), Found::NotificationStep(problem), None));
            }
            apply_transition(&mut n, t, stamp.clone());
            match t {
                Transition::LaterInfo { on, text } => insert_later(db, id, *on, text, &stamp)?,
                _ => write_states(db, &n)?,
            }
            Ok(((), Some(id), kind))
        })?;
        self.notification(id)
    }
}

/// The board's query after `FROM notifications n`, with `?1` the
/// counsellor when `own`. The open ones read the partial index
/// `notifications_open`.
fn board_tail(own: bool, finished: bool) -> String {
    let open = if finished { "" } else { "AND n.receipt_on IS NULL AND n.discarded_on IS NULL" };
    if own {
        format!("JOIN cases c ON c.id = n.case_id WHERE c.counsellor = ?1 {open} ORDER BY n.drafted_on, n.id")
    } else {
        format!("WHERE TRUE {open} ORDER BY n.drafted_on, n.id")
    }
}

/// The notifications that correct `id`.
fn corrections_on(db: &Db<'_>, id: i64) -> Result<Vec<i64>> {
    Ok(db.query_map("SELECT id FROM notifications WHERE corrects = ?1 ORDER BY id", &[&id], |r| r.get(0))?)
}

/// Inserts a notification: the draft with its grounds and children first,
/// then its steps, the way they happen, so the file's triggers see a draft
/// become sent and never a sent one change. A notification id of 0 takes
/// the next free number, left to the engine.
pub(crate) fn insert_notification(db: &Db<'_>, n: &Notification) -> Result<i64> {
    let (duty, drafted_on) = (enum_id(&n.content.duty), day_text(n.drafted.on));
    let params: [&dyn ToValue; 9] = [
        &n.case_id,
        &n.corrects,
        &duty,
        &n.content.municipality,
        &n.content.description,
        &drafted_on,
        &n.drafted.stamp.by,
        &n.drafted.stamp.at,
        &n.id,
    ];
    let columns = "case_id, corrects, duty, municipality, description, drafted_on, drafted_by, drafted_at";
    let values = "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8";
    let id: i64 = if n.id != 0 {
        db.query_row(
            &format!("INSERT INTO notifications ({columns}, id) VALUES ({values}, ?9) RETURNING id"),
            &params,
            |r| r.get(0),
        )?
    } else {
        db.query_row(
            &format!("INSERT INTO notifications ({columns}) VALUES ({values}) RETURNING id"),
            &params[..8],
            |r| r.get(0),
        )?
    };
    write_links(db, id, &n.content)?;
    let n = Notification { id, ..n.clone() };
    write_states(db, &n)?;
    for l in &n.later {
        insert_later_with_id(db, id, l)?;
    }
    Ok(id)
}

/// A draft's content and date, its grounds and children with them.
fn write_draft(db: &Db<'_>, id: i64, draft: &NewDraft) -> Result<()> {
    db.execute(
        "UPDATE notifications SET duty = ?1, municipality = ?2, description = ?3, drafted_on = ?4
         WHERE id = ?5",
        &[
            &enum_id(&draft.content.duty),
            &draft.content.municipality,
            &draft.content.description,
            &day_text(draft.on),
            &id,
        ],
    )?;
    write_links(db, id, &draft.content)
}

fn write_links(db: &Db<'_>, id: i64, content: &Content) -> Result<()> {
    db.execute("DELETE FROM notification_grounds WHERE notification_id = ?1", &[&id])?;
    db.execute("DELETE FROM notification_children WHERE notification_id = ?1", &[&id])?;
    for g in &content.grounds {
        db.execute("INSERT INTO notification_grounds (notification_id, ground) VALUES (?1, ?2)", &[&id, &enum_id(g)])?;
    }
    for c in &content.children {
        db.execute("INSERT INTO notification_children (notification_id, child_id) VALUES (?1, ?2)", &[&id, c])?;
    }
    Ok(())
}

fn opt_day(d: Option<NaiveDate>) -> Option<String> {
    d.map(day_text)
}

/// Writes the step columns. Unchanged values pass the file's triggers; a
/// changed step that was already taken does not.
fn write_states(db: &Db<'_>, n: &Notification) -> Result<()> {
    let i = n.informed.as_ref();
    let (how, reason) = match i.map(|i| &i.informed) {
        Some(Informed::Told { how }) => (Some(enum_id(how)), None),
        Some(Informed::NotTold { reason }) => (None, Some(reason.clone())),
        None => (None, None),
    };
    let s = n.sent.as_ref();
    let r = n.receipt.as_ref();
    let d = n.discarded.as_ref();
    if n.informed.is_none() && s.is_none() && r.is_none() && d.is_none() {
        return Ok(());
    }
    db.execute(
        "UPDATE notifications SET
            informed_on = ?1, informed_how = ?2, not_informed_reason = ?3, informed_by = ?4, informed_at = ?5,
            sent_on = ?6, sent_how = ?7, sent_by = ?8, sent_at = ?9,
            receipt_on = ?10, receipt_by = ?11, receipt_at = ?12,
            discarded_on = ?13, discarded_reason = ?14, discarded_by = ?15, discarded_at = ?16
         WHERE id = ?17",
        &[
            &opt_day(i.map(|i| i.on)),
            &how,
            &reason,
            &i.map(|i| &i.stamp.by),
            &i.map(|i| &i.stamp.at),
            &opt_day(s.map(|s| s.on)),
            &s.map(|s| enum_id(&s.how)),
            &s.map(|s| &s.stamp.by),
            &s.map(|s| &s.stamp.at),
            &opt_day(r.map(|r| r.on)),
            &r.map(|r| &r.stamp.by),
            &r.map(|r| &r.stamp.at),
            &opt_day(d.map(|d| d.on)),
            &d.map(|d| &d.reason),
            &d.map(|d| &d.stamp.by),
            &d.map(|d| &d.stamp.at),
            &n.id,
        ],
    )?;
    Ok(())
}

fn insert_later(db: &Db<'_>, id: i64, on: NaiveDate, text: &str, stamp: &Stamp) -> Result<()> {
    insert_later_with_id(db, id, &LaterInfo { id: 0, on, text: text.to_string(), stamp: stamp.clone() })
}

/// Later information on a notification (an id of 0: the engine's next).
fn insert_later_with_id(db: &Db<'_>, notification_id: i64, l: &LaterInfo) -> Result<()> {
    let on = day_text(l.on);
    let params: [&dyn ToValue; 6] = [&notification_id, &on, &l.text, &l.stamp.by, &l.stamp.at, &l.id];
    let columns = "notification_id, on_date, text, actor, recorded_at";
    if l.id != 0 {
        db.execute(
            &format!("INSERT INTO notification_updates ({columns}, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
            &params,
        )?;
    } else {
        db.execute(&format!("INSERT INTO notification_updates ({columns}) VALUES (?1, ?2, ?3, ?4, ?5)"), &params[..5])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every query this module and the children module run, planned on a
    /// migrated file: none may read a whole table of the new records (a
    /// bare `SCAN table` without an index), except the export's and the
    /// board's "with finished" lists, which read everything by design.
    #[test]
    fn the_queries_read_their_indexes() {
        let store = Store::open_in_memory("test").unwrap();
        let mut queries: Vec<String> = super::super::children::queries();
        for own in [false, true] {
            queries.push(format!("SELECT n.id FROM notifications n {}", board_tail(own, false)));
        }
        queries.extend([
            "SELECT n.id FROM notifications n WHERE n.id = ?1".to_string(),
            "SELECT n.id FROM notifications n WHERE n.case_id = ?1 ORDER BY n.drafted_on, n.id".to_string(),
            "SELECT id FROM notifications WHERE corrects = ?1 ORDER BY id".to_string(),
            "SELECT ground FROM notification_grounds WHERE notification_id = ?1 ORDER BY ground".to_string(),
            "SELECT child_id FROM notification_children WHERE notification_id = ?1 ORDER BY child_id".to_string(),
            "SELECT id FROM notification_updates WHERE notification_id = ?1 ORDER BY id".to_string(),
        ]);
        for sql in queries {
            let mut stmt = store.sqlite().prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let nulls = vec![rusqlite::types::Null; stmt.parameter_count()];
            let plan: Vec<String> = stmt
                .query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3))
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            for step in &plan {
                let bare_scan = step.starts_with("SCAN ") && !step.contains("INDEX");
                assert!(!bare_scan, "{sql}\nreads a whole table: {plan:?}");
            }
        }
    }
}

/// The family's statements on both engines.
#[cfg(test)]
mod on_engines {
    use super::*;
    use crate::domain::notification::{Duty, Ground, InformHow, SendHow};
    use crate::store::engine::both::{Place, a_case, on_both_engines, plan, whole_table_reads};

    on_both_engines!(
        a_notification_and_its_parts_read_back_as_written,
        a_notification_only_moves_forward,
        the_lists_filter_and_order_alike,
        every_list_but_the_exports_reads_an_index
    );

    fn on(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).unwrap()
    }

    fn stamp(by: &str) -> Stamp {
        Stamp { by: by.into(), at: "2026-03-20T10:00:00Z".into() }
    }

    fn a_child(db: &Db<'_>, case_id: i64) -> i64 {
        db.query_row(
            "INSERT INTO children (case_id, birth_year, relation, noted_on, actor, recorded_at, name)
             VALUES (?1, 2015, 'lives_at_home', '2026-03-01', 'anna', '2026-03-01T09:00:00Z', 'Åse') RETURNING id",
            &[&case_id],
            |r| r.get(0),
        )
        .unwrap()
    }

    fn draft(case_id: i64, id: i64, drafted_on: NaiveDate, children: Vec<i64>) -> Notification {
        Notification {
            id,
            case_id,
            corrects: None,
            content: Content {
                duty: Duty::Professional,
                grounds: vec![Ground::SpecialSupport, Ground::SchoolAbsence],
                children,
                municipality: "Rødovre".into(),
                description: "bekymring for 'skolegang'".into(),
            },
            drafted: Dated { on: drafted_on, stamp: stamp("anna") },
            informed: None,
            sent: None,
            receipt: None,
            discarded: None,
            later: Vec::new(),
        }
    }

    fn sent(mut n: Notification, sent_on: NaiveDate) -> Notification {
        n.informed =
            Some(Informing { on: sent_on, informed: Informed::Told { how: InformHow::Phone }, stamp: stamp("bo") });
        n.sent = Some(Sending { on: sent_on, how: SendHow::OnlineForm, stamp: stamp("bo") });
        n
    }

    fn ids(list: Vec<Notification>) -> Vec<i64> {
        list.into_iter().map(|n| n.id).collect()
    }

    fn a_notification_and_its_parts_read_back_as_written(place: &Place) {
        let db = place.open();
        let case = a_case(&db, "anna");
        let (first, second) = (a_child(&db, case), a_child(&db, case));
        // A whole one from a file keeps its ids, its steps and later information.
        let mut whole = sent(draft(case, 40, on(3, 2), vec![first, second]), on(3, 4));
        whole.receipt = Some(Dated { on: on(3, 9), stamp: stamp("cai") });
        whole.later = vec![
            LaterInfo { id: 7, on: on(3, 10), text: "møde holdt".into(), stamp: stamp("cai") },
            LaterInfo { id: 8, on: on(3, 11), text: "sag 'lukket'".into(), stamp: stamp("dan") },
        ];
        assert_eq!(insert_notification(&db, &whole).unwrap(), 40);
        assert_eq!(notification_on(&db, 40).unwrap(), whole, "every column and part round-trips");
        // A new one takes the engine's next ids; a correction names what it corrects.
        let mut correction = draft(case, 0, on(3, 12), vec![]);
        correction.corrects = Some(40);
        correction.informed = Some(Informing {
            on: on(3, 12),
            informed: Informed::NotTold { reason: "fare".into() },
            stamp: stamp("bo"),
        });
        let new = insert_notification(&db, &correction).unwrap();
        insert_later(&db, new, on(3, 13), "svar", &stamp("bo")).unwrap();
        let read = notification_on(&db, new).unwrap();
        let later_id = read.later[0].id;
        correction.later = vec![LaterInfo { id: later_id, on: on(3, 13), text: "svar".into(), stamp: stamp("bo") }];
        assert_eq!(read, Notification { id: new, ..correction });
        assert_eq!(corrections_on(&db, 40).unwrap(), [new]);
        assert!(corrections_on(&db, new).unwrap().is_empty());
        assert!(matches!(notification_on(&db, new + 1), Err(StoreError::NotFound { .. })));
        assert!(insert_notification(&db, &whole).is_err(), "an id is written once");
    }

    fn a_notification_only_moves_forward(place: &Place) {
        let db = place.open();
        let case = a_case(&db, "anna");
        let child = a_child(&db, case);
        let id = insert_notification(&db, &draft(case, 0, on(3, 2), vec![])).unwrap();
        // A draft's content, grounds and children change.
        let mut content = draft(case, id, on(3, 3), vec![child]).content;
        content.grounds = vec![Ground::SchoolAbsence];
        content.duty = Duty::Everyone;
        let edit = NewDraft { on: on(3, 3), content: content.clone(), corrects: None };
        write_draft(&db, id, &edit).unwrap();
        let read = notification_on(&db, id).unwrap();
        assert_eq!((read.content, read.drafted.on), (content.clone(), on(3, 3)));
        // Sent, it is never changed, and no notification is deleted.
        let sent = sent(notification_on(&db, id).unwrap(), on(3, 5));
        write_states(&db, &sent).unwrap();
        assert_eq!(notification_on(&db, id).unwrap(), sent);
        let changed =
            NewDraft { on: on(3, 3), content: Content { description: "ny".into(), ..content }, corrects: None };
        assert!(write_draft(&db, id, &changed).is_err());
        let mut resent = sent.clone();
        resent.sent.as_mut().unwrap().on = on(3, 6);
        assert!(write_states(&db, &resent).is_err());
        assert!(db.execute("DELETE FROM notifications WHERE id = ?1", &[&id]).is_err());
        assert_eq!(notification_on(&db, id).unwrap(), sent);
        // Later information is still added after it is sent.
        insert_later(&db, id, on(3, 20), "opfølgning", &stamp("bo")).unwrap();
        assert_eq!(notification_on(&db, id).unwrap().later.len(), 1);
    }

    fn the_lists_filter_and_order_alike(place: &Place) {
        let db = place.open();
        let (annas, bos) = (a_case(&db, "anna"), a_case(&db, "bo"));
        let late = insert_notification(&db, &draft(annas, 0, on(3, 9), vec![])).unwrap();
        let early = insert_notification(&db, &sent(draft(bos, 0, on(3, 1), vec![]), on(3, 2))).unwrap();
        let mut received = sent(draft(annas, 0, on(3, 5), vec![]), on(3, 6));
        received.receipt = Some(Dated { on: on(3, 7), stamp: stamp("bo") });
        let received = insert_notification(&db, &received).unwrap();
        let list = |tail: &str, params: Params<'_>| ids(query_notifications_on(&db, tail, params).unwrap());
        assert_eq!(list(&board_tail(false, false), &[]), [early, late], "the open ones, by draft date");
        assert_eq!(list(&board_tail(false, true), &[]), [early, received, late]);
        assert_eq!(list(&board_tail(true, false), &[&"anna"]), [late]);
        assert_eq!(list(&board_tail(true, true), &[&"anna"]), [received, late]);
        assert_eq!(list("WHERE n.case_id = ?1 ORDER BY n.drafted_on, n.id", &[&annas]), [received, late]);
        let period = "WHERE n.sent_on IS NOT NULL AND n.sent_on BETWEEN ?1 AND ?2 ORDER BY n.id";
        assert_eq!(list(period, &[&day_text(on(3, 3)), &day_text(on(3, 31))]), [received]);
        assert_eq!(list("ORDER BY n.id", &[]), [late, early, received]);
    }

    fn every_list_but_the_exports_reads_an_index(place: &Place) {
        let db = place.open();
        let queries: [(String, Vec<&dyn ToValue>); 8] = [
            (format!("SELECT {COLUMNS} FROM notifications n {}", board_tail(false, false)), vec![]),
            (format!("SELECT {COLUMNS} FROM notifications n {}", board_tail(true, false)), vec![&"anna"]),
            (format!("SELECT {COLUMNS} FROM notifications n WHERE n.id = ?1"), vec![&1i64]),
            (
                format!("SELECT {COLUMNS} FROM notifications n WHERE n.case_id = ?1 ORDER BY n.drafted_on, n.id"),
                vec![&1i64],
            ),
            ("SELECT id FROM notifications WHERE corrects = ?1 ORDER BY id".into(), vec![&1i64]),
            (
                "SELECT notification_id, ground FROM notification_grounds WHERE notification_id IN (?1, ?2)
                 ORDER BY notification_id, ground"
                    .into(),
                vec![&1i64, &2i64],
            ),
            (
                "SELECT notification_id, child_id FROM notification_children WHERE notification_id IN (?1, ?2)
                 ORDER BY notification_id, child_id"
                    .into(),
                vec![&1i64, &2i64],
            ),
            (
                "SELECT notification_id, id, on_date, text, actor, recorded_at FROM notification_updates
                 WHERE notification_id IN (?1, ?2) ORDER BY notification_id, id"
                    .into(),
                vec![&1i64, &2i64],
            ),
        ];
        for (sql, params) in &queries {
            let steps = plan(&db, sql, params);
            assert!(whole_table_reads(&steps).is_empty(), "{sql}\nreads a whole table: {steps:?}");
        }
        let open = plan(&db, &queries[0].0, &[]);
        assert!(open.iter().any(|s| s.contains("notifications_open")), "{open:?}");
    }
}
