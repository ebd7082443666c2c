//! Suggestions (DESIGN.md §14): the single edits that would improve a journey's relationship
//! most, each with its gain, the scores after it and the warnings it resolves or introduces.
//!
//! Pure: no egui, no file system. Fast enough to run on every edit (off the UI thread): the
//! journey is scanned once into a [`Base`] of counts and neighbour relations, and every candidate
//! is scored from those counts plus the known change of its one-field edit, with the very
//! formulas of [`crate::score`]. Only the finding rules a kind of edit can affect are
//! re-evaluated, and only around the edited touchpoint:
//!
//! | kind | changes | scores it moves | finding rules it can affect |
//! |---|---|---|---|
//! | `same_person` | provider → the primary person | P (the primary person +1; the primary team may lose its lead) | `RELATIONAL_VENEER`, `HANDOFF_AT_DISAGREEMENT`, `NEXT_CONTACT_BROKEN` (its own pair and the pair of the human touchpoint before it) |
//! | `give_back` | `OrgTakes(s)` → `OrgGives(s)` | B, G (s moves from To to Go), R (+ the gifts it answers) | `NO_EARLY_RAPPORT`, `GIFT_NOT_RECIPROCATED` (the gifts it answers), `LOYALTY_PENALTY`, `CUSTOMER_ONLY_GIVING`, `TAKING_CONTEXT`, `PERSONALISED_TAKING` |
//! | `two_way` | two-way | W +1, L (when it is the first customer input) | `NO_EARLY_RAPPORT`, `MECHANICAL_DISAGREEMENT`, `ONE_WAY_PHASE`, `TAILORED_WITHOUT_INPUT` (those after it), `FEELING_DIP_UNANSWERED` (the dips it answers) |
//! | `tailor` | tailored | L +1 | `INPUT_NEVER_USED` (the gifts before it that nothing used) |
//! | `recall` | recalls history | H +1 | `LONG_TERM_AMNESIA` |
//! | `next_contact` | sets a next contact | X +1 | `NO_NEXT_CONTACT_AFTER_DISAGREEMENT`, `NEXT_CONTACT_BROKEN` (its own pair) |
//! | `impersonal` | not personalised | none | `RELATIONAL_VENEER`, `PERSONALISED_TAKING` |
//!
//! Days never change, so the timeline order, regularity, span and `LONG_SILENCE` never change;
//! neither do the phases (`EMPTY_PHASE`), tags (`FIRST_BILL_UNEXPLAINED`) or feelings. The
//! property tests check every candidate against a full re-analysis of the edited journey.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::model::{Exchange, Journey, Phase, Provider, Touchpoint, TouchpointId};
use crate::score::{
    ClassCounts, Classification, Counts, ExchangeTotals, FEELING_DIP, FindingCode, FindingKey, KeyScope,
    at_least_a_third,
};

/// The kinds of single edit Rapport suggests, in the order of DESIGN.md §14 (which is also the
/// last tie-break of the ranking).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EditKind {
    /// A human touchpoint served by someone else → served by the primary person.
    SamePerson,
    /// An `OrgTakes` answering a customer's gift → `OrgGives` of the same strength.
    GiveBack,
    /// A one-way touchpoint → two-way.
    TwoWay,
    /// An org touchpoint after customer input, not tailored → tailored.
    Tailor,
    /// A later touchpoint that does not refer back → recalls history.
    Recall,
    /// A touchpoint before the last that sets no next contact → sets one.
    NextContact,
    /// A personalised org touchpoint from a machine or whoever is free → not personalised.
    Impersonal,
}

impl EditKind {
    /// Every kind, in §14's order.
    pub const ALL: [EditKind; 7] = [
        EditKind::SamePerson,
        EditKind::GiveBack,
        EditKind::TwoWay,
        EditKind::Tailor,
        EditKind::Recall,
        EditKind::NextContact,
        EditKind::Impersonal,
    ];

