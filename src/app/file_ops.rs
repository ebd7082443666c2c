//! Opening and saving projects: the native dialogs or the in-app path field, the external-change
//! check, unsaved changes guarded before New, Open and Quit.

use std::path::{Path, PathBuf};

use super::RapportApp;
use super::canvas::CanvasView;
use super::dialogs::{Dialog, PathField, PathPurpose, Then};
use super::effects::Expect;
use super::effects::{Done, Lane};
use super::files::DialogAnswer;
use crate::edit::{Document, Snapshot};
use crate::model::Project;
use crate::rules;
use crate::store;

/// The path with `.ron` added when it has no extension.
fn with_ron_extension(path: &Path) -> PathBuf {
    if path.extension().is_none() { path.with_extension("ron") } else { path.to_owned() }
}

impl RapportApp {
    /// The folder of the project's file.
    pub(super) fn folder(&self) -> Option<PathBuf> {
        self.files.doc.path.as_deref().and_then(Path::parent).map(Path::to_owned)
    }

    fn suggested_file_name(&self) -> String {
        let stem: String = self
            .files
            .doc
            .project()
            .name
            .chars()
            .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
            .collect();
        let stem = stem.trim_matches('-');
        format!("{}.ron", if stem.is_empty() { "project" } else { stem })
    }

    /// Saves to the document's file (checking that no other program changed it), or asks
    /// where; then does `then`. The writing happens on the files worker.
    pub(super) fn save(&mut self, then: Option<Then>) {
        match self.files.doc.path.clone() {
            Some(path) => self.start_save(&path, Expect::Ours, then),
            None => self.save_as(then),
        }
    }

    /// Asks where to save (the native dialog, else the in-app path field) and saves there;
    /// then does `then`.
    pub(super) fn save_as(&mut self, then: Option<Then>) {
        let folder = self.folder();
        match self.files.dialogs.save(folder.as_deref(), &self.suggested_file_name()) {
            // The native dialog asked before replacing another file; the project's own file is
            // still checked for a change by another program.
            DialogAnswer::Picked(path) => {
                let expect = if self.is_own_file(&path) { Expect::Ours } else { Expect::Anything };
                self.start_save(&path, expect, then);
            }
            DialogAnswer::Cancelled => {}
            DialogAnswer::Unavailable => {
                let field = PathField::new(folder, self.suggested_file_name());
                self.chrome.dialog = Some(Dialog::Path { purpose: PathPurpose::SaveAs, field, then });
            }
        }
    }

    /// A path typed into the app's own Save as field: the project's own file is checked for
    /// changes, any other existing file is asked about before it is replaced.
    pub(super) fn save_typed(&mut self, path: &Path, then: Option<Then>) {
        let expect = if self.is_own_file(path) { Expect::Ours } else { Expect::Nothing };
        self.start_save(path, expect, then);
    }

    fn is_own_file(&self, path: &Path) -> bool {
        self.files.doc.path.as_deref() == Some(with_ron_extension(path).as_path())
    }

    /// Saves a snapshot of the project to `path` (adding `.ron` when it has no extension) on the
    /// files worker, unless the file is not what `expect` allows; the answer comes back as a
    /// [`Done`] (a failure says why and leaves the project open and unsaved).
    pub(super) fn start_save(&mut self, path: &Path, expect: Expect, then: Option<Then>) {
        let path = with_ron_extension(path);
        let snapshot = self.files.doc.snapshot();
        // The editor never makes a project that breaks a rule; should one ever get here, it is
        // not written, so the file on disk stays one that opens.
        if let Err(broken) = rules::check_project(&snapshot.project) {
            self.chrome.dialog = Some(Dialog::Message {
                title: "Could not save".to_owned(),
                text: format!("{broken}.\n\nThe project is still open and unsaved; the file is unchanged."),
            });
            return;
        }
        let ours = self.files.disk_fingerprint;
        let label = format!("Saving {}…", super::display_name(&path));
        self.files.effects.run(Lane::Files, label, move || {
            let now = store::fingerprint(&path);
            match expect {
                // Changed since we read or wrote it (or appeared since): theirs is not lost
                // without asking. A file that vanished has nothing of theirs to lose.
                Expect::Ours if now.is_some() && now != ours => return Done::ChangedOnDisk { path, then },
                Expect::Nothing if now.is_some() || path.exists() => return Done::Exists { path, then },
                _ => {}
            }
            let text = store::write_project(&snapshot.project);
            match store::save_text(&path, &text) {
                Ok(()) => Done::Saved { path, snapshot, fingerprint: store::fingerprint_text(&text), then },
                Err(e) => Done::SaveFailed { message: e.to_string() },
            }
        });
    }

