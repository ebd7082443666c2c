//! The review pack (DESIGN.md §16): one PDF of a whole project for a design review — a cover
//! with every journey's scores, each journey's diagram on a landscape page with its findings
//! and top five suggestions after it, and the as-is → to-be review picture when the project has
//! a pair to compare.
//!
//! Every page is drawn from the same display list as the canvas, the SVG and the PNG
//! ([`crate::layout::sheet`]): the marks are translated into PDF paths and real text (selectable,
//! searchable), in the bundled fonts embedded as subsets, with krilla.

use std::path::Path;

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point as PdfPoint, Transform};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, Stroke as PdfStroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use crate::export::{self, ExportError};
use crate::layout::diagram::{self, DiagramOptions};
use crate::layout::marks::{Anchor, Corners, Mark, Paint, Stroke};
use crate::layout::sheet;
use crate::layout::{Point, Rect};
use crate::model::{Journey, Phase, Project};
use crate::palette::{Ink, Palette};
use crate::score::{self, Analysis, Finding, Severity};
use crate::suggest::{self, Suggestion};
use crate::text;

/// The paper a pack is printed on, landscape.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Paper {
    /// ISO A4: 842 × 595 pt.
    #[default]
    A4,
    /// US Letter: 792 × 612 pt.
    Letter,
}

impl Paper {
    /// Width and height in points (1/72 in), landscape.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (842.0, 595.0),
            Paper::Letter => (792.0, 612.0),
        }
    }

    /// "a4" or "letter", as the command line takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }

    /// The paper a command-line word names ("a4", "letter", any case).
    pub fn parse(s: &str) -> Option<Paper> {
        match s.trim().to_ascii_lowercase().as_str() {
            "a4" => Some(Paper::A4),
            "letter" | "us-letter" | "usletter" => Some(Paper::Letter),
            _ => None,
        }
    }
}

/// A written pack: its bytes and how many pages it has.
#[derive(Clone, Debug)]
pub struct Pack {
    /// The PDF.
    pub bytes: Vec<u8>,
    /// Its pages.
    pub pages: usize,
}

/// How many suggestions each journey's pages list (DESIGN.md §16: the top five).
pub const SUGGESTIONS: usize = 5;

/// The page's margin, in points.
const MARGIN: f32 = 32.0;
/// The footer's text size and the band it sits in.
const FOOTER_SIZE: f32 = 8.5;
const FOOTER_H: f32 = 22.0;
/// Text sizes of the pages of words.
const H1: f32 = 20.0;
const H2: f32 = 13.5;
const BODY: f32 = 10.5;
const SMALL: f32 = 9.0;

/// One page before it is written.
struct Sheet {
    /// Marks in points from the page's top-left corner (the words, the cover, the footer).
    marks: Vec<Mark>,
    /// A picture's marks in its own units, and how it is placed: scaled by `.1`, then moved by
    /// `.2` (a diagram or the review, drawn from the display list as it is).
    picture: Option<(Vec<Mark>, f32, Point)>,
    /// What the page is ("cover", "diagram: As-is", "findings: As-is", "review: …").
    label: String,
}

/// Today's date, as the cover shows it ("6 December 2026"), from the system clock in UTC.
pub fn today() -> String {
    let (year, month, day) = crate::model::civil_from_days(crate::model::Timestamp::now().0 / 86_400);
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!("{day} {} {year}", MONTHS[(month as usize).clamp(1, 12) - 1])
}

/// Writes the review pack of a project to a file (atomically), dated today.
pub fn write(project: &Project, path: &Path, paper: Paper) -> Result<Pack, ExportError> {
    let pack = pack(project, paper, &today())?;
    crate::store::write_atomically(path, &pack.bytes, false).map_err(|e| ExportError(e.to_string()))?;
    Ok(pack)
}

/// The review pack of a project as PDF bytes, with `date` on its cover.
pub fn pack(project: &Project, paper: Paper, date: &str) -> Result<Pack, ExportError> {
    let sheets = sheets(project, paper, date);
    let bytes = render(project, paper, &sheets, None)?;
    Ok(Pack { bytes, pages: sheets.len() })
}

/// What each page of the pack is, in order ("cover", "diagram: As-is", "findings: As-is", …),
/// without writing the PDF.
pub fn page_labels(project: &Project, paper: Paper) -> Vec<String> {
    sheets(project, paper, "").into_iter().map(|s| s.label).collect()
}

