//! The one path for change: every change a user makes is an [`Edit`] applied to the project by
//! [`Document::apply`]. Undo and redo, the unsaved marker and the live scores hang off it.
//!
//! An edit records what it changes *from*: [`apply`] refuses an edit whose `before` no longer
//! matches the project, so an edit built from an older state can never overwrite a newer one.
//! The edits a user's gestures and commands make are built in [`build`], from the project as it
//! is at that moment.
//!
//! Pure: no egui, no file system.

pub mod build;
pub mod resolve;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use crate::model::{Conflict, Journey, Link, Project, ProposalStatus, Touchpoint, Vote};
use crate::rules::{self, Broken};

/// A reversible change to a project.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Replace one touchpoint (found by id) with another version of it.
    Touchpoint {
        /// Journey index.
        journey: usize,
        /// The touchpoint as it was.
        before: Box<Touchpoint>,
        /// The touchpoint as it becomes (same id).
        after: Box<Touchpoint>,
    },
    /// Insert a touchpoint at an index of a journey's touchpoints.
    AddTouchpoint {
        /// Journey index.
        journey: usize,
        /// Where, in file order.
        index: usize,
        /// The new touchpoint.
        touchpoint: Box<Touchpoint>,
    },
    /// Remove the touchpoint at an index (the inverse of adding it back there).
    RemoveTouchpoint {
        /// Journey index.
        journey: usize,
        /// Its index in the journey's touchpoints.
        index: usize,
        /// The touchpoint, to restore it.
        touchpoint: Box<Touchpoint>,
    },
    /// Insert a link at an index.
    AddLink {
        /// Journey index.
        journey: usize,
        /// Index in the journey's links.
        index: usize,
        /// The link.
        link: Link,
    },
    /// Remove the link at an index.
    RemoveLink {
        /// Journey index.
        journey: usize,
        /// Index in the journey's links.
        index: usize,
        /// The link, to restore it.
        link: Link,
    },
    /// Insert a journey at an index.
    AddJourney {
        /// Where.
        index: usize,
        /// The journey.
        journey: Box<Journey>,
    },
    /// Remove the journey at an index.
    RemoveJourney {
        /// Where.
        index: usize,
        /// The journey, to restore it.
        journey: Box<Journey>,
    },
    /// Change a journey's name, persona or lanes.
    JourneyMeta {
        /// Journey index.
        journey: usize,
        /// As it was.
        before: JourneyMeta,
        /// As it becomes.
        after: JourneyMeta,
    },
    /// Rename the project.
    ProjectName {
        /// As it was.
        before: String,
        /// As it becomes.
        after: String,
    },
    /// The facilitator's decision about a room proposal (DESIGN.md §15), found by id: only its
    /// status changes, so undoing it never touches proposals that arrived since.
    Proposal {
        /// Journey index.
        journey: usize,
        /// The proposal's id.
        id: u32,
        /// Its status as it was.
        before: ProposalStatus,
        /// Its status as it becomes.
        after: ProposalStatus,
    },
    /// A dot vote opened (DESIGN.md §15); its inverse removes it while no dot is on it.
    AddVote {
        /// Journey index.
        journey: usize,
        /// The vote, with no ballots.
        vote: Box<Vote>,
    },
    /// Remove a vote that has no ballots (the inverse of opening it).
    RemoveVote {
        /// Journey index.
        journey: usize,
        /// The vote as it is, to restore it.
        vote: Box<Vote>,
    },
    /// A vote opened or closed, revealed or hidden, found by id: only those two flags change,
    /// so the dots that arrived meanwhile stay.
    VoteFlags {
        /// Journey index.
        journey: usize,
        /// The vote's id.
        id: u32,
        /// (open, revealed) as they were.
        before: (bool, bool),
        /// (open, revealed) as they become.
        after: (bool, bool),
    },
    /// A proposal's lane, found by id (a renamed lane takes the tray's proposals with it).
    ProposalLane {
        /// Journey index.
        journey: usize,
        /// The proposal's id.
        id: u32,
        /// The lane as it was.
        before: Option<String>,
        /// The lane as it becomes.
        after: Option<String>,
    },
    /// Take from a journey's room data what names a touchpoint about to be deleted (its dots
    /// and feeling answers; a proposal accepted as it goes back to the tray), exactly as
    /// recorded (DESIGN.md §15: undo brings both back).
    RoomDetach {
        /// Journey index.
        journey: usize,
        /// What is taken, with where it was.
        taken: crate::workshop::decide::Detached,
    },
    /// Put back what [`Edit::RoomDetach`] took (the touchpoint must be back first).
    RoomReattach {
        /// Journey index.
        journey: usize,
        /// What was taken.
        taken: crate::workshop::decide::Detached,
    },
    /// The project's merge conflicts (DESIGN.md §19) replaced: one resolved is one taken out.
    Conflicts {
        /// As they were.
        before: Vec<Conflict>,
        /// As they become.
        after: Vec<Conflict>,
    },
    /// A review thread begun, changed (a reply, resolved or reopened, a comment edited or
    /// deleted) or deleted, at its place in the journey's threads (DESIGN.md §18).
    Thread {
        /// Journey index.
        journey: usize,
        /// Its index in the journey's threads.
        index: usize,
        /// The thread as it was; `None` when it begins.
        before: Option<Box<crate::model::Thread>>,
        /// The thread as it becomes; `None` when it is deleted.
        after: Option<Box<crate::model::Thread>>,
    },
    /// Several edits as one undo step, applied in order.
    Batch(Vec<Edit>),
}

