//! A small, strict RON reader that keeps the line and column of every value.
//!
//! Rapport parses files itself rather than through serde so that every error can name the line,
//! the column and the journey/touchpoint at fault, and so that hostile input is bounded: nesting
//! is limited, nothing recurses deeper than [`MAX_DEPTH`], and the work is linear in the input.

/// Deepest nesting of `(…)` and `[…]` accepted. Rapport files nest six deep.
pub const MAX_DEPTH: usize = 32;

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

/// A parsed value and where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where the value starts.
    pub pos: Pos,
    /// What it is.
    pub kind: Kind,
}

/// The shapes a RON value can take.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// `12`, `-3`.
    Int(i128),
    /// `1.5`.
    Float(f64),
    /// `"text"`.
    Str(String),
    /// `true`, `false`.
    Bool(bool),
    /// `EarlyDays`, `None`, `Anyone`.
    Ident(String),
    /// `[a, b]`.
    List(Vec<Node>),
    /// `Name(field: value, …)` or `(field: value, …)`; also `Name()`.
    Struct {
        /// `Some("Touchpoint")` when written with its name.
        name: Option<String>,
        /// Fields in file order.
        fields: Vec<Field>,
    },
    /// `Name(value, …)` or `(value, …)`: enum variants with data, `Some(x)`.
    Tuple {
        /// The variant name.
        name: Option<String>,
        /// The values.
        items: Vec<Node>,
    },
}

impl Kind {
    /// What this is, for messages: "a string", "a list".
    pub fn describe(&self) -> String {
        match self {
            Kind::Int(i) => format!("the number {i}"),
            Kind::Float(f) => format!("the number {f}"),
            Kind::Str(s) => format!("the text {s:?}"),
            Kind::Bool(b) => format!("`{b}`"),
            Kind::Ident(name) => format!("`{name}`"),
            Kind::List(_) => "a list".to_owned(),
            Kind::Struct { name: Some(n), .. } | Kind::Tuple { name: Some(n), .. } => {
                format!("`{n}(…)`")
            }
            Kind::Struct { name: None, .. } | Kind::Tuple { name: None, .. } => "`(…)`".to_owned(),
        }
    }
}

/// `name: value` inside a struct.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The field name.
    pub name: String,
    /// Where the name starts.
    pub pos: Pos,
    /// The value.
    pub value: Node,
}

/// A syntax error at a place in the text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {}, column {}: {message}", .pos.line, .pos.column)]
pub struct SyntaxError {
    /// Where.
    pub pos: Pos,
    /// What, in words.
    pub message: String,
    /// Nesting went past [`MAX_DEPTH`].
    pub too_deep: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Open,
    Close,
    OpenList,
    CloseList,
    OpenMap,
    CloseMap,
    Comma,
    Colon,
    Ident(String),
    Str(String),
    Int(i128),
    Float(f64),
    Eof,
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Token::Open => "`(`".to_owned(),
            Token::Close => "`)`".to_owned(),
            Token::OpenList => "`[`".to_owned(),
            Token::CloseList => "`]`".to_owned(),
            Token::OpenMap => "`{`".to_owned(),
            Token::CloseMap => "`}`".to_owned(),
            Token::Comma => "`,`".to_owned(),
            Token::Colon => "`:`".to_owned(),
            Token::Ident(i) => format!("`{i}`"),
            Token::Str(s) => format!("the text {s:?}"),
            Token::Int(i) => format!("the number {i}"),
            Token::Float(f) => format!("the number {f}"),
            Token::Eof => "the end of the file".to_owned(),
        }
    }
}

struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    at: usize,
    pos: Pos,
}

