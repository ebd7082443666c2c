//! The edits behind the workbench's gestures and commands, built from the project as it is at
//! that moment: set an exchange, delete, duplicate, link, add a touchpoint (with the day rule of
//! DESIGN.md §8), move cards between lanes and phases, rename a lane with its touchpoints, make a
//! to-be from an as-is. Each returns one [`Edit`] (one undo step), or `None` when nothing would
//! change.

use std::collections::BTreeSet;

use super::{Edit, JourneyMeta};
use crate::model::{Exchange, Journey, Link, Phase, Project, Strength, Touchpoint, TouchpointId};

/// The edit that changes every touchpoint in `ids` with `change`, as one step.
pub fn change_touchpoints(
    journey_index: usize,
    journey: &Journey,
    ids: &BTreeSet<TouchpointId>,
    change: impl Fn(&mut Touchpoint),
) -> Option<Edit> {
    let edits: Vec<Edit> = journey
        .touchpoints
        .iter()
        .filter(|t| ids.contains(&t.id))
        .filter_map(|before| {
            let mut after = before.clone();
            change(&mut after);
            (after != *before).then(|| Edit::Touchpoint {
                journey: journey_index,
                before: Box::new(before.clone()),
                after: Box::new(after),
            })
        })
        .collect();
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

/// Gives the touchpoints another kind of exchange (`Exchange::OrgGives` …), keeping each one's
/// strength (a neutral one gets strength 1).
pub fn set_exchange_kind(
    journey_index: usize,
    journey: &Journey,
    ids: &BTreeSet<TouchpointId>,
    kind: fn(Strength) -> Exchange,
) -> Option<Edit> {
    change_touchpoints(journey_index, journey, ids, |t| t.exchange = kind(t.exchange.strength().max(1)))
}

/// Sets the strength of the touchpoints' exchanges (neutral ones stay neutral).
pub fn set_strength(
    journey_index: usize,
    journey: &Journey,
    ids: &BTreeSet<TouchpointId>,
    strength: Strength,
) -> Option<Edit> {
    change_touchpoints(journey_index, journey, ids, |t| t.exchange = t.exchange.with_strength(strength))
}

/// The edit that deletes some touchpoints and every link touching them, as one step.
pub fn delete_touchpoints(journey_index: usize, journey: &Journey, ids: &[TouchpointId]) -> Option<Edit> {
    let mut edits = Vec::new();
    // Remove from the back so each recorded index is right when applied in order.
    for (index, link) in journey.links.iter().enumerate().rev() {
        if ids.contains(&link.from) || ids.contains(&link.to) {
            edits.push(Edit::RemoveLink { journey: journey_index, index, link: *link });
        }
    }
    // What the room said about a deleted card goes with it (its dots and feeling answers; a
    // proposal accepted as it goes back to the tray), and undo brings it all back. Worked out
    // on a copy of the room data alone, one card after another, as the edits will apply.
    let mut room = Journey {
        proposals: journey.proposals.clone(),
        votes: journey.votes.clone(),
        heard: journey.heard.clone(),
        ..Journey::new("")
    };
    for tp in &journey.touchpoints {
        if ids.contains(&tp.id) {
            let taken = crate::room::decide::detach(&mut room, tp.id);
            if !taken.is_empty() {
                edits.push(Edit::RoomDetach { journey: journey_index, taken });
            }
        }
    }
    for (index, tp) in journey.touchpoints.iter().enumerate().rev() {
        if ids.contains(&tp.id) {
            edits.push(Edit::RemoveTouchpoint {
                journey: journey_index,
                index,
                touchpoint: Box::new(tp.clone()),
            });
        }
    }
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

/// Copies of the touchpoints, each right after its original (same lane, phase and day, title
/// marked "(copy)", a new id of the project), as one step; with the new ids.
pub fn duplicate_touchpoints(
    project: &Project,
    journey_index: usize,
    ids: &BTreeSet<TouchpointId>,
) -> Option<(Edit, Vec<TouchpointId>)> {
    let journey = project.journeys.get(journey_index)?;
    let mut next = project.next_touchpoint_id();
    let mut edits = Vec::new();
    let mut new_ids = Vec::new();
    let mut inserted = 0;
    for (index, tp) in journey.touchpoints.iter().enumerate() {
        if !ids.contains(&tp.id) {
            continue;
        }
        let mut copy = tp.clone();
        copy.id = next;
        copy.title = format!("{} (copy)", tp.title);
        new_ids.push(next);
        next = TouchpointId(next.0.saturating_add(1));
        inserted += 1;
        // Each earlier copy has shifted this original one place on.
        edits.push(Edit::AddTouchpoint {
            journey: journey_index,
            index: index + inserted,
            touchpoint: Box::new(copy),
        });
    }
    (!edits.is_empty()).then_some((Edit::Batch(edits), new_ids))
}

/// Arrows between the touchpoints in `ids`, each to the next in time; links that already exist
/// are left alone.
pub fn link_in_time_order(
    journey_index: usize,
    journey: &Journey,
    ids: &BTreeSet<TouchpointId>,
) -> Option<Edit> {
    let chosen: Vec<TouchpointId> = journey
        .timeline()
        .into_iter()
        .map(|i| journey.touchpoints[i].id)
        .filter(|id| ids.contains(id))
        .collect();
    let mut index = journey.links.len();
    let mut edits = Vec::new();
    for pair in chosen.windows(2) {
        let link = Link { from: pair[0], to: pair[1] };
        if !journey.links.contains(&link) {
            edits.push(Edit::AddLink { journey: journey_index, index, link });
            index += 1;
        }
    }
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

/// An arrow from one touchpoint to another, unless it exists or would point at itself.
pub fn link(journey_index: usize, journey: &Journey, from: TouchpointId, to: TouchpointId) -> Option<Edit> {
    let link = Link { from, to };
    (from != to && !journey.links.contains(&link)).then_some(Edit::AddLink {
        journey: journey_index,
        index: journey.links.len(),
        link,
    })
}

/// Where a new or moved touchpoint goes in time, relative to the cards already there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// Right after this touchpoint.
    After(TouchpointId),
    /// Right before this touchpoint.
    Before(TouchpointId),
    /// In a phase with no touchpoints yet.
    EmptyPhase,
}

/// Days after the card before it that a new touchpoint gets, by phase (DESIGN.md §8).
pub const DAY_STEP: [u32; 3] = [7, 3, 30];
/// The day a phase starts at when it has no touchpoints yet (DESIGN.md §8).
pub const PHASE_START: [u32; 3] = [0, 60, 150];

/// The day a new touchpoint in `phase` gets so the timeline stays plausible without anyone
/// typing a day (DESIGN.md §8). Touchpoints in `moving` are left out (a card being dragged).
///
/// - In an empty phase: Early days at day 0, First disagreement at 60, Long term at 150, or
///   7 days after the latest card of an earlier phase, if that is later.
/// - After a card: its day + 7 (Early days), + 3 (First disagreement) or + 30 (Long term), but
///   never after the next card in time: then the midpoint, rounded down.
/// - Before a card: the midpoint between the card before it in time and that card when both
///   are in the phase; before the phase's first card, that card's day (a tie placed before it).
pub fn new_day(journey: &Journey, phase: Phase, placement: Placement, moving: &[TouchpointId]) -> u32 {
    let timeline: Vec<&Touchpoint> = journey
        .timeline()
        .into_iter()
        .map(|i| &journey.touchpoints[i])
        .filter(|t| !moving.contains(&t.id))
        .collect();
    let position = |id: TouchpointId| timeline.iter().position(|t| t.id == id);
    let midpoint = |a: u32, b: u32| ((u64::from(a) + u64::from(b)) / 2) as u32;
    let anchor = match placement {
        Placement::After(id) | Placement::Before(id) => position(id),
        Placement::EmptyPhase => None,
    };
    match (placement, anchor) {
        (Placement::After(_), Some(i)) => {
            let day = timeline[i].day.saturating_add(DAY_STEP[phase.index()]);
            match timeline.get(i + 1) {
                Some(next) if day > next.day => midpoint(timeline[i].day, next.day),
                _ => day,
            }
        }
        // Between two cards of the phase: the midpoint. Before the first card of the phase
        // (nothing earlier, or only cards of earlier phases), the card's own day: a tie placed
        // before it, never a day that reads as an earlier phase.
        (Placement::Before(_), Some(i)) => match i.checked_sub(1) {
            Some(p) if timeline[p].phase == phase => midpoint(timeline[p].day, timeline[i].day),
            _ => timeline[i].day,
        },
        _ => {
            let start = PHASE_START[phase.index()];
            let earlier = timeline.iter().filter(|t| t.phase < phase).map(|t| t.day).max();
            earlier.map_or(start, |d| start.max(d.saturating_add(7)))
        }
    }
}

/// Where in file order a new touchpoint goes so that, on a tie of days, it lands where it was
/// placed: right after the card it follows, right before the card it precedes, else at the end.
fn insertion_index(journey: &Journey, placement: Placement) -> usize {
    let index_of = |id| journey.touchpoints.iter().position(|t| t.id == id);
    match placement {
        Placement::After(id) => index_of(id).map_or(journey.touchpoints.len(), |i| i + 1),
        Placement::Before(id) => index_of(id).unwrap_or(journey.touchpoints.len()),
        Placement::EmptyPhase => journey.touchpoints.len(),
    }
}

/// What a new touchpoint is: its title, lane (by index) and phase, and where it goes in time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewTouchpoint {
    /// Its title.
    pub title: String,
    /// Lane index.
    pub lane: usize,
    /// Phase.
    pub phase: Phase,
    /// Where it goes in time.
    pub placement: Placement,
}

/// Adds a touchpoint with a new id (one more than the largest in the project, DESIGN.md §13)
/// and the day of [`new_day`]; with its id. `None` when there is no such journey.
pub fn add_touchpoint(
    project: &Project,
    journey_index: usize,
    new: &NewTouchpoint,
) -> Option<(Edit, TouchpointId)> {
    let journey = project.journeys.get(journey_index)?;
    let id = project.next_touchpoint_id();
    let lane = journey.lanes.get(new.lane).cloned().unwrap_or_else(|| journey.first_lane().to_owned());
    let day = new_day(journey, new.phase, new.placement, &[]);
    let tp = Touchpoint::new(id, new.title.clone(), new.phase, day, lane);
    let index = insertion_index(journey, new.placement);
    Some((Edit::AddTouchpoint { journey: journey_index, index, touchpoint: Box::new(tp) }, id))
}

/// Where one touchpoint moves to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    /// Which.
    pub id: TouchpointId,
    /// Lane index.
    pub lane: usize,
    /// Phase.
    pub phase: Phase,
    /// Day.
    pub day: u32,
}

