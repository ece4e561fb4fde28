//! Import files refused at the record and field that is wrong, writing
//! nothing. Each bad file is a valid base file with one small edit: the
//! minimal file (`tests/valid_imports/minimal.json`, with intake and stay
//! records) for the tables' first part, and the MOVE group fixture
//! (`tests/fixtures/move_group.json`) for Grupper's records.

use std::fs;

use sagsbord::domain::intake::ContactKind;
use sagsbord::domain::money::Ore;
use sagsbord::store::{Store, StoreError, exchange};
use serde_json::{Value, json};

use crate::common::patch::{Edit, apply, push, remove, set};
use crate::common::{count, date, fixture, fresh, manifest, open_db, test_centre};

/// A bad import file: how it is made, and where and why it is refused.
struct Bad {
    name: &'static str,
    /// The file's text.
    text: String,
    /// The record and field the import must name (`StoreError::Import::at`).
    at: &'static str,
    /// A part of the message that says what is wrong.
    says: &'static str,
}

fn minimal_text() -> String {
    fs::read_to_string(manifest("tests/valid_imports/minimal.json")).unwrap()
}

fn move_group_text() -> String {
    fs::read_to_string(fixture("move_group.json")).unwrap()
}

/// `base` with `edits`, written as an export file is.
fn edited(base: &Value, edits: &[Edit]) -> String {
    serde_json::to_string_pretty(&apply(base, edits)).unwrap()
}

