//! The plan form: the first plan of a course, or a revision prefilled from
//! the latest version, with the next revision defaulting to the date the
//! plan names (or, once that is reached, the profile's limit). Opened on the board's selected course or on an opened plan.

use super::forms::PlansForm;
use crate::app::form::{Field, FieldName, Form};
use crate::app::form_host::{self, ActiveForm};
use crate::app::{Shell, StatusKind};
use crate::domain::dates;
use crate::domain::plan::version::MAX_GOALS;
use crate::domain::plan::{
    ActionPlanDecision, Course, GoalArea, GoalInput, GoalStatus, PlanField, PlanInput, PlanVersion, RevisionLimit,
    next_revision_prefill, revision_limit, validate_plan,
};
use crate::text;

impl FieldName for PlanField {}

/// The plan form's fields the domain's [`PlanField`] does not name: choices
/// the form turns into parts of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanFormField {
    /// The status of the goal in [`PlanField::Goal`] of the same index.
    GoalStatus(usize),
    /// Whether the citizen took part.
    TookPart,
}

impl FieldName for PlanFormField {}

/// The goal area of each goal slot of a plan form; `None` for no slot.
pub type GoalSlots = [Option<GoalArea>; MAX_GOALS];

/// The "took part" choice's options, in order.
const YES_NO: [bool; 2] = [true, false];

fn index_of<T: PartialEq>(all: &[T], value: &T) -> usize {
    all.iter().position(|x| x == value).unwrap_or(0)
}

/// The form for the course's first plan (`revise` false) or a revision;
/// `None`, said on the status line, when the course cannot have one now.
pub(super) fn open(course: &Course, revise: bool, sh: &mut Shell) -> Option<ActiveForm<PlansForm>> {
    let case = &course.case;
    let Some(start) = case.progress.treatment_started_on else {
        sh.set_status(StatusKind::Warning, text::plans::NOT_IN_TREATMENT);
        return None;
    };
    if let Some(closed) = &case.progress.closed {
        sh.set_status(StatusKind::Warning, text::plans::course_closed(closed.on));
        return None;
    }
    let latest = course.latest.as_ref();
    match (revise, latest) {
        (false, Some(_)) => {
            sh.set_status(StatusKind::Info, text::plans::ALREADY_HAS_PLAN);
            return None;
        }
        (true, None) => {
            sh.set_status(StatusKind::Info, text::plans::NO_PLAN_YET);
            return None;
        }
        _ => {}
    }
    let slots = goal_slots(latest);
    let mut fields = vec![
        Field::text(
            PlanField::Date,
            if revise { text::plans::F_REVISION_DATE } else { text::plans::F_PLAN_DATE },
            &dates::format_date_dk(sh.today),
        )
        .with_hint(text::intake::HINT_DATE),
    ];
    let status_options: Vec<String> =
        GoalStatus::ALL.iter().map(|s| text::plans::goal_status(*s).to_string()).collect();
    for (i, (area, goal, status)) in slots.iter().enumerate() {
        fields.push(Field::note(PlanField::Goal(i), text::plans::goal_area(*area), goal));
        fields.push(Field::choice(
            PlanFormField::GoalStatus(i),
            text::plans::F_GOAL_STATUS,
            status_options.clone(),
            index_of(&GoalStatus::ALL, status),
        ));
    }
    let limit = revision_limit(&sh.profile.plan, start, sh.today, latest.is_none());
    fields.extend(effort_fields(latest, limit, sh));
    let mut changes = Field::note(PlanField::Changes, text::plans::F_CHANGES, "");
    changes.hidden = !revise;
    fields.push(changes);

    let mut areas: GoalSlots = [None; MAX_GOALS];
    for (slot, (area, _, _)) in areas.iter_mut().zip(&slots) {
        *slot = Some(*area);
    }
    let title = format!(
        "{} · sag {} · {}",
        if revise { text::plans::REVISE_TITLE } else { text::plans::NEW_PLAN_TITLE },
        case.id,
        case.identity.display_name()
    );
    let purpose = match latest {
        Some(v) => PlansForm::RevisePlan { case_id: case.id, areas, based_on: v.version },
        None => PlansForm::NewPlan { case_id: case.id, areas },
    };
    Some(ActiveForm::new(Form::new(&title, fields), purpose))
}

