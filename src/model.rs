//! The data a service designer draws: projects, journeys, lanes, touchpoints and links.
//!
//! Pure data: no egui, no file system. `store` reads and writes it, `score` judges it.

use serde::{Deserialize, Serialize};

pub mod conflicts;
pub mod fields;
pub mod threads;

/// A number with its sign as people read it: "+2", "0", "−1" (a real minus sign).
pub fn signed(n: i32) -> String {
    match n {
        n if n > 0 => format!("+{n}"),
        n if n < 0 => format!("\u{2212}{}", n.unsigned_abs()),
        _ => "0".to_owned(),
    }
}

pub use conflicts::{Conflict, ConflictOn};
pub use fields::Field;
pub use threads::{Comment, Thread, ThreadOn};

/// The newest file format this build reads and writes. A project with review threads (§18) or
/// merge conflicts (§19) is written as format 3; one with room data (proposals, votes, feeling
/// answers: DESIGN.md §15) and neither as format 2; one without any stays format 1, byte for
/// byte as older builds write it, so teams on mixed versions keep opening each other's files
/// (see [`Project::file_format`]).
pub const FORMAT_VERSION: u32 = 3;

/// The format of a project with room data and no review threads or merge conflicts.
pub const FORMAT_WITH_ROOM: u32 = 2;

/// The format of a project with review threads (DESIGN.md §18) or merge conflicts (§19).
pub const FORMAT_WITH_THREADS: u32 = 3;

/// The format of a project without room data: what every build before the room wrote.
pub const FORMAT_WITHOUT_ROOM: u32 = 1;

/// The lanes a new journey starts with.
pub const DEFAULT_LANES: [&str; 3] = ["Customer", "People", "Digital"];

/// A project: a name and one or more journeys (e.g. "As-is" and "To-be").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// Format version the file it was read from declared (1 or 2; a new project has 1). The
    /// writer does not use it: it writes [`Project::file_format`], which follows from what the
    /// project holds.
    pub format: u32,
    /// Name of the service or organisation.
    pub name: String,
    /// The journeys, in tab order.
    pub journeys: Vec<Journey>,
    /// What a merge of two people's work could not decide (DESIGN.md §19), waiting for someone
    /// to choose; empty for every project that was not merged with conflicts.
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
}

impl Project {
    /// A new project with one empty journey called "As-is".
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            format: FORMAT_WITHOUT_ROOM,
            name: name.into(),
            journeys: vec![Journey::new("As-is")],
            conflicts: Vec::new(),
        }
    }

    /// The journey with this exact name.
    pub fn journey(&self, name: &str) -> Option<&Journey> {
        self.journeys.iter().find(|j| j.name == name)
    }

    /// The id a new touchpoint gets: one more than the largest id in any journey of the
    /// project (DESIGN.md §13), so a card deleted from the to-be and another added never share
    /// an id and a comparison shows them as removed and added.
    pub fn next_touchpoint_id(&self) -> TouchpointId {
        let cards = self.journeys.iter().flat_map(|j| &j.touchpoints).map(|t| t.id.0);
        // A removed card's threads still name it: a new card never takes its id (§18).
        let commented = self.journeys.iter().flat_map(|j| &j.threads).filter_map(|t| match t.on {
            ThreadOn::Touchpoint(id) => Some(id.0),
            _ => None,
        });
        let largest = cards.chain(commented).max();
        TouchpointId(largest.unwrap_or(0).saturating_add(1))
    }

    /// The format the project's file has, the lowest that holds it (DESIGN.md §7):
    /// [`FORMAT_WITH_THREADS`] when any journey holds review threads or a merge left conflicts,
    /// else [`FORMAT_WITH_ROOM`] when any holds room data, else [`FORMAT_WITHOUT_ROOM`].
    pub fn file_format(&self) -> u32 {
        if !self.conflicts.is_empty() || self.journeys.iter().any(|j| !j.threads.is_empty()) {
            FORMAT_WITH_THREADS
        } else if self.journeys.iter().any(Journey::has_room_data) {
            FORMAT_WITH_ROOM
        } else {
            FORMAT_WITHOUT_ROOM
        }
    }

    /// The id a new thread gets: one more than the largest thread id in any journey.
    pub fn next_thread_id(&self) -> u32 {
        let largest = self.journeys.iter().flat_map(|j| &j.threads).map(|t| t.id).max();
        largest.unwrap_or(0).saturating_add(1)
    }

    /// The id the room gives its next proposal: one more than the largest proposal id in any
    /// journey, so proposal ids never repeat within a project and a proposal replayed from a
    /// room's journal is recognised wherever it went.
    pub fn next_proposal_id(&self) -> u32 {
        let largest = self.journeys.iter().flat_map(|j| &j.proposals).map(|p| p.id).max();
        largest.unwrap_or(0).saturating_add(1)
    }

    /// The largest participant number in the project's room data (0 when there is none): a new
    /// room numbers its participants after it, so numbers continue across rooms.
    pub fn last_participant(&self) -> u32 {
        let mut largest = 0;
        for j in &self.journeys {
            let proposals = j.proposals.iter().map(|p| p.from.0);
            let ballots = j.votes.iter().flat_map(|v| &v.ballots).map(|b| b.from.0);
            let heard = j.heard.iter().map(|h| h.from.0);
            largest = proposals.chain(ballots).chain(heard).fold(largest, u32::max);
        }
        largest
    }
}

