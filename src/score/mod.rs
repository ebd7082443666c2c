//! The scores of a journey (DESIGN.md §4): design mutuality, design continuity, the
//! classification, per-phase scores and the trajectory. Pure functions of a journey.
//!
//! Every score is computed by one streaming [`Tally`]: the whole journey, each phase alone and
//! every prefix of the timeline (the trajectory) all go through the same code, so they cannot
//! disagree, and the trajectory is linear in the number of touchpoints.

mod findings;

use std::collections::HashMap;

use serde::Serialize;

/// A feeling at or below this is a low moment (crate-internal, for suggestions).
pub(crate) use findings::FEELING_DIP;
pub use findings::{Finding, FindingCode, FindingKey, KeyScope, Severity, findings};

use crate::model::{Exchange, Journey, Phase, Provider, Touchpoint, TouchpointId};

/// A sub-score: a ratio in 0..=1, with the parts it was computed from (for "why" tooltips).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Part {
    /// The ratio, 0 when the denominator is 0.
    pub value: f64,
    /// What was counted.
    pub numerator: f64,
    /// What it was counted out of.
    pub denominator: f64,
}

impl Part {
    fn ratio(numerator: f64, denominator: f64) -> Self {
        let value = if denominator == 0.0 { 0.0 } else { numerator / denominator };
        Self { value, numerator, denominator }
    }

    fn counts(numerator: usize, denominator: usize) -> Self {
        Self::ratio(numerator as f64, denominator as f64)
    }
}

impl Serialize for Part {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.value)
    }
}

/// Design mutuality, 0..=100: is the relationship mutual, interactive, iterative, tailored?
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MutualityScore {
    /// 20 × (B + G + R + W + L).
    pub score: f64,
    /// B: both parties give, 2·min(Go, Gc) / (Go + Gc).
    pub both_give: Part,
    /// G: giving climate, (Go + Gc) / (Go + Gc + To + Tc).
    pub giving_climate: Part,
    /// R: customer gifts whose next org touchpoint gives back.
    pub reciprocation: Part,
    /// W: share of two-way touchpoints.
    pub two_way: Part,
    /// L: org touchpoints tailored after the customer taught something.
    pub learning: Part,
}

impl MutualityScore {
    /// The five sub-scores with their names, in formula order.
    pub fn parts(&self) -> [(SubScore, Part); 5] {
        [
            (SubScore::BothGive, self.both_give),
            (SubScore::GivingClimate, self.giving_climate),
            (SubScore::Reciprocation, self.reciprocation),
            (SubScore::TwoWay, self.two_way),
            (SubScore::Learning, self.learning),
        ]
    }
}

/// Design continuity, 0..=100: the same provider, regularly, over time, with shared history.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ContinuityScore {
    /// 20 × (P + F + S + H + X).
    pub score: f64,
    /// P: usual-provider index (primary person 1, primary team ½).
    pub same_provider: Part,
    /// F: 1 − Σ max(0, gap − 90) / span.
    pub regularity: Part,
    /// S: min(1, span / 365).
    pub span: Part,
    /// H: later touchpoints that recall history.
    pub shared_history: Part,
    /// X: touchpoints that set a next contact.
    pub next_contact: Part,
}

impl ContinuityScore {
    /// The five sub-scores with their names, in formula order.
    pub fn parts(&self) -> [(SubScore, Part); 5] {
        [
            (SubScore::SameProvider, self.same_provider),
            (SubScore::Regularity, self.regularity),
            (SubScore::Span, self.span),
            (SubScore::SharedHistory, self.shared_history),
            (SubScore::NextContact, self.next_contact),
        ]
    }
}

/// The ten sub-scores, for labels and tooltips.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum SubScore {
    BothGive,
    GivingClimate,
    Reciprocation,
    TwoWay,
    Learning,
    SameProvider,
    Regularity,
    Span,
    SharedHistory,
    NextContact,
}

