//! The sample projects bundled with Rapport, embedded in the binary.

/// A bundled sample: a file name and its text.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    /// File name under `assets/samples/`.
    pub file_name: &'static str,
    /// The project file's text.
    pub text: &'static str,
}

/// Brightwatt Energy, the worked example of DESIGN.md §6, with its `Anyone` variant.
pub const BRIGHTWATT: Sample =
    Sample { file_name: "brightwatt.ron", text: include_str!("../assets/samples/brightwatt.ron") };

/// Lumen Mobile: a mobile network whose to-be journey gives.
pub const MOBILE_NETWORK: Sample =
    Sample { file_name: "mobile-network.ron", text: include_str!("../assets/samples/mobile-network.ron") };

/// Harbour Bank: a bank whose as-is journey takes behind a personal veneer.
pub const HIGH_STREET_BANK: Sample = Sample {
    file_name: "high-street-bank.ron",
    text: include_str!("../assets/samples/high-street-bank.ron"),
};

/// The project the workbench opens when started without a file.
pub const DEFAULT: Sample = BRIGHTWATT;

/// Every bundled sample.
pub const ALL: [Sample; 3] = [BRIGHTWATT, MOBILE_NETWORK, HIGH_STREET_BANK];

/// A deterministic synthetic journey of `n` touchpoints for benchmarks and stress tests: a
/// realistic mix of phases, providers, exchanges and flags, days increasing with gaps.
pub fn synthetic_journey(n: usize) -> crate::model::Journey {
    use crate::model::{Channel, Exchange, Journey, Link, Phase, Provider, Touchpoint, TouchpointId};
    let mut journey = Journey::new("Synthetic");
    journey.persona = format!("{n} generated touchpoints");
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        // xorshift64*: fast, deterministic, good enough for a varied mix.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let people = ["Priya", "Sam", "Ann", "Joe", "Mia"];
    let teams = ["Billing", "Care", "Retention"];
    let mut day = 0u32;
    for i in 0..n {
        let r = next();
        day += (r % 40) as u32;
        let phase = Phase::ALL[(i * 3 / n.max(1)).min(2)];
        let lane = journey.lanes[(r >> 8) as usize % journey.lanes.len()].clone();
        let mut tp =
            Touchpoint::new(TouchpointId(i as u32 + 1), format!("Touchpoint {}", i + 1), phase, day, lane);
        let s = (r >> 16) as u8 % 3 + 1;
        tp.exchange = match (r >> 20) % 5 {
            0 => Exchange::OrgGives(s),
            1 => Exchange::OrgTakes(s),
            2 => Exchange::CustomerGives(s),
            3 => Exchange::CustomerTakes(s),
            _ => Exchange::Neutral,
        };
        tp.provider = match (r >> 24) % 4 {
            0 => Provider::Person(people[(r >> 28) as usize % people.len()].to_owned()),
            1 => Provider::Team(teams[(r >> 28) as usize % teams.len()].to_owned()),
            2 => Provider::Anyone,
            _ => Provider::Automated,
        };
        tp.channel = Channel::ALL[(r >> 32) as usize % Channel::ALL.len()];
        tp.two_way = r >> 36 & 1 == 1;
        tp.tailored = r >> 37 & 1 == 1;
        tp.personalised = r >> 38 & 3 == 0;
        tp.recalls_history = r >> 40 & 1 == 1;
        tp.sets_next_contact = r >> 41 & 1 == 1;
        if r >> 42 & 7 == 0 {
            tp.tags.push("explains_bill".to_owned());
        }
        if r >> 45 & 3 == 0 {
            tp.feeling = Some(((r >> 47) % 5) as i8 - 2);
        }
        tp.notes = if r >> 50 & 1 == 1 {
            "Observed in the workshop; check with the research.".to_owned()
        } else {
            String::new()
        };
        journey.touchpoints.push(tp);
    }
    for i in (0..n.saturating_sub(1)).step_by(50) {
        journey.links.push(Link { from: TouchpointId(i as u32 + 1), to: TouchpointId(i as u32 + 2) });
    }
    journey
}

/// A project with one synthetic journey of `n` touchpoints.
pub fn synthetic_project(n: usize) -> crate::model::Project {
    crate::model::Project {
        format: crate::model::FORMAT_WITHOUT_ROOM,
        name: "Synthetic".to_owned(),
        journeys: vec![synthetic_journey(n)],
        conflicts: Vec::new(),
    }
}

