//! Never lose work (DESIGN.md §11), in the workbench: unsaved work is written to a recovery
//! file a little after the last change, a panic writes it before the app exits, and a clean
//! close removes it.

use std::path::PathBuf;

use super::RapportApp;
use super::dialogs::{Dialog, Then};
use super::effects::{Done, Lane};
use crate::model::Project;
use crate::recovery::Session;

/// Seconds after the last change before unsaved work is written to the recovery file.
pub const AUTOSAVE_AFTER_SECS: f64 = 2.0;
/// However busy the changes (a room sending proposals), unsaved work is written this soon.
pub const AUTOSAVE_AT_MOST_SECS: f64 = 10.0;

/// Autosave bookkeeping, in egui time (seconds).
#[derive(Default)]
pub(super) struct Autosave {
    pub(super) seen_revision: u64,
    changed_at: f64,
    /// When the oldest change not yet written happened: a stream of changes (a busy room)
    /// delays the write at most [`AUTOSAVE_AT_MOST_SECS`].
    pending_since: Option<f64>,
    pub(super) written_revision: Option<u64>,
    failed: bool,
}

/// What the panic hook writes: the session and the latest unsaved project.
type PanicState = Option<(Session, Project, Option<PathBuf>)>;
static PANIC_STATE: std::sync::Mutex<PanicState> = std::sync::Mutex::new(None);

/// Makes a panic write the unsaved project to its recovery file before the app exits.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if let Ok(state) = PANIC_STATE.try_lock()
            && let Some((session, project, source)) = &*state
        {
            match session.write(project, source.as_deref()) {
                Ok(()) => eprintln!(
                    "rapport: crashed; the unsaved work is kept in {} and offered back at the next start",
                    session.dir().display()
                ),
                Err(e) => eprintln!("rapport: crashed, and could not keep the unsaved work: {e}"),
            }
        }
        previous(info);
    }));
}

impl RapportApp {
    /// Writes unsaved work to the recovery file (on the files worker) a little after the last
    /// change, and removes the file once the project is saved (or undone back to what its file
    /// holds). While a room is open the file is kept even when the project is saved: a crash
    /// then still finds it, with the room's journal beside it, however soon after a save.
    pub(super) fn autosave(&mut self, ctx: &egui::Context) {
        let Some(session) = self.files.recovery.clone() else { return };
        let revision = self.files.doc.revision();
        let now = ctx.input(|i| i.time);
        let keep = self.files.doc.is_dirty() || self.facilitator.room.is_some();
        if revision != self.files.autosave.seen_revision {
            self.files.autosave.seen_revision = revision;
            self.files.autosave.changed_at = now;
            self.files.autosave.pending_since.get_or_insert(now);
            if keep {
                // The panic hook writes whatever is here.
                if let Ok(mut state) = PANIC_STATE.lock() {
                    *state = Some((
                        session.clone(),
                        self.files.doc.project().clone(),
                        self.files.doc.path.clone(),
                    ));
                }
            }
        }
        if !keep {
            self.files.autosave.pending_since = None;
            if self.files.autosave.written_revision.take().is_some() {
                // After any write still under way, never before it. The room's journal goes
                // too once no room is open: everything it holds is in the saved file.
                let room_closed = self.facilitator.room.is_none();
                self.files.effects.run(Lane::Files, "", move || {
                    session.discard();
                    if room_closed {
                        session.discard_room_journal();
                    }
                    Done::Nothing
                });
            }
            if let Ok(mut state) = PANIC_STATE.lock() {
                *state = None;
            }
            return;
        }
        if self.files.autosave.written_revision == Some(revision) {
            return;
        }
        let due = (self.files.autosave.changed_at + AUTOSAVE_AFTER_SECS)
            .min(self.files.autosave.pending_since.unwrap_or(now) + AUTOSAVE_AT_MOST_SECS);
        if now < due {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(due - now));
            return;
        }
        if self.files.effects.busy(Lane::Files) {
            // One write at a time; the next frame after it finishes tries again.
            return;
        }
        let snapshot = self.files.doc.snapshot();
        let source = self.files.doc.path.clone();
        let room_seq = self.facilitator.room_seq;
        self.files.autosave.written_revision = Some(revision);
        self.files.autosave.pending_since = None;
        self.files.effects.run(Lane::Files, "", move || {
            let error = session
                .write_with_room(&snapshot.project, source.as_deref(), room_seq)
                .err()
                .map(|e| e.to_string());
            Done::Autosaved { revision: snapshot.revision, error }
        });
    }

    /// An autosave finished: a failure is said once, not every frame (the next change tries
    /// again).
    pub(super) fn autosaved(&mut self, _revision: u64, error: Option<String>) {
        match error {
            None => self.files.autosave.failed = false,
            Some(e) => {
                if !self.files.autosave.failed {
                    self.chrome.warn(format!("Autosave failed: {e}"));
                }
                self.files.autosave.failed = true;
            }
        }
    }

    /// Closing with unsaved changes asks first; a save under way finishes first; a clean close
    /// leaves nothing to recover.
    pub(super) fn handle_close(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) {
            // What the room answered counts as unsaved work; the room itself closes only once
            // the facilitator said to quit (Cancel keeps it open).
            self.room_frame();
            let asking = matches!(self.chrome.dialog, Some(Dialog::Unsaved(Then::Quit) | Dialog::QuitRoom));
            if !self.files.allow_close && self.files.doc.is_dirty() && !self.files.effects.busy(Lane::Files) {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                if !asking {
                    self.chrome.show_dialog(Dialog::Unsaved(Then::Quit));
                }
            } else if !self.files.allow_close
                && self.facilitator.room.is_some()
                && !self.files.effects.busy(Lane::Files)
            {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                if !asking {
                    self.chrome.show_dialog(Dialog::QuitRoom);
                }
            } else if !self.files.allow_close && self.files.effects.busy(Lane::Files) {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.files.close_when_saved = true;
            } else {
                self.close_room();
                self.files.effects.finish_files();
                if let Some(session) = &self.files.recovery {
                    session.discard();
                    session.discard_room_journal();
                }
            }
        }
        if self.files.close_when_saved && !self.files.effects.busy(Lane::Files) {
            // Asked again now that the file is written: closes, or asks about what is unsaved.
            self.files.close_when_saved = false;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if self.files.allow_close {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}
