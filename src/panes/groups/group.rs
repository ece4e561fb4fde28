//! One group: its schedule, its members and its sessions. Its forms plan,
//! cancel and move sessions, and add and remove members.

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::common::{frame_block, head_and_table, inner, keep_on, list_rows, not_loaded, open_failed, table, warn};
use super::forms::{Saved, Submitted, at_fields, refused_at, settle, typed_case};
use super::{GroupsForm, GroupsView, Step, roll_call};
use crate::app::form::{Field, Form};
use crate::app::list_cursor::ListCursor;
use crate::app::{Action, Shell};
use crate::domain::dates::{format_date_dk, format_time};
use crate::domain::group::groups::{
    MemberField, SessionField, SessionState, check_cancel, check_join, check_leave, check_move, plan_sessions,
    session_state,
};
use crate::store::{GroupDetail, SessionLine, StoreError};
use crate::text;
use crate::ui::widgets::{Column, TableCell};
use crate::ui::{Theme, styled};

#[derive(Debug, Clone)]
pub struct GroupState {
    pub detail: GroupDetail,
    /// On `detail.sessions`.
    pub cursor: ListCursor,
}

impl GroupState {
    fn load(sh: &Shell, id: i64) -> Result<GroupState, String> {
        let detail = sh.store.group_detail(id).map_err(|e| not_loaded(text::groups::GROUP_NOT_LOADED, e))?;
        // Start on the next session: the one most likely to be acted on.
        let next = detail.sessions.iter().position(|s| s.session.date >= sh.today);
        let at = next.unwrap_or(detail.sessions.len().saturating_sub(1));
        let mut state = GroupState { detail, cursor: ListCursor::new() };
        state.cursor.select(at, state.detail.sessions.len(), rows(&state, sh));
        Ok(state)
    }

    /// Reads the group again, keeping the selected session (a moved
    /// session keeps the selection to its new place).
    pub(super) fn reload(&mut self, sh: &Shell) -> Result<(), String> {
        let detail =
            sh.store.group_detail(self.detail.group.id).map_err(|e| not_loaded(text::groups::GROUP_NOT_LOADED, e))?;
        let keep = self.selected_session().map(|s| s.session.id);
        self.detail = detail;
        let rows = rows(self, sh);
        keep_on(&mut self.cursor, &self.detail.sessions, keep, |s| s.session.id, rows);
        Ok(())
    }

    pub fn selected_session(&self) -> Option<&SessionLine> {
        self.cursor.selection(self.detail.sessions.len()).map(|i| &self.detail.sessions[i])
    }

    fn session(&self, id: i64) -> Option<&SessionLine> {
        self.detail.sessions.iter().find(|s| s.session.id == id)
    }

    /// The session a form was opened on. It cannot leave the group while
    /// the form is open (the view is read again only after a save).
    fn session_of_form(&self, id: i64) -> Result<&SessionLine, StoreError> {
        self.session(id).ok_or(StoreError::NotFound { what: "mødegang", id })
    }
}

pub(super) fn open(sh: &mut Shell, id: i64) -> Step {
    match GroupState::load(sh, id) {
        Ok(state) => Step::open(GroupsView::Group(state)),
        Err(why) => open_failed(sh, why),
    }
}

/// The forms of the group view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupForm {
    PlanSessions,
    CancelSession { session_id: i64 },
    MoveSession { session_id: i64 },
    AddMember,
    RemoveMember,
}

pub(super) fn update(state: &mut GroupState, sh: &mut Shell, action: Action) -> Step {
    let rows = rows(state, sh);
    if state.cursor.apply(action, state.detail.sessions.len(), rows) {
        return Step::Stay;
    }
    let session = state.selected_session();
    match action {
        Action::Close => Step::Back(None),
        Action::RollCall => match session {
            Some(line) => roll_call::open(sh, line.session.id),
            None => warn(sh, text::groups::SELECT_SESSION_FIRST),
        },
        Action::PlanSessions => plan_sessions_form(state, sh),
        Action::CancelSession | Action::MoveSession => match session {
            Some(line) => session_form(line, action == Action::MoveSession),
            None => warn(sh, text::groups::SELECT_SESSION_FIRST),
        },
        Action::AddMember => member_form(state, sh, true),
        Action::RemoveMember => member_form(state, sh, false),
        _ => Step::Stay,
    }
}

