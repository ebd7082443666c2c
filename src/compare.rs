//! Compare two journeys of a project (DESIGN.md §13): usually the as-is (`from`) against the
//! to-be (`to`), for a design review. Pure functions: no egui, no file system.
//!
//! Touchpoints are matched by id, because "Duplicate journey" keeps ids and a new touchpoint
//! gets an id unused in its journey; findings are matched by [`Finding::key`].

use serde::Serialize;

use crate::model::{Journey, Touchpoint, TouchpointId};
use crate::score::{self, Analysis, Classification, Finding, FindingKey, Part, SubScore};

/// One number in both journeys: `delta` is `to − from`, unrounded.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Change {
    /// The value in the `from` journey.
    pub from: f64,
    /// The value in the `to` journey.
    pub to: f64,
    /// `to − from`.
    pub delta: f64,
}

impl Change {
    /// The change from one value to another.
    pub fn new(from: f64, to: f64) -> Self {
        Self { from, to, delta: to - from }
    }

    /// The value as shown with `decimals` after the point, in both journeys, and the change as
    /// the signed difference of the values shown, so that what a reader sees adds up: `["34",
    /// "62", "+28"]`, `["0.50", "0.21", "−0.29"]`, `["7", "7", "0"]`. The minus is a real minus
    /// sign (U+2212).
    pub fn shown(self, decimals: usize) -> [String; 3] {
        let shown = |x: f64| format!("{x:.decimals$}");
        let (from, to) = (shown(self.from), shown(self.to));
        // Scores and sub-scores are never negative, so the shown text is digits and a point.
        let units = |s: &str| s.replace('.', "").parse::<i64>().unwrap_or(0);
        let diff = units(&to) - units(&from);
        let magnitude = diff.unsigned_abs();
        let body = if decimals == 0 {
            magnitude.to_string()
        } else {
            let scale = 10u64.pow(decimals as u32);
            format!("{}.{:0decimals$}", magnitude / scale, magnitude % scale)
        };
        let sign = match diff.signum() {
            1 => "+",
            -1 => "\u{2212}",
            _ => "",
        };
        [from, to, format!("{sign}{body}")]
    }

    /// Whether the value as shown rose (`Greater`), fell (`Less`) or stayed (`Equal`), by
    /// [`Change::shown`]'s rounding.
    pub fn direction(self, decimals: usize) -> std::cmp::Ordering {
        let [_, _, delta] = self.shown(decimals);
        if delta.starts_with('+') {
            std::cmp::Ordering::Greater
        } else if delta.starts_with('\u{2212}') {
            std::cmp::Ordering::Less
        } else {
            std::cmp::Ordering::Equal
        }
    }

    fn of_parts(from: Part, to: Part) -> Self {
        Self::new(from.value, to.value)
    }
}

/// How design mutuality and its five sub-scores moved.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MutualityChange {
    /// The score, 0..=100.
    pub score: Change,
    /// B, both give.
    pub both_give: Change,
    /// G, giving climate.
    pub giving_climate: Change,
    /// R, reciprocation.
    pub reciprocation: Change,
    /// W, two-way.
    pub two_way: Change,
    /// L, learning.
    pub learning: Change,
}

impl MutualityChange {
    fn between(from: &score::MutualityScore, to: &score::MutualityScore) -> Self {
        Self {
            score: Change::new(from.score, to.score),
            both_give: Change::of_parts(from.both_give, to.both_give),
            giving_climate: Change::of_parts(from.giving_climate, to.giving_climate),
            reciprocation: Change::of_parts(from.reciprocation, to.reciprocation),
            two_way: Change::of_parts(from.two_way, to.two_way),
            learning: Change::of_parts(from.learning, to.learning),
        }
    }

    /// The five sub-scores with their names, in formula order (as
    /// [`score::MutualityScore::parts`]), so a view can list them.
    pub fn parts(&self) -> [(SubScore, Change); 5] {
        [
            (SubScore::BothGive, self.both_give),
            (SubScore::GivingClimate, self.giving_climate),
            (SubScore::Reciprocation, self.reciprocation),
            (SubScore::TwoWay, self.two_way),
            (SubScore::Learning, self.learning),
        ]
    }
}

