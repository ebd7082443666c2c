//! Where each part of a touchpoint card goes, for the canvas (at full detail) and the exports.
//!
//! Text sizes are em sizes in diagram units. Text positions are the top-left corner of the
//! line (as egui places text); SVG adds the font's ascent to reach the baseline.

use super::{Point, Rect};
use crate::model::{Exchange, Touchpoint};

/// Width of the coloured stripe on the card's left edge.
pub const STRIPE_W: f32 = 7.0;
/// Corner radius of a card.
pub const CORNER: f32 = 6.0;
/// Size of the exchange word ("ORG GIVES").
pub const WORD_SIZE: f32 = 11.0;
/// Size of the giving/taking arrow next to the word.
pub const ICON_SIZE: f32 = 12.0;
/// Radius of a strength dot.
pub const DOT_R: f32 = 3.2;
/// Size of the title text.
pub const TITLE_SIZE: f32 = 15.0;
/// Lines of title a card shows.
pub const TITLE_ROWS: usize = 2;
/// Size of the text in a flag pill.
pub const FLAG_SIZE: f32 = 10.0;
/// Height of a flag pill.
pub const FLAG_H: f32 = 14.0;
/// Size of the provider and day text.
pub const FOOT_SIZE: f32 = 11.5;
/// Size of the warning triangle.
pub const WARNING_SIZE: f32 = 14.0;
/// Radius of the feeling disc.
pub const FEELING_R: f32 = 8.0;
/// Size of the feeling number.
pub const FEELING_SIZE: f32 = 9.5;

/// The word on a card for who gives or takes.
pub fn exchange_word(e: Exchange) -> &'static str {
    match e {
        Exchange::OrgGives(_) => "ORG GIVES",
        Exchange::OrgTakes(_) => "ORG TAKES",
        Exchange::CustomerGives(_) => "CUSTOMER GIVES",
        Exchange::CustomerTakes(_) => "CUSTOMER TAKES",
        Exchange::Neutral => "NEUTRAL",
    }
}

/// The flags a touchpoint shows as word pills, in order.
pub fn flag_words(tp: &Touchpoint) -> impl Iterator<Item = &'static str> {
    [
        (tp.two_way, "two-way"),
        (tp.tailored, "tailored"),
        (tp.personalised, "personal"),
        (tp.recalls_history, "history"),
        (tp.sets_next_contact, "next"),
    ]
    .into_iter()
    .filter_map(|(on, word)| on.then_some(word))
}

/// One flag pill.
#[derive(Clone, Debug, PartialEq)]
pub struct Pill {
    /// The pill.
    pub rect: Rect,
    /// Its word.
    pub word: &'static str,
    /// Top-left of the word.
    pub text: Point,
}

/// The parts of a card at full detail.
#[derive(Clone, Debug, PartialEq)]
pub struct CardParts {
    /// The coloured stripe on the left.
    pub stripe: Rect,
    /// Centre of the giving/taking arrow.
    pub icon: Point,
    /// Top-left of the exchange word.
    pub word: Point,
    /// Centres of the three strength dots.
    pub dots: [Point; 3],
    /// Centre of the warning triangle (drawn when a warning names the card).
    pub warning: Point,
    /// Centre of the feeling disc, left of the warning when there is one.
    pub feeling: Point,
    /// Top-left of the title; it wraps within `title_width`.
    pub title: Point,
    /// How wide the title may be.
    pub title_width: f32,
    /// The flag pills that fit.
    pub pills: Vec<Pill>,
    /// Centre of the provider icon.
    pub provider_icon: Point,
    /// Left end of the provider name, at the height of its vertical middle.
    pub provider: Point,
    /// How wide the provider name may be.
    pub provider_width: f32,
    /// Right end of "day N", at the height of its vertical middle.
    pub day: Point,
}

