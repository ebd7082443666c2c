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

use crate::compare;
use crate::layout::card::{self, Detail};
use crate::layout::diagram::Diagram;
use crate::layout::marks::{Anchor as MarkAnchor, Mark, Paint, Stroke};
use crate::layout::review::CardChange;
use crate::layout::review_page::{self, BlockKind, ReviewPage, Side};
use crate::layout::sheet::{self, Layer, Part};
use crate::layout::{self, DiagramOptions, LayoutOptions, Point, Rect};
use crate::model::{Journey, Touchpoint};
use crate::palette::{Colour, Palette};
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
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ExportError(pub String);

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

/// The SVG of a laid-out page and every mark its writer was handed, in order (for the test
/// that the canvas, the SVG and the PDF draw the same display list).
pub fn svg_handed(journey: &Journey, analysis: &Analysis, d: &Diagram) -> (String, Vec<Mark>) {
    let mut svg = Svg::new(&Palette::LIGHT);
    svg.handed = Some(Vec::new());
    let text = svg.document(journey, analysis, d, Background::White);
    (text, svg.handed.unwrap_or_default())
}

/// The pixel size of a journey's PNG at a scale: the size of the page [`picture`] draws (the
/// journey wrapped, at a smaller scale, when the strip is too big for a PNG), or the strip's when
/// even that is refused.
pub fn png_size(project: &str, journey: &Journey, options: &ExportOptions) -> (u32, u32) {
    let analysis = score::analyse(journey);
    match png_page(project, journey, &analysis, options) {
        Ok((_, plan)) => plan.size,
        Err(refused) => refused.size,
    }
}

/// How a journey's PNG is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PngPlan {
    /// Width and height in pixels.
    pub size: (u32, u32),
    /// The scale it is drawn at: the one asked, or less when the journey is too big for a PNG
    /// at that scale even wrapped (never less than 1).
    pub scale: f32,
    /// The journey is wrapped to a 16:9 page because its strip is too big for a PNG.
    pub wrapped: bool,
}

/// A PNG refused for its size: the strip's size at the scale asked, and why.
struct TooBig {
    size: (u32, u32),
    error: ExportError,
}

/// How [`picture`] draws a journey, without drawing it.
pub fn png_plan(project: &str, journey: &Journey, options: &ExportOptions) -> Result<PngPlan, ExportError> {
    check_scale(options.scale)?;
    let analysis = score::analyse(journey);
    png_page(project, journey, &analysis, options).map(|(_, plan)| plan).map_err(|refused| refused.error)
}

/// The page a journey's PNG draws, and how: the diagram at the scale asked when it fits a PNG
/// ([`MAX_SIDE`], [`MAX_PIXELS`]); else the journey wrapped to a 16:9 page as for a slide, at the
/// scale asked or, when that is still too many pixels, at the largest scale of at least 1× that
/// fits. Too big even so (thousands of cards), it is refused with advice.
fn png_page(
    project: &str,
    journey: &Journey,
    analysis: &Analysis,
    options: &ExportOptions,
) -> Result<(Diagram, PngPlan), TooBig> {
    let strip = layout::diagram(project, journey, analysis, options.diagram);
    if fits(&strip.bounds, options.scale) {
        let size = pixel_size(&strip.bounds, options.scale);
        return Ok((strip, PngPlan { size, scale: options.scale, wrapped: false }));
    }
    let wrapped = layout::diagram::diagram_for_page(
        project,
        journey,
        analysis,
        options.diagram,
        layout::diagram::SLIDE,
    );
    match largest_fitting_scale(&wrapped.bounds, options.scale) {
        Some(scale) => {
            let size = pixel_size(&wrapped.bounds, scale);
            Ok((wrapped, PngPlan { size, scale, wrapped: true }))
        }
        None => Err(TooBig {
            size: pixel_size(&strip.bounds, options.scale),
            error: too_big(&strip.bounds, options.scale, " even wrapped"),
        }),
    }
}

fn pixel_size(bounds: &Rect, scale: f32) -> (u32, u32) {
    let px = |v: f32| (v * scale).ceil().max(1.0) as u32;
    (px(bounds.width()), px(bounds.height()))
}

/// The journey's diagram rendered to pixels: as [`png_plan`] says (wrapped, at a smaller scale,
/// when the strip is too big for a PNG).
pub fn picture(project: &str, journey: &Journey, options: &ExportOptions) -> Result<Picture, ExportError> {
    picture_planned(project, journey, options).map(|(picture, _)| picture)
}