/// How design continuity and its five sub-scores moved.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ContinuityChange {
    /// The score, 0..=100.
    pub score: Change,
    /// P, same provider.
    pub same_provider: Change,
    /// F, regularity.
    pub regularity: Change,
    /// S, span.
    pub span: Change,
    /// H, shared history.
    pub shared_history: Change,
    /// X, next contact.
    pub next_contact: Change,
}

impl ContinuityChange {
    fn between(from: &score::ContinuityScore, to: &score::ContinuityScore) -> Self {
        Self {
            score: Change::new(from.score, to.score),
            same_provider: Change::of_parts(from.same_provider, to.same_provider),
            regularity: Change::of_parts(from.regularity, to.regularity),
            span: Change::of_parts(from.span, to.span),
            shared_history: Change::of_parts(from.shared_history, to.shared_history),
            next_contact: Change::of_parts(from.next_contact, to.next_contact),
        }
    }

    /// The five sub-scores with their names, in formula order (as
    /// [`score::ContinuityScore::parts`]), so a view can list them.
    pub fn parts(&self) -> [(SubScore, Change); 5] {
        [
            (SubScore::SameProvider, self.same_provider),
            (SubScore::Regularity, self.regularity),
            (SubScore::Span, self.span),
            (SubScore::SharedHistory, self.shared_history),
            (SubScore::NextContact, self.next_contact),
        ]
    }
}

/// The classification of both journeys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ClassificationChange {
    /// The `from` journey's class.
    pub from: Classification,
    /// The `to` journey's class.
    pub to: Classification,
}

impl ClassificationChange {
    /// The class is not the same in both journeys.
    pub fn changed(&self) -> bool {
        self.from != self.to
    }
}

/// The findings of both journeys, grouped by their keys (DESIGN.md §13). Notes are included.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FindingChanges {
    /// `from`'s findings whose key `to` lacks, in `from`'s order: fixed by the redesign.
    pub resolved: Vec<Finding>,
    /// `to`'s findings whose key `from` lacks, in `to`'s order: new problems.
    pub introduced: Vec<Finding>,
    /// `to`'s findings whose key `from` has, in `to`'s order, as `to` states them (their
    /// touchpoints and message may have moved, e.g. a phase finding over a phase that gained a
    /// card).
    pub persisting: Vec<Finding>,
}

impl FindingChanges {
    /// Groups two lists of findings (each a journey's, e.g. [`Analysis::findings`]) by key.
    pub fn between(from: &[Finding], to: &[Finding]) -> Self {
        let (from_in_to, to_in_from) = shared_keys(from, to);
        let resolved =
            from.iter().zip(from_in_to).filter(|(_, shared)| !shared).map(|(f, _)| f.clone()).collect();
        let (mut introduced, mut persisting) = (Vec::new(), Vec::new());
        for (f, shared) in to.iter().zip(to_in_from) {
            if shared { &mut persisting } else { &mut introduced }.push(f.clone());
        }
        Self { resolved, introduced, persisting }
    }
}

/// For each finding of `a`, whether `b` has one with its key, and the same for `b` in `a`.
fn shared_keys(a: &[Finding], b: &[Finding]) -> (Vec<bool>, Vec<bool>) {
    // Each key made once, then both lists sorted and walked together: thousands of findings
    // (a 10,000-touchpoint journey has about 3,000) cost a sort, not a hash of every id list.
    let sorted = |findings: &[Finding]| {
        let mut keys: Vec<(FindingKey, usize)> = findings.iter().map(Finding::key).zip(0..).collect();
        keys.sort_unstable();
        keys
    };
    let (ka, kb) = (sorted(a), sorted(b));
    let (mut a_in_b, mut b_in_a) = (vec![false; a.len()], vec![false; b.len()]);
    let (mut i, mut k) = (0, 0);
    while let (Some((x, _)), Some((y, _))) = (ka.get(i), kb.get(k)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => k += 1,
            std::cmp::Ordering::Equal => {
                // Keys are unique within a journey (§13); should one repeat, every finding
                // with it is still matched.
                while let Some((_, at)) = ka.get(i).filter(|(key, _)| key == x) {
                    a_in_b[*at] = true;
                    i += 1;
                }
                while let Some((_, at)) = kb.get(k).filter(|(key, _)| key == y) {
                    b_in_a[*at] = true;
                    k += 1;
                }
            }
        }
    }
    (a_in_b, b_in_a)
}