    /// Name in JSON: `same_person`.
    pub fn as_str(self) -> &'static str {
        match self {
            EditKind::SamePerson => "same_person",
            EditKind::GiveBack => "give_back",
            EditKind::TwoWay => "two_way",
            EditKind::Tailor => "tailor",
            EditKind::Recall => "recall",
            EditKind::NextContact => "next_contact",
            EditKind::Impersonal => "impersonal",
        }
    }

    /// Short name shown to people: "same person".
    pub fn label(self) -> &'static str {
        match self {
            EditKind::SamePerson => "same person",
            EditKind::GiveBack => "give back",
            EditKind::TwoWay => "two-way",
            EditKind::Tailor => "tailor",
            EditKind::Recall => "recall",
            EditKind::NextContact => "next contact",
            EditKind::Impersonal => "impersonal",
        }
    }

    /// One line on why this edit helps, citing its source.
    pub fn why(self) -> &'static str {
        match self {
            EditKind::SamePerson => {
                "A relationship is repeated contact with the same provider, most of all when something goes wrong (Gutek)."
            }
            EditKind::GiveBack => {
                "A customer's gift answered with a demand breaks the norm of reciprocity; giving calls forth giving (Maz Iqbal; Gouldner)."
            }
            EditKind::TwoWay => {
                "A relationship is interactive: the customer can answer and is answered (Peppers & Rogers)."
            }
            EditKind::Tailor => {
                "Use what the customer taught you: the Learning Relationship tailors to it (Peppers & Rogers)."
            }
            EditKind::Recall => {
                "Shared history builds closeness: show the customer you remember (Relational Proximity, Schluter; Fowler)."
            }
            EditKind::NextContact => {
                "The expectation of meeting again sustains a relationship (Relational Proximity, Schluter; Fowler)."
            }
            EditKind::Impersonal => {
                "A personal voice with no person behind it is a pseudo-relationship; customise, don't personalise (Gutek)."
            }
        }
    }

    /// The source the edit rests on.
    pub fn source(self) -> &'static str {
        match self {
            EditKind::SamePerson => "Gutek, The Brave New Service Strategy; Livework, TU Delft & SiR",
            EditKind::GiveBack => "Maz Iqbal on giving and taking; Gouldner's norm of reciprocity",
            EditKind::TwoWay | EditKind::Tailor => "Peppers & Rogers, the Learning Relationship",
            EditKind::Recall | EditKind::NextContact => "Schluter and Fowler, Relational Proximity",
            EditKind::Impersonal => "Gutek: customized, not personalized",
        }
    }

    /// The warning rules an edit of this kind can resolve or introduce (see the module table).
    pub fn affects(self) -> &'static [FindingCode] {
        use FindingCode as F;
        match self {
            EditKind::SamePerson => &[F::RelationalVeneer, F::HandoffAtDisagreement, F::NextContactBroken],
            EditKind::GiveBack => &[
                F::NoEarlyRapport,
                F::GiftNotReciprocated,
                F::LoyaltyPenalty,
                F::CustomerOnlyGiving,
                F::TakingContext,
                F::PersonalisedTaking,
            ],
            EditKind::TwoWay => &[
                F::NoEarlyRapport,
                F::MechanicalDisagreement,
                F::OneWayPhase,
                F::TailoredWithoutInput,
                F::FeelingDipUnanswered,
            ],
            EditKind::Tailor => &[F::InputNeverUsed],
            EditKind::Recall => &[F::LongTermAmnesia],
            EditKind::NextContact => &[F::NoNextContactAfterDisagreement, F::NextContactBroken],
            EditKind::Impersonal => &[F::RelationalVeneer, F::PersonalisedTaking],
        }
    }
}

/// One candidate edit to one touchpoint, scored by what the journey would be after it.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// The touchpoint to edit.
    pub touchpoint: TouchpointId,
    /// What to change.
    pub kind: EditKind,
    /// For `same_person`: the person who should take the touchpoint (the primary person).
    pub person: Option<String>,
    /// (Mutuality + continuity after) − (before).
    pub gain: f64,
    /// Design mutuality of the journey after the edit.
    pub mutuality: f64,
    /// Design continuity of the journey after the edit.
    pub continuity: f64,
    /// Classification of the journey after the edit.
    pub classification: Classification,
    /// One code per warning the edit resolves, sorted by the code's text (a code may repeat).
    pub resolves: Vec<FindingCode>,
    /// One code per warning the edit introduces, sorted by the code's text.
    pub introduces: Vec<FindingCode>,
    /// The keys (DESIGN.md §13) of the warnings resolved, in the order of `resolves`: a view can
    /// find them among the journey's current findings to say what the edit fixes.
    pub resolved_keys: Vec<FindingKey>,
    /// The keys of the warnings introduced, in the order of `introduces`.
    pub introduced_keys: Vec<FindingKey>,
    /// Warnings resolved − warnings introduced.
    pub net: i64,
    /// The touchpoint's position in timeline order (by day, ties in file order).
    pub timeline_index: usize,
}

