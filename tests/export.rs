//! Exported diagrams (DESIGN.md §9): the SVG holds every title, phase and lane and the scores
//! the engine computes; the PNG follows the scale, draws text with the bundled fonts, and the
//! command line exports one journey or all of them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rapport::export::{self, Background, ExportOptions, Format};
use rapport::layout::card;
use rapport::layout::{self, DiagramOptions};
use rapport::model::{Journey, Link, Phase, Project, Touchpoint, TouchpointId};
use rapport::samples;
use rapport::score;
use rapport::store;
use rapport::text;

fn projects() -> Vec<Project> {
    samples::ALL.iter().map(|s| store::read_project(s.text).expect("sample reads")).collect()
}

fn brightwatt() -> Journey {
    projects().remove(0).journeys.remove(0)
}

fn options(scale: f32) -> ExportOptions {
    ExportOptions { scale, ..ExportOptions::default() }
}

/// Every piece of text a reader of the SVG can find: `<text>` and `<title>` contents.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("text") || n.has_tag_name("title"))
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().expect("a PNG");
    (reader.info().width, reader.info().height)
}

fn touchpoint(id: u32, title: &str, phase: Phase, day: u32, lane: &str) -> Touchpoint {
    Touchpoint::new(TouchpointId(id), title.to_owned(), phase, day, lane.to_owned())
}

#[test]
fn the_svg_of_every_sample_journey_names_every_touchpoint_phase_and_lane() {
    for project in projects() {
        for journey in &project.journeys {
            let svg = export::svg(&project.name, journey, &options(2.0));
            let found = texts(&svg);
            let has = |s: &str| found.iter().any(|t| t == s);
            for tp in &journey.touchpoints {
                assert!(has(&tp.title), "{}: no “{}” in the SVG", journey.name, tp.title);
            }
            for phase in Phase::ALL {
                assert!(has(phase.label()), "{}: no phase “{}”", journey.name, phase.label());
            }
            for lane in &journey.lanes {
                assert!(found.iter().any(|t| t == lane), "{}: no lane “{lane}”", journey.name);
            }
            assert!(has(&journey.name), "the journey's name is the title");
            assert!(has(&journey.persona), "the persona is under it");
            assert!(has(&project.name), "the project's name is above it");
        }
    }
}

#[test]
fn the_legend_shows_the_scores_and_classification_the_engine_computes() {
    for project in projects() {
        for journey in &project.journeys {
            let analysis = score::analyse(journey);
            let svg = export::svg(&project.name, journey, &options(2.0));
            let doc = roxmltree::Document::parse(&svg).expect("well-formed");
            let legend = doc.descendants().find(|n| n.attribute("id") == Some("legend")).expect("a legend");
            let exact = |name: &str| legend.attribute(name).and_then(|v| v.parse::<f64>().ok()).expect(name);
            assert_eq!(exact("data-mutuality"), analysis.mutuality.score);
            assert_eq!(exact("data-continuity"), analysis.continuity.score);
            assert_eq!(
                legend.attribute("data-classification"),
                Some(analysis.verdict.classification.as_str())
            );
            let shown: Vec<&str> =
                legend.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
            let after = |label: &str| shown.iter().position(|t| *t == label).map(|i| shown[i + 1]);
            assert_eq!(after("Mutuality"), Some(format!("{:.0}", analysis.mutuality.score).as_str()));
            assert_eq!(after("Continuity"), Some(format!("{:.0}", analysis.continuity.score).as_str()));
            assert!(shown.contains(&analysis.verdict.classification.label()));
            for key in ["Organisation gives", "Organisation takes", "Customer gives", "Customer takes"] {
                assert!(shown.contains(&key), "the key names “{key}”");
            }
        }
    }
}

#[test]
fn brightwatt_exports_the_worked_example_scores_56_and_58() {
    let svg = export::svg("Brightwatt Energy", &brightwatt(), &options(2.0));
    let found = texts(&svg);
    let i = found.iter().position(|t| t == "Mutuality").expect("mutuality");
    assert_eq!(found[i + 1], "56");
    let i = found.iter().position(|t| t == "Continuity").expect("continuity");
    assert_eq!(found[i + 1], "58");
    assert!(found.iter().any(|t| t == "Relationship"));
}

#[test]
fn leaving_out_the_legend_leaves_out_the_scores() {
    let o = ExportOptions {
        diagram: DiagramOptions {
            legend: false,
            findings: false,
            slide: false,
            feeling: true,
            comments: false,
        },
        ..options(2.0)
    };
    let svg = export::svg("P", &brightwatt(), &o);
    assert!(!svg.contains("id=\"legend\""));
    assert!(!texts(&svg).iter().any(|t| t == "Mutuality"));
}

#[test]
fn png_pixel_size_follows_the_scale() {
    let journey = brightwatt();
    let analysis = score::analyse(&journey);
    let page = layout::diagram("Brightwatt Energy", &journey, &analysis, DiagramOptions::default()).bounds;
    for scale in [1.0f32, 2.0, 3.0, 4.0] {
        let bytes = export::png("Brightwatt Energy", &journey, &options(scale)).expect("exports");
        let (w, h) = png_size(&bytes);
        assert_eq!(w, (page.width() * scale).ceil() as u32, "width at {scale}×");
        assert_eq!(h, (page.height() * scale).ceil() as u32, "height at {scale}×");
        assert_eq!((w, h), export::png_size("Brightwatt Energy", &journey, &options(scale)));
    }
}

