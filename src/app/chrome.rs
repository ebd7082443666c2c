//! The workbench's chrome: the menu bar, the journey tabs, the status bar and the command
//! palette. All of them read the one command list and only queue commands.

use egui::RichText;

use super::RapportApp;
use super::commands::{self, Command, Menu};
use super::dialogs::Dialog;
use super::theme::{self, Palette};

/// What the chrome holds between frames: the status line, the dialog open and those waiting,
/// the palette, and what the window, the theme and the screen reader were last told.
#[derive(Default)]
pub(super) struct Chrome {
    /// The dialog open, if any.
    pub(super) dialog: Option<Dialog>,
    /// Dialogs waiting for the one open to close.
    pub(super) next_dialogs: std::collections::VecDeque<Dialog>,
    /// The command palette, while open: what is typed, and the line picked with ↑/↓.
    pub(super) palette_query: Option<PaletteState>,
    /// The status line: the message and whether it is an error.
    pub(super) status: Option<(String, bool)>,
    /// The revision the status line was said at: a change of the project makes it stale.
    pub(super) status_revision: u64,
    /// The window title last sent.
    pub(super) title_sent: String,
    /// The theme last sent to egui.
    pub(super) theme_sent: Option<theme::Theme>,
    /// A widget other than a card had the keyboard last frame.
    pub(super) typing_last_frame: bool,
    /// The scores a screen reader last heard, and what it was told when they changed.
    pub(super) announced: Option<(usize, String, String, String)>,
    /// The last change of score a screen reader was told of.
    pub(super) announcement: String,
}

impl Chrome {
    /// Shows a dialog now, or after the one open (a dialog never hides another).
    pub(super) fn show_dialog(&mut self, dialog: Dialog) {
        if self.dialog.is_none() {
            self.dialog = Some(dialog);
        } else {
            self.next_dialogs.push_back(dialog);
        }
    }

    /// Says something in the status line.
    pub(super) fn say(&mut self, text: impl Into<String>) {
        self.status = Some((text.into(), false));
    }

    /// Says what went wrong in the status line.
    pub(super) fn warn(&mut self, text: impl Into<String>) {
        self.status = Some((text.into(), true));
    }
}

