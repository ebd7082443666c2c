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

/// Lets the workers finish what they were given (saves, autosaves) and the app act on it.
fn settle(h: &mut Harness<'_, RapportApp>) {
    // What a finished job leads to (removing the recovery file after a save) is work too.
    for _ in 0..10 {
        h.state_mut().finish_work();
        h.run_steps(2);
        if !h.state().is_busy() {
            break;
        }
    }
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
        settle(&mut h);
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
        settle(&mut h);
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
    settle(&mut h);
    assert_eq!(recovery_files(recovery.path()).len(), 1);
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        samples::BRIGHTWATT.text,
        "user's file untouched"
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(1);
    settle(&mut h);
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
    h.run_steps(1);
    settle(&mut h);
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
    h.run_steps(1);
    settle(&mut h);
    h.get_by_label("Overwrite").click();
    h.run_steps(1);
    settle(&mut h);
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
    h.run_steps(1);
    settle(&mut h);
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

// ----- every file Rapport writes, Rapport opens (DESIGN.md §11) ------------------------------

/// The workbench on a copy of a sample in a temporary folder.
fn app_on(sample: &str, recovery: &Path) -> (Harness<'static, RapportApp>, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("project.ron");
    std::fs::write(&file, sample).expect("write");
    (app(Some(file.clone()), recovery), file, dir)
}

/// Presses a key as a keyboard layout gives it: the letter printed on the key (`key`) at the
/// position of another US key (`position`).
fn press_on_layout(h: &mut Harness<'_, RapportApp>, modifiers: Modifiers, key: Key, position: Key) {
    h.input_mut().events.push(egui::Event::ModifiersChanged(modifiers));
    for pressed in [true, false] {
        h.input_mut().events.push(egui::Event::Key {
            key,
            physical_key: Some(position),
            pressed,
            repeat: false,
            modifiers,
        });
    }
    h.step();
}

fn closing(h: &Harness<'_, RapportApp>) -> bool {
    h.output().viewport_output.values().any(|v| v.commands.contains(&egui::ViewportCommand::Close))
}

#[test]
fn renaming_the_to_be_like_the_as_is_in_the_inspector_is_refused_and_the_saved_file_opens() {
    let recovery = tempfile::tempdir().expect("tempdir");
    let (mut h, file, _dir) = app_on(samples::HIGH_STREET_BANK.text, recovery.path());
    h.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    h.run_steps(2);
    assert_eq!(h.state().journey().name, "To-be");
    let field = h.get_by_label("Name");
    field.focus();
    h.key_combination_modifiers(Modifiers::COMMAND, &[Key::A]);
    h.get_by_label("Name").type_text("As-is");
    h.run_steps(2);
    h.get_by_label("Another journey is called “As-is”");
    let names: Vec<String> = h.state().project().journeys.iter().map(|j| j.name.clone()).collect();
    assert_eq!(names, ["As-is", "To-be"], "the name another journey has is never applied");

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(1);
    settle(&mut h);
    let reopened = store::load(&file).expect("the saved file opens");
    assert_eq!(reopened, *h.state().project());
}

#[test]
fn a_file_that_does_not_open_says_so_in_a_dialog_and_does_not_show_the_sample() {
    let recovery = tempfile::tempdir().expect("tempdir");
    let text = samples::HIGH_STREET_BANK.text.replace("name: \"To-be\"", "name: \"As-is\"");
    let (h, _file, _dir) = app_on(&text, recovery.path());
    h.get_by_label("Could not open project.ron");
    // Said in the dialog (and in the status bar), with the line at fault.
    assert!(
        h.query_all_by_label_contains("line 243, column 9: two journeys are called “As-is”").count() >= 2
    );
    assert_ne!(h.state().project().name, "Brightwatt Energy", "not the sample, as if the file had opened");
    assert!(h.state().document().path.is_none(), "nothing will be saved over the file unasked");
}

#[test]
fn save_in_the_save_changes_dialog_asks_before_overwriting_a_file_changed_on_disk() {
    let recovery = tempfile::tempdir().expect("tempdir");
    let (mut h, file, _dir) = app_on(samples::BRIGHTWATT.text, recovery.path());
    make_org_give(&mut h, 4);
    // A colleague's change arrives through git meanwhile.
    let mut theirs = store::read_project(samples::BRIGHTWATT.text).expect("reads");
    theirs.name = "Brightwatt Energy (colleague)".to_owned();
    store::save(&file, &theirs).expect("their save");

    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    h.get_by_label("Save changes?");
    h.get_by_label("Save").click();
    h.run_steps(1);
    settle(&mut h);
    h.get_by_label("project.ron changed on disk");
    assert_eq!(store::load(&file).expect("loads"), theirs, "their change is still in the file");
    assert_eq!(h.state().project().name, "Brightwatt Energy", "and ours is still open");

    // Overwrite is a choice, and then the New that waited goes on.
    h.get_by_label("Overwrite").click();
    h.run_steps(1);
    settle(&mut h);
    assert_eq!(store::load(&file).expect("loads").name, "Brightwatt Energy");
    assert_eq!(h.state().project().name, "Untitled project", "the New that waited went on");
}

// ----- shortcuts follow the letters on the keys (DESIGN.md §11) ------------------------------

#[test]
fn ctrl_a_on_azerty_selects_all_and_never_quits() {
    let recovery = tempfile::tempdir().expect("tempdir");
    let mut h = app(None, recovery.path());
    // On AZERTY the A key sits where QWERTY has Q.
    press_on_layout(&mut h, Modifiers::COMMAND, Key::A, Key::Q);
    assert!(!closing(&h), "Ctrl+A must not quit");
    assert_eq!(h.state().selection().len(), h.state().journey().touchpoints.len());
}

#[test]
fn ctrl_y_on_qwertz_redoes_and_ctrl_z_undoes() {
    let recovery = tempfile::tempdir().expect("tempdir");
    let mut h = app(None, recovery.path());
    make_org_give(&mut h, 4);
    let given = h.state().project().clone();
    // On QWERTZ, Z sits where QWERTY has Y, and Y where it has Z.
    press_on_layout(&mut h, Modifiers::COMMAND, Key::Z, Key::Y);
    h.run_steps(1);
    assert_ne!(*h.state().project(), given, "Ctrl+Z undid");
    press_on_layout(&mut h, Modifiers::COMMAND, Key::Y, Key::Z);
    h.run_steps(1);
    assert_eq!(*h.state().project(), given, "Ctrl+Y redid");
}

#[test]
fn keys_without_a_letter_still_work_by_their_position() {
    let recovery = tempfile::tempdir().expect("tempdir");
    let mut h = app(None, recovery.path());
    h.state_mut().view.selection = [TouchpointId(4)].into();
    h.run_steps(1);
    // AZERTY's "1" key gives "&" without Shift; egui reports the key by its position.
    press_on_layout(&mut h, Modifiers::NONE, Key::Num1, Key::Num1);
    h.run_steps(1);
    assert_eq!(h.state().journey().touchpoint(TouchpointId(4)).map(|t| t.exchange.strength()), Some(1));
}

// ----- the unsaved marker never lies (DESIGN.md §11) -----------------------------------------

#[test]
fn after_510_edits_undone_to_the_limit_the_marker_the_close_prompt_and_the_recovery_file_stay() {
    let recovery = tempfile::tempdir().expect("tempdir");
    let (mut h, _file, _dir) = app_on(samples::BRIGHTWATT.text, recovery.path());
    // Card 2 (org gives 2) to strength 3, then 509 changes to card 3.
    h.state_mut().view.selection = [TouchpointId(2)].into();
    h.key_press(Key::Num3);
    h.run_steps(1);
    h.state_mut().view.selection = [TouchpointId(3)].into();
    h.run_steps(1);
    for i in 0..509 {
        h.input_mut().events.push(egui::Event::Key {
            key: if i % 2 == 0 { Key::Num1 } else { Key::Num3 },
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::NONE,
        });
    }
    h.run_steps(2);
    for _ in 0..520 {
        h.input_mut().events.push(egui::Event::Key {
            key: Key::Z,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::COMMAND,
        });
    }
    h.run_steps(2);
    assert!(!h.state().document().can_undo(), "undone to the limit");
    assert_eq!(h.state().journey().touchpoint(TouchpointId(2)).map(|t| t.exchange.strength()), Some(3));
    assert!(h.state().window_title().starts_with("● "), "{}", h.state().window_title());
    // The recovery file is written and kept.
    h.run_steps(12);
    settle(&mut h);
    assert_eq!(recovery_files(recovery.path()).len(), 1);
    // Closing asks.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run_steps(2);
    h.get_by_label("Save changes?");
}
