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

impl crate::palette::Palette<Color32> {
    /// The palette for a theme.
    pub fn of(dark: bool) -> &'static Palette {
        if dark { &DARK } else { &LIGHT }
    }
}