/// Every way an intake or stay record can be wrong, as an edit of the
/// minimal file.
fn bad_files() -> Vec<Bad> {
    let text = minimal_text();
    let base: Value = serde_json::from_str(&text).unwrap();
    let bad = |name, edits: &[Edit], at, says| Bad { name, text: edited(&base, edits), at, says };
    // The file cut off inside the centre's record.
    let cut = text.find("\"name\": \"Rusmiddelcenter Prøve\",").unwrap();
    let truncated = text[..=(text[cut..].find('\n').unwrap() + cut)].to_string();
    vec![
        bad(
            "anonymous_case_for_named_citizen",
            &[set("/cases/0/kind", "anonymous")],
            "cases[0].kind",
            "anonyme sager hører til borgere med pseudonym",
        ),
        bad("anonymous_with_cpr", &[set("/citizens/1/cpr", "150390-1230")], "citizens[1].cpr", "intet CPR-nummer"),
        bad("duplicate_case_id", &[set("/cases/1/id", 1)], "cases[1].id", "id 1 er ikke positivt og entydigt"),
        bad("duplicate_citizen_id", &[set("/citizens/1/id", 1)], "citizens[1].id", "id 1 er ikke positivt og entydigt"),
        bad(
            "duplicate_cpr",
            &[push(
                "/citizens",
                json!({ "id": 3, "name": "Ida Prøvesen", "cpr": "1503901230", "home_municipality": "Randers" }),
            )],
            "citizens[2].cpr",
            "står ved to borgere",
        ),
        bad(
            "duplicate_event_id",
            &[set("/case_events/2/id", 2)],
            "case_events[2].id",
            "id 2 er ikke positivt og entydigt",
        ),
        bad(
            "duplicate_price_day",
            &[set("/provider_prices/1/service", "treatment")],
            "provider_prices[1].valid_from",
            "allerede en pris for ydelsen fra den dag",
        ),
        bad(
            "duplicate_substance",
            &[push("/cases/0/substances", "cannabis")],
            "cases[0].substances",
            "et rusmiddel står to gange",
        ),
        bad("empty_counsellor", &[set("/cases/1/counsellor", "  ")], "cases[1].counsellor", "mangler"),
        bad("empty_event_actor", &[set("/case_events/2/actor", "")], "case_events[2].actor", "mangler"),
        bad(
            "event_before_contact",
            &[set("/case_events/1/on", "2026-03-09")],
            "case_events[1].on",
            "før sagens første henvendelse",
        ),
        bad(
            "event_for_unknown_case",
            &[set("/case_events/2/case_id", 7)],
            "case_events[2].case_id",
            "sag 7 findes ikke",
        ),
        bad(
            "invalid_cpr_date",
            &[set("/citizens/0/cpr", "300290-1234")],
            "citizens[0].cpr",
            "fødselsdato 30.02.1990 findes ikke",
        ),
        bad(
            "invalid_date",
            &[set("/cases/0/contact_at", "2026-02-30T09:30:00")],
            "cases[0].contact_at",
            "out of range",
        ),
        bad(
            "invalid_recorded_at",
            &[set("/case_events/0/recorded_at", "i går")],
            "case_events[0].recorded_at",
            "forventede UTC-tid",
        ),
        bad("missing_event_actor", &[remove("/case_events/1/actor")], "case_events[1].actor", "missing field `actor`"),
        bad(
            "missing_required_field",
            &[remove("/cases/0/counsellor")],
            "cases[0].counsellor",
            "missing field `counsellor`",
        ),
        bad(
            "name_and_pseudonym",
            &[set("/citizens/0/pseudonym", "Ugle")],
            "citizens[0].name",
            "enten et navn eller et pseudonym",
        ),
        bad("negative_price", &[set("/provider_prices/0/amount", -1)], "provider_prices[0].amount", "negativt"),
        Bad {
            name: "not_json",
            text: "id;navn;cpr;kommune\n1;Ida Prøvesen;150390-1230;Randers\n".into(),
            at: "filen",
            says: "expected value",
        },
        // 201,500 øre is food for 31 days, 31 × 6,500, before it is lowered
        // to the 200,000 øre the citizen can pay (see the minimal file's test).
        bad(
            "own_payment_not_as_calculated",
            &[set("/stays/0/own_payment/per_month", 201_500)],
            "stays[0].own_payment.per_month",
            "beregningen giver 200000 øre",
        ),
        bad(
            "price_for_unknown_provider",
            &[set("/provider_prices/1/provider_id", 2)],
            "provider_prices[1].provider_id",
            "leverandør 2 findes ikke",
        ),
        bad(
            "report_of_planned_end",
            &[set("/stays/0/ended/kind", "planned")],
            "stays[0].ended.reported_on",
            "kun ved afbrudt ophold",
        ),
        bad(
            "stay_ended_before_start",
            &[set("/stays/0/ended/on", "2026-03-13"), set("/stays/0/ended/reported_on", Value::Null)],
            "stays[0].ended.on",
            "før starten",
        ),
        bad(
            "stay_event_unknown_kind",
            &[set("/stay_events/1/kind", "approved")],
            "stay_events[1].kind",
            "ukendt hændelse 'approved'",
        ),
        bad("stay_for_anonymous_case", &[set("/stays/0/case_id", 2)], "stays[0].case_id", "borgers eget forløb"),
        bad("stay_for_unknown_case", &[set("/stays/0/case_id", 9)], "stays[0].case_id", "sag 9 findes ikke"),
        bad(
            "stay_started_without_approval",
            &[set("/stays/0/decision/approved", false), set("/stays/0/decision/note", "Afslag")],
            "stays[0].started_on",
            "efter en bevilling",
        ),
        bad("stay_without_services", &[set("/stays/0/services", json!([]))], "stays[0].services", "mindst én ydelse"),
        bad(
            "step_before_contact",
            &[set("/cases/0/consent_on", "2026-03-09")],
            "cases[0].consent_on",
            "før første henvendelse",
        ),
        Bad { name: "truncated", text: truncated, at: "centre", says: "EOF while parsing" },
        bad("unknown_citizen", &[set("/cases/0/citizen_id", 9)], "cases[0].citizen_id", "borger 9 findes ikke"),
        bad("unknown_enum_value", &[set("/cases/0/channel", "fax")], "cases[0].channel", "unknown variant `fax`"),
        bad(
            "unknown_event_kind",
            &[set("/case_events/1/kind", "phoned")],
            "case_events[1].kind",
            "ukendt hændelse 'phoned'",
        ),
        bad("unknown_field", &[set("/cases/1/priority", "high")], "cases[1].priority", "unknown field `priority`"),
        bad(
            "unknown_field_in_reason",
            &[set("/cases/0/closed", json!({ "on": "2026-03-12", "reason": "Ønskede ikke behandling", "by": "anna" }))],
            "cases[0].closed.by",
            "unknown field `by`",
        ),
        bad("unknown_profile", &[set("/centre/profile", "aarhus")], "centre.profile", "ukendt profil 'aarhus'"),
        bad(
            "unknown_service",
            &[set("/stays/0/services/0", "transport")],
            "stays[0].services[0]",
            "unknown variant `transport`",
        ),
        bad(
            "unknown_substance",
            &[push("/cases/0/substances", "alcohol")],
            "cases[0].substances[1]",
            "unknown variant `alcohol`",
        ),
        bad("unknown_version", &[set("/version", 2)], "version", "formatversion 2 kendes ikke"),
        bad("wrong_format_name", &[set("/format", "sagsbog")], "format", "forventede \"sagsbord\""),
    ]
}

