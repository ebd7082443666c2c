//! DESIGN.md §11 without the workbench: atomic saves under SIGKILL, saves that fail, hostile
//! files. (Autosave, recovery and the panic hook in the app: `never_lose_work_in_the_app.rs`.)

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use rapport::samples::{self, synthetic_project};
use rapport::store;

#[test]
fn saving_into_a_read_only_folder_says_why_and_keeps_the_old_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("energy.ron");
    std::fs::write(&file, samples::BRIGHTWATT.text).expect("write");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let probe = dir.path().join("probe");
    if std::fs::write(&probe, "x").is_ok() {
        // Root ignores folder permissions; the vanished-folder test covers the failure path.
        let _ = std::fs::remove_file(&probe);
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod back");
        eprintln!("skipped: running as root, folder permissions do not apply");
        return;
    }
    let mut project = store::read_project(samples::BRIGHTWATT.text).expect("reads");
    project.name = "Changed".to_owned();
    let e = store::save(&file, &project).expect_err("read-only folder");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod back");
    assert!(e.to_string().contains("permission denied"), "{e}");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), samples::BRIGHTWATT.text);
    assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1, "nothing partial left");
}

// ----- SIGKILL during saves -------------------------------------------------------------------

const CHILD_ENV: &str = "RAPPORT_SAVE_LOOP_FILE";

fn versions() -> (String, String) {
    let a = synthetic_project(3_000);
    let mut b = a.clone();
    b.name = "Version B".to_owned();
    for t in &mut b.journeys[0].touchpoints {
        t.title.push_str(" (revised)");
    }
    (store::write_project(&a), store::write_project(&b))
}

/// Not a test on its own: the body of the child process that saves in a loop until killed.
#[test]
#[ignore = "run as a child process by the SIGKILL test"]
fn child_saves_in_a_loop_until_killed() {
    let Some(path) = std::env::var_os(CHILD_ENV) else { return };
    let (a, b) = versions();
    let path = PathBuf::from(path);
    loop {
        for text in [&b, &a] {
            store::save_text(&path, text).expect("save");
        }
    }
}

#[test]
fn a_save_killed_at_any_moment_leaves_the_complete_old_or_new_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.ron");
    let (a, b) = versions();
    store::save_text(&path, &a).expect("first save");
    let exe = std::env::current_exe().expect("test binary");
    let kills = 40;
    let (mut saw_a, mut saw_b) = (0, 0);
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..kills {
        let mut child = Command::new(&exe)
            .args(["--exact", "child_saves_in_a_loop_until_killed", "--ignored", "--nocapture"])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn child");
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        std::thread::sleep(Duration::from_millis(20 + state % 120));
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
        let on_disk = std::fs::read_to_string(&path).expect("the file is always there");
        if on_disk == a {
            saw_a += 1;
        } else if on_disk == b {
            saw_b += 1;
        } else {
            panic!("torn file after a kill: {} bytes", on_disk.len());
        }
        store::read_project(&on_disk).expect("and it reads");
    }
    let temporaries = std::fs::read_dir(dir.path())
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count();
    eprintln!(
        "{kills} kills: {saw_a} × old version, {saw_b} × new version, 0 torn; {temporaries} temporary files left by killed saves"
    );
    assert_eq!(saw_a + saw_b, kills);

    // The next save clears temporaries that killed saves left (once they are a minute old).
    let two_minutes_ago = std::time::SystemTime::now() - Duration::from_secs(120);
    for e in std::fs::read_dir(dir.path()).expect("list").flatten() {
        if e.file_name().to_string_lossy().ends_with(".tmp") {
            let f = std::fs::File::options().write(true).open(e.path()).expect("open");
            f.set_modified(two_minutes_ago).expect("age it");
        }
    }
    store::save_text(&path, &a).expect("save");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

// ----- hostile files ---------------------------------------------------------------------------

