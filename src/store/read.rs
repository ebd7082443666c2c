//! From the parsed RON tree to a [`Project`], strictly: every error names the line, the column
//! and the journey/touchpoint at fault.

use std::collections::{HashMap, HashSet};

use super::read_room;
use super::read_threads;
use super::reading::{
    Context, Fields, Result, boolean, id, list, read_feeling, string, strings, unit_variant, wrong_type,
};
use super::syntax::{self, Field, Kind, Node, Pos};
use super::{ReadError, ReadErrorKind};
use crate::model::fields::{Field as ModelField, Kind as ValueKind, Value};
use crate::model::{
    Channel, DEFAULT_LANES, Exchange, FORMAT_VERSION, Journey, Link, Phase, Project, Provider, Touchpoint,
    TouchpointId,
};
use crate::rules;

/// Reads a project from the text of a file.
pub fn read_project(src: &str) -> Result<Project> {
    let root = match syntax::parse(src) {
        Ok(root) => root,
        Err(e) => {
            // A newer Rapport may write syntax this one does not know: say so rather than
            // report a confusing parse error.
            if let Some((format, pos)) = syntax::sniff_format(src) {
                check_format(format, pos)?;
            }
            let kind = if e.too_deep { ReadErrorKind::TooDeep } else { ReadErrorKind::Syntax };
            return Err(ReadError {
                line: e.pos.line,
                column: e.pos.column,
                context: None,
                kind,
                message: e.message,
            });
        }
    };
    let ctx = Context::default();
    let mut fields = Fields::of(&root, "Project", &["format", "name", "journeys", "conflicts"], &ctx)?;

    let format_field = fields.require("format", &ctx)?;
    let format = match format_field.value.kind {
        Kind::Int(n) => {
            check_format(n, format_field.value.pos)?;
            n as u32
        }
        _ => return Err(wrong_type(&ctx, format_field, "a whole number")),
    };

    let name = string(fields.require("name", &ctx)?, &ctx)?;
    let journeys_field = fields.require("journeys", &ctx)?;
    let journey_nodes = list(journeys_field, &ctx, "journeys")?;
    if journey_nodes.is_empty() {
        return Err(ctx.error(
            journeys_field.value.pos,
            ReadErrorKind::Invalid,
            "a project needs at least one journey",
        ));
    }
    let mut journeys = Vec::with_capacity(journey_nodes.len());
    let mut names: HashMap<String, Pos> = HashMap::new();
    let mut thread_ids: HashMap<u32, Pos> = HashMap::new();
    for (index, node) in journey_nodes.iter().enumerate() {
        let journey = read_journey(node, index, &mut thread_ids)?;
        if let Some(first) = names.get(&journey.name) {
            return Err(ctx.error(
                node.pos,
                ReadErrorKind::DuplicateName,
                format!(
                    "two journeys are called “{}” (the first at line {}); journey names must differ",
                    journey.name, first.line
                ),
            ));
        }
        names.insert(journey.name.clone(), node.pos);
        journeys.push(journey);
    }
    let conflicts = fields.get("conflicts").map(super::read_conflicts::read_conflicts).transpose()?;
    let project = Project { format, name, journeys, conflicts: conflicts.unwrap_or_default() };
    // Each rule was checked above where its value was read, to name the line; the rules the
    // editor enforces are checked once more as a whole, so the two can never drift apart.
    rules::check_project(&project).map_err(|broken| {
        use rules::Broken as B;
        let kind = match &broken {
            B::DuplicateJourney(_) | B::DuplicateLane { .. } => ReadErrorKind::DuplicateName,
            B::UnknownLane { .. } => ReadErrorKind::UnknownLane,
            B::DuplicateId { .. } => ReadErrorKind::DuplicateId,
            B::ZeroId { .. } | B::Strength { .. } | B::Feeling { .. } => ReadErrorKind::OutOfRange,
            B::LinkToNothing { .. } => ReadErrorKind::UnknownTouchpoint,
            B::NoJourney | B::NoLane { .. } | B::LinkToItself { .. } | B::Room { .. } => {
                ReadErrorKind::Invalid
            }
            B::RoomTouchpoint { .. } => ReadErrorKind::UnknownTouchpoint,
            B::DuplicateRoomId { .. } => ReadErrorKind::DuplicateId,
            B::RoomRange { .. } => ReadErrorKind::OutOfRange,
        };
        ReadError { line: 0, column: 0, context: None, kind, message: broken.to_string() }
    })?;
    Ok(project)
}

