//! One group: its schedule, its members and its sessions. Its forms plan,
//! cancel and move sessions, and add and remove members.

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::common::{
    base, frame_block, keep_selection, move_selection, not_loaded, offset, open_failed, pointer, warn,
};
use super::forms::{Refusal, Saved, Submitted, at_fields, refused_at, typed_case};
use super::{GroupsForm, GroupsView, Step, roll_call};
use crate::app::form::{Field, FieldId, Form};
use crate::app::{Action, Shell};
use crate::domain::dates::{format_date_dk, format_time};
use crate::domain::group::groups::{
    MemberField, SessionField, SessionState, check_cancel, check_join, check_leave, check_move, plan_sessions,
    session_state,
};
use crate::store::{GroupDetail, SessionLine, StoreError};
use crate::text;
use crate::ui::{Theme, fit, styled};

#[derive(Debug, Clone)]
pub struct GroupState {
    pub detail: GroupDetail,
    /// Position in `detail.sessions`.
    pub selected: usize,
}

impl GroupState {
    fn load(sh: &Shell, id: i64) -> Result<GroupState, String> {
        let detail = sh.store.group_detail(id).map_err(|e| not_loaded(text::groups::GROUP_NOT_LOADED, e))?;
        // Start on the next session: the one most likely to be acted on.
        let next = detail.sessions.iter().position(|s| s.session.date >= sh.today);
        let selected = next.unwrap_or(detail.sessions.len().saturating_sub(1));
        Ok(GroupState { detail, selected })
    }

    /// Reads the group again, keeping the selected session (a moved
    /// session keeps the selection to its new place).
    pub(super) fn reload(&mut self, sh: &Shell) -> Result<(), String> {
        let detail =
            sh.store.group_detail(self.detail.group.id).map_err(|e| not_loaded(text::groups::GROUP_NOT_LOADED, e))?;
        let keep = self.detail.sessions.get(self.selected).map(|s| s.session.id);
        self.selected = keep_selection(&detail.sessions, keep, |s| s.session.id, self.selected);
        self.detail = detail;
        Ok(())
    }

    fn session(&self, id: i64) -> Option<&SessionLine> {
        self.detail.sessions.iter().find(|s| s.session.id == id)
    }

    /// The session a form was opened on. It cannot leave the group while
    /// the form is open (the view is read again only after a save).
    fn session_of_form(&self, id: i64) -> Result<&SessionLine, Refusal> {
        self.session(id).ok_or(Refusal::Failed(StoreError::NotFound { what: "mødegang", id }))
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
    if move_selection(&mut state.selected, state.detail.sessions.len(), action, sh) {
        return Step::Stay;
    }
    let session = state.detail.sessions.get(state.selected);
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
        Field::text("date", text::groups::F_FROM, &format_date_dk(sh.today)).with_hint(text::groups::HINT_PLAN),
        Field::text("count", text::groups::F_COUNT, "14"),
    ];
    form(&title, fields, GroupForm::PlanSessions)
}

fn session_form(line: &SessionLine, moving: bool) -> Step {
    let s = &line.session;
    let when = format!("{} {}", text::groups::weekday_short(s.date.weekday()), format_date_dk(s.date));
    if moving {
        let fields = vec![
            Field::text("date", text::groups::F_NEW_DATE, &format_date_dk(s.date)).with_hint(text::intake::HINT_DATE),
            Field::text("time", text::intake::F_TIME, &format_time(s.time)).with_hint(text::intake::HINT_TIME),
            Field::text("reason", text::intake::F_REASON, ""),
        ];
        form(&format!("{} · {when}", text::groups::MOVE_TITLE), fields, GroupForm::MoveSession { session_id: s.id })
    } else {
        let fields = vec![Field::text("reason", text::intake::F_REASON, "")];
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
        Field::text("case", text::groups::F_CASE, "").with_hint(text::groups::HINT_CASE),
        Field::text("date", date_label, &format_date_dk(sh.today)).with_hint(text::intake::HINT_DATE),
    ];
    form(&format!("{title} · {}", state.detail.group.name), fields, purpose)
}

// ---- the forms: submitting ---------------------------------------------------

pub(super) fn submit(purpose: GroupForm, state: &GroupState, sh: &mut Shell, form: &Form) -> Submitted {
    match purpose {
        GroupForm::PlanSessions => submit_plan_sessions(state, sh, form),
        GroupForm::CancelSession { session_id } => submit_cancel_session(state, session_id, sh, form),
        GroupForm::MoveSession { session_id } => submit_move_session(state, session_id, sh, form),
        GroupForm::AddMember => submit_add_member(state, sh, form),
        GroupForm::RemoveMember => submit_remove_member(state, sh, form),
    }
}

fn submit_plan_sessions(state: &GroupState, sh: &mut Shell, form: &Form) -> Submitted {
    let group = &state.detail.group;
    // Every date the group has, cancelled ones too, as the file holds them.
    let taken = sh.store.session_dates(group.id)?;
    let planned = plan_sessions(group, &form.text("date"), &form.text("count"), &taken, sh.today)
        .map_err(|p| at_fields(p, session_field_id))?;
    let n = sh.store.plan_sessions(group.id, &planned).map_err(refused_at("date"))?;
    // The domain plans at least one date or refuses.
    let (first, last) = (planned[0], planned[planned.len() - 1]);
    Ok(Saved::new(format!("{n} mødegange planlagt, {} til {}.", format_date_dk(first), format_date_dk(last))))
}