#[test]
fn a_scale_outside_one_to_four_is_refused() {
    for scale in [0.5f32, 4.5, f32::NAN] {
        let e = export::png("P", &brightwatt(), &options(scale)).expect_err("refused");
        assert!(e.to_string().contains("from 1 to 4"), "{e}");
    }
}

#[test]
fn png_is_identical_every_time() {
    let journey = brightwatt();
    let a = export::png("P", &journey, &options(1.0)).expect("exports");
    let b = export::png("P", &journey, &options(1.0)).expect("exports");
    assert_eq!(a, b);
}

fn pixels(journey: &Journey, o: &ExportOptions) -> export::Picture {
    export::picture("P", journey, o).expect("renders")
}

#[test]
fn text_is_drawn_with_the_bundled_fonts_not_silently_left_out() {
    // A bare machine has no fonts; resvg would then draw text as nothing at all.
    let mut with = Journey::new("J");
    with.touchpoints.push(touchpoint(1, "Welcome call Ωμέγα Жж", Phase::EarlyDays, 0, "People"));
    let mut without = with.clone();
    without.touchpoints[0].title = String::new();
    let o = ExportOptions {
        diagram: DiagramOptions {
            legend: false,
            findings: false,
            slide: false,
            feeling: true,
            comments: false,
        },
        ..options(1.0)
    };
    let (a, b) = (pixels(&with, &o), pixels(&without, &o));
    assert_eq!((a.width, a.height), (b.width, b.height));
    let differing = a.rgba.chunks(4).zip(b.rgba.chunks(4)).filter(|(p, q)| p != q).count();
    assert!(differing > 300, "the title changed only {differing} pixels");
}

#[test]
fn white_and_transparent_backgrounds() {
    let journey = brightwatt();
    let white = pixels(&journey, &options(1.0));
    assert_eq!(&white.rgba[..4], &[255, 255, 255, 255], "the corner is white");
    let clear = pixels(&journey, &ExportOptions { background: Background::Transparent, ..options(1.0) });
    assert_eq!(clear.rgba[3], 0, "the corner is transparent");
    // The cards keep their fill either way.
    assert_eq!(white.rgba.len(), clear.rgba.len());
    assert!(clear.rgba.chunks(4).filter(|p| p[3] == 255).count() > clear.rgba.len() / 8);
}

#[test]
fn a_long_title_wraps_inside_its_card_and_stays_whole_in_the_svg() {
    let long = "When the customer calls about the estimated bill the agent checks the meter history, \
                explains every line, books a reading and promises a call back on the day it arrives";
    let mut journey = Journey::new("Long");
    journey.touchpoints.push(touchpoint(1, long, Phase::EarlyDays, 0, "People"));
    let svg = export::svg("P", &journey, &options(1.0));
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    let card = doc.descendants().find(|n| n.attribute("id") == Some("touchpoint-1")).expect("the card");
    assert_eq!(card.descendants().find(|n| n.has_tag_name("title")).and_then(|n| n.text()), Some(long));
    let box_ = card.descendants().find(|n| n.has_tag_name("rect")).expect("card box");
    let num = |n: roxmltree::Node, a: &str| n.attribute(a).and_then(|v| v.parse::<f32>().ok()).expect(a);
    let (left, width) = (num(box_, "x"), num(box_, "width"));
    let lines: Vec<(f32, &str)> = card
        .descendants()
        .filter(|n| {
            n.has_tag_name("text") && n.attribute("font-size") == Some(card::TITLE_SIZE.to_string().as_str())
        })
        .map(|n| (num(n, "x"), n.text().unwrap_or_default()))
        .collect();
    assert_eq!(lines.len(), 2, "two lines of title: {lines:?}");
    assert!(lines[0].1.starts_with("When the customer"));
    assert!(lines[1].1.ends_with('…'), "the rest is cut with an ellipsis: {lines:?}");
    for (x, line) in lines {
        assert!(x + text::width(line, card::TITLE_SIZE) <= left + width, "“{line}” overflows the card");
    }
}

#[test]
fn unicode_and_markup_characters_survive_into_svg_and_png() {
    let title = "Überweisung <für> \"Kündigung\" & Ωμέγα — 日本語 🙂";
    let mut journey = Journey::new("Ünïcödé & <journey>");
    journey.persona = "Zoë, 34 — «bilingual»".to_owned();
    journey.lanes = vec!["Людина".to_owned(), "Digital".to_owned()];
    journey.touchpoints.push(touchpoint(1, title, Phase::EarlyDays, 0, "Людина"));
    journey.touchpoints.push(touchpoint(2, "control\u{7}char", Phase::LongTerm, 9, "Digital"));
    let svg = export::svg("Ærø <&>", &journey, &options(2.0));
    let found = texts(&svg);
    for expected in
        [title, "Ünïcödé & <journey>", "Zoë, 34 — «bilingual»", "Людина", "Ærø <&>", "controlchar"]
    {
        assert!(found.iter().any(|t| t == expected), "“{expected}” not in {found:?}");
    }
    let png = export::png("Ærø <&>", &journey, &options(2.0)).expect("renders");
    assert!(png_size(&png).0 > 0);
}

#[test]
fn an_empty_journey_exports_an_empty_grid_with_its_legend() {
    let mut journey = Journey::new("Empty");
    for lanes in [journey.lanes.clone(), Vec::new()] {
        journey.lanes = lanes;
        let svg = export::svg("P", &journey, &options(1.0));
        let found = texts(&svg);
        assert!(found.iter().any(|t| t == "Early days"));
        assert!(found.iter().any(|t| t == "Mutuality"));
        let png = export::png("P", &journey, &options(1.0)).expect("renders");
        let (w, h) = png_size(&png);
        assert!(w as f32 >= layout::diagram::LEGEND_MIN_W && h > 100, "{w} × {h}");
    }
}

