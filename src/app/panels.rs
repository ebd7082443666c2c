//! The side panels: scores and findings on the right, the inspector on the left.
//!
//! Panels never change the project themselves: they return the edits or commands a click asked
//! for, and the shell applies them at the end of the frame.

use std::collections::BTreeSet;

use egui::{Color32, RichText, Sense, Ui};
use egui_plot::{Bar, BarChart, Corner, Legend, Line, Plot, PlotPoints};

use super::commands::Command;
use super::theme::Palette;
use crate::edit::build::{self, NameProblem};
use crate::edit::{Coalesce, Edit};
use crate::model::{Channel, Exchange, Journey, Phase, Project, Provider, Touchpoint, TouchpointId};
use crate::score::{Analysis, Part, Severity, SubScore};
use crate::suggest::Suggestion;

/// Draws both scores, the classification, the charts, per-phase scores and the findings.
/// Returns the touchpoints of a finding that was clicked.
pub fn scores_ui(
    ui: &mut Ui,
    analysis: &Analysis,
    palette: &Palette,
    presentation: bool,
    selection: &BTreeSet<TouchpointId>,
    improve: Option<Improve<'_>>,
) -> ScoresOutput {
    let mut picked = None;
    let mut improve_out = ImproveOutput::default();
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.add_space(6.0);
        let big = if presentation { 46.0 } else { 30.0 };
        score_block(
            ui,
            "Design mutuality",
            analysis.mutuality.score,
            &analysis.mutuality.parts(),
            palette.mutuality,
            big,
            palette,
        );
        ui.add_space(10.0);
        score_block(
            ui,
            "Design continuity",
            analysis.continuity.score,
            &analysis.continuity.parts(),
            palette.continuity,
            big,
            palette,
        );
        ui.add_space(10.0);
        ui.separator();
        let size = if presentation { 24.0 } else { 18.0 };
        ui.label(RichText::new(analysis.verdict.classification.label()).size(size).strong())
            .on_hover_text("The first rule of DESIGN.md §4 that holds decides the classification");
        ui.label(RichText::new(&analysis.verdict.rule).weak());
        ui.add_space(4.0);
        ui.label(
            RichText::new("Scores measure the design's intent, not what customers report.").small().weak(),
        );
        ui.separator();

        // What is wrong, then what would help most.
        picked = findings_ui(ui, analysis, palette, selection, presentation);
        ui.separator();

        if let Some(improve) = improve {
            improve_out = improve_ui(ui, improve, analysis, palette, presentation);
            ui.separator();
        }

        egui::CollapsingHeader::new(RichText::new("Trajectory").strong()).default_open(true).show(ui, |ui| {
            trajectory_plot(ui, analysis, palette);
        });
        egui::CollapsingHeader::new(RichText::new("Giving and taking by phase").strong())
            .default_open(true)
            .show(ui, |ui| exchange_chart(ui, analysis, palette));
        egui::CollapsingHeader::new(RichText::new("By phase").strong())
            .default_open(true)
            .show(ui, |ui| phase_table(ui, analysis));
    });
    ScoresOutput { picked, improve: improve_out }
}

/// What a click or hover in the scores panel asked for.
#[derive(Debug, Default)]
pub struct ScoresOutput {
    /// The touchpoints of a finding that was clicked.
    pub picked: Option<Vec<TouchpointId>>,
    /// What the Improve list asked for.
    pub improve: ImproveOutput,
}

/// The suggestions for the journey shown, for the Improve list.
#[derive(Clone, Copy)]
pub struct Improve<'a> {
    /// The journey they are for (their words name its cards and people).
    pub journey: &'a Journey,
    /// Ranked, best first (DESIGN.md §14).
    pub suggestions: &'a [Suggestion],
    /// How many there are in all (the list may keep only the best).
    pub total: usize,
    /// They are still being worked out (a long journey, off the UI thread).
    pub pending: bool,
}

/// What the Improve list asked for, by index into its suggestions.
#[derive(Debug, Default)]
pub struct ImproveOutput {
    /// Apply this one (a click, or Enter on it).
    pub apply: Option<usize>,
    /// The pointer is on this one: preview it.
    pub preview: Option<usize>,
}

/// How many suggestions the Improve list shows.
pub const IMPROVE_TOP: usize = 5;

/// A score change as a designer reads it: "+7", "+0.8", "−2"; `None` when it rounds to no
/// change at one decimal.
pub fn gain_words(before: f64, after: f64) -> Option<String> {
    let d = after - before;
    if d.abs() < 0.05 {
        return None;
    }
    let sign = if d > 0.0 { "+" } else { "\u{2212}" };
    Some(if d.abs() >= 0.95 { format!("{sign}{:.0}", d.abs()) } else { format!("{sign}{:.1}", d.abs()) })
}

/// The score changes of a suggestion in words: "+7 mutuality · +0.8 continuity".
fn gains_line(analysis: &Analysis, s: &Suggestion) -> String {
    let parts: Vec<String> = [
        ("mutuality", analysis.mutuality.score, s.mutuality),
        ("continuity", analysis.continuity.score, s.continuity),
    ]
    .into_iter()
    .filter_map(|(name, before, after)| gain_words(before, after).map(|g| format!("{g} {name}")))
    .collect();
    if parts.is_empty() { "scores unchanged".to_owned() } else { parts.join(" · ") }
}

