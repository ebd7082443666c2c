//! The compare view (DESIGN.md §13): two journeys of the project one above the other on the
//! same lanes, what changed marked on the cards, and beside them the score and sub-score
//! changes, the classification change, both trajectories in one plot and the findings grouped
//! as resolved, introduced and persisting. It is computed from the project as it is each time
//! the project changes, so editing either journey updates it at once.

use std::collections::BTreeSet;

use egui::{Color32, Rect, RichText, Sense, Stroke, StrokeKind, Ui, pos2, vec2};
use egui_plot::{Line, LineStyle, PlotPoints};

use super::canvas::{ZOOM_RANGE, paint_marks, paint_marks_at, phase_warnings_ui, to_egui};
use super::panels::still_plot;
use super::theme::Palette;
use crate::compare::{self, Change, Comparison};
use crate::layout::LayoutOptions;
use crate::layout::card::Detail;
use crate::layout::metrics::{CARD_W, FIT_MARGIN};
use crate::layout::review::{self, CardChange, Compared};
use crate::layout::review_page::{self, JourneyMarks, ReviewLook};
use crate::layout::sheet::HeaderStyle;
use crate::model::{Journey, Phase, Project, TouchpointId};
use crate::score::{self, Analysis, Finding, Severity};

/// The smallest title, in pixels, before the compare view's cards switch to larger type.
pub const COMPARE_TITLE_PX: f32 = 16.0;

/// The smallest a change pill's words are on screen, in pixels.
pub const MIN_PILL_PX: f32 = 11.0;

/// Which of the two journeys: the earlier (drawn on top) or the later.
pub use crate::layout::review_page::Side;

/// What was asked of the shell from the compare view.
#[derive(Debug, Default)]
pub struct CompareOutput {
    /// A card was clicked: show its journey and select it (the inspector then edits it).
    pub select: Option<(usize, TouchpointId)>,
    /// Leave the compare view.
    pub close: bool,
}

/// Everything computed from the two journeys; rebuilt when either changes.
struct Computed {
    revision: u64,
    pair: (usize, usize),
    focus: Option<Phase>,
    options: LayoutOptions,
    /// The size of the view the wrapping was chosen for.
    laid_for: egui::Vec2,
    compared: Compared,
    comparison: Comparison,
    from_analysis: Analysis,
    to_analysis: Analysis,
}

/// One side of a comparison: its journey, laid out, analysed, and its cards' changes.
struct Shown<'a> {
    journey: &'a Journey,
    layout: &'a crate::layout::Layout,
    analysis: &'a Analysis,
    changes: &'a std::collections::BTreeMap<TouchpointId, CardChange>,
}

impl Computed {
    fn side(&self, side: Side) -> Shown<'_> {
        let c = &self.compared;
        match side {
            Side::From => Shown {
                journey: &c.from,
                layout: &c.from_layout,
                analysis: &self.from_analysis,
                changes: &c.from_changes,
            },
            Side::To => Shown {
                journey: &c.to,
                layout: &c.to_layout,
                analysis: &self.to_analysis,
                changes: &c.to_changes,
            },
        }
    }
}

/// The compare view's state. Never part of the project or of undo.
pub struct CompareView {
    /// Index of the earlier journey.
    pub from: usize,
    /// Index of the later journey.
    pub to: usize,
    scene_rect: Rect,
    fit: bool,
    computed: Option<Computed>,
    highlight: Option<(Side, BTreeSet<TouchpointId>)>,
    frame: Option<(Side, Vec<TouchpointId>)>,
    screen: Rect,
    to_screen: egui::emath::TSTransform,
    /// The compared journeys' names and how many journeys there were, to follow them when
    /// journeys are added or deleted.
    names: (String, String),
    count: usize,
    /// The phase compared alone (PageDown / PageUp), or `None` for the whole journeys.
    focus: Option<Phase>,
    /// How far past 1:1 the view may zoom (a phase compared alone), as of the last fit.
    most_zoom: f32,
    /// How much of the view's left edge a window covers (the inspector, floating while
    /// comparing): the diagrams are fitted beside it, never under it.
    covered_left: f32,
    /// The layer the diagrams were painted on last frame.
    layer: Option<egui::LayerId>,
}

pub use crate::compare::default_pair;

