//! The `rapport` command line (DESIGN.md §10). Exit codes: 0 ok, 1 the file is bad, 2 usage.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::compare::{self, Change, Comparison};
use crate::export::{self, Background, ExportOptions};
use crate::layout::DiagramOptions;
use crate::model::{Journey, Project, TouchpointId};
use crate::pdf;
use crate::score::{self, Analysis, ContinuityScore, Finding, MutualityScore, Part};
use crate::store;
use crate::suggest::{self, Suggestion};
use crate::table;

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
    /// Open the room as the workbench starts: participants join from their phones on this
    /// network (its address goes to stderr as `room: URL`).
    #[arg(long)]
    pub room: bool,
    /// Open the room on exactly this address and port (e.g. 192.168.1.20:7707).
    #[arg(long, value_name = "ADDR:PORT", conflicts_with = "room")]
    pub room_at: Option<std::net::SocketAddr>,
    /// Start with the Open dialog, to pick a project (the launcher's "Open project…").
    #[arg(long, conflicts_with = "file")]
    pub open: bool,
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
    /// Compare two journeys (as-is against to-be): scores, classification, findings resolved,
    /// introduced and persisting, touchpoints added, removed and changed. With -o, draw it as a
    /// review picture instead of printing the table.
    Compare {
        /// Project file (.ron).
        file: PathBuf,
        /// The journey compared from, usually the as-is. Left out, it is chosen as the
        /// workbench chooses: of two journeys the one --to does not name, else the one named
        /// like an as-is ("As-is", "Current", "Today"), else the first.
        #[arg(long, value_name = "NAME")]
        from: Option<String>,
        /// The journey compared to, usually the to-be. Left out, it is chosen as the workbench
        /// chooses: of two journeys the one --from does not name, else the one named like a
        /// to-be ("To-be", "Future", "Target", "NAME to-be"), else the second.
        #[arg(long, value_name = "NAME")]
        to: Option<String>,
        /// Print JSON instead of a table (numbers unrounded). With -o too, the JSON is printed
        /// and the picture written, and the "wrote …" line goes to stderr.
        #[arg(long)]
        json: bool,
        /// Write a review picture, OUT.png (2×) or OUT.svg: both diagrams with the changes
        /// marked, the score deltas, the classifications and the findings grouped. The table is
        /// then not printed; a line says what was written.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
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
    /// List the review threads of a project: the open ones, or all of them.
    Comments {
        /// Project file (.ron).
        file: PathBuf,
        /// Resolved threads too.
        #[arg(long)]
        all: bool,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Export a journey's diagram as SVG or PNG, the whole project as a PDF review pack, or
    /// touchpoints as a CSV table (by the output's extension).
    Export {
        /// Project file (.ron).
        file: PathBuf,
        /// Output file: NAME.svg or NAME.png. With --all, each journey is written next to it
        /// as NAME-JOURNEY.svg or .png. NAME.csv writes a table of the touchpoints of every
        /// journey (or the one --journey names), one row each; the picture options do not apply.
        /// NAME.pdf writes the review pack of the whole project: a cover, each journey's diagram,
        /// findings and top five suggestions, and the as-is → to-be review.
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
        /// The review pack's paper, landscape: a4 (the default) or letter.
        #[arg(long, value_name = "PAPER", value_parser = parse_paper)]
        paper: Option<pdf::Paper>,
        /// The journey to export (for a picture, needed when the project has several, unless
        /// --all).
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
        /// Fit the journey to a 16:9 slide: it wraps onto rows to fill the page.
        #[arg(long)]
        slide: bool,
        /// Leave out the feeling curve under the diagram.
        #[arg(long)]
        no_feeling: bool,
        /// Pins on the cards with open review comments.
        #[arg(long)]
        comments: bool,
    },
    /// Print a project as lines a person reads: one per touchpoint, grouped by journey and
    /// phase in timeline order, with each journey's scores and findings (git's textconv: `git
    /// diff` and `git log -p` then read as design changes).
    Show {
        /// Project file (.ron).
        file: PathBuf,
    },
    /// Say what changed between two versions of a project: journeys, lanes, touchpoints (each
    /// changed field before → after), links, and each journey's score deltas, classification
    /// and findings resolved or introduced.
    Diff {
        /// The older version (.ron).
        old: PathBuf,
        /// The newer version (.ron).
        new: PathBuf,
        /// Print JSON instead of text (numbers unrounded).
        #[arg(long)]
        json: bool,
    },
    /// Merge two versions of a project with their common ancestor, by meaning (git's merge
    /// driver). Exit 0: merged cleanly; 1: merged with conflicts, which take ours and are
    /// recorded in OUT; 2: an input does not read, and OUT is left as it was.
    Merge {
        /// The common ancestor (git's %O).
        base: PathBuf,
        /// Our version (git's %A).
        ours: PathBuf,
        /// Their version (git's %B).
        theirs: PathBuf,
        /// Where the merged project goes (git's %A again).
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
        /// The file's path in the repository, for messages (git's %P).
        #[arg(long, value_name = "P")]
        path: Option<String>,
    },
    /// Teach the git repository here to diff and merge project files by meaning: writes
    /// `.gitattributes` and the repository's config for `rapport show` and `rapport merge`.
    GitSetup {
        /// The files it applies to.
        #[arg(long, default_value = "*.ron")]
        pattern: String,
    },
    /// Make a project from a table of touchpoints (CSV, as `export -o TABLE.csv` writes it or a
    /// spreadsheet saves it; only the title and phase columns are needed).
    Import {
        /// The table (.csv; separated by commas, semicolons or tabs).
        table: PathBuf,
        /// The project file to write (.ron). Nothing is written when the table has a mistake.
        #[arg(short, long, value_name = "PROJECT")]
        output: PathBuf,
        /// The project's name (the table's file name when left out).
        #[arg(long)]
        name: Option<String>,
    },
    /// Put Rapport in the launcher with its icon and make project files open in it (without the
    /// Debian package).
    ///
    /// The desktop entry, the icons and the project file type go under the user's data dir
    /// ($XDG_DATA_HOME, else ~/.local/share), the entry starting this very program; the desktop's
    /// caches are refreshed with update-mime-database and update-desktop-database when they are
    /// installed.
    DesktopInstall {
        /// Remove them again (only what desktop-install wrote).
        #[arg(long)]
        uninstall: bool,
    },
    /// Print the shell's completion script for rapport.
    ///
    /// For example `rapport completions bash > ~/.local/share/bash-completion/completions/rapport`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Write what the Debian package installs under usr/share (the desktop entry, icons, file
    /// type, man page and completions) into a folder; `cargo deb` takes them from there.
    #[command(hide = true)]
    PackageFiles {
        /// The folder to write `share/…` into.
        dir: PathBuf,
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

fn parse_paper(s: &str) -> Result<pdf::Paper, String> {
    pdf::Paper::parse(s).ok_or_else(|| format!("the paper must be a4 or letter, not “{s}”"))
}

/// `rapport export FILE -o PACK.pdf [--paper a4|letter]`: the review pack of the whole project.
fn pack_command(
    file: &std::path::Path,
    output: &std::path::Path,
    paper: pdf::Paper,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some(project) = load(file, err) else {
        return EXIT_BAD_FILE;
    };
    match pdf::write(&project, output, paper) {
        Ok(pack) => emit(
            out,
            &format!(
                "wrote {} (review pack, {} pages, {}, {} KB)\n",
                output.display(),
                pack.pages,
                match paper {
                    pdf::Paper::A4 => "A4",
                    pdf::Paper::Letter => "US Letter",
                },
                pack.bytes.len().div_ceil(1024)
            ),
        ),
        Err(e) => {
            let _ = writeln!(err, "rapport: {}: {e}", output.display());
            EXIT_BAD_FILE
        }
    }
}

/// What `main` should do after parsing the command line.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit with this code; everything was printed.
    Exit(i32),
    /// Open the workbench on this file, or on the bundled sample; with the room open, if asked;
    /// with the Open dialog shown first when the last field is true (`--open`).
    OpenWorkbench(Option<PathBuf>, Option<crate::room::RoomAt>, bool),
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
    let room = match (cli.room, cli.room_at) {
        (_, Some(addr)) => Some(crate::room::RoomAt::Addr(addr)),
        (true, None) => Some(crate::room::RoomAt::Network),
        (false, None) => None,
    };
    if room.is_some() && cli.command.is_some() {
        let _ = writeln!(
            err,
            "rapport: --room and --room-at open the workbench's room; they do not go with a command"
        );
        return Outcome::Exit(EXIT_USAGE);
    }
    if cli.open && cli.command.is_some() {
        let _ =
            writeln!(err, "rapport: --open opens the workbench's Open dialog; it does not go with a command");
        return Outcome::Exit(EXIT_USAGE);
    }
    let code = match cli.command {
        None => return Outcome::OpenWorkbench(cli.file, room, cli.open),
        Some(Command::Check { file }) => check(&file, out, err),
        Some(Command::Comments { file, all, json }) => comments_command(&file, all, json, out, err),
        Some(Command::Score { file, journey, json }) => score(&file, journey.as_deref(), json, out, err),
        Some(Command::Compare { file, from, to, json, output }) => {
            compare_command(&file, from.as_deref(), to.as_deref(), json, output.as_deref(), out, err)
        }
        Some(Command::Suggest { file, journey, top, json }) => {
            suggest_command(&file, journey.as_deref(), top, json, out, err)
        }
        Some(Command::Export { paper: Some(_), output, .. }) if !has_extension(&output, "pdf") => {
            let _ = writeln!(
                err,
                "rapport: --paper is for the PDF review pack; name an output ending in .pdf (not {})",
                output.display()
            );
            EXIT_USAGE
        }
        Some(Command::Export { file, output, journey, .. }) if is_table(&output) => {
            table_export_command(&file, &output, journey.as_deref(), out, err)
        }
        Some(Command::Export { file, output, paper, journey, all, .. }) if has_extension(&output, "pdf") => {
            if journey.is_some() || all {
                let _ = writeln!(
                    err,
                    "rapport: the review pack (.pdf) holds every journey of the project; leave out --journey and --all"
                );
                EXIT_USAGE
            } else {
                pack_command(&file, &output, paper.unwrap_or_default(), out, err)
            }
        }
        Some(Command::Export {
            file,
            output,
            journey,
            all,
            scale,
            transparent,
            no_legend,
            findings,
            slide,
            no_feeling,
            comments,
            paper: _,
        }) => {
            let options = ExportOptions {
                scale,
                background: if transparent { Background::Transparent } else { Background::White },
                diagram: DiagramOptions {
                    legend: !no_legend,
                    findings,
                    slide,
                    feeling: !no_feeling,
                    comments,
                },
            };
            export_command(&file, &output, journey.as_deref(), all, &options, out, err)
        }
        Some(Command::Import { table, output, name }) => {
            import_command(&table, &output, name.as_deref(), out, err)
        }
        Some(Command::Show { file }) => match load(&file, err) {
            Some(project) => emit(out, &crate::diff::show(&project)),
            None => EXIT_BAD_FILE,
        },
        Some(Command::Diff { old, new, json }) => diff_command(&old, &new, json, out, err),
        Some(Command::Merge { base, ours, theirs, output, path }) => {
            merge_command([base.as_path(), ours.as_path(), theirs.as_path()], &output, path.as_deref(), err)
        }
        Some(Command::GitSetup { pattern }) => match crate::git::setup(&pattern) {
            Ok(said) => emit(out, &(said.join("\n") + "\n")),
            Err(e) => {
                let _ = writeln!(err, "rapport: {e}");
                EXIT_BAD_FILE
            }
        },
        Some(Command::DesktopInstall { uninstall }) => desktop_install_command(uninstall, out, err),
        Some(Command::Completions { shell }) => emit(out, &String::from_utf8_lossy(&completions(shell))),
        Some(Command::PackageFiles { dir }) => package_files_command(&dir, out, err),
    };
    Outcome::Exit(code)
}

/// The commands that work without a display, for messages: "score, check, export, …".
pub fn headless_commands() -> String {
    use clap::CommandFactory;
    let names: Vec<String> = Cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_owned())
        .collect();
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

/// `rapport diff OLD NEW [--json]`.
fn diff_command(
    old: &std::path::Path,
    new: &std::path::Path,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some(before) = load(old, err) else { return EXIT_BAD_FILE };
    let Some(after) = load(new, err) else { return EXIT_BAD_FILE };
    let d = crate::diff::diff(&before, &after);
    emit(out, &if json { crate::diff::json(&d) } else { crate::diff::text(&d) })
}

/// `rapport merge BASE OURS THEIRS -o OUT [--path P]`, git's merge driver: 0 merged cleanly,
/// 1 merged with conflicts (recorded in OUT), 2 nothing written (git then marks the file
/// conflicted with ours in it).
fn merge_command(
    inputs: [&std::path::Path; 3],
    output: &std::path::Path,
    path: Option<&str>,
    err: &mut dyn Write,
) -> i32 {
    let shown = path.map_or_else(|| output.display().to_string(), str::to_owned);
    let merged = match crate::git::merge_files(inputs, output) {
        Ok(merged) => merged,
        Err(e) => {
            let _ = writeln!(
                err,
                "rapport: cannot merge {shown} by meaning: {e}; the file keeps ours, and git marks it \
                 conflicted (`git checkout --theirs -- {shown}` takes theirs)"
            );
            return EXIT_USAGE;
        }
    };
    if merged.conflicts.is_empty() {
        return EXIT_OK;
    }
    let _ = writeln!(
        err,
        "rapport: {shown}: merged with {} conflicts; ours is in the file until someone chooses (open it in Rapport):",
        merged.conflicts.len()
    );
    for c in &merged.conflicts {
        let _ = writeln!(err, "  {}", c.on.describe());
    }
    EXIT_BAD_FILE
}

fn check(file: &std::path::Path, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let Some(project) = load(file, err) else {
        return EXIT_BAD_FILE;
    };
    if !project.conflicts.is_empty() {
        let _ = writeln!(
            err,
            "rapport: {}: {} merge conflicts wait for a choice (open the file in the workbench and choose a version for each):",
            file.display(),
            project.conflicts.len()
        );
        for c in &project.conflicts {
            let _ = writeln!(err, "  {}", c.on.describe());
        }
        return EXIT_BAD_FILE;
    }
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

fn comments_command(
    file: &std::path::Path,
    all: bool,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some(project) = load(file, err) else {
        return EXIT_BAD_FILE;
    };
    if json {
        emit(out, &format!("{:#}\n", crate::comments::json(&project, all)))
    } else {
        emit(out, &crate::comments::text(&project, all))
    }
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
        let _ = writeln!(
            err,
            "rapport: {}: the output must end in .svg or .png (a picture), .pdf (the review pack) or .csv (a table)",
            output.display()
        );
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
            export::Format::Png => match export::png_plan(&project.name, journey, options) {
                Ok(plan) if plan.wrapped => {
                    let (w, h) = plan.size;
                    let at = if plan.scale < options.scale {
                        format!(" at {:.2}×", plan.scale)
                    } else {
                        String::new()
                    };
                    format!("{w} × {h} px, wrapped to a 16:9 page{at} to fit a PNG")
                }
                _ => {
                    let (w, h) = export::png_size(&project.name, journey, options);
                    format!("{w} × {h} px")
                }
            },
            export::Format::Svg => "SVG".to_owned(),
        };
        report += &format!("wrote {} (“{}”, {size})\n", path.display(), journey.name);
    }
    emit(out, &report)
}

/// Every journey of a project, or the one named (exit 2 naming the journeys when there is none).
fn chosen_journeys<'p>(
    file: &std::path::Path,
    project: &'p Project,
    only: Option<&str>,
    err: &mut dyn Write,
) -> Result<Vec<&'p Journey>, i32> {
    match only {
        None => Ok(project.journeys.iter().collect()),
        Some(name) => match project.journey(name) {
            Some(j) => Ok(vec![j]),
            None => Err(no_such_journey(file, project, name, err)),
        },
    }
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
    let journeys = match chosen_journeys(file, &project, only, err) {
        Ok(journeys) => journeys,
        Err(code) => return code,
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

fn compare_command(
    file: &std::path::Path,
    from: Option<&str>,
    to: Option<&str>,
    json: bool,
    picture: Option<&std::path::Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    // A wrong output name is a usage error, found before the file is read.
    let format = match picture.map(|p| (p, export::Format::of_path(p))) {
        Some((path, None)) => {
            let _ = writeln!(err, "rapport: {}: the output must end in .svg or .png", path.display());
            return EXIT_USAGE;
        }
        Some((path, Some(format))) => Some((path, format)),
        None => None,
    };
    let Some(project) = load(file, err) else {
        return EXIT_BAD_FILE;
    };
    let (from, to) = match journeys_to_compare(file, &project, from, to, err) {
        Ok(pair) => pair,
        Err(code) => return code,
    };
    let Some((path, format)) = format else {
        let comparison = compare::compare(from, to);
        let text =
            if json { compare::json(&comparison) } else { compare_table(&project, from, to, &comparison) };
        return emit(out, &text);
    };
    // The picture first: when it cannot be written nothing is printed but why.
    let options = ExportOptions::default();
    if let Err(e) = export::write_review(&project.name, from, to, path, &options) {
        let _ = writeln!(
            err,
            "rapport: could not write the review of “{}” → “{}” to {}: {e}",
            from.name,
            to.name,
            path.display()
        );
        return EXIT_BAD_FILE;
    }
    let size = match format {
        export::Format::Png => {
            let (w, h) = export::review_png_size(&project.name, from, to, &options);
            format!("{w} × {h} px")
        }
        export::Format::Svg => "SVG".to_owned(),
    };
    let wrote = format!("wrote {} (“{}” → “{}”, {size})\n", path.display(), from.name, to.name);
    if json {
        // stdout stays JSON alone, for whatever reads it.
        let _ = err.write_all(wrote.as_bytes());
        emit(out, &compare::json(&compare::compare(from, to)))
    } else {
        emit(out, &wrote)
    }
}

/// The two journeys a `compare` names. A side left out is chosen as the workbench's compare
/// view chooses ([`compare::default_pair`]): with exactly two journeys the other one (so both left
/// out is the first against the second, or the as-is against the to-be); with more, the as-is
/// and the to-be (by their names), else the first two — said on stderr, with how to choose
/// others. One side named among more than two takes its partner from the same rule, and needs
/// the other named when the rule pairs it the other way round.
fn journeys_to_compare<'p>(
    file: &std::path::Path,
    project: &'p Project,
    from: Option<&str>,
    to: Option<&str>,
    err: &mut dyn Write,
) -> Result<(&'p Journey, &'p Journey), i32> {
    let mut named = |name: Option<&str>| match name {
        None => Ok(None),
        Some(name) => match project.journeys.iter().position(|j| j.name == name) {
            Some(i) => Ok(Some(i)),
            None => Err(no_such_journey(file, project, name, err)),
        },
    };
    let (from, to) = (named(from)?, named(to)?);
    let n = project.journeys.len();
    let other = |i: usize| usize::from(i == 0);
    let pair = match (from, to) {
        (Some(a), Some(b)) => Some((a, b)),
        _ if n < 2 => None,
        (Some(a), None) if n == 2 => Some((a, other(a))),
        (None, Some(b)) if n == 2 => Some((other(b), b)),
        (None, None) => compare::default_pair(project, 0),
        (Some(a), None) => compare::default_pair(project, a).filter(|p| p.0 == a),
        (None, Some(b)) => compare::default_pair(project, b).filter(|p| p.1 == b),
    };
    let names: Vec<String> = project.journeys.iter().map(|j| format!("“{}”", j.name)).collect();
    let count = match names.len() {
        1 => "1 journey".to_owned(),
        n => format!("{n} journeys"),
    };
    let Some((a, b)) = pair else {
        let _ = writeln!(
            err,
            "rapport: {} has {count} ({}); name the two to compare with --from NAME --to NAME",
            file.display(),
            names.join(", ")
        );
        return Err(EXIT_USAGE);
    };
    let (Some(from_journey), Some(to_journey)) = (project.journeys.get(a), project.journeys.get(b)) else {
        return Err(EXIT_USAGE);
    };
    if n > 2 && (from.is_none() || to.is_none()) {
        let _ = writeln!(
            err,
            "rapport: {} has {count} ({}); comparing “{}” → “{}” (choose others with --from NAME --to NAME)",
            file.display(),
            names.join(", "),
            from_journey.name,
            to_journey.name
        );
    }
    Ok((from_journey, to_journey))
}

