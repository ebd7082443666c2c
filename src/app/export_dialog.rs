//! File → Export… (Ctrl+E) and Copy diagram as PNG (Ctrl+Shift+C): the workbench side of
//! [`crate::export`]. The choices and the last folder are remembered in the settings.

use std::path::{Path, PathBuf};

use super::RapportApp;
use super::dialogs::{Dialog, PathField};
use super::effects::{Done, Lane};
use super::files::{DialogAnswer, ExportChoices};
use crate::export::{self, Format};
use crate::model::Project;
use crate::pdf::{self, Paper};

pub use super::export_form::{ExportAction, ExportForm, Which};

/// Writes the export a form asked for to `path`; what to say when it is done, or why not.
fn export_now(
    project: &Project,
    which: Which,
    choices: ExportChoices,
    path: &Path,
) -> Result<String, String> {
    let format = choices.format();
    let options = choices.options();
    if let Which::Review(a, b) = which {
        let (Some(from), Some(to)) = (project.journeys.get(a), project.journeys.get(b)) else {
            return Err("one of the two journeys is gone".to_owned());
        };
        export::write_review(&project.name, from, to, path, &options).map_err(|e| {
            format!("The review of “{}” → “{}” to {}: {e}", from.name, to.name, path.display())
        })?;
        let what = match format {
            Format::Png => {
                let (w, h) = export::review_png_size(&project.name, from, to, &options);
                format!("{} ({w} × {h} px)", path.display())
            }
            Format::Svg => path.display().to_string(),
        };
        return Ok(format!("Exported the review of “{}” → “{}”: {what}", from.name, to.name));
    }
    if which == Which::Pack {
        let paper = if choices.letter { Paper::Letter } else { Paper::A4 };
        let pack = pdf::write(project, path, paper)
            .map_err(|e| format!("The review pack to {}: {e}", path.display()))?;
        return Ok(format!(
            "Exported the review pack: {} ({} pages, {}, {} KB)",
            path.display(),
            pack.pages,
            if choices.letter { "US Letter" } else { "A4" },
            pack.bytes.len().div_ceil(1024)
        ));
    }
    let jobs: Vec<(usize, PathBuf)> = match which {
        Which::Review(..) | Which::Pack => Vec::new(),
        Which::One(i) => vec![(i.min(project.journeys.len().saturating_sub(1)), path.to_owned())],
        Which::All => {
            let names: Vec<&str> = project.journeys.iter().map(|j| j.name.as_str()).collect();
            export::paths_for_each(path, &names, format).into_iter().enumerate().collect()
        }
    };
    let mut written = Vec::new();
    for (i, target) in &jobs {
        let Some(journey) = project.journeys.get(*i) else { continue };
        if let Err(e) = export::write(&project.name, journey, target, &options) {
            let done = if written.is_empty() {
                String::new()
            } else {
                format!("\n\nAlready exported: {}", written.join(", "))
            };
            return Err(format!("“{}” to {}: {e}{done}", journey.name, target.display()));
        }
        written.push(target.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()));
    }
    let what = match (&jobs[..], format) {
        ([(i, p)], Format::Png) => {
            let (w, h) = export::png_size(&project.name, &project.journeys[*i], &options);
            format!("{} ({w} × {h} px)", p.display())
        }
        ([(_, p)], Format::Svg) => p.display().to_string(),
        (_, _) => {
            let folder = path.parent().map_or_else(String::new, |p| p.display().to_string());
            format!("{} files to {folder}: {}", jobs.len(), written.join(", "))
        }
    };
    Ok(format!("Exported {what}"))
}

impl RapportApp {
    /// Opens the export dialog on the journey shown, with the last choices.
    pub(super) fn open_export(&mut self) {
        // While comparing, the picture a reviewer wants is the comparison.
        let which = match &self.compare {
            Some(c) if c.from != c.to => Which::Review(c.from, c.to),
            _ => Which::One(self.journey),
        };
        self.chrome.dialog =
            Some(Dialog::Export(ExportForm { choices: self.settings.export, which, path: None, size: None }));
    }

    /// Opens the export dialog on the review pack of the whole project.
    pub(super) fn open_export_pack(&mut self) {
        self.chrome.dialog = Some(Dialog::Export(ExportForm {
            choices: self.settings.export,
            which: Which::Pack,
            path: None,
            size: None,
        }));
    }

    fn export_folder(&self) -> Option<PathBuf> {
        self.settings.export_folder.clone().or_else(|| self.folder())
    }

