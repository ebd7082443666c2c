//! The three-way merge of two people's work on one project, by identity (DESIGN.md §19): what
//! git's merge driver (`rapport merge BASE OURS THEIRS -o OUT`) runs.
//!
//! Journeys match by name (or, renamed on one side, by the touchpoint ids they share);
//! touchpoints match by id and merge field by field, walking the model's table of fields
//! ([`Field::ALL`]); lanes, links and the room's data (proposals, votes, feeling answers) merge
//! as sets by identity, keeping order. What both sides changed differently takes *ours* and is
//! recorded as a [`Conflict`] in the result, which always obeys every rule the reader enforces.
//!
//! Review threads (§18) merge by id like the room's data: the union, minus what either side
//! removed (unless the other side added to it: a remark is not lost), resolved / reopened and
//! `about` three ways, and their comments the union in time order. A thread both sides began
//! with one id is two threads, theirs renumbered; a touchpoint renumbered takes its links and
//! threads with it.
//!
//! Pure: no egui, no file system.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use crate::model::{
    Ballot, Comment, Conflict, ConflictOn, Field, Heard, Journey, Link, Project, Proposal, ProposalStatus,
    Thread, ThreadOn, Touchpoint, TouchpointId, Vote,
};
use crate::rules::{self, Broken};
use crate::store::{journey_text, quote, touchpoint_text, value_text};

/// Merges `ours` and `theirs`, two versions of `base`. The result holds every change made on
/// one side only, and ours where both sides changed one thing differently — each such case
/// recorded in its `conflicts` (after any the inputs already had).
///
/// An `Err` means the result would break a rule of [`crate::rules`] (which no input that reads
/// should cause); the caller then writes nothing.
pub fn merge(base: &Project, ours: &Project, theirs: &Project) -> Result<Project, Broken> {
    let theirs = &*threads_apart(base, ours, theirs);
    let mut m = Merger { conflicts: Vec::new(), next_id: next_touchpoint_id([ours, theirs]) };
    let name = m.pick_or(&base.name, &ours.name, &theirs.name, || ConflictOn::ProjectName, |s| quote(s));
    let format = match pick(&base.format, &ours.format, &theirs.format) {
        Some(f) => *f,
        None => ours.format.max(theirs.format),
    };
    let mut next_proposal = [ours, theirs]
        .iter()
        .flat_map(|p| &p.journeys)
        .flat_map(|j| &j.proposals)
        .map(|p| p.id)
        .max()
        .unwrap_or(0);
    let mut journeys = m.journeys(base, ours, theirs, &mut next_proposal);
    unique_thread_ids(&mut journeys);
    let mut conflicts = union(&base.conflicts, &ours.conflicts, &theirs.conflicts, |c| c.clone());
    conflicts.append(&mut m.conflicts);
    let mut project = Project { format, name, journeys, conflicts };
    // At least the format that holds what the merge brought together (threads from one side,
    // conflicts).
    project.format = project.format.max(project.file_format());
    rules::check_project(&project)?;
    Ok(project)
}

/// Of three versions of one thing, the merged one: the change of the side that changed it, or
/// the same change of both; `None` when both changed it differently.
fn pick<'a, T: PartialEq + ?Sized>(base: &'a T, ours: &'a T, theirs: &'a T) -> Option<&'a T> {
    if ours == theirs || theirs == base {
        Some(ours)
    } else if ours == base {
        Some(theirs)
    } else {
        None
    }
}

/// One more than the largest touchpoint id on either side (cards, and removed cards threads
/// still name): ids given to touchpoints that both sides added with one id start here, so they
/// were never used on either branch (DESIGN.md §13's rule, over both branches of the merged
/// project).
fn next_touchpoint_id(projects: [&Project; 2]) -> u32 {
    projects.iter().map(|p| p.next_touchpoint_id().0).max().unwrap_or(1)
}

/// Theirs, with each thread it began under an id ours gave another thread renumbered above
/// every thread id either side used: thread ids are unique in the project, so two threads
/// begun on two branches with one id are two threads.
fn threads_apart<'a>(base: &Project, ours: &Project, theirs: &'a Project) -> Cow<'a, Project> {
    let in_base: HashSet<u32> = base.journeys.iter().flat_map(|j| &j.threads).map(|t| t.id).collect();
    let in_ours: HashMap<u32, (&str, &Thread)> = ours
        .journeys
        .iter()
        .flat_map(|j| j.threads.iter().map(move |t| (t.id, (j.name.as_str(), t))))
        .collect();
    let clashes = |journey: &str, t: &Thread| {
        !in_base.contains(&t.id) && in_ours.get(&t.id).is_some_and(|(j, o)| *j != journey || *o != t)
    };
    if !theirs.journeys.iter().any(|j| j.threads.iter().any(|t| clashes(&j.name, t))) {
        return Cow::Borrowed(theirs);
    }
    let mut next = ours.next_thread_id().max(theirs.next_thread_id());
    let mut apart = theirs.clone();
    for j in &mut apart.journeys {
        for t in &mut j.threads {
            if clashes(&j.name, t) {
                t.id = next;
                next = next.saturating_add(1);
            }
        }
    }
    Cow::Owned(apart)
}

