//! Runs commands. Each command that changes the project builds its edit from the project as it
//! is when the command runs and applies it at once, so two keys pressed in one frame act in the
//! order they were pressed, each on the result of the one before.

use std::collections::BTreeSet;

use super::RapportApp;
use super::canvas::{EditTarget, TitleEditor};
use super::commands::{Command, Menu};
use super::dialogs::{Dialog, Then};
use crate::edit::build::{self, NewTouchpoint, Placement};
use crate::layout;
use crate::model::{Exchange, TouchpointId};

use super::queue::Action;

impl RapportApp {
    /// Carries out everything asked for this frame, each by its area's handler.
    pub(super) fn run_actions(&mut self, ctx: &egui::Context) {
        for action in self.actions.take() {
            match action {
                Action::Edit(edit, coalesce) => {
                    self.apply_edit(edit, coalesce);
                }
                Action::Title(editor) => drop(self.commit_title(&editor)),
                Action::Improve(touchpoint, kind) => self.apply_suggestion((touchpoint, kind)),
                Action::Tray(action) => self.tray_action(action),
                Action::Dialog(action) => self.dialog_action(ctx, action),
                Action::Command(command) => self.run_command(ctx, command),
                Action::Paste(text) => self.paste_rows(Some(text)),
                Action::OpenRecent(path) => self.guard(Then::Open(Some(path))),
            }
        }
    }
}

impl RapportApp {
    fn selected_ids(&self) -> BTreeSet<TouchpointId> {
        self.view.selection.clone()
    }

