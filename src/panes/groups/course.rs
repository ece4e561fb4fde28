//! One MOVE course, session by session: whether each session earned a card
//! and whether the card is handed out. Its forms record an individual
//! session, correct an attendance, hand out a card, start the follow-up
//! phase, resolve a flagged card and end the course.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::common::{frame_block, head_and_table, inner, list_rows, not_loaded, open_failed, table, warn};
use super::forms::{Saved, Submitted, at_fields, refused_at, settle};
use super::{GroupsForm, GroupsView, Step};
use crate::app::form::{Field, Form};
use crate::app::list_cursor::ListCursor;
use crate::app::{Action, Shell};
use crate::domain::dates::format_date_dk;
use crate::domain::group::Ore;
use crate::domain::group::course::{
    CardRow, CardStatus, CourseCards, CourseField, Resolution, SessionSource, check_correction, check_end,
    check_follow_up, check_individual, check_resolution, check_row_hand_out, check_serial, course_cards,
};
use crate::domain::group::groups::GroupProblem;
use crate::domain::group::ledger::Ledger;
use crate::domain::group::move_cards::{Attendance, MoveCardSettings};
use crate::store::{MoveCourseData, Opened};
use crate::text;
use crate::ui::widgets::{Column, TableCell};
use crate::ui::{Theme, styled};

#[derive(Debug, Clone)]
pub struct CourseState {
    pub data: MoveCourseData,
    pub cards: CourseCards,
    /// The ledger the cards were measured against, for the checks of the
    /// forms (the store checks the file again when it writes).
    pub ledger: Ledger,
    /// On `cards.rows`.
    pub cursor: ListCursor,
    /// The trail's mark when the course and the ledger were read: a card a
    /// colleague takes out of stock after it is not handed out again.
    pub opened: Opened,
}

impl CourseState {
    /// The course measured against `ledger`, on the last session held: the
    /// one most likely to need a card.
    fn new(data: MoveCourseData, ledger: Ledger, opened: Opened, sh: &Shell) -> CourseState {
        let cards = course_cards(&data.course, &data.sessions, &ledger, &sh.profile.move_cards);
        let last_held = cards.rows.iter().rposition(|r| r.session.attendance.is_some()).unwrap_or(0);
        let mut state = CourseState { data, cards, ledger, cursor: ListCursor::new(), opened };
        state.cursor.select(last_held, state.cards.rows.len(), rows(&state, sh));
        state
    }

    /// Reads the course again after a write on it, keeping the selected
    /// row. The look at the record was audited when the view opened; this
    /// is not another look.
    pub(super) fn reload(&mut self, sh: &Shell) -> Result<(), String> {
        let loaded = sh
            .store
            .opened()
            .and_then(|opened| Ok((sh.store.move_course_data(self.data.course.id)?, sh.store.ledger()?, opened)));
        let (data, ledger, opened) = loaded.map_err(|e| not_loaded(text::groups::COURSE_NOT_LOADED, e))?;
        let cursor = self.cursor;
        *self = CourseState::new(data, ledger, opened, sh);
        self.cursor = cursor;
        self.cursor.clamp(self.cards.rows.len(), rows(self, sh));
        Ok(())
    }

    fn id(&self) -> i64 {
        self.data.course.id
    }

    fn name(&self) -> &str {
        self.data.case.identity.display_name()
    }

    pub fn selected_row(&self) -> Option<&CardRow> {
        self.cursor.selection(self.cards.rows.len()).map(|i| &self.cards.rows[i])
    }

    /// How many more handed-out cards would be flagged if attendance `id`
    /// were `new`: the rule applied to the course as the correction leaves
    /// it, without reading the file again after the write.
    fn newly_flagged(&self, id: i64, new: Attendance, settings: &MoveCardSettings) -> usize {
        let mut sessions = self.data.sessions.clone();
        for s in sessions.iter_mut().filter(|s| s.attendance_id == Some(id)) {
            s.attendance = Some(new);
        }
        let after = course_cards(&self.data.course, &sessions, &self.ledger, settings).to_resolve();
        after.saturating_sub(self.cards.to_resolve())
    }
}

