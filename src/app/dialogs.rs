//! The workbench's own dialogs. Each is a small view: it draws, keeps its own state, and returns
//! a [`DialogAction`] for the shell to carry out after the frame's UI — no file is read or
//! written inside a modal.

use std::path::{Path, PathBuf};

use egui::RichText;

use super::RapportApp;
use super::effects::Expect;
use super::export_form::{ExportAction, ExportForm};
use super::theme::Palette;
use crate::edit::Document;
use crate::edit::build::{self, NameProblem};
use crate::recovery::{Entry, Session};
use crate::store;

pub(super) use super::effects::Then;
pub(super) use super::typed::{PathField, PathPurpose, select_all};

/// A dialog drawn by the app itself.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Dialog {
    Unsaved(Then),
    /// Quitting with the room open and nothing unsaved: the phones are about to be told.
    QuitRoom,
    /// Writing a review comment (DESIGN.md §18).
    Comment(super::composer::Composer),
    Path {
        purpose: PathPurpose,
        field: PathField,
        then: Option<Then>,
    },
    RenameJourney {
        index: usize,
        name: String,
        shown: bool,
    },
    RenameProject {
        name: String,
        shown: bool,
    },
    Timer {
        text: String,
        shown: bool,
    },
    Message {
        title: String,
        text: String,
    },
    Recover(Vec<Entry>),
    ChangedOnDisk(PathBuf, Option<Then>),
    Replace(PathBuf, Option<Then>),
    Export(ExportForm),
}

/// What a dialog asks the shell to do.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum DialogAction {
    /// Save (asking where if needed), then go on.
    SaveThen(Then),
    /// Go on without saving.
    Proceed(Then),
    /// Open this file.
    Open(PathBuf),
    /// Import the touchpoints of this table.
    Import(PathBuf),
    /// Save to this file, then go on.
    SaveTo(PathBuf, Option<Then>),
    /// Rename a journey.
    RenameJourney(usize, String),
    /// Rename the project.
    RenameProject(String),
    /// Restore kept work; the remaining entries are asked about next.
    Restore(Entry, Vec<Entry>),
    /// Delete kept work for good.
    Discard(Entry, Vec<Entry>),
    /// Ask about the next kept work.
    NotNow(Vec<Entry>),
    /// Write ours over the file (changed on disk, or another file of that name), then go on.
    Overwrite(PathBuf, Option<Then>),
    /// Keep both: save ours elsewhere, then go on.
    SaveAs(Option<Then>),
    /// Take their version.
    Reload(PathBuf),
    /// Export, copy or ask where to export.
    Export(ExportForm, ExportAction),
    /// Start a countdown of so many seconds.
    StartTimer(f64),
    /// Post a review comment.
    PostComment(super::composer::Composer),
}

/// How a dialog's view ends this frame.
enum Outcome {
    Keep,
    Close,
    Act(DialogAction),
}

