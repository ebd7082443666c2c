//! A project as a person reads it, and what changed between two versions of it (DESIGN.md §19):
//! `rapport show` (git's textconv, so `git diff` and `git log -p` read as design changes) and
//! `rapport diff OLD NEW`.
//!
//! The diff of each journey is §13's comparison ([`crate::compare`]) — scores, classification,
//! findings, touchpoints — with each changed field's value `before → after`, walking the model's
//! table of fields; and around it what §13 does not compare: journeys added, removed or renamed,
//! persona, lanes and links.
//!
//! Review threads (§18) are listed after each journey's links, every comment on its own line,
//! and diffed by thread id: threads begun and deleted, resolved and reopened, comments added and
//! taken away (an edited comment is both).
//!
//! Pure: no egui, no file system.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::comments::on_words;
use crate::compare::{self, ClassificationChange, Comparison, ContinuityChange, MutualityChange};
use crate::model::conflicts::Side;
use crate::model::fields::Value;
use crate::model::{
    Comment, Conflict, ConflictOn, Field, Journey, Link, Phase, Project, Thread, Touchpoint, TouchpointId,
};
use crate::score::{self, Finding};
use crate::store;

/// The project as lines a person reads: per journey its scores and findings, its lanes, its
/// touchpoints one a line grouped by phase in timeline order, its links; the conflicts a merge
/// left. Ends with a newline.
pub fn show(project: &Project) -> String {
    let mut out = format!("Project “{}”\n", project.name);
    for journey in &project.journeys {
        journey_lines(&mut out, journey);
    }
    if !project.conflicts.is_empty() {
        let _ = writeln!(
            out,
            "\n{} merge conflicts (ours is in the file until one is chosen):",
            project.conflicts.len()
        );
        for c in &project.conflicts {
            let _ = writeln!(
                out,
                "  {}: base {} · ours {} · theirs {}",
                c.on.describe(),
                or_deleted(&c.base),
                or_deleted(&c.ours),
                or_deleted(&c.theirs)
            );
        }
    }
    out
}

fn or_deleted(version: &str) -> &str {
    if version.is_empty() { "(deleted)" } else { version }
}

/// One version of a merge conflict as people read it, for the workbench's Conflicts list: a
/// field's value in words ("Priya", "org takes 1"), a touchpoint as its `show` line, a journey
/// by its size, a name in quotes; "deleted" where that version deleted it. A version that does
/// not read (a file edited by hand) is shown as the file has it.
pub fn conflict_words(project: &Project, conflict: &Conflict, side: Side) -> String {
    let text = conflict.version(side);
    if text.is_empty() {
        return "deleted".to_owned();
    }
    let journey = conflict.on.journey().and_then(|name| project.journey(name));
    let lanes = journey.map_or(&[][..], |j| &j.lanes[..]);
    let words = match &conflict.on {
        ConflictOn::Field { field, .. } => {
            store::read_value(*field, text, lanes).ok().map(|v| one_line(&v.show()))
        }
        ConflictOn::Touchpoint { .. } => store::read_touchpoint(text, lanes)
            .ok()
            .map(|tp| touchpoint_line(journey.unwrap_or(&Journey::new("")), &tp)),
        ConflictOn::Journey { .. } => store::read_journey(text).ok().map(|j| {
            format!("“{}”, {} touchpoints in {} lanes", one_line(&j.name), j.touchpoints.len(), j.lanes.len())
        }),
        ConflictOn::Persona { .. } | ConflictOn::JourneyName { .. } | ConflictOn::ProjectName => {
            store::read_text(text).ok().map(|t| format!("“{}”", one_line(&t)))
        }
    };
    words.unwrap_or_else(|| one_line(text))
}

