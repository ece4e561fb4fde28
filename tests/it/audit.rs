//! The audit trail on the command line: `check`, `audit anchor`, `audit
//! verify` (and `verify-audit`) and `audit show`, run as the centre runs
//! them, on files tampered with as someone with `sqlite3` would.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use rusqlite::{Connection, params};
use sagsbord::domain::intake::{Step, validate_contact};
use sagsbord::domain::policy::Profile;

use sha2::{Digest, Sha256};
use tempfile::TempDir;

use crate::common::{BIN, Run, contact_input, date, manifest, open_db};

/// One run of the program on `db`, with extra environment.
fn sagsbord_with(dir: &Path, db: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .current_dir(dir)
        .env_remove("SAGSBORD_DB")
        .env("SAGSBORD_KEYMAP", dir.join("no-such-keymap.toml"))
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run sagsbord");
    Run::of(out)
}

fn sagsbord(dir: &Path, db: &Path, args: &[&str]) -> Run {
    sagsbord_with(dir, db, args, &[])
}

/// The sample centre imported by the command line, then a few actions by
/// two counsellors: a look, a step, a look and an unmasked CPR number.
fn centre() -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("sagsbord.db");
    let sample = manifest("sample-data/centre.json");
    sagsbord(dir.path(), &db, &["import", sample.to_str().unwrap()]).ok();
    let mut anna = crate::common::open_as(&db, "anna", sagsbord::store::Role::TeamLeader);
    anna.view_case(35).unwrap();
    anna.record_step(35, &Step::BookVisitation { on: date("2026-03-17") }).unwrap();
    let mut bo = crate::common::open_as(&db, "bo", sagsbord::store::Role::TeamLeader);
    bo.view_case(35).unwrap();
    bo.reveal_cpr(35).unwrap();
    (dir, db)
}

/// The audit trail's protections dropped, as `sqlite3` lets anyone.
fn unprotected(db: &Path) -> Connection {
    let conn = open_db(db);
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         DROP TRIGGER audit_never_changed; DROP TRIGGER audit_never_deleted;
         DROP TRIGGER audit_change_never_changed; DROP TRIGGER audit_change_never_deleted;",
    )
    .unwrap();
    conn
}

