//! Policy profiles: the rules that differ between municipalities, as data.
//!
//! A profile is a TOML file (domain.md 6a). The five shipped profiles are
//! compiled in; a centre can point to a file of its own. Every setting a
//! profile leaves out takes the national default, because the `Default` of
//! each section *is* the national default column of domain.md 6a.

use serde::{Deserialize, Serialize};

use super::group::move_cards::MoveCardSettings;
use super::money::Ore;
use super::plan::DischargeReason;

/// The compiled-in profiles, in the order they are offered.
pub const BUILT_IN: [(&str, &str); 5] = [
    ("national", include_str!("profiles/national.toml")),
    ("faxe", include_str!("profiles/faxe.toml")),
    ("nyborg", include_str!("profiles/nyborg.toml")),
    ("rodovre", include_str!("profiles/rodovre.toml")),
    ("randers", include_str!("profiles/randers.toml")),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Short stable id, used in the database, in `due` output and in files.
    pub id: String,
    /// The name shown to users.
    pub name: String,
    /// The municipality the profile belongs to, if any.
    #[serde(default)]
    pub municipality: Option<String>,
    #[serde(default)]
    pub intake: IntakePolicy,
    #[serde(default)]
    pub plan: PlanPolicy,
    #[serde(default)]
    pub follow_up: FollowUpPolicy,
    #[serde(default)]
    pub move_cards: MoveCardSettings,
    #[serde(default)]
    pub stay: StayPolicy,
    #[serde(default)]
    pub complaint: ComplaintPolicy,
    #[serde(default)]
    pub targets: TargetPolicy,
    #[serde(default)]
    pub notification: NotificationPolicy,
}

/// When the 14-day clock starts (domain.md 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockStart {
    /// The first contact with the centre (the national standard).
    FirstContact,
    /// When the citizen shows up and agrees that the assessment starts (Rødovre).
    Consent,
}

