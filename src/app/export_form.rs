//! What the export dialog holds and answers: which journeys, the choices, the typed path, and
//! what to do (export, copy, cancel). Data only; `export_dialog.rs` draws it and exports.

use std::path::PathBuf;

use super::files::ExportChoices;
use super::typed::PathField;

/// Which journeys to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    /// One journey, by index.
    One(usize),
    /// Every journey, one file each.
    All,
    /// The review picture of two journeys (DESIGN.md §13): from, to.
    Review(usize, usize),
    /// The review pack of the whole project, one PDF (DESIGN.md §16).
    Pack,
}

/// The export dialog's state.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportForm {
    /// Format, scale, legend, findings, background.
    pub choices: ExportChoices,
    /// Which journeys.
    pub which: Which,
    /// The in-app path field, shown when no file dialog is available.
    pub path: Option<PathField>,
    /// The PNG's pixel size for the journey and choices it was computed for (the project cannot
    /// change while the dialog is open), so it is not laid out again every frame.
    pub size: Option<(Which, ExportChoices, (u32, u32))>,
}

/// What the export dialog asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum ExportAction {
    /// Ask where, with the native dialog (or the in-app field when there is none), and export.
    Ask,
    /// Export to this path.
    To(PathBuf),
    /// Put this picture on the clipboard (one journey's, or the review).
    Copy(Which),
    /// Close the dialog.
    Cancel,
}
