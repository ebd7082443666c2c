//! The workbench's colours: the palettes of [`crate::palette`] as egui colours.

use std::sync::LazyLock;

use egui::Color32;

use crate::palette::Colour;
pub use crate::palette::exchange_points_up;

/// The colours of one theme, as egui colours.
pub type Palette = crate::palette::Palette<Color32>;

fn to_egui(c: Colour) -> Color32 {
    let [r, g, b, a] = c.0;
    Color32::from_rgba_premultiplied(r, g, b, a)
}

static LIGHT: LazyLock<Palette> = LazyLock::new(|| crate::palette::Palette::LIGHT.map(to_egui));
static DARK: LazyLock<Palette> = LazyLock::new(|| crate::palette::Palette::DARK.map(to_egui));
static PROJECTOR: LazyLock<Palette> = LazyLock::new(|| crate::palette::Palette::PROJECTOR.map(to_egui));

/// The workbench's themes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Light, as exports are.
    Light,
    /// Dark.
    Dark,
    /// Light with stronger contrast and heavier lines, for projectors.
    Projector,
}

impl crate::palette::Palette<Color32> {
    /// The palette for a theme.
    pub fn of(theme: Theme) -> &'static Palette {
        match theme {
            Theme::Light => &LIGHT,
            Theme::Dark => &DARK,
            Theme::Projector => &PROJECTOR,
        }
    }
}

/// egui's own look for a theme: the projector's is the light look with black text and heavier
/// strokes. Panels, labels, hints, warnings and errors take the palette's colours, so the
/// workbench's own words meet the same contrast as the diagram's (`tests/colours.rs`).
pub fn visuals(theme: Theme) -> egui::Visuals {
    let p = Palette::of(theme);
    let mut v = match theme {
        Theme::Light => egui::Visuals::light(),
        Theme::Dark => egui::Visuals::dark(),
        Theme::Projector => {
            let mut v = egui::Visuals::light();
            v.override_text_color = Some(p.panel_text);
            v.widgets.noninteractive.fg_stroke.width = 1.5;
            v.widgets.inactive.fg_stroke.width = 1.5;
            v.widgets.noninteractive.bg_stroke = egui::Stroke::new(1.5, Color32::from_gray(90));
            v.widgets.inactive.bg_stroke = egui::Stroke::new(1.0, Color32::from_gray(90));
            v
        }
    };
    v.panel_fill = p.panel;
    v.window_fill = p.panel;
    v.widgets.noninteractive.fg_stroke.color = p.panel_text;
    v.weak_text_color = Some(p.panel_weak_text);
    v.warn_fg_color = p.warning_text;
    v.error_fg_color = p.worse;
    v
}