impl CompareView {
    /// A view of two journeys.
    pub fn new(project: &Project, from: usize, to: usize) -> Self {
        let name = |i: usize| project.journeys.get(i).map_or_else(String::new, |j| j.name.clone());
        Self {
            names: (name(from), name(to)),
            count: project.journeys.len(),
            from,
            to,
            scene_rect: Rect::ZERO,
            fit: true,
            computed: None,
            highlight: None,
            frame: None,
            screen: Rect::ZERO,
            to_screen: egui::emath::TSTransform::IDENTITY,
            focus: None,
            most_zoom: 1.0,
            covered_left: 0.0,
            layer: None,
        }
    }

    /// Says how much of the view's left edge a window covers now; the diagrams refit beside it.
    pub fn set_covered_left(&mut self, width: f32) {
        if (width - self.covered_left).abs() > 0.5 {
            self.covered_left = width;
            self.fit = true;
        }
    }

    /// The phase compared alone, or `None` for the whole journeys.
    pub fn focus(&self) -> Option<Phase> {
        self.focus
    }

    /// Compares one phase alone (or the whole journeys), fitted: a laptop reads a phase of both
    /// journeys where it cannot read every card of both at once.
    pub fn set_focus(&mut self, focus: Option<Phase>) {
        if focus != self.focus {
            self.focus = focus;
            self.fit = true;
        }
    }

    /// The next (or previous) step: whole → early days → first disagreement → long term → whole.
    pub fn step(&mut self, forward: bool) {
        self.set_focus(super::present::step(self.focus, forward));
    }

    /// Fits both diagrams in view again.
    pub fn fit(&mut self) {
        self.fit = true;
    }

    /// The cards ringed in the diagrams (a clicked finding's or card), and on which side.
    pub fn highlighted(&self) -> Option<(Side, &BTreeSet<TouchpointId>)> {
        self.highlight.as_ref().map(|(side, ids)| (*side, ids))
    }

    /// Where the centre of a card is on screen, as of the last frame.
    pub fn card_on_screen(&self, side: Side, id: TouchpointId) -> Option<egui::Pos2> {
        let c = self.computed.as_ref()?;
        let centre = c.side(side).layout.card(id)?.rect.center();
        Some(self.to_screen * pos2(centre.x, centre.y))
    }

    /// The layer the diagrams were painted on last frame (in diagram units), and its zoom: what
    /// a test reads to see what the view really drew.
    pub fn layer(&self) -> Option<(egui::LayerId, f32)> {
        self.layer.map(|l| (l, self.to_screen.scaling))
    }

    /// The two journeys as compared and laid out, with their analyses, once drawn.
    pub fn compared(&self) -> Option<(&Compared, [&Analysis; 2])> {
        self.computed.as_ref().map(|c| (&c.compared, [&c.from_analysis, &c.to_analysis]))
    }

    /// The comparison shown, once drawn.
    pub fn comparison(&self) -> Option<&Comparison> {
        self.computed.as_ref().map(|c| &c.comparison)
    }

    /// Follows the two journeys when journeys are added, deleted or brought back by undo: by
    /// name when the number of journeys changed (by place otherwise, so a rename keeps them).
    /// Returns the name of a compared journey that is gone.
    pub fn follow(&mut self, project: &Project) -> Option<String> {
        let n = project.journeys.len();
        if n != self.count {
            let find = |name: &str| project.journeys.iter().position(|j| j.name == name);
            match (find(&self.names.0), find(&self.names.1)) {
                (Some(a), Some(b)) => (self.from, self.to) = (a, b),
                (None, _) => return Some(self.names.0.clone()),
                (_, None) => return Some(self.names.1.clone()),
            }
            self.count = n;
        }
        if self.from >= n || self.to >= n {
            return Some(if self.from >= n { self.names.0.clone() } else { self.names.1.clone() });
        }
        self.names = (project.journeys[self.from].name.clone(), project.journeys[self.to].name.clone());
        None
    }

    /// Lets go of the ringed cards.
    pub fn clear_highlight(&mut self) {
        self.highlight = None;
    }

