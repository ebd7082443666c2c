//! Comparing two journeys of 10,000 touchpoints, both analyses included (DESIGN.md §12:
//! ≤ 20 ms).

use criterion::{Criterion, criterion_group, criterion_main};
use rapport::compare::{compare, compare_analysed};
use rapport::model::{Exchange, Journey, Provider, TouchpointId};
use rapport::samples::synthetic_journey;
use rapport::score::analyse;

/// A to-be made from the as-is: every 7th card reworked, every 11th dropped, 300 new ones.
fn revision_of(from: &Journey) -> Journey {
    let mut to = from.clone();
    to.name = "To-be".to_owned();
    for (i, tp) in to.touchpoints.iter_mut().enumerate() {
        if i % 7 == 0 {
            tp.provider = Provider::Person("Priya".to_owned());
            tp.two_way = !tp.two_way;
            tp.exchange = Exchange::OrgGives(2);
        }
    }
    let mut index = 0;
    to.touchpoints.retain(|_| {
        index += 1;
        index % 11 != 0
    });
    to.links.retain(|l| l.from.0 % 11 != 0 && l.to.0 % 11 != 0);
    let next = to.next_id().0;
    let extra: Vec<_> = from.touchpoints[..300]
        .iter()
        .enumerate()
        .map(|(i, tp)| {
            let mut tp = tp.clone();
            tp.id = TouchpointId(next + i as u32);
            tp.title = format!("New touchpoint {i}");
            tp
        })
        .collect();
    to.touchpoints.extend(extra);
    to
}

fn comparison(c: &mut Criterion) {
    let from = synthetic_journey(10_000);
    let to = revision_of(&from);
    c.bench_function("compare/10000", |b| b.iter(|| std::hint::black_box(compare(&from, &to))));
    // The workbench already holds both analyses: what the comparison itself costs.
    let (from_analysis, to_analysis) = (analyse(&from), analyse(&to));
    c.bench_function("compare_analysed/10000", |b| {
        b.iter(|| std::hint::black_box(compare_analysed(&from, &from_analysis, &to, &to_analysis)))
    });
}

criterion_group!(benches, comparison);
criterion_main!(benches);
