//! Rapporter: the yearly report of a chosen year (default the last whole
//! year; ←/→ or -/+ change it), every section's figures as a table with a
//! bar drawn in text beside each (so it reads the same under NO_COLOR),
//! and Enter on a figure lists the cases behind it: case number, masked
//! CPR number and counsellor. Below the figures stand the year's goals
//! and their status: `n` writes one, `e` or Enter changes it (`goals`).
//! The figures are computed in the background (`worker`): the pane draws
//! at once, says it is computing, and shows them when they come.

mod goals;
mod worker;

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::form::Form;
use crate::app::form_host::ActiveForm;
use crate::app::keymap::Layer;
use crate::app::list_cursor::ListCursor;
use crate::app::pane::Screen;
use crate::app::{Action, Pane, Shell};
use crate::domain::report::{Period, Report, Row, Section, YearGoal};
use crate::text::report as text;
use crate::ui::Theme;
use crate::ui::widgets::{Column, DataTable, TableCell};

const REPORT: Screen = Screen::new(
    &[Layer::Reports, Layer::List, Layer::Global],
    &[
        (Layer::Reports, Action::PrevVersion, "forrige år"),
        (Layer::Reports, Action::NextVersion, "næste år"),
        (Layer::Reports, Action::OpenCase, "sagerne bag"),
        (Layer::Reports, Action::NewGoal, "nyt mål"),
        (Layer::Global, Action::Help, "hjælp"),
    ],
);

const CASES: Screen = Screen::new(
    &[Layer::Reports, Layer::List, Layer::Global],
    &[
        (Layer::Reports, Action::OpenCase, "sagens forløb"),
        (Layer::Reports, Action::Close, "tilbage"),
        (Layer::Global, Action::Help, "hjælp"),
    ],
);

const REPORT_COLUMNS: [Column; 4] = [
    Column::new(text::WHAT, 16, 36).priority(3).fill(),
    Column::fixed(text::FIGURE, 6).priority(4).right(),
    Column::fixed(text::AMOUNT, 13).priority(1).right(),
    Column::new("", 8, 24).priority(2),
];

const CASE_COLUMNS: [Column; 3] = [
    Column::fixed(text::CASE, 6).priority(3).right(),
    Column::fixed(text::CPR, 12).priority(2),
    Column::new(text::COUNSELLOR, 8, 20).priority(1).fill(),
];