/// The goal slots: the main goal and the two sub-goals the standards name,
/// the other goals the plan has, and one empty slot for one more.
fn goal_slots(latest: Option<&PlanVersion>) -> Vec<(GoalArea, String, GoalStatus)> {
    let mut slots: Vec<(GoalArea, String, GoalStatus)> = Vec::new();
    for area in [GoalArea::Main, GoalArea::EducationEmployment, GoalArea::SocialNetwork] {
        let existing = latest.and_then(|v| v.goals.iter().find(|g| g.area == area));
        slots
            .push(existing.map_or((area, String::new(), GoalStatus::NotStarted), |g| (area, g.text.clone(), g.status)));
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
    if slots.len() < MAX_GOALS {
        slots.push((GoalArea::Other, String::new(), GoalStatus::NotStarted));
    }
    slots.truncate(MAX_GOALS);
    slots
}

/// The effort, the §141 decision, the next revision and whether the
/// citizen took part, prefilled from the latest version and the profile.
fn effort_fields(latest: Option<&PlanVersion>, limit: RevisionLimit, sh: &Shell) -> Vec<Field> {
    let (services, methods, partners) = latest.map_or((String::new(), String::new(), String::new()), |v| {
        (v.services.clone(), v.methods.clone(), v.partners.clone())
    });
    let action = latest.map_or(ActionPlanDecision::Undecided, |v| v.action_plan);
    vec![
        Field::note(PlanField::Services, text::plans::F_SERVICES, &services),
        Field::note(PlanField::Methods, text::plans::F_METHODS, &methods),
        Field::note(PlanField::Partners, text::plans::F_PARTNERS, &partners),
        Field::choice(
            PlanField::ActionPlan,
            text::plans::F_ACTION_PLAN,
            ActionPlanDecision::ALL.iter().map(|d| text::plans::action_plan(*d).to_string()).collect(),
            index_of(&ActionPlanDecision::ALL, &action),
        )
        .with_hint(&text::plans::action_plan_hint(&sh.profile.plan)),
        Field::text(
            PlanField::NextRevision,
            text::plans::F_NEXT_REVISION,
            &dates::format_date_dk(next_revision_prefill(latest, limit, sh.today)),
        )
        .with_hint(&text::plans::next_revision_hint(limit)),
        Field::choice(PlanFormField::TookPart, text::plans::F_TOOK_PART, vec![text::YES.into(), text::NO.into()], 0),
    ]
}

/// What the form says, as the domain's input. Only the slots the form was
/// opened with are read, in order, so a goal's index is its slot's.
fn input(form: &Form, areas: &GoalSlots) -> PlanInput {
    let goals = areas
        .iter()
        .enumerate()
        .filter_map(|(i, area)| area.map(|area| (i, area)))
        .map(|(i, area)| GoalInput {
            area,
            text: form.text(PlanField::Goal(i)),
            status: GoalStatus::ALL[form.choice(PlanFormField::GoalStatus(i)).min(GoalStatus::ALL.len() - 1)],
        })
        .collect();
    PlanInput {
        date: form.text(PlanField::Date),
        goals,
        services: form.text(PlanField::Services),
        methods: form.text(PlanField::Methods),
        partners: form.text(PlanField::Partners),
        action_plan: ActionPlanDecision::ALL[form.choice(PlanField::ActionPlan).min(ActionPlanDecision::ALL.len() - 1)],
        next_revision: form.text(PlanField::NextRevision),
        citizen_took_part: YES_NO[form.choice(PlanFormField::TookPart).min(1)],
        changes: form.text(PlanField::Changes),
    }
}

/// Checks the draft against the course as stored now (a colleague may have
/// revised or ended it meanwhile) and saves it. Returns the message for the
/// status line once saved; otherwise the form says why, the draft kept.
/// Saves the draft as the plan's next version. `based_on` is the version the
/// form was opened on (`None` for a first plan): if the plan has another
/// latest version now, a colleague revised it meanwhile, and the draft is
/// kept unsaved with what they did, rather than saved over their version.
pub(super) fn submit(
    form: &mut Form,
    case_id: i64,
    areas: &GoalSlots,
    based_on: Option<u32>,
    sh: &mut Shell,
) -> Option<String> {
    let course = match sh.store.course(case_id) {
        Ok(course) => course,
        Err(e) => {
            form_host::save_failed(form, sh, e);
            return None;
        }
    };
    if let Some(now) = course.latest.as_ref().filter(|v| Some(v.version) != based_on) {
        form_host::fail(form, sh, text::plans::revised_meanwhile(now));
        return None;
    }
    let input = input(form, areas);
    form.clear_errors();
    match validate_plan(&input, &course.case, course.latest.as_ref(), &sh.profile.plan, sh.today) {
        Err(problems) => {
            let problems = problems.iter().map(|(field, problem)| (*field, text::plans::plan_problem(problem)));
            form_host::refuse_fields(form, sh, problems);
            None
        }
        Ok(version) => match sh.store.add_plan_version(case_id, &version) {
            Ok(saved) => Some(text::plans::plan_saved(case_id, &saved)),
            Err(e) => {
                form_host::save_failed(form, sh, e);
                None
            }
        },
    }
}
