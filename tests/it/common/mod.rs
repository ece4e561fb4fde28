//! Test harness shared by the integration tests: the real `sagsbord` binary
//! in a pseudo-terminal, its output parsed by `vt100` into a screen the
//! tests read, and small helpers for databases, the sample and fixtures.
//! [`screen`] renders on ratatui's TestBackend and checks colours there;
//! [`patch`] makes the invalid import files from a valid base.
//!
//! Waiting is always by polling the parsed screen with a deadline, never by
//! sleeping and hoping. The deadline is 10 s, or `SAGSBORD_TEST_TIMEOUT_SECS`
//! seconds when that is set (slow CI machines).

pub mod patch;
pub mod place;
pub mod screen;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use sagsbord::domain::intake::{Channel, ChildrenAnswer, ContactInput, ContactKind, Substance};
use sagsbord::store::exchange::{self, ExportFile};
use sagsbord::store::{Centre, NewUser, Role, Store};
use tempfile::TempDir;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_sagsbord");

/// Key sequences as a terminal sends them (the whole set, used or not).
#[allow(dead_code)]
pub mod keys {
    pub const TAB: &str = "\t";
    pub const BACKTAB: &str = "\x1b[Z";
    pub const ENTER: &str = "\r";
    /// A lone Esc: [`super::Tui::send`] pauses after it, so crossterm does
    /// not read it together with the next key as Alt+key.
    pub const ESC: &str = "\x1b";
    pub const BACKSPACE: &str = "\x7f";
    pub const DELETE: &str = "\x1b[3~";
    pub const UP: &str = "\x1b[A";
    pub const DOWN: &str = "\x1b[B";
    pub const RIGHT: &str = "\x1b[C";
    pub const LEFT: &str = "\x1b[D";
    pub const HOME: &str = "\x1b[H";
    pub const END: &str = "\x1b[F";
    pub const SPACE: &str = " ";
}

/// How long a wait may take before the test fails.
pub fn timeout() -> Duration {
    let secs = std::env::var("SAGSBORD_TEST_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|s| *s > 0)
        .unwrap_or(10);
    Duration::from_secs(secs)
}

/// How often the screen is looked at while waiting.
const POLL: Duration = Duration::from_millis(20);

/// How long to pause after a lone Esc (crossterm waits briefly for the rest
/// of an escape sequence).
const ESC_PAUSE: Duration = Duration::from_millis(100);

/// What to start: arguments, environment and terminal size.
pub struct TuiBuilder {
    args: Vec<String>,
    env: Vec<(String, String)>,
    cols: u16,
    rows: u16,
    cwd: Option<PathBuf>,
    /// Another program than [`BIN`] (an installed copy), started through a
    /// wrapper (`setpriv` as another user): the shared server's tests.
    program: Option<(Vec<String>, PathBuf)>,
}

impl TuiBuilder {
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.args.extend(args.into_iter().map(|a| a.as_ref().to_string()));
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// Terminal size in columns × rows (default 100 × 30).
    pub fn size(mut self, cols: u16, rows: u16) -> Self {
        self.cols = cols;
        self.rows = rows;
        self
    }

    pub fn cwd(mut self, dir: &Path) -> Self {
        self.cwd = Some(dir.to_path_buf());
        self
    }

    /// Runs `program` instead of [`BIN`], as `wrapper… program args…`.
    pub fn via(mut self, wrapper: &[String], program: &Path) -> Self {
        self.program = Some((wrapper.to_vec(), program.to_path_buf()));
        self
    }

    /// Starts the program and waits until it has taken the terminal (the
    /// alternate screen is on, so raw mode is too) and drawn something.
    pub fn spawn(self) -> Tui {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize { rows: self.rows, cols: self.cols, pixel_width: 0, pixel_height: 0 })
            .expect("open a pseudo-terminal");
        let mut cmd = match &self.program {
            None => CommandBuilder::new(BIN),
            Some((wrapper, program)) => {
                let mut cmd = CommandBuilder::new(&wrapper[0]);
                cmd.args(&wrapper[1..]);
                cmd.arg(program.as_os_str());
                cmd
            }
        };
        cmd.args(&self.args);
        // A predictable terminal: no colour switch, user keymap or default
        // database leaks in from the machine running the tests.
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("SAGSBORD_DB");
        cmd.env_remove("COLUMNS");
        cmd.env_remove("LINES");
        let cwd = self.cwd.unwrap_or_else(std::env::temp_dir);
        cmd.env("SAGSBORD_KEYMAP", cwd.join("no-such-keymap.toml").as_os_str());
        cmd.cwd(&cwd);
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("start sagsbord");
        // Only the child holds the terminal's slave side now, so reading the
        // master ends when the child is gone.
        drop(pair.slave);

        let parser = Arc::new(Mutex::new(vt100::Parser::new(self.rows, self.cols, 0)));
        let finished = Arc::new(AtomicBool::new(false));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        {
            let parser = Arc::clone(&parser);
            let finished = Arc::clone(&finished);
            thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    match reader.read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => parser.lock().unwrap().process(&buf[..n]),
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                        // EIO once the child has closed the terminal.
                        Err(_) => break,
                    }
                }
                finished.store(true, Ordering::SeqCst);
            });
        }
        let tui = Tui { child, writer, parser, finished, _master: pair.master, exit: None };
        tui.wait_until("the program to take the terminal", |s| s.alternate_screen() && !s.contents().trim().is_empty());
        tui
    }
}

