//! The Planer pane's state and actions: the board of courses in treatment,
//! the list of follow-up calls, the opened plan, and the forms for a plan,
//! a revision, an ending and a call.

mod draw;
mod keys;
mod plan_view;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::form::{Field, FieldId, Form};
use crate::app::form_host::{self, ActiveForm, FormEvent};
use crate::app::pane::{SEARCH, Screen, search_key};
use crate::app::{Action, Pane, Shell, StatusKind};
use crate::domain::dates;
use crate::domain::plan::{
    ActionPlanDecision, BoardSort, CallEntry, CallField, CallInput, CallOutcome, Course, DischargeReason, EndingField,
    EndingInput, FollowUpCall, GoalArea, GoalInput, GoalStatus, PlanEntry, PlanField, PlanInput, PlanVersion,
    build_board, build_call_list, parse_attempt, parse_ending, revision_limit, scheduled_calls, sort_board,
    validate_plan, version_on,
};
use crate::store::{CaseFilter, ended_window_start};
use crate::text;
use crate::ui::Theme;

/// Which list the pane shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PlansMode {
    /// The courses in treatment and their plans.
    #[default]
    Board,
    /// The open follow-up calls after ended courses.
    Calls,
}

/// The pane: its lists as loaded, which lines the search lets through, the
/// open plan and the open form.
#[derive(Debug, Default)]
pub struct PlansPane {
    pub mode: PlansMode,
    pub entries: Vec<PlanEntry>,
    /// Indices into `entries` that match the search.
    pub shown: Vec<usize>,
    pub selected: usize,
    pub calls: Vec<CallEntry>,
    /// Indices into `calls` that match the search.
    pub calls_shown: Vec<usize>,
    pub calls_selected: usize,
    pub only_mine: bool,
    /// Also the courses ended within the last 12 months.
    pub show_ended: bool,
    pub sort: BoardSort,
    pub search: String,
    pub searching: bool,
    /// The plan opened over the board.
    pub plan: Option<PlanView>,
    pub form: Option<ActiveForm<PlansForm>>,
}

/// Planer's forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlansForm {
    /// The first plan of a course; `areas` says what each goal slot is.
    NewPlan {
        case_id: i64,
        areas: GoalSlots,
    },
    RevisePlan {
        case_id: i64,
        areas: GoalSlots,
    },
    EndCourse {
        case_id: i64,
    },
    RecordCall {
        call_id: i64,
        case_id: i64,
    },
    /// Show an opened plan as it stood on a date (nothing is written).
    PlanAsOf {
        case_id: i64,
    },
}

fn matches(query: &str, case: &crate::domain::intake::Case) -> bool {
    query.is_empty()
        || case.identity.display_name().to_lowercase().contains(query)
        || case.id.to_string() == query.trim_start_matches('#')
}

impl PlansPane {
    pub fn shown_entries(&self) -> impl Iterator<Item = &PlanEntry> {
        self.shown.iter().map(|&i| &self.entries[i])
    }

    pub fn selected_entry(&self) -> Option<&PlanEntry> {
        self.shown.get(self.selected).and_then(|&i| self.entries.get(i))
    }

    pub fn shown_calls(&self) -> impl Iterator<Item = &CallEntry> {
        self.calls_shown.iter().map(|&i| &self.calls[i])
    }

    pub fn selected_call(&self) -> Option<&CallEntry> {
        self.calls_shown.get(self.calls_selected).and_then(|&i| self.calls.get(i))
    }

    fn move_by(&mut self, by: isize) {
        let (len, selected) = match self.mode {
            PlansMode::Board => (self.shown.len(), &mut self.selected),
            PlansMode::Calls => (self.calls_shown.len(), &mut self.calls_selected),
        };
        if len == 0 {
            *selected = 0;
            return;
        }
        *selected = (*selected as isize).saturating_add(by).clamp(0, len as isize - 1) as usize;
    }

    /// Applies the search to both lists, keeping each selection on its line.
    pub(super) fn refilter(&mut self) {
        let keep = (self.selected_entry().map(|e| e.course.case.id), self.selected_call().map(|c| c.course.call.id));
        self.refilter_keeping(keep);
    }