impl RapportApp {
    /// Draws the open dialog; returns what it asked for.
    pub(super) fn dialog_ui(&mut self, ctx: &egui::Context) -> Option<DialogAction> {
        let mut dialog = self.chrome.dialog.take()?;
        let mut outcome = Outcome::Keep;
        let warning = Palette::of(self.settings.theme()).worse;
        let modal = egui::Modal::new(egui::Id::unique("rapport_dialog")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            outcome = match &mut dialog {
                Dialog::Unsaved(then) => {
                    let notes = self.unsaved_notes(then);
                    unsaved_ui(ui, &self.files.doc.project().name, then, &notes)
                }
                Dialog::QuitRoom => {
                    quit_room_ui(ui, self.facilitator.room.as_ref().map_or(0, |r| r.participants()))
                }
                Dialog::Comment(composer) => {
                    let title = self.composer_title(&composer.what);
                    match super::composer::composer_ui(ui, composer, &title) {
                        None => Outcome::Keep,
                        Some(super::composer::Posted::Cancel) => Outcome::Close,
                        Some(super::composer::Posted::Post) => {
                            Outcome::Act(DialogAction::PostComment(composer.clone()))
                        }
                    }
                }
                Dialog::Path { purpose, field, then } => path_ui(ui, *purpose, field, then),
                Dialog::RenameJourney { index, name, shown } => {
                    rename_journey_ui(ui, &self.files.doc, *index, name, shown, warning)
                }
                Dialog::RenameProject { name, shown } => rename_project_ui(ui, name, shown),
                Dialog::Timer { text, shown } => timer_ui(ui, text, shown),
                Dialog::Recover(entries) => recover_ui(ui, entries),
                Dialog::ChangedOnDisk(path, then) => {
                    changed_on_disk_ui(ui, path, then, self.files.doc.is_dirty())
                }
                Dialog::Replace(path, then) => replace_ui(ui, path, then),
                Dialog::Export(form) => match self.export_dialog_ui(ui, form) {
                    Some(ExportAction::Cancel) => Outcome::Close,
                    Some(action) => Outcome::Act(DialogAction::Export(form.clone(), action)),
                    None => Outcome::Keep,
                },
                Dialog::Message { title, text } => message_ui(ui, title, text),
            };
        });
        let action = match outcome {
            Outcome::Keep if !modal.should_close() => {
                self.chrome.dialog = Some(dialog);
                None
            }
            Outcome::Keep | Outcome::Close => None,
            Outcome::Act(action) => Some(action),
        };
        if self.chrome.dialog.is_none() {
            self.chrome.dialog = self.chrome.next_dialogs.pop_front();
        }
        action
    }

    /// Carries out what a dialog asked for.
    pub(super) fn dialog_action(&mut self, ctx: &egui::Context, action: DialogAction) {
        match action {
            // The same save as Ctrl+S: a file changed on disk is asked about, then `then` goes on.
            // Quitting closes the room first, so that what it answered last is saved (or not)
            // with the rest.
            DialogAction::SaveThen(then) => {
                if then == Then::Quit {
                    self.close_room();
                }
                self.save(Some(then));
            }
            DialogAction::Proceed(then) => {
                if then == Then::Quit {
                    self.close_room();
                }
                self.proceed(then);
            }
            DialogAction::Open(path) => self.open_path(&path),
            DialogAction::Import(path) => self.start_import(path),
            DialogAction::SaveTo(path, then) => self.save_typed(&path, then),
            DialogAction::RenameJourney(index, name) => {
                if let Ok(Some(edit)) = build::rename_journey(self.files.doc.project(), index, &name) {
                    self.apply_edit(edit, None);
                }
            }
            DialogAction::RenameProject(name) => {
                if let Some(edit) = build::rename_project(self.files.doc.project(), &name) {
                    self.apply_edit(edit, None);
                }
            }
            DialogAction::Restore(entry, rest) => {
                self.restore(&entry);
                self.ask_next_recovery(rest);
            }
            DialogAction::Discard(entry, rest) => {
                if let Some(s) = &self.files.recovery {
                    s.discard_entry(&entry);
                }
                self.ask_next_recovery(rest);
            }
            DialogAction::NotNow(rest) => self.ask_next_recovery(rest),
            DialogAction::Overwrite(path, then) => self.start_save(&path, Expect::Anything, then),
            DialogAction::SaveAs(then) => self.save_as(then),
            DialogAction::Reload(path) => self.open_path(&path),
            DialogAction::Export(form, action) => self.export_action(form, action),
            DialogAction::StartTimer(seconds) => self.start_timer(ctx, seconds),
            DialogAction::PostComment(composer) => self.post_comment(composer),
        }
    }

    /// What the unsaved-changes dialog adds: that quitting closes an open room, and how many
    /// of the tray's proposals are not in the file yet.
    fn unsaved_notes(&self, then: &Then) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some(room) = &self.facilitator.room
            && *then == Then::Quit
        {
            let n = room.participants();
            notes.push(format!(
                "The room is open with {n} participant{}: quitting closes it, and their phones say so.",
                if n == 1 { "" } else { "s" }
            ));
        }
        let unsaved = self.files.doc.unsaved_proposals();
        if unsaved > 0 {
            notes.push(format!(
                "{unsaved} proposal{} from the room {} not saved yet.",
                if unsaved == 1 { "" } else { "s" },
                if unsaved == 1 { "is" } else { "are" }
            ));
        }
        notes
    }

    fn ask_next_recovery(&mut self, rest: Vec<Entry>) {
        if !rest.is_empty() {
            self.chrome.show_dialog(Dialog::Recover(rest));
        }
    }

    fn restore(&mut self, entry: &Entry) {
        match Session::load(entry) {
            Ok(mut project) => {
                // What the room answered after the last autosave is in its journal: replay it.
                let merged =
                    entry.room_journal.as_deref().and_then(|path| crate::room::journal::read(path).ok()).map(
                        |read| crate::room::journal::merge(&mut project, &read.arrivals, entry.room_seq),
                    );
                self.replace_document(Document::restored(project, entry.source.clone()));
                self.files.disk_fingerprint = entry.source.as_deref().and_then(store::fingerprint);
                let from_room = match merged {
                    Some(m) if m.proposals + m.moved_to_first_journey + m.answers > 0 => format!(
                        ", with {} proposal{} and {} answer{} from the room's journal",
                        m.proposals + m.moved_to_first_journey,
                        if m.proposals + m.moved_to_first_journey == 1 { "" } else { "s" },
                        m.answers,
                        if m.answers == 1 { "" } else { "s" }
                    ),
                    _ => String::new(),
                };
                self.chrome.say(format!("Restored “{}”{from_room} — save it to keep it", entry.project));
                // Keep it safe under this session first, then drop the old file.
                self.files.autosave.seen_revision = u64::MAX;
                if let Some(s) = &self.files.recovery
                    && s.write(self.files.doc.project(), self.files.doc.path.as_deref()).is_ok()
                {
                    self.files.autosave.written_revision = Some(self.files.doc.revision());
                    s.discard_entry(entry);
                }
            }
            Err(e) => self.chrome.warn(format!("Could not restore: {e}")),
        }
    }
}