    pub(super) fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        use Command as C;
        self.files.doc.seal();
        // A command closes any open menu: a dialog or the palette must not open under one.
        egui::Popup::close_all(ctx);
        self.refresh_derived();
        // While comparing, PageDown / PageUp / Home step through the phases of both journeys.
        if let Some(view) = &mut self.compare
            && matches!(command, C::PresentNext | C::PresentPrevious | C::PresentWhole)
        {
            match command {
                C::PresentWhole => view.set_focus(None),
                _ => view.step(command == C::PresentNext),
            }
            return;
        }
        if self.compare.is_some() && command.canvas_only() {
            return;
        }
        match command.menu() {
            _ if matches!(command, C::ToggleRoom | C::ToggleJoinCard) => self.workshop_command(ctx, command),
            Menu::File => self.file_command(ctx, command),
            Menu::Edit => self.edit_command(ctx, command),
            Menu::Touchpoint if command.moves_or_selects() => self.moving_command(ctx, command),
            Menu::Touchpoint => self.touchpoint_command(ctx, command),
            Menu::Journey => self.journey_command(ctx, command),
            Menu::View => self.view_command(ctx, command),
            Menu::Workshop => self.workshop_command(ctx, command),
        }
    }

    /// File: new, open, save, rename, import, export, copy as picture, quit.
    fn file_command(&mut self, ctx: &egui::Context, command: Command) {
        use Command as C;
        match command {
            C::New => self.guard(Then::New),
            C::Open => self.guard(Then::Open(None)),
            C::Save => {
                self.finish_typing(ctx);
                self.save(None);
            }
            C::SaveAs => {
                self.finish_typing(ctx);
                self.save_as(None);
            }
            C::RenameProject => {
                self.chrome.dialog =
                    Some(Dialog::RenameProject { name: self.files.doc.project().name.clone(), shown: false });
            }
            C::Export => self.open_export(),
            C::ExportPack => self.open_export_pack(),
            C::ImportTable => self.import_table(),
            C::CopyAsPng => {
                let which = match &self.compare {
                    Some(c) if c.from != c.to => super::export_dialog::Which::Review(c.from, c.to),
                    _ => super::export_dialog::Which::One(self.journey),
                };
                self.copy_picture(which, self.settings.export);
            }
            C::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            _ => {}
        }
    }

    /// Edit: undo and redo, the selection, delete, duplicate, copy and paste rows, the palette.
    fn edit_command(&mut self, ctx: &egui::Context, command: Command) {
        use Command as C;
        let j = self.journey;
        match command {
            C::CopyRows => self.copy_rows(ctx),
            C::PasteRows => self.paste_rows(None),
            C::Comment => self.open_composer(None),
            C::NextComment | C::PreviousComment => self.step_thread(command == C::NextComment),
            C::Undo | C::Redo => self.undo_or_redo(ctx, command == C::Undo),
            C::SelectAll => self.view.selection = self.journey().touchpoints.iter().map(|t| t.id).collect(),
            C::ClearSelection => {
                if self.compare.is_some() && self.view.editing.is_none() {
                    // The innermost open thing first: the card being edited, the compare view,
                    // then presenting.
                    if self.view.selection.is_empty() {
                        self.compare = None;
                    } else {
                        self.view.selection.clear();
                        if let Some(c) = &mut self.compare {
                            c.clear_highlight();
                        }
                    }
                } else if self.facilitator.presentation && self.view.editing.is_none() {
                    self.set_presentation(ctx, false);
                } else {
                    self.view.selection.clear();
                    self.view.editing = None;
                }
            }
            C::Delete => {
                let ids: Vec<TouchpointId> = self.selection();
                if let Some(edit) = build::delete_touchpoints(j, self.journey(), &ids)
                    && self.apply_edit(edit, None)
                {
                    self.view.selection.clear();
                }
            }
            C::Duplicate => {
                if let Some((edit, new_ids)) =
                    build::duplicate_touchpoints(self.files.doc.project(), j, &self.selected_ids())
                    && self.apply_edit(edit, None)
                {
                    self.view.selection = new_ids.into_iter().collect();
                }
            }
            C::Palette => self.chrome.palette_query = Some(super::chrome::PaletteState::default()),
            _ => {}
        }
    }

    /// Touchpoint: add, title, exchange and strength, link, feeling.
    fn touchpoint_command(&mut self, ctx: &egui::Context, command: Command) {
        use Command as C;
        let j = self.journey;
        match command {
            C::EditTitle => {
                if let [one] = self.selection().as_slice()
                    && let Some(tp) = self.journey().touchpoint(*one)
                {
                    let title = tp.title.clone();
                    self.view.start_editing(*one, title);
                }
            }
            C::AddTouchpoint => self.add_after(ctx),
            C::OrgGives => self.set_exchange(Exchange::OrgGives),
            C::OrgTakes => self.set_exchange(Exchange::OrgTakes),
            C::CustomerGives => self.set_exchange(Exchange::CustomerGives),
            C::CustomerTakes => self.set_exchange(Exchange::CustomerTakes),
            C::Neutral => {
                let edit = build::change_touchpoints(j, self.journey(), &self.selected_ids(), |t| {
                    t.exchange = Exchange::Neutral;
                });
                self.apply_opt(edit);
            }
            C::Strength1 | C::Strength2 | C::Strength3 => {
                let s = match command {
                    C::Strength1 => 1,
                    C::Strength2 => 2,
                    _ => 3,
                };
                let edit = build::set_strength(j, self.journey(), &self.selected_ids(), s);
                self.apply_opt(edit);
            }
            C::LinkSelected => match build::link_in_time_order(j, self.journey(), &self.selected_ids()) {
                Some(edit) => {
                    self.apply_edit(edit, None);
                }
                None => {
                    self.chrome.say("Select two or more touchpoints to link them in time order".to_owned());
                }
            },
            C::FeelingUp | C::FeelingDown => {
                let step: i8 = if command == C::FeelingUp { 1 } else { -1 };
                let edit = build::change_touchpoints(j, self.journey(), &self.selected_ids(), |t| {
                    t.feeling = Some(t.feeling.map_or(step, |f| (f + step).clamp(-2, 2)));
                });
                self.apply_opt(edit);
            }
            _ => {}
        }
    }

    /// Moving the selected cards to another lane or phase, and the selection with the arrows.
    fn moving_command(&mut self, _ctx: &egui::Context, command: Command) {
        use Command as C;
        let j = self.journey;
        match command {
            C::MoveLaneUp | C::MoveLaneDown => {
                let delta = if command == C::MoveLaneUp { -1 } else { 1 };
                let edit = build::move_to_lane(j, self.journey(), &self.selected_ids(), delta);
                if self.apply_opt(edit)
                    && let Some(id) = self.view.selection.iter().next()
                {
                    self.view.reveal = Some(*id);
                }
            }
            C::MovePhaseLeft | C::MovePhaseRight => {
                let delta = if command == C::MovePhaseLeft { -1 } else { 1 };
                let edit = build::move_to_phase(j, self.journey(), &self.selected_ids(), delta);
                if self.apply_opt(edit)
                    && let Some(id) = self.view.selection.iter().next()
                {
                    self.view.reveal = Some(*id);
                }
            }
            C::SelectLeft | C::SelectRight
                if self.facilitator.presentation && self.view.selection.is_empty() =>
            {
                self.present_step(command == C::SelectRight);
            }
            C::SelectLeft | C::SelectRight | C::SelectUp | C::SelectDown => {
                let direction = match command {
                    C::SelectLeft => layout::Direction::Left,
                    C::SelectRight => layout::Direction::Right,
                    C::SelectUp => layout::Direction::Up,
                    _ => layout::Direction::Down,
                };
                if let Some(layout) = self.layout()
                    && let Some(id) = layout.neighbour(&self.view.selection, direction)
                {
                    self.view.selection = [id].into();
                    self.view.reveal = Some(id);
                    // The keyboard goes with the selection, so a screen reader says the card.
                    self.view.focus_follow = Some(id);
                }
            }
            _ => {}
        }
    }

    /// Journey: new, duplicate, rename, delete, and stepping through the tabs.
    fn journey_command(&mut self, ctx: &egui::Context, command: Command) {
        use Command as C;
        let j = self.journey;
        match command {
            C::NewJourney => {
                let (edit, index) = build::new_journey(self.files.doc.project());
                if self.apply_edit(edit, None) {
                    self.switch_journey(index);
                }
            }
            C::DuplicateJourney => {
                if let Some((edit, index)) = build::duplicate_journey(self.files.doc.project(), j)
                    && self.apply_edit(edit, None)
                {
                    self.switch_journey(index);
                }
            }
            C::RenameJourney => {
                self.chrome.dialog =
                    Some(Dialog::RenameJourney { index: j, name: self.journey().name.clone(), shown: false });
            }
            C::DeleteJourney => match build::delete_journey(self.files.doc.project(), j) {
                Some(edit) => {
                    if self.apply_edit(edit, None) {
                        self.journey = usize::MAX;
                        self.switch_journey(j.saturating_sub(1));
                    }
                }
                None => self.chrome.warn("A project keeps at least one journey".to_owned()),
            },
            C::History => self.toggle_history(ctx),
            C::NextJourney => self.switch_journey((j + 1) % self.files.doc.project().journeys.len()),
            C::PreviousJourney => {
                let n = self.files.doc.project().journeys.len();
                self.switch_journey((j + n - 1) % n);
            }
            _ => {}
        }
    }

    /// View: zoom, interface scale, panels, the feeling curve, compare, themes.
    fn view_command(&mut self, ctx: &egui::Context, command: Command) {
        use Command as C;
        match command {
            C::ZoomIn => self.view.zoom_by(1.25),
            C::ZoomOut => self.view.zoom_by(0.8),
            C::ZoomFit => match &mut self.compare {
                Some(view) => view.fit(),
                None => self.view.fit_pending = true,
            },
            C::Compare => self.toggle_compare(),
            C::UiScaleUp => self.set_ui_scale(ctx, self.settings.ui_scale + 0.1),
            C::UiScaleDown => self.set_ui_scale(ctx, self.settings.ui_scale - 0.1),
            C::UiScaleReset => self.set_ui_scale(ctx, 1.0),
            C::ToggleTheme => {
                self.settings.dark = !self.settings.dark;
                self.settings.projector = false;
                self.save_settings();
            }
            C::ProjectorTheme => {
                self.settings.projector = !self.settings.projector;
                self.save_settings();
            }
            C::ToggleFeelingCurve => {
                self.settings.show_feeling = !self.settings.show_feeling;
                self.view.fit_pending = !self.view_is_manual();
                self.save_settings();
            }
            C::FeelingByDay => {
                self.settings.feeling_by_day = !self.settings.feeling_by_day;
                self.settings.show_feeling = true;
                self.save_settings();
            }
            C::ToggleInspector => {
                self.settings.show_inspector = !self.settings.show_inspector;
                self.save_settings();
            }
            C::ToggleReview => {
                self.settings.show_review = !self.settings.show_review;
                self.settings.show_scores = true;
                self.save_settings();
            }
            C::ToggleScores => {
                self.settings.show_scores = !self.settings.show_scores;
                self.save_settings();
            }
            _ => {}
        }
    }

    /// Workshop: the room and its join card, presenting, the timer.
    fn workshop_command(&mut self, ctx: &egui::Context, command: Command) {
        use Command as C;
        match command {
            C::ToggleRoom => self.toggle_room(),
            C::ToggleJoinCard => {
                self.settings.join_card_hidden = !self.settings.join_card_hidden;
                self.save_settings();
            }
            C::Presentation => self.set_presentation(ctx, !self.facilitator.presentation),
            // They step only while presenting: outside, PageDown never throws the window into
            // full screen (F5 presents).
            C::PresentNext | C::PresentPrevious | C::PresentWhole if !self.facilitator.presentation => {}
            C::PresentNext | C::PresentPrevious | C::PresentWhole => match command {
                C::PresentWhole => self.present_focus(None),
                _ => self.present_step(command == C::PresentNext),
            },
            C::TimerStart => self.chrome.dialog = Some(Dialog::Timer { text: String::new(), shown: false }),
            C::Timer5 => self.start_timer(ctx, 300.0),
            C::Timer10 => self.start_timer(ctx, 600.0),
            C::Timer15 => self.start_timer(ctx, 900.0),
            C::TimerPause => {
                let now = ctx.input(|i| i.time);
                match &mut self.facilitator.timer {
                    Some(t) => t.toggle_pause(now),
                    None => self.chrome.say("No timer is running".to_owned()),
                }
            }
            C::TimerAddMinute => match &mut self.facilitator.timer {
                Some(t) => t.add(60.0),
                None => self.start_timer(ctx, 60.0),
            },
            C::TimerStop => self.stop_timer(),
            _ => {}
        }
    }

    /// Ctrl+C on the canvas: the selected cards as tab-separated rows with the header, for a
    /// spreadsheet.
    fn copy_rows(&mut self, ctx: &egui::Context) {
        if self.view.selection.is_empty() {
            self.chrome.say("Select touchpoints to copy them as table rows".to_owned());
            return;
        }
        let rows = crate::table::copy_rows(self.journey(), &self.view.selection);
        ctx.copy_text(rows);
        let n = self.view.selection.len();
        let what = if n == 1 { "1 touchpoint".to_owned() } else { format!("{n} touchpoints") };
        self.chrome.say(format!("Copied {what} as table rows: paste them into a spreadsheet"));
    }

    /// Ctrl+V on the canvas: rows from a spreadsheet become cards in the selected card's cell
    /// (else the cell under the pointer, else the first lane of the early days), one undo step.
    /// Text that is not a table pastes nothing and says why.
    fn paste_rows(&mut self, pasted: Option<String>) {
        let Some(text) = pasted else {
            self.chrome.say("Copy rows in a spreadsheet, then press Ctrl+V on the canvas".to_owned());
            return;
        };
        let j = self.journey;
        let journey = self.journey();
        let selected = journey
            .timeline()
            .into_iter()
            .map(|i| &journey.touchpoints[i])
            .rfind(|t| self.view.selection.contains(&t.id))
            .map(|t| (journey.lanes.iter().position(|l| *l == t.lane).unwrap_or(0), t.phase));
        let (lane, phase) =
            selected.or(self.view.pointer_cell()).unwrap_or((0, crate::model::Phase::EarlyDays));
        match crate::table::paste_rows(self.files.doc.project(), j, &text, lane, phase) {
            Ok(pasted) => {
                let n = pasted.ids.len();
                if self.apply_edit(pasted.edit, None) {
                    self.view.selection = pasted.ids.iter().copied().collect();
                    if let Some(first) = pasted.ids.first() {
                        self.view.reveal = Some(*first);
                    }
                    let what = if n == 1 { "1 touchpoint".to_owned() } else { format!("{n} touchpoints") };
                    let mut said = format!("Pasted {what} (Ctrl+Z takes them back)");
                    if let Some(w) = pasted.warnings.first() {
                        said.push_str(&format!("; {w}"));
                    }
                    self.chrome.say(said);
                }
            }
            Err(e) => self.chrome.warn(format!("Nothing pasted: {e}")),
        }
    }

    /// File → Import touchpoints…: asks for a table, then reads it on the files worker.
    fn import_table(&mut self) {
        let folder = self.folder();
        match self.files.dialogs.import_table(folder.as_deref()) {
            crate::app::files::DialogAnswer::Picked(path) => self.start_import(path),
            crate::app::files::DialogAnswer::Cancelled => {}
            crate::app::files::DialogAnswer::Unavailable => {
                let field = super::dialogs::PathField::new(folder, String::new());
                self.chrome.dialog =
                    Some(Dialog::Path { purpose: super::dialogs::PathPurpose::Import, field, then: None });
            }
        }
    }

    /// Reads a table on the files worker into journeys for the project as it is now; the shell
    /// adds them (one undo step) when it is done.
    pub(super) fn start_import(&mut self, path: std::path::PathBuf) {
        let project = self.files.doc.snapshot().project;
        let label = format!("Importing {}…", super::display_name(&path));
        self.files.effects.run(super::effects::Lane::Files, label, move || {
            let name = path.display().to_string();
            let read = std::fs::File::open(&path).and_then(|f| {
                use std::io::Read as _;
                let mut bytes = Vec::new();
                f.take(crate::store::MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map(|_| bytes)
            });
            let result = match read {
                Err(e) => Err(format!("{name}: {}", crate::store::io_message(&e))),
                Ok(bytes) if bytes.len() as u64 > crate::store::MAX_FILE_BYTES => {
                    Err(format!("{name}: the file is larger than Rapport reads"))
                }
                Ok(bytes) => crate::table::decode(&bytes)
                    .and_then(|text| crate::table::import_into(&project, text))
                    .map_err(|e| e.in_file(&name)),
            };
            super::effects::Done::Imported { result: result.map(Box::new) }
        });
    }

    /// A table was read: its journeys are added as one undo step and the first is shown.
    pub(super) fn imported(&mut self, result: Result<Box<crate::table::Addition>, String>) {
        match result {
            Ok(addition) => {
                let first = self.files.doc.project().journeys.len();
                let names = addition.journeys.join("”, “");
                if self.apply_edit(addition.edit, None) {
                    self.switch_journey(first);
                    let mut said = format!(
                        "Imported {} touchpoints into “{names}” (Ctrl+Z takes them back)",
                        addition.touchpoints
                    );
                    if let Some(w) = addition.warnings.first() {
                        said.push_str(&format!("; {w}"));
                    }
                    self.chrome.say(said);
                }
            }
            Err(message) => {
                self.chrome
                    .show_dialog(Dialog::Message { title: "Could not import".to_owned(), text: message });
            }
        }
    }

    /// Applies an edit that may be nothing; true when something changed.
    fn apply_opt(&mut self, edit: Option<crate::edit::Edit>) -> bool {
        edit.is_some_and(|e| self.apply_edit(e, None))
    }

    fn set_exchange(&mut self, kind: fn(u8) -> Exchange) {
        let edit = build::set_exchange_kind(self.journey, self.journey(), &self.selected_ids(), kind);
        self.apply_opt(edit);
    }

    /// Enters or leaves presentation: true full screen, the whole journey first; leaving
    /// restores the window and shows the whole journey again.
    pub(super) fn set_presentation(&mut self, ctx: &egui::Context, on: bool) {
        if on == self.facilitator.presentation {
            return;
        }
        self.facilitator.presentation = on;
        self.view.for_room = on;
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
        self.present_focus(None);
        self.view.fit_pending = true;
    }

    fn present_step(&mut self, forward: bool) {
        self.present_focus(super::present::step(self.view.focus, forward));
    }

    fn present_focus(&mut self, focus: Option<crate::model::Phase>) {
        if focus != self.view.focus {
            self.facilitator.flashes.clear();
            self.view.selection.retain(|_| false);
        }
        self.view.set_focus(focus);
    }

    /// Ends the typing in any text field, so what was typed counts (inspector fields apply as
    /// they are typed; the title editor keeps its text).
    fn finish_typing(&mut self, ctx: &egui::Context) {
        if let Some(editor) = self.view.editing.take() {
            self.commit_title(&editor);
        }
        ctx.memory_mut(|m| m.stop_text_input());
    }

    /// Undo and redo while typing first undo the typing: the title editor closes without
    /// keeping its text, an inspector field gives up the keyboard (its typing is the step undone).
    fn undo_or_redo(&mut self, ctx: &egui::Context, undo: bool) {
        if undo && self.view.editing.take().is_some() {
            return;
        }
        ctx.memory_mut(|m| m.stop_text_input());
        let result = if undo { self.files.doc.undo() } else { self.files.doc.redo() };
        match result {
            Ok(true) => {}
            Ok(false) => {
                let what = if undo { "undo" } else { "redo" };
                self.chrome.say(format!("Nothing to {what}"));
            }
            // The usual reason, with a room: participants sent something into what the step
            // would take away (a journey, a vote). Their data is kept; say so plainly.
            Err(crate::edit::Refused::Stale) if self.project_has_room_data() => {
                let what = if undo { "undo" } else { "redo" };
                self.chrome.warn(format!(
                    "Cannot {what} that step: the room's participants have added to what it would take \
                         away (a proposal, a dot or an answer), and their data is kept. Nothing was changed."
                ));
            }
            Err(e) => self.chrome.warn(super::capitalised(&e.to_string())),
        }
    }

    /// Keeps what the title editor holds: a new title, or a new touchpoint. Returns the
    /// touchpoint it was about.
    pub(super) fn commit_title(&mut self, editor: &TitleEditor) -> Option<TouchpointId> {
        let title = editor.text.trim().to_owned();
        match &editor.target {
            EditTarget::Existing(id) => {
                if !title.is_empty() {
                    let edit = build::change_touchpoints(self.journey, self.journey(), &[*id].into(), |t| {
                        t.title.clone_from(&title);
                    });
                    self.apply_opt(edit);
                }
                Some(*id)
            }
            EditTarget::New { lane, phase, placement, .. } => {
                if title.is_empty() {
                    return None;
                }
                let new = NewTouchpoint { title, lane: *lane, phase: *phase, placement: *placement };
                self.add_touchpoint(&new)
            }
        }
    }

    /// Adds a touchpoint as one undo step and selects it.
    pub(super) fn add_touchpoint(&mut self, new: &NewTouchpoint) -> Option<TouchpointId> {
        let (edit, id) = build::add_touchpoint(self.files.doc.project(), self.journey, new)?;
        if self.apply_edit(edit, None) {
            self.view.selection = [id].into();
            self.view.reveal = Some(id);
            Some(id)
        } else {
            None
        }
    }

    /// Ctrl+Enter: keep the title being typed, then open the editor for a new touchpoint right
    /// after it (or after the latest selected card), same lane and phase.
    fn add_after(&mut self, ctx: &egui::Context) {
        let anchor = match self.view.editing.take() {
            Some(editor) => {
                ctx.memory_mut(|m| m.stop_text_input());
                self.commit_title(&editor)
            }
            None => {
                // After the latest selected card; with nothing selected, after the journey's last.
                let j = self.journey();
                let timeline: Vec<&crate::model::Touchpoint> =
                    j.timeline().into_iter().map(|i| &j.touchpoints[i]).collect();
                let selected = timeline.iter().rfind(|t| self.view.selection.contains(&t.id));
                selected
                    .or_else(|| if self.view.selection.is_empty() { timeline.last() } else { None })
                    .map(|t| t.id)
            }
        };
        let Some(anchor) = anchor.and_then(|id| self.journey().touchpoint(id)) else {
            // An empty journey: the first card goes to the first lane of the early days.
            self.view.start_new(0, crate::model::Phase::EarlyDays, Placement::EmptyPhase);
            return;
        };
        let lane = self.journey().lanes.iter().position(|l| *l == anchor.lane).unwrap_or(0);
        let (phase, id) = (anchor.phase, anchor.id);
        self.view.start_new(lane, phase, Placement::After(id));
    }

    /// Opens the compare view on the likely pair (as-is and to-be), or closes it.
    fn toggle_compare(&mut self) {
        if self.compare.take().is_some() {
            return;
        }
        match super::compare_view::default_pair(self.files.doc.project(), self.journey) {
            Some((from, to)) => {
                // A fresh look at both journeys: the inspector comes back with a card clicked.
                self.view.selection.clear();
                self.view.editing = None;
                self.compare =
                    Some(super::compare_view::CompareView::new(self.files.doc.project(), from, to));
            }
            None => {
                self.chrome.say(
                    "Compare needs two journeys: Journey → Duplicate journey (make a to-be) first".to_owned(),
                );
            }
        }
    }

    /// Applies a suggestion for the journey shown — its touchpoint and kind, looked up in the
    /// list as it is now — as one undo step. One that no longer applies says so.
    pub(super) fn apply_suggestion(&mut self, which: (TouchpointId, crate::suggest::EditKind)) {
        self.refresh_derived();
        let j = self.journey;
        let found = self
            .insight
            .derived
            .as_ref()
            .and_then(|d| d.suggestions.iter().find(|s| (s.touchpoint, s.kind) == which))
            .cloned();
        let journey = self.journey();
        let Some((s, after)) = found.and_then(|s| s.apply_to(journey).map(|after| (s, after))) else {
            self.chrome.say("That suggestion no longer applies: the journey changed".to_owned());
            return;
        };
        let advice = s.advice(journey);
        let edit = build::change_touchpoints(j, journey, &[s.touchpoint].into(), move |t| *t = after.clone());
        if self.apply_opt(edit) {
            self.view.selection = [s.touchpoint].into();
            self.view.reveal = Some(s.touchpoint);
            self.chrome.say(format!("Applied: {advice} (Ctrl+Z undoes it)"));
        }
    }
}

impl RapportApp {
    /// Some journey holds what a room gathered: proposals, votes or feeling answers.
    fn project_has_room_data(&self) -> bool {
        self.files
            .doc
            .project()
            .journeys
            .iter()
            .any(|j| !j.proposals.is_empty() || !j.votes.is_empty() || !j.heard.is_empty())
    }
}
