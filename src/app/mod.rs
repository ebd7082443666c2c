//! The workbench: an eframe app that draws, annotates and scores journeys live.
//!
//! The shell owns the [`Document`] (the one path for change) and the runtime view state. Each
//! frame the panels are drawn first and return what the user asked for (edits, commands, a
//! dialog's action); the shell then applies those in the order they were made, each built from
//! the project as it is at that moment (`apply_edit`). The rooms of the shell:
//! `actions.rs` runs commands, `file_ops.rs` opens and saves, `autosave.rs` keeps unsaved work
//! safe, `dialogs.rs` draws the dialogs (which return actions), `chrome.rs` the menus, tabs,
//! status bar and palette.

mod actions;
mod autosave;
pub mod canvas;
mod chrome;
pub mod commands;
pub mod compare_view;
mod composer;
mod conflicts;
mod dialogs;
mod effects;
mod export_dialog;
mod export_form;
mod facilitator;
mod file_ops;
pub mod files;
mod history_view;
mod insight;
mod panels;
mod present;
mod queue;
mod review;
pub mod room_ui;
pub mod theme;
pub mod timer;
mod typed;
mod workfile;

use std::path::{Path, PathBuf};

pub use autosave::install_panic_hook;

use crate::edit::{Coalesce, Document, Edit};
use crate::layout::{self, Layout};
use crate::model::{Journey, Project, TouchpointId};
use crate::recovery::Session;
use crate::samples;
use crate::score::Analysis;
use crate::store;
use canvas::CanvasView;
use commands::Command;
use dialogs::Dialog;
use files::{FileDialogs, NativeDialogs, Settings};
use theme::Palette;

/// How the workbench starts.
pub struct AppOptions {
    /// The project file to open; the bundled sample when `None`.
    pub file: Option<PathBuf>,
    /// Where settings and recent files live; `None` keeps them in memory only (tests).
    pub config_dir: Option<PathBuf>,
    /// The file dialogs to use.
    pub dialogs: Box<dyn FileDialogs>,
    /// Where unsaved work is autosaved for crash recovery; `None` turns autosave off (tests).
    pub recovery_dir: Option<PathBuf>,
}

impl AppOptions {
    /// Options for the real app: native dialogs, the OS config dir.
    pub fn native(file: Option<PathBuf>) -> Self {
        Self {
            file,
            config_dir: files::config_dir(),
            dialogs: Box::new(NativeDialogs),
            recovery_dir: crate::recovery::default_dir(),
        }
    }
}

/// Opens the workbench window and runs until it is closed; with the Open dialog first when
/// `ask_for_file` (the launcher's "Open project…").
pub fn run(options: AppOptions, room: Option<room_ui::RoomAt>, ask_for_file: bool) -> eframe::Result {
    install_panic_hook();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Rapport")
        .with_app_id(crate::desktop::APP_ID)
        .with_inner_size([1440.0, 900.0])
        .with_min_inner_size([900.0, 560.0]);
    // The launcher's icon on the window too (X11, Windows, macOS; Wayland takes it from the
    // desktop entry the app id names).
    if let Ok(rgba) = crate::desktop::icon_rgba(WINDOW_ICON_SIZE) {
        viewport =
            viewport.with_icon(egui::IconData { rgba, width: WINDOW_ICON_SIZE, height: WINDOW_ICON_SIZE });
    }
    let native = eframe::NativeOptions { viewport, ..Default::default() };
    eframe::run_native(
        "Rapport",
        native,
        Box::new(move |cc| {
            let mut app = RapportApp::new(&cc.egui_ctx, options);
            if ask_for_file {
                app.queue(Command::Open);
            }
            if let Some(at) = room
                && let Err(e) = app.open_room(at)
            {
                eprintln!("rapport: {e}");
                app.chrome.status = Some((e, true));
            }
            Ok(Box::new(app))
        }),
    )
}

/// The window icon's size in pixels (drawn from the scalable icon).
const WINDOW_ICON_SIZE: u32 = 256;

