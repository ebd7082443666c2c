//! A touchpoint card as a display list ([`Mark`]s), at three levels of detail, for the canvas
//! and the exports alike. Text is wrapped and measured with the bundled fonts ([`crate::text`]),
//! so a title breaks at the same words on screen and in every export.
//!
//! Sizes are in diagram units. Text positions are the top of the line (as egui places text).

use super::marks::{Anchor, Corners, Mark, Paint, Stroke};
use super::{Point, Rect};
use crate::model::{Exchange, Provider, Touchpoint};
use crate::palette::{Ink, exchange_points_up, feeling_strength};
use crate::text;

/// Width of the coloured stripe on the card's left edge at full detail.
pub const STRIPE_W: f32 = 7.0;
/// Corner radius of a card.
pub const CORNER: f32 = 6.0;
/// Size of the exchange word ("ORG GIVES").
pub const WORD_SIZE: f32 = 11.0;
/// Size of the giving/taking arrow next to the word.
pub const ICON_SIZE: f32 = 12.0;
/// Radius of a strength dot.
pub const DOT_R: f32 = 3.2;
/// Size of the title text at full detail.
pub const TITLE_SIZE: f32 = 16.0;
/// Lines of title a card shows at full detail.
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
/// Width of the annotation column (exchange, warning, feeling) of a card at the larger levels.
pub const COLUMN_W: f32 = 28.0;

/// The smallest text, in screen pixels, a person at the laptop reads reliably.
pub const READABLE_PX: f32 = 12.0;
/// The smallest title, in screen pixels, while presenting to a room.
pub const ROOM_PX: f32 = 14.0;
/// The smallest title, in pixels, on a phase presented alone: larger than any title of the
/// whole journey (at most 22 units at 1:1 and below), so stepping into a phase enlarges it.
pub const ROOM_PHASE_PX: f32 = 20.0;

/// How much of a card to draw: fewer, larger things when the card is small on screen, so its
/// title stays readable. Chosen by the on-screen size of the text, not by a fixed zoom.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Detail {
    /// The title in poster type (up to three lines), the exchange and warning marks.
    Poster,
    /// A large title (up to four lines), the exchange, warning and feeling marks.
    Title,
    /// Everything: exchange word and strength, title, flags, provider, day, feeling.
    Full,
}

impl Detail {
    /// All levels, least detailed first.
    pub const ALL: [Detail; 3] = [Detail::Poster, Detail::Title, Detail::Full];

    /// The size of the title at this level.
    pub fn title_size(self) -> f32 {
        match self {
            Detail::Poster => 30.0,
            Detail::Title => 22.0,
            Detail::Full => TITLE_SIZE,
        }
    }

    /// Lines of title at this level.
    pub fn title_rows(self) -> usize {
        match self {
            Detail::Poster => 3,
            Detail::Title => 4,
            Detail::Full => TITLE_ROWS,
        }
    }

    /// The most detailed level whose title is at least [`READABLE_PX`] on screen at `px_per_unit`
    /// screen pixels per diagram unit; the poster level when none is.
    pub fn for_scale(px_per_unit: f32) -> Self {
        Self::for_scale_reading(px_per_unit, READABLE_PX)
    }

    /// The most detailed level whose title is at least `min_px` on screen (a room watching a
    /// projector wants more than a person at the laptop); the poster level when none is.
    pub fn for_scale_reading(px_per_unit: f32, min_px: f32) -> Self {
        [Detail::Full, Detail::Title]
            .into_iter()
            .find(|d| d.title_size() * px_per_unit >= min_px - 1e-3)
            .unwrap_or(Detail::Poster)
    }
}

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

/// The marks of a card at a level of detail. `warned`: a touchpoint finding names the card.
pub fn card_marks(rect: &Rect, tp: &Touchpoint, warned: bool, detail: Detail) -> Vec<Mark> {
    let mut m = Vec::with_capacity(24);
    m.push(Mark::Rect {
        rect: *rect,
        corners: Corners::same(CORNER),
        fill: Some(Ink::Card.into()),
        stroke: Some(Stroke::new(1.0, Ink::CardBorder)),
    });
    match detail {
        Detail::Full => full(&mut m, rect, tp, warned),
        Detail::Title | Detail::Poster => large(&mut m, rect, tp, warned, detail),
    }
    m
}

