//! The `rapport` command line: exit codes, the table and the JSON of DESIGN.md §10.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples").join(name)
}

fn rapport(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport")).args(args).output().expect("rapport runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn score_prints_the_brightwatt_numbers_as_a_table() {
    let path = sample("brightwatt.ron");
    let o = rapport(&["score", path.to_str().expect("utf-8 path"), "--journey", "As-is"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Brightwatt Energy — journey “As-is” (12 touchpoints)"), "{out}");
    assert!(out.contains("design mutuality    56"), "{out}");
    assert!(out.contains("design continuity   58"), "{out}");
    assert!(out.contains("both give        0.67   10/15"), "{out}");
    assert!(out.contains("same provider    0.29   3.5/12"), "{out}");
    assert!(out.contains("classification    relationship — Priya serves 3 of 4 human touchpoints"), "{out}");
    assert!(out.contains("findings (8)"), "{out}");
    assert!(out.contains("FEELING_DIP_UNANSWERED"), "{out}");
    assert!(out.contains("GIFT_NOT_RECIPROCATED"), "{out}");
    assert!(out.contains("5, 6"), "{out}");
    assert!(!out.contains("Anyone"), "only the named journey: {out}");
}

#[test]
fn score_without_a_journey_prints_every_journey() {
    let o = rapport(&["score", sample("brightwatt.ron").to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("journey “As-is”"));
    assert!(out.contains("journey “As-is, anyone serves”"));
    assert!(out.contains("pseudo_relationship"));
}

#[test]
fn score_json_has_the_shape_of_the_design_with_unrounded_numbers() {
    let o = rapport(&["score", sample("brightwatt.ron").to_str().expect("path"), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let journeys = v["journeys"].as_array().expect("journeys");
    assert_eq!(journeys.len(), 2);
    let j = &journeys[0];
    assert_eq!(j["name"], "As-is");
    let keys = |o: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = o.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(j), ["classification", "continuity", "findings", "mutuality", "name"]);
    assert_eq!(
        keys(&j["mutuality"]),
        ["both_give", "giving_climate", "learning", "reciprocation", "score", "two_way"]
    );
    assert_eq!(
        keys(&j["continuity"]),
        ["next_contact", "regularity", "same_provider", "score", "shared_history", "span"]
    );
    let m = j["mutuality"]["score"].as_f64().expect("number");
    assert!((m - 55.82).abs() < 0.01 && m != 55.82, "unrounded: {m}");
    assert!((j["continuity"]["score"].as_f64().expect("number") - 57.64).abs() < 0.01);
    assert!((j["mutuality"]["both_give"].as_f64().expect("number") - 10.0 / 15.0).abs() < 1e-12);
    assert_eq!(j["classification"], "relationship");
    let findings = j["findings"].as_array().expect("findings");
    assert_eq!(findings[0]["code"], "GIFT_NOT_RECIPROCATED");
    assert_eq!(findings[0]["severity"], "warning");
    assert_eq!(findings[0]["touchpoints"], serde_json::json!([5, 6]));
    assert!(findings[0].get("phase").is_none(), "phase only on phase findings");
    assert_eq!(findings[1]["code"], "LOYALTY_PENALTY");
    assert_eq!(findings[1]["phase"], "LongTerm");
    assert_eq!(journeys[1]["classification"], "pseudo_relationship");
}

#[test]
fn check_accepts_every_sample() {
    for name in ["brightwatt.ron", "mobile-network.ron", "high-street-bank.ron"] {
        let o = rapport(&["check", sample(name).to_str().expect("path")]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert!(stdout(&o).contains(": ok"));
    }
}

#[test]
fn a_bad_file_exits_1_with_the_place_on_stderr() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.ron");
    std::fs::write(&path, "Project(\n    format: 1,\n    name: 5,\n    journeys: [],\n)\n").expect("write");
    for cmd in ["check", "score"] {
        let o = rapport(&[cmd, path.to_str().expect("path")]);
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert!(err.contains("bad.ron: line 3, column 11: `name` must be text in quotes"), "{err}");
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn a_missing_file_exits_1() {
    let o = rapport(&["check", "/nonexistent/project.ron"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("does not exist"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(rapport(&["score"]).status.code(), Some(2));
    assert_eq!(rapport(&["score", "x.ron", "--bogus"]).status.code(), Some(2));
    assert_eq!(rapport(&["frobnicate", "x", "y"]).status.code(), Some(2));
    let o = rapport(&["score", sample("brightwatt.ron").to_str().expect("path"), "--journey", "To-be"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no journey called “To-be”; it has “As-is”, “As-is, anyone serves”"));
}

#[test]
fn help_and_version_exit_0() {
    let o = rapport(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("score"));
    assert_eq!(rapport(&["--version"]).status.code(), Some(0));
}

#[test]
fn without_a_display_the_workbench_says_so_in_one_line_and_names_the_commands_that_work() {
    let o = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("rapport runs");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    let expected = if cfg!(feature = "gui") { "no display found" } else { "no workbench" };
    assert!(err.contains(expected), "{err}");
    for command in ["score", "check", "export"] {
        assert!(err.contains(command), "{err}");
    }
    assert!(!err.contains('/') && !err.contains(".so"), "no library paths: {err}");
}

#[test]
fn errors_are_not_coloured_when_written_to_a_pipe() {
    let o = rapport(&["score"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains('\u{1b}'), "no terminal colour codes: {:?}", stderr(&o));
}
