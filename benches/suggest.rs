//! Suggestions, all candidates ranked, for one journey (DESIGN.md §12: ≤ 20 ms for 500
//! touchpoints, ≤ 500 ms for 10,000).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rapport::samples::synthetic_journey;
use rapport::suggest::suggestions;

fn suggest(c: &mut Criterion) {
    let mut group = c.benchmark_group("suggestions");
    for n in [500usize, 10_000] {
        let journey = synthetic_journey(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &journey, |b, j| {
            b.iter(|| std::hint::black_box(suggestions(j)));
        });
    }
    group.finish();
}

criterion_group!(benches, suggest);
criterion_main!(benches);
