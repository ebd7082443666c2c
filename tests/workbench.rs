//! The workbench, driven like a user would through egui_kittest: clicks, keys, typing.
//! Rendering goes through wgpu on Mesa's llvmpipe, so image snapshots need no GPU.
#![cfg(feature = "gui")]

use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, SnapshotOptions};
use rapport::app::commands::Command;
use rapport::app::files::{DialogAnswer, FileDialogs};
use rapport::app::{AppOptions, RapportApp};
use rapport::export::Format;
use rapport::model::{Exchange, Phase, TouchpointId};
use rapport::store;

/// File dialogs that answer from a script and remember what they were asked.
#[derive(Clone, Default)]
struct ScriptedDialogs {
    answers: Arc<Mutex<VecDeque<DialogAnswer>>>,
    asked: Arc<Mutex<Vec<String>>>,
}

impl ScriptedDialogs {
    fn answering(answers: impl IntoIterator<Item = DialogAnswer>) -> Self {
        let d = Self::default();
        d.answers.lock().expect("lock").extend(answers);
        d
    }
    fn next(&self, what: String) -> DialogAnswer {
        self.asked.lock().expect("lock").push(what);
        self.answers.lock().expect("lock").pop_front().unwrap_or(DialogAnswer::Cancelled)
    }
}

impl FileDialogs for ScriptedDialogs {
    fn open(&mut self, _folder: Option<&Path>) -> DialogAnswer {
        self.next("open".to_owned())
    }
    fn save(&mut self, _folder: Option<&Path>, file_name: &str) -> DialogAnswer {
        self.next(format!("save {file_name}"))
    }
    fn export(&mut self, folder: Option<&Path>, file_name: &str, _format: Format) -> DialogAnswer {
        let folder = folder.map(|f| f.display().to_string()).unwrap_or_default();
        self.next(format!("export {folder} {file_name}"))
    }
}

fn app_with(file: Option<PathBuf>, dialogs: ScriptedDialogs) -> Harness<'static, RapportApp> {
    let mut h = Harness::builder()
        .with_size([1440.0, 900.0])
        .with_max_steps(12)
        .with_step_dt(1.0 / 30.0)
        .build_eframe(move |cc| {
            RapportApp::new(
                &cc.egui_ctx,
                AppOptions { file, config_dir: None, dialogs: Box::new(dialogs), recovery_dir: None },
            )
        });
    h.remove_cursor();
    h.run_steps(3);
    h
}

fn app() -> Harness<'static, RapportApp> {
    app_with(None, ScriptedDialogs::default())
}

/// Where a touchpoint's card is on screen.
fn card_centre(h: &Harness<'_, RapportApp>, id: u32) -> Pos2 {
    let app = h.state();
    let card = app.layout().and_then(|l| l.card(TouchpointId(id))).expect("card in layout");
    app.view.to_screen_pos(card.rect.center())
}

fn id_of(h: &Harness<'_, RapportApp>, title: &str) -> u32 {
    h.state().journey().touchpoints.iter().find(|t| t.title == title).map(|t| t.id.0).expect("touchpoint")
}

fn click_at(h: &mut Harness<'_, RapportApp>, pos: Pos2, modifiers: Modifiers) {
    h.event(Event::ModifiersChanged(modifiers));
    h.event(Event::PointerMoved(pos));
    h.event(Event::PointerButton { pos, button: PointerButton::Primary, pressed: true, modifiers });
    h.event(Event::PointerButton { pos, button: PointerButton::Primary, pressed: false, modifiers });
    h.run_steps(2);
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.run_steps(1);
}

fn click_card(h: &mut Harness<'_, RapportApp>, id: u32, modifiers: Modifiers) {
    let pos = card_centre(h, id);
    click_at(h, pos, modifiers);
}

fn double_click_at(h: &mut Harness<'_, RapportApp>, pos: Pos2) {
    h.event(Event::PointerMoved(pos));
    for _ in 0..2 {
        h.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::NONE,
        });
        h.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::NONE,
        });
    }
    h.run_steps(3);
}

fn press(h: &mut Harness<'_, RapportApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run_steps(2);
}

/// Lets the workers finish what they were given (saves, exports, pictures) and the app act on
/// it: the window never waits for them, a test does.
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

fn exchange_of(h: &Harness<'_, RapportApp>, id: u32) -> Exchange {
    h.state().journey().touchpoint(TouchpointId(id)).expect("touchpoint").exchange
}

#[test]
fn the_sample_opens_with_its_scores_and_no_unsaved_marker() {
    let h = app();
    assert_eq!(h.state().journey().name, "As-is");
    let analysis = h.state().analysis().expect("analysis");
    assert!(analysis.mutuality.score > 0.0);
    assert!(!h.state().window_title().starts_with('●'), "{}", h.state().window_title());
    h.get_by_label("Design mutuality");
    h.get_by_label("Design continuity");
}

