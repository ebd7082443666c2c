//! Every colour of Rapport's diagrams and workbench, defined once, for the light and the dark
//! theme. Pure (no egui): the workbench converts them to egui colours, the exporters to SVG.
//!
//! Giving and taking use the Okabe–Ito colour-blind-safe pair (blue, vermillion) and are also
//! told apart by shape: an upward arrow for giving, a downward one for taking.

use crate::model::Exchange;

/// A colour: red, green, blue and alpha, with the colour already multiplied by alpha (as egui
/// keeps it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Colour(pub [u8; 4]);

impl Colour {
    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self([r, g, b, 255])
    }

    /// A translucent colour given premultiplied.
    pub const fn premultiplied(r: u8, g: u8, b: u8, a: u8) -> Self {
        Self([r, g, b, a])
    }

    /// `#rrggbb` of the colour before premultiplication, for SVG.
    pub fn hex(self) -> String {
        let [r, g, b, a] = self.0;
        let un = |c: u8| if a == 0 { 0 } else { (u32::from(c) * 255 / u32::from(a)).min(255) as u8 };
        format!("#{:02x}{:02x}{:02x}", un(r), un(g), un(b))
    }

    /// Opacity, 0..=1.
    pub fn opacity(self) -> f32 {
        f32::from(self.0[3]) / 255.0
    }
}

/// The colours of one theme, of any colour type (`Colour` here, egui's in the workbench).
#[derive(Clone, Copy, Debug)]
pub struct Palette<C = Colour> {
    /// Canvas background.
    pub canvas: C,
    /// Every other lane row, for legibility on a projector.
    pub lane_band: C,
    /// Grid lines between lanes and phases.
    pub grid: C,
    /// Phase header and lane label background.
    pub header: C,
    /// Text on headers and labels.
    pub header_text: C,
    /// Card background.
    pub card: C,
    /// Card border.
    pub card_border: C,
    /// Main text on cards.
    pub text: C,
    /// Secondary text on cards.
    pub weak_text: C,
    /// Selection outline and box.
    pub selection: C,
    /// A cell that would receive a dragged card.
    pub drop_target: C,
    /// Link arrows.
    pub link: C,
    /// The organisation gives.
    pub org_gives: C,
    /// The organisation takes.
    pub org_takes: C,
    /// The customer gives.
    pub customer_gives: C,
    /// The customer takes.
    pub customer_takes: C,
    /// Nothing changes hands.
    pub neutral: C,
    /// Warnings.
    pub warning: C,
    /// Notes.
    pub note: C,
    /// Flag pills on cards.
    pub pill: C,
    /// Mutuality in charts.
    pub mutuality: C,
    /// Continuity in charts.
    pub continuity: C,
    /// The feeling curve.
    pub feeling: C,
    /// How much heavier than drawn lines are painted (the projector's washed-out image needs it).
    pub weight: f32,
}

impl Palette {
    /// The light theme (also the exports' theme).
    pub const LIGHT: Palette = Palette {
        canvas: Colour::rgb(250, 250, 248),
        lane_band: Colour::rgb(242, 242, 238),
        grid: Colour::rgb(214, 214, 208),
        header: Colour::rgb(232, 232, 226),
        header_text: Colour::rgb(40, 40, 40),
        card: Colour::rgb(255, 255, 255),
        card_border: Colour::rgb(190, 190, 185),
        text: Colour::rgb(25, 25, 25),
        weak_text: Colour::rgb(95, 95, 95),
        selection: Colour::rgb(0, 114, 178),
        drop_target: Colour::premultiplied(0, 60, 95, 40),
        link: Colour::rgb(90, 90, 90),
        org_gives: Colour::rgb(0, 114, 178),
        org_takes: Colour::rgb(213, 94, 0),
        customer_gives: Colour::rgb(0, 158, 115),
        customer_takes: Colour::rgb(204, 121, 167),
        neutral: Colour::rgb(150, 150, 150),
        warning: Colour::rgb(200, 120, 0),
        note: Colour::rgb(110, 110, 110),
        pill: Colour::rgb(232, 236, 242),
        mutuality: Colour::rgb(0, 114, 178),
        continuity: Colour::rgb(230, 159, 0),
        feeling: Colour::rgb(204, 121, 167),
        weight: 1.0,
    };