fn change_line(label: &str, change: Change, decimals: usize) -> String {
    let [from, to, delta] = change.shown(decimals);
    format!("  {label:<20}{from:>6} → {to:<6}{delta:>7}\n")
}

/// Each touchpoint's title by id, so that listing ids costs a lookup each, not a scan.
fn titles_by_id(journey: &Journey) -> HashMap<TouchpointId, &str> {
    journey.touchpoints.iter().map(|tp| (tp.id, tp.title.as_str())).collect()
}

fn title<'a>(titles: &HashMap<TouchpointId, &'a str>, id: &TouchpointId) -> &'a str {
    titles.get(id).copied().unwrap_or("")
}

fn finding_line(f: &Finding) -> String {
    let ids: Vec<String> = f.touchpoints.iter().map(ToString::to_string).collect();
    format!(
        "      {:<8} {:<36} {:<10} {}\n",
        f.severity.as_str(),
        f.code.as_str(),
        if ids.is_empty() { "-".to_owned() } else { ids.join(", ") },
        f.message
    )
}

/// The readable comparison of two journeys (DESIGN.md §13): both scores and their sub-scores
/// from → to with a signed change (rounded as in the score table), the classification, the
/// findings resolved, introduced and persisting, and the touchpoints added, removed and changed.
pub fn compare_table(project: &Project, from: &Journey, to: &Journey, c: &Comparison) -> String {
    let mut s = format!(
        "{} — “{}” → “{}” ({} → {} touchpoints)\n\n",
        project.name,
        c.from,
        c.to,
        from.touchpoints.len(),
        to.touchpoints.len()
    );
    s += &format!("  {:<20}{:>6}   {:<6}{:>7}\n", "", "from", "to", "change");
    s += &change_line("design mutuality", c.mutuality.score, 0);
    for (sub, change) in c.mutuality.parts() {
        s += &change_line(&format!("  {}", sub.label()), change, 2);
    }
    s += &change_line("design continuity", c.continuity.score, 0);
    for (sub, change) in c.continuity.parts() {
        s += &change_line(&format!("  {}", sub.label()), change, 2);
    }
    s += &format!(
        "  {:<20}{} → {}\n",
        "classification",
        c.classification.from.as_str(),
        c.classification.to.as_str()
    );

    let f = &c.findings;
    s += &format!(
        "\n  findings: {} resolved, {} introduced, {} persisting\n",
        f.resolved.len(),
        f.introduced.len(),
        f.persisting.len()
    );
    for (group, list) in
        [("resolved", &f.resolved), ("introduced", &f.introduced), ("persisting", &f.persisting)]
    {
        s += &format!("    {group} ({})\n", list.len());
        for finding in list {
            s += &finding_line(finding);
        }
    }

    let t = &c.touchpoints;
    s += &format!(
        "\n  touchpoints: {} added, {} removed, {} changed, {} unchanged\n",
        t.added.len(),
        t.removed.len(),
        t.changed.len(),
        t.unchanged
    );
    let (old, new) = (titles_by_id(from), titles_by_id(to));
    s += &format!("    added ({})\n", t.added.len());
    for id in &t.added {
        s += &format!("      {:<6}{}\n", id.to_string(), title(&new, id));
    }
    s += &format!("    removed ({})\n", t.removed.len());
    for id in &t.removed {
        s += &format!("      {:<6}{}\n", id.to_string(), title(&old, id));
    }
    s += &format!("    changed ({})\n", t.changed.len());
    for changed in &t.changed {
        let fields: Vec<&str> = changed.fields.iter().map(|f| f.as_str()).collect();
        s += &format!(
            "      {:<6}{} — {}\n",
            changed.id.to_string(),
            fields.join(", "),
            title(&new, &changed.id)
        );
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
    let journeys = match chosen_journeys(file, &project, only, err) {
        Ok(journeys) => journeys,
        Err(code) => return code,
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
    touchpoint: TouchpointId,
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

fn signed(x: f64) -> String {
    crate::describe::signed_gain(x)
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

// Touchpoints as a table (DESIGN.md §17).

fn has_extension(path: &std::path::Path, extension: &str) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case(extension))
}

/// An output that is a table of touchpoints rather than a picture.
fn is_table(path: &std::path::Path) -> bool {
    has_extension(path, "csv")
}

/// `rapport export FILE -o TABLE.csv [--journey NAME]`: every journey's touchpoints, or one's.
fn table_export_command(
    file: &std::path::Path,
    output: &std::path::Path,
    only: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some(project) = load(file, err) else {
        return EXIT_BAD_FILE;
    };
    let journeys = match chosen_journeys(file, &project, only, err) {
        Ok(journeys) => journeys,
        Err(code) => return code,
    };
    let text = table::export(journeys.iter().copied());
    if let Err(e) = store::write_atomically(output, text.as_bytes(), false) {
        let _ = writeln!(err, "rapport: {e}");
        return EXIT_BAD_FILE;
    }
    let rows: usize = journeys.iter().map(|j| j.touchpoints.len()).sum();
    let journeys = match journeys.as_slice() {
        [one] => format!("“{}”", one.name),
        several => format!("{} journeys", several.len()),
    };
    emit(out, &format!("wrote {} ({journeys}, {rows} touchpoints)\n", output.display()))
}

/// `rapport import TABLE.csv -o PROJECT.ron [--name NAME]`: a project from a table, written
/// only when the whole table reads; the columns it ignored are named once on stderr.
fn import_command(
    table_path: &std::path::Path,
    output: &std::path::Path,
    name: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    if !has_extension(output, "ron") {
        let _ = writeln!(err, "rapport: {}: the project file must end in .ron", output.display());
        return EXIT_USAGE;
    }
    let shown = table_path.display().to_string();
    let bytes = match read_table_file(table_path) {
        Ok(bytes) => bytes,
        Err(message) => {
            let _ = writeln!(err, "rapport: {shown}: {message}");
            return EXIT_BAD_FILE;
        }
    };
    let name = match name {
        Some(name) => name.trim().to_owned(),
        None => table_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
    };
    let imported = match table::import_bytes(&bytes, &name) {
        Ok(imported) => imported,
        Err(e) => {
            let _ = writeln!(err, "rapport: {}", e.in_file(&shown));
            return EXIT_BAD_FILE;
        }
    };
    for warning in &imported.warnings {
        let _ = writeln!(err, "rapport: {shown}: {warning}");
    }
    if let Err(e) = store::save(output, &imported.project) {
        let _ = writeln!(err, "rapport: {e}");
        return EXIT_BAD_FILE;
    }
    let project = &imported.project;
    let touchpoints: usize = project.journeys.iter().map(|j| j.touchpoints.len()).sum();
    let journeys = match project.journeys.len() {
        1 => "1 journey".to_owned(),
        n => format!("{n} journeys"),
    };
    emit(
        out,
        &format!("wrote {} (“{}”, {journeys}, {touchpoints} touchpoints)\n", output.display(), project.name),
    )
}

/// A table file's bytes, refusing one larger than a project file may be before reading it.
fn read_table_file(path: &std::path::Path) -> Result<Vec<u8>, String> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).map_err(|e| store::io_message(&e))?;
    let meta = file.metadata().map_err(|e| store::io_message(&e))?;
    if meta.is_dir() {
        return Err("this is a folder, not a table".to_owned());
    }
    let limit = store::MAX_FILE_BYTES;
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    // `take` bounds the read even when the size on disk lies (a growing file, /dev/zero).
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| store::io_message(&e))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "the table is larger than {} MB, which Rapport does not read",
            limit / 1_048_576
        ));
    }
    Ok(bytes)
}

