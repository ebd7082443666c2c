//! The canvas: phase columns, lane rows, touchpoint cards and links, painted from the pure
//! [`Layout`], inside an [`egui::Scene`] for pan and zoom. Gestures become [`Edit`]s only when
//! they end, so a drag is one undo step.

use std::collections::BTreeSet;

use egui::emath::TSTransform;
use egui::{
    Align2, Color32, CornerRadius, FontId, Pos2, Rect, Response, Sense, Shape, Stroke, StrokeKind, Vec2,
    pos2, vec2,
};

use super::theme::{Palette, exchange_points_up};
use crate::edit::Edit;
use crate::edit::build::{self, Placement};
use crate::layout::{self, Layout, card};
use crate::model::{Exchange, Journey, Phase, Provider, Touchpoint, TouchpointId};
use crate::score::Analysis;
use crate::text;

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

#[derive(Clone, Debug)]
struct CardDrag {
    ids: Vec<TouchpointId>,
    primary: TouchpointId,
    grab: Vec2,
    pointer: Pos2,
}

/// View state of the canvas. Never part of the project, so undo never touches it.
pub struct CanvasView {
    /// The visible region, in canvas units.
    pub scene_rect: Rect,
    journey_index: usize,
    /// Fit the whole journey on the next frame.
    pub fit_pending: bool,
    /// Frame these touchpoints on the next frame.
    pub frame: Option<Vec<TouchpointId>>,
    /// Pan to show this touchpoint on the next frame, if hidden.
    pub reveal: Option<TouchpointId>,
    /// Selected touchpoints.
    pub selection: BTreeSet<TouchpointId>,
    /// The inline title editor, when open.
    pub editing: Option<TitleEditor>,
    drag: Option<CardDrag>,
    box_select: Option<(Pos2, Pos2)>,
    link_drag: Option<(TouchpointId, Pos2)>,
    /// Where the view was before the title editor zoomed in, to go back there afterwards.
    before_editing: Option<Rect>,
    /// Canvas units to screen points, as of the last frame.
    pub to_screen: TSTransform,
    /// The canvas area on screen, as of the last frame.
    pub screen_rect: Rect,
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
            drag: None,
            box_select: None,
            link_drag: None,
            before_editing: None,
            to_screen: TSTransform::IDENTITY,
            screen_rect: Rect::ZERO,
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
}

fn to_egui(r: &layout::Rect) -> Rect {
    Rect::from_min_max(pos2(r.min.x, r.min.y), pos2(r.max.x, r.max.y))
}

fn to_layout(p: Pos2) -> layout::Point {
    layout::Point::new(p.x, p.y)
}

fn to_pos(p: layout::Point) -> Pos2 {
    pos2(p.x, p.y)
}

fn to_layout_rect(r: Rect) -> layout::Rect {
    layout::Rect { min: to_layout(r.min), max: to_layout(r.max) }
}

/// How much of a card to draw at a zoom level: less detail rather than unreadable detail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Detail {
    /// A coloured block with the giving/taking arrow.
    Block,
    /// The arrow and a large title.
    Title,
    /// Everything.
    Full,
}

impl Detail {
    /// The detail for a zoom level.
    pub fn at(zoom: f32) -> Self {
        if zoom < 0.3 {
            Detail::Block
        } else if zoom < 0.6 {
            Detail::Title
        } else {
            Detail::Full
        }
    }
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