    /// Brings the comparison up to date with the project. The wrapping is chosen for the view
    /// when the pair or the project changes, on Fit, and when the view's size changes by more
    /// than a panel's width — not when the inspector comes and goes, so nothing jumps under the
    /// pointer after a click.
    fn refresh(&mut self, project: &Project, revision: u64, screen: Rect) {
        let n = project.journeys.len();
        if n < 2 || self.from >= n || self.to >= n {
            self.computed = None;
            return;
        }
        let pair = (self.from, self.to);
        let resized = |c: &Computed| {
            let (a, b) = (c.laid_for, screen.size());
            (a.x - b.x).abs() > a.x * 0.3 || (a.y - b.y).abs() > a.y * 0.3
        };
        let fresh = self.computed.as_ref().is_some_and(|c| {
            c.revision == revision && c.pair == pair && c.focus == self.focus && !self.fit && !resized(c)
        });
        if fresh {
            return;
        }
        let (from, to) = (&project.journeys[self.from], &project.journeys[self.to]);
        let same_view = self
            .computed
            .as_ref()
            .is_some_and(|c| c.pair == pair && c.focus == self.focus && !self.fit && !resized(c));
        let (options, laid_for) = match &self.computed {
            // An edit: keep the wrapping, so the cards stay where the eye left them.
            Some(c) if same_view => (c.options, c.laid_for),
            _ => {
                let (w, h) = ((screen.width() - self.covered_left).max(200.0), screen.height().max(200.0));
                let (options, zoom) = review::fit_pair_of(from, to, w, h, self.focus);
                self.most_zoom = zoom.max(1.0);
                (options, screen.size())
            }
        };
        if self.computed.as_ref().is_none_or(|c| c.pair != pair) {
            self.highlight = None;
            self.fit = true;
        }
        if self.computed.as_ref().is_some_and(|c| c.options != options) {
            self.fit = true;
        }
        let from_analysis = score::analyse(from);
        let to_analysis = score::analyse(to);
        let comparison = compare::compare_analysed(from, &from_analysis, to, &to_analysis);
        let compared = review::compare_layouts(from, to, &comparison.touchpoints, &options);
        self.computed = Some(Computed {
            revision,
            pair,
            focus: self.focus,
            options,
            laid_for,
            compared,
            comparison,
            from_analysis,
            to_analysis,
        });
    }