fn err(pos: Pos, message: impl Into<String>) -> SyntaxError {
    SyntaxError { pos, message: message.into(), too_deep: false }
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str) -> Self {
        Self { src, bytes: src.as_bytes(), at: 0, pos: Pos { line: 1, column: 1 } }
    }

    fn peek_byte(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek_byte()?;
        self.at += 1;
        if b == b'\n' {
            self.pos.line += 1;
            self.pos.column = 1;
        } else if b & 0xC0 != 0x80 {
            self.pos.column += 1;
        }
        Some(b)
    }

    fn skip_trivia(&mut self) -> Result<(), SyntaxError> {
        loop {
            match self.peek_byte() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => {
                    self.bump();
                }
                Some(b'/') => {
                    let start = self.pos;
                    match self.bytes.get(self.at + 1) {
                        Some(b'/') => {
                            while let Some(b) = self.peek_byte() {
                                if b == b'\n' {
                                    break;
                                }
                                self.bump();
                            }
                        }
                        Some(b'*') => {
                            self.bump();
                            self.bump();
                            // Block comments nest in RON; count them without recursion.
                            let mut open = 1usize;
                            while open > 0 {
                                match self.bump() {
                                    None => return Err(err(start, "a `/*` comment is never closed")),
                                    Some(b'*') if self.peek_byte() == Some(b'/') => {
                                        self.bump();
                                        open -= 1;
                                    }
                                    Some(b'/') if self.peek_byte() == Some(b'*') => {
                                        self.bump();
                                        open += 1;
                                    }
                                    Some(_) => {}
                                }
                            }
                        }
                        _ => return Err(err(start, "unexpected `/`")),
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn next(&mut self) -> Result<(Token, Pos), SyntaxError> {
        self.skip_trivia()?;
        let pos = self.pos;
        let Some(b) = self.peek_byte() else {
            return Ok((Token::Eof, pos));
        };
        let single = match b {
            b'(' => Some(Token::Open),
            b')' => Some(Token::Close),
            b'[' => Some(Token::OpenList),
            b']' => Some(Token::CloseList),
            b'{' => Some(Token::OpenMap),
            b'}' => Some(Token::CloseMap),
            b',' => Some(Token::Comma),
            b':' => Some(Token::Colon),
            _ => None,
        };
        if let Some(token) = single {
            self.bump();
            return Ok((token, pos));
        }
        let token = match b {
            b'"' => Token::Str(self.string(pos)?),
            b'r' if matches!(self.bytes.get(self.at + 1), Some(b'"' | b'#')) => {
                Token::Str(self.raw_string(pos)?)
            }
            b'-' | b'+' | b'0'..=b'9' | b'.' => self.number(pos)?,
            b'_' | b'a'..=b'z' | b'A'..=b'Z' => {
                let start = self.at;
                while let Some(b'_' | b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9') = self.peek_byte() {
                    self.bump();
                }
                Token::Ident(self.src[start..self.at].to_owned())
            }
            _ => {
                let shown = self.src[self.at..].chars().next().map_or_else(String::new, |c| {
                    if c.is_control() { format!("{:?}", c) } else { format!("`{c}`") }
                });
                return Err(err(pos, format!("unexpected character {shown}")));
            }
        };
        Ok((token, pos))
    }

    fn string(&mut self, start: Pos) -> Result<String, SyntaxError> {
        self.bump(); // opening quote
        let mut out = String::new();
        loop {
            let run_start = self.at;
            while let Some(b) = self.peek_byte() {
                if b == b'"' || b == b'\\' {
                    break;
                }
                self.bump();
            }
            out.push_str(&self.src[run_start..self.at]);
            let esc_pos = self.pos;
            match self.bump() {
                None => return Err(err(start, "this text is never closed with `\"`")),
                Some(b'"') => return Ok(out),
                Some(_) => {
                    let c = match self.bump() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'\'') => '\'',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'0') => '\0',
                        Some(b'u') => self.unicode_escape(esc_pos)?,
                        Some(b'\n') => {
                            // A line continuation: skip the leading white space of the next line.
                            while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek_byte() {
                                self.bump();
                            }
                            continue;
                        }
                        _ => {
                            return Err(err(
                                esc_pos,
                                "unknown escape in text; use \\\", \\\\, \\n, \\t or \\u{…}",
                            ));
                        }
                    };
                    out.push(c);
                }
            }
        }
    }

    fn unicode_escape(&mut self, pos: Pos) -> Result<char, SyntaxError> {
        let bad = || err(pos, "a \\u escape must look like \\u{1F600}");
        if self.bump() != Some(b'{') {
            return Err(bad());
        }
        let mut value: u32 = 0;
        let mut digits = 0;
        loop {
            match self.bump() {
                Some(b'}') if digits > 0 => break,
                Some(b) if (b as char).is_ascii_hexdigit() && digits < 6 => {
                    value = value * 16 + (b as char).to_digit(16).unwrap_or(0);
                    digits += 1;
                }
                _ => return Err(bad()),
            }
        }
        char::from_u32(value).ok_or_else(|| err(pos, format!("\\u{{{value:x}}} is not a character")))
    }

    fn raw_string(&mut self, start: Pos) -> Result<String, SyntaxError> {
        self.bump(); // r
        let mut hashes = 0usize;
        while self.peek_byte() == Some(b'#') {
            self.bump();
            hashes += 1;
        }
        if self.bump() != Some(b'"') {
            return Err(err(start, "a raw text must look like r#\"…\"#"));
        }
        let body_start = self.at;
        loop {
            match self.bump() {
                None => return Err(err(start, "this raw text is never closed")),
                Some(b'"') => {
                    let end = self.at - 1;
                    let closes = (0..hashes).all(|k| self.bytes.get(self.at + k) == Some(&b'#'));
                    if closes {
                        for _ in 0..hashes {
                            self.bump();
                        }
                        return Ok(self.src[body_start..end].to_owned());
                    }
                }
                Some(_) => {}
            }
        }
    }

    fn number(&mut self, pos: Pos) -> Result<Token, SyntaxError> {
        let start = self.at;
        if let Some(b'-' | b'+') = self.peek_byte() {
            self.bump();
        }
        let mut float = false;
        while let Some(b) = self.peek_byte() {
            match b {
                b'0'..=b'9' | b'_' => {}
                b'.' | b'e' | b'E' => float = true,
                b'-' | b'+' if float => {}
                _ => break,
            }
            self.bump();
        }
        let text: String = self.src[start..self.at].chars().filter(|c| *c != '_').collect();
        if float {
            text.parse::<f64>().map(Token::Float).map_err(|_| err(pos, format!("`{text}` is not a number")))
        } else {
            match text.parse::<i128>() {
                Ok(i) => Ok(Token::Int(i)),
                Err(_) if text.trim_start_matches(['-', '+']).is_empty() => {
                    Err(err(pos, format!("`{text}` is not a number")))
                }
                Err(_) => {
                    let shown: String = text.chars().take(24).collect();
                    let more = if text.chars().count() > 24 { "…" } else { "" };
                    Err(err(pos, format!("the number `{shown}{more}` is far too large")))
                }
            }
        }
    }
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    ahead: Vec<(Token, Pos)>,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&mut self, n: usize) -> Result<&(Token, Pos), SyntaxError> {
        while self.ahead.len() <= n {
            let t = self.lexer.next()?;
            self.ahead.push(t);
        }
        Ok(&self.ahead[n])
    }

    fn take(&mut self) -> Result<(Token, Pos), SyntaxError> {
        self.peek(0)?;
        Ok(self.ahead.remove(0))
    }

    fn enter(&mut self, pos: Pos) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(SyntaxError {
                pos,
                message: format!("nested more than {MAX_DEPTH} levels deep; a Rapport file never is"),
                too_deep: true,
            });
        }
        Ok(())
    }

    fn value(&mut self) -> Result<Node, SyntaxError> {
        let (token, pos) = self.take()?;
        let kind = match token {
            Token::Int(i) => Kind::Int(i),
            Token::Float(f) => Kind::Float(f),
            Token::Str(s) => Kind::Str(s),
            Token::Ident(name) if name == "true" => Kind::Bool(true),
            Token::Ident(name) if name == "false" => Kind::Bool(false),
            Token::Ident(name) => {
                if self.peek(0)?.0 == Token::Open {
                    self.take()?;
                    self.compound(Some(name), pos)?
                } else {
                    Kind::Ident(name)
                }
            }
            Token::Open => self.compound(None, pos)?,
            Token::OpenList => self.list(pos)?,
            Token::OpenMap => return Err(err(pos, "maps `{…}` are not part of a Rapport file")),
            other => return Err(err(pos, format!("expected a value, found {}", other.describe()))),
        };
        Ok(Node { pos, kind })
    }

    /// After `[`.
    fn list(&mut self, pos: Pos) -> Result<Kind, SyntaxError> {
        self.enter(pos)?;
        let mut items = Vec::new();
        loop {
            if self.peek(0)?.0 == Token::CloseList {
                self.take()?;
                break;
            }
            items.push(self.value()?);
            let (token, at) = self.take()?;
            match token {
                Token::Comma => {}
                Token::CloseList => break,
                other => {
                    return Err(err(
                        at,
                        format!("expected `,` or `]` in a list, found {}", other.describe()),
                    ));
                }
            }
        }
        self.depth -= 1;
        Ok(Kind::List(items))
    }

    /// After `Name(` or `(`.
    fn compound(&mut self, name: Option<String>, pos: Pos) -> Result<Kind, SyntaxError> {
        self.enter(pos)?;
        let is_struct = matches!(self.peek(0)?.0, Token::Ident(_) | Token::Close)
            && matches!(self.peek(1)?.0, Token::Colon)
            || self.peek(0)?.0 == Token::Close;
        let kind = if is_struct {
            let mut fields = Vec::new();
            loop {
                let (token, at) = self.take()?;
                let field = match token {
                    Token::Close => break,
                    Token::Ident(field) => field,
                    other => {
                        return Err(err(
                            at,
                            format!("expected a field name or `)`, found {}", other.describe()),
                        ));
                    }
                };
                let (colon, colon_at) = self.take()?;
                if colon != Token::Colon {
                    return Err(err(
                        colon_at,
                        format!("expected `:` after `{field}`, found {}", colon.describe()),
                    ));
                }
                let value = self.value()?;
                fields.push(Field { name: field, pos: at, value });
                let (token, at) = self.take()?;
                match token {
                    Token::Comma => {}
                    Token::Close => break,
                    other => {
                        return Err(err(
                            at,
                            format!("expected `,` or `)` after a field, found {}", other.describe()),
                        ));
                    }
                }
            }
            Kind::Struct { name, fields }
        } else {
            let mut items = Vec::new();
            loop {
                if self.peek(0)?.0 == Token::Close {
                    self.take()?;
                    break;
                }
                items.push(self.value()?);
                let (token, at) = self.take()?;
                match token {
                    Token::Comma => {}
                    Token::Close => break,
                    other => {
                        return Err(err(at, format!("expected `,` or `)`, found {}", other.describe())));
                    }
                }
            }
            Kind::Tuple { name, items }
        };
        self.depth -= 1;
        Ok(kind)
    }
}

