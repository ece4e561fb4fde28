//! The help overlay, built from the keymap's descriptions, so it always
//! shows the keys as the user has them.
//!
//! Every key of every live layer is shown: the sections flow into as few
//! columns as the screen needs (a section may go on in the next column, an
//! entry never does), and a description too long for its column wraps at a
//! space onto the next row instead of being cut. Only a screen too small for
//! all of them (below about 80×24 in the busiest screens) leaves entries
//! out, whole, and says so on the border.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::widgets::wrap;
use super::{Theme, styled};
use crate::app::App;
use crate::app::keymap::{Binding, Keymap, Layer};
use crate::text;

/// A column's width when there is room: the longest description (34) with
/// the widest keys ("q / ctrl-c") on one row.
const COLUMN_WIDTH: u16 = 50;
/// Narrower than this, a column would wrap nearly every description.
const COLUMN_MIN: u16 = 30;
/// Keys wider than this go on a row of their own above the description.
/// Wide enough for the widest pair the bundled keymaps show, "skift-tab /
/// <", so the global keys take a row each and the open case's help fits
/// 80×24.
const KEYS_MAX: usize = 13;
/// On the border when entries are left out for want of room.
const MORE: &str = " ▼ flere taster: gør vinduet større ";

/// Bindings of one layer with the keys of the same command joined, by
/// their Danish names: "ned / j".
pub(crate) fn grouped(bindings: &[Binding]) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = Vec::new();
    for b in bindings {
        let key = text::keys::key_name(&b.key.to_string());
        match rows.iter_mut().find(|(_, desc)| *desc == b.desc) {
            Some((keys, _)) => keys.push_str(&format!(" / {key}")),
            None => rows.push((key, b.desc.clone())),
        }
    }
    rows
}

/// The bindings of `layer` that are live on a screen of `layers`: a key an
/// earlier layer binds acts there (first match wins, as the keymap looks
/// keys up), so the later meaning is not shown (Esc in an open case closes
/// it; it does not clear the queue's search).
fn live_bindings(keymap: &Keymap, layers: &[Layer], layer: Layer) -> Vec<Binding> {
    let before = layers.iter().take_while(|&&l| l != layer);
    let taken: Vec<&Binding> = before.flat_map(|&l| keymap.bindings(l)).collect();
    keymap.bindings(layer).iter().filter(|b| !taken.iter().any(|t| t.key == b.key)).cloned().collect()
}

/// A layer's Danish title, over its keys here and beside an action in the
/// command palette.
pub(crate) fn layer_title(layer: Layer) -> &'static str {
    match layer {
        Layer::Global => "Overalt",
        Layer::List => "Lister",
        Layer::Intake => "Indtag",
        Layer::Case => "Åben sag",
        Layer::Plans => "Planer",
        Layer::FollowUp => "Opfølgningsopkald",
        Layer::Plan => "Åben plan",
        Layer::Complaints => "Klager",
        Layer::Notifications => "Underretninger",
        Layer::Notification => "Åben underretning",
        Layer::Family => "Sagens børn",
        Layer::Stays => "Døgn",
        Layer::StayView => "Åbent ophold / udgifter",
        Layer::Providers => "Leverandører",
        Layer::Form => "Formularer",
        Layer::Search => "Søgning",
        Layer::Help => "Hjælp",
        Layer::Groups => "Grupper",
        Layer::Group => "Gruppe",
        Layer::RollCall => "Fremmøde",
        Layer::Serial => "Serienummer",
        Layer::MoveCourses => "MOVE-forløb",
        Layer::MoveCourse => "Et MOVE-forløb",
        Layer::Ledger => "Gavekortregnskab",
        Layer::Reports => "Rapporter",
        Layer::Find => "Find sag",
        Layer::CaseLife => "Sagens forløb",
        Layer::Palette => "Kommandoer",
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let markers = app.markers();
    if app.help_legend {
        let title = text::markers::legend_title(&app.shell.profile.name);
        let mut entries: Vec<(String, String)> = if markers.is_empty() {
            vec![(String::new(), text::markers::NO_MARKERS.to_string())]
        } else {
            markers.iter().map(|m| (m.text.to_string(), text::markers::legend_line(m))).collect()
        };
        let count = &text::markers::TAB_COUNT;
        entries.push((count.text.to_string(), text::markers::legend_line(count)));
        let page = Page {
            title: text::LEGEND_TITLE,
            foot: text::LEGEND_CLOSE,
            more: MORE_MARKERS,
            column: LEGEND_WIDTH,
            key_width: LEGEND_KEYS,
        };
        let mut sections = [Section { title: &title, entries }];
        // The tab bar's count is on every screen, so it ends every legend;
        // where the screen's own markers fill the room, they come first.
        if whole_flow(area, &sections, &page, theme).is_none() {
            sections[0].entries.pop();
        }
        draw_sections(frame, area, &sections, &page, theme);
        return;
    }
    // The layers of the mode under the help screen.
    let foot = if markers.is_empty() { text::HELP_CLOSE } else { text::HELP_CLOSE_LEGEND };
    draw_layers(frame, area, &app.keymap, app.mode_layers(), foot, theme);
}

