//! The diagram's geometry (`rapport::layout`): a layout that takes the shape of the screen —
//! cards wrap onto rows per lane, time order kept, never overlapping — the fit that picks the
//! largest cards for a view, readable titles at the fitted size (DESIGN.md §8.1), and links
//! routed around the cards.

use proptest::prelude::*;
use rapport::layout::card::{self, Detail};
use rapport::layout::feeling::FeelingCurve;
use rapport::layout::{self, Layout, LayoutOptions, Point, Rect};
use rapport::model::{Journey, Link, Phase, Project, TouchpointId};
use rapport::samples;
use rapport::store;

/// The canvas of the workbench at 1366×768 with both side panels open (points).
const LAPTOP_CANVAS: (f32, f32) = (765.0, 690.0);

/// What the canvas lays out: the feeling curve under the grid.
const CANVAS: LayoutOptions = LayoutOptions { feeling: FeelingCurve::Even, ..LayoutOptions::STRIP };

fn sample(text: &str) -> Project {
    store::read_project(text).expect("the sample reads")
}

fn all_sample_journeys() -> Vec<Journey> {
    [samples::BRIGHTWATT.text, samples::MOBILE_NETWORK.text, samples::HIGH_STREET_BANK.text]
        .into_iter()
        .flat_map(|t| sample(t).journeys)
        .collect()
}

/// The bank's as-is (18 touchpoints) spread over four lanes, as a workshop would draw it.
fn workshop_journey() -> Journey {
    let mut j = sample(samples::HIGH_STREET_BANK.text).journeys.remove(0);
    j.lanes.push("Partners".to_owned());
    for (k, t) in j.touchpoints.iter_mut().enumerate() {
        if k % 4 == 3 {
            t.lane = "Partners".to_owned();
        }
    }
    assert_eq!(j.touchpoints.len(), 18);
    j
}

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.intersects(b)
}

fn check_no_overlap(l: &Layout) {
    for (i, a) in l.cards.iter().enumerate() {
        for b in &l.cards[i + 1..] {
            assert!(!overlaps(&a.rect, &b.rect), "{:?} overlaps {:?}", a.id, b.id);
        }
    }
}

/// Within each lane of each phase, cards read left to right then down in timeline order.
fn check_time_order(j: &Journey, l: &Layout) {
    for lane in 0..j.lanes.len() {
        for phase in Phase::ALL {
            let mut cell: Vec<_> = l.cards.iter().filter(|c| c.lane == lane && c.phase == phase).collect();
            cell.sort_by(|a, b| {
                a.rect.min.y.total_cmp(&b.rect.min.y).then(a.rect.min.x.total_cmp(&b.rect.min.x))
            });
            let days: Vec<(u32, usize)> =
                cell.iter().map(|c| (j.touchpoints[c.index].day, c.index)).collect();
            let mut sorted = days.clone();
            sorted.sort();
            assert_eq!(days, sorted, "lane {lane} {phase:?}");
        }
    }
}

#[test]
fn a_workshop_journey_fitted_to_a_laptop_canvas_has_every_title_readable_in_full() {
    let j = workshop_journey();
    let (options, zoom) = layout::fit(&j, LAPTOP_CANVAS.0, LAPTOP_CANVAS.1, &CANVAS);
    let detail = Detail::for_scale(zoom);
    let px = detail.title_size() * zoom;
    assert!(px >= card::READABLE_PX, "titles at {px:.1} px (zoom {zoom:.3}, {detail:?}, {options:?})");
    let l = layout::layout_with(&j, &options);
    assert_eq!(l.cards.len(), 18);
    for c in &l.cards {
        let marks = card::card_marks(&c.rect, &j.touchpoints[c.index], false, detail);
        let lines: Vec<String> = marks
            .iter()
            .filter_map(|m| match m {
                layout::marks::Mark::Text { text, size, .. } if *size == detail.title_size() => {
                    Some(text.clone())
                }
                _ => None,
            })
            .collect();
        assert!(
            !lines.iter().any(|l| l.ends_with('…')),
            "{:?} is cut: {lines:?}",
            j.touchpoints[c.index].title
        );
    }
    check_no_overlap(&l);
    check_time_order(&j, &l);
}