/// Adds the exports' fallback fonts after egui's own, so the canvas shows the same scripts
/// (Greek and Cyrillic beyond Ubuntu's, Chinese, Japanese) as an exported picture.
fn install_fallback_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    for (name, data) in
        [("DejaVu Sans", crate::text::DEJAVU_SANS), ("Droid Sans Fallback", crate::text::DROID_FALLBACK)]
    {
        fonts.font_data.insert(name.to_owned(), std::sync::Arc::new(egui::FontData::from_static(data)));
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            fonts.families.entry(family).or_default().push(name.to_owned());
        }
    }
    ctx.set_fonts(fonts);
}

use insight::Derived;
pub use insight::{KEPT_SUGGESTIONS, SUGGEST_OFF_THREAD_FROM};

/// The workbench: a shell over a few parts, each with one job, that reach each other only
/// through it.
pub struct RapportApp {
    /// The project being edited and its files: saving, autosave, recovery, the disk's copy.
    files: workfile::Workfile,
    /// The index of the journey tab shown.
    journey: usize,
    /// Canvas view state: transform, selection, gestures. Never part of undo.
    pub view: CanvasView,
    /// The settings (theme, panels, export choices, recent files), saved as they change.
    settings: Settings,
    /// The status line, the dialogs, the palette and what the window and screen reader were told.
    chrome: chrome::Chrome,
    /// The facilitator's tools: the room, the timer and presenting.
    facilitator: facilitator::Facilitator,
    /// The analysis, layout and suggestions of the journey shown.
    insight: insight::Insight,
    /// The compare view, while it is open.
    compare: Option<compare_view::CompareView>,
    /// Journey → History…, while open.
    history: Option<history_view::HistoryView>,
    /// What the user asked for this frame, in order, carried out after it ([`queue::Action`]).
    actions: queue::Queue,
    /// To wake the UI when work done on another thread is ready.
    ctx: egui::Context,
}

impl RapportApp {
    /// Starts the workbench on the file in `options`, or on the bundled sample.
    pub fn new(ctx: &egui::Context, options: AppOptions) -> Self {
        let settings = options.config_dir.as_deref().map(Settings::load).unwrap_or_default();
        let sample = || {
            let project =
                store::read_project(samples::DEFAULT.text).unwrap_or_else(|_| Project::new("Untitled"));
            Document::new(project, None)
        };
        let mut status = None;
        let mut failed = None;
        let doc = match &options.file {
            None => sample(),
            Some(path) => match store::load(path) {
                Ok(project) => Document::new(project, Some(path.clone())),
                Err(e) => {
                    // Said in a dialog, over a new empty project: showing the sample instead
                    // would look as if the file had opened.
                    status = Some((format!("Could not open: {e}"), true));
                    failed = Some(Dialog::Message {
                        title: format!("Could not open {}", display_name(path)),
                        text: format!(
                            "{}\n\nThe file is unchanged. Rapport shows a new, empty project instead.",
                            e.error
                        ),
                    });
                    Document::new(Project::new("Untitled project"), None)
                }
            },
        };
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        install_fallback_fonts(ctx);
        // A picture drawn for an export or the clipboard leaves a core to the window, so its
        // frames stay on time while it draws.
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        crate::export::limit_picture_threads(cores.saturating_sub(1).max(1));
        let recovery = options.recovery_dir.map(Session::new);
        let disk_fingerprint = options.file.as_deref().and_then(store::fingerprint);
        let mut app = Self {
            files: workfile::Workfile {
                doc,
                dialogs: options.dialogs,
                config_dir: options.config_dir,
                recovery,
                autosave: autosave::Autosave::default(),
                disk_fingerprint,
                effects: effects::Effects::new(ctx),
                close_when_saved: false,
                allow_close: false,
            },
            journey: 0,
            view: CanvasView::default(),
            settings,
            chrome: chrome::Chrome { status, ..chrome::Chrome::default() },
            facilitator: facilitator::Facilitator::default(),
            insight: insight::Insight::default(),
            compare: None,
            history: None,
            actions: queue::Queue::default(),
            ctx: ctx.clone(),
        };
        if let (Some(path), None) = (&options.file, &app.chrome.status) {
            app.settings.remember(path);
            app.save_settings();
            if let Some(waiting) = app.conflicts_waiting() {
                app.chrome.say(waiting);
            }
        }
        app.chrome.dialog = failed;
        if let Some(session) = &app.files.recovery {
            let left = session.others();
            if !left.is_empty() {
                app.chrome.show_dialog(Dialog::Recover(left));
            }
        }
        app
    }