fn unsaved_ui(ui: &mut egui::Ui, project: &str, then: &Then, notes: &[String]) -> Outcome {
    ui.heading("Save changes?");
    ui.label(format!("“{project}” has changes that are not saved."));
    for note in notes {
        ui.label(note);
    }
    ui.add_space(8.0);
    let mut outcome = Outcome::Keep;
    ui.horizontal(|ui| {
        if ui.button("Save").clicked() {
            outcome = Outcome::Act(DialogAction::SaveThen(then.clone()));
        }
        if ui.button("Don't save").clicked() {
            outcome = Outcome::Act(DialogAction::Proceed(then.clone()));
        }
        if ui.button("Cancel").clicked() {
            outcome = Outcome::Close;
        }
    });
    outcome
}

fn quit_room_ui(ui: &mut egui::Ui, participants: usize) -> Outcome {
    ui.heading("Close the room and quit?");
    ui.label(format!(
        "The room is open with {participants} participant{}: quitting closes it, and their phones say so. \
         What they sent is in the project.",
        if participants == 1 { "" } else { "s" }
    ));
    ui.add_space(8.0);
    let mut outcome = Outcome::Keep;
    ui.horizontal(|ui| {
        if ui.button("Close the room and quit").clicked() {
            outcome = Outcome::Act(DialogAction::Proceed(Then::Quit));
        }
        if ui.button("Cancel").clicked() {
            outcome = Outcome::Close;
        }
    });
    outcome
}

fn path_ui(ui: &mut egui::Ui, purpose: PathPurpose, field: &mut PathField, then: &Option<Then>) -> Outcome {
    let (heading, button) = match purpose {
        PathPurpose::Open => ("Open project", "Open"),
        PathPurpose::SaveAs => ("Save project as", "Save"),
        PathPurpose::Import => ("Import touchpoints", "Import"),
    };
    ui.heading(heading);
    ui.label("No file dialog is available on this system. Type the file's name or its full path:");
    let enter = field.ui(ui, "Path");
    let mut outcome = Outcome::Keep;
    ui.horizontal(|ui| {
        let ok = ui.button(button).clicked();
        if (ok || enter)
            && let Some(path) = field.path()
        {
            outcome = Outcome::Act(match purpose {
                PathPurpose::Open => DialogAction::Open(path),
                PathPurpose::SaveAs => DialogAction::SaveTo(path, then.clone()),
                PathPurpose::Import => DialogAction::Import(path),
            });
        }
        if ui.button("Cancel").clicked() {
            outcome = Outcome::Close;
        }
    });
    outcome
}

