//! Touchpoints as a table (DESIGN.md §17): journeys written as CSV for spreadsheets, and tables
//! from spreadsheets read back into journeys, forgivingly.
//!
//! Pure: text in, text or a [`Project`] or an [`Edit`] out; no file system, no egui. The command
//! line adds the files (`rapport export … -o TABLE.csv`, `rapport import`), the workbench the
//! clipboard ([`copy_rows`], [`paste_rows`]) and File → Import touchpoints… ([`import_into`]).
//!
//! Reading is forgiving in what it accepts and strict in what it builds: headers match case- and
//! space-insensitively, phases, flags, providers, exchanges and channels accept the spellings of
//! one table ([`WORDS`]) that the error messages quote, the separator is detected, a BOM and
//! blank lines are skipped — but a cell that cannot be read, or a table that would break a rule
//! the project reader enforces, stops the import with its line and column. What comes out is
//! always a project Rapport opens.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::ops::Bound;
use std::sync::OnceLock;

use crate::edit::Edit;
use crate::edit::build::{self, Placement};
use crate::model::fields::{Kind, Value};
use crate::model::{
    Channel, DEFAULT_LANES, Exchange, FORMAT_WITHOUT_ROOM, Field, Journey, Link, Phase, Project, Provider,
    Touchpoint, TouchpointId,
};
use crate::rules;

/// The journey rows go to when a table has no `journey` column (or the cell is empty).
pub const DEFAULT_JOURNEY: &str = "Imported";

/// The columns of a table, in the order Rapport writes them (DESIGN.md §17): the journey and
/// the id, then the touchpoint's fields as [`Field::ALL`] lists them (with the exchange's
/// strength after the exchange), then the links.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    /// The journey's name.
    Journey,
    /// The touchpoint's id.
    Id,
    /// A field of the touchpoint, written as its [`Kind`] says: a phase as `EarlyDays`, a
    /// provider as `person:NAME`, `team:NAME`, `anyone` or `automated`, an exchange as its kind
    /// (`org_gives`…, the strength in a column of its own), a flag as `yes` or `no`, tags
    /// separated by `;`, a feeling −2 to 2 or empty.
    Field(Field),
    /// The exchange's strength: 1 to 3, empty for neutral.
    Strength,
    /// The ids this touchpoint links to, separated by `;`.
    LinksTo,
}

impl Column {
    /// Every column, in the order of the header Rapport writes.
    pub const ALL: [Column; Field::ALL.len() + 4] = {
        let mut all = [Column::Journey; Field::ALL.len() + 4];
        all[1] = Column::Id;
        let (mut i, mut at) = (0, 2);
        while i < Field::ALL.len() {
            all[at] = Column::Field(Field::ALL[i]);
            at += 1;
            if matches!(Field::ALL[i], Field::Exchange) {
                all[at] = Column::Strength;
                at += 1;
            }
            i += 1;
        }
        all[at] = Column::LinksTo;
        all
    };

    /// The name Rapport writes in the header: the field's name in project files, or the
    /// column's own.
    pub fn name(self) -> &'static str {
        match self {
            Column::Journey => "journey",
            Column::Id => "id",
            Column::Field(field) => field.as_str(),
            Column::Strength => "strength",
            Column::LinksTo => "links_to",
        }
    }

    /// Its position in [`Column::ALL`].
    fn index(self) -> usize {
        let strength = 2 + Field::Exchange as usize + 1;
        match self {
            Column::Journey => 0,
            Column::Id => 1,
            Column::Field(field) if field > Field::Exchange => 2 + field as usize + 1,
            Column::Field(field) => 2 + field as usize,
            Column::Strength => strength,
            Column::LinksTo => Column::ALL.len() - 1,
        }
    }
}

/// Other names a table may use for a column, besides [`Column::name`]; all are compared case-
/// and space-insensitively (so "Two way", "two-way" and "TWO_WAY" are all `two_way`).
pub const COLUMN_ALIASES: &[(&str, Column)] = &[
    ("touchpoint", Column::Field(Field::Title)),
    ("days", Column::Field(Field::Day)),
    ("personalized", Column::Field(Field::Personalised)),
    ("tag", Column::Field(Field::Tags)),
    ("note", Column::Field(Field::Notes)),
    ("links", Column::LinksTo),
];

/// Which list of words a cell is read against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Vocabulary {
    /// The three phases.
    Phase,
    /// Yes or no.
    Flag,
    /// Who serves the customer (the part before `:`).
    Provider,
    /// What changes hands.
    Exchange,
    /// How contact is made.
    Channel,
}

/// Kinds of provider, as a table names them; a person or a team also has a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProviderKind {
    /// `person:NAME`.
    Person,
    /// `team:NAME`.
    Team,
    /// Whoever is available.
    Anyone,
    /// A machine.
    Automated,
}

/// Kinds of exchange, as a table names them; the strength is a column of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExchangeKind {
    /// The organisation gives.
    OrgGives,
    /// The organisation takes.
    OrgTakes,
    /// The customer gives.
    CustomerGives,
    /// The customer takes.
    CustomerTakes,
    /// Nothing of value changes hands.
    Neutral,
}

/// What a word in a cell means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Meaning {
    /// A phase.
    Phase(Phase),
    /// Yes (`true`) or no.
    Flag(bool),
    /// A kind of provider.
    Provider(ProviderKind),
    /// A kind of exchange.
    Exchange(ExchangeKind),
    /// A channel.
    Channel(Channel),
}

impl Meaning {
    /// The list this word belongs to.
    pub fn vocabulary(self) -> Vocabulary {
        match self {
            Meaning::Phase(_) => Vocabulary::Phase,
            Meaning::Flag(_) => Vocabulary::Flag,
            Meaning::Provider(_) => Vocabulary::Provider,
            Meaning::Exchange(_) => Vocabulary::Exchange,
            Meaning::Channel(_) => Vocabulary::Channel,
        }
    }
}

/// Every word a table may use for a phase, a flag, a provider, an exchange or a channel, compared
/// case- and space-insensitively (spaces, `_` and `-` are ignored). The first spelling of each
/// meaning is the one Rapport writes; reading, writing and the error messages all use this one
/// table.
pub const WORDS: &[(&str, Meaning)] = &[
    ("EarlyDays", Meaning::Phase(Phase::EarlyDays)),
    ("early days", Meaning::Phase(Phase::EarlyDays)),
    ("early", Meaning::Phase(Phase::EarlyDays)),
    ("1", Meaning::Phase(Phase::EarlyDays)),
    ("FirstDisagreement", Meaning::Phase(Phase::FirstDisagreement)),
    ("first disagreement", Meaning::Phase(Phase::FirstDisagreement)),
    ("disagreement", Meaning::Phase(Phase::FirstDisagreement)),
    ("2", Meaning::Phase(Phase::FirstDisagreement)),
    ("LongTerm", Meaning::Phase(Phase::LongTerm)),
    ("long term", Meaning::Phase(Phase::LongTerm)),
    ("long", Meaning::Phase(Phase::LongTerm)),
    ("3", Meaning::Phase(Phase::LongTerm)),
    ("yes", Meaning::Flag(true)),
    ("true", Meaning::Flag(true)),
    ("y", Meaning::Flag(true)),
    ("1", Meaning::Flag(true)),
    ("x", Meaning::Flag(true)),
    ("no", Meaning::Flag(false)),
    ("false", Meaning::Flag(false)),
    ("n", Meaning::Flag(false)),
    ("0", Meaning::Flag(false)),
    ("", Meaning::Flag(false)),
    ("person", Meaning::Provider(ProviderKind::Person)),
    ("team", Meaning::Provider(ProviderKind::Team)),
    ("anyone", Meaning::Provider(ProviderKind::Anyone)),
    ("automated", Meaning::Provider(ProviderKind::Automated)),
    ("org_gives", Meaning::Exchange(ExchangeKind::OrgGives)),
    ("org_takes", Meaning::Exchange(ExchangeKind::OrgTakes)),
    ("customer_gives", Meaning::Exchange(ExchangeKind::CustomerGives)),
    ("customer_takes", Meaning::Exchange(ExchangeKind::CustomerTakes)),
    ("neutral", Meaning::Exchange(ExchangeKind::Neutral)),
    ("InPerson", Meaning::Channel(Channel::InPerson)),
    ("Phone", Meaning::Channel(Channel::Phone)),
    ("Video", Meaning::Channel(Channel::Video)),
    ("Chat", Meaning::Channel(Channel::Chat)),
    ("Email", Meaning::Channel(Channel::Email)),
    ("Letter", Meaning::Channel(Channel::Letter)),
    ("App", Meaning::Channel(Channel::App)),
    ("Web", Meaning::Channel(Channel::Web)),
    ("Sms", Meaning::Channel(Channel::Sms)),
    ("Other", Meaning::Channel(Channel::Other)),
];

