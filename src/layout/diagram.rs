//! The page of an exported diagram: a title, the journey's grid (the canvas's own [`Layout`]),
//! and a legend with both scores, the classification, the giving/taking key and, optionally,
//! the findings, numbered as the markers on their cards.
//!
//! Pure, like the grid: text is measured and wrapped with the bundled fonts of [`crate::text`].

use super::{Layout, LayoutOptions, Point, Rect, fit, layout_with};
use crate::model::{Exchange, Journey, Provider};
use crate::score::{Analysis, Severity};
use crate::text;

/// Space around everything.
pub const MARGIN: f32 = 32.0;
/// Size of the journey's name.
pub const TITLE_SIZE: f32 = 28.0;
/// Size of the persona under it.
pub const SUBTITLE_SIZE: f32 = 16.0;
/// The legend is never narrower than this, even under a small journey.
pub const LEGEND_MIN_W: f32 = 940.0;
/// Radius of a finding marker.
pub const BADGE_R: f32 = 9.0;
/// Size of the number in a finding marker.
pub const BADGE_SIZE: f32 = 11.0;
/// Size of the text of the legend's key and findings.
pub const LEGEND_SIZE: f32 = 13.0;

/// What an exported page includes besides the grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiagramOptions {
    /// The legend: scores, classification, key.
    pub legend: bool,
    /// Numbered finding markers on cards, listed in the legend.
    pub findings: bool,
    /// A 16:9 page for a slide: the journey wraps to fill it (else the time-aligned strip).
    pub slide: bool,
    /// The feeling curve under the grid.
    pub feeling: bool,
    /// Pins on the cards with open review threads (DESIGN.md §18).
    pub comments: bool,
}

impl Default for DiagramOptions {
    fn default() -> Self {
        Self { legend: true, findings: false, slide: false, feeling: true, comments: false }
    }
}

/// The feeling curve of an exported page: drawn under the grid unless turned off.
pub(crate) fn feeling_mode(options: DiagramOptions) -> super::feeling::FeelingCurve {
    if options.feeling { super::feeling::FeelingCurve::Even } else { super::feeling::FeelingCurve::Hidden }
}

/// The page a slide is laid out for, in diagram units (16:9).
pub const SLIDE: (f32, f32) = (1920.0, 1080.0);
/// Most finding markers on one card, header or corner before the rest fold into "+n".
pub const MAX_MARKERS: usize = 4;

/// How a line of text is coloured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Main text.
    Strong,
    /// Secondary text.
    Weak,
}

/// One line of text, placed.
#[derive(Clone, Debug, PartialEq)]
pub struct TextLine {
    /// The text.
    pub text: String,
    /// Top-left corner of the line.
    pub at: Point,
    /// Em size.
    pub size: f32,
    /// Colour.
    pub tone: Tone,
}

/// Which score a tile shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScoreKind {
    /// Mutuality.
    Mutuality,
    /// Continuity.
    Continuity,
}

/// One score in the legend: name, number and a bar.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreTile {
    /// Which score.
    pub kind: ScoreKind,
    /// The exact score, 0..=100.
    pub score: f64,
    /// "Mutuality".
    pub label: TextLine,
    /// The score rounded, as shown.
    pub value: TextLine,
    /// The whole bar.
    pub bar: Rect,
    /// Its filled part.
    pub fill: Rect,
}

/// A mark in the key.
#[derive(Clone, Debug, PartialEq)]
pub enum KeyMark {
    /// The shape and colour of an exchange.
    Exchange(Exchange),
    /// Strength dots.
    Strength,
    /// A provider icon.
    Provider(Provider),
    /// The warning triangle.
    Warning,
    /// A numbered finding marker.
    Finding,
    /// A link arrow.
    Link,
}

/// One entry of the key: a mark and its words.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyItem {
    /// The mark.
    pub mark: KeyMark,
    /// Centre of the mark.
    pub centre: Point,
    /// Its words.
    pub label: TextLine,
}

/// A finding in the legend.
#[derive(Clone, Debug, PartialEq)]
pub struct FindingRow {
    /// Its number, as on the cards' markers.
    pub number: usize,
    /// A warning (else a note).
    pub warning: bool,
    /// Centre of its marker.
    pub badge: Point,
    /// Its message, wrapped.
    pub lines: Vec<TextLine>,
}

/// The legend under the grid.
#[derive(Clone, Debug, PartialEq)]
pub struct Legend {
    /// Its area; a rule is drawn along the top.
    pub frame: Rect,
    /// Mutuality and continuity.
    pub scores: Vec<ScoreTile>,
    /// The classification, then the rule that decided it.
    pub verdict: Vec<TextLine>,
    /// The giving/taking key and the other marks.
    pub key: Vec<KeyItem>,
    /// "Findings", when they are listed.
    pub findings_heading: Option<TextLine>,
    /// The findings, numbered.
    pub findings: Vec<FindingRow>,
}

