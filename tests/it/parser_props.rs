//! Property tests of what the program reads from files: the import format,
//! a policy profile and a keymap. Whatever the file holds (a valid export
//! with a field dropped, retyped or made huge; random text; deep nesting),
//! the answer is a value or an error with a message, never a panic, and a
//! deeply nested input is refused quickly. The readers cap a file's size
//! before parsing (`store::files`: 64 KiB for a profile or keymap, 1 GiB
//! for an import).

use std::time::{Duration, Instant};

use proptest::prelude::*;
use sagsbord::app::keymap::{Key, Keymap};
use sagsbord::domain::policy::{BUILT_IN, Profile};
use sagsbord::store::{Store, exchange};
use serde_json::Value;

use crate::common::sample_text;

/// Every place in `v` a mutation can hit, as JSON pointers, a few per array.
fn pointers(v: &Value, here: String, out: &mut Vec<String>) {
    out.push(here.clone());
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                pointers(child, format!("{here}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate().take(3) {
                pointers(child, format!("{here}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// What a field is replaced by.
fn replacement() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        Just(serde_json::json!(1e308)),
        Just(serde_json::json!(u64::MAX)),
        Just(serde_json::json!(-1)),
        "\\PC{0,40}".prop_map(Value::from),
        (1usize..200_000).prop_map(|n| Value::from("x".repeat(n))),
        Just(serde_json::json!({})),
        Just(serde_json::json!([])),
        Just(serde_json::json!("1.1.1")),
        Just(serde_json::json!("2026-02-30")),
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    Drop,
    Set(Value),
    /// An array's item twice (a duplicate id).
    Duplicate,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![Just(Mutation::Drop), replacement().prop_map(Mutation::Set), Just(Mutation::Duplicate)]
}

fn mutate(root: &mut Value, pointer: &str, m: &Mutation) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        if let Mutation::Set(v) = m {
            *root = v.clone();
        }
        return;
    };
    let Some(container) = root.pointer_mut(parent) else { return };
    match (container, m) {
        (Value::Object(map), Mutation::Drop) => {
            map.remove(&last.replace("~1", "/").replace("~0", "~"));
        }
        (Value::Object(map), Mutation::Set(v)) => {
            map.insert(last.replace("~1", "/").replace("~0", "~"), v.clone());
        }
        (Value::Array(items), m) => {
            let Ok(i) = last.parse::<usize>() else { return };
            if i >= items.len() {
                return;
            }
            match m {
                Mutation::Drop => {
                    items.remove(i);
                }
                Mutation::Set(v) => items[i] = v.clone(),
                Mutation::Duplicate => {
                    let copy = items[i].clone();
                    items.push(copy);
                }
            }
        }
        _ => {}
    }
}

fn sample_value() -> Value {
    serde_json::from_str(&sample_text()).unwrap()
}

/// Parses and, when it parses, imports into an empty database: an error
/// must say something.
fn read_and_import(text: &str) {
    match exchange::parse(text) {
        Ok(file) => {
            let mut store = Store::open_in_memory("anna").unwrap();
            if let Err(e) = store.import(&file) {
                assert!(!e.to_string().trim().is_empty());
            }
        }
        Err(e) => assert!(!e.to_string().trim().is_empty()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_mutated_export_is_imported_or_refused_with_a_message(
        picks in proptest::collection::vec((any::<prop::sample::Index>(), mutation()), 1..4)
    ) {
        let mut value = sample_value();
        for (index, m) in &picks {
            let mut all = Vec::new();
            pointers(&value, String::new(), &mut all);
            let pointer = index.get(&all).clone();
            mutate(&mut value, &pointer, m);
        }
        read_and_import(&value.to_string());
    }

    #[test]
    fn random_text_and_a_cut_export_are_refused_with_a_message(
        text in "\\PC{0,200}",
        cut in 0usize..40_000,
    ) {
        read_and_import(&text);
        let sample = sample_text();
        let end = sample.char_indices().map(|(i, _)| i).take_while(|i| *i <= cut).last().unwrap_or(0);
        read_and_import(&sample[..end]);
    }

    #[test]
    fn any_profile_text_gives_a_profile_or_a_message(text in "\\PC{0,300}", line in any::<prop::sample::Index>()) {
        if let Err(e) = Profile::from_toml(&text) {
            assert!(!e.to_string().trim().is_empty());
        }
        // A built-in profile with one line replaced by the random text.
        let (_, toml) = BUILT_IN[0];
        let mut lines: Vec<&str> = toml.lines().collect();
        let at = line.index(lines.len());
        lines[at] = &text;
        if let Err(e) = Profile::from_toml(&lines.join("\n")) {
            assert!(!e.to_string().trim().is_empty());
        }
    }

    #[test]
    fn any_keymap_text_gives_a_keymap_or_messages(text in "\\PC{0,300}", spec in "\\PC{0,12}") {
        if let Err(problems) = Keymap::parse(&text) {
            assert!(!problems.is_empty() && problems.iter().all(|p| !p.trim().is_empty()));
        }
        let _ = Key::parse(&spec);
        let built_in = include_str!("../../keymaps/default.toml");
        let mixed = format!("{built_in}\n{text}");
        if let Err(problems) = Keymap::parse(&mixed) {
            assert!(!problems.is_empty());
        }
    }
}

/// Nesting far past what any of the formats needs is refused at once,
/// without exhausting the stack.
#[test]
fn deep_nesting_is_refused_quickly_in_every_format() {
    let started = Instant::now();
    for open in ["[", "{\"a\":"] {
        assert!(exchange::parse(&open.repeat(1_000_000)).is_err());
    }
    for open in ["[", "{b="] {
        assert!(Profile::from_toml(&format!("a = {}", open.repeat(60_000))).is_err());
        assert!(Keymap::parse(&format!("[intake]\nkeys = {}", open.repeat(60_000))).is_err());
    }
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
}
