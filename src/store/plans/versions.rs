//! Plan versions: read back with their goals, one case or a whole board at
//! a time, and the next version stored.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction, params};

use super::{BULK, GoalRow, LATEST_VERSION, RawVersion, VERSION_COLUMNS, day, day_text, read_version};
use crate::domain::plan::{Goal, NewVersion, PlanVersion};
use crate::store::cases::{case_on, enum_id, parse_enum};
use crate::store::conflict::{Found, Record, conflict};
use crate::store::{Result, Store, StoreError, now_stamp};

impl Store {
    fn to_version(&self, raw: RawVersion) -> Result<PlanVersion> {
        Ok(self.with_goals(vec![raw])?.pop().expect("one version in, one out"))
    }

    /// Versions as read, with their goals: one goal query a batch of
    /// versions, never one a version.
    fn with_goals(&self, raws: Vec<RawVersion>) -> Result<Vec<PlanVersion>> {
        let mut goals = self.goal_rows(&raws.iter().map(|r| r.0).collect::<Vec<_>>())?;
        raws.into_iter()
            .map(|raw| {
                let goal_rows = goals.remove(&raw.0).unwrap_or_default();
                Self::version_from(raw, goal_rows)
            })
            .collect()
    }

    /// The goals of several versions, by version id, in their order.
    fn goal_rows(&self, version_ids: &[i64]) -> Result<HashMap<i64, Vec<GoalRow>>> {
        let mut by_version: HashMap<i64, Vec<GoalRow>> = HashMap::new();
        for chunk in version_ids.chunks(BULK) {
            let marks = vec!["?"; chunk.len()].join(",");
            let mut stmt = self.conn().prepare_cached(&format!(
                "SELECT version_id, area, text, status FROM plan_goals WHERE version_id IN ({marks})
                 ORDER BY version_id, position"
            ))?;
            let rows = stmt.query_map(rusqlite::params_from_iter(chunk), |r| {
                Ok((r.get::<_, i64>(0)?, (r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)))
            })?;
            for row in rows {
                let (version_id, goal) = row?;
                by_version.entry(version_id).or_default().push(goal);
            }
        }
        Ok(by_version)
    }

    /// The latest plan version of each of `case_ids` that has a plan, by
    /// case: a few queries for a whole board rather than two per course.
    pub(super) fn latest_versions_of(&self, case_ids: &[i64]) -> Result<HashMap<i64, PlanVersion>> {
        let mut latest = HashMap::new();
        for chunk in case_ids.chunks(BULK) {
            let marks = vec!["?"; chunk.len()].join(",");
            let raws = {
                let mut stmt = self.conn().prepare_cached(&format!(
                    "SELECT {VERSION_COLUMNS} FROM plan_versions v WHERE v.case_id IN ({marks})
                     AND v.version = (SELECT max(w.version) FROM plan_versions w WHERE w.case_id = v.case_id)"
                ))?;
                stmt.query_map(rusqlite::params_from_iter(chunk), read_version)?
                    .collect::<rusqlite::Result<Vec<_>>>()?
            };
            for version in self.with_goals(raws)? {
                latest.insert(version.case_id, version);
            }
        }
        Ok(latest)
    }

    fn version_from(raw: RawVersion, goal_rows: Vec<GoalRow>) -> Result<PlanVersion> {
        let (
            id,
            case_id,
            version,
            effective_on,
            next,
            services,
            methods,
            partners,
            action_plan,
            took_part,
            changes,
            actor,
            recorded_at,
        ) = raw;
        let goals = goal_rows
            .into_iter()
            .map(|(area, text, status)| Ok(Goal { area: parse_enum(&area)?, text, status: parse_enum(&status)? }))
            .collect::<Result<Vec<_>>>()?;
        Ok(PlanVersion {
            id,
            case_id,
            version,
            effective_on: day(&effective_on)?,
            next_revision_on: day(&next)?,
            goals,
            services,
            methods,
            partners,
            action_plan: parse_enum(&action_plan)?,
            citizen_took_part: took_part,
            changes,
            actor,
            recorded_at,
        })
    }

