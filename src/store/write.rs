//! Canonical writing: pretty, stable order, struct names written, defaults left out, one
//! touchpoint field per line — so saving an unchanged project gives identical bytes and a git
//! diff reads as a design diff.

use std::fmt::Write as _;

use crate::model::fields::{Field, Value};
use crate::model::{Conflict, Exchange, Journey, Project, ProposalStatus, Provider, ThreadOn, Touchpoint};

/// The canonical text of a project file.
pub fn write_project(project: &Project) -> String {
    let mut out = String::with_capacity(256 + 400 * touchpoint_count(project));
    out.push_str("Project(\n");
    let _ = writeln!(out, "    format: {},", project.file_format());
    let _ = writeln!(out, "    name: {},", quote(&project.name));
    out.push_str("    journeys: [\n");
    for journey in &project.journeys {
        write_journey(&mut out, journey);
    }
    out.push_str("    ],\n");
    write_conflicts(&mut out, &project.conflicts);
    out.push_str(")\n");
    out
}

fn touchpoint_count(project: &Project) -> usize {
    project.journeys.iter().map(|j| j.touchpoints.len()).sum()
}

pub(super) fn write_journey(out: &mut String, journey: &Journey) {
    out.push_str("        Journey(\n");
    let _ = writeln!(out, "            name: {},", quote(&journey.name));
    if !journey.persona.is_empty() {
        let _ = writeln!(out, "            persona: {},", quote(&journey.persona));
    }
    let _ = writeln!(out, "            lanes: {},", string_list(&journey.lanes));
    if journey.touchpoints.is_empty() {
        out.push_str("            touchpoints: [],\n");
    } else {
        out.push_str("            touchpoints: [\n");
        for tp in &journey.touchpoints {
            write_touchpoint(out, tp, journey.first_lane());
        }
        out.push_str("            ],\n");
    }
    if !journey.links.is_empty() {
        out.push_str("            links: [\n");
        for link in &journey.links {
            let _ = writeln!(out, "                Link(from: {}, to: {}),", link.from, link.to);
        }
        out.push_str("            ],\n");
    }
    write_room_data(out, journey);
    write_threads(out, journey);
    out.push_str("        ),\n");
}

/// Review threads (DESIGN.md §18), left out when there are none: one comment a line, so a git
/// diff shows each remark.
fn write_threads(out: &mut String, journey: &Journey) {
    if journey.threads.is_empty() {
        return;
    }
    out.push_str("            threads: [\n");
    for t in &journey.threads {
        let on = match t.on {
            ThreadOn::Touchpoint(id) => format!("Touchpoint({id})"),
            ThreadOn::Phase(p) => format!("Phase({})", p.file_name()),
            ThreadOn::Journey => "Journey".to_owned(),
        };
        let _ = write!(out, "                Thread(id: {}, on: {on}", t.id);
        if !t.about.is_empty() {
            let _ = write!(out, ", about: {}", quote(&t.about));
        }
        let _ = writeln!(out, ", resolved: {}, comments: [", t.resolved);
        for c in &t.comments {
            let _ = writeln!(
                out,
                "                    Comment(by: {}, at: \"{}\", text: {}),",
                quote(&c.by),
                c.at,
                quote(&c.text)
            );
        }
        out.push_str("                ]),\n");
    }
    out.push_str("            ],\n");
}

