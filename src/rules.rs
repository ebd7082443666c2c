//! The rules every project obeys (DESIGN.md §3, §7, §11): what the reader refuses in a file is
//! exactly what the editor refuses to make, so every file Rapport writes, Rapport opens.
//!
//! The reader checks each rule where it reads the value, to name the line and the column; it
//! then runs [`check_project`] over the whole project as a net. [`crate::edit::apply`] runs
//! [`check_journey`] over each journey an edit touched and [`check_names`], and refuses (and
//! undoes) an edit that would break a rule.
//!
//! Pure: no egui, no file system.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::model::{Exchange, Journey, MAX_VOTE_DOTS, Participant, Project, ProposalStatus, TouchpointId};

/// Strengths an exchange may have.
pub const STRENGTHS: std::ops::RangeInclusive<u8> = 1..=3;

/// Feelings a touchpoint may have.
pub const FEELINGS: std::ops::RangeInclusive<i8> = -2..=2;

/// A broken rule, said in words a facilitator can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Broken {
    /// A project keeps at least one journey.
    NoJourney,
    /// Two journeys have one name.
    DuplicateJourney(String),
    /// A journey keeps at least one lane.
    NoLane {
        /// The journey.
        journey: String,
    },
    /// Two lanes of a journey have one name.
    DuplicateLane {
        /// The journey.
        journey: String,
        /// The lane.
        lane: String,
    },
    /// A touchpoint sits in a lane its journey does not have.
    UnknownLane {
        /// The journey.
        journey: String,
        /// The touchpoint.
        id: TouchpointId,
        /// The lane it names.
        lane: String,
    },
    /// Ids are positive.
    ZeroId {
        /// The journey.
        journey: String,
    },
    /// Two touchpoints of a journey have one id.
    DuplicateId {
        /// The journey.
        journey: String,
        /// The id.
        id: TouchpointId,
    },
    /// A strength outside 1..=3.
    Strength {
        /// The journey.
        journey: String,
        /// The touchpoint.
        id: TouchpointId,
        /// The strength.
        strength: u8,
    },
    /// A feeling outside −2..=2.
    Feeling {
        /// The journey.
        journey: String,
        /// The touchpoint.
        id: TouchpointId,
        /// The feeling.
        feeling: i8,
    },
    /// A link names a touchpoint the journey does not have.
    LinkToNothing {
        /// The journey.
        journey: String,
        /// The missing end.
        id: TouchpointId,
    },
    /// A touchpoint is linked to itself.
    LinkToItself {
        /// The journey.
        journey: String,
        /// The touchpoint.
        id: TouchpointId,
    },
    /// Room data (DESIGN.md §15) names a touchpoint the journey does not have: a ballot, a
    /// feeling answer, or a proposal accepted as it.
    RoomTouchpoint {
        /// The journey.
        journey: String,
        /// "a ballot of vote 2", "a feeling answer", "proposal 4, accepted as it,".
        what: String,
        /// The missing touchpoint.
        id: TouchpointId,
    },
    /// Two proposals, or two votes, of a journey have one id.
    DuplicateRoomId {
        /// The journey.
        journey: String,
        /// "proposal" or "vote".
        what: &'static str,
        /// The id.
        id: u32,
    },
    /// A number of the room's data outside its range (a feeling, a vote's dots, an id or a
    /// participant number of 0), said in words.
    RoomRange {
        /// The journey.
        journey: String,
        /// What is out of range.
        what: String,
    },
    /// Another rule of the room's data broken (two open votes, more dots than a vote gives, two
    /// answers from one participant about one touchpoint), said in words.
    Room {
        /// The journey.
        journey: String,
        /// What is wrong.
        what: String,
    },
}

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Broken::NoJourney => f.write_str("a project keeps at least one journey"),
            Broken::DuplicateJourney(name) => {
                write!(f, "two journeys would be called “{name}”; journey names must differ")
            }
            Broken::NoLane { journey } => write!(f, "journey “{journey}” needs at least one lane"),
            Broken::DuplicateLane { journey, lane } => {
                write!(f, "journey “{journey}” would have two lanes called “{lane}”")
            }
            Broken::UnknownLane { journey, id, lane } => write!(
                f,
                "touchpoint {id} of journey “{journey}” would sit in the lane “{lane}”, which the journey does not have"
            ),
            Broken::ZeroId { journey } => {
                write!(f, "journey “{journey}” has a touchpoint with id 0; ids are positive")
            }
            Broken::DuplicateId { journey, id } => {
                write!(f, "journey “{journey}” would have two touchpoints with id {id}")
            }
            Broken::Strength { journey, id, strength } => write!(
                f,
                "touchpoint {id} of journey “{journey}” would have strength {strength}; strengths are 1 to 3"
            ),
            Broken::Feeling { journey, id, feeling } => write!(
                f,
                "touchpoint {id} of journey “{journey}” would feel {feeling}; feelings are −2 to +2"
            ),
            Broken::LinkToNothing { journey, id } => {
                write!(f, "a link of journey “{journey}” would name touchpoint {id}, which it does not have")
            }
            Broken::LinkToItself { journey, id } => {
                write!(f, "touchpoint {id} of journey “{journey}” would be linked to itself")
            }
            Broken::RoomTouchpoint { journey, what, id } => {
                write!(f, "{what} of journey “{journey}” would name touchpoint {id}, which it does not have")
            }
            Broken::DuplicateRoomId { journey, what, id } => {
                write!(f, "journey “{journey}” would have two {what}s with id {id}")
            }
            Broken::RoomRange { journey, what } | Broken::Room { journey, what } => {
                write!(f, "in journey “{journey}”, {what}")
            }
        }
    }
}

