//! The workbench: an eframe app that draws, annotates and scores journeys live.
//!
//! The shell owns the [`Document`] (the one path for change) and runtime view state. Panels
//! return commands or edits instead of mutating mid-layout; the shell applies them at the end
//! of the frame.

pub mod canvas;
pub mod commands;
mod export_dialog;
pub mod files;
mod panels;
pub mod theme;

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::edit::{Coalesce, Document, Edit, JourneyMeta};
use crate::layout::{self, Layout};
use crate::model::{Exchange, Journey, Project, TouchpointId};
use crate::recovery::Session;
use crate::samples;
use crate::score::{self, Analysis};
use crate::store;
use canvas::CanvasView;
use commands::{Command, Menu};
use files::{DialogAnswer, FileDialogs, NativeDialogs, Settings};
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

/// Opens the workbench window and runs until it is closed.
pub fn run(options: AppOptions) -> eframe::Result {
    install_panic_hook();
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Rapport")
            .with_app_id("rapport")
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([900.0, 560.0]),
        ..Default::default()
    };
    eframe::run_native("Rapport", native, Box::new(|cc| Ok(Box::new(RapportApp::new(&cc.egui_ctx, options)))))
}

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

/// A labelled one-line field in a dialog. Returns true when Enter was pressed in it. (egui's
/// `lost_focus() && key_pressed(Enter)` idiom misses the Enter when the dialog takes the focus
/// back every frame, so this asks whether the field had the focus as the frame began.)
fn entered_field(ui: &mut egui::Ui, text: &mut String, label: &str, width: f32, focus: bool) -> bool {
    let id = ui.make_persistent_id(("dialog_field", label));
    let entered = ui.memory(|m| m.has_focus(id)) && ui.input(|i| i.key_pressed(egui::Key::Enter));
    ui.horizontal(|ui| {
        let label = ui.label(label);
        let r = ui.add(egui::TextEdit::singleline(text).id(id).desired_width(width)).labelled_by(label.id);
        if focus {
            r.request_focus();
        }
    });
    entered
}

/// What to do once unsaved changes are dealt with.
#[derive(Clone, Debug, PartialEq)]
enum Then {
    New,
    Open(Option<PathBuf>),
    Quit,
}

/// Why the app asks for a path in its own field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PathPurpose {
    Open,
    SaveAs,
}

/// A dialog drawn by the app itself.
#[derive(Clone, Debug, PartialEq)]
enum Dialog {
    Unsaved(Then),
    Path { purpose: PathPurpose, text: String, then: Option<Then> },
    RenameJourney(String),
    Message { title: String, text: String },
    Recover(Vec<crate::recovery::Entry>),
    ChangedOnDisk(PathBuf),
    Export(export_dialog::ExportForm),
}

/// The analysis and layout of the shown journey, kept until the project or the tab changes.
struct Derived {
    revision: u64,
    journey: usize,
    analysis: Analysis,
    layout: Layout,
}

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
    edits: Vec<(Edit, Option<Coalesce>)>,
    dialog: Option<Dialog>,
    palette_query: Option<String>,
    status: Option<(String, bool)>,
    presentation: bool,
    title_sent: String,
    allow_close: bool,
    typing_last_frame: bool,
    recovery: Option<Session>,
    autosave: Autosave,
    /// What the file on disk held when this project last read or wrote it.
    disk_fingerprint: Option<u64>,
}

/// Seconds after the last change before unsaved work is written to the recovery file.
pub const AUTOSAVE_AFTER_SECS: f64 = 2.0;