/// What the PDF painter is handed for each page, in order: the picture's marks (a diagram or
/// the review, in its own units, placed by a transform) and then the page's own marks (words,
/// cover, footer), exactly as the pack is written.
pub fn handed(project: &Project, paper: Paper) -> Vec<Vec<Mark>> {
    let mut handed = Vec::new();
    // The real writer, recording every mark its painter draws, page by page.
    let _ = render(project, paper, &sheets(project, paper, ""), Some(&mut handed));
    handed
}

/// The page a journey's diagram is laid out on in the pack (the page's shape, the legend and
/// the feeling curve, no finding markers).
pub fn diagram_of(
    project: &Project,
    journey: &Journey,
    analysis: &Analysis,
    paper: Paper,
) -> diagram::Diagram {
    let (w, h) = content_size(paper);
    // Diagram units are the canvas's: the page's shape at slide width.
    let shape = (diagram::SLIDE.0, diagram::SLIDE.0 * h / w);
    // The pack pins the cards that have open review threads (DESIGN.md §18).
    let options =
        DiagramOptions { legend: true, findings: false, slide: true, feeling: true, comments: true };
    diagram::diagram_for_page(&project.name, journey, analysis, options, shape)
}

/// The area inside the margins and above the footer, in points (a picture is scaled to fit it).
pub fn content_size(paper: Paper) -> (f32, f32) {
    let (w, h) = paper.size();
    (w - 2.0 * MARGIN, h - 2.0 * MARGIN - FOOTER_H)
}

fn sheets(project: &Project, paper: Paper, date: &str) -> Vec<Sheet> {
    let analyses: Vec<Analysis> = project.journeys.iter().map(score::analyse).collect();
    let mut body: Vec<Sheet> = Vec::new();
    let mut first_pages = Vec::new();
    for (journey, analysis) in project.journeys.iter().zip(&analyses) {
        // Counted from the first page after the cover.
        first_pages.push(body.len() + 1);
        body.push(diagram_sheet(project, journey, analysis, paper));
        body.extend(findings_sheets(journey, analysis, paper));
    }
    // The pair DESIGN.md §13 compares without being told: a project of exactly two journeys,
    // the first against the second.
    let pair = (project.journeys.len() == 2).then_some((0, 1));
    if let Some((a, b)) = pair {
        body.push(review_sheet(project, &project.journeys[a], &project.journeys[b], paper));
    }
    // The cover's length (one page unless there are many journeys) moves every page after it.
    let count = cover_sheets(project, &analyses, &first_pages, None, paper, date).len();
    let first_pages: Vec<usize> = first_pages.iter().map(|p| p + count).collect();
    let review_page = pair.map(|_| body.len() + count);
    let mut all = cover_sheets(project, &analyses, &first_pages, review_page, paper, date);
    all.extend(body);
    let total = all.len();
    for (i, s) in all.iter_mut().enumerate() {
        footer(&mut s.marks, project, i + 1, total, paper);
    }
    all
}

fn footer(marks: &mut Vec<Mark>, project: &Project, page: usize, total: usize, paper: Paper) {
    let (w, h) = paper.size();
    let y = h - MARGIN + (MARGIN - text::line_height(FOOTER_SIZE)) / 2.0 - 6.0;
    marks.push(Mark::Line {
        points: vec![Point::new(MARGIN, y - 6.0), Point::new(w - MARGIN, y - 6.0)],
        stroke: Stroke::new(0.6, Ink::Grid),
    });
    let name = if project.name.trim().is_empty() { "Untitled project" } else { project.name.as_str() };
    let name = text::fit(name, FOOTER_SIZE, w / 2.0);
    marks.push(Mark::text(name, Point::new(MARGIN, y), FOOTER_SIZE, Ink::WeakText, Anchor::Start));
    marks.push(Mark::text(
        format!("Page {page} of {total}"),
        Point::new(w - MARGIN, y),
        FOOTER_SIZE,
        Ink::WeakText,
        Anchor::End,
    ));
}

/// Places lines of words down a page and onto further pages, repeating a heading.
struct Flow {
    paper: Paper,
    heading: String,
    sheets: Vec<Sheet>,
    label: String,
    y: f32,
}

impl Flow {
    fn new(paper: Paper, heading: String, label: String) -> Self {
        let mut f = Self { paper, heading, sheets: Vec::new(), label, y: 0.0 };
        f.new_page(false);
        f
    }

    fn bottom(&self) -> f32 {
        self.paper.size().1 - MARGIN - FOOTER_H
    }