/// The program running in a pseudo-terminal. Killed when dropped.
pub struct Tui {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    finished: Arc<AtomicBool>,
    _master: Box<dyn MasterPty + Send>,
    exit: Option<ExitStatus>,
}

impl Tui {
    pub fn builder() -> TuiBuilder {
        TuiBuilder { args: Vec::new(), env: Vec::new(), cols: 100, rows: 30, cwd: None, program: None }
    }

    /// Sends keys as raw terminal input. After a trailing lone Esc it
    /// pauses, so the next key is not read as part of an escape sequence.
    /// The program's process id (a wrapper such as `setpriv` execs it, so
    /// the id stays the same).
    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).and_then(|_| self.writer.flush()).expect("write to the terminal");
        if keys.ends_with(keys::ESC) {
            thread::sleep(ESC_PAUSE);
        }
    }

    /// Types text, as a user would (not as a paste).
    pub fn type_text(&mut self, text: &str) {
        assert!(!text.contains('\x1b'), "type_text is for text; use send for keys");
        self.send(text);
    }

    /// Sends `keys` `n` times.
    pub fn send_times(&mut self, keys: &str, n: usize) {
        self.send(&keys.repeat(n));
    }

    /// The screen as text, one line a row.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Reads the parsed screen.
    pub fn with_screen<R>(&self, f: impl FnOnce(&vt100::Screen) -> R) -> R {
        f(self.parser.lock().unwrap().screen())
    }

    /// The first screen row that contains `text`.
    pub fn line_with(&self, text: &str) -> Option<String> {
        self.screen().lines().find(|l| l.contains(text)).map(str::to_string)
    }

    /// Waits until `text` is on the screen; fails with the whole screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_for_within(text, timeout())
    }

    /// Waits until every one of `texts` is on the screen at once. A frame
    /// reaches the terminal in pieces, top row first, so a test that reads
    /// several parts of a screen waits for each, the lowest one included.
    pub fn wait_for_all(&self, texts: &[&str]) -> String {
        self.wait_until(&format!("all of {texts:?} on the screen"), |s| {
            let contents = s.contents();
            texts.iter().all(|t| contents.contains(t))
        })
    }

    pub fn wait_for_within(&self, text: &str, limit: Duration) -> String {
        self.wait_until_within(&format!("{text:?} on the screen"), limit, |s| s.contents().contains(text))
    }

    /// Waits until `text` is no longer on the screen.
    pub fn wait_gone(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} to leave the screen"), |s| !s.contents().contains(text))
    }

    /// Waits until `done` holds for the screen; returns the screen's text.
    pub fn wait_until(&self, what: &str, done: impl Fn(&vt100::Screen) -> bool) -> String {
        self.wait_until_within(what, timeout(), done)
    }

    fn wait_until_within(&self, what: &str, limit: Duration, done: impl Fn(&vt100::Screen) -> bool) -> String {
        let start = Instant::now();
        loop {
            {
                let parser = self.parser.lock().unwrap();
                if done(parser.screen()) {
                    return parser.screen().contents();
                }
            }
            if start.elapsed() >= limit {
                let screen = self.screen();
                let exited =
                    if self.finished.load(Ordering::SeqCst) { " (the program has closed the terminal)" } else { "" };
                panic!(
                    "timed out after {:.1} s waiting for {what}{exited}. The screen:\n{}\n{}\n{}",
                    limit.as_secs_f64(),
                    "─".repeat(40),
                    numbered(&screen),
                    "─".repeat(40)
                );
            }
            thread::sleep(POLL);
        }
    }

    /// Waits for the program to end and for its last output to be parsed.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("poll the child") {
                break status;
            }
            if start.elapsed() >= timeout() {
                panic!("sagsbord did not exit within {:?}. The screen:\n{}", timeout(), numbered(&self.screen()));
            }
            thread::sleep(POLL);
        };
        while !self.finished.load(Ordering::SeqCst) {
            if start.elapsed() >= timeout() {
                panic!("the terminal output did not end after the program exited");
            }
            thread::sleep(POLL);
        }
        self.exit = Some(status.clone());
        status
    }

    /// Quits with `q` and checks the program ends well and gives the
    /// terminal back (leaves the alternate screen).
    pub fn quit(mut self) {
        self.send("q");
        let status = self.wait_exit();
        assert!(status.success(), "sagsbord exited with {status:?}; screen:\n{}", self.screen());
        assert!(!self.with_screen(|s| s.alternate_screen()), "the alternate screen was not left on exit");
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if self.exit.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The screen with row numbers, for failure messages.
fn numbered(screen: &str) -> String {
    screen.lines().enumerate().map(|(i, l)| format!("{i:>2}│{l}")).collect::<Vec<_>>().join("\n")
}

/// A path inside the crate.
pub fn manifest(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A file under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    manifest("tests/fixtures").join(name)
}

/// A date written `YYYY-MM-DD`.
pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The demo centre's export file, as text.
pub fn sample_text() -> String {
    std::fs::read_to_string(manifest("sample-data/centre.json")).expect("the sample file")
}

/// The demo centre's export file.
pub fn sample() -> ExportFile {
    exchange::parse(&sample_text()).expect("the sample parses")
}

/// Every audit row of the centre, oldest first.
pub fn trail(store: &Store) -> Vec<sagsbord::store::AuditEntry> {
    (1..=store.audit_head().unwrap().id).filter_map(|id| store.audit_row(id).unwrap()).collect()
}

/// A fresh database file in its own folder.
pub fn fresh(actor: &str) -> (TempDir, PathBuf, Store) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("sagsbord.db");
    let store = Store::open(&path, actor).unwrap();
    (dir, path, store)
}