/// Places the parts of a card. `measure(text, size)` gives the width of a line of text (egui's
/// in the canvas, the bundled fonts' in exports) and `line_height(size)` its height.
pub fn card_parts(
    rect: &Rect,
    tp: &Touchpoint,
    warned: bool,
    measure: impl Fn(&str, f32) -> f32,
    line_height: impl Fn(f32) -> f32,
) -> CardParts {
    let (l, t, r, b) = (rect.min.x, rect.min.y, rect.max.x, rect.max.y);
    let top = Point::new(l + 16.0, t + 8.0);
    let icon = Point::new(top.x + 5.0, top.y + 7.0);
    let word = Point::new(top.x + 16.0, top.y + 1.0);
    let word_right = word.x + measure(exchange_word(tp.exchange), WORD_SIZE);
    let dot_y = word.y + line_height(WORD_SIZE) / 2.0;
    let dots = [0.0, 1.0, 2.0].map(|i| Point::new(word_right + 9.0 + i * 9.0, dot_y));

    let mut pills = Vec::new();
    let mut x = l + 14.0;
    let y = b - 38.0;
    for word in flag_words(tp) {
        let w = measure(word, FLAG_SIZE) + 8.0;
        if x + w > r - 6.0 {
            break;
        }
        let text = Point::new(x + 4.0, y + FLAG_H / 2.0 - line_height(FLAG_SIZE) / 2.0);
        pills.push(Pill { rect: Rect::from_min_size(Point::new(x, y), w, FLAG_H), word, text });
        x += w + 4.0;
    }

    let bottom = b - 13.0;
    CardParts {
        stripe: Rect { min: rect.min, max: Point::new(l + STRIPE_W, b) },
        icon,
        word,
        dots,
        warning: Point::new(r - 16.0, t + 14.0),
        feeling: Point::new(if warned { r - 38.0 } else { r - 16.0 }, t + 14.0),
        title: Point::new(l + 16.0, t + 26.0),
        title_width: rect.width() - 26.0,
        pills,
        provider_icon: Point::new(l + 21.0, bottom),
        provider: Point::new(l + 30.0, bottom),
        provider_width: rect.width() - 100.0,
        day: Point::new(r - 10.0, bottom),
    }
}

/// The corners of the giving (up), taking (down) or neutral (diamond) mark, centred on `c`.
pub fn exchange_mark(c: Point, size: f32, up: Option<bool>) -> Vec<Point> {
    let h = size / 2.0;
    match up {
        Some(true) => vec![
            Point::new(c.x, c.y - h),
            Point::new(c.x + h, c.y + h * 0.7),
            Point::new(c.x - h, c.y + h * 0.7),
        ],
        Some(false) => vec![
            Point::new(c.x, c.y + h),
            Point::new(c.x - h, c.y - h * 0.7),
            Point::new(c.x + h, c.y - h * 0.7),
        ],
        None => vec![
            Point::new(c.x, c.y - h * 0.8),
            Point::new(c.x + h * 0.8, c.y),
            Point::new(c.x, c.y + h * 0.8),
            Point::new(c.x - h * 0.8, c.y),
        ],
    }
}

/// The corners of the warning triangle centred on `c`.
pub fn warning_mark(c: Point, size: f32) -> [Point; 3] {
    let h = size / 2.0;
    [Point::new(c.x, c.y - h), Point::new(c.x + h, c.y + h * 0.8), Point::new(c.x - h, c.y + h * 0.8)]
}

/// A link arrow's shaft end and head corners, from `from` to the tip `to`; `None` when the
/// two points coincide.
pub fn arrow_head(from: Point, to: Point, head: f32) -> Option<(Point, [Point; 3])> {
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let len = (dx * dx + dy * dy).sqrt();
    if !len.is_finite() || len < 1e-3 {
        return None;
    }
    let (ux, uy) = (dx / len, dy / len);
    let base = Point::new(to.x - ux * head, to.y - uy * head);
    let (sx, sy) = (-uy * head * 0.45, ux * head * 0.45);
    Some((base, [to, Point::new(base.x + sx, base.y + sy), Point::new(base.x - sx, base.y - sy)]))
}