    fn export_file_name(&self, which: Which, format: Format) -> String {
        let project = export::file_stem(&self.files.doc.project().name);
        match which {
            Which::One(i) => {
                let journey = self.files.doc.project().journeys.get(i).map_or("journey", |j| j.name.as_str());
                format!("{project}-{}.{}", export::file_stem(journey), format.extension())
            }
            Which::All => format!("{project}.{}", format.extension()),
            Which::Pack => format!("{project}-review-pack.pdf"),
            Which::Review(a, b) => {
                let name = |i: usize| {
                    self.files.doc.project().journeys.get(i).map_or("journey", |j| j.name.as_str())
                };
                let (a, b) = (export::file_stem(name(a)), export::file_stem(name(b)));
                format!("{project}-{a}-vs-{b}.{}", format.extension())
            }
        }
    }

    /// Asks where to export and exports. Returns the form to keep showing (with the in-app path
    /// field) when no file dialog is available, else `None`.
    fn export_asking(&mut self, form: &ExportForm) -> Option<ExportForm> {
        let format = form.choices.format();
        let folder = self.export_folder();
        let name = self.export_file_name(form.which, format);
        let answer = if form.which == Which::Pack {
            self.files.dialogs.export_pack(folder.as_deref(), &name)
        } else {
            self.files.dialogs.export(folder.as_deref(), &name, format)
        };
        match answer {
            DialogAnswer::Picked(path) => {
                self.export_to(form, &path);
                None
            }
            DialogAnswer::Cancelled => None,
            DialogAnswer::Unavailable => {
                Some(ExportForm { path: Some(PathField::new(folder, name)), ..form.clone() })
            }
        }
    }

