//! The pieces every part of the project reader shares: where an error is ([`Context`]), a
//! struct's fields taken one by one ([`Fields`]), and the values read the same way everywhere
//! (texts, yes/no, lists, ids, named variants, a feeling). `read.rs` reads the project and its
//! touchpoints with them, `read_room.rs` a journey's room data.

use std::collections::{HashMap, HashSet};

use super::syntax::{Field, Kind, Node, Pos};
use super::{ReadError, ReadErrorKind};
use crate::model::{Timestamp, TouchpointId};

/// Where in the project an error is: "journey “As-is”, touchpoint 4".
#[derive(Clone, Default)]
pub(super) struct Context {
    pub(super) journey: Option<String>,
    pub(super) touchpoint: Option<String>,
}

impl Context {
    fn describe(&self) -> Option<String> {
        match (&self.journey, &self.touchpoint) {
            (None, _) => None,
            (Some(j), None) => Some(format!("journey “{j}”")),
            (Some(j), Some(t)) => Some(format!("journey “{j}”, {t}")),
        }
    }

    pub(super) fn error(&self, pos: Pos, kind: ReadErrorKind, message: impl Into<String>) -> ReadError {
        ReadError {
            line: pos.line,
            column: pos.column,
            context: self.describe(),
            kind,
            message: message.into(),
        }
    }
}

pub(super) type Result<T> = std::result::Result<T, ReadError>;

/// The fields of one struct, taken one by one; whatever is left over is an unknown field.
pub(super) struct Fields<'n> {
    struct_name: &'static str,
    pos: Pos,
    fields: Vec<Option<&'n Field>>,
    allowed: &'static [&'static str],
}

impl<'n> Fields<'n> {
    pub(super) fn of(
        node: &'n Node,
        struct_name: &'static str,
        allowed: &'static [&'static str],
        ctx: &Context,
    ) -> Result<Self> {
        let fields = match &node.kind {
            Kind::Struct { name, fields } => {
                if let Some(name) = name
                    && name != struct_name
                {
                    return Err(ctx.error(
                        node.pos,
                        ReadErrorKind::WrongType,
                        format!("expected `{struct_name}(…)` here, found `{name}(…)`"),
                    ));
                }
                fields
            }
            other => {
                return Err(ctx.error(
                    node.pos,
                    ReadErrorKind::WrongType,
                    format!("expected `{struct_name}(…)` here, found {}", other.describe()),
                ));
            }
        };
        let mut seen = HashSet::new();
        for f in fields {
            if !allowed.contains(&f.name.as_str()) {
                return Err(ctx.error(
                    f.pos,
                    ReadErrorKind::UnknownField,
                    format!(
                        "unknown field `{}` in {struct_name}; the fields are: {}",
                        f.name,
                        allowed.join(", ")
                    ),
                ));
            }
            if !seen.insert(f.name.as_str()) {
                return Err(ctx.error(
                    f.pos,
                    ReadErrorKind::DuplicateField,
                    format!("`{}` is given twice in this {struct_name}", f.name),
                ));
            }
        }
        Ok(Self { struct_name, pos: node.pos, fields: fields.iter().map(Some).collect(), allowed })
    }

    pub(super) fn get(&mut self, name: &str) -> Option<&'n Field> {
        debug_assert!(self.allowed.contains(&name), "{name} is not declared");
        self.fields.iter_mut().find(|f| f.is_some_and(|f| f.name == name)).and_then(Option::take)
    }

    pub(super) fn require(&mut self, name: &str, ctx: &Context) -> Result<&'n Field> {
        let struct_name = self.struct_name;
        let pos = self.pos;
        self.get(name).ok_or_else(|| {
            ctx.error(
                pos,
                ReadErrorKind::MissingField,
                format!("this {struct_name} has no `{name}`, which it needs"),
            )
        })
    }
}

pub(super) fn wrong_type(ctx: &Context, field: &Field, expected: &str) -> ReadError {
    ctx.error(
        field.value.pos,
        ReadErrorKind::WrongType,
        format!("`{}` must be {expected}, found {}", field.name, field.value.kind.describe()),
    )
}

pub(super) fn string(field: &Field, ctx: &Context) -> Result<String> {
    match &field.value.kind {
        Kind::Str(s) => Ok(s.clone()),
        _ => Err(wrong_type(ctx, field, "text in quotes")),
    }
}

pub(super) fn boolean(field: &Field, ctx: &Context) -> Result<bool> {
    match field.value.kind {
        Kind::Bool(b) => Ok(b),
        _ => Err(wrong_type(ctx, field, "`true` or `false`")),
    }
}

