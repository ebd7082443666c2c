//! The room in the workbench (DESIGN.md §15): opening and closing it, taking what participants
//! send into the project (outside the undo history), the join card (a QR code and the URL in
//! large type, with the number of participants) on the canvas's corner, and the tray of
//! proposals the facilitator accepts or dismisses with the keyboard.

use std::path::PathBuf;
use std::sync::Arc;

use egui::{Align2, Color32, FontId, Key, Rect, Sense, pos2, vec2};

use super::RapportApp;
use crate::edit::build;
use std::collections::HashMap;

use crate::model::{Participant, Proposal, ProposalStatus, TouchpointId};
use crate::room::{self, Applied, Room, RoomInit, RoomView};

pub use crate::room::RoomAt;

/// The room's revealed dots per touchpoint, and its feelings per touchpoint.
pub(super) type RoomMarks = (Vec<(TouchpointId, usize)>, Vec<(TouchpointId, room::decide::RoomFeeling)>);

/// An open room and what the workbench keeps about it.
pub struct RoomSession {
    room: Room,
    /// The QR code of the URL: its width in modules and which are dark.
    qr: Option<(usize, Vec<bool>)>,
    /// What was last published: the project's revision, the journey shown and the poll.
    published: Option<(u64, usize, Option<Vec<TouchpointId>>)>,
    /// The feeling poll, while open: the touchpoints the room is asked about.
    poll: Option<Vec<TouchpointId>>,
    /// The next vote's question and dots, as typed in the tray.
    question: String,
    dots: u32,
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
    /// Dismiss every pending proposal of a participant (one undo step).
    DismissAllFrom(Participant),
    /// Close the room.
    Close,
    /// Open a dot vote (the question and dots are the tray's draft).
    OpenVote,
    /// Set a vote's open and revealed flags.
    VoteFlags { id: u32, open: bool, revealed: bool },
    /// Ask the room how the customer feels at the selected touchpoints (all, if none).
    OpenPoll,
    /// Stop asking.
    ClosePoll,
    /// Set the touchpoints the room answered about to the room's feeling (one undo step).
    TakeFeelings,
    /// Refuse a participant's requests from now on (or let them back).
    Block(Participant, bool),
}

impl RapportApp {
    /// The room, while one is open.
    pub fn room(&self) -> Option<&RoomSession> {
        self.facilitator.room.as_ref()
    }

    /// Opens a room on the journey shown, or says why it could not. `room: URL` goes to stderr.
    pub fn open_room(&mut self, at: RoomAt) -> Result<String, String> {
        if let Some(r) = &self.facilitator.room {
            return Ok(r.url().to_owned());
        }
        let journal = match &self.files.recovery {
            Some(session) => session.room_journal(),
            None => journal_fallback(),
        };
        let mut init = RoomInit::new(self.files.doc.project(), self.journey, journal);
        // Numbers continue across rooms of the session, even for participants who sent nothing.
        init.first_participant = init.first_participant.max(self.facilitator.next_participant);
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
        for who in &self.facilitator.blocked {
            room.block(*who);
        }
        let url = room.url().to_owned();
        eprintln!("room: {url}");
        let qr = qrcode::QrCode::new(url.as_bytes()).ok().map(|code| {
            let dark = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
            (code.width(), dark)
        });
        self.facilitator.room = Some(RoomSession {
            room,
            qr,
            published: None,
            poll: None,
            question: "Which touchpoints matter most to fix?".to_owned(),
            dots: 3,
        });
        self.settings.join_card_hidden = false;
        self.chrome.say(format!("The room is open: {url} (Ctrl+Shift+R closes it)"));
        Ok(url)
    }