/// A deterministic journey of `n` touchpoints as varied as a real one, for the memory bench and
/// for measuring the workbench by hand: all four kinds of provider (several people and teams),
/// all five exchanges at every strength, each flag set on about a third of the cards, some
/// feelings and tags, three lanes, and titles of 40 characters (the words change from card to
/// card, so no two titles lay out alike). `seed` picks another journey of the same kind.
#[doc(hidden)]
pub fn varied_journey(n: usize, seed: u64) -> crate::model::Journey {
    use crate::model::{Channel, Exchange, Journey, Link, Phase, Provider, Touchpoint, TouchpointId};
    let mut journey = Journey::new("Varied");
    journey.persona = format!("{n} varied touchpoints, seed {seed}");
    // splitmix64: every seed, zero included, gives a well-mixed stream.
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let pick = |r: u64, words: &[&'static str]| words[(r % words.len() as u64) as usize];
    let verbs = ["Welcome", "Reminder", "Follow-up", "Review", "Renewal", "Refund", "Check-in", "Apology"];
    let things = ["call", "letter", "email", "visit", "message", "survey", "offer", "statement", "bill"];
    let about = [
        "about the first bill",
        "after the meter reading",
        "on the disputed charge",
        "for the loyalty discount",
        "before the tariff change",
        "with the named adviser",
        "on the payment plan",
        "after the complaint",
    ];
    let people = ["Priya", "Sam", "Ann", "Joe", "Mia", "Tom", "Ravi", "Lena"];
    let teams = ["Billing", "Care", "Retention", "Field team", "Collections"];
    let mut day = 0u32;
    for i in 0..n {
        let r = next();
        day += (r % 9) as u32;
        let phase = Phase::ALL[(i * 3 / n.max(1)).min(2)];
        let lane = journey.lanes[(next() % journey.lanes.len() as u64) as usize].clone();
        // Exactly 40 characters: the words cut to make room for the card's number.
        let number = format!(" #{}", i + 1);
        let words = format!(
            "{} {} {} and {}",
            pick(next(), &verbs),
            pick(next(), &things),
            pick(next(), &about),
            pick(next(), &about)
        );
        let room = 40 - number.chars().count();
        let mut title: String = words.chars().take(room).collect();
        if title.ends_with(' ') {
            title.pop();
            title.push('…');
        }
        title.push_str(&number);
        let mut tp = Touchpoint::new(TouchpointId(i as u32 + 1), title, phase, day, lane);
        let s = (next() % 3) as u8 + 1;
        tp.exchange = match next() % 5 {
            0 => Exchange::OrgGives(s),
            1 => Exchange::OrgTakes(s),
            2 => Exchange::CustomerGives(s),
            3 => Exchange::CustomerTakes(s),
            _ => Exchange::Neutral,
        };
        tp.provider = match next() % 4 {
            0 => Provider::Person(pick(next(), &people).to_owned()),
            1 => Provider::Team(pick(next(), &teams).to_owned()),
            2 => Provider::Anyone,
            _ => Provider::Automated,
        };
        tp.channel = Channel::ALL[(next() % Channel::ALL.len() as u64) as usize];
        let mut third = || next() % 3 == 0;
        tp.two_way = third();
        tp.tailored = third();
        tp.personalised = third();
        tp.recalls_history = third();
        tp.sets_next_contact = third();
        match next() % 12 {
            0 => tp.tags.push("first_bill".to_owned()),
            1 => tp.tags.push("explains_bill".to_owned()),
            _ => {}
        }
        if next() % 3 == 0 {
            tp.feeling = Some((next() % 5) as i8 - 2);
        }
        journey.touchpoints.push(tp);
    }
    for i in (0..n.saturating_sub(1)).step_by(50) {
        journey.links.push(Link { from: TouchpointId(i as u32 + 1), to: TouchpointId(i as u32 + 2) });
    }
    journey
}

/// A project with one [`varied_journey`].
#[doc(hidden)]
pub fn varied_project(n: usize, seed: u64) -> crate::model::Project {
    crate::model::Project {
        format: crate::model::FORMAT_WITH_ROOM,
        name: "Varied".to_owned(),
        journeys: vec![varied_journey(n, seed)],
        conflicts: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Exchange, Provider};

    #[test]
    fn a_varied_journey_is_as_varied_as_it_says_and_the_same_every_time() {
        let j = varied_journey(3_000, 1);
        assert_eq!(j, varied_journey(3_000, 1));
        assert_ne!(j, varied_journey(3_000, 2));
        assert!(crate::store::read_project(&crate::store::write_project(&varied_project(300, 1))).is_ok());
        assert!(j.touchpoints.iter().all(|t| t.title.chars().count() == 40), "40-character titles");
        let kinds: std::collections::BTreeSet<&str> = j
            .touchpoints
            .iter()
            .map(|t| match t.provider {
                Provider::Person(_) => "person",
                Provider::Team(_) => "team",
                Provider::Anyone => "anyone",
                Provider::Automated => "automated",
            })
            .collect();
        assert_eq!(kinds.len(), 4);
        let exchanges: std::collections::BTreeSet<&str> =
            j.touchpoints.iter().map(|t| t.exchange.file_name()).collect();
        assert_eq!(exchanges.len(), 5, "{exchanges:?}");
        assert!(j.touchpoints.iter().any(|t| t.exchange == Exchange::Neutral));
        let lanes: std::collections::BTreeSet<&str> = j.touchpoints.iter().map(|t| t.lane.as_str()).collect();
        assert_eq!(lanes.len(), 3);
        let flags = j
            .touchpoints
            .iter()
            .flat_map(|t| [t.two_way, t.tailored, t.personalised, t.recalls_history, t.sets_next_contact])
            .filter(|f| *f)
            .count() as f64
            / (5.0 * 3_000.0);
        assert!((0.28..0.39).contains(&flags), "a third of the flags set, not {flags:.2}");
    }
}
