//! The room's server: hyper's HTTP/1.1 on a small tokio runtime of its own thread. hyper parses
//! requests, keeps connections alive, times out heads and streams the event streams; this file
//! says who may connect, who is a participant and what each request does (DESIGN.md §15, with
//! its rules for a hostile network). The workshop's rules themselves are [`crate::workshop`]'s.
//!
//! Nothing here blocks the workbench: it only ever takes the state's lock for a moment, and the
//! journal is written and flushed on the keeper's thread ([`super::journal::keeper`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::BodyExt as _;
use hyper::body::Incoming;
use hyper::header;
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::json;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot, watch};

use super::http::{self, Answer};
use super::journal::Keep;
use super::limits::Limits;
use super::token;
use crate::model::{Participant, Proposal, ProposalStatus, Timestamp};
use crate::workshop::quota::{Window, retry_after_secs};
use crate::workshop::{Arrival, Arrived, Mine, RoomView, ask, state_json};

/// How often an idle event stream gets a comment, so a phone that left is noticed.
const PING_EVERY: Duration = Duration::from_secs(15);
/// How long event streams get to say `closed` before their connections are shut.
const CLOSING_GRACE: Duration = Duration::from_secs(1);
/// The longest request head hyper reads (its smallest allowed buffer is 8 KiB).
const MAX_HEAD_BYTES: usize = 16 * 1024;
/// How much of a body that is too large is read and thrown away, so the 413 arrives.
const DRAIN_AT_MOST: usize = 1 << 20;
/// Open files kept back from connections for the workbench itself (saving, fonts, the journal).
const FILES_KEPT_BACK: u64 = 128;
/// Connections at most, however high the open-file limit.
const MAX_CONNECTIONS: usize = 8192;

const SCRIPT: &str = include_str!("../../assets/room/room.js");
const STYLE: &str = include_str!("../../assets/room/room.css");

/// Everything the server's tasks share with the [`super::Room`].
pub(super) struct Shared {
    pub token: String,
    pub limits: Limits,
    pub wake: Arc<dyn Fn() + Send + Sync>,
    pub state: Mutex<State>,
    /// Bumped whenever what some participant's `/state` returns may have changed, and when the
    /// room closes: event streams wait on it.
    pub changed: watch::Sender<u64>,
    /// Set when the room closes: the acceptor and every connection wait on it.
    pub closing: watch::Sender<bool>,
    pub closed: AtomicBool,
    /// The journal's keeper.
    pub keep: Mutex<std::sync::mpsc::Sender<Keep>>,
    /// Arrivals kept in the journal, for the workbench to take (the keeper adds to it).
    pub arrivals: Arc<Mutex<Vec<Arrival>>>,
    /// What went wrong, for the facilitator.
    pub problems: Arc<Mutex<Problems>>,
    pub conns: Mutex<Conns>,
    /// Connections at once, at most: what the open-file limit allows.
    pub max_connections: usize,
    /// The page with its paths filled in.
    pub page: String,
}

/// The room's state.
pub(super) struct State {
    pub view: Arc<RoomView>,
    /// Bumped whenever the view (or who is blocked) changes.
    pub version: u64,
    /// Cookie secrets → participants.
    pub secrets: HashMap<String, Participant>,
    pub people: BTreeMap<Participant, Person>,
    pub next_participant: u32,
    pub next_proposal: u32,
    /// New participants per address in the last minute.
    pub newcomers: HashMap<IpAddr, Window>,
    /// Addresses blocked by the facilitator beyond those of blocked participants (carried
    /// over from an earlier room of the session).
    pub blocked_addresses: HashSet<IpAddr>,
}

/// One participant of this room.
pub(super) struct Person {
    pub mine: Mine,
    /// Their proposals in the last minute, for the rate limit.
    pub recent: Window,
    /// Their comments in the last minute, for theirs.
    pub recent_comments: Window,
    pub blocked: bool,
    /// Bumped whenever `mine` changes, so only this participant's event stream sends.
    pub version: u64,
    /// The address they joined from: blocking them blocks it for new participants.
    pub address: IpAddr,
}

