//! Findings (DESIGN.md §5): what a reviewer should look at, each with its touchpoints, a
//! one-line message and a one-line why that cites its source.

use serde::Serialize;

use super::{LONG_GAP_DAYS, at_least_a_third, primary_person};
use crate::model::{
    Exchange, Journey, Phase, Provider, TAG_EXPLAINS_BILL, TAG_FIRST_BILL, Touchpoint, TouchpointId,
};

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing.
    Note,
    /// Worth fixing.
    Warning,
}

impl Severity {
    /// Name in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
        }
    }
}

/// The kinds of finding, in the order DESIGN.md §5 lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum FindingCode {
    EmptyPhase,
    FirstBillUnexplained,
    NoEarlyRapport,
    MechanicalDisagreement,
    GiftNotReciprocated,
    LoyaltyPenalty,
    LongTermAmnesia,
    RelationalVeneer,
    CustomerOnlyGiving,
    TakingContext,
    OneWayPhase,
    TailoredWithoutInput,
    InputNeverUsed,
    LongSilence,
    NoNextContactAfterDisagreement,
    HandoffAtDisagreement,
    PersonalisedTaking,
    NextContactBroken,
    FeelingDipUnanswered,
}

impl Serialize for FindingCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl FindingCode {
    /// The code as in DESIGN.md: `LOYALTY_PENALTY`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::EmptyPhase => "EMPTY_PHASE",
            FindingCode::FirstBillUnexplained => "FIRST_BILL_UNEXPLAINED",
            FindingCode::NoEarlyRapport => "NO_EARLY_RAPPORT",
            FindingCode::MechanicalDisagreement => "MECHANICAL_DISAGREEMENT",
            FindingCode::GiftNotReciprocated => "GIFT_NOT_RECIPROCATED",
            FindingCode::LoyaltyPenalty => "LOYALTY_PENALTY",
            FindingCode::LongTermAmnesia => "LONG_TERM_AMNESIA",
            FindingCode::RelationalVeneer => "RELATIONAL_VENEER",
            FindingCode::CustomerOnlyGiving => "CUSTOMER_ONLY_GIVING",
            FindingCode::TakingContext => "TAKING_CONTEXT",
            FindingCode::OneWayPhase => "ONE_WAY_PHASE",
            FindingCode::TailoredWithoutInput => "TAILORED_WITHOUT_INPUT",
            FindingCode::InputNeverUsed => "INPUT_NEVER_USED",
            FindingCode::LongSilence => "LONG_SILENCE",
            FindingCode::NoNextContactAfterDisagreement => "NO_NEXT_CONTACT_AFTER_DISAGREEMENT",
            FindingCode::HandoffAtDisagreement => "HANDOFF_AT_DISAGREEMENT",
            FindingCode::PersonalisedTaking => "PERSONALISED_TAKING",
            FindingCode::NextContactBroken => "NEXT_CONTACT_BROKEN",
            FindingCode::FeelingDipUnanswered => "FEELING_DIP_UNANSWERED",
        }
    }

    /// `EMPTY_PHASE` is a note; everything else a warning.
    pub fn severity(self) -> Severity {
        match self {
            FindingCode::EmptyPhase => Severity::Note,
            _ => Severity::Warning,
        }
    }

    /// Why this matters, citing the source.
    pub fn why(self) -> &'static str {
        match self {
            FindingCode::EmptyPhase => {
                "A relationship has three phases; an empty one is undesigned (Livework, TU Delft & SiR)."
            }
            FindingCode::FirstBillUnexplained => {
                "Explain the first bill before it arrives [bill] (Livework, TU Delft & SiR: early days)."
            }
            FindingCode::NoEarlyRapport => {
                "Early days build rapport: the organisation gives and listens (Livework, TU Delft & SiR)."
            }
            FindingCode::MechanicalDisagreement => {
                "The first disagreement needs a human, empathetic, flexible response (Livework, TU Delft & SiR)."
            }
            FindingCode::GiftNotReciprocated => {
                "A gift answered with a take breaks the norm of reciprocity (Gouldner; Maz Iqbal)."
            }
            FindingCode::LoyaltyPenalty => {
                "Never treat long-standing customers worse than new ones (Livework, TU Delft & SiR: long term)."
            }
            FindingCode::LongTermAmnesia => {
                "Shared history is part of continuity: show you remember (Relational Proximity, Schluter)."
            }
            FindingCode::RelationalVeneer => {
                "An encounter dressed up as personal is a pseudo-relationship; customers are not fooled (Gutek)."
            }
            FindingCode::CustomerOnlyGiving => {
                "A relationship is of ongoing benefit to both parties (Peppers & Rogers)."
            }
            FindingCode::TakingContext => {
                "Business as usual is a context of taking; giving calls forth reciprocity (Maz Iqbal)."
            }
            FindingCode::OneWayPhase => {
                "A relationship is interactive: the customer can answer and is answered (Peppers & Rogers)."
            }
            FindingCode::TailoredWithoutInput => {
                "Tailoring should follow what the customer taught you: the Learning Relationship (Peppers & Rogers)."
            }
            FindingCode::InputNeverUsed => {
                "The Learning Relationship uses what the customer gives; unused input teaches them not to bother (Peppers & Rogers)."
            }
            FindingCode::LongSilence => {
                "Frequency and regularity of contact build proximity (Relational Proximity, Schluter)."
            }
            FindingCode::NoNextContactAfterDisagreement => {
                "The expectation of meeting again sustains a relationship (Relational Proximity, Schluter)."
            }
            FindingCode::HandoffAtDisagreement => {
                "A relationship is repeated contact with the same provider, most of all when it matters (Gutek)."
            }
            FindingCode::PersonalisedTaking => {
                "A machine taking in a personal voice is the pseudo-relationship at its worst (Gutek; Maz Iqbal)."
            }
            FindingCode::NextContactBroken => {
                "A promised next contact with the same person, kept by someone else, breaks continuity (Gutek; Schluter)."
            }
            FindingCode::FeelingDipUnanswered => {
                "A low moment deserves a person who listens, most of all at the first disagreement (Livework, TU Delft & SiR; Gutek)."
            }
        }
    }
}

