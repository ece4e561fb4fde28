//! The keymaps as a user meets them: `sagsbord keys --check` on fixture
//! files (every problem, with file and line, wrapped at 80 columns),
//! `keys --print` (the map in use), `--keymap vim`, the start-up list of a
//! file's problems and the command palette, in the real binary.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::keys::{ENTER, ESC};
use crate::common::{BIN, Run, TWO_CASES, Tui, fixture};
use sagsbord::store::{Store, current_user, exchange};

fn sagsbord(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("SAGSBORD_DB")
        .env("SAGSBORD_KEYMAP", dir.join("no-such-keymap.toml"))
        .stdin(Stdio::null())
        .output()
        .expect("run sagsbord");
    Run::of(out)
}

/// The output's lines with the fixture's path taken out, to compare.
fn lines_of(out: &str, path: &Path) -> Vec<String> {
    out.lines().map(|l| l.replace(&path.display().to_string(), "FIL")).collect()
}

/// The output as the blocks a reader sees: the heading, then one block a
/// problem, each with its wrapped rows joined again.
fn blocks(out: &str, path: &Path) -> Vec<String> {
    let mut blocks: Vec<String> = Vec::new();
    for line in lines_of(out, path) {
        let goes_on = line.starts_with("    ") || (line.starts_with("  ") && !line.contains(", linje "));
        match blocks.last_mut() {
            Some(last) if goes_on => last.push_str(&format!(" {}", line.trim_start())),
            _ => blocks.push(line.trim_start().to_string()),
        }
    }
    blocks
}

fn assert_fits_80(out: &str) {
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "{} columns: {line}", line.chars().count());
    }
}

#[test]
fn check_lists_every_problem_of_a_file_with_its_line_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture("keymaps/invalid/every_kind.toml");
    let run = sagsbord(dir.path(), &["keys", "--check", file.to_str().unwrap()]);
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    assert_fits_80(&run.stdout);
    let problems = blocks(&run.stdout, &file);
    assert_eq!(problems[0], "FIL har 5 problemer og bruges ikke, før de er rettet:");
    assert_eq!(problems[1], "every_kind.toml, linje 4: ukendt tast \"ctlr-x\" i [intake]");
    assert_eq!(problems[2], "every_kind.toml, linje 6: ukendt handling \"fly\" for tasten \"z\" i [intake]");
    assert_eq!(problems[3], "every_kind.toml, linje 8: tasten \"y\" står to gange i [intake]");
    let section = "every_kind.toml, linje 11: ukendt afsnit [pane]; kendte afsnit: global, list,";
    assert!(problems[4].starts_with(section), "{}", problems[4]);
    assert!(problems[4].ends_with("find, case_life, palette"), "{}", problems[4]);
    assert_eq!(problems[5], "every_kind.toml, linje 16: tasten \"j\" bruges både i [list] og [plans]");
    assert_eq!(problems.len(), 6, "{problems:#?}");
}

#[test]
fn check_names_every_conflict_on_a_screen_and_a_file_that_is_not_toml() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture("keymaps/invalid/conflicts.toml");
    let run = sagsbord(dir.path(), &["keys", "--check", file.to_str().unwrap()]);
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    assert_fits_80(&run.stdout);
    let problems = blocks(&run.stdout, &file);
    // The global "n" meets every pane's own "n"; the "ø" of [groups]
    // meets the list's on the group list.
    assert_eq!(problems[0], "FIL har 11 problemer og bruges ikke, før de er rettet:");
    for layer in ["intake", "plans", "notifications", "stays", "groups", "group", "move_courses", "family"] {
        let said = format!("conflicts.toml, linje 4: tasten \"n\" bruges både i [global] og [{layer}]");
        assert!(problems.contains(&said), "{said} in {problems:#?}");
    }
    assert_eq!(problems.last().unwrap(), "conflicts.toml, linje 14: tasten \"ø\" bruges både i [list] og [groups]");
    assert_eq!(problems.len(), 12, "{problems:#?}");

    let file = fixture("keymaps/invalid/not_toml.toml");
    let run = sagsbord(dir.path(), &["keys", "--check", file.to_str().unwrap()]);
    assert_eq!(run.code, Some(1));
    let problems = blocks(&run.stdout, &file);
    assert_eq!(problems[0], "FIL har ét problem og bruges ikke, før de er rettet:");
    assert!(
        problems[1].starts_with("not_toml.toml, linje 4: tastaturfilen kan ikke læses (kolonne 3)"),
        "{problems:#?}"
    );
    // Was: the TOML parser's own English ("missing comma between array
    // elements") after the colon.
    let said = problems[1].split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(said.ends_with("der mangler et komma mellem listens elementer"), "{problems:#?}");
    assert!(!said.contains("missing"), "{problems:#?}");
    assert_eq!(problems.len(), 2, "{problems:#?}");
}