/// The parts of a journey that are not touchpoints or links.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JourneyMeta {
    /// Name.
    pub name: String,
    /// Persona line.
    pub persona: String,
    /// Lanes.
    pub lanes: Vec<String>,
}

impl JourneyMeta {
    /// The meta of a journey.
    pub fn of(journey: &Journey) -> Self {
        Self { name: journey.name.clone(), persona: journey.persona.clone(), lanes: journey.lanes.clone() }
    }
}

impl Edit {
    /// The edit that undoes this one.
    pub fn inverse(&self) -> Edit {
        match self {
            Edit::Touchpoint { journey, before, after } => {
                Edit::Touchpoint { journey: *journey, before: after.clone(), after: before.clone() }
            }
            Edit::AddTouchpoint { journey, index, touchpoint } => {
                Edit::RemoveTouchpoint { journey: *journey, index: *index, touchpoint: touchpoint.clone() }
            }
            Edit::RemoveTouchpoint { journey, index, touchpoint } => {
                Edit::AddTouchpoint { journey: *journey, index: *index, touchpoint: touchpoint.clone() }
            }
            Edit::AddLink { journey, index, link } => {
                Edit::RemoveLink { journey: *journey, index: *index, link: *link }
            }
            Edit::RemoveLink { journey, index, link } => {
                Edit::AddLink { journey: *journey, index: *index, link: *link }
            }
            Edit::AddJourney { index, journey } => {
                Edit::RemoveJourney { index: *index, journey: journey.clone() }
            }
            Edit::RemoveJourney { index, journey } => {
                Edit::AddJourney { index: *index, journey: journey.clone() }
            }
            Edit::JourneyMeta { journey, before, after } => {
                Edit::JourneyMeta { journey: *journey, before: after.clone(), after: before.clone() }
            }
            Edit::ProjectName { before, after } => {
                Edit::ProjectName { before: after.clone(), after: before.clone() }
            }
            Edit::Proposal { journey, id, before, after } => {
                Edit::Proposal { journey: *journey, id: *id, before: *after, after: *before }
            }
            Edit::ProposalLane { journey, id, before, after } => Edit::ProposalLane {
                journey: *journey,
                id: *id,
                before: after.clone(),
                after: before.clone(),
            },
            Edit::AddVote { journey, vote } => Edit::RemoveVote { journey: *journey, vote: vote.clone() },
            Edit::RoomDetach { journey, taken } => {
                Edit::RoomReattach { journey: *journey, taken: taken.clone() }
            }
            Edit::RoomReattach { journey, taken } => {
                Edit::RoomDetach { journey: *journey, taken: taken.clone() }
            }
            Edit::RemoveVote { journey, vote } => Edit::AddVote { journey: *journey, vote: vote.clone() },
            Edit::VoteFlags { journey, id, before, after } => {
                Edit::VoteFlags { journey: *journey, id: *id, before: *after, after: *before }
            }
            Edit::Conflicts { before, after } => {
                Edit::Conflicts { before: after.clone(), after: before.clone() }
            }
            Edit::Thread { journey, index, before, after } => Edit::Thread {
                journey: *journey,
                index: *index,
                before: after.clone(),
                after: before.clone(),
            },
            Edit::Batch(edits) => Edit::Batch(edits.iter().rev().map(Edit::inverse).collect()),
        }
    }
}