// ---- the forms: opening ------------------------------------------------------

fn form(title: &str, fields: Vec<Field>, purpose: GroupForm) -> Step {
    Step::Form(Form::new(title, fields), GroupsForm::Group(purpose))
}

fn plan_sessions_form(state: &GroupState, sh: &Shell) -> Step {
    let title = format!("{} · {}", text::groups::PLAN_SESSIONS_TITLE, state.detail.group.name);
    let fields = vec![
        Field::text(SessionField::Date, text::groups::F_FROM, &format_date_dk(sh.today))
            .with_hint(text::groups::HINT_PLAN),
        Field::text(SessionField::Count, text::groups::F_COUNT, "14"),
    ];
    form(&title, fields, GroupForm::PlanSessions)
}

fn session_form(line: &SessionLine, moving: bool) -> Step {
    let s = &line.session;
    let when = format!("{} {}", text::groups::weekday_short(s.date.weekday()), format_date_dk(s.date));
    if moving {
        let fields = vec![
            Field::text(SessionField::Date, text::groups::F_NEW_DATE, &format_date_dk(s.date))
                .with_hint(text::intake::HINT_DATE),
            Field::text(SessionField::Time, text::intake::F_TIME, &format_time(s.time))
                .with_hint(text::intake::HINT_TIME),
            Field::text(SessionField::Reason, text::intake::F_REASON, ""),
        ];
        form(&format!("{} · {when}", text::groups::MOVE_TITLE), fields, GroupForm::MoveSession { session_id: s.id })
    } else {
        let fields = vec![Field::text(SessionField::Reason, text::intake::F_REASON, "")];
        form(&format!("{} · {when}", text::groups::CANCEL_TITLE), fields, GroupForm::CancelSession { session_id: s.id })
    }
}

fn member_form(state: &GroupState, sh: &Shell, adding: bool) -> Step {
    let (title, date_label, purpose) = if adding {
        (text::groups::ADD_MEMBER_TITLE, text::groups::F_JOINED, GroupForm::AddMember)
    } else {
        (text::groups::REMOVE_MEMBER_TITLE, text::groups::F_LEFT, GroupForm::RemoveMember)
    };
    let fields = vec![
        Field::text(MemberField::Case, text::groups::F_CASE, "").with_hint(text::groups::HINT_CASE),
        Field::text(MemberField::Date, date_label, &format_date_dk(sh.today)).with_hint(text::intake::HINT_DATE),
    ];
    form(&format!("{title} · {}", state.detail.group.name), fields, purpose)
}

// ---- the forms: submitting ---------------------------------------------------

/// Saves the form's draft, or shows on the form why not.
pub(super) fn submit(purpose: GroupForm, state: &GroupState, sh: &mut Shell, form: &mut Form) -> Option<Saved> {
    match purpose {
        GroupForm::PlanSessions => settle(submit_plan_sessions(state, sh, form), form, sh),
        GroupForm::CancelSession { session_id } => settle(submit_cancel_session(state, session_id, sh, form), form, sh),
        GroupForm::MoveSession { session_id } => settle(submit_move_session(state, session_id, sh, form), form, sh),
        GroupForm::AddMember => settle(submit_add_member(state, sh, form), form, sh),
        GroupForm::RemoveMember => settle(submit_remove_member(state, sh, form), form, sh),
    }
}