/// The centre the store tests set up before an import.
pub fn test_centre() -> Centre {
    Centre {
        name: "Misbrugscenter Favrskov".into(),
        municipality: "Favrskov".into(),
        profile: "national".into(),
        profile_path: None,
        profile_toml: None,
    }
}

/// A valid own-use contact from Ida Prøvesen (an invented CPR number).
pub fn contact_input() -> ContactInput {
    ContactInput {
        kind: ContactKind::OwnUse,
        channel: Channel::Phone,
        date: "10.03.2026".into(),
        time: "09:30".into(),
        name: "Ida Prøvesen".into(),
        cpr: "150390-1230".into(),
        pseudonym: String::new(),
        home_municipality: "Randers".into(),
        counsellor: "anna".into(),
        substances: vec![Substance::Cocaine, Substance::Cannabis],
        children: ChildrenAnswer::HasChildren,
        parental_consent: None,
        note: "Ringede selv.".into(),
    }
}

/// Opens a database file the program wrote, to check its rows.
pub fn open_db(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).expect("open the database")
}

/// `SELECT count(*) FROM table`.
pub fn count(db: &rusqlite::Connection, table: &str) -> i64 {
    db.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

/// A CPR number for someone born on `ddmmyy` (seventh digit `century_digit`)
/// that passes the modulus 11 check: an invented number, computed here.
pub fn cpr_passing_modulus11(ddmmyy: &str, century_digit: u32) -> String {
    const WEIGHTS: [u32; 10] = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
    assert_eq!(ddmmyy.len(), 6);
    for serial in 0..100u32 {
        let mut digits: Vec<u32> = ddmmyy.chars().map(|c| c.to_digit(10).unwrap()).collect();
        digits.extend([century_digit, serial / 10, serial % 10]);
        let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
        let check = (11 - sum % 11) % 11;
        if check < 10 {
            digits.push(check);
            let total: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
            assert_eq!(total % 11, 0);
            let s: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
            return format!("{}-{}", &s[..6], &s[6..]);
        }
    }
    unreachable!("some serial always gives a check digit below 10")
}

/// Two open cases, registered a week apart (case 1 is the more urgent).
pub const TWO_CASES: &str = r#"{
  "format": "sagsbord",
  "version": 1,
  "centre": { "name": "Testcentret", "municipality": "Faxe", "profile": "national" },
  "citizens": [
    { "id": 1, "name": "Karen Testesen", "home_municipality": "Faxe" },
    { "id": 2, "name": "Mads Prøvesen", "home_municipality": "Faxe" }
  ],
  "cases": [
    { "id": 1, "citizen_id": 1, "kind": "own_use", "channel": "phone",
      "contact_at": "2026-03-02T09:00:00", "counsellor": "anna", "children": "no_children" },
    { "id": 2, "citizen_id": 2, "kind": "own_use", "channel": "in_person",
      "contact_at": "2026-03-09T11:30:00", "counsellor": "anna", "children": "no_children" }
  ],
  "case_events": [
    { "id": 1, "case_id": 1, "kind": "registered", "on": "2026-03-02", "actor": "anna",
      "recorded_at": "2026-03-02T09:05:00Z" },
    { "id": 2, "case_id": 2, "kind": "registered", "on": "2026-03-09", "actor": "anna",
      "recorded_at": "2026-03-09T11:35:00Z" }
  ]
}"#;

