//! Every colour of Rapport's diagrams and workbench, defined once, for the light, dark and
//! projector themes. Pure (no egui): the workbench converts them to egui colours, the exporters
//! to SVG.
//!
//! Giving and taking keep the Okabe–Ito hues (blue and bluish green give, vermillion and
//! reddish purple take) and are also told apart by shape: an upward arrow for giving, a
//! downward one for taking. In every theme the givers are a step darker than the takers
//! (lighter in the dark theme), so the two still differ in grey and under protanopia,
//! deuteranopia and tritanopia. A colour that is too light to read as text on a card or a panel
//! has a text variant (`org_takes_text`), so the fill the eye reads as the category stays as it
//! is. Every text and background pair is listed, by where it is drawn, in
//! [`Palette::text_pairs`]; `tests/colours.rs` holds them to WCAG contrast.

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
    /// The organisation gives: the stripe, the column and the marks of its cards.
    pub org_gives: C,
    /// The organisation takes.
    pub org_takes: C,
    /// The customer gives.
    pub customer_gives: C,
    /// The customer takes.
    pub customer_takes: C,
    /// Nothing changes hands.
    pub neutral: C,
    /// Marks drawn on a giving colour (the arrow on a card's column): white on the light
    /// themes' dark givers, near black on the dark theme's light ones.
    pub on_giving: C,
    /// Marks drawn on a taking or the neutral colour.
    pub on_taking: C,
    /// The words "ORG GIVES" on a card, where `org_gives` is too light to read as text.
    pub org_gives_text: C,
    /// The words "ORG TAKES" on a card.
    pub org_takes_text: C,
    /// The words "CUSTOMER GIVES" on a card.
    pub customer_gives_text: C,
    /// The words "CUSTOMER TAKES" on a card.
    pub customer_takes_text: C,
    /// The word "NEUTRAL" on a card.
    pub neutral_text: C,
    /// Warnings: the triangle's fill.
    pub warning: C,
    /// The "!" in the warning triangle, and a warning badge's number.
    pub on_warning: C,
    /// Warnings as text: the count on a phase header, ⚠ on a panel.
    pub warning_text: C,
    /// Notes.
    pub note: C,
    /// Flag pills on cards.
    pub pill: C,
    /// Mutuality in charts and its number on the panels.
    pub mutuality: C,
    /// Continuity in charts and its number on the panels.
    pub continuity: C,
    /// The feeling curve.
    pub feeling: C,
    /// A score that rose, a finding resolved, a card added (compare): the bluish green of the
    /// Okabe–Ito set, as text and as a pill's fill, never alone — a sign or an arrow says the
    /// same.
    pub better: C,
    /// A score that fell, a finding introduced, an error: vermillion, with a sign or an arrow.
    pub worse: C,
    /// Words on an accent fill (`better`, `worse`, `selection`, `weak_text` or `note` as a
    /// pill, chip or badge).
    pub on_accent: C,
    /// The workbench's side panels, strips and dialogs.
    pub panel: C,
    /// The workbench's own labels on its panels.
    pub panel_text: C,
    /// The workbench's weaker labels (hints, captions) on its panels.
    pub panel_weak_text: C,
    /// Time is up: the presentation strip and the timer's badge, under white words.
    pub alarm: C,
    /// A number that just changed on the presentation strip, translucent over the panel.
    pub flash: C,
    /// How much heavier than drawn lines are painted (the projector's washed-out image needs it).
    pub weight: f32,
}

/// The fill strength of the feeling disc on a card, from the palest (−2) to the fullest (+2):
/// the fuller the disc the better. Capped so that the number drawn on it in the text colour
/// stays readable in every theme.
pub fn feeling_strength(feeling: i8) -> f32 {
    FEELING_STRENGTH_STEP * (f32::from(feeling.clamp(-2, 2)) + 3.0)
}

/// The feeling disc's strength grows by this much per step of feeling.
pub const FEELING_STRENGTH_STEP: f32 = 0.12;

/// How strongly a card removed since the earlier journey is drawn (compare): its fill, stripe
/// and marks at this opacity; its words stay readable in the weak text colour.
pub const GHOST_ALPHA: f32 = 0.35;

