//! Teams through git (DESIGN.md §19): the three-way merge by identity as properties over
//! generated projects, conflicts recorded in the file and resolved by choosing a side, `rapport
//! diff` against §13's compare, and real git in temporary repositories — `rapport git-setup`,
//! branches merged by the driver, and `git diff` / `git log -p` reading as design changes.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use proptest::prelude::*;
use rapport::edit::{Document, Edit, resolve::resolve};
use rapport::merge::merge;
use rapport::model::conflicts::Side;
use rapport::model::{
    Comment, Conflict, ConflictOn, Exchange, Field, Journey, Link, Project, Provider, Thread, ThreadOn,
    Timestamp, Touchpoint, TouchpointId,
};
use rapport::samples;
use rapport::store::{read_project, write_project};

mod common;
use common::project_with_room as project;

fn merged(base: &Project, ours: &Project, theirs: &Project) -> Project {
    merge(base, ours, theirs).expect("the merge obeys every rule")
}

/// What a side did to one touchpoint of the first journey.
#[derive(Clone, Copy, Debug)]
enum Act {
    Keep,
    /// Set field `Field::ALL[f]` to the value the touchpoint `donor` places later has.
    Change(usize, usize),
    Delete,
}

fn act() -> impl Strategy<Value = Act> {
    prop_oneof![
        3 => Just(Act::Keep),
        3 => (0..Field::ALL.len(), 1..5usize).prop_map(|(f, d)| Act::Change(f, d)),
        1 => Just(Act::Delete),
    ]
}

/// `base` with the acts applied to its first journey's touchpoints; deleted touchpoints go
/// through the edit path, taking their links and what the room said about them.
fn acted(base: &Project, acts: &[Act]) -> Project {
    let mut p = base.clone();
    let j = &mut p.journeys[0];
    let n = j.touchpoints.len();
    let mut gone = Vec::new();
    for (i, a) in acts.iter().enumerate().take(n) {
        match *a {
            Act::Keep => {}
            Act::Change(f, d) => {
                let field = Field::ALL[f];
                let donor = base.journeys[0].touchpoints[(i + d) % n].clone();
                let value = field.get(&donor).into_owned();
                field.set(&mut j.touchpoints[i], value).expect("same kind");
            }
            Act::Delete => gone.push(j.touchpoints[i].id),
        }
    }
    if let Some(edit) = rapport::edit::build::delete_touchpoints(0, &p.journeys[0], &gone) {
        rapport::edit::apply(&mut p, &edit).expect("deletes");
    }
    p
}

