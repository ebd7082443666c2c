//! Presentation (F5): the journey full screen for the room, a strip of scores in large type,
//! stepped phase by phase; and the facilitator's timer, large there and small in the status
//! bar. A number that changes while the room watches is highlighted for a moment.

use std::collections::HashMap;

use egui::{Color32, RichText};

use super::RapportApp;
use super::commands::Command;
use super::theme::Palette;
use super::timer::Timer;
use crate::model::Phase;
use crate::score::{Analysis, Finding, Severity};

/// Seconds a changed number stays highlighted.
pub const FLASH_SECS: f64 = 1.6;

/// The step after (or before) `focus` in a presentation: whole journey → early days → first
/// disagreement → long term → whole journey.
pub fn step(focus: Option<Phase>, forward: bool) -> Option<Phase> {
    let order = [None, Some(Phase::EarlyDays), Some(Phase::FirstDisagreement), Some(Phase::LongTerm)];
    let at = order.iter().position(|f| *f == focus).unwrap_or(0);
    let next = if forward { (at + 1) % order.len() } else { (at + order.len() - 1) % order.len() };
    order[next]
}

/// What the strip shows of the whole journey, or of the phase presented alone: mutuality,
/// continuity, the number of warnings, and the classification (or the phase's touchpoints).
fn strip_numbers(
    analysis: &Analysis,
    journey: &crate::model::Journey,
    focus: Option<Phase>,
) -> (f64, f64, usize, String) {
    let warnings =
        |findings: &[&Finding]| findings.iter().filter(|f| f.severity == Severity::Warning).count();
    match focus {
        None => (
            analysis.mutuality.score,
            analysis.continuity.score,
            warnings(&analysis.findings.iter().collect::<Vec<_>>()),
            analysis.verdict.classification.label().to_owned(),
        ),
        Some(p) => {
            let s = &analysis.phases[p.index()];
            let n = warnings(&findings_of_phase(analysis, journey, p));
            (s.mutuality.score, s.continuity.score, n, format!("{} touchpoints", s.touchpoints))
        }
    }
}

/// The findings about a phase: its phase findings and the touchpoint findings naming one of
/// its cards.
pub fn findings_of_phase<'a>(
    analysis: &'a Analysis,
    journey: &crate::model::Journey,
    phase: Phase,
) -> Vec<&'a Finding> {
    analysis
        .findings
        .iter()
        .filter(|f| {
            f.phase == Some(phase)
                || (f.phase.is_none()
                    && f.marks_cards()
                    && f.touchpoints
                        .iter()
                        .any(|id| journey.touchpoint(*id).is_some_and(|t| t.phase == phase)))
        })
        .collect()
}

/// How large the presentation strip's type is on this screen: full size from 1,500 points
/// wide, down to 70 % on a small laptop.
fn strip_scale(ctx: &egui::Context) -> f32 {
    (ctx.content_rect().width() / 1500.0).clamp(0.7, 1.0)
}

/// What the countdown reads: "⏱ 4:59", "⏱ 4:59 (paused)", "⏱ Time is up 0:12".
fn timer_text(timer: &Timer, now: f64) -> String {
    let text = if timer.is_up(now) { format!("Time is up {}", timer.text(now)) } else { timer.text(now) };
    let text = if timer.is_paused() { format!("{text} (paused)") } else { text };
    format!("⏱ {text}")
}

/// How wide `text` is in the proportional font at `size`.
fn text_width(ui: &egui::Ui, text: &str, size: f32) -> f32 {
    ui.painter().layout_no_wrap(text.to_owned(), egui::FontId::proportional(size), Color32::WHITE).size().x
}

/// Starts a new row of a wrapped layout when a block `width` wide would not fit on this one (a
/// block is not a widget, so the layout cannot know its width before it is drawn).
fn wrap_unless_room(ui: &mut egui::Ui, width: f32) {
    // A wrapped layout's available width is the whole row's; what is left is from the cursor.
    let left = ui.max_rect().max.x - ui.cursor().min.x;
    if left < width && ui.cursor().min.x > ui.max_rect().min.x + 1.0 {
        ui.end_row();
    }
}