/// The Improve list: the single edits that would help most, with their gain, what they resolve,
/// why (with the source) and the scores after them.
fn improve_ui(
    ui: &mut Ui,
    improve: Improve<'_>,
    analysis: &Analysis,
    palette: &Palette,
    presentation: bool,
) -> ImproveOutput {
    let mut out = ImproveOutput::default();
    let list = improve.suggestions;
    let title = if improve.pending {
        RichText::new("Improve").strong()
    } else {
        RichText::new(format!("Improve ({})", improve.total)).strong()
    };
    egui::CollapsingHeader::new(title).id_salt("improve").default_open(true).show(ui, |ui| {
        if improve.pending {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(RichText::new("Weighing every single edit…").weak());
            });
            return;
        }
        if list.is_empty() {
            ui.label(RichText::new("No single edit would improve this journey without a cost.").weak());
            return;
        }
        let size = if presentation { 17.0 } else { 14.0 };
        for (i, s) in list.iter().take(IMPROVE_TOP).enumerate() {
            let r = suggestion_ui(ui, improve.journey, s, analysis, palette, size);
            if r.hovered() || r.has_focus() {
                out.preview = Some(i);
            }
            if r.clicked() {
                out.apply = Some(i);
            }
        }
        if list.len() > IMPROVE_TOP {
            // The palette offers the best twenty.
            let next = list.len().min(super::chrome::PALETTE_SUGGESTIONS) - IMPROVE_TOP;
            ui.label(
                RichText::new(format!("The next {next} in the command palette (Ctrl+K, “improve”)"))
                    .small()
                    .weak(),
            );
        }
    });
    out
}

/// One suggestion as a button: the advice, its gains (a loss in red) and the warnings it
/// resolves; hovering it previews the edit on the canvas and says why, beside the panel.
fn suggestion_ui(
    ui: &mut Ui,
    journey: &Journey,
    s: &crate::suggest::Suggestion,
    analysis: &Analysis,
    palette: &Palette,
    size: f32,
) -> egui::Response {
    let advice = s.advice(journey);
    let gains = gains_line(analysis, s);
    let resolved: Vec<&str> = analysis
        .findings
        .iter()
        .filter(|f| s.resolved_keys.contains(&f.key()))
        .map(|f| f.message.as_str())
        .collect();
    let mut job = egui::text::LayoutJob::default();
    let small = egui::FontId::proportional(size * 0.86);
    job.append(
        &advice,
        0.0,
        egui::TextFormat::simple(egui::FontId::proportional(size), ui.visuals().text_color()),
    );
    // A gain in green, a loss (a suggestion may trade one score for the other) in red.
    let gain_colour = if gains.contains('\u{2212}') { palette.worse } else { palette.better };
    job.append(&format!("\n{gains}"), 0.0, egui::TextFormat::simple(small.clone(), gain_colour));
    if !resolved.is_empty() {
        let count =
            if resolved.len() == 1 { "1 warning".to_owned() } else { format!("{} warnings", resolved.len()) };
        job.append(&format!(" · resolves {count}"), 0.0, egui::TextFormat::simple(small, palette.weak_text));
    }
    let r = ui.add(
        egui::Button::new(job)
            .wrap_mode(egui::TextWrapMode::Wrap)
            .min_size(egui::vec2(ui.available_width(), 0.0)),
    );
    // The preview opens beside the panel, over the canvas, never over the list itself.
    let mut tip = egui::Tooltip::for_enabled(&r);
    tip.popup = tip
        .popup
        .align(egui::RectAlign::LEFT_START)
        .align_alternatives(&[egui::RectAlign::LEFT_START, egui::RectAlign::LEFT_END]);
    tip.show(|ui| {
        ui.set_max_width(380.0);
        ui.label(RichText::new(&advice).strong());
        ui.label(format!(
            "After it: mutuality {:.0}, continuity {:.0} ({gains}), {}",
            s.mutuality,
            s.continuity,
            s.classification.label()
        ));
        for message in &resolved {
            ui.label(RichText::new(format!("✔ Resolves: {message}")).color(palette.better));
        }
        for code in &s.introduces {
            ui.label(RichText::new(format!("⚠ Brings: {}", code.as_str())).color(palette.warning_text));
        }
        ui.label(s.why());
        ui.label(RichText::new(format!("Source: {}", s.source())).italics().weak());
        ui.label(RichText::new("Click (or Enter) to apply it: one step, Ctrl+Z undoes it").weak());
    });
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Improve: {advice}")));
    r
}

fn score_block(
    ui: &mut Ui,
    title: &str,
    score: f64,
    parts: &[(SubScore, Part); 5],
    color: Color32,
    big: f32,
    palette: &Palette,
) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("{score:.0}")).size(big).strong().color(color));
        ui.vertical(|ui| {
            ui.add_space(big * 0.2);
            ui.label(RichText::new(title).strong());
            ui.label(RichText::new("out of 100").small().weak());
        });
    })
    .response
    .on_hover_text(format!("{title}: {score:.2} — the mean of its five sub-scores × 100"));
    for (sub, part) in parts {
        sub_score_bar(ui, *sub, *part, color, palette);
    }
}

