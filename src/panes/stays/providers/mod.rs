//! The providers, opened over the list: a table of the providers with
//! their prices today, and under it the selected provider's terms and every
//! price it has had. Their forms (a provider, a price) are beside this file.

mod draw;
pub mod price_form;
pub mod provider_form;

pub use draw::draw;

use super::StaysPane;
use crate::app::list_cursor::ListCursor;
use crate::app::{Action, Shell, StatusKind};
use crate::text;

/// The providers screen's state: the table's cursor.
#[derive(Debug, Clone, Default)]
pub struct ProvidersView {
    pub cursor: ListCursor,
}

/// The providers the table shows at once in a view of `inner_height`
/// rows: all of them when they fit in about half the view, the rest of
/// which shows the selected provider.
fn body_rows(inner_height: usize, len: usize) -> usize {
    // The table's title row and a blank row under the table.
    let half = (inner_height.saturating_sub(2) / 2).max(1);
    len.clamp(1, half)
}

/// [`body_rows`] when the shell's list area has `list_rows` rows: the
/// pane's border holds the list area and its header and title rows.
pub fn table_rows(list_rows: usize, len: usize) -> usize {
    body_rows(list_rows + 2, len)
}

/// The providers screen's own keys.
pub fn update(pane: &mut StaysPane, action: Action, sh: &mut Shell) {
    match action {
        Action::NewProvider => provider_form::open(pane, sh, None),
        Action::EditProvider => match pane.selected_provider().map(|p| p.id) {
            Some(id) => provider_form::open(pane, sh, Some(id)),
            None => sh.set_status(StatusKind::Warning, text::stays::SELECT_PROVIDER_FIRST),
        },
        Action::NewPrice => price_form::open(pane, sh),
        _ => {}
    }
}
