//! The data a service designer draws: projects, journeys, lanes, touchpoints and links.
//!
//! Pure data: no egui, no file system. `store` reads and writes it, `score` judges it.

use serde::{Deserialize, Serialize};

/// The file format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The lanes a new journey starts with.
pub const DEFAULT_LANES: [&str; 3] = ["Customer", "People", "Digital"];

/// A project: a name and one or more journeys (e.g. "As-is" and "To-be").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// Format version of the file the project came from (always [`FORMAT_VERSION`] once read).
    pub format: u32,
    /// Name of the service or organisation.
    pub name: String,
    /// The journeys, in tab order.
    pub journeys: Vec<Journey>,
}

impl Project {
    /// A new project with one empty journey called "As-is".
    pub fn new(name: impl Into<String>) -> Self {
        Self { format: FORMAT_VERSION, name: name.into(), journeys: vec![Journey::new("As-is")] }
    }

    /// The journey with this exact name.
    pub fn journey(&self, name: &str) -> Option<&Journey> {
        self.journeys.iter().find(|j| j.name == name)
    }

    /// The id a new touchpoint gets: one more than the largest id in any journey of the
    /// project (DESIGN.md §13), so a card deleted from the to-be and another added never share
    /// an id and a comparison shows them as removed and added.
    pub fn next_touchpoint_id(&self) -> TouchpointId {
        let largest = self.journeys.iter().flat_map(|j| &j.touchpoints).map(|t| t.id.0).max();
        TouchpointId(largest.unwrap_or(0).saturating_add(1))
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
        }
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
