//! Exports a journey's diagram as SVG and PNG (DESIGN.md §9), drawn from the same layout as the
//! canvas ([`crate::layout`]) in the light palette, with a title and a legend.
//!
//! SVG keeps text as `<text>`, so it stays selectable and searchable in slides. PNG renders that
//! SVG with resvg on the CPU using only the fonts bundled in `assets/fonts`, so the pixels are
//! the same on every machine.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use resvg::{tiny_skia, usvg};

use crate::layout::card::{self, CardParts};
use crate::layout::diagram::{Badge, Diagram, KeyMark, Legend, ScoreKind, TextLine, Tone};
use crate::layout::{self, DiagramOptions, Point, Rect, metrics};
use crate::model::{Exchange, Journey, Provider, Touchpoint};
use crate::palette::{Colour, Palette, exchange_points_up};
use crate::score::{self, Analysis};
use crate::store;
use crate::text;

/// The smallest and largest PNG scale.
pub const SCALES: std::ops::RangeInclusive<f32> = 1.0..=4.0;
/// A PNG is at most this many pixels a side (what image viewers and slide tools accept).
pub const MAX_SIDE: u32 = 32_000;
/// A PNG is at most this many pixels in all (480 MB while it is drawn).
pub const MAX_PIXELS: u64 = 120_000_000;

/// The kind of file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Scalable vector graphics; text stays text.
    Svg,
    /// A picture, at a scale.
    Png,
}

impl Format {
    /// The format a file name asks for, by its extension.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            _ => None,
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }
}

/// What is behind the diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Background {
    /// White, for slides and documents.
    White,
    /// Nothing: the cards and headers keep their own fills.
    Transparent,
}

/// How to export.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExportOptions {
    /// Pixels per diagram unit for PNG, 1..=4 (SVG is scalable and ignores it).
    pub scale: f32,
    /// What is behind the diagram.
    pub background: Background,
    /// What the page includes besides the grid.
    pub diagram: DiagramOptions,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self { scale: 2.0, background: Background::White, diagram: DiagramOptions::default() }
    }
}

/// Why an export failed, in words for the person exporting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportError(pub String);

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ExportError {}

/// The diagram of a journey of a project (its name goes above the journey's; may be empty) as
/// an SVG document.
pub fn svg(project: &str, journey: &Journey, options: &ExportOptions) -> String {
    let analysis = score::analyse(journey);
    let diagram = layout::diagram(project, journey, &analysis, options.diagram);
    Svg::new(&Palette::LIGHT).document(journey, &analysis, &diagram, options.background)
}

/// An RGBA picture, unpremultiplied, row by row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width × height` pixels of 4 bytes: red, green, blue, alpha.
    pub rgba: Vec<u8>,
}

/// The pixel size of a journey's PNG at a scale.
pub fn png_size(project: &str, journey: &Journey, options: &ExportOptions) -> (u32, u32) {
    let analysis = score::analyse(journey);
    let d = layout::diagram(project, journey, &analysis, options.diagram);
    pixel_size(&d.bounds, options.scale)
}

fn pixel_size(bounds: &Rect, scale: f32) -> (u32, u32) {
    let px = |v: f32| (v * scale).ceil().max(1.0) as u32;
    (px(bounds.width()), px(bounds.height()))
}

