//! The geometry of a journey diagram: phase columns, lane rows, cards and link arrows.
//!
//! A pure function of a journey (no egui), so the canvas and the exporters draw the same
//! picture. Cards read left to right in timeline order inside each phase column: a card never
//! stands left of an earlier one, cards in one lane never share a slot, so they never overlap.

pub mod card;
pub mod diagram;

pub use diagram::{Diagram, DiagramOptions, diagram};

use std::collections::BTreeSet;

use crate::edit::build::{Move, Placement, new_day};
use crate::model::{Journey, Phase, TouchpointId};
use crate::score::PhaseScores;

/// A point in diagram units (1 unit = 1 logical pixel at zoom 1).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    /// Rightwards.
    pub x: f32,
    /// Downwards.
    pub y: f32,
}

impl Point {
    /// A point.
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }
}

/// An axis-aligned rectangle in diagram units.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    /// Top-left corner.
    pub min: Point,
    /// Bottom-right corner.
    pub max: Point,
}

impl Point {
    /// Moved by an offset.
    pub fn offset(self, dx: f32, dy: f32) -> Self {
        Self::new(self.x + dx, self.y + dy)
    }
}

impl Rect {
    /// Moved by an offset.
    pub fn offset(self, dx: f32, dy: f32) -> Self {
        Self { min: self.min.offset(dx, dy), max: self.max.offset(dx, dy) }
    }

    /// From the top-left corner and a size.
    pub fn from_min_size(min: Point, w: f32, h: f32) -> Self {
        Self { min, max: Point::new(min.x + w, min.y + h) }
    }

    /// Width.
    pub fn width(&self) -> f32 {
        self.max.x - self.min.x
    }

    /// Height.
    pub fn height(&self) -> f32 {
        self.max.y - self.min.y
    }

    /// The centre.
    pub fn center(&self) -> Point {
        Point::new((self.min.x + self.max.x) / 2.0, (self.min.y + self.max.y) / 2.0)
    }

    /// The point lies inside (edges included).
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.min.x && p.x <= self.max.x && p.y >= self.min.y && p.y <= self.max.y
    }

    /// The two rectangles share some area.
    pub fn intersects(&self, other: &Rect) -> bool {
        self.min.x < other.max.x
            && other.min.x < self.max.x
            && self.min.y < other.max.y
            && other.min.y < self.max.y
    }

    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        Rect {
            min: Point::new(self.min.x.min(other.min.x), self.min.y.min(other.min.y)),
            max: Point::new(self.max.x.max(other.max.x), self.max.y.max(other.max.y)),
        }
    }
}

/// Sizes of the diagram, in diagram units.
pub mod metrics {
    /// Card width.
    pub const CARD_W: f32 = 200.0;
    /// Card height.
    pub const CARD_H: f32 = 112.0;
    /// Space between cards and around them in a cell.
    pub const GAP: f32 = 24.0;
    /// Width of the lane label column on the left.
    pub const LANE_LABEL_W: f32 = 120.0;
    /// Height of the phase header row at the top.
    pub const HEADER_H: f32 = 56.0;
    /// Size of a phase's name in its header.
    pub const PHASE_SIZE: f32 = 18.0;
    /// Size of the scores line under it.
    pub const PHASE_SUMMARY_SIZE: f32 = 12.0;
    /// Size of a lane's name.
    pub const LANE_SIZE: f32 = 16.0;
    /// Space left of header and label text.
    pub const HEADER_PAD: f32 = 14.0;
    /// Space left of a lane's name.
    pub const LANE_PAD: f32 = 10.0;
}

/// The line under a phase's name: its scores and size.
pub fn phase_summary(p: &PhaseScores) -> String {
    format!("M {:.0} · C {:.0} · {} touchpoints", p.mutuality.score, p.continuity.score, p.touchpoints)
}

use metrics::{CARD_H, CARD_W, GAP, HEADER_H, LANE_LABEL_W};

/// One phase column.
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseColumn {
    /// Which phase.
    pub phase: Phase,
    /// The header cell at the top.
    pub header: Rect,
    /// The whole column below the header, across every lane.
    pub body: Rect,
    /// How many card slots it holds.
    pub slots: usize,
}

/// One lane row.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneRow {
    /// Lane name.
    pub name: String,
    /// The label cell on the left.
    pub label: Rect,
    /// The whole row right of the label, across every phase.
    pub body: Rect,
}

/// A placed touchpoint card.
#[derive(Clone, Debug, PartialEq)]
pub struct CardBox {
    /// The touchpoint.
    pub id: TouchpointId,
    /// Its index in `journey.touchpoints`.
    pub index: usize,
    /// Where the card is.
    pub rect: Rect,
    /// Its lane row.
    pub lane: usize,
    /// Its phase column.
    pub phase: Phase,
    /// Its slot in the phase, from the left.
    pub slot: usize,
}

