//! Text measured and wrapped with the fonts bundled in `assets/fonts`, so a diagram's text wraps
//! the same way on every machine, in the canvas and in every export.
//!
//! Pure: the font files are compiled into the binary and nothing here touches the file system.
//! Sizes are em sizes in diagram units, as in egui and in SVG's `font-size`.

use std::sync::LazyLock;

/// Ubuntu Light: the workbench's own font (egui's default), first choice for every glyph.
pub const UBUNTU_LIGHT: &[u8] = include_bytes!("../assets/fonts/Ubuntu-Light.ttf");
/// DejaVu Sans: the fallback for the scripts and symbols Ubuntu lacks.
pub const DEJAVU_SANS: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
/// Noto Emoji (monochrome): the fallback for emoji, as in the workbench.
pub const NOTO_EMOJI: &[u8] = include_bytes!("../assets/fonts/NotoEmoji-Regular.ttf");
/// Droid Sans Fallback: Chinese and Japanese.
pub const DROID_FALLBACK: &[u8] = include_bytes!("../assets/fonts/DroidSansFallbackFull.ttf");

/// The bundled fonts, in the order a glyph is looked for.
pub const FONTS: [&[u8]; 4] = [UBUNTU_LIGHT, DEJAVU_SANS, NOTO_EMOJI, DROID_FALLBACK];

/// The CSS font stack naming the bundled fonts in fallback order.
pub const FONT_FAMILY: &str = "Ubuntu, 'DejaVu Sans', 'Noto Emoji', 'Droid Sans Fallback', sans-serif";

/// The weight of Ubuntu Light, for viewers that have the whole Ubuntu family.
pub const FONT_WEIGHT: u16 = 300;

/// Horizontal and vertical metrics of one bundled face, in font units.
struct FaceMetrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
}

static FACES: LazyLock<Vec<FaceMetrics>> = LazyLock::new(|| {
    FONTS
        .iter()
        .filter_map(|data| ttf_parser::Face::parse(data, 0).ok())
        .map(|face| FaceMetrics { units_per_em: f32::from(face.units_per_em()), face })
        .collect()
});

/// The advance of one character at a size: from the first bundled font that has it. Characters
/// no bundled font has (rare scripts) get the advance of a typical glyph, half an em.
pub fn advance(c: char, size: f32) -> f32 {
    if c.is_control() {
        return 0.0;
    }
    for m in FACES.iter() {
        if let Some(g) = m.face.glyph_index(c) {
            let adv = m.face.glyph_hor_advance(g).unwrap_or(0);
            return f32::from(adv) * size / m.units_per_em;
        }
    }
    size * 0.5
}

/// Which of the bundled fonts ([`FONTS`], by index) draws a character: the first that has it.
/// `None` for control characters and for characters no bundled font has.
pub fn font_of(c: char) -> Option<usize> {
    if c.is_control() {
        return None;
    }
    FACES.iter().position(|m| m.face.glyph_index(c).is_some())
}

/// The width of a line of text at a size.
pub fn width(text: &str, size: f32) -> f32 {
    text.chars().map(|c| advance(c, size)).sum()
}

/// The distance from the top of a line to its baseline, at a size.
pub fn ascent(size: f32) -> f32 {
    FACES.first().map_or(size * 0.8, |m| f32::from(m.face.ascender()) * size / m.units_per_em)
}

/// The height of one line of text, at a size.
pub fn line_height(size: f32) -> f32 {
    FACES.first().map_or(size * 1.2, |m| {
        let f = &m.face;
        (f32::from(f.ascender()) - f32::from(f.descender()) + f32::from(f.line_gap())) * size / m.units_per_em
    })
}

/// Wraps text into at most `max_rows` lines no wider than `max_width`: at spaces where it can,
/// inside a word where a word alone is too wide. Text that does not fit ends with "…" on the
/// last line. Line breaks in the text are kept. Never splits a character.
pub fn wrap(text: &str, size: f32, max_width: f32, max_rows: usize) -> Vec<String> {
    if max_rows == 0 {
        return Vec::new();
    }
    let mut lines: Vec<String> = Vec::new();
    let mut overflow = false;
    'paragraphs: for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0f32;
        for word in split_keeping_spaces(paragraph) {
            let word_w = width(word, size);
            if line_w + width(word.trim_end(), size) <= max_width {
                line.push_str(word);
                line_w += word_w;
                continue;
            }
            if !line.trim_end().is_empty() {
                if !end_line(&mut lines, &mut line, max_rows) {
                    overflow = true;
                    break 'paragraphs;
                }
                line_w = 0.0;
            }
            // The word starts a line; too wide alone, it is hyphenated (or, in scripts written
            // without spaces, broken between characters).
            let mut rest = word;
            while line_w + width(rest.trim_end(), size) > max_width {
                let Some(at) = break_point(rest, size, max_width - line_w) else { break };
                let (head, tail) = rest.split_at(at);
                line.push_str(head);
                if needs_hyphen(head, tail) {
                    line.push('-');
                }
                if !end_line(&mut lines, &mut line, max_rows) {
                    overflow = true;
                    break 'paragraphs;
                }
                line_w = 0.0;
                rest = tail;
            }
            line.push_str(rest);
            line_w += width(rest, size);
        }
        if lines.len() == max_rows {
            overflow = true;
            break;
        }
        lines.push(line);
    }
    for line in &mut lines {
        let trimmed = line.trim_end().len();
        line.truncate(trimmed);
    }
    if overflow && let Some(last) = lines.last_mut() {
        let whole = last.chars().count();
        while !last.is_empty() && width(last, size) + width("…", size) > max_width {
            last.pop();
        }
        // Cut back to the end of a word rather than inside one, unless that loses most of the line.
        let inside =
            last.chars().next_back().is_some_and(char::is_alphanumeric) && last.chars().count() < whole;
        if inside && let Some(space) = last.rfind(char::is_whitespace).filter(|i| *i * 2 >= last.len()) {
            last.truncate(space);
        }
        let trimmed = last.trim_end().len();
        last.truncate(trimmed);
        last.push('…');
    }
    lines
}

