//! Resolving a merge conflict (DESIGN.md §19) by choosing one of its versions: one [`Edit`], so
//! one undo step, that puts the chosen version in the project and takes the conflict off its
//! list. The workbench's Conflicts list applies it through [`super::Document::apply`].
//!
//! Pure: no egui, no file system.

use super::{Edit, JourneyMeta, build};
use crate::model::conflicts::Side;
use crate::model::{ConflictOn, Project};
use crate::store;

/// Why a conflict cannot be resolved that way. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unresolvable {
    /// There is no conflict at that place in the list.
    #[error("there is no conflict number {0}")]
    NoSuchConflict(usize),
    /// What the conflict is about is no longer in the project (its journey or touchpoint was
    /// deleted since).
    #[error("{0} is no longer in the project")]
    Gone(String),
    /// Choosing to delete the project's only journey: a project keeps one.
    #[error("a project keeps at least one journey")]
    LastJourney,
    /// The chosen version does not read (the file was edited by hand).
    #[error("the {side} version of {what} does not read: {message}")]
    Unreadable {
        /// "ours".
        side: &'static str,
        /// What the conflict is about.
        what: String,
        /// Why.
        message: String,
    },
}

/// The edit that resolves conflict `index` of the project by keeping `side`'s version: the
/// change (nothing when the project already holds it) and the conflict taken off the list, as
/// one step.
pub fn resolve(project: &Project, index: usize, side: Side) -> Result<Edit, Unresolvable> {
    let Some(conflict) = project.conflicts.get(index) else {
        return Err(Unresolvable::NoSuchConflict(index + 1));
    };
    let what = || conflict.on.describe();
    let chosen = conflict.version(side);
    let unreadable = |e: store::ReadError| Unresolvable::Unreadable {
        side: side.label(),
        what: what(),
        message: e.message,
    };
    let journey_index = |name: &str| {
        project
            .journeys
            .iter()
            .position(|j| j.name == name)
            .ok_or_else(|| Unresolvable::Gone(format!("the journey “{name}”")))
    };
    let mut edits = Vec::new();
    match &conflict.on {
        ConflictOn::Field { journey, touchpoint, field } => {
            let j = journey_index(journey)?;
            let jr = &project.journeys[j];
            let Some(before) = jr.touchpoint(*touchpoint) else {
                return Err(Unresolvable::Gone(format!("touchpoint {touchpoint}")));
            };
            let value = store::read_value(*field, chosen, &jr.lanes).map_err(unreadable)?;
            let mut after = before.clone();
            // The value was read as the field's kind.
            let _ = field.set(&mut after, value);
            if after != *before {
                edits.push(Edit::Touchpoint {
                    journey: j,
                    before: Box::new(before.clone()),
                    after: Box::new(after),
                });
            }
        }
        ConflictOn::Touchpoint { journey, touchpoint } => {
            let j = journey_index(journey)?;
            let jr = &project.journeys[j];
            let now = jr.touchpoints.iter().position(|t| t.id == *touchpoint);
            match (chosen.is_empty(), now) {
                (true, Some(_)) => edits.extend(build::delete_touchpoints(j, jr, &[*touchpoint])),
                (true, None) => {}
                (false, now) => {
                    let mut tp = store::read_touchpoint(chosen, &jr.lanes).map_err(unreadable)?;
                    // Its lane may be gone since: then it goes in the first lane.
                    if !jr.lanes.contains(&tp.lane) {
                        tp.lane = jr.first_lane().to_owned();
                    }
                    edits.push(match now {
                        Some(i) => Edit::Touchpoint {
                            journey: j,
                            before: Box::new(jr.touchpoints[i].clone()),
                            after: Box::new(tp),
                        },
                        None => Edit::AddTouchpoint {
                            journey: j,
                            index: jr.touchpoints.len(),
                            touchpoint: Box::new(tp),
                        },
                    });
                }
            }
        }
        ConflictOn::Persona { journey } | ConflictOn::JourneyName { journey } => {
            let j = journey_index(journey)?;
            let text = store::read_text(chosen).map_err(unreadable)?;
            let before = JourneyMeta::of(&project.journeys[j]);
            let mut after = before.clone();
            if matches!(conflict.on, ConflictOn::Persona { .. }) {
                after.persona = text;
            } else {
                after.name = text;
            }
            if after != before {
                edits.push(Edit::JourneyMeta { journey: j, before, after });
            }
        }
        ConflictOn::ProjectName => {
            let text = store::read_text(chosen).map_err(unreadable)?;
            if text != project.name {
                edits.push(Edit::ProjectName { before: project.name.clone(), after: text });
            }
        }
        ConflictOn::Journey { journey } => {
            let now = project.journeys.iter().position(|j| j.name == *journey);
            let old =
                |i: usize| Edit::RemoveJourney { index: i, journey: Box::new(project.journeys[i].clone()) };
            match (chosen.is_empty(), now) {
                (true, Some(_)) if project.journeys.len() == 1 => return Err(Unresolvable::LastJourney),
                (true, Some(i)) => edits.push(old(i)),
                (true, None) => {}
                (false, now) => {
                    let mut j = store::read_journey(chosen).map_err(unreadable)?;
                    // Thread ids are unique in the project: one another journey uses since is
                    // given a new one.
                    let others: std::collections::HashSet<u32> = project
                        .journeys
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| Some(*i) != now)
                        .flat_map(|(_, j)| j.threads.iter().map(|t| t.id))
                        .collect();
                    let mut next = project
                        .next_thread_id()
                        .max(j.threads.iter().map(|t| t.id.saturating_add(1)).max().unwrap_or(1));
                    for t in &mut j.threads {
                        if others.contains(&t.id) {
                            t.id = next;
                            next = next.saturating_add(1);
                        }
                    }
                    // In the place of the journey it replaces: added after it, then it goes.
                    let index = now.map_or(project.journeys.len(), |i| i + 1);
                    edits.push(Edit::AddJourney { index, journey: Box::new(j) });
                    edits.extend(now.map(old));
                }
            }
        }
    }
    let mut after = project.conflicts.clone();
    after.remove(index);
    edits.push(Edit::Conflicts { before: project.conflicts.clone(), after });
    Ok(Edit::Batch(edits))
}