#[test]
fn links_are_drawn_as_arrows_between_their_cards() {
    let mut journey = Journey::new("Linked");
    journey.touchpoints.push(touchpoint(1, "Asks", Phase::EarlyDays, 0, "Customer"));
    journey.touchpoints.push(touchpoint(2, "Answers", Phase::EarlyDays, 1, "People"));
    journey.touchpoints.push(touchpoint(3, "Follows up", Phase::LongTerm, 50, "People"));
    journey.links = vec![
        Link { from: TouchpointId(1), to: TouchpointId(2) },
        Link { from: TouchpointId(2), to: TouchpointId(3) },
    ];
    let svg = export::svg("P", &journey, &options(1.0));
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    let links = doc.descendants().find(|n| n.attribute("id") == Some("links")).expect("links");
    assert_eq!(links.children().filter(|n| n.has_tag_name("polyline")).count(), 2);
    assert_eq!(links.children().filter(|n| n.has_tag_name("polygon")).count(), 2);
    let analysis = score::analyse(&journey);
    let d = layout::diagram("P", &journey, &analysis, DiagramOptions::default());
    let line = links.children().find(|n| n.has_tag_name("polyline")).expect("a line");
    let first: Vec<f32> = line
        .attribute("points")
        .and_then(|p| p.split([' ', ',']).next().zip(p.split([' ', ',']).nth(1)))
        .map(|(x, y)| vec![x.parse().expect("x"), y.parse().expect("y")])
        .expect("points");
    let start = d.grid.links[0].start();
    assert!((first[0] - start.x).abs() < 0.1 && (first[1] - start.y).abs() < 0.1, "{first:?} {start:?}");
}

#[test]
fn findings_are_numbered_on_their_cards_and_listed_in_the_legend() {
    let journey = brightwatt();
    let analysis = score::analyse(&journey);
    let o = ExportOptions {
        diagram: DiagramOptions {
            legend: true,
            findings: true,
            slide: false,
            feeling: true,
            comments: false,
        },
        ..options(1.0)
    };
    let svg = export::svg("P", &journey, &o);
    let found = texts(&svg);
    for f in &analysis.findings {
        let listed =
            found.iter().any(|t| t.chars().count() >= 20 && f.message.starts_with(t.trim_end_matches('…')));
        assert!(listed, "“{}” is not listed", f.message);
    }
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    let markers = doc.descendants().find(|n| n.attribute("id") == Some("finding-markers")).expect("markers");
    let d = layout::diagram("P", &journey, &analysis, o.diagram);
    assert_eq!(markers.children().filter(|n| n.has_tag_name("circle")).count(), d.badges.len());
    // A phase finding marks its phase header, not the phase's cards.
    let loyalty =
        analysis.findings.iter().position(|f| f.code.as_str() == "LOYALTY_PENALTY").expect("raised") + 1;
    let on_header: Vec<_> = d.badges.iter().filter(|b| b.number == loyalty).collect();
    assert_eq!(on_header.len(), 1, "{on_header:?}");
    let header = d.grid.phases.iter().find(|c| c.phase == Phase::LongTerm).expect("long term").header;
    assert!((on_header[0].centre.y - header.min.y).abs() < 10.0 && on_header[0].centre.x <= header.max.x);
    let plain = export::svg("P", &journey, &options(1.0));
    assert!(!plain.contains("finding-markers"), "markers are optional and off by default");
}

/// Pixels per metre a PNG says it has (its scale × 96 dpi).
fn png_density(bytes: &[u8]) -> u32 {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let reader = decoder.read_info().expect("a PNG");
    reader.info().pixel_dims.expect("a density").xppu
}

#[test]
fn a_journey_too_wide_for_a_png_strip_wraps_to_a_slide_page_it_can_write() {
    let mut journey = Journey::new("Endless");
    journey.lanes = vec!["Only".to_owned()];
    for i in 0..400 {
        journey.touchpoints.push(touchpoint(i + 1, "Step", Phase::EarlyDays, i, "Only"));
    }
    let analysis = score::analyse(&journey);
    let strip = layout::diagram("P", &journey, &analysis, DiagramOptions::default());
    assert!(strip.bounds.width() > export::MAX_SIDE as f32, "the strip alone is too wide at 1×");
    let plan = export::png_plan("P", &journey, &options(1.0)).expect("wraps");
    assert!(plan.wrapped && plan.scale == 1.0, "{plan:?}");
    let png = export::png("P", &journey, &options(1.0)).expect("exports");
    let (w, h) = png_size(&png);
    assert_eq!((w, h), plan.size);
    assert_eq!((w, h), export::png_size("P", &journey, &options(1.0)), "the size the dialog shows");
    assert!((w as f32 / h as f32 - 16.0 / 9.0).abs() < 0.01, "a 16:9 page: {w} × {h}");
    assert!(w <= export::MAX_SIDE && u64::from(w) * u64::from(h) <= export::MAX_PIXELS);
    assert_eq!(png_density(&png), (96.0_f32 / 0.0254).round() as u32);
}