/// One journey: how a customer is treated over the three phases of a relationship.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journey {
    /// Name shown on the journey's tab.
    pub name: String,
    /// One line on who the customer is.
    #[serde(default)]
    pub persona: String,
    /// Rows of the canvas, top to bottom.
    pub lanes: Vec<String>,
    /// Touchpoints in file order (not necessarily timeline order).
    pub touchpoints: Vec<Touchpoint>,
    /// Arrows between touchpoints.
    #[serde(default)]
    pub links: Vec<Link>,
    /// Touchpoints proposed by workshop participants from their phones (DESIGN.md §15), in the
    /// order they arrived.
    #[serde(default)]
    pub proposals: Vec<Proposal>,
    /// Dot votes the facilitator opened, with the dots participants placed.
    #[serde(default)]
    pub votes: Vec<Vote>,
    /// How participants said the customer feels at touchpoints: the latest answer per
    /// participant and touchpoint.
    #[serde(default)]
    pub heard: Vec<Heard>,
    /// Review threads on its touchpoints, phases or the journey (DESIGN.md §18).
    #[serde(default)]
    pub threads: Vec<Thread>,
}

impl Journey {
    /// An empty journey with the default lanes.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            persona: String::new(),
            lanes: DEFAULT_LANES.iter().map(|s| (*s).to_owned()).collect(),
            touchpoints: Vec::new(),
            links: Vec::new(),
            proposals: Vec::new(),
            votes: Vec::new(),
            heard: Vec::new(),
            threads: Vec::new(),
        }
    }

    /// Holds proposals, votes or feeling answers: what makes a file format 2.
    pub fn has_room_data(&self) -> bool {
        !(self.proposals.is_empty() && self.votes.is_empty() && self.heard.is_empty())
    }

    /// The touchpoints with open review threads, and how many each has.
    pub fn open_threads_by_card(&self) -> std::collections::HashMap<TouchpointId, usize> {
        let mut out = std::collections::HashMap::new();
        for t in self.threads.iter().filter(|t| !t.resolved) {
            if let ThreadOn::Touchpoint(id) = t.on {
                *out.entry(id).or_insert(0) += 1;
            }
        }
        out
    }

    /// How many open review threads are on a touchpoint.
    pub fn open_threads_on(&self, id: TouchpointId) -> usize {
        self.threads.iter().filter(|t| !t.resolved && t.on == ThreadOn::Touchpoint(id)).count()
    }

    /// The id the facilitator's next vote gets: one more than the largest in this journey.
    pub fn next_vote_id(&self) -> u32 {
        self.votes.iter().map(|v| v.id).max().unwrap_or(0).saturating_add(1)
    }

    /// The vote open now, if any (a journey has at most one).
    pub fn open_vote(&self) -> Option<&Vote> {
        self.votes.iter().find(|v| v.open)
    }

    /// The touchpoint with this id.
    pub fn touchpoint(&self, id: TouchpointId) -> Option<&Touchpoint> {
        self.touchpoints.iter().find(|t| t.id == id)
    }

    /// The touchpoint with this id, mutably.
    pub fn touchpoint_mut(&mut self, id: TouchpointId) -> Option<&mut Touchpoint> {
        self.touchpoints.iter_mut().find(|t| t.id == id)
    }

    /// The smallest id greater than every id in use in this journey (a new touchpoint of a
    /// project takes [`Project::next_touchpoint_id`] instead).
    pub fn next_id(&self) -> TouchpointId {
        TouchpointId(self.touchpoints.iter().map(|t| t.id.0).max().unwrap_or(0).saturating_add(1))
    }

    /// The first lane, which a touchpoint without a lane belongs to.
    pub fn first_lane(&self) -> &str {
        self.lanes.first().map_or("", String::as_str)
    }

    /// Indices into `touchpoints` in timeline order: by day, ties kept in file order.
    pub fn timeline(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.touchpoints.len()).collect();
        order.sort_by_key(|&i| self.touchpoints[i].day); // stable: ties stay in file order
        order
    }
}

