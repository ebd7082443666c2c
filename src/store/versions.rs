//! A merge conflict's versions (DESIGN.md §19) — a field's value, a whole touchpoint, a whole
//! journey, a name — as the text a project file holds: written for the merge, and read back
//! when someone chooses one.

use std::fmt::Write as _;

use super::reading::{Context, Result, string};
use super::syntax::{self, Field, Node};
use super::write::{value, write_journey};
use super::{ReadError, ReadErrorKind};
use crate::model::fields::{Field as ModelField, Value};
use crate::model::{Journey, Touchpoint};

/// A touchpoint on one line, as a conflict keeps it: its id, its lane, and every other field
/// not at its default.
pub fn touchpoint_text(tp: &Touchpoint) -> String {
    let mut out = format!("Touchpoint(id: {}", tp.id);
    for field in ModelField::ALL {
        // The lane is always written: the journey it is read back into may list its lanes
        // in another order.
        if field == ModelField::Lane || !field.is_default(tp, "") {
            let _ = write!(out, ", {}: {}", field.as_str(), value(&field.get(tp)));
        }
    }
    out.push(')');
    out
}

/// A journey as a conflict keeps it: as a file writes it.
pub fn journey_text(journey: &Journey) -> String {
    let mut out = String::new();
    write_journey(&mut out, journey);
    out.trim().trim_end_matches(',').to_owned()
}

/// A field's value as a file writes it (what a [`ConflictOn::Field`] keeps).
pub fn value_text(field: ModelField, tp: &Touchpoint) -> String {
    value(&field.get(tp))
}

/// Why a version kept by a conflict does not read back (a file edited by hand).
fn version_error(e: syntax::SyntaxError) -> ReadError {
    ReadError { line: 0, column: 0, context: None, kind: ReadErrorKind::Syntax, message: e.message }
}

fn parsed(text: &str) -> Result<Node> {
    syntax::parse(text).map_err(version_error)
}

/// Reads a field's value kept by a conflict, for a journey with these lanes.
pub fn read_value(field: ModelField, text: &str, lanes: &[String]) -> Result<Value<'static>> {
    let node = parsed(text)?;
    let f = Field { name: field.as_str().to_owned(), pos: node.pos, value: node };
    super::read::read_value(field.kind(), &f, lanes, &Context::default())
}

/// Reads a touchpoint kept by a conflict, for a journey with these lanes. Its lane may be one
/// the journey no longer has (the caller decides where it goes).
pub fn read_touchpoint(text: &str, lanes: &[String]) -> Result<Touchpoint> {
    let node = parsed(text)?;
    let mut lanes = lanes.to_vec();
    if let syntax::Kind::Struct { fields, .. } = &node.kind
        && let Some(syntax::Kind::Str(lane)) = fields.iter().find(|f| f.name == "lane").map(|f| &f.value.kind)
        && !lanes.contains(lane)
    {
        lanes.push(lane.clone());
    }
    super::read::read_touchpoint(&node, 0, &lanes, &mut Context::default()).map(|(tp, _)| tp)
}

/// Reads a journey kept by a conflict.
pub fn read_journey(text: &str) -> Result<Journey> {
    let node = parsed(text)?;
    let journey = super::read::read_journey(&node, 0, &mut std::collections::HashMap::new())?;
    crate::rules::check_journey(&journey).map_err(|broken| ReadError {
        line: 0,
        column: 0,
        context: None,
        kind: ReadErrorKind::Invalid,
        message: broken.to_string(),
    })?;
    Ok(journey)
}

/// Reads a text in quotes kept by a conflict (a name, a persona line).
pub fn read_text(text: &str) -> Result<String> {
    let node = parsed(text)?;
    let f = Field { name: "text".to_owned(), pos: node.pos, value: node };
    string(&f, &Context::default())
}