/// A gain this close to zero counts as zero (DESIGN.md §14).
pub const GAIN_EPSILON: f64 = 1e-6;

impl Suggestion {
    /// The gain with noise within [`GAIN_EPSILON`] of zero taken as zero.
    fn settled_gain(&self) -> f64 {
        if self.gain.abs() <= GAIN_EPSILON { 0.0 } else { self.gain }
    }

    /// The gain rounded to 6 decimals, in millionths, as the ranking compares it.
    fn ranked_gain(&self) -> i64 {
        (self.settled_gain() * 1e6).round() as i64
    }

    /// Worth suggesting (DESIGN.md §14): it resolves more warnings than it introduces and loses
    /// nothing, or it is warning-neutral and gains.
    pub fn is_kept(&self) -> bool {
        let gain = self.settled_gain();
        (self.net > 0 && gain >= 0.0) || (self.net == 0 && gain > 0.0)
    }

    /// The ranking of DESIGN.md §14: net higher first, then gain rounded to 6 decimals higher
    /// first, then timeline index, then kind order.
    pub fn rank_order(&self, other: &Suggestion) -> Ordering {
        other
            .net
            .cmp(&self.net)
            .then_with(|| other.ranked_gain().cmp(&self.ranked_gain()))
            .then_with(|| self.timeline_index.cmp(&other.timeline_index))
            .then_with(|| self.kind.cmp(&other.kind))
    }

    /// The touchpoint as it would be after the edit, for one undo step. `None` when the journey
    /// no longer has the touchpoint or the edit no longer applies to it (the suggestion is stale).
    pub fn apply_to(&self, journey: &Journey) -> Option<Touchpoint> {
        let tp = journey.touchpoint(self.touchpoint)?;
        let mut after = tp.clone();
        match self.kind {
            EditKind::SamePerson => {
                let person = Provider::Person(self.person.clone()?);
                if !tp.provider.is_human() || tp.provider == person {
                    return None;
                }
                after.provider = person;
            }
            EditKind::GiveBack => {
                let Exchange::OrgTakes(s) = tp.exchange else { return None };
                after.exchange = Exchange::OrgGives(s);
            }
            EditKind::TwoWay if !tp.two_way => after.two_way = true,
            EditKind::Tailor if !tp.tailored => after.tailored = true,
            EditKind::Recall if !tp.recalls_history => after.recalls_history = true,
            EditKind::NextContact if !tp.sets_next_contact => after.sets_next_contact = true,
            EditKind::Impersonal if tp.personalised => after.personalised = false,
            _ => return None,
        }
        Some(after)
    }

    /// The edit in a designer's words: "Have Priya take “Dispute call, bill fixed”".
    pub fn advice(&self, journey: &Journey) -> String {
        let tp = journey.touchpoint(self.touchpoint);
        let title =
            tp.map_or_else(|| format!("touchpoint {}", self.touchpoint), |t| format!("“{}”", t.title));
        match self.kind {
            EditKind::SamePerson => {
                format!("Have {} take {title}", self.person.as_deref().unwrap_or("the usual person"))
            }
            EditKind::GiveBack => {
                format!("Answer {title} by giving: a thank-you and fair terms, not a demand")
            }
            EditKind::TwoWay => format!("Let the customer answer {title}, and respond to what they say"),
            EditKind::Tailor => format!("Tailor {title} to what the customer told you"),
            EditKind::Recall => format!("Recall earlier contact in {title}"),
            EditKind::NextContact => format!("End {title} by setting the next contact"),
            EditKind::Impersonal => {
                let who = match tp.map(|t| &t.provider) {
                    Some(Provider::Anyone) => "whoever is free is sending it, not someone the customer knows",
                    _ => "a machine is sending it",
                };
                format!("Say {title} without the personal voice: {who}")
            }
        }
    }

    /// One line on why the edit helps, citing its source.
    pub fn why(&self) -> &'static str {
        self.kind.why()
    }

    /// The source the edit rests on.
    pub fn source(&self) -> &'static str {
        self.kind.source()
    }
}

/// Every candidate edit of DESIGN.md §14, before the inclusion rule: for each touchpoint in
/// timeline order, at most one of each kind, in kind order.
pub fn candidates(journey: &Journey) -> Vec<Suggestion> {
    let base = Base::new(journey);
    let mut out = Vec::new();
    for i in 0..base.timeline.len() {
        for kind in EditKind::ALL {
            if let Some(s) = base.candidate(i, kind) {
                out.push(s);
            }
        }
    }
    out
}