fn journey_lines(out: &mut String, journey: &Journey) {
    let analysis = score::analyse(journey);
    let _ = writeln!(out, "\nJourney “{}”", journey.name);
    if !journey.persona.is_empty() {
        let _ = writeln!(out, "  persona: {}", one_line(&journey.persona));
    }
    let _ = writeln!(
        out,
        "  scores: design mutuality {:.0} · design continuity {:.0} · {}",
        analysis.mutuality.score,
        analysis.continuity.score,
        analysis.verdict.classification.as_str()
    );
    if !analysis.findings.is_empty() {
        let findings: Vec<String> = analysis.findings.iter().map(finding_words).collect();
        let _ = writeln!(out, "  findings: {}", findings.join(" · "));
    }
    let _ = writeln!(out, "  lanes: {}", journey.lanes.join(" · "));
    let order = journey.timeline();
    for phase in Phase::ALL {
        let _ = writeln!(out, "  {}", phase.label());
        for &i in &order {
            let tp = &journey.touchpoints[i];
            if tp.phase == phase {
                let _ = writeln!(out, "    {}", touchpoint_line(journey, tp));
            }
        }
    }
    for link in &journey.links {
        let _ = writeln!(out, "  link {}", link_words(journey, *link));
    }
    for t in &journey.threads {
        let _ = writeln!(out, "  {}", thread_words(journey, t));
        for c in &t.comments {
            let _ = writeln!(out, "    {}", comment_line_words(&CommentLine::of(c)));
        }
    }
    let (proposals, votes, heard) = (journey.proposals.len(), journey.votes.len(), journey.heard.len());
    if proposals + votes + heard > 0 {
        let _ = writeln!(out, "  room: {proposals} proposals · {votes} votes · {heard} feeling answers");
    }
}

/// "#7 Estimated-arrears demand · day 64 · Digital · automated · org takes 2 · feels −2": the
/// title, day and lane, then every other field not at its default, from the model's table.
pub fn touchpoint_line(journey: &Journey, tp: &Touchpoint) -> String {
    let first_lane = journey.first_lane();
    let mut parts = vec![
        format!("#{} {}", tp.id, one_line(&tp.title)),
        format!("day {}", tp.day),
        Field::Lane.effective(tp, first_lane).show(),
    ];
    for field in Field::ALL {
        if matches!(field, Field::Title | Field::Phase | Field::Day | Field::Lane)
            || field.is_default(tp, first_lane)
        {
            continue;
        }
        let value = field.get(tp);
        parts.push(match (field, &value) {
            (_, Value::Flag(_)) => field.words().to_owned(),
            (Field::Feeling, v) => format!("feels {}", v.show()),
            (Field::Tags, v) => format!("tags {}", v.show()),
            (Field::Notes, v) => format!("notes: {}", one_line(&v.show())),
            (_, v) => one_line(&v.show()),
        });
    }
    parts.join(" · ")
}

/// Text on one line: new lines read as " ⏎ ".
fn one_line(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', " ⏎ ")
}

fn finding_words(f: &Finding) -> String {
    let mut s = f.code.as_str().to_owned();
    if let Some(phase) = f.phase {
        let _ = write!(s, " ({})", phase.label());
    }
    if !f.touchpoints.is_empty() && f.marks_cards() {
        let ids: Vec<String> = f.touchpoints.iter().map(ToString::to_string).collect();
        let _ = write!(s, " [{}]", ids.join(", "));
    }
    s
}

fn link_words(journey: &Journey, link: Link) -> String {
    let title = |id: TouchpointId| journey.touchpoint(id).map(|t| one_line(&t.title)).unwrap_or_default();
    format!("#{} {} → #{} {}", link.from, title(link.from), link.to, title(link.to))
}

/// "thread #3 on “Estimated-arrears demand” (touchpoint 7) · open".
fn thread_words(journey: &Journey, t: &Thread) -> String {
    let state = if t.resolved { "resolved" } else { "open" };
    format!("thread #{} on {} · {state}", t.id, one_line(&on_words(journey, t)))
}

/// One value before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Changed<T> {
    /// As it was.
    pub before: T,
    /// As it is.
    pub after: T,
}

/// A touchpoint added or removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TouchpointLine {
    /// Its id.
    pub id: TouchpointId,
    /// Its line, as `rapport show` prints it.
    pub line: String,
}

/// One field of a touchpoint, before and after, as people read values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field.
    pub field: Field,
    /// Its value before.
    pub before: String,
    /// Its value after.
    pub after: String,
}

/// A touchpoint whose fields changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TouchpointChange {
    /// Its id.
    pub id: TouchpointId,
    /// Its title now.
    pub title: String,
    /// What changed, in §13's order; never empty.
    pub fields: Vec<FieldChange>,
}

/// The touchpoints of a journey in both versions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TouchpointDiff {
    /// Only in the new version, ascending by id.
    pub added: Vec<TouchpointLine>,
    /// Only in the old version, ascending by id.
    pub removed: Vec<TouchpointLine>,
    /// In both, changed, ascending by id.
    pub changed: Vec<TouchpointChange>,
    /// In both, unchanged.
    pub unchanged: usize,
}

/// Links added and removed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LinkDiff {
    /// Only in the new version.
    pub added: Vec<Link>,
    /// Only in the old version.
    pub removed: Vec<Link>,
}

