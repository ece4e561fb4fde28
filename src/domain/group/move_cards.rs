//! The MOVE gift-card rule (domain.md 7.1): for one citizen's MOVE course,
//! which sessions earned a card, how many cards are still possible, and, for
//! every session that did not earn one, why not.
//!
//! The rule, applied in date order:
//! 1. A session is attended, cancelled with notice, a no-show, or not yet held.
//! 2. The card window is the first `window_sessions` main-phase sessions that
//!    were attended or no-shows; a cancellation uses no place in it.
//! 3. Attendances in the window are counted in groups of
//!    `attendances_per_card` (pairs); the last attendance of a group earns.
//! 4. A no-show breaks the group: the attendances waiting in it are lost.
//! 5. At most `max_cards`; never a card in the follow-up phase.
//!
//! The engine is a pure function of its input: it never panics, and settings
//! that make no sense (see [`MoveCardSettings::validate`]) earn nothing rather
//! than pay out money by accident.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Ore;

/// The gift-card settings of a policy profile (domain.md 7.1 table). A
/// profile that leaves a setting out gets national MOVE's number; the
/// national default has the cards switched off (domain.md 6a).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MoveCardSettings {
    /// Whether the profile gives gift cards at all (domain.md 6a: only
    /// Randers among the shipped profiles).
    pub enabled: bool,
    /// N: how many attended-or-no-show sessions make up the card window.
    pub window_sessions: u32,
    /// Attendances needed for one card (2: "every second attendance").
    pub attendances_per_card: u32,
    /// Cards at most per course.
    pub max_cards: u32,
    /// Face value of one physical card.
    pub card_value: Ore,
}

/// Why a set of gift-card settings cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingsError {
    /// "One card per 0 attendances" has no meaning.
    ZeroAttendancesPerCard,
    /// A card is money handed to the citizen; zero or negative is a typo.
    NonPositiveCardValue { value: Ore },
    /// `max_cards × card_value` does not fit in an [`Ore`].
    TotalTooLarge,
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SettingsError::ZeroAttendancesPerCard => f.write_str("attendances per card must be at least 1"),
            SettingsError::NonPositiveCardValue { value } => {
                write!(f, "card value must be positive, got {value}")
            }
            SettingsError::TotalTooLarge => f.write_str("cards at most × card value is too large"),
        }
    }
}

impl std::error::Error for SettingsError {}

impl Default for MoveCardSettings {
    fn default() -> Self {
        MoveCardSettings::disabled()
    }
}

impl MoveCardSettings {
    /// National MOVE: 12 sessions in the window, a card per 2 attendances,
    /// at most 6 cards of 200 kr.
    pub fn national() -> Self {
        MoveCardSettings {
            enabled: true,
            window_sessions: 12,
            attendances_per_card: 2,
            max_cards: 6,
            card_value: Ore::from_kr(200),
        }
    }

    /// Randers (source 003 in domain.md): 14 sessions in the window, at
    /// most 7 cards of 200 kr.
    pub fn randers() -> Self {
        MoveCardSettings { window_sessions: 14, max_cards: 7, ..Self::national() }
    }

    /// The national numbers, switched off: what the profiles without gift
    /// cards (national default, Faxe, Nyborg, Rødovre; domain.md 6a) carry,
    /// so that switching them on starts from sensible numbers.
    pub fn disabled() -> Self {
        MoveCardSettings { enabled: false, ..Self::national() }
    }

    /// Checks the numbers of an enabled rule. A disabled rule pays nothing,
    /// so its numbers are not checked (a profile may leave them at zero).
    /// [`assess`] treats settings that fail here as disabled.
    pub fn validate(&self) -> Result<(), SettingsError> {
        if !self.enabled {
            return Ok(());
        }
        if self.attendances_per_card == 0 {
            return Err(SettingsError::ZeroAttendancesPerCard);
        }
        if self.card_value.ore() <= 0 {
            return Err(SettingsError::NonPositiveCardValue { value: self.card_value });
        }
        if self.max_total().is_none() {
            return Err(SettingsError::TotalTooLarge);
        }
        Ok(())
    }