/// A numbered finding marker on a card, a phase header (phase findings) or the grid's corner
/// (findings about the whole journey).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Badge {
    /// Centre.
    pub centre: Point,
    /// The finding's number.
    pub number: usize,
    /// A warning (else a note).
    pub warning: bool,
}

/// "+n": more findings name this place than its markers show (they are all in the legend).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct More {
    /// Centre.
    pub centre: Point,
    /// How many are not shown here.
    pub count: usize,
}

/// An exported page.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagram {
    /// The whole page, from (0, 0).
    pub bounds: Rect,
    /// The project's name, the journey's name, then its persona.
    pub title: Vec<TextLine>,
    /// The grid, placed on the page.
    pub grid: Layout,
    /// Finding markers on cards, phase headers and the grid's corner.
    pub badges: Vec<Badge>,
    /// "+n" where more findings name a place than its markers show.
    pub more: Vec<More>,
    /// The legend.
    pub legend: Option<Legend>,
    /// Where the content sits on the page (a slide centres it on its 16:9 page).
    pub offset: Point,
    /// Pins on the cards with open review threads, when asked for: the card's index in the
    /// grid's cards and how many.
    pub pins: Vec<(usize, usize)>,
}

pub(crate) fn line(text: impl Into<String>, x: f32, y: f32, size: f32, tone: Tone) -> TextLine {
    TextLine { text: text.into(), at: Point::new(x, y), size, tone }
}

/// Wrapped lines from the top-left `(x, y)`, one line height apart.
pub(crate) fn lines(
    s: &str,
    x: f32,
    y: f32,
    size: f32,
    width: f32,
    rows: usize,
    tone: Tone,
) -> Vec<TextLine> {
    let h = text::line_height(size);
    text::wrap(s, size, width, rows)
        .into_iter()
        .enumerate()
        .map(|(i, t)| line(t, x, y + i as f32 * h, size, tone))
        .collect()
}

pub(crate) fn bottom(lines: &[TextLine]) -> Option<f32> {
    lines.last().map(|l| l.at.y + text::line_height(l.size))
}

/// Lays out the exported page of a journey of a project (named above the journey's name when
/// `project` is not empty).
pub fn diagram(project: &str, journey: &Journey, analysis: &Analysis, options: DiagramOptions) -> Diagram {
    let strip = page(
        project,
        journey,
        analysis,
        options,
        &LayoutOptions { feeling: feeling_mode(options), ..LayoutOptions::STRIP },
    );
    if !options.slide {
        return strip;
    }
    shaped(project, journey, analysis, options, &strip, SLIDE)
}

/// Lays out a journey's page for a page of a shape (`(width, height)` in diagram units, a
/// printed page's for the review pack): wrapped to fill it as a slide is, then made exactly
/// that shape around the content, centred.
pub fn diagram_for_page(
    project: &str,
    journey: &Journey,
    analysis: &Analysis,
    options: DiagramOptions,
    page_shape: (f32, f32),
) -> Diagram {
    let strip = diagram(project, journey, analysis, DiagramOptions { slide: false, ..options });
    shaped(project, journey, analysis, DiagramOptions { slide: true, ..options }, &strip, page_shape)
}

fn shaped(
    project: &str,
    journey: &Journey,
    analysis: &Analysis,
    options: DiagramOptions,
    strip: &Diagram,
    (w, h): (f32, f32),
) -> Diagram {
    // The grid gets what the title and the legend leave of the page, wrapped to fill it; the
    // page is then made exactly its shape around the content, centred.
    let chrome_h = strip.bounds.height() - strip.grid.bounds.height();
    let base = LayoutOptions { feeling: feeling_mode(options), ..LayoutOptions::STRIP };
    let (columns, _) = fit(journey, w - 2.0 * MARGIN, (h - chrome_h).max(h * 0.3), &base);
    let mut d = page(project, journey, analysis, options, &columns);
    let (pw, ph) = (d.bounds.width(), d.bounds.height());
    let (sw, sh) = if pw / ph > w / h { (pw, pw * h / w) } else { (ph * w / h, ph) };
    d.offset = Point::new((sw - pw) / 2.0, (sh - ph) / 2.0);
    d.bounds = Rect { min: Point::new(0.0, 0.0), max: Point::new(sw, sh) };
    d
}

