//! The page of a review picture (DESIGN.md §13): a title, both journeys' diagrams one above the
//! other with what changed marked on their cards ([`super::review`]), and a panel with the score
//! and sub-score deltas, both classifications with their rules, the findings grouped resolved /
//! introduced / persisting, and a key to the change pills.
//!
//! Pure, like the single-journey page ([`super::diagram`]): geometry and display lists, measured
//! with the bundled fonts; the SVG writer of [`crate::export`] only translates them. The panel
//! goes to the right of the diagrams or under them, whichever keeps the page nearer 16:9.

use std::cmp::Ordering;

use std::collections::BTreeMap;

use super::card::{self, Detail};
use super::diagram::{MARGIN, SLIDE, SUBTITLE_SIZE, TITLE_SIZE, TextLine, Tone, bottom, lines};
use super::marks::{Anchor, Corners, Mark, Stroke};
use super::review::{self, BAND_SIZE, CardChange, Compared};
use super::sheet::{self, HeaderStyle};
use super::{LayoutOptions, Point, Rect};
use crate::compare::{Change, Comparison, TouchpointChanges};
use crate::model::{Journey, TouchpointId};
use crate::palette::Ink;
use crate::score::{Analysis, Finding, Severity, SubScore};
use crate::text;

/// Width of one column of the panel.
pub const PANEL_W: f32 = 540.0;
/// Space between the diagrams and the panel, and between the panel's columns.
pub const COLUMN_GAP: f32 = 56.0;
/// Space between the panel's blocks in a column.
pub const BLOCK_GAP: f32 = 34.0;
/// Most findings listed in a group before the rest are counted as "+N more".
pub const MAX_LISTED: usize = 6;
/// Size of a block's heading.
pub const HEADING_SIZE: f32 = 18.0;
/// Size of the panel's text.
pub const BODY_SIZE: f32 = 14.0;
/// Size of the panel's small print (column heads, descriptions).
pub const SMALL_SIZE: f32 = 12.0;
/// Size of the big score numbers.
pub const SCORE_SIZE: f32 = 34.0;

/// Which of the two journeys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The earlier journey (usually the as-is), drawn on top.
    From,
    /// The later journey (usually the to-be), drawn below.
    To,
}

impl Side {
    /// `from` or `to`, as in the JSON and the SVG's attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::From => "from",
            Side::To => "to",
        }
    }

    /// The word on the band's tag.
    pub fn tag(self) -> &'static str {
        match self {
            Side::From => "FROM",
            Side::To => "TO",
        }
    }

    fn ink(self) -> Ink {
        match self {
            Side::From => Ink::WeakText,
            Side::To => Ink::Selection,
        }
    }
}

/// The band over a diagram that names its journey: a FROM / TO tag, the name, the persona and
/// the journey's scores and class.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// Which journey.
    pub side: Side,
    /// Where.
    pub rect: Rect,
    /// What is drawn.
    pub marks: Vec<Mark>,
}

/// One number of the deltas: a score or a sub-score, from → to and its signed change.
#[derive(Clone, Debug, PartialEq)]
pub struct DeltaRow {
    /// `mutuality`, `continuity`, or a sub-score's label (`both give`).
    pub name: &'static str,
    /// From, to and the change as shown (see [`Change::shown`]).
    pub shown: [String; 3],
    /// What is drawn.
    pub marks: Vec<Mark>,
}

/// A group of findings (DESIGN.md §13).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// In from, gone in to.
    Resolved,
    /// New in to.
    Introduced,
    /// In both.
    Persisting,
}

impl Group {
    /// `resolved`, `introduced`, `persisting`.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Resolved => "resolved",
            Group::Introduced => "introduced",
            Group::Persisting => "persisting",
        }
    }

    /// The heading: "Resolved".
    pub fn label(self) -> &'static str {
        match self {
            Group::Resolved => "Resolved",
            Group::Introduced => "Introduced",
            Group::Persisting => "Persisting",
        }
    }

    fn ink(self) -> Ink {
        match self {
            Group::Resolved => Ink::Better,
            Group::Introduced => Ink::Worse,
            Group::Persisting => Ink::Note,
        }
    }
}

/// A finding listed in the panel.
#[derive(Clone, Debug, PartialEq)]
pub struct FindingRow {
    /// Its code, `LONG_SILENCE`.
    pub code: &'static str,
    /// Its severity marker and message, wrapped.
    pub marks: Vec<Mark>,
}

/// What a block of the panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// Design mutuality and its sub-scores.
    Mutuality,
    /// Design continuity and its sub-scores.
    Continuity,
    /// Both classifications and their rules.
    Classification,
    /// A group of findings.
    Findings(Group),
    /// The key to the change pills and the deltas' colours.
    Key,
}

/// One block of the panel.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// What it shows.
    pub kind: BlockKind,
    /// Where.
    pub rect: Rect,
    /// Its heading and everything not in `deltas` or `findings`.
    pub marks: Vec<Mark>,
    /// The score and its sub-scores (score blocks).
    pub deltas: Vec<DeltaRow>,
    /// The findings listed (findings blocks).
    pub findings: Vec<FindingRow>,
    /// How many findings the group has, listed or not (findings blocks).
    pub count: usize,
}