fn last_id(db: &Path) -> i64 {
    open_db(db).query_row("SELECT max(id) FROM audit", [], |r| r.get(0)).unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hash_parts(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    hex(&h.finalize())
}

/// Rewrites every audit row from `from` on with hashes recomputed the way
/// the program computes them (it is no secret: the code is at hand).
fn recompute_from(conn: &Connection, from: i64) {
    let opt = |t: Option<String>| match t {
        None => "\u{1}".to_string(),
        Some(t) => format!("\u{2}{t}"),
    };
    type Row = (i64, String, String, String, String, Option<i64>, String);
    let rows: Vec<Row> = conn
        .prepare("SELECT id, at, actor, action, entity, entity_id, detail FROM audit WHERE id >= ?1 ORDER BY id")
        .unwrap()
        .query_map([from], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut prev: String =
        conn.query_row("SELECT hash FROM audit WHERE id < ?1 ORDER BY id DESC LIMIT 1", [from], |r| r.get(0)).unwrap();
    for (id, at, actor, action, entity, entity_id, detail) in rows {
        let mut digest = Sha256::new();
        let mut stmt = conn
            .prepare(
                "SELECT seq, tbl, row_key, op, old, new, row_hash FROM audit_change WHERE audit_id = ?1 ORDER BY seq",
            )
            .unwrap();
        let mut changes = stmt.query([id]).unwrap();
        while let Some(r) = changes.next().unwrap() {
            let seq: i64 = r.get(0).unwrap();
            let (tbl, key, op): (String, String, String) = (r.get(1).unwrap(), r.get(2).unwrap(), r.get(3).unwrap());
            for part in
                [seq.to_string(), tbl, key, op, opt(r.get(4).unwrap()), opt(r.get(5).unwrap()), opt(r.get(6).unwrap())]
            {
                digest.update(part.as_bytes());
                digest.update([0u8]);
            }
            digest.update([1u8]);
        }
        let digest = hex(&digest.finalize());
        let entity_id = entity_id.map(|i| i.to_string()).unwrap_or_default();
        let hash =
            hash_parts(&["2", &id.to_string(), &prev, &at, &actor, &action, &entity, &entity_id, &detail, &digest]);
        conn.execute("UPDATE audit SET prev_hash = ?1, hash = ?2 WHERE id = ?3", params![prev, hash, id]).unwrap();
        prev = hash;
    }
}

// ---------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------

#[test]
fn check_on_the_sample_after_a_few_actions_says_all_is_well() {
    let (dir, db) = centre();
    let run = sagsbord(dir.path(), &db, &["check"]).ok();
    assert!(run.stdout.starts_with("Alt er i orden: revisionssporet er intakt, og alle "), "{}", run.stdout);
    assert!(run.stdout.contains("tabeller er, som revisionssporet sidst registrerede dem."), "{}", run.stdout);
}

#[test]
fn check_finds_a_record_changed_added_or_deleted_behind_the_programs_back_and_exits_1() {
    let (dir, db) = centre();
    let conn = open_db(&db);
    // A case handed to someone else; a step that never happened; a gift
    // card's entry gone from the ledger (its protection dropped first).
    conn.execute("UPDATE cases SET counsellor = 'mallory' WHERE id = 12", []).unwrap();
    conn.execute(
        "INSERT INTO case_events (id, case_id, kind, on_date, actor, recorded_at)
         VALUES (900, 12, 'start_treatment', '2026-03-01', 'anna', '2026-03-01T09:00:00Z')",
        [],
    )
    .unwrap();
    conn.execute_batch("DROP TRIGGER gift_card_ledger_no_delete; DELETE FROM gift_card_ledger WHERE id = 90;").unwrap();
    drop(conn);

    let run = sagsbord(dir.path(), &db, &["check"]).failed();
    let out = &run.stdout;
    // The import is the trail's third row: after the new file's baseline
    // and the registration of who made it.
    let import: i64 = open_db(&db).query_row("SELECT id FROM audit WHERE action = 'import'", [], |r| r.get(0)).unwrap();
    assert_eq!(import, 3);
    assert!(
        out.contains("Uden om sagsbord: sager (cases), række 12: ændret uden om sagsbord; ikke som revisionsrække 3 ("),
        "{out}"
    );
    assert!(
        out.contains(
            "Uden om sagsbord: sagshændelser (case_events), række 900: tilføjet uden om sagsbord; ingen revisionsrække \
             registrerer den"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "Uden om sagsbord: gavekortregnskabet (gift_card_ledger), række 90: slettet uden om sagsbord; sidst \
                      registreret af revisionsrække 3 ("
        ),
        "{out}"
    );
    assert!(
        out.contains("Uden om sagsbord: beskyttelsen (triggeren) gift_card_ledger_no_delete er fjernet fra databasen"),
        "{out}"
    );
    assert!(out.trim_end().ends_with("Tjekket fandt 4 problemer."), "{out}");
    assert!(!out.contains("Alt er i orden"), "{out}");
}

#[test]
fn check_finds_a_deadline_moved_behind_the_programs_back_and_repair_puts_it_right() {
    let (dir, db) = centre();
    let clean = sagsbord(dir.path(), &db, &["check"]).ok();
    assert!(clean.stdout.contains("Alle gemte frister er, som reglerne beregner dem."), "{}", clean.stdout);
    let conn = open_db(&db);
    let (case, kind): (i64, String) = conn
        .query_row("SELECT case_id, kind FROM deadlines WHERE due <> '' ORDER BY case_id, seq LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    conn.execute("UPDATE deadlines SET due = '2001-02-03' WHERE case_id = ?1 AND seq = 0", [case]).unwrap();
    drop(conn);

    let run = sagsbord(dir.path(), &db, &["check"]).failed();
    let out = &run.stdout;
    assert!(
        out.contains(&format!("Frist afviger fra reglerne: sag {case}, {kind}: gemt 03.02.2001, beregnet ")),
        "{out}"
    );
    assert!(out.contains("sagsbord check --repair"), "{out}");
    assert!(out.trim_end().ends_with("Tjekket fandt 1 problem."), "{out}");

    let repaired = sagsbord(dir.path(), &db, &["check", "--repair"]).ok();
    assert!(
        repaired.stdout.contains("Rettet: 1 afvigende frist er erstattet af den beregnede."),
        "{}",
        repaired.stdout
    );
    let after = sagsbord(dir.path(), &db, &["check"]).ok();
    assert!(after.stdout.contains("Alle gemte frister er, som reglerne beregner dem."), "{}", after.stdout);
    let audited: i64 = open_db(&db)
        .query_row("SELECT count(*) FROM audit WHERE action = 'deadlines_repair'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(audited, 1);
}

#[test]
fn check_also_finds_a_broken_chain() {
    let (dir, db) = centre();
    let conn = unprotected(&db);
    conn.execute("UPDATE audit SET actor = 'anna' WHERE actor = 'bo'", []).unwrap();
    let run = sagsbord(dir.path(), &db, &["check"]).failed();
    let last = last_id(&db);
    assert!(
        run.stdout.contains(&format!("Brud på revisionssporet: række {last} er ændret, efter at den blev skrevet")),
        "{}",
        run.stdout
    );
    // The dropped protections of the trail are named too.
    assert!(run.stdout.contains("beskyttelsen (triggeren) audit_never_changed er fjernet"), "{}", run.stdout);
}

// ---------------------------------------------------------------------------
// audit anchor and audit verify
// ---------------------------------------------------------------------------

#[test]
fn an_anchor_is_printed_appended_to_its_file_and_verified_against() {
    let (dir, db) = centre();
    let anchors = dir.path().join("ankre.log");
    let run = sagsbord(dir.path(), &db, &["audit", "anchor", "--no-syslog", "--to", anchors.to_str().unwrap()]).ok();
    let last = last_id(&db);
    let line = run.stdout.lines().next().unwrap();
    let canonical = fs::canonicalize(&db).unwrap();
    assert!(line.starts_with(&format!("sagsbord anker: id={last} antal={last} hash=")), "{line}");
    assert!(line.ends_with(&format!(" fil={}", canonical.display())), "{line}");
    assert!(run.stdout.contains(&format!("Føjet til {}.", anchors.display())), "{}", run.stdout);
    assert_eq!(fs::read_to_string(&anchors).unwrap(), format!("{line}\n"));
    assert_eq!(fs::metadata(&anchors).unwrap().permissions().mode() & 0o777, 0o644);

    let run = sagsbord(dir.path(), &db, &["audit", "verify", "--anchor", anchors.to_str().unwrap()]).ok();
    assert!(
        run.stdout.starts_with("Revisionssporet er intakt.\nHoldt op mod 1 anker; det nyeste: række"),
        "{}",
        run.stdout
    );
    // The old name still works, with or without anchors.
    sagsbord(dir.path(), &db, &["verify-audit", "--anchor", anchors.to_str().unwrap()]).ok();
    let run = sagsbord(dir.path(), &db, &["verify-audit"]).ok();
    assert_eq!(run.stdout.trim(), "Revisionssporet er intakt.");
}

#[test]
fn an_anchor_goes_to_the_system_log_through_logger() {
    let (dir, db) = centre();
    // A stand-in for logger(1) that keeps what it is given.
    let bin = dir.path().join("bin");
    fs::create_dir(&bin).unwrap();
    let log = dir.path().join("syslog");
    fs::write(bin.join("logger"), format!("#!/bin/sh\necho \"$@\" >> '{}'\n", log.display())).unwrap();
    fs::set_permissions(bin.join("logger"), fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let run = sagsbord_with(dir.path(), &db, &["audit", "anchor"], &[("PATH", &path)]).ok();
    assert!(run.stdout.contains("Skrevet i systemloggen (logger -t sagsbord)."), "{}", run.stdout);
    let logged = fs::read_to_string(&log).unwrap();
    let line = run.stdout.lines().next().unwrap();
    assert_eq!(logged, format!("-t sagsbord -- {line}\n"));
    // The log itself serves as the anchor file.
    sagsbord(dir.path(), &db, &["audit", "verify", "--anchor", log.to_str().unwrap()]).ok();

    // No system log and no file: the anchor is kept nowhere, and that is an error.
    let run = sagsbord_with(dir.path(), &db, &["audit", "anchor", "--no-syslog"], &[]).failed();
    assert!(run.stderr.contains("ankeret er ikke gemt nogen steder"), "{}", run.stderr);
}

/// A copy of the centre's file, anchored, and the anchor file.
fn anchored() -> (TempDir, PathBuf, PathBuf) {
    let (dir, db) = centre();
    let anchors = dir.path().join("ankre.log");
    sagsbord(dir.path(), &db, &["audit", "anchor", "--no-syslog", "--to", anchors.to_str().unwrap()]).ok();
    (dir, db, anchors)
}

#[test]
fn a_cut_tail_is_found_against_the_anchor() {
    let (dir, db, anchors) = anchored();
    let last = last_id(&db);
    // The last two looks (Bo's) cut away: the chain left is whole.
    unprotected(&db).execute("DELETE FROM audit WHERE id > ?1", [last - 2]).unwrap();
    sagsbord(dir.path(), &db, &["audit", "verify"]).ok();
    let run = sagsbord(dir.path(), &db, &["audit", "verify", "--anchor", anchors.to_str().unwrap()]).failed();
    assert!(run.stdout.contains(&format!("Brud på revisionssporet: række {last} blev forankret ")), "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!("men sporet slutter nu ved række {}: det er afkortet", last - 2)),
        "{}",
        run.stdout
    );
    // The next look leaves a gap where the cut rows were, anchor or not.
    crate::common::open_as(&db, "anna", sagsbord::store::Role::TeamLeader).view_case(2).unwrap();
    let run = sagsbord(dir.path(), &db, &["audit", "verify"]).failed();
    assert_eq!(
        run.stdout.trim(),
        format!(
            "Brud på revisionssporet: række {}-{last} mangler (efter række {}): rækker er slettet",
            last - 1,
            last - 2
        )
    );
}

#[test]
fn a_recomputed_chain_is_found_against_the_anchor() {
    let (dir, db, anchors) = anchored();
    let last = last_id(&db);
    // Bo's unmasked CPR number made out to be Anna's look, every hash
    // after it recomputed: the chain alone is whole again.
    let conn = unprotected(&db);
    conn.execute("UPDATE audit SET actor = 'anna', action = 'view' WHERE id = ?1", [last]).unwrap();
    recompute_from(&conn, last);
    sagsbord(dir.path(), &db, &["audit", "verify"]).ok();
    let run = sagsbord(dir.path(), &db, &["audit", "verify", "--anchor", anchors.to_str().unwrap()]).failed();
    assert!(
        run.stdout
            .contains(&format!("Brud på revisionssporet: række {last} har ikke længere den hash, der blev forankret ")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("sporet er skrevet om og genberegnet"), "{}", run.stdout);
}

#[test]
fn edited_deleted_inserted_and_reordered_audit_rows_are_found() {
    let (dir, db, _anchors) = anchored();
    let last = last_id(&db);
    let copy = |name: &str| {
        let path = dir.path().join(name);
        fs::copy(&db, &path).unwrap();
        path
    };
    let (edited, deleted, inserted, reordered, changes) =
        (copy("e.db"), copy("d.db"), copy("i.db"), copy("r.db"), copy("c.db"));

    unprotected(&edited).execute("UPDATE audit SET actor = 'mallory' WHERE id = ?1", [last - 1]).unwrap();
    let run = sagsbord(dir.path(), &edited, &["audit", "verify"]).failed();
    assert_eq!(
        run.stdout.trim(),
        format!("Brud på revisionssporet: række {} er ændret, efter at den blev skrevet", last - 1)
    );

    unprotected(&deleted).execute("DELETE FROM audit WHERE id = ?1", [last - 1]).unwrap();
    let run = sagsbord(dir.path(), &deleted, &["audit", "verify"]).failed();
    assert_eq!(
        run.stdout.trim(),
        format!(
            "Brud på revisionssporet: række {} mangler (efter række {}): rækker er slettet\n\
             Brud på revisionssporet: række {last} hænger ikke sammen med rækken før den: en række er fjernet eller indsat",
            last - 1,
            last - 2
        )
    );

    // A look made up and put at the end, chained and hashed as the old
    // scheme did.
    let conn = unprotected(&inserted);
    let prev: String = conn.query_row("SELECT hash FROM audit WHERE id = ?1", [last], |r| r.get(0)).unwrap();
    let hash = hash_parts(&[&prev, "2026-03-17T09:00:00Z", "anna", "view", "case", "12", ""]);
    conn.execute(
        "INSERT INTO audit (at, actor, action, entity, entity_id, detail, prev_hash, hash, scheme)
         VALUES ('2026-03-17T09:00:00Z', 'anna', 'view', 'case', 12, '', ?1, ?2, 1)",
        params![prev, hash],
    )
    .unwrap();
    let run = sagsbord(dir.path(), &inserted, &["audit", "verify"]).failed();
    assert_eq!(
        run.stdout.trim(),
        format!("Brud på revisionssporet: række {} er ændret, efter at den blev skrevet", last + 1)
    );

    // Anna's step and Bo's last look swap places.
    let conn = unprotected(&reordered);
    let step: i64 =
        open_db(&db).query_row("SELECT id FROM audit WHERE action = 'record_step'", [], |r| r.get(0)).unwrap();
    conn.execute_batch(&format!(
        "UPDATE audit_change SET audit_id = -1 WHERE audit_id = {step};
         UPDATE audit SET id = -1 WHERE id = {step}; UPDATE audit SET id = {step} WHERE id = {last};
         UPDATE audit SET id = {last} WHERE id = -1; UPDATE audit_change SET audit_id = {last} WHERE audit_id = -1;"
    ))
    .unwrap();
    let run = sagsbord(dir.path(), &reordered, &["audit", "verify"]).failed();
    assert!(run.stdout.contains(&format!("række {step} er ændret")), "{}", run.stdout);
    assert!(run.stdout.contains(&format!("række {last} er ændret")), "{}", run.stdout);

    // The step's recorded date changed under it.
    unprotected(&changes)
        .execute("UPDATE audit_change SET new = replace(new, '2026-03-17', '2026-03-01') WHERE audit_id = ?1", [step])
        .unwrap();
    let run = sagsbord(dir.path(), &changes, &["audit", "verify"]).failed();
    assert_eq!(
        run.stdout.trim(),
        format!("Brud på revisionssporet: række {step} er ændret, efter at den blev skrevet")
    );
}

#[test]
fn anchors_of_another_file_only_are_refused_rather_than_trusted() {
    let (dir, db, anchors) = anchored();
    let other = dir.path().join("andet.db");
    fs::copy(&db, &other).unwrap();
    let run = sagsbord(dir.path(), &other, &["audit", "verify", "--anchor", anchors.to_str().unwrap()]).failed();
    assert!(run.stderr.contains("ingen ankre for"), "{}", run.stderr);
    assert!(run.stderr.contains("(kun 1 for andre databasefiler)"), "{}", run.stderr);
}

#[test]
fn the_audit_rows_refuse_update_and_delete_from_sqlite() {
    let (_dir, db) = centre();
    let conn = open_db(&db);
    let err = conn.execute("UPDATE audit SET actor = 'mallory'", []).unwrap_err();
    assert!(err.to_string().contains("revisionssporet ændres aldrig"), "{err}");
    let err = conn.execute("DELETE FROM audit WHERE id > 3", []).unwrap_err();
    assert!(err.to_string().contains("revisionssporet slettes aldrig"), "{err}");
    let err = conn.execute("DELETE FROM audit_change", []).unwrap_err();
    assert!(err.to_string().contains("revisionssporet slettes aldrig"), "{err}");
}

// ---------------------------------------------------------------------------
// audit show
// ---------------------------------------------------------------------------

#[test]
fn audit_show_lists_who_looked_at_and_changed_a_case_in_local_time() {
    let (dir, db) = centre();
    let conn = open_db(&db);
    let step_at: String = conn
        .query_row("SELECT at FROM audit WHERE action = 'record_step' AND entity_id = 35", [], |r| r.get(0))
        .unwrap();
    // The server runs in UTC; the times are the centre's (Copenhagen).
    let utc = chrono::NaiveDateTime::parse_from_str(&step_at, "%Y-%m-%dT%H:%M:%SZ").unwrap();
    let local = chrono::TimeZone::from_utc_datetime(&chrono_tz::Europe::Copenhagen, &utc);
    let run = sagsbord_with(dir.path(), &db, &["audit", "show", "--case", "35"], &[("TZ", "UTC")]).ok();
    let out = &run.stdout;
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Sag 35: hvem har set og ændret den (tid i centrets lokale tid)");
    // The import made the case and its citizen (recorded by key and hash).
    assert!(lines[1].contains(" importerede til databasen"), "{out}");
    assert!(out.contains(&format!("\n{:34}borgere ", "")), "{out}");
    assert!(out.contains(&format!("\n{:34}sager 35 ny\n", "")), "{out}");
    assert!(out.contains("anna       åbnede sag 35\n"), "{out}");
    let step = format!("{}  anna       registrerede et trin i sag 35\n", local.format("%d.%m.%Y kl. %H:%M"));
    assert!(out.contains(&step), "{step}\n{out}");
    assert!(out.contains("sager 35 ændret: visitation_on – → 2026-03-17\n"), "{out}");
    assert!(out.contains("sagshændelser "), "{out}");
    assert!(out.contains(" ny: case_id 35, kind book_visitation, on_date 2026-03-17"), "{out}");
    assert!(out.contains("bo         åbnede sag 35\n"), "{out}");
    assert!(out.contains("bo         så CPR-nummeret i sag 35\n"), "{out}");
    // Nothing of other cases.
    assert!(!out.contains("sager 12"), "{out}");
    // Looking at the trail of a case is itself a look at the case.
    let shown: i64 = open_db(&db)
        .query_row("SELECT count(*) FROM audit WHERE action = 'audit_show' AND entity_id = 35", [], |r| r.get(0))
        .unwrap();
    assert_eq!(shown, 1);

    // A contact registered in the program: its citizen's row in full, but
    // the CPR number.
    let mut anna = crate::common::open_as(&db, "anna", sagsbord::store::Role::TeamLeader);
    let contact = validate_contact(
        &contact_input(),
        &Profile::built_in("randers").unwrap().intake,
        "Randers",
        date("2026-03-17"),
    )
    .unwrap();
    let id = anna.register_contact(&contact).unwrap();
    let run = sagsbord(dir.path(), &db, &["audit", "show", "--case", &id.to_string()]).ok();
    assert!(run.stdout.contains("anna       registrerede kontakten: sag"), "{}", run.stdout);
    assert!(run.stdout.contains("cpr (skjult)"), "{}", run.stdout);
    assert!(!run.stdout.contains("150390"), "{}", run.stdout);
    assert!(run.stdout.contains(&format!("sager {id} ny: channel ")), "{}", run.stdout);

    let run = sagsbord(dir.path(), &db, &["audit", "show", "--case", "999"]).failed();
    assert!(run.stderr.contains("sag 999 findes ikke"), "{}", run.stderr);
}