#[test]
fn double_clicking_an_empty_cell_and_typing_adds_a_touchpoint_there() {
    let mut h = app();
    let before = h.state().journey().touchpoints.len();
    let cell = h.state().layout().and_then(|l| l.cell_rect(0, Phase::EarlyDays)).expect("cell");
    let pos = h.state().view.to_screen_pos(cell.center());
    double_click_at(&mut h, pos);
    eprintln!(
        "editing: {:?} at {pos:?} cell {cell:?}",
        h.state().view.editing.as_ref().map(|e| e.target.clone())
    );

    h.get_by_label("Touchpoint title").type_text("Tariff check-in");
    h.run_steps(2);
    press(&mut h, Modifiers::NONE, Key::Enter);

    let journey = h.state().journey();
    assert_eq!(journey.touchpoints.len(), before + 1);
    let added = journey.touchpoints.iter().find(|t| t.title == "Tariff check-in").expect("added");
    assert_eq!(added.phase, Phase::EarlyDays);
    assert_eq!(added.lane, "Customer");
    assert_eq!(h.state().selection(), vec![added.id]);
    assert!(h.state().window_title().starts_with("● "));

    // Adding is one undo step.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().journey().touchpoints.len(), before);
    assert!(!h.state().window_title().starts_with("● "));
}

#[test]
fn escape_abandons_a_new_touchpoint() {
    let mut h = app();
    let before = h.state().journey().touchpoints.len();
    let cell = h.state().layout().and_then(|l| l.cell_rect(0, Phase::EarlyDays)).expect("cell");
    let pos = h.state().view.to_screen_pos(cell.center());
    double_click_at(&mut h, pos);
    h.get_by_label("Touchpoint title").type_text("Never mind");
    h.run_steps(2);
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(h.state().journey().touchpoints.len(), before);
    assert!(!h.state().document().can_undo());
}

#[test]
fn pressing_t_on_a_giving_touchpoint_makes_it_take_and_lowers_mutuality() {
    let mut h = app();
    let id = id_of(&h, "Welcome call");
    let before = h.state().analysis().expect("analysis").mutuality.score;
    click_card(&mut h, id, Modifiers::NONE);
    assert_eq!(h.state().selection(), vec![TouchpointId(id)]);

    press(&mut h, Modifiers::NONE, Key::T);
    assert_eq!(exchange_of(&h, id), Exchange::OrgTakes(2));
    let after = h.state().analysis().expect("analysis").mutuality.score;
    assert!(after < before, "mutuality {before} -> {after}");
    // The panel shows the new number.
    h.get_by_label(&format!("{after:.0}"));

    press(&mut h, Modifiers::NONE, Key::G);
    assert_eq!(exchange_of(&h, id), Exchange::OrgGives(2));
    assert_eq!(h.state().analysis().expect("analysis").mutuality.score, before);

    press(&mut h, Modifiers::SHIFT, Key::G);
    assert_eq!(exchange_of(&h, id), Exchange::CustomerGives(2));
    press(&mut h, Modifiers::NONE, Key::Num3);
    assert_eq!(exchange_of(&h, id), Exchange::CustomerGives(3));
}