impl Block {
    fn new(kind: BlockKind) -> Self {
        Self {
            kind,
            rect: Rect::default(),
            marks: Vec::new(),
            deltas: Vec::new(),
            findings: Vec::new(),
            count: 0,
        }
    }

    fn offset(&mut self, dx: f32, dy: f32) {
        let shift = |marks: &mut Vec<Mark>| {
            *marks = std::mem::take(marks).into_iter().map(|m| m.offset(dx, dy)).collect();
        };
        self.rect = self.rect.offset(dx, dy);
        shift(&mut self.marks);
        self.deltas.iter_mut().for_each(|d| shift(&mut d.marks));
        self.findings.iter_mut().for_each(|f| shift(&mut f.marks));
    }
}

/// A review picture's page.
#[derive(Clone, Debug)]
pub struct ReviewPage {
    /// The whole page, from (0, 0).
    pub bounds: Rect,
    /// The project's name, "From → To", and what changed in a line.
    pub title: Vec<TextLine>,
    /// Both diagrams, placed on the page.
    pub compared: Compared,
    /// The rule between the diagrams and the panel.
    pub rule: [Point; 2],
    /// Whether the panel is right of the diagrams (else under them).
    pub panel_right: bool,
    /// The panel's blocks, placed.
    pub blocks: Vec<Block>,
}

/// Lays out the review page of two journeys of a project (named above them when `project` is
/// not empty), given each journey's analysis and their comparison made from those analyses.
pub fn review_page(
    project: &str,
    (from, from_analysis): (&Journey, &Analysis),
    (to, to_analysis): (&Journey, &Analysis),
    comparison: &Comparison,
    options: &LayoutOptions,
) -> ReviewPage {
    let mut compared = review::compare_layouts(from, to, &comparison.touchpoints, options);
    let diagram_w = compared.bounds.width();

    let mut title = Vec::new();
    if !project.trim().is_empty() {
        title.extend(lines(project, MARGIN, MARGIN, SUBTITLE_SIZE, diagram_w, 1, Tone::Weak));
    }
    let name = |s: &str| if s.trim().is_empty() { "Untitled journey".to_owned() } else { s.to_owned() };
    let top = bottom(&title).unwrap_or(MARGIN);
    let (a, z) = (name(&comparison.from), name(&comparison.to));
    title.extend(arrow_line(&a, &z, MARGIN, top, TITLE_SIZE, diagram_w.max(PANEL_W), Tone::Strong));
    let top = bottom(&title).unwrap_or(MARGIN) + 2.0;
    let summary = format!("Design review: {}", touchpoint_summary(&comparison.touchpoints));
    title.extend(lines(&summary, MARGIN, top, SUBTITLE_SIZE, diagram_w.max(PANEL_W), 2, Tone::Weak));
    let content_top = bottom(&title).unwrap_or(MARGIN) + 20.0;
    compared.translate(MARGIN, content_top);

    let mut blocks = vec![
        score_block(
            BlockKind::Mutuality,
            "Design mutuality",
            comparison.mutuality.score,
            &comparison.mutuality.parts(),
        ),
        score_block(
            BlockKind::Continuity,
            "Design continuity",
            comparison.continuity.score,
            &comparison.continuity.parts(),
        ),
        classification_block(comparison, from_analysis, to_analysis),
        findings_block(Group::Resolved, &comparison.findings.resolved, comparison),
        findings_block(Group::Introduced, &comparison.findings.introduced, comparison),
        findings_block(Group::Persisting, &comparison.findings.persisting, comparison),
        key_block(comparison),
    ];

    // Right of the diagrams or under them: whichever page is nearer 16:9.
    let heights: Vec<f32> = blocks.iter().map(|b| b.rect.height()).collect();
    let diagrams = compared.bounds;
    let title_w = title.iter().map(|l| text::width(&l.text, l.size)).fold(0.0, f32::max);
    let beside = columns(&heights, diagrams.height().max(tallest(&heights))).len();
    let right = balanced(&heights, beside);
    let right_size = {
        let (w, h) = extent(&right, &heights);
        (diagrams.width() + COLUMN_GAP + w, diagrams.height().max(h))
    };
    let room = ((diagrams.width() + COLUMN_GAP) / (PANEL_W + COLUMN_GAP)).floor().max(1.0) as usize;
    let under = balanced(&heights, room);
    let under_size = {
        let (w, h) = extent(&under, &heights);
        (diagrams.width().max(w), diagrams.height() + COLUMN_GAP + h)
    };
    let off_slide = |(w, h): (f32, f32)| {
        let (w, h) = (w.max(title_w) + 2.0 * MARGIN, h + content_top + MARGIN);
        ((w / h) / (SLIDE.0 / SLIDE.1)).ln().abs()
    };
    let panel_right = off_slide(right_size) <= off_slide(under_size);
    let (chosen, left, top) = if panel_right {
        (right, diagrams.max.x + COLUMN_GAP, diagrams.min.y)
    } else {
        (under, diagrams.min.x, diagrams.max.y + COLUMN_GAP)
    };
    for (k, column) in chosen.iter().enumerate() {
        let x = left + k as f32 * (PANEL_W + COLUMN_GAP);
        let mut y = top;
        for &i in column {
            blocks[i].offset(x, y);
            y += heights[i] + BLOCK_GAP;
        }
    }
    let (panel_w, panel_h) = extent(&chosen, &heights);
    let rule = if panel_right {
        let x = diagrams.max.x + COLUMN_GAP / 2.0;
        [Point::new(x, diagrams.min.y), Point::new(x, diagrams.min.y + diagrams.height().max(panel_h))]
    } else {
        let y = diagrams.max.y + COLUMN_GAP / 2.0;
        [Point::new(diagrams.min.x, y), Point::new(diagrams.min.x + diagrams.width().max(panel_w), y)]
    };
    let content = blocks.iter().fold(diagrams, |r, b| r.union(&b.rect));
    let right_edge = content.max.x.max(MARGIN + title_w);
    let bounds =
        Rect { min: Point::new(0.0, 0.0), max: Point::new(right_edge + MARGIN, content.max.y + MARGIN) };
    ReviewPage { bounds, title, compared, rule, panel_right, blocks }
}

