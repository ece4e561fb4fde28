//! A tour file: a trainer's script in the spirit of VHS's tape format
//! (charmbracelet/vhs), one command a line. Pure: text in, steps out, and
//! every problem said in Danish with its line, never a panic.
//!
//! ```text
//! # A comment.
//! Title "Ny henvendelse"          header: before the first Caption
//! Scenario "randers"              header: the demo's sample centre
//! Set TypingSpeed 40ms            header: the pause between two keys
//! Caption "Tryk n for en ny henvendelse."   starts a step
//! Type "n"                        each character as a key
//! Down 3                          a named key, optionally repeated
//! Ctrl+S                          Ctrl+, Alt+ and Shift+Tab
//! Sleep 500ms                     a pause inside the step
//! ```
//!
//! The written form ([`write`]) is what [`parse`] reads, so a recorded tour
//! reads back as the same steps.

use std::fmt::Write as _;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::text::tour as text;

/// The largest tour file read: a script, not a data file.
pub const MAX_BYTES: usize = 64 * 1024;
/// The most steps a tour may have.
pub const MAX_STEPS: usize = 200;
/// The most keys and pauses one step may hold.
pub const MAX_ACTS: usize = 2_000;
/// The most times one line may repeat its key.
pub const MAX_REPEAT: u32 = 99;
/// The longest pause one `Sleep` or `TypingSpeed` may ask for.
pub const MAX_PAUSE: Duration = Duration::from_secs(60);
/// The pause between two keys when the tour does not set one.
pub const DEFAULT_TYPING: Duration = Duration::from_millis(40);

/// What one step does after its caption is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Key(KeyEvent),
    Sleep(Duration),
}

/// One caption and the keys it explains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub caption: String,
    /// The line of its `Caption`, for messages.
    pub line: usize,
    pub acts: Vec<Act>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tour {
    pub title: Option<String>,
    /// The demo's sample centre the tour plays on; `None`: the default one.
    pub scenario: Option<String>,
    pub typing: Duration,
    pub steps: Vec<Step>,
}

/// Why a tour file cannot be played: the line (from 1; 0 for the whole
/// file) and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TourError {
    pub line: usize,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    TooLarge,
    NoSteps,
    TooManySteps,
    TooManyKeys,
    UnknownCommand(String),
    UnknownSetting(String),
    Unterminated,
    ExpectedText(&'static str),
    TrailingText(String),
    BadCount(String),
    BadDuration(String),
    KeyBeforeCaption,
    HeaderAfterCaption(&'static str),
    Twice(&'static str),
    EmptyText(&'static str),
}

impl std::fmt::Display for TourError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&text::error(self.line, &self.problem))
    }
}

impl std::error::Error for TourError {}

/// The named keys, as the file names them (VHS's names, and `Esc`).
const NAMED: &[(&str, KeyCode)] = &[
    ("Enter", KeyCode::Enter),
    ("Tab", KeyCode::Tab),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("Escape", KeyCode::Esc),
    ("Esc", KeyCode::Esc),
    ("Space", KeyCode::Char(' ')),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
];

/// Reads a tour file.
pub fn parse(source: &str) -> Result<Tour, TourError> {
    if source.len() > MAX_BYTES {
        return Err(TourError { line: 0, problem: Problem::TooLarge });
    }
    let mut tour = Tour { title: None, scenario: None, typing: DEFAULT_TYPING, steps: Vec::new() };
    let mut typing_set = false;
    for (i, raw) in source.lines().enumerate() {
        let line = i + 1;
        let fail = |problem| TourError { line, problem };
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (word, rest) = trimmed.split_once(char::is_whitespace).unwrap_or((trimmed, ""));
        let rest = rest.trim_start();
        match word {
            "Caption" => {
                let caption = quoted(rest, "Caption").map_err(fail)?;
                if tour.steps.len() == MAX_STEPS {
                    return Err(fail(Problem::TooManySteps));
                }
                tour.steps.push(Step { caption, line, acts: Vec::new() });
            }
            "Title" | "Scenario" => {
                let name = if word == "Title" { "Title" } else { "Scenario" };
                if !tour.steps.is_empty() {
                    return Err(fail(Problem::HeaderAfterCaption(name)));
                }
                let value = quoted(rest, name).map_err(fail)?;
                let slot = if word == "Title" { &mut tour.title } else { &mut tour.scenario };
                if slot.is_some() {
                    return Err(fail(Problem::Twice(name)));
                }
                *slot = Some(value);
            }
            "Set" => {
                if !tour.steps.is_empty() {
                    return Err(fail(Problem::HeaderAfterCaption("Set")));
                }
                let (setting, value) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
                if setting != "TypingSpeed" {
                    return Err(fail(Problem::UnknownSetting(setting.to_string())));
                }
                if typing_set {
                    return Err(fail(Problem::Twice("Set TypingSpeed")));
                }
                tour.typing = duration(value.trim()).map_err(fail)?;
                typing_set = true;
            }
            _ => {
                let acts = acts(word, rest).map_err(fail)?;
                let step = tour.steps.last_mut().ok_or_else(|| fail(Problem::KeyBeforeCaption))?;
                if step.acts.len() + acts.len() > MAX_ACTS {
                    return Err(fail(Problem::TooManyKeys));
                }
                step.acts.extend(acts);
            }
        }
    }
    if tour.steps.is_empty() {
        return Err(TourError { line: 0, problem: Problem::NoSteps });
    }
    Ok(tour)
}

