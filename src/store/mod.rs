//! Reading and writing project files (DESIGN.md §7).
//!
//! [`read_project`] and [`write_project`] work on text; [`load`] and [`save`] add the file
//! system: a size limit before anything is read, and atomic saves that keep a `.bak`.

mod read;
mod read_conflicts;
mod read_room;
mod read_threads;
mod reading;
pub mod syntax;
mod versions;
mod write;

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

pub use read::read_project;
pub use versions::{
    journey_text, read_journey, read_text, read_touchpoint, read_value, touchpoint_text, value_text,
};
pub use write::{quote, write_project};

use crate::model::Project;

/// Largest project file accepted, in bytes. A 10,000-touchpoint project is about 3.5 MB.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// What kind of problem a file has; the message says it in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadErrorKind {
    /// Not RON, or not RON that Rapport writes.
    Syntax,
    /// Nested deeper than any Rapport file.
    TooDeep,
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge,
    /// Not UTF-8 text.
    NotText,
    /// Written by a newer Rapport.
    NewerFormat,
    /// A field Rapport does not know.
    UnknownField,
    /// A field given twice.
    DuplicateField,
    /// A required field is missing.
    MissingField,
    /// A value of the wrong type.
    WrongType,
    /// A name that is not one of the allowed variants.
    UnknownVariant,
    /// A number outside its range (strength, feeling, day, id).
    OutOfRange,
    /// Two touchpoints with one id.
    DuplicateId,
    /// Two journeys or lanes with one name.
    DuplicateName,
    /// A touchpoint in a lane the journey does not have.
    UnknownLane,
    /// A link, ballot, feeling answer or accepted proposal naming a touchpoint the journey does
    /// not have.
    UnknownTouchpoint,
    /// Some other broken rule, said in the message.
    Invalid,
    /// The file could not be read at all.
    Io,
}

/// Why a project file could not be read: where, in which journey/touchpoint, and what:
/// "line 14, column 9: journey “As-is”, touchpoint 4: …".
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{}{message}", place(*.line, *.column), .context.as_ref().map(|c| format!("{c}: ")).unwrap_or_default())]
pub struct ReadError {
    /// 1-based line, 0 when the error is about the whole file.
    pub line: usize,
    /// 1-based column, 0 when the error is about the whole file.
    pub column: usize,
    /// "journey “As-is”, touchpoint 4", where known.
    pub context: Option<String>,
    /// The kind of problem.
    pub kind: ReadErrorKind,
    /// What is wrong, in words.
    pub message: String,
}

impl ReadError {
    fn whole_file(kind: ReadErrorKind, message: impl Into<String>) -> Self {
        Self { line: 0, column: 0, context: None, kind, message: message.into() }
    }
}

/// "line 14, column 9: ", or nothing for an error about the whole file.
fn place(line: usize, column: usize) -> String {
    if line > 0 { format!("line {line}, column {column}: ") } else { String::new() }
}

/// A failure to load a file: which file, and why.
#[derive(Debug, thiserror::Error)]
#[error("{}: {error}", .path.display())]
pub struct LoadError {
    /// The file.
    pub path: PathBuf,
    /// Why.
    pub error: ReadError,
}

/// Reads a project from bytes that may not be text at all.
pub fn read_project_bytes(bytes: &[u8]) -> Result<Project, ReadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        ReadError {
            line,
            column,
            context: None,
            kind: ReadErrorKind::NotText,
            message: "this is not a Rapport project: the file is not UTF-8 text".to_owned(),
        }
    })?;
    read_project(text)
}

fn too_large(len: u64) -> ReadError {
    ReadError::whole_file(
        ReadErrorKind::TooLarge,
        format!(
            "the file is {:.1} MB; Rapport reads project files of up to {} MB",
            len as f64 / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576
        ),
    )
}

/// Reads a project file, refusing oversized files before reading them.
pub fn load(path: &Path) -> Result<Project, LoadError> {
    let fail = |error| LoadError { path: path.to_owned(), error };
    let io = |e: std::io::Error| fail(ReadError::whole_file(ReadErrorKind::Io, io_message(&e)));
    let file = std::fs::File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if meta.is_dir() {
        return Err(fail(ReadError::whole_file(ReadErrorKind::Io, "this is a folder, not a project file")));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(too_large(meta.len())));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // `take` bounds the read even when the size on disk lies (a growing file, /dev/zero).
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    read_project_bytes(&bytes).map_err(fail)
}

/// A failure to save.
#[derive(Debug, thiserror::Error)]
#[error("could not save {}: {message}", .path.display())]
pub struct SaveError {
    /// Where the project was to go.
    pub path: PathBuf,
    /// What went wrong, in words.
    pub message: String,
}

/// Words for an I/O error that a facilitator can act on.
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "the file or its folder does not exist".to_owned(),
        K::PermissionDenied => "permission denied (the file or folder is read-only)".to_owned(),
        K::StorageFull => "the disk is full".to_owned(),
        K::ReadOnlyFilesystem => "the disk is read-only".to_owned(),
        _ => e.to_string(),
    }
}

/// Saves atomically: writes a temporary file in the same folder, flushes it to disk, keeps the
/// previous version as `NAME.ron.bak`, then renames the new file over the old one. The file's
/// permissions are kept. On failure nothing partial is left behind and the old file is intact.
pub fn save(path: &Path, project: &Project) -> Result<(), SaveError> {
    save_text(path, &write_project(project))
}

/// [`save`] for text already written.
pub fn save_text(path: &Path, text: &str) -> Result<(), SaveError> {
    write_atomically(path, text.as_bytes(), true)
}

/// Writes any file atomically, as [`save`] does, keeping `NAME.bak` only when asked (an
/// exported picture needs no backup: it can be exported again).
pub fn write_atomically(path: &Path, bytes: &[u8], keep_backup: bool) -> Result<(), SaveError> {
    let fail = |e: std::io::Error| SaveError { path: path.to_owned(), message: io_message(&e) };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".rapport-save-").suffix(".tmp");
    // A new file gets the permissions any program's new file gets (0666 less the umask), not
    // the temporary file's private 0600.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(&dir).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    if let Ok(meta) = std::fs::metadata(path) {
        // Keep the permissions a user gave the file; ignore failure on exotic file systems.
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    if keep_backup && std::fs::metadata(path).is_ok() {
        let mut bak = path.as_os_str().to_owned();
        bak.push(".bak");
        let bak = PathBuf::from(bak);
        // A hard link keeps the old version without copying it; the rename below then points
        // the name at the new file. File systems without hard links get a copy.
        match std::fs::remove_file(&bak) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(fail(e)),
            _ => {}
        }
        if std::fs::hard_link(path, &bak).is_err() {
            std::fs::copy(path, &bak).map_err(fail)?;
        }
    }
    tmp.persist(path).map_err(|e| fail(e.error))?;
    // Make the rename itself durable.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    remove_stale_temporaries(&dir);
    Ok(())
}

/// A save killed half-way (power cut, SIGKILL) leaves its temporary file behind; the next save
/// in that folder removes those older than a minute (a save in progress is never that old).
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let minute_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".rapport-save-")
            && name.ends_with(".tmp")
            && entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t < minute_ago)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A fingerprint of a file's bytes, to notice when another program changed it since Rapport read
/// or wrote it. `None` when the file does not exist or cannot be read.
pub fn fingerprint(path: &Path) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let file = std::fs::File::open(path).ok()?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).ok()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    Some(h.finish())
}

/// The fingerprint [`fingerprint`] gives a file holding `text`.
pub fn fingerprint_text(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.as_bytes().hash(&mut h);
    h.finish()
}
