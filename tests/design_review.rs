//! The design review in the workbench (DESIGN.md §13, §14), driven through egui_kittest: the
//! compare view of as-is against to-be, live while either journey is edited, and the Improve
//! list of single edits that would help most.
#![cfg(feature = "gui")]

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rapport::app::compare_view::Side;
use rapport::app::files::{DialogAnswer, FileDialogs};
use rapport::app::{AppOptions, RapportApp};
use rapport::export::Format;
use rapport::model::{Provider, TouchpointId};

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

fn app(file: &str) -> Harness<'static, RapportApp> {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples").join(file);
    app_with(file, Box::new(NoDialogs))
}

fn app_with(file: std::path::PathBuf, dialogs: Box<dyn FileDialogs>) -> Harness<'static, RapportApp> {
    let mut h = Harness::builder()
        .with_size([1440.0, 900.0])
        .with_max_steps(12)
        .with_step_dt(1.0 / 30.0)
        .build_eframe(move |cc| {
            RapportApp::new(
                &cc.egui_ctx,
                AppOptions { file: Some(file), config_dir: None, dialogs, recovery_dir: None },
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

fn open_compare(h: &mut Harness<'_, RapportApp>) {
    press(h, Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
    assert!(h.state().compare().is_some(), "Ctrl+Shift+D opens the compare view");
}

#[test]
fn compare_opens_on_as_is_and_to_be_with_the_score_changes_signed() {
    let mut h = app("mobile-network.ron");
    open_compare(&mut h);
    let view = h.state().compare().expect("open");
    assert_eq!((view.from, view.to), (0, 1));
    let c = view.comparison().expect("compared").clone();
    let (from, to) = (c.mutuality.score.from.round(), c.mutuality.score.to.round());
    h.get_by_label(&format!("{from:.0} → {to:.0}"));
    h.get_by_label(&format!("▲ +{:.0}", to - from));
    h.get_by_label("Plain encounter → Relationship");
    h.get_by_label_contains(&format!("Resolved ({})", c.findings.resolved.len()));
    h.get_by_label_contains(&format!("Introduced ({})", c.findings.introduced.len()));
    // Both diagrams are there, the added cards on the to-be only.
    for id in &c.touchpoints.added {
        assert!(
            h.query_by_label_contains(&format!("to touchpoint {id}:")).is_some(),
            "added {id} on the to-be"
        );
        assert!(h.query_by_label_contains(&format!("from touchpoint {id}:")).is_none());
    }
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().compare().is_none(), "Esc leaves the compare view");
}

#[test]
fn editing_a_card_of_the_to_be_while_comparing_updates_the_changes_at_once() {
    let mut h = app("brightwatt.ron");
    open_compare(&mut h);
    let before = h.state().compare().and_then(|v| v.comparison()).expect("compared").clone();
    assert_eq!(before.touchpoints.changed.len(), 4);
    assert!(h.query_by_label("Inspector").is_none(), "no card clicked yet: the diagrams have the room");
    // A click on a card of the to-be selects it in its journey, for the inspector and the keys.
    let pos =
        h.state().compare().and_then(|v| v.card_on_screen(Side::To, TouchpointId(6))).expect("on screen");
    h.event(egui::Event::PointerMoved(pos));
    for pressed in [true, false] {
        let button = egui::PointerButton::Primary;
        h.event(egui::Event::PointerButton { pos, button, pressed, modifiers: Modifiers::NONE });
    }
    h.run_steps(3);
    assert_eq!(h.state().journey_index(), 1);
    assert_eq!(h.state().selection(), vec![TouchpointId(6)]);
    h.get_by_label("Inspector");
    press(&mut h, Modifiers::NONE, Key::G); // the arrears demand becomes a gift
    let after = h.state().compare().and_then(|v| v.comparison()).expect("compared").clone();
    assert!(after.mutuality.score.to > before.mutuality.score.to + 1.0, "the to-be gives more now");
    assert_eq!(after.touchpoints.changed.len(), 5, "touchpoint 6 is changed too");
    let six = after.touchpoints.changed.iter().find(|c| c.id == TouchpointId(6)).expect("6 changed");
    assert_eq!(six.fields, vec![rapport::compare::Field::Exchange]);
    let resolved = after.findings.resolved.iter().any(|f| f.code.as_str() == "GIFT_NOT_RECIPROCATED");
    assert!(resolved, "answering the meter reading resolves the unreciprocated gift");
    let delta = after.mutuality.score.shown(0)[2].clone();
    h.get_by_label(&format!("▲ {delta}"));
    h.get_by_label_contains(&format!("Resolved ({})", after.findings.resolved.len()));
    // Undo goes back, and so does the comparison.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    let undone = h.state().compare().and_then(|v| v.comparison()).expect("compared").clone();
    assert_eq!(undone, before);
    // Esc first lets go of the card (and the inspector with it), then leaves the view.
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().selection().is_empty());
    assert!(h.state().compare().is_some());
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().compare().is_none());
}

#[test]
fn clicking_a_resolved_finding_rings_its_touchpoints_on_the_as_is() {
    let mut h = app("brightwatt.ron");
    open_compare(&mut h);
    let c = h.state().compare().and_then(|v| v.comparison()).expect("compared").clone();
    let finding = c.findings.resolved.iter().find(|f| !f.touchpoints.is_empty()).expect("a resolved finding");
    let words: String = finding.message.chars().take(30).collect();
    h.get_by_label_contains(&words).click();
    h.run_steps(3);
    let (side, ids) = h.state().compare().and_then(|v| v.highlighted()).expect("ringed");
    assert_eq!(side, Side::From, "a resolved finding is the as-is's");
    assert_eq!(ids.iter().copied().collect::<Vec<_>>(), finding.touchpoints);
}

#[test]
fn compare_needs_two_journeys_and_says_how_to_make_the_second() {
    let mut h = app("brightwatt.ron");
    // Delete the second journey (it has an undo), then ask to compare.
    h.state_mut().queue(rapport::app::commands::Command::NextJourney);
    h.run_steps(2);
    h.state_mut().queue(rapport::app::commands::Command::DeleteJourney);
    h.run_steps(3);
    assert_eq!(h.state().project().journeys.len(), 1);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
    assert!(h.state().compare().is_none());
    let (status, _) = h.state().status().expect("a status").clone();
    assert!(status.contains("Duplicate journey"), "{status}");
}

#[test]
fn compare_works_while_presenting() {
    let mut h = app("high-street-bank.ron");
    press(&mut h, Modifiers::NONE, Key::F5);
    assert!(h.state().presenting());
    open_compare(&mut h);
    h.get_by_label("Compare");
    h.get_by_label("Pseudo-relationship → Enhanced encounter");
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().compare().is_none(), "the first Esc leaves the compare view");
    assert!(h.state().presenting(), "and the presentation goes on");
}