/// The keys and pauses of one key line: `Type "…"`, `Sleep 1s`, a named
/// key or a Ctrl+/Alt+ key with an optional count.
fn acts(word: &str, rest: &str) -> Result<Vec<Act>, Problem> {
    match word {
        "Type" => {
            let typed = quoted(rest, "Type")?;
            if typed.chars().count() > MAX_ACTS {
                return Err(Problem::TooManyKeys);
            }
            Ok(typed.chars().map(|c| Act::Key(char_key(c))).collect())
        }
        "Sleep" => Ok(vec![Act::Sleep(duration(rest)?)]),
        _ => {
            let key = key(word)?;
            let n = count(rest)?;
            Ok(vec![Act::Key(key); n as usize])
        }
    }
}

/// A key's event as the terminal gives it: an upper-case letter comes with
/// Shift, as crossterm reports it.
fn char_key(c: char) -> KeyEvent {
    let modifiers = if c.is_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
    KeyEvent::new(KeyCode::Char(c), modifiers)
}

fn key(word: &str) -> Result<KeyEvent, Problem> {
    if word == "Shift+Tab" {
        return Ok(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    }
    if let Some((_, code)) = NAMED.iter().find(|(name, _)| *name == word) {
        return Ok(KeyEvent::new(*code, KeyModifiers::NONE));
    }
    for (prefix, modifier) in [("Ctrl+", KeyModifiers::CONTROL), ("Alt+", KeyModifiers::ALT)] {
        if let Some(rest) = word.strip_prefix(prefix) {
            let mut chars = rest.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                return Ok(KeyEvent::new(KeyCode::Char(c.to_ascii_lowercase()), modifier));
            }
            if let Some((_, code)) = NAMED.iter().find(|(name, _)| *name == rest) {
                return Ok(KeyEvent::new(*code, modifier));
            }
        }
    }
    if let Some(n) = word.strip_prefix('F').and_then(|n| n.parse::<u8>().ok()).filter(|n| (1..=12).contains(n)) {
        return Ok(KeyEvent::new(KeyCode::F(n), KeyModifiers::NONE));
    }
    Err(Problem::UnknownCommand(word.to_string()))
}

/// The count after a key: none is once.
fn count(rest: &str) -> Result<u32, Problem> {
    if rest.is_empty() {
        return Ok(1);
    }
    match rest.parse::<u32>() {
        Ok(n) if (1..=MAX_REPEAT).contains(&n) => Ok(n),
        _ => Err(Problem::BadCount(rest.to_string())),
    }
}

/// `500ms`, `2s`, `1.5s` (VHS's forms), at most [`MAX_PAUSE`].
fn duration(value: &str) -> Result<Duration, Problem> {
    let bad = || Problem::BadDuration(value.to_string());
    let (number, millis_per_unit) = if let Some(n) = value.strip_suffix("ms") {
        (n, 1u64)
    } else if let Some(n) = value.strip_suffix('s') {
        (n, 1000)
    } else {
        return Err(bad());
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| !s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !(fraction.is_empty() || (digits(fraction) && millis_per_unit == 1000)) {
        return Err(bad());
    }
    let whole: u64 = whole.parse().map_err(|_| bad())?;
    // Thousandths of a second at most: "1.5" is 1500 ms.
    let fraction_ms: u64 = format!("{fraction:0<3}")[..3].parse().map_err(|_| bad())?;
    let millis = whole * millis_per_unit + if millis_per_unit == 1000 { fraction_ms } else { 0 };
    let pause = Duration::from_millis(millis);
    if pause > MAX_PAUSE { Err(bad()) } else { Ok(pause) }
}

/// A double-quoted text and nothing after it; `\"`, `\\` and `\n` inside.
fn quoted(rest: &str, command: &'static str) -> Result<String, Problem> {
    let Some(body) = rest.strip_prefix('"') else {
        return Err(Problem::ExpectedText(command));
    };
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let after = body[i + 1..].trim();
                if !after.is_empty() && !after.starts_with('#') {
                    return Err(Problem::TrailingText(after.to_string()));
                }
                // A Type of one space is a key; a caption must say something.
                if out.is_empty() || (command != "Type" && out.trim().is_empty()) {
                    return Err(Problem::EmptyText(command));
                }
                return Ok(out);
            }
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, c @ ('"' | '\\'))) => out.push(c),
                Some((_, other)) => {
                    out.push('\\');
                    out.push(other);
                }
                None => break,
            },
            c => out.push(c),
        }
    }
    Err(Problem::Unterminated)
}

