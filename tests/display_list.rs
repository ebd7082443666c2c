//! The display list (STYLE.md: everything is a shape): every painter — the canvas and the
//! compare view through egui's shapes, the SVG writer (and so the PNG, which is that SVG
//! rendered), the PDF writer — draws exactly the marks the layout says, headers, lane labels,
//! bands and the review page included. Each test records what a painter really produced (the
//! shapes egui was given on the canvas's layer, the elements of the SVG text, the marks the PDF
//! painter drew) and fails on anything drawn that no mark says, or a mark not drawn.
#![cfg(feature = "gui")]

use egui::epaint::Shape;
use egui::{Color32, Pos2, Rect, pos2, vec2};
use rapport::app::canvas::{self, CanvasView};
use rapport::app::compare_view::{self, CompareView};
use rapport::app::theme::{Palette, Theme};
use rapport::export::{self, ExportOptions};
use rapport::layout::card::{self, Detail};
use rapport::layout::feeling::FeelingCurve;
use rapport::layout::marks::{Anchor, Mark, Paint, Stroke as MarkStroke};
use rapport::layout::metrics::CARD_W;
use rapport::layout::review_page::{self, ReviewMarks};
use rapport::layout::sheet::{self, Part};
use rapport::layout::{self, LayoutOptions};
use rapport::model::{Comment, Journey, Project, Thread, ThreadOn, Timestamp};
use rapport::pdf::{self, Paper};
use rapport::{compare, samples, score, store, text};

/// The samples, the first journey with open review threads on two cards (so their pins are
/// drawn too).
fn projects() -> Vec<Project> {
    let mut projects: Vec<Project> =
        samples::ALL.iter().map(|s| store::read_project(s.text).expect("the sample reads")).collect();
    let journey = &mut projects[0].journeys[0];
    let comment = Comment { by: "Annika".into(), at: Timestamp(1_765_102_500), text: "Why?".into() };
    journey.threads = (0..2)
        .map(|i| {
            let card = &journey.touchpoints[i * 3];
            Thread {
                id: i as u32 + 1,
                on: ThreadOn::Touchpoint(card.id),
                about: card.title.clone(),
                resolved: false,
                comments: vec![comment.clone(); i + 1],
            }
        })
        .collect();
    projects
}

fn near(a: f32, b: f32, tolerance: f32) -> bool {
    (a - b).abs() <= tolerance
}

fn near_pos(a: Pos2, b: Pos2) -> bool {
    near(a.x, b.x, 0.05) && near(a.y, b.y, 0.05)
}

fn to_pos(p: layout::Point) -> Pos2 {
    pos2(p.x, p.y)
}

fn to_rect(r: &layout::Rect) -> Rect {
    Rect::from_min_max(to_pos(r.min), to_pos(r.max))
}

// ---------------------------------------------------------------------------------------------
// On screen: what egui was given on the painter's layer, against the marks.

/// The shapes painted last frame on a layer, in order, nested lists flattened.
fn shapes_on(ctx: &egui::Context, layer: egui::LayerId) -> (Vec<Shape>, Rect) {
    ctx.graphics(|g| {
        let list = g.get(layer).expect("the layer was painted");
        let mut shapes = Vec::new();
        let mut clip = Rect::NOTHING;
        for c in list.all_entries() {
            clip = clip.union(c.clip_rect);
            let mut stack = vec![c.shape.clone()];
            while let Some(s) = stack.pop() {
                match s {
                    Shape::Vec(v) => stack.extend(v.into_iter().rev()),
                    Shape::Noop => {}
                    s => shapes.push(s),
                }
            }
        }
        (shapes, clip)
    })
}

/// Text as the canvas paints it (the fallback font's hyphen for Ubuntu's hyphen and minus).
fn screen_text(s: &str) -> String {
    s.replace(['-', '\u{2212}'], "\u{2010}")
}