    /// Applies the search, selecting the case and the call given (ids read
    /// before the lists were reloaded) when they are still there.
    fn refilter_keeping(&mut self, (keep, keep_call): (Option<i64>, Option<i64>)) {
        let query = self.search.trim().to_lowercase();
        self.shown = (0..self.entries.len()).filter(|&i| matches(&query, &self.entries[i].course.case)).collect();
        self.selected = keep
            .and_then(|id| self.shown.iter().position(|&i| self.entries[i].course.case.id == id))
            .unwrap_or(self.selected.min(self.shown.len().saturating_sub(1)));
        self.calls_shown = (0..self.calls.len()).filter(|&i| matches(&query, &self.calls[i].course.case)).collect();
        self.calls_selected = keep_call
            .and_then(|id| self.calls_shown.iter().position(|&i| self.calls[i].course.call.id == id))
            .unwrap_or(self.calls_selected.min(self.calls_shown.len().saturating_sub(1)));
    }

    fn select_case(&mut self, case_id: i64) {
        if let Some(pos) = self.shown.iter().position(|&i| self.entries[i].course.case.id == case_id) {
            self.selected = pos;
        }
    }

    /// Open, due or overdue calls for the summary line.
    pub fn calls_due(&self, within_days: i64) -> usize {
        self.calls.iter().filter(|c| c.deadline.days_left <= within_days).count()
    }
}

/// An opened plan: every version, the calls, and which version is shown.
#[derive(Debug, Clone)]
pub struct PlanView {
    pub course: Course,
    /// Oldest first.
    pub versions: Vec<PlanVersion>,
    pub calls: Vec<FollowUpCall>,
    /// A version chosen with the arrow keys (an index into `versions`).
    pub pinned: Option<usize>,
    /// The date asked for with `d`: the version in force then is shown.
    pub as_of: Option<NaiveDate>,
    pub history: bool,
    pub scroll: u16,
}

impl PlanView {
    /// The index of the version on screen: the pinned one, else the one in
    /// force on the date asked for, else the one in force today.
    pub fn shown_index(&self, today: NaiveDate) -> Option<usize> {
        if let Some(i) = self.pinned.filter(|i| *i < self.versions.len()) {
            return Some(i);
        }
        let on = self.as_of.unwrap_or(today);
        let v = version_on(&self.versions, on)?;
        self.versions.iter().position(|x| x.id == v.id)
    }

    pub fn shown_version(&self, today: NaiveDate) -> Option<&PlanVersion> {
        self.shown_index(today).map(|i| &self.versions[i])
    }

    /// About how many lines the view has (wrapping aside): how far it can
    /// scroll.
    pub fn line_estimate(&self) -> u16 {
        let goals = self.versions.iter().map(|v| v.goals.len()).max().unwrap_or(0);
        let calls: usize = self.calls.iter().map(|c| 1 + c.attempts.len()).sum();
        let history = if self.history { self.versions.len() + 1 } else { 0 };
        (14 + goals + calls + history).min(u16::MAX as usize) as u16
    }

    /// The first open call of the course, by months after the end.
    pub fn next_open_call(&self) -> Option<&FollowUpCall> {
        self.calls.iter().find(|c| c.is_open())
    }
}

/// The goal area of each goal slot of a plan form; `None` for no slot.
pub type GoalSlots = [Option<GoalArea>; 8];

/// Static field ids for the goal slots of the plan form.
const GOAL_IDS: [FieldId; 8] = ["goal0", "goal1", "goal2", "goal3", "goal4", "goal5", "goal6", "goal7"];
const STATUS_IDS: [FieldId; 8] =
    ["status0", "status1", "status2", "status3", "status4", "status5", "status6", "status7"];

const YES_NO: [bool; 2] = [true, false];

fn plan_field_id(field: PlanField) -> FieldId {
    match field {
        PlanField::Date => "date",
        PlanField::Goal(i) => GOAL_IDS.get(i).copied().unwrap_or("goal0"),
        PlanField::Services => "services",
        PlanField::Methods => "methods",
        PlanField::Partners => "partners",
        PlanField::ActionPlan => "action",
        PlanField::NextRevision => "next",
        PlanField::Changes => "changes",
    }
}

fn ending_field_id(field: EndingField) -> FieldId {
    match field {
        EndingField::Date => "date",
        EndingField::Reason => "reason",
        EndingField::Declined => "declined",
        EndingField::Note => "note",
    }
}

