//! The room (DESIGN.md §15): workshop participants join from their phones on the local network
//! — no app, no account, no internet — propose touchpoints, place dots in a vote and say how the
//! customer feels, while the facilitator decides in the workbench.
//!
//! No egui here: this is the room's HTTP side — a small HTTP/1.1 server on std threads, the
//! phone page it serves (`assets/room/`, embedded), and a journal that makes every accepted
//! request durable. The workshop's rules (what arrives and how it is put into a project, what
//! participants see, the facilitator's decisions) are [`crate::workshop`]'s.
//!
//! # Wiring it into the workbench
//!
//! The UI thread never blocks on the room: every call below takes a mutex for a moment and
//! returns; the server's threads do the rest.
//!
//! ```no_run
//! use std::sync::Arc;
//! use rapport::room::{self, Room, RoomInit, RoomView};
//! # fn demo(project: &mut rapport::model::Project, recovery_dir: &std::path::Path) -> std::io::Result<()> {
//! // Opening (View → Open room): the journey shown, the session's journal, and a wake-up that
//! // asks egui for a frame (`let ctx = ui.ctx().clone(); Arc::new(move || ctx.request_repaint())`).
//! let init = RoomInit::new(project, 0, recovery_dir.join("SESSION-KEY.room.jsonl"));
//! let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(|| {});
//! let ip = room::lan_address().unwrap_or(std::net::Ipv4Addr::LOCALHOST.into());
//! let mut room = Room::open_on(ip, init, wake)?;       // port 7707, else the next free one
//! eprintln!("room: {}", room.url());                  // http://ADDR:PORT/j/TOKEN
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
//! **Threads.** [`Room::open`] binds the address and starts one thread that accepts
//! connections; each connection gets a thread of its own (keep-alive requests, or a server-sent
//! event stream). `wake` is called from those threads, only when something arrived (an
//! arrival or a new participant), never while a lock is held.
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

pub mod http;
pub mod journal;
mod server;

use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

// The workshop's rules, where the room's users have always found them.
pub use crate::workshop::decide;
pub use crate::workshop::{Applied, Arrival, Arrived, RoomView, ViewTouchpoint, ViewVote, apply, retarget};

use crate::model::{Participant, Project};
use server::{Shared, State, lock};

/// Where a workbench's room listens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoomAt {
    /// The laptop's address on the local network, port 7707 or the next free one.
    Network,
    /// Exactly this address and port (port 0: any free one).
    Addr(SocketAddr),
}

/// Participants a room takes; the next one gets 503.
pub const MAX_PARTICIPANTS: usize = 200;
/// Proposals one participant may send in a minute; the next gets 429 with `Retry-After`.
pub const PROPOSALS_PER_MINUTE: usize = 20;
/// The largest request body accepted; a larger one gets 413.
pub const MAX_BODY_BYTES: usize = 4 * 1024;
/// The port a room listens on when it is free.
pub const PORT: u16 = 7707;
/// How many ports after [`PORT`] are tried.
pub const PORTS_TRIED: u16 = 20;

/// The room's limits: [`Limits::default`] is DESIGN.md §15's; tests may lower them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Participants, at most.
    pub max_participants: usize,
    /// Proposals from one participant in any minute, at most.
    pub proposals_per_minute: usize,
    /// Request body size, at most.
    pub max_body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_participants: MAX_PARTICIPANTS,
            proposals_per_minute: PROPOSALS_PER_MINUTE,
            max_body_bytes: MAX_BODY_BYTES,
        }
    }
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
    url: String,
    acceptor: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Room {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Room").field("url", &self.url).finish_non_exhaustive()
    }
}

impl Room {
    /// Opens a room on `addr` (tests: `127.0.0.1:0`) with a new random token, and starts
    /// serving. Fails when the address cannot be bound, the journal cannot be opened, or the
    /// system has no randomness to make a token from.
    pub fn open(addr: SocketAddr, init: RoomInit, wake: Arc<dyn Fn() + Send + Sync>) -> io::Result<Room> {
        let listener = TcpListener::bind(addr)?;
        Self::serve(listener, init, wake)
    }