impl std::error::Error for Broken {}

/// Every rule, over the whole project.
pub fn check_project(project: &Project) -> Result<(), Broken> {
    check_names(project)?;
    project.journeys.iter().try_for_each(check_journey)?;
    check_thread_ids(project)
}

/// Review threads' ids are unique in the project (DESIGN.md §18).
pub fn check_thread_ids(project: &Project) -> Result<(), Broken> {
    let mut seen = HashSet::new();
    for j in &project.journeys {
        for t in &j.threads {
            if !seen.insert(t.id) {
                return Err(Broken::DuplicateRoomId { journey: j.name.clone(), what: "thread", id: t.id });
            }
        }
    }
    Ok(())
}

/// A journey's review threads (DESIGN.md §18): positive ids, at least one comment each, every
/// comment 1 to 2,000 characters. A thread may name a touchpoint the journey no longer has.
pub fn check_threads(journey: &Journey) -> Result<(), Broken> {
    let name = || journey.name.clone();
    for t in &journey.threads {
        if t.id == 0 {
            return Err(Broken::Room {
                journey: name(),
                what: "a thread has the id 0; ids are positive".to_owned(),
            });
        }
        if t.comments.is_empty() {
            return Err(Broken::Room { journey: name(), what: format!("thread {} has no comment", t.id) });
        }
        let max = crate::model::threads::MAX_COMMENT_CHARS;
        if let Some(c) = t.comments.iter().find(|c| c.text.trim().is_empty() || c.text.chars().count() > max)
        {
            return Err(Broken::Room {
                journey: name(),
                what: format!(
                    "a comment of thread {} is {} characters; comments are 1 to {max}",
                    t.id,
                    c.text.chars().count()
                ),
            });
        }
    }
    Ok(())
}

/// The project's own rules: at least one journey, and no two journeys with one name.
pub fn check_names(project: &Project) -> Result<(), Broken> {
    if project.journeys.is_empty() {
        return Err(Broken::NoJourney);
    }
    let mut seen = HashSet::with_capacity(project.journeys.len());
    for j in &project.journeys {
        if !seen.insert(j.name.as_str()) {
            return Err(Broken::DuplicateJourney(j.name.clone()));
        }
    }
    Ok(())
}

/// A journey's rules: lanes (at least one, no two alike), touchpoints (positive unique ids, in
/// one of the lanes, strengths 1..=3, feelings −2..=2) and links (between two different
/// touchpoints it has).
pub fn check_journey(journey: &Journey) -> Result<(), Broken> {
    let name = || journey.name.clone();
    if journey.lanes.is_empty() {
        return Err(Broken::NoLane { journey: name() });
    }
    for (i, lane) in journey.lanes.iter().enumerate() {
        if journey.lanes[..i].contains(lane) {
            return Err(Broken::DuplicateLane { journey: name(), lane: lane.clone() });
        }
    }
    let mut ids = HashSet::with_capacity(journey.touchpoints.len());
    for t in &journey.touchpoints {
        if t.id.0 == 0 {
            return Err(Broken::ZeroId { journey: name() });
        }
        if !ids.insert(t.id) {
            return Err(Broken::DuplicateId { journey: name(), id: t.id });
        }
        if !journey.lanes.contains(&t.lane) {
            return Err(Broken::UnknownLane { journey: name(), id: t.id, lane: t.lane.clone() });
        }
        let strength = t.exchange.strength();
        if t.exchange != Exchange::Neutral && !STRENGTHS.contains(&strength) {
            return Err(Broken::Strength { journey: name(), id: t.id, strength });
        }
        if let Some(feeling) = t.feeling
            && !FEELINGS.contains(&feeling)
        {
            return Err(Broken::Feeling { journey: name(), id: t.id, feeling });
        }
    }
    for link in &journey.links {
        for end in [link.from, link.to] {
            if !ids.contains(&end) {
                return Err(Broken::LinkToNothing { journey: name(), id: end });
            }
        }
        if link.from == link.to {
            return Err(Broken::LinkToItself { journey: name(), id: link.from });
        }
    }
    check_room(journey, &ids)?;
    check_threads(journey)
}