/// How strongly the selection colour tints an add slot (the "+" drawn over it in full).
pub const ADD_SLOT_ALPHA: f32 = 0.05;

/// How strongly a dragged card is drawn under the pointer.
pub const DRAG_ALPHA: f32 = 0.85;

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
        selection: Colour::rgb(0, 100, 165),
        drop_target: Colour::premultiplied(0, 60, 95, 40),
        link: Colour::rgb(90, 90, 90),
        org_gives: Colour::rgb(0, 95, 160),
        org_takes: Colour::rgb(238, 128, 30),
        customer_gives: Colour::rgb(0, 112, 70),
        customer_takes: Colour::rgb(212, 128, 172),
        neutral: Colour::rgb(150, 150, 150),
        on_giving: Colour::rgb(255, 255, 255),
        on_taking: Colour::rgb(25, 25, 25),
        org_gives_text: Colour::rgb(0, 95, 160),
        org_takes_text: Colour::rgb(180, 70, 0),
        customer_gives_text: Colour::rgb(0, 112, 70),
        customer_takes_text: Colour::rgb(165, 70, 125),
        neutral_text: Colour::rgb(105, 105, 105),
        warning: Colour::rgb(200, 120, 0),
        on_warning: Colour::rgb(25, 25, 25),
        warning_text: Colour::rgb(150, 80, 0),
        note: Colour::rgb(110, 110, 110),
        pill: Colour::rgb(232, 236, 242),
        mutuality: Colour::rgb(0, 100, 160),
        continuity: Colour::rgb(155, 85, 0),
        feeling: Colour::rgb(204, 121, 167),
        better: Colour::rgb(0, 112, 70),
        worse: Colour::rgb(185, 60, 0),
        on_accent: Colour::rgb(255, 255, 255),
        panel: Colour::rgb(248, 248, 248),
        panel_text: Colour::rgb(70, 70, 70),
        panel_weak_text: Colour::rgb(100, 100, 100),
        alarm: Colour::rgb(190, 35, 25),
        flash: Colour::premultiplied(0, 9, 14, 20),
        weight: 1.0,
    };

    /// The projector theme: the light theme with stronger contrast for washed-out projectors —
    /// black text, darker lines and borders, deep givers and light takers (still the Okabe–Ito
    /// hues, told apart by lightness and by shape).
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
        selection: Colour::rgb(0, 65, 140),
        drop_target: Colour::premultiplied(0, 50, 90, 60),
        link: Colour::rgb(30, 30, 30),
        org_gives: Colour::rgb(0, 85, 155),
        org_takes: Colour::rgb(240, 128, 40),
        customer_gives: Colour::rgb(0, 96, 68),
        customer_takes: Colour::rgb(222, 138, 186),
        neutral: Colour::rgb(160, 160, 160),
        on_giving: Colour::rgb(255, 255, 255),
        on_taking: Colour::rgb(0, 0, 0),
        org_gives_text: Colour::rgb(0, 85, 155),
        org_takes_text: Colour::rgb(150, 55, 0),
        customer_gives_text: Colour::rgb(0, 96, 68),
        customer_takes_text: Colour::rgb(135, 45, 100),
        neutral_text: Colour::rgb(80, 80, 80),
        warning: Colour::rgb(240, 160, 0),
        on_warning: Colour::rgb(0, 0, 0),
        warning_text: Colour::rgb(100, 45, 0),
        note: Colour::rgb(60, 60, 60),
        pill: Colour::rgb(215, 222, 232),
        mutuality: Colour::rgb(0, 80, 150),
        continuity: Colour::rgb(115, 60, 0),
        feeling: Colour::rgb(170, 70, 130),
        better: Colour::rgb(0, 96, 68),
        worse: Colour::rgb(150, 40, 0),
        on_accent: Colour::rgb(255, 255, 255),
        panel: Colour::rgb(255, 255, 255),
        panel_text: Colour::rgb(0, 0, 0),
        panel_weak_text: Colour::rgb(70, 70, 70),
        alarm: Colour::rgb(160, 25, 15),
        flash: Colour::premultiplied(0, 4, 8, 13),
        weight: 1.8,
    };

    /// The dark theme: light givers, darker takers.
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
        org_gives: Colour::rgb(130, 205, 250),
        org_takes: Colour::rgb(210, 110, 20),
        customer_gives: Colour::rgb(110, 230, 170),
        customer_takes: Colour::rgb(190, 112, 146),
        neutral: Colour::rgb(140, 140, 145),
        on_giving: Colour::rgb(20, 20, 22),
        on_taking: Colour::rgb(20, 20, 22),
        org_gives_text: Colour::rgb(130, 205, 250),
        org_takes_text: Colour::rgb(245, 150, 80),
        customer_gives_text: Colour::rgb(110, 230, 170),
        customer_takes_text: Colour::rgb(230, 150, 190),
        neutral_text: Colour::rgb(170, 170, 175),
        warning: Colour::rgb(240, 170, 40),
        on_warning: Colour::rgb(20, 20, 22),
        warning_text: Colour::rgb(240, 170, 40),
        note: Colour::rgb(160, 160, 165),
        pill: Colour::rgb(64, 68, 78),
        mutuality: Colour::rgb(86, 180, 233),
        continuity: Colour::rgb(240, 190, 60),
        feeling: Colour::rgb(200, 110, 160),
        better: Colour::rgb(110, 230, 170),
        worse: Colour::rgb(240, 120, 60),
        on_accent: Colour::rgb(20, 20, 22),
        panel: Colour::rgb(27, 27, 27),
        panel_text: Colour::rgb(185, 185, 185),
        panel_weak_text: Colour::rgb(145, 145, 145),
        alarm: Colour::rgb(170, 30, 20),
        flash: Colour::premultiplied(9, 18, 23, 26),
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
            on_giving: f(self.on_giving),
            on_taking: f(self.on_taking),
            org_gives_text: f(self.org_gives_text),
            org_takes_text: f(self.org_takes_text),
            customer_gives_text: f(self.customer_gives_text),
            customer_takes_text: f(self.customer_takes_text),
            neutral_text: f(self.neutral_text),
            warning: f(self.warning),
            on_warning: f(self.on_warning),
            warning_text: f(self.warning_text),
            note: f(self.note),
            pill: f(self.pill),
            mutuality: f(self.mutuality),
            continuity: f(self.continuity),
            feeling: f(self.feeling),
            better: f(self.better),
            worse: f(self.worse),
            on_accent: f(self.on_accent),
            panel: f(self.panel),
            panel_text: f(self.panel_text),
            panel_weak_text: f(self.panel_weak_text),
            alarm: f(self.alarm),
            flash: f(self.flash),
            weight: self.weight,
        }
    }

    /// The colour of an exchange: its stripe, column, arrow and dots.
    pub fn exchange(&self, e: Exchange) -> C {
        match e {
            Exchange::OrgGives(_) => self.org_gives,
            Exchange::OrgTakes(_) => self.org_takes,
            Exchange::CustomerGives(_) => self.customer_gives,
            Exchange::CustomerTakes(_) => self.customer_takes,
            Exchange::Neutral => self.neutral,
        }
    }

    /// The colour of an exchange's words on a card.
    pub fn exchange_text(&self, e: Exchange) -> C {
        match e {
            Exchange::OrgGives(_) => self.org_gives_text,
            Exchange::OrgTakes(_) => self.org_takes_text,
            Exchange::CustomerGives(_) => self.customer_gives_text,
            Exchange::CustomerTakes(_) => self.customer_takes_text,
            Exchange::Neutral => self.neutral_text,
        }
    }

    /// The colour of marks drawn on an exchange's colour (the arrow on a card's column). The
    /// neutral grey is light like the takers, so it takes their marks.
    pub fn on_exchange(&self, e: Exchange) -> C {
        match exchange_points_up(e) {
            Some(true) => self.on_giving,
            Some(false) | None => self.on_taking,
        }
    }
}