fn picture_planned(
    project: &str,
    journey: &Journey,
    options: &ExportOptions,
) -> Result<(Picture, PngPlan), ExportError> {
    check_scale(options.scale)?;
    let analysis = score::analyse(journey);
    let (diagram, plan) = png_page(project, journey, &analysis, options).map_err(|refused| refused.error)?;
    let svg = Svg::new(&Palette::LIGHT).document(journey, &analysis, &diagram, options.background);
    Ok((render(&svg, &diagram.bounds, plan.scale)?, plan))
}

fn check_scale(scale: f32) -> Result<(), ExportError> {
    if SCALES.contains(&scale) {
        Ok(())
    } else {
        Err(ExportError(format!("the scale must be from 1 to 4, not {scale}")))
    }
}

/// Whether a page of `bounds` drawn at `scale` is a picture a PNG can hold.
fn fits(bounds: &Rect, scale: f32) -> bool {
    let (w, h) = pixel_size(bounds, scale);
    w <= MAX_SIDE && h <= MAX_SIDE && u64::from(w) * u64::from(h) <= MAX_PIXELS
}

/// The largest scale from 1 up to `most`, in hundredths, at which a page of `bounds` fits a PNG.
fn largest_fitting_scale(bounds: &Rect, most: f32) -> Option<f32> {
    if fits(bounds, most) {
        return Some(most);
    }
    let (w, h) = (f64::from(bounds.width().max(1.0)), f64::from(bounds.height().max(1.0)));
    let side = f64::from(MAX_SIDE) / w.max(h);
    let area = (MAX_PIXELS as f64 / (w * h)).sqrt();
    let mut hundredths = (side.min(area).min(f64::from(most)) * 100.0).floor() as i32;
    // `pixel_size` rounds up: step down the few hundredths that rounding may cost.
    while hundredths >= 100 {
        let scale = hundredths as f32 / 100.0;
        if fits(bounds, scale) {
            return Some(scale);
        }
        hundredths -= 1;
    }
    None
}

/// Refuses a picture too big for a PNG, advising a scale that fits or SVG.
fn check_size(bounds: &Rect, scale: f32) -> Result<(), ExportError> {
    if fits(bounds, scale) { Ok(()) } else { Err(too_big(bounds, scale, "")) }
}

/// Why a picture is too big for a PNG (`even` says what was tried), advising a scale that fits
/// or SVG.
fn too_big(bounds: &Rect, scale: f32, even: &str) -> ExportError {
    let (w, h) = pixel_size(bounds, scale);
    let smaller = (1..=4).rev().map(|s| s as f32).find(|s| fits(bounds, *s)).filter(|s| *s < scale);
    let advice = match smaller {
        Some(s) => format!("choose scale {s:.0}× or export SVG"),
        None => "export SVG instead, which has no size limit".to_owned(),
    };
    ExportError(format!(
        "the picture would be {w} × {h} pixels, more than a PNG can reasonably hold{even}; {advice}"
    ))
}

/// tiny-skia keeps colours premultiplied by alpha; pictures want them straight.
fn unpremultiply(rgba: &mut [u8]) {
    for px in rgba.chunks_exact_mut(4) {
        let a = u16::from(px[3]);
        if a != 0 && a != 255 {
            for c in &mut px[..3] {
                *c = ((u16::from(*c) * 255 + a / 2) / a).min(255) as u8;
            }
        }
    }
}

/// How many bands (threads) a big picture is drawn in.
const BANDS: usize = 4;
/// Pictures of this many pixels or more are drawn in bands on several threads.
const BANDED_FROM_PIXELS: u64 = 4_000_000;

/// Draws an SVG document of a page of `bounds` to pixels at a scale, with the bundled fonts.
fn render(svg: &str, bounds: &Rect, scale: f32) -> Result<Picture, ExportError> {
    let (w, h) = pixel_size(bounds, scale);
    let tree = usvg::Tree::from_str(svg, &USVG_OPTIONS)
        .map_err(|e| ExportError(format!("the diagram could not be drawn: {e}")))?;
    // A big picture is drawn in horizontal bands, one per core, straight into its part of the
    // one buffer: the bands share the tree, skip what lies outside them, and each turns its
    // own pixels from premultiplied to straight colour.
    // Always the same number of bands, whatever the machine: a band's edge can shift the
    // anti-aliasing of a pixel by a few levels, and the same project must give the same bytes
    // everywhere.
    let bands = if u64::from(w) * u64::from(h) >= BANDED_FROM_PIXELS { BANDS } else { 1 };
    draw_in_bands(&tree, w, h, scale, bands)
}