/// The size of the persona's and scores' words on a review page's band.
pub const BAND_SMALL: f32 = 16.0;

/// The size of the persona's and scores' words on the compare view's band (three quarters of
/// the journey's name, as the compare view always had them).
pub const BAND_SCREEN_SMALL: f32 = BAND_SIZE * 0.75;

/// How a journey's diagram is drawn in a review.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ReviewLook {
    /// The review picture (SVG, PNG and the PDF's page): every card in full, pills of
    /// [`review::PILL_SIZE`], a page's headers, the feeling strip.
    Page,
    /// The compare view at a zoom: cards and headers at `detail`, pills of `pill_size`, grid
    /// lines of `weight` (the palette's), no feeling strip.
    Screen {
        /// How much the cards show.
        detail: Detail,
        /// The change pills' text size.
        pill_size: f32,
        /// The grid's line width.
        weight: f32,
    },
}

/// A card of a review's diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewCard {
    /// Its touchpoint.
    pub id: TouchpointId,
    /// Its whole title.
    pub title: String,
    /// Removed in the later journey: drawn as a ghost.
    pub ghost: bool,
    /// What is drawn.
    pub marks: Vec<Mark>,
}

/// A change pill on a card.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewChange {
    /// The card's touchpoint.
    pub id: TouchpointId,
    /// What changed.
    pub change: CardChange,
    /// What is drawn.
    pub marks: Vec<Mark>,
}

/// One journey of a review as marks, in painting order: its band, the grid, the headers and
/// lane labels, the links, the cards, the feeling strip and the change pills.
#[derive(Clone, Debug, PartialEq)]
pub struct JourneyMarks {
    /// Which journey.
    pub side: Side,
    /// The band naming it.
    pub band: Vec<Mark>,
    /// The grid's body.
    pub grid: Vec<Mark>,
    /// Phase headers and lane labels.
    pub headers: Vec<Mark>,
    /// Link arrows.
    pub links: Vec<Mark>,
    /// The cards.
    pub cards: Vec<ReviewCard>,
    /// The feeling strip, when drawn.
    pub feeling: Option<Vec<Mark>>,
    /// The change pills.
    pub changes: Vec<ReviewChange>,
}

impl JourneyMarks {
    /// Every mark, in painting order.
    pub fn all(&self) -> impl Iterator<Item = &Mark> {
        self.band
            .iter()
            .chain(&self.grid)
            .chain(&self.headers)
            .chain(&self.links)
            .chain(self.cards.iter().flat_map(|c| &c.marks))
            .chain(self.feeling.iter().flatten())
            .chain(self.changes.iter().flat_map(|c| &c.marks))
    }
}

/// The journeys of a comparison, each as its marks will be drawn: the one assembly of a
/// review's diagrams that the review picture, the PDF and the compare view translate. `keep`
/// says which cards are drawn (the compare view keeps those in view; a page keeps all).
pub fn journeys_marks(
    compared: &Compared,
    (from, to): (&Analysis, &Analysis),
    look: ReviewLook,
    keep: impl Fn(&Rect) -> bool,
) -> [JourneyMarks; 2] {
    let c = compared;
    [
        (Side::From, c.from_band, &c.from, &c.from_layout, from, &c.from_changes),
        (Side::To, c.to_band, &c.to, &c.to_layout, to, &c.to_changes),
    ]
    .map(|(side, band_rect, journey, layout, analysis, changes)| {
        journey_marks(side, band_rect, journey, layout, analysis, changes, look, &keep)
    })
}