/// Moves touchpoints to other lanes, phases and days, as one step.
pub fn move_touchpoints(journey_index: usize, journey: &Journey, moves: &[Move]) -> Option<Edit> {
    let edits: Vec<Edit> = moves
        .iter()
        .filter_map(|m| {
            let before = journey.touchpoint(m.id)?;
            let mut after = before.clone();
            after.lane.clone_from(journey.lanes.get(m.lane)?);
            after.phase = m.phase;
            after.day = m.day;
            (after != *before).then(|| Edit::Touchpoint {
                journey: journey_index,
                before: Box::new(before.clone()),
                after: Box::new(after),
            })
        })
        .collect();
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

/// Moves the touchpoints to the lane `delta` rows above (negative) or below, as one step; cards
/// already in the first or last lane stay there.
pub fn move_to_lane(
    journey_index: usize,
    journey: &Journey,
    ids: &BTreeSet<TouchpointId>,
    delta: isize,
) -> Option<Edit> {
    let last = journey.lanes.len().checked_sub(1)? as isize;
    change_touchpoints(journey_index, journey, ids, |t| {
        let lane = journey.lanes.iter().position(|l| *l == t.lane).unwrap_or(0) as isize;
        t.lane.clone_from(&journey.lanes[(lane + delta).clamp(0, last) as usize]);
    })
}

/// Moves the touchpoints to the phase before (`delta` −1) or after (+1), same lane, as one step;
/// cards already in the first or last phase stay. Moved back, a card goes to the end of the
/// earlier phase (§8's day rule after its last card); moved on, to the start of the later phase
/// (just before its first card in time, or the phase's start day when it is empty).
pub fn move_to_phase(
    journey_index: usize,
    journey: &Journey,
    ids: &BTreeSet<TouchpointId>,
    delta: isize,
) -> Option<Edit> {
    let moving: Vec<TouchpointId> = ids.iter().copied().collect();
    let stays: Vec<&Touchpoint> = journey
        .timeline()
        .into_iter()
        .map(|i| &journey.touchpoints[i])
        .filter(|t| !ids.contains(&t.id))
        .collect();
    let day_in = |phase: Phase| -> u32 {
        let in_phase = || stays.iter().filter(|t| t.phase == phase);
        if delta < 0 {
            match in_phase().next_back() {
                Some(last) => new_day(journey, phase, Placement::After(last.id), &moving),
                None => new_day(journey, phase, Placement::EmptyPhase, &moving),
            }
        } else {
            match in_phase().next() {
                // A day before the phase's first card (after the card before it in time), so
                // the moved card reads first there.
                Some(first) => {
                    let before = stays.iter().take_while(|t| t.id != first.id).last().map(|t| t.day);
                    first.day.saturating_sub(1).max(before.unwrap_or(0)).min(first.day)
                }
                None => new_day(journey, phase, Placement::EmptyPhase, &moving),
            }
        }
    };
    let moves: Vec<Move> = journey
        .touchpoints
        .iter()
        .filter(|t| ids.contains(&t.id))
        .filter_map(|t| {
            let to = t.phase.index().checked_add_signed(delta).filter(|i| *i < 3)?;
            let phase = Phase::ALL[to];
            let lane = journey.lanes.iter().position(|l| *l == t.lane).unwrap_or(0);
            Some(Move { id: t.id, lane, phase, day: day_in(phase) })
        })
        .collect();
    move_touchpoints(journey_index, journey, &moves)
}

/// Renames a lane and moves its touchpoints with it, as one step; `None` when the name is
/// empty, unchanged or already another lane's.
pub fn rename_lane(journey_index: usize, journey: &Journey, lane: usize, name: &str) -> Option<Edit> {
    let name = name.trim();
    let old = journey.lanes.get(lane)?;
    if name.is_empty() || name == old || journey.lanes.iter().any(|l| l == name) {
        return None;
    }
    let before = JourneyMeta::of(journey);
    let mut after = before.clone();
    after.lanes[lane] = name.to_owned();
    let mut edits = vec![Edit::JourneyMeta { journey: journey_index, before, after }];
    for t in journey.touchpoints.iter().filter(|t| t.lane == *old) {
        let mut moved = t.clone();
        moved.lane = name.to_owned();
        edits.push(Edit::Touchpoint {
            journey: journey_index,
            before: Box::new(t.clone()),
            after: Box::new(moved),
        });
    }
    // The tray's proposals for the lane go with it, so accepting one lands it there.
    for p in journey.proposals.iter().filter(|p| p.lane.as_deref() == Some(old.as_str())) {
        edits.push(Edit::ProposalLane {
            journey: journey_index,
            id: p.id,
            before: p.lane.clone(),
            after: Some(name.to_owned()),
        });
    }
    Some(Edit::Batch(edits))
}

/// Changes a journey's persona line; `None` when it is unchanged.
pub fn set_persona(journey_index: usize, journey: &Journey, persona: &str) -> Option<Edit> {
    meta(journey_index, journey, |m| m.persona = persona.to_owned())
}

/// Adds a lane at the bottom, named "New lane" (or "New lane 2", …), as one step.
pub fn add_lane(journey_index: usize, journey: &Journey) -> Option<Edit> {
    let name = (1..)
        .map(|n| if n == 1 { "New lane".to_owned() } else { format!("New lane {n}") })
        .find(|n| !journey.lanes.contains(n))?;
    meta(journey_index, journey, |m| m.lanes.push(name))
}

/// Removes a lane; `None` when it is not there. A lane that still has touchpoints, or the last
/// lane, is refused when applied (a touchpoint must sit in a lane its journey has).
pub fn remove_lane(journey_index: usize, journey: &Journey, lane: usize) -> Option<Edit> {
    (lane < journey.lanes.len()).then(|| meta(journey_index, journey, |m| drop(m.lanes.remove(lane))))?
}

/// Moves a lane one row up; `None` for the first lane.
pub fn move_lane_up(journey_index: usize, journey: &Journey, lane: usize) -> Option<Edit> {
    (lane > 0 && lane < journey.lanes.len())
        .then(|| meta(journey_index, journey, |m| m.lanes.swap(lane - 1, lane)))?
}

/// The edit that changes a journey's name, persona or lanes as `change` says; `None` when
/// nothing changes.
fn meta(journey_index: usize, journey: &Journey, change: impl FnOnce(&mut JourneyMeta)) -> Option<Edit> {
    let before = JourneyMeta::of(journey);
    let mut after = before.clone();
    change(&mut after);
    (after != before).then_some(Edit::JourneyMeta { journey: journey_index, before, after })
}

/// A name no journey of the project has: `base`, else `base 2`, `base 3`, …
pub fn unique_journey_name(project: &Project, base: &str) -> String {
    let taken = |n: &str| project.journeys.iter().any(|j| j.name == n);
    if !taken(base) {
        return base.to_owned();
    }
    (2..).map(|i| format!("{base} {i}")).find(|n| !taken(n)).unwrap_or_else(|| base.to_owned())
}

/// The name of a to-be made from a journey: "To-be" from "As-is", otherwise "NAME to-be".
pub fn to_be_name(name: &str) -> String {
    let plain = name.trim().to_lowercase();
    if plain == "as-is" || plain == "as is" { "To-be".to_owned() } else { format!("{} to-be", name.trim()) }
}

/// Adds an empty journey at the end; with its index.
pub fn new_journey(project: &Project) -> (Edit, usize) {
    let index = project.journeys.len();
    let journey = Journey::new(unique_journey_name(project, "New journey"));
    (Edit::AddJourney { index, journey: Box::new(journey) }, index)
}

/// Copies a journey into a new tab right after it, touchpoint ids kept (so the two compare
/// touchpoint by touchpoint), named as [`to_be_name`] says and made unique; with its index.
pub fn duplicate_journey(project: &Project, index: usize) -> Option<(Edit, usize)> {
    let mut copy = project.journeys.get(index)?.clone();
    copy.name = unique_journey_name(project, &to_be_name(&copy.name));
    // What a room said stays with the journey it said it about: the to-be starts without it.
    copy.proposals.clear();
    copy.votes.clear();
    copy.heard.clear();
    // A review's remarks are about the design reviewed, not about its to-be (§18).
    copy.threads.clear();
    Some((Edit::AddJourney { index: index + 1, journey: Box::new(copy) }, index + 1))
}

/// Deletes a journey; `None` for the last one (a project keeps at least one).
pub fn delete_journey(project: &Project, index: usize) -> Option<Edit> {
    let journey = project.journeys.get(index)?;
    (project.journeys.len() > 1).then(|| Edit::RemoveJourney { index, journey: Box::new(journey.clone()) })
}

/// Why a journey cannot take a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameProblem {
    /// Nothing but spaces.
    Empty,
    /// Another journey has it.
    Taken,
}

