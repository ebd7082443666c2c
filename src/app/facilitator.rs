//! The facilitator's tools, apart from the project: the room's session (its participants'
//! numbers and the ones blocked), the tray's keyboard, the countdown, and presenting with the
//! scores that flash when they change. `room_ui.rs` and `present.rs` draw them.

use super::present::Flashes;
use super::room_ui::RoomSession;
use super::timer::Timer;
use crate::model::Participant;

/// The room, the timer and presenting.
pub(super) struct Facilitator {
    /// The room, while one is open (DESIGN.md §15).
    pub(super) room: Option<RoomSession>,
    /// The proposal of the tray to give the keyboard to next frame.
    pub(super) tray_focus: Option<u32>,
    /// The number the next room's first new participant gets at least (numbers continue).
    pub(super) next_participant: u32,
    /// Participants the facilitator blocked in this session: every room of it refuses them.
    pub(super) blocked: Vec<Participant>,
    /// The journal number of the last room arrival the project holds (autosave records it, so
    /// recovery replays only what came after).
    pub(super) room_seq: u64,
    /// The facilitator's countdown; never part of the project.
    pub(super) timer: Option<Timer>,
    /// Presentation mode is on.
    pub(super) presentation: bool,
    /// The presented scores that changed a moment ago, highlighted.
    pub(super) flashes: Flashes,
}

impl Default for Facilitator {
    fn default() -> Self {
        Self {
            room: None,
            tray_focus: None,
            next_participant: 1,
            blocked: Vec::new(),
            room_seq: 0,
            timer: None,
            presentation: false,
            flashes: Flashes::default(),
        }
    }
}