/// Why an edit could not be applied. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// It does not fit the project as it is now: it was built from an older state, or undoes
    /// something already changed.
    #[error("that change no longer fits the project; nothing was changed")]
    Stale,
    /// It would break one of the rules every project obeys ([`crate::rules`]): a file saved
    /// with it would not open.
    #[error("{0}; nothing was changed")]
    Breaks(Broken),
}

/// An edit built from an older state (the inner checks of [`apply`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stale;

impl From<Stale> for Refused {
    fn from(_: Stale) -> Self {
        Refused::Stale
    }
}

fn journey_mut(project: &mut Project, j: usize) -> Result<&mut Journey, Stale> {
    project.journeys.get_mut(j).ok_or(Stale)
}

fn check(ok: bool) -> Result<(), Stale> {
    if ok { Ok(()) } else { Err(Stale) }
}

/// Applies an edit, all or nothing. It is refused when what it changes from is not what the
/// project holds ([`Refused::Stale`]), or when the project after it would break a rule that
/// the reader enforces ([`Refused::Breaks`]): the same rules, from [`crate::rules`], so no
/// edit can make a project that Rapport would then refuse to open.
pub fn apply(project: &mut Project, edit: &Edit) -> Result<(), Refused> {
    apply_unchecked(project, edit)?;
    if let Err(broken) = check_after(project, edit) {
        // Undoing what was just applied always fits.
        let _ = apply_unchecked(project, &edit.inverse());
        return Err(Refused::Breaks(broken));
    }
    Ok(())
}

/// The rules an edit could have broken: the project's names, and each journey it touched (all
/// of them when journeys came or went, since indices moved).
fn check_after(project: &Project, edit: &Edit) -> Result<(), Broken> {
    rules::check_names(project)?;
    let mut touched = BTreeSet::new();
    if edit.touches(&mut touched) {
        project.journeys.iter().try_for_each(rules::check_journey)
    } else {
        touched.into_iter().filter_map(|j| project.journeys.get(j)).try_for_each(rules::check_journey)
    }
}

impl Edit {
    /// Collects the journeys this edit changes; true when it adds or removes a journey.
    fn touches(&self, journeys: &mut BTreeSet<usize>) -> bool {
        match self {
            Edit::Touchpoint { journey, .. }
            | Edit::AddTouchpoint { journey, .. }
            | Edit::RemoveTouchpoint { journey, .. }
            | Edit::AddLink { journey, .. }
            | Edit::RemoveLink { journey, .. }
            | Edit::JourneyMeta { journey, .. }
            | Edit::Proposal { journey, .. }
            | Edit::ProposalLane { journey, .. }
            | Edit::Thread { journey, .. }
            | Edit::AddVote { journey, .. }
            | Edit::RemoveVote { journey, .. }
            | Edit::VoteFlags { journey, .. }
            | Edit::RoomDetach { journey, .. }
            | Edit::RoomReattach { journey, .. } => {
                journeys.insert(*journey);
                false
            }
            Edit::AddJourney { .. } | Edit::RemoveJourney { .. } => true,
            Edit::ProjectName { .. } | Edit::Conflicts { .. } => false,
            Edit::Batch(edits) => edits.iter().fold(false, |moved, e| e.touches(journeys) | moved),
        }
    }
}

