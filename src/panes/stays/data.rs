//! What the pane loads: the stays with their figures, the providers and the
//! totals. Every figure is computed here, when the data is loaded or
//! changed or a stay comes into view, never while drawing.

use chrono::Datelike;

use super::{StaysPane, StaysScreen, list, providers, stay};
use crate::app::Shell;
use crate::domain::stay::overview::StayFlag;
use crate::domain::stay::{StayCosts, StayStatus, costs, flags, totals};
use crate::store::StayRow;
use crate::text;

/// One stay as the list shows it: where it is in its life and what needs
/// acting on, computed at load for every stay (the list is ordered and
/// counted by them), and its days and money, computed when it comes into
/// view ([`StaysPane::cost_view`]): costing every stay of a large centre
/// was a tenth of the switch to the pane.
#[derive(Debug, Clone)]
pub struct StayLine {
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
            let rows = sh.store.pane_stays(sh.today)?;
            let for_totals = sh.store.stays_for_totals(sh.today.year())?;
            Ok((providers, rows, for_totals))
        });
        let (providers, rows, for_totals) = loaded.map_err(|e| format!("{} {e}", text::stays::STAYS_NOT_LOADED))?;
        let policy = &sh.profile.stay;
        let today = sh.today;
        self.lines = rows
            .into_iter()
            .filter_map(|row| {
                let provider = providers.iter().find(|p| p.id == row.stay.provider_id)?;
                let (status, flags) = (row.stay.status(), flags(&row.stay, policy, today));
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
        self.cost_view(sh);
        let count = self.providers.len();
        for screen in &mut self.stack {
            if let StaysScreen::Providers(view) = screen {
                view.cursor.clamp(count, providers::table_rows(sh.list_rows, count));
            }
        }
        stay::refresh(self, sh)
    }
}

impl StaysPane {
    /// Works out the days and money of the stays in the list's view, and
    /// of a page either side (a margin, should the drawn view and the
    /// shell's rows ever differ by one), that have none yet: after a load,
    /// a move of the list's cursor and a change of the view's height.
    pub fn cost_view(&mut self, sh: &Shell) {
        let per_page = list::stays_per_page(sh.list_rows);
        let view = self.cursor.window(self.lines.len(), per_page);
        let near = view.start.saturating_sub(per_page)..(view.end + per_page).min(self.lines.len());
        for line in &mut self.lines[near] {
            if line.costs.is_none()
                && let Some(provider) = self.providers.iter().find(|p| p.id == line.row.stay.provider_id)
            {
                line.costs = Some(costs(&line.row.stay, provider, sh.today));
            }
        }
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
