//! The feeling curve: one point per touchpoint that has a feeling, in timeline order, gaps where
//! none is set, placed evenly or by day under its phase, and drawn in exports as one SVG path
//! vertex per feeling.

use rapport::export::{self, ExportOptions};
use rapport::layout::feeling::{FeelingCurve, FeelingStrip};
use rapport::layout::{self, DiagramOptions, LayoutOptions};
use rapport::model::{Journey, Phase, Touchpoint, TouchpointId};
use rapport::samples;
use rapport::store;

fn with_feelings(cards: &[(u32, Phase, u32, Option<i8>)]) -> Journey {
    let mut j = Journey::new("Feelings");
    for (id, phase, day, feeling) in cards {
        let mut t = Touchpoint::new(TouchpointId(*id), format!("T{id}"), *phase, *day, "Customer");
        t.feeling = *feeling;
        j.touchpoints.push(t);
    }
    j
}

fn strip(j: &Journey, mode: FeelingCurve, columns: [usize; 3]) -> FeelingStrip {
    let l = layout::layout_with(j, &LayoutOptions { columns, feeling: mode, ..LayoutOptions::STRIP });
    l.feeling.expect("a strip")
}

#[test]
fn points_follow_the_timeline_and_a_missing_feeling_leaves_a_gap_not_a_zero() {
    // File order is not time order; touchpoint 3 has no feeling.
    let j = with_feelings(&[
        (1, Phase::EarlyDays, 10, Some(1)),
        (2, Phase::EarlyDays, 0, Some(-1)),
        (3, Phase::EarlyDays, 20, None),
        (4, Phase::FirstDisagreement, 90, Some(-2)),
        (5, Phase::LongTerm, 200, Some(2)),
    ]);
    let s = strip(&j, FeelingCurve::Even, [0; 3]);
    let ids: Vec<u32> = s.points.iter().map(|p| p.id.0).collect();
    assert_eq!(ids, vec![2, 1, 4, 5], "timeline order, no point for 3");
    assert!(s.points.windows(2).all(|w| w[0].at.x < w[1].at.x), "left to right");
    assert_eq!(s.runs, vec![0..2, 2..4], "the line breaks at touchpoint 3");
    let zero = s.y_of(0.0);
    assert!(s.points.iter().all(|p| (p.at.y - s.y_of(f32::from(p.feeling))).abs() < 1e-3));
    assert!(s.points[0].at.y > zero && s.points[1].at.y < zero, "−1 below the zero line, +1 above");
    assert_eq!(s.feeling_at(s.y_of(2.0) - 30.0), 2, "dragging past the scale stops at +2");
}

#[test]
fn points_by_day_sit_where_their_day_falls_within_the_phase() {
    let j = with_feelings(&[
        (1, Phase::EarlyDays, 0, Some(0)),
        (2, Phase::EarlyDays, 10, Some(0)),
        (3, Phase::EarlyDays, 40, Some(0)),
    ]);
    let s = strip(&j, FeelingCurve::ByDay, [0; 3]);
    let x: Vec<f32> = s.points.iter().map(|p| p.at.x).collect();
    let (a, b, c) = (x[0], x[1], x[2]);
    assert!(((b - a) / (c - a) - 0.25).abs() < 1e-3, "day 10 is a quarter of the way from 0 to 40: {x:?}");
    let even = strip(&j, FeelingCurve::Even, [1, 1, 1]);
    let x: Vec<f32> = even.points.iter().map(|p| p.at.x).collect();
    assert!(((x[1] - x[0]) - (x[2] - x[1])).abs() < 1e-3, "evenly spaced: {x:?}");
}

#[test]
fn every_point_sits_under_its_own_phase_below_the_grid() {
    let j = store::read_project(samples::BRIGHTWATT.text).expect("reads").journeys.remove(0);
    let l = layout::layout_with(&j, &LayoutOptions { feeling: FeelingCurve::Even, ..LayoutOptions::STRIP });
    let s = l.feeling.as_ref().expect("strip");
    assert_eq!(s.points.len(), j.touchpoints.iter().filter(|t| t.feeling.is_some()).count());
    for p in &s.points {
        let phase = j.touchpoints[p.index].phase;
        let col = l.column(phase).expect("column");
        assert!(p.at.x > col.body.min.x && p.at.x < col.body.max.x, "{:?} under {phase:?}", p.id);
    }
    assert!(s.rect.min.y >= l.lanes.last().expect("lanes").body.max.y);
}

#[test]
fn an_svg_export_draws_the_curve_with_one_vertex_per_feeling_and_the_flag_leaves_it_out() {
    let j = store::read_project(samples::BRIGHTWATT.text).expect("reads").journeys.remove(0);
    let with = export::svg("P", &j, &ExportOptions::default());
    let doc = roxmltree::Document::parse(&with).expect("well-formed");
    let paths: Vec<_> = doc.descendants().filter(|n| n.attribute("class") == Some("feeling-curve")).collect();
    assert!(!paths.is_empty());
    // "M x,y" starts a run and each "C a b end" adds one vertex.
    let vertices: usize = paths
        .iter()
        .map(|p| {
            let d = p.attribute("d").unwrap_or_default();
            d.matches('M').count() + d.matches('C').count()
        })
        .sum();
    let feelings = j.touchpoints.iter().filter(|t| t.feeling.is_some()).count();
    let s = layout::layout_with(&j, &LayoutOptions { feeling: FeelingCurve::Even, ..LayoutOptions::STRIP })
        .feeling
        .expect("strip");
    let lonely = s.runs.iter().filter(|r| r.len() == 1).count();
    assert_eq!(vertices + lonely, feelings, "a vertex for every feeling (a lone point is a dot, not a path)");
    let without = export::svg(
        "P",
        &j,
        &ExportOptions {
            diagram: DiagramOptions { feeling: false, ..DiagramOptions::default() },
            ..ExportOptions::default()
        },
    );
    assert!(!without.contains("feeling-curve") && !without.contains("id=\"feeling\""));
}

#[test]
fn the_command_line_leaves_the_curve_out_with_no_feeling() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples/brightwatt.ron");
    let run = |out: &std::path::Path, extra: &[&str]| {
        let mut args = vec![
            "export",
            sample.to_str().expect("utf-8"),
            "-o",
            out.to_str().expect("utf-8"),
            "--journey",
            "As-is",
        ];
        args.extend_from_slice(extra);
        std::process::Command::new(env!("CARGO_BIN_EXE_rapport")).args(&args).output().expect("runs")
    };
    let (a, b) = (dir.path().join("a.svg"), dir.path().join("b.svg"));
    assert!(run(&a, &[]).status.success());
    assert!(run(&b, &["--no-feeling"]).status.success());
    assert!(std::fs::read_to_string(&a).expect("a").contains("feeling-curve"));
    assert!(!std::fs::read_to_string(&b).expect("b").contains("feeling-curve"));
}