/// The project as its file reads back, and its bytes written again are the same.
fn reads_back(p: &Project) -> Result<(), TestCaseError> {
    let text = write_project(p);
    let back = read_project(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
    prop_assert_eq!(write_project(&back), text.clone(), "canonical bytes");
    let mut expected = p.clone();
    expected.format = p.file_format();
    prop_assert_eq!(back, expected);
    Ok(())
}

fn sorted(conflicts: &[Conflict]) -> Vec<String> {
    let mut keys: Vec<String> = conflicts.iter().map(|c| format!("{c:?}")).collect();
    keys.sort();
    keys
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn merging_a_change_on_our_side_alone_gives_ours(base in project(), ours in project()) {
        prop_assert_eq!(merged(&base, &ours, &base), ours);
    }

    #[test]
    fn merging_a_change_on_their_side_alone_gives_theirs(base in project(), theirs in project()) {
        prop_assert_eq!(merged(&base, &base, &theirs), theirs);
    }

    #[test]
    fn merging_the_same_change_on_both_sides_gives_it(base in project(), both in project()) {
        prop_assert_eq!(merged(&base, &both, &both), both);
    }

    #[test]
    fn every_change_made_on_one_side_only_is_in_the_result(
        base in project(),
        acts in prop::collection::vec((act(), any::<bool>()), 0..25),
    ) {
        // Each touchpoint is acted on by one side only, chosen by the flag.
        let ours_acts: Vec<Act> = acts.iter().map(|(a, mine)| if *mine { *a } else { Act::Keep }).collect();
        let theirs_acts: Vec<Act> = acts.iter().map(|(a, mine)| if *mine { Act::Keep } else { *a }).collect();
        let (ours, theirs) = (acted(&base, &ours_acts), acted(&base, &theirs_acts));
        let m = merged(&base, &ours, &theirs);
        prop_assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        let j = &m.journeys[0];
        for (i, tp) in base.journeys[0].touchpoints.iter().enumerate() {
            let side = match acts.get(i) {
                Some((_, true)) => &ours,
                Some((_, false)) => &theirs,
                None => &base,
            };
            prop_assert_eq!(j.touchpoint(tp.id), side.journeys[0].touchpoint(tp.id), "touchpoint {}", tp.id);
        }
        for side in [&ours, &theirs] {
            for l in &side.journeys[0].links {
                if base.journeys[0].links.contains(l) && ours.journeys[0].links.contains(l) != theirs.journeys[0].links.contains(l) {
                    prop_assert!(!j.links.contains(l), "a link one side removed is gone");
                }
            }
        }
        reads_back(&m)?;
    }

    #[test]
    fn touchpoints_added_on_both_sides_are_all_kept_with_unique_ids_and_their_links_and_threads(
        base in project(),
        ours_added in 1..5usize,
        theirs_added in 1..5usize,
    ) {
        let (next, next_thread) = (base.next_touchpoint_id().0, base.next_thread_id());
        let add = |p: &Project, who: &str, k: usize| {
            let mut p = p.clone();
            let j = &mut p.journeys[0];
            let lane = j.lanes[0].clone();
            for i in 0..k {
                let id = TouchpointId(next + i as u32);
                j.touchpoints.push(Touchpoint::new(id, format!("{who} {i}"), rapport::model::Phase::LongTerm, 500, lane.clone()));
                if i > 0 {
                    j.links.push(Link { from: TouchpointId(next + i as u32 - 1), to: id });
                }
                let comment = Comment { by: who.to_owned(), at: Timestamp(1_800_000_000), text: format!("{who} {i}") };
                j.threads.push(Thread {
                    id: next_thread + i as u32,
                    on: ThreadOn::Touchpoint(id),
                    about: format!("{who} {i}"),
                    resolved: false,
                    comments: vec![comment],
                });
            }
            p
        };
        let (ours, theirs) = (add(&base, "ours", ours_added), add(&base, "theirs", theirs_added));
        let m = merged(&base, &ours, &theirs);
        prop_assert!(m.conflicts.is_empty());
        let j = &m.journeys[0];
        let ids: HashSet<TouchpointId> = j.touchpoints.iter().map(|t| t.id).collect();
        prop_assert_eq!(ids.len(), j.touchpoints.len(), "ids are unique");
        let by_title: HashMap<&str, TouchpointId> = j.touchpoints.iter().map(|t| (t.title.as_str(), t.id)).collect();
        for (who, k) in [("ours", ours_added), ("theirs", theirs_added)] {
            for i in 0..k {
                let Some(id) = by_title.get(format!("{who} {i}").as_str()) else {
                    return Err(TestCaseError::fail(format!("{who} {i} is missing")));
                };
                if i > 0 {
                    let before = by_title[format!("{who} {}", i - 1).as_str()];
                    prop_assert!(j.links.contains(&Link { from: before, to: *id }), "{}'s link follows its touchpoints", who);
                }
                let on: Vec<ThreadOn> = j.threads.iter().filter(|t| t.first_line() == format!("{who} {i}")).map(|t| t.on).collect();
                prop_assert_eq!(on, vec![ThreadOn::Touchpoint(*id)], "{}'s thread follows its touchpoint", who);
            }
        }
        // Ours keep their ids; theirs got new ones, above every id either side used.
        for i in 0..ours_added {
            prop_assert_eq!(by_title[format!("ours {i}").as_str()], TouchpointId(next + i as u32));
        }
        reads_back(&m)?;
    }

    #[test]
    fn swapping_ours_and_theirs_mirrors_the_conflicts(
        base in project(),
        ours_acts in prop::collection::vec(act(), 0..25),
        theirs_acts in prop::collection::vec(act(), 0..25),
    ) {
        let (ours, theirs) = (acted(&base, &ours_acts), acted(&base, &theirs_acts));
        let one = merged(&base, &ours, &theirs);
        let other = merged(&base, &theirs, &ours);
        let mirrored: Vec<Conflict> = other.conflicts.iter().map(Conflict::mirrored).collect();
        prop_assert_eq!(sorted(&one.conflicts), sorted(&mirrored));
        reads_back(&one)?;
        reads_back(&other)?;
    }

    #[test]
    fn a_merge_of_anything_reads_back_and_writes_canonical_bytes(
        base in project(),
        ours in project(),
        theirs in project(),
        ours_acts in prop::collection::vec(act(), 0..25),
        theirs_acts in prop::collection::vec(act(), 0..25),
    ) {
        reads_back(&merged(&base, &ours, &theirs))?;
        reads_back(&merged(&base, &acted(&base, &ours_acts), &acted(&base, &theirs_acts)))?;
    }

    #[test]
    fn choosing_a_side_for_every_conflict_leaves_none_and_undo_brings_them_back(
        base in project(),
        ours_acts in prop::collection::vec(act(), 0..25),
        theirs_acts in prop::collection::vec(act(), 0..25),
        sides in prop::collection::vec(prop::sample::select(Side::ALL.to_vec()), 25),
    ) {
        let m = merged(&base, &acted(&base, &ours_acts), &acted(&base, &theirs_acts));
        let mut doc = Document::new(m.clone(), None);
        let mut steps = 0;
        while !doc.project().conflicts.is_empty() {
            let side = sides[steps % sides.len()];
            let conflict = doc.project().conflicts[0].clone();
            let edit = resolve(doc.project(), 0, side).map_err(|e| TestCaseError::fail(e.to_string()))?;
            doc.apply(edit, None).map_err(|e| TestCaseError::fail(e.to_string()))?;
            steps += 1;
            if let ConflictOn::Field { journey, touchpoint, field } = &conflict.on
                && let Some(tp) = doc.project().journey(journey).and_then(|j| j.touchpoint(*touchpoint))
            {
                prop_assert_eq!(rapport::store::value_text(*field, tp), conflict.version(side));
            }
        }
        reads_back(doc.project())?;
        for _ in 0..steps {
            doc.undo().map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        prop_assert_eq!(doc.project(), &m, "each choice is one undo step");
    }
}

fn brightwatt() -> Project {
    read_project(samples::BRIGHTWATT.text).expect("the sample reads")
}

/// The project with one touchpoint of its first journey changed.
fn changed(p: &Project, id: u32, change: impl FnOnce(&mut Touchpoint)) -> Project {
    let mut p = p.clone();
    let tp = p.journeys[0].touchpoint_mut(TouchpointId(id)).expect("the touchpoint exists");
    change(tp);
    p
}

#[test]
fn a_field_changed_differently_on_both_sides_is_a_conflict_that_keeps_ours() {
    let base = brightwatt();
    let ours = changed(&base, 7, |t| t.exchange = Exchange::OrgTakes(1));
    let theirs = changed(&base, 7, |t| {
        t.exchange = Exchange::OrgGives(1);
        t.title = "Dispute call, goodwill credit".into();
    });
    let m = merged(&base, &ours, &theirs);
    let tp = m.journeys[0].touchpoint(TouchpointId(7)).expect("kept");
    assert_eq!(tp.exchange, Exchange::OrgTakes(1), "ours stands");
    assert_eq!(tp.title, "Dispute call, goodwill credit", "theirs' other change is taken");
    assert_eq!(
        m.conflicts,
        vec![Conflict {
            on: ConflictOn::Field {
                journey: "As-is".into(),
                touchpoint: TouchpointId(7),
                field: Field::Exchange
            },
            base: "OrgGives(2)".into(),
            ours: "OrgTakes(1)".into(),
            theirs: "OrgGives(1)".into(),
        }]
    );
    let text = write_project(&m);
    assert!(text.starts_with("Project(\n    format: 3,\n"), "{text}");
    assert!(text.contains(
        "    conflicts: [\n        Conflict(journey: \"As-is\", touchpoint: 7, field: \"exchange\", base: \"OrgGives(2)\", ours: \"OrgTakes(1)\", theirs: \"OrgGives(1)\"),\n    ],\n)\n"
    ));
    // Choosing theirs: one step, the field as theirs had it, no conflicts, and the file back at
    // format 1 byte for byte as a merge without the conflict would write it.
    let mut doc = Document::new(m, None);
    doc.apply(resolve(doc.project(), 0, Side::Theirs).expect("resolves"), None).expect("applies");
    let p = doc.project();
    assert_eq!(p.journeys[0].touchpoint(TouchpointId(7)).map(|t| t.exchange), Some(Exchange::OrgGives(1)));
    assert!(p.conflicts.is_empty());
    assert_eq!(write_project(p), write_project(&theirs));
}

#[test]
fn a_touchpoint_deleted_on_one_side_and_changed_on_the_other_is_a_conflict_to_keep_or_delete() {
    let base = brightwatt();
    let mut ours = base.clone();
    let gone =
        rapport::edit::build::delete_touchpoints(0, &ours.journeys[0], &[TouchpointId(6)]).expect("edit");
    rapport::edit::apply(&mut ours, &gone).expect("deletes");
    let theirs = changed(&base, 6, |t| t.provider = Provider::Team("Billing".into()));
    let m = merged(&base, &ours, &theirs);
    assert!(m.journeys[0].touchpoint(TouchpointId(6)).is_none(), "ours (deleted) stands");
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(
        m.conflicts[0].on,
        ConflictOn::Touchpoint { journey: "As-is".into(), touchpoint: TouchpointId(6) }
    );
    assert_eq!(m.conflicts[0].ours, "");
    let edit = resolve(&m, 0, Side::Theirs).expect("resolves");
    let mut kept = m.clone();
    rapport::edit::apply(&mut kept, &edit).expect("applies");
    let tp = kept.journeys[0].touchpoint(TouchpointId(6)).expect("theirs brings it back");
    assert_eq!(tp.provider, Provider::Team("Billing".into()));
    assert!(kept.conflicts.is_empty());
    // Mirrored: theirs deleted it, ours changed it; ours (kept, changed) stands.
    let m = merged(&base, &theirs, &ours);
    assert!(m.journeys[0].touchpoint(TouchpointId(6)).is_some());
    let mut deleted = m.clone();
    rapport::edit::apply(&mut deleted, &resolve(&m, 0, Side::Theirs).expect("resolves")).expect("applies");
    assert!(deleted.journeys[0].touchpoint(TouchpointId(6)).is_none());
}

#[test]
fn a_lane_renamed_on_one_side_renames_it_for_the_other_sides_touchpoints() {
    let base = brightwatt();
    let mut ours = base.clone();
    let lane = ours.journeys[0].lanes.iter().position(|l| l == "Digital").expect("lane");
    let edit = rapport::edit::build::rename_lane(0, &ours.journeys[0], lane, "Online").expect("edit");
    rapport::edit::apply(&mut ours, &edit).expect("renames");
    // Theirs adds a touchpoint in the old lane and moves another there.
    let mut theirs = changed(&base, 7, |t| t.lane = "Digital".into());
    let id = theirs.next_touchpoint_id();
    theirs.journeys[0].touchpoints.push(Touchpoint::new(
        id,
        "Smart meter app",
        rapport::model::Phase::LongTerm,
        400,
        "Digital",
    ));
    let m = merged(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let j = &m.journeys[0];
    assert!(!j.lanes.contains(&"Digital".to_owned()), "{:?}", j.lanes);
    assert_eq!(j.touchpoint(TouchpointId(7)).map(|t| t.lane.as_str()), Some("Online"));
    assert_eq!(j.touchpoint(id).map(|t| t.lane.as_str()), Some("Online"));
}

#[test]
fn a_conflicts_list_that_does_not_read_names_its_line() {
    let text = write_project(&brightwatt()).replace(
        "    ],\n)\n",
        "    ],\n    conflicts: [\n        Conflict(journey: \"As-is\", field: \"exchange\", base: \"\", ours: \"\", theirs: \"\"),\n    ],\n)\n",
    );
    let e = read_project(&text).expect_err("a field conflict needs its touchpoint");
    let line = text.lines().position(|l| l.contains("Conflict(")).expect("line") + 1;
    assert_eq!(e.line, line, "{e}");
    assert!(e.to_string().contains("needs a journey and a touchpoint"), "{e}");
}

fn comment(by: &str, minute: u64, text: &str) -> Comment {
    Comment { by: by.to_owned(), at: Timestamp(1_796_000_000 + minute * 60), text: text.to_owned() }
}

/// The sample with a thread (id 1) on touchpoint 7 and one (id 2) on the journey.
fn with_threads() -> Project {
    let mut p = brightwatt();
    p.journeys[0].threads = vec![
        Thread {
            id: 1,
            on: ThreadOn::Touchpoint(TouchpointId(7)),
            about: "Dispute call, bill fixed".into(),
            resolved: false,
            comments: vec![comment("Ann", 0, "Who takes this call?")],
        },
        Thread {
            id: 2,
            on: ThreadOn::Journey,
            about: String::new(),
            resolved: false,
            comments: vec![comment("Ann", 1, "Too long?")],
        },
    ];
    p
}

#[test]
fn threads_and_comments_merge_by_identity_with_replies_in_time_order() {
    let base = with_threads();
    let mut ours = base.clone();
    ours.journeys[0].threads[0].comments.push(comment("Priya", 20, "I do."));
    ours.journeys[0].threads.remove(1);
    ours.journeys[0].threads.push(Thread {
        id: 3,
        on: ThreadOn::Journey,
        about: String::new(),
        resolved: false,
        comments: vec![comment("Priya", 21, "Ours")],
    });
    let mut theirs = base.clone();
    theirs.journeys[0].threads[0].comments.push(comment("Sam", 10, "Billing, today."));
    theirs.journeys[0].threads[0].resolved = true;
    theirs.journeys[0].threads.push(Thread {
        id: 3,
        on: ThreadOn::Phase(rapport::model::Phase::LongTerm),
        about: String::new(),
        resolved: false,
        comments: vec![comment("Sam", 22, "Theirs")],
    });
    let m = merged(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    let threads = &m.journeys[0].threads;
    let first = threads.iter().find(|t| t.id == 1).expect("thread 1 stays");
    let said: Vec<&str> = first.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(said, ["Who takes this call?", "Billing, today.", "I do."], "both replies, in time order");
    assert!(first.resolved, "theirs resolved it");
    assert!(threads.iter().all(|t| t.id != 2), "ours deleted thread 2, which theirs left alone");
    let begun: Vec<(u32, &str)> =
        threads.iter().filter(|t| t.id != 1).map(|t| (t.id, t.first_line())).collect();
    assert_eq!(begun, [(3, "Ours"), (4, "Theirs")], "a thread both began with one id is two threads");
    let text = write_project(&m);
    assert!(text.contains("format: 3"), "{text}");
    assert_eq!(read_project(&text).expect("reads back"), m);

    // A comment edited differently on both sides keeps both versions.
    let mut ours = base.clone();
    ours.journeys[0].threads[0].comments[0].text = "Who takes it?".into();
    let mut theirs = base.clone();
    theirs.journeys[0].threads[0].comments[0].text = "Who answers?".into();
    let m = merged(&base, &ours, &theirs);
    let said: Vec<&str> = m.journeys[0].threads[0].comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(said, ["Who takes it?", "Who answers?"]);
}

#[test]
fn show_and_diff_read_threads_and_comments() {
    let old = with_threads();
    let shown = rapport::diff::show(&old);
    assert!(shown.contains("  thread #1 on “Dispute call, bill fixed” (touchpoint 7) · open\n"), "{shown}");
    assert!(shown.contains("    Ann, 2026-"), "{shown}");
    assert!(shown.contains(": Who takes this call?\n"), "{shown}");
    let mut new = old.clone();
    new.journeys[0].threads[0].comments.push(comment("Priya", 20, "I do."));
    new.journeys[0].threads[0].resolved = true;
    new.journeys[0].threads.remove(1);
    let d = rapport::diff::diff(&old, &new);
    let t = &d.journeys[0].threads;
    assert_eq!(t.removed.iter().map(|t| t.id).collect::<Vec<_>>(), [2]);
    assert_eq!(t.changed.len(), 1);
    assert_eq!(t.changed[0].comments_added.len(), 1);
    let text = rapport::diff::text(&d);
    assert!(
        text.contains(
            "  ~ thread #1 on “Dispute call, bill fixed” (touchpoint 7)\n      resolved\n      + Priya, "
        ),
        "{text}"
    );
    assert!(text.contains("  − thread #2 on the journey (1 comments)"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// `rapport diff` against §13's compare.

#[test]
fn diff_json_agrees_with_compare_on_the_same_pair_of_journeys() {
    let old = brightwatt();
    let to_be = old.journeys[1].clone();
    let mut new = old.clone();
    new.journeys[0] = Journey { name: "As-is".into(), ..to_be };
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b) = (dir.path().join("old.ron"), dir.path().join("new.ron"));
    std::fs::write(&a, write_project(&old)).expect("write");
    std::fs::write(&b, write_project(&new)).expect("write");
    let out = rapport(dir.path(), &["diff", path(&a), path(&b), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let diff: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let c = rapport::compare::compare(&old.journeys[0], &new.journeys[0]);
    let c: serde_json::Value = serde_json::from_str(&rapport::compare::json(&c)).expect("JSON");
    let j = &diff["journeys"][0];
    assert_eq!(j["mutuality"], c["mutuality"]);
    assert_eq!(j["continuity"], c["continuity"]);
    assert_eq!(j["classification"], c["classification"]);
    assert_eq!(j["findings"]["resolved"], c["findings"]["resolved"]);
    assert_eq!(j["findings"]["introduced"], c["findings"]["introduced"]);
    let ids = |v: &serde_json::Value| {
        v.as_array().expect("list").iter().map(|x| x["id"].clone()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&j["touchpoints"]["added"]), c["touchpoints"]["added"].as_array().expect("list").clone());
    assert_eq!(
        ids(&j["touchpoints"]["removed"]),
        c["touchpoints"]["removed"].as_array().expect("list").clone()
    );
    let changed: Vec<(serde_json::Value, Vec<serde_json::Value>)> = j["touchpoints"]["changed"]
        .as_array()
        .expect("list")
        .iter()
        .map(|t| {
            (
                t["id"].clone(),
                t["fields"].as_array().expect("list").iter().map(|f| f["field"].clone()).collect(),
            )
        })
        .collect();
    let expected: Vec<(serde_json::Value, Vec<serde_json::Value>)> = c["touchpoints"]["changed"]
        .as_array()
        .expect("list")
        .iter()
        .map(|t| (t["id"].clone(), t["fields"].as_array().expect("list").clone()))
        .collect();
    assert_eq!(changed, expected);
    assert!(!expected.is_empty(), "the pair differs");
    assert_eq!(j["touchpoints"]["unchanged"], c["touchpoints"]["unchanged"]);
}

#[test]
fn diff_says_each_changed_field_before_and_after_and_the_score_moves() {
    let old = brightwatt();
    let new = changed(&old, 7, |t| t.provider = Provider::Person("Priya".into()));
    let d = rapport::diff::text(&rapport::diff::diff(&old, &new));
    assert!(d.contains("~ #7 Dispute call, bill fixed: provider Billing team → Priya"), "{d}");
    assert!(d.contains("design mutuality 56 → 56 (0) · design continuity 58 → "), "{d}");
    assert_eq!(rapport::diff::text(&rapport::diff::diff(&old, &old)), "no changes\n");
}

// ---------------------------------------------------------------------------------------------
// Real git, in temporary repositories with their own config.

fn path(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

/// The folder of the rapport binary first on the PATH, so git's drivers find `rapport`.
fn path_with_rapport() -> std::ffi::OsString {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_rapport"));
    let dir = bin.parent().expect("the binary is in a folder").to_owned();
    let mut paths = vec![dir];
    paths.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    std::env::join_paths(paths).expect("paths join")
}

fn isolated(cmd: &mut Command, dir: &Path) {
    cmd.current_dir(dir)
        .env("PATH", path_with_rapport())
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap_or(dir))
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
}

fn git(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new("git");
    cmd.args(args);
    isolated(&mut cmd, dir);
    cmd.output().expect("git runs")
}

fn git_ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn rapport(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rapport"));
    cmd.args(args);
    isolated(&mut cmd, dir);
    cmd.output().expect("rapport runs")
}

/// A repository in `dir/repo` with its own user, `rapport git-setup` run, and the sample
/// committed as `project.ron` on `main`.
fn repository(dir: &Path) -> PathBuf {
    let repo = dir.join("repo");
    std::fs::create_dir(&repo).expect("folder");
    git_ok(&repo, &["init", "-q", "-b", "main"]);
    git_ok(&repo, &["config", "user.name", "Ann Designer"]);
    git_ok(&repo, &["config", "user.email", "ann@example.com"]);
    let out = rapport(&repo, &["git-setup"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    rapport::store::save(&repo.join("project.ron"), &brightwatt()).expect("saves");
    git_ok(&repo, &["add", "project.ron", ".gitattributes"]);
    git_ok(&repo, &["commit", "-q", "-m", "The Brightwatt journey"]);
    repo
}

/// On a new branch from main: one edit through the edit path, saved and committed.
fn branch_with(repo: &Path, branch: &str, change: impl FnOnce(&mut Touchpoint)) {
    git_ok(repo, &["checkout", "-q", "-b", branch, "main"]);
    let file = repo.join("project.ron");
    let mut doc = Document::new(rapport::store::load(&file).expect("loads"), Some(file.clone()));
    let before = doc.project().journeys[0].touchpoint(TouchpointId(7)).expect("exists").clone();
    let mut after = before.clone();
    change(&mut after);
    doc.apply(Edit::Touchpoint { journey: 0, before: Box::new(before), after: Box::new(after) }, None)
        .expect("applies");
    rapport::store::save(&file, doc.project()).expect("saves");
    git_ok(repo, &["commit", "-q", "-am", &format!("{branch}'s change")]);
}

#[test]
fn git_setup_writes_the_attributes_and_config_once_and_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = repository(dir.path());
    let attributes = std::fs::read_to_string(repo.join(".gitattributes")).expect("written");
    assert_eq!(attributes, "*.ron diff=rapport merge=rapport\n");
    assert_eq!(git_ok(&repo, &["config", "--local", "diff.rapport.textconv"]).trim(), "rapport show");
    assert_eq!(
        git_ok(&repo, &["config", "--local", "merge.rapport.driver"]).trim(),
        "rapport merge %O %A %B -o %A --path %P"
    );
    let again = rapport(&repo, &["git-setup"]);
    assert_eq!(again.status.code(), Some(0));
    let said = String::from_utf8_lossy(&again.stdout);
    assert_eq!(said.matches("already").count(), 4, "{said}");
    assert_eq!(std::fs::read_to_string(repo.join(".gitattributes")).expect("there"), attributes);
    // Another pattern is added beside the first.
    let out = rapport(&repo, &["git-setup", "--pattern", "designs/*.rapport"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(repo.join(".gitattributes")).expect("there"),
        "*.ron diff=rapport merge=rapport\ndesigns/*.rapport diff=rapport merge=rapport\n"
    );
    // Outside a repository: a clear message, nothing written.
    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).expect("folder");
    let out = rapport(&outside, &["git-setup"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("works inside a git repository"));
    assert!(!outside.join(".gitattributes").exists());
}

#[test]
fn git_merges_two_designers_branches_by_meaning_without_a_conflict() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = repository(dir.path());
    // Both change the same touchpoint, in different fields: a line merge of the RON would put
    // both edits in one hunk; the driver merges them field by field.
    branch_with(&repo, "priya", |t| t.provider = Provider::Person("Priya".into()));
    branch_with(&repo, "sam", |t| t.feeling = Some(1));
    git_ok(&repo, &["checkout", "-q", "priya"]);
    git_ok(&repo, &["merge", "-q", "--no-edit", "sam"]);
    let p = rapport::store::load(&repo.join("project.ron")).expect("the merge reads");
    let tp = p.journeys[0].touchpoint(TouchpointId(7)).expect("there");
    assert_eq!(tp.provider, Provider::Person("Priya".into()));
    assert_eq!(tp.feeling, Some(1));
    assert!(p.conflicts.is_empty());
    assert_eq!(rapport(&repo, &["check", "project.ron"]).status.code(), Some(0));
}

#[test]
fn a_real_conflict_leaves_git_in_conflict_with_the_conflict_recorded_in_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = repository(dir.path());
    branch_with(&repo, "priya", |t| t.exchange = Exchange::OrgGives(3));
    branch_with(&repo, "sam", |t| t.exchange = Exchange::OrgTakes(1));
    git_ok(&repo, &["checkout", "-q", "priya"]);
    let out = git(&repo, &["merge", "--no-edit", "sam"]);
    assert!(!out.status.success(), "git reports the conflict");
    assert!(git_ok(&repo, &["diff", "--name-only", "--diff-filter=U"]).contains("project.ron"));
    let text = std::fs::read_to_string(repo.join("project.ron")).expect("there");
    assert!(!text.contains("<<<<<<<"), "no text conflict markers: {text}");
    let p = read_project(&text).expect("the conflicted file reads");
    assert_eq!(p.journeys[0].touchpoint(TouchpointId(7)).map(|t| t.exchange), Some(Exchange::OrgGives(3)));
    assert_eq!(p.conflicts.len(), 1);
    assert_eq!(
        (p.conflicts[0].ours.as_str(), p.conflicts[0].theirs.as_str()),
        ("OrgGives(3)", "OrgTakes(1)")
    );
    let check = rapport(&repo, &["check", "project.ron"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains("1 merge conflicts"));
}

#[test]
fn git_diff_and_log_read_as_design_changes_not_ron() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = repository(dir.path());
    branch_with(&repo, "priya", |t| t.provider = Provider::Person("Priya".into()));
    let log = git_ok(&repo, &["log", "-p", "-1"]);
    assert!(
        log.contains("-    #7 Dispute call, bill fixed · day 100 · People · Phone · Billing team"),
        "{log}"
    );
    assert!(log.contains("+    #7 Dispute call, bill fixed · day 100 · People · Phone · Priya"), "{log}");
    assert!(log.contains("scores: design mutuality"), "{log}");
    assert!(!log.contains("Touchpoint("), "no RON: {log}");
    let file = repo.join("project.ron");
    let p = changed(&rapport::store::load(&file).expect("loads"), 2, |t| t.title = "Welcome visit".into());
    rapport::store::save(&file, &p).expect("saves");
    let diff = git_ok(&repo, &["diff"]);
    assert!(diff.contains("+    #2 Welcome visit · day 2"), "{diff}");
    assert!(!diff.contains("title:"), "no RON: {diff}");
}

/// The workbench on a file git left in conflict (DESIGN.md §19), driven through egui_kittest.
#[cfg(feature = "gui")]
mod workbench {
    use super::*;
    use egui::{Key, Modifiers};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;
    use rapport::app::files::{DialogAnswer, FileDialogs};
    use rapport::app::{AppOptions, RapportApp};

    struct NoDialogs;

    impl FileDialogs for NoDialogs {
        fn open(&mut self, _: Option<&Path>) -> DialogAnswer {
            DialogAnswer::Cancelled
        }
        fn save(&mut self, _: Option<&Path>, _: &str) -> DialogAnswer {
            DialogAnswer::Cancelled
        }
        fn export(&mut self, _: Option<&Path>, _: &str, _: rapport::export::Format) -> DialogAnswer {
            DialogAnswer::Cancelled
        }
    }

    fn open(file: PathBuf) -> Harness<'static, RapportApp> {
        let mut h = Harness::builder()
            .with_size([1440.0, 900.0])
            .with_max_steps(12)
            .with_step_dt(1.0 / 30.0)
            .build_eframe(move |cc| {
                RapportApp::new(
                    &cc.egui_ctx,
                    AppOptions {
                        file: Some(file),
                        config_dir: None,
                        dialogs: Box::new(NoDialogs),
                        recovery_dir: None,
                    },
                )
            });
        h.remove_cursor();
        h.run_steps(4);
        h
    }

    fn press(h: &mut Harness<'_, RapportApp>, modifiers: Modifiers, key: Key) {
        h.key_press_modifiers(modifiers, key);
        h.run_steps(3);
    }

    fn exchange(h: &Harness<'_, RapportApp>) -> Option<Exchange> {
        h.state().project().journeys[0].touchpoint(TouchpointId(7)).map(|t| t.exchange)
    }

    #[test]
    fn a_file_git_left_in_conflict_opens_with_its_conflicts_list_and_a_choice_is_one_undo_step() {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = repository(dir.path());
        branch_with(&repo, "priya", |t| t.exchange = Exchange::OrgGives(3));
        branch_with(&repo, "sam", |t| t.exchange = Exchange::OrgTakes(1));
        git_ok(&repo, &["checkout", "-q", "priya"]);
        assert!(!git(&repo, &["merge", "--no-edit", "sam"]).status.success(), "git is in conflict");
        let file = repo.join("project.ron");

        let mut h = open(file.clone());
        assert_eq!(
            h.state().status().map(|(s, _)| s.as_str()),
            Some("1 merge conflict waits for a choice: see Conflicts, on the right")
        );
        h.get_by_label("Conflicts (1)");
        h.get_by_label("Touchpoint 7's exchange in “As-is”");
        h.get_by_label("org gives 3");
        h.get_by_label("org takes 1");
        assert_eq!(exchange(&h), Some(Exchange::OrgGives(3)), "ours until a choice");

        // Clicking the conflict selects its card.
        h.get_by_label("Touchpoint 7's exchange in “As-is”").click();
        h.run_steps(3);
        assert_eq!(h.state().selection(), vec![TouchpointId(7)]);

        h.get_by_label("Keep theirs").click();
        h.run_steps(3);
        assert_eq!(exchange(&h), Some(Exchange::OrgTakes(1)));
        assert!(h.state().project().conflicts.is_empty());
        assert!(h.query_by_label("Conflicts (1)").is_none(), "the list goes with the last conflict");
        press(&mut h, Modifiers::COMMAND, Key::Z);
        assert_eq!(exchange(&h), Some(Exchange::OrgGives(3)), "one undo step");
        h.get_by_label("Conflicts (1)");
        h.get_by_label("Keep theirs").click();
        h.run_steps(3);

        // Saved without conflicts, the file is format 1 again, checks clean, and git can commit.
        press(&mut h, Modifiers::COMMAND, Key::S);
        for _ in 0..10 {
            h.state_mut().finish_work();
            h.run_steps(2);
            if !h.state().is_busy() {
                break;
            }
        }
        let text = std::fs::read_to_string(&file).expect("saved");
        assert!(text.starts_with("Project(\n    format: 1,\n"), "{text}");
        assert_eq!(rapport(&repo, &["check", "project.ron"]).status.code(), Some(0));
        git_ok(&repo, &["add", "project.ron"]);
        git_ok(&repo, &["commit", "-q", "--no-edit"]);
        let shown = git_ok(&repo, &["show", "HEAD:project.ron"]);
        assert_eq!(
            read_project(&shown).expect("reads").journeys[0].touchpoint(TouchpointId(7)).map(|t| t.exchange),
            Some(Exchange::OrgTakes(1))
        );
    }
}

#[test]
fn a_version_that_does_not_read_leaves_ours_in_the_file_and_git_in_conflict() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = repository(dir.path());
    branch_with(&repo, "priya", |t| t.exchange = Exchange::OrgGives(3));
    git_ok(&repo, &["checkout", "-q", "-b", "broken", "main"]);
    let file = repo.join("project.ron");
    let text = std::fs::read_to_string(&file).expect("there");
    std::fs::write(&file, text.replacen("journeys: [", "journeys: [ oops", 1)).expect("written");
    git_ok(&repo, &["commit", "-q", "-am", "Edited by hand"]);
    git_ok(&repo, &["checkout", "-q", "priya"]);
    let ours = std::fs::read(&file).expect("there");
    let out = git(&repo, &["merge", "--no-edit", "broken"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("theirs does not read"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(git_ok(&repo, &["diff", "--name-only", "--diff-filter=U"]).contains("project.ron"));
    assert_eq!(std::fs::read(&file).expect("there"), ours, "ours, untouched");
}