/// Registers `name` with `role` in the database at `path` (by a team
/// leader the file has: its creator) unless they are registered, and
/// opens it as them: how a test looks through a colleague's eyes.
pub fn open_as(path: &Path, name: &str, role: Role) -> Store {
    let store = Store::open(path, name).unwrap();
    if store.user(name).unwrap().is_some() {
        return store;
    }
    let leader = store.users().unwrap().into_iter().find(|u| u.role == Role::TeamLeader && !u.disabled).unwrap();
    drop(store);
    let mut leader = Store::open(path, &leader.name).unwrap();
    let user = NewUser { name: name.into(), full_name: String::new(), role, anonymous_team: false };
    leader.add_user(&user).unwrap();
    drop(leader);
    Store::open(path, name).unwrap()
}

/// Registers the user running the tests (root in CI) as a team leader of
/// the file at `path`, made in-process by another name: the real binary
/// then runs as a user of it, as a counsellor at the centre does, rather
/// than as a person who is not a user and sees only that screen.
pub fn let_the_binary_in(path: &Path) {
    let me = sagsbord::store::current_user().expect("the running user");
    drop(open_as(path, &me, Role::TeamLeader));
}

/// One run of the program: its exit code and what it printed.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn of(out: std::process::Output) -> Run {
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn ok(self) -> Run {
        assert_eq!(self.code, Some(0), "expected success\nstdout: {}\nstderr: {}", self.stdout, self.stderr);
        self
    }

    pub fn failed(self) -> Run {
        assert!(
            self.code.is_some_and(|c| c != 0),
            "expected a failure, got {:?}\nstdout: {}\nstderr: {}",
            self.code,
            self.stdout,
            self.stderr
        );
        self
    }

    /// Refused by sagsbord itself: exit 1 and the reason in Danish.
    pub fn refused(self, why: &str) -> Run {
        assert!(
            self.code == Some(1) && self.stderr.contains(why),
            "expected exit 1 saying {why:?}, got {:?}\nstdout: {}\nstderr: {}",
            self.code,
            self.stdout,
            self.stderr
        );
        self
    }
}

