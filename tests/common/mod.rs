//! Generators shared by the property tests: text, providers, exchanges and touchpoints of every
//! kind, for `proptest`.
#![allow(dead_code)]

use proptest::prelude::*;
use rapport::model::{
    Ballot, Channel, Exchange, Heard, Journey, Participant, Phase, Proposal, ProposalStatus, Provider,
    Timestamp, Touchpoint, TouchpointId, Vote,
};

pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ,.'-]{0,24}",
        any::<String>().prop_map(|s| s.chars().take(30).collect()),
        Just("“Quoted” \\ \n\t — 🙂".to_owned()),
    ]
}

pub fn provider() -> impl Strategy<Value = Provider> {
    prop_oneof![
        prop::sample::select(vec!["Priya", "Sam", "Ann"]).prop_map(|n| Provider::Person(n.into())),
        prop::sample::select(vec!["Billing", "Care"]).prop_map(|n| Provider::Team(n.into())),
        Just(Provider::Anyone),
        Just(Provider::Automated),
    ]
}

pub fn exchange() -> impl Strategy<Value = Exchange> {
    (0..5u8, 1..=3u8).prop_map(|(kind, s)| match kind {
        0 => Exchange::OrgGives(s),
        1 => Exchange::OrgTakes(s),
        2 => Exchange::CustomerGives(s),
        3 => Exchange::CustomerTakes(s),
        _ => Exchange::Neutral,
    })
}

prop_compose! {
    pub fn touchpoint(lanes: Vec<String>)(
        title in text(),
        phase in prop::sample::select(Phase::ALL.to_vec()),
        day in prop_oneof![0..400u32, Just(0u32), Just(u32::MAX)],
        lane in prop::sample::select(lanes),
        channel in prop::sample::select(Channel::ALL.to_vec()),
        provider in provider(),
        exchange in exchange(),
        flags in prop::array::uniform5(any::<bool>()),
        tags in prop::collection::vec(prop_oneof![Just("first_bill".to_owned()), Just("explains_bill".to_owned()), text()], 0..3),
        feeling in prop::option::of(-2..=2i8),
        notes in text(),
    ) -> Touchpoint {
        Touchpoint {
            id: TouchpointId(0),
            title, phase, day, lane, channel, provider, exchange,
            two_way: flags[0], tailored: flags[1], personalised: flags[2],
            recalls_history: flags[3], sets_next_contact: flags[4],
            tags, feeling, notes,
        }
    }
}

/// A journey of up to 24 touchpoints with unique positive ids, 1 to 3 lanes and a few links
/// (never from a touchpoint to itself).
pub fn journey() -> impl Strategy<Value = rapport::model::Journey> {
    use rapport::model::{Journey, Link};
    let lanes = prop::collection::btree_set("[A-Z][a-z]{0,8}", 1..4)
        .prop_map(|s| s.into_iter().collect::<Vec<String>>())
        .prop_shuffle();
    (lanes, text(), text())
        .prop_flat_map(|(lanes, name, persona)| {
            let tps = prop::collection::vec(touchpoint(lanes.clone()), 0..25);
            let ids = prop::collection::vec(1..1000u32, 0..25);
            (
                Just(lanes),
                Just(name),
                Just(persona),
                tps,
                ids,
                prop::collection::vec((0..25usize, 0..25usize), 0..4),
            )
        })
        .prop_map(|(lanes, name, persona, mut touchpoints, ids, link_picks)| {
            // Unique positive ids: generated ones where they do not clash, else fresh ones.
            let mut used = std::collections::HashSet::new();
            let mut fresh = 1000;
            for (i, tp) in touchpoints.iter_mut().enumerate() {
                let wanted = ids.get(i).copied().unwrap_or(0);
                let id = if wanted > 0 && used.insert(wanted) {
                    wanted
                } else {
                    fresh += 1;
                    used.insert(fresh);
                    fresh
                };
                tp.id = TouchpointId(id);
            }
            let links = if touchpoints.len() < 2 {
                Vec::new()
            } else {
                link_picks
                    .into_iter()
                    .map(|(a, b)| (a % touchpoints.len(), b % touchpoints.len()))
                    .filter(|(a, b)| a != b)
                    .map(|(a, b)| Link { from: touchpoints[a].id, to: touchpoints[b].id })
                    .collect()
            };
            Journey { name, persona, lanes, touchpoints, links, ..Journey::new("") }
        })
}

/// A project of 1 to 3 [`journey`]s with unique names.
pub fn project() -> impl Strategy<Value = rapport::model::Project> {
    (text(), prop::collection::vec(journey(), 1..4)).prop_map(|(name, mut journeys)| {
        for (i, j) in journeys.iter_mut().enumerate() {
            j.name = format!("{} {i}", j.name);
        }
        rapport::model::Project { format: 1, name, journeys, conflicts: Vec::new() }
    })
}

/// A project of 1 to 3 [`journey`]s with unique names, some with room data (proposals
/// numbered across the project), written in the format that holds it.
pub fn project_with_room() -> impl Strategy<Value = rapport::model::Project> {
    let journey = (journey(), any::<bool>(), any::<bool>()).prop_flat_map(|(j, room, threads)| {
        let j = if room { room_data(j, 1).boxed() } else { Just(j).boxed() };
        if threads { j.prop_flat_map(review_threads).boxed() } else { j.boxed() }
    });
    (text(), prop::collection::vec(journey, 1..4)).prop_map(|(name, mut journeys)| {
        let (mut next_proposal, mut next_thread) = (1, 1);
        for (i, j) in journeys.iter_mut().enumerate() {
            j.name = format!("{} {i}", j.name);
            for p in &mut j.proposals {
                p.id = next_proposal;
                next_proposal += 1;
            }
            for t in &mut j.threads {
                t.id = next_thread;
                next_thread += 1;
            }
        }
        let mut project = rapport::model::Project { format: 1, name, journeys, conflicts: Vec::new() };
        project.format = project.file_format();
        project
    })
}

