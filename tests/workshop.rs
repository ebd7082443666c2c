//! Workshop mode (DESIGN.md §8.1), driven like a facilitator would through egui_kittest: a
//! journey the room can read on a laptop, presenting phase by phase, the timer, capturing with
//! the keyboard alone, folding the side panels, warnings on phase headers, and keys that land in
//! the same frame acting in order.
#![cfg(feature = "gui")]

use egui::{Event, Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, SnapshotOptions};
use rapport::app::files::{DialogAnswer, FileDialogs};
use rapport::app::{AppOptions, RapportApp};
use rapport::export::Format;
use rapport::layout::card::{self, Detail};
use rapport::model::{Exchange, Phase, TouchpointId};

struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn open(&mut self, _: Option<&std::path::Path>) -> DialogAnswer {
        DialogAnswer::Cancelled
    }
    fn save(&mut self, _: Option<&std::path::Path>, _: &str) -> DialogAnswer {
        DialogAnswer::Cancelled
    }
    fn export(&mut self, _: Option<&std::path::Path>, _: &str, _: Format) -> DialogAnswer {
        DialogAnswer::Cancelled
    }
}

fn app_sized(file: Option<&str>, size: [f32; 2]) -> Harness<'static, RapportApp> {
    let file = file.map(|f| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples").join(f));
    let mut h = Harness::builder().with_size(size).with_max_steps(12).with_step_dt(1.0 / 30.0).build_eframe(
        move |cc| {
            RapportApp::new(
                &cc.egui_ctx,
                AppOptions { file, config_dir: None, dialogs: Box::new(NoDialogs), recovery_dir: None },
            )
        },
    );
    h.remove_cursor();
    h.run_steps(4);
    h
}

fn app() -> Harness<'static, RapportApp> {
    app_sized(None, [1366.0, 768.0])
}

fn press(h: &mut Harness<'_, RapportApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run_steps(3);
}

fn type_text(h: &mut Harness<'_, RapportApp>, text: &str) {
    h.event(Event::Text(text.to_owned()));
    h.run_steps(2);
}

/// Presses several keys so that they all reach the app in one frame.
fn keys_in_one_frame(h: &mut Harness<'_, RapportApp>, keys: &[(Modifiers, Key)]) {
    for (modifiers, key) in keys {
        for pressed in [true, false] {
            h.input_mut().events.push(Event::Key {
                key: *key,
                physical_key: None,
                pressed,
                repeat: false,
                modifiers: *modifiers,
            });
        }
    }
    h.step();
    h.run_steps(2);
}

fn select(h: &mut Harness<'_, RapportApp>, id: u32) {
    h.state_mut().view.selection = [TouchpointId(id)].into();
    h.run_steps(1);
}

fn exchange(h: &Harness<'_, RapportApp>, id: u32) -> Exchange {
    h.state().journey().touchpoint(TouchpointId(id)).expect("touchpoint").exchange
}

// ----- legible in the room ------------------------------------------------------------------

#[test]
fn the_sample_opens_fitted_on_a_laptop_with_every_title_at_twelve_pixels_or_more() {
    let h = app();
    let zoom = h.state().view.zoom();
    let detail = Detail::for_scale(zoom);
    assert!(detail.title_size() * zoom >= card::READABLE_PX, "zoom {zoom} at {detail:?}");
    // The whole journey is on screen.
    let view = h.state().view.scene_rect;
    let layout = h.state().layout().expect("layout");
    for c in &layout.cards {
        let r = c.rect;
        assert!(
            view.contains(egui::pos2(r.min.x, r.min.y)) && view.contains(egui::pos2(r.max.x, r.max.y)),
            "{:?} off screen",
            c.id
        );
    }
}

#[test]
fn a_phase_warning_marks_its_header_and_not_every_card_of_the_phase() {
    let h = app();
    // LOYALTY_PENALTY names every long-term card; only touchpoint findings mark cards.
    let analysis = h.state().analysis().expect("analysis");
    let warned = analysis.warned_touchpoints();
    assert!(!warned.contains(&TouchpointId(11)), "“Refers a friend” has no finding of its own");
    assert!(warned.contains(&TouchpointId(8)));
    h.get_by_label("1 warning in Long term");
    h.get_by_label("1 warning in First disagreement");
}

// ----- presenting -----------------------------------------------------------------------------