/// One finding about a journey.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// What kind.
    pub code: FindingCode,
    /// Note or warning.
    pub severity: Severity,
    /// The touchpoints it is about.
    pub touchpoints: Vec<TouchpointId>,
    /// The phase, on findings about a phase.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    /// One line on what is wrong, in the journey's own words.
    #[serde(skip)]
    pub message: String,
    /// One line on why it matters, citing its source.
    #[serde(skip)]
    pub why: &'static str,
}

impl Finding {
    fn new(code: FindingCode, touchpoints: Vec<TouchpointId>, message: String) -> Self {
        Self { code, severity: code.severity(), touchpoints, phase: None, message, why: code.why() }
    }

    fn in_phase(mut self, phase: Phase) -> Self {
        self.phase = Some(phase);
        self
    }

    /// What makes this finding the same finding in another version of the journey (DESIGN.md
    /// §13): its code and phase when it has a phase; its code alone for `CUSTOMER_ONLY_GIVING`
    /// and `TAKING_CONTEXT`; its code and touchpoint ids otherwise. Unique within a journey.
    pub fn key(&self) -> FindingKey {
        let scope = match (self.phase, self.code) {
            (Some(phase), _) => KeyScope::Phase(phase),
            (None, FindingCode::CustomerOnlyGiving | FindingCode::TakingContext) => KeyScope::Journey,
            (None, _) => KeyScope::Touchpoints(self.touchpoints.clone()),
        };
        FindingKey { code: self.code, scope }
    }

    /// A finding about touchpoints (the bracketed ones of DESIGN.md §5), which marks their cards;
    /// phase findings mark their phase, and the journey-wide ones neither.
    pub fn marks_cards(&self) -> bool {
        matches!(self.key().scope, KeyScope::Touchpoints(_))
    }
}

/// Identifies a finding across two versions of a journey (see [`Finding::key`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FindingKey {
    /// The code.
    pub code: FindingCode,
    /// What it is about.
    pub scope: KeyScope,
}

/// What a finding is about, for its key.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyScope {
    /// A phase.
    Phase(Phase),
    /// The whole journey (`CUSTOMER_ONLY_GIVING`, `TAKING_CONTEXT`).
    Journey,
    /// These touchpoints, in the finding's order.
    Touchpoints(Vec<TouchpointId>),
}

/// The findings of a journey, in the order of DESIGN.md §5, then in timeline order.
pub fn findings(journey: &Journey) -> Vec<Finding> {
    let timeline: Vec<&Touchpoint> =
        journey.timeline().into_iter().map(|i| &journey.touchpoints[i]).collect();
    let primary = primary_person(journey);
    findings_of_timeline(&timeline, primary.as_deref())
}

fn ids<'a, 'b: 'a>(tps: impl IntoIterator<Item = &'a &'b Touchpoint>) -> Vec<TouchpointId> {
    tps.into_iter().map(|t| t.id).collect()
}

fn quoted(tp: &Touchpoint) -> String {
    format!("“{}” ({})", tp.title, tp.id)
}

