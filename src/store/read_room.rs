//! Reading a journey's room data (DESIGN.md §15): proposals, votes and feeling answers, strictly,
//! with the line and column of every fault.
//!
//! Each rule is checked here where its value is read, to name the line and the column; the
//! same rules, for the editor too, are [`crate::rules::check_room`], which the reader then runs
//! as a net over the whole project.

use std::collections::HashMap;

use super::reading::{self as read, Context, Fields, Result, name_by_id, timestamp, unique_id};
use super::syntax::{Field, Kind, Pos};
use super::{ReadError, ReadErrorKind};
use crate::model::{
    Ballot, Heard, MAX_VOTE_DOTS, Participant, Phase, Proposal, ProposalStatus, TouchpointId, Vote,
};

const PROPOSAL_FIELDS: &[&str] = &["id", "title", "phase", "lane", "feeling", "from", "at", "status"];
const VOTE_FIELDS: &[&str] = &["id", "question", "dots", "open", "revealed", "ballots"];
const BALLOT_FIELDS: &[&str] = &["from", "touchpoint"];
const HEARD_FIELDS: &[&str] = &["from", "touchpoint", "feeling"];

/// The proposals of a journey whose touchpoint ids pass `exists`.
pub(super) fn proposals(
    field: &Field,
    exists: &dyn Fn(TouchpointId) -> bool,
    ctx: &mut Context,
) -> Result<Vec<Proposal>> {
    let nodes = read::list(field, ctx, "proposals")?;
    let mut out = Vec::with_capacity(nodes.len());
    let mut seen: HashMap<u32, Pos> = HashMap::new();
    for (i, node) in nodes.iter().enumerate() {
        ctx.touchpoint = Some(name_by_id(node, "proposal", i));
        let mut f = Fields::of(node, "Proposal", PROPOSAL_FIELDS, ctx)?;
        let id_field = f.require("id", ctx)?;
        let id = read::id(&id_field.value, "id", ctx)?.0;
        ctx.touchpoint = Some(format!("proposal {id}"));
        unique_id(&mut seen, id, id_field.value.pos, "proposal", ctx)?;
        let title = read::string(f.require("title", ctx)?, ctx)?;
        let phase_field = f.require("phase", ctx)?;
        let phase = read::unit_variant(phase_field, ctx, "phase", &Phase::ALL.map(|p| (p.file_name(), p)))?;
        let lane = f.get("lane").map(|f| optional_string(f, ctx)).transpose()?.flatten();
        let feeling = f.get("feeling").map(|f| read::read_feeling(f, ctx)).transpose()?.flatten();
        let from = participant(f.require("from", ctx)?, ctx)?;
        let at = timestamp(f.require("at", ctx)?, ctx)?;
        let status = status(f.require("status", ctx)?, exists, ctx)?;
        out.push(Proposal { id, title, phase, lane, feeling, from, at, status });
    }
    ctx.touchpoint = None;
    Ok(out)
}