impl SubScore {
    /// Short name.
    pub fn label(self) -> &'static str {
        match self {
            SubScore::BothGive => "both give",
            SubScore::GivingClimate => "giving climate",
            SubScore::Reciprocation => "reciprocation",
            SubScore::TwoWay => "two-way",
            SubScore::Learning => "learning",
            SubScore::SameProvider => "same provider",
            SubScore::Regularity => "regularity",
            SubScore::Span => "span",
            SubScore::SharedHistory => "shared history",
            SubScore::NextContact => "next contact",
        }
    }

    /// The formula, as DESIGN.md states it.
    pub fn formula(self) -> &'static str {
        match self {
            SubScore::BothGive => "B = 2·min(Go, Gc) / (Go + Gc), summed strengths of org and customer gives",
            SubScore::GivingClimate => "G = (Go + Gc) / (Go + Gc + To + Tc)",
            SubScore::Reciprocation => {
                "R = customer gifts whose next org touchpoint is OrgGives / customer gifts"
            }
            SubScore::TwoWay => "W = two-way touchpoints / all touchpoints",
            SubScore::Learning => {
                "L = org touchpoints tailored after an earlier customer input / org touchpoints"
            }
            SubScore::SameProvider => {
                "P = average credit: 1 for the primary person, ½ for the primary team, else 0"
            }
            SubScore::Regularity => "F = 1 − Σ max(0, gap − 90 days) / span",
            SubScore::Span => "S = min(1, span in days / 365)",
            SubScore::SharedHistory => "H = touchpoints 2..n that recall history / (n − 1)",
            SubScore::NextContact => "X = touchpoints 1..n−1 that set a next contact / (n − 1)",
        }
    }

    /// Where the idea comes from.
    pub fn source(self) -> &'static str {
        match self {
            SubScore::BothGive | SubScore::GivingClimate => {
                "Giving and taking (Maz Iqbal); mutual benefit (Peppers & Rogers)"
            }
            SubScore::Reciprocation => "The norm of reciprocity (Gouldner)",
            SubScore::TwoWay | SubScore::Learning => {
                "The Learning Relationship: interactive, tailored (Peppers & Rogers)"
            }
            SubScore::SameProvider => {
                "Relationships vs encounters (Gutek); usual-provider index, continuity-of-care research"
            }
            SubScore::Regularity | SubScore::Span => {
                "Relational Proximity: frequency and span of contact (Schluter, Fowler)"
            }
            SubScore::SharedHistory | SubScore::NextContact => {
                "Relational Proximity: shared history, expectation of meeting again (Schluter, Fowler)"
            }
        }
    }
}

/// What kind of service the journey designs (DESIGN.md §4, first rule that holds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Classification {
    /// Repeated contact with the same provider.
    Relationship,
    /// An encounter dressed up to feel personal.
    PseudoRelationship,
    /// An honest encounter made good: tailored, giving.
    EnhancedEncounter,
    /// Whoever is available, nothing more.
    PlainEncounter,
}

impl Classification {
    /// Name in JSON: `pseudo_relationship`.
    pub fn as_str(self) -> &'static str {
        match self {
            Classification::Relationship => "relationship",
            Classification::PseudoRelationship => "pseudo_relationship",
            Classification::EnhancedEncounter => "enhanced_encounter",
            Classification::PlainEncounter => "plain_encounter",
        }
    }

    /// Name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Classification::Relationship => "Relationship",
            Classification::PseudoRelationship => "Pseudo-relationship",
            Classification::EnhancedEncounter => "Enhanced encounter",
            Classification::PlainEncounter => "Plain encounter",
        }
    }
}

/// The classification and the rule that decided it, in words.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// The class.
    pub classification: Classification,
    /// Which rule held, with the journey's own numbers.
    pub rule: String,
}

/// Summed exchange strengths: Go, To, Gc, Tc.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExchangeTotals {
    /// Go.
    pub org_gives: u64,
    /// To.
    pub org_takes: u64,
    /// Gc.
    pub customer_gives: u64,
    /// Tc.
    pub customer_takes: u64,
}