/// The journey's diagram rendered to pixels.
pub fn picture(project: &str, journey: &Journey, options: &ExportOptions) -> Result<Picture, ExportError> {
    let scale = options.scale;
    if !SCALES.contains(&scale) {
        return Err(ExportError(format!("the scale must be from 1 to 4, not {scale}")));
    }
    let analysis = score::analyse(journey);
    let diagram = layout::diagram(project, journey, &analysis, options.diagram);
    let (w, h) = pixel_size(&diagram.bounds, scale);
    if w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
        let fits = (1..=4)
            .rev()
            .map(|s| s as f32)
            .find(|s| {
                let (w, h) = pixel_size(&diagram.bounds, *s);
                w <= MAX_SIDE && h <= MAX_SIDE && u64::from(w) * u64::from(h) <= MAX_PIXELS
            })
            .filter(|s| *s < scale);
        let advice = match fits {
            Some(s) => format!("choose scale {s:.0}× or export SVG"),
            None => "export SVG instead, which has no size limit".to_owned(),
        };
        return Err(ExportError(format!(
            "the picture would be {w} × {h} pixels, more than a PNG can reasonably hold; {advice}"
        )));
    }
    let svg = Svg::new(&Palette::LIGHT).document(journey, &analysis, &diagram, options.background);
    let tree = usvg::Tree::from_str(&svg, &USVG_OPTIONS)
        .map_err(|e| ExportError(format!("the diagram could not be drawn: {e}")))?;
    let mut pixmap = tiny_skia::Pixmap::new(w, h)
        .ok_or_else(|| ExportError(format!("not enough memory for a {w} × {h} picture")))?;
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    let mut rgba = pixmap.take();
    // tiny-skia keeps colours premultiplied by alpha; pictures want them straight.
    for px in rgba.chunks_exact_mut(4) {
        let a = u16::from(px[3]);
        if a != 0 && a != 255 {
            for c in &mut px[..3] {
                *c = ((u16::from(*c) * 255 + a / 2) / a).min(255) as u8;
            }
        }
    }
    Ok(Picture { width: w, height: h, rgba })
}

/// The journey's diagram as PNG bytes.
pub fn png(project: &str, journey: &Journey, options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    let p = picture(project, journey, options)?;
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, p.width, p.height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        // Big pictures use fdeflate, about 3× faster than the default here but with files about
        // 2.8× larger (measured on Brightwatt at 2×: 502 KB against 178 KB); the usual slide
        // sizes keep the smaller files.
        let big = u64::from(p.width) * u64::from(p.height) > 16_000_000;
        encoder.set_compression(if big { png::Compression::Fast } else { png::Compression::Balanced });
        // Pixel density: the scale times 96 dpi, so slide tools place it at its design size.
        let ppm = (options.scale * 96.0 / 0.0254).round() as u32;
        encoder.set_pixel_dims(Some(png::PixelDimensions { xppu: ppm, yppu: ppm, unit: png::Unit::Meter }));
        let mut writer = encoder.write_header().map_err(|e| ExportError(e.to_string()))?;
        writer.write_image_data(&p.rgba).map_err(|e| ExportError(e.to_string()))?;
    }
    Ok(out)
}

/// Exports one journey to a file, as SVG or PNG by the file's extension. The file is written
/// atomically: a failed export leaves any earlier file as it was.
pub fn write(
    project: &str,
    journey: &Journey,
    path: &Path,
    options: &ExportOptions,
) -> Result<(), ExportError> {
    let bytes = match Format::of_path(path) {
        Some(Format::Svg) => svg(project, journey, options).into_bytes(),
        Some(Format::Png) => png(project, journey, options)?,
        None => {
            return Err(ExportError(format!("{}: the file name must end in .svg or .png", path.display())));
        }
    };
    store::write_atomically(path, &bytes, false).map_err(|e| ExportError(e.to_string()))
}

/// A file name for a journey: its name in lower case, words joined by `-`, letters of every
/// script kept, characters file systems dislike left out.
pub fn file_stem(journey_name: &str) -> String {
    let mut out = String::new();
    for c in journey_name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() { "journey".to_owned() } else { out }
}

/// The files for exporting every journey next to `base`: `STEM-JOURNEY.EXT` for each journey
/// name, in order, made unique when two journeys' names give the same file name.
pub fn paths_for_each(base: &Path, journey_names: &[&str], format: Format) -> Vec<std::path::PathBuf> {
    let stem = base.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut taken = std::collections::HashSet::new();
    journey_names
        .iter()
        .map(|name| {
            let base_name =
                if stem.is_empty() { file_stem(name) } else { format!("{stem}-{}", file_stem(name)) };
            let mut candidate = base_name.clone();
            let mut k = 2;
            while !taken.insert(candidate.clone()) {
                candidate = format!("{base_name}-{k}");
                k += 1;
            }
            base.with_file_name(format!("{candidate}.{}", format.extension()))
        })
        .collect()
}

static USVG_OPTIONS: LazyLock<usvg::Options<'static>> = LazyLock::new(|| {
    let mut db = usvg::fontdb::Database::new();
    for data in text::FONTS {
        db.load_font_data(data.to_vec());
    }
    // Generic names map to fonts a bare machine lacks; point them at the bundled ones.
    db.set_sans_serif_family("Ubuntu");
    db.set_serif_family("Ubuntu");
    db.set_monospace_family("DejaVu Sans");
    usvg::Options { font_family: "Ubuntu".to_owned(), fontdb: Arc::new(db), ..Default::default() }
});