/// A text quoted so that [`quoted`] reads it back.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A key as a tour file names it; `None` for a plain character (it goes
/// into a `Type` line) or a key the format has no name for.
fn key_word(key: &KeyEvent) -> Option<String> {
    if key.code == KeyCode::BackTab {
        return Some("Shift+Tab".to_string());
    }
    let prefix = if key.modifiers.contains(KeyModifiers::CONTROL) {
        "Ctrl+"
    } else if key.modifiers.contains(KeyModifiers::ALT) {
        "Alt+"
    } else {
        ""
    };
    let name = match key.code {
        KeyCode::Char(' ') if prefix.is_empty() => "Space".to_string(),
        KeyCode::Char(c) if !prefix.is_empty() => c.to_ascii_uppercase().to_string(),
        KeyCode::F(n) if prefix.is_empty() => format!("F{n}"),
        code => NAMED.iter().find(|(name, c)| *c == code && *name != "Esc")?.0.to_string(),
    };
    Some(format!("{prefix}{name}"))
}

/// Whether the key is typed text: a character without Ctrl or Alt.
fn typed(key: &KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c) if c != ' ' && !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => Some(c),
        _ => None,
    }
}

/// The tour as a file [`parse`] reads back: runs of characters as one
/// `Type`, a repeated named key with its count. Keys the format cannot name
/// are left out.
pub fn write(tour: &Tour) -> String {
    let mut out = String::new();
    if let Some(title) = &tour.title {
        let _ = writeln!(out, "Title {}", quote(title));
    }
    if let Some(scenario) = &tour.scenario {
        let _ = writeln!(out, "Scenario {}", quote(scenario));
    }
    if tour.typing != DEFAULT_TYPING {
        let _ = writeln!(out, "Set TypingSpeed {}ms", tour.typing.as_millis());
    }
    for step in &tour.steps {
        let _ = writeln!(out, "\nCaption {}", quote(&step.caption));
        let mut typing = String::new();
        let mut last: Option<(String, u32)> = None;
        let flush_named = |out: &mut String, last: &mut Option<(String, u32)>| {
            if let Some((word, n)) = last.take() {
                if n == 1 {
                    let _ = writeln!(out, "{word}");
                } else {
                    let _ = writeln!(out, "{word} {n}");
                }
            }
        };
        let flush_typed = |out: &mut String, typing: &mut String| {
            if !typing.is_empty() {
                let _ = writeln!(out, "Type {}", quote(typing));
                typing.clear();
            }
        };
        for act in &step.acts {
            match act {
                Act::Key(key) => {
                    // A space inside typed words stays in the Type line.
                    let space = !typing.is_empty() && *key == KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE);
                    if let Some(c) = typed(key).or(space.then_some(' ')) {
                        flush_named(&mut out, &mut last);
                        typing.push(c);
                        continue;
                    }
                    flush_typed(&mut out, &mut typing);
                    let Some(word) = key_word(key) else { continue };
                    match &mut last {
                        Some((w, n)) if *w == word && *n < MAX_REPEAT => *n += 1,
                        _ => {
                            flush_named(&mut out, &mut last);
                            last = Some((word, 1));
                        }
                    }
                }
                Act::Sleep(pause) => {
                    flush_typed(&mut out, &mut typing);
                    flush_named(&mut out, &mut last);
                    let _ = writeln!(out, "Sleep {}ms", pause.as_millis());
                }
            }
        }
        flush_typed(&mut out, &mut typing);
        flush_named(&mut out, &mut last);
    }
    out
}

#[cfg(test)]
#[path = "script_tests.rs"]
mod tests;
