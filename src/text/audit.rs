//! The audit trail's words: `check`, `audit anchor`, `audit verify` and
//! `audit show`, the problems they find, and the names of the tables and
//! actions as a team leader reads them.

use super::time::stamp;
use serde_json::Value;

use crate::store::{Anchor, AuditProblem, Change, ChangeKind, DataProblem, HistoryEntry, HistoryKind};

// The anchor line's words (`sagsbord anker: id=57 antal=57 hash=… tid=… fil=…`).
pub const ANCHOR_MARK: &str = "sagsbord anker:";
pub const ANCHOR_COUNT: &str = "antal";
pub const ANCHOR_AT: &str = "tid";
pub const ANCHOR_FILE: &str = "fil";

// The command line's help.
pub const CHECK_ABOUT: &str = "Tjek hver række i databasen mod revisionssporet: finder det, der er ændret, tilføjet eller \
                               slettet uden om sagsbord";
pub const AUDIT_ABOUT: &str = "Revisionssporet: forankr det, efterprøv det, vis hvem der har set og ændret en sag";
pub const ANCHOR_ABOUT: &str = "Skriv revisionssporets hoved (sidste række, antal, hash, tid) i systemloggen og/eller en \
                                fil, som databasens brugere ikke kan skrive i, og vis det";
pub const VERIFY_ABOUT: &str =
    "Efterprøv revisionssporets kæde og, med --anchor, at den stadig har de forankrede rækker";
pub const VERIFY_AUDIT_ABOUT: &str = "Efterprøv revisionssporets kæde (det samme som 'audit verify')";
pub const SHOW_ABOUT: &str = "Vis hvem der har set og ændret en sag, og hvad de ændrede";
pub const ANCHOR_TO_HELP: &str = "Føj ankeret til denne fil (ejet af root eller opsætningens ejer)";
pub const NO_SYSLOG_HELP: &str = "Skriv ikke til systemloggen (kun med --to)";
pub const ANCHOR_FILE_HELP: &str =
    "En fil med ankre: --to-filen eller en kopi af systemloggen (flere gange for flere filer)";
pub const CASE_HELP: &str = "Sagens nummer";

// What the commands say.
pub const CHAIN_INTACT: &str = "Revisionssporet er intakt.";
pub const CHAIN_BROKEN: &str = "Brud på revisionssporet";
pub const DATA_PROBLEM: &str = "Uden om sagsbord";
pub const SYSLOG_WRITTEN: &str = "Skrevet i systemloggen (logger -t sagsbord).";
pub const NEEDS_A_PLACE: &str =
    "ankeret er ikke gemt nogen steder: angiv --to FIL, eller skriv til systemloggen (udelad --no-syslog)";

pub fn syslog_failed(why: &str) -> String {
    format!("systemloggen tog ikke imod ankeret: {why}")
}

pub fn anchor_appended(file: &str) -> String {
    format!("Føjet til {file}.")
}

pub fn anchor_file_writable(file: &str) -> String {
    format!(
        "advarsel: {file} kan skrives af andre end dens ejer; så kan et anker i den skrives om sammen med databasen"
    )
}

pub fn anchor_file_unreadable(file: &str, why: &str) -> String {
    format!("{file}: ankrene kan ikke læses: {why}")
}

/// None of the anchors given are of this database.
pub fn no_anchors(db: &str, others: usize) -> String {
    if others == 0 {
        format!("ingen ankre for {db} i de angivne filer: revisionssporet kan ikke holdes op mod et anker")
    } else {
        format!(
            "ingen ankre for {db} i de angivne filer (kun {others} for andre databasefiler): revisionssporet kan ikke \
             holdes op mod et anker"
        )
    }
}

pub fn anchors_held(count: usize, newest: &Anchor) -> String {
    let what = if count == 1 { "1 anker".to_string() } else { format!("{count} ankre") };
    format!("Holdt op mod {what}; det nyeste: række {} ({}).", newest.id, stamp(&newest.at))
}

pub fn check_clean(rows: usize, tables: usize) -> String {
    format!(
        "Alt er i orden: revisionssporet er intakt, og alle {rows} rækker i {tables} tabeller er, som revisionssporet \
         sidst registrerede dem."
    )
}

pub const REPAIR_HELP: &str = "Gem de frister, reglerne beregner, i stedet for dem, der afviger (én handling i \
                                revisionssporet)";
pub const DEADLINES_AGREE: &str = "Alle gemte frister er, som reglerne beregner dem.";
pub const DEADLINE_PROBLEM: &str = "Frist afviger fra reglerne";
pub const DEADLINES_REPAIR_HINT: &str = "Ret fristerne med: sagsbord check --repair";

