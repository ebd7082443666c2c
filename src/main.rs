//! The `rapport` binary: the command line, or the workbench.

use std::process::ExitCode;

use rapport::cli::{self, Outcome};

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let outcome = cli::run(std::env::args_os(), &mut stdout.lock(), &mut stderr.lock());
    match outcome {
        Outcome::Exit(code) => ExitCode::from(code as u8),
        Outcome::OpenWorkbench(file) => {
            // The workbench lands in its own issue; until then show the file's scores.
            let path = file.unwrap_or_else(|| "assets/samples/brightwatt.ron".into());
            let args = ["rapport".into(), "score".into(), path.into_os_string()];
            match cli::run(args, &mut stdout.lock(), &mut stderr.lock()) {
                Outcome::Exit(code) => ExitCode::from(code as u8),
                Outcome::OpenWorkbench(_) => ExitCode::FAILURE,
            }
        }
    }
}
