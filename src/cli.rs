//! The `rapport` command line (DESIGN.md §10). Exit codes: 0 ok, 1 the file is bad, 2 usage.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::export::{self, Background, ExportOptions};
use crate::layout::DiagramOptions;
use crate::model::{Journey, Project};
use crate::score::{self, Analysis, ContinuityScore, Finding, MutualityScore, Part};
use crate::store;
use crate::suggest::{self, Suggestion};

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
    /// Suggest the single edits that would improve each journey (or one) most.
    Suggest {
        /// Project file (.ron).
        file: PathBuf,
        /// Only this journey.
        #[arg(long)]
        journey: Option<String>,
        /// How many suggestions to show per journey (at least 1).
        #[arg(long, value_name = "N", default_value_t = DEFAULT_TOP, value_parser = parse_top)]
        top: usize,
        /// Print JSON instead of a table (numbers unrounded).
        #[arg(long)]
        json: bool,
    },
    /// Check that a project file is valid.
    Check {
        /// Project file (.ron).
        file: PathBuf,
    },
    /// Export a journey's diagram as SVG or PNG (by the output's extension).
    Export {
        /// Project file (.ron).
        file: PathBuf,
        /// Output file: NAME.svg or NAME.png. With --all, each journey is written next to it
        /// as NAME-JOURNEY.svg or .png.
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
        /// The journey to export (needed when the project has several, unless --all).
        #[arg(long, conflicts_with = "all")]
        journey: Option<String>,
        /// Export every journey, one file per journey.
        #[arg(long)]
        all: bool,
        /// PNG pixels per diagram unit, 1 to 4.
        #[arg(long, default_value_t = 2.0, value_parser = parse_scale)]
        scale: f32,
        /// PNG with a transparent background instead of white.
        #[arg(long)]
        transparent: bool,
        /// Leave out the legend (scores, classification, key).
        #[arg(long)]
        no_legend: bool,
        /// Number the findings on their cards and list them in the legend.
        #[arg(long)]
        findings: bool,
    },
}

/// Suggestions shown per journey unless `--top` says otherwise (DESIGN.md §14).
pub const DEFAULT_TOP: usize = 5;

fn parse_top(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("--top takes a whole number of suggestions, at least 1, not “{s}”")),
    }
}

fn parse_scale(s: &str) -> Result<f32, String> {
    match s.trim_end_matches(['x', '×']).parse::<f32>() {
        Ok(v) if export::SCALES.contains(&v) => Ok(v),
        _ => Err(format!("the scale must be a number from 1 to 4, not “{s}”")),
    }
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
            // Colour only for a person at a terminal, never into a file or a pipe.
            let terminal =
                if e.use_stderr() { io::stderr().is_terminal() } else { io::stdout().is_terminal() };
            let colour = terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let text = if colour { e.render().ansi().to_string() } else { e.render().to_string() };
            let _ =
                if e.use_stderr() { err.write_all(text.as_bytes()) } else { out.write_all(text.as_bytes()) };
            return Outcome::Exit(code);
        }
    };
    let code = match cli.command {
        None => return Outcome::OpenWorkbench(cli.file),
        Some(Command::Check { file }) => check(&file, out, err),
        Some(Command::Score { file, journey, json }) => score(&file, journey.as_deref(), json, out, err),
        Some(Command::Suggest { file, journey, top, json }) => {
            suggest_command(&file, journey.as_deref(), top, json, out, err)
        }
        Some(Command::Export { file, output, journey, all, scale, transparent, no_legend, findings }) => {
            let options = ExportOptions {
                scale,
                background: if transparent { Background::Transparent } else { Background::White },
                diagram: DiagramOptions { legend: !no_legend, findings },
            };
            export_command(&file, &output, journey.as_deref(), all, &options, out, err)
        }
    };
    Outcome::Exit(code)
}

/// The commands that work without a display, for messages: "score, check, export, …".
pub fn headless_commands() -> String {
    use clap::CommandFactory;
    let names: Vec<String> = Cli::command().get_subcommands().map(|c| c.get_name().to_owned()).collect();
    names.join(", ")
}