    /// The most money one course can earn (1.400 kr in Randers); `None` if
    /// it overflows. Checked so that `money_earned` can never overflow.
    pub fn max_total(&self) -> Option<Ore> {
        self.card_value.ore().checked_mul(i64::from(self.max_cards)).map(Ore)
    }

    /// Whether [`assess`] applies the rule at all.
    fn in_force(&self) -> bool {
        self.enabled && self.validate().is_ok()
    }
}

/// What happened at a held session. Stored and exported by its snake_case
/// id (`attended`, `cancelled`, `no_show`), like the store's other enums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    /// Mødt.
    Attended,
    /// Afbud: cancelled with notice.
    Cancelled,
    /// Udeblevet uden afbud: a no-show without notice.
    NoShow,
}

/// Which part of the MOVE course a session belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Phase {
    /// The 12-14 weekly sessions; the only phase that can earn cards.
    Main,
    /// The 6 months of follow-up treatment: never earns a card.
    FollowUp,
}

/// One session of one citizen's MOVE course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub date: NaiveDate,
    pub phase: Phase,
    /// `None`: not yet held (or not yet registered).
    pub attendance: Option<Attendance>,
}

/// The card verdict on one session, so the UI can say "why not" per row.
///
/// Exactly one label per session. Which labels use a place in the card
/// window: `EarnedCard`, `PartOfPair`, `WaitingForPartner`,
/// `PairBrokenByNoShow`, `CapReached` and `NoShow`; the others use none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SessionOutcome {
    /// Attended, inside the window, below the cap, and completed a pair: this
    /// session earned card number `card_number` (1-based, in date order).
    EarnedCard { card_number: u32 },
    /// Attended, inside the window, below the cap, and its partner came: an
    /// earlier attendance of the pair (or group) that earned card
    /// `card_number` at a later session. It waits for nothing any more.
    PartOfPair { card_number: u32 },
    /// Attended, inside the window, below the cap, and is (part of) a pair
    /// whose partner has not come yet; no no-show has broken it. It still
    /// earns together with a later attendance while the window has places
    /// left (`window_places_used < window_sessions`); once the window is
    /// full it never will ([`CardAssessment::is_window_full`]).
    WaitingForPartner,
    /// Attended, inside the window, below the cap, but was waiting for its
    /// partner when a no-show came (before the partner): the pair is broken
    /// and this attendance counts for nothing (rule 4). The no-show itself is
    /// labelled [`SessionOutcome::NoShow`].
    PairBrokenByNoShow,
    /// Attended or no-show after the window was already full: the first
    /// `window_sessions` counted sessions came before it. Uses no place.
    OutsideWindow,
    /// Attended or no-show inside the window, but `max_cards` cards were
    /// already earned before it.
    CapReached,
    /// A follow-up-phase session, whatever its attendance (even not yet
    /// held): it uses no place and does not touch a waiting pair.
    FollowUpPhase,
    /// Main phase, cancelled with notice (afbud): uses no place and leaves a
    /// waiting attendance waiting (the pair is not broken).
    NotCounted,
    /// Main phase, no-show without notice, inside the window and below the
    /// cap: uses a place, loses the session, and breaks any waiting pair.
    NoShow,
    /// Main phase, no attendance recorded yet: ignored until it is. Note that
    /// registering it later can change the verdict on later sessions.
    NotYetHeld,
    /// The rule is not in force (settings disabled, or invalid per
    /// [`MoveCardSettings::validate`]): every session gets this label.
    CardsDisabled,
}

impl Attendance {
    pub const ALL: [Attendance; 3] = [Attendance::Attended, Attendance::Cancelled, Attendance::NoShow];
}

impl SessionOutcome {
    pub fn earned(self) -> bool {
        matches!(self, SessionOutcome::EarnedCard { .. })
    }

    pub fn card_number(self) -> Option<u32> {
        match self {
            SessionOutcome::EarnedCard { card_number } => Some(card_number),
            _ => None,
        }
    }
}

