//! Limits that count what happened in the last minute: proposals per participant, new
//! participants per address (DESIGN.md §15). The caller passes the time, so the rules stay pure
//! and tests can play a minute in a moment.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// At most `limit` uses in any window of `span`.
#[derive(Clone, Debug)]
pub struct Window {
    limit: usize,
    span: Duration,
    used: VecDeque<Instant>,
}

impl Window {
    /// A window of `limit` uses per `span`.
    pub fn new(limit: usize, span: Duration) -> Self {
        Self { limit, span, used: VecDeque::new() }
    }

    /// A window of `limit` uses a minute.
    pub fn per_minute(limit: usize) -> Self {
        Self::new(limit, Duration::from_secs(60))
    }

    /// Whether a use now would be allowed; when not, how long until it would be. Uses nothing:
    /// a request refused for another reason afterwards costs no quota.
    pub fn check(&mut self, now: Instant) -> Result<(), Duration> {
        while self.used.front().is_some_and(|t| now.saturating_duration_since(*t) >= self.span) {
            self.used.pop_front();
        }
        if self.used.len() < self.limit {
            return Ok(());
        }
        let oldest = self.used.front().copied().unwrap_or(now);
        Err(self.span.saturating_sub(now.saturating_duration_since(oldest)))
    }

    /// Counts a use at `now` (after [`Window::check`] allowed it and the request was taken).
    pub fn take(&mut self, now: Instant) {
        self.used.push_back(now);
    }

    /// Gives back a use counted at `at` (the request it was for could not be carried out).
    pub fn give_back(&mut self, at: Instant) {
        if let Some(i) = self.used.iter().rposition(|t| *t == at) {
            self.used.remove(i);
        }
    }

    /// Nothing used in the window.
    pub fn is_idle(&mut self, now: Instant) -> bool {
        let _ = self.check(now);
        self.used.is_empty()
    }
}

/// Whole seconds to wait, at least one: what `Retry-After` says.
pub fn retry_after_secs(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_allows_its_limit_then_says_how_long_to_wait() {
        let t0 = Instant::now();
        let mut w = Window::per_minute(2);
        for s in [0, 10] {
            let now = t0 + Duration::from_secs(s);
            assert_eq!(w.check(now), Ok(()));
            w.take(now);
        }
        let now = t0 + Duration::from_secs(20);
        assert_eq!(w.check(now), Err(Duration::from_secs(40)));
        assert_eq!(w.check(now), Err(Duration::from_secs(40)), "checking uses nothing");
        assert_eq!(w.check(t0 + Duration::from_secs(60)), Ok(()));
        w.give_back(t0 + Duration::from_secs(10));
        w.take(t0 + Duration::from_secs(61));
        assert_eq!(w.check(t0 + Duration::from_secs(62)), Ok(()), "a use given back is free again");
        assert_eq!(retry_after_secs(Duration::from_millis(40_001)), 41);
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
    }
}
