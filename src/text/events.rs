//! The words of `sagsbord events`, the national register's file.

pub const ABOUT: &str =
    "Behandlingshændelser pr. borger til Stofmisbrugsdatabasen som CSV (med CPR-numre; kun teamleder)";
pub const FROM_HELP: &str = "Periodens første dag (sammen med --to; ellers sidste hele måned)";
pub const TO_HELP: &str = "Periodens sidste dag (sammen med --from)";
pub const CSV_HELP: &str = "Den nye CSV-fil (kun du kan læse den: den rummer CPR-numre)";
pub const FORCE_HELP: &str = "Erstat en fil, der findes i forvejen (et symbolsk link erstattes aldrig)";

/// Said when the file is written.
pub fn written(rows: usize, from: &str, to: &str, path: &str) -> String {
    let what = if rows == 1 { "1 hændelse".to_string() } else { format!("{rows} hændelser") };
    format!("{what} fra {from} til {to} skrevet til {path} (rummer CPR-numre)")
}
