//! `sagsbord check`'s part for the deadlines: every stored deadline held
//! against the rules, computed again from the records of the whole centre,
//! and `--repair` writing the computed ones.

use std::collections::BTreeMap;

use super::{DueScope, material};
use crate::domain::deadlines::OpenDeadline;
use crate::domain::due::DueKind;
use crate::store::engine::Db;
use crate::store::{Result, Store};

/// A case and kind whose stored deadlines are not what the rules compute:
/// the stored one (or none) against the computed one (or none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineDifference {
    pub case: i64,
    pub kind: DueKind,
    pub stored: Option<OpenDeadline>,
    pub computed: Option<OpenDeadline>,
}

impl Store {
    /// Every stored deadline against the rules: empty when they all agree.
    /// Cases marked for a recompute are left out: `due` computes them from
    /// the rules as it reads, and the next write stores them.
    pub fn check_deadlines(&self) -> Result<Vec<DeadlineDifference>> {
        let Ok(profile) = self.centre()?.load_profile() else { return Ok(Vec::new()) };
        let material = self.due_material(DueScope::Centre, &profile, self.progress)?;
        let db = self.db();
        let marked: std::collections::HashSet<i64> =
            db.query_map("SELECT case_id FROM deadlines_dirty", &[], |r| r.get(0))?.into_iter().collect();
        let mut computed: BTreeMap<i64, Vec<OpenDeadline>> = BTreeMap::new();
        for d in material::open_deadlines(&material, &profile) {
            computed.entry(d.case).or_default().push(d);
        }
        let mut stored: BTreeMap<i64, Vec<OpenDeadline>> = BTreeMap::new();
        for s in super::stored_deadlines_on(&db, "ORDER BY d.case_id, d.seq", &[])? {
            stored.entry(s.deadline.case).or_default().push(s.deadline);
        }
        // What the counts read off a row rather than its case: the
        // counsellor is compared with the rest, the anonymity here.
        let anonymity_out_of_step: std::collections::HashSet<i64> =
            db.query_map(&anonymity_out_of_step_sql(), &[], |r| r.get(0))?.into_iter().collect();
        let cases: std::collections::BTreeSet<i64> = computed.keys().chain(stored.keys()).copied().collect();
        let mut out = Vec::new();
        for case in cases.into_iter().filter(|c| !marked.contains(c)) {
            let (have, want) = (stored.remove(&case).unwrap_or_default(), computed.remove(&case).unwrap_or_default());
            if have != want {
                out.extend(differences(case, have, want));
            } else if anonymity_out_of_step.contains(&case) {
                // The same deadlines, stored with the wrong anonymity.
                out.extend(have.into_iter().map(|d| DeadlineDifference {
                    case,
                    kind: d.kind,
                    stored: Some(d.clone()),
                    computed: Some(d),
                }));
            }
        }
        Ok(out)
    }

    /// Stores the deadlines the rules compute for every case, in place of
    /// those stored: one audited action. Returns how many cases' deadlines
    /// were written.
    pub fn repair_deadlines(&mut self) -> Result<usize> {
        let wrong = self.check_deadlines()?.len();
        self.write("deadlines_repair", "centre", |tx| {
            let cases = mark_every_case(tx)?;
            // `write` recomputes every marked case before it commits.
            Ok((cases, Some(1), format!("{wrong} afvigende frister")))
        })
    }
}

/// The cases whose stored deadlines hold another anonymity than their
/// case's as it stands.
pub(super) fn anonymity_out_of_step_sql() -> String {
    format!(
        "SELECT DISTINCT d.case_id FROM deadlines d WHERE d.anonymous IS DISTINCT FROM {}",
        super::anonymity_of("d.case_id")
    )
}

/// Takes away every stored deadline and marks every case for a recompute
/// (the write's own, before it commits). How many cases were marked.
pub(super) fn mark_every_case(db: &Db<'_>) -> Result<usize> {
    db.execute("DELETE FROM deadlines", &[])?;
    Ok(super::mark_each_case(db)? as usize)
}

/// The kinds of one case whose deadlines differ, each stored against
/// computed in list order.
fn differences(case: i64, have: Vec<OpenDeadline>, want: Vec<OpenDeadline>) -> Vec<DeadlineDifference> {
    let by_kind = |list: Vec<OpenDeadline>| {
        let mut map: BTreeMap<DueKind, Vec<OpenDeadline>> = BTreeMap::new();
        for d in list {
            map.entry(d.kind).or_default().push(d);
        }
        map
    };
    let (mut have, mut want) = (by_kind(have), by_kind(want));
    let kinds: std::collections::BTreeSet<DueKind> = have.keys().chain(want.keys()).copied().collect();
    let mut out = Vec::new();
    for kind in kinds {
        let (h, w) = (have.remove(&kind).unwrap_or_default(), want.remove(&kind).unwrap_or_default());
        if h == w {
            continue;
        }
        let (mut h, mut w) = (h.into_iter(), w.into_iter());
        loop {
            let (stored, computed) = (h.next(), w.next());
            if stored.is_none() && computed.is_none() {
                break;
            }
            if stored != computed {
                out.push(DeadlineDifference { case, kind, stored, computed });
            }
        }
    }
    out
}