/// The spelling Rapport writes for a meaning: its first in [`WORDS`].
pub fn spelling(meaning: Meaning) -> &'static str {
    WORDS.iter().find(|(_, m)| *m == meaning).map_or("", |(word, _)| word)
}

/// A word as compared: lower case, without spaces, `_` or `-`.
fn fold(word: &str) -> String {
    word.chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

impl Vocabulary {
    fn index(self) -> usize {
        self as usize
    }
}

/// [`WORDS`] by vocabulary, under their spellings as written and folded (so the spellings
/// Rapport writes are found without folding the cell), and the columns' names and [`COLUMN_ALIASES`] folded; built once.
struct Lookup {
    words: [HashMap<String, Meaning>; 5],
    columns: HashMap<String, Column>,
}

fn lookup() -> &'static Lookup {
    static LOOKUP: OnceLock<Lookup> = OnceLock::new();
    LOOKUP.get_or_init(|| {
        let mut words: [HashMap<String, Meaning>; 5] = Default::default();
        for (word, meaning) in WORDS {
            let map = &mut words[meaning.vocabulary().index()];
            map.insert((*word).to_owned(), *meaning);
            map.insert(fold(word), *meaning);
        }
        let names = Column::ALL.iter().map(|c| (c.name(), *c)).chain(COLUMN_ALIASES.iter().copied());
        Lookup { words, columns: names.map(|(name, column)| (fold(name), column)).collect() }
    })
}

/// What a cell means in a vocabulary, if it is one of its words.
pub fn meaning(vocabulary: Vocabulary, cell: &str) -> Option<Meaning> {
    let words = &lookup().words[vocabulary.index()];
    words.get(cell).or_else(|| words.get(&fold(cell))).copied()
}

/// The column a header cell names, if any.
pub fn column_named(header: &str) -> Option<Column> {
    lookup().columns.get(&fold(header)).copied()
}

/// The words of a vocabulary for a message, meaning by meaning: "EarlyDays, early days, early
/// or 1; FirstDisagreement, …" — or "a, b or c" when each meaning has one word.
pub fn choices(vocabulary: Vocabulary) -> String {
    let mut groups: Vec<(Meaning, Vec<String>)> = Vec::new();
    for (word, meaning) in WORDS.iter().filter(|(_, m)| m.vocabulary() == vocabulary) {
        let shown = match (word, meaning) {
            (&"", _) => "an empty cell".to_owned(),
            (_, Meaning::Provider(ProviderKind::Person | ProviderKind::Team)) => format!("{word}:NAME"),
            _ => (*word).to_owned(),
        };
        match groups.iter_mut().find(|(m, _)| m == meaning) {
            Some((_, words)) => words.push(shown),
            None => groups.push((*meaning, vec![shown])),
        }
    }
    if groups.iter().all(|(_, words)| words.len() == 1) {
        return either(&groups.into_iter().flat_map(|(_, words)| words).collect::<Vec<_>>());
    }
    groups.iter().map(|(_, words)| either(words)).collect::<Vec<_>>().join("; ")
}