/// One phase scored on its own.
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseScores {
    /// Which phase.
    pub phase: Phase,
    /// Its touchpoints.
    pub touchpoints: usize,
    /// Mutuality of the phase alone.
    pub mutuality: MutualityScore,
    /// Continuity of the phase alone.
    pub continuity: ContinuityScore,
    /// Giving and taking in the phase.
    pub exchange: ExchangeTotals,
}

/// Both scores of the journey cut after one touchpoint.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrajectoryPoint {
    /// The touchpoint the journey was cut after.
    pub id: TouchpointId,
    /// Its day.
    pub day: u32,
    /// Mutuality of the prefix.
    pub mutuality: f64,
    /// Continuity of the prefix.
    pub continuity: f64,
}

/// Everything the score panel shows about one journey.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    /// Design mutuality.
    pub mutuality: MutualityScore,
    /// Design continuity.
    pub continuity: ContinuityScore,
    /// Classification and its rule.
    pub verdict: Verdict,
    /// Findings, in the order of DESIGN.md §5, then timeline order.
    pub findings: Vec<Finding>,
    /// Each phase scored alone, left to right.
    pub phases: [PhaseScores; 3],
    /// Scores after each touchpoint in timeline order.
    pub trajectory: Vec<TrajectoryPoint>,
}

impl Analysis {
    /// The touchpoints a touchpoint warning names: the cards that carry a warning mark. Phase
    /// findings mark their phase instead, and journey-wide ones neither (DESIGN.md §5), so
    /// warnings do not flood a whole phase.
    pub fn warned_touchpoints(&self) -> std::collections::BTreeSet<TouchpointId> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning && f.marks_cards())
            .flat_map(|f| f.touchpoints.iter().copied())
            .collect()
    }
}

/// Scores, classification, findings, per-phase scores and trajectory of a journey.
pub fn analyse(journey: &Journey) -> Analysis {
    let timeline: Vec<&Touchpoint> =
        journey.timeline().into_iter().map(|i| &journey.touchpoints[i]).collect();

    let mut whole = Tally::default();
    let mut trajectory = Vec::with_capacity(timeline.len());
    for tp in &timeline {
        whole.push(tp);
        trajectory.push(TrajectoryPoint {
            id: tp.id,
            day: tp.day,
            mutuality: whole.mutuality().score,
            continuity: whole.continuity().score,
        });
    }

    let phases = Phase::ALL.map(|phase| {
        let mut tally = Tally::default();
        for tp in timeline.iter().filter(|t| t.phase == phase) {
            tally.push(tp);
        }
        PhaseScores {
            phase,
            touchpoints: tally.n,
            mutuality: tally.mutuality(),
            continuity: tally.continuity(),
            exchange: tally.totals,
        }
    });

    let primary = whole.primary_person.map(|p| p.name);
    Analysis {
        mutuality: whole.mutuality(),
        continuity: whole.continuity(),
        verdict: classify(&timeline, &whole),
        findings: findings::findings_of_timeline(&timeline, primary),
        phases,
        trajectory,
    }
}

/// Just the two scores and the classification, without findings or trajectory.
pub fn scores(journey: &Journey) -> (MutualityScore, ContinuityScore, Verdict) {
    let timeline: Vec<&Touchpoint> =
        journey.timeline().into_iter().map(|i| &journey.touchpoints[i]).collect();
    let mut tally = Tally::default();
    for tp in &timeline {
        tally.push(tp);
    }
    (tally.mutuality(), tally.continuity(), classify(&timeline, &tally))
}

/// The primary person (most touchpoints; ties go to the first in timeline order).
pub fn primary_person(journey: &Journey) -> Option<String> {
    let mut tally = Tally::default();
    for i in journey.timeline() {
        tally.push(&journey.touchpoints[i]);
    }
    tally.primary_person.map(|p| p.name.to_owned())
}

/// A provider name leading its kind: count and first timeline position.
#[derive(Clone, Copy, Debug)]
struct Leader<'a> {
    name: &'a str,
    count: usize,
    first: usize,
}

/// Running counts for the leader election of persons or teams.
#[derive(Default)]
struct Election<'a> {
    counts: HashMap<&'a str, (usize, usize), std::hash::BuildHasherDefault<Fnv>>,
}