/// Review threads for a journey whose touchpoints are already there (ids 0: the project numbers
/// them): on its cards, on a card removed since (id 5000, with the title it had), on a phase or
/// on the journey, each with one to three comments by a few people, some resolved.
pub fn review_threads(journey: Journey) -> impl Strategy<Value = Journey> {
    let comment =
        (prop::sample::select(vec!["Ann", "Priya", "P7"]), timestamp(), text()).prop_map(|(by, at, text)| {
            let text = rapport::model::threads::clean_comment(&text).unwrap_or_else(|| "Why?".to_owned());
            rapport::model::Comment { by: by.to_owned(), at, text }
        });
    let thread = (0..4u8, any::<prop::sample::Index>(), any::<bool>(), prop::collection::vec(comment, 1..4));
    (Just(journey), prop::collection::vec(thread, 0..4)).prop_map(|(mut journey, threads)| {
        use rapport::model::{Thread, ThreadOn};
        for (kind, pick, resolved, comments) in threads {
            let (on, about) = match kind {
                0 if !journey.touchpoints.is_empty() => {
                    let tp = &journey.touchpoints[pick.index(journey.touchpoints.len())];
                    (ThreadOn::Touchpoint(tp.id), tp.title.clone())
                }
                1 => (ThreadOn::Touchpoint(TouchpointId(5000)), "A removed card".to_owned()),
                2 => (ThreadOn::Phase(Phase::ALL[pick.index(3)]), String::new()),
                _ => (ThreadOn::Journey, String::new()),
            };
            journey.threads.push(Thread { id: 0, on, about, resolved, comments });
        }
        journey
    })
}

/// Any moment a file can hold: 1970 to the end of year 9999.
pub fn timestamp() -> impl Strategy<Value = Timestamp> {
    prop_oneof![Just(0u64), 0..253_402_300_800u64].prop_map(Timestamp)
}

prop_compose! {
    /// A pending proposal with id 0 (the journey numbers it); its lane may be one the journey
    /// lacks (it was renamed since).
    pub fn proposal(lanes: Vec<String>)(
        title in text(),
        phase in prop::sample::select(Phase::ALL.to_vec()),
        lane in prop::option::of(prop_oneof![prop::sample::select(lanes), text()]),
        feeling in prop::option::of(-2..=2i8),
        from in 1..300u32,
        at in timestamp(),
    ) -> Proposal {
        Proposal { id: 0, title, phase, lane, feeling, from: Participant(from), at, status: ProposalStatus::Pending }
    }
}

/// Room data for a journey whose touchpoints are already there: proposals (numbered from
/// `first_id`; some accepted as one of its touchpoints, some dismissed), votes with ballots
/// within their dots (at most one open) and feeling answers, one per participant and
/// touchpoint. Empty parts stay empty, so some journeys have none.
pub fn room_data(journey: Journey, first_id: u32) -> impl Strategy<Value = Journey> {
    let lanes = journey.lanes.clone();
    (
        Just(journey),
        prop::collection::vec((proposal(lanes), 0..3u8, any::<prop::sample::Index>()), 0..5),
        prop::collection::vec(
            (
                text(),
                1..=4u32,
                any::<bool>(),
                any::<bool>(),
                prop::collection::vec((1..6u32, any::<prop::sample::Index>()), 0..8),
            ),
            0..3,
        ),
        prop::collection::vec((1..6u32, any::<prop::sample::Index>(), -2..=2i8), 0..6),
    )
        .prop_map(move |(mut journey, proposals, votes, heard)| {
            let ids: Vec<TouchpointId> = journey.touchpoints.iter().map(|t| t.id).collect();
            for (i, (mut p, status, pick)) in proposals.into_iter().enumerate() {
                p.id = first_id + i as u32;
                p.status = match status {
                    1 if !ids.is_empty() => ProposalStatus::Accepted(ids[pick.index(ids.len())]),
                    2 => ProposalStatus::Dismissed,
                    _ => ProposalStatus::Pending,
                };
                journey.proposals.push(p);
            }
            let mut open_taken = false;
            for (i, (question, dots, open, revealed, picks)) in votes.into_iter().enumerate() {
                let open = open && !open_taken;
                open_taken |= open;
                let mut ballots = Vec::new();
                let mut placed = std::collections::HashMap::new();
                for (from, pick) in picks {
                    let count = placed.entry(from).or_insert(0u32);
                    if ids.is_empty() || *count >= dots {
                        continue;
                    }
                    *count += 1;
                    ballots.push(Ballot { from: Participant(from), touchpoint: ids[pick.index(ids.len())] });
                }
                journey.votes.push(Vote { id: i as u32 + 1, question, dots, open, revealed, ballots });
            }
            for (from, pick, feeling) in heard {
                if ids.is_empty() {
                    break;
                }
                let touchpoint = ids[pick.index(ids.len())];
                if !journey.heard.iter().any(|h| h.from.0 == from && h.touchpoint == touchpoint) {
                    journey.heard.push(Heard { from: Participant(from), touchpoint, feeling });
                }
            }
            journey
        })
}
