//! The canvas: phase columns, lane rows, touchpoint cards and routed links, painted from the
//! pure [`Layout`] and its display lists, inside an [`egui::Scene`] for pan and zoom.
//!
//! The layout takes the shape of the canvas: "fit" (on open, Shift+1, and whenever the canvas
//! changes size until the user zooms or pans by hand) picks the wrapping that gives the largest
//! cards. Cards show less detail when they are small on screen, so their titles stay readable.
//! Phase headers and lane labels stay in view when zoomed in. Gestures become [`Edit`]s only
//! when they end, so a drag is one undo step.

use std::collections::BTreeSet;

use egui::emath::TSTransform;
use egui::{
    Align2, Color32, CornerRadius, FontId, Pos2, Rect, Response, Sense, Shape, Stroke, StrokeKind, Vec2,
    pos2, vec2,
};

use super::theme::Palette;
use crate::edit::Edit;
use crate::edit::build::{self, Placement};
use crate::layout::card::{self, Detail};
use crate::layout::marks::{Anchor, Mark, Paint};
use crate::layout::metrics::{CARD_H, CARD_W, FIT_MARGIN, GAP};
use crate::layout::sheet::{HeaderLook, HeaderStyle, header_marks, phase_warnings};
use crate::layout::{self, CardBox, Layout, LayoutOptions};
use crate::model::{Journey, Phase, Touchpoint, TouchpointId};
use crate::score::Analysis;
use crate::text;

/// The most a phase shown alone to the room is enlarged (past 1:1) to fill the screen: its text
/// softens a little there, which the back of a room prefers to small and crisp.
pub const MAX_ROOM_FILL: f32 = 2.0;

/// Smallest and largest canvas zoom. Text blurs above 1:1, so the UI scale serves projectors.
pub const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.08..=1.0;

/// What the title editor edits.
#[derive(Clone, Debug, PartialEq)]
pub enum EditTarget {
    /// The title of an existing touchpoint.
    Existing(TouchpointId),
    /// A new touchpoint, created when the title is confirmed.
    New {
        /// Lane index.
        lane: usize,
        /// Phase.
        phase: Phase,
        /// Where it goes in time (which decides its day).
        placement: Placement,
        /// Where the editor sits, in canvas units.
        at: Option<layout::Rect>,
    },
}

/// The inline title editor.
#[derive(Clone, Debug, PartialEq)]
pub struct TitleEditor {
    /// What it edits.
    pub target: EditTarget,
    /// The text typed so far.
    pub text: String,
    focused_once: bool,
}

impl TitleEditor {
    fn new(target: EditTarget, text: String) -> Self {
        Self { target, text, focused_once: false }
    }
}

/// Cards being dragged: which, the one under the pointer, where it was grabbed, where the
/// pointer is now.
#[derive(Clone, Debug, PartialEq)]
pub struct CardDrag {
    ids: Vec<TouchpointId>,
    primary: TouchpointId,
    grab: Vec2,
    pointer: Pos2,
}

/// What the primary button is doing on the canvas: at most one gesture at a time (DESIGN.md
/// §11). It follows the pointer wherever it goes, ends when the button is released — wherever
/// that is, whatever scrolled or zoomed meanwhile, whether or not its card is still drawn — and
/// is cancelled when its cards are gone (undone, deleted) or Escape is pressed. Positions are in
/// canvas units.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Gesture {
    /// Nothing is being dragged.
    #[default]
    Idle,
    /// Cards being moved to another cell.
    Cards(CardDrag),
    /// An arrow being drawn from a card's link handle.
    Link {
        /// The card it starts at.
        from: TouchpointId,
        /// Where the pointer is.
        pointer: Pos2,
    },
    /// A feeling point being dragged up or down.
    Feeling {
        /// Its touchpoint.
        id: TouchpointId,
        /// The pointer's height.
        y: f32,
    },
    /// A box being drawn to select the cards it touches.
    Box {
        /// Where it started.
        from: Pos2,
        /// Where the pointer is.
        to: Pos2,
    },
}

impl Gesture {
    /// The touchpoints the gesture needs: when one is gone, the gesture is cancelled.
    fn needs(&self) -> Vec<TouchpointId> {
        match self {
            Gesture::Idle | Gesture::Box { .. } => Vec::new(),
            Gesture::Cards(d) => d.ids.clone(),
            Gesture::Link { from, .. } => vec![*from],
            Gesture::Feeling { id, .. } => vec![*id],
        }
    }

    /// Follows the pointer.
    fn follow(&mut self, p: Pos2) {
        match self {
            Gesture::Idle => {}
            Gesture::Cards(d) => d.pointer = p,
            Gesture::Link { pointer, .. } => *pointer = p,
            Gesture::Feeling { y, .. } => *y = p.y,
            Gesture::Box { to, .. } => *to = p,
        }
    }

    /// A card of this drag, drawn faded where it was.
    fn moves(&self, id: TouchpointId) -> bool {
        matches!(self, Gesture::Cards(d) if d.ids.contains(&id))
    }
}

/// View state of the canvas. Never part of the project, so undo never touches it.
pub struct CanvasView {
    /// The visible region, in canvas units.
    pub scene_rect: Rect,
    journey_index: usize,
    /// Fit the whole journey (choosing its wrapping) on the next frame.
    pub fit_pending: bool,
    /// Frame these touchpoints on the next frame.
    pub frame: Option<Vec<TouchpointId>>,
    /// Pan to show this touchpoint on the next frame, if hidden.
    pub reveal: Option<TouchpointId>,
    /// Selected touchpoints.
    pub selection: BTreeSet<TouchpointId>,
    /// The inline title editor, when open.
    pub editing: Option<TitleEditor>,
    /// The phase shown alone (presentation, phase by phase), or `None` for the whole journey.
    pub focus: Option<Phase>,
    /// Presenting to a room: cards switch to larger titles sooner.
    pub for_room: bool,
    /// How far past 1:1 the view may zoom: further than 1:1 only for a phase shown alone to a
    /// room, as far as lets it fill the canvas (as of the last fit).
    room_fill: f32,
    /// How much the cards show, as drawn last frame.
    detail: Detail,
    /// The card to give the keyboard to on the next frame (the selection moved by keyboard).
    pub focus_follow: Option<TouchpointId>,
    /// The card that had the keyboard last frame, if any, and its widget.
    card_focused: Option<(TouchpointId, egui::Id)>,
    /// The cell (lane, phase) under the pointer last frame.
    hover_cell: Option<(usize, Phase)>,
    /// How the feeling curve is drawn under the grid.
    pub feeling: crate::layout::feeling::FeelingCurve,
    /// How the layout wraps, as the last fit chose it.
    pub options: LayoutOptions,
    /// Fit the view to the layout once it is laid out with the options just chosen.
    fit_view: bool,
    /// The user zoomed or panned since the last fit: keep their view when the canvas resizes.
    manual: bool,
    last_size: Vec2,
    /// The drag under way, if any.
    gesture: Gesture,
    /// The journey the gesture started in: another tab cancels it.
    gesture_journey: usize,
    /// The card or feeling point under the pointer last frame, to highlight its partner.
    hovered: Option<TouchpointId>,
    /// Where the view was before the title editor zoomed in, to go back there afterwards.
    before_editing: Option<Rect>,
    /// The card a suggestion under the pointer would change: ringed on the canvas.
    pub preview: Option<TouchpointId>,
    /// The room's revealed dots per touchpoint, drawn on the cards (DESIGN.md §15).
    pub room_dots: Vec<(TouchpointId, usize)>,
    /// The room's feelings per touchpoint, drawn on the feeling strip as a range and median.
    pub room_feelings: Vec<(TouchpointId, crate::room::decide::RoomFeeling)>,
    /// Canvas units to screen points, as of the last frame.
    pub to_screen: TSTransform,
    /// The canvas area on screen, as of the last frame.
    pub screen_rect: Rect,
    /// The layer the canvas painted on last frame.
    layer: Option<egui::LayerId>,
}

impl Default for CanvasView {
    fn default() -> Self {
        Self {
            scene_rect: Rect::ZERO,
            journey_index: 0,
            fit_pending: true,
            frame: None,
            reveal: None,
            selection: BTreeSet::new(),
            editing: None,
            focus: None,
            for_room: false,
            room_fill: 1.0,
            detail: Detail::Full,
            focus_follow: None,
            card_focused: None,
            hover_cell: None,
            feeling: crate::layout::feeling::FeelingCurve::Even,
            options: LayoutOptions::STRIP,
            fit_view: false,
            manual: false,
            last_size: Vec2::ZERO,
            gesture: Gesture::Idle,
            gesture_journey: 0,
            hovered: None,
            preview: None,
            room_dots: Vec::new(),
            room_feelings: Vec::new(),
            before_editing: None,
            to_screen: TSTransform::IDENTITY,
            screen_rect: Rect::ZERO,
            layer: None,
        }
    }
}