/// The rules of a journey's room data (DESIGN.md §15), given its touchpoint ids: proposal and
/// vote ids positive and unique; participants numbered from 1; feelings −2..=2; a proposal
/// accepted as a touchpoint the journey has; at most one open vote, giving 1 to
/// [`MAX_VOTE_DOTS`] dots, no participant placing more; ballots and feeling answers naming
/// touchpoints the journey has, one answer per participant and touchpoint. A proposal's lane
/// may name a lane the journey no longer has (it records what was proposed).
pub fn check_room(journey: &Journey, ids: &HashSet<TouchpointId>) -> Result<(), Broken> {
    let name = || journey.name.clone();
    let range = |what: String| Broken::RoomRange { journey: name(), what };
    let mut seen = HashSet::with_capacity(journey.proposals.len());
    for p in &journey.proposals {
        if p.id == 0 || p.from.0 == 0 {
            return Err(range(format!("proposal {} has an id or participant number of 0", p.id)));
        }
        if !seen.insert(p.id) {
            return Err(Broken::DuplicateRoomId { journey: name(), what: "proposal", id: p.id });
        }
        if let Some(f) = p.feeling
            && !FEELINGS.contains(&f)
        {
            return Err(range(format!("proposal {} has feeling {f}; feelings are −2 to +2", p.id)));
        }
        if let ProposalStatus::Accepted(id) = p.status
            && !ids.contains(&id)
        {
            return Err(Broken::RoomTouchpoint {
                journey: name(),
                what: format!("proposal {}, accepted as it,", p.id),
                id,
            });
        }
    }
    let mut seen = HashSet::with_capacity(journey.votes.len());
    let mut open = None;
    for v in &journey.votes {
        if v.id == 0 {
            return Err(range("a vote has id 0".to_owned()));
        }
        if !seen.insert(v.id) {
            return Err(Broken::DuplicateRoomId { journey: name(), what: "vote", id: v.id });
        }
        if !(1..=MAX_VOTE_DOTS).contains(&v.dots) {
            return Err(range(format!(
                "vote {} gives {} dots; a vote gives 1 to {MAX_VOTE_DOTS}",
                v.id, v.dots
            )));
        }
        if v.open {
            if let Some(first) = open {
                return Err(Broken::Room {
                    journey: name(),
                    what: format!("votes {first} and {} are both open", v.id),
                });
            }
            open = Some(v.id);
        }
        let mut placed: HashMap<Participant, u32> = HashMap::new();
        for b in &v.ballots {
            if b.from.0 == 0 {
                return Err(range(format!("a ballot of vote {} is from participant 0", v.id)));
            }
            if !ids.contains(&b.touchpoint) {
                return Err(Broken::RoomTouchpoint {
                    journey: name(),
                    what: format!("a ballot of vote {}", v.id),
                    id: b.touchpoint,
                });
            }
            let count = placed.entry(b.from).or_default();
            *count += 1;
            if *count > v.dots {
                return Err(Broken::Room {
                    journey: name(),
                    what: format!(
                        "participant {} has more than the {} dots vote {} gives",
                        b.from, v.dots, v.id
                    ),
                });
            }
        }
    }
    let mut answered = HashSet::with_capacity(journey.heard.len());
    for h in &journey.heard {
        if h.from.0 == 0 {
            return Err(range("a feeling answer is from participant 0".to_owned()));
        }
        if !ids.contains(&h.touchpoint) {
            return Err(Broken::RoomTouchpoint {
                journey: name(),
                what: "a feeling answer".to_owned(),
                id: h.touchpoint,
            });
        }
        if !FEELINGS.contains(&h.feeling) {
            return Err(range(format!(
                "participant {} answered {} about touchpoint {}; feelings are −2 to +2",
                h.from, h.feeling, h.touchpoint
            )));
        }
        if !answered.insert((h.from, h.touchpoint)) {
            return Err(Broken::Room {
                journey: name(),
                what: format!("participant {} answered twice about touchpoint {}", h.from, h.touchpoint),
            });
        }
    }
    Ok(())
}