/// Opens a course to look at it: the look is audited, like opening a case.
pub(super) fn open(sh: &mut Shell, id: i64) -> Step {
    let loaded = sh.store.opened().and_then(|opened| Ok((sh.store.view_move_course(id)?, sh.store.ledger()?, opened)));
    match loaded {
        Ok((data, ledger, opened)) => Step::open(GroupsView::Course(CourseState::new(data, ledger, opened, sh))),
        Err(e) => open_failed(sh, not_loaded(text::groups::COURSE_NOT_LOADED, e)),
    }
}

/// The forms of the course view; the ids name the attendance acted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CourseForm {
    IndividualSession,
    CorrectAttendance {
        attendance_id: i64,
        was: Attendance,
    },
    HandOutCard {
        attendance_id: i64,
    },
    StartFollowUp,
    EndCourse,
    /// `row`: the row with the hand-out to resolve.
    ResolveCard {
        row: usize,
    },
}

pub(super) fn update(state: &mut CourseState, sh: &mut Shell, action: Action) -> Step {
    if state.cursor.apply(action, state.cards.rows.len(), rows(state, sh)) {
        return Step::Stay;
    }
    match action {
        Action::Close => Step::Back(None),
        Action::IndividualSession => individual_form(state, sh),
        Action::CorrectAttendance => correction_form(state, sh),
        Action::HandOutCard => hand_out_form(state, sh),
        Action::ResolveCard => resolve_form(state, sh),
        Action::StartFollowUp => follow_up_form(state, sh),
        Action::EndCourse => end_form(state, sh),
        _ => Step::Stay,
    }
}

// ---- the forms: opening ------------------------------------------------------

fn form(title: String, fields: Vec<Field>, purpose: CourseForm) -> Step {
    Step::Form(Form::new(&title, fields), GroupsForm::Course(purpose))
}

fn date_field(sh: &Shell) -> Field {
    Field::text(CourseField::Date, text::intake::F_DATE, &format_date_dk(sh.today)).with_hint(text::intake::HINT_DATE)
}

fn attendance_choice(selected: Attendance) -> Field {
    let options = Attendance::ALL.map(|a| text::groups::attendance(a).to_string()).to_vec();
    let index = Attendance::ALL.iter().position(|a| *a == selected).unwrap_or(0);
    Field::choice(CourseField::Attendance, text::groups::F_ATTENDANCE, options, index)
}

fn individual_form(state: &CourseState, sh: &Shell) -> Step {
    let fields = vec![date_field(sh), attendance_choice(Attendance::Attended)];
    form(format!("{} · {}", text::groups::INDIVIDUAL_TITLE, state.name()), fields, CourseForm::IndividualSession)
}

fn correction_form(state: &CourseState, sh: &mut Shell) -> Step {
    let Some((attendance_id, was, date)) =
        state.selected_row().and_then(|r| Some((r.session.attendance_id?, r.session.attendance?, r.session.date)))
    else {
        return warn(sh, text::groups::NOT_AN_ATTENDANCE);
    };
    let title = format!("{} · {} · {}", text::groups::CORRECT_TITLE, state.name(), format_date_dk(date));
    form(title, vec![attendance_choice(was)], CourseForm::CorrectAttendance { attendance_id, was })
}

fn hand_out_form(state: &CourseState, sh: &mut Shell) -> Step {
    let Some((attendance_id, date)) = state
        .selected_row()
        .filter(|r| r.status == CardStatus::NotHandedOut)
        .and_then(|r| Some((r.session.attendance_id?, r.session.date)))
    else {
        return warn(sh, text::groups::NOTHING_TO_HAND_OUT);
    };
    // A hint, not a default: the counsellor types the card in hand.
    let next =
        state.ledger.on_hand().into_iter().find(|s| check_serial(&state.ledger, s, &sh.profile.move_cards).is_ok());
    let hint = match next {
        Some(s) => format!("fra lageret, fx {s}"),
        None => "fra lageret".to_string(),
    };
    let title = format!("{} · {} · {}", text::groups::HAND_OUT_TITLE, state.name(), format_date_dk(date));
    let fields = vec![Field::text(CourseField::Serial, text::groups::F_SERIAL, "").with_hint(&hint)];
    form(title, fields, CourseForm::HandOutCard { attendance_id })
}