/// A net under [`threads_apart`]: a thread id met a second time in the merged project (a
/// journey both sides added, each with its own threads) is given a new one.
fn unique_thread_ids(journeys: &mut [Journey]) {
    let mut next = journeys.iter().flat_map(|j| &j.threads).map(|t| t.id).max().unwrap_or(0);
    let mut seen = HashSet::new();
    for t in journeys.iter_mut().flat_map(|j| &mut j.threads) {
        if !seen.insert(t.id) {
            next = next.saturating_add(1);
            t.id = next;
            seen.insert(next);
        }
    }
}

/// The items of a set kept in order: what ours or theirs has, minus what either side removed
/// from base, ours' order with theirs' additions after their neighbours ([`merge_order`]).
/// An item listed twice (a link drawn twice) is two items: its second is the second of each side.
fn union<T: Clone, K: Eq + Hash + Clone>(
    base: &[T],
    ours: &[T],
    theirs: &[T],
    key: impl Fn(&T) -> K,
) -> Vec<T> {
    let keys = |items: &[T]| {
        let mut seen: HashMap<K, usize> = HashMap::new();
        items
            .iter()
            .map(|item| {
                let k = key(item);
                let n = seen.entry(k.clone()).or_default();
                *n += 1;
                (k, *n)
            })
            .collect::<Vec<(K, usize)>>()
    };
    let (kb, ko, kt) = (keys(base), keys(ours), keys(theirs));
    let set = |keys: &'_ [(K, usize)]| keys.iter().cloned().collect::<HashSet<(K, usize)>>();
    let (sb, so, st) = (set(&kb), set(&ko), set(&kt));
    let keep = |k: &(K, usize)| {
        (so.contains(k) || st.contains(k)) && !(sb.contains(k) && !(so.contains(k) && st.contains(k)))
    };
    let mut items: HashMap<(K, usize), &T> = HashMap::with_capacity(ours.len() + theirs.len());
    for (k, item) in kt.iter().zip(theirs).chain(ko.iter().zip(ours)) {
        items.insert(k.clone(), item);
    }
    merge_order(&kb, &ko, &kt, keep).iter().filter_map(|k| items.get(k).map(|t| (*t).clone())).collect()
}

/// The merged order of keys that `keep` keeps: the order of the side that changed the order
/// (ours when both did), with the other side's keys placed after the key they follow there and after
/// what the first side added right behind that key.
fn merge_order<K: Eq + Hash + Clone>(
    base: &[K],
    ours: &[K],
    theirs: &[K],
    keep: impl Fn(&K) -> bool,
) -> Vec<K> {
    let (primary, secondary) = if ours == base { (theirs, ours) } else { (ours, theirs) };
    let placed: HashSet<&K> = primary.iter().filter(|k| keep(k)).collect();
    let mut front: Vec<&K> = Vec::new();
    let mut after: HashMap<&K, Vec<&K>> = HashMap::new();
    let mut added: HashSet<&K> = HashSet::new();
    let mut anchor: Option<&K> = None;
    for k in secondary {
        if placed.contains(k) {
            anchor = Some(k);
        } else if keep(k) && added.insert(k) {
            match anchor {
                Some(a) => after.entry(a).or_default().push(k),
                None => front.push(k),
            }
        }
    }
    // The other side's keys go after the key they follow and after what the first side added
    // there: before the next key both had.
    let in_base: HashSet<&K> = base.iter().collect();
    let mut out: Vec<K> = front.into_iter().cloned().collect();
    out.reserve(primary.len());
    let mut emitted: HashSet<&K> = HashSet::with_capacity(primary.len());
    let mut pending: Vec<&K> = Vec::new();
    for k in primary {
        if placed.contains(k) && emitted.insert(k) {
            if in_base.contains(k) {
                out.extend(pending.drain(..).cloned());
            }
            out.push(k.clone());
            if let Some(next) = after.get(k) {
                pending.extend(next);
            }
        }
    }
    out.extend(pending.into_iter().cloned());
    out
}

