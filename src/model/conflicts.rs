//! What a three-way merge of two people's work could not decide (DESIGN.md §19): a conflict
//! names what both sides changed differently, and keeps the three versions as the text a
//! project file holds, so that a person can choose one later. The merged project holds *ours*
//! until then.

use serde::{Deserialize, Serialize};

use super::{Field, TouchpointId};

/// What a conflict is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConflictOn {
    /// One field of a touchpoint, changed to different values on both sides. The versions are
    /// the field's value as a file writes it (`OrgTakes(2)`, `"Welcome call"`).
    Field {
        /// The journey (its name in the merged project).
        journey: String,
        /// The touchpoint.
        touchpoint: TouchpointId,
        /// The field.
        field: Field,
    },
    /// A touchpoint deleted on one side and changed on the other (keep or delete). The
    /// versions are the whole touchpoint as a file writes it, or empty where it is deleted.
    Touchpoint {
        /// The journey.
        journey: String,
        /// The touchpoint.
        touchpoint: TouchpointId,
    },
    /// A journey's persona line, changed differently on both sides (versions: quoted text).
    Persona {
        /// The journey.
        journey: String,
    },
    /// A journey renamed differently on both sides (versions: quoted names).
    JourneyName {
        /// The journey (its name in the merged project: ours).
        journey: String,
    },
    /// A journey deleted on one side and changed on the other. The versions are the whole
    /// journey as a file writes it, or empty where it is deleted.
    Journey {
        /// The journey (its name in whichever version has it).
        journey: String,
    },
    /// The project renamed differently on both sides (versions: quoted names).
    ProjectName,
}

/// The name in files of what a [`ConflictOn::Touchpoint`] is about.
pub const ON_TOUCHPOINT: &str = "touchpoint";
/// The name in files of what a [`ConflictOn::Persona`] is about.
pub const ON_PERSONA: &str = "persona";
/// The name in files of what a [`ConflictOn::JourneyName`] and a [`ConflictOn::ProjectName`]
/// are about.
pub const ON_NAME: &str = "name";
/// The name in files of what a [`ConflictOn::Journey`] is about.
pub const ON_JOURNEY: &str = "journey";

impl ConflictOn {
    /// The journey it is in; `None` for the project's name.
    pub fn journey(&self) -> Option<&str> {
        match self {
            ConflictOn::Field { journey, .. }
            | ConflictOn::Touchpoint { journey, .. }
            | ConflictOn::Persona { journey }
            | ConflictOn::JourneyName { journey }
            | ConflictOn::Journey { journey } => Some(journey),
            ConflictOn::ProjectName => None,
        }
    }

    /// The touchpoint it is about, if any.
    pub fn touchpoint(&self) -> Option<TouchpointId> {
        match self {
            ConflictOn::Field { touchpoint, .. } | ConflictOn::Touchpoint { touchpoint, .. } => {
                Some(*touchpoint)
            }
            _ => None,
        }
    }

    /// The `field:` a file gives it: a touchpoint field's name, or `touchpoint`, `persona`,
    /// `name`, `journey`.
    pub fn field_name(&self) -> &'static str {
        match self {
            ConflictOn::Field { field, .. } => field.as_str(),
            ConflictOn::Touchpoint { .. } => ON_TOUCHPOINT,
            ConflictOn::Persona { .. } => ON_PERSONA,
            ConflictOn::JourneyName { .. } | ConflictOn::ProjectName => ON_NAME,
            ConflictOn::Journey { .. } => ON_JOURNEY,
        }
    }

    /// What it is about, in words: "touchpoint 7's exchange in “As-is”", "the project's name".
    pub fn describe(&self) -> String {
        match self {
            ConflictOn::Field { journey, touchpoint, field } => {
                format!("touchpoint {touchpoint}'s {} in “{journey}”", field.words())
            }
            ConflictOn::Touchpoint { journey, touchpoint } => {
                format!("touchpoint {touchpoint} in “{journey}” (deleted on one side, changed on the other)")
            }
            ConflictOn::Persona { journey } => format!("the persona of “{journey}”"),
            ConflictOn::JourneyName { journey } => format!("the name of the journey “{journey}”"),
            ConflictOn::Journey { journey } => {
                format!("the journey “{journey}” (deleted on one side, changed on the other)")
            }
            ConflictOn::ProjectName => "the project's name".to_owned(),
        }
    }
}

/// One thing a merge could not decide: what it is about and its three versions, each as the
/// text a project file holds (empty where that version deleted it). The merged project holds
/// `ours` until someone chooses.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Conflict {
    /// What it is about.
    pub on: ConflictOn,
    /// The common ancestor's version.
    pub base: String,
    /// Our version (the branch merged into), which the merged project holds.
    pub ours: String,
    /// Their version (the branch merged in).
    pub theirs: String,
}

/// Which version to keep when resolving a conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// The common ancestor's.
    Base,
    /// Ours (what the merged project holds).
    Ours,
    /// Theirs.
    Theirs,
}

impl Side {
    /// All three, in the order a person reads them.
    pub const ALL: [Side; 3] = [Side::Base, Side::Ours, Side::Theirs];

    /// "base", "ours", "theirs".
    pub fn label(self) -> &'static str {
        match self {
            Side::Base => "base",
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        }
    }
}

impl Conflict {
    /// The version of one side.
    pub fn version(&self, side: Side) -> &str {
        match side {
            Side::Base => &self.base,
            Side::Ours => &self.ours,
            Side::Theirs => &self.theirs,
        }
    }

    /// The same conflict seen from the other branch: ours and theirs swapped.
    pub fn mirrored(&self) -> Conflict {
        Conflict {
            on: self.on.clone(),
            base: self.base.clone(),
            ours: self.theirs.clone(),
            theirs: self.ours.clone(),
        }
    }
}
