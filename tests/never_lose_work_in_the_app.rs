//! DESIGN.md §11 in the workbench: autosave and crash recovery, external changes, failed saves,
//! the panic hook. (Atomic saves under SIGKILL and hostile files: `never_lose_work.rs`.)
#![cfg(feature = "gui")]

use std::path::{Path, PathBuf};
use std::process::Command;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rapport::app::files::{DialogAnswer, FileDialogs};
use rapport::app::{AppOptions, RapportApp};
use rapport::model::{Exchange, Project, TouchpointId};
use rapport::recovery::Session;
use rapport::samples;
use rapport::store;

struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn open(&mut self, _: Option<&Path>) -> DialogAnswer {
        DialogAnswer::Cancelled
    }
    fn save(&mut self, _: Option<&Path>, _: &str) -> DialogAnswer {
        DialogAnswer::Cancelled
    }
    fn export(&mut self, _: Option<&std::path::Path>, _: &str, _: rapport::export::Format) -> DialogAnswer {
        DialogAnswer::Cancelled
    }
}

/// The app with autosave into `recovery`; each step is a quarter of a second of egui time.
fn app(file: Option<PathBuf>, recovery: &Path) -> Harness<'static, RapportApp> {
    let recovery_dir = Some(recovery.to_owned());
    let mut h =
        Harness::builder().with_size([1440.0, 900.0]).with_step_dt(0.25).with_max_steps(40).build_eframe(
            move |cc| {
                RapportApp::new(
                    &cc.egui_ctx,
                    AppOptions { file, config_dir: None, dialogs: Box::new(NoDialogs), recovery_dir },
                )
            },
        );
    h.remove_cursor();
    h.run_steps(3);
    h
}

fn recovery_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|r| {
            r.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "ron")).collect()
        })
        .unwrap_or_default()
}

/// Selects touchpoint `id` and presses `key`, as the workbench tests do, through commands.
fn make_org_give(h: &mut Harness<'_, RapportApp>, id: u32) {
    h.state_mut().view.selection = [TouchpointId(id)].into();
    h.key_press(Key::G);
    h.run_steps(2);
}

#[test]
fn unsaved_work_is_autosaved_within_seconds_and_restored_after_a_crash() {
    let recovery = tempfile::tempdir().expect("tempdir");
    let first_bill = 4;
    let edited: Project = {
        let mut h = app(None, recovery.path());
        make_org_give(&mut h, first_bill);
        assert!(h.state().document().is_dirty());
        // Nothing is written at once …
        assert!(recovery_files(recovery.path()).is_empty());
        // … but within about three seconds of the last change.
        h.run_steps(12);
        assert_eq!(recovery_files(recovery.path()).len(), 1);
        h.state().document().project().clone()
        // The harness is dropped without closing: the app "crashed".
    };

    let mut h = app(None, recovery.path());
    h.get_by_label("Restore unsaved work?");
    h.get_by_label_contains("Brightwatt Energy");
    h.get_by_label("Restore").click();
    h.run_steps(3);
    assert_eq!(*h.state().document().project(), edited);
    assert_eq!(
        h.state().journey().touchpoint(TouchpointId(first_bill)).map(|t| t.exchange),
        Some(Exchange::OrgGives(2))
    );
    assert!(h.state().document().is_dirty(), "restored work is unsaved until saved");
    // The old session's file is gone; the restored work is kept under the new session.
    assert_eq!(recovery_files(recovery.path()).len(), 1);
}

#[test]
fn discarding_recovered_work_deletes_it_for_good() {
    let recovery = tempfile::tempdir().expect("tempdir");
    {
        let mut h = app(None, recovery.path());
        make_org_give(&mut h, 4);
        h.run_steps(12);
    }
    assert_eq!(recovery_files(recovery.path()).len(), 1);
    let mut h = app(None, recovery.path());
    h.get_by_label("Discard").click();
    h.run_steps(3);
    assert!(recovery_files(recovery.path()).is_empty());
    assert!(!h.state().document().is_dirty());
    let h = app(None, recovery.path());
    assert!(h.query_by_label("Restore unsaved work?").is_none());
}