fn check_format(format: i128, pos: Pos) -> Result<()> {
    let error = |kind, message: String| ReadError {
        line: pos.line,
        column: pos.column,
        context: None,
        kind,
        message,
    };
    if format > i128::from(FORMAT_VERSION) {
        return Err(error(
            ReadErrorKind::NewerFormat,
            format!(
                "written by a newer Rapport (format {format}); this build reads formats 1 to {FORMAT_VERSION}"
            ),
        ));
    }
    if format < 1 {
        return Err(error(
            ReadErrorKind::OutOfRange,
            format!("format {format} does not exist; this build reads formats 1 to {FORMAT_VERSION}"),
        ));
    }
    Ok(())
}

const JOURNEY_FIELDS: &[&str] =
    &["name", "persona", "lanes", "touchpoints", "links", "proposals", "votes", "heard", "threads"];
/// A touchpoint's field names: `id` and the model's table of fields.
const TOUCHPOINT_FIELDS: &[&str] = &ModelField::FILE_NAMES;

pub(super) fn read_journey(node: &Node, index: usize, thread_ids: &mut HashMap<u32, Pos>) -> Result<Journey> {
    let mut ctx = Context { journey: Some(format!("#{}", index + 1)), touchpoint: None };
    let mut fields = Fields::of(node, "Journey", JOURNEY_FIELDS, &ctx)?;
    let name = string(fields.require("name", &ctx)?, &ctx)?;
    ctx.journey = Some(name.clone());
    let persona = fields.get("persona").map(|f| string(f, &ctx)).transpose()?.unwrap_or_default();

    let lanes = match fields.get("lanes") {
        None => DEFAULT_LANES.iter().map(|s| (*s).to_owned()).collect(),
        Some(f) => {
            let lanes = strings(f, &ctx)?;
            if lanes.is_empty() {
                return Err(ctx.error(
                    f.value.pos,
                    ReadErrorKind::Invalid,
                    "a journey needs at least one lane",
                ));
            }
            let mut seen = HashSet::new();
            for lane in &lanes {
                if !seen.insert(lane.as_str()) {
                    return Err(ctx.error(
                        f.value.pos,
                        ReadErrorKind::DuplicateName,
                        format!("the lane “{lane}” is listed twice"),
                    ));
                }
            }
            lanes
        }
    };

    let mut touchpoints = Vec::new();
    let mut id_positions: HashMap<TouchpointId, Pos> = HashMap::new();
    if let Some(f) = fields.get("touchpoints") {
        let nodes = list(f, &ctx, "touchpoints")?;
        touchpoints.reserve(nodes.len());
        for (i, tp_node) in nodes.iter().enumerate() {
            let (tp, id_pos) = read_touchpoint(tp_node, i, &lanes, &mut ctx)?;
            if let Some(first) = id_positions.get(&tp.id) {
                return Err(ctx.error(
                    id_pos,
                    ReadErrorKind::DuplicateId,
                    format!("id {} is already used by the touchpoint at line {}", tp.id, first.line),
                ));
            }
            id_positions.insert(tp.id, id_pos);
            touchpoints.push(tp);
        }
        ctx.touchpoint = None;
    }

    let mut links = Vec::new();
    if let Some(f) = fields.get("links") {
        for link_node in list(f, &ctx, "links")? {
            ctx.touchpoint = None;
            let mut lf = Fields::of(link_node, "Link", &["from", "to"], &ctx)?;
            let from_f = lf.require("from", &ctx)?;
            let to_f = lf.require("to", &ctx)?;
            let from = id(&from_f.value, "from", &ctx)?;
            ctx.touchpoint = Some(format!("link from {from}"));
            let to = id(&to_f.value, "to", &ctx)?;
            for (end, f) in [(from, from_f), (to, to_f)] {
                if !id_positions.contains_key(&end) {
                    return Err(ctx.error(
                        f.value.pos,
                        ReadErrorKind::UnknownTouchpoint,
                        format!("the link names touchpoint {end}, which this journey does not have"),
                    ));
                }
            }
            if from == to {
                return Err(ctx.error(
                    link_node.pos,
                    ReadErrorKind::Invalid,
                    format!("touchpoint {from} is linked to itself"),
                ));
            }
            links.push(Link { from, to });
        }
    }
    ctx.touchpoint = None;
    let ids = |id: TouchpointId| id_positions.contains_key(&id);
    let proposals = fields.get("proposals").map(|f| read_room::proposals(f, &ids, &mut ctx)).transpose()?;
    let votes = fields.get("votes").map(|f| read_room::votes(f, &ids, &mut ctx)).transpose()?;
    let heard = fields.get("heard").map(|f| read_room::heard(f, &ids, &mut ctx)).transpose()?;
    let threads =
        fields.get("threads").map(|f| read_threads::threads(f, thread_ids, &mut ctx)).transpose()?;
    Ok(Journey {
        name,
        persona,
        lanes,
        touchpoints,
        links,
        proposals: proposals.unwrap_or_default(),
        votes: votes.unwrap_or_default(),
        heard: heard.unwrap_or_default(),
        threads: threads.unwrap_or_default(),
    })
}