#[allow(clippy::too_many_arguments)]
fn journey_marks(
    side: Side,
    band_rect: Rect,
    journey: &Journey,
    layout: &super::Layout,
    analysis: &Analysis,
    changes: &BTreeMap<TouchpointId, CardChange>,
    look: ReviewLook,
    keep: &impl Fn(&Rect) -> bool,
) -> JourneyMarks {
    let (detail, pill_size, weight, headers, band_small) = match look {
        ReviewLook::Page => (Detail::Full, review::PILL_SIZE, 1.0, HeaderStyle::page(layout), BAND_SMALL),
        ReviewLook::Screen { detail, pill_size, weight } => {
            let headers = HeaderStyle::screen(layout, detail, &layout.bounds);
            (detail, pill_size, weight, headers, BAND_SCREEN_SMALL)
        }
    };
    let warned = analysis.warned_touchpoints();
    let kept = || layout.cards.iter().filter(|c| keep(&c.rect));
    let cards = kept()
        .map(|card| {
            let tp = &journey.touchpoints[card.index];
            let ghost = changes.get(&tp.id) == Some(&CardChange::Removed);
            let marks = card::card_marks(&card.rect, tp, warned.contains(&tp.id), detail);
            let marks = if ghost { review::ghost(marks) } else { marks };
            ReviewCard { id: tp.id, title: tp.title.clone(), ghost, marks }
        })
        .collect();
    let changes = kept()
        .filter_map(|card| {
            let change = changes.get(&card.id)?;
            let marks = review::change_marks_sized(&card.rect, change, pill_size);
            Some(ReviewChange { id: card.id, change: change.clone(), marks })
        })
        .collect();
    let feeling = match (look, &layout.feeling) {
        (ReviewLook::Page, Some(strip)) => Some(super::feeling::marks(strip, 16.0)),
        _ => None,
    };
    JourneyMarks {
        side,
        band: band(side, band_rect, journey, analysis, band_small).marks,
        grid: sheet::grid_marks(layout, weight),
        headers: sheet::header_marks(layout, analysis, &headers),
        links: sheet::link_marks(layout, |_| true),
        cards,
        feeling,
        changes,
    }
}

/// A review picture's page as marks: its title, both journeys, the rule before the panel and
/// the panel's blocks (already marks, in [`ReviewPage::blocks`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewMarks {
    /// The title's lines.
    pub title: Vec<Mark>,
    /// Both journeys, from then to.
    pub journeys: [JourneyMarks; 2],
    /// The rule between the diagrams and the panel.
    pub rule: Mark,
}

impl ReviewMarks {
    /// The page's marks: everything a review page draws, assembled once.
    pub fn of(page: &ReviewPage, from: &Analysis, to: &Analysis) -> Self {
        let [a, b] = page.rule;
        Self {
            title: page.title.iter().map(sheet::text_line).collect(),
            journeys: journeys_marks(&page.compared, (from, to), ReviewLook::Page, |_| true),
            rule: Mark::Line { points: vec![a, b], stroke: Stroke::new(1.5, Ink::Grid) },
        }
    }

    /// Every mark of the page, panel included, in painting order.
    pub fn all(&self, page: &ReviewPage) -> Vec<Mark> {
        let mut out = self.title.clone();
        for j in &self.journeys {
            out.extend(j.all().cloned());
        }
        out.push(self.rule.clone());
        for block in &page.blocks {
            out.extend(block.marks.iter().cloned());
            for row in &block.deltas {
                out.extend(row.marks.iter().cloned());
            }
            for row in &block.findings {
                out.extend(row.marks.iter().cloned());
            }
        }
        out
    }
}

/// "3 new, 2 removed, 5 changed and 7 unchanged touchpoints".
pub fn touchpoint_summary(t: &TouchpointChanges) -> String {
    let plural = |n: usize| if n == 1 { "touchpoint" } else { "touchpoints" };
    format!(
        "{} new, {} removed, {} changed and {} unchanged {}",
        t.added.len(),
        t.removed.len(),
        t.changed.len(),
        t.unchanged,
        plural(t.unchanged)
    )
}

fn tallest(heights: &[f32]) -> f32 {
    heights.iter().copied().fold(0.0, f32::max)
}

/// The blocks in order, a new column started whenever the next block would pass `limit`.
fn columns(heights: &[f32], limit: f32) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut y = 0.0;
    for (i, h) in heights.iter().enumerate() {
        match out.last_mut() {
            Some(column) if y + h <= limit + 0.5 => {
                column.push(i);
                y += h + BLOCK_GAP;
            }
            _ => {
                out.push(vec![i]);
                y = h + BLOCK_GAP;
            }
        }
    }
    out
}

/// The blocks in at most `n` columns, as even as the order allows: the shortest column limit
/// that needs no more.
fn balanced(heights: &[f32], n: usize) -> Vec<Vec<usize>> {
    limits(heights)
        .into_iter()
        .map(|limit| columns(heights, limit))
        .find(|c| c.len() <= n.max(1))
        .unwrap_or_else(|| vec![(0..heights.len()).collect()])
}

