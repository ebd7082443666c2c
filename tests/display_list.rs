//! One card drawing (the foundation's display list): the canvas and the SVG writer are given
//! exactly the same marks for every card of every sample journey, so a card looks the same on
//! screen and in every export.
#![cfg(feature = "gui")]

use rapport::app::canvas;
use rapport::export;
use rapport::layout::card::Detail;
use rapport::layout::{self, DiagramOptions};
use rapport::samples;
use rapport::score;
use rapport::store;

#[test]
fn the_canvas_and_the_svg_receive_the_same_marks_for_every_sample_card() {
    let mut cards = 0;
    for sample in samples::ALL {
        let project = store::read_project(sample.text).expect("the sample reads");
        for journey in &project.journeys {
            let analysis = score::analyse(journey);
            let warned = analysis.warned_touchpoints();
            let d = layout::diagram(&project.name, journey, &analysis, DiagramOptions::default());
            for card in &d.grid.cards {
                let tp = &journey.touchpoints[card.index];
                let on_canvas = canvas::card_marks(card, tp, &warned, Detail::Full);
                let in_svg = export::card_marks(card, tp, &warned);
                assert_eq!(on_canvas, in_svg, "{}", tp.title);
                assert!(on_canvas.len() >= 6, "a card is more than its frame: {}", tp.title);
                cards += 1;
            }
        }
    }
    assert_eq!(cards, 12 + 12 + 16 + 18 + 18 + 18);
}

/// Every layer of each journey's page in the review pack: what the PDF painter draws that page
/// from, what the SVG writer is handed for the same page, and what the canvas paints for the
/// same grid (its body, links and cards) are the same marks.
#[test]
fn the_canvas_the_svg_and_the_pdf_are_handed_the_same_marks_for_every_journey() {
    use rapport::app::theme::{Palette, Theme};
    use rapport::layout::marks::Mark;
    use rapport::layout::sheet::{self, Part};
    use rapport::pdf::{self, Paper};
    let light: &Palette = Palette::of(Theme::Light);
    let mut pages = 0;
    for sample in samples::ALL {
        let project = store::read_project(sample.text).expect("the sample reads");
        let handed_to_pdf = pdf::handed(&project, Paper::A4);
        let labels = pdf::page_labels(&project, Paper::A4);
        for journey in &project.journeys {
            let analysis = score::analyse(journey);
            let d = pdf::diagram_of(&project, journey, &analysis, Paper::A4);
            let layers = sheet::diagram_layers(journey, &analysis, &d);
            let all: Vec<Mark> = layers.iter().flat_map(|l| l.marks.iter().cloned()).collect();
            assert!(
                layers.iter().any(|l| l.part == Part::Headers)
                    && layers.iter().any(|l| l.part == Part::Legend)
            );

            let (_, handed_to_svg) = export::svg_handed(journey, &analysis, &d);
            assert_eq!(handed_to_svg, all, "{}: the SVG writer", journey.name);

            let page =
                labels.iter().position(|l| *l == format!("diagram: {}", journey.name)).expect("a page");
            let on_page = &handed_to_pdf[page];
            assert_eq!(&on_page[..all.len()], &all[..], "{}: the PDF page", journey.name);
            assert!(
                on_page.len() - all.len() <= 3,
                "after the diagram only the footer: {}",
                on_page.len() - all.len()
            );

            let layer = |part: &Part| &layers.iter().find(|l| l.part == *part).expect("the layer").marks;
            assert_eq!(&canvas::grid_marks(&d.grid, light), layer(&Part::Grid), "{}: grid", journey.name);
            assert_eq!(
                &canvas::link_marks(&d.grid, egui::Rect::EVERYTHING),
                layer(&Part::Links),
                "{}: links",
                journey.name
            );
            let warned = analysis.warned_touchpoints();
            for card in &d.grid.cards {
                let tp = &journey.touchpoints[card.index];
                let part = Part::Card { id: tp.id, title: tp.title.clone() };
                assert_eq!(
                    &canvas::card_marks(card, tp, &warned, Detail::Full),
                    layer(&part),
                    "{}",
                    tp.title
                );
            }
            pages += 1;
        }
    }
    assert_eq!(pages, 6);
}