fn sub_score_bar(ui: &mut Ui, sub: SubScore, part: Part, color: Color32, palette: &Palette) {
    let height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let width = ui.available_width().max(120.0);
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, height), Sense::hover());
    let painter = ui.painter_at(rect);
    let label_w = (width * 0.42).min(140.0);
    let value_w = 40.0;
    let text_color = ui.visuals().text_color();
    let font = egui::TextStyle::Body.resolve(ui.style());
    painter.text(rect.left_center(), egui::Align2::LEFT_CENTER, sub.label(), font.clone(), text_color);
    let track = egui::Rect::from_min_max(
        egui::pos2(rect.left() + label_w, rect.top() + 4.0),
        egui::pos2(rect.right() - value_w, rect.bottom() - 4.0),
    );
    painter.rect_filled(track, 3.0, palette.grid);
    let filled =
        egui::Rect::from_min_size(track.min, egui::vec2(track.width() * part.value as f32, track.height()));
    painter.rect_filled(filled, 3.0, color);
    painter.text(
        rect.right_center(),
        egui::Align2::RIGHT_CENTER,
        format!("{:.0}", part.value * 100.0),
        font,
        text_color,
    );
    response
        .on_hover_ui(|ui| {
            ui.set_max_width(360.0);
            ui.label(RichText::new(sub.label()).strong());
            ui.label(sub.formula());
            ui.label(format!(
                "= {} / {} = {:.2}",
                trim_number(part.numerator),
                trim_number(part.denominator),
                part.value
            ));
            ui.label(RichText::new(format!("Source: {}", sub.source())).italics().weak());
        })
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ProgressIndicator, true, sub.label()));
}

fn trim_number(x: f64) -> String {
    if x.fract() == 0.0 { format!("{x:.0}") } else { format!("{x:.2}") }
}

fn findings_ui(
    ui: &mut Ui,
    analysis: &Analysis,
    palette: &Palette,
    selection: &BTreeSet<TouchpointId>,
    presentation: bool,
) -> Option<Vec<TouchpointId>> {
    let mut picked = None;
    ui.label(RichText::new(format!("Findings ({})", analysis.findings.len())).strong());
    if analysis.findings.is_empty() {
        ui.label(RichText::new("No findings: nothing in this journey trips a rule.").weak());
    }
    // A long list is drawn a row at a time, only the rows in view: a 10,000-touchpoint journey
    // has thousands of findings, and laying out every one each frame costs time and memory.
    let long = analysis.findings.len() > LONG_FINDINGS;
    let mut row = |ui: &mut Ui, finding: &crate::score::Finding| {
        if finding_ui(ui, finding, palette, selection, presentation, long) {
            picked = Some(finding.touchpoints.clone());
        }
    };
    // The first few, then "show all": a long list must not push the Improve list out of sight.
    let all_id = ui.make_persistent_id("findings_all");
    let all = ui.data(|d| d.get_temp::<bool>(all_id)).unwrap_or(false);
    let many = analysis.findings.len() > FINDINGS_SHOWN;
    if many && !all {
        for finding in &analysis.findings[..FINDINGS_SHOWN] {
            row(ui, finding);
        }
        let more = analysis.findings.len() - FINDINGS_SHOWN;
        if ui.link(format!("Show all {} findings ({more} more)", analysis.findings.len())).clicked() {
            ui.data_mut(|d| d.insert_temp(all_id, true));
        }
        return picked;
    }
    if long {
        let height = ui.text_style_height(&egui::TextStyle::Button) + 2.0 * ui.spacing().button_padding.y;
        egui::ScrollArea::vertical().id_salt("findings_rows").max_height(360.0).show_rows(
            ui,
            height,
            analysis.findings.len(),
            |ui, rows| {
                for finding in &analysis.findings[rows] {
                    row(ui, finding);
                }
            },
        );
    } else {
        for finding in &analysis.findings {
            row(ui, finding);
        }
    }
    if many && ui.link("Show fewer").clicked() {
        ui.data_mut(|d| d.insert_temp(all_id, false));
    }
    picked
}

/// One finding as a row (selected when its touchpoints are the selection); true when clicked on
/// a finding that names touchpoints.
fn finding_ui(
    ui: &mut Ui,
    finding: &crate::score::Finding,
    palette: &Palette,
    selection: &BTreeSet<TouchpointId>,
    presentation: bool,
    long: bool,
) -> bool {
    let (icon, color) = match finding.severity {
        Severity::Warning => ("⚠", palette.warning_text),
        Severity::Note => ("ℹ", palette.note),
    };
    let selected = !finding.touchpoints.is_empty()
        && finding.touchpoints.len() == selection.len()
        && finding.touchpoints.iter().all(|id| selection.contains(id));
    let mut text = egui::text::LayoutJob::default();
    let font = egui::FontId::proportional(if presentation { 17.0 } else { 14.0 });
    text.append(&format!("{icon} "), 0.0, egui::TextFormat::simple(font.clone(), color));
    text.append(&finding.message, 0.0, egui::TextFormat::simple(font, ui.visuals().text_color()));
    let wrap = if long { egui::TextWrapMode::Truncate } else { egui::TextWrapMode::Wrap };
    let response = ui.add(egui::Button::selectable(selected, text).wrap_mode(wrap)).on_hover_ui(|ui| {
        ui.set_max_width(360.0);
        if long {
            ui.label(&finding.message);
        }
        ui.label(RichText::new(finding.code.as_str()).monospace().weak());
        ui.label(finding.why);
        if let Some(phase) = finding.phase {
            ui.label(format!("Phase: {}", phase.label()));
        }
        if !finding.touchpoints.is_empty() {
            ui.label(RichText::new("Click to select and frame its touchpoints").weak());
        }
    });
    response.clicked() && !finding.touchpoints.is_empty()
}

