//! The window over a list held in memory, which counts what it is asked.

use std::cell::Cell;

use super::*;

/// A list row: a name sorted on, ties by id.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Person {
    id: i64,
    name: String,
}

impl PageRow for Person {
    type Key = (String, i64);

    fn id(&self) -> i64 {
        self.id
    }

    fn key(&self) -> (String, i64) {
        (self.name.clone(), self.id)
    }
}

/// The list in its order, the search applied, and how many rows were read.
struct People {
    rows: Vec<Person>,
    read: Cell<usize>,
    counted: Cell<usize>,
}

impl People {
    fn new(n: i64) -> People {
        People::of((1..=n).map(|id| Person { id, name: format!("navn {:06}", (id * 7919) % 100_003) }).collect())
    }

    fn of(mut rows: Vec<Person>) -> People {
        rows.sort_by_key(PageRow::key);
        People { rows, read: Cell::new(0), counted: Cell::new(0) }
    }

    fn searched(&self, part: &str) -> People {
        People::of(self.rows.iter().filter(|p| p.name.contains(part)).cloned().collect())
    }

    fn without(&self, id: i64) -> People {
        People::of(self.rows.iter().filter(|p| p.id != id).cloned().collect())
    }

    fn taken(&self, rows: &[Person]) -> Vec<Person> {
        self.read.set(self.read.get() + rows.len());
        rows.to_vec()
    }
}

impl PageSource for People {
    type Row = Person;
    type Error = ();

    fn count(&self) -> Result<usize, ()> {
        self.counted.set(self.counted.get() + 1);
        Ok(self.rows.len())
    }

    fn after(&self, key: Option<&(String, i64)>, n: usize) -> Result<Vec<Person>, ()> {
        let from = key.map_or(0, |k| self.rows.partition_point(|p| &p.key() <= k));
        Ok(self.taken(&self.rows[from..(from + n).min(self.rows.len())]))
    }

    fn before(&self, key: Option<&(String, i64)>, n: usize) -> Result<Vec<Person>, ()> {
        let to = key.map_or(self.rows.len(), |k| self.rows.partition_point(|p| &p.key() < k));
        Ok(self.taken(&self.rows[to.saturating_sub(n)..to]))
    }

    fn locate(&self, id: i64) -> Result<Option<(usize, Person)>, ()> {
        Ok(self.rows.iter().position(|p| p.id == id).map(|at| (at, self.rows[at].clone())))
    }
}

const VIEW: usize = 10;

/// The rows on screen as the list has them at the cursor's window.
fn assert_view_is_the_list(window: &Window<Person>, list: &People) {
    let want = window.cursor().window(window.len(), VIEW);
    for i in want {
        assert_eq!(window.row(i), Some(&list.rows[i]), "row {i}");
    }
    assert!(window.held() <= VIEW, "holds {} rows", window.held());
}

fn opened(list: &People) -> Window<Person> {
    let mut window = Window::default();
    window.reload(list, VIEW).unwrap();
    window
}

#[test]
fn opening_reads_one_screen_and_counts_the_rest() {
    let list = People::new(5_000);
    let window = opened(&list);
    assert_eq!(window.len(), 5_000);
    assert_eq!(window.held(), VIEW);
    assert_eq!(list.read.get(), VIEW);
    assert_eq!(window.selected(), Some(&list.rows[0]));
    assert_view_is_the_list(&window, &list);
}

#[test]
fn moving_down_past_the_window_reads_one_row_by_the_key() {
    let list = People::new(5_000);
    let mut window = opened(&list);
    for _ in 0..VIEW + 5 {
        assert!(window.navigate(Action::Down, &list, VIEW).unwrap());
        assert_view_is_the_list(&window, &list);
    }
    assert_eq!(window.selected(), Some(&list.rows[VIEW + 5]));
    // The first screen, then one row for each step past it.
    assert_eq!(list.read.get(), VIEW + 6);
    for _ in 0..VIEW + 5 {
        window.navigate(Action::Up, &list, VIEW).unwrap();
        assert_view_is_the_list(&window, &list);
    }
    assert_eq!(window.selected(), Some(&list.rows[0]));
}

#[test]
fn page_down_and_up_read_a_page_each() {
    let list = People::new(5_000);
    let mut window = opened(&list);
    for page in 1..=30 {
        window.page_down(&list, VIEW).unwrap();
        assert_eq!(window.selected(), Some(&list.rows[page * VIEW]));
        assert_view_is_the_list(&window, &list);
    }
    assert_eq!(list.read.get(), 31 * VIEW);
    for _ in 0..30 {
        window.navigate(Action::PageUp, &list, VIEW).unwrap();
        assert_view_is_the_list(&window, &list);
    }
    assert_eq!(window.selected(), Some(&list.rows[0]));
}

#[test]
fn end_and_home_read_from_the_ends() {
    let list = People::new(5_000);
    let mut window = opened(&list);
    window.navigate(Action::Bottom, &list, VIEW).unwrap();
    assert_eq!(window.selected(), list.rows.last());
    assert_view_is_the_list(&window, &list);
    window.navigate(Action::Up, &list, VIEW).unwrap();
    assert_eq!(window.selected(), Some(&list.rows[4_998]));
    window.navigate(Action::Top, &list, VIEW).unwrap();
    assert_eq!(window.selected(), Some(&list.rows[0]));
    assert_view_is_the_list(&window, &list);
    assert_eq!(list.read.get(), 3 * VIEW);
}

