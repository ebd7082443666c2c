//! Review threads (DESIGN.md §18): remarks on a touchpoint, a phase or a journey that stay with
//! the design until someone deals with them.

use serde::{Deserialize, Serialize};

use super::{Phase, Timestamp, TouchpointId};

/// The longest comment, in characters, after cleaning.
pub const MAX_COMMENT_CHARS: usize = 2_000;

/// What a thread is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ThreadOn {
    /// A touchpoint, by id (it may have been removed since: the thread stays, "on a removed
    /// card").
    Touchpoint(TouchpointId),
    /// A phase of the journey.
    Phase(Phase),
    /// The journey as a whole.
    Journey,
}

/// One remark in a thread.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Comment {
    /// Who wrote it: the reviewer's name, or "P7" for a room participant without one.
    pub by: String,
    /// When.
    pub at: Timestamp,
    /// What, 1–2,000 characters, new lines kept.
    pub text: String,
}

/// A thread: comments about one thing, open until resolved.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Thread {
    /// Positive, unique in the project: one more than the largest when made.
    pub id: u32,
    /// What it is about.
    pub on: ThreadOn,
    /// The title the card had when the thread began (kept, so a thread on a removed card still
    /// says which); empty for a phase or the journey.
    #[serde(default)]
    pub about: String,
    /// Someone dealt with it.
    #[serde(default)]
    pub resolved: bool,
    /// At least one.
    pub comments: Vec<Comment>,
}

impl Thread {
    /// The first comment's text, for lists and hovers.
    pub fn first_line(&self) -> &str {
        self.comments.first().map_or("", |c| c.text.lines().next().unwrap_or(""))
    }
}

/// A comment's text as it is kept: trimmed, control characters other than new lines taken
/// away, line ends made `\n`, at most [`MAX_COMMENT_CHARS`] characters; `None` when nothing is
/// left.
pub fn clean_comment(text: &str) -> Option<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let kept: String = text.chars().filter(|c| *c == '\n' || !c.is_control()).collect();
    let kept = kept.trim();
    if kept.is_empty() {
        return None;
    }
    Some(kept.chars().take(MAX_COMMENT_CHARS).collect::<String>().trim_end().to_owned())
}
