//! One MOVE course, session by session: whether each session earned a card
//! and whether the card is handed out. Its forms record an individual
//! session, correct an attendance, hand out a card, start the follow-up
//! phase, resolve a flagged card and end the course.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::common::{base, frame_block, move_selection, not_loaded, offset, open_failed, pointer, warn};
use super::forms::{Saved, Submitted, at_fields, refused_at};
use super::{GroupsForm, GroupsView, Step};
use crate::app::form::{Field, FieldId, Form};
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
use crate::store::MoveCourseData;
use crate::text;
use crate::ui::{Theme, fit, styled};

#[derive(Debug, Clone)]
pub struct CourseState {
    pub data: MoveCourseData,
    pub cards: CourseCards,
    /// The ledger the cards were measured against, for the checks of the
    /// forms (the store checks the file again when it writes).
    pub ledger: Ledger,
    /// Position in `cards.rows`.
    pub selected: usize,
}

impl CourseState {
    fn new(data: MoveCourseData, ledger: Ledger, settings: &MoveCardSettings, selected: Option<usize>) -> CourseState {
        let cards = course_cards(&data.course, &data.sessions, &ledger, settings);
        // Start on the last session held: the one most likely to need a card.
        let last_held = cards.rows.iter().rposition(|r| r.session.attendance.is_some()).unwrap_or(0);
        let selected = selected.unwrap_or(last_held).min(cards.rows.len().saturating_sub(1));
        CourseState { data, cards, ledger, selected }
    }

    /// Reads the course again after a write on it, keeping the selected
    /// row. The look at the record was audited when the view opened; this
    /// is not another look.
    pub(super) fn reload(&mut self, sh: &Shell) -> Result<(), String> {
        let loaded = sh.store.move_course_data(self.data.course.id).and_then(|data| Ok((data, sh.store.ledger()?)));
        let (data, ledger) = loaded.map_err(|e| not_loaded(text::groups::COURSE_NOT_LOADED, e))?;
        *self = CourseState::new(data, ledger, &sh.profile.move_cards, Some(self.selected));
        Ok(())
    }

    fn id(&self) -> i64 {
        self.data.course.id
    }

    fn name(&self) -> &str {
        self.data.case.identity.display_name()
    }

