//! The rules every project obeys (DESIGN.md §3, §7, §11): what the reader refuses in a file is
//! exactly what the editor refuses to make, so every file Rapport writes, Rapport opens.
//!
//! The reader checks each rule where it reads the value, to name the line and the column; it
//! then runs [`check_project`] over the whole project as a net. [`crate::edit::apply`] runs
//! [`check_journey`] over each journey an edit touched and [`check_names`], and refuses (and
//! undoes) an edit that would break a rule.
//!
//! Pure: no egui, no file system.

use std::collections::HashSet;
use std::fmt;

use crate::model::{Exchange, Journey, Project, TouchpointId};

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
        }
    }
}

impl std::error::Error for Broken {}

/// Every rule, over the whole project.
pub fn check_project(project: &Project) -> Result<(), Broken> {
    check_names(project)?;
    project.journeys.iter().try_for_each(check_journey)
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
    Ok(())
}
