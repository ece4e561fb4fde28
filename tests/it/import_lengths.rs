//! Every text of an import file is held to the length its form allows
//! (`domain::limits`, one definition for both): a longer one is refused
//! at its record and field, quickly, with a short message, and nothing is
//! written.

use sagsbord::domain::limits::{CONTACT_NAME, GROUP_NAME};
use sagsbord::store::{Store, StoreError, exchange};
use serde_json::Value;

use crate::common::sample_text;

/// A text longer than any field allows (the longest is a profile's TOML,
/// 64 KiB).
pub(crate) const HUGE: usize = 70_000;

/// One text of the file: its JSON pointer and the place an import error
/// names (`cases[3].closed.reason`).
#[derive(Debug, Clone)]
pub(crate) struct TextField {
    pub pointer: String,
    pub at: String,
}

/// The first text of each kind in `value` (the first case's note, not
/// every case's): every field the file has, once.
pub(crate) fn text_fields(value: &Value) -> Vec<TextField> {
    fn walk(v: &Value, pointer: String, at: String, shape: String, seen: &mut Vec<String>, out: &mut Vec<TextField>) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let at = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
                    walk(child, format!("{pointer}/{k}"), at, format!("{shape}.{k}"), seen, out);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, format!("{pointer}/{i}"), format!("{at}[{i}]"), format!("{shape}[]"), seen, out);
                }
            }
            Value::String(_) if !seen.contains(&shape) => {
                seen.push(shape);
                out.push(TextField { pointer, at });
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, String::new(), String::new(), String::new(), &mut Vec::new(), &mut out);
    out
}

/// The sample with the text at `pointer` replaced.
pub(crate) fn with_text(sample: &Value, pointer: &str, text: String) -> String {
    let mut value = sample.clone();
    *value.pointer_mut(pointer).expect("a pointer of the sample") = Value::String(text);
    value.to_string()
}

/// Parses and imports `text` into `store`.
pub(crate) fn import(store: &mut Store, text: &str) -> Result<(), StoreError> {
    let file = exchange::parse(text)?;
    store.import(&file).map(drop)
}

fn sample() -> Value {
    serde_json::from_str(&sample_text()).unwrap()
}

#[test]
fn every_text_of_the_file_longer_than_any_form_allows_is_refused_at_its_field() {
    let sample = sample();
    let fields = text_fields(&sample);
    // The sample has every record kind: a few fields of each at least.
    assert!(fields.len() > 100, "{} fields", fields.len());
    let mut store = Store::open_in_memory("anna").unwrap();
    let mut wrong = Vec::new();
    let mut texts: Vec<(String, String)> =
        fields.iter().map(|f| (f.at.clone(), with_text(&sample, &f.pointer, "å".repeat(HUGE)))).collect();
    // The centre's own profile and its path, which the sample has not.
    for field in ["profile_toml", "profile_path"] {
        let mut value = sample.clone();
        value["centre"][field] = Value::String("å".repeat(HUGE));
        texts.push((format!("centre.{field}"), value.to_string()));
    }
    for (at, text) in &texts {
        match import(&mut store, text) {
            Err(e) if e.import_at() == Some(at.as_str()) => {
                let shown = e.to_string();
                if shown.chars().count() > 400 {
                    wrong.push(format!("{at}: a message of {} characters", shown.chars().count()));
                }
            }
            other => wrong.push(format!("{at}: {:?}", other.map_err(|e| e.import_at().map(str::to_string)))),
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
    assert!(store.export().unwrap().citizens.is_empty(), "nothing is written");
}

#[test]
fn a_text_as_long_as_its_form_allows_is_imported_and_one_character_more_is_refused() {
    let sample = sample();
    // Counted in characters, not bytes: "ø" is two bytes.
    let name = |n: usize| "ø".repeat(n);
    let cases =
        [("/citizens/0/name", "citizens[0].name", CONTACT_NAME), ("/groups/0/place", "groups[0].place", GROUP_NAME)];
    for (pointer, at, max) in cases {
        let mut store = Store::open_in_memory("anna").unwrap();
        import(&mut store, &with_text(&sample, pointer, name(max))).unwrap_or_else(|e| panic!("{at}: {e}"));
        let mut store = Store::open_in_memory("anna").unwrap();
        let e = import(&mut store, &with_text(&sample, pointer, name(max + 1))).unwrap_err();
        assert_eq!(e.import_at(), Some(at));
        assert!(e.to_string().contains(&format!("højst {max} tegn")), "{e}");
        assert!(store.export().unwrap().citizens.is_empty(), "nothing is written");
    }
}