fn top_advice(h: &Harness<'_, RapportApp>) -> String {
    let journey = h.state().journey().clone();
    rapport::suggest::suggestions(&journey)[0].advice(&journey)
}

#[test]
fn hovering_a_suggestion_rings_its_card_and_changes_nothing() {
    let mut h = app("brightwatt.ron");
    let advice = top_advice(&h);
    assert_eq!(advice, "Have Priya take “Dispute call, bill fixed”");
    let project = h.state().project().clone();
    h.get_by_label(&format!("Improve: {advice}")).scroll_to_me();
    h.run_steps(3);
    h.get_by_label(&format!("Improve: {advice}")).hover();
    h.run_steps(3);
    assert_eq!(h.state().view.preview, Some(TouchpointId(7)));
    assert_eq!(h.state().project(), &project, "a preview is not an edit");
    assert!(!h.state().document().is_dirty());
}

#[test]
fn clicking_a_suggestion_applies_it_as_one_undo_step() {
    let mut h = app("brightwatt.ron");
    let journey = h.state().journey().clone();
    let best = rapport::suggest::suggestions(&journey)[1].clone(); // the give-back, +7.05
    let advice = best.advice(&journey);
    let project = h.state().project().clone();
    h.get_by_label(&format!("Improve: {advice}")).scroll_to_me();
    h.run_steps(3);
    h.get_by_label(&format!("Improve: {advice}")).click();
    h.run_steps(3);
    let analysis = h.state().analysis().expect("analysed").clone();
    assert!((analysis.mutuality.score - best.mutuality).abs() < 1e-9);
    assert!((analysis.continuity.score - best.continuity).abs() < 1e-9);
    assert!(h.state().status().is_some_and(|(s, _)| s.starts_with("Applied: Answer")));
    // The list follows: the give-back is no longer offered.
    let now = h.state().journey().clone();
    assert!(
        rapport::suggest::suggestions(&now)
            .iter()
            .all(|s| s.touchpoint != best.touchpoint || s.kind != best.kind)
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project(), &project, "one Ctrl+Z restores the journey");
    assert!(h.state().status().is_none(), "“Applied …” no longer holds once undone");
}