/// The second half of a message about not opening the workbench: what works instead.
pub fn headless_hint() -> String {
    format!(
        "without a display these commands work: rapport {} (see rapport --help)",
        headless_commands().replace(", ", " | ")
    )
}

/// Why the workbench cannot open a window here, when that is known before trying: on Linux and
/// the BSDs, neither an X11 nor a Wayland display is named in the environment.
pub fn no_display() -> Option<String> {
    if cfg!(any(target_os = "macos", target_os = "windows")) {
        return None;
    }
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    (!set("DISPLAY") && !set("WAYLAND_DISPLAY"))
        .then(|| "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set)".to_owned())
}

/// A short reason for a failure to open the window, in words, without the library paths and
/// driver details a graphics error may carry.
pub fn short_reason(error: &dyn std::fmt::Display) -> String {
    let text = error.to_string().to_lowercase();
    if ["display", "x11", "wayland", "xcb"].iter().any(|w| text.contains(w)) {
        "no display could be opened".to_owned()
    } else if ["adapter", "egl", "opengl", "vulkan", "wgpu", "glutin", "gpu"].iter().any(|w| text.contains(w))
    {
        "no usable graphics driver was found".to_owned()
    } else {
        "the window system refused".to_owned()
    }
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

fn no_such_journey(file: &std::path::Path, project: &Project, name: &str, err: &mut dyn Write) -> i32 {
    let names: Vec<String> = project.journeys.iter().map(|j| format!("“{}”", j.name)).collect();
    let _ = writeln!(
        err,
        "rapport: {} has no journey called “{name}”; it has {}",
        file.display(),
        names.join(", ")
    );
    EXIT_USAGE
}

fn export_command(
    file: &std::path::Path,
    output: &std::path::Path,
    only: Option<&str>,
    all: bool,
    options: &ExportOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some(format) = export::Format::of_path(output) else {
        let _ = writeln!(err, "rapport: {}: the output must end in .svg or .png", output.display());
        return EXIT_USAGE;
    };
    let Some(project) = load(file, err) else {
        return EXIT_BAD_FILE;
    };
    let jobs: Vec<(&Journey, PathBuf)> = if all {
        let names: Vec<&str> = project.journeys.iter().map(|j| j.name.as_str()).collect();
        project.journeys.iter().zip(export::paths_for_each(output, &names, format)).collect()
    } else {
        let journey = match only {
            Some(name) => match project.journey(name) {
                Some(j) => j,
                None => return no_such_journey(file, &project, name, err),
            },
            None => match project.journeys.as_slice() {
                [one] => one,
                [] => {
                    let _ = writeln!(err, "rapport: {} has no journeys to export", file.display());
                    return EXIT_BAD_FILE;
                }
                several => {
                    let names: Vec<String> = several.iter().map(|j| format!("“{}”", j.name)).collect();
                    let _ = writeln!(
                        err,
                        "rapport: {} has {} journeys ({}); choose one with --journey NAME, or export each with --all",
                        file.display(),
                        several.len(),
                        names.join(", ")
                    );
                    return EXIT_USAGE;
                }
            },
        };
        vec![(journey, output.to_owned())]
    };
    let mut report = String::new();
    for (journey, path) in jobs {
        if let Err(e) = export::write(&project.name, journey, &path, options) {
            let _ = emit(out, &report);
            let _ = writeln!(err, "rapport: could not export “{}” to {}: {e}", journey.name, path.display());
            return EXIT_BAD_FILE;
        }
        let size = match format {
            export::Format::Png => {
                let (w, h) = export::png_size(&project.name, journey, options);
                format!("{w} × {h} px")
            }
            export::Format::Svg => "SVG".to_owned(),
        };
        report += &format!("wrote {} (“{}”, {size})\n", path.display(), journey.name);
    }
    emit(out, &report)
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
            None => return no_such_journey(file, &project, name, err),
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

fn suggest_command(
    file: &std::path::Path,
    only: Option<&str>,
    top: usize,
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
            None => return no_such_journey(file, &project, name, err),
        },
    };
    let suggested: Vec<(&Journey, Vec<Suggestion>)> =
        journeys.iter().map(|j| (*j, suggest::suggestions(j))).collect();
    let text = if json { suggest_json(&suggested, top) } else { suggest_table(&project, &suggested, top) };
    emit(out, &text)
}

