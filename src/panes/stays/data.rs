//! What the pane loads: the stays with their figures, the providers and the
//! totals. Every figure is computed here, when the data is loaded or
//! changed or a stay comes into view, never while drawing.

use chrono::Datelike;

use super::{StaysPane, StaysScreen, list, providers, stay};
use crate::app::{Shell, StatusKind};
use crate::domain::stay::overview::StayFlag;
use crate::domain::stay::{StayCosts, StayStatus, costs, flags, totals};
use crate::store::StayRow;
use crate::text;

/// One stay as the list shows it: where it is in its life and what needs
/// acting on, computed at load for every stay (the list is ordered and
/// counted by them), and its citizen, counsellor, days and money, read and
/// computed when it comes into view ([`StaysPane::name_and_cost_view`]):
/// costing every stay of a large centre was a tenth of the switch to the
/// pane, and reading every stay's case and citizen a third.
#[derive(Debug, Clone)]
pub struct StayLine {
    /// The row's citizen and counsellor are empty until the stay has been
    /// in view (`costs` is then set).
    pub row: StayRow,
    pub provider: String,
    pub status: StayStatus,
    pub flags: Vec<StayFlag>,
    /// `None` until the stay has been in view.
    pub costs: Option<StayCosts>,
}

impl StaysPane {
    /// Loads the stays, the providers and the totals, keeping the list's
    /// selection on the same stay, and brings the screens over the list up
    /// to date. A failed load leaves what was shown and is returned worded
    /// for the status line.
    pub fn reload_stays(&mut self, sh: &Shell) -> Result<(), String> {
        let keep = self.selected_line().map(|l| l.row.stay.id);
        let loaded = sh.store.providers().and_then(|providers| {
            let stays = sh.store.pane_stays(sh.today)?;
            let for_totals = sh.store.stays_for_totals(sh.today.year())?;
            Ok((providers, stays, for_totals))
        });
        let (providers, stays, for_totals) = loaded.map_err(|e| format!("{} {e}", text::stays::STAYS_NOT_LOADED))?;
        let policy = &sh.profile.stay;
        let today = sh.today;
        self.lines = stays
            .into_iter()
            .filter_map(|stay| {
                let provider = providers.iter().find(|p| p.id == stay.provider_id)?;
                let (status, flags) = (stay.status(), flags(&stay, policy, today));
                let row = StayRow { stay, citizen: String::new(), counsellor: String::new() };
                Some(StayLine { provider: provider.name.clone(), status, flags, costs: None, row })
            })
            .collect();
        // What needs acting on first: flagged stays, then by where they
        // are in their life, then by start.
        self.lines.sort_by_key(|l| (l.flags.is_empty(), life_rank(l.status), l.row.stay.start(), l.row.stay.id));
        let pairs: Vec<_> = for_totals
            .iter()
            .filter_map(|s| providers.iter().find(|p| p.id == s.provider_id).map(|p| (s, p)))
            .collect();
        self.totals = Some(totals(&pairs, today));
        self.providers = providers;

        let rows = list::stays_per_page(sh.list_rows);
        match keep.and_then(|id| self.lines.iter().position(|l| l.row.stay.id == id)) {
            Some(i) => self.cursor.select(i, self.lines.len(), rows),
            None => self.cursor.clamp(self.lines.len(), rows),
        }
        // The open stays are built again from their list lines: those
        // need their names too, wherever the list is.
        let open: Vec<i64> = self
            .stack
            .iter()
            .filter_map(|screen| match screen {
                StaysScreen::Detail(detail) => Some(detail.stay_id()),
                _ => None,
            })
            .collect();
        let open: Vec<usize> =
            self.lines.iter().enumerate().filter(|(_, l)| open.contains(&l.row.stay.id)).map(|(i, _)| i).collect();
        // A failed read of the names leaves those stays unnamed and is
        // returned with the rest brought up to date.
        let named = self.name_and_cost(sh, self.near_view(sh).chain(open));
        let count = self.providers.len();
        for screen in &mut self.stack {
            if let StaysScreen::Providers(view) = screen {
                view.cursor.clamp(count, providers::table_rows(sh.list_rows, count));
            }
        }
        let refreshed = stay::refresh(self, sh);
        named.and(refreshed)
    }

    /// The stays in the list's view and a page either side (a margin,
    /// should the drawn view and the shell's rows ever differ by one).
    fn near_view(&self, sh: &Shell) -> std::ops::Range<usize> {
        let per_page = list::stays_per_page(sh.list_rows);
        let view = self.cursor.window(self.lines.len(), per_page);
        view.start.saturating_sub(per_page)..(view.end + per_page).min(self.lines.len())
    }

    /// Reads the names and works out the days and money of the stays near
    /// the list's view that have none yet: after a move of the list's
    /// cursor and a change of the view's height. A failed read is said on
    /// the status line; those stays are named at the next move.
    pub fn name_and_cost_view(&mut self, sh: &mut Shell) {
        if let Err(why) = self.name_and_cost(sh, self.near_view(sh)) {
            sh.set_status(StatusKind::Error, why);
        }
    }

    /// Names and costs the lines at `indices` that have not been in view:
    /// one read of their cases' people, then each cost.
    fn name_and_cost(&mut self, sh: &Shell, indices: impl Iterator<Item = usize>) -> Result<(), String> {
        let new: Vec<usize> = indices.filter(|&i| self.lines[i].costs.is_none()).collect();
        if new.is_empty() {
            return Ok(());
        }
        let cases: Vec<i64> = new.iter().map(|&i| self.lines[i].row.stay.case_id).collect();
        let people = sh.store.stay_people(&cases).map_err(|e| format!("{} {e}", text::stays::STAYS_NOT_LOADED))?;
        for i in new {
            let line = &mut self.lines[i];
            let Some(provider) = self.providers.iter().find(|p| p.id == line.row.stay.provider_id) else { continue };
            // Two stays of one case share its people.
            if let Some(who) = people.get(&line.row.stay.case_id) {
                line.row.citizen = who.citizen.clone();
                line.row.counsellor = who.counsellor.clone();
            }
            line.costs = Some(costs(&line.row.stay, provider, sh.today));
        }
        Ok(())
    }
}

/// Where a stay is in its life, in the order the list shows them.
fn life_rank(status: StayStatus) -> u8 {
    match status {
        StayStatus::Running => 0,
        StayStatus::Approved => 1,
        StayStatus::Recommended => 2,
        StayStatus::Interrupted => 3,
        StayStatus::Ended => 4,
        StayStatus::Aftercare => 5,
        StayStatus::Refused => 6,
    }
}
