//! The fitted layout with wrapping (DESIGN.md §12: ≤ 2 ms for 500 touchpoints, ≤ 40 ms for
//! 10,000): choosing the wrapping for a laptop canvas, then laying the journey out with it.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rapport::layout::{LayoutOptions, fit, layout_with};
use rapport::samples::synthetic_journey;

fn fitted_layout(c: &mut Criterion) {
    let mut group = c.benchmark_group("fitted_layout");
    for n in [500usize, 10_000] {
        let journey = synthetic_journey(n);
        let (options, zoom) = fit(&journey, 800.0, 680.0, &LayoutOptions::STRIP);
        eprintln!("{n} touchpoints: columns {:?}, zoom {zoom:.3}", options.columns);
        group.bench_with_input(BenchmarkId::from_parameter(n), &journey, |b, j| {
            b.iter(|| {
                let (options, _) = fit(j, 800.0, 680.0, &LayoutOptions::STRIP);
                std::hint::black_box(layout_with(j, &options))
            });
        });
    }
    group.finish();
}

criterion_group!(benches, fitted_layout);
criterion_main!(benches);