    /// The projector theme: the light theme with stronger contrast for washed-out projectors —
    /// black text, darker lines and borders, deeper giving/taking colours (still the Okabe–Ito
    /// pair, and still told apart by shape).
    pub const PROJECTOR: Palette = Palette {
        canvas: Colour::rgb(255, 255, 255),
        lane_band: Colour::rgb(236, 236, 230),
        grid: Colour::rgb(120, 120, 115),
        header: Colour::rgb(215, 215, 208),
        header_text: Colour::rgb(0, 0, 0),
        card: Colour::rgb(255, 255, 255),
        card_border: Colour::rgb(60, 60, 60),
        text: Colour::rgb(0, 0, 0),
        weak_text: Colour::rgb(40, 40, 40),
        selection: Colour::rgb(0, 80, 160),
        drop_target: Colour::premultiplied(0, 50, 90, 60),
        link: Colour::rgb(30, 30, 30),
        org_gives: Colour::rgb(0, 90, 160),
        org_takes: Colour::rgb(190, 70, 0),
        customer_gives: Colour::rgb(0, 125, 90),
        customer_takes: Colour::rgb(170, 70, 130),
        neutral: Colour::rgb(100, 100, 100),
        warning: Colour::rgb(185, 100, 0),
        note: Colour::rgb(60, 60, 60),
        pill: Colour::rgb(215, 222, 232),
        mutuality: Colour::rgb(0, 90, 160),
        continuity: Colour::rgb(200, 120, 0),
        feeling: Colour::rgb(170, 70, 130),
        weight: 1.8,
    };

    /// The dark theme.
    pub const DARK: Palette = Palette {
        canvas: Colour::rgb(30, 31, 34),
        lane_band: Colour::rgb(36, 37, 41),
        grid: Colour::rgb(62, 63, 68),
        header: Colour::rgb(46, 47, 52),
        header_text: Colour::rgb(225, 225, 225),
        card: Colour::rgb(50, 52, 58),
        card_border: Colour::rgb(85, 87, 95),
        text: Colour::rgb(235, 235, 235),
        weak_text: Colour::rgb(170, 170, 175),
        selection: Colour::rgb(86, 180, 233),
        drop_target: Colour::premultiplied(20, 60, 80, 60),
        link: Colour::rgb(175, 175, 180),
        org_gives: Colour::rgb(86, 180, 233),
        org_takes: Colour::rgb(240, 120, 40),
        customer_gives: Colour::rgb(40, 190, 145),
        customer_takes: Colour::rgb(214, 140, 180),
        neutral: Colour::rgb(140, 140, 145),
        warning: Colour::rgb(240, 170, 40),
        note: Colour::rgb(160, 160, 165),
        pill: Colour::rgb(64, 68, 78),
        mutuality: Colour::rgb(86, 180, 233),
        continuity: Colour::rgb(240, 190, 60),
        feeling: Colour::rgb(214, 140, 180),
        weight: 1.0,
    };
}

impl<C: Copy> Palette<C> {
    /// The same palette in another colour type.
    pub fn map<D>(&self, f: impl Fn(C) -> D) -> Palette<D> {
        Palette {
            canvas: f(self.canvas),
            lane_band: f(self.lane_band),
            grid: f(self.grid),
            header: f(self.header),
            header_text: f(self.header_text),
            card: f(self.card),
            card_border: f(self.card_border),
            text: f(self.text),
            weak_text: f(self.weak_text),
            selection: f(self.selection),
            drop_target: f(self.drop_target),
            link: f(self.link),
            org_gives: f(self.org_gives),
            org_takes: f(self.org_takes),
            customer_gives: f(self.customer_gives),
            customer_takes: f(self.customer_takes),
            neutral: f(self.neutral),
            warning: f(self.warning),
            note: f(self.note),
            pill: f(self.pill),
            mutuality: f(self.mutuality),
            continuity: f(self.continuity),
            feeling: f(self.feeling),
            weight: self.weight,
        }
    }

    /// The colour of an exchange.
    pub fn exchange(&self, e: Exchange) -> C {
        match e {
            Exchange::OrgGives(_) => self.org_gives,
            Exchange::OrgTakes(_) => self.org_takes,
            Exchange::CustomerGives(_) => self.customer_gives,
            Exchange::CustomerTakes(_) => self.customer_takes,
            Exchange::Neutral => self.neutral,
        }
    }
}