/// "a", "a or b", "a, b or c".
fn either(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// "a", "a and b", "a, b and c".
fn all_of(words: &[String]) -> String {
    match words {
        [rest @ .., last] if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => words.concat(),
    }
}

/// Why a table could not be read: the line (1-based, 0 for the table as a whole), the column as
/// the table's header names it, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", table_error_text(*.line, .column.as_deref(), .message))]
pub struct TableError {
    /// 1-based line of the row at fault (where a row spans lines, its first); 0 when the
    /// problem is the whole table.
    pub line: usize,
    /// The column at fault, as the header spells it (or as Rapport names it, for rows without
    /// a header).
    pub column: Option<String>,
    /// What is wrong, in words.
    pub message: String,
}

/// `column "day": …`, or the message alone when no column is at fault.
fn cell_text(column: Option<&str>, message: &str) -> String {
    match column {
        Some(column) => format!("column \"{column}\": {message}"),
        None => message.to_owned(),
    }
}

/// `line 14: column "day": …`, for a message without a file (pasted text); a file's name goes in
/// front with [`TableError::in_file`].
fn table_error_text(line: usize, column: Option<&str>, message: &str) -> String {
    let place = if line > 0 { format!("line {line}: ") } else { String::new() };
    format!("{place}{}", cell_text(column, message))
}

impl TableError {
    fn whole(message: impl Into<String>) -> Self {
        Self { line: 0, column: None, message: message.into() }
    }

    fn at(line: usize, message: impl Into<String>) -> Self {
        Self { line, column: None, message: message.into() }
    }

    fn cell(line: usize, column: &str, message: impl Into<String>) -> Self {
        Self { line, column: Some(column.to_owned()), message: message.into() }
    }

    /// The message with the file's name in front, as compilers write it:
    /// `TABLE.csv:14: column "day": "tomorrow" is not a whole number ≥ 0`.
    pub fn in_file(&self, file: &str) -> String {
        if self.line == 0 {
            format!("{file}: {}", self.detail())
        } else {
            format!("{file}:{}: {}", self.line, self.detail())
        }
    }

    fn detail(&self) -> String {
        cell_text(self.column.as_deref(), &self.message)
    }
}

// ---------------------------------------------------------------------------------------------
// Formulas

/// The first characters that make a spreadsheet read a cell as a formula (OWASP's list for CSV
/// injection): `=`, `+`, `-`, `@`, tab and carriage return.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A whole number (`-2`, `14`): a spreadsheet reads it as a number, never as a formula.
fn is_whole_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `text` is quotes (`'`, any number, none included) then a formula's first character.
fn quotes_then_formula(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// A cell as the table writes it, safe to open in a spreadsheet (OWASP's advice against CSV
/// injection): a cell that a spreadsheet would run as a formula — it begins with `=`, `+`, `-`,
/// `@`, a tab or a carriage return, and is not a whole number like a feeling of `-2` — gets a
/// leading `'`. So does a cell that already begins with quotes before such a character, so that
/// [`cell_as_written`] takes exactly one quote away from every cell this added one to.
pub fn cell_for_spreadsheet(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula = cell.starts_with(FORMULA_STARTS) && !is_whole_number(cell);
    let quoted_formula = cell.starts_with('\'') && quotes_then_formula(cell);
    if formula || quoted_formula { format!("'{cell}").into() } else { cell.into() }
}

/// A cell of a table as it was before [`cell_for_spreadsheet`]: a `'` in front of what would
/// be a formula (after any further quotes) is taken away; every other cell is as it is. A title
/// that really begins with `'` keeps it: `'quoted'` has no formula after its quote, and `'=x`
/// was written `''=x`.
pub fn cell_as_written(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if quotes_then_formula(rest) => rest,
        _ => cell,
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

/// The cells of one touchpoint's row, in [`Column::ALL`] order.
fn row(journey: &Journey, tp: &Touchpoint, links: &[TouchpointId]) -> [String; Column::ALL.len()] {
    Column::ALL.map(|column| match column {
        Column::Journey => journey.name.clone(),
        Column::Id => tp.id.to_string(),
        Column::Field(field) => cell(&field.get(tp)),
        Column::Strength => match tp.exchange {
            Exchange::OrgGives(s)
            | Exchange::OrgTakes(s)
            | Exchange::CustomerGives(s)
            | Exchange::CustomerTakes(s) => s.to_string(),
            Exchange::Neutral => String::new(),
        },
        Column::LinksTo => links.iter().map(ToString::to_string).collect::<Vec<_>>().join(";"),
    })
}

/// A field's value as a cell (an exchange's kind only: its strength has a column of its own).
fn cell(value: &Value<'_>) -> String {
    match value {
        Value::Text(t) => t.to_string(),
        Value::Phase(p) => spelling(Meaning::Phase(*p)).to_owned(),
        Value::Day(d) => d.to_string(),
        Value::Channel(c) => spelling(Meaning::Channel(*c)).to_owned(),
        Value::Provider(p) => match p.as_ref() {
            Provider::Person(name) => format!("{}:{name}", spelling(Meaning::Provider(ProviderKind::Person))),
            Provider::Team(name) => format!("{}:{name}", spelling(Meaning::Provider(ProviderKind::Team))),
            Provider::Anyone => spelling(Meaning::Provider(ProviderKind::Anyone)).to_owned(),
            Provider::Automated => spelling(Meaning::Provider(ProviderKind::Automated)).to_owned(),
        },
        Value::Exchange(e) => spelling(Meaning::Exchange(match e {
            Exchange::OrgGives(_) => ExchangeKind::OrgGives,
            Exchange::OrgTakes(_) => ExchangeKind::OrgTakes,
            Exchange::CustomerGives(_) => ExchangeKind::CustomerGives,
            Exchange::CustomerTakes(_) => ExchangeKind::CustomerTakes,
            Exchange::Neutral => ExchangeKind::Neutral,
        }))
        .to_owned(),
        Value::Flag(b) => spelling(Meaning::Flag(*b)).to_owned(),
        Value::Tags(t) => t.join(";"),
        Value::Feeling(f) => f.map(|f| f.to_string()).unwrap_or_default(),
    }
}

/// Writes the header and the rows of the chosen touchpoints of each journey, in timeline order.
fn write_table<'j>(
    journeys: impl IntoIterator<Item = (&'j Journey, Option<&'j BTreeSet<TouchpointId>>)>,
    delimiter: u8,
    terminator: csv::Terminator,
) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(terminator)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    // Writing into memory cannot fail, so the results below carry nothing to report.
    let _ = writer.write_record(Column::ALL.map(Column::name));
    for (journey, only) in journeys {
        let mut links: HashMap<TouchpointId, Vec<TouchpointId>> = HashMap::new();
        for link in &journey.links {
            links.entry(link.from).or_default().push(link.to);
        }
        for i in journey.timeline() {
            let tp = &journey.touchpoints[i];
            if only.is_some_and(|ids| !ids.contains(&tp.id)) {
                continue;
            }
            let cells = row(journey, tp, links.get(&tp.id).map_or(&[], Vec::as_slice));
            let _ = writer.write_record(cells.iter().map(|c| cell_for_spreadsheet(c).into_owned()));
        }
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The journeys as a CSV table (DESIGN.md §17): the header, then one row per touchpoint of each
/// journey in timeline order; RFC 4180 quoting, CRLF line ends, UTF-8 without a BOM. A cell a
/// spreadsheet would run as a formula is written with a leading `'` ([`cell_for_spreadsheet`]);
/// reading takes it away again.
pub fn export<'j>(journeys: impl IntoIterator<Item = &'j Journey>) -> String {
    write_table(journeys.into_iter().map(|j| (j, None)), b',', csv::Terminator::CRLF)
}

/// The chosen touchpoints of a journey as tab-separated rows with the header, in timeline order,
/// ready to paste into a spreadsheet (a cell with a tab, a line break or a quote is quoted, as
/// spreadsheets expect; a cell that would run as a formula gets a leading `'`, as in [`export`]).
/// With no touchpoint chosen, the header alone.
pub fn copy_rows(journey: &Journey, ids: &BTreeSet<TouchpointId>) -> String {
    write_table([(journey, Some(ids))], b'\t', csv::Terminator::Any(b'\n'))
}

// ---------------------------------------------------------------------------------------------
// Reading

/// A table's text without a byte-order mark.
fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The text of a table file: UTF-8 (a BOM is dropped), or an error that says what it is instead.
pub fn decode(bytes: &[u8]) -> Result<&str, TableError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(TableError::whole(
            "the table is UTF-16 text (a spreadsheet's \"Unicode text\"); save it as \"CSV UTF-8\" and import that",
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        TableError::at(
            line,
            "the table is not UTF-8 text (perhaps a spreadsheet's older \"CSV\"); save it as \"CSV UTF-8\" and import that",
        )
    })?;
    Ok(strip_bom(text))
}

/// The separator of a table: whichever of tab, `;` and `,` appears most often outside quotes in
/// its first line that is not blank (the header); a comma when none does.
pub fn detect_separator(text: &str) -> u8 {
    let Some(first) = strip_bom(text).split(['\r', '\n']).find(|l| !l.trim().is_empty()) else {
        return b',';
    };
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in first.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\t' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b',' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let separators = [b'\t', b';', b','];
    // Ties go to the rarer separator in text: tab, then `;`, then `,`.
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(2);
    if counts[best] == 0 { b',' } else { separators[best] }
}

/// Where each column is in a table's rows and how its header spells it.
struct Columns {
    /// Position of each [`Column`] in a row, by [`Column::index`].
    at: [Option<usize>; Column::ALL.len()],
    /// The header's spelling of each position (Rapport's own names for rows without a header).
    labels: Vec<String>,
    /// Positions whose header cell is empty.
    unnamed: Vec<usize>,
    /// Unknown header names, once each, in order.
    unknown: Vec<String>,
    /// Cells beyond `labels` are ignored rather than refused (rows read for their titles only).
    ignore_extra: bool,
}

impl Columns {
    /// The columns a header names; a column named twice is an error.
    fn from_header(record: &csv::StringRecord, line: usize) -> Result<Self, TableError> {
        let mut at = [None; Column::ALL.len()];
        let mut labels = Vec::with_capacity(record.len());
        let mut unnamed = Vec::new();
        let mut unknown: Vec<String> = Vec::new();
        for (position, cell) in record.iter().enumerate() {
            let label = cell.trim().to_owned();
            match column_named(&label) {
                Some(column) => {
                    if let Some(first) = at[column.index()] {
                        return Err(TableError::cell(
                            line,
                            &label,
                            format!(
                                "the header names the {} column twice (columns {} and {})",
                                column.name(),
                                first + 1,
                                position + 1
                            ),
                        ));
                    }
                    at[column.index()] = Some(position);
                }
                None if label.is_empty() => unnamed.push(position),
                None => {
                    if !unknown.contains(&label) {
                        unknown.push(label.clone());
                    }
                }
            }
            labels.push(label);
        }
        Ok(Self { at, labels, unnamed, unknown, ignore_extra: false })
    }

    /// Rapport's own columns in Rapport's order: rows copied without their header.
    fn rapport() -> Self {
        let mut at = [None; Column::ALL.len()];
        for (position, column) in Column::ALL.iter().enumerate() {
            at[column.index()] = Some(position);
        }
        Self {
            at,
            labels: Column::ALL.iter().map(|c| c.name().to_owned()).collect(),
            unnamed: Vec::new(),
            unknown: Vec::new(),
            ignore_extra: false,
        }
    }

    /// Only a title, in the first position: rows of some other table, copied without a header.
    fn titles_only() -> Self {
        let mut at = [None; Column::ALL.len()];
        at[Column::Field(Field::Title).index()] = Some(0);
        let labels = vec![Column::Field(Field::Title).name().to_owned()];
        Self { at, labels, unnamed: Vec::new(), unknown: Vec::new(), ignore_extra: true }
    }

    fn has(&self, column: Column) -> bool {
        self.at[column.index()].is_some()
    }

    /// How the table names a column: its header's spelling, or Rapport's name.
    fn label(&self, column: Column) -> &str {
        self.at[column.index()].and_then(|i| self.labels.get(i)).map_or(column.name(), String::as_str)
    }

    /// The warning that names the unknown columns, once.
    fn unknown_warning(&self) -> Option<String> {
        let names: Vec<String> = self.unknown.iter().map(|n| format!("\"{n}\"")).collect();
        match names.len() {
            0 => None,
            1 => Some(format!("ignored the column {}, which Rapport does not know", names[0])),
            _ => Some(format!("ignored the columns {}, which Rapport does not know", all_of(&names))),
        }
    }
}

/// One row being read: its cells, its line, and the columns.
struct Cells<'r> {
    record: &'r csv::StringRecord,
    columns: &'r Columns,
    line: usize,
}