impl State {
    /// Whether new participants from this address are refused: a participant who joined from
    /// it is blocked, or the facilitator blocked it in an earlier room.
    pub fn address_blocked(&self, ip: IpAddr) -> bool {
        self.blocked_addresses.contains(&ip) || self.people.values().any(|p| p.blocked && p.address == ip)
    }
}

/// Connections open now, by address.
#[derive(Default)]
pub(super) struct Conns {
    pub by_address: HashMap<IpAddr, usize>,
    pub open: usize,
}

/// What went wrong while the room was open, for the facilitator to see.
#[derive(Default)]
pub(super) struct Problems {
    /// Each kind of problem: the latest message, how often, and when last.
    pub seen: BTreeMap<&'static str, (String, u64, Instant)>,
}

impl Problems {
    /// Counts a problem of a kind.
    pub fn note(&mut self, kind: &'static str, message: String) {
        let entry = self.seen.entry(kind).or_insert_with(|| (String::new(), 0, Instant::now()));
        entry.0 = message;
        entry.1 += 1;
        entry.2 = Instant::now();
    }

    /// The latest problem still worth showing (seen in the last `within`), as a sentence.
    pub fn latest(&self, within: Duration) -> Option<String> {
        let (_, (message, count, _)) = self
            .seen
            .iter()
            .filter(|(_, (_, _, at))| at.elapsed() <= within)
            .max_by_key(|(_, (_, _, at))| *at)?;
        Some(if *count > 1 { format!("{message} ({count} times)") } else { message.clone() })
    }
}

/// Locks a mutex, carrying on with the data if a thread panicked while holding it: the state
/// stays consistent between statements, and a room must not die of one bad request.
pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Shared {
    /// Marks the room closed and wakes the acceptor, every connection and every event stream.
    pub fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        self.closing.send_replace(true);
        self.changed.send_modify(|v| *v += 1);
    }

    fn is_closed(&self) -> bool {
        self.closed.load(Ordering::SeqCst)
    }

    /// Tells every event stream to look again.
    pub fn bump(&self) {
        self.changed.send_modify(|v| *v += 1);
    }
}

/// The connections the open-file limit allows, after raising its soft limit to the hard one
/// (each connection costs one descriptor; some are kept back for the workbench).
pub(super) fn connections_allowed() -> usize {
    let limit = raise_open_file_limit();
    let allowed = limit.saturating_sub(FILES_KEPT_BACK.max(limit / 8)).max(16);
    usize::try_from(allowed).unwrap_or(MAX_CONNECTIONS).min(MAX_CONNECTIONS)
}

/// Raises the soft open-file limit to the hard limit; the files now allowed (1,024 when the
/// system cannot say).
pub(super) fn raise_open_file_limit() -> u64 {
    rlimit::increase_nofile_limit(u64::MAX).unwrap_or(1024)
}

/// A connection counted against its address and the room; uncounted when dropped.
struct Admitted {
    shared: Arc<Shared>,
    ip: IpAddr,
}

impl Admitted {
    /// Counts a new connection, or `Err(true)` when its address has too many open already and
    /// `Err(false)` when the room has as many as it can hold.
    fn admit(shared: &Arc<Shared>, ip: IpAddr) -> Result<Self, bool> {
        let mut conns = lock(&shared.conns);
        let from = conns.by_address.get(&ip).copied().unwrap_or(0);
        if from >= shared.limits.connections_per_address {
            return Err(true);
        }
        if conns.open >= shared.max_connections {
            return Err(false);
        }
        conns.by_address.insert(ip, from + 1);
        conns.open += 1;
        Ok(Self { shared: Arc::clone(shared), ip })
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut conns = lock(&self.shared.conns);
        conns.open = conns.open.saturating_sub(1);
        if let Some(n) = conns.by_address.get_mut(&self.ip) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                conns.by_address.remove(&self.ip);
            }
        }
    }
}

