//! The workbench's chrome: the menu bar, the journey tabs, the status bar and the command
//! palette. All of them read the one command list and only queue commands.

use egui::RichText;

use super::RapportApp;
use super::commands::{self, Command, Menu};
use super::theme::Palette;

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
                    // Opened by the shell after the frame, never inside the menu.
                    self.open_recent = Some(path);
                }
            }
        });
    }

    /// Whether a command can do anything now (menus grey it out otherwise).
    pub(super) fn command_enabled(&self, command: Command) -> bool {
        use Command as C;
        let selected = !self.view.selection.is_empty();
        if matches!(command, C::PresentNext | C::PresentPrevious | C::PresentWhole) {
            return self.presentation || self.compare.is_some();
        }
        if self.compare.is_some() && command.canvas_only() {
            return false;
        }
        match command {
            C::Undo => self.doc.can_undo(),
            C::Redo => self.doc.can_redo(),
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
            C::DeleteJourney | C::NextJourney | C::PreviousJourney => self.doc.project().journeys.len() > 1,
            C::TimerPause | C::TimerStop => self.timer.is_some(),
            _ => true,
        }
    }

    pub(super) fn tabs_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            let names: Vec<String> = self.doc.project().journeys.iter().map(|j| j.name.clone()).collect();
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
                        if ui.add_enabled(self.command_enabled(c), egui::Button::new(c.label())).clicked() {
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
            if self.timer.is_some() {
                self.timer_ui(ui, false);
                ui.separator();
            }
            if let Some(doing) = self.effects.progress() {
                ui.add(egui::Spinner::new());
                ui.label(doing);
                ui.separator();
            }
            if let Some((text, error)) = &self.status {
                let color =
                    if *error { Palette::of(self.settings.theme()).worse } else { ui.visuals().text_color() };
                ui.label(RichText::new(text).color(color));
            } else {
                ui.label(RichText::new(self.hint(ui.ctx())).weak());
            }
        });
    }

    pub(super) fn palette_ui(&mut self, ctx: &egui::Context) {
        let Some(mut state) = self.palette_query.take() else { return };
        let mut chosen = None;
        let mut open = true;
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
            let mut ranked: Vec<(i32, Entry)> = Command::ALL
                .iter()
                .copied()
                .filter(|c| self.command_enabled(*c))
                .filter_map(|c| {
                    commands::fuzzy_score(&state.query, c.label()).map(|s| (s, Entry::Command(c)))
                })
                .collect();
            // The Improve list's suggestions, by their advice ("improve" finds them all).
            let journey = self.journey();
            let suggestions = self.derived.as_ref().map_or(&[][..], |d| &d.suggestions[..]);
            // The best few: the palette is for acting, and each line costs its words every frame.
            let suggestions = &suggestions[..suggestions.len().min(PALETTE_SUGGESTIONS)];
            let advice: Vec<String> =
                suggestions.iter().map(|s| format!("Improve: {}", s.advice(journey))).collect();
            ranked.extend(advice.iter().enumerate().filter_map(|(i, a)| {
                // Best first among themselves, below an equally good command match.
                commands::fuzzy_score(&state.query, a).map(|s| (s - 1, Entry::Suggestion(i)))
            }));
            ranked.sort_by_key(|(s, _)| -s);
            let shown = ranked.len().min(PALETTE_LINES);
            // ↑/↓ pick a line; with something typed the best match is picked. With nothing typed
            // and nothing picked, Enter does nothing: it never runs the first command of the
            // list (New project) by accident.
            let (down, up) =
                ui.input(|i| (i.key_pressed(egui::Key::ArrowDown), i.key_pressed(egui::Key::ArrowUp)));
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
            if ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                chosen = picked.and_then(|i| ranked.get(i)).map(|(_, e)| *e);
            }
            egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                for (line, (_, e)) in ranked.iter().take(PALETTE_LINES).enumerate() {
                    let on = picked == Some(line);
                    let r = match e {
                        Entry::Command(c) => {
                            let shortcut = c.shortcut_text(ui.ctx());
                            ui.add(
                                egui::Button::new(c.label())
                                    .shortcut_text(shortcut)
                                    .frame(false)
                                    .selected(on),
                            )
                            .on_hover_text(c.tooltip())
                        }
                        Entry::Suggestion(i) => {
                            let s = &suggestions[*i];
                            ui.add(egui::Button::new(&advice[*i]).frame(false).truncate().selected(on))
                                .on_hover_text(format!("{}\nSource: {}", s.why(), s.source()))
                        }
                    };
                    if on && (down || up) {
                        r.scroll_to_me(None);
                    }
                    if r.clicked() {
                        chosen = Some(*e);
                    }
                }
            });
        });
        if modal.should_close() {
            open = false;
        }
        match chosen {
            Some(Entry::Command(c)) => {
                self.queued.push(c);
                open = false;
            }
            Some(Entry::Suggestion(i)) => {
                if let Some(s) = self.derived.as_ref().and_then(|d| d.suggestions.get(i)) {
                    self.improve_asked = Some((s.touchpoint, s.kind));
                }
                open = false;
            }
            None => {}
        }
        if open {
            self.palette_query = Some(state);
        }
    }
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