/// When each shown number last changed, to highlight it for a moment.
#[derive(Default)]
pub struct Flashes {
    seen: HashMap<&'static str, (String, f64)>,
}

impl Flashes {
    /// How strongly to highlight `value` under `key` now (1 just changed … 0 settled). The
    /// first value seen is not a change.
    pub fn strength(&mut self, key: &'static str, value: &str, now: f64) -> f32 {
        let entry = self.seen.entry(key).or_insert_with(|| (value.to_owned(), f64::NEG_INFINITY));
        if entry.0 != value {
            *entry = (value.to_owned(), now);
        }
        let age = now - entry.1;
        if age < FLASH_SECS { (1.0 - age / FLASH_SECS) as f32 } else { 0.0 }
    }

    /// Forgets everything (a new journey or phase is not a change).
    pub fn clear(&mut self) {
        self.seen.clear();
    }
}

impl RapportApp {
    /// The score strip across the top while presenting.
    pub(super) fn presentation_strip_ui(&mut self, ui: &mut egui::Ui, analysis: &Analysis) {
        let palette = self.palette();
        let now = ui.input(|i| i.time);
        let focus = self.view.focus;
        let journey = self.journey();
        let (mutuality, continuity, count, what) = strip_numbers(analysis, journey, focus);
        let title = match focus {
            None => format!("{} · whole journey", journey.name),
            Some(p) => format!("{} · {} ({} of 3)", journey.name, p.label(), p.index() + 1),
        };
        let mut flash_used = false;
        let up = self.time_is_up(ui.ctx());
        // On a narrow screen the type is smaller and the keys' reminder goes; whatever does not
        // fit on one row wraps to the next: nothing ever sits on anything else.
        let width = ui.ctx().content_rect().width();
        let scale = strip_scale(ui.ctx());
        let text = |c: Color32| if up { Color32::WHITE } else { c };
        let plain = text(ui.visuals().text_color());
        let weak = if up { Color32::WHITE } else { ui.visuals().weak_text_color() };
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing = egui::vec2(18.0 * scale, 6.0);
            ui.add_space(8.0);
            ui.vertical(|ui| {
                ui.label(RichText::new(title).size(22.0 * scale).strong().color(plain));
                if width >= 1300.0 {
                    ui.label(
                        RichText::new(
                            "PageDown / → next phase · PageUp / ← back · Home whole journey · Esc leaves",
                        )
                        .size(13.0)
                        .color(weak),
                    );
                }
            });
            let mut number =
                |ui: &mut egui::Ui, key: &'static str, label: &str, value: String, colour: Color32| {
                    let wide =
                        text_width(ui, label, 15.0 * scale).max(text_width(ui, &value, 40.0 * scale)) + 20.0;
                    wrap_unless_room(ui, wide);
                    let strength = self.facilitator.flashes.strength(key, &value, now);
                    flash_used |= strength > 0.0;
                    let fill = palette.flash.gamma_multiply(strength);
                    egui::Frame::NONE
                        .fill(fill)
                        .corner_radius(6.0)
                        .inner_margin(egui::Margin::symmetric(10, 2))
                        .show(ui, |ui| {
                            ui.vertical(|ui| {
                                ui.label(RichText::new(label).size(15.0 * scale).color(weak));
                                ui.label(
                                    RichText::new(value).size(40.0 * scale).strong().color(text(colour)),
                                );
                            });
                        });
                };
            number(ui, "mutuality", "design mutuality", format!("{mutuality:.0}"), palette.mutuality);
            number(ui, "continuity", "design continuity", format!("{continuity:.0}"), palette.continuity);
            let verdict_label = if focus.is_none() { "classification" } else { "in this phase" };
            number(ui, "verdict", verdict_label, what, ui.visuals().text_color());
            let findings = format!("{count}");
            let colour = if count > 0 { palette.warning_text } else { ui.visuals().text_color() };
            number(ui, "findings", if count == 1 { "warning" } else { "warnings" }, findings, colour);
            if let Some(t) = self.facilitator.timer {
                wrap_unless_room(ui, text_width(ui, &timer_text(&t, now), 40.0 * scale) + 150.0);
                ui.horizontal(|ui| self.timer_ui(ui, true));
            }
        });
        if flash_used {
            ui.ctx().request_repaint();
        }
    }

    /// The findings of the phase being presented, in large type.
    pub(super) fn presentation_findings_ui(&mut self, ui: &mut egui::Ui, analysis: &Analysis, phase: Phase) {
        let palette = self.palette();
        let findings = findings_of_phase(analysis, self.journey(), phase);
        ui.add_space(8.0);
        ui.label(RichText::new(format!("{}: what to look at", phase.label())).size(24.0).strong());
        ui.add_space(6.0);
        if findings.is_empty() {
            ui.label(RichText::new("Nothing in this phase trips a rule.").size(20.0).weak());
        }
        let mut picked = None;
        let mut tops = Vec::new();
        let out = egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            for f in findings {
                tops.push(ui.cursor().min.y);
                let (icon, colour) = match f.severity {
                    Severity::Warning => ("⚠", palette.warning_text),
                    Severity::Note => ("ℹ", palette.note),
                };
                let mut job = egui::text::LayoutJob::default();
                let font = egui::FontId::proportional(20.0);
                job.append(&format!("{icon} "), 0.0, egui::TextFormat::simple(font.clone(), colour));
                job.append(&f.message, 0.0, egui::TextFormat::simple(font, ui.visuals().text_color()));
                let r = ui
                    .add(egui::Button::new(job).wrap_mode(egui::TextWrapMode::Wrap).frame(false))
                    .on_hover_text(f.why);
                if r.clicked() && !f.touchpoints.is_empty() {
                    picked = Some(f.touchpoints.clone());
                }
                ui.add_space(8.0);
            }
        });
        // Findings below the fold are said, so the room knows the list goes on.
        let bottom = out.inner_rect.max.y;
        let below = tops.iter().filter(|&&top| top > bottom - 12.0).count();
        if below > 0 {
            let strip =
                egui::Rect::from_min_max(egui::pos2(out.inner_rect.min.x, bottom - 34.0), out.inner_rect.max);
            let painter = ui.painter_at(out.inner_rect);
            painter.rect_filled(strip, 0.0, ui.visuals().panel_fill);
            painter.text(
                strip.left_center() + egui::vec2(4.0, 0.0),
                egui::Align2::LEFT_CENTER,
                format!("▼ {below} more finding{} below", if below == 1 { "" } else { "s" }),
                egui::FontId::proportional(20.0),
                palette.note,
            );
        }
        if let Some(ids) = picked {
            self.view.selection = ids.into_iter().collect();
        }
    }

    /// The countdown: large while presenting, small in the status bar. Clicking it pauses or
    /// resumes; at zero it turns the warning colour and counts the time over.
    pub(super) fn timer_ui(&mut self, ui: &mut egui::Ui, large: bool) {
        let Some(timer) = self.facilitator.timer else { return };
        let now = ui.input(|i| i.time);
        let palette = self.palette();
        let up = timer.is_up(now);
        let text = timer_text(&timer, now);
        let size = if large { 40.0 * strip_scale(ui.ctx()) } else { 14.0 };
        let small = 16.0;
        // At zero: white on the red strip while presenting, a red badge in the status bar.
        let (fill, colour) = match (up, large) {
            (true, true) => (Color32::TRANSPARENT, Color32::WHITE),
            (true, false) => (palette.alarm, Color32::WHITE),
            (false, _) => (Color32::TRANSPARENT, ui.visuals().text_color()),
        };
        let label = RichText::new(text).size(size).strong().color(colour);
        let r = ui.add(egui::Button::new(label).fill(fill)).on_hover_text(format!(
            "Click to pause or resume ({}) · {} adds a minute · {} stops",
            Command::TimerPause.shortcut_text(ui.ctx()),
            Command::TimerAddMinute.shortcut_text(ui.ctx()),
            Command::TimerStop.shortcut_text(ui.ctx())
        ));
        if r.clicked()
            && let Some(t) = &mut self.facilitator.timer
        {
            t.toggle_pause(now);
        }
        if large {
            // At zero the buttons sit on the red strip: white words on the strip's own red (a
            // button's usual light fill would leave them unreadable), outlined in white.
            let text = ui.visuals().text_color();
            let button = |words: &str| {
                let b = egui::Button::new(RichText::new(words).size(small).color(if up {
                    Color32::WHITE
                } else {
                    text
                }));
                if up { b.fill(palette.alarm).stroke(egui::Stroke::new(1.0, Color32::WHITE)) } else { b }
            };
            if ui.add(button("+1 min")).clicked()
                && let Some(t) = &mut self.facilitator.timer
            {
                t.add(60.0);
            }
            if ui.add(button("Stop")).clicked() {
                self.stop_timer();
            }
        }
        if let Some(t) = &self.facilitator.timer {
            let next = t.next_tick(now);
            if next.is_finite() {
                ui.ctx().request_repaint_after(std::time::Duration::from_secs_f64(next.max(0.05)));
            }
        }
    }

    /// Starts a countdown.
    pub(super) fn start_timer(&mut self, ctx: &egui::Context, seconds: f64) {
        let now = ctx.input(|i| i.time);
        let t = Timer::start(seconds, now);
        self.chrome.say(format!("Timer started: {}", t.text(now)));
        self.facilitator.timer = Some(t);
        ctx.request_repaint();
    }

    /// Stops the countdown; a "Timer started" line in the status goes with it.
    pub(super) fn stop_timer(&mut self) {
        self.facilitator.timer = None;
        if self.chrome.status.as_ref().is_some_and(|(s, _)| s.starts_with("Timer started")) {
            self.chrome.say("Timer stopped".to_owned());
        }
    }

    /// Time is up on the running timer.
    pub(super) fn time_is_up(&self, ctx: &egui::Context) -> bool {
        let now = ctx.input(|i| i.time);
        self.facilitator.timer.is_some_and(|t| t.is_up(now))
    }

    /// The red frame around the canvas when time is up, so the room cannot miss it.
    pub(super) fn time_up_frame(&self, ui: &egui::Ui, rect: egui::Rect) {
        if self.time_is_up(ui.ctx()) {
            let colour = Palette::of(self.settings.theme()).alarm;
            ui.painter().rect_stroke(
                rect.shrink(3.0),
                0.0,
                egui::Stroke::new(6.0, colour),
                egui::StrokeKind::Inside,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presenting_steps_through_the_phases_and_back_to_the_whole_journey() {
        let mut f = None;
        let mut seen = Vec::new();
        for _ in 0..4 {
            f = step(f, true);
            seen.push(f);
        }
        assert_eq!(
            seen,
            vec![Some(Phase::EarlyDays), Some(Phase::FirstDisagreement), Some(Phase::LongTerm), None]
        );
        assert_eq!(step(None, false), Some(Phase::LongTerm));
        assert_eq!(step(Some(Phase::EarlyDays), false), None);
    }

    #[test]
    fn a_changed_number_is_highlighted_for_a_moment_and_the_first_is_not() {
        let mut f = Flashes::default();
        assert_eq!(f.strength("m", "56", 0.0), 0.0);
        assert_eq!(f.strength("m", "56", 1.0), 0.0);
        assert_eq!(f.strength("m", "63", 2.0), 1.0);
        assert!(f.strength("m", "63", 2.8) > 0.0);
        assert_eq!(f.strength("m", "63", 2.0 + FLASH_SECS), 0.0);
    }
}