/// Writes the SVG of a diagram.
struct Svg<'a> {
    out: String,
    palette: &'a Palette,
}

/// Escapes text for XML, dropping characters XML cannot hold at all.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn fill(c: Colour) -> String {
    if c.0[3] == 255 {
        format!("fill=\"{}\"", c.hex())
    } else {
        format!("fill=\"{}\" fill-opacity=\"{:.3}\"", c.hex(), c.opacity())
    }
}

fn points(ps: &[Point]) -> String {
    let mut s = String::new();
    for (i, p) in ps.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        let _ = write!(s, "{:.1},{:.1}", p.x, p.y);
    }
    s
}

/// How a line of text is anchored horizontally.
#[derive(Clone, Copy)]
enum Anchor {
    Start,
    Middle,
    End,
}

impl<'a> Svg<'a> {
    fn new(palette: &'a Palette) -> Self {
        Self { out: String::with_capacity(64 * 1024), palette }
    }

    fn rect(&mut self, r: &Rect, radius: f32, colour: Colour) {
        let _ = writeln!(
            self.out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"{} {}/>",
            r.min.x,
            r.min.y,
            r.width(),
            r.height(),
            if radius > 0.0 { format!(" rx=\"{radius}\"") } else { String::new() },
            fill(colour)
        );
    }

    fn line(&mut self, a: Point, b: Point, colour: Colour, width: f32) {
        let _ = writeln!(
            self.out,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"{width}\"/>",
            a.x,
            a.y,
            b.x,
            b.y,
            colour.hex()
        );
    }

    fn polygon(&mut self, ps: &[Point], colour: Colour) {
        let _ = writeln!(self.out, "<polygon points=\"{}\" {}/>", points(ps), fill(colour));
    }

    fn circle(&mut self, c: Point, r: f32, fill_colour: Option<Colour>, stroke: Option<(Colour, f32)>) {
        let fill_attr = fill_colour.map_or_else(|| "fill=\"none\"".to_owned(), fill);
        let stroke_attr =
            stroke.map(|(c, w)| format!(" stroke=\"{}\" stroke-width=\"{w}\"", c.hex())).unwrap_or_default();
        let _ = writeln!(
            self.out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{r:.1}\" {fill_attr}{stroke_attr}/>",
            c.x, c.y
        );
    }

    /// Text whose line top is at `top` (egui's convention), anchored at `x`.
    fn text(&mut self, s: &str, x: f32, top: f32, size: f32, colour: Colour, anchor: Anchor) {
        if s.is_empty() {
            return;
        }
        let anchor = match anchor {
            Anchor::Start => "",
            Anchor::Middle => " text-anchor=\"middle\"",
            Anchor::End => " text-anchor=\"end\"",
        };
        let _ = writeln!(
            self.out,
            "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"{size}\"{anchor} {}>{}</text>",
            top + text::ascent(size),
            fill(colour),
            escape(s)
        );
    }

    /// Text vertically centred on `y`.
    fn text_centred(&mut self, s: &str, x: f32, y: f32, size: f32, colour: Colour, anchor: Anchor) {
        self.text(s, x, y - text::line_height(size) / 2.0, size, colour, anchor);
    }

    fn text_line(&mut self, l: &TextLine) {
        let colour = match l.tone {
            Tone::Strong => self.palette.text,
            Tone::Weak => self.palette.weak_text,
        };
        self.text(&l.text, l.at.x, l.at.y, l.size, colour, Anchor::Start);
    }