#[test]
fn the_palette_lists_the_suggestions_and_enter_applies_one() {
    let mut h = app("brightwatt.ron");
    press(&mut h, Modifiers::COMMAND, Key::K);
    h.event(egui::Event::Text("improve priya".to_owned()));
    h.run_steps(2);
    press(&mut h, Modifiers::NONE, Key::Enter);
    let tp = h.state().journey().touchpoint(TouchpointId(7)).expect("7").clone();
    assert_eq!(tp.provider, Provider::Person("Priya".into()));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    let tp = h.state().journey().touchpoint(TouchpointId(7)).expect("7").clone();
    assert_ne!(tp.provider, Provider::Person("Priya".into()));
}

#[test]
fn the_compared_feeling_curves_break_where_a_feeling_is_missing() {
    let h = app("brightwatt.ron");
    let mut journey = h.state().journey().clone();
    let order = journey.timeline();
    for (k, i) in order.iter().enumerate() {
        journey.touchpoints[*i].feeling = match k {
            0 => Some(1),
            1 => None,
            2 => Some(-1),
            3 => Some(2),
            _ => None,
        };
    }
    let day = |k: usize| f64::from(journey.touchpoints[order[k]].day);
    let runs = rapport::app::compare_view::feeling_runs(&journey);
    assert_eq!(runs, vec![vec![[day(0), 1.0]], vec![[day(2), -1.0], [day(3), 2.0]]]);
}

#[test]
fn a_long_journey_gets_its_suggestions_from_another_thread_and_then_lists_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("long.ron");
    let n = rapport::app::SUGGEST_OFF_THREAD_FROM + 500;
    rapport::store::save(&path, &rapport::samples::synthetic_project(n)).expect("save");
    let mut h = app_with(path, Box::new(NoDialogs));
    let expected = rapport::suggest::suggestions(h.state().journey()).len();
    assert!(expected > 0);
    let mut listed = false;
    for _ in 0..100 {
        h.run_steps(1);
        if h.query_by_label(&format!("Improve ({expected})")).is_some() {
            listed = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(listed, "the list arrives");
}

struct PickExport {
    to: std::path::PathBuf,
    suggested: std::sync::Arc<std::sync::Mutex<String>>,
}

impl FileDialogs for PickExport {
    fn open(&mut self, _: Option<&std::path::Path>) -> DialogAnswer {
        DialogAnswer::Cancelled
    }
    fn save(&mut self, _: Option<&std::path::Path>, _: &str) -> DialogAnswer {
        DialogAnswer::Cancelled
    }
    fn export(&mut self, _: Option<&std::path::Path>, name: &str, _: Format) -> DialogAnswer {
        *self.suggested.lock().expect("lock") = name.to_owned();
        DialogAnswer::Picked(self.to.clone())
    }
}

#[test]
fn ctrl_e_while_comparing_exports_the_review_picture() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("review.png");
    let suggested = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let dialogs = PickExport { to: out.clone(), suggested: suggested.clone() };
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples/brightwatt.ron");
    let mut h = app_with(file, Box::new(dialogs));
    open_compare(&mut h);
    press(&mut h, Modifiers::COMMAND, Key::E);
    // The dialog offers the review at the chosen scale (2× by default) and says its size.
    let p = h.state().project().clone();
    let options = rapport::export::ExportOptions::default();
    let (w, ht) = rapport::export::review_png_size(&p.name, &p.journeys[0], &p.journeys[1], &options);
    h.get_by_label(&format!("{w} × {ht} px"));
    h.get_by_label("Export…").click();
    h.run_steps(1);
    // The picture is drawn on the pictures worker; the window goes on meanwhile.
    h.state_mut().finish_work();
    h.run_steps(2);
    assert_eq!(*suggested.lock().expect("lock"), "brightwatt-energy-as-is-vs-as-is-anyone-serves.png");
    let bytes = std::fs::read(&out).expect("the review was written");
    assert_eq!(png_size(&bytes), (w, ht, 2.0));
    let (status, _) = h.state().status().expect("status").clone();
    assert!(status.starts_with("Exported the review of “As-is” → “As-is, anyone serves”"), "{status}");
}