/// The candidates worth suggesting, best first (DESIGN.md §14).
pub fn suggestions(journey: &Journey) -> Vec<Suggestion> {
    rank(candidates(journey))
}

/// Keeps the candidates worth suggesting ([`Suggestion::is_kept`]) and sorts them by
/// [`Suggestion::rank_order`].
pub fn rank(candidates: Vec<Suggestion>) -> Vec<Suggestion> {
    let mut kept: Vec<Suggestion> = candidates.into_iter().filter(Suggestion::is_kept).collect();
    kept.sort_by(Suggestion::rank_order);
    kept
}

/// What the phase-wide rules of §5 count in one phase.
#[derive(Clone, Copy, Debug, Default)]
struct PhaseFacts {
    n: usize,
    /// `OrgGives` and two-way (`NO_EARLY_RAPPORT`).
    rapport: usize,
    /// Human and two-way (`MECHANICAL_DISAGREEMENT`).
    human_two_way: usize,
    /// Two-way (`ONE_WAY_PHASE`).
    two_way: usize,
    /// Recalls history (`LONG_TERM_AMNESIA`).
    recalls: usize,
    /// Sets a next contact (`NO_NEXT_CONTACT_AFTER_DISAGREEMENT`).
    sets_next: usize,
    /// Served by the primary person (`HANDOFF_AT_DISAGREEMENT`).
    primary: usize,
    /// Σ OrgGives s − Σ OrgTakes s (`LOYALTY_PENALTY`).
    net_org: i64,
}

impl PhaseFacts {
    fn no_rapport(&self) -> bool {
        self.n > 0 && self.rapport == 0
    }
    fn mechanical(&self) -> bool {
        self.n > 0 && self.human_two_way == 0
    }
    fn one_way(&self) -> bool {
        self.n > 0 && self.two_way == 0
    }
    fn amnesia(&self) -> bool {
        self.n > 0 && self.recalls == 0
    }
    fn no_next_contact(&self) -> bool {
        self.n > 0 && self.sets_next == 0
    }
}

/// `LOYALTY_PENALTY`: long term's net org value per touchpoint below early days'.
fn loyalty_penalty(early: (i64, usize), long: (i64, usize)) -> bool {
    let ((net_early, n_early), (net_long, n_long)) = (early, long);
    n_early > 0 && n_long > 0 && net_long * (n_early as i64) < net_early * (n_long as i64)
}

/// `TAKING_CONTEXT`: the organisation takes more than it gives.
fn taking_context(t: &ExchangeTotals) -> bool {
    t.org_takes > t.org_gives
}

/// The warnings an edit resolves and introduces, by key.
#[derive(Default)]
struct Diff {
    resolved: Vec<FindingKey>,
    introduced: Vec<FindingKey>,
}

impl Diff {
    fn resolve(&mut self, code: FindingCode, scope: KeyScope) {
        self.resolved.push(FindingKey { code, scope });
    }

    fn introduce(&mut self, code: FindingCode, scope: KeyScope) {
        self.introduced.push(FindingKey { code, scope });
    }

    /// A finding with this key was raised `before` and is raised `after` the edit.
    fn flip(&mut self, before: bool, after: bool, code: FindingCode, scope: KeyScope) {
        match (before, after) {
            (true, false) => self.resolve(code, scope),
            (false, true) => self.introduce(code, scope),
            _ => {}
        }
    }
}

fn pair(a: &Touchpoint, b: &Touchpoint) -> KeyScope {
    KeyScope::Touchpoints(vec![a.id, b.id])
}

fn one(a: &Touchpoint) -> KeyScope {
    KeyScope::Touchpoints(vec![a.id])
}

/// The journey scanned once: the counts the scores and classification are read from, the
/// phase-wide facts of the findings, and each touchpoint's neighbours in the relations the
/// finding rules use (next org touchpoint, next human touchpoint).
struct Base<'a> {
    timeline: Vec<&'a Touchpoint>,
    counts: Counts,
    class: ClassCounts,
    /// Mutuality + continuity of the journey as it is.
    total: f64,
    primary: Option<&'a str>,
    /// The phases the primary person serves in.
    primary_phases: [bool; 3],
    /// Touchpoints per team, the most any team has, and how many teams have that many.
    teams: HashMap<&'a str, usize>,
    team_max: usize,
    teams_at_max: usize,
    phases: [PhaseFacts; 3],
    prev_org: Vec<Option<usize>>,
    prev_human: Vec<Option<usize>>,
    next_human: Vec<Option<usize>>,
    /// Positions of `CustomerGives` touchpoints.
    gifts: Vec<usize>,
    /// Positions of touchpoints with a low feeling.
    dips: Vec<usize>,
    /// Positions of tailored org touchpoints with no earlier customer input
    /// (`TAILORED_WITHOUT_INPUT`).
    untaught: Vec<usize>,
    first_input: Option<usize>,
    last_tailored_org: Option<usize>,
    /// The personalised org touchpoints, which `RELATIONAL_VENEER` names.
    personalised_org: Vec<TouchpointId>,
    /// `RELATIONAL_VENEER` is raised.
    veneer: bool,
    /// Some person serves at least twice.
    someone_repeats: bool,
}