    /// Exports to `path` (for every journey: `path` with each journey's name added), on the
    /// pictures worker with a snapshot of the project.
    fn export_to(&mut self, form: &ExportForm, path: &Path) {
        // A picture's name ending in .png or .svg says its format (someone typed it on
        // purpose); the review pack is always .pdf, and a picture is never written as .pdf:
        // a name with the other kind's extension, or none, gets the chosen one.
        let mut choices = form.choices;
        let which = form.which;
        let has = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let wanted = match (which, has.as_deref()) {
            (Which::Pack, _) => "pdf",
            (_, Some(e @ ("png" | "svg"))) => {
                choices.svg = e == "svg";
                e
            }
            _ => choices.format().extension(),
        };
        let path = match has.as_deref() {
            Some(e) if e == wanted => path.to_owned(),
            Some("png" | "svg" | "pdf") => path.with_extension(wanted),
            _ => {
                let mut p = path.as_os_str().to_owned();
                p.push(".");
                p.push(wanted);
                PathBuf::from(p)
            }
        };
        let project = self.files.doc.snapshot().project;
        let label = format!("Exporting {}…", super::display_name(&path));
        self.files.effects.run(Lane::Pictures, label, move || {
            let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).map(Path::to_owned);
            match export_now(&project, which, choices, &path) {
                Ok(text) => Done::Exported { message: Ok(text), remember: Some(choices), folder },
                Err(text) => Done::Exported {
                    message: Err(("Could not export".to_owned(), text)),
                    remember: None,
                    folder,
                },
            }
        });
    }

    /// Puts a journey's diagram (or the review picture of two journeys) on the clipboard as a
    /// PNG picture, at least 2× for sharp slides, rendered on the pictures worker.
    pub(super) fn copy_picture(&mut self, which: Which, choices: ExportChoices) {
        let mut options = choices.options();
        options.scale = options.scale.max(2.0);
        let project = self.files.doc.snapshot().project;
        self.files.effects.run(Lane::Pictures, "Copying the picture…", move || {
            let made = match which {
                Which::One(i) => project.journeys.get(i).map(|j| {
                    export::picture(&project.name, j, &options).map(|p| {
                        let what =
                            format!("“{}” to the clipboard as a {:.0}× picture", j.name, options.scale);
                        (p, what)
                    })
                }),
                Which::Review(a, b) => match (project.journeys.get(a), project.journeys.get(b)) {
                    (Some(from), Some(to)) => Some(
                        export::review_picture(&project.name, from, to, &options)
                            .map(|p| (p, format!("the review of “{}” → “{}”", from.name, to.name))),
                    ),
                    _ => None,
                },
                Which::All | Which::Pack => None,
            };
            match made {
                Some(Ok((p, what))) => {
                    let size = [p.width as usize, p.height as usize];
                    let message = format!("Copied {what} ({} × {} px)", p.width, p.height);
                    Done::Copy { image: egui::ColorImage::from_rgba_unmultiplied(size, &p.rgba), message }
                }
                Some(Err(e)) => Done::CopyFailed(format!("Could not copy: {e}")),
                None => Done::CopyFailed("Could not copy: that journey is gone".to_owned()),
            }
        });
    }

    /// Carries out what the export dialog asked for.
    pub(super) fn export_action(&mut self, form: ExportForm, action: ExportAction) {
        match action {
            ExportAction::Ask => {
                if let Some(keep) = self.export_asking(&form) {
                    self.chrome.dialog = Some(Dialog::Export(keep));
                }
            }
            ExportAction::To(path) => self.export_to(&form, &path),
            ExportAction::Copy(which) => {
                self.settings.export = form.choices;
                self.save_settings();
                self.copy_picture(which, form.choices);
            }
            ExportAction::Cancel => {}
        }
    }

    /// Draws the export dialog; returns what was asked for, or `None` while the choosing goes on.
    pub(super) fn export_dialog_ui(&self, ui: &mut egui::Ui, form: &mut ExportForm) -> Option<ExportAction> {
        let project = self.files.doc.project();
        ui.heading(if form.which == Which::Pack { "Export review pack" } else { "Export diagram" });
        ui.add_space(4.0);
        let journeys = project.journeys.len();
        // The choices keep one size whichever format is chosen, so the buttons below never move
        // under the pointer: as tall as the tallest form shown so far, at least the picture's.
        let tallest_id = ui.make_persistent_id("export_form_height");
        let row = ui.spacing().interact_size.y;
        let tallest: f32 = ui.data(|d| d.get_temp(tallest_id)).unwrap_or(row * 8.0 + 52.0);
        let shown = ui.scope(|ui| {
            ui.set_min_size(egui::vec2(500.0, tallest));
            self.export_choices_ui(ui, form, journeys);
        });
        let height = shown.response.rect.height();
        if height > tallest {
            ui.data_mut(|d| d.insert_temp(tallest_id, height));
        }

        let mut go = false;
        if let Some(field) = &mut form.path {
            ui.add_space(6.0);
            ui.label("No file dialog is available on this system. Type the file's name or its full path:");
            go = field.ui(ui, "Path");
        }
        ui.add_space(8.0);
        let mut action = None;
        ui.horizontal(|ui| {
            let label = if form.path.is_some() { "Export" } else { "Export…" };
            if ui.button(label).clicked() || go {
                action = match &form.path {
                    Some(field) => field.path().map(ExportAction::To),
                    None => Some(ExportAction::Ask),
                };
            }
            let can_copy = matches!(form.which, Which::One(_) | Which::Review(..));
            if ui
                .add_enabled(can_copy, egui::Button::new("Copy as PNG"))
                .on_hover_text("Put the picture on the clipboard, to paste into slides")
                .clicked()
            {
                action = Some(ExportAction::Copy(form.which));
            }
            if ui.button("Cancel").clicked() {
                action = Some(ExportAction::Cancel);
            }
        });
        action
    }

    /// The export dialog's choices: the journey, the format, and the format's options.
    fn export_choices_ui(&self, ui: &mut egui::Ui, form: &mut ExportForm, journeys: usize) {
        egui::Grid::new("export_grid").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
            ui.label("Journey");
            self.which_ui(ui, form, journeys);
            ui.end_row();
            ui.label("Format");
            ui.horizontal(|ui| self.format_ui(ui, form));
            ui.end_row();
            if form.which == Which::Pack {
                pack_choices_ui(ui, form, journeys);
            } else {
                self.picture_choices_ui(ui, form);
            }
        });
    }

    /// What to export: a journey, all of them, the review of the two compared, or the pack.
    fn which_ui(&self, ui: &mut egui::Ui, form: &mut ExportForm, journeys: usize) {
        let project = self.files.doc.project();
        let current = match form.which {
            Which::One(i) => project.journeys.get(i).map_or_else(String::new, |j| j.name.clone()),
            Which::All => format!("All {journeys} journeys, one file each"),
            Which::Review(a, b) => review_label(project, a, b),
            Which::Pack => PACK_LABEL.to_owned(),
        };
        egui::ComboBox::from_id_salt("export_journey").selected_text(current).width(280.0).show_ui(
            ui,
            |ui| {
                if let Some(c) = &self.compare
                    && c.from != c.to
                {
                    let review = Which::Review(c.from, c.to);
                    ui.selectable_value(&mut form.which, review, review_label(project, c.from, c.to));
                }
                for (i, j) in project.journeys.iter().enumerate() {
                    ui.selectable_value(&mut form.which, Which::One(i), &j.name);
                }
                if journeys > 1 {
                    ui.selectable_value(
                        &mut form.which,
                        Which::All,
                        format!("All {journeys} journeys, one file each"),
                    );
                }
                ui.selectable_value(&mut form.which, Which::Pack, PACK_LABEL);
            },
        );
    }

    /// PNG, SVG or the PDF pack (which is the whole project: a picture goes back to the journey
    /// shown).
    fn format_ui(&self, ui: &mut egui::Ui, form: &mut ExportForm) {
        let pack = form.which == Which::Pack;
        let png = ui.radio(!pack && !form.choices.svg, "PNG picture");
        if png.on_hover_text("Pixels, for slides and chat; crisp at the chosen scale").clicked() {
            form.choices.svg = false;
            if pack {
                form.which = Which::One(self.journey);
            }
        }
        let svg = ui.radio(!pack && form.choices.svg, "SVG drawing");
        if svg.on_hover_text("Sharp at any size; text stays selectable and searchable").clicked() {
            form.choices.svg = true;
            if pack {
                form.which = Which::One(self.journey);
            }
        }
        if ui
            .radio(pack, "PDF review pack")
            .on_hover_text(
                "One PDF of the whole project: a cover with every journey's scores, each journey's \
                 diagram, findings and top five suggestions, and the as-is → to-be review",
            )
            .clicked()
        {
            form.which = Which::Pack;
        }
    }

    /// A picture's scale (with its size in pixels) and what it includes.
    fn picture_choices_ui(&self, ui: &mut egui::Ui, form: &mut ExportForm) {
        ui.label("Scale");
        ui.add_enabled_ui(!form.choices.svg, |ui| {
            ui.horizontal(|ui| {
                for s in 1..=4u8 {
                    ui.selectable_value(&mut form.choices.scale, s, format!("{s}×"));
                }
                if let Some((w, h)) = self.picture_size(form) {
                    form.size = Some((form.which, form.choices, (w, h)));
                    ui.weak(format!("{w} × {h} px"));
                }
            });
        });
        ui.end_row();
        ui.label("Include");
        ui.vertical(|ui| {
            ui.checkbox(&mut form.choices.legend, "Legend: scores, classification and key");
            ui.checkbox(&mut form.choices.findings, "Findings, numbered on their cards");
            ui.checkbox(&mut form.choices.feeling, "The feeling curve under the diagram");
            ui.checkbox(&mut form.choices.slide, "Fit to a 16:9 slide")
                .on_hover_text("The journey wraps onto rows to fill a slide-shaped page");
            ui.add_enabled(
                !form.choices.svg,
                egui::Checkbox::new(&mut form.choices.transparent, "Transparent background"),
            );
        });
        ui.end_row();
    }

    /// The PNG's size in pixels, worked out once per choice.
    fn picture_size(&self, form: &ExportForm) -> Option<(u32, u32)> {
        let project = self.files.doc.project();
        let options = form.choices.options();
        match (form.size, form.which) {
            (Some((k, c, size)), _) if k == form.which && c == form.choices => Some(size),
            (_, Which::One(i)) => {
                project.journeys.get(i).map(|j| export::png_size(&project.name, j, &options))
            }
            (_, Which::Review(a, b)) => match (project.journeys.get(a), project.journeys.get(b)) {
                (Some(from), Some(to)) => Some(export::review_png_size(&project.name, from, to, &options)),
                _ => None,
            },
            (_, Which::All | Which::Pack) => None,
        }
    }
}

/// The pack's paper and what its pages hold.
fn pack_choices_ui(ui: &mut egui::Ui, form: &mut ExportForm, journeys: usize) {
    ui.label("Paper");
    ui.horizontal(|ui| {
        ui.radio_value(&mut form.choices.letter, false, "A4");
        ui.radio_value(&mut form.choices.letter, true, "US Letter");
        ui.weak("landscape");
    });
    ui.end_row();
    ui.label("Pages");
    ui.vertical(|ui| {
        ui.set_max_width(420.0);
        ui.weak(format!(
            "a cover, then each of the {journeys} journey{} (its diagram, findings and top five suggestions){}",
            if journeys == 1 { "" } else { "s" },
            if journeys > 1 { ", then the as-is → to-be review" } else { "" }
        ));
    });
    ui.end_row();
}

/// The export dialog's name for the review pack.
const PACK_LABEL: &str = "The whole project: review pack (PDF)";

/// The export dialog's name for the review picture.
fn review_label(project: &crate::model::Project, from: usize, to: usize) -> String {
    let name = |i: usize| project.journeys.get(i).map_or("?", |j| j.name.as_str());
    format!("Review: “{}” → “{}” (both, with the changes)", name(from), name(to))
}