/// A gift-card ledger entry of the MOVE fixture's day, appended as id 14.
fn ledger_entry(serial: &str, kind: &str, case: Option<i64>, attendance: Option<i64>, reason: Option<&str>) -> Value {
    json!({
        "id": 14, "serial": serial, "value": 20000, "on": "2026-03-16", "actor": "anna", "kind": kind,
        "case_id": case, "attendance_id": attendance, "reason": reason, "corrects_entry": null,
        "recorded_at": "2026-03-16T10:40:00Z"
    })
}

/// Every way a Grupper record can be wrong, as an edit of the MOVE fixture.
fn bad_group_files() -> Vec<Bad> {
    let base: Value = serde_json::from_str(&move_group_text()).unwrap();
    let bad = |name, edits: &[Edit], at, says| Bad { name, text: edited(&base, edits), at, says };
    let mut correction = ledger_entry("MOVE-0004", "correction", None, None, Some("fejl"));
    correction["corrects_entry"] = json!(99);
    vec![
        bad(
            "anonymous_case_in_named_group",
            &[push(
                "/group_members",
                json!({ "id": 4, "group_id": 1, "case_id": 3, "joined_on": "2026-02-02", "left_on": null }),
            )],
            "group_members[3].case_id",
            "anonyme gruppe (§101a) har kun anonyme sager",
        ),
        bad(
            "attendance_at_cancelled_session",
            &[set("/group_sessions/0/cancelled", json!({ "on": "2026-02-01", "reason": "Sygdom" }))],
            "attendances[0].session_id",
            "mødegangen er aflyst",
        ),
        bad(
            "attendance_of_non_member",
            &[push(
                "/attendances",
                json!({
                    "id": 11, "case_id": 3, "session_id": 6, "course_id": null, "on": null, "status": "attended",
                    "actor": "anna", "recorded_at": "2026-03-16T10:30:00Z"
                }),
            )],
            "attendances[10].case_id",
            "ikke medlem af gruppen den dag",
        ),
        bad(
            "correction_of_unknown_entry",
            &[push("/gift_card_ledger", correction)],
            "gift_card_ledger[13].corrects_entry",
            "ingen post 99",
        ),
        bad(
            "course_for_anonymous_case",
            &[push(
                "/move_courses",
                json!({ "id": 3, "case_id": 3, "screening_on": "2026-02-05", "follow_up_from": null, "ended": null }),
            )],
            "move_courses[2].case_id",
            "egen §101-behandling",
        ),
        bad(
            "duplicate_group_name",
            &[set("/groups/1/name", "move MANDAG")],
            "groups[1].name",
            "to grupper med samme navn",
        ),
        bad(
            "edited_card_value",
            &[set("/gift_card_ledger/12/value", 10_000)],
            "gift_card_ledger[12].value",
            "Post 13 passer ikke til sit kort",
        ),
        bad(
            "hand_out_before_receipt",
            &[set("/gift_card_ledger/10/on", "2026-01-31")],
            "gift_card_ledger[10].on",
            "Datoen ligger før 01.02.2026",
        ),
        bad(
            "hand_out_for_unknown_attendance",
            &[set("/gift_card_ledger/10/attendance_id", 77)],
            "gift_card_ledger[10].attendance_id",
            "fremmøde 77 findes ikke",
        ),
        bad(
            "hand_out_of_card_not_in_stock",
            &[push("/gift_card_ledger", ledger_entry("MOVE-0001", "handed_out", Some(1), Some(9), None))],
            "gift_card_ledger[13].serial",
            "MOVE-0001 er ikke på lager",
        ),
        bad(
            "hand_out_without_case",
            &[set("/gift_card_ledger/10/case_id", Value::Null)],
            "gift_card_ledger[10].case_id",
            "mangler",
        ),
        bad(
            "individual_session_of_another_case",
            &[push(
                "/attendances",
                json!({
                    "id": 11, "case_id": 1, "session_id": null, "course_id": 2, "on": "2026-03-12",
                    "status": "attended", "actor": "anna", "recorded_at": "2026-03-12T10:30:00Z"
                }),
            )],
            "attendances[10].course_id",
            "forløbet hører til en anden sag",
        ),
        bad(
            "ledger_ids_out_of_order",
            &[set("/gift_card_ledger/11/id", 5)],
            "gift_card_ledger[11].id",
            "Post 5 kommer ikke efter post 11",
        ),
        bad(
            "member_twice_at_once",
            &[push(
                "/group_members",
                json!({ "id": 4, "group_id": 1, "case_id": 1, "joined_on": "2026-03-01", "left_on": null }),
            )],
            "group_members[3].case_id",
            "allerede medlem af gruppen i perioden",
        ),
        bad(
            "named_case_in_anonymous_group",
            &[set("/group_members/2/case_id", 2)],
            "group_members[2].case_id",
            "anonyme gruppe (§101a) har kun anonyme sager",
        ),
        bad(
            "reason_on_a_receipt",
            &[set("/gift_card_ledger/0/reason", "leveret")],
            "gift_card_ledger[0].reason",
            "hører ikke til en post af typen received",
        ),
        bad(
            "relative_in_group",
            &[set("/group_members/1/case_id", 4)],
            "group_members[1].case_id",
            "pårørende og samarbejdspartnere er ikke med i grupper",
        ),
        bad(
            "session_time_not_a_clock",
            &[set("/group_sessions/2/time", "10.00")],
            "group_sessions[2].time",
            "forventede et klokkeslæt",
        ),
        bad(
            "two_cards_for_one_attendance",
            &[push("/gift_card_ledger", ledger_entry("MOVE-0005", "handed_out", Some(1), Some(3), None))],
            "gift_card_ledger[13].attendance_id",
            "har allerede fået sit kort",
        ),
        bad(
            "two_open_courses",
            &[push(
                "/move_courses",
                json!({ "id": 3, "case_id": 1, "screening_on": "2026-03-01", "follow_up_from": null, "ended": null }),
            )],
            "move_courses[2].case_id",
            "allerede et åbent MOVE-forløb",
        ),
        bad(
            "two_sessions_on_one_day",
            &[set("/group_sessions/1/on", "2026-02-09")],
            "group_sessions[1].on",
            "allerede en mødegang den dag",
        ),
        bad(
            "unknown_attendance_status",
            &[set("/attendances/0/status", "late")],
            "attendances[0].status",
            "unknown variant `late`",
        ),
        bad("unknown_weekday", &[set("/groups/0/weekday", "mandag")], "groups[0].weekday", "ukendt ugedag 'mandag'"),
        bad(
            "void_without_reason",
            &[push("/gift_card_ledger", ledger_entry("MOVE-0009", "voided", None, None, None))],
            "gift_card_ledger[13].reason",
            "mangler",
        ),
    ]
}