pub(super) fn read_touchpoint(
    node: &Node,
    index: usize,
    lanes: &[String],
    ctx: &mut Context,
) -> Result<(Touchpoint, Pos)> {
    // Name the touchpoint by its id in every error, even those found before `id` is read.
    let peeked_id = match &node.kind {
        Kind::Struct { fields, .. } => {
            fields.iter().find(|f| f.name == "id").and_then(|f| match f.value.kind {
                Kind::Int(i) if i >= 1 && i <= i128::from(u32::MAX) => Some(i),
                _ => None,
            })
        }
        _ => None,
    };
    ctx.touchpoint = Some(match peeked_id {
        Some(i) => format!("touchpoint {i}"),
        None => format!("touchpoint #{} (no id yet)", index + 1),
    });
    let mut fields = Fields::of(node, "Touchpoint", TOUCHPOINT_FIELDS, ctx)?;
    let id_field = fields.require("id", ctx)?;
    let id = id(&id_field.value, "id", ctx)?;
    ctx.touchpoint = Some(format!("touchpoint {id}"));
    let ctx = &*ctx;

    // Each field of the model's table in its order (so the first error is the first field's),
    // read as its kind; one left out keeps §3's default, and a required one left out is an error.
    let first_lane = lanes.first().cloned().unwrap_or_default();
    let mut tp = Touchpoint::new(id, String::new(), Phase::EarlyDays, 0, first_lane);
    for field in ModelField::ALL {
        let found = if field.required() {
            Some(fields.require(field.as_str(), ctx)?)
        } else {
            fields.get(field.as_str())
        };
        let Some(f) = found else { continue };
        let value = read_value(field.kind(), f, lanes, ctx)?;
        field
            .set(&mut tp, value)
            .map_err(|e| ctx.error(f.value.pos, ReadErrorKind::WrongType, e.to_string()))?;
    }
    Ok((tp, id_field.value.pos))
}

/// One field's value, read as its kind says.
pub(super) fn read_value(
    kind: ValueKind,
    f: &Field,
    lanes: &[String],
    ctx: &Context,
) -> Result<Value<'static>> {
    Ok(match kind {
        ValueKind::Text => Value::Text(string(f, ctx)?.into()),
        ValueKind::Lane => {
            let lane = string(f, ctx)?;
            if !lanes.contains(&lane) {
                return Err(ctx.error(
                    f.value.pos,
                    ReadErrorKind::UnknownLane,
                    format!("the lane “{lane}” is not one of this journey's lanes ({})", lanes.join(", ")),
                ));
            }
            Value::Text(lane.into())
        }
        ValueKind::Phase => {
            Value::Phase(unit_variant(f, ctx, "phase", &Phase::ALL.map(|p| (p.file_name(), p)))?)
        }
        ValueKind::Day => Value::Day(match f.value.kind {
            Kind::Int(d) if d < 0 => {
                return Err(ctx.error(
                    f.value.pos,
                    ReadErrorKind::OutOfRange,
                    format!(
                        "`day` counts days since the relationship began and cannot be negative, found {d}"
                    ),
                ));
            }
            Kind::Int(d) => u32::try_from(d).map_err(|_| {
                ctx.error(f.value.pos, ReadErrorKind::OutOfRange, format!("`day` {d} is too large"))
            })?,
            _ => return Err(wrong_type(ctx, f, "a whole number of days, 0 or more")),
        }),
        ValueKind::Channel => {
            Value::Channel(unit_variant(f, ctx, "channel", &Channel::ALL.map(|c| (c.file_name(), c)))?)
        }
        ValueKind::Provider => Value::Provider(std::borrow::Cow::Owned(read_provider(f, ctx)?)),
        ValueKind::Exchange => Value::Exchange(read_exchange(f, ctx)?),
        ValueKind::Flag => Value::Flag(boolean(f, ctx)?),
        ValueKind::Tags => Value::Tags(strings(f, ctx)?.into()),
        ValueKind::Feeling => Value::Feeling(read_feeling(f, ctx)?),
    })
}