#[test]
fn undo_and_redo_walk_the_history_and_the_unsaved_marker_follows() {
    let mut h = app();
    let id = id_of(&h, "First bill");
    let original = exchange_of(&h, id);
    click_card(&mut h, id, Modifiers::NONE);
    press(&mut h, Modifiers::NONE, Key::G);
    press(&mut h, Modifiers::NONE, Key::Num3);
    assert_eq!(exchange_of(&h, id), Exchange::OrgGives(3));

    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(exchange_of(&h, id), Exchange::OrgGives(original.strength()));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(exchange_of(&h, id), original);
    assert!(!h.state().window_title().starts_with("● "));

    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(exchange_of(&h, id), Exchange::OrgGives(original.strength()));
    press(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(exchange_of(&h, id), Exchange::OrgGives(3));
    assert!(h.state().window_title().starts_with("● "));
}

#[test]
fn deleting_a_selection_removes_its_links_and_undo_brings_both_back() {
    let mut h = app();
    let journey = h.state().journey().clone();
    let link = journey.links.first().expect("the sample has a link");
    click_card(&mut h, link.from.0, Modifiers::NONE);
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert!(h.state().journey().touchpoint(link.from).is_none());
    assert!(h.state().journey().links.iter().all(|l| l.from != link.from && l.to != link.from));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(*h.state().journey(), journey);
}

#[test]
fn shift_click_adds_to_the_selection_and_one_key_changes_them_all_in_one_step() {
    let mut h = app();
    let a = id_of(&h, "First bill");
    let b = id_of(&h, "Boiler-cover upsell");
    click_card(&mut h, a, Modifiers::NONE);
    click_card(&mut h, b, Modifiers::SHIFT);
    assert_eq!(
        h.state().selection().into_iter().collect::<BTreeSet<_>>(),
        [TouchpointId(a), TouchpointId(b)].into()
    );
    press(&mut h, Modifiers::NONE, Key::N);
    assert_eq!(exchange_of(&h, a), Exchange::Neutral);
    assert_eq!(exchange_of(&h, b), Exchange::Neutral);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_ne!(exchange_of(&h, a), Exchange::Neutral);
    assert_ne!(exchange_of(&h, b), Exchange::Neutral);
}

#[test]
fn dragging_a_box_on_the_background_selects_the_cards_inside() {
    let mut h = app();
    let a = id_of(&h, "Sign-up, shares usage");
    let b = id_of(&h, "First bill");
    let layout = h.state().layout().expect("layout").clone();
    let (ra, rb) =
        (layout.card(TouchpointId(a)).expect("a").rect, layout.card(TouchpointId(b)).expect("b").rect);
    // From the gap just outside the first card's corner to inside the second card.
    let from = rapport::layout::Point::new(ra.min.x.min(rb.min.x) - 8.0, ra.min.y.min(rb.min.y) - 8.0);
    let to = rapport::layout::Point::new(ra.max.x.max(rb.max.x) - 10.0, ra.max.y.max(rb.max.y) - 10.0);
    let area = rapport::layout::Rect { min: from, max: to };
    let expected: BTreeSet<TouchpointId> =
        layout.cards.iter().filter(|c| c.rect.intersects(&area)).map(|c| c.id).collect();
    let (start, end) = (h.state().view.to_screen_pos(from), h.state().view.to_screen_pos(to));
    h.event(Event::PointerMoved(start));
    h.event(Event::PointerButton {
        pos: start,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.run_steps(1);
    for k in 1..=5 {
        h.event(Event::PointerMoved(start + (end - start) * (k as f32 / 5.0)));
        h.run_steps(1);
    }
    h.event(Event::PointerButton {
        pos: end,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run_steps(2);
    let selected: BTreeSet<_> = h.state().selection().into_iter().collect();
    assert!(selected.contains(&TouchpointId(a)) && selected.contains(&TouchpointId(b)), "{selected:?}");
    assert_eq!(selected, expected);
}

#[test]
fn clicking_a_finding_selects_its_touchpoints() {
    let mut h = app();
    let finding = h
        .state()
        .analysis()
        .expect("analysis")
        .findings
        .iter()
        .find(|f| f.touchpoints.len() >= 2)
        .cloned()
        .expect("a finding with touchpoints");
    h.get_by_label_contains(&finding.message).click();
    h.run_steps(3);
    let selected: BTreeSet<_> = h.state().selection().into_iter().collect();
    let expected: BTreeSet<_> = finding.touchpoints.iter().copied().collect();
    assert_eq!(selected, expected);
    // And the canvas frames them: every card of the finding is on screen.
    let screen = h.state().view.screen_rect;
    for id in &finding.touchpoints {
        assert!(screen.contains(card_centre(&h, id.0)), "card {id:?} framed");
    }
}

#[test]
fn typing_a_title_in_the_inspector_is_one_undo_step() {
    let mut h = app();
    let id = id_of(&h, "Welcome call");
    click_card(&mut h, id, Modifiers::NONE);
    let field = h.get_by_label("Title");
    field.focus();
    field.type_text(" from Priya");
    h.run_steps(2);
    h.key_press(Key::Escape);
    h.run_steps(2);
    let title = |h: &Harness<'_, RapportApp>| {
        h.state().journey().touchpoint(TouchpointId(id)).expect("tp").title.clone()
    };
    assert!(title(&h).ends_with("from Priya"), "{}", title(&h));
    // Escape left the field, not the selection.
    assert_eq!(h.state().selection(), vec![TouchpointId(id)]);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(title(&h), "Welcome call");
}

#[test]
fn save_as_writes_the_chosen_file_and_undo_survives_saving() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("workshop.ron");
    let dialogs = ScriptedDialogs::answering([DialogAnswer::Picked(target.clone())]);
    let mut h = app_with(None, dialogs.clone());
    let id = id_of(&h, "First bill");
    click_card(&mut h, id, Modifiers::NONE);
    press(&mut h, Modifiers::NONE, Key::G);
    assert!(h.state().window_title().starts_with("● "));

    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    settle(&mut h);
    assert_eq!(dialogs.asked.lock().expect("lock").as_slice(), ["save brightwatt-energy.ron"]);
    let saved = store::load(&target).expect("saved file reads back");
    assert_eq!(saved, *h.state().document().project());
    assert_eq!(saved.journeys[0].touchpoint(TouchpointId(id)).expect("tp").exchange.file_name(), "OrgGives");
    assert!(!h.state().window_title().starts_with("● "));
    assert!(h.state().window_title().contains("workshop.ron"));

    // Undo still works after saving, and makes the project unsaved again.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_ne!(exchange_of(&h, id).file_name(), "OrgGives");
    assert!(h.state().window_title().starts_with("● "));
    // Ctrl+S now saves to the same file without asking.
    press(&mut h, Modifiers::COMMAND, Key::S);
    settle(&mut h);
    assert_eq!(dialogs.asked.lock().expect("lock").len(), 1);
    assert_eq!(store::load(&target).expect("reads"), *h.state().document().project());
}

#[test]
fn without_a_file_dialog_save_as_asks_for_a_path_in_the_app() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("typed.ron");
    let dialogs = ScriptedDialogs::answering([DialogAnswer::Unavailable]);
    let mut h = app_with(None, dialogs);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    let field = h.get_by_label("Path");
    field.focus();
    h.key_combination_modifiers(Modifiers::COMMAND, &[Key::A]);
    field.type_text(&target.display().to_string());
    h.run_steps(2);
    h.get_by_label("Save").click();
    h.run_steps(1);
    settle(&mut h);
    assert!(target.exists());
    assert_eq!(store::load(&target).expect("reads"), *h.state().document().project());
}

#[test]
fn a_file_given_on_the_command_line_opens_and_a_broken_one_says_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("bank.ron");
    std::fs::write(&good, rapport::samples::HIGH_STREET_BANK.text).expect("write");
    let h = app_with(Some(good), ScriptedDialogs::default());
    assert_eq!(h.state().document().project().name, "Harbour Bank");
    assert!(h.state().window_title().contains("bank.ron"));

    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "Project(format: 1, name: 3)").expect("write");
    let h = app_with(Some(bad), ScriptedDialogs::default());
    let (message, error) = h.state().status().expect("status").clone();
    assert!(error);
    assert!(message.contains("line 1"), "{message}");
}

