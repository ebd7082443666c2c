//! The room in the workbench (DESIGN.md §15): opening and closing it, taking what participants
//! send into the project (outside the undo history), the join card (a QR code and the URL in
//! large type, with the number of participants) on the canvas's corner, and the tray of
//! proposals the facilitator accepts or dismisses with the keyboard.

use std::path::PathBuf;
use std::sync::Arc;

use egui::{Align2, Color32, FontId, Key, Rect, Sense, pos2, vec2};

use super::RapportApp;
use crate::edit::build;
use crate::model::ProposalStatus;
use crate::room::{self, Applied, Room, RoomInit, RoomView};

pub use crate::room::RoomAt;

/// An open room and what the workbench keeps about it.
pub struct RoomSession {
    room: Room,
    /// The QR code of the URL: its width in modules and which are dark.
    qr: Option<(usize, Vec<bool>)>,
    /// What was last published: the project's revision and the journey shown.
    published: Option<(u64, usize)>,
}

impl RoomSession {
    /// The address participants open.
    pub fn url(&self) -> &str {
        self.room.url()
    }

    /// How many participants have joined.
    pub fn participants(&self) -> usize {
        self.room.participants()
    }
}

/// What the tray asked for this frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TrayAction {
    /// Accept a proposal (and open its card's title editor when `edit` is set).
    Accept { id: u32, edit: bool },
    /// Dismiss a pending proposal, or restore a dismissed one.
    DismissOrRestore(u32),
    /// Close the room.
    Close,
}

impl RapportApp {
    /// The room, while one is open.
    pub fn room(&self) -> Option<&RoomSession> {
        self.room.as_ref()
    }

    /// Opens a room on the journey shown, or says why it could not. `room: URL` goes to stderr.
    pub fn open_room(&mut self, at: RoomAt) -> Result<String, String> {
        if let Some(r) = &self.room {
            return Ok(r.url().to_owned());
        }
        let journal = match &self.recovery {
            Some(session) => session.room_journal(),
            None => journal_fallback(),
        };
        let init = RoomInit::new(self.doc.project(), self.journey, journal);
        let ctx = self.ctx.clone();
        let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(move || ctx.request_repaint());
        let opened = match at {
            RoomAt::Network => {
                let ip = room::lan_address().unwrap_or(std::net::Ipv4Addr::LOCALHOST.into());
                Room::open_on(ip, init, wake)
            }
            RoomAt::Addr(addr) => Room::open(addr, init, wake),
        };
        let room = opened.map_err(|e| format!("Could not open the room: {e}"))?;
        let url = room.url().to_owned();
        eprintln!("room: {url}");
        let qr = qrcode::QrCode::new(url.as_bytes()).ok().map(|code| {
            let dark = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
            (code.width(), dark)
        });
        self.room = Some(RoomSession { room, qr, published: None });
        self.settings.join_card_hidden = false;
        self.status = Some((format!("The room is open: {url} (Ctrl+Shift+R closes it)"), false));
        Ok(url)
    }

    /// Closes the room: the server stops at once and the phones say so. What arrived stays in
    /// the project.
    pub fn close_room(&mut self) {
        if let Some(mut r) = self.room.take() {
            r.room.close();
            self.status =
                Some(("The room is closed; what participants sent stays in the project".to_owned(), false));
        }
    }

    pub(super) fn toggle_room(&mut self) {
        if self.room.is_some() {
            self.close_room();
        } else if let Err(e) = self.open_room(RoomAt::Network) {
            self.status = Some((e, true));
        }
    }

    /// Takes what participants sent into the project (outside the undo history: nobody undoes
    /// a participant), and tells the phones what the project now is.
    pub(super) fn room_frame(&mut self) {
        let Some(session) = &mut self.room else { return };
        let arrivals = session.room.take_arrivals();
        let mut proposed = 0;
        for arrival in &arrivals {
            let mut applied = Applied::AlreadyThere;
            self.doc.apply_outside_history(|p| {
                applied = room::apply(p, arrival);
                !matches!(applied, Applied::AlreadyThere | Applied::VoteGone)
            });
            if matches!(applied, Applied::Proposed | Applied::JourneyGone)
                && matches!(arrival.what, room::Arrived::Proposal(_))
            {
                proposed += 1;
            }
        }
        if proposed > 0 {
            self.status = Some((
                format!("{proposed} new proposal{} in the room's tray", if proposed == 1 { "" } else { "s" }),
                false,
            ));
        }
        let Some(session) = &mut self.room else { return };
        let now = (self.doc.revision(), self.journey);
        if session.published != Some(now) {
            session.room.publish(RoomView::of(self.doc.project(), self.journey, None));
            session.published = Some(now);
        }
    }

