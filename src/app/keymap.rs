//! Keymaps: TOML files of `{ on, run, desc }` entries, one section a layer.
//! The compiled-in default is the base; a user file overrides only the keys
//! it names. Problems are reported in plain Danish, never swallowed.

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use toml::Spanned;

use super::action::Action;
use crate::text::keys as text;

pub const DEFAULT_KEYMAP: &str = include_str!("../../keymaps/default.toml");

/// Groups of bindings that are active together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    Global,
    List,
    Intake,
    Case,
    /// The Planer board.
    Plans,
    /// The Planer pane's list of follow-up calls.
    FollowUp,
    /// One plan, opened.
    Plan,
    /// The Planer pane's list of complaints about decisions (Klager).
    Complaints,
    /// The Underretninger pane's list.
    Notifications,
    /// One underretning open.
    Notification,
    /// A case's children open.
    Family,
    /// The Døgn pane's list and the steps of the selected or open stay.
    Stays,
    /// A view over the Døgn pane's list: a stay's detail, or the totals.
    StayView,
    /// The Døgn pane's providers and their prices.
    Providers,
    Form,
    Search,
    Help,
    /// Grupper: the group list.
    Groups,
    /// One group: its sessions and members.
    Group,
    RollCall,
    /// Typing a card's serial number on a roll-call line.
    Serial,
    /// The list of MOVE courses.
    MoveCourses,
    /// One MOVE course.
    MoveCourse,
    Ledger,
    /// The Rapporter pane.
    Reports,
    /// The find over every case, its search being typed.
    Find,
    /// A case's whole life, opened from the find.
    CaseLife,
    /// The command palette, its search being typed.
    Palette,
}

impl Layer {
    pub const ALL: [Layer; 28] = [
        Layer::Global,
        Layer::List,
        Layer::Intake,
        Layer::Case,
        Layer::Plans,
        Layer::FollowUp,
        Layer::Plan,
        Layer::Complaints,
        Layer::Notifications,
        Layer::Notification,
        Layer::Family,
        Layer::Stays,
        Layer::StayView,
        Layer::Providers,
        Layer::Form,
        Layer::Search,
        Layer::Help,
        Layer::Groups,
        Layer::Group,
        Layer::RollCall,
        Layer::Serial,
        Layer::MoveCourses,
        Layer::MoveCourse,
        Layer::Ledger,
        Layer::Reports,
        Layer::Find,
        Layer::CaseLife,
        Layer::Palette,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Layer::Global => "global",
            Layer::List => "list",
            Layer::Intake => "intake",
            Layer::Case => "case",
            Layer::Plans => "plans",
            Layer::FollowUp => "follow_up",
            Layer::Plan => "plan",
            Layer::Complaints => "complaints",
            Layer::Notifications => "notifications",
            Layer::Notification => "notification",
            Layer::Family => "family",
            Layer::Stays => "stays",
            Layer::StayView => "stay_view",
            Layer::Providers => "providers",
            Layer::Form => "form",
            Layer::Search => "search",
            Layer::Help => "help",
            Layer::Groups => "groups",
            Layer::Group => "group",
            Layer::RollCall => "roll_call",
            Layer::Serial => "serial",
            Layer::MoveCourses => "move_courses",
            Layer::MoveCourse => "move_course",
            Layer::Ledger => "ledger",
            Layer::Reports => "reports",
            Layer::Find => "find",
            Layer::CaseLife => "case_life",
            Layer::Palette => "palette",
        }
    }
}

/// A key as a keymap names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCodeId,
    pub ctrl: bool,
    pub alt: bool,
}

/// The key codes a keymap can name, ordered so keys sort predictably.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCodeId {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    F(u8),
}

const NAMED: [(&str, KeyCodeId); 15] = [
    ("enter", KeyCodeId::Enter),
    ("esc", KeyCodeId::Esc),
    ("tab", KeyCodeId::Tab),
    ("backtab", KeyCodeId::BackTab),
    ("backspace", KeyCodeId::Backspace),
    ("delete", KeyCodeId::Delete),
    ("up", KeyCodeId::Up),
    ("down", KeyCodeId::Down),
    ("left", KeyCodeId::Left),
    ("right", KeyCodeId::Right),
    ("pgup", KeyCodeId::PageUp),
    ("pgdown", KeyCodeId::PageDown),
    ("home", KeyCodeId::Home),
    ("end", KeyCodeId::End),
    ("space", KeyCodeId::Char(' ')),
];

