//! How much the import's checks hold between the parts of a large file:
//! the file is read, then checked a list at a time (each list dropped once
//! taken), and the heap the checker keeps is counted by this program's own
//! allocator. Run: `cargo run --release --example check_heap -- FILE.json`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

/// The system's allocator, counting the bytes in use.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: passed on as given.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: passed on as given.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MIB: f64 = 1024.0 * 1024.0;

fn main() {
    let path = std::env::args().nth(1).expect("the export file to check");
    let file = sagsbord::store::exchange::parse_reader(std::fs::File::open(&path).expect("the file"))
        .expect("a readable export");
    // The checker's state: what each list's take left allocated, the list
    // itself still held before and after (so its records do not count).
    let mut state = 0isize;
    let mut most = (0isize, String::new());
    let mut before = 0isize;
    let cases = sagsbord::store::exchange::check_list_by_list(file, &mut |moment: &str| {
        let live = LIVE.load(Ordering::Relaxed);
        if let Some(list) = moment.strip_prefix("took ") {
            state += live - before;
            println!("after {list:<22} the checker holds {:7.1} MiB", state as f64 / MIB);
            if state > most.0 {
                most = (state, list.to_string());
            }
        } else {
            before = live;
        }
    })
    .expect("a valid file");
    println!("{cases} cases; the most the checker held: {:.1} MiB, after {}", most.0 as f64 / MIB, most.1);
}