impl<'a> Base<'a> {
    fn new(journey: &'a Journey) -> Self {
        let timeline: Vec<&Touchpoint> =
            journey.timeline().into_iter().map(|i| &journey.touchpoints[i]).collect();
        let n = timeline.len();
        let mut counts = Counts { n, ..Counts::default() };
        let mut class = ClassCounts::default();
        let mut phases = [PhaseFacts::default(); 3];
        let mut persons: HashMap<&str, (usize, usize)> = HashMap::new();
        let mut teams: HashMap<&str, usize> = HashMap::new();
        let mut prev_org = Vec::with_capacity(n);
        let mut prev_human = Vec::with_capacity(n);
        let (mut last_org, mut last_human) = (None, None);
        let (mut gifts, mut dips, mut untaught) = (Vec::new(), Vec::new(), Vec::new());
        let mut personalised_org = Vec::new();
        let mut first_input = None;
        let mut last_tailored_org = None;
        let mut awaiting = 0;
        for (i, tp) in timeline.iter().enumerate() {
            let facts = &mut phases[tp.phase.index()];
            facts.n += 1;
            let t = &mut counts.totals;
            match tp.exchange {
                Exchange::OrgGives(s) => {
                    t.org_gives += u64::from(s);
                    facts.net_org += i64::from(s);
                    counts.reciprocated += awaiting;
                    awaiting = 0;
                }
                Exchange::OrgTakes(s) => {
                    t.org_takes += u64::from(s);
                    facts.net_org -= i64::from(s);
                    awaiting = 0;
                }
                Exchange::CustomerGives(s) => {
                    t.customer_gives += u64::from(s);
                    counts.gifts += 1;
                    awaiting += 1;
                    gifts.push(i);
                }
                Exchange::CustomerTakes(s) => t.customer_takes += u64::from(s),
                Exchange::Neutral => {}
            }
            if tp.two_way {
                counts.two_way += 1;
                facts.two_way += 1;
                facts.rapport += usize::from(matches!(tp.exchange, Exchange::OrgGives(_)));
                facts.human_two_way += usize::from(tp.provider.is_human());
            }
            facts.recalls += usize::from(tp.recalls_history);
            facts.sets_next += usize::from(tp.sets_next_contact);
            if tp.exchange.is_org() {
                counts.org += 1;
                class.org += 1;
                class.org_gives += usize::from(matches!(tp.exchange, Exchange::OrgGives(_)));
                if tp.personalised {
                    class.personalised_org += 1;
                    personalised_org.push(tp.id);
                }
                if tp.tailored {
                    class.tailored_org += 1;
                    last_tailored_org = Some(i);
                    if first_input.is_some() {
                        counts.learned += 1;
                    } else {
                        untaught.push(i);
                    }
                }
            }
            if first_input.is_none() && tp.is_customer_input() {
                first_input = Some(i);
            }
            if tp.feeling.is_some_and(|f| f <= FEELING_DIP) {
                dips.push(i);
            }
            match &tp.provider {
                Provider::Person(name) => persons.entry(name).or_insert((0, i)).0 += 1,
                Provider::Team(name) => *teams.entry(name).or_insert(0) += 1,
                Provider::Anyone | Provider::Automated => {}
            }
            if tp.provider.is_human() {
                class.human += 1;
            }
            if i > 0 {
                counts.recalls_after_first += usize::from(tp.recalls_history);
                let gap = u64::from(tp.day.saturating_sub(timeline[i - 1].day));
                counts.excess_gap_days += gap.saturating_sub(crate::score::LONG_GAP_DAYS);
            }
            if i + 1 < n {
                counts.next_before_last += usize::from(tp.sets_next_contact);
            }
            prev_org.push(last_org);
            prev_human.push(last_human);
            if tp.exchange.is_org() {
                last_org = Some(i);
            }
            if tp.provider.is_human() {
                last_human = Some(i);
            }
        }
        let mut next_human = vec![None; n];
        let mut seen = None;
        for i in (0..n).rev() {
            next_human[i] = seen;
            if timeline[i].provider.is_human() {
                seen = Some(i);
            }
        }
        counts.span_days = match (timeline.first(), timeline.last()) {
            (Some(first), Some(last)) => u64::from(last.day - first.day),
            _ => 0,
        };

        // The primary person: most touchpoints, ties to the first in timeline order.
        let primary = persons
            .iter()
            .max_by(|a, b| a.1.0.cmp(&b.1.0).then_with(|| b.1.1.cmp(&a.1.1)))
            .map(|(name, _)| *name);
        let mut primary_phases = [false; 3];
        if let Some(name) = primary {
            for tp in &timeline {
                if matches!(&tp.provider, Provider::Person(p) if p == name) {
                    primary_phases[tp.phase.index()] = true;
                    phases[tp.phase.index()].primary += 1;
                }
            }
        }
        let primary_count = primary.and_then(|p| persons.get(p)).map_or(0, |c| c.0);
        counts.primary_person = primary_count;
        class.primary_person = primary_count;
        class.primary_phases = primary_phases.iter().filter(|p| **p).count();
        let team_max = teams.values().copied().max().unwrap_or(0);
        let teams_at_max = teams.values().filter(|c| **c == team_max).count();
        counts.primary_team = team_max;
        let t = counts.totals;
        class.giving = t.org_gives + t.customer_gives;
        class.exchanged = class.giving + t.org_takes + t.customer_takes;

        let someone_repeats = primary_count >= 2;
        let veneer = at_least_a_third(class.personalised_org, class.org) && !someone_repeats;
        let total = counts.mutuality().score + counts.continuity().score;
        Self {
            timeline,
            counts,
            class,
            total,
            primary,
            primary_phases,
            teams,
            team_max,
            teams_at_max,
            phases,
            prev_org,
            prev_human,
            next_human,
            gifts,
            dips,
            untaught,
            first_input,
            last_tailored_org,
            personalised_org,
            veneer,
            someone_repeats,
        }
    }

