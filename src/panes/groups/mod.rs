//! The Grupper pane's state and actions: the group list (today's sessions
//! first), one group, the roll call, the MOVE courses and the gift-card
//! ledger. Forms follow the intake pane: the domain checks the draft, its
//! problems go to their fields in Danish with the draft kept, and only a
//! clean draft reaches the store (which checks again in its transaction).

mod draw;
mod keys;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::form::{Field, FieldId, Form};
use crate::app::form_host::{self, ActiveForm, FormEvent};
use crate::app::pane::Screen;
use crate::app::{Action, Pane, Shell, StatusKind};
use crate::domain::dates;
use crate::domain::group::course::{
    CardStatus, CourseCards, CourseField, Resolution, check_correction, check_end, check_follow_up, check_individual,
    check_new_course, check_resolution, check_row_hand_out, check_serial, course_cards,
};
use crate::domain::group::groups::{
    GroupField, GroupInput, GroupKind, GroupProblem, MemberField, SessionField, SessionState, WEEKDAYS, check_cancel,
    check_join, check_leave, check_move, parse_case_number, plan_sessions, session_state, validate_group,
};
use crate::domain::group::ledger::{Ledger, LedgerEntryKind, Reconciliation};
use crate::domain::group::move_cards::Attendance;
use crate::domain::group::roll_call::{LineCard, LinePreview, RollEntry, check_line_serial, check_roll_call, preview};
use crate::domain::group::stock::{Removal, StockField, parse_correction, parse_receipt, parse_removal};
use crate::store::{GroupDetail, GroupLine, MoveCourseData, MoveCourseLine, RollCallData, StoreError};
use crate::text;
use crate::ui::Theme;

/// Which screen of the pane is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupsScreen {
    List,
    Group,
    RollCall,
    Courses,
    Course,
    Ledger,
}

/// The gift-card figures the group list's header shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CardSummary {
    pub on_hand: usize,
    /// Cards earned and not handed out.
    pub owed: usize,
    /// Handed-out cards to resolve.
    pub to_resolve: usize,
}

#[derive(Debug, Clone)]
pub struct GroupState {
    pub detail: GroupDetail,
    /// Position in `detail.sessions`.
    pub selected: usize,
}

#[derive(Debug, Clone)]
pub struct RollCallState {
    pub data: RollCallData,
    pub marks: Vec<Option<Attendance>>,
    /// The serial typed and accepted on each line.
    pub serials: Vec<Option<String>>,
    pub previews: Vec<LinePreview>,
    /// A problem on each line, in Danish.
    pub errors: Vec<Option<String>>,
    pub selected: usize,
    /// The serial being typed on the selected line.
    pub editing: Option<String>,
    /// The ledger as it was when the roll call opened, for the checks
    /// while typing (the save checks the file again).
    pub ledger: Ledger,
    pub banner: Option<String>,
}

impl RollCallState {
    /// Whether anything differs from what is stored.
    pub fn is_dirty(&self) -> bool {
        self.serials.iter().any(Option::is_some)
            || self.data.lines.iter().zip(&self.marks).any(|((m, _), mark)| m.stored.map(|(_, a)| a) != *mark)
    }

    pub fn marked(&self) -> usize {
        self.marks.iter().filter(|m| m.is_some()).count()
    }
}

#[derive(Debug, Clone)]
pub struct CourseState {
    pub data: MoveCourseData,
    pub cards: CourseCards,
    /// Position in `cards.rows`.
    pub selected: usize,
}

#[derive(Debug, Clone)]
pub struct LedgerState {
    pub ledger: Ledger,
    pub reconciliation: Vec<Reconciliation>,
    /// Position in the ledger's entries.
    pub selected: usize,
}

/// The pane: its stack of screens, what each shows, and the open form.
#[derive(Debug, Default)]
pub struct GroupsPane {
    /// Screens opened on top of the list; the last is on screen.
    pub stack: Vec<GroupsScreen>,
    /// The groups in list order: today's sessions first, the anonymous
    /// (§101a) group(s) last and apart.
    pub lines: Vec<GroupLine>,
    pub selected: usize,
    pub cards: CardSummary,
    pub group: Option<GroupState>,
    pub roll: Option<RollCallState>,
    pub courses: Vec<MoveCourseLine>,
    pub course_selected: usize,
    pub course: Option<CourseState>,
    pub ledger: Option<LedgerState>,
    pub form: Option<ActiveForm<GroupsForm>>,
}

/// Grupper's forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupsForm {
    NewGroup,
    PlanSessions {
        group_id: i64,
    },
    CancelSession {
        session_id: i64,
    },
    MoveSession {
        session_id: i64,
    },
    AddMember {
        group_id: i64,
    },
    RemoveMember {
        group_id: i64,
    },
    NewMoveCourse,
    IndividualSession {
        course_id: i64,
    },
    CorrectAttendance {
        course_id: i64,
        attendance_id: i64,
        was: Attendance,
    },
    HandOutCard {
        course_id: i64,
        attendance_id: i64,
    },
    StartFollowUp {
        course_id: i64,
    },
    EndMoveCourse {
        course_id: i64,
    },
    /// `row`: the course view's row with the hand-out to resolve.
    ResolveCard {
        course_id: i64,
        row: usize,
    },
    ReceiveCards,
    RemoveCard {
        kind: Removal,
    },
    CorrectEntry {
        entry: u64,
    },
}

impl GroupsPane {
    /// The screen on top of the stack.
    pub fn top(&self) -> GroupsScreen {
        self.stack.last().copied().unwrap_or(GroupsScreen::List)
    }

    pub fn selected_line(&self) -> Option<&GroupLine> {
        self.lines.get(self.selected)
    }

    /// A roll call with unsaved marks is on screen.
    pub fn roll_call_dirty(&self) -> bool {
        self.top() == GroupsScreen::RollCall && self.roll.as_ref().is_some_and(RollCallState::is_dirty)
    }

    /// A serial is being typed on a roll-call line.
    pub fn editing_serial(&self) -> bool {
        self.top() == GroupsScreen::RollCall && self.roll.as_ref().is_some_and(|r| r.editing.is_some())
    }

    fn push(&mut self, screen: GroupsScreen) {
        if self.top() != screen {
            self.stack.push(screen);
        }
    }
}

