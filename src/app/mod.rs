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
mod dialogs;
mod effects;
mod export_dialog;
mod file_ops;
pub mod files;
mod panels;
mod present;
pub mod room_ui;
pub mod theme;
pub mod timer;

use std::path::{Path, PathBuf};

pub use autosave::install_panic_hook;

use crate::edit::{Coalesce, Document, Edit};
use crate::layout::{self, Layout};
use crate::model::{Journey, Project, TouchpointId};
use crate::recovery::Session;
use crate::samples;
use crate::score::{self, Analysis};
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
                app.status = Some((e, true));
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

/// The analysis and layout of the shown journey, kept until the project or the tab changes.
struct Derived {
    revision: u64,
    journey: usize,
    analysis: Analysis,
    layout: Layout,
    /// The single edits that would help most (DESIGN.md §14), best first.
    suggestions: Vec<crate::suggest::Suggestion>,
    /// How many single edits would help in all (more than are kept: see [`KEPT_SUGGESTIONS`]).
    suggestion_count: usize,
    /// The suggestions are being worked out on another thread (a long journey).
    suggesting: bool,
}

/// Suggestions being worked out on another thread, for one revision of one journey.
struct SuggestJob {
    revision: u64,
    journey: usize,
    rx: std::sync::mpsc::Receiver<(Vec<crate::suggest::Suggestion>, usize)>,
}

/// The best suggestions kept for the Improve list and the palette: a 10,000-touchpoint journey
/// has tens of thousands, and the list shows five.
pub const KEPT_SUGGESTIONS: usize = 200;

/// The best [`KEPT_SUGGESTIONS`] of a ranked list, and how many there were.
fn kept(mut list: Vec<crate::suggest::Suggestion>) -> (Vec<crate::suggest::Suggestion>, usize) {
    let total = list.len();
    list.truncate(KEPT_SUGGESTIONS);
    list.shrink_to_fit();
    (list, total)
}

/// From this many touchpoints the suggestions are worked out off the UI thread, so an edit of a
/// long journey never waits for them (DESIGN.md §12); shorter journeys get them in the same frame.
pub const SUGGEST_OFF_THREAD_FROM: usize = 2_000;

