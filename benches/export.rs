//! Export speed against DESIGN.md §12: SVG and PNG 2× of 500 touchpoints (≤ 20 ms / ≤ 1.5 s).

use criterion::{Criterion, criterion_group, criterion_main};
use rapport::export::{self, ExportOptions};
use rapport::samples::synthetic_journey;

/// 500 touchpoints in 10 lanes, days in step, as a dense workshop wall: about 50 cards wide.
fn wall(n: usize, lanes: usize) -> rapport::model::Journey {
    let mut journey = synthetic_journey(n);
    journey.lanes = (1..=lanes).map(|k| format!("Lane {k}")).collect();
    let days = n.div_ceil(lanes);
    for (i, tp) in journey.touchpoints.iter_mut().enumerate() {
        tp.lane = journey.lanes[i % lanes].clone();
        tp.day = (i / lanes) as u32;
        tp.phase = rapport::model::Phase::ALL[((i / lanes) * 3 / days).min(2)];
    }
    journey
}

fn export(c: &mut Criterion) {
    let journey = wall(500, 10);
    let options = ExportOptions { scale: 2.0, ..ExportOptions::default() };
    let (w, h) = export::png_size("Bench", &journey, &options);
    eprintln!("500 touchpoints in 10 lanes: PNG 2× is {w} × {h} pixels");
    let mut group = c.benchmark_group("export");
    group.bench_function("svg_500_touchpoints", |b| b.iter(|| export::svg("Bench", &journey, &options)));
    group.sample_size(10);
    group.bench_function("picture_2x_500_touchpoints", |b| {
        b.iter(|| export::picture("Bench", &journey, &options).expect("renders"))
    });
    group.bench_function("png_2x_500_touchpoints", |b| {
        b.iter(|| export::png("Bench", &journey, &options).expect("exports"))
    });
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