/// What the canvas asks of the shell after a frame.
#[derive(Default)]
pub struct CanvasOutput {
    /// Edits to apply, each one undo step.
    pub edits: Vec<Edit>,
    /// A title editor whose text was confirmed: keep the title, or add the new touchpoint.
    pub commit: Option<TitleEditor>,
    /// A card's comment pin was clicked: show the Review list (the card is selected).
    pub review: bool,
}

pub(super) fn to_egui(r: &layout::Rect) -> Rect {
    Rect::from_min_max(pos2(r.min.x, r.min.y), pos2(r.max.x, r.max.y))
}

fn to_layout(p: Pos2) -> layout::Point {
    layout::Point::new(p.x, p.y)
}

fn to_pos(p: layout::Point) -> Pos2 {
    pos2(p.x, p.y)
}

/// A card's comment pin as something to point at: its hover lists the first line of each open
/// thread on the card (as a reviewer knows from a document's comments), a click asks for the
/// Review list. Registered after its card, so it is on top. Returns whether it was clicked.
fn pin_ui(
    ui: &egui::Ui,
    journey: &Journey,
    tp: &Touchpoint,
    card: &layout::Rect,
    open: usize,
    card_id: egui::Id,
) -> bool {
    let centre = pos2(card.max.x - 4.0, card.min.y + 2.0);
    let rect = Rect::from_center_size(centre, Vec2::splat(2.0 * (card::PIN_R + 1.5)));
    let r = ui.interact(rect, card_id.with("pin"), Sense::click_and_drag());
    let label = match open {
        1 => format!("1 open comment on “{}”", tp.title),
        n => format!("{n} open comments on “{}”", tp.title),
    };
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
    let r = r.on_hover_ui(|ui| {
        let on = crate::model::ThreadOn::Touchpoint(tp.id);
        for t in journey.threads.iter().filter(|t| !t.resolved && t.on == on) {
            let by = t.comments.first().map_or("", |c| c.by.as_str());
            ui.label(format!("#{} {by}: {}", t.id, t.first_line()));
        }
        ui.weak("Click for the Review list");
    });
    r.clicked()
}

/// The marks of a card on the canvas: the layout's own card at the canvas's level of detail,
/// warned when a touchpoint finding names it.
pub fn card_marks(
    card: &CardBox,
    tp: &Touchpoint,
    warned: &BTreeSet<TouchpointId>,
    detail: Detail,
) -> Vec<Mark> {
    card::card_marks(&card.rect, tp, warned.contains(&tp.id), detail)
}

