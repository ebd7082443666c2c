//! Cleaning what participants type (DESIGN.md §15): trimmed, control characters and
//! bidirectional overrides removed, everything else kept exactly — any script, emoji, combining
//! marks, quotes, `<` and `&` — because it is always shown as text, never as markup.

pub use crate::model::threads::MAX_COMMENT_CHARS;

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

/// The longest name a participant may sign a comment with, in characters after cleaning.
pub const MAX_NAME_CHARS: usize = 40;

/// Why a comment or its name cannot be taken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CommentError {
    /// Nothing was left of the text after cleaning.
    #[error("text: write a few words (it was empty)")]
    Empty,
    /// Longer than [`MAX_COMMENT_CHARS`] after cleaning.
    #[error("text: at most {MAX_COMMENT_CHARS} characters (it had {0})")]
    TooLong(usize),
    /// A name longer than [`MAX_NAME_CHARS`] after cleaning.
    #[error("name: at most {MAX_NAME_CHARS} characters (it had {0})")]
    NameTooLong(usize),
}

/// A comment's text as kept (DESIGN.md §18): cleaned as a title is, except that new lines stay
/// (a `\r\n` or `\r` becomes `\n`), 1–[`MAX_COMMENT_CHARS`] characters.
pub fn comment(text: &str) -> Result<String, CommentError> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let kept: String = text.chars().filter(|c| *c == '\n' || !is_removed(*c)).collect();
    let kept = kept.trim();
    match kept.chars().count() {
        0 => Err(CommentError::Empty),
        n if n > MAX_COMMENT_CHARS => Err(CommentError::TooLong(n)),
        _ => Ok(kept.to_owned()),
    }
}

/// The name a participant signs with, cleaned (`None` when there is none left).
pub fn name(text: &str) -> Result<Option<String>, CommentError> {
    let cleaned = clean(text);
    match cleaned.chars().count() {
        0 => Ok(None),
        n if n > MAX_NAME_CHARS => Err(CommentError::NameTooLong(n)),
        _ => Ok(Some(cleaned)),
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

    #[test]
    fn a_comment_keeps_its_new_lines_and_loses_controls_and_overrides() {
        assert_eq!(
            comment("  First line\r\nsecond \u{202e}line\u{7}\r\n\n "),
            Ok("First line\nsecond line".to_owned())
        );
        assert_eq!(comment(" \n\t "), Err(CommentError::Empty));
        assert_eq!(comment(&"é".repeat(2_000)).map(|t| t.chars().count()), Ok(2_000));
        assert_eq!(comment(&"é".repeat(2_001)), Err(CommentError::TooLong(2_001)));
        assert_eq!(name("  Ann\u{202e} "), Ok(Some("Ann".to_owned())));
        assert_eq!(name(" "), Ok(None));
        assert_eq!(name(&"a".repeat(41)), Err(CommentError::NameTooLong(41)));
    }
}
