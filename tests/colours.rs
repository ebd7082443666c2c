//! Colours for everyone in the room (DESIGN.md §8.2): every text colour against the background it
//! is drawn on meets WCAG 2.x contrast (4.5:1 in the light and dark themes, 7:1 on the
//! projector), and the giving and taking colours stay apart under simulated protanopia,
//! deuteranopia and tritanopia. Everything is computed from the palette's own values; the
//! pairs themselves are named in one place, `Palette::text_pairs`.

use rapport::layout::card::{self, Detail};
use rapport::layout::marks::Mark;
use rapport::model::{Exchange, Provider};
use rapport::palette::{Colour, Palette, TextPair};

/// The themes and the contrast each asks of its text: WCAG's AA for body text in the light and
/// dark themes, AAA on the projector, whose washed-out picture loses contrast.
const THEMES: [(&str, Palette, f64); 3] =
    [("light", Palette::LIGHT, 4.5), ("dark", Palette::DARK, 4.5), ("projector", Palette::PROJECTOR, 7.0)];

/// An sRGB channel, 0..=255, in linear light (the sRGB transfer function).
fn linear(v: u8) -> f64 {
    let v = f64::from(v) / 255.0;
    if v <= 0.040_45 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
}

/// WCAG 2.x relative luminance of an opaque colour.
fn luminance(c: Colour) -> f64 {
    let [r, g, b, _] = c.0;
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// WCAG 2.x contrast ratio, (L1 + 0.05) / (L2 + 0.05) with L1 the lighter.
fn contrast(a: Colour, b: Colour) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn the_contrast_ratio_is_wcags() {
    // Black on white is 21:1, a colour on itself 1:1, and WCAG's own example grey #767676 on
    // white just passes AA (4.54:1).
    assert!((contrast(Colour::rgb(0, 0, 0), Colour::WHITE) - 21.0).abs() < 1e-9);
    assert!((contrast(Colour::rgb(90, 40, 200), Colour::rgb(90, 40, 200)) - 1.0).abs() < 1e-9);
    let grey = contrast(Colour::rgb(0x76, 0x76, 0x76), Colour::WHITE);
    assert!((grey - 4.54).abs() < 0.01, "{grey}");
}

#[test]
fn every_text_meets_its_contrast_in_every_theme() {
    let mut failures = Vec::new();
    for (theme, palette, least) in THEMES {
        let pairs = palette.text_pairs();
        assert!(pairs.len() >= 40, "{theme}: the pairs are listed");
        println!("{theme} (at least {least}:1)");
        for TextPair { name, text, ground } in pairs {
            assert_eq!(ground.0[3], 255, "{theme}: the ground of “{name}” is composited to opaque");
            assert_eq!(text.0[3], 255, "{theme}: the text of “{name}” is composited to opaque");
            let ratio = contrast(text, ground);
            println!("  {ratio:6.2}  {} on {}  {name}", text.hex(), ground.hex());
            if ratio < least {
                failures.push(format!(
                    "{theme}: {name}: {ratio:.2} < {least} ({} on {})",
                    text.hex(),
                    ground.hex()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "text below its contrast:\n{}", failures.join("\n"));
}

#[test]
fn translucent_colours_are_composited_before_they_are_measured() {
    // Half-strength black (alpha 128) over white is mid grey, as egui and SVG renderers blend.
    let half = Colour::rgb(0, 0, 0).faded(0.5).over(Colour::WHITE);
    assert_eq!(half, Colour::rgb(127, 127, 127));
    // An opaque colour hides what is under it; a lerp is channel by channel.
    assert_eq!(Colour::rgb(1, 2, 3).over(Colour::WHITE), Colour::rgb(1, 2, 3));
    assert_eq!(Colour::rgb(0, 100, 200).lerp(Colour::rgb(100, 100, 0), 0.3), Colour::rgb(30, 100, 140));
}

/// Every colour a card, the feeling strip and a change pill use for words, in every theme, is the
/// text of a listed pair: a new ink used as text fails here until `text_pairs` names it.
#[test]
fn every_ink_the_diagram_writes_with_is_a_listed_pair() {
    use rapport::layout::{Point, Rect};
    let rect = Rect::from_min_size(Point::new(0.0, 0.0), 240.0, 140.0);
    let mut marks = Vec::new();
    let exchanges = [
        Exchange::OrgGives(2),
        Exchange::OrgTakes(1),
        Exchange::CustomerGives(3),
        Exchange::CustomerTakes(2),
        Exchange::Neutral,
    ];
    for e in exchanges {
        let mut tp = rapport::model::Touchpoint::new(
            rapport::model::TouchpointId(1),
            "Dispute call, bill fixed",
            rapport::model::Phase::FirstDisagreement,
            60,
            "People",
        );
        tp.provider = Provider::Person("Priya".into());
        tp.exchange = e;
        tp.two_way = true;
        tp.feeling = Some(-1);
        for detail in Detail::ALL {
            marks.extend(card::card_marks(&rect, &tp, true, detail));
        }
    }
    let mut warning = Vec::new();
    card::warning(&mut warning, Point::new(10.0, 10.0), 14.0, true);
    marks.extend(warning);
    for change in [
        rapport::layout::review::CardChange::Added,
        rapport::layout::review::CardChange::Removed,
        rapport::layout::review::CardChange::Changed(vec![rapport::compare::Field::Provider]),
    ] {
        marks.extend(rapport::layout::review::change_marks(&rect, &change));
    }
    for (theme, palette, _) in THEMES {
        let texts: Vec<Colour> = palette.text_pairs().iter().map(|p| p.text).collect();
        for m in &marks {
            if let Mark::Text { text, paint, .. } = m {
                let colour = palette.ink(paint.ink, Colour::WHITE);
                assert!(
                    texts.contains(&colour),
                    "{theme}: “{text}” is written in {:?} ({}), which no text pair lists",
                    paint.ink,
                    colour.hex()
                );
            }
        }
    }
}

/// The workbench takes its panels' colours from the palette, so the pairs measured above are
/// what egui draws.
#[cfg(feature = "gui")]
#[test]
fn the_workbench_panels_use_the_palettes_colours() {
    use rapport::app::theme::{Palette as EguiPalette, Theme, visuals};
    for theme in [Theme::Light, Theme::Dark, Theme::Projector] {
        let p = EguiPalette::of(theme);
        let v = visuals(theme);
        assert_eq!(v.panel_fill, p.panel, "{theme:?}");
        assert_eq!(v.window_fill, p.panel, "{theme:?}");
        assert_eq!(v.text_color(), p.panel_text, "{theme:?}");
        assert_eq!(v.weak_text_color(), p.panel_weak_text, "{theme:?}");
        assert_eq!(v.warn_fg_color, p.warning_text, "{theme:?}");
        assert_eq!(v.error_fg_color, p.worse, "{theme:?}");
    }
}

// Colour blindness.

/// Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color
/// vision deficiency", severity 1.0, applied to linear RGB.
const PROTANOPIA: [[f64; 3]; 3] = [
    [0.152_286, 1.052_583, -0.204_868],
    [0.114_503, 0.786_281, 0.099_216],
    [-0.003_882, -0.048_116, 1.051_998],
];
const DEUTERANOPIA: [[f64; 3]; 3] = [
    [0.367_322, 0.860_646, -0.227_968],
    [0.280_085, 0.672_501, 0.047_413],
    [-0.011_820, 0.042_940, 0.968_881],
];
const TRITANOPIA: [[f64; 3]; 3] = [
    [1.255_528, -0.076_749, -0.178_779],
    [-0.078_411, 0.930_809, 0.147_602],
    [0.004_733, 0.691_367, 0.303_900],
];
const NORMAL: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];

const VISIONS: [(&str, [[f64; 3]; 3]); 4] = [
    ("normal", NORMAL),
    ("protanopia", PROTANOPIA),
    ("deuteranopia", DEUTERANOPIA),
    ("tritanopia", TRITANOPIA),
];

/// Giving and taking must differ by at least this CIEDE2000 distance under every simulation.
/// A difference of about 1 is just noticeable side by side on large patches; for marks the size
/// of a card's 7-unit stripe or an 11-pixel word, seen across a room, the noticeable difference
/// grows several-fold (Stone, Szafir & Setlur 2014), and palette checkers flag categorical
/// colours closer than about 10 as easily confused. 20 is twice that, so the pairs read apart
/// at a glance and survive a washed-out projector, not just a side-by-side comparison.
const LEAST_DELTA_E: f64 = 20.0;

/// …and by at least this much CIE lightness L* (of 100), so that they differ in grey too: in a
/// greyscale print, to someone who sees no hue at all, and when a projector washes hue out. 15
/// is the step of a seven-level grey ramp, told apart without a key.
const LEAST_DELTA_L: f64 = 15.0;

/// A colour as someone with a vision sees it, in linear RGB (clamped to the gamut).
fn seen(c: Colour, vision: &[[f64; 3]; 3]) -> [f64; 3] {
    let [r, g, b, _] = c.0;
    let rgb = [linear(r), linear(g), linear(b)];
    let row =
        |i: usize| (vision[i][0] * rgb[0] + vision[i][1] * rgb[1] + vision[i][2] * rgb[2]).clamp(0.0, 1.0);
    [row(0), row(1), row(2)]
}

/// CIE L*a*b* (D65) of a linear RGB colour.
fn lab([r, g, b]: [f64; 3]) -> [f64; 3] {
    let x = (0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b) / 0.950_47;
    let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175_0 * b;
    let z = (0.019_333_9 * r + 0.119_192_0 * g + 0.950_304_1 * b) / 1.088_83;
    let f = |t: f64| if t > 216.0 / 24_389.0 { t.cbrt() } else { (24_389.0 / 27.0 * t + 16.0) / 116.0 };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// The CIEDE2000 colour difference (Sharma, Wu & Dalal 2005).
fn ciede2000([l1, a1, b1]: [f64; 3], [l2, a2, b2]: [f64; 3]) -> f64 {
    let (c1, c2) = (a1.hypot(b1), a2.hypot(b2));
    let c_mean = (c1 + c2) / 2.0;
    let g = 0.5 * (1.0 - (c_mean.powi(7) / (c_mean.powi(7) + 25f64.powi(7))).sqrt());
    let (a1p, a2p) = ((1.0 + g) * a1, (1.0 + g) * a2);
    let (c1p, c2p) = (a1p.hypot(b1), a2p.hypot(b2));
    let hue =
        |a: f64, b: f64| if a == 0.0 && b == 0.0 { 0.0 } else { b.atan2(a).to_degrees().rem_euclid(360.0) };
    let (h1p, h2p) = (hue(a1p, b1), hue(a2p, b2));
    let dl = l2 - l1;
    let dc = c2p - c1p;
    let dh = if c1p * c2p == 0.0 {
        0.0
    } else if (h2p - h1p).abs() <= 180.0 {
        h2p - h1p
    } else if h2p - h1p > 180.0 {
        h2p - h1p - 360.0
    } else {
        h2p - h1p + 360.0
    };
    let dh_big = 2.0 * (c1p * c2p).sqrt() * (dh.to_radians() / 2.0).sin();
    let l_mean = (l1 + l2) / 2.0;
    let cp_mean = (c1p + c2p) / 2.0;
    let h_mean = if c1p * c2p == 0.0 {
        h1p + h2p
    } else if (h1p - h2p).abs() <= 180.0 {
        (h1p + h2p) / 2.0
    } else if h1p + h2p < 360.0 {
        (h1p + h2p + 360.0) / 2.0
    } else {
        (h1p + h2p - 360.0) / 2.0
    };
    let t = 1.0 - 0.17 * (h_mean - 30.0).to_radians().cos()
        + 0.24 * (2.0 * h_mean).to_radians().cos()
        + 0.32 * (3.0 * h_mean + 6.0).to_radians().cos()
        - 0.20 * (4.0 * h_mean - 63.0).to_radians().cos();
    let d_theta = 30.0 * (-((h_mean - 275.0) / 25.0).powi(2)).exp();
    let r_c = 2.0 * (cp_mean.powi(7) / (cp_mean.powi(7) + 25f64.powi(7))).sqrt();
    let s_l = 1.0 + 0.015 * (l_mean - 50.0).powi(2) / (20.0 + (l_mean - 50.0).powi(2)).sqrt();
    let s_c = 1.0 + 0.045 * cp_mean;
    let s_h = 1.0 + 0.015 * cp_mean * t;
    let r_t = -(2.0 * d_theta).to_radians().sin() * r_c;
    let (l, c, h) = (dl / s_l, dc / s_c, dh_big / s_h);
    (l * l + c * c + h * h + r_t * c * h).sqrt()
}

#[test]
fn ciede2000_matches_sharmas_test_data() {
    // Pairs 1, 7, 17 and 25 of Sharma, Wu & Dalal's table 1.
    for (a, b, expected) in [
        ([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485], 2.0425),
        ([50.0, 0.0, 0.0], [50.0, -1.0, 2.0], 2.3669),
        ([50.0, 2.5, 0.0], [73.0, 25.0, -18.0], 27.1492),
        ([60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644),
    ] {
        let d = ciede2000(a, b);
        assert!((d - expected).abs() < 1e-4, "{a:?} {b:?}: {d} ≠ {expected}");
    }
}

#[test]
fn the_simulations_are_machados() {
    // Red and green, told apart with ease by most, are nearly the same to a deuteranope; white
    // stays white; and tritanopia leaves red and green apart.
    let (red, green) = (Colour::rgb(200, 60, 40), Colour::rgb(110, 120, 30));
    let d = |v| ciede2000(lab(seen(red, v)), lab(seen(green, v)));
    assert!(d(&NORMAL) > 30.0 && d(&DEUTERANOPIA) < 10.0 && d(&TRITANOPIA) > 20.0);
    for (_, v) in VISIONS {
        let w = seen(Colour::WHITE, &v);
        assert!(w.iter().all(|c| (c - 1.0).abs() < 1e-3), "{w:?}");
    }
}

#[test]
fn giving_and_taking_stay_apart_under_colour_blindness() {
    let mut failures = Vec::new();
    for (theme, p, _) in THEMES {
        println!("{theme}: CIEDE2000 / ΔL* (at least {LEAST_DELTA_E} / {LEAST_DELTA_L})");
        for (a, x, b, y) in [
            ("org gives", p.org_gives, "org takes", p.org_takes),
            ("customer gives", p.customer_gives, "customer takes", p.customer_takes),
            ("org gives", p.org_gives, "customer takes", p.customer_takes),
            ("customer gives", p.customer_gives, "org takes", p.org_takes),
        ] {
            let mut line = format!("  {a:>14} {} vs {b:<14} {}", x.hex(), y.hex());
            for (vision, m) in VISIONS {
                let (lx, ly) = (lab(seen(x, &m)), lab(seen(y, &m)));
                let (de, dl) = (ciede2000(lx, ly), (lx[0] - ly[0]).abs());
                line.push_str(&format!("  {vision} {de:5.1} / {dl:4.1}"));
                if de < LEAST_DELTA_E || dl < LEAST_DELTA_L {
                    failures.push(format!("{theme}, {vision}: {a} vs {b}: ΔE00 {de:.1}, ΔL* {dl:.1}"));
                }
            }
            println!("{line}");
        }
    }
    assert!(failures.is_empty(), "giving and taking too close:\n{}", failures.join("\n"));
}