/// The verdict on a whole course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardAssessment {
    /// Index-aligned with the `sessions` given to [`assess`].
    pub outcomes: Vec<SessionOutcome>,
    pub cards_earned: u32,
    /// How many more cards the rest of the window could still earn if every
    /// remaining place were an attendance, counting attendances now waiting
    /// for a partner, and capped by `max_cards - cards_earned`. Zero once the
    /// follow-up phase has begun (a follow-up session has an attendance
    /// recorded), because no card is earned after that.
    pub cards_still_possible: u32,
    /// `cards_earned × card_value`.
    pub money_earned: Ore,
    /// Places of the window used so far (attended and no-show sessions inside
    /// it); at most `window_sessions`.
    pub window_places_used: u32,
}

impl CardAssessment {
    /// Indices (into the caller's `sessions`) of the sessions that earned a
    /// card, in the caller's order.
    pub fn earned_indices(&self) -> Vec<usize> {
        self.outcomes.iter().enumerate().filter(|(_, o)| o.earned()).map(|(i, _)| i).collect()
    }

    /// Whether every place of the window is used, so that a
    /// `WaitingForPartner` attendance can no longer find its partner.
    pub fn is_window_full(&self, settings: &MoveCardSettings) -> bool {
        self.window_places_used >= settings.window_sessions
    }
}