#[test]
fn every_sample_fitted_to_a_laptop_canvas_reads_at_twelve_pixels_or_more() {
    for j in all_sample_journeys() {
        let (_, zoom) = layout::fit(&j, LAPTOP_CANVAS.0, LAPTOP_CANVAS.1, &CANVAS);
        let px = Detail::for_scale(zoom).title_size() * zoom;
        assert!(px >= card::READABLE_PX, "{}: {px:.1} px at zoom {zoom:.3}", j.name);
    }
}

#[test]
fn fitting_wraps_a_long_journey_and_makes_its_cards_larger_than_the_strip() {
    let j = workshop_journey();
    let (w, h) = LAPTOP_CANVAS;
    let strip = layout::layout(&j);
    let strip_zoom = (w / (strip.bounds.width() + 32.0)).min(h / (strip.bounds.height() + 32.0));
    let (options, zoom) = layout::fit(&j, w, h, &LayoutOptions::STRIP);
    assert!(options.columns.iter().any(|c| *c > 0), "it wraps: {options:?}");
    assert!(zoom > 1.5 * strip_zoom, "fitted {zoom:.3} against the strip's {strip_zoom:.3}");
}

#[test]
fn a_short_journey_on_a_large_screen_keeps_its_time_aligned_strip() {
    let j = sample(samples::BRIGHTWATT.text).journeys.remove(0);
    let (options, zoom) = layout::fit(&j, 3000.0, 1200.0, &LayoutOptions::STRIP);
    assert_eq!(options, LayoutOptions::STRIP);
    assert!(zoom <= 1.0);
}

#[test]
fn one_phase_fills_the_view_on_its_own() {
    let j = workshop_journey();
    let (all, whole) = layout::fit(&j, 1366.0, 700.0, &LayoutOptions::STRIP);
    let (one, phase) = layout::fit(
        &j,
        1366.0,
        700.0,
        &LayoutOptions { only: Some(Phase::FirstDisagreement), ..LayoutOptions::STRIP },
    );
    assert_eq!(one.only, Some(Phase::FirstDisagreement));
    assert!(phase >= whole, "{phase} < {whole} ({all:?} / {one:?})");
    let l = layout::layout_with(&j, &one);
    assert_eq!(l.phases.len(), 1);
    assert!(l.cards.iter().all(|c| c.phase == Phase::FirstDisagreement));
    let expected = j.touchpoints.iter().filter(|t| t.phase == Phase::FirstDisagreement).count();
    assert_eq!(l.cards.len(), expected);
}

#[test]
fn the_next_slot_of_a_cell_follows_its_last_card() {
    let j = workshop_journey();
    let l = layout::layout_with(&j, &LayoutOptions { columns: [2, 2, 2], ..LayoutOptions::STRIP });
    for lane in 0..j.lanes.len() {
        for phase in Phase::ALL {
            if let Some(slot) = l.next_slot(lane, phase) {
                let cell = l.cell_rect(lane, phase).expect("cell");
                assert!(slot.min.x >= cell.min.x && slot.max.x <= cell.max.x && slot.max.y <= cell.max.y);
                assert!(!l.cards.iter().any(|c| c.rect.intersects(&slot)), "the slot is free");
            }
        }
    }
}

/// Whether the segment from `a` to `b` passes through the inside of `r` (touching its edge is
/// not crossing).
fn crosses(a: Point, b: Point, r: &Rect) -> bool {
    let inner =
        Rect { min: Point::new(r.min.x + 0.5, r.min.y + 0.5), max: Point::new(r.max.x - 0.5, r.max.y - 0.5) };
    // Sample along the segment: routes are axis-parallel or short, so this is exact enough.
    (0..=200).any(|k| {
        let t = k as f32 / 200.0;
        inner.contains(Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t))
    })
}

