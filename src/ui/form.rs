//! Drawing a form: the banner on top, then a block per field: its label,
//! its value over as many rows as it needs, and its error (or, focused, its
//! hint) under it.
//!
//! The form is a view that scrolls. Every height is measured by wrapping at
//! the width the form actually gets, so a long banner or error cannot push
//! fields out of the box unseen: the view always shows the focused field
//! with its error or hint, at any terminal size, and says on its border when
//! there is more above or below. The view's top row is kept in the form
//! (`Form::view_top`) so it moves only as far as the focus needs.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::widgets::{wrap, wrap_ranges};
use super::{Theme, styled};
use crate::app::form::{Field, FieldValue, Form};

/// The form box's widest.
const BOX_WIDTH: u16 = 78;
/// The label column's width: the widest label, at least the minimum (so
/// values line up from form to form), and labels wider than the maximum
/// wrap in their column.
const LABEL_MIN: usize = 20;
const LABEL_MAX: usize = 26;
/// The rows an unfocused text shows before "↓".
const TEXT_ROWS_UNFOCUSED: usize = 3;
/// On the border when the view is scrolled.
/// In a text's last column when its text goes on above or below.
const TEXT_MORE_ABOVE: &str = "↑";
const TEXT_MORE_BELOW: &str = "↓";

pub fn draw(frame: &mut Frame, area: Rect, form: &Form, theme: &Theme) {
    let width = fill_or(area.width, BOX_WIDTH);
    let inner_width = usize::from(width.saturating_sub(2));
    let room = usize::from(area.height.saturating_sub(2));
    let laid = lay_out(form, inner_width, room, theme);
    let visible = laid.rows.len().min(room);
    let rect = super::centered(area, width, fill_or(area.height, visible as u16 + 2));
    let top = scroll(form, &laid, visible);

    let mut block = Block::default().borders(Borders::ALL).title(format!(" {} ", form.title));
    if top > 0 {
        block = block
            .title_top(Line::from(styled(format!(" {} ", crate::text::MORE_ABOVE), theme.accent())).right_aligned());
    }
    if top + visible < laid.rows.len() {
        block = block
            .title_bottom(Line::from(styled(format!(" {} ", crate::text::MORE_BELOW), theme.accent())).right_aligned());
    }
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    let shown: Vec<Line> = laid.rows.into_iter().skip(top).take(visible).collect();
    frame.render_widget(Paragraph::new(shown).block(block), rect);
    if let Some((row, col)) = laid.cursor
        && (top..top + visible).contains(&row)
        && col < inner.width
    {
        frame.set_cursor_position(Position { x: inner.x + col, y: inner.y + (row - top) as u16 });
    }
}

/// `wanted` of `room`, or all of it when what is left over would be too
/// little to show the pane underneath, only its border doubling the box's.
fn fill_or(room: u16, wanted: u16) -> u16 {
    if wanted.saturating_add(4) > room { room } else { wanted }
}

/// The form's rows at one width, before scrolling.
struct Laid {
    rows: Vec<Line<'static>>,
    /// The rows that must be in view: the focused field with its error or
    /// hint.
    focus: Range<usize>,
    /// Where the focus's view would best start: the banner's first row when
    /// the first field has the focus (shown if it fits), else the focus.
    context: usize,
    /// The text cursor of a focused text field: row and column.
    cursor: Option<(usize, u16)>,
}

/// The first row to show of a form laid out in `rows`, keeping the focus in
/// view and otherwise where it was. Stores it in the form for next time.
fn scroll(form: &Form, laid: &Laid, rows: usize) -> usize {
    let total = laid.rows.len();
    let Range { start, end } = laid.focus;
    // A focused field taller than the view: its top, or the cursor's row.
    let (start, end) = if end - laid.context <= rows {
        (laid.context, end)
    } else if end - start <= rows {
        (start, end)
    } else {
        match laid.cursor {
            Some((row, _)) if row >= start + rows => (row + 1 - rows, row + 1),
            _ => (start, start + rows),
        }
    };
    let mut top = form.view_top.get().min(total.saturating_sub(rows));
    if start < top {
        top = start;
    } else if end > top + rows {
        top = end - rows;
    }
    form.view_top.set(top);
    top
}

