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

/// What the room's keeper needs of a journal: write arrivals, flush them, and take back what
/// could not be flushed. [`Journal`] is the real one; tests put in one that fails.
pub trait Store: Send + 'static {
    /// Numbers the arrival and writes it (not yet durable); on failure nothing is left of it.
    fn write(&mut self, arrival: &mut Arrival) -> io::Result<()>;
    /// Makes everything written so far durable.
    fn sync(&mut self) -> io::Result<()>;
    /// Where the journal ends now: its length and the next number.
    fn mark(&self) -> (u64, u64);
    /// Cuts the journal back to a mark (what was written after it could not be flushed), and
    /// flushes the cut.
    fn rollback(&mut self, mark: (u64, u64)) -> io::Result<()>;
}

impl Store for Journal {
    fn write(&mut self, arrival: &mut Arrival) -> io::Result<()> {
        Journal::write(self, arrival)
    }

    fn sync(&mut self) -> io::Result<()> {
        self.file.sync_data()
    }

    fn mark(&self) -> (u64, u64) {
        (self.len, self.next_seq)
    }

    fn rollback(&mut self, (len, next_seq): (u64, u64)) -> io::Result<()> {
        self.len = len;
        self.next_seq = next_seq;
        self.file.set_len(len)?;
        self.file.sync_data()
    }
}

/// An arrival to keep, and where to say whether it was kept (its number) or why not.
#[derive(Debug)]
pub struct Keep {
    /// The arrival; the keeper numbers it.
    pub arrival: Arrival,
    /// The answer: its number once it is durable, or why it is not in the journal.
    pub kept: tokio::sync::oneshot::Sender<Result<u64, String>>,
}

/// What the keeper reports as it goes.
#[derive(Debug)]
pub enum Kept {
    /// These arrivals are durable, in journal order (reported before anyone is answered).
    Durable(Vec<Arrival>),
    /// Arrivals could not be kept: the journal is as it was before them.
    Failed(String),
}

/// Keeps arrivals on its own thread: each batch that comes together is written and flushed
/// once (group commit). A batch whose flush fails is cut off the journal again, so an arrival
/// the room answered 5xx never comes back after a crash. The thread ends when every sender
/// is dropped.
pub fn keeper(
    mut store: impl Store,
    mut report: impl FnMut(Kept) + Send + 'static,
) -> io::Result<std::sync::mpsc::Sender<Keep>> {
    let (tx, rx) = std::sync::mpsc::channel::<Keep>();
    std::thread::Builder::new().name("rapport-room-journal".to_owned()).spawn(move || {
        while let Ok(first) = rx.recv() {
            let mut batch = vec![first];
            batch.extend(rx.try_iter());
            keep_batch(&mut store, &mut report, batch);
        }
    })?;
    Ok(tx)
}

/// Writes, flushes and answers one batch.
fn keep_batch(store: &mut impl Store, report: &mut impl FnMut(Kept), batch: Vec<Keep>) {
    let mark = store.mark();
    let mut written = Vec::with_capacity(batch.len());
    for mut k in batch {
        match store.write(&mut k.arrival) {
            Ok(()) => written.push(k),
            Err(e) => {
                let why = format!("the journal could not be written: {e}");
                report(Kept::Failed(why.clone()));
                let _ = k.kept.send(Err(why));
            }
        }
    }
    if written.is_empty() {
        return;
    }
    if let Err(e) = store.sync() {
        let mut why = format!("the journal could not be flushed to disk: {e}");
        if let Err(cut) = store.rollback(mark) {
            why.push_str(&format!("; nor cut back ({cut})"));
        }
        report(Kept::Failed(why.clone()));
        for k in written {
            let _ = k.kept.send(Err(why.clone()));
        }
        return;
    }
    report(Kept::Durable(written.iter().map(|k| k.arrival.clone()).collect()));
    for k in written {
        let _ = k.kept.send(Ok(k.arrival.seq));
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
    /// Comments that started threads (on the first journey, as a whole, when theirs is gone).
    pub comments: usize,
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
            Applied::Commented => merged.comments += 1,
            Applied::JourneyGone if matches!(arrival.what, Arrived::Comment { .. }) => merged.comments += 1,
            Applied::AlreadyThere => merged.already_there += 1,
            Applied::JourneyGone if matches!(arrival.what, Arrived::Proposal(_)) => {
                merged.moved_to_first_journey += 1;
            }
            Applied::JourneyGone | Applied::VoteGone => merged.dropped += 1,
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Participant, Timestamp, TouchpointId};

    /// A journal in memory whose flush can be made to fail.
    #[derive(Default)]
    struct Flaky {
        lines: Vec<u64>,
        durable: usize,
        fail_sync: bool,
    }

    impl Store for Flaky {
        fn write(&mut self, arrival: &mut Arrival) -> io::Result<()> {
            arrival.seq = self.lines.last().map_or(1, |s| s + 1);
            self.lines.push(arrival.seq);
            Ok(())
        }

        fn sync(&mut self) -> io::Result<()> {
            if self.fail_sync {
                return Err(io::Error::other("disk gone"));
            }
            self.durable = self.lines.len();
            Ok(())
        }

        fn mark(&self) -> (u64, u64) {
            (self.lines.len() as u64, self.lines.last().map_or(1, |s| s + 1))
        }

        fn rollback(&mut self, (len, _): (u64, u64)) -> io::Result<()> {
            self.lines.truncate(len as usize);
            Ok(())
        }
    }

    fn keep(n: u32) -> (Keep, tokio::sync::oneshot::Receiver<Result<u64, String>>) {
        let (kept, rx) = tokio::sync::oneshot::channel();
        let arrival = Arrival {
            seq: 0,
            journey: "J".to_owned(),
            from: Participant(n),
            at: Timestamp::now(),
            what: Arrived::Feelings(vec![(TouchpointId(1), 0)]),
        };
        (Keep { arrival, kept }, rx)
    }

    #[test]
    fn a_batch_whose_flush_fails_is_cut_off_the_journal_and_answered_with_why() {
        let mut store = Flaky::default();
        let mut reports = Vec::new();
        let (a, mut ra) = keep(1);
        keep_batch(&mut store, &mut |k| reports.push(k), vec![a]);
        assert_eq!(ra.try_recv().ok(), Some(Ok(1)));
        store.fail_sync = true;
        let ((b, mut rb), (c, mut rc)) = (keep(2), keep(3));
        keep_batch(&mut store, &mut |k| reports.push(k), vec![b, c]);
        assert!(matches!(rb.try_recv(), Ok(Err(why)) if why.contains("disk gone")));
        assert!(matches!(rc.try_recv(), Ok(Err(_))));
        assert_eq!(store.lines, vec![1], "what could not be flushed is not in the journal");
        assert!(matches!(&reports[..], [Kept::Durable(d), Kept::Failed(_)] if d.len() == 1));
        // The numbers go on from what the journal holds.
        store.fail_sync = false;
        let (d, mut rd) = keep(4);
        keep_batch(&mut store, &mut |k| reports.push(k), vec![d]);
        assert_eq!(rd.try_recv().ok(), Some(Ok(2)));
    }
}
