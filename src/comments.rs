//! Review threads read out (DESIGN.md §18): the list `rapport comments` prints, as text a person
//! reads or as JSON, and the words every other place uses to say what a thread is on.
//!
//! Pure: a project in, text out.

use serde_json::{Value, json};

use crate::model::{Journey, Project, Thread, ThreadOn};

/// What a thread is on, as people read it: "“Estimated-arrears demand” (touchpoint 7)", "the
/// first disagreement", "the journey"; a card removed since says so.
pub fn on_words(journey: &Journey, thread: &Thread) -> String {
    match thread.on {
        ThreadOn::Touchpoint(id) => match journey.touchpoint(id) {
            Some(tp) => format!("“{}” (touchpoint {id})", tp.title),
            None if thread.about.is_empty() => format!("a removed card (touchpoint {id})"),
            None => format!("“{}”, a removed card (touchpoint {id})", thread.about),
        },
        ThreadOn::Phase(p) => format!("the {}", p.label().to_lowercase()),
        ThreadOn::Journey => "the journey".to_owned(),
    }
}

/// The threads to list, journey by journey: the open ones, or all (open first, then resolved).
fn chosen(project: &Project, all: bool) -> Vec<(&Journey, Vec<&Thread>)> {
    project
        .journeys
        .iter()
        .map(|j| {
            let mut threads: Vec<&Thread> = j.threads.iter().filter(|t| all || !t.resolved).collect();
            threads.sort_by_key(|t| (t.resolved, t.id));
            (j, threads)
        })
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

/// `rapport comments`: each journey's threads with every comment, author and time.
pub fn text(project: &Project, all: bool) -> String {
    let lists = chosen(project, all);
    let n: usize = lists.iter().map(|(_, t)| t.len()).sum();
    let what = if all { "thread" } else { "open thread" };
    let mut out = format!("“{}” — {n} {what}{}\n", project.name, if n == 1 { "" } else { "s" });
    for (journey, threads) in lists {
        out.push_str(&format!("\n{}\n", journey.name));
        for t in threads {
            let state = if t.resolved { "resolved" } else { "open" };
            out.push_str(&format!("  #{} on {} · {state}\n", t.id, on_words(journey, t)));
            for c in &t.comments {
                let at = c.at.to_string().replace('T', " ");
                let at = at.get(..16).unwrap_or(&at);
                let mut lines = c.text.lines();
                out.push_str(&format!("    {}, {at}: {}\n", c.by, lines.next().unwrap_or("")));
                for line in lines {
                    out.push_str(&format!("      {line}\n"));
                }
            }
        }
    }
    out
}

/// `rapport comments --json`: `{"project", "threads": [{"journey", "id", "on", "about", "removed",
/// "resolved", "comments": [{"by", "at", "text"}]}]}`.
pub fn json(project: &Project, all: bool) -> Value {
    let threads: Vec<Value> = chosen(project, all)
        .into_iter()
        .flat_map(|(journey, threads)| {
            threads.into_iter().map(move |t| {
                let (on, removed) = match t.on {
                    ThreadOn::Touchpoint(id) => {
                        (json!({ "touchpoint": id.0 }), journey.touchpoint(id).is_none())
                    }
                    ThreadOn::Phase(p) => (json!({ "phase": p.file_name() }), false),
                    ThreadOn::Journey => (json!("journey"), false),
                };
                let comments: Vec<Value> = t
                    .comments
                    .iter()
                    .map(|c| json!({ "by": c.by, "at": c.at.to_string(), "text": c.text }))
                    .collect();
                json!({
                    "journey": journey.name,
                    "id": t.id,
                    "on": on,
                    "about": t.about,
                    "removed": removed,
                    "resolved": t.resolved,
                    "comments": comments,
                })
            })
        })
        .collect();
    json!({ "project": project.name, "threads": threads })
}