fn describe(shape: &Shape) -> String {
    match shape {
        Shape::Text(t) => format!(
            "text “{}” at ({:.1}, {:.1}) size {}",
            t.galley.job.text,
            t.pos.x,
            t.pos.y,
            t.galley.job.sections.first().map_or(0.0, |s| s.format.font_id.size)
        ),
        Shape::Rect(r) => format!("rectangle {:?} filled {:?}", r.rect, r.fill),
        Shape::Circle(c) => format!("circle at {:?} r {}", c.center, c.radius),
        Shape::Path(p) => format!("path {:?}", p.points),
        Shape::LineSegment { points, .. } => format!("line segment {points:?}"),
        other => format!("{other:?}").chars().take(160).collect(),
    }
}

/// Whether an egui shape is what the canvas's painter makes of a mark seen at `ppu` pixels per
/// unit; a curve is checked by [`curve_piece`].
fn drawn_as(mark: &Mark, shape: &Shape, palette: &Palette, ppu: f32) -> bool {
    let colour = |p: Paint| palette.ink(p.ink, Color32::WHITE).gamma_multiply(p.alpha);
    let outline = |s: Option<MarkStroke>| {
        s.map_or(egui::Stroke::NONE, |s| egui::Stroke::new(s.width * palette.weight, colour(s.paint)))
    };
    match (mark, shape) {
        (Mark::Rect { rect, fill, stroke, .. }, Shape::Rect(r)) => {
            // Far out (a few pixels) an outlined rectangle is its fill alone.
            let simple = rect.width().min(rect.height()) * ppu < canvas::SIMPLE_BELOW_PX;
            let fill_ok = match fill {
                Some(f) => r.fill == colour(*f),
                None => !simple && r.fill == Color32::TRANSPARENT,
            };
            let stroke_ok = if simple { r.stroke.is_empty() } else { r.stroke == outline(*stroke) };
            near_pos(r.rect.min, to_pos(rect.min))
                && near_pos(r.rect.max, to_pos(rect.max))
                && fill_ok
                && stroke_ok
        }
        (Mark::Circle { centre, radius, fill, .. }, Shape::Rect(r))
            if radius * ppu < canvas::DOT_BELOW_PX =>
        {
            near_pos(r.rect.center(), to_pos(*centre)) && fill.is_none_or(|f| r.fill == colour(f))
        }
        (Mark::Circle { centre, radius, fill, .. }, Shape::Circle(c)) => {
            near_pos(c.center, to_pos(*centre))
                && near(c.radius, *radius, 0.01)
                && c.fill == fill.map_or(Color32::TRANSPARENT, colour)
        }
        (Mark::Polygon { points, fill }, Shape::Path(p)) => {
            p.closed
                && p.fill == colour(*fill)
                && p.points.len() == points.len()
                && p.points.iter().zip(points).all(|(a, b)| near_pos(*a, to_pos(*b)))
        }
        (Mark::Line { points, stroke }, Shape::Path(p)) => {
            !p.closed
                && near(p.stroke.width, stroke.width * palette.weight, 0.01)
                && p.stroke.color == egui::epaint::ColorMode::Solid(colour(stroke.paint))
                && p.points.len() == points.len()
                && p.points.iter().zip(points).all(|(a, b)| near_pos(*a, to_pos(*b)))
        }
        // A rule is a segment, which egui puts on the pixel grid.
        (Mark::Rule { from, to, stroke }, Shape::LineSegment { points, stroke: s }) => {
            near_pos(points[0], to_pos(*from))
                && near_pos(points[1], to_pos(*to))
                && near(s.width, stroke.width * palette.weight, 0.01)
                && s.color == colour(stroke.paint)
        }
        (Mark::Text { text, at, size, paint, anchor }, Shape::Text(t)) => {
            let Some(section) = t.galley.job.sections.first() else { return false };
            let w = t.galley.size().x;
            let x = match anchor {
                Anchor::Start => t.pos.x,
                Anchor::Middle => t.pos.x + w / 2.0,
                Anchor::End => t.pos.x + w,
            };
            t.galley.job.text == screen_text(text)
                && near(section.format.font_id.size, *size, 0.001)
                && section.format.color == colour(*paint)
                && near(x, at.x, 0.05)
                && near(t.pos.y, at.y, 0.05)
        }
        // Text too small to read is a grey line of its length, on its line.
        (Mark::Text { at, size, .. }, Shape::LineSegment { points, .. }) => {
            size * ppu < canvas::GREEK_BELOW_PX && near(points[0].y, at.y + size * 0.6, 0.05)
        }
        _ => false,
    }
}