fn shown_phases(h: &Harness<'_, RapportApp>) -> Vec<Phase> {
    let mut phases: Vec<Phase> = h.state().layout().expect("layout").cards.iter().map(|c| c.phase).collect();
    phases.sort();
    phases.dedup();
    phases
}

#[test]
fn presenting_steps_whole_journey_then_each_phase_then_back_and_escape_leaves() {
    let mut h = app();
    press(&mut h, Modifiers::NONE, Key::F5);
    assert!(h.state().presenting());
    assert_eq!(h.state().focus(), None);
    assert_eq!(shown_phases(&h), Phase::ALL.to_vec());
    h.get_by_label("design mutuality");

    for phase in Phase::ALL {
        press(&mut h, Modifiers::NONE, Key::PageDown);
        assert_eq!(h.state().focus(), Some(phase));
        assert_eq!(shown_phases(&h), vec![phase], "only the focused phase is shown");
        h.get_by_label(&format!("{}: what to look at", phase.label()));
        // The phase fills the screen: its cards are larger than on the whole-journey view.
        let zoom = h.state().view.zoom();
        assert!(Detail::for_scale(zoom).title_size() * zoom >= 14.0, "{phase:?} at zoom {zoom}");
    }
    press(&mut h, Modifiers::NONE, Key::PageDown);
    assert_eq!(h.state().focus(), None, "after the long term, the whole journey again");
    press(&mut h, Modifiers::NONE, Key::ArrowRight);
    assert_eq!(h.state().focus(), Some(Phase::EarlyDays), "→ steps when nothing is selected");
    press(&mut h, Modifiers::NONE, Key::PageUp);
    assert_eq!(h.state().focus(), None);
    press(&mut h, Modifiers::NONE, Key::PageUp);
    assert_eq!(h.state().focus(), Some(Phase::LongTerm));
    press(&mut h, Modifiers::NONE, Key::Home);
    assert_eq!(h.state().focus(), None);
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(!h.state().presenting());
}

#[test]
fn editing_keeps_working_while_presenting_and_the_room_sees_the_score_change() {
    let mut h = app();
    press(&mut h, Modifiers::NONE, Key::F5);
    let before = h.state().analysis().expect("analysis").mutuality.score;
    select(&mut h, 6);
    // With a card selected the arrows move the selection, not the phase.
    press(&mut h, Modifiers::NONE, Key::ArrowRight);
    assert_eq!(h.state().focus(), None);
    select(&mut h, 6);
    press(&mut h, Modifiers::NONE, Key::G);
    assert_eq!(exchange(&h, 6), Exchange::OrgGives(3));
    let after = h.state().analysis().expect("analysis").mutuality.score;
    assert!(after > before);
    h.get_by_label(&format!("{after:.0}"));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(exchange(&h, 6), Exchange::OrgTakes(3));
    assert!(h.state().presenting());
}

#[test]
fn snapshot_of_presenting_the_whole_journey_on_a_laptop() {
    let mut h = app();
    press(&mut h, Modifiers::NONE, Key::F5);
    h.run_steps(4);
    h.snapshot_options("present_whole_journey_1366", &SnapshotOptions::default().max_failed_pixels(400));
}

#[test]
fn snapshot_of_presenting_the_first_disagreement_on_a_laptop() {
    let mut h = app();
    press(&mut h, Modifiers::NONE, Key::F5);
    press(&mut h, Modifiers::NONE, Key::PageDown);
    press(&mut h, Modifiers::NONE, Key::PageDown);
    h.run_steps(4);
    assert_eq!(h.state().focus(), Some(Phase::FirstDisagreement));
    h.snapshot_options("present_first_disagreement_1366", &SnapshotOptions::default().max_failed_pixels(400));
}

// ----- the timer ------------------------------------------------------------------------------

fn remaining(h: &Harness<'_, RapportApp>) -> f64 {
    let now = h.ctx.input(|i| i.time);
    h.state().timer().expect("a timer").remaining(now)
}

