//! The group list: the groups meeting today first (by time), then the
//! others by name, the anonymous (§101a) group(s) last and apart; the
//! day's card figures over it. Its one form makes a new group.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::common::{across, frame_block, head_and_table, inner, list_rows, move_cursor, not_loaded, table, warn};
use super::forms::{Made, Saved, Submitted, at_fields, refused_at, settle};
use super::{CardSummary, GroupsForm, GroupsView, Step, group, ledger, roll_call};
use crate::app::form::{Field, Form};
use crate::app::list_cursor::ListCursor;
use crate::app::{Action, Shell};
use crate::domain::dates::{format_date_dk, format_time};
use crate::domain::group::groups::{GroupField, GroupInput, GroupKind, WEEKDAYS, validate_group};
use crate::store::{GroupLine, SessionLine};
use crate::text;
use crate::ui::widgets::{Column, TableCell};
use crate::ui::{Theme, styled};

/// The groups in list order, and the cursor on the rows they are shown in:
/// one a group, and before the anonymous group(s) one more that keeps them
/// apart, which the cursor passes over.
#[derive(Debug, Clone, Default)]
pub struct GroupList {
    pub lines: Vec<GroupLine>,
    pub cursor: ListCursor,
}

impl GroupList {
    pub fn selected_line(&self) -> Option<&GroupLine> {
        self.cursor.selection(self.row_count()).and_then(|row| self.line_at(row)).map(|i| &self.lines[i])
    }

    /// The row of the line that keeps the anonymous group(s) apart: where
    /// the first of them would be (they are last).
    fn apart(&self) -> Option<usize> {
        self.lines.iter().position(|l| l.group.kind.is_anonymous())
    }

    /// The rows on screen: every group, and the line before the anonymous.
    pub fn row_count(&self) -> usize {
        self.lines.len() + usize::from(self.apart().is_some())
    }

    /// The group shown on `row`; `None` for the line that keeps them apart.
    fn line_at(&self, row: usize) -> Option<usize> {
        match self.apart() {
            Some(apart) if row == apart => None,
            Some(apart) if row > apart => Some(row - 1),
            _ => Some(row),
        }
    }

    /// The row group `i` is shown on.
    fn row_of(&self, i: usize) -> usize {
        match self.apart() {
            Some(apart) if i >= apart => i + 1,
            _ => i,
        }
    }

    /// Reads the list again, keeping the selected group, or selecting the
    /// group a form just made. If it cannot be read it stays as it was.
    pub(super) fn reload(&mut self, sh: &Shell, made: Option<Made>) -> Result<(), String> {
        let mut lines = sh.store.group_list(sh.today).map_err(|e| not_loaded(text::groups::GROUPS_NOT_LOADED, e))?;
        order_lines(&mut lines);
        let keep = match made {
            Some(Made::Group(id)) => Some(id),
            _ => self.selected_line().map(|l| l.group.id),
        };
        // The cursor counts rows, the separator among them: it keeps the
        // group's row, or stays where it was.
        let mut cursor = self.cursor;
        self.lines = lines;
        let (len, rows) = (self.row_count(), rows(sh));
        match keep.and_then(|id| self.lines.iter().position(|l| l.group.id == id)) {
            Some(i) => cursor.select(self.row_of(i), len, rows),
            None => {
                cursor.clamp(len, rows);
                if self.line_at(cursor.selected()).is_none() {
                    if cursor.selected() == 0 { cursor.down(len, rows) } else { cursor.up(len, rows) }
                }
            }
        }
        self.cursor = cursor;
        Ok(())
    }

    fn move_cursor(&mut self, action: Action, sh: &Shell) -> bool {
        let (apart, len) = (self.apart(), self.row_count());
        move_cursor(&mut self.cursor, action, len, rows(sh), |row| Some(row) == apart)
    }
}

/// The list order: groups meeting today first (by time), then the others
/// by name; the anonymous group apart at the end.
fn order_lines(lines: &mut [GroupLine]) {
    lines.sort_by_key(|l| {
        (
            l.group.kind.is_anonymous(),
            l.today.is_none(),
            l.today.as_ref().map(|t| t.session.time),
            l.group.name.to_lowercase(),
        )
    });
}

pub(super) fn update(list: &mut GroupList, sh: &mut Shell, action: Action) -> Step {
    if list.move_cursor(action, sh) {
        return Step::Stay;
    }
    let line = list.selected_line();
    match action {
        Action::Open => match line {
            Some(l) => group::open(sh, l.group.id),
            None => warn(sh, text::groups::SELECT_GROUP_FIRST),
        },
        Action::RollCall => match line.map(|l| l.today.as_ref().map(|t| t.session.id)) {
            Some(Some(session)) => roll_call::open(sh, session),
            Some(None) => warn(sh, text::groups::NO_TODAY_SESSION),
            None => warn(sh, text::groups::SELECT_GROUP_FIRST),
        },
        Action::NewGroup => new_group_form(sh),
        Action::ShowCourses => Step::open(GroupsView::Courses),
        Action::ShowLedger => ledger::open(sh),
        _ => Step::Stay,
    }
}

// ---- the new-group form -----------------------------------------------------