#[test]
fn a_journey_of_500_touchpoints_wraps_at_the_largest_scale_a_png_holds_and_10000_are_refused() {
    let journey = samples::synthetic_journey(500);
    let analysis = score::analyse(&journey);
    let strip = layout::diagram("P", &journey, &analysis, DiagramOptions::default());
    assert!(strip.bounds.width() * 2.0 > export::MAX_SIDE as f32, "the strip is {:?}", strip.bounds);
    let plan = export::png_plan("P", &journey, &options(2.0)).expect("wraps");
    let (w, h) = plan.size;
    assert!(plan.wrapped, "{plan:?}");
    assert!((1.0..2.0).contains(&plan.scale), "too many pixels at 2× even wrapped: {plan:?}");
    assert!(
        w <= export::MAX_SIDE && h <= export::MAX_SIDE && u64::from(w) * u64::from(h) <= export::MAX_PIXELS
    );
    let larger = plan.scale + 0.01;
    let (lw, lh) = ((w as f32 * larger / plan.scale) as u64, (h as f32 * larger / plan.scale) as u64);
    assert!(lw * lh > export::MAX_PIXELS * 99 / 100, "the largest scale that fits: {plan:?}");
    assert!((w as f32 / h as f32 - 16.0 / 9.0).abs() < 0.01, "{w} × {h}");
    assert_eq!(export::png_size("P", &journey, &options(2.0)), plan.size);

    let huge = samples::synthetic_journey(10_000);
    let e = export::png_plan("P", &huge, &options(1.0)).expect_err("too big even wrapped at 1×");
    assert!(e.to_string().contains("even wrapped; export SVG instead"), "{e}");
    assert!(export::png("P", &huge, &options(1.0)).is_err());
    assert!(!export::svg("P", &huge, &options(1.0)).is_empty(), "SVG has no limit");
}

#[test]
fn file_names_for_every_journey_are_distinct_and_readable() {
    let paths = export::paths_for_each(
        Path::new("/out/deck.png"),
        &["As-is", "To-be", "As is", "Été 2026"],
        Format::Png,
    );
    let names: Vec<String> =
        paths.iter().map(|p| p.file_name().expect("name").to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["deck-as-is.png", "deck-to-be.png", "deck-as-is-2.png", "deck-été-2026.png"]);
    assert!(paths.iter().all(|p| p.parent() == Some(Path::new("/out"))));
}

// The command line.

fn rapport(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rapport")).args(args).output().expect("rapport runs")
}

fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples").join(name).display().to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn export_writes_a_png_and_an_svg_of_the_named_journey() {
    let dir = tempfile::tempdir().expect("tempdir");
    let png_path = dir.path().join("bw.png");
    let o = rapport(&[
        "export",
        &sample("brightwatt.ron"),
        "-o",
        png_path.to_str().expect("utf-8"),
        "--journey",
        "As-is",
        "--scale",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let journey = brightwatt();
    let (w, h) = png_size(&std::fs::read(&png_path).expect("written"));
    assert_eq!((w, h), export::png_size("Brightwatt Energy", &journey, &options(1.0)));
    assert!(String::from_utf8_lossy(&o.stdout).contains(&format!("{w} × {h} px")));

    let svg_path = dir.path().join("bw.svg");
    let o = rapport(&[
        "export",
        &sample("brightwatt.ron"),
        "-o",
        svg_path.to_str().expect("utf-8"),
        "--journey",
        "As-is",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let svg = std::fs::read_to_string(&svg_path).expect("written");
    assert!(texts(&svg).iter().any(|t| t == "Welcome call"));
}

#[test]
fn export_all_writes_one_file_per_journey() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("bank.svg");
    let o =
        rapport(&["export", &sample("high-street-bank.ron"), "-o", out.to_str().expect("utf-8"), "--all"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir.path()).expect("dir").map(|e| e.expect("entry").path()).collect();
    files.sort();
    let names: Vec<String> =
        files.iter().map(|p| p.file_name().expect("name").to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["bank-as-is.svg", "bank-to-be.svg"]);
}

#[test]
fn export_of_a_project_with_several_journeys_asks_which() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("x.png");
    let o = rapport(&["export", &sample("high-street-bank.ron"), "-o", out.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--journey") && stderr(&o).contains("“To-be”"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn export_to_an_unwritable_place_fails_with_exit_code_1_and_says_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a_file = dir.path().join("plain-file");
    std::fs::write(&a_file, "x").expect("write");
    // A path "inside" a regular file can never be written, whoever runs the test (root too).
    let out = a_file.join("diagram.png");
    let o = rapport(&[
        "export",
        &sample("brightwatt.ron"),
        "-o",
        out.to_str().expect("utf-8"),
        "--journey",
        "As-is",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("could not export") && e.contains("diagram.png"), "{e}");
    assert!(!e.contains("panicked"), "{e}");
}

#[test]
fn export_usage_errors_exit_with_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bw = sample("brightwatt.ron");
    let out = dir.path().join("x.png").display().to_string();
    let pdf = dir.path().join("x.pdf").display().to_string();
    let gif = dir.path().join("x.gif").display().to_string();
    for args in [
        vec!["export", bw.as_str(), "-o", pdf.as_str(), "--journey", "As-is"],
        vec!["export", bw.as_str(), "-o", gif.as_str(), "--journey", "As-is"],
        vec!["export", bw.as_str(), "-o", out.as_str(), "--journey", "As-is", "--scale", "5"],
        vec!["export", bw.as_str(), "-o", out.as_str(), "--journey", "Nope"],
        vec!["export", bw.as_str()],
    ] {
        let o = rapport(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    let o = rapport(&["export", "/no/such/project.ron", "-o", &out]);
    assert_eq!(o.status.code(), Some(1), "a missing project is a bad file");
}

#[test]
fn export_flags_choose_background_legend_and_finding_markers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bw = sample("brightwatt.ron");
    let svg = dir.path().join("plain.svg");
    let o =
        rapport(&["export", &bw, "-o", svg.to_str().expect("utf-8"), "--journey", "As-is", "--no-legend"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&svg).expect("written");
    assert!(!text.contains("id=\"legend\"") && !text.contains("finding-markers"));

    let marked = dir.path().join("marked.svg");
    let o =
        rapport(&["export", &bw, "-o", marked.to_str().expect("utf-8"), "--journey", "As-is", "--findings"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&marked).expect("written");
    assert!(text.contains("id=\"legend\"") && text.contains("finding-markers"));

    let png_path = dir.path().join("clear.png");
    let o = rapport(&[
        "export",
        &bw,
        "-o",
        png_path.to_str().expect("utf-8"),
        "--journey",
        "As-is",
        "--transparent",
        "--scale",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = std::fs::read(&png_path).expect("written");
    let mut reader = png::Decoder::new(std::io::Cursor::new(&bytes[..])).read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    reader.next_frame(&mut buf).expect("decodes");
    assert_eq!(buf[3], 0, "the corner is transparent");
}

#[test]
fn every_finding_of_every_sample_journey_has_a_visible_marker() {
    for project in projects() {
        for journey in &project.journeys {
            let analysis = score::analyse(journey);
            let o =
                DiagramOptions { legend: true, findings: true, slide: false, feeling: true, comments: false };
            let d = layout::diagram(&project.name, journey, &analysis, o);
            for n in 1..=analysis.findings.len() {
                assert!(
                    d.badges.iter().any(|b| b.number == n),
                    "{} / {}: finding {n} has no marker",
                    project.name,
                    journey.name
                );
            }
        }
    }
}

#[test]
fn a_card_named_by_more_findings_than_fit_shows_three_markers_and_plus_the_rest() {
    // A machine answers a customer's gift by taking, in a personal voice, while they feel low,
    // then falls silent for a year: five touchpoint findings name the same card.
    use rapport::model::{Exchange, Provider};
    let mut journey = Journey::new("Crowded");
    let mut gift = touchpoint(1, "Gives a reading", Phase::EarlyDays, 0, "Customer");
    gift.exchange = Exchange::CustomerGives(1);
    let mut take = touchpoint(2, "Crowded", Phase::EarlyDays, 1, "Customer");
    take.exchange = Exchange::OrgTakes(1);
    take.provider = Provider::Automated;
    take.personalised = true;
    take.feeling = Some(-2);
    let mut later = touchpoint(3, "Much later", Phase::LongTerm, 400, "Customer");
    later.exchange = Exchange::OrgTakes(1);
    later.provider = Provider::Automated;
    journey.touchpoints = vec![gift, take, later];
    let analysis = score::analyse(&journey);
    let on_first = analysis
        .findings
        .iter()
        .filter(|f| f.marks_cards() && f.touchpoints.contains(&TouchpointId(2)))
        .count();
    assert!(on_first > layout::diagram::MAX_MARKERS, "the test needs a crowded card: {on_first}");
    let d = layout::diagram(
        "P",
        &journey,
        &analysis,
        DiagramOptions { legend: true, findings: true, slide: false, feeling: true, comments: false },
    );
    let card = d.grid.card(TouchpointId(2)).expect("card").rect;
    let on_card = d
        .badges
        .iter()
        .filter(|b| {
            (b.centre.y - (card.min.y - 3.0)).abs() < 0.1
                && b.centre.x <= card.max.x
                && b.centre.x >= card.min.x
        })
        .count();
    assert_eq!(on_card, layout::diagram::MAX_MARKERS - 1);
    assert!(d.more.iter().any(|m| m.count == on_first - on_card), "{:?}", d.more);
    let svg = export::svg(
        "P",
        &journey,
        &ExportOptions {
            diagram: DiagramOptions {
                legend: true,
                findings: true,
                slide: false,
                feeling: true,
                comments: false,
            },
            ..options(1.0)
        },
    );
    assert!(svg.contains(&format!(">+{}<", on_first - on_card)), "the +n is drawn");
}

#[test]
fn a_slide_export_is_sixteen_by_nine_and_wraps_a_long_journey() {
    let bank = store::read_project(samples::HIGH_STREET_BANK.text).expect("reads");
    let journey = &bank.journeys[0];
    let analysis = score::analyse(journey);
    let strip = layout::diagram(&bank.name, journey, &analysis, DiagramOptions::default());
    let slide = layout::diagram(
        &bank.name,
        journey,
        &analysis,
        DiagramOptions { slide: true, ..DiagramOptions::default() },
    );
    let ratio = slide.bounds.width() / slide.bounds.height();
    assert!((ratio - 16.0 / 9.0).abs() < 0.01, "{ratio}");
    assert!(strip.bounds.width() / strip.bounds.height() > 2.5, "the strip is long and thin");
    assert!(slide.grid.options.columns.iter().any(|c| *c > 0), "the slide wraps: {:?}", slide.grid.options);
    // Scaled to a 1920 × 1080 slide, its cards are larger than the strip's.
    let card_px = |d: &layout::Diagram| {
        let s = (1920.0 / d.bounds.width()).min(1080.0 / d.bounds.height());
        layout::metrics::CARD_W * s
    };
    assert!(card_px(&slide) > 1.4 * card_px(&strip), "{} vs {}", card_px(&slide), card_px(&strip));
    let png = export::png(&bank.name, journey, &ExportOptions { diagram: slide_options(), ..options(1.0) })
        .expect("png");
    let (w, h) = png_size(&png);
    assert!((w as f32 / h as f32 - 16.0 / 9.0).abs() < 0.01, "{w} × {h}");
}

fn slide_options() -> DiagramOptions {
    DiagramOptions { slide: true, ..DiagramOptions::default() }
}

#[test]
fn the_svg_draws_every_mark_of_every_card_it_is_given() {
    use rapport::layout::marks::Mark;
    for project in projects() {
        for journey in &project.journeys {
            let analysis = score::analyse(journey);
            let svg = export::svg(&project.name, journey, &options(1.0));
            let doc = roxmltree::Document::parse(&svg).expect("well-formed");
            let d = layout::diagram(&project.name, journey, &analysis, DiagramOptions::default());
            let warned = analysis.warned_touchpoints();
            for card in &d.grid.cards {
                let tp = &journey.touchpoints[card.index];
                let marks = export::card_marks(card, tp, &warned);
                let group_id = format!("touchpoint-{}", tp.id);
                let group =
                    doc.descendants().find(|n| n.attribute("id") == Some(group_id.as_str())).expect("group");
                let drawn: Vec<String> = group
                    .children()
                    .filter(|n| n.has_tag_name("text"))
                    .map(|n| n.text().unwrap_or_default().to_owned())
                    .collect();
                let given: Vec<String> = marks
                    .iter()
                    .filter_map(|m| match m {
                        Mark::Text { text, .. } => Some(text.clone()),
                        _ => None,
                    })
                    .collect();
                assert_eq!(drawn, given, "{}", tp.title);
                let shapes = group
                    .children()
                    .filter(|n| n.is_element() && !n.has_tag_name("text") && !n.has_tag_name("title"))
                    .count();
                assert_eq!(
                    shapes,
                    marks.iter().filter(|m| !matches!(m, Mark::Text { .. })).count(),
                    "{}",
                    tp.title
                );
            }
        }
    }
}

// The review pack (DESIGN.md §16), read back with poppler's tools as a reviewer's reader would.

mod pack {
    use super::*;
    use rapport::pdf::{self, Paper};

    /// A poppler tool's output for a file; `None` when poppler is not installed (then the test
    /// says so and stops, unless RAPPORT_REQUIRE_TOOLS is set, as CI sets it).
    fn poppler(tool: &str, args: &[&str]) -> Option<String> {
        match Command::new(tool).args(args).output() {
            Ok(o) => {
                assert!(o.status.success(), "{tool} {args:?}: {}", String::from_utf8_lossy(&o.stderr));
                Some(String::from_utf8_lossy(&o.stdout).into_owned())
            }
            Err(_) if std::env::var_os("RAPPORT_REQUIRE_TOOLS").is_none() => {
                println!(
                    "skipped: {tool} is not installed (`apt-get install poppler-utils`; .ci/run installs it)"
                );
                None
            }
            Err(e) => panic!("{tool} must be installed (poppler-utils): {e}"),
        }
    }

    fn written(project: &Project, paper: Paper, dir: &Path, name: &str) -> (PathBuf, pdf::Pack) {
        let pack = pdf::pack(project, paper, "6 December 2026").expect("the pack is written");
        let path = dir.join(name);
        std::fs::write(&path, &pack.bytes).expect("written");
        (path, pack)
    }

    /// The page count pdfinfo reads.
    fn info_pages(info: &str) -> usize {
        info.lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .expect("pdfinfo says how many pages")
    }

    /// The text of the whole PDF with runs of white space made one space.
    fn words(path: &Path) -> Option<String> {
        let text = poppler("pdftotext", &["-enc", "UTF-8", &path.display().to_string(), "-"])?;
        Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    fn squeeze(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn the_pack_lists_each_open_comment_with_its_author_and_leaves_a_resolved_one_out() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut project = projects().remove(0);
        let card = project.journeys[0].touchpoints[0].clone();
        let at = rapport::model::Timestamp(1_765_102_500);
        let comment = |by: &str, text: &str| rapport::model::Comment { by: by.into(), at, text: text.into() };
        project.journeys[0].threads = vec![
            rapport::model::Thread {
                id: 1,
                on: rapport::model::ThreadOn::Touchpoint(card.id),
                about: card.title.clone(),
                resolved: false,
                comments: vec![
                    comment("Annika Reviewer", "Why is this automated"),
                    comment("Priya Lead", "Legal asked"),
                ],
            },
            rapport::model::Thread {
                id: 2,
                on: rapport::model::ThreadOn::Journey,
                about: String::new(),
                resolved: true,
                comments: vec![comment("Annika Reviewer", "Settled long ago")],
            },
        ];
        let (path, _) = written(&project, Paper::A4, dir.path(), "comments.pdf");
        let Some(text) = words(&path) else { return };
        assert!(text.contains("Open comments (1)"), "{text}");
        assert!(text.contains("Annika Reviewer, 2025-12-07: Why is this automated"), "{text}");
        assert!(text.contains("Priya Lead, 2025-12-07: Legal asked"), "{text}");
        assert!(!text.contains("Settled long ago"), "a resolved thread is not in the pack");
    }

    #[test]
    fn every_sample_pack_has_a_cover_each_journey_and_the_review_with_every_title_and_finding_as_text() {
        let dir = tempfile::tempdir().expect("tempdir");
        for (k, project) in projects().iter().enumerate() {
            let (path, pack) = written(project, Paper::A4, dir.path(), &format!("pack{k}.pdf"));
            assert!(pack.bytes.starts_with(b"%PDF-"));
            let labels = pdf::page_labels(project, Paper::A4);
            assert_eq!(labels.len(), pack.pages);
            assert_eq!(labels[0], "cover");
            for j in &project.journeys {
                assert!(labels.contains(&format!("diagram: {}", j.name)), "{labels:?}");
                assert!(labels.contains(&format!("findings: {}", j.name)), "{labels:?}");
            }
            // Every sample has two journeys, so §13's default pair gives a review page, last.
            assert!(labels.last().is_some_and(|l| l.starts_with("review: ")), "{labels:?}");
            let Some(info) = poppler("pdfinfo", &[&path.display().to_string()]) else { return };
            assert_eq!(info_pages(&info), pack.pages, "{info}");
            assert!(
                info.lines().any(|l| l.starts_with("Page size:") && l.ends_with("842 x 595 pts (A4)")),
                "{info}"
            );
            let text = words(&path).expect("pdftotext");
            assert!(text.contains(&squeeze(&project.name)));
            assert!(text.contains("6 December 2026"));
            assert!(text.contains(&format!("Page {} of {}", pack.pages, pack.pages)));
            for journey in &project.journeys {
                let analysis = score::analyse(journey);
                for tp in &journey.touchpoints {
                    assert!(
                        text.contains(&squeeze(&tp.title)),
                        "{}: “{}” is not in the text",
                        project.name,
                        tp.title
                    );
                }
                for f in &analysis.findings {
                    assert!(
                        text.contains(&squeeze(&f.message)),
                        "{}: finding “{}” is not in the text",
                        project.name,
                        f.message
                    );
                }
                // The numbers are the workbench's.
                assert!(text.contains(&format!(
                    "Mutuality {:.0} · continuity {:.0} · {}",
                    analysis.mutuality.score,
                    analysis.continuity.score,
                    analysis.verdict.classification.label()
                )));
                for (rank, s) in
                    rapport::suggest::suggestions(journey).iter().take(pdf::SUGGESTIONS).enumerate()
                {
                    let title = journey.touchpoint(s.touchpoint).map_or("", |t| t.title.as_str());
                    let line =
                        squeeze(&format!("{}. #{} “{}” — {}", rank + 1, s.touchpoint, title, s.kind.label()));
                    assert!(text.contains(&line), "{}: suggestion “{line}” is not in the text", project.name);
                }
            }
            let fonts = poppler("pdffonts", &[&path.display().to_string()]).expect("pdffonts");
            let rows: Vec<&str> = fonts.lines().skip(2).collect();
            assert!(!rows.is_empty(), "{fonts}");
            for row in rows {
                // name type encoding emb sub uni object…: embedded, as a subset, with ToUnicode.
                let cols: Vec<&str> = row.split_whitespace().collect();
                let n = cols.len();
                assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{row}");
                assert!(
                    cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+',
                    "a subset's name has a tag: {row}"
                );
            }
        }
    }

    #[test]
    fn letter_paper_gives_landscape_letter_pages() {
        let dir = tempfile::tempdir().expect("tempdir");
        let project = &projects()[0];
        let (path, pack) = written(project, Paper::Letter, dir.path(), "letter.pdf");
        let Some(info) = poppler("pdfinfo", &["-l", "99", &path.display().to_string()]) else { return };
        assert_eq!(info_pages(&info), pack.pages, "{info}");
        let sizes: Vec<&str> =
            info.lines().filter(|l| l.starts_with("Page ") && l.contains(" size:")).collect();
        assert_eq!(sizes.len(), pack.pages, "{info}");
        assert!(sizes.iter().all(|l| l.ends_with("792 x 612 pts (letter)")), "{info}");
    }

    #[test]
    fn long_findings_continue_on_further_pages_under_a_repeated_heading() {
        // A journey with many touchpoints gives many findings and a long list of touchpoints.
        let mut journey = Journey::new("Long haul");
        let lane = journey.lanes[0].clone();
        for i in 0..90u32 {
            let phase = [Phase::EarlyDays, Phase::FirstDisagreement, Phase::LongTerm][(i % 3) as usize];
            let day = [0, 100, 200][(i % 3) as usize] + i;
            let mut tp = touchpoint(i + 1, &format!("Step {i} of a long relationship"), phase, day, &lane);
            tp.exchange = rapport::model::Exchange::OrgTakes(2);
            journey.touchpoints.push(tp);
        }
        let project = Project { name: "Long".to_owned(), journeys: vec![journey], ..Project::new("") };
        let labels = pdf::page_labels(&project, Paper::A4);
        let findings = labels.iter().filter(|l| *l == "findings: Long haul").count();
        assert!(findings >= 2, "{labels:?}");
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, _) = written(&project, Paper::A4, dir.path(), "long.pdf");
        let Some(text) = words(&path) else { return };
        assert_eq!(
            text.matches("Long haul: findings and suggestions (continued)").count(),
            findings - 1,
            "{text}"
        );
        assert!(text.contains("Step 89 of a long relationship"));
    }

    #[test]
    fn a_project_of_many_journeys_gets_a_longer_cover_whose_page_numbers_are_right_and_no_review() {
        let sample = brightwatt();
        let journeys: Vec<Journey> =
            (1..=14).map(|k| Journey { name: format!("Journey number {k}"), ..sample.clone() }).collect();
        let project = Project { name: "Many".to_owned(), journeys, ..Project::new("") };
        let labels = pdf::page_labels(&project, Paper::A4);
        let covers = labels.iter().take_while(|l| *l == "cover").count();
        assert!(covers >= 2, "{labels:?}");
        assert!(!labels.iter().any(|l| l.starts_with("review")), "§13: no default pair among 14 journeys");
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, pack) = written(&project, Paper::A4, dir.path(), "many.pdf");
        assert_eq!(pack.pages, labels.len());
        let Some(_) = poppler("pdfinfo", &[&path.display().to_string()]) else { return };
        for (k, journey) in project.journeys.iter().enumerate() {
            let page =
                labels.iter().position(|l| *l == format!("diagram: {}", journey.name)).expect("its page") + 1;
            // The cover's row says where the journey starts; that page shows its name.
            let first = (page).to_string();
            let on_page = poppler(
                "pdftotext",
                &["-f", &first, "-l", &first, "-enc", "UTF-8", &path.display().to_string(), "-"],
            )
            .expect("pdftotext");
            assert!(on_page.contains(&journey.name), "page {page} shows {}", journey.name);
            let cover = words(&path).expect("text");
            assert!(
                cover.contains(&format!("{} touchpoints · page {page}", journey.touchpoints.len())),
                "journey {k}"
            );
        }
    }

    #[test]
    fn accents_emoji_and_right_to_left_titles_come_out_as_text() {
        let mut journey = brightwatt();
        journey.touchpoints[0].title = "Café crème für Jürgen ☕".to_owned();
        journey.touchpoints[1].title = "שלום עולם".to_owned();
        journey.touchpoints[2].title = "Überweisung bestätigt 🎉".to_owned();
        let project =
            Project { name: "Ünïcode ✓".to_owned(), journeys: vec![journey], ..Project::new("") };
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, _) = written(&project, Paper::A4, dir.path(), "unicode.pdf");
        let Some(text) = words(&path) else { return };
        for s in ["Café crème für Jürgen", "Überweisung bestätigt", "Ünïcode"] {
            assert!(text.contains(s), "{s} in {text}");
        }
        for c in ['☕', '🎉'] {
            assert!(text.contains(c), "{c} in the text");
        }
        // Hebrew comes out as its letters (in either order a reader extracts them).
        assert!(text.contains("שלום") || text.contains("םולש"), "{text}");
    }

    #[test]
    fn the_sample_pack_is_under_a_megabyte() {
        let project = store::read_project(samples::DEFAULT.text).expect("sample reads");
        let pack = pdf::pack(&project, Paper::A4, "6 December 2026").expect("written");
        assert!(pack.bytes.len() <= 1_000_000, "{} bytes", pack.bytes.len());
    }

    #[test]
    fn export_writes_the_review_pack_and_refuses_a_paper_it_does_not_know() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("review.pdf");
        let o = rapport(&[
            "export",
            &sample("high-street-bank.ron"),
            "-o",
            &out.display().to_string(),
            "--paper",
            "letter",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let said = String::from_utf8_lossy(&o.stdout);
        assert!(said.contains("review pack") && said.contains("US Letter"), "{said}");
        let bytes = std::fs::read(&out).expect("the pack is there");
        assert!(bytes.starts_with(b"%PDF-"));
        let o = rapport(&[
            "export",
            &sample("brightwatt.ron"),
            "-o",
            &out.display().to_string(),
            "--paper",
            "a5",
        ]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("a4 or letter"), "{}", stderr(&o));
        let svg = dir.path().join("d.svg");
        let o = rapport(&[
            "export",
            &sample("brightwatt.ron"),
            "-o",
            &svg.display().to_string(),
            "--paper",
            "a4",
        ]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains(".pdf"), "{}", stderr(&o));
        assert!(!svg.exists());
        // The pack already there is untouched by the refused command.
        assert_eq!(std::fs::read(&out).expect("still there"), bytes);
    }
}

#[test]
fn comments_pin_the_cards_with_open_threads_only_when_asked_and_the_same_as_the_canvas() {
    use rapport::layout::{DiagramOptions, card};
    let mut j = brightwatt();
    let card_id = j.touchpoints[0].id;
    let comment =
        rapport::model::Comment { by: "Ann".into(), at: rapport::model::Timestamp(0), text: "Hm".into() };
    let thread = |id: u32, resolved: bool| rapport::model::Thread {
        id,
        on: rapport::model::ThreadOn::Touchpoint(card_id),
        about: String::new(),
        resolved,
        comments: vec![comment.clone()],
    };
    j.threads = vec![thread(1, false), thread(2, false), thread(3, true)];
    let options = |comments| ExportOptions {
        scale: 1.0,
        background: Background::White,
        diagram: DiagramOptions { comments, ..DiagramOptions::default() },
    };
    let analysis = rapport::score::analyse(&j);
    let d = rapport::layout::diagram::diagram("P", &j, &analysis, options(true).diagram);
    let (_, handed) = rapport::export::svg_handed(&j, &analysis, &d);
    let at = d.grid.cards.iter().find(|c| j.touchpoints[c.index].id == card_id).expect("the card").rect;
    let pin = card::pin_marks(&at, 2);
    for mark in &pin {
        assert!(handed.contains(mark), "the SVG was handed the pin's {mark:?}");
    }
    let without = rapport::layout::diagram::diagram("P", &j, &analysis, options(false).diagram);
    let (_, plain) = rapport::export::svg_handed(&j, &analysis, &without);
    assert!(!plain.iter().any(|m| pin.contains(m)), "no pins unless asked");
    assert_ne!(export::svg("P", &j, &options(true)), export::svg("P", &j, &options(false)));
}