#[test]
fn a_timer_starts_pauses_gains_a_minute_and_shows_clearly_when_time_is_up() {
    let mut h = app();
    press(&mut h, Modifiers::COMMAND, Key::T);
    h.get_by_label("5 min").click();
    h.run_steps(2);
    let left = remaining(&h);
    assert!((299.0..=300.0).contains(&left), "{left}");
    assert!(!h.state().window_title().starts_with('●'), "a timer never marks the project unsaved");
    assert!(
        h.query_by_label("⏱ 5:00").or_else(|| h.query_by_label("⏱ 4:59")).is_some(),
        "the countdown shows"
    );

    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    let paused = remaining(&h);
    h.run_steps(30);
    assert_eq!(remaining(&h), paused, "a paused timer holds");
    h.get_by_label_contains("(paused)");
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::M);
    assert!(remaining(&h) > paused + 50.0, "one more minute");

    // Run the clock past zero: a second per step.
    let mut h = {
        let mut h = h;
        h.state_mut().queue(rapport::app::commands::Command::TimerStop);
        h.run_steps(2);
        assert!(h.state().timer().is_none());
        h
    };
    press(&mut h, Modifiers::COMMAND, Key::T);
    h.get_by_label("Or type how long").type_text("0:02");
    h.run_steps(1);
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert!(remaining(&h) <= 2.0);
    h.run_steps(90);
    h.get_by_label_contains("Time is up");
    press(&mut h, Modifiers::NONE, Key::F5);
    h.get_by_label_contains("Time is up");
}

// ----- capture with the keyboard alone ------------------------------------------------------

#[test]
fn ten_touchpoints_are_captured_and_annotated_without_the_mouse() {
    let mut h = app();
    // A new, empty project: Ctrl+N (nothing unsaved to ask about).
    press(&mut h, Modifiers::COMMAND, Key::N);
    assert!(h.state().journey().touchpoints.is_empty());
    let titles = [
        "Sees an advert",
        "Signs up online",
        "Welcome call",
        "First bill",
        "Meter reading",
        "Arrears letter",
        "Complaint call",
        "Bill fixed",
        "Annual review",
        "Loyalty offer",
    ];
    for (k, title) in titles.iter().enumerate() {
        press(&mut h, Modifiers::COMMAND, Key::Enter);
        type_text(&mut h, title);
        if k + 1 == titles.len() {
            press(&mut h, Modifiers::NONE, Key::Enter);
        }
    }
    let j = h.state().journey().clone();
    assert_eq!(j.touchpoints.len(), 10);
    let in_time: Vec<&str> = j.timeline().into_iter().map(|i| j.touchpoints[i].title.as_str()).collect();
    assert_eq!(in_time, titles.to_vec(), "each new card comes right after the one before");
    let days: Vec<u32> = j.timeline().into_iter().map(|i| j.touchpoints[i].day).collect();
    assert_eq!(days, vec![0, 7, 14, 21, 28, 35, 42, 49, 56, 63], "days by DESIGN.md §8's rule");

    // Annotate: the last one is selected; walk back with the arrows and mark exchanges.
    press(&mut h, Modifiers::NONE, Key::T);
    press(&mut h, Modifiers::NONE, Key::Num3);
    press(&mut h, Modifiers::NONE, Key::ArrowLeft);
    press(&mut h, Modifiers::NONE, Key::G);
    press(&mut h, Modifiers::SHIFT, Key::G);
    let by_title = |h: &Harness<'_, RapportApp>, t: &str| {
        h.state().journey().touchpoints.iter().find(|x| x.title == t).map(|x| x.exchange).expect("there")
    };
    assert_eq!(by_title(&h, "Loyalty offer"), Exchange::OrgTakes(3));
    assert_eq!(by_title(&h, "Annual review"), Exchange::CustomerGives(1));
    press(&mut h, Modifiers::ALT, Key::ArrowDown);
    let lane =
        h.state().journey().touchpoints.iter().find(|x| x.title == "Annual review").map(|x| x.lane.clone());
    assert_eq!(lane.as_deref(), Some("People"));
}

#[test]
fn alt_up_moves_the_selection_to_the_lane_above_in_one_undo_step() {
    let mut h = app();
    // Touchpoints 2 and 3 (Welcome call, first bill explained) are in the People lane.
    h.state_mut().view.selection = [TouchpointId(2), TouchpointId(3)].into();
    h.run_steps(1);
    press(&mut h, Modifiers::ALT, Key::ArrowUp);
    let lane = |h: &Harness<'_, RapportApp>, id| {
        h.state().journey().touchpoint(TouchpointId(id)).map(|t| t.lane.clone())
    };
    assert_eq!(lane(&h, 2).as_deref(), Some("Customer"));
    assert_eq!(lane(&h, 3).as_deref(), Some("Customer"));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(lane(&h, 2).as_deref(), Some("People"));
    assert_eq!(lane(&h, 3).as_deref(), Some("People"), "both in one step");
}

