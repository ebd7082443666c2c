//! Cleaning what participants type (DESIGN.md §15): trimmed, control characters and
//! bidirectional overrides removed, everything else kept exactly — any script, emoji, combining
//! marks, quotes, `<` and `&` — because it is always shown as text, never as markup.

/// The longest title a participant may send, in characters after cleaning.
pub const MAX_TITLE_CHARS: usize = 120;

/// Whether a character is removed from participants' text: control characters (C0, DEL, C1)
/// and the bidirectional embeddings, overrides and isolates U+202A–202E and U+2066–2069, which
/// could make a title read backwards or spill its direction into the text around it.
pub fn is_removed(c: char) -> bool {
    c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// The cleaned text: removed characters taken out, then trimmed.
pub fn clean(text: &str) -> String {
    let kept: String = text.chars().filter(|c| !is_removed(*c)).collect();
    kept.trim().to_owned()
}

/// Why a title cannot be taken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TitleError {
    /// Nothing was left after cleaning.
    #[error("title: write a few words (it was empty)")]
    Empty,
    /// Longer than [`MAX_TITLE_CHARS`] after cleaning.
    #[error("title: at most {MAX_TITLE_CHARS} characters (it had {0})")]
    TooLong(usize),
}

/// A cleaned title, or why it cannot be one (empty, or longer than [`MAX_TITLE_CHARS`]).
pub fn title(text: &str) -> Result<String, TitleError> {
    let cleaned = clean(text);
    let chars = cleaned.chars().count();
    if chars == 0 {
        Err(TitleError::Empty)
    } else if chars > MAX_TITLE_CHARS {
        Err(TitleError::TooLong(chars))
    } else {
        Ok(cleaned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_overrides_go_and_the_rest_stays() {
        assert_eq!(clean("  a\u{0}b\u{7}c\u{202E}d\u{2066}e\u{9F}  "), "abcde");
        assert_eq!(clean("<script>&\"'"), "<script>&\"'");
        assert_eq!(clean("e\u{301} مرحبا 🙂"), "e\u{301} مرحبا 🙂");
        assert_eq!(clean("\t\n line \r\n"), "line");
    }

    #[test]
    fn a_title_is_one_to_120_characters_after_cleaning() {
        assert!(title(" \u{202E} ").is_err());
        assert_eq!(title(&"é".repeat(120)).map(|t| t.chars().count()), Ok(120));
        assert!(title(&"é".repeat(121)).is_err_and(|e| e.to_string().starts_with("title:")));
    }
}