    /// The compare view, while it is open.
    pub fn compare(&self) -> Option<&compare_view::CompareView> {
        self.compare.as_ref()
    }

    /// The document being edited.
    pub fn document(&self) -> &Document {
        &self.files.doc
    }

    /// The project being edited.
    pub fn project(&self) -> &Project {
        self.files.doc.project()
    }

    /// The index of the journey tab shown.
    pub fn journey_index(&self) -> usize {
        self.journey
    }

    /// The journey shown.
    pub fn journey(&self) -> &Journey {
        let journeys = &self.files.doc.project().journeys;
        &journeys[self.journey.min(journeys.len() - 1)]
    }

    /// The analysis of the journey shown (as of the last frame).
    pub fn analysis(&self) -> Option<&Analysis> {
        self.insight.derived.as_ref().map(|d| &d.analysis)
    }

    /// The layout of the journey shown (as of the last frame).
    pub fn layout(&self) -> Option<&Layout> {
        self.insight.derived.as_ref().map(|d| &d.layout)
    }

    /// The selected touchpoints.
    pub fn selection(&self) -> Vec<TouchpointId> {
        self.view.selection.iter().copied().collect()
    }

    /// The status line (message, is it an error).
    pub fn status(&self) -> Option<&(String, bool)> {
        self.chrome.status.as_ref()
    }

    /// Saving, autosaving or a picture is under way on another thread.
    pub fn is_busy(&self) -> bool {
        self.files.effects.any_busy()
    }

    /// Waits until every save, autosave and picture handed to the workers is done; the next
    /// frame acts on what they did. (The window never waits: this is for closing and tests.)
    pub fn finish_work(&mut self) {
        self.files.effects.finish_all();
    }

    /// Presentation mode is on.
    pub fn presenting(&self) -> bool {
        self.facilitator.presentation
    }

    /// The phase being presented alone, or `None` for the whole journey.
    pub fn focus(&self) -> Option<crate::model::Phase> {
        self.view.focus
    }

    /// The facilitator's countdown, if one is set.
    pub fn timer(&self) -> Option<&timer::Timer> {
        self.facilitator.timer.as_ref()
    }

    /// The settings (theme, panels, export choices) as they are now.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The window title: project, file, and a marker for unsaved changes.
    pub fn window_title(&self) -> String {
        let file = self
            .files
            .doc
            .path
            .as_deref()
            .and_then(Path::file_name)
            .map_or_else(|| "not saved yet".to_owned(), |n| n.to_string_lossy().into_owned());
        let marker = if self.files.doc.is_dirty() { "● " } else { "" };
        format!("{marker}{} — {file} — Rapport", self.files.doc.project().name)
    }

    /// Queues a command to run at the end of the frame, as a menu or shortcut would.
    pub fn queue(&mut self, command: Command) {
        self.actions.command(command);
    }

    fn save_settings(&mut self) {
        if let Some(dir) = &self.files.config_dir
            && let Err(e) = self.settings.save(dir)
        {
            self.chrome.warn(format!("Could not save settings: {e}"));
        }
    }

    fn palette(&self) -> Palette {
        *Palette::of(self.settings.theme())
    }

    /// Brings the analysis and layout up to date with the project and the tab shown; a card
    /// that is gone leaves the selection.
    fn refresh_derived(&mut self) {
        self.journey = self.journey.min(self.files.doc.project().journeys.len().saturating_sub(1));
        let (doc, journey) = (&self.files.doc, self.journey);
        let shown = &doc.project().journeys[journey];
        if self.insight.refresh(shown, doc.revision(), journey, &self.view.options, &self.ctx) {
            let existing: Vec<TouchpointId> = shown.touchpoints.iter().map(|t| t.id).collect();
            self.view.selection.retain(|id| existing.contains(id));
        }
    }

    /// Applies one edit now, as its own undo step (or merged into the typing it continues).
    /// An edit that no longer fits the project changes nothing and says so.
    fn apply_edit(&mut self, edit: Edit, coalesce: Option<Coalesce>) -> bool {
        match self.files.doc.apply(edit, coalesce) {
            Ok(()) => true,
            Err(e) => {
                self.chrome.warn(capitalised(&e.to_string()));
                false
            }
        }
    }

