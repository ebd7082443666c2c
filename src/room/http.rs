//! Just enough HTTP/1.1 for the room: requests with a `Content-Length` body (no chunked
//! uploads), keep-alive, and answers that always carry the room's security headers.
//!
//! Bounded: a request head over [`MAX_HEAD_BYTES`] is refused, a body over the room's limit is
//! refused from its `Content-Length` before a byte of it is read.

use std::io::{self, BufRead, Read, Write};

/// The participant cookie's name.
pub const COOKIE: &str = "rapport_p";

/// The longest request line plus headers accepted.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;

/// The headers on every answer (DESIGN.md §15). No CORS header, ever.
pub const SECURITY_HEADERS: &str = "Content-Security-Policy: default-src 'none'; script-src 'self'; \
style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; \
frame-ancestors 'none'\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n\
Cache-Control: no-store\r\n";

/// A request as the room needs it.
#[derive(Debug)]
pub struct Request {
    /// `GET`, `POST`, `PUT`, …
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The `Host` header.
    pub host: Option<String>,
    /// The value of the `rapport_p` cookie.
    pub cookie: Option<String>,
    /// The body.
    pub body: Vec<u8>,
    /// The client wants the connection kept open.
    pub keep_alive: bool,
}

/// What reading a request gave.
#[derive(Debug)]
pub enum Incoming {
    /// A whole request.
    Request(Request),
    /// The client closed the connection (or went quiet) between requests.
    Gone,
    /// The body is larger than allowed: answer 413 and close.
    TooLarge,
    /// Not HTTP the room speaks: answer 400 with this and close.
    Bad(&'static str),
}

/// Reads one request; `max_body` bounds the body.
pub fn read_request(reader: &mut impl BufRead, max_body: usize) -> Incoming {
    let mut head = Vec::with_capacity(512);
    // Lines until an empty one, bounded as a whole.
    let mut lines: Vec<String> = Vec::new();
    loop {
        let mut line = Vec::new();
        let limit = (MAX_HEAD_BYTES + 1).saturating_sub(head.len()) as u64;
        match Read::take(&mut *reader, limit).read_until(b'\n', &mut line) {
            Ok(0) => {
                return if lines.is_empty() {
                    Incoming::Gone
                } else {
                    Incoming::Bad("the request ended early")
                };
            }
            Ok(_) => {}
            Err(_) => return Incoming::Gone,
        }
        head.extend_from_slice(&line);
        if head.len() > MAX_HEAD_BYTES {
            return Incoming::Bad("the request head is too long");
        }
        if !line.ends_with(b"\n") {
            return Incoming::Bad("the request ended early");
        }
        let text = match String::from_utf8(line) {
            Ok(t) => t,
            Err(_) => return Incoming::Bad("the request head is not text"),
        };
        let text = text.trim_end_matches(['\r', '\n']).to_owned();
        if text.is_empty() {
            if lines.is_empty() {
                continue; // a stray empty line between keep-alive requests
            }
            break;
        }
        lines.push(text);
    }
    let mut parts = lines[0].split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Incoming::Bad("the request line is not `METHOD PATH HTTP/1.1`");
    };
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Incoming::Bad("only HTTP/1.1 is spoken here"),
    };
    let path = target.split(['?', '#']).next().unwrap_or_default().to_owned();
    let mut host = None;
    let mut cookie = None;
    let mut length: Option<usize> = None;
    let mut keep_alive = !http10;
    for line in &lines[1..] {
        let Some((name, value)) = line.split_once(':') else {
            return Incoming::Bad("a header has no `:`");
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "host" => host = Some(value.to_owned()),
            "content-length" => match value.parse::<usize>() {
                Ok(n) if length.is_none_or(|l| l == n) => length = Some(n),
                _ => return Incoming::Bad("the Content-Length is not a number"),
            },
            "transfer-encoding" => return Incoming::Bad("send the body with a Content-Length"),
            "connection" => {
                let v = value.to_ascii_lowercase();
                if v.split(',').any(|t| t.trim() == "close") {
                    keep_alive = false;
                } else if v.split(',').any(|t| t.trim() == "keep-alive") {
                    keep_alive = true;
                }
            }
            "cookie" => {
                for pair in value.split(';') {
                    if let Some((k, v)) = pair.trim().split_once('=')
                        && k == COOKIE
                    {
                        cookie = Some(v.trim_matches('"').to_owned());
                    }
                }
            }
            _ => {}
        }
    }
    let length = length.unwrap_or(0);
    if length > max_body {
        return Incoming::TooLarge;
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return Incoming::Bad("the body ended early");
    }
    Incoming::Request(Request { method: method.to_owned(), path, host, cookie, body, keep_alive })
}

/// An answer about to be written.
#[derive(Debug)]
pub struct Response {
    /// 200, 201, 404, …
    pub status: u16,
    /// `text/html; charset=utf-8`, …
    pub content_type: &'static str,
    /// Extra header lines, each ending in `\r\n` (`Set-Cookie`, `Retry-After`).
    pub extra: String,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// An answer with a body of this type.
    pub fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Self { status, content_type, extra: String::new(), body: body.into() }
    }

    /// A JSON answer.
    pub fn json(status: u16, value: &serde_json::Value) -> Self {
        Self::new(status, "application/json", value.to_string())
    }

    /// `{"error":"…"}` with this status.
    pub fn error(status: u16, message: &str) -> Self {
        Self::json(status, &serde_json::json!({ "error": message }))
    }

    /// Adds a header line.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.extra.push_str(name);
        self.extra.push_str(": ");
        self.extra.push_str(value);
        self.extra.push_str("\r\n");
        self
    }
}

/// The reason phrase of the statuses the room answers with.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        410 => "Gone",
        413 => "Content Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

/// Writes an answer with the security headers, a `Content-Length` and the connection's fate.
pub fn write_response(out: &mut impl Write, response: &Response, keep_alive: bool) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{SECURITY_HEADERS}{}Connection: {}\r\n\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len(),
        response.extra,
        if keep_alive { "keep-alive" } else { "close" },
    );
    let mut all = head.into_bytes();
    all.extend_from_slice(&response.body);
    out.write_all(&all)?;
    out.flush()
}

/// Writes the head of a server-sent event stream; events follow until the connection closes.
pub fn write_event_stream_head(out: &mut impl Write, extra: &str) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n{SECURITY_HEADERS}{extra}\
         Connection: close\r\n\r\n"
    );
    out.write_all(head.as_bytes())?;
    out.flush()
}