/// Identifies a touchpoint within its journey. Positive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TouchpointId(pub u32);

impl std::fmt::Display for TouchpointId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The three phases of a relationship: the columns of the canvas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Phase {
    /// Rapport is built; the first bill is explained before it arrives.
    EarlyDays,
    /// The first time something goes wrong: a human, flexible response or a blunt demand.
    FirstDisagreement,
    /// Value recognised, or long-standing customers treated worse than new ones.
    LongTerm,
}

impl Phase {
    /// All phases, left to right.
    pub const ALL: [Phase; 3] = [Phase::EarlyDays, Phase::FirstDisagreement, Phase::LongTerm];

    /// Position from the left, 0..3.
    pub fn index(self) -> usize {
        match self {
            Phase::EarlyDays => 0,
            Phase::FirstDisagreement => 1,
            Phase::LongTerm => 2,
        }
    }

    /// Heading shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Phase::EarlyDays => "Early days",
            Phase::FirstDisagreement => "First disagreement",
            Phase::LongTerm => "Long term",
        }
    }

    /// Name as written in files and JSON.
    pub fn file_name(self) -> &'static str {
        match self {
            Phase::EarlyDays => "EarlyDays",
            Phase::FirstDisagreement => "FirstDisagreement",
            Phase::LongTerm => "LongTerm",
        }
    }
}

/// How the customer reaches, or is reached by, the organisation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Channel {
    InPerson,
    Phone,
    Video,
    Chat,
    Email,
    Letter,
    App,
    Web,
    Sms,
    #[default]
    Other,
}

impl Channel {
    /// All channels, in the order pickers show them.
    pub const ALL: [Channel; 10] = [
        Channel::InPerson,
        Channel::Phone,
        Channel::Video,
        Channel::Chat,
        Channel::Email,
        Channel::Letter,
        Channel::App,
        Channel::Web,
        Channel::Sms,
        Channel::Other,
    ];

    /// Name as written in files.
    pub fn file_name(self) -> &'static str {
        match self {
            Channel::InPerson => "InPerson",
            Channel::Phone => "Phone",
            Channel::Video => "Video",
            Channel::Chat => "Chat",
            Channel::Email => "Email",
            Channel::Letter => "Letter",
            Channel::App => "App",
            Channel::Web => "Web",
            Channel::Sms => "Sms",
            Channel::Other => "Other",
        }
    }

    /// Name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Channel::InPerson => "In person",
            Channel::Sms => "SMS",
            other => other.file_name(),
        }
    }
}

/// Who serves the customer at a touchpoint.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Provider {
    /// The same named person, e.g. `Person("Priya")`.
    Person(String),
    /// A named team, e.g. `Team("Billing")`.
    Team(String),
    /// Whoever is available.
    Anyone,
    /// A machine: letters, apps, automated emails.
    Automated,
}

impl Provider {
    /// A person or a team, anyone: not a machine.
    pub fn is_human(&self) -> bool {
        !matches!(self, Provider::Automated)
    }

    /// Short text for a chip on a card.
    pub fn label(&self) -> String {
        match self {
            Provider::Person(name) => name.clone(),
            Provider::Team(name) => format!("{name} team"),
            Provider::Anyone => "Anyone".to_owned(),
            Provider::Automated => "Automated".to_owned(),
        }
    }
}

/// Strength of an exchange, 1..=3.
pub type Strength = u8;

/// What changes hands at a touchpoint, and how much (strength 1..=3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Exchange {
    /// The organisation gives: help, a cheaper tariff, a goodwill credit.
    OrgGives(Strength),
    /// The organisation takes: a demand, an upsell, a fee.
    OrgTakes(Strength),
    /// The customer gives: information, a meter reading, a referral.
    CustomerGives(Strength),
    /// The customer takes: claims a benefit or a refund.
    CustomerTakes(Strength),
    /// Nothing of value changes hands.
    Neutral,
}

impl Exchange {
    /// The strength, or 0 for `Neutral`.
    pub fn strength(self) -> Strength {
        match self {
            Exchange::OrgGives(s)
            | Exchange::OrgTakes(s)
            | Exchange::CustomerGives(s)
            | Exchange::CustomerTakes(s) => s,
            Exchange::Neutral => 0,
        }
    }

