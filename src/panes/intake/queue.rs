//! The day's queue: every open case without treatment, overdue first, the
//! search over it, and its drawing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::list_cursor::ListCursor;
use crate::app::{Action, Shell, StatusKind};
use crate::domain::dates::format_date_dk;
use crate::domain::intake::{ContactKind, Guarantee, QueueEntry, QueueFlag, Stage, build_queue};
use crate::text;
use crate::ui::widgets::{Column, DataTable, TableCell};
use crate::ui::{Theme, styled};

/// The queue as loaded, and which lines the search lets through.
#[derive(Debug, Default)]
pub struct Queue {
    pub entries: Vec<QueueEntry>,
    /// Indices into `entries` that match the search, in queue order.
    pub shown: Vec<usize>,
    pub cursor: ListCursor,
    pub only_mine: bool,
    pub search: String,
    pub searching: bool,
}

impl Queue {
    pub fn shown_entries(&self) -> impl Iterator<Item = &QueueEntry> {
        self.shown.iter().map(|&i| &self.entries[i])
    }

    pub fn selected_entry(&self) -> Option<&QueueEntry> {
        let at = self.cursor.selection(self.shown.len())?;
        self.shown.get(at).map(|&i| &self.entries[i])
    }

    /// Reloads from the store, keeping the selection on `case_id` (or the
    /// case selected now).
    pub(super) fn reload(&mut self, sh: &mut Shell, case_id: Option<i64>) {
        let keep = case_id.or_else(|| self.selected_entry().map(|e| e.case.id));
        match sh.store.viewer(self.only_mine).and_then(|viewer| sh.store.intake_open_cases(&viewer)) {
            Ok(cases) => {
                self.entries = build_queue(cases, &sh.profile.intake, &sh.centre.municipality, sh.today);
                // `shown` indexes the old entries; the new list may be
                // shorter (a case left the queue), so it must not be read.
                self.shown.clear();
                self.refilter(sh.list_rows, keep);
            }
            Err(e) => sh.set_status(StatusKind::Error, format!("{} {e}", text::intake::QUEUE_NOT_LOADED)),
        }
    }

    /// Applies the search (name, pseudonym or case number, ignoring case),
    /// keeping the selection on `keep` when it is still shown.
    pub(super) fn refilter(&mut self, rows: usize, keep: Option<i64>) {
        let query = self.search.trim().to_lowercase();
        self.shown = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                query.is_empty()
                    || e.case.identity.display_name().to_lowercase().contains(&query)
                    || e.case.id.to_string() == query.trim_start_matches('#')
            })
            .map(|(i, _)| i)
            .collect();
        let len = self.shown.len();
        match keep.and_then(|id| self.shown.iter().position(|&i| self.entries[i].case.id == id)) {
            Some(at) => self.cursor.select(at, len, rows),
            None => self.cursor.clamp(len, rows),
        }
    }

    /// Keys of the queue itself; returns whether `action` was one.
    pub(super) fn update(&mut self, sh: &mut Shell, action: Action) -> bool {
        if self.cursor.apply(action, self.shown.len(), sh.list_rows) {
            return true;
        }
        match action {
            Action::ToggleMine => {
                self.only_mine = !self.only_mine;
                self.reload(sh, None);
                sh.set_status(StatusKind::Info, if self.only_mine { text::ONLY_MINE } else { text::ALL_CASES });
            }
            Action::Search => self.searching = true,
            Action::ClearSearch => {
                self.search.clear();
                self.refilter_keeping(sh.list_rows);
            }
            _ => return false,
        }
        true
    }

    pub(super) fn refilter_keeping(&mut self, rows: usize) {
        let keep = self.selected_entry().map(|e| e.case.id);
        self.refilter(rows, keep);
    }
}

/// The queue's columns: the markers matter most and give way last; the name
/// grows on a wide screen.
const COLUMNS: [Column; 7] = [
    Column::fixed(text::intake::COL_CASE, 5).priority(8),
    Column::new(text::intake::COL_NAME, 16, 30).priority(6),
    Column::new(text::intake::COL_STAGE, 10, 14).priority(4),
    Column::fixed(text::intake::COL_DEADLINE, 10).priority(7),
    Column::fixed(text::intake::COL_DAYS, 5).priority(7).right(),
    Column::new(text::intake::COL_COUNSELLOR, 5, 14).priority(3),
    Column::new(text::intake::COL_FLAGS, 18, 48).priority(9).fill(),
];

