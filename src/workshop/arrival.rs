//! What arrives from the room, and the one pure function that puts it into a project — used by
//! the workbench for each arrival it takes and by recovery for each one it replays from a
//! journal, so both give the same project.

use serde::{Deserialize, Serialize};

use crate::model::{
    Ballot, Comment, Heard, Participant, Project, Proposal, Thread, ThreadOn, Timestamp, TouchpointId,
};

/// Something a participant sent that the room accepted (answered 201 or 200) and wrote to its
/// journal first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arrival {
    /// Its place in the journal: 1, 2, … across every room of a workbench session that shares
    /// the journal file. Recovery replays the arrivals after the last one the recovery file
    /// holds.
    pub seq: u64,
    /// The name of the journey the participant was shown when they sent it.
    pub journey: String,
    /// Who sent it.
    pub from: Participant,
    /// When it arrived.
    pub at: Timestamp,
    /// What it is.
    pub what: Arrived,
}

/// The things a participant can send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Arrived {
    /// A proposed touchpoint, `Pending`, with the id the room gave it (its `from` and `at` are
    /// the arrival's).
    Proposal(Proposal),
    /// The participant's dots in a vote, replacing the ones they had placed there.
    Dots {
        /// The vote's id in the journey.
        vote: u32,
        /// One entry per dot; a touchpoint may appear several times.
        touchpoints: Vec<TouchpointId>,
    },
    /// The participant's feelings about some touchpoints, each replacing their earlier answer
    /// about that touchpoint.
    Feelings(Vec<(TouchpointId, i8)>),
    /// A remark on a touchpoint (DESIGN.md §18), while the facilitator lets participants
    /// comment: it starts a thread by the participant, with the arrival's time.
    Comment {
        /// The touchpoint it is about.
        touchpoint: TouchpointId,
        /// The touchpoint's title when it was sent (the thread keeps it, should the card go).
        about: String,
        /// Who signs it: the name they typed, or "P7".
        by: String,
        /// The text, cleaned.
        text: String,
    },
}

/// What [`apply`] did with an arrival.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// The proposal was added to its journey's tray.
    Proposed,
    /// The participant's dots or feelings were set.
    Set,
    /// The comment started a thread on its touchpoint.
    Commented,
    /// Nothing changed: the proposal is already in the project (any journey, any status), or
    /// the dots or feelings are already as the arrival says. Replaying an arrival is harmless.
    AlreadyThere,
    /// The journey it was made against is gone (renamed or deleted since): a proposal goes to
    /// the first journey's tray and a comment to a thread on the first journey as a whole (with
    /// the card's title), so neither is lost; dots and feelings, which name touchpoints of the
    /// journey that is gone, are dropped.
    JourneyGone,
    /// The vote is gone from the journey: the dots are dropped.
    VoteGone,
}

/// The arrival as the workbench should apply it while the room shows journey `shown`: when
/// no journey has the name it was stamped with any more (the facilitator renamed the room's
/// journey a moment before it arrived), it goes to the journey shown instead of the first.
pub fn retarget(project: &Project, arrival: &Arrival, shown: usize) -> Arrival {
    let mut a = arrival.clone();
    if !project.journeys.iter().any(|j| j.name == a.journey)
        && let Some(j) = project.journeys.get(shown)
    {
        a.journey.clone_from(&j.name);
    }
    a
}

/// Puts one arrival into the project, outside the undo history: a proposal joins its journey's
/// tray (unless a proposal with its id is anywhere in the project already); dots replace the
/// participant's ballots in the vote; feelings replace the participant's answers; a comment
/// starts a thread on its touchpoint (unless a thread already holds that very comment). Dots and
/// answers naming touchpoints the journey no longer has are dropped, as deleting a touchpoint
/// drops them. Applying the same arrival twice changes nothing the second time.
pub fn apply(project: &mut Project, arrival: &Arrival) -> Applied {
    let index = project.journeys.iter().position(|j| j.name == arrival.journey);
    match &arrival.what {
        Arrived::Proposal(proposal) => {
            let known = project.journeys.iter().flat_map(|j| &j.proposals).any(|p| p.id == proposal.id);
            if known {
                return Applied::AlreadyThere;
            }
            let Some(journey) = index.or(if project.journeys.is_empty() { None } else { Some(0) }) else {
                return Applied::JourneyGone;
            };
            project.journeys[journey].proposals.push(proposal.clone());
            if index.is_some() { Applied::Proposed } else { Applied::JourneyGone }
        }
        Arrived::Dots { vote, touchpoints } => {
            let Some(journey) = index.map(|i| &mut project.journeys[i]) else { return Applied::JourneyGone };
            let ids: std::collections::HashSet<TouchpointId> =
                journey.touchpoints.iter().map(|t| t.id).collect();
            let Some(vote) = journey.votes.iter_mut().find(|v| v.id == *vote) else {
                return Applied::VoteGone;
            };
            let mut ballots: Vec<Ballot> =
                vote.ballots.iter().filter(|b| b.from != arrival.from).copied().collect();
            let allowed = usize::try_from(vote.dots).unwrap_or(usize::MAX);
            ballots.extend(
                touchpoints
                    .iter()
                    .filter(|t| ids.contains(t))
                    .take(allowed)
                    .map(|&touchpoint| Ballot { from: arrival.from, touchpoint }),
            );
            if ballots == vote.ballots {
                return Applied::AlreadyThere;
            }
            vote.ballots = ballots;
            Applied::Set
        }
        Arrived::Feelings(answers) => {
            let Some(journey) = index.map(|i| &mut project.journeys[i]) else { return Applied::JourneyGone };
            let mut changed = false;
            for &(touchpoint, feeling) in answers {
                if journey.touchpoint(touchpoint).is_none() || !(-2..=2).contains(&feeling) {
                    continue;
                }
                let answer = Heard { from: arrival.from, touchpoint, feeling };
                match journey.heard.iter_mut().find(|h| h.from == arrival.from && h.touchpoint == touchpoint)
                {
                    Some(h) if *h == answer => {}
                    Some(h) => {
                        *h = answer;
                        changed = true;
                    }
                    None => {
                        journey.heard.push(answer);
                        changed = true;
                    }
                }
            }
            if changed { Applied::Set } else { Applied::AlreadyThere }
        }
        Arrived::Comment { touchpoint, about, by, text } => {
            let comment = Comment { by: by.clone(), at: arrival.at, text: text.clone() };
            let known =
                project.journeys.iter().flat_map(|j| &j.threads).any(|t| t.comments.contains(&comment));
            if known {
                return Applied::AlreadyThere;
            }
            let Some(journey) = index.or(if project.journeys.is_empty() { None } else { Some(0) }) else {
                return Applied::JourneyGone;
            };
            let on = if index.is_some() { ThreadOn::Touchpoint(*touchpoint) } else { ThreadOn::Journey };
            let id = project.next_thread_id();
            let thread = Thread { id, on, about: about.clone(), resolved: false, comments: vec![comment] };
            project.journeys[journey].threads.push(thread);
            if index.is_some() { Applied::Commented } else { Applied::JourneyGone }
        }
    }
}