/// A stored deadline that is not what the rules compute, in words.
pub fn deadline_difference(d: &crate::store::DeadlineDifference) -> String {
    let say = |x: &Option<crate::domain::deadlines::OpenDeadline>| match x {
        None => "ingen".to_string(),
        Some(x) => match x.due {
            Some(due) => crate::domain::dates::format_date_dk(due),
            None => "hver dag".to_string(),
        },
    };
    let (stored, computed) = (say(&d.stored), say(&d.computed));
    // The same date, something else differs (the rule, the counsellor …).
    let other = if stored == computed { " (samme dato, men regeltekst, rådgiver eller andet afviger)" } else { "" };
    format!("sag {}, {}: gemt {stored}, beregnet {computed}{other}", d.case, d.kind.id())
}

pub fn deadlines_repaired(count: usize) -> String {
    if count == 1 {
        "Rettet: 1 afvigende frist er erstattet af den beregnede.".into()
    } else {
        format!("Rettet: {count} afvigende frister er erstattet af de beregnede.")
    }
}

pub fn check_found(problems: usize) -> String {
    if problems == 1 { "Tjekket fandt 1 problem.".into() } else { format!("Tjekket fandt {problems} problemer.") }
}

pub fn baseline_detail(rows: usize, tables: usize) -> String {
    format!("grundlinje: {rows} rækker i {tables} tabeller")
}

/// A break in the chain, or against an anchor, in words.
pub fn audit_problem(p: &AuditProblem) -> String {
    match p {
        AuditProblem::Altered { id } => {
            format!("række {id} er ændret, efter at den blev skrevet")
        }
        AuditProblem::Unlinked { id } => {
            format!("række {id} hænger ikke sammen med rækken før den: en række er fjernet eller indsat")
        }
        AuditProblem::Gap { after, next } => {
            let missing = if next - after == 2 {
                format!("række {}", after + 1)
            } else {
                format!("række {}-{}", after + 1, next - 1)
            };
            format!("{missing} mangler (efter række {after}): rækker er slettet")
        }
        AuditProblem::StrayChanges { audit_id } => {
            format!("ændringer registreret under række {audit_id}, som ikke findes: rækken er slettet")
        }
        AuditProblem::AnchorMissing { anchor, last } if *last < anchor.id => format!(
            "række {} blev forankret {}, men sporet slutter nu ved række {last}: det er afkortet",
            anchor.id,
            stamp(&anchor.at)
        ),
        AuditProblem::AnchorMissing { anchor, .. } => {
            format!("række {}, forankret {}, findes ikke længere: den er slettet", anchor.id, stamp(&anchor.at))
        }
        AuditProblem::AnchorRewritten { anchor } => format!(
            "række {} har ikke længere den hash, der blev forankret {}: sporet er skrevet om og genberegnet",
            anchor.id,
            stamp(&anchor.at)
        ),
        AuditProblem::AnchorCount { anchor, count } => format!(
            "til og med række {} er der nu {count} rækker, men der var {} ved forankringen {}: rækker er slettet eller \
             indsat",
            anchor.id,
            anchor.count,
            stamp(&anchor.at)
        ),
    }
}

/// The table's name as a counsellor says it.
pub fn table_danish(name: &str) -> Option<&'static str> {
    Some(match name {
        "centre" => "centret",
        "citizens" => "borgere",
        "cases" => "sager",
        "case_substances" => "sagens rusmidler",
        "case_events" => "sagshændelser",
        "case_circumstances" => "sagens forhold",
        "plan_versions" => "planversioner",
        "plan_goals" => "planmål",
        "course_endings" => "forløbsafslutninger",
        "follow_up_calls" => "opfølgningsopkald",
        "follow_up_attempts" => "opkaldsforsøg",
        "children" => "børn",
        "child_considerations" => "overvejelser om børn",
        "notifications" => "underretninger",
        "notification_grounds" => "underretningsgrunde",
        "notification_children" => "underretningens børn",
        "notification_updates" => "orienteringer fra kommunen",
        "complaints" => "klager",
        "providers" => "leverandører",
        "provider_prices" => "leverandørpriser",
        "stays" => "døgnophold",
        "stay_services" => "opholdets ydelser",
        "stay_own_payments" => "egenbetalinger",
        "stay_own_payment_expenses" => "egenbetalingens udgifter",
        "stay_events" => "opholdshændelser",
        "treatment_groups" => "grupper",
        "group_members" => "gruppemedlemmer",
        "group_sessions" => "gruppemøder",
        "move_courses" => "MOVE-forløb",
        "attendances" => "fremmøder",
        "gift_card_ledger" => "gavekortregnskabet",
        "report_goals" => "årets mål",
        _ => return None,
    })
}