    fn view_is_manual(&self) -> bool {
        self.view.is_manual()
    }

    fn switch_journey(&mut self, index: usize) {
        if index != self.journey {
            self.journey = index;
            self.view.selection.clear();
            self.view.editing = None;
            self.view.fit_pending = true;
        }
    }

    fn set_ui_scale(&mut self, ctx: &egui::Context, scale: f32) {
        self.settings.ui_scale = (scale * 10.0).round().clamp(6.0, 30.0) / 10.0;
        ctx.set_zoom_factor(self.settings.ui_scale);
        self.chrome.say(format!("Interface at {:.0} %", self.settings.ui_scale * 100.0));
        self.save_settings();
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        if self.chrome.dialog.is_some() || self.chrome.palette_query.is_some() {
            // A shortcut pressed under a dialog is spent there: it never fires once the dialog
            // closes.
            if self.chrome.dialog.is_some() && !self.keyboard_taken(ctx) {
                ctx.input_mut(commands::drop_modified_shortcuts);
            }
            return;
        }
        // Escape closes the innermost open thing first: an open menu or popup takes it.
        if egui::Popup::is_any_open(ctx) && ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            return;
        }
        // A field that had focus last frame still counts as typing, so its Escape cancels the
        // typing and nothing else.
        let typing = self.keyboard_taken(ctx) || self.chrome.typing_last_frame;
        // The platform turns Ctrl+C and Ctrl+V into copy and paste events (with the clipboard's
        // text): on the canvas they copy cards as rows and paste rows as cards; in a field they
        // stay the field's.
        if !typing {
            let pasted = ctx.input_mut(|i| {
                let mut pasted = None;
                i.events.retain(|e| match e {
                    egui::Event::Copy => {
                        pasted.get_or_insert((None, true));
                        false
                    }
                    egui::Event::Paste(text) => {
                        pasted = Some((Some(text.clone()), false));
                        false
                    }
                    _ => true,
                });
                pasted
            });
            match pasted {
                Some((_, true)) => self.actions.command(Command::CopyRows),
                Some((Some(text), false)) => self.actions.send(queue::Action::Paste(text)),
                Some((None, false)) => self.actions.command(Command::PasteRows),
                None => {}
            }
        }
        let pressed = ctx.input_mut(|i| commands::take_pressed(i, typing));
        for command in pressed {
            self.actions.command(command);
        }
    }

    /// A polite live region that tells a screen reader when the scores or the classification
    /// of the journey shown change ("design mutuality 56 to 63"); changing tabs is not a change.
    fn announce_ui(&mut self, ui: &egui::Ui, analysis: &crate::score::Analysis, journey: usize) {
        let now = (
            journey,
            format!("{:.0}", analysis.mutuality.score),
            format!("{:.0}", analysis.continuity.score),
            analysis.verdict.classification.label().to_owned(),
        );
        if let Some(before) = &self.chrome.announced
            && before.0 == now.0
        {
            let mut said = Vec::new();
            if before.1 != now.1 {
                said.push(format!("design mutuality {} to {}", before.1, now.1));
            }
            if before.2 != now.2 {
                said.push(format!("design continuity {} to {}", before.2, now.2));
            }
            if before.3 != now.3 {
                said.push(format!("now {}", now.3));
            }
            if !said.is_empty() {
                self.chrome.announcement = said.join(", ");
            }
        }
        self.chrome.announced = Some(now);
        let id = ui.make_persistent_id("score_announcement");
        let corner = egui::Rect::from_min_size(ui.max_rect().min, egui::vec2(1.0, 1.0));
        ui.interact(corner, id, egui::Sense::hover());
        let text = self.chrome.announcement.clone();
        ui.ctx().accesskit_node_builder(id, |node| {
            node.set_role(egui::accesskit::Role::Status);
            node.set_live(egui::accesskit::Live::Polite);
            node.set_label(text);
        });
    }

    /// The last change of score a screen reader was told of ("design mutuality 56 to 63").
    pub fn announcement(&self) -> &str {
        &self.chrome.announcement
    }

    /// A widget other than a card has the keyboard (a text field, a button reached by Tab): keys
    /// go to it. A card with the keyboard leaves the workbench's keys working on the canvas.
    fn keyboard_taken(&self, ctx: &egui::Context) -> bool {
        let focused = ctx.memory(|m| m.focused());
        focused.is_some() && focused != self.view.focused_card_id()
    }

    fn sync_title(&mut self, ctx: &egui::Context) {
        let title = self.window_title();
        if title != self.chrome.title_sent {
            // Sending a viewport command repaints, so send only on change: idle stays idle.
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.chrome.title_sent = title;
        }
    }
}