/// Applies an edit without the rules, or refuses it when what it changes from is not what the
/// project holds; a batch is applied all or nothing.
fn apply_unchecked(project: &mut Project, edit: &Edit) -> Result<(), Stale> {
    match edit {
        Edit::Touchpoint { journey, before, after } => {
            check(before.id == after.id)?;
            let tp = journey_mut(project, *journey)?.touchpoint_mut(before.id).ok_or(Stale)?;
            check(*tp == **before)?;
            *tp = (**after).clone();
        }
        Edit::AddTouchpoint { journey, index, touchpoint } => {
            let j = journey_mut(project, *journey)?;
            check(*index <= j.touchpoints.len() && j.touchpoint(touchpoint.id).is_none())?;
            j.touchpoints.insert(*index, (**touchpoint).clone());
        }
        Edit::RemoveTouchpoint { journey, index, touchpoint } => {
            let j = journey_mut(project, *journey)?;
            check(j.touchpoints.get(*index) == Some(&**touchpoint))?;
            // A link must not be left naming a touchpoint that is gone.
            check(!j.links.iter().any(|l| l.from == touchpoint.id || l.to == touchpoint.id))?;
            j.touchpoints.remove(*index);
        }
        Edit::AddLink { journey, index, link } => {
            let j = journey_mut(project, *journey)?;
            let ends = j.touchpoint(link.from).is_some() && j.touchpoint(link.to).is_some();
            check(*index <= j.links.len() && ends)?;
            j.links.insert(*index, *link);
        }
        Edit::RemoveLink { journey, index, link } => {
            let j = journey_mut(project, *journey)?;
            check(j.links.get(*index) == Some(link))?;
            j.links.remove(*index);
        }
        Edit::AddJourney { index, journey } => {
            check(*index <= project.journeys.len())?;
            project.journeys.insert(*index, (**journey).clone());
        }
        Edit::RemoveJourney { index, journey } => {
            check(project.journeys.get(*index) == Some(&**journey) && project.journeys.len() > 1)?;
            project.journeys.remove(*index);
        }
        Edit::JourneyMeta { journey, before, after } => {
            let j = journey_mut(project, *journey)?;
            check(JourneyMeta::of(j) == *before)?;
            j.name.clone_from(&after.name);
            j.persona.clone_from(&after.persona);
            j.lanes.clone_from(&after.lanes);
        }
        Edit::ProjectName { before, after } => {
            check(project.name == *before)?;
            project.name.clone_from(after);
        }
        Edit::Proposal { journey, id, before, after } => {
            let j = journey_mut(project, *journey)?;
            let p = j.proposals.iter_mut().find(|p| p.id == *id).ok_or(Stale)?;
            check(p.status == *before)?;
            p.status = *after;
        }
        Edit::ProposalLane { journey, id, before, after } => {
            let j = journey_mut(project, *journey)?;
            let p = j.proposals.iter_mut().find(|p| p.id == *id).ok_or(Stale)?;
            check(p.lane == *before)?;
            p.lane.clone_from(after);
        }
        Edit::AddVote { journey, vote } => {
            let j = journey_mut(project, *journey)?;
            check(vote.ballots.is_empty() && !j.votes.iter().any(|v| v.id == vote.id))?;
            j.votes.push((**vote).clone());
        }
        Edit::RemoveVote { journey, vote } => {
            let j = journey_mut(project, *journey)?;
            let at = j.votes.iter().position(|v| v.id == vote.id).ok_or(Stale)?;
            // Dots placed since are the participants': a vote that has them is not taken back.
            check(j.votes[at].ballots.is_empty() && j.votes[at] == **vote)?;
            j.votes.remove(at);
        }
        Edit::RoomDetach { journey, taken } => {
            let j = journey_mut(project, *journey)?;
            let id = taken.touchpoint.ok_or(Stale)?;
            let got = crate::workshop::decide::detach(j, id);
            if got != *taken {
                // Not what was recorded (more dots came since): put it back, change nothing.
                crate::workshop::decide::reattach(j, &got);
                return Err(Stale);
            }
        }
        Edit::RoomReattach { journey, taken } => {
            let j = journey_mut(project, *journey)?;
            check(taken.touchpoint.is_some_and(|id| j.touchpoint(id).is_some()))?;
            crate::workshop::decide::reattach(j, taken);
        }
        Edit::Thread { journey, index, before, after } => {
            let j = journey_mut(project, *journey)?;
            match (before, after) {
                (None, Some(t)) => {
                    check(*index <= j.threads.len() && !j.threads.iter().any(|x| x.id == t.id))?;
                    j.threads.insert(*index, (**t).clone());
                }
                (Some(b), after) => {
                    check(j.threads.get(*index) == Some(&**b))?;
                    match after {
                        Some(t) => j.threads[*index] = (**t).clone(),
                        None => drop(j.threads.remove(*index)),
                    }
                }
                (None, None) => {}
            }
        }
        Edit::VoteFlags { journey, id, before, after } => {
            let j = journey_mut(project, *journey)?;
            let v = j.votes.iter_mut().find(|v| v.id == *id).ok_or(Stale)?;
            check((v.open, v.revealed) == *before)?;
            (v.open, v.revealed) = *after;
        }
        Edit::Conflicts { before, after } => {
            check(project.conflicts == *before)?;
            project.conflicts.clone_from(after);
        }
        Edit::Batch(edits) => {
            // All or nothing: a failing step undoes the steps before it.
            for (done, e) in edits.iter().enumerate() {
                if apply_unchecked(project, e).is_err() {
                    for undo in edits[..done].iter().rev() {
                        let _ = apply_unchecked(project, &undo.inverse());
                    }
                    return Err(Stale);
                }
            }
        }
    }
    Ok(())
}

