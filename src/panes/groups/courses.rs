//! The MOVE courses: every course with its cards, open courses first. Its
//! one form starts a course at the citizen's screening.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::common::{frame_block, head_and_table, inner, keep_on, list_rows, not_loaded, table, warn};
use super::forms::{Made, Saved, Submitted, at_fields, refused_at, settle, typed_case};
use super::{CardSummary, GroupsForm, Step, course};
use crate::app::form::{Field, Form};
use crate::app::list_cursor::ListCursor;
use crate::app::{Action, Shell};
use crate::domain::dates::format_date_dk;
use crate::domain::group::course::{CourseField, check_new_course};
use crate::domain::group::groups::parse_case_number;
use crate::domain::group::move_cards::Phase;
use crate::store::MoveCourseLine;
use crate::text;
use crate::ui::widgets::{Column, TableCell};
use crate::ui::{Theme, styled};

/// The courses in list order, and the cursor on them.
#[derive(Debug, Clone, Default)]
pub struct CourseList {
    pub lines: Vec<MoveCourseLine>,
    pub cursor: ListCursor,
}

impl CourseList {
    pub fn selected_line(&self) -> Option<&MoveCourseLine> {
        self.cursor.selection(self.lines.len()).map(|i| &self.lines[i])
    }

    /// Reads the list again, keeping the selected course, or selecting the
    /// course a form just made. If it cannot be read it stays as it was.
    pub(super) fn reload(&mut self, sh: &Shell, made: Option<Made>) -> Result<(), String> {
        let lines = sh
            .store
            .move_course_list(&sh.profile.move_cards)
            .map_err(|e| not_loaded(text::groups::COURSES_NOT_LOADED, e))?;
        let keep = match made {
            Some(Made::Course(id)) => Some(id),
            _ => self.selected_line().map(|c| c.course.id),
        };
        self.lines = lines;
        keep_on(&mut self.cursor, &self.lines, keep, |c| c.course.id, rows(sh));
        Ok(())
    }
}

pub(super) fn update(list: &mut CourseList, sh: &mut Shell, action: Action) -> Step {
    if list.cursor.apply(action, list.lines.len(), rows(sh)) {
        return Step::Stay;
    }
    match action {
        Action::Close => Step::Back(None),
        Action::Open => match list.selected_line() {
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
        Field::text(CourseField::Case, text::groups::F_CASE, "").with_hint(text::groups::HINT_CASE),
        Field::text(CourseField::Date, text::groups::F_SCREENING, &format_date_dk(sh.today))
            .with_hint(text::intake::HINT_DATE),
    ];
    Step::Form(Form::new(text::groups::NEW_COURSE_TITLE, fields), GroupsForm::NewMoveCourse)
}

/// Starts the course, or shows on the form why not.
pub(super) fn submit_new_course(sh: &mut Shell, form: &mut Form) -> Option<Saved> {
    let submitted = new_course(sh, form);
    settle(submitted, form, sh)
}

fn new_course(sh: &mut Shell, form: &Form) -> Submitted<CourseField> {
    let typed = form.text(CourseField::Case);
    let case = typed_case(sh, &typed)?;
    let has_open_course = match parse_case_number(&typed) {
        Ok(number) => sh.store.open_move_course_of(number)?.is_some(),
        Err(_) => false,
    };
    let screening = form.text(CourseField::Date);
    let (case_id, screening) =
        check_new_course(&typed, case.as_ref(), has_open_course, &screening, sh.today).map_err(at_fields)?;
    let id = sh.store.open_move_course(case_id, screening).map_err(refused_at(CourseField::Case))?;
    let message = format!("MOVE-forløb for sag {case_id} er oprettet (screening {}).", format_date_dk(screening));
    Ok(Saved::new(message).made(Made::Course(id)))
}

// ---- drawing -----------------------------------------------------------------

/// The course list's columns: what the cards need (SKYLDIGT, AFKLARES)
/// keeps its room longest; the citizen's name grows on a wide screen, and
/// the cards still possible give way first.
const COLUMNS: [Column; 8] = [
    Column::new(text::groups::COL_CITIZEN, 16, 40).priority(6),
    Column::new(text::intake::COL_CASE, 4, 6).priority(7),
    Column::fixed(text::groups::COL_PHASE, 11).priority(3),
    Column::fixed(text::groups::COL_CARD, 4).priority(4).right(),
    Column::fixed(text::groups::COL_CARDS_HANDED_OUT, 4).priority(4).right(),
    Column::fixed(text::groups::COL_CARDS_POSSIBLE, 6).priority(2).right(),
    Column::new(text::groups::COL_KR, 8, 10).priority(5).right(),
    Column::new(text::groups::COL_MARK, 23, 30).priority(9).fill(),
];

/// The rows the list shows at the shell's last screen size.
fn rows(sh: &Shell) -> usize {
    list_rows(&COLUMNS, head_and_table(inner(sh), 1)[1])
}

pub(super) fn draw(frame: &mut Frame, area: Rect, list: &CourseList, cards: CardSummary, sh: &Shell, theme: &Theme) {
    let inner = frame_block(frame, area, format!(" {} ", text::groups::COURSES_TITLE));
    let [header, rows] = head_and_table(inner, 1);
    let courses = &list.lines;
    let open = courses.iter().filter(|c| c.course.is_open()).count();
    let earned: u32 = courses.iter().map(|c| c.cards.cards_earned).sum();
    let handed: u32 = courses.iter().map(|c| c.cards.handed_out).sum();
    let mut spans =
        vec![Span::raw(format!("{} forløb · {open} åbne · kort: {earned} optjent, {handed} udleveret", courses.len()))];
    if cards.owed > 0 {
        spans.push(styled(format!(" · {} {}", cards.owed, text::groups::OWED), theme.warning()));
    }
    if cards.to_resolve > 0 {
        spans.push(styled(format!(" · {} {}", cards.to_resolve, text::groups::TO_RESOLVE), theme.danger()));
    }
    if !sh.profile.move_cards.enabled {
        spans = vec![styled(text::groups::CARDS_OFF, theme.warning())];
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), header);
    table(&COLUMNS, text::groups::NO_COURSES, theme)
        .render(frame, rows, &list.cursor, courses.len(), |i| course_row(&courses[i], sh, theme));
}

fn course_row(c: &MoveCourseLine, sh: &Shell, theme: &Theme) -> Vec<TableCell> {
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
        flags.push(format!("{} {}", k.not_handed_out(), text::groups::OWED));
        style = theme.warning();
    }
    if k.to_resolve() > 0 {
        flags.push(format!("{} {}", k.to_resolve(), text::groups::TO_RESOLVE));
        style = theme.danger();
    }
    vec![
        TableCell::from(c.name.as_str()),
        TableCell::from(c.course.case_id.to_string()),
        TableCell::from(phase),
        TableCell::from(k.cards_earned.to_string()),
        TableCell::from(k.handed_out.to_string()),
        TableCell::from(k.cards_still_possible.to_string()),
        TableCell::from(k.money_earned.format_number_dk()),
        TableCell::new(flags.join(" · "), style),
    ]
}