/// A field of a touchpoint, in the order DESIGN.md §13 lists differing fields (the order of §3,
/// not alphabetical): the model's one table of fields.
pub use crate::model::Field;

/// A touchpoint in both journeys whose fields differ.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChangedTouchpoint {
    /// Its id, the same in both.
    pub id: TouchpointId,
    /// What differs, in §13's order; never empty.
    pub fields: Vec<Field>,
}

/// The touchpoints of both journeys, matched by id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TouchpointChanges {
    /// Ids only in `to`, ascending.
    pub added: Vec<TouchpointId>,
    /// Ids only in `from`, ascending.
    pub removed: Vec<TouchpointId>,
    /// Ids in both whose fields differ, ascending.
    pub changed: Vec<ChangedTouchpoint>,
    /// How many ids are in both with every field the same.
    pub unchanged: usize,
}

impl TouchpointChanges {
    /// Matches the touchpoints of two journeys by id. Ids are unique within a journey (§3); a
    /// journey that breaks that still gets an answer, never a panic.
    pub fn between(from: &Journey, to: &Journey) -> Self {
        // Two sorted lists walked together: linear after the sort, and every list comes out
        // ascending without sorting anything that came out of a HashMap.
        let (old, new) = (by_id(from), by_id(to));
        let mut changes = Self::default();
        let (mut i, mut k) = (0, 0);
        loop {
            match (old.get(i), new.get(k)) {
                (Some(a), Some(b)) if a.id == b.id => {
                    let fields = changed_fields(from, a, to, b);
                    if fields.is_empty() {
                        changes.unchanged += 1;
                    } else {
                        changes.changed.push(ChangedTouchpoint { id: a.id, fields });
                    }
                    i += 1;
                    k += 1;
                }
                (Some(a), Some(b)) if a.id < b.id => {
                    changes.removed.push(a.id);
                    i += 1;
                }
                (Some(_), Some(b)) => {
                    changes.added.push(b.id);
                    k += 1;
                }
                (Some(a), None) => {
                    changes.removed.push(a.id);
                    i += 1;
                }
                (None, Some(b)) => {
                    changes.added.push(b.id);
                    k += 1;
                }
                (None, None) => break,
            }
        }
        changes
    }

    /// The differing fields of the touchpoint with this id, if it changed.
    pub fn fields_of(&self, id: TouchpointId) -> Option<&[Field]> {
        self.changed.binary_search_by_key(&id, |c| c.id).ok().map(|i| self.changed[i].fields.as_slice())
    }
}

/// A journey's touchpoints by ascending id.
fn by_id(journey: &Journey) -> Vec<&Touchpoint> {
    let mut tps: Vec<&Touchpoint> = journey.touchpoints.iter().collect();
    tps.sort_by_key(|t| t.id);
    tps
}

/// The fields in which one touchpoint (`a`, of journey `from`) differs from another (`b`, of
/// `to`), by effective value (DESIGN.md §13: an omitted lane is the journey's first lane; an
/// exchange differs in kind or strength; tags compare as ordered lists; no feeling differs from
/// a feeling of 0), in §13's order. The id is not compared.
pub fn changed_fields(from: &Journey, a: &Touchpoint, to: &Journey, b: &Touchpoint) -> Vec<Field> {
    let (first_a, first_b) = (from.first_lane(), to.first_lane());
    Field::ALL.into_iter().filter(|f| f.effective(a, first_a) != f.effective(b, first_b)).collect()
}