/// How many findings the scores panel lists before "show all".
pub const FINDINGS_SHOWN: usize = 4;

/// Past this many findings the list shows one line per finding, only the rows in view.
const LONG_FINDINGS: usize = 40;

/// A plot of values over the days of a journey that stays put: no zoom, drag or scroll (it sits
/// in a scrolling panel, where those gestures belong to the panel).
pub fn still_plot(id: &str, height: f32) -> Plot<'_> {
    Plot::new(id)
        .height(height)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .x_axis_label("day")
}

fn trajectory_plot(ui: &mut Ui, analysis: &Analysis, palette: &Palette) {
    if analysis.trajectory.is_empty() {
        ui.label(RichText::new("Add touchpoints to see how the scores build up over time.").weak());
        return;
    }
    let mutuality: PlotPoints = analysis.trajectory.iter().map(|p| [f64::from(p.day), p.mutuality]).collect();
    let continuity: PlotPoints =
        analysis.trajectory.iter().map(|p| [f64::from(p.day), p.continuity]).collect();
    let (m, c) = (palette.mutuality, palette.continuity);
    still_plot("trajectory", 150.0)
        .include_y(0.0)
        .include_y(100.0)
        .legend(Legend::default().position(Corner::LeftTop))
        .show(ui, move |plot| {
            plot.line(Line::new("mutuality", mutuality).color(m).width(2.0));
            plot.line(Line::new("continuity", continuity).color(c).width(2.0));
        });
}

fn exchange_chart(ui: &mut Ui, analysis: &Analysis, palette: &Palette) {
    let series = [
        ("org gives", palette.org_gives, -0.3),
        ("org takes", palette.org_takes, -0.1),
        ("customer gives", palette.customer_gives, 0.1),
        ("customer takes", palette.customer_takes, 0.3),
    ];
    let charts: Vec<BarChart> = series
        .iter()
        .enumerate()
        .map(|(k, (name, color, offset))| {
            let bars = analysis
                .phases
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let total = match k {
                        0 => p.exchange.org_gives,
                        1 => p.exchange.org_takes,
                        2 => p.exchange.customer_gives,
                        _ => p.exchange.customer_takes,
                    };
                    Bar::new(i as f64 + offset, total as f64).width(0.18).name(p.phase.label())
                })
                .collect();
            BarChart::new(*name, bars).color(*color)
        })
        .collect();
    Plot::new("exchange_by_phase")
        .height(150.0)
        .include_y(0.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .y_axis_label("strength")
        .x_axis_formatter(|mark, _| {
            let v = mark.value;
            if (v - v.round()).abs() < 1e-6 && (0.0..=2.0).contains(&v) {
                ["Early days", "Disagreement", "Long term"][v.round() as usize].to_owned()
            } else {
                String::new()
            }
        })
        .legend(Legend::default().position(Corner::RightTop))
        .show(ui, move |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
        });
}

fn phase_table(ui: &mut Ui, analysis: &Analysis) {
    // Short column heads, so the table never widens the panel (and with it shrinks the canvas).
    egui::Grid::new("phase_scores").striped(true).num_columns(4).show(ui, |ui| {
        ui.label(RichText::new("phase").weak());
        ui.label(RichText::new("cards").weak()).on_hover_text("touchpoints in the phase");
        ui.label(RichText::new("M").weak()).on_hover_text("design mutuality of the phase alone");
        ui.label(RichText::new("C").weak()).on_hover_text("design continuity of the phase alone");
        ui.end_row();
        for p in &analysis.phases {
            ui.label(p.phase.label());
            ui.label(p.touchpoints.to_string());
            ui.label(format!("{:.0}", p.mutuality.score));
            ui.label(format!("{:.0}", p.continuity.score));
            ui.end_row();
        }
    });
}

// ----- inspector ---------------------------------------------------------------------------

/// What the inspector asks for this frame.
#[derive(Default)]
pub struct InspectorOutput {
    /// Edits to apply, each with its coalescing key (typing into one field is one undo step).
    pub edits: Vec<(Edit, Option<Coalesce>)>,
    /// A command a button asked for.
    pub command: Option<Command>,
}

/// Edits every field of the selected touchpoint, or the journey and the project when nothing
/// is selected.
pub fn inspector_ui(
    ui: &mut Ui,
    project: &Project,
    journey_index: usize,
    selection: &BTreeSet<TouchpointId>,
    analysis: &Analysis,
) -> InspectorOutput {
    let mut out = InspectorOutput::default();
    let journey = &project.journeys[journey_index];
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.add_space(6.0);
        let selected: Vec<&Touchpoint> =
            journey.touchpoints.iter().filter(|t| selection.contains(&t.id)).collect();
        match selected.as_slice() {
            [] => {
                project_ui(ui, project, &mut out);
                journey_ui(ui, project, journey_index, &mut out);
            }
            [one] => touchpoint_ui(ui, journey_index, journey, one, analysis, &mut out),
            many => many_ui(ui, many.len(), &mut out),
        }
    });
    out
}

