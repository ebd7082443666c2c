//! A whole exported page as a display list: the grid, the phase headers and lane labels, the
//! links, the cards, the feeling strip, the finding markers and the legend, each as plain
//! [`Mark`]s in layers. The SVG writer (and so the PNG) and the PDF writer translate the same
//! layers; the canvas paints the same grid body, links and cards (its headers and lane labels
//! follow the view when it pans, so it draws those itself at the zoom's text size).

use std::collections::BTreeSet;

use super::card::{self, Detail};
use super::diagram::{BADGE_R, BADGE_SIZE, Badge, Diagram, KeyMark, Legend, More, ScoreKind, TextLine, Tone};
use super::marks::{Anchor, Corners, Mark, Paint, Stroke};
use super::{Layout, Point, Rect, metrics as m};
use crate::model::{Journey, TouchpointId};
use crate::palette::{Ink, exchange_points_up};
use crate::score::Analysis;
use crate::text;

/// What a layer of a page is, so a writer can name it (SVG groups) or skip it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// The project's and journey's names over the grid.
    Title,
    /// The grid's body: background, lane bands, lane and phase lines.
    Grid,
    /// Phase headers (name and scores line) and lane labels.
    Headers,
    /// Link arrows.
    Links,
    /// One card.
    Card {
        /// The touchpoint.
        id: TouchpointId,
        /// Its whole title (the card may show less of it).
        title: String,
    },
    /// The feeling curve under the grid.
    Feeling,
    /// Numbered finding markers and "+n".
    Markers,
    /// Scores, classification, key and listed findings.
    Legend,
}

/// One layer: what it is and its marks, in page coordinates before the page's offset.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    /// What it is.
    pub part: Part,
    /// Its marks, in painting order.
    pub marks: Vec<Mark>,
}

/// A placed line of text as a mark.
pub fn text_line(l: &TextLine) -> Mark {
    let ink = match l.tone {
        Tone::Strong => Ink::Text,
        Tone::Weak => Ink::WeakText,
    };
    Mark::text(l.text.clone(), l.at, l.size, ink, Anchor::Start)
}

/// A line of text vertically centred on `y`.
fn text_centred(s: impl Into<String>, x: f32, y: f32, size: f32, ink: Ink, anchor: Anchor) -> Mark {
    Mark::text(s, Point::new(x, y - text::line_height(size) / 2.0), size, ink, anchor)
}

fn segment(a: Point, b: Point, width: f32, ink: Ink) -> Mark {
    Mark::Line { points: vec![a, b], stroke: Stroke::new(width, ink) }
}

/// The grid's body: the background, every other lane banded, a line under each lane and one
/// at the left of each phase. `weight` is the line width (the palette's: heavier on a
/// projector).
pub fn grid_marks(g: &Layout, weight: f32) -> Vec<Mark> {
    let b = g.bounds;
    let mut out = vec![Mark::fill(b, Corners::default(), Ink::Canvas)];
    for (i, lane) in g.lanes.iter().enumerate() {
        if i % 2 == 1 {
            out.push(Mark::fill(lane.body, Corners::default(), Ink::LaneBand));
        }
        let y = lane.body.max.y;
        out.push(segment(Point::new(b.min.x, y), Point::new(b.max.x, y), weight, Ink::Grid));
    }
    for col in &g.phases {
        let x = col.header.min.x;
        out.push(segment(Point::new(x, b.min.y), Point::new(x, b.max.y), weight, Ink::Grid));
    }
    out
}