/// A script written without spaces between words (Chinese, Japanese, Korean): its text may break
/// between any two characters, with no hyphen.
fn unspaced(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

fn vowel(c: char) -> bool {
    matches!(c.to_lowercase().next().unwrap_or(c), 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'à'..='æ' | 'è'..='ï' | 'ò'..='ö' | 'ù'..='ü')
}

/// A hyphen is added where a break falls between two letters of a spaced script.
fn needs_hyphen(head: &str, tail: &str) -> bool {
    let (Some(a), Some(b)) = (head.chars().next_back(), tail.chars().next()) else { return false };
    a.is_alphabetic() && b.is_alphabetic() && !unspaced(a) && !unspaced(b)
}

/// Where to break a word too wide for `room`: the byte index of the first character of the
/// next line, or `None` when not even one character fits. In a spaced script it leaves at least
/// two letters on each side and prefers a syllable boundary — between two consonants that sit
/// between vowels ("mem-ber", "mem-ber-ship") or before a consonant that starts a syllable
/// ("Wel-come") — counting the hyphen's width.
fn break_point(word: &str, size: f32, room: f32) -> Option<usize> {
    let word = word.trim_end();
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let hyphen = advance('-', size);
    let mut fits = 0; // characters that fit with a hyphen after them
    let mut w = 0.0;
    for (k, (_, c)) in chars.iter().enumerate() {
        w += advance(*c, size);
        if w + hyphen > room {
            break;
        }
        fits = k + 1;
    }
    if fits == 0 {
        // Not even one character with a hyphen: one character alone, if that fits.
        return (chars.len() > 1 && advance(chars[0].1, size) <= room).then(|| chars[1].0);
    }
    let letters = chars.iter().filter(|(_, c)| c.is_alphabetic() && !unspaced(*c)).count();
    if letters < chars.len() || chars.len() < 5 {
        // Not a plain word of a spaced script: break where it stops fitting.
        return Some(chars.get(fits).map_or(word.len(), |(i, _)| *i));
    }
    let c = |k: usize| chars[k].1;
    // Consonants that start a syllable together ("pro-gramm", "be-stä-ti-gung", "ma-chine").
    let onset = |a: char, b: char| {
        let pair: String = [a, b].iter().flat_map(|c| c.to_lowercase()).collect();
        [
            "ch", "ck", "ph", "sh", "th", "wh", "qu", "gh", "br", "cr", "dr", "fr", "gr", "kr", "pr", "tr",
            "wr", "bl", "cl", "fl", "gl", "pl", "sl", "st", "sp", "sc", "sk",
        ]
        .contains(&pair.as_str())
    };
    let score = |k: usize| -> u8 {
        // A break before character k.
        if k < 2 || chars.len() - k < 2 {
            return 0;
        }
        let (a, b) = (c(k - 1), c(k));
        let next = (k + 1 < chars.len()).then(|| c(k + 1));
        let two_consonants =
            !vowel(a) && !vowel(b) && !onset(a, b) && vowel(c(k - 2)) && next.is_some_and(vowel);
        let before_consonant =
            vowel(a) && !vowel(b) && next.is_some_and(|n| vowel(n) || (!vowel(n) && onset(b, n)));
        if two_consonants {
            3
        } else if before_consonant {
            2
        } else {
            1
        }
    };
    // The best boundary among those that fit, the later the better within a kind; a good one
    // that leaves most of the line empty loses to a plain break near its end.
    let best = (2..=fits).filter(|&k| score(k) > 0).max_by_key(|&k| {
        let s = score(k);
        (if s >= 2 && k * 2 >= fits { s } else { 1 }, k)
    });
    Some(best.map_or_else(|| chars.get(fits).map_or(word.len(), |(i, _)| *i), |k| chars[k].0))
}

/// Ends the line being filled; false when that was the last row allowed, so the text overflows.
fn end_line(lines: &mut Vec<String>, line: &mut String, max_rows: usize) -> bool {
    lines.push(std::mem::take(line));
    lines.len() < max_rows
}

/// Words with the spaces that follow them, a hyphenated word split after its hyphens:
/// "a  well-known b" → ["a  ", "well-", "known ", "b"].
fn split_keeping_spaces(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut chars = rest.char_indices().peekable();
        let mut word_end = rest.len();
        while let Some((i, c)) = chars.next() {
            if c.is_whitespace() {
                word_end = i;
                break;
            }
            // A break after a hyphen inside a word: "Boiler-|cover".
            if c == '-' && i > 0 && chars.peek().is_some_and(|(_, n)| !n.is_whitespace() && *n != '-') {
                word_end = i + c.len_utf8();
                break;
            }
        }
        let space_end =
            rest[word_end..].find(|c: char| !c.is_whitespace()).map_or(rest.len(), |i| word_end + i);
        let (word, tail) = rest.split_at(space_end);
        rest = tail;
        Some(word)
    })
}