fn call_field_id(field: CallField) -> FieldId {
    match field {
        CallField::Date => "date",
        CallField::Outcome => "outcome",
        CallField::Note => "note",
    }
}

fn index_of<T: PartialEq>(all: &[T], value: &T) -> usize {
    all.iter().position(|x| x == value).unwrap_or(0)
}

impl PlansPane {
    /// Reloads the pane's lists from the store, keeping the selections.
    pub fn reload_plans(&mut self, sh: &mut Shell) {
        let filter = CaseFilter { counsellor: self.only_mine.then(|| sh.user.clone()) };
        let keep = (self.selected_entry().map(|e| e.course.case.id), self.selected_call().map(|c| c.course.call.id));
        let loaded = sh.store.active_courses(&filter).and_then(|mut courses| {
            if self.show_ended {
                courses.extend(sh.store.ended_courses(ended_window_start(sh.today), &filter)?);
            }
            Ok((courses, sh.store.open_course_calls(&filter)?))
        });
        match loaded {
            Ok((courses, calls)) => {
                self.entries = build_board(courses, &sh.profile.plan, sh.today, self.sort);
                self.calls = build_call_list(calls, sh.today);
                self.refilter_keeping(keep);
            }
            Err(e) => sh.set_status(StatusKind::Error, format!("Planerne kunne ikke hentes: {e}")),
        }
    }

