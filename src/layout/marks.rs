//! A display list: what is drawn, as plain marks — rectangles, circles, polygons, lines, rules
//! and lines of text already wrapped and placed. The layout produces it; the canvas and the SVG
//! writer each only translate it, so they draw the same picture (and a test can compare what
//! each was given).

use super::{Point, Rect};
use crate::palette::{Colour, Ink, Palette};

/// A colour role with an opacity factor (1 = as the palette has it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Paint {
    /// The role.
    pub ink: Ink,
    /// Opacity factor, 0..=1.
    pub alpha: f32,
}

impl Paint {
    /// The colour an export draws it in (the palette's, white standing for white, faded).
    pub fn colour(self, palette: &Palette) -> Colour {
        palette.ink(self.ink, Colour::rgb(255, 255, 255)).faded(self.alpha)
    }

    /// The role at full opacity.
    pub const fn solid(ink: Ink) -> Self {
        Self { ink, alpha: 1.0 }
    }

    /// The role at an opacity.
    pub const fn faded(ink: Ink, alpha: f32) -> Self {
        Self { ink, alpha }
    }
}

impl From<Ink> for Paint {
    fn from(ink: Ink) -> Self {
        Self::solid(ink)
    }
}

/// An outline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    /// Width in diagram units.
    pub width: f32,
    /// Colour.
    pub paint: Paint,
}

impl Stroke {
    /// An outline of a width and colour.
    pub fn new(width: f32, paint: impl Into<Paint>) -> Self {
        Self { width, paint: paint.into() }
    }
}

/// Corner radii: top-left, top-right, bottom-left, bottom-right.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Corners {
    /// Top left.
    pub nw: f32,
    /// Top right.
    pub ne: f32,
    /// Bottom left.
    pub sw: f32,
    /// Bottom right.
    pub se: f32,
}

impl Corners {
    /// The same radius everywhere.
    pub const fn same(r: f32) -> Self {
        Self { nw: r, ne: r, sw: r, se: r }
    }

    /// Rounded on the left only.
    pub const fn left(r: f32) -> Self {
        Self { nw: r, ne: 0.0, sw: r, se: 0.0 }
    }

    /// Every radius is the same.
    pub fn is_uniform(&self) -> bool {
        self.nw == self.ne && self.ne == self.sw && self.sw == self.se
    }
}

/// How a line of text sits on its x.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// x is the left end.
    Start,
    /// x is the middle.
    Middle,
    /// x is the right end.
    End,
}

/// One thing drawn.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    /// A rectangle, filled and/or outlined (the outline inside the rectangle).
    Rect {
        /// Where.
        rect: Rect,
        /// Corner radii.
        corners: Corners,
        /// Fill.
        fill: Option<Paint>,
        /// Outline.
        stroke: Option<Stroke>,
    },
    /// A circle.
    Circle {
        /// Centre.
        centre: Point,
        /// Radius.
        radius: f32,
        /// Fill.
        fill: Option<Paint>,
        /// Outline.
        stroke: Option<Stroke>,
    },
    /// A filled convex polygon.
    Polygon {
        /// Corners, in order.
        points: Vec<Point>,
        /// Fill.
        fill: Paint,
    },
    /// A line through points (two for a segment).
    Line {
        /// The points, in order.
        points: Vec<Point>,
        /// Width and colour.
        stroke: Stroke,
    },
    /// A straight rule across or down (a header's edge, the rule under the headers) that a screen
    /// puts on its pixel grid, so it stays crisp at every zoom; a file draws it as a two-point
    /// line.
    Rule {
        /// One end.
        from: Point,
        /// The other.
        to: Point,
        /// Width and colour.
        stroke: Stroke,
    },
    /// A smooth curve: from `start`, one cubic Bézier segment per `[control, control, end]`.
    Curve {
        /// Where it starts.
        start: Point,
        /// The segments.
        segments: Vec<[Point; 3]>,
        /// Width and colour.
        stroke: Stroke,
    },
    /// One line of text (wrapping is already done).
    Text {
        /// The text.
        text: String,
        /// The top of the line, at the anchor's x.
        at: Point,
        /// Em size.
        size: f32,
        /// Colour.
        paint: Paint,
        /// Which end of the line `at` is.
        anchor: Anchor,
    },
}