    /// A save finished: the unsaved marker follows what the file now holds (the project may
    /// have moved on meanwhile), and what waited for it goes on.
    pub(super) fn saved(&mut self, path: PathBuf, snapshot: Snapshot, fingerprint: u64, then: Option<Then>) {
        self.files.disk_fingerprint = Some(fingerprint);
        self.files.doc.saved_as(path.clone(), snapshot);
        self.settings.remember(&path);
        self.save_settings();
        self.chrome.say(format!("Saved {}", path.display()));
        if let Some(then) = then {
            // Edits made while the file was being written are not thrown away unasked.
            self.guard(then);
        }
    }

    /// Runs `then` now, or asks about unsaved changes first.
    pub(super) fn guard(&mut self, then: Then) {
        // What the room answered is in the project before anyone is asked about unsaved
        // changes (the room itself closes only if the project does).
        self.room_frame();
        if self.files.doc.is_dirty() {
            self.chrome.dialog = Some(Dialog::Unsaved(then));
        } else {
            self.proceed(then);
        }
    }

    /// Does what was waiting for unsaved changes to be dealt with.
    pub(super) fn proceed(&mut self, then: Then) {
        match then {
            Then::New => {
                self.replace_document(Document::new(Project::new("Untitled project"), None));
                self.files.disk_fingerprint = None;
                self.chrome.say("New project".to_owned());
            }
            Then::Open(Some(path)) => self.open_path(&path),
            Then::Open(None) => {
                let folder = self.folder();
                match self.files.dialogs.open(folder.as_deref()) {
                    DialogAnswer::Picked(path) => self.open_path(&path),
                    DialogAnswer::Cancelled => {}
                    DialogAnswer::Unavailable => {
                        let field = PathField::new(folder, String::new());
                        self.chrome.dialog =
                            Some(Dialog::Path { purpose: PathPurpose::Open, field, then: None });
                    }
                }
            }
            Then::Quit => {
                // Nothing may write the recovery file after it is removed.
                self.files.effects.finish_files();
                if let Some(session) = &self.files.recovery {
                    session.discard();
                    session.discard_room_journal();
                }
                self.files.allow_close = true;
            }
        }
    }

    /// Opens a project file; a file that cannot be read says why and changes nothing.
    pub(super) fn open_path(&mut self, path: &Path) {
        match store::load(path) {
            Ok(project) => {
                self.replace_document(Document::new(project, Some(path.to_owned())));
                self.files.disk_fingerprint = store::fingerprint(path);
                self.settings.remember(path);
                self.save_settings();
                let waiting = self.conflicts_waiting().map(|w| format!(" — {w}")).unwrap_or_default();
                self.chrome.say(format!("Opened {}{waiting}", path.display()));
            }
            Err(e) => {
                self.chrome.dialog =
                    Some(Dialog::Message { title: "Could not open".to_owned(), text: e.to_string() });
            }
        }
    }

    pub(super) fn replace_document(&mut self, doc: Document) {
        // The room belongs to the project it was opened on; its journal too (that project was
        // saved, or its changes discarded, before it is replaced).
        self.close_room();
        if let Some(session) = &self.files.recovery {
            session.discard_room_journal();
        }
        self.facilitator.room_seq = 0;
        self.files.doc = doc;
        self.journey = 0;
        self.view = CanvasView::default();
        self.insight.derived = None;
    }
}