/// Autosave bookkeeping, in egui time (seconds).
#[derive(Default)]
struct Autosave {
    seen_revision: u64,
    changed_at: f64,
    written_revision: Option<u64>,
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
    /// Starts the workbench on the file in `options`, or on the bundled sample.
    pub fn new(ctx: &egui::Context, options: AppOptions) -> Self {
        let settings = options.config_dir.as_deref().map(Settings::load).unwrap_or_default();
        let sample = || {
            let project =
                store::read_project(samples::DEFAULT.text).unwrap_or_else(|_| Project::new("Untitled"));
            Document::new(project, None)
        };
        let mut status = None;
        let doc = match &options.file {
            None => sample(),
            Some(path) => match store::load(path) {
                Ok(project) => Document::new(project, Some(path.clone())),
                Err(e) => {
                    status = Some((format!("Could not open: {e}"), true));
                    sample()
                }
            },
        };
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        install_fallback_fonts(ctx);
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
            edits: Vec::new(),
            dialog: None,
            palette_query: None,
            status,
            presentation: false,
            title_sent: String::new(),
            allow_close: false,
            typing_last_frame: false,
            recovery,
            autosave: Autosave::default(),
            disk_fingerprint,
        };
        if let (Some(path), None) = (&options.file, &app.status) {
            app.settings.remember(path);
            app.save_settings();
        }
        if let Some(session) = &app.recovery {
            let left = session.others();
            if !left.is_empty() {
                app.dialog = Some(Dialog::Recover(left));
            }
        }
        app
    }

    /// The document being edited.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The index of the journey tab shown.
    pub fn journey_index(&self) -> usize {
        self.journey
    }

    /// The journey shown.
    pub fn journey(&self) -> &Journey {
        &self.doc.project.journeys[self.journey.min(self.doc.project.journeys.len() - 1)]
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

    /// The window title: project, file, and a marker for unsaved changes.
    pub fn window_title(&self) -> String {
        let file = self
            .doc
            .path
            .as_deref()
            .and_then(Path::file_name)
            .map_or_else(|| "not saved yet".to_owned(), |n| n.to_string_lossy().into_owned());
        let marker = if self.doc.is_dirty() { "● " } else { "" };
        format!("{marker}{} — {file} — Rapport", self.doc.project.name)
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

    fn refresh_derived(&mut self) {
        self.journey = self.journey.min(self.doc.project.journeys.len().saturating_sub(1));
        let fresh = self
            .derived
            .as_ref()
            .is_some_and(|d| d.revision == self.doc.revision() && d.journey == self.journey);
        if !fresh {
            let journey = self.journey();
            self.derived = Some(Derived {
                revision: self.doc.revision(),
                journey: self.journey,
                analysis: score::analyse(journey),
                layout: layout::layout(journey),
            });
            let existing: Vec<TouchpointId> = self.journey().touchpoints.iter().map(|t| t.id).collect();
            self.view.selection.retain(|id| existing.contains(id));
        }
    }

    fn apply_edits(&mut self) {
        for (edit, coalesce) in std::mem::take(&mut self.edits) {
            if self.doc.apply(edit, coalesce).is_err() {
                self.status =
                    Some(("That change no longer fits the project; nothing was changed.".to_owned(), true));
            }
        }
    }

    // ----- files ---------------------------------------------------------------------------

    fn folder(&self) -> Option<PathBuf> {
        self.doc.path.as_deref().and_then(Path::parent).map(Path::to_owned)
    }

    fn suggested_file_name(&self) -> String {
        let stem: String = self
            .doc
            .project
            .name
            .chars()
            .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
            .collect();
        let stem = stem.trim_matches('-');
        format!("{}.ron", if stem.is_empty() { "project" } else { stem })
    }

    /// Saves to the document's file, or asks where. Returns true when saved.
    fn save(&mut self) -> bool {
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

    fn save_as(&mut self, then: Option<Then>) -> bool {
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
                let text = folder.unwrap_or_default().join(self.suggested_file_name()).display().to_string();
                self.dialog = Some(Dialog::Path { purpose: PathPurpose::SaveAs, text, then });
                false
            }
        }
    }

    fn save_to(&mut self, path: &Path) -> bool {
        let path = if path.extension().is_none() { path.with_extension("ron") } else { path.to_owned() };
        let text = store::write_project(&self.doc.project);
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
    fn guard(&mut self, then: Then) {
        if self.doc.is_dirty() {
            self.dialog = Some(Dialog::Unsaved(then));
        } else {
            self.proceed(then);
        }
    }

    fn proceed(&mut self, then: Then) {
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
                        let text = folder.map(|f| f.display().to_string() + "/").unwrap_or_default();
                        self.dialog = Some(Dialog::Path { purpose: PathPurpose::Open, text, then: None });
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

    fn open_path(&mut self, path: &Path) {
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

    fn replace_document(&mut self, doc: Document) {
        self.doc = doc;
        self.journey = 0;
        self.view = CanvasView::default();
        self.derived = None;
    }

    // ----- commands ------------------------------------------------------------------------

    fn selected_touchpoints(&self) -> Vec<crate::model::Touchpoint> {
        self.journey().touchpoints.iter().filter(|t| self.view.selection.contains(&t.id)).cloned().collect()
    }

    /// Edits every selected touchpoint with `change`, as one undo step.
    fn edit_selected(&mut self, change: impl Fn(&mut crate::model::Touchpoint)) {
        let journey = self.journey;
        let edits: Vec<Edit> = self
            .selected_touchpoints()
            .into_iter()
            .filter_map(|before| {
                let mut after = before.clone();
                change(&mut after);
                (after != before).then(|| Edit::Touchpoint {
                    journey,
                    before: Box::new(before),
                    after: Box::new(after),
                })
            })
            .collect();
        if !edits.is_empty() {
            self.edits.push((Edit::Batch(edits), None));
        }
    }

    fn set_exchange(&mut self, make: fn(u8) -> Exchange) {
        self.edit_selected(|t| {
            let s = t.exchange.strength().max(1);
            t.exchange = make(s);
        });
    }

    fn set_strength(&mut self, s: u8) {
        self.edit_selected(|t| t.exchange = t.exchange.with_strength(s));
    }

    fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        use Command as C;
        self.doc.seal();
        match command {
            C::New => self.guard(Then::New),
            C::Open => self.guard(Then::Open(None)),
            C::Save => {
                self.save();
            }
            C::SaveAs => {
                self.save_as(None);
            }
            C::Export => self.open_export(),
            C::CopyAsPng => self.copy_as_png(ctx, self.journey, self.settings.export),
            C::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            C::Undo => {
                if !self.doc.undo() {
                    self.status = Some(("Nothing to undo".to_owned(), false));
                }
            }
            C::Redo => {
                if !self.doc.redo() {
                    self.status = Some(("Nothing to redo".to_owned(), false));
                }
            }
            C::SelectAll => self.view.selection = self.journey().touchpoints.iter().map(|t| t.id).collect(),
            C::ClearSelection => {
                self.view.selection.clear();
                self.view.editing = None;
            }
            C::Delete => {
                let ids = self.selection();
                if let Some(edit) = crate::edit::delete_touchpoints(self.journey, self.journey(), &ids) {
                    self.edits.push((edit, None));
                    self.view.selection.clear();
                }
            }
            C::Duplicate => self.duplicate_selected(),
            C::EditTitle => {
                if let [one] = self.selected_touchpoints().as_slice() {
                    self.view.start_editing(one.id, one.title.clone());
                }
            }
            C::AddTouchpoint => self.add_after_selection(),
            C::OrgGives => self.set_exchange(Exchange::OrgGives),
            C::OrgTakes => self.set_exchange(Exchange::OrgTakes),
            C::CustomerGives => self.set_exchange(Exchange::CustomerGives),
            C::CustomerTakes => self.set_exchange(Exchange::CustomerTakes),
            C::Neutral => self.edit_selected(|t| t.exchange = Exchange::Neutral),
            C::Strength1 => self.set_strength(1),
            C::Strength2 => self.set_strength(2),
            C::Strength3 => self.set_strength(3),
            C::LinkSelected => self.link_selected(),
            C::SelectLeft | C::SelectRight | C::SelectUp | C::SelectDown => {
                if let Some(layout) = self.layout() {
                    let next = canvas::neighbour(layout, &self.view.selection, command);
                    if let Some(id) = next {
                        self.view.selection = [id].into();
                        self.view.reveal = Some(id);
                    }
                }
            }
            C::ZoomIn => self.view.zoom_by(1.25),
            C::ZoomOut => self.view.zoom_by(0.8),
            C::ZoomFit => self.view.fit_pending = true,
            C::UiScaleUp => self.set_ui_scale(ctx, self.settings.ui_scale + 0.1),
            C::UiScaleDown => self.set_ui_scale(ctx, self.settings.ui_scale - 0.1),
            C::UiScaleReset => self.set_ui_scale(ctx, 1.0),
            C::ToggleTheme => {
                self.settings.dark = !self.settings.dark;
                self.save_settings();
            }
            C::Presentation => self.presentation = !self.presentation,
            C::Palette => self.palette_query = Some(String::new()),
            C::NewJourney => {
                let index = self.doc.project.journeys.len();
                let name = self.unique_journey_name("New journey");
                self.edits.push((Edit::AddJourney { index, journey: Box::new(Journey::new(name)) }, None));
                self.switch_journey(index);
            }
            C::DuplicateJourney => {
                let mut copy = self.journey().clone();
                copy.name = self.unique_journey_name(&to_be_name(&copy.name));
                let index = self.journey + 1;
                self.edits.push((Edit::AddJourney { index, journey: Box::new(copy) }, None));
                self.switch_journey(index);
            }
            C::RenameJourney => self.dialog = Some(Dialog::RenameJourney(self.journey().name.clone())),
            C::DeleteJourney => {
                if self.doc.project.journeys.len() > 1 {
                    let index = self.journey;
                    let journey = Box::new(self.journey().clone());
                    self.edits.push((Edit::RemoveJourney { index, journey }, None));
                    self.switch_journey(index.saturating_sub(1));
                } else {
                    self.status = Some(("A project keeps at least one journey".to_owned(), true));
                }
            }
            C::NextJourney => self.switch_journey((self.journey + 1) % self.doc.project.journeys.len()),
            C::PreviousJourney => {
                let n = self.doc.project.journeys.len();
                self.switch_journey((self.journey + n - 1) % n);
            }
        }
    }

    /// Writes unsaved work to the recovery file a little after the last change, and removes the
    /// file once the project is saved (or undone back to its saved state).
    fn autosave(&mut self, ctx: &egui::Context) {
        let Some(session) = &self.recovery else { return };
        let revision = self.doc.revision();
        let now = ctx.input(|i| i.time);
        if revision != self.autosave.seen_revision {
            self.autosave.seen_revision = revision;
            self.autosave.changed_at = now;
            if self.doc.is_dirty() {
                // The panic hook writes whatever is here.
                if let Ok(mut state) = PANIC_STATE.lock() {
                    *state = Some((session.clone(), self.doc.project.clone(), self.doc.path.clone()));
                }
            }
        }
        if !self.doc.is_dirty() {
            if self.autosave.written_revision.take().is_some() {
                session.discard();
            }
            if let Ok(mut state) = PANIC_STATE.lock() {
                *state = None;
            }
            return;
        }
        if self.autosave.written_revision == Some(revision) {
            return;
        }
        let due = self.autosave.changed_at + AUTOSAVE_AFTER_SECS;
        if now < due {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(due - now));
            return;
        }
        match session.write(&self.doc.project, self.doc.path.as_deref()) {
            Ok(()) => {
                self.autosave.written_revision = Some(revision);
                self.autosave.failed = false;
            }
            Err(e) => {
                // Say it once, not every frame; try again after the next change.
                self.autosave.written_revision = Some(revision);
                if !self.autosave.failed {
                    self.status = Some((format!("Autosave failed: {e}"), true));
                }
                self.autosave.failed = true;
            }
        }
    }

    fn switch_journey(&mut self, index: usize) {
        if index != self.journey {
            self.journey = index;
            self.view.selection.clear();
            self.view.editing = None;
            self.view.fit_pending = true;
        }
    }

    fn unique_journey_name(&self, base: &str) -> String {
        let taken = |n: &str| self.doc.project.journeys.iter().any(|j| j.name == n);
        if !taken(base) {
            return base.to_owned();
        }
        (2..).map(|i| format!("{base} {i}")).find(|n| !taken(n)).unwrap_or_else(|| base.to_owned())
    }

    fn set_ui_scale(&mut self, ctx: &egui::Context, scale: f32) {
        self.settings.ui_scale = (scale * 10.0).round().clamp(6.0, 30.0) / 10.0;
        ctx.set_zoom_factor(self.settings.ui_scale);
        self.status = Some((format!("Interface at {:.0} %", self.settings.ui_scale * 100.0), false));
        self.save_settings();
    }

    fn duplicate_selected(&mut self) {
        let journey = self.journey;
        let mut next = self.journey().next_id();
        let first_index = self.journey().touchpoints.len();
        let mut edits = Vec::new();
        let mut new_ids = std::collections::BTreeSet::new();
        for (index, tp) in (first_index..).zip(self.selected_touchpoints()) {
            let mut copy = tp.clone();
            copy.id = next;
            copy.title = format!("{} (copy)", tp.title);
            new_ids.insert(next);
            next = crate::model::TouchpointId(next.0 + 1);
            edits.push(Edit::AddTouchpoint { journey, index, touchpoint: Box::new(copy) });
        }
        if !edits.is_empty() {
            self.edits.push((Edit::Batch(edits), None));
            self.view.selection = new_ids;
        }
    }

    fn link_selected(&mut self) {
        let j = self.journey();
        let mut chosen: Vec<usize> = j
            .timeline()
            .into_iter()
            .filter(|&i| self.view.selection.contains(&j.touchpoints[i].id))
            .collect();
        chosen.dedup();
        let mut index = j.links.len();
        let mut edits = Vec::new();
        for pair in chosen.windows(2) {
            let link = crate::model::Link { from: j.touchpoints[pair[0]].id, to: j.touchpoints[pair[1]].id };
            if !j.links.contains(&link) {
                edits.push(Edit::AddLink { journey: self.journey, index, link });
                index += 1;
            }
        }
        if edits.is_empty() {
            self.status =
                Some(("Select two or more touchpoints to link them in time order".to_owned(), false));
        } else {
            self.edits.push((Edit::Batch(edits), None));
        }
    }

    fn add_after_selection(&mut self) {
        let Some(anchor) = self.selected_touchpoints().into_iter().max_by_key(|t| t.day) else {
            self.status = Some(("Select a touchpoint first, or double-click a cell".to_owned(), false));
            return;
        };
        let lane = self.journey().lanes.iter().position(|l| *l == anchor.lane).unwrap_or(0);
        self.view.start_new(lane, anchor.phase, anchor.day);
    }

    /// Adds a touchpoint from the canvas' title editor, as one undo step, and selects it.
    fn add_touchpoint(&mut self, lane: usize, phase: crate::model::Phase, day: u32, title: String) {
        let j = self.journey();
        let id = j.next_id();
        let lane_name = j.lanes.get(lane).cloned().unwrap_or_else(|| j.first_lane().to_owned());
        let tp = crate::model::Touchpoint::new(id, title, phase, day, lane_name);
        let index = j.touchpoints.len();
        self.edits
            .push((Edit::AddTouchpoint { journey: self.journey, index, touchpoint: Box::new(tp) }, None));
        self.view.selection = [id].into();
    }

    // ----- frame ---------------------------------------------------------------------------

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        if self.dialog.is_some() || self.palette_query.is_some() {
            return;
        }
        // Escape takes focus away from a text field before the frame starts: a field that had
        // focus last frame still counts, so its Escape cancels the typing and nothing else.
        let typing = ctx.egui_wants_keyboard_input() || self.typing_last_frame;
        let pressed = ctx.input_mut(|i| commands::take_pressed(i, typing));
        self.queued.extend(pressed);
    }

    fn sync_title(&mut self, ctx: &egui::Context) {
        let title = self.window_title();
        if title != self.title_sent {
            // Sending a viewport command repaints, so send only on change: idle stays idle.
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = title;
        }
    }

    fn handle_close(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) {
            if !self.allow_close && self.doc.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.dialog = Some(Dialog::Unsaved(Then::Quit));
            } else if let Some(session) = &self.recovery {
                // A clean close: nothing to recover next time.
                session.discard();
            }
        }
        if self.allow_close {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn menu_bar_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in Menu::ALL {
                ui.menu_button(menu.label(), |ui| {
                    for command in Command::ALL.into_iter().filter(|c| c.menu() == menu) {
                        if menu == Menu::File && command == Command::Quit {
                            self.recent_menu_ui(ui);
                            ui.separator();
                        }
                        let mut button = egui::Button::new(command.label());
                        if let Some(sc) = command.shortcut() {
                            button = button.shortcut_text(ui.ctx().format_shortcut(&sc));
                        }
                        let enabled = self.command_enabled(command);
                        if ui.add_enabled(enabled, button).on_hover_text(command.tooltip()).clicked() {
                            self.queued.push(command);
                        }
                    }
                });
            }
        });
    }

    fn recent_menu_ui(&mut self, ui: &mut egui::Ui) {
        ui.menu_button("Open recent", |ui| {
            if self.settings.recent.is_empty() {
                ui.label(RichText::new("No recent projects").weak());
            }
            for path in self.settings.recent.clone() {
                let name = path
                    .file_name()
                    .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
                if ui.button(name).on_hover_text(path.display().to_string()).clicked() {
                    self.guard(Then::Open(Some(path)));
                }
            }
        });
    }

    fn command_enabled(&self, command: Command) -> bool {
        use Command as C;
        let selected = !self.view.selection.is_empty();
        match command {
            C::Undo => self.doc.can_undo(),
            C::Redo => self.doc.can_redo(),
            C::Delete
            | C::Duplicate
            | C::OrgGives
            | C::OrgTakes
            | C::CustomerGives
            | C::CustomerTakes
            | C::Neutral => selected,
            C::Strength1 | C::Strength2 | C::Strength3 | C::AddTouchpoint => selected,
            C::EditTitle => self.view.selection.len() == 1,
            C::LinkSelected => self.view.selection.len() >= 2,
            C::DeleteJourney | C::NextJourney | C::PreviousJourney => self.doc.project.journeys.len() > 1,
            _ => true,
        }
    }

    fn tabs_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            let names: Vec<String> = self.doc.project.journeys.iter().map(|j| j.name.clone()).collect();
            for (i, name) in names.iter().enumerate() {
                let tab = ui.selectable_label(i == self.journey, RichText::new(name).strong());
                if tab.clicked() {
                    self.switch_journey(i);
                }
                if tab.double_clicked() {
                    self.queued.push(Command::RenameJourney);
                }
                tab.context_menu(|ui| {
                    for c in [Command::RenameJourney, Command::DuplicateJourney, Command::DeleteJourney] {
                        if ui.button(c.label()).clicked() {
                            self.switch_journey(i);
                            self.queued.push(c);
                        }
                    }
                });
            }
            if ui.button("+").on_hover_text(Command::NewJourney.tooltip()).clicked() {
                self.queued.push(Command::NewJourney);
            }
            if ui.button("Duplicate as to-be").on_hover_text(Command::DuplicateJourney.tooltip()).clicked() {
                self.queued.push(Command::DuplicateJourney);
            }
        });
    }

    fn status_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let n = self.journey().touchpoints.len();
            ui.label(format!("{n} touchpoints"));
            ui.separator();
            ui.label(format!("{} selected", self.view.selection.len()));
            ui.separator();
            ui.label(format!("zoom {:.0} %", self.view.zoom() * 100.0));
            ui.separator();
            if let Some((text, error)) = &self.status {
                let color = if *error {
                    Palette::of(self.settings.dark).org_takes
                } else {
                    ui.visuals().text_color()
                };
                ui.label(RichText::new(text).color(color));
            } else {
                ui.label(
                    RichText::new(
                        "Double-click a cell to add a touchpoint · G/T org gives/takes · Ctrl+K commands",
                    )
                    .weak(),
                );
            }
        });
    }

    fn dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = self.dialog.take() else { return };
        let mut keep = dialog.clone();
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique("rapport_dialog")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            match dialog {
                Dialog::Unsaved(then) => {
                    ui.heading("Save changes?");
                    ui.label(format!("“{}” has changes that are not saved.", self.doc.project.name));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            close = true;
                            match self.doc.path.clone() {
                                Some(p) => {
                                    if self.save_to(&p) {
                                        self.proceed(then.clone());
                                    }
                                }
                                // Save as runs `then` itself once a path is chosen and saved.
                                None => {
                                    self.save_as(Some(then.clone()));
                                }
                            }
                        }
                        if ui.button("Don't save").clicked() {
                            close = true;
                            self.proceed(then.clone());
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::Path { purpose, mut text, then } => {
                    ui.heading(if purpose == PathPurpose::Open { "Open project" } else { "Save project as" });
                    ui.label("No file dialog is available on this system. Type the file's path:");
                    let enter = entered_field(ui, &mut text, "Path", 400.0, true);
                    keep = Dialog::Path { purpose, text: text.clone(), then: then.clone() };
                    ui.horizontal(|ui| {
                        let ok =
                            ui.button(if purpose == PathPurpose::Open { "Open" } else { "Save" }).clicked();
                        if ok || enter {
                            close = true;
                            let path = PathBuf::from(text.trim());
                            match purpose {
                                PathPurpose::Open => self.open_path(&path),
                                PathPurpose::SaveAs => {
                                    if self.save_to(&path)
                                        && let Some(then) = then.clone()
                                    {
                                        self.proceed(then);
                                    }
                                }
                            }
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::RenameJourney(mut name) => {
                    ui.heading("Rename journey");
                    let enter = entered_field(ui, &mut name, "Journey name", 280.0, true);
                    keep = Dialog::RenameJourney(name.clone());
                    let taken = self
                        .doc
                        .project
                        .journeys
                        .iter()
                        .enumerate()
                        .any(|(i, j)| i != self.journey && j.name == name.trim());
                    if taken {
                        ui.label(
                            RichText::new("Another journey already has this name")
                                .color(Palette::of(self.settings.dark).org_takes),
                        );
                    }
                    ui.horizontal(|ui| {
                        let ok = ui
                            .add_enabled(!taken && !name.trim().is_empty(), egui::Button::new("Rename"))
                            .clicked();
                        if (ok || enter) && !taken && !name.trim().is_empty() {
                            close = true;
                            let before = JourneyMeta::of(self.journey());
                            let after = JourneyMeta { name: name.trim().to_owned(), ..before.clone() };
                            if after != before {
                                self.edits
                                    .push((Edit::JourneyMeta { journey: self.journey, before, after }, None));
                            }
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::Recover(mut entries) => {
                    let entry = entries.remove(0);
                    ui.heading("Restore unsaved work?");
                    let from = entry.source.as_deref().map_or_else(
                        || "a project that was never saved".to_owned(),
                        |p| p.display().to_string(),
                    );
                    ui.label(format!(
                        "Rapport closed before “{}” was saved. The work was kept {}: {} touchpoints, from {from}.",
                        entry.project,
                        entry.age(std::time::SystemTime::now()),
                        entry.touchpoints
                    ));
                    ui.add_space(8.0);
                    let mut handled = false;
                    ui.horizontal(|ui| {
                        if ui.button("Restore").clicked() {
                            handled = true;
                            match Session::load(&entry) {
                                Ok(project) => {
                                    self.replace_document(Document::restored(project, entry.source.clone()));
                                    self.disk_fingerprint = entry.source.as_deref().and_then(store::fingerprint);
                                    self.status = Some((
                                        format!("Restored “{}” — save it to keep it", entry.project),
                                        false,
                                    ));
                                    // Keep it safe under this session first, then drop the old file.
                                    self.autosave.seen_revision = u64::MAX;
                                    if let Some(s) = &self.recovery
                                        && s.write(&self.doc.project, self.doc.path.as_deref()).is_ok()
                                    {
                                        self.autosave.written_revision = Some(self.doc.revision());
                                        s.discard_entry(&entry);
                                    }
                                }
                                Err(e) => {
                                    self.status = Some((format!("Could not restore: {e}"), true));
                                }
                            }
                        }
                        if ui.button("Discard").on_hover_text("Delete the kept work for good").clicked() {
                            handled = true;
                            if let Some(s) = &self.recovery {
                                s.discard_entry(&entry);
                            }
                        }
                        if ui.button("Not now").on_hover_text("Ask again at the next start").clicked() {
                            handled = true;
                        }
                    });
                    if handled {
                        close = true;
                        if !entries.is_empty() {
                            self.dialog = Some(Dialog::Recover(entries));
                        }
                    } else {
                        entries.insert(0, entry);
                        keep = Dialog::Recover(entries);
                    }
                }
                Dialog::ChangedOnDisk(path) => {
                    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
                    ui.heading(format!("{name} changed on disk"));
                    ui.label("Another program (git pull, another editor) changed this file since Rapport opened or saved it.");
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Overwrite").on_hover_text("Replace their version with yours").clicked() {
                            close = true;
                            self.save_to(&path);
                        }
                        if ui.button("Save as…").on_hover_text("Keep both: save yours under another name").clicked() {
                            close = true;
                            self.save_as(None);
                        }
                        if ui.button("Reload").on_hover_text("Discard your changes and open their version").clicked() {
                            close = true;
                            self.open_path(&path);
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::Export(mut form) => {
                    ui.set_max_width(520.0);
                    close = self.export_dialog_ui(ui, &mut form);
                    keep = Dialog::Export(form);
                }
                Dialog::Message { title, text } => {
                    ui.heading(title);
                    ui.label(text);
                    if ui.button("OK").clicked() {
                        close = true;
                    }
                }
            }
        });
        // An action may have opened another dialog (Save → no file dialog → path field).
        if !(close || modal.should_close()) && self.dialog.is_none() {
            self.dialog = Some(keep);
        }
    }

    fn palette_ui(&mut self, ctx: &egui::Context) {
        let Some(mut query) = self.palette_query.take() else { return };
        let mut chosen = None;
        let mut open = true;
        let modal = egui::Modal::new(egui::Id::unique("rapport_palette")).show(ctx, |ui| {
            ui.set_width(420.0);
            let r = ui
                .add(egui::TextEdit::singleline(&mut query).hint_text("Type a command…").desired_width(400.0))
                .labelled_by(ui.label("Command").id);
            r.request_focus();
            let mut ranked: Vec<(i32, Command)> = Command::ALL
                .into_iter()
                .filter(|c| self.command_enabled(*c))
                .filter_map(|c| commands::fuzzy_score(&query, c.label()).map(|s| (s, c)))
                .collect();
            ranked.sort_by_key(|(s, _)| -s);
            if ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                chosen = ranked.first().map(|(_, c)| *c);
            }
            egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                for (_, c) in ranked.iter().take(12) {
                    let shortcut = c.shortcut().map(|s| ui.ctx().format_shortcut(&s)).unwrap_or_default();
                    if ui
                        .add(egui::Button::new(c.label()).shortcut_text(shortcut).frame(false))
                        .on_hover_text(c.tooltip())
                        .clicked()
                    {
                        chosen = Some(*c);
                    }
                }
            });
        });
        if modal.should_close() {
            open = false;
        }
        if let Some(c) = chosen {
            self.queued.push(c);
            open = false;
        }
        if open {
            self.palette_query = Some(query);
        }
    }
}

fn to_be_name(name: &str) -> String {
    let lower = name.to_lowercase();
    if lower.starts_with("as-is") || lower.starts_with("as is") {
        "To-be".to_owned()
    } else {
        format!("{name} (copy)")
    }
}

impl eframe::App for RapportApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }
}

impl RapportApp {
    /// One frame of the whole workbench in `ui` (what eframe calls; benchmarks call it bare).
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        ctx.set_theme(if self.settings.dark { egui::Theme::Dark } else { egui::Theme::Light });
        if (ctx.zoom_factor() - self.settings.ui_scale).abs() > f32::EPSILON {
            ctx.set_zoom_factor(self.settings.ui_scale);
        }
        self.handle_shortcuts(&ctx);
        self.refresh_derived();
        let palette = *Palette::of(self.settings.dark);

        if !self.presentation {
            egui::Panel::top("menu").show(ui, |ui| self.menu_bar_ui(ui));
        }
        egui::Panel::top("tabs").show(ui, |ui| self.tabs_ui(ui));
        if !self.presentation {
            egui::Panel::bottom("status").show(ui, |ui| self.status_bar_ui(ui));
        }
        let derived = self.derived.take();
        if let Some(d) = &derived {
            let width = if self.presentation { 420.0 } else { 340.0 };
            egui::Panel::right("scores").default_size(width).min_size(260.0).show(ui, |ui| {
                let picked =
                    panels::scores_ui(ui, &d.analysis, &palette, self.presentation, &self.view.selection);
                if let Some(ids) = picked {
                    self.view.selection = ids.iter().copied().collect();
                    self.view.frame = Some(ids);
                }
            });
            if !self.presentation {
                egui::Panel::left("inspector").default_size(290.0).min_size(240.0).show(ui, |ui| {
                    let journey = &self.doc.project.journeys[d.journey];
                    let out =
                        panels::inspector_ui(ui, self.journey, journey, &self.view.selection, &d.analysis);
                    self.edits.extend(out.edits);
                    if let Some(c) = out.command {
                        self.queued.push(c);
                    }
                });
            }
            egui::CentralPanel::default().frame(egui::Frame::NONE.fill(palette.canvas)).show(ui, |ui| {
                let journey = &self.doc.project.journeys[d.journey];
                let out = self.view.ui(ui, d.journey, journey, &d.layout, &d.analysis, &palette);
                self.edits.extend(out.edits.into_iter().map(|e| (e, None)));
                if let Some((lane, phase, day, title)) = out.add {
                    self.add_touchpoint(lane, phase, day, title);
                }
            });
        }
        self.derived = derived;

        self.dialog_ui(&ctx);
        self.palette_ui(&ctx);
        for command in std::mem::take(&mut self.queued) {
            self.run_command(&ctx, command);
        }
        self.apply_edits();
        self.autosave(&ctx);
        self.handle_close(&ctx);
        self.sync_title(&ctx);
        self.typing_last_frame = ctx.egui_wants_keyboard_input();
        if !self.edits.is_empty() || !self.queued.is_empty() {
            ctx.request_repaint();
        }
    }
}
