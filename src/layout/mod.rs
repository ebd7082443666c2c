//! The geometry of a journey diagram: phase columns, lane rows, cards and link arrows.
//!
//! A pure function of a journey (no egui), so the canvas and the exporters draw the same
//! picture. Cards read left to right in timeline order inside each phase column: a card never
//! stands left of an earlier one, cards in one lane never share a slot, so they never overlap.

pub mod card;
pub mod diagram;
pub mod feeling;
pub mod marks;
pub mod review;
pub mod review_page;
pub mod sheet;

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
    /// Shrunk by `d` on every side (where an outline of width `2 d` drawn on the edge sits
    /// inside the rectangle).
    pub fn shrink(self, d: f32) -> Self {
        Self { min: self.min.offset(d, d), max: self.max.offset(-d, -d) }
    }

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
    /// Room kept around a fitted diagram on screen, in diagram units.
    pub const FIT_MARGIN: f32 = 16.0;
}

/// The line under a phase's name: its scores and size.
pub fn phase_summary(p: &PhaseScores) -> String {
    format!("M {:.0} · C {:.0} · {} touchpoints", p.mutuality.score, p.continuity.score, p.touchpoints)
}

use metrics::{CARD_H, CARD_W, GAP, HEADER_H, LANE_LABEL_W};

/// How a journey is laid out: how many cards wide each phase column is, and which phases show.
/// The default is the classic strip.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LayoutOptions {
    /// Cards per row in each phase's cells before they wrap onto the next row; `0` lays the
    /// phase out in one row with the cards of all lanes aligned in time.
    pub columns: [usize; 3],
    /// Show only this phase (presentation, one phase at a time).
    pub only: Option<Phase>,
    /// The feeling curve under the grid, and how its points are spaced.
    pub feeling: feeling::FeelingCurve,
}

impl LayoutOptions {
    /// Every phase, one aligned row each (the classic journey strip), no feeling curve.
    pub const STRIP: LayoutOptions =
        LayoutOptions { columns: [0; 3], only: None, feeling: feeling::FeelingCurve::Hidden };

    /// The phases shown.
    pub fn shows(&self, phase: Phase) -> bool {
        self.only.is_none_or(|p| p == phase)
    }
}

/// One phase column.
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseColumn {
    /// Which phase.
    pub phase: Phase,
    /// The header cell at the top.
    pub header: Rect,
    /// The whole column below the header, across every lane.
    pub body: Rect,
    /// How many cards wide it is.
    pub columns: usize,
    /// Whether its cards wrap onto rows per lane (else one row, aligned in time across lanes).
    pub wrapped: bool,
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
    /// How many rows of cards it holds.
    pub rows: usize,
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
    /// Its row within its lane, from the top.
    pub row: usize,
    /// Its column within its phase, from the left.
    pub column: usize,
}

/// A link arrow from one card to another, routed through the gaps between cards.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkArrow {
    /// Starting touchpoint.
    pub from: TouchpointId,
    /// Target touchpoint.
    pub to: TouchpointId,
    /// The route: from a point on the `from` card's edge to the tip on the `to` card's edge.
    pub points: Vec<Point>,
}

impl LinkArrow {
    /// Where the arrow starts.
    pub fn start(&self) -> Point {
        self.points.first().copied().unwrap_or_default()
    }

    /// Where its head points.
    pub fn end(&self) -> Point {
        self.points.last().copied().unwrap_or_default()
    }
}