/// Text as the canvas paints it. egui draws Ubuntu Light's hyphen and minus as nothing at some
/// sizes (seen at 11, 12 and 16 px: "Sign-up" read "Sign up", "−1" read "1"), so both are
/// painted with the hyphen the fallback font draws, a hair wider.
fn screen_text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['-', '\u{2212}']) {
        std::borrow::Cow::Owned(text.replace(['-', '\u{2212}'], "\u{2010}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Text smaller than this on screen (pixels) is drawn as a grey line: nobody can read it, and
/// laying out thousands of unreadable glyph runs costs frames and memory.
pub const GREEK_BELOW_PX: f32 = 4.0;

/// Cards narrower than this on screen (pixels) are painted as two plain rectangles.
pub const TINY_CARD_PX: f32 = 48.0;

/// Rectangles smaller than this on screen (pixels, their shorter side) are painted plain.
pub const SIMPLE_BELOW_PX: f32 = 24.0;

/// Circles with a radius smaller than this on screen (pixels) are painted as plain dots.
pub const DOT_BELOW_PX: f32 = 2.0;

/// Paints a display list in a palette, every colour's opacity multiplied by `alpha`.
pub fn paint_marks(painter: &egui::Painter, marks: &[Mark], palette: &Palette, alpha: f32) {
    paint_marks_at(painter, marks, palette, alpha, f32::INFINITY);
}

/// Paints a display list seen at `px_per_unit` screen pixels per diagram unit: text too small to
/// read there is drawn as a line of its length instead of glyphs.
pub fn paint_marks_at(
    painter: &egui::Painter,
    marks: &[Mark],
    palette: &Palette,
    alpha: f32,
    px_per_unit: f32,
) {
    let pen = Pen { painter, palette, alpha, ppu: px_per_unit };
    // Marks wholly out of view cost nothing: at 10,000 touchpoints most of a display list is.
    let view = painter.clip_rect();
    // Lines thinner than a pixel (far out, a long journey's thousands of link arrows) are
    // gathered into one mesh of plain quads, painted where the next other mark would be.
    let mut hairlines = egui::Mesh::default();
    for mark in marks {
        if !to_egui(&mark.bounds()).intersects(view) {
            continue;
        }
        if let Mark::Line { points, stroke } = mark
            && let px = stroke.width * palette.weight * px_per_unit
            && px < 1.0
        {
            // As egui draws a hairline: a pixel wide, its colour thinned by its width.
            add_hairline(&mut hairlines, points, px_per_unit, pen.colour(stroke.paint).gamma_multiply(px));
            continue;
        }
        if !hairlines.is_empty() {
            painter.add(std::mem::take(&mut hairlines));
        }
        pen.mark(mark, view);
    }
    if !hairlines.is_empty() {
        painter.add(hairlines);
    }
}

/// What turns marks into egui's shapes: a painter, the palette, an opacity for everything and
/// how many screen pixels a diagram unit is.
struct Pen<'a> {
    painter: &'a egui::Painter,
    palette: &'a Palette,
    alpha: f32,
    ppu: f32,
}

impl Pen<'_> {
    fn colour(&self, p: Paint) -> Color32 {
        self.palette.ink(p.ink, Color32::WHITE).gamma_multiply(p.alpha * self.alpha)
    }

    fn stroke(&self, s: Option<crate::layout::marks::Stroke>) -> Stroke {
        s.map_or(Stroke::NONE, |s| Stroke::new(s.width * self.palette.weight, self.colour(s.paint)))
    }

    /// One mark (not a hairline) in `view`.
    fn mark(&self, mark: &Mark, view: Rect) {
        let (painter, ppu) = (self.painter, self.ppu);
        match mark {
            // An arrowhead (or any polygon) under two pixels across cannot be told from the
            // line it ends: left out.
            Mark::Polygon { .. }
                if mark.bounds().width().max(mark.bounds().height()) * ppu < DOT_BELOW_PX => {}
            Mark::Rect { rect, corners, fill, stroke } => self.rect(rect, corners, *fill, *stroke),
            Mark::Circle { centre, radius, fill, stroke } => self.circle(*centre, *radius, *fill, *stroke),
            Mark::Polygon { points, fill } => {
                painter.add(Shape::convex_polygon(
                    points.iter().copied().map(to_pos).collect(),
                    self.colour(*fill),
                    Stroke::NONE,
                ));
            }
            Mark::Line { points, stroke } => {
                painter.add(Shape::line(
                    points.iter().copied().map(to_pos).collect(),
                    self.stroke(Some(*stroke)),
                ));
            }
            // egui puts a straight segment on the pixel grid.
            Mark::Rule { from, to, stroke } => {
                painter.line_segment([to_pos(*from), to_pos(*to)], self.stroke(Some(*stroke)));
            }
            Mark::Curve { start, segments, stroke } => self.curve(*start, segments, *stroke, view),
            Mark::Text { text, at, size, paint, anchor } => self.text(text, *at, *size, *paint, *anchor),
        }
    }

    fn rect(
        &self,
        rect: &layout::Rect,
        corners: &crate::layout::marks::Corners,
        fill: Option<Paint>,
        stroke: Option<crate::layout::marks::Stroke>,
    ) {
        // Far out, a rounded, outlined rectangle is a few pixels: a plain fill looks the same
        // and costs a tenth of the vertices (thousands of cards are in view there).
        if rect.width().min(rect.height()) * self.ppu < SIMPLE_BELOW_PX {
            if let Some(fill) = fill {
                self.painter.add(Shape::rect_filled(to_egui(rect), 0.0, self.colour(fill)));
            }
            return;
        }
        let radius = |r: f32| r.round().clamp(0.0, 255.0) as u8;
        let corners = CornerRadius {
            nw: radius(corners.nw),
            ne: radius(corners.ne),
            sw: radius(corners.sw),
            se: radius(corners.se),
        };
        let fill = fill.map_or(Color32::TRANSPARENT, |f| self.colour(f));
        self.painter.rect(to_egui(rect), corners, fill, self.stroke(stroke), StrokeKind::Inside);
    }

    fn circle(
        &self,
        centre: layout::Point,
        radius: f32,
        fill: Option<Paint>,
        stroke: Option<crate::layout::marks::Stroke>,
    ) {
        // A circle a pixel or two across is a dot: a square of its colour looks the same, for a
        // tenth of the vertices (a feeling curve far out shows thousands of them).
        if radius * self.ppu < DOT_BELOW_PX {
            if let Some(paint) = fill.or(stroke.map(|s| s.paint)) {
                let dot = Rect::from_center_size(to_pos(centre), Vec2::splat(2.0 * radius));
                self.painter.add(Shape::rect_filled(dot, 0.0, self.colour(paint)));
            }
            return;
        }
        let fill = fill.map_or(Color32::TRANSPARENT, |f| self.colour(f));
        self.painter.circle(to_pos(centre), radius, fill, self.stroke(stroke));
    }

    fn curve(
        &self,
        start: layout::Point,
        segments: &[[layout::Point; 3]],
        stroke: crate::layout::marks::Stroke,
        view: Rect,
    ) {
        let width = stroke.width;
        let stroke = self.stroke(Some(stroke));
        // Seen from afar, a curve is a polyline with as many points as the screen can show:
        // egui would flatten each Bézier finely in diagram units, and a feeling curve of
        // thousands of points then weighs more than all the cards in view.
        if self.ppu.is_finite() {
            for run in curve_runs(to_pos(start), segments, self.ppu, view.expand(width)) {
                self.painter.add(Shape::line(run, stroke));
            }
            return;
        }
        let mut from = to_pos(start);
        for [a, b, c] in segments {
            let shape = egui::epaint::CubicBezierShape::from_points_stroke(
                [from, to_pos(*a), to_pos(*b), to_pos(*c)],
                false,
                Color32::TRANSPARENT,
                stroke,
            );
            self.painter.add(shape);
            from = to_pos(*c);
        }
    }

    fn text(&self, text: &str, at: layout::Point, size: f32, paint: Paint, anchor: Anchor) {
        if size * self.ppu < GREEK_BELOW_PX {
            // Too small to read: a line of its length. A typical glyph is about half an em wide.
            let w = text.chars().count() as f32 * size * 0.5;
            let x0 = match anchor {
                Anchor::Start => at.x,
                Anchor::Middle => at.x - w / 2.0,
                Anchor::End => at.x - w,
            };
            let y = at.y + size * 0.6;
            self.painter.line_segment(
                [pos2(x0, y), pos2(x0 + w, y)],
                Stroke::new(size * 0.35, self.colour(paint).gamma_multiply(0.5)),
            );
            return;
        }
        let align = match anchor {
            Anchor::Start => Align2::LEFT_TOP,
            Anchor::Middle => Align2::CENTER_TOP,
            Anchor::End => Align2::RIGHT_TOP,
        };
        self.painter.text(
            to_pos(at),
            align,
            screen_text(text),
            FontId::proportional(size),
            self.colour(paint),
        );
    }
}

/// A polyline a pixel wide at `px_per_unit` as quads of `colour` in `mesh`, its corners that
/// are within half a pixel of the straight run between their neighbours left out.
fn add_hairline(mesh: &mut egui::Mesh, points: &[layout::Point], px_per_unit: f32, colour: Color32) {
    let half = 0.5 / px_per_unit;
    let Some(&first) = points.first() else { return };
    let mut from = to_pos(first);
    for (i, p) in points.iter().enumerate().skip(1) {
        let to = to_pos(*p);
        // Keep a corner only when the next point leaves the straight line by half a pixel.
        if let Some(next) = points.get(i + 1).map(|n| to_pos(*n)) {
            let run = next - from;
            let off = (to - from).x * run.y - (to - from).y * run.x;
            if off.abs() <= half * run.length() {
                continue;
            }
        }
        let along = to - from;
        let length = along.length();
        if length > 0.0 {
            let n = vec2(-along.y, along.x) * (half / length);
            let k = mesh.vertices.len() as u32;
            for v in [from + n, from - n, to - n, to + n] {
                mesh.colored_vertex(v, colour);
            }
            mesh.add_triangle(k, k + 1, k + 2);
            mesh.add_triangle(k, k + 2, k + 3);
        }
        from = to;
    }
}

/// Where a feeling point being dragged to `y` will land (on the strip's nearest feeling, at
/// `x`), with that feeling's value beside it.
fn feeling_drop_ui(
    ui: &egui::Ui,
    strip: &crate::layout::feeling::FeelingStrip,
    x: f32,
    y: f32,
    palette: &Palette,
    text_size: f32,
) {
    let f = strip.feeling_at(y);
    let target = pos2(x, strip.y_of(f32::from(f)));
    ui.painter().circle(
        target,
        crate::layout::feeling::POINT_R + 3.0,
        palette.feeling.gamma_multiply(0.4),
        Stroke::new(2.0, palette.selection),
    );
    ui.painter().text(
        target + vec2(14.0, 0.0),
        Align2::LEFT_CENTER,
        format!("{f:+}"),
        FontId::proportional(text_size),
        palette.text,
    );
}

/// The size of the feeling strip's words on the canvas at a level of detail.
pub fn feeling_text_size(detail: Detail) -> f32 {
    match detail {
        Detail::Full => 16.0,
        Detail::Title => 20.0,
        Detail::Poster => 26.0,
    }
}

/// A curve from `start` through cubic Bézier `segments` as polylines of screen-sized steps
/// (about 3 pixels at `px_per_unit`), leaving out the segments outside `view`: one polyline per
/// stretch in view.
fn curve_runs(start: Pos2, segments: &[[layout::Point; 3]], px_per_unit: f32, view: Rect) -> Vec<Vec<Pos2>> {
    let mut runs = Vec::new();
    let mut run: Vec<Pos2> = Vec::new();
    let mut from = start;
    for [a, b, c] in segments {
        let (a, b, c) = (to_pos(*a), to_pos(*b), to_pos(*c));
        // A Bézier segment lies inside the hull of its control points.
        if !Rect::from_points(&[from, a, b, c]).intersects(view) {
            if run.len() > 1 {
                runs.push(std::mem::take(&mut run));
            }
            run.clear();
            from = c;
            continue;
        }
        if run.is_empty() {
            run.push(from);
        }
        let length = (from.distance(a) + a.distance(b) + b.distance(c)) * px_per_unit;
        let steps = (length / 3.0).ceil().clamp(1.0, 32.0) as usize;
        for k in 1..=steps {
            let t = k as f32 / steps as f32;
            let u = 1.0 - t;
            let p = from.to_vec2() * (u * u * u)
                + a.to_vec2() * (3.0 * u * u * t)
                + b.to_vec2() * (3.0 * u * t * t)
                + c.to_vec2() * (t * t * t);
            run.push(p.to_pos2());
        }
        from = c;
    }
    if run.len() > 1 {
        runs.push(run);
    }
    runs
}

impl CanvasView {
    /// The zoom of the canvas (screen points per canvas unit).
    pub fn zoom(&self) -> f32 {
        self.to_screen.scaling
    }

    /// A canvas point on screen.
    pub fn to_screen_pos(&self, p: layout::Point) -> Pos2 {
        self.to_screen * pos2(p.x, p.y)
    }

    /// Opens the title editor on an existing touchpoint.
    pub fn start_editing(&mut self, id: TouchpointId, title: String) {
        self.editing = Some(TitleEditor::new(EditTarget::Existing(id), title));
    }

    /// Opens the title editor for a new touchpoint in a cell, placed in time.
    pub fn start_new(&mut self, lane: usize, phase: Phase, placement: Placement) {
        self.editing =
            Some(TitleEditor::new(EditTarget::New { lane, phase, placement, at: None }, String::new()));
    }

    /// The zooms the view allows now: [`ZOOM_RANGE`], reaching past 1:1 only for a phase shown
    /// alone to a room.
    fn zoom_range(&self) -> std::ops::RangeInclusive<f32> {
        *ZOOM_RANGE.start()..=ZOOM_RANGE.end().max(self.room_fill)
    }

    /// Zooms around the centre of the view, within the zooms allowed.
    pub fn zoom_by(&mut self, factor: f32) {
        let range = self.zoom_range();
        let zoom = (self.zoom() * factor).clamp(*range.start(), *range.end());
        if self.screen_rect.width() > 0.0 {
            let size = self.screen_rect.size() / zoom;
            self.scene_rect = Rect::from_center_size(self.scene_rect.center(), size);
            self.manual = true;
        }
    }

    /// The layer the canvas painted on last frame (in canvas units): what a test reads to see
    /// what the canvas really drew.
    pub fn layer(&self) -> Option<egui::LayerId> {
        self.layer
    }

    /// The card or feeling point under the pointer (as of the last frame).
    pub fn hovered(&self) -> Option<TouchpointId> {
        self.hovered
    }

    /// The user zoomed or panned by hand since the last fit.
    pub fn is_manual(&self) -> bool {
        self.manual
    }

    /// How much the cards show, as drawn last frame (larger titles when they are small on
    /// screen, or shown to a room).
    pub fn detail(&self) -> Detail {
        self.detail
    }

    /// The card that has the keyboard (Tab reached it, or the arrows moved to it), as of the
    /// last frame: the workbench's keys act on it as if nothing had the keyboard.
    pub fn focused_card(&self) -> Option<TouchpointId> {
        self.card_focused.map(|(id, _)| id)
    }

    /// The cell (lane index, phase) under the pointer, as of the last frame.
    pub fn pointer_cell(&self) -> Option<(usize, Phase)> {
        self.hover_cell
    }

    /// The widget of the card that has the keyboard, as of the last frame.
    pub fn focused_card_id(&self) -> Option<egui::Id> {
        self.card_focused.map(|(_, id)| id)
    }

    /// The drag under way on the canvas (or [`Gesture::Idle`]).
    pub fn gesture(&self) -> &Gesture {
        &self.gesture
    }

    /// Shows one phase alone (or the whole journey), fitted.
    pub fn set_focus(&mut self, focus: Option<Phase>) {
        if focus != self.focus {
            self.focus = focus;
            self.fit_pending = true;
        }
    }

    /// Decides how the journey is laid out on a canvas of `rect` (on screen): on open, when
    /// asked, and when the canvas changes size unless the user zoomed or panned by hand since,
    /// the fit picks the wrapping with the largest cards. Returns the options to lay out with.
    pub fn arrange(&mut self, rect: Rect, journey: &Journey) -> LayoutOptions {
        // A phase shown alone to the room gives the strip's height to its cards: each card
        // carries its feeling as a badge there.
        let feeling = if self.for_room && self.focus.is_some() {
            crate::layout::feeling::FeelingCurve::Hidden
        } else {
            self.feeling
        };
        let size = rect.size();
        let resized = (size - self.last_size).length() > 1.0;
        self.last_size = size;
        if (self.fit_pending || (resized && !self.manual)) && size.x > 1.0 && size.y > 1.0 {
            self.fit_pending = false;
            let base = LayoutOptions { only: self.focus, feeling, ..LayoutOptions::STRIP };
            // A phase shown alone to the room may be drawn larger than 1:1, to fill the screen.
            let most = if self.for_room && self.focus.is_some() { MAX_ROOM_FILL } else { 1.0 };
            let (options, zoom) = layout::fit_up_to(journey, size.x, size.y, &base, most);
            self.room_fill = zoom.max(1.0);
            self.options = options;
            self.fit_view = true;
            self.manual = false;
        }
        self.options.only = self.focus;
        self.options.feeling = feeling;
        self.options
    }

    fn fit_rect(&mut self, target: Rect) {
        let target = target.expand(FIT_MARGIN);
        if self.screen_rect.width() <= 0.0 {
            self.scene_rect = target;
            return;
        }
        // Never zoom in past 1:1 to fit something small (but a phase shown alone to a room):
        // centre it instead.
        let range = self.zoom_range();
        let zoom = (self.screen_rect.width() / target.width())
            .min(self.screen_rect.height() / target.height())
            .clamp(*range.start(), *range.end());
        self.scene_rect = Rect::from_center_size(target.center(), self.screen_rect.size() / zoom);
    }

    /// Moves the view where it was asked to go since the last frame: fitted to the journey, to
    /// some cards, following the title being edited, or bringing a card into view.
    fn place_view(&mut self, ui: &egui::Ui, layout: &Layout) {
        if std::mem::take(&mut self.fit_view) {
            self.fit_rect(to_egui(&layout.bounds));
        }
        if let Some(ids) = self.frame.take()
            && let Some(b) = layout.cards_bounds(&ids)
        {
            let b = to_egui(&b);
            self.fit_rect(b.union(Rect::from_center_size(b.center(), vec2(600.0, 300.0))));
            self.manual = true;
        }
        self.follow_editing(ui, layout);
        if let Some(id) = self.reveal.take()
            && let Some(card) = layout.card(id)
        {
            let r = to_egui(&card.rect).expand(30.0);
            if !self.scene_rect.contains_rect(r) {
                if self.manual {
                    // The user chose this view: keep its zoom, just bring the card into it.
                    self.scene_rect = Rect::from_center_size(r.center(), self.scene_rect.size());
                } else {
                    // A journey being captured grows: fit it again so every phase stays in view.
                    self.fit_pending = true;
                    ui.ctx().request_repaint();
                }
            }
        }
    }

    /// Draws the canvas and handles its gestures.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        journey_index: usize,
        journey: &Journey,
        layout: &Layout,
        analysis: &Analysis,
        palette: &Palette,
    ) -> CanvasOutput {
        let mut out = CanvasOutput::default();
        self.journey_index = journey_index;
        self.screen_rect = ui.available_rect_before_wrap();
        self.place_view(ui, layout);

        let space_down = ui.input(|i| i.key_down(egui::Key::Space))
            && ui.ctx().memory(|m| m.focused()).is_none_or(|f| Some(f) == self.focused_card_id());
        let pan_buttons = if space_down {
            egui::DragPanButtons::all()
        } else {
            egui::DragPanButtons::MIDDLE | egui::DragPanButtons::SECONDARY
        };
        let warned = analysis.warned_touchpoints();
        let ppp = ui.ctx().pixels_per_point();

        let mut scene_rect = self.scene_rect;
        let before = scene_rect;
        let scene = egui::Scene::new()
            .zoom_range(self.zoom_range())
            .max_inner_size(vec2(layout.bounds.max.x + 4000.0, layout.bounds.max.y + 4000.0))
            .drag_pan_buttons(pan_buttons);
        let response = scene.show(ui, &mut scene_rect, |ui| {
            self.to_screen = ui.ctx().layer_transform_to_global(ui.layer_id()).unwrap_or_default();
            self.layer = Some(ui.layer_id());
            self.hover_cell = ui
                .ctx()
                .pointer_hover_pos()
                .map(|p| self.to_screen.inverse() * p)
                .and_then(|p| layout.cell_at(to_layout(p)));
            self.follow_gesture(ui, journey);
            let reading = match (self.for_room, self.focus) {
                (true, Some(_)) => card::ROOM_PHASE_PX,
                (true, None) => card::ROOM_PX,
                (false, _) => card::READABLE_PX,
            };
            let detail = Detail::for_scale_reading(self.to_screen.scaling * ppp, reading);
            self.detail = detail;
            paint_grid(ui.painter(), layout, palette);
            // Only the arrows in view are built and painted (a long journey has thousands).
            let ppu = self.to_screen.scaling * ui.ctx().pixels_per_point();
            paint_marks_at(ui.painter(), &link_marks(layout, ui.clip_rect()), palette, 1.0, ppu);
            links_for_screen_readers(ui, journey, layout, self.scene_rect.expand(CARD_W));
            let hovered_before = self.hovered.take();
            out.review =
                self.cards_ui(ui, journey, layout, analysis, &warned, palette, detail, hovered_before);
            self.feeling_ui(ui, journey, layout, palette, detail, hovered_before);
            self.room_ui(ui, journey, layout, palette);
            self.add_slot_ui(ui, journey, layout, palette);
            self.overlays_ui(ui, journey, layout, palette, &mut out);
            headers_ui(ui, layout, analysis, palette, &header_style(layout, detail, self.scene_rect));
            // Last, after every widget had its say this frame: a release anywhere ends it.
            self.end_gesture(ui, journey, layout, &mut out);
        });
        // The scene moved the view itself: the user panned or zoomed by hand.
        if scene_rect != before {
            self.manual = true;
        }
        self.scene_rect = scene_rect;
        self.background_ui(&response.response, journey, layout, space_down);
        out
    }

    /// What the room said, over the canvas: the revealed dots as a count on each card's corner,
    /// and the room's feeling as a range (lowest to highest answer) with its median on the
    /// feeling strip.
    fn room_ui(&self, ui: &mut egui::Ui, journey: &Journey, layout: &Layout, palette: &Palette) {
        let painter = ui.painter();
        for (id, n) in &self.room_dots {
            let Some(card) = layout.card(*id) else { continue };
            // Large enough to read across the room at the canvas's usual zoom, on the card's
            // bottom edge: the title, at the top, stays readable.
            let text = format!("● {n}");
            let w = text::width(&text, 24.0) + 20.0;
            let at = pos2(card.rect.max.x - w / 2.0 + 6.0, card.rect.max.y);
            let pill = Rect::from_center_size(at, vec2(w, 34.0));
            painter.rect_filled(pill, 17.0, palette.note);
            painter.text(
                pill.center(),
                Align2::CENTER_CENTER,
                text,
                FontId::proportional(24.0),
                palette.on_accent,
            );
            let title = journey.touchpoint(*id).map_or("", |t| t.title.as_str()).to_owned();
            let r = ui.interact(pill, ui.make_persistent_id(("room_dots", id.0)), Sense::hover());
            r.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Label, true, format!("{n} dots on {title}"))
            });
        }
        let Some(strip) = &layout.feeling else { return };
        let painter = ui.painter();
        for (id, f) in &self.room_feelings {
            let x = match (strip.point(*id), layout.card(*id)) {
                (Some(p), _) => p.at.x,
                (None, Some(card)) => card.rect.center().x,
                _ => continue,
            };
            let (lo, hi) = (strip.y_of(f32::from(f.lowest)), strip.y_of(f32::from(f.highest)));
            painter.line_segment([pos2(x + 9.0, lo), pos2(x + 9.0, hi)], Stroke::new(3.0, palette.note));
            let m = strip.y_of(f.median);
            painter.line_segment([pos2(x + 3.0, m), pos2(x + 15.0, m)], Stroke::new(3.0, palette.text));
        }
    }

    /// Keeps the gesture under the pointer (wherever it is: over a card, a panel, or another
    /// part of the canvas after a scroll), and cancels it when its cards are gone.
    fn follow_gesture(&mut self, ui: &egui::Ui, journey: &Journey) {
        if self.gesture == Gesture::Idle {
            return;
        }
        let gone = self.gesture.needs().iter().any(|id| journey.touchpoint(*id).is_none());
        if gone
            || self.journey_index != self.gesture_journey
            || ui.input(|i| i.key_pressed(egui::Key::Escape))
        {
            self.gesture = Gesture::Idle;
            return;
        }
        if let Some(p) = ui.ctx().pointer_latest_pos() {
            self.gesture.follow(self.to_screen.inverse() * p);
        }
        // Nothing else repaints while the pointer rests over another window.
        ui.ctx().request_repaint();
    }

    /// Ends the gesture once the primary button is up, wherever it was released: cards drop
    /// where the pointer let go of them (nowhere: they stay), an arrow ends on the card there
    /// (none: no arrow), a feeling is set, a box selects.
    fn end_gesture(&mut self, ui: &egui::Ui, journey: &Journey, layout: &Layout, out: &mut CanvasOutput) {
        if self.gesture == Gesture::Idle || ui.input(|i| i.pointer.primary_down()) {
            return;
        }
        match std::mem::take(&mut self.gesture) {
            Gesture::Idle => {}
            Gesture::Cards(drag) => {
                out.edits.extend(drop_edit(self.journey_index, journey, layout, &drag));
                self.reveal = Some(drag.primary);
            }
            Gesture::Link { from, pointer } => {
                if let Some(target) = layout.card_at(to_layout(pointer))
                    && let Some(edit) = build::link(self.journey_index, journey, from, target.id)
                {
                    out.edits.push(edit);
                }
            }
            Gesture::Feeling { id, y } => {
                if let Some(strip) = &layout.feeling {
                    let f = strip.feeling_at(y);
                    out.edits.extend(build::change_touchpoints(
                        self.journey_index,
                        journey,
                        &[id].into(),
                        |t| {
                            t.feeling = Some(f);
                        },
                    ));
                }
            }
            Gesture::Box { from, to } => {
                let area = Rect::from_two_pos(from, to);
                if !ui.input(|i| i.modifiers.shift) {
                    self.selection.clear();
                }
                for c in &layout.cards {
                    if area.intersects(to_egui(&c.rect)) {
                        self.selection.insert(c.id);
                    }
                }
            }
        }
    }

    /// Starts a gesture unless one is under way.
    fn start_gesture(&mut self, gesture: Gesture) {
        if self.gesture == Gesture::Idle {
            self.gesture = gesture;
            self.gesture_journey = self.journey_index;
        }
    }

    /// Zooms in on the card whose title is being typed (typing at 40 % zoom is typing blind),
    /// and goes back to the view the user had once the title is kept or abandoned.
    fn follow_editing(&mut self, ui: &egui::Ui, layout: &Layout) {
        if self.editing.is_none()
            && let Some(view) = self.before_editing.take()
        {
            self.scene_rect = view;
        }
        if let Some(editor) = &self.editing
            && !editor.focused_once
            && self.zoom() < 0.75
            && self.screen_rect.width() > 0.0
            && let Some(card) = editor_card(editor, layout)
        {
            self.before_editing.get_or_insert(self.scene_rect);
            let size = self.screen_rect.size() / 0.9;
            self.scene_rect = Rect::from_center_size(to_egui(&card).center(), size);
            ui.ctx().request_repaint();
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn cards_ui(
        &mut self,
        ui: &mut egui::Ui,
        journey: &Journey,
        layout: &Layout,
        analysis: &Analysis,
        warned: &BTreeSet<TouchpointId>,
        palette: &Palette,
        detail: Detail,
        hovered_before: Option<TouchpointId>,
    ) -> bool {
        let pointer = ui.ctx().pointer_hover_pos().map(|p| self.to_screen.inverse() * p);
        let visible = self.scene_rect.expand(CARD_W);
        let ppu = self.to_screen.scaling * ui.ctx().pixels_per_point();
        // Cards too small to show more than their colours are painted as one mesh of plain
        // rectangles, under everything drawn on them (rings, handles): a few pixels each, a
        // fraction of the vertices and none of the per-shape cost of thousands of shapes.
        let mut tiny = egui::Mesh::default();
        let tiny_slot = ui.painter().add(Shape::Noop);
        // For a screen reader each phase is a named group holding a group per lane, which holds
        // that cell's cards: a card is heard within its phase and its lane (DESIGN.md §8.2).
        let mut groups = CellGroups::new(ui, journey, layout);
        // Cards with open review threads carry a pin (none to count in a journey without them).
        let look = CardLook { journey, warned, pins: journey.open_threads_by_card(), palette, detail, ppu };
        let mut pin_clicked = false;
        let follow = self.focus_follow.take();
        let mut focused = None;
        for card in &layout.cards {
            let rect = to_egui(&card.rect);
            let must_focus = follow == Some(card.id);
            if !visible.intersects(rect) && !must_focus {
                continue;
            }
            let tp = &journey.touchpoints[card.index];
            let (r, selected) = self.card_input_ui(ui, &mut groups, card, tp, journey, analysis, must_focus);
            if r.has_focus() {
                focused = Some((card.id, r.id));
            }
            let idle = self.gesture == Gesture::Idle;
            let hovered = r.hovered() && idle;
            // The handle half sticks out of the card: over it, the card is "hovered" too, so the
            // handle stays (and wins the press) rather than blinking away under the pointer.
            let near =
                idle && pointer.is_some_and(|p| rect.expand2(vec2(LINK_HANDLE_R + 4.0, 0.0)).contains(p));
            if hovered {
                self.hovered = Some(card.id);
            }
            // Its feeling point is under the pointer: the card lights up with it.
            let partner = hovered_before == Some(card.id) && !hovered;
            let alpha = if self.gesture.moves(card.id) { 0.35 } else { 1.0 };
            if look.paint(ui, card, tp, r.id, alpha, &mut tiny) {
                self.selection = [tp.id].into();
                pin_clicked = true;
            }
            self.card_rings_ui(ui, card.id, rect, r.has_focus(), selected, hovered || partner, palette);
            // The link handle: drag from it to another card to draw an arrow.
            let linking = matches!(self.gesture, Gesture::Link { from, .. } if from == card.id);
            if (selected && self.selection.len() == 1 || hovered || near || linking)
                && detail != Detail::Poster
            {
                self.link_handle_ui(ui, card, r.id, palette);
            }
        }
        if !tiny.is_empty() {
            ui.painter().set(tiny_slot, Shape::mesh(tiny));
        }
        self.card_focused = focused;
        pin_clicked
    }

    /// A card's widget, in its cell's group for a screen reader, named and described: it takes
    /// the keyboard's focus when asked to, and its clicks, double clicks and drags select it,
    /// edit its title and move the selection. Returns it, and whether the card was selected
    /// before this frame's clicks (what it is drawn as this frame).
    #[allow(clippy::too_many_arguments)]
    fn card_input_ui(
        &mut self,
        ui: &mut egui::Ui,
        groups: &mut CellGroups,
        card: &CardBox,
        tp: &Touchpoint,
        journey: &Journey,
        analysis: &Analysis,
        must_focus: bool,
    ) -> (Response, bool) {
        let id = ui.make_persistent_id(("card", card.id));
        let r =
            groups.cell(ui, card.phase, card.lane).interact(to_egui(&card.rect), id, Sense::click_and_drag());
        r.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Touchpoint {}: {}", tp.id, tp.title))
        });
        ui.ctx().accesskit_node_builder(id, |node| {
            node.set_description(crate::describe::touchpoint(journey, tp, analysis));
        });
        if must_focus {
            r.request_focus();
        }
        if r.has_focus() {
            // The arrows move between cards in reading order (the workbench's own commands),
            // not to whatever widget lies in their direction on screen.
            ui.memory_mut(|m| {
                m.set_focus_lock_filter(
                    id,
                    egui::EventFilter {
                        horizontal_arrows: true,
                        vertical_arrows: true,
                        ..Default::default()
                    },
                );
            });
        }
        if r.gained_focus() && !self.selection.contains(&card.id) {
            // Tab reached this card: the selection follows the keyboard.
            self.selection = [card.id].into();
        }
        let selected = self.selection.contains(&card.id);
        self.card_pointer(&r, card, tp, selected, ui.input(|i| i.modifiers.shift));
        (r, selected)
    }

    /// What a click (Shift adds or takes away), a double click (edit the title) and the start of
    /// a drag (move the selection, this card with it) on a card do.
    fn card_pointer(&mut self, r: &Response, card: &CardBox, tp: &Touchpoint, selected: bool, shift: bool) {
        if r.clicked() {
            if shift {
                if !self.selection.remove(&card.id) {
                    self.selection.insert(card.id);
                }
            } else {
                self.selection = [card.id].into();
            }
        }
        if r.double_clicked() {
            self.selection = [card.id].into();
            self.start_editing(card.id, tp.title.clone());
        }
        if r.drag_started_by(egui::PointerButton::Primary) && self.gesture == Gesture::Idle {
            if !selected {
                if !shift {
                    self.selection.clear();
                }
                self.selection.insert(card.id);
            }
            if let Some(p) = r.interact_pointer_pos() {
                self.start_gesture(Gesture::Cards(CardDrag {
                    ids: self.selection.iter().copied().collect(),
                    primary: card.id,
                    grab: p - to_egui(&card.rect).min,
                    pointer: p,
                }));
            }
        }
    }

    /// What the canvas draws around a card: the ring of a suggestion that would change it, the
    /// keyboard's focus ring, and the selection's (or a hover's) outline.
    #[allow(clippy::too_many_arguments)]
    fn card_rings_ui(
        &self,
        ui: &egui::Ui,
        id: TouchpointId,
        rect: Rect,
        focused: bool,
        selected: bool,
        lit: bool,
        palette: &Palette,
    ) {
        let painter = ui.painter();
        if self.preview == Some(id) {
            // A suggestion in the Improve list is under the pointer: this card would change.
            painter.rect_stroke(
                rect.expand(5.0),
                9.0,
                Stroke::new(4.0, palette.org_gives),
                StrokeKind::Outside,
            );
        }
        if focused {
            // The keyboard is here: a ring outside the card in the text colour (the strongest
            // contrast every theme has), apart from the selection's blue.
            let width = 2.5 * palette.weight / self.to_screen.scaling.max(0.1);
            let ring = Stroke::new(width, palette.text);
            painter.rect_stroke(rect.expand(width * 2.0), 9.0, ring, StrokeKind::Outside);
        }
        if selected {
            painter.rect_stroke(rect, 6.0, Stroke::new(3.0, palette.selection), StrokeKind::Inside);
        } else if lit {
            painter.rect_stroke(
                rect,
                6.0,
                Stroke::new(1.5, palette.selection.gamma_multiply(0.7)),
                StrokeKind::Inside,
            );
        }
    }

    fn link_handle_ui(&mut self, ui: &mut egui::Ui, card: &CardBox, id: egui::Id, palette: &Palette) {
        let rect = to_egui(&card.rect);
        let handle = pos2(rect.max.x, rect.center().y);
        // Registered after its card, so it is on top: a press on it draws an arrow, never
        // moves the card.
        let hr = ui.interact(
            Rect::from_center_size(handle, Vec2::splat(2.0 * LINK_HANDLE_R)),
            id.with("link"),
            Sense::drag(),
        );
        hr.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Link from touchpoint {}", card.id))
        });
        ui.painter().circle(handle, 7.0, palette.card, Stroke::new(2.0, palette.selection));
        ui.painter().circle_filled(handle, 3.0, palette.selection);
        let hr = hr.on_hover_text("Drag to another touchpoint to link them");
        if hr.drag_started() {
            self.start_gesture(Gesture::Link { from: card.id, pointer: handle });
        }
    }

    /// The feeling curve under the grid: hovering a point lights up its card (and a hovered
    /// card its point); dragging a point up or down sets the feeling, one undo step on release.
    #[allow(clippy::too_many_arguments)]
    fn feeling_ui(
        &mut self,
        ui: &mut egui::Ui,
        journey: &Journey,
        layout: &Layout,
        palette: &Palette,
        detail: Detail,
        hovered_before: Option<TouchpointId>,
    ) {
        let Some(strip) = &layout.feeling else { return };
        let text_size = feeling_text_size(detail);
        let ppu = self.to_screen.scaling * ui.ctx().pixels_per_point();
        paint_marks_at(ui.painter(), &crate::layout::feeling::marks(strip, text_size), palette, 1.0, ppu);
        // Points are at least 20 screen pixels across to hit, however far out the view is.
        let hit = (10.0 / ppu.max(0.01)).max(crate::layout::feeling::POINT_R * 1.6);
        let view = ui.clip_rect().expand(hit);
        for p in &strip.points {
            let at = to_pos(p.at);
            // Only the points in view are widgets (and the one being dragged, wherever it is).
            let dragged = matches!(self.gesture, Gesture::Feeling { id, .. } if id == p.id);
            if !view.contains(at) && !dragged {
                continue;
            }
            let id = ui.make_persistent_id(("feeling", p.id));
            let r = ui.interact(
                Rect::from_center_size(at, vec2(2.0 * hit, 2.0 * hit)),
                id,
                Sense::click_and_drag(),
            );
            let title = &journey.touchpoints[p.index].title;
            r.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Slider,
                    true,
                    format!("Feeling at {title}: {:+}", p.feeling),
                )
            });
            if r.hovered() {
                self.hovered = Some(p.id);
            }
            if r.clicked() {
                self.selection = [p.id].into();
            }
            if r.drag_started()
                && let Some(pos) = r.interact_pointer_pos()
            {
                self.start_gesture(Gesture::Feeling { id: p.id, y: pos.y });
                self.selection = [p.id].into();
            }
            let dragged_to = match self.gesture {
                Gesture::Feeling { id, y } if id == p.id => Some(y),
                _ => None,
            };
            let dragging = dragged_to.is_some();
            if let Some(y) = dragged_to {
                feeling_drop_ui(ui, strip, at.x, y, palette, text_size);
            }
            let lit = r.hovered() || hovered_before == Some(p.id) || self.selection.contains(&p.id);
            if lit && !dragging {
                ui.painter().circle_stroke(
                    at,
                    crate::layout::feeling::POINT_R + 3.0,
                    Stroke::new(2.5, palette.selection),
                );
            }
        }
    }

    /// While the pointer is over a cell, a "+" slot after its last card (or a strip along its
    /// bottom when the cell has no free slot): a click adds a touchpoint there.
    fn add_slot_ui(&mut self, ui: &mut egui::Ui, journey: &Journey, layout: &Layout, palette: &Palette) {
        if self.gesture != Gesture::Idle || self.editing.is_some() {
            return;
        }
        let Some(screen) = ui.ctx().pointer_hover_pos() else { return };
        if !self.screen_rect.contains(screen) {
            return;
        }
        let p = self.to_screen.inverse() * screen;
        if layout.card_at(to_layout(p)).is_some() {
            return;
        }
        let Some((lane, phase)) = layout.cell_at(to_layout(p)) else { return };
        let (slot, full_card) = match layout.next_slot(lane, phase) {
            Some(r) => (r, true),
            None => match layout.add_strip(lane, phase) {
                Some(r) => (r, false),
                None => return,
            },
        };
        let rect = to_egui(&slot);
        let r = ui.interact(rect, ui.make_persistent_id(("add_slot", lane, phase.index())), Sense::click());
        r.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Button,
                true,
                format!(
                    "Add a touchpoint to {} in {}",
                    journey.lanes.get(lane).map_or("", String::as_str),
                    phase.label()
                ),
            )
        });
        let strong = r.hovered();
        // The "+" is always drawn in full, on a tint light enough to read it (palette's text
        // pairs); hovering strengthens the outline and the tint.
        let tint = crate::palette::ADD_SLOT_ALPHA;
        let outline = palette.selection.gamma_multiply(if strong { 0.9 } else { 0.5 });
        ui.painter().rect(
            rect,
            6.0,
            palette.selection.gamma_multiply(if strong { tint } else { tint * 0.4 }),
            Stroke::new(if strong { 2.0 } else { 1.5 }, outline),
            StrokeKind::Inside,
        );
        let size = if full_card { 40.0 } else { rect.height() * 0.9 };
        ui.painter().text(
            rect.center(),
            Align2::CENTER_CENTER,
            "+",
            FontId::proportional(size),
            palette.selection,
        );
        if r.clicked() {
            let last = layout
                .cards
                .iter()
                .filter(|c| c.lane == lane && c.phase == phase)
                .max_by_key(|c| (journey.touchpoints[c.index].day, c.index));
            let placement = match last {
                Some(c) => Placement::After(c.id),
                None => layout.placement_at(journey, lane, phase, slot.center(), &[]),
            };
            let at = full_card.then_some(slot);
            self.selection.clear();
            self.editing =
                Some(TitleEditor::new(EditTarget::New { lane, phase, placement, at }, String::new()));
        }
    }

    fn overlays_ui(
        &mut self,
        ui: &mut egui::Ui,
        journey: &Journey,
        layout: &Layout,
        palette: &Palette,
        out: &mut CanvasOutput,
    ) {
        // A dragged group: highlight the target cell, draw the cards where they would land.
        if let Gesture::Cards(drag) = &self.gesture {
            let at = drag.pointer - drag.grab + vec2(CARD_W, CARD_H) / 2.0;
            if let Some((lane, phase)) = layout.cell_at(to_layout(at))
                && let Some(cell) = layout.cell_rect(lane, phase)
            {
                ui.painter().rect_filled(to_egui(&cell), 0.0, palette.drop_target);
            }
            let ghost = Rect::from_min_size(drag.pointer - drag.grab, vec2(CARD_W, CARD_H));
            ui.painter().rect(
                ghost,
                6.0,
                palette.card.gamma_multiply(0.85),
                Stroke::new(2.0, palette.selection),
                StrokeKind::Inside,
            );
            let label = if drag.ids.len() > 1 {
                format!("{} touchpoints", drag.ids.len())
            } else {
                journey.touchpoint(drag.primary).map_or_else(String::new, |t| t.title.clone())
            };
            ui.painter().text(
                ghost.center(),
                Align2::CENTER_CENTER,
                label,
                FontId::proportional(16.0),
                palette.text,
            );
        }
        if let Gesture::Link { from, pointer: p } = self.gesture
            && let Some(card) = layout.card(from)
        {
            let start = layout::Point::new(card.rect.max.x, card.rect.center().y);
            let marks = card::arrow(&[start, to_layout(p)], crate::palette::Ink::Selection, 2.5);
            paint_marks(ui.painter(), &marks, palette, 1.0);
        }
        if let Gesture::Box { from, to } = self.gesture {
            let r = Rect::from_two_pos(from, to);
            ui.painter().rect(
                r,
                0.0,
                palette.selection.gamma_multiply(0.12),
                Stroke::new(1.5, palette.selection),
                StrokeKind::Inside,
            );
        }
        self.title_editor_ui(ui, layout, palette, out);
    }

    fn title_editor_ui(
        &mut self,
        ui: &mut egui::Ui,
        layout: &Layout,
        palette: &Palette,
        out: &mut CanvasOutput,
    ) {
        let Some(editor) = &mut self.editing else { return };
        let Some(rect) = editor_card(editor, layout).map(|r| to_egui(&r)) else {
            // The card or its cell is gone (undone, deleted elsewhere): stop editing.
            self.editing = None;
            return;
        };
        ui.painter().rect(rect, 6.0, palette.card, Stroke::new(2.5, palette.selection), StrokeKind::Inside);
        let hint = if matches!(editor.target, EditTarget::New { .. }) {
            "New touchpoint — type its title"
        } else {
            "Title"
        };
        ui.painter().text(
            rect.left_top() + vec2(10.0, 8.0),
            Align2::LEFT_TOP,
            hint,
            FontId::proportional(11.0),
            palette.weak_text,
        );
        let edit_rect =
            Rect::from_min_size(rect.left_top() + vec2(8.0, 28.0), vec2(rect.width() - 16.0, 30.0));
        let r = ui.put(
            edit_rect,
            egui::TextEdit::singleline(&mut editor.text)
                .font(FontId::proportional(15.0))
                .desired_width(edit_rect.width()),
        );
        let r = r.accessible_name("Touchpoint title");
        ui.painter().text(
            rect.left_bottom() + vec2(10.0, -8.0),
            Align2::LEFT_BOTTOM,
            "Enter keeps · Ctrl+Enter adds the next · Esc cancels",
            FontId::proportional(10.0),
            palette.weak_text,
        );
        if !editor.focused_once {
            r.request_focus();
            editor.focused_once = true;
            return;
        }
        let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
        if r.lost_focus() || escape {
            let editor = self.editing.take();
            if !escape && let Some(editor) = editor {
                out.commit = Some(editor);
            }
        }
    }

    fn background_ui(&mut self, r: &Response, journey: &Journey, layout: &Layout, space_down: bool) {
        // The scene's background response lives on the scene layer: positions are in scene
        // coordinates, like cells and cards.
        let pointer = r.interact_pointer_pos().or_else(|| r.hover_pos());
        if r.double_clicked()
            && let Some(p) = pointer
            && let Some((lane, phase)) = layout.cell_at(to_layout(p))
        {
            let placement = layout.placement_at(journey, lane, phase, to_layout(p), &[]);
            let at = layout.next_slot(lane, phase);
            self.selection.clear();
            self.editing =
                Some(TitleEditor::new(EditTarget::New { lane, phase, placement, at }, String::new()));
            return;
        }
        if r.clicked() && !r.ctx.input(|i| i.modifiers.shift) {
            self.selection.clear();
        }
        if space_down {
            if matches!(self.gesture, Gesture::Box { .. }) {
                self.gesture = Gesture::Idle;
            }
            return;
        }
        if r.drag_started_by(egui::PointerButton::Primary)
            && let Some(p) = pointer
        {
            self.start_gesture(Gesture::Box { from: p, to: p });
        }
    }
}