fn submit_plan_sessions(state: &GroupState, sh: &mut Shell, form: &Form) -> Submitted<SessionField> {
    use SessionField as F;
    let group = &state.detail.group;
    // Every date the group has, cancelled ones too, as the file holds them.
    let taken = sh.store.session_dates(group.id)?;
    let planned =
        plan_sessions(group, &form.text(F::Date), &form.text(F::Count), &taken, sh.today).map_err(at_fields)?;
    let n = sh.store.plan_sessions(group.id, &planned).map_err(refused_at(F::Date))?;
    // The domain plans at least one date or refuses.
    let (first, last) = (planned[0], planned[planned.len() - 1]);
    Ok(Saved::new(format!("{n} mødegange planlagt, {} til {}.", format_date_dk(first), format_date_dk(last))))
}

fn submit_cancel_session(state: &GroupState, session_id: i64, sh: &mut Shell, form: &Form) -> Submitted<SessionField> {
    let line = state.session_of_form(session_id)?;
    let cancelled = check_cancel(&line.session, line.marks.is_held(), &form.text(SessionField::Reason), sh.today)
        .map_err(at_fields)?;
    sh.store.cancel_session(session_id, &cancelled).map_err(refused_at(SessionField::Reason))?;
    Ok(Saved::new(format!("Mødegangen {} er aflyst.", format_date_dk(line.session.date))))
}

fn submit_move_session(state: &GroupState, session_id: i64, sh: &mut Shell, form: &Form) -> Submitted<SessionField> {
    use SessionField as F;
    let line = state.session_of_form(session_id)?;
    let others: Vec<NaiveDate> =
        state.detail.sessions.iter().filter(|s| s.session.id != session_id).map(|s| s.session.date).collect();
    let moved = check_move(
        &line.session,
        line.marks.is_held(),
        &form.text(F::Date),
        &form.text(F::Time),
        &form.text(F::Reason),
        &others,
        sh.today,
    )
    .map_err(at_fields)?;
    sh.store.move_session(session_id, &moved).map_err(refused_at(F::Date))?;
    Ok(Saved::new(format!(
        "Mødegangen er flyttet fra {} til {}.",
        format_date_dk(line.session.date),
        format_date_dk(moved.date)
    )))
}

fn submit_add_member(state: &GroupState, sh: &mut Shell, form: &Form) -> Submitted<MemberField> {
    use MemberField as F;
    let group = &state.detail.group;
    let members = sh.store.group_members(group.id)?;
    let case = typed_case(sh, &form.text(F::Case))?;
    let (case_id, on) = check_join(group, &form.text(F::Case), case.as_ref(), &form.text(F::Date), &members, sh.today)
        .map_err(at_fields)?;
    sh.store.add_member(group.id, case_id, on).map_err(refused_at(F::Case))?;
    let name = case.as_ref().map_or("", |c| c.identity.display_name());
    Ok(Saved::new(format!("{name} (sag {case_id}) er med i {} fra {}.", group.name, format_date_dk(on))))
}

fn submit_remove_member(state: &GroupState, sh: &mut Shell, form: &Form) -> Submitted<MemberField> {
    use MemberField as F;
    let group = &state.detail.group;
    let members = sh.store.group_members(group.id)?;
    let (member, on) = check_leave(&form.text(F::Case), &form.text(F::Date), &members, sh.today).map_err(at_fields)?;
    sh.store.end_membership(member.id, on).map_err(refused_at(F::Case))?;
    Ok(Saved::new(format!("Sag {} er meldt ud af {} den {}.", member.case_id, group.name, format_date_dk(on))))
}

// ---- drawing -----------------------------------------------------------------

/// The sessions' columns: the status (FREMMØDE MANGLER, AFLYST, FLYTTET)
/// keeps its room longest; the date column holds I DAG.
const SESSIONS: [Column; 4] = [
    Column::fixed(text::groups::COL_DATE, 20).priority(8),
    Column::fixed(text::groups::COL_TIME, 5).priority(6),
    Column::new(text::groups::COL_PLACE, 10, 20).priority(4),
    Column::new(text::groups::COL_STATUS, 20, 50).priority(9).fill(),
];