    /// Opens a room on `ip`, port [`PORT`] or, when it is taken, the next free one of the
    /// [`PORTS_TRIED`] after it.
    pub fn open_on(ip: IpAddr, init: RoomInit, wake: Arc<dyn Fn() + Send + Sync>) -> io::Result<Room> {
        let mut last = io::Error::new(io::ErrorKind::AddrInUse, "no free port");
        for port in PORT..=PORT.saturating_add(PORTS_TRIED) {
            match TcpListener::bind(SocketAddr::new(ip, port)) {
                Ok(listener) => return Self::serve(listener, init, wake),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    fn serve(listener: TcpListener, init: RoomInit, wake: Arc<dyn Fn() + Send + Sync>) -> io::Result<Room> {
        let addr = listener.local_addr()?;
        let journal = journal::Journal::open(&init.journal)?;
        let token = try_random_token(16)?;
        let host = server::host_of(addr);
        let base = format!("/j/{token}");
        let page = include_str!("../../assets/room/index.html").replace("{{BASE}}", &base);
        let shared = Arc::new(Shared {
            token,
            host: host.clone(),
            limits: init.limits,
            wake,
            state: Mutex::new(State {
                view: Arc::new(init.view),
                version: 0,
                secrets: Default::default(),
                people: Default::default(),
                next_participant: init.first_participant.max(1),
                next_proposal: init.first_proposal.max(1),
                arrivals: Vec::new(),
            }),
            changed: Condvar::new(),
            journal: Mutex::new(server::Durable::new(journal)?),
            flushed: Condvar::new(),
            closed: AtomicBool::new(false),
            conns: Mutex::new(Default::default()),
            next_conn: AtomicU64::new(0),
            page,
        });
        let worker = Arc::clone(&shared);
        let acceptor = std::thread::Builder::new()
            .name("rapport-room".to_owned())
            .spawn(move || server::accept_loop(worker, listener))?;
        Ok(Room { shared, addr, url: format!("http://{host}{base}"), acceptor: Some(acceptor) })
    }

    /// `http://ADDR:PORT/j/TOKEN`: what the join card shows and the QR code holds.
    pub fn url(&self) -> &str {
        &self.url
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
            self.shared.changed.notify_all();
        }
    }

    /// What arrived since the last call, oldest first, each already in the journal. Call it
    /// after [`Room::close`] too: arrivals answered just before closing are still there.
    pub fn take_arrivals(&self) -> Vec<Arrival> {
        std::mem::take(&mut lock(&self.shared.state).arrivals)
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

    /// Blocks a participant: their further requests get 403 and their event stream ends.
    pub fn block(&self, participant: Participant) {
        self.set_blocked(participant, true);
    }

    /// Lets a blocked participant take part again.
    pub fn unblock(&self, participant: Participant) {
        self.set_blocked(participant, false);
    }

    /// The participants blocked now.
    pub fn blocked(&self) -> Vec<Participant> {
        lock(&self.shared.state).people.iter().filter(|(_, p)| p.blocked).map(|(n, _)| *n).collect()
    }

    fn set_blocked(&self, participant: Participant, blocked: bool) {
        let mut state = lock(&self.shared.state);
        if let Some(p) = state.people.get_mut(&participant) {
            p.blocked = blocked;
            state.version += 1;
            self.shared.changed.notify_all();
        }
    }

    /// Whether the room has been closed.
    pub fn is_closed(&self) -> bool {
        self.shared.closed.load(Ordering::SeqCst)
    }

    /// Closes the room at once: new connections are refused from when this returns, event
    /// streams get `event: closed`, and every connection is shut within a second, on the
    /// server's own threads. Closing twice does nothing.
    pub fn close(&mut self) {
        let Some(acceptor) = self.acceptor.take() else { return };
        self.shared.close();
        // The acceptor is waiting in accept(): a connection of our own wakes it, it sees the
        // room closed and drops the listener. When even that connection fails (the network
        // went away), the thread is left to end on the next connection instead of waiting.
        let ip = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        if TcpStream::connect_timeout(&SocketAddr::new(ip, self.addr.port()), Duration::from_millis(500))
            .is_ok()
        {
            let _ = acceptor.join();
        }
    }
}

impl Drop for Room {
    fn drop(&mut self) {
        self.close();
    }
}

/// The laptop's address on the local network: the one its default route leaves from. Asks the
/// system only (a UDP socket is pointed at a documentation address; no packet is sent). `None`
/// without a network.
pub fn lan_address() -> Option<IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
}

/// `bytes` random bytes as URL-safe base64 without padding (16 bytes: 128 bits, 22 characters).
fn try_random_token(bytes: usize) -> io::Result<String> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf)
        .map_err(|e| io::Error::other(format!("no randomness for the room's token: {e}")))?;
    Ok(base64url(&buf))
}

/// A random secret for a cookie. A room that got its token from the system's randomness gets
/// these from it too; should the system refuse later, the secret falls back to the clock and
/// a counter, which are unique, and still unguessable enough for a workshop's hour.
pub(crate) fn random_token(bytes: usize) -> String {
    try_random_token(bytes).unwrap_or_else(|_| {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        format!("{nanos:x}{:x}", COUNTER.fetch_add(1, Ordering::Relaxed))
    })
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 2);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_url_safe_and_differ() {
        assert_eq!(base64url(b"\xfb\xff\xbf"), "-_-_");
        assert_eq!(base64url(b"ab"), "YWI");
        let a = random_token(16);
        assert_eq!(a.len(), 22);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        assert_ne!(a, random_token(16));
    }
}