/// Where the title editor sits: on the card being renamed, or where the new card will go (the
/// slot clicked, else the cell's next slot, else over the cell's last card).
fn editor_card(editor: &TitleEditor, layout: &Layout) -> Option<layout::Rect> {
    match &editor.target {
        EditTarget::Existing(id) => layout.card(*id).map(|c| c.rect),
        EditTarget::New { lane, phase, at, placement } => {
            at.or_else(|| layout.next_slot(*lane, *phase)).or_else(|| {
                let anchor = match placement {
                    Placement::After(id) | Placement::Before(id) => layout.card(*id),
                    Placement::EmptyPhase => None,
                };
                anchor.map(|c| c.rect).or_else(|| {
                    layout.cell_rect(*lane, *phase).map(|cell| {
                        layout::Rect::from_min_size(
                            layout::Point::new(cell.min.x + GAP, cell.min.y + GAP),
                            CARD_W,
                            CARD_H,
                        )
                    })
                })
            })
        }
    }
}

/// Each link named for a screen reader ("Link from 6 “Estimated-arrears demand” to 7 “Dispute
/// call, bill fixed”"), as a node with the arrow's bounds and no area to hit: it never takes
/// the pointer from the cards and the background under it. Nothing is made when no assistive
/// technology is listening.
fn links_for_screen_readers(ui: &mut egui::Ui, journey: &Journey, layout: &Layout, visible: Rect) {
    let listening = ui.ctx().accesskit_node_builder(ui.unique_id(), |_| ()).is_some();
    if !listening {
        return;
    }
    let title = |id: TouchpointId| journey.touchpoint(id).map_or(String::new(), |t| t.title.clone());
    for link in &layout.links {
        let Some(first) = link.points.first() else { continue };
        let bounds = link.points.iter().fold(Rect::from_min_max(to_pos(*first), to_pos(*first)), |r, p| {
            r.union(Rect::from_min_max(to_pos(*p), to_pos(*p)))
        });
        // Only the links in view, as for the cards: a long journey's thousands stay out.
        if !visible.intersects(bounds) {
            continue;
        }
        let id = ui.make_persistent_id(("link", link.from, link.to));
        let r = ui.interact(Rect::from_center_size(bounds.center(), Vec2::ZERO), id, Sense::hover());
        let name =
            format!("Link from {} “{}” to {} “{}”", link.from, title(link.from), link.to, title(link.to));
        r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, name.clone()));
    }
}

