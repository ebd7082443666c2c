//! The one path for change (`rapport::edit`): edits refuse to apply to a project they were not
//! built from, undo and redo walk the history exactly, and the builders behind the workbench's
//! commands make the edits a designer expects — including the day a new touchpoint gets
//! (DESIGN.md §8).

use std::collections::BTreeSet;

use proptest::prelude::*;
use rapport::edit::build::{self, Move, NewTouchpoint, Placement};
use rapport::edit::{self, Document, Edit, Refused};
use rapport::model::{Exchange, Journey, Phase, Project, Provider, Touchpoint, TouchpointId};
use rapport::samples;
use rapport::store;

fn brightwatt() -> Project {
    store::read_project(samples::BRIGHTWATT.text).expect("the sample reads")
}

fn ids(list: &[u32]) -> BTreeSet<TouchpointId> {
    list.iter().copied().map(TouchpointId).collect()
}

fn tp(project: &Project, id: u32) -> &Touchpoint {
    project.journeys[0].touchpoint(TouchpointId(id)).expect("touchpoint")
}

fn journey(cards: &[(u32, Phase, u32, &str)]) -> Journey {
    let mut j = Journey::new("Test");
    for (id, phase, day, lane) in cards {
        j.touchpoints.push(Touchpoint::new(TouchpointId(*id), format!("T{id}"), *phase, *day, *lane));
    }
    j
}

// ----- applying and refusing ----------------------------------------------------------------

#[test]
fn an_edit_built_from_an_older_state_is_refused_and_changes_nothing() {
    let mut project = brightwatt();
    let j = &project.journeys[0];
    let gives = build::set_exchange_kind(0, j, &ids(&[4]), Exchange::OrgGives).expect("changes");
    let strong = build::set_strength(0, j, &ids(&[4]), 3).expect("changes");
    edit::apply(&mut project, &gives).expect("applies");
    let after_first = project.clone();
    // Built before the first was applied: it would silently undo "org gives".
    assert_eq!(edit::apply(&mut project, &strong), Err(Refused::Stale));
    assert_eq!(project, after_first);
}

#[test]
fn a_batch_that_fails_halfway_leaves_the_project_as_it_was() {
    let mut project = brightwatt();
    let original = project.clone();
    let j = &project.journeys[0];
    let good = build::set_strength(0, j, &ids(&[2]), 1).expect("changes");
    let stale = Edit::Touchpoint {
        journey: 0,
        before: Box::new(Touchpoint::new(
            TouchpointId(3),
            "not what is there",
            Phase::EarlyDays,
            0,
            "People",
        )),
        after: Box::new(Touchpoint::new(TouchpointId(3), "x", Phase::EarlyDays, 0, "People")),
    };
    assert_eq!(edit::apply(&mut project, &Edit::Batch(vec![good, stale])), Err(Refused::Stale));
    assert_eq!(project, original);
}

#[test]
fn a_touchpoint_with_links_cannot_be_removed_without_them() {
    let mut project = brightwatt();
    let j = &project.journeys[0];
    let (index, linked) = j
        .touchpoints
        .iter()
        .enumerate()
        .find(|(_, t)| j.links.iter().any(|l| l.from == t.id))
        .expect("a link");
    let linked = linked.clone();
    let bare = Edit::RemoveTouchpoint { journey: 0, index, touchpoint: Box::new(linked.clone()) };
    assert_eq!(edit::apply(&mut project, &bare), Err(Refused::Stale));
    let with_links = build::delete_touchpoints(0, &project.journeys[0], &[linked.id]).expect("deletes");
    edit::apply(&mut project, &with_links).expect("applies");
}

#[test]
fn undo_and_redo_walk_the_history_and_the_unsaved_marker_follows() {
    let mut doc = Document::new(brightwatt(), None);
    let original = doc.project().clone();
    let e =
        build::set_exchange_kind(0, &doc.project().journeys[0], &ids(&[4]), Exchange::OrgGives).expect("x");
    doc.apply(e, None).expect("applies");
    let changed = doc.project().clone();
    assert!(doc.is_dirty());
    assert_eq!(doc.undo(), Ok(true));
    assert_eq!(*doc.project(), original);
    assert!(!doc.is_dirty());
    assert_eq!(doc.redo(), Ok(true));
    assert_eq!(*doc.project(), changed);
    assert_eq!(doc.redo(), Ok(false));
}

#[test]
fn typing_into_one_field_is_one_undo_step_until_sealed() {
    let mut doc = Document::new(brightwatt(), None);
    let key = Some(edit::Coalesce("title".into()));
    for title in ["W", "We", "Wel"] {
        let e =
            build::change_touchpoints(0, &doc.project().journeys[0], &ids(&[2]), |t| t.title = title.into())
                .expect("changes");
        doc.apply(e, key.clone()).expect("applies");
    }
    assert_eq!(tp(doc.project(), 2).title, "Wel");
    assert_eq!(doc.undo(), Ok(true));
    assert_eq!(tp(doc.project(), 2).title, "Welcome call");
    assert!(!doc.can_undo());
}

// ----- builders -------------------------------------------------------------------------------

#[test]
fn setting_an_exchange_keeps_each_strength_and_a_neutral_card_gets_one() {
    let mut project = brightwatt();
    let mut j = project.journeys[0].clone();
    j.touchpoint_mut(TouchpointId(2)).expect("2").exchange = Exchange::Neutral;
    project.journeys[0] = j;
    let e =
        build::set_exchange_kind(0, &project.journeys[0], &ids(&[2, 6]), Exchange::CustomerGives).expect("x");
    edit::apply(&mut project, &e).expect("applies");
    assert_eq!(tp(&project, 2).exchange, Exchange::CustomerGives(1));
    assert_eq!(tp(&project, 6).exchange, Exchange::CustomerGives(3));
    assert!(build::set_exchange_kind(0, &project.journeys[0], &ids(&[6]), Exchange::CustomerGives).is_none());
}

