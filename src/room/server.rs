//! The room's server: one thread accepts connections, one thread serves each connection
//! (keep-alive, or an event stream), and all of them share one small state under a mutex.
//! Nothing here blocks the workbench: it only ever takes the state's lock for a moment.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::{BufReader, Write as _};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::arrival::{Arrival, Arrived};
use super::http::{self, Incoming, Request, Response};
use super::journal::Journal;
use super::view::{Mine, RoomView, state_json};
use super::{Limits, clean};
use crate::model::{Participant, Phase, Proposal, ProposalStatus, Timestamp, TouchpointId};

pub use super::http::COOKIE;

/// How long a kept-alive connection may sit idle before the room closes it.
const IDLE: Duration = Duration::from_secs(30);
/// How often an idle event stream gets a comment, so a phone that left is noticed.
const PING_EVERY: Duration = Duration::from_secs(15);
/// How long event streams get to say `closed` before their connections are shut.
const CLOSING_GRACE: Duration = Duration::from_secs(1);
/// Connections served at once; more are answered 503 and closed (each has a thread).
const MAX_CONNECTIONS: usize = 1024;
/// A connection thread's stack: the handlers are shallow.
const STACK: usize = 256 * 1024;

const SCRIPT: &str = include_str!("../../assets/room/room.js");
const STYLE: &str = include_str!("../../assets/room/room.css");

/// Everything the threads share.
pub(super) struct Shared {
    pub token: String,
    /// The `Host` header a request must carry: the room's own address and port.
    pub host: String,
    pub limits: Limits,
    pub wake: Arc<dyn Fn() + Send + Sync>,
    pub state: Mutex<State>,
    pub changed: Condvar,
    pub journal: Mutex<Durable>,
    /// Signalled when a flush of the journal ends.
    pub flushed: Condvar,
    pub closed: AtomicBool,
    pub conns: Mutex<HashMap<u64, Conn>>,
    pub next_conn: AtomicU64,
    /// The page with its paths filled in.
    pub page: String,
}

/// The journal and its group commit: arrivals written but not yet flushed wait in `pending`;
/// one request thread at a time flushes everything written so far, then queues those arrivals
/// for the workbench in journal order and wakes the others.
pub(super) struct Durable {
    pub journal: Journal,
    /// A second handle on the journal's file, flushed outside the lock.
    pub file: std::fs::File,
    /// Written, not yet flushed, in journal order.
    pub pending: Vec<Arrival>,
    /// The last arrival written.
    pub written: u64,
    /// The last arrival flushed (or given up on).
    pub flushed: u64,
    /// A flush is under way.
    pub flushing: bool,
    /// Arrivals whose flush failed: from, to, why.
    pub failed: Vec<(u64, u64, String)>,
}

impl Durable {
    /// The journal, ready for group commit.
    pub fn new(journal: Journal) -> std::io::Result<Self> {
        let file = journal.sync_handle()?;
        let last = journal.next_seq().saturating_sub(1);
        Ok(Self {
            journal,
            file,
            pending: Vec::new(),
            written: last,
            flushed: last,
            flushing: false,
            failed: Vec::new(),
        })
    }
}

/// A connection, kept so that closing the room can shut it.
pub(super) struct Conn {
    pub stream: TcpStream,
    pub events: bool,
}

/// The room's state.
pub(super) struct State {
    pub view: Arc<RoomView>,
    /// Bumped whenever what `/state` returns may have changed.
    pub version: u64,
    /// Cookie secrets → participants.
    pub secrets: HashMap<String, Participant>,
    pub people: BTreeMap<Participant, Person>,
    pub next_participant: u32,
    pub next_proposal: u32,
    pub arrivals: Vec<Arrival>,
}

/// One participant of this room.
#[derive(Default)]
pub(super) struct Person {
    pub mine: Mine,
    /// When their recent proposals arrived, for the rate limit.
    pub recent: VecDeque<Instant>,
    pub blocked: bool,
    /// Bumped whenever `mine` changes, so only this participant's event stream sends.
    pub version: u64,
}

