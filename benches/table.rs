//! Touchpoints as a table (DESIGN.md §12: importing 10,000 rows ≤ 100 ms). "import" reads the
//! CSV text of a 10,000-touchpoint journey (every column filled, as `rapport export` writes it)
//! into a project; "import, no days or ids" reads the same rows without the `id` and `day`
//! columns, so every day follows §8's rule; "export" writes the table.

use criterion::{Criterion, criterion_group, criterion_main};
use rapport::samples::synthetic_project;
use rapport::table;

/// The table without the `id` and `day` columns (and `links_to`, whose ids would name nothing).
fn without_ids_and_days(csv: &str) -> String {
    let mut out = String::with_capacity(csv.len());
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(csv.as_bytes());
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in reader.records() {
        let record = record.expect("row");
        let kept: Vec<&str> =
            record.iter().enumerate().filter(|(i, _)| ![1, 4, 18].contains(i)).map(|(_, c)| c).collect();
        writer.write_record(kept).expect("write");
    }
    out.push_str(&String::from_utf8(writer.into_inner().expect("flush")).expect("utf-8"));
    out
}

fn tables(c: &mut Criterion) {
    let project = synthetic_project(10_000);
    let csv = table::export(&project.journeys);
    let bare = without_ids_and_days(&csv);
    let rows = table::import(&csv, "Synthetic").expect("import").project.journeys[0].touchpoints.len();
    eprintln!("10,000-row table: {} bytes, {rows} touchpoints read back", csv.len());

    let mut group = c.benchmark_group("table_10000");
    group.sample_size(20);
    group.bench_function("import", |b| {
        b.iter(|| std::hint::black_box(table::import(&csv, "Synthetic").expect("import")))
    });
    group.bench_function("import, no days or ids", |b| {
        b.iter(|| std::hint::black_box(table::import(&bare, "Synthetic").expect("import")))
    });
    group.bench_function("export", |b| b.iter(|| std::hint::black_box(table::export(&project.journeys))));
    group.finish();
}

criterion_group!(benches, tables);
criterion_main!(benches);