/// What the cards of a frame are painted with: their journey, the touchpoints a finding warns
/// about, the open review threads on each, the palette, the level of detail and the zoom.
struct CardLook<'a> {
    journey: &'a Journey,
    warned: &'a BTreeSet<TouchpointId>,
    pins: std::collections::HashMap<TouchpointId, usize>,
    palette: &'a Palette,
    detail: Detail,
    ppu: f32,
}

impl CardLook<'_> {
    /// Paints a card (faded by `alpha`) as its marks say, with its pin when it has open threads
    /// (a button, `card_id` its card's widget); far out, as two plain rectangles in `tiny`.
    /// Returns whether the pin was clicked.
    fn paint(
        &self,
        ui: &egui::Ui,
        card: &CardBox,
        tp: &Touchpoint,
        card_id: egui::Id,
        alpha: f32,
        tiny: &mut egui::Mesh,
    ) -> bool {
        let (palette, ppu) = (self.palette, self.ppu);
        if CARD_W * ppu < TINY_CARD_PX {
            // A few pixels wide: its colour and exchange are all anyone can see, and thousands
            // of cards are in view, so two rectangles instead of the whole display list.
            let rect = to_egui(&card.rect);
            let colour = palette.exchange(tp.exchange).gamma_multiply(alpha);
            let column = Rect::from_min_max(rect.min, pos2(rect.min.x + card::COLUMN_W, rect.max.y));
            tiny.add_colored_rect(rect, palette.card.gamma_multiply(alpha));
            tiny.add_colored_rect(column, colour);
            return false;
        }
        paint_marks_at(ui.painter(), &card_marks(card, tp, self.warned, self.detail), palette, alpha, ppu);
        let Some(open) = self.pins.get(&tp.id) else { return false };
        paint_marks_at(ui.painter(), &card::pin_marks(&card.rect, *open), palette, alpha, ppu);
        pin_ui(ui, self.journey, tp, &card.rect, *open, card_id)
    }
}