/// FNV-1a: a few names per journey are counted once per touchpoint (and again per phase and for
/// every prefix of the trajectory), where SipHash's resistance to hostile keys buys nothing and
/// costs a tenth of the analysis.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

impl<'a> Election<'a> {
    /// Counts one more touchpoint for `name` at timeline position `at`, updating `leader`.
    fn vote(&mut self, name: &'a str, at: usize, leader: &mut Option<Leader<'a>>) {
        let entry = self.counts.entry(name).or_insert((0, at));
        entry.0 += 1;
        let candidate = Leader { name, count: entry.0, first: entry.1 };
        let wins = match leader {
            None => true,
            Some(l) if l.name == name => true,
            Some(l) => candidate.count > l.count || (candidate.count == l.count && candidate.first < l.first),
        };
        if wins {
            *leader = Some(candidate);
        }
    }
}

/// Streaming state from which both scores of the touchpoints pushed so far are read.
#[derive(Default)]
struct Tally<'a> {
    n: usize,
    totals: ExchangeTotals,
    gifts: usize,
    reciprocated: usize,
    gifts_awaiting_org: usize,
    two_way: usize,
    org: usize,
    learned: usize,
    seen_input: bool,
    persons: Election<'a>,
    teams: Election<'a>,
    primary_person: Option<Leader<'a>>,
    primary_team: Option<Leader<'a>>,
    first_day: u32,
    last_day: u32,
    excess_gap_days: u64,
    recalls_after_first: usize,
    sets_next: usize,
    last_sets_next: bool,
}

impl<'a> Tally<'a> {
    /// Adds the next touchpoint in timeline order.
    fn push(&mut self, tp: &'a Touchpoint) {
        let at = self.n;
        match tp.exchange {
            Exchange::OrgGives(s) => {
                self.totals.org_gives += u64::from(s);
                self.reciprocated += self.gifts_awaiting_org;
                self.gifts_awaiting_org = 0;
            }
            Exchange::OrgTakes(s) => {
                self.totals.org_takes += u64::from(s);
                self.gifts_awaiting_org = 0;
            }
            Exchange::CustomerGives(s) => {
                self.totals.customer_gives += u64::from(s);
                self.gifts += 1;
                self.gifts_awaiting_org += 1;
            }
            Exchange::CustomerTakes(s) => self.totals.customer_takes += u64::from(s),
            Exchange::Neutral => {}
        }
        if tp.two_way {
            self.two_way += 1;
        }
        if tp.exchange.is_org() {
            self.org += 1;
            if tp.tailored && self.seen_input {
                self.learned += 1;
            }
        }
        if tp.is_customer_input() {
            self.seen_input = true;
        }
        match &tp.provider {
            Provider::Person(name) => self.persons.vote(name, at, &mut self.primary_person),
            Provider::Team(name) => self.teams.vote(name, at, &mut self.primary_team),
            Provider::Anyone | Provider::Automated => {}
        }
        if at == 0 {
            self.first_day = tp.day;
        } else {
            let gap = u64::from(tp.day.saturating_sub(self.last_day));
            self.excess_gap_days += gap.saturating_sub(LONG_GAP_DAYS);
            if tp.recalls_history {
                self.recalls_after_first += 1;
            }
        }
        self.last_day = tp.day;
        if tp.sets_next_contact {
            self.sets_next += 1;
        }
        self.last_sets_next = tp.sets_next_contact;
        self.n += 1;
    }

    /// What has been counted so far, from which both scores are read.
    fn counts(&self) -> Counts {
        Counts {
            n: self.n,
            totals: self.totals,
            gifts: self.gifts,
            reciprocated: self.reciprocated,
            two_way: self.two_way,
            org: self.org,
            learned: self.learned,
            primary_person: self.primary_person.map_or(0, |l| l.count),
            primary_team: self.primary_team.map_or(0, |l| l.count),
            span_days: if self.n == 0 { 0 } else { u64::from(self.last_day - self.first_day) },
            excess_gap_days: self.excess_gap_days,
            recalls_after_first: self.recalls_after_first,
            next_before_last: self.sets_next - usize::from(self.last_sets_next),
        }
    }