    fn width(&self) -> f32 {
        self.paper.size().0 - 2.0 * MARGIN
    }

    fn new_page(&mut self, continued: bool) {
        let mut marks = Vec::new();
        let heading = if continued { format!("{} (continued)", self.heading) } else { self.heading.clone() };
        let heading = text::fit(&heading, H1, self.width());
        marks.push(Mark::text(heading, Point::new(MARGIN, MARGIN), H1, Ink::Text, Anchor::Start));
        self.y = MARGIN + text::line_height(H1) + 10.0;
        self.sheets.push(Sheet { marks, picture: None, label: self.label.clone() });
    }

    fn marks(&mut self) -> &mut Vec<Mark> {
        let last = self.sheets.len() - 1;
        &mut self.sheets[last].marks
    }

    /// Makes room for `h` points, on a new page when this one has not got them.
    fn room(&mut self, h: f32) {
        let fresh = MARGIN + text::line_height(H1) + 10.0;
        if self.y + h > self.bottom() && self.y > fresh {
            self.new_page(true);
        }
    }

    /// Wrapped text at an indent; a paragraph longer than a page continues on the next.
    fn para(&mut self, s: &str, indent: f32, size: f32, ink: Ink) {
        let lh = text::line_height(size);
        for line in text::wrap(s, size, self.width() - indent, usize::MAX) {
            self.room(lh);
            let y = self.y;
            self.marks().push(Mark::text(line, Point::new(MARGIN + indent, y), size, ink, Anchor::Start));
            self.y += lh;
        }
    }

    fn gap(&mut self, h: f32) {
        self.y += h;
    }
}

fn diagram_sheet(project: &Project, journey: &Journey, analysis: &Analysis, paper: Paper) -> Sheet {
    let d = diagram_of(project, journey, analysis, paper);
    let (cw, ch) = content_size(paper);
    let scale = (cw / d.bounds.width()).min(ch / d.bounds.height());
    let (dx, dy) = (
        MARGIN + (cw - d.bounds.width() * scale) / 2.0 + d.offset.x * scale,
        MARGIN + (ch - d.bounds.height() * scale) / 2.0 + d.offset.y * scale,
    );
    let marks = sheet::diagram_layers(journey, analysis, &d).into_iter().flat_map(|l| l.marks).collect();
    Sheet {
        marks: Vec::new(),
        picture: Some((marks, scale, Point::new(dx, dy))),
        label: format!("diagram: {}", journey.name),
    }
}

fn severity_word(f: &Finding) -> &'static str {
    match f.severity {
        Severity::Warning => "Warning",
        Severity::Note => "Note",
    }
}

/// "Why" and "source" of a finding: its why-line ends with its source in parentheses.
fn why_and_source(why: &str) -> (&str, Option<&str>) {
    match why.rfind(" (") {
        Some(i) if why.ends_with(").") || why.ends_with(')') => {
            let source = why[i + 2..].trim_end_matches('.').trim_end_matches(')');
            (why[..i].trim_end(), Some(source))
        }
        _ => (why, None),
    }
}