/// A one-line name field that takes the focus and selects its text when it first appears.
/// Returns true when Enter was pressed in it.
fn name_field(ui: &mut egui::Ui, label: &str, name: &mut String, shown: &mut bool) -> bool {
    let id = ui.make_persistent_id(("name_field", label));
    let entered = ui.memory(|m| m.has_focus(id)) && ui.input(|i| i.key_pressed(egui::Key::Enter));
    ui.horizontal(|ui| {
        let l = ui.label(label);
        let r = ui.add(egui::TextEdit::singleline(name).id(id).desired_width(300.0)).labelled_by(l.id);
        if !*shown {
            *shown = true;
            r.request_focus();
            select_all(ui.ctx(), id, name);
        } else if ui.memory(|m| m.focused().is_none()) {
            r.request_focus();
        }
    });
    entered
}

fn rename_journey_ui(
    ui: &mut egui::Ui,
    doc: &Document,
    index: usize,
    name: &mut String,
    shown: &mut bool,
    warning: egui::Color32,
) -> Outcome {
    ui.heading("Rename journey");
    let enter = name_field(ui, "Journey name", name, shown);
    let problem = build::rename_journey(doc.project(), index, name).err();
    if problem == Some(NameProblem::Taken) {
        ui.label(RichText::new("Another journey already has this name").color(warning));
    }
    let mut outcome = Outcome::Keep;
    ui.horizontal(|ui| {
        let ok = ui.add_enabled(problem.is_none(), egui::Button::new("Rename")).clicked();
        if (ok || enter) && problem.is_none() {
            outcome = Outcome::Act(DialogAction::RenameJourney(index, name.clone()));
        }
        if ui.button("Cancel").clicked() {
            outcome = Outcome::Close;
        }
    });
    outcome
}

fn rename_project_ui(ui: &mut egui::Ui, name: &mut String, shown: &mut bool) -> Outcome {
    ui.heading("Rename project");
    ui.label(RichText::new("The name heads the window, every export and the command line's reports.").weak());
    let enter = name_field(ui, "Project name", name, shown);
    let ok_name = !name.trim().is_empty();
    let mut outcome = Outcome::Keep;
    ui.horizontal(|ui| {
        let ok = ui.add_enabled(ok_name, egui::Button::new("Rename")).clicked();
        if (ok || enter) && ok_name {
            outcome = Outcome::Act(DialogAction::RenameProject(name.clone()));
        }
        if ui.button("Cancel").clicked() {
            outcome = Outcome::Close;
        }
    });
    outcome
}

fn timer_ui(ui: &mut egui::Ui, text: &mut String, shown: &mut bool) -> Outcome {
    ui.heading("Start a timer");
    let mut outcome = Outcome::Keep;
    ui.horizontal(|ui| {
        for minutes in [5.0, 10.0, 15.0] {
            if ui.button(egui::RichText::new(format!("{minutes:.0} min")).size(18.0)).clicked() {
                outcome = Outcome::Act(DialogAction::StartTimer(minutes * 60.0));
            }
        }
    });
    ui.add_space(6.0);
    let enter = name_field(ui, "Or type how long", text, shown);
    let parsed = super::timer::parse_duration(text);
    ui.label(
        RichText::new(match parsed {
            Some(secs) => format!("{}:{:02}", secs as u64 / 60, secs as u64 % 60),
            None if text.trim().is_empty() => "minutes, or 7:30, 90s, 1h 15m".to_owned(),
            None => "not a duration: try 7, 7:30, 90s or 1h 15m".to_owned(),
        })
        .weak(),
    );
    ui.horizontal(|ui| {
        let ok = ui.add_enabled(parsed.is_some(), egui::Button::new("Start")).clicked();
        if (ok || enter)
            && let Some(secs) = parsed
        {
            outcome = Outcome::Act(DialogAction::StartTimer(secs));
        }
        if ui.button("Cancel").clicked() {
            outcome = Outcome::Close;
        }
    });
    outcome
}