/// The table's name as a counsellor says it, with its name in the file
/// (for the one who looks with `sqlite3`).
pub fn table(name: &str) -> String {
    match table_danish(name) {
        Some(danish) => format!("{danish} ({name})"),
        None => format!("tabellen {name}"),
    }
}

/// A row's key as a person reads it: `12`, or `3/cannabis`.
pub fn key(json: &str) -> String {
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Array(parts)) => parts.iter().map(plain).collect::<Vec<_>>().join("/"),
        _ => json.to_string(),
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::Null => "–".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// When and by whom an audit row was written, if it is known.
pub struct Recorded<'a> {
    pub at: &'a str,
    pub actor: &'a str,
}

pub fn data_problem(p: &DataProblem, recorded: Option<Recorded<'_>>) -> String {
    let last = |audit_id: &i64| match &recorded {
        Some(r) => format!("revisionsrække {audit_id} ({}, {})", stamp(r.at), r.actor),
        None => format!("revisionsrække {audit_id}"),
    };
    match p {
        DataProblem::Changed { table: t, key: k, audit_id } => format!(
            "{}, række {}: ændret uden om sagsbord; ikke som {} registrerede den",
            table(t),
            key(k),
            last(audit_id)
        ),
        DataProblem::Added { table: t, key: k } => {
            format!("{}, række {}: tilføjet uden om sagsbord; ingen revisionsrække registrerer den", table(t), key(k))
        }
        DataProblem::Deleted { table: t, key: k, audit_id } => {
            format!("{}, række {}: slettet uden om sagsbord; sidst registreret af {}", table(t), key(k), last(audit_id))
        }
        DataProblem::TriggerMissing { name } => {
            format!("beskyttelsen (triggeren) {name} er fjernet fra databasen")
        }
        DataProblem::TriggerChanged { name } => format!("beskyttelsen (triggeren) {name} er ændret"),
        DataProblem::TriggerDisabled { name } => {
            format!("beskyttelsen (triggeren) {name} er slået fra i databasen")
        }
        DataProblem::TriggerAdded { name } => {
            format!("en fremmed trigger, {name}, er lagt ind i databasen")
        }
    }
}

pub fn show_heading(case_id: i64) -> String {
    format!("Sag {case_id}: hvem har set og ændret den (tid i centrets lokale tid)")
}

/// A case's history as `audit show --case N` prints it and the team
/// leader's view in the workbench shows it: one line per look or change,
/// and under a change what it changed.
pub fn history_lines(history: &[HistoryEntry]) -> Vec<String> {
    let mut lines = Vec::new();
    for entry in history {
        let what = action(&entry.action, &entry.entity, entry.entity_id);
        lines.push(format!("{}  {:<10} {what}", stamp(&entry.at), entry.actor));
        if entry.kind == HistoryKind::Changed {
            lines.extend(entry.changes.iter().map(|c| format!("{:34}{}", "", change(c))));
        }
    }
    lines
}

pub fn show_nothing(case_id: i64) -> String {
    format!("Revisionssporet har intet om sag {case_id}.")
}