/// The screen reader's groups on the canvas: one per phase shown, named by the phase, each with
/// one per lane, named by the lane; a card's widget is made in its cell's group.
struct CellGroups {
    phases: Vec<(Phase, egui::Ui, Vec<egui::Ui>)>,
}

impl CellGroups {
    fn new(ui: &mut egui::Ui, journey: &Journey, layout: &Layout) -> Self {
        let group = |parent: &mut egui::Ui, salt: (&str, usize, usize), rect: Rect, name: String| {
            let child = parent.new_child(
                egui::UiBuilder::new()
                    .id_salt(salt)
                    .max_rect(rect)
                    .accessibility_role(egui::accesskit::Role::Group),
            );
            child.ctx().accesskit_node_builder(child.unique_id(), |node| node.set_label(name));
            child
        };
        let phases = layout
            .phases
            .iter()
            .map(|col| {
                let rect = to_egui(&col.body).union(to_egui(&col.header));
                let label = col.phase.label().to_owned();
                let mut phase_ui = group(ui, ("phase_group", col.phase.index(), 0), rect, label);
                let lanes = (0..layout.lanes.len())
                    .map(|i| {
                        let cell = layout.cell_rect(i, col.phase).map_or(rect, |r| to_egui(&r));
                        let name = journey.lanes.get(i).cloned().unwrap_or_default();
                        group(&mut phase_ui, ("lane_group", col.phase.index(), i), cell, name)
                    })
                    .collect();
                (col.phase, phase_ui, lanes)
            })
            .collect();
        Self { phases }
    }