/// For each position, the index of the next later touchpoint that satisfies `pred`.
fn next_where(timeline: &[&Touchpoint], pred: impl Fn(&Touchpoint) -> bool) -> Vec<Option<usize>> {
    let mut next = vec![None; timeline.len()];
    let mut seen = None;
    for i in (0..timeline.len()).rev() {
        next[i] = seen;
        if pred(timeline[i]) {
            seen = Some(i);
        }
    }
    next
}

/// What every finding rule reads: the timeline, the primary person, each phase's touchpoints and
/// the org touchpoints, computed once.
struct Context<'a> {
    timeline: &'a [&'a Touchpoint],
    primary: Option<&'a str>,
    /// Early days, first disagreement, long term: each phase's touchpoints in timeline order.
    by_phase: [Vec<&'a Touchpoint>; 3],
    /// For each timeline position, the next org touchpoint after it.
    next_org: Vec<Option<usize>>,
}

impl<'a> Context<'a> {
    fn new(timeline: &'a [&'a Touchpoint], primary: Option<&'a str>) -> Self {
        let by_phase =
            Phase::ALL.map(|phase| timeline.iter().copied().filter(|t| t.phase == phase).collect());
        let next_org = next_where(timeline, |t| t.exchange.is_org());
        Self { timeline, primary, by_phase, next_org }
    }

    fn phase(&self, phase: Phase) -> &[&'a Touchpoint] {
        &self.by_phase[phase.index()]
    }

    fn org(&self) -> impl Iterator<Item = &'a Touchpoint> + '_ {
        self.timeline.iter().copied().filter(|t| t.exchange.is_org())
    }
}