#[test]
fn duplicates_sit_right_after_their_originals_with_new_ids() {
    let mut project = brightwatt();
    let before = project.journeys[0].touchpoints.len();
    let (e, new) = build::duplicate_touchpoints(&project, 0, &ids(&[2, 5])).expect("copies");
    edit::apply(&mut project, &e).expect("applies");
    let j = &project.journeys[0];
    assert_eq!(j.touchpoints.len(), before + 2);
    assert_eq!(new, vec![TouchpointId(13), TouchpointId(14)]);
    let order: Vec<u32> = j.touchpoints.iter().map(|t| t.id.0).collect();
    let after = |id: u32| order[order.iter().position(|&x| x == id).expect("there") + 1];
    assert_eq!(after(2), 13);
    assert_eq!(after(5), 14);
    assert_eq!(tp(&project, 13).title, "Welcome call (copy)");
    assert_eq!(tp(&project, 13).day, tp(&project, 2).day);
}

#[test]
fn linking_a_selection_draws_arrows_in_time_order_without_repeating_one() {
    let mut project = brightwatt();
    let existing = project.journeys[0].links.len();
    let e = build::link_in_time_order(0, &project.journeys[0], &ids(&[10, 2, 6])).expect("links");
    edit::apply(&mut project, &e).expect("applies");
    let links = &project.journeys[0].links[existing..];
    let pairs: Vec<(u32, u32)> = links.iter().map(|l| (l.from.0, l.to.0)).collect();
    assert_eq!(pairs, vec![(2, 6), (6, 10)]);
    assert!(build::link_in_time_order(0, &project.journeys[0], &ids(&[10, 2, 6])).is_none());
    assert!(build::link(0, &project.journeys[0], TouchpointId(2), TouchpointId(2)).is_none());
}

#[test]
fn renaming_a_lane_moves_its_touchpoints_in_the_same_step() {
    let mut doc = Document::new(brightwatt(), None);
    let j = &doc.project().journeys[0];
    let lane = j.lanes.iter().position(|l| l == "People").expect("People lane");
    let in_lane = j.touchpoints.iter().filter(|t| t.lane == "People").count();
    assert!(in_lane > 0);
    let e = build::rename_lane(0, j, lane, "  Advisers ").expect("renames");
    doc.apply(e, None).expect("applies");
    let j = &doc.project().journeys[0];
    assert_eq!(j.lanes[lane], "Advisers");
    assert_eq!(j.touchpoints.iter().filter(|t| t.lane == "Advisers").count(), in_lane);
    assert!(build::rename_lane(0, j, lane, "Digital").is_none(), "another lane's name");
    assert!(build::rename_lane(0, j, lane, "   ").is_none());
    assert_eq!(doc.undo(), Ok(true));
    assert_eq!(doc.project().journeys[0].touchpoints.iter().filter(|t| t.lane == "People").count(), in_lane);
}

#[test]
fn moving_to_the_lane_above_or_below_stops_at_the_edges() {
    let mut project = brightwatt();
    let lanes = project.journeys[0].lanes.clone();
    let lane_of = |p: &Project, id| lanes.iter().position(|l| *l == tp(p, id).lane).expect("lane");
    let (a, b) = (lane_of(&project, 1), lane_of(&project, 2));
    let e = build::move_to_lane(0, &project.journeys[0], &ids(&[1, 2]), -1).expect("moves");
    edit::apply(&mut project, &e).expect("applies");
    assert_eq!(lane_of(&project, 1), a.saturating_sub(1));
    assert_eq!(lane_of(&project, 2), b.saturating_sub(1));
    let first_lane = Journey { touchpoints: vec![], ..project.journeys[0].clone() };
    assert!(build::move_to_lane(0, &first_lane, &ids(&[1]), -1).is_none());
}

#[test]
fn moves_change_lane_phase_and_day_in_one_step() {
    let mut project = brightwatt();
    let m = Move { id: TouchpointId(4), lane: 0, phase: Phase::FirstDisagreement, day: 96 };
    let e = build::move_touchpoints(0, &project.journeys[0], &[m]).expect("moves");
    edit::apply(&mut project, &e).expect("applies");
    let t = tp(&project, 4);
    assert_eq!((t.lane.as_str(), t.phase, t.day), ("Customer", Phase::FirstDisagreement, 96));
}

#[test]
fn a_to_be_is_named_after_its_as_is_and_keeps_the_ids() {
    let project = brightwatt();
    assert_eq!(build::to_be_name("As-is"), "To-be");
    assert_eq!(build::to_be_name("as is"), "To-be");
    assert_eq!(build::to_be_name("Moving home"), "Moving home to-be");
    let (e, index) = build::duplicate_journey(&project, 0).expect("copies");
    let mut p = project.clone();
    edit::apply(&mut p, &e).expect("applies");
    assert_eq!(index, 1);
    assert_eq!(p.journeys[1].name, "To-be");
    let ids_of = |j: &Journey| j.touchpoints.iter().map(|t| t.id).collect::<Vec<_>>();
    assert_eq!(ids_of(&p.journeys[1]), ids_of(&p.journeys[0]));
    // A second copy gets a name of its own.
    let (e, _) = build::duplicate_journey(&p, 0).expect("copies");
    edit::apply(&mut p, &e).expect("applies");
    assert_eq!(p.journeys[1].name, "To-be 2");
}