fn findings_sheets(journey: &Journey, analysis: &Analysis, paper: Paper) -> Vec<Sheet> {
    let name = if journey.name.trim().is_empty() { "Untitled journey" } else { journey.name.as_str() };
    let mut flow =
        Flow::new(paper, format!("{name}: findings and suggestions"), format!("findings: {}", journey.name));
    let warnings = analysis.findings.iter().filter(|f| f.severity == Severity::Warning).count();
    let notes = analysis.findings.len() - warnings;
    flow.para(
        &format!(
            "Mutuality {:.0} · continuity {:.0} · {} · {} warning{}, {} note{}",
            analysis.mutuality.score,
            analysis.continuity.score,
            analysis.verdict.classification.label(),
            warnings,
            if warnings == 1 { "" } else { "s" },
            notes,
            if notes == 1 { "" } else { "s" },
        ),
        0.0,
        BODY,
        Ink::WeakText,
    );
    flow.gap(8.0);
    flow.room(text::line_height(H2) + 3.0 * text::line_height(BODY));
    flow.para("Findings", 0.0, H2, Ink::Text);
    flow.gap(4.0);
    if analysis.findings.is_empty() {
        flow.para("No findings: nothing in this journey breaks a rule of §5.", 0.0, BODY, Ink::WeakText);
    }
    for (i, f) in analysis.findings.iter().enumerate() {
        // Keep a finding's first lines with its number.
        flow.room(3.0 * text::line_height(BODY));
        let top = flow.y;
        let (badge_fill, badge_text) = if f.severity == Severity::Warning {
            (Ink::Warning, Ink::OnWarning)
        } else {
            (Ink::Note, Ink::OnAccent)
        };
        let c = Point::new(MARGIN + 8.0, top + text::line_height(BODY) / 2.0);
        flow.marks().push(Mark::Circle {
            centre: c,
            radius: 8.0,
            fill: Some(badge_fill.into()),
            stroke: None,
        });
        flow.marks().push(Mark::text(
            (i + 1).to_string(),
            Point::new(c.x, c.y - text::line_height(SMALL) / 2.0),
            SMALL,
            badge_text,
            Anchor::Middle,
        ));
        flow.para(&format!("{}: {}", severity_word(f), f.message), 24.0, BODY, Ink::Text);
        let mut about: Vec<String> = Vec::new();
        if let Some(phase) = f.phase {
            about.push(format!("Phase: {}", phase.label()));
        }
        let titles: Vec<String> = f
            .touchpoints
            .iter()
            .filter_map(|id| journey.touchpoint(*id))
            .map(|t| format!("#{} “{}”", t.id, t.title))
            .collect();
        if !titles.is_empty() {
            about.push(format!(
                "Touchpoint{}: {}",
                if titles.len() == 1 { "" } else { "s" },
                titles.join(", ")
            ));
        }
        for a in about {
            flow.para(&a, 24.0, SMALL, Ink::WeakText);
        }
        let (why, source) = why_and_source(f.why);
        flow.para(&format!("Why: {why}"), 24.0, SMALL, Ink::WeakText);
        if let Some(source) = source {
            flow.para(&format!("Source: {source}"), 24.0, SMALL, Ink::WeakText);
        }
        flow.gap(6.0);
    }
    flow.gap(6.0);
    open_threads(&mut flow, journey);
    let list = suggest::suggestions(journey);
    flow.room(text::line_height(H2) + 3.0 * text::line_height(BODY));
    let shown = list.len().min(SUGGESTIONS);
    let heading = if list.is_empty() {
        "Suggestions".to_owned()
    } else {
        format!("Top {shown} of {} suggestions", list.len())
    };
    flow.para(&heading, 0.0, H2, Ink::Text);
    flow.gap(4.0);
    if list.is_empty() {
        flow.para("No single edit improves this journey.", 0.0, BODY, Ink::WeakText);
    }
    for (rank, s) in list.iter().take(SUGGESTIONS).enumerate() {
        suggestion(&mut flow, journey, analysis, rank + 1, s);
    }
    // Every touchpoint with its whole title (a card shows two lines of it), in time order.
    flow.gap(6.0);
    flow.room(text::line_height(H2) + 3.0 * text::line_height(BODY));
    flow.para(&format!("Touchpoints ({})", journey.touchpoints.len()), 0.0, H2, Ink::Text);
    flow.gap(4.0);
    for i in journey.timeline() {
        let t = &journey.touchpoints[i];
        flow.room(2.0 * text::line_height(SMALL));
        flow.para(&format!("#{} “{}”", t.id, t.title), 0.0, SMALL, Ink::Text);
        flow.para(
            &format!(
                "{}, day {}, {} lane · {} · {}",
                t.phase.label(),
                t.day,
                if t.lane.is_empty() { journey.first_lane() } else { t.lane.as_str() },
                crate::describe::exchange(t.exchange),
                crate::describe::provider(&t.provider)
            ),
            14.0,
            SMALL,
            Ink::WeakText,
        );
    }
    flow.sheets
}

/// The journey's open review threads (DESIGN.md §18), after its findings: what each is on, and
/// every comment with its author and date. Resolved threads are left out; none, no heading.
fn open_threads(flow: &mut Flow, journey: &Journey) {
    let open: Vec<&crate::model::Thread> = journey.threads.iter().filter(|t| !t.resolved).collect();
    if open.is_empty() {
        return;
    }
    flow.room(text::line_height(H2) + 3.0 * text::line_height(BODY));
    flow.para(&format!("Open comments ({})", open.len()), 0.0, H2, Ink::Text);
    flow.gap(4.0);
    for t in open {
        flow.room(3.0 * text::line_height(BODY));
        flow.para(&format!("#{} on {}", t.id, crate::comments::on_words(journey, t)), 0.0, BODY, Ink::Text);
        for c in &t.comments {
            let date = c.at.to_string();
            let date = date.get(..10).unwrap_or(&date);
            flow.para(
                &format!("{}, {date}: {}", c.by, c.text.replace('\n', " ")),
                24.0,
                SMALL,
                Ink::WeakText,
            );
        }
        flow.gap(6.0);
    }
    flow.gap(6.0);
}

