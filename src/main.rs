//! The `rapport` binary: the command line, or the workbench.

use std::process::ExitCode;

use rapport::cli::{self, Outcome};

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let outcome = cli::run(std::env::args_os(), &mut stdout.lock(), &mut stderr.lock());
    match outcome {
        Outcome::Exit(code) => ExitCode::from(code as u8),
        Outcome::OpenWorkbench(file, room, ask) => open_workbench(file, room, ask),
    }
}

#[cfg(feature = "gui")]
fn open_workbench(
    file: Option<std::path::PathBuf>,
    room: Option<rapport::room::RoomAt>,
    ask_for_file: bool,
) -> ExitCode {
    if let Some(why) = cli::no_display() {
        eprintln!("rapport: {why}; {}", cli::headless_hint());
        return ExitCode::from(cli::EXIT_USAGE as u8);
    }
    match rapport::app::run(rapport::app::AppOptions::native(file), room, ask_for_file) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line, without the library paths a graphics driver error may carry.
            eprintln!(
                "rapport: could not open the workbench window ({}); {}",
                cli::short_reason(&e),
                cli::headless_hint()
            );
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_workbench(
    _file: Option<std::path::PathBuf>,
    _room: Option<rapport::room::RoomAt>,
    _ask_for_file: bool,
) -> ExitCode {
    eprintln!(
        "rapport: this build has no workbench (built without the `gui` feature); {}",
        cli::headless_hint()
    );
    ExitCode::from(cli::EXIT_USAGE as u8)
}