/// The minimal file with case 1 in treatment, its first plan, its course
/// ended (completed, Randers: calls after 1 and 6 months) and both calls:
/// every record the plan and ending forms would have written.
fn course_base() -> Value {
    let base: Value = serde_json::from_str(&minimal_text()).unwrap();
    apply(
        &base,
        &[
            set("/cases/0/treatment_started_on", "2026-03-12"),
            set("/cases/0/closed", json!({ "on": "2026-03-16", "reason": "Forløbet er afsluttet" })),
            set(
                "/plan_versions",
                json!([{
                    "id": 1, "case_id": 1, "version": 1, "effective_on": "2026-03-12",
                    "next_revision_on": "2026-09-12",
                    "goals": [{ "area": "main", "text": "Stoffrihed (hash)", "status": "in_progress" }],
                    "services": "Samtaler hver uge", "action_plan": "undecided", "citizen_took_part": true,
                    "actor": "anna", "recorded_at": "2026-03-12T11:00:00Z"
                }]),
            ),
            set(
                "/course_endings",
                json!([{
                    "case_id": 1, "ended_on": "2026-03-16", "reason": "completed",
                    "actor": "anna", "recorded_at": "2026-03-16T12:00:00Z"
                }]),
            ),
            set(
                "/follow_up_calls",
                json!([
                    { "id": 1, "case_id": 1, "months": 1, "due_on": "2026-04-16" },
                    { "id": 2, "case_id": 1, "months": 6, "due_on": "2026-09-16" }
                ]),
            ),
        ],
    )
}