/// Renames a journey: `Ok(None)` when the name is unchanged.
pub fn rename_journey(project: &Project, index: usize, name: &str) -> Result<Option<Edit>, NameProblem> {
    let name = name.trim();
    if name.is_empty() {
        return Err(NameProblem::Empty);
    }
    if project.journeys.iter().enumerate().any(|(i, j)| i != index && j.name == name) {
        return Err(NameProblem::Taken);
    }
    let Some(journey) = project.journeys.get(index) else { return Ok(None) };
    let before = JourneyMeta::of(journey);
    let after = JourneyMeta { name: name.to_owned(), ..before.clone() };
    Ok((after != before).then_some(Edit::JourneyMeta { journey: index, before, after }))
}

/// Renames the project; `None` when the name is empty or unchanged.
pub fn rename_project(project: &Project, name: &str) -> Option<Edit> {
    let name = name.trim();
    (!name.is_empty() && name != project.name)
        .then(|| Edit::ProjectName { before: project.name.clone(), after: name.to_owned() })
}

/// Accepts a pending room proposal (DESIGN.md §15): it becomes a touchpoint — its title, phase,
/// lane (the first when it named none the journey has) and feeling, anyone serving, nothing
/// exchanged — at the end of its phase and lane with a new id, and the proposal is marked as
/// accepted as it, in one step; with the new id. `None` when it is not pending.
pub fn accept_proposal(
    project: &Project,
    journey_index: usize,
    proposal: u32,
) -> Option<(Edit, TouchpointId)> {
    use crate::model::ProposalStatus;
    let journey = project.journeys.get(journey_index)?;
    let p = journey.proposals.iter().find(|p| p.id == proposal && p.status == ProposalStatus::Pending)?;
    let id = project.next_touchpoint_id();
    let lane = match &p.lane {
        Some(lane) if journey.lanes.contains(lane) => lane.clone(),
        _ => journey.first_lane().to_owned(),
    };
    // After the latest card of the same phase and lane, else after the phase's latest card.
    let timeline: Vec<&Touchpoint> =
        journey.timeline().into_iter().map(|i| &journey.touchpoints[i]).collect();
    let last = |same_lane: bool| {
        timeline.iter().rev().find(|t| t.phase == p.phase && (!same_lane || t.lane == lane)).map(|t| t.id)
    };
    let placement = last(true).or(last(false)).map_or(Placement::EmptyPhase, Placement::After);
    let day = new_day(journey, p.phase, placement, &[]);
    let tp = crate::room::decide::accepted_touchpoint(journey, p, id, day);
    let index = insertion_index(journey, placement);
    let edit = Edit::Batch(vec![
        Edit::AddTouchpoint { journey: journey_index, index, touchpoint: Box::new(tp) },
        Edit::Proposal {
            journey: journey_index,
            id: proposal,
            before: ProposalStatus::Pending,
            after: ProposalStatus::Accepted(id),
        },
    ]);
    Some((edit, id))
}