impl Cells<'_> {
    /// The cell of a column, as written (empty when the column or the cell is absent), without
    /// the `'` that keeps a spreadsheet from running it ([`cell_as_written`]).
    fn raw(&self, column: Column) -> &str {
        cell_as_written(self.columns.at[column.index()].and_then(|i| self.record.get(i)).unwrap_or(""))
    }

    /// The cell of a column without surrounding spaces.
    fn get(&self, column: Column) -> &str {
        self.raw(column).trim()
    }

    fn error(&self, column: Column, message: impl Into<String>) -> TableError {
        TableError::cell(self.line, self.columns.label(column), message)
    }

    fn word(&self, column: Column, vocabulary: Vocabulary) -> Option<Meaning> {
        meaning(vocabulary, self.get(column))
    }

    fn flag(&self, column: Column) -> Result<bool, TableError> {
        match self.word(column, Vocabulary::Flag) {
            Some(Meaning::Flag(b)) => Ok(b),
            _ => Err(self.error(
                column,
                format!("\"{}\" is not yes or no: write {}", self.get(column), choices(Vocabulary::Flag)),
            )),
        }
    }

    fn phase(&self) -> Result<Phase, TableError> {
        let cell = self.get(Column::Field(Field::Phase));
        match self.word(Column::Field(Field::Phase), Vocabulary::Phase) {
            Some(Meaning::Phase(p)) => Ok(p),
            _ if cell.is_empty() => Err(self.error(
                Column::Field(Field::Phase),
                format!("a touchpoint needs a phase: write {}", choices(Vocabulary::Phase)),
            )),
            _ => Err(self.error(
                Column::Field(Field::Phase),
                format!("\"{cell}\" is not a phase: write {}", choices(Vocabulary::Phase)),
            )),
        }
    }

    fn channel(&self) -> Result<Channel, TableError> {
        let cell = self.get(Column::Field(Field::Channel));
        if cell.is_empty() {
            return Ok(Channel::Other);
        }
        match self.word(Column::Field(Field::Channel), Vocabulary::Channel) {
            Some(Meaning::Channel(c)) => Ok(c),
            _ => Err(self.error(
                Column::Field(Field::Channel),
                format!("\"{cell}\" is not a channel: write {}", choices(Vocabulary::Channel)),
            )),
        }
    }

    fn provider(&self) -> Result<Provider, TableError> {
        let cell = self.get(Column::Field(Field::Provider));
        if cell.is_empty() {
            return Ok(Provider::Anyone);
        }
        let (kind, name) = match cell.split_once(':') {
            Some((kind, name)) => (kind, Some(name.trim())),
            None => (cell, None),
        };
        let wrong = || {
            self.error(
                Column::Field(Field::Provider),
                format!("\"{cell}\" is not a provider: write {}", choices(Vocabulary::Provider)),
            )
        };
        let Some(Meaning::Provider(kind)) = meaning(Vocabulary::Provider, kind) else { return Err(wrong()) };
        match (kind, name) {
            (ProviderKind::Person | ProviderKind::Team, Some(name)) if !name.is_empty() => {
                let name = name.to_owned();
                Ok(if kind == ProviderKind::Person { Provider::Person(name) } else { Provider::Team(name) })
            }
            (ProviderKind::Person | ProviderKind::Team, _) => Err(self.error(
                Column::Field(Field::Provider),
                format!("\"{cell}\" names no one: write {}:NAME", spelling(Meaning::Provider(kind))),
            )),
            (ProviderKind::Anyone, None) => Ok(Provider::Anyone),
            (ProviderKind::Automated, None) => Ok(Provider::Automated),
            (_, Some(_)) => Err(wrong()),
        }
    }

    fn exchange(&self) -> Result<Exchange, TableError> {
        let cell = self.get(Column::Field(Field::Exchange));
        let kind = if cell.is_empty() {
            ExchangeKind::Neutral
        } else {
            match self.word(Column::Field(Field::Exchange), Vocabulary::Exchange) {
                Some(Meaning::Exchange(kind)) => kind,
                _ => {
                    return Err(self.error(
                        Column::Field(Field::Exchange),
                        format!("\"{cell}\" is not an exchange: write {}", choices(Vocabulary::Exchange)),
                    ));
                }
            }
        };
        let strength_cell = self.get(Column::Strength);
        let strength = match strength_cell {
            "" => None,
            "1" => Some(1),
            "2" => Some(2),
            "3" => Some(3),
            other => {
                return Err(
                    self.error(Column::Strength, format!("\"{other}\" is not a strength: write 1, 2 or 3"))
                );
            }
        };
        // A strength without an exchange that has one is a mistake worth naming, not a value to
        // drop; a kind without a strength takes 1, as the workbench gives a new exchange.
        let s = match (kind, strength) {
            (ExchangeKind::Neutral, Some(_)) => {
                return Err(self.error(
                    Column::Strength,
                    format!(
                        "a neutral exchange has no strength, found \"{strength_cell}\": name the exchange ({}) or empty the cell",
                        choices(Vocabulary::Exchange)
                    ),
                ));
            }
            (_, s) => s.unwrap_or(1),
        };
        Ok(match kind {
            ExchangeKind::OrgGives => Exchange::OrgGives(s),
            ExchangeKind::OrgTakes => Exchange::OrgTakes(s),
            ExchangeKind::CustomerGives => Exchange::CustomerGives(s),
            ExchangeKind::CustomerTakes => Exchange::CustomerTakes(s),
            ExchangeKind::Neutral => Exchange::Neutral,
        })
    }

    fn feeling(&self) -> Result<Option<i8>, TableError> {
        let cell = self.get(Column::Field(Field::Feeling));
        if cell.is_empty() {
            return Ok(None);
        }
        // A typographic minus (as some spreadsheets write) reads as a minus.
        let (negative, digits) = match cell.strip_prefix('−').or_else(|| cell.strip_prefix('-')) {
            Some(rest) => (true, rest),
            None => (false, cell.strip_prefix('+').unwrap_or(cell)),
        };
        let f = match digits {
            "0" => 0,
            "1" => 1,
            "2" => 2,
            _ => {
                return Err(self.error(
                    Column::Field(Field::Feeling),
                    format!(
                        "\"{cell}\" is not a feeling: write a whole number from -2 to 2, or leave the cell empty"
                    ),
                ));
            }
        };
        Ok(Some(if negative { -f } else { f }))
    }

    fn day(&self) -> Result<Option<u32>, TableError> {
        let cell = self.get(Column::Field(Field::Day));
        if cell.is_empty() {
            return Ok(None);
        }
        if !cell.bytes().all(|b| b.is_ascii_digit()) {
            return Err(
                self.error(Column::Field(Field::Day), format!("\"{cell}\" is not a whole number ≥ 0"))
            );
        }
        cell.parse::<u32>().map(Some).map_err(|_| {
            self.error(
                Column::Field(Field::Day),
                format!("\"{cell}\" is too large a day (at most {})", u32::MAX),
            )
        })
    }

    fn id(&self) -> Result<Option<TouchpointId>, TableError> {
        let cell = self.get(Column::Id);
        if cell.is_empty() {
            return Ok(None);
        }
        parse_id(cell).map(Some).ok_or_else(|| {
            self.error(
                Column::Id,
                format!("\"{cell}\" is not a touchpoint id (a whole number from 1 to {})", u32::MAX),
            )
        })
    }

    fn links(&self) -> Result<Vec<TouchpointId>, TableError> {
        self.get(Column::LinksTo)
            .split(|c: char| c == ';' || c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .map(|s| {
                parse_id(s).ok_or_else(|| {
                    self.error(
                        Column::LinksTo,
                        format!("\"{s}\" is not a touchpoint id; list the ids this touchpoint links to, separated by ;"),
                    )
                })
            })
            .collect()
    }

    fn tags(&self) -> Vec<String> {
        self.get(Column::Field(Field::Tags))
            .split(';')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// A touchpoint of the row, with the phase, lane and day given: every field the row's cells
    /// say, §3's defaults for the rest, id 0 until one is given.
    fn touchpoint(&self, phase: Phase, day: u32, lane: String) -> Result<Touchpoint, TableError> {
        let mut tp = Touchpoint::new(TouchpointId(0), "", phase, day, lane);
        for field in Field::ALL {
            let column = Column::Field(field);
            let value = match field.kind() {
                Kind::Phase | Kind::Day | Kind::Lane => continue,
                Kind::Text => Value::Text(self.raw(column).into()),
                Kind::Channel => Value::Channel(self.channel()?),
                Kind::Provider => Value::Provider(Cow::Owned(self.provider()?)),
                Kind::Exchange => Value::Exchange(self.exchange()?),
                Kind::Flag => Value::Flag(self.flag(column)?),
                Kind::Tags => Value::Tags(Cow::Owned(self.tags())),
                Kind::Feeling => Value::Feeling(self.feeling()?),
            };
            // Each kind above is the field's own, so setting it cannot fail.
            let _ = field.set(&mut tp, value);
        }
        Ok(tp)
    }
}

fn parse_id(s: &str) -> Option<TouchpointId> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<u32>().ok().filter(|&n| n >= 1).map(TouchpointId)
}