/// Whether a shape is a piece of a curve mark (the canvas flattens it into polylines, or
/// Bézier segments): in its colour, within its control points' hull.
fn curve_piece(mark: &Mark, shape: &Shape, palette: &Palette) -> bool {
    let Mark::Curve { start, segments, stroke } = mark else { return false };
    let hull = segments
        .iter()
        .flatten()
        .fold(Rect::from_pos(to_pos(*start)), |r, p| r.union(Rect::from_pos(to_pos(*p))));
    let colour = palette.ink(stroke.paint.ink, Color32::WHITE).gamma_multiply(stroke.paint.alpha);
    let points: Vec<Pos2> = match shape {
        Shape::Path(p) if !p.closed && p.stroke.color == egui::epaint::ColorMode::Solid(colour) => {
            p.points.clone()
        }
        Shape::CubicBezier(b) => b.points.to_vec(),
        _ => return false,
    };
    points.iter().all(|p| hull.expand(0.1).contains(*p))
}

/// Whether the screen's painter draws anything for a mark seen at `ppu` pixels per unit: empty
/// text is nothing, and so is an outline too small to tell from a plain fill (a few pixels, drawn
/// as its fill alone), a dot with neither fill nor outline, or a polygon (an arrowhead) under
/// two pixels across.
fn shows(mark: &Mark, ppu: f32) -> bool {
    match mark {
        Mark::Text { text, .. } => !text.is_empty(),
        Mark::Rect { rect, fill, .. } => {
            fill.is_some() || rect.width().min(rect.height()) * ppu >= canvas::SIMPLE_BELOW_PX
        }
        Mark::Circle { radius, fill, stroke, .. } => {
            fill.is_some() || stroke.is_some() || radius * ppu >= canvas::DOT_BELOW_PX
        }
        Mark::Polygon { .. } => {
            let b = mark.bounds();
            b.width().max(b.height()) * ppu >= canvas::DOT_BELOW_PX
        }
        _ => true,
    }
}

/// A line thinner than a pixel at `ppu`: the painter gathers a run of them into one mesh.
fn hairline(mark: &Mark, ppu: f32, palette: &Palette) -> bool {
    matches!(mark, Mark::Line { stroke, .. } if stroke.width * palette.weight * ppu < 1.0)
}

/// Whether a mesh is what the painter makes of a run of hairlines: every vertex on one of them
/// (within a pixel) and in its colour, thinned by its width in pixels.
fn hairlines_as(run: &[&Mark], mesh: &egui::epaint::Mesh, palette: &Palette, ppu: f32) -> bool {
    let drawn: Vec<(Rect, Color32)> = run
        .iter()
        .filter_map(|m| match m {
            Mark::Line { stroke, .. } => {
                let px = stroke.width * palette.weight * ppu;
                let colour = palette.ink(stroke.paint.ink, Color32::WHITE).gamma_multiply(stroke.paint.alpha);
                Some((to_rect(&m.bounds()).expand(1.0 / ppu), colour.gamma_multiply(px)))
            }
            _ => None,
        })
        .collect();
    !mesh.vertices.is_empty()
        && mesh.vertices.iter().all(|v| drawn.iter().any(|(r, c)| r.contains(v.pos) && v.color == *c))
}

/// One call of the screen's painter: the marks it was handed and the pixels per unit it painted
/// them at (the grid and headers as if close up, the links, cards and feeling strip at the
/// view's zoom).
struct Call {
    marks: Vec<Mark>,
    ppu: f32,
}

fn call(marks: impl IntoIterator<Item = Mark>, ppu: f32) -> Call {
    Call { marks: marks.into_iter().collect(), ppu }
}