/// When the doctor's consultation must be offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
pub enum DoctorRule {
    /// The standard is silent: nothing is tracked as due.
    None,
    /// Offered no later than `days` after the first contact (Faxe: 14).
    WithinDays { days: u32 },
    /// Offered before treatment starts (Rødovre).
    BeforeTreatment,
    /// Offered at enrolment, i.e. when treatment starts (Randers).
    AtEnrolment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IntakePolicy {
    /// Serviceloven §101 stk. 4.
    pub guarantee_days: u32,
    pub clock_starts: ClockStart,
    pub doctor: DoctorRule,
    /// No treatment under this age: the case is referred to the children
    /// and family department instead (Rødovre: 16).
    pub youngest_age: Option<u32>,
    /// The centre aims to start treatment within this many days of the
    /// clock's start (Rødovre: the same day or the day after).
    pub aim_start_within_days: Option<u32>,
    /// As the standard words it; shown to the counsellor, not enforced.
    pub advisory_conversations: Option<String>,
    pub relatives_conversations: Option<String>,
    /// Counted conversations per case (domain.md 1, 6a): past the number
    /// the counsellor is warned, never refused. `None`: the standard names
    /// no number, so nothing is counted against a limit.
    /// Anonymous, non-committal conversations (Rødovre: up to 3).
    pub anonymous_conversations_max: Option<u32>,
    /// Advisory conversations by phone, video or in person (Randers: 1-5).
    pub advisory_conversations_max: Option<u32>,
    /// Relatives' conversations (Rødovre: 1-2).
    pub relatives_conversations_max: Option<u32>,
    /// Anonymous conversations for a young person under 18 before the
    /// family department decides (Rødovre, 16-17-year-olds: one).
    pub young_anonymous_conversations_max: Option<u32>,
}

impl Default for IntakePolicy {
    fn default() -> Self {
        IntakePolicy {
            guarantee_days: 14,
            clock_starts: ClockStart::FirstContact,
            doctor: DoctorRule::None,
            youngest_age: None,
            aim_start_within_days: None,
            advisory_conversations: None,
            relatives_conversations: None,
            anonymous_conversations_max: None,
            advisory_conversations_max: None,
            relatives_conversations_max: None,
            young_anonymous_conversations_max: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlanPolicy {
    /// The treatment plan must exist this many days after the first
    /// contact (Faxe and Rødovre: 14); `None`, the national default: by the
    /// start of treatment (§101 stk. 8). A case in treatment without a plan
    /// is overdue from that day (domain.md 2, 6a).
    pub plan_within_days_of_contact: Option<u32>,
    /// A first follow-up this many months after treatment starts, until the
    /// plan's first revision; no built-in profile sets it (domain.md 2: Faxe's
    /// "1 month" is the follow-up after the end).
    pub first_follow_up_months: Option<u32>,
    /// The plan is revised at least this often.
    pub revision_every_months: u32,
    /// The plan itself names its follow-up dates (Nyborg).
    pub follow_up_dates_in_plan: bool,
    /// The §141 action-plan decision is due within this many months (Nyborg: 2).
    pub action_plan_decision_months: Option<u32>,
    /// The municipality must offer a §141 action plan (Rødovre).
    pub action_plan_offered: bool,
    /// A §141 action plan is made when needed (Randers).
    pub action_plan_when_needed: bool,
}

impl Default for PlanPolicy {
    fn default() -> Self {
        PlanPolicy {
            plan_within_days_of_contact: None,
            first_follow_up_months: None,
            revision_every_months: 3,
            follow_up_dates_in_plan: false,
            action_plan_decision_months: None,
            action_plan_offered: false,
            action_plan_when_needed: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FollowUpPolicy {
    /// Months after the end of a course at which the follow-up calls are due.
    pub after_end_months: Vec<u32>,
    /// The discharge reasons (stable English ids, domain.md 7.5) that
    /// schedule the calls; a misspelt id is an error, not a silent no-call.
    pub triggers: Vec<DischargeReason>,
}

impl Default for FollowUpPolicy {
    fn default() -> Self {
        FollowUpPolicy {
            after_end_months: vec![1, 6],
            triggers: vec![
                DischargeReason::Completed,
                DischargeReason::OtherService,
                DischargeReason::Hospital,
                DischargeReason::OtherReason,
            ],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonthRange {
    #[serde(default)]
    pub min: Option<u32>,
    #[serde(default)]
    pub max: Option<u32>,
}

/// Who decides on a residential stay (domain.md 4). The default text of
/// "who approved" in the Døgn pane, and the words of the due list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StayDecider {
    /// The centre itself (Rødovre: "Rådgivnings- og Behandlingscentret
    /// træffer afgørelse").
    Centre,
    /// A visitation committee on the counsellor's recommendation (Randers).
    VisitationCommittee,
    /// The municipality's social department (Nyborg: "visiteres af
    /// Socialafdelingen").
    SocialDepartment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StayPolicy {
    /// The usual length of a residential stay; a longer stay is flagged.
    pub usual_length_months: Option<MonthRange>,
    /// Who approves or refuses a stay.
    pub decided_by: StayDecider,
    /// A provider must tell the centre of an interrupted stay within this
    /// many calendar days (Randers' requirement of its providers: "orientere
    /// os inden to dage ved afbrudt behandling").
    pub interruption_report_days: u32,
    /// Rådighedsbeløb: what a citizen keeps per month after fixed necessary
    /// expenses when the own payment is set (domain.md 7.3). A local setting
    /// with no national figure, so there is no default: without it the own
    /// payment cannot be computed, and the pane says so.
    pub amount_kept_per_month: Option<Ore>,
}

impl Default for StayPolicy {
    fn default() -> Self {
        StayPolicy {
            usual_length_months: None,
            decided_by: StayDecider::Centre,
            interruption_report_days: 2,
            amount_kept_per_month: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ComplaintPolicy {
    pub deadline_weeks: u32,
}

impl Default for ComplaintPolicy {
    fn default() -> Self {
        ComplaintPolicy { deadline_weeks: 4 }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TargetPolicy {
    pub reduce_or_stop_percent: Option<u32>,
    pub reduce_or_abstain_percent: Option<u32>,
    pub re_enrolled_within_12_months_max_percent: Option<u32>,
    pub note: Option<String>,
}

/// Children and underretninger (domain.md 5 and 7.4). The law's own
/// deadlines (the municipality's receipt within 6 working days) are not
/// settings: they are the same in every municipality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NotificationPolicy {
    /// A case with children at home (or expected) needs a recorded
    /// consideration of the children at least this often. The standards are
    /// silent; the national default follows the national plan revision
    /// (every 3 months), so the children are considered at each revision.
    pub consider_children_every_months: u32,
    /// A drafted notification is overdue when it has not been sent this
    /// many days after it was drafted: a child may be waiting for it.
    pub draft_due_days: u32,
}

impl Default for NotificationPolicy {
    fn default() -> Self {
        NotificationPolicy { consider_children_every_months: 3, draft_due_days: 1 }
    }
}

/// Why a profile could not be used. `text::policy` says it in Danish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileError {
    UnknownId(String),
    /// The profile could not be read (its file, or a stored profile).
    Invalid(String),
    /// The TOML did not parse or named an unknown setting: where (1-based)
    /// and the parser's words, cut short (the line itself is not quoted: a
    /// file of one 64 KiB line would fill the screen).
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// The profile has no id.
    EmptyId,
    /// A centre's own profile may not take the id of a built-in one: `due`
    /// and the export name the profile by its id.
    ReservedId(String),
    /// A value outside what the law and sense allow (a guarantee of 90
    /// days, 4294967295 MOVE sessions).
    OutOfRange {
        setting: &'static str,
        value: i64,
        min: i64,
        max: i64,
    },
    /// Follow-up calls cannot follow a death.
    CallsAfterDeath,
    /// `stay.usual_length_months`: the least above the most.
    UsualLengthReversed,
}

/// The parser's message is cut to this many characters.
const MAX_SYNTAX_MESSAGE: usize = 200;

/// Where in `text` a TOML parser stopped (line and column, 1-based) and
/// why, cut short, without the line itself: a file of one 64 KiB line
/// would fill the screen.
pub fn toml_syntax(text: &str, e: &toml::de::Error) -> (usize, usize, String) {
    let start = e.span().map_or(0, |s| s.start).min(text.len());
    let start = (0..=start).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column, super::input::cut(e.message().trim(), MAX_SYNTAX_MESSAGE).into_owned())
}

/// A profile's TOML that did not parse.
fn syntax(text: &str, e: &toml::de::Error) -> ProfileError {
    let (line, column, message) = toml_syntax(text, e);
    ProfileError::Syntax { line, column, message }
}

impl Profile {
    /// Reads a profile from TOML text, checking that its values make sense.
    pub fn from_toml(text: &str) -> Result<Profile, ProfileError> {
        let profile: Profile = toml::from_str(text).map_err(|e| syntax(text, &e))?;
        profile.check()?;
        Ok(profile)
    }

    /// One of the compiled-in profiles by id.
    pub fn built_in(id: &str) -> Result<Profile, ProfileError> {
        let (_, text) =
            BUILT_IN.iter().find(|(name, _)| *name == id).ok_or_else(|| ProfileError::UnknownId(id.to_string()))?;
        Profile::from_toml(text)
    }

    pub fn national() -> Profile {
        Profile::built_in("national").expect("the national profile is compiled in and valid")
    }

    /// A centre's own profile, from its file's text: as any profile, and
    /// never under a built-in id.
    pub fn own(text: &str) -> Result<Profile, ProfileError> {
        let profile = Profile::from_toml(text)?;
        if BUILT_IN.iter().any(|(id, _)| *id == profile.id) {
            return Err(ProfileError::ReservedId(profile.id));
        }
        Ok(profile)
    }

    /// Every value within what the law and sense allow. The bounds are the
    /// law's where it has one (the guarantee is at most 14 days, §101 stk.
    /// 4), otherwise generous limits that still catch a typo.
    fn check(&self) -> Result<(), ProfileError> {
        if self.id.trim().is_empty() {
            return Err(ProfileError::EmptyId);
        }
        let i = &self.intake;
        let p = &self.plan;
        let n = &self.notification;
        let m = &self.move_cards;
        let mut checks: Vec<(&'static str, Option<i64>, i64, i64)> = vec![
            ("intake.guarantee_days", Some(i.guarantee_days.into()), 1, 14),
            ("intake.youngest_age", i.youngest_age.map(i64::from), 0, 18),
            ("intake.aim_start_within_days", i.aim_start_within_days.map(i64::from), 0, 14),
            ("intake.anonymous_conversations_max", i.anonymous_conversations_max.map(i64::from), 0, 50),
            ("intake.advisory_conversations_max", i.advisory_conversations_max.map(i64::from), 0, 50),
            ("intake.relatives_conversations_max", i.relatives_conversations_max.map(i64::from), 0, 50),
            ("intake.young_anonymous_conversations_max", i.young_anonymous_conversations_max.map(i64::from), 0, 50),
            ("plan.revision_every_months", Some(p.revision_every_months.into()), 1, 12),
            ("plan.first_follow_up_months", p.first_follow_up_months.map(i64::from), 1, 12),
            ("plan.action_plan_decision_months", p.action_plan_decision_months.map(i64::from), 1, 12),
            ("follow_up.after_end_months (antal)", Some(self.follow_up.after_end_months.len() as i64), 0, 4),
            ("notification.consider_children_every_months", Some(n.consider_children_every_months.into()), 1, 12),
            ("notification.draft_due_days", Some(n.draft_due_days.into()), 1, 14),
            ("stay.interruption_report_days", Some(self.stay.interruption_report_days.into()), 1, 30),
            ("stay.amount_kept_per_month", self.stay.amount_kept_per_month.map(Ore::ore), 0, 10_000_000),
            ("complaint.deadline_weeks", Some(self.complaint.deadline_weeks.into()), 1, 8),
            ("targets.reduce_or_stop_percent", self.targets.reduce_or_stop_percent.map(i64::from), 0, 100),
            ("targets.reduce_or_abstain_percent", self.targets.reduce_or_abstain_percent.map(i64::from), 0, 100),
            (
                "targets.re_enrolled_within_12_months_max_percent",
                self.targets.re_enrolled_within_12_months_max_percent.map(i64::from),
                0,
                100,
            ),
        ];
        if let DoctorRule::WithinDays { days } = i.doctor {
            checks.push(("intake.doctor.days", Some(days.into()), 1, 30));
        }
        for month in &self.follow_up.after_end_months {
            checks.push(("follow_up.after_end_months", Some((*month).into()), 1, 24));
        }
        if m.enabled {
            let sessions = i64::from(m.window_sessions);
            let per_card = i64::from(m.attendances_per_card).max(1);
            checks.extend([
                ("move_cards.window_sessions", Some(sessions), 1, 52),
                ("move_cards.attendances_per_card", Some(m.attendances_per_card.into()), 1, 10),
                // More cards than the window's attendances can earn is a typo.
                ("move_cards.max_cards", Some(m.max_cards.into()), 0, sessions / per_card),
                // A physical card of more than 1.000 kr is not a MOVE card.
                ("move_cards.card_value", Some(m.card_value.ore()), 1, 100_000),
            ]);
        }
        for (setting, value, min, max) in checks {
            if let Some(value) = value
                && !(min..=max).contains(&value)
            {
                return Err(ProfileError::OutOfRange { setting, value, min, max });
            }
        }
        if self.follow_up.triggers.contains(&DischargeReason::Died) {
            return Err(ProfileError::CallsAfterDeath);
        }
        if let Some(MonthRange { min: Some(min), max: Some(max) }) = self.stay.usual_length_months
            && min > max
        {
            return Err(ProfileError::UsualLengthReversed);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_profile_loads_and_keeps_its_id() {
        for (id, _) in BUILT_IN {
            let p = Profile::built_in(id).unwrap_or_else(|e| panic!("{id}: {e:?}"));
            assert_eq!(p.id, id);
        }
    }

    #[test]
    fn the_profiles_carry_the_settings_of_domain_md_6a() {
        let national = Profile::national();
        let faxe = Profile::built_in("faxe").unwrap();
        let nyborg = Profile::built_in("nyborg").unwrap();
        let rodovre = Profile::built_in("rodovre").unwrap();
        let randers = Profile::built_in("randers").unwrap();

        for p in [&national, &faxe, &nyborg, &rodovre, &randers] {
            assert_eq!(p.intake.guarantee_days, 14, "{}", p.id);
            assert_eq!(p.follow_up.after_end_months, vec![1, 6], "{}", p.id);
        }
        assert_eq!(rodovre.intake.clock_starts, ClockStart::Consent);
        for p in [&national, &faxe, &nyborg, &randers] {
            assert_eq!(p.intake.clock_starts, ClockStart::FirstContact, "{}", p.id);
        }
        assert_eq!(national.intake.doctor, DoctorRule::None);
        assert_eq!(faxe.intake.doctor, DoctorRule::WithinDays { days: 14 });
        assert_eq!(nyborg.intake.doctor, DoctorRule::None);
        assert_eq!(rodovre.intake.doctor, DoctorRule::BeforeTreatment);
        assert_eq!(randers.intake.doctor, DoctorRule::AtEnrolment);
        assert_eq!(rodovre.intake.youngest_age, Some(16));
        assert_eq!(rodovre.intake.aim_start_within_days, Some(1));
        assert_eq!(national.intake.youngest_age, None);
        // Counted conversations (domain.md 1, 6a): only the profiles that name a number limit.
        assert_eq!(rodovre.intake.anonymous_conversations_max, Some(3));
        assert_eq!(rodovre.intake.relatives_conversations_max, Some(2));
        assert_eq!(rodovre.intake.young_anonymous_conversations_max, Some(1));
        assert_eq!(randers.intake.advisory_conversations_max, Some(5));
        for p in [&national, &faxe, &nyborg] {
            assert_eq!(p.intake.anonymous_conversations_max, None, "{}", p.id);
            assert_eq!(p.intake.advisory_conversations_max, None, "{}", p.id);
            assert_eq!(p.intake.relatives_conversations_max, None, "{}", p.id);
            assert_eq!(p.intake.young_anonymous_conversations_max, None, "{}", p.id);
        }

        // Faxe's "1 month" is the follow-up after the end (domain.md 2); its
        // plan, like Rødovre's, exists 14 days after the first contact.
        for p in [&national, &faxe, &nyborg, &rodovre, &randers] {
            assert_eq!(p.plan.first_follow_up_months, None, "{}", p.id);
        }
        assert_eq!(faxe.plan.plan_within_days_of_contact, Some(14));
        assert_eq!(rodovre.plan.plan_within_days_of_contact, Some(14));
        for p in [&national, &nyborg, &randers] {
            assert_eq!(p.plan.plan_within_days_of_contact, None, "{}", p.id);
        }
        assert_eq!(national.plan.revision_every_months, 3);
        assert_eq!(nyborg.plan.revision_every_months, 3);
        assert_eq!(randers.plan.revision_every_months, 6);
        assert_eq!(nyborg.plan.action_plan_decision_months, Some(2));

        assert!(!national.move_cards.enabled);
        assert!(randers.move_cards.enabled);
        assert_eq!(randers.move_cards.window_sessions, 14);
        assert_eq!(randers.move_cards.max_cards, 7);
        assert_eq!(randers.move_cards, MoveCardSettings::randers());
        assert_eq!(national.complaint.deadline_weeks, 4);
        assert_eq!(randers.targets.re_enrolled_within_12_months_max_percent, Some(15));
        assert_eq!(nyborg.targets.reduce_or_stop_percent, Some(50));
        for p in [&national, &faxe, &nyborg, &rodovre, &randers] {
            assert_eq!(p.notification, NotificationPolicy::default(), "{}", p.id);
        }
        assert_eq!(national.notification.consider_children_every_months, 3);
        assert_eq!(national.notification.draft_due_days, 1);

        assert_eq!(randers.stay.usual_length_months, Some(MonthRange { min: Some(1), max: Some(3) }));
        assert_eq!(nyborg.stay.usual_length_months, Some(MonthRange { min: None, max: Some(6) }));
        assert_eq!(randers.stay.decided_by, StayDecider::VisitationCommittee);
        assert_eq!(nyborg.stay.decided_by, StayDecider::SocialDepartment);
        assert_eq!(rodovre.stay.decided_by, StayDecider::Centre);
        for p in [&national, &faxe, &nyborg, &rodovre, &randers] {
            assert_eq!(p.stay.interruption_report_days, 2, "{}", p.id);
        }
        // No national rådighedsbeløb exists: only the sample's Randers
        // profile carries one, as an example.
        for p in [&national, &faxe, &nyborg, &rodovre] {
            assert_eq!(p.stay.amount_kept_per_month, None, "{}", p.id);
        }
        assert!(randers.stay.amount_kept_per_month.is_some());
    }

    #[test]
    fn a_centre_profile_may_name_only_what_differs() {
        let p = Profile::from_toml("id = \"egen\"\nname = \"Eget center\"\n[intake]\nguarantee_days = 10\n").unwrap();
        assert_eq!(p.intake.guarantee_days, 10);
        assert_eq!(p.intake.clock_starts, ClockStart::FirstContact);
        assert_eq!(p.plan.revision_every_months, 3);
    }

    #[test]
    fn a_misspelt_setting_is_an_error_not_a_silent_default() {
        let err = Profile::from_toml("id = \"x\"\nname = \"x\"\n[intake]\nguarantee_dayz = 10\n").unwrap_err();
        match err {
            ProfileError::Syntax { line: 4, column: 1, message } => {
                assert!(message.contains("guarantee_dayz"), "{message}")
            }
            other => panic!("expected Syntax at line 4, got {other:?}"),
        }
    }

    #[test]
    fn a_syntax_error_on_a_huge_line_names_the_place_without_quoting_the_line() {
        let line = format!("name = \"{}", "x".repeat(60_000));
        let err = Profile::from_toml(&format!("id = \"x\"\n{line}\n")).unwrap_err();
        assert!(matches!(err, ProfileError::Syntax { line: 2, .. }), "{err:?}");
        let shown = err.to_string();
        assert!(shown.chars().count() < 300, "{} characters: {}", shown.chars().count(), &shown[..300]);
        assert!(shown.contains("linje 2"), "{shown}");
        // An unknown setting named by a huge key is cut too.
        let err = Profile::from_toml(&format!("id = \"x\"\n{} = 1\n", "k".repeat(60_000))).unwrap_err();
        assert!(err.to_string().chars().count() < 300, "{}", err.to_string().chars().count());
    }

    #[test]
    fn follow_up_triggers_are_discharge_reasons_and_a_typo_is_refused() {
        let national = Profile::national();
        assert_eq!(
            national.follow_up.triggers,
            vec![
                DischargeReason::Completed,
                DischargeReason::OtherService,
                DischargeReason::Hospital,
                DischargeReason::OtherReason
            ]
        );
        let err = Profile::from_toml("id = \"x\"\nname = \"x\"\n[follow_up]\ntriggers = [\"complete\"]\n").unwrap_err();
        assert!(matches!(&err, ProfileError::Syntax { message, .. } if message.contains("complete")), "{err:?}");
        let err = Profile::from_toml("id = \"x\"\nname = \"x\"\n[follow_up]\ntriggers = [\"died\"]\n").unwrap_err();
        assert_eq!(err, ProfileError::CallsAfterDeath);
        let err = Profile::from_toml("id = \"x\"\nname = \"x\"\n[plan]\nfirst_follow_up_months = 0\n").unwrap_err();
        assert!(matches!(err, ProfileError::OutOfRange { setting: "plan.first_follow_up_months", .. }), "{err:?}");
    }

    fn refused(toml: &str) -> ProfileError {
        Profile::from_toml(&format!("id = \"x\"\nname = \"x\"\n{toml}\n")).unwrap_err()
    }

    #[test]
    fn values_outside_the_law_and_sense_are_refused_at_their_setting() {
        let out = |toml: &str| match refused(toml) {
            ProfileError::OutOfRange { setting, value, min, max } => (setting, value, min, max),
            other => panic!("{toml}: {other:?}"),
        };
        // The guarantee is at most 14 days by law: 15 and 90 are refused, 14 is not.
        assert_eq!(out("[intake]\nguarantee_days = 0"), ("intake.guarantee_days", 0, 1, 14));
        assert_eq!(out("[intake]\nguarantee_days = 15"), ("intake.guarantee_days", 15, 1, 14));
        assert_eq!(out("[intake]\nguarantee_days = 90"), ("intake.guarantee_days", 90, 1, 14));
        assert!(Profile::from_toml("id = \"x\"\nname = \"x\"\n[intake]\nguarantee_days = 14\n").is_ok());
        assert_eq!(
            out("[notification]\nconsider_children_every_months = 0").0,
            "notification.consider_children_every_months"
        );
        assert_eq!(out("[stay]\ninterruption_report_days = 0").0, "stay.interruption_report_days");
        assert_eq!(out("[stay]\namount_kept_per_month = -1").0, "stay.amount_kept_per_month");
        // MOVE: 4294967295 sessions, more cards than the window can earn,
        // and a card of 1.000.000 kr are typos.
        let move_cards = "[move_cards]\nenabled = true\nattendances_per_card = 2\ncard_value = 20000";
        assert_eq!(
            out(&format!("{move_cards}\nwindow_sessions = 4294967295\nmax_cards = 7")),
            ("move_cards.window_sessions", 4_294_967_295, 1, 52)
        );
        assert_eq!(
            out(&format!("{move_cards}\nwindow_sessions = 14\nmax_cards = 8")),
            ("move_cards.max_cards", 8, 0, 7)
        );
        let dear = "[move_cards]\nenabled = true\nwindow_sessions = 14\nattendances_per_card = 2\nmax_cards = 7\ncard_value = 100000000";
        assert_eq!(out(dear).0, "move_cards.card_value");
        assert_eq!(refused("[stay]\nusual_length_months = { min = 4, max = 3 }"), ProfileError::UsualLengthReversed);
        assert_eq!(Profile::built_in("aarhus"), Err(ProfileError::UnknownId("aarhus".into())));
        let own = Profile::from_toml("id = \"x\"\nname = \"x\"\n[notification]\nconsider_children_every_months = 6\n")
            .unwrap();
        assert_eq!(own.notification.consider_children_every_months, 6);
        assert_eq!(own.notification.draft_due_days, 1);
    }

    #[test]
    fn every_built_in_profile_is_within_the_bounds() {
        for (id, text) in BUILT_IN {
            assert_eq!(Profile::from_toml(text).map(|p| p.id), Ok(id.to_string()));
        }
    }

    #[test]
    fn a_centres_own_profile_may_not_call_itself_by_a_built_in_id() {
        let text = BUILT_IN[0].1;
        assert_eq!(Profile::own(text), Err(ProfileError::ReservedId("national".into())));
        let renamed = text.replacen("id = \"national\"", "id = \"faxe-eget\"", 1);
        assert_eq!(Profile::own(&renamed).map(|p| p.id), Ok("faxe-eget".to_string()));
    }
}