/// Rows of a table, each with its line; blank rows (every cell empty or spaces) left out.
struct Rows<'t> {
    text: &'t str,
    reader: csv::Reader<&'t [u8]>,
    record: csv::StringRecord,
    /// A byte offset into `text` and the line it is on, to count lines from.
    counted: (usize, usize),
}

impl<'t> Rows<'t> {
    fn new(text: &'t str, delimiter: u8) -> Self {
        let text = strip_bom(text);
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        Self { text, reader, record: csv::StringRecord::new(), counted: (0, 1) }
    }

    /// The line a row starting at byte `offset` is on. The reader's own line count leaves out
    /// line breaks inside quoted cells, so the lines are counted here, once through the text.
    fn line_at(&mut self, offset: u64) -> usize {
        let bytes = self.text.as_bytes();
        let mut offset = usize::try_from(offset).unwrap_or(usize::MAX).min(bytes.len());
        // A row's position may be where the blank lines before it begin.
        while offset < bytes.len() && matches!(bytes[offset], b'\r' | b'\n') {
            offset += 1;
        }
        let (from, line) = self.counted;
        let (from, line) = if offset >= from { (from, line) } else { (0, 1) };
        // A line ends at LF, CRLF or a lone CR (as old Mac spreadsheets write).
        let breaks = bytes[from..offset]
            .iter()
            .enumerate()
            .filter(|&(i, b)| *b == b'\n' || *b == b'\r' && bytes.get(from + i + 1) != Some(&b'\n'))
            .count();
        let line = line + breaks;
        self.counted = (offset, line);
        line
    }

    /// The next row that is not blank, with its line; `None` at the end.
    fn next(&mut self) -> Result<Option<usize>, TableError> {
        loop {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => return Ok(None),
                Ok(true) => {
                    if self.record.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    let offset = self.record.position().map_or(0, csv::Position::byte);
                    return Ok(Some(self.line_at(offset)));
                }
                Err(e) => {
                    let line = self.line_at(e.position().map_or(0, csv::Position::byte));
                    return Err(TableError::at(line, format!("this row cannot be read: {e}")));
                }
            }
        }
    }

    /// A cell beyond the columns the header names must be empty: its value would be lost.
    fn check_width(&self, columns: &Columns, line: usize) -> Result<(), TableError> {
        let width = columns.labels.len();
        if columns.ignore_extra {
            return Ok(());
        }
        match self.record.iter().skip(width).position(|c| !c.trim().is_empty()) {
            None => Ok(()),
            Some(extra) => Err(TableError::at(
                line,
                format!(
                    "cell {} is beyond the table's {width} columns; give it a column in the header or empty it",
                    width + extra + 1
                ),
            )),
        }
    }

    /// Whether this row has something in a column whose header is empty.
    fn fills_unnamed(&self, columns: &Columns) -> bool {
        columns.unnamed.iter().any(|&i| self.record.get(i).is_some_and(|c| !c.trim().is_empty()))
    }
}

