//! What people type into the app's own fields: a path (when no file dialog is available), and
//! a name whose text is selected when it appears, so typing replaces it.

use std::path::PathBuf;

use egui::RichText;

/// Why the app asks for a path in its own field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PathPurpose {
    Open,
    SaveAs,
    Import,
}

/// A path typed into the app: a file name in a folder shown beside it. The suggested name is
/// selected when the field appears, so typing replaces it; an absolute path is used as typed.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PathField {
    /// The folder a bare name goes to.
    pub folder: Option<PathBuf>,
    /// What is typed.
    pub name: String,
    shown: bool,
}

impl PathField {
    /// A field suggesting `name` in `folder`.
    pub fn new(folder: Option<PathBuf>, name: String) -> Self {
        Self { folder, name, shown: false }
    }

    /// The path meant, or `None` when nothing is typed.
    pub fn path(&self) -> Option<PathBuf> {
        super::files::resolve_typed_path(self.folder.as_deref(), &self.name)
    }

    /// Draws the field with its folder; true when Enter was pressed in it.
    pub fn ui(&mut self, ui: &mut egui::Ui, label: &str) -> bool {
        let id = ui.make_persistent_id(("path_field", label));
        // Asked as the frame began: a dialog that takes the focus back every frame would
        // otherwise lose the Enter (egui's `lost_focus() && Enter` idiom misses it).
        let entered = ui.memory(|m| m.has_focus(id)) && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if let Some(folder) = &self.folder {
            ui.label(RichText::new(format!("in {}", folder.display())).weak())
                .on_hover_text("A bare name goes to this folder; a full path is used as typed");
        }
        ui.horizontal(|ui| {
            let label = ui.label(label);
            let r = ui
                .add(egui::TextEdit::singleline(&mut self.name).id(id).desired_width(400.0))
                .labelled_by(label.id);
            if !self.shown {
                self.shown = true;
                r.request_focus();
                select_all(ui.ctx(), id, &self.name);
            } else if ui.memory(|m| m.focused().is_none()) {
                r.request_focus();
            }
        });
        entered
    }
}

/// Selects every character of a text field, so typing replaces it.
pub(super) fn select_all(ctx: &egui::Context, id: egui::Id, text: &str) {
    let mut state = egui::text_edit::TextEditState::load(ctx, id).unwrap_or_default();
    state.cursor.set_char_range(Some(egui::text::CCursorRange::select_all_str(text)));
    state.store(ctx, id);
}
