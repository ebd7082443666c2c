//! Teams through git (DESIGN.md §12): the three-way merge of two 10,000-touchpoint sides of a
//! project (≤ 200 ms) and the semantic diff of two versions (≤ 100 ms).

use criterion::{Criterion, criterion_group, criterion_main};
use rapport::diff::diff;
use rapport::merge::merge;
use rapport::model::{Exchange, Project, Provider, TouchpointId};
use rapport::samples::varied_project;

/// One designer's day on the project: every `every`th card reworked from `offset`, every 13th
/// from `offset` dropped, 200 new cards (with ids both sides use, so theirs are renumbered).
fn revision_of(base: &Project, offset: usize, every: usize, who: &str) -> Project {
    let mut p = base.clone();
    let j = &mut p.journeys[0];
    for (i, tp) in j.touchpoints.iter_mut().enumerate() {
        if i % every == offset {
            tp.provider = Provider::Person(who.to_owned());
            tp.two_way = !tp.two_way;
            tp.exchange = Exchange::OrgGives(2);
        }
    }
    let gone: Vec<TouchpointId> =
        j.touchpoints.iter().enumerate().filter(|(i, _)| i % 13 == offset).map(|(_, t)| t.id).collect();
    j.touchpoints.retain(|t| !gone.contains(&t.id));
    j.links.retain(|l| !gone.contains(&l.from) && !gone.contains(&l.to));
    j.heard.retain(|h| !gone.contains(&h.touchpoint));
    for v in &mut j.votes {
        v.ballots.retain(|b| !gone.contains(&b.touchpoint));
    }
    for pr in &mut j.proposals {
        if let rapport::model::ProposalStatus::Accepted(id) = pr.status
            && gone.contains(&id)
        {
            pr.status = rapport::model::ProposalStatus::Pending;
        }
    }
    let next = base.next_touchpoint_id().0;
    let extra: Vec<_> = j.touchpoints[..200]
        .iter()
        .enumerate()
        .map(|(i, tp)| {
            let mut tp = tp.clone();
            tp.id = TouchpointId(next + i as u32);
            tp.title = format!("{who}'s new touchpoint {i}");
            tp
        })
        .collect();
    j.touchpoints.extend(extra);
    p
}

fn merging(c: &mut Criterion) {
    let base = varied_project(10_000, 7);
    let ours = revision_of(&base, 0, 7, "Priya");
    let theirs = revision_of(&base, 3, 5, "Sam");
    let check = merge(&base, &ours, &theirs).expect("merges");
    assert!(check.journeys[0].touchpoints.len() > 8_000 && check.conflicts.len() > 100);
    c.bench_function("merge/10000", |b| {
        b.iter(|| std::hint::black_box(merge(&base, &ours, &theirs).expect("merges")))
    });
    c.bench_function("diff/10000", |b| b.iter(|| std::hint::black_box(diff(&base, &ours))));
}

criterion_group!(benches, merging);
criterion_main!(benches);