/// The warning for cells in columns the header does not name.
fn unnamed_warning() -> String {
    "ignored cells in a column whose header is empty; name the column to import it".to_owned()
}

/// A position in time among a journey's cards: the day, then the place in file order (a card
/// inserted after the card at `position` sorts right after it, in the order inserted).
type Slot = (u32, usize, usize);

/// The days of a journey's cards as cards are added, so each new card's day follows §8's rule
/// ([`build::new_day`]) without sorting the whole journey for every card.
#[derive(Default)]
struct Clock {
    slots: BTreeSet<Slot>,
    /// The latest card of each phase.
    last: [Option<Slot>; 3],
}

impl Clock {
    /// A clock holding a journey's cards as they are.
    fn of(journey: &Journey) -> Self {
        let mut clock = Self::default();
        for (i, tp) in journey.touchpoints.iter().enumerate() {
            clock.place((tp.day, i, 0), tp.phase);
        }
        clock
    }

    fn place(&mut self, slot: Slot, phase: Phase) {
        self.slots.insert(slot);
        let last = &mut self.last[phase.index()];
        if last.is_none_or(|l| slot > l) {
            *last = Some(slot);
        }
    }

    /// The day of a new card in `phase` after the card at `anchor` (or, without one, the first
    /// in an empty phase), by [`build::new_day`] on the few cards that decide it: the anchor and
    /// the next card in time, or the latest card of each earlier phase.
    fn day_after(&self, anchor: Option<Slot>, phase: Phase) -> u32 {
        let card = |id: u32, day: u32, phase: Phase| Touchpoint::new(TouchpointId(id), "", phase, day, "");
        let mut deciding = Journey { lanes: Vec::new(), ..Journey::new("") };
        let placement = match anchor {
            Some(slot) => {
                deciding.touchpoints.push(card(1, slot.0, phase));
                if let Some(next) = self.slots.range((Bound::Excluded(slot), Bound::Unbounded)).next() {
                    deciding.touchpoints.push(card(2, next.0, phase));
                }
                Placement::After(TouchpointId(1))
            }
            None => {
                for (i, earlier) in Phase::ALL.iter().enumerate().take(phase.index()) {
                    if let Some(slot) = self.last[i] {
                        deciding.touchpoints.push(card(i as u32 + 1, slot.0, *earlier));
                    }
                }
                Placement::EmptyPhase
            }
        };
        build::new_day(&deciding, phase, placement, &[])
    }
}

/// A journey being read from a table.
struct Draft {
    name: String,
    lanes: Vec<String>,
    lane_index: HashMap<String, usize>,
    touchpoints: Vec<Touchpoint>,
    /// Per touchpoint: its line, whether its id was given, the lane it named, its links.
    rows: Vec<DraftRow>,
    ids: HashMap<TouchpointId, usize>,
    clock: Clock,
}

struct DraftRow {
    line: usize,
    id_given: bool,
    lane: Option<usize>,
    links: Vec<TouchpointId>,
}

impl Draft {
    fn new(name: String) -> Self {
        Self {
            name,
            lanes: Vec::new(),
            lane_index: HashMap::new(),
            touchpoints: Vec::new(),
            rows: Vec::new(),
            ids: HashMap::new(),
            clock: Clock::default(),
        }
    }
}

/// How rows without an id get one.
#[derive(Clone, Copy)]
enum FreshIds {
    /// 1, 2, … in each journey, skipping the ids its rows give (a new project).
    FromOneInEachJourney,
    /// From this id on, across every journey of the table, skipping the ids its rows give (a
    /// table added to a project: one more than the largest id of the project, DESIGN.md §13).
    From(u32),
}

/// What a table holds, read: its journeys in order of first appearance, and warnings.
fn read_journeys(text: &str, fresh: FreshIds) -> Result<(Vec<Journey>, Vec<String>), TableError> {
    let text = strip_bom(text);
    let mut rows = Rows::new(text, detect_separator(text));
    let Some(header_line) = rows.next()? else {
        return Err(TableError::whole(format!(
            "the table is empty; its first line names the columns ({})",
            Column::ALL.map(Column::name).join(", ")
        )));
    };
    let columns = Columns::from_header(&rows.record, header_line)?;
    for needed in [Column::Field(Field::Title), Column::Field(Field::Phase)] {
        if !columns.has(needed) {
            return Err(TableError::at(
                header_line,
                format!(
                    "the header has no \"{}\" column; a table needs at least \"title\" and \"phase\", and its first line names the columns ({})",
                    needed.name(),
                    Column::ALL.map(Column::name).join(", ")
                ),
            ));
        }
    }
    let mut warnings: Vec<String> = columns.unknown_warning().into_iter().collect();
    let mut unnamed_filled = false;

    let mut drafts: Vec<Draft> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    while let Some(line) = rows.next()? {
        rows.check_width(&columns, line)?;
        unnamed_filled |= rows.fills_unnamed(&columns);
        let cells = Cells { record: &rows.record, columns: &columns, line };
        let name = match cells.get(Column::Journey) {
            "" => DEFAULT_JOURNEY,
            name => name,
        };
        let d = match by_name.get(name) {
            Some(&d) => d,
            None => {
                by_name.insert(name.to_owned(), drafts.len());
                drafts.push(Draft::new(name.to_owned()));
                drafts.len() - 1
            }
        };
        let draft = &mut drafts[d];
        let phase = cells.phase()?;
        let id = cells.id()?;
        let day = cells.day()?;
        let links = cells.links()?;
        let lane = match cells.get(Column::Field(Field::Lane)) {
            "" => None,
            lane => Some(match draft.lane_index.get(lane) {
                Some(&i) => i,
                None => {
                    draft.lane_index.insert(lane.to_owned(), draft.lanes.len());
                    draft.lanes.push(lane.to_owned());
                    draft.lanes.len() - 1
                }
            }),
        };
        let position = draft.touchpoints.len();
        let day = day.unwrap_or_else(|| draft.clock.day_after(draft.clock.last[phase.index()], phase));
        let mut tp = cells.touchpoint(phase, day, String::new())?;
        if let Some(id) = id {
            if let Some(&first) = draft.ids.get(&id) {
                return Err(cells.error(
                    Column::Id,
                    format!(
                        "id {id} is already used by the touchpoint on line {} of journey “{}”; ids differ within a journey",
                        draft.rows[first].line, draft.name
                    ),
                ));
            }
            draft.ids.insert(id, position);
            tp.id = id;
        }
        draft.clock.place((day, position, 0), phase);
        draft.touchpoints.push(tp);
        draft.rows.push(DraftRow { line, id_given: id.is_some(), lane, links });
    }
    if unnamed_filled {
        warnings.push(unnamed_warning());
    }
    if drafts.is_empty() {
        return Err(TableError::at(header_line, "the table has a header but no touchpoints under it"));
    }

    let mut next = match fresh {
        FreshIds::FromOneInEachJourney => 1,
        FreshIds::From(first) => first.max(1),
    };
    let mut journeys = Vec::with_capacity(drafts.len());
    for mut draft in drafts {
        if matches!(fresh, FreshIds::FromOneInEachJourney) {
            next = 1;
        }
        for (position, row) in draft.rows.iter().enumerate() {
            if row.id_given {
                continue;
            }
            while draft.ids.contains_key(&TouchpointId(next)) {
                next = next
                    .checked_add(1)
                    .ok_or_else(|| TableError::at(row.line, "no touchpoint id is left"))?;
            }
            let id = TouchpointId(next);
            draft.ids.insert(id, position);
            draft.touchpoints[position].id = id;
            // The next row's id, unless the numbers have run out (then the loop above says so).
            next = next.saturating_add(u32::from(next < u32::MAX));
        }
        // Lanes in order of first use; a journey whose rows name no lane gets §3's lanes.
        if draft.lanes.is_empty() {
            draft.lanes = DEFAULT_LANES.iter().map(|l| (*l).to_owned()).collect();
        }
        let mut links = Vec::new();
        for (position, row) in draft.rows.iter().enumerate() {
            let tp = &mut draft.touchpoints[position];
            tp.lane = draft.lanes[row.lane.unwrap_or(0)].clone();
            for &to in &row.links {
                let at_fault =
                    |message: String| TableError::cell(row.line, columns.label(Column::LinksTo), message);
                if to == tp.id {
                    return Err(at_fault(format!("touchpoint {to} links to itself")));
                }
                if !draft.ids.contains_key(&to) {
                    return Err(at_fault(format!(
                        "touchpoint {to} is not in journey “{}”; a link goes to a touchpoint of the same journey",
                        draft.name
                    )));
                }
                links.push(Link { from: tp.id, to });
            }
        }
        journeys.push(Journey {
            lanes: draft.lanes,
            touchpoints: draft.touchpoints,
            links,
            ..Journey::new(draft.name)
        });
    }
    Ok((journeys, warnings))
}