fn suggestion(flow: &mut Flow, journey: &Journey, analysis: &Analysis, rank: usize, s: &Suggestion) {
    flow.room(3.0 * text::line_height(BODY));
    let title = journey.touchpoint(s.touchpoint).map_or("", |t| t.title.as_str());
    flow.para(&format!("{rank}. #{} “{}” — {}", s.touchpoint, title, s.kind.label()), 0.0, BODY, Ink::Text);
    flow.para(&s.advice(journey), 14.0, SMALL, Ink::Text);
    let mut effect = format!(
        "Gain {} · mutuality {} → {:.0} · continuity {} → {:.0}",
        crate::describe::signed_gain(s.gain),
        format_args!("{:.0}", analysis.mutuality.score),
        s.mutuality,
        format_args!("{:.0}", analysis.continuity.score),
        s.continuity,
    );
    if s.classification != analysis.verdict.classification {
        effect += &format!(
            " · becomes {} (from {})",
            s.classification.label(),
            analysis.verdict.classification.label()
        );
    }
    flow.para(&effect, 14.0, SMALL, Ink::WeakText);
    if !s.resolves.is_empty() {
        flow.para(&format!("Resolves {}", codes(&s.resolves)), 14.0, SMALL, Ink::WeakText);
    }
    if !s.introduces.is_empty() {
        flow.para(&format!("Introduces {}", codes(&s.introduces)), 14.0, SMALL, Ink::WeakText);
    }
    flow.gap(5.0);
}

fn codes(list: &[score::FindingCode]) -> String {
    list.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
}

fn review_sheet(project: &Project, from: &Journey, to: &Journey, paper: Paper) -> Sheet {
    let (cw, ch) = content_size(paper);
    let (bounds, marks) = export::review_marks(&project.name, from, to, (cw, ch));
    let scale = (cw / bounds.width()).min(ch / bounds.height());
    let dx = MARGIN + (cw - bounds.width() * scale) / 2.0 - bounds.min.x * scale;
    let dy = MARGIN + (ch - bounds.height() * scale) / 2.0 - bounds.min.y * scale;
    Sheet {
        marks: Vec::new(),
        picture: Some((marks, scale, Point::new(dx, dy))),
        label: format!("review: {} → {}", from.name, to.name),
    }
}