/// A colour by its role, resolved by each painter from the palette of its theme: the diagram's
/// display lists name roles, so the canvas (light, dark or projector) and the exports (light)
/// draw the same marks.
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
    /// Words about warnings (a phase's warning count on its header).
    WarningText,
    /// The "!" in the warning triangle.
    OnWarning,
    Note,
    Pill,
    Feeling,
    /// The colour of this kind of exchange.
    Exchange(Exchange),
    /// The words of this kind of exchange on a card.
    ExchangeText(Exchange),
    /// Marks on this kind of exchange's colour.
    OnExchange(Exchange),
    /// A score that rose, a finding resolved, a card added (compare).
    Better,
    /// A score that fell, a finding introduced.
    Worse,
    /// Words on an accent fill: a change pill, a FROM / TO tag, a score's chip.
    OnAccent,
    /// Mutuality in charts.
    Mutuality,
    /// Continuity in charts.
    Continuity,
    /// Pure white, for outlines on coloured ground.
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
            Ink::WarningText => self.warning_text,
            Ink::OnWarning => self.on_warning,
            Ink::Note => self.note,
            Ink::Pill => self.pill,
            Ink::Feeling => self.feeling,
            Ink::Exchange(e) => self.exchange(e),
            Ink::ExchangeText(e) => self.exchange_text(e),
            Ink::OnExchange(e) => self.on_exchange(e),
            Ink::Better => self.better,
            Ink::Worse => self.worse,
            Ink::OnAccent => self.on_accent,
            Ink::Mutuality => self.mutuality,
            Ink::Continuity => self.continuity,
            Ink::White => white,
        }
    }
}