#[test]
fn new_with_unsaved_changes_asks_first_and_cancel_keeps_the_work() {
    let mut h = app();
    let id = id_of(&h, "First bill");
    click_card(&mut h, id, Modifiers::NONE);
    press(&mut h, Modifiers::NONE, Key::G);
    press(&mut h, Modifiers::COMMAND, Key::N);
    h.get_by_label("Save changes?");
    h.get_by_label("Cancel").click();
    h.run_steps(3);
    assert_eq!(h.state().document().project().name, "Brightwatt Energy");
    assert!(h.state().document().is_dirty());

    press(&mut h, Modifiers::COMMAND, Key::N);
    h.get_by_label("Don't save").click();
    h.run_steps(3);
    assert_eq!(h.state().document().project().journeys.len(), 1);
    assert!(h.state().journey().touchpoints.is_empty());
}

#[test]
fn duplicating_a_journey_makes_a_to_be_tab_and_undo_removes_it() {
    let mut h = app();
    let n = h.state().document().project().journeys.len();
    h.get_by_label("Duplicate as to-be").click();
    h.run_steps(3);
    assert_eq!(h.state().document().project().journeys.len(), n + 1);
    assert_eq!(h.state().journey().name, "To-be");
    assert_eq!(h.state().journey().touchpoints, h.state().document().project().journeys[0].touchpoints);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().document().project().journeys.len(), n);
}

#[test]
fn the_command_palette_runs_a_command_found_by_fuzzy_search() {
    let mut h = app();
    let id = id_of(&h, "First bill");
    click_card(&mut h, id, Modifiers::NONE);
    press(&mut h, Modifiers::COMMAND, Key::K);
    h.get_by_label("Command").type_text("org gives");
    h.run_steps(2);
    press(&mut h, Modifiers::NONE, Key::Enter);
    h.run_steps(2);
    assert_eq!(exchange_of(&h, id).file_name(), "OrgGives");
}

#[test]
fn no_two_commands_share_a_shortcut() {
    let mut seen = std::collections::HashMap::new();
    for command in Command::ALL {
        for sc in command.all_shortcuts() {
            let key = (
                sc.logical_key,
                sc.modifiers.command || sc.modifiers.ctrl,
                sc.modifiers.shift,
                sc.modifiers.alt,
            );
            if let Some(other) = seen.insert(key, command) {
                panic!("{command:?} and {other:?} share {sc:?}");
            }
        }
    }
    assert!(seen.len() >= 30, "only {} shortcuts", seen.len());
}

#[test]
fn the_app_requests_no_repaint_while_idle() {
    let mut h = app();
    h.run_steps(6);
    let idle = h.output().viewport_output.values().all(|v| v.repaint_delay == Duration::MAX);
    assert!(idle, "{:?}", h.output().viewport_output.values().map(|v| v.repaint_delay).collect::<Vec<_>>());

    // After an edit it settles again.
    let id = id_of(&h, "First bill");
    click_card(&mut h, id, Modifiers::NONE);
    press(&mut h, Modifiers::NONE, Key::G);
    h.remove_cursor();
    h.run_steps(6);
    let idle = h.output().viewport_output.values().all(|v| v.repaint_delay == Duration::MAX);
    assert!(idle, "{:?}", h.output().viewport_output.values().map(|v| v.repaint_delay).collect::<Vec<_>>());
}