/// Checks that `shapes` are exactly what the painter makes of `calls`, in order (marks out of
/// `clip` are not painted): nothing missing, nothing more. `who` names the painter in the message.
fn assert_painted(who: &str, calls: &[Call], shapes: &[Shape], clip: Rect, palette: &Palette) {
    let mut painted = shapes.iter().peekable();
    for (c, Call { marks, ppu }) in calls.iter().enumerate() {
        let marks: Vec<&Mark> = marks.iter().filter(|m| to_rect(&m.bounds()).intersects(clip)).collect();
        let mut i = 0;
        while i < marks.len() {
            let mark = marks[i];
            if hairline(mark, *ppu, palette) {
                let run: Vec<&Mark> =
                    marks[i..].iter().copied().take_while(|m| hairline(m, *ppu, palette)).collect();
                i += run.len();
                let Some(shape) = painted.next() else { panic!("{who}: hairlines not painted: {run:?}") };
                let ok = matches!(shape, Shape::Mesh(mesh) if hairlines_as(&run, mesh, palette, *ppu));
                assert!(ok, "{who}: painted {} where call {c} has hairlines {run:?}", describe(shape));
                continue;
            }
            i += 1;
            if !shows(mark, *ppu) {
                continue;
            }
            if matches!(mark, Mark::Curve { .. }) {
                while painted.next_if(|s| curve_piece(mark, s, palette)).is_some() {}
                continue;
            }
            let Some(shape) = painted.next() else { panic!("{who}: not painted: {mark:?}") };
            assert!(
                drawn_as(mark, shape, palette, *ppu),
                "{who}: painted {} where call {c} says {mark:?}",
                describe(shape)
            );
        }
    }
    if let Some(shape) = painted.next() {
        panic!("{who}: painted {} that no mark says", describe(shape));
    }
}

fn frame(ctx: &egui::Context, size: egui::Vec2, mut ui: impl FnMut(&mut egui::Ui)) {
    let input =
        egui::RawInput { screen_rect: Some(Rect::from_min_size(Pos2::ZERO, size)), ..Default::default() };
    let mut out = ctx.run_ui(input, |root| ui(root));
    // No renderer here: the font atlas's uploads are dropped on purpose.
    out.textures_delta.clear();
}

/// The canvas, in a window of `size`, fitted and then zoomed in and panned into the grid (the
/// headers and labels then float at the view's top and left): what egui was given on its layer
/// is exactly the marks of the grid, the links in view, the cards in view at the canvas's level
/// of detail, the feeling strip and the headers at the zoom's sizes where the view keeps them.
fn check_canvas(journey: &Journey, size: egui::Vec2, zoom_in: bool) {
    let ctx = egui::Context::default();
    let palette = Palette::of(Theme::Light);
    let analysis = score::analyse(journey);
    let mut view = CanvasView::default();
    let mut layout = layout::layout(journey);
    let mut shapes = (Vec::new(), Rect::NOTHING);
    for step in 0..6 {
        if zoom_in && step == 3 {
            // Zoomed in on the middle of the grid: headers and labels stick to the view's edges.
            view.zoom_by(3.0);
            view.scene_rect = view.scene_rect.translate(vec2(300.0, 200.0));
        }
        frame(&ctx, size, |ui| {
            let options = view.arrange(ui.available_rect_before_wrap(), journey);
            layout = layout::layout_with(journey, &options);
            let _ = view.ui(ui, 0, journey, &layout, &analysis, palette);
            shapes = shapes_on(ui.ctx(), view.layer().expect("the canvas has a layer"));
        });
    }
    let (shapes, clip) = shapes;
    let detail = view.detail();
    let ppu = view.zoom();
    let warned = analysis.warned_touchpoints();
    let visible = view.scene_rect.expand(CARD_W);
    let close = f32::INFINITY;
    let mut calls =
        vec![call(canvas::grid_marks(&layout, palette), close), call(canvas::link_marks(&layout, clip), ppu)];
    let pins = journey.open_threads_by_card();
    for card in layout.cards.iter().filter(|c| visible.intersects(to_rect(&c.rect))) {
        let tp = &journey.touchpoints[card.index];
        calls.push(call(canvas::card_marks(card, tp, &warned, detail), ppu));
        if let Some(open) = pins.get(&tp.id) {
            calls.push(call(card::pin_marks(&card.rect, *open), ppu));
        }
    }
    if let Some(strip) = &layout.feeling {
        calls.push(call(layout::feeling::marks(strip, canvas::feeling_text_size(detail)), ppu));
    }
    let style = canvas::header_style(&layout, detail, view.scene_rect);
    if zoom_in {
        assert!(style.top > layout.bounds.min.y && style.left > layout.bounds.min.x, "{style:?}");
    }
    calls.push(call(sheet::header_marks(&layout, &analysis, &style), close));
    let who = format!("the canvas ({}, zoom {ppu:.2})", journey.name);
    assert_painted(&who, &calls, &shapes, clip, palette);
}