    fn row(&self) -> Option<&CardRow> {
        self.cards.rows.get(self.selected)
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
    let loaded = sh.store.view_move_course(id).and_then(|data| Ok((data, sh.store.ledger()?)));
    match loaded {
        Ok((data, ledger)) => {
            Step::open(GroupsView::Course(CourseState::new(data, ledger, &sh.profile.move_cards, None)))
        }
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
    if move_selection(&mut state.selected, state.cards.rows.len(), action, sh) {
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
    Field::text("date", text::intake::F_DATE, &format_date_dk(sh.today)).with_hint(text::intake::HINT_DATE)
}

fn attendance_choice(selected: Attendance) -> Field {
    let options = Attendance::ALL.map(|a| text::groups::attendance(a).to_string()).to_vec();
    let index = Attendance::ALL.iter().position(|a| *a == selected).unwrap_or(0);
    Field::choice("attendance", text::groups::F_ATTENDANCE, options, index)
}

fn individual_form(state: &CourseState, sh: &Shell) -> Step {
    let fields = vec![date_field(sh), attendance_choice(Attendance::Attended)];
    form(format!("{} · {}", text::groups::INDIVIDUAL_TITLE, state.name()), fields, CourseForm::IndividualSession)
}

fn correction_form(state: &CourseState, sh: &mut Shell) -> Step {
    let Some((attendance_id, was, date)) =
        state.row().and_then(|r| Some((r.session.attendance_id?, r.session.attendance?, r.session.date)))
    else {
        return warn(sh, text::groups::NOT_AN_ATTENDANCE);
    };
    let title = format!("{} · {} · {}", text::groups::CORRECT_TITLE, state.name(), format_date_dk(date));
    form(title, vec![attendance_choice(was)], CourseForm::CorrectAttendance { attendance_id, was })
}

fn hand_out_form(state: &CourseState, sh: &mut Shell) -> Step {
    let Some((attendance_id, date)) = state
        .row()
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
    let fields = vec![Field::text("serial", text::groups::F_SERIAL, "").with_hint(&hint)];
    form(title, fields, CourseForm::HandOutCard { attendance_id })
}

fn resolve_form(state: &CourseState, sh: &mut Shell) -> Step {
    let Some(row) = state.row().filter(|r| r.status == CardStatus::ToResolve) else {
        return warn(sh, text::groups::NOT_TO_RESOLVE);
    };
    let serial = row.hand_out.as_ref().map_or("", |e| e.serial.as_str());
    let fields = vec![
        Field::choice(
            "choice",
            text::groups::F_RESOLUTION,
            Resolution::ALL.map(|r| text::groups::resolution(r).to_string()).to_vec(),
            0,
        ),
        Field::text("reason", text::intake::F_REASON, ""),
    ];
    let title = format!("{} · {serial} · {}", text::groups::RESOLVE_TITLE, state.name());
    form(title, fields, CourseForm::ResolveCard { row: state.selected })
}

fn follow_up_form(state: &CourseState, sh: &Shell) -> Step {
    form(
        format!("{} · {}", text::groups::FOLLOW_UP_TITLE, state.name()),
        vec![date_field(sh)],
        CourseForm::StartFollowUp,
    )
}

fn end_form(state: &CourseState, sh: &Shell) -> Step {
    let fields = vec![date_field(sh), Field::text("reason", text::intake::F_REASON, "")];
    form(format!("{} · {}", text::groups::END_COURSE_TITLE, state.name()), fields, CourseForm::EndCourse)
}

// ---- the forms: submitting ---------------------------------------------------

pub(super) fn submit(purpose: CourseForm, state: &CourseState, sh: &mut Shell, form: &Form) -> Submitted {
    match purpose {
        CourseForm::IndividualSession => submit_individual(state, sh, form),
        CourseForm::CorrectAttendance { attendance_id, was } => submit_correction(state, attendance_id, was, sh, form),
        CourseForm::HandOutCard { attendance_id } => submit_hand_out(state, attendance_id, sh, form),
        CourseForm::StartFollowUp => submit_follow_up(state, sh, form),
        CourseForm::EndCourse => submit_end(state, sh, form),
        CourseForm::ResolveCard { row } => submit_resolution(state, row, sh, form),
    }
}

fn chosen_attendance(form: &Form) -> Attendance {
    Attendance::ALL[form.choice("attendance").min(Attendance::ALL.len() - 1)]
}

fn submit_individual(state: &CourseState, sh: &mut Shell, form: &Form) -> Submitted {
    let course = &state.data.course;
    let (on, attendance) =
        check_individual(course, &form.text("date"), chosen_attendance(form), &state.data.sessions, sh.today)
            .map_err(|p| at_fields(p, course_field_id))?;
    sh.store.record_individual_session(course.id, on, attendance).map_err(refused_at("date"))?;
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
) -> Submitted {
    let new = check_correction(was, chosen_attendance(form)).map_err(|p| at_fields(p, course_field_id))?;
    sh.store.correct_attendance(attendance_id, new).map_err(refused_at("attendance"))?;
    let mut message = format!("Rettet: {} → {}.", text::groups::attendance(was), text::groups::attendance(new));
    let flagged = state.newly_flagged(attendance_id, new, &sh.profile.move_cards);
    if flagged > 0 {
        message.push_str(&format!(" {flagged} udleveret kort er ikke længere optjent: afklares (r)."));
    }
    Ok(Saved::new(message))
}

fn submit_hand_out(state: &CourseState, attendance_id: i64, sh: &mut Shell, form: &Form) -> Submitted {
    let settings = &sh.profile.move_cards;
    let checked = match state.cards.row_of(attendance_id) {
        Some(row) => check_row_hand_out(row, &form.text("serial"), &state.ledger, settings),
        None => Err(vec![(CourseField::Serial, GroupProblem::NotEarned)]),
    };
    let serial = checked.map_err(|p| at_fields(p, course_field_id))?;
    let serial = sh
        .store
        .hand_out_card(state.id(), attendance_id, &serial, sh.today, &sh.profile.move_cards)
        .map_err(refused_at("serial"))?;
    Ok(Saved::new(format!("Gavekort {serial} er udleveret.")))
}

fn submit_follow_up(state: &CourseState, sh: &mut Shell, form: &Form) -> Submitted {
    let from = check_follow_up(&state.data.course, &form.text("date"), &state.cards, sh.today)
        .map_err(|p| at_fields(p, course_field_id))?;
    sh.store.start_move_follow_up(state.id(), from, &sh.profile.move_cards).map_err(refused_at("date"))?;
    Ok(Saved::new(format!("Opfølgningsfasen starter {}: ingen gavekort fra den dag.", format_date_dk(from))))
}

fn submit_end(state: &CourseState, sh: &mut Shell, form: &Form) -> Submitted {
    let ended = check_end(&state.data.course, &form.text("date"), &form.text("reason"), &state.cards, sh.today)
        .map_err(|p| at_fields(p, course_field_id))?;
    sh.store.end_move_course(state.id(), &ended, &sh.profile.move_cards).map_err(refused_at("date"))?;
    Ok(Saved::new("Forløbet er afsluttet.".to_string()))
}

fn submit_resolution(state: &CourseState, row: usize, sh: &mut Shell, form: &Form) -> Submitted {
    let choice = Resolution::ALL[form.choice("choice").min(Resolution::ALL.len() - 1)];
    let plan =
        check_resolution(&state.cards, row, choice, &form.text("reason")).map_err(|p| at_fields(p, course_field_id))?;
    sh.store.resolve_card(state.id(), &plan, sh.today, &sh.profile.move_cards).map_err(refused_at("choice"))?;
    Ok(Saved::new(format!("Kort {} er afklaret: {}.", plan.serial, text::groups::resolution(choice).to_lowercase())))
}

pub(super) fn course_field_id(f: CourseField) -> FieldId {
    match f {
        CourseField::Case => "case",
        CourseField::Date => "date",
        CourseField::Attendance => "attendance",
        CourseField::Reason => "reason",
        CourseField::Serial => "serial",
        CourseField::Choice => "choice",
    }
}

// ---- drawing -----------------------------------------------------------------

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &CourseState, sh: &Shell, theme: &Theme) {
    let settings = &sh.profile.move_cards;
    let course = &state.data.course;
    let cards = &state.cards;
    let title = format!(" {} · {} · sag {} ", text::groups::COURSE_TITLE, state.name(), course.case_id);
    let inner = frame_block(frame, area, title);
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
    let [top, columns, list] =
        Layout::vertical([Constraint::Length(head.len() as u16), Constraint::Length(1), Constraint::Min(1)])
            .areas(inner);
    frame.render_widget(Paragraph::new(head), top);
    let titles = format!(
        "  {:<10} {:<14} {:<9} {:<22} {}",
        text::groups::COL_DATE,
        text::groups::COL_SESSION,
        text::groups::COL_ATTENDANCE,
        text::groups::COL_CARD,
        text::groups::COL_GIFT_CARD
    );
    frame.render_widget(Paragraph::new(styled(titles, theme.bold())), columns);
    if cards.rows.is_empty() {
        frame.render_widget(Paragraph::new(styled(text::groups::NO_COURSE_SESSIONS, theme.dim())), list);
        return;
    }
    let height = list.height as usize;
    let lines: Vec<Line> = cards
        .rows
        .iter()
        .enumerate()
        .skip(offset(state.selected, height))
        .take(height)
        .map(|(i, row)| card_row(state, row, i == state.selected, settings, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

/// What the course's cards need: owed, to resolve, or nothing.
fn card_flags(cards: &CourseCards, theme: &Theme) -> Line<'static> {
    let mut flags = Vec::new();
    if cards.not_handed_out() > 0 {
        flags.push(styled(format!("{} KORT SKYLDIGT (s udleverer)", cards.not_handed_out()), theme.warning()));
    }
    if cards.to_resolve() > 0 {
        if !flags.is_empty() {
            flags.push(Span::raw(" · "));
        }
        flags.push(styled(format!("{} UDLEVERET KORT AFKLARES (r)", cards.to_resolve()), theme.danger()));
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

fn card_row(
    state: &CourseState,
    row: &CardRow,
    selected: bool,
    settings: &MoveCardSettings,
    theme: &Theme,
) -> Line<'static> {
    let b = base(selected, theme);
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
    Line::from(vec![
        styled(
            format!(
                "{}{} {:<14} {:<9} ",
                pointer(selected),
                format_date_dk(row.session.date),
                fit(&source, 14),
                attendance
            ),
            b,
        ),
        styled(format!("{:<22} ", fit(&text::groups::outcome(row.outcome, settings), 22)), b.patch(outcome_style)),
        styled(card, b.patch(style)),
    ])
}