/// A comment, as people read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommentLine {
    /// Who wrote it.
    pub by: String,
    /// When, as the file writes it.
    pub at: String,
    /// What.
    pub text: String,
}

impl CommentLine {
    fn of(c: &Comment) -> Self {
        Self { by: c.by.clone(), at: c.at.to_string(), text: c.text.clone() }
    }
}

/// A thread begun or deleted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ThreadLine {
    /// Its id.
    pub id: u32,
    /// What it is on, in words.
    pub on: String,
    /// Resolved, or open.
    pub resolved: bool,
    /// Its comments.
    pub comments: Vec<CommentLine>,
}

/// A thread in both versions that changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ThreadChange {
    /// Its id.
    pub id: u32,
    /// What it is on now, in words.
    pub on: String,
    /// Resolved before and after, when that changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Changed<bool>>,
    /// Comments only in the new version.
    pub comments_added: Vec<CommentLine>,
    /// Comments only in the old version.
    pub comments_removed: Vec<CommentLine>,
}

/// The review threads of a journey in both versions, by id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ThreadDiff {
    /// Only in the new version.
    pub added: Vec<ThreadLine>,
    /// Only in the old version.
    pub removed: Vec<ThreadLine>,
    /// In both, changed.
    pub changed: Vec<ThreadChange>,
}

impl ThreadDiff {
    /// No thread changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

fn thread_diff(old: &Journey, new: &Journey) -> ThreadDiff {
    let line = |j: &Journey, t: &Thread| ThreadLine {
        id: t.id,
        on: on_words(j, t),
        resolved: t.resolved,
        comments: t.comments.iter().map(CommentLine::of).collect(),
    };
    let before: HashMap<u32, &Thread> = old.threads.iter().map(|t| (t.id, t)).collect();
    let after: HashMap<u32, &Thread> = new.threads.iter().map(|t| (t.id, t)).collect();
    let mut d = ThreadDiff {
        added: new.threads.iter().filter(|t| !before.contains_key(&t.id)).map(|t| line(new, t)).collect(),
        removed: old.threads.iter().filter(|t| !after.contains_key(&t.id)).map(|t| line(old, t)).collect(),
        changed: Vec::new(),
    };
    for t in &new.threads {
        let Some(was) = before.get(&t.id) else { continue };
        if *was == t {
            continue;
        }
        let only = |a: &[Comment], b: &[Comment]| -> Vec<CommentLine> {
            let mut other: Vec<&Comment> = b.iter().collect();
            a.iter()
                .filter(|c| match other.iter().position(|o| o == c) {
                    Some(i) => {
                        other.remove(i);
                        false
                    }
                    None => true,
                })
                .map(CommentLine::of)
                .collect()
        };
        d.changed.push(ThreadChange {
            id: t.id,
            on: on_words(new, t),
            resolved: (was.resolved != t.resolved)
                .then_some(Changed { before: was.resolved, after: t.resolved }),
            comments_added: only(&t.comments, &was.comments),
            comments_removed: only(&was.comments, &t.comments),
        });
    }
    d
}

/// Findings resolved and introduced (DESIGN.md §13's keys).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FindingDiff {
    /// The old version's findings the new one lacks.
    pub resolved: Vec<Finding>,
    /// The new version's findings the old one lacked.
    pub introduced: Vec<Finding>,
}

/// A journey in both versions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JourneyDiff {
    /// Its name now.
    pub name: String,
    /// Its old name, when it was renamed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// Its persona line, when it changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub persona: Option<Changed<String>>,
    /// Its lanes, when they changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lanes: Option<Changed<Vec<String>>>,
    /// Touchpoints added, removed and changed.
    pub touchpoints: TouchpointDiff,
    /// Links added and removed.
    pub links: LinkDiff,
    /// Review threads begun, deleted and changed.
    pub threads: ThreadDiff,
    /// Design mutuality and its sub-scores, before and after.
    pub mutuality: MutualityChange,
    /// Design continuity and its sub-scores, before and after.
    pub continuity: ContinuityChange,
    /// The classification before and after.
    pub classification: ClassificationChange,
    /// Findings resolved and introduced.
    pub findings: FindingDiff,
}

impl JourneyDiff {
    /// Nothing about the journey changed.
    pub fn is_empty(&self) -> bool {
        self.renamed_from.is_none()
            && self.persona.is_none()
            && self.lanes.is_none()
            && self.touchpoints.added.is_empty()
            && self.touchpoints.removed.is_empty()
            && self.touchpoints.changed.is_empty()
            && self.links.added.is_empty()
            && self.links.removed.is_empty()
            && self.threads.is_empty()
    }
}