fn lay_out(form: &Form, width: usize, room: usize, theme: &Theme) -> Laid {
    let width = width.max(1);
    let mut rows: Vec<Line<'static>> = Vec::new();
    if let Some(banner) = &form.banner {
        rows.extend(wrap(banner, width).into_iter().map(|r| Line::from(styled(r, theme.warning()))));
        rows.push(Line::from(""));
    }
    let visible: Vec<usize> = (0..form.fields.len()).filter(|&i| !form.fields[i].hidden).collect();
    let label_width = visible
        .iter()
        .map(|&i| form.fields[i].label.width())
        .max()
        .unwrap_or(0)
        .clamp(LABEL_MIN, LABEL_MAX)
        .min((width.saturating_sub(4) / 2).max(1));
    // Pointer, error marker, label, a space.
    let value_col = label_width + 3;
    let value_width = width.saturating_sub(value_col).max(2);
    // A focused text shows at most this many rows, so its error fits too.
    let text_rows = (room / 2).clamp(TEXT_ROWS_UNFOCUSED, 10);

    let mut focus = 0..0;
    let mut context = 0;
    let mut cursor = None;
    for &i in &visible {
        let field = &form.fields[i];
        let focused = i == form.focus;
        let start = rows.len();
        let value =
            value_rows(field, focused, value_width, if focused { text_rows } else { TEXT_ROWS_UNFOCUSED }, theme);
        let labels = wrap(&field.label, label_width);
        let label_style = if field.error.is_some() { theme.danger() } else { theme.bold() };
        for k in 0..labels.len().max(value.rows.len()) {
            let lead = match k {
                0 => format!("{}{}", if focused { "›" } else { " " }, if field.error.is_some() { "!" } else { " " }),
                _ => "  ".to_string(),
            };
            let label = labels.get(k).map(String::as_str).unwrap_or("");
            let pad = label_width.saturating_sub(label.width());
            let mut spans = vec![styled(format!("{lead}{label}{:pad$} ", ""), label_style)];
            if let Some(row) = value.rows.get(k) {
                spans.extend(row.iter().cloned());
            }
            rows.push(Line::from(spans));
        }
        if focused && let Some((row, col)) = value.cursor {
            cursor = Some((start + row, (value_col + col) as u16));
        }
        // The error (or the focused field's hint) under the value, a little
        // further in than the value when there is room for it.
        let indent = if width.saturating_sub(value_col + 2) >= 30 { value_col + 2 } else { 2 };
        let message = match (&field.error, &field.hint) {
            (Some(error), _) => Some((error, "! ", theme.danger())),
            (None, Some(hint)) if focused => Some((hint, "", theme.dim())),
            _ => None,
        };
        if let Some((text, mark, style)) = message {
            let text_width = width.saturating_sub(indent + mark.width()).max(1);
            for (k, row) in wrap(text, text_width).into_iter().enumerate() {
                let mark = if k == 0 { mark.to_string() } else { " ".repeat(mark.width()) };
                rows.push(Line::from(styled(format!("{:indent$}{mark}{row}", ""), style)));
            }
        }
        if focused {
            focus = start..rows.len();
            context = if visible.first() == Some(&i) { 0 } else { start };
        }
    }
    Laid { rows, focus, context, cursor }
}

/// A field's value as rows of at most `width` columns, and where the text
/// cursor is in them.
struct ValueRows {
    rows: Vec<Vec<Span<'static>>>,
    cursor: Option<(usize, usize)>,
}

fn value_rows(field: &Field, focused: bool, width: usize, max_rows: usize, theme: &Theme) -> ValueRows {
    let style = if focused { theme.selected() } else { theme.text() };
    let plain = |text: String| {
        let rows = wrap(&text, width).into_iter().map(|r| vec![styled(r, style)]).collect();
        ValueRows { rows, cursor: None }
    };
    match &field.value {
        FieldValue::Text { value, cursor } | FieldValue::Note { value, cursor } => {
            text_rows(value, *cursor, focused, width, max_rows, style, theme)
        }
        FieldValue::Choice { options, index } => {
            let option = options.get(*index).cloned().unwrap_or_default();
            plain(if focused { format!("‹ {option} ›") } else { option })
        }
        FieldValue::Multi { options, chosen, cursor } => {
            let picked: Vec<&str> =
                options.iter().zip(chosen).filter(|(_, on)| **on).map(|(o, _)| o.as_str()).collect();
            let picked = if picked.is_empty() { "ingen valgt".to_string() } else { picked.join(", ") };
            plain(if focused {
                let under = options.get(*cursor).cloned().unwrap_or_default();
                let mark = if chosen.get(*cursor).copied().unwrap_or(false) { "x" } else { " " };
                format!("‹[{mark}] {under}›  {picked}")
            } else {
                picked
            })
        }
    }
}