    fn document(
        mut self,
        journey: &Journey,
        analysis: &Analysis,
        d: &Diagram,
        background: Background,
    ) -> String {
        let (w, h) = (d.bounds.width(), d.bounds.height());
        let title = if journey.persona.trim().is_empty() {
            journey.name.clone()
        } else {
            format!("{} — {}", journey.name, journey.persona)
        };
        let _ = writeln!(
            self.out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\" font-family=\"{}\" font-weight=\"{}\">",
            text::FONT_FAMILY.replace('\'', "&apos;"),
            text::FONT_WEIGHT
        );
        let _ = writeln!(self.out, "<title>{}</title>", escape(&title));
        let _ = writeln!(
            self.out,
            "<desc>Journey diagram exported by Rapport: mutuality {:.0}, continuity {:.0}, {}.</desc>",
            analysis.mutuality.score,
            analysis.continuity.score,
            analysis.verdict.classification.label().to_lowercase()
        );
        if background == Background::White {
            self.rect(&d.bounds, 0.0, Colour::rgb(255, 255, 255));
        }
        self.out.push_str("<g id=\"title\">\n");
        for l in &d.title {
            self.text_line(l);
        }
        self.out.push_str("</g>\n");
        self.grid(&d.grid, analysis);
        self.links(&d.grid);
        self.cards(journey, analysis, &d.grid);
        self.badges(&d.badges);
        if let Some(legend) = &d.legend {
            self.legend(legend, analysis);
        }
        self.out.push_str("</svg>\n");
        self.out
    }

    fn grid(&mut self, g: &layout::Layout, analysis: &Analysis) {
        use metrics as m;
        let p = self.palette;
        self.out.push_str("<g id=\"grid\">\n");
        self.rect(&g.bounds, 0.0, p.canvas);
        for (i, lane) in g.lanes.iter().enumerate() {
            if i % 2 == 1 {
                self.rect(&lane.body, 0.0, p.lane_band);
            }
            self.rect(&lane.label, 0.0, p.header);
            let rows = text::wrap(&lane.name, m::LANE_SIZE, lane.label.width() - 2.0 * m::LANE_PAD + 4.0, 2);
            let lh = text::line_height(m::LANE_SIZE);
            let top = lane.label.center().y - lh * rows.len() as f32 / 2.0;
            for (k, row) in rows.iter().enumerate() {
                let y = top + k as f32 * lh;
                self.text(row, lane.label.min.x + m::LANE_PAD, y, m::LANE_SIZE, p.header_text, Anchor::Start);
            }
            let y = lane.body.max.y;
            self.line(Point::new(g.bounds.min.x, y), Point::new(g.bounds.max.x, y), p.grid, 1.0);
        }
        for col in &g.phases {
            self.rect(&col.header, 0.0, p.header);
            let x = col.header.min.x + m::HEADER_PAD;
            let name = text::fit(col.phase.label(), m::PHASE_SIZE, col.header.width() - 24.0);
            self.text(&name, x, col.header.min.y + 8.0, m::PHASE_SIZE, p.header_text, Anchor::Start);
            let summary = layout::phase_summary(&analysis.phases[col.phase.index()]);
            let summary = text::fit(&summary, m::PHASE_SUMMARY_SIZE, col.header.width() - 24.0);
            let top = col.header.max.y - 8.0 - text::line_height(m::PHASE_SUMMARY_SIZE);
            self.text(&summary, x, top, m::PHASE_SUMMARY_SIZE, p.weak_text, Anchor::Start);
            let x = col.header.min.x;
            self.line(Point::new(x, g.bounds.min.y), Point::new(x, g.bounds.max.y), p.grid, 1.0);
        }
        let y = g.bounds.min.y + m::HEADER_H;
        self.line(Point::new(g.bounds.min.x, y), Point::new(g.bounds.max.x, y), p.grid, 1.5);
        self.out.push_str("</g>\n");
    }

    fn links(&mut self, g: &layout::Layout) {
        self.out.push_str("<g id=\"links\">\n");
        for link in &g.links {
            self.arrow(link.start, link.end, self.palette.link, 2.0);
        }
        self.out.push_str("</g>\n");
    }

    fn arrow(&mut self, from: Point, to: Point, colour: Colour, width: f32) {
        if let Some((base, head)) = card::arrow_head(from, to, 12.0) {
            self.line(from, base, colour, width);
            self.polygon(&head, colour);
        }
    }

    fn cards(&mut self, journey: &Journey, analysis: &Analysis, g: &layout::Layout) {
        let warned = analysis.warned_touchpoints();
        self.out.push_str("<g id=\"cards\">\n");
        for c in &g.cards {
            let tp = &journey.touchpoints[c.index];
            let _ = writeln!(self.out, "<g id=\"touchpoint-{}\">", tp.id.0);
            // The whole title, for search and screen readers, whatever the card has room for.
            let _ = writeln!(self.out, "<title>{}</title>", escape(&tp.title));
            self.card(&c.rect, tp, warned.contains(&tp.id));
            self.out.push_str("</g>\n");
        }
        self.out.push_str("</g>\n");
    }