/// Proposals, votes and feeling answers (DESIGN.md §15), each left out when empty: one item a
/// line (one ballot a line), so a git diff shows each arrival and each decision.
fn write_room_data(out: &mut String, journey: &Journey) {
    const IND: &str = "                ";
    if !journey.proposals.is_empty() {
        out.push_str("            proposals: [\n");
        for p in &journey.proposals {
            let _ = write!(
                out,
                "{IND}Proposal(id: {}, title: {}, phase: {}",
                p.id,
                quote(&p.title),
                p.phase.file_name()
            );
            if let Some(lane) = &p.lane {
                let _ = write!(out, ", lane: Some({})", quote(lane));
            }
            if let Some(feeling) = p.feeling {
                let _ = write!(out, ", feeling: Some({feeling})");
            }
            let status = match p.status {
                ProposalStatus::Pending => "Pending".to_owned(),
                ProposalStatus::Accepted(id) => format!("Accepted({id})"),
                ProposalStatus::Dismissed => "Dismissed".to_owned(),
            };
            let _ = writeln!(out, ", from: {}, at: \"{}\", status: {status}),", p.from, p.at);
        }
        out.push_str("            ],\n");
    }
    if !journey.votes.is_empty() {
        out.push_str("            votes: [\n");
        for v in &journey.votes {
            let _ = write!(
                out,
                "{IND}Vote(id: {}, question: {}, dots: {}, open: {}, revealed: {}, ballots: [",
                v.id,
                quote(&v.question),
                v.dots,
                v.open,
                v.revealed
            );
            if v.ballots.is_empty() {
                out.push_str("]),\n");
            } else {
                out.push('\n');
                for b in &v.ballots {
                    let _ = writeln!(out, "{IND}    Ballot(from: {}, touchpoint: {}),", b.from, b.touchpoint);
                }
                let _ = writeln!(out, "{IND}]),");
            }
        }
        out.push_str("            ],\n");
    }
    if !journey.heard.is_empty() {
        out.push_str("            heard: [\n");
        for h in &journey.heard {
            let _ = writeln!(
                out,
                "{IND}Heard(from: {}, touchpoint: {}, feeling: {}),",
                h.from, h.touchpoint, h.feeling
            );
        }
        out.push_str("            ],\n");
    }
}

/// One touchpoint: its id, then each field of the model's table that is not at its default (the
/// required ones always), one a line.
fn write_touchpoint(out: &mut String, tp: &Touchpoint, first_lane: &str) {
    const IND: &str = "                    ";
    out.push_str("                Touchpoint(\n");
    let _ = writeln!(out, "{IND}id: {},", tp.id);
    for field in Field::ALL {
        if !field.is_default(tp, first_lane) {
            let _ = writeln!(out, "{IND}{}: {},", field.as_str(), value(&field.get(tp)));
        }
    }
    out.push_str("                ),\n");
}

/// A field's value as RON.
pub fn value(v: &Value<'_>) -> String {
    match v {
        Value::Text(t) => quote(t),
        Value::Phase(p) => p.file_name().to_owned(),
        Value::Day(d) => d.to_string(),
        Value::Channel(c) => c.file_name().to_owned(),
        Value::Provider(p) => provider(p),
        Value::Exchange(e) => exchange(*e),
        Value::Flag(f) => f.to_string(),
        Value::Tags(t) => string_list(t),
        Value::Feeling(Some(f)) => format!("Some({f})"),
        Value::Feeling(None) => "None".to_owned(),
    }
}

fn provider(p: &Provider) -> String {
    match p {
        Provider::Person(name) => format!("Person({})", quote(name)),
        Provider::Team(name) => format!("Team({})", quote(name)),
        Provider::Anyone => "Anyone".to_owned(),
        Provider::Automated => "Automated".to_owned(),
    }
}

fn exchange(e: Exchange) -> String {
    match e {
        Exchange::Neutral => "Neutral".to_owned(),
        other => format!("{}({})", other.file_name(), other.strength()),
    }
}

fn string_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// A RON string literal: quotes, backslashes and control characters escaped, the rest as is.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The `conflicts: [...]` of a project, one conflict a line; nothing when there are none.
fn write_conflicts(out: &mut String, conflicts: &[Conflict]) {
    if conflicts.is_empty() {
        return;
    }
    out.push_str("    conflicts: [\n");
    for c in conflicts {
        out.push_str("        Conflict(");
        if let Some(journey) = c.on.journey() {
            let _ = write!(out, "journey: {}, ", quote(journey));
        }
        if let Some(tp) = c.on.touchpoint() {
            let _ = write!(out, "touchpoint: {tp}, ");
        }
        let _ = writeln!(
            out,
            "field: {}, base: {}, ours: {}, theirs: {}),",
            quote(c.on.field_name()),
            quote(&c.base),
            quote(&c.ours),
            quote(&c.theirs)
        );
    }
    out.push_str("    ],\n");
}
