//! The document and its files: the project being edited, where it is saved, the disk's copy it
//! was last read from or written to, autosave and recovery, and the workers that save off the
//! UI thread. `file_ops.rs` opens and saves through it, `autosave.rs` keeps its unsaved work
//! safe.

use std::path::PathBuf;

use super::autosave::Autosave;
use super::effects::Effects;
use super::files::FileDialogs;
use crate::edit::Document;
use crate::recovery::Session;

/// The project being edited and everything about its files.
pub(super) struct Workfile {
    /// The one path for change (undo, the unsaved marker, the revision).
    pub(super) doc: Document,
    /// The file dialogs to use.
    pub(super) dialogs: Box<dyn FileDialogs>,
    /// Where settings and recent files live; `None` keeps them in memory only (tests).
    pub(super) config_dir: Option<PathBuf>,
    /// This session's recovery folder, when autosave is on.
    pub(super) recovery: Option<Session>,
    /// What autosave last wrote and saw.
    pub(super) autosave: Autosave,
    /// What the file on disk held when this project last read or wrote it.
    pub(super) disk_fingerprint: Option<u64>,
    /// Saving, autosaving and pictures, off the UI thread.
    pub(super) effects: Effects,
    /// The window is to close once the save under way is done.
    pub(super) close_when_saved: bool,
    /// Closing was agreed to (unsaved changes dealt with): the window may close.
    pub(super) allow_close: bool,
}
