//! Every colour of the workbench, defined once, for the light and the dark theme.
//!
//! Giving and taking use the Okabe–Ito colour-blind-safe pair (blue, vermillion) and are also
//! told apart by shape: an upward arrow for giving, a downward one for taking.

use egui::Color32;

use crate::model::Exchange;

/// The colours of one theme.
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    /// Canvas background.
    pub canvas: Color32,
    /// Every other lane row, for legibility on a projector.
    pub lane_band: Color32,
    /// Grid lines between lanes and phases.
    pub grid: Color32,
    /// Phase header and lane label background.
    pub header: Color32,
    /// Text on headers and labels.
    pub header_text: Color32,
    /// Card background.
    pub card: Color32,
    /// Card border.
    pub card_border: Color32,
    /// Main text on cards.
    pub text: Color32,
    /// Secondary text on cards.
    pub weak_text: Color32,
    /// Selection outline and box.
    pub selection: Color32,
    /// A cell that would receive a dragged card.
    pub drop_target: Color32,
    /// Link arrows.
    pub link: Color32,
    /// The organisation gives.
    pub org_gives: Color32,
    /// The organisation takes.
    pub org_takes: Color32,
    /// The customer gives.
    pub customer_gives: Color32,
    /// The customer takes.
    pub customer_takes: Color32,
    /// Nothing changes hands.
    pub neutral: Color32,
    /// Warnings.
    pub warning: Color32,
    /// Notes.
    pub note: Color32,
    /// Flag pills on cards.
    pub pill: Color32,
    /// Mutuality in charts.
    pub mutuality: Color32,
    /// Continuity in charts.
    pub continuity: Color32,
    /// The feeling curve.
    pub feeling: Color32,
}

impl Palette {
    /// The light theme.
    pub const LIGHT: Palette = Palette {
        canvas: Color32::from_rgb(250, 250, 248),
        lane_band: Color32::from_rgb(242, 242, 238),
        grid: Color32::from_rgb(214, 214, 208),
        header: Color32::from_rgb(232, 232, 226),
        header_text: Color32::from_rgb(40, 40, 40),
        card: Color32::WHITE,
        card_border: Color32::from_rgb(190, 190, 185),
        text: Color32::from_rgb(25, 25, 25),
        weak_text: Color32::from_rgb(95, 95, 95),
        selection: Color32::from_rgb(0, 114, 178),
        drop_target: Color32::from_rgba_premultiplied(0, 60, 95, 40),
        link: Color32::from_rgb(90, 90, 90),
        org_gives: Color32::from_rgb(0, 114, 178),
        org_takes: Color32::from_rgb(213, 94, 0),
        customer_gives: Color32::from_rgb(0, 158, 115),
        customer_takes: Color32::from_rgb(204, 121, 167),
        neutral: Color32::from_rgb(150, 150, 150),
        warning: Color32::from_rgb(200, 120, 0),
        note: Color32::from_rgb(110, 110, 110),
        pill: Color32::from_rgb(232, 236, 242),
        mutuality: Color32::from_rgb(0, 114, 178),
        continuity: Color32::from_rgb(230, 159, 0),
        feeling: Color32::from_rgb(204, 121, 167),
    };

    /// The dark theme.
    pub const DARK: Palette = Palette {
        canvas: Color32::from_rgb(30, 31, 34),
        lane_band: Color32::from_rgb(36, 37, 41),
        grid: Color32::from_rgb(62, 63, 68),
        header: Color32::from_rgb(46, 47, 52),
        header_text: Color32::from_rgb(225, 225, 225),
        card: Color32::from_rgb(50, 52, 58),
        card_border: Color32::from_rgb(85, 87, 95),
        text: Color32::from_rgb(235, 235, 235),
        weak_text: Color32::from_rgb(170, 170, 175),
        selection: Color32::from_rgb(86, 180, 233),
        drop_target: Color32::from_rgba_premultiplied(20, 60, 80, 60),
        link: Color32::from_rgb(175, 175, 180),
        org_gives: Color32::from_rgb(86, 180, 233),
        org_takes: Color32::from_rgb(240, 120, 40),
        customer_gives: Color32::from_rgb(40, 190, 145),
        customer_takes: Color32::from_rgb(214, 140, 180),
        neutral: Color32::from_rgb(140, 140, 145),
        warning: Color32::from_rgb(240, 170, 40),
        note: Color32::from_rgb(160, 160, 165),
        pill: Color32::from_rgb(64, 68, 78),
        mutuality: Color32::from_rgb(86, 180, 233),
        continuity: Color32::from_rgb(240, 190, 60),
        feeling: Color32::from_rgb(214, 140, 180),
    };

    /// The palette for a theme.
    pub fn of(dark: bool) -> &'static Palette {
        if dark { &Self::DARK } else { &Self::LIGHT }
    }

    /// The colour of an exchange.
    pub fn exchange(&self, e: Exchange) -> Color32 {
        match e {
            Exchange::OrgGives(_) => self.org_gives,
            Exchange::OrgTakes(_) => self.org_takes,
            Exchange::CustomerGives(_) => self.customer_gives,
            Exchange::CustomerTakes(_) => self.customer_takes,
            Exchange::Neutral => self.neutral,
        }
    }
}

/// Whether an exchange is drawn with an upward (giving) or downward (taking) arrow, or none.
pub fn exchange_points_up(e: Exchange) -> Option<bool> {
    match e {
        Exchange::OrgGives(_) | Exchange::CustomerGives(_) => Some(true),
        Exchange::OrgTakes(_) | Exchange::CustomerTakes(_) => Some(false),
        Exchange::Neutral => None,
    }
}