impl Key {
    /// Reads `n`, `N`, `ctrl-c`, `alt-x`, `enter`, `f2`, ...
    pub fn parse(spec: &str) -> Option<Key> {
        let mut rest = spec;
        let (mut ctrl, mut alt) = (false, false);
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCodeId::Char(c),
            _ => match NAMED.iter().find(|(name, _)| *name == rest) {
                Some((_, code)) => *code,
                None => {
                    let n: u8 = rest.strip_prefix('f')?.parse().ok()?;
                    if !(1..=12).contains(&n) {
                        return None;
                    }
                    KeyCodeId::F(n)
                }
            },
        };
        Some(Key { code, ctrl, alt })
    }

    /// The key of a terminal event. Shift is folded into the character
    /// (`N`), which is how terminals send it anyway.
    pub fn from_event(event: &KeyEvent) -> Option<Key> {
        let code = match event.code {
            KeyCode::Char(c) => KeyCodeId::Char(c),
            KeyCode::Enter => KeyCodeId::Enter,
            KeyCode::Esc => KeyCodeId::Esc,
            KeyCode::Tab => KeyCodeId::Tab,
            KeyCode::BackTab => KeyCodeId::BackTab,
            KeyCode::Backspace => KeyCodeId::Backspace,
            KeyCode::Delete => KeyCodeId::Delete,
            KeyCode::Up => KeyCodeId::Up,
            KeyCode::Down => KeyCodeId::Down,
            KeyCode::Left => KeyCodeId::Left,
            KeyCode::Right => KeyCodeId::Right,
            KeyCode::PageUp => KeyCodeId::PageUp,
            KeyCode::PageDown => KeyCodeId::PageDown,
            KeyCode::Home => KeyCodeId::Home,
            KeyCode::End => KeyCodeId::End,
            KeyCode::F(n) => KeyCodeId::F(n),
            _ => return None,
        };
        Some(Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        })
    }

    /// A plain character, as typed into a text field.
    pub fn typed_char(&self) -> Option<char> {
        match self.code {
            KeyCodeId::Char(c) if !self.ctrl && !self.alt => Some(c),
            _ => None,
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCodeId::Char(' ') => f.write_str("space"),
            KeyCodeId::Char(c) => write!(f, "{c}"),
            KeyCodeId::F(n) => write!(f, "f{n}"),
            code => {
                let name = NAMED.iter().find(|(_, c)| *c == code).map(|(n, _)| *n).unwrap_or("?");
                f.write_str(name)
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub key: Key,
    pub action: Action,
    pub desc: String,
    /// The line of the user's file that gave this binding, to name it in a
    /// problem; `None` for the bundled keymaps.
    pub line: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    on: Spanned<String>,
    run: String,
    #[serde(default)]
    desc: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLayer {
    keymap: Vec<RawEntry>,
}

/// One problem of a keymap file, with the line it is on when it has one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub line: Option<usize>,
    pub text: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&text::problem(None, self.line, &self.text))
    }
}

/// Where the lines of a text start, to name the line of a byte offset
/// without counting the text again for every entry.
struct Lines(Vec<usize>);

impl Lines {
    fn of(text: &str) -> Lines {
        Lines(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i).collect())
    }

    /// The line (from 1) of byte `at`.
    fn line(&self, at: usize) -> usize {
        self.0.partition_point(|&newline| newline < at) + 1
    }
}

/// The line of a section's header `[name]`, found in the text (a section
/// name holds no newline, so the first header that names it is it).
fn section_line(text: &str, name: &str) -> Option<usize> {
    let header = format!("[{name}]");
    text.lines().position(|l| l.trim_start().starts_with(&header)).map(|i| i + 1)
}

/// The bindings of every layer, in the order the file gave them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keymap {
    layers: BTreeMap<Layer, Vec<Binding>>,
}