#[test]
fn journeys_and_the_project_are_renamed_only_to_free_non_empty_names() {
    let project = brightwatt();
    let other = project.journeys[1].name.clone();
    assert_eq!(build::rename_journey(&project, 0, &other), Err(build::NameProblem::Taken));
    assert_eq!(build::rename_journey(&project, 0, "  "), Err(build::NameProblem::Empty));
    assert_eq!(build::rename_journey(&project, 0, "As-is"), Ok(None));
    assert!(build::rename_journey(&project, 0, "Today").expect("free").is_some());
    assert!(build::rename_project(&project, "Brightwatt Energy").is_none());
    assert!(build::rename_project(&project, "").is_none());
    let mut p = project.clone();
    edit::apply(&mut p, &build::rename_project(&project, " Brightwatt ").expect("renames")).expect("applies");
    assert_eq!(p.name, "Brightwatt");
    assert!(build::delete_journey(&Project::new("One"), 0).is_none(), "the last journey stays");
}

// ----- the day of a new touchpoint (DESIGN.md §8) -------------------------------------------------

#[test]
fn empty_phases_start_at_day_0_60_and_150() {
    let empty = Journey::new("Empty");
    assert_eq!(build::new_day(&empty, Phase::EarlyDays, Placement::EmptyPhase, &[]), 0);
    assert_eq!(build::new_day(&empty, Phase::FirstDisagreement, Placement::EmptyPhase, &[]), 60);
    assert_eq!(build::new_day(&empty, Phase::LongTerm, Placement::EmptyPhase, &[]), 150);
}

#[test]
fn an_empty_phase_starts_a_week_after_a_later_earlier_card() {
    let j = journey(&[(1, Phase::EarlyDays, 80, "Customer"), (2, Phase::FirstDisagreement, 170, "Customer")]);
    assert_eq!(build::new_day(&j, Phase::FirstDisagreement, Placement::EmptyPhase, &[]), 87);
    assert_eq!(build::new_day(&j, Phase::LongTerm, Placement::EmptyPhase, &[]), 177);
    let early = journey(&[(1, Phase::EarlyDays, 10, "Customer")]);
    assert_eq!(build::new_day(&early, Phase::LongTerm, Placement::EmptyPhase, &[]), 150);
}

#[test]
fn after_a_card_the_day_steps_by_phase() {
    let j = journey(&[
        (1, Phase::EarlyDays, 10, "Customer"),
        (2, Phase::FirstDisagreement, 100, "Customer"),
        (3, Phase::LongTerm, 300, "Customer"),
    ]);
    let after = |id| Placement::After(TouchpointId(id));
    assert_eq!(build::new_day(&j, Phase::EarlyDays, after(1), &[]), 17);
    assert_eq!(build::new_day(&j, Phase::FirstDisagreement, after(2), &[]), 103);
    assert_eq!(build::new_day(&j, Phase::LongTerm, after(3), &[]), 330);
}

#[test]
fn squeezed_between_two_cards_a_new_one_takes_the_midpoint_rounded_down() {
    let j = journey(&[(1, Phase::EarlyDays, 30, "Customer"), (2, Phase::EarlyDays, 33, "People")]);
    assert_eq!(build::new_day(&j, Phase::EarlyDays, Placement::After(TouchpointId(1)), &[]), 31);
    let tight = journey(&[(1, Phase::EarlyDays, 30, "Customer"), (2, Phase::EarlyDays, 31, "Customer")]);
    assert_eq!(build::new_day(&tight, Phase::EarlyDays, Placement::After(TouchpointId(1)), &[]), 30);
    // Room enough: the step is kept, up to the next card's own day.
    let roomy = journey(&[(1, Phase::EarlyDays, 30, "Customer"), (2, Phase::EarlyDays, 37, "Customer")]);
    assert_eq!(build::new_day(&roomy, Phase::EarlyDays, Placement::After(TouchpointId(1)), &[]), 37);
}

#[test]
fn a_card_added_on_a_tie_lands_where_it_was_placed_in_time() {
    let mut project = Project::new("P");
    project.journeys[0] =
        journey(&[(1, Phase::EarlyDays, 30, "Customer"), (2, Phase::EarlyDays, 31, "Customer")]);
    let new = NewTouchpoint {
        title: "Between".into(),
        lane: 0,
        phase: Phase::EarlyDays,
        placement: Placement::After(TouchpointId(1)),
    };
    let (e, id) = build::add_touchpoint(&project, 0, &new).expect("a journey");
    edit::apply(&mut project, &e).expect("applies");
    let j = &project.journeys[0];
    let order: Vec<TouchpointId> = j.timeline().into_iter().map(|i| j.touchpoints[i].id).collect();
    assert_eq!(order, vec![TouchpointId(1), id, TouchpointId(2)]);
    assert_eq!(j.touchpoint(id).expect("added").day, 30);
}

#[test]
fn before_a_card_a_new_one_takes_the_midpoint_with_the_card_before_it_in_its_phase() {
    let j = journey(&[(1, Phase::LongTerm, 150, "Customer"), (2, Phase::LongTerm, 190, "Customer")]);
    assert_eq!(build::new_day(&j, Phase::LongTerm, Placement::Before(TouchpointId(2)), &[]), 170);
    assert_eq!(build::new_day(&j, Phase::EarlyDays, Placement::Before(TouchpointId(1)), &[]), 150);
}

#[test]
fn a_card_added_before_the_first_of_a_later_phase_never_reads_as_an_earlier_phase() {
    // Adding to an empty Long-term lane, left of the phase's first card (day 150), used to give
    // the midpoint with the last disagreement card: day 108, before the long term began.
    let j = journey(&[
        (1, Phase::EarlyDays, 10, "Customer"),
        (2, Phase::FirstDisagreement, 66, "Customer"),
        (3, Phase::LongTerm, 150, "People"),
    ]);
    assert_eq!(build::new_day(&j, Phase::LongTerm, Placement::Before(TouchpointId(3)), &[]), 150);
    assert_eq!(build::new_day(&j, Phase::FirstDisagreement, Placement::Before(TouchpointId(2)), &[]), 66);
}