/// Every rule of the forms and the store that the import replays through
/// the same domain function (caseload finding 14), each broken once: files
/// the forms could never have written.
fn bad_rule_files() -> Vec<Bad> {
    let base = course_base();
    let bad = |name, edits: &[Edit], at, says| Bad { name, text: edited(&base, edits), at, says };
    vec![
        // validate_plan: Randers revises at least every 6 months, so a plan
        // of 12.03.2026 names its next revision by 12.09.2026.
        bad(
            "plan_revision_past_profile_limit",
            &[set("/plan_versions/0/next_revision_on", "2026-09-13")],
            "plan_versions[0].next_revision_on",
            "mindst hver 6. måned",
        ),
        // validate_plan: a revision says what changed.
        bad(
            "plan_revision_without_changes",
            &[push(
                "/plan_versions",
                json!({
                    "id": 2, "case_id": 1, "version": 2, "effective_on": "2026-03-14",
                    "next_revision_on": "2026-09-14",
                    "goals": [{ "area": "main", "text": "Stoffrihed (hash)", "status": "in_progress" }],
                    "services": "Samtaler hver uge", "action_plan": "undecided", "citizen_took_part": true,
                    "changes": " ", "actor": "anna", "recorded_at": "2026-03-14T11:00:00Z"
                }),
            )],
            "plan_versions[1].changes",
            "mangler",
        ),
        // scheduled_calls: a completed course is followed up; the calls are
        // not made up on import, so the file must hold them.
        bad(
            "ending_without_its_follow_up_calls",
            &[set("/follow_up_calls", json!([]))],
            "course_endings[0].reason",
            "udløser et opfølgningsopkald efter 1 md. (16.04.2026)",
        ),
        bad(
            "follow_up_call_on_another_day",
            &[set("/follow_up_calls/1/due_on", "2026-10-01")],
            "follow_up_calls[1].due_on",
            "16.09.2026",
        ),
        bad(
            "follow_up_call_the_ending_does_not_schedule",
            &[push("/follow_up_calls", json!({ "id": 3, "case_id": 1, "months": 3, "due_on": "2026-06-16" }))],
            "follow_up_calls[2].months",
            "intet opfølgningsopkald efter 3 md.",
        ),
        // overlapping_stay: the stay of 14.03-16.03.2026 holds those days.
        bad(
            "stay_overlapping_another_of_the_case",
            &[push(
                "/stays",
                json!({
                    "id": 2, "case_id": 1, "provider_id": 1, "services": ["treatment"],
                    "planned_start": "2026-03-15", "planned_end": "2026-04-30",
                    "recommended": { "on": "2026-03-13", "by": "anna", "text": "Indstilling til døgnbehandling." }
                }),
            )],
            "stays[1].planned_start",
            "allerede døgnophold 1 fra 14.03.2026 til 16.03.2026",
        ),
        // parse_attempt: a follow-up call is tried from the day after the
        // end, as the call form says; the end day itself was let in before.
        bad(
            "call_attempt_on_the_end_day",
            &[set(
                "/follow_up_attempts",
                json!([{
                    "id": 1, "call_id": 1, "on": "2026-03-16", "reached": false,
                    "actor": "anna", "recorded_at": "2026-03-16T13:00:00Z"
                }]),
            )],
            "follow_up_attempts[0].on",
            "tidligst dagen efter",
        ),
        // parse_attempt: the note is held to the form's rule for text.
        bad(
            "call_attempt_note_with_control_characters",
            &[set(
                "/follow_up_attempts",
                json!([{
                    "id": 1, "call_id": 1, "on": "2026-04-16", "reached": true, "outcome": "reduced",
                    "note": "Ringede\u{1b}[2J", "actor": "anna", "recorded_at": "2026-04-16T09:00:00Z"
                }]),
            )],
            "follow_up_attempts[0].note",
            "styretegn",
        ),
        // validate_new_stay: every chosen service has a price on the
        // planned start (the provider has none for "other").
        bad(
            "stay_with_a_service_without_a_price",
            &[set("/stays/0/services", json!(["treatment", "stay", "other"]))],
            "stays[0].services",
            "ingen pris på",
        ),
        // validate_new_stay: residential treatment is referred only after
        // assessment (the minimal file's case 1 without its consent).
        Bad {
            name: "stay_on_a_case_not_assessed",
            text: edited(&serde_json::from_str(&minimal_text()).unwrap(), &[remove("/cases/0/consent_on")]),
            at: "stays[0].case_id",
            says: "udredningen er ikke startet",
        },
        // parse_stay_step: who decided is a name as the step form takes it.
        bad(
            "stay_decided_by_a_name_with_control_characters",
            &[set("/stays/0/decision/by", "Visitations\u{7}udvalget")],
            "stays[0].decision.by",
            "styretegn",
        ),
        // name_taken: letter case and spaces do not tell two names apart.
        bad(
            "provider_name_taken",
            &[push(
                "/providers",
                json!({
                    "id": 2, "name": "behandlingshjemmet  PRØVE",
                    "bill_intake_day": true, "bill_discharge_day": true
                }),
            )],
            "providers[1].name",
            "leverandør 1 hedder allerede sådan",
        ),
    ]
}

