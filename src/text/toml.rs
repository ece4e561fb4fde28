//! The TOML parser's reasons in Danish. The `toml` crate says why a file
//! did not parse in English; a keymap or profile file is a user's file,
//! and everything the user reads is Danish. The reasons it can give are a
//! short, fixed list (its syntax errors, and serde's few data errors), each
//! said here; one not in the list is said in general words, since the line
//! and column already say where to look.

/// The parser's syntax reasons, word for word, and what they mean.
const SYNTAX: &[(&str, &str)] = &[
    ("missing comma between array elements", "der mangler et komma mellem listens elementer"),
    ("missing comma between key-value pairs", "der mangler et komma mellem nøgle-værdi-parrene"),
    ("missing assignment between key-value pairs", "der mangler et = mellem nøgle og værdi"),
    ("missing opening quote", "der mangler et anførselstegn før teksten"),
    ("missing escaped value", "der mangler et tegn efter \\"),
    ("missing key for inline table element", "et element i { } mangler sin nøgle"),
    ("missing inline table opening", "der mangler en { "),
    ("missing array opening", "der mangler en ["),
    ("missing table open", "der mangler en [ før afsnittets navn"),
    ("missing comment start", "der mangler et # før kommentaren"),
    ("missing value for key", "nøglen mangler sin værdi"),
    ("missing value", "der mangler en værdi"),
    ("unclosed array table", "afsnittet [[...]] er ikke lukket med ]]"),
    ("unclosed inline table", "{ er ikke lukket med }"),
    ("unclosed array", "listen er ikke lukket med ]"),
    ("unclosed table", "afsnittets navn er ikke lukket med ]"),
    ("extra comma in inline table", "et komma for meget i { }"),
    ("extra comma in array", "et komma for meget i listen"),
    ("unexpected `=` in array", "et = hører ikke hjemme i en liste"),
    ("unexpected content between comment and newline", "uventet indhold efter kommentaren"),
    ("unexpected key or value", "uventet nøgle eller værdi"),
    ("unexpected leading zero", "et tal må ikke begynde med 0"),
    ("unexpected sign", "uventet fortegn"),
    ("unexpected content", "uventet indhold"),
    ("unquoted keys cannot be empty", "en nøgle uden anførselstegn kan ikke være tom"),
    ("invalid unquoted key", "ugyldig nøgle (sæt den i anførselstegn)"),
    ("invalid multi-line basic string", "ugyldig tekst over flere linjer"),
    ("invalid multi-line literal string", "ugyldig tekst over flere linjer"),
    ("invalid basic string", "ugyldig tekst i anførselstegn"),
    ("invalid literal string", "ugyldig tekst i apostroffer"),
    ("invalid string", "ugyldig tekst"),
    ("invalid key-value pair", "ugyldigt nøgle-værdi-par"),
    ("invalid inline table element", "ugyldigt element i { }"),
    ("invalid key", "ugyldig nøgle"),
    ("invalid table", "ugyldigt afsnit"),
    ("invalid comment character", "ugyldigt tegn i kommentaren"),
    ("invalid boolean", "ugyldig sandhedsværdi (true eller false)"),
    ("invalid date-time", "ugyldig dato eller tid"),
    ("invalid integer number", "ugyldigt heltal"),
    ("invalid hexadecimal number", "ugyldigt sekstentalstal"),
    ("invalid octal number", "ugyldigt ottetalstal"),
    ("invalid binary number", "ugyldigt totalstal"),
    ("invalid float", "ugyldigt decimaltal"),
    ("invalid fraction", "ugyldigt decimaltal"),
    ("invalid mantissa", "ugyldigt decimaltal"),
    ("invalid exponent", "ugyldigt decimaltal"),
    ("invalid value", "ugyldig værdi"),
    ("duplicate key", "nøglen står to gange"),
];

/// Said when the parser's reason is none of those above.
const ELSE: &str = "filen følger ikke TOML-formatet her";

/// The parser's `message` in Danish: its syntax reasons by the list, the
/// data errors with the names they quote (a field, a value), anything else
/// in general words. Never the English itself.
pub fn reason(message: &str) -> String {
    let message = message.trim();
    let quoted = |after: &str| message.strip_prefix(after).and_then(first_quoted);
    if let Some(field) = quoted("unknown field ") {
        return format!("ukendt felt `{field}`{}", known(message));
    }
    if let Some(field) = quoted("missing field ") {
        return format!("feltet `{field}` mangler");
    }
    if let Some(value) = quoted("unknown variant ") {
        return format!("ukendt værdi `{value}`{}", known(message));
    }
    if let Some(key) = quoted("duplicate key: ") {
        return format!("nøglen `{key}` står to gange");
    }
    if message.starts_with("invalid type:") {
        return "forkert slags værdi (fx tekst hvor der skal stå et tal)".to_string();
    }
    if message.starts_with("invalid length") {
        return "forkert antal elementer".to_string();
    }
    if message.starts_with("invalid value:") {
        return "ugyldig værdi".to_string();
    }
    let first = message.lines().next().unwrap_or_default();
    SYNTAX.iter().find(|(english, _)| first.starts_with(english)).map_or(ELSE, |(_, danish)| danish).to_string()
}

/// The text between the first pair of backticks of `s`.
fn first_quoted(s: &str) -> Option<&str> {
    let rest = s.strip_prefix('`')?;
    rest.split_once('`').map(|(inside, _)| inside)
}

/// "; mulige: `a`, `b`" from serde's "expected one of `a`, `b`" (or
/// "expected `a`"), or nothing.
fn known(message: &str) -> String {
    let Some((_, expected)) = message.split_once(", expected ") else { return String::new() };
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    if names.is_empty() {
        return String::new();
    }
    format!("; mulige: {}", names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every reason the parser gives for a broken file, from real files,
    /// is said in Danish and none of its English is left.
    #[test]
    fn every_reason_of_a_broken_file_is_said_in_danish() {
        let broken = [
            "a = [1 2]",
            "a = 1 b = 2",
            "a 1",
            "[tabel",
            "a = \"tekst",
            "a = [1,,]",
            "a = tru",
            "a = 01",
            "a = 1\na = 2",
            "a = 1979-13-45",
            "= 1",
            "a = 1.e5",
            "a = { b = 1",
            "[[a]\n",
        ];
        for text in broken {
            let e = toml::from_str::<toml::Table>(text).unwrap_err();
            let said = reason(e.message());
            assert!(!said.is_empty(), "{text:?}");
            for english in ["missing", "invalid", "unexpected", "expected", "unclosed", "duplicate", "extra"] {
                assert!(!said.contains(english), "{text:?}: {:?} gave {said:?}", e.message());
            }
        }
    }

    #[test]
    fn serdes_reasons_keep_the_names_they_quote() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Two {
            first: u32,
            second: String,
        }
        let said = |text: &str| reason(toml::from_str::<Two>(text).unwrap_err().message());
        assert_eq!(said("first = 1\nsecond = \"x\"\nthird = 3"), "ukendt felt `third`; mulige: `first`, `second`");
        assert_eq!(said("first = 1"), "feltet `second` mangler");
        assert!(said("first = \"one\"\nsecond = \"x\"").starts_with("forkert slags værdi"));
        assert_eq!(reason("something the parser never said"), ELSE);
    }
}