#[test]
fn a_dragged_card_is_left_out_of_its_own_day() {
    let j = journey(&[(1, Phase::EarlyDays, 10, "Customer"), (2, Phase::EarlyDays, 12, "Customer")]);
    let moving = [TouchpointId(2)];
    assert_eq!(build::new_day(&j, Phase::EarlyDays, Placement::After(TouchpointId(1)), &moving), 17);
}

// ----- random sequences -----------------------------------------------------------------------

/// One user action, picked at random, turned into an edit by the builders.
fn action(project: &Project, kind: u8, pick: &[u32]) -> Option<Edit> {
    let j = project.journeys.first()?;
    let ids: BTreeSet<TouchpointId> = pick
        .iter()
        .filter_map(|k| j.touchpoints.get(*k as usize % j.touchpoints.len().max(1)))
        .map(|t| t.id)
        .collect();
    let first = ids.iter().next().copied();
    match kind % 10 {
        0 => build::set_exchange_kind(0, j, &ids, Exchange::OrgTakes),
        1 => build::set_strength(0, j, &ids, 1 + (pick.len() % 3) as u8),
        2 => build::delete_touchpoints(0, j, &ids.iter().copied().collect::<Vec<_>>()),
        3 => build::duplicate_touchpoints(project, 0, &ids).map(|(e, _)| e),
        4 => build::link_in_time_order(0, j, &ids),
        5 => build::add_touchpoint(
            project,
            0,
            &NewTouchpoint {
                title: "New".into(),
                lane: pick.len() % j.lanes.len().max(1),
                phase: Phase::ALL[pick.len() % 3],
                placement: first.map_or(Placement::EmptyPhase, Placement::After),
            },
        )
        .map(|(e, _)| e),
        6 => build::move_to_lane(0, j, &ids, if pick.len().is_multiple_of(2) { 1 } else { -1 }),
        7 => build::change_touchpoints(0, j, &ids, |t| {
            t.provider = Provider::Person("Priya".into());
            t.two_way = !t.two_way;
        }),
        8 => build::duplicate_journey(project, 0).map(|(e, _)| e),
        _ => build::rename_lane(0, j, 0, &format!("Lane {}", pick.len())),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn undoing_every_edit_gives_back_the_original_and_redoing_gives_the_final(
        steps in proptest::collection::vec((any::<u8>(), proptest::collection::vec(0u32..40, 0..4)), 1..25)
    ) {
        let mut doc = Document::new(brightwatt(), None);
        let original = doc.project().clone();
        let mut applied = 0;
        for (kind, pick) in &steps {
            if let Some(e) = action(doc.project(), *kind, pick) {
                doc.apply(e, None).expect("an edit built from the project as it is applies");
                applied += 1;
            }
        }
        let last = doc.project().clone();
        for _ in 0..applied {
            prop_assert_eq!(doc.undo(), Ok(true));
        }
        prop_assert_eq!(doc.project(), &original);
        for _ in 0..applied {
            prop_assert_eq!(doc.redo(), Ok(true));
        }
        prop_assert_eq!(doc.project(), &last);
        // The text round trip holds for whatever the edits made.
        let again = store::read_project(&store::write_project(doc.project())).expect("still a valid project");
        prop_assert_eq!(&again, &last);
    }

    #[test]
    fn an_edit_applied_to_a_project_that_moved_on_changes_nothing(
        first in (any::<u8>(), proptest::collection::vec(0u32..40, 1..4)),
        second in (any::<u8>(), proptest::collection::vec(0u32..40, 1..4)),
    ) {
        let mut project = brightwatt();
        let (Some(a), Some(b)) = (action(&project, first.0, &first.1), action(&project, second.0, &second.1)) else {
            return Ok(());
        };
        edit::apply(&mut project, &a).expect("applies");
        let moved_on = project.clone();
        // Both were built from the original; the second either still fits or changes nothing.
        if edit::apply(&mut project, &b).is_err() {
            prop_assert_eq!(&project, &moved_on);
        }
    }
}

// ----- the rules every file obeys (DESIGN.md §11) ---------------------------------------------

#[test]
fn an_edit_that_would_give_two_journeys_one_name_is_refused_and_says_why() {
    let mut project = store::read_project(samples::HIGH_STREET_BANK.text).expect("sample");
    let to = project.journeys.iter().position(|j| j.name == "To-be").expect("to-be");
    let before = edit::JourneyMeta::of(&project.journeys[to]);
    let after = edit::JourneyMeta { name: "As-is".into(), ..before.clone() };
    let unchanged = project.clone();
    let refused = edit::apply(&mut project, &Edit::JourneyMeta { journey: to, before, after });
    let Err(Refused::Breaks(why)) = refused else { panic!("refused for the rule: {refused:?}") };
    assert!(why.to_string().contains("two journeys would be called “As-is”"), "{why}");
    assert_eq!(project, unchanged, "nothing changed");
}

#[test]
fn a_touchpoint_moved_to_a_lane_the_journey_lacks_or_given_strength_four_is_refused() {
    let mut project = brightwatt();
    let unchanged = project.clone();
    let j = &project.journeys[0];
    let lane = build::change_touchpoints(0, j, &ids(&[2]), |t| t.lane = "Nowhere".into()).expect("an edit");
    let strength =
        build::change_touchpoints(0, j, &ids(&[2]), |t| t.exchange = Exchange::OrgGives(4)).expect("x");
    let feeling = build::change_touchpoints(0, j, &ids(&[2]), |t| t.feeling = Some(3)).expect("x");
    for e in [lane, strength, feeling] {
        assert!(matches!(edit::apply(&mut project, &e), Err(Refused::Breaks(_))), "{e:?}");
        assert_eq!(project, unchanged);
    }
}

#[test]
fn a_lane_with_touchpoints_cannot_be_removed_and_the_last_lane_stays() {
    let mut project = brightwatt();
    let used = project.journeys[0].lanes.iter().position(|l| l == "People").expect("lane");
    let e = build::remove_lane(0, &project.journeys[0], used).expect("an edit");
    assert!(matches!(edit::apply(&mut project, &e), Err(Refused::Breaks(_))));
    let mut empty = Project::new("P");
    empty.journeys[0].lanes = vec!["Only".into()];
    let e = build::remove_lane(0, &empty.journeys[0], 0).expect("an edit");
    assert!(matches!(edit::apply(&mut empty, &e), Err(Refused::Breaks(_))));
}

// ----- the unsaved marker (DESIGN.md §11) -----------------------------------------------------

/// Sets touchpoint `id`'s strength in journey 0, as the `1`–`3` keys do.
fn set_strength(doc: &mut Document, id: u32, s: u8) {
    let e = build::set_strength(0, &doc.project().journeys[0], &ids(&[id]), s).expect("a change");
    doc.apply(e, None).expect("applies");
}

#[test]
fn undoing_past_the_undo_limit_leaves_the_project_unsaved_when_it_differs_from_the_file() {
    let mut doc = Document::new(brightwatt(), None);
    let file = doc.project().clone();
    // A long workshop: the first change is to card 2, then 509 to card 3.
    set_strength(&mut doc, 2, 3);
    for i in 0..509 {
        set_strength(&mut doc, 3, if i % 2 == 0 { 1 } else { 3 });
    }
    let mut undone = 0;
    while doc.undo() == Ok(true) {
        undone += 1;
    }
    assert_eq!(undone, edit::MAX_UNDO);
    assert_ne!(*doc.project(), file, "the oldest steps are gone, so card 2 keeps strength 3");
    assert!(doc.is_dirty(), "the project differs from its file");
}

#[test]
fn undoing_back_to_the_saved_project_is_clean_and_so_is_a_value_set_back_by_hand() {
    let mut doc = Document::new(brightwatt(), None);
    set_strength(&mut doc, 2, 3);
    assert!(doc.is_dirty());
    assert_eq!(doc.undo(), Ok(true));
    assert!(!doc.is_dirty(), "undone back to what the file holds");
    set_strength(&mut doc, 2, 3);
    set_strength(&mut doc, 2, 2);
    assert!(!doc.is_dirty(), "the same project as the file, by another way");
    doc.mark_saved("x.ron".into());
    set_strength(&mut doc, 2, 1);
    assert_eq!(doc.undo(), Ok(true));
    assert!(!doc.is_dirty());
}

#[test]
fn a_save_of_an_older_snapshot_leaves_the_newer_edits_unsaved() {
    let mut doc = Document::new(brightwatt(), None);
    set_strength(&mut doc, 2, 3);
    let snapshot = doc.snapshot();
    set_strength(&mut doc, 2, 1);
    doc.saved_as("x.ron".into(), snapshot);
    assert!(doc.is_dirty(), "the file holds strength 3, the project strength 1");
    assert_eq!(doc.undo(), Ok(true));
    assert!(!doc.is_dirty(), "undone to what was saved");
}

// ----- any sequence of workbench edits saves and reopens (DESIGN.md §11) -----------------------

/// Text of every kind a facilitator types: names of other journeys and lanes, empty, spaces,
/// quotes, escapes, control characters, other scripts.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("As-is".to_owned()),
        Just("To-be".to_owned()),
        Just("Customer".to_owned()),
        Just("People".to_owned()),
        Just(String::new()),
        Just("  ".to_owned()),
        Just("\"quoted\" \\ back\\slash\nnew line\t tab \u{7} bell \u{202e}rtl".to_owned()),
        "[a-zA-Z ,.'-]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(16).collect()),
    ]
}