fn submit_cancel_session(state: &GroupState, session_id: i64, sh: &mut Shell, form: &Form) -> Submitted {
    let line = state.session_of_form(session_id)?;
    let cancelled = check_cancel(&line.session, line.marks.is_held(), &form.text("reason"), sh.today)
        .map_err(|p| at_fields(p, session_field_id))?;
    sh.store.cancel_session(session_id, &cancelled).map_err(refused_at("reason"))?;
    Ok(Saved::new(format!("Mødegangen {} er aflyst.", format_date_dk(line.session.date))))
}

fn submit_move_session(state: &GroupState, session_id: i64, sh: &mut Shell, form: &Form) -> Submitted {
    let line = state.session_of_form(session_id)?;
    let others: Vec<NaiveDate> =
        state.detail.sessions.iter().filter(|s| s.session.id != session_id).map(|s| s.session.date).collect();
    let moved = check_move(
        &line.session,
        line.marks.is_held(),
        &form.text("date"),
        &form.text("time"),
        &form.text("reason"),
        &others,
        sh.today,
    )
    .map_err(|p| at_fields(p, session_field_id))?;
    sh.store.move_session(session_id, &moved).map_err(refused_at("date"))?;
    Ok(Saved::new(format!(
        "Mødegangen er flyttet fra {} til {}.",
        format_date_dk(line.session.date),
        format_date_dk(moved.date)
    )))
}

fn submit_add_member(state: &GroupState, sh: &mut Shell, form: &Form) -> Submitted {
    let group = &state.detail.group;
    let members = sh.store.group_members(group.id)?;
    let case = typed_case(sh, &form.text("case"))?;
    let (case_id, on) = check_join(group, &form.text("case"), case.as_ref(), &form.text("date"), &members, sh.today)
        .map_err(|p| at_fields(p, member_field_id))?;
    sh.store.add_member(group.id, case_id, on).map_err(refused_at("case"))?;
    let name = case.as_ref().map_or("", |c| c.identity.display_name());
    Ok(Saved::new(format!("{name} (sag {case_id}) er med i {} fra {}.", group.name, format_date_dk(on))))
}

fn submit_remove_member(state: &GroupState, sh: &mut Shell, form: &Form) -> Submitted {
    let group = &state.detail.group;
    let members = sh.store.group_members(group.id)?;
    let (member, on) = check_leave(&form.text("case"), &form.text("date"), &members, sh.today)
        .map_err(|p| at_fields(p, member_field_id))?;
    sh.store.end_membership(member.id, on).map_err(refused_at("case"))?;
    Ok(Saved::new(format!("Sag {} er meldt ud af {} den {}.", member.case_id, group.name, format_date_dk(on))))
}

fn session_field_id(f: SessionField) -> FieldId {
    match f {
        SessionField::Date => "date",
        SessionField::Count => "count",
        SessionField::Time => "time",
        SessionField::Reason => "reason",
    }
}

fn member_field_id(f: MemberField) -> FieldId {
    match f {
        MemberField::Case => "case",
        MemberField::Date => "date",
    }
}

// ---- drawing -----------------------------------------------------------------

/// The state of a session line.
fn line_state(line: &SessionLine, today: NaiveDate) -> SessionState {
    session_state(&line.session, line.marks.is_held(), today)
}

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &GroupState, sh: &Shell, theme: &Theme) {
    let d = &state.detail;
    let g = &d.group;
    let inner = frame_block(frame, area, format!(" {} · {} ", g.name, text::groups::group_kind(g.kind)));
    let s = &g.schedule;
    let current: Vec<String> = d
        .members
        .iter()
        .filter(|m| m.member.left_on.is_none_or(|left| left >= sh.today))
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
    // The member line may wrap over up to three rows.
    let width = inner.width.max(1) as usize;
    let member_rows = (head[1].width().div_ceil(width)).clamp(1, 3) as u16;
    let head_rows = 1 + member_rows + u16::from(g.kind.is_anonymous());
    let [top, columns, list] =
        Layout::vertical([Constraint::Length(head_rows), Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: true }), top);
    let titles = format!("  {:<20} {:<5}  {:<14} {}", text::groups::COL_DATE, "Kl.", "Sted", text::groups::COL_STATUS);
    frame.render_widget(Paragraph::new(styled(titles, theme.bold())), columns);
    if d.sessions.is_empty() {
        frame.render_widget(Paragraph::new(styled(text::groups::NO_SESSIONS, theme.dim())), list);
        return;
    }
    let height = list.height as usize;
    let lines: Vec<Line> = d
        .sessions
        .iter()
        .enumerate()
        .skip(offset(state.selected, height))
        .take(height)
        .map(|(i, line)| session_row(line, i == state.selected, sh, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

fn session_row(line: &SessionLine, selected: bool, sh: &Shell, theme: &Theme) -> Line<'static> {
    let b = base(selected, theme);
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
    Line::from(vec![
        styled(
            format!(
                "{}{} {}{today:<6} {:<5}  {:<14} ",
                pointer(selected),
                text::groups::weekday_short(se.date.weekday()),
                format_date_dk(se.date),
                format_time(se.time),
                fit(&se.place, 14)
            ),
            b,
        ),
        styled(status, b.patch(style)),
    ])
}
