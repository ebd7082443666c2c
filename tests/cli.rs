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

fn project_with_journeys(dir: &Path, names: &[&str]) -> PathBuf {
    let journeys: String = names
        .iter()
        .map(|n| format!("        Journey(name: \"{n}\", lanes: [\"Customer\"], touchpoints: []),\n"))
        .collect();
    let path = dir.join("journeys.ron");
    std::fs::write(
        &path,
        format!("Project(\n    format: 1,\n    name: \"P\",\n    journeys: [\n{journeys}    ],\n)\n"),
    )
    .expect("write");
    path
}

#[test]
fn compare_prints_the_first_journey_against_the_second_as_a_table() {
    let o = rapport(&["compare", sample("brightwatt.ron").to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Brightwatt Energy — “As-is” → “As-is, anyone serves” (12 → 12 touchpoints)"),
        "{out}"
    );
    // Rounded as in the score table; the change is the difference of the numbers shown.
    assert!(out.contains("  design mutuality        56 → 56          0\n"), "{out}");
    assert!(out.contains("  design continuity       58 → 52         −6\n"), "{out}");
    assert!(out.contains("    same provider       0.29 → 0.00    −0.29\n"), "{out}");
    assert!(out.contains("    both give           0.67 → 0.67     0.00\n"), "{out}");
    assert!(out.contains("  classification      relationship → pseudo_relationship\n"), "{out}");
    assert!(out.contains("findings: 2 resolved, 1 introduced, 6 persisting"), "{out}");
    let resolved = out.find("    resolved (2)").expect("resolved group");
    let introduced = out.find("    introduced (1)").expect("introduced group");
    let persisting = out.find("    persisting (6)").expect("persisting group");
    assert!(resolved < introduced && introduced < persisting, "{out}");
    let handoff = out.find("HANDOFF_AT_DISAGREEMENT").expect("resolved finding");
    let veneer = out.find("RELATIONAL_VENEER").expect("introduced finding");
    assert!(
        resolved < handoff && handoff < introduced && introduced < veneer && veneer < persisting,
        "{out}"
    );
    assert!(out.contains("2, 3, 8, 9, 10, 12"), "{out}");
    assert!(out.contains("touchpoints: 0 added, 0 removed, 4 changed, 8 unchanged"), "{out}");
    assert!(out.contains("      2     provider — Welcome call\n"), "{out}");
}

#[test]
fn compare_shows_added_touchpoints_and_gains_with_a_plus() {
    let o = rapport(&["compare", sample("mobile-network.ron").to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("touchpoints: 2 added, 0 removed, 16 changed, 0 unchanged"), "{out}");
    assert!(out.contains("      17    Amara calls to drop device charge\n"), "{out}");
    assert!(
        out.contains("      1     title, two_way, feeling, notes — Orders phone, shares usage & travel\n"),
        "{out}"
    );
    assert!(out.contains("plain_encounter → relationship"), "{out}");
    let mutuality = out.lines().find(|l| l.starts_with("  design mutuality")).expect("mutuality line");
    assert!(mutuality.split_whitespace().last().expect("change").starts_with('+'), "{mutuality}");
}

#[test]
fn compare_json_has_the_shape_of_the_design() {
    let o = rapport(&["compare", sample("mobile-network.ron").to_str().expect("path"), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let mut keys: Vec<&String> = v.as_object().expect("object").keys().collect();
    keys.sort();
    assert_eq!(keys, ["classification", "continuity", "findings", "from", "mutuality", "to", "touchpoints"]);
    assert_eq!((&v["from"], &v["to"]), (&serde_json::json!("As-is"), &serde_json::json!("To-be")));
    for (score, subs) in [
        ("mutuality", ["score", "both_give", "giving_climate", "reciprocation", "two_way", "learning"]),
        ("continuity", ["score", "same_provider", "regularity", "span", "shared_history", "next_contact"]),
    ] {
        assert_eq!(v[score].as_object().expect("object").len(), 6);
        for sub in subs {
            let c = &v[score][sub];
            let (from, to, delta) = (c["from"].as_f64(), c["to"].as_f64(), c["delta"].as_f64());
            let (from, to, delta) = (from.expect("from"), to.expect("to"), delta.expect("delta"));
            // serde_json's default parser may be off in the last bit, hence a tolerance.
            assert!((delta - (to - from)).abs() < 1e-9, "{score}.{sub}: {delta} = {to} − {from}");
        }
    }
    assert_eq!(v["classification"], serde_json::json!({"from": "plain_encounter", "to": "relationship"}));
    let findings = v["findings"].as_object().expect("findings");
    let mut groups: Vec<&String> = findings.keys().collect();
    groups.sort();
    assert_eq!(groups, ["introduced", "persisting", "resolved"]);
    let bill = v["findings"]["resolved"]
        .as_array()
        .expect("list")
        .iter()
        .find(|f| f["code"] == "FIRST_BILL_UNEXPLAINED")
        .expect("the first bill is explained in the to-be");
    assert_eq!(
        bill,
        &serde_json::json!({"code": "FIRST_BILL_UNEXPLAINED", "severity": "warning", "touchpoints": [5]})
    );
    assert_eq!(v["touchpoints"]["added"], serde_json::json!([17, 18]));
    assert_eq!(v["touchpoints"]["removed"], serde_json::json!([]));
    assert_eq!(
        v["touchpoints"]["changed"][0],
        serde_json::json!({"id": 1, "fields": ["title", "two_way", "feeling", "notes"]})
    );
    assert_eq!(v["touchpoints"]["unchanged"], 0);
}

#[test]
fn compare_from_and_to_choose_the_journeys_and_one_name_picks_the_other_of_two() {
    let path = sample("brightwatt.ron");
    let path = path.to_str().expect("path");
    let reversed = rapport(&["compare", path, "--from", "As-is, anyone serves", "--to", "As-is"]);
    assert_eq!(reversed.status.code(), Some(0), "{}", stderr(&reversed));
    let out = stdout(&reversed);
    assert!(out.contains("“As-is, anyone serves” → “As-is”"), "{out}");
    assert!(out.contains("pseudo_relationship → relationship"), "{out}");
    assert!(out.contains("design continuity       52 → 58         +6"), "{out}");
    let resolved = out.find("resolved (1)").expect("the veneer is resolved");
    assert!(out[resolved..].starts_with("resolved (1)\n      warning  RELATIONAL_VENEER"), "{out}");

    let only_to = rapport(&["compare", path, "--to", "As-is", "--json"]);
    assert_eq!(only_to.status.code(), Some(0), "{}", stderr(&only_to));
    let v: serde_json::Value = serde_json::from_slice(&only_to.stdout).expect("JSON");
    assert_eq!((v["from"].as_str(), v["to"].as_str()), (Some("As-is, anyone serves"), Some("As-is")));

    let itself = rapport(&["compare", path, "--from", "As-is", "--to", "As-is", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&itself.stdout).expect("JSON");
    assert_eq!(v["mutuality"]["score"]["delta"], 0.0);
    assert_eq!(v["touchpoints"]["unchanged"], 12);
}

#[test]
fn compare_with_an_unknown_or_missing_name_exits_2_naming_the_journeys() {
    let path = sample("brightwatt.ron");
    let o = rapport(&["compare", path.to_str().expect("path"), "--from", "To-be"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no journey called “To-be”; it has “As-is”, “As-is, anyone serves”"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());

    let dir = tempfile::tempdir().expect("tempdir");
    let three = project_with_journeys(dir.path(), &["As-is", "To-be", "Pilot"]);
    let three = three.to_str().expect("path");
    for args in [vec!["compare", three, "--to", "Pilot"], vec!["compare", three, "--from", "To-be"]] {
        let o = rapport(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: the rule pairs neither that way");
        let err = stderr(&o);
        assert!(err.contains("has 3 journeys (“As-is”, “To-be”, “Pilot”)"), "{err}");
        assert!(err.contains("--from NAME --to NAME"), "{err}");
        assert!(o.stdout.is_empty());
    }
    let o = rapport(&["compare", three, "--from", "Pilot", "--to", "To-be"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("“Pilot” → “To-be”"));

    let one = project_with_journeys(dir.path(), &["As-is"]);
    let o = rapport(&["compare", one.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("has 1 journey (“As-is”)"), "{}", stderr(&o));
}

#[test]
fn compare_of_three_journeys_picks_the_as_is_and_the_to_be_as_the_workbench_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let three = project_with_journeys(dir.path(), &["Pilot", "To-be", "As-is"]);
    let project =
        rapport::store::read_project(&std::fs::read_to_string(&three).expect("read")).expect("project");
    assert_eq!(rapport::compare::default_pair(&project, 0), Some((2, 1)), "the workbench's pair");
    let three = three.to_str().expect("path");
    for args in [
        vec!["compare", three],
        vec!["compare", three, "--from", "As-is"],
        vec!["compare", three, "--to", "To-be"],
    ] {
        let o = rapport(&args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).contains("“As-is” → “To-be”"), "{args:?}: {}", stdout(&o));
        assert!(
            stderr(&o).contains("has 3 journeys (“Pilot”, “To-be”, “As-is”); comparing “As-is” → “To-be” (choose others with --from NAME --to NAME)"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    let json = rapport(&["compare", three, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!((v["from"].as_str(), v["to"].as_str()), (Some("As-is"), Some("To-be")));

    // Two journeys listed to-be first: the as-is is still "from", as in the workbench.
    let two = project_with_journeys(dir.path(), &["To-be", "As-is"]);
    let o = rapport(&["compare", two.to_str().expect("path"), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!((v["from"].as_str(), v["to"].as_str()), (Some("As-is"), Some("To-be")));
    assert!(o.stderr.is_empty(), "two journeys: nothing to say");
}

#[test]
fn compare_of_a_bad_file_exits_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.ron");
    std::fs::write(&path, "Project(\n    format: 1,\n    name: 5,\n    journeys: [],\n)\n").expect("write");
    let o = rapport(&["compare", path.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.ron: line 3, column 11"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    assert_eq!(rapport(&["compare", "/nonexistent/project.ron"]).status.code(), Some(1));
}

#[test]
fn suggest_prints_brightwatts_best_single_edits_as_a_table() {
    let path = sample("brightwatt.ron");
    let o = rapport(&["suggest", path.to_str().expect("utf-8 path"), "--journey", "As-is"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Brightwatt Energy — journey “As-is” (12 touchpoints)"), "{out}");
    assert!(out.contains("now: design mutuality 56, design continuity 58, relationship"), "{out}");
    assert!(out.contains("top 5 of "), "{out}");
    assert!(out.contains("#    gain  mutuality  continuity  touchpoint"), "{out}");
    assert!(out.contains("7 “Dispute call, bill fixed” — same person"), "{out}");
    assert!(out.contains("resolves HANDOFF_AT_DISAGREEMENT, NEXT_CONTACT_BROKEN"), "{out}");
    assert!(out.contains("+7.05"), "{out}");
    let at = |text: &str| out.find(text).unwrap_or_else(|| panic!("no “{text}” in {out}"));
    assert!(
        at("Have Priya take “Dispute call, bill fixed”") < at("Answer “Estimated-arrears demand” by giving")
    );
    assert!(at("Answer “Estimated-arrears demand” by giving") < at("Say “Price rise"));
    assert!(out.contains("why: A relationship is repeated contact with the same provider"), "{out}");
    assert!(!out.contains("anyone serves"), "only the named journey: {out}");
}

#[test]
fn suggest_json_has_the_shape_of_the_design_with_unrounded_numbers() {
    let o = rapport(&["suggest", sample("brightwatt.ron").to_str().expect("path"), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.ends_with(b"}\n"), "pretty JSON with a trailing newline");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    let keys = |o: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = o.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&v), ["journeys"]);
    let journeys = v["journeys"].as_array().expect("journeys");
    assert_eq!(journeys.len(), 2);
    let j = &journeys[0];
    assert_eq!(keys(j), ["name", "suggestions"]);
    assert_eq!(j["name"], "As-is");
    let list = j["suggestions"].as_array().expect("suggestions");
    assert_eq!(list.len(), 5, "five unless --top says otherwise");
    assert_eq!(
        keys(&list[0]),
        ["classification", "continuity", "edit", "gain", "introduces", "mutuality", "resolves", "touchpoint"]
    );
    assert_eq!(list[0]["touchpoint"], 7);
    assert_eq!(list[0]["edit"], "same_person");
    assert_eq!(list[0]["classification"], "relationship");
    assert_eq!(list[0]["resolves"], serde_json::json!(["HANDOFF_AT_DISAGREEMENT", "NEXT_CONTACT_BROKEN"]));
    assert_eq!(list[0]["introduces"], serde_json::json!([]));
    assert_eq!((list[1]["touchpoint"].clone(), list[1]["edit"].clone()), (6.into(), "give_back".into()));
    let gain = list[1]["gain"].as_f64().expect("number");
    assert!((gain - 7.05).abs() < 0.01 && gain != 7.05, "unrounded: {gain}");
    let m = list[1]["mutuality"].as_f64().expect("number");
    assert!((m - (55.82 + 7.05)).abs() < 0.02, "mutuality after: {m}");
    assert_eq!(list[2]["edit"], "impersonal");
    assert_eq!(list[2]["resolves"], serde_json::json!(["PERSONALISED_TAKING"]));
    assert_eq!(journeys[1]["name"], "As-is, anyone serves");
    for s in journeys[1]["suggestions"].as_array().expect("suggestions") {
        assert_ne!(s["edit"], "same_person", "nobody serves twice: no primary person");
    }
}

#[test]
fn suggest_top_limits_each_journeys_list() {
    let path = sample("brightwatt.ron");
    let path = path.to_str().expect("path");
    let o = rapport(&["suggest", path, "--top", "1", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    for j in v["journeys"].as_array().expect("journeys") {
        assert_eq!(j["suggestions"].as_array().expect("list").len(), 1);
    }
    assert_eq!(v["journeys"][0]["suggestions"][0]["touchpoint"], 7);

    let o = rapport(&["suggest", path, "--journey", "As-is", "--top", "2"]);
    let out = stdout(&o);
    assert!(out.contains("top 2 of "), "{out}");
    assert!(out.contains("Have Priya take") && out.contains("Answer “Estimated-arrears demand”"), "{out}");
    assert!(!out.contains("Say “Price rise"), "{out}");

    let o = rapport(&["suggest", path, "--journey", "As-is", "--top", "1000", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert!(v["journeys"][0]["suggestions"].as_array().expect("list").len() > 5);
}

#[test]
fn suggest_exits_as_score_does() {
    let path = sample("brightwatt.ron");
    let path = path.to_str().expect("path");
    let o = rapport(&["suggest", path, "--journey", "To-be"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no journey called “To-be”; it has “As-is”, “As-is, anyone serves”"));
    assert!(o.stdout.is_empty());
    for top in ["0", "-1", "five", ""] {
        let o = rapport(&["suggest", path, "--top", top]);
        assert_eq!(o.status.code(), Some(2), "--top {top:?}");
        assert!(o.stdout.is_empty());
    }
    assert!(stderr(&rapport(&["suggest", path, "--top", "0"])).contains("at least 1"));
    assert_eq!(rapport(&["suggest"]).status.code(), Some(2));

    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "Project(\n    format: 1,\n    name: 5,\n    journeys: [],\n)\n").expect("write");
    let o = rapport(&["suggest", bad.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.ron: line 3, column 11"), "{}", stderr(&o));
    assert_eq!(rapport(&["suggest", "/nonexistent/project.ron"]).status.code(), Some(1));
}

#[test]
fn compare_after_deleting_a_to_be_card_and_adding_another_shows_one_removed_and_one_added() {
    use rapport::edit::{self, build};
    use rapport::model::{Phase, TouchpointId};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut project = rapport::store::read_project(rapport::samples::HIGH_STREET_BANK.text).expect("sample");
    let to = project.journeys.iter().position(|j| j.name == "To-be").expect("a to-be");
    // What the workbench does: delete the to-be's last card, then add one in its place.
    let gone = project.journeys[to].touchpoints.iter().map(|t| t.id).max().expect("cards");
    let delete = build::delete_touchpoints(to, &project.journeys[to], &[gone]).expect("deletes");
    edit::apply(&mut project, &delete).expect("applies");
    let new = build::NewTouchpoint {
        title: "Loyalty thank-you".into(),
        lane: 0,
        phase: Phase::LongTerm,
        placement: build::Placement::EmptyPhase,
    };
    let (add, added) = build::add_touchpoint(&project, to, &new).expect("adds");
    edit::apply(&mut project, &add).expect("applies");
    assert_ne!(added, gone, "a new card never takes the id of one deleted");
    assert!(added > TouchpointId(0));
    let file = dir.path().join("bank.ron");
    rapport::store::save(&file, &project).expect("save");

    let o = rapport(&["compare", file.to_str().expect("path"), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["touchpoints"]["added"], serde_json::json!([added.0]));
    assert_eq!(v["touchpoints"]["removed"], serde_json::json!([gone.0]));
    let changed = v["touchpoints"]["changed"].as_array().expect("changed");
    assert!(changed.iter().all(|c| c["id"] != serde_json::json!(gone.0)), "{changed:?}");
}

// Touchpoints as a table (DESIGN.md §17).

#[test]
fn export_writes_every_journey_as_a_table_and_import_makes_a_project_rapport_checks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let table = dir.path().join("brightwatt.csv");
    let project = dir.path().join("from-table.ron");
    let o = rapport(&[
        "export",
        sample("brightwatt.ron").to_str().expect("path"),
        "-o",
        table.to_str().expect("path"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("(2 journeys, 24 touchpoints)"), "{}", stdout(&o));
    let csv = std::fs::read_to_string(&table).expect("written");
    assert!(csv.starts_with("journey,id,title,phase,day,lane,channel,provider,exchange,strength,"), "{csv}");
    assert!(
        csv.contains("\r\nAs-is, anyone serves,") || csv.contains("\r\n\"As-is, anyone serves\","),
        "{csv}"
    );

    let o = rapport(&["import", table.to_str().expect("path"), "-o", project.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "no warnings: {}", stderr(&o));
    assert!(stdout(&o).contains("(“brightwatt”, 2 journeys, 24 touchpoints)"), "{}", stdout(&o));
    let o = rapport(&["check", project.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The same scores as the sample it came from.
    let scores = |path: &Path| stdout(&rapport(&["score", path.to_str().expect("path"), "--json"]));
    let (from_sample, from_table) = (scores(&sample("brightwatt.ron")), scores(&project));
    let journeys =
        |json: &str| serde_json::from_str::<serde_json::Value>(json).expect("json")["journeys"].clone();
    assert_eq!(journeys(&from_table), journeys(&from_sample));
}

#[test]
fn export_of_one_journey_writes_its_rows_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let table = dir.path().join("as-is.CSV");
    let file = sample("brightwatt.ron");
    let o = rapport(&[
        "export",
        file.to_str().expect("path"),
        "-o",
        table.to_str().expect("path"),
        "--journey",
        "As-is",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("(“As-is”, 12 touchpoints)"), "{}", stdout(&o));
    let csv = std::fs::read_to_string(&table).expect("written");
    assert_eq!(csv.lines().count(), 13);
    assert!(csv.lines().skip(1).all(|l| l.starts_with("As-is,")), "{csv}");
    let o = rapport(&[
        "export",
        file.to_str().expect("path"),
        "-o",
        table.to_str().expect("path"),
        "--journey",
        "To-be",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no journey called “To-be”"), "{}", stderr(&o));
}

#[test]
fn import_names_the_unknown_columns_once_and_takes_a_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let table = dir.path().join("inventory.csv");
    std::fs::write(
        &table,
        "\u{feff}Title;Phase;Owner;Two way;Status\nWelcome call;early;Sam;yes;done\nRenewal;long;Ann;;open\n",
    )
    .expect("write");
    let project = dir.path().join("inventory.ron");
    let o = rapport(&[
        "import",
        table.to_str().expect("path"),
        "-o",
        project.to_str().expect("path"),
        "--name",
        "Lumen inventory",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(
            "inventory.csv: ignored the columns \"Owner\" and \"Status\", which Rapport does not know"
        ),
        "{err}"
    );
    let written = std::fs::read_to_string(&project).expect("written");
    assert!(written.contains("name: \"Lumen inventory\""), "{written}");
    assert!(written.contains("name: \"Imported\""), "{written}");
    assert!(written.contains("two_way: true"), "{written}");
}

#[test]
fn a_bad_table_exits_1_naming_its_line_and_column_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let table = dir.path().join("TABLE.csv");
    let mut text = String::from("title,phase,day\n");
    for i in 2..14 {
        text += &format!("Card {i},early,{i}\n");
    }
    text += "Card 14,early,tomorrow\n";
    std::fs::write(&table, text).expect("write");
    let project = dir.path().join("project.ron");
    let o = rapport(&["import", table.to_str().expect("path"), "-o", project.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("TABLE.csv:14: column \"day\": \"tomorrow\" is not a whole number ≥ 0"), "{err}");
    assert!(o.stdout.is_empty());
    assert!(!project.exists(), "nothing written");
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1, "no temporary file left either");
}

#[test]
fn import_usage_and_unreadable_tables() {
    let dir = tempfile::tempdir().expect("tempdir");
    let table = dir.path().join("t.csv");
    std::fs::write(&table, "title,phase\nA,early\n").expect("write");
    let t = table.to_str().expect("path");
    let o = rapport(&["import", t, "-o", dir.path().join("p.txt").to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("must end in .ron"), "{}", stderr(&o));
    assert_eq!(rapport(&["import", t]).status.code(), Some(2), "no -o");
    let o =
        rapport(&["import", "/nonexistent/t.csv", "-o", dir.path().join("p.ron").to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));
    let o = rapport(&["import", t, "-o", "/nonexistent/folder/p.ron"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

/// The sample with one merge conflict on touchpoint 7's exchange (DESIGN.md §19).
fn with_a_conflict(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(sample("brightwatt.ron")).expect("sample").replacen(
        "\n)\n",
        "\n    conflicts: [\n        Conflict(journey: \"As-is\", touchpoint: 7, field: \"exchange\", base: \"OrgGives(2)\", ours: \"OrgGives(2)\", theirs: \"OrgTakes(1)\"),\n    ],\n)\n",
        1,
    );
    let text = text.replacen("format: 1,", "format: 3,", 1);
    let path = dir.join("merged.ron");
    std::fs::write(&path, text).expect("written");
    path
}

#[test]
fn check_exits_1_naming_each_merge_conflict_until_none_is_left() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = with_a_conflict(dir.path());
    let o = rapport(&["check", path.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("1 merge conflicts wait for a choice"), "{err}");
    assert!(err.contains("touchpoint 7's exchange in “As-is”"), "{err}");
    // The file reads: only the list stands between it and a clean check.
    let mut project = rapport::store::load(&path).expect("a file with conflicts reads");
    project.conflicts.clear();
    rapport::store::save(&path, &project).expect("saved");
    let o = rapport(&["check", path.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn merge_exits_0_when_clean_1_with_conflicts_recorded_and_2_leaving_out_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let base_text = std::fs::read_to_string(sample("brightwatt.ron")).expect("sample");
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("written");
        path.to_str().expect("path").to_owned()
    };
    let base = write("base.ron", &base_text);
    let priya = write(
        "priya.ron",
        &base_text.replacen("provider: Team(\"Billing\")", "provider: Person(\"Priya\")", 1),
    );
    let sam =
        write("sam.ron", &base_text.replacen("provider: Team(\"Billing\")", "provider: Person(\"Sam\")", 1));
    let renamed = write("renamed.ron", &base_text.replacen("Brightwatt Energy", "Brightwatt", 1));

    let out = dir.path().join("out.ron");
    let o = rapport(&["merge", &base, &priya, &renamed, "-o", out.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let merged = rapport::store::load(&out).expect("reads");
    assert_eq!(merged.name, "Brightwatt");
    assert!(merged.conflicts.is_empty());

    let o = rapport(&[
        "merge",
        &base,
        &priya,
        &sam,
        "-o",
        out.to_str().expect("path"),
        "--path",
        "designs/p.ron",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("designs/p.ron: merged with 1 conflicts"), "{}", stderr(&o));
    let merged = rapport::store::load(&out).expect("a merge with conflicts reads");
    assert_eq!(merged.conflicts.len(), 1);
    assert_eq!(merged.conflicts[0].theirs, "Person(\"Sam\")");

    let broken = write("broken.ron", "Project(format: 1,");
    let before = std::fs::read(&out).expect("there");
    let o = rapport(&["merge", &base, &priya, &broken, "-o", out.to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("theirs does not read"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&out).expect("there"), before, "OUT is left as it was");
}

#[test]
fn show_prints_a_line_per_touchpoint_and_each_journeys_scores() {
    let o = rapport(&["show", sample("brightwatt.ron").to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("Project “Brightwatt Energy”\n"), "{out}");
    assert!(out.contains("  scores: design mutuality 56 · design continuity 58 · relationship"), "{out}");
    assert!(
        out.contains("    #7 Dispute call, bill fixed · day 100 · People · Phone · Billing team"),
        "{out}"
    );
    let o = rapport(&["show", "/nonexistent/x.ron"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn comments_lists_the_open_threads_and_all_of_them_as_text_and_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("review.ron");
    let mut p = rapport::store::read_project(rapport::samples::DEFAULT.text).expect("reads");
    let card = p.journeys[0].touchpoints[0].clone();
    let at = rapport::model::Timestamp(1_765_102_500);
    let comment = |by: &str, text: &str| rapport::model::Comment { by: by.into(), at, text: text.into() };
    p.journeys[0].threads = vec![
        rapport::model::Thread {
            id: 1,
            on: rapport::model::ThreadOn::Touchpoint(card.id),
            about: card.title.clone(),
            resolved: false,
            comments: vec![comment("Ann", "Why automated?"), comment("Priya", "Legal asked.\nSee memo")],
        },
        rapport::model::Thread {
            id: 2,
            on: rapport::model::ThreadOn::Journey,
            about: String::new(),
            resolved: true,
            comments: vec![comment("Ann", "Settled")],
        },
    ];
    rapport::store::save(&file, &p).expect("saves");
    let f = file.to_str().expect("utf-8");
    let open = rapport(&["comments", f]);
    assert!(open.status.success(), "{}", stderr(&open));
    let text = stdout(&open);
    assert!(text.contains("1 open thread"), "{text}");
    assert!(text.contains(&format!("#1 on “{}”", card.title)), "{text}");
    assert!(
        text.contains("Ann, ") && text.contains("Why automated?") && text.contains("      See memo"),
        "{text}"
    );
    assert!(!text.contains("Settled"), "a resolved thread is left out: {text}");
    let all = stdout(&rapport(&["comments", f, "--all"]));
    assert!(all.contains("#2 on the journey · resolved") && all.contains("Settled"), "{all}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&rapport(&["comments", f, "--json"]))).expect("json");
    assert_eq!(json["threads"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["threads"][0]["on"]["touchpoint"], serde_json::json!(card.id.0));
    assert_eq!(json["threads"][0]["comments"][1]["by"], "Priya");
    assert_eq!(json["threads"][0]["removed"], false);
}

// Installed like a desktop application (DESIGN.md §20): the man pages, the completions, the
// package's files and `desktop-install`.

/// Whether a tool is installed; when it is not, the test says so and goes on without it, unless
/// RAPPORT_REQUIRE_TOOLS is set (CI sets it and installs the tools).
fn have(tool: &str, package: &str) -> bool {
    let found = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()));
    if !found {
        assert!(
            std::env::var_os("RAPPORT_REQUIRE_TOOLS").is_none(),
            "{tool} must be installed (package {package}; .ci/run installs it)"
        );
        println!("skipped: {tool} is not installed (package {package})");
    }
    found
}

/// The commands `--help` lists, from the same definition the binary parses with.
fn listed_commands() -> Vec<clap::Command> {
    use clap::CommandFactory;
    rapport::cli::Cli::command().get_subcommands().filter(|c| !c.is_hide_set()).cloned().collect()
}

/// Roff escapes a hyphen as `\-`.
fn roff(text: &str) -> String {
    text.replace('-', "\\-")
}

fn package_files(dir: &Path) -> PathBuf {
    let o = rapport(&["package-files", dir.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    dir.join("share")
}

#[test]
fn every_command_help_lists_is_in_the_man_pages_and_the_bash_zsh_and_fish_completions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let share = package_files(dir.path());
    let help = stdout(&rapport(&["--help"]));
    let man = std::fs::read_to_string(share.join("man/man1/rapport.1")).expect("rapport.1");
    let scripts: Vec<(&str, String)> = ["bash", "zsh", "fish"]
        .into_iter()
        .map(|shell| {
            let o = rapport(&["completions", shell]);
            assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
            (shell, stdout(&o))
        })
        .collect();
    let commands = listed_commands();
    let names: Vec<&str> = commands.iter().map(clap::Command::get_name).collect();
    for wanted in ["score", "check", "export", "desktop-install", "completions"] {
        assert!(names.contains(&wanted), "{wanted} is a command: {names:?}");
    }
    for command in &commands {
        let name = command.get_name();
        assert!(help.contains(&format!("  {name}")), "--help lists {name}: {help}");
        assert!(man.contains(&roff(&format!("rapport-{name}(1)"))), "rapport.1 names {name}");
        let page = std::fs::read_to_string(share.join(format!("man/man1/rapport-{name}.1")))
            .unwrap_or_else(|e| panic!("rapport-{name}.1: {e}"));
        for (shell, script) in &scripts {
            assert!(script.contains(name), "the {shell} completions know {name}");
        }
        for long in command.get_arguments().filter(|a| !a.is_hide_set()).filter_map(|a| a.get_long()) {
            assert!(page.contains(&roff(&format!("--{long}"))), "rapport-{name}.1 has --{long}");
            for (shell, script) in &scripts {
                let option = if *shell == "fish" { format!("-l {long}") } else { format!("--{long}") };
                assert!(script.contains(&option), "the {shell} completions know {name} --{long}");
            }
        }
    }
    // The packaging command is for `cargo deb`, not for users.
    assert!(!help.contains("package-files") && !man.contains("package\\-files"));
    assert!(!share.join("man/man1/rapport-package-files.1").exists());
}

#[test]
fn the_man_pages_are_well_formed_and_the_bash_completions_parse() {
    let dir = tempfile::tempdir().expect("tempdir");
    let share = package_files(dir.path());
    if have("groff", "groff-base") {
        for entry in std::fs::read_dir(share.join("man/man1")).expect("man1") {
            let page = entry.expect("entry").path();
            let o = Command::new("groff")
                .args(["-Kutf8", "-man", "-ww", "-z"])
                .arg(&page)
                .output()
                .expect("groff runs");
            assert!(o.status.success() && o.stderr.is_empty(), "{}: {}", page.display(), stderr(&o));
        }
    }
    if have("bash", "bash") {
        let script = share.join("bash-completion/completions/rapport");
        let o = Command::new("bash").arg("-n").arg(&script).output().expect("bash runs");
        assert!(o.status.success(), "bash -n: {}", stderr(&o));
    }
}

#[test]
fn the_package_files_hold_the_entry_icons_file_type_man_pages_and_completions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let share = package_files(dir.path());
    let entry = std::fs::read_to_string(share.join("applications/rapport.desktop")).expect("entry");
    assert!(entry.contains("\nExec=rapport %f\n"), "{entry}");
    assert!(entry.contains("\nExec=rapport --open\n"), "the Open project… action: {entry}");
    assert!(entry.contains("MimeType=application/x-rapport-project;"), "{entry}");
    assert!(entry.contains("Categories=Office;Chart;"), "{entry}");
    for size in [16, 22, 24, 32, 48, 64, 128, 256, 512] {
        let path = share.join(format!("icons/hicolor/{size}x{size}/apps/rapport.png"));
        let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&path).expect("png")));
        let info = decoder.read_info().expect("a PNG").info().clone();
        assert_eq!((info.width, info.height), (size, size), "{}", path.display());
    }
    for path in [
        "icons/hicolor/scalable/apps/rapport.svg",
        "mime/packages/rapport.xml",
        "bash-completion/completions/rapport",
        "zsh/vendor-completions/_rapport",
        "fish/vendor_completions.d/rapport.fish",
    ] {
        assert!(share.join(path).is_file(), "{path}");
    }
    if have("desktop-file-validate", "desktop-file-utils") {
        let o =
            Command::new("desktop-file-validate").arg(share.join("applications/rapport.desktop")).output();
        let o = o.expect("desktop-file-validate runs");
        assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
        assert!(!stdout(&o).contains("error"), "{}", stdout(&o));
    }
}

#[test]
fn open_asks_for_a_file_only_when_the_workbench_opens() {
    let o = rapport(&["--open", "check", sample("brightwatt.ron").to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = rapport(&["--open", sample("brightwatt.ron").to_str().expect("path")]);
    assert_eq!(o.status.code(), Some(2), "a file and the Open dialog: {}", stderr(&o));
}

/// Runs `rapport desktop-install ARGS` with HOME and the XDG dirs in `root`, and PATH as given.
fn desktop_install(root: &Path, args: &[&str], path: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rapport"));
    command
        .arg("desktop-install")
        .args(args)
        .env("HOME", root.join("home"))
        .env("XDG_DATA_HOME", root.join("data"))
        .env("XDG_CONFIG_HOME", root.join("config"));
    if let Some(path) = path {
        command.env("PATH", path);
    }
    command.output().expect("rapport runs")
}

/// Every file under `dir`, relative to it, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path.strip_prefix(dir).expect("under").display().to_string());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn desktop_install_puts_the_entry_icons_and_file_type_in_the_xdg_data_dir_and_uninstall_empties_it() {
    let root = tempfile::tempdir().expect("tempdir");
    let data = root.path().join("data");
    let o = desktop_install(root.path(), &[], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(said.contains(&data.display().to_string()), "{said}");
    let entry = std::fs::read_to_string(data.join("applications/rapport.desktop")).expect("entry");
    let exe = std::fs::canonicalize(env!("CARGO_BIN_EXE_rapport")).expect("the binary");
    assert!(entry.contains(&format!("\nExec={} %f\n", exe.display())), "starts this binary: {entry}");
    assert!(data.join("icons/hicolor/48x48/apps/rapport.png").is_file());
    assert!(data.join("icons/hicolor/scalable/apps/rapport.svg").is_file());
    assert!(data.join("mime/packages/rapport.xml").is_file());
    assert!(!root.path().join("config").exists(), "nothing is chosen for the user in mimeapps.list");
    if have("update-mime-database", "shared-mime-info") {
        assert!(data.join("mime/mime.cache").is_file(), "{said}");
        assert!(said.contains("ran update-mime-database"), "{said}");
        // What a file manager asks, when GIO's tool is there: a project is known by its content,
        // another program's .ron is left alone.
        if have("gio", "libglib2.0-bin") {
            let game = root.path().join("game.ron");
            std::fs::write(&game, "(\n    window: (width: 800, height: 600),\n)\n").expect("written");
            for (file, project) in [(sample("brightwatt.ron"), true), (game, false)] {
                let o = Command::new("gio")
                    .args(["info", "-a", "standard::content-type"])
                    .arg(&file)
                    .env("XDG_DATA_HOME", &data)
                    .env("HOME", root.path().join("home"))
                    .output()
                    .expect("gio runs");
                let is_project = stdout(&o).contains("application/x-rapport-project");
                assert_eq!(is_project, project, "{}: {}", file.display(), stdout(&o));
            }
        }
    }
    if have("update-desktop-database", "desktop-file-utils") {
        let cache = std::fs::read_to_string(data.join("applications/mimeinfo.cache")).expect("cache");
        assert!(cache.contains("application/x-rapport-project=rapport.desktop;"), "{cache}");
    }
    // Again: the same files, no error.
    let before = files_under(&data);
    let o = desktop_install(root.path(), &[], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(files_under(&data), before);

    let o = desktop_install(root.path(), &["--uninstall"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("removed 12 files"), "{}", stdout(&o));
    assert_eq!(files_under(&data), Vec::<String>::new());
    assert!(std::fs::read_dir(&data).expect("data dir").next().is_none(), "no empty folders left");
    let o = desktop_install(root.path(), &["--uninstall"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("nothing of Rapport's was installed"), "{}", stdout(&o));
}

#[test]
fn desktop_install_without_the_desktop_tools_says_what_is_missing_and_uninstall_keeps_other_files() {
    let root = tempfile::tempdir().expect("tempdir");
    let data = root.path().join("data");
    let other = data.join("applications/other.desktop");
    std::fs::create_dir_all(other.parent().expect("parent")).expect("dir");
    std::fs::write(&other, "[Desktop Entry]\nType=Application\nName=Other\nExec=other\n").expect("written");
    let empty_path = root.path().join("bin");
    std::fs::create_dir(&empty_path).expect("dir");
    let o = desktop_install(root.path(), &[], empty_path.to_str());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(said.contains("update-mime-database is not installed"), "{said}");
    assert!(said.contains("update-desktop-database is not installed"), "{said}");
    assert!(data.join("applications/rapport.desktop").is_file());

    let o = desktop_install(root.path(), &["--uninstall"], empty_path.to_str());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(files_under(&data), ["applications/other.desktop"]);

    // Without XDG_DATA_HOME the data dir is ~/.local/share.
    let o = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("desktop-install")
        .env("HOME", root.path().join("home"))
        .env_remove("XDG_DATA_HOME")
        .env("PATH", &empty_path)
        .output()
        .expect("rapport runs");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(root.path().join("home/.local/share/applications/rapport.desktop").is_file());
}

#[test]
fn the_packages_changelog_has_an_entry_for_this_version() {
    let changelog =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/desktop/changelog"))
            .expect("assets/desktop/changelog");
    let first = changelog.lines().next().unwrap_or_default();
    let expected = format!("rapport ({}-1) ", env!("CARGO_PKG_VERSION"));
    assert!(first.starts_with(&expected), "add an entry for {expected}to assets/desktop/changelog: {first}");
}