    /// The diagrams: both journeys one above the other, pan and zoom as on the canvas.
    pub fn canvas_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        revision: u64,
        palette: &Palette,
    ) -> CompareOutput {
        let mut out = CompareOutput::default();
        self.screen = ui.available_rect_before_wrap();
        self.refresh(project, revision, self.screen);
        let Some(c) = &self.computed else {
            ui.centered_and_justified(|ui| {
                ui.label(
                    RichText::new(
                        "Compare needs two journeys: Journey → Duplicate journey (make a to-be) first.",
                    )
                    .size(18.0)
                    .weak(),
                );
            });
            return out;
        };
        let bounds = to_egui(&c.compared.bounds);
        let most = self.most_zoom;
        let mut usable = self.screen;
        usable.min.x = (usable.min.x + self.covered_left).min(usable.max.x - 100.0);
        if std::mem::take(&mut self.fit) {
            self.scene_rect = fitted(bounds, self.screen, usable, most);
        }
        if let Some((side, ids)) = self.frame.take()
            && let Some(b) = c.side(side).layout.cards_bounds(&ids)
        {
            let b = to_egui(&b);
            let target = b.union(Rect::from_center_size(b.center(), vec2(700.0, 360.0)));
            self.scene_rect = fitted(target, self.screen, usable, most);
        }
        let ppp = ui.ctx().pixels_per_point();
        let mut scene_rect = self.scene_rect;
        let mut clicked = None;
        let mut to_screen = self.to_screen;
        let highlight = self.highlight.clone();
        let mut layer = None;
        egui::Scene::new()
            .zoom_range(*ZOOM_RANGE.start()..=most)
            .max_inner_size(vec2(bounds.max.x + 4000.0, bounds.max.y + 4000.0))
            .show(ui, &mut scene_rect, |ui| {
                to_screen = ui.ctx().layer_transform_to_global(ui.layer_id()).unwrap_or_default();
                layer = Some(ui.layer_id());
                let scaling = to_screen.scaling;
                let ppu = scaling * ppp;
                // Two journeys share the screen, read side by side in a review: titles switch to
                // larger type sooner than on the canvas.
                let detail = Detail::for_scale_reading(ppu, COMPARE_TITLE_PX);
                let visible = ui.clip_rect().expand(CARD_W);
                for j in &compare_marks(c, detail, ppu, palette, visible) {
                    let lit = highlight.as_ref().filter(|(s, _)| *s == j.side).map(|(_, ids)| ids);
                    let shown = c.side(j.side);
                    if let Some(id) = diagram_ui(ui, &shown, j, lit, palette, detail, ppu, visible) {
                        clicked = Some((j.side, id));
                    }
                }
            });
        self.scene_rect = scene_rect;
        self.to_screen = to_screen;
        self.layer = layer;
        if let Some((side, id)) = clicked {
            let journey = if side == Side::From { self.from } else { self.to };
            out.select = Some((journey, id));
            self.highlight = Some((side, [id].into()));
        }
        out
    }

    /// The side panel: the pair, the score changes, the classification, both trajectories and
    /// the findings grouped. Clicking a finding frames its touchpoints in the diagrams.
    pub fn panel_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        palette: &Palette,
        large: bool,
    ) -> CompareOutput {
        let mut out = CompareOutput::default();
        let names: Vec<&str> = project.journeys.iter().map(|j| j.name.as_str()).collect();
        ui.horizontal(|ui| {
            ui.label(RichText::new("Compare").strong().size(if large { 22.0 } else { 17.0 }));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("✕").on_hover_text("Leave the compare view (Esc)").clicked() {
                    out.close = true;
                }
            });
        });
        if names.len() < 2 {
            ui.label(RichText::new("The project has one journey.").weak());
            return out;
        }
        egui::Grid::new("compare_pair").num_columns(2).show(ui, |ui| {
            ui.label("From");
            journey_combo(ui, "compare_from", &names, &mut self.from);
            ui.end_row();
            ui.label("To");
            journey_combo(ui, "compare_to", &names, &mut self.to);
            ui.end_row();
        });
        if ui.button("⇅ Swap from and to").clicked() {
            std::mem::swap(&mut self.from, &mut self.to);
            self.highlight = None;
        }
        if self.from == self.to {
            ui.label(
                RichText::new("From and To are the same journey: pick another to compare.")
                    .color(palette.warning_text),
            );
        }
        // Phase by phase, as when presenting: a laptop reads a phase of both journeys.
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Show").weak());
            let steps = [None, Some(Phase::EarlyDays), Some(Phase::FirstDisagreement), Some(Phase::LongTerm)];
            for step in steps {
                let name = step.map_or("Whole", Phase::label);
                let r = ui
                    .selectable_label(self.focus == step, name)
                    .on_hover_text("PageDown / PageUp step through the phases, Home shows the whole");
                if r.clicked() {
                    self.set_focus(step);
                }
            }
        });
        ui.separator();
        let Some(c) = &self.computed else { return out };
        let mut frame = None;
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            changes_ui(ui, &c.comparison, palette, large);
            ui.add_space(6.0);
            classification_ui(ui, c, large);
            ui.separator();
            frame = findings_ui(ui, &c.comparison, palette, large);
            ui.separator();
            touchpoints_ui(ui, &c.comparison, palette);
            ui.separator();
            trajectories_ui(ui, &c.from_analysis, &c.to_analysis, &c.comparison, palette);
            ui.separator();
            feelings_ui(ui, &c.compared.from, &c.compared.to, palette);
        });
        if let Some((side, ids)) = frame {
            self.highlight = Some((side, ids.iter().copied().collect()));
            self.frame = Some((side, ids));
        }
        out
    }
}

/// A scene rectangle that shows `target` whole in a screen rectangle, no larger than 1:1.
/// The part of the scene to show on `screen` so that `target` fits in `usable` (the part of
/// the screen nothing covers), centred there.
fn fitted(target: Rect, screen: Rect, usable: Rect, most: f32) -> Rect {
    let target = target.expand(FIT_MARGIN);
    let zoom = (usable.width() / target.width()).min(usable.height() / target.height()).clamp(0.01, most);
    let offset = (usable.center() - screen.min) / zoom;
    Rect::from_min_size(target.center() - offset, screen.size() / zoom)
}

