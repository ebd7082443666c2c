//! A project file's history in git (DESIGN.md §19): the commits that changed it, newest first,
//! each with the project as it was then. git runs as a subprocess; outside a repository, or
//! without git, the error says which.
//!
//! No egui: the workbench runs [`history`] off the UI thread and shows the scores.

use std::path::Path;
use std::process::Command;

use crate::model::Project;

/// The most commits read back (the newest).
pub const MAX_VERSIONS: usize = 200;

/// One commit that changed the file, and the project it held.
#[derive(Clone, Debug)]
pub struct Version {
    /// The commit's full hash.
    pub commit: String,
    /// Its author's date, `YYYY-MM-DD`.
    pub date: String,
    /// Its author.
    pub author: String,
    /// Its subject line.
    pub subject: String,
    /// The project the file held then, or why it could not be read.
    pub project: Result<Project, String>,
}

impl Version {
    /// The commit's short hash, as git prints it.
    pub fn short(&self) -> &str {
        self.commit.get(..7).unwrap_or(&self.commit)
    }
}

/// Why there is no history to show.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HistoryError {
    /// The project was never saved.
    #[error("the project is not saved in a file yet")]
    NoFile,
    /// git is not installed (or cannot run).
    #[error("git is not installed, so there is no history to show")]
    NoGit,
    /// The file is not in a git repository.
    #[error("{0} is not in a git repository")]
    NotInRepository(String),
    /// The repository has no commit of the file.
    #[error("git has no commit of {0} yet")]
    NotCommitted(String),
    /// git said something else went wrong.
    #[error("git: {0}")]
    Git(String),
}

/// Runs git in `dir` with `args`; its standard output, or what went wrong.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, HistoryError> {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().map_err(|_| HistoryError::NoGit)?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(HistoryError::Git(String::from_utf8_lossy(&out.stderr).trim().to_owned()))
    }
}

/// The commits that changed `file` (following renames), newest first, at most
/// [`MAX_VERSIONS`], each with the project it held.
pub fn history(file: &Path) -> Result<Vec<Version>, HistoryError> {
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).ok_or(HistoryError::NoFile)?;
    let dir = file.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let shown = file.display().to_string();
    let root = match git(dir, &["rev-parse", "--show-toplevel"]) {
        Ok(root) => String::from_utf8_lossy(&root).trim().to_owned(),
        Err(HistoryError::Git(_)) => return Err(HistoryError::NotInRepository(shown)),
        Err(e) => return Err(e),
    };
    let limit = format!("-n{MAX_VERSIONS}");
    let log = git(
        dir,
        &[
            "log",
            "--follow",
            &limit,
            "--name-only",
            "--date=short",
            "--format=%x1e%H%x1f%ad%x1f%an%x1f%s",
            "--",
            &name,
        ],
    )?;
    let log = String::from_utf8_lossy(&log);
    let mut versions = Vec::new();
    for record in log.split('\u{1e}').filter(|r| !r.trim().is_empty()) {
        let mut lines = record.lines();
        let head: Vec<&str> = lines.next().unwrap_or("").split('\u{1f}').collect();
        let [commit, date, author, subject] = head[..] else { continue };
        // The path the file had in that commit (relative to the repository's root).
        let Some(path) = lines.map(str::trim).find(|l| !l.is_empty()) else { continue };
        let project = git(Path::new(&root), &["show", &format!("{commit}:{path}")])
            .map_err(|e| e.to_string())
            .and_then(|bytes| crate::store::read_project_bytes(&bytes).map_err(|e| e.to_string()));
        versions.push(Version {
            commit: commit.to_owned(),
            date: date.to_owned(),
            author: author.to_owned(),
            subject: subject.to_owned(),
            project,
        });
    }
    if versions.is_empty() {
        return Err(HistoryError::NotCommitted(shown));
    }
    Ok(versions)
}