/// A single-line or multi-line text field whose text is kept while it has focus, so that a
/// value normalised on the way in (tags, names) does not fight the typing. Returns the new text.
fn text_field(ui: &mut Ui, label: &str, id: egui::Id, current: &str, multiline: bool) -> Option<String> {
    let label = ui.label(label);
    let mut text = ui.data_mut(|d| d.get_temp::<String>(id)).unwrap_or_else(|| current.to_owned());
    let editor = if multiline {
        egui::TextEdit::multiline(&mut text).desired_rows(4)
    } else {
        egui::TextEdit::singleline(&mut text)
    };
    let response = ui.add(editor.id(id).desired_width(f32::INFINITY)).labelled_by(label.id);
    if response.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, text.clone()));
    } else {
        ui.data_mut(|d| d.remove::<String>(id));
    }
    (response.changed() && text != current).then_some(text)
}

fn section(ui: &mut Ui, title: &str) {
    ui.add_space(8.0);
    ui.label(RichText::new(title).small().strong().weak());
}

/// A touchpoint being edited in the inspector: the card as it is, as the controls change it,
/// and the typing step the change continues.
struct Editing<'a> {
    journey_index: usize,
    tp: &'a Touchpoint,
    after: Touchpoint,
    coalesce: Option<Coalesce>,
}

impl Editing<'_> {
    /// Typing in one field of one card is one undo step.
    fn key(&self, field: &str) -> Option<Coalesce> {
        Some(Coalesce(format!("{}/{}/{field}", self.journey_index, self.tp.id.0)))
    }

    fn id(&self, field: &str) -> egui::Id {
        egui::Id::unique(("inspector", self.journey_index, self.tp.id.0, field))
    }
}

fn touchpoint_ui(
    ui: &mut Ui,
    journey_index: usize,
    journey: &Journey,
    tp: &Touchpoint,
    analysis: &Analysis,
    out: &mut InspectorOutput,
) {
    let mut e = Editing { journey_index, tp, after: tp.clone(), coalesce: None };
    ui.label(RichText::new(format!("Touchpoint {}", tp.id.0)).heading());
    if let Some(t) = text_field(ui, "Title", e.id("title"), &tp.title, false) {
        e.after.title = t;
        e.coalesce = e.key("title");
    }
    section(ui, "WHEN AND WHERE");
    when_and_where_ui(ui, journey, &mut e);
    section(ui, "WHO SERVES");
    let (id, key) = (e.id("provider"), e.key("provider"));
    provider_ui(ui, journey, tp, &mut e.after, &mut e.coalesce, id, key);
    section(ui, "WHAT CHANGES HANDS");
    exchange_ui(ui, &mut e.after);
    section(ui, "HOW IT FEELS TO THE CUSTOMER");
    how_it_feels_ui(ui, &mut e.after);
    section(ui, "NOTES");
    notes_ui(ui, &mut e);

    let mine: Vec<_> = analysis.findings.iter().filter(|f| f.touchpoints.contains(&tp.id)).collect();
    if !mine.is_empty() {
        section(ui, "FINDINGS HERE");
        for f in mine {
            ui.label(format!("• {}", f.message)).on_hover_text(f.why);
        }
    }
    ui.add_space(10.0);
    ui.horizontal(|ui| {
        for c in [Command::Duplicate, Command::Delete] {
            if ui.button(c.label()).on_hover_text(c.tooltip()).clicked() {
                out.command = Some(c);
            }
        }
    });
    if e.after != *tp {
        let edit = Edit::Touchpoint {
            journey: journey_index,
            before: Box::new(tp.clone()),
            after: Box::new(e.after),
        };
        out.edits.push((edit, e.coalesce));
    }
}

/// Phase, day (with steps of a day, a week, a month), lane and channel.
fn when_and_where_ui(ui: &mut Ui, journey: &Journey, e: &mut Editing<'_>) {
    let tp = e.tp;
    egui::Grid::new("tp_where").num_columns(2).spacing([8.0, 6.0]).show(ui, |ui| {
        let l = ui.label("Phase");
        egui::ComboBox::from_id_salt("phase")
            .selected_text(tp.phase.label())
            .show_ui(ui, |ui| {
                for p in Phase::ALL {
                    ui.selectable_value(&mut e.after.phase, p, p.label());
                }
            })
            .response
            .labelled_by(l.id);
        ui.end_row();

        let l = ui.label("Day");
        let r = ui
            .add(egui::DragValue::new(&mut e.after.day).range(0..=MAX_DAY).prefix("day ").speed(0.5))
            .labelled_by(l.id)
            .on_hover_text("Days since the relationship began");
        if r.changed() {
            e.coalesce = e.key("day");
        }
        ui.end_row();

        let l = ui.label("Lane");
        egui::ComboBox::from_id_salt("lane")
            .selected_text(&tp.lane)
            .show_ui(ui, |ui| {
                for lane in &journey.lanes {
                    ui.selectable_value(&mut e.after.lane, lane.clone(), lane);
                }
            })
            .response
            .labelled_by(l.id);
        ui.end_row();

        let l = ui.label("Channel");
        egui::ComboBox::from_id_salt("channel")
            .selected_text(tp.channel.label())
            .show_ui(ui, |ui| {
                for c in Channel::ALL {
                    ui.selectable_value(&mut e.after.channel, c, c.label());
                }
            })
            .response
            .labelled_by(l.id);
        ui.end_row();
    });
    // Steps of a day, a week, a month, on their own row so the panel keeps its width.
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 3.0;
        ui.label(RichText::new("day").small().weak());
        for (text, days, tip) in DAY_STEPS {
            if ui.small_button(text).on_hover_text(tip).clicked() {
                e.after.day = e.after.day.saturating_add_signed(days).min(MAX_DAY);
            }
        }
    });
}