// ----- panels -------------------------------------------------------------------------------

#[test]
fn folding_the_panels_away_refits_the_canvas_and_a_handle_brings_them_back() {
    let mut h = app();
    let (width, zoom) = (h.state().view.screen_rect.width(), h.state().view.zoom());
    press(&mut h, Modifiers::COMMAND, Key::OpenBracket);
    press(&mut h, Modifiers::COMMAND, Key::CloseBracket);
    h.run_steps(3);
    assert!(!h.state().settings().show_inspector && !h.state().settings().show_scores);
    let (wider, larger) = (h.state().view.screen_rect.width(), h.state().view.zoom());
    assert!(wider > width + 400.0, "{width} → {wider}");
    assert!(larger > zoom, "the canvas refits: zoom {zoom} → {larger}");
    h.get_by_label("Show / hide the inspector").click();
    h.run_steps(3);
    assert!(h.state().settings().show_inspector);
}

#[test]
fn a_view_zoomed_by_hand_is_kept_when_a_panel_folds() {
    let mut h = app();
    press(&mut h, Modifiers::COMMAND, Key::Equals);
    let zoom = h.state().view.zoom();
    press(&mut h, Modifiers::COMMAND, Key::OpenBracket);
    h.run_steps(3);
    assert!((h.state().view.zoom() - zoom).abs() < 1e-3, "kept {zoom}, now {}", h.state().view.zoom());
    press(&mut h, Modifiers::SHIFT, Key::Num1);
    assert!(h.state().view.zoom() != zoom, "Shift+1 fits again");
}

// ----- keys in one frame --------------------------------------------------------------------

#[test]
fn g_then_3_in_one_frame_both_apply_in_order() {
    let mut h = app();
    select(&mut h, 6);
    keys_in_one_frame(&mut h, &[(Modifiers::NONE, Key::G), (Modifiers::NONE, Key::Num1)]);
    assert_eq!(exchange(&h, 6), Exchange::OrgGives(1));
    keys_in_one_frame(&mut h, &[(Modifiers::NONE, Key::Num2), (Modifiers::NONE, Key::T)]);
    assert_eq!(exchange(&h, 6), Exchange::OrgTakes(2));
}

#[test]
fn delete_then_undo_in_one_frame_deletes_then_brings_it_back() {
    let mut h = app();
    let n = h.state().journey().touchpoints.len();
    select(&mut h, 4);
    keys_in_one_frame(&mut h, &[(Modifiers::NONE, Key::Delete), (Modifiers::COMMAND, Key::Z)]);
    assert_eq!(h.state().journey().touchpoints.len(), n);
    assert!(h.state().document().can_redo(), "the delete happened and was undone");
    assert!(!h.state().window_title().starts_with('●'));
}

#[test]
fn ctrl_d_twice_in_one_frame_makes_two_copies() {
    let mut h = app();
    let n = h.state().journey().touchpoints.len();
    select(&mut h, 2);
    keys_in_one_frame(&mut h, &[(Modifiers::COMMAND, Key::D), (Modifiers::COMMAND, Key::D)]);
    let j = h.state().journey();
    assert_eq!(j.touchpoints.len(), n + 2);
    assert!(
        j.touchpoints.iter().any(|t| t.title == "Welcome call (copy) (copy)"),
        "the second copies the first copy"
    );
    assert!(h.state().status().is_none_or(|(_, error)| !error), "{:?}", h.state().status());
}

// ----- the feeling curve --------------------------------------------------------------------

fn feeling_of(h: &Harness<'_, RapportApp>, id: u32) -> Option<i8> {
    h.state().journey().touchpoint(TouchpointId(id)).and_then(|t| t.feeling)
}

fn point_on_screen(h: &Harness<'_, RapportApp>, id: u32) -> egui::Pos2 {
    let strip = h.state().layout().and_then(|l| l.feeling.clone()).expect("the curve is shown");
    let p = strip.point(TouchpointId(id)).expect("a point");
    h.state().view.to_screen_pos(p.at)
}