/// A file's name as people read it in a dialog's title.
fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// The message with its first letter in upper case.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect::<String>() + ".")
}

impl eframe::App for RapportApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }
}

/// What the panels asked for this frame, in the order they asked.
type Asked = queue::Queue;

impl RapportApp {
    /// One frame of the whole workbench in `ui` (what eframe calls; benchmarks call it bare).
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let theme = self.settings.theme();
        if self.chrome.theme_sent != Some(theme) {
            ctx.set_theme(if theme == theme::Theme::Dark { egui::Theme::Dark } else { egui::Theme::Light });
            ctx.set_visuals(theme::visuals(theme));
            self.chrome.theme_sent = Some(theme);
        }
        if (ctx.zoom_factor() - self.settings.ui_scale).abs() > f32::EPSILON {
            ctx.set_zoom_factor(self.settings.ui_scale);
        }
        let status_before = self.chrome.status.clone();
        self.take_effects(&ctx);
        self.room_frame();
        self.handle_shortcuts(&ctx);
        self.refresh_derived();
        let asked = self.panels_ui(ui);
        self.actions.append(asked);
        if let Some(action) = self.dialog_ui(&ctx) {
            self.actions.send(queue::Action::Dialog(action));
        }
        self.palette_ui(&ctx);
        self.history_ui(&ctx);