/// `rapport desktop-install [--uninstall]`: the entry, icons and file type under the user's XDG
/// data dir, starting this very program.
fn desktop_install_command(uninstall: bool, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    if cfg!(any(target_os = "macos", target_os = "windows")) {
        let _ = writeln!(
            err,
            "rapport: desktop-install is for Linux and the BSDs (freedesktop desktops); this system keeps applications its own way"
        );
        return EXIT_USAGE;
    }
    let Some(data_dir) = crate::desktop::user_data_dir() else {
        let _ = writeln!(
            err,
            "rapport: no home folder is known (HOME is not set), so there is nowhere to install to"
        );
        return EXIT_BAD_FILE;
    };
    let done = if uninstall {
        crate::desktop::uninstall(&data_dir)
    } else {
        let exe = match std::env::current_exe() {
            Ok(exe) => exe,
            Err(e) => {
                let _ = writeln!(
                    err,
                    "rapport: could not tell where this program is ({e}), so the launcher could not start it"
                );
                return EXIT_BAD_FILE;
            }
        };
        let Some(exe) = exe.to_str() else {
            let _ = writeln!(
                err,
                "rapport: this program's path ({}) is not UTF-8, which a desktop entry cannot name; move it (e.g. to ~/.local/bin) and try again",
                exe.display()
            );
            return EXIT_BAD_FILE;
        };
        crate::desktop::install(&data_dir, exe)
    };
    match done {
        Ok(report) => emit(out, &(report.lines.join("\n") + "\n")),
        Err(e) => {
            let _ = writeln!(err, "rapport: {e}");
            EXIT_BAD_FILE
        }
    }
}

