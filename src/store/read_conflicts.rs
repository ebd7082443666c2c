//! Merge conflicts in project files (DESIGN.md §19, format 3): the `conflicts` list after the
//! journeys, read strictly with the line of every fault.

use super::ReadErrorKind;
use super::reading::{Context, Fields, Result, id, list, string};
use super::syntax::Field;
use crate::model::conflicts::{ON_JOURNEY, ON_NAME, ON_PERSONA, ON_TOUCHPOINT};
use crate::model::fields::Field as ModelField;
use crate::model::{Conflict, ConflictOn};

const CONFLICT_FIELDS: &[&str] = &["journey", "touchpoint", "field", "base", "ours", "theirs"];

/// The project's `conflicts` field.
pub(super) fn read_conflicts(field: &Field) -> Result<Vec<Conflict>> {
    let mut ctx = Context::default();
    let nodes = list(field, &ctx, "conflicts")?;
    let mut out = Vec::with_capacity(nodes.len());
    for (i, node) in nodes.iter().enumerate() {
        ctx.journey = None;
        let mut f = Fields::of(node, "Conflict", CONFLICT_FIELDS, &ctx)?;
        let journey = f.get("journey").map(|j| string(j, &ctx)).transpose()?;
        ctx.journey = journey.clone();
        let touchpoint = f.get("touchpoint").map(|t| id(&t.value, "touchpoint", &ctx)).transpose()?;
        let what = f.require("field", &ctx)?;
        let name = string(what, &ctx)?;
        let versions = [
            string(f.require("base", &ctx)?, &ctx)?,
            string(f.require("ours", &ctx)?, &ctx)?,
            string(f.require("theirs", &ctx)?, &ctx)?,
        ];
        let bad = |message: String| ctx.error(what.value.pos, ReadErrorKind::Invalid, message);
        let on = match (name.as_str(), journey, touchpoint) {
            (ON_NAME, None, None) => ConflictOn::ProjectName,
            (ON_NAME, Some(journey), None) => ConflictOn::JourneyName { journey },
            (ON_PERSONA, Some(journey), None) => ConflictOn::Persona { journey },
            (ON_JOURNEY, Some(journey), None) => ConflictOn::Journey { journey },
            (ON_TOUCHPOINT, Some(journey), Some(touchpoint)) => {
                ConflictOn::Touchpoint { journey, touchpoint }
            }
            (other, Some(journey), Some(touchpoint)) => match ModelField::named(other) {
                Some(field) => ConflictOn::Field { journey, touchpoint, field },
                None => return Err(bad(format!("conflict #{}: `{other}` is not a touchpoint field", i + 1))),
            },
            (other, _, _) => {
                return Err(bad(format!(
                    "conflict #{}: a conflict on `{other}` needs {}",
                    i + 1,
                    needs(other)
                )));
            }
        };
        let [base, ours, theirs] = versions;
        out.push(Conflict { on, base, ours, theirs });
    }
    Ok(out)
}

/// What a conflict on `field` must name, for the message when it does not.
fn needs(field: &str) -> &'static str {
    match field {
        ON_NAME => "no touchpoint (with a journey for a journey's name, without for the project's)",
        ON_PERSONA | ON_JOURNEY => "a journey and no touchpoint",
        _ => "a journey and a touchpoint",
    }
}