        // Everything the user asked for, in order, each built from the project as it is now.
        self.run_actions(&ctx);
        self.autosave(&ctx);
        self.handle_close(&ctx);
        self.sync_title(&ctx);
        self.chrome.typing_last_frame = self.keyboard_taken(&ctx);
        if !self.actions.is_empty() {
            ctx.request_repaint();
        }
        // A message is about the project as it was when said: once the project changes (an
        // edit, an undo) it no longer holds ("Applied …" after undoing it), so it goes.
        if self.chrome.status != status_before {
            self.chrome.status_revision = self.files.doc.revision();
        } else if self.chrome.status.is_some() && self.chrome.status_revision != self.files.doc.revision() {
            self.chrome.status = None;
        }
        if self.files.effects.any_busy() {
            // The worker wakes the window when it is done; this only keeps the progress fresh.
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
        }
    }

    /// Acts on what the workers finished.
    fn take_effects(&mut self, ctx: &egui::Context) {
        for done in self.files.effects.poll() {
            match done {
                effects::Done::Saved { path, snapshot, fingerprint, then } => {
                    self.saved(path, snapshot, fingerprint, then);
                }
                effects::Done::ChangedOnDisk { path, then } => {
                    self.chrome.show_dialog(Dialog::ChangedOnDisk(path, then));
                }
                effects::Done::Exists { path, then } => self.chrome.show_dialog(Dialog::Replace(path, then)),
                effects::Done::SaveFailed { message } => self.chrome.show_dialog(Dialog::Message {
                    title: "Could not save".to_owned(),
                    text: format!("{message}\n\nThe project is still open and unsaved."),
                }),
                effects::Done::Autosaved { revision, error } => self.autosaved(revision, error),
                effects::Done::Nothing => {}
                effects::Done::Exported { message, remember, folder } => {
                    if let Some(choices) = remember {
                        self.settings.export = choices;
                        self.settings.export_folder = folder;
                        self.save_settings();
                    }
                    match message {
                        Ok(text) => self.chrome.say(text),
                        Err((title, text)) => self.chrome.show_dialog(Dialog::Message { title, text }),
                    }
                }
                effects::Done::Copy { image, message } => {
                    ctx.copy_image(image);
                    self.chrome.say(message);
                }
                effects::Done::CopyFailed(message) => self.chrome.warn(message),
                effects::Done::Imported { result, .. } => self.imported(result),
            }
        }
    }

    fn panels_ui(&mut self, ui: &mut egui::Ui) -> Asked {
        let mut asked = Asked::default();
        // Set again below while a suggestion is under the pointer.
        self.view.preview = None;
        let palette = self.palette();
        let window = ui.available_rect_before_wrap();
        if !self.facilitator.presentation {
            self.chrome_panels_ui(ui);
        }
        let Some(mut d) = self.insight.derived.take() else { return asked };
        if let Some(mut compare) = self.compare.take() {
            if let Some(gone) = compare.follow(self.files.doc.project()) {
                // A compared journey was deleted (or undone away): back to the canvas, saying why.
                self.chrome.say(format!("Stopped comparing: “{gone}” is no longer in the project"));
            } else {
                self.compare_ui(ui, &mut compare, &d, &palette, window, &mut asked);
                self.compare = Some(compare);
            }
            self.insight.derived = Some(d);
            return asked;
        }
        if self.facilitator.presentation {
            self.presenting_panels_ui(ui, &d, &palette, window);
        } else {
            // The side panels take less of a small laptop's width by default.
            let narrow = window.width() < 1500.0;
            self.scores_panel_ui(ui, &d, &palette, narrow, &mut asked);
            self.inspector_panel_ui(ui, &d, narrow, &mut asked);
        }
        self.conflicts_panel_ui(ui);
        self.tray_panel_ui(ui, d.journey, &mut asked);
        self.canvas_panel_ui(ui, &mut d, &palette, &mut asked);
        self.insight.derived = Some(d);
        asked
    }

    /// The menus, the journey tabs and the status bar (hidden while presenting).
    fn chrome_panels_ui(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("menu").show(ui, |ui| {
            name_region(ui, "Menus");
            self.menu_bar_ui(ui);
        });
        egui::Panel::top("tabs").show(ui, |ui| {
            name_region(ui, "Journeys");
            self.tabs_ui(ui);
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            name_region(ui, "Status");
            self.status_bar_ui(ui);
        });
    }

    /// Presenting: the scores in large type across the top (red when time is up), and the
    /// findings of the phase presented alone on the right.
    fn presenting_panels_ui(
        &mut self,
        ui: &mut egui::Ui,
        d: &Derived,
        palette: &Palette,
        window: egui::Rect,
    ) {
        // At zero the whole strip turns red: nothing covers the scores.
        let mut strip = egui::Frame::side_top_panel(ui.style());
        if self.time_is_up(ui.ctx()) {
            strip = strip.fill(palette.alarm);
        }
        egui::Panel::top("presenting")
            .frame(strip)
            .show(ui, |ui| self.presentation_strip_ui(ui, &d.analysis));
        if let Some(phase) = self.view.focus {
            egui::Panel::right("presenting_findings")
                .default_size((window.width() * 0.28).clamp(280.0, 520.0))
                .show(ui, |ui| self.presentation_findings_ui(ui, &d.analysis, phase));
        }
    }

    /// The scores, findings and suggestions on the right, or the handle that brings them back.
    fn scores_panel_ui(
        &mut self,
        ui: &mut egui::Ui,
        d: &Derived,
        palette: &Palette,
        narrow: bool,
        asked: &mut Asked,
    ) {
        if !self.settings.show_scores {
            if panel_handle_ui(ui, "scores_handle", Command::ToggleScores, false) {
                asked.command(Command::ToggleScores);
            }
            return;
        }
        egui::Panel::right("scores").default_size(if narrow { 290.0 } else { 340.0 }).min_size(240.0).show(
            ui,
            |ui| {
                name_region(ui, "Scores, findings and improvements");
                if panel_close_ui(ui, Command::ToggleScores, "Scores") {
                    asked.command(Command::ToggleScores);
                }
                // Two tabs: the scores, and the review's comments (DESIGN.md §18).
                let open = self.journey().threads.iter().filter(|t| !t.resolved).count();
                ui.horizontal(|ui| {
                    let review = self.settings.show_review;
                    if ui.selectable_label(!review, "Scores").clicked() && review
                        || ui.selectable_label(review, format!("Review ({open})")).clicked() && !review
                    {
                        asked.command(Command::ToggleReview);
                    }
                });
                if self.settings.show_review {
                    self.review_ui(ui);
                    return;
                }
                let journey = &self.files.doc.project().journeys[d.journey];
                let improve = panels::Improve {
                    journey,
                    suggestions: &d.suggestions,
                    total: d.suggestion_count,
                    pending: d.suggesting,
                };
                let out =
                    panels::scores_ui(ui, &d.analysis, palette, false, &self.view.selection, Some(improve));
                self.view.preview =
                    out.improve.preview.and_then(|i| d.suggestions.get(i)).map(|s| s.touchpoint);
                if let Some(s) = out.improve.apply.and_then(|i| d.suggestions.get(i)) {
                    asked.send(queue::Action::Improve(s.touchpoint, s.kind));
                }
                if let Some(ids) = out.picked {
                    self.view.selection = ids.iter().copied().collect();
                    self.view.frame = Some(ids);
                }
            },
        );
    }

    /// The room's tray on the right, while a room is open or proposals wait (a room closed, or
    /// a file opened after a workshop).
    fn tray_panel_ui(&mut self, ui: &mut egui::Ui, journey: usize, asked: &mut Asked) {
        // What the room said, once a frame, for the tray and the canvas.
        (self.view.room_dots, self.view.room_feelings) = self.room_marks();
        let waiting = self.files.doc.project().journeys[journey]
            .proposals
            .iter()
            .any(|p| !matches!(p.status, crate::model::ProposalStatus::Accepted(_)));
        if self.facilitator.room.is_none() && !waiting {
            return;
        }
        let width = if self.facilitator.presentation { 270.0 } else { 250.0 };
        egui::Panel::right("room_tray").default_size(width).min_size(200.0).show(ui, |ui| {
            if let Some(action) = self.tray_ui(ui) {
                asked.send(queue::Action::Tray(action));
            }
        });
    }

    /// The canvas in the middle: the journey laid out to the canvas's shape, what was done on
    /// it, the red frame when time is up, and the screen reader's word on changed scores.
    fn canvas_panel_ui(&mut self, ui: &mut egui::Ui, d: &mut Derived, palette: &Palette, asked: &mut Asked) {
        self.view.feeling = self.settings.feeling_curve();
        egui::CentralPanel::default().frame(egui::Frame::NONE.fill(palette.canvas)).show(ui, |ui| {
            let journey = &self.files.doc.project().journeys[d.journey];
            name_region(ui, format!("Journey “{}”", journey.name));
            // The layout takes the shape of the canvas: lay out again when the fit chose anew.
            let rect = ui.available_rect_before_wrap();
            let options = self.view.arrange(rect, journey);
            if d.layout.options != options {
                d.layout = layout::layout_with(journey, &options);
            }
            let out = self.view.ui(ui, d.journey, journey, &d.layout, &d.analysis, palette);
            asked.edits(out.edits.into_iter().map(|e| (e, None)));
            if let Some(editor) = out.commit {
                asked.send(queue::Action::Title(editor));
            }
            if out.review && !self.settings.show_review {
                asked.command(Command::ToggleReview);
            }
            self.time_up_frame(ui, rect);
            self.announce_ui(ui, &d.analysis, d.journey);
        });
    }
}

