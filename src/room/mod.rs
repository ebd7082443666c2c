//! The room (DESIGN.md §15): workshop participants join from their phones on the local network
//! — no app, no account, no internet — propose touchpoints, place dots in a vote and say how the
//! customer feels, while the facilitator decides in the workbench.
//!
//! No egui here: this is the room's HTTP side — hyper on a small tokio runtime of its own
//! thread, the phone page it serves (`assets/room/`, embedded), and a journal that makes every
//! accepted request durable. The workshop's rules (what a participant may send, what arrives
//! and how it is put into a project, what participants see) are [`crate::workshop`]'s.
//!
//! # Wiring it into the workbench
//!
//! The UI thread never blocks on the room: every call below takes a mutex for a moment and
//! returns; the server's threads do the rest.
//!
//! ```no_run
//! use std::sync::Arc;
//! use rapport::room::{self, Room, RoomInit, RoomView};
//! # fn demo(project: &mut rapport::model::Project, recovery_dir: &std::path::Path) -> Result<(), room::RoomError> {
//! // Opening (View → Open room): the journey shown, the session's journal, and a wake-up that
//! // asks egui for a frame (`let ctx = ui.ctx().clone(); Arc::new(move || ctx.request_repaint())`).
//! let init = RoomInit::new(project, 0, recovery_dir.join("SESSION-KEY.room.jsonl"));
//! let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(|| {});
//! // Every address of the laptop, port 7707, else the next free one.
//! let mut room = Room::open_on(std::net::Ipv4Addr::UNSPECIFIED.into(), init, wake)?;
//! eprintln!("room: {}", room.url());                  // http://ADDR:PORT/j/TOKEN, ADDR the best
//! let _others = room.urls();                          // every address phones may reach
//! if let Some(problem) = room.problem() {             // e.g. out of open files: show it
//!     eprintln!("{problem}");
//! }
//!
//! // Every frame (cheap): put what arrived into the project, outside the undo history, then
//! // mark the project unsaved so autosave writes it within seconds.
//! for arrival in room.take_arrivals() {
//!     room::apply(project, &arrival);
//! }
//! // Whenever the project, the journey shown, the vote or the poll changed (an unchanged view
//! // is ignored, so publishing every frame is fine too):
//! room.publish(RoomView::of(project, 0, None));
//! let _joined = room.participants();
//! room.close(); // or drop it: the server stops at once and the phones say the room closed
//! # Ok(()) }
//! ```
//!
//! **Threads.** [`Room::open`] binds the address and starts two threads: one runs the tokio
//! runtime that serves every connection (hyper; one file descriptor each), the other keeps the
//! journal. `wake` is called from them only when something arrived (an arrival, a new
//! participant, a problem), never while a lock is held.
//!
//! **A hostile network** (DESIGN.md §15): at most [`CONNECTIONS_PER_ADDRESS`] connections from
//! one address, a request's head within [`HEAD_DEADLINE`] and its body within
//! [`BODY_DEADLINE`], the open-file soft limit raised to the hard limit, participants made only
//! by loading the page, at most [`NEW_PARTICIPANTS_PER_MINUTE`] new ones a minute from one
//! address, blocking that blocks the address for newcomers too, `Origin` and `Content-Type`
//! checked on every POST and PUT, and an arrival answered 5xx never left in the journal.
//! Failures the facilitator should know of are in [`Room::problem`].
//!
//! **Nothing is lost.** Before answering 201 (a proposal) or 200 (dots, feelings) the server
//! appends the arrival to the journal and flushes it to disk. On recovery after a crash, read
//! the journal ([`journal::read`]) and [`journal::merge`] it into the recovered project, after
//! the number ([`Arrival::seq`]) of the last arrival the recovery file holds — the workbench
//! keeps that number with each autosave; 0 replays everything, which is safe because
//! [`apply`] is idempotent.
//!
//! **Numbers continue.** [`RoomInit::new`] starts participant numbers after the largest in
//! the project's room data and proposal ids after the largest proposal id; a later room in
//! the same session should also start after [`Room::next_participant`] of the last one.

mod address;
pub mod http;
pub mod journal;
mod limits;
mod server;
mod token;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