    /// The same kind of exchange with another strength (`Neutral` stays neutral).
    pub fn with_strength(self, s: Strength) -> Self {
        match self {
            Exchange::OrgGives(_) => Exchange::OrgGives(s),
            Exchange::OrgTakes(_) => Exchange::OrgTakes(s),
            Exchange::CustomerGives(_) => Exchange::CustomerGives(s),
            Exchange::CustomerTakes(_) => Exchange::CustomerTakes(s),
            Exchange::Neutral => Exchange::Neutral,
        }
    }

    /// The organisation gives or takes here.
    pub fn is_org(self) -> bool {
        matches!(self, Exchange::OrgGives(_) | Exchange::OrgTakes(_))
    }

    /// Name of the variant as written in files.
    pub fn file_name(self) -> &'static str {
        match self {
            Exchange::OrgGives(_) => "OrgGives",
            Exchange::OrgTakes(_) => "OrgTakes",
            Exchange::CustomerGives(_) => "CustomerGives",
            Exchange::CustomerTakes(_) => "CustomerTakes",
            Exchange::Neutral => "Neutral",
        }
    }

    /// Words for people: "org gives 2".
    pub fn label(self) -> String {
        match self {
            Exchange::OrgGives(s) => format!("Org gives {s}"),
            Exchange::OrgTakes(s) => format!("Org takes {s}"),
            Exchange::CustomerGives(s) => format!("Customer gives {s}"),
            Exchange::CustomerTakes(s) => format!("Customer takes {s}"),
            Exchange::Neutral => "Neutral".to_owned(),
        }
    }
}

/// A tag that marks the first bill (see the `FIRST_BILL_UNEXPLAINED` finding).
pub const TAG_FIRST_BILL: &str = "first_bill";
/// A tag that marks a touchpoint explaining the bill before it arrives.
pub const TAG_EXPLAINS_BILL: &str = "explains_bill";

/// One moment of contact between the organisation and the customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Touchpoint {
    /// Positive, unique in its journey.
    pub id: TouchpointId,
    /// Short text on the card.
    pub title: String,
    /// Column of the canvas.
    pub phase: Phase,
    /// Days since the relationship began.
    pub day: u32,
    /// Name of one of the journey's lanes (left out of files when it is the first lane).
    #[serde(default)]
    pub lane: String,
    /// How contact is made.
    #[serde(default)]
    pub channel: Channel,
    /// Who serves the customer.
    pub provider: Provider,
    /// What changes hands.
    pub exchange: Exchange,
    /// The customer can respond and is responded to.
    #[serde(default)]
    pub two_way: bool,
    /// Adapted to this customer's own earlier input.
    #[serde(default)]
    pub tailored: bool,
    /// Presented as personal: first name, "your adviser", signed by a person.
    #[serde(default)]
    pub personalised: bool,
    /// Refers back to earlier contact.
    #[serde(default)]
    pub recalls_history: bool,
    /// Sets an expectation of a specific next contact.
    #[serde(default)]
    pub sets_next_contact: bool,
    /// Free tags; `first_bill` and `explains_bill` have meaning to the findings.
    #[serde(default)]
    pub tags: Vec<String>,
    /// How the customer feels, −2..=2.
    #[serde(default)]
    pub feeling: Option<i8>,
    /// Free text.
    #[serde(default)]
    pub notes: String,
}

impl Touchpoint {
    /// A touchpoint with every optional field at its default.
    pub fn new(
        id: TouchpointId,
        title: impl Into<String>,
        phase: Phase,
        day: u32,
        lane: impl Into<String>,
    ) -> Self {
        Self {
            id,
            title: title.into(),
            phase,
            day,
            lane: lane.into(),
            channel: Channel::Other,
            provider: Provider::Anyone,
            exchange: Exchange::Neutral,
            two_way: false,
            tailored: false,
            personalised: false,
            recalls_history: false,
            sets_next_contact: false,
            tags: Vec::new(),
            feeling: None,
            notes: String::new(),
        }
    }

    /// Carries this tag.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }

    /// The customer gives, or can respond: counts as customer input.
    pub fn is_customer_input(&self) -> bool {
        matches!(self.exchange, Exchange::CustomerGives(_)) || self.two_way
    }
}

/// An arrow from one touchpoint to another (e.g. the demand that caused the dispute call).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Link {
    /// Where the arrow starts.
    pub from: TouchpointId,
    /// Where the arrow points.
    pub to: TouchpointId,
}

/// A workshop participant, by the number the room gave them (1, 2, …, continuing across the
/// rooms of a project).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Participant(pub u32);