impl Colour {
    /// White.
    pub const WHITE: Colour = Colour::rgb(255, 255, 255);

    /// The colour with its opacity multiplied by `factor` (0..=1), as egui's `gamma_multiply`.
    pub fn faded(self, factor: f32) -> Self {
        let f = factor.clamp(0.0, 1.0);
        let [r, g, b, a] = self.0;
        let m = |c: u8| (f32::from(c) * f).round() as u8;
        Self([m(r), m(g), m(b), m(a)])
    }

    /// This (premultiplied, perhaps translucent) colour painted over `ground`, blended in sRGB
    /// as egui and SVG renderers blend.
    pub fn over(self, ground: Colour) -> Colour {
        let [r, g, b, a] = self.0;
        let keep = 1.0 - f32::from(a) / 255.0;
        let mix = |top: u8, under: u8| (f32::from(top) + f32::from(under) * keep).round().min(255.0) as u8;
        let [gr, gg, gb, ga] = ground.0;
        Colour([mix(r, gr), mix(g, gg), mix(b, gb), mix(a, ga)])
    }

    /// `t` of the way from this colour to `other`, channel by channel, as egui's
    /// `lerp_to_gamma`.
    pub fn lerp(self, other: Colour, t: f32) -> Colour {
        let mix = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
        let ([r, g, b, a], [or, og, ob, oa]) = (self.0, other.0);
        Colour([mix(r, or), mix(g, og), mix(b, ob), mix(a, oa)])
    }
}

/// A text colour on the background it is drawn on, named by where that happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextPair {
    /// Where: "card title on a card".
    pub name: &'static str,
    /// The colour of the words (or of a mark read like them, such as the giving arrow).
    pub text: Colour,
    /// What is under them, opaque (translucent layers already composited).
    pub ground: Colour,
}

