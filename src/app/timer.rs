//! The facilitator's countdown: 5, 10 or 15 minutes or a typed duration, paused, given another
//! minute, stopped. It lives beside the project, never in it, so timing an exercise never marks
//! the project unsaved. Times are egui's clock in seconds.

/// A countdown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timer {
    /// How long it was set for (with the minutes added since), in seconds.
    pub total: f64,
    /// Seconds already run before the current run (pauses end a run).
    ran: f64,
    /// When the current run started, while running.
    started: Option<f64>,
}

impl Timer {
    /// A countdown of `seconds`, running from `now`.
    pub fn start(seconds: f64, now: f64) -> Self {
        Self { total: seconds.max(1.0), ran: 0.0, started: Some(now) }
    }

    /// Seconds left at `now`; negative once time is up (how long over).
    pub fn remaining(&self, now: f64) -> f64 {
        let running = self.started.map_or(0.0, |s| (now - s).max(0.0));
        self.total - self.ran - running
    }

    /// Time is up.
    pub fn is_up(&self, now: f64) -> bool {
        self.remaining(now) <= 0.0
    }

    /// Held by a pause.
    pub fn is_paused(&self) -> bool {
        self.started.is_none()
    }

    /// Pauses a running countdown, or lets a paused one run again.
    pub fn toggle_pause(&mut self, now: f64) {
        match self.started.take() {
            Some(s) => self.ran += (now - s).max(0.0),
            None => self.started = Some(now),
        }
    }

    /// Gives it more time.
    pub fn add(&mut self, seconds: f64) {
        self.total += seconds;
    }

    /// "4:05" left, or "+0:23" over.
    pub fn text(&self, now: f64) -> String {
        let left = self.remaining(now);
        let (sign, secs) = if left > 0.0 { ("", left.ceil() as u64) } else { ("+", (-left).floor() as u64) };
        format!("{sign}{}:{:02}", secs / 60, secs % 60)
    }

    /// Seconds until the shown text next changes (for the next repaint).
    pub fn next_tick(&self, now: f64) -> f64 {
        if self.is_paused() {
            return f64::INFINITY;
        }
        let left = self.remaining(now);
        let frac = left.rem_euclid(1.0);
        if frac < 1e-3 { 1.0 } else { frac }
    }
}

/// A duration typed by a person: "7" (minutes), "7m", "7:30", "90s", "1h", "1h 15m", "2.5".
/// `None` when it is not a duration or is not positive.
pub fn parse_duration(text: &str) -> Option<f64> {
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return None;
    }
    let secs = if let Some((m, s)) = t.split_once(':') {
        let m: f64 = m.trim().parse().ok()?;
        let s: f64 = s.trim().parse().ok()?;
        (0.0..60.0).contains(&s).then_some(m * 60.0 + s)?
    } else if t.chars().any(|c| matches!(c, 'h' | 'm' | 's')) {
        let mut total = 0.0;
        let mut number = String::new();
        for c in t.chars().filter(|c| !c.is_whitespace()) {
            match c {
                '0'..='9' | '.' => number.push(c),
                // A unit starts at its first letter ("min", "minutes", "secs"); the rest of the
                // word, with no number before it, is skipped.
                _ if c.is_alphabetic() && !number.is_empty() => {
                    let n: f64 = number.parse().ok()?;
                    number.clear();
                    total += n * match c {
                        'h' => 3600.0,
                        'm' => 60.0,
                        's' => 1.0,
                        _ => return None,
                    };
                }
                _ if c.is_alphabetic() && total > 0.0 => {}
                _ => return None,
            }
        }
        if !number.is_empty() {
            return None;
        }
        total
    } else {
        t.parse::<f64>().ok()? * 60.0
    };
    (secs.is_finite() && secs > 0.0 && secs <= 24.0 * 3600.0).then_some(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_countdown_runs_pauses_and_runs_over() {
        let mut t = Timer::start(300.0, 10.0);
        assert_eq!(t.text(10.0), "5:00");
        assert_eq!(t.text(12.2), "4:58");
        t.toggle_pause(70.0);
        assert!(t.is_paused());
        assert_eq!(t.text(500.0), "4:00", "a pause holds the time");
        t.toggle_pause(500.0);
        t.add(60.0);
        assert_eq!(t.text(500.0), "5:00");
        assert!(!t.is_up(799.0));
        assert!(t.is_up(800.0));
        assert_eq!(t.text(823.4), "+0:23");
    }

    #[test]
    fn typed_durations_read_as_people_write_them() {
        assert_eq!(parse_duration("7"), Some(420.0));
        assert_eq!(parse_duration(" 7 min "), Some(420.0));
        assert_eq!(parse_duration("7:30"), Some(450.0));
        assert_eq!(parse_duration("90s"), Some(90.0));
        assert_eq!(parse_duration("1h 15m"), Some(4500.0));
        assert_eq!(parse_duration("2.5"), Some(150.0));
        assert_eq!(parse_duration("5 minutes"), Some(300.0));
        for bad in ["", "soon", "0", "-3", "7:75", "1h 15", "99999"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }
}
