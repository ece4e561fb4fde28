//! The gift-card ledger on file: rows in, [`Ledger`] out, and new entries
//! written only after the domain's ledger accepted them inside the same
//! transaction. The table is append-only (triggers in migration 2).

use chrono::NaiveDate;

use super::case_find::allowed_sql;
use super::cases::parse_day;
use super::children::day_text;
use super::conflict::{Opened, card_refusal};
use super::engine::{Db, ToValue};
use super::move_courses::MoveCourseLine;
use super::{CaseAction, Result, Store, StoreError, now_stamp};
use crate::domain::due::DueKind;
use crate::domain::group::Ore;
use crate::domain::group::ledger::{Ledger, LedgerEntry, LedgerEntryKind};
use crate::domain::group::stock::{self, StockOp};
use crate::domain::policy::Profile;

/// The gift-card figures over Grupper's lists and its ledger.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CardSummary {
    pub on_hand: usize,
    /// Cards earned and not handed out.
    pub owed: usize,
    /// Handed-out cards to resolve.
    pub to_resolve: usize,
}

impl CardSummary {
    /// The figures summed over the courses' cards, as the rules give them.
    pub fn of(courses: &[MoveCourseLine], on_hand: usize) -> CardSummary {
        CardSummary {
            on_hand,
            owed: courses.iter().map(|c| c.cards.not_handed_out()).sum(),
            to_resolve: courses.iter().map(|c| c.cards.to_resolve()).sum(),
        }
    }
}

/// The cards on hand, counted without replaying the ledger. Every entry
/// on file was accepted by the domain's ledger ([`apply_in`]), so its
/// rules hold for the rows: a card in the books has one receipt in force,
/// and it is off hand exactly while one hand-out, voiding or loss of it is
/// in force; a correction takes its entry out of force (a receipt only
/// while the card is on hand). So the cards on hand are the receipts in
/// force less the departures in force: each entry counts +1 or -1 and a
/// correction undoes its entry's count. Each kind is counted on its range
/// of the index `gift_card_ledger_kinds` (migration 21), no row read but
/// each correction's entry, by its key.
const ON_HAND: &str = "SELECT
    (SELECT count(*) FROM gift_card_ledger WHERE kind = 'received')
    - (SELECT count(*) FROM gift_card_ledger WHERE kind IN ('handed_out', 'voided', 'lost'))
    + (SELECT coalesce(sum(CASE WHEN t.kind = 'received' THEN -1 ELSE 1 END), 0)
        FROM gift_card_ledger e LEFT JOIN gift_card_ledger t ON t.id = e.corrects_entry
        WHERE e.kind = 'correction')";

pub(crate) fn on_hand_count(db: &Db<'_>) -> Result<usize> {
    let n: i64 = db.query_row(ON_HAND, &[], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// The cards owed and to resolve in the courses of the cases the viewer
/// (`?2`) may list (`allowed`), counted on the stored deadlines: `due`'s
/// rules store one deadline a card earned and not handed out (`?1`) and
/// one a card to resolve (`?3`), computed by the same `course_cards` as
/// the course list. Read from the index `deadlines_kind`.
fn owed_sql(allowed: &str) -> String {
    format!(
        "SELECT CAST(coalesce(sum(CASE WHEN d.kind = ?1 THEN 1 ELSE 0 END), 0) AS BIGINT),
            CAST(coalesce(sum(CASE WHEN d.kind = ?3 THEN 1 ELSE 0 END), 0) AS BIGINT) FROM deadlines d {}
         WHERE d.kind IN (?1, ?3) AND ({allowed})",
        super::due::cases_of(allowed)
    )
}

/// The stored id of an entry kind.
pub(crate) fn kind_id(kind: &LedgerEntryKind) -> &'static str {
    match kind {
        LedgerEntryKind::Received => "received",
        LedgerEntryKind::HandedOut { .. } => "handed_out",
        LedgerEntryKind::Voided { .. } => "voided",
        LedgerEntryKind::Lost { .. } => "lost",
        LedgerEntryKind::Correction { .. } => "correction",
    }
}

/// The columns of a ledger row besides id, serial, value, date and actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowParts {
    pub kind: &'static str,
    pub case_id: Option<i64>,
    pub attendance_id: Option<i64>,
    pub reason: Option<String>,
    pub corrects_entry: Option<u64>,
}