/// A project read from a table, with what the reader skipped.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The project: one journey per distinct `journey` value, in order of first appearance.
    pub project: Project,
    /// Things worth telling the user that did not stop the import, each once: the unknown
    /// columns ignored, cells in unnamed columns ignored.
    pub warnings: Vec<String>,
}

/// A new project named `name` from a table's text (DESIGN.md §17): one journey per distinct
/// `journey` value ("Imported" without one); only `title` and `phase` are needed; missing cells
/// take §3's defaults, days follow §8's rule, ids 1, 2, … where absent, lanes in order of first
/// use (§3's lanes when no row names one). The project obeys every rule the project reader
/// enforces; a table that would break one is an error at its line.
pub fn import(text: &str, name: &str) -> Result<Imported, TableError> {
    let (journeys, warnings) = read_journeys(text, FreshIds::FromOneInEachJourney)?;
    let project =
        Project { format: FORMAT_WITHOUT_ROOM, name: name.to_owned(), journeys, conflicts: Vec::new() };
    // A net under the checks made cell by cell, as the project reader has one.
    rules::check_project(&project).map_err(|broken| {
        TableError::whole(format!("the table would make a project Rapport cannot open: {broken}"))
    })?;
    Ok(Imported { project, warnings })
}

/// [`import`] from a file's bytes: UTF-8 with or without a BOM.
pub fn import_bytes(bytes: &[u8], name: &str) -> Result<Imported, TableError> {
    import(decode(bytes)?, name)
}

/// A table's journeys as an addition to a project: one edit, one undo step.
#[derive(Clone, Debug, PartialEq)]
pub struct Addition {
    /// Adds the journeys at the end of the project, in one [`Edit::Batch`].
    pub edit: Edit,
    /// The names the journeys were added under (made unique in the project), in order; the
    /// first is at index `project.journeys.len()` of the project before the edit.
    pub journeys: Vec<String>,
    /// Touchpoints added, in all.
    pub touchpoints: usize,
    /// As [`Imported::warnings`].
    pub warnings: Vec<String>,
}

/// File → Import touchpoints…: the table's journeys added to a project, each named as in the
/// table or made unique (`NAME 2`, …, [`build::unique_journey_name`]), as one edit. Ids the table
/// gives are kept (so a table exported from a journey and edited lines up with it in a
/// comparison); rows without one get new ids of the project (one more than its largest, and on).
pub fn import_into(project: &Project, text: &str) -> Result<Addition, TableError> {
    let (journeys, warnings) = read_journeys(text, FreshIds::From(project.next_touchpoint_id().0))?;
    // Only the names matter to `unique_journey_name`: a project of empty journeys stands in for
    // the project with the journeys added so far.
    let mut names = Project {
        format: FORMAT_WITHOUT_ROOM,
        name: String::new(),
        journeys: project.journeys.iter().map(|j| Journey::new(j.name.clone())).collect(),
        conflicts: Vec::new(),
    };
    let mut edits = Vec::with_capacity(journeys.len());
    let mut added = Vec::with_capacity(journeys.len());
    let mut touchpoints = 0;
    for mut journey in journeys {
        journey.name = build::unique_journey_name(&names, &journey.name);
        names.journeys.push(Journey::new(journey.name.clone()));
        added.push(journey.name.clone());
        touchpoints += journey.touchpoints.len();
        edits.push(Edit::AddJourney {
            index: project.journeys.len() + edits.len(),
            journey: Box::new(journey),
        });
    }
    Ok(Addition { edit: Edit::Batch(edits), journeys: added, touchpoints, warnings })
}

/// Rows pasted onto the canvas, as new cards of one cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Pasted {
    /// Adds the cards, in one [`Edit::Batch`] of [`Edit::AddTouchpoint`]s: one undo step.
    pub edit: Edit,
    /// The new cards' ids, in the order pasted (to select them).
    pub ids: Vec<TouchpointId>,
    /// As [`Imported::warnings`], and the columns a cell decides (journey, id, phase, day, lane,
    /// links) when the rows had them.
    pub warnings: Vec<String>,
}

/// The longest line a pasted list takes as a title: a longer one is a paragraph, not a title.
pub const MAX_PASTED_TITLE: usize = 200;

