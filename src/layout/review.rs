//! Two journeys laid out for comparison (DESIGN.md §13): one above the other on the same lanes
//! and the same phase columns, with what changed marked on the cards. The compare view and the
//! review picture both draw from this, so they mark the same cards the same way.

use std::collections::BTreeMap;

use super::card::{CORNER, Detail};
use super::marks::{Anchor, Corners, Mark, Stroke};
use super::{Layout, LayoutOptions, Point, Rect, layout_with};
use crate::compare::{Field, TouchpointChanges};
use crate::model::{Journey, TouchpointId};
use crate::palette::Ink;
use crate::text;

/// Height of the band above each diagram that names its journey.
pub const BAND_H: f32 = 72.0;
/// Space between the two diagrams.
pub const BETWEEN: f32 = 40.0;
/// Size of the journey's name in its band.
pub const BAND_SIZE: f32 = 34.0;
/// Size of the text in a change pill.
pub const PILL_SIZE: f32 = 13.0;
/// Height of a change pill, as a multiple of its text size.
pub const PILL_H_RATIO: f32 = 1.35;
/// How far a change pill reaches down onto its card.
pub const PILL_OVERLAP: f32 = 4.0;
/// How opaque a removed card is drawn (a ghost).
pub use crate::palette::GHOST_ALPHA;

/// A removed card's marks as drawn: faded to a ghost, but its words in the weak text colour at
/// full strength, so what was removed can still be read.
pub fn ghost(marks: Vec<Mark>) -> Vec<Mark> {
    marks
        .into_iter()
        .map(|m| match m {
            Mark::Text { text, at, size, anchor, .. } => {
                Mark::Text { text, at, size, anchor, paint: Ink::WeakText.into() }
            }
            other => other.faded(GHOST_ALPHA),
        })
        .collect()
}

/// What happened to a card between the two journeys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CardChange {
    /// Only in the later journey.
    Added,
    /// In both, with these fields different (§13's order).
    Changed(Vec<Field>),
    /// Only in the earlier journey: drawn as a ghost there.
    Removed,
}

impl CardChange {
    /// The words on the card's pill: "New", "Removed", "Changed: provider, exchange".
    pub fn label(&self) -> String {
        match self {
            CardChange::Added => "New".to_owned(),
            CardChange::Removed => "Removed".to_owned(),
            CardChange::Changed(fields) => {
                let names: Vec<&str> = fields.iter().map(|f| field_words(*f)).collect();
                format!("Changed: {}", names.join(", "))
            }
        }
    }

    /// The colour of its pill.
    pub fn ink(&self) -> Ink {
        match self {
            // Green, as a score that rose: the exchange blues are the selection's blue.
            CardChange::Added => Ink::Better,
            CardChange::Changed(_) => Ink::Selection,
            CardChange::Removed => Ink::WeakText,
        }
    }
}

/// A field as a designer says it: "two way", "next contact".
pub fn field_words(field: Field) -> &'static str {
    field.words()
}

/// Both journeys laid out one above the other (or, one phase of each, side by side), from
/// `(0, 0)`.
#[derive(Clone, Debug)]
pub struct Compared {
    /// The earlier journey, its lanes made the shared lanes.
    pub from: Journey,
    /// The later journey, its lanes made the shared lanes.
    pub to: Journey,
    /// The band naming the earlier journey.
    pub from_band: Rect,
    /// The earlier journey's diagram, under its band.
    pub from_layout: Layout,
    /// The band naming the later journey.
    pub to_band: Rect,
    /// The later journey's diagram, under its band.
    pub to_layout: Layout,
    /// Changes marked on the later diagram (added, changed), by touchpoint.
    pub to_changes: BTreeMap<TouchpointId, CardChange>,
    /// Changes marked on the earlier diagram (removed: ghosts), by touchpoint.
    pub from_changes: BTreeMap<TouchpointId, CardChange>,
    /// Everything.
    pub bounds: Rect,
}

impl Compared {
    /// Moves everything by an offset (to place both diagrams on a page).
    pub fn translate(&mut self, dx: f32, dy: f32) {
        self.from_band = self.from_band.offset(dx, dy);
        self.to_band = self.to_band.offset(dx, dy);
        self.from_layout.translate(dx, dy);
        self.to_layout.translate(dx, dy);
        self.bounds = self.bounds.offset(dx, dy);
    }
}

/// The lanes of both journeys: the earlier one's in order, then those only the later one has.
pub fn shared_lanes(from: &Journey, to: &Journey) -> Vec<String> {
    let mut lanes = from.lanes.clone();
    for lane in &to.lanes {
        if !lanes.contains(lane) {
            lanes.push(lane.clone());
        }
    }
    lanes
}