    fn phase(&self, phase: Phase) -> &PhaseFacts {
        &self.phases[phase.index()]
    }

    fn is_primary(&self, provider: &Provider) -> bool {
        matches!((provider, self.primary), (Provider::Person(n), Some(p)) if n == p)
    }

    /// Positions in `sorted` within `from..to`.
    fn within(sorted: &[usize], from: usize, to: usize) -> &[usize] {
        let start = sorted.partition_point(|&p| p < from);
        let end = sorted.partition_point(|&p| p < to).max(start);
        &sorted[start..end]
    }

    /// The candidate of this kind at timeline position `i`, if §14 has one.
    fn candidate(&self, i: usize, kind: EditKind) -> Option<Suggestion> {
        let tp = self.timeline[i];
        let (mut counts, mut class) = (self.counts, self.class);
        let mut diff = Diff::default();
        let mut person = None;
        match kind {
            EditKind::SamePerson => {
                let primary = self.primary?;
                if !tp.provider.is_human() || self.is_primary(&tp.provider) {
                    return None;
                }
                person = Some(primary.to_owned());
                self.same_person(tp, i, &mut counts, &mut class, &mut diff);
            }
            EditKind::GiveBack => {
                let Exchange::OrgTakes(s) = tp.exchange else { return None };
                // The gifts whose next org touchpoint is this one.
                let from = self.prev_org[i].map_or(0, |p| p + 1);
                let answered = Self::within(&self.gifts, from, i);
                if answered.is_empty() {
                    return None;
                }
                self.give_back(tp, s, answered, &mut counts, &mut class, &mut diff);
            }
            EditKind::TwoWay => {
                if tp.two_way {
                    return None;
                }
                self.two_way(tp, i, &mut counts, &mut diff);
            }
            EditKind::Tailor => {
                // Customer input strictly earlier: its own two-way does not count.
                if !tp.exchange.is_org() || tp.tailored || self.first_input.is_none_or(|f| f >= i) {
                    return None;
                }
                counts.learned += 1;
                class.tailored_org += 1;
                // The gifts before it that no tailored org touchpoint followed: now one does.
                let from = self.last_tailored_org.map_or(0, |p| p + 1);
                for &g in Self::within(&self.gifts, from, i) {
                    diff.resolve(FindingCode::InputNeverUsed, one(self.timeline[g]));
                }
            }
            EditKind::Recall => {
                if i == 0 || tp.recalls_history {
                    return None;
                }
                counts.recalls_after_first += 1;
                if tp.phase == Phase::LongTerm && self.phase(Phase::LongTerm).amnesia() {
                    diff.resolve(FindingCode::LongTermAmnesia, KeyScope::Phase(Phase::LongTerm));
                }
            }
            EditKind::NextContact => {
                if i + 1 >= self.timeline.len() || tp.sets_next_contact {
                    return None;
                }
                counts.next_before_last += 1;
                let dispute = Phase::FirstDisagreement;
                if tp.phase == dispute && self.phase(dispute).no_next_contact() {
                    diff.resolve(FindingCode::NoNextContactAfterDisagreement, KeyScope::Phase(dispute));
                }
                // A person promising a next contact that someone else keeps.
                if let (Provider::Person(_), Some(h)) = (&tp.provider, self.next_human[i])
                    && self.timeline[h].provider != tp.provider
                {
                    diff.introduce(FindingCode::NextContactBroken, pair(tp, self.timeline[h]));
                }
            }
            EditKind::Impersonal => {
                let machine_or_anyone = matches!(tp.provider, Provider::Automated | Provider::Anyone);
                if !tp.personalised || !tp.exchange.is_org() || !machine_or_anyone {
                    return None;
                }
                class.personalised_org -= 1;
                // The veneer names the personalised org touchpoints: with one fewer it is
                // another finding, if it is still raised at all.
                let still = at_least_a_third(class.personalised_org, class.org) && !self.someone_repeats;
                if self.veneer {
                    diff.resolve(
                        FindingCode::RelationalVeneer,
                        KeyScope::Touchpoints(self.personalised_org.clone()),
                    );
                }
                if still {
                    let rest = self.personalised_org.iter().copied().filter(|id| *id != tp.id).collect();
                    diff.introduce(FindingCode::RelationalVeneer, KeyScope::Touchpoints(rest));
                }
                if tp.provider == Provider::Automated && matches!(tp.exchange, Exchange::OrgTakes(_)) {
                    diff.resolve(FindingCode::PersonalisedTaking, one(tp));
                }
            }
        }
        Some(self.finish(tp, i, kind, person, &counts, &class, diff))
    }