fn check_links(l: &Layout) {
    for link in &l.links {
        for pair in link.points.windows(2) {
            for c in &l.cards {
                if c.id == link.from || c.id == link.to {
                    continue;
                }
                assert!(
                    !crosses(pair[0], pair[1], &c.rect),
                    "link {:?}→{:?} crosses card {:?}",
                    link.from,
                    link.to,
                    c.id
                );
            }
        }
        for end in [link.from, link.to] {
            let r = l.card(end).expect("card").rect;
            for pair in link.points.windows(2) {
                assert!(
                    !crosses(pair[0], pair[1], &r),
                    "link {:?}→{:?} runs through its own end",
                    link.from,
                    link.to
                );
            }
        }
    }
}

/// Every touchpoint linked to every later one, so routes go everywhere.
fn densely_linked(mut j: Journey) -> Journey {
    let ids: Vec<TouchpointId> = j.touchpoints.iter().map(|t| t.id).collect();
    j.links = ids.iter().zip(ids.iter().skip(3)).map(|(a, b)| Link { from: *a, to: *b }).collect();
    j.links.extend(ids.iter().zip(ids.iter().skip(1)).map(|(a, b)| Link { from: *b, to: *a }));
    j
}

#[test]
fn no_link_runs_through_a_card_in_the_strip_or_wrapped() {
    for j in all_sample_journeys().into_iter().map(densely_linked) {
        for columns in [[0, 0, 0], [1, 1, 1], [2, 2, 2], [3, 1, 2]] {
            let l = layout::layout_with(&j, &LayoutOptions { columns, ..LayoutOptions::STRIP });
            check_links(&l);
        }
    }
}