/// Serves until the room closes: accepts connections (within the per-address and overall
/// caps), then drops the listener so new connections are refused, says so on `listener_gone`,
/// and gives the connections still open a moment to finish.
pub(super) async fn run(
    shared: Arc<Shared>,
    listener: std::net::TcpListener,
    listener_gone: std::sync::mpsc::Sender<()>,
) {
    let listener = match TcpListener::from_std(listener) {
        Ok(l) => l,
        Err(e) => {
            lock(&shared.problems).note("accept", format!("The room stopped accepting phones: {e}"));
            let _ = listener_gone.send(());
            return;
        }
    };
    let mut closing = shared.closing.subscribe();
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            () = until_closed(&mut closing) => break,
        };
        let (stream, peer) = match accepted {
            Ok(a) => a,
            Err(e) => {
                // Out of file descriptors, most likely: say so, and wait a moment rather than spin.
                lock(&shared.problems).note("accept", format!("The room could not take a connection: {e}"));
                (shared.wake)();
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let ip = peer.ip().to_canonical();
        match Admitted::admit(&shared, ip) {
            Ok(admitted) => {
                tokio::spawn(serve(Arc::clone(&shared), stream, ip, admitted));
            }
            // Too many from one address: closed at once, costing nothing.
            Err(true) => drop(stream),
            Err(false) => {
                let busy =
                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                let _ = stream.try_write(busy);
                lock(&shared.problems)
                    .note("full", format!("The room is at its {} connections", shared.max_connections));
            }
        }
    }
    drop(listener);
    let _ = listener_gone.send(());
    let deadline = Instant::now() + CLOSING_GRACE + Duration::from_millis(300);
    while lock(&shared.conns).open > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// One connection: hyper's HTTP/1.1 with the head deadline, until it ends or the room closes
/// (then idle connections are shut at once and event streams get a moment to say `closed`).
async fn serve(shared: Arc<Shared>, stream: TcpStream, ip: IpAddr, admitted: Admitted) {
    let _ = stream.set_nodelay(true);
    let Ok(local) = stream.local_addr() else { return };
    let host: Arc<str> = host_of(local).into();
    let mut closing = shared.closing.subscribe();
    let worker = Arc::clone(&shared);
    let service = hyper::service::service_fn(move |req| {
        let shared = Arc::clone(&worker);
        let host = Arc::clone(&host);
        async move { Ok::<_, Infallible>(route(&shared, &host, ip, req).await) }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(shared.limits.head_deadline)
        .title_case_headers(true)
        .max_buf_size(MAX_HEAD_BYTES);
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        () = until_closed(&mut closing) => {
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(CLOSING_GRACE, conn.as_mut()).await;
        }
    }
    drop(admitted);
}

/// Returns once the room is closing (the guard `wait_for` gives is dropped at once, so the
/// future stays `Send`).
async fn until_closed(closing: &mut watch::Receiver<bool>) {
    let _ = closing.wait_for(|c| *c).await.map(|_| ());
}

/// The one body of every 404, whether the token or the path is wrong, so a 404 tells nothing
/// about which.
fn not_found() -> Answer {
    http::error(404, "not found")
}

/// Compares without stopping at the first difference, so timing tells nothing of the token.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What a request is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Route {
    Page,
    State,
    Events,
    Propose,
    Vote,
    Feelings,
    Comment,
}

async fn route(shared: &Arc<Shared>, host: &str, ip: IpAddr, req: hyper::Request<Incoming>) -> Answer {
    if shared.is_closed() {
        return http::closing(http::error(410, "the room has closed"));
    }
    let headers = req.headers();
    if !http::text(headers, header::HOST).is_some_and(|h| h.eq_ignore_ascii_case(host)) {
        return http::error(403, "host: this is not the room's address");
    }
    let path = req.uri().path();
    let Some(rest) = path.strip_prefix("/j/") else { return not_found() };
    let (given, tail) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if !same_secret(given, &shared.token) {
        // The token typed from the card with its groups' spaces: the page, at its own address.
        if tail.is_empty()
            && req.method() == hyper::Method::GET
            && same_secret(&token::typed(given), &shared.token)
        {
            let to = format!("/j/{}", shared.token);
            let a = http::answer(303, "text/plain; charset=utf-8", to.clone());
            return http::with_header(a, header::LOCATION, &to);
        }
        return not_found();
    }
    let route = match (req.method().as_str(), tail) {
        ("GET", "/room.js") => return http::answer(200, "text/javascript; charset=utf-8", SCRIPT),
        ("GET", "/room.css") => return http::answer(200, "text/css; charset=utf-8", STYLE),
        ("GET", "" | "/") => Route::Page,
        ("GET", "/state") => Route::State,
        ("GET", "/events") => Route::Events,
        ("POST", "/proposals") => Route::Propose,
        ("PUT", "/vote") => Route::Vote,
        ("PUT", "/feelings") => Route::Feelings,
        ("POST", "/comments") => Route::Comment,
        _ => return not_found(),
    };
    let sends = matches!(route, Route::Propose | Route::Vote | Route::Feelings | Route::Comment);
    if sends {
        // A page of another site may post here (the browser adds the cookie only for
        // SameSite=Strict pages, but the address is known): it says where it comes from.
        if let Some(origin) = http::text(headers, header::ORIGIN)
            && !origin.strip_prefix("http://").is_some_and(|o| o.eq_ignore_ascii_case(host))
        {
            return http::error(403, "origin: send from the room's own page");
        }
        if !http::is_json(http::text(headers, header::CONTENT_TYPE)) {
            return http::error(415, "content-type: send application/json");
        }
    }
    let cookie = http::cookie(headers).map(str::to_owned);
    let (you, set_cookie) = match participant(shared, cookie.as_deref(), ip, route == Route::Page) {
        Ok(found) => found,
        // A person loading the page reads the refusal; the page's script reads JSON.
        Err(refusal) if route == Route::Page => return refusal.answer(false),
        Err(refusal) => return refusal.answer(true),
    };
    let answer = match route {
        Route::Page => http::answer(200, "text/html; charset=utf-8", shared.page.clone()),
        Route::State => {
            let (view, mine) = snapshot(shared, you);
            http::json(200, &state_json(&view, you.0, &mine))
        }
        Route::Events => events(shared, you),
        Route::Propose | Route::Vote | Route::Feelings | Route::Comment => {
            let max = match route {
                Route::Comment => shared.limits.max_comment_body_bytes,
                _ => shared.limits.max_body_bytes,
            };
            let body = match read_body(shared, req, max).await {
                Ok(body) => body,
                Err(answer) => return answer,
            };
            match route {
                Route::Propose => propose(shared, you, &body).await,
                Route::Vote => vote(shared, you, &body).await,
                Route::Comment => comment(shared, you, &body).await,
                _ => feelings(shared, you, &body).await,
            }
        }
    };
    match set_cookie {
        Some(c) => http::with_header(answer, header::SET_COOKIE, &c),
        None => answer,
    }
}

/// The body, read whole within the body deadline; a 413 for one over the limit (judged from
/// its `Content-Length` before reading, the rest read and dropped so the answer arrives) and a
/// 408 for one that does not arrive in time.
async fn read_body(shared: &Shared, req: hyper::Request<Incoming>, max: usize) -> Result<Bytes, Answer> {
    let too_large = || http::closing(http::error(413, &format!("body: at most {max} bytes")));
    let declared =
        http::text(req.headers(), header::CONTENT_LENGTH).and_then(|l| l.parse::<u64>().ok()).unwrap_or(0);
    let mut body = req.into_body();
    if declared > max as u64 {
        if declared <= DRAIN_AT_MOST as u64 {
            let drain = async { while let Some(Ok(_)) = body.frame().await {} };
            let _ = tokio::time::timeout(shared.limits.body_deadline, drain).await;
        }
        return Err(too_large());
    }
    let read = async {
        let mut all = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
        while let Some(frame) = body.frame().await {
            let Ok(frame) = frame else { return Err(http::closing(http::error(400, "body: cut short"))) };
            if let Some(data) = frame.data_ref() {
                all.extend_from_slice(data);
                if all.len() > max {
                    return Err(too_large());
                }
            }
        }
        Ok(Bytes::from(all))
    };
    match tokio::time::timeout(shared.limits.body_deadline, read).await {
        Ok(read) => read,
        Err(_) => Err(http::closing(http::error(408, "body: it did not arrive in time"))),
    }
}

/// Why a request makes or finds no participant.
struct Refusal {
    status: u16,
    message: String,
    /// Seconds, for `Retry-After`.
    retry_after: Option<u64>,
}

impl Refusal {
    fn new(status: u16, message: String) -> Self {
        Self { status, message, retry_after: None }
    }

    /// The answer: `{"error":…}` for the page's script, or the sentence as text for a person
    /// loading the page.
    fn answer(&self, json: bool) -> Answer {
        let a = if json {
            http::error(self.status, &self.message)
        } else {
            let sentence = self.message.strip_prefix("you: ").unwrap_or(&self.message);
            let mut text: String = sentence.chars().take(1).flat_map(char::to_uppercase).collect();
            text.push_str(&sentence.chars().skip(1).collect::<String>());
            text.push_str(".\n");
            http::answer(self.status, "text/plain; charset=utf-8", text)
        };
        match self.retry_after {
            Some(secs) => http::with_header(a, header::RETRY_AFTER, &secs.to_string()),
            None => a,
        }
    }
}

/// The participant the cookie names; for the page only, a new one when it names none (with the
/// `Set-Cookie` to send). Refused: a request other than the page without a known cookie (403),
/// a blocked participant (403), a new participant from a blocked address (403) or from an
/// address that brought too many this minute (429), and a full room (503). A refusal makes no
/// participant and uses no quota.
fn participant(
    shared: &Shared,
    cookie: Option<&str>,
    ip: IpAddr,
    may_join: bool,
) -> Result<(Participant, Option<String>), Refusal> {
    let mut state = lock(&shared.state);
    if let Some(p) = cookie.and_then(|c| state.secrets.get(c)).copied() {
        if state.people.get(&p).is_some_and(|p| p.blocked) {
            return Err(Refusal::new(
                403,
                "you: the facilitator has stopped your part in this room".to_owned(),
            ));
        }
        return Ok((p, None));
    }
    if !may_join {
        return Err(Refusal::new(403, "you: open the room's page first".to_owned()));
    }
    if state.address_blocked(ip) {
        return Err(Refusal::new(
            403,
            "you: the facilitator has stopped new participants from this address".to_owned(),
        ));
    }
    let now = Instant::now();
    let per_minute = shared.limits.new_participants_per_minute;
    let window = state.newcomers.entry(ip).or_insert_with(|| Window::per_minute(per_minute));
    if let Err(wait) = window.check(now) {
        let secs = retry_after_secs(wait);
        let message =
            format!("at most {per_minute} new participants a minute from one address; try again in {secs} s");
        return Err(Refusal { retry_after: Some(secs), ..Refusal::new(429, message) });
    }
    if state.people.len() >= shared.limits.max_participants {
        let message = format!("the room is full ({} participants)", shared.limits.max_participants);
        return Err(Refusal::new(503, message));
    }
    if let Some(w) = state.newcomers.get_mut(&ip) {
        w.take(now);
    }
    let p = Participant(state.next_participant);
    state.next_participant = state.next_participant.saturating_add(1);
    let secret = token::cookie_secret();
    state.secrets.insert(secret.clone(), p);
    let person = Person {
        mine: Mine::default(),
        recent: Window::per_minute(shared.limits.proposals_per_minute),
        recent_comments: Window::per_minute(shared.limits.comments_per_minute),
        blocked: false,
        version: 0,
        address: ip,
    };
    state.people.insert(p, person);
    drop(state);
    (shared.wake)();
    let cookie = format!("{}={secret}; HttpOnly; SameSite=Strict; Path=/j/{}", http::COOKIE, shared.token);
    Ok((p, Some(cookie)))
}

fn snapshot(shared: &Shared, you: Participant) -> (Arc<RoomView>, Mine) {
    let state = lock(&shared.state);
    let mine = state.people.get(&you).map(|p| p.mine.clone()).unwrap_or_default();
    (Arc::clone(&state.view), mine)
}

fn view(shared: &Shared) -> Arc<RoomView> {
    Arc::clone(&lock(&shared.state).view)
}

fn refused(e: &ask::Refused) -> Answer {
    http::error(e.status(), &e.to_string())
}

async fn propose(shared: &Arc<Shared>, you: Participant, body: &[u8]) -> Answer {
    let shown = view(shared);
    let proposed = match ask::proposal(body, &shown) {
        Ok(p) => p,
        Err(e) => return refused(&e),
    };
    let now = Instant::now();
    let id = {
        let mut state = lock(&shared.state);
        let limit = shared.limits.proposals_per_minute;
        let Some(person) = state.people.get_mut(&you) else { return not_found() };
        if let Err(wait) = person.recent.check(now) {
            let secs = retry_after_secs(wait);
            let a = http::error(429, &format!("proposals: at most {limit} a minute; try again in {secs} s"));
            return http::with_header(a, header::RETRY_AFTER, &secs.to_string());
        }
        person.recent.take(now);
        let id = state.next_proposal;
        state.next_proposal = state.next_proposal.saturating_add(1);
        id
    };
    let at = Timestamp::now();
    let title = proposed.title.clone();
    let proposal = Proposal {
        id,
        title: proposed.title,
        phase: proposed.phase,
        lane: proposed.lane,
        feeling: proposed.feeling,
        from: you,
        at,
        status: ProposalStatus::Pending,
    };
    let arrival =
        Arrival { seq: 0, journey: shown.journey.clone(), from: you, at, what: Arrived::Proposal(proposal) };
    if let Err(a) = record(shared, arrival, |person| person.mine.proposals.push((id, title))).await {
        // Not kept: it does not count against the participant either.
        if let Some(person) = lock(&shared.state).people.get_mut(&you) {
            person.recent.give_back(now);
        }
        return a;
    }
    http::json(201, &json!({ "id": id }))
}

async fn comment(shared: &Arc<Shared>, you: Participant, body: &[u8]) -> Answer {
    let shown = view(shared);
    let commented = match ask::comment(body, &shown, you.0) {
        Ok(c) => c,
        Err(e) => return refused(&e),
    };
    let now = Instant::now();
    {
        let mut state = lock(&shared.state);
        let limit = shared.limits.comments_per_minute;
        let Some(person) = state.people.get_mut(&you) else { return not_found() };
        if let Err(wait) = person.recent_comments.check(now) {
            let secs = retry_after_secs(wait);
            let a = http::error(429, &format!("comments: at most {limit} a minute; try again in {secs} s"));
            return http::with_header(a, header::RETRY_AFTER, &secs.to_string());
        }
        person.recent_comments.take(now);
    }
    let touchpoint = commented.touchpoint;
    let arrival = Arrival {
        seq: 0,
        journey: shown.journey.clone(),
        from: you,
        at: Timestamp::now(),
        what: Arrived::Comment { touchpoint, about: commented.about, by: commented.by, text: commented.text },
    };
    if let Err(a) = record(shared, arrival, |person| person.mine.comments.push(touchpoint)).await {
        // Not kept: it does not count against the participant either.
        if let Some(person) = lock(&shared.state).people.get_mut(&you) {
            person.recent_comments.give_back(now);
        }
        return a;
    }
    http::json(201, &json!({}))
}

async fn vote(shared: &Arc<Shared>, you: Participant, body: &[u8]) -> Answer {
    let shown = view(shared);
    let (vote, touchpoints) = match ask::dots(body, &shown) {
        Ok(d) => d,
        Err(e) => return refused(&e),
    };
    let kept = touchpoints.clone();
    let arrival = Arrival {
        seq: 0,
        journey: shown.journey.clone(),
        from: you,
        at: Timestamp::now(),
        what: Arrived::Dots { vote, touchpoints },
    };
    match record(shared, arrival, |person| {
        person.mine.dots.insert(vote, kept);
    })
    .await
    {
        Ok(()) => http::json(200, &json!({})),
        Err(a) => a,
    }
}

async fn feelings(shared: &Arc<Shared>, you: Participant, body: &[u8]) -> Answer {
    let shown = view(shared);
    let given = match ask::feelings(body, &shown) {
        Ok(g) => g,
        Err(e) => return refused(&e),
    };
    if given.is_empty() {
        return http::json(200, &json!({}));
    }
    let kept = given.clone();
    let arrival = Arrival {
        seq: 0,
        journey: shown.journey.clone(),
        from: you,
        at: Timestamp::now(),
        what: Arrived::Feelings(given),
    };
    match record(shared, arrival, |person| person.mine.feelings.extend(kept)).await {
        Ok(()) => http::json(200, &json!({})),
        Err(a) => a,
    }
}

/// Has the keeper write the arrival to the journal and flush it, and answers only then: the
/// keeper has already queued it for the workbench; here what the participant sees is updated
/// and the workbench woken. When it could not be kept, it is not in the journal and the
/// answer is a 500 that says to send it again.
async fn record(
    shared: &Arc<Shared>,
    arrival: Arrival,
    update: impl FnOnce(&mut Person),
) -> Result<(), Answer> {
    let from = arrival.from;
    let (tx, rx) = oneshot::channel();
    let sent = lock(&shared.keep).send(Keep { arrival, kept: tx });
    let outcome = match sent {
        Ok(()) => rx.await.unwrap_or_else(|_| Err("the journal's keeper stopped".to_owned())),
        Err(_) => Err("the journal's keeper stopped".to_owned()),
    };
    if let Err(why) = outcome {
        (shared.wake)();
        return Err(http::error(
            500,
            &format!("the facilitator's laptop could not keep this ({why}); please send it again"),
        ));
    }
    {
        let mut state = lock(&shared.state);
        if let Some(person) = state.people.get_mut(&from) {
            update(person);
            person.version += 1;
        }
    }
    // Only this participant's state changed: their event stream alone sends.
    shared.bump();
    (shared.wake)();
    Ok(())
}

/// The event stream's answer; a task sends its events until the phone goes, the participant
/// is blocked or the room closes.
fn events(shared: &Arc<Shared>, you: Participant) -> Answer {
    let (tx, rx) = mpsc::channel(8);
    tokio::spawn(stream_events(Arc::clone(shared), you, tx));
    http::event_stream(rx)
}

enum Next {
    Closed,
    Gone,
    State(Arc<RoomView>, Mine, (u64, u64)),
    Same,
}

/// Streams `event: state` whenever this participant's state changes, a comment every
/// [`PING_EVERY`] when nothing does, and `event: closed` when the room closes.
async fn stream_events(shared: Arc<Shared>, you: Participant, tx: mpsc::Sender<Bytes>) {
    let mut changed = shared.changed.subscribe();
    if tx.send(Bytes::from_static(b"retry: 2000\n\n")).await.is_err() {
        return;
    }
    let mut seen = None;
    let mut last_sent = String::new();
    loop {
        changed.borrow_and_update();
        let next = {
            let state = lock(&shared.state);
            if shared.is_closed() {
                Next::Closed
            } else {
                match state.people.get(&you) {
                    None => Next::Gone,
                    Some(p) if p.blocked => Next::Gone,
                    Some(p) if seen == Some((state.version, p.version)) => Next::Same,
                    Some(p) => {
                        Next::State(Arc::clone(&state.view), p.mine.clone(), (state.version, p.version))
                    }
                }
            }
        };
        match next {
            Next::Closed => {
                let _ = tx.send(Bytes::from_static(b"event: closed\ndata: {}\n\n")).await;
                return;
            }
            Next::Gone => return,
            Next::Same => {}
            Next::State(view, mine, version) => {
                seen = Some(version);
                let json = state_json(&view, you.0, &mine).to_string();
                if json != last_sent {
                    let event = format!("event: state\ndata: {json}\n\n");
                    last_sent = json;
                    if tx.send(Bytes::from(event)).await.is_err() {
                        return;
                    }
                }
            }
        }
        match tokio::time::timeout(PING_EVERY, changed.changed()).await {
            Ok(Ok(())) => {}
            Ok(Err(_)) => return,
            Err(_) => {
                if tx.send(Bytes::from_static(b": ping\n\n")).await.is_err() {
                    return;
                }
            }
        }
    }
}

/// An address as the `Host` header and the URL name it.
pub(super) fn host_of(addr: SocketAddr) -> String {
    match addr {
        SocketAddr::V4(a) => format!("{}:{}", a.ip(), a.port()),
        SocketAddr::V6(a) => match a.ip().to_ipv4_mapped() {
            Some(v4) => format!("{v4}:{}", a.port()),
            None => format!("[{}]:{}", a.ip(), a.port()),
        },
    }
}
