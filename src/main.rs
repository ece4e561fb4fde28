use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A panic is a bug. With RUST_BACKTRACE set, a developer gets
    // color-eyre's full report; a counsellor gets one Danish line. Either
    // way ratatui's own hook, laid over this one when the workbench takes
    // the terminal, restores the terminal before it is printed.
    if std::env::var_os("RUST_BACKTRACE").is_some() {
        let _ = color_eyre::install();
    } else {
        std::panic::set_hook(Box::new(|info| {
            let place = info.location().map(|l| format!(" ({}:{})", l.file(), l.line())).unwrap_or_default();
            let _ = writeln!(std::io::stderr(), "{}{place}", sagsbord::text::cli::INTERNAL_ERROR);
        }));
    }
    sagsbord::cli::main()
}

/// mimalloc (see Cargo.toml for why).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
