//! The `rapport` binary: the command line, or the workbench.

use std::process::ExitCode;

use rapport::cli::{self, Outcome};

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let outcome = cli::run(std::env::args_os(), &mut stdout.lock(), &mut stderr.lock());
    match outcome {
        Outcome::Exit(code) => ExitCode::from(code as u8),
        Outcome::OpenWorkbench(file) => match rapport::app::run(rapport::app::AppOptions::native(file)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("rapport: could not open the workbench window: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