/// Where a journey of the merged project comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum JourneyKey {
    Base(usize),
    Ours(usize),
    Theirs(usize),
}

/// For each journey of `side`, the base journey it is: the one of the same name, else (renamed)
/// the one whose touchpoint ids it shares most, at least half of its own.
pub fn match_journeys(base: &Project, side: &Project) -> Vec<Option<usize>> {
    let mut matched: Vec<Option<usize>> =
        side.journeys.iter().map(|j| base.journeys.iter().position(|b| b.name == j.name)).collect();
    let mut taken: HashSet<usize> = matched.iter().flatten().copied().collect();
    for (i, j) in side.journeys.iter().enumerate() {
        if matched[i].is_some() || j.touchpoints.is_empty() {
            continue;
        }
        let ids: HashSet<TouchpointId> = j.touchpoints.iter().map(|t| t.id).collect();
        let best = base
            .journeys
            .iter()
            .enumerate()
            .filter(|(b, _)| !taken.contains(b) && side.journey(&base.journeys[*b].name).is_none())
            .map(|(b, bj)| (b, bj.touchpoints.iter().filter(|t| ids.contains(&t.id)).count()))
            .filter(|(_, shared)| *shared > 0 && 2 * shared >= ids.len())
            .max_by_key(|(b, shared)| (*shared, std::cmp::Reverse(*b)));
        if let Some((b, _)) = best {
            matched[i] = Some(b);
            taken.insert(b);
        }
    }
    matched
}

struct Merger {
    conflicts: Vec<Conflict>,
    next_id: u32,
}

impl Merger {
    /// [`pick`], or ours with a conflict recorded (its versions written by `text`).
    fn pick_or<T: PartialEq + Clone>(
        &mut self,
        base: &T,
        ours: &T,
        theirs: &T,
        on: impl FnOnce() -> ConflictOn,
        text: impl Fn(&T) -> String,
    ) -> T {
        match pick(base, ours, theirs) {
            Some(v) => v.clone(),
            None => {
                self.conflicts.push(Conflict {
                    on: on(),
                    base: text(base),
                    ours: text(ours),
                    theirs: text(theirs),
                });
                ours.clone()
            }
        }
    }

    fn journeys(
        &mut self,
        base: &Project,
        ours: &Project,
        theirs: &Project,
        next_proposal: &mut u32,
    ) -> Vec<Journey> {
        let (in_ours, in_theirs) = (match_journeys(base, ours), match_journeys(base, theirs));
        let ours_of_base: HashMap<usize, usize> =
            in_ours.iter().enumerate().filter_map(|(o, b)| b.map(|b| (b, o))).collect();
        let theirs_of_base: HashMap<usize, usize> =
            in_theirs.iter().enumerate().filter_map(|(t, b)| b.map(|b| (b, t))).collect();
        // Journeys added on both sides with one name are one journey, merged from nothing.
        let ours_added: HashMap<&str, usize> = in_ours
            .iter()
            .enumerate()
            .filter(|(_, b)| b.is_none())
            .map(|(o, _)| (ours.journeys[o].name.as_str(), o))
            .collect();
        let key_ours: Vec<JourneyKey> = in_ours
            .iter()
            .enumerate()
            .map(|(o, b)| b.map_or(JourneyKey::Ours(o), JourneyKey::Base))
            .collect();
        let key_theirs: Vec<JourneyKey> = in_theirs
            .iter()
            .enumerate()
            .map(|(t, b)| match b {
                Some(b) => JourneyKey::Base(*b),
                None => match ours_added.get(theirs.journeys[t].name.as_str()) {
                    Some(o) => JourneyKey::Ours(*o),
                    None => JourneyKey::Theirs(t),
                },
            })
            .collect();
        let key_base: Vec<JourneyKey> = (0..base.journeys.len()).map(JourneyKey::Base).collect();

        let mut merged: HashMap<JourneyKey, Journey> = HashMap::new();
        for (b, bj) in base.journeys.iter().enumerate() {
            let (o, t) = (
                ours_of_base.get(&b).map(|&o| &ours.journeys[o]),
                theirs_of_base.get(&b).map(|&t| &theirs.journeys[t]),
            );
            let kept = match (o, t) {
                (Some(o), Some(t)) => Some(self.journey(bj, o, t, next_proposal)),
                (Some(o), None) if o != bj => {
                    self.journey_conflict(&o.name, bj, Some(o), None);
                    Some(o.clone())
                }
                (None, Some(t)) if t != bj => {
                    self.journey_conflict(&t.name, bj, None, Some(t));
                    None
                }
                _ => None,
            };
            if let Some(j) = kept {
                merged.insert(JourneyKey::Base(b), j);
            }
        }
        for (o, key) in key_ours.iter().enumerate() {
            if let JourneyKey::Ours(_) = key {
                let oj = &ours.journeys[o];
                let both = key_theirs.iter().position(|k| k == key).map(|t| &theirs.journeys[t]);
                let j = match both {
                    Some(tj) => {
                        let empty = Journey { lanes: Vec::new(), ..Journey::new(oj.name.clone()) };
                        self.journey(&empty, oj, tj, next_proposal)
                    }
                    None => oj.clone(),
                };
                merged.insert(*key, j);
            }
        }
        for (t, key) in key_theirs.iter().enumerate() {
            if let JourneyKey::Theirs(_) = key {
                merged.insert(*key, theirs.journeys[t].clone());
            }
        }
        let order = merge_order(&key_base, &key_ours, &key_theirs, |k| merged.contains_key(k));
        let mut journeys: Vec<Journey> = order.iter().filter_map(|k| merged.remove(k)).collect();
        // Two journeys that came to share a name (one side renamed a journey to the name the
        // other gave a new one) stay apart: the later one says whose it was.
        let mut names: HashSet<String> = HashSet::new();
        for j in &mut journeys {
            while !names.insert(j.name.clone()) {
                j.name = format!("{} (theirs)", j.name);
            }
        }
        journeys
    }