impl Palette {
    /// Every pair of a text colour and its background that the diagrams, the exports and the
    /// workbench draw in this palette, by where. A new use of a colour as text belongs here,
    /// so the contrast test (`tests/colours.rs`) covers it.
    pub fn text_pairs(&self) -> Vec<TextPair> {
        let pair = |name, text, ground| TextPair { name, text, ground };
        let drag = self.card.faded(DRAG_ALPHA);
        let ghost = self.card.faded(GHOST_ALPHA);
        let feeling = |f: i8| self.feeling.faded(feeling_strength(f)).over(self.card);
        let flash = self.flash.over(self.panel);
        let slot = |under: Colour| self.selection.faded(ADD_SLOT_ALPHA).over(under);
        let mut pairs = vec![
            // The diagram: canvas and exports.
            pair("phase name, exported lane name, compare band on a header", self.header_text, self.header),
            pair("phase scores, FROM / TO word on a header", self.weak_text, self.header),
            pair("phase warning count on its header", self.warning_text, self.header),
            pair("lane name on a plain lane's label", self.header_text, self.header.lerp(self.canvas, 0.3)),
            pair(
                "lane name on a banded lane's label",
                self.header_text,
                self.header.lerp(self.lane_band, 0.3),
            ),
            pair("card title on a card", self.text, self.card),
            pair("provider, day, title editor hints on a card", self.weak_text, self.card),
            pair("flag words on their pill, unchanged score chip", self.text, self.pill),
            pair("\"!\" on the warning triangle, warning badge number", self.on_warning, self.warning),
            pair("feeling number on the palest disc (−2)", self.text, feeling(-2)),
            pair("feeling number on the fullest disc (+2)", self.text, feeling(2)),
            pair("feeling strip name on the canvas", self.header_text, self.canvas),
            pair("feeling scale, exported title and legend on the canvas", self.weak_text, self.canvas),
            pair("dragged feeling value, exported title on the canvas", self.text, self.canvas),
            pair("dragged card's title over the canvas", self.text, drag.over(self.canvas)),
            pair("dragged card's title over a banded lane", self.text, drag.over(self.lane_band)),
            pair("removed (ghost) card's words over the canvas", self.weak_text, ghost.over(self.canvas)),
            pair(
                "removed (ghost) card's words over a banded lane",
                self.weak_text,
                ghost.over(self.lane_band),
            ),
            pair("\"+\" of an add slot on a plain lane", self.selection, slot(self.canvas)),
            pair("\"+\" of an add slot on a banded lane", self.selection, slot(self.lane_band)),
            // Compare: change pills, tags and chips; the review picture's words.
            pair("\"New\" pill, score-rose chip", self.on_accent, self.better),
            pair("\"Changed\" pill, TO tag", self.on_accent, self.selection),
            pair("\"Removed\" pill, FROM tag", self.on_accent, self.weak_text),
            pair("score-fell chip", self.on_accent, self.worse),
            pair("note badge number, \"+N\" findings pill", self.on_accent, self.note),
            pair("rose (▲, +) on the review picture", self.better, self.canvas),
            pair("fell (▼, −) on the review picture", self.worse, self.canvas),
            // The workbench's panels and strips.
            pair("labels on a panel", self.panel_text, self.panel),
            pair("hints and captions on a panel", self.panel_weak_text, self.panel),
            pair("design mutuality number on a panel", self.mutuality, self.panel),
            pair("design continuity number on a panel", self.continuity, self.panel),
            pair("⚠, warning count, lane removal question on a panel", self.warning_text, self.panel),
            pair("ℹ on a panel", self.note, self.panel),
            pair("rose, resolved, a gain on a panel", self.better, self.panel),
            pair("fell, introduced, an error on a panel", self.worse, self.panel),
            pair("no change, persisting on a panel", self.weak_text, self.panel),
            pair("design mutuality just changed (flash)", self.mutuality, flash),
            pair("design continuity just changed (flash)", self.continuity, flash),
            pair("warnings count just changed (flash)", self.warning_text, flash),
            pair("classification just changed (flash)", self.panel_text, flash),
            pair("a flashing number's caption", self.panel_weak_text, flash),
            pair("time is up: the strip, the timer badge", Colour::WHITE, self.alarm),
        ];
        for (e, word, mark) in [
            (Exchange::OrgGives(1), "\"ORG GIVES\" on a card", "giving arrow on an org-gives column"),
            (Exchange::OrgTakes(1), "\"ORG TAKES\" on a card", "taking arrow on an org-takes column"),
            (
                Exchange::CustomerGives(1),
                "\"CUSTOMER GIVES\" on a card",
                "giving arrow on a customer-gives column",
            ),
            (
                Exchange::CustomerTakes(1),
                "\"CUSTOMER TAKES\" on a card",
                "taking arrow on a customer-takes column",
            ),
            (Exchange::Neutral, "\"NEUTRAL\" on a card", "diamond on a neutral column"),
        ] {
            pairs.push(pair(word, self.exchange_text(e), self.card));
            pairs.push(pair(mark, self.on_exchange(e), self.exchange(e)));
        }
        pairs
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
            ("org takes as text", |x| (x.org_takes_text, x.card)),
            ("org gives as text", |x| (x.org_gives_text, x.card)),
            ("customer takes as text", |x| (x.customer_takes_text, x.card)),
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