fn snapshot_options() -> SnapshotOptions {
    // A few hundred anti-aliased pixels may differ between Mesa builds; layout changes do not.
    SnapshotOptions::new().max_failed_pixels(400)
}

#[test]
fn snapshot_of_the_sample_fitted() {
    let mut h = app();
    h.run_steps(2);
    h.snapshot_options("workbench_sample_fitted", &snapshot_options());
}

#[test]
fn snapshot_of_the_sample_zoomed_in_with_a_selection() {
    let mut h = app();
    let id = id_of(&h, "Dispute call, bill fixed");
    click_card(&mut h, id, Modifiers::NONE);
    for _ in 0..3 {
        press(&mut h, Modifiers::COMMAND, Key::Plus);
    }
    h.remove_cursor();
    h.run_steps(3);
    assert!(h.state().view.zoom() >= 0.6, "zoom {}", h.state().view.zoom());
    h.snapshot_options("workbench_zoomed_in_selected", &snapshot_options());
}

#[test]
fn snapshot_of_the_sample_zoomed_out_in_presentation_mode() {
    let mut h = app();
    press(&mut h, Modifiers::NONE, Key::F5);
    for _ in 0..3 {
        press(&mut h, Modifiers::COMMAND, Key::Minus);
    }
    h.run_steps(3);
    h.snapshot_options("workbench_presentation_zoomed_out", &snapshot_options());
}

#[test]
fn ctrl_e_exports_the_shown_journey_and_the_next_export_starts_in_the_same_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let png_path = dir.path().join("review.png");
    let svg_path = dir.path().join("review.svg");
    let dialogs = ScriptedDialogs::answering([
        DialogAnswer::Picked(png_path.clone()),
        // A name without an extension gets the chosen format's.
        DialogAnswer::Picked(dir.path().join("review")),
    ]);
    let asked = dialogs.asked.clone();
    let mut h = app_with(None, dialogs);
    press(&mut h, Modifiers::COMMAND, Key::E);
    h.get_by_label("Export diagram");
    h.get_by_label("Export…").click();
    h.run_steps(1);
    settle(&mut h);
    let bytes = std::fs::read(&png_path).expect("the PNG is written");
    let info = png::Decoder::new(std::io::Cursor::new(&bytes[..])).read_info().expect("a PNG").info().clone();
    let project = h.state().document().project().clone();
    let expected = rapport::export::png_size(
        &project.name,
        &project.journeys[0],
        &rapport::export::ExportOptions::default(),
    );
    assert_eq!((info.width, info.height), expected, "2× by default");
    assert!(h.state().status().expect("status").0.starts_with("Exported"));

    press(&mut h, Modifiers::COMMAND, Key::E);
    h.get_by_label("SVG drawing").click();
    h.run_steps(2);
    h.get_by_label("Export…").click();
    h.run_steps(1);
    settle(&mut h);
    let svg = std::fs::read_to_string(&svg_path).expect("the SVG is written");
    assert!(svg.contains("Welcome call"));
    let asked = asked.lock().expect("lock").clone();
    assert_eq!(asked[0], "export  brightwatt-energy-as-is.png", "no folder yet: the project was never saved");
    assert_eq!(asked[1], format!("export {} brightwatt-energy-as-is.svg", dir.path().display()));
}

#[test]
fn an_export_that_cannot_be_written_says_why_and_the_work_stays_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a_file = dir.path().join("plain-file");
    std::fs::write(&a_file, "x").expect("write");
    let dialogs = ScriptedDialogs::answering([DialogAnswer::Picked(a_file.join("x.png"))]);
    let mut h = app_with(None, dialogs);
    press(&mut h, Modifiers::NONE, Key::Escape);
    press(&mut h, Modifiers::COMMAND, Key::E);
    h.get_by_label("Export…").click();
    h.run_steps(1);
    settle(&mut h);
    h.get_by_label("Could not export");
    assert!(!a_file.join("x.png").exists());
    assert_eq!(h.state().document().project().journeys.len(), 2, "nothing else changed");
}