    /// Zooms around the centre of the view, within [`ZOOM_RANGE`].
    pub fn zoom_by(&mut self, factor: f32) {
        let zoom = (self.zoom() * factor).clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end());
        if self.screen_rect.width() > 0.0 {
            let size = self.screen_rect.size() / zoom;
            self.scene_rect = Rect::from_center_size(self.scene_rect.center(), size);
        }
    }

    fn fit_rect(&mut self, target: Rect) {
        let margin = 40.0;
        let target = target.expand(margin);
        if self.screen_rect.width() <= 0.0 {
            self.scene_rect = target;
            return;
        }
        // Never zoom in past 1:1 to fit something small: centre it instead.
        let zoom = (self.screen_rect.width() / target.width())
            .min(self.screen_rect.height() / target.height())
            .clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end());
        self.scene_rect = Rect::from_center_size(target.center(), self.screen_rect.size() / zoom);
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
        if self.fit_pending {
            self.fit_pending = false;
            self.fit_rect(to_egui(&layout.bounds));
        }
        if let Some(ids) = self.frame.take()
            && let Some(b) = layout.cards_bounds(&ids)
        {
            self.fit_rect(
                to_egui(&b).union(Rect::from_center_size(to_egui(&b).center(), vec2(600.0, 300.0))),
            );
        }

        // Typing a title at 40 % zoom is typing blind: zoom in on the card being edited, and go
        // back to the view the user had once the title is kept or abandoned.
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
        if let Some(id) = self.reveal.take()
            && let Some(card) = layout.card(id)
        {
            let r = to_egui(&card.rect).expand(30.0);
            if !self.scene_rect.contains_rect(r) {
                self.scene_rect = Rect::from_center_size(r.center(), self.scene_rect.size());
            }
        }

        let space_down = ui.input(|i| i.key_down(egui::Key::Space)) && !ui.ctx().egui_wants_keyboard_input();
        let pan_buttons = if space_down {
            egui::DragPanButtons::all()
        } else {
            egui::DragPanButtons::MIDDLE | egui::DragPanButtons::SECONDARY
        };
        let warned = analysis.warned_touchpoints();

        let mut scene_rect = self.scene_rect;
        let scene = egui::Scene::new()
            .zoom_range(ZOOM_RANGE)
            .max_inner_size(vec2(layout.bounds.max.x + 4000.0, layout.bounds.max.y + 4000.0))
            .drag_pan_buttons(pan_buttons);
        let response = scene.show(ui, &mut scene_rect, |ui| {
            self.to_screen = ui.ctx().layer_transform_to_global(ui.layer_id()).unwrap_or_default();
            let detail = Detail::at(self.to_screen.scaling);
            paint_grid(ui, layout, analysis, palette, detail);
            for link in &layout.links {
                paint_arrow(
                    ui.painter(),
                    pos2(link.start.x, link.start.y),
                    pos2(link.end.x, link.end.y),
                    palette.link,
                    2.0,
                );
            }
            self.cards_ui(ui, journey, layout, &warned, palette, detail, &mut out);
            self.overlays_ui(ui, journey, layout, palette, &mut out);
        });
        self.scene_rect = scene_rect;
        self.background_ui(&response.response, journey, layout, space_down);
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn cards_ui(
        &mut self,
        ui: &mut egui::Ui,
        journey: &Journey,
        layout: &Layout,
        warned: &BTreeSet<TouchpointId>,
        palette: &Palette,
        detail: Detail,
        out: &mut CanvasOutput,
    ) {
        let shift = ui.input(|i| i.modifiers.shift);
        let visible = self.scene_rect.expand(layout::metrics::CARD_W);
        for card in &layout.cards {
            let rect = to_egui(&card.rect);
            if !visible.intersects(rect) {
                continue;
            }
            let tp = &journey.touchpoints[card.index];
            let id = ui.make_persistent_id(("card", card.id));
            let r = ui.interact(rect, id, Sense::click_and_drag());
            r.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    format!("Touchpoint {}: {}", tp.id, tp.title),
                )
            });
            let selected = self.selection.contains(&card.id);
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
            if r.drag_started_by(egui::PointerButton::Primary) {
                if !selected {
                    if !shift {
                        self.selection.clear();
                    }
                    self.selection.insert(card.id);
                }
                if let Some(p) = r.interact_pointer_pos() {
                    self.drag = Some(CardDrag {
                        ids: self.selection.iter().copied().collect(),
                        primary: card.id,
                        grab: p - rect.min,
                        pointer: p,
                    });
                }
            }
            if let (Some(drag), Some(p)) = (&mut self.drag, r.interact_pointer_pos())
                && drag.primary == card.id
            {
                drag.pointer = p;
            }
            if r.drag_stopped()
                && let Some(drag) = self.drag.take()
                && drag.primary == card.id
            {
                out.edits.extend(drop_edit(self.journey_index, journey, layout, &drag));
                self.reveal = Some(drag.primary);
            }
            let being_dragged = self.drag.as_ref().is_some_and(|d| d.ids.contains(&card.id));
            let hovered = r.hovered() && self.drag.is_none();
            paint_card(
                ui.painter(),
                rect,
                tp,
                CardLook { selected, hovered, warned: warned.contains(&card.id), faded: being_dragged },
                palette,
                detail,
            );

            // The link handle: drag from it to another card to draw an arrow.
            if (selected && self.selection.len() == 1 || hovered) && detail == Detail::Full {
                let handle = pos2(rect.max.x, rect.center().y);
                let hr = ui.interact(
                    Rect::from_center_size(handle, vec2(18.0, 18.0)),
                    id.with("link"),
                    Sense::drag(),
                );
                hr.widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::Button,
                        true,
                        format!("Link from touchpoint {}", tp.id),
                    )
                });
                ui.painter().circle(handle, 7.0, palette.card, Stroke::new(2.0, palette.selection));
                ui.painter().circle_filled(handle, 3.0, palette.selection);
                let hr = hr.on_hover_text("Drag to another touchpoint to link them");
                if hr.drag_started() {
                    self.link_drag = Some((card.id, handle));
                }
                if let (Some((from, _)), Some(p)) = (self.link_drag, hr.interact_pointer_pos())
                    && from == card.id
                {
                    self.link_drag = Some((from, p));
                }
                if hr.drag_stopped()
                    && let Some((from, p)) = self.link_drag.take()
                    && let Some(target) = layout.card_at(to_layout(p))
                    && let Some(edit) = build::link(self.journey_index, journey, from, target.id)
                {
                    out.edits.push(edit);
                }
            }
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
        if let Some(drag) = &self.drag {
            let at = drag.pointer - drag.grab + vec2(layout::metrics::CARD_W, layout::metrics::CARD_H) / 2.0;
            if let Some((lane, phase)) = layout.cell_at(to_layout(at))
                && let Some(cell) = layout.cell_rect(lane, phase)
            {
                ui.painter().rect_filled(to_egui(&cell), 0.0, palette.drop_target);
            }
            let ghost = Rect::from_min_size(
                drag.pointer - drag.grab,
                vec2(layout::metrics::CARD_W, layout::metrics::CARD_H),
            );
            ui.painter().rect(
                ghost,
                6.0,
                palette.card.gamma_multiply(0.85),
                Stroke::new(2.0, palette.selection),
                StrokeKind::Inside,
            );
            if drag.ids.len() > 1 {
                ui.painter().text(
                    ghost.center(),
                    Align2::CENTER_CENTER,
                    format!("{} touchpoints", drag.ids.len()),
                    FontId::proportional(16.0),
                    palette.text,
                );
            } else if let Some(tp) = journey.touchpoint(drag.primary) {
                ui.painter().text(
                    ghost.center(),
                    Align2::CENTER_CENTER,
                    &tp.title,
                    FontId::proportional(14.0),
                    palette.text,
                );
            }
        }
        if let Some((from, p)) = self.link_drag
            && let Some(card) = layout.card(from)
        {
            let start = pos2(card.rect.max.x, card.rect.center().y);
            paint_arrow(ui.painter(), start, p, palette.selection, 2.5);
        }
        if let Some((a, b)) = self.box_select {
            let r = Rect::from_two_pos(a, b);
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
            "Enter to keep · Esc to cancel",
            FontId::proportional(11.0),
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
            let slot = layout.slot_at(phase, p.x);
            let at = layout.slot_rect(lane, phase, slot);
            self.selection.clear();
            self.editing =
                Some(TitleEditor::new(EditTarget::New { lane, phase, placement, at }, String::new()));
            return;
        }
        if r.clicked() && !r.ctx.input(|i| i.modifiers.shift) {
            self.selection.clear();
        }
        if space_down {
            self.box_select = None;
            return;
        }
        if r.drag_started_by(egui::PointerButton::Primary)
            && let Some(p) = pointer
        {
            self.box_select = Some((p, p));
        }
        if let (Some((a, _)), Some(p)) = (self.box_select, pointer)
            && r.dragged_by(egui::PointerButton::Primary)
        {
            self.box_select = Some((a, p));
        }
        if r.drag_stopped()
            && let Some((a, b)) = self.box_select.take()
        {
            let area = Rect::from_two_pos(a, b);
            if !r.ctx.input(|i| i.modifiers.shift) {
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

/// Where the title editor sits: on the card being renamed, or where the new card will go.
fn editor_card(editor: &TitleEditor, layout: &Layout) -> Option<layout::Rect> {
    match &editor.target {
        EditTarget::Existing(id) => layout.card(*id).map(|c| c.rect),
        EditTarget::New { lane, phase, at, .. } => at.or_else(|| layout.next_card_rect(*lane, *phase)),
    }
}

/// The edit for dropping dragged cards where the pointer let go of them.
fn drop_edit(journey_index: usize, journey: &Journey, layout: &Layout, drag: &CardDrag) -> Option<Edit> {
    let centre = drag.pointer - drag.grab + vec2(layout::metrics::CARD_W, layout::metrics::CARD_H) / 2.0;
    let moves = layout.drop_moves(journey, &drag.ids, drag.primary, to_layout(centre));
    build::move_touchpoints(journey_index, journey, &moves)
}

fn paint_grid(ui: &egui::Ui, layout: &Layout, analysis: &Analysis, palette: &Palette, detail: Detail) {
    use layout::metrics as m;
    let painter = ui.painter();
    let bounds = to_egui(&layout.bounds);
    painter.rect_filled(bounds, 0.0, palette.canvas);
    let big = detail != Detail::Full;
    for (i, lane) in layout.lanes.iter().enumerate() {
        if i % 2 == 1 {
            painter.rect_filled(to_egui(&lane.body), 0.0, palette.lane_band);
        }
        let label = to_egui(&lane.label);
        painter.rect_filled(label, 0.0, palette.header);
        let size = if big { 22.0 } else { m::LANE_SIZE };
        let galley = title_galley(
            painter,
            &lane.name,
            size,
            label.width() - 2.0 * m::LANE_PAD + 4.0,
            2,
            palette.header_text,
        );
        painter.galley(
            label.left_center() + vec2(m::LANE_PAD, -galley.size().y / 2.0),
            galley,
            palette.header_text,
        );
        painter.hline(bounds.x_range(), lane.body.max.y, Stroke::new(1.0, palette.grid));
    }
    for col in &layout.phases {
        let header = to_egui(&col.header);
        painter.rect_filled(header, 0.0, palette.header);
        let phase_scores = &analysis.phases[col.phase.index()];
        let title_size = if big { 26.0 } else { m::PHASE_SIZE };
        let title = title_galley(
            painter,
            col.phase.label(),
            title_size,
            header.width() - 24.0,
            1,
            palette.header_text,
        );
        painter.galley(header.left_top() + vec2(m::HEADER_PAD, 8.0), title, palette.header_text);
        if !big {
            let sub = layout::phase_summary(phase_scores);
            let sub = title_galley(
                painter,
                &sub,
                m::PHASE_SUMMARY_SIZE,
                header.width() - 24.0,
                1,
                palette.weak_text,
            );
            let at = header.left_bottom() + vec2(m::HEADER_PAD, -8.0 - sub.size().y);
            painter.galley(at, sub, palette.weak_text);
        }
        painter.vline(col.header.min.x, bounds.y_range(), Stroke::new(1.0, palette.grid));
    }
    painter.hline(bounds.x_range(), layout::metrics::HEADER_H, Stroke::new(1.5, palette.grid));
}

/// How a card should look.
#[derive(Clone, Copy)]
struct CardLook {
    selected: bool,
    hovered: bool,
    warned: bool,
    faded: bool,
}

/// An arrow shape for giving (up) or taking (down), a diamond for neutral.
fn exchange_icon(painter: &egui::Painter, centre: Pos2, size: f32, e: Exchange, color: Color32) {
    let points = card::exchange_mark(to_layout(centre), size, exchange_points_up(e));
    painter.add(Shape::convex_polygon(points.into_iter().map(to_pos).collect(), color, Stroke::NONE));
}

fn provider_icon(painter: &egui::Painter, centre: Pos2, provider: &Provider, color: Color32) {
    match provider {
        Provider::Person(_) => {
            painter.circle_filled(centre + vec2(0.0, -2.5), 2.8, color);
            painter.circle_filled(centre + vec2(0.0, 4.0), 4.2, color);
        }
        Provider::Team(_) => {
            for dx in [-3.5, 3.5] {
                painter.circle_filled(centre + vec2(dx, -2.5), 2.3, color);
                painter.circle_filled(centre + vec2(dx, 3.5), 3.2, color);
            }
        }
        Provider::Anyone => {
            painter.circle_stroke(centre, 4.5, Stroke::new(1.5, color));
        }
        Provider::Automated => {
            painter.rect_stroke(
                Rect::from_center_size(centre, vec2(9.0, 9.0)),
                1.5,
                Stroke::new(1.5, color),
                StrokeKind::Middle,
            );
        }
    }
}

fn paint_card(
    painter: &egui::Painter,
    rect: Rect,
    tp: &Touchpoint,
    look: CardLook,
    palette: &Palette,
    detail: Detail,
) {
    let color = palette.exchange(tp.exchange);
    let alpha = if look.faded { 0.35 } else { 1.0 };
    let border = if look.selected {
        Stroke::new(3.0, palette.selection)
    } else if look.hovered {
        Stroke::new(1.5, palette.selection.gamma_multiply(0.7))
    } else {
        Stroke::new(1.0, palette.card_border)
    };
    let radius = CornerRadius::same(6);
    painter.rect(rect, radius, palette.card.gamma_multiply(alpha), border, StrokeKind::Inside);
    let stripe = Rect::from_min_max(rect.min, pos2(rect.min.x + 7.0, rect.max.y));
    painter.rect_filled(stripe, CornerRadius { nw: 6, sw: 6, ne: 0, se: 0 }, color.gamma_multiply(alpha));

    match detail {
        Detail::Block => {
            painter.rect_filled(rect.shrink(6.0), 4, color.gamma_multiply(0.25 * alpha));
            exchange_icon(painter, rect.center(), 60.0, tp.exchange, color.gamma_multiply(alpha));
            return;
        }
        Detail::Title => {
            exchange_icon(painter, rect.left_top() + vec2(26.0, 24.0), 22.0, tp.exchange, color);
            let galley = title_galley(painter, &tp.title, 22.0, rect.width() - 24.0, 2, palette.text);
            painter.galley(rect.left_top() + vec2(14.0, 42.0), galley, palette.text);
            if look.warned {
                warning_icon(painter, rect.right_top() + vec2(-18.0, 18.0), 20.0, palette.warning);
            }
            return;
        }
        Detail::Full => {}
    }

    let measure = |text: &str, size: f32| {
        painter.layout_no_wrap(text.to_owned(), FontId::proportional(size), Color32::WHITE).size().x
    };
    let line_height = |size: f32| painter.fonts_mut(|f| f.row_height(&FontId::proportional(size)));
    let parts = card::card_parts(&to_layout_rect(rect), tp, look.warned, measure, line_height);

    // Row 1: who gives or takes, how strongly.
    exchange_icon(painter, to_pos(parts.icon), card::ICON_SIZE, tp.exchange, color);
    painter.text(
        to_pos(parts.word),
        Align2::LEFT_TOP,
        card::exchange_word(tp.exchange),
        FontId::proportional(card::WORD_SIZE),
        color,
    );
    for (i, c) in parts.dots.iter().enumerate() {
        if i < usize::from(tp.exchange.strength()) {
            painter.circle_filled(to_pos(*c), card::DOT_R, color);
        } else if tp.exchange != Exchange::Neutral {
            painter.circle_stroke(to_pos(*c), card::DOT_R - 0.2, Stroke::new(1.0, color));
        }
    }
    if look.warned {
        warning_icon(painter, to_pos(parts.warning), card::WARNING_SIZE, palette.warning);
    }
    if let Some(f) = tp.feeling {
        let c = to_pos(parts.feeling);
        painter.circle(
            c,
            card::FEELING_R,
            palette.feeling.gamma_multiply(0.2 + 0.2 * (f32::from(f) + 2.0)),
            Stroke::new(1.0, palette.feeling),
        );
        painter.text(
            c,
            Align2::CENTER_CENTER,
            format!("{f:+}"),
            FontId::proportional(card::FEELING_SIZE),
            palette.text,
        );
    }

    // Title, up to two lines.
    let galley =
        title_galley(painter, &tp.title, card::TITLE_SIZE, parts.title_width, card::TITLE_ROWS, palette.text);
    painter.galley(to_pos(parts.title), galley, palette.text);

    // Flags as word pills.
    for pill in &parts.pills {
        painter.rect_filled(to_egui(&pill.rect), 7, palette.pill);
        painter.text(
            to_pos(pill.text),
            Align2::LEFT_TOP,
            pill.word,
            FontId::proportional(card::FLAG_SIZE),
            palette.text,
        );
    }

    // Bottom row: provider and day.
    provider_icon(painter, to_pos(parts.provider_icon), &tp.provider, palette.weak_text);
    painter.text(
        to_pos(parts.provider),
        Align2::LEFT_CENTER,
        text::fit(&tp.provider.label(), card::FOOT_SIZE, parts.provider_width),
        FontId::proportional(card::FOOT_SIZE),
        palette.weak_text,
    );
    painter.text(
        to_pos(parts.day),
        Align2::RIGHT_CENTER,
        format!("day {}", tp.day),
        FontId::proportional(card::FOOT_SIZE),
        palette.weak_text,
    );
}

fn title_galley(
    painter: &egui::Painter,
    title: &str,
    size: f32,
    width: f32,
    rows: usize,
    color: Color32,
) -> std::sync::Arc<egui::Galley> {
    let mut job = egui::text::LayoutJob::simple(title.to_owned(), FontId::proportional(size), color, width);
    job.wrap = egui::text::TextWrapping {
        max_width: width,
        max_rows: rows,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    painter.layout_job(job)
}

fn warning_icon(painter: &egui::Painter, centre: Pos2, size: f32, color: Color32) {
    let h = size / 2.0;
    let corners = card::warning_mark(to_layout(centre), size);
    painter.add(Shape::convex_polygon(corners.into_iter().map(to_pos).collect(), color, Stroke::NONE));
    painter.text(
        centre + vec2(0.0, h * 0.2),
        Align2::CENTER_CENTER,
        "!",
        FontId::proportional(size * 0.65),
        Color32::WHITE,
    );
}

fn paint_arrow(painter: &egui::Painter, from: Pos2, to: Pos2, color: Color32, width: f32) {
    let Some((base, head)) = card::arrow_head(to_layout(from), to_layout(to), 12.0) else { return };
    painter.line_segment([from, to_pos(base)], Stroke::new(width, color));
    painter.add(Shape::convex_polygon(head.into_iter().map(to_pos).collect(), color, Stroke::NONE));
}
