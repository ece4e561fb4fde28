//! Export: everything the database holds, read in one snapshot and written
//! to a private file put in place.

use super::*;

impl Store {
    /// Everything the database holds, in the export format, read in one
    /// transaction: one consistent snapshot while colleagues go on writing.
    /// Audited (after the read, before the data leaves the store).
    pub fn export(&mut self) -> Result<ExportFile> {
        let file = self.read_snapshot(Store::export_snapshot)?;
        let detail = format!(
            "{} sager, {} underretninger, {} døgnophold, {} grupper, {} gavekortposter",
            file.cases.len(),
            file.notifications.len(),
            file.stays.len(),
            file.groups.len(),
            file.gift_card_ledger.len()
        );
        self.record_read("export", "database", None, &detail)?;
        Ok(file)
    }

    /// Exports to `target`, a new private file (see [`super::files`]): the
    /// target is checked before anything is read, the snapshot streamed to
    /// a temporary file beside it, synced and put in place. Returns the
    /// number of cases.
    pub fn export_to(&mut self, target: &std::path::Path, force: bool) -> Result<usize> {
        crate::store::files::check_target(target, force)?;
        let file = self.export()?;
        crate::store::files::write_private(target, force, |out| write_to(&file, out))?;
        Ok(file.cases.len())
    }

    /// The export's reads; run inside [`Store::read_snapshot`].
    fn export_snapshot(&self) -> Result<ExportFile> {
        let centre = self.centre()?;
        let citizens = {
            let mut stmt =
                self.conn().prepare("SELECT id, name, cpr, pseudonym, home_municipality FROM citizens ORDER BY id")?;
            let rows = stmt
                .query_map([], |r| {
                    Ok(CitizenRecord {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        cpr: r.get(2)?,
                        pseudonym: r.get(3)?,
                        home_municipality: r.get(4)?,
                        citizenship: None,
                        gender: None,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            // The optional facts as the store reads them (one spelling of
            // the ids, shared with the forms).
            let details: std::collections::HashMap<i64, _> =
                self.all_citizens()?.into_iter().map(|c| (c.id, c.details)).collect();
            rows.into_iter()
                .map(|mut r| {
                    let d = details.get(&r.id).copied().unwrap_or_default();
                    (r.citizenship, r.gender) = (d.citizenship, d.gender);
                    r
                })
                .collect::<Vec<_>>()
        };
        let circumstances = self.all_circumstances()?;
        let cases: Vec<CaseRecord> = self
            .all_cases()?
            .iter()
            .map(|c| {
                let mut r = CaseRecord::from(c);
                let known = circumstances.get(&c.id).copied().unwrap_or_default();
                (r.family, r.income) = (known.family, known.income);
                r
            })
            .collect();
        let mut case_events = Vec::new();
        {
            let mut stmt = self.conn().prepare(
                "SELECT id, case_id, kind, on_date, reason, wanted, actor, recorded_at, undoes, counsellor
                 FROM case_events ORDER BY id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let on: String = r.get(3)?;
                case_events.push(EventRecord {
                    id: r.get(0)?,
                    case_id: r.get(1)?,
                    kind: r.get(2)?,
                    on: NaiveDate::parse_from_str(&on, crate::store::cases::DATE)
                        .map_err(|_| StoreError::Corrupt(format!("dato '{on}'")))?,
                    reason: r.get(4)?,
                    wanted: r.get(5)?,
                    actor: r.get(6)?,
                    recorded_at: r.get(7)?,
                    undoes: r.get(8)?,
                    counsellor: r.get(9)?,
                });
            }
        }
        let plan_versions = self.all_plan_versions()?.iter().map(PlanVersionRecord::from).collect();
        let course_endings = self.all_endings()?.iter().map(EndingRecord::from).collect();
        let calls = self.all_calls()?;
        let follow_up_calls = calls
            .iter()
            .map(|c| CallRecord { id: c.id, case_id: c.case_id, months: c.months, due_on: c.due_on })
            .collect();
        let mut follow_up_attempts: Vec<AttemptRecord> = calls
            .iter()
            .flat_map(|c| &c.attempts)
            .map(|a| AttemptRecord {
                id: a.id,
                call_id: a.call_id,
                on: a.on,
                reached: a.reached,
                outcome: a.outcome,
                note: a.note.clone(),
                actor: a.actor.clone(),
                recorded_at: a.recorded_at.clone(),
            })
            .collect();
        follow_up_attempts.sort_by_key(|a| a.id);
        let (children, child_considerations, notifications, notification_updates) =
            notifications::records(&self.all_children()?, &self.all_considerations()?, &self.all_notifications()?);
        let providers: Vec<ProviderRecord> = load_providers(self.conn())?.iter().map(ProviderRecord::from).collect();
        let provider_prices: Vec<PriceRecord> = load_prices(self.conn())?
            .into_iter()
            .map(|(provider_id, (id, p))| PriceRecord {
                id,
                provider_id,
                service: p.service,
                unit: p.unit,
                amount: p.amount,
                valid_from: p.valid_from,
            })
            .collect();
        let stays: Vec<StayRecord> = self.all_stays()?.iter().map(StayRecord::from).collect();
        let stay_events: Vec<StayEventRecord> = load_events(self.conn(), None)?
            .into_iter()
            .map(|e| StayEventRecord {
                id: e.id,
                stay_id: e.stay_id,
                kind: e.kind,
                on: e.on,
                detail: e.detail,
                actor: e.actor,
                recorded_at: e.recorded_at,
            })
            .collect();
        let groups = self.export_groups()?;
        Ok(ExportFile {
            format: FORMAT_NAME.into(),
            version: FORMAT_VERSION,
            sample_today: None,
            centre,
            citizens,
            cases,
            case_events,
            plan_versions,
            course_endings,
            follow_up_calls,
            follow_up_attempts,
            children,
            child_considerations,
            conversations: self.all_conversations()?.iter().map(ConversationRecord::from).collect(),
            notifications,
            notification_updates,
            providers,
            provider_prices,
            stays,
            stay_events,
            groups: groups.groups,
            group_members: groups.group_members,
            group_sessions: groups.group_sessions,
            move_courses: groups.move_courses,
            attendances: groups.attendances,
            gift_card_ledger: groups.gift_card_ledger,
            complaints: self.all_complaints()?.iter().map(ComplaintRecord::from).collect(),
        })
    }
}