/// A PNG's width and height from its header, and the scale its pixel density says (96 dpi × s).
fn png_size(bytes: &[u8]) -> (u32, u32, f32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let (w, h) = (be(16), be(20));
    let phys = bytes.windows(4).position(|w| w == b"pHYs").expect("pixel density");
    let ppm = be(phys + 4);
    (w, h, (ppm as f32 * 0.0254 / 96.0).round())
}

fn project_named(names: &[&str]) -> rapport::model::Project {
    let base = rapport::store::read_project(rapport::samples::BRIGHTWATT.text).expect("sample");
    let mut p = base.clone();
    p.journeys = names
        .iter()
        .map(|n| {
            let mut j = base.journeys[0].clone();
            j.name = (*n).to_owned();
            j
        })
        .collect();
    p
}

#[test]
fn compare_starts_on_the_pair_the_names_say_preferring_the_journey_shown() {
    use rapport::app::compare_view::default_pair;
    let p = project_named(&["Onboarding as-is", "Onboarding to-be", "Billing", "Billing to-be"]);
    assert_eq!(default_pair(&p, 2), Some((2, 3)), "the journey shown and its own to-be");
    assert_eq!(default_pair(&p, 0), Some((0, 1)));
    let p = project_named(&["To-be", "Current state"]);
    assert_eq!(default_pair(&p, 0), Some((1, 0)), "from is the as-is even when listed second");
    let p = project_named(&["Has issues", "Recurrent billing", "Targeted offers"]);
    assert_eq!(default_pair(&p, 2), Some((0, 1)), "words inside words are not as-is or to-be");
    assert_eq!(default_pair(&project_named(&["Only"]), 0), None);
}

#[test]
fn deleting_a_compared_journey_closes_the_view_and_says_why() {
    let mut h = app("brightwatt.ron");
    open_compare(&mut h);
    h.state_mut().queue(rapport::app::commands::Command::NextJourney);
    h.run_steps(2);
    h.state_mut().queue(rapport::app::commands::Command::DeleteJourney);
    h.run_steps(3);
    assert!(h.state().compare().is_none());
    let (status, _) = h.state().status().expect("a status").clone();
    assert!(status.contains("“As-is, anyone serves” is no longer in the project"), "{status}");
}

#[test]
fn canvas_keys_do_nothing_behind_the_compare_view() {
    let mut h = app("brightwatt.ron");
    open_compare(&mut h);
    h.state_mut().view.selection = [TouchpointId(6)].into();
    h.run_steps(1);
    press(&mut h, Modifiers::NONE, Key::Enter); // would open the canvas's title editor
    assert!(h.state().view.editing.is_none());
    press(&mut h, Modifiers::COMMAND, Key::Enter); // would add a card after it
    assert_eq!(h.state().journey().touchpoints.len(), 12);
}

#[test]
fn clicking_a_card_while_comparing_opens_the_inspector_beside_the_diagrams_never_over_a_card() {
    let mut h = app("high-street-bank.ron");
    h.set_size(egui::vec2(1366.0, 768.0));
    h.run_steps(3);
    open_compare(&mut h);
    h.run_steps(3);
    let to = h.state().project().journeys[1].touchpoints[2].id;
    let side = rapport::app::compare_view::Side::To;
    let before = h.state().compare().and_then(|c| c.card_on_screen(side, to)).expect("on screen");
    h.event(egui::Event::PointerMoved(before));
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: before,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run_steps(4);
    assert_eq!(h.state().selection(), vec![to], "the card is selected for the inspector");
    // The window's title is centred in it: its right edge is half the window's width away.
    let right = h.get_by_label("Inspector").rect().center().x + 135.0;
    let project = h.state().project().clone();
    let view = h.state().compare().expect("comparing");
    for (side, journey) in [(rapport::app::compare_view::Side::From, 0), (side, 1)] {
        for t in &project.journeys[journey].touchpoints {
            if let Some(at) = view.card_on_screen(side, t.id) {
                assert!(
                    at.x > right + 20.0,
                    "card {} at {at:?} is under the inspector (to x = {right})",
                    t.id
                );
            }
        }
    }
}