/// What is wrong with how `bad` was refused, if anything.
fn misrefused(bad: &Bad, result: Result<(), StoreError>) -> Option<String> {
    let Bad { name, at: want, says, .. } = bad;
    match result {
        Err(e) if e.import_at().is_some() => {
            let (at, message) = (e.import_at().unwrap_or_default(), e.to_string());
            (at != *want || !message.contains(says))
                .then(|| format!("{name}: refused at {at:?} ({message}), expected {want:?} saying {says:?}"))
        }
        Err(other) => Some(format!("{name}: expected an import error, got {other:?}")),
        Ok(()) => Some(format!("{name}: was imported")),
    }
}

/// What the database holds besides the centre it had, if anything.
fn written(store: &mut Store) -> Option<String> {
    let now = store.export().unwrap();
    let counts = (
        now.citizens.len(),
        now.cases.len(),
        now.case_events.len(),
        store.all_cases().unwrap().len(),
        now.providers.len() + now.provider_prices.len() + now.stays.len() + now.stay_events.len(),
    );
    (now.centre != test_centre() || counts != (0, 0, 0, 0, 0))
        .then(|| format!("centre {:?}, (citizens, cases, events, cases, stay records) = {counts:?}", now.centre))
}

fn import_text(store: &mut Store, text: &str) -> Result<(), StoreError> {
    let file = exchange::parse(text)?;
    store.import(&file).map(drop)
}

#[test]
fn the_minimal_valid_file_imports() {
    // Every bad file of `bad_files` is this file with one thing wrong.
    let (_dir, _path, mut store) = fresh("anna");
    import_text(&mut store, &minimal_text()).unwrap();
    let stays = store.all_stays().unwrap();
    assert_eq!(stays.len(), 1);
    // Food 31 × 65 = 2,015 kr a month (own home kept: no lodging), lowered
    // to what the citizen can pay: 10,000 - 4,000 rent - 4,000 kept = 2,000
    // kr. Per day 200,000 / 31 = 6,451.6 → 6,452 øre.
    assert_eq!(stays[0].own_payment.as_ref().map(|t| t.result.per_day), Some(Ore(6452)));
    assert_eq!(store.providers().unwrap()[0].prices.len(), 2);
    assert_eq!(store.stay_events(1).unwrap().len(), 6);
    let cases = store.all_cases().unwrap();
    assert_eq!(cases.len(), 2);
    assert_eq!(cases[0].progress.consent_on, Some(date("2026-03-12")));
    assert_eq!(cases[1].kind, ContactKind::Anonymous);
    assert_eq!(store.case_events(1).unwrap().len(), 2);
}