    fn journey_conflict(
        &mut self,
        name: &str,
        base: &Journey,
        ours: Option<&Journey>,
        theirs: Option<&Journey>,
    ) {
        self.conflicts.push(Conflict {
            on: ConflictOn::Journey { journey: name.to_owned() },
            base: journey_text(base),
            ours: ours.map(journey_text).unwrap_or_default(),
            theirs: theirs.map(journey_text).unwrap_or_default(),
        });
    }

    /// One journey, present on both sides.
    fn journey(
        &mut self,
        base: &Journey,
        ours: &Journey,
        theirs: &Journey,
        next_proposal: &mut u32,
    ) -> Journey {
        let name = self.pick_or(
            &base.name,
            &ours.name,
            &theirs.name,
            || ConflictOn::JourneyName { journey: ours.name.clone() },
            |s| quote(s),
        );
        let persona = self.pick_or(
            &base.persona,
            &ours.persona,
            &theirs.persona,
            || ConflictOn::Persona { journey: name.clone() },
            |s| quote(s),
        );
        let lanes = Lanes::new(base, ours, theirs);
        let (b, o, t) = (lanes.base(base), lanes.ours(ours), lanes.theirs(theirs));
        let mut lane_list = lanes.merged(&b.lanes, &o.lanes, &t.lanes);

        // Touchpoints, by id.
        let index = |j: &Journey| -> HashMap<TouchpointId, usize> {
            j.touchpoints.iter().enumerate().map(|(i, tp)| (tp.id, i)).collect()
        };
        let (ib, io, it) = (index(&b), index(&o), index(&t));
        let mut remap: HashMap<TouchpointId, TouchpointId> = HashMap::new();
        let mut result: HashMap<TouchpointId, Touchpoint> = HashMap::with_capacity(io.len() + it.len());
        for tp in &o.touchpoints {
            let id = tp.id;
            match (ib.get(&id).map(|&i| &b.touchpoints[i]), it.get(&id).map(|&i| &t.touchpoints[i])) {
                (Some(btp), Some(ttp)) => {
                    let merged = self.touchpoint(&name, btp, tp, ttp);
                    result.insert(id, merged);
                }
                (Some(btp), None) => {
                    // Deleted by theirs: gone, unless ours changed it.
                    if tp != btp {
                        self.touchpoint_conflict(&name, btp, Some(tp), None);
                        result.insert(id, tp.clone());
                    }
                }
                (None, Some(ttp)) => {
                    result.insert(id, tp.clone());
                    if ttp != tp {
                        let new = TouchpointId(self.next_id);
                        self.next_id = self.next_id.saturating_add(1);
                        remap.insert(id, new);
                        result.insert(new, Touchpoint { id: new, ..ttp.clone() });
                    }
                }
                (None, None) => {
                    result.insert(id, tp.clone());
                }
            }
        }
        for tp in &t.touchpoints {
            if io.contains_key(&tp.id) {
                continue;
            }
            match ib.get(&tp.id).map(|&i| &b.touchpoints[i]) {
                // Deleted by ours: gone, unless theirs changed it (then ours, deleted, stands).
                Some(btp) => {
                    if tp != btp {
                        self.touchpoint_conflict(&name, btp, None, Some(tp));
                    }
                }
                None => {
                    result.insert(tp.id, tp.clone());
                }
            }
        }
        let follow = |id: TouchpointId| remap.get(&id).copied().unwrap_or(id);
        let ids = |j: &Journey| j.touchpoints.iter().map(|t| t.id).collect::<Vec<_>>();
        let theirs_ids: Vec<TouchpointId> = t.touchpoints.iter().map(|tp| follow(tp.id)).collect();
        let order = merge_order(&ids(&b), &ids(&o), &theirs_ids, |id| result.contains_key(id));
        let touchpoints: Vec<Touchpoint> = order.iter().filter_map(|id| result.remove(id)).collect();
        // A lane one side removed stays while a touchpoint of the other side is still in it.
        for tp in &touchpoints {
            if !lane_list.contains(&tp.lane) {
                lane_list.push(tp.lane.clone());
            }
        }
        let exists: HashSet<TouchpointId> = touchpoints.iter().map(|t| t.id).collect();

        let theirs_links: Vec<Link> =
            t.links.iter().map(|l| Link { from: follow(l.from), to: follow(l.to) }).collect();
        let mut links = union(&b.links, &o.links, &theirs_links, |l| *l);
        links.retain(|l| l.from != l.to && exists.contains(&l.from) && exists.contains(&l.to));

        let theirs_threads: Vec<Thread> = t
            .threads
            .iter()
            .map(|th| match th.on {
                ThreadOn::Touchpoint(id) => Thread { on: ThreadOn::Touchpoint(follow(id)), ..th.clone() },
                _ => th.clone(),
            })
            .collect();
        let mut journey = Journey {
            name,
            persona,
            lanes: lane_list,
            touchpoints,
            links,
            proposals: Vec::new(),
            votes: Vec::new(),
            heard: Vec::new(),
            threads: threads(&b.threads, &o.threads, &theirs_threads),
        };
        self.room(&mut journey, &b, &o, &t, &follow, &exists, next_proposal);
        journey
    }