/// Dismisses a pending proposal, or restores a dismissed one to the tray; `None` when it is
/// neither.
pub fn dismiss_or_restore_proposal(journey_index: usize, journey: &Journey, proposal: u32) -> Option<Edit> {
    use crate::model::ProposalStatus::{Dismissed, Pending};
    let p = journey.proposals.iter().find(|p| p.id == proposal)?;
    let after = match p.status {
        Pending => Dismissed,
        Dismissed => Pending,
        _ => return None,
    };
    Some(Edit::Proposal { journey: journey_index, id: proposal, before: p.status, after })
}

/// Dismisses every pending proposal of one participant as one step (after a flood); `None`
/// when they have none pending.
pub fn dismiss_all_from(
    journey_index: usize,
    journey: &Journey,
    from: crate::model::Participant,
) -> Option<Edit> {
    use crate::model::ProposalStatus::{Dismissed, Pending};
    let edits: Vec<Edit> = journey
        .proposals
        .iter()
        .filter(|p| p.from == from && p.status == Pending)
        .map(|p| Edit::Proposal { journey: journey_index, id: p.id, before: Pending, after: Dismissed })
        .collect();
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

/// Opens a dot vote on the journey (DESIGN.md §15): a question, how many dots each participant
/// places; the other votes close (one vote is open at a time). `None` for an empty question.
pub fn open_vote(journey_index: usize, journey: &Journey, question: &str, dots: u32) -> Option<Edit> {
    let question = question.trim();
    if question.is_empty() {
        return None;
    }
    let id = journey.votes.iter().map(|v| v.id).max().unwrap_or(0) + 1;
    let mut edits: Vec<Edit> = journey
        .votes
        .iter()
        .filter(|v| v.open)
        .map(|v| Edit::VoteFlags {
            journey: journey_index,
            id: v.id,
            before: (v.open, v.revealed),
            after: (false, v.revealed),
        })
        .collect();
    let vote = crate::model::Vote {
        id,
        question: question.to_owned(),
        dots: dots.clamp(1, crate::model::MAX_VOTE_DOTS),
        open: true,
        revealed: false,
        ballots: Vec::new(),
    };
    edits.push(Edit::AddVote { journey: journey_index, vote: Box::new(vote) });
    Some(Edit::Batch(edits))
}

/// Sets a vote's open and revealed flags; `None` when they are already so.
pub fn vote_flags(
    journey_index: usize,
    journey: &Journey,
    id: u32,
    open: bool,
    revealed: bool,
) -> Option<Edit> {
    let v = journey.votes.iter().find(|v| v.id == id)?;
    let before = (v.open, v.revealed);
    (before != (open, revealed)).then_some(Edit::VoteFlags {
        journey: journey_index,
        id,
        before,
        after: (open, revealed),
    })
}

/// Sets each touchpoint the room answered about to the room's feeling (the median, rounded
/// toward zero), in one step; `None` when nobody answered or nothing changes.
pub fn take_room_feelings(journey_index: usize, journey: &Journey) -> Option<Edit> {
    let ids: BTreeSet<TouchpointId> = journey.heard.iter().map(|h| h.touchpoint).collect();
    let edits: Vec<Edit> = ids
        .iter()
        .filter_map(|id| {
            let tp = journey.touchpoint(*id)?;
            let taken = crate::room::decide::room_feeling(journey, *id)?.taken();
            (tp.feeling != Some(taken)).then(|| {
                let mut after = tp.clone();
                after.feeling = Some(taken);
                Edit::Touchpoint {
                    journey: journey_index,
                    before: Box::new(tp.clone()),
                    after: Box::new(after),
                }
            })
        })
        .collect();
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

// ---------------------------------------------------------------------------------------------
// Review threads (DESIGN.md §18): each action one undo step.

/// Begins a thread on a card, a phase or the journey with its first comment (cleaned: `None`
/// when nothing is left of the text, or the journey is not there). Returns the edit and the
/// thread's id.
pub fn start_thread(
    project: &Project,
    journey_index: usize,
    on: crate::model::ThreadOn,
    by: &str,
    at: crate::model::Timestamp,
    text: &str,
) -> Option<(Edit, u32)> {
    let journey = project.journeys.get(journey_index)?;
    let text = crate::model::threads::clean_comment(text)?;
    let about = match on {
        crate::model::ThreadOn::Touchpoint(id) => journey.touchpoint(id)?.title.clone(),
        _ => String::new(),
    };
    let id = project.next_thread_id();
    let comment = crate::model::Comment { by: by.trim().to_owned(), at, text };
    let thread = crate::model::Thread { id, on, about, resolved: false, comments: vec![comment] };
    let index = journey.threads.len();
    Some((Edit::Thread { journey: journey_index, index, before: None, after: Some(Box::new(thread)) }, id))
}

/// Changes a thread by id; `None` when it is not there or nothing changes. A thread left without
/// comments is deleted.
pub fn change_thread(
    journey_index: usize,
    journey: &Journey,
    id: u32,
    change: impl FnOnce(&mut crate::model::Thread),
) -> Option<Edit> {
    let index = journey.threads.iter().position(|t| t.id == id)?;
    let before = &journey.threads[index];
    let mut after = before.clone();
    change(&mut after);
    if after == *before {
        return None;
    }
    let after = (!after.comments.is_empty()).then(|| Box::new(after));
    Some(Edit::Thread { journey: journey_index, index, before: Some(Box::new(before.clone())), after })
}

/// Adds a reply to a thread (which reopens it).
pub fn reply(
    journey_index: usize,
    journey: &Journey,
    id: u32,
    by: &str,
    at: crate::model::Timestamp,
    text: &str,
) -> Option<Edit> {
    let text = crate::model::threads::clean_comment(text)?;
    let comment = crate::model::Comment { by: by.trim().to_owned(), at, text };
    change_thread(journey_index, journey, id, |t| {
        t.comments.push(comment);
        t.resolved = false;
    })
}

/// Resolves a thread, or reopens it.
pub fn set_resolved(journey_index: usize, journey: &Journey, id: u32, resolved: bool) -> Option<Edit> {
    change_thread(journey_index, journey, id, |t| t.resolved = resolved)
}

/// Replaces the text of a thread's `k`th comment.
pub fn edit_comment(journey_index: usize, journey: &Journey, id: u32, k: usize, text: &str) -> Option<Edit> {
    let text = crate::model::threads::clean_comment(text)?;
    change_thread(journey_index, journey, id, |t| {
        if let Some(c) = t.comments.get_mut(k) {
            c.text = text;
        }
    })
}

/// Deletes a thread's `k`th comment (the thread with it, when it was the only one).
pub fn delete_comment(journey_index: usize, journey: &Journey, id: u32, k: usize) -> Option<Edit> {
    change_thread(journey_index, journey, id, |t| {
        if k < t.comments.len() {
            t.comments.remove(k);
        }
    })
}
