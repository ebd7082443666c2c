//! Generators shared by the property tests: text, providers, exchanges and touchpoints of every
//! kind, for `proptest`.
#![allow(dead_code)]

use proptest::prelude::*;
use rapport::model::{Channel, Exchange, Phase, Provider, Touchpoint, TouchpointId};

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
            Journey { name, persona, lanes, touchpoints, links }
        })
}

/// A project of 1 to 3 [`journey`]s with unique names.
pub fn project() -> impl Strategy<Value = rapport::model::Project> {
    (text(), prop::collection::vec(journey(), 1..4)).prop_map(|(name, mut journeys)| {
        for (i, j) in journeys.iter_mut().enumerate() {
            j.name = format!("{} {i}", j.name);
        }
        rapport::model::Project { format: 1, name, journeys }
    })
}