    fn card(&mut self, rect: &Rect, tp: &Touchpoint, warned: bool) {
        let p = self.palette;
        let colour = p.exchange(tp.exchange);
        let _ = writeln!(
            self.out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"{}\" {} stroke=\"{}\" stroke-width=\"1\"/>",
            rect.min.x + 0.5,
            rect.min.y + 0.5,
            rect.width() - 1.0,
            rect.height() - 1.0,
            card::CORNER,
            fill(p.card),
            p.card_border.hex()
        );
        let parts: CardParts = card::card_parts(rect, tp, warned, text::width, text::line_height);
        // The stripe: rounded on the left only.
        let s = &parts.stripe;
        let r = card::CORNER;
        let _ = writeln!(
            self.out,
            "<path d=\"M{:.1},{:.1} h{:.1} v{:.1} h-{:.1} a{r},{r} 0 0 1 -{r},-{r} v-{:.1} a{r},{r} 0 0 1 {r},-{r} z\" {}/>",
            s.min.x + r,
            s.min.y,
            s.width() - r,
            s.height(),
            s.width() - r,
            s.height() - 2.0 * r,
            fill(colour)
        );
        self.polygon(
            &card::exchange_mark(parts.icon, card::ICON_SIZE, exchange_points_up(tp.exchange)),
            colour,
        );
        self.text(
            card::exchange_word(tp.exchange),
            parts.word.x,
            parts.word.y,
            card::WORD_SIZE,
            colour,
            Anchor::Start,
        );
        for (i, c) in parts.dots.iter().enumerate() {
            if i < usize::from(tp.exchange.strength()) {
                self.circle(*c, card::DOT_R, Some(colour), None);
            } else if tp.exchange != Exchange::Neutral {
                self.circle(*c, card::DOT_R - 0.2, None, Some((colour, 1.0)));
            }
        }
        if warned {
            self.warning(parts.warning, card::WARNING_SIZE);
        }
        if let Some(f) = tp.feeling {
            let strength = 0.2 + 0.2 * (f32::from(f) + 2.0);
            let [r, g, b, _] = p.feeling.0;
            let a = (strength * 255.0) as u8;
            let tint = Colour::premultiplied(
                (f32::from(r) * strength) as u8,
                (f32::from(g) * strength) as u8,
                (f32::from(b) * strength) as u8,
                a,
            );
            self.circle(parts.feeling, card::FEELING_R, Some(tint), Some((p.feeling, 1.0)));
            self.text_centred(
                &format!("{f:+}"),
                parts.feeling.x,
                parts.feeling.y,
                card::FEELING_SIZE,
                p.text,
                Anchor::Middle,
            );
        }
        let lh = text::line_height(card::TITLE_SIZE);
        for (k, row) in
            text::wrap(&tp.title, card::TITLE_SIZE, parts.title_width, card::TITLE_ROWS).iter().enumerate()
        {
            self.text(
                row,
                parts.title.x,
                parts.title.y + k as f32 * lh,
                card::TITLE_SIZE,
                p.text,
                Anchor::Start,
            );
        }
        for pill in &parts.pills {
            self.rect(&pill.rect, card::FLAG_H / 2.0, p.pill);
            self.text(pill.word, pill.text.x, pill.text.y, card::FLAG_SIZE, p.text, Anchor::Start);
        }
        self.provider_icon(parts.provider_icon, &tp.provider, p.weak_text);
        let provider = text::fit(&tp.provider.label(), card::FOOT_SIZE, parts.provider_width);
        self.text_centred(
            &provider,
            parts.provider.x,
            parts.provider.y,
            card::FOOT_SIZE,
            p.weak_text,
            Anchor::Start,
        );
        self.text_centred(
            &format!("day {}", tp.day),
            parts.day.x,
            parts.day.y,
            card::FOOT_SIZE,
            p.weak_text,
            Anchor::End,
        );
    }

    fn warning(&mut self, c: Point, size: f32) {
        self.polygon(&card::warning_mark(c, size), self.palette.warning);
        let white = Colour::rgb(255, 255, 255);
        self.text_centred("!", c.x, c.y + size * 0.1, size * 0.65, white, Anchor::Middle);
    }