/// Phase headers with their names and scores lines, lane labels with their names, and the rule
/// under the headers, as an exported page shows them.
pub fn header_marks(g: &Layout, analysis: &Analysis) -> Vec<Mark> {
    let b = g.bounds;
    let mut out = Vec::new();
    for lane in &g.lanes {
        out.push(Mark::fill(lane.label, Corners::default(), Ink::Header));
        let rows = text::wrap(&lane.name, m::LANE_SIZE, lane.label.width() - 2.0 * m::LANE_PAD + 4.0, 2);
        let lh = text::line_height(m::LANE_SIZE);
        let top = lane.label.center().y - lh * rows.len() as f32 / 2.0;
        for (k, row) in rows.into_iter().enumerate() {
            let at = Point::new(lane.label.min.x + m::LANE_PAD, top + k as f32 * lh);
            out.push(Mark::text(row, at, m::LANE_SIZE, Ink::HeaderText, Anchor::Start));
        }
    }
    for col in &g.phases {
        out.push(Mark::fill(col.header, Corners::default(), Ink::Header));
        let x = col.header.min.x + m::HEADER_PAD;
        let name = text::fit(col.phase.label(), m::PHASE_SIZE, col.header.width() - 24.0);
        out.push(Mark::text(
            name,
            Point::new(x, col.header.min.y + 8.0),
            m::PHASE_SIZE,
            Ink::HeaderText,
            Anchor::Start,
        ));
        let summary = super::phase_summary(&analysis.phases[col.phase.index()]);
        let summary = text::fit(&summary, m::PHASE_SUMMARY_SIZE, col.header.width() - 24.0);
        let top = col.header.max.y - 8.0 - text::line_height(m::PHASE_SUMMARY_SIZE);
        out.push(Mark::text(
            summary,
            Point::new(x, top),
            m::PHASE_SUMMARY_SIZE,
            Ink::WeakText,
            Anchor::Start,
        ));
        let x = col.header.min.x;
        out.push(segment(Point::new(x, col.header.min.y), Point::new(x, col.header.max.y), 1.0, Ink::Grid));
    }
    for lane in &g.lanes {
        let y = lane.label.max.y;
        out.push(segment(Point::new(lane.label.min.x, y), Point::new(lane.label.max.x, y), 1.0, Ink::Grid));
    }
    let y = b.min.y + m::HEADER_H;
    out.push(segment(Point::new(b.min.x, y), Point::new(b.max.x, y), 1.5, Ink::Grid));
    out
}

/// The link arrows whose routes `keep` accepts (the canvas keeps those in view; a page keeps
/// all).
pub fn link_marks(g: &Layout, keep: impl Fn(&[Point]) -> bool) -> Vec<Mark> {
    g.links.iter().filter(|l| keep(&l.points)).flat_map(|l| card::arrow(&l.points, Ink::Link, 2.0)).collect()
}

/// A numbered finding marker.
pub fn badge(out: &mut Vec<Mark>, centre: Point, number: usize, warning: bool) {
    let (fill, ink) = if warning { (Ink::Warning, Ink::OnWarning) } else { (Ink::Note, Ink::OnAccent) };
    out.push(Mark::Circle {
        centre,
        radius: BADGE_R,
        fill: Some(fill.into()),
        stroke: Some(Stroke::new(1.5, Ink::White)),
    });
    out.push(text_centred(number.to_string(), centre.x, centre.y, BADGE_SIZE, ink, Anchor::Middle));
}

/// The markers on cards, headers and the grid's corner, and "+n" where more findings name a
/// place than fit.
pub fn marker_marks(badges: &[Badge], more: &[More]) -> Vec<Mark> {
    let mut out = Vec::new();
    for b in badges {
        badge(&mut out, b.centre, b.number, b.warning);
    }
    for m in more {
        out.extend(more_marks(m));
    }
    out
}

/// The "+n" pill of a place with more findings than markers.
pub fn more_marks(m: &More) -> Vec<Mark> {
    let label = format!("+{}", m.count);
    let w = text::width(&label, BADGE_SIZE) + 10.0;
    let r = Rect::from_min_size(Point::new(m.centre.x - w / 2.0, m.centre.y - BADGE_R), w, 2.0 * BADGE_R);
    vec![
        Mark::Rect {
            rect: r,
            corners: Corners::same(BADGE_R),
            fill: Some(Ink::Note.into()),
            stroke: Some(Stroke::new(1.5, Ink::White)),
        },
        text_centred(label, m.centre.x, m.centre.y, BADGE_SIZE, Ink::OnAccent, Anchor::Middle),
    ]
}