impl std::fmt::Display for Participant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A moment in UTC, to the second since 1970, written in files as `"2026-12-05T10:14:03Z"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub u64);

impl Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Timestamp::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("not a UTC time like 2026-12-05T10:14:03Z: {text:?}"))
        })
    }
}

impl Timestamp {
    /// Now, by the system clock (the epoch when the clock is before it).
    pub fn now() -> Self {
        let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        Self(since.map_or(0, |d| d.as_secs()))
    }

    /// Reads exactly `YYYY-MM-DDTHH:MM:SSZ` (what Rapport writes); `None` for anything else,
    /// including dates that do not exist (February 30th) and years before 1970.
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() != 20
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
            || b[19] != b'Z'
        {
            return None;
        }
        let num = |from: usize, to: usize| -> Option<u64> {
            let digits = &text[from..to];
            if digits.bytes().all(|c| c.is_ascii_digit()) { digits.parse().ok() } else { None }
        };
        let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
        let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
        if year < 1970 || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        let days = days_from_civil(year, month, day);
        Some(Self(days * 86_400 + hour * 3600 + minute * 60 + second))
    }

    /// Hours and minutes of the day, UTC: what the tray shows beside a proposal.
    pub fn hour_minute(self) -> (u32, u32) {
        let secs = self.0 % 86_400;
        ((secs / 3600) as u32, (secs % 3600 / 60) as u32)
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (year, month, day) = civil_from_days(self.0 / 86_400);
        let secs = self.0 % 86_400;
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            secs % 3600 / 60,
            secs % 60
        )
    }
}

fn is_leap(year: u64) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a date on or after it (Howard Hinnant's algorithm, unsigned).
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date (year, month 1–12, day 1–31) of a day counted from 1970-01-01.
pub(crate) fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// A touchpoint a participant proposed from their phone. Nothing a participant sends changes
/// the journey until the facilitator accepts it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// Positive, unique in the project (the room numbers proposals 1, 2, … across journeys).
    pub id: u32,
    /// The title as the participant typed it, cleaned (1–120 characters).
    pub title: String,
    /// The phase they chose.
    pub phase: Phase,
    /// The lane they chose, if any. It may name a lane the journey no longer has (the lane was
    /// renamed or removed since): accepting then uses the first lane.
    #[serde(default)]
    pub lane: Option<String>,
    /// How they said the customer feels there, −2..=2.
    #[serde(default)]
    pub feeling: Option<i8>,
    /// Who proposed it.
    pub from: Participant,
    /// When it arrived.
    pub at: Timestamp,
    /// What the facilitator decided.
    pub status: ProposalStatus,
}

/// What the facilitator decided about a proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProposalStatus {
    /// Waiting in the tray.
    Pending,
    /// Accepted: it became this touchpoint of its journey.
    Accepted(TouchpointId),
    /// Dismissed: kept under "dismissed" and can be restored.
    Dismissed,
}

/// The most dots a vote may give each participant.
pub const MAX_VOTE_DOTS: u32 = 20;

/// A dot vote the facilitator opened: participants place `dots` dots on touchpoints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    /// Positive, unique in its journey.
    pub id: u32,
    /// What the room is asked.
    pub question: String,
    /// How many dots each participant may place (at least 1).
    pub dots: u32,
    /// Participants can vote now.
    #[serde(default)]
    pub open: bool,
    /// The tallies are shown (they stay hidden until the facilitator reveals them).
    #[serde(default)]
    pub revealed: bool,
    /// Every dot placed, in the order they arrived; a participant may put several on one
    /// touchpoint.
    #[serde(default)]
    pub ballots: Vec<Ballot>,
}

impl Vote {
    /// Dots per touchpoint, most first (ties by touchpoint id): the results list.
    pub fn tally(&self) -> Vec<(TouchpointId, usize)> {
        let mut counts: std::collections::BTreeMap<TouchpointId, usize> = std::collections::BTreeMap::new();
        for b in &self.ballots {
            *counts.entry(b.touchpoint).or_default() += 1;
        }
        let mut tally: Vec<(TouchpointId, usize)> = counts.into_iter().collect();
        tally.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        tally
    }
}

/// One dot a participant placed on a touchpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ballot {
    /// Who placed it.
    pub from: Participant,
    /// On which touchpoint of the journey.
    pub touchpoint: TouchpointId,
}

/// How a participant said the customer feels at a touchpoint (a feeling poll's answer).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Heard {
    /// Who answered.
    pub from: Participant,
    /// About which touchpoint of the journey.
    pub touchpoint: TouchpointId,
    /// −2..=2.
    pub feeling: i8,
}
