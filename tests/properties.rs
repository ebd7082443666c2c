//! Properties over generated projects: files round-trip exactly, scores stay in 0..=100, and
//! no input makes the reader panic.

use proptest::prelude::*;
use rapport::model::{Journey, Link, Project, TouchpointId};
use rapport::score::analyse;
use rapport::store::{read_project, read_project_bytes, write_project};

mod common;
use common::{room_data, text, touchpoint};

fn journey() -> impl Strategy<Value = Journey> {
    let lanes = prop::collection::btree_set("[A-Z][a-z]{0,8}", 1..4)
        .prop_map(|s| s.into_iter().collect::<Vec<String>>())
        .prop_shuffle();
    (lanes, text(), text())
        .prop_flat_map(|(lanes, name, persona)| {
            let tps = prop::collection::vec(touchpoint(lanes.clone()), 0..25);
            let ids = prop::collection::vec(1..1000u32, 0..25);
            (
                Just(lanes),
                Just(name),
                Just(persona),
                tps,
                ids,
                prop::collection::vec((0..25usize, 0..25usize), 0..4),
            )
        })
        .prop_map(|(lanes, name, persona, mut touchpoints, ids, link_picks)| {
            // Unique positive ids: generated ones where they do not clash, else fresh ones.
            let mut used = std::collections::HashSet::new();
            let mut fresh = 1000;
            for (i, tp) in touchpoints.iter_mut().enumerate() {
                let wanted = ids.get(i).copied().unwrap_or(0);
                let id = if wanted > 0 && used.insert(wanted) {
                    wanted
                } else {
                    fresh += 1;
                    used.insert(fresh);
                    fresh
                };
                tp.id = TouchpointId(id);
            }
            let links = if touchpoints.len() < 2 {
                Vec::new()
            } else {
                link_picks
                    .into_iter()
                    .map(|(a, b)| (a % touchpoints.len(), b % touchpoints.len()))
                    .filter(|(a, b)| a != b)
                    .map(|(a, b)| Link { from: touchpoints[a].id, to: touchpoints[b].id })
                    .collect()
            };
            Journey { persona, lanes, touchpoints, links, ..Journey::new(name) }
        })
}

fn project() -> impl Strategy<Value = Project> {
    // Some journeys carry room data (proposals numbered across the project), some none.
    let journey = (journey(), any::<bool>())
        .prop_flat_map(|(j, room)| if room { room_data(j, 1).boxed() } else { Just(j).boxed() });
    (text(), prop::collection::vec(journey, 1..4)).prop_map(|(name, mut journeys)| {
        let mut next_proposal = 1;
        for (i, j) in journeys.iter_mut().enumerate() {
            j.name = format!("{} {i}", j.name);
            for p in &mut j.proposals {
                p.id = next_proposal;
                next_proposal += 1;
            }
        }
        let mut project = Project { format: 1, name, journeys, conflicts: Vec::new() };
        project.format = project.file_format();
        project
    })
}