/// Every column height a run of consecutive blocks makes, ascending, from the tallest block's.
fn limits(heights: &[f32]) -> Vec<f32> {
    let mut out = Vec::new();
    for a in 0..heights.len() {
        let mut sum = 0.0;
        for h in &heights[a..] {
            sum += h;
            out.push(sum);
            sum += BLOCK_GAP;
        }
    }
    let floor = tallest(heights);
    out.retain(|h| *h >= floor);
    out.sort_by(f32::total_cmp);
    out
}

/// The width and height of a panel laid out in these columns.
fn extent(columns: &[Vec<usize>], heights: &[f32]) -> (f32, f32) {
    let n = columns.len() as f32;
    let w = n * PANEL_W + (n - 1.0).max(0.0) * COLUMN_GAP;
    let h = columns
        .iter()
        .map(|c| c.iter().map(|&i| heights[i]).sum::<f32>() + BLOCK_GAP * (c.len() as f32 - 1.0).max(0.0))
        .fold(0.0, f32::max);
    (w, h)
}

/// "From → To" on one line from `(x, y)`, each side shortened to fit `width` if need be. The
/// arrow is a line of its own: the bundled Ubuntu has no "→", and a renderer may draw a whole
/// line in the fallback font when one of its characters needs it.
pub fn arrow_line(a: &str, z: &str, x: f32, y: f32, size: f32, width: f32, tone: Tone) -> Vec<TextLine> {
    let gap = size * 0.3;
    let arrow_w = text::width("→", size) + 2.0 * gap;
    let room = width - arrow_w;
    let (wa, wz) = (text::width(a, size), text::width(z, size));
    let (a, z) = if wa + wz <= room {
        (a.to_owned(), z.to_owned())
    } else {
        let half = room / 2.0;
        let (ra, rz) = if wa < half {
            (wa, room - wa)
        } else if wz < half {
            (room - wz, wz)
        } else {
            (half, half)
        };
        (text::fit(a, size, ra), text::fit(z, size, rz))
    };
    let wa = text::width(&a, size);
    let line = |t: String, x: f32, tone: Tone| TextLine { text: t, at: Point::new(x, y), size, tone };
    vec![line(a, x, tone), line("→".to_owned(), x + wa + gap, Tone::Weak), line(z, x + wa + arrow_w, tone)]
}

fn text_mark(s: impl Into<String>, x: f32, y: f32, size: f32, ink: Ink, anchor: Anchor) -> Mark {
    Mark::text(s, Point::new(x, y), size, ink, anchor)
}

/// A pill with words, its left end at `x`, centred on `y`; returns its width.
fn pill(m: &mut Vec<Mark>, words: &str, x: f32, y: f32, size: f32, fill: Ink, ink: Ink) -> f32 {
    let h = text::line_height(size) + 8.0;
    let w = pill_width(words, size);
    m.push(Mark::fill(Rect::from_min_size(Point::new(x, y - h / 2.0), w, h), Corners::same(h / 2.0), fill));
    m.push(text_mark(words, x + w / 2.0, y - text::line_height(size) / 2.0, size, ink, Anchor::Middle));
    w
}

fn pill_width(words: &str, size: f32) -> f32 {
    let h = text::line_height(size) + 8.0;
    text::width(words, size) + 2.0 * (h / 2.0).min(12.0)
}

/// The band over a journey's diagram, on the review picture and in the compare view alike:
/// `small` is the size of its persona's and scores' words (a page's [`BAND_SMALL`]; the compare
/// view's larger, to be read on screen), its side's tag a little smaller.
pub fn band(side: Side, rect: Rect, journey: &Journey, analysis: &Analysis, small: f32) -> Band {
    let mut m = Vec::new();
    let tag_size = small * 13.0 / 16.0;
    let facts = format!(
        "mutuality {:.0} · continuity {:.0} · {}",
        analysis.mutuality.score,
        analysis.continuity.score,
        analysis.verdict.classification.label().to_lowercase()
    );
    let facts_w = text::width(&facts, small);
    let x = rect.min.x + pill_width(side.tag(), tag_size) + 14.0;
    let room = (rect.max.x - facts_w - 24.0 - x).max(120.0);
    let whole = if journey.name.trim().is_empty() { "Untitled journey" } else { journey.name.as_str() };
    let name = text::fit(whole, BAND_SIZE, room);
    let name_w = text::width(&name, BAND_SIZE);
    // Text sits low in the band, near the grid it names; a band too narrow for the scores after
    // the name (side by side) has them under it, and the name its whole width.
    let one_line = x + name_w + 24.0 + facts_w <= rect.max.x;
    let mid = if one_line { rect.max.y - 26.0 } else { rect.min.y + rect.height() * 0.34 };
    pill(&mut m, side.tag(), rect.min.x, mid, tag_size, side.ink(), Ink::OnAccent);
    let name = if one_line { name } else { text::fit(whole, BAND_SIZE, rect.max.x - x) };
    m.push(text_mark(
        &name,
        x,
        mid - text::line_height(BAND_SIZE) / 2.0,
        BAND_SIZE,
        Ink::Text,
        Anchor::Start,
    ));
    if !one_line {
        // Under the tag and the name, shortened as a phase's header has them when it must be.
        let width = rect.width();
        let facts = if facts_w <= width {
            facts
        } else {
            format!(
                "M {:.0} · C {:.0} · {}",
                analysis.mutuality.score,
                analysis.continuity.score,
                analysis.verdict.classification.label().to_lowercase()
            )
        };
        // Smaller (to a point) rather than cut.
        let size = (small * 0.98 * width / text::width(&facts, small).max(1.0)).clamp(small * 0.6, small);
        let facts = text::fit(&facts, size, width);
        let top = rect.min.y + rect.height() * 0.76 - text::line_height(size) / 2.0;
        m.push(text_mark(facts, rect.min.x, top, size, Ink::WeakText, Anchor::Start));
        return Band { side, rect, marks: m };
    }
    let persona_room = rect.max.x - facts_w - 40.0 - (x + name_w + 16.0);
    if !journey.persona.trim().is_empty() && persona_room > 80.0 {
        let persona = text::fit(&journey.persona, small, persona_room);
        let top = mid - text::line_height(small) / 2.0 + 2.0;
        m.push(text_mark(persona, x + name_w + 16.0, top, small, Ink::WeakText, Anchor::Start));
    }
    let top = mid - text::line_height(small) / 2.0 + 2.0;
    m.push(text_mark(facts, rect.max.x - 4.0, top, small, Ink::WeakText, Anchor::End));
    Band { side, rect, marks: m }
}