/// The title's size: a step smaller when a word is too wide for the card at `size`, so it
/// breaks between words rather than inside one (a word still too wide is hyphenated).
pub fn title_size(title: &str, size: f32, width: f32) -> f32 {
    text::size_to_fit_words(title, size, width, size * TITLE_SHRINK)
}

/// The most a title shrinks to keep its words whole: one step.
pub const TITLE_SHRINK: f32 = 0.85;

/// The lines a card shows of a title, at the size [`title_size`] gives.
pub fn title_wrap(title: &str, size: f32, width: f32, rows: usize) -> Vec<String> {
    text::wrap(title, title_size(title, size, width), width, rows)
}

/// A card's title at a level of detail: its size (before any shrinking of a word too wide), the
/// width it wraps in and the lines it may take. At the larger levels a title too long for its
/// lines takes smaller type (down to three quarters) and the lines the card then holds, so it
/// reads whole rather than ending in "…" while it can.
fn title_room(rect: &Rect, title: &str, detail: Detail) -> (f32, f32, usize) {
    let width = match detail {
        Detail::Full => rect.width() - 26.0,
        Detail::Title | Detail::Poster => rect.width() - COLUMN_W - 14.0,
    };
    let size = detail.title_size();
    if detail == Detail::Full {
        return (size, width, detail.title_rows());
    }
    let rows_at = |s: f32| (((rect.height() - 8.0) / text::line_height(s)).floor() as usize).max(1);
    let whole = |s: f32, rows: usize| {
        let lines = title_wrap(title, s, width, rows);
        !lines.last().is_some_and(|l| l.ends_with('…')) || title.trim_end().ends_with('…')
    };
    if whole(size, detail.title_rows()) {
        return (size, width, detail.title_rows());
    }
    let smallest = size * 0.75;
    let mut s = size - 1.0;
    while s >= smallest {
        if whole(s, rows_at(s)) {
            return (s, width, rows_at(s));
        }
        s -= 1.0;
    }
    (smallest, width, rows_at(smallest))
}

/// The lines of its title a card of `rect` shows at a level of detail, as drawn.
pub fn title_shown(rect: &Rect, title: &str, detail: Detail) -> Vec<String> {
    let (size, width, rows) = title_room(rect, title, detail);
    title_wrap(title, size, width, rows)
}

/// Title lines from `at`, one line height apart.
fn title_lines(m: &mut Vec<Mark>, title: &str, at: Point, size: f32, width: f32, rows: usize) {
    let size = title_size(title, size, width);
    let h = text::line_height(size);
    for (k, line) in text::wrap(title, size, width, rows).into_iter().enumerate() {
        m.push(Mark::text(line, Point::new(at.x, at.y + k as f32 * h), size, Ink::Text, Anchor::Start));
    }
}

/// The larger levels: an annotation column in the exchange's colour on the left (the
/// giving/taking mark in the colour that reads on it, warning, feeling), the title in large
/// type beside it.
fn large(m: &mut Vec<Mark>, rect: &Rect, tp: &Touchpoint, warned: bool, detail: Detail) {
    let (l, t, b) = (rect.min.x, rect.min.y, rect.max.y);
    let column = Rect { min: rect.min, max: Point::new(l + COLUMN_W, b) };
    m.push(Mark::fill(column, Corners::left(CORNER), Ink::Exchange(tp.exchange)));
    let cx = l + COLUMN_W / 2.0;
    m.push(Mark::Polygon {
        points: exchange_mark(Point::new(cx, t + 18.0), 16.0, exchange_points_up(tp.exchange)),
        fill: Ink::OnExchange(tp.exchange).into(),
    });
    if warned {
        warning(m, Point::new(cx, t + 44.0), 18.0, true);
    }
    if let Some(f) = tp.feeling
        && detail == Detail::Title
    {
        feeling(m, Point::new(cx, b - 16.0), f);
    }
    let (size, width, rows) = title_room(rect, &tp.title, detail);
    let lines = title_wrap(&tp.title, size, width, rows).len().max(1);
    // Centred vertically in the card, so one-line titles do not float at the top.
    let block = lines as f32 * text::line_height(title_size(&tp.title, size, width));
    let top = t + ((rect.height() - block) / 2.0).max(4.0);
    title_lines(m, &tp.title, Point::new(l + COLUMN_W + 8.0, top), size, width, rows);
}