/// The five qualities and the customer's feeling.
fn how_it_feels_ui(ui: &mut Ui, after: &mut Touchpoint) {
    let flags: [(&mut bool, &str, &str); 5] = [
        (&mut after.two_way, "Two-way", "The customer can respond and is responded to"),
        (&mut after.tailored, "Tailored", "Adapted to this customer's own earlier input"),
        (
            &mut after.personalised,
            "Personal tone",
            "Presented as personal: first name, \"your adviser\", signed by a person",
        ),
        (&mut after.recalls_history, "Recalls history", "Refers back to earlier contact"),
        (&mut after.sets_next_contact, "Sets next contact", "Sets an expectation of a specific next contact"),
    ];
    ui.horizontal_wrapped(|ui| {
        for (value, label, tip) in flags {
            ui.checkbox(value, label).on_hover_text(tip);
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("Feeling").on_hover_text("How the customer feels here, from −2 to +2");
        ui.selectable_value(&mut after.feeling, None, "—").on_hover_text("Not set");
        for f in -2..=2i8 {
            let text = if f > 0 { format!("+{f}") } else { f.to_string() };
            ui.selectable_value(&mut after.feeling, Some(f), text);
        }
    });
}

/// Tags and notes.
fn notes_ui(ui: &mut Ui, e: &mut Editing<'_>) {
    let tags = e.tp.tags.join(", ");
    if let Some(t) =
        text_field(ui, "Tags (comma-separated; first_bill, explains_bill count)", e.id("tags"), &tags, false)
    {
        e.after.tags = t.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
        e.after.tags.dedup();
        e.coalesce = e.key("tags");
    }
    if let Some(t) = text_field(ui, "Notes", e.id("notes"), &e.tp.notes, true) {
        e.after.notes = t;
        e.coalesce = e.key("notes");
    }
}

/// The people and teams already serving in the journey, for the provider picker.
fn known_providers(journey: &Journey) -> (Vec<String>, Vec<String>) {
    let mut people = BTreeSet::new();
    let mut teams = BTreeSet::new();
    for t in &journey.touchpoints {
        match &t.provider {
            Provider::Person(n) => {
                people.insert(n.clone());
            }
            Provider::Team(n) => {
                teams.insert(n.clone());
            }
            Provider::Anyone | Provider::Automated => {}
        }
    }
    (people.into_iter().collect(), teams.into_iter().collect())
}

fn provider_ui(
    ui: &mut Ui,
    journey: &Journey,
    tp: &Touchpoint,
    after: &mut Touchpoint,
    coalesce: &mut Option<Coalesce>,
    id: egui::Id,
    key: Option<Coalesce>,
) {
    let (people, teams) = known_providers(journey);
    let first_person = people.first().cloned().unwrap_or_else(|| "New person".to_owned());
    let first_team = teams.first().cloned().unwrap_or_else(|| "New team".to_owned());
    ui.horizontal_wrapped(|ui| {
        let kinds = [
            (matches!(tp.provider, Provider::Person(_)), "Named person", Provider::Person(first_person)),
            (matches!(tp.provider, Provider::Team(_)), "Team", Provider::Team(first_team)),
            (tp.provider == Provider::Anyone, "Anyone", Provider::Anyone),
            (tp.provider == Provider::Automated, "Automated", Provider::Automated),
        ];
        for (on, label, provider) in kinds {
            if ui.selectable_label(on, label).clicked() && !on {
                // The name given is a suggestion: the field takes the keyboard with it selected,
                // so typing replaces it ("Sam", never "New personSam").
                if matches!(provider, Provider::Person(_) | Provider::Team(_)) {
                    ui.data_mut(|d| d.insert_temp(id.with("select"), true));
                }
                after.provider = provider;
            }
        }
    });
    // The name row is there for every kind of provider (disabled for anyone and automated), so
    // the controls below stay where they are from card to card.
    type MakeProvider = Option<fn(String) -> Provider>;
    let (name, known, make): (&str, &[String], MakeProvider) = match &tp.provider {
        Provider::Person(n) => (n, &people, Some(Provider::Person)),
        Provider::Team(n) => (n, &teams, Some(Provider::Team)),
        Provider::Anyone | Provider::Automated => ("", &[], None),
    };
    ui.add_enabled_ui(make.is_some(), |ui| {
        ui.horizontal(|ui| {
            ui.vertical(|ui| {
                ui.set_width((ui.available_width() - 40.0).max(80.0));
                if make.is_some() && ui.data_mut(|d| d.remove_temp::<bool>(id.with("select"))).is_some() {
                    ui.memory_mut(|m| m.request_focus(id));
                    super::dialogs::select_all(ui.ctx(), id, name);
                }
                if let Some(t) = text_field(ui, "Name", id, name, false)
                    && !t.trim().is_empty()
                    && let Some(make) = make
                {
                    after.provider = make(t);
                    *coalesce = key;
                }
            });
            ui.menu_button("⏷", |ui| {
                for n in known {
                    if ui.selectable_label(n == name, n).clicked()
                        && let Some(make) = make
                    {
                        after.provider = make(n.clone());
                        ui.close();
                    }
                }
            })
            .response
            .on_hover_text("Choose someone already serving in this journey");
        });
    });
}

fn exchange_ui(ui: &mut Ui, after: &mut Touchpoint) {
    let s = after.exchange.strength().max(1);
    let kinds: [(Exchange, Command); 5] = [
        (Exchange::OrgGives(s), Command::OrgGives),
        (Exchange::OrgTakes(s), Command::OrgTakes),
        (Exchange::CustomerGives(s), Command::CustomerGives),
        (Exchange::CustomerTakes(s), Command::CustomerTakes),
        (Exchange::Neutral, Command::Neutral),
    ];
    let shortcut = |ui: &Ui, c: Command| format!("Shortcut: {}", c.shortcut_text(ui.ctx()));
    ui.horizontal_wrapped(|ui| {
        for (e, c) in kinds {
            let on = after.exchange.file_name() == e.file_name();
            if ui.selectable_label(on, c.label()).on_hover_text(shortcut(ui, c)).clicked() {
                after.exchange = e;
            }
        }
    });
    // The strength row stays in place for a neutral exchange (disabled), so nothing below moves.
    let neutral = after.exchange == Exchange::Neutral;
    ui.add_enabled_ui(!neutral, |ui| {
        ui.horizontal(|ui| {
            ui.label("Strength");
            for (k, c) in [(1u8, Command::Strength1), (2, Command::Strength2), (3, Command::Strength3)] {
                let on = after.exchange.strength() == k;
                if ui.selectable_label(on, k.to_string()).on_hover_text(shortcut(ui, c)).clicked() {
                    after.exchange = after.exchange.with_strength(k);
                }
            }
        });
    });
}

fn many_ui(ui: &mut Ui, count: usize, out: &mut InspectorOutput) {
    ui.label(RichText::new(format!("{count} touchpoints selected")).heading());
    ui.label(RichText::new("Changes apply to all of them, as one step.").weak());
    ui.add_space(6.0);
    let groups: [&[Command]; 3] = [
        &[
            Command::OrgGives,
            Command::OrgTakes,
            Command::CustomerGives,
            Command::CustomerTakes,
            Command::Neutral,
        ],
        &[Command::Strength1, Command::Strength2, Command::Strength3],
        &[Command::LinkSelected, Command::Duplicate, Command::Delete],
    ];
    for group in groups {
        ui.horizontal_wrapped(|ui| {
            for c in group {
                if ui.button(c.label()).on_hover_text(c.tooltip()).clicked() {
                    out.command = Some(*c);
                }
            }
        });
    }
}

fn journey_ui(ui: &mut Ui, project: &Project, journey_index: usize, out: &mut InspectorOutput) {
    let journey = &project.journeys[journey_index];
    ui.label(RichText::new("Journey").heading());
    ui.label(RichText::new("Select a touchpoint to edit it; double-click an empty cell to add one.").weak());
    ui.add_space(6.0);
    let mut renamed = journey_names_ui(ui, project, journey_index);
    section(ui, "LANES");
    let mut lanes = None;
    for i in 0..journey.lanes.len() {
        match lane_ui(ui, journey_index, journey, i) {
            LaneEdit::Renamed(edit) => renamed = Some(edit),
            LaneEdit::Changed(edit) => lanes = Some(edit),
            LaneEdit::None => {}
        }
    }
    if ui.button("Add lane").clicked() {
        lanes = build::add_lane(journey_index, journey);
    }
    section(ui, "JOURNEY");
    ui.horizontal_wrapped(|ui| {
        for c in [Command::DuplicateJourney, Command::RenameJourney, Command::NewJourney] {
            if ui.button(c.label()).on_hover_text(c.tooltip()).clicked() {
                out.command = Some(c);
            }
        }
    });
    out.edits.extend(renamed.or(lanes.map(|e| (e, None))));
}

fn journey_field_id(journey_index: usize, field: &str) -> egui::Id {
    egui::Id::unique(("journey_meta", journey_index, field))
}

fn journey_key(journey_index: usize, field: &str) -> Option<Coalesce> {
    Some(Coalesce(format!("{journey_index}/journey/{field}")))
}

/// The journey's name and persona. A name another journey has, or no name, is never applied (a
/// file with two journeys of one name would not open): the field says why while it has the
/// keyboard.
fn journey_names_ui(
    ui: &mut Ui,
    project: &Project,
    journey_index: usize,
) -> Option<(Edit, Option<Coalesce>)> {
    let journey = &project.journeys[journey_index];
    let (id, key) = (|f: &str| journey_field_id(journey_index, f), |f: &str| journey_key(journey_index, f));
    let mut renamed = None;
    if let Some(name) = text_field(ui, "Name", id("name"), &journey.name, false)
        && let Ok(Some(edit)) = build::rename_journey(project, journey_index, &name)
    {
        renamed = Some((edit, key("name")));
    }
    if let Some(typed) = ui.data(|d| d.get_temp::<String>(id("name"))) {
        let why = match build::rename_journey(project, journey_index, &typed) {
            Err(NameProblem::Empty) => {
                Some(format!("A journey needs a name: it stays “{}” until you type one", journey.name))
            }
            Err(NameProblem::Taken) => Some(format!("Another journey is called “{}”", typed.trim())),
            Ok(_) => None,
        };
        if let Some(why) = why {
            ui.label(RichText::new(why).color(ui.visuals().error_fg_color));
        }
    }
    if let Some(persona) = text_field(ui, "Persona", id("persona"), &journey.persona, false)
        && let Some(edit) = build::set_persona(journey_index, journey, &persona)
    {
        renamed = Some((edit, key("persona")));
    }
    renamed
}

/// What a lane's row asked for.
enum LaneEdit {
    /// Its name typed (the lane's touchpoints move with it, in the same step).
    Renamed((Edit, Option<Coalesce>)),
    /// Moved up or removed.
    Changed(Edit),
    None,
}

/// One lane: its name, ⬆ to move it up, ✖ to remove it once empty (asked first: a Tab from the
/// name lands there, and a Space must not take the lane away unseen).
fn lane_ui(ui: &mut Ui, journey_index: usize, journey: &Journey, i: usize) -> LaneEdit {
    let lane = &journey.lanes[i];
    let confirm_id = journey_field_id(journey_index, "remove_lane");
    let confirming = ui.data(|d| d.get_temp::<Option<usize>>(confirm_id)).flatten();
    let used = journey.touchpoints.iter().filter(|t| t.lane == *lane).count();
    let mut out = LaneEdit::None;
    ui.horizontal(|ui| {
        ui.vertical(|ui| {
            ui.set_width((ui.available_width() - 96.0).max(80.0));
            if let Some(edit) = lane_name_ui(ui, journey_index, journey, i, used) {
                out = LaneEdit::Renamed(edit);
            }
        });
        ui.add_space(4.0);
        let up = ui.add_enabled(i > 0, egui::Button::new("⬆")).on_hover_text("Move lane up");
        up.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, i > 0, format!("Move lane “{lane}” up"))
        });
        if up.clicked()
            && let Some(edit) = build::move_lane_up(journey_index, journey, i)
        {
            out = LaneEdit::Changed(edit);
        }
        let can_remove = used == 0 && journey.lanes.len() > 1;
        let tip = if can_remove {
            "Remove this lane"
        } else {
            "Only an empty lane can be removed, and one lane stays"
        };
        let r = ui.add_enabled(can_remove, egui::Button::new("✖")).on_hover_text(tip);
        r.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, can_remove, format!("Remove lane “{lane}”"))
        });
        if r.clicked() {
            ui.data_mut(|d| d.insert_temp(confirm_id, Some(i)));
        }
    });
    if confirming == Some(i) {
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("Remove the lane “{lane}”?")).color(ui.visuals().warn_fg_color));
            if ui.button("Remove").on_hover_text("Ctrl+Z brings it back").clicked() {
                if let Some(edit) = build::remove_lane(journey_index, journey, i) {
                    out = LaneEdit::Changed(edit);
                }
                ui.data_mut(|d| d.remove::<Option<usize>>(confirm_id));
            }
            if ui.button("Keep").clicked() {
                ui.data_mut(|d| d.remove::<Option<usize>>(confirm_id));
            }
        });
    }
    out
}