/// Parses one RON value filling the whole text.
pub fn parse(src: &str) -> Result<Node, SyntaxError> {
    let mut parser = Parser { lexer: Lexer::new(src), ahead: Vec::new(), depth: 0 };
    let node = parser.value()?;
    let (token, pos) = parser.take()?;
    if token != Token::Eof {
        return Err(err(pos, format!("expected the end of the file, found {}", token.describe())));
    }
    Ok(node)
}

/// Finds `format: N` among the top-level fields without parsing the rest, so that a file from
/// a newer Rapport is recognised even where its syntax is not understood.
pub fn sniff_format(src: &str) -> Option<(i128, Pos)> {
    let mut lexer = Lexer::new(src);
    let mut depth = 0usize;
    let mut previous: [Option<Token>; 2] = [None, None];
    loop {
        let (token, pos) = lexer.next().ok()?;
        match &token {
            Token::Open | Token::OpenList | Token::OpenMap => depth += 1,
            Token::Close | Token::CloseList | Token::CloseMap => depth = depth.checked_sub(1)?,
            Token::Int(n) if depth == 1 => {
                if let [Some(Token::Ident(field)), Some(Token::Colon)] = &previous
                    && field == "format"
                {
                    return Some((*n, pos));
                }
            }
            Token::Eof => return None,
            _ => {}
        }
        previous = [previous[1].take(), Some(token)];
    }
}