/// What groups consecutive edits into one undo step while a gesture goes on (typing in one
/// field of one touchpoint).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coalesce(pub String);

struct Step {
    edit: Edit,
    coalesce: Option<Coalesce>,
    revision: u64,
}

/// A project being edited: the project, its file, and its history. The project is private:
/// the only way to change it is [`Document::apply`], [`Document::undo`] or [`Document::redo`].
pub struct Document {
    project: Project,
    /// Where it was last opened from or saved to.
    pub path: Option<PathBuf>,
    undo: Vec<Step>,
    redo: Vec<Step>,
    next_revision: u64,
    revision: u64,
    /// The revision the project had before the oldest undo step kept: what undoing every kept
    /// step gives back. Steps dropped beyond [`MAX_UNDO`] raise it, so a project undone past
    /// the limit is never taken for the one it was opened as.
    floor_revision: u64,
    /// What the file holds (as of the last open or save), and the revision that was; `None`
    /// when the project was never saved or was restored from a recovery file.
    saved: Option<(u64, Arc<Project>)>,
    dirty: bool,
    sealed: bool,
    /// How many changes came from outside the history (the room's arrivals). They are never
    /// undone, so together with the step revision they identify what the project holds.
    outside: u64,
}

/// Where the count of changes from outside the history sits in [`Document::revision`].
const OUTSIDE_SHIFT: u32 = 40;

/// Undo steps kept; the oldest are dropped beyond this.
pub const MAX_UNDO: usize = 500;

impl Document {
    /// A document for a project; `path` is where it lives on disk, if anywhere. It is clean: the
    /// project is what the file holds (or a new project nobody has changed yet).
    pub fn new(project: Project, path: Option<PathBuf>) -> Self {
        let saved = Some((0, Arc::new(project.clone())));
        Self {
            project,
            path,
            undo: Vec::new(),
            redo: Vec::new(),
            next_revision: 1,
            revision: 0,
            floor_revision: 0,
            saved,
            dirty: false,
            sealed: true,
            outside: 0,
        }
    }

    /// A document restored from a recovery file: it holds work that was never saved to `path`.
    pub fn restored(project: Project, path: Option<PathBuf>) -> Self {
        Self { saved: None, dirty: true, ..Self::new(project, path) }
    }