fn page(
    project: &str,
    journey: &Journey,
    analysis: &Analysis,
    options: DiagramOptions,
    grid_options: &LayoutOptions,
) -> Diagram {
    let mut grid = layout_with(journey, grid_options);
    let content_w = if options.legend { grid.bounds.width().max(LEGEND_MIN_W) } else { grid.bounds.width() };

    let mut title = Vec::new();
    if !project.trim().is_empty() {
        title.extend(lines(project, MARGIN, MARGIN, SUBTITLE_SIZE, content_w, 1, Tone::Weak));
    }
    let name = if journey.name.trim().is_empty() { "Untitled journey" } else { journey.name.as_str() };
    let top = bottom(&title).unwrap_or(MARGIN);
    title.extend(lines(name, MARGIN, top, TITLE_SIZE, content_w, 2, Tone::Strong));
    let y = bottom(&title).unwrap_or(MARGIN);
    if !journey.persona.trim().is_empty() {
        title.extend(lines(&journey.persona, MARGIN, y + 2.0, SUBTITLE_SIZE, content_w, 2, Tone::Weak));
    }
    // Room above the grid for the markers on the first row's cards.
    let grid_top = bottom(&title).unwrap_or(MARGIN) + 18.0;
    grid.translate(MARGIN, grid_top);

    let (badges, more) = if options.findings { markers(&grid, analysis) } else { (Vec::new(), Vec::new()) };
    let mut page_bottom = grid.bounds.max.y;
    let legend = options.legend.then(|| {
        let legend = legend(analysis, options, MARGIN, page_bottom + 28.0, content_w);
        page_bottom = legend.frame.max.y;
        legend
    });
    let pins = if options.comments { pins(journey, &grid) } else { Vec::new() };
    Diagram {
        bounds: Rect {
            min: Point::new(0.0, 0.0),
            max: Point::new(MARGIN + content_w + MARGIN, page_bottom + MARGIN),
        },
        title,
        grid,
        badges,
        more,
        legend,
        offset: Point::new(0.0, 0.0),
        pins,
    }
}

/// The cards of a grid with open review threads, and how many each has.
fn pins(journey: &Journey, grid: &Layout) -> Vec<(usize, usize)> {
    let open = journey.open_threads_by_card();
    if open.is_empty() {
        return Vec::new();
    }
    grid.cards
        .iter()
        .enumerate()
        .filter_map(|(i, c)| open.get(&journey.touchpoints[c.index].id).map(|n| (i, *n)))
        .collect()
}

/// Where each finding is marked: a touchpoint finding on each card it names, a phase finding on
/// its phase header, a finding about the whole journey in the grid's corner. A place shows at
/// most [`MAX_MARKERS`]; past that it shows three and "+n", choosing first the findings marked
/// in the fewest other places, so every finding keeps a marker somewhere.
fn markers(grid: &Layout, analysis: &Analysis) -> (Vec<Badge>, Vec<More>) {
    use std::collections::BTreeMap;
    /// A place markers go: a card, a phase header, or the corner.
    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Place {
        Card(usize),
        Header(usize),
        Corner,
    }
    let mut places: BTreeMap<Place, Vec<usize>> = BTreeMap::new();
    for (i, f) in analysis.findings.iter().enumerate() {
        if let Some(phase) = f.phase {
            if let Some(k) = grid.phases.iter().position(|c| c.phase == phase) {
                places.entry(Place::Header(k)).or_default().push(i);
            }
        } else if f.marks_cards() {
            for id in &f.touchpoints {
                if let Some(k) = grid.cards.iter().position(|c| c.id == *id) {
                    places.entry(Place::Card(k)).or_default().push(i);
                }
            }
        } else {
            places.entry(Place::Corner).or_default().push(i);
        }
    }
    let spots = |f: usize| places.values().filter(|v| v.contains(&f)).count();
    let mut badges = Vec::new();
    let mut more = Vec::new();
    let step = 2.0 * BADGE_R + 4.0;
    for (place, list) in &places {
        let mut shown = list.clone();
        let hidden = if list.len() > MAX_MARKERS {
            shown.sort_by_key(|f| (spots(*f), *f));
            shown.truncate(MAX_MARKERS - 1);
            shown.sort_unstable();
            list.len() - shown.len()
        } else {
            0
        };
        // Right to left along the top edge of the place, a little above it, clear of the marks.
        let (right, y) = match place {
            Place::Card(k) => (grid.cards[*k].rect.max.x - 14.0, grid.cards[*k].rect.min.y - 3.0),
            Place::Header(k) => (grid.phases[*k].header.max.x - 14.0, grid.phases[*k].header.min.y - 3.0),
            Place::Corner => {
                (grid.bounds.min.x + super::metrics::LANE_LABEL_W - 14.0, grid.bounds.min.y - 3.0)
            }
        };
        let mut x = right;
        if hidden > 0 {
            more.push(More { centre: Point::new(x - 4.0, y), count: hidden });
            x -= step + 10.0;
        }
        for f in shown.iter().rev() {
            let warning = analysis.findings[*f].severity == Severity::Warning;
            badges.push(Badge { centre: Point::new(x, y), number: f + 1, warning });
            x -= step;
        }
    }
    (badges, more)
}