#[test]
fn a_reload_keeps_the_selection_on_the_same_row() {
    let list = People::new(5_000);
    let mut window = opened(&list);
    for _ in 0..7 {
        window.page_down(&list, VIEW).unwrap();
    }
    window.navigate(Action::Down, &list, VIEW).unwrap();
    let kept = window.selected().unwrap().clone();
    // A row before it goes: the selected row moves up the list, still selected.
    let changed = list.without(list.rows[3].id);
    window.reload(&changed, VIEW).unwrap();
    assert_eq!(window.selected(), Some(&kept));
    assert_eq!(window.len(), 4_999);
    assert_eq!(window.cursor().selected(), 70);
    assert_view_is_the_list(&window, &changed);
}

#[test]
fn a_row_that_vanished_leaves_the_selection_on_the_row_that_followed() {
    let list = People::new(500);
    let mut window = opened(&list);
    window.page_down(&list, VIEW).unwrap();
    let gone = window.selected().unwrap().id;
    let next = list.rows[VIEW + 1].clone();
    let changed = list.without(gone);
    window.reload(&changed, VIEW).unwrap();
    assert_eq!(window.selected(), Some(&next));
    assert_view_is_the_list(&window, &changed);
}

#[test]
fn a_search_is_a_new_source_and_keeps_the_row_it_still_finds() {
    let list = People::new(5_000);
    let mut window = opened(&list);
    for _ in 0..20 {
        window.page_down(&list, VIEW).unwrap();
    }
    let kept = window.selected().unwrap().clone();
    let part = &kept.name[kept.name.len() - 2..];
    let found = list.searched(part);
    window.reload(&found, VIEW).unwrap();
    assert_eq!(window.selected(), Some(&kept));
    assert_eq!(window.len(), found.rows.len());
    assert_view_is_the_list(&window, &found);
    // A search that does not find it: the top of what it finds.
    let none = list.searched("ingen");
    window.reload(&none, VIEW).unwrap();
    assert!(window.is_empty());
    assert_eq!(window.selected(), None);
    window.reload(&list, VIEW).unwrap();
    assert_eq!(window.selected(), Some(&list.rows[0]));
}

#[test]
fn select_id_brings_a_far_row_into_view() {
    let list = People::new(5_000);
    let mut window = opened(&list);
    let far = list.rows[3_210].clone();
    assert!(window.select_id(far.id, &list, VIEW).unwrap());
    assert_eq!(window.selected(), Some(&far));
    assert_view_is_the_list(&window, &list);
    assert!(!window.select_id(-1, &list, VIEW).unwrap());
    assert_eq!(window.selected(), Some(&far));
}

/// A search typed a character further reads its first screen, and counts
/// the matches only when they fill it: a screen not full is all of them.
#[test]
fn a_typed_search_counts_only_when_its_first_screen_is_full() {
    let list = People::new(5_000);
    let mut window = opened(&list);
    let many = list.searched("navn 01");
    window.restart(&many, VIEW).unwrap();
    assert_eq!((window.len(), many.counted.get()), (many.rows.len(), 1));
    assert!(many.rows.len() > VIEW);
    let few = list.searched("navn 0123");
    assert!(!few.rows.is_empty() && few.rows.len() < VIEW, "{}", few.rows.len());
    window.restart(&few, VIEW).unwrap();
    assert_eq!((window.len(), few.counted.get()), (few.rows.len(), 0));
    assert_view_is_the_list(&window, &few);
    let none = list.searched("ingen");
    window.restart(&none, VIEW).unwrap();
    assert_eq!((window.len(), none.counted.get()), (0, 0));
    assert!(window.selected().is_none());
}

#[test]
fn a_search_left_uncounted_shows_the_first_screen_and_counts_before_a_key_moves_through_it() {
    let list = People::new(5_000);
    let mut window = opened(&list);
    let many = list.searched("navn 01");
    window.restart_uncounted(&many, VIEW).unwrap();
    assert_eq!((window.len(), window.counted(), many.counted.get()), (VIEW, false, 0));
    assert_view_is_the_list(&window, &many);
    // The first key through it counts, once; End then finds the end.
    window.navigate(Action::Bottom, &many, VIEW).unwrap();
    assert_eq!((window.len(), window.counted(), many.counted.get()), (many.rows.len(), true, 1));
    assert_eq!(window.selected(), many.rows.last());
    assert_view_is_the_list(&window, &many);
    window.count(&many).unwrap();
    assert_eq!(many.counted.get(), 1, "counted already");
    // A first screen that is not full is the whole list, counted.
    let few = list.searched("navn 0123");
    window.restart_uncounted(&few, VIEW).unwrap();
    assert_eq!((window.len(), window.counted(), few.counted.get()), (few.rows.len(), true, 0));
    // Asked where a row is, it counts first.
    window.restart_uncounted(&many, VIEW).unwrap();
    let far = many.rows[many.rows.len() - 3].id;
    assert!(window.select_id(far, &many, VIEW).unwrap());
    assert_eq!((window.len(), window.counted()), (many.rows.len(), true));
    assert_view_is_the_list(&window, &many);
}