    fn mutuality(&self) -> MutualityScore {
        self.counts().mutuality()
    }

    fn continuity(&self) -> ContinuityScore {
        self.counts().continuity()
    }
}

/// The counts both scores are read from (the numerators and denominators of §4).
///
/// Crate-internal so that suggestions (`crate::suggest`) can score a one-field edit by changing
/// the counts it changes and reading the scores through these very formulas, instead of
/// re-analysing the whole journey for every candidate edit.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Counts {
    /// Touchpoints.
    pub(crate) n: usize,
    /// Go, To, Gc, Tc.
    pub(crate) totals: ExchangeTotals,
    /// `CustomerGives` touchpoints.
    pub(crate) gifts: usize,
    /// Of those, the ones whose next org touchpoint is `OrgGives`.
    pub(crate) reciprocated: usize,
    /// Two-way touchpoints.
    pub(crate) two_way: usize,
    /// Org touchpoints.
    pub(crate) org: usize,
    /// Org touchpoints tailored after an earlier customer input.
    pub(crate) learned: usize,
    /// Touchpoints of the primary person (0 without one).
    pub(crate) primary_person: usize,
    /// Touchpoints of the primary team (0 without one).
    pub(crate) primary_team: usize,
    /// Last day − first day (0 without touchpoints).
    pub(crate) span_days: u64,
    /// Σ max(0, gap − 90) over neighbouring touchpoints.
    pub(crate) excess_gap_days: u64,
    /// Touchpoints 2..n that recall history.
    pub(crate) recalls_after_first: usize,
    /// Touchpoints 1..n−1 that set a next contact.
    pub(crate) next_before_last: usize,
}

impl Counts {
    /// Design mutuality, 20 × (B + G + R + W + L).
    pub(crate) fn mutuality(&self) -> MutualityScore {
        let t = &self.totals;
        let (go, gc) = (t.org_gives as f64, t.customer_gives as f64);
        let all = go + gc + t.org_takes as f64 + t.customer_takes as f64;
        let both_give = Part::ratio(2.0 * go.min(gc), go + gc);
        let giving_climate = Part::ratio(go + gc, all);
        let reciprocation = Part::counts(self.reciprocated, self.gifts);
        let two_way = Part::counts(self.two_way, self.n);
        let learning = Part::counts(self.learned, self.org);
        let sum =
            both_give.value + giving_climate.value + reciprocation.value + two_way.value + learning.value;
        MutualityScore { score: 20.0 * sum, both_give, giving_climate, reciprocation, two_way, learning }
    }

    /// Design continuity, 20 × (P + F + S + H + X).
    pub(crate) fn continuity(&self) -> ContinuityScore {
        let person = self.primary_person as f64;
        let team = self.primary_team as f64;
        let same_provider = Part::ratio(person + 0.5 * team, self.n as f64);
        let span_days = self.span_days;
        // F is the share of the span not lost to long gaps; a zero span has no regularity.
        let regularity = Part::ratio(span_days.saturating_sub(self.excess_gap_days) as f64, span_days as f64);
        let mut span = Part::ratio(span_days as f64, DAYS_PER_YEAR);
        span.value = span.value.min(1.0);
        let later = self.n.saturating_sub(1);
        let shared_history = Part::counts(self.recalls_after_first, later);
        let next_contact = Part::counts(self.next_before_last, later);
        let sum =
            same_provider.value + regularity.value + span.value + shared_history.value + next_contact.value;
        ContinuityScore { score: 20.0 * sum, same_provider, regularity, span, shared_history, next_contact }
    }
}

/// A gap between neighbouring touchpoints longer than this is a long silence.
pub const LONG_GAP_DAYS: u64 = 90;
const DAYS_PER_YEAR: f64 = 365.0;

/// At least ⅓, exactly, in integers; false when there is nothing to count.
pub(crate) fn at_least_a_third(part: usize, whole: usize) -> bool {
    whole > 0 && 3 * part >= whole
}

