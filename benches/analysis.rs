//! Scores + findings + trajectory of one journey (DESIGN.md §12: ≤ 0.2 ms for 500 touchpoints,
//! ≤ 5 ms for 10,000).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rapport::samples::synthetic_journey;
use rapport::score::analyse;

fn analysis(c: &mut Criterion) {
    let mut group = c.benchmark_group("analyse");
    for n in [500usize, 10_000] {
        let journey = synthetic_journey(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &journey, |b, j| {
            b.iter(|| std::hint::black_box(analyse(j)));
        });
    }
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
