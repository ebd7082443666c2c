//! Merge conflicts in the workbench (DESIGN.md §19): a project a merge left with conflicts
//! opens with a Conflicts list on the right — for each, what it is about and its base, ours
//! and theirs, with a button to keep each. Choosing is one undo step
//! ([`crate::edit::resolve`]); the list goes with the last conflict.

use egui::RichText;

use super::{RapportApp, capitalised, name_region};
use crate::diff::conflict_words;
use crate::edit::resolve::resolve;
use crate::model::conflicts::Side;

/// What the Conflicts list asked for.
enum ConflictAction {
    /// Show the card a conflict is about: its journey's tab, selected and framed.
    Show(usize),
    /// Keep one version of a conflict.
    Keep(usize, Side),
}

impl RapportApp {
    /// What the status line says of a project opened with conflicts; `None` without any.
    pub(super) fn conflicts_waiting(&self) -> Option<String> {
        match self.project().conflicts.len() {
            0 => None,
            1 => Some("1 merge conflict waits for a choice: see Conflicts, on the right".to_owned()),
            n => Some(format!("{n} merge conflicts wait for a choice: see Conflicts, on the right")),
        }
    }

    /// The Conflicts list on the right while the project has any.
    pub(super) fn conflicts_panel_ui(&mut self, ui: &mut egui::Ui) {
        if self.project().conflicts.is_empty() {
            return;
        }
        let mut asked = None;
        egui::Panel::right("conflicts").default_size(320.0).min_size(240.0).show(ui, |ui| {
            name_region(ui, "Merge conflicts");
            let project = self.files.doc.project();
            ui.label(RichText::new(format!("Conflicts ({})", project.conflicts.len())).strong());
            ui.weak(
                "A merge could not decide these. The project holds ours until you choose; \
                 each choice is one undo step.",
            );
            egui::ScrollArea::vertical().id_salt("conflicts_list").auto_shrink([false, false]).show(
                ui,
                |ui| {
                    for (i, c) in project.conflicts.iter().enumerate() {
                        ui.separator();
                        let what = capitalised(&c.on.describe());
                        let head = ui.add(
                            egui::Button::selectable(
                                false,
                                RichText::new(what.trim_end_matches('.')).strong(),
                            )
                            .wrap(),
                        );
                        if head.clicked() {
                            asked = Some(ConflictAction::Show(i));
                        }
                        for side in Side::ALL {
                            ui.horizontal_wrapped(|ui| {
                                let keep = ui.small_button(format!("Keep {}", side.label())).on_hover_text(
                                    format!("Use the {} version (Ctrl+Z undoes)", side.label()),
                                );
                                if keep.clicked() {
                                    asked = Some(ConflictAction::Keep(i, side));
                                }
                                ui.label(conflict_words(project, c, side));
                            });
                        }
                    }
                },
            );
        });
        match asked {
            Some(ConflictAction::Show(i)) => self.show_conflict(i),
            Some(ConflictAction::Keep(i, side)) => self.keep_version(i, side),
            None => {}
        }
    }

    /// Brings what conflict `i` is about into view: its journey's tab, its card selected.
    fn show_conflict(&mut self, i: usize) {
        let Some(c) = self.project().conflicts.get(i) else { return };
        let on = c.on.clone();
        let Some(j) =
            on.journey().and_then(|name| self.project().journeys.iter().position(|x| x.name == name))
        else {
            return;
        };
        self.switch_journey(j);
        if let Some(id) = on.touchpoint()
            && self.journey().touchpoint(id).is_some()
        {
            self.view.selection = [id].into();
            self.view.frame = Some(vec![id]);
        }
    }

    /// Keeps one version of conflict `i`, as one undo step.
    fn keep_version(&mut self, i: usize, side: Side) {
        let what = self.project().conflicts.get(i).map(|c| c.on.describe()).unwrap_or_default();
        match resolve(self.project(), i, side) {
            Ok(edit) => {
                if self.apply_edit(edit, None) {
                    let left = self.project().conflicts.len();
                    self.chrome.say(format!(
                        "Kept {} for {what} (Ctrl+Z undoes); {}",
                        side.label(),
                        match left {
                            0 => "no conflicts left".to_owned(),
                            1 => "1 conflict left".to_owned(),
                            n => format!("{n} conflicts left"),
                        }
                    ));
                }
            }
            Err(e) => self.chrome.warn(capitalised(&e.to_string())),
        }
    }
}