impl RapportApp {
    pub(super) fn menu_bar_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in Menu::ALL {
                ui.menu_button(menu.label(), |ui| {
                    for &command in Command::ALL.iter().filter(|c| c.menu() == menu) {
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
                            self.actions.command(command);
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
                    // Opened by the shell after the frame, never inside the menu.
                    self.actions.send(super::queue::Action::OpenRecent(path));
                }
            }
        });
    }

    /// Whether a command can do anything now (menus grey it out otherwise).
    pub(super) fn command_enabled(&self, command: Command) -> bool {
        use Command as C;
        let selected = !self.view.selection.is_empty();
        if matches!(command, C::PresentNext | C::PresentPrevious | C::PresentWhole) {
            return self.facilitator.presentation || self.compare.is_some();
        }
        if self.compare.is_some() && command.canvas_only() {
            return false;
        }
        match command {
            C::Undo => self.files.doc.can_undo(),
            C::Redo => self.files.doc.can_redo(),
            C::Delete
            | C::Duplicate
            | C::OrgGives
            | C::OrgTakes
            | C::CustomerGives
            | C::CustomerTakes
            | C::Neutral
            | C::Strength1
            | C::Strength2
            | C::Strength3
            | C::MoveLaneUp
            | C::MoveLaneDown
            | C::MovePhaseLeft
            | C::MovePhaseRight
            | C::FeelingUp
            | C::FeelingDown => selected,
            C::EditTitle => self.view.selection.len() == 1,
            C::LinkSelected => self.view.selection.len() >= 2,
            C::DeleteJourney | C::NextJourney | C::PreviousJourney => {
                self.files.doc.project().journeys.len() > 1
            }
            C::TimerPause | C::TimerStop => self.facilitator.timer.is_some(),
            _ => true,
        }
    }

    pub(super) fn tabs_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            let names: Vec<String> =
                self.files.doc.project().journeys.iter().map(|j| j.name.clone()).collect();
            for (i, name) in names.iter().enumerate() {
                let tab = ui.selectable_label(i == self.journey, RichText::new(name).strong());
                if tab.clicked() {
                    self.switch_journey(i);
                }
                if tab.double_clicked() {
                    self.actions.command(Command::RenameJourney);
                }
                tab.context_menu(|ui| {
                    for c in [Command::RenameJourney, Command::DuplicateJourney, Command::DeleteJourney] {
                        if ui.add_enabled(self.command_enabled(c), egui::Button::new(c.label())).clicked() {
                            self.switch_journey(i);
                            self.actions.command(c);
                        }
                    }
                });
            }
            if ui.button("+").on_hover_text(Command::NewJourney.tooltip()).clicked() {
                self.actions.command(Command::NewJourney);
            }
            if ui.button("Duplicate as to-be").on_hover_text(Command::DuplicateJourney.tooltip()).clicked() {
                self.actions.command(Command::DuplicateJourney);
            }
        });
    }

    /// What the status bar suggests when it has nothing to report, with the shortcuts as the
    /// command list defines them.
    fn hint(&self, ctx: &egui::Context) -> String {
        let key = |c: Command| c.shortcut_text(ctx);
        if self.view.selection.is_empty() {
            format!(
                "Double-click a cell or click its + to add a touchpoint · {} adds the next · {} commands",
                key(Command::AddTouchpoint),
                key(Command::Palette)
            )
        } else {
            format!(
                "{}/{} org gives/takes · {} next touchpoint · {} commands",
                key(Command::OrgGives),
                key(Command::OrgTakes),
                key(Command::AddTouchpoint),
                key(Command::Palette)
            )
        }
    }

    pub(super) fn status_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let n = self.journey().touchpoints.len();
            ui.label(format!("{n} touchpoints"));
            ui.separator();
            ui.label(format!("{} selected", self.view.selection.len()));
            ui.separator();
            ui.label(format!("zoom {:.0} %", self.view.zoom() * 100.0));
            ui.separator();
            if self.facilitator.timer.is_some() {
                self.timer_ui(ui, false);
                ui.separator();
            }
            if let Some(doing) = self.files.effects.progress() {
                ui.add(egui::Spinner::new());
                ui.label(doing);
                ui.separator();
            }
            if let Some((text, error)) = &self.chrome.status {
                let color =
                    if *error { Palette::of(self.settings.theme()).worse } else { ui.visuals().text_color() };
                ui.label(RichText::new(text).color(color));
            } else {
                ui.label(RichText::new(self.hint(ui.ctx())).weak());
            }
        });
    }

    pub(super) fn palette_ui(&mut self, ctx: &egui::Context) {
        let Some(mut state) = self.chrome.palette_query.take() else { return };
        let mut chosen = None;
        let modal = egui::Modal::new(egui::Id::unique("rapport_palette")).show(ctx, |ui| {
            ui.set_width(420.0);
            let before = state.query.clone();
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut state.query)
                        .hint_text("Type a command…")
                        .desired_width(400.0),
                )
                .labelled_by(ui.label("Command").id);
            r.request_focus();
            if state.query != before {
                state.cursor = None;
            }
            let lines = self.palette_lines(&state.query);
            chosen = palette_list_ui(ui, &mut state, &lines);
        });
        let mut open = !modal.should_close();
        match chosen {
            Some(Entry::Command(c)) => {
                self.actions.command(c);
                open = false;
            }
            Some(Entry::Suggestion(i)) => {
                if let Some(s) = self.insight.derived.as_ref().and_then(|d| d.suggestions.get(i)) {
                    self.actions.send(super::queue::Action::Improve(s.touchpoint, s.kind));
                }
                open = false;
            }
            None => {}
        }
        if open {
            self.chrome.palette_query = Some(state);
        }
    }

    /// The palette's lines for what is typed, best first: the commands that can run now, and
    /// the Improve list's best suggestions by their advice ("improve" finds them all).
    fn palette_lines(&self, query: &str) -> Vec<PaletteLine> {
        let mut ranked: Vec<PaletteLine> = Command::ALL
            .iter()
            .copied()
            .filter(|c| self.command_enabled(*c))
            .filter_map(|c| {
                commands::fuzzy_score(query, c.label()).map(|score| PaletteLine {
                    score,
                    entry: Entry::Command(c),
                    text: c.label().to_owned(),
                    tip: c.tooltip().to_owned(),
                })
            })
            .collect();
        let journey = self.journey();
        let suggestions = self.insight.derived.as_ref().map_or(&[][..], |d| &d.suggestions[..]);
        // The best few: the palette is for acting, and each line costs its words every frame.
        for (i, s) in suggestions.iter().take(PALETTE_SUGGESTIONS).enumerate() {
            let text = format!("Improve: {}", s.advice(journey));
            // Best first among themselves, below an equally good command match.
            if let Some(score) = commands::fuzzy_score(query, &text) {
                let tip = format!("{}\nSource: {}", s.why(), s.source());
                ranked.push(PaletteLine { score: score - 1, entry: Entry::Suggestion(i), text, tip });
            }
        }
        ranked.sort_by_key(|l| -l.score);
        ranked
    }
}