/// A journey only in one version: its name and touchpoint count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JourneyLine {
    /// Its name.
    pub name: String,
    /// How many touchpoints it has.
    pub touchpoints: usize,
}

/// What changed between two versions of a project.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProjectDiff {
    /// The project's name, when it changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Changed<String>>,
    /// Journeys only in the new version.
    pub journeys_added: Vec<JourneyLine>,
    /// Journeys only in the old version.
    pub journeys_removed: Vec<JourneyLine>,
    /// Journeys in both (matched by name, or renamed: by the touchpoint ids they share), in
    /// the new version's order, changed or not.
    pub journeys: Vec<JourneyDiff>,
}

/// What changed from `old` to `new`.
pub fn diff(old: &Project, new: &Project) -> ProjectDiff {
    let matched = crate::merge::match_journeys(old, new);
    let mut journeys = Vec::new();
    let mut journeys_added = Vec::new();
    let mut seen = HashSet::new();
    for (n, m) in matched.iter().enumerate() {
        let nj = &new.journeys[n];
        match m {
            Some(o) => {
                seen.insert(*o);
                journeys.push(journey_diff(&old.journeys[*o], nj));
            }
            None => {
                journeys_added.push(JourneyLine { name: nj.name.clone(), touchpoints: nj.touchpoints.len() })
            }
        }
    }
    let journeys_removed = old
        .journeys
        .iter()
        .enumerate()
        .filter(|(i, _)| !seen.contains(i))
        .map(|(_, j)| JourneyLine { name: j.name.clone(), touchpoints: j.touchpoints.len() })
        .collect();
    let name = (old.name != new.name).then(|| Changed { before: old.name.clone(), after: new.name.clone() });
    ProjectDiff { name, journeys_added, journeys_removed, journeys }
}

/// One journey in both versions: §13's comparison, each changed field before → after, and
/// persona, lanes and links.
pub fn journey_diff(old: &Journey, new: &Journey) -> JourneyDiff {
    let Comparison { mutuality, continuity, classification, findings, touchpoints, .. } =
        compare::compare(old, new);
    let (before, after): (HashMap<TouchpointId, &Touchpoint>, HashMap<TouchpointId, &Touchpoint>) = (
        old.touchpoints.iter().map(|t| (t.id, t)).collect(),
        new.touchpoints.iter().map(|t| (t.id, t)).collect(),
    );
    let line = |j: &Journey, map: &HashMap<TouchpointId, &Touchpoint>, id: &TouchpointId| {
        map.get(id).map(|tp| TouchpointLine { id: *id, line: touchpoint_line(j, tp) })
    };
    let changed = touchpoints
        .changed
        .iter()
        .filter_map(|c| {
            let (a, b) = (before.get(&c.id)?, after.get(&c.id)?);
            let fields = c
                .fields
                .iter()
                .map(|f| FieldChange {
                    field: *f,
                    before: f.effective(a, old.first_lane()).show(),
                    after: f.effective(b, new.first_lane()).show(),
                })
                .collect();
            Some(TouchpointChange { id: c.id, title: b.title.clone(), fields })
        })
        .collect();
    let touchpoints = TouchpointDiff {
        added: touchpoints.added.iter().filter_map(|id| line(new, &after, id)).collect(),
        removed: touchpoints.removed.iter().filter_map(|id| line(old, &before, id)).collect(),
        changed,
        unchanged: touchpoints.unchanged,
    };
    let (old_links, new_links): (HashSet<Link>, HashSet<Link>) =
        (old.links.iter().copied().collect(), new.links.iter().copied().collect());
    let links = LinkDiff {
        added: new.links.iter().filter(|l| !old_links.contains(l)).copied().collect(),
        removed: old.links.iter().filter(|l| !new_links.contains(l)).copied().collect(),
    };
    JourneyDiff {
        name: new.name.clone(),
        renamed_from: (old.name != new.name).then(|| old.name.clone()),
        persona: (old.persona != new.persona)
            .then(|| Changed { before: old.persona.clone(), after: new.persona.clone() }),
        lanes: (old.lanes != new.lanes)
            .then(|| Changed { before: old.lanes.clone(), after: new.lanes.clone() }),
        touchpoints,
        links,
        threads: thread_diff(old, new),
        mutuality,
        continuity,
        classification,
        findings: FindingDiff { resolved: findings.resolved, introduced: findings.introduced },
    }
}

