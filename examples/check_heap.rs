//! How much the import's checks hold between the parts of a large file, to
//! be run under valgrind's heap profiler: the file is read, then checked a
//! list at a time, each list dropped once taken. The heap in each snapshot
//! whose allocation ran under the checks (not under the file's reading) is
//! what the checks keep:
//!
//! ```sh
//! cargo build --example check_heap
//! valgrind --tool=massif --depth=80 --detailed-freq=1 --max-snapshots=400 \
//!     --massif-out-file=check.massif target/debug/examples/check_heap FILE.json
//! ```

fn main() {
    let path = std::env::args().nth(1).expect("the export file to check");
    let file = sagsbord::store::exchange::parse_reader(std::fs::File::open(&path).expect("the file"))
        .expect("a readable export");
    let cases = sagsbord::store::exchange::check_list_by_list(file, &mut |moment: &str| eprintln!("{moment}"))
        .expect("a valid file");
    println!("{cases} cases checked");
}