/// A lane's name field, saying why a name cannot be taken while it is typed.
fn lane_name_ui(
    ui: &mut Ui,
    journey_index: usize,
    journey: &Journey,
    i: usize,
    used: usize,
) -> Option<(Edit, Option<Coalesce>)> {
    let lane = &journey.lanes[i];
    let field = journey_field_id(journey_index, &format!("lane{i}"));
    let mut renamed = None;
    if let Some(name) = text_field(ui, &format!("Lane {} ({used} touchpoints)", i + 1), field, lane, false)
        && let Some(edit) = build::rename_lane(journey_index, journey, i, &name)
    {
        renamed = Some((edit, journey_key(journey_index, &format!("lane{i}"))));
    }
    if let Some(typed) = ui.data(|d| d.get_temp::<String>(field)) {
        let typed = typed.trim();
        let why = if typed.is_empty() {
            Some("A lane needs a name".to_owned())
        } else if typed != lane && journey.lanes.iter().any(|l| l == typed) {
            Some(format!("Another lane is called “{typed}”"))
        } else {
            None
        };
        if let Some(why) = why {
            ui.label(RichText::new(why).color(ui.visuals().error_fg_color));
        }
    }
    renamed
}

/// The project's own fields: its name, which heads the window and every export.
fn project_ui(ui: &mut Ui, project: &Project, out: &mut InspectorOutput) {
    ui.label(RichText::new("Project").heading());
    let id = egui::Id::unique(("project_meta", "name"));
    if let Some(name) = text_field(ui, "Project name", id, &project.name, false)
        && let Some(edit) = build::rename_project(project, &name)
    {
        out.edits.push((edit, Some(Coalesce("project/name".to_owned()))));
    }
    ui.add_space(10.0);
}

/// The day buttons beside a touchpoint's day: back and forward a day, a week, a month.
const DAY_STEPS: [(&str, i32, &str); 6] = [
    ("−30", -30, "A month earlier"),
    ("−7", -7, "A week earlier"),
    ("−1", -1, "A day earlier"),
    ("+1", 1, "A day later"),
    ("+7", 7, "A week later"),
    ("+30", 30, "A month later"),
];

/// The latest day the inspector offers (a hundred years).
const MAX_DAY: u32 = 36_500;
