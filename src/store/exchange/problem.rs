//! Why an import file is refused, typed: the store names the problem and
//! `text::exchange` words it, as `text::plans` words the forms' problems.
//! The most frequent refusals are typed; [`ImportProblem::Words`] still
//! carries the import's rarer refusals worded where they are found, until
//! each has its own variant.

/// A record of the file another one refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRecord {
    Citizen,
    Case,
    Group,
    Session,
    Attendance,
    MoveCourse,
    Provider,
    Stay,
    Call,
    Notification,
    Child,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportProblem {
    /// An id that is not positive, or is used twice.
    IdNotUnique { id: i64 },
    /// A required text is empty.
    Missing,
    /// The record referred to is not in the file.
    NotInFile { what: FileRecord, id: i64 },
    /// A text longer than its form (or the program) allows.
    TooLong { max: usize },
    /// The centre's own profile file is larger than a profile may be.
    ProfileTooLarge { max_kib: u64 },
    /// An import goes into an empty database only.
    DatabaseNotEmpty,
    /// A format version this program does not read.
    UnknownVersion { file: u32, known: u32 },
    /// The file stopped before its end was read: nothing was kept.
    Unfinished,
    /// Not yet typed: the refusal as worded where it was found.
    Words(String),
}

impl From<&str> for ImportProblem {
    fn from(words: &str) -> Self {
        ImportProblem::Words(words.to_string())
    }
}

impl From<String> for ImportProblem {
    fn from(words: String) -> Self {
        ImportProblem::Words(words)
    }
}