/// The man pages: `rapport.1` and one per command (`rapport-score.1`, …), from the same definition
/// as `--help`, as (file name, roff) pairs.
pub fn man_pages() -> Result<Vec<(String, Vec<u8>)>, String> {
    use clap::CommandFactory;
    let dir = tempfile::tempdir().map_err(|e| format!("no temporary folder for the man pages: {e}"))?;
    clap_mangen::generate_to(Cli::command(), dir.path())
        .map_err(|e| format!("the man pages could not be written: {e}"))?;
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(dir.path()).map_err(|e| format!("the man pages could not be read: {e}"))? {
        let path = entry.map_err(|e| format!("the man pages could not be read: {e}"))?.path();
        let bytes = std::fs::read(&path).map_err(|e| format!("{} could not be read: {e}", path.display()))?;
        pages.push((path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), bytes));
    }
    pages.sort();
    Ok(pages)
}

/// The completion script of rapport for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    use clap::CommandFactory;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "rapport", &mut script);
    script
}

/// `rapport package-files DIR`: what the Debian package puts under /usr/share, written to
/// DIR/share for `cargo deb`.
fn package_files_command(dir: &std::path::Path, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    use clap_complete::Shell;
    let share = dir.join("share");
    let files = (|| -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
        let mut files: Vec<(PathBuf, Vec<u8>)> =
            crate::desktop::data_files("rapport")?.into_iter().map(|f| (f.path, f.bytes)).collect();
        for (name, roff) in man_pages()? {
            files.push((PathBuf::from("man/man1").join(name), roff));
        }
        files.push(("bash-completion/completions/rapport".into(), completions(Shell::Bash)));
        files.push(("zsh/vendor-completions/_rapport".into(), completions(Shell::Zsh)));
        files.push(("fish/vendor_completions.d/rapport.fish".into(), completions(Shell::Fish)));
        Ok(files)
    })();
    let files = match files {
        Ok(files) => files,
        Err(e) => {
            let _ = writeln!(err, "rapport: {e}");
            return EXIT_BAD_FILE;
        }
    };
    // A file left from an older build (a command since removed) must not reach the package.
    if let Err(e) = std::fs::remove_dir_all(&share)
        && e.kind() != io::ErrorKind::NotFound
    {
        let _ = writeln!(err, "rapport: could not clear {}: {e}", share.display());
        return EXIT_BAD_FILE;
    }
    for (path, bytes) in &files {
        let path = share.join(path);
        let written =
            path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&path, bytes));
        if let Err(e) = written {
            let _ = writeln!(err, "rapport: could not write {}: {e}", path.display());
            return EXIT_BAD_FILE;
        }
    }
    emit(out, &format!("wrote {} files under {}\n", files.len(), share.display()))
}