/// What the classification rules of DESIGN.md §4 count.
///
/// Crate-internal so that suggestions (`crate::suggest`) can classify a journey after a
/// one-field edit by adjusting these counts, through the same rules as [`analyse`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ClassCounts {
    /// Touchpoints of the primary person (0 without one).
    pub(crate) primary_person: usize,
    /// Phases the primary person serves in.
    pub(crate) primary_phases: usize,
    /// Human touchpoints (not `Automated`).
    pub(crate) human: usize,
    /// Org touchpoints.
    pub(crate) org: usize,
    /// Org touchpoints that are personalised.
    pub(crate) personalised_org: usize,
    /// Org touchpoints that are tailored.
    pub(crate) tailored_org: usize,
    /// `OrgGives` touchpoints.
    pub(crate) org_gives: usize,
    /// Go + Gc.
    pub(crate) giving: u64,
    /// Go + Gc + To + Tc.
    pub(crate) exchanged: u64,
}

impl ClassCounts {
    fn of(timeline: &[&Touchpoint], tally: &Tally<'_>) -> Self {
        let mut c = ClassCounts::default();
        let mut phases = [false; 3];
        for t in timeline {
            if t.provider.is_human() {
                c.human += 1;
            }
            if t.exchange.is_org() {
                c.org += 1;
                c.personalised_org += usize::from(t.personalised);
                c.tailored_org += usize::from(t.tailored);
                c.org_gives += usize::from(matches!(t.exchange, Exchange::OrgGives(_)));
            }
            if let (Some(primary), Provider::Person(n)) = (tally.primary_person, &t.provider)
                && n == primary.name
            {
                phases[t.phase.index()] = true;
            }
        }
        c.primary_person = tally.primary_person.map_or(0, |p| p.count);
        c.primary_phases = phases.iter().filter(|p| **p).count();
        let t = &tally.totals;
        c.giving = t.org_gives + t.customer_gives;
        c.exchanged = c.giving + t.org_takes + t.customer_takes;
        c
    }

    /// The first rule of DESIGN.md §4 that holds.
    pub(crate) fn classification(&self) -> Classification {
        let climate_at_least_half = self.exchanged > 0 && 2 * self.giving >= self.exchanged;
        if self.primary_person >= 2 && self.primary_phases >= 2 && 2 * self.primary_person >= self.human {
            Classification::Relationship
        } else if at_least_a_third(self.personalised_org, self.org) {
            Classification::PseudoRelationship
        } else if at_least_a_third(self.tailored_org, self.org)
            && self.org_gives >= 2
            && climate_at_least_half
        {
            Classification::EnhancedEncounter
        } else {
            Classification::PlainEncounter
        }
    }
}

/// Applies the classification rules of DESIGN.md §4 in order and says which held.
fn classify(timeline: &[&Touchpoint], tally: &Tally<'_>) -> Verdict {
    let c = ClassCounts::of(timeline, tally);
    let classification = c.classification();
    let rule = match classification {
        Classification::Relationship => format!(
            "{} serves {} of {} human touchpoints, in {} phases: the same person, over time",
            tally.primary_person.map_or("", |p| p.name),
            c.primary_person,
            c.human,
            c.primary_phases
        ),
        Classification::PseudoRelationship => format!(
            "{} of {} org touchpoints are personalised (at least ⅓), yet no one person serves this customer",
            c.personalised_org, c.org
        ),
        Classification::EnhancedEncounter => format!(
            "{} of {} org touchpoints are tailored (at least ⅓), {} give, and the giving climate is {}/{} (at least ½)",
            c.tailored_org, c.org, c.org_gives, c.giving, c.exchanged
        ),
        Classification::PlainEncounter if timeline.is_empty() => "No touchpoints yet".to_owned(),
        Classification::PlainEncounter => {
            "No consistent person, no personal veneer, and not enough tailoring and giving for an enhanced encounter".to_owned()
        }
    };
    Verdict { classification, rule }
}