/// The votes of a journey; ballots must name touchpoints that pass `exists`.
pub(super) fn votes(
    field: &Field,
    exists: &dyn Fn(TouchpointId) -> bool,
    ctx: &mut Context,
) -> Result<Vec<Vote>> {
    let nodes = read::list(field, ctx, "votes")?;
    let mut out: Vec<Vote> = Vec::with_capacity(nodes.len());
    let mut seen: HashMap<u32, Pos> = HashMap::new();
    let mut open_at: Option<(u32, Pos)> = None;
    for (i, node) in nodes.iter().enumerate() {
        ctx.touchpoint = Some(name_by_id(node, "vote", i));
        let mut f = Fields::of(node, "Vote", VOTE_FIELDS, ctx)?;
        let id_field = f.require("id", ctx)?;
        let id = read::id(&id_field.value, "id", ctx)?.0;
        ctx.touchpoint = Some(format!("vote {id}"));
        unique_id(&mut seen, id, id_field.value.pos, "vote", ctx)?;
        let question = read::string(f.require("question", ctx)?, ctx)?;
        let dots_field = f.require("dots", ctx)?;
        let dots = dots_allowed(dots_field, ctx)?;
        let open = f.get("open").map(|f| read::boolean(f, ctx)).transpose()?.unwrap_or(false);
        if open {
            one_open_vote(open_at, id, node.pos, ctx)?;
            open_at = Some((id, node.pos));
        }
        let revealed = f.get("revealed").map(|f| read::boolean(f, ctx)).transpose()?.unwrap_or(false);
        let mut ballots = Vec::new();
        if let Some(bf) = f.get("ballots") {
            let mut per_participant: HashMap<Participant, u32> = HashMap::new();
            for b in read::list(bf, ctx, "ballots")? {
                let mut f = Fields::of(b, "Ballot", BALLOT_FIELDS, ctx)?;
                let from = participant(f.require("from", ctx)?, ctx)?;
                let touchpoint = known_touchpoint(f.require("touchpoint", ctx)?, exists, "ballot", ctx)?;
                let placed = per_participant.entry(from).or_default();
                *placed += 1;
                if *placed > dots {
                    return Err(ctx.error(
                        b.pos,
                        ReadErrorKind::Invalid,
                        format!("participant {from} has more than the {dots} dots this vote gives each"),
                    ));
                }
                ballots.push(Ballot { from, touchpoint });
            }
        }
        out.push(Vote { id, question, dots, open, revealed, ballots });
    }
    ctx.touchpoint = None;
    Ok(out)
}

/// The feeling answers of a journey: one per participant and touchpoint, about touchpoints that
/// pass `exists`.
pub(super) fn heard(
    field: &Field,
    exists: &dyn Fn(TouchpointId) -> bool,
    ctx: &mut Context,
) -> Result<Vec<Heard>> {
    let nodes = read::list(field, ctx, "feeling answers (`heard`)")?;
    let mut out = Vec::with_capacity(nodes.len());
    let mut seen: HashMap<(Participant, TouchpointId), Pos> = HashMap::new();
    ctx.touchpoint = None;
    for node in nodes {
        let mut f = Fields::of(node, "Heard", HEARD_FIELDS, ctx)?;
        let from = participant(f.require("from", ctx)?, ctx)?;
        let touchpoint = known_touchpoint(f.require("touchpoint", ctx)?, exists, "feeling answer", ctx)?;
        let feeling = plain_feeling(f.require("feeling", ctx)?, ctx)?;
        if let Some(first) = seen.insert((from, touchpoint), node.pos) {
            return Err(ctx.error(
                node.pos,
                ReadErrorKind::Invalid,
                format!(
                    "participant {from} answered for touchpoint {touchpoint} twice (the first at line {}); \
                     only the latest answer is kept",
                    first.line
                ),
            ));
        }
        out.push(Heard { from, touchpoint, feeling });
    }
    Ok(out)
}

/// Rule: a journey has at most one vote open.
fn one_open_vote(open: Option<(u32, Pos)>, id: u32, pos: Pos, ctx: &Context) -> Result<()> {
    match open {
        Some((first, first_pos)) => Err(ctx.error(
            pos,
            ReadErrorKind::Invalid,
            format!(
                "vote {id} is open while vote {first} (line {}) is open too; a journey has one open vote at a time",
                first_pos.line
            ),
        )),
        None => Ok(()),
    }
}

/// Rule: a vote gives each participant 1 to [`MAX_VOTE_DOTS`] dots.
fn dots_allowed(field: &Field, ctx: &Context) -> Result<u32> {
    match field.value.kind {
        Kind::Int(n) if n >= 1 && n <= i128::from(MAX_VOTE_DOTS) => Ok(n as u32),
        Kind::Int(n) => Err(ctx.error(
            field.value.pos,
            ReadErrorKind::OutOfRange,
            format!("`dots` must be from 1 to {MAX_VOTE_DOTS}, found {n}"),
        )),
        _ => Err(read::wrong_type(ctx, field, "a whole number of dots")),
    }
}