    /// Every version of a case's plan, oldest first.
    pub fn plan_versions(&self, case_id: i64) -> Result<Vec<PlanVersion>> {
        let rows = {
            let mut stmt = self.conn().prepare_cached(&format!(
                "SELECT {VERSION_COLUMNS} FROM plan_versions WHERE case_id = ?1 ORDER BY version"
            ))?;
            stmt.query_map([case_id], read_version)?.collect::<rusqlite::Result<Vec<_>>>()?
        };
        self.with_goals(rows)
    }

    /// The latest version of a case's plan (the highest number), if any.
    pub fn latest_plan_version(&self, case_id: i64) -> Result<Option<PlanVersion>> {
        let raw = {
            let mut stmt = self.conn().prepare_cached(LATEST_VERSION)?;
            stmt.query_row([case_id], read_version).optional()?
        };
        raw.map(|raw| self.to_version(raw)).transpose()
    }

    /// Stores a checked plan version: the first plan or a revision. The
    /// version number must be the next one, so two counsellors revising at
    /// once cannot both write the same version, and the course must still
    /// be open as it stands in the transaction.
    pub fn add_plan_version(&mut self, case_id: i64, v: &NewVersion) -> Result<PlanVersion> {
        let actor = self.actor().to_string();
        let action = if v.version == 1 { "plan_create" } else { "plan_revise" };
        let id = self.write(action, "case", |tx| {
            let case = case_on(&crate::store::engine::Db::borrowing(tx), case_id)?
                .ok_or(StoreError::NotFound { what: "sag", id: case_id })?;
            if let Some(closed) = &case.progress.closed {
                let found = Found::CaseClosed { on: closed.on };
                return Err(conflict(tx, Record::Plan { case_id }, found, None));
            }
            let latest: Option<u32> =
                tx.query_row("SELECT max(version) FROM plan_versions WHERE case_id = ?1", [case_id], |r| r.get(0))?;
            if latest.unwrap_or(0) + 1 != v.version {
                let found = Found::PlanVersion { expected: v.version, latest: latest.unwrap_or(0) };
                return Err(conflict(tx, Record::Plan { case_id }, found, None));
            }
            let id = insert_version(tx, case_id, v, &actor, &now_stamp(), None)?;
            Ok((id, Some(case_id), format!("version {}", v.version)))
        })?;
        self.plan_versions(case_id)?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or(StoreError::NotFound { what: "planversion", id })
    }

    /// Every plan version in id order, handed to `f` one at a time (the
    /// export writes them as it reads): a page of versions and their goals
    /// at a time, two queries a page.
    pub(crate) fn each_plan_version(&self, mut f: impl FnMut(PlanVersion) -> Result<()>) -> Result<()> {
        let mut after = 0;
        loop {
            let raws = {
                let mut stmt = self.conn().prepare_cached(&format!(
                    "SELECT {VERSION_COLUMNS} FROM plan_versions WHERE id > ?1 ORDER BY id LIMIT {BULK}"
                ))?;
                stmt.query_map([after], read_version)?.collect::<rusqlite::Result<Vec<_>>>()?
            };
            let Some(last) = raws.last() else { return Ok(()) };
            after = last.0;
            let mut goals = self.goal_rows(&raws.iter().map(|r| r.0).collect::<Vec<_>>())?;
            for raw in raws {
                let id = raw.0;
                f(Self::version_from(raw, goals.remove(&id).unwrap_or_default())?)?;
            }
        }
    }
}

/// Inserts a version and its goals; `id` keeps an imported id.
pub(crate) fn insert_version(
    tx: &Transaction<'_>,
    case_id: i64,
    v: &NewVersion,
    actor: &str,
    recorded_at: &str,
    id: Option<i64>,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO plan_versions (id, case_id, version, effective_on, next_revision_on, services, methods,
            partners, action_plan, citizen_took_part, changes, actor, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        id,
        case_id,
        v.version,
        day_text(v.effective_on),
        day_text(v.next_revision_on),
        v.services,
        v.methods,
        v.partners,
        enum_id(&v.action_plan),
        v.citizen_took_part,
        v.changes,
        actor,
        recorded_at,
    ])?;
    let version_id = tx.last_insert_rowid();
    for (position, g) in v.goals.iter().enumerate() {
        tx.prepare_cached(
            "INSERT INTO plan_goals (version_id, position, area, text, status) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![version_id, position as i64, enum_id(&g.area), g.text, enum_id(&g.status)])?;
    }
    Ok(version_id)
}