pub(crate) fn row_parts(kind: &LedgerEntryKind) -> Result<RowParts> {
    let mut parts =
        RowParts { kind: kind_id(kind), case_id: None, attendance_id: None, reason: None, corrects_entry: None };
    match kind {
        LedgerEntryKind::Received => {}
        LedgerEntryKind::HandedOut { citizen_ref, earned_by_session } => {
            // The store's citizen reference is the case number (course::citizen_ref).
            parts.case_id = Some(
                citizen_ref
                    .parse()
                    .map_err(|_| StoreError::Corrupt(format!("gavekort udleveret til '{citizen_ref}'")))?,
            );
            parts.attendance_id = *earned_by_session;
        }
        LedgerEntryKind::Voided { reason } | LedgerEntryKind::Lost { reason } => parts.reason = Some(reason.clone()),
        LedgerEntryKind::Correction { corrects_entry, reason } => {
            parts.corrects_entry = Some(*corrects_entry);
            parts.reason = Some(reason.clone());
        }
    }
    Ok(parts)
}

/// Rebuilds an entry kind from its stored parts; `None` if they do not fit.
pub(crate) fn entry_kind(
    kind: &str,
    case_id: Option<i64>,
    attendance_id: Option<i64>,
    reason: Option<String>,
    corrects_entry: Option<u64>,
) -> Option<LedgerEntryKind> {
    Some(match (kind, case_id, reason, corrects_entry) {
        ("received", None, None, None) if attendance_id.is_none() => LedgerEntryKind::Received,
        ("handed_out", Some(case), None, None) => LedgerEntryKind::HandedOut {
            citizen_ref: crate::domain::group::course::citizen_ref(case),
            earned_by_session: attendance_id,
        },
        ("voided", None, Some(reason), None) if attendance_id.is_none() => LedgerEntryKind::Voided { reason },
        ("lost", None, Some(reason), None) if attendance_id.is_none() => LedgerEntryKind::Lost { reason },
        ("correction", None, Some(reason), Some(corrects_entry)) if attendance_id.is_none() => {
            LedgerEntryKind::Correction { corrects_entry, reason }
        }
        _ => return None,
    })
}

/// A ledger row: id, serial, value, date, actor, kind, case, attendance,
/// reason, corrected entry.
type RawEntry = (i64, String, i64, String, String, String, Option<i64>, Option<i64>, Option<String>, Option<i64>);

/// The ledger as the file holds it, replayed and checked entry by entry.
pub(crate) fn load_ledger(db: &Db<'_>) -> Result<Ledger> {
    let rows: Vec<RawEntry> = db.query_map(
        "SELECT id, serial, value, on_date, actor, kind, case_id, attendance_id, reason, corrects_entry
         FROM gift_card_ledger ORDER BY id",
        &[],
        |r| r.columns(),
    )?;
    let mut entries = Vec::with_capacity(rows.len());
    for (id, serial, value, on, actor, kind, case_id, attendance_id, reason, corrects) in rows {
        let entry_kind = entry_kind(&kind, case_id, attendance_id, reason, corrects.map(|c| c as u64))
            .ok_or_else(|| StoreError::Corrupt(format!("gavekortpost {id}")))?;
        entries.push(LedgerEntry {
            id: id as u64,
            serial,
            value: Ore(value),
            date: parse_day(&on)?,
            actor,
            kind: entry_kind,
        });
    }
    Ledger::from_entries(entries).map_err(|e| StoreError::Corrupt(format!("gavekortregnskabet: {e}")))
}