pub use address::{Interface, default_route, interfaces, reachable, reachable_now};
pub use limits::{
    BODY_DEADLINE, COMMENTS_PER_MINUTE, CONNECTIONS_PER_ADDRESS, HEAD_DEADLINE, Limits, MAX_BODY_BYTES,
    MAX_COMMENT_BODY_BYTES, MAX_PARTICIPANTS, NEW_PARTICIPANTS_PER_MINUTE, PROPOSALS_PER_MINUTE,
};
pub use token::grouped as grouped_token;
// The workshop's rules, where the room's users have always found them.
pub use crate::workshop::decide;
pub use crate::workshop::{Applied, Arrival, Arrived, RoomView, ViewTouchpoint, ViewVote, apply, retarget};

use crate::model::{Participant, Project};
use server::{Shared, State, lock};

/// Where a workbench's room listens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoomAt {
    /// Every address of the laptop, port 7707 or the next free one.
    Network,
    /// Exactly this address and port (port 0: any free one).
    Addr(SocketAddr),
}

/// The port a room listens on when it is free.
pub const PORT: u16 = 7707;
/// How many ports after [`PORT`] are tried.
pub const PORTS_TRIED: u16 = 20;
/// How long a problem stays in [`Room::problem`] after it last happened.
const PROBLEM_SHOWN_FOR: Duration = Duration::from_secs(60);

