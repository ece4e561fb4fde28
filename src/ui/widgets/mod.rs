//! Building blocks the panes share: a list cursor that scrolls the way a
//! user expects, a table whose columns give way by priority, and cutting
//! and wrapping text by display width (æ, ø and å are one column each, some
//! characters two).
//!
//! - [`ListCursor`]: the selection and a sticky scroll offset of one list.
//!   It is plain state (no drawing), so an app view can hold it.
//! - [`Column`], [`column_widths`], [`DataTable`]: a list drawn as a table.
//! - [`fit_width`], [`wrap`], [`wrap_ranges`]: text by display width.
//! - [`scroll_view`]: a long view in a box, wrapped and scrolled.

pub mod scroll_view;
pub mod table;
pub mod text;

/// The cursor is app state (a pane holds one per list); drawn here.
pub use crate::app::list_cursor::ListCursor;
pub use scroll_view::scroll_view;
pub use table::{Column, DataTable, TableCell, column_widths};
pub use text::{fit_width, wrap, wrap_ranges};