fn heading(m: &mut Vec<Mark>, words: &str, accent: Ink) -> f32 {
    m.push(Mark::fill(Rect::from_min_size(Point::new(0.0, 0.0), 28.0, 4.0), Corners::same(2.0), accent));
    m.push(text_mark(words, 0.0, 10.0, HEADING_SIZE, Ink::Text, Anchor::Start));
    10.0 + text::line_height(HEADING_SIZE) + 8.0
}

/// The ink of a change as shown: better, worse or the same.
fn direction_ink(change: Change, decimals: usize) -> Ink {
    match change.direction(decimals) {
        Ordering::Greater => Ink::Better,
        Ordering::Less => Ink::Worse,
        Ordering::Equal => Ink::WeakText,
    }
}

/// A small triangle pointing up (rose) or down (fell), centred on `c`.
fn triangle(c: Point, size: f32, up: bool, ink: Ink) -> Mark {
    let (w, h) = (size, size * 0.8);
    let (tip, base) = if up { (c.y - h / 2.0, c.y + h / 2.0) } else { (c.y + h / 2.0, c.y - h / 2.0) };
    let points = if up {
        vec![Point::new(c.x - w / 2.0, base), Point::new(c.x + w / 2.0, base), Point::new(c.x, tip)]
    } else {
        vec![Point::new(c.x - w / 2.0, base), Point::new(c.x, tip), Point::new(c.x + w / 2.0, base)]
    };
    Mark::Polygon { points, fill: ink.into() }
}

/// A signed change right-aligned at `right` on the line from `top`, with an arrow before it
/// when it moved.
fn delta_text(m: &mut Vec<Mark>, change: Change, decimals: usize, right: f32, top: f32, size: f32) {
    let [_, _, delta] = change.shown(decimals);
    let ink = direction_ink(change, decimals);
    let w = text::width(&delta, size);
    m.push(text_mark(&delta, right, top, size, ink, Anchor::End));
    let dir = change.direction(decimals);
    if dir != Ordering::Equal {
        let c = Point::new(right - w - 4.0 - size * 0.35, top + text::line_height(size) / 2.0);
        m.push(triangle(c, size * 0.6, dir == Ordering::Greater, ink));
    }
}

