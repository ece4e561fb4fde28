//! A list drawn as a table whose columns say how they give way.
//!
//! Each [`Column`] has a minimum width, a preferred (maximum) width and a
//! priority. [`column_widths`] shares the width out:
//!
//! 1. When not even every column's minimum fits, the column of the lowest
//!    priority is left out (the rightmost of equals), until the rest fit.
//! 2. Every shown column gets its minimum.
//! 3. What is left goes, highest priority first, to grow each column up to
//!    its preferred width.
//! 4. What is still left goes to the [`Column::fill`] columns.
//!
//! So on a narrow terminal the column that matters most (the markers) keeps
//! its room and a name is cut first, while on a wide one a name gets its
//! full preferred width instead of a fixed 16 characters.
//!
//! [`DataTable`] draws a window of a list with a [`ListCursor`] over ratatui's
//! `Table`, building only the rows in view, cutting each cell with an
//! ellipsis by display width.
//!
//! ```no_run
//! # use ratatui::Frame;
//! # use ratatui::layout::Rect;
//! use sagsbord::ui::widgets::{Column, DataTable, ListCursor, TableCell};
//!
//! const COLUMNS: [Column; 3] = [
//!     Column::new("Sag", 5, 6).priority(5),
//!     Column::new("Navn", 12, 30).priority(6),
//!     Column::new("Markeringer", 16, 30).priority(9).fill(),
//! ];
//!
//! # fn draw(frame: &mut Frame, area: Rect, cursor: &ListCursor, names: &[String]) {
//! DataTable::new(&COLUMNS).render(frame, area, cursor, names.len(), |i| {
//!     vec![TableCell::from(i.to_string()), TableCell::from(names[i].as_str()), TableCell::from("OVERSKREDET")]
//! });
//! # }
//! ```

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Text};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table, TableState};

use super::ListCursor;
use super::text::fit_width;

/// Columns between two shown columns.
pub const COLUMN_SPACING: u16 = 1;

/// The pointer in front of the selected row; the other rows get as many
/// spaces, so the columns do not shift.
pub const POINTER: &str = "› ";

/// How a column takes and gives up width. See the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub title: &'static str,
    /// Below this the column is left out rather than shown cut to nothing.
    pub min: u16,
    /// The width it grows to when there is room.
    pub max: u16,
    /// Higher keeps its width longer; lower is cut and left out first.
    pub priority: u8,
    /// Takes what is left when every column has its preferred width.
    pub fill: bool,
    /// Right-aligned (numbers, days left).
    pub right: bool,
}

impl Column {
    /// A column of `min`..=`max` columns, priority 0, left-aligned.
    pub const fn new(title: &'static str, min: u16, max: u16) -> Column {
        let max = if max < min { min } else { max };
        Column { title, min, max, priority: 0, fill: false, right: false }
    }

    /// A column that is always exactly `width` wide (when shown).
    pub const fn fixed(title: &'static str, width: u16) -> Column {
        Column::new(title, width, width)
    }

    pub const fn priority(mut self, priority: u8) -> Column {
        self.priority = priority;
        self
    }

    /// Lets the column take the width nobody else wants.
    pub const fn fill(mut self) -> Column {
        self.fill = true;
        self
    }

    pub const fn right(mut self) -> Column {
        self.right = true;
        self
    }
}