fn legend(analysis: &Analysis, options: DiagramOptions, x: f32, top: f32, width: f32) -> Legend {
    let y = top + 16.0;
    let tile = |kind: ScoreKind, score: f64, name: &str, x: f32| {
        let bar = Rect::from_min_size(Point::new(x, y + 60.0), 160.0, 6.0);
        let filled = (score.clamp(0.0, 100.0) / 100.0) as f32 * bar.width();
        ScoreTile {
            kind,
            score,
            label: line(name, x, y, LEGEND_SIZE, Tone::Weak),
            value: line(format!("{score:.0}"), x, y + 18.0, 32.0, Tone::Strong),
            bar,
            fill: Rect::from_min_size(bar.min, filled, bar.height()),
        }
    };
    let scores = vec![
        tile(ScoreKind::Mutuality, analysis.mutuality.score, "Mutuality", x),
        tile(ScoreKind::Continuity, analysis.continuity.score, "Continuity", x + 190.0),
    ];

    let vx = x + 390.0;
    let vw = (width - 390.0).max(200.0);
    let mut verdict = vec![line(analysis.verdict.classification.label(), vx, y, 20.0, Tone::Strong)];
    let rule_top = bottom(&verdict).unwrap_or(y) + 4.0;
    verdict.extend(lines(&analysis.verdict.rule, vx, rule_top, LEGEND_SIZE, vw, 3, Tone::Weak));
    let row1_bottom = (y + 70.0).max(bottom(&verdict).unwrap_or(y));

    // The key flows left to right and wraps.
    let mut marks: Vec<(KeyMark, String)> = vec![
        (KeyMark::Exchange(Exchange::OrgGives(1)), "Organisation gives".into()),
        (KeyMark::Exchange(Exchange::OrgTakes(1)), "Organisation takes".into()),
        (KeyMark::Exchange(Exchange::CustomerGives(1)), "Customer gives".into()),
        (KeyMark::Exchange(Exchange::CustomerTakes(1)), "Customer takes".into()),
        (KeyMark::Exchange(Exchange::Neutral), "Neutral".into()),
        (KeyMark::Strength, "Strength 1–3".into()),
        (KeyMark::Provider(Provider::Person(String::new())), "Same person".into()),
        (KeyMark::Provider(Provider::Team(String::new())), "Team".into()),
        (KeyMark::Provider(Provider::Anyone), "Anyone".into()),
        (KeyMark::Provider(Provider::Automated), "Automated".into()),
        (KeyMark::Warning, "Warning".into()),
        (KeyMark::Link, "Leads to".into()),
    ];
    if options.findings {
        marks.push((KeyMark::Finding, "Finding (numbered below)".into()));
    }
    let mark_w = |m: &KeyMark| match m {
        KeyMark::Strength => 26.0,
        KeyMark::Link => 26.0,
        _ => 16.0,
    };
    let row_h = 24.0;
    let mut kx = x;
    let mut ky = row1_bottom + 22.0;
    let mut key = Vec::new();
    for (mark, words) in marks {
        let mw = mark_w(&mark);
        let item_w = mw + 6.0 + text::width(&words, LEGEND_SIZE);
        if kx > x && kx + item_w > x + width {
            kx = x;
            ky += row_h;
        }
        let centre = Point::new(kx + mw / 2.0, ky + row_h / 2.0);
        let label_y = ky + row_h / 2.0 - text::line_height(LEGEND_SIZE) / 2.0;
        key.push(KeyItem {
            mark,
            centre,
            label: line(words, kx + mw + 6.0, label_y, LEGEND_SIZE, Tone::Strong),
        });
        kx += item_w + 22.0;
    }
    let mut end = ky + row_h;

    let mut findings = Vec::new();
    let mut findings_heading = None;
    if options.findings && !analysis.findings.is_empty() {
        let heading = line("Findings", x, end + 14.0, 15.0, Tone::Strong);
        let mut fy = end + 14.0 + text::line_height(15.0) + 6.0;
        findings_heading = Some(heading);
        for (i, f) in analysis.findings.iter().enumerate() {
            let rows =
                lines(&f.message, x + 2.0 * BADGE_R + 8.0, fy, LEGEND_SIZE, width - 26.0, 3, Tone::Strong);
            let next = bottom(&rows).unwrap_or(fy) + 6.0;
            findings.push(FindingRow {
                number: i + 1,
                warning: f.severity == Severity::Warning,
                badge: Point::new(x + BADGE_R, fy + text::line_height(LEGEND_SIZE) / 2.0),
                lines: rows,
            });
            fy = next;
        }
        end = fy;
    }

    Legend {
        frame: Rect { min: Point::new(x, top), max: Point::new(x + width, end) },
        scores,
        verdict,
        key,
        findings_heading,
        findings,
    }
}