impl Mark {
    /// A filled rectangle.
    pub fn fill(rect: Rect, corners: Corners, paint: impl Into<Paint>) -> Self {
        Mark::Rect { rect, corners, fill: Some(paint.into()), stroke: None }
    }

    /// A line of text.
    pub fn text(
        text: impl Into<String>,
        at: Point,
        size: f32,
        paint: impl Into<Paint>,
        anchor: Anchor,
    ) -> Self {
        Mark::Text { text: text.into(), at, size, paint: paint.into(), anchor }
    }

    /// The same mark moved by an offset.
    pub fn offset(mut self, dx: f32, dy: f32) -> Self {
        let shift = |p: &mut Point| *p = p.offset(dx, dy);
        match &mut self {
            Mark::Rect { rect, .. } => *rect = rect.offset(dx, dy),
            Mark::Circle { centre, .. } => shift(centre),
            Mark::Polygon { points, .. } | Mark::Line { points, .. } => points.iter_mut().for_each(shift),
            Mark::Rule { from, to, .. } => {
                shift(from);
                shift(to);
            }
            Mark::Curve { start, segments, .. } => {
                shift(start);
                segments.iter_mut().flatten().for_each(shift);
            }
            Mark::Text { at, .. } => shift(at),
        }
        self
    }

    /// A rectangle that holds everything the mark draws (its outline's width and, for text, a
    /// generous guess at the line's length included), so a painter can skip what is out of view.
    pub fn bounds(&self) -> Rect {
        let around = |points: &mut dyn Iterator<Item = Point>, pad: f32| {
            let mut b = Rect { min: Point::new(f32::MAX, f32::MAX), max: Point::new(f32::MIN, f32::MIN) };
            for p in points {
                b.min = Point::new(b.min.x.min(p.x), b.min.y.min(p.y));
                b.max = Point::new(b.max.x.max(p.x), b.max.y.max(p.y));
            }
            Rect { min: b.min.offset(-pad, -pad), max: b.max.offset(pad, pad) }
        };
        let width = |s: &Option<Stroke>| s.map_or(0.0, |s| s.width);
        match self {
            Mark::Rect { rect, stroke, .. } => around(&mut [rect.min, rect.max].into_iter(), width(stroke)),
            Mark::Circle { centre, radius, stroke, .. } => {
                around(&mut std::iter::once(*centre), radius + width(stroke))
            }
            Mark::Polygon { points, .. } => around(&mut points.iter().copied(), 1.0),
            Mark::Line { points, stroke } => around(&mut points.iter().copied(), stroke.width),
            Mark::Rule { from, to, stroke } => around(&mut [*from, *to].into_iter(), stroke.width),
            // A Bézier segment stays inside the hull of its control points.
            Mark::Curve { start, segments, stroke } => {
                around(&mut std::iter::once(*start).chain(segments.iter().flatten().copied()), stroke.width)
            }
            Mark::Text { text, at, size, anchor, .. } => {
                // Wider than any glyph of the bundled fonts is on average, so nothing is cut.
                let w = text.chars().count() as f32 * size;
                let x0 = match anchor {
                    Anchor::Start => at.x,
                    Anchor::Middle => at.x - w / 2.0,
                    Anchor::End => at.x - w,
                };
                Rect { min: Point::new(x0, at.y), max: Point::new(x0 + w, at.y + 1.5 * size) }
            }
        }
    }

    /// The same mark with every colour's opacity multiplied by `alpha`.
    pub fn faded(mut self, alpha: f32) -> Self {
        let fade = |p: &mut Paint| p.alpha *= alpha;
        match &mut self {
            Mark::Rect { fill, stroke, .. } | Mark::Circle { fill, stroke, .. } => {
                if let Some(f) = fill {
                    fade(f);
                }
                if let Some(s) = stroke {
                    fade(&mut s.paint);
                }
            }
            Mark::Polygon { fill, .. } => fade(fill),
            Mark::Line { stroke, .. } | Mark::Rule { stroke, .. } | Mark::Curve { stroke, .. } => {
                fade(&mut stroke.paint)
            }
            Mark::Text { paint, .. } => fade(paint),
        }
        self
    }
}