/// The cover: the project's name and the date, then one row per journey (its two scores with
/// bars, classification, warnings and the page it starts on), onto further pages when there are
/// more journeys than fit, and what the pack holds.
fn cover_sheets(
    project: &Project,
    analyses: &[Analysis],
    first_pages: &[usize],
    review_page: Option<usize>,
    paper: Paper,
    date: &str,
) -> Vec<Sheet> {
    let (w, h) = paper.size();
    let width = w - 2.0 * MARGIN;
    let bottom = h - MARGIN - FOOTER_H;
    let cols =
        [MARGIN, MARGIN + 0.34 * width, MARGIN + 0.52 * width, MARGIN + 0.70 * width, MARGIN + 0.90 * width];
    let mut pages: Vec<Vec<Mark>> = Vec::new();
    let mut m = Vec::new();
    let mut y = MARGIN + 36.0;
    m.push(Mark::text("Design review pack", Point::new(MARGIN, y), 12.0, Ink::WeakText, Anchor::Start));
    y += text::line_height(12.0) + 4.0;
    let name = if project.name.trim().is_empty() { "Untitled project" } else { project.name.as_str() };
    for line in text::wrap(name, 30.0, width, 2) {
        m.push(Mark::text(line, Point::new(MARGIN, y), 30.0, Ink::Text, Anchor::Start));
        y += text::line_height(30.0);
    }
    if !date.is_empty() {
        m.push(Mark::text(date.to_owned(), Point::new(MARGIN, y + 2.0), 12.0, Ink::WeakText, Anchor::Start));
        y += text::line_height(12.0) + 2.0;
    }
    y += 26.0;
    let table_head = |m: &mut Vec<Mark>, y: &mut f32| {
        for (x, head) in cols.iter().zip(["Journey", "Mutuality", "Continuity", "Classification", "Warnings"])
        {
            m.push(Mark::text(head, Point::new(*x, *y), SMALL, Ink::WeakText, Anchor::Start));
        }
        *y += text::line_height(SMALL) + 4.0;
        m.push(Mark::Line {
            points: vec![Point::new(MARGIN, *y), Point::new(w - MARGIN, *y)],
            stroke: Stroke::new(0.8, Ink::Grid),
        });
        *y += 8.0;
    };
    table_head(&mut m, &mut y);
    let row_h: f32 = 40.0;
    for ((journey, analysis), page) in project.journeys.iter().zip(analyses).zip(first_pages) {
        let jname = if journey.name.trim().is_empty() { "Untitled journey" } else { journey.name.as_str() };
        let lines = text::wrap(jname, 13.0, cols[1] - cols[0] - 12.0, 2);
        let need = row_h.max(lines.len() as f32 * text::line_height(13.0) + text::line_height(SMALL)) + 6.0;
        if y + need > bottom {
            pages.push(std::mem::take(&mut m));
            y = MARGIN;
            m.push(Mark::text(
                format!("{name}: journeys (continued)"),
                Point::new(MARGIN, y),
                H2,
                Ink::Text,
                Anchor::Start,
            ));
            y += text::line_height(H2) + 10.0;
            table_head(&mut m, &mut y);
        }
        let mut ly = y;
        for l in lines {
            m.push(Mark::text(l, Point::new(cols[0], ly), 13.0, Ink::Text, Anchor::Start));
            ly += text::line_height(13.0);
        }
        m.push(Mark::text(
            format!("{} touchpoints · page {page}", journey.touchpoints.len()),
            Point::new(cols[0], ly),
            SMALL,
            Ink::WeakText,
            Anchor::Start,
        ));
        for (x, value, ink) in [
            (cols[1], analysis.mutuality.score, Ink::Mutuality),
            (cols[2], analysis.continuity.score, Ink::Continuity),
        ] {
            m.push(Mark::text(format!("{value:.0}"), Point::new(x, y - 2.0), 20.0, Ink::Text, Anchor::Start));
            let bar = Rect::from_min_size(Point::new(x, y + text::line_height(20.0)), 0.14 * width, 5.0);
            m.push(Mark::fill(bar, Corners::same(2.5), Ink::LaneBand));
            let filled = (value.clamp(0.0, 100.0) / 100.0) as f32 * bar.width();
            if filled > 0.0 {
                m.push(Mark::fill(Rect::from_min_size(bar.min, filled, 5.0), Corners::same(2.5), ink));
            }
        }
        for (k, l) in text::wrap(analysis.verdict.classification.label(), 12.0, cols[4] - cols[3] - 10.0, 2)
            .into_iter()
            .enumerate()
        {
            let at = Point::new(cols[3], y + k as f32 * text::line_height(12.0));
            m.push(Mark::text(l, at, 12.0, Ink::Text, Anchor::Start));
        }
        let warnings = analysis.findings.iter().filter(|f| f.severity == Severity::Warning).count();
        m.push(Mark::text(
            warnings.to_string(),
            Point::new(cols[4], y - 2.0),
            20.0,
            Ink::Text,
            Anchor::Start,
        ));
        y += need;
        m.push(Mark::Line {
            points: vec![Point::new(MARGIN, y - 6.0), Point::new(w - MARGIN, y - 6.0)],
            stroke: Stroke::new(0.4, Ink::Grid),
        });
    }
    let mut contents = format!(
        "Each journey: its diagram, then its findings (message, touchpoints, why and source), its top \
         {SUGGESTIONS} suggestions and its touchpoints."
    );
    if let Some(p) = review_page {
        contents += &format!(" The as-is → to-be review is on page {p}.");
    }
    let phases: Vec<&str> = Phase::ALL.iter().map(|p| p.label()).collect();
    let mut words = text::wrap(&contents, SMALL, width, 4);
    words.push(format!("Phases: {}", phases.join(" → ")));
    if y + 10.0 + words.len() as f32 * text::line_height(SMALL) > bottom {
        pages.push(std::mem::take(&mut m));
        y = MARGIN;
    }
    y += 10.0;
    for line in words {
        m.push(Mark::text(line, Point::new(MARGIN, y), SMALL, Ink::WeakText, Anchor::Start));
        y += text::line_height(SMALL);
    }
    pages.push(m);
    pages.into_iter().map(|marks| Sheet { marks, picture: None, label: "cover".to_owned() }).collect()
}