#[test]
fn autosave_never_touches_the_users_file_and_a_clean_save_removes_the_recovery_file() {
    let recovery = tempfile::tempdir().expect("tempdir");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("energy.ron");
    std::fs::write(&file, samples::BRIGHTWATT.text).expect("write");
    let mut h = app(Some(file.clone()), recovery.path());
    make_org_give(&mut h, 4);
    h.run_steps(12);
    assert_eq!(recovery_files(recovery.path()).len(), 1);
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        samples::BRIGHTWATT.text,
        "user's file untouched"
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(3);
    assert!(!h.state().document().is_dirty());
    assert!(recovery_files(recovery.path()).is_empty(), "recovery file removed after a clean save");
    assert_eq!(store::load(&file).expect("loads"), *h.state().document().project());
}

#[test]
fn a_file_changed_on_disk_is_not_silently_overwritten() {
    let recovery = tempfile::tempdir().expect("tempdir");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("energy.ron");
    std::fs::write(&file, samples::BRIGHTWATT.text).expect("write");
    let mut h = app(Some(file.clone()), recovery.path());
    make_org_give(&mut h, 4);

    // Someone else (git pull) changes the file.
    let mut theirs = store::read_project(samples::BRIGHTWATT.text).expect("reads");
    theirs.name = "Brightwatt Energy (pulled)".to_owned();
    store::save(&file, &theirs).expect("their save");

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(3);
    h.get_by_label("energy.ron changed on disk");
    assert_eq!(store::load(&file).expect("loads"), theirs, "not overwritten without asking");

    // Reload takes their version.
    h.get_by_label("Reload").click();
    h.run_steps(3);
    assert_eq!(*h.state().document().project(), theirs);

    // After a change and an explicit Overwrite, ours wins.
    make_org_give(&mut h, 4);
    std::fs::write(&file, samples::BRIGHTWATT.text).expect("write again");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(3);
    h.get_by_label("Overwrite").click();
    h.run_steps(3);
    assert_eq!(store::load(&file).expect("loads"), *h.state().document().project());
    assert!(!h.state().document().is_dirty());
}

#[test]
fn a_failed_save_says_why_keeps_the_project_open_and_unsaved_and_leaves_nothing() {
    let recovery = tempfile::tempdir().expect("tempdir");
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("workshop");
    std::fs::create_dir(&folder).expect("mkdir");
    let file = folder.join("energy.ron");
    std::fs::write(&file, samples::BRIGHTWATT.text).expect("write");
    let mut h = app(Some(file.clone()), recovery.path());
    make_org_give(&mut h, 4);
    // The folder vanishes (a USB stick pulled, a network share gone).
    std::fs::remove_dir_all(&folder).expect("rm");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(3);
    h.get_by_label("Could not save");
    h.get_by_label_contains("does not exist");
    assert!(h.state().document().is_dirty());
    assert_eq!(
        h.state().journey().touchpoint(TouchpointId(4)).map(|t| t.exchange),
        Some(Exchange::OrgGives(2))
    );
    assert!(!folder.exists(), "nothing partial written");
}

// ----- the panic hook -------------------------------------------------------------------------

const PANIC_ENV: &str = "RAPPORT_PANIC_RECOVERY_DIR";

#[test]
#[ignore = "run as a child process by the panic hook test"]
fn child_panics_with_unsaved_work() {
    let Some(dir) = std::env::var_os(PANIC_ENV) else { return };
    let recovery_dir = Some(PathBuf::from(dir));
    rapport::app::install_panic_hook();
    let mut h = Harness::builder().with_size([1200.0, 800.0]).with_step_dt(0.25).build_eframe(move |cc| {
        RapportApp::new(
            &cc.egui_ctx,
            AppOptions { file: None, config_dir: None, dialogs: Box::new(NoDialogs), recovery_dir },
        )
    });
    h.run_steps(2);
    make_org_give(&mut h, 4);
    panic!("a bug in the middle of a workshop");
}

#[test]
fn a_panic_writes_the_recovery_file_before_the_app_exits() {
    let recovery = tempfile::tempdir().expect("tempdir");
    let exe = std::env::current_exe().expect("test binary");
    let out = Command::new(exe)
        .args(["--exact", "child_panics_with_unsaved_work", "--ignored", "--nocapture"])
        .env(PANIC_ENV, recovery.path())
        .output()
        .expect("run child");
    assert!(!out.status.success(), "the child panicked");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unsaved work is kept"), "{stderr}");
    let session = Session::new(recovery.path().to_owned());
    let left = session.others();
    assert_eq!(left.len(), 1, "{left:?}");
    let restored = Session::load(&left[0]).expect("reads");
    assert_eq!(
        restored.journeys[0].touchpoint(TouchpointId(4)).map(|t| t.exchange),
        Some(Exchange::OrgGives(2))
    );
}
