//! Small edits of a JSON document, for import files with one thing wrong:
//! a valid base file and, per case, the few edits that break it. Each edit
//! names its place by a JSON pointer (RFC 6901, `/cases/0/kind`).
//!
//! An edit that does not apply, or changes nothing, fails the test: a typo
//! in a pointer must not quietly test the valid base instead.

use serde_json::Value;

/// One edit of a JSON document.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Sets the value at the pointer: a new key of an object, or a new value
    /// for an existing key or array element.
    Set(&'static str, Value),
    /// Removes the key or array element at the pointer.
    Remove(&'static str),
    /// Appends a value to the array at the pointer.
    Push(&'static str, Value),
}

pub fn set(pointer: &'static str, value: impl Into<Value>) -> Edit {
    Edit::Set(pointer, value.into())
}

pub fn remove(pointer: &'static str) -> Edit {
    Edit::Remove(pointer)
}

pub fn push(pointer: &'static str, value: impl Into<Value>) -> Edit {
    Edit::Push(pointer, value.into())
}

/// `base` with `edits` applied in order.
pub fn apply(base: &Value, edits: &[Edit]) -> Value {
    let mut doc = base.clone();
    for edit in edits {
        apply_one(&mut doc, edit);
    }
    assert!(&doc != base, "the edits {edits:?} leave the base unchanged");
    doc
}

fn apply_one(doc: &mut Value, edit: &Edit) {
    match edit {
        Edit::Set(pointer, value) => {
            let (parent, last) = parent_of(doc, pointer);
            match parent {
                Value::Object(map) => {
                    let old = map.insert(last.clone(), value.clone());
                    assert!(old.as_ref() != Some(value), "{pointer} already is {value}");
                }
                Value::Array(items) => {
                    let slot = index(items, &last, pointer);
                    assert!(&items[slot] != value, "{pointer} already is {value}");
                    items[slot] = value.clone();
                }
                other => panic!("{pointer}: {other} holds no fields"),
            }
        }
        Edit::Remove(pointer) => {
            let (parent, last) = parent_of(doc, pointer);
            match parent {
                Value::Object(map) => {
                    assert!(map.remove(&last).is_some(), "{pointer}: no such field to remove");
                }
                Value::Array(items) => {
                    let slot = index(items, &last, pointer);
                    items.remove(slot);
                }
                other => panic!("{pointer}: {other} holds no fields"),
            }
        }
        Edit::Push(pointer, value) => match doc.pointer_mut(pointer) {
            Some(Value::Array(items)) => items.push(value.clone()),
            Some(other) => panic!("{pointer} is no list: {other}"),
            None => panic!("{pointer}: no such list"),
        },
    }
}

/// The value holding the pointer's last step, and that step unescaped.
fn parent_of<'a>(doc: &'a mut Value, pointer: &str) -> (&'a mut Value, String) {
    let (parent, last) = pointer.rsplit_once('/').unwrap_or_else(|| panic!("{pointer:?} is no JSON pointer"));
    let last = last.replace("~1", "/").replace("~0", "~");
    let parent = doc.pointer_mut(parent).unwrap_or_else(|| panic!("{pointer}: no such place"));
    (parent, last)
}

fn index(items: &[Value], step: &str, pointer: &str) -> usize {
    let i: usize = step.parse().unwrap_or_else(|_| panic!("{pointer}: {step:?} is no list index"));
    assert!(i < items.len(), "{pointer}: the list has {} items", items.len());
    i
}

mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_edit_changes_its_place_and_nothing_else() {
        let base = json!({ "a": [1, 2], "b": { "c": "x" } });
        assert_eq!(apply(&base, &[set("/b/c", "y")]), json!({ "a": [1, 2], "b": { "c": "y" } }));
        assert_eq!(apply(&base, &[set("/b/d", 3)]), json!({ "a": [1, 2], "b": { "c": "x", "d": 3 } }));
        assert_eq!(apply(&base, &[set("/a/1", 5)]), json!({ "a": [1, 5], "b": { "c": "x" } }));
        assert_eq!(apply(&base, &[remove("/b/c")]), json!({ "a": [1, 2], "b": {} }));
        assert_eq!(apply(&base, &[remove("/a/0")]), json!({ "a": [2], "b": { "c": "x" } }));
        assert_eq!(apply(&base, &[push("/a", 3)]), json!({ "a": [1, 2, 3], "b": { "c": "x" } }));
    }

    #[test]
    #[should_panic(expected = "no such place")]
    fn a_pointer_to_nowhere_fails() {
        apply(&json!({ "a": {} }), &[set("/x/y", 1)]);
    }

    #[test]
    #[should_panic(expected = "already is")]
    fn an_edit_that_changes_nothing_fails() {
        apply(&json!({ "a": 1 }), &[set("/a", 1)]);
    }
}
