//! The real binary in a pseudo-terminal, timed from the outside: every
//! chunk the program writes is stamped when it is read, so a key's time is
//! from the moment it was written to the terminal to the last byte of the
//! frame it caused, and its size is every byte written in between.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long the program must stay silent after the awaited frame before
/// the frame counts as complete. A frame is written in one go (ratatui
/// draws and flushes it at once), so this is only a margin for a loaded
/// machine descheduling the program between two writes of one frame.
const QUIET: Duration = Duration::from_millis(250);

/// How long a frame may take before the bench stops and shows the screen
/// (a 100,000-case centre on a loaded machine takes seconds for some keys).
const GIVE_UP: Duration = Duration::from_secs(120);

/// What the program wrote in answer to one key (or to being started).
#[derive(Clone, Copy, Debug)]
pub struct Response {
    /// From the key written (or the program spawned) to the last byte of
    /// the complete frame.
    pub latency: Duration,
    /// Every byte the program wrote to the terminal meanwhile.
    pub bytes: usize,
}

/// One run of the program in a terminal of a fixed size.
pub struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    chunks: Receiver<(Instant, Vec<u8>)>,
    parser: vt100::Parser,
    _master: Box<dyn MasterPty + Send>,
}

impl Session {
    /// Starts `bin args…` and waits for the first frame that `complete`
    /// accepts; the response is the start-up time.
    pub fn start(
        bin: &Path,
        args: &[&str],
        (cols, rows): (u16, u16),
        complete: impl Fn(&vt100::Screen) -> bool,
    ) -> (Session, Response) {
        let pair = native_pty_system()
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .expect("open a pseudo-terminal");
        let mut cmd = CommandBuilder::new(bin);
        cmd.args(args);
        // The same terminal on every machine: no colour switch, user keymap
        // or default database leaks in.
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("SAGSBORD_DB");
        cmd.env("SAGSBORD_KEYMAP", "/nonexistent/sagsbord-bench-keymap.toml");
        let (send, chunks) = mpsc::channel();
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        thread::spawn(move || {
            let mut buf = [0u8; 16 * 1024];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        if send.send((Instant::now(), buf[..n].to_vec())).is_err() {
                            break;
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    // EIO once the child has closed the terminal.
                    Err(_) => break,
                }
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        let started = Instant::now();
        let child = pair.slave.spawn_command(cmd).expect("start sagsbord");
        // Only the child holds the slave side now: reading ends with it.
        drop(pair.slave);
        let mut session =
            Session { child, writer, chunks, parser: vt100::Parser::new(rows, cols, 0), _master: pair.master };
        let response = session.settle(started, complete);
        (session, response)
    }

    /// The screen as the terminal shows it now.
    pub fn screen(&self) -> &vt100::Screen {
        self.parser.screen()
    }

    /// Writes `keys` and waits for the frame that `complete` accepts
    /// (given the screen before the key and the screen now).
    pub fn press(&mut self, keys: &str, complete: impl Fn(&vt100::Screen, &vt100::Screen) -> bool) -> Response {
        let before = self.parser.screen().clone();
        let sent = Instant::now();
        self.writer.write_all(keys.as_bytes()).and_then(|()| self.writer.flush()).expect("write to the terminal");
        self.settle(sent, |now| complete(&before, now))
    }

    /// Reads until `complete` holds and the program has then been quiet
    /// for [`QUIET`]. Stops the bench with the screen when the frame never
    /// comes.
    fn settle(&mut self, since: Instant, complete: impl Fn(&vt100::Screen) -> bool) -> Response {
        let mut last = since;
        let mut bytes = 0;
        let mut done = false;
        loop {
            let wait = if done { QUIET } else { GIVE_UP.saturating_sub(since.elapsed()) };
            match self.chunks.recv_timeout(wait) {
                Ok((at, chunk)) => {
                    self.parser.process(&chunk);
                    bytes += chunk.len();
                    last = at;
                    done = complete(self.parser.screen());
                }
                Err(RecvTimeoutError::Timeout) if done => break,
                Err(e) => panic!(
                    "no complete frame after {:?} ({e}); the screen:\n{}",
                    since.elapsed(),
                    self.parser.screen().contents()
                ),
            }
        }
        Response { latency: last - since, bytes }
    }

    /// The program's peak resident set so far (VmHWM), in KiB.
    pub fn peak_rss_kib(&self) -> u64 {
        let pid = self.child.process_id().expect("the program's process id");
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("read /proc/PID/status");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM in /proc/PID/status")
    }

    /// Quits with `q` and waits for the program to end.
    pub fn quit(mut self) {
        self.writer.write_all(b"q").and_then(|()| self.writer.flush()).expect("write to the terminal");
        let status = self.child.wait().expect("wait for sagsbord");
        assert!(status.success(), "sagsbord ended with {status:?}");
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