/// Text pasted onto the canvas as new cards in one cell of a journey: lane `lane` (an index)
/// and phase `phase`. Every card gets a new id of the project and a day by §8's rule after the
/// cell's last card (or the phase's last card, or as the first of an empty phase), in paste
/// order; its journey, phase and lane are the cell's. The text may be:
///
/// - tab-separated rows, copied from a spreadsheet or by [`copy_rows`], with a header (any row
///   naming a known column) or not: without one, rows of Rapport's width are read in Rapport's
///   column order, others take their first column as the titles;
/// - a table with a header separated by `;` or `,` (a CSV file's text);
/// - a list of titles, as copied from sticky notes or a document: one a line, or separated by
///   `;` — at least two of them, each at most [`MAX_PASTED_TITLE`] characters, bullets (`•`, `-`,
///   `*`, …) and list numbers (`1.`, `2)`) left out.
///
/// Other text (one line of prose, a paragraph) is refused with the reason, and so is a cell that
/// cannot be read, by its line and column.
pub fn paste_rows(
    project: &Project,
    journey_index: usize,
    text: &str,
    lane: usize,
    phase: Phase,
) -> Result<Pasted, TableError> {
    let journey = project
        .journeys
        .get(journey_index)
        .ok_or_else(|| TableError::whole("there is no journey to paste into"))?;
    let lane_name =
        journey.lanes.get(lane).ok_or_else(|| TableError::whole("there is no such lane to paste into"))?;
    let text = strip_bom(text);
    if text.trim().is_empty() {
        return Err(TableError::whole("there is nothing to paste"));
    }
    let mut cards = Cards::new(project, journey_index, lane_name, phase);
    let separator = if text.contains('\t') { b'\t' } else { detect_separator(text) };
    let mut rows = Rows::new(text, separator);
    let first = rows.next();
    // A header names the title column, or two others: one cell that happens to read like a
    // column's name ("Notes" as a title) does not make a row of cards a header.
    let named: Vec<Column> = rows.record.iter().filter_map(|c| column_named(c.trim())).collect();
    let is_header =
        matches!(first, Ok(Some(_))) && (named.contains(&Column::Field(Field::Title)) || named.len() >= 2);
    // Text without tabs is a table only when its header says so; else it may be a list.
    if separator != b'\t' && !is_header {
        for (line, title) in listed_titles(text)? {
            cards.add(line, Touchpoint::new(TouchpointId(0), title, phase, 0, lane_name.clone()))?;
        }
        return Ok(cards.pasted(Vec::new()));
    }
    let Some(first_line) = first? else { return Err(TableError::whole("there is nothing to paste")) };
    let mut warnings = Vec::new();
    let (columns, header) = if is_header {
        let columns = Columns::from_header(&rows.record, first_line)?;
        if !columns.has(Column::Field(Field::Title)) {
            return Err(TableError::at(
                first_line,
                "the pasted header has no \"title\" column, so no row says what its card is called",
            ));
        }
        warnings.extend(columns.unknown_warning());
        (columns, true)
    } else if rows.record.len() == Column::ALL.len() {
        (Columns::rapport(), false)
    } else {
        match rows.record.len() {
            1 => {}
            2 => warnings.push(
                "the rows have no header, so the first column became the titles and the other was ignored"
                    .to_owned(),
            ),
            width => warnings.push(format!(
                "the rows have no header, so the first column became the titles and the other {} were ignored",
                width - 1
            )),
        }
        (Columns::titles_only(), false)
    };

    let mut unnamed_filled = false;
    // Without a header the first row, already read, is the first card.
    let mut first_is_card = !header;
    loop {
        let line = if first_is_card {
            first_is_card = false;
            first_line
        } else {
            match rows.next()? {
                Some(line) => line,
                None => break,
            }
        };
        rows.check_width(&columns, line)?;
        unnamed_filled |= rows.fills_unnamed(&columns);
        let cells = Cells { record: &rows.record, columns: &columns, line };
        cards.add(line, cells.touchpoint(phase, 0, lane_name.clone())?)?;
    }
    if unnamed_filled {
        warnings.push(unnamed_warning());
    }
    if cards.ids.is_empty() {
        return Err(TableError::at(first_line, "the pasted text has a header but no rows under it"));
    }
    Ok(cards.pasted(warnings))
}

/// The titles of pasted text that is not a table, each with its line: one a line, or separated
/// by `;`, trimmed, without a bullet or a list number; blank ones left out. Fewer than two, or
/// a line too long for a title, is not a list.
fn listed_titles(text: &str) -> Result<Vec<(usize, String)>, TableError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_number = i + 1;
        // A lone CR (old Mac text) ends a title too.
        for piece in line.split([';', '\r']) {
            let title = without_bullet(piece.trim());
            let length = title.chars().count();
            if length > MAX_PASTED_TITLE {
                return Err(TableError::at(
                    line_number,
                    format!(
                        "{length} characters is a paragraph rather than a title: paste one title a line, or titles separated by ; (at most {MAX_PASTED_TITLE} characters each)"
                    ),
                ));
            }
            if !title.is_empty() {
                out.push((line_number, title.to_owned()));
            }
        }
    }
    if out.len() < 2 {
        return Err(TableError::whole(
            "pasted text is one line, not a table or a list of titles: paste rows from a spreadsheet, one title a line, or titles separated by ;",
        ));
    }
    Ok(out)
}

/// A list item without its bullet (`•`, `◦`, `▪`, `·`, `-`, `–`, `*`) or number (`1.`, `12)`)
/// and the space after it.
fn without_bullet(item: &str) -> &str {
    const BULLETS: [char; 7] = ['•', '◦', '▪', '·', '-', '–', '*'];
    let marker = if item.starts_with(BULLETS) {
        item.chars().next().map_or(0, char::len_utf8)
    } else {
        let digits = item.bytes().take_while(u8::is_ascii_digit).count();
        match item.as_bytes().get(digits) {
            Some(b'.' | b')') if digits > 0 => digits + 1,
            _ => 0,
        }
    };
    match &item[marker..] {
        // A bullet alone is an empty item.
        "" if marker > 0 && item.starts_with(BULLETS) => "",
        rest if marker > 0 && rest.starts_with(char::is_whitespace) => rest.trim_start(),
        _ => item,
    }
}

/// New cards for one cell of a journey, placed one after another as the workbench would.
struct Cards {
    journey_index: usize,
    phase: Phase,
    clock: Clock,
    /// The card the next one goes after: the cell's last, or the phase's, or the last pasted.
    anchor: Option<Slot>,
    /// Where in the journey's list of touchpoints the first card goes.
    first_index: usize,
    /// The file position the pasted cards take in the clock's slots.
    position: usize,
    next_id: Option<u32>,
    edits: Vec<Edit>,
    ids: Vec<TouchpointId>,
}

impl Cards {
    /// Cards for the cell of lane `lane_name` and `phase` of journey `journey_index` (which
    /// [`paste_rows`] checked is there).
    fn new(project: &Project, journey_index: usize, lane_name: &str, phase: Phase) -> Self {
        let empty = Journey::new("");
        let journey = project.journeys.get(journey_index).unwrap_or(&empty);
        let in_cell = |tp: &&Touchpoint| tp.phase == phase && tp.lane == lane_name;
        let last_of = |cell_only: bool| {
            journey
                .touchpoints
                .iter()
                .enumerate()
                .filter(|(_, tp)| tp.phase == phase && (!cell_only || in_cell(tp)))
                .map(|(i, tp)| (tp.day, i, 0))
                .max()
        };
        let anchor = last_of(true).or_else(|| last_of(false));
        // The cards go right after the anchor in file order (at the end when the phase is
        // empty), so on a tie of days they read after it, in the order pasted.
        let first_index = anchor.map_or(journey.touchpoints.len(), |(_, i, _)| i + 1);
        let position = first_index.saturating_sub(usize::from(anchor.is_some()));
        Self {
            journey_index,
            phase,
            clock: Clock::of(journey),
            anchor,
            first_index,
            position,
            next_id: Some(project.next_touchpoint_id().0),
            edits: Vec::new(),
            ids: Vec::new(),
        }
    }

    /// Adds a card of the cell (its id and day given here), from line `line` of the text.
    fn add(&mut self, line: usize, mut tp: Touchpoint) -> Result<(), TableError> {
        let day = self.clock.day_after(self.anchor, self.phase);
        let id = self.next_id.ok_or_else(|| TableError::at(line, "no touchpoint id is left"))?;
        tp.id = TouchpointId(id);
        tp.day = day;
        self.next_id = id.checked_add(1);
        let k = self.edits.len();
        let slot = (day, self.position, k + 1);
        self.clock.place(slot, self.phase);
        self.anchor = Some(slot);
        self.ids.push(tp.id);
        self.edits.push(Edit::AddTouchpoint {
            journey: self.journey_index,
            index: self.first_index + k,
            touchpoint: Box::new(tp),
        });
        Ok(())
    }

    fn pasted(self, warnings: Vec<String>) -> Pasted {
        Pasted { edit: Edit::Batch(self.edits), ids: self.ids, warnings }
    }
}