fn journey_combo(ui: &mut Ui, id: &str, names: &[&str], index: &mut usize) {
    egui::ComboBox::from_id_salt(id)
        .selected_text(names.get(*index).copied().unwrap_or(""))
        .width(ui.available_width().min(220.0))
        .show_ui(ui, |ui| {
            for (i, name) in names.iter().enumerate() {
                ui.selectable_value(index, i, *name);
            }
        });
}

/// How the compare view draws a review's diagrams at `ppu` screen pixels per diagram unit: cards
/// at `detail`, change pills never smaller on screen than they can be read (a crowded view keeps
/// its pills), grid lines of the palette's weight.
pub fn look(detail: Detail, ppu: f32, palette: &Palette) -> ReviewLook {
    let pill_size = review::pill_size(detail).max(MIN_PILL_PX / ppu.max(0.01)).min(review::PILL_SIZE * 2.0);
    ReviewLook::Screen { detail, pill_size, weight: palette.weight }
}

/// What the compare view draws of both journeys: the review's own assembly
/// ([`review_page::journeys_marks`]) with the cards in `visible` only.
fn compare_marks(
    c: &Computed,
    detail: Detail,
    ppu: f32,
    palette: &Palette,
    visible: Rect,
) -> [JourneyMarks; 2] {
    let look = look(detail, ppu, palette);
    review_page::journeys_marks(&c.compared, (&c.from_analysis, &c.to_analysis), look, |r| {
        visible.intersects(to_egui(r))
    })
}

/// One journey: its band and diagram with its change marks as the display list has them, and
/// what the view adds (a click and hover area on each card, named for a screen reader, the ring
/// of a highlighted or hovered card, the phase warnings' lists). Returns the card clicked.
#[allow(clippy::too_many_arguments)]
fn diagram_ui(
    ui: &mut Ui,
    shown: &Shown<'_>,
    marks: &JourneyMarks,
    lit: Option<&BTreeSet<TouchpointId>>,
    palette: &Palette,
    detail: Detail,
    ppu: f32,
    visible: Rect,
) -> Option<TouchpointId> {
    let Shown { journey, layout, analysis, changes } = *shown;
    for part in [&marks.band, &marks.grid, &marks.headers, &marks.links] {
        paint_marks(ui.painter(), part, palette, 1.0);
    }
    for card in &marks.cards {
        paint_marks_at(ui.painter(), &card.marks, palette, 1.0, ppu);
    }
    for change in &marks.changes {
        paint_marks_at(ui.painter(), &change.marks, palette, 1.0, ppu);
    }
    phase_warnings_ui(ui, layout, analysis, &HeaderStyle::screen(layout, detail, &layout.bounds));
    let side = marks.side;
    let mut clicked = None;
    for card in &layout.cards {
        let rect = to_egui(&card.rect);
        if !visible.intersects(rect) {
            continue;
        }
        let tp = &journey.touchpoints[card.index];
        let change = changes.get(&card.id);
        let side_name = side.as_str();
        let r =
            ui.interact(rect, ui.make_persistent_id(("compare_card", side_name, card.id)), Sense::click());
        r.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Button,
                true,
                format!("{side_name} touchpoint {}: {}", tp.id, tp.title),
            )
        });
        let r = r.on_hover_ui(|ui| {
            ui.label(RichText::new(&tp.title).strong());
            if let Some(change) = change {
                ui.label(change.label());
            }
            ui.label(RichText::new("Click to select it in its journey and edit it in the inspector").weak());
        });
        if lit.is_some_and(|ids| ids.contains(&card.id)) {
            ui.painter().rect_stroke(rect, 6.0, Stroke::new(3.0, palette.selection), StrokeKind::Outside);
        } else if r.hovered() {
            ui.painter().rect_stroke(
                rect,
                6.0,
                Stroke::new(1.5, palette.selection.gamma_multiply(0.7)),
                StrokeKind::Inside,
            );
        }
        if r.clicked() {
            clicked = Some(card.id);
        }
    }
    clicked
}