/// Everything, as the canvas shows a card up close and the exports draw it.
fn full(m: &mut Vec<Mark>, rect: &Rect, tp: &Touchpoint, warned: bool) {
    let (l, t, r, b) = (rect.min.x, rect.min.y, rect.max.x, rect.max.y);
    let colour = Ink::Exchange(tp.exchange);
    m.push(Mark::fill(
        Rect { min: rect.min, max: Point::new(l + STRIPE_W, b) },
        Corners::left(CORNER),
        colour,
    ));

    // Row 1: who gives or takes, how strongly; warning and feeling on the right.
    let top = Point::new(l + 16.0, t + 8.0);
    let icon = Point::new(top.x + 5.0, top.y + 7.0);
    m.push(Mark::Polygon {
        points: exchange_mark(icon, ICON_SIZE, exchange_points_up(tp.exchange)),
        fill: colour.into(),
    });
    let word = Point::new(top.x + 16.0, top.y + 1.0);
    let word_text = exchange_word(tp.exchange);
    let word_right = word.x + text::width(word_text, WORD_SIZE);
    // The words in the exchange's text colour: the stripe's own colour is too light to read
    // as small type in some themes.
    m.push(Mark::text(word_text, word, WORD_SIZE, Ink::ExchangeText(tp.exchange), Anchor::Start));
    let dot_y = word.y + text::line_height(WORD_SIZE) / 2.0;
    for i in 0..3u8 {
        let c = Point::new(word_right + 9.0 + f32::from(i) * 9.0, dot_y);
        if i < tp.exchange.strength() {
            m.push(Mark::Circle { centre: c, radius: DOT_R, fill: Some(colour.into()), stroke: None });
        } else if tp.exchange != Exchange::Neutral {
            m.push(Mark::Circle {
                centre: c,
                radius: DOT_R - 0.2,
                fill: None,
                stroke: Some(Stroke::new(1.0, colour)),
            });
        }
    }
    if warned {
        warning(m, Point::new(r - 16.0, t + 14.0), WARNING_SIZE, false);
    }
    if let Some(f) = tp.feeling {
        feeling(m, Point::new(if warned { r - 38.0 } else { r - 16.0 }, t + 14.0), f);
    }

    // The title, up to two lines.
    let (size, width, rows) = title_room(rect, &tp.title, Detail::Full);
    title_lines(m, &tp.title, Point::new(l + 16.0, t + 26.0), size, width, rows);

    // Flags as word pills, as many as fit.
    let mut x = l + 14.0;
    let y = b - 38.0;
    for word in flag_words(tp) {
        let w = text::width(word, FLAG_SIZE) + 8.0;
        if x + w > r - 6.0 {
            break;
        }
        m.push(Mark::fill(
            Rect::from_min_size(Point::new(x, y), w, FLAG_H),
            Corners::same(FLAG_H / 2.0),
            Ink::Pill,
        ));
        let ty = y + FLAG_H / 2.0 - text::line_height(FLAG_SIZE) / 2.0;
        m.push(Mark::text(word, Point::new(x + 4.0, ty), FLAG_SIZE, Ink::Text, Anchor::Start));
        x += w + 4.0;
    }

    // Bottom row: provider and day.
    let bottom = b - 13.0;
    provider_icon(m, Point::new(l + 21.0, bottom), &tp.provider, Ink::WeakText);
    let text_top = bottom - text::line_height(FOOT_SIZE) / 2.0;
    let provider = text::fit(&tp.provider.label(), FOOT_SIZE, rect.width() - 100.0);
    m.push(Mark::text(provider, Point::new(l + 30.0, text_top), FOOT_SIZE, Ink::WeakText, Anchor::Start));
    m.push(Mark::text(
        format!("day {}", tp.day),
        Point::new(r - 10.0, text_top),
        FOOT_SIZE,
        Ink::WeakText,
        Anchor::End,
    ));
}

/// The warning triangle with its "!", centred on `c`; outlined in white on coloured ground.
pub fn warning(m: &mut Vec<Mark>, c: Point, size: f32, outlined: bool) {
    if outlined {
        m.push(Mark::Polygon { points: warning_mark(c, size + 4.0).to_vec(), fill: Ink::White.into() });
    }
    m.push(Mark::Polygon { points: warning_mark(c, size).to_vec(), fill: Ink::Warning.into() });
    let text_size = size * 0.65;
    let top = c.y + size * 0.1 - text::line_height(text_size) / 2.0;
    m.push(Mark::text("!", Point::new(c.x, top), text_size, Ink::OnWarning, Anchor::Middle));
}

