//! The MOVE courses: every course with its cards, open courses first. Its
//! one form starts a course at the citizen's screening.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::common::{base, frame_block, keep_selection, move_selection, not_loaded, offset, pointer, warn};
use super::course::course_field_id;
use super::forms::{Made, Saved, Submitted, at_fields, refused_at, typed_case};
use super::{CardSummary, GroupsForm, Step, course};
use crate::app::form::{Field, Form};
use crate::app::{Action, Shell};
use crate::domain::dates::format_date_dk;
use crate::domain::group::course::check_new_course;
use crate::domain::group::groups::parse_case_number;
use crate::domain::group::move_cards::Phase;
use crate::store::MoveCourseLine;
use crate::text;
use crate::ui::{Theme, fit, styled};

/// The courses in list order, and the one selected.
#[derive(Debug, Clone, Default)]
pub struct CourseList {
    pub lines: Vec<MoveCourseLine>,
    pub selected: usize,
}

impl CourseList {
    /// Reads the list again, keeping the selected course, or selecting the
    /// course a form just made. If it cannot be read it stays as it was.
    pub(super) fn reload(&mut self, sh: &Shell, made: Option<Made>) -> Result<(), String> {
        let lines = sh
            .store
            .move_course_list(&sh.profile.move_cards)
            .map_err(|e| not_loaded(text::groups::COURSES_NOT_LOADED, e))?;
        let keep = match made {
            Some(Made::Course(id)) => Some(id),
            _ => self.lines.get(self.selected).map(|c| c.course.id),
        };
        self.selected = keep_selection(&lines, keep, |c| c.course.id, self.selected);
        self.lines = lines;
        Ok(())
    }
}

pub(super) fn update(list: &mut CourseList, sh: &mut Shell, action: Action) -> Step {
    if move_selection(&mut list.selected, list.lines.len(), action, sh) {
        return Step::Stay;
    }
    match action {
        Action::Close => Step::Back(None),
        Action::Open => match list.lines.get(list.selected) {
            Some(line) => course::open(sh, line.course.id),
            None => warn(sh, text::groups::SELECT_ROW_FIRST),
        },
        Action::NewCourse => new_course_form(sh),
        _ => Step::Stay,
    }
}

// ---- the new-course form ----------------------------------------------------

fn new_course_form(sh: &Shell) -> Step {
    let fields = vec![
        Field::text("case", text::groups::F_CASE, "").with_hint(text::groups::HINT_CASE),
        Field::text("date", text::groups::F_SCREENING, &format_date_dk(sh.today)).with_hint(text::intake::HINT_DATE),
    ];
    Step::Form(Form::new(text::groups::NEW_COURSE_TITLE, fields), GroupsForm::NewMoveCourse)
}

pub(super) fn submit_new_course(sh: &mut Shell, form: &Form) -> Submitted {
    let typed = form.text("case");
    let case = typed_case(sh, &typed)?;
    let has_open_course = match parse_case_number(&typed) {
        Ok(number) => sh.store.open_move_course_of(number)?.is_some(),
        Err(_) => false,
    };
    let (case_id, screening) = check_new_course(&typed, case.as_ref(), has_open_course, &form.text("date"), sh.today)
        .map_err(|p| at_fields(p, course_field_id))?;
    let id = sh.store.open_move_course(case_id, screening).map_err(refused_at("case"))?;
    let message = format!("MOVE-forløb for sag {case_id} er oprettet (screening {}).", format_date_dk(screening));
    Ok(Saved::new(message).made(Made::Course(id)))
}

// ---- drawing -----------------------------------------------------------------

pub(super) fn draw(frame: &mut Frame, area: Rect, list: &CourseList, cards: CardSummary, sh: &Shell, theme: &Theme) {
    let inner = frame_block(frame, area, format!(" {} ", text::groups::COURSES_TITLE));
    let [header, columns, rows] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let courses = &list.lines;
    let open = courses.iter().filter(|c| c.course.is_open()).count();
    let earned: u32 = courses.iter().map(|c| c.cards.cards_earned).sum();
    let handed: u32 = courses.iter().map(|c| c.cards.handed_out).sum();
    let mut spans =
        vec![Span::raw(format!("{} forløb · {open} åbne · kort: {earned} optjent, {handed} udleveret", courses.len()))];
    if cards.owed > 0 {
        spans.push(styled(format!(" · {} SKYLDIGT", cards.owed), theme.warning()));
    }
    if cards.to_resolve > 0 {
        spans.push(styled(format!(" · {} AFKLARES", cards.to_resolve), theme.danger()));
    }
    if !sh.profile.move_cards.enabled {
        spans = vec![styled(text::groups::CARDS_OFF, theme.warning())];
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), header);
    let titles = format!(
        "  {:<18} {:<4} {:<11} {:>4} {:>4} {:>6} {:>8}  {}",
        text::groups::COL_CITIZEN,
        text::intake::COL_CASE,
        text::groups::COL_PHASE,
        "Kort",
        "Udl.",
        "Mulige",
        "Kr.",
        "Markering"
    );
    frame.render_widget(Paragraph::new(styled(titles, theme.bold())), columns);
    if courses.is_empty() {
        frame.render_widget(Paragraph::new(styled(text::groups::NO_COURSES, theme.dim())), rows);
        return;
    }
    let height = rows.height as usize;
    let lines: Vec<Line> = courses
        .iter()
        .enumerate()
        .skip(offset(list.selected, height))
        .take(height)
        .map(|(i, c)| course_row(c, i == list.selected, sh, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), rows);
}

fn course_row(c: &MoveCourseLine, selected: bool, sh: &Shell, theme: &Theme) -> Line<'static> {
    let b = base(selected, theme);
    let phase = if c.course.ended.is_some() {
        "afsluttet".to_string()
    } else if c.course.follow_up_from.is_some_and(|f| f <= sh.today) {
        text::groups::phase(Phase::FollowUp).to_string()
    } else {
        text::groups::phase(Phase::Main).to_string()
    };
    let k = &c.cards;
    let mut flags = Vec::new();
    let mut style = theme.text();
    if k.not_handed_out() > 0 {
        flags.push(format!("{} SKYLDIGT", k.not_handed_out()));
        style = theme.warning();
    }
    if k.to_resolve() > 0 {
        flags.push(format!("{} AFKLARES", k.to_resolve()));
        style = theme.danger();
    }
    Line::from(vec![
        styled(
            format!(
                "{}{:<18} {:<4} {:<11} {:>4} {:>4} {:>6} {:>8}  ",
                pointer(selected),
                fit(&c.name, 18),
                c.course.case_id,
                phase,
                k.cards_earned,
                k.handed_out,
                k.cards_still_possible,
                k.money_earned.format_number_dk()
            ),
            b,
        ),
        styled(flags.join(" · "), b.patch(style)),
    ])
}