/// Rule: a ballot, a feeling answer or an accepted proposal names a touchpoint of its journey.
fn known_touchpoint(
    field: &Field,
    exists: &dyn Fn(TouchpointId) -> bool,
    what: &str,
    ctx: &Context,
) -> Result<TouchpointId> {
    let id = read::id(&field.value, &field.name, ctx)?;
    if exists(id) { Ok(id) } else { Err(missing_touchpoint(field.value.pos, id, what, ctx)) }
}

fn missing_touchpoint(pos: Pos, id: TouchpointId, what: &str, ctx: &Context) -> ReadError {
    ctx.error(
        pos,
        ReadErrorKind::UnknownTouchpoint,
        format!("the {what} names touchpoint {id}, which this journey does not have"),
    )
}

fn participant(field: &Field, ctx: &Context) -> Result<Participant> {
    read::id(&field.value, &field.name, ctx).map(|id| Participant(id.0))
}

/// `Some("People")`, `None`, or a bare string.
fn optional_string(field: &Field, ctx: &Context) -> Result<Option<String>> {
    let v = &field.value;
    match &v.kind {
        Kind::Ident(n) if n == "None" => Ok(None),
        Kind::Str(s) => Ok(Some(s.clone())),
        Kind::Tuple { name: Some(n), items } if n == "Some" && items.len() == 1 => match &items[0].kind {
            Kind::Str(s) => Ok(Some(s.clone())),
            other => Err(ctx.error(
                items[0].pos,
                ReadErrorKind::WrongType,
                format!("`{}` must be Some(\"…\") or None, found Some({})", field.name, other.describe()),
            )),
        },
        _ => Err(read::wrong_type(ctx, field, "Some(\"…\") or None")),
    }
}

/// A feeling written as a bare number (−2..=2), as feeling answers are.
fn plain_feeling(field: &Field, ctx: &Context) -> Result<i8> {
    match field.value.kind {
        Kind::Int(f) if (-2..=2).contains(&f) => Ok(f as i8),
        Kind::Int(f) => Err(ctx.error(
            field.value.pos,
            ReadErrorKind::OutOfRange,
            format!("feeling {f} is outside -2..=2"),
        )),
        _ => Err(read::wrong_type(ctx, field, "a whole number from -2 to 2")),
    }
}

fn status(field: &Field, exists: &dyn Fn(TouchpointId) -> bool, ctx: &Context) -> Result<ProposalStatus> {
    const EXPECTED: &str = "Pending, Accepted(touchpoint id) or Dismissed";
    let v = &field.value;
    match &v.kind {
        Kind::Ident(n) if n == "Pending" => Ok(ProposalStatus::Pending),
        Kind::Ident(n) if n == "Dismissed" => Ok(ProposalStatus::Dismissed),
        Kind::Tuple { name: Some(n), items } if n == "Accepted" => {
            let [item] = items.as_slice() else {
                return Err(ctx.error(
                    v.pos,
                    ReadErrorKind::WrongType,
                    "`Accepted(…)` takes one touchpoint id",
                ));
            };
            let id = read::id(item, "Accepted", ctx)?;
            if exists(id) {
                Ok(ProposalStatus::Accepted(id))
            } else {
                Err(missing_touchpoint(item.pos, id, "accepted proposal", ctx))
            }
        }
        Kind::Ident(n) if n == "Accepted" => Err(ctx.error(
            v.pos,
            ReadErrorKind::WrongType,
            "`Accepted` needs the touchpoint it became, like Accepted(12)",
        )),
        Kind::Ident(n) | Kind::Tuple { name: Some(n), .. } | Kind::Struct { name: Some(n), .. } => Err(ctx
            .error(
                v.pos,
                ReadErrorKind::UnknownVariant,
                format!("unknown status `{n}`; expected {EXPECTED}"),
            )),
        _ => Err(read::wrong_type(ctx, field, EXPECTED)),
    }
}
