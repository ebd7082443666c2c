//! Runs commands. Each command that changes the project builds its edit from the project as it
//! is when the command runs and applies it at once, so two keys pressed in one frame act in the
//! order they were pressed, each on the result of the one before.

use std::collections::BTreeSet;

use super::RapportApp;
use super::canvas::{EditTarget, TitleEditor};
use super::commands::Command;
use super::dialogs::{Dialog, Then};
use crate::edit::build::{self, NewTouchpoint, Placement};
use crate::layout;
use crate::model::{Exchange, TouchpointId};

impl RapportApp {
    fn selected_ids(&self) -> BTreeSet<TouchpointId> {
        self.view.selection.clone()
    }

    pub(super) fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        use Command as C;
        self.doc.seal();
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
        let j = self.journey;
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
                self.dialog =
                    Some(Dialog::RenameProject { name: self.doc.project().name.clone(), shown: false });
            }
            C::Export => self.open_export(),
            C::ExportPack => self.open_export_pack(),
            C::ToggleRoom => self.toggle_room(),
            C::ToggleJoinCard => {
                self.settings.join_card_hidden = !self.settings.join_card_hidden;
                self.save_settings();
            }
            C::ImportTable => self.import_table(),
            C::CopyRows => self.copy_rows(ctx),
            C::PasteRows => self.paste_rows(),
            C::CopyAsPng => {
                let which = match &self.compare {
                    Some(c) if c.from != c.to => super::export_dialog::Which::Review(c.from, c.to),
                    _ => super::export_dialog::Which::One(self.journey),
                };
                self.copy_picture(which, self.settings.export);
            }
            C::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
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
                } else if self.presentation && self.view.editing.is_none() {
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
                    build::duplicate_touchpoints(self.doc.project(), j, &self.selected_ids())
                    && self.apply_edit(edit, None)
                {
                    self.view.selection = new_ids.into_iter().collect();
                }
            }
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
                    self.status =
                        Some(("Select two or more touchpoints to link them in time order".to_owned(), false));
                }
            },
            C::FeelingUp | C::FeelingDown => {
                let step: i8 = if command == C::FeelingUp { 1 } else { -1 };
                let edit = build::change_touchpoints(j, self.journey(), &self.selected_ids(), |t| {
                    t.feeling = Some(t.feeling.map_or(step, |f| (f + step).clamp(-2, 2)));
                });
                self.apply_opt(edit);
            }
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
            C::SelectLeft | C::SelectRight if self.presentation && self.view.selection.is_empty() => {
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
            C::ToggleScores => {
                self.settings.show_scores = !self.settings.show_scores;
                self.save_settings();
            }
            C::Presentation => self.set_presentation(ctx, !self.presentation),
            // They step only while presenting: outside, PageDown never throws the window into
            // full screen (F5 presents).
            C::PresentNext | C::PresentPrevious | C::PresentWhole if !self.presentation => {}
            C::PresentNext | C::PresentPrevious | C::PresentWhole => match command {
                C::PresentWhole => self.present_focus(None),
                _ => self.present_step(command == C::PresentNext),
            },
            C::TimerStart => self.dialog = Some(Dialog::Timer { text: String::new(), shown: false }),
            C::Timer5 => self.start_timer(ctx, 300.0),
            C::Timer10 => self.start_timer(ctx, 600.0),
            C::Timer15 => self.start_timer(ctx, 900.0),
            C::TimerPause => {
                let now = ctx.input(|i| i.time);
                match &mut self.timer {
                    Some(t) => t.toggle_pause(now),
                    None => self.status = Some(("No timer is running".to_owned(), false)),
                }
            }
            C::TimerAddMinute => match &mut self.timer {
                Some(t) => t.add(60.0),
                None => self.start_timer(ctx, 60.0),
            },
            C::TimerStop => self.stop_timer(),
            C::Palette => self.palette_query = Some(super::chrome::PaletteState::default()),
            C::NewJourney => {
                let (edit, index) = build::new_journey(self.doc.project());
                if self.apply_edit(edit, None) {
                    self.switch_journey(index);
                }
            }
            C::DuplicateJourney => {
                if let Some((edit, index)) = build::duplicate_journey(self.doc.project(), j)
                    && self.apply_edit(edit, None)
                {
                    self.switch_journey(index);
                }
            }
            C::RenameJourney => {
                self.dialog =
                    Some(Dialog::RenameJourney { index: j, name: self.journey().name.clone(), shown: false });
            }
            C::DeleteJourney => match build::delete_journey(self.doc.project(), j) {
                Some(edit) => {
                    if self.apply_edit(edit, None) {
                        self.journey = usize::MAX;
                        self.switch_journey(j.saturating_sub(1));
                    }
                }
                None => self.status = Some(("A project keeps at least one journey".to_owned(), true)),
            },
            C::NextJourney => self.switch_journey((j + 1) % self.doc.project().journeys.len()),
            C::PreviousJourney => {
                let n = self.doc.project().journeys.len();
                self.switch_journey((j + n - 1) % n);
            }
        }
    }

    /// Ctrl+C on the canvas: the selected cards as tab-separated rows with the header, for a
    /// spreadsheet.
    fn copy_rows(&mut self, ctx: &egui::Context) {
        if self.view.selection.is_empty() {
            self.status = Some(("Select touchpoints to copy them as table rows".to_owned(), false));
            return;
        }
        let rows = crate::table::copy_rows(self.journey(), &self.view.selection);
        ctx.copy_text(rows);
        let n = self.view.selection.len();
        let what = if n == 1 { "1 touchpoint".to_owned() } else { format!("{n} touchpoints") };
        self.status = Some((format!("Copied {what} as table rows: paste them into a spreadsheet"), false));
    }

    /// Ctrl+V on the canvas: rows from a spreadsheet become cards in the selected card's cell
    /// (else the cell under the pointer, else the first lane of the early days), one undo step.
    /// Text that is not a table pastes nothing and says why.
    fn paste_rows(&mut self) {
        let Some(text) = self.pasted.take() else {
            self.status =
                Some(("Copy rows in a spreadsheet, then press Ctrl+V on the canvas".to_owned(), false));
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
        match crate::table::paste_rows(self.doc.project(), j, &text, lane, phase) {
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
                    self.status = Some((said, false));
                }
            }
            Err(e) => self.status = Some((format!("Nothing pasted: {e}"), true)),
        }
    }

    /// File → Import touchpoints…: asks for a table, then reads it on the files worker.
    fn import_table(&mut self) {
        let folder = self.folder();
        match self.dialogs.import_table(folder.as_deref()) {
            crate::app::files::DialogAnswer::Picked(path) => self.start_import(path),
            crate::app::files::DialogAnswer::Cancelled => {}
            crate::app::files::DialogAnswer::Unavailable => {
                let field = super::dialogs::PathField::new(folder, String::new());
                self.dialog =
                    Some(Dialog::Path { purpose: super::dialogs::PathPurpose::Import, field, then: None });
            }
        }
    }

    /// Reads a table on the files worker into journeys for the project as it is now; the shell
    /// adds them (one undo step) when it is done.
    pub(super) fn start_import(&mut self, path: std::path::PathBuf) {
        let project = self.doc.snapshot().project;
        let label = format!("Importing {}…", super::display_name(&path));
        self.effects.run(super::effects::Lane::Files, label, move || {
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
                let first = self.doc.project().journeys.len();
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
                    self.status = Some((said, false));
                }
            }
            Err(message) => {
                self.show_dialog(Dialog::Message { title: "Could not import".to_owned(), text: message });
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
        if on == self.presentation {
            return;
        }
        self.presentation = on;
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
            self.flashes.clear();
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
        let result = if undo { self.doc.undo() } else { self.doc.redo() };
        match result {
            Ok(true) => {}
            Ok(false) => {
                let what = if undo { "undo" } else { "redo" };
                self.status = Some((format!("Nothing to {what}"), false));
            }
            // The usual reason, with a room: participants sent something into what the step
            // would take away (a journey, a vote). Their data is kept; say so plainly.
            Err(crate::edit::Refused::Stale) if self.project_has_room_data() => {
                let what = if undo { "undo" } else { "redo" };
                self.status = Some((
                    format!(
                        "Cannot {what} that step: the room's participants have added to what it would take \
                         away (a proposal, a dot or an answer), and their data is kept. Nothing was changed."
                    ),
                    true,
                ));
            }
            Err(e) => self.status = Some((super::capitalised(&e.to_string()), true)),
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
        let (edit, id) = build::add_touchpoint(self.doc.project(), self.journey, new)?;
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
        match super::compare_view::default_pair(self.doc.project(), self.journey) {
            Some((from, to)) => {
                // A fresh look at both journeys: the inspector comes back with a card clicked.
                self.view.selection.clear();
                self.view.editing = None;
                self.compare = Some(super::compare_view::CompareView::new(self.doc.project(), from, to));
            }
            None => {
                self.status = Some((
                    "Compare needs two journeys: Journey → Duplicate journey (make a to-be) first".to_owned(),
                    false,
                ));
            }
        }
    }

    /// Applies a suggestion for the journey shown — its touchpoint and kind, looked up in the
    /// list as it is now — as one undo step. One that no longer applies says so.
    pub(super) fn apply_suggestion(&mut self, which: (TouchpointId, crate::suggest::EditKind)) {
        self.refresh_derived();
        let j = self.journey;
        let found = self
            .derived
            .as_ref()
            .and_then(|d| d.suggestions.iter().find(|s| (s.touchpoint, s.kind) == which))
            .cloned();
        let journey = self.journey();
        let Some((s, after)) = found.and_then(|s| s.apply_to(journey).map(|after| (s, after))) else {
            self.status = Some(("That suggestion no longer applies: the journey changed".to_owned(), false));
            return;
        };
        let advice = s.advice(journey);
        let edit = build::change_touchpoints(j, journey, &[s.touchpoint].into(), move |t| *t = after.clone());
        if self.apply_opt(edit) {
            self.view.selection = [s.touchpoint].into();
            self.view.reveal = Some(s.touchpoint);
            self.status = Some((format!("Applied: {advice} (Ctrl+Z undoes it)"), false));
        }
    }
}

impl RapportApp {
    /// Some journey holds what a room gathered: proposals, votes or feeling answers.
    fn project_has_room_data(&self) -> bool {
        self.doc
            .project()
            .journeys
            .iter()
            .any(|j| !j.proposals.is_empty() || !j.votes.is_empty() || !j.heard.is_empty())
    }
}
