//! One workbench frame — the egui pass of the whole app plus tessellation, no GPU — with 200 and
//! with 2,000 touchpoints in view (DESIGN.md §12: ≤ 4 ms / ≤ 16 ms).
//!
//! The journeys are laid out compactly (many lanes, one day per column) so that at the fitted
//! zoom every card is on screen; the setup prints how many cards are actually in view.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rapport::app::files::{DialogAnswer, FileDialogs};
use rapport::app::{AppOptions, RapportApp};
use rapport::model::Project;
use rapport::samples::synthetic_journey;

struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn open(&mut self, _: Option<&std::path::Path>) -> DialogAnswer {
        DialogAnswer::Cancelled
    }
    fn save(&mut self, _: Option<&std::path::Path>, _: &str) -> DialogAnswer {
        DialogAnswer::Cancelled
    }
    fn export(&mut self, _: Option<&std::path::Path>, _: &str, _: rapport::export::Format) -> DialogAnswer {
        DialogAnswer::Cancelled
    }
}

/// `n` touchpoints in a grid of lanes × days, so all fit on a 1920×1080 screen when fitted.
fn compact_project(n: usize, lanes: usize) -> Project {
    let mut journey = synthetic_journey(n);
    journey.lanes = (1..=lanes).map(|k| format!("Lane {k}")).collect();
    journey.links.clear();
    let days = n.div_ceil(lanes);
    for (i, tp) in journey.touchpoints.iter_mut().enumerate() {
        tp.lane = journey.lanes[i % lanes].clone();
        tp.day = (i / lanes) as u32;
        tp.phase = rapport::model::Phase::ALL[((i / lanes) * 3 / days).min(2)];
    }
    Project {
        format: rapport::model::FORMAT_VERSION,
        name: "Frame bench".to_owned(),
        journeys: vec![journey],
    }
}

fn raw_input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1920.0, 1080.0))),
        ..Default::default()
    }
}

fn frame(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut group = c.benchmark_group("frame");
    for (n, lanes) in [(200usize, 10usize), (2_000, 40)] {
        let path = dir.path().join(format!("bench-{n}.ron"));
        rapport::store::save(&path, &compact_project(n, lanes)).expect("save");
        let ctx = egui::Context::default();
        let mut app = RapportApp::new(
            &ctx,
            AppOptions {
                file: Some(path),
                config_dir: None,
                dialogs: Box::new(NoDialogs),
                recovery_dir: None,
            },
        );
        // Settle: fit the journey, build the analysis and layout, load fonts.
        for _ in 0..4 {
            let out = ctx.run_ui(raw_input(), |ui| app.frame_ui(ui));
            let _ = ctx.tessellate(out.shapes, out.pixels_per_point);
        }
        let in_view = app.layout().map_or(0, |l| {
            l.cards
                .iter()
                .filter(|c| app.view.screen_rect.contains(app.view.to_screen_pos(c.rect.center())))
                .count()
        });
        eprintln!("frame/{n}: {in_view} of {n} cards in view at zoom {:.2}", app.view.zoom());
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| {
                let out = ctx.run_ui(raw_input(), |ui| app.frame_ui(ui));
                std::hint::black_box(ctx.tessellate(out.shapes, out.pixels_per_point))
            });
        });
    }
    group.finish();
}

criterion_group!(benches, frame);
criterion_main!(benches);