/// A link arrow from one card's edge to another's.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkArrow {
    /// Starting touchpoint.
    pub from: TouchpointId,
    /// Target touchpoint.
    pub to: TouchpointId,
    /// Start point, on the edge of the `from` card.
    pub start: Point,
    /// End point (the arrow head), on the edge of the `to` card.
    pub end: Point,
}

/// The positioned shapes of one journey's diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Everything, from (0, 0).
    pub bounds: Rect,
    /// Phase columns, left to right.
    pub phases: Vec<PhaseColumn>,
    /// Lane rows, top to bottom.
    pub lanes: Vec<LaneRow>,
    /// Cards, in the journey's file order.
    pub cards: Vec<CardBox>,
    /// Link arrows.
    pub links: Vec<LinkArrow>,
}

impl Layout {
    /// Moves everything by an offset (to place the grid on an exported page).
    pub fn translate(&mut self, dx: f32, dy: f32) {
        self.bounds = self.bounds.offset(dx, dy);
        for p in &mut self.phases {
            p.header = p.header.offset(dx, dy);
            p.body = p.body.offset(dx, dy);
        }
        for l in &mut self.lanes {
            l.label = l.label.offset(dx, dy);
            l.body = l.body.offset(dx, dy);
        }
        for c in &mut self.cards {
            c.rect = c.rect.offset(dx, dy);
        }
        for a in &mut self.links {
            a.start = a.start.offset(dx, dy);
            a.end = a.end.offset(dx, dy);
        }
    }

    /// The card of a touchpoint.
    pub fn card(&self, id: TouchpointId) -> Option<&CardBox> {
        self.cards.iter().find(|c| c.id == id)
    }

    /// The topmost card under a point.
    pub fn card_at(&self, p: Point) -> Option<&CardBox> {
        self.cards.iter().rev().find(|c| c.rect.contains(p))
    }

    /// The (lane, phase) cell under a point, if inside the grid.
    pub fn cell_at(&self, p: Point) -> Option<(usize, Phase)> {
        let lane = self.lanes.iter().position(|l| l.body.min.y <= p.y && p.y <= l.body.max.y)?;
        let phase = self.phases.iter().find(|c| c.body.min.x <= p.x && p.x <= c.body.max.x)?.phase;
        Some((lane, phase))
    }

    /// The rectangle of the cell of a lane and a phase.
    pub fn cell_rect(&self, lane: usize, phase: Phase) -> Option<Rect> {
        let row = self.lanes.get(lane)?;
        let col = self.phases.iter().find(|c| c.phase == phase)?;
        Some(Rect {
            min: Point::new(col.body.min.x, row.body.min.y),
            max: Point::new(col.body.max.x, row.body.max.y),
        })
    }

    /// Where a card in a slot of a cell goes (the last slot's place when past the end).
    pub fn slot_rect(&self, lane: usize, phase: Phase, slot: usize) -> Option<Rect> {
        let cell = self.cell_rect(lane, phase)?;
        let x = slot_x(cell.min.x, slot);
        Some(Rect::from_min_size(Point::new(x.min(cell.max.x - CARD_W), cell.min.y + GAP), CARD_W, CARD_H))
    }

    /// Where a new card would go in a cell: after the cards already there.
    pub fn next_card_rect(&self, lane: usize, phase: Phase) -> Option<Rect> {
        let cell = self.cell_rect(lane, phase)?;
        let last = self
            .cards
            .iter()
            .filter(|c| c.lane == lane && c.phase == phase)
            .map(|c| c.rect.max.x)
            .fold(None, |m: Option<f32>, x| Some(m.map_or(x, |m| m.max(x))));
        let x = last.map_or(cell.min.x + GAP, |x| x + GAP);
        Some(Rect::from_min_size(
            Point::new(x.min(cell.max.x - CARD_W).max(cell.min.x), cell.min.y + GAP),
            CARD_W,
            CARD_H,
        ))
    }

    /// The bounding box of some cards.
    pub fn cards_bounds(&self, ids: &[TouchpointId]) -> Option<Rect> {
        ids.iter().filter_map(|id| self.card(*id)).map(|c| c.rect).reduce(|a, b| a.union(&b))
    }

    /// The slot a point falls in within a phase column (may be one past the last).
    pub fn slot_at(&self, phase: Phase, x: f32) -> usize {
        let Some(col) = self.phases.iter().find(|c| c.phase == phase) else { return 0 };
        (((x - col.body.min.x - GAP / 2.0) / (CARD_W + GAP)).max(0.0) as usize).min(col.slots)
    }
}