/// The legend: a rule, the two scores with their bars, the classification, the key and the
/// findings listed.
pub fn legend_marks(legend: &Legend) -> Vec<Mark> {
    let mut out = Vec::new();
    let f = &legend.frame;
    out.push(segment(f.min, Point::new(f.max.x, f.min.y), 1.5, Ink::Grid));
    for tile in &legend.scores {
        let ink = match tile.kind {
            ScoreKind::Mutuality => Ink::Mutuality,
            ScoreKind::Continuity => Ink::Continuity,
        };
        out.push(text_line(&tile.label));
        out.push(text_line(&tile.value));
        out.push(Mark::fill(tile.bar, Corners::same(3.0), Ink::LaneBand));
        if tile.fill.width() > 0.0 {
            out.push(Mark::fill(tile.fill, Corners::same(3.0), ink));
        }
    }
    out.extend(legend.verdict.iter().map(text_line));
    for item in &legend.key {
        let c = item.centre;
        match &item.mark {
            KeyMark::Exchange(e) => out.push(Mark::Polygon {
                points: card::exchange_mark(c, 14.0, exchange_points_up(*e)),
                fill: Paint::solid(Ink::Exchange(*e)),
            }),
            KeyMark::Strength => {
                for (i, dx) in [-9.0, 0.0, 9.0].into_iter().enumerate() {
                    let at = Point::new(c.x + dx, c.y);
                    out.push(if i < 2 {
                        Mark::Circle {
                            centre: at,
                            radius: card::DOT_R,
                            fill: Some(Ink::WeakText.into()),
                            stroke: None,
                        }
                    } else {
                        Mark::Circle {
                            centre: at,
                            radius: card::DOT_R - 0.2,
                            fill: None,
                            stroke: Some(Stroke::new(1.0, Ink::WeakText)),
                        }
                    });
                }
            }
            KeyMark::Provider(provider) => card::provider_icon(&mut out, c, provider, Ink::WeakText),
            KeyMark::Warning => card::warning(&mut out, c, card::WARNING_SIZE, false),
            KeyMark::Finding => badge(&mut out, c, 1, true),
            KeyMark::Link => out.extend(card::arrow(
                &[Point::new(c.x - 12.0, c.y), Point::new(c.x + 12.0, c.y)],
                Ink::Link,
                2.0,
            )),
        }
        out.push(text_line(&item.label));
    }
    if let Some(h) = &legend.findings_heading {
        out.push(text_line(h));
    }
    for row in &legend.findings {
        badge(&mut out, row.badge, row.number, row.warning);
        out.extend(row.lines.iter().map(text_line));
    }
    out
}

/// The marks of a card on a page: the canvas's own card at full detail.
pub fn card_marks(card: &super::CardBox, journey: &Journey, warned: &BTreeSet<TouchpointId>) -> Vec<Mark> {
    let tp = &journey.touchpoints[card.index];
    card::card_marks(&card.rect, tp, warned.contains(&tp.id), Detail::Full)
}

/// Every layer of a journey's exported page, in painting order (before `d.offset`).
pub fn diagram_layers(journey: &Journey, analysis: &Analysis, d: &Diagram) -> Vec<Layer> {
    let warned = analysis.warned_touchpoints();
    let mut layers = vec![
        Layer { part: Part::Title, marks: d.title.iter().map(text_line).collect() },
        Layer { part: Part::Grid, marks: grid_marks(&d.grid, 1.0) },
        Layer { part: Part::Headers, marks: header_marks(&d.grid, analysis) },
        Layer { part: Part::Links, marks: link_marks(&d.grid, |_| true) },
    ];
    for (i, c) in d.grid.cards.iter().enumerate() {
        let tp = &journey.touchpoints[c.index];
        let mut marks = card_marks(c, journey, &warned);
        // A card with open review threads carries its pin when comments are shown (§18).
        if let Some((_, open)) = d.pins.iter().find(|(at, _)| *at == i) {
            marks.extend(card::pin_marks(&c.rect, *open));
        }
        layers.push(Layer { part: Part::Card { id: tp.id, title: tp.title.clone() }, marks });
    }
    if let Some(strip) = &d.grid.feeling {
        layers.push(Layer { part: Part::Feeling, marks: super::feeling::marks(strip, 16.0) });
    }
    if !d.badges.is_empty() || !d.more.is_empty() {
        layers.push(Layer { part: Part::Markers, marks: marker_marks(&d.badges, &d.more) });
    }
    if let Some(legend) = &d.legend {
        layers.push(Layer { part: Part::Legend, marks: legend_marks(legend) });
    }
    layers
}