    /// The project as it is now.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// Applies an edit as a new undo step, or merges it into the last step when both carry
    /// the same coalesce key and the gesture has not been sealed since.
    pub fn apply(&mut self, edit: Edit, coalesce: Option<Coalesce>) -> Result<(), Refused> {
        apply(&mut self.project, &edit)?;
        self.redo.clear();
        let revision = self.next_revision;
        self.next_revision += 1;
        let merge =
            !self.sealed && coalesce.is_some() && self.undo.last().is_some_and(|s| s.coalesce == coalesce);
        if let (true, Some(last)) = (merge, self.undo.last_mut()) {
            last.edit = merge_edits(&last.edit, edit);
            last.revision = revision;
        } else {
            self.undo.push(Step { edit, coalesce: coalesce.clone(), revision });
            if self.undo.len() > MAX_UNDO {
                let dropped = self.undo.remove(0);
                self.floor_revision = dropped.revision;
            }
        }
        self.sealed = coalesce.is_none();
        self.changed(revision);
        Ok(())
    }

    /// Ends the current gesture: the next edit starts a new undo step.
    pub fn seal(&mut self) {
        self.sealed = true;
    }

    /// Undoes the last step: `Ok(false)` when there is nothing to undo. A step that cannot be
    /// undone stays where it was.
    pub fn undo(&mut self) -> Result<bool, Refused> {
        self.seal();
        let Some(step) = self.undo.pop() else { return Ok(false) };
        if let Err(e) = apply(&mut self.project, &step.edit.inverse()) {
            self.undo.push(step);
            return Err(e);
        }
        let revision = self.undo.last().map_or(self.floor_revision, |s| s.revision);
        self.redo.push(step);
        self.changed(revision);
        Ok(true)
    }

    /// Redoes the last undone step: `Ok(false)` when there is nothing to redo. A step that
    /// cannot be redone stays where it was.
    pub fn redo(&mut self) -> Result<bool, Refused> {
        self.seal();
        let Some(step) = self.redo.pop() else { return Ok(false) };
        if let Err(e) = apply(&mut self.project, &step.edit) {
            self.redo.push(step);
            return Err(e);
        }
        let revision = step.revision;
        self.undo.push(step);
        self.changed(revision);
        Ok(true)
    }

    /// Changes the project outside the undo history (what participants sent from the room:
    /// nobody undoes it): `change` says whether it changed anything. The project gets a new
    /// revision and the unsaved marker follows; undo and redo keep working around it.
    pub fn apply_outside_history(&mut self, change: impl FnOnce(&mut Project) -> bool) -> bool {
        if !change(&mut self.project) {
            return false;
        }
        self.outside += 1;
        self.changed(self.revision);
        true
    }

    /// The project now has this revision: the unsaved marker follows what it holds.
    fn changed(&mut self, revision: u64) {
        self.revision = revision;
        let now = self.revision();
        self.dirty = match &self.saved {
            Some((saved_revision, _)) if *saved_revision == now => false,
            // What arrived from the room since the save is never undone, so the project holds
            // something its file lacks: unsaved, without comparing the whole project (an
            // arrival must cost the UI thread next to nothing, DESIGN.md §15).
            Some((saved_revision, _)) if saved_revision >> OUTSIDE_SHIFT != self.outside => true,
            // Another revision may still hold what the file holds (an edit undone by hand,
            // a value set back): compare the projects themselves.
            Some((_, saved)) => **saved != self.project,
            None => true,
        };
    }

    /// Something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// How many of the project's proposals the saved copy does not have (all of them when it
    /// was never saved): what a room sent since the last save.
    pub fn unsaved_proposals(&self) -> usize {
        let count = |p: &Project| p.journeys.iter().map(|j| j.proposals.len()).sum::<usize>();
        match &self.saved {
            None => count(&self.project),
            Some((_, saved)) => self
                .project
                .journeys
                .iter()
                .map(|j| {
                    let before: std::collections::HashSet<u32> = saved
                        .journeys
                        .iter()
                        .find(|s| s.name == j.name)
                        .map(|s| s.proposals.iter().map(|q| q.id).collect())
                        .unwrap_or_default();
                    j.proposals.iter().filter(|p| !before.contains(&p.id)).count()
                })
                .sum(),
        }
    }