/// The largest size up to `size` (and not below `min`) at which every word of `text` fits in
/// `width`, so a short label shrinks rather than breaking inside a word.
pub fn size_to_fit_words(text: &str, size: f32, max_width: f32, min: f32) -> f32 {
    // A hyphenated word may break after its hyphen: its parts are the words that must fit.
    let widest = text
        .split('\n')
        .flat_map(split_keeping_spaces)
        .map(|w| width(w.trim_end(), size))
        .fold(0.0f32, f32::max);
    if widest <= max_width || widest <= 0.0 { size } else { (size * max_width / widest).max(min) }
}

/// Shortens one line to fit a width, ending it with "…" when anything was cut.
pub fn fit(text: &str, size: f32, max_width: f32) -> String {
    wrap(&text.replace('\n', " "), size, max_width, 1).pop().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_stays_on_one_line() {
        assert_eq!(wrap("Welcome call", 15.0, 200.0, 2), vec!["Welcome call"]);
    }

    #[test]
    fn long_text_wraps_at_spaces_and_ends_with_an_ellipsis() {
        let text = "The first bill explains every charge line by line and who to call about it";
        let lines = wrap(text, 15.0, 170.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("The first bill"));
        assert!(lines[1].ends_with('…'), "{lines:?}");
        for l in &lines {
            assert!(width(l, 15.0) <= 170.0, "{l:?} is {} wide", width(l, 15.0));
        }
    }

    #[test]
    fn a_word_too_wide_for_a_line_is_hyphenated() {
        let lines = wrap(&"x".repeat(80), 15.0, 100.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| width(l, 15.0) <= 100.0), "{lines:?}");
        assert!(lines[0].ends_with('-') && lines[1].ends_with('-'), "{lines:?}");
    }

    #[test]
    fn a_long_word_breaks_at_a_syllable_never_a_letter_before_its_end() {
        let w = width("membe", 16.0) + width("-", 16.0) + 1.0;
        let lines = wrap("membership renewal", 16.0, w, 4);
        assert_eq!(lines[0], "mem-", "{lines:?}");
        assert!(lines.iter().all(|l| l.chars().count() >= 3), "{lines:?}");
    }

    #[test]
    fn chinese_breaks_between_characters_without_hyphens() {
        let lines = wrap("日本語のテキストを折り返す", 16.0, 60.0, 5);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| !l.contains('-')), "{lines:?}");
    }

    #[test]
    fn wrapping_never_splits_a_character() {
        let text = "Überweisung für Kündigung — 日本語のテキスト 🙂 Ωμέγα";
        for w in [20.0, 50.0, 90.0, 400.0] {
            let lines = wrap(text, 14.0, w, 10);
            // Hyphens added at breaks aside, the lines are the text.
            let joined: String = lines.concat().chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
            let expected: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(expected.starts_with(joined.trim_end_matches('…')), "{lines:?}");
        }
    }

    #[test]
    fn a_hyphenated_word_breaks_after_its_hyphen() {
        let lines = wrap("Boiler-cover upsell", 22.0, 100.0, 3);
        assert_eq!(lines[0], "Boiler-", "{lines:?}");
        assert_eq!(wrap("Boiler-cover upsell", 22.0, 400.0, 3), vec!["Boiler-cover upsell"]);
    }

    #[test]
    fn a_label_shrinks_until_its_longest_word_fits() {
        let size = size_to_fit_words("Customer lane", 21.0, 60.0, 8.0);
        assert!(size < 21.0 && width("Customer", size) <= 60.01, "{size}");
        assert_eq!(size_to_fit_words("Web", 21.0, 60.0, 8.0), 21.0);
    }

    #[test]
    fn line_breaks_in_the_text_are_kept() {
        assert_eq!(wrap("one\ntwo", 15.0, 300.0, 3), vec!["one", "two"]);
    }

    #[test]
    fn empty_text_is_one_empty_line() {
        assert_eq!(wrap("", 15.0, 100.0, 2), vec![String::new()]);
    }

    #[test]
    fn bundled_fonts_cover_accents_greek_cyrillic_chinese_japanese_and_emoji() {
        for c in ['é', 'ß', 'Ω', 'Ж', '😀', '⚠', '日', 'の'] {
            assert!(FACES.iter().any(|m| m.face.glyph_index(c).is_some()), "{c} is in no bundled font");
        }
    }
}