#[test]
fn a_good_file_passes_the_check_and_print_shows_its_danish_letters_in_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture("keymaps/valid/danish_letters.toml");
    let run = sagsbord(dir.path(), &["keys", "--check", file.to_str().unwrap()]).ok();
    assert!(run.stdout.contains("ingen problemer"), "{}", run.stdout);
    let run = sagsbord(dir.path(), &["--keymap", file.to_str().unwrap(), "keys", "--print"]).ok();
    assert_fits_80(&run.stdout);
    assert!(run.stdout.contains("Indtag [intake]"), "{}", run.stdout);
    let row = |key: &str, desc: &str| {
        run.stdout.lines().any(|l| l.starts_with(&format!("  {key} ")) && l.trim_end().ends_with(&format!("  {desc}")))
    };
    assert!(row("æ", "Ny henvendelse (æ)"), "{}", run.stdout);
    assert!(row("å", "Åbn gruppen (å)"), "{}", run.stdout);
    assert!(!row("n", "Ny henvendelse"), "n was taken away:\n{}", run.stdout);
}

#[test]
fn keymap_vim_and_emacs_choose_the_base_the_print_shows() {
    let dir = tempfile::tempdir().unwrap();
    let emacs = sagsbord(dir.path(), &["--keymap", "emacs", "keys", "--print"]).ok();
    assert!(emacs.stdout.contains("alt-x"), "{}", emacs.stdout);
    assert!(emacs.stdout.contains("ctrl-n"), "{}", emacs.stdout);
    let vim = sagsbord(dir.path(), &["--keymap", "vim", "keys", "--print"]).ok();
    assert!(vim.stdout.contains("ctrl-d"), "{}", vim.stdout);
    assert!(!vim.stdout.contains("alt-x"), "{}", vim.stdout);
    let default = sagsbord(dir.path(), &["keys", "--print"]).ok();
    assert!(!default.stdout.contains("ctrl-d"), "{}", default.stdout);
    assert!(default.stdout.contains("Kommandoer [palette]"), "{}", default.stdout);
}

fn two_cases(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("sagsbord.db");
    Store::open(&db, &current_user().unwrap()).unwrap().import(&exchange::parse(TWO_CASES).unwrap()).unwrap();
    db
}

#[test]
fn at_start_every_problem_of_the_file_is_listed_wrapped_at_80_columns_and_esc_takes_it_away() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_cases(dir.path());
    let file = fixture("keymaps/invalid/every_kind.toml");
    let mut tui = Tui::builder()
        .args(["--db", db.to_str().unwrap(), "--keymap", file.to_str().unwrap()])
        .size(80, 24)
        .cwd(dir.path())
        .spawn();
    // The frame arrives in pieces: wait for its lowest problem too.
    let screen = tui.wait_for_all(&["Din tastaturfil bruges ikke", "Karen Testesen", "linje 16: tasten \"j\""]);
    for said in [
        "linje 4: ukendt tast",
        "linje 6: ukendt handling",
        "linje 8: tasten \"y\"",
        "linje 11: ukendt",
        "linje 16: tasten \"j\"",
    ] {
        assert!(screen.contains(said), "{said}:\n{screen}");
    }
    tui.send(ESC);
    tui.wait_gone("linje 4: ukendt tast");
    tui.wait_for("Karen Testesen");
    tui.quit();
}

#[test]
fn the_palette_in_the_real_binary_finds_an_action_by_part_of_its_name_and_enter_runs_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_cases(dir.path());
    let mut tui = Tui::builder().args(["--db", db.to_str().unwrap()]).size(80, 24).cwd(dir.path()).spawn();
    tui.wait_for_all(&["Karen Testesen", "q afslut"]);
    tui.send(":");
    tui.wait_for_all(&["Kommandoer", "Søg en handling:"]);
    tui.type_text("grupp");
    tui.wait_for("Grupper");
    tui.send(ENTER);
    tui.wait_gone("Søg en handling:");
    tui.wait_for("[3 Grupper]");
    tui.quit();
}