/// Locks a mutex, carrying on with the data if a thread panicked while holding it: the state
/// stays consistent between statements, and a room must not die of one bad request.
pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Shared {
    /// Marks the room closed and wakes every event stream so it can say so.
    pub fn close(&self) {
        let _guard = lock(&self.state);
        self.closed.store(true, Ordering::SeqCst);
        self.changed.notify_all();
    }

    fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }
}

/// Accepts connections until the room closes, then drops the listener (so new connections are
/// refused) and shuts the connections still open once their event streams said `closed`.
pub(super) fn accept_loop(shared: Arc<Shared>, listener: TcpListener) {
    for stream in listener.incoming() {
        if shared.is_closed() {
            break;
        }
        let Ok(stream) = stream else {
            // Out of file descriptors, or a connection reset before it was accepted: wait a
            // moment rather than spin.
            std::thread::sleep(Duration::from_millis(5));
            continue;
        };
        let id = shared.next_conn.fetch_add(1, Ordering::Relaxed);
        {
            let mut conns = lock(&shared.conns);
            if conns.len() >= MAX_CONNECTIONS {
                drop(conns);
                let mut s = stream;
                let busy = Response::error(503, "the room is busy; try again in a moment");
                let _ = http::write_response(&mut s, &busy, false);
                continue;
            }
            if let Ok(clone) = stream.try_clone() {
                conns.insert(id, Conn { stream: clone, events: false });
            }
        }
        let worker = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name("rapport-room-conn".to_owned())
            .stack_size(STACK)
            .spawn(move || {
                serve_connection(&worker, stream, id);
                lock(&worker.conns).remove(&id);
            });
        if spawned.is_err() {
            lock(&shared.conns).remove(&id);
        }
    }
    drop(listener);
    let reaper = Arc::clone(&shared);
    let _ = std::thread::Builder::new()
        .name("rapport-room-close".to_owned())
        .spawn(move || shut_connections(&reaper));
}

/// Shuts every connection: plain ones at once, event streams once they said `closed` (or after
/// a grace period).
fn shut_connections(shared: &Shared) {
    let deadline = Instant::now() + CLOSING_GRACE;
    loop {
        let events_left = {
            let conns = lock(&shared.conns);
            for c in conns.values().filter(|c| !c.events) {
                let _ = c.stream.shutdown(Shutdown::Both);
            }
            conns.values().filter(|c| c.events).count()
        };
        if events_left == 0 || Instant::now() >= deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    for c in lock(&shared.conns).values() {
        let _ = c.stream.shutdown(Shutdown::Both);
    }
}

fn serve_connection(shared: &Shared, stream: TcpStream, id: u64) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(IDLE));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let Ok(read_half) = stream.try_clone() else { return };
    let mut reader = BufReader::new(read_half);
    let mut writer = stream;
    loop {
        let request = match http::read_request(&mut reader, shared.limits.max_body_bytes) {
            Incoming::Request(r) => r,
            Incoming::Gone => return,
            Incoming::TooLarge => {
                let too_large =
                    Response::error(413, &format!("body: at most {} bytes", shared.limits.max_body_bytes));
                let _ = http::write_response(&mut writer, &too_large, false);
                // Closing with the unread body still arriving would reset the connection and
                // could throw the 413 away before the client reads it: say we are done, then
                // let the rest of the body drain for a moment.
                let _ = writer.shutdown(Shutdown::Write);
                let _ = writer.set_read_timeout(Some(Duration::from_millis(500)));
                let _ = std::io::copy(&mut std::io::Read::take(&mut reader, 1 << 20), &mut std::io::sink());
                return;
            }
            Incoming::Bad(why) => {
                let _ = http::write_response(&mut writer, &Response::error(400, why), false);
                return;
            }
        };
        if shared.is_closed() {
            let _ = http::write_response(&mut writer, &Response::error(410, "the room has closed"), false);
            return;
        }
        match route(shared, &request) {
            Routed::Answer(response) => {
                let keep = request.keep_alive && !shared.is_closed();
                if http::write_response(&mut writer, &response, keep).is_err() || !keep {
                    return;
                }
            }
            Routed::Events { you, set_cookie } => {
                if let Some(c) = lock(&shared.conns).get_mut(&id) {
                    c.events = true;
                }
                stream_events(shared, &mut writer, you, &set_cookie);
                return;
            }
        }
    }
}

