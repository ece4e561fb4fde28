use std::process::ExitCode;

fn main() -> ExitCode {
    // Installed first, so a panic report is readable; ratatui's own hook
    // restores the terminal before it is printed.
    let _ = color_eyre::install();
    sagsbord::cli::main()
}