#[test]
fn copy_as_png_puts_the_diagram_on_the_clipboard() {
    let mut h = app();
    // One frame with the key press in it, so that frame's output can be read.
    let modifiers = Modifiers::COMMAND | Modifiers::SHIFT;
    h.input_mut().events.push(Event::ModifiersChanged(modifiers));
    h.input_mut().events.push(Event::Key {
        key: Key::C,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers,
    });
    h.step();
    // The picture is drawn on the pictures worker; the frame after it is done copies it.
    h.state_mut().finish_work();
    h.step();
    let copied = h.output().platform_output.commands.iter().find_map(|c| match c {
        egui::OutputCommand::CopyImage(image) => Some(image.size),
        _ => None,
    });
    let project = h.state().document().project().clone();
    let (w, h_px) = rapport::export::png_size(
        &project.name,
        &project.journeys[0],
        &rapport::export::ExportOptions::default(),
    );
    assert_eq!(copied, Some([w as usize, h_px as usize]), "a 2× picture of the journey shown");
    assert!(h.state().status().expect("status").0.contains("clipboard"));
}

// ----- gestures end cleanly (DESIGN.md §11) ---------------------------------------------------

fn press_at(h: &mut Harness<'_, RapportApp>, pos: Pos2) {
    h.event(Event::PointerMoved(pos));
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.run_steps(1);
}

fn move_to(h: &mut Harness<'_, RapportApp>, from: Pos2, to: Pos2) {
    for k in 1..=4 {
        h.event(Event::PointerMoved(from + (to - from) * (k as f32 / 4.0)));
        h.run_steps(1);
    }
}

fn release_at(h: &mut Harness<'_, RapportApp>, pos: Pos2) {
    h.event(Event::PointerMoved(pos));
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run_steps(2);
}