/// The conflict a save met, and how it is said; any other outcome fails.
pub fn conflict_of<T: std::fmt::Debug>(
    result: Result<T, sagsbord::store::StoreError>,
) -> (sagsbord::store::Conflict, String) {
    use sagsbord::store::StoreError;
    match result {
        Err(e @ StoreError::Changed(_)) => {
            let said = e.to_string();
            let StoreError::Changed(conflict) = e else { unreachable!() };
            (*conflict, said)
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
}

/// `contact` registered to the citizen who already holds its CPR number
/// or pseudonym, if any (a test that registers one person again says so,
/// as the form's "same person?" answer does); read without a recorded look.
pub fn joined(
    store: &Store,
    mut contact: sagsbord::domain::intake::NewContact,
) -> sagsbord::domain::intake::NewContact {
    use sagsbord::domain::intake::{CitizenChoice, Identity};
    let key = |i: &Identity| match i {
        Identity::Named { cpr: Some(cpr), .. } => Some(cpr.full()),
        Identity::Named { cpr: None, .. } => None,
        Identity::Anonymous { pseudonym } => Some(format!("pseudonym:{pseudonym}")),
    };
    let wanted = key(&contact.case.identity);
    if wanted.is_some()
        && let Some(known) = store.all_cases().unwrap().into_iter().find(|c| key(&c.identity) == wanted)
    {
        contact.citizen = CitizenChoice::Known { id: known.citizen_id };
    }
    contact
}

/// A new database on the test server, as the URL a user gives `--db`.
pub fn server_url() -> String {
    let config = sagsbord::store::engine::test_server::fresh_database();
    let field = |key: &str| {
        config
            .split_whitespace()
            .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("the test server's connection string names no {key}: {config}"))
            .to_string()
    };
    format!("postgresql://{}@{}:{}/{}", field("user"), field("host"), field("port"), field("dbname"))
}

/// Fills the Indtag pane's new-contact form from its first field: own use
/// by phone today (the defaults), `name` and `cpr`, the centre's
/// municipality and the user as counsellor, amphetamine, and children
/// asked, none under 18; the form is left open, ready to save.
pub fn fill_new_contact(tui: &mut Tui, name: &str, cpr: &str) {
    use keys::{RIGHT, SPACE, TAB};
    tui.send("n");
    tui.wait_for("Ny henvendelse");
    // kind, channel, date, time: the defaults (own use, phone, today, now).
    tui.send_times(TAB, 4);
    tui.type_text(name);
    tui.send(TAB);
    tui.type_text(cpr);
    // municipality (the centre's), counsellor (the user), then substances.
    tui.send_times(TAB, 3);
    tui.send(RIGHT);
    tui.send(SPACE);
    tui.wait_for("‹[x] Amfetamin›");
    tui.send(TAB);
    tui.send(RIGHT);
    tui.wait_for("‹ Spurgt: ingen børn under 18 ›");
}
