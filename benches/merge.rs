//! Teams through git (DESIGN.md §12): the three-way merge of two 10,000-touchpoint sides of a
//! project with 500 review threads (≤ 200 ms) and the semantic diff of two versions (≤ 100 ms).

use criterion::{Criterion, criterion_group, criterion_main};
use rapport::diff::diff;
use rapport::merge::merge;
use rapport::model::{Comment, Exchange, Project, Provider, Thread, ThreadOn, Timestamp, TouchpointId};
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

/// The varied project with a review thread on every 20th card (two comments each).
fn reviewed(mut p: Project) -> Project {
    let j = &mut p.journeys[0];
    let cards: Vec<_> = j.touchpoints.iter().step_by(20).map(|t| (t.id, t.title.clone())).collect();
    for (i, (id, title)) in cards.into_iter().enumerate() {
        let at = Timestamp(1_796_000_000 + i as u64 * 60);
        j.threads.push(Thread {
            id: i as u32 + 1,
            on: ThreadOn::Touchpoint(id),
            about: title,
            resolved: false,
            comments: vec![
                Comment { by: "Ann".into(), at, text: "Why this way?".into() },
                Comment { by: "Priya".into(), at: Timestamp(at.0 + 30), text: "Legal asked.".into() },
            ],
        });
    }
    p
}

/// A reply from `who` on every `every`th thread from `offset`, and every 9th from `offset`
/// resolved.
fn replies(p: &mut Project, offset: usize, every: usize, who: &str) {
    for (i, t) in p.journeys[0].threads.iter_mut().enumerate() {
        if i % every == offset {
            let at = Timestamp(t.comments[1].at.0 + 60 + offset as u64);
            t.comments.push(Comment { by: who.to_owned(), at, text: format!("{who} agrees.") });
        }
        if i % 9 == offset {
            t.resolved = true;
        }
    }
}

fn merging(c: &mut Criterion) {
    let base = reviewed(varied_project(10_000, 7));
    let mut ours = revision_of(&base, 0, 7, "Priya");
    let mut theirs = revision_of(&base, 3, 5, "Sam");
    replies(&mut ours, 0, 3, "Priya");
    replies(&mut theirs, 1, 4, "Sam");
    let check = merge(&base, &ours, &theirs).expect("merges");
    assert!(check.journeys[0].touchpoints.len() > 8_000 && check.conflicts.len() > 100);
    assert!(check.journeys[0].threads.iter().any(|t| t.comments.len() == 4), "replies from both sides");
    c.bench_function("merge/10000", |b| {
        b.iter(|| std::hint::black_box(merge(&base, &ours, &theirs).expect("merges")))
    });
    c.bench_function("diff/10000", |b| b.iter(|| std::hint::black_box(diff(&base, &ours))));
}

criterion_group!(benches, merging);
criterion_main!(benches);