/// The journey on other lanes, each touchpoint keeping the lane it is drawn in (a lane the
/// journey does not list is its first lane, §3).
fn on_lanes(journey: &Journey, lanes: &[String]) -> Journey {
    let mut j = journey.clone();
    let first = journey.lanes.first().cloned().unwrap_or_default();
    for tp in &mut j.touchpoints {
        if !journey.lanes.contains(&tp.lane) {
            tp.lane = first.clone();
        }
    }
    j.lanes = lanes.to_vec();
    j
}

/// The wrapping for both journeys in a view `width` × `height` (each diagram gets half the
/// height, less its band): the fit of a journey that has, in every lane and phase, as many
/// cards as the fuller of the two, so neither diagram comes out wider than the other needs.
pub fn fit_pair(from: &Journey, to: &Journey, width: f32, height: f32) -> (LayoutOptions, f32) {
    fit_pair_of(from, to, width, height, None)
}

/// [`fit_pair`] of one phase of both journeys (or the whole, `None`): a phase compared alone is
/// laid out side by side ([`Arrangement::Beside`]: a phase is narrow and tall) and may be drawn
/// up to twice 1:1, to fill the view.
pub fn fit_pair_of(
    from: &Journey,
    to: &Journey,
    width: f32,
    height: f32,
    only: Option<crate::model::Phase>,
) -> (LayoutOptions, f32) {
    let lanes = shared_lanes(from, to);
    let (from, to) = (on_lanes(from, &lanes), on_lanes(to, &lanes));
    let mut envelope = to.clone();
    let mut next_id = from.touchpoints.iter().chain(&to.touchpoints).map(|t| t.id.0).max().unwrap_or(0);
    let cell = |j: &Journey, lane: &str, phase| {
        j.touchpoints.iter().filter(|t| t.lane == lane && t.phase == phase).count()
    };
    for lane in &lanes {
        for phase in crate::model::Phase::ALL {
            let more = cell(&from, lane, phase).saturating_sub(cell(&to, lane, phase));
            let extra = from.touchpoints.iter().filter(|t| t.lane == *lane && t.phase == phase).take(more);
            for t in extra {
                next_id += 1;
                let mut t = t.clone();
                t.id = TouchpointId(next_id);
                envelope.touchpoints.push(t);
            }
        }
    }
    let base = LayoutOptions { only, ..LayoutOptions::STRIP };
    match Arrangement::of(only) {
        Arrangement::Stacked => {
            let each = ((height - 2.0 * BAND_H - BETWEEN) / 2.0).max(1.0);
            super::fit_up_to(&envelope, width, each, &base, 1.0)
        }
        Arrangement::Beside => {
            let each = ((width - BETWEEN) / 2.0).max(1.0);
            super::fit_up_to(&envelope, each, (height - BAND_H).max(1.0), &base, 2.0)
        }
    }
}

/// How two diagrams share a view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrangement {
    /// One above the other, on shared lanes (whole journeys: each is wide).
    Stacked,
    /// Side by side, lane for lane (one phase of each: each is narrow).
    Beside,
}

impl Arrangement {
    /// Whole journeys stack; one phase of each sits side by side.
    pub fn of(only: Option<crate::model::Phase>) -> Self {
        if only.is_some() { Arrangement::Beside } else { Arrangement::Stacked }
    }
}

/// Lays out two journeys for comparison with the same options, the earlier on top.
pub fn compare_layouts(
    from: &Journey,
    to: &Journey,
    changes: &TouchpointChanges,
    options: &LayoutOptions,
) -> Compared {
    let lanes = shared_lanes(from, to);
    let (from, to) = (on_lanes(from, &lanes), on_lanes(to, &lanes));
    let mut from_layout = layout_with(&from, options);
    let mut to_layout = layout_with(&to, options);
    let (from_band, to_band) = match Arrangement::of(options.only) {
        Arrangement::Stacked => {
            let width = from_layout.bounds.max.x.max(to_layout.bounds.max.x);
            let from_band = Rect::from_min_size(Point::new(0.0, 0.0), width, BAND_H);
            from_layout.translate(0.0, BAND_H);
            let to_top = from_layout.bounds.max.y + BETWEEN;
            let to_band = Rect::from_min_size(Point::new(0.0, to_top), width, BAND_H);
            to_layout.translate(0.0, to_top + BAND_H);
            (from_band, to_band)
        }
        Arrangement::Beside => {
            let from_band = Rect::from_min_size(Point::new(0.0, 0.0), from_layout.bounds.max.x, BAND_H);
            from_layout.translate(0.0, BAND_H);
            let to_left = from_layout.bounds.max.x + BETWEEN;
            let to_band = Rect::from_min_size(Point::new(to_left, 0.0), to_layout.bounds.max.x, BAND_H);
            to_layout.translate(to_left, BAND_H);
            (from_band, to_band)
        }
    };
    let bounds = from_band.union(&to_layout.bounds).union(&from_layout.bounds);

    let mut to_changes: BTreeMap<TouchpointId, CardChange> =
        changes.added.iter().map(|id| (*id, CardChange::Added)).collect();
    for c in &changes.changed {
        to_changes.insert(c.id, CardChange::Changed(c.fields.clone()));
    }
    let from_changes = changes.removed.iter().map(|id| (*id, CardChange::Removed)).collect();
    Compared { from, to, from_band, from_layout, to_band, to_layout, to_changes, from_changes, bounds }
}

