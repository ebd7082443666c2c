//! The room's secrets: the token in its URL (read aloud and typed from the back of a room, so
//! without look-alike characters) and the participants' cookies.

use std::sync::atomic::{AtomicU64, Ordering};

/// The token's alphabet: digits and lowercase letters without `0`/`o`, `1`/`l`/`i`, which are
/// mistaken for each other on a projector or a phone's keyboard. 31 characters.
pub const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
/// Characters in a token: 20 × log2(31) ≈ 99 bits.
pub const TOKEN_CHARS: usize = 20;
/// The token is shown in groups of this many characters.
pub const GROUP: usize = 5;

/// Why there is no token.
#[derive(Debug, thiserror::Error)]
#[error("no randomness for the room's token: {0}")]
pub struct NoRandomness(String);

/// A new random token of [`TOKEN_CHARS`] characters from [`ALPHABET`] (each character uniform:
/// bytes that would bias it are drawn again).
pub fn new_token() -> Result<String, NoRandomness> {
    let limit = (256 / ALPHABET.len() * ALPHABET.len()) as u8;
    let mut out = String::with_capacity(TOKEN_CHARS);
    let mut buf = [0u8; 32];
    while out.len() < TOKEN_CHARS {
        getrandom::fill(&mut buf).map_err(|e| NoRandomness(e.to_string()))?;
        for b in buf.iter().filter(|b| **b < limit) {
            if out.len() < TOKEN_CHARS {
                out.push(char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]));
            }
        }
    }
    Ok(out)
}

/// The token as shown on the join card: groups of [`GROUP`] separated by spaces, which cannot
/// be read as one hyphenated word (the server takes it typed with or without them).
pub fn grouped(token: &str) -> String {
    let chars: Vec<char> = token.chars().collect();
    chars.chunks(GROUP).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

/// A token as typed: the separators a person may copy from the card (spaces, written `%20` in a
/// URL, and dots) taken out, letters lowercased.
pub fn typed(text: &str) -> String {
    text.replace("%20", "").chars().filter(|c| !matches!(c, ' ' | '.')).flat_map(char::to_lowercase).collect()
}

/// A random secret for a cookie: 16 bytes as hex. Should the system refuse randomness (it gave
/// the room its token, so it rarely will), the clock and a counter stand in: unique, and still
/// unguessable enough for a workshop's hour.
pub fn cookie_secret() -> String {
    let mut buf = [0u8; 16];
    match getrandom::fill(&mut buf) {
        Ok(()) => buf.iter().map(|b| format!("{b:02x}")).collect(),
        Err(_) => {
            static COUNTER: AtomicU64 = AtomicU64::new(0);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            format!("{nanos:x}{:x}", COUNTER.fetch_add(1, Ordering::Relaxed))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_have_no_look_alikes_and_differ() {
        let a = new_token().expect("randomness");
        assert_eq!(a.len(), TOKEN_CHARS);
        assert!(a.bytes().all(|c| ALPHABET.contains(&c)), "{a}");
        for c in ['0', 'o', 'O', '1', 'l', 'I', 'i', '-', '_'] {
            assert!(!ALPHABET.contains(&(c as u8)), "{c}");
        }
        assert!(TOKEN_CHARS as f64 * (ALPHABET.len() as f64).log2() >= 96.0);
        assert_ne!(a, new_token().expect("randomness"));
        assert_ne!(cookie_secret(), cookie_secret());
    }

    #[test]
    fn the_token_is_shown_in_groups_and_taken_back_as_typed() {
        assert_eq!(grouped("abcdefghjkmnpqrstuvw"), "abcde fghjk mnpqr stuvw");
        assert_eq!(typed("abcde%20fghjk mnpqr.STUVW"), "abcdefghjkmnpqrstuvw");
    }
}
