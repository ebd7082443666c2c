//! Opening and saving projects: the native dialogs or the in-app path field, the external-change
//! check, unsaved changes guarded before New, Open and Quit.

use std::path::{Path, PathBuf};

use super::RapportApp;
use super::canvas::CanvasView;
use super::dialogs::{Dialog, PathField, PathPurpose, Then};
use super::files::DialogAnswer;
use crate::edit::Document;
use crate::model::Project;
use crate::store;

impl RapportApp {
    /// The folder of the project's file.
    pub(super) fn folder(&self) -> Option<PathBuf> {
        self.doc.path.as_deref().and_then(Path::parent).map(Path::to_owned)
    }

    fn suggested_file_name(&self) -> String {
        let stem: String = self
            .doc
            .project()
            .name
            .chars()
            .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
            .collect();
        let stem = stem.trim_matches('-');
        format!("{}.ron", if stem.is_empty() { "project" } else { stem })
    }

    /// Saves to the document's file, or asks where. Returns true when saved.
    pub(super) fn save(&mut self) -> bool {
        match self.doc.path.clone() {
            Some(path) => {
                if self.changed_on_disk(&path) {
                    self.dialog = Some(Dialog::ChangedOnDisk(path));
                    false
                } else {
                    self.save_to(&path)
                }
            }
            None => self.save_as(None),
        }
    }

    /// Another program changed the file since this project read or wrote it.
    fn changed_on_disk(&self, path: &Path) -> bool {
        match (self.disk_fingerprint, store::fingerprint(path)) {
            (Some(ours), Some(now)) => ours != now,
            // It appeared since (we never read it) or it vanished: nothing of theirs to lose
            // in the second case; in the first, someone else wrote a file of that name.
            (None, Some(_)) => self.doc.path.as_deref() == Some(path),
            (_, None) => false,
        }
    }

    /// Asks where to save (the native dialog, else the in-app path field) and saves there;
    /// then does `then`. Returns true when saved at once.
    pub(super) fn save_as(&mut self, then: Option<Then>) -> bool {
        let folder = self.folder();
        match self.dialogs.save(folder.as_deref(), &self.suggested_file_name()) {
            DialogAnswer::Picked(path) => {
                let saved = self.save_to(&path);
                if saved && let Some(then) = then {
                    self.proceed(then);
                }
                saved
            }
            DialogAnswer::Cancelled => false,
            DialogAnswer::Unavailable => {
                let field = PathField::new(folder, self.suggested_file_name());
                self.dialog = Some(Dialog::Path { purpose: PathPurpose::SaveAs, field, then });
                false
            }
        }
    }

    /// Saves to `path` (adding `.ron` when it has no extension). Returns true when saved; a
    /// failure says why and leaves the project open and unsaved.
    pub(super) fn save_to(&mut self, path: &Path) -> bool {
        let path = if path.extension().is_none() { path.with_extension("ron") } else { path.to_owned() };
        let text = store::write_project(self.doc.project());
        match store::save_text(&path, &text) {
            Ok(()) => {
                self.disk_fingerprint = Some(store::fingerprint_text(&text));
                self.doc.mark_saved(path.clone());
                self.settings.remember(&path);
                self.save_settings();
                self.status = Some((format!("Saved {}", path.display()), false));
                true
            }
            Err(e) => {
                self.dialog = Some(Dialog::Message {
                    title: "Could not save".to_owned(),
                    text: format!("{e}\n\nThe project is still open and unsaved."),
                });
                false
            }
        }
    }

    /// Runs `then` now, or asks about unsaved changes first.
    pub(super) fn guard(&mut self, then: Then) {
        if self.doc.is_dirty() {
            self.dialog = Some(Dialog::Unsaved(then));
        } else {
            self.proceed(then);
        }
    }

    /// Does what was waiting for unsaved changes to be dealt with.
    pub(super) fn proceed(&mut self, then: Then) {
        match then {
            Then::New => {
                self.replace_document(Document::new(Project::new("Untitled project"), None));
                self.disk_fingerprint = None;
                self.status = Some(("New project".to_owned(), false));
            }
            Then::Open(Some(path)) => self.open_path(&path),
            Then::Open(None) => {
                let folder = self.folder();
                match self.dialogs.open(folder.as_deref()) {
                    DialogAnswer::Picked(path) => self.open_path(&path),
                    DialogAnswer::Cancelled => {}
                    DialogAnswer::Unavailable => {
                        let field = PathField::new(folder, String::new());
                        self.dialog = Some(Dialog::Path { purpose: PathPurpose::Open, field, then: None });
                    }
                }
            }
            Then::Quit => {
                if let Some(session) = &self.recovery {
                    session.discard();
                }
                self.allow_close = true;
            }
        }
    }

    /// Opens a project file; a file that cannot be read says why and changes nothing.
    pub(super) fn open_path(&mut self, path: &Path) {
        match store::load(path) {
            Ok(project) => {
                self.replace_document(Document::new(project, Some(path.to_owned())));
                self.disk_fingerprint = store::fingerprint(path);
                self.settings.remember(path);
                self.save_settings();
                self.status = Some((format!("Opened {}", path.display()), false));
            }
            Err(e) => {
                self.dialog =
                    Some(Dialog::Message { title: "Could not open".to_owned(), text: e.to_string() });
            }
        }
    }

    pub(super) fn replace_document(&mut self, doc: Document) {
        self.doc = doc;
        self.journey = 0;
        self.view = CanvasView::default();
        self.derived = None;
    }
}