/// The width of each column in `width` columns, with [`COLUMN_SPACING`]
/// between shown columns; 0 for a column left out. At least the most
/// important column is shown, cut to `width` if need be.
pub fn column_widths(columns: &[Column], width: u16) -> Vec<u16> {
    let n = columns.len();
    let mut shown = vec![true; n];
    let needed = |shown: &[bool]| -> u32 {
        let count = shown.iter().filter(|s| **s).count() as u32;
        let mins: u32 = columns.iter().zip(shown).filter(|(_, s)| **s).map(|(c, _)| u32::from(c.min)).sum();
        mins + count.saturating_sub(1) * u32::from(COLUMN_SPACING)
    };
    while shown.iter().filter(|s| **s).count() > 1 && needed(&shown) > u32::from(width) {
        // The lowest priority goes; of equals, the rightmost.
        let out = (0..n).filter(|&i| shown[i]).min_by_key(|&i| (columns[i].priority, std::cmp::Reverse(i)));
        if let Some(i) = out {
            shown[i] = false;
        }
    }
    let mut widths: Vec<u16> = columns.iter().zip(&shown).map(|(c, s)| if *s { c.min } else { 0 }).collect();
    let used = needed(&shown);
    if used > u32::from(width) {
        // Only one column is left and it is wider than the room.
        if let Some(i) = shown.iter().position(|s| *s) {
            widths[i] = width;
        }
        return widths;
    }
    let mut left = width - used as u16;
    let mut order: Vec<usize> = (0..n).filter(|&i| shown[i]).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(columns[i].priority), i));
    for &i in &order {
        let grow = (columns[i].max - widths[i]).min(left);
        widths[i] += grow;
        left -= grow;
    }
    let fills: Vec<usize> = order.iter().copied().filter(|&i| columns[i].fill).collect();
    if !fills.is_empty() {
        // Shared evenly; the odd columns to the most important.
        let share = left / fills.len() as u16;
        let mut odd = left % fills.len() as u16;
        for &i in &fills {
            widths[i] += share + u16::from(odd > 0);
            odd = odd.saturating_sub(1);
        }
    }
    widths
}

/// One cell: its text (cut to the column's width when drawn) and a style
/// laid over the row's style.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TableCell {
    pub text: String,
    pub style: Style,
}

impl TableCell {
    pub fn new(text: impl Into<String>, style: Style) -> TableCell {
        TableCell { text: text.into(), style }
    }
}

impl From<String> for TableCell {
    fn from(text: String) -> TableCell {
        TableCell { text, style: Style::default() }
    }
}

impl From<&str> for TableCell {
    fn from(text: &str) -> TableCell {
        TableCell::from(text.to_string())
    }
}

/// A list drawn as a table: a title row, then the rows in view with a
/// pointer at the selected one. See the module docs.
#[derive(Debug, Clone)]
pub struct DataTable<'a> {
    columns: &'a [Column],
    header: bool,
    header_style: Style,
    selected_style: Style,
    empty: Option<(String, Style)>,
}

impl<'a> DataTable<'a> {
    /// A table with a title row (bold) and the selected row reversed.
    pub fn new(columns: &'a [Column]) -> DataTable<'a> {
        DataTable {
            columns,
            header: true,
            header_style: Style::default().add_modifier(ratatui::style::Modifier::BOLD),
            selected_style: Style::default().add_modifier(ratatui::style::Modifier::REVERSED),
            empty: None,
        }
    }

    /// Leaves out the title row.
    pub fn without_header(mut self) -> Self {
        self.header = false;
        self
    }

    pub fn header_style(mut self, style: Style) -> Self {
        self.header_style = style;
        self
    }

    /// The style of the selected row; cell styles are laid over it, so an
    /// overdue date stays red on the selected row.
    pub fn selected_style(mut self, style: Style) -> Self {
        self.selected_style = style;
        self
    }

    /// What to show instead of rows when the list is empty.
    pub fn empty(mut self, text: impl Into<String>, style: Style) -> Self {
        self.empty = Some((text.into(), style));
        self
    }

    /// The rows of `area` the list itself gets (the view height to give
    /// the cursor's movements).
    pub fn body_rows(&self, area: Rect) -> usize {
        usize::from(area.height.saturating_sub(u16::from(self.header)))
    }

    /// The width of each column in `area` (0 for a column left out).
    pub fn widths(&self, area: Rect) -> Vec<u16> {
        column_widths(self.columns, area.width.saturating_sub(POINTER.chars().count() as u16))
    }

    /// Draws the rows of a list of `len` rows that are in view, asking
    /// `row(i)` for the cells of row `i` (one per column, in order) only
    /// for those.
    pub fn render<F>(&self, frame: &mut Frame, area: Rect, cursor: &ListCursor, len: usize, mut row: F)
    where
        F: FnMut(usize) -> Vec<TableCell>,
    {
        let widths = self.widths(area);
        let fitted = |cells: Vec<TableCell>, row_style: Style| -> Row<'static> {
            let cells = cells.into_iter().zip(self.columns.iter().zip(&widths)).filter(|(_, (_, w))| **w > 0).map(
                |(cell, (column, w))| {
                    let line = Line::styled(fit_width(&cell.text, usize::from(*w)), cell.style);
                    let line = if column.right { line.alignment(Alignment::Right) } else { line };
                    Cell::from(Text::from(line))
                },
            );
            Row::new(cells).style(row_style)
        };
        let header = self.header.then(|| {
            let titles = self.columns.iter().map(|c| TableCell::from(c.title)).collect();
            fitted(titles, self.header_style)
        });
        let body = self.body_rows(area);
        if len == 0 {
            if let Some(header) = header {
                let table = Table::new(Vec::<Row>::new(), self.constraints(&widths)).header(header);
                frame.render_widget(self.dress(table), area);
            }
            if let Some((text, style)) = &self.empty {
                let at = Rect { y: area.y + u16::from(self.header), height: body as u16, ..area };
                frame.render_widget(Paragraph::new(Line::styled(text.clone(), *style)), at);
            }
            return;
        }
        let window = cursor.window(len, body);
        let selected = cursor.selection(len).unwrap_or(0);
        let rows: Vec<Row> = window
            .clone()
            .map(|i| fitted(row(i), if i == selected { self.selected_style } else { Style::default() }))
            .collect();
        let mut table = self.dress(Table::new(rows, self.constraints(&widths)));
        if let Some(header) = header {
            table = table.header(header);
        }
        let mut state = TableState::default().with_selected(Some(selected - window.start));
        frame.render_stateful_widget(table, area, &mut state);
    }