/// Threads a picture may be drawn on; 0 means one per core.
static PICTURE_THREADS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Limits the threads pictures are drawn on (the workbench keeps a core for its window, so a
/// long PNG never makes frames late); 0 means one per core. The pictures are the same bytes
/// whatever the number.
pub fn limit_picture_threads(threads: usize) {
    PICTURE_THREADS.store(threads, std::sync::atomic::Ordering::Relaxed);
}

fn picture_threads() -> usize {
    match PICTURE_THREADS.load(std::sync::atomic::Ordering::Relaxed) {
        0 => std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        n => n,
    }
}

/// Draws a parsed picture in `bands` horizontal bands, on up to one thread each.
fn draw_in_bands(
    tree: &usvg::Tree,
    w: u32,
    h: u32,
    scale: f32,
    bands: usize,
) -> Result<Picture, ExportError> {
    let bands = bands.clamp(1, h.max(1) as usize);
    let band_h = h.div_ceil(bands as u32) as usize;
    let row = w as usize * 4;
    let mut rgba = Vec::new();
    rgba.try_reserve_exact(row * h as usize)
        .map_err(|_| ExportError(format!("not enough memory for a {w} × {h} picture")))?;
    rgba.resize(row * h as usize, 0);
    let draw = |y0: usize, band: &mut [u8]| -> bool {
        let rows = (band.len() / row) as u32;
        let Some(mut pixmap) = tiny_skia::PixmapMut::from_bytes(band, w, rows) else { return false };
        let transform = tiny_skia::Transform::from_scale(scale, scale).post_translate(0.0, -(y0 as f32));
        resvg::render(tree, transform, &mut pixmap);
        unpremultiply(band);
        true
    };
    let threads = picture_threads().min(bands);
    let drawn = if threads <= 1 {
        rgba.chunks_mut(row * band_h).enumerate().all(|(k, band)| draw(k * band_h, band))
    } else {
        // The same bands (so the same bytes) whatever the number of threads: each thread draws
        // every `threads`-th band.
        let mut lots: Vec<Vec<(usize, &mut [u8])>> = (0..threads).map(|_| Vec::new()).collect();
        for (k, band) in rgba.chunks_mut(row * band_h).enumerate() {
            lots[k % threads].push((k, band));
        }
        std::thread::scope(|scope| {
            let handles: Vec<_> = lots
                .into_iter()
                .map(|lot| scope.spawn(move || lot.into_iter().all(|(k, band)| draw(k * band_h, band))))
                .collect();
            // Every band is joined before any is judged.
            let done: Vec<bool> = handles.into_iter().map(|h| h.join().unwrap_or(false)).collect();
            done.into_iter().all(|ok| ok)
        })
    };
    if !drawn {
        return Err(ExportError(format!("the {w} × {h} picture could not be drawn")));
    }
    Ok(Picture { width: w, height: h, rgba })
}

/// The journey's diagram as PNG bytes.
pub fn png(project: &str, journey: &Journey, options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    let (picture, plan) = picture_planned(project, journey, options)?;
    encode(&picture, plan.scale)
}

/// A picture as PNG bytes, its pixel density the scale times 96 dpi.
fn encode(p: &Picture, scale: f32) -> Result<Vec<u8>, ExportError> {
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
        let ppm = (scale * 96.0 / 0.0254).round() as u32;
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
    write_as(path, |format| match format {
        Format::Svg => Ok(svg(project, journey, options).into_bytes()),
        Format::Png => png(project, journey, options),
    })
}

/// Writes the bytes `make` gives for the format the path's extension asks for, atomically.
fn write_as(
    path: &Path,
    make: impl FnOnce(Format) -> Result<Vec<u8>, ExportError>,
) -> Result<(), ExportError> {
    let Some(format) = Format::of_path(path) else {
        return Err(ExportError(format!("{}: the file name must end in .svg or .png", path.display())));
    };
    let bytes = make(format)?;
    store::write_atomically(path, &bytes, false).map_err(|e| ExportError(e.to_string()))
}

/// The review picture of two journeys of a project (DESIGN.md §13), as an SVG document: both
/// diagrams one above the other with what changed marked on the cards, the score and sub-score
/// deltas, both classifications, the findings resolved, introduced and persisting, and a key.
/// `options.diagram.feeling` draws the feeling curves; the legend, finding markers and slide
/// options are the single-journey page's and do not apply.
pub fn review_svg(project: &str, from: &Journey, to: &Journey, options: &ExportOptions) -> String {
    let review = Review::new(project, from, to, options);
    review.svg(options.background)
}

/// The review picture's SVG and every mark its writer was handed, in order (for the test that
/// every painter draws what the display list says).
pub fn review_svg_handed(
    project: &str,
    from: &Journey,
    to: &Journey,
    options: &ExportOptions,
) -> (String, Vec<Mark>) {
    let review = Review::new(project, from, to, options);
    let mut svg = Svg::new(&Palette::LIGHT);
    svg.handed = Some(Vec::new());
    let text = svg.review_to(&review, options.background);
    (text, svg.handed.unwrap_or_default())
}

/// The pixel size of the review picture's PNG at a scale.
pub fn review_png_size(project: &str, from: &Journey, to: &Journey, options: &ExportOptions) -> (u32, u32) {
    pixel_size(&Review::new(project, from, to, options).page.bounds, options.scale)
}

/// The review picture rendered to pixels, within the same limits as [`picture`].
pub fn review_picture(
    project: &str,
    from: &Journey,
    to: &Journey,
    options: &ExportOptions,
) -> Result<Picture, ExportError> {
    check_scale(options.scale)?;
    let review = Review::new(project, from, to, options);
    check_size(&review.page.bounds, options.scale)?;
    render(&review.svg(options.background), &review.page.bounds, options.scale)
}

/// The review picture as PNG bytes.
pub fn review_png(
    project: &str,
    from: &Journey,
    to: &Journey,
    options: &ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    encode(&review_picture(project, from, to, options)?, options.scale)
}

/// Writes the review picture of two journeys to a file, SVG or PNG by its extension, atomically.
pub fn write_review(
    project: &str,
    from: &Journey,
    to: &Journey,
    path: &Path,
    options: &ExportOptions,
) -> Result<(), ExportError> {
    write_as(path, |format| match format {
        Format::Svg => Ok(review_svg(project, from, to, options).into_bytes()),
        Format::Png => review_png(project, from, to, options),
    })
}

/// Everything the review picture is drawn from: both analyses, their comparison, the page.
struct Review {
    from: Analysis,
    to: Analysis,
    comparison: compare::Comparison,
    page: ReviewPage,
}

impl Review {
    fn new(project: &str, from: &Journey, to: &Journey, options: &ExportOptions) -> Self {
        let grid =
            LayoutOptions { feeling: layout::diagram::feeling_mode(options.diagram), ..LayoutOptions::STRIP };
        Self::with_grid(project, from, to, &grid)
    }

    fn with_grid(project: &str, from: &Journey, to: &Journey, grid: &LayoutOptions) -> Self {
        let (fa, ta) = (score::analyse(from), score::analyse(to));
        let comparison = compare::compare_analysed(from, &fa, to, &ta);
        let page = review_page::review_page(project, (from, &fa), (to, &ta), &comparison, grid);
        Self { from: fa, to: ta, comparison, page }
    }

    fn svg(&self, background: Background) -> String {
        Svg::new(&Palette::LIGHT).review_to(self, background)
    }
}

/// The review picture of two journeys (DESIGN.md §13) as one display list, with its bounds: the
/// same marks the SVG writer puts in its groups, in the same order (the PDF pack draws it).
///
/// The journeys wrap to suit a page of `shape` (width, height): of the strip and the wrappings
/// that fit either journey to boxes from tall to wide, the one drawn largest on the page.
pub fn review_marks(project: &str, from: &Journey, to: &Journey, shape: (f32, f32)) -> (Rect, Vec<Mark>) {
    let base = LayoutOptions {
        feeling: layout::diagram::feeling_mode(ExportOptions::default().diagram),
        ..LayoutOptions::STRIP
    };
    let mut candidates = vec![base];
    for journey in [from, to] {
        for aspect in [0.5, 0.7, 1.0, 1.4, 2.0, 2.8, 4.0, 5.6] {
            let (options, _) = layout::fit(journey, 1000.0 * aspect, 1000.0, &base);
            if !candidates.contains(&options) {
                candidates.push(options);
            }
        }
    }
    // Analysed and compared once; only the page is laid out for each candidate.
    let (fa, ta) = (score::analyse(from), score::analyse(to));
    let comparison = compare::compare_analysed(from, &fa, to, &ta);
    let scale = |grid: &LayoutOptions| {
        let b = review_page::review_page(project, (from, &fa), (to, &ta), &comparison, grid).bounds;
        (shape.0 / b.width()).min(shape.1 / b.height())
    };
    let best = candidates
        .iter()
        .map(|grid| (scale(grid), grid))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or(base, |(_, grid)| *grid);
    let page = review_page::review_page(project, (from, &fa), (to, &ta), &comparison, &best);
    let marks = review_page::ReviewMarks::of(&page, &fa, &ta).all(&page);
    (page.bounds, marks)
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
    /// Put before the ids of a diagram's groups, so two diagrams on one page keep ids unique.
    prefix: &'static str,
    /// Every mark written, in order, when a test asks what the writer was handed.
    handed: Option<Vec<Mark>>,
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
        Self { out: String::with_capacity(64 * 1024), palette, prefix: "", handed: None }
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

    /// The `<svg>` element's opening, its title and description, and the background.
    fn open(&mut self, bounds: &Rect, title: &str, desc: &str, background: Background) {
        let (w, h) = (bounds.width(), bounds.height());
        let _ = writeln!(
            self.out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\" font-family=\"{}\" font-weight=\"{}\">",
            text::FONT_FAMILY.replace('\'', "&apos;"),
            text::FONT_WEIGHT
        );
        let _ = writeln!(self.out, "<title>{}</title>", escape(title));
        let _ = writeln!(self.out, "<desc>{}</desc>", escape(desc));
        if background == Background::White {
            self.rect(bounds, 0.0, Colour::rgb(255, 255, 255));
        }
    }

    fn document(
        &mut self,
        journey: &Journey,
        analysis: &Analysis,
        d: &Diagram,
        background: Background,
    ) -> String {
        let title = if journey.persona.trim().is_empty() {
            journey.name.clone()
        } else {
            format!("{} — {}", journey.name, journey.persona)
        };
        let desc = format!(
            "Journey diagram exported by Rapport: mutuality {:.0}, continuity {:.0}, {}.",
            analysis.mutuality.score,
            analysis.continuity.score,
            analysis.verdict.classification.label().to_lowercase()
        );
        self.open(&d.bounds, &title, &desc, background);
        let moved = d.offset.x != 0.0 || d.offset.y != 0.0;
        if moved {
            let _ = writeln!(self.out, "<g transform=\"translate({:.1} {:.1})\">", d.offset.x, d.offset.y);
        }
        let mut in_cards = false;
        for layer in sheet::diagram_layers(journey, analysis, d) {
            let is_card = matches!(layer.part, Part::Card { .. });
            if in_cards && !is_card {
                self.out.push_str("</g>\n");
            }
            if is_card && !in_cards {
                self.out.push_str("<g id=\"cards\">\n");
            }
            in_cards = is_card;
            self.layer(&layer, Some(analysis));
        }
        if in_cards {
            self.out.push_str("</g>\n");
        }
        if moved {
            self.out.push_str("</g>\n");
        }
        self.out.push_str("</svg>\n");
        std::mem::take(&mut self.out)
    }

    /// The review picture's document.
    fn review_to(&mut self, r: &Review, background: Background) -> String {
        let page = &r.page;
        let c = &r.comparison;
        let title = format!("{} → {}", c.from, c.to);
        let desc = format!(
            "Design review exported by Rapport: mutuality {} → {} ({}), continuity {} → {} ({}), {} → {}.",
            c.mutuality.score.shown(0)[0],
            c.mutuality.score.shown(0)[1],
            c.mutuality.score.shown(0)[2],
            c.continuity.score.shown(0)[0],
            c.continuity.score.shown(0)[1],
            c.continuity.score.shown(0)[2],
            c.classification.from.label().to_lowercase(),
            c.classification.to.label().to_lowercase()
        );
        self.open(&page.bounds, &title, &desc, background);
        let marks = review_page::ReviewMarks::of(page, &r.from, &r.to);
        self.out.push_str("<g id=\"title\">\n");
        self.marks(&marks.title);
        self.out.push_str("</g>\n");
        let d = &page.compared;
        for (j, journey) in marks.journeys.iter().zip([&d.from, &d.to]) {
            let side = j.side.as_str();
            self.prefix = if j.side == Side::From { "from-" } else { "to-" };
            let _ = writeln!(
                self.out,
                "<g id=\"{side}\" class=\"journey\" data-name=\"{}\">",
                escape(&journey.name)
            );
            let _ = writeln!(self.out, "<g class=\"band\">");
            self.marks(&j.band);
            self.out.push_str("</g>\n");
            let _ = writeln!(self.out, "<g id=\"{side}-grid\">");
            self.marks(&j.grid);
            self.marks(&j.headers);
            self.out.push_str("</g>\n");
            let _ = writeln!(self.out, "<g id=\"{side}-links\">");
            self.marks(&j.links);
            self.out.push_str("</g>\n");
            let _ = writeln!(self.out, "<g id=\"{side}-cards\">");
            for card in &j.cards {
                let _ = writeln!(
                    self.out,
                    "<g class=\"card{}\" data-id=\"{}\">",
                    if card.ghost { " ghost" } else { "" },
                    card.id.0
                );
                let _ = writeln!(self.out, "<title>{}</title>", escape(&card.title));
                self.marks(&card.marks);
                self.out.push_str("</g>\n");
            }
            self.out.push_str("</g>\n");
            if let Some(feeling) = &j.feeling {
                let _ = writeln!(self.out, "<g id=\"{side}-feeling\">");
                self.marks(feeling);
                self.out.push_str("</g>\n");
            }
            let _ = writeln!(self.out, "<g id=\"{side}-changes\">");
            for c in &j.changes {
                let (kind, fields) = match &c.change {
                    CardChange::Added => ("added", String::new()),
                    CardChange::Removed => ("removed", String::new()),
                    CardChange::Changed(fields) => {
                        let names: Vec<&str> = fields.iter().map(|f| f.as_str()).collect();
                        ("changed", format!(" data-fields=\"{}\"", names.join(" ")))
                    }
                };
                let _ = writeln!(
                    self.out,
                    "<g class=\"change\" data-id=\"{}\" data-change=\"{kind}\"{fields}>",
                    c.id.0
                );
                self.marks(&c.marks);
                self.out.push_str("</g>\n");
            }
            self.out.push_str("</g>\n</g>\n");
        }
        self.prefix = "";
        self.mark(&marks.rule);
        self.review_panel(page);
        self.out.push_str("</svg>\n");
        std::mem::take(&mut self.out)
    }

    fn review_panel(&mut self, page: &ReviewPage) {
        let _ = writeln!(
            self.out,
            "<g id=\"review-panel\" data-placement=\"{}\">",
            if page.panel_right { "right" } else { "under" }
        );
        for block in &page.blocks {
            match block.kind {
                BlockKind::Mutuality => self.out.push_str("<g id=\"mutuality\" class=\"scores\">\n"),
                BlockKind::Continuity => self.out.push_str("<g id=\"continuity\" class=\"scores\">\n"),
                BlockKind::Classification => self.out.push_str("<g id=\"classification\">\n"),
                BlockKind::Findings(group) => {
                    let _ = writeln!(
                        self.out,
                        "<g id=\"{}\" class=\"findings\" data-count=\"{}\">",
                        group.as_str(),
                        block.count
                    );
                }
                BlockKind::Key => self.out.push_str("<g id=\"change-key\">\n"),
            }
            self.marks(&block.marks);
            for row in &block.deltas {
                let [from, to, delta] = &row.shown;
                let _ = writeln!(
                    self.out,
                    "<g class=\"delta\" data-name=\"{}\" data-from=\"{from}\" data-to=\"{to}\" data-delta=\"{delta}\">",
                    row.name
                );
                self.marks(&row.marks);
                self.out.push_str("</g>\n");
            }
            for row in &block.findings {
                let _ = writeln!(self.out, "<g class=\"finding\" data-code=\"{}\">", row.code);
                self.marks(&row.marks);
                self.out.push_str("</g>\n");
            }
            self.out.push_str("</g>\n");
        }
        self.out.push_str("</g>\n");
    }

    /// Writes one layer of a page as a named group.
    fn layer(&mut self, layer: &Layer, analysis: Option<&Analysis>) {
        match &layer.part {
            Part::Title => self.out.push_str("<g id=\"title\">\n"),
            Part::Grid => self.out.push_str("<g id=\"grid\">\n"),
            Part::Headers => self.out.push_str("<g id=\"headers\">\n"),
            Part::Links => self.out.push_str("<g id=\"links\">\n"),
            Part::Card { id, title } => {
                let _ = writeln!(self.out, "<g id=\"touchpoint-{}\">", id.0);
                // The whole title, for search and screen readers, whatever the card has room for.
                let _ = writeln!(self.out, "<title>{}</title>", escape(title));
            }
            Part::Feeling => self.out.push_str("<g id=\"feeling\">\n"),
            Part::Markers => self.out.push_str("<g id=\"finding-markers\">\n"),
            Part::Legend => match analysis {
                Some(a) => {
                    let _ = writeln!(
                        self.out,
                        "<g id=\"legend\" data-mutuality=\"{}\" data-continuity=\"{}\" data-classification=\"{}\">",
                        a.mutuality.score,
                        a.continuity.score,
                        a.verdict.classification.as_str()
                    );
                }
                None => self.out.push_str("<g id=\"legend\">\n"),
            },
        }
        self.marks(&layer.marks);
        self.out.push_str("</g>\n");
    }

    /// Writes a display list.
    fn marks(&mut self, marks: &[Mark]) {
        for m in marks {
            self.mark(m);
        }
    }

    fn paint(&self, p: Paint) -> Colour {
        p.colour(self.palette)
    }

    fn stroke_attr(&self, s: Option<Stroke>) -> String {
        s.map(|s| {
            let c = self.paint(s.paint);
            let opacity =
                if c.0[3] == 255 { String::new() } else { format!(" stroke-opacity=\"{:.3}\"", c.opacity()) };
            format!(" stroke=\"{}\"{opacity} stroke-width=\"{}\"", c.hex(), s.width)
        })
        .unwrap_or_default()
    }

    fn fill_attr(&self, p: Option<Paint>) -> String {
        p.map_or_else(|| "fill=\"none\"".to_owned(), |p| fill(self.paint(p)))
    }

    fn polyline(&mut self, ps: &[Point], stroke: Stroke) {
        let attrs = self.stroke_attr(Some(stroke));
        let _ = writeln!(
            self.out,
            "<polyline points=\"{}\" fill=\"none\"{attrs} stroke-linejoin=\"round\"/>",
            points(ps)
        );
    }

    /// Writes one mark of a display list.
    fn mark(&mut self, mark: &Mark) {
        if let Some(handed) = &mut self.handed {
            handed.push(mark.clone());
        }
        match mark {
            Mark::Rect { rect, corners, fill, stroke } => {
                // SVG strokes straddle the edge; the display list's are inside it.
                let r = rect.shrink(stroke.map_or(0.0, |s| s.width / 2.0));
                let attrs = format!("{}{}", self.fill_attr(*fill), self.stroke_attr(*stroke));
                if corners.is_uniform() {
                    let radius =
                        if corners.nw > 0.0 { format!(" rx=\"{}\"", corners.nw) } else { String::new() };
                    let _ = writeln!(
                        self.out,
                        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"{radius} {attrs}/>",
                        r.min.x,
                        r.min.y,
                        r.width(),
                        r.height()
                    );
                } else {
                    let _ = writeln!(self.out, "<path d=\"{}\" {attrs}/>", rounded_rect_path(&r, corners));
                }
            }
            Mark::Circle { centre, radius, fill, stroke } => {
                let attrs = format!("{}{}", self.fill_attr(*fill), self.stroke_attr(*stroke));
                let _ = writeln!(
                    self.out,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{radius:.1}\" {attrs}/>",
                    centre.x, centre.y
                );
            }
            Mark::Polygon { points: ps, fill: f } => {
                let _ = writeln!(self.out, "<polygon points=\"{}\" {}/>", points(ps), fill(self.paint(*f)));
            }
            Mark::Line { points: ps, stroke } => self.polyline(ps, *stroke),
            Mark::Rule { from, to, stroke } => self.polyline(&[*from, *to], *stroke),
            Mark::Curve { start, segments, stroke } => {
                let mut d = format!("M{:.1},{:.1}", start.x, start.y);
                for [a, b, c] in segments {
                    let _ = write!(d, " C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}", a.x, a.y, b.x, b.y, c.x, c.y);
                }
                let attrs = self.stroke_attr(Some(*stroke));
                let _ = writeln!(
                    self.out,
                    "<path class=\"feeling-curve\" d=\"{d}\" fill=\"none\"{attrs} stroke-linecap=\"round\"/>"
                );
            }
            Mark::Text { text, at, size, paint, anchor } => {
                let colour = self.paint(*paint);
                let anchor = match anchor {
                    MarkAnchor::Start => Anchor::Start,
                    MarkAnchor::Middle => Anchor::Middle,
                    MarkAnchor::End => Anchor::End,
                };
                self.text(text, at.x, at.y, *size, colour, anchor);
            }
        }
    }
}

/// The marks of a card in an export: the canvas's own card at full detail.
pub fn card_marks(
    card: &layout::CardBox,
    tp: &Touchpoint,
    warned: &std::collections::BTreeSet<crate::model::TouchpointId>,
) -> Vec<Mark> {
    card::card_marks(&card.rect, tp, warned.contains(&tp.id), Detail::Full)
}

/// An SVG path for a rectangle with its own radius at each corner.
fn rounded_rect_path(r: &Rect, c: &crate::layout::marks::Corners) -> String {
    let (l, t, rt, b) = (r.min.x, r.min.y, r.max.x, r.max.y);
    format!(
        "M{:.1},{t:.1} H{:.1} A{ne},{ne} 0 0 1 {rt:.1},{:.1} V{:.1} A{se},{se} 0 0 1 {:.1},{b:.1} H{:.1} A{sw},{sw} 0 0 1 {l:.1},{:.1} V{:.1} A{nw},{nw} 0 0 1 {:.1},{t:.1} Z",
        l + c.nw,
        rt - c.ne,
        t + c.ne,
        b - c.se,
        rt - c.se,
        l + c.sw,
        b - c.sw,
        t + c.nw,
        l + c.nw,
        ne = c.ne,
        se = c.se,
        sw = c.sw,
        nw = c.nw,
    )
}

#[cfg(test)]
mod band_tests {
    use super::*;

    #[test]
    fn a_picture_drawn_in_bands_is_the_picture_drawn_whole() {
        let project = crate::store::read_project(crate::samples::BRIGHTWATT.text).expect("sample reads");
        let options = ExportOptions::default();
        let journey = &project.journeys[0];
        let analysis = score::analyse(journey);
        let diagram = layout::diagram(&project.name, journey, &analysis, options.diagram);
        let svg = Svg::new(&Palette::LIGHT).document(journey, &analysis, &diagram, options.background);
        let tree = usvg::Tree::from_str(&svg, &USVG_OPTIONS).expect("parses");
        let (w, h) = pixel_size(&diagram.bounds, options.scale);
        let whole = draw_in_bands(&tree, w, h, options.scale, 1).expect("drawn");
        for bands in [3, BANDS] {
            let banded = draw_in_bands(&tree, w, h, options.scale, bands).expect("drawn");
            assert_eq!((banded.width, banded.height), (w, h));
            // The same picture: a band's edge may move a pixel's anti-aliasing by a few levels
            // (tiny-skia rounds a translated path to its fixed-point grid a little differently).
            let differ: Vec<u8> = banded
                .rgba
                .iter()
                .zip(&whole.rgba)
                .filter(|(a, b)| a != b)
                .map(|(a, b)| a.abs_diff(*b))
                .collect();
            assert!(differ.len() * 10_000 < whole.rgba.len(), "{bands} bands: {} bytes differ", differ.len());
            assert!(
                differ.iter().all(|d| *d < 64),
                "{bands} bands: a difference of {:?}",
                differ.iter().max()
            );
            let again = draw_in_bands(&tree, w, h, options.scale, bands).expect("drawn");
            assert!(again.rgba == banded.rgba, "the same bands draw the same bytes");
        }
    }

    #[test]
    fn the_same_bands_give_the_same_bytes_on_one_thread_or_many() {
        let project = crate::store::read_project(crate::samples::BRIGHTWATT.text).expect("sample reads");
        let options = ExportOptions::default();
        let journey = &project.journeys[0];
        let analysis = score::analyse(journey);
        let diagram = layout::diagram(&project.name, journey, &analysis, options.diagram);
        let svg = Svg::new(&Palette::LIGHT).document(journey, &analysis, &diagram, options.background);
        let tree = usvg::Tree::from_str(&svg, &USVG_OPTIONS).expect("parses");
        let (w, h) = pixel_size(&diagram.bounds, options.scale);
        let many = draw_in_bands(&tree, w, h, options.scale, BANDS).expect("drawn");
        // The workbench leaves a core to its window; the picture must not change for it.
        limit_picture_threads(1);
        let one = draw_in_bands(&tree, w, h, options.scale, BANDS);
        limit_picture_threads(0);
        assert!(one.expect("drawn").rgba == many.rgba);
    }
}