/// One thing a user does in the workbench, as the builders (or the inspector) make it.
#[derive(Clone, Debug)]
enum Act {
    Builder(u8, Vec<u32>),
    RenameJourney(usize, String),
    TypeJourneyName(usize, String),
    Persona(usize, String),
    RenameProject(String),
    RenameLane(usize, usize, String),
    AddLane(usize),
    RemoveLane(usize, usize),
    LaneUp(usize, usize),
    Field(usize, u32, u8, String, i16),
    NewJourney,
    DeleteJourney(usize),
    Link(usize, u32, u32),
    Undo,
    Redo,
}

fn act() -> impl Strategy<Value = Act> {
    let j = 0usize..3;
    prop_oneof![
        (any::<u8>(), proptest::collection::vec(0u32..40, 0..4)).prop_map(|(k, p)| Act::Builder(k, p)),
        (j.clone(), typed()).prop_map(|(j, n)| Act::RenameJourney(j, n)),
        (j.clone(), typed()).prop_map(|(j, n)| Act::TypeJourneyName(j, n)),
        (j.clone(), typed()).prop_map(|(j, n)| Act::Persona(j, n)),
        typed().prop_map(Act::RenameProject),
        (j.clone(), 0usize..4, typed()).prop_map(|(j, l, n)| Act::RenameLane(j, l, n)),
        j.clone().prop_map(Act::AddLane),
        (j.clone(), 0usize..4).prop_map(|(j, l)| Act::RemoveLane(j, l)),
        (j.clone(), 0usize..4).prop_map(|(j, l)| Act::LaneUp(j, l)),
        (j.clone(), 0u32..40, 0u8..8, typed(), -4i16..6)
            .prop_map(|(j, t, f, s, n)| Act::Field(j, t, f, s, n)),
        Just(Act::NewJourney),
        j.clone().prop_map(Act::DeleteJourney),
        (j, 0u32..40, 0u32..40).prop_map(|(j, a, b)| Act::Link(j, a, b)),
        Just(Act::Undo),
        Just(Act::Redo),
    ]
}