    /// The group of a cell: its lane's within its phase's (the phase's, or none, when missing).
    fn cell<'a>(&'a mut self, fallback: &'a mut egui::Ui, phase: Phase, lane: usize) -> &'a mut egui::Ui {
        match self.phases.iter_mut().find(|(p, _, _)| *p == phase) {
            Some((_, phase_ui, lanes)) => match lanes.get_mut(lane) {
                Some(lane_ui) => lane_ui,
                None => phase_ui,
            },
            None => fallback,
        }
    }
}

/// Half the size of the round handle on a card's right edge that draws an arrow.
const LINK_HANDLE_R: f32 = 9.0;

/// The edit for dropping dragged cards where the pointer let go of them.
fn drop_edit(journey_index: usize, journey: &Journey, layout: &Layout, drag: &CardDrag) -> Option<Edit> {
    let centre = drag.pointer - drag.grab + vec2(CARD_W, CARD_H) / 2.0;
    let moves = layout.drop_moves(journey, &drag.ids, drag.primary, to_layout(centre));
    build::move_touchpoints(journey_index, journey, &moves)
}

/// The grid under the cards: canvas, lane bands, lines between lanes and phases.
pub(super) fn paint_grid(painter: &egui::Painter, layout: &Layout, palette: &Palette) {
    paint_marks(painter, &grid_marks(layout, palette), palette, 1.0);
}

