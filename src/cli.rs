//! The `rapport` command line (DESIGN.md §10). Exit codes: 0 ok, 1 the file is bad, 2 usage.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::model::{Journey, Project};
use crate::score::{self, Analysis, ContinuityScore, Finding, MutualityScore, Part};
use crate::store;

/// Everything went well.
pub const EXIT_OK: i32 = 0;
/// The file is bad or could not be read or written.
pub const EXIT_BAD_FILE: i32 = 1;
/// The command line was wrong.
pub const EXIT_USAGE: i32 = 2;

/// Rapport: design how a service relates to its customers over time.
#[derive(Parser, Debug)]
#[command(name = "rapport", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; without a command, open the workbench.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Project file to open in the workbench (the bundled sample when left out).
    pub file: Option<PathBuf>,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print scores, classification and findings of every journey (or one).
    Score {
        /// Project file (.ron).
        file: PathBuf,
        /// Only this journey.
        #[arg(long)]
        journey: Option<String>,
        /// Print JSON instead of a table (numbers unrounded).
        #[arg(long)]
        json: bool,
    },
    /// Check that a project file is valid.
    Check {
        /// Project file (.ron).
        file: PathBuf,
    },
}

/// What `main` should do after parsing the command line.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit with this code; everything was printed.
    Exit(i32),
    /// Open the workbench on this file, or on the bundled sample.
    OpenWorkbench(Option<PathBuf>),
}

/// Parses `args` (including the program name) and runs the command, printing to the writers.
pub fn run(
    args: impl IntoIterator<Item = std::ffi::OsString>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let text = e.render().ansi().to_string();
            let _ =
                if e.use_stderr() { err.write_all(text.as_bytes()) } else { out.write_all(text.as_bytes()) };
            return Outcome::Exit(code);
        }
    };
    let code = match cli.command {
        None => return Outcome::OpenWorkbench(cli.file),
        Some(Command::Check { file }) => check(&file, out, err),
        Some(Command::Score { file, journey, json }) => score(&file, journey.as_deref(), json, out, err),
    };
    Outcome::Exit(code)
}

/// Writes, treating a closed pipe (`rapport score x | head`) as success rather than a panic.
fn emit(out: &mut dyn Write, text: &str) -> i32 {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(_) => EXIT_BAD_FILE,
    }
}

fn load(file: &std::path::Path, err: &mut dyn Write) -> Option<Project> {
    match store::load(file) {
        Ok(p) => Some(p),
        Err(e) => {
            let _ = writeln!(err, "rapport: {e}");
            None
        }
    }
}

fn check(file: &std::path::Path, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let Some(project) = load(file, err) else {
        return EXIT_BAD_FILE;
    };
    let touchpoints: usize = project.journeys.iter().map(|j| j.touchpoints.len()).sum();
    emit(
        out,
        &format!(
            "{}: ok — “{}”, {} journeys, {} touchpoints\n",
            file.display(),
            project.name,
            project.journeys.len(),
            touchpoints
        ),
    )
}

fn score(
    file: &std::path::Path,
    only: Option<&str>,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some(project) = load(file, err) else {
        return EXIT_BAD_FILE;
    };
    let journeys: Vec<&Journey> = match only {
        None => project.journeys.iter().collect(),
        Some(name) => match project.journey(name) {
            Some(j) => vec![j],
            None => {
                let names: Vec<String> = project.journeys.iter().map(|j| format!("“{}”", j.name)).collect();
                let _ = writeln!(
                    err,
                    "rapport: {} has no journey called “{name}”; it has {}",
                    file.display(),
                    names.join(", ")
                );
                return EXIT_USAGE;
            }
        },
    };
    let analyses: Vec<(&Journey, Analysis)> = journeys.iter().map(|j| (*j, score::analyse(j))).collect();
    let text = if json { json_report(&analyses) } else { table(&project, &analyses) };
    emit(out, &text)
}

#[derive(Serialize)]
struct JsonReport<'a> {
    journeys: Vec<JsonJourney<'a>>,
}

#[derive(Serialize)]
struct JsonJourney<'a> {
    name: &'a str,
    mutuality: &'a MutualityScore,
    continuity: &'a ContinuityScore,
    classification: &'static str,
    findings: &'a [Finding],
}

/// The JSON of DESIGN.md §10.
pub fn json_report(analyses: &[(&Journey, Analysis)]) -> String {
    let report = JsonReport {
        journeys: analyses
            .iter()
            .map(|(j, a)| JsonJourney {
                name: &j.name,
                mutuality: &a.mutuality,
                continuity: &a.continuity,
                classification: a.verdict.classification.as_str(),
                findings: &a.findings,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

fn number(x: f64) -> String {
    if x.fract() == 0.0 { format!("{x:.0}") } else { format!("{x}") }
}

fn part_line(name: &str, part: Part) -> String {
    format!("    {name:<16}{:>5.2}   {}/{}\n", part.value, number(part.numerator), number(part.denominator))
}

/// The readable table: rounded scores, sub-scores, classification, per-phase scores, findings.
pub fn table(project: &Project, analyses: &[(&Journey, Analysis)]) -> String {
    let mut s = String::new();
    for (i, (journey, a)) in analyses.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s += &format!(
            "{} — journey “{}” ({} touchpoints)\n",
            project.name,
            journey.name,
            journey.touchpoints.len()
        );
        if !journey.persona.is_empty() {
            s += &format!("  {}\n", journey.persona);
        }
        s += &format!("\n  design mutuality  {:>4.0}\n", a.mutuality.score);
        for (sub, part) in a.mutuality.parts() {
            s += &part_line(sub.label(), part);
        }
        s += &format!("  design continuity {:>4.0}\n", a.continuity.score);
        for (sub, part) in a.continuity.parts() {
            s += &part_line(sub.label(), part);
        }
        s += &format!("  classification    {} — {}\n", a.verdict.classification.as_str(), a.verdict.rule);
        s += "\n  by phase              touchpoints  mutuality  continuity\n";
        for p in &a.phases {
            s += &format!(
                "    {:<20}{:>11}{:>11.0}{:>12.0}\n",
                p.phase.label(),
                p.touchpoints,
                p.mutuality.score,
                p.continuity.score
            );
        }
        s += &format!("\n  findings ({})\n", a.findings.len());
        for f in &a.findings {
            let ids: Vec<String> = f.touchpoints.iter().map(ToString::to_string).collect();
            s += &format!(
                "    {:<8} {:<36} {:<10} {}\n",
                f.severity.as_str(),
                f.code.as_str(),
                if ids.is_empty() { "-".to_owned() } else { ids.join(", ") },
                f.message
            );
        }
    }
    s
}