/// The edit an act makes from the project as it is, if any; any field may get any value (a
/// lane that is not there, strength 0 or 4, feeling 3): the rules decide.
fn edit_of(project: &Project, act: &Act) -> Option<Edit> {
    let journey = |j: usize| project.journeys.get(j % project.journeys.len());
    let index = |j: usize| j % project.journeys.len();
    let card = |j: &Journey, k: u32| j.touchpoints.get(k as usize % j.touchpoints.len().max(1)).map(|t| t.id);
    match act {
        Act::Builder(kind, pick) => action(project, *kind, pick),
        Act::RenameJourney(j, n) => build::rename_journey(project, index(*j), n).ok().flatten(),
        Act::TypeJourneyName(j, n) => {
            // What a careless inspector would send: the typed name, unchecked.
            let before = edit::JourneyMeta::of(journey(*j)?);
            let after = edit::JourneyMeta { name: n.clone(), ..before.clone() };
            (after != before).then_some(Edit::JourneyMeta { journey: index(*j), before, after })
        }
        Act::Persona(j, n) => build::set_persona(index(*j), journey(*j)?, n),
        Act::RenameProject(n) => build::rename_project(project, n),
        Act::RenameLane(j, l, n) => build::rename_lane(index(*j), journey(*j)?, *l, n),
        Act::AddLane(j) => build::add_lane(index(*j), journey(*j)?),
        Act::RemoveLane(j, l) => build::remove_lane(index(*j), journey(*j)?, *l),
        Act::LaneUp(j, l) => build::move_lane_up(index(*j), journey(*j)?, *l),
        Act::Field(j, k, field, text, n) => {
            let jr = journey(*j)?;
            let id = card(jr, *k)?;
            build::change_touchpoints(index(*j), jr, &[id].into(), |t| match field {
                0 => t.title = text.clone(),
                1 => t.lane = text.clone(),
                2 => t.provider = Provider::Person(text.clone()),
                3 => t.provider = Provider::Team(text.clone()),
                4 => t.exchange = Exchange::OrgTakes(*n as u8),
                5 => t.feeling = Some(*n as i8),
                6 => t.tags = text.split(',').map(str::to_owned).collect(),
                _ => t.notes = text.clone(),
            })
        }
        Act::NewJourney => Some(build::new_journey(project).0),
        Act::DeleteJourney(j) => build::delete_journey(project, index(*j)),
        Act::Link(j, a, b) => {
            let jr = journey(*j)?;
            build::link(index(*j), jr, card(jr, *a)?, card(jr, *b)?)
        }
        Act::Undo | Act::Redo => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_sequence_of_workbench_edits_saves_and_reopens_as_the_same_project(
        acts in proptest::collection::vec(act(), 1..30)
    ) {
        let mut doc = Document::new(store::read_project(samples::HIGH_STREET_BANK.text).expect("sample"), None);
        for a in &acts {
            match a {
                Act::Undo => { let _ = doc.undo(); }
                Act::Redo => { let _ = doc.redo(); }
                _ => {
                    if let Some(e) = edit_of(doc.project(), a) {
                        let before = doc.project().clone();
                        if doc.apply(e, None).is_err() {
                            prop_assert_eq!(doc.project(), &before, "a refused edit changes nothing");
                        }
                    }
                }
            }
        }
        let text = store::write_project(doc.project());
        let again = store::read_project(&text);
        prop_assert!(again.is_ok(), "{:?}\n{}", again.err(), text);
        prop_assert_eq!(&again.expect("reads"), doc.project());
    }
}

// ----- the room's proposals (DESIGN.md §15) -------------------------------------------------

fn proposal(id: u32, title: &str, phase: Phase, lane: Option<&str>) -> rapport::model::Proposal {
    rapport::model::Proposal {
        id,
        title: title.to_owned(),
        phase,
        lane: lane.map(str::to_owned),
        feeling: Some(-1),
        from: rapport::model::Participant(3),
        at: rapport::model::Timestamp(0),
        status: rapport::model::ProposalStatus::Pending,
    }
}

#[test]
fn accepting_a_proposal_adds_its_card_at_the_end_of_its_phase_and_lane_in_one_undo_step() {
    use rapport::model::ProposalStatus;
    let mut project = brightwatt();
    project.journeys[0].proposals.push(proposal(
        1,
        "Waited on hold",
        Phase::FirstDisagreement,
        Some("People"),
    ));
    let before = project.clone();
    let mut doc = Document::new(project, None);
    let (e, id) = build::accept_proposal(doc.project(), 0, 1).expect("pending");
    assert_eq!(id, doc.project().next_touchpoint_id());
    doc.apply(e, None).expect("applies");
    let j = &doc.project().journeys[0];
    let card = j.touchpoint(id).expect("the card");
    assert_eq!(
        (card.title.as_str(), card.phase, card.lane.as_str(), card.feeling),
        ("Waited on hold", Phase::FirstDisagreement, "People", Some(-1))
    );
    let latest = j
        .touchpoints
        .iter()
        .filter(|t| t.phase == Phase::FirstDisagreement && t.id != id)
        .map(|t| t.day)
        .max();
    assert!(latest.is_none_or(|d| card.day >= d), "at the end of its phase: day {}", card.day);
    assert_eq!(j.proposals[0].status, ProposalStatus::Accepted(id));
    assert!(build::accept_proposal(doc.project(), 0, 1).is_none(), "accepted once");
    // Deleting the card sends the proposal back to the tray; undo accepts it again.
    let del = build::delete_touchpoints(0, &doc.project().journeys[0], &[id]).expect("deletes");
    doc.apply(del, None).expect("a card accepted from a proposal can be deleted");
    assert_eq!(doc.project().journeys[0].proposals[0].status, ProposalStatus::Pending);
    doc.undo().expect("undoes");
    assert_eq!(doc.project().journeys[0].proposals[0].status, ProposalStatus::Accepted(id));
    doc.undo().expect("undoes");
    assert_eq!(*doc.project(), before);
    // Dismiss and restore.
    let d = build::dismiss_or_restore_proposal(0, &doc.project().journeys[0], 1).expect("dismisses");
    doc.apply(d, None).expect("applies");
    assert_eq!(doc.project().journeys[0].proposals[0].status, ProposalStatus::Dismissed);
    let r = build::dismiss_or_restore_proposal(0, &doc.project().journeys[0], 1).expect("restores");
    doc.apply(r, None).expect("applies");
    assert_eq!(doc.project().journeys[0].proposals[0].status, ProposalStatus::Pending);
}

#[test]
fn what_the_room_sends_is_outside_undo_and_keeps_the_unsaved_marker_true() {
    let mut doc = Document::new(brightwatt(), None);
    let e = build::rename_project(doc.project(), "Renamed").expect("edit");
    doc.apply(e, None).expect("applies");
    let saved = doc.snapshot();
    doc.saved_as(std::path::PathBuf::from("/tmp/x.ron"), saved);
    assert!(!doc.is_dirty());
    let r0 = doc.revision();
    assert!(doc.apply_outside_history(|p| {
        p.journeys[0].proposals.push(proposal(7, "From a phone", Phase::LongTerm, None));
        true
    }));
    assert!(doc.is_dirty(), "an arrival is unsaved work");
    assert_ne!(doc.revision(), r0);
    // Undo and redo walk the edits around the arrival and never take it away; back at the
    // saved edit, the marker still says the proposal is not on disk.
    doc.undo().expect("undoes");
    assert_eq!(doc.project().journeys[0].proposals.len(), 1);
    doc.redo().expect("redoes");
    assert_eq!(doc.project().name, "Renamed");
    assert_eq!(doc.project().journeys[0].proposals.len(), 1);
    assert!(doc.is_dirty(), "the saved revision is not what the project holds now");
    assert!(!doc.apply_outside_history(|_| false), "nothing changed, nothing recorded");
}

#[test]
fn a_card_with_dots_and_feeling_answers_can_be_deleted_and_undo_brings_them_back() {
    use rapport::model::{Ballot, Heard, Participant, Vote};
    let mut project = brightwatt();
    let j = &mut project.journeys[0];
    let (a, b) = (j.touchpoints[0].id, j.touchpoints[1].id);
    j.votes.push(Vote {
        id: 1,
        question: "Which matter most?".to_owned(),
        dots: 3,
        open: true,
        revealed: false,
        ballots: vec![
            Ballot { from: Participant(1), touchpoint: a },
            Ballot { from: Participant(1), touchpoint: b },
            Ballot { from: Participant(2), touchpoint: a },
        ],
    });
    j.heard.push(Heard { from: Participant(1), touchpoint: a, feeling: -2 });
    j.heard.push(Heard { from: Participant(2), touchpoint: b, feeling: 1 });
    let before = project.clone();
    let mut doc = Document::new(project, None);
    let e = build::delete_touchpoints(0, &doc.project().journeys[0], &[a, b]).expect("deletes");
    doc.apply(e, None).expect("a card the room voted on can be deleted");
    let j = &doc.project().journeys[0];
    assert!(j.votes[0].ballots.is_empty() && j.heard.is_empty(), "its dots and answers went with it");
    doc.undo().expect("undoes");
    assert_eq!(*doc.project(), before, "undo brings the cards, the dots and the answers back, in place");
    // A to-be made from it starts without the room's data.
    let (e, k) = build::duplicate_journey(doc.project(), 0).expect("duplicates");
    doc.apply(e, None).expect("applies");
    let copy = &doc.project().journeys[k];
    assert!(copy.votes.is_empty() && copy.heard.is_empty() && copy.proposals.is_empty());
}

fn waiting(id: u32, from: u32, lane: Option<&str>) -> rapport::model::Proposal {
    rapport::model::Proposal {
        id,
        title: format!("Proposal {id}"),
        phase: Phase::LongTerm,
        lane: lane.map(str::to_owned),
        feeling: None,
        from: rapport::model::Participant(from),
        at: rapport::model::Timestamp(u64::from(id)),
        status: rapport::model::ProposalStatus::Pending,
    }
}

#[test]
fn renaming_a_lane_takes_its_waiting_proposals_along_so_accepting_lands_them_there() {
    let mut p = store::read_project(samples::DEFAULT.text).expect("reads");
    let lane = p.journeys[0].lanes[1].clone();
    p.journeys[0].proposals = vec![waiting(900, 2, Some(&lane)), waiting(901, 2, None)];
    let mut doc = Document::new(p, None);
    let rename = build::rename_lane(0, &doc.project().journeys[0], 1, "Staff").expect("a rename");
    doc.apply(rename, None).expect("applies");
    assert_eq!(doc.project().journeys[0].proposals[0].lane.as_deref(), Some("Staff"));
    assert_eq!(doc.project().journeys[0].proposals[1].lane, None, "a proposal without a lane keeps none");
    let (accept, id) = build::accept_proposal(doc.project(), 0, 900).expect("accepts");
    doc.apply(accept, None).expect("applies");
    assert_eq!(doc.project().journeys[0].touchpoint(id).expect("the card").lane, "Staff");
    doc.undo().expect("undoes");
    doc.undo().expect("undoes");
    assert_eq!(
        doc.project().journeys[0].proposals[0].lane.as_deref(),
        Some(lane.as_str()),
        "undo renames it back"
    );
}

#[test]
fn dismissing_all_from_one_participant_is_one_step_and_leaves_the_others() {
    let mut p = store::read_project(samples::DEFAULT.text).expect("reads");
    p.journeys[0].proposals =
        (1..=40).map(|i| waiting(900 + i, 2, None)).chain([waiting(990, 3, None)]).collect();
    let mut doc = Document::new(p, None);
    let e =
        build::dismiss_all_from(0, &doc.project().journeys[0], rapport::model::Participant(2)).expect("some");
    doc.apply(e, None).expect("applies");
    let pending = |d: &Document| {
        d.project().journeys[0]
            .proposals
            .iter()
            .filter(|p| p.status == rapport::model::ProposalStatus::Pending)
            .count()
    };
    assert_eq!(pending(&doc), 1, "P3's proposal waits");
    assert!(build::dismiss_all_from(0, &doc.project().journeys[0], rapport::model::Participant(2)).is_none());
    doc.undo().expect("undoes");
    assert_eq!(pending(&doc), 41, "one undo brings all forty back");
}

#[test]
fn the_document_counts_the_proposals_its_file_does_not_have() {
    let mut p = store::read_project(samples::DEFAULT.text).expect("reads");
    p.journeys[0].proposals = vec![waiting(900, 2, None)];
    let mut doc = Document::new(p, None);
    assert_eq!(doc.unsaved_proposals(), 0, "opened from its file");
    doc.apply_outside_history(|p| {
        p.journeys[0].proposals.extend([waiting(901, 2, None), waiting(902, 4, None)]);
        true
    });
    assert_eq!(doc.unsaved_proposals(), 2);
    doc.mark_saved(std::path::PathBuf::from("saved.ron"));
    assert_eq!(doc.unsaved_proposals(), 0);
}

// ---------------------------------------------------------------------------------------------
// Review threads (DESIGN.md §18): each action one undo step; nothing lost with a card.

#[test]
fn commenting_replying_resolving_and_deleting_are_each_one_undo_step() {
    use rapport::model::{ThreadOn, Timestamp};
    let p = store::read_project(samples::DEFAULT.text).expect("reads");
    let card = p.journeys[0].touchpoints[0].clone();
    let mut doc = Document::new(p, None);
    let at = Timestamp(1_765_000_000);
    let (e, id) = build::start_thread(
        doc.project(),
        0,
        ThreadOn::Touchpoint(card.id),
        "Ann",
        at,
        "  Why?\r\nReally?  ",
    )
    .expect("a thread");
    doc.apply(e, None).expect("applies");
    let t = &doc.project().journeys[0].threads[0];
    assert_eq!(
        (t.id, t.about.as_str(), t.comments[0].text.as_str()),
        (id, card.title.as_str(), "Why?\nReally?")
    );
    assert_eq!(doc.project().file_format(), 3);
    let steps: Vec<Edit> =
        vec![build::reply(0, &doc.project().journeys[0], id, "Priya", at, "Legal asked").expect("a reply")];
    for e in steps {
        doc.apply(e, None).expect("applies");
    }
    doc.apply(build::set_resolved(0, &doc.project().journeys[0], id, true).expect("resolves"), None)
        .expect("applies");
    assert!(doc.project().journeys[0].threads[0].resolved);
    assert_eq!(doc.project().journeys[0].open_threads_on(card.id), 0);
    doc.undo().expect("undoes");
    assert_eq!(doc.project().journeys[0].open_threads_on(card.id), 1, "reopened by undo");
    doc.apply(build::delete_comment(0, &doc.project().journeys[0], id, 1).expect("deletes"), None)
        .expect("applies");
    assert_eq!(doc.project().journeys[0].threads[0].comments.len(), 1);
    doc.apply(build::delete_comment(0, &doc.project().journeys[0], id, 0).expect("deletes"), None)
        .expect("applies");
    assert!(doc.project().journeys[0].threads.is_empty(), "the last comment takes its thread");
    doc.undo().expect("undoes");
    doc.undo().expect("undoes");
    assert_eq!(doc.project().journeys[0].threads[0].comments.len(), 2);
    assert!(
        build::start_thread(doc.project(), 0, ThreadOn::Journey, "Ann", at, " \n ").is_none(),
        "nothing to post"
    );
}

#[test]
fn a_deleted_cards_threads_stay_and_undo_puts_the_card_back_under_them() {
    use rapport::model::{ThreadOn, Timestamp};
    let p = store::read_project(samples::DEFAULT.text).expect("reads");
    let card = p.journeys[0].touchpoints.iter().max_by_key(|t| t.id.0).expect("a card").clone();
    let mut doc = Document::new(p, None);
    let (e, _) =
        build::start_thread(doc.project(), 0, ThreadOn::Touchpoint(card.id), "Ann", Timestamp(0), "Hm")
            .expect("a thread");
    doc.apply(e, None).expect("applies");
    let delete = build::delete_touchpoints(0, &doc.project().journeys[0], &[card.id]).expect("deletes");
    doc.apply(delete, None).expect("applies");
    let j = &doc.project().journeys[0];
    assert!(j.touchpoint(card.id).is_none());
    assert_eq!(j.threads.len(), 1, "the thread stays, on a removed card");
    assert!(rapport::comments::on_words(j, &j.threads[0]).contains("a removed card"));
    assert!(store::read_project(&store::write_project(doc.project())).is_ok(), "and the file reads");
    assert_ne!(doc.project().next_touchpoint_id(), card.id, "a new card never takes the removed card's id");
    doc.undo().expect("undoes");
    assert_eq!(doc.project().journeys[0].open_threads_on(card.id), 1, "the card is back under its thread");
    let (dup, _) = build::duplicate_journey(doc.project(), 0).expect("duplicates");
    doc.apply(dup, None).expect("applies");
    assert!(doc.project().journeys[1].threads.is_empty(), "Duplicate as to-be starts without threads");
}
