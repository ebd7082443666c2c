//! Work that must never freeze the window (DESIGN.md §11, §12): saving, autosaving and
//! rendering pictures run on worker threads, on a snapshot of the project, while the window
//! keeps drawing. The shell hands a job to a lane and carries on; what the job did comes back
//! as a [`Done`] that the shell acts on in a later frame (the worker wakes the UI for it).
//!
//! Two lanes, each one thread taking its jobs in order: *files* (saves, autosaves, removing a
//! recovery file — in order, so a second save waits for the first and a recovery file is never
//! written after it was removed) and *pictures* (PNG and SVG exports, the clipboard), so a long
//! picture never holds up a save.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use crate::edit::Snapshot;

/// What to do once unsaved changes are dealt with.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Then {
    New,
    Open(Option<PathBuf>),
    Quit,
}

/// What a save may write over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Expect {
    /// The project's own file, as Rapport last read or wrote it: a change by another program
    /// is asked about.
    Ours,
    /// Nothing: an existing file is asked about before it is replaced.
    Nothing,
    /// Whatever is there (the user already said to replace it).
    Anything,
}

/// Which worker a job runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Lane {
    /// Saves, autosaves, recovery files: one after another.
    Files,
    /// Pictures: exports and the clipboard.
    Pictures,
}

/// What a job did, for the shell to act on.
pub(super) enum Done {
    /// The project (as of the snapshot) is in its file now.
    Saved { path: PathBuf, snapshot: Snapshot, fingerprint: u64, then: Option<Then> },
    /// The file was changed by another program since Rapport read or wrote it: nothing written.
    ChangedOnDisk { path: PathBuf, then: Option<Then> },
    /// A file of that name exists and it is not the project's own: nothing written.
    Exists { path: PathBuf, then: Option<Then> },
    /// Saving failed (the message names the file); the project is still open and unsaved.
    SaveFailed { message: String },
    /// Unsaved work of this revision is in the recovery file (or could not be written).
    Autosaved { revision: u64, error: Option<String> },
    /// Nothing to report (a recovery file removed).
    Nothing,
    /// An export finished: what to say (or the title and text of a dialog saying why it
    /// failed), and the choices and folder to remember for the next one.
    Exported {
        message: Result<String, (String, String)>,
        remember: Option<super::files::ExportChoices>,
        folder: Option<PathBuf>,
    },
    /// A picture for the clipboard, with what to say about it.
    Copy { image: egui::ColorImage, message: String },
    /// A picture for the clipboard could not be made.
    CopyFailed(String),
    /// A table was read for File → Import touchpoints… (or why not, naming the file).
    Imported { result: Result<Box<crate::table::Addition>, String> },
}

type Job = Box<dyn FnOnce() -> Done + Send>;

struct Worker {
    tx: Option<Sender<(u64, Job)>>,
    thread: Option<JoinHandle<()>>,
}

/// The workers and the jobs under way.
pub(super) struct Effects {
    files: Option<Worker>,
    pictures: Option<Worker>,
    done_tx: Sender<(u64, Done)>,
    done_rx: Receiver<(u64, Done)>,
    ctx: egui::Context,
    /// Jobs handed out and not yet done: id, lane, what to show meanwhile.
    pending: Vec<(u64, Lane, String)>,
    next: u64,
}

impl Effects {
    /// Workers that wake `ctx` when a job is done; threads start with the first job.
    pub(super) fn new(ctx: &egui::Context) -> Self {
        let (done_tx, done_rx) = mpsc::channel();
        Self { files: None, pictures: None, done_tx, done_rx, ctx: ctx.clone(), pending: Vec::new(), next: 1 }
    }

    /// Hands a job to a lane; `label` says what is under way ("Saving energy.ron…"). A job
    /// whose thread cannot be had runs here instead: late rather than never.
    pub(super) fn run(
        &mut self,
        lane: Lane,
        label: impl Into<String>,
        job: impl FnOnce() -> Done + Send + 'static,
    ) {
        let id = self.next;
        self.next += 1;
        self.pending.push((id, lane, label.into()));
        let worker = match lane {
            Lane::Files => &mut self.files,
            Lane::Pictures => &mut self.pictures,
        };
        if worker.is_none() {
            *worker = spawn(lane, self.done_tx.clone(), self.ctx.clone());
        }
        let job: Job = Box::new(job);
        let refused = match worker.as_ref().and_then(|w| w.tx.as_ref()) {
            Some(tx) => tx.send((id, job)).err().map(|e| e.0.1),
            None => Some(job),
        };
        if let Some(job) = refused {
            let _ = self.done_tx.send((id, job()));
        }
    }

    /// The jobs done since the last call, in the order they finished.
    pub(super) fn poll(&mut self) -> Vec<Done> {
        let mut done = Vec::new();
        while let Ok((id, d)) = self.done_rx.try_recv() {
            self.pending.retain(|(p, _, _)| *p != id);
            done.push(d);
        }
        done
    }

    /// Something is under way on a lane.
    pub(super) fn busy(&self, lane: Lane) -> bool {
        self.pending.iter().any(|(_, l, _)| *l == lane)
    }

    /// Anything is under way.
    pub(super) fn any_busy(&self) -> bool {
        !self.pending.is_empty()
    }

    /// What to show in the status bar while work is under way (the oldest job that has
    /// something to say: an autosave says nothing).
    pub(super) fn progress(&self) -> Option<&str> {
        self.pending.iter().map(|(_, _, label)| label.as_str()).find(|l| !l.is_empty())
    }

    /// Waits for the files lane to finish what it was given (the app is closing: a recovery
    /// file must not be written after the close removed it). What the jobs did is still
    /// reported by the next [`Effects::poll`].
    pub(super) fn finish_files(&mut self) {
        finish(&mut self.files);
    }

    /// Waits for both lanes to finish what they were given; the next [`Effects::poll`] reports
    /// it. A lane's thread starts again with its next job.
    pub(super) fn finish_all(&mut self) {
        finish(&mut self.files);
        finish(&mut self.pictures);
    }
}

fn finish(worker: &mut Option<Worker>) {
    if let Some(mut w) = worker.take() {
        // Closing the channel ends the thread's loop once the queue is empty.
        w.tx = None;
        if let Some(t) = w.thread.take() {
            let _ = t.join();
        }
    }
}

fn spawn(lane: Lane, done: Sender<(u64, Done)>, ctx: egui::Context) -> Option<Worker> {
    let (tx, rx) = mpsc::channel::<(u64, Job)>();
    let name = match lane {
        Lane::Files => "rapport-files",
        Lane::Pictures => "rapport-pictures",
    };
    let thread = std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            for (id, job) in rx {
                let result = job();
                if done.send((id, result)).is_err() {
                    break;
                }
                ctx.request_repaint();
            }
        })
        .ok()?;
    Some(Worker { tx: Some(tx), thread: Some(thread) })
}
