//! One stay opened over the list: its provider and terms, its steps, its
//! cost line by line, its own payment and its history. The steps stay live
//! under it, so a counsellor can act on what they read; their forms and the
//! own payment's are beside this file.

mod draw;
pub mod own_payment;
pub mod step;

use chrono::NaiveDate;

pub use draw::draw;

use super::{StayLine, StaysPane, StaysScreen};
use crate::app::Shell;
use crate::app::scroll::Scroll;
use crate::domain::stay::overview::{interruption_report_due, midway_due};
use crate::domain::stay::{Provider, costs, flags};
use crate::store::{StayEvent, StayRow};
use crate::text;

/// An open stay: what its view shows, and how far it is scrolled.
#[derive(Debug, Clone)]
pub struct StayDetail {
    pub line: StayLine,
    pub provider: Provider,
    pub events: Vec<StayEvent>,
    pub midway_due: Option<NaiveDate>,
    pub report_due: Option<NaiveDate>,
    pub scroll: Scroll,
}

impl StayDetail {
    pub fn stay_id(&self) -> i64 {
        self.line.row.stay.id
    }
}

/// Opens stay `id` over the list, read afresh (the look is recorded in the
/// audit trail). An open stay on top is replaced, not stacked. A failure
/// is returned worded for the status line.
pub fn open(pane: &mut StaysPane, sh: &mut Shell, id: i64) -> Result<(), String> {
    let loaded = sh.store.view_stay(id).and_then(|row| Ok((row, sh.store.stay_events(id)?)));
    let (row, events) = loaded.map_err(|e| format!("{} {e}", text::stays::STAY_NOT_OPENED))?;
    let mut detail = build(pane, sh, row, events).ok_or(text::stays::PROVIDER_GONE)?;
    match pane.stack.last_mut() {
        Some(StaysScreen::Detail(open)) => {
            if open.stay_id() == id {
                detail.scroll = open.scroll.clone();
            }
            **open = detail;
        }
        _ => pane.stack.push(StaysScreen::Detail(Box::new(detail))),
    }
    Ok(())
}

/// After a reload: each open stay again from the fresh list, scrolled as
/// it was (the user is still looking at it, so this is no new look to
/// audit). A stay no longer in the list is closed. A history that cannot
/// be loaded is kept as it was, and the failure returned.
pub fn refresh(pane: &mut StaysPane, sh: &Shell) -> Result<(), String> {
    let mut failed = None;
    let mut stack = std::mem::take(&mut pane.stack);
    stack.retain_mut(|screen| {
        let StaysScreen::Detail(open) = screen else { return true };
        let id = open.stay_id();
        let Some(row) = pane.lines.iter().find(|l| l.row.stay.id == id).map(|l| l.row.clone()) else {
            return false;
        };
        let events = match sh.store.stay_events(id) {
            Ok(events) => events,
            Err(e) => {
                failed = Some(format!("{} {e}", text::stays::HISTORY_NOT_LOADED));
                open.events.clone()
            }
        };
        match build(pane, sh, row, events) {
            Some(fresh) => {
                **open = StayDetail { scroll: open.scroll.clone(), ..fresh };
                true
            }
            None => false,
        }
    });
    pane.stack = stack;
    failed.map_or(Ok(()), Err)
}

/// A stay's view from its row: its figures are computed here, not drawn.
/// `None` when its provider is gone from the loaded providers.
fn build(pane: &StaysPane, sh: &Shell, row: StayRow, events: Vec<StayEvent>) -> Option<StayDetail> {
    let provider = pane.provider(row.stay.provider_id)?.clone();
    let (status, flags) = (row.stay.status(), flags(&row.stay, &sh.profile.stay, sh.today));
    let costs = Some(costs(&row.stay, &provider, sh.today));
    Some(StayDetail {
        midway_due: midway_due(&row.stay),
        report_due: interruption_report_due(&row.stay, &sh.profile.stay),
        line: StayLine { provider: provider.name.clone(), status, flags, costs, row },
        provider,
        events,
        scroll: Scroll::default(),
    })
}