/// Writes entries the domain's ledger has accepted, with their ids.
pub(crate) fn insert_entries(db: &Db<'_>, entries: &[LedgerEntry], recorded_at: &str) -> Result<()> {
    for e in entries {
        let p = row_parts(&e.kind)?;
        let params: [&dyn ToValue; 11] = [
            &(e.id as i64),
            &e.serial,
            &e.value.ore(),
            &day_text(e.date),
            &e.actor,
            &p.kind,
            &p.case_id,
            &p.attendance_id,
            &p.reason,
            &p.corrects_entry.map(|c| c as i64),
            &recorded_at,
        ];
        db.execute(
            "INSERT INTO gift_card_ledger
                (id, serial, value, on_date, actor, kind, case_id, attendance_id, reason, corrects_entry, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            &params,
        )?;
    }
    Ok(())
}

/// Applies one operation to `ledger` (read inside `tx`, and kept current
/// by every call) and writes what it adds. The domain's refusal is returned
/// as is. One replay per transaction, however many operations it holds.
pub(crate) fn apply_in(
    db: &Db<'_>,
    ledger: &mut Ledger,
    op: &StockOp,
    date: NaiveDate,
    actor: &str,
) -> Result<Vec<LedgerEntry>> {
    let added = stock::apply(ledger, op, date, actor)
        .map_err(|e| StoreError::Group(crate::domain::group::groups::GroupProblem::Ledger(e)))?;
    insert_entries(db, &added, &now_stamp())?;
    Ok(added)
}

fn audit_action(op: &StockOp) -> &'static str {
    match op {
        StockOp::ReceiveOne { .. } | StockOp::ReceiveRange { .. } => "receive_gift_cards",
        StockOp::HandOut { .. } => "hand_out_gift_card",
        StockOp::Void { .. } => "void_gift_card",
        StockOp::Lose { .. } => "lose_gift_card",
        StockOp::Correct { .. } | StockOp::CorrectReceipt { .. } => "correct_gift_card_entry",
    }
}

impl Store {
    /// The gift-card ledger, replayed from the file.
    pub fn ledger(&self) -> Result<Ledger> {
        load_ledger(&self.db())
    }

    /// The gift-card figures over Grupper's lists, counted by SQL: the
    /// cards on hand on the ledger's rows, the cards owed and to resolve on
    /// the stored deadlines. Those hold the centre's own profile as last
    /// computed, so under another profile, or while a case is marked for a
    /// recompute (another program's write), the figures are summed from
    /// the rules over every course instead, as the course list sums them.
    pub fn card_summary(&self, profile: &Profile) -> Result<CardSummary> {
        let on_hand = on_hand_count(&self.db())?;
        if !self.deadlines_follow(profile)? {
            return Ok(CardSummary::of(&self.move_course_list(&profile.move_cards)?, on_hand));
        }
        let viewer = self.viewer(false)?;
        let sql = owed_sql(&allowed_sql(&viewer, CaseAction::List));
        let (owed, to_resolve): (i64, i64) = self.db().query_row(
            &sql,
            &[&DueKind::GiftCardNotHandedOut.id(), &viewer.user, &DueKind::GiftCardToResolve.id()],
            |r| r.columns(),
        )?;
        Ok(CardSummary { on_hand, owed: owed as usize, to_resolve: to_resolve as usize })
    }

    /// Records cards received, voided or lost, or a correction, in one
    /// transaction with its audit row. Returns the new entries.
    pub fn record_stock(&mut self, op: &StockOp, date: NaiveDate) -> Result<Vec<LedgerEntry>> {
        self.record_stock_on(op, date, None)
    }

    /// As [`Store::record_stock`], from a screen that read the ledger at
    /// `opened`: a card or an entry a colleague changed since is refused
    /// as a [`Conflict`](super::Conflict) naming them.
    pub fn record_stock_since(&mut self, op: &StockOp, date: NaiveDate, opened: Opened) -> Result<Vec<LedgerEntry>> {
        self.record_stock_on(op, date, Some(opened))
    }