fn score_block(kind: BlockKind, title: &str, score: Change, parts: &[(SubScore, Change); 5]) -> Block {
    let mut b = Block::new(kind);
    let accent = if kind == BlockKind::Mutuality { Ink::Mutuality } else { Ink::Continuity };
    let mut y = heading(&mut b.marks, title, accent);

    // The score: from → to, big, and its change on a coloured chip.
    let shown = score.shown(0);
    let mut m = Vec::new();
    let from_w = text::width(&shown[0], SCORE_SIZE);
    m.push(text_mark(&shown[0], 0.0, y, SCORE_SIZE, Ink::WeakText, Anchor::Start));
    let arrow_top = y + (text::line_height(SCORE_SIZE) - text::line_height(24.0)) / 2.0;
    m.push(text_mark("→", from_w + 10.0, arrow_top, 24.0, Ink::WeakText, Anchor::Start));
    let to_x = from_w + 20.0 + text::width("→", 24.0);
    m.push(text_mark(&shown[1], to_x, y, SCORE_SIZE, Ink::Text, Anchor::Start));
    let dir = score.direction(0);
    let (chip_fill, chip_ink) = match dir {
        Ordering::Greater => (Ink::Better, Ink::OnAccent),
        Ordering::Less => (Ink::Worse, Ink::OnAccent),
        Ordering::Equal => (Ink::Pill, Ink::Text),
    };
    let chip_size = 20.0;
    let chip_h = text::line_height(chip_size) + 10.0;
    let arrow_w = if dir == Ordering::Equal { 0.0 } else { 16.0 };
    let chip_w = text::width(&shown[2], chip_size) + 24.0 + arrow_w;
    let mid = y + text::line_height(SCORE_SIZE) / 2.0;
    let chip = Rect::from_min_size(Point::new(PANEL_W - chip_w, mid - chip_h / 2.0), chip_w, chip_h);
    m.push(Mark::fill(chip, Corners::same(chip_h / 2.0), chip_fill));
    if dir != Ordering::Equal {
        m.push(triangle(Point::new(chip.min.x + 12.0 + 6.0, mid), 12.0, dir == Ordering::Greater, chip_ink));
    }
    let words_x = chip.min.x + 12.0 + arrow_w;
    m.push(text_mark(
        &shown[2],
        words_x,
        mid - text::line_height(chip_size) / 2.0,
        chip_size,
        chip_ink,
        Anchor::Start,
    ));
    let name = if kind == BlockKind::Mutuality { "mutuality" } else { "continuity" };
    b.deltas.push(DeltaRow { name, shown, marks: m });
    y += text::line_height(SCORE_SIZE) + 10.0;

    // The sub-scores as a table: from → to and the change, two decimals as the score table.
    let (from_right, arrow_mid, to_right) = (PANEL_W - 170.0, PANEL_W - 152.0, PANEL_W - 96.0);
    let head_top = y;
    for (words, x, anchor) in
        [("from", from_right, Anchor::End), ("to", to_right, Anchor::End), ("change", PANEL_W, Anchor::End)]
    {
        b.marks.push(text_mark(words, x, head_top, SMALL_SIZE, Ink::WeakText, anchor));
    }
    y += text::line_height(SMALL_SIZE) + 4.0;
    let row_h = text::line_height(BODY_SIZE) + 8.0;
    for (sub, change) in parts {
        let shown = change.shown(2);
        let mut m = Vec::new();
        m.push(Mark::Line {
            points: vec![Point::new(0.0, y), Point::new(PANEL_W, y)],
            stroke: Stroke::new(1.0, Ink::Grid),
        });
        let top = y + 4.0;
        m.push(text_mark(capitalised(sub.label()), 0.0, top, BODY_SIZE, Ink::Text, Anchor::Start));
        m.push(text_mark(&shown[0], from_right, top, BODY_SIZE, Ink::WeakText, Anchor::End));
        m.push(text_mark("→", arrow_mid, top, BODY_SIZE, Ink::WeakText, Anchor::Middle));
        m.push(text_mark(&shown[1], to_right, top, BODY_SIZE, Ink::Text, Anchor::End));
        delta_text(&mut m, *change, 2, PANEL_W, top, BODY_SIZE);
        b.deltas.push(DeltaRow { name: sub.label(), shown, marks: m });
        y += row_h;
    }
    b.rect = Rect::from_min_size(Point::new(0.0, 0.0), PANEL_W, y);
    b
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn classification_block(c: &Comparison, from: &Analysis, to: &Analysis) -> Block {
    let mut b = Block::new(BlockKind::Classification);
    let mut y = heading(&mut b.marks, "Classification", Ink::Text);
    let (a, z) = (c.classification.from.label(), c.classification.to.label());
    let verdict = if c.classification.changed() {
        arrow_line(a, z, 0.0, y, 20.0, PANEL_W, Tone::Strong)
    } else {
        lines(&format!("{z}, unchanged"), 0.0, y, 20.0, PANEL_W, 1, Tone::Strong)
    };
    for l in verdict {
        let ink = if l.tone == Tone::Weak { Ink::WeakText } else { Ink::Text };
        b.marks.push(text_mark(l.text, l.at.x, l.at.y, l.size, ink, Anchor::Start));
    }
    y += text::line_height(20.0);
    y += 6.0;
    for (side, name, analysis) in [(Side::From, &c.from, from), (Side::To, &c.to, to)] {
        let tag_w = pill(&mut b.marks, side.tag(), 0.0, y + 10.0, 10.0, side.ink(), Ink::OnAccent);
        let label = format!("{} — {}", name, analysis.verdict.classification.label());
        let label = text::fit(&label, BODY_SIZE, PANEL_W - tag_w - 8.0);
        let top = y + 10.0 - text::line_height(BODY_SIZE) / 2.0;
        b.marks.push(text_mark(label, tag_w + 8.0, top, BODY_SIZE, Ink::Text, Anchor::Start));
        y += 24.0;
        for l in lines(&analysis.verdict.rule, tag_w + 8.0, y, 13.0, PANEL_W - tag_w - 8.0, 3, Tone::Weak) {
            b.marks.push(text_mark(l.text, l.at.x, l.at.y, l.size, Ink::WeakText, Anchor::Start));
            y += text::line_height(13.0);
        }
        y += 8.0;
    }
    b.rect = Rect::from_min_size(Point::new(0.0, 0.0), PANEL_W, y - 8.0);
    b
}

fn findings_block(group: Group, findings: &[Finding], c: &Comparison) -> Block {
    let mut b = Block::new(BlockKind::Findings(group));
    b.count = findings.len();
    let title = format!("{} · {}", group.label(), findings.len());
    let mut y = heading(&mut b.marks, &title, group.ink());
    let about = match group {
        Group::Resolved => format!("in {}, gone in {}", c.from, c.to),
        Group::Introduced => format!("new in {}", c.to),
        Group::Persisting => "in both".to_owned(),
    };
    let x = text::width(&title, HEADING_SIZE) + 12.0;
    let about = text::fit(&about, SMALL_SIZE, PANEL_W - x);
    let top = 10.0 + text::ascent(HEADING_SIZE) - text::ascent(SMALL_SIZE);
    b.marks.push(text_mark(about, x, top, SMALL_SIZE, Ink::WeakText, Anchor::Start));
    if findings.is_empty() {
        b.marks.push(text_mark("None", 0.0, y, BODY_SIZE, Ink::WeakText, Anchor::Start));
        y += text::line_height(BODY_SIZE);
    }
    let indent = 22.0;
    let lh = text::line_height(BODY_SIZE);
    for f in findings.iter().take(MAX_LISTED) {
        let mut m = Vec::new();
        let c = Point::new(8.0, y + lh / 2.0);
        if f.severity == Severity::Warning {
            card::warning(&mut m, c, 13.0, false);
        } else {
            m.push(Mark::Circle { centre: c, radius: 5.0, fill: Some(Ink::Note.into()), stroke: None });
        }
        for l in lines(&f.message, indent, y, BODY_SIZE, PANEL_W - indent, 2, Tone::Strong) {
            m.push(text_mark(l.text, l.at.x, l.at.y, l.size, Ink::Text, Anchor::Start));
            y += lh;
        }
        y += 6.0;
        b.findings.push(FindingRow { code: f.code.as_str(), marks: m });
    }
    if findings.len() > MAX_LISTED {
        let more = format!("+{} more", findings.len() - MAX_LISTED);
        b.marks.push(text_mark(more, indent, y, BODY_SIZE, Ink::WeakText, Anchor::Start));
        y += lh + 6.0;
    }
    b.rect = Rect::from_min_size(Point::new(0.0, 0.0), PANEL_W, y);
    b
}

fn key_block(c: &Comparison) -> Block {
    let mut b = Block::new(BlockKind::Key);
    let mut y = heading(&mut b.marks, "Key", Ink::Text);
    let row_h = 34.0;
    let words_x = 190.0;
    let rows: [(CardChange, String); 3] = [
        (CardChange::Added, format!("only in {}", c.to)),
        (
            CardChange::Changed(vec![crate::compare::Field::Provider]),
            "in both, these fields differ".to_owned(),
        ),
        (CardChange::Removed, format!("only in {}, the card drawn faded", c.from)),
    ];
    for (change, words) in rows {
        let mid = y + row_h / 2.0;
        let label = change.label();
        let w = text::width(&label, review::PILL_SIZE) + 16.0;
        let pill_h = review::PILL_SIZE * review::PILL_H_RATIO;
        let pill_rect = Rect::from_min_size(Point::new(0.0, mid - pill_h / 2.0), w, pill_h);
        b.marks.push(Mark::fill(pill_rect, Corners::same(pill_h / 2.0), change.ink()));
        let top = mid - text::line_height(review::PILL_SIZE) / 2.0;
        b.marks.push(text_mark(
            label,
            pill_rect.center().x,
            top,
            review::PILL_SIZE,
            Ink::OnAccent,
            Anchor::Middle,
        ));
        let words = text::fit(&words, BODY_SIZE, PANEL_W - words_x);
        b.marks.push(text_mark(
            words,
            words_x,
            mid - text::line_height(BODY_SIZE) / 2.0,
            BODY_SIZE,
            Ink::Text,
            Anchor::Start,
        ));
        y += row_h;
    }
    let mid = y + row_h / 2.0;
    let top = mid - text::line_height(BODY_SIZE) / 2.0;
    b.marks.push(triangle(Point::new(6.0, mid), 9.0, true, Ink::Better));
    b.marks.push(text_mark("+ rose", 16.0, top, BODY_SIZE, Ink::Better, Anchor::Start));
    b.marks.push(triangle(Point::new(76.0, mid), 9.0, false, Ink::Worse));
    b.marks.push(text_mark("\u{2212} fell", 86.0, top, BODY_SIZE, Ink::Worse, Anchor::Start));
    let note = "scores of the design, not of customers' experience";
    b.marks.push(text_mark(
        text::fit(note, BODY_SIZE, PANEL_W - words_x),
        words_x,
        top,
        BODY_SIZE,
        Ink::WeakText,
        Anchor::Start,
    ));
    y += row_h;
    b.rect = Rect::from_min_size(Point::new(0.0, 0.0), PANEL_W, y);
    b
}