fn resolve_form(state: &CourseState, sh: &mut Shell) -> Step {
    let Some(row) = state.selected_row().filter(|r| r.status == CardStatus::ToResolve) else {
        return warn(sh, text::groups::NOT_TO_RESOLVE);
    };
    let serial = row.hand_out.as_ref().map_or("", |e| e.serial.as_str());
    let fields = vec![
        Field::choice(
            CourseField::Choice,
            text::groups::F_RESOLUTION,
            Resolution::ALL.map(|r| text::groups::resolution(r).to_string()).to_vec(),
            0,
        ),
        Field::text(CourseField::Reason, text::intake::F_REASON, ""),
    ];
    let title = format!("{} · {serial} · {}", text::groups::RESOLVE_TITLE, state.name());
    form(title, fields, CourseForm::ResolveCard { row: state.cursor.selected() })
}

fn follow_up_form(state: &CourseState, sh: &Shell) -> Step {
    form(
        format!("{} · {}", text::groups::FOLLOW_UP_TITLE, state.name()),
        vec![date_field(sh)],
        CourseForm::StartFollowUp,
    )
}

fn end_form(state: &CourseState, sh: &Shell) -> Step {
    let fields = vec![date_field(sh), Field::text(CourseField::Reason, text::intake::F_REASON, "")];
    form(format!("{} · {}", text::groups::END_COURSE_TITLE, state.name()), fields, CourseForm::EndCourse)
}

// ---- the forms: submitting ---------------------------------------------------

/// Saves the form's draft, or shows on the form why not.
pub(super) fn submit(purpose: CourseForm, state: &CourseState, sh: &mut Shell, form: &mut Form) -> Option<Saved> {
    let submitted = match purpose {
        CourseForm::IndividualSession => submit_individual(state, sh, form),
        CourseForm::CorrectAttendance { attendance_id, was } => submit_correction(state, attendance_id, was, sh, form),
        CourseForm::HandOutCard { attendance_id } => submit_hand_out(state, attendance_id, sh, form),
        CourseForm::StartFollowUp => submit_follow_up(state, sh, form),
        CourseForm::EndCourse => submit_end(state, sh, form),
        CourseForm::ResolveCard { row } => submit_resolution(state, row, sh, form),
    };
    settle(submitted, form, sh)
}

fn chosen_attendance(form: &Form) -> Attendance {
    Attendance::ALL[form.choice(CourseField::Attendance).min(Attendance::ALL.len() - 1)]
}

fn submit_individual(state: &CourseState, sh: &mut Shell, form: &Form) -> Submitted<CourseField> {
    let course = &state.data.course;
    let date = form.text(CourseField::Date);
    let (on, attendance) =
        check_individual(course, &date, chosen_attendance(form), &state.data.sessions, sh.today).map_err(at_fields)?;
    sh.store.record_individual_session(course.id, on, attendance).map_err(refused_at(CourseField::Date))?;
    Ok(Saved::new(format!(
        "Individuel session {} ({}) er registreret.",
        format_date_dk(on),
        text::groups::attendance(attendance)
    )))
}

fn submit_correction(
    state: &CourseState,
    attendance_id: i64,
    was: Attendance,
    sh: &mut Shell,
    form: &Form,
) -> Submitted<CourseField> {
    let new = check_correction(was, chosen_attendance(form)).map_err(at_fields)?;
    sh.store.correct_attendance(attendance_id, new).map_err(refused_at(CourseField::Attendance))?;
    let mut message = format!("Rettet: {} → {}.", text::groups::attendance(was), text::groups::attendance(new));
    let flagged = state.newly_flagged(attendance_id, new, &sh.profile.move_cards);
    if flagged > 0 {
        message.push_str(&format!(" {flagged} udleveret kort er ikke længere optjent: afklares (r)."));
    }
    Ok(Saved::new(message))
}