fn recover_ui(ui: &mut egui::Ui, entries: &[Entry]) -> Outcome {
    let Some((entry, rest)) = entries.split_first() else { return Outcome::Close };
    ui.heading("Restore unsaved work?");
    let from = entry
        .source
        .as_deref()
        .map_or_else(|| "a project that was never saved".to_owned(), |p| p.display().to_string());
    ui.label(format!(
        "Rapport closed before “{}” was saved. The work was kept {}: {} touchpoints, from {from}.",
        entry.project,
        entry.age(std::time::SystemTime::now()),
        entry.touchpoints
    ));
    if let Some(said) = journal_says(ui, entry) {
        ui.label(said);
    }
    ui.add_space(8.0);
    let mut outcome = Outcome::Keep;
    let rest = rest.to_vec();
    ui.horizontal(|ui| {
        if ui.button("Restore").clicked() {
            outcome = Outcome::Act(DialogAction::Restore(entry.clone(), rest.clone()));
        }
        if ui.button("Discard").on_hover_text("Delete the kept work for good").clicked() {
            outcome = Outcome::Act(DialogAction::Discard(entry.clone(), rest.clone()));
        }
        if ui.button("Not now").on_hover_text("Ask again at the next start").clicked() {
            outcome = Outcome::Act(DialogAction::NotNow(rest.clone()));
        }
    });
    outcome
}

/// What the session's room journal holds beyond the kept work ("The room's journal holds 12
/// proposals and 3 answers, restored with it."), read once per entry.
fn journal_says(ui: &egui::Ui, entry: &Entry) -> Option<String> {
    let path = entry.room_journal.as_deref()?;
    let id = ui.make_persistent_id(("journal_says", path, entry.room_seq));
    if let Some(said) = ui.data(|d| d.get_temp::<Option<String>>(id)) {
        return said;
    }
    let said = crate::room::journal::read(path).ok().and_then(|read| {
        let later = read.arrivals.iter().filter(|a| a.seq > entry.room_seq);
        let (mut proposals, mut answers) = (0, 0);
        for a in later {
            match a.what {
                crate::room::Arrived::Proposal(_) => proposals += 1,
                _ => answers += 1,
            }
        }
        (proposals + answers > 0).then(|| {
            format!(
                "The room's journal holds {proposals} proposal{} and {answers} answer{} sent after that, restored with it.",
                if proposals == 1 { "" } else { "s" },
                if answers == 1 { "" } else { "s" }
            )
        })
    });
    ui.data_mut(|d| d.insert_temp(id, said.clone()));
    said
}

fn changed_on_disk_ui(ui: &mut egui::Ui, path: &Path, then: &Option<Then>, dirty: bool) -> Outcome {
    ui.heading(format!("{} changed on disk", super::display_name(path)));
    ui.label(
        "Another program (git pull, another editor) changed this file since Rapport opened or saved it.",
    );
    if dirty {
        ui.label(RichText::new("Reload throws away the changes you have not saved here.").strong());
    }
    ui.add_space(8.0);
    let mut outcome = Outcome::Keep;
    ui.horizontal(|ui| {
        if ui.button("Overwrite").on_hover_text("Replace their version with yours").clicked() {
            outcome = Outcome::Act(DialogAction::Overwrite(path.to_owned(), then.clone()));
        }
        if ui.button("Save as…").on_hover_text("Keep both: save yours under another name").clicked() {
            outcome = Outcome::Act(DialogAction::SaveAs(then.clone()));
        }
        if ui.button("Reload").on_hover_text("Discard your changes and open their version").clicked() {
            outcome = Outcome::Act(DialogAction::Reload(path.to_owned()));
        }
        if ui.button("Cancel").clicked() {
            outcome = Outcome::Close;
        }
    });
    outcome
}

fn replace_ui(ui: &mut egui::Ui, path: &Path, then: &Option<Then>) -> Outcome {
    ui.heading(format!("Replace {}?", super::display_name(path)));
    ui.label(format!("A file of that name is already in {}.", path.parent().unwrap_or(path).display()));
    ui.add_space(8.0);
    let mut outcome = Outcome::Keep;
    ui.horizontal(|ui| {
        if ui.button("Replace").on_hover_text("Write the project over that file").clicked() {
            outcome = Outcome::Act(DialogAction::Overwrite(path.to_owned(), then.clone()));
        }
        if ui.button("Save as…").on_hover_text("Choose another name").clicked() {
            outcome = Outcome::Act(DialogAction::SaveAs(then.clone()));
        }
        if ui.button("Cancel").clicked() {
            outcome = Outcome::Close;
        }
    });
    outcome
}

fn message_ui(ui: &mut egui::Ui, title: &str, text: &str) -> Outcome {
    ui.heading(title);
    ui.label(text);
    let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
    if ui.button("OK").clicked() || enter { Outcome::Close } else { Outcome::Keep }
}