    /// Carries out what the tray asked for.
    pub(super) fn tray_action(&mut self, action: TrayAction) {
        let j = self.journey;
        match action {
            TrayAction::Accept { id, edit } => {
                let Some((e, tp)) = build::accept_proposal(self.doc.project(), j, id) else { return };
                if self.apply_edit(e, None) {
                    self.view.selection = [tp].into();
                    self.view.frame = Some(vec![tp]);
                    if edit && let Some(t) = self.journey().touchpoint(tp) {
                        let title = t.title.clone();
                        self.view.start_editing(tp, title);
                    }
                    self.status = Some(("Accepted the proposal (Ctrl+Z undoes it)".to_owned(), false));
                }
            }
            TrayAction::DismissOrRestore(id) => {
                if let Some(e) = build::dismiss_or_restore_proposal(j, self.journey(), id) {
                    self.apply_edit(e, None);
                }
            }
            TrayAction::Close => self.close_room(),
        }
    }

    /// The tray beside the canvas: the room's address and participants, the pending proposals
    /// oldest first, and the dismissed ones. Keyboard: ↑/↓ move between proposals, Enter
    /// accepts, Shift+Enter accepts and opens the title, Delete dismisses.
    pub(super) fn tray_ui(&mut self, ui: &mut egui::Ui) -> Option<TrayAction> {
        let mut action = None;
        super::name_region(ui, "Room tray");
        ui.heading("Room");
        self.join_card_ui(ui);
        if let Some(session) = &self.room {
            // The card says the address and who joined; without it, a line does.
            if self.settings.join_card_hidden {
                ui.label(egui::RichText::new(session.url()).monospace().small());
                ui.label(format!(
                    "{} participant{} joined",
                    session.participants(),
                    if session.participants() == 1 { "" } else { "s" }
                ));
            }
            if ui.button("Close the room").clicked() {
                action = Some(TrayAction::Close);
            }
        } else {
            ui.weak("The room is closed (Ctrl+Shift+R opens it)");
        }
        ui.separator();
        let journey = self.journey();
        let mut pending: Vec<crate::model::Proposal> =
            journey.proposals.iter().filter(|p| p.status == ProposalStatus::Pending).cloned().collect();
        pending.sort_by_key(|p| (p.at, p.id));
        let dismissed: Vec<crate::model::Proposal> =
            journey.proposals.iter().filter(|p| p.status == ProposalStatus::Dismissed).cloned().collect();
        ui.label(egui::RichText::new(format!("Proposals ({})", pending.len())).strong());
        if pending.is_empty() {
            ui.weak("Nothing waiting. Participants propose from their phones.");
        }
        let focus_to = self.tray_focus.take();
        let mut focus_next = None;
        let ids: Vec<u32> = pending.iter().map(|p| p.id).collect();
        egui::ScrollArea::vertical().id_salt("tray_scroll").max_height(ui.available_height() * 0.7).show(
            ui,
            |ui| {
                for (k, p) in pending.iter().enumerate() {
                    let feeling = p
                        .feeling
                        .map(|f| format!(" · feels {}", crate::describe::signed(i32::from(f))))
                        .unwrap_or_default();
                    let lane = p.lane.as_deref().map(|l| format!(" · {l}")).unwrap_or_default();
                    let text = format!(
                        "{}\nP{} · {} · {}{lane}{feeling}",
                        p.title,
                        p.from,
                        p.at.to_string().get(11..16).unwrap_or(""),
                        p.phase.label()
                    );
                    let row = ui.add(egui::Button::selectable(false, text).wrap());
                    if focus_to == Some(p.id) {
                        row.request_focus();
                    }
                    if row.clicked() {
                        row.request_focus();
                    }
                    ui.horizontal(|ui| {
                        if ui.small_button("Accept").on_hover_text("Enter on the proposal").clicked() {
                            action = Some(TrayAction::Accept { id: p.id, edit: false });
                        }
                        if ui.small_button("Dismiss").on_hover_text("Delete on the proposal").clicked() {
                            action = Some(TrayAction::DismissOrRestore(p.id));
                        }
                    });
                    if row.has_focus() {
                        let (enter, shift, delete, up, down) = ui.input(|i| {
                            (
                                i.key_pressed(Key::Enter),
                                i.modifiers.shift,
                                i.key_pressed(Key::Delete) || i.key_pressed(Key::Backspace),
                                i.key_pressed(Key::ArrowUp),
                                i.key_pressed(Key::ArrowDown),
                            )
                        });
                        // The next proposal keeps the keyboard after this one leaves the tray.
                        let next = ids.get(k + 1).or(k.checked_sub(1).and_then(|i| ids.get(i))).copied();
                        if enter {
                            action = Some(TrayAction::Accept { id: p.id, edit: shift });
                            if !shift {
                                focus_next = next;
                            }
                        } else if delete {
                            action = Some(TrayAction::DismissOrRestore(p.id));
                            focus_next = next;
                        } else if up {
                            focus_next = k.checked_sub(1).and_then(|i| ids.get(i)).copied();
                        } else if down {
                            focus_next = ids.get(k + 1).copied();
                        }
                    }
                }
            },
        );
        if !dismissed.is_empty() {
            ui.separator();
            egui::CollapsingHeader::new(format!("Dismissed ({})", dismissed.len()))
                .id_salt("tray_dismissed")
                .show(ui, |ui| {
                    for p in &dismissed {
                        ui.horizontal(|ui| {
                            if ui.small_button("Restore").clicked() {
                                action = Some(TrayAction::DismissOrRestore(p.id));
                            }
                            ui.label(&p.title);
                        });
                    }
                });
        }
        self.tray_focus = focus_next;
        if self.tray_focus.is_some() {
            ui.ctx().request_repaint();
        }
        action
    }