/// The pill that says what changed, over the top edge of a card: its colour, its words fitted
/// to the card's width.
pub fn change_marks(card: &Rect, change: &CardChange) -> Vec<Mark> {
    change_marks_sized(card, change, PILL_SIZE)
}

/// The pill's text size for a level of detail: larger when the cards are small on screen, like
/// their titles, so the change reads wherever the title does.
pub fn pill_size(detail: Detail) -> f32 {
    match detail {
        Detail::Full => PILL_SIZE,
        Detail::Title => PILL_SIZE * 1.4,
        Detail::Poster => PILL_SIZE * 1.6,
    }
}

/// [`change_marks`] with the pill's text at `size`. A changed card whose label does not fit
/// names the fields alone ("provider, exchange"), or else how many changed ("Changed (3)"); the
/// full label is [`CardChange::label`].
pub fn change_marks_sized(card: &Rect, change: &CardChange, size: f32) -> Vec<Mark> {
    let ink = change.ink();
    let pad = size * 0.6;
    let pill_h = size * PILL_H_RATIO;
    let max_text = card.width() - 2.0 * CORNER - 2.0 * pad;
    let label = change.label();
    // Crowded: the fields alone (the pill's colour says "changed"), then their count.
    let words = match change {
        CardChange::Changed(fields) if text::width(&label, size) > max_text => {
            let names: Vec<&str> = fields.iter().map(|f| field_words(*f)).collect();
            let names = names.join(", ");
            if text::width(&names, size) <= max_text {
                names
            } else {
                text::fit(&format!("Changed ({})", fields.len()), size, max_text)
            }
        }
        _ => text::fit(&label, size, max_text),
    };
    let w = text::width(&words, size) + 2.0 * pad;
    // Above the card, just touching it: the title under it stays whole, and the gap between
    // cards (24 units) holds the pill at every level; a pill enlarged to stay legible on a
    // crowded screen reaches further into its own card's top corner, never into the card above.
    let top = card.min.y - (pill_h - PILL_OVERLAP).min(crate::layout::metrics::GAP - 4.0);
    let pill = Rect::from_min_size(Point::new(card.max.x - CORNER - w, top), w, pill_h);
    let mut marks = Vec::with_capacity(4);
    // A ghost (removed) gets a lighter outline than a card that is there.
    let width = if *change == CardChange::Removed { 2.0 } else { 2.5 };
    marks.push(Mark::Rect {
        rect: *card,
        corners: Corners::same(CORNER),
        fill: None,
        stroke: Some(Stroke::new(width, ink)),
    });
    marks.push(Mark::fill(pill, Corners::same(pill_h / 2.0), ink));
    let text_top = pill.min.y + (pill_h - text::line_height(size)) / 2.0;
    marks.push(Mark::text(words, Point::new(pill.center().x, text_top), size, Ink::OnAccent, Anchor::Middle));
    marks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::TouchpointChanges;
    use crate::samples;

    fn pair() -> (Journey, Journey) {
        let p = crate::store::read_project(samples::MOBILE_NETWORK.text).expect("sample reads");
        (p.journeys[0].clone(), p.journeys[1].clone())
    }

    #[test]
    fn the_later_journey_is_drawn_below_the_earlier_on_the_same_columns() {
        let (from, to) = pair();
        let changes = TouchpointChanges::between(&from, &to);
        let c = compare_layouts(&from, &to, &changes, &LayoutOptions::STRIP);
        assert!(c.to_band.min.y >= c.from_layout.bounds.max.y);
        assert!(c.to_layout.bounds.min.y >= c.to_band.max.y);
        assert_eq!(c.from_layout.lanes.len(), c.to_layout.lanes.len());
        for (a, b) in c.from_layout.lanes.iter().zip(&c.to_layout.lanes) {
            assert_eq!(a.name, b.name);
        }
        assert!(c.bounds.contains(c.to_layout.bounds.max));
    }

    #[test]
    fn added_and_changed_cards_are_marked_on_the_later_journey_and_removed_ones_on_the_earlier() {
        let (from, mut to) = pair();
        let gone = to.touchpoints.remove(0).id;
        let changes = TouchpointChanges::between(&from, &to);
        let c = compare_layouts(&from, &to, &changes, &LayoutOptions::STRIP);
        assert_eq!(c.from_changes.get(&gone), Some(&CardChange::Removed));
        for id in &changes.added {
            assert_eq!(c.to_changes.get(id), Some(&CardChange::Added));
        }
        let changed = &changes.changed[0];
        assert_eq!(c.to_changes.get(&changed.id), Some(&CardChange::Changed(changed.fields.clone())));
    }

    #[test]
    fn a_lane_only_the_later_journey_has_is_added_below_the_shared_ones() {
        let (from, mut to) = pair();
        to.lanes.push("Partner shop".into());
        to.touchpoints[0].lane = "Partner shop".into();
        let lanes = shared_lanes(&from, &to);
        assert_eq!(lanes.last().map(String::as_str), Some("Partner shop"));
        assert_eq!(&lanes[..from.lanes.len()], &from.lanes[..]);
        let changes = TouchpointChanges::between(&from, &to);
        let c = compare_layouts(&from, &to, &changes, &LayoutOptions::STRIP);
        let card = c.to_layout.card(to.touchpoints[0].id).expect("card");
        assert_eq!(card.lane, lanes.len() - 1);
    }

    #[test]
    fn the_pair_is_wrapped_so_that_its_zoom_shows_both_diagrams_whole() {
        for sample in samples::ALL {
            let p = crate::store::read_project(sample.text).expect("sample reads");
            let (from, to) = (&p.journeys[0], &p.journeys[1]);
            for (w, h) in [(780.0, 620.0), (1100.0, 760.0)] {
                let (options, zoom) = fit_pair(from, to, w, h);
                let c = compare_layouts(from, to, &TouchpointChanges::between(from, to), &options);
                // Each diagram fits its half of the view at the zoom the fit promised (the
                // bands and the space between are added on top, as in the fit).
                for layout in [&c.from_layout, &c.to_layout] {
                    let (lw, lh) = (layout.bounds.width() * zoom, layout.bounds.height() * zoom);
                    assert!(lw <= w + 1.0, "{}: {lw} wide in {w}", sample.file_name);
                    assert!(
                        lh <= (h - 2.0 * BAND_H - BETWEEN) / 2.0 + 1.0,
                        "{}: {lh} high",
                        sample.file_name
                    );
                }
            }
        }
    }

    #[test]
    fn the_change_pill_names_the_fields_in_words_and_fits_the_card() {
        let rect = Rect::from_min_size(Point::new(0.0, 0.0), 200.0, 112.0);
        let change = CardChange::Changed(vec![Field::Provider, Field::TwoWay]);
        assert_eq!(change.label(), "Changed: provider, two way");
        let marks = change_marks(&rect, &change);
        let text = marks.iter().find_map(|m| match m {
            Mark::Text { text, .. } => Some(text.clone()),
            _ => None,
        });
        assert_eq!(text.as_deref(), Some("Changed: provider, two way"));
        let crowded = change_marks_sized(&rect, &CardChange::Changed(Field::ALL.to_vec()), 20.0);
        assert!(
            crowded.iter().any(|m| matches!(m, Mark::Text { text, .. } if text == "Changed (15)")),
            "too many fields to name: the count"
        );
        let one = change_marks_sized(&rect, &CardChange::Changed(vec![Field::Provider]), 21.0);
        assert!(
            one.iter().any(|m| matches!(m, Mark::Text { text, .. } if text == "provider")),
            "a short list without the prefix: {one:?}"
        );
        let long = CardChange::Changed(Field::ALL.to_vec());
        for m in change_marks(&rect, &long) {
            if let Mark::Rect { rect: r, fill: Some(_), .. } = m {
                assert!(r.min.x >= rect.min.x && r.max.x <= rect.max.x, "pill inside the card's width");
                assert!(r.max.y <= rect.min.y + PILL_OVERLAP, "the pill leaves the title alone");
                assert!(r.min.y >= rect.min.y - crate::layout::metrics::GAP, "and stays in the gap above");
            }
        }
    }
}