    fn provider_icon(&mut self, c: Point, provider: &Provider, colour: Colour) {
        match provider {
            Provider::Person(_) => {
                self.circle(Point::new(c.x, c.y - 2.5), 2.8, Some(colour), None);
                self.circle(Point::new(c.x, c.y + 4.0), 4.2, Some(colour), None);
            }
            Provider::Team(_) => {
                for dx in [-3.5, 3.5] {
                    self.circle(Point::new(c.x + dx, c.y - 2.5), 2.3, Some(colour), None);
                    self.circle(Point::new(c.x + dx, c.y + 3.5), 3.2, Some(colour), None);
                }
            }
            Provider::Anyone => self.circle(c, 4.5, None, Some((colour, 1.5))),
            Provider::Automated => {
                let _ = writeln!(
                    self.out,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"9\" height=\"9\" rx=\"1.5\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"/>",
                    c.x - 4.5,
                    c.y - 4.5,
                    colour.hex()
                );
            }
        }
    }

    fn badge(&mut self, centre: Point, number: usize, warning: bool) {
        let colour = if warning { self.palette.warning } else { self.palette.note };
        self.circle(centre, layout::diagram::BADGE_R, Some(colour), Some((Colour::rgb(255, 255, 255), 1.5)));
        let white = Colour::rgb(255, 255, 255);
        let size = layout::diagram::BADGE_SIZE;
        self.text_centred(&number.to_string(), centre.x, centre.y, size, white, Anchor::Middle);
    }

    fn badges(&mut self, badges: &[Badge]) {
        if badges.is_empty() {
            return;
        }
        self.out.push_str("<g id=\"finding-markers\">\n");
        for b in badges {
            self.badge(b.centre, b.number, b.warning);
        }
        self.out.push_str("</g>\n");
    }

    fn legend(&mut self, legend: &Legend, analysis: &Analysis) {
        let p = self.palette;
        let _ = writeln!(
            self.out,
            "<g id=\"legend\" data-mutuality=\"{}\" data-continuity=\"{}\" data-classification=\"{}\">",
            analysis.mutuality.score,
            analysis.continuity.score,
            analysis.verdict.classification.as_str()
        );
        let f = &legend.frame;
        self.line(f.min, Point::new(f.max.x, f.min.y), p.grid, 1.5);
        for tile in &legend.scores {
            let colour = match tile.kind {
                ScoreKind::Mutuality => p.mutuality,
                ScoreKind::Continuity => p.continuity,
            };
            self.text_line(&tile.label);
            self.text_line(&tile.value);
            self.rect(&tile.bar, 3.0, p.lane_band);
            if tile.fill.width() > 0.0 {
                self.rect(&tile.fill, 3.0, colour);
            }
        }
        for l in &legend.verdict {
            self.text_line(l);
        }
        for item in &legend.key {
            let c = item.centre;
            match &item.mark {
                KeyMark::Exchange(e) => {
                    self.polygon(&card::exchange_mark(c, 14.0, exchange_points_up(*e)), p.exchange(*e));
                }
                KeyMark::Strength => {
                    for (i, dx) in [-9.0, 0.0, 9.0].into_iter().enumerate() {
                        let at = Point::new(c.x + dx, c.y);
                        if i < 2 {
                            self.circle(at, card::DOT_R, Some(p.weak_text), None);
                        } else {
                            self.circle(at, card::DOT_R - 0.2, None, Some((p.weak_text, 1.0)));
                        }
                    }
                }
                KeyMark::Provider(provider) => self.provider_icon(c, provider, p.weak_text),
                KeyMark::Warning => self.warning(c, card::WARNING_SIZE),
                KeyMark::Finding => self.badge(c, 1, true),
                KeyMark::Link => {
                    self.arrow(Point::new(c.x - 12.0, c.y), Point::new(c.x + 12.0, c.y), p.link, 2.0)
                }
            }
            self.text_line(&item.label);
        }
        if let Some(h) = &legend.findings_heading {
            self.text_line(h);
        }
        for row in &legend.findings {
            self.badge(row.badge, row.number, row.warning);
            for l in &row.lines {
                self.text_line(l);
            }
        }
        self.out.push_str("</g>\n");
    }
}
