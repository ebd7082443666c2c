//! Teams working in git (DESIGN.md §19), the files and the subprocess: `rapport merge` (git's
//! merge driver) reading its three inputs and writing the result, and `rapport git-setup`,
//! which teaches a repository to diff and merge project files with `rapport show` and `rapport
//! merge`. The work itself is pure, in [`crate::diff`] and [`crate::merge`]; the command line
//! ([`crate::cli`]) says what happened and chooses the exit code.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::model::Project;
use crate::rules::Broken;
use crate::{merge, store};

/// Why `rapport merge` wrote nothing: git then marks the file conflicted, with ours in it.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// One of the three versions does not read.
    #[error("{which} does not read ({error})")]
    Unreadable {
        /// "base", "ours" or "theirs".
        which: &'static str,
        /// Why.
        error: store::LoadError,
    },
    /// The merged project would break a rule (no inputs that read should cause it).
    #[error("{0}")]
    Broken(#[from] Broken),
    /// The result could not be written.
    #[error("{0}")]
    Write(#[from] store::SaveError),
}

/// Merges the project files `base`, `ours` and `theirs` into `output` (written atomically);
/// the merged project, whose `conflicts` say what waits for a choice. On an error `output` is
/// left as it was.
pub fn merge_files(inputs: [&Path; 3], output: &Path) -> Result<Project, MergeError> {
    let mut projects = Vec::with_capacity(3);
    for (input, which) in inputs.iter().zip(["base", "ours", "theirs"]) {
        projects.push(store::load(input).map_err(|error| MergeError::Unreadable { which, error })?);
    }
    let merged = merge::merge(&projects[0], &projects[1], &projects[2])?;
    store::write_atomically(output, store::write_project(&merged).as_bytes(), false)?;
    Ok(merged)
}

/// The name of the diff and merge drivers in `.gitattributes` and the config.
const DRIVER: &str = "rapport";

/// Why `rapport git-setup` could not finish.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// git is not installed.
    #[error("git-setup needs git, which is not installed (or not on the PATH)")]
    NoGit,
    /// The current folder is in no repository.
    #[error(
        "git-setup works inside a git repository, and {0} is not in one (run `git init` first, or cd into your repository)"
    )]
    NotInRepository(String),
    /// `.gitattributes` could not be read.
    #[error("cannot read {path}: {message}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// `.gitattributes` could not be written.
    #[error("{0}")]
    Write(#[from] store::SaveError),
    /// git would not set a config value.
    #[error("could not set git config {key}: {message}")]
    Config {
        /// The key.
        key: String,
        /// What git said.
        message: String,
    },
}

/// Sets up the repository the current folder is in: `.gitattributes` at its top and the
/// repository's config (never the user's or the system's), each only where it differs. What
/// it wrote or found, a line each.
pub fn setup(pattern: &str) -> Result<Vec<String>, SetupError> {
    let top = match git(&["rev-parse", "--show-toplevel"]) {
        Ok(top) => PathBuf::from(top.trim()),
        Err(GitError::NotFound) => return Err(SetupError::NoGit),
        Err(GitError::Failed(_)) => {
            return Err(SetupError::NotInRepository(
                std::env::current_dir()
                    .map(|d| d.display().to_string())
                    .unwrap_or_else(|_| "this folder".to_owned()),
            ));
        }
    };
    let program = rapport_command();
    let mut said = Vec::new();

    let attributes = top.join(".gitattributes");
    let line = format!("{pattern} diff={DRIVER} merge={DRIVER}");
    let existing = match std::fs::read_to_string(&attributes) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(SetupError::Read { path: attributes, message: store::io_message(&e) }),
    };
    if existing.lines().any(|l| l.trim() == line) {
        said.push(format!("{}: already has “{line}”", attributes.display()));
    } else {
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text += &line;
        text.push('\n');
        store::write_atomically(&attributes, text.as_bytes(), false)?;
        said.push(format!("{}: added “{line}”", attributes.display()));
    }

    let settings = [
        (format!("diff.{DRIVER}.textconv"), format!("{program} show")),
        (format!("merge.{DRIVER}.name"), "Rapport: merge project files by meaning".to_owned()),
        (format!("merge.{DRIVER}.driver"), format!("{program} merge %O %A %B -o %A --path %P")),
    ];
    for (key, value) in &settings {
        let now = git(&["config", "--local", "--get", key]).ok();
        if now.as_deref().map(str::trim_end) == Some(value.as_str()) {
            said.push(format!("git config {key}: already “{value}”"));
            continue;
        }
        git(&["config", "--local", key, value])
            .map_err(|e| SetupError::Config { key: key.clone(), message: e.to_string() })?;
        said.push(format!("git config {key} = “{value}”"));
    }
    if program != DRIVER {
        said.push(format!(
            "note: `rapport` is not on the PATH, so git runs it as {program}; if you move Rapport, run git-setup again"
        ));
    }
    said.push(
        "git now diffs project files with `rapport show` and merges them with `rapport merge`; \
         commit .gitattributes so the team shares it (each clone runs `rapport git-setup` once)"
            .to_owned(),
    );
    Ok(said)
}

/// How git should run Rapport: `rapport` when that is this program on the PATH, else this
/// program's full path (quoted for git's shell).
fn rapport_command() -> String {
    let me = std::env::current_exe().ok().and_then(|p| p.canonicalize().ok());
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(exe_name()))
            .find(|p| p.is_file())
            .and_then(|p| p.canonicalize().ok())
    });
    match (me, on_path) {
        (Some(me), Some(found)) if me == found => DRIVER.to_owned(),
        (None, Some(_)) => DRIVER.to_owned(),
        (Some(me), _) => format!("'{}'", me.display().to_string().replace('\'', r"'\''")),
        (None, None) => DRIVER.to_owned(),
    }
}

fn exe_name() -> String {
    format!("{DRIVER}{}", std::env::consts::EXE_SUFFIX)
}

/// Why git did not answer.
#[derive(Debug, thiserror::Error)]
enum GitError {
    /// git is not installed.
    #[error("git is not installed")]
    NotFound,
    /// git ran and failed, saying this.
    #[error("{0}")]
    Failed(String),
}

/// Runs git in the current folder; its standard output.
fn git(args: &[&str]) -> Result<String, GitError> {
    let output = Command::new("git").args(args).output().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => GitError::NotFound,
        _ => GitError::Failed(e.to_string()),
    })?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(GitError::Failed(String::from_utf8_lossy(&output.stderr).trim().to_owned()))
    }
}