#[test]
fn every_invalid_file_is_refused_at_its_record_and_field_and_writes_nothing() {
    let mut wrong = Vec::new();
    for bad in bad_files() {
        let (_tmp, _path, mut store) = fresh("anna");
        store.set_centre(&test_centre()).unwrap();
        let result = import_text(&mut store, &bad.text);
        wrong.extend(misrefused(&bad, result));
        if let Some(what) = written(&mut store) {
            wrong.push(format!("{}: wrote {what}", bad.name));
        }
        assert!(store.verify_audit().unwrap().is_empty());
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn the_move_fixture_imports() {
    // Every bad file of `bad_group_files` is this file with one thing wrong.
    let (_dir, path, mut store) = fresh("anna");
    import_text(&mut store, &move_group_text()).unwrap();
    let db = open_db(&path);
    assert_eq!(count(&db, "gift_card_ledger"), 13);
    assert_eq!(count(&db, "attendances"), 10);
    assert!(store.ledger().unwrap().reconciliation().iter().all(|r| r.balances()));
}

#[test]
fn every_invalid_grupper_file_is_refused_at_its_record_and_field_and_writes_nothing() {
    let mut wrong = Vec::new();
    for bad in bad_group_files() {
        let (_tmp, path, mut store) = fresh("anna");
        let result = import_text(&mut store, &bad.text);
        wrong.extend(misrefused(&bad, result));
        let db = open_db(&path);
        for table in ["cases", "treatment_groups", "group_members", "attendances", "gift_card_ledger"] {
            if count(&db, table) != 0 {
                wrong.push(format!("{}: wrote into {table}", bad.name));
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn a_course_with_its_plan_ending_and_calls_and_a_stay_from_the_day_another_ends_imports() {
    // Every bad file of `bad_rule_files` is this file with one rule broken.
    let edits = [push(
        "/stays",
        json!({
            "id": 2, "case_id": 1, "provider_id": 1, "services": ["treatment"],
            "planned_start": "2026-03-16", "planned_end": "2026-04-30",
            "recommended": { "on": "2026-03-13", "by": "anna", "text": "Indstilling til døgnbehandling." }
        }),
    )];
    let (_dir, path, mut store) = fresh("anna");
    import_text(&mut store, &edited(&course_base(), &edits)).unwrap();
    let db = open_db(&path);
    assert_eq!(count(&db, "plan_versions"), 1);
    assert_eq!(count(&db, "follow_up_calls"), 2);
    assert_eq!(count(&db, "stays"), 2);
}

#[test]
fn every_file_breaking_a_rule_of_the_forms_is_refused_at_its_record_and_field_and_writes_nothing() {
    let mut wrong = Vec::new();
    for bad in bad_rule_files() {
        let (_tmp, path, mut store) = fresh("anna");
        let result = import_text(&mut store, &bad.text);
        wrong.extend(misrefused(&bad, result));
        let db = open_db(&path);
        for table in ["citizens", "cases", "plan_versions", "course_endings", "follow_up_calls", "providers", "stays"] {
            if count(&db, table) != 0 {
                wrong.push(format!("{}: wrote into {table}", bad.name));
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn every_bad_file_has_its_own_name() {
    let mut names: Vec<&str> =
        bad_files().iter().chain(&bad_group_files()).chain(&bad_rule_files()).map(|b| b.name).collect();
    let all = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all, "two bad files share a name");
}

#[test]
fn a_file_from_before_the_grupper_pane_still_imports() {
    let text = minimal_text();
    assert!(!text.contains("gift_card_ledger"));
    let mut store = Store::open_in_memory("anna").unwrap();
    store.import(&exchange::parse(&text).unwrap()).unwrap();
    let export = store.export().unwrap();
    assert!(export.groups.is_empty() && export.gift_card_ledger.is_empty());
}