impl Keymap {
    /// The compiled-in default keymap.
    pub fn built_in() -> Keymap {
        Keymap::bundled("default").expect("the compiled-in keymaps are checked by a test")
    }

    /// One of the keymaps in keymaps/ by name (`default`, `vim`, `emacs`).
    pub fn bundled(name: &str) -> Option<Keymap> {
        let (_, text) = BUNDLED.iter().find(|(n, _)| *n == name)?;
        let (mut keymap, problems) = Keymap::check(text);
        if !problems.is_empty() {
            return None;
        }
        for b in keymap.layers.values_mut().flatten() {
            b.line = None;
        }
        Some(keymap)
    }

    /// Reads a keymap file on its own, with every problem in Danish.
    pub fn parse(text: &str) -> Result<Keymap, Vec<String>> {
        let (keymap, problems) = Keymap::check(text);
        if problems.is_empty() { Ok(keymap) } else { Err(problems.iter().map(Problem::to_string).collect()) }
    }

    /// Reads a keymap file: what of it can be used, and every problem of it
    /// in the order of its lines. A file that is not TOML has one problem.
    pub fn check(text: &str) -> (Keymap, Vec<Problem>) {
        let mut keymap = Keymap::default();
        let raw: BTreeMap<String, RawLayer> = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let (line, column, why) = crate::domain::policy::toml_syntax(text, &e);
                return (keymap, vec![Problem { line: Some(line), text: text::not_toml(column, &why) }]);
            }
        };
        let lines = Lines::of(text);
        let mut problems = Vec::new();
        for (section, layer_raw) in raw {
            let Some(layer) = Layer::ALL.into_iter().find(|l| l.id() == section) else {
                let known = Layer::ALL.map(Layer::id).join(", ");
                problems.push(Problem {
                    line: section_line(text, &section),
                    text: text::unknown_section(&section, &known),
                });
                continue;
            };
            let bindings = keymap.layers.entry(layer).or_default();
            for entry in layer_raw.keymap {
                let line = Some(lines.line(entry.on.span().start));
                let on = entry.on.into_inner();
                let Some(key) = Key::parse(&on) else {
                    problems.push(Problem { line, text: text::unknown_key(&on, &section) });
                    continue;
                };
                let Ok(action) = serde_json::from_value::<Action>(serde_json::Value::String(entry.run.clone())) else {
                    problems.push(Problem { line, text: text::unknown_action(&entry.run, &on, &section) });
                    continue;
                };
                if bindings.iter().any(|b| b.key == key) {
                    problems.push(Problem { line, text: text::twice(&key.to_string(), &section) });
                    continue;
                }
                bindings.push(Binding { key, action, desc: entry.desc, line });
            }
        }
        problems.sort();
        (keymap, problems)
    }

    /// The default with a user's keymap laid over it: a key the user names
    /// is rebound (or, with `none`, taken away); all others stay.
    pub fn with_overrides(mut self, user: &Keymap) -> Keymap {
        for (layer, bindings) in &user.layers {
            let base = self.layers.entry(*layer).or_default();
            for b in bindings {
                base.retain(|existing| existing.key != b.key);
                if b.action != Action::None {
                    base.push(b.clone());
                }
            }
        }
        self
    }

    /// Keys bound in two layers that are live together on some screen.
    pub fn conflicts(&self) -> Vec<String> {
        self.conflict_problems().iter().map(|p| p.text.clone()).collect()
    }

    /// Keys bound in two layers that are live together on some screen, each
    /// at the line of the user's file that bound it (when one did).
    pub fn conflict_problems(&self) -> Vec<Problem> {
        let mut peers: Vec<(Layer, Layer)> =
            super::App::all_screens().iter().flat_map(|s| s.peers()).map(|(a, b)| (a.min(b), a.max(b))).collect();
        peers.sort();
        peers.dedup();
        let mut problems = Vec::new();
        for (a, b) in peers {
            for binding in self.bindings(a) {
                if let Some(other) = self.bindings(b).iter().find(|other| other.key == binding.key) {
                    let line = other.line.max(binding.line);
                    let text = text::conflict(&binding.key.to_string(), a.id(), b.id());
                    problems.push(Problem { line, text });
                }
            }
        }
        problems.sort();
        problems
    }

    pub fn bindings(&self, layer: Layer) -> &[Binding] {
        self.layers.get(&layer).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The action of `key` in the first of `layers` that binds it.
    pub fn lookup(&self, layers: &[Layer], key: Key) -> Option<Action> {
        layers.iter().find_map(|layer| self.bindings(*layer).iter().find(|b| b.key == key).map(|b| b.action))
    }

    /// The keys bound to an action in a layer, for hints ("n", "enter").
    pub fn keys_for(&self, layer: Layer, action: Action) -> Vec<Key> {
        self.bindings(layer).iter().filter(|b| b.action == action).map(|b| b.key).collect()
    }
}