    fn constraints(&self, widths: &[u16]) -> Vec<Constraint> {
        widths.iter().filter(|w| **w > 0).map(|w| Constraint::Length(*w)).collect()
    }

    fn dress<'t>(&self, table: Table<'t>) -> Table<'t> {
        table
            .column_spacing(COLUMN_SPACING)
            .highlight_symbol(POINTER)
            .highlight_spacing(HighlightSpacing::Always)
            .row_highlight_style(Style::default())
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use unicode_width::UnicodeWidthStr;

    use super::*;

    /// The intake queue's columns, as the pane would give them.
    const QUEUE: [Column; 7] = [
        Column::new("Sag", 5, 6).priority(7),
        Column::new("Navn", 14, 28).priority(6),
        Column::new("Trin", 8, 14).priority(3),
        Column::fixed("Frist", 10).priority(5),
        Column::fixed("Dage", 4).priority(5).right(),
        Column::new("Rådgiver", 6, 12).priority(1),
        Column::new("Markeringer", 18, 30).priority(9).fill(),
    ];

    fn total(widths: &[u16]) -> u16 {
        let shown = widths.iter().filter(|w| **w > 0).count() as u16;
        widths.iter().sum::<u16>() + shown.saturating_sub(1) * COLUMN_SPACING
    }

    #[test]
    fn at_80_columns_every_column_shows_and_the_markers_keep_their_room() {
        // An 80-column terminal: the pane's border and the pointer take 4.
        let w = column_widths(&QUEUE, 76);
        assert_eq!(total(&w), 76);
        assert!(w.iter().all(|w| *w > 0), "{w:?}");
        // The 5 columns over the minimums all went to the markers, the most
        // important column; everyone else keeps their minimum.
        assert_eq!(w, [5, 14, 8, 10, 4, 6, 23]);
    }

    #[test]
    fn at_120_columns_a_name_is_not_cut_at_16() {
        let w = column_widths(&QUEUE, 116);
        assert_eq!(total(&w), 116);
        // Everyone has their preferred width; the rest goes to the markers.
        assert_eq!(w, [6, 28, 14, 10, 4, 12, 36]);
    }

    #[test]
    fn when_even_the_minimums_do_not_fit_the_least_important_go_first() {
        let w = column_widths(&QUEUE, 60);
        assert_eq!(w[5], 0, "the counsellor goes first: {w:?}");
        assert_eq!(w[2], 0, "then the stage: {w:?}");
        assert_eq!(w, [5, 14, 0, 10, 4, 0, 23], "the markers keep their room");
        assert!(total(&w) <= 60);
        // Down to one column: the markers, cut to the room.
        let w = column_widths(&QUEUE, 10);
        assert_eq!(w, [0, 0, 0, 0, 0, 0, 10]);
        assert_eq!(column_widths(&QUEUE, 0), [0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(column_widths(&[], 50), Vec::<u16>::new());
    }

    #[test]
    fn without_a_fill_column_the_rest_stays_empty_and_fills_share_evenly() {
        let columns = [Column::new("A", 2, 4), Column::new("B", 2, 4)];
        assert_eq!(column_widths(&columns, 30), [4, 4]);
        let columns = [Column::new("A", 2, 4).fill(), Column::new("B", 2, 4).fill().priority(1)];
        // 30 - 1 spacing - 8 = 21: 11 to B (more important), 10 to A.
        assert_eq!(column_widths(&columns, 30), [14, 15]);
    }

    fn screen(width: u16, height: u16, names: &[&str], cursor: &ListCursor) -> Vec<String> {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|frame| {
                DataTable::new(&QUEUE).empty("Ingen sager", Style::default()).render(
                    frame,
                    frame.area(),
                    cursor,
                    names.len(),
                    |i| {
                        vec![
                            TableCell::from((i + 1).to_string()),
                            TableCell::from(names[i]),
                            TableCell::from("Ny"),
                            TableCell::from("10.03.2026"),
                            TableCell::from("3"),
                            TableCell::from("anna.jensen"),
                            TableCell::from("OVERSKREDET, FORÆLDRESAMTYKKE MANGLER, BØRN IKKE SPURGT"),
                        ]
                    },
                )
            })
            .unwrap();
        let buffer = terminal.backend().buffer();
        (0..height)
            .map(|y| {
                let mut line = String::new();
                let mut x = 0;
                while x < width {
                    let symbol = buffer[(x, y)].symbol();
                    line.push_str(symbol);
                    x += symbol.width().max(1) as u16;
                }
                line
            })
            .collect()
    }

    #[test]
    fn the_table_draws_the_window_with_a_pointer_and_cuts_by_display_width() {
        let names = ["Søren Ærøskøbing-Østergaard Hansen", "Åse Ødegård", "Jens", "Mia", "Bo"];
        let mut cursor = ListCursor::new();
        cursor.end(names.len(), 3);
        cursor.up(names.len(), 3);
        let s = screen(80, 4, &names, &cursor);
        assert!(s[0].starts_with("  Sag"), "{s:#?}");
        assert!(s[0].contains("Markeringer"), "{s:#?}");
        // Rows 2..5 are in view, the selection on the middle one.
        assert!(s[1].starts_with("  3 "), "{s:#?}");
        assert!(s[2].starts_with("› 4 "), "{s:#?}");
        assert!(s[3].starts_with("  5 "), "{s:#?}");
        for line in &s {
            assert_eq!(line.width(), 80, "{line:?}");
        }
        // A long name is cut with an ellipsis at its column's width.
        let mut cursor = ListCursor::new();
        cursor.home(names.len(), 3);
        let s = screen(80, 4, &names, &cursor);
        assert!(s[1].contains("Søren Ærøskøb…"), "{s:#?}");
        assert!(s[1].contains("OVERSKREDET, FORÆLDRESAM…"), "{s:#?}");
        let s = screen(120, 4, &names, &cursor);
        assert!(s[1].contains("Søren Ærøskøbing-Østergaard…"), "{s:#?}");
        assert!(s[1].contains("anna.jensen"), "{s:#?}");
    }

    #[test]
    fn an_empty_table_shows_its_titles_and_the_empty_text() {
        let s = screen(80, 4, &[], &ListCursor::new());
        assert!(s[0].contains("Navn"), "{s:#?}");
        assert!(s[1].starts_with("Ingen sager"), "{s:#?}");
    }
}