#[test]
fn a_link_between_neighbours_stays_a_short_straight_arrow() {
    let j = sample(samples::BRIGHTWATT.text).journeys.remove(0);
    let l = layout::layout(&j);
    for link in &l.links {
        let (a, b) = (l.card(link.from).expect("a").rect, l.card(link.to).expect("b").rect);
        let neighbours = (a.min.y - b.min.y).abs() < 0.5
            && !l.cards.iter().any(|c| {
                (c.rect.min.y - a.min.y).abs() < 0.5
                    && c.rect.min.x > a.min.x.min(b.min.x)
                    && c.rect.max.x < a.max.x.max(b.max.x)
            });
        if neighbours {
            assert_eq!(link.points.len(), 2, "{link:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_wrapping_keeps_cards_apart_and_in_time_order(
        which in 0usize..6,
        columns in proptest::array::uniform3(0usize..5),
    ) {
        let j = densely_linked(all_sample_journeys().swap_remove(which));
        let l = layout::layout_with(&j, &LayoutOptions { columns, ..LayoutOptions::STRIP });
        prop_assert_eq!(l.cards.len(), j.touchpoints.len());
        check_no_overlap(&l);
        check_time_order(&j, &l);
        check_links(&l);
        for c in &l.cards {
            prop_assert!(l.bounds.contains(c.rect.min) && l.bounds.contains(c.rect.max));
        }
    }

    #[test]
    fn the_fit_is_never_smaller_than_the_strip_and_never_past_one_to_one(
        which in 0usize..6,
        w in 300.0f32..3000.0,
        h in 200.0f32..2000.0,
    ) {
        let j = all_sample_journeys().swap_remove(which);
        let strip = layout::layout(&j);
        let strip_zoom = (w / (strip.bounds.width() + 32.0)).min(h / (strip.bounds.height() + 32.0)).min(1.0);
        let (options, zoom) = layout::fit(&j, w, h, &LayoutOptions::STRIP);
        prop_assert!(zoom + 1e-4 >= strip_zoom);
        prop_assert!(zoom <= 1.0);
        let l = layout::layout_with(&j, &options);
        let fits = (w / (l.bounds.width() + 32.0)).min(h / (l.bounds.height() + 32.0)).min(1.0);
        prop_assert!((fits - zoom).abs() < 1e-3, "the zoom reported is the layout's: {} vs {}", fits, zoom);
    }
}

/// Presenting at 1366×768: the canvas under the score strip, whole, and beside the findings
/// of a phase shown alone (points).
const PRESENTING_WHOLE: (f32, f32) = (1366.0, 695.0);
const PRESENTING_PHASE: (f32, f32) = (983.0, 695.0);

#[test]
fn a_phase_shown_alone_at_1366_has_larger_titles_than_the_whole_journey() {
    for j in all_sample_journeys() {
        let (_, whole) = layout::fit(&j, PRESENTING_WHOLE.0, PRESENTING_WHOLE.1, &CANVAS);
        let whole_px = Detail::for_scale_reading(whole, card::ROOM_PX).title_size() * whole;
        for phase in Phase::ALL {
            if !j.touchpoints.iter().any(|t| t.phase == phase) {
                continue;
            }
            let alone = LayoutOptions { only: Some(phase), ..CANVAS };
            let (_, zoom) = layout::fit_up_to(&j, PRESENTING_PHASE.0, PRESENTING_PHASE.1, &alone, 2.0);
            let px = Detail::for_scale_reading(zoom, card::ROOM_PHASE_PX).title_size() * zoom;
            assert!(px > whole_px, "{} {phase:?}: {px:.1} px alone, {whole_px:.1} px whole", j.name);
        }
    }
}

#[test]
fn a_phase_shown_alone_lets_its_empty_lanes_shrink_to_their_names() {
    let j = &sample(samples::BRIGHTWATT.text).journeys[0];
    let alone = layout::layout_with(j, &LayoutOptions { only: Some(Phase::EarlyDays), ..CANVAS });
    let whole = layout::layout_with(j, &CANVAS);
    for (lane, (a, w)) in alone.lanes.iter().zip(&whole.lanes).enumerate() {
        let used = alone.cards.iter().any(|c| c.lane == lane);
        if used {
            assert!(a.body.height() > layout::metrics::CARD_H, "{} keeps its row of cards", a.name);
        } else {
            assert_eq!(a.body.height(), layout::EMPTY_LANE_H, "{}", a.name);
            assert!(w.body.height() > a.body.height(), "the whole journey keeps a row in every lane");
        }
    }
}

/// Whether `lines` break `title` only between words: every line but the last ends where a space
/// follows in the title, or with a hyphen (the title's own, or one added at a syllable).
fn breaks_between_words(title: &str, lines: &[String]) -> Result<(), String> {
    let mut rest = title.trim_start();
    for (k, line) in lines.iter().enumerate() {
        let last = k + 1 == lines.len();
        let line = line.strip_suffix('…').unwrap_or(line);
        if let Some(after) = rest.strip_prefix(line) {
            if !last && !line.ends_with('-') && !after.starts_with(char::is_whitespace) && !after.is_empty() {
                return Err(format!("{line:?} ends inside a word of {title:?}: {lines:?}"));
            }
            rest = after.trim_start();
        } else if let Some(head) = line.strip_suffix('-').filter(|h| rest.starts_with(*h)) {
            rest = rest[head.len()..].trim_start();
        } else if !last {
            return Err(format!("{line:?} is not the next part of {title:?}: {lines:?}"));
        }
    }
    Ok(())
}

#[test]
fn no_title_of_any_sample_is_cut_inside_a_word_without_a_hyphen() {
    let card = Rect::from_min_size(Point::new(0.0, 0.0), layout::metrics::CARD_W, layout::metrics::CARD_H);
    let mut titles: Vec<String> =
        all_sample_journeys().iter().flat_map(|j| j.touchpoints.iter()).map(|t| t.title.clone()).collect();
    // The words the issue saw cut, and some longer ones.
    titles.extend(
        [
            "Membership renewal reminder",
            "Welcome email with card",
            "Kundenbindungsprogramm",
            "Überweisungsbestätigung per Post",
        ]
        .map(str::to_owned),
    );
    for title in &titles {
        for detail in Detail::ALL {
            let lines = card::title_shown(&card, title, detail);
            if let Err(e) = breaks_between_words(title, &lines) {
                panic!("{detail:?}: {e}");
            }
        }
    }
}