/// Why a room could not open.
#[derive(Debug, thiserror::Error)]
pub enum RoomError {
    /// The address (or every port tried) could not be bound.
    #[error("the address {0} cannot be used: {1}")]
    Bind(String, #[source] std::io::Error),
    /// The session's journal could not be opened.
    #[error("the room's journal cannot be opened: {0}")]
    Journal(#[source] std::io::Error),
    /// The system gave no randomness for the token.
    #[error(transparent)]
    Token(#[from] token::NoRandomness),
    /// The server's threads could not start.
    #[error("the room's server cannot start: {0}")]
    Start(#[source] std::io::Error),
}

/// What a room starts from.
#[derive(Clone, Debug)]
pub struct RoomInit {
    /// What participants see first.
    pub view: RoomView,
    /// The journal file: in the workbench's recovery folder, one per workbench session.
    pub journal: PathBuf,
    /// The number the first new participant gets.
    pub first_participant: u32,
    /// The id the first proposal gets.
    pub first_proposal: u32,
    /// The limits.
    pub limits: Limits,
}

impl RoomInit {
    /// A room on journey `journey` of the project, numbering after the project's room data,
    /// with the real limits.
    pub fn new(project: &Project, journey: usize, journal: PathBuf) -> Self {
        Self {
            view: RoomView::of(project, journey, None),
            journal,
            first_participant: project.last_participant().saturating_add(1),
            first_proposal: project.next_proposal_id(),
            limits: Limits::default(),
        }
    }
}

/// An open room: a server on its own threads. Dropping it closes it.
pub struct Room {
    shared: Arc<Shared>,
    addr: SocketAddr,
    /// The addresses phones may reach it at, best first.
    addresses: Vec<IpAddr>,
    listener_gone: Option<std::sync::mpsc::Receiver<()>>,
    server: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Room {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Room").field("url", &self.url()).finish_non_exhaustive()
    }
}

impl Room {
    /// Opens a room on `addr` (tests: `127.0.0.1:0`; `0.0.0.0:PORT` listens on every address)
    /// with a new random token, and starts serving. Fails when the address cannot be bound,
    /// the journal cannot be opened, or the system has no randomness to make a token from.
    pub fn open(
        addr: SocketAddr,
        init: RoomInit,
        wake: Arc<dyn Fn() + Send + Sync>,
    ) -> Result<Room, RoomError> {
        let listener = TcpListener::bind(addr).map_err(|e| RoomError::Bind(addr.to_string(), e))?;
        Self::serve(listener, init, wake)
    }

    /// Opens a room on `ip` (unspecified: every address), port [`PORT`] or, when it is taken,
    /// the next free one of the [`PORTS_TRIED`] after it.
    pub fn open_on(ip: IpAddr, init: RoomInit, wake: Arc<dyn Fn() + Send + Sync>) -> Result<Room, RoomError> {
        let mut last = std::io::Error::new(std::io::ErrorKind::AddrInUse, "no free port");
        for port in PORT..=PORT.saturating_add(PORTS_TRIED) {
            match TcpListener::bind(SocketAddr::new(ip, port)) {
                Ok(listener) => return Self::serve(listener, init, wake),
                Err(e) => last = e,
            }
        }
        Err(RoomError::Bind(format!("{ip}:{PORT}–{}", PORT.saturating_add(PORTS_TRIED)), last))
    }

    fn serve(
        listener: TcpListener,
        init: RoomInit,
        wake: Arc<dyn Fn() + Send + Sync>,
    ) -> Result<Room, RoomError> {
        let addr = listener.local_addr().map_err(RoomError::Start)?;
        listener.set_nonblocking(true).map_err(RoomError::Start)?;
        let max_connections = server::connections_allowed();
        let journal = journal::Journal::open(&init.journal).map_err(RoomError::Journal)?;
        let token = token::new_token()?;
        let addresses: Vec<IpAddr> = if addr.ip().is_unspecified() {
            reachable_now().into_iter().map(IpAddr::V4).collect()
        } else {
            vec![addr.ip()]
        };
        let base = format!("/j/{token}");
        let page = include_str!("../../assets/room/index.html").replace("{{BASE}}", &base);
        let arrivals: Arc<Mutex<Vec<Arrival>>> = Arc::default();
        let problems: Arc<Mutex<server::Problems>> = Arc::default();
        let keep = {
            let (arrivals, problems, wake) =
                (Arc::clone(&arrivals), Arc::clone(&problems), Arc::clone(&wake));
            journal::keeper(journal, move |kept| match kept {
                journal::Kept::Durable(done) => lock(&arrivals).extend(done),
                journal::Kept::Failed(why) => {
                    lock(&problems).note("journal", format!("A participant's answer was not kept: {why}"));
                    wake();
                }
            })
            .map_err(RoomError::Start)?
        };
        let shared = Arc::new(Shared {
            token,
            limits: init.limits,
            wake,
            state: Mutex::new(State {
                view: Arc::new(init.view),
                version: 0,
                secrets: Default::default(),
                people: Default::default(),
                next_participant: init.first_participant.max(1),
                next_proposal: init.first_proposal.max(1),
                newcomers: Default::default(),
                blocked_addresses: Default::default(),
            }),
            changed: tokio::sync::watch::channel(0).0,
            closing: tokio::sync::watch::channel(false).0,
            closed: AtomicBool::new(false),
            keep: Mutex::new(keep),
            arrivals,
            problems,
            conns: Mutex::default(),
            max_connections,
            page,
        });
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(RoomError::Start)?;
        let (gone_tx, gone_rx) = std::sync::mpsc::channel();
        let worker = Arc::clone(&shared);
        let server = std::thread::Builder::new()
            .name("rapport-room".to_owned())
            .spawn(move || runtime.block_on(server::run(worker, listener, gone_tx)))
            .map_err(RoomError::Start)?;
        Ok(Room { shared, addr, addresses, listener_gone: Some(gone_rx), server: Some(server) })
    }

    /// `http://ADDR:PORT/j/TOKEN` at the address phones most likely reach: what the join card
    /// shows first and the QR code holds.
    pub fn url(&self) -> String {
        self.url_at(self.addresses.first().copied().unwrap_or(self.addr.ip()))
    }

    /// The room's URL at each address phones may reach it at, best first (one, when the room
    /// listens on one address).
    pub fn urls(&self) -> Vec<String> {
        self.addresses.iter().map(|ip| self.url_at(*ip)).collect()
    }

    /// The token, as the join card shows it: in groups that cannot be read as one word.
    pub fn token_grouped(&self) -> String {
        token::grouped(&self.shared.token)
    }

    fn url_at(&self, ip: IpAddr) -> String {
        format!("http://{}/j/{}", server::host_of(SocketAddr::new(ip, self.addr.port())), self.shared.token)
    }

    /// The address and port actually bound.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Shows participants this view from now on; their pages follow within moments. An
    /// unchanged view is ignored. Cheap: a comparison and a pointer swap under a lock.
    pub fn publish(&self, view: RoomView) {
        let mut state = lock(&self.shared.state);
        if *state.view != view {
            state.view = Arc::new(view);
            state.version += 1;
            drop(state);
            self.shared.bump();
        }
    }

    /// What arrived since the last call, oldest first, each already in the journal. Call it
    /// after [`Room::close`] too: arrivals answered just before closing are still there.
    pub fn take_arrivals(&self) -> Vec<Arrival> {
        std::mem::take(&mut lock(&self.shared.arrivals))
    }

    /// How many participants have joined this room (blocked ones included).
    pub fn participants(&self) -> usize {
        lock(&self.shared.state).people.len()
    }

    /// The number the next new participant would get: a later room of the same project
    /// starts there (or after the project's room data, whichever is larger).
    pub fn next_participant(&self) -> Participant {
        Participant(lock(&self.shared.state).next_participant)
    }

    /// Blocks a participant: their further requests get 403, their event stream ends, and no
    /// new participant is taken from their address while they stay blocked.
    pub fn block(&self, participant: Participant) {
        self.set_blocked(participant, true);
    }

    /// Lets a blocked participant take part again (and new participants from their address).
    pub fn unblock(&self, participant: Participant) {
        self.set_blocked(participant, false);
    }

    /// The participants blocked now.
    pub fn blocked(&self) -> Vec<Participant> {
        lock(&self.shared.state).people.iter().filter(|(_, p)| p.blocked).map(|(n, _)| *n).collect()
    }

    /// The addresses no new participant is taken from: those of blocked participants and
    /// those blocked with [`Room::block_address`]. A later room of the session starts with them.
    pub fn blocked_addresses(&self) -> Vec<IpAddr> {
        let state = lock(&self.shared.state);
        let mut all: Vec<IpAddr> = state.blocked_addresses.iter().copied().collect();
        all.extend(state.people.values().filter(|p| p.blocked).map(|p| p.address));
        all.sort_unstable();
        all.dedup();
        all
    }

    /// Takes no new participant from this address (or takes them again, unless a participant
    /// who joined from it is blocked in this room).
    pub fn block_address(&self, ip: IpAddr, blocked: bool) {
        let mut state = lock(&self.shared.state);
        if blocked {
            state.blocked_addresses.insert(ip);
        } else {
            state.blocked_addresses.remove(&ip);
        }
    }

    /// The address a participant of this room joined from.
    pub fn address_of(&self, participant: Participant) -> Option<IpAddr> {
        lock(&self.shared.state).people.get(&participant).map(|p| p.address)
    }

    fn set_blocked(&self, participant: Participant, blocked: bool) {
        let mut state = lock(&self.shared.state);
        if let Some(p) = state.people.get_mut(&participant) {
            p.blocked = blocked;
            let ip = p.address;
            if !blocked {
                state.blocked_addresses.remove(&ip);
            }
            state.version += 1;
            drop(state);
            self.shared.bump();
        }
    }

    /// What went wrong in the last minute that the facilitator should know of (connections
    /// that could not be accepted, answers that could not be kept), as a sentence.
    pub fn problem(&self) -> Option<String> {
        lock(&self.shared.problems).latest(PROBLEM_SHOWN_FOR)
    }

    /// Connections open now.
    pub fn connections(&self) -> usize {
        lock(&self.shared.conns).open
    }

    /// Whether the room has been closed.
    pub fn is_closed(&self) -> bool {
        self.shared.closed.load(Ordering::SeqCst)
    }

    /// Closes the room at once: new connections are refused from when this returns, event
    /// streams get `event: closed`, and every connection is shut within a second, on the
    /// server's own thread. Closing twice does nothing.
    pub fn close(&mut self) {
        let Some(gone) = self.listener_gone.take() else { return };
        self.shared.close();
        let _ = gone.recv_timeout(Duration::from_secs(2));
        // The server's thread ends by itself within a moment; it is not waited for.
        drop(self.server.take());
    }
}

impl Drop for Room {
    fn drop(&mut self) {
        self.close();
    }
}

/// Raises the soft limit of open files to the hard limit (a no-op where there is none, as on
/// Windows) and returns the files now allowed. A room does it when it opens; the workbench at
/// start.
pub fn raise_open_file_limit() -> u64 {
    server::raise_open_file_limit()
}

/// The laptop's address on the local network: the one its default route leaves from, else
/// the best of [`reachable_now`]. `None` without a network.
pub fn lan_address() -> Option<IpAddr> {
    default_route().or_else(|| reachable_now().into_iter().find(|ip| !ip.is_loopback()).map(IpAddr::V4))
}