enum Routed {
    Answer(Response),
    Events { you: Participant, set_cookie: String },
}

/// The one body of every 404, whether the token or the path is wrong, so a 404 tells nothing
/// about which.
fn not_found() -> Response {
    Response::error(404, "not found")
}

/// Compares without stopping at the first difference, so timing tells nothing of the token.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn route(shared: &Shared, req: &Request) -> Routed {
    let host_ok = req.host.as_deref().is_some_and(|h| h.eq_ignore_ascii_case(&shared.host));
    if !host_ok {
        return Routed::Answer(Response::error(403, "host: this is not the room's address"));
    }
    let Some(rest) = req.path.strip_prefix("/j/") else { return Routed::Answer(not_found()) };
    let (token, tail) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if !same_secret(token, &shared.token) {
        return Routed::Answer(not_found());
    }
    match (req.method.as_str(), tail) {
        ("GET", "/room.js") => {
            return Routed::Answer(Response::new(200, "text/javascript; charset=utf-8", SCRIPT));
        }
        ("GET", "/room.css") => return Routed::Answer(Response::new(200, "text/css; charset=utf-8", STYLE)),
        ("GET", "" | "/" | "/state" | "/events")
        | ("POST", "/proposals")
        | ("PUT", "/vote" | "/feelings") => {}
        _ => return Routed::Answer(not_found()),
    }
    let (you, set_cookie) = match participant(shared, req.cookie.as_deref()) {
        Ok(found) => found,
        Err(response) => return Routed::Answer(response),
    };
    if lock(&shared.state).people.get(&you).is_some_and(|p| p.blocked) {
        return Routed::Answer(Response::error(
            403,
            "you: the facilitator has stopped your part in this room",
        ));
    }
    let response = match tail {
        "" | "/" => Response::new(200, "text/html; charset=utf-8", shared.page.as_str()),
        "/events" => return Routed::Events { you, set_cookie },
        "/state" => {
            let (view, mine) = snapshot(shared, you);
            Response::json(200, &state_json(&view, you.0, &mine))
        }
        "/proposals" => propose(shared, you, &req.body),
        "/vote" => vote(shared, you, &req.body),
        _ => feelings(shared, you, &req.body),
    };
    Routed::Answer(if set_cookie.is_empty() { response } else { response.header("Set-Cookie", &set_cookie) })
}

/// The participant a cookie names, or a new one (with the `Set-Cookie` to send) when it names
/// none; a 503 when the room is full.
fn participant(shared: &Shared, cookie: Option<&str>) -> Result<(Participant, String), Response> {
    let mut state = lock(&shared.state);
    if let Some(p) = cookie.and_then(|c| state.secrets.get(c)) {
        return Ok((*p, String::new()));
    }
    if state.people.len() >= shared.limits.max_participants {
        return Err(Response::error(
            503,
            &format!("the room is full ({} participants)", shared.limits.max_participants),
        ));
    }
    let p = Participant(state.next_participant);
    state.next_participant = state.next_participant.saturating_add(1);
    let secret = super::random_token(12);
    state.secrets.insert(secret.clone(), p);
    state.people.insert(p, Person::default());
    drop(state);
    (shared.wake)();
    let cookie = format!("{COOKIE}={secret}; HttpOnly; SameSite=Strict; Path=/j/{}", shared.token);
    Ok((p, cookie))
}

