//! Keymaps: TOML files of `{ on, run, desc }` entries, one section a layer.
//! The compiled-in default is the base; a user file overrides only the keys
//! it names. Problems are reported in plain Danish, never swallowed.

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use super::action::Action;

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
}

impl Layer {
    pub const ALL: [Layer; 27] = [
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
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    on: String,
    run: String,
    #[serde(default)]
    desc: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLayer {
    keymap: Vec<RawEntry>,
}

/// The bindings of every layer, in the order the file gave them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keymap {
    layers: BTreeMap<Layer, Vec<Binding>>,
}

impl Keymap {
    /// The compiled-in default keymap.
    pub fn built_in() -> Keymap {
        Keymap::parse(DEFAULT_KEYMAP).expect("the compiled-in keymap is checked by a test")
    }

    /// Reads a keymap file on its own, with every problem in Danish.
    pub fn parse(text: &str) -> Result<Keymap, Vec<String>> {
        let raw: BTreeMap<String, RawLayer> = toml::from_str(text).map_err(|e| {
            let (line, column, why) = crate::domain::policy::toml_syntax(text, &e);
            vec![format!("tastaturfilen kan ikke læses: linje {line}, kolonne {column}: {why}")]
        })?;
        let mut problems = Vec::new();
        let mut keymap = Keymap::default();
        for (section, layer_raw) in raw {
            let Some(layer) = Layer::ALL.into_iter().find(|l| l.id() == section) else {
                problems.push(format!(
                    "ukendt afsnit [{section}]; kendte afsnit: {}",
                    Layer::ALL.map(Layer::id).join(", ")
                ));
                continue;
            };
            let bindings = keymap.layers.entry(layer).or_default();
            for entry in layer_raw.keymap {
                let Some(key) = Key::parse(&entry.on) else {
                    problems.push(format!("ukendt tast \"{}\" i [{section}]", entry.on));
                    continue;
                };
                let action = match serde_json::from_value::<Action>(serde_json::Value::String(entry.run.clone())) {
                    Ok(a) => a,
                    Err(_) => {
                        problems.push(format!(
                            "ukendt handling \"{}\" for tasten \"{}\" i [{section}]",
                            entry.run, entry.on
                        ));
                        continue;
                    }
                };
                if bindings.iter().any(|b| b.key == key) {
                    problems.push(format!("tasten \"{key}\" står to gange i [{section}]"));
                    continue;
                }
                bindings.push(Binding { key, action, desc: entry.desc });
            }
        }
        if problems.is_empty() { Ok(keymap) } else { Err(problems) }
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
        let mut peers: Vec<(Layer, Layer)> =
            super::App::all_screens().iter().flat_map(|s| s.peers()).map(|(a, b)| (a.min(b), a.max(b))).collect();
        peers.sort();
        peers.dedup();
        let mut problems = Vec::new();
        for (a, b) in peers {
            for binding in self.bindings(a) {
                if self.bindings(b).iter().any(|other| other.key == binding.key) {
                    problems.push(format!("tasten \"{}\" bruges både i [{}] og [{}]", binding.key, a.id(), b.id()));
                }
            }
        }
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

/// Loads the keymap a session uses: the default, with the user's file over
/// it when there is one. A user file with problems is not used; its
/// problems are returned to be shown.
pub fn load(user_text: Option<&str>) -> (Keymap, Vec<String>) {
    let base = Keymap::built_in();
    let Some(text) = user_text else {
        return (base, Vec::new());
    };
    match Keymap::parse(text) {
        Ok(user) => {
            let merged = base.clone().with_overrides(&user);
            let conflicts = merged.conflicts();
            if conflicts.is_empty() { (merged, Vec::new()) } else { (base, conflicts) }
        }
        Err(problems) => (base, problems),
    }
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
        assert!(problems[0].starts_with("tastaturfilen kan ikke læses: linje 2"), "{}", &problems[0][..80]);
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
}