    /// The project differs from what its file holds (or was never saved): follows every edit,
    /// undo and redo, past the undo limit too.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Identifies the project's content: equal revisions mean equal projects. (The step's
    /// revision, with the count of changes made outside the history in the high bits.)
    pub fn revision(&self) -> u64 {
        self.revision | (self.outside << OUTSIDE_SHIFT)
    }

    /// The project as it is now, to write on another thread, with its revision.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot { revision: self.revision(), project: Arc::new(self.project.clone()) }
    }

    /// Records that the project as it is now is on disk at `path`. History is kept.
    pub fn mark_saved(&mut self, path: PathBuf) {
        let snapshot = self.snapshot();
        self.saved_as(path, snapshot);
    }

    /// Records that `snapshot` is on disk at `path` (a save made on another thread while the
    /// project may have moved on): the unsaved marker then says whether it has. History is kept.
    pub fn saved_as(&mut self, path: PathBuf, snapshot: Snapshot) {
        self.path = Some(path);
        self.saved = Some((snapshot.revision, snapshot.project));
        self.seal();
        self.changed(self.revision);
    }
}

/// A copy of the project at one revision, cheap to share with another thread.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// The revision it was taken at.
    pub revision: u64,
    /// The project then.
    pub project: Arc<Project>,
}

/// The edit that has the effect of `first` then `second` (for coalescing typing).
fn merge_edits(first: &Edit, second: Edit) -> Edit {
    match (first, second) {
        (Edit::Touchpoint { journey, before, .. }, Edit::Touchpoint { after, .. }) => {
            Edit::Touchpoint { journey: *journey, before: before.clone(), after }
        }
        (Edit::JourneyMeta { journey, before, .. }, Edit::JourneyMeta { after, .. }) => {
            Edit::JourneyMeta { journey: *journey, before: before.clone(), after }
        }
        (Edit::ProjectName { before, .. }, Edit::ProjectName { after, .. }) => {
            Edit::ProjectName { before: before.clone(), after }
        }
        (first, second) => Edit::Batch(vec![first.clone(), second]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Phase, TouchpointId};

    fn project() -> Project {
        let mut p = Project::new("P");
        p.journeys[0].touchpoints.push(Touchpoint::new(
            TouchpointId(1),
            "One",
            Phase::EarlyDays,
            0,
            "Customer",
        ));
        p
    }

    fn retitle(doc: &Document, title: &str) -> Edit {
        let before = doc.project().journeys[0].touchpoints[0].clone();
        let mut after = before.clone();
        after.title = title.to_owned();
        Edit::Touchpoint { journey: 0, before: Box::new(before), after: Box::new(after) }
    }

    #[test]
    fn an_undo_that_no_longer_fits_keeps_its_step_and_changes_nothing() {
        let mut doc = Document::new(project(), None);
        doc.apply(retitle(&doc, "Two"), None).expect("applies");
        // Something outside the history changed the touchpoint (only possible from inside this
        // module): the undo must refuse rather than overwrite it.
        doc.project.journeys[0].touchpoints[0].title = "Three".to_owned();
        let now = doc.project().clone();
        assert_eq!(doc.undo(), Err(Refused::Stale));
        assert_eq!(*doc.project(), now);
        assert!(doc.can_undo(), "the step is kept");
        assert!(!doc.can_redo());
        doc.project.journeys[0].touchpoints[0].title = "Two".to_owned();
        assert_eq!(doc.undo(), Ok(true));
        assert_eq!(doc.project().journeys[0].touchpoints[0].title, "One");
    }

    #[test]
    fn a_redo_that_no_longer_fits_keeps_its_step() {
        let mut doc = Document::new(project(), None);
        doc.apply(retitle(&doc, "Two"), None).expect("applies");
        assert_eq!(doc.undo(), Ok(true));
        doc.project.journeys[0].touchpoints[0].title = "Elsewhere".to_owned();
        assert_eq!(doc.redo(), Err(Refused::Stale));
        assert!(doc.can_redo());
    }
}