/// Applies the rule to one citizen's MOVE course. `sessions` may come in any
/// order: they are assessed in date order (equal dates keep the caller's
/// order), and the outcomes come back index-aligned with `sessions`.
pub fn assess(sessions: &[SessionRecord], settings: &MoveCardSettings) -> CardAssessment {
    if !settings.in_force() {
        return CardAssessment {
            outcomes: vec![SessionOutcome::CardsDisabled; sessions.len()],
            cards_earned: 0,
            cards_still_possible: 0,
            money_earned: Ore::ZERO,
            window_places_used: 0,
        };
    }

    // A stable sort keeps the caller's order for sessions on the same date,
    // so the result does not depend on the sort algorithm.
    let mut order: Vec<usize> = (0..sessions.len()).collect();
    order.sort_by_key(|&i| sessions[i].date);

    let per_card = settings.attendances_per_card as usize; // >= 1, validated
    let mut outcomes = vec![SessionOutcome::NotYetHeld; sessions.len()];
    let mut places_used: u32 = 0;
    let mut earned: u32 = 0;
    // Attendances of the current, incomplete pair: kept by index so a no-show
    // can re-label them.
    let mut waiting: Vec<usize> = Vec::new();
    let mut follow_up_started = false;

    for &i in &order {
        let session = &sessions[i];
        let outcome = match (session.phase, session.attendance) {
            (Phase::FollowUp, attendance) => {
                follow_up_started |= attendance.is_some();
                SessionOutcome::FollowUpPhase
            }
            (Phase::Main, None) => SessionOutcome::NotYetHeld,
            (Phase::Main, Some(Attendance::Cancelled)) => SessionOutcome::NotCounted,
            (Phase::Main, Some(_)) if places_used >= settings.window_sessions => SessionOutcome::OutsideWindow,
            (Phase::Main, Some(_)) if earned >= settings.max_cards => {
                places_used += 1;
                SessionOutcome::CapReached
            }
            (Phase::Main, Some(Attendance::NoShow)) => {
                places_used += 1;
                for w in waiting.drain(..) {
                    outcomes[w] = SessionOutcome::PairBrokenByNoShow;
                }
                SessionOutcome::NoShow
            }
            (Phase::Main, Some(Attendance::Attended)) => {
                places_used += 1;
                waiting.push(i);
                if waiting.len() >= per_card {
                    earned += 1;
                    // The pair is complete: its earlier attendances wait no more.
                    for w in waiting.drain(..).filter(|w| *w != i) {
                        outcomes[w] = SessionOutcome::PartOfPair { card_number: earned };
                    }
                    SessionOutcome::EarnedCard { card_number: earned }
                } else {
                    SessionOutcome::WaitingForPartner
                }
            }
        };
        outcomes[i] = outcome;
    }

    let cards_still_possible = if follow_up_started {
        0
    } else {
        // u64: `waiting + remaining` may exceed u32 with extreme settings.
        let remaining = u64::from(settings.window_sessions.saturating_sub(places_used));
        let by_places = (waiting.len() as u64 + remaining) / per_card as u64;
        let by_cap = u64::from(settings.max_cards.saturating_sub(earned));
        // The minimum is at most `by_cap`, which came from a u32.
        u32::try_from(by_places.min(by_cap)).unwrap_or(u32::MAX)
    };

    // Cannot overflow: earned <= max_cards and validate() checked the total.
    let money_earned = settings.card_value.ore().checked_mul(i64::from(earned)).map_or(Ore(i64::MAX), Ore);

    CardAssessment {
        outcomes,
        cards_earned: earned,
        cards_still_possible,
        money_earned,
        window_places_used: places_used,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use Attendance::{Attended as A, Cancelled as C, NoShow as N};
    use SessionOutcome as O;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 6).unwrap() + chrono::Duration::days(n)
    }

    /// Weekly main-phase sessions from a pattern such as "ANAA"
    /// (A attended, C cancelled, N no-show, - not yet held).
    fn course(pattern: &str) -> Vec<SessionRecord> {
        pattern
            .chars()
            .enumerate()
            .map(|(i, ch)| SessionRecord {
                date: day(7 * i as i64),
                phase: Phase::Main,
                attendance: match ch {
                    'A' => Some(A),
                    'C' => Some(C),
                    'N' => Some(N),
                    _ => None,
                },
            })
            .collect()
    }

    fn earned_at(assessment: &CardAssessment) -> Vec<usize> {
        // 1-based session numbers, as in domain.md.
        assessment.earned_indices().into_iter().map(|i| i + 1).collect()
    }

    #[test]
    fn randers_fourteen_attendances_earn_seven_cards_at_every_second() {
        let a = assess(&course(&"A".repeat(14)), &MoveCardSettings::randers());
        assert_eq!(a.cards_earned, 7);
        assert_eq!(earned_at(&a), vec![2, 4, 6, 8, 10, 12, 14]);
        assert_eq!(a.money_earned, Ore::from_kr(1_400));
        assert_eq!(a.cards_still_possible, 0);
        assert_eq!(a.window_places_used, 14);
        for (i, o) in a.outcomes.iter().enumerate() {
            if i.is_multiple_of(2) {
                assert_eq!(*o, O::PartOfPair { card_number: i as u32 / 2 + 1 });
            } else {
                assert_eq!(*o, O::EarnedCard { card_number: i as u32 / 2 + 1 });
            }
        }
    }

    #[test]
    fn randers_a_no_show_breaks_the_pair() {
        let a = assess(&course("ANAA"), &MoveCardSettings::randers());
        assert_eq!(
            a.outcomes,
            vec![O::PairBrokenByNoShow, O::NoShow, O::PartOfPair { card_number: 1 }, O::EarnedCard { card_number: 1 }]
        );
        assert_eq!(a.cards_earned, 1);
        assert_eq!(earned_at(&a), vec![4]);
        // 10 places left, nothing waiting: 5 more cards, capped by 7 - 1 = 6.
        assert_eq!(a.window_places_used, 4);
        assert_eq!(a.cards_still_possible, 5);
    }

    #[test]
    fn randers_a_cancellation_keeps_the_pair() {
        let a = assess(&course("ACA"), &MoveCardSettings::randers());
        assert_eq!(a.outcomes, vec![O::PartOfPair { card_number: 1 }, O::NotCounted, O::EarnedCard { card_number: 1 }]);
        assert_eq!(earned_at(&a), vec![3]);
        assert_eq!(a.window_places_used, 2);
    }

    #[test]
    fn randers_sixteen_attendances_earn_seven_and_the_last_two_are_outside() {
        let a = assess(&course(&"A".repeat(16)), &MoveCardSettings::randers());
        assert_eq!(a.cards_earned, 7);
        assert_eq!(a.outcomes[14], O::OutsideWindow);
        assert_eq!(a.outcomes[15], O::OutsideWindow);
        assert_eq!(a.window_places_used, 14);
    }

    #[test]
    fn national_twelve_attendances_earn_six() {
        let a = assess(&course(&"A".repeat(12)), &MoveCardSettings::national());
        assert_eq!(a.cards_earned, 6);
        assert_eq!(earned_at(&a), vec![2, 4, 6, 8, 10, 12]);
        assert_eq!(a.money_earned, Ore::from_kr(1_200));
        let a = assess(&course(&"A".repeat(14)), &MoveCardSettings::national());
        assert_eq!(a.cards_earned, 6);
        assert_eq!(&a.outcomes[12..], &[O::OutsideWindow, O::OutsideWindow]);
    }

    #[test]
    fn follow_up_sessions_never_earn_and_end_the_chances() {
        let mut sessions = course("AAA");
        for k in 0..4 {
            sessions.push(SessionRecord { date: day(100 + 7 * k), phase: Phase::FollowUp, attendance: Some(A) });
        }
        let a = assess(&sessions, &MoveCardSettings::randers());
        assert_eq!(a.cards_earned, 1);
        assert_eq!(a.outcomes[2], O::WaitingForPartner);
        assert!(a.outcomes[3..].iter().all(|o| *o == O::FollowUpPhase));
        assert_eq!(a.cards_still_possible, 0);

        // Planned (not held) follow-up sessions do not yet end the chances.
        let mut planned = course("AAA");
        planned.push(SessionRecord { date: day(100), phase: Phase::FollowUp, attendance: None });
        let a = assess(&planned, &MoveCardSettings::randers());
        assert_eq!(a.outcomes[3], O::FollowUpPhase);
        // 11 places left + 1 waiting = 12 attendances = 6 more cards.
        assert_eq!(a.cards_still_possible, 6);
    }

    #[test]
    fn disabled_settings_earn_nothing() {
        let a = assess(&course(&"A".repeat(14)), &MoveCardSettings::disabled());
        assert_eq!(a.cards_earned, 0);
        assert_eq!(a.money_earned, Ore::ZERO);
        assert_eq!(a.cards_still_possible, 0);
        assert!(a.outcomes.iter().all(|o| *o == O::CardsDisabled));
    }

    #[test]
    fn invalid_settings_pay_nothing() {
        let zero_per_card = MoveCardSettings { attendances_per_card: 0, ..MoveCardSettings::randers() };
        assert_eq!(zero_per_card.validate(), Err(SettingsError::ZeroAttendancesPerCard));
        let negative = MoveCardSettings { card_value: Ore(-100), ..MoveCardSettings::randers() };
        assert_eq!(negative.validate(), Err(SettingsError::NonPositiveCardValue { value: Ore(-100) }));
        let huge = MoveCardSettings { card_value: Ore(i64::MAX), ..MoveCardSettings::randers() };
        assert_eq!(huge.validate(), Err(SettingsError::TotalTooLarge));
        for s in [zero_per_card, negative, huge] {
            let a = assess(&course("AAAA"), &s);
            assert_eq!(a.cards_earned, 0);
            assert!(a.outcomes.iter().all(|o| *o == O::CardsDisabled));
        }
        // A disabled profile may leave its numbers at zero.
        let off = MoveCardSettings {
            enabled: false,
            window_sessions: 0,
            attendances_per_card: 0,
            max_cards: 0,
            card_value: Ore::ZERO,
        };
        assert_eq!(off.validate(), Ok(()));
    }

    #[test]
    fn outcomes_come_back_in_the_callers_order() {
        let mut sessions = course("ANAA");
        sessions.reverse();
        let a = assess(&sessions, &MoveCardSettings::randers());
        assert_eq!(
            a.outcomes,
            vec![O::EarnedCard { card_number: 1 }, O::PartOfPair { card_number: 1 }, O::NoShow, O::PairBrokenByNoShow]
        );
    }

    #[test]
    fn equal_dates_keep_the_callers_order() {
        let mut sessions = course("AN");
        sessions[1].date = sessions[0].date;
        let a = assess(&sessions, &MoveCardSettings::randers());
        assert_eq!(a.outcomes, vec![O::PairBrokenByNoShow, O::NoShow]);
        sessions.swap(0, 1);
        let a = assess(&sessions, &MoveCardSettings::randers());
        assert_eq!(a.outcomes, vec![O::NoShow, O::WaitingForPartner]);
    }

    #[test]
    fn cap_and_window_labels() {
        let cap_two = MoveCardSettings { max_cards: 2, ..MoveCardSettings::randers() };
        let a = assess(&course("AAAANAA"), &cap_two);
        assert_eq!(a.cards_earned, 2);
        assert_eq!(&a.outcomes[4..], &[O::CapReached, O::CapReached, O::CapReached]);
        assert_eq!(a.cards_still_possible, 0);
        assert_eq!(a.window_places_used, 7);

        // The window closes on an attendance waiting for a partner.
        let a = assess(
            &course(&"A".repeat(13)),
            &MoveCardSettings { max_cards: 10, window_sessions: 13, ..MoveCardSettings::randers() },
        );
        assert_eq!(a.outcomes[12], O::WaitingForPartner);
        assert!(a.is_window_full(&MoveCardSettings { window_sessions: 13, ..MoveCardSettings::randers() }));
        assert_eq!(a.cards_still_possible, 0);
    }

    #[test]
    fn not_yet_held_sessions_are_skipped() {
        let a = assess(&course("A-A--"), &MoveCardSettings::randers());
        assert_eq!(
            a.outcomes,
            vec![
                O::PartOfPair { card_number: 1 },
                O::NotYetHeld,
                O::EarnedCard { card_number: 1 },
                O::NotYetHeld,
                O::NotYetHeld
            ]
        );
        assert_eq!(a.window_places_used, 2);
        assert_eq!(a.cards_still_possible, 6);
    }

    #[test]
    fn three_attendances_per_card_break_all_waiting() {
        let three = MoveCardSettings { attendances_per_card: 3, ..MoveCardSettings::randers() };
        let a = assess(&course("AANAAA"), &three);
        assert_eq!(
            a.outcomes,
            vec![
                O::PairBrokenByNoShow,
                O::PairBrokenByNoShow,
                O::NoShow,
                O::PartOfPair { card_number: 1 },
                O::PartOfPair { card_number: 1 },
                O::EarnedCard { card_number: 1 }
            ]
        );
    }

    #[test]
    fn empty_course() {
        let a = assess(&[], &MoveCardSettings::randers());
        assert!(a.outcomes.is_empty());
        assert_eq!(a.cards_still_possible, 7);
        assert_eq!(MoveCardSettings::randers().max_total(), Some(Ore::from_kr(1_400)));
    }

    // ---- properties ----------------------------------------------------

    fn arb_attendance() -> impl Strategy<Value = Option<Attendance>> {
        prop_oneof![
            5 => Just(Some(A)),
            2 => Just(Some(C)),
            2 => Just(Some(N)),
            1 => Just(None),
        ]
    }

    fn arb_phase() -> impl Strategy<Value = Phase> {
        prop_oneof![6 => Just(Phase::Main), 1 => Just(Phase::FollowUp)]
    }

    fn arb_session() -> impl Strategy<Value = SessionRecord> {
        (0i64..40, arb_phase(), arb_attendance()).prop_map(|(d, phase, attendance)| SessionRecord {
            date: day(d),
            phase,
            attendance,
        })
    }

    fn arb_sessions() -> impl Strategy<Value = Vec<SessionRecord>> {
        prop::collection::vec(arb_session(), 0..40)
    }

    /// Mostly sensible settings, sometimes extreme or invalid ones: the
    /// engine must never panic and never pay out under invalid settings.
    fn arb_settings() -> impl Strategy<Value = MoveCardSettings> {
        let count = || prop_oneof![8 => 0u32..20, 1 => Just(u32::MAX)];
        let value = prop_oneof![
            8 => (1i64..100_000).prop_map(Ore),
            1 => (-1_000i64..=0).prop_map(Ore),
            1 => Just(Ore(i64::MAX)),
            1 => Just(Ore(i64::MIN)),
        ];
        (
            prop::bool::weighted(0.9),
            count(),
            prop_oneof![8 => 1u32..4, 1 => Just(0u32), 1 => Just(u32::MAX)],
            count(),
            value,
        )
            .prop_map(|(enabled, window_sessions, attendances_per_card, max_cards, card_value)| {
                MoveCardSettings { enabled, window_sessions, attendances_per_card, max_cards, card_value }
            })
    }

    proptest! {
        #[test]
        fn basic_invariants(sessions in arb_sessions(), settings in arb_settings()) {
            let a = assess(&sessions, &settings);
            prop_assert_eq!(a.outcomes.len(), sessions.len());
            prop_assert!(a.cards_earned <= settings.max_cards);
            prop_assert!(a.cards_earned.saturating_add(a.cards_still_possible) <= settings.max_cards);
            prop_assert!(a.window_places_used <= settings.window_sessions);
            // Money is exactly cards × value.
            prop_assert_eq!(Some(a.money_earned.ore()), settings.card_value.ore().checked_mul(i64::from(a.cards_earned)));
            // The count agrees with the labels, numbered 1..=n in date order.
            let mut numbered: Vec<(NaiveDate, usize, u32)> = a.outcomes.iter().enumerate()
                .filter_map(|(i, o)| o.card_number().map(|n| (sessions[i].date, i, n)))
                .collect();
            prop_assert_eq!(numbered.len() as u32, a.cards_earned);
            numbered.sort();
            for (k, (_, _, n)) in numbered.iter().enumerate() {
                prop_assert_eq!(*n, k as u32 + 1);
            }
            for (s, o) in sessions.iter().zip(&a.outcomes) {
                if !settings.enabled || settings.validate().is_err() {
                    prop_assert_eq!(*o, O::CardsDisabled);
                    continue;
                }
                if s.phase == Phase::FollowUp {
                    prop_assert_eq!(*o, O::FollowUpPhase);
                }
                match s.attendance {
                    Some(A) | None if s.phase == Phase::Main => prop_assert!(*o != O::NoShow && *o != O::NotCounted),
                    Some(C) if s.phase == Phase::Main => prop_assert_eq!(*o, O::NotCounted),
                    Some(N) if s.phase == Phase::Main => prop_assert!(matches!(*o, O::NoShow | O::OutsideWindow | O::CapReached)),
                    _ => {}
                }
            }
            if !settings.enabled || settings.validate().is_err() {
                prop_assert_eq!(a.cards_earned, 0);
                prop_assert_eq!(a.money_earned, Ore::ZERO);
            }
        }

        #[test]
        fn inserting_a_cancellation_changes_nothing(
            sessions in arb_sessions(),
            settings in arb_settings(),
            at in any::<prop::sample::Index>(),
            d in 0i64..40,
            phase in arb_phase(),
        ) {
            let before = assess(&sessions, &settings);
            let pos = at.index(sessions.len() + 1);
            let mut more = sessions.clone();
            more.insert(pos, SessionRecord { date: day(d), phase, attendance: Some(C) });
            let after = assess(&more, &settings);
            prop_assert_eq!(after.cards_earned, before.cards_earned);
            prop_assert_eq!(after.money_earned, before.money_earned);
            prop_assert_eq!(after.window_places_used, before.window_places_used);
            // Every other session keeps its verdict.
            let mut others = after.outcomes.clone();
            others.remove(pos);
            prop_assert_eq!(others, before.outcomes);
        }

        #[test]
        fn appending_an_attendance_keeps_earlier_cards(
            sessions in arb_sessions(),
            settings in arb_settings(),
            later in 0i64..5,
        ) {
            let before = assess(&sessions, &settings);
            let last = sessions.iter().map(|s| s.date).max().unwrap_or(day(0));
            let mut more = sessions.clone();
            more.push(SessionRecord { date: last + chrono::Duration::days(later), phase: Phase::Main, attendance: Some(A) });
            let after = assess(&more, &settings);
            prop_assert!(after.cards_earned >= before.cards_earned);
            for (i, o) in before.outcomes.iter().enumerate() {
                if o.earned() {
                    prop_assert_eq!(after.outcomes[i], *o);
                }
            }
        }

        /// The wording: adding an attendance anywhere (not only at
        /// the end) never removes a card earned before it. "Before" is the
        /// assessment order: an earlier date, or the same date and earlier
        /// in the caller's order. (Later cards can move: an attendance can
        /// push a later one out of the window.)
        #[test]
        fn inserting_an_attendance_keeps_every_card_earned_before_it(
            sessions in arb_sessions(),
            settings in arb_settings(),
            at in any::<prop::sample::Index>(),
            d in 0i64..40,
            phase in arb_phase(),
        ) {
            let before = assess(&sessions, &settings);
            let pos = at.index(sessions.len() + 1);
            let mut more = sessions.clone();
            more.insert(pos, SessionRecord { date: day(d), phase, attendance: Some(A) });
            let after = assess(&more, &settings);
            prop_assert!(after.cards_earned >= before.outcomes.iter().enumerate()
                .filter(|(i, o)| o.earned() && (sessions[*i].date < day(d) || (sessions[*i].date == day(d) && *i < pos)))
                .count() as u32);
            for (i, o) in before.outcomes.iter().enumerate() {
                let earlier = sessions[i].date < day(d) || (sessions[i].date == day(d) && i < pos);
                if o.earned() && earlier {
                    let j = if i < pos { i } else { i + 1 };
                    prop_assert_eq!(after.outcomes[j], *o);
                }
            }
        }

        #[test]
        fn input_order_does_not_matter_for_distinct_dates(
            days in prop::collection::btree_set(0i64..200, 0..30),
            kinds in prop::collection::vec((arb_phase(), arb_attendance()), 30),
            settings in arb_settings(),
            seed in any::<u64>(),
        ) {
            let sessions: Vec<SessionRecord> = days.iter().zip(&kinds)
                .map(|(d, (phase, attendance))| SessionRecord { date: day(*d), phase: *phase, attendance: *attendance })
                .collect();
            // A cheap deterministic shuffle from the seed.
            let mut perm: Vec<usize> = (0..sessions.len()).collect();
            let mut x = seed | 1;
            for i in (1..perm.len()).rev() {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                perm.swap(i, (x % (i as u64 + 1)) as usize);
            }
            let shuffled: Vec<SessionRecord> = perm.iter().map(|&i| sessions[i].clone()).collect();
            let a = assess(&sessions, &settings);
            let b = assess(&shuffled, &settings);
            prop_assert_eq!(a.cards_earned, b.cards_earned);
            prop_assert_eq!(a.cards_still_possible, b.cards_still_possible);
            for (k, &i) in perm.iter().enumerate() {
                prop_assert_eq!(b.outcomes[k], a.outcomes[i]);
            }
        }

        /// "Still possible" is exact: filling every remaining place of the
        /// window with attendances earns exactly that many more cards.
        #[test]
        fn still_possible_is_what_a_full_attendance_would_earn(
            sessions in arb_sessions(),
            (window_sessions, attendances_per_card, max_cards, value) in (0u32..20, 1u32..4, 0u32..20, 1i64..100_000),
        ) {
            let settings = MoveCardSettings { enabled: true, window_sessions, attendances_per_card, max_cards, card_value: Ore(value) };
            // Follow-up sessions only planned: the main phase is still open.
            let sessions: Vec<SessionRecord> = sessions
                .into_iter()
                .map(|s| if s.phase == Phase::FollowUp { SessionRecord { attendance: None, ..s } } else { s })
                .collect();
            let before = assess(&sessions, &settings);
            let remaining = settings.window_sessions.saturating_sub(before.window_places_used);
            let last = sessions.iter().map(|s| s.date).max().unwrap_or(day(0));
            let mut more = sessions.clone();
            for k in 0..remaining {
                more.push(SessionRecord { date: last + chrono::Duration::days(1 + i64::from(k)), phase: Phase::Main, attendance: Some(A) });
            }
            let after = assess(&more, &settings);
            prop_assert_eq!(after.cards_earned, before.cards_earned + before.cards_still_possible);
        }
    }
}