fn in_range(x: f64) -> bool {
    !x.is_nan() && (0.0..=100.0).contains(&x)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_project_survives_write_then_read_and_rewrites_identically(p in project()) {
        let text = write_project(&p);
        let back = read_project(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&back, &p);
        prop_assert_eq!(write_project(&back), text);
    }

    #[test]
    fn a_file_is_format_2_exactly_when_it_holds_room_data(p in project()) {
        let text = write_project(&p);
        let has_room = p.journeys.iter().any(|j| !j.proposals.is_empty() || !j.votes.is_empty() || !j.heard.is_empty());
        let expected = if has_room { "    format: 2,\n" } else { "    format: 1,\n" };
        prop_assert!(text.contains(expected), "{}", text);
        prop_assert_eq!(has_room, text.contains("proposals: [") || text.contains("votes: [") || text.contains("heard: ["));
    }

    #[test]
    fn scores_stay_within_0_and_100_and_are_never_nan(j in journey()) {
        let a = analyse(&j);
        prop_assert!(in_range(a.mutuality.score), "mutuality {}", a.mutuality.score);
        prop_assert!(in_range(a.continuity.score), "continuity {}", a.continuity.score);
        for (_, part) in a.mutuality.parts().into_iter().chain(a.continuity.parts()) {
            prop_assert!(!part.value.is_nan() && (0.0..=1.0).contains(&part.value));
        }
        for p in &a.phases {
            prop_assert!(in_range(p.mutuality.score) && in_range(p.continuity.score));
        }
        prop_assert_eq!(a.trajectory.len(), j.touchpoints.len());
        for t in &a.trajectory {
            prop_assert!(in_range(t.mutuality) && in_range(t.continuity));
        }
        for f in &a.findings {
            for id in &f.touchpoints {
                prop_assert!(j.touchpoint(*id).is_some());
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_reader(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read_project_bytes(&bytes);
    }

    #[test]
    fn damaged_project_files_get_an_error_or_a_project_never_a_panic(
        p in project(),
        cut in any::<prop::sample::Index>(),
        insert in prop::sample::select(vec!["(", ")", "[", "]", ",", ":", "\"", "-1", "99999999999999999999999", "Some(", "/*", "r#\"", "\\u{", "\u{0}", "é"]),
    ) {
        let text = write_project(&p);
        let mut at = cut.index(text.len() + 1);
        while !text.is_char_boundary(at) { at -= 1; }
        let damaged = format!("{}{}{}", &text[..at], insert, &text[at..]);
        if let Err(e) = read_project(&damaged) {
            prop_assert!(!e.message.is_empty());
        }
        let truncated = &text[..at];
        let _ = read_project(truncated);
    }
}

// ---------------------------------------------------------------------------------------------
// The code's shape: no two source files import each other, directly or in a loop (a module and
// its own parent or child are one unit and do not count).

mod circles {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    type Module = Vec<String>;

    /// Every module of `src`, by path: `src/app/mod.rs` is `app`, `src/store/read.rs` is
    /// `store::read`.
    fn modules(dir: &Path, prefix: &[String], out: &mut BTreeMap<Module, String>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                let mut p = prefix.to_vec();
                p.push(name);
                modules(&path, &p, out);
            } else if let Some(stem) = name.strip_suffix(".rs") {
                if prefix.is_empty() && stem == "main" {
                    continue;
                }
                let mut m = prefix.to_vec();
                if !matches!(stem, "mod" | "lib") {
                    m.push(stem.to_owned());
                }
                out.insert(m, std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }

    /// The code without comments and without its unit tests.
    fn code(text: &str) -> String {
        let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
        text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
    }

    /// The paths of a `use` tree: `a::{b, c::{d, e}}` is `a::b`, `a::c::d`, `a::c::e`.
    fn expand(tree: &str) -> Vec<String> {
        let tree = tree.trim();
        let Some(open) = tree.find("::{") else {
            return vec![tree.split(" as ").next().unwrap_or(tree).trim().to_owned()];
        };
        let prefix = &tree[..open];
        let inner = tree[open + 3..].strip_suffix('}').unwrap_or(&tree[open + 3..]);
        let (mut parts, mut depth, mut current) = (Vec::new(), 0, String::new());
        for c in inner.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if c == ',' && depth == 0 {
                parts.push(std::mem::take(&mut current));
            } else {
                current.push(c);
            }
        }
        parts.push(current);
        let mut out = Vec::new();
        for part in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
            if part == "self" {
                out.push(prefix.to_owned());
            } else {
                out.extend(expand(part).into_iter().map(|p| format!("{prefix}::{p}")));
            }
        }
        out
    }

    /// The paths a file names: its `use` trees and every `crate::`, `super::` or `self::` path.
    fn paths(code: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = code;
        while let Some(at) = rest.find("use ") {
            let before = rest[..at].chars().last();
            let tail = &rest[at + 4..];
            let Some(end) = tail.find(';') else { break };
            if before.is_none_or(|c| !c.is_alphanumeric() && c != '_') {
                out.extend(expand(&tail[..end]));
            }
            rest = &tail[end..];
        }
        let bytes: Vec<char> = code.chars().collect();
        let mut i = 0;
        while i < bytes.len() {
            let starts = ["crate::", "super::", "self::"].iter().find(|s| {
                bytes[i..].iter().take(s.len()).copied().eq(s.chars())
                    && (i == 0 || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_'))
            });
            if starts.is_some() {
                let mut j = i;
                while j < bytes.len() && (bytes[j].is_alphanumeric() || bytes[j] == '_' || bytes[j] == ':') {
                    j += 1;
                }
                out.push(bytes[i..j].iter().collect::<String>().trim_end_matches(':').to_owned());
                i = j;
            } else {
                i += 1;
            }
        }
        out
    }

    /// The module a path names, from the file `here`: its longest known prefix.
    fn resolve(path: &str, here: &Module, known: &BTreeMap<Module, String>) -> Option<Module> {
        let mut segs = path.split("::").map(str::trim).filter(|s| !s.is_empty());
        let mut base: Module = match segs.next()? {
            "crate" => Vec::new(),
            first @ ("super" | "self") => {
                let mut b = here.clone();
                if first == "super" {
                    b.pop();
                }
                b
            }
            _ => return None,
        };
        for s in segs {
            match s {
                "super" => {
                    base.pop();
                }
                "self" => {}
                s => base.push(s.to_owned()),
            }
        }
        (0..=base.len()).rev().map(|n| base[..n].to_vec()).find(|m| known.contains_key(m))
    }

    #[test]
    fn no_two_source_files_import_each_other_directly_or_in_a_loop() {
        let mut known = BTreeMap::new();
        modules(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &[], &mut known);
        assert!(known.len() > 30, "the sources were found");
        let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
        for (m, text) in &known {
            for path in paths(&code(text)) {
                let Some(to) = resolve(&path, m, &known) else { continue };
                let related = to.starts_with(m) || m.starts_with(&to);
                if !related {
                    edges.entry(m.clone()).or_default().insert(to);
                }
            }
        }
        let reaches = |from: &Module, to: &Module| {
            let (mut seen, mut stack) = (BTreeSet::new(), vec![from.clone()]);
            while let Some(m) = stack.pop() {
                if &m == to {
                    return true;
                }
                if seen.insert(m.clone()) {
                    stack.extend(edges.get(&m).into_iter().flatten().cloned());
                }
            }
            false
        };
        let circles: Vec<String> = edges
            .iter()
            .flat_map(|(a, tos)| tos.iter().map(move |b| (a, b)))
            .filter(|(a, b)| reaches(b, a))
            .map(|(a, b)| format!("{} → {}", a.join("/"), b.join("/")))
            .collect();
        assert!(circles.is_empty(), "imports that come back round:\n{}", circles.join("\n"));
    }
}