/// Everything a design review compares between two journeys (DESIGN.md §13).
///
/// Serialises to §13's JSON (see [`json`]): names, score and sub-score changes,
/// classification, findings in the shape of §10, and touchpoints.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// The `from` journey's name (usually the as-is).
    pub from: String,
    /// The `to` journey's name (usually the to-be).
    pub to: String,
    /// Design mutuality and its sub-scores.
    pub mutuality: MutualityChange,
    /// Design continuity and its sub-scores.
    pub continuity: ContinuityChange,
    /// The class of each journey.
    pub classification: ClassificationChange,
    /// Findings resolved, introduced and persisting.
    pub findings: FindingChanges,
    /// Touchpoints added, removed, changed and unchanged.
    pub touchpoints: TouchpointChanges,
}

/// Compares two journeys, analysing both.
pub fn compare(from: &Journey, to: &Journey) -> Comparison {
    compare_analysed(from, &score::analyse(from), to, &score::analyse(to))
}

/// Compares two journeys whose analyses are already at hand (the workbench keeps them live).
/// Each analysis must be [`score::analyse`] of its journey.
pub fn compare_analysed(
    from: &Journey,
    from_analysis: &Analysis,
    to: &Journey,
    to_analysis: &Analysis,
) -> Comparison {
    Comparison {
        from: from.name.clone(),
        to: to.name.clone(),
        mutuality: MutualityChange::between(&from_analysis.mutuality, &to_analysis.mutuality),
        continuity: ContinuityChange::between(&from_analysis.continuity, &to_analysis.continuity),
        classification: ClassificationChange {
            from: from_analysis.verdict.classification,
            to: to_analysis.verdict.classification,
        },
        findings: FindingChanges::between(&from_analysis.findings, &to_analysis.findings),
        touchpoints: TouchpointChanges::between(from, to),
    }
}

/// The JSON of DESIGN.md §13, pretty-printed like the `score` command's, numbers unrounded,
/// ending with a newline.
pub fn json(c: &Comparison) -> String {
    // Plain structs of numbers, strings and lists have nothing serde_json can refuse (it
    // refuses only maps with keys that are not strings).
    let mut text = serde_json::to_string_pretty(c).unwrap_or_default();
    text.push('\n');
    text
}

/// The pair a compare view starts with: journeys named like "as-is" and "to-be" when there are
/// such, else the journey shown and the one made from it ("NAME to-be"), else the first two.
/// `None` when the project has fewer than two journeys.
pub fn default_pair(project: &crate::model::Project, shown: usize) -> Option<(usize, usize)> {
    let n = project.journeys.len();
    if n < 2 {
        return None;
    }
    // Whole words only: "as is" in "has issues" is not an as-is.
    let words: Vec<Vec<String>> = project
        .journeys
        .iter()
        .map(|j| {
            j.name
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .collect();
    let says = |i: usize, phrases: &[&[&str]]| {
        phrases.iter().any(|p| words[i].windows(p.len()).any(|w| w.iter().zip(*p).all(|(a, b)| a == b)))
    };
    let as_is = |i: usize| says(i, &[&["as", "is"], &["current"], &["today"]]);
    let to_be = |i: usize| says(i, &[&["to", "be"], &["future"], &["target"]]);
    let shown = shown.min(n - 1);
    // The journey shown and its own "… to-be" first ("Billing" and "Billing to-be").
    let stem = |i: usize| {
        let w = &words[i];
        let cut = w.len().saturating_sub(2);
        if to_be(i) && w[cut..] == ["to", "be"] { w[..cut].to_vec() } else { w.clone() }
    };
    if let Some(b) = (0..n).find(|&b| b != shown && to_be(b) && stem(b) == words[shown]) {
        return Some((shown, b));
    }
    // The shown journey with a partner of the other kind, then any as-is with any to-be.
    if as_is(shown)
        && let Some(b) = (0..n).find(|&b| b != shown && to_be(b))
    {
        return Some((shown, b));
    }
    if to_be(shown)
        && let Some(a) = (0..n).find(|&a| a != shown && as_is(a))
    {
        return Some((a, shown));
    }
    if let (Some(a), Some(b)) = ((0..n).find(|&i| as_is(i)), (0..n).find(|&i| to_be(i)))
        && a != b
    {
        return Some((a, b));
    }
    Some((0, 1))
}