fn step(selected: &mut usize, len: usize, by: isize) {
    if len == 0 {
        *selected = 0;
        return;
    }
    *selected = (*selected as isize).saturating_add(by).clamp(0, len as isize - 1) as usize;
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

/// A store error as the user reads it: the rules' refusals in Danish.
pub(crate) fn store_error(e: &StoreError) -> String {
    match e {
        StoreError::Group(p) => text::groups::group_problem(p),
        other => other.to_string(),
    }
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

fn course_field_id(f: CourseField) -> FieldId {
    match f {
        CourseField::Case => "case",
        CourseField::Date => "date",
        CourseField::Attendance => "attendance",
        CourseField::Reason => "reason",
        CourseField::Serial => "serial",
        CourseField::Choice => "choice",
    }
}

fn stock_field_id(f: StockField) -> FieldId {
    match f {
        StockField::Serial => "serial",
        StockField::To => "to",
        StockField::Value => "value",
        StockField::Date => "date",
        StockField::Reason => "reason",
    }
}

fn attendance_choice(selected: Attendance) -> Field {
    let options = Attendance::ALL.map(|a| text::groups::attendance(a).to_string()).to_vec();
    let index = Attendance::ALL.iter().position(|a| *a == selected).unwrap_or(0);
    Field::choice("attendance", text::groups::F_ATTENDANCE, options, index)
}

impl GroupsPane {
    // ---- loading ---------------------------------------------------------

    /// Reloads what the screen on top shows (and the list under it).
    pub fn reload_groups(&mut self, sh: &mut Shell) {
        match sh.store.group_list(sh.today) {
            Ok(mut lines) => {
                let keep = self.selected_line().map(|l| l.group.id);
                order_lines(&mut lines);
                self.lines = lines;
                self.selected = keep
                    .and_then(|id| self.lines.iter().position(|l| l.group.id == id))
                    .unwrap_or(self.selected.min(self.lines.len().saturating_sub(1)));
            }
            Err(e) => sh.set_status(StatusKind::Error, format!("Grupperne kunne ikke hentes: {e}")),
        }
        self.reload_courses(sh);
        let on_hand = sh.store.ledger().map(|l| l.on_hand().len()).unwrap_or(0);
        let courses = &self.courses;
        self.cards = CardSummary {
            on_hand,
            owed: courses.iter().map(|c| c.cards.not_handed_out()).sum(),
            to_resolve: courses.iter().map(|c| c.cards.to_resolve()).sum(),
        };
    }

    fn reload_courses(&mut self, sh: &mut Shell) {
        match sh.store.move_course_list(&sh.profile.move_cards) {
            Ok(courses) => {
                self.courses = courses;
                self.course_selected = self.course_selected.min(self.courses.len().saturating_sub(1));
            }
            Err(e) => sh.set_status(StatusKind::Error, format!("MOVE-forløbene kunne ikke hentes: {e}")),
        }
    }

    fn open_group(&mut self, sh: &mut Shell, id: i64) {
        match sh.store.group_detail(id) {
            Ok(detail) => {
                let keep = self.group.as_ref().filter(|g| g.detail.group.id == id).map(|g| g.selected);
                let selected = keep.unwrap_or_else(|| {
                    detail
                        .sessions
                        .iter()
                        .position(|s| s.session.date >= sh.today)
                        .unwrap_or(detail.sessions.len().saturating_sub(1))
                });
                let selected = selected.min(detail.sessions.len().saturating_sub(1));
                self.group = Some(GroupState { detail, selected });
                self.push(GroupsScreen::Group);
            }
            Err(e) => sh.set_status(StatusKind::Error, format!("Gruppen kunne ikke hentes: {e}")),
        }
    }

    fn open_roll_call(&mut self, sh: &mut Shell, session_id: i64) {
        let loaded = sh.store.roll_call(session_id).and_then(|data| Ok((data, sh.store.ledger()?)));
        match loaded {
            Ok((data, ledger)) => {
                let session = &data.session;
                if session.is_cancelled() {
                    sh.set_status(StatusKind::Warning, text::groups::group_problem(&GroupProblem::SessionCancelled));
                    return;
                }
                if session.date > sh.today {
                    sh.set_status(StatusKind::Warning, text::groups::group_problem(&GroupProblem::InFuture));
                    return;
                }
                let marks: Vec<Option<Attendance>> = data.lines.iter().map(|(m, _)| m.stored.map(|(_, a)| a)).collect();
                let previews = data
                    .lines
                    .iter()
                    .zip(&marks)
                    .map(|((m, _), mark)| preview(m, session, *mark, &ledger, &sh.profile.move_cards))
                    .collect();
                let n = data.lines.len();
                self.roll = Some(RollCallState {
                    data,
                    marks,
                    serials: vec![None; n],
                    previews,
                    errors: vec![None; n],
                    selected: 0,
                    editing: None,
                    ledger,
                    banner: None,
                });
                self.push(GroupsScreen::RollCall);
            }
            Err(e) => sh.set_status(StatusKind::Error, format!("Fremmødet kunne ikke hentes: {e}")),
        }
    }

    fn show_move_course(&mut self, sh: &mut Shell, id: i64) {
        match sh.store.view_move_course(id) {
            Ok(data) => {
                self.set_course(sh, data, None);
                self.push(GroupsScreen::Course);
            }
            Err(e) => sh.set_status(StatusKind::Error, format!("Forløbet kunne ikke åbnes: {e}")),
        }
    }

    fn set_course(&mut self, sh: &mut Shell, data: MoveCourseData, selected: Option<usize>) {
        let ledger = sh.store.ledger().unwrap_or_default();
        let cards = course_cards(&data.course, &data.sessions, &ledger, &sh.profile.move_cards);
        // Start on the last session held: the one most likely to need a card.
        let last_held = cards.rows.iter().rposition(|r| r.session.attendance.is_some()).unwrap_or(0);
        let selected = selected.unwrap_or(last_held).min(cards.rows.len().saturating_sub(1));
        self.course = Some(CourseState { data, cards, selected });
    }

    /// After a write on the open course: the same view, read again (the
    /// look at the record is already audited).
    fn refresh_course(&mut self, sh: &mut Shell) {
        let Some((id, selected)) = self.course.as_ref().map(|c| (c.data.course.id, c.selected)) else {
            return;
        };
        match sh.store.move_course_data(id) {
            Ok(data) => self.set_course(sh, data, Some(selected)),
            Err(e) => sh.set_status(StatusKind::Error, e.to_string()),
        }
        self.reload_groups(sh);
    }

    fn open_ledger(&mut self, sh: &mut Shell) {
        match sh.store.ledger() {
            Ok(ledger) => {
                let keep = self.ledger.as_ref().map(|l| l.selected);
                let last = ledger.len().saturating_sub(1);
                let reconciliation = ledger.reconciliation();
                self.ledger = Some(LedgerState { reconciliation, selected: keep.unwrap_or(last).min(last), ledger });
                self.push(GroupsScreen::Ledger);
            }
            Err(e) => sh.set_status(StatusKind::Error, format!("Gavekortregnskabet kunne ikke hentes: {e}")),
        }
    }

    // ---- actions -----------------------------------------------------------

    pub(super) fn update_groups(&mut self, sh: &mut Shell, action: Action) {
        if self.editing_serial() {
            self.update_serial(sh, action);
            return;
        }
        let page = sh.list_rows.max(1) as isize;
        let by = match action {
            Action::Up => Some(-1),
            Action::Down => Some(1),
            Action::PageUp => Some(-page),
            Action::PageDown => Some(page),
            Action::Top => Some(isize::MIN / 2),
            Action::Bottom => Some(isize::MAX / 2),
            _ => None,
        };
        let view = &mut *self;
        match view.top() {
            GroupsScreen::List => {
                if let Some(by) = by {
                    step(&mut view.selected, view.lines.len(), by);
                    return;
                }
                match action {
                    Action::Open => match view.selected_line().map(|l| l.group.id) {
                        Some(id) => self.open_group(sh, id),
                        None => sh.set_status(StatusKind::Warning, text::groups::SELECT_GROUP_FIRST),
                    },
                    Action::RollCall => match view.selected_line().map(|l| l.today.as_ref().map(|t| t.session.id)) {
                        Some(Some(session)) => self.open_roll_call(sh, session),
                        Some(None) => sh.set_status(StatusKind::Warning, text::groups::NO_TODAY_SESSION),
                        None => sh.set_status(StatusKind::Warning, text::groups::SELECT_GROUP_FIRST),
                    },
                    Action::NewGroup => self.open_group_form(sh),
                    Action::ShowCourses => {
                        self.reload_courses(sh);
                        self.push(GroupsScreen::Courses);
                    }
                    Action::ShowLedger => self.open_ledger(sh),
                    _ => {}
                }
            }
            GroupsScreen::Group => {
                let Some(group) = &mut view.group else { return };
                if let Some(by) = by {
                    step(&mut group.selected, group.detail.sessions.len(), by);
                    return;
                }
                let session = group.detail.sessions.get(group.selected).map(|s| s.session.id);
                match action {
                    Action::Close => self.back(sh),
                    Action::RollCall => match session {
                        Some(id) => self.open_roll_call(sh, id),
                        None => sh.set_status(StatusKind::Warning, text::groups::SELECT_SESSION_FIRST),
                    },
                    Action::PlanSessions => self.open_plan_sessions_form(sh),
                    Action::CancelSession | Action::MoveSession => match session {
                        Some(id) => self.open_session_form(id, action == Action::MoveSession),
                        None => sh.set_status(StatusKind::Warning, text::groups::SELECT_SESSION_FIRST),
                    },
                    Action::AddMember => self.open_member_form(sh, true),
                    Action::RemoveMember => self.open_member_form(sh, false),
                    _ => {}
                }
            }
            GroupsScreen::RollCall => {
                let Some(roll) = &mut view.roll else { return };
                if let Some(by) = by {
                    step(&mut roll.selected, roll.marks.len(), by);
                    return;
                }
                match action {
                    Action::MarkAttended => self.mark(sh, Attendance::Attended),
                    Action::MarkCancelled => self.mark(sh, Attendance::Cancelled),
                    Action::MarkNoShow => self.mark(sh, Attendance::NoShow),
                    Action::EnterSerial => self.start_serial(sh),
                    Action::Submit => self.save_roll_call(sh),
                    Action::Cancel | Action::Close => {
                        let dirty = view.roll_call_dirty();
                        view.roll = None;
                        self.back(sh);
                        if dirty {
                            sh.set_status(StatusKind::Info, text::groups::ROLL_DISCARDED);
                        }
                    }
                    _ => {}
                }
            }
            GroupsScreen::Courses => {
                if let Some(by) = by {
                    step(&mut view.course_selected, view.courses.len(), by);
                    return;
                }
                match action {
                    Action::Close => self.back(sh),
                    Action::Open => match view.courses.get(view.course_selected).map(|c| c.course.id) {
                        Some(id) => self.show_move_course(sh, id),
                        None => sh.set_status(StatusKind::Warning, text::groups::SELECT_ROW_FIRST),
                    },
                    Action::NewCourse => self.open_new_course_form(sh),
                    _ => {}
                }
            }
            GroupsScreen::Course => {
                let Some(course) = &mut view.course else { return };
                if let Some(by) = by {
                    step(&mut course.selected, course.cards.rows.len(), by);
                    return;
                }
                match action {
                    Action::Close => self.back(sh),
                    Action::IndividualSession => self.open_course_form(sh, action),
                    Action::CorrectAttendance
                    | Action::HandOutCard
                    | Action::StartFollowUp
                    | Action::ResolveCard
                    | Action::EndCourse => self.open_course_form(sh, action),
                    _ => {}
                }
            }
            GroupsScreen::Ledger => {
                let Some(ledger) = &mut view.ledger else { return };
                if let Some(by) = by {
                    step(&mut ledger.selected, ledger.ledger.len(), by);
                    return;
                }
                match action {
                    Action::Close => self.back(sh),
                    Action::ReceiveCards | Action::VoidCard | Action::LoseCard | Action::CorrectEntry => {
                        self.open_stock_form(sh, action)
                    }
                    _ => {}
                }
            }
        }
    }

    /// Back to the screen under this one, read again.
    fn back(&mut self, sh: &mut Shell) {
        self.stack.pop();
        match self.top() {
            GroupsScreen::Group => {
                if let Some(id) = self.group.as_ref().map(|g| g.detail.group.id) {
                    self.stack.pop();
                    self.open_group(sh, id);
                }
            }
            GroupsScreen::List | GroupsScreen::Courses => self.reload_groups(sh),
            _ => {}
        }
    }

    // ---- the roll call -------------------------------------------------------

    fn mark(&mut self, sh: &mut Shell, mark: Attendance) {
        let settings = sh.profile.move_cards.clone();
        let Some(roll) = &mut self.roll else { return };
        let i = roll.selected;
        let Some((member, _)) = roll.data.lines.get(i) else { return };
        roll.marks[i] = Some(mark);
        roll.previews[i] = preview(member, &roll.data.session, Some(mark), &roll.ledger, &settings);
        roll.errors[i] = None;
        let mut dropped = false;
        if roll.serials[i].is_some() && !roll.previews[i].earns_unpaid_card() {
            roll.serials[i] = None;
            dropped = true;
        }
        if i + 1 < roll.marks.len() {
            roll.selected = i + 1;
        }
        if dropped {
            sh.set_status(StatusKind::Warning, "Serienummeret er taget af linjen: den giver ikke længere et kort.");
        } else {
            sh.status = None;
        }
    }

    fn start_serial(&mut self, sh: &mut Shell) {
        let Some(roll) = &mut self.roll else { return };
        let i = roll.selected;
        match roll.previews.get(i).map(|p| &p.card) {
            Some(LineCard::Earned { .. }) => roll.editing = Some(roll.serials[i].clone().unwrap_or_default()),
            Some(LineCard::HandedOut { serial, .. }) | Some(LineCard::ToResolve { serial }) => {
                let message = text::groups::group_problem(&GroupProblem::AlreadyHandedOut { serial: serial.clone() });
                sh.set_status(StatusKind::Warning, message);
            }
            _ => sh.set_status(StatusKind::Warning, text::groups::group_problem(&GroupProblem::NotEarned)),
        }
    }

    fn update_serial(&mut self, sh: &mut Shell, action: Action) {
        let settings = sh.profile.move_cards.clone();
        let Some(roll) = &mut self.roll else { return };
        let i = roll.selected;
        match action {
            Action::Cancel => roll.editing = None,
            Action::Backspace => {
                if let Some(s) = &mut roll.editing {
                    s.pop();
                }
            }
            Action::Submit => {
                let typed = roll.editing.clone().unwrap_or_default();
                let others: Vec<&str> = roll
                    .serials
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .filter_map(|(_, s)| s.as_deref())
                    .collect();
                match check_line_serial(&roll.previews[i], &typed, &others, &roll.ledger, &settings) {
                    Ok(serial) => {
                        roll.serials[i] = Some(serial);
                        roll.errors[i] = None;
                        roll.editing = None;
                        sh.status = None;
                    }
                    Err(p) => {
                        let message = text::groups::group_problem(&p);
                        roll.errors[i] = Some(message.clone());
                        sh.set_status(StatusKind::Error, message);
                    }
                }
            }
            _ => {}
        }
    }

    /// Typed text on a roll-call line goes into the serial being typed.
    fn type_serial(&mut self, c: char) {
        if let Some(roll) = &mut self.roll
            && let Some(s) = &mut roll.editing
            && !c.is_control()
            && s.chars().count() < 40
        {
            s.push(c);
        }
    }

    fn save_roll_call(&mut self, sh: &mut Shell) {
        let settings = sh.profile.move_cards.clone();
        let today = sh.today;
        let Some(roll) = &mut self.roll else { return };
        let entries: Vec<RollEntry> = roll
            .data
            .lines
            .iter()
            .enumerate()
            .map(|(i, (m, _))| RollEntry { case_id: m.case_id, mark: roll.marks[i], serial: roll.serials[i].clone() })
            .collect();
        roll.errors.iter_mut().for_each(|e| *e = None);
        roll.banner = None;
        if let Err(problems) =
            check_roll_call(&roll.data.session, today, &entries, &roll.previews, &roll.ledger, &settings)
        {
            let mut whole = Vec::new();
            for (line, p) in &problems {
                match line {
                    Some(i) if *i < roll.errors.len() => roll.errors[*i] = Some(text::groups::group_problem(p)),
                    _ => whole.push(text::groups::group_problem(p)),
                }
            }
            if let Some(first) = problems.iter().find_map(|(l, _)| *l) {
                roll.selected = first;
            }
            let message = if whole.is_empty() { text::groups::ROLL_NOT_SAVED.to_string() } else { whole.join(" ") };
            roll.banner = Some(message.clone());
            sh.set_status(StatusKind::Error, message);
            return;
        }
        let session_id = roll.data.session.id;
        match sh.store.save_roll_call(session_id, &entries, today, &settings) {
            Ok(saved) => {
                let mut message = format!("{} {} markeringer", text::groups::ROLL_SAVED, saved.marked);
                if saved.changed > 0 {
                    message.push_str(&format!(", {} rettet", saved.changed));
                }
                if !saved.handed_out.is_empty() {
                    message.push_str(&format!("; gavekort udleveret: {}", saved.handed_out.join(", ")));
                }
                message.push('.');
                self.roll = None;
                self.back(sh);
                sh.set_status(StatusKind::Info, message);
            }
            Err(e) => {
                let message = format!("{} {}", text::SAVE_FAILED, store_error(&e));
                if let Some(roll) = &mut self.roll {
                    roll.banner = Some(message.clone());
                }
                sh.set_status(StatusKind::Error, message);
            }
        }
    }

    // ---- forms -------------------------------------------------------------

    fn open_form(&mut self, title: &str, fields: Vec<Field>, purpose: GroupsForm) {
        self.form = Some(ActiveForm::new(Form::new(title, fields), purpose));
    }

    fn open_group_form(&mut self, sh: &mut Shell) {
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
        self.open_form(text::groups::NEW_GROUP_TITLE, fields, GroupsForm::NewGroup);
    }

    fn current_group(&self) -> Option<&GroupDetail> {
        self.group.as_ref().map(|g| &g.detail)
    }

    fn open_plan_sessions_form(&mut self, sh: &mut Shell) {
        let Some(group) = self.current_group() else { return };
        let title = format!("{} · {}", text::groups::PLAN_SESSIONS_TITLE, group.group.name);
        let fields = vec![
            Field::text("date", text::groups::F_FROM, &dates::format_date_dk(sh.today))
                .with_hint(text::groups::HINT_PLAN),
            Field::text("count", text::groups::F_COUNT, "14"),
        ];
        let purpose = GroupsForm::PlanSessions { group_id: group.group.id };
        self.open_form(&title, fields, purpose);
    }

    fn open_session_form(&mut self, session_id: i64, moving: bool) {
        let Some(line) = self.current_group().and_then(|g| g.sessions.iter().find(|s| s.session.id == session_id))
        else {
            return;
        };
        let s = &line.session;
        let when = format!(
            "{} {}",
            text::groups::weekday_short(chrono::Datelike::weekday(&s.date)),
            dates::format_date_dk(s.date)
        );
        if moving {
            let fields = vec![
                Field::text("date", text::groups::F_NEW_DATE, &dates::format_date_dk(s.date))
                    .with_hint(text::intake::HINT_DATE),
                Field::text("time", text::intake::F_TIME, &dates::format_time(s.time))
                    .with_hint(text::intake::HINT_TIME),
                Field::text("reason", text::intake::F_REASON, ""),
            ];
            self.open_form(
                &format!("{} · {when}", text::groups::MOVE_TITLE),
                fields,
                GroupsForm::MoveSession { session_id },
            );
        } else {
            let fields = vec![Field::text("reason", text::intake::F_REASON, "")];
            self.open_form(
                &format!("{} · {when}", text::groups::CANCEL_TITLE),
                fields,
                GroupsForm::CancelSession { session_id },
            );
        }
    }

    fn open_member_form(&mut self, sh: &mut Shell, adding: bool) {
        let Some(group) = self.current_group() else { return };
        let (title, date_label, purpose) = if adding {
            (text::groups::ADD_MEMBER_TITLE, text::groups::F_JOINED, GroupsForm::AddMember { group_id: group.group.id })
        } else {
            (
                text::groups::REMOVE_MEMBER_TITLE,
                text::groups::F_LEFT,
                GroupsForm::RemoveMember { group_id: group.group.id },
            )
        };
        let title = format!("{title} · {}", group.group.name);
        let fields = vec![
            Field::text("case", text::groups::F_CASE, "").with_hint(text::groups::HINT_CASE),
            Field::text("date", date_label, &dates::format_date_dk(sh.today)).with_hint(text::intake::HINT_DATE),
        ];
        self.open_form(&title, fields, purpose);
    }

    fn open_new_course_form(&mut self, sh: &mut Shell) {
        let fields = vec![
            Field::text("case", text::groups::F_CASE, "").with_hint(text::groups::HINT_CASE),
            Field::text("date", text::groups::F_SCREENING, &dates::format_date_dk(sh.today))
                .with_hint(text::intake::HINT_DATE),
        ];
        self.open_form(text::groups::NEW_COURSE_TITLE, fields, GroupsForm::NewMoveCourse);
    }

    fn open_course_form(&mut self, sh: &mut Shell, action: Action) {
        let Some(state) = &self.course else { return };
        let course_id = state.data.course.id;
        let name = state.data.case.identity.display_name().to_string();
        let row = state.cards.rows.get(state.selected);
        let today = dates::format_date_dk(sh.today);
        match action {
            Action::IndividualSession => {
                let fields = vec![
                    Field::text("date", text::intake::F_DATE, &today).with_hint(text::intake::HINT_DATE),
                    attendance_choice(Attendance::Attended),
                ];
                self.open_form(
                    &format!("{} · {name}", text::groups::INDIVIDUAL_TITLE),
                    fields,
                    GroupsForm::IndividualSession { course_id },
                );
            }
            Action::CorrectAttendance => {
                let Some((attendance_id, was, date)) =
                    row.and_then(|r| Some((r.session.attendance_id?, r.session.attendance?, r.session.date)))
                else {
                    sh.set_status(StatusKind::Warning, text::groups::NOT_AN_ATTENDANCE);
                    return;
                };
                let title = format!("{} · {name} · {}", text::groups::CORRECT_TITLE, dates::format_date_dk(date));
                let fields = vec![attendance_choice(was)];
                self.open_form(&title, fields, GroupsForm::CorrectAttendance { course_id, attendance_id, was });
            }
            Action::HandOutCard => {
                let Some((attendance_id, date)) = row
                    .filter(|r| r.status == CardStatus::NotHandedOut)
                    .and_then(|r| Some((r.session.attendance_id?, r.session.date)))
                else {
                    sh.set_status(StatusKind::Warning, text::groups::NOTHING_TO_HAND_OUT);
                    return;
                };
                // A hint, not a default: the counsellor types the card in hand.
                let next = sh.store.ledger().ok().and_then(|l| {
                    l.on_hand()
                        .into_iter()
                        .find(|s| check_serial(&l, s, &sh.profile.move_cards).is_ok())
                        .map(str::to_string)
                });
                let hint = match next {
                    Some(s) => format!("fra lageret, fx {s}"),
                    None => "fra lageret".to_string(),
                };
                let title = format!("{} · {name} · {}", text::groups::HAND_OUT_TITLE, dates::format_date_dk(date));
                let fields = vec![Field::text("serial", text::groups::F_SERIAL, "").with_hint(&hint)];
                self.open_form(&title, fields, GroupsForm::HandOutCard { course_id, attendance_id });
            }
            Action::ResolveCard => {
                if row.is_none_or(|r| r.status != CardStatus::ToResolve) {
                    sh.set_status(StatusKind::Warning, text::groups::NOT_TO_RESOLVE);
                    return;
                }
                let serial = row.and_then(|r| r.hand_out.as_ref()).map(|e| e.serial.clone()).unwrap_or_default();
                let fields = vec![
                    Field::choice(
                        "choice",
                        text::groups::F_RESOLUTION,
                        Resolution::ALL.map(|r| text::groups::resolution(r).to_string()).to_vec(),
                        0,
                    ),
                    Field::text("reason", text::intake::F_REASON, ""),
                ];
                let row = state.selected;
                self.open_form(
                    &format!("{} · {serial} · {name}", text::groups::RESOLVE_TITLE),
                    fields,
                    GroupsForm::ResolveCard { course_id, row },
                );
            }
            Action::StartFollowUp => {
                let fields = vec![Field::text("date", text::intake::F_DATE, &today).with_hint(text::intake::HINT_DATE)];
                self.open_form(
                    &format!("{} · {name}", text::groups::FOLLOW_UP_TITLE),
                    fields,
                    GroupsForm::StartFollowUp { course_id },
                );
            }
            Action::EndCourse => {
                let fields = vec![
                    Field::text("date", text::intake::F_DATE, &today).with_hint(text::intake::HINT_DATE),
                    Field::text("reason", text::intake::F_REASON, ""),
                ];
                self.open_form(
                    &format!("{} · {name}", text::groups::END_COURSE_TITLE),
                    fields,
                    GroupsForm::EndMoveCourse { course_id },
                );
            }
            _ => {}
        }
    }

    fn open_stock_form(&mut self, sh: &mut Shell, action: Action) {
        let today = dates::format_date_dk(sh.today);
        let date = Field::text("date", text::intake::F_DATE, &today).with_hint(text::intake::HINT_DATE);
        match action {
            Action::ReceiveCards => {
                let value = sh.profile.move_cards.card_value.format_number_dk();
                let fields = vec![
                    Field::text("serial", text::groups::F_SERIAL_FROM, ""),
                    Field::text("to", text::groups::F_SERIAL_TO, "").with_hint(text::groups::HINT_SERIAL_TO),
                    Field::text("value", text::groups::F_VALUE, &value),
                    date,
                ];
                self.open_form(text::groups::RECEIVE_TITLE, fields, GroupsForm::ReceiveCards);
            }
            Action::VoidCard | Action::LoseCard => {
                let (title, kind) = if action == Action::VoidCard {
                    (text::groups::VOID_TITLE, Removal::Void)
                } else {
                    (text::groups::LOSE_TITLE, Removal::Lose)
                };
                let fields = vec![
                    Field::text("serial", text::groups::F_SERIAL, ""),
                    Field::text("reason", text::intake::F_REASON, ""),
                    date,
                ];
                self.open_form(title, fields, GroupsForm::RemoveCard { kind });
            }
            Action::CorrectEntry => {
                let Some(entry) = self.ledger.as_ref().and_then(|l| l.ledger.entries().get(l.selected)) else {
                    sh.set_status(StatusKind::Warning, text::groups::SELECT_ROW_FIRST);
                    return;
                };
                let title = format!(
                    "{} {} · {} {}",
                    text::groups::CORRECT_ENTRY_TITLE,
                    entry.id,
                    text::groups::ledger_kind(&entry.kind),
                    entry.serial
                );
                let fields = vec![
                    Field::text("reason", text::intake::F_REASON, "").with_hint(text::groups::HINT_CORRECTION),
                    date,
                ];
                let purpose = GroupsForm::CorrectEntry { entry: entry.id };
                self.open_form(&title, fields, purpose);
            }
            _ => {}
        }
    }

    /// Submits one of the Grupper pane's forms.
    /// Returns whether the form was one of this pane's.
    fn update_form(&mut self, sh: &mut Shell, action: Action) {
        if let Some(FormEvent::Submit(purpose)) = form_host::handle(&mut self.form, action, sh) {
            self.submit_groups_form(sh, purpose);
        }
    }

    fn submit_groups_form(&mut self, sh: &mut Shell, purpose: GroupsForm) {
        let Some(active) = &mut self.form else { return };
        active.form.clear_errors();
        let form = active.form.clone();
        let today = sh.today;
        let settings = sh.profile.move_cards.clone();
        // Each arm checks the draft with the domain and either writes (and
        // says what it did) or returns the problems by field.
        let result: Result<String, Vec<(FieldId, String)>> = match purpose {
            GroupsForm::NewGroup => {
                let input = GroupInput {
                    name: form.text("name"),
                    kind: GroupKind::ALL[form.choice("kind").min(GroupKind::ALL.len() - 1)],
                    weekday: WEEKDAYS[form.choice("weekday").min(6)],
                    time: form.text("time"),
                    place: form.text("place"),
                    counsellors: form.text("counsellors"),
                };
                let names: Vec<String> = self.lines.iter().map(|l| l.group.name.clone()).collect();
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                match validate_group(&input, &names) {
                    Ok(group) => sh
                        .store
                        .create_group(&group)
                        .map(|id| {
                            self.reload_groups(sh);
                            if let Some(i) = self.lines.iter().position(|l| l.group.id == id) {
                                self.selected = i;
                            }
                            format!("Gruppen {} er oprettet. Enter åbner den; n planlægger mødegange.", group.name)
                        })
                        .map_err(|e| vec![("name", store_error(&e))]),
                    Err(p) => {
                        Err(p.iter().map(|(f, p)| (group_field_id(*f), text::groups::group_problem(p))).collect())
                    }
                }
            }
            GroupsForm::PlanSessions { group_id } => {
                let Some(group) = self.current_group().map(|g| g.group.clone()) else { return };
                let taken = sh.store.session_dates(group_id).unwrap_or_default();
                match plan_sessions(&group, &form.text("date"), &form.text("count"), &taken, today) {
                    Ok(planned) => sh
                        .store
                        .plan_sessions(group_id, &planned)
                        .map(|n| {
                            self.refresh_group(sh);
                            format!(
                                "{n} mødegange planlagt, {} til {}.",
                                dates::format_date_dk(planned[0]),
                                dates::format_date_dk(planned[planned.len() - 1])
                            )
                        })
                        .map_err(|e| vec![("date", store_error(&e))]),
                    Err(p) => {
                        Err(p.iter().map(|(f, p)| (session_field_id(*f), text::groups::group_problem(p))).collect())
                    }
                }
            }
            GroupsForm::CancelSession { session_id } | GroupsForm::MoveSession { session_id } => {
                let Some(line) =
                    self.current_group().and_then(|g| g.sessions.iter().find(|s| s.session.id == session_id)).cloned()
                else {
                    return;
                };
                let held = line.marks.is_held();
                if let GroupsForm::CancelSession { .. } = purpose {
                    match check_cancel(&line.session, held, &form.text("reason"), today) {
                        Ok(cancelled) => sh
                            .store
                            .cancel_session(session_id, &cancelled)
                            .map(|_| {
                                self.refresh_group(sh);
                                format!("Mødegangen {} er aflyst.", dates::format_date_dk(line.session.date))
                            })
                            .map_err(|e| vec![("reason", store_error(&e))]),
                        Err(p) => {
                            Err(p.iter().map(|(f, p)| (session_field_id(*f), text::groups::group_problem(p))).collect())
                        }
                    }
                } else {
                    let others: Vec<NaiveDate> = self
                        .current_group()
                        .map(|g| {
                            g.sessions.iter().filter(|s| s.session.id != session_id).map(|s| s.session.date).collect()
                        })
                        .unwrap_or_default();
                    match check_move(
                        &line.session,
                        held,
                        &form.text("date"),
                        &form.text("time"),
                        &form.text("reason"),
                        &others,
                        today,
                    ) {
                        Ok(moved) => sh
                            .store
                            .move_session(session_id, &moved)
                            .map(|_| {
                                self.refresh_group(sh);
                                format!(
                                    "Mødegangen er flyttet fra {} til {}.",
                                    dates::format_date_dk(line.session.date),
                                    dates::format_date_dk(moved.date)
                                )
                            })
                            .map_err(|e| vec![("date", store_error(&e))]),
                        Err(p) => {
                            Err(p.iter().map(|(f, p)| (session_field_id(*f), text::groups::group_problem(p))).collect())
                        }
                    }
                }
            }
            GroupsForm::AddMember { group_id } | GroupsForm::RemoveMember { group_id } => {
                let Some(group) = self.current_group().map(|g| g.group.clone()) else { return };
                let members = sh.store.group_members(group_id).unwrap_or_default();
                let case =
                    parse_case_number(&form.text("case")).ok().and_then(|n| sh.store.find_case(n).ok().flatten());
                if let GroupsForm::AddMember { .. } = purpose {
                    match check_join(&group, &form.text("case"), case.as_ref(), &form.text("date"), &members, today) {
                        Ok((case_id, on)) => sh
                            .store
                            .add_member(group_id, case_id, on)
                            .map(|_| {
                                self.refresh_group(sh);
                                let name =
                                    case.as_ref().map(|c| c.identity.display_name().to_string()).unwrap_or_default();
                                format!(
                                    "{name} (sag {case_id}) er med i {} fra {}.",
                                    group.name,
                                    dates::format_date_dk(on)
                                )
                            })
                            .map_err(|e| vec![("case", store_error(&e))]),
                        Err(p) => {
                            Err(p.iter().map(|(f, p)| (member_field_id(*f), text::groups::group_problem(p))).collect())
                        }
                    }
                } else {
                    match check_leave(&form.text("case"), &form.text("date"), &members, today) {
                        Ok((member, on)) => {
                            let (member_id, case_id) = (member.id, member.case_id);
                            sh.store
                                .end_membership(member_id, on)
                                .map(|_| {
                                    self.refresh_group(sh);
                                    format!(
                                        "Sag {case_id} er meldt ud af {} den {}.",
                                        group.name,
                                        dates::format_date_dk(on)
                                    )
                                })
                                .map_err(|e| vec![("case", store_error(&e))])
                        }
                        Err(p) => {
                            Err(p.iter().map(|(f, p)| (member_field_id(*f), text::groups::group_problem(p))).collect())
                        }
                    }
                }
            }
            GroupsForm::NewMoveCourse => {
                let number = parse_case_number(&form.text("case")).ok();
                let case = number.and_then(|n| sh.store.find_case(n).ok().flatten());
                let open = number.is_some_and(|n| sh.store.open_move_course_of(n).ok().flatten().is_some());
                match check_new_course(&form.text("case"), case.as_ref(), open, &form.text("date"), today) {
                    Ok((case_id, screening)) => sh
                        .store
                        .open_move_course(case_id, screening)
                        .map(|id| {
                            self.reload_groups(sh);
                            if let Some(i) = self.courses.iter().position(|c| c.course.id == id) {
                                self.course_selected = i;
                            }
                            format!(
                                "MOVE-forløb for sag {case_id} er oprettet (screening {}).",
                                dates::format_date_dk(screening)
                            )
                        })
                        .map_err(|e| vec![("case", store_error(&e))]),
                    Err(p) => Err(course_errors(&p)),
                }
            }
            GroupsForm::IndividualSession { course_id }
            | GroupsForm::CorrectAttendance { course_id, .. }
            | GroupsForm::HandOutCard { course_id, .. }
            | GroupsForm::StartFollowUp { course_id }
            | GroupsForm::EndMoveCourse { course_id }
            | GroupsForm::ResolveCard { course_id, .. } => {
                let Some(state) = self.course.as_ref().filter(|c| c.data.course.id == course_id).cloned() else {
                    return;
                };
                let chosen = Attendance::ALL[form.choice("attendance").min(2)];
                let outcome: Result<Result<String, StoreError>, Vec<(CourseField, GroupProblem)>> = match purpose {
                    GroupsForm::IndividualSession { .. } => {
                        check_individual(&state.data.course, &form.text("date"), chosen, &state.data.sessions, today)
                            .map(|(on, a)| {
                                sh.store.record_individual_session(course_id, on, a).map(|_| {
                                    format!(
                                        "Individuel session {} ({}) er registreret.",
                                        dates::format_date_dk(on),
                                        text::groups::attendance(a)
                                    )
                                })
                            })
                    }
                    GroupsForm::CorrectAttendance { attendance_id, was, .. } => {
                        check_correction(was, chosen).map(|new| {
                            let before = state.cards.to_resolve();
                            sh.store.correct_attendance(attendance_id, new).map(|_| {
                                let after = sh
                                    .store
                                    .move_course_data(course_id)
                                    .map(|d| {
                                        let ledger = sh.store.ledger().unwrap_or_default();
                                        course_cards(&d.course, &d.sessions, &ledger, &settings).to_resolve()
                                    })
                                    .unwrap_or(before);
                                let mut m = format!(
                                    "Rettet: {} → {}.",
                                    text::groups::attendance(was),
                                    text::groups::attendance(new)
                                );
                                if after > before {
                                    m.push_str(&format!(
                                        " {} udleveret kort er ikke længere optjent: afklares (r).",
                                        after - before
                                    ));
                                }
                                m
                            })
                        })
                    }
                    GroupsForm::HandOutCard { attendance_id, .. } => {
                        let ledger = sh.store.ledger().unwrap_or_default();
                        match state.cards.row_of(attendance_id) {
                            Some(row) => {
                                check_row_hand_out(row, &form.text("serial"), &ledger, &settings).map(|serial| {
                                    sh.store
                                        .hand_out_card(course_id, attendance_id, &serial, today, &settings)
                                        .map(|s| format!("Gavekort {s} er udleveret."))
                                })
                            }
                            None => Err(vec![(CourseField::Serial, GroupProblem::NotEarned)]),
                        }
                    }
                    GroupsForm::StartFollowUp { .. } => {
                        check_follow_up(&state.data.course, &form.text("date"), &state.cards, today).map(|from| {
                            sh.store.start_move_follow_up(course_id, from, &settings).map(|_| {
                                format!(
                                    "Opfølgningsfasen starter {}: ingen gavekort fra den dag.",
                                    dates::format_date_dk(from)
                                )
                            })
                        })
                    }
                    GroupsForm::EndMoveCourse { .. } => {
                        check_end(&state.data.course, &form.text("date"), &form.text("reason"), &state.cards, today)
                            .map(|ended| {
                                sh.store
                                    .end_move_course(course_id, &ended, &settings)
                                    .map(|_| "Forløbet er afsluttet.".to_string())
                            })
                    }
                    GroupsForm::ResolveCard { row, .. } => {
                        let choice = Resolution::ALL[form.choice("choice").min(Resolution::ALL.len() - 1)];
                        check_resolution(&state.cards, row, choice, &form.text("reason")).map(|plan| {
                            sh.store.resolve_card(course_id, &plan, today, &settings).map(|_| {
                                format!(
                                    "Kort {} er afklaret: {}.",
                                    plan.serial,
                                    text::groups::resolution(choice).to_lowercase()
                                )
                            })
                        })
                    }
                    _ => return,
                };
                match outcome {
                    Ok(Ok(message)) => {
                        self.refresh_course(sh);
                        Ok(message)
                    }
                    Ok(Err(e)) => Err(vec![(first_visible(&form), store_error(&e))]),
                    Err(p) => Err(course_errors(&p)),
                }
            }
            GroupsForm::ReceiveCards | GroupsForm::RemoveCard { .. } | GroupsForm::CorrectEntry { .. } => {
                let ledger = sh.store.ledger().unwrap_or_default();
                let parsed = match purpose {
                    GroupsForm::ReceiveCards => parse_receipt(
                        &ledger,
                        &form.text("serial"),
                        &form.text("to"),
                        &form.text("value"),
                        &form.text("date"),
                        today,
                    ),
                    GroupsForm::RemoveCard { kind } => parse_removal(
                        &ledger,
                        kind,
                        &form.text("serial"),
                        &form.text("reason"),
                        &form.text("date"),
                        today,
                    ),
                    GroupsForm::CorrectEntry { entry } => {
                        parse_correction(&ledger, entry, &form.text("reason"), &form.text("date"), today)
                    }
                    _ => return,
                };
                match parsed {
                    Ok((op, date)) => match sh.store.record_stock(&op, date) {
                        Ok(added) => {
                            let message = match (added.first(), added.last()) {
                                (Some(a), Some(b)) if added.len() > 1 => {
                                    format!(
                                        "{} poster: {} {} til {}.",
                                        added.len(),
                                        text::groups::ledger_kind(&a.kind),
                                        a.serial,
                                        b.serial
                                    )
                                }
                                (Some(a), _) => {
                                    format!("Post {}: {} {}.", a.id, text::groups::ledger_kind(&a.kind), a.serial)
                                }
                                _ => String::new(),
                            };
                            self.stack.pop();
                            self.open_ledger(sh);
                            if let Some(l) = &mut self.ledger {
                                l.selected = l.ledger.len().saturating_sub(1);
                            }
                            self.reload_groups(sh);
                            Ok(message)
                        }
                        Err(e) => Err(vec![(first_visible(&form), store_error(&e))]),
                    },
                    Err(p) => {
                        Err(p.iter().map(|(f, p)| (stock_field_id(*f), text::groups::group_problem(p))).collect())
                    }
                }
            }
        };
        match result {
            Ok(message) => {
                self.form = None;
                sh.set_status(StatusKind::Info, message);
            }
            Err(problems) => {
                if let Some(active) = &mut self.form {
                    for (field, message) in &problems {
                        active.form.set_error(*field, message.clone());
                    }
                    active.form.banner = Some(text::NOT_SAVED_FIX_FIELDS.into());
                }
                let first = problems.first().map(|(_, m)| m.clone()).unwrap_or_default();
                sh.set_status(StatusKind::Error, format!("{} {first}", text::NOT_SAVED_FIX_FIELDS));
            }
        }
    }

    fn refresh_group(&mut self, sh: &mut Shell) {
        if let Some(id) = self.group.as_ref().map(|g| g.detail.group.id) {
            self.open_group(sh, id);
        }
        self.reload_groups(sh);
    }
}

impl Pane for GroupsPane {
    fn title(&self) -> &'static str {
        text::groups::PANE
    }

    fn go_action(&self) -> Action {
        Action::PaneGroups
    }

    fn screen(&self) -> &'static Screen {
        if self.editing_serial() {
            return &keys::SERIAL;
        }
        match self.top() {
            GroupsScreen::List => &keys::LIST,
            GroupsScreen::Group => &keys::GROUP,
            GroupsScreen::RollCall => &keys::ROLL_CALL,
            GroupsScreen::Courses => &keys::COURSES,
            GroupsScreen::Course => &keys::COURSE,
            GroupsScreen::Ledger => &keys::LEDGER,
        }
    }

    fn screens(&self) -> &'static [&'static Screen] {
        keys::SCREENS
    }

    fn update(&mut self, action: Action, sh: &mut Shell) {
        if self.form.is_some() {
            self.update_form(sh, action);
        } else {
            self.update_groups(sh, action);
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, sh: &Shell, theme: &Theme) {
        draw::draw(frame, area, self, sh, theme);
    }

    fn reload(&mut self, sh: &mut Shell) {
        self.reload_groups(sh);
    }

    /// Leaving the pane closes its screens: it opens on the list again.
    fn leave(&mut self) {
        self.stack.clear();
        self.roll = None;
    }

    fn may_leave(&self) -> Result<(), &'static str> {
        if self.roll_call_dirty() { Err(text::groups::ROLL_UNSAVED) } else { Ok(()) }
    }

    fn form(&self) -> Option<&Form> {
        self.form.as_ref().map(|a| &a.form)
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        self.form.as_mut().map(|a| &mut a.form)
    }

    fn type_text(&mut self, c: char, _sh: &mut Shell) -> bool {
        if !self.editing_serial() {
            return false;
        }
        self.type_serial(c);
        true
    }
}

fn course_errors(problems: &[(CourseField, GroupProblem)]) -> Vec<(FieldId, String)> {
    problems.iter().map(|(f, p)| (course_field_id(*f), text::groups::group_problem(p))).collect()
}

/// The field a refusal from the store is shown at: the first one shown.
fn first_visible(form: &Form) -> FieldId {
    form.fields.iter().find(|f| !f.hidden).and_then(|f| f.id.string_id()).unwrap_or("date")
}

/// The session state of a group's session line.
pub fn line_state(line: &crate::store::SessionLine, today: NaiveDate) -> SessionState {
    session_state(&line.session, line.marks.is_held(), today)
}

/// A ledger entry's case reference, for the list.
pub fn entry_case(kind: &LedgerEntryKind) -> Option<&str> {
    match kind {
        LedgerEntryKind::HandedOut { citizen_ref, .. } => Some(citizen_ref),
        _ => None,
    }
}