    fn record_stock_on(&mut self, op: &StockOp, date: NaiveDate, opened: Option<Opened>) -> Result<Vec<LedgerEntry>> {
        let actor = self.actor().to_string();
        self.write(audit_action(op), "gift_card_ledger", |db| {
            let mut ledger = load_ledger(db)?;
            let added = apply_in(db, &mut ledger, op, date, &actor).map_err(|e| match (e, opened) {
                (StoreError::Group(problem), Some(opened)) => card_refusal(db, &ledger, problem, opened),
                (e, _) => e,
            })?;
            let first = added.first().map(|e| e.id as i64);
            let detail = match (added.first(), added.last()) {
                (Some(a), Some(b)) if added.len() > 1 => format!("{} kort: {} til {}", added.len(), a.serial, b.serial),
                (Some(a), _) => a.serial.clone(),
                _ => String::new(),
            };
            Ok((added, first, detail))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate;
    use rusqlite::params;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    /// The cards on hand as the ledger's replay says and as SQL counts them.
    fn both_counts(store: &Store) -> (usize, usize) {
        (store.ledger().unwrap().on_hand().len(), on_hand_count(&store.db()).unwrap())
    }

    #[test]
    fn the_cards_on_hand_counted_by_sql_are_the_ledgers_through_every_kind_of_entry() {
        let mut store = Store::open_in_memory("anna").unwrap();
        assert_eq!(both_counts(&store), (0, 0));
        let value = Ore::from_kr(100);
        let range = StockOp::ReceiveRange { prefix: "M-".into(), from: "01".into(), to: "06".into(), value };
        store.record_stock(&range, day(2)).unwrap();
        let reason = || "Fejl".to_string();
        let void = StockOp::Void { serial: "M-01".into(), reason: reason() };
        let voided = store.record_stock(&void, day(3)).unwrap()[0].id;
        store.record_stock(&StockOp::Lose { serial: "M-02".into(), reason: reason() }, day(3)).unwrap();
        assert_eq!(both_counts(&store), (4, 4));
        // A departure corrected puts the card back; a receipt corrected
        // takes it out of the books, and it may be received again.
        store.record_stock(&StockOp::Correct { entry: voided, reason: reason() }, day(4)).unwrap();
        assert_eq!(both_counts(&store), (5, 5));
        let receipt = store.ledger().unwrap().entries().iter().find(|e| e.serial == "M-03").unwrap().id;
        store.record_stock(&StockOp::Correct { entry: receipt, reason: reason() }, day(4)).unwrap();
        assert_eq!(both_counts(&store), (4, 4));
        store.record_stock(&StockOp::ReceiveOne { serial: "M-03".into(), value }, day(5)).unwrap();
        let again = store.record_stock(&void, day(6)).unwrap()[0].id;
        store.record_stock(&StockOp::Correct { entry: again, reason: reason() }, day(6)).unwrap();
        store.record_stock(&StockOp::Lose { serial: "M-01".into(), reason: reason() }, day(7)).unwrap();
        assert_eq!(both_counts(&store), (4, 4));
    }

    #[test]
    fn the_figures_counted_by_sql_are_those_summed_from_the_rules_over_every_course() {
        let file =
            generate::centre(&generate::Shape { cases: 600, seed: 3, today: day(17), stress: false }, &mut |_| {});
        let mut store = Store::open_in_memory("anna").unwrap();
        store.import(&file).unwrap();
        let profile = store.centre().unwrap().load_profile().unwrap();
        // The generated centre hands out every card earned; a counsellor
        // corrects one hand-out (the card is owed again) and one attendance
        // that earned a card handed out (the card is to be resolved).
        let handed: Vec<(u64, i64)> = store
            .ledger()
            .unwrap()
            .entries()
            .iter()
            .filter_map(|e| match e.kind {
                LedgerEntryKind::HandedOut { earned_by_session: Some(attendance), .. } => Some((e.id, attendance)),
                _ => None,
            })
            .collect();
        assert!(handed.len() >= 2, "the generated centre handed out cards");
        store.record_stock(&StockOp::Correct { entry: handed[0].0, reason: "Forkert kort".into() }, day(17)).unwrap();
        store.correct_attendance(handed[1].1, crate::domain::group::move_cards::Attendance::NoShow).unwrap();
        let lines = store.move_course_list(&profile.move_cards).unwrap();
        let ruled = CardSummary::of(&lines, store.ledger().unwrap().on_hand().len());
        assert!(ruled.on_hand > 0 && ruled.owed > 0 && ruled.to_resolve > 0, "a centre with cards to count: {ruled:?}");
        assert!(!store.deadlines_dirty().unwrap());
        assert_eq!(store.card_summary(&profile).unwrap(), ruled);
        // Another profile's figures come from the rules.
        let mut other = profile.clone();
        other.move_cards.attendances_per_card += 1;
        let other_lines = store.move_course_list(&other.move_cards).unwrap();
        assert_eq!(store.card_summary(&other).unwrap(), CardSummary::of(&other_lines, ruled.on_hand));
    }

    #[test]
    fn the_figures_read_their_indexes() {
        let store = Store::open_in_memory("anna").unwrap();
        let viewer = store.viewer(false).unwrap();
        let sql = owed_sql(&allowed_sql(&viewer, CaseAction::List));
        let mut stmt = store.sqlite().prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let plan = stmt
            .query_map(params!["a", viewer.user, "b"], |r| r.get::<_, String>(3))
            .unwrap()
            .map(|r| r.unwrap())
            .collect::<Vec<_>>()
            .join("; ");
        assert!(plan.contains("USING COVERING INDEX deadlines_kind (kind=?)"), "{plan}");
        let mut stmt = store.sqlite().prepare(&format!("EXPLAIN QUERY PLAN {ON_HAND}")).unwrap();
        let plan =
            stmt.query_map([], |r| r.get::<_, String>(3)).unwrap().map(|r| r.unwrap()).collect::<Vec<_>>().join("; ");
        assert!(plan.contains("USING INTEGER PRIMARY KEY (rowid=?)"), "each correction's entry by its key: {plan}");
        assert!(plan.contains("USING COVERING INDEX gift_card_ledger_kinds (kind=?)"), "by kind: {plan}");
        let scans = plan.split("; ").filter(|s| s.starts_with("SCAN") && *s != "SCAN CONSTANT ROW").count();
        assert_eq!(scans, 0, "every kind counted on its range of the index: {plan}");
    }
}

/// The ledger's statements on both engines.
#[cfg(test)]
mod on_engines {
    use super::*;
    use crate::store::engine::both::{Place, a_case, on_both_engines, plan, whole_table_reads};

    on_both_engines!(
        every_kind_of_entry_reads_back_and_counts_on_hand_alike,
        the_ledger_is_append_only,
        the_count_on_hand_reads_an_index
    );

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    /// Applies `op` as a screen would: the ledger read, the entries written.
    fn apply(db: &Db<'_>, op: &StockOp, on: NaiveDate) -> Vec<LedgerEntry> {
        let mut ledger = load_ledger(db).unwrap();
        apply_in(db, &mut ledger, op, on, "anna").unwrap()
    }

    fn every_kind_of_entry_reads_back_and_counts_on_hand_alike(place: &Place) {
        let db = place.open();
        let case = a_case(&db, "anna");
        let value = Ore::from_kr(100);
        let reason = || "fejl 'tastet'".to_string();
        let mut written = apply(
            &db,
            &StockOp::ReceiveRange { prefix: "M-".into(), from: "01".into(), to: "06".into(), value },
            day(2),
        );
        let voided = apply(&db, &StockOp::Void { serial: "M-01".into(), reason: reason() }, day(3));
        written.extend(voided.clone());
        written.extend(apply(&db, &StockOp::Lose { serial: "M-02".into(), reason: reason() }, day(3)));
        let hand_out = StockOp::HandOut { serial: "M-03".into(), case_id: case, attendance_id: None };
        written.extend(apply(&db, &hand_out, day(4)));
        written.extend(apply(&db, &StockOp::Correct { entry: voided[0].id, reason: reason() }, day(5)));
        let ledger = load_ledger(&db).unwrap();
        assert_eq!(ledger.entries(), written, "every kind round-trips");
        // M-01 back on hand by the correction; M-02 lost, M-03 handed out.
        assert_eq!(on_hand_count(&db).unwrap(), 4);
        assert_eq!(ledger.on_hand().len(), 4);
        // The ids are the ledger's own: one written twice is refused.
        assert!(insert_entries(&db, &written[..1], "2026-03-20T10:00:00Z").is_err());
    }

    fn the_ledger_is_append_only(place: &Place) {
        let db = place.open();
        apply(&db, &StockOp::ReceiveOne { serial: "K-1".into(), value: Ore::from_kr(50) }, day(2));
        assert!(db.execute("UPDATE gift_card_ledger SET value = 1", &[]).is_err());
        assert!(db.execute("DELETE FROM gift_card_ledger", &[]).is_err());
        assert_eq!(load_ledger(&db).unwrap().entries().len(), 1);
    }

    fn the_count_on_hand_reads_an_index(place: &Place) {
        let db = place.open();
        let steps = plan(&db, ON_HAND, &[]);
        // SQLite's one row of the outer SELECT is no table.
        let tables: Vec<_> = whole_table_reads(&steps).into_iter().filter(|s| *s != "SCAN CONSTANT ROW").collect();
        assert!(tables.is_empty(), "reads a whole table: {steps:?}");
        assert!(steps.iter().any(|s| s.contains("gift_card_ledger_kinds")), "{steps:?}");
    }
}