#[test]
fn the_canvas_paints_exactly_the_marks_of_its_grid_cards_feeling_headers_and_lane_labels() {
    for project in projects() {
        for journey in &project.journeys {
            check_canvas(journey, vec2(1366.0, 768.0), false);
        }
    }
    check_canvas(&projects()[0].journeys[0], vec2(1440.0, 900.0), true);
}

#[test]
fn the_compare_view_paints_exactly_the_review_s_bands_grids_headers_cards_and_pills() {
    let ctx = egui::Context::default();
    let palette = Palette::of(Theme::Light);
    for project in projects() {
        let mut view = CompareView::new(&project, 0, 1);
        let mut shapes = (Vec::new(), Rect::NOTHING);
        for _ in 0..4 {
            frame(&ctx, vec2(1366.0, 768.0), |ui| {
                let _ = view.canvas_ui(ui, &project, 1, palette);
                let (layer, _) = view.layer().expect("the view has a layer");
                shapes = shapes_on(ui.ctx(), layer);
            });
        }
        let (shapes, clip) = shapes;
        let (_, zoom) = view.layer().expect("the view has a layer");
        let (compared, [from, to]) = view.compared().expect("two journeys compared");
        let detail = Detail::for_scale_reading(zoom, compare_view::COMPARE_TITLE_PX);
        let look = compare_view::look(detail, zoom, palette);
        let visible = clip.expand(CARD_W);
        let journeys =
            review_page::journeys_marks(compared, (from, to), look, |r| visible.intersects(to_rect(r)));
        assert!(journeys.iter().all(|j| !j.band.is_empty() && !j.headers.is_empty()));
        // The band, grid, headers and links as if close up; the cards and pills at the zoom.
        let close = f32::INFINITY;
        let mut calls = Vec::new();
        for j in &journeys {
            for part in [&j.band, &j.grid, &j.headers, &j.links] {
                calls.push(call(part.iter().cloned(), close));
            }
            calls.extend(j.cards.iter().map(|c| call(c.marks.iter().cloned(), zoom)));
            calls.extend(j.changes.iter().map(|c| call(c.marks.iter().cloned(), zoom)));
        }
        assert_painted(&format!("the compare view ({})", project.name), &calls, &shapes, clip, palette);
    }
}

// ---------------------------------------------------------------------------------------------
// In files: the SVG's elements and the PDF's painter, against the marks.

/// One element of an SVG as written: its name and attributes, and its text.
#[derive(Debug)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
}

impl Element {
    fn num(&self, name: &str) -> f32 {
        self.attr(name).and_then(|v| v.parse().ok()).unwrap_or(f32::NAN)
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn first_point(&self, attr: &str) -> (f32, f32) {
        let v = self.attr(attr).unwrap_or_default().trim_start_matches('M');
        let mut it = v.split([',', ' ']).filter_map(|n| n.parse::<f32>().ok());
        (it.next().unwrap_or(f32::NAN), it.next().unwrap_or(f32::NAN))
    }
}

/// The drawing elements of an SVG, in order (groups, titles and descriptions are not drawings).
fn drawn_in_svg(svg: &str) -> Vec<Element> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG parses");
    doc.descendants()
        .filter(|n| {
            n.is_element()
                && ["rect", "path", "circle", "polygon", "polyline", "line", "text"]
                    .contains(&n.tag_name().name())
        })
        .map(|n| Element {
            name: n.tag_name().name().to_owned(),
            attrs: n.attributes().map(|a| (a.name().to_owned(), a.value().to_owned())).collect(),
            text: n.text().unwrap_or_default().to_owned(),
        })
        .collect()
}