#[test]
fn page_down_while_comparing_steps_both_journeys_through_the_phases() {
    let mut h = app("high-street-bank.ron");
    open_compare(&mut h);
    let side = rapport::app::compare_view::Side::From;
    let journey = h.state().project().journeys[0].clone();
    let of = |phase: rapport::model::Phase| {
        journey.touchpoints.iter().find(|t| t.phase == phase).map(|t| t.id).expect("a card")
    };
    use rapport::model::Phase;
    for phase in Phase::ALL {
        press(&mut h, Modifiers::NONE, Key::PageDown);
        h.run_steps(2);
        let view = h.state().compare().expect("comparing");
        assert_eq!(view.focus(), Some(phase));
        assert!(view.card_on_screen(side, of(phase)).is_some(), "{phase:?}'s cards are shown");
        for other in Phase::ALL.into_iter().filter(|p| *p != phase) {
            assert!(view.card_on_screen(side, of(other)).is_none(), "{other:?}'s are not, with {phase:?}");
        }
    }
    press(&mut h, Modifiers::NONE, Key::Home);
    assert_eq!(h.state().compare().expect("comparing").focus(), None);
    assert!(!h.state().presenting(), "comparing phase by phase never starts a presentation");
}

// ---------------------------------------------------------------------------------------------
// Review threads (DESIGN.md §18), by keyboard as a reviewer would.

fn type_text(h: &mut Harness<'_, RapportApp>, text: &str) {
    h.event(egui::Event::Text(text.to_owned()));
    h.run_steps(2);
}

fn threads(h: &Harness<'_, RapportApp>) -> Vec<rapport::model::Thread> {
    h.state().journey().threads.clone()
}

#[test]
fn a_reviewer_comments_on_a_card_replies_resolves_reopens_and_each_step_undoes() {
    let mut h = app("brightwatt.ron");
    let card = h.state().journey().touchpoints[0].clone();
    h.state_mut().view.selection = [card.id].into();
    h.run_steps(2);
    press(&mut h, Modifiers::NONE, Key::C);
    h.get_by_label(&format!("Comment on “{}”", card.title));
    // The name is asked once, then kept in the settings.
    h.get_by_label("Your name").click();
    h.run_steps(1);
    type_text(&mut h, "Ann");
    h.get_by_label("Comment").click();
    h.run_steps(1);
    type_text(&mut h, "Why is this automated?");
    press(&mut h, Modifiers::NONE, Key::Enter);
    let t = threads(&h);
    assert_eq!(t.len(), 1, "posted with Enter");
    assert_eq!(
        (t[0].comments[0].by.as_str(), t[0].comments[0].text.as_str()),
        ("Ann", "Why is this automated?")
    );
    assert_eq!(h.state().settings().your_name, "Ann");
    // The card's screen-reader description ends with its open comments.
    h.get(
        egui_kittest::kittest::By::new()
            .predicate(|n| n.description().is_some_and(|d| d.ends_with("; 1 open comment"))),
    );

    // The Review tab lists it; Reply asks no name the second time.
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::K);
    h.get_by_label("Review (1 open)");
    h.get_by_label("Reply").click();
    h.run_steps(2);
    assert!(h.query_by_label("Your name").is_none());
    type_text(&mut h, "Legal asked for it");
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(threads(&h)[0].comments.len(), 2);
    h.get_by_label("Resolve").click();
    h.run_steps(2);
    assert!(threads(&h)[0].resolved);
    h.get_by_label("Review (0 open)");
    h.get_by_label("Reopen").click();
    h.run_steps(2);
    assert!(!threads(&h)[0].resolved);

    // Every step undoes on its own: reopen, resolve, reply, the comment.
    for expected in [(true, 2), (false, 2), (false, 1)] {
        press(&mut h, Modifiers::COMMAND, Key::Z);
        let t = threads(&h);
        assert_eq!((t[0].resolved, t[0].comments.len()), expected);
    }
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(threads(&h).is_empty());
}

/// Selects `card`, presses C, gives the name asked the first time and types `text` (not yet
/// posted).
fn compose_on(h: &mut Harness<'_, RapportApp>, card: rapport::model::TouchpointId, name: &str, text: &str) {
    h.state_mut().view.selection = [card].into();
    h.run_steps(2);
    press(h, Modifiers::NONE, Key::C);
    h.get_by_label("Your name").click();
    h.run_steps(1);
    type_text(h, name);
    h.get_by_label("Comment").click();
    h.run_steps(1);
    type_text(h, text);
}

