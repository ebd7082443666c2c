//! Two journeys laid out for comparison (DESIGN.md §13): one above the other on the same lanes
//! and the same phase columns, with what changed marked on the cards. The compare view and the
//! review picture both draw from this, so they mark the same cards the same way.

use std::collections::BTreeMap;

use super::card::CORNER;
use super::marks::{Anchor, Corners, Mark, Stroke};
use super::{Layout, LayoutOptions, Point, Rect, layout_with};
use crate::compare::{Field, TouchpointChanges};
use crate::model::{Journey, TouchpointId};
use crate::palette::Ink;
use crate::text;

/// Height of the band above each diagram that names its journey.
pub const BAND_H: f32 = 64.0;
/// Space between the two diagrams.
pub const BETWEEN: f32 = 40.0;
/// Size of the journey's name in its band.
pub const BAND_SIZE: f32 = 26.0;
/// Size of the text in a change pill.
pub const PILL_SIZE: f32 = 13.0;
/// Height of a change pill.
pub const PILL_H: f32 = 22.0;
/// How opaque a removed card is drawn (a ghost).
pub const GHOST_ALPHA: f32 = 0.35;

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
    match field {
        Field::Title => "title",
        Field::Phase => "phase",
        Field::Day => "day",
        Field::Lane => "lane",
        Field::Channel => "channel",
        Field::Provider => "provider",
        Field::Exchange => "exchange",
        Field::TwoWay => "two way",
        Field::Tailored => "tailored",
        Field::Personalised => "personalised",
        Field::RecallsHistory => "recalls history",
        Field::SetsNextContact => "next contact",
        Field::Tags => "tags",
        Field::Feeling => "feeling",
        Field::Notes => "notes",
    }
}

/// Both journeys laid out one above the other, from `(0, 0)`.
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
    let width = from_layout.bounds.max.x.max(to_layout.bounds.max.x);
    let from_band = Rect::from_min_size(Point::new(0.0, 0.0), width, BAND_H);
    from_layout.translate(0.0, BAND_H);
    let to_top = from_layout.bounds.max.y + BETWEEN;
    let to_band = Rect::from_min_size(Point::new(0.0, to_top), width, BAND_H);
    to_layout.translate(0.0, to_top + BAND_H);
    let bounds = from_band.union(&to_layout.bounds);

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
    let ink = change.ink();
    let max_text = card.width() - 2.0 * CORNER - 16.0;
    let words = text::fit(&change.label(), PILL_SIZE, max_text);
    let w = text::width(&words, PILL_SIZE) + 16.0;
    let top = card.min.y - PILL_H / 2.0;
    let pill = Rect::from_min_size(Point::new(card.max.x - CORNER - w, top), w, PILL_H);
    let mut marks = Vec::with_capacity(4);
    if *change == CardChange::Removed {
        // A ghost: a dashed-looking outline is not in the display list, so a plain one in the
        // removed colour, and the pill.
        marks.push(Mark::Rect {
            rect: *card,
            corners: Corners::same(CORNER),
            fill: None,
            stroke: Some(Stroke::new(2.0, ink)),
        });
    } else {
        marks.push(Mark::Rect {
            rect: *card,
            corners: Corners::same(CORNER),
            fill: None,
            stroke: Some(Stroke::new(2.5, ink)),
        });
    }
    marks.push(Mark::fill(pill, Corners::same(PILL_H / 2.0), ink));
    let text_top = pill.min.y + (PILL_H - text::line_height(PILL_SIZE)) / 2.0;
    marks.push(Mark::text(
        words,
        Point::new(pill.center().x, text_top),
        PILL_SIZE,
        Ink::White,
        Anchor::Middle,
    ));
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
        let long = CardChange::Changed(Field::ALL.to_vec());
        for m in change_marks(&rect, &long) {
            if let Mark::Rect { rect: r, fill: Some(_), .. } = m {
                assert!(r.min.x >= rect.min.x && r.max.x <= rect.max.x, "pill inside the card's width");
            }
        }
    }
}
