//! The day's queue: every open case without treatment, overdue first, the
//! search over it, and its drawing. Only the lines on screen are held: the
//! keyset window (`app::page`) reads them from the store a page at a time,
//! in the queue's order, with the search, "only mine" and the access rule
//! in the SQL; the summary is counted there too.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::queue_source::{QueueRow, QueueSource};
use crate::app::page::Window;
use crate::app::{Action, Shell, StatusKind};
use crate::domain::dates::format_date_dk;
use crate::domain::intake::{ContactKind, Guarantee, QueueEntry};
use crate::store::{QueueSummary, StoreError, Viewer};
use crate::text;
use crate::ui::widgets::{Column, DataTable, TableCell};
use crate::ui::{Theme, styled};

/// The lines on screen of the queue, its summary, and what narrows it.
#[derive(Debug, Default)]
pub struct Queue {
    window: Window<QueueRow>,
    /// The counts of the viewer's whole queue, the search aside.
    pub summary: QueueSummary,
    /// Who reads the queue, as at the last reload ("only mine" in it).
    viewer: Option<Viewer>,
    pub only_mine: bool,
    pub search: String,
    pub searching: bool,
}

impl Queue {
    /// The lines held, in the queue's order: those on screen.
    pub fn shown_entries(&self) -> impl Iterator<Item = &QueueEntry> {
        self.window.rows().map(|r| &r.entry)
    }

    pub fn selected_entry(&self) -> Option<&QueueEntry> {
        self.window.selected().map(|r| &r.entry)
    }

    /// How many lines the search lets through; after a typed character,
    /// until they are counted ([`Queue::count`]), those on the first screen.
    pub fn len(&self) -> usize {
        self.window.len()
    }

    pub fn is_empty(&self) -> bool {
        self.window.is_empty()
    }

    /// The pages as the pane asks for them: the viewer, the search, the
    /// profile's clock. `None` before the first reload.
    fn source<'a>(&self, sh: &'a Shell) -> Option<QueueSource<'a>> {
        let viewer = self.viewer.as_ref()?;
        Some(QueueSource {
            pages: sh.store.intake_queue_pages(viewer, &self.search, sh.profile.intake.clock_starts),
            policy: &sh.profile.intake,
            municipality: &sh.centre.municipality,
            today: sh.today,
        })
    }

    /// Reads the summary and the lines on screen again, keeping the
    /// selection on `case_id` (or the case selected now) while the queue
    /// holds it.
    pub(super) fn reload(&mut self, sh: &mut Shell, case_id: Option<i64>) {
        if let Err(e) = self.read(sh, case_id) {
            sh.set_status(StatusKind::Error, format!("{} {e}", text::intake::QUEUE_NOT_LOADED));
        }
    }

    fn read(&mut self, sh: &Shell, case_id: Option<i64>) -> Result<(), StoreError> {
        let viewer = sh.store.viewer(self.only_mine)?;
        self.summary = sh.store.intake_queue_summary(&viewer, &sh.profile.intake, sh.today)?;
        self.viewer = Some(viewer);
        let Some(source) = self.source(sh) else { return Ok(()) };
        self.window.reload(&source, sh.list_rows)?;
        if let Some(id) = case_id {
            self.window.select_id(id, &source, sh.list_rows)?;
        }
        Ok(())
    }

    /// The lines a taller view shows read (a shorter one keeps the
    /// selection in view).
    pub(super) fn view_resized(&mut self, sh: &mut Shell) {
        if let Some(Err(e)) = self.source(sh).map(|source| self.window.reload(&source, sh.list_rows)) {
            sh.set_status(StatusKind::Error, format!("{} {e}", text::intake::QUEUE_NOT_LOADED));
        }
    }

    /// The lines read again after the search changed. A typed character
    /// reads the results from their top, cheap at every keystroke: the
    /// first screen only, the matches counted when a key moves through
    /// them or the list is recorded ([`Queue::count`]), not for every
    /// character (a common letter over a long queue counted every open
    /// case). A cleared search finds the selected case again in the whole
    /// queue.
    pub(super) fn search_changed(&mut self, sh: &mut Shell, typed: bool) {
        let read = match self.source(sh) {
            Some(source) if typed => self.window.restart_uncounted(&source, sh.list_rows),
            Some(source) => self.window.reload(&source, sh.list_rows),
            None => Ok(()),
        };
        if let Err(e) = read {
            sh.set_status(StatusKind::Error, format!("{} {e}", text::intake::QUEUE_NOT_LOADED));
        }
    }

    /// Counts the lines the search lets through, if a typed character
    /// left them uncounted.
    pub(super) fn count(&mut self, sh: &mut Shell) {
        if let Some(Err(e)) = self.source(sh).map(|source| self.window.count(&source)) {
            sh.set_status(StatusKind::Error, format!("{} {e}", text::intake::QUEUE_NOT_LOADED));
        }
    }

    /// Keys of the queue itself; returns whether `action` was one. The
    /// lines that come into view are read.
    pub(super) fn update(&mut self, sh: &mut Shell, action: Action) -> bool {
        let moved = match self.source(sh) {
            Some(source) => self.window.navigate(action, &source, sh.list_rows),
            None => Ok(false),
        };
        match moved {
            Ok(true) => return true,
            Ok(false) => {}
            Err(e) => {
                sh.set_status(StatusKind::Error, format!("{} {e}", text::intake::QUEUE_NOT_LOADED));
                return true;
            }
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
                self.search_changed(sh, false);
            }
            _ => return false,
        }
        true
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

    let empty = if queue.summary.open == 0 { text::intake::QUEUE_EMPTY } else { text::intake::QUEUE_NO_MATCH };
    DataTable::new(&COLUMNS)
        .header_style(theme.bold())
        .selected_style(theme.selected())
        .empty(empty, theme.dim())
        .render(frame, list, queue.window.cursor(), queue.window.len(), |i| {
            queue.window.row(i).map(|r| row(&r.entry, theme)).unwrap_or_default()
        });
}

fn summary(queue: &Queue, sh: &Shell, theme: &Theme) -> Line<'static> {
    let QueueSummary { open, overdue, due_today: today, new, awaiting_visitation: booked } = queue.summary;
    let mut spans = vec![
        Span::raw(text::intake::queue_summary(&format_date_dk(sh.today), open, new, booked)),
        styled(text::intake::queue_overdue(overdue), if overdue > 0 { theme.danger() } else { theme.text() }),
        Span::raw(text::intake::queue_due_today(today)),
    ];
    if let Some(days) = sh.profile.intake.aim_start_within_days {
        spans.push(styled(text::intake::queue_aim(days), theme.dim()));
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
