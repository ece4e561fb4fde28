//! The export written to its file as it is read (a list and a record at a
//! time): byte for byte the file the records make in memory, the file the
//! generator wrote, and the same again after that file is imported.

use std::fs;

use sagsbord::domain::intake::{ContactKind, Conversation, ConversationKind};
use sagsbord::generate::{self, Shape};
use sagsbord::store::{Store, exchange};

use crate::common::date;

#[test]
fn a_streamed_export_is_the_generated_file_and_survives_an_import_byte_for_byte() {
    let today = date("2026-03-17");
    let file = generate::centre(&Shape { cases: 300, seed: 11, today, stress: false }, &mut |_| {});
    let dir = tempfile::tempdir().unwrap();
    let mut first = Store::open(&dir.path().join("first.db"), "tester").unwrap();
    first.import(&file).unwrap();

    // The generated file, as the generator writes it.
    let generated = dir.path().join("generated.json");
    assert_eq!(first.export_to(&generated, false).unwrap(), 300);
    assert_eq!(fs::read_to_string(&generated).unwrap(), exchange::to_text(&file));

    // The two lists the generator leaves out, so every list is streamed.
    let case = file
        .cases
        .iter()
        .find(|c| c.closed.is_none() && c.kind == ContactKind::OwnUse && c.contact_at.date() < date("2026-03-01"))
        .expect("an open case of the centre's own from before March")
        .id;
    first.register_conversation(case, Conversation { on: today, kind: ConversationKind::Advisory }).unwrap();
    crate::complaints::store::complain(&mut first, case, "10.03.2026", "16.03.2026");

    let once = dir.path().join("once.json");
    first.export_to(&once, false).unwrap();
    let text = fs::read_to_string(&once).unwrap();
    // What the records make in memory, written whole.
    assert_eq!(text, exchange::to_text(&first.export().unwrap()));
    let parsed = exchange::parse(&text).unwrap();
    assert_eq!((parsed.conversations.len(), parsed.complaints.len()), (1, 1));

    let mut second = Store::open(&dir.path().join("second.db"), "tester").unwrap();
    second.import(&parsed).unwrap();
    // The import's audit row accounts for every row it wrote.
    let report = second.check(&[]).unwrap();
    assert!(report.is_clean(), "{report:?}");
    let twice = dir.path().join("twice.json");
    second.export_to(&twice, false).unwrap();
    assert!(fs::read(&once).unwrap() == fs::read(&twice).unwrap(), "export, import, export: not the same bytes");
}

#[test]
fn an_import_refused_inside_its_transaction_leaves_every_later_write_audited() {
    let today = date("2026-03-17");
    let file = generate::centre(&Shape { cases: 300, seed: 11, today, stress: false }, &mut |_| {});
    let (_dir, _path, mut store) = crate::common::fresh("tester");
    store.import(&file).unwrap();
    // Refused inside the import's transaction, after the tables that were
    // empty (conversations among them) stopped capturing row by row.
    match store.import(&file) {
        Err(sagsbord::store::StoreError::Import { at, .. }) => assert_eq!(at, "databasen"),
        other => panic!("expected the import refused, got {other:?}"),
    }
    let case = file
        .cases
        .iter()
        .find(|c| c.closed.is_none() && c.kind == ContactKind::OwnUse && c.contact_at.date() < date("2026-03-01"))
        .unwrap()
        .id;
    store.register_conversation(case, Conversation { on: today, kind: ConversationKind::Advisory }).unwrap();
    let report = store.check(&[]).unwrap();
    assert!(report.is_clean(), "the conversation went unrecorded: {report:?}");
}