/// A colour by its role, resolved by each painter from the palette of its theme: the diagram's
/// display lists name roles, so the canvas (light or dark) and the exports (light) draw the same
/// marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Ink {
    Canvas,
    LaneBand,
    Grid,
    Header,
    HeaderText,
    Card,
    CardBorder,
    Text,
    WeakText,
    Selection,
    Link,
    Warning,
    Note,
    Pill,
    Feeling,
    /// The colour of this kind of exchange.
    Exchange(Exchange),
    /// A score that rose, a finding resolved (compare): the bluish green of the Okabe–Ito set,
    /// never alone — a sign or an arrow says the same.
    Better,
    /// A score that fell, a finding introduced: vermillion, with a sign or an arrow.
    Worse,
    /// Mutuality in charts.
    Mutuality,
    /// Continuity in charts.
    Continuity,
    /// Pure white, for marks on coloured ground.
    White,
}

impl<C: Copy> Palette<C> {
    /// The colour of a role; `white` is the colour type's white.
    pub fn ink(&self, ink: Ink, white: C) -> C {
        match ink {
            Ink::Canvas => self.canvas,
            Ink::LaneBand => self.lane_band,
            Ink::Grid => self.grid,
            Ink::Header => self.header,
            Ink::HeaderText => self.header_text,
            Ink::Card => self.card,
            Ink::CardBorder => self.card_border,
            Ink::Text => self.text,
            Ink::WeakText => self.weak_text,
            Ink::Selection => self.selection,
            Ink::Link => self.link,
            Ink::Warning => self.warning,
            Ink::Note => self.note,
            Ink::Pill => self.pill,
            Ink::Feeling => self.feeling,
            Ink::Exchange(e) => self.exchange(e),
            Ink::Better => self.customer_gives,
            Ink::Worse => self.org_takes,
            Ink::Mutuality => self.mutuality,
            Ink::Continuity => self.continuity,
            Ink::White => white,
        }
    }
}

impl Colour {
    /// The colour with its opacity multiplied by `factor` (0..=1), as egui's `gamma_multiply`.
    pub fn faded(self, factor: f32) -> Self {
        let f = factor.clamp(0.0, 1.0);
        let [r, g, b, a] = self.0;
        let m = |c: u8| (f32::from(c) * f).round() as u8;
        Self([m(r), m(g), m(b), m(a)])
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

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG contrast ratio of two opaque colours.
    fn contrast(a: Colour, b: Colour) -> f64 {
        let lum = |c: Colour| {
            let lin = |v: u8| {
                let v = f64::from(v) / 255.0;
                if v <= 0.039_28 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
            };
            0.2126 * lin(c.0[0]) + 0.7152 * lin(c.0[1]) + 0.0722 * lin(c.0[2])
        };
        let (x, y) = (lum(a), lum(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn the_projector_theme_has_stronger_contrast_and_heavier_lines_than_the_light_one() {
        let (p, l) = (Palette::PROJECTOR, Palette::LIGHT);
        for (name, pick) in [
            ("text", (|x: &Palette| (x.text, x.card)) as fn(&Palette) -> (Colour, Colour)),
            ("weak text", |x| (x.weak_text, x.card)),
            ("grid", |x| (x.grid, x.canvas)),
            ("card border", |x| (x.card_border, x.card)),
            ("org takes", |x| (x.org_takes, x.card)),
            ("org gives", |x| (x.org_gives, x.card)),
        ] {
            let (pa, pb) = pick(&p);
            let (la, lb) = pick(&l);
            assert!(
                contrast(pa, pb) > contrast(la, lb),
                "{name}: {} vs {}",
                contrast(pa, pb),
                contrast(la, lb)
            );
        }
        assert!(contrast(p.weak_text, p.card) >= 7.0, "AAA for small text");
        assert!(p.weight > l.weight);
        // Giving and taking stay apart by shape, whatever the colours.
        assert_ne!(exchange_points_up(Exchange::OrgGives(1)), exchange_points_up(Exchange::OrgTakes(1)));
    }
}