fn submit_hand_out(state: &CourseState, attendance_id: i64, sh: &mut Shell, form: &Form) -> Submitted<CourseField> {
    let settings = &sh.profile.move_cards;
    let checked = match state.cards.row_of(attendance_id) {
        Some(row) => check_row_hand_out(row, &form.text(CourseField::Serial), &state.ledger, settings),
        None => Err(vec![(CourseField::Serial, GroupProblem::NotEarned)]),
    };
    let serial = checked.map_err(at_fields)?;
    let serial = sh
        .store
        .hand_out_card(state.id(), attendance_id, &serial, sh.today, &sh.profile.move_cards, state.opened)
        .map_err(refused_at(CourseField::Serial))?;
    Ok(Saved::new(format!("Gavekort {serial} er udleveret.")))
}

fn submit_follow_up(state: &CourseState, sh: &mut Shell, form: &Form) -> Submitted<CourseField> {
    let from = check_follow_up(&state.data.course, &form.text(CourseField::Date), &state.cards, sh.today)
        .map_err(at_fields)?;
    sh.store.start_move_follow_up(state.id(), from, &sh.profile.move_cards).map_err(refused_at(CourseField::Date))?;
    Ok(Saved::new(format!("Opfølgningsfasen starter {}: ingen gavekort fra den dag.", format_date_dk(from))))
}

fn submit_end(state: &CourseState, sh: &mut Shell, form: &Form) -> Submitted<CourseField> {
    use CourseField as F;
    let ended = check_end(&state.data.course, &form.text(F::Date), &form.text(F::Reason), &state.cards, sh.today)
        .map_err(at_fields)?;
    sh.store.end_move_course(state.id(), &ended, &sh.profile.move_cards).map_err(refused_at(F::Date))?;
    Ok(Saved::new("Forløbet er afsluttet.".to_string()))
}

fn submit_resolution(state: &CourseState, row: usize, sh: &mut Shell, form: &Form) -> Submitted<CourseField> {
    use CourseField as F;
    let choice = Resolution::ALL[form.choice(F::Choice).min(Resolution::ALL.len() - 1)];
    let plan = check_resolution(&state.cards, row, choice, &form.text(F::Reason)).map_err(at_fields)?;
    sh.store.resolve_card(state.id(), &plan, sh.today, &sh.profile.move_cards).map_err(refused_at(F::Choice))?;
    Ok(Saved::new(format!("Kort {} er afklaret: {}.", plan.serial, text::groups::resolution(choice).to_lowercase())))
}

// ---- drawing -----------------------------------------------------------------

/// A course's sessions' columns: the card handed out or to resolve
/// (IKKE UDLEVERET, AFKLAR) keeps its room longest, then why a session
/// earned a card or not; the group's name grows on a wide screen.
const SESSIONS: [Column; 5] = [
    Column::fixed(text::groups::COL_DATE, 10).priority(8),
    Column::new(text::groups::COL_SESSION, 12, 30).priority(4),
    Column::fixed(text::groups::COL_ATTENDANCE, 9).priority(6),
    Column::fixed(text::groups::COL_CARD, 22).priority(7),
    Column::new(text::groups::COL_GIFT_CARD, 17, 30).priority(9).fill(),
];

/// The lines over the sessions: the course's phase, its cards and what
/// they need.
fn head(state: &CourseState, settings: &MoveCardSettings, theme: &Theme) -> Vec<Line<'static>> {
    let course = &state.data.course;
    let cards = &state.cards;
    let mut phase = format!(
        "Screening {} · hovedforløb: {} af {} pladser brugt",
        format_date_dk(course.screening_on),
        cards.window_places_used,
        settings.window_sessions
    );
    if let (Some(from), Some(until)) = (course.follow_up_from, course.follow_up_until()) {
        phase.push_str(&format!(" · opfølgning {} til {}", format_date_dk(from), format_date_dk(until)));
    }
    if let Some(e) = &course.ended {
        phase.push_str(&format!(" · AFSLUTTET {}", format_date_dk(e.on)));
    }
    let mut head = vec![Line::from(phase)];
    if cards.in_force {
        let max = Ore(settings.card_value.ore().saturating_mul(i64::from(settings.max_cards)));
        head.push(Line::from(format!(
            "Kort: {} optjent · {} udleveret · {} mulige · {} af højst {}",
            cards.cards_earned,
            cards.handed_out,
            cards.cards_still_possible,
            cards.money_earned.format_dk(),
            max.format_dk()
        )));
        head.push(card_flags(cards, theme));
    } else {
        head.push(Line::from(styled(text::groups::CARDS_OFF, theme.warning())));
    }
    head
}