fn new_group_form(sh: &Shell) -> Step {
    use GroupField as F;
    let fields = vec![
        Field::text(F::Name, text::groups::F_GROUP_NAME, ""),
        Field::choice(
            F::Kind,
            text::groups::F_GROUP_KIND,
            GroupKind::ALL.map(|k| text::groups::group_kind(k).to_string()).to_vec(),
            0,
        ),
        Field::choice(
            F::Weekday,
            text::groups::F_WEEKDAY,
            WEEKDAYS.map(|d| text::groups::weekday(d).to_string()).to_vec(),
            0,
        ),
        Field::text(F::Time, text::intake::F_TIME, "10:00").with_hint(text::intake::HINT_TIME),
        Field::text(F::Place, text::groups::F_PLACE, ""),
        Field::text(F::Counsellors, text::groups::F_COUNSELLORS, &sh.user).with_hint(text::groups::HINT_COUNSELLORS),
    ];
    Step::Form(Form::new(text::groups::NEW_GROUP_TITLE, fields), GroupsForm::NewGroup)
}

/// Saves the new group, or shows on the form why not.
pub(super) fn submit_new_group(list: &GroupList, sh: &mut Shell, form: &mut Form) -> Option<Saved> {
    let submitted = new_group(list, sh, form);
    settle(submitted, form, sh)
}

fn new_group(list: &GroupList, sh: &mut Shell, form: &Form) -> Submitted<GroupField> {
    use GroupField as F;
    let input = GroupInput {
        name: form.text(F::Name),
        kind: GroupKind::ALL[form.choice(F::Kind).min(GroupKind::ALL.len() - 1)],
        weekday: WEEKDAYS[form.choice(F::Weekday).min(WEEKDAYS.len() - 1)],
        time: form.text(F::Time),
        place: form.text(F::Place),
        counsellors: form.text(F::Counsellors),
    };
    let names: Vec<&str> = list.lines.iter().map(|l| l.group.name.as_str()).collect();
    let group = validate_group(&input, &names).map_err(at_fields)?;
    let id = sh.store.create_group(&group).map_err(refused_at(F::Name))?;
    let message = format!("Gruppen {} er oprettet. Enter åbner den; n planlægger mødegange.", group.name);
    Ok(Saved::new(message).made(Made::Group(id)))
}

// ---- drawing -----------------------------------------------------------------

/// The group list's columns: what today holds (FREMMØDE MANGLER) keeps its
/// room longest; the name grows on a wide screen. At 80 columns every
/// column has its minimum and what is left goes to today's marker.
const COLUMNS: [Column; 5] = [
    Column::new(text::groups::COL_GROUP, 20, 40).priority(6),
    Column::new(text::groups::COL_KIND, 12, 15).priority(3),
    Column::fixed(text::groups::COL_MEETS, 9).priority(5),
    Column::fixed(text::groups::COL_MEMBERS, 4).priority(4).right(),
    Column::new(text::groups::COL_TODAY, 23, 29).priority(9).fill(),
];

/// The list's table under its one-row head.
fn table_area(inner: Rect) -> Rect {
    head_and_table(inner, 1)[1]
}

/// The rows the list shows at the shell's last screen size.
fn rows(sh: &Shell) -> usize {
    list_rows(&COLUMNS, table_area(inner(sh)))
}

pub(super) fn draw(frame: &mut Frame, area: Rect, list: &GroupList, cards: CardSummary, sh: &Shell, theme: &Theme) {
    let inner = frame_block(frame, area, format!(" {} · {} ", text::groups::LIST_TITLE, sh.centre.name));
    let [header, table_area] = head_and_table(inner, 1);
    let meeting = list.lines.iter().filter(|l| l.today.is_some()).count();
    let mut spans = vec![Span::raw(format!(
        "{} · {meeting} mødes i dag · {} kort på lager",
        format_date_dk(sh.today),
        cards.on_hand
    ))];
    if cards.owed > 0 {
        spans.push(styled(format!(" · {} {}", cards.owed, text::groups::OWED), theme.warning()));
    }
    if cards.to_resolve > 0 {
        spans.push(styled(format!(" · {} {}", cards.to_resolve, text::groups::TO_RESOLVE), theme.danger()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), header);
    let len = list.row_count();
    let table = table(&COLUMNS, text::groups::NO_GROUPS, theme);
    table.render(frame, table_area, &list.cursor, len, |row| match list.line_at(row) {
        Some(i) => group_row(&list.lines[i], theme),
        None => Vec::new(),
    });
    // The anonymous group(s) are kept apart, under a line that says so.
    if let Some(apart) = list.apart() {
        let line = Line::from(styled(format!("  ── {} ──", text::groups::ANONYMOUS_APART), theme.dim()));
        across(frame, &table, table_area, &list.cursor, len, apart, line);
    }
}

fn group_row(l: &GroupLine, theme: &Theme) -> Vec<TableCell> {
    let s = &l.group.schedule;
    let meets = format!("{} {}", text::groups::weekday_short(s.weekday), format_time(s.time));
    // The time is the schedule's, in the column before, unless today's
    // session was moved to another hour.
    let at = |t: &SessionLine| {
        if t.session.time == s.time { String::new() } else { format!(" {}", format_time(t.session.time)) }
    };
    let (when, style) = match (&l.today, &l.next) {
        (Some(t), _) if t.marks.is_held() => (
            format!("{}{}: {} AF {} MØDT", text::groups::TODAY_MARK, at(t), t.marks.attended, t.marks.total()),
            theme.good(),
        ),
        (Some(t), _) => {
            (format!("{}{}: {}", text::groups::TODAY_MARK, at(t), text::groups::ROLL_MISSING), theme.warning())
        }
        (None, Some(next)) => (format!("næste {}", format_date_dk(next.date)), theme.text()),
        (None, None) => ("ingen planlagt".to_string(), theme.dim()),
    };
    vec![
        TableCell::from(l.group.name.as_str()),
        TableCell::from(text::groups::group_kind_short(l.group.kind)),
        TableCell::from(meets),
        TableCell::from(l.members.to_string()),
        TableCell::new(when, style),
    ]
}
