//! Export speed against DESIGN.md §12: SVG and PNG 2× of 500 touchpoints (≤ 20 ms / ≤ 1.5 s),
//! and the review pack of each bundled sample project (≤ 1 s, ≤ 1 MB, §16).

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

fn pack(c: &mut Criterion) {
    let mut group = c.benchmark_group("pack");
    group.sample_size(10);
    for sample in rapport::samples::ALL {
        let project = rapport::store::read_project(sample.text).expect("the sample reads");
        let bytes =
            rapport::pdf::pack(&project, rapport::pdf::Paper::A4, "6 December 2026").expect("written");
        eprintln!(
            "{}: the review pack is {} pages, {} bytes",
            sample.file_name,
            bytes.pages,
            bytes.bytes.len()
        );
        group.bench_function(format!("pdf_{}", sample.file_name.trim_end_matches(".ron")), |b| {
            b.iter(|| {
                rapport::pdf::pack(&project, rapport::pdf::Paper::A4, "6 December 2026").expect("written")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, export, pack);
criterion_main!(benches);