/// The head, wrapped at the screen's width so nothing of it is cut off at
/// the right, and the sessions' table under it, which keeps its titles
/// and three rows (if the screen has them) when the head is long.
fn areas(state: &CourseState, settings: &MoveCardSettings, inner: Rect) -> [Rect; 2] {
    let head = Paragraph::new(head(state, settings, &Theme::plain())).wrap(Wrap { trim: false });
    let wanted = u16::try_from(head.line_count(inner.width)).unwrap_or(u16::MAX);
    let room = inner.height.saturating_sub(4).max(1);
    head_and_table(inner, wanted.min(room))
}

/// The sessions the view shows at the shell's last screen size.
fn rows(state: &CourseState, sh: &Shell) -> usize {
    list_rows(&SESSIONS, areas(state, &sh.profile.move_cards, inner(sh))[1])
}

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &CourseState, sh: &Shell, theme: &Theme) {
    let settings = &sh.profile.move_cards;
    let title = format!(" {} · {} · sag {} ", text::groups::COURSE_TITLE, state.name(), state.data.course.case_id);
    let inner = frame_block(frame, area, title);
    let [top, list] = areas(state, settings, inner);
    let head = Paragraph::new(head(state, settings, theme)).wrap(Wrap { trim: false });
    frame.render_widget(head, top);
    let rows = &state.cards.rows;
    table(&SESSIONS, text::groups::NO_COURSE_SESSIONS, theme)
        .render(frame, list, &state.cursor, rows.len(), |i| card_row(state, &rows[i], settings, theme));
}

/// What the course's cards need: owed, to resolve, or nothing.
fn card_flags(cards: &CourseCards, theme: &Theme) -> Line<'static> {
    let mut flags = Vec::new();
    if cards.not_handed_out() > 0 {
        flags.push(styled(
            format!("{} KORT {} (s udleverer)", cards.not_handed_out(), text::groups::OWED),
            theme.warning(),
        ));
    }
    if cards.to_resolve() > 0 {
        if !flags.is_empty() {
            flags.push(Span::raw(" · "));
        }
        flags.push(styled(
            format!("{} UDLEVERET KORT {} (r)", cards.to_resolve(), text::groups::TO_RESOLVE),
            theme.danger(),
        ));
    }
    if flags.is_empty() {
        flags.push(styled(text::groups::SETTLED, theme.good()));
    }
    if !cards.unmatched.is_empty() {
        let serials: Vec<&str> = cards.unmatched.iter().map(|e| e.serial.as_str()).collect();
        flags.push(Span::raw(format!(" · udleveret uden mødegang: {}", serials.join(", "))));
    }
    Line::from(flags)
}

fn card_row(state: &CourseState, row: &CardRow, settings: &MoveCardSettings, theme: &Theme) -> Vec<TableCell> {
    let source = match row.session.source {
        SessionSource::Group { group_id, .. } => state.data.group_names.get(&group_id).cloned().unwrap_or_default(),
        SessionSource::Individual => text::groups::INDIVIDUAL.to_string(),
    };
    let attendance = row.session.attendance.map(text::groups::attendance).unwrap_or("–");
    let serial = row.hand_out.as_ref().map(|e| e.serial.as_str());
    let (card, style) = match row.status {
        CardStatus::NotHandedOut => (text::groups::card_status(row.status, serial), theme.warning()),
        CardStatus::ToResolve => (text::groups::card_status(row.status, serial), theme.danger()),
        CardStatus::HandedOut => (text::groups::card_status(row.status, serial), theme.good()),
        CardStatus::NoCard => (String::new(), theme.text()),
    };
    let outcome_style = if row.outcome.earned() { theme.good() } else { theme.text() };
    vec![
        TableCell::from(format_date_dk(row.session.date)),
        TableCell::from(source),
        TableCell::from(attendance),
        TableCell::new(text::groups::outcome(row.outcome, settings), outcome_style),
        TableCell::new(card, style),
    ]
}