impl RapportApp {
    /// The compare view in place of the canvas and the scores; the inspector stays, so a card
    /// clicked in either diagram is edited there and the comparison follows.
    fn compare_ui(
        &mut self,
        ui: &mut egui::Ui,
        compare: &mut compare_view::CompareView,
        d: &Derived,
        palette: &Palette,
        window: egui::Rect,
        asked: &mut Asked,
    ) {
        let narrow = window.width() < 1500.0;
        let large = self.facilitator.presentation;
        let mut picked = compare_view::CompareOutput::default();
        egui::Panel::right("compare_panel")
            .default_size(if large {
                460.0
            } else if narrow {
                330.0
            } else {
                380.0
            })
            .min_size(260.0)
            .show(ui, |ui| {
                let out = compare.panel_ui(ui, self.files.doc.project(), palette, large);
                picked.close |= out.close;
            });
        let mut canvas = egui::Rect::NOTHING;
        egui::CentralPanel::default().frame(egui::Frame::NONE.fill(palette.canvas)).show(ui, |ui| {
            let rect = ui.available_rect_before_wrap();
            canvas = rect;
            let out = compare.canvas_ui(ui, self.files.doc.project(), self.files.doc.revision(), palette);
            if let Some((journey, id)) = out.select {
                self.switch_journey(journey);
                self.view.selection = [id].into();
            }
            self.time_up_frame(ui, rect);
        });
        // The inspector comes with a card clicked in either diagram, floating over the diagrams'
        // left edge: the two journeys keep their size (a laptop has no width to spare for two
        // journeys, the changes and a panel), so titles and change pills stay legible.
        let editing = !self.view.selection.is_empty();
        let floating = !self.facilitator.presentation && editing && canvas.is_positive();
        if floating {
            self.floating_inspector_ui(ui.ctx(), d, canvas, asked);
        }
        compare.set_covered_left(if floating { FLOATING_INSPECTOR_W + 24.0 } else { 0.0 });
        if picked.close {
            asked.command(Command::Compare);
        }
    }
}