#[test]
fn dragging_a_feeling_point_up_sets_the_feeling_in_one_undo_step() {
    let mut h = app();
    // Touchpoint 6, the arrears demand, feels −2.
    assert_eq!(feeling_of(&h, 6), Some(-2));
    let strip = h.state().layout().and_then(|l| l.feeling.clone()).expect("strip");
    let start = point_on_screen(&h, 6);
    let target = h.state().view.to_screen_pos(rapport::layout::Point::new(0.0, strip.y_of(1.0)));
    let end = egui::pos2(start.x, target.y);
    h.event(Event::PointerMoved(start));
    h.run_steps(1);
    h.event(Event::PointerButton {
        pos: start,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.run_steps(1);
    for k in 1..=6 {
        h.event(Event::PointerMoved(start + (end - start) * (k as f32 / 6.0)));
        h.run_steps(1);
    }
    h.event(Event::PointerButton {
        pos: end,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run_steps(3);
    assert_eq!(feeling_of(&h, 6), Some(1));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(feeling_of(&h, 6), Some(-2), "one step back");
}

#[test]
fn hovering_a_point_lights_its_card_and_hovering_a_card_lights_its_point() {
    let mut h = app();
    h.event(Event::PointerMoved(point_on_screen(&h, 10)));
    h.run_steps(2);
    assert_eq!(h.state().view.hovered(), Some(TouchpointId(10)));
    let card = h.state().layout().and_then(|l| l.card(TouchpointId(2))).expect("card").rect.center();
    h.event(Event::PointerMoved(h.state().view.to_screen_pos(card)));
    h.run_steps(2);
    assert_eq!(h.state().view.hovered(), Some(TouchpointId(2)));
}

#[test]
fn ctrl_up_and_down_change_the_selected_cards_feeling() {
    let mut h = app();
    select(&mut h, 1);
    assert_eq!(feeling_of(&h, 1), None);
    press(&mut h, Modifiers::COMMAND, Key::ArrowUp);
    assert_eq!(feeling_of(&h, 1), Some(1));
    press(&mut h, Modifiers::COMMAND, Key::ArrowUp);
    press(&mut h, Modifiers::COMMAND, Key::ArrowUp);
    assert_eq!(feeling_of(&h, 1), Some(2), "the scale stops at +2");
    press(&mut h, Modifiers::COMMAND, Key::ArrowDown);
    assert_eq!(feeling_of(&h, 1), Some(1));
}

#[test]
fn the_feeling_curve_can_be_hidden_and_the_canvas_refits_without_it() {
    let mut h = app();
    assert!(h.state().layout().is_some_and(|l| l.feeling.is_some()));
    let zoom = h.state().view.zoom();
    h.state_mut().queue(rapport::app::commands::Command::ToggleFeelingCurve);
    h.run_steps(4);
    assert!(h.state().layout().is_some_and(|l| l.feeling.is_none()));
    assert!(h.state().view.zoom() >= zoom, "more room for the cards");
}

#[test]
fn the_projector_theme_is_chosen_from_the_view_menu_and_remembered() {
    let mut h = app();
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Projector theme").click();
    h.run_steps(3);
    assert!(h.state().settings().projector);
    assert_eq!(h.state().settings().theme(), rapport::app::theme::Theme::Projector);
}

// ----- the presentation strip (issue: workshop polish) ----------------------------------------

/// The rects of the strip's items while presenting: the four numbers' labels and the timer's
/// countdown and buttons.
fn strip_items(h: &Harness<'_, RapportApp>) -> Vec<(String, egui::Rect)> {
    let mut items = Vec::new();
    for label in ["design mutuality", "design continuity", "classification", "+1 min", "Stop"] {
        items.push((label.to_owned(), h.get_by_label(label).rect()));
    }
    let warnings =
        h.query_by_label("warnings").or_else(|| h.query_by_label("warning")).expect("the warnings");
    items.push(("warnings".to_owned(), warnings.rect()));
    items.push(("timer".to_owned(), h.get_by_label_contains("⏱").rect()));
    items
}

#[test]
fn the_timer_never_covers_the_score_strip_at_1366_or_1024_wide_and_at_zero_the_strip_turns_red() {
    for size in [[1366.0, 768.0], [1024.0, 768.0]] {
        let mut h = app_sized(Some("high-street-bank.ron"), size);
        h.state_mut().queue(rapport::app::commands::Command::Timer10);
        press(&mut h, Modifiers::NONE, Key::F5);
        let items = strip_items(&h);
        for (i, (a, ra)) in items.iter().enumerate() {
            assert!(ra.max.x <= size[0] + 0.5, "{a} is off screen at {size:?}: {ra:?}");
            for (b, rb) in &items[i + 1..] {
                assert!(!ra.intersects(*rb), "{a} {ra:?} and {b} {rb:?} overlap at {size:?}");
            }
        }
    }
    // At zero, the strip itself turns red; nothing is laid over the classification.
    let mut h = app_sized(Some("high-street-bank.ron"), [1366.0, 768.0]);
    press(&mut h, Modifiers::COMMAND, Key::T);
    h.get_by_label("Or type how long").type_text("0:01");
    h.run_steps(1);
    press(&mut h, Modifiers::NONE, Key::Enter);
    press(&mut h, Modifiers::NONE, Key::F5);
    h.run_steps(45);
    let classification = h.get_by_label("classification").rect();
    let timer = h.get_by_label_contains("Time is up").rect();
    assert!(!classification.intersects(timer));
    let image = h.render().expect("rendered");
    let strip_corner = image.get_pixel(4, 4);
    let red = rapport::palette::Palette::LIGHT.alarm.0;
    assert!(
        (0..3).all(|c| (i32::from(strip_corner[c]) - i32::from(red[c])).abs() < 12),
        "the strip is red at zero: {strip_corner:?}"
    );
}

/// The size on screen, in pixels, of a card title on the canvas as it is drawn now.
fn title_px(h: &Harness<'_, RapportApp>) -> f32 {
    let px_per_unit = h.state().view.zoom() * h.ctx.pixels_per_point();
    h.state().view.detail().title_size() * px_per_unit
}

#[test]
fn a_phase_presented_alone_fills_the_screen_and_is_drawn_larger_than_the_whole_journey() {
    for sample in ["brightwatt.ron", "mobile-network.ron", "high-street-bank.ron"] {
        let mut h = app_sized(Some(sample), [1366.0, 768.0]);
        press(&mut h, Modifiers::NONE, Key::F5);
        h.run_steps(3);
        let whole = title_px(&h);
        for phase in Phase::ALL {
            press(&mut h, Modifiers::NONE, Key::PageDown);
            h.run_steps(4);
            assert_eq!(h.state().focus(), Some(phase));
            let alone = title_px(&h);
            assert!(
                alone > whole,
                "{sample} {phase:?}: titles {alone:.1} px alone, {whole:.1} px in the whole view"
            );
            // The phase fills the canvas's width or its height.
            let layout = h.state().layout().expect("layout");
            let view = &h.state().view;
            let (a, b) = (view.to_screen_pos(layout.bounds.min), view.to_screen_pos(layout.bounds.max));
            let canvas = view.screen_rect;
            let share = ((b.x - a.x) / canvas.width()).max((b.y - a.y) / canvas.height());
            assert!(share > 0.9, "{sample} {phase:?}: the phase takes {:.0} % of the canvas", share * 100.0);
        }
    }
}

// ----- capture without the mouse, and what a facilitator tripped over (workshop polish) ------

#[test]
fn alt_right_and_alt_left_move_the_selection_to_the_next_and_previous_phase_in_one_undo_step() {
    let mut h = app();
    let before = h.state().project().clone();
    // "First bill" (early days, day 30) belongs to the first disagreement after all.
    select(&mut h, 4);
    press(&mut h, Modifiers::ALT, Key::ArrowRight);
    let moved = h.state().journey().touchpoint(TouchpointId(4)).expect("there").clone();
    assert_eq!(moved.phase, Phase::FirstDisagreement);
    let j = h.state().journey().clone();
    let order: Vec<u32> = j.timeline().into_iter().map(|i| j.touchpoints[i].id.0).collect();
    let first_of_phase = order
        .iter()
        .find(|id| j.touchpoint(TouchpointId(**id)).is_some_and(|t| t.phase == Phase::FirstDisagreement));
    assert_eq!(first_of_phase, Some(&4), "it opens the phase it moved to: {order:?}");
    assert_eq!(moved.lane, before.journeys[0].touchpoint(TouchpointId(4)).expect("there").lane, "same lane");
    press(&mut h, Modifiers::ALT, Key::ArrowLeft);
    press(&mut h, Modifiers::ALT, Key::ArrowLeft);
    assert_eq!(h.state().journey().touchpoint(TouchpointId(4)).map(|t| t.phase), Some(Phase::EarlyDays));
    // Undo walks back one move at a time.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project(), &before);
}

#[test]
fn capturing_a_journey_refits_so_every_new_card_is_on_screen() {
    let mut h = app();
    press(&mut h, Modifiers::COMMAND, Key::N);
    let phases = [Phase::EarlyDays, Phase::FirstDisagreement, Phase::LongTerm];
    for k in 0..14 {
        press(&mut h, Modifiers::COMMAND, Key::Enter);
        type_text(&mut h, &format!("Moment {k}"));
        press(&mut h, Modifiers::NONE, Key::Enter);
        // Every few cards the next ones belong to a later phase.
        if k % 5 == 4 {
            press(&mut h, Modifiers::ALT, Key::ArrowRight);
        }
        h.run_steps(3);
        let view = &h.state().view;
        let layout = h.state().layout().expect("layout");
        for c in &layout.cards {
            let (a, b) = (view.to_screen_pos(c.rect.min), view.to_screen_pos(c.rect.max));
            assert!(
                view.screen_rect.contains(a) && view.screen_rect.contains(b),
                "after {} cards, {} is off screen",
                k + 1,
                h.state().journey().touchpoint(c.id).map_or("?", |t| t.title.as_str())
            );
        }
    }
    let used: Vec<Phase> = phases
        .into_iter()
        .filter(|p| h.state().journey().touchpoints.iter().any(|t| t.phase == *p))
        .collect();
    assert_eq!(used.len(), 3, "the capture reached every phase");
}

#[test]
fn page_down_outside_a_presentation_does_not_start_one() {
    let mut h = app();
    press(&mut h, Modifiers::NONE, Key::PageDown);
    assert!(!h.state().presenting());
    press(&mut h, Modifiers::NONE, Key::Home);
    assert!(!h.state().presenting());
    press(&mut h, Modifiers::NONE, Key::F5);
    press(&mut h, Modifiers::NONE, Key::PageDown);
    assert_eq!(h.state().focus(), Some(Phase::EarlyDays), "while presenting it steps");
}

#[test]
fn typing_a_named_persons_name_replaces_the_suggestion() {
    let mut h = app();
    press(&mut h, Modifiers::COMMAND, Key::N);
    press(&mut h, Modifiers::COMMAND, Key::Enter);
    type_text(&mut h, "Welcome call");
    press(&mut h, Modifiers::NONE, Key::Enter);
    h.get_by_label("Named person").click();
    h.run_steps(3);
    type_text(&mut h, "Sam");
    h.run_steps(2);
    let tp = h.state().journey().touchpoints[0].clone();
    assert_eq!(tp.provider, rapport::model::Provider::Person("Sam".into()));
}

// ---------------------------------------------------------------------------------------------
// Running a room: what a facilitator hit after a flood of proposals, on accepting, with the
// timer, in dialogs, and while presenting.

/// The sample with `n` proposals from P2 and three from P3 waiting in the tray, opened from a
/// file (the tray shows while proposals wait, with or without a room).
fn app_with_proposals(dir: &std::path::Path, n: u32) -> Harness<'static, RapportApp> {
    let mut p = rapport::store::read_project(rapport::samples::DEFAULT.text).expect("reads");
    let lane = p.journeys[0].lanes[1].clone();
    p.journeys[0].proposals = (1..=n + 3)
        .map(|i| rapport::model::Proposal {
            id: 1000 + i,
            title: format!("Idea number {i}"),
            phase: Phase::LongTerm,
            lane: Some(lane.clone()),
            feeling: None,
            from: rapport::model::Participant(if i <= n { 2 } else { 3 }),
            at: rapport::model::Timestamp(u64::from(i)),
            status: rapport::model::ProposalStatus::Pending,
        })
        .collect();
    let file = dir.join("flood.ron");
    rapport::store::save(&file, &p).expect("saves");
    let file = Some(file);
    let mut h = Harness::builder()
        .with_size([1366.0, 768.0])
        .with_max_steps(12)
        .with_step_dt(1.0 / 30.0)
        .build_eframe(move |cc| {
            RapportApp::new(
                &cc.egui_ctx,
                AppOptions { file, config_dir: None, dialogs: Box::new(NoDialogs), recovery_dir: None },
            )
        });
    h.remove_cursor();
    h.run_steps(4);
    h
}

fn pending(h: &Harness<'_, RapportApp>) -> usize {
    h.state()
        .journey()
        .proposals
        .iter()
        .filter(|p| p.status == rapport::model::ProposalStatus::Pending)
        .count()
}

#[test]
fn a_flood_of_proposals_lays_out_only_the_rows_in_view_and_one_click_dismisses_a_participants_lot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = app_with_proposals(dir.path(), 500);
    h.get_by_label("Proposals (503)");
    let rows = h.query_all_by_label_contains("Idea number").count();
    assert!(rows > 3 && rows < 40, "only the rows in view are laid out: {rows}");
    h.get_by_label("Dismiss all from P2").click();
    h.run_steps(3);
    assert_eq!(pending(&h), 3, "P3's three wait");
    h.get_by_label("Proposals (3)");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(pending(&h), 503, "one undo brings P2's back");
}

#[test]
fn accepting_a_proposal_keeps_the_zoom_the_facilitator_chose() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = app_with_proposals(dir.path(), 5);
    h.run_steps(4);
    let before = h.state().view.scene_rect;
    h.get_by_label_contains("Idea number 1").click();
    h.run_steps(2);
    press(&mut h, Modifiers::NONE, Key::Enter);
    h.run_steps(4);
    assert_eq!(pending(&h), 7, "accepted one");
    let after = h.state().view.scene_rect;
    assert!(
        (after.width() - before.width()).abs() < before.width() * 0.05,
        "no zoom to the new card: {before:?} → {after:?}"
    );
    // The keyboard went to the next proposal: Enter again accepts it too, without Shift+1.
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(pending(&h), 6);
}

#[test]
fn stopping_the_timer_takes_timer_started_out_of_the_status() {
    let mut h = app();
    h.state_mut().queue(rapport::app::commands::Command::Timer5);
    h.run_steps(3);
    assert!(h.state().status().is_some_and(|(s, _)| s.starts_with("Timer started")));
    h.state_mut().queue(rapport::app::commands::Command::TimerStop);
    h.run_steps(3);
    assert!(h.state().timer().is_none());
    assert!(
        !h.state().status().is_some_and(|(s, _)| s.starts_with("Timer started")),
        "{:?}",
        h.state().status()
    );
}

#[test]
fn the_export_dialogs_buttons_stay_put_when_the_pdf_pack_is_chosen() {
    let mut h = app();
    press(&mut h, Modifiers::NONE, Key::Escape);
    press(&mut h, Modifiers::COMMAND, Key::E);
    h.run_steps(4);
    let cancel = h.get_by_label("Cancel").rect();
    h.get_by_label("PDF review pack").click();
    h.run_steps(6);
    h.get_by_label("Export review pack");
    let moved = h.get_by_label("Cancel").rect();
    assert!((moved.min.y - cancel.min.y).abs() < 1.0, "{cancel:?} → {moved:?}");
}

fn asked_to_close(h: &Harness<'_, RapportApp>) -> bool {
    h.output().viewport_output.values().any(|v| v.commands.contains(&egui::ViewportCommand::Close))
}

#[test]
fn an_error_dialog_closes_with_enter_and_a_ctrl_q_pressed_under_it_never_quits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("broken.ron");
    std::fs::write(&bad, "(format: 1, name: \"Broken\", journeys: [").expect("write");
    let file = Some(bad);
    let mut h = Harness::builder()
        .with_size([1366.0, 768.0])
        .with_max_steps(12)
        .with_step_dt(1.0 / 30.0)
        .build_eframe(move |cc| {
            RapportApp::new(
                &cc.egui_ctx,
                AppOptions { file, config_dir: None, dialogs: Box::new(NoDialogs), recovery_dir: None },
            )
        });
    h.run_steps(4);
    h.get_by_label("OK");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    let mut closed = false;
    for _ in 0..3 {
        h.step();
        closed |= asked_to_close(&h);
    }
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert!(h.query_by_label("OK").is_none(), "Enter closes the message");
    for _ in 0..4 {
        h.step();
        closed |= asked_to_close(&h);
    }
    assert!(!closed, "the Ctrl+Q pressed under the dialog did nothing");
}