    /// One touchpoint on both sides: field by field, from the model's table.
    fn touchpoint(
        &mut self,
        journey: &str,
        base: &Touchpoint,
        ours: &Touchpoint,
        theirs: &Touchpoint,
    ) -> Touchpoint {
        if ours == theirs || theirs == base {
            return ours.clone();
        }
        if ours == base {
            return theirs.clone();
        }
        let mut merged = ours.clone();
        for field in Field::ALL {
            let (b, o, t) = (field.get(base), field.get(ours), field.get(theirs));
            match pick(&b, &o, &t) {
                Some(v) => {
                    // Same kind by construction: a field's value always fits it.
                    let _ = field.set(&mut merged, v.clone().into_owned());
                }
                None => self.conflicts.push(Conflict {
                    on: ConflictOn::Field { journey: journey.to_owned(), touchpoint: ours.id, field },
                    base: value_text(field, base),
                    ours: value_text(field, ours),
                    theirs: value_text(field, theirs),
                }),
            }
        }
        merged
    }

    fn touchpoint_conflict(
        &mut self,
        journey: &str,
        base: &Touchpoint,
        ours: Option<&Touchpoint>,
        theirs: Option<&Touchpoint>,
    ) {
        self.conflicts.push(Conflict {
            on: ConflictOn::Touchpoint { journey: journey.to_owned(), touchpoint: base.id },
            base: touchpoint_text(base),
            ours: ours.map(touchpoint_text).unwrap_or_default(),
            theirs: theirs.map(touchpoint_text).unwrap_or_default(),
        });
    }