    fn same_person(
        &self,
        tp: &Touchpoint,
        i: usize,
        counts: &mut Counts,
        class: &mut ClassCounts,
        diff: &mut Diff,
    ) {
        // The primary person gains a touchpoint and so stays primary; a person losing one
        // never led. A team losing one may lose the lead, to a team with as many.
        counts.primary_person += 1;
        class.primary_person += 1;
        if !self.primary_phases[tp.phase.index()] {
            class.primary_phases += 1;
        }
        if let Provider::Team(team) = &tp.provider
            && self.teams.get(team.as_str()) == Some(&self.team_max)
            && self.teams_at_max == 1
        {
            counts.primary_team = self.team_max - 1;
        }
        // The primary person now serves at least twice: no more veneer.
        if self.veneer {
            diff.resolve(FindingCode::RelationalVeneer, KeyScope::Touchpoints(self.personalised_org.clone()));
        }
        let dispute = Phase::FirstDisagreement;
        if tp.phase == dispute
            && self.primary.is_some()
            && self.phase(dispute).n > 0
            && self.phase(dispute).primary == 0
        {
            diff.resolve(FindingCode::HandoffAtDisagreement, KeyScope::Phase(dispute));
        }
        // Which touchpoint is the next human one never changes; who serves it does.
        if tp.sets_next_contact
            && let Some(h) = self.next_human[i]
        {
            let other = &self.timeline[h].provider;
            let before = matches!(tp.provider, Provider::Person(_)) && *other != tp.provider;
            diff.flip(
                before,
                !self.is_primary(other),
                FindingCode::NextContactBroken,
                pair(tp, self.timeline[h]),
            );
        }
        if let Some(h) = self.prev_human[i] {
            let setter = self.timeline[h];
            if matches!(setter.provider, Provider::Person(_)) && setter.sets_next_contact {
                let before = setter.provider != tp.provider;
                let after = !self.is_primary(&setter.provider);
                diff.flip(before, after, FindingCode::NextContactBroken, pair(setter, tp));
            }
        }
    }