/// Whether an SVG element is what the writer makes of a mark (one decimal, as written).
fn written_as(mark: &Mark, e: &Element) -> bool {
    let close = |a: f32, b: f32| near(a, b, 0.051);
    match mark {
        Mark::Rect { rect, corners, stroke, .. } => {
            let r = rect.shrink(stroke.map_or(0.0, |s| s.width / 2.0));
            if corners.is_uniform() {
                e.name == "rect"
                    && close(e.num("x"), r.min.x)
                    && close(e.num("y"), r.min.y)
                    && close(e.num("width"), r.width())
                    && close(e.num("height"), r.height())
            } else {
                let (x, y) = e.first_point("d");
                e.name == "path" && close(x, r.min.x + corners.nw) && close(y, r.min.y)
            }
        }
        Mark::Circle { centre, radius, .. } => {
            e.name == "circle"
                && close(e.num("cx"), centre.x)
                && close(e.num("cy"), centre.y)
                && close(e.num("r"), *radius)
        }
        Mark::Polygon { points, .. } | Mark::Line { points, .. } => {
            let (x, y) = e.first_point("points");
            let name = if matches!(mark, Mark::Polygon { .. }) { "polygon" } else { "polyline" };
            let n = e.attr("points").map_or(0, |p| p.split(' ').count());
            e.name == name && n == points.len() && close(x, points[0].x) && close(y, points[0].y)
        }
        Mark::Rule { from, .. } => {
            let (x, y) = e.first_point("points");
            let n = e.attr("points").map_or(0, |p| p.split(' ').count());
            e.name == "polyline" && n == 2 && close(x, from.x) && close(y, from.y)
        }
        Mark::Curve { start, .. } => {
            let (x, y) = e.first_point("d");
            e.name == "path" && close(x, start.x) && close(y, start.y)
        }
        Mark::Text { text, at, size, anchor, .. } => {
            let anchored = match anchor {
                Anchor::Start => e.attr("text-anchor").is_none(),
                Anchor::Middle => e.attr("text-anchor") == Some("middle"),
                Anchor::End => e.attr("text-anchor") == Some("end"),
            };
            e.name == "text"
                && e.text == text.replace(['\t', '\n', '\r'], " ")
                && anchored
                && close(e.num("font-size"), *size)
                && close(e.num("x"), at.x)
                && close(e.num("y"), at.y + text::ascent(*size))
        }
    }
}

/// Checks that an SVG draws exactly `marks`, after its white background (a page's offset is a
/// group's transform, so the elements are in the marks' own units).
fn assert_written(who: &str, svg: &str, marks: &[Mark]) {
    let drawn = drawn_in_svg(svg);
    let background = drawn.first().expect("a background");
    assert!(background.name == "rect" && background.attr("fill") == Some("#ffffff"), "{who}: {background:?}");
    let marks: Vec<&Mark> =
        marks.iter().filter(|m| !matches!(m, Mark::Text { text, .. } if text.is_empty())).collect();
    for (i, mark) in marks.iter().enumerate() {
        let Some(e) = drawn.get(i + 1) else { panic!("{who}: mark {i} was not written: {mark:?}") };
        assert!(written_as(mark, e), "{who}: wrote {e:?} where mark {i} says {mark:?}");
    }
    if let Some(e) = drawn.get(marks.len() + 1) {
        panic!("{who}: wrote {e:?} that no mark says");
    }
}

