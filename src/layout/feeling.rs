//! The feeling curve: how the customer feels (−2..+2) at each touchpoint, drawn in a strip under
//! the grid. One point per touchpoint that has a feeling, in timeline order, joined by a smooth
//! line that never overshoots the scale; a touchpoint without a feeling leaves a gap (never a fake
//! zero). Points sit under their phase's column, evenly spaced in time order or by day.

use super::marks::{Anchor, Mark, Paint, Stroke};
use super::{PhaseColumn, Point, Rect};
use crate::model::{Journey, TouchpointId};
use crate::palette::Ink;
use crate::text;

/// Height of the strip under the grid, in diagram units.
pub const FEELING_H: f32 = 150.0;
/// Room above and below the scale inside the strip.
const PAD: f32 = 22.0;
/// Radius of a point.
pub const POINT_R: f32 = 6.0;

/// Whether and how the feeling curve is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FeelingCurve {
    /// Not drawn.
    #[default]
    Hidden,
    /// Points evenly spaced in time order within their phase.
    Even,
    /// Points placed by day within their phase.
    ByDay,
}

/// One point of the curve.
#[derive(Clone, Debug, PartialEq)]
pub struct FeelingPoint {
    /// The touchpoint.
    pub id: TouchpointId,
    /// Its index in `journey.touchpoints`.
    pub index: usize,
    /// Where the point is.
    pub at: Point,
    /// The feeling, −2..=2.
    pub feeling: i8,
}

/// The strip under the grid.
#[derive(Clone, Debug, PartialEq)]
pub struct FeelingStrip {
    /// The whole strip, across the label column and the phases.
    pub rect: Rect,
    /// Where points go: right of the label column, inside the padding.
    pub plot: Rect,
    /// The points, in timeline order.
    pub points: Vec<FeelingPoint>,
    /// Runs of points joined by a line: a touchpoint without a feeling breaks the line.
    pub runs: Vec<std::ops::Range<usize>>,
    /// Where phases meet, for the boundary lines.
    pub phase_edges: Vec<f32>,
}

impl FeelingStrip {
    /// The height of a feeling on the scale.
    pub fn y_of(&self, feeling: f32) -> f32 {
        let mid = (self.plot.min.y + self.plot.max.y) / 2.0;
        mid - feeling.clamp(-2.0, 2.0) * self.plot.height() / 4.0
    }

    /// The feeling a height stands for, snapped to a whole step in −2..=2.
    pub fn feeling_at(&self, y: f32) -> i8 {
        let mid = (self.plot.min.y + self.plot.max.y) / 2.0;
        ((mid - y) / (self.plot.height() / 4.0)).round().clamp(-2.0, 2.0) as i8
    }

    /// The point of a touchpoint.
    pub fn point(&self, id: TouchpointId) -> Option<&FeelingPoint> {
        self.points.iter().find(|p| p.id == id)
    }

    /// The point nearest to `p` within `radius`.
    pub fn point_near(&self, p: Point, radius: f32) -> Option<&FeelingPoint> {
        self.points
            .iter()
            .map(|q| (q, (q.at.x - p.x).hypot(q.at.y - p.y)))
            .filter(|(_, d)| *d <= radius)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(q, _)| q)
    }
}

/// Lays out the strip under a grid whose phase columns and cards are given, from `top` down,
/// `label_w` wide on the left.
pub fn strip(
    journey: &Journey,
    phases: &[PhaseColumn],
    top: f32,
    label_w: f32,
    right: f32,
    mode: FeelingCurve,
) -> Option<FeelingStrip> {
    if mode == FeelingCurve::Hidden {
        return None;
    }
    let rect = Rect { min: Point::new(0.0, top), max: Point::new(right, top + FEELING_H) };
    let plot = Rect { min: Point::new(label_w, top + PAD), max: Point::new(right, top + FEELING_H - PAD) };
    let mut shape =
        FeelingStrip { rect, plot, points: Vec::new(), runs: Vec::new(), phase_edges: Vec::new() };
    shape.phase_edges = phases.iter().skip(1).map(|c| c.body.min.x).collect();

    let timeline = journey.timeline();
    let mut run_start: Option<usize> = None;
    for col in phases {
        let in_phase: Vec<usize> =
            timeline.iter().copied().filter(|&i| journey.touchpoints[i].phase == col.phase).collect();
        let (x0, x1) = (col.body.min.x + super::metrics::GAP, col.body.max.x - super::metrics::GAP);
        let days = in_phase.iter().map(|&i| journey.touchpoints[i].day);
        let (d0, d1) = (days.clone().min().unwrap_or(0), days.max().unwrap_or(0));
        let m = in_phase.len().max(1) as f32;
        for (k, &i) in in_phase.iter().enumerate() {
            let tp = &journey.touchpoints[i];
            let Some(f) = tp.feeling else {
                // No feeling here: the line breaks rather than dropping to zero.
                if let Some(s) = run_start.take()
                    && s < shape.points.len()
                {
                    shape.runs.push(s..shape.points.len());
                }
                continue;
            };
            let x = match mode {
                FeelingCurve::ByDay if d1 > d0 => x0 + (tp.day - d0) as f32 / (d1 - d0) as f32 * (x1 - x0),
                FeelingCurve::ByDay => (x0 + x1) / 2.0,
                _ => x0 + (k as f32 + 0.5) / m * (x1 - x0),
            };
            run_start.get_or_insert(shape.points.len());
            shape.points.push(FeelingPoint {
                id: tp.id,
                index: i,
                at: Point::new(x, shape.y_of(f32::from(f))),
                feeling: f,
            });
        }
    }
    if let Some(s) = run_start
        && s < shape.points.len()
    {
        shape.runs.push(s..shape.points.len());
    }
    Some(shape)
}