/// The workbench.
pub struct RapportApp {
    doc: Document,
    journey: usize,
    /// Canvas view state: transform, selection, gestures. Never part of undo.
    pub view: CanvasView,
    settings: Settings,
    config_dir: Option<PathBuf>,
    dialogs: Box<dyn FileDialogs>,
    derived: Option<Derived>,
    queued: Vec<Command>,
    dialog: Option<Dialog>,
    /// The command palette, while open: what is typed, and the line picked with ↑/↓.
    palette_query: Option<chrome::PaletteState>,
    status: Option<(String, bool)>,
    presentation: bool,
    title_sent: String,
    theme_sent: Option<theme::Theme>,
    allow_close: bool,
    typing_last_frame: bool,
    recovery: Option<Session>,
    autosave: autosave::Autosave,
    /// What the file on disk held when this project last read or wrote it.
    disk_fingerprint: Option<u64>,
    /// The facilitator's countdown; never part of the project.
    timer: Option<timer::Timer>,
    flashes: present::Flashes,
    /// To wake the UI when work done on another thread is ready.
    ctx: egui::Context,
    /// Suggestions of a long journey being worked out on another thread.
    suggest_job: Option<SuggestJob>,
    /// The compare view, while it is open.
    compare: Option<compare_view::CompareView>,
    /// Dialogs waiting for the one open to close.
    next_dialogs: std::collections::VecDeque<Dialog>,
    /// Saving, autosaving and pictures, off the UI thread.
    effects: effects::Effects,
    /// The revision the status line was said at: a change of the project makes it stale.
    status_revision: u64,
    /// The window is to close once the save under way is done.
    close_when_saved: bool,
    /// A recent project chosen in the menu, opened after the frame.
    open_recent: Option<PathBuf>,
    /// A suggestion chosen in the palette, applied after the frame.
    improve_asked: Option<(TouchpointId, crate::suggest::EditKind)>,
    /// Text pasted onto the canvas (Ctrl+V), for the paste command to read as rows.
    pasted: Option<String>,
    /// The scores a screen reader last heard, and what it was told when they changed.
    announced: Option<(usize, String, String, String)>,
    announcement: String,
    /// The room, while one is open (DESIGN.md §15).
    room: Option<room_ui::RoomSession>,
    /// The proposal of the tray to give the keyboard to next frame.
    tray_focus: Option<u32>,
    /// The number the next room's first new participant gets at least (numbers continue).
    next_participant: u32,
    /// Participants the facilitator blocked in this session: every room of it refuses them.
    blocked: Vec<crate::model::Participant>,
    /// The journal number of the last room arrival the project holds (autosave records it, so
    /// recovery replays only what came after).
    room_seq: u64,
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
            doc,
            journey: 0,
            view: CanvasView::default(),
            settings,
            config_dir: options.config_dir,
            dialogs: options.dialogs,
            derived: None,
            queued: Vec::new(),
            dialog: None,
            palette_query: None,
            status,
            presentation: false,
            title_sent: String::new(),
            theme_sent: None,
            allow_close: false,
            typing_last_frame: false,
            recovery,
            autosave: autosave::Autosave::default(),
            disk_fingerprint,
            timer: None,
            flashes: present::Flashes::default(),
            compare: None,
            ctx: ctx.clone(),
            suggest_job: None,
            next_dialogs: std::collections::VecDeque::new(),
            effects: effects::Effects::new(ctx),
            status_revision: 0,
            close_when_saved: false,
            open_recent: None,
            improve_asked: None,
            announced: None,
            announcement: String::new(),
            pasted: None,
            room: None,
            tray_focus: None,
            next_participant: 1,
            blocked: Vec::new(),
            room_seq: 0,
        };
        if let (Some(path), None) = (&options.file, &app.status) {
            app.settings.remember(path);
            app.save_settings();
        }
        app.dialog = failed;
        if let Some(session) = &app.recovery {
            let left = session.others();
            if !left.is_empty() {
                app.show_dialog(Dialog::Recover(left));
            }
        }
        app
    }

    /// Shows a dialog now, or after the one open (a dialog never hides another).
    fn show_dialog(&mut self, dialog: Dialog) {
        if self.dialog.is_none() {
            self.dialog = Some(dialog);
        } else {
            self.next_dialogs.push_back(dialog);
        }
    }

    /// The compare view, while it is open.
    pub fn compare(&self) -> Option<&compare_view::CompareView> {
        self.compare.as_ref()
    }

    /// The document being edited.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The project being edited.
    pub fn project(&self) -> &Project {
        self.doc.project()
    }

    /// The index of the journey tab shown.
    pub fn journey_index(&self) -> usize {
        self.journey
    }

    /// The journey shown.
    pub fn journey(&self) -> &Journey {
        let journeys = &self.doc.project().journeys;
        &journeys[self.journey.min(journeys.len() - 1)]
    }

    /// The analysis of the journey shown (as of the last frame).
    pub fn analysis(&self) -> Option<&Analysis> {
        self.derived.as_ref().map(|d| &d.analysis)
    }

    /// The layout of the journey shown (as of the last frame).
    pub fn layout(&self) -> Option<&Layout> {
        self.derived.as_ref().map(|d| &d.layout)
    }

    /// The selected touchpoints.
    pub fn selection(&self) -> Vec<TouchpointId> {
        self.view.selection.iter().copied().collect()
    }

    /// The status line (message, is it an error).
    pub fn status(&self) -> Option<&(String, bool)> {
        self.status.as_ref()
    }

    /// Saving, autosaving or a picture is under way on another thread.
    pub fn is_busy(&self) -> bool {
        self.effects.any_busy()
    }

    /// Waits until every save, autosave and picture handed to the workers is done; the next
    /// frame acts on what they did. (The window never waits: this is for closing and tests.)
    pub fn finish_work(&mut self) {
        self.effects.finish_all();
    }

    /// Presentation mode is on.
    pub fn presenting(&self) -> bool {
        self.presentation
    }

    /// The phase being presented alone, or `None` for the whole journey.
    pub fn focus(&self) -> Option<crate::model::Phase> {
        self.view.focus
    }

    /// The facilitator's countdown, if one is set.
    pub fn timer(&self) -> Option<&timer::Timer> {
        self.timer.as_ref()
    }

    /// The settings (theme, panels, export choices) as they are now.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The window title: project, file, and a marker for unsaved changes.
    pub fn window_title(&self) -> String {
        let file = self
            .doc
            .path
            .as_deref()
            .and_then(Path::file_name)
            .map_or_else(|| "not saved yet".to_owned(), |n| n.to_string_lossy().into_owned());
        let marker = if self.doc.is_dirty() { "● " } else { "" };
        format!("{marker}{} — {file} — Rapport", self.doc.project().name)
    }

    /// Queues a command to run at the end of the frame, as a menu or shortcut would.
    pub fn queue(&mut self, command: Command) {
        self.queued.push(command);
    }

    fn save_settings(&mut self) {
        if let Some(dir) = &self.config_dir
            && let Err(e) = self.settings.save(dir)
        {
            self.status = Some((format!("Could not save settings: {e}"), true));
        }
    }

    fn palette(&self) -> Palette {
        *Palette::of(self.settings.theme())
    }

    /// Brings the analysis and layout up to date with the project and the tab shown.
    fn refresh_derived(&mut self) {
        self.poll_suggestions();
        self.journey = self.journey.min(self.doc.project().journeys.len().saturating_sub(1));
        let fresh = self
            .derived
            .as_ref()
            .is_some_and(|d| d.revision == self.doc.revision() && d.journey == self.journey);
        if !fresh {
            let journey = self.journey();
            let long = journey.touchpoints.len() >= SUGGEST_OFF_THREAD_FROM;
            let (suggestions, suggestion_count) =
                if long { (Vec::new(), 0) } else { kept(crate::suggest::suggestions(journey)) };
            self.derived = Some(Derived {
                revision: self.doc.revision(),
                journey: self.journey,
                analysis: score::analyse(journey),
                layout: layout::layout_with(journey, &self.view.options),
                suggestions,
                suggestion_count,
                suggesting: long,
            });
            if long {
                self.start_suggesting();
            }
            let existing: Vec<TouchpointId> = self.journey().touchpoints.iter().map(|t| t.id).collect();
            self.view.selection.retain(|id| existing.contains(id));
        }
    }

    /// Starts weighing the suggestions of the journey shown on another thread, unless a job is
    /// already running: one at a time, and the one that ends starts the next for the journey as
    /// it is then, so fast typing never piles up threads.
    fn start_suggesting(&mut self) {
        if self.suggest_job.is_some() {
            return;
        }
        let (revision, journey) = (self.doc.revision(), self.journey);
        let copy = self.journey().clone();
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = self.ctx.clone();
        let spawned = std::thread::Builder::new().name("suggestions".into()).spawn(move || {
            if tx.send(kept(crate::suggest::suggestions(&copy))).is_ok() {
                ctx.request_repaint();
            }
        });
        match spawned {
            Ok(_) => self.suggest_job = Some(SuggestJob { revision, journey, rx }),
            // No thread to be had: weigh them here, late rather than never.
            Err(_) => {
                let (list, count) = kept(crate::suggest::suggestions(self.journey()));
                if let Some(d) = &mut self.derived {
                    d.suggestions = list;
                    d.suggestion_count = count;
                    d.suggesting = false;
                }
            }
        }
    }

    /// Takes the suggestions a job finished, if they are still for the journey shown.
    fn poll_suggestions(&mut self) {
        let Some(job) = self.suggest_job.take() else { return };
        let list = match job.rx.try_recv() {
            Ok(list) => Some(list),
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                self.suggest_job = Some(job);
                return;
            }
            // The job died: say nothing is pending rather than spin forever.
            Err(std::sync::mpsc::TryRecvError::Disconnected) => None,
        };
        let Some(d) = &mut self.derived else { return };
        let current = d.revision == job.revision && d.journey == job.journey;
        match list {
            Some(list) if current => {
                (d.suggestions, d.suggestion_count) = list;
                d.suggesting = false;
            }
            Some(_) if d.suggesting => self.start_suggesting(),
            Some(_) => {}
            None => d.suggesting = false,
        }
    }

    /// Applies one edit now, as its own undo step (or merged into the typing it continues).
    /// An edit that no longer fits the project changes nothing and says so.
    fn apply_edit(&mut self, edit: Edit, coalesce: Option<Coalesce>) -> bool {
        match self.doc.apply(edit, coalesce) {
            Ok(()) => true,
            Err(e) => {
                self.status = Some((capitalised(&e.to_string()), true));
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
        self.status = Some((format!("Interface at {:.0} %", self.settings.ui_scale * 100.0), false));
        self.save_settings();
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        if self.dialog.is_some() || self.palette_query.is_some() {
            return;
        }
        // Escape closes the innermost open thing first: an open menu or popup takes it.
        if egui::Popup::is_any_open(ctx) && ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            return;
        }
        // A field that had focus last frame still counts as typing, so its Escape cancels the
        // typing and nothing else.
        let typing = self.keyboard_taken(ctx) || self.typing_last_frame;
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
                Some((_, true)) => self.queued.push(Command::CopyRows),
                Some((text, false)) => {
                    self.pasted = text;
                    self.queued.push(Command::PasteRows);
                }
                None => {}
            }
        }
        let pressed = ctx.input_mut(|i| commands::take_pressed(i, typing));
        self.queued.extend(pressed);
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
        if let Some(before) = &self.announced
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
                self.announcement = said.join(", ");
            }
        }
        self.announced = Some(now);
        let id = ui.make_persistent_id("score_announcement");
        let corner = egui::Rect::from_min_size(ui.max_rect().min, egui::vec2(1.0, 1.0));
        ui.interact(corner, id, egui::Sense::hover());
        let text = self.announcement.clone();
        ui.ctx().accesskit_node_builder(id, |node| {
            node.set_role(egui::accesskit::Role::Status);
            node.set_live(egui::accesskit::Live::Polite);
            node.set_label(text);
        });
    }

    /// The last change of score a screen reader was told of ("design mutuality 56 to 63").
    pub fn announcement(&self) -> &str {
        &self.announcement
    }

    /// A widget other than a card has the keyboard (a text field, a button reached by Tab): keys
    /// go to it. A card with the keyboard leaves the workbench's keys working on the canvas.
    fn keyboard_taken(&self, ctx: &egui::Context) -> bool {
        let focused = ctx.memory(|m| m.focused());
        focused.is_some() && focused != self.view.focused_card_id()
    }

    fn sync_title(&mut self, ctx: &egui::Context) {
        let title = self.window_title();
        if title != self.title_sent {
            // Sending a viewport command repaints, so send only on change: idle stays idle.
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = title;
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
#[derive(Default)]
struct Asked {
    edits: Vec<(Edit, Option<Coalesce>)>,
    /// A suggestion of the Improve list to apply: its touchpoint and kind.
    improve: Option<(TouchpointId, crate::suggest::EditKind)>,
    title: Option<canvas::TitleEditor>,
    commands: Vec<Command>,
    /// What the room's tray asked for.
    tray: Option<room_ui::TrayAction>,
}

impl RapportApp {
    /// One frame of the whole workbench in `ui` (what eframe calls; benchmarks call it bare).
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let theme = self.settings.theme();
        if self.theme_sent != Some(theme) {
            ctx.set_theme(if theme == theme::Theme::Dark { egui::Theme::Dark } else { egui::Theme::Light });
            ctx.set_visuals(theme::visuals(theme));
            self.theme_sent = Some(theme);
        }
        if (ctx.zoom_factor() - self.settings.ui_scale).abs() > f32::EPSILON {
            ctx.set_zoom_factor(self.settings.ui_scale);
        }
        let status_before = self.status.clone();
        self.take_effects(&ctx);
        self.room_frame();
        self.handle_shortcuts(&ctx);
        self.refresh_derived();
        let asked = self.panels_ui(ui);
        let dialog_action = self.dialog_ui(&ctx);
        self.palette_ui(&ctx);

        // Everything the user asked for, in order, each built from the project as it is now.
        for (edit, coalesce) in asked.edits {
            self.apply_edit(edit, coalesce);
        }
        if let Some(editor) = asked.title {
            self.commit_title(&editor);
        }
        if let Some(which) = asked.improve.or(self.improve_asked.take()) {
            self.apply_suggestion(which);
        }
        if let Some(action) = asked.tray {
            self.tray_action(action);
        }
        if let Some(action) = dialog_action {
            self.dialog_action(&ctx, action);
        }
        let keys = std::mem::take(&mut self.queued);
        for command in keys.into_iter().chain(asked.commands) {
            self.run_command(&ctx, command);
        }
        if let Some(path) = self.open_recent.take() {
            self.guard(dialogs::Then::Open(Some(path)));
        }
        self.autosave(&ctx);
        self.handle_close(&ctx);
        self.sync_title(&ctx);
        self.typing_last_frame = self.keyboard_taken(&ctx);
        if !self.queued.is_empty() {
            ctx.request_repaint();
        }
        // A message is about the project as it was when said: once the project changes (an
        // edit, an undo) it no longer holds ("Applied …" after undoing it), so it goes.
        if self.status != status_before {
            self.status_revision = self.doc.revision();
        } else if self.status.is_some() && self.status_revision != self.doc.revision() {
            self.status = None;
        }
        if self.effects.any_busy() {
            // The worker wakes the window when it is done; this only keeps the progress fresh.
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
        }
    }

    /// Acts on what the workers finished.
    fn take_effects(&mut self, ctx: &egui::Context) {
        for done in self.effects.poll() {
            match done {
                effects::Done::Saved { path, snapshot, fingerprint, then } => {
                    self.saved(path, snapshot, fingerprint, then);
                }
                effects::Done::ChangedOnDisk { path, then } => {
                    self.show_dialog(Dialog::ChangedOnDisk(path, then));
                }
                effects::Done::Exists { path, then } => self.show_dialog(Dialog::Replace(path, then)),
                effects::Done::SaveFailed { message } => self.show_dialog(Dialog::Message {
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
                        Ok(text) => self.status = Some((text, false)),
                        Err((title, text)) => self.show_dialog(Dialog::Message { title, text }),
                    }
                }
                effects::Done::Copy { image, message } => {
                    ctx.copy_image(image);
                    self.status = Some((message, false));
                }
                effects::Done::CopyFailed(message) => self.status = Some((message, true)),
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
        if !self.presentation {
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
        let Some(mut d) = self.derived.take() else { return asked };
        if let Some(mut compare) = self.compare.take() {
            if let Some(gone) = compare.follow(self.doc.project()) {
                // A compared journey was deleted (or undone away): back to the canvas, saying why.
                self.status =
                    Some((format!("Stopped comparing: “{gone}” is no longer in the project"), false));
                self.derived = Some(d);
                return asked;
            }
            self.compare_ui(ui, &mut compare, &d, &palette, window, &mut asked);
            self.compare = Some(compare);
            self.derived = Some(d);
            return asked;
        }
        if self.presentation {
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
        } else {
            // The side panels take less of a small laptop's width by default.
            let narrow = window.width() < 1500.0;
            if self.settings.show_scores {
                egui::Panel::right("scores")
                    .default_size(if narrow { 290.0 } else { 340.0 })
                    .min_size(240.0)
                    .show(ui, |ui| {
                        name_region(ui, "Scores, findings and improvements");
                        if panel_close_ui(ui, Command::ToggleScores, "Scores") {
                            asked.commands.push(Command::ToggleScores);
                        }
                        let journey = &self.doc.project().journeys[d.journey];
                        let improve = panels::Improve {
                            journey,
                            suggestions: &d.suggestions,
                            total: d.suggestion_count,
                            pending: d.suggesting,
                        };
                        let out = panels::scores_ui(
                            ui,
                            &d.analysis,
                            &palette,
                            false,
                            &self.view.selection,
                            Some(improve),
                        );
                        self.view.preview =
                            out.improve.preview.and_then(|i| d.suggestions.get(i)).map(|s| s.touchpoint);
                        if let Some(s) = out.improve.apply.and_then(|i| d.suggestions.get(i)) {
                            asked.improve = Some((s.touchpoint, s.kind));
                        }
                        if let Some(ids) = out.picked {
                            self.view.selection = ids.iter().copied().collect();
                            self.view.frame = Some(ids);
                        }
                    });
            } else if panel_handle_ui(ui, "scores_handle", Command::ToggleScores, false) {
                asked.commands.push(Command::ToggleScores);
            }
            self.inspector_panel_ui(ui, &d, narrow, &mut asked);
        }
        // What the room said, once a frame, for the tray and the canvas.
        (self.view.room_dots, self.view.room_feelings) = self.room_marks();
        // The tray shows while a room is open, and while proposals wait (a room closed, or a
        // file opened after a workshop).
        let waiting = self.doc.project().journeys[d.journey]
            .proposals
            .iter()
            .any(|p| !matches!(p.status, crate::model::ProposalStatus::Accepted(_)));
        if self.room.is_some() || waiting {
            let width = if self.presentation { 270.0 } else { 250.0 };
            egui::Panel::right("room_tray").default_size(width).min_size(200.0).show(ui, |ui| {
                egui::ScrollArea::vertical().id_salt("room_tray_scroll").show(ui, |ui| {
                    asked.tray = self.tray_ui(ui);
                });
            });
        }
        self.view.feeling = self.settings.feeling_curve();
        egui::CentralPanel::default().frame(egui::Frame::NONE.fill(palette.canvas)).show(ui, |ui| {
            let journey = &self.doc.project().journeys[d.journey];
            name_region(ui, format!("Journey “{}”", journey.name));
            // The layout takes the shape of the canvas: lay out again when the fit chose anew.
            let rect = ui.available_rect_before_wrap();
            let options = self.view.arrange(rect, journey);
            if d.layout.options != options {
                d.layout = layout::layout_with(journey, &options);
            }
            let out = self.view.ui(ui, d.journey, journey, &d.layout, &d.analysis, &palette);
            asked.edits.extend(out.edits.into_iter().map(|e| (e, None)));
            asked.title = out.commit;
            self.time_up_frame(ui, rect);
            self.announce_ui(ui, &d.analysis, d.journey);
        });
        self.derived = Some(d);
        asked
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
        let large = self.presentation;
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
                let out = compare.panel_ui(ui, self.doc.project(), palette, large);
                picked.close |= out.close;
            });
        let mut canvas = egui::Rect::NOTHING;
        egui::CentralPanel::default().frame(egui::Frame::NONE.fill(palette.canvas)).show(ui, |ui| {
            let rect = ui.available_rect_before_wrap();
            canvas = rect;
            let out = compare.canvas_ui(ui, self.doc.project(), self.doc.revision(), palette);
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
        let floating = !self.presentation && editing && canvas.is_positive();
        if floating {
            self.floating_inspector_ui(ui.ctx(), d, canvas, asked);
        }
        compare.set_covered_left(if floating { FLOATING_INSPECTOR_W + 24.0 } else { 0.0 });
        if picked.close {
            asked.commands.push(Command::Compare);
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
                    self.doc.project(),
                    d.journey,
                    &self.view.selection,
                    &d.analysis,
                );
                asked.edits.extend(out.edits);
                asked.commands.extend(out.command);
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
                        asked.commands.push(Command::ToggleInspector);
                    }
                    let out = panels::inspector_ui(
                        ui,
                        self.doc.project(),
                        d.journey,
                        &self.view.selection,
                        &d.analysis,
                    );
                    asked.edits.extend(out.edits);
                    asked.commands.extend(out.command);
                });
        } else if panel_handle_ui(ui, "inspector_handle", Command::ToggleInspector, true) {
            asked.commands.push(Command::ToggleInspector);
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
