//! The room's secrets: the token in its URL and the participants' cookies.

use std::sync::atomic::{AtomicU64, Ordering};

/// Random bytes in a token: 128 bits, 22 characters of URL-safe base64.
pub const TOKEN_BYTES: usize = 16;

/// Why there is no token.
#[derive(Debug, thiserror::Error)]
#[error("no randomness for the room's token: {0}")]
pub struct NoRandomness(String);

/// A new random token: [`TOKEN_BYTES`] random bytes as URL-safe base64 without padding.
pub fn new_token() -> Result<String, NoRandomness> {
    let mut buf = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut buf).map_err(|e| NoRandomness(e.to_string()))?;
    Ok(base64url(&buf))
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 2);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
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
    fn tokens_are_url_safe_and_differ() {
        assert_eq!(base64url(b"\xfb\xff\xbf"), "-_-_");
        assert_eq!(base64url(b"ab"), "YWI");
        let a = new_token().expect("randomness");
        assert_eq!(a.len(), 22);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        assert_ne!(a, new_token().expect("randomness"));
        assert_ne!(cookie_secret(), cookie_secret());
    }
}