    /// Closes the room: the server stops at once and the phones say so. What arrived stays in
    /// the project.
    pub fn close_room(&mut self) {
        if let Some(mut r) = self.facilitator.room.take() {
            self.facilitator.next_participant =
                self.facilitator.next_participant.max(r.room.next_participant().0);
            r.room.close();
            // A request already past the door when the room closed is still answered: take
            // what arrived, then once more after a moment, so every answered arrival is in.
            for wait in [0, 50] {
                std::thread::sleep(std::time::Duration::from_millis(wait));
                for arrival in r.room.take_arrivals() {
                    self.facilitator.room_seq = self.facilitator.room_seq.max(arrival.seq);
                    self.files.doc.apply_outside_history(|p| {
                        !matches!(room::apply(p, &arrival), Applied::AlreadyThere | Applied::VoteGone)
                    });
                }
            }
            self.chrome.status =
                Some(("The room is closed; what participants sent stays in the project".to_owned(), false));
        }
    }

    pub(super) fn toggle_room(&mut self) {
        if self.facilitator.room.is_some() {
            self.close_room();
        } else if let Err(e) = self.open_room(RoomAt::Network) {
            self.chrome.warn(e);
        }
    }

    /// Takes what participants sent into the project (outside the undo history: nobody undoes
    /// a participant), and tells the phones what the project now is.
    pub(super) fn room_frame(&mut self) {
        let Some(session) = &mut self.facilitator.room else { return };
        let arrivals = session.room.take_arrivals();
        let mut proposed = 0;
        // The journey the phones were last shown (a rename since leaves their stamp behind).
        let shown = session.published.as_ref().map_or(self.journey, |p| p.1);
        for arrival in &arrivals {
            self.facilitator.room_seq = self.facilitator.room_seq.max(arrival.seq);
            let arrival = &room::retarget(self.files.doc.project(), arrival, shown);
            let mut applied = Applied::AlreadyThere;
            self.files.doc.apply_outside_history(|p| {
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
            // The tray's count, not this frame's arrivals: it is what the facilitator sees.
            let waiting =
                self.journey().proposals.iter().filter(|p| p.status == ProposalStatus::Pending).count();
            self.chrome.say(format!(
                "{waiting} proposal{} waiting in the room's tray",
                if waiting == 1 { "" } else { "s" }
            ));
        }
        let Some(session) = &mut self.facilitator.room else { return };
        // The poll asks about the journey shown, and only about touchpoints it still has.
        if session.published.as_ref().is_some_and(|p| p.1 != self.journey) {
            session.poll = None;
        }
        if let Some(poll) = &mut session.poll {
            let journeys = &self.files.doc.project().journeys;
            let journey = &journeys[self.journey.min(journeys.len().saturating_sub(1))];
            poll.retain(|id| journey.touchpoint(*id).is_some());
        }
        let now = (self.files.doc.revision(), self.journey, session.poll.clone());
        if session.published.as_ref() != Some(&now) {
            session.room.publish(RoomView::of(self.files.doc.project(), self.journey, session.poll.clone()));
            session.published = Some(now);
        }
    }

    /// Carries out what the tray asked for.
    pub(super) fn tray_action(&mut self, action: TrayAction) {
        let j = self.journey;
        let edit = match action {
            TrayAction::Accept { id, edit } => return self.accept(id, edit),
            TrayAction::DismissAllFrom(who) => return self.dismiss_all_from(who),
            TrayAction::Close => return self.close_room(),
            TrayAction::OpenPoll => return self.open_poll(),
            TrayAction::Block(who, block) => return self.block(who, block),
            TrayAction::ClosePoll => {
                if let Some(session) = &mut self.facilitator.room {
                    session.poll = None;
                }
                return;
            }
            TrayAction::DismissOrRestore(id) => build::dismiss_or_restore_proposal(j, self.journey(), id),
            TrayAction::OpenVote => {
                let Some(session) = &self.facilitator.room else { return };
                build::open_vote(j, self.journey(), &session.question, session.dots)
            }
            TrayAction::VoteFlags { id, open, revealed } => {
                build::vote_flags(j, self.journey(), id, open, revealed)
            }
            TrayAction::TakeFeelings => {
                let took = build::take_room_feelings(j, self.journey());
                if took.is_some() {
                    self.chrome.say("Took the room's feelings (Ctrl+Z undoes it)");
                }
                took
            }
        };
        // A refused edit says why in the status (apply_edit).
        if let Some(e) = edit {
            self.apply_edit(e, None);
        }
    }

    /// Accepts a proposal as a card, selected and brought into view at the zoom the facilitator
    /// chose; with `edit`, its title opens for typing.
    fn accept(&mut self, id: u32, edit: bool) {
        let Some((e, tp)) = build::accept_proposal(self.files.doc.project(), self.journey, id) else {
            return;
        };
        if !self.apply_edit(e, None) {
            return;
        }
        self.view.selection = [tp].into();
        self.view.reveal = Some(tp);
        if edit && let Some(t) = self.journey().touchpoint(tp) {
            let title = t.title.clone();
            self.view.start_editing(tp, title);
        }
        self.chrome.say("Accepted the proposal (Ctrl+Z undoes it)");
    }

    /// Dismisses every waiting proposal of a participant, as one step.
    fn dismiss_all_from(&mut self, who: Participant) {
        let Some(e) = build::dismiss_all_from(self.journey, self.journey(), who) else { return };
        let n = if let crate::edit::Edit::Batch(edits) = &e { edits.len() } else { 1 };
        if self.apply_edit(e, None) {
            let s = if n == 1 { "" } else { "s" };
            self.chrome.say(format!("Dismissed {n} proposal{s} from P{who} (Ctrl+Z undoes it)"));
        }
    }

    /// Asks the room how the customer feels at the selected touchpoints (all, if none).
    fn open_poll(&mut self) {
        let journey = self.journey();
        let ids: Vec<TouchpointId> = if self.view.selection.is_empty() {
            journey.timeline().into_iter().map(|i| journey.touchpoints[i].id).collect()
        } else {
            self.view.selection.iter().copied().collect()
        };
        if let Some(session) = &mut self.facilitator.room {
            self.chrome.say(format!("The room is asked how the customer feels at {} touchpoints", ids.len()));
            session.poll = Some(ids);
        }
    }

    /// Refuses a participant's requests from now on, in this room and the session's later ones
    /// (or lets them back).
    fn block(&mut self, who: Participant, block: bool) {
        self.facilitator.blocked.retain(|b| *b != who);
        if block {
            self.facilitator.blocked.push(who);
        }
        if let Some(session) = &self.facilitator.room {
            if block {
                session.room.block(who);
            } else {
                session.room.unblock(who);
            }
            self.chrome
                .say(format!("Participant {who} is {}", if block { "blocked" } else { "let back in" }));
        }
    }

    /// The room's revealed dots per touchpoint and its feelings, for the canvas to draw.
    pub(super) fn room_marks(&self) -> RoomMarks {
        let journey = self.journey();
        // The latest vote's, once revealed (a new vote hides the last one's results).
        let dots = journey.votes.last().filter(|v| v.revealed).map(|v| v.tally()).unwrap_or_default();
        let mut asked: Vec<TouchpointId> = journey.heard.iter().map(|h| h.touchpoint).collect();
        asked.sort_unstable();
        asked.dedup();
        let feelings = asked
            .into_iter()
            .filter_map(|id| room::decide::room_feeling(journey, id).map(|f| (id, f)))
            .collect();
        (dots, feelings)
    }

    /// The tray beside the canvas: the room's address and participants (always in view), the
    /// pending proposals oldest first (only the rows in view are laid out, so a flood costs
    /// nothing), then the dismissed ones, the vote and the poll. Keyboard: ↑/↓ move between
    /// proposals, Enter accepts, Shift+Enter accepts and opens the title, Delete dismisses.
    pub(super) fn tray_ui(&mut self, ui: &mut egui::Ui) -> Option<TrayAction> {
        let mut action = None;
        super::name_region(ui, "Room tray");
        ui.heading("Room");
        self.join_card_ui(ui);
        if let Some(session) = &self.facilitator.room {
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
        if let Some(a) = self.proposals_ui(ui) {
            action = Some(a);
        }
        egui::ScrollArea::vertical().id_salt("room_tray_scroll").show(ui, |ui| {
            let dismissed: Vec<(u32, String)> = self
                .journey()
                .proposals
                .iter()
                .filter(|p| p.status == ProposalStatus::Dismissed)
                .map(|p| (p.id, p.title.clone()))
                .collect();
            if !dismissed.is_empty() {
                ui.separator();
                egui::CollapsingHeader::new(format!("Dismissed ({})", dismissed.len()))
                    .id_salt("tray_dismissed")
                    .show(ui, |ui| {
                        for (id, title) in &dismissed {
                            ui.horizontal(|ui| {
                                if ui.small_button("Restore").clicked() {
                                    action = Some(TrayAction::DismissOrRestore(*id));
                                }
                                ui.label(title);
                            });
                        }
                    });
            }
            if let Some(a) = self.votes_and_poll_ui(ui) {
                action = Some(a);
            }
        });
        action
    }

    /// The pending proposals, oldest first, in a list of their own that lays out only the rows
    /// in view; above it, after a flood, the participant who sent most of them, to dismiss at
    /// once.
    fn proposals_ui(&mut self, ui: &mut egui::Ui) -> Option<TrayAction> {
        let blocked: Option<Vec<Participant>> =
            self.facilitator.room.as_ref().map(|_| self.facilitator.blocked.clone());
        let focus_to = self.facilitator.tray_focus.take();
        let journey = self.journey();
        let mut order: Vec<&Proposal> =
            journey.proposals.iter().filter(|p| p.status == ProposalStatus::Pending).collect();
        order.sort_by_key(|p| (p.at, p.id));
        let mut sent: HashMap<Participant, usize> = HashMap::new();
        for p in &order {
            *sent.entry(p.from).or_default() += 1;
        }
        let mut out = RowOut { action: flood_ui(ui, order.len(), &sent), ..RowOut::default() };
        let rows = TrayRows {
            ids: order.iter().map(|p| p.id).collect(),
            lanes: &journey.lanes,
            first_lane: journey.first_lane(),
            blocked: blocked.as_deref(),
            sent: &sent,
            focus_to,
            height: row_height(ui),
        };
        let area = rows.scroll_area(ui);
        area.show_rows(ui, rows.height, order.len(), |ui, shown| {
            ui.data_mut(|d| d.insert_temp(rows_shown_id(ui), shown.clone()));
            for k in shown {
                rows.row_ui(ui, k, order[k], &mut out);
            }
        });
        if out.clear_selection {
            self.view.selection.clear();
        }
        self.facilitator.tray_focus = out.focus_next;
        if out.focus_next.is_some() {
            ui.ctx().request_repaint();
        }
        out.action
    }

    /// The tray's dot vote (open one, close, reveal, the results by dots) and feeling poll (ask,
    /// stop, the room's median and range per touchpoint, take them).
    fn votes_and_poll_ui(&mut self, ui: &mut egui::Ui) -> Option<TrayAction> {
        let vote = self.vote_ui(ui);
        self.poll_ui(ui).or(vote)
    }

    /// The dot vote: the latest vote's question, state and results, and a new vote's draft.
    fn vote_ui(&mut self, ui: &mut egui::Ui) -> Option<TrayAction> {
        let mut action = None;
        let journey = self.journey();
        let title = |id: TouchpointId| journey.touchpoint(id).map_or("?", |t| t.title.as_str()).to_owned();
        // What the tray shows, read before the draft fields are borrowed to edit.
        let vote = journey.votes.last().map(|v| {
            let mut voters: Vec<Participant> = v.ballots.iter().map(|b| b.from).collect();
            voters.sort_unstable();
            voters.dedup();
            let results: Vec<String> = if v.revealed {
                v.tally().into_iter().take(10).map(|(id, n)| format!("{n} ● {}", title(id))).collect()
            } else {
                Vec::new()
            };
            (v.id, v.question.clone(), v.dots, v.open, v.revealed, v.ballots.len(), voters.len(), results)
        });
        ui.separator();
        ui.label(egui::RichText::new("Dot vote").strong());
        if let Some((id, question, dots, is_open, revealed, placed, voters, results)) = vote {
            ui.label(format!("“{question}” · {dots} dot{} each", if dots == 1 { "" } else { "s" }));
            ui.weak(format!(
                "{} · {placed} dots from {voters} participant{}{}",
                if is_open { "open" } else { "closed" },
                if voters == 1 { "" } else { "s" },
                if revealed { "" } else { " · hidden from everyone until revealed" }
            ));
            ui.horizontal(|ui| {
                let (label, now) = if is_open { ("Close vote", false) } else { ("Reopen", true) };
                if ui.small_button(label).clicked() {
                    action = Some(TrayAction::VoteFlags { id, open: now, revealed });
                }
                let label = if revealed { "Hide results" } else { "Reveal results" };
                if ui.small_button(label).clicked() {
                    action = Some(TrayAction::VoteFlags { id, open: is_open, revealed: !revealed });
                }
            });
            for line in results {
                ui.label(line);
            }
        }
        if let Some(session) = &mut self.facilitator.room {
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut session.question)
                        .desired_width(150.0)
                        .hint_text("Question"),
                );
                ui.add(
                    egui::DragValue::new(&mut session.dots)
                        .range(1..=crate::model::MAX_VOTE_DOTS)
                        .suffix(" dots"),
                );
            });
            if ui
                .add_enabled(!session.question.trim().is_empty(), egui::Button::new("Open a new vote"))
                .clicked()
            {
                action = Some(TrayAction::OpenVote);
            }
        }
        action
    }

    /// The feeling poll: ask the room how the customer feels, stop asking, the room's median
    /// and range per touchpoint, and take them into the journey.
    fn poll_ui(&mut self, ui: &mut egui::Ui) -> Option<TrayAction> {
        let mut action = None;
        let open = self.facilitator.room.is_some();
        let journey = self.journey();
        let answers = journey.heard.len();
        let feelings = &self.view.room_feelings;
        let title = |id: TouchpointId| journey.touchpoint(id).map_or("?", |t| t.title.as_str()).to_owned();
        let feeling_lines: Vec<String> = feelings
            .iter()
            .take(12)
            .map(|(id, f)| {
                format!(
                    "{}: {:+} ({:+}…{:+}), {} answer{}",
                    title(*id),
                    f.median,
                    f.lowest,
                    f.highest,
                    f.answers,
                    if f.answers == 1 { "" } else { "s" }
                )
            })
            .collect();
        ui.separator();
        ui.label(egui::RichText::new("Feeling poll").strong());
        let polling = self.facilitator.room.as_ref().and_then(|r| r.poll.as_ref()).map(Vec::len);
        match polling {
            Some(n) => {
                ui.weak(format!(
                    "asking about {n} touchpoint{} · {answers} answers",
                    if n == 1 { "" } else { "s" }
                ));
                if ui.small_button("Stop asking").clicked() {
                    action = Some(TrayAction::ClosePoll);
                }
            }
            None if open => {
                let what = if self.view.selection.is_empty() {
                    "every touchpoint".to_owned()
                } else {
                    format!("the {} selected", self.view.selection.len())
                };
                if ui
                    .small_button("Ask how the customer feels")
                    .on_hover_text(format!("Participants rate {what} from −2 to +2"))
                    .clicked()
                {
                    action = Some(TrayAction::OpenPoll);
                }
            }
            None => {}
        }
        if !feeling_lines.is_empty() {
            for line in feeling_lines {
                ui.label(line);
            }
            if ui
                .button("Take the room's feelings")
                .on_hover_text("Each touchpoint answered about gets the room's median (one undo step)")
                .clicked()
            {
                action = Some(TrayAction::TakeFeelings);
            }
        }
        action
    }

    /// The join card at the top of the tray, beside the canvas (so it never covers a card the
    /// room is reading): the QR code, the address in large type and how many have joined;
    /// larger while presenting; hidden with Workshop → Show / hide the join card.
    pub(super) fn join_card_ui(&self, ui: &mut egui::Ui) {
        let Some(session) = &self.facilitator.room else { return };
        if self.settings.join_card_hidden {
            return;
        }
        let large = self.facilitator.presentation;
        let w = ui.available_width().max(160.0);
        let side = (w - 24.0).min(if large { 300.0 } else { 160.0 });
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

/// The tray's heading with the count of waiting proposals and, after a flood, the participant
/// who sent most of them with a button that dismisses them all.
fn flood_ui(ui: &mut egui::Ui, waiting: usize, sent: &HashMap<Participant, usize>) -> Option<TrayAction> {
    ui.label(egui::RichText::new(format!("Proposals ({waiting})")).strong());
    if waiting == 0 {
        ui.weak("Nothing waiting. Participants propose from their phones.");
    }
    let (who, n) = sent.iter().max_by_key(|(who, n)| (**n, std::cmp::Reverse(**who)))?;
    let mut action = None;
    if *n >= FLOOD {
        ui.horizontal_wrapped(|ui| {
            ui.weak(format!("P{who} sent {n} of them"));
            if ui.small_button(format!("Dismiss all from P{who}")).clicked() {
                action = Some(TrayAction::DismissAllFrom(*who));
            }
        });
    }
    action
}

/// The height of a proposal's row: its title, a line of details, and its buttons.
fn row_height(ui: &egui::Ui) -> f32 {
    let line = ui.text_style_height(&egui::TextStyle::Body);
    let spacing = ui.spacing();
    2.0 * line + 2.0 * spacing.button_padding.y + spacing.item_spacing.y * 2.0 + spacing.interact_size.y
}

/// Where the tray keeps which rows were in view last frame.
fn rows_shown_id(ui: &egui::Ui) -> egui::Id {
    ui.make_persistent_id("tray_rows_shown")
}

/// What the rows of the tray share while they are drawn.
struct TrayRows<'a> {
    /// The pending proposals' ids, in the tray's order.
    ids: Vec<u32>,
    lanes: &'a [String],
    first_lane: &'a str,
    /// The participants blocked, while a room is open (the rows offer to block only then).
    blocked: Option<&'a [Participant]>,
    /// How many proposals each participant has waiting.
    sent: &'a HashMap<Participant, usize>,
    /// The proposal to give the keyboard to.
    focus_to: Option<u32>,
    height: f32,
}