    pub(super) fn update_plans(&mut self, sh: &mut Shell, action: Action) {
        if self.plan.is_some() {
            self.update_plan_view(sh, action);
            return;
        }
        let page = sh.list_rows.max(1) as isize;
        match action {
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-page),
            Action::PageDown => self.move_by(page),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Search => self.searching = true,
            Action::ClearSearch => {
                self.search.clear();
                self.refilter();
            }
            Action::ToggleMine => {
                self.only_mine = !self.only_mine;
                self.reload_plans(sh);
                let what = if self.only_mine { text::ONLY_MINE } else { text::ALL_CASES };
                sh.set_status(StatusKind::Info, what);
            }
            Action::ToggleFollowUps => {
                self.mode = match self.mode {
                    PlansMode::Board => PlansMode::Calls,
                    PlansMode::Calls => PlansMode::Board,
                };
            }
            Action::CycleSort => {
                self.sort = self.sort.next();
                let keep = self.selected_entry().map(|e| e.course.case.id);
                sort_board(&mut self.entries, self.sort);
                self.refilter();
                if let Some(id) = keep {
                    self.select_case(id);
                }
                sh.set_status(StatusKind::Info, format!("Sorteret efter {}.", text::plans::board_sort(self.sort)));
            }
            Action::ToggleEnded => {
                self.show_ended = !self.show_ended;
                self.reload_plans(sh);
                let what = if self.show_ended { text::plans::SHOWING_ENDED } else { text::plans::HIDING_ENDED };
                sh.set_status(StatusKind::Info, what);
            }
            Action::OpenPlan => {
                let id = match self.mode {
                    PlansMode::Board => self.selected_entry().map(|e| e.course.case.id),
                    PlansMode::Calls => self.selected_call().map(|c| c.course.case.id),
                };
                match id {
                    Some(id) => self.open_plan(sh, id),
                    None => sh.set_status(StatusKind::Warning, text::SELECT_CASE_FIRST),
                }
            }
            Action::NewPlan => self.open_plan_form(sh, false),
            Action::RevisePlan => self.open_plan_form(sh, true),
            Action::EndCourse => self.open_ending_form(sh),
            Action::RecordCall => match self.selected_call().map(|c| c.course.call.id) {
                Some(id) => self.open_call_form(sh, id),
                None => sh.set_status(StatusKind::Warning, text::plans::NO_CALL_SELECTED),
            },
            _ => {}
        }
    }

    fn update_plan_view(&mut self, sh: &mut Shell, action: Action) {
        let today = sh.today;
        let Some(view) = &mut self.plan else { return };
        match action {
            Action::Close => self.plan = None,
            Action::Down => view.scroll = view.scroll.saturating_add(1).min(view.line_estimate()),
            Action::Up => view.scroll = view.scroll.saturating_sub(1),
            Action::ToggleHistory => view.history = !view.history,
            Action::PlanToday => {
                view.pinned = None;
                view.as_of = None;
                view.scroll = 0;
            }
            Action::PrevVersion | Action::NextVersion => {
                let n = view.versions.len();
                if n == 0 {
                    return;
                }
                let current = view.shown_index(today).unwrap_or(0);
                let next =
                    if action == Action::PrevVersion { current.saturating_sub(1) } else { (current + 1).min(n - 1) };
                view.pinned = Some(next);
                view.as_of = None;
                view.scroll = 0;
            }
            Action::PlanAsOf => {
                let case_id = view.course.case.id;
                let start = view.as_of.unwrap_or(today);
                let fields = vec![
                    Field::text("date", text::plans::F_AS_OF, &dates::format_date_dk(start))
                        .with_hint(text::intake::HINT_DATE),
                ];
                let form = Form::new(&format!("{} · sag {case_id}", text::plans::AS_OF_TITLE), fields);
                self.form = Some(ActiveForm { form, purpose: PlansForm::PlanAsOf { case_id }, warned: None });
            }
            Action::NewPlan => self.open_plan_form(sh, false),
            Action::RevisePlan => self.open_plan_form(sh, true),
            Action::EndCourse => self.open_ending_form(sh),
            Action::RecordCall => match view.next_open_call().map(|c| c.id) {
                Some(id) => self.open_call_form(sh, id),
                None => sh.set_status(StatusKind::Info, text::plans::NO_OPEN_CALL),
            },
            _ => {}
        }
    }

    fn open_plan(&mut self, sh: &mut Shell, case_id: i64) {
        match sh.store.view_plan(case_id) {
            Ok((course, versions, calls)) => {
                self.plan =
                    Some(PlanView { course, versions, calls, pinned: None, as_of: None, history: false, scroll: 0 })
            }
            Err(e) => sh.set_status(StatusKind::Error, format!("Planen kunne ikke åbnes: {e}")),
        }
    }

    /// Reloads the open plan (after a change) without a new audit row: the
    /// look was recorded when it was opened.
    fn refresh_plan(&mut self, sh: &mut Shell, case_id: i64) {
        let Some(view) = &mut self.plan else { return };
        if view.course.case.id != case_id {
            return;
        }
        let loaded = sh
            .store
            .course(case_id)
            .and_then(|c| Ok((c, sh.store.plan_versions(case_id)?, sh.store.course_calls(case_id)?)));
        if let Ok((course, versions, calls)) = loaded {
            view.course = course;
            view.versions = versions;
            view.calls = calls;
            view.pinned = None;
            view.as_of = None;
        }
    }

    /// The course an action is about: the open plan's, else the board's
    /// selected line.
    fn target_course(&self) -> Option<Course> {
        match &self.plan {
            Some(view) => Some(view.course.clone()),
            None if self.mode == PlansMode::Board => self.selected_entry().map(|e| e.course.clone()),
            None => None,
        }
    }

    /// Opens the form for a new plan (`revise` false) or a revision,
    /// prefilled from the latest version and the profile's limit.
    fn open_plan_form(&mut self, sh: &mut Shell, revise: bool) {
        let Some(course) = self.target_course() else {
            sh.set_status(StatusKind::Warning, text::SELECT_CASE_FIRST);
            return;
        };
        let case = &course.case;
        let Some(start) = case.progress.treatment_started_on else {
            sh.set_status(StatusKind::Warning, text::plans::NOT_IN_TREATMENT);
            return;
        };
        if let Some(closed) = &case.progress.closed {
            sh.set_status(StatusKind::Warning, text::plans::course_closed(closed.on));
            return;
        }
        let latest = course.latest.as_ref();
        match (revise, latest) {
            (false, Some(_)) => {
                sh.set_status(StatusKind::Info, text::plans::ALREADY_HAS_PLAN);
                return;
            }
            (true, None) => {
                sh.set_status(StatusKind::Info, text::plans::NO_PLAN_YET);
                return;
            }
            _ => {}
        }
        let limit = revision_limit(&sh.profile.plan, start, sh.today, latest.is_none());
        let status_options: Vec<String> =
            GoalStatus::ALL.iter().map(|s| text::plans::goal_status(*s).to_string()).collect();
        // The goal slots: the main goal and the two sub-goals the standards
        // name, the other goals the plan has, and one empty slot for more.
        let mut slots: Vec<(GoalArea, String, GoalStatus)> = Vec::new();
        for area in [GoalArea::Main, GoalArea::EducationEmployment, GoalArea::SocialNetwork] {
            let existing = latest.and_then(|v| v.goals.iter().find(|g| g.area == area));
            slots.push(
                existing.map_or((area, String::new(), GoalStatus::NotStarted), |g| (area, g.text.clone(), g.status)),
            );
        }
        if let Some(v) = latest {
            // Further goals of a known area beyond the first also go here.
            for (i, g) in v.goals.iter().enumerate() {
                let first_of_area = v.goals.iter().position(|x| x.area == g.area) == Some(i);
                if g.area == GoalArea::Other || !first_of_area {
                    slots.push((g.area, g.text.clone(), g.status));
                }
            }
        }
        if slots.len() < GOAL_IDS.len() {
            slots.push((GoalArea::Other, String::new(), GoalStatus::NotStarted));
        }
        slots.truncate(GOAL_IDS.len());

        let date_label = if revise { text::plans::F_REVISION_DATE } else { text::plans::F_PLAN_DATE };
        let mut fields =
            vec![Field::text("date", date_label, &dates::format_date_dk(sh.today)).with_hint(text::intake::HINT_DATE)];
        for (i, (area, goal, status)) in slots.iter().enumerate() {
            fields.push(Field::text(GOAL_IDS[i], text::plans::goal_area(*area), goal));
            fields.push(Field::choice(
                STATUS_IDS[i],
                text::plans::F_GOAL_STATUS,
                status_options.clone(),
                index_of(&GoalStatus::ALL, status),
            ));
        }
        let (services, methods, partners) = latest.map_or((String::new(), String::new(), String::new()), |v| {
            (v.services.clone(), v.methods.clone(), v.partners.clone())
        });
        fields.push(Field::text("services", text::plans::F_SERVICES, &services));
        fields.push(Field::text("methods", text::plans::F_METHODS, &methods));
        fields.push(Field::text("partners", text::plans::F_PARTNERS, &partners));
        let action = latest.map_or(ActionPlanDecision::Undecided, |v| v.action_plan);
        fields.push(
            Field::choice(
                "action",
                text::plans::F_ACTION_PLAN,
                ActionPlanDecision::ALL.iter().map(|d| text::plans::action_plan(*d).to_string()).collect(),
                index_of(&ActionPlanDecision::ALL, &action),
            )
            .with_hint(&text::plans::action_plan_hint(&sh.profile.plan)),
        );
        fields.push(
            Field::text("next", text::plans::F_NEXT_REVISION, &dates::format_date_dk(limit.latest))
                .with_hint(&text::plans::next_revision_hint(limit)),
        );
        fields.push(Field::choice("took_part", text::plans::F_TOOK_PART, vec![text::YES.into(), text::NO.into()], 0));
        let mut changes = Field::text("changes", text::plans::F_CHANGES, "");
        changes.hidden = !revise;
        fields.push(changes);
        let mut areas: GoalSlots = [None; 8];
        for (slot, (area, _, _)) in areas.iter_mut().zip(&slots) {
            *slot = Some(*area);
        }
        let title = format!(
            "{} · sag {} · {}",
            if revise { text::plans::REVISE_TITLE } else { text::plans::NEW_PLAN_TITLE },
            case.id,
            case.identity.display_name()
        );
        let form = Form::new(&title, fields);
        let purpose = if revise {
            PlansForm::RevisePlan { case_id: case.id, areas }
        } else {
            PlansForm::NewPlan { case_id: case.id, areas }
        };
        self.form = Some(ActiveForm { form, purpose, warned: None });
    }

    fn open_ending_form(&mut self, sh: &mut Shell) {
        let Some(course) = self.target_course() else {
            sh.set_status(StatusKind::Warning, text::SELECT_CASE_FIRST);
            return;
        };
        let case = &course.case;
        if let Some(closed) = &case.progress.closed {
            sh.set_status(StatusKind::Warning, text::plans::course_closed(closed.on));
            return;
        }
        if case.progress.treatment_started_on.is_none() {
            sh.set_status(StatusKind::Warning, text::plans::NOT_IN_TREATMENT);
            return;
        }
        let fields = vec![
            Field::text("date", text::plans::F_ENDED_ON, &dates::format_date_dk(sh.today))
                .with_hint(text::intake::HINT_DATE),
            Field::choice(
                "reason",
                text::plans::F_DISCHARGE_REASON,
                DischargeReason::ALL.iter().map(|r| text::plans::discharge_reason(*r).to_string()).collect(),
                0,
            ),
            Field::choice("declined", text::plans::F_DECLINED, vec![text::NO.into(), text::YES.into()], 0)
                .with_hint(text::plans::HINT_DECLINED),
            Field::text("note", text::intake::F_NOTE, ""),
        ];
        let title = format!("{} · sag {} · {}", text::plans::END_TITLE, case.id, case.identity.display_name());
        let mut form = Form::new(&title, fields);
        // The date is usually today; the reason is the choice to make, and
        // its hint says whether it schedules calls.
        form.focus = 1;
        self.sync_ending_form(sh, &mut form);
        self.form = Some(ActiveForm { form, purpose: PlansForm::EndCourse { case_id: case.id }, warned: None });
    }

    /// The reason's hint says whether it schedules calls under the profile;
    /// declining is only asked when there are calls to decline.
    fn sync_ending_form(&self, sh: &Shell, form: &mut Form) {
        let reason = DischargeReason::ALL[form.choice("reason").min(DischargeReason::ALL.len() - 1)];
        let triggers = sh.profile.follow_up.triggers.contains(&reason);
        if let Some(f) = form.field_mut("reason") {
            f.hint = Some(text::plans::reason_hint(triggers, &sh.profile.follow_up.after_end_months));
        }
        form.set_hidden("declined", !triggers);
    }

    fn open_call_form(&mut self, sh: &mut Shell, call_id: i64) {
        let course = match sh.store.course_call(call_id) {
            Ok(c) => c,
            Err(e) => {
                sh.set_status(StatusKind::Error, format!("Opkaldet kunne ikke hentes: {e}"));
                return;
            }
        };
        if let Some(done) = course.call.reached() {
            sh.set_status(StatusKind::Info, text::plans::call_done(done.on));
            return;
        }
        let fields = vec![
            Field::text("date", text::plans::F_CALL_DATE, &dates::format_date_dk(sh.today))
                .with_hint(text::intake::HINT_DATE),
            Field::choice("reached", text::plans::F_REACHED, vec![text::YES.into(), text::NO.into()], 0),
            Field::choice(
                "outcome",
                text::plans::F_OUTCOME,
                CallOutcome::ALL.iter().map(|o| text::plans::call_outcome(*o).to_string()).collect(),
                0,
            ),
            Field::text("note", text::intake::F_NOTE, ""),
        ];
        let title = format!(
            "{} · sag {} · {}",
            text::plans::call_title(course.call.months),
            course.case.id,
            course.case.identity.display_name()
        );
        let mut form = Form::new(&title, fields);
        sync_call_form(&mut form);
        if course.call.missed() > 0 {
            form.banner = Some(text::plans::earlier_attempts(&course.call));
        }
        self.form = Some(ActiveForm {
            form,
            purpose: PlansForm::RecordCall { call_id, case_id: course.case.id },
            warned: None,
        });
    }

    fn update_form(&mut self, sh: &mut Shell, action: Action) {
        match form_host::handle(&mut self.form, action, sh) {
            Some(FormEvent::Submit(purpose)) => match purpose {
                PlansForm::NewPlan { case_id, areas } | PlansForm::RevisePlan { case_id, areas } => {
                    self.submit_plan(sh, case_id, &areas)
                }
                PlansForm::EndCourse { case_id } => self.submit_ending(sh, case_id),
                PlansForm::RecordCall { call_id, case_id } => self.submit_call(sh, call_id, case_id),
                PlansForm::PlanAsOf { case_id } => self.submit_as_of(sh, case_id),
            },
            Some(FormEvent::Edited(purpose)) => {
                let Some(mut active) = self.form.take() else { return };
                match purpose {
                    PlansForm::EndCourse { .. } => self.sync_ending_form(sh, &mut active.form),
                    PlansForm::RecordCall { .. } => sync_call_form(&mut active.form),
                    _ => {}
                }
                self.form = Some(active);
            }
            _ => {}
        }
    }

    fn fail_form(&mut self, sh: &mut Shell, message: String) {
        if let Some(active) = &mut self.form {
            active.form.banner = Some(message.clone());
        }
        sh.set_status(StatusKind::Error, message);
    }

    fn submit_plan(&mut self, sh: &mut Shell, case_id: i64, areas: &GoalSlots) {
        // The course as stored now: a colleague may have revised it meanwhile.
        let course = match sh.store.course(case_id) {
            Ok(c) => c,
            Err(e) => return self.fail_form(sh, format!("{} {e}", text::SAVE_FAILED)),
        };
        let Some(active) = &mut self.form else { return };
        let form = &mut active.form;
        let goals = areas
            .iter()
            .enumerate()
            .filter_map(|(i, area)| area.map(|area| (i, area)))
            .map(|(i, area)| GoalInput {
                area,
                text: form.text(GOAL_IDS[i]),
                status: GoalStatus::ALL[form.choice(STATUS_IDS[i]).min(GoalStatus::ALL.len() - 1)],
            })
            .collect();
        let input = PlanInput {
            date: form.text("date"),
            goals,
            services: form.text("services"),
            methods: form.text("methods"),
            partners: form.text("partners"),
            action_plan: ActionPlanDecision::ALL[form.choice("action").min(ActionPlanDecision::ALL.len() - 1)],
            next_revision: form.text("next"),
            citizen_took_part: YES_NO[form.choice("took_part").min(1)],
            changes: form.text("changes"),
        };
        form.clear_errors();
        let version = match validate_plan(&input, &course.case, course.latest.as_ref(), &sh.profile.plan, sh.today) {
            Ok(v) => v,
            Err(problems) => {
                for (field, problem) in &problems {
                    form.set_error(plan_field_id(*field), text::plans::plan_problem(problem));
                }
                form.banner = Some(text::NOT_SAVED_FIX_FIELDS.into());
                sh.set_status(StatusKind::Error, text::NOT_SAVED_FIX_FIELDS);
                return;
            }
        };
        match sh.store.add_plan_version(case_id, &version) {
            Ok(saved) => {
                self.form = None;
                self.reload_plans(sh);
                self.select_case(case_id);
                self.refresh_plan(sh, case_id);
                sh.set_status(StatusKind::Info, text::plans::plan_saved(case_id, &saved));
            }
            Err(e) => self.fail_form(sh, format!("{} {e}", text::SAVE_FAILED)),
        }
    }

    fn submit_ending(&mut self, sh: &mut Shell, case_id: i64) {
        let course = match sh.store.course(case_id) {
            Ok(c) => c,
            Err(e) => return self.fail_form(sh, format!("{} {e}", text::SAVE_FAILED)),
        };
        let Some(active) = &mut self.form else { return };
        let form = &mut active.form;
        let reason = DischargeReason::ALL[form.choice("reason").min(DischargeReason::ALL.len() - 1)];
        let declined = form.field("declined").is_some_and(|f| !f.hidden) && form.choice("declined") == 1;
        let input =
            EndingInput { date: form.text("date"), reason, follow_up_declined: declined, note: form.text("note") };
        form.clear_errors();
        let ending = match parse_ending(&input, &course.case, course.latest.as_ref(), sh.today) {
            Ok(e) => e,
            Err(problems) => {
                for (field, problem) in &problems {
                    form.set_error(ending_field_id(*field), text::plans::ending_problem(problem));
                }
                form.banner = Some(text::NOT_SAVED_FIX_FIELDS.into());
                sh.set_status(StatusKind::Error, text::NOT_SAVED_FIX_FIELDS);
                return;
            }
        };
        let calls = scheduled_calls(&ending, &sh.profile.follow_up);
        let closed_text = text::plans::closed_text(&ending);
        match sh.store.end_course(case_id, &ending, &closed_text, &calls) {
            Ok(_) => {
                self.form = None;
                self.reload_plans(sh);
                self.refresh_plan(sh, case_id);
                sh.set_status(StatusKind::Info, text::plans::ending_saved(case_id, &ending, &calls));
            }
            Err(e) => self.fail_form(sh, format!("{} {e}", text::SAVE_FAILED)),
        }
    }

    fn submit_call(&mut self, sh: &mut Shell, call_id: i64, case_id: i64) {
        let course = match sh.store.course_call(call_id) {
            Ok(c) => c,
            Err(e) => return self.fail_form(sh, format!("{} {e}", text::SAVE_FAILED)),
        };
        let Some(active) = &mut self.form else { return };
        let form = &mut active.form;
        let reached = YES_NO[form.choice("reached").min(1)];
        let outcome = reached.then(|| CallOutcome::ALL[form.choice("outcome").min(CallOutcome::ALL.len() - 1)]);
        let input = CallInput { date: form.text("date"), reached, outcome, note: form.text("note") };
        form.clear_errors();
        let attempt = match parse_attempt(&input, &course.call, course.ending.ended_on, sh.today) {
            Ok(a) => a,
            Err(problems) => {
                for (field, problem) in &problems {
                    form.set_error(call_field_id(*field), text::plans::call_problem(problem));
                }
                form.banner = Some(text::NOT_SAVED_FIX_FIELDS.into());
                sh.set_status(StatusKind::Error, text::NOT_SAVED_FIX_FIELDS);
                return;
            }
        };
        match sh.store.record_call_attempt(call_id, &attempt) {
            Ok(call) => {
                self.form = None;
                self.reload_plans(sh);
                self.refresh_plan(sh, case_id);
                sh.set_status(StatusKind::Info, text::plans::call_saved(case_id, &call));
            }
            Err(e) => self.fail_form(sh, format!("{} {e}", text::SAVE_FAILED)),
        }
    }

    fn submit_as_of(&mut self, sh: &mut Shell, case_id: i64) {
        let Some(active) = &mut self.form else { return };
        let form = &mut active.form;
        form.clear_errors();
        match dates::parse_date_dk(&form.text("date")) {
            Ok(on) => {
                self.form = None;
                if let Some(view) = self.plan.as_mut().filter(|v| v.course.case.id == case_id) {
                    view.as_of = Some(on);
                    view.pinned = None;
                    view.scroll = 0;
                    let message = match view.shown_version(on) {
                        Some(v) => text::plans::as_of_shown(on, v),
                        None => text::plans::no_plan_on(on),
                    };
                    sh.set_status(StatusKind::Info, message);
                }
            }
            Err(e) => {
                form.set_error("date", e.to_string());
                sh.set_status(StatusKind::Error, e.to_string());
            }
        }
    }
}

