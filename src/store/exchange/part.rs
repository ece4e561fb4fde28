//! The format's lists, one part of one list at a time.
//!
//! A large file is imported list by list, a part of a list at a time: each
//! part is checked and written before the next is read, so the file's
//! records are never all held at once. A whole file in hand
//! ([`ExportFile::parts`]) is taken the same way, each list as one part;
//! the checks and the writer see no difference.
//!
//! The lists come in the order of [`List`], the order an export writes
//! them in: every list refers only to lists before it.

use super::*;

/// Declares the lists once: their order, their keys in the file, their
/// records' types and their fields of [`ExportFile`].
macro_rules! lists {
    ($($list:ident $key:ident: $record:ty,)*) => {
        /// A list of the format, in the order the checks and the writer
        /// take them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub(crate) enum List {
            $($list,)*
        }

        impl List {
            /// Every list, in order.
            pub(crate) const ALL: &'static [List] = &[$(List::$list,)*];

            /// How many lists the format has.
            pub(crate) const COUNT: usize = List::ALL.len();

            /// The list's key in the file.
            pub(crate) fn key(self) -> &'static str {
                match self {
                    $(List::$list => stringify!($key),)*
                }
            }

            /// The list with this key in the file.
            pub(crate) fn of_key(key: &str) -> Option<List> {
                match key {
                    $(stringify!($key) => Some(List::$list),)*
                    _ => None,
                }
            }

            /// Reads this list as the value at hand in `map`, giving each
            /// part of it (`part` records) to `each` as soon as it is read.
            pub(super) fn read_parts<'de, A: serde::de::MapAccess<'de>>(
                self,
                map: &mut A,
                part: usize,
                each: &mut dyn FnMut(Chunk) -> bool,
            ) -> std::result::Result<(), A::Error> {
                match self {
                    $(List::$list => map.next_value_seed(super::stream::ListSeed { part, each, wrap: Chunk::$list }),)*
                }
            }
        }

        /// Some records of one list, in file order, borrowed.
        #[derive(Debug, Clone, Copy)]
        pub(crate) enum Part<'a> {
            $($list(&'a [$record]),)*
        }

        impl Part<'_> {
            pub(crate) fn list(&self) -> List {
                match self {
                    $(Part::$list(_) => List::$list,)*
                }
            }

            pub(crate) fn len(&self) -> usize {
                match self {
                    $(Part::$list(records) => records.len(),)*
                }
            }

            /// The part's first `mid` records, and the rest.
            pub(crate) fn split_at(self, mid: usize) -> (Self, Self) {
                match self {
                    $(Part::$list(records) => {
                        let (a, b) = records.split_at(mid);
                        (Part::$list(a), Part::$list(b))
                    })*
                }
            }
        }

        /// Some records of one list, in file order, as read.
        #[derive(Debug)]
        pub(crate) enum Chunk {
            $($list(Vec<$record>),)*
        }

        impl AsPart for Chunk {
            fn part(&self) -> Part<'_> {
                match self {
                    $(Chunk::$list(records) => Part::$list(records),)*
                }
            }
        }

        impl ExportFile {
            /// Each list of the file as one part, in order (an empty list too).
            pub(crate) fn parts(&self) -> impl Iterator<Item = Part<'_>> {
                [$(Part::$list(&self.$key),)*].into_iter()
            }
        }
    };
}

/// What gives a part: a part itself, or a chunk as read.
pub(crate) trait AsPart {
    fn part(&self) -> Part<'_>;
}

impl AsPart for Part<'_> {
    fn part(&self) -> Part<'_> {
        *self
    }
}

/// How many records of each list a file had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts([usize; List::COUNT]);

impl Default for Counts {
    fn default() -> Counts {
        Counts([0; List::COUNT])
    }
}

impl Counts {
    pub(crate) fn add(&mut self, part: Part<'_>) {
        self.0[part.list() as usize] += part.len();
    }

    pub(crate) fn of(&self, list: List) -> usize {
        self.0[list as usize]
    }
}

lists! {
    Citizens citizens: CitizenRecord,
    Cases cases: CaseRecord,
    CaseEvents case_events: EventRecord,
    PlanVersions plan_versions: PlanVersionRecord,
    CourseEndings course_endings: EndingRecord,
    FollowUpCalls follow_up_calls: CallRecord,
    FollowUpAttempts follow_up_attempts: AttemptRecord,
    Children children: ChildRecord,
    ChildConsiderations child_considerations: ConsiderationRecord,
    Conversations conversations: ConversationRecord,
    Notifications notifications: NotificationRecord,
    NotificationUpdates notification_updates: NotificationUpdateRecord,
    Providers providers: ProviderRecord,
    ProviderPrices provider_prices: PriceRecord,
    Stays stays: StayRecord,
    StayEvents stay_events: StayEventRecord,
    Groups groups: GroupRecord,
    GroupMembers group_members: MemberRecord,
    GroupSessions group_sessions: GroupSessionRecord,
    MoveCourses move_courses: CourseRecord,
    Attendances attendances: AttendanceRecord,
    GiftCardLedger gift_card_ledger: LedgerRecord,
    Complaints complaints: ComplaintRecord,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lists are those of the file's type, in the order of its fields:
    /// the order an export writes them in.
    #[test]
    fn the_lists_are_the_files_in_its_order() {
        let file = parse(include_str!("../../../tests/valid_imports/minimal.json")).unwrap();
        let text = to_text(&file);
        let at = |key: &str| text.find(&format!("\n  \"{key}\": "));
        // Conversations and complaints are left out when there are none.
        let written: Vec<usize> = List::ALL.iter().filter_map(|l| at(l.key())).collect();
        assert!(written.len() >= List::ALL.len() - 2, "{} of {} lists written", written.len(), List::ALL.len());
        assert!(written.is_sorted(), "the lists in the file's order");
        let parts: Vec<List> = file.parts().map(|p| p.list()).collect();
        assert_eq!(parts, List::ALL);
        for list in List::ALL {
            assert_eq!(List::of_key(list.key()), Some(*list));
        }
    }
}