/// What the rows asked for.
#[derive(Default)]
struct RowOut {
    action: Option<TrayAction>,
    /// The proposal to give the keyboard to next frame.
    focus_next: Option<u32>,
    /// The keyboard leaves an emptied tray: the canvas's selection goes too.
    clear_selection: bool,
}

impl TrayRows<'_> {
    /// The list's scroll area: scrolled to the proposal given the keyboard when it is not in
    /// the rows shown last frame.
    fn scroll_area(&self, ui: &egui::Ui) -> egui::ScrollArea {
        let shown: std::ops::Range<usize> = ui.data(|d| d.get_temp(rows_shown_id(ui))).unwrap_or(0..0);
        let area = egui::ScrollArea::vertical()
            .id_salt("room_tray_proposals")
            .max_height((ui.available_height() * 0.6).max(self.height * 2.0))
            .auto_shrink([false, true]);
        match self.focus_to.and_then(|id| self.ids.iter().position(|i| *i == id)) {
            Some(k) if !(shown.start + 1..shown.end.saturating_sub(1)).contains(&k) => area
                .vertical_scroll_offset(
                    (k as f32 - 1.0).max(0.0) * (self.height + ui.spacing().item_spacing.y),
                ),
            _ => area,
        }
    }

    /// One proposal: its title (the keyboard's stop), a line of details, its buttons, and a
    /// context menu that dismisses all of its participant's.
    fn row_ui(&self, ui: &mut egui::Ui, k: usize, p: &Proposal, out: &mut RowOut) {
        let size = vec2(ui.available_width(), self.height);
        ui.allocate_ui_with_layout(size, egui::Layout::top_down(egui::Align::Min), |ui| {
            ui.set_min_height(self.height);
            let row = ui.add(egui::Button::selectable(false, &p.title).truncate()).on_hover_text(&p.title);
            ui.add(egui::Label::new(egui::RichText::new(self.details(p)).weak().small()).truncate());
            if self.focus_to == Some(p.id) || row.clicked() {
                row.request_focus();
            }
            ui.horizontal(|ui| self.buttons_ui(ui, p, out));
            row.context_menu(|ui| {
                let n = self.sent.get(&p.from).copied().unwrap_or(0);
                if ui.button(format!("Dismiss all {n} from P{}", p.from)).clicked() {
                    out.action = Some(TrayAction::DismissAllFrom(p.from));
                    ui.close();
                }
            });
            if row.has_focus() {
                self.keys(tray_keys(ui), k, p, out);
            }
        });
    }

    /// "P3 · 14:02 · Long term · People · feels −1": a lane the journey no longer has is said,
    /// with where accepting puts it.
    fn details(&self, p: &Proposal) -> String {
        let feeling = p
            .feeling
            .map(|f| format!(" · feels {}", crate::describe::signed(i32::from(f))))
            .unwrap_or_default();
        let lane = match p.lane.as_deref() {
            Some(l) if self.lanes.iter().any(|x| x == l) => format!(" · {l}"),
            Some(l) => format!(" · {l} (gone: goes to {})", self.first_lane),
            None => String::new(),
        };
        format!(
            "P{} · {} · {}{lane}{feeling}",
            p.from,
            p.at.to_string().get(11..16).unwrap_or(""),
            p.phase.label()
        )
    }

    fn buttons_ui(&self, ui: &mut egui::Ui, p: &Proposal, out: &mut RowOut) {
        if ui.small_button("Accept").on_hover_text("Enter on the proposal").clicked() {
            out.action = Some(TrayAction::Accept { id: p.id, edit: false });
        }
        if ui.small_button("Dismiss").on_hover_text("Delete on the proposal").clicked() {
            out.action = Some(TrayAction::DismissOrRestore(p.id));
        }
        if let Some(blocked) = self.blocked {
            let is = blocked.contains(&p.from);
            let label = if is { format!("Let P{} back", p.from) } else { format!("Block P{}", p.from) };
            if ui
                .small_button(label)
                .on_hover_text("A blocked participant's phone is refused from now on")
                .clicked()
            {
                out.action = Some(TrayAction::Block(p.from, !is));
            }
        }
    }

    /// A key on the proposal with the keyboard: Enter accepts (Shift+Enter opens the title too),
    /// Delete dismisses, ↑/↓ move. The next proposal keeps the keyboard after this one leaves.
    fn keys(&self, key: TrayKey, k: usize, p: &Proposal, out: &mut RowOut) {
        let before = k.checked_sub(1).and_then(|i| self.ids.get(i)).copied();
        let after = self.ids.get(k + 1).copied();
        match key {
            TrayKey::Enter { shift } => {
                out.action = Some(TrayAction::Accept { id: p.id, edit: shift });
                if !shift {
                    out.focus_next = after.or(before);
                }
            }
            TrayKey::Delete => {
                out.action = Some(TrayAction::DismissOrRestore(p.id));
                out.focus_next = after.or(before);
                // With the tray empty the keyboard leaves it: a second Delete must not delete
                // the card selected on the canvas.
                out.clear_selection = out.focus_next.is_none();
            }
            TrayKey::Up => out.focus_next = before,
            TrayKey::Down => out.focus_next = after,
            TrayKey::None => {}
        }
    }
}

/// A participant with this many proposals waiting is offered "Dismiss all from P…" above the
/// list.
const FLOOD: usize = 5;

/// A key pressed on the proposal that has the keyboard.
enum TrayKey {
    Enter { shift: bool },
    Delete,
    Up,
    Down,
    None,
}

fn tray_keys(ui: &egui::Ui) -> TrayKey {
    ui.input(|i| {
        if i.key_pressed(Key::Enter) {
            TrayKey::Enter { shift: i.modifiers.shift }
        } else if i.key_pressed(Key::Delete) || i.key_pressed(Key::Backspace) {
            TrayKey::Delete
        } else if i.key_pressed(Key::ArrowUp) {
            TrayKey::Up
        } else if i.key_pressed(Key::ArrowDown) {
            TrayKey::Down
        } else {
            TrayKey::None
        }
    })
}

/// Where the room's journal of this session goes when there is no recovery folder.
pub fn journal_fallback() -> PathBuf {
    std::env::temp_dir().join(format!("rapport-{}.room.jsonl", std::process::id()))
}