/// Only a call that reached the citizen has an outcome.
impl Pane for PlansPane {
    fn title(&self) -> &'static str {
        text::plans::PANE
    }

    fn go_action(&self) -> Action {
        Action::PanePlans
    }

    fn screen(&self) -> &'static Screen {
        if self.searching {
            &SEARCH
        } else if self.plan.is_some() {
            &keys::PLAN
        } else if self.mode == PlansMode::Calls {
            &keys::CALLS
        } else {
            &keys::BOARD
        }
    }

    fn screens(&self) -> &'static [&'static Screen] {
        keys::SCREENS
    }

    fn update(&mut self, action: Action, sh: &mut Shell) {
        if self.form.is_some() {
            self.update_form(sh, action);
        } else if self.searching {
            if search_key(action, &mut self.search, &mut self.searching) {
                self.refilter();
            }
        } else {
            self.update_plans(sh, action);
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, sh: &Shell, theme: &Theme) {
        draw::draw(frame, area, self, sh, theme);
        if let Some(view) = &self.plan {
            plan_view::draw(frame, area, view, sh, theme);
        }
    }

    fn reload(&mut self, sh: &mut Shell) {
        self.reload_plans(sh);
    }

    fn leave(&mut self) {
        self.plan = None;
    }

    fn form(&self) -> Option<&Form> {
        self.form.as_ref().map(|a| &a.form)
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        self.form.as_mut().map(|a| &mut a.form)
    }

    fn type_text(&mut self, c: char, _sh: &mut Shell) -> bool {
        if !self.searching {
            return false;
        }
        self.search.push(c);
        self.refilter();
        true
    }
}

fn sync_call_form(form: &mut Form) {
    let reached = YES_NO[form.choice("reached").min(1)];
    form.set_hidden("outcome", !reached);
}