    /// The room's data (DESIGN.md §15): proposals, votes and feeling answers, each the union by
    /// identity minus what either side removed; what both changed differently keeps ours (it is
    /// what participants sent, not a design decision, so it is not a conflict to choose).
    /// Theirs' touchpoint ids follow `follow`; whatever names a touchpoint that is gone goes.
    #[allow(clippy::too_many_arguments)]
    fn room(
        &mut self,
        journey: &mut Journey,
        b: &Journey,
        o: &Journey,
        t: &Journey,
        follow: &dyn Fn(TouchpointId) -> TouchpointId,
        exists: &HashSet<TouchpointId>,
        next_proposal: &mut u32,
    ) {
        // Proposals: by id; one id added on both sides with different content is two
        // proposals, theirs renumbered.
        let theirs_status = |p: &Proposal| match p.status {
            ProposalStatus::Accepted(id) => {
                Proposal { status: ProposalStatus::Accepted(follow(id)), ..p.clone() }
            }
            _ => p.clone(),
        };
        let bp: HashMap<u32, &Proposal> = b.proposals.iter().map(|p| (p.id, p)).collect();
        let op: HashMap<u32, &Proposal> = o.proposals.iter().map(|p| (p.id, p)).collect();
        let mut theirs_proposals: Vec<Proposal> = Vec::with_capacity(t.proposals.len());
        for p in &t.proposals {
            let p = theirs_status(p);
            match (bp.get(&p.id), op.get(&p.id)) {
                (None, Some(ours)) if **ours != p => {
                    *next_proposal = next_proposal.saturating_add(1);
                    theirs_proposals.push(Proposal { id: *next_proposal, ..p });
                }
                _ => theirs_proposals.push(p),
            }
        }
        let tp: HashMap<u32, &Proposal> = theirs_proposals.iter().map(|p| (p.id, p)).collect();
        let mut proposals = union(&b.proposals, &o.proposals, &theirs_proposals, |p| p.id);
        for p in &mut proposals {
            if let (Some(base), Some(ours), Some(theirs)) = (bp.get(&p.id), op.get(&p.id), tp.get(&p.id))
                && let Some(v) = pick(*base, *ours, *theirs)
            {
                *p = v.clone();
            }
            if let ProposalStatus::Accepted(id) = p.status
                && !exists.contains(&id)
            {
                p.status = ProposalStatus::Pending;
            }
        }

        // Votes: by id; their flags three ways, their dots counted (a dot added on one side
        // is added, one taken on one side is taken).
        let theirs_votes: Vec<Vote> = t
            .votes
            .iter()
            .map(|v| Vote {
                ballots: v
                    .ballots
                    .iter()
                    .map(|x| Ballot { touchpoint: follow(x.touchpoint), ..*x })
                    .collect(),
                ..v.clone()
            })
            .collect();
        let ov: HashMap<u32, &Vote> = o.votes.iter().map(|v| (v.id, v)).collect();
        let bv: HashMap<u32, &Vote> = b.votes.iter().map(|v| (v.id, v)).collect();
        let mut next_vote = o.votes.iter().chain(&t.votes).map(|v| v.id).max().unwrap_or(0);
        let mut renamed_votes = Vec::with_capacity(theirs_votes.len());
        for v in theirs_votes {
            match (bv.get(&v.id), ov.get(&v.id)) {
                (None, Some(ours)) if **ours != v => {
                    next_vote += 1;
                    renamed_votes.push(Vote { id: next_vote, ..v });
                }
                _ => renamed_votes.push(v),
            }
        }
        let tv: HashMap<u32, &Vote> = renamed_votes.iter().map(|v| (v.id, v)).collect();
        let mut votes = union(&b.votes, &o.votes, &renamed_votes, |v| v.id);
        let mut open_seen = false;
        for v in &mut votes {
            if let (Some(base), Some(ours), Some(theirs)) = (bv.get(&v.id), ov.get(&v.id), tv.get(&v.id)) {
                v.question =
                    pick(&base.question, &ours.question, &theirs.question).unwrap_or(&ours.question).clone();
                v.dots = *pick(&base.dots, &ours.dots, &theirs.dots).unwrap_or(&ours.dots);
                v.open = *pick(&base.open, &ours.open, &theirs.open).unwrap_or(&ours.open);
                v.revealed =
                    *pick(&base.revealed, &ours.revealed, &theirs.revealed).unwrap_or(&ours.revealed);
                v.ballots = ballots(&base.ballots, &ours.ballots, &theirs.ballots);
            }
            v.ballots.retain(|x| exists.contains(&x.touchpoint));
            let mut placed: HashMap<crate::model::Participant, u32> = HashMap::new();
            let dots = v.dots;
            v.ballots.retain(|x| {
                let n = placed.entry(x.from).or_default();
                *n += 1;
                *n <= dots
            });
            // One open vote a journey: the first stays open.
            if v.open && std::mem::replace(&mut open_seen, true) {
                v.open = false;
            }
        }

        // Feeling answers: by participant and touchpoint; the feeling three ways.
        let theirs_heard: Vec<Heard> =
            t.heard.iter().map(|h| Heard { touchpoint: follow(h.touchpoint), ..*h }).collect();
        let key = |h: &Heard| (h.from, h.touchpoint);
        let feelings = |list: &[Heard]| list.iter().map(|h| (key(h), h.feeling)).collect::<HashMap<_, _>>();
        let (bh, oh, th) = (feelings(&b.heard), feelings(&o.heard), feelings(&theirs_heard));
        let mut heard = union(&b.heard, &o.heard, &theirs_heard, key);
        for h in &mut heard {
            if let (Some(base), Some(ours), Some(theirs)) =
                (bh.get(&key(h)), oh.get(&key(h)), th.get(&key(h)))
            {
                h.feeling = *pick(base, ours, theirs).unwrap_or(ours);
            }
        }
        heard.retain(|h| exists.contains(&h.touchpoint));

        journey.proposals = proposals;
        journey.votes = votes;
        journey.heard = heard;
    }
}