pub(super) fn draw(frame: &mut Frame, area: Rect, queue: &Queue, sh: &Shell, theme: &Theme) {
    let mut title = vec![Span::raw(format!(" {} · {} ", text::intake::QUEUE_TITLE, sh.centre.name))];
    if queue.only_mine {
        title.push(styled(format!("[{}] ", text::intake::ONLY_MINE_MARK), theme.accent()));
    }
    if queue.searching || !queue.search.is_empty() {
        let cursor = if queue.searching { "▏" } else { "" };
        title.push(styled(format!("[{}{}{cursor}] ", text::intake::SEARCH_PROMPT, queue.search), theme.accent()));
    }
    let block = Block::default().borders(Borders::ALL).title(Line::from(title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [header, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    frame.render_widget(Paragraph::new(summary(queue, sh, theme)), header);

    let empty = if queue.entries.is_empty() { text::intake::QUEUE_EMPTY } else { text::intake::QUEUE_NO_MATCH };
    DataTable::new(&COLUMNS)
        .header_style(theme.bold())
        .selected_style(theme.selected())
        .empty(empty, theme.dim())
        .render(frame, list, &queue.cursor, queue.shown.len(), |i| row(&queue.entries[queue.shown[i]], theme));
}

fn summary(queue: &Queue, sh: &Shell, theme: &Theme) -> Line<'static> {
    let entries = &queue.entries;
    let overdue = entries.iter().filter(|e| e.flags.contains(&QueueFlag::Overdue)).count();
    let today = entries.iter().filter(|e| e.flags.contains(&QueueFlag::DueToday)).count();
    let new = entries.iter().filter(|e| e.stage == Stage::New).count();
    let booked = entries.iter().filter(|e| e.stage == Stage::AwaitingVisitation).count();
    let mut spans = vec![
        Span::raw(format!(
            "{} · {} åbne · {new} nye · {booked} til visitation · ",
            format_date_dk(sh.today),
            entries.len()
        )),
        styled(format!("{overdue} overskredet"), if overdue > 0 { theme.danger() } else { theme.text() }),
        Span::raw(format!(" · {today} i dag")),
    ];
    if let Some(days) = sh.profile.intake.aim_start_within_days {
        spans.push(styled(format!(" · mål {days} dag"), theme.dim()));
    }
    Line::from(spans)
}

fn row(e: &QueueEntry, theme: &Theme) -> Vec<TableCell> {
    let (deadline, days, urgency) = match &e.guarantee {
        Guarantee::Running { deadline, days_left, .. } => {
            let style = match days_left {
                d if *d < 0 => theme.danger(),
                0..=3 => theme.warning(),
                _ => Style::default(),
            };
            (format_date_dk(*deadline), days_left.to_string(), style)
        }
        _ => ("–".to_string(), String::new(), Style::default()),
    };
    let mut markers: Vec<&str> = e.flags.iter().map(|f| text::intake::flag(*f)).collect();
    match &e.guarantee {
        Guarantee::AwaitingClockStart => markers.insert(0, text::intake::AWAITING_CONSENT_MARK),
        Guarantee::NotApplicable => markers.insert(0, kind_marker(e)),
        _ => {}
    }
    vec![
        TableCell::from(e.case.id.to_string()),
        TableCell::from(e.case.identity.display_name()),
        TableCell::from(text::intake::stage(e.stage)),
        TableCell::new(deadline, urgency),
        TableCell::new(days, urgency),
        TableCell::from(e.case.counsellor.as_str()),
        TableCell::new(markers.join(", "), urgency),
    ]
}

fn kind_marker(e: &QueueEntry) -> &'static str {
    if e.case.referred_young {
        return text::intake::REFERRED_MARK;
    }
    match e.case.kind {
        ContactKind::Relative => text::intake::RELATIVE_MARK,
        ContactKind::Anonymous => text::intake::ANONYMOUS_MARK,
        ContactKind::Professional => text::intake::PROFESSIONAL_MARK,
        _ => "",
    }
}
