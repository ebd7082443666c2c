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
    }
}