#[test]
fn a_cards_pin_appears_with_an_open_thread_opens_the_review_list_and_goes_when_resolved() {
    let mut h = app("brightwatt.ron");
    let card = h.state().journey().touchpoints[1].clone();
    let pin = format!("1 open comment on “{}”", card.title);
    assert!(h.query_by_label(&pin).is_none(), "no pin before a comment");
    compose_on(&mut h, card.id, "Ann", "Who answers here?");
    press(&mut h, Modifiers::NONE, Key::Enter);
    h.run();
    // The pin is there; clicking it selects its card and shows the Review list.
    h.get_by_label(&pin);
    h.state_mut().view.selection.clear();
    h.run();
    // Widgets inside the canvas's scene report scene coordinates: the pin's place on screen
    // is the card's corner through the canvas's transform.
    let corner = {
        let app = h.state();
        let rect = app.layout().and_then(|l| l.card(card.id)).expect("card in layout").rect;
        app.view.to_screen_pos(rapport::layout::Point::new(rect.max.x - 4.0, rect.min.y + 2.0))
    };
    h.event(egui::Event::PointerMoved(corner));
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: corner,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run_steps(3);
    assert_eq!(h.state().selection(), vec![card.id]);
    h.get_by_label("Review (1 open)");
    h.get_by_label("Resolve").click();
    h.run_steps(3);
    assert!(h.query_by_label(&pin).is_none(), "a resolved thread hides the pin");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    h.get_by_label(&pin);
}

#[test]
fn a_deleted_cards_thread_shows_on_a_removed_card_and_the_review_list_frames_a_card() {
    let mut h = app("brightwatt.ron");
    let card = h.state().journey().touchpoints[2].clone();
    compose_on(&mut h, card.id, "Ann", "Remove this one?");
    press(&mut h, Modifiers::NONE, Key::Enter);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::K);
    // Clicking the thread selects and frames its card.
    h.state_mut().view.selection.clear();
    h.run_steps(1);
    h.get_by_label_contains(&format!("#1 on “{}”", card.title)).click();
    h.run_steps(3);
    assert_eq!(h.state().selection(), vec![card.id]);
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert!(h.state().journey().touchpoint(card.id).is_none());
    h.get_by_label_contains("a removed card");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().journey().touchpoint(card.id).is_some(), "undo puts the card back under its thread");
    h.get_by_label_contains(&format!("#1 on “{}”", card.title));
    // F8 steps to the card with the open comment.
    h.state_mut().view.selection.clear();
    h.run_steps(1);
    press(&mut h, Modifiers::NONE, Key::F8);
    assert_eq!(h.state().selection(), vec![card.id]);
}

#[test]
fn the_history_window_plots_the_files_versions_and_compares_the_journey_with_one_of_them() {
    let repo = tempfile::tempdir().expect("tempdir");
    let git = |args: &[&str]| {
        let out =
            std::process::Command::new("git").arg("-C").arg(repo.path()).args(args).output().expect("git");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["config", "user.name", "Ann Reviewer"]);
    git(&["config", "user.email", "ann@example.invalid"]);
    git(&["config", "commit.gpgsign", "false"]);
    let file = repo.path().join("energy.ron");
    let mut project = rapport::store::read_project(rapport::samples::BRIGHTWATT.text).expect("reads");
    rapport::store::save(&file, &project).expect("saves");
    git(&["add", "energy.ron"]);
    git(&["commit", "-q", "-m", "First map"]);
    for tp in &mut project.journeys[0].touchpoints {
        tp.provider = Provider::Person("Priya".into());
    }
    rapport::store::save(&file, &project).expect("saves");
    git(&["commit", "-q", "-am", "Priya serves everyone"]);

    let mut h = app_with(file, Box::new(NoDialogs));
    let journeys = h.state().project().journeys.len();
    h.state_mut().queue(rapport::app::commands::Command::History);
    for _ in 0..100 {
        h.run_steps(1);
        if h.query_by_label("2 commits, newest first").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.get_by_label("2 commits, newest first");
    h.get_by_label("First map");
    let buttons = h.get_all_by_label("Compare with this version").count();
    assert_eq!(buttons, 2);
    h.get_all_by_label("Compare with this version").nth(1).expect("the older").click();
    h.run_steps(4);
    assert_eq!(h.state().project().journeys.len(), journeys + 1, "that version came in as a journey");
    assert!(h.state().compare().is_some(), "and the compare view opened on it");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().project().journeys.len(), journeys, "one undo takes it out");
}