    /// The join card at the top of the tray, beside the canvas (so it never covers a card the
    /// room is reading): the QR code, the address in large type and how many have joined;
    /// larger while presenting; hidden with Workshop → Show / hide the join card.
    pub(super) fn join_card_ui(&self, ui: &mut egui::Ui) {
        let Some(session) = &self.room else { return };
        if self.settings.join_card_hidden {
            return;
        }
        let large = self.presentation;
        let w = ui.available_width().max(160.0);
        let side = (w - 24.0).min(if large { 300.0 } else { 220.0 });
        let url_size = if large { 17.0 } else { 13.0 };
        let url = session.url();
        let galley =
            ui.painter().layout(url.to_owned(), FontId::monospace(url_size), Color32::BLACK, w - 16.0);
        let h = side + 24.0 + galley.size().y + 30.0;
        let (card, _) = ui.allocate_exact_size(vec2(w, h), Sense::hover());
        let painter = ui.painter_at(card);
        // A QR code reads dark on light whatever the theme.
        painter.rect_filled(card, 8.0, Color32::WHITE);
        painter.rect_stroke(
            card,
            8.0,
            egui::Stroke::new(1.0, Color32::from_gray(160)),
            egui::StrokeKind::Inside,
        );
        let qr = Rect::from_min_size(pos2(card.center().x - side / 2.0, card.min.y + 12.0), vec2(side, side));
        if let Some((n, dark)) = &session.qr {
            // A quiet zone of two modules inside the square.
            let module = side / (*n as f32 + 4.0);
            for (i, d) in dark.iter().enumerate() {
                if *d {
                    let (x, y) = ((i % n) as f32 + 2.0, (i / n) as f32 + 2.0);
                    let r = Rect::from_min_size(
                        pos2(qr.min.x + x * module, qr.min.y + y * module),
                        vec2(module, module),
                    );
                    painter.rect_filled(r.expand(0.25), 0.0, Color32::BLACK);
                }
            }
        }
        let text_top = qr.max.y + 8.0;
        painter.galley(
            pos2(card.center().x - galley.size().x / 2.0, text_top),
            galley.clone(),
            Color32::BLACK,
        );
        let joined = session.participants();
        painter.text(
            pos2(card.center().x, card.max.y - 10.0),
            Align2::CENTER_BOTTOM,
            format!("Scan to join · {joined} joined"),
            FontId::proportional(if large { 16.0 } else { 13.0 }),
            Color32::from_gray(40),
        );
        let r = ui.interact(card, ui.make_persistent_id("join_card"), Sense::hover());
        r.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Image,
                true,
                format!("Join the room: scan the code or open {url}; {joined} joined"),
            )
        });
    }
}

/// Where the room's journal of this session goes when there is no recovery folder.
pub fn journal_fallback() -> PathBuf {
    std::env::temp_dir().join(format!("rapport-{}.room.jsonl", std::process::id()))
}