#[test]
fn a_card_drag_scrolled_away_and_released_outside_the_cards_ends_and_leaves_no_ghost() {
    let mut h = app();
    let id = id_of(&h, "First bill");
    let before = h.state().project().clone();
    let start = card_centre(&h, id);
    press_at(&mut h, start);
    let held = start + egui::vec2(40.0, 30.0);
    move_to(&mut h, start, held);
    assert!(matches!(h.state().view.gesture(), rapport::app::canvas::Gesture::Cards(_)));
    // The room asks to see the long term: the facilitator scrolls while holding the card, far
    // enough that the card's own place is off screen.
    for _ in 0..6 {
        h.event(Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(-600.0, -400.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        h.run_steps(1);
    }
    // … and lets go over the status bar, outside every card and cell.
    let outside = Pos2::new(300.0, 893.0);
    move_to(&mut h, held, outside);
    release_at(&mut h, outside);
    assert_eq!(*h.state().view.gesture(), rapport::app::canvas::Gesture::Idle, "nothing half-dragged");
    assert_eq!(*h.state().project(), before, "dropped nowhere: the card stays where it was");
}

#[test]
fn a_drag_whose_card_is_undone_away_is_cancelled() {
    let mut h = app();
    // A card added, then dragged while Ctrl+Z takes it away.
    let id = id_of(&h, "First bill");
    h.state_mut().view.selection = [TouchpointId(id)].into();
    h.run_steps(1);
    press(&mut h, Modifiers::COMMAND, Key::D);
    let copy = *h.state().selection().first().expect("the copy is selected");
    let start = card_centre(&h, copy.0);
    press_at(&mut h, start);
    move_to(&mut h, start, start + egui::vec2(0.0, 60.0));
    assert!(matches!(h.state().view.gesture(), rapport::app::canvas::Gesture::Cards(_)));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert!(h.state().journey().touchpoint(copy).is_none());
    assert_eq!(*h.state().view.gesture(), rapport::app::canvas::Gesture::Idle);
    release_at(&mut h, start + egui::vec2(0.0, 60.0));
    assert!(h.state().journey().touchpoint(copy).is_none(), "nothing comes back on release");
}

#[test]
fn the_link_handle_of_a_card_only_hovered_draws_an_arrow_and_never_moves_the_card() {
    let mut h = app();
    let (a, b) = (id_of(&h, "Welcome call"), id_of(&h, "Your first bill explained"));
    let before = h.state().project().clone();
    let links_before = before.journeys[0].links.len();
    let card = h.state().layout().expect("layout").card(TouchpointId(a)).expect("card").rect;
    // Hover the card (not selected), then the handle on its right edge.
    let inside = h.state().view.to_screen_pos(card.center());
    h.event(Event::PointerMoved(inside));
    h.run_steps(2);
    let handle = h.state().view.to_screen_pos(rapport::layout::Point::new(card.max.x, card.center().y));
    h.event(Event::PointerMoved(handle));
    h.run_steps(2);
    assert!(h.state().selection().is_empty(), "only hovered");
    press_at(&mut h, handle);
    let target = card_centre(&h, b);
    move_to(&mut h, handle, target);
    assert!(matches!(h.state().view.gesture(), rapport::app::canvas::Gesture::Link { .. }));
    release_at(&mut h, target);
    let after = &h.state().project().journeys[0];
    assert_eq!(after.links.len(), links_before + 1);
    assert_eq!(after.links.last().map(|l| (l.from.0, l.to.0)), Some((a, b)));
    let moved = |p: &rapport::model::Project| {
        p.journeys[0].touchpoint(TouchpointId(a)).map(|t| (t.lane.clone(), t.phase, t.day))
    };
    assert_eq!(moved(h.state().project()), moved(&before), "the card stayed");
}

// ----- a screen reader walks the journey (DESIGN.md §8.2) -------------------------------------

use egui::accesskit::Role;
use egui_kittest::kittest::NodeT;

#[test]
fn each_phase_and_lane_is_a_named_group_holding_its_cards() {
    let h = app();
    let card = h.get_by_role_and_label(Role::Button, "Touchpoint 2: Welcome call");
    let lane = card.parent().expect("in a lane group");
    assert_eq!(lane.accesskit_node().role(), Role::Group);
    assert_eq!(lane.accesskit_node().label().as_deref(), Some("People"));
    let phase = lane.parent().expect("in a phase group");
    assert_eq!(phase.accesskit_node().role(), Role::Group);
    assert_eq!(phase.accesskit_node().label().as_deref(), Some("Early days"));
    for name in ["Early days", "First disagreement", "Long term"] {
        h.get_by_role_and_label(Role::Group, name);
    }
    h.get_by_role_and_label(
        Role::Label,
        "Link from 6 “Estimated-arrears demand” to 7 “Dispute call, bill fixed”",
    );
    h.check_accessibility();
}

#[test]
fn a_card_is_described_in_words_where_it_is_what_it_does_and_what_is_wrong() {
    let h = app();
    let welcome = h.get_by_role_and_label(Role::Button, "Touchpoint 2: Welcome call");
    assert_eq!(
        welcome.accesskit_node().description().as_deref(),
        Some(
            "Early days, People, day 2: the organisation gives, strength 2, served by Priya, two-way, \
             tailored, personal in tone, sets the next contact; the customer feels +1"
        )
    );
    let demand = h.get_by_role_and_label(Role::Button, "Touchpoint 6: Estimated-arrears demand");
    let words = demand.accesskit_node().description().unwrap_or_default();
    assert!(
        words.starts_with(
            "First disagreement, Digital, day 97: the organisation takes, strength 3, automated"
        ),
        "{words}"
    );
    assert!(words.contains("the customer feels \u{2212}2"), "{words}");
    assert!(words.contains("warning: gift not reciprocated"), "{words}");
}

#[test]
fn the_arrows_move_the_keyboard_and_the_selection_together_in_reading_order() {
    let mut h = app();
    click_card(&mut h, 2, Modifiers::NONE);
    press(&mut h, Modifiers::NONE, Key::ArrowRight);
    h.run_steps(2);
    let now = h.state().selection();
    assert_eq!(now, vec![TouchpointId(3)], "the next card in the lane");
    assert!(h.get_by_role_and_label(Role::Button, "Touchpoint 3: Your first bill explained").is_focused());
    // The workbench's keys still act on the card that has the keyboard.
    press(&mut h, Modifiers::NONE, Key::T);
    assert_eq!(exchange_of(&h, 3), Exchange::OrgTakes(2));
    // Enter edits its title.
    press(&mut h, Modifiers::NONE, Key::Enter);
    h.get_by_label("Touchpoint title");
}

#[test]
fn tab_reaches_the_cards_and_selects_the_one_it_lands_on() {
    let mut h = app();
    let mut landed = None;
    for _ in 0..200 {
        press(&mut h, Modifiers::NONE, Key::Tab);
        if let Some(id) = h.state().view.focused_card() {
            landed = Some(id);
            break;
        }
    }
    let id = landed.expect("Tab reaches a card");
    assert_eq!(h.state().selection(), vec![id]);
}

#[test]
fn a_change_of_score_is_announced_politely() {
    let mut h = app();
    let before = h.state().analysis().expect("analysed").mutuality.score;
    click_card(&mut h, 6, Modifiers::NONE);
    press(&mut h, Modifiers::NONE, Key::G);
    h.run_steps(2);
    let after = h.state().analysis().expect("analysed").mutuality.score;
    let said = h.state().announcement().to_owned();
    assert!(said.contains(&format!("design mutuality {before:.0} to {after:.0}")), "{said}");
    let node = h.get_by_role_and_label(Role::Status, &said);
    assert_eq!(node.accesskit_node().live(), egui::accesskit::Live::Polite);
}

// ----- touchpoints as a table: copy, paste, import (DESIGN.md §17) ---------------------------

#[test]
fn rows_pasted_from_a_spreadsheet_become_cards_in_the_selected_cell_as_one_undo_step() {
    let mut h = app();
    click_card(&mut h, 2, Modifiers::NONE); // Welcome call: People, early days
    let before = h.state().project().clone();
    h.event(Event::Paste(
        "Title\tFeeling\nTexts a photo of the meter\t1\nGets a reply from Priya\t2\n".into(),
    ));
    h.run_steps(3);
    let j = h.state().journey().clone();
    assert_eq!(j.touchpoints.len(), before.journeys[0].touchpoints.len() + 2);
    for title in ["Texts a photo of the meter", "Gets a reply from Priya"] {
        let t = j.touchpoints.iter().find(|t| t.title == title).expect("pasted");
        assert_eq!((t.lane.as_str(), t.phase), ("People", Phase::EarlyDays), "{title}");
    }
    assert_eq!(h.state().selection().len(), 2, "the pasted cards are selected");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(*h.state().project(), before, "one Ctrl+Z takes both back");
}

#[test]
fn text_that_is_not_a_table_pastes_nothing_and_says_why() {
    let mut h = app();
    let before = h.state().project().clone();
    h.event(Event::Paste("just a sentence from an email".into()));
    h.run_steps(3);
    assert_eq!(*h.state().project(), before);
    let (message, error) = h.state().status().expect("a status").clone();
    assert!(error && message.contains("not a table"), "{message}");
}

#[test]
fn copy_puts_the_selected_cards_on_the_clipboard_as_rows_with_the_header() {
    let mut h = app();
    click_card(&mut h, 2, Modifiers::NONE);
    click_card(&mut h, 3, Modifiers::SHIFT);
    h.event(Event::Copy);
    h.step();
    let copied = h
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .expect("text on the clipboard");
    let lines: Vec<&str> = copied.lines().collect();
    assert!(lines[0].starts_with("journey\tid\ttitle\tphase\tday\tlane"), "{copied}");
    assert_eq!(lines.len(), 3, "{copied}");
    assert!(lines[1].contains("Welcome call") && lines[2].contains("Your first bill explained"), "{copied}");
}

#[test]
fn a_table_is_imported_as_new_journeys_in_one_undo_step() {
    let dir = tempfile::tempdir().expect("tempdir");
    let table = dir.path().join("inventory.csv");
    std::fs::write(
        &table,
        "journey;title;phase;provider\nBranch;Opens an account;early;person:Tom\nBranch;Complains;2;anyone\n",
    )
    .expect("write");
    let mut h = app();
    let before = h.state().project().clone();
    h.state_mut().queue(Command::ImportTable);
    h.run_steps(3);
    h.get_by_label("Import touchpoints");
    let field = h.get_by_label("Path");
    field.focus();
    h.key_combination_modifiers(Modifiers::COMMAND, &[Key::A]);
    h.get_by_label("Path").type_text(&table.display().to_string());
    h.run_steps(2);
    h.get_by_label("Import").click();
    h.run_steps(1);
    settle(&mut h);
    let project = h.state().project().clone();
    assert_eq!(project.journeys.len(), before.journeys.len() + 1);
    assert_eq!(h.state().journey().name, "Branch", "the imported journey is shown");
    assert_eq!(h.state().journey().touchpoints.len(), 2);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(*h.state().project(), before);
}

#[test]
fn ctrl_e_writes_the_whole_project_as_a_pdf_review_pack_on_the_paper_chosen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("review");
    // No native dialog for the pack in this test: the app asks for the path in its own field.
    let mut h = app();
    press(&mut h, Modifiers::NONE, Key::Escape);
    press(&mut h, Modifiers::COMMAND, Key::E);
    h.get_by_label("PDF review pack").click();
    // The dialog takes its new size and place.
    h.run_steps(6);
    h.get_by_label("Export review pack");
    h.get_by_label("US Letter").click();
    h.run_steps(2);
    assert_eq!(
        h.get_by_label("US Letter").accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True),
        "letter chosen"
    );
    assert!(h.query_by_label("Copy as PNG").is_some_and(|c| c.accesskit_node().is_disabled()));
    h.get_by_label("Export…").click();
    h.run_steps(2);
    let field = h.get_by_label("Path");
    field.focus();
    h.key_combination_modifiers(Modifiers::COMMAND, &[Key::A]);
    h.get_by_label("Path").type_text(&target.display().to_string());
    h.run_steps(2);
    h.get_by_label("Export").click();
    h.run_steps(1);
    settle(&mut h);
    // A name without an extension gets .pdf.
    let written = dir.path().join("review.pdf");
    let bytes = std::fs::read(&written).expect("the pack is written");
    assert!(bytes.starts_with(b"%PDF-"));
    let project = h.state().document().project().clone();
    let pages = rapport::pdf::page_labels(&project, rapport::pdf::Paper::Letter).len();
    let status = h.state().status().expect("status").0.clone();
    assert!(
        status.starts_with("Exported the review pack")
            && status.contains(&format!("{pages} pages, US Letter")),
        "{status}"
    );
    // The palette's command opens the same dialog on the pack, remembering the paper.
    h.state_mut().queue(Command::ExportPack);
    h.run_steps(3);
    h.get_by_label("Export review pack");
    assert_eq!(h.get_by_label("US Letter").accesskit_node().toggled(), Some(egui::accesskit::Toggled::True));
}
