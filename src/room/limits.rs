//! The room's limits (DESIGN.md §15): [`Limits::default`] is the contract; tests may lower them.

use std::time::Duration;

/// Participants a room takes; the next one gets 503.
pub const MAX_PARTICIPANTS: usize = 200;
/// Proposals one participant may send in a minute; the next gets 429 with `Retry-After`.
pub const PROPOSALS_PER_MINUTE: usize = 20;
/// The largest request body accepted; a larger one gets 413.
pub const MAX_BODY_BYTES: usize = 4 * 1024;
/// Comments one participant may send in a minute; the next gets 429 with `Retry-After`.
pub const COMMENTS_PER_MINUTE: usize = 20;
/// The largest comment body accepted (2,000 characters of any script, escaped as JSON may
/// escape them); a larger one gets 413.
pub const MAX_COMMENT_BODY_BYTES: usize = 16 * 1024;
/// Connections open at once from one address; more are closed as they come.
pub const CONNECTIONS_PER_ADDRESS: usize = 32;
/// New participants a minute from one address; the next page load gets 429.
pub const NEW_PARTICIPANTS_PER_MINUTE: usize = 10;
/// A request's head must arrive whole within this (and so must an idle connection's next one).
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// A request's body must arrive whole within this of its head.
pub const BODY_DEADLINE: Duration = Duration::from_secs(10);

/// The room's limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Participants, at most.
    pub max_participants: usize,
    /// Proposals from one participant in any minute, at most.
    pub proposals_per_minute: usize,
    /// Request body size, at most.
    pub max_body_bytes: usize,
    /// Comments from one participant in any minute, at most.
    pub comments_per_minute: usize,
    /// A comment's request body size, at most.
    pub max_comment_body_bytes: usize,
    /// Connections open at once from one address, at most.
    pub connections_per_address: usize,
    /// New participants from one address in any minute, at most.
    pub new_participants_per_minute: usize,
    /// The time a request's head has to arrive whole.
    pub head_deadline: Duration,
    /// The time a request's body has to arrive whole, from its head.
    pub body_deadline: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_participants: MAX_PARTICIPANTS,
            proposals_per_minute: PROPOSALS_PER_MINUTE,
            max_body_bytes: MAX_BODY_BYTES,
            comments_per_minute: COMMENTS_PER_MINUTE,
            max_comment_body_bytes: MAX_COMMENT_BODY_BYTES,
            connections_per_address: CONNECTIONS_PER_ADDRESS,
            new_participants_per_minute: NEW_PARTICIPANTS_PER_MINUTE,
            head_deadline: HEAD_DEADLINE,
            body_deadline: BODY_DEADLINE,
        }
    }
}
