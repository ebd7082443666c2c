//! Properties over generated projects: files round-trip exactly, scores stay in 0..=100, and
//! no input makes the reader panic.

use proptest::prelude::*;
use rapport::model::{Journey, Link, Project, TouchpointId};
use rapport::score::analyse;
use rapport::store::{read_project, read_project_bytes, write_project};

mod common;
use common::{room_data, text, touchpoint};

fn journey() -> impl Strategy<Value = Journey> {
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
            Journey { persona, lanes, touchpoints, links, ..Journey::new(name) }
        })
}

fn project() -> impl Strategy<Value = Project> {
    // Some journeys carry room data (proposals numbered across the project), some none.
    let journey = (journey(), any::<bool>())
        .prop_flat_map(|(j, room)| if room { room_data(j, 1).boxed() } else { Just(j).boxed() });
    (text(), prop::collection::vec(journey, 1..4)).prop_map(|(name, mut journeys)| {
        let mut next_proposal = 1;
        for (i, j) in journeys.iter_mut().enumerate() {
            j.name = format!("{} {i}", j.name);
            for p in &mut j.proposals {
                p.id = next_proposal;
                next_proposal += 1;
            }
        }
        let mut project = Project { format: 1, name, journeys };
        project.format = project.file_format();
        project
    })
}

fn in_range(x: f64) -> bool {
    !x.is_nan() && (0.0..=100.0).contains(&x)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_project_survives_write_then_read_and_rewrites_identically(p in project()) {
        let text = write_project(&p);
        let back = read_project(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&back, &p);
        prop_assert_eq!(write_project(&back), text);
    }

    #[test]
    fn a_file_is_format_2_exactly_when_it_holds_room_data(p in project()) {
        let text = write_project(&p);
        let has_room = p.journeys.iter().any(|j| !j.proposals.is_empty() || !j.votes.is_empty() || !j.heard.is_empty());
        let expected = if has_room { "    format: 2,\n" } else { "    format: 1,\n" };
        prop_assert!(text.contains(expected), "{}", text);
        prop_assert_eq!(has_room, text.contains("proposals: [") || text.contains("votes: [") || text.contains("heard: ["));
    }

    #[test]
    fn scores_stay_within_0_and_100_and_are_never_nan(j in journey()) {
        let a = analyse(&j);
        prop_assert!(in_range(a.mutuality.score), "mutuality {}", a.mutuality.score);
        prop_assert!(in_range(a.continuity.score), "continuity {}", a.continuity.score);
        for (_, part) in a.mutuality.parts().into_iter().chain(a.continuity.parts()) {
            prop_assert!(!part.value.is_nan() && (0.0..=1.0).contains(&part.value));
        }
        for p in &a.phases {
            prop_assert!(in_range(p.mutuality.score) && in_range(p.continuity.score));
        }
        prop_assert_eq!(a.trajectory.len(), j.touchpoints.len());
        for t in &a.trajectory {
            prop_assert!(in_range(t.mutuality) && in_range(t.continuity));
        }
        for f in &a.findings {
            for id in &f.touchpoints {
                prop_assert!(j.touchpoint(*id).is_some());
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_reader(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read_project_bytes(&bytes);
    }

    #[test]
    fn damaged_project_files_get_an_error_or_a_project_never_a_panic(
        p in project(),
        cut in any::<prop::sample::Index>(),
        insert in prop::sample::select(vec!["(", ")", "[", "]", ",", ":", "\"", "-1", "99999999999999999999999", "Some(", "/*", "r#\"", "\\u{", "\u{0}", "é"]),
    ) {
        let text = write_project(&p);
        let mut at = cut.index(text.len() + 1);
        while !text.is_char_boundary(at) { at -= 1; }
        let damaged = format!("{}{}{}", &text[..at], insert, &text[at..]);
        if let Err(e) = read_project(&damaged) {
            prop_assert!(!e.message.is_empty());
        }
        let truncated = &text[..at];
        let _ = read_project(truncated);
    }
}