fn snapshot(shared: &Shared, you: Participant) -> (Arc<RoomView>, Mine) {
    let state = lock(&shared.state);
    let mine = state.people.get(&you).map(|p| p.mine.clone()).unwrap_or_default();
    (Arc::clone(&state.view), mine)
}

/// Parses a JSON body, or the 400 that says it is not JSON.
fn body_json(body: &[u8]) -> Result<Value, Response> {
    serde_json::from_slice(body).map_err(|e| Response::error(400, &format!("body: not JSON ({e})")))
}

fn bad(message: impl AsRef<str>) -> Response {
    Response::error(400, message.as_ref())
}

/// A feeling −2..=2 from a JSON value, or why not.
fn feeling_of(value: &Value, field: &str) -> Result<i8, Response> {
    match value.as_i64() {
        Some(f) if (-2..=2).contains(&f) => Ok(f as i8),
        _ => Err(bad(format!("{field}: a feeling is a whole number from -2 to 2, not {value}"))),
    }
}

fn propose(shared: &Shared, you: Participant, body: &[u8]) -> Response {
    let value = match body_json(body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let Some(fields) = value.as_object() else { return bad("body: send a JSON object") };
    if let Some(unknown) =
        fields.keys().find(|k| !["title", "phase", "lane", "feeling"].contains(&k.as_str()))
    {
        return bad(format!("{unknown}: not a field of a proposal (title, phase, lane, feeling)"));
    }
    let title = match fields.get("title").and_then(Value::as_str) {
        Some(t) => match clean::title(t) {
            Ok(t) => t,
            Err(why) => return bad(why),
        },
        None => return bad("title: a proposal needs a title, as text"),
    };
    let phase_name = fields.get("phase").and_then(Value::as_str).unwrap_or_default();
    let Some(phase) = Phase::ALL.into_iter().find(|p| p.file_name() == phase_name) else {
        return bad("phase: one of EarlyDays, FirstDisagreement, LongTerm");
    };
    let feeling = match fields.get("feeling") {
        None | Some(Value::Null) => None,
        Some(v) => match feeling_of(v, "feeling") {
            Ok(f) => Some(f),
            Err(r) => return r,
        },
    };
    let now = Instant::now();
    let (id, journey, lane) = {
        let mut state = lock(&shared.state);
        let lane = match fields.get("lane") {
            None | Some(Value::Null) => None,
            Some(Value::String(l)) if l.is_empty() => None,
            Some(Value::String(l)) if state.view.lanes.contains(l) => Some(l.clone()),
            Some(other) => {
                return bad(format!(
                    "lane: {other} is not one of the journey's lanes ({})",
                    state.view.lanes.join(", ")
                ));
            }
        };
        let limit = shared.limits.proposals_per_minute;
        let Some(person) = state.people.get_mut(&you) else { return not_found() };
        while person.recent.front().is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(60)) {
            person.recent.pop_front();
        }
        if person.recent.len() >= limit {
            let oldest = person.recent.front().copied().unwrap_or(now);
            let wait = Duration::from_secs(60).saturating_sub(now.duration_since(oldest));
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            return Response::error(
                429,
                &format!("proposals: at most {limit} a minute; try again in {secs} s"),
            )
            .header("Retry-After", &secs.max(1).to_string());
        }
        person.recent.push_back(now);
        let id = state.next_proposal;
        state.next_proposal = state.next_proposal.saturating_add(1);
        (id, state.view.journey.clone(), lane)
    };
    let at = Timestamp::now();
    let proposal = Proposal {
        id,
        title: title.clone(),
        phase,
        lane,
        feeling,
        from: you,
        at,
        status: ProposalStatus::Pending,
    };
    let arrival = Arrival { seq: 0, journey, from: you, at, what: Arrived::Proposal(proposal) };
    if let Err(r) = record(shared, arrival, |person| person.mine.proposals.push((id, title))) {
        return r;
    }
    Response::json(201, &json!({ "id": id }))
}

