//! Reading a journey's review threads (DESIGN.md §18), strictly, with the line and column of
//! every fault: a thread needs at least one comment, a phase it is on must exist, a comment's
//! text is 1–2,000 characters. A thread on a touchpoint the journey no longer has is valid: it
//! is "on a removed card".

use std::collections::HashMap;

use super::ReadErrorKind;
use super::reading::{self as read, Context, Fields, Result, name_by_id, timestamp, unique_id};
use super::syntax::{Field, Kind, Node, Pos};
use crate::model::threads::MAX_COMMENT_CHARS;
use crate::model::{Comment, Phase, Thread, ThreadOn};

const THREAD_FIELDS: &[&str] = &["id", "on", "about", "resolved", "comments"];
const COMMENT_FIELDS: &[&str] = &["by", "at", "text"];

/// The threads of a journey; `seen` holds the thread ids of the journeys read before (ids are
/// unique in the project).
pub(super) fn threads(field: &Field, seen: &mut HashMap<u32, Pos>, ctx: &mut Context) -> Result<Vec<Thread>> {
    let nodes = read::list(field, ctx, "threads")?;
    let mut out = Vec::with_capacity(nodes.len());
    for (i, node) in nodes.iter().enumerate() {
        ctx.touchpoint = Some(name_by_id(node, "thread", i));
        let mut f = Fields::of(node, "Thread", THREAD_FIELDS, ctx)?;
        let id_field = f.require("id", ctx)?;
        let id = read::id(&id_field.value, "id", ctx)?.0;
        ctx.touchpoint = Some(format!("thread {id}"));
        unique_id(seen, id, id_field.value.pos, "thread", ctx)?;
        let on = on(f.require("on", ctx)?, ctx)?;
        let about = f.get("about").map(|f| read::string(f, ctx)).transpose()?.unwrap_or_default();
        let resolved = f.get("resolved").map(|f| read::boolean(f, ctx)).transpose()?.unwrap_or(false);
        let comments_field = f.require("comments", ctx)?;
        let comments = read::list(comments_field, ctx, "comments")?
            .iter()
            .map(|c| comment(c, ctx))
            .collect::<Result<Vec<Comment>>>()?;
        if comments.is_empty() {
            return Err(ctx.error(
                comments_field.value.pos,
                ReadErrorKind::Invalid,
                "a thread holds at least one comment".to_owned(),
            ));
        }
        out.push(Thread { id, on, about, resolved, comments });
    }
    ctx.touchpoint = None;
    Ok(out)
}

/// `Touchpoint(7)`, `Phase(FirstDisagreement)` or `Journey`.
fn on(field: &Field, ctx: &Context) -> Result<ThreadOn> {
    let v = &field.value;
    let wrong = |found: String| {
        ctx.error(
            v.pos,
            ReadErrorKind::WrongType,
            format!("`on` must be Touchpoint(id), Phase(EarlyDays | FirstDisagreement | LongTerm) or Journey, found {found}"),
        )
    };
    match &v.kind {
        Kind::Ident(n) if n == "Journey" => Ok(ThreadOn::Journey),
        Kind::Tuple { name: Some(n), items } if n == "Touchpoint" && items.len() == 1 => {
            Ok(ThreadOn::Touchpoint(read::id(&items[0], "on", ctx)?))
        }
        Kind::Tuple { name: Some(n), items } if n == "Phase" && items.len() == 1 => match &items[0].kind {
            Kind::Ident(p) => {
                Phase::ALL.into_iter().find(|x| x.file_name() == p).map(ThreadOn::Phase).ok_or_else(|| {
                    ctx.error(
                        items[0].pos,
                        ReadErrorKind::UnknownVariant,
                        format!(
                            "unknown phase `{p}`; expected one of EarlyDays, FirstDisagreement, LongTerm"
                        ),
                    )
                })
            }
            other => Err(wrong(format!("Phase({})", other.describe()))),
        },
        other => Err(wrong(other.describe())),
    }
}

fn comment(node: &Node, ctx: &Context) -> Result<Comment> {
    let mut f = Fields::of(node, "Comment", COMMENT_FIELDS, ctx)?;
    let by = read::string(f.require("by", ctx)?, ctx)?;
    let at = timestamp(f.require("at", ctx)?, ctx)?;
    let text_field = f.require("text", ctx)?;
    let text = read::string(text_field, ctx)?;
    let chars = text.chars().count();
    if text.trim().is_empty() || chars > MAX_COMMENT_CHARS {
        return Err(ctx.error(
            text_field.value.pos,
            ReadErrorKind::OutOfRange,
            format!("a comment's text is 1 to {MAX_COMMENT_CHARS} characters, found {chars}"),
        ));
    }
    Ok(Comment { by, at, text })
}
