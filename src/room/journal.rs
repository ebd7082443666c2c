//! The room's journal: every arrival is appended to a file and flushed to disk (fsync) *before*
//! the participant gets their 201 or 200, so a crash — of the workbench, the laptop's battery —
//! loses nothing a participant was told was received (DESIGN.md §11, §15).
//!
//! One JSON object a line (an [`Arrival`]). A line cut short by a crash is ignored when the
//! journal is read; a failed append is cut back off, so the lines after it stay whole.
//! [`merge`] puts a journal's arrivals into a recovered project, idempotently.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};

use crate::model::Project;
use crate::workshop::{Applied, Arrival, Arrived, apply};

/// A journal file open for appending.
#[derive(Debug)]
pub struct Journal {
    file: File,
    path: PathBuf,
    len: u64,
    next_seq: u64,
}

impl Journal {
    /// Opens (or creates) the journal at `path`, continuing its numbering: a workbench session
    /// that opens several rooms keeps one journal. The folder is created if needed.
    pub fn open(path: &Path) -> io::Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let last = match read(path) {
            Ok(read) => read.arrivals.last().map_or(0, |a| a.seq),
            Err(e) if e.kind() == io::ErrorKind::NotFound => 0,
            Err(e) => return Err(e),
        };
        let mut file = OpenOptions::new().create(true).read(true).append(true).open(path)?;
        let mut len = file.metadata()?.len();
        // A line cut short by a crash would swallow the next one: end it first.
        if len > 0 && !ends_with_newline(&mut file, len)? {
            file.write_all(b"\n")?;
            file.sync_data()?;
            len += 1;
        }
        if let Some(dir) = path.parent() {
            sync_dir(dir);
        }
        Ok(Self { file, path: path.to_owned(), len, next_seq: last + 1 })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The number the next arrival gets.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// Gives the arrival the next number, appends it and flushes it to disk. On failure
    /// (a full disk) the file is cut back to where it was and the number is not used.
    pub fn append(&mut self, arrival: &mut Arrival) -> io::Result<()> {
        self.write(arrival)?;
        self.file.sync_data()
    }

    /// [`Journal::append`] without the flush: the arrival is durable only once
    /// [`Journal::sync_handle`]'s `sync_data` returns after this. The room writes under a lock
    /// and flushes outside it, so arrivals that come together share one flush (group commit).
    pub fn write(&mut self, arrival: &mut Arrival) -> io::Result<()> {
        arrival.seq = self.next_seq;
        let mut line = serde_json::to_vec(arrival).map_err(io::Error::other)?;
        line.push(b'\n');
        if let Err(e) = self.file.write_all(&line) {
            let _ = self.file.set_len(self.len);
            return Err(e);
        }
        self.len += line.len() as u64;
        self.next_seq += 1;
        Ok(())
    }

    /// Another handle on the file, whose `sync_data` flushes everything written so far.
    pub fn sync_handle(&self) -> io::Result<File> {
        self.file.try_clone()
    }
}

fn ends_with_newline(file: &mut File, len: u64) -> io::Result<bool> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    file.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// Makes a new file's name durable (Unix; elsewhere a no-op that cannot fail).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(if dir.as_os_str().is_empty() { Path::new(".") } else { dir }) {
        let _ = d.sync_all();
    }
}

/// A journal as read back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Read {
    /// The arrivals, in the order they were written.
    pub arrivals: Vec<Arrival>,
    /// Lines that could not be read (cut short by a crash, or damaged).
    pub skipped: usize,
}

/// Reads a journal, skipping lines cut short or damaged.
pub fn read(path: &Path) -> io::Result<Read> {
    let file = File::open(path)?;
    let mut out = Read::default();
    for line in BufReader::new(file).split(b'\n') {
        let line = line?;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Arrival>(&line) {
            Ok(a) => out.arrivals.push(a),
            Err(_) => out.skipped += 1,
        }
    }
    Ok(out)
}

/// What [`merge`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Merged {
    /// Proposals added to their journey's tray.
    pub proposals: usize,
    /// Dots and feelings set.
    pub answers: usize,
    /// Arrivals already in the project (or no-ops).
    pub already_there: usize,
    /// Proposals whose journey is gone, added to the first journey instead.
    pub moved_to_first_journey: usize,
    /// Dots and feelings dropped: their journey or vote is gone.
    pub dropped: usize,
}

/// Puts the arrivals numbered after `after` into the project, in order, with [`apply`]. The
/// workbench passes the number of the last arrival its recovery file already holds (0 when it
/// does not know, e.g. when recovering from the project's own file): then every arrival is
/// replayed, which is safe because applying an arrival twice changes nothing. Merging the same
/// journal twice gives the same project.
pub fn merge(project: &mut Project, arrivals: &[Arrival], after: u64) -> Merged {
    let mut merged = Merged::default();
    for arrival in arrivals.iter().filter(|a| a.seq > after) {
        match apply(project, arrival) {
            Applied::Proposed => merged.proposals += 1,
            Applied::Set => merged.answers += 1,
            Applied::AlreadyThere => merged.already_there += 1,
            Applied::JourneyGone if matches!(arrival.what, Arrived::Proposal(_)) => {
                merged.moved_to_first_journey += 1;
            }
            Applied::JourneyGone | Applied::VoteGone => merged.dropped += 1,
        }
    }
    merged
}