/// The cubic Bézier control points of a smooth curve through `points` (monotone cubic
/// interpolation, Fritsch–Carlson): one `[c1, c2, end]` per segment, never overshooting a
/// neighbour's height, so the curve stays within the scale.
pub fn smooth(points: &[Point]) -> Vec<[Point; 3]> {
    let n = points.len();
    if n < 2 {
        return Vec::new();
    }
    let dx: Vec<f32> = points.windows(2).map(|w| (w[1].x - w[0].x).max(1e-3)).collect();
    let slope: Vec<f32> = points.windows(2).zip(&dx).map(|(w, d)| (w[1].y - w[0].y) / d).collect();
    let mut tangent = vec![0.0f32; n];
    tangent[0] = slope[0];
    tangent[n - 1] = slope[n - 2];
    for i in 1..n - 1 {
        tangent[i] = if slope[i - 1] * slope[i] <= 0.0 { 0.0 } else { (slope[i - 1] + slope[i]) / 2.0 };
    }
    for i in 0..n - 1 {
        if slope[i] == 0.0 {
            tangent[i] = 0.0;
            tangent[i + 1] = 0.0;
            continue;
        }
        let (a, b) = (tangent[i] / slope[i], tangent[i + 1] / slope[i]);
        let h = a.hypot(b);
        if h > 3.0 {
            tangent[i] = 3.0 / h * a * slope[i];
            tangent[i + 1] = 3.0 / h * b * slope[i];
        }
    }
    (0..n - 1)
        .map(|i| {
            let (p, q) = (points[i], points[i + 1]);
            let d = dx[i] / 3.0;
            [Point::new(p.x + d, p.y + tangent[i] * d), Point::new(q.x - d, q.y - tangent[i + 1] * d), q]
        })
        .collect()
}

/// The strip as marks: the scale (−2..+2, the zero line stronger), the phase boundaries, the
/// curve and its points; `text_size` for the scale's labels and the strip's name.
pub fn marks(strip: &FeelingStrip, text_size: f32) -> Vec<Mark> {
    // The strip's name and scale share the label column: past this size they would collide.
    let text_size = text_size.min(20.0);
    let mut m = Vec::new();
    let (l, r) = (strip.rect.min.x, strip.rect.max.x);
    m.push(Mark::fill(strip.rect, super::marks::Corners::default(), Ink::Canvas));
    m.push(Mark::Line {
        points: vec![Point::new(l, strip.rect.min.y), Point::new(r, strip.rect.min.y)],
        stroke: Stroke::new(1.5, Ink::Grid),
    });
    let label_x = strip.plot.min.x - 8.0;
    m.push(Mark::text(
        "Feeling",
        Point::new(l + 10.0, strip.rect.min.y + 6.0),
        text_size,
        Ink::HeaderText,
        Anchor::Start,
    ));
    for f in -2..=2i8 {
        let y = strip.y_of(f32::from(f));
        let (width, paint) =
            if f == 0 { (1.5, Paint::solid(Ink::Grid)) } else { (1.0, Paint::faded(Ink::Grid, 0.6)) };
        m.push(Mark::Line {
            points: vec![Point::new(strip.plot.min.x, y), Point::new(r, y)],
            stroke: Stroke { width, paint },
        });
        let label = match f {
            1.. => format!("+{f}"),
            0 => "0".to_owned(),
            _ => format!("−{}", -f),
        };
        let top = y - text::line_height(text_size) / 2.0;
        m.push(Mark::text(label, Point::new(label_x, top), text_size, Ink::WeakText, Anchor::End));
    }
    for x in &strip.phase_edges {
        m.push(Mark::Line {
            points: vec![Point::new(*x, strip.rect.min.y), Point::new(*x, strip.rect.max.y)],
            stroke: Stroke::new(1.0, Ink::Grid),
        });
    }
    for run in &strip.runs {
        let pts: Vec<Point> = strip.points[run.clone()].iter().map(|p| p.at).collect();
        if pts.len() >= 2 {
            m.push(Mark::Curve {
                start: pts[0],
                segments: smooth(&pts),
                stroke: Stroke::new(3.0, Ink::Feeling),
            });
        }
    }
    for p in &strip.points {
        m.push(Mark::Circle {
            centre: p.at,
            radius: POINT_R,
            fill: Some(Ink::Feeling.into()),
            stroke: Some(Stroke::new(2.0, Ink::Card)),
        });
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smooth_curve_passes_through_every_point_and_never_overshoots() {
        let pts =
            [Point::new(0.0, 10.0), Point::new(10.0, 50.0), Point::new(20.0, 50.0), Point::new(30.0, 0.0)];
        let segs = smooth(&pts);
        assert_eq!(segs.len(), 3);
        for (s, p) in segs.iter().zip(&pts[1..]) {
            assert_eq!(s[2], *p);
        }
        // Control points stay between their segment's ends in height.
        for (i, s) in segs.iter().enumerate() {
            let (lo, hi) = (pts[i].y.min(pts[i + 1].y), pts[i].y.max(pts[i + 1].y));
            for c in &s[..2] {
                assert!(c.y >= lo - 1e-3 && c.y <= hi + 1e-3, "segment {i}: {c:?}");
            }
        }
    }
}