/// What an audit row's action did, as the team leader reads it.
pub fn action(action: &str, entity: &str, entity_id: Option<i64>) -> String {
    let what = |noun: &str| match entity_id {
        Some(id) => format!("{noun} {id}"),
        None => noun.to_string(),
    };
    let thing = match entity {
        "case" => what("sag"),
        "citizen" => what("borger"),
        "notification" => what("underretning"),
        "stay" => what("døgnophold"),
        "move_course" => what("MOVE-forløb"),
        "attendance" => what("fremmøde"),
        "complaint" => what("klage"),
        "group" => what("gruppe"),
        "group_session" => what("gruppemøde"),
        "provider" => what("leverandør"),
        "database" => "databasen".to_string(),
        "centre" => "centret".to_string(),
        "gift_card_ledger" => "gavekortregnskabet".to_string(),
        other => what(other),
    };
    let verb = match action {
        "view" => "åbnede",
        "reveal_cpr" => "så CPR-nummeret i",
        "view_plan" => "så planen i",
        "view_move_cards" => "så MOVE-gavekortene i",
        "audit_show" => "så revisionssporet for",
        "export" => "eksporterede",
        "import" => "importerede til",
        "register_contact" => "registrerede kontakten:",
        "known_citizen" => "så, hvem CPR-nummeret/pseudonymet tilhører:",
        "change_citizen" => "rettede borgeren i",
        "change_circumstances" => "rettede forholdene i",
        "record_step" => "registrerede et trin i",
        "edit_case" => "rettede",
        "reassign_case" => "overdrog",
        "undo_step" => "fortrød et trin i",
        "add_child" => "tilføjede et barn i",
        "register_conversation" => "registrerede en samtale i",
        "change_child" => "ændrede et barn i",
        "end_child" => "afsluttede et barn i",
        "answer_children" => "besvarede spørgsmålet om børn i",
        "record_consideration" => "noterede en overvejelse om børn i",
        "plan_create" => "oprettede planen i",
        "plan_revise" => "reviderede planen i",
        "end_course" => "afsluttede forløbet i",
        "follow_up_attempt" => "registrerede et opfølgningsopkald i",
        "draft_notification" => "skrev et udkast til underretning i",
        "edit_draft" => "rettede udkastet til",
        "notification_step" => "registrerede et trin i",
        "register_complaint" => "registrerede",
        "complaint_step" => "registrerede et trin i",
        "centre_update" => "ændrede",
        "add_provider" | "update_provider" => "ændrede",
        "set_price" => "satte en pris hos",
        "recommend_stay" => "indstillede til døgnophold:",
        "record_stay_step" => "registrerede et trin i",
        "save_own_payment" => "gemte egenbetalingen i",
        "create_group" => "oprettede",
        "plan_sessions" => "planlagde møder i",
        "cancel_session" => "aflyste",
        "move_session" => "flyttede",
        "add_member" => "tilføjede et medlem til",
        "remove_member" => "fjernede et medlem fra",
        "roll_call" => "tog fremmøde ved",
        "open_course" => "åbnede",
        "record_individual_session" => "registrerede en individuel samtale i",
        "start_follow_up" => "startede opfølgningsfasen i",
        "hand_out_gift_card" => "udleverede et gavekort i",
        "resolve_gift_card" => "afklarede et gavekort i",
        "correct_attendance" => "rettede",
        "receive_gift_cards" => "modtog gavekort i",
        "void_gift_card" => "annullerede et gavekort i",
        "lose_gift_card" => "meldte et gavekort tabt i",
        "correct_gift_card_entry" => "rettede en post i",
        "baseline" => "tog grundlinjen af",
        other => return format!("{other} ({thing})"),
    };
    format!("{verb} {thing}")
}

/// The longest a value is shown in `audit show`.
const VALUE_WIDTH: usize = 40;
/// Columns `audit show` leaves out of a new row: the key, and who and when (the line says).
const QUIET_COLUMNS: [&str; 3] = ["id", "actor", "recorded_at"];

fn short(column: &str, v: &Value) -> String {
    if column == "cpr" && !v.is_null() {
        return "(skjult)".into();
    }
    let text = plain(v).replace('\n', " ");
    if text.chars().count() > VALUE_WIDTH {
        format!("{}…", text.chars().take(VALUE_WIDTH - 1).collect::<String>())
    } else {
        text
    }
}

fn columns(json: Option<&str>) -> Vec<(String, Value)> {
    match json.map(serde_json::from_str::<Value>) {
        Some(Ok(Value::Object(map))) => map.into_iter().collect(),
        _ => Vec::new(),
    }
}

/// One change in short: `sager 12 ændret: visitation_on – → 16.03.2026`.
pub fn change(c: &Change) -> String {
    let row = format!("{} {}", table_danish(&c.table).unwrap_or(&c.table), key(&c.key));
    match c.kind {
        // An import's rows are recorded by key and hash only.
        ChangeKind::Insert if c.new.is_none() => format!("{row} ny"),
        ChangeKind::Insert => {
            let shown: Vec<String> = columns(c.new.as_deref())
                .into_iter()
                .filter(|(k, v)| !v.is_null() && !QUIET_COLUMNS.contains(&k.as_str()))
                .map(|(k, v)| format!("{k} {}", short(&k, &v)))
                .collect();
            format!("{row} ny: {}", shown.join(", "))
        }
        ChangeKind::Update => {
            let before: std::collections::BTreeMap<String, Value> = columns(c.old.as_deref()).into_iter().collect();
            let shown: Vec<String> = columns(c.new.as_deref())
                .into_iter()
                .map(|(k, after)| {
                    let was = before.get(&k).cloned().unwrap_or(Value::Null);
                    format!("{k} {} → {}", short(&k, &was), short(&k, &after))
                })
                .collect();
            format!("{row} ændret: {}", shown.join("; "))
        }
        ChangeKind::Delete => format!("{row} slettet"),
        ChangeKind::Baseline => format!("{row} grundlinje"),
    }
}