/// A journey's review threads on both sides, by id: each side's additions; what one side
/// deleted goes unless the other side changed it; a thread on both sides merged by
/// [`thread`]. In the order of the side that changed the order, as [`merge_order`].
fn threads(base: &[Thread], ours: &[Thread], theirs: &[Thread]) -> Vec<Thread> {
    if let Some(same) = pick(base, ours, theirs) {
        return same.to_vec();
    }
    let (bt, ot, tt) = (threads_by_id(base), threads_by_id(ours), threads_by_id(theirs));
    let ids = |list: &[Thread]| list.iter().map(|t| t.id).collect::<Vec<u32>>();
    let keep = |id: &u32| match (bt.get(id), ot.get(id), tt.get(id)) {
        (_, None, None) => false,
        (None, _, _) | (Some(_), Some(_), Some(_)) => true,
        (Some(b), Some(side), None) | (Some(b), None, Some(side)) => side != b,
    };
    merge_order(&ids(base), &ids(ours), &ids(theirs), keep)
        .iter()
        .filter_map(|id| match (bt.get(id), ot.get(id), tt.get(id)) {
            (Some(b), Some(o), Some(t)) => thread(b, o, t),
            (None, Some(o), Some(t)) => {
                let empty = Thread { comments: Vec::new(), ..(*o).clone() };
                thread(&empty, o, t)
            }
            (_, Some(side), None) | (_, None, Some(side)) => Some((*side).clone()),
            (_, None, None) => None,
        })
        .collect()
}

fn threads_by_id(list: &[Thread]) -> HashMap<u32, &Thread> {
    list.iter().map(|t| (t.id, t)).collect()
}

/// A comment's identity: its author and time.
type CommentKey = (String, crate::model::Timestamp);

/// The texts of a thread's comments, by identity, in order.
fn texts(list: &[Comment]) -> HashMap<CommentKey, Vec<&str>> {
    let mut m: HashMap<CommentKey, Vec<&str>> = HashMap::new();
    for c in list {
        m.entry((c.by.clone(), c.at)).or_default().push(&c.text);
    }
    m
}

/// One thread on both sides: what it is on, `about` and resolved three ways (ours where both
/// changed one differently); its comments the union, in time order, a comment's text three
/// ways and, edited differently on both sides, both versions kept. `None` when no comment is
/// left (each side deleted the other's).
fn thread(base: &Thread, ours: &Thread, theirs: &Thread) -> Option<Thread> {
    if let Some(same) = pick(base, ours, theirs) {
        return Some(same.clone());
    }
    let on = *pick(&base.on, &ours.on, &theirs.on).unwrap_or(&ours.on);
    let about = pick(&base.about, &ours.about, &theirs.about).unwrap_or(&ours.about).clone();
    let resolved = *pick(&base.resolved, &ours.resolved, &theirs.resolved).unwrap_or(&ours.resolved);
    let comments = match pick(&base.comments, &ours.comments, &theirs.comments) {
        Some(same) => same.clone(),
        None => comments(&base.comments, &ours.comments, &theirs.comments),
    };
    (!comments.is_empty()).then_some(Thread { id: ours.id, on, about, resolved, comments })
}

/// A thread's comments on both sides: by author and time (a comment's identity), the union
/// minus what either side deleted, each text three ways, in time order.
fn comments(base: &[Comment], ours: &[Comment], theirs: &[Comment]) -> Vec<Comment> {
    let key = |c: &Comment| (c.by.clone(), c.at);
    let (bx, tx) = (texts(base), texts(theirs));
    let mut seen: HashMap<CommentKey, usize> = HashMap::new();
    let mut out = Vec::with_capacity(ours.len() + theirs.len());
    for c in union(base, ours, theirs, key) {
        let k = key(&c);
        let n = seen.entry(k.clone()).or_default();
        let (b, t) = (bx.get(&k).and_then(|v| v.get(*n)), tx.get(&k).and_then(|v| v.get(*n)));
        *n += 1;
        // `union` took ours' text where both sides have the comment.
        match (b, t) {
            (Some(b), Some(t)) if c.text == *b => out.push(Comment { text: (*t).to_owned(), ..c }),
            (_, Some(t)) if c.text != *t && b != Some(t) => {
                let theirs = Comment { text: (*t).to_owned(), ..c.clone() };
                out.push(c);
                out.push(theirs);
            }
            _ => out.push(c),
        }
    }
    out.sort_by_key(|c| c.at);
    out
}