/// The bundled fonts as krilla fonts, in fallback order.
struct Fonts(Vec<Option<Font>>);

impl Fonts {
    fn new() -> Self {
        Self(text::FONTS.iter().map(|data| Font::new((*data).into(), 0)).collect())
    }
}

/// Writes the pages; with `record`, also every mark handed to the painter, page by page.
fn render(
    project: &Project,
    paper: Paper,
    sheets: &[Sheet],
    mut record: Option<&mut Vec<Vec<Mark>>>,
) -> Result<Vec<u8>, ExportError> {
    let fonts = Fonts::new();
    let palette = &Palette::LIGHT;
    let mut doc = Document::new();
    let title =
        if project.name.trim().is_empty() { "Untitled project".to_owned() } else { project.name.clone() };
    doc.set_metadata(
        Metadata::new()
            .title(format!("{title} — design review pack"))
            .creator("Rapport".to_owned())
            .language("en".to_owned()),
    );
    let (w, h) = paper.size();
    for s in sheets {
        let settings =
            PageSettings::from_wh(w, h).ok_or_else(|| ExportError("the page size is invalid".into()))?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        let mut drawn = Vec::new();
        let mut paint = |surface: &mut Surface, mark: &Mark| {
            draw(surface, mark, palette, &fonts);
            if record.is_some() {
                drawn.push(mark.clone());
            }
        };
        if let Some((marks, k, at)) = &s.picture {
            surface.push_transform(&Transform::from_row(*k, 0.0, 0.0, *k, at.x, at.y));
            for mark in marks {
                paint(&mut surface, mark);
            }
            surface.pop();
        }
        for mark in &s.marks {
            paint(&mut surface, mark);
        }
        if let Some(r) = record.as_deref_mut() {
            r.push(drawn);
        }
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| ExportError(format!("the PDF could not be written: {e:?}")))
}

fn fill_of(palette: &Palette, p: Paint) -> Fill {
    let c = p.colour(palette);
    Fill {
        paint: rgb::Color::new(c.0[0], c.0[1], c.0[2]).into(),
        opacity: NormalizedF32::new(c.opacity()).unwrap_or(NormalizedF32::ONE),
        rule: FillRule::NonZero,
    }
}

fn stroke_of(palette: &Palette, s: Stroke, cap: LineCap) -> PdfStroke {
    let c = s.paint.colour(palette);
    PdfStroke {
        paint: rgb::Color::new(c.0[0], c.0[1], c.0[2]).into(),
        width: s.width,
        line_cap: cap,
        line_join: LineJoin::Round,
        opacity: NormalizedF32::new(c.opacity()).unwrap_or(NormalizedF32::ONE),
        ..Default::default()
    }
}

/// The control-point distance of a quarter circle as a cubic Bézier, per unit radius.
const KAPPA: f32 = 0.552_284_8;

fn rounded_rect(b: &mut PathBuilder, r: &Rect, c: &Corners) {
    let (l, t, rt, bt) = (r.min.x, r.min.y, r.max.x, r.max.y);
    let most = (r.width().min(r.height()) / 2.0).max(0.0);
    let [nw, ne, se, sw] = [c.nw, c.ne, c.se, c.sw].map(|v| v.clamp(0.0, most));
    b.move_to(l + nw, t);
    b.line_to(rt - ne, t);
    if ne > 0.0 {
        b.cubic_to(rt - ne + ne * KAPPA, t, rt, t + ne - ne * KAPPA, rt, t + ne);
    }
    b.line_to(rt, bt - se);
    if se > 0.0 {
        b.cubic_to(rt, bt - se + se * KAPPA, rt - se + se * KAPPA, bt, rt - se, bt);
    }
    b.line_to(l + sw, bt);
    if sw > 0.0 {
        b.cubic_to(l + sw - sw * KAPPA, bt, l, bt - sw + sw * KAPPA, l, bt - sw);
    }
    b.line_to(l, t + nw);
    if nw > 0.0 {
        b.cubic_to(l, t + nw - nw * KAPPA, l + nw - nw * KAPPA, t, l + nw, t);
    }
    b.close();
}

fn circle(b: &mut PathBuilder, c: Point, r: f32) {
    let k = r * KAPPA;
    b.move_to(c.x + r, c.y);
    b.cubic_to(c.x + r, c.y + k, c.x + k, c.y + r, c.x, c.y + r);
    b.cubic_to(c.x - k, c.y + r, c.x - r, c.y + k, c.x - r, c.y);
    b.cubic_to(c.x - r, c.y - k, c.x - k, c.y - r, c.x, c.y - r);
    b.cubic_to(c.x + k, c.y - r, c.x + r, c.y - k, c.x + r, c.y);
    b.close();
}