fn changes_ui(ui: &mut Ui, c: &Comparison, palette: &Palette, large: bool) {
    let (big, body) = if large { (22.0, 17.0) } else { (17.0, 14.0) };
    egui::Grid::new("compare_scores").num_columns(3).spacing(vec2(10.0, 3.0)).show(ui, |ui| {
        let row = |ui: &mut Ui, label: &str, change: Change, decimals: usize, size: f32, strong: bool| {
            let [from, to, delta] = change.shown(decimals);
            let mut l = RichText::new(label).size(size);
            if strong {
                l = l.strong();
            }
            ui.label(l);
            ui.label(RichText::new(format!("{from} → {to}")).size(size).monospace());
            let (shown, colour) = match change.direction(decimals) {
                std::cmp::Ordering::Greater => (format!("▲ {delta}"), palette.better),
                std::cmp::Ordering::Less => (format!("▼ {delta}"), palette.worse),
                std::cmp::Ordering::Equal => ("no change".to_owned(), palette.weak_text),
            };
            ui.label(RichText::new(shown).size(size).strong().color(colour));
            ui.end_row();
        };
        row(ui, "Design mutuality", c.mutuality.score, 0, big, true);
        for (sub, change) in c.mutuality.parts() {
            row(ui, &format!("   {}", sub.label()), change, 2, body, false);
        }
        row(ui, "Design continuity", c.continuity.score, 0, big, true);
        for (sub, change) in c.continuity.parts() {
            row(ui, &format!("   {}", sub.label()), change, 2, body, false);
        }
    });
}

fn classification_ui(ui: &mut Ui, c: &Computed, large: bool) {
    let size = if large { 20.0 } else { 16.0 };
    let (from, to) = (c.comparison.classification.from, c.comparison.classification.to);
    let text = if from == to {
        format!("Still {}", from.label().to_lowercase())
    } else {
        format!("{} → {}", from.label(), to.label())
    };
    ui.label(RichText::new(text).size(size).strong());
    ui.label(RichText::new(format!("From: {}", c.from_analysis.verdict.rule)).weak());
    ui.label(RichText::new(format!("To: {}", c.to_analysis.verdict.rule)).weak());
}

fn trajectories_ui(ui: &mut Ui, from: &Analysis, to: &Analysis, c: &Comparison, palette: &Palette) {
    ui.label(RichText::new("Trajectories").strong());
    if from.trajectory.is_empty() && to.trajectory.is_empty() {
        ui.label(RichText::new("Neither journey has touchpoints yet.").weak());
        return;
    }
    let points = |a: &Analysis, m: bool| -> PlotPoints {
        a.trajectory.iter().map(|p| [f64::from(p.day), if m { p.mutuality } else { p.continuity }]).collect()
    };
    let (m, k) = (palette.mutuality, palette.continuity);
    let lines = [
        (format!("mutuality, {}", c.from), points(from, true), m, true),
        (format!("continuity, {}", c.from), points(from, false), k, true),
        (format!("mutuality, {}", c.to), points(to, true), m, false),
        (format!("continuity, {}", c.to), points(to, false), k, false),
    ];
    still_plot("compare_trajectories", 180.0).include_y(0.0).include_y(100.0).show(ui, move |plot| {
        for (name, points, colour, dashed) in lines {
            let line = Line::new(name, points).color(colour).width(if dashed { 1.5 } else { 2.5 });
            plot.line(if dashed { line.style(LineStyle::dashed_loose()) } else { line });
        }
    });
    // A caption, not a legend: a legend over a 180-point plot hides the lines it names.
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        ui.label(RichText::new("━ mutuality").color(m).small());
        ui.label(RichText::new("━ continuity").color(k).small());
        ui.label(RichText::new(format!("· dashed: {} · solid: {}", c.from, c.to)).small().weak());
    });
}

