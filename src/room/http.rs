//! The room's answers, as hyper sends them (DESIGN.md §15): JSON and pages that always carry
//! the room's security headers, the participant's cookie, and the body of a server-sent event
//! stream. Parsing, keep-alive and timeouts are hyper's; nothing here reads a socket.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body_util::{Either, Full};
use hyper::body::Frame;
use hyper::header::{self, HeaderMap, HeaderValue};
use tokio::sync::mpsc;

/// The participant cookie's name.
pub const COOKIE: &str = "rapport_p";

/// The `Content-Security-Policy` on every answer.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The body of every answer: a whole one, or an event stream.
pub type Body = Either<Full<Bytes>, Events>;

/// An answer: hyper's response over [`Body`].
pub type Answer = hyper::Response<Body>;

/// Server-sent events as they are produced; the stream ends when the producer drops its sender.
#[derive(Debug)]
pub struct Events(pub mpsc::Receiver<Bytes>);

impl hyper::body::Body for Events {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0.poll_recv(cx).map(|chunk| chunk.map(|c| Ok(Frame::data(c))))
    }
}

/// Adds the headers every answer carries (no CORS header, ever).
fn secure(headers: &mut HeaderMap) {
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// An answer with a body of this type and the security headers.
pub fn answer(status: u16, content_type: &'static str, body: impl Into<Bytes>) -> Answer {
    let mut a = hyper::Response::new(Either::Left(Full::new(body.into())));
    *a.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    a.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    secure(a.headers_mut());
    a
}

/// A JSON answer.
pub fn json(status: u16, value: &serde_json::Value) -> Answer {
    answer(status, "application/json", value.to_string())
}

/// `{"error":"…"}` with this status.
pub fn error(status: u16, message: &str) -> Answer {
    json(status, &serde_json::json!({ "error": message }))
}

/// The head of an event stream; events follow as the producer sends them.
pub fn event_stream(events: mpsc::Receiver<Bytes>) -> Answer {
    let mut a = hyper::Response::new(Either::Right(Events(events)));
    a.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream; charset=utf-8"));
    secure(a.headers_mut());
    a
}

/// Adds a header to an answer; a value that cannot be a header is left out.
pub fn with_header(mut a: Answer, name: header::HeaderName, value: &str) -> Answer {
    if let Ok(v) = HeaderValue::from_str(value) {
        a.headers_mut().append(name, v);
    }
    a
}

/// Asks hyper to close the connection after this answer.
pub fn closing(a: Answer) -> Answer {
    with_header(a, header::CONNECTION, "close")
}

/// The value of the `rapport_p` cookie, if the request carries one.
pub fn cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.trim_matches('"'))
}

/// A header's value as text, when it is there and is text.
pub fn text(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Whether a `Content-Type` is JSON (`application/json`, with or without parameters such as
/// `charset=utf-8`).
pub fn is_json(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|t| t.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_and_the_content_type_are_read_as_browsers_send_them() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, HeaderValue::from_static("a=1; rapport_p=\"s3cret\""));
        assert_eq!(cookie(&h), Some("s3cret"));
        assert!(is_json(Some("application/json; charset=utf-8")));
        assert!(is_json(Some("Application/JSON")));
        for other in
            [None, Some("text/plain"), Some("application/x-www-form-urlencoded"), Some("application/jsonp")]
        {
            assert!(!is_json(other), "{other:?}");
        }
    }
}