/// A line of the palette: what it runs, its words and its tooltip, and how well it matches.
struct PaletteLine {
    score: i32,
    entry: Entry,
    text: String,
    tip: String,
}

/// The palette's list: ↑/↓ pick a line; with something typed the best match is picked. With
/// nothing typed and nothing picked, Enter does nothing: it never runs the first command of the
/// list (New project) by accident. Returns the line chosen by Enter or a click.
fn palette_list_ui(ui: &mut egui::Ui, state: &mut PaletteState, lines: &[PaletteLine]) -> Option<Entry> {
    let shown = lines.len().min(PALETTE_LINES);
    let (down, up) = ui.input(|i| (i.key_pressed(egui::Key::ArrowDown), i.key_pressed(egui::Key::ArrowUp)));
    if shown > 0 && (down || up) {
        let last = shown - 1;
        state.cursor = Some(match (state.cursor, down) {
            (None, true) => 0,
            (None, false) => last,
            (Some(c), true) => (c + 1).min(last),
            (Some(c), false) => c.saturating_sub(1),
        });
    }
    let picked = state.cursor.or((!state.query.trim().is_empty() && shown > 0).then_some(0));
    let mut chosen = None;
    if ui.input(|i| i.key_pressed(egui::Key::Enter)) {
        chosen = picked.and_then(|i| lines.get(i)).map(|l| l.entry);
    }
    egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
        for (n, line) in lines.iter().take(PALETTE_LINES).enumerate() {
            let on = picked == Some(n);
            let button = match line.entry {
                Entry::Command(c) => egui::Button::new(&line.text)
                    .shortcut_text(c.shortcut_text(ui.ctx()))
                    .frame(false)
                    .selected(on),
                Entry::Suggestion(_) => egui::Button::new(&line.text).frame(false).truncate().selected(on),
            };
            let r = ui.add(button).on_hover_text(&line.tip);
            if on && (down || up) {
                r.scroll_to_me(None);
            }
            if r.clicked() {
                chosen = Some(line.entry);
            }
        }
    });
    chosen
}

/// The command palette while it is open.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct PaletteState {
    /// What is typed.
    pub query: String,
    /// The line picked with ↑/↓, if any.
    pub cursor: Option<usize>,
}

/// How many lines the palette shows.
const PALETTE_LINES: usize = 12;

/// How many suggestions the palette offers.
pub(super) const PALETTE_SUGGESTIONS: usize = 20;

/// A line of the command palette.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry {
    Command(Command),
    /// A suggestion of the Improve list, by rank.
    Suggestion(usize),
}