/// The runs of a journey's feeling curve by day: consecutive touchpoints (in timeline order)
/// that have a feeling; one without breaks the curve rather than counting as zero.
pub fn feeling_runs(journey: &Journey) -> Vec<Vec<[f64; 2]>> {
    let mut runs = vec![Vec::new()];
    for i in journey.timeline() {
        let tp = &journey.touchpoints[i];
        match tp.feeling {
            Some(f) => runs.last_mut().expect("a run").push([f64::from(tp.day), f64::from(f)]),
            None if runs.last().is_some_and(|r| !r.is_empty()) => runs.push(Vec::new()),
            None => {}
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

/// Both journeys' feeling curves in one strip, by day: where the to-be lifts the customer.
fn feelings_ui(ui: &mut Ui, from: &Journey, to: &Journey, palette: &Palette) {
    ui.label(RichText::new("Feeling").strong());
    let (a, b) = (feeling_runs(from), feeling_runs(to));
    if a.is_empty() && b.is_empty() {
        ui.label(RichText::new("Neither journey has feelings yet: set them with Ctrl+↑ / Ctrl+↓.").weak());
        return;
    }
    let colour = palette.feeling;
    let (from_name, to_name) = (from.name.clone(), to.name.clone());
    still_plot("compare_feelings", 130.0)
        .include_y(-2.2)
        .include_y(2.2)
        .y_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 1.0, 1.0]))
        .show(ui, move |plot| {
            plot.hline(egui_plot::HLine::new("", 0.0).color(palette_grey(colour)).width(1.0));
            for (runs, name, dashed) in [(a, from_name, true), (b, to_name, false)] {
                for run in runs {
                    let points = egui_plot::Points::new(name.clone(), run.clone()).radius(3.0).color(colour);
                    plot.points(points);
                    let line = Line::new(name.clone(), PlotPoints::from(run)).color(colour);
                    plot.line(if dashed {
                        line.width(1.5).style(LineStyle::dashed_loose())
                    } else {
                        line.width(2.5)
                    });
                }
            }
        });
    ui.label(RichText::new(format!("dashed: {} · solid: {}", from.name, to.name)).small().weak());
}

fn palette_grey(c: Color32) -> Color32 {
    c.gamma_multiply(0.35)
}

/// The findings in three groups; returns the touchpoints of one clicked, and on which side.
fn findings_ui(
    ui: &mut Ui,
    c: &Comparison,
    palette: &Palette,
    large: bool,
) -> Option<(Side, Vec<TouchpointId>)> {
    let mut picked = None;
    let size = if large { 17.0 } else { 14.0 };
    for (title, list, side, colour, open) in [
        ("Resolved", &c.findings.resolved, Side::From, palette.better, true),
        ("Introduced", &c.findings.introduced, Side::To, palette.worse, true),
        ("Persisting", &c.findings.persisting, Side::To, palette.weak_text, false),
    ] {
        let header = RichText::new(format!("{title} ({})", list.len())).strong().color(colour);
        egui::CollapsingHeader::new(header).id_salt(("compare_group", title)).default_open(open).show(
            ui,
            |ui| {
                if list.is_empty() {
                    ui.label(RichText::new("None").weak());
                }
                for f in list {
                    if let Some(ids) = finding_row(ui, f, palette, size) {
                        picked = Some((side, ids));
                    }
                }
            },
        );
    }
    picked
}

fn finding_row(ui: &mut Ui, f: &Finding, palette: &Palette, size: f32) -> Option<Vec<TouchpointId>> {
    let (icon, colour) = match f.severity {
        Severity::Warning => ("⚠", palette.warning_text),
        Severity::Note => ("ℹ", palette.note),
    };
    let mut job = egui::text::LayoutJob::default();
    let font = egui::FontId::proportional(size);
    job.append(&format!("{icon} "), 0.0, egui::TextFormat::simple(font.clone(), colour));
    job.append(&f.message, 0.0, egui::TextFormat::simple(font, ui.visuals().text_color()));
    let r =
        ui.add(egui::Button::selectable(false, job).wrap_mode(egui::TextWrapMode::Wrap)).on_hover_ui(|ui| {
            ui.set_max_width(360.0);
            ui.label(RichText::new(f.code.as_str()).monospace().weak());
            ui.label(f.why);
            if !f.touchpoints.is_empty() {
                ui.label(RichText::new("Click to frame its touchpoints").weak());
            }
        });
    (r.clicked() && !f.touchpoints.is_empty()).then(|| f.touchpoints.clone())
}

fn touchpoints_ui(ui: &mut Ui, c: &Comparison, palette: &Palette) {
    let t = &c.touchpoints;
    ui.label(RichText::new("Touchpoints").strong());
    ui.label(format!(
        "{} added · {} removed · {} changed · {} unchanged",
        t.added.len(),
        t.removed.len(),
        t.changed.len(),
        t.unchanged
    ));
    ui.label(
        RichText::new("On the diagrams: “New” and “Changed: …” on the to journey, removed cards faded on the from journey.")
            .small()
            .color(palette.weak_text),
    );
}
