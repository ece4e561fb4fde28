//! The group list: the groups meeting today first (by time), then the
//! others by name, the anonymous (§101a) group(s) last and apart; the
//! day's card figures over it. Its one form makes a new group.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::common::{base, frame_block, keep_selection, move_selection, not_loaded, offset, pointer, warn};
use super::forms::{Made, Saved, Submitted, at_fields, refused_at};
use super::{CardSummary, GroupsForm, GroupsView, Step, group, ledger, roll_call};
use crate::app::form::{Field, FieldId, Form};
use crate::app::{Action, Shell};
use crate::domain::dates::{format_date_dk, format_time};
use crate::domain::group::groups::{GroupField, GroupInput, GroupKind, WEEKDAYS, validate_group};
use crate::store::{GroupLine, SessionLine};
use crate::text;
use crate::ui::{Theme, fit, styled};

/// The groups in list order, and the one selected.
#[derive(Debug, Clone, Default)]
pub struct GroupList {
    pub lines: Vec<GroupLine>,
    pub selected: usize,
}

impl GroupList {
    pub fn selected_line(&self) -> Option<&GroupLine> {
        self.lines.get(self.selected)
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
        self.selected = keep_selection(&lines, keep, |l| l.group.id, self.selected);
        self.lines = lines;
        Ok(())
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
    if move_selection(&mut list.selected, list.lines.len(), action, sh) {
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
    let fields = vec![
        Field::text("name", text::groups::F_GROUP_NAME, ""),
        Field::choice(
            "kind",
            text::groups::F_GROUP_KIND,
            GroupKind::ALL.map(|k| text::groups::group_kind(k).to_string()).to_vec(),
            0,
        ),
        Field::choice(
            "weekday",
            text::groups::F_WEEKDAY,
            WEEKDAYS.map(|d| text::groups::weekday(d).to_string()).to_vec(),
            0,
        ),
        Field::text("time", text::intake::F_TIME, "10:00").with_hint(text::intake::HINT_TIME),
        Field::text("place", text::groups::F_PLACE, ""),
        Field::text("counsellors", text::groups::F_COUNSELLORS, &sh.user).with_hint(text::groups::HINT_COUNSELLORS),
    ];
    Step::Form(Form::new(text::groups::NEW_GROUP_TITLE, fields), GroupsForm::NewGroup)
}

pub(super) fn submit_new_group(list: &GroupList, sh: &mut Shell, form: &Form) -> Submitted {
    let input = GroupInput {
        name: form.text("name"),
        kind: GroupKind::ALL[form.choice("kind").min(GroupKind::ALL.len() - 1)],
        weekday: WEEKDAYS[form.choice("weekday").min(WEEKDAYS.len() - 1)],
        time: form.text("time"),
        place: form.text("place"),
        counsellors: form.text("counsellors"),
    };
    let names: Vec<&str> = list.lines.iter().map(|l| l.group.name.as_str()).collect();
    let group = validate_group(&input, &names).map_err(|p| at_fields(p, group_field_id))?;
    let id = sh.store.create_group(&group).map_err(refused_at("name"))?;
    let message = format!("Gruppen {} er oprettet. Enter åbner den; n planlægger mødegange.", group.name);
    Ok(Saved::new(message).made(Made::Group(id)))
}

fn group_field_id(f: GroupField) -> FieldId {
    match f {
        GroupField::Name => "name",
        GroupField::Kind => "kind",
        GroupField::Weekday => "weekday",
        GroupField::Time => "time",
        GroupField::Place => "place",
        GroupField::Counsellors => "counsellors",
    }
}

// ---- drawing -----------------------------------------------------------------

const W_GROUP: usize = 20;
const W_KIND: usize = 15;
const W_MEETS: usize = 9;
const W_MEMBERS: usize = 4;

pub(super) fn draw(frame: &mut Frame, area: Rect, list: &GroupList, cards: CardSummary, sh: &Shell, theme: &Theme) {
    let inner = frame_block(frame, area, format!(" {} · {} ", text::groups::LIST_TITLE, sh.centre.name));
    let [header, columns, rows_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let meeting = list.lines.iter().filter(|l| l.today.is_some()).count();
    let mut spans = vec![Span::raw(format!(
        "{} · {meeting} mødes i dag · {} kort på lager",
        format_date_dk(sh.today),
        cards.on_hand
    ))];
    if cards.owed > 0 {
        spans.push(styled(format!(" · {} SKYLDIGT", cards.owed), theme.warning()));
    }
    if cards.to_resolve > 0 {
        spans.push(styled(format!(" · {} AFKLARES", cards.to_resolve), theme.danger()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), header);
    let titles = format!(
        "  {:<W_GROUP$} {:<W_KIND$} {:<W_MEETS$} {:>W_MEMBERS$}  {}",
        text::groups::COL_GROUP,
        text::groups::COL_KIND,
        text::groups::COL_MEETS,
        text::groups::COL_MEMBERS,
        text::groups::COL_TODAY
    );
    frame.render_widget(Paragraph::new(styled(titles, theme.bold())), columns);
    if list.lines.is_empty() {
        frame.render_widget(Paragraph::new(styled(text::groups::NO_GROUPS, theme.dim())), rows_area);
        return;
    }
    // Display rows: the groups, with one separator line before the
    // anonymous group(s), which are kept apart.
    let mut rows: Vec<Option<usize>> = Vec::new();
    for (i, l) in list.lines.iter().enumerate() {
        if l.group.kind.is_anonymous() && (i == 0 || !list.lines[i - 1].group.kind.is_anonymous()) {
            rows.push(None);
        }
        rows.push(Some(i));
    }
    let at = rows.iter().position(|r| *r == Some(list.selected)).unwrap_or(0);
    let height = rows_area.height as usize;
    let lines: Vec<Line> = rows
        .iter()
        .skip(offset(at, height))
        .take(height)
        .map(|r| match r {
            None => Line::from(styled(format!("  ── {} ──", text::groups::ANONYMOUS_APART), theme.dim())),
            Some(i) => group_row(list, *i, theme),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), rows_area);
}

fn group_row(list: &GroupList, i: usize, theme: &Theme) -> Line<'static> {
    let l = &list.lines[i];
    let selected = i == list.selected;
    let b = base(selected, theme);
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
    Line::from(vec![
        styled(
            format!(
                "{}{:<W_GROUP$} {:<W_KIND$} {:<W_MEETS$} {:>W_MEMBERS$}  ",
                pointer(selected),
                fit(&l.group.name, W_GROUP),
                fit(text::groups::group_kind_short(l.group.kind), W_KIND),
                meets,
                l.members
            ),
            b,
        ),
        styled(when, b.patch(style)),
    ])
}