#[derive(Serialize)]
struct JsonSuggestReport<'a> {
    journeys: Vec<JsonSuggestJourney<'a>>,
}

#[derive(Serialize)]
struct JsonSuggestJourney<'a> {
    name: &'a str,
    suggestions: Vec<JsonSuggestion<'a>>,
}

#[derive(Serialize)]
struct JsonSuggestion<'a> {
    touchpoint: crate::model::TouchpointId,
    edit: &'static str,
    gain: f64,
    mutuality: f64,
    continuity: f64,
    classification: &'static str,
    resolves: &'a [score::FindingCode],
    introduces: &'a [score::FindingCode],
}

/// The JSON of DESIGN.md §14: at most `top` ranked suggestions per journey, numbers unrounded.
pub fn suggest_json(suggested: &[(&Journey, Vec<Suggestion>)], top: usize) -> String {
    let report = JsonSuggestReport {
        journeys: suggested
            .iter()
            .map(|(j, list)| JsonSuggestJourney {
                name: &j.name,
                suggestions: list
                    .iter()
                    .take(top)
                    .map(|s| JsonSuggestion {
                        touchpoint: s.touchpoint,
                        edit: s.kind.as_str(),
                        gain: s.gain,
                        mutuality: s.mutuality,
                        continuity: s.continuity,
                        classification: s.classification.as_str(),
                        resolves: &s.resolves,
                        introduces: &s.introduces,
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

/// A change with its sign, to two decimals; one that rounds to zero reads +0.00, never -0.00.
fn signed(x: f64) -> String {
    let x = if x.abs() < 0.005 { 0.0 } else { x };
    format!("{x:+.2}")
}

fn codes(list: &[score::FindingCode]) -> String {
    list.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
}

/// The readable table: per journey, its scores now, then the top suggestions, each with its
/// rank, gain (split into mutuality and continuity), touchpoint, advice, what it resolves and
/// introduces, and why.
pub fn suggest_table(project: &Project, suggested: &[(&Journey, Vec<Suggestion>)], top: usize) -> String {
    let mut s = String::new();
    for (i, (journey, list)) in suggested.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        let (m, c, verdict) = score::scores(journey);
        s += &format!(
            "{} — journey “{}” ({} touchpoints)\n",
            project.name,
            journey.name,
            journey.touchpoints.len()
        );
        s += &format!(
            "  now: design mutuality {:.0}, design continuity {:.0}, {}\n",
            m.score,
            c.score,
            verdict.classification.as_str()
        );
        if list.is_empty() {
            s += "  no single edit improves this journey\n";
            continue;
        }
        let shown = list.len().min(top);
        s += &format!("  top {shown} of {} suggestions\n\n", list.len());
        s += "     #    gain  mutuality  continuity  touchpoint\n";
        for (rank, sug) in list.iter().take(top).enumerate() {
            let title = journey.touchpoint(sug.touchpoint).map_or("", |t| t.title.as_str());
            s += &format!(
                "  {:>4}  {:>6}  {:>9}  {:>10}  {} “{}” — {}\n",
                rank + 1,
                signed(sug.gain),
                signed(sug.mutuality - m.score),
                signed(sug.continuity - c.score),
                sug.touchpoint,
                title,
                sug.kind.label()
            );
            s += &format!("        {}\n", sug.advice(journey));
            if sug.classification != verdict.classification {
                s += &format!(
                    "        becomes {} (from {})\n",
                    sug.classification.as_str(),
                    verdict.classification.as_str()
                );
            }
            if !sug.resolves.is_empty() {
                s += &format!("        resolves {}\n", codes(&sug.resolves));
            }
            if !sug.introduces.is_empty() {
                s += &format!("        introduces {}\n", codes(&sug.introduces));
            }
            s += &format!("        why: {}\n", sug.why());
        }
    }
    s
}