impl RapportApp {
    /// The inspector as a window over the top-left of `canvas` (while comparing). Closing it lets
    /// go of the card.
    fn floating_inspector_ui(
        &mut self,
        ctx: &egui::Context,
        d: &Derived,
        canvas: egui::Rect,
        asked: &mut Asked,
    ) {
        let mut open = true;
        let height = (canvas.height() - 24.0).max(200.0);
        egui::Window::new("Inspector")
            .id(egui::Id::unique("compare_inspector"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .default_pos(canvas.left_top() + egui::vec2(12.0, 12.0))
            .constrain_to(canvas)
            .fixed_size([FLOATING_INSPECTOR_W, height])
            .show(ctx, |ui| {
                let out = panels::inspector_ui(
                    ui,
                    self.files.doc.project(),
                    d.journey,
                    &self.view.selection,
                    &d.analysis,
                );
                asked.edits(out.edits);
                if let Some(c) = out.command {
                    asked.command(c);
                }
            });
        if !open {
            self.view.selection.clear();
        }
    }

    /// The inspector on the left, or the handle that brings it back when it is folded away.
    fn inspector_panel_ui(&self, ui: &mut egui::Ui, d: &Derived, narrow: bool, asked: &mut Asked) {
        if self.settings.show_inspector {
            egui::Panel::left("inspector")
                .default_size(if narrow { 250.0 } else { 290.0 })
                .min_size(220.0)
                .show(ui, |ui| {
                    name_region(ui, "Inspector");
                    if panel_close_ui(ui, Command::ToggleInspector, "Inspector") {
                        asked.command(Command::ToggleInspector);
                    }
                    let out = panels::inspector_ui(
                        ui,
                        self.files.doc.project(),
                        d.journey,
                        &self.view.selection,
                        &d.analysis,
                    );
                    asked.edits(out.edits);
                    if let Some(c) = out.command {
                        asked.command(c);
                    }
                });
        } else if panel_handle_ui(ui, "inspector_handle", Command::ToggleInspector, true) {
            asked.command(Command::ToggleInspector);
        }
    }
}

/// The width of the inspector floating over the compare view.
const FLOATING_INSPECTOR_W: f32 = 270.0;

/// Names the region a panel's `ui` is, for a screen reader ("Inspector", "Journey “As-is”").
fn name_region(ui: &egui::Ui, name: impl Into<String>) {
    let name = name.into();
    ui.ctx().accesskit_node_builder(ui.unique_id(), |node| node.set_label(name));
}

/// The row at the top of a side panel with its title and the button that folds it away.
fn panel_close_ui(ui: &mut egui::Ui, command: Command, title: &str) -> bool {
    let mut close = false;
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(title).small().weak());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let tip = format!("{} ({})", command.label(), command.shortcut_text(ui.ctx()));
            close = ui.small_button("✕").on_hover_text(tip).clicked();
        });
    });
    close
}

/// The thin strip a folded side panel leaves on the window's edge; a click brings it back.
fn panel_handle_ui(ui: &mut egui::Ui, id: &'static str, command: Command, left: bool) -> bool {
    let panel = if left { egui::Panel::left(id) } else { egui::Panel::right(id) };
    panel
        .exact_size(22.0)
        .resizable(false)
        .show(ui, |ui| {
            let arrow = if left { "›" } else { "‹" };
            let tip = format!("{} ({})", command.label(), command.shortcut_text(ui.ctx()));
            let r =
                ui.add_sized(ui.available_size(), egui::Button::new(arrow).frame(false)).on_hover_text(tip);
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, command.label()));
            r.clicked()
        })
        .inner
}