fn vote(shared: &Shared, you: Participant, body: &[u8]) -> Response {
    let Some(open) = lock(&shared.state).view.vote.clone() else {
        return Response::error(409, "vote: no vote is open");
    };
    let value = match body_json(body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let Some(dots) = value.get("dots").and_then(Value::as_array) else {
        return bad("dots: send {\"dots\": [touchpoint ids]}");
    };
    if dots.len() > open.dots as usize {
        return bad(format!("dots: this vote gives each person {} dots, not {}", open.dots, dots.len()));
    }
    let mut touchpoints = Vec::with_capacity(dots.len());
    {
        let state = lock(&shared.state);
        for d in dots {
            let id = d.as_u64().and_then(|n| u32::try_from(n).ok()).map(TouchpointId);
            match id {
                Some(id) if state.view.has_touchpoint(id) => touchpoints.push(id),
                _ => return bad(format!("dots: {d} is not a touchpoint of the journey")),
            }
        }
        if state.view.vote.as_ref().map(|v| v.id) != Some(open.id) {
            return Response::error(409, "vote: the vote has just closed");
        }
    }
    let journey = lock(&shared.state).view.journey.clone();
    let kept = touchpoints.clone();
    let arrival = Arrival {
        seq: 0,
        journey,
        from: you,
        at: Timestamp::now(),
        what: Arrived::Dots { vote: open.id, touchpoints },
    };
    if let Err(r) = record(shared, arrival, |person| {
        person.mine.dots.insert(open.id, kept);
    }) {
        return r;
    }
    Response::json(200, &json!({}))
}

fn feelings(shared: &Shared, you: Participant, body: &[u8]) -> Response {
    let Some(poll) = lock(&shared.state).view.poll.clone() else {
        return Response::error(409, "feelings: no feeling poll is open");
    };
    let value = match body_json(body) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let Some(answers) = value.as_object() else {
        return bad("feelings: send {\"touchpoint id\": feeling, …}");
    };
    let mut given = Vec::with_capacity(answers.len());
    for (key, v) in answers {
        let id = key.parse::<u32>().ok().map(TouchpointId);
        let Some(id) = id.filter(|id| poll.contains(id)) else {
            return bad(format!("{key}: not a touchpoint of the poll"));
        };
        match feeling_of(v, key) {
            Ok(f) => given.push((id, f)),
            Err(r) => return r,
        }
    }
    if given.is_empty() {
        return Response::json(200, &json!({}));
    }
    let journey = lock(&shared.state).view.journey.clone();
    let kept = given.clone();
    let arrival =
        Arrival { seq: 0, journey, from: you, at: Timestamp::now(), what: Arrived::Feelings(given) };
    if let Err(r) = record(shared, arrival, |person| person.mine.feelings.extend(kept)) {
        return r;
    }
    Response::json(200, &json!({}))
}

/// Writes an arrival to the journal and answers only once it is flushed to disk; then it is
/// queued for the workbench (in journal order), what the participant sees is updated and the
/// workbench woken. Arrivals that come together share one flush: the first thread to find no
/// flush under way flushes everything written so far, outside the lock, while the others wait.
/// Locks: the journal's before the state's, never the other way.
fn record(shared: &Shared, mut arrival: Arrival, update: impl FnOnce(&mut Person)) -> Result<(), Response> {
    let from = arrival.from;
    let keep_failed = |why: &str| {
        Response::error(
            500,
            &format!("the facilitator's laptop could not keep this ({why}); please send it again"),
        )
    };
    let mut durable = lock(&shared.journal);
    if let Err(e) = durable.journal.write(&mut arrival) {
        return Err(keep_failed(&e.to_string()));
    }
    let seq = arrival.seq;
    durable.written = seq;
    durable.pending.push(arrival);
    while durable.flushed < seq {
        if durable.flushing {
            durable = shared.flushed.wait(durable).unwrap_or_else(std::sync::PoisonError::into_inner);
            continue;
        }
        durable.flushing = true;
        let target = durable.written;
        let file = durable.file.try_clone();
        drop(durable);
        let result = file.and_then(|f| f.sync_data());
        durable = lock(&shared.journal);
        durable.flushing = false;
        let done: Vec<Arrival> = {
            let upto = durable.pending.iter().take_while(|a| a.seq <= target).count();
            durable.pending.drain(..upto).collect()
        };
        let first = durable.flushed + 1;
        durable.flushed = target;
        match result {
            Ok(()) => lock(&shared.state).arrivals.extend(done),
            Err(e) => durable.failed.push((first, target, e.to_string())),
        }
        shared.flushed.notify_all();
    }
    if let Some((_, _, why)) = durable.failed.iter().find(|(a, b, _)| (*a..=*b).contains(&seq)) {
        return Err(keep_failed(why));
    }
    drop(durable);
    {
        let mut state = lock(&shared.state);
        if let Some(person) = state.people.get_mut(&from) {
            update(person);
            person.version += 1;
        }
        // Only this participant's state changed: their event stream alone sends it.
        shared.changed.notify_all();
    }
    (shared.wake)();
    Ok(())
}

enum Next {
    Closed,
    Gone,
    Ping,
    State(Arc<RoomView>, Mine, (u64, u64)),
}

/// Streams `event: state` whenever this participant's state changes, a comment every
/// [`PING_EVERY`] when nothing does, and `event: closed` when the room closes.
fn stream_events(shared: &Shared, out: &mut TcpStream, you: Participant, set_cookie: &str) {
    let extra = if set_cookie.is_empty() { String::new() } else { format!("Set-Cookie: {set_cookie}\r\n") };
    if http::write_event_stream_head(out, &extra).is_err() || out.write_all(b"retry: 2000\n\n").is_err() {
        return;
    }
    let mut seen_version = None;
    let mut last_sent = String::new();
    loop {
        let next = {
            let mut state = lock(&shared.state);
            loop {
                if shared.is_closed() {
                    break Next::Closed;
                }
                let Some(person) = state.people.get(&you) else { break Next::Gone };
                if person.blocked {
                    break Next::Gone;
                }
                let version = (state.version, person.version);
                if seen_version != Some(version) {
                    break Next::State(Arc::clone(&state.view), person.mine.clone(), version);
                }
                let (guard, waited) = shared
                    .changed
                    .wait_timeout(state, PING_EVERY)
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                state = guard;
                if waited.timed_out() && !shared.is_closed() {
                    let now = state.people.get(&you).map(|p| (state.version, p.version));
                    if now == seen_version {
                        break Next::Ping;
                    }
                }
            }
        };
        let written = match next {
            Next::Closed => {
                let _ = out.write_all(b"event: closed\ndata: {}\n\n").and_then(|()| out.flush());
                return;
            }
            Next::Gone => return,
            Next::Ping => out.write_all(b": ping\n\n"),
            Next::State(view, mine, version) => {
                seen_version = Some(version);
                let json = state_json(&view, you.0, &mine).to_string();
                if json == last_sent {
                    Ok(())
                } else {
                    let event = format!("event: state\ndata: {json}\n\n");
                    last_sent = json;
                    out.write_all(event.as_bytes())
                }
            }
        };
        if written.and_then(|()| out.flush()).is_err() {
            return;
        }
    }
}

/// The address a room bound to, as the `Host` header and the URL name it.
pub(super) fn host_of(addr: SocketAddr) -> String {
    match addr {
        SocketAddr::V4(a) => format!("{}:{}", a.ip(), a.port()),
        SocketAddr::V6(a) => format!("[{}]:{}", a.ip(), a.port()),
    }
}