/// The keymaps in keymaps/, compiled in: one is the base a user's file is
/// laid over (`--keymap vim`).
pub const BUNDLED: [(&str, &str); 3] = [
    ("default", DEFAULT_KEYMAP),
    ("vim", include_str!("../../keymaps/vim.toml")),
    ("emacs", include_str!("../../keymaps/emacs.toml")),
];

/// Loads the keymap a session uses: the default, with the user's file over
/// it when there is one. A user file with problems is not used; its
/// problems are returned to be shown.
pub fn load(user_text: Option<&str>) -> (Keymap, Vec<String>) {
    let (keymap, problems) = load_over(Keymap::built_in(), user_text);
    (keymap, problems.into_iter().map(|p| p.text).collect())
}

/// `base` with the user's file over it. A file with any problem is not used
/// at all; every problem of it is returned (those of its lines and the
/// conflicts its usable lines would make), in the order of its lines.
pub fn load_over(base: Keymap, user_text: Option<&str>) -> (Keymap, Vec<Problem>) {
    let Some(text) = user_text else {
        return (base, Vec::new());
    };
    let (user, mut problems) = Keymap::check(text);
    let merged = base.clone().with_overrides(&user);
    problems.extend(merged.conflict_problems());
    problems.sort();
    problems.dedup();
    if problems.is_empty() { (merged, problems) } else { (base, problems) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_keymap_parses_and_has_no_conflicts() {
        let k = Keymap::built_in();
        assert_eq!(k.conflicts(), Vec::<String>::new());
        assert_eq!(k.lookup(&[Layer::Global], Key::parse("1").unwrap()), Some(Action::PaneIntake));
        assert_eq!(k.lookup(&[Layer::Global], Key::parse("6").unwrap()), Some(Action::PaneReports));
        assert_eq!(k.lookup(&[Layer::Global], Key::parse("tab").unwrap()), Some(Action::NextPane));
        assert_eq!(k.lookup(&[Layer::Global], Key::parse("?").unwrap()), Some(Action::Help));
    }

    #[test]
    fn the_plans_pane_has_its_keys_and_none_shadows_a_global_or_list_key() {
        let k = Keymap::built_in();
        let plans = [Layer::Plans, Layer::List, Layer::Global];
        assert_eq!(k.lookup(&plans, Key::parse("n").unwrap()), Some(Action::NewPlan));
        assert_eq!(k.lookup(&plans, Key::parse("r").unwrap()), Some(Action::RevisePlan));
        assert_eq!(k.lookup(&plans, Key::parse("e").unwrap()), Some(Action::EndCourse));
        assert_eq!(k.lookup(&plans, Key::parse("enter").unwrap()), Some(Action::OpenPlan));
        let calls = [Layer::FollowUp, Layer::List, Layer::Global];
        assert_eq!(k.lookup(&calls, Key::parse("enter").unwrap()), Some(Action::RecordCall));
        assert_eq!(k.lookup(&[Layer::Plan, Layer::Global], Key::parse("d").unwrap()), Some(Action::PlanAsOf));
        let (_, problems) = load(Some("[plans]\nkeymap = [ { on = \"j\", run = \"new_plan\", desc = \"x\" } ]\n"));
        assert_eq!(problems, vec!["tasten \"j\" bruges både i [list] og [plans]".to_string()]);
    }

    #[test]
    fn every_binding_has_a_description_for_the_help_screen() {
        let k = Keymap::built_in();
        for layer in Layer::ALL {
            for b in k.bindings(layer) {
                assert!(!b.desc.is_empty(), "{} in [{}]", b.key, layer.id());
            }
        }
    }

    #[test]
    fn a_keymap_that_does_not_parse_names_the_place_without_quoting_a_huge_line() {
        let text = format!("[intake]\nkeymap = [ {{ on = \"{}", "x".repeat(60_000));
        let problems = Keymap::parse(&text).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with("linje 2: tastaturfilen kan ikke læses"), "{}", &problems[0][..80]);
        assert!(problems[0].chars().count() < 300, "{} characters", problems[0].chars().count());
    }

    #[test]
    fn keys_parse_and_print_back() {
        for spec in ["n", "N", "?", "ctrl-c", "alt-x", "enter", "backtab", "space", "f2", "pgdown"] {
            assert_eq!(Key::parse(spec).unwrap().to_string(), spec);
        }
        assert_eq!(Key::parse("ctlr-x"), None);
        assert_eq!(Key::parse("f13"), None);
        assert_eq!(Key::parse(""), None);
    }

    #[test]
    fn a_user_file_overrides_only_the_keys_it_names() {
        let user = Keymap::parse(
            "[intake]\nkeymap = [ { on = \"a\", run = \"new_contact\", desc = \"Ny\" }, { on = \"n\", run = \"none\" } ]\n",
        )
        .unwrap();
        let k = Keymap::built_in().with_overrides(&user);
        assert_eq!(k.lookup(&[Layer::Intake], Key::parse("a").unwrap()), Some(Action::NewContact));
        assert_eq!(k.lookup(&[Layer::Intake], Key::parse("n").unwrap()), None);
        assert_eq!(k.lookup(&[Layer::Intake], Key::parse("b").unwrap()), Some(Action::StepStartTreatment));
    }

    #[test]
    fn problems_are_said_in_plain_words() {
        let err = Keymap::parse(
            "[intake]\nkeymap = [ { on = \"ctlr-x\", run = \"quit\" }, { on = \"z\", run = \"fly\" }, { on = \"y\", run = \"quit\" }, { on = \"y\", run = \"help\" } ]\n[pane]\nkeymap = []\n",
        )
        .unwrap_err();
        let all = err.join("\n");
        assert!(all.contains("ukendt tast \"ctlr-x\" i [intake]"), "{all}");
        assert!(all.contains("ukendt handling \"fly\""), "{all}");
        assert!(all.contains("tasten \"y\" står to gange i [intake]"), "{all}");
        assert!(all.contains("ukendt afsnit [pane]"), "{all}");
    }

    #[test]
    fn a_user_file_that_shadows_a_global_key_is_refused_with_the_reason() {
        let (k, problems) = load(Some("[intake]\nkeymap = [ { on = \"1\", run = \"new_contact\", desc = \"x\" } ]\n"));
        assert_eq!(problems, vec!["tasten \"1\" bruges både i [global] og [intake]".to_string()]);
        // The default is kept, whole.
        assert_eq!(k, Keymap::built_in());
    }

    #[test]
    fn every_bundled_keymap_loads_without_a_problem_or_a_conflict() {
        for (name, text) in BUNDLED {
            let (keymap, problems) = Keymap::check(text);
            assert_eq!(problems, Vec::<Problem>::new(), "keymaps/{name}.toml");
            assert_eq!(keymap.conflicts(), Vec::<String>::new(), "keymaps/{name}.toml");
            assert!(Keymap::bundled(name).is_some(), "{name}");
            for layer in Layer::ALL {
                assert!(!keymap.bindings(layer).is_empty(), "keymaps/{name}.toml has no [{}]", layer.id());
                for b in keymap.bindings(layer) {
                    assert!(
                        !b.desc.is_empty(),
                        "keymaps/{name}.toml: {} in [{}] has no description",
                        b.key,
                        layer.id()
                    );
                }
            }
        }
        assert_eq!(Keymap::bundled("nano"), None);
    }

    #[test]
    fn every_alt_or_shift_tab_binding_has_a_plain_key_beside_it_in_every_keymap() {
        let fragile = |k: &Key| k.alt || k.code == KeyCodeId::BackTab;
        let mut seen = 0;
        for (name, _) in BUNDLED {
            let keymap = Keymap::bundled(name).unwrap();
            for layer in Layer::ALL {
                for b in keymap.bindings(layer).iter().filter(|b| fragile(&b.key)) {
                    seen += 1;
                    let plain = keymap
                        .keys_for(layer, b.action)
                        .into_iter()
                        .any(|k| !k.ctrl && !k.alt && k.code != KeyCodeId::BackTab);
                    assert!(
                        plain,
                        "keymaps/{name}.toml: {} ({:?}) in [{}] has no plain key",
                        b.key,
                        b.action,
                        layer.id()
                    );
                }
            }
        }
        // The walk did meet such bindings: backtab everywhere, alt in emacs.
        assert!(seen >= 7, "{seen}");
    }

    #[test]
    fn danish_letters_are_keys_that_can_be_bound_and_pressed() {
        for letter in ['æ', 'ø', 'å', 'Æ', 'Ø', 'Å'] {
            let key = Key::parse(&letter.to_string()).unwrap();
            assert_eq!(key.to_string(), letter.to_string());
            let pressed = Key::from_event(&KeyEvent::new(KeyCode::Char(letter), KeyModifiers::NONE)).unwrap();
            assert_eq!(pressed, key);
            assert_eq!(pressed.typed_char(), Some(letter));
            let shifted = Key::from_event(&KeyEvent::new(KeyCode::Char(letter), KeyModifiers::SHIFT)).unwrap();
            assert_eq!(shifted, key, "shift is in the letter");
        }
        let user =
            Keymap::parse("[intake]\nkeymap = [ { on = \"ø\", run = \"new_contact\", desc = \"Ny\" } ]\n").unwrap();
        let k = Keymap::built_in().with_overrides(&user);
        assert_eq!(k.lookup(&[Layer::Intake], Key::parse("ø").unwrap()), Some(Action::NewContact));
        assert_eq!(k.conflicts(), Vec::<String>::new());
    }

    #[test]
    fn every_problem_of_a_file_is_found_with_its_line_in_the_order_of_the_lines() {
        let text = "[pane]\nkeymap = []\n\n[intake]\nkeymap = [\n  { on = \"ctlr-x\", run = \"quit\" },\n  { on = \"z\", run = \"fly\" },\n]\n[plans]\nkeymap = [ { on = \"j\", run = \"new_plan\", desc = \"x\" } ]\n";
        let (_, problems) = load_over(Keymap::built_in(), Some(text));
        let said: Vec<(Option<usize>, &str)> = problems.iter().map(|p| (p.line, p.text.as_str())).collect();
        assert_eq!(said.len(), 4, "{said:?}");
        assert_eq!(said[0].0, Some(1));
        assert!(said[0].1.starts_with("ukendt afsnit [pane]"), "{}", said[0].1);
        assert_eq!(said[1], (Some(6), "ukendt tast \"ctlr-x\" i [intake]"));
        assert_eq!(said[2], (Some(7), "ukendt handling \"fly\" for tasten \"z\" i [intake]"));
        assert_eq!(said[3], (Some(10), "tasten \"j\" bruges både i [list] og [plans]"));
        assert_eq!(problems[3].to_string(), "linje 10: tasten \"j\" bruges både i [list] og [plans]");
    }

    #[test]
    fn a_user_file_over_a_bundled_base_overrides_that_base() {
        let (k, problems) = load_over(
            Keymap::bundled("emacs").unwrap(),
            Some("[list]\nkeymap = [ { on = \"ctrl-v\", run = \"none\" } ]\n"),
        );
        assert_eq!(problems, Vec::new());
        assert_eq!(k.lookup(&[Layer::List], Key::parse("ctrl-v").unwrap()), None);
        assert_eq!(k.lookup(&[Layer::List], Key::parse("ctrl-n").unwrap()), Some(Action::Down));
        assert_eq!(k.lookup(&[Layer::List], Key::parse("j").unwrap()), None, "emacs has no vim letters");
    }
}
