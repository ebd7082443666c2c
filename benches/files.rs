//! Opening and saving a 10,000-touchpoint project (DESIGN.md §12: ≤ 150 ms / ≤ 100 ms).
//! "Open" is reading the file from disk and parsing it; "save" is the atomic save to disk.

use criterion::{Criterion, criterion_group, criterion_main};
use rapport::samples::synthetic_project;
use rapport::store;

fn files(c: &mut Criterion) {
    let project = synthetic_project(10_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.ron");
    store::save(&path, &project).expect("save");
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    eprintln!("10,000-touchpoint project: {bytes} bytes on disk");

    let mut group = c.benchmark_group("project_10000");
    group.sample_size(20);
    group.bench_function("open", |b| b.iter(|| std::hint::black_box(store::load(&path).expect("load"))));
    group.bench_function("save", |b| b.iter(|| store::save(&path, &project).expect("save")));
    group.bench_function("write_text", |b| b.iter(|| std::hint::black_box(store::write_project(&project))));
    let text = store::write_project(&project);
    group.bench_function("read_text", |b| {
        b.iter(|| std::hint::black_box(store::read_project(&text).expect("read")))
    });
    group.finish();
}

criterion_group!(benches, files);
criterion_main!(benches);