/// A direction for moving the selection with the arrow keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// The card before, in reading order within the lane.
    Left,
    /// The card after, in reading order within the lane.
    Right,
    /// The nearest card in the lane above.
    Up,
    /// The nearest card in the lane below.
    Down,
}

impl Layout {
    /// The card next to the selection in a direction (the first card when nothing is selected).
    pub fn neighbour(
        &self,
        selection: &BTreeSet<TouchpointId>,
        direction: Direction,
    ) -> Option<TouchpointId> {
        let Some(current) = selection.iter().next().and_then(|id| self.card(*id)) else {
            return self.cards.iter().min_by(|a, b| a.rect.min.x.total_cmp(&b.rect.min.x)).map(|c| c.id);
        };
        // Reading order within a lane: by phase, then row, then left to right.
        let reading = |a: &&CardBox, b: &&CardBox| {
            a.phase
                .cmp(&b.phase)
                .then(a.rect.min.y.total_cmp(&b.rect.min.y))
                .then(a.rect.min.x.total_cmp(&b.rect.min.x))
        };
        let in_lane = |lane: usize| self.cards.iter().filter(move |c| c.lane == lane);
        match direction {
            Direction::Left => in_lane(current.lane)
                .filter(|c| reading(c, &current) == std::cmp::Ordering::Less)
                .max_by(reading)
                .map(|c| c.id),
            Direction::Right => in_lane(current.lane)
                .filter(|c| reading(c, &current) == std::cmp::Ordering::Greater)
                .min_by(reading)
                .map(|c| c.id),
            Direction::Up | Direction::Down => {
                let lanes: Vec<usize> = if direction == Direction::Up {
                    (0..current.lane).rev().collect()
                } else {
                    (current.lane + 1..self.lanes.len()).collect()
                };
                let cx = current.rect.center().x;
                lanes.into_iter().find_map(|lane| {
                    in_lane(lane)
                        .min_by(|a, b| {
                            (a.rect.center().x - cx).abs().total_cmp(&(b.rect.center().x - cx).abs())
                        })
                        .map(|c| c.id)
                })
            }
        }
    }

    /// Where in time a card put at `p` in the cell of `lane` and `phase` goes: after the card
    /// of that lane before it in reading order, else before the lane's first card there; in an
    /// empty lane, after the phase's last card left of `p` (or before its first); in an empty
    /// phase, at the phase's start. Cards in `moving` are left out (the ones being dragged).
    pub fn placement_at(
        &self,
        journey: &Journey,
        lane: usize,
        phase: Phase,
        p: Point,
        moving: &[TouchpointId],
    ) -> Placement {
        let time = |c: &&CardBox| (journey.touchpoints[c.index].day, c.index);
        let others = || self.cards.iter().filter(move |c| c.phase == phase && !moving.contains(&c.id));
        let mut cell: Vec<&CardBox> = others().filter(|c| c.lane == lane).collect();
        cell.sort_by_key(time);
        let reads_before =
            |c: &CardBox| c.rect.max.y < p.y || (c.rect.min.y <= p.y && c.rect.center().x < p.x);
        if let Some(left) = cell.iter().rev().find(|c| reads_before(c)) {
            return Placement::After(left.id);
        }
        if let Some(first) = cell.first() {
            return Placement::Before(first.id);
        }
        let mut all: Vec<&CardBox> = others().collect();
        all.sort_by_key(time);
        if let Some(left) = all.iter().rev().find(|c| c.rect.center().x < p.x) {
            return Placement::After(left.id);
        }
        all.first().map_or(Placement::EmptyPhase, |first| Placement::Before(first.id))
    }

    /// Where dragged cards go when dropped with the primary card's centre at `centre`: the
    /// primary to the cell under it, placed in time there; the others by the same lane and
    /// phase shift, keeping their day unless their phase changes (then the primary's day).
    pub fn drop_moves(
        &self,
        journey: &Journey,
        ids: &[TouchpointId],
        primary: TouchpointId,
        centre: Point,
    ) -> Vec<Move> {
        let Some((lane, phase)) = self.cell_at(centre) else { return Vec::new() };
        let Some(first) = journey.touchpoint(primary) else { return Vec::new() };
        let lane_of = |t: &crate::model::Touchpoint| {
            journey.lanes.iter().position(|l| *l == t.lane).unwrap_or(0) as isize
        };
        let lane_shift = lane as isize - lane_of(first);
        let phase_shift = phase.index() as isize - first.phase.index() as isize;
        let placement = self.placement_at(journey, lane, phase, centre, ids);
        let day = new_day(journey, phase, placement, ids);
        let last_lane = journey.lanes.len().saturating_sub(1) as isize;
        ids.iter()
            .filter_map(|id| journey.touchpoint(*id))
            .map(|t| {
                let new_phase = Phase::ALL[(t.phase.index() as isize + phase_shift).clamp(0, 2) as usize];
                let moved_day = if t.id == primary || new_phase != t.phase { day } else { t.day };
                Move {
                    id: t.id,
                    lane: (lane_of(t) + lane_shift).clamp(0, last_lane) as usize,
                    phase: new_phase,
                    day: moved_day,
                }
            })
            .collect()
    }
}