/// Checks that a writer was handed exactly `marks`, in order, then at most `footer` more (a
/// page's footer); the message names the first mark that differs.
fn assert_handed(who: &str, handed: &[Mark], marks: &[Mark], footer: usize) {
    for (i, mark) in marks.iter().enumerate() {
        let Some(got) = handed.get(i) else { panic!("{who}: mark {i} was not drawn: {mark:?}") };
        assert!(got == mark, "{who}: drew {got:?} where mark {i} says {mark:?}");
    }
    let more = &handed[marks.len()..];
    assert!(more.len() <= footer, "{who}: drew {:?} that no mark says", more.first());
}

/// Each journey's page: the SVG writer is handed every layer's marks (headers and lane labels
/// included) and writes exactly those; the PDF painter draws the same marks on the journey's
/// page in the pack, then only its footer.
#[test]
fn the_svg_and_the_pdf_draw_exactly_the_marks_of_every_journey_page() {
    let mut pages = 0;
    for project in projects() {
        let handed_to_pdf = pdf::handed(&project, Paper::A4);
        let labels = pdf::page_labels(&project, Paper::A4);
        for journey in &project.journeys {
            let analysis = score::analyse(journey);
            let d = pdf::diagram_of(&project, journey, &analysis, Paper::A4);
            let layers = sheet::diagram_layers(journey, &analysis, &d);
            assert!(
                layers.iter().any(|l| l.part == Part::Headers)
                    && layers.iter().any(|l| l.part == Part::Legend)
            );
            let all: Vec<Mark> = layers.iter().flat_map(|l| l.marks.iter().cloned()).collect();

            let (svg, handed_to_svg) = export::svg_handed(journey, &analysis, &d);
            assert_handed(&format!("the SVG writer ({})", journey.name), &handed_to_svg, &all, 0);
            assert_written(&format!("the SVG of {}", journey.name), &svg, &all);

            let page =
                labels.iter().position(|l| *l == format!("diagram: {}", journey.name)).expect("a page");
            let on_page = &handed_to_pdf[page];
            // After the diagram only the page's footer.
            assert_handed(&format!("the PDF's page of {}", journey.name), on_page, &all, 3);
            pages += 1;
        }
    }
    assert_eq!(pages, 6);
}

/// The review picture: the SVG writer is handed the review page's marks as the layout
/// assembles them once (title, bands, grids, headers and lane labels, links, cards, ghosts,
/// feeling strips, change pills, the rule and the panel) and writes exactly those; the PNG is
/// that SVG rendered; the PDF's review page draws the same assembly for its page's shape.
#[test]
fn the_review_picture_and_the_pdf_draw_exactly_the_review_page_s_marks() {
    for project in projects() {
        let (from, to) = (&project.journeys[0], &project.journeys[1]);
        let (fa, ta) = (score::analyse(from), score::analyse(to));
        let comparison = compare::compare_analysed(from, &fa, to, &ta);
        let grid = LayoutOptions { feeling: FeelingCurve::Even, ..LayoutOptions::STRIP };
        let page = review_page::review_page(&project.name, (from, &fa), (to, &ta), &comparison, &grid);
        let marks = ReviewMarks::of(&page, &fa, &ta);
        assert!(marks.journeys.iter().all(|j| !j.band.is_empty() && !j.headers.is_empty()));
        let all = marks.all(&page);

        let options = ExportOptions::default();
        let (svg, handed) = export::review_svg_handed(&project.name, from, to, &options);
        assert_handed(&format!("the review's SVG writer ({})", project.name), &handed, &all, 0);
        assert_eq!(
            svg,
            export::review_svg(&project.name, from, to, &options),
            "the SVG written is the SVG handed"
        );
        assert_written(&format!("the review SVG of {}", project.name), &svg, &all);

        let shape = pdf::content_size(Paper::A4);
        let (_, review) = export::review_marks(&project.name, from, to, shape);
        let labels = pdf::page_labels(&project, Paper::A4);
        let at = labels.iter().position(|l| l.starts_with("review: ")).expect("a review page");
        let on_page = &pdf::handed(&project, Paper::A4)[at];
        // After the review only the page's footer.
        assert_handed(&format!("the PDF's review page ({})", project.name), on_page, &review, 3);
    }
}