fn shape(
    surface: &mut Surface,
    build: impl FnOnce(&mut PathBuilder),
    fill: Option<Fill>,
    stroke: Option<PdfStroke>,
) {
    if fill.is_none() && stroke.is_none() {
        return;
    }
    let mut b = PathBuilder::new();
    build(&mut b);
    let Some(path) = b.finish() else { return };
    surface.set_fill(fill);
    surface.set_stroke(stroke);
    surface.draw_path(&path);
}

/// Draws one mark of a display list.
fn draw(surface: &mut Surface, mark: &Mark, palette: &Palette, fonts: &Fonts) {
    match mark {
        Mark::Rect { rect, corners, fill, stroke } => {
            // The display list's outlines are inside the rectangle; PDF's straddle the edge.
            let r = rect.shrink(stroke.map_or(0.0, |s| s.width / 2.0));
            if r.width() <= 0.0 || r.height() <= 0.0 {
                return;
            }
            shape(
                surface,
                |b| rounded_rect(b, &r, corners),
                fill.map(|p| fill_of(palette, p)),
                stroke.map(|s| stroke_of(palette, s, LineCap::Butt)),
            );
        }
        Mark::Circle { centre, radius, fill, stroke } => shape(
            surface,
            |b| circle(b, *centre, *radius),
            fill.map(|p| fill_of(palette, p)),
            stroke.map(|s| stroke_of(palette, s, LineCap::Butt)),
        ),
        Mark::Polygon { points, fill } => shape(
            surface,
            |b| {
                for (i, p) in points.iter().enumerate() {
                    if i == 0 { b.move_to(p.x, p.y) } else { b.line_to(p.x, p.y) }
                }
                b.close();
            },
            Some(fill_of(palette, *fill)),
            None,
        ),
        Mark::Line { points, stroke } => shape(
            surface,
            |b| {
                for (i, p) in points.iter().enumerate() {
                    if i == 0 { b.move_to(p.x, p.y) } else { b.line_to(p.x, p.y) }
                }
            },
            None,
            Some(stroke_of(palette, *stroke, LineCap::Butt)),
        ),
        Mark::Rule { from, to, stroke } => shape(
            surface,
            |b| {
                b.move_to(from.x, from.y);
                b.line_to(to.x, to.y);
            },
            None,
            Some(stroke_of(palette, *stroke, LineCap::Butt)),
        ),
        Mark::Curve { start, segments, stroke } => shape(
            surface,
            |b| {
                b.move_to(start.x, start.y);
                for [a, c, e] in segments {
                    b.cubic_to(a.x, a.y, c.x, c.y, e.x, e.y);
                }
            },
            None,
            Some(stroke_of(palette, *stroke, LineCap::Round)),
        ),
        Mark::Text { text: s, at, size, paint, anchor } => {
            draw_text(surface, s, *at, *size, fill_of(palette, *paint), *anchor, fonts)
        }
    }
}

/// One line of text as runs of the bundled fonts (the first that has each character, as the
/// canvas and the SVG fall back), each placed after the one before by the shared measure.
fn draw_text(
    surface: &mut Surface,
    s: &str,
    at: Point,
    size: f32,
    fill: Fill,
    anchor: Anchor,
    fonts: &Fonts,
) {
    if s.trim().is_empty() || size <= 0.0 {
        return;
    }
    let w = text::width(s, size);
    let mut x = match anchor {
        Anchor::Start => at.x,
        Anchor::Middle => at.x - w / 2.0,
        Anchor::End => at.x - w,
    };
    let baseline = at.y + text::ascent(size);
    surface.set_fill(Some(fill));
    surface.set_stroke(None);
    let mut runs: Vec<(Option<usize>, String)> = Vec::new();
    for c in s.chars() {
        let f = text::font_of(c);
        match runs.last_mut() {
            Some((g, run)) if *g == f => run.push(c),
            _ => runs.push((f, c.to_string())),
        }
    }
    for (f, run) in runs {
        let advance = text::width(&run, size);
        if let Some(font) = f.and_then(|i| fonts.0.get(i).cloned().flatten()) {
            surface.draw_text(PdfPoint::from_xy(x, baseline), font, size, &run, false, TextDirection::Auto);
        }
        x += advance;
    }
}