/// A vote's dots on both sides: of each (participant, touchpoint), the count of the side that
/// changed it (the same change on both sides counted once), or when both did, ours plus what
/// theirs added minus what theirs took; ours' first in ours' order, then theirs' added.
fn ballots(base: &[Ballot], ours: &[Ballot], theirs: &[Ballot]) -> Vec<Ballot> {
    if let Some(same) = pick(base, ours, theirs) {
        return same.to_vec();
    }
    let count = |list: &[Ballot]| {
        let mut c: HashMap<Ballot, i64> = HashMap::new();
        for x in list {
            *c.entry(*x).or_default() += 1;
        }
        c
    };
    let (cb, co, ct) = (count(base), count(ours), count(theirs));
    let mut want: HashMap<Ballot, i64> = HashMap::new();
    for x in co.keys().chain(ct.keys()) {
        let (b, o, t) = (*cb.get(x).unwrap_or(&0), *co.get(x).unwrap_or(&0), *ct.get(x).unwrap_or(&0));
        let n = *pick(&b, &o, &t).unwrap_or(&(o + t - b));
        want.insert(*x, n.max(0));
    }
    // The order of the side that changed the dots, as in [`merge_order`].
    let (first, second) = if ours == base { (theirs, ours) } else { (ours, theirs) };
    let mut out = Vec::with_capacity(ours.len());
    for x in first.iter().chain(second) {
        if let Some(n) = want.get_mut(x)
            && *n > 0
        {
            *n -= 1;
            out.push(*x);
        }
    }
    out
}

/// How the lanes of one journey line up across the three versions: a lane renamed on one side
/// (the same place in a list of the same length, a name the base lacked) is renamed for the
/// other side's touchpoints too; renamed differently on both sides, ours' name stands.
struct Lanes {
    /// Base lane → its name in the merged journey.
    final_name: HashMap<String, String>,
    /// A name ours gave a lane → its merged name.
    ours: HashMap<String, String>,
    /// A name theirs gave a lane → its merged name.
    theirs: HashMap<String, String>,
}

fn renames(base: &[String], side: &[String]) -> HashMap<String, String> {
    if base.len() != side.len() {
        return HashMap::new();
    }
    base.iter()
        .zip(side)
        .filter(|(b, s)| b != s && !side.contains(b) && !base.contains(s))
        .map(|(b, s)| (b.clone(), s.clone()))
        .collect()
}

impl Lanes {
    fn new(base: &Journey, ours: &Journey, theirs: &Journey) -> Self {
        let (ro, rt) = (renames(&base.lanes, &ours.lanes), renames(&base.lanes, &theirs.lanes));
        let final_name: HashMap<String, String> = base
            .lanes
            .iter()
            .map(|l| (l.clone(), ro.get(l).or_else(|| rt.get(l)).unwrap_or(l).clone()))
            .collect();
        let side = |r: &HashMap<String, String>| -> HashMap<String, String> {
            r.iter().map(|(b, s)| (s.clone(), final_name.get(b).unwrap_or(s).clone())).collect()
        };
        Self { ours: side(&ro), theirs: side(&rt), final_name }
    }

    fn name_in(&self, own: &HashMap<String, String>, lane: &str) -> String {
        own.get(lane).or_else(|| self.final_name.get(lane)).map_or_else(|| lane.to_owned(), Clone::clone)
    }

    fn apply(&self, journey: &Journey, own: &HashMap<String, String>) -> Journey {
        if self.final_name.iter().all(|(a, b)| a == b) && own.iter().all(|(a, b)| a == b) {
            return journey.clone();
        }
        let mut j = journey.clone();
        for lane in &mut j.lanes {
            *lane = self.name_in(own, lane);
        }
        for tp in &mut j.touchpoints {
            tp.lane = self.name_in(own, &tp.lane);
        }
        j
    }

    fn base(&self, j: &Journey) -> Journey {
        self.apply(j, &HashMap::new())
    }

    fn ours(&self, j: &Journey) -> Journey {
        self.apply(j, &self.ours)
    }

    fn theirs(&self, j: &Journey) -> Journey {
        self.apply(j, &self.theirs)
    }

    /// Additions from both sides in order, removals applied; never none.
    fn merged(&self, base: &[String], ours: &[String], theirs: &[String]) -> Vec<String> {
        let mut lanes = union(base, ours, theirs, Clone::clone);
        if lanes.is_empty() {
            lanes = ours.to_vec();
        }
        lanes
    }
}