/// The pin of a card with open review threads (DESIGN.md §18): a disc with their count on the
/// card's top-right corner, drawn the same by the canvas and by every export that shows comments.
pub fn pin_marks(rect: &Rect, open: usize) -> Vec<Mark> {
    let centre = Point::new(rect.max.x - 4.0, rect.min.y + 2.0);
    let size = PIN_SIZE;
    let top = centre.y - text::line_height(size) / 2.0;
    vec![
        Mark::Circle { centre, radius: PIN_R + 1.5, fill: Some(Ink::White.into()), stroke: None },
        Mark::Circle { centre, radius: PIN_R, fill: Some(Ink::Note.into()), stroke: None },
        Mark::text(open.to_string(), Point::new(centre.x, top), size, Ink::OnAccent, Anchor::Middle),
    ]
}

/// The pin's radius and number size.
pub const PIN_R: f32 = 14.0;
/// The pin's number size.
pub const PIN_SIZE: f32 = 16.0;

/// The feeling disc with its number (−2..=+2), centred on `c`; the fuller the disc the better.
/// The disc is laid on the card's colour first, so its number reads the same on a card and on
/// an exchange's column.
pub fn feeling(m: &mut Vec<Mark>, c: Point, f: i8) {
    let strength = feeling_strength(f);
    m.push(Mark::Circle { centre: c, radius: FEELING_R, fill: Some(Ink::Card.into()), stroke: None });
    m.push(Mark::Circle {
        centre: c,
        radius: FEELING_R,
        fill: Some(Paint::faded(Ink::Feeling, strength)),
        stroke: Some(Stroke::new(1.0, Ink::Feeling)),
    });
    let top = c.y - text::line_height(FEELING_SIZE) / 2.0;
    m.push(Mark::text(format!("{f:+}"), Point::new(c.x, top), FEELING_SIZE, Ink::Text, Anchor::Middle));
}

/// The icon of a kind of provider, centred on `c`: one person, two people, an open circle for
/// anyone, a square for a machine.
pub fn provider_icon(m: &mut Vec<Mark>, c: Point, provider: &Provider, ink: Ink) {
    let dot =
        |centre: Point, radius: f32| Mark::Circle { centre, radius, fill: Some(ink.into()), stroke: None };
    match provider {
        Provider::Person(_) => {
            m.push(dot(Point::new(c.x, c.y - 2.5), 2.8));
            m.push(dot(Point::new(c.x, c.y + 4.0), 4.2));
        }
        Provider::Team(_) => {
            for dx in [-3.5, 3.5] {
                m.push(dot(Point::new(c.x + dx, c.y - 2.5), 2.3));
                m.push(dot(Point::new(c.x + dx, c.y + 3.5), 3.2));
            }
        }
        Provider::Anyone => {
            m.push(Mark::Circle { centre: c, radius: 4.5, fill: None, stroke: Some(Stroke::new(1.5, ink)) });
        }
        Provider::Automated => m.push(Mark::Rect {
            rect: Rect::from_min_size(Point::new(c.x - 4.5, c.y - 4.5), 9.0, 9.0),
            corners: Corners::same(1.5),
            fill: None,
            stroke: Some(Stroke::new(1.5, ink)),
        }),
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

/// An arrow along `points` (its head at the last point): the shaft as a line, the head filled.
pub fn arrow(points: &[Point], paint: impl Into<Paint>, width: f32) -> Vec<Mark> {
    let paint = paint.into();
    let [.., from, to] = points else { return Vec::new() };
    let Some((base, head)) = arrow_head(*from, *to, 12.0) else { return Vec::new() };
    let mut shaft = points.to_vec();
    if let Some(last) = shaft.last_mut() {
        *last = base;
    }
    vec![
        Mark::Line { points: shaft, stroke: Stroke { width, paint } },
        Mark::Polygon { points: head.to_vec(), fill: paint },
    ]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_level_follows_the_size_of_the_title_on_screen() {
        assert_eq!(Detail::for_scale(1.0), Detail::Full);
        assert_eq!(Detail::for_scale(0.8), Detail::Full);
        assert_eq!(Detail::for_scale(0.7), Detail::Title);
        assert_eq!(Detail::for_scale(12.0 / 22.0), Detail::Title);
        assert_eq!(Detail::for_scale(0.5), Detail::Poster);
        assert_eq!(Detail::for_scale(0.1), Detail::Poster);
        for d in Detail::ALL {
            assert!(d.title_size() * 0.4 >= READABLE_PX || d != Detail::Poster);
        }
    }
}