    fn give_back(
        &self,
        tp: &Touchpoint,
        s: u8,
        answered: &[usize],
        counts: &mut Counts,
        class: &mut ClassCounts,
        diff: &mut Diff,
    ) {
        let before = counts.totals;
        counts.totals.org_takes -= u64::from(s);
        counts.totals.org_gives += u64::from(s);
        counts.reciprocated += answered.len();
        class.org_gives += 1;
        class.giving += u64::from(s);

        let early = Phase::EarlyDays;
        if tp.phase == early && tp.two_way && self.phase(early).no_rapport() {
            diff.resolve(FindingCode::NoEarlyRapport, KeyScope::Phase(early));
        }
        for &g in answered {
            diff.resolve(FindingCode::GiftNotReciprocated, pair(self.timeline[g], tp));
        }
        // Net org value moves by 2s in its phase: better long term, or better early days
        // (which can make long term look worse by comparison).
        let facts = |phase: Phase| {
            let f = self.phase(phase);
            let lift = if tp.phase == phase { 2 * i64::from(s) } else { 0 };
            ((f.net_org, f.n), (f.net_org + lift, f.n))
        };
        let ((early_before, early_after), (long_before, long_after)) = (facts(early), facts(Phase::LongTerm));
        diff.flip(
            loyalty_penalty(early_before, long_before),
            loyalty_penalty(early_after, long_after),
            FindingCode::LoyaltyPenalty,
            KeyScope::Phase(Phase::LongTerm),
        );
        if before.customer_gives > 0 && before.org_gives == 0 {
            diff.resolve(FindingCode::CustomerOnlyGiving, KeyScope::Journey);
        }
        diff.flip(
            taking_context(&before),
            taking_context(&counts.totals),
            FindingCode::TakingContext,
            KeyScope::Journey,
        );
        if tp.provider == Provider::Automated && tp.personalised {
            diff.resolve(FindingCode::PersonalisedTaking, one(tp));
        }
    }

    fn two_way(&self, tp: &Touchpoint, i: usize, counts: &mut Counts, diff: &mut Diff) {
        counts.two_way += 1;
        // Before the first customer input it becomes the first: the tailored org touchpoints
        // after it that had no earlier input now have, and count as learned.
        let taught = Self::within(&self.untaught, i + 1, usize::MAX);
        counts.learned += taught.len();
        for &p in taught {
            diff.resolve(FindingCode::TailoredWithoutInput, one(self.timeline[p]));
        }
        let phase = tp.phase;
        let facts = self.phase(phase);
        if phase == Phase::EarlyDays && matches!(tp.exchange, Exchange::OrgGives(_)) && facts.no_rapport() {
            diff.resolve(FindingCode::NoEarlyRapport, KeyScope::Phase(phase));
        }
        if phase == Phase::FirstDisagreement && tp.provider.is_human() && facts.mechanical() {
            diff.resolve(FindingCode::MechanicalDisagreement, KeyScope::Phase(phase));
        }
        if facts.one_way() {
            diff.resolve(FindingCode::OneWayPhase, KeyScope::Phase(phase));
        }
        // The low moments this org touchpoint answers are now answered by a person who listens.
        if tp.exchange.is_org() && tp.provider.is_human() {
            let from = self.prev_org[i].unwrap_or(0);
            for &d in Self::within(&self.dips, from, i) {
                diff.resolve(FindingCode::FeelingDipUnanswered, pair(self.timeline[d], tp));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn finish(
        &self,
        tp: &Touchpoint,
        i: usize,
        kind: EditKind,
        person: Option<String>,
        counts: &Counts,
        class: &ClassCounts,
        diff: Diff,
    ) -> Suggestion {
        let mutuality = counts.mutuality().score;
        let continuity = counts.continuity().score;
        let Diff { mut resolved, mut introduced } = diff;
        let by_text =
            |a: &FindingKey, b: &FindingKey| a.code.as_str().cmp(b.code.as_str()).then_with(|| a.cmp(b));
        resolved.sort_by(by_text);
        introduced.sort_by(by_text);
        Suggestion {
            touchpoint: tp.id,
            kind,
            person,
            gain: (mutuality + continuity) - self.total,
            mutuality,
            continuity,
            classification: class.classification(),
            resolves: resolved.iter().map(|k| k.code).collect(),
            introduces: introduced.iter().map(|k| k.code).collect(),
            net: resolved.len() as i64 - introduced.len() as i64,
            resolved_keys: resolved,
            introduced_keys: introduced,
            timeline_index: i,
        }
    }
}