/// The diff as text: what changed, journey by journey; "no changes" when nothing did.
pub fn text(d: &ProjectDiff) -> String {
    let mut out = String::new();
    if let Some(n) = &d.name {
        let _ = writeln!(out, "project renamed: “{}” → “{}”", n.before, n.after);
    }
    for j in &d.journeys_added {
        let _ = writeln!(out, "journey added: “{}” ({} touchpoints)", j.name, j.touchpoints);
    }
    for j in &d.journeys_removed {
        let _ = writeln!(out, "journey removed: “{}” ({} touchpoints)", j.name, j.touchpoints);
    }
    for j in &d.journeys {
        let scores_moved = j.mutuality.score.direction(0).is_ne()
            || j.continuity.score.direction(0).is_ne()
            || j.classification.changed()
            || !j.findings.resolved.is_empty()
            || !j.findings.introduced.is_empty();
        if j.is_empty() && !scores_moved {
            continue;
        }
        let _ = writeln!(out, "\njourney “{}”", j.name);
        if let Some(old) = &j.renamed_from {
            let _ = writeln!(out, "  renamed from “{old}”");
        }
        if let Some(p) = &j.persona {
            let _ = writeln!(out, "  persona: {} → {}", one_line(&p.before), one_line(&p.after));
        }
        if let Some(l) = &j.lanes {
            let _ = writeln!(out, "  lanes: {} → {}", l.before.join(" · "), l.after.join(" · "));
        }
        for t in &j.touchpoints.added {
            let _ = writeln!(out, "  + {}", t.line);
        }
        for t in &j.touchpoints.removed {
            let _ = writeln!(out, "  − {}", t.line);
        }
        for t in &j.touchpoints.changed {
            let fields: Vec<String> = t
                .fields
                .iter()
                .map(|f| format!("{} {} → {}", f.field.words(), one_line(&f.before), one_line(&f.after)))
                .collect();
            let _ = writeln!(out, "  ~ #{} {}: {}", t.id, one_line(&t.title), fields.join("; "));
        }
        for l in &j.links.added {
            let _ = writeln!(out, "  + link #{} → #{}", l.from, l.to);
        }
        for l in &j.links.removed {
            let _ = writeln!(out, "  − link #{} → #{}", l.from, l.to);
        }
        for t in &j.threads.added {
            let state = if t.resolved { "resolved" } else { "open" };
            let _ = writeln!(out, "  + thread #{} on {} · {state}", t.id, one_line(&t.on));
            for c in &t.comments {
                let _ = writeln!(out, "      {}", comment_line_words(c));
            }
        }
        for t in &j.threads.removed {
            let _ =
                writeln!(out, "  − thread #{} on {} ({} comments)", t.id, one_line(&t.on), t.comments.len());
        }
        for t in &j.threads.changed {
            let _ = writeln!(out, "  ~ thread #{} on {}", t.id, one_line(&t.on));
            if let Some(r) = &t.resolved {
                let _ = writeln!(out, "      {}", if r.after { "resolved" } else { "reopened" });
            }
            for c in &t.comments_added {
                let _ = writeln!(out, "      + {}", comment_line_words(c));
            }
            for c in &t.comments_removed {
                let _ = writeln!(out, "      − {}", comment_line_words(c));
            }
        }
        let [mf, mt, md] = j.mutuality.score.shown(0);
        let [cf, ct, cd] = j.continuity.score.shown(0);
        let _ = writeln!(out, "  design mutuality {mf} → {mt} ({md}) · design continuity {cf} → {ct} ({cd})");
        if j.classification.changed() {
            let _ = writeln!(
                out,
                "  classification {} → {}",
                j.classification.from.as_str(),
                j.classification.to.as_str()
            );
        }
        for f in &j.findings.resolved {
            let _ = writeln!(out, "  resolved {}", finding_words(f));
        }
        for f in &j.findings.introduced {
            let _ = writeln!(out, "  introduced {}", finding_words(f));
        }
    }
    if out.is_empty() {
        out.push_str("no changes\n");
    }
    out
}

/// "Ann, 2026-12-07 10:15: Why automated?" (new lines read as " ⏎ ").
fn comment_line_words(c: &CommentLine) -> String {
    let at = c.at.replace('T', " ");
    let at = at.get(..16).unwrap_or(&at);
    format!("{}, {at}: {}", one_line(&c.by), one_line(&c.text))
}

/// The diff as JSON, pretty-printed, numbers unrounded, ending with a newline.
pub fn json(d: &ProjectDiff) -> String {
    let mut text = serde_json::to_string_pretty(d).unwrap_or_default();
    text.push('\n');
    text
}