/// Lays out a journey.
pub fn layout(journey: &Journey) -> Layout {
    let lane_of = |name: &str| journey.lanes.iter().position(|l| l == name).unwrap_or(0);
    let n_lanes = journey.lanes.len().max(1);

    // Slots: non-decreasing in timeline order within a phase, strictly increasing within a lane.
    let mut slot_of = vec![0usize; journey.touchpoints.len()];
    let mut slots_per_phase = [0usize; 3];
    let timeline = journey.timeline();
    for phase in Phase::ALL {
        let mut lane_next = vec![0usize; n_lanes];
        let mut floor = 0usize;
        let mut used = 0usize;
        for &i in &timeline {
            let tp = &journey.touchpoints[i];
            if tp.phase != phase {
                continue;
            }
            let lane = lane_of(&tp.lane);
            let slot = lane_next[lane].max(floor);
            slot_of[i] = slot;
            lane_next[lane] = slot + 1;
            floor = slot;
            used = used.max(slot + 1);
        }
        slots_per_phase[phase.index()] = used;
    }

    let lane_h = CARD_H + 2.0 * GAP;
    let grid_top = HEADER_H;
    let grid_h = lane_h * n_lanes as f32;
    let mut x = LANE_LABEL_W;
    let mut phases = Vec::with_capacity(3);
    for phase in Phase::ALL {
        // An empty phase keeps room for one card, so there is somewhere to add the first.
        let slots = slots_per_phase[phase.index()];
        let w = slots.max(1) as f32 * (CARD_W + GAP) + GAP;
        phases.push(PhaseColumn {
            phase,
            header: Rect::from_min_size(Point::new(x, 0.0), w, HEADER_H),
            body: Rect::from_min_size(Point::new(x, grid_top), w, grid_h),
            slots,
        });
        x += w;
    }
    let right = x;
    let lanes: Vec<LaneRow> = journey
        .lanes
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let y = grid_top + i as f32 * lane_h;
            LaneRow {
                name: name.clone(),
                label: Rect::from_min_size(Point::new(0.0, y), LANE_LABEL_W, lane_h),
                body: Rect::from_min_size(Point::new(LANE_LABEL_W, y), right - LANE_LABEL_W, lane_h),
            }
        })
        .collect();

    let cards: Vec<CardBox> = journey
        .touchpoints
        .iter()
        .enumerate()
        .map(|(i, tp)| {
            let lane = lane_of(&tp.lane);
            let col = &phases[tp.phase.index()];
            let min = Point::new(slot_x(col.body.min.x, slot_of[i]), grid_top + lane as f32 * lane_h + GAP);
            CardBox {
                id: tp.id,
                index: i,
                rect: Rect::from_min_size(min, CARD_W, CARD_H),
                lane,
                phase: tp.phase,
                slot: slot_of[i],
            }
        })
        .collect();

    let rect_of =
        |id: TouchpointId| journey.touchpoints.iter().position(|t| t.id == id).map(|i| cards[i].rect);
    let links = journey
        .links
        .iter()
        .filter_map(|link| {
            let (a, b) = (rect_of(link.from)?, rect_of(link.to)?);
            let (start, end) = edge_points(&a, &b);
            Some(LinkArrow { from: link.from, to: link.to, start, end })
        })
        .collect();

    Layout {
        bounds: Rect { min: Point::new(0.0, 0.0), max: Point::new(right, grid_top + grid_h) },
        phases,
        lanes,
        cards,
        links,
    }
}

/// The left edge of the card in a slot of a phase column that starts at `column_x`.
fn slot_x(column_x: f32, slot: usize) -> f32 {
    column_x + GAP + slot as f32 * (CARD_W + GAP)
}

/// Where an arrow between two cards leaves the first and meets the second: on the facing
/// edges, so arrows stay short and clear of the cards' text.
fn edge_points(a: &Rect, b: &Rect) -> (Point, Point) {
    let (ca, cb) = (a.center(), b.center());
    if b.min.x >= a.max.x {
        (Point::new(a.max.x, ca.y), Point::new(b.min.x, cb.y))
    } else if a.min.x >= b.max.x {
        (Point::new(a.min.x, ca.y), Point::new(b.max.x, cb.y))
    } else if cb.y > ca.y {
        (Point::new(ca.x, a.max.y), Point::new(cb.x, b.min.y))
    } else {
        (Point::new(ca.x, a.min.y), Point::new(cb.x, b.max.y))
    }
}