/// One rule of DESIGN.md §5: adds its findings, in timeline order.
type Rule = fn(&Context<'_>, &mut Vec<Finding>);

/// The rules in the order DESIGN.md §5 lists them, which is the order findings are reported in.
const RULES: [Rule; 19] = [
    empty_phase,
    first_bill_unexplained,
    no_early_rapport,
    mechanical_disagreement,
    gift_not_reciprocated,
    loyalty_penalty,
    long_term_amnesia,
    relational_veneer,
    customer_only_giving,
    taking_context,
    one_way_phase,
    tailored_without_input,
    input_never_used,
    long_silence,
    no_next_contact_after_disagreement,
    handoff_at_disagreement,
    personalised_taking,
    next_contact_broken,
    feeling_dip_unanswered,
];

/// Findings over touchpoints already in timeline order, given the primary person's name.
pub(super) fn findings_of_timeline(timeline: &[&Touchpoint], primary: Option<&str>) -> Vec<Finding> {
    let cx = Context::new(timeline, primary);
    let mut out = Vec::new();
    for rule in RULES {
        rule(&cx, &mut out);
    }
    out
}

fn empty_phase(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for phase in Phase::ALL {
        if cx.phase(phase).is_empty() {
            let message = format!("{} has no touchpoints yet", phase.label());
            out.push(Finding::new(FindingCode::EmptyPhase, Vec::new(), message).in_phase(phase));
        }
    }
}

fn first_bill_unexplained(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let mut bill_explained = false;
    for tp in cx.timeline {
        if tp.has_tag(TAG_FIRST_BILL) && !bill_explained {
            out.push(Finding::new(
                FindingCode::FirstBillUnexplained,
                vec![tp.id],
                format!("The first bill {} arrives with nothing explaining it first", quoted(tp)),
            ));
        }
        if tp.has_tag(TAG_EXPLAINS_BILL) {
            bill_explained = true;
        }
    }
}

fn no_early_rapport(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let early = cx.phase(Phase::EarlyDays);
    if !early.is_empty() && !early.iter().any(|t| matches!(t.exchange, Exchange::OrgGives(_)) && t.two_way) {
        out.push(
            Finding::new(
                FindingCode::NoEarlyRapport,
                ids(early),
                "In the early days the organisation never gives in a two-way conversation".to_owned(),
            )
            .in_phase(Phase::EarlyDays),
        );
    }
}

fn mechanical_disagreement(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let dispute = cx.phase(Phase::FirstDisagreement);
    if !dispute.is_empty() && !dispute.iter().any(|t| t.provider.is_human() && t.two_way) {
        out.push(
            Finding::new(
                FindingCode::MechanicalDisagreement,
                ids(dispute),
                "The first disagreement is handled without a two-way human conversation".to_owned(),
            )
            .in_phase(Phase::FirstDisagreement),
        );
    }
}

fn gift_not_reciprocated(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (i, tp) in cx.timeline.iter().enumerate() {
        if !matches!(tp.exchange, Exchange::CustomerGives(_)) {
            continue;
        }
        match cx.next_org[i].map(|j| cx.timeline[j]) {
            Some(answer) if matches!(answer.exchange, Exchange::OrgTakes(_)) => out.push(Finding::new(
                FindingCode::GiftNotReciprocated,
                vec![tp.id, answer.id],
                format!(
                    "The customer gives {} and the organisation answers by taking {}",
                    quoted(tp),
                    quoted(answer)
                ),
            )),
            Some(_) => {}
            None => out.push(Finding::new(
                FindingCode::GiftNotReciprocated,
                vec![tp.id],
                format!("The customer gives {} and the organisation never answers", quoted(tp)),
            )),
        }
    }
}

fn loyalty_penalty(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let (early, long) = (cx.phase(Phase::EarlyDays), cx.phase(Phase::LongTerm));
    if early.is_empty() || long.is_empty() {
        return;
    }
    let net = |tps: &[&Touchpoint]| -> i64 {
        tps.iter()
            .map(|t| match t.exchange {
                Exchange::OrgGives(s) => i64::from(s),
                Exchange::OrgTakes(s) => -i64::from(s),
                _ => 0,
            })
            .sum()
    };
    let (net_early, net_long) = (net(early), net(long));
    let (n_early, n_long) = (early.len() as i64, long.len() as i64);
    // net_long / n_long < net_early / n_early, in integers.
    if net_long * n_early < net_early * n_long {
        out.push(
            Finding::new(
                FindingCode::LoyaltyPenalty,
                ids(long),
                format!(
                    "Long-term customers are treated worse than new ones: net org value {net_long}/{n_long} per touchpoint against {net_early}/{n_early} in the early days"
                ),
            )
            .in_phase(Phase::LongTerm),
        );
    }
}

fn long_term_amnesia(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let long = cx.phase(Phase::LongTerm);
    if !long.is_empty() && !long.iter().any(|t| t.recalls_history) {
        out.push(
            Finding::new(
                FindingCode::LongTermAmnesia,
                ids(long),
                "In the long term nothing refers back to earlier contact".to_owned(),
            )
            .in_phase(Phase::LongTerm),
        );
    }
}

fn relational_veneer(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let org = cx.org().count();
    let personalised: Vec<&Touchpoint> = cx.org().filter(|t| t.personalised).collect();
    let someone_repeats = {
        let mut names: Vec<&str> = cx
            .timeline
            .iter()
            .filter_map(|t| match &t.provider {
                Provider::Person(n) => Some(n.as_str()),
                _ => None,
            })
            .collect();
        names.sort_unstable();
        names.windows(2).any(|w| w[0] == w[1])
    };
    if at_least_a_third(personalised.len(), org) && !someone_repeats {
        out.push(Finding::new(
            FindingCode::RelationalVeneer,
            ids(&personalised),
            format!(
                "This is a pseudo-relationship: {} of {org} org touchpoints sound personal, but no person serves the customer twice",
                personalised.len(),
            ),
        ));
    }
}

/// Summed strengths of org gives, customer gives and org takes.
fn gives_and_takes(cx: &Context<'_>) -> (u64, u64, u64) {
    cx.timeline.iter().fold((0u64, 0u64, 0u64), |(go, gc, to), t| match t.exchange {
        Exchange::OrgGives(s) => (go + u64::from(s), gc, to),
        Exchange::CustomerGives(s) => (go, gc + u64::from(s), to),
        Exchange::OrgTakes(s) => (go, gc, to + u64::from(s)),
        _ => (go, gc, to),
    })
}

fn customer_only_giving(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let (go, gc, _) = gives_and_takes(cx);
    if gc > 0 && go == 0 {
        let gifts = cx.timeline.iter().filter(|t| matches!(t.exchange, Exchange::CustomerGives(_)));
        out.push(Finding::new(
            FindingCode::CustomerOnlyGiving,
            ids(gifts),
            format!("Only the customer gives (strength {gc}); the organisation never gives back"),
        ));
    }
}

fn taking_context(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let (go, _, to) = gives_and_takes(cx);
    if to > go {
        let takes = cx.timeline.iter().filter(|t| matches!(t.exchange, Exchange::OrgTakes(_)));
        out.push(Finding::new(
            FindingCode::TakingContext,
            ids(takes),
            format!("The organisation takes more than it gives: {to} taken against {go} given"),
        ));
    }
}

fn one_way_phase(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for phase in Phase::ALL {
        let tps = cx.phase(phase);
        if !tps.is_empty() && !tps.iter().any(|t| t.two_way) {
            out.push(
                Finding::new(
                    FindingCode::OneWayPhase,
                    ids(tps),
                    format!("{}: nothing is two-way, the customer cannot answer", phase.label()),
                )
                .in_phase(phase),
            );
        }
    }
}

fn tailored_without_input(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let mut seen_input = false;
    for tp in cx.timeline {
        if tp.exchange.is_org() && tp.tailored && !seen_input {
            out.push(Finding::new(
                FindingCode::TailoredWithoutInput,
                vec![tp.id],
                format!("{} is tailored before the customer has told you anything", quoted(tp)),
            ));
        }
        if tp.is_customer_input() {
            seen_input = true;
        }
    }
}

fn input_never_used(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let next_tailored = next_where(cx.timeline, |t| t.exchange.is_org() && t.tailored);
    for (i, tp) in cx.timeline.iter().enumerate() {
        if matches!(tp.exchange, Exchange::CustomerGives(_)) && next_tailored[i].is_none() {
            out.push(Finding::new(
                FindingCode::InputNeverUsed,
                vec![tp.id],
                format!("What the customer gives at {} is never used to tailor anything", quoted(tp)),
            ));
        }
    }
}

fn long_silence(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for pair in cx.timeline.windows(2) {
        let gap = u64::from(pair[1].day.saturating_sub(pair[0].day));
        if gap > LONG_GAP_DAYS {
            out.push(Finding::new(
                FindingCode::LongSilence,
                vec![pair[0].id, pair[1].id],
                format!("{gap} days of silence between {} and {}", quoted(pair[0]), quoted(pair[1])),
            ));
        }
    }
}

fn no_next_contact_after_disagreement(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let dispute = cx.phase(Phase::FirstDisagreement);
    if !dispute.is_empty() && !dispute.iter().any(|t| t.sets_next_contact) {
        out.push(
            Finding::new(
                FindingCode::NoNextContactAfterDisagreement,
                ids(dispute),
                "The first disagreement ends without a next contact being set".to_owned(),
            )
            .in_phase(Phase::FirstDisagreement),
        );
    }
}

fn handoff_at_disagreement(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(primary) = cx.primary else { return };
    let dispute = cx.phase(Phase::FirstDisagreement);
    let theirs = |t: &&Touchpoint| matches!(&t.provider, Provider::Person(n) if n == primary);
    if !dispute.is_empty() && !dispute.iter().any(theirs) {
        out.push(
            Finding::new(
                FindingCode::HandoffAtDisagreement,
                ids(dispute),
                format!("{primary} is nowhere in the first disagreement: the customer is handed off when it matters"),
            )
            .in_phase(Phase::FirstDisagreement),
        );
    }
}

fn personalised_taking(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for tp in cx.timeline {
        if tp.provider == Provider::Automated
            && tp.personalised
            && matches!(tp.exchange, Exchange::OrgTakes(_))
        {
            out.push(Finding::new(
                FindingCode::PersonalisedTaking,
                vec![tp.id],
                format!("{} takes in a personal voice, from a machine", quoted(tp)),
            ));
        }
    }
}

fn next_contact_broken(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let next_human = next_where(cx.timeline, |t| t.provider.is_human());
    for (i, tp) in cx.timeline.iter().enumerate() {
        let Provider::Person(name) = &tp.provider else { continue };
        if !tp.sets_next_contact {
            continue;
        }
        if let Some(other) = next_human[i].map(|j| cx.timeline[j])
            && other.provider != tp.provider
        {
            out.push(Finding::new(
                FindingCode::NextContactBroken,
                vec![tp.id, other.id],
                format!(
                    "{name} sets up the next contact at {}, but {} is served by {}",
                    quoted(tp),
                    quoted(other),
                    other.provider.label()
                ),
            ));
        }
    }
}

/// A feeling at or below this is a low moment.
pub const FEELING_DIP: i8 = -1;

fn feeling_dip_unanswered(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for (i, tp) in cx.timeline.iter().enumerate() {
        if tp.feeling.is_none_or(|f| f > FEELING_DIP) {
            continue;
        }
        match cx.next_org[i].map(|j| cx.timeline[j]) {
            Some(next) if next.provider.is_human() && next.two_way => {}
            Some(next) => out.push(Finding::new(
                FindingCode::FeelingDipUnanswered,
                vec![tp.id, next.id],
                format!(
                    "The customer feels low at {} and the next answer, {}, is not a person who listens",
                    quoted(tp),
                    quoted(next)
                ),
            )),
            None => out.push(Finding::new(
                FindingCode::FeelingDipUnanswered,
                vec![tp.id],
                format!("The customer feels low at {} and nobody answers afterwards", quoted(tp)),
            )),
        }
    }
}