/// A text wrapped at `width - 1` columns (the last column is for the cursor
/// at a row's end and for ↑/↓), showing at most `max_rows` rows: from the
/// top, or, focused, the rows up to the cursor's.
fn text_rows(
    value: &str,
    cursor: usize,
    focused: bool,
    width: usize,
    max_rows: usize,
    style: Style,
    theme: &Theme,
) -> ValueRows {
    let text_width = width.saturating_sub(1).max(1);
    let mut rows: Vec<String> = Vec::new();
    let mut at = None;
    let mut base = 0;
    for line in value.split('\n') {
        let chars: Vec<char> = line.chars().collect();
        let ranges = wrap_ranges(line, text_width);
        let last = ranges.len() - 1;
        for (k, range) in ranges.into_iter().enumerate() {
            let (from, to) = (base + range.start, base + range.end);
            if at.is_none() && cursor >= from && (cursor < to || k == last && cursor == to) {
                let col: usize = chars[range.start..cursor - base].iter().map(|c| c.width().unwrap_or(0)).sum();
                at = Some((rows.len(), col.min(text_width)));
            }
            let mut row: String = chars[range].iter().collect();
            while row.width() > text_width && row.ends_with(' ') {
                row.pop();
            }
            rows.push(row);
        }
        base += chars.len() + 1;
    }
    let at = at.unwrap_or((rows.len() - 1, 0));
    let max_rows = max_rows.max(1);
    let first = if focused && at.0 >= max_rows { at.0 + 1 - max_rows } else { 0 };
    let shown = first..(first + max_rows).min(rows.len());
    let more_above = first > 0;
    let more_below = shown.end < rows.len();
    let last_shown = shown.end - 1;
    let mut out = Vec::new();
    for (k, row) in rows.into_iter().enumerate().skip(shown.start).take(shown.len()) {
        let pad = text_width.saturating_sub(row.width());
        let mut spans = vec![styled(row, style)];
        let mark = match (k == shown.start && more_above, k == last_shown && more_below) {
            (true, _) => TEXT_MORE_ABOVE,
            (_, true) => TEXT_MORE_BELOW,
            _ => "",
        };
        if !mark.is_empty() {
            spans.push(styled(format!("{:pad$}", ""), style));
            spans.push(styled(mark, theme.accent()));
        } else if focused {
            // The focused value shows as a field even when it is short.
            spans.push(styled(" ", style));
        }
        out.push(spans);
    }
    ValueRows { rows: out, cursor: focused.then(|| (at.0 - first, at.1)) }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::app::keymap;
    use crate::app::{Action, App};
    use crate::domain::intake::{ContactField, ContactWarning};
    use crate::store::Store;
    use crate::text;

    fn app() -> App {
        let store = Store::open_in_memory("anna.jensen").unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        App::new(store, today, keymap::load(None).0).unwrap()
    }

    /// The screen's rows within the form box's columns (the pane shows
    /// left and right of it on a wide screen), and the cursor when shown.
    fn screen(app: &App, width: u16, height: u16) -> (Vec<String>, Option<Position>) {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|f| crate::ui::draw(f, app, &Theme::plain())).unwrap();
        let backend = terminal.backend();
        let cursor = backend.cursor_visible().then(|| backend.cursor_position());
        let buffer = backend.buffer();
        let box_width = fill_or(width, BOX_WIDTH);
        let left = (width - box_width) / 2;
        let rows = (0..height)
            .map(|y| {
                let mut row = String::new();
                let mut x = left;
                while x < left + box_width {
                    let symbol = buffer[(x, y)].symbol();
                    row.push_str(symbol);
                    x += symbol.width().max(1) as u16;
                }
                row
            })
            .collect();
        (rows, cursor)
    }

    /// The screen's text as one line of words, for text that wraps over
    /// rows of its own (a banner, an error).
    fn words(rows: &[String]) -> String {
        rows.iter()
            .map(|r| r.trim_matches(|c: char| c == '│' || c.is_whitespace()))
            .collect::<Vec<_>>()
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn longest_banner() -> String {
        let warnings = [
            ContactWarning::CprModulus11,
            ContactWarning::BelowYoungestAge { age: 16, youngest: 18 },
            ContactWarning::ChildrenNotAsked,
        ];
        let said: Vec<String> = warnings.iter().map(text::intake::contact_warning).collect();
        format!("{} {}", said.join(" "), text::ENTER_AGAIN_TO_SAVE)
    }

    /// Walks the focus over every field of the open form and checks that the
    /// focused field's label and its whole error are on screen each time.
    fn walk(app: &mut App, width: u16, height: u16) {
        let form = app.form().unwrap();
        let fields = form.fields.iter().filter(|f| !f.hidden).count();
        // Down twice round (back to the top from the last field), then up.
        let steps = [Action::NextField; 2].repeat(fields).into_iter().chain(vec![Action::PrevField; fields * 2]);
        for step in steps {
            let form = app.form().unwrap();
            let field = form.focused().unwrap().clone();
            let (rows, cursor) = screen(app, width, height);
            let all = rows.join("\n");
            assert!(
                rows.iter().any(|r| r.contains(&format!("›!{}", field.label))),
                "{width}×{height}: the focused {:?} is not on screen:\n{all}",
                field.label
            );
            let error = field.error.clone().unwrap();
            assert!(
                words(&rows).contains(&format!("! {error}")),
                "{width}×{height}: {error:?} is not on screen:\n{all}"
            );
            if field.is_text() {
                let cursor = cursor.unwrap_or_else(|| panic!("no cursor in {:?}:\n{all}", field.label));
                assert!(cursor.y > 0 && cursor.y < height - 3, "{cursor:?}:\n{all}");
            }
            app.update(step);
        }
    }

    fn with_errors_everywhere(app: &mut App, banner: String) {
        let form = app.form_mut().unwrap();
        form.banner = Some(banner);
        for field in &mut form.fields {
            field.error = Some(format!(
                "{} er ikke udfyldt rigtigt: skriv datoen som dd.mm.åååå, og husk at en lang forklaring også skal kunne læses.",
                field.label
            ));
        }
    }

    #[test]
    fn the_new_contact_form_shows_the_focused_field_and_its_error_at_80x24_and_60x20() {
        let mut app = app();
        app.update(Action::NewContact);
        with_errors_everywhere(&mut app, longest_banner());
        for (width, height) in [(80, 24), (60, 20), (120, 40)] {
            walk(&mut app, width, height);
        }
        // A young person's form has the consent field too.
        let form = app.form_mut().unwrap();
        form.focus = 0;
        let young = match &form.fields[0].value {
            FieldValue::Choice { options, .. } => options.iter().position(|o| o.contains("Ung")).unwrap(),
            _ => unreachable!(),
        };
        for _ in 0..young {
            app.update(Action::Right);
        }
        let form = app.form().unwrap();
        assert!(!form.field(ContactField::ParentalConsent).unwrap().hidden);
        with_errors_everywhere(&mut app, longest_banner());
        walk(&mut app, 80, 24);
        walk(&mut app, 60, 20);
    }

    #[test]
    fn a_long_note_shows_wrapped_with_the_cursor_and_its_error_in_view() {
        let mut app = app();
        app.update(Action::NewContact);
        let form = app.form_mut().unwrap();
        let note = form.fields.iter().position(|f| f.id.is(ContactField::Note)).unwrap();
        form.fields[note] = Field::note(
            ContactField::Note,
            text::intake::F_NOTE,
            &"Borgeren ringede om morgenen og fortalte om sin situation.\n".repeat(12),
        );
        with_errors_everywhere(&mut app, longest_banner());
        walk(&mut app, 80, 24);
        walk(&mut app, 60, 20);
        // On the note: its rows end with the cursor's, with ↑ above.
        let form = app.form_mut().unwrap();
        form.focus = note;
        let (rows, cursor) = screen(&app, 80, 24);
        let all = rows.join("\n");
        assert!(all.contains(TEXT_MORE_ABOVE), "{all}");
        let cursor = cursor.expect("the cursor is in the note");
        assert!(rows[usize::from(cursor.y) - 1].contains("situation."), "{all}");
        // Home twice: the text's start, and its first row is shown.
        app.update(Action::Home);
        app.update(Action::Home);
        let (rows, _) = screen(&app, 80, 24);
        let all = rows.join("\n");
        assert!(all.contains("›!Note") && all.contains(TEXT_MORE_BELOW), "{all}");
    }

    #[test]
    fn the_view_says_there_is_more_and_moves_only_as_far_as_the_focus_needs() {
        let mut app = app();
        app.update(Action::NewContact);
        with_errors_everywhere(&mut app, longest_banner());
        let (rows, _) = screen(&app, 80, 24);
        let all = rows.join("\n");
        assert!(all.contains("▼ mere") && !all.contains("▲ mere"), "{all}");
        assert!(words(&rows).contains(&longest_banner()), "the banner is in view at the first field:\n{all}");
        // To the last field, then one up: the view stays where it is.
        app.update(Action::PrevField);
        let (rows, _) = screen(&app, 80, 24);
        let all = rows.join("\n");
        assert!(all.contains("▲ mere") && !all.contains("▼ mere"), "{all}");
        let top = app.form().unwrap().view_top.get();
        app.update(Action::PrevField);
        screen(&app, 80, 24);
        assert_eq!(app.form().unwrap().view_top.get(), top);
        // Back at the first field the banner is shown again.
        let form = app.form_mut().unwrap();
        form.focus = 0;
        let (rows, _) = screen(&app, 80, 24);
        assert!(words(&rows).contains(&longest_banner()));
    }

    #[test]
    fn a_form_survives_tiny_terminals_and_keeps_the_focused_label() {
        let mut app = app();
        app.update(Action::NewContact);
        with_errors_everywhere(&mut app, longest_banner());
        for (width, height) in [(40, 12), (30, 8), (20, 5), (1, 1)] {
            for _ in 0..15 {
                let (rows, _) = screen(&app, width, height);
                if height >= 12 {
                    // The label may wrap in its narrow column: its first word.
                    let label = app.form().unwrap().focused().unwrap().label.clone();
                    let first = label.split_whitespace().next().unwrap();
                    let all = rows.join("\n");
                    assert!(all.contains(&format!("›!{first}")), "{label:?} at {width}×{height}:\n{all}");
                }
                app.update(Action::NextField);
            }
        }
    }

    #[test]
    fn a_short_form_is_as_tall_as_its_fields() {
        let mut app = app();
        app.update(Action::NewContact);
        let (rows, _) = screen(&app, 120, 40);
        let all = rows.join("\n");
        assert!(!all.contains("mere"), "{all}");
        // Every visible field is on screen, with its label in one piece.
        for field in app.form().unwrap().fields.iter().filter(|f| !f.hidden) {
            assert!(all.contains(&field.label), "{:?}:\n{all}", field.label);
        }
    }

    /// A form drawn alone in a `width` × `height` area, as rows of text.
    fn drawn(form: &Form, width: u16, height: u16) -> Vec<String> {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|f| draw(f, f.area(), form, &Theme::plain())).unwrap();
        let buffer = terminal.backend().buffer();
        (0..height).map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect()).collect()
    }

    /// The fields of a generated form are named by their place.
    #[derive(Debug, Clone, Copy)]
    struct Slot(#[expect(dead_code, reason = "read through Debug, which names the field")] usize);
    impl crate::app::form::FieldName for Slot {}

    fn field_strategy() -> impl proptest::strategy::Strategy<Value = (usize, usize, Option<usize>, bool)> {
        use proptest::prelude::*;
        // The label's length, the value's length, an error's length (if
        // any), and whether it is a note of several lines.
        (1usize..40, 0usize..200, proptest::option::of(1usize..240), any::<bool>())
    }

    proptest::proptest! {
        /// Every form of every pane is drawn by this one host, so a form
        /// of any shape stands for them all: whatever its fields, banner
        /// and errors, the focused field's label and its whole error are on
        /// screen at 80×24, for every focus position.
        #[test]
        fn any_form_shows_its_focused_field_and_its_error_at_80x24(
            fields in proptest::collection::vec(field_strategy(), 1..14),
            banner in proptest::option::of(1usize..400),
        ) {
            let word = |n: usize| "ordene ".repeat(n / 7 + 1)[..n].trim_end().to_string() + "x";
            let built: Vec<Field> = fields
                .iter()
                .enumerate()
                .map(|(i, (label, value, error, note))| {
                    let name = Slot(i);
                    let label = format!("{i}{}", word(*label));
                    let mut field = if *note {
                        Field::note(name, &label, &word(*value).replace("e o", "e\no"))
                    } else {
                        Field::text(name, &label, &word(*value))
                    };
                    field.error = error.map(|n| format!("E{i} {}", word(n)));
                    field
                })
                .collect();
            let mut form = Form::new("Formular", built);
            form.banner = banner.map(word);
            for focus in 0..form.fields.len() {
                form.focus = focus;
                let rows = drawn(&form, 80, 24);
                let all = rows.join("\n");
                let field = &form.fields[focus];
                let label_start: String = field.label.chars().take(8).collect();
                proptest::prop_assert!(
                    rows.iter().any(|r| r.contains(&format!("›!{label_start}")) || r.contains(&format!("› {label_start}"))),
                    "focus {focus}: {:?} not on screen:\n{all}", field.label
                );
                if let Some(error) = &field.error {
                    proptest::prop_assert!(words(&rows).contains(&format!("! {error}")), "{error:?} not whole:\n{all}");
                }
            }
        }
    }
}