/// One line of the report's list: a section's title, a figure, a note, or
/// the year's goals (their title, a goal, its status).
enum Line<'a> {
    Title(&'a Section),
    Figure(&'a Section, &'a Row),
    Note(String),
    GoalsTitle,
    Goal(&'a YearGoal),
    GoalStatus(&'a YearGoal),
}

#[derive(Debug, Default)]
pub struct ReportsPane {
    year: Option<i32>,
    report: Option<Result<Report, String>>,
    /// The report being computed, if one is; the one on show stays until
    /// it comes (when it is of the same year).
    computing: Option<worker::Job>,
    cursor: ListCursor,
    /// The figure whose cases are listed, by its place in the list.
    open: Option<(usize, ListCursor)>,
    form: Option<ActiveForm<goals::GoalForm>>,
}

impl ReportsPane {
    fn lines(&self) -> Vec<Line<'_>> {
        let Some(Ok(report)) = &self.report else { return Vec::new() };
        let mut lines = Vec::new();
        for section in &report.sections {
            lines.push(Line::Title(section));
            lines.extend(section.rows.iter().map(|r| Line::Figure(section, r)));
            lines.extend(section.notes.iter().map(|n| Line::Note(text::note(n))));
        }
        lines.push(Line::GoalsTitle);
        if report.goals.is_empty() {
            lines.push(Line::Note(text::NO_GOALS.into()));
        }
        for goal in &report.goals {
            lines.push(Line::Goal(goal));
            lines.push(Line::GoalStatus(goal));
        }
        lines
    }

    /// The goal on the selected line (its text or its status).
    fn selected_goal(&self, len: usize) -> Option<YearGoal> {
        match self.lines().get(self.cursor.selection(len)?) {
            Some(Line::Goal(g) | Line::GoalStatus(g)) => Some((*g).clone()),
            _ => None,
        }
    }

    fn reload_report(&mut self, shell: &mut Shell) {
        self.load(shell);
    }

    fn load(&mut self, shell: &mut Shell) {
        let year = *self.year.get_or_insert_with(|| Period::last_whole_year(shell.today).from.year());
        // Another year's figures must not stand under this year's title.
        if self.report.as_ref().is_some_and(|r| r.as_ref().map_or(true, |r| r.period.from.year() != year)) {
            self.report = None;
        }
        // A job still running is for data or a year no longer asked for.
        self.computing = None;
        match Period::year(year) {
            Ok(period) => match worker::start(shell, period) {
                worker::Started::Now(outcome) => self.report = Some(outcome),
                worker::Started::Later(job) => self.computing = Some(job),
            },
            Err(_) => self.report = Some(Err(text::YEAR_OUT_OF_RANGE.to_string())),
        }
    }

    /// Takes the background report if it has come: whether it did.
    fn take_report(&mut self) -> bool {
        let Some(job) = &self.computing else { return false };
        match job.poll() {
            worker::Poll::Running => false,
            worker::Poll::Done(outcome) => {
                self.computing = None;
                self.report = Some(outcome);
                true
            }
        }
    }

    /// Waits for the background report: for tests, which must see it.
    #[cfg(test)]
    pub(crate) fn wait_for_report(&mut self) {
        if let Some(job) = self.computing.take() {
            self.report = Some(job.wait());
        }
    }

    fn change_year(&mut self, by: i32, shell: &mut Shell) {
        let year = self.year.unwrap_or_else(|| shell.today.year() - 1);
        self.year = Some(year.saturating_add(by).clamp(1900, 9999));
        self.open = None;
        self.load(shell);
    }

    fn selected_cases(&self, index: usize) -> Vec<i64> {
        match self.lines().get(index) {
            Some(Line::Figure(_, row)) => row.cases.clone(),
            _ => Vec::new(),
        }
    }
}

impl Pane for ReportsPane {
    fn title(&self) -> &'static str {
        crate::text::REPORTS_PANE
    }

    fn go_action(&self) -> Action {
        Action::PaneReports
    }

    fn markers(&self) -> &'static [crate::text::markers::Marker] {
        &crate::text::report::REPORT_MARKERS
    }

    fn screen(&self) -> &'static Screen {
        if self.open.is_some() { &CASES } else { &REPORT }
    }

    fn screens(&self) -> &'static [&'static Screen] {
        &[&REPORT, &CASES]
    }

    fn update(&mut self, action: Action, shell: &mut Shell) {
        if self.form.is_some() {
            return goals::update(self, action, shell);
        }
        let rows = shell.list_rows;
        if let Some(index) = self.open.as_ref().map(|(i, _)| *i) {
            let len = self.selected_cases(index).len();
            if action == Action::Close {
                self.open = None;
            } else if action == Action::OpenCase {
                // The case's whole life, over the report; Esc comes back.
                let cases = self.selected_cases(index);
                if let Some(id) = self.open.as_ref().and_then(|(_, c)| c.selection(len)).map(|i| cases[i]) {
                    shell.open_case_life(id);
                }
            } else if let Some((_, cursor)) = &mut self.open {
                cursor.apply(action, len, rows);
            }
            return;
        }
        match action {
            Action::PrevVersion => self.change_year(-1, shell),
            Action::NextVersion => self.change_year(1, shell),
            Action::NewGoal => {
                if let Some(year) = self.year {
                    goals::open(self, year, None);
                }
            }
            Action::OpenCase | Action::EditGoal => {
                let len = self.lines().len();
                if let (Some(goal), Some(year)) = (self.selected_goal(len), self.year) {
                    goals::open(self, year, Some(&goal));
                } else if let Some(index) = self.cursor.selection(len)
                    && action == Action::OpenCase
                    && matches!(self.lines().get(index), Some(Line::Figure(..)))
                {
                    self.open = Some((index, ListCursor::default()));
                }
            }
            other => {
                let len = self.lines().len();
                self.cursor.apply(other, len, rows);
            }
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, _shell: &Shell, theme: &Theme) {
        let year = self.year.map(|y| y.to_string()).unwrap_or_default();
        let block = Block::default().borders(Borders::ALL).title(format!(" {} {year} ", text::PANE_TITLE));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let report = match &self.report {
            Some(Ok(report)) => report,
            Some(Err(e)) => {
                let p = Paragraph::new(format!("{} {e}", text::LOAD_FAILED)).wrap(Wrap { trim: true });
                frame.render_widget(p, inner);
                return;
            }
            None => {
                if self.computing.is_some() {
                    frame.render_widget(Paragraph::new(text::COMPUTING).style(theme.dim()), inner);
                }
                return;
            }
        };
        if let Some((index, cursor)) = &self.open {
            let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
            let label = match self.lines().get(*index) {
                Some(Line::Figure(section, row)) => {
                    format!("{}: {}", text::section_title(section.kind), text::row_label(&row.key))
                }
                _ => String::new(),
            };
            frame.render_widget(Paragraph::new(format!("{}: {label}", text::CASES_TITLE)).style(theme.bold()), head);
            let cases = self.selected_cases(*index);
            let table = DataTable::new(&CASE_COLUMNS)
                .header_style(theme.bold())
                .selected_style(theme.selected())
                .empty(text::NO_CASES, theme.dim());
            table.render(frame, body, cursor, cases.len(), |i| {
                let (case, cpr, counsellor) = report
                    .cases
                    .get(&cases[i])
                    .map(text::case_line)
                    .unwrap_or_else(|| (cases[i].to_string(), String::new(), String::new()));
                vec![
                    TableCell::new(case, theme.text()),
                    TableCell::new(cpr, theme.text()),
                    TableCell::new(crate::text::cli::printable(&counsellor).into_owned(), theme.text()),
                ]
            });
            return;
        }
        let lines = self.lines();
        // On a section by month, its line over the months below the table.
        let over_time = match self.cursor.selection(lines.len()).and_then(|i| lines.get(i)) {
            Some(Line::Title(section) | Line::Figure(section, _)) if section.kind.is_over_time() => Some(*section),
            _ => None,
        };
        let inner = match over_time {
            Some(section) if inner.height > 8 => {
                let [table, months] = Layout::vertical([Constraint::Min(1), Constraint::Length(4)]).areas(inner);
                draw_months(frame, months, section, theme);
                table
            }
            _ => inner,
        };
        let table = DataTable::new(&REPORT_COLUMNS).header_style(theme.bold()).selected_style(theme.selected());
        table.render(frame, inner, &self.cursor, lines.len(), |i| match &lines[i] {
            Line::Title(section) => {
                vec![TableCell::new(text::section_title(section.kind).to_uppercase(), theme.bold())]
            }
            Line::Figure(section, row) => {
                let value = |r: &Row| r.amount.map_or(r.count as i64, |a| a.ore());
                let max = section.rows.iter().map(value).max().unwrap_or(0);
                vec![
                    TableCell::new(
                        format!(" {}", crate::text::cli::printable(&text::row_label(&row.key))),
                        theme.text(),
                    ),
                    TableCell::new(row.count.to_string(), theme.text()),
                    TableCell::new(row.amount.map(|a| a.format_number_dk()).unwrap_or_default(), theme.text()),
                    TableCell::new(text::bar(value(row), max, 24), theme.accent()),
                ]
            }
            Line::Note(note) => vec![TableCell::new(format!("  {note}"), theme.dim())],
            Line::GoalsTitle => vec![TableCell::new(text::GOALS_TITLE.to_uppercase(), theme.bold())],
            Line::Goal(goal) => vec![TableCell::new(format!(" {}", one_line(&goal.goal)), theme.text())],
            Line::GoalStatus(goal) => {
                vec![TableCell::new(format!("   {}: {}", text::F_STATUS, one_line(&goal.status)), theme.dim())]
            }
        });
    }

    fn reload(&mut self, shell: &mut Shell) {
        self.load(shell);
    }

    fn poll(&mut self, _shell: &mut Shell) -> bool {
        self.take_report()
    }

    fn busy(&self) -> bool {
        self.computing.is_some()
    }

    /// A report left unfinished is stopped (see `worker`); the app loads
    /// the pane again on the way back, since it left busy.
    fn leave(&mut self) {
        self.computing = None;
    }

    fn form(&self) -> Option<&Form> {
        self.form.as_ref().map(|a| &a.form)
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        self.form.as_mut().map(|a| &mut a.form)
    }
}

/// A section by month as a line of bars, January to December, in text
/// cells (it reads the same without colour).
fn draw_months(frame: &mut Frame, area: Rect, section: &Section, theme: &Theme) {
    let value = |r: &Row| u64::try_from(r.amount.map_or(r.count as i64, |a| a.ore())).unwrap_or(0);
    let data: Vec<u64> = section.rows.iter().map(value).collect();
    let block = Block::default().borders(Borders::TOP).title(format!(
        " {}: {} ",
        text::MONTH_BY_MONTH,
        text::section_title(section.kind)
    ));
    let sparkline = ratatui::widgets::Sparkline::default().block(block).data(&data).style(theme.accent());
    frame.render_widget(sparkline, area);
}

/// A free text on one line of the list: its line breaks as spaces, and
/// nothing that could drive the terminal.
fn one_line(s: &str) -> String {
    crate::text::cli::printable(&s.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
}

#[cfg(test)]
mod tests;
