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