/// Markers wider than this go on a row of their own above their meaning.
const LEGEND_KEYS: usize = 16;
/// The legend is one wide column: a meaning and its rule on one row.
const LEGEND_WIDTH: u16 = 78;
/// On the legend's border when markers are left out for want of room.
const MORE_MARKERS: &str = " ▼ flere tegn: gør vinduet større ";

/// One layer's keys: its title and its entries (keys, description); or
/// the legend's markers and their meanings.
struct Section<'a> {
    title: &'a str,
    entries: Vec<(String, String)>,
}

/// The page's title, what its border says at the foot (and when entries
/// are left out), how wide a column is when there is room and how wide its
/// keys may grow.
struct Page {
    title: &'static str,
    foot: &'static str,
    more: &'static str,
    column: u16,
    key_width: usize,
}

/// The help for `layers` in `area`.
fn draw_layers(frame: &mut Frame, area: Rect, keymap: &Keymap, layers: &[Layer], foot: &'static str, theme: &Theme) {
    let sections: Vec<Section> = layers
        .iter()
        .map(|&layer| Section { title: layer_title(layer), entries: grouped(&live_bindings(keymap, layers, layer)) })
        .filter(|s| !s.entries.is_empty())
        .collect();
    draw_sections(
        frame,
        area,
        &sections,
        &Page { title: text::HELP_TITLE, foot, more: MORE, column: COLUMN_WIDTH, key_width: KEYS_MAX },
        theme,
    );
}