/// The grid's body as the canvas paints it: the display list's ([`crate::layout::sheet`]), with
/// the palette's line weight.
pub fn grid_marks(layout: &Layout, palette: &Palette) -> Vec<Mark> {
    crate::layout::sheet::grid_marks(layout, palette.weight)
}

/// The link arrows the canvas paints: the display list's, only those whose route is in `view`
/// (screen or layout coordinates alike: the canvas passes the visible part of the layout).
pub fn link_marks(layout: &Layout, view: Rect) -> Vec<Mark> {
    crate::layout::sheet::link_marks(layout, |points| {
        let route = points.iter().fold(Rect::NOTHING, |r, p| r.union(Rect::from_pos(pos2(p.x, p.y))));
        route.expand(12.0).intersects(view)
    })
}

/// Phase headers (name, scores, phase warnings with their count) and lane labels as the display
/// list has them for `style` (kept in view at the top and left of the visible area when the
/// canvas is zoomed in and panned), and what the canvas adds: [`phase_warnings_ui`].
pub(super) fn headers_ui(
    ui: &mut egui::Ui,
    layout: &Layout,
    analysis: &Analysis,
    palette: &Palette,
    style: &HeaderStyle,
) {
    paint_marks(ui.painter(), &header_marks(layout, analysis, style), palette, 1.0);
    phase_warnings_ui(ui, layout, analysis, style);
}

/// A hover area on each phase header's warning count (the screen's headers have one), named
/// for a screen reader, that lists the phase's warnings.
pub(super) fn phase_warnings_ui(
    ui: &mut egui::Ui,
    layout: &Layout,
    analysis: &Analysis,
    style: &HeaderStyle,
) {
    if style.look != HeaderLook::Screen {
        return;
    }
    for col in &layout.phases {
        let warnings = phase_warnings(analysis, col.phase);
        if warnings.is_empty() {
            continue;
        }
        let badge = to_egui(&style.warnings_badge(col));
        let r =
            ui.interact(badge, ui.make_persistent_id(("phase_warnings", col.phase.index())), Sense::hover());
        r.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Label,
                true,
                format!(
                    "{} warning{} in {}",
                    warnings.len(),
                    if warnings.len() == 1 { "" } else { "s" },
                    col.phase.label()
                ),
            )
        });
        r.on_hover_ui(|ui| {
            ui.set_max_width(360.0);
            ui.label(
                egui::RichText::new(format!("{}: {} warnings", col.phase.label(), warnings.len())).strong(),
            );
            for f in &warnings {
                ui.label(format!("⚠ {}", f.message));
            }
        });
    }
}

/// The headers the canvas draws: the screen's, at the level of detail the cards have, kept in
/// `visible` (the part of the canvas in view, in canvas units).
pub fn header_style(layout: &Layout, detail: Detail, visible: Rect) -> HeaderStyle {
    let visible = layout::Rect { min: to_layout(visible.min), max: to_layout(visible.max) };
    HeaderStyle::screen(layout, detail, &visible)
}