#[test]
fn every_hostile_file_in_the_corpus_gets_a_clear_error_in_bounded_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut corpus: Vec<(&str, PathBuf)> = Vec::new();
    let mut add = |name: &'static str, bytes: Vec<u8>| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        corpus.push((name, p));
    };
    add("empty.ron", Vec::new());
    add("nul-bytes.ron", vec![0; 4096]);
    let mut state: u64 = 0x1234_5678_9ABC_DEF1;
    add(
        "random-binary.ron",
        (0..65_536)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect(),
    );
    add("utf16.ron", "\u{feff}Project(format: 1)".encode_utf16().flat_map(u16::to_le_bytes).collect());
    add("deep-parens.ron", "(".repeat(100_000).into_bytes());
    add("deep-lists.ron", format!("Project(format: 1, name: {})", "[".repeat(50_000)).into_bytes());
    add("huge-string.ron", format!("Project(format: 1, name: \"{}\")", "x".repeat(5_000_000)).into_bytes());
    add("huge-number.ron", format!("Project(format: {})", "9".repeat(10_000)).into_bytes());
    add("unterminated-string.ron", b"Project(format: 1, name: \"never ends".to_vec());
    add("newer-format.ron", b"Project(format: 99, name: \"From the future\", journeys: [])".to_vec());
    add("png-renamed.ron", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec());
    add("many-journeys-no-touchpoints.ron", {
        let journeys: Vec<String> = (0..20_000)
            .map(|i| format!("Journey(name: \"J{i}\", lanes: [\"A\"], touchpoints: [])"))
            .collect();
        format!("Project(format: 1, name: \"Many\", journeys: [{}])", journeys.join(",")).into_bytes()
    });
    let big = dir.path().join("oversized.ron");
    std::fs::File::create(&big).expect("create").set_len(40 * 1024 * 1024).expect("sparse 40 MiB");
    corpus.push(("oversized.ron (40 MiB)", big));
    corpus.push(("a-folder", dir.path().to_owned()));
    corpus.push(("missing.ron", dir.path().join("missing.ron")));

    let mut answered = 0;
    for (name, path) in &corpus {
        let started = std::time::Instant::now();
        let result = store::load(path);
        let took = started.elapsed();
        match result {
            // A hostile file that happens to be a valid project is fine, as long as it reads.
            Ok(p) => eprintln!("{name}: read as a project with {} journeys ({took:.1?})", p.journeys.len()),
            Err(e) => {
                let message = e.to_string();
                assert!(message.len() > 20, "{name}: {message}");
                assert!(message.len() < 400, "{name}: a message short enough to read: {message}");
                let first_line: String =
                    message.lines().next().unwrap_or_default().chars().take(140).collect();
                eprintln!("{name}: {first_line} ({took:.1?})");
                answered += 1;
            }
        }
    }
    eprintln!("{} hostile inputs, {answered} refused with a message", corpus.len());
    assert!(answered >= corpus.len() - 1);
}

#[test]
fn a_recovery_copy_that_only_repeats_its_saved_file_is_not_offered_and_is_tidied_away() {
    use rapport::recovery::Session;
    let dir = tempfile::tempdir().expect("tempdir");
    let recovery = dir.path().join("recovery");
    let source = dir.path().join("project.ron");
    let project = synthetic_project(20);
    rapport::store::save(&source, &project).expect("save");

    // A room opened on the saved project: its base copy and an empty journal, nothing arrived.
    let room = Session::new(recovery.clone());
    room.write(&project, Some(&source)).expect("recovery");
    std::fs::write(room.room_journal(), "").expect("journal");
    let next = Session::new(recovery.clone());
    assert!(next.others().is_empty(), "nothing new to offer");
    assert_eq!(std::fs::read_dir(&recovery).expect("dir").count(), 0, "its files are removed");

    // A copy that differs from the file is offered as before.
    let mut changed = project.clone();
    changed.name.push_str(" (edited)");
    let edited = Session::new(recovery.clone());
    edited.write(&changed, Some(&source)).expect("recovery");
    let next = Session::new(recovery);
    assert_eq!(next.others().len(), 1, "unsaved work is offered");
}