/// The box's width, its columns' width and the rows of each column for
/// `sections` in `area`, or `None` when they cannot all be shown.
type Flow = (u16, u16, Vec<Vec<Line<'static>>>);

/// `sections` flowed into as few columns as show them all in `area`.
fn draw_sections(frame: &mut Frame, area: Rect, sections: &[Section], page: &Page, theme: &Theme) {
    let (width, column_width, mut columns, cut) = match whole_flow(area, sections, page, theme) {
        Some((width, column_width, flow)) => (width, column_width, flow, false),
        None => {
            let most = (area.width.saturating_sub(1) / (COLUMN_MIN + 1)).max(1);
            let (width, column_width, items) = layout(area, most, sections, page, theme);
            let (flow, _) = place(&items, usize::from(most), usize::from(area.height.saturating_sub(2)), 0, false);
            (width, column_width, flow, true)
        }
    };

    let height = columns.iter().map(Vec::len).max().unwrap_or(0) as u16;
    let rect = super::centered(area, width, fill_or(area.height, height + 2));
    frame.render_widget(Clear, rect);
    let mut block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", page.title))
        .title_bottom(Line::from(styled(format!(" {} ", page.foot), theme.dim())));
    if cut {
        block = block.title_bottom(Line::from(styled(page.more, theme.accent())).right_aligned());
    }
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    for (i, column) in columns.iter_mut().enumerate() {
        let x = inner.x + i as u16 * (column_width + 1);
        if i > 0 {
            let rule = vec![Line::from(styled("│", theme.dim())); usize::from(inner.height)];
            frame.render_widget(Paragraph::new(rule), Rect { x: x - 1, width: 1, ..inner });
        }
        let at = Rect { x, width: column_width.min(inner.right().saturating_sub(x)), ..inner };
        frame.render_widget(Paragraph::new(std::mem::take(column)), at);
    }
}

/// The box's width, its columns' width and the rows flowed into `columns`.
fn layout(area: Rect, columns: u16, sections: &[Section], page: &Page, theme: &Theme) -> (u16, u16, Vec<Item>) {
    let width = fill_or(area.width, columns * (page.column + 1) + 1);
    let column_width = (width.saturating_sub(1) / columns).saturating_sub(1);
    (width, column_width, items(sections, usize::from(column_width), page.key_width, theme))
}

/// `sections` in as few columns as show them all in `area`, or `None`.
fn whole_flow(area: Rect, sections: &[Section], page: &Page, theme: &Theme) -> Option<Flow> {
    let room = usize::from(area.height.saturating_sub(2));
    // As few columns as show everything with a blank row between sections,
    // or, short of room, without. While more columns keep their full width,
    // a column may take only two thirds of the height: on a wide screen the
    // help is wide rather than tall.
    let most = (area.width.saturating_sub(1) / (COLUMN_MIN + 1)).max(1);
    let roomy = (area.width.saturating_sub(1) / (page.column + 1)).max(1);
    for gap in [1, 0] {
        for columns in 1..=most {
            let tallest = if columns < roomy { room * 2 / 3 } else { room };
            let (width, column_width, items) = layout(area, columns, sections, page, theme);
            // Sections whole if they can be, in the lowest box that holds
            // them, so the columns come out even.
            for whole in [true, false] {
                if let Some(flow) = (1..=tallest)
                    .map(|h| place(&items, usize::from(columns), h, gap, whole))
                    .find_map(|(f, all)| all.then_some(f))
                {
                    return Some((width, column_width, flow));
                }
            }
        }
    }
    None
}

/// `wanted` of `room`, or all of it when the rest would only double the
/// pane's border next to the box's.
fn fill_or(room: u16, wanted: u16) -> u16 {
    if wanted.saturating_add(4) > room { room } else { wanted }
}

/// What flows into the columns: a section's title, or one entry's rows.
enum Item {
    Title(Line<'static>),
    Entry(Vec<Line<'static>>),
}

/// The sections as rows of a column `width` wide: keys, then the
/// description wrapped beside them, aligned within each section.
fn items(sections: &[Section], width: usize, key_width: usize, theme: &Theme) -> Vec<Item> {
    let key_style = theme.accent();
    let mut items = Vec::new();
    for section in sections {
        let keys_width =
            section.entries.iter().map(|(k, _)| k.width()).max().unwrap_or(0).min(key_width).min(width * 2 / 5);
        let desc_width = width.saturating_sub(keys_width + 3).max(1);
        items.push(Item::Title(Line::from(styled(section.title.to_string(), theme.bold()))));
        for (keys, desc) in &section.entries {
            let mut rows = Vec::new();
            let mut desc_rows = wrap(desc, desc_width).into_iter();
            if keys.width() > keys_width {
                // Keys too wide for their column get a row of their own.
                rows.push(Line::from(vec![Span::raw(" "), styled(keys.clone(), key_style)]));
            } else {
                let first = desc_rows.next().unwrap_or_default();
                let pad = keys_width - keys.width();
                rows.push(Line::from(vec![
                    Span::raw(" "),
                    styled(keys.clone(), key_style),
                    Span::raw(format!("{:pad$}  {first}", "")),
                ]));
            }
            for row in desc_rows {
                rows.push(Line::from(format!(" {:keys_width$}  {row}", "")));
            }
            items.push(Item::Entry(rows));
        }
    }
    items
}

/// The items in at most `columns` columns of `height` rows, and whether
/// all of them fit (if not, the first that does not and all after it are
/// left out). `gap` blank rows go between sections, except at a column's
/// top; a title is never left alone at a column's foot, and with `whole` a
/// section starts a new column rather than going on in the next.
fn place(items: &[Item], columns: usize, height: usize, gap: usize, whole: bool) -> (Vec<Vec<Line<'static>>>, bool) {
    let mut placed: Vec<Vec<Line<'static>>> = vec![Vec::new()];
    for (i, item) in items.iter().enumerate() {
        let rows: Vec<Line<'static>> = match item {
            Item::Title(title) => vec![title.clone()],
            Item::Entry(rows) => rows.clone(),
        };
        // A title needs its first entry (or its whole section) under it.
        let entries = items[i + 1..].iter().map_while(|item| match item {
            Item::Entry(rows) => Some(rows.len()),
            Item::Title(_) => None,
        });
        let needed = match item {
            Item::Title(_) if whole => 1 + entries.sum::<usize>(),
            Item::Title(_) => 1 + entries.take(1).sum::<usize>(),
            Item::Entry(_) => rows.len(),
        };
        let gap = if matches!(item, Item::Title(_)) { gap } else { 0 };
        let column = placed.last_mut().expect("there is always a column");
        let used = column.len() + if column.is_empty() { 0 } else { gap };
        if used + needed > height {
            if placed.len() == columns || needed > height {
                return (placed, false);
            }
            placed.push(Vec::new());
        } else if !column.is_empty() {
            column.extend(std::iter::repeat_n(Line::from(""), gap));
        }
        placed.last_mut().expect("there is always a column").extend(rows);
    }
    (placed, true)
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;

    /// The help drawn alone over the whole screen (as the workbench draws
    /// it when there is no banner), as rows of text.
    fn overlay(layers: &[Layer], width: u16, height: u16) -> Vec<String> {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|f| {
                let area = Rect { x: 0, y: 0, width, height };
                draw_layers(f, area, &Keymap::built_in(), layers, text::HELP_CLOSE, &Theme::plain());
            })
            .unwrap();
        let buffer = terminal.backend().buffer();
        (0..height).map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect()).collect()
    }

    /// The words of each column, top to bottom, read as the user reads
    /// them (columns are split at the │ between them).
    fn column_words(rows: &[String]) -> Vec<Vec<String>> {
        let mut columns: Vec<Vec<String>> = Vec::new();
        for row in rows {
            for (i, piece) in row.split('│').enumerate() {
                if columns.len() <= i {
                    columns.push(Vec::new());
                }
                columns[i].extend(piece.split_whitespace().map(str::to_string));
            }
        }
        columns
    }

    fn contains_run(haystack: &[String], needle: &[String]) -> bool {
        needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
    }

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    /// Every entry of every layer: its keys, then its whole description,
    /// in one column; and every layer's title.
    fn assert_all_shown(layers: &[Layer], width: u16, height: u16) {
        let rows = overlay(layers, width, height);
        let columns = column_words(&rows);
        let screen = rows.join("\n");
        let keymap = Keymap::built_in();
        for &layer in layers {
            assert!(screen.contains(layer_title(layer)), "{layer:?} at {width}×{height}:\n{screen}");
            for (keys, desc) in grouped(&live_bindings(&keymap, layers, layer)) {
                let entry = words(&format!("{keys} {desc}"));
                assert!(
                    columns.iter().any(|c| contains_run(c, &entry)),
                    "{keys:?} {desc:?} of {layer:?} at {width}×{height}:\n{screen}"
                );
            }
        }
        assert!(!screen.contains(MORE.trim()), "nothing is left out at {width}×{height}:\n{screen}");
        assert!(screen.contains(text::HELP_CLOSE), "{screen}");
    }

    #[test]
    fn a_key_an_earlier_layer_binds_is_shown_with_that_layers_meaning_only() {
        let keymap = Keymap::built_in();
        let case_screen = [Layer::Case, Layer::Intake, Layer::List, Layer::Global];
        let intake: Vec<String> =
            live_bindings(&keymap, &case_screen, Layer::Intake).into_iter().map(|b| b.desc).collect();
        assert!(!intake.iter().any(|d| d == "Ryd søgning"), "Esc closes the case there: {intake:?}");
        assert!(intake.iter().any(|d| d == "Ny henvendelse"));
        let rows = overlay(&case_screen, 80, 24).join("\n");
        assert!(rows.contains("Luk sagen") && !rows.contains("Ryd søgning"), "{rows}");
    }

    #[test]
    fn every_key_of_every_layer_is_shown_at_80x24_and_120x40() {
        for (width, height) in [(80, 24), (120, 40)] {
            for layer in Layer::ALL {
                assert_all_shown(&[layer], width, height);
            }
        }
    }

    #[test]
    fn every_key_of_every_screen_is_shown_at_80x24_and_120x40() {
        // Every screen any pane can show: the same list the keymap's
        // conflict check reads, so a new screen is checked here too.
        for (width, height) in [(80, 24), (120, 40)] {
            for screen in crate::app::App::all_screens() {
                assert_all_shown(screen.layers, width, height);
            }
        }
    }

    #[test]
    fn a_long_description_wraps_at_a_space_in_a_narrow_column() {
        let rows = overlay(&[Layer::Stays, Layer::List, Layer::Global], 80, 24);
        let screen = rows.join("\n");
        // No word of a description is cut: every word on screen is a whole
        // word of some entry, a key or a title.
        let keymap = Keymap::built_in();
        let mut known: Vec<String> = [layer_title(Layer::Stays), layer_title(Layer::List), layer_title(Layer::Global)]
            .iter()
            .flat_map(|t| words(t))
            .collect();
        for layer in [Layer::Stays, Layer::List, Layer::Global] {
            for (keys, desc) in grouped(keymap.bindings(layer)) {
                known.extend(words(&format!("{keys} {desc}")));
            }
        }
        known.extend(words(text::HELP_TITLE));
        known.extend(words(text::HELP_CLOSE));
        for column in column_words(&rows) {
            for word in column {
                let word = word.trim_matches(|c| "┌┐└┘─".contains(c));
                assert!(word.is_empty() || known.iter().any(|k| k == word), "{word:?} is cut:\n{screen}");
            }
        }
    }

    #[test]
    fn a_tiny_screen_says_that_entries_are_left_out_and_does_not_panic() {
        let rows = overlay(&[Layer::StayView, Layer::Stays, Layer::List, Layer::Global], 60, 14);
        let screen = rows.join("\n");
        assert!(screen.contains(MORE.trim()), "{screen}");
        for (width, height) in [(40, 10), (20, 5), (1, 1), (0, 0)] {
            overlay(&[Layer::StayView, Layer::Stays, Layer::List, Layer::Global], width, height);
        }
    }

    #[test]
    fn the_help_box_never_doubles_a_border() {
        use chrono::NaiveDate;

        use crate::app::Action;
        use crate::store::Store;

        let store = Store::open_in_memory("anna.jensen").unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let mut app = App::new(store, today, crate::app::keymap::load(None).0).unwrap();
        for pane in [Action::PaneIntake, Action::PanePlans, Action::PaneStays, Action::PaneGroups] {
            app.update(pane);
            app.update(Action::Help);
            for (width, height) in [(80, 24), (120, 40), (100, 30)] {
                let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
                terminal.draw(|f| crate::ui::draw(f, &app, &Theme::plain())).unwrap();
                let buffer = terminal.backend().buffer();
                let rows: Vec<String> =
                    (0..height).map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect()).collect();
                let screen = rows.join("\n");
                for double in ["││", "┌┌", "┐┐", "└└", "┘┘"] {
                    assert!(!screen.contains(double), "{double} at {width}×{height}:\n{screen}");
                }
                for pair in rows.windows(2) {
                    for corner in ['┌', '└'] {
                        assert!(
                            !(pair[0].contains(corner) && pair[1].contains(corner)),
                            "two borders at {width}×{height}:\n{screen}"
                        );
                    }
                }
            }
            app.update(Action::Close);
        }
    }

    /// The whole screen as text, at `width`×`height`.
    fn drawn(app: &App, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|f| crate::ui::draw(f, app, &Theme::plain())).unwrap();
        let buffer = terminal.backend().buffer();
        (0..height)
            .map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect::<String>().trim_end().to_string() + "\n")
            .collect()
    }

    #[test]
    fn t_in_the_help_shows_the_legend_of_the_queue_s_markers_and_t_again_the_keys() {
        use chrono::NaiveDate;

        use crate::app::Action;
        use crate::domain::intake::QueueFlag;
        use crate::store::Store;
        use crate::text::intake::{QUEUE_MARKERS, flag, flag_marker};

        // The queue's drawing takes each flag's text from the legend's table.
        let flags = [
            QueueFlag::Overdue,
            QueueFlag::DueToday,
            QueueFlag::SpecialAssessment,
            QueueFlag::AimPassed,
            QueueFlag::DoctorOverdue,
            QueueFlag::DoctorDueSoon,
            QueueFlag::OtherMunicipality,
            QueueFlag::NoParentalConsent,
            QueueFlag::ChildrenNotAsked,
        ];
        for f in flags {
            assert!(QUEUE_MARKERS.iter().any(|m| m.text == flag(f) && m == flag_marker(f)), "{f:?}");
        }
        let store = Store::open_in_memory("anna.jensen").unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let mut app = App::new(store, today, crate::app::keymap::load(None).0).unwrap();
        app.update(Action::Help);
        let keys = drawn(&app, 80, 24);
        assert!(keys.contains("t: tegnforklaring"), "{keys}");
        app.update(Action::Toggle);
        let legend = drawn(&app, 80, 24);
        for m in &QUEUE_MARKERS {
            assert!(legend.contains(m.text), "{} missing:\n{legend}", m.text);
        }
        assert!(legend.contains("Tegn på skærmen · profil:"), "{legend}");
        insta::assert_snapshot!("legend_intake_queue_80x24", legend);
        app.update(Action::Toggle);
        assert_eq!(drawn(&app, 80, 24), keys);
        // A screen without markers says so rather than show an empty page.
        app.update(Action::Close);
        app.update(Action::PaneStays);
        app.update(Action::StayTotals);
        app.update(Action::Help);
        app.update(Action::Toggle);
        assert!(drawn(&app, 80, 24).contains(crate::text::markers::NO_MARKERS), "{}", drawn(&app, 80, 24));
        // Rapporter's verdicts, from the table its report text uses.
        app.update(Action::Close);
        legend_lists(&mut app, Some(Action::PaneReports), &crate::text::report::REPORT_MARKERS, "regel 6, targets");
        // Grupper's gift-card markers, from the table its drawing uses.
        app.update(Action::PaneGroups);
        app.update(Action::Help);
        app.update(Action::Toggle);
        let legend = drawn(&app, 80, 24);
        for m in &crate::text::groups::GROUP_MARKERS {
            assert!(legend.contains(m.text), "{} missing:\n{legend}", m.text);
        }
        assert!(legend.contains("regel 7.1, move_cards"), "{legend}");
    }

    /// An app on an empty store, on the pane `pane` opens.
    fn app_on(pane: crate::app::Action) -> App {
        let store = crate::store::Store::open_in_memory("anna.jensen").unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let mut app = App::new(store, today, crate::app::keymap::load(None).0).unwrap();
        app.update(pane);
        app
    }

    /// The legend of the screen on show at 80×24, after `open` (if any):
    /// every marker of `table` with its meaning, `rule` among the rules,
    /// nothing left out for want of room. The help is closed again.
    #[track_caller]
    fn legend_lists(
        app: &mut App,
        open: Option<crate::app::Action>,
        table: &[crate::text::markers::Marker],
        rule: &str,
    ) -> String {
        use crate::app::Action;

        if let Some(open) = open {
            app.update(open);
        }
        app.update(Action::Help);
        app.update(Action::Toggle);
        let legend = drawn(app, 80, 24);
        for m in table {
            assert!(legend.contains(m.text), "{} missing:\n{legend}", m.text);
            assert!(legend.contains(m.meaning), "{} missing:\n{legend}", m.meaning);
        }
        assert!(legend.contains(rule), "{legend}");
        assert!(!legend.contains(MORE_MARKERS.trim()), "{legend}");
        app.update(Action::Close);
        legend
    }

    /// The legend of Planer's screens shows, at 80×24, every marker the
    /// screen on show can draw: the board, the call list, the Klager list.
    #[test]
    fn the_legend_of_planer_lists_the_board_the_calls_and_the_complaints_markers() {
        use crate::app::Action;
        use crate::text::{complaints, plans};

        let mut app = app_on(Action::PanePlans);
        let board = legend_lists(&mut app, None, &plans::BOARD_MARKERS, "plan.revision_every_months");
        insta::assert_snapshot!("legend_plans_board_80x24", board);
        legend_lists(&mut app, Some(Action::ToggleFollowUps), &plans::CALL_MARKERS, "follow_up.after_end_months");
        legend_lists(&mut app, Some(Action::ToggleFollowUps), &plans::BOARD_MARKERS, "regel 2");
        legend_lists(&mut app, Some(Action::ShowComplaints), &complaints::COMPLAINT_MARKERS, "regel 7.7");
    }

    /// The legend of Døgn's list shows, at 80×24, every marker the list can
    /// draw, the cost in brackets among them.
    #[test]
    fn the_legend_of_dogn_lists_the_stays_markers_and_the_brackets() {
        let mut app = app_on(crate::app::Action::PaneStays);
        let legend = legend_lists(&mut app, None, &crate::text::stays::STAY_MARKERS, "stay.decided_by");
        insta::assert_snapshot!("legend_stays_list_80x24", legend);
    }

    /// The legend of Underretninger shows, at 80×24, every marker its
    /// screens can draw.
    #[test]
    fn the_legend_of_underretninger_lists_the_notifications_markers() {
        let mut app = app_on(crate::app::Action::PaneNotifications);
        let table = &crate::text::notifications::NOTE_MARKERS;
        legend_lists(&mut app, None, table, "regel 5, 7.4, notification");
    }

    /// The tab bar's count is explained in every screen's legend where
    /// there is room; where the screen's own markers fill the room (Planer's
    /// board at 80×24) it gives way to them and nothing of theirs is cut.
    #[test]
    fn every_legend_explains_the_tab_bars_count_where_the_screens_markers_leave_room() {
        use crate::app::Action;
        use crate::text::markers::TAB_COUNT;

        let shown = |app: &mut App, w: u16, h: u16| {
            app.update(Action::Help);
            app.update(Action::Toggle);
            let legend = drawn(app, w, h);
            app.update(Action::Close);
            legend
        };
        for pane in [Action::PaneIntake, Action::PaneStays, Action::PaneGroups, Action::PaneReports] {
            let mut app = app_on(pane);
            let legend = shown(&mut app, 80, 24);
            assert!(legend.contains(TAB_COUNT.text) && legend.contains("regel 1-7"), "{pane:?}:\n{legend}");
            assert!(!legend.contains(MORE_MARKERS.trim()), "{pane:?}:\n{legend}");
        }
        let mut app = app_on(Action::PanePlans);
        let small = shown(&mut app, 80, 24);
        assert!(!small.contains(TAB_COUNT.text), "{small}");
        assert!(!small.contains(MORE_MARKERS.trim()), "{small}");
        let large = shown(&mut app, 160, 48);
        assert!(large.contains(TAB_COUNT.text), "{large}");
        for m in &crate::text::plans::BOARD_MARKERS {
            assert!(large.contains(m.text), "{} missing:\n{large}", m.text);
        }
    }
}