/// The lines over the sessions: the schedule, the members (by pseudonym
/// only in the anonymous group), and for that group why.
fn head(state: &GroupState, today: NaiveDate, theme: &Theme) -> Vec<Line<'static>> {
    let g = &state.detail.group;
    let s = &g.schedule;
    let current: Vec<String> = state
        .detail
        .members
        .iter()
        .filter(|m| m.member.left_on.is_none_or(|left| left >= today))
        .map(|m| if g.kind.is_anonymous() { m.name.clone() } else { format!("{} ({})", m.name, m.member.case_id) })
        .collect();
    let members = if current.is_empty() { text::groups::NO_MEMBERS.to_string() } else { current.join(", ") };
    let mut head = vec![
        Line::from(format!(
            "Mødes {} kl. {} · {} · rådgivere: {}",
            text::groups::weekday(s.weekday),
            format_time(s.time),
            s.place,
            s.counsellors.join(", ")
        )),
        Line::from(format!("Deltagere ({}): {members}", current.len())),
    ];
    if g.kind.is_anonymous() {
        head.push(Line::from(styled("Anonym behandling (§101a): kun pseudonymer, holdes adskilt.", theme.accent())));
    }
    head
}

/// The head's rows at `width`, each line wrapped as it is drawn; the
/// member line takes up to three.
fn head_rows(head: &[Line<'static>], width: u16) -> u16 {
    let rows = head.iter().enumerate().map(|(i, line)| {
        let rows = Paragraph::new(line.clone()).wrap(Wrap { trim: true }).line_count(width).max(1);
        if i == 1 { rows.min(3) } else { rows }
    });
    u16::try_from(rows.sum::<usize>()).unwrap_or(u16::MAX)
}

/// The head and the sessions' table in `inner`.
fn areas(state: &GroupState, today: NaiveDate, inner: Rect) -> [Rect; 2] {
    let head = head(state, today, &Theme::plain());
    head_and_table(inner, head_rows(&head, inner.width))
}

/// The sessions the view shows at the shell's last screen size.
fn rows(state: &GroupState, sh: &Shell) -> usize {
    list_rows(&SESSIONS, areas(state, sh.today, inner(sh))[1])
}

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &GroupState, sh: &Shell, theme: &Theme) {
    let d = &state.detail;
    let g = &d.group;
    let inner = frame_block(frame, area, format!(" {} · {} ", g.name, text::groups::group_kind(g.kind)));
    let [top, list] = areas(state, sh.today, inner);
    frame.render_widget(Paragraph::new(head(state, sh.today, theme)).wrap(Wrap { trim: true }), top);
    table(&SESSIONS, text::groups::NO_SESSIONS, theme)
        .render(frame, list, &state.cursor, d.sessions.len(), |i| session_row(&d.sessions[i], sh, theme));
}

/// The state of a session line.
fn line_state(line: &SessionLine, today: NaiveDate) -> SessionState {
    session_state(&line.session, line.marks.is_held(), today)
}

fn session_row(line: &SessionLine, sh: &Shell, theme: &Theme) -> Vec<TableCell> {
    let se = &line.session;
    let state = line_state(line, sh.today);
    let (status, style) = match state {
        SessionState::Cancelled => {
            (format!("AFLYST: {}", se.cancelled.as_ref().map(|c| c.reason.as_str()).unwrap_or("")), theme.dim())
        }
        SessionState::Held => {
            let m = line.marks;
            (format!("{} mødt · {} afbud · {} udeblevet", m.attended, m.cancelled, m.no_show), theme.text())
        }
        SessionState::RollCallMissing => (text::groups::session_state(state).to_string(), theme.warning()),
        SessionState::Planned => (text::groups::session_state(state).to_string(), theme.text()),
    };
    let mut status = status;
    if let Some(m) = &se.moved {
        status = format!("FLYTTET fra {}: {} · {status}", format_date_dk(m.from), m.reason);
    }
    let today = if se.date == sh.today { " I DAG" } else { "" };
    vec![
        TableCell::from(format!(
            "{} {}{today}",
            text::groups::weekday_short(se.date.weekday()),
            format_date_dk(se.date)
        )),
        TableCell::from(format_time(se.time)),
        TableCell::from(se.place.as_str()),
        TableCell::new(status, style),
    ]
}