fn read_provider(field: &Field, ctx: &Context) -> Result<Provider> {
    const EXPECTED: &str = "Person(\"Name\"), Team(\"Name\"), Anyone or Automated";
    let v = &field.value;
    match &v.kind {
        Kind::Ident(n) if n == "Anyone" => Ok(Provider::Anyone),
        Kind::Ident(n) if n == "Automated" => Ok(Provider::Automated),
        Kind::Tuple { name: Some(n), items } if n == "Person" || n == "Team" => {
            let [item] = items.as_slice() else {
                return Err(ctx.error(
                    v.pos,
                    ReadErrorKind::WrongType,
                    format!("`{n}(…)` takes one name in quotes"),
                ));
            };
            let Kind::Str(who) = &item.kind else {
                return Err(ctx.error(
                    item.pos,
                    ReadErrorKind::WrongType,
                    format!("`{n}(…)` takes a name in quotes, found {}", item.kind.describe()),
                ));
            };
            Ok(if n == "Person" { Provider::Person(who.clone()) } else { Provider::Team(who.clone()) })
        }
        Kind::Ident(n) | Kind::Tuple { name: Some(n), .. } | Kind::Struct { name: Some(n), .. } => Err(ctx
            .error(
                v.pos,
                ReadErrorKind::UnknownVariant,
                format!("unknown provider `{n}`; expected {EXPECTED}"),
            )),
        other => Err(ctx.error(
            v.pos,
            ReadErrorKind::WrongType,
            format!("`provider` must be {EXPECTED}, found {}", other.describe()),
        )),
    }
}

fn read_exchange(field: &Field, ctx: &Context) -> Result<Exchange> {
    const EXPECTED: &str = "OrgGives(s), OrgTakes(s), CustomerGives(s), CustomerTakes(s) or Neutral";
    let v = &field.value;
    let make: fn(u8) -> Exchange = match &v.kind {
        Kind::Ident(n) if n == "Neutral" => return Ok(Exchange::Neutral),
        Kind::Tuple { name: Some(n), .. } => match n.as_str() {
            "OrgGives" => Exchange::OrgGives,
            "OrgTakes" => Exchange::OrgTakes,
            "CustomerGives" => Exchange::CustomerGives,
            "CustomerTakes" => Exchange::CustomerTakes,
            _ => {
                return Err(ctx.error(
                    v.pos,
                    ReadErrorKind::UnknownVariant,
                    format!("unknown exchange `{n}`; expected {EXPECTED}"),
                ));
            }
        },
        Kind::Ident(n)
            if ["OrgGives", "OrgTakes", "CustomerGives", "CustomerTakes"].contains(&n.as_str()) =>
        {
            return Err(ctx.error(
                v.pos,
                ReadErrorKind::WrongType,
                format!("`{n}` needs a strength from 1 to 3, like {n}(2)"),
            ));
        }
        Kind::Ident(n) | Kind::Struct { name: Some(n), .. } => {
            return Err(ctx.error(
                v.pos,
                ReadErrorKind::UnknownVariant,
                format!("unknown exchange `{n}`; expected {EXPECTED}"),
            ));
        }
        other => {
            return Err(ctx.error(
                v.pos,
                ReadErrorKind::WrongType,
                format!("`exchange` must be {EXPECTED}, found {}", other.describe()),
            ));
        }
    };
    let Kind::Tuple { items, name } = &v.kind else {
        return Err(ctx.error(v.pos, ReadErrorKind::WrongType, "expected an exchange"));
    };
    let n = name.as_deref().unwrap_or_default();
    let [item] = items.as_slice() else {
        return Err(ctx.error(
            v.pos,
            ReadErrorKind::WrongType,
            format!("`{n}(…)` takes one strength, from 1 to 3"),
        ));
    };
    match item.kind {
        Kind::Int(s) if (1..=3).contains(&s) => Ok(make(s as u8)),
        Kind::Int(s) => {
            Err(ctx.error(item.pos, ReadErrorKind::OutOfRange, format!("strength {s} is outside 1..=3")))
        }
        ref other => Err(ctx.error(
            item.pos,
            ReadErrorKind::WrongType,
            format!("a strength is a whole number from 1 to 3, found {}", other.describe()),
        )),
    }
}