/// The positioned shapes of one journey's diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Everything, from (0, 0).
    pub bounds: Rect,
    /// How it was laid out.
    pub options: LayoutOptions,
    /// Phase columns shown, left to right.
    pub phases: Vec<PhaseColumn>,
    /// Lane rows, top to bottom.
    pub lanes: Vec<LaneRow>,
    /// Cards of the phases shown, in the journey's file order.
    pub cards: Vec<CardBox>,
    /// Link arrows between cards shown.
    pub links: Vec<LinkArrow>,
    /// The feeling curve under the grid, when shown.
    pub feeling: Option<feeling::FeelingStrip>,
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
            for p in &mut a.points {
                *p = p.offset(dx, dy);
            }
        }
        if let Some(f) = &mut self.feeling {
            f.rect = f.rect.offset(dx, dy);
            f.plot = f.plot.offset(dx, dy);
            for p in &mut f.points {
                p.at = p.at.offset(dx, dy);
            }
            for x in &mut f.phase_edges {
                *x += dx;
            }
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

    /// The column of a phase, when shown.
    pub fn column(&self, phase: Phase) -> Option<&PhaseColumn> {
        self.phases.iter().find(|c| c.phase == phase)
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
        let col = self.column(phase)?;
        Some(Rect {
            min: Point::new(col.body.min.x, row.body.min.y),
            max: Point::new(col.body.max.x, row.body.max.y),
        })
    }

    /// Where a card at a row and column of a cell goes.
    pub fn slot_rect(&self, lane: usize, phase: Phase, row: usize, column: usize) -> Option<Rect> {
        let cell = self.cell_rect(lane, phase)?;
        Some(Rect::from_min_size(
            Point::new(slot_x(cell.min.x, column), slot_y(cell.min.y, row)),
            CARD_W,
            CARD_H,
        ))
    }

    /// Where the next card of a cell would go, after its last card in reading order, when there
    /// is room for it in the cell as laid out.
    pub fn next_slot(&self, lane: usize, phase: Phase) -> Option<Rect> {
        let col = self.column(phase)?;
        let rows = self.lanes.get(lane)?.rows;
        let last = self
            .cards
            .iter()
            .filter(|c| c.lane == lane && c.phase == phase)
            .max_by_key(|c| (c.row, c.column))
            .map(|c| (c.row, c.column));
        let (row, column) = match last {
            None => (0, 0),
            Some((r, c)) if c + 1 < col.columns => (r, c + 1),
            Some((r, _)) if col.wrapped => (r + 1, 0),
            Some(_) => return None,
        };
        (row < rows).then(|| self.slot_rect(lane, phase, row, column)).flatten()
    }

    /// The strip along the bottom of a cell, under its cards: where a click adds a card when the
    /// cell has no free slot.
    pub fn add_strip(&self, lane: usize, phase: Phase) -> Option<Rect> {
        let cell = self.cell_rect(lane, phase)?;
        Some(Rect {
            min: Point::new(cell.min.x + GAP, cell.max.y - GAP + 2.0),
            max: Point::new(cell.max.x - GAP, cell.max.y - 2.0),
        })
    }

    /// The bounding box of some cards.
    pub fn cards_bounds(&self, ids: &[TouchpointId]) -> Option<Rect> {
        ids.iter().filter_map(|id| self.card(*id)).map(|c| c.rect).reduce(|a, b| a.union(&b))
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

/// Where each touchpoint of a journey would go, before any geometry: its lane, its slot in the
/// aligned strip, and the counts that decide how a phase can wrap.
struct Arrangement {
    /// Lane index of each touchpoint (file order).
    lane: Vec<usize>,
    /// Slot of each touchpoint in its phase's aligned row: non-decreasing in timeline order
    /// within a phase, strictly increasing within a lane, so cards never overlap and read in time.
    aligned_slot: Vec<usize>,
    /// Slots used by each phase's aligned row.
    aligned_slots: [usize; 3],
    /// Position of each touchpoint within its lane's cell (timeline order).
    in_cell: Vec<usize>,
    /// Touchpoints in each lane's cell of each phase.
    counts: Vec<[usize; 3]>,
}

fn arrange(journey: &Journey) -> Arrangement {
    let n_lanes = journey.lanes.len().max(1);
    let lane: Vec<usize> = journey
        .touchpoints
        .iter()
        .map(|t| journey.lanes.iter().position(|l| *l == t.lane).unwrap_or(0))
        .collect();
    let mut aligned_slot = vec![0usize; journey.touchpoints.len()];
    let mut in_cell = vec![0usize; journey.touchpoints.len()];
    let mut counts = vec![[0usize; 3]; n_lanes];
    let mut aligned_slots = [0usize; 3];
    let mut lane_next = vec![[0usize; 3]; n_lanes];
    let mut floor = [0usize; 3];
    for i in journey.timeline() {
        let p = journey.touchpoints[i].phase.index();
        let l = lane[i];
        let slot = lane_next[l][p].max(floor[p]);
        aligned_slot[i] = slot;
        lane_next[l][p] = slot + 1;
        floor[p] = slot;
        aligned_slots[p] = aligned_slots[p].max(slot + 1);
        in_cell[i] = counts[l][p];
        counts[l][p] += 1;
    }
    Arrangement { lane, aligned_slot, aligned_slots, in_cell, counts }
}

/// For each shown phase: cards per row, and whether the cells wrap (else one aligned row).
fn phase_columns(a: &Arrangement, options: &LayoutOptions) -> [(usize, bool); 3] {
    Phase::ALL.map(|phase| {
        let aligned = a.aligned_slots[phase.index()].max(1);
        let w = options.columns[phase.index()];
        if w != 0 && w < aligned { (w, true) } else { (aligned, false) }
    })
}

/// Rows of cards in each lane: the most any shown phase needs there (at least one).
fn lane_rows(a: &Arrangement, columns: &[(usize, bool); 3], options: &LayoutOptions) -> Vec<usize> {
    a.counts
        .iter()
        .map(|c| {
            Phase::ALL
                .iter()
                .filter(|p| options.shows(**p))
                .map(|p| {
                    let (w, wrapped) = columns[p.index()];
                    if wrapped { c[p.index()].div_ceil(w) } else { usize::from(c[p.index()] > 0) }
                })
                .max()
                .unwrap_or(0)
                // Every lane keeps a row on the whole journey; a phase shown alone lets its empty
                // lanes shrink to their names, so its cards can fill the screen.
                .max(usize::from(options.only.is_none()))
        })
        .collect()
}

/// The height of a lane with no row of cards (a phase shown alone): room for its name.
pub const EMPTY_LANE_H: f32 = 56.0;

fn lane_height(rows: usize) -> f32 {
    if rows == 0 { EMPTY_LANE_H } else { rows as f32 * (CARD_H + GAP) + GAP }
}

fn phase_width(columns: usize) -> f32 {
    columns as f32 * (CARD_W + GAP) + GAP
}

/// Lays out a journey as the classic strip: each phase one row, cards aligned in time.
pub fn layout(journey: &Journey) -> Layout {
    layout_with(journey, &LayoutOptions::STRIP)
}

/// Lays out a journey: phase columns (those shown), lane rows, cards, routed link arrows.
pub fn layout_with(journey: &Journey, options: &LayoutOptions) -> Layout {
    let a = arrange(journey);
    let columns = phase_columns(&a, options);
    let rows = lane_rows(&a, &columns, options);

    let grid_top = HEADER_H;
    let grid_h: f32 = rows.iter().map(|r| lane_height(*r)).sum();
    let mut x = LANE_LABEL_W;
    let mut phases = Vec::with_capacity(3);
    for phase in Phase::ALL.into_iter().filter(|p| options.shows(*p)) {
        let (w, wrapped) = columns[phase.index()];
        let width = phase_width(w);
        phases.push(PhaseColumn {
            phase,
            header: Rect::from_min_size(Point::new(x, 0.0), width, HEADER_H),
            body: Rect::from_min_size(Point::new(x, grid_top), width, grid_h),
            columns: w,
            wrapped,
        });
        x += width;
    }
    let right = x;
    let mut y = grid_top;
    let lanes: Vec<LaneRow> = journey
        .lanes
        .iter()
        .zip(&rows)
        .map(|(name, rows)| {
            let h = lane_height(*rows);
            let lane = LaneRow {
                name: name.clone(),
                label: Rect::from_min_size(Point::new(0.0, y), LANE_LABEL_W, h),
                body: Rect::from_min_size(Point::new(LANE_LABEL_W, y), right - LANE_LABEL_W, h),
                rows: *rows,
            };
            y += h;
            lane
        })
        .collect();

    let cards: Vec<CardBox> = journey
        .touchpoints
        .iter()
        .enumerate()
        .filter(|(_, tp)| options.shows(tp.phase))
        .filter_map(|(i, tp)| {
            let lane = a.lane[i];
            let col = phases.iter().find(|c| c.phase == tp.phase)?;
            let (row, column) = if col.wrapped {
                (a.in_cell[i] / col.columns, a.in_cell[i] % col.columns)
            } else {
                (0, a.aligned_slot[i])
            };
            let min = Point::new(slot_x(col.body.min.x, column), slot_y(lanes.get(lane)?.body.min.y, row));
            Some(CardBox {
                id: tp.id,
                index: i,
                rect: Rect::from_min_size(min, CARD_W, CARD_H),
                lane,
                phase: tp.phase,
                row,
                column,
            })
        })
        .collect();

    let by_id: std::collections::HashMap<TouchpointId, usize> =
        cards.iter().enumerate().map(|(k, c)| (c.id, k)).collect();
    let links = journey
        .links
        .iter()
        .enumerate()
        .filter_map(|(k, link)| {
            let (from, to) = (&cards[*by_id.get(&link.from)?], &cards[*by_id.get(&link.to)?]);
            Some(LinkArrow { from: link.from, to: link.to, points: route(from, to, &cards, k) })
        })
        .collect();

    let bottom = grid_top + grid_h;
    let feeling = feeling::strip(journey, &phases, bottom, LANE_LABEL_W, right, options.feeling);
    let bottom = feeling.as_ref().map_or(bottom, |f| f.rect.max.y);
    Layout {
        bounds: Rect { min: Point::new(0.0, 0.0), max: Point::new(right, bottom) },
        options: *options,
        phases,
        lanes,
        cards,
        links,
        feeling,
    }
}

/// The wrapping that gives the largest cards for a view `width` × `height` screen points wide
/// and high, with the zoom it allows (never past 1:1); `base` says which phases show and
/// whether the feeling curve does. The classic aligned strip wins ties, so short journeys keep
/// their time-aligned row.
pub fn fit(journey: &Journey, width: f32, height: f32, base: &LayoutOptions) -> (LayoutOptions, f32) {
    fit_up_to(journey, width, height, base, 1.0)
}

/// [`fit`] with the zoom allowed up to `most`: how much larger than 1:1 the journey (or the one
/// phase shown) could be drawn and still fit — a phase shown alone to a room may fill the screen.
pub fn fit_up_to(
    journey: &Journey,
    width: f32,
    height: f32,
    base: &LayoutOptions,
    most: f32,
) -> (LayoutOptions, f32) {
    let a = arrange(journey);
    let only = base.only;
    let shown = |p: &Phase| only.is_none_or(|o| o == *p);
    let strip_h = if base.feeling == feeling::FeelingCurve::Hidden { 0.0 } else { feeling::FEELING_H };
    let margin = 2.0 * metrics::FIT_MARGIN;
    let zoom_of = |options: &LayoutOptions| {
        let columns = phase_columns(&a, options);
        let w = LANE_LABEL_W
            + Phase::ALL.iter().filter(|p| shown(p)).map(|p| phase_width(columns[p.index()].0)).sum::<f32>();
        let h =
            HEADER_H + lane_rows(&a, &columns, options).into_iter().map(lane_height).sum::<f32>() + strip_h;
        (width / (w + margin)).min(height / (h + margin)).min(most)
    };
    let strip = LayoutOptions { columns: [0; 3], ..*base };
    let mut best = (strip, zoom_of(&strip));
    let most =
        a.counts.iter().flat_map(|c| Phase::ALL.iter().filter(|p| shown(p)).map(|p| c[p.index()])).max();
    for rows in 1..=most.unwrap_or(0) {
        // The fewest cards per row that keep every cell within `rows` rows.
        let columns = Phase::ALL.map(|p| {
            let need = a.counts.iter().map(|c| c[p.index()].div_ceil(rows)).max().unwrap_or(1).max(1);
            if need >= a.aligned_slots[p.index()] { 0 } else { need }
        });
        let options = LayoutOptions { columns, ..*base };
        let zoom = zoom_of(&options);
        if zoom > best.1 + 1e-4 {
            best = (options, zoom);
        }
    }
    best
}

/// The left edge of a card in a column of a phase that starts at `phase_x`.
fn slot_x(phase_x: f32, column: usize) -> f32 {
    phase_x + GAP + column as f32 * (CARD_W + GAP)
}

/// The top edge of a card in a row of a lane that starts at `lane_y`.
fn slot_y(lane_y: f32, row: usize) -> f32 {
    lane_y + GAP + row as f32 * (CARD_H + GAP)
}

/// A link's route from card `a` to card `b` that crosses no other card: a short straight arrow
/// between neighbours; otherwise up into the gap above `a`'s row, along it to the gap left of
/// `b`'s column, through that gap to the gap above `b`'s row, and down into `b`. Gaps between
/// rows run the width of a lane and gaps between columns the height of a phase, so they hold
/// no card. `k` offsets links sharing a gap so they stay apart.
fn route(a: &CardBox, b: &CardBox, cards: &[CardBox], k: usize) -> Vec<Point> {
    let (ra, rb) = (&a.rect, &b.rect);
    let same_row = (ra.min.y - rb.min.y).abs() < 0.5;
    let same_column = (ra.min.x - rb.min.x).abs() < 0.5;
    let between = |lo: f32, hi: f32, horizontal: bool| {
        cards.iter().any(|c| {
            c.id != a.id
                && c.id != b.id
                && if horizontal {
                    (c.rect.min.y - ra.min.y).abs() < 0.5
                        && c.rect.min.x > lo - 0.5
                        && c.rect.max.x < hi + 0.5
                } else {
                    (c.rect.min.x - ra.min.x).abs() < 0.5
                        && c.rect.min.y > lo - 0.5
                        && c.rect.max.y < hi + 0.5
                }
        })
    };
    let (ca, cb) = (ra.center(), rb.center());
    if same_row {
        let (lo, hi) = if ra.min.x < rb.min.x { (ra.max.x, rb.min.x) } else { (rb.max.x, ra.min.x) };
        if !between(lo, hi, true) {
            return if ra.min.x < rb.min.x {
                vec![Point::new(ra.max.x, ca.y), Point::new(rb.min.x, cb.y)]
            } else {
                vec![Point::new(ra.min.x, ca.y), Point::new(rb.max.x, cb.y)]
            };
        }
    }
    if same_column {
        let (lo, hi) = if ra.min.y < rb.min.y { (ra.max.y, rb.min.y) } else { (rb.max.y, ra.min.y) };
        if !between(lo, hi, false) {
            return if ra.min.y < rb.min.y {
                vec![Point::new(ca.x, ra.max.y), Point::new(cb.x, rb.min.y)]
            } else {
                vec![Point::new(ca.x, ra.min.y), Point::new(cb.x, rb.max.y)]
            };
        }
    }
    let offset = ((k % 5) as f32 - 2.0) * 3.0;
    // Start and end a little apart from the middle, so arrows in and out of one card part.
    let (ax, bx) = (ca.x + offset, cb.x - offset);
    if same_row {
        let y = ra.min.y - GAP / 2.0 + offset;
        return vec![
            Point::new(ax, ra.min.y),
            Point::new(ax, y),
            Point::new(bx, y),
            Point::new(bx, rb.min.y),
        ];
    }
    // Leave `a` on the side facing `b` and enter `b` on the side facing `a`.
    let down = rb.min.y > ra.min.y;
    let (a_edge, y1) = if down {
        (ra.max.y, ra.max.y + GAP / 2.0 + offset)
    } else {
        (ra.min.y, ra.min.y - GAP / 2.0 + offset)
    };
    let (b_edge, y2) = if down {
        (rb.min.y, rb.min.y - GAP / 2.0 + offset)
    } else {
        (rb.max.y, rb.max.y + GAP / 2.0 + offset)
    };
    let xv = rb.min.x - GAP / 2.0 + offset;
    let mut points = vec![
        Point::new(ax, a_edge),
        Point::new(ax, y1),
        Point::new(xv, y1),
        Point::new(xv, y2),
        Point::new(bx, y2),
        Point::new(bx, b_edge),
    ];
    points.dedup_by(|p, q| (p.x - q.x).abs() < 0.01 && (p.y - q.y).abs() < 0.01);
    points
}