pub(super) fn strings(field: &Field, ctx: &Context) -> Result<Vec<String>> {
    let Kind::List(items) = &field.value.kind else {
        return Err(wrong_type(ctx, field, "a list of texts, like [\"a\", \"b\"]"));
    };
    items
        .iter()
        .map(|item| match &item.kind {
            Kind::Str(s) => Ok(s.clone()),
            other => Err(ctx.error(
                item.pos,
                ReadErrorKind::WrongType,
                format!("`{}` must hold only texts in quotes, found {}", field.name, other.describe()),
            )),
        })
        .collect()
}

pub(super) fn list<'n>(field: &'n Field, ctx: &Context, what: &str) -> Result<&'n [Node]> {
    match &field.value.kind {
        Kind::List(items) => Ok(items),
        _ => Err(wrong_type(ctx, field, &format!("a list of {what}, in `[…]`"))),
    }
}

pub(super) fn id(node: &Node, field_name: &str, ctx: &Context) -> Result<TouchpointId> {
    match node.kind {
        Kind::Int(i) if i >= 1 && i <= i128::from(u32::MAX) => Ok(TouchpointId(i as u32)),
        Kind::Int(i) => Err(ctx.error(
            node.pos,
            ReadErrorKind::OutOfRange,
            format!("`{field_name}` must be a positive whole number (1 to {}), found {i}", u32::MAX),
        )),
        ref other => Err(ctx.error(
            node.pos,
            ReadErrorKind::WrongType,
            format!("`{field_name}` must be a positive whole number, found {}", other.describe()),
        )),
    }
}

pub(super) fn unit_variant<'a, T: Copy>(
    field: &Field,
    ctx: &Context,
    what: &str,
    variants: &'a [(&'a str, T)],
) -> Result<T> {
    let names = || variants.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ");
    match &field.value.kind {
        Kind::Ident(name) => variants.iter().find(|(n, _)| n == name).map(|(_, v)| *v).ok_or_else(|| {
            ctx.error(
                field.value.pos,
                ReadErrorKind::UnknownVariant,
                format!("unknown {what} `{name}`; expected one of {}", names()),
            )
        }),
        other => Err(ctx.error(
            field.value.pos,
            ReadErrorKind::WrongType,
            format!("`{}` must be one of {}, found {}", field.name, names(), other.describe()),
        )),
    }
}

pub(super) fn read_feeling(field: &Field, ctx: &Context) -> Result<Option<i8>> {
    let v = &field.value;
    let number = match &v.kind {
        Kind::Ident(n) if n == "None" => return Ok(None),
        Kind::Tuple { name: Some(n), items } if n == "Some" && items.len() == 1 => &items[0],
        Kind::Int(_) => v,
        other => {
            return Err(ctx.error(
                v.pos,
                ReadErrorKind::WrongType,
                format!("`feeling` must be Some(-2) to Some(2), or None, found {}", other.describe()),
            ));
        }
    };
    match number.kind {
        Kind::Int(f) if (-2..=2).contains(&f) => Ok(Some(f as i8)),
        Kind::Int(f) => {
            Err(ctx.error(number.pos, ReadErrorKind::OutOfRange, format!("feeling {f} is outside -2..=2")))
        }
        ref other => Err(ctx.error(
            number.pos,
            ReadErrorKind::WrongType,
            format!("a feeling is a whole number from -2 to 2, found {}", other.describe()),
        )),
    }
}

/// "proposal 4" when the node's id can be seen before it is read, else "proposal #2 (no id yet)".
pub(super) fn name_by_id(node: &Node, what: &str, index: usize) -> String {
    let peeked = match &node.kind {
        Kind::Struct { fields, .. } => {
            fields.iter().find(|f| f.name == "id").and_then(|f| match f.value.kind {
                Kind::Int(i) if i >= 1 && i <= i128::from(u32::MAX) => Some(i),
                _ => None,
            })
        }
        _ => None,
    };
    match peeked {
        Some(i) => format!("{what} {i}"),
        None => format!("{what} #{} (no id yet)", index + 1),
    }
}

/// Rule: proposal ids, and vote ids, are unique in their journey.
pub(super) fn unique_id(
    seen: &mut HashMap<u32, Pos>,
    id: u32,
    pos: Pos,
    what: &str,
    ctx: &Context,
) -> Result<()> {
    if let Some(first) = seen.insert(id, pos) {
        return Err(ctx.error(
            pos,
            ReadErrorKind::DuplicateId,
            format!("{what} id {id} is already used by the {what} at line {}", first.line),
        ));
    }
    Ok(())
}

pub(super) fn timestamp(field: &Field, ctx: &Context) -> Result<Timestamp> {
    let text = string(field, ctx)?;
    Timestamp::parse(&text).ok_or_else(|| {
        ctx.error(
            field.value.pos,
            ReadErrorKind::WrongType,
            format!("`at` must be a UTC time like \"2026-12-05T10:14:03Z\", found {text:?}"),
        )
    })
}
