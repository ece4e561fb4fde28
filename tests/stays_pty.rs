//! End to end: the real binary in a pseudo-terminal, read back through a
//! terminal emulator. A counsellor records a residential stay in the Døgn
//! pane, from recommendation to start, and reads its cost on screen.
//!
//! Written against portable-pty and vt100 directly: the shared harness
//! (tests/common) is not on main yet.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};
use sagsbord::domain::stay::StayStatus;
use sagsbord::store::{Store, exchange};

const ROWS: u16 = 24;
const COLS: u16 = 80;

fn timeout() -> Duration {
    let secs = std::env::var("SAGSBORD_TEST_TIMEOUT_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    Duration::from_secs(secs)
}

/// The program running in a pseudo-terminal, and the screen as drawn.
struct Terminal {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
}

impl Terminal {
    fn start(db: &Path, home: &Path) -> Terminal {
        let pair = native_pty_system()
            .openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_sagsbord"));
        cmd.args(["--db", db.to_str().unwrap(), "--today", "2026-03-17"]);
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home);
        // No keymap of the machine's user: the default keys.
        cmd.env("SAGSBORD_KEYMAP", home.join("no-keymap.toml"));
        let child = pair.slave.spawn_command(cmd).expect("the program starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let feed = Arc::clone(&screen);
        thread::spawn(move || {
            // Keeps the master open as long as the reader runs.
            let _master = pair.master;
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.lock().unwrap().process(&buf[..n]);
            }
        });
        Terminal { screen, writer, child }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Types text a key at a time, as a person does.
    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(&c.to_string());
        }
    }

    /// Waits until `needle` is on screen; fails with the screen if it never is.
    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.contents();
            if s.contains(needle) {
                return s;
            }
            if start.elapsed() > timeout() {
                panic!("\"{needle}\" never appeared; the screen:\n{s}");
            }
            thread::sleep(Duration::from_millis(25));
        }
    }

    fn wait_for_exit(&mut self) -> bool {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            if start.elapsed() > timeout() {
                let _ = self.child.kill();
                panic!("the program did not quit; the screen:\n{}", self.contents());
            }
            thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        // Only the child this test started.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}

#[test]
fn a_counsellor_records_a_stay_and_reads_its_cost_on_screen() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("sagsbord.db");
    {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/sample-data/centre.json")).unwrap();
        let mut store = Store::open(&db, "opsaetning").unwrap();
        store.import(&exchange::parse(&text).unwrap()).unwrap();
    }
    let mut t = Terminal::start(&db, dir.path());
    t.wait_for("Indtag · Rusmiddelcenter Randers");

    t.send("4");
    t.wait_for("Døgn · Rusmiddelcenter Randers");
    t.send("n");
    t.wait_for("Ny indstilling til døgnophold");
    t.type_text("20");
    t.send("\t\t\t");
    t.type_text("17.03.2026");
    t.send("\t");
    t.type_text("16.05.2026");
    t.send("\t\t\t");
    t.type_text("Døgnforløb efter aftale med borgeren.");
    t.send("\r");
    t.wait_for("Ophold 12 er indstillet (sag 20).");

    t.send("a");
    t.wait_for("Døgnophold bevilget · ophold 12");
    t.send("\r");
    t.wait_for("Døgnophold bevilget · ophold 12: gemt.");
    t.send("s");
    t.wait_for("Opholdet er startet · ophold 12");
    t.send("\r");
    t.wait_for("Opholdet er startet · ophold 12: gemt.");

    // Open it and read the cost: 17 March to 16 May at Lyngbakken, whose
    // treatment price changes on 1 April.
    t.send("\r");
    t.wait_for("Døgnophold 12 · Peter Lund Jeppesen · sag 20 · Kører");
    t.wait_for("17.03–31.03.2026  Behandling 15 dage × 1.450,00 kr");
    t.send("G");
    let s = t.wait_for("131.472,58 kr");
    assert!(s.contains("I alt"), "{s}");
    assert!(s.contains("Hidtil, til og med 17.03.2026 (1 dag)") && s.contains("2.127,42 kr"), "{s}");

    t.send("q");
    assert!(t.wait_for_exit(), "the program quit with an error");

    // What the screen said is what the file holds, with who did it.
    let store = Store::open(&db, "kontrol").unwrap();
    let stay = store.all_stays().unwrap().into_iter().find(|s| s.id == 12).unwrap();
    assert_eq!((stay.case_id, stay.status()), (20, StayStatus::Running));
    let actors: Vec<String> = store.stay_events(12).unwrap().into_iter().map(|e| e.actor).collect();
    assert_eq!(actors.len(), 3);
    assert!(actors.iter().all(|a| a == &sagsbord::store::current_user()), "{actors:?}");
    assert!(store.verify_audit().unwrap().is_empty());
}
